//! Every console page on a 360 px phone, in headless Chromium: each role's desk and
//! pages as its member sees them, with rows on time and overdue. On each page the
//! page never scrolls sideways, every deadline («Plazo», «Vencida») is on the screen,
//! no text is smaller than 12 px (the supervisor's chart included), and axe-core
//! finds no violation (`support::axe`). The error pages (404, 405) and the login page
//! too.
//!
//! `CONTIGO_SCREENSHOTS=1 cargo test --test it console_phone` also writes whole-page
//! screenshots of the main pages, at 360 px and on a laptop, to docs/screenshots/.
//!
//! The layout and the markup do not depend on the database: this runs on SQLite.

use chrono::{Days, NaiveDate};
use contigo_bot::domain::calendar::lima_date;
use contigo_bot::domain::stage::{Action, Role, Stage};
use contigo_bot::store::{ctvc, requests};

use crate::console::{setup, uploaded};
use crate::console_browser::{PUBLIC_URL, log_in, log_out, take_the_ticket};
use crate::console_tickets::ally_opens_a_ticket;
use crate::support::axe::{assert_fits, assert_no_violations, layout};
use crate::support::chrome::Chrome;
use crate::support::chrome_pages::wait_page_text;
use crate::support::review::{activate, apply, staff};
use crate::support::telegram::{FakeTelegram, TgUser};
use crate::support::{Backend, Running, add_staff};

/// The checks every page passes; `shot` names its screenshots, if it gets some.
async fn check(chrome: &Chrome, what: &str, shot: Option<&str>) -> usize {
    if let Some(dir) = std::env::var_os("CONTIGO_DUMP_PAGES") {
        let html = chrome
            .client
            .execute("return document.documentElement.outerHTML", vec![])
            .await
            .expect("the page's html");
        let name = what.replace(['/', '?', '&', '=', ' ', '\''], "_");
        std::fs::write(
            std::path::Path::new(&dir).join(format!("{name}.html")),
            html.as_str().unwrap_or_default(),
        )
        .expect("dump the page");
        // Dumping pages to work on their style: say what is wrong, go on.
        let (problems, dues) = layout(chrome).await;
        eprintln!("{what}: {problems:#?}");
        return dues;
    }
    let dues = assert_fits(chrome, what).await;
    assert_no_violations(chrome, what).await;
    if let Some(name) = shot
        && std::env::var_os("CONTIGO_SCREENSHOTS").is_some()
    {
        chrome
            .full_page_screenshot(format!("docs/screenshots/phone-{name}.png"))
            .await;
    }
    dues
}

/// Opens `path` and checks it; `expect` is a text the page must show first.
async fn visit(chrome: &Chrome, base: &str, path: &str, expect: &str, shot: Option<&str>) -> usize {
    chrome.goto(&format!("{base}{path}")).await;
    wait_page_text(chrome, expect).await;
    check(chrome, path, shot).await
}

/// A member with one role whose chat knows them.
async fn member(bot: &Running, tg: &FakeTelegram, user: &TgUser, name: &str, role: Role) {
    add_staff(&bot.app, name, &[role], user.id).await;
    tg.send_text(user, "/start");
    tg.wait_for(user.chat_id(), name).await;
}

/// A request moved by hand from `from` to `to` with a deadline `due` and a note, as
/// a hurried reviewer leaves one (long, to test the history table's width).
async fn moved(bot: &Running, id: i64, from: Stage, to: Stage, due: NaiveDate) {
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let note = "Conforme con la DDC; el oficio de designación está firmado por el \
                alcalde y la credencial del JNE coincide con el padrón vigente.";
    let done = requests::move_stage(&mut conn, id, from, to, Some(due), "UAC", Some(note), 0)
        .await
        .expect("move");
    assert!(done, "the request was at {from:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_console_page_fits_a_phone_and_passes_axe() {
    let (_db, tg, bot) = setup(Backend::Sqlite, PUBLIC_URL).await;
    let base = bot.http.clone();
    let today = lima_date(bot.app.clock.now());
    let ana = TgUser::new(9801, "Ana");
    let beto = TgUser::new(9802, "Beto");
    let dora = TgUser::new(9803, "Dora");
    let uriel = TgUser::new(9804, "Uriel");
    let esteban = TgUser::new(9805, "Esteban");
    let sara = TgUser::new(9806, "Sara");
    let pia = TgUser::new(9807, "Pía");
    member(&bot, &tg, &ana, "Ana Torres", Role::Uac).await;
    member(&bot, &tg, &beto, "Beto Salas", Role::Uaj).await;
    member(&bot, &tg, &dora, "Dora Vega", Role::De).await;
    member(&bot, &tg, &uriel, "Uriel Paz", Role::Uti).await;
    member(&bot, &tg, &esteban, "Esteban Rojas", Role::Especialista).await;
    member(&bot, &tg, &sara, "Sara Campos", Role::Supervisor).await;
    member(&bot, &tg, &pia, "Pía Luna", Role::Dpo).await;

    // One request at each desk, one of them overdue at UAJ, and one account created.
    let at_uac = uploaded(&bot, &tg, &TgUser::new(8801, "Luis"), "090101").await;
    let at_uaj = uploaded(&bot, &tg, &TgUser::new(8802, "Marta"), "150101").await;
    moved(
        &bot,
        at_uaj,
        Stage::UacReview,
        Stage::LegalReview,
        today - Days::new(3),
    )
    .await;
    let at_de = uploaded(&bot, &tg, &TgUser::new(8803, "Nilo"), "090101").await;
    let at_uti = uploaded(&bot, &tg, &TgUser::new(8804, "Olga"), "150101").await;
    for (id, steps) in [(at_de, 2), (at_uti, 3)] {
        let all = [
            (Stage::UacReview, Action::Conforme, Role::Uac),
            (Stage::LegalReview, Action::Favourable, Role::Uaj),
            (Stage::DirectorAuthorization, Action::Authorise, Role::De),
        ];
        for (from, action, role) in all.into_iter().take(steps) {
            apply(&bot.app, id, from, action, staff(role))
                .await
                .expect("a step");
        }
    }
    let active = crate::support::submitted_request(
        &bot.app,
        &crate::support::local_request_data("090101", "912345678"),
        "telegram",
        "8805",
    )
    .await;
    activate(&bot.app, active.id).await;
    let ticket = ally_opens_a_ticket(&bot, &tg, &TgUser::new(8806, "Rita")).await;
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let case = ctvc::add(
        &mut conn,
        &ctvc::NewCase {
            case_number: "12",
            oficio: "045-2026-CTVC-HVCA",
            received_on: today - Days::new(5),
            ubigeo: "090101",
            points: &[
                "La OMAPED no recibió capacitación sobre el uso del sistema.".to_owned(),
                "No logran comunicarse con el programa por teléfono.".to_owned(),
            ],
        },
        0,
    )
    .await
    .expect("add a case")
    .expect("a new case");
    drop(conn);

    let chrome = Chrome::phone().await;

    // Before logging in: the login page and the error pages.
    visit(
        &chrome,
        &base,
        "/console/login?lang=es",
        "Entrar",
        Some("login"),
    )
    .await;
    visit(&chrome, &base, "/console/nada", "Not found", None).await;
    visit(&chrome, &base, "/console/logout", "for forms only", None).await;

    // UAC: home, desk, the request with its «Observar» select, the CTVC pages.
    log_in(&chrome, &base, &tg, &ana).await;
    check(&chrome, "UAC's home", None).await;
    let dues = visit(&chrome, &base, "/console/desk", "Plazo", Some("desk")).await;
    assert_eq!(dues, 1, "one row with its deadline at UAC");
    visit(
        &chrome,
        &base,
        &format!("/console/requests/{at_uac}"),
        "Observar",
        Some("request"),
    )
    .await;
    visit(
        &chrome,
        &base,
        "/console/ctvc",
        "045-2026-CTVC-HVCA",
        Some("ctvc"),
    )
    .await;
    visit(
        &chrome,
        &base,
        &format!("/console/ctvc/{case}"),
        "capacitación",
        None,
    )
    .await;
    visit(&chrome, &base, "/console/accounts", "Cuentas creadas", None).await;
    log_out(&chrome).await;
    check(&chrome, "the page after logging out", None).await;

    // UAJ: an overdue request, with «Vencida» on the screen.
    log_in(&chrome, &base, &tg, &beto).await;
    let dues = visit(&chrome, &base, "/console/desk", "Vencida", None).await;
    assert_eq!(dues, 1, "one row with its deadline at UAJ");
    visit(
        &chrome,
        &base,
        &format!("/console/requests/{at_uaj}"),
        "padrón vigente",
        None,
    )
    .await;
    log_out(&chrome).await;

    // DE and UTI: their desks and requests; UTI's accounts.
    for (who, id) in [(&dora, at_de), (&uriel, at_uti)] {
        log_in(&chrome, &base, &tg, who).await;
        let dues = visit(&chrome, &base, "/console/desk", "Plazo", None).await;
        assert_eq!(dues, 1, "one row with its deadline");
        visit(
            &chrome,
            &base,
            &format!("/console/requests/{id}"),
            "Historial",
            None,
        )
        .await;
        log_out(&chrome).await;
    }
    log_in(&chrome, &base, &tg, &uriel).await;
    visit(
        &chrome,
        &base,
        "/console/accounts",
        &active.code,
        Some("accounts"),
    )
    .await;
    log_out(&chrome).await;

    // The specialist: the inbox, the ticket before and after taking it.
    log_in(&chrome, &base, &tg, &esteban).await;
    let dues = visit(
        &chrome,
        &base,
        "/console/tickets",
        "Por tomar (1)",
        Some("tickets"),
    )
    .await;
    assert_eq!(dues, 1, "the waiting ticket's deadline");
    visit(
        &chrome,
        &base,
        &format!("/console/tickets/{}", ticket.id),
        &ticket.code,
        None,
    )
    .await;
    take_the_ticket(&chrome).await;
    check(&chrome, "the ticket taken", Some("ticket")).await;
    log_out(&chrome).await;

    // The supervisor: every desk's rows, the chart, the tickets, the audit.
    log_in(&chrome, &base, &tg, &sara).await;
    check(&chrome, "the supervisor's home", None).await;
    let dues = visit(&chrome, &base, "/console/desk", "Plazo", None).await;
    assert!(dues >= 4, "every desk's rows: {dues}");
    visit(
        &chrome,
        &base,
        "/console/supervisor",
        "Consultas recibidas",
        Some("supervisor"),
    )
    .await;
    visit(&chrome, &base, "/console/tickets", "Consultas", None).await;
    visit(
        &chrome,
        &base,
        "/console/cases",
        "Alertas y FAD",
        Some("cases"),
    )
    .await;
    // Coverage, with one region's districts open.
    visit(&chrome, &base, "/console/coverage", "Cobertura", None).await;
    visit(
        &chrome,
        &base,
        "/console/coverage?region=09",
        "Cobertura",
        Some("coverage"),
    )
    .await;
    visit(&chrome, &base, "/console/audit", "Consultar", None).await;
    let code = format!("CTG-2026-{at_uaj:06}");
    visit(
        &chrome,
        &base,
        &format!("/console/audit?code={code}&month=2026-11"),
        &code,
        Some("audit"),
    )
    .await;
    log_out(&chrome).await;

    // The data-protection officer: the audit by DNI.
    log_in(&chrome, &base, &tg, &pia).await;
    visit(&chrome, &base, "/console/audit", "Consultar", None).await;
    log_out(&chrome).await;
    chrome.close().await;
    bot.stop().await;
}
