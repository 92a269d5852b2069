//! A request's whole life without dead ends (issue 11, points 1 to 4): a DDC made
//! in the renewal window covers the coming year; a renewal is its own kind of
//! request and the year's end says where it is; a lapsed or rejected request starts
//! again from its data; an authority corrected after signing needs a new DDC, and
//! UAC cannot pass the old one. People, DNIs and codes are invented.

use contigo_bot::domain::calendar::MonthDay;
use contigo_bot::domain::observation::ObservationReason;
use contigo_bot::domain::request::RequestKind;
use contigo_bot::domain::stage::{Action, Role, Stage};
use contigo_bot::message::{Channel, ChatKey};
use contigo_bot::store::{bindings, requests};

use crate::backends;
use crate::support::review::{
    activate, applicant, apply, approve_after_uac, conforme, hello, setup, staff, stage_of,
    uploaded,
};
use crate::support::telegram::{FakeTelegram, TgUser};
use crate::support::{
    Backend, Running, TestDb, add_staff, local_request_data, monday_morning, settings, signed_pdf,
    signed_pdf_titled, submitted_request,
};

/// The text of a PDF the bot sent, on one line.
fn pdf_text(bytes: &[u8]) -> String {
    let pdf = lopdf::Document::load_mem(bytes).expect("a real PDF");
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    let text = pdf.extract_text(&pages).expect("text");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The DDC the bot sent last to a chat, as text.
async fn ddc_sent(tg: &FakeTelegram, user: &TgUser) -> String {
    let sent = tg
        .wait_for(user.chat_id(), "Declaración de Confidencialidad (DDC)")
        .await;
    pdf_text(&tg.document(&sent))
}

async fn request(app: &contigo_bot::app::App, id: i64) -> requests::RequestRow {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    requests::get(&mut conn, id)
        .await
        .expect("get")
        .expect("row")
}

/// The request a chat's message names ("… código CTG-2026-000002 …").
async fn named_in(app: &contigo_bot::app::App, text: &str) -> requests::RequestRow {
    let at = text.find("CTG-").expect("a request code");
    let code = &text[at..at + 15];
    let mut conn = app.store.pool.acquire().await.expect("conn");
    requests::by_code(&mut conn, code)
        .await
        .expect("get")
        .expect("row")
}

async fn set_day(bot: &Running, at: &str) {
    bot.app.clock.set(at.parse().expect("date"));
}

/// UAC observes the request for a prepared reason, as its buttons do: the code, and
/// its Spanish words as the note.
async fn observe(app: &contigo_bot::app::App, id: i64, listed: ObservationReason) {
    let observe = Action::Observe {
        reason: app.engine.locales.t("es", listed.message_key()),
        code: Some(listed),
    };
    apply(app, id, Stage::UacReview, observe, staff(Role::Uac))
        .await
        .expect("observe");
}

async fn a_ddc_made_in_december_covers_the_coming_year_and_is_not_renewed_within_weeks(
    backend: Backend,
) {
    let (_db, tg, bot) = setup(backend).await;
    let user = TgUser::new(8201, "Luis");
    hello(&tg, &user, "¿Qué desea hacer?").await;
    set_day(&bot, "2026-12-02T15:00:00Z").await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        "8201",
    )
    .await;
    tg.send_text(&user, "/ddc");
    let ddc = ddc_sent(&tg, &user).await;
    assert!(ddc.contains("Vigencia: año fiscal 2027"), "{ddc}");
    assert_eq!(request(&bot.app, row.id).await.fiscal_year, 2027);
    tg.send_document(&user, "ddc.pdf", "application/pdf", signed_pdf());
    tg.wait_for(user.chat_id(), "Recibí la DDC firmada").await;
    approve_after_uac(&bot.app, row.id).await;
    tg.wait_for(user.chat_id(), "¡Su acceso está activo!").await;

    // December: the new access is for 2027; nobody asks to sign again.
    for day in [
        "2026-12-02T20:00:00Z",
        "2026-12-15T15:00:00Z",
        "2026-12-30T15:00:00Z",
    ] {
        set_day(&bot, day).await;
        let report = bot.app.scheduler().tick().await.expect("tick");
        assert_eq!(report.renewal_reminders, 0, "{day}");
    }
    set_day(&bot, "2027-01-04T15:00:00Z").await;
    assert_eq!(bot.app.scheduler().tick().await.expect("tick").expired, 0);
    assert_eq!(stage_of(&bot.app, row.id).await, Stage::Active);
    // It ends with the year it covers.
    set_day(&bot, "2028-01-03T15:00:00Z").await;
    assert_eq!(bot.app.scheduler().tick().await.expect("tick").expired, 1);
    assert_eq!(stage_of(&bot.app, row.id).await, Stage::Expired);
    bot.stop().await;
}

async fn the_renewal_window_opens_on_the_day_the_settings_say(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let mut s = settings(&db, Some(&tg.api_url()));
    s.bot.renewal_window_from = MonthDay::parse("11-15").expect("day");
    let bot = Running::start(s, monday_morning()).await;
    let (old_user, new_user) = (TgUser::new(8202, "Ana"), TgUser::new(8203, "Luis"));
    hello(&tg, &old_user, "¿Qué desea hacer?").await;
    hello(&tg, &new_user, "¿Qué desea hacer?").await;
    // An access of 2026 in another district.
    let old = submitted_request(
        &bot.app,
        &local_request_data("090102", "912345670"),
        "telegram",
        "8202",
    )
    .await;
    activate(&bot.app, old.id).await;
    // Tuesday 24/11/2026: the DDC made today already covers 2027.
    set_day(&bot, "2026-11-24T15:00:00Z").await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        "8203",
    )
    .await;
    tg.send_text(&new_user, "/ddc");
    let ddc = ddc_sent(&tg, &new_user).await;
    assert!(ddc.contains("Vigencia: año fiscal 2027"), "{ddc}");
    tg.send_document(&new_user, "ddc.pdf", "application/pdf", signed_pdf());
    tg.wait_for(new_user.chat_id(), "Recibí la DDC firmada")
        .await;
    approve_after_uac(&bot.app, row.id).await;
    // The window is open: the 2026 access is reminded, the new one is not.
    let report = bot.app.scheduler().tick().await.expect("tick");
    assert_eq!(report.renewal_reminders, 1);
    tg.wait_for(old_user.chat_id(), "debe renovarse para el año fiscal 2027")
        .await;
    set_day(&bot, "2027-01-04T15:00:00Z").await;
    assert_eq!(bot.app.scheduler().tick().await.expect("tick").expired, 1);
    assert_eq!(stage_of(&bot.app, row.id).await, Stage::Active);
    assert_eq!(stage_of(&bot.app, old.id).await, Stage::Expired);
    bot.stop().await;
}

async fn a_filed_renewal_is_its_own_request_and_the_year_end_says_where_it_is(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let (luis, row) = applicant(&tg, &bot, 8204).await;
    activate(&bot.app, row.id).await;
    // The responsible binds this chat to query the padrón.
    luis.says("/padron", "Compartir mi número").await;
    tg.send_contact(&luis.user, "51912345678", Some(luis.user.id));
    tg.wait_for(luis.user.chat_id(), "quedó vinculado").await;
    // In November the access covers the year: renewing waits for the window.
    let early = luis.says("/renovar", "aún no hay que renovarlo").await;
    assert!(early.contains("se abre el 01/12/2026"), "{early}");

    set_day(&bot, "2026-12-02T15:00:00Z").await;
    assert_eq!(
        bot.app
            .scheduler()
            .tick()
            .await
            .expect("tick")
            .renewal_reminders,
        1
    );
    tg.wait_for(luis.user.chat_id(), "debe renovarse").await;
    let summary = luis.taps("Renovar acceso", "Revise sus datos").await;
    assert!(summary.contains("Pérez Soto"), "{summary}");
    let done = luis.taps("Enviar solicitud", "fue registrada").await;
    let kind = tg
        .wait_for(luis.user.chat_id(), "renovación de su acceso")
        .await;
    assert!(kind.text().contains("año fiscal 2027"), "{}", kind.text());
    let renewal = named_in(&bot.app, &done).await;
    assert_eq!(renewal.kind, RequestKind::Renewal);
    assert_eq!(renewal.previous_id, Some(row.id));
    assert_eq!(renewal.fiscal_year, 2027);
    let ddc = ddc_sent(&tg, &luis.user).await;
    assert!(ddc.contains("Vigencia: año fiscal 2027"), "{ddc}");

    // Its status says what it is; never "cambio de responsable".
    tg.send_text(&luis.user, "/estado");
    let status = tg
        .wait_for(luis.user.chat_id(), "Es la renovación del acceso")
        .await;
    assert!(status.text().contains(&row.code), "{}", status.text());
    let everything: Vec<String> = tg
        .messages_to(luis.user.chat_id())
        .iter()
        .map(|m| m.text().to_owned())
        .collect();
    assert!(
        everything
            .iter()
            .all(|t| !t.contains("cambio de responsable")),
        "{everything:?}"
    );
    // Asking to renew again says where the renewal is instead of filing another.
    luis.says("/renovar", "Ya registró la renovación").await;

    tg.send_document(&luis.user, "ddc.pdf", "application/pdf", signed_pdf());
    tg.wait_for(luis.user.chat_id(), "Recibí la DDC firmada")
        .await;
    assert_eq!(stage_of(&bot.app, renewal.id).await, Stage::UacReview);
    // In review: no more reminders to renew.
    set_day(&bot, "2026-12-15T15:00:00Z").await;
    let report = bot.app.scheduler().tick().await.expect("tick");
    assert_eq!(report.renewal_reminders, 0);

    // The year ends before the renewal is approved: told where it is, not to renew.
    set_day(&bot, "2027-01-04T15:00:00Z").await;
    assert_eq!(bot.app.scheduler().tick().await.expect("tick").expired, 1);
    let told = tg
        .wait_for(luis.user.chat_id(), "no necesita registrar nada más")
        .await;
    assert!(
        told.text().contains(&renewal.code) && !told.text().contains("Renovar acceso"),
        "{}",
        told.text()
    );
    // The chat bound to the old access hears the same, whatever it asks next.
    luis.says("/estado", &format!("Su renovación {}", renewal.code))
        .await;
    let after_year_end: Vec<String> = tg
        .messages_to(luis.user.chat_id())
        .iter()
        .skip_while(|m| !m.text().contains("no necesita registrar nada más"))
        .map(|m| m.text().to_owned())
        .collect();
    assert!(
        after_year_end
            .iter()
            .any(|t| t.contains("vuelve a consultar solo"))
            && after_year_end.iter().all(|t| !t.contains("Renovar acceso")),
        "{after_year_end:?}"
    );

    // Approved: the access continues with it, and the chat keeps querying.
    approve_after_uac(&bot.app, renewal.id).await;
    tg.wait_for(luis.user.chat_id(), "¡Su acceso está activo!")
        .await;
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let binding = bindings::open(&mut conn, ChatKey::new(Channel::Telegram, "8204"))
        .await
        .expect("query")
        .expect("still bound");
    assert_eq!(binding.request_id, renewal.id);
    drop(conn);
    luis.says("/padron", "Consultas del padrón").await;
    bot.stop().await;
}

async fn a_lapsed_request_starts_again_asking_only_what_was_observed(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let (luis, row) = applicant(&tg, &bot, 8205).await;
    uploaded(&bot.app, row.id).await;
    observe(&bot.app, row.id, ObservationReason::Jne).await;
    // Observed Monday 23/11, three business days to fix: lapsed on Friday 27/11.
    set_day(&bot, "2026-11-27T15:00:00Z").await;
    assert_eq!(bot.app.scheduler().tick().await.expect("tick").lapsed, 1);
    tg.wait_for(luis.user.chat_id(), "Venció el plazo").await;

    let intro = luis
        .taps("Retomar solicitud", "solo le pido de nuevo")
        .await;
    assert!(
        intro.contains("no coinciden con el JNE") && intro.contains(&row.code),
        "{intro}"
    );
    let ask = tg
        .wait_for(luis.user.chat_id(), "nombres del alcalde")
        .await;
    assert!(ask.text().contains("Paso"), "{}", ask.text());
    luis.says("Carlos Alberto", "apellidos del alcalde").await;
    luis.says("Mendoza Ríos", "DNI del alcalde").await;
    luis.says("40000002", "credencial del JNE").await;
    let summary = luis.says("0456-2026-JNE", "Revise sus datos").await;
    // Nothing else was asked: the responsible's data came from the lapsed request.
    assert!(
        summary.contains("Pérez Soto") && summary.contains("Mendoza Ríos"),
        "{summary}"
    );
    let done = luis.taps("Enviar solicitud", "fue registrada").await;
    let again = named_in(&bot.app, &done).await;
    assert_ne!(again.id, row.id);
    assert_eq!(again.previous_id, Some(row.id));
    assert_eq!(again.kind, RequestKind::New);
    assert_eq!(again.authority_dni, "40000002");
    let ddc = ddc_sent(&tg, &luis.user).await;
    assert!(ddc.contains("Carlos Alberto Mendoza Ríos"), "{ddc}");
    luis.says("/estado", &format!("Retoma la solicitud {}", row.code))
        .await;
    bot.stop().await;
}

async fn a_rejected_request_starts_again_from_its_data(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let (luis, row) = applicant(&tg, &bot, 8206).await;
    uploaded(&bot.app, row.id).await;
    apply(
        &bot.app,
        row.id,
        Stage::UacReview,
        Action::Reject {
            reason: "El cargo del responsable no corresponde a la OMAPED".into(),
        },
        staff(Role::Uac),
    )
    .await
    .expect("reject");
    tg.wait_for(luis.user.chat_id(), "fue rechazada").await;
    let intro = luis
        .taps("Retomar solicitud", "Retomemos la solicitud")
        .await;
    assert!(intro.contains("no corresponde a la OMAPED"), "{intro}");
    // A reason typed freely: the summary, where any field can be corrected.
    tg.wait_for(luis.user.chat_id(), "Revise sus datos").await;
    luis.taps("Corregir un dato", "¿Qué dato desea corregir?")
        .await;
    luis.taps("Cargo", "¿Qué cargo tiene").await;
    luis.says("Jefe de la OMAPED", "Revise sus datos").await;
    let done = luis.taps("Enviar solicitud", "fue registrada").await;
    let again = named_in(&bot.app, &done).await;
    assert_eq!(again.previous_id, Some(row.id));
    assert_eq!(
        again.data.resp_position.as_ref().map(|p| p.to_string()),
        Some("Jefe de la OMAPED".to_owned())
    );
    assert_eq!(again.data.resp_dni, row.data.resp_dni);
    bot.stop().await;
}

async fn an_authority_corrected_after_signing_needs_a_new_ddc_that_uac_checks(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let uac = TgUser::new(9201, "Ana");
    add_staff(&bot.app, "Ana", &[Role::Uac], uac.id).await;
    hello(&tg, &uac, "¿Qué desea revisar?").await;
    let (luis, row) = applicant(&tg, &bot, 8207).await;
    tg.send_text(&luis.user, "/ddc");
    let first = ddc_sent(&tg, &luis.user).await;
    assert!(first.contains("45678912"), "{first}");
    let first_code = request(&bot.app, row.id).await.verification_code;
    tg.send_document(&luis.user, "ddc.pdf", "application/pdf", signed_pdf());
    tg.wait_for(luis.user.chat_id(), "Recibí la DDC firmada")
        .await;
    tg.wait_for(uac.chat_id(), "Nueva solicitud").await;
    observe(&bot.app, row.id, ObservationReason::Jne).await;

    // The applicant corrects the mayor's DNI: a new DDC to sign, still observed.
    tg.wait_for(luis.user.chat_id(), "fue observada").await;
    luis.taps("Corregir datos", "Elija el dato").await;
    luis.taps("DNI de la autoridad", "DNI del alcalde").await;
    luis.says("40000002", "Revise sus datos").await;
    let told = luis.taps("Enviar solicitud", "nombra a otra persona").await;
    assert!(told.contains(&row.code), "{told}");
    let second = ddc_sent(&tg, &luis.user).await;
    assert!(
        second.contains("40000002") && !second.contains("45678912"),
        "{second}"
    );
    let now = request(&bot.app, row.id).await;
    assert_eq!(now.stage, Stage::Observed);
    assert_ne!(now.verification_code, first_code);

    // The old signed paper sent again is refused: it answers the DDC before the
    // correction (nothing attached, still observed).
    tg.send_document(&luis.user, "ddc.pdf", "application/pdf", signed_pdf());
    tg.wait_for(luis.user.chat_id(), "de antes de su corrección")
        .await;
    assert_eq!(stage_of(&bot.app, row.id).await, Stage::Observed);
    // The newly signed DDC arrives: UAC sees the code to compare, in the chat and
    // the console.
    tg.send_document(
        &luis.user,
        "ddc-nueva.pdf",
        "application/pdf",
        signed_pdf_titled("DECLARACION FIRMADA POR LA NUEVA AUTORIDAD (PRUEBA)"),
    );
    tg.wait_for(luis.user.chat_id(), "Recibí la DDC firmada")
        .await;
    tg.wait_for(uac.chat_id(), "Nueva solicitud").await;
    tg.press_button(&uac, "Abrir");
    let view = tg.wait_for(uac.chat_id(), "La DDC vigente nombra a").await;
    let expected = format!(
        "La DDC vigente nombra a Rosa María Quispe Huamán (DNI 40000002) y lleva el código de verificación {}",
        now.verification_code.as_ref().expect("code").grouped()
    );
    assert!(view.text().contains(&expected), "{}", view.text());
    assert!(
        view.text()
            .contains("• DNI de la autoridad: ****8912 → ****0002"),
        "{}",
        view.text()
    );
    let mut browser = crate::support::browser::Browser::new(&bot.http);
    browser.cookie = Some(crate::support::browser::session_cookie(&bot.app, uac.id).await);
    let page = browser.get(&format!("/console/requests/{}", row.id)).await;
    assert_eq!(page.status, reqwest::StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(&expected), "{}", page.body);
    conforme(&bot.app, row.id).await;
    assert_eq!(stage_of(&bot.app, row.id).await, Stage::LegalReview);
    bot.stop().await;
}

async fn a_correction_before_signing_sends_a_new_ddc_with_a_new_code(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let (luis, row) = applicant(&tg, &bot, 8208).await;
    tg.send_text(&luis.user, "/ddc");
    ddc_sent(&tg, &luis.user).await;
    let first_code = request(&bot.app, row.id).await.verification_code;
    luis.says("/corregir", "espera la DDC firmada").await;
    luis.taps("Nombres de la autoridad", "nombres del alcalde")
        .await;
    luis.says("Rosa Elena", "Revise sus datos").await;
    luis.taps("Enviar solicitud", "aquí tiene la DDC nueva")
        .await;
    let ddc = ddc_sent(&tg, &luis.user).await;
    assert!(ddc.contains("Rosa Elena Quispe Huamán"), "{ddc}");
    let now = request(&bot.app, row.id).await;
    assert_eq!(now.stage, Stage::AwaitingDdc);
    assert_ne!(now.verification_code, first_code);
    bot.stop().await;
}

backends!(
    a_correction_before_signing_sends_a_new_ddc_with_a_new_code,
    a_ddc_made_in_december_covers_the_coming_year_and_is_not_renewed_within_weeks,
    the_renewal_window_opens_on_the_day_the_settings_say,
    a_filed_renewal_is_its_own_request_and_the_year_end_says_where_it_is,
    a_lapsed_request_starts_again_asking_only_what_was_observed,
    a_rejected_request_starts_again_from_its_data,
    an_authority_corrected_after_signing_needs_a_new_ddc_that_uac_checks,
);
