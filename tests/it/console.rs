//! The staff console in the browser, driven over real HTTP: the login link received in
//! the staff member's Telegram chat, the session cookie, the desk of the member's
//! stages, a request page with its signed DDC, actions through the same workflow as
//! the chat (the applicant hears of them in their chat), and every refusal: a spent,
//! expired or replayed link, a form without its CSRF token, another role's request,
//! an idle or removed member's session.

use contigo_bot::domain::stage::{Role, Stage};
use contigo_bot::message::{Channel, ChatKey};
use contigo_bot::store::{personal_data, staff};
use reqwest::StatusCode;

use crate::backends;
use crate::support::browser::{Browser, hidden, token_of};
use crate::support::review::stage_of;
use crate::support::telegram::{FakeTelegram, TgUser};
use crate::support::{
    Backend, Running, TestDb, add_staff, local_request_data, monday_morning, settings, signed_pdf,
    submitted_request,
};

pub(crate) const PUBLIC_URL: &str = "https://consola.example.org";

pub(crate) async fn setup(backend: Backend, public_url: &str) -> (TestDb, FakeTelegram, Running) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let mut s = settings(&db, Some(&tg.api_url()));
    s.http.public_url = public_url.to_owned();
    let bot = Running::start(s, monday_morning()).await;
    (db, tg, bot)
}

pub(crate) async fn staff_member(bot: &Running, tg: &FakeTelegram, user: &TgUser, role: Role) {
    add_staff(&bot.app, &user.first_name, &[role], user.id).await;
    tg.send_text(user, "/start");
    tg.wait_for(user.chat_id(), "¿Qué desea revisar?").await;
}

/// A request whose applicant uploaded the signed DDC: at UAC review.
pub(crate) async fn uploaded(
    bot: &Running,
    tg: &FakeTelegram,
    applicant: &TgUser,
    ubigeo: &str,
) -> i64 {
    tg.send_text(applicant, "/start");
    tg.wait_for(applicant.chat_id(), "¿Qué desea hacer?").await;
    let row = submitted_request(
        &bot.app,
        &local_request_data(ubigeo, "912345678"),
        "telegram",
        &applicant.id.to_string(),
    )
    .await;
    tg.send_document(applicant, "ddc.pdf", "application/pdf", signed_pdf());
    tg.wait_for(applicant.chat_id(), "Recibí la DDC firmada")
        .await;
    row.id
}

/// Writes /consola in the chat and returns the token of the link it gets.
pub(crate) async fn login_link(tg: &FakeTelegram, user: &TgUser) -> String {
    tg.send_text(user, "/consola");
    let answer = tg.wait_for(user.chat_id(), "/console/login#token=").await;
    assert!(
        answer
            .text()
            .contains(&format!("{PUBLIC_URL}/console/login#token=")),
        "{}",
        answer.text()
    );
    token_of(answer.text())
}

/// Opens the link, presses «Entrar»: a browser with a session.
pub(crate) async fn logged_in(bot: &Running, token: &str) -> Browser {
    let mut browser = Browser::new(&bot.http);
    // What the browser asks the server for: the address without its `#token=…`.
    let page = browser.get("/console/login").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Entrar"), "{}", page.body);
    let page = browser.post("/console/login", &[("token", token)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location.as_deref(), Some("/console/"));
    assert!(browser.cookie.is_some(), "a session cookie");
    browser
}

async fn reviewer_logs_in_from_the_chat_and_observes_a_request_at_the_desk(backend: Backend) {
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let uac = TgUser::new(9101, "Ana");
    let uaj = TgUser::new(9102, "Beto");
    staff_member(&bot, &tg, &uac, Role::Uac).await;
    staff_member(&bot, &tg, &uaj, Role::Uaj).await;
    let first = uploaded(&bot, &tg, &TgUser::new(8101, "Luis"), "090101").await;
    let second = uploaded(&bot, &tg, &TgUser::new(8102, "Marta"), "150101").await;
    let code = |id: i64| format!("CTG-2026-{id:06}");

    // The link opens one session; the same link again opens nothing.
    let token = login_link(&tg, &uac).await;
    let mut ana = logged_in(&bot, &token).await;
    let set = ana.last_set_cookie.clone().expect("set-cookie");
    for attribute in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/console"] {
        assert!(set.contains(attribute), "{attribute} in {set}");
    }
    let mut thief = Browser::new(&bot.http);
    let again = thief.post("/console/login", &[("token", &token)]).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(
        again.body.contains("Este enlace ya no sirve"),
        "{}",
        again.body
    );
    assert!(thief.cookie.is_none());

    // UAC works the desk and the CTVC cases: her home lists both.
    let home = ana.get("/console/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.contains("Sus roles trabajan en estas secciones"),
        "{}",
        home.body
    );
    assert!(
        home.body.contains("href=\"/console/desk\""),
        "{}",
        home.body
    );
    assert!(
        home.body.contains("href=\"/console/ctvc\""),
        "{}",
        home.body
    );

    // UAC's desk: both requests at UAC review, oldest deadline first.
    let desk = ana.get("/console/desk").await;
    assert_eq!(desk.status, StatusCode::OK);
    assert!(desk.body.contains("Bandeja de revisión"), "{}", desk.body);
    assert!(desk.body.contains(&code(first)) && desk.body.contains(&code(second)));
    assert!(desk.body.contains("2 solicitudes"), "{}", desk.body);
    let filtered = ana
        .get(&format!("/console/desk?code={}", code(second)))
        .await;
    assert!(filtered.body.contains("1 solicitud") && !filtered.body.contains(&code(first)));
    let by_region = ana.get("/console/desk?region=15").await;
    assert!(by_region.body.contains(&code(second)) && !by_region.body.contains(&code(first)));
    let bad_code = ana.get("/console/desk?code=abc").await;
    assert!(bad_code.body.contains("no es un código de solicitud"));

    // Conforme on the second: it moves to legal review, as from the chat.
    let page = ana.get(&format!("/console/requests/{second}")).await;
    let csrf = hidden(&page.body, "csrf");
    let done = ana
        .post(
            &format!("/console/requests/{second}/act"),
            &[
                ("csrf", &csrf),
                ("stage", "uac_review"),
                ("action", "conforme"),
            ],
        )
        .await;
    // Post/Redirect/Get: the desk, with the result.
    assert_eq!(done.location.as_deref(), Some("/console/desk"));
    let done = ana.follow(&done).await;
    assert!(done.body.contains("Listo:"), "{}", done.body);
    // Shown once: a reload of the desk repeats neither the action nor the message.
    let reloaded = ana.get("/console/desk").await;
    assert!(!reloaded.body.contains("Listo:"), "{}", reloaded.body);
    assert_eq!(stage_of(&bot.app, second).await, Stage::LegalReview);
    tg.wait_for(8102, "pasó la revisión de requisitos").await;

    // The request page: every field, the JNE check, the signed DDC inline.
    let page = ana.get(&format!("/console/requests/{first}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for wanted in [
        "45678912",
        "Pérez Soto",
        "JNE",
        "DDC firmada de",
        "Historial",
    ] {
        assert!(page.body.contains(wanted), "{wanted} in {}", page.body);
    }
    let ddc = ana
        .get(&format!("/console/requests/{first}/files/ddc"))
        .await;
    assert_eq!(ddc.status, StatusCode::OK);
    assert_eq!(ddc.content_type, "application/pdf");

    // A form without the CSRF token changes nothing.
    let forged = ana
        .post(
            &format!("/console/requests/{first}/act"),
            &[
                ("stage", "uac_review"),
                ("action", "observe"),
                ("reason", "unsigned"),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(stage_of(&bot.app, first).await, Stage::UacReview);

    // Observe with a listed reason: the applicant reads it in their chat. (The
    // request is open in a second tab too.)
    let csrf = hidden(&page.body, "csrf");
    let once = hidden(&page.body, "once");
    let second_tab = ana.get(&format!("/console/requests/{first}")).await;
    let second_once = hidden(&second_tab.body, "once");
    let observed = ana
        .post(
            &format!("/console/requests/{first}/act"),
            &[
                ("csrf", &csrf),
                ("once", &once),
                ("stage", "uac_review"),
                ("action", "observe"),
                ("reason", "unsigned"),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(observed.status, StatusCode::SEE_OTHER, "{}", observed.body);
    assert_eq!(stage_of(&bot.app, first).await, Stage::Observed);
    let told = tg.wait_for(8101, "fue observada").await;
    assert!(
        told.text().contains("La DDC no tiene firma o sello"),
        "{}",
        told.text()
    );
    // The same form sent again (reload, back, a double click): its token is spent,
    // nothing changes and the page says so.
    let again = ana
        .post(
            &format!("/console/requests/{first}/act"),
            &[
                ("csrf", &csrf),
                ("once", &once),
                ("stage", "uac_review"),
                ("action", "conforme"),
            ],
        )
        .await;
    assert_eq!(
        again.location.as_deref(),
        Some(format!("/console/requests/{first}").as_str())
    );
    let again = ana.follow(&again).await;
    assert!(again.body.contains("ya se había enviado"), "{}", again.body);
    assert_eq!(stage_of(&bot.app, first).await, Stage::Observed);
    // The second tab's form, of the request's old stage: someone already moved it.
    let late = ana
        .post(
            &format!("/console/requests/{first}/act"),
            &[
                ("csrf", &csrf),
                ("once", &second_once),
                ("stage", "uac_review"),
                ("action", "conforme"),
            ],
        )
        .await;
    assert_eq!(late.location.as_deref(), Some("/console/desk"));
    let late = ana.follow(&late).await;
    assert!(late.body.contains("Otra persona ya movió"), "{}", late.body);

    // Every read is in the Ley 29733 record, named to the member.
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let reads = personal_data::for_request(&mut conn, first)
        .await
        .expect("record");
    let ana_id = staff::by_chat(&mut conn, ChatKey::new(Channel::Telegram, "9101"))
        .await
        .expect("staff")
        .expect("ana")
        .id;
    for what in ["request", "signed_ddc"] {
        assert!(
            reads
                .iter()
                .any(|r| r.channel == "console" && r.what == what && r.staff_id == Some(ana_id)),
            "{what}: {reads:?}"
        );
    }
    drop(conn);

    // UAJ sees only legal review, and is refused UAC's request and its DDC.
    let token = login_link(&tg, &uaj).await;
    let mut beto = logged_in(&bot, &token).await;
    // UAJ also holds the legal cases (issue 25): its home lists both; the desk is one.
    let home = beto.get("/console/").await;
    assert!(home.body.contains("/console/desk"), "{}", home.body);
    assert!(home.body.contains("/console/tickets"), "{}", home.body);
    let desk = beto.get("/console/desk").await;
    assert!(desk.body.contains(&code(second)), "{}", desk.body);
    assert!(!desk.body.contains(&code(first)), "{}", desk.body);
    let third = uploaded(&bot, &tg, &TgUser::new(8103, "Nora"), "080101").await;
    let refused = beto.get(&format!("/console/requests/{third}")).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.body.contains("45678912"), "{}", refused.body);
    let refused = beto
        .get(&format!("/console/requests/{third}/files/ddc"))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // A logout without the page's one-time token is refused: the session lives on.
    let page = beto.get("/console/").await;
    let csrf = hidden(&page.body, "csrf");
    let forged = beto
        .post("/console/logout", &[("csrf", &csrf), ("once", "")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);
    assert_eq!(beto.get("/console/").await.status, StatusCode::OK);
    // Logging out with the page's form ends the session, answered with a redirect
    // (Post/Redirect/Get) to the page that says so.
    let out = beto.post("/console/logout", &[("csrf", &csrf)]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER, "{}", out.body);
    let out = beto.follow(&out).await;
    assert!(out.body.contains("Cerró su sesión"), "{}", out.body);
    let mut replay = Browser::new(&bot.http);
    replay.cookie = ana.cookie.clone();
    assert_eq!(replay.get("/console/").await.status, StatusCode::OK);
    assert_eq!(beto.get("/console/").await.status, StatusCode::UNAUTHORIZED);
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

async fn links_and_sessions_expire_and_end_with_the_member(backend: Backend) {
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let uac = TgUser::new(9201, "Ana");
    staff_member(&bot, &tg, &uac, Role::Uac).await;

    // A link unused for more than 10 minutes is refused.
    let token = login_link(&tg, &uac).await;
    bot.app.clock.advance(chrono::Duration::minutes(11));
    let mut browser = Browser::new(&bot.http);
    let page = browser.post("/console/login", &[("token", &token)]).await;
    assert_eq!(page.status, StatusCode::GONE);
    assert!(browser.cookie.is_none());

    // A session unused for longer than the idle time ends.
    let token = login_link(&tg, &uac).await;
    let mut browser = logged_in(&bot, &token).await;
    bot.app.clock.advance(chrono::Duration::minutes(29));
    assert_eq!(browser.get("/console/").await.status, StatusCode::OK);
    bot.app.clock.advance(chrono::Duration::minutes(31));
    let page = browser.get("/console/").await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(page.body.contains("Su sesión terminó"), "{}", page.body);

    // A page's script checking for new messages does not keep the session alive.
    let token = login_link(&tg, &uac).await;
    let mut browser = logged_in(&bot, &token).await;
    bot.app.clock.advance(chrono::Duration::minutes(20));
    let poll = browser.get("/console/tickets/1/messages?after=0").await;
    assert_eq!(poll.status, StatusCode::NOT_FOUND, "{}", poll.body);
    bot.app.clock.advance(chrono::Duration::minutes(11));
    let poll = browser.get("/console/tickets/1/messages?after=0").await;
    assert_eq!(poll.status, StatusCode::UNAUTHORIZED);

    // A member removed from the registry loses their session at once.
    let token = login_link(&tg, &uac).await;
    let mut browser = logged_in(&bot, &token).await;
    assert_eq!(browser.get("/console/").await.status, StatusCode::OK);
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let id = staff::by_chat(&mut conn, ChatKey::new(Channel::Telegram, "9201"))
        .await
        .expect("staff")
        .expect("member")
        .id;
    assert!(staff::remove(&mut conn, id).await.expect("remove"));
    drop(conn);
    let cookie = browser.cookie.clone();
    let page = browser.get("/console/").await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    let mut replay = Browser::new(&bot.http);
    replay.cookie = cookie;
    assert_eq!(
        replay.get("/console/").await.status,
        StatusCode::UNAUTHORIZED
    );
    bot.stop().await;
}

/// An unknown console address and a GET of a form's address are styled pages with
/// a way back, in the member's language; outside the console a bare 404.
async fn unknown_and_form_only_addresses_are_styled_pages(backend: Backend) {
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let uac = TgUser::new(9701, "Ana");
    staff_member(&bot, &tg, &uac, Role::Uac).await;
    let mut ana = logged_in(&bot, &login_link(&tg, &uac).await).await;
    let missing = ana.get("/console/nada/aqui").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.content_type.starts_with("text/html"),
        "{}",
        missing.content_type
    );
    for wanted in [
        "Esa dirección no existe en la consola",
        "/console/static/console.css",
        "href=\"/console/\"",
        "Cerrar sesión",
    ] {
        assert!(
            missing.body.contains(wanted),
            "{wanted} in {}",
            missing.body
        );
    }
    let form_only = ana.get("/console/requests/1/act").await;
    assert_eq!(form_only.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(
        form_only.body.contains("solo recibe formularios"),
        "{}",
        form_only.body
    );
    let verb = ana.get("/console/tickets/1/close").await;
    assert_eq!(verb.status, StatusCode::METHOD_NOT_ALLOWED);
    let bad_verb = ana.post("/console/tickets/1/borrar", &[]).await;
    assert_eq!(bad_verb.status, StatusCode::NOT_FOUND);
    assert!(
        bad_verb.body.contains("Esa dirección no existe"),
        "{}",
        bad_verb.body
    );
    // A member who reads English reads the same pages in English.
    sqlx::query("UPDATE staff SET locale = 'en' WHERE name = $1")
        .bind("Ana")
        .execute(&bot.app.store.pool)
        .await
        .expect("locale");
    let missing = ana.get("/console/nada").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.body.contains("That address does not exist"),
        "{}",
        missing.body
    );
    assert!(
        missing.body.contains("<html lang=\"en\">"),
        "{}",
        missing.body
    );
    let form_only = ana.get("/console/requests/1/act").await;
    assert!(
        form_only.body.contains("only takes forms"),
        "{}",
        form_only.body
    );
    // Outside the console: no page for people.
    let mut outside = Browser::new(&bot.http);
    let bare = outside.get("/nada").await;
    assert_eq!(bare.status, StatusCode::NOT_FOUND);
    assert!(bare.body.is_empty(), "{}", bare.body);
    bot.stop().await;
}

async fn without_a_public_address_the_chat_says_the_console_is_not_set_up(backend: Backend) {
    let (_db, tg, bot) = setup(backend, "").await;
    let uac = TgUser::new(9301, "Ana");
    staff_member(&bot, &tg, &uac, Role::Uac).await;
    tg.send_text(&uac, "/consola");
    let answer = tg
        .wait_for(uac.chat_id(), "La consola web aún no está configurada")
        .await;
    assert!(!answer.text().contains("token="), "{}", answer.text());
    let mut browser = Browser::new(&bot.http);
    assert_eq!(
        browser.get("/console/").await.status,
        StatusCode::UNAUTHORIZED
    );
    bot.stop().await;
}

async fn supervisor_sees_counts_overdue_and_time_in_stage(backend: Backend) {
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let uac = TgUser::new(9401, "Ana");
    let boss = TgUser::new(9402, "Sara");
    staff_member(&bot, &tg, &uac, Role::Uac).await;
    add_staff(&bot.app, "Sara", &[Role::Supervisor], boss.id).await;
    tg.send_text(&boss, "/start");
    tg.wait_for(boss.chat_id(), "Sara").await;
    let id = uploaded(&bot, &tg, &TgUser::new(8401, "Luis"), "090101").await;

    let mut ana = logged_in(&bot, &login_link(&tg, &uac).await).await;
    let page = ana.get(&format!("/console/requests/{id}")).await;
    let csrf = hidden(&page.body, "csrf");
    let done = ana
        .post(
            &format!("/console/requests/{id}/act"),
            &[
                ("csrf", &csrf),
                ("stage", "uac_review"),
                ("action", "conforme"),
            ],
        )
        .await;
    let done = ana.follow(&done).await;
    // UAC is not a supervisor: no link, and the page refuses.
    assert!(!done.body.contains("/console/supervisor"));
    assert_eq!(
        ana.get("/console/supervisor").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        ana.get("/console/supervisor/stages.csv").await.status,
        StatusCode::FORBIDDEN
    );

    // Legal review's 2 business days pass (Mon 23 → Thu 26 Nov): it is overdue.
    bot.app.clock.advance(chrono::Duration::days(3));
    let mut sara = logged_in(&bot, &login_link(&tg, &boss).await).await;
    let desk = sara.get("/console/").await;
    assert!(desk.body.contains("/console/supervisor"), "{}", desk.body);
    let view = sara.get("/console/supervisor").await;
    assert_eq!(view.status, StatusCode::OK, "{}", view.body);
    let legal = view
        .body
        .split("<tr")
        .find(|row| row.contains("evaluación legal"))
        .expect("a legal review row");
    assert!(
        legal.contains("\">1</td>") && legal.contains("<strong class=\"late\">1</strong>"),
        "{legal}"
    );
    let uac_row = view
        .body
        .split("<tr")
        .find(|row| row.contains("revisión de requisitos"))
        .expect("a UAC row");
    // One stay measured in UAC review: 0 business days, against a term of 1.
    assert!(
        uac_row.contains("0 días hábiles") && uac_row.contains("1 día hábil"),
        "{uac_row}"
    );
    // The chart: a bar per stage under its figures, written as text.
    let chart = view
        .body
        .split("<ul class=\"chart\">")
        .nth(1)
        .expect("the chart")
        .split("</ul>")
        .next()
        .unwrap_or_default();
    assert!(
        chart.contains("Mediana: 0 días hábiles")
            && chart.contains("Plazo: 1 día hábil")
            && chart.contains("<svg class=\"chart-bar\""),
        "{chart}"
    );
    assert!(
        view.body.contains("Consultas recibidas en 2026-11")
            && view.body.contains("Uso de los aliados en 2026-11"),
        "{}",
        view.body
    );

    // The stage figures as a workbook, read back as a spreadsheet program would.
    let stages = sara.get("/console/supervisor/stages.xlsx").await;
    assert_eq!(stages.status, StatusCode::OK);
    assert!(
        stages.content_type.contains("spreadsheetml"),
        "{}",
        stages.content_type
    );
    let sheets = crate::support::xlsx::read_xlsx(&stages.bytes);
    let sheet = &sheets[0];
    let legal_row = sheet
        .texts()
        .into_iter()
        .find(|r| r[0].contains("evaluación legal"))
        .expect("legal review in the workbook");
    assert_eq!(
        legal_row[1..3],
        ["1".to_owned(), "1".to_owned()],
        "{legal_row:?}"
    );
    let csv = sara.get("/console/supervisor/stages.csv").await;
    assert_eq!(csv.content_type, "text/csv");
    assert!(
        csv.disposition
            .as_deref()
            .is_some_and(|d| d.contains("filename=\"etapas-2026-") && d.contains(".csv")),
        "named in the session's language: {:?}",
        csv.disposition
    );
    assert!(
        csv.body.contains("Etapa,En espera,Vencidas"),
        "{}",
        csv.body
    );
    let usage = sara
        .get("/console/supervisor/usage.xlsx?month=2026-11")
        .await;
    assert_eq!(usage.status, StatusCode::OK);
    assert!(!crate::support::xlsx::read_xlsx(&usage.bytes).is_empty());
    // A month to come, or nonsense, shows this month and says how to write one.
    let future = sara.get("/console/supervisor?month=2031-01").await;
    assert!(
        future.body.contains("Escríbalo así: 2026-11"),
        "{}",
        future.body
    );
    // A download of a month that is not one sends no file, and says why.
    let nonsense = sara
        .get("/console/supervisor/tickets.xlsx?month=2026-13")
        .await;
    assert_eq!(nonsense.status, StatusCode::BAD_REQUEST);
    assert!(
        nonsense.body.contains("no se descargó nada"),
        "{}",
        nonsense.body
    );
    assert!(!nonsense.bytes.starts_with(b"PK"), "no workbook");
    assert_eq!(
        sara.get("/console/supervisor/padron.xlsx").await.status,
        StatusCode::NOT_FOUND
    );
    bot.stop().await;
}

async fn pages_before_login_speak_the_visitors_language(backend: Backend) {
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let uac = TgUser::new(9301, "Ana");
    staff_member(&bot, &tg, &uac, Role::Uac).await;
    let token = login_link(&tg, &uac).await;
    let client = reqwest::Client::new();
    let get = |path: String, accept: &'static str| {
        let client = client.clone();
        let url = format!("{}{path}", bot.http);
        async move {
            let answer = client
                .get(url)
                .header(reqwest::header::ACCEPT_LANGUAGE, accept)
                .send()
                .await
                .expect("answer");
            (answer.status(), answer.text().await.expect("body"))
        }
    };

    // The browser's languages, in their order of preference: English here.
    let (status, body) = get(
        format!("/console/login?token={token}"),
        "fr-FR,en-US;q=0.8,es;q=0.5",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<html lang=\"en\">"), "{body}");
    assert!(body.contains("Log in to the console"), "{body}");
    // The switch offers Spanish, named in Spanish, and keeps the token.
    assert!(
        body.contains("name=\"lang\" value=\"es\" lang=\"es\"") && body.contains("Español"),
        "{body}"
    );
    // A token put in the query (as one read from a log would be) is not taken
    // into the page: only the link's `#token=` is, by the page's script.
    assert!(!body.contains(&token), "{body}");
    // Choosing Spanish wins over the browser.
    let (_, body) = get(format!("/console/login?token={token}&lang=es"), "en").await;
    assert!(body.contains("Entrar a la consola"), "{body}");
    // Not logged in, in English; a spent link too, in the language chosen on the form.
    let (status, body) = get("/console/tickets".into(), "en-GB").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body.contains("Your session ended"), "{body}");
    let spent = client
        .post(format!("{}/console/login", bot.http))
        .form(&[("token", "0123abcd"), ("lang", "en")])
        .send()
        .await
        .expect("answer");
    assert_eq!(spent.status(), StatusCode::GONE);
    assert!(
        spent
            .text()
            .await
            .expect("body")
            .contains("This link no longer works")
    );
    // No language we speak: Spanish, the default.
    let (_, body) = get(format!("/console/login?token={token}"), "de, fr;q=0.9").await;
    assert!(body.contains("Entrar a la consola"), "{body}");
    bot.stop().await;
}

/// Only a member's newest link works, and a member gets at most five an hour: 15
/// `/consola` no longer make 15 valid links.
async fn only_the_newest_console_link_works_and_links_are_limited(backend: Backend) {
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let uac = TgUser::new(9301, "Ana");
    staff_member(&bot, &tg, &uac, Role::Uac).await;
    let first = login_link(&tg, &uac).await;
    let newest = login_link(&tg, &uac).await;
    assert_ne!(first, newest);
    let mut browser = Browser::new(&bot.http);
    let page = browser.post("/console/login", &[("token", &first)]).await;
    assert_eq!(page.status, StatusCode::GONE, "the earlier link ended");
    logged_in(&bot, &newest).await;
    for _ in 0..3 {
        login_link(&tg, &uac).await;
    }
    tg.send_text(&uac, "/consola");
    let refused = tg.wait_for(uac.chat_id(), "Ya pidió 5 enlaces").await;
    assert!(!refused.text().contains("token="), "{}", refused.text());
    bot.stop().await;
}

/// An address the console cannot read (a request id that is not a number) answers
/// a page in the member's browser's language, never the parser's message.
async fn a_bad_address_answers_in_the_visitors_language(backend: Backend) {
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let uac = TgUser::new(9302, "Ana");
    staff_member(&bot, &tg, &uac, Role::Uac).await;
    let token = login_link(&tg, &uac).await;
    let mut ana = logged_in(&bot, &token).await;
    let page = ana.get("/console/requests/abc").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        page.body.contains("No pudimos leer ese pedido"),
        "{}",
        page.body
    );
    for internal in ["i64", "Cannot parse", "Invalid URL"] {
        assert!(!page.body.contains(internal), "{internal}: {}", page.body);
    }
    let english = reqwest::Client::new()
        .get(format!("{}/console/requests/abc", bot.http))
        .header(reqwest::header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
        .header(
            reqwest::header::COOKIE,
            ana.cookie.clone().expect("a session"),
        )
        .send()
        .await
        .expect("answer");
    assert_eq!(english.status(), StatusCode::BAD_REQUEST);
    let body = english.text().await.expect("body");
    assert!(body.contains("We could not read that request"), "{body}");
    bot.stop().await;
}

/// UTI lists the accounts created in the console as in the chat's /cuentas, and
/// downloads the list; each listing is recorded; a specialist is refused.
async fn uti_lists_the_accounts_created_in_the_console(backend: Backend) {
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let uti = TgUser::new(9303, "Uriel");
    let eva = TgUser::new(9304, "Eva");
    staff_member(&bot, &tg, &uti, Role::Uti).await;
    add_staff(&bot.app, "Eva", &[Role::Especialista], eva.id).await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        "8301",
    )
    .await;
    crate::support::review::activate(&bot.app, row.id).await;

    let token = login_link(&tg, &uti).await;
    let mut uriel = logged_in(&bot, &token).await;
    let desk = uriel.get("/console/").await;
    assert!(
        desk.body.contains("href=\"/console/accounts\""),
        "{}",
        desk.body
    );
    let page = uriel.get("/console/accounts").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(&row.code), "{}", page.body);
    assert!(page.body.contains("Gobierno Local"), "{}", page.body);
    assert!(page.body.contains("Cuentas creadas entre"), "{}", page.body);
    let file = uriel.get("/console/accounts/lista.xlsx?period=month").await;
    assert_eq!(file.status, StatusCode::OK);
    let sheets = crate::support::xlsx::read_xlsx(&file.bytes);
    assert_eq!(sheets[0].text(0, "Código de acceso"), row.code);
    let csv = uriel.get("/console/accounts/lista.csv?period=week").await;
    assert!(csv.body.contains(&row.code), "{}", csv.body);
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let reads: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM personal_data_access
         WHERE request_id = $1 AND what = 'accounts_created' AND channel = 'console'",
    )
    .bind(row.id)
    .fetch_one(&mut *conn)
    .await
    .expect("count");
    assert_eq!(reads, 3, "the page and the two downloads");
    drop(conn);

    tg.send_text(&eva, "/consola");
    let answer = tg.wait_for(eva.chat_id(), "/console/login#token=").await;
    let mut eva_browser = logged_in(&bot, &token_of(answer.text())).await;
    let refused = eva_browser.get("/console/accounts").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.body.contains(&row.code));
    bot.stop().await;
}

/// Readers do not wait for the writer (issue 29): while a write transaction is held
/// open (on SQLite the one writer connection, its write lock taken), a signed-in
/// member's pages (the session's check, the home, the desk with its requests) still
/// answer, read beside it.
async fn console_pages_answer_while_a_write_is_held_open(backend: Backend) {
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let uac = TgUser::new(9301, "Ana");
    staff_member(&bot, &tg, &uac, Role::Uac).await;
    let id = uploaded(&bot, &tg, &TgUser::new(8301, "Luis"), "090101").await;
    let token = login_link(&tg, &uac).await;
    let mut ana = logged_in(&bot, &token).await;
    // The first page takes what the login left for it (a write); then only reads.
    assert_eq!(ana.get("/console/").await.status, StatusCode::OK);

    let mut held = bot.app.store.begin().await.expect("a write transaction");
    sqlx::query("UPDATE console_sessions SET last_seen_at = last_seen_at")
        .execute(&mut *held)
        .await
        .expect("a write inside it");
    let wait = std::time::Duration::from_secs(5);
    let home = tokio::time::timeout(wait, ana.get("/console/"))
        .await
        .expect("the home answered while the write was held");
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    let desk = tokio::time::timeout(wait, ana.get("/console/desk"))
        .await
        .expect("the desk answered while the write was held");
    assert_eq!(desk.status, StatusCode::OK, "{}", desk.body);
    let code = format!("CTG-2026-{id:06}");
    assert!(desk.body.contains(&code), "{code} in {}", desk.body);
    held.rollback().await.expect("rollback");
    bot.stop().await;
}

/// The greeting with the member's name and roles opens the desk once; after the
/// console's link (and after an action) only the question and its buttons come back.
async fn the_desk_greets_once_and_after_the_link_only_asks(backend: Backend) {
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let uac = TgUser::new(9171, "Ana");
    add_staff(&bot.app, &uac.first_name, &[Role::Uac], uac.id).await;
    tg.send_text(&uac, "/start");
    let greeting = tg.wait_for(uac.chat_id(), "¿Qué desea revisar?").await;
    assert!(
        greeting.text().starts_with("Hola, Ana. Sus roles:"),
        "{}",
        greeting.text()
    );
    tg.send_text(&uac, "/consola");
    let asked = tg.wait_for(uac.chat_id(), "/console/login#token=").await;
    // The link, then the question alone, in one message with the desk's buttons.
    assert!(
        asked.text().ends_with("otra vez.\n\n¿Qué desea revisar?")
            && !asked.text().contains("Hola"),
        "{}",
        asked.text()
    );
    assert_eq!(
        asked.labels(),
        greeting.labels(),
        "the desk's buttons are offered again"
    );
    bot.stop().await;
}

backends!(
    the_desk_greets_once_and_after_the_link_only_asks,
    uti_lists_the_accounts_created_in_the_console,
    a_bad_address_answers_in_the_visitors_language,
    only_the_newest_console_link_works_and_links_are_limited,
    pages_before_login_speak_the_visitors_language,
    supervisor_sees_counts_overdue_and_time_in_stage,
    reviewer_logs_in_from_the_chat_and_observes_a_request_at_the_desk,
    links_and_sessions_expire_and_end_with_the_member,
    without_a_public_address_the_chat_says_the_console_is_not_set_up,
    unknown_and_form_only_addresses_are_styled_pages,
    console_pages_answer_while_a_write_is_held_open,
);
