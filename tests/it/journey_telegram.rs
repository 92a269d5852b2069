//! The access-request journey on Telegram, end to end: the real adapter against the
//! fake Bot API, one complete journey per access type, and a restart mid-way.

use contigo_bot::message::{Channel, ChatKey};
use contigo_bot::store::requests;
use contigo_bot::store::usage::{self, UsageKind};

use crate::backends;
use crate::support::telegram::{FakeTelegram, TgChat, TgUser};
use crate::support::{Backend, Running, TestDb, monday_morning, photo, settings, signed_pdf};

/// An ally on Telegram.
type Ally<'a> = TgChat<'a>;

fn code_in(text: &str) -> String {
    let start = text.find("CTG-").expect("a request code in the message");
    text[start..start + 15].to_owned()
}

/// The questions every access type shares, from the authority's names to the
/// responsible's office (a mayor's or governor's responsible gets the OMAPED or OREDIS
/// filled in, so the position is asked next). The optional fields are not asked:
/// [`add_institutional_email`] adds one at the review step.
pub(crate) async fn authority_and_responsible(a: &Ally<'_>, elected: bool) {
    a.says("Rosa María", "apellidos").await;
    a.says("Quispe Huamán", "DNI").await;
    // Wrong DNIs are explained with an example and asked again.
    a.says("4567891", "8 dígitos").await;
    let next = if elected { "credencial" } else { "celular" };
    a.says("45678912", next).await;
    if elected {
        a.says("0123-2026-JNE", "celular").await;
    }
    a.says("12345", "celular de 9 dígitos").await;
    a.says("987 654 321", "correo electrónico personal").await;
    a.says("rosa.quispe@example", "correo").await;
    a.says("rosa.quispe@example.org", "nombres").await;
    a.says("Luis Alberto", "apellidos").await;
    a.says("Pérez Soto", "DNI").await;
    a.says("41234567", "celular").await;
    a.says("912345678", "correo").await;
    a.says(
        "luis.perez@example.org",
        if elected { "cargo" } else { "oficina" },
    )
    .await;
}

/// At the review step, which names the optional fields left empty: the authority's
/// institutional e-mail (alcaldia@example.gob.pe) added there.
pub(crate) async fn add_institutional_email(a: &Ally<'_>) {
    a.taps("Corregir un dato", "¿Qué dato").await;
    a.taps("Correo institucional", "correo institucional").await;
    let summary = a.says("alcaldia@example.gob.pe", "Revise sus datos").await;
    assert!(summary.contains("alcaldia@example.gob.pe"), "{summary}");
}

async fn finish_and_submit(a: &Ally<'_>) -> String {
    a.says("Jefe de la oficina", "fecha").await;
    a.says("31/12/2099", "posterior a hoy").await;
    let summary = a.says("15/01/2026", "Revise sus datos").await;
    assert!(summary.contains("«Correo institucional»"), "{summary}");
    add_institutional_email(a).await;
    // Correct a single field from the summary without starting over.
    a.taps("Corregir un dato", "¿Qué dato").await;
    a.taps("Cargo", "cargo").await;
    let summary = a.says("Responsable de la OMAPED", "Revise sus datos").await;
    assert!(
        summary.contains("Cargo: Responsable de la OMAPED"),
        "{summary}"
    );
    assert!(summary.contains("Rosa María"), "{summary}");
    let done = a.taps("Enviar solicitud", "fue registrada").await;
    code_in(&done)
}

async fn ddc_pdf_arrives(tg: &FakeTelegram, user: &TgUser, code: &str) {
    let doc = tg
        .wait_for(user.chat_id(), "Declaración de Confidencialidad")
        .await;
    assert_eq!(doc.method, "sendDocument");
    let (name, _) = doc.document.clone().expect("a document");
    assert_eq!(name, format!("DDC-{code}.pdf"));
    let bytes = tg.document(&doc);
    let pdf = lopdf::Document::load_mem(&bytes).expect("the DDC is a real PDF");
    let text = pdf.extract_text(&[1]).expect("text");
    assert!(text.contains(code), "the DDC carries its code");
    assert!(
        text.contains("45678912"),
        "the DDC carries the authority's DNI"
    );
    assert!(text.contains("29733"), "the DDC quotes Ley 29733");
    tg.wait_for(user.chat_id(), "Siguiente paso").await;
}

async fn local_government_journey(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let a = Ally {
        tg: &tg,
        user: TgUser::new(7001, "Luis").with_language("es"),
    };

    a.says("/start", "¿Qué desea hacer?").await;
    a.taps("Solicitar acceso", "Paso 1").await;
    a.taps("Gobierno Local", "distrito").await;
    a.says("distrito inexistente", "No encontré el distrito")
        .await;
    // Two districts share this name: the bot asks which one.
    a.says("MARISCAL CACERES", "Hay 2 distritos").await;
    a.taps(
        "Mariscal Cáceres (Huancavelica, Huancavelica)",
        "nombres del alcalde",
    )
    .await;
    authority_and_responsible(&a, true).await;
    let code = finish_and_submit(&a).await;
    ddc_pdf_arrives(&tg, &a.user, &code).await;

    // Return the signed DDC: a photo of a sticker is refused, a PDF accepted.
    a.taps("Enviar DDC firmada", "Envíe la DDC firmada").await;
    tg.send_document(
        &a.user,
        "carta.txt",
        "text/plain",
        b"no soy un pdf".to_vec(),
    );
    tg.wait_for(a.user.chat_id(), "Solo acepto la declaración en PDF")
        .await;
    tg.send_document(&a.user, "ddc-firmada.pdf", "application/pdf", signed_pdf());
    let accepted = tg.wait_for(a.user.chat_id(), "Recibí la DDC firmada").await;
    let text = accepted.text();
    assert!(text.contains("en revisión de requisitos (UAC)"), "{text}");
    // Monday 23 Nov + 1 business day; then 2 + 1 + 3 more for the account.
    assert!(text.contains("Plazo de esta etapa: 24/11/2026"), "{text}");
    assert!(
        text.contains("Fecha estimada de su cuenta: 02/12/2026"),
        "{text}"
    );

    let status = a.says("¿cómo va mi solicitud?", "Etapa:").await;
    assert!(status.contains(&code) && status.contains("UAC"), "{status}");

    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let row = requests::by_code(&mut conn, &code)
        .await
        .expect("query")
        .expect("stored");
    assert_eq!(row.stage.as_str(), "uac_review");
    assert_eq!(row.jurisdiction, "090111");
    assert!(!row.is_modification());
    let history = requests::transitions(&mut conn, row.id)
        .await
        .expect("history");
    let moves: Vec<(String, String)> = history
        .iter()
        .map(|t| (t.from.clone(), t.to.clone()))
        .collect();
    assert_eq!(
        moves,
        vec![
            ("draft".into(), "awaiting_ddc".into()),
            ("awaiting_ddc".into(), "uac_review".into())
        ]
    );
    let (sha, pages) = contigo_bot::store::files::latest(
        &mut conn,
        row.id,
        contigo_bot::store::files::DocumentKind::SignedDdc,
    )
    .await
    .expect("query")
    .expect("signed DDC attached");
    assert_eq!(pages, 1);
    let stored = bot.app.files.get(&sha).await.expect("stored by hash");
    assert_eq!(stored, signed_pdf());
    let chat = a.user.chat_id().to_string();
    for (kind, at_least) in [
        (UsageKind::SessionStart, 1),
        (UsageKind::RequestSent, 1),
        (UsageKind::Download, 1),
        (UsageKind::Query, 1),
    ] {
        let n = usage::count(&mut conn, ChatKey::new(Channel::Telegram, &chat), kind)
            .await
            .expect("count");
        assert!(n >= at_least, "{kind:?}: {n}");
    }
    drop(conn);
    assert!(
        tg.refusals().is_empty(),
        "the bot sent something Telegram refuses: {:?}",
        tg.refusals()
    );
    bot.stop().await;
}

async fn regional_government_journey_with_photos(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let a = Ally {
        tg: &tg,
        user: TgUser::new(7002, "Ana"),
    };
    a.says("hola", "¿Qué desea hacer?").await;
    a.taps("Solicitar acceso", "tipo de acceso").await;
    a.taps("Gobierno Regional", "región").await;
    a.says("huancavelica", "gobernador o gobernadora regional")
        .await;
    authority_and_responsible(&a, true).await;
    let code = finish_and_submit(&a).await;
    ddc_pdf_arrives(&tg, &a.user, &code).await;

    // Two photos of the pages, assembled in order into one PDF.
    a.taps("Enviar DDC firmada", "Envíe la DDC firmada").await;
    tg.send_photo(&a.user, photo(10));
    tg.wait_for(a.user.chat_id(), "Recibí la foto 1").await;
    tg.send_photo(&a.user, photo(200));
    tg.wait_for(a.user.chat_id(), "Recibí la foto 2").await;
    a.taps("Listo, armar PDF", "Recibí la DDC firmada").await;

    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let row = requests::by_code(&mut conn, &code)
        .await
        .expect("query")
        .expect("stored");
    assert_eq!(row.stage.as_str(), "uac_review");
    assert_eq!(row.jurisdiction, "09");
    let (sha, pages) = contigo_bot::store::files::latest(
        &mut conn,
        row.id,
        contigo_bot::store::files::DocumentKind::SignedDdc,
    )
    .await
    .expect("query")
    .expect("attached");
    assert_eq!(pages, 2);
    let pdf =
        lopdf::Document::load_mem(&bot.app.files.get(&sha).await.expect("file")).expect("pdf");
    assert_eq!(pdf.get_pages().len(), 2);
    drop(conn);
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

async fn other_ally_journey_sends_file_without_asking(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let a = Ally {
        tg: &tg,
        user: TgUser::new(7003, "Eva").with_language("es-PE"),
    };
    a.says("/start", "¿Qué desea hacer?").await;
    a.taps("Solicitar acceso", "tipo de acceso").await;
    a.taps("Otro Aliado", "nombre de la entidad").await;
    a.says("Asociación Manos Unidas del Perú", "pública o privada")
        .await;
    // Private entity: the ROF question is skipped.
    a.taps("Privada", "designa al titular").await;
    a.says("Acta N° 12-2025", "nombres del titular").await;
    authority_and_responsible(&a, false).await;
    a.says("Área de Proyectos Sociales", "cargo").await;
    let code = finish_and_submit(&a).await;
    ddc_pdf_arrives(&tg, &a.user, &code).await;

    // The signed PDF, sent straight away with no menu: the bot finds the request.
    tg.send_document(&a.user, "firmado.pdf", "application/pdf", signed_pdf());
    let accepted = tg.wait_for(a.user.chat_id(), "Recibí la DDC firmada").await;
    assert!(accepted.text().contains(&code));
    // Then the document designating the head of the entity, as a photo.
    tg.wait_for(a.user.chat_id(), "documento que designa al titular")
        .await;
    tg.send_photo(&a.user, photo(90));
    tg.wait_for(a.user.chat_id(), "Recibí la foto 1").await;
    a.taps("Listo, armar PDF", "Recibí el documento de designación")
        .await;

    // Someone else: the authority's DNI alone shows nothing; with the request code
    // it shows the stage only, no place and no names.
    let other = Ally {
        tg: &tg,
        user: TgUser::new(7999, "Otro"),
    };
    other.says("/estado", "código de su solicitud").await;
    other.says("45678912", "Con un DNI no puedo").await;
    other.says(&code, "código de verificación").await;
    let status = other.says("45678912", "Etapa:").await;
    assert!(status.contains(&code), "{status}");
    assert!(!status.contains("Manos Unidas"), "{status}");
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

async fn conversation_resumes_after_restart(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let s = settings(&db, Some(&tg.api_url()));
    let bot = Running::start(s.clone(), monday_morning()).await;
    let a = Ally {
        tg: &tg,
        user: TgUser::new(7004, "Rut"),
    };
    a.says("/start", "¿Qué desea hacer?").await;
    a.taps("Solicitar acceso", "tipo de acceso").await;
    a.taps("Gobierno Local", "distrito").await;
    a.says("Acoria", "nombres del alcalde").await;
    a.says("Rosa", "apellidos").await;
    // Killed between turns (a crash mid-send is covered by the outbox lease tests).
    tg.wait_until_idle(a.user.chat_id()).await;
    bot.kill().await;

    // The user keeps writing while the bot is down; nothing is lost.
    tg.send_text(&a.user, "Quispe");
    let bot = Running::start(s, monday_morning()).await;
    let next = tg.wait_for(a.user.chat_id(), "DNI").await;
    assert!(next.text().contains("Paso 5 de 16"), "{}", next.text());
    a.says("45678912", "credencial").await;
    // Asked at any time, the status question is answered and the step asked again.
    let answer = a
        .says("¿Cómo va mi solicitud?", "Aún no tiene solicitudes")
        .await;
    assert!(answer.contains("Paso 6 de 16"), "{answer}");
    a.says("/cancelar", "No se envió nada").await;
    bot.stop().await;
}

async fn english_speakers_get_english(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let a = Ally {
        tg: &tg,
        user: TgUser::new(7005, "Ann").with_language("en-GB"),
    };
    a.says("/start", "What would you like to do?").await;
    a.taps("Request access", "Step 1").await;
    a.taps("Local Government", "Which district").await;
    a.says("xyz", "could not find the district").await;
    a.says("/cancel", "Nothing was sent").await;
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

backends!(
    english_speakers_get_english,
    local_government_journey,
    regional_government_journey_with_photos,
    other_ally_journey_sends_file_without_asking,
    conversation_resumes_after_restart,
);
