//! The one access policy seen from the chats: who may return a signed DDC, read a
//! request's status or its personal data, and get staff reports; refusals change
//! nothing, and every staff read lands in the Ley 29733 record. All data is invented.

use contigo_bot::app::App;
use contigo_bot::demo::{Place, active_access};
use contigo_bot::domain::request::VerificationCode;
use contigo_bot::domain::stage::{Role, Stage};
use contigo_bot::message::ChatKey;
use contigo_bot::message::{
    Channel, ChatRef, FileContent, FileOrigin, Inbound, IncomingFile, Outbound,
};
use contigo_bot::store::personal_data;
use contigo_bot::store::requests::{self, RequestRow};
use contigo_bot::store::staff;

use crate::backends;
use crate::support::engine::{assert_has, telegram, text_of, turn};
use crate::support::{
    Backend, Running, TestDb, add_staff, local_request_data, monday_morning, settings, signed_pdf,
    submitted_request,
};
use crate::support::{fresh, signed_ddc};

async fn says(app: &App, chat: &ChatRef, text: &str) -> String {
    text_of(&turn(app, chat, Inbound::Text(text.into())).await)
}

async fn sends_pdf(app: &App, chat: &ChatRef) -> String {
    let file = IncomingFile {
        origin: FileOrigin::Document,
        name: Some("firmada.pdf".into()),
        content: FileContent::Bytes(signed_pdf()),
    };
    text_of(&turn(app, chat, Inbound::File(file)).await)
}

fn verification(row: &RequestRow) -> VerificationCode {
    row.verification_code.clone().expect("a verification code")
}

async fn start(backend: Backend) -> (TestDb, Running, RequestRow) {
    let db = TestDb::new(backend).await;
    let mut s = settings(&db, None);
    s.links.telegram_bot_username = "contigo_prueba_bot".into();
    let bot = Running::start(s, monday_morning()).await;
    let data = local_request_data("090103", "987650001");
    let row = submitted_request(&bot.app, &data, "telegram", "5001").await;
    (db, bot, row)
}

async fn stranger_with_the_code_or_the_dni_cannot_upload_and_nothing_is_attached(backend: Backend) {
    let (_db, bot, row) = start(backend).await;
    let app = &bot.app;
    let stranger = telegram("6001");

    // The request code, then the authority's DNI: found, but not proof enough.
    assert_has(
        &says(app, &stranger, "/enviar").await,
        "código de su solicitud",
    );
    assert_has(
        &says(app, &stranger, &row.code).await,
        "código de verificación",
    );
    assert_has(
        &says(app, &stranger, "45678912").await,
        "No puedo mostrarle",
    );
    // The file sent first is held, never attached; the DNI alone finds nothing.
    assert_has(&sends_pdf(app, &stranger).await, "código de su solicitud");
    assert_has(
        &says(app, &stranger, "45678912").await,
        "Con un DNI no puedo",
    );
    // A wrong verification code is told apart from the right one.
    says(app, &stranger, &row.code).await;
    assert_has(&says(app, &stranger, "ABCD-EFGH").await, "no coincide");
    let row_now = fresh(app, row.id).await;
    assert_eq!(row_now.stage, Stage::AwaitingDdc);
    assert_eq!(signed_ddc(app, row.id).await, None, "nothing attached");

    // With the verification code printed on the DDC, the file held goes through.
    let v = verification(&row);
    assert_has(
        &says(app, &stranger, &v.grouped()).await,
        "Recibí la DDC firmada",
    );
    assert_eq!(fresh(app, row.id).await.stage, Stage::UacReview);
    assert!(signed_ddc(app, row.id).await.is_some());
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let history = requests::transitions(&mut conn, row.id)
        .await
        .expect("history");
    assert_eq!(
        history.last().map(|t| t.actor.as_str()),
        Some("verification_code_holder")
    );
    drop(conn);

    // The applicant's chat, told the DDC already arrived, has nothing pending.
    let told = says(app, &telegram("5001"), "/enviar").await;
    assert!(!told.contains("Recibí la DDC"), "{told}");
    bot.stop().await;
}

/// A conversation left at the upload step (e.g. saved before these rules) is not
/// proof: the file is checked against what the database knows, and refused.
async fn an_upload_state_alone_does_not_let_a_stranger_attach(backend: Backend) {
    use contigo_bot::store::conversations::{self, ConversationRow};
    let (_db, bot, row) = start(backend).await;
    let app = &bot.app;
    let state = serde_json::json!({
        "state": {"flow": "uploading", "request_id": row.id, "code": row.code},
        "offered": [],
    });
    {
        let mut conn = app.store.pool.acquire().await.expect("conn");
        conversations::save(
            &mut conn,
            &ConversationRow {
                channel: "telegram".into(),
                chat_id: "6007".into(),
                locale: "es".into(),
                state: state.to_string(),
                session_id: None,
                not_understood: 0,
                last_activity_at: app.clock.unix(),
                offered: None,
            },
        )
        .await
        .expect("save state");
    }
    assert_has(
        &sends_pdf(app, &telegram("6007")).await,
        "No puedo mostrarle",
    );
    assert_eq!(fresh(app, row.id).await.stage, Stage::AwaitingDdc);
    assert_eq!(signed_ddc(app, row.id).await, None, "nothing attached");
    bot.stop().await;
}

async fn the_ddc_qr_link_and_typed_codes_open_the_upload_step(backend: Backend) {
    let (_db, bot, row) = start(backend).await;
    let app = &bot.app;
    let v = verification(&row);
    let payload = format!("{}-{}", row.code, v.as_str());
    // Telegram's deep link: /start <payload>.
    let opened = says(app, &telegram("6002"), &format!("/start {payload}")).await;
    assert_has(&opened, "Envíe la DDC firmada");
    assert_has(&opened, &row.code);
    assert!(
        !opened.contains("/file"),
        "a phone has its attach button: {opened}"
    );
    // The terminal has none: its upload step says how to send a file.
    let terminal = ChatRef {
        channel: Channel::Terminal,
        chat_id: "local".into(),
        lang_hint: Some("es".into()),
    };
    let typed = says(app, &terminal, &format!("{} {}", row.code, v.grouped())).await;
    assert_has(&typed, "Envíe la DDC firmada");
    assert_has(&typed, "escriba /file RUTA");
    // WhatsApp's link pre-fills the two codes as text.
    let wa = ChatRef {
        channel: Channel::Whatsapp,
        chat_id: "51900000003".into(),
        lang_hint: Some("es".into()),
    };
    let typed = says(app, &wa, &format!("{} {}", row.code, v.grouped())).await;
    assert_has(&typed, "Envíe la DDC firmada");
    assert_has(&sends_pdf(app, &wa).await, "Recibí la DDC firmada");
    assert_eq!(fresh(app, row.id).await.stage, Stage::UacReview);
    bot.stop().await;
}

async fn wrong_verification_codes_are_limited_per_chat(backend: Backend) {
    let (_db, bot, row) = start(backend).await;
    let app = &bot.app;
    let guesser = telegram("6003");
    says(app, &guesser, "/enviar").await;
    says(app, &guesser, &row.code).await;
    for guess in [
        "2222-2222",
        "ABCD-EFGH",
        "4444 4444",
        "zzzz-zzzz",
        "6666-6666",
    ] {
        assert_has(&says(app, &guesser, guess).await, "no coincide");
    }
    // Now even the right code waits: the window is in the database.
    let v = verification(&row);
    let link = format!("/start {}-{}", row.code, v.as_str());
    assert_has(&says(app, &guesser, &link).await, "demasiados códigos");
    assert_eq!(fresh(app, row.id).await.stage, Stage::AwaitingDdc);
    // Another chat is not affected.
    assert_has(
        &says(app, &telegram("6004"), &link).await,
        "Envíe la DDC firmada",
    );
    bot.stop().await;
}

async fn status_from_another_chat_needs_the_verification_code_for_details(backend: Backend) {
    let (_db, bot, row) = start(backend).await;
    let app = &bot.app;
    let other = telegram("6005");
    // The authority's DNI alone: nothing about anyone else's request.
    says(app, &other, "/estado").await;
    let by_dni = says(app, &other, "45678912").await;
    assert_has(&by_dni, "Con un DNI no puedo");
    assert!(!by_dni.contains(&row.code), "{by_dni}");
    // Code and DNI: the stage and its date, no place and no names.
    says(app, &other, &row.code).await;
    let stage_only = says(app, &other, "45678912").await;
    assert_has(&stage_only, "Etapa:");
    assert!(!stage_only.contains("Acoria"), "{stage_only}");
    assert!(!stage_only.contains("Rosa"), "{stage_only}");
    // Code and verification code: the status with its jurisdiction.
    says(app, &other, "/estado").await;
    says(app, &other, &row.code).await;
    let full = says(app, &other, &verification(&row).grouped()).await;
    assert_has(&full, "Acoria");
    assert_has(&full, "Siguiente");
    bot.stop().await;
}

/// Longest plausible values for each access type: the codes in the header and the
/// longer return paragraph must still leave the DDC on one A4 page.
async fn every_access_types_ddc_fits_one_page_with_its_codes(backend: Backend) {
    use contigo_bot::domain::request::AccessType;
    use contigo_bot::domain::values::{DocNumber, FreeText, PersonName};
    let (_db, bot, _row) = start(backend).await;
    let app = &bot.app;
    let local = local_request_data("090103", "987650001");
    let mut regional = local.clone();
    regional.access_type = Some(AccessType::Regional);
    regional.ubigeo = None;
    regional.region_code = Some("09".into());
    let mut other = local.clone();
    other.access_type = Some(AccessType::Other);
    other.ubigeo = None;
    other.jne_credential = None;
    other.entity_name = FreeText::parse(
        "Asociación Regional de Personas con Discapacidad del Valle del Mantaro y Anexos",
    )
    .ok();
    other.entity_public = Some(true);
    other.rof_doc = DocNumber::parse("Ordenanza Regional N° 0456-2025-GRJ/CR").ok();
    other.head_designation_doc = DocNumber::parse("Resolución N° 0123-2026-ARPD/PRES").ok();
    other.authority_names = PersonName::parse("María de los Ángeles Guadalupe").ok();
    other.authority_surnames = PersonName::parse("Huamaní Ccorimanya de la Cruz").ok();
    other.resp_office = FreeText::parse("Subgerencia de Programas Sociales y Discapacidad").ok();
    for (i, data) in [local, regional, other].iter().enumerate() {
        let chat = format!("70{i}");
        let row = submitted_request(app, data, "telegram", &chat).await;
        let out = turn(app, &telegram(&chat), Inbound::Text("/ddc".into())).await;
        let sha = out
            .iter()
            .find_map(|o| match o {
                Outbound::Document { sha256, .. } => Some(sha256.clone()),
                _ => None,
            })
            .expect("the DDC is sent");
        let bytes = app.engine.files.get(&sha).await.expect("stored");
        let pdf = lopdf::Document::load_mem(&bytes).expect("a real PDF");
        let text = pdf.extract_text(&[1]).expect("text");
        assert_eq!(
            pdf.get_pages().len(),
            1,
            "{:?} spills over: {text}",
            data.access_type
        );
        assert_has(&text, &verification(&row).grouped());
        if let Ok(dir) = std::env::var("DDC_SAMPLE_DIR") {
            let name = format!("ddc-{i}-{backend:?}.pdf").to_lowercase();
            std::fs::write(std::path::Path::new(&dir).join(name), &bytes).expect("write");
        }
    }
    bot.stop().await;
}

async fn the_ddc_goes_to_another_chat_only_with_the_verification_code(backend: Backend) {
    let (_db, bot, row) = start(backend).await;
    let app = &bot.app;
    let other = telegram("6006");
    says(app, &other, "/ddc").await;
    assert_has(
        &says(app, &other, &row.code).await,
        "código de verificación",
    );
    // The DDC prints the verification code: the authority's DNI must not lead to it.
    let out = turn(app, &other, Inbound::Text("45678912".into())).await;
    assert_has(&text_of(&out), "No puedo mostrarle");
    assert_eq!(documents(&out), 0);
    says(app, &other, "/ddc").await;
    says(app, &other, &row.code).await;
    let out = turn(app, &other, Inbound::Text(verification(&row).grouped())).await;
    assert_eq!(documents(&out), 1, "{}", text_of(&out));
    bot.stop().await;
}

async fn the_ddc_carries_its_verification_code(backend: Backend) {
    let (_db, bot, row) = start(backend).await;
    let app = &bot.app;
    let out = turn(app, &telegram("5001"), Inbound::Text("/ddc".into())).await;
    let sha = out
        .iter()
        .find_map(|o| match o {
            Outbound::Document { sha256, .. } => Some(sha256.clone()),
            _ => None,
        })
        .expect("the DDC is sent");
    let bytes = app.engine.files.get(&sha).await.expect("stored");
    let pdf = lopdf::Document::load_mem(&bytes).expect("a real PDF");
    assert_eq!(pdf.get_pages().len(), 1, "still one A4 page");
    let text = pdf.extract_text(&[1]).expect("text");
    assert_has(&text, &row.code);
    assert_has(&text, &verification(&row).grouped());
    if let Ok(dir) = std::env::var("DDC_SAMPLE_DIR") {
        let name = format!("ddc-{backend:?}.pdf").to_lowercase();
        std::fs::write(std::path::Path::new(&dir).join(name), &bytes).expect("write sample");
    }
    bot.stop().await;
}

async fn taps(app: &App, chat: &ChatRef, id: &str) -> Vec<Outbound> {
    turn(app, chat, Inbound::Choice(id.into())).await
}

fn documents(out: &[Outbound]) -> usize {
    out.iter()
        .filter(|o| matches!(o, Outbound::Document { .. }))
        .count()
}

async fn staff_id(app: &App, telegram_id: i64) -> i64 {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    staff::by_chat(
        &mut conn,
        ChatKey::new(Channel::Telegram, &telegram_id.to_string()),
    )
    .await
    .expect("query")
    .expect("staff member")
    .id
}

async fn move_to(app: &App, row: &RequestRow, from: Stage, to: Stage, actor: &str) {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let moved = requests::move_stage(&mut conn, row.id, from, to, None, actor, None, 0)
        .await
        .expect("move");
    assert!(moved);
}

async fn access_record(app: &App, id: i64) -> Vec<personal_data::AccessRecord> {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    personal_data::for_request(&mut conn, id)
        .await
        .expect("record")
}

async fn replaying_a_uac_open_choice_shows_other_roles_no_personal_data(backend: Backend) {
    let (_db, bot, row) = start(backend).await;
    let app = &bot.app;
    // The signed DDC arrived from the applicant's chat: the request is at UAC review.
    let v = verification(&row);
    says(
        app,
        &telegram("5001"),
        &format!("{} {}", row.code, v.grouped()),
    )
    .await;
    assert_has(
        &sends_pdf(app, &telegram("5001")).await,
        "Recibí la DDC firmada",
    );
    add_staff(app, "Uca Revisora", &[Role::Uac], 9101).await;
    add_staff(app, "Uja Abogado", &[Role::Uaj], 9102).await;
    add_staff(app, "Esa Especialista", &[Role::Especialista], 9103).await;
    add_staff(app, "Super Visora", &[Role::Supervisor], 9104).await;
    let open = format!("rv:{}", row.id);

    // UAJ and an especialista replaying UAC's "open" button: nothing personal.
    for id in ["9102", "9103"] {
        let out = taps(app, &telegram(id), &open).await;
        let text = text_of(&out);
        assert_has(&text, "no corresponde a sus roles");
        for secret in [
            "45678912",
            "41234567",
            "Rosa",
            "Luis",
            "987650001",
            "0123-2026-JNE",
        ] {
            assert!(!text.contains(secret), "{secret} leaked to {id}: {text}");
        }
        assert_eq!(documents(&out), 0, "no signed DDC for {id}");
    }
    assert!(
        access_record(app, row.id).await.is_empty(),
        "refusals read nothing"
    );

    // UAC, whose stage it is, sees everything; so does a supervisor.
    let uac = taps(app, &telegram("9101"), &open).await;
    assert_has(&text_of(&uac), "DNI de la autoridad: 45678912");
    assert_eq!(documents(&uac), 1, "the signed DDC");
    let sup = taps(app, &telegram("9104"), &open).await;
    assert_has(&text_of(&sup), "DNI de la autoridad: 45678912");

    // Every staff read is in the Ley 29733 record, naming the staff member.
    let uac_id = staff_id(app, 9101).await;
    let sup_id = staff_id(app, 9104).await;
    let reads: Vec<(Option<i64>, String, String)> = access_record(app, row.id)
        .await
        .into_iter()
        .map(|r| (r.staff_id, r.action, r.what))
        .collect();
    let read = |id: i64, what: &str| (Some(id), "review".to_owned(), what.to_owned());
    assert_eq!(
        reads,
        [
            read(uac_id, "request"),
            read(uac_id, "signed_ddc"),
            read(sup_id, "request"),
            read(sup_id, "signed_ddc"),
        ]
    );

    // Once UAC forwarded it, UAJ works it and UAC still sees its own past action.
    move_to(
        app,
        &row,
        Stage::UacReview,
        Stage::LegalReview,
        &format!("staff:{uac_id} Uca Revisora"),
    )
    .await;
    assert_has(
        &text_of(&taps(app, &telegram("9102"), &open).await),
        "45678912",
    );
    assert_has(
        &text_of(&taps(app, &telegram("9101"), &open).await),
        "45678912",
    );
    let esp = text_of(&taps(app, &telegram("9103"), &open).await);
    assert!(!esp.contains("45678912"), "{esp}");
    bot.stop().await;
}

async fn only_uti_uac_and_supervisors_get_the_accounts_list(backend: Backend) {
    let (_db, bot, _row) = start(backend).await;
    let app = &bot.app;
    let active = {
        let mut conn = app.store.pool.acquire().await.expect("conn");
        active_access(
            &mut conn,
            Place::Region("09"),
            "987650003",
            app.clock.unix(),
        )
        .await
        .expect("active access")
    };
    let roles = [
        (9201, Role::Uti, true),
        (9202, Role::Uac, true),
        (9203, Role::Supervisor, true),
        (9204, Role::Uaj, false),
        (9205, Role::De, false),
        (9206, Role::Especialista, false),
    ];
    for (id, role, _) in roles {
        add_staff(app, &format!("Persona {id}"), &[role], id).await;
    }
    for (id, role, gets) in roles {
        let chat = telegram(&id.to_string());
        let menu = says(app, &chat, "/cuentas").await;
        // Replaying the period button is refused just the same.
        let list = text_of(&taps(app, &chat, "rp:month").await);
        if gets {
            assert_has(&menu, "¿De qué periodo");
            assert_has(&list, &active.code);
            assert_has(&list, "Responsable Demo");
        } else {
            assert_has(&menu, "no corresponde a sus roles");
            assert_has(&list, "no corresponde a sus roles");
            assert!(!list.contains(&active.code), "{role:?}: {list}");
            assert!(!list.contains("Responsable Demo"), "{role:?}: {list}");
        }
    }
    // Each list shown is in the record, once per reader.
    let readers: Vec<Option<i64>> = access_record(app, active.id)
        .await
        .into_iter()
        .filter(|r| r.action == "report" && r.what == "accounts_created")
        .map(|r| r.staff_id)
        .collect();
    let mut want = vec![];
    for id in [9201, 9202, 9203] {
        want.push(Some(staff_id(app, id).await));
    }
    assert_eq!(readers, want);
    bot.stop().await;
}

async fn specialist_sees_a_bound_allys_name_and_jurisdiction(backend: Backend) {
    let (_db, bot, _row) = start(backend).await;
    let app = &bot.app;
    let access = {
        let mut conn = app.store.pool.acquire().await.expect("conn");
        active_access(
            &mut conn,
            Place::Region("09"),
            "987650003",
            app.clock.unix(),
        )
        .await
        .expect("active access")
    };
    add_staff(app, "Esa Especialista", &[Role::Especialista], 9301).await;
    // A WhatsApp ally bound by their number to a regional access requested elsewhere.
    let ally = ChatRef {
        channel: Channel::Whatsapp,
        chat_id: "51987650003".into(),
        lang_hint: Some("es".into()),
    };
    assert_has(&says(app, &ally, "/padron").await, "quedó vinculado");
    says(app, &ally, "/especialista").await;
    taps(app, &ally, "tk:cat:consulta").await;
    says(app, &ally, "No puedo descargar la lista de vigentes").await;
    // Untaken, it shows what it is about (its jurisdiction), not who wrote it.
    let pending = text_of(&taps(app, &telegram("9301"), "tk:pending").await);
    assert_has(&pending, "Huancavelica");
    assert!(!pending.contains("Responsable Demo"), "{pending}");
    assert!(!pending.contains("sin nombre registrado"), "{pending}");
    assert!(!pending.contains("no registrada"), "{pending}");
    // Taking it shows the context, and the read is recorded against the access.
    let ticket_id = {
        let mut conn = app.store.pool.acquire().await.expect("conn");
        contigo_bot::store::tickets::active_for_chat(
            &mut conn,
            ChatKey::new(Channel::Whatsapp, "51987650003"),
        )
        .await
        .expect("tickets")
        .map(|t| t.id)
        .expect("the ticket")
    };
    let inside = text_of(&taps(app, &telegram("9301"), &format!("tk:take:{ticket_id}")).await);
    assert_has(&inside, "Responsable Demo Ficticio Prueba");
    assert!(!inside.contains("sin nombre registrado"), "{inside}");
    let specialist = staff_id(app, 9301).await;
    let reads = access_record(app, access.id).await;
    assert!(
        reads
            .iter()
            .any(|r| r.staff_id == Some(specialist) && r.what == "ticket_context"),
        "{reads:?}"
    );
    bot.stop().await;
}

backends!(
    replaying_a_uac_open_choice_shows_other_roles_no_personal_data,
    only_uti_uac_and_supervisors_get_the_accounts_list,
    specialist_sees_a_bound_allys_name_and_jurisdiction,
);

backends!(
    an_upload_state_alone_does_not_let_a_stranger_attach,
    stranger_with_the_code_or_the_dni_cannot_upload_and_nothing_is_attached,
    the_ddc_qr_link_and_typed_codes_open_the_upload_step,
    wrong_verification_codes_are_limited_per_chat,
    status_from_another_chat_needs_the_verification_code_for_details,
    the_ddc_carries_its_verification_code,
    the_ddc_goes_to_another_chat_only_with_the_verification_code,
    every_access_types_ddc_fits_one_page_with_its_codes,
);
