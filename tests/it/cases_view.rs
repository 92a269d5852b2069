//! The case in view (issue 25): every notice that names a case carries «Ver caso»,
//! whose tap shows the case as its typed number does, and nothing to a chat that is
//! not the ally's; a case number sent alone inside an open ticket is answered, not
//! relayed; a case taken by a unit other than the especialistas is worded by the
//! unit; and UOT's queue of alerts and FADs in the console, resolved through the
//! chat's service, the ally told as from the chat. All data is invented.

use contigo_bot::app::App;
use contigo_bot::demo::Place;
use contigo_bot::domain::stage::Role;
use contigo_bot::message::{Channel, ChatRef, Choice, Outbound};
use contigo_bot::store::{ally_reports, bindings};
use reqwest::StatusCode;
use sqlx::Row;

use crate::backends;
use crate::cases::{
    bound_in_acoria, chat, code_in, member, one_containing, says, sent_to, taps, ticket,
};
use crate::console::{PUBLIC_URL, logged_in, login_link, setup, staff_member};
use crate::padron::{IN_ACORIA, access};
use crate::support::browser::hidden;
use crate::support::reads::{outbox_after, outbox_mark};
use crate::support::telegram::TgUser;
use crate::support::{Backend, TestDb, monday_morning, settings};

/// The messages written to one chat's outbox after `mark`, with their buttons.
async fn notices(app: &App, mark: i64, to: &ChatRef) -> Vec<(String, Vec<Choice>)> {
    outbox_after(app, mark, to.channel.as_str(), &to.chat_id)
        .await
        .into_iter()
        .map(|o| match o {
            Outbound::Text { text, choices } => (text, choices),
            other => (other.text().to_owned(), vec![]),
        })
        .collect()
}

/// The notice containing `want` carries «Ver caso» for `number`, within what the
/// channels take: its callback within Telegram's 64 bytes, its title within
/// WhatsApp's 20 characters; returns the button's id.
fn see_case_on(notices: &[(String, Vec<Choice>)], want: &str, number: &str) -> String {
    let (text, choices) = notices
        .iter()
        .find(|(t, _)| t.contains(want))
        .unwrap_or_else(|| panic!("{want:?} in {notices:#?}"));
    let see = choices
        .iter()
        .find(|c| c.label == "Ver caso")
        .unwrap_or_else(|| panic!("«Ver caso» on {text:?}: {choices:?}"));
    assert_eq!(see.id, format!("cs:{number}"), "{text}");
    assert!(see.id.len() <= 64, "{}", see.id);
    assert!(see.label.chars().count() <= 20, "{}", see.label);
    see.id.clone()
}

async fn messages_of(app: &App, ticket_id: i64) -> i64 {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    sqlx::query("SELECT COUNT(*) AS n FROM ticket_messages WHERE ticket_id = $1")
        .bind(ticket_id)
        .fetch_one(&mut *conn)
        .await
        .expect("count")
        .get("n")
}

async fn every_notice_naming_a_case_opens_it_for_its_ally_alone(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    let app = &app;
    let (acoria, ally) = bound_in_acoria(app, &db, "987650041").await;
    member(app, "Ana Torres", &[Role::Especialista], "9741").await;
    member(app, "Ulises Quispe", &[Role::Uot], "9742").await;
    let (ana, ulises) = (
        chat(Channel::Telegram, "9741"),
        chat(Channel::Telegram, "9742"),
    );

    // Received: the ticket's first answer carries the button beside «Terminar».
    let asked = says(app, &ally, "/especialista").await;
    assert!(asked.contains("¿Qué tipo de atención"), "{asked}");
    taps(app, &ally, "tk:cat:consulta").await;
    let opened = says(app, &ally, "¿Por qué Rosa no figura como cobradora?").await;
    let code = code_in(&opened);
    assert!(
        opened.contains("[Terminar consulta | Ver caso]"),
        "{opened}"
    );
    let id = ticket(app, &code).await.id;

    // Taken, derived, answered, closed: each notice to the ally carries it.
    let mark = outbox_mark(app).await;
    taps(app, &ana, &format!("tk:take:{id}")).await;
    let tap = see_case_on(&notices(app, mark, &ally).await, "tomó su consulta", &code);
    let mark = outbox_mark(app).await;
    taps(app, &ana, &format!("tk:unit:{id}:uot")).await;
    see_case_on(&notices(app, mark, &ally).await, "derivó su caso", &code);

    // Tapped inside the open ticket: where the case is, and the ticket goes on; the
    // tap is not relayed to anyone.
    let before = messages_of(app, id).await;
    let mark = outbox_mark(app).await;
    let shown = taps(app, &ally, &tap).await;
    assert!(shown.contains(&format!("Su caso {code}")), "{shown}");
    assert!(shown.contains("Derivada a una unidad"), "{shown}");
    assert!(
        shown.contains("Unidad de Operaciones y Transferencias"),
        "{shown}"
    );
    assert!(shown.contains("Fecha prevista"), "{shown}");
    assert!(shown.contains("Eso no se lo pasé"), "{shown}");
    // The number typed alone, however written, is the same question.
    let typed = says(app, &ally, &format!(" {} ", code.to_lowercase())).await;
    assert_eq!(typed, shown);
    assert_eq!(messages_of(app, id).await, before);
    assert!(sent_to(app, mark, &ulises).await.is_empty());
    assert!(sent_to(app, mark, &ana).await.is_empty());
    // A sentence that mentions it is a message of the ticket like any other.
    let added = says(app, &ally, &format!("Sobre {code}: ya envié su DNI.")).await;
    assert!(added.contains("Lo agregué"), "{added}");
    assert_eq!(messages_of(app, id).await, before + 1);

    // Taken by UOT: named by the unit, not as «el especialista».
    let mark = outbox_mark(app).await;
    taps(app, &ulises, &format!("tk:take:{id}")).await;
    let told = notices(app, mark, &ally).await;
    let taken = see_case_on(&told, "tomó su consulta", &code);
    assert_eq!(taken, tap);
    let text = one_containing(&sent_to(app, mark, &ally).await, "tomó su consulta");
    assert!(
        text.contains(
            "Ulises Quispe, de la Unidad de Operaciones y Transferencias (UOT), tomó su consulta"
        ),
        "{text}"
    );
    assert!(!text.contains("especialista"), "{text}");
    // Answered: the first answer carries the button, the next ones do not.
    let mark = outbox_mark(app).await;
    says(app, &ulises, "Rosa figura desde el padrón de diciembre.").await;
    says(app, &ulises, "Cualquier duda, escríbame.").await;
    let told = notices(app, mark, &ally).await;
    see_case_on(&told, "padrón de diciembre", &code);
    assert!(
        told.iter()
            .find(|(t, _)| t.contains("Cualquier duda"))
            .is_some_and(|(_, c)| c.is_empty()),
        "{told:#?}"
    );
    assert!(
        told.iter().all(|(t, _)| !t.contains("(especialista)")),
        "{told:#?}"
    );
    says(app, &ulises, "/cerrar").await;
    let mark = outbox_mark(app).await;
    says(app, &ulises, "Se verificó su autorización de cobro.").await;
    let closed = notices(app, mark, &ally).await;
    see_case_on(&closed, "cerró su consulta", &code);
    let text = one_containing(&sent_to(app, mark, &ally).await, "cerró su consulta");
    assert!(text.starts_with("Ulises Quispe, de la Unidad"), "{text}");

    // The same button from a chat that is not the ally's, or bound to another
    // access, gets what a number nobody has gets.
    let missing = format!("{}999", &code[..11]);
    let stranger = chat(Channel::Telegram, "8741");
    let replayed = taps(app, &stranger, &tap).await;
    let nobody = taps(app, &stranger, &format!("cs:{missing}")).await;
    assert!(replayed.contains("No encontré un caso"), "{replayed}");
    assert_eq!(replayed.replace(&code, "X"), nobody.replace(&missing, "X"));
    let elsewhere = access(app, Place::District("090101"), "987650042").await;
    let other_ally = chat(Channel::Telegram, "8742");
    {
        let mut conn = app.store.pool.acquire().await.expect("conn");
        bindings::bind(&mut conn, other_ally.key(), elsewhere.id, app.clock.unix())
            .await
            .expect("bind");
    }
    let replayed = taps(app, &other_ally, &tap).await;
    let nobody = taps(app, &other_ally, &format!("cs:{missing}")).await;
    assert_eq!(replayed.replace(&code, "X"), nobody.replace(&missing, "X"));
    // Another chat bound to the ally's own access sees it.
    let own = chat(Channel::Telegram, "8743");
    {
        let mut conn = app.store.pool.acquire().await.expect("conn");
        bindings::bind(&mut conn, own.key(), acoria.id, app.clock.unix())
            .await
            .expect("bind");
    }
    let seen = taps(app, &own, &tap).await;
    assert!(seen.contains("Cerrada"), "{seen}");

    // An alert: received and resolved, each with the button.
    taps(app, &ally, "al:alert").await;
    says(app, &ally, IN_ACORIA).await;
    taps(app, &ally, "al:ak:hospitalizacion").await;
    let alert = says(app, &ally, "Internada en el hospital regional desde ayer.").await;
    assert!(alert.contains("ALE-000001"), "{alert}");
    let expected = alert
        .split("\n---\n")
        .find(|m| m.contains("a más tardar"))
        .unwrap_or_else(|| panic!("{alert}"));
    assert!(expected.ends_with("[Ver caso]"), "{expected}");
    let report = {
        let mut conn = app.store.pool.acquire().await.expect("conn");
        ally_reports::list_open(&mut conn).await.expect("open")[0].id
    };
    taps(app, &ulises, "st:reports").await;
    taps(app, &ulises, &format!("ar:{report}")).await;
    taps(app, &ulises, &format!("ar:res:{report}:u")).await;
    let mark = outbox_mark(app).await;
    says(app, &ulises, "Se registró la hospitalización.").await;
    let told = notices(app, mark, &ally).await;
    let tap = see_case_on(&told, "ALE-000001", "ALE-000001");
    let seen = taps(app, &ally, &tap).await;
    assert!(seen.contains("Atendido"), "{seen}");
    let replayed = taps(app, &stranger, &tap).await;
    assert!(replayed.contains("No encontré un caso"), "{replayed}");
    app.store.close().await;
}

async fn uot_resolves_alerts_and_fads_in_the_console_and_the_ally_is_told_as_in_the_chat(
    backend: Backend,
) {
    let (db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let app = &bot.app;
    let (_, ally) = bound_in_acoria(app, &db, "987650051").await;
    let ulises = TgUser::new(9751, "Ulises");
    let pedro = TgUser::new(9752, "Pedro");
    let sara = TgUser::new(9753, "Sara");
    let ana = TgUser::new(9754, "Ana");
    staff_member(&bot, &tg, &ulises, Role::Uot).await;
    staff_member(&bot, &tg, &pedro, Role::Uac).await;
    staff_member(&bot, &tg, &sara, Role::Supervisor).await;
    staff_member(&bot, &tg, &ana, Role::Especialista).await;
    let ulises_chat = chat(Channel::Telegram, "9751");

    // An alert and a FAD.
    taps(app, &ally, "al:alert").await;
    says(app, &ally, IN_ACORIA).await;
    taps(app, &ally, "al:ak:hospitalizacion").await;
    says(app, &ally, "Internada en el hospital regional desde ayer.").await;
    taps(app, &ally, "al:fad").await;
    says(app, &ally, IN_ACORIA).await;
    says(app, &ally, "Jr. Ficticio 123, Barrio Centro").await;
    says(app, &ally, "Frente a la posta").await;
    let fad = says(app, &ally, "987 000 111").await;
    assert!(fad.contains("FAD-000001"), "{fad}");
    let (alert_id, fad_id) = {
        let mut conn = app.store.pool.acquire().await.expect("conn");
        let open = ally_reports::list_open(&mut conn).await.expect("open");
        (open[0].id, open[1].id)
    };

    // An especialista has no such queue: not in the header, refused by address.
    let mut a = logged_in(&bot, &login_link(&tg, &ana).await).await;
    let home = a.get("/console/").await;
    assert!(!home.body.contains("/console/cases"), "{}", home.body);
    let refused = a.get("/console/cases").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(!refused.body.contains("ALE-000001"), "{}", refused.body);
    let refused = a.get(&format!("/console/cases/{alert_id}")).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);

    // UOT: the queue from the header, each case with its kind, district, received,
    // term and state.
    let mut u = logged_in(&bot, &login_link(&tg, &ulises).await).await;
    let home = u.get("/console/").await;
    assert!(
        home.body.contains("href=\"/console/cases\""),
        "{}",
        home.body
    );
    let queue = u.get("/console/cases").await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    for want in [
        "ALE-000001",
        "FAD-000001",
        "Alerta: Hospitalización",
        "Actualización de datos (FAD)",
        "Acoria",
        "23/11/2026",
        "Recibido, en atención",
        "2 pendientes",
    ] {
        let body = queue.body.replace("&#x2f;", "/");
        assert!(body.contains(want), "{want:?} in {body}");
    }
    let page = u.get(&format!("/console/cases/{alert_id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for want in [
        IN_ACORIA,
        "Internada en el hospital",
        "Actualizado en el padrón",
    ] {
        assert!(page.body.contains(want), "{want:?} in {}", page.body);
    }
    // Each case shown is a read of the ally's access, recorded.
    {
        let mut conn = app.store.pool.acquire().await.expect("conn");
        let reads: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM personal_data_access WHERE channel = 'console' \
             AND what IN ('ally_reports', 'ally_report')",
        )
        .fetch_one(&mut *conn)
        .await
        .expect("reads")
        .get("n");
        assert!(reads >= 3, "{reads}");
    }

    // Bad input loses nothing: no outcome chosen, back with the note kept.
    let csrf = hidden(&page.body, "csrf");
    let here = format!("/console/cases/{alert_id}");
    let note = "Se registró la hospitalización en el padrón.";
    let answer = u
        .post(
            &format!("{here}/resolve"),
            &[("csrf", &csrf), ("note", note)],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(answer.location.as_deref(), Some(here.as_str()));
    let back = u.follow(&answer).await;
    assert!(back.body.contains("Elija el resultado"), "{}", back.body);
    assert!(back.body.contains(note), "{}", back.body);

    // Resolved: back to the queue, the ally told in the chat it came from.
    let once = hidden(&back.body, "once");
    let mark = outbox_mark(app).await;
    let form = [
        ("csrf", csrf.as_str()),
        ("once", once.as_str()),
        ("outcome", "updated"),
        ("note", note),
    ];
    let answer = u.post(&format!("{here}/resolve"), &form).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(answer.location.as_deref(), Some("/console/cases"));
    let queue = u.follow(&answer).await;
    assert!(queue.body.contains("Resolvió ALE-000001"), "{}", queue.body);
    assert!(queue.body.contains("1 pendiente"), "{}", queue.body);
    let by_console = one_containing(&sent_to(app, mark, &ally).await, "ALE-000001");
    assert!(
        by_console.contains("Actualizado en el padrón"),
        "{by_console}"
    );
    assert!(by_console.contains(note), "{by_console}");
    // The same form again changes nothing and tells the ally nothing more.
    let mark = outbox_mark(app).await;
    let again = u.post(&format!("{here}/resolve"), &form).await;
    let again = u.follow(&again).await;
    assert!(again.body.contains("ya se había enviado"), "{}", again.body);
    assert!(sent_to(app, mark, &ally).await.is_empty());
    let closed = u.get(&here).await;
    assert!(closed.body.contains("Atendido"), "{}", closed.body);
    assert!(!closed.body.contains("name=\"note\""), "{}", closed.body);

    // The FAD resolved in the chat: the ally reads the same notice, word for word
    // but for the number, the outcome and the note.
    taps(app, &ulises_chat, "st:reports").await;
    taps(app, &ulises_chat, &format!("ar:{fad_id}")).await;
    taps(app, &ulises_chat, &format!("ar:res:{fad_id}:u")).await;
    let mark = outbox_mark(app).await;
    says(app, &ulises_chat, note).await;
    let by_chat = one_containing(&sent_to(app, mark, &ally).await, "FAD-000001");
    assert_eq!(
        by_chat.replace("FAD-000001", "N"),
        by_console.replace("ALE-000001", "N")
    );

    // UAC and supervisors read the queue and the case, and cannot resolve.
    let mut p = logged_in(&bot, &login_link(&tg, &pedro).await).await;
    let queue = p.get("/console/cases").await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    let page = p.get(&format!("/console/cases/{fad_id}")).await;
    assert!(page.body.contains("FAD-000001"), "{}", page.body);
    assert!(!page.body.contains("name=\"note\""), "{}", page.body);
    let mut s = logged_in(&bot, &login_link(&tg, &sara).await).await;
    let home = s.get("/console/").await;
    assert!(
        home.body.contains("href=\"/console/cases\""),
        "{}",
        home.body
    );
    let page = s.get(&format!("/console/cases/{alert_id}")).await;
    let csrf = hidden(&page.body, "csrf");
    let refused = s
        .post(
            &format!("/console/cases/{alert_id}/resolve"),
            &[
                ("csrf", &csrf),
                ("outcome", "not_applicable"),
                ("note", "No aplica."),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let row = {
        let mut conn = app.store.pool.acquire().await.expect("conn");
        ally_reports::get(&mut conn, alert_id)
            .await
            .expect("get")
            .expect("row")
    };
    assert_eq!(row.outcome, Some(ally_reports::Outcome::Updated));
    assert_eq!(row.close_note.as_deref(), Some(note));
    bot.stop().await;
}

backends!(
    every_notice_naming_a_case_opens_it_for_its_ally_alone,
    uot_resolves_alerts_and_fads_in_the_console_and_the_ally_is_told_as_in_the_chat,
);
