//! Corrections that leave a trace (issue 23, point 4): UAC observes a request, the
//! applicant corrects it from «Corregir datos», and each change (old and new, masked)
//! is in the history and in UAC's view; a change to what the DDC prints makes a new
//! DDC with a new verification code that must be signed again; the observation is
//! closed in the history when the request returns to review; the rejected notice,
//! `/estado` and the menu offer the same next step.

use contigo_bot::domain::observation::ObservationReason;
use contigo_bot::domain::stage::{Action, Role, Stage};
use contigo_bot::store::requests;

use crate::backends;
use crate::support::browser::{Browser, session_cookie};
use crate::support::review::{applicant, apply, conforme, hello, setup, staff, stage_of};
use crate::support::telegram::{FakeTelegram, TgChat, TgUser};
use crate::support::{
    Backend, Running, add_staff, fresh, local_request_data, signed_pdf, signed_pdf_titled,
    submitted_request,
};

/// An applicant on Telegram whose request is in UAC review (signed DDC on file), and
/// UAC's chat, greeted.
async fn in_review<'a>(
    tg: &'a FakeTelegram,
    bot: &Running,
    id: i64,
    uac: &TgUser,
) -> (TgChat<'a>, requests::RequestRow) {
    add_staff(&bot.app, "Ana", &[Role::Uac], uac.id).await;
    hello(tg, uac, "¿Qué desea revisar?").await;
    let (chat, row) = applicant(tg, bot, id).await;
    tg.send_document(&chat.user, "ddc.pdf", "application/pdf", signed_pdf());
    tg.wait_for(chat.user.chat_id(), "Recibí la DDC firmada")
        .await;
    tg.wait_for(uac.chat_id(), "Nueva solicitud en su bandeja")
        .await;
    (chat, row)
}

/// How many documents are attached to a request.
async fn documents_on_file(bot: &Running, id: i64) -> i64 {
    use sqlx::Row;
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    sqlx::query("SELECT COUNT(*) AS n FROM request_documents WHERE request_id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await
        .expect("count")
        .try_get("n")
        .expect("n")
}

/// UAC observes from its chat, picking a prepared reason; the applicant's chat
/// (`applicant`) is told.
async fn observe_in_chat(
    tg: &FakeTelegram,
    uac: &TgUser,
    applicant: i64,
    code: &str,
    reason: &str,
) {
    tg.send_text(uac, "/bandeja");
    tg.wait_for(uac.chat_id(), "Bandeja (1)").await;
    tg.press_button(uac, code);
    tg.wait_for(uac.chat_id(), "¿Qué decide?").await;
    tg.press_button(uac, "Observar");
    tg.wait_for(uac.chat_id(), "¿Qué debe corregir").await;
    tg.press_button(uac, reason);
    tg.wait_for(uac.chat_id(), "ahora está observada").await;
    tg.wait_for(applicant, "fue observada").await;
}

async fn a_corrected_email_makes_a_new_ddc_and_uac_sees_old_and_new(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let uac = TgUser::new(9301, "Ana");
    let (luis, row) = in_review(&tg, &bot, 8301, &uac).await;
    let first_code = fresh(&bot.app, row.id).await.verification_code;
    observe_in_chat(
        &tg,
        &uac,
        luis.user.chat_id(),
        &row.code,
        "Faltan o están mal los datos del responsable",
    )
    .await;
    // The reason is kept as a code beside its note.
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let observed = requests::last_observation(&mut conn, row.id)
        .await
        .expect("history")
        .expect("observed");
    assert_eq!(observed.reason, Some(ObservationReason::Responsible));
    drop(conn);

    // «Corregir datos» offers the responsible's fields first, then the whole list
    // and a way back; not the authority's.
    luis.taps("Corregir datos", "Corrija primero lo observado")
        .await;
    let offer = tg
        .wait_for(luis.user.chat_id(), "Corrija primero lo observado")
        .await;
    let labels: Vec<String> = offer.labels().into_iter().flatten().collect();
    assert_eq!(
        labels,
        [
            "Nombres del responsable",
            "Apellidos del responsable",
            "DNI del responsable",
            "Celular del responsable",
            "Correo del responsable",
            "Cargo",
            "Todos los datos",
            "Volver",
        ],
        "{labels:?}"
    );
    luis.taps("Correo del responsable", "correo").await;
    luis.says("lperez@muni.gob.pe", "Revise sus datos").await;
    // The DDC prints the e-mail: a new DDC, a new verification code, still observed.
    let told = luis
        .taps("Enviar solicitud", "aquí tiene la DDC nueva")
        .await;
    assert!(told.contains(&row.code), "{told}");
    let now = fresh(&bot.app, row.id).await;
    assert_eq!(now.stage, Stage::Observed);
    assert_ne!(now.verification_code, first_code);
    let new_code = now.verification_code.clone().expect("code").grouped();
    let ddc = tg
        .wait_for(luis.user.chat_id(), "Declaración de Confidencialidad (DDC)")
        .await;
    assert!(!tg.document(&ddc).is_empty());

    // The correction is in the history, masked.
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let changes = requests::changes_since(&mut conn, row.id, 0)
        .await
        .expect("changes");
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].change.old, "l***@example.org");
    assert_eq!(changes[0].change.new, "l***@muni.gob.pe");
    drop(conn);

    // The newly signed DDC arrives: back to review, the observation closed in the
    // history with what was corrected.
    tg.send_document(
        &luis.user,
        "ddc-nueva.pdf",
        "application/pdf",
        signed_pdf_titled("DDC NUEVA FIRMADA (PRUEBA)"),
    );
    tg.wait_for(luis.user.chat_id(), "Recibí la DDC firmada")
        .await;
    assert_eq!(stage_of(&bot.app, row.id).await, Stage::UacReview);
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let history = requests::transitions(&mut conn, row.id)
        .await
        .expect("history");
    let closed = history.last().expect("a transition");
    assert_eq!(
        (closed.from.as_str(), closed.to.as_str()),
        ("observed", "uac_review")
    );
    assert_eq!(
        closed.note.as_deref(),
        Some("Corrigió: Correo del responsable. Envió una DDC firmada nueva."),
    );
    drop(conn);

    // UAC's chat: the changes since the observation, old and new.
    tg.wait_for(uac.chat_id(), "Nueva solicitud en su bandeja")
        .await;
    tg.press_button(&uac, "Abrir");
    let view = tg
        .wait_for(uac.chat_id(), "Cambios desde la observación")
        .await;
    let line = "• Correo del responsable: l***@example.org → l***@muni.gob.pe";
    assert!(view.text().contains(line), "{}", view.text());
    assert!(
        view.text()
            .contains("Observada: Faltan o están mal los datos del responsable"),
        "{}",
        view.text()
    );
    assert!(view.text().contains(&new_code), "{}", view.text());
    // The console's request page lists the same change, and in its history.
    let mut browser = Browser::new(&bot.http);
    browser.cookie = Some(session_cookie(&bot.app, uac.id).await);
    let page = browser.get(&format!("/console/requests/{}", row.id)).await;
    assert_eq!(page.status, reqwest::StatusCode::OK, "{}", page.body);
    let html_line = "Correo del responsable: l***@example.org → l***@muni.gob.pe";
    assert!(page.body.matches(html_line).count() >= 2, "{}", page.body);
    assert!(
        page.body
            .contains("Corrigió: Correo del responsable. Envió una DDC firmada nueva."),
        "{}",
        page.body
    );
    // The full address is nowhere on the page.
    assert!(!page.body.contains("luis@example.org"));
    // Its DDC now answers the current code: UAC may pass it.
    conforme(&bot.app, row.id).await;
    bot.stop().await;
}

async fn the_old_signed_ddc_no_longer_counts_after_a_printed_change(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let uac = TgUser::new(9302, "Ana");
    let (luis, row) = in_review(&tg, &bot, 8302, &uac).await;
    observe_in_chat(
        &tg,
        &uac,
        luis.user.chat_id(),
        &row.code,
        "Faltan o están mal los datos del responsable",
    )
    .await;
    luis.taps("Corregir datos", "Corrija primero lo observado")
        .await;
    luis.taps("Cargo", "cargo").await;
    luis.says("Coordinador de la OMAPED", "Revise sus datos")
        .await;
    luis.taps("Enviar solicitud", "aquí tiene la DDC nueva")
        .await;
    // The paper signed before, sent again: refused by what it is, nothing attached,
    // still observed.
    let before = documents_on_file(&bot, row.id).await;
    tg.send_document(&luis.user, "ddc.pdf", "application/pdf", signed_pdf());
    let refused = tg
        .wait_for(luis.user.chat_id(), "de antes de su corrección")
        .await;
    assert!(refused.text().contains("ya no vale"), "{}", refused.text());
    assert_eq!(stage_of(&bot.app, row.id).await, Stage::Observed);
    assert_eq!(documents_on_file(&bot, row.id).await, before);
    // The signed DDC on file is out of date: UAC could not pass it.
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    assert!(
        contigo_bot::store::files::signed_ddc_outdated(&mut conn, row.id)
            .await
            .expect("query")
    );
    drop(conn);
    bot.stop().await;
}

async fn volver_leaves_and_a_pdf_while_correcting_is_the_upload(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let uac = TgUser::new(9303, "Ana");
    let (luis, row) = in_review(&tg, &bot, 8303, &uac).await;
    observe_in_chat(
        &tg,
        &uac,
        luis.user.chat_id(),
        &row.code,
        "La DDC no tiene firma o sello",
    )
    .await;

    // The DDC is what is missing: «Enviar DDC firmada» first, no field named.
    luis.taps("Corregir datos", "Corrija primero lo observado")
        .await;
    let offer = tg
        .wait_for(luis.user.chat_id(), "Corrija primero lo observado")
        .await;
    let labels: Vec<String> = offer.labels().into_iter().flatten().collect();
    assert_eq!(
        labels,
        ["Enviar DDC firmada", "Todos los datos", "Volver"],
        "{labels:?}"
    );
    // «Todos los datos»: every field, and still a way back.
    luis.taps("Todos los datos", "¿Qué dato desea corregir?")
        .await;
    let all = tg
        .wait_for(luis.user.chat_id(), "¿Qué dato desea corregir?")
        .await;
    let labels: Vec<String> = all.labels().into_iter().flatten().collect();
    assert!(
        labels.contains(&"DNI de la autoridad".to_owned()),
        "{labels:?}"
    );
    assert_eq!(labels.last().map(String::as_str), Some("Volver"));
    // «Volver»: out of the correction, nothing changed, the menu.
    luis.taps("Volver", "no cambié nada").await;
    tg.wait_for(luis.user.chat_id(), "¿Qué desea hacer?").await;
    assert_eq!(stage_of(&bot.app, row.id).await, Stage::Observed);

    // A PDF sent while correcting goes to the upload path.
    luis.taps("Corregir datos", "Corrija primero lo observado")
        .await;
    tg.send_document(
        &luis.user,
        "ddc-firmada.pdf",
        "application/pdf",
        signed_pdf_titled("DDC FIRMADA Y SELLADA (PRUEBA)"),
    );
    tg.wait_for(luis.user.chat_id(), "Recibí la DDC firmada")
        .await;
    assert_eq!(stage_of(&bot.app, row.id).await, Stage::UacReview);
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let history = requests::transitions(&mut conn, row.id)
        .await
        .expect("history");
    assert_eq!(
        history.last().and_then(|t| t.note.as_deref()),
        Some("Envió una DDC firmada nueva.")
    );
    drop(conn);
    bot.stop().await;
}

async fn the_observed_status_repeats_the_reason(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let uac = TgUser::new(9304, "Ana");
    let (luis, row) = in_review(&tg, &bot, 8304, &uac).await;
    observe_in_chat(
        &tg,
        &uac,
        luis.user.chat_id(),
        &row.code,
        "Los datos de la autoridad no coinciden con el JNE",
    )
    .await;
    let status = luis.says("/estado", "Motivo de la observación").await;
    assert!(
        status.contains(
            "Motivo de la observación: Los datos de la autoridad no coinciden con el JNE"
        ),
        "{status}"
    );
    assert!(status.contains(&row.code), "{status}");
    bot.stop().await;
}

async fn the_rejected_notice_estado_and_menu_offer_the_same_next_step(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let uac = TgUser::new(9305, "Ana");
    let (luis, row) = in_review(&tg, &bot, 8305, &uac).await;
    apply(
        &bot.app,
        row.id,
        Stage::UacReview,
        Action::Reject {
            reason: "La entidad no corresponde".into(),
        },
        staff(Role::Uac),
    )
    .await
    .expect("reject");
    let next = "Retomar solicitud";
    let notice = tg.wait_for(luis.user.chat_id(), "fue rechazada").await;
    assert!(
        notice.text().contains(&format!("«{next}»")),
        "{}",
        notice.text()
    );
    let buttons: Vec<String> = notice.labels().into_iter().flatten().collect();
    assert_eq!(
        buttons.first().map(String::as_str),
        Some(next),
        "{buttons:?}"
    );

    let status = luis.says("/estado", "fue rechazada").await;
    assert!(status.contains(&format!("«{next}»")), "{status}");

    luis.says("/menu", "¿Qué desea hacer?").await;
    let menu = tg.wait_for(luis.user.chat_id(), "¿Qué desea hacer?").await;
    let items: Vec<String> = menu.labels().into_iter().flatten().collect();
    assert_eq!(items.first().map(String::as_str), Some(next), "{items:?}");
    // The plain menu shown after another message offers it too.
    luis.says("/cancelar", "No hay nada en curso").await;
    let menu = tg.wait_for(luis.user.chat_id(), "¿Qué desea hacer?").await;
    let items: Vec<String> = menu.labels().into_iter().flatten().collect();
    assert_eq!(items.first().map(String::as_str), Some(next), "{items:?}");
    assert_eq!(items.iter().filter(|i| *i == next).count(), 1, "{items:?}");
    // And it takes the applicant where the notice's button does.
    luis.taps(next, "Retomemos la solicitud").await;
    bot.stop().await;
}

/// The observed notice reads a prepared reason from its code, in the applicant's
/// language, with the note the reviewer typed beside it; `/estado`, in the chat's
/// language, repeats it so. A reason picked alone reads as its words only.
async fn the_observation_reason_is_read_in_the_readers_language(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let uac = TgUser::new(9306, "Ana");
    let (luis, row) = in_review(&tg, &bot, 8306, &uac).await;
    sqlx::query("UPDATE access_requests SET locale = 'en' WHERE id = $1")
        .bind(row.id)
        .execute(&bot.app.store.pool)
        .await
        .expect("locale");
    apply(
        &bot.app,
        row.id,
        Stage::UacReview,
        Action::Observe {
            reason: "Falta la segunda página".into(),
            code: Some(ObservationReason::Illegible),
        },
        staff(Role::Uac),
    )
    .await
    .expect("observe");
    let notice = tg.wait_for(luis.user.chat_id(), "was observed").await;
    assert!(
        notice
            .text()
            .contains("The DDC is illegible or incomplete. Details: Falta la segunda página"),
        "{}",
        notice.text()
    );
    assert!(!notice.text().contains("ilegible"), "{}", notice.text());
    let status = luis.says("/estado", "Motivo de la observación").await;
    assert!(
        status.contains(
            "Motivo de la observación: La DDC está ilegible o incompleta. Detalle: Falta la segunda página"
        ),
        "{status}"
    );

    // Picked alone (its note is its Spanish words): the English words, nothing beside.
    let second = submitted_request(
        &bot.app,
        &local_request_data("090103", "912345679"),
        "telegram",
        "8306",
    )
    .await;
    sqlx::query("UPDATE access_requests SET locale = 'en', stage = 'uac_review' WHERE id = $1")
        .bind(second.id)
        .execute(&bot.app.store.pool)
        .await
        .expect("locale");
    apply(
        &bot.app,
        second.id,
        Stage::UacReview,
        Action::Observe {
            reason: "La DDC no tiene firma o sello".into(),
            code: Some(ObservationReason::Unsigned),
        },
        staff(Role::Uac),
    )
    .await
    .expect("observe");
    let notice = tg
        .wait_for(luis.user.chat_id(), "The DDC has no signature or seal")
        .await;
    assert!(
        notice
            .text()
            .contains("was observed: The DDC has no signature or seal."),
        "{}",
        notice.text()
    );
    assert!(!notice.text().contains("Details"), "{}", notice.text());
    bot.stop().await;
}

backends!(
    a_corrected_email_makes_a_new_ddc_and_uac_sees_old_and_new,
    the_old_signed_ddc_no_longer_counts_after_a_printed_change,
    volver_leaves_and_a_pdf_while_correcting_is_the_upload,
    the_observed_status_repeats_the_reason,
    the_rejected_notice_estado_and_menu_offer_the_same_next_step,
    the_observation_reason_is_read_in_the_readers_language,
);
