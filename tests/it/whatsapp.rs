//! WhatsApp on the Cloud API, end to end: Meta-shaped, signed webhook notifications
//! posted to the real server on a random port, the real adapter against the fake Graph
//! API; and Telegram's webhook mode on the same server.

use contigo_bot::message::{Channel, ChatKey};
use std::time::Duration;

use contigo_bot::store::{deliveries, requests};
use serde_json::json;
use sqlx::Row;

use crate::backends;
use crate::support::browser::post_slowly;
use crate::support::telegram::{FakeTelegram, TgUser};
use crate::support::whatsapp::{
    self, FakeWhatsapp, VERIFY_TOKEN, WaUser, now_unix, post, post_raw, sign, sign_with,
};
use crate::support::{Backend, Running, TestDb, monday_morning, photo, settings, signed_pdf};

async fn start(db: &TestDb, wa: &FakeWhatsapp) -> Running {
    let mut s = settings(db, None);
    wa.configure(&mut s);
    Running::start(s, monday_morning()).await
}

/// Events stored for a turn (not those refused at the door).
async fn stored_events(bot: &Running) -> i64 {
    sqlx::query(
        "SELECT COUNT(*) AS n FROM inbound_events WHERE channel = 'whatsapp' AND rejected IS NULL",
    )
    .fetch_one(&bot.app.store.pool)
    .await
    .expect("count")
    .try_get("n")
    .expect("n")
}

/// An ally on WhatsApp: each step posts a signed notification and waits for the answer.
struct Ally<'a> {
    wa: &'a FakeWhatsapp,
    bot: &'a Running,
    user: WaUser,
}

impl Ally<'_> {
    async fn sends(&self, notification: serde_json::Value) {
        assert_eq!(post(&self.bot.http, &notification).await, 200);
    }

    async fn says(&self, text: &str, expect: &str) -> String {
        self.sends(self.wa.text(&self.user, text)).await;
        self.wa
            .wait_for(&self.user.phone, expect)
            .await
            .text()
            .to_owned()
    }

    async fn taps(&self, label: &str, expect: &str) -> String {
        self.sends(self.wa.tap(&self.user, label)).await;
        self.wa
            .wait_for(&self.user.phone, expect)
            .await
            .text()
            .to_owned()
    }
}

fn code_in(text: &str) -> String {
    let start = text.find("CTG-").expect("a request code in the message");
    text[start..start + 15].to_owned()
}

async fn authority_and_responsible(a: &Ally<'_>) {
    a.says("Rosa María", "apellidos").await;
    a.says("Quispe Huamán", "DNI").await;
    a.says("4567891", "8 dígitos").await;
    a.says("45678912", "credencial").await;
    a.says("0123-2026-JNE", "celular").await;
    a.says("987 654 321", "correo electrónico personal").await;
    a.says("rosa.quispe@example.org", "nombres").await;
    a.says("Luis Alberto", "apellidos").await;
    a.says("Pérez Soto", "DNI").await;
    a.says("41234567", "celular").await;
    a.says("912345678", "correo").await;
    // The OMAPED or OREDIS is filled in from the access type.
    a.says("luis.perez@example.org", "cargo").await;
}

/// From the position to the submitted request, correcting one field from a paged list.
async fn finish_and_submit(a: &Ally<'_>) -> String {
    a.says("Jefe de la oficina", "fecha").await;
    a.says("15/01/2026", "Revise sus datos").await;
    a.taps("Corregir un dato", "¿Qué dato").await;
    // More fields than a list message holds: the list is paged, every one reachable.
    a.wa.wait_until_idle(&a.user.phone).await;
    let pages =
        a.wa.sent_to(&a.user.phone)
            .iter()
            .rev()
            .take_while(|s| s.interactive.as_deref() == Some("list"))
            .count();
    assert!(pages >= 2, "the fix list is paged ({pages})");
    a.taps("Cargo", "cargo").await;
    let summary = a.says("Responsable de la OMAPED", "Revise sus datos").await;
    assert!(
        summary.contains("Cargo: Responsable de la OMAPED"),
        "{summary}"
    );
    let done = a.taps("Enviar solicitud", "fue registrada").await;
    code_in(&done)
}

async fn ddc_document_arrives(a: &Ally<'_>, code: &str) -> whatsapp::Sent {
    let doc =
        a.wa.wait_for(&a.user.phone, "Declaración de Confidencialidad")
            .await;
    assert_eq!(doc.kind, "document");
    let (name, _) = doc.document.clone().expect("a document");
    assert_eq!(name, format!("DDC-{code}.pdf"));
    let pdf = lopdf::Document::load_mem(&a.wa.document_bytes(&doc)).expect("a real PDF");
    let text = pdf.extract_text(&[1]).expect("text");
    assert!(text.contains(code) && text.contains("45678912"), "{text}");
    a.wa.wait_for(&a.user.phone, "Siguiente paso").await;
    doc
}

async fn access_request_journey_with_pdf(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa).await;
    let a = Ally {
        wa: &wa,
        bot: &bot,
        user: WaUser::new("51900000101", "Luis"),
    };

    // Five menu options: a list message.
    a.says("hola", "¿Qué desea hacer?").await;
    a.taps("Solicitar acceso", "tipo de acceso").await;
    a.taps("Gobierno Local", "distrito").await;
    // Two districts share this name; their labels are longer than a row title.
    a.says("MARISCAL CACERES", "Hay 2 distritos").await;
    a.taps(
        "Mariscal Cáceres (Huancavelica, Huancavelica)",
        "nombres del alcalde",
    )
    .await;
    authority_and_responsible(&a).await;
    let code = finish_and_submit(&a).await;
    let ddc = ddc_document_arrives(&a, &code).await;

    // Meta reports the DDC's progress; each status is recorded against its outbox row.
    for status in ["sent", "delivered", "read"] {
        a.sends(wa.status(&ddc.wamid, &a.user.phone, status)).await;
    }
    let outbox_id: i64 = sqlx::query("SELECT id FROM outbox WHERE external_id = $1")
        .bind(&ddc.wamid)
        .fetch_one(&bot.app.store.pool)
        .await
        .expect("the wamid is the outbox row's external id")
        .try_get("id")
        .expect("id");
    let mut recorded = vec![];
    for _ in 0..50 {
        let mut conn = bot.app.store.pool.acquire().await.expect("conn");
        recorded = deliveries::for_outbox(&mut conn, outbox_id)
            .await
            .expect("statuses");
        if recorded.len() == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let names: Vec<&str> = recorded.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(names, ["sent", "delivered", "read"]);

    // Send the signed DDC back: a text file is refused, the PDF accepted.
    a.taps("Enviar DDC firmada", "Envíe la DDC firmada").await;
    a.sends(wa.document(
        &a.user,
        "carta.txt",
        "text/plain",
        b"no soy un pdf".to_vec(),
    ))
    .await;
    wa.wait_for(&a.user.phone, "Solo acepto la declaración en PDF")
        .await;
    a.sends(wa.document(&a.user, "ddc-firmada.pdf", "application/pdf", signed_pdf()))
        .await;
    let accepted = wa.wait_for(&a.user.phone, "Recibí la DDC firmada").await;
    assert!(accepted.text().contains("en revisión de requisitos (UAC)"));

    let status = a.says("¿cómo va mi solicitud?", "Etapa:").await;
    assert!(status.contains(&code), "{status}");

    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let row = requests::by_code(&mut conn, &code)
        .await
        .expect("query")
        .expect("stored");
    assert_eq!(row.stage.as_str(), "uac_review");
    assert_eq!(row.jurisdiction, "090111");
    let (sha, _) = contigo_bot::store::files::latest(
        &mut conn,
        row.id,
        contigo_bot::store::files::DocumentKind::SignedDdc,
    )
    .await
    .expect("query")
    .expect("attached");
    assert_eq!(bot.app.files.get(&sha).await.expect("file"), signed_pdf());
    drop(conn);
    assert!(
        wa.refusals().is_empty(),
        "the bot sent something Meta refuses: {:?}",
        wa.refusals()
    );
    bot.stop().await;
}

async fn access_request_journey_with_photos(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa).await;
    let a = Ally {
        wa: &wa,
        bot: &bot,
        user: WaUser::new("51900000102", "Ana"),
    };
    a.says("/start", "¿Qué desea hacer?").await;
    // A typed number picks the offered option, as on every channel.
    a.says("1", "tipo de acceso").await;
    a.taps("Gobierno Regional", "región").await;
    a.says("huancavelica", "gobernador o gobernadora regional")
        .await;
    authority_and_responsible(&a).await;
    let code = finish_and_submit(&a).await;
    ddc_document_arrives(&a, &code).await;

    a.taps("Enviar DDC firmada", "Envíe la DDC firmada").await;
    a.sends(wa.image(&a.user, photo(10))).await;
    wa.wait_for(&a.user.phone, "Recibí la foto 1").await;
    a.sends(wa.image(&a.user, photo(200))).await;
    wa.wait_for(&a.user.phone, "Recibí la foto 2").await;
    a.taps("Listo, armar PDF", "Recibí la DDC firmada").await;

    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let row = requests::by_code(&mut conn, &code)
        .await
        .expect("query")
        .expect("stored");
    assert_eq!(row.stage.as_str(), "uac_review");
    let (_, pages) = contigo_bot::store::files::latest(
        &mut conn,
        row.id,
        contigo_bot::store::files::DocumentKind::SignedDdc,
    )
    .await
    .expect("query")
    .expect("attached");
    assert_eq!(pages, 2);
    drop(conn);
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    bot.stop().await;
}

async fn verification_handshake(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa).await;
    let client = reqwest::Client::new();
    let get = |query: String| {
        let url = format!("{}/webhooks/whatsapp?{query}", bot.http);
        let client = client.clone();
        async move {
            let r = client.get(url).send().await.expect("reachable");
            (r.status().as_u16(), r.text().await.expect("body"))
        }
    };
    let ok = get(format!(
        "hub.mode=subscribe&hub.verify_token={VERIFY_TOKEN}&hub.challenge=1158201444"
    ))
    .await;
    assert_eq!(ok, (200, "1158201444".to_owned()));
    let wrong = get("hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1".into()).await;
    assert_eq!(wrong.0, 403);
    let mode = get(format!(
        "hub.mode=unsubscribe&hub.verify_token={VERIFY_TOKEN}&hub.challenge=1"
    ))
    .await;
    assert_eq!(mode.0, 403);
    assert_eq!(get(String::new()).await.0, 403);
    bot.stop().await;
}

async fn only_signed_payloads_are_stored(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa).await;
    let user = WaUser::new("51900000103", "Eva");
    let body = serde_json::to_vec(&wa.text(&user, "hola")).expect("json");

    assert_eq!(post_raw(&bot.http, body.clone(), None).await, 401);
    let other_secret = sign_with("not-the-app-secret", &body);
    assert_eq!(
        post_raw(&bot.http, body.clone(), Some(&other_secret)).await,
        401
    );
    let good = sign(&body);
    let mut tampered = body.clone();
    tampered.extend_from_slice(b" ");
    assert_eq!(post_raw(&bot.http, tampered, Some(&good)).await, 401);
    assert_eq!(
        post_raw(&bot.http, body.clone(), Some("sha256=")).await,
        401
    );
    assert_eq!(
        post_raw(
            &bot.http,
            body.clone(),
            Some(good.trim_start_matches("sha256="))
        )
        .await,
        401
    );
    assert_eq!(stored_events(&bot).await, 0, "nothing stored on 401");

    // Signed but unreadable: answered 200 (Meta would only retry it), kept as rejected.
    let malformed = b"{\"object\": \"whatsapp_business_account\", \"entry\": [".to_vec();
    let sig = sign(&malformed);
    assert_eq!(post_raw(&bot.http, malformed, Some(&sig)).await, 200);
    let not_json = b"hola".to_vec();
    let sig = sign(&not_json);
    assert_eq!(post_raw(&bot.http, not_json, Some(&sig)).await, 200);
    assert_eq!(stored_events(&bot).await, 0);
    let rejected: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM inbound_events WHERE rejected IS NOT NULL AND processed_at IS NOT NULL",
    )
    .fetch_one(&bot.app.store.pool)
    .await
    .expect("count");
    assert_eq!(rejected, 2);

    // Too big for the body limit: refused, nothing stored.
    let huge = vec![b' '; 2 * 1024 * 1024];
    let sig = sign(&huge);
    assert_eq!(post_raw(&bot.http, huge.clone(), Some(&sig)).await, 413);
    // Sent slowly, all of it before reading: the 413 is read, not a reset.
    let head = format!(
        "POST /webhooks/whatsapp HTTP/1.1\r\nContent-Type: application/json\r\n\
         X-Hub-Signature-256: {sig}\r\n"
    );
    let (status, _) = post_slowly(&bot.http, &head, &huge)
        .await
        .expect("the whole body sent and the answer read, no reset");
    assert_eq!(status, 413);

    // One notification with several entries: text, button and list replies, a
    // document, an image and statuses. Every one is stored before the 200.
    let batch = FakeWhatsapp::batch(&[
        wa.text(&user, "hola"),
        wa.message(
            &user,
            json!({"type": "interactive", "interactive": {"type": "button_reply",
                "button_reply": {"id": "m:help", "title": "Ayuda"}}}),
        ),
        wa.message(
            &user,
            json!({"type": "interactive", "interactive": {"type": "list_reply",
                "list_reply": {"id": "m:menu", "title": "Volver al menú", "description": "Volver al menú"}}}),
        ),
        wa.document(&user, "nota.pdf", "application/pdf", signed_pdf()),
        wa.image(&user, photo(30)),
        wa.status("wamid.HBgLunknown", &user.phone, "delivered"),
        wa.status("wamid.HBgLunknown", &user.phone, "read"),
    ]);
    assert_eq!(
        batch["entry"].as_array().map(Vec::len),
        Some(7),
        "several entries"
    );
    assert_eq!(post(&bot.http, &batch).await, 200);
    assert_eq!(stored_events(&bot).await, 7);
    // Meta retries a notification it thinks failed: nothing is stored twice.
    assert_eq!(post(&bot.http, &batch).await, 200);
    assert_eq!(stored_events(&bot).await, 7);
    // A notification for another product (or an empty one) is accepted and ignored.
    assert_eq!(
        post(&bot.http, &json!({"object": "page", "entry": []})).await,
        200
    );
    assert_eq!(stored_events(&bot).await, 7);
    bot.stop().await;
}

async fn the_same_message_posted_twice_gets_one_reply(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa).await;
    let user = WaUser::new("51900000104", "Rut");
    let hello = wa.text(&user, "hola");
    assert_eq!(post(&bot.http, &hello).await, 200);
    assert_eq!(post(&bot.http, &hello).await, 200);
    wa.wait_for(&user.phone, "¿Qué desea hacer?").await;
    wa.wait_until_idle(&user.phone).await;
    let menus = wa
        .sent_to(&user.phone)
        .iter()
        .filter(|s| s.text.contains("¿Qué desea hacer?"))
        .count();
    assert_eq!(menus, 1);
    bot.stop().await;
}

async fn a_crash_after_acknowledging_loses_nothing(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    // The first process only acknowledges (it has the app secret but cannot send yet),
    // then dies before any worker touched the event.
    let mut s = settings(&db, None);
    wa.configure(&mut s);
    let mut intake_only = s.clone();
    intake_only.secrets.whatsapp_access_token = None;
    let bot = Running::start(intake_only, monday_morning()).await;
    let user = WaUser::new("51900000105", "Ciro");
    assert_eq!(post(&bot.http, &wa.text(&user, "hola")).await, 200);
    bot.kill().await;

    let bot = Running::start(s, monday_morning()).await;
    wa.wait_for(&user.phone, "¿Qué desea hacer?").await;
    bot.stop().await;
}

async fn unsupported_messages_get_a_polite_answer(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa).await;
    let user = WaUser::new("51900000106", "Zoe");
    assert_eq!(post(&bot.http, &wa.sticker(&user)).await, 200);
    wa.wait_for(&user.phone, "solo entiendo").await;
    assert_eq!(post(&bot.http, &wa.location(&user)).await, 200);
    wa.wait_for(&user.phone, "solo entiendo").await;
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    bot.stop().await;
}

async fn outside_the_24_hour_window_a_template_is_sent(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa).await;
    let user = WaUser::new("51900000107", "Leo");
    // A message written 25 hours ago, delivered late (the bot was down).
    let old = wa.message_at(
        &user,
        json!({"type": "text", "text": {"body": "hola"}}),
        now_unix() - 25 * 3600,
    );
    assert_eq!(post(&bot.http, &old).await, 200);
    let reply = wa.wait_for(&user.phone, "¿Qué desea hacer?").await;
    assert_eq!(reply.kind, "template");
    assert_eq!(reply.template.as_deref(), Some("contigo_aviso"));
    // The choices travel numbered in the parameter; answering reopens the window.
    assert!(reply.text.contains("1) Solicitar acceso"), "{}", reply.text);
    assert_eq!(post(&bot.http, &wa.text(&user, "1")).await, 200);
    let next = wa.wait_for(&user.phone, "tipo de acceso").await;
    assert_eq!(next.kind, "interactive");
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    bot.stop().await;
}

async fn a_document_outside_the_window_goes_as_its_template(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa).await;
    // A notification for a chat that has not written for days (none on record here),
    // as a stage change or reminder would enqueue it.
    let phone = "51900000110";
    let sha = bot.app.files.put(&signed_pdf()).await.expect("stored");
    let document = contigo_bot::message::Outbound::Document {
        sha256: sha,
        file_name: "DDC-CTG-2026-000001.pdf".into(),
        caption: "Su declaración:\nrevísela, por favor.".into(),
    };
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    contigo_bot::store::outbox::enqueue(
        &mut conn,
        ChatKey::new(Channel::Whatsapp, phone),
        &serde_json::to_string(&document).expect("json"),
        now_unix(),
    )
    .await
    .expect("enqueued");
    drop(conn);
    let sent = wa.wait_for(phone, "revísela").await;
    assert_eq!(sent.template.as_deref(), Some("contigo_documento"));
    assert_eq!(sent.text, "Su declaración: revísela, por favor.");
    assert_eq!(wa.document_bytes(&sent), signed_pdf());
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    bot.stop().await;
}

async fn graph_errors_are_retried_or_given_up(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa).await;
    let user = WaUser::new("51900000108", "Ivo");
    // Throttled, then a server error: both retried, the reply still arrives.
    wa.fail_next(429, 130429);
    wa.fail_next(500, 2);
    assert_eq!(post(&bot.http, &wa.text(&user, "hola")).await, 200);
    wa.wait_for(&user.phone, "¿Qué desea hacer?").await;
    // A request Meta will never accept is given up, not retried forever.
    wa.fail_next(400, 100);
    assert_eq!(post(&bot.http, &wa.text(&user, "/ayuda")).await, 200);
    let mut failed = 0;
    for _ in 0..50 {
        let mut conn = bot.app.store.pool.acquire().await.expect("conn");
        failed = contigo_bot::store::outbox::counts(&mut conn, "whatsapp")
            .await
            .expect("counts")
            .failed;
        if failed > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(failed, 1);
    bot.stop().await;
}

async fn a_file_declared_too_large_is_not_downloaded(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let mut s = settings(&db, None);
    wa.configure(&mut s);
    s.storage.max_upload_mb = 1;
    let bot = Running::start(s, monday_morning()).await;
    let user = WaUser::new("51900000109", "Noa");
    let big = vec![b'%'; 2 * 1024 * 1024];
    assert_eq!(
        post(
            &bot.http,
            &wa.document(&user, "grande.pdf", "application/pdf", big)
        )
        .await,
        200
    );
    wa.wait_for(&user.phone, "pesa más de 1 MB").await;
    assert_eq!(wa.media_requests(), 1, "only the media info was fetched");
    bot.stop().await;
}

async fn telegram_webhook_mode(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let mut s = settings(&db, Some(&tg.api_url()));
    s.telegram.mode = contigo_bot::config::TelegramMode::Webhook;
    s.secrets.telegram_webhook_secret = Some("tg-webhook-secret".into());
    let bot = Running::start(s, monday_morning()).await;
    let user = TgUser::new(7101, "Sol");
    let update_id = tg.send_text(&user, "/start");
    let update = serde_json::to_vec(&tg.update_json(update_id)).expect("json");
    let client = reqwest::Client::new();
    let post_update = |secret: Option<&'static str>| {
        let mut r = client
            .post(format!("{}/webhooks/telegram", bot.http))
            .header("content-type", "application/json")
            .body(update.clone());
        if let Some(secret) = secret {
            r = r.header("x-telegram-bot-api-secret-token", secret);
        }
        async move { r.send().await.expect("reachable").status().as_u16() }
    };
    assert_eq!(post_update(None).await, 401);
    assert_eq!(post_update(Some("wrong")).await, 401);
    let stored: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM inbound_events WHERE channel = 'telegram'")
            .fetch_one(&bot.app.store.pool)
            .await
            .expect("count")
            .try_get("n")
            .expect("n");
    assert_eq!(stored, 0, "nothing stored on 401");

    assert_eq!(post_update(Some("tg-webhook-secret")).await, 200);
    assert_eq!(post_update(Some("tg-webhook-secret")).await, 200);
    tg.wait_for(user.chat_id(), "¿Qué desea hacer?").await;
    tg.wait_until_idle(user.chat_id()).await;
    let menus = tg
        .messages_to(user.chat_id())
        .iter()
        .filter(|m| m.text().contains("¿Qué desea hacer?"))
        .count();
    assert_eq!(menus, 1, "the duplicate update_id was processed once");
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

/// Meta delivers one app's webhook for all its numbers: an event addressed to another
/// business number, or from a sender that is not a phone number, is not answered
/// from ours; it is counted in /metrics.
async fn events_for_another_number_are_ignored(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa).await;
    let user = WaUser::new("51911111111", "Ally");
    let mut other = wa.text(&user, "hola");
    other["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] = json!("999999");
    assert_eq!(post(&bot.http, &other).await, 200);
    let mut odd = wa.text(&user, "hola");
    odd["entry"][0]["changes"][0]["value"]["messages"][0]["from"] = json!("not-a-number");
    assert_eq!(post(&bot.http, &odd).await, 200);
    assert_eq!(stored_events(&bot).await, 0);
    // Ours still gets its answer, and only that one.
    assert_eq!(post(&bot.http, &wa.text(&user, "/start")).await, 200);
    wa.wait_for(&user.phone, "¿Qué desea hacer?").await;
    assert_eq!(stored_events(&bot).await, 1);
    let metrics = reqwest::get(format!("{}/metrics", bot.http))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("body");
    assert!(
        metrics.contains("outcome=\"ignored_other_number\""),
        "{metrics}"
    );
    assert!(
        metrics.contains("outcome=\"ignored_bad_sender\""),
        "{metrics}"
    );
    bot.stop().await;
}

backends!(
    events_for_another_number_are_ignored,
    access_request_journey_with_pdf,
    access_request_journey_with_photos,
    verification_handshake,
    only_signed_payloads_are_stored,
    the_same_message_posted_twice_gets_one_reply,
    a_crash_after_acknowledging_loses_nothing,
    unsupported_messages_get_a_polite_answer,
    outside_the_24_hour_window_a_template_is_sent,
    a_document_outside_the_window_goes_as_its_template,
    graph_errors_are_retried_or_given_up,
    a_file_declared_too_large_is_not_downloaded,
    telegram_webhook_mode,
);
