//! Otro Aliado's designation document (the document designating the head of the
//! entity): asked for after the DDC, with the DDC's upload checks, shown to UAC (or
//! its absence), and sent from the observation "Falta el documento de designación".
//! The entity, people and numbers are invented.

use contigo_bot::domain::request::{AccessType, RequestData};
use contigo_bot::domain::stage::{Role, Stage};
use contigo_bot::domain::values::{DocNumber, FreeText};
use contigo_bot::store::files::{self, DocumentKind};

use crate::backends;
use crate::support::review::stage_of;
use crate::support::telegram::{FakeTelegram, TgChat, TgUser};
use crate::support::{
    Backend, Running, TestDb, add_staff, local_request_data, monday_morning, photo, settings,
    signed_pdf, submitted_request,
};

/// A complete Otro Aliado request: a public entity with its ROF and designation numbers.
pub(crate) fn other_ally_data() -> RequestData {
    let mut data = local_request_data("090101", "987650041");
    data.access_type = Some(AccessType::Other);
    data.ubigeo = None;
    data.jne_credential = None;
    data.entity_name = Some(FreeText::parse("Asociación Demo de Prueba").expect("entity"));
    data.entity_public = Some(true);
    data.rof_doc = Some(DocNumber::parse("001-2020-ADP").expect("rof"));
    data.head_designation_doc = Some(DocNumber::parse("RES-010-2026-ADP").expect("doc"));
    data
}

async fn otro_aliado_sends_its_designation_after_the_ddc_and_when_observed_for_it(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let applicant = TgChat {
        tg: &tg,
        user: TgUser::new(8341, "Entidad"),
    };
    let uac = TgChat {
        tg: &tg,
        user: TgUser::new(9341, "Ana"),
    };
    add_staff(&bot.app, "Ana", &[Role::Uac], 9341).await;
    uac.says("/start", "¿Qué desea revisar?").await;
    applicant.says("/start", "¿Qué desea hacer?").await;
    let row = submitted_request(&bot.app, &other_ally_data(), "telegram", "8341").await;

    // After the DDC, the designation is asked for; the status says it is missing.
    tg.send_document(&applicant.user, "ddc.pdf", "application/pdf", signed_pdf());
    let accepted = tg.wait_for(8341, "Recibí la DDC firmada").await;
    assert!(
        accepted.text().contains("Falta el documento que designa"),
        "{}",
        accepted.text()
    );
    tg.wait_for(8341, "Ahora envíe el documento que designa")
        .await;
    // Text is not a document: asked again, for the designation (not the DDC).
    applicant
        .says("ya lo mando", "Estoy esperando el documento de designación")
        .await;
    // The applicant does not have it at hand and leaves the step.
    applicant.says("/cancelar", "¿Qué desea hacer?").await;

    // UAC sees that it is missing, and observes for it.
    tg.wait_for(
        9341,
        &format!("Nueva solicitud en su bandeja: {}", row.code),
    )
    .await;
    uac.taps("Abrir", "aún no fue enviado").await;
    uac.taps("Observar", "Elija un motivo").await;
    uac.taps(
        "Falta el documento de designación",
        "Se avisó al solicitante",
    )
    .await;
    assert_eq!(stage_of(&bot.app, row.id).await, Stage::Observed);

    // The observation offers a way to send it: photos, checked like the DDC's.
    let observed = tg
        .wait_for(8341, "fue observada: Falta el documento de designación")
        .await;
    assert_eq!(
        observed.labels().concat().first().map(String::as_str),
        Some("Enviar designación"),
        "{:?}",
        observed.labels()
    );
    applicant
        .taps("Enviar designación", "documento que designa al titular")
        .await;
    tg.send_document(
        &applicant.user,
        "designacion.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04 not a pdf".to_vec(),
    );
    let refused = tg.wait_for(8341, "Solo acepto").await;
    assert!(
        refused
            .text()
            .contains("el documento de designación en PDF")
            && refused.text().contains("Envíelo"),
        "the refusal names the designation document, not the declaration: {}",
        refused.text()
    );
    tg.send_photo(&applicant.user, photo(10));
    tg.wait_for(8341, "Recibí la foto 1").await;
    tg.send_photo(&applicant.user, photo(20));
    tg.wait_for(8341, "Recibí la foto 2").await;
    let done = applicant
        .taps("Listo, armar PDF", "Recibí el documento de designación")
        .await;
    assert!(done.contains("2 páginas"), "{done}");
    // Sent for the observation: back to UAC review.
    assert_eq!(stage_of(&bot.app, row.id).await, Stage::UacReview);
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let (_, pages) = files::latest(&mut conn, row.id, DocumentKind::HeadDesignation)
        .await
        .expect("files")
        .expect("designation on file");
    assert_eq!(pages, 2);
    drop(conn);

    // UAC now gets the document itself with the request.
    tg.wait_for(
        9341,
        &format!("Nueva solicitud en su bandeja: {}", row.code),
    )
    .await;
    tg.press_button(&uac.user, "Abrir");
    let caption = format!("Documento de designación del titular de {}", row.code);
    let doc = tg.wait_for(9341, &caption).await;
    assert_eq!(doc.method, "sendDocument");
    let (name, _) = doc.document.clone().expect("a file");
    assert_eq!(name, format!("designacion-{}.pdf", row.code));
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

backends!(otro_aliado_sends_its_designation_after_the_ddc_and_when_observed_for_it);
