//! The console in a real browser (headless Chromium, `support::chrome`): a reviewer
//! logs in through the link from their chat, opens a request, sees the signed DDC
//! load, observes it (the applicant reads why in their chat); a specialist takes a
//! ticket, replies (the ally reads it in their chat) and sees the ally's next message
//! appear without reloading; a supervisor opens their view. Every page is checked
//! for the basics of accessibility on the way.
//!
//! `CONTIGO_SCREENSHOTS=1 cargo test --test it console_browser` also refreshes the
//! README's screenshots in docs/screenshots/.

use contigo_bot::domain::stage::{Role, Stage};
use contigo_bot::domain::ticket::TicketState;
use contigo_bot::store::{requests, tickets};

use crate::backends;
use crate::console::{setup, staff_member, uploaded};
use crate::console_tickets::ally_opens_a_ticket;
use crate::support::Backend;
use crate::support::add_staff;
use crate::support::axe::assert_no_violations;
use crate::support::browser::token_of;
use crate::support::chrome::{Chrome, Locator};
use crate::support::chrome_pages::{page_text, wait_page_text};
use crate::support::telegram::{FakeTelegram, TgUser};

/// Plain HTTP: a Secure cookie would not be kept by the browser on 127.0.0.1.
pub(crate) const PUBLIC_URL: &str = "http://consola.test";

/// What every console page must have: one h1, a label for every field, a skip link
/// first in the keyboard's order, and a language on the page.
const A11Y: &str = r#"
    const problems = [];
    if (document.querySelectorAll('h1').length !== 1) problems.push('h1 count ' + document.querySelectorAll('h1').length);
    if (!document.documentElement.lang) problems.push('no lang');
    for (const f of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
      const labelled = (f.id && document.querySelector('label[for="' + f.id + '"]')) || f.closest('label') || f.getAttribute('aria-label');
      if (!labelled) problems.push('unlabelled ' + f.outerHTML.slice(0, 80));
    }
    for (const b of document.querySelectorAll('button, a')) {
      if (!b.textContent.trim() && !b.getAttribute('aria-label')) problems.push('nameless ' + b.outerHTML.slice(0, 80));
    }
    const first = document.querySelector('a, button, input:not([type=hidden]), select, textarea');
    if (!first || !first.classList.contains('skip')) problems.push('skip link is not first');
    return problems;
"#;

async fn accessible(chrome: &Chrome) {
    let problems = chrome
        .client
        .execute(A11Y, vec![])
        .await
        .expect("the check runs");
    assert_eq!(
        problems,
        serde_json::json!([]),
        "accessibility on {}",
        chrome.url().await
    );
    assert_no_violations(chrome, "a console page on a laptop").await;
}

/// A screenshot of the whole page, for the README.
async fn shot(chrome: &Chrome, backend: Backend, name: &str) {
    if backend != Backend::Sqlite || std::env::var_os("CONTIGO_SCREENSHOTS").is_none() {
        return;
    }
    // Time for the PDF viewer in a frame to draw its page.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    chrome
        .full_page_screenshot(format!("docs/screenshots/{name}.png"))
        .await;
}

/// Logs in through the link the member's chat receives, pressing «Entrar».
pub(crate) async fn log_in(chrome: &Chrome, base: &str, tg: &FakeTelegram, user: &TgUser) {
    tg.send_text(user, "/consola");
    let answer = tg.wait_for(user.chat_id(), "/console/login#token=").await;
    let token = token_of(answer.text());
    chrome
        .goto(&format!("{base}/console/login#token={token}"))
        .await;
    accessible(chrome).await;
    chrome
        .find(Locator::Css("main form button[type=submit]"))
        .await
        .click()
        .await
        .expect("press Entrar");
    wait_page_text(chrome, "Cerrar sesión").await;
}

/// On a ticket's page: «Tomar», and the ally's first message shows.
pub(crate) async fn take_the_ticket(chrome: &Chrome) {
    chrome
        .find(Locator::Css("form[action$='/take'] button"))
        .await
        .click()
        .await
        .expect("take it");
    wait_page_text(chrome, "Tomó la consulta").await;
    wait_page_text(chrome, "No me llega el correo").await;
}

pub(crate) async fn log_out(chrome: &Chrome) {
    chrome
        .find(Locator::Css("form.logout button"))
        .await
        .click()
        .await
        .expect("log out");
    wait_page_text(chrome, "Cerró su sesión").await;
}

async fn staff_work_in_chromium(backend: Backend) {
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let ana = TgUser::new(9701, "Ana");
    let esteban = TgUser::new(9702, "Esteban");
    let sara = TgUser::new(9703, "Sara");
    staff_member(&bot, &tg, &ana, Role::Uac).await;
    add_staff(&bot.app, "Esteban Rojas", &[Role::Especialista], esteban.id).await;
    tg.send_text(&esteban, "/consultas");
    tg.wait_for(esteban.chat_id(), "consultas a su cargo").await;
    add_staff(&bot.app, "Sara Campos", &[Role::Supervisor], sara.id).await;
    tg.send_text(&sara, "/start");
    tg.wait_for(sara.chat_id(), "Sara").await;
    let luis = TgUser::new(8701, "Luis");
    let request = uploaded(&bot, &tg, &luis, "090101").await;
    uploaded(&bot, &tg, &TgUser::new(8702, "Marta"), "150101").await;
    let marta = TgUser::new(8702, "Marta");
    let ticket = ally_opens_a_ticket(&bot, &tg, &marta).await;

    let chrome = Chrome::laptop().await;
    let base = bot.http.clone();

    // The reviewer: the desk, a request with its DDC, an observation.
    // UAC works the desk and the CTVC cases: her console opens on a home with both.
    log_in(&chrome, &base, &tg, &ana).await;
    wait_page_text(&chrome, "Sus roles trabajan en estas secciones").await;
    accessible(&chrome).await;
    chrome
        .find(Locator::Css("main a[href='/console/desk']"))
        .await
        .click()
        .await
        .expect("open the desk");
    wait_page_text(&chrome, "2 solicitudes").await;
    accessible(&chrome).await;
    shot(&chrome, backend, "console-desk").await;
    let code = format!("CTG-2026-{request:06}");
    chrome
        .find(Locator::LinkText(&code))
        .await
        .click()
        .await
        .expect("open the request");
    wait_page_text(&chrome, &format!("Solicitud {code}")).await;
    accessible(&chrome).await;
    // The DDC loads in its frame, as a PDF, for this reviewer.
    let frame = chrome.find(Locator::Css("iframe")).await;
    let src = frame.attr("src").await.expect("src").expect("a source");
    let kind = chrome
        .client
        .execute(
            "return fetch(arguments[0]).then(r => r.status + ' ' + r.headers.get('content-type'))",
            vec![serde_json::json!(src)],
        )
        .await
        .expect("fetch the DDC");
    assert_eq!(kind, serde_json::json!("200 application/pdf"));
    shot(&chrome, backend, "console-request").await;
    chrome
        .find(Locator::Css("select#reason-observe"))
        .await
        .select_by_value("unsigned")
        .await
        .expect("pick a reason");
    chrome
        .find(Locator::Css(
            "form.action:has(#reason-observe) button[type=submit]",
        ))
        .await
        .click()
        .await
        .expect("observe");
    wait_page_text(&chrome, "Listo:").await;
    let told = tg.wait_for(luis.chat_id(), "fue observada").await;
    assert!(
        told.text().contains("La DDC no tiene firma o sello"),
        "{}",
        told.text()
    );
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let stage = requests::get(&mut conn, request)
        .await
        .expect("read")
        .expect("row")
        .stage;
    drop(conn);
    assert_eq!(stage, Stage::Observed);
    log_out(&chrome).await;

    // The specialist: the console opens on the inbox; take, reply; the ally's answer
    // appears by itself.
    log_in(&chrome, &base, &tg, &esteban).await;
    wait_page_text(&chrome, "Por tomar (1)").await;
    chrome
        .find(Locator::LinkText("Consultas"))
        .await
        .click()
        .await
        .expect("open the tickets");
    wait_page_text(&chrome, "Por tomar (1)").await;
    accessible(&chrome).await;
    shot(&chrome, backend, "console-tickets").await;
    chrome
        .find(Locator::LinkText(&ticket.code))
        .await
        .click()
        .await
        .expect("open the ticket");
    take_the_ticket(&chrome).await;
    tg.wait_for(marta.chat_id(), "Esteban Rojas tomó su consulta")
        .await;
    chrome
        .find(Locator::Css("textarea#reply"))
        .await
        .send_keys("Le reenviamos el correo hoy mismo.")
        .await
        .expect("type the reply");
    chrome
        .find(Locator::Css("form[action$='/reply'] button"))
        .await
        .click()
        .await
        .expect("send the reply");
    wait_page_text(&chrome, "Respuesta enviada").await;
    // Post/Redirect/Get: the browser shows the ticket's address, so a reload and
    // back repeat nothing; the ally gets the reply once.
    assert!(
        chrome
            .url()
            .await
            .ends_with(&format!("/console/tickets/{}", ticket.id)),
        "{}",
        chrome.url().await
    );
    chrome.client.refresh().await.expect("reload");
    wait_page_text(&chrome, "Le reenviamos el correo hoy mismo.").await;
    assert!(
        !page_text(&chrome).await.contains("Respuesta enviada"),
        "the message is shown once"
    );
    chrome.client.back().await.expect("back");
    chrome.client.forward().await.expect("forward");
    wait_page_text(&chrome, "Le reenviamos el correo hoy mismo.").await;
    let reply = tg
        .wait_for(marta.chat_id(), "Le reenviamos el correo hoy mismo.")
        .await;
    tg.wait_until_idle(marta.chat_id()).await;
    let copies = tg
        .sent_to(marta.chat_id())
        .iter()
        .filter(|m| m.text().contains("Le reenviamos el correo hoy mismo."))
        .count();
    assert_eq!(copies, 1, "a reload reaches the ally once");
    assert!(
        reply.text().starts_with("Esteban Rojas (especialista):"),
        "{}",
        reply.text()
    );
    tg.send_text(&marta, "Gracias, ya me llegó.");
    wait_page_text(&chrome, "Gracias, ya me llegó.").await;
    accessible(&chrome).await;
    shot(&chrome, backend, "console-ticket").await;
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let state = tickets::get(&mut conn, ticket.id)
        .await
        .expect("read")
        .expect("ticket")
        .state;
    drop(conn);
    assert_eq!(state, TicketState::Answered);
    log_out(&chrome).await;

    // The supervisor's view, with its chart and downloads.
    log_in(&chrome, &base, &tg, &sara).await;
    chrome
        .find(Locator::LinkText("Supervisión"))
        .await
        .click()
        .await
        .expect("open supervision");
    wait_page_text(&chrome, "Consultas recibidas en 2026-11").await;
    accessible(&chrome).await;
    let chart = chrome.find(Locator::Css("ul.chart")).await;
    assert!(chart.is_displayed().await.expect("shown"));
    shot(&chrome, backend, "console-supervisor").await;
    chrome.close().await;
    bot.stop().await;
}

/// UAC's request page after an observation was answered: the proof found on the
/// signed DDC and the corrections since the observation, old and new (masked), beside
/// the data, and in the history with the note that closed the observation. Rendered
/// to `docs/screenshots/console-request-corrections.png` with CONTIGO_SCREENSHOTS=1.
async fn the_request_page_shows_the_proof_and_the_corrections(backend: Backend) {
    use contigo_bot::domain::observation::ObservationReason;
    use contigo_bot::domain::stage::Action;
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let ana = TgUser::new(9711, "Ana");
    staff_member(&bot, &tg, &ana, Role::Uac).await;
    let luis = TgUser::new(8711, "Luis");
    let request = uploaded(&bot, &tg, &luis, "090101").await;
    let reason = bot
        .app
        .engine
        .locales
        .t("es", ObservationReason::Responsible.message_key());
    crate::support::review::apply(
        &bot.app,
        request,
        Stage::UacReview,
        Action::Observe {
            reason,
            code: Some(ObservationReason::Responsible),
        },
        crate::support::review::staff(Role::Uac),
    )
    .await
    .expect("observe");
    tg.wait_for(luis.chat_id(), "fue observada").await;
    // The correction as the chat makes it (its Mini App button needs HTTPS, which
    // this console's plain address is not): through the same service.
    let mut tx = bot.app.store.begin().await.expect("tx");
    let row = requests::get(&mut tx, request)
        .await
        .expect("read")
        .expect("row");
    let mut data = row.data.clone();
    data.resp_email =
        Some(contigo_bot::domain::values::Email::parse("lperez@muni.gob.pe").expect("email"));
    let corrected = contigo_bot::services::corrections::correct(
        &mut tx,
        &row,
        &data,
        &row.jurisdiction,
        &row.authority_dni,
        "applicant",
        bot.app.clock.unix(),
    )
    .await
    .expect("correct");
    tx.commit().await.expect("commit");
    assert!(corrected.new_ddc.is_some(), "the DDC prints the e-mail");
    tg.send_document(
        &luis,
        "ddc-nueva.pdf",
        "application/pdf",
        crate::support::signed_pdf_titled("DDC NUEVA FIRMADA (PRUEBA)"),
    );
    tg.wait_for(luis.chat_id(), "Recibí la DDC firmada").await;

    let chrome = Chrome::laptop().await;
    let base = bot.http.clone();
    log_in(&chrome, &base, &tg, &ana).await;
    chrome
        .goto(&format!("{base}/console/requests/{request}"))
        .await;
    wait_page_text(&chrome, "Cambios desde la observación").await;
    accessible(&chrome).await;
    let text = page_text(&chrome).await;
    for line in [
        "Correo del responsable: l***@example.org → l***@muni.gob.pe",
        "Corrigió: Correo del responsable. Envió una DDC firmada nueva.",
        "Código QR:",
    ] {
        assert!(text.contains(line), "{line} missing: {text}");
    }
    shot(&chrome, backend, "console-request-corrections").await;
    chrome.close().await;
    bot.stop().await;
}

backends!(
    staff_work_in_chromium,
    the_request_page_shows_the_proof_and_the_corrections
);
