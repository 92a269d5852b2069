//! An access's life after approval, as its people live it: a bound chat hears at once
//! that its access ended (and can reach a specialist), the responsible learns how to
//! bind, one expected account date, and a request code typed at the padrón's DNI
//! lookup. All names, DNIs and numbers are invented.

use contigo_bot::domain::stage::Stage;
use contigo_bot::message::{Channel, ChatKey};
use contigo_bot::store::tickets;

use crate::backends;
use contigo_bot::domain::stage::{Action, Role};

use crate::support::review::stage_of;
use crate::support::review::{activate, apply, conforme, staff};
use crate::support::telegram::{FakeTelegram, TgChat, TgUser};
use crate::support::whatsapp::{FakeWhatsapp, WaUser, post};
use crate::support::{
    Backend, Running, TestDb, local_request_data, monday_morning, settings, signed_pdf,
    submitted_request,
};

/// The responsible binds their own Telegram chat by sharing the registered number.
async fn bind_on_telegram(tg: &FakeTelegram, user: &TgUser, phone: &str) -> String {
    let chat = TgChat {
        tg,
        user: user.clone(),
    };
    chat.says("/padron", "Compartir mi número").await;
    tg.send_contact(user, phone, Some(user.id));
    tg.wait_for(user.chat_id(), "quedó vinculado")
        .await
        .text()
        .to_owned()
}

async fn a_bound_chat_hears_at_once_that_a_new_responsible_replaced_its_access(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let (applicant, responsible, successor) = (
        TgUser::new(8301, "Alcaldía"),
        TgUser::new(8302, "Luis"),
        TgUser::new(8303, "Nueva"),
    );
    for user in [&applicant, &successor] {
        tg.send_text(user, "/start");
        tg.wait_for(user.chat_id(), "¿Qué desea hacer?").await;
    }
    let old = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        "8301",
    )
    .await;
    activate(&bot.app, old.id).await;
    // The responsible's own chat, not the applicant's, is bound to the access.
    let bound = bind_on_telegram(&tg, &responsible, "51912345678").await;
    assert!(bound.contains(&old.code), "{bound}");

    let new = submitted_request(
        &bot.app,
        &local_request_data("090101", "923456789"),
        "telegram",
        "8303",
    )
    .await;
    activate(&bot.app, new.id).await;
    assert_eq!(stage_of(&bot.app, old.id).await, Stage::Superseded);

    // Told without writing anything, with why and a specialist on offer.
    let told = tg
        .wait_for(responsible.chat_id(), "pasó a un nuevo responsable")
        .await;
    assert!(told.text().contains(&old.code), "{}", told.text());
    assert!(
        told.text().contains("ya no puede consultar"),
        "{}",
        told.text()
    );
    assert!(
        told.labels()
            .concat()
            .contains(&"Hablar con especialista".to_owned()),
        "{:?}",
        told.labels()
    );
    // The applicant's chat hears it too, once.
    tg.wait_for(applicant.chat_id(), "pasó a un nuevo responsable")
        .await;

    // The queries are gone, and the offered specialist opens a ticket about this access.
    let chat = TgChat {
        tg: &tg,
        user: responsible.clone(),
    };
    chat.taps("Hablar con especialista", "¿Qué tipo de").await;
    chat.taps("Reclamo", "escriba su mensaje").await;
    let opened = chat
        .says(
            "Sigo siendo el responsable de la OMAPED, ¿por qué perdí el acceso?",
            "con el número",
        )
        .await;
    assert!(opened.contains("Registré su reclamo"), "{opened}");
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let ticket = tickets::active_for_chat(&mut conn, ChatKey::new(Channel::Telegram, "8302"))
        .await
        .expect("ticket")
        .expect("open ticket");
    assert_eq!(ticket.request_id, Some(old.id));
    assert_eq!(
        ticket.context.request_code.as_deref(),
        Some(old.code.as_str())
    );
    drop(conn);
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

async fn a_bound_whatsapp_chat_hears_at_once_that_its_access_expired(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let mut s = settings(&db, None);
    wa.configure(&mut s);
    let bot = Running::start(s, monday_morning()).await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "987650021"),
        "whatsapp",
        "51987650099",
    )
    .await;
    activate(&bot.app, row.id).await;
    // On WhatsApp the sender's number is the proof.
    let responsible = WaUser::new("51987650021", "Luis");
    assert_eq!(
        post(&bot.http, &wa.text(&responsible, "/padron")).await,
        200
    );
    wa.wait_for(&responsible.phone, "quedó vinculado").await;

    bot.app
        .clock
        .set("2027-01-04T15:00:00Z".parse().expect("date"));
    assert_eq!(bot.app.scheduler().tick().await.expect("tick").expired, 1);
    let told = wa
        .wait_for(&responsible.phone, "venció al cerrar el año fiscal 2026")
        .await;
    assert!(told.text().contains(&row.code), "{}", told.text());
    let titles = told.titles();
    assert!(
        titles.contains(&"Renovar acceso".to_owned())
            && titles.contains(&"Hablar con especialista".to_owned()),
        "{titles:?}"
    );
    // Told once: the next message does not repeat it.
    assert_eq!(post(&bot.http, &wa.text(&responsible, "hola")).await, 200);
    wa.wait_until_idle(&responsible.phone).await;
    let repeats = wa
        .sent_to(&responsible.phone)
        .iter()
        .filter(|m| m.text().contains("venció"))
        .count();
    assert_eq!(repeats, 1);
    bot.stop().await;
}

async fn the_same_responsible_renewing_stays_bound(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let responsible = TgUser::new(8311, "Luis");
    let data = local_request_data("090101", "912345678");
    let old = submitted_request(&bot.app, &data, "telegram", "8311").await;
    activate(&bot.app, old.id).await;
    bind_on_telegram(&tg, &responsible, "51912345678").await;
    tg.wait_until_idle(responsible.chat_id()).await;
    // The renewal names the same responsible (same registered number).
    let renewal = submitted_request(&bot.app, &data, "telegram", "8311").await;
    activate(&bot.app, renewal.id).await;
    assert_eq!(stage_of(&bot.app, old.id).await, Stage::Superseded);
    let chat = TgChat {
        tg: &tg,
        user: responsible.clone(),
    };
    let menu = chat.says("/padron", "Consultas del padrón").await;
    assert!(menu.contains("Huancavelica"), "{menu}");
    let texts: Vec<String> = tg
        .messages_to(responsible.chat_id())
        .iter()
        .map(|m| m.text().to_owned())
        .collect();
    assert!(
        !texts.iter().any(|t| t.contains("ya no puede consultar")),
        "{texts:?}"
    );
    bot.stop().await;
}

/// The date in "Fecha estimada de su cuenta: dd/mm/yyyy" (or "...era el dd/mm/yyyy").
fn expected_date(text: &str) -> String {
    let at = text
        .find("Fecha estimada de su cuenta: ")
        .map(|i| i + "Fecha estimada de su cuenta: ".len())
        .or_else(|| {
            text.find("de su cuenta era el ")
                .map(|i| i + "de su cuenta era el ".len())
        })
        .unwrap_or_else(|| panic!("no expected date in: {text}"));
    text[at..at + 10].to_owned()
}

async fn the_expected_account_date_stays_the_same_in_every_message(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let user = TgUser::new(8321, "Luis");
    let chat = TgChat {
        tg: &tg,
        user: user.clone(),
    };
    chat.says("/start", "¿Qué desea hacer?").await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        "8321",
    )
    .await;
    // Before the signed DDC: how long after it, not a date that moves every day.
    let waiting = chat.says("/estado", "Etapa:").await;
    assert!(
        waiting.contains("7 días hábiles después de que envíe la DDC firmada"),
        "{waiting}"
    );

    // Uploaded Monday 23/11: 7 business days of review terms give Wednesday 02/12.
    tg.send_document(&user, "ddc.pdf", "application/pdf", signed_pdf());
    let uploaded = tg.wait_for(user.chat_id(), "Recibí la DDC firmada").await;
    assert_eq!(expected_date(uploaded.text()), "02/12/2026");

    // UAC is done the same day, early: the date does not move.
    conforme(&bot.app, row.id).await;
    let legal = tg.wait_for(user.chat_id(), "Asesoría Jurídica").await;
    assert_eq!(expected_date(legal.text()), "02/12/2026");
    assert_eq!(
        expected_date(&chat.says("/estado", "Etapa:").await),
        "02/12/2026"
    );

    // UAJ is done on Friday 27/11 (its term was Wednesday): still the same date.
    bot.app
        .clock
        .set("2026-11-27T15:00:00Z".parse().expect("date"));
    assert_eq!(
        expected_date(&chat.says("/estado", "Etapa:").await),
        "02/12/2026"
    );
    apply(
        &bot.app,
        row.id,
        Stage::LegalReview,
        Action::Favourable,
        staff(Role::Uaj),
    )
    .await
    .expect("favourable");
    let director = tg.wait_for(user.chat_id(), "Dirección Ejecutiva").await;
    assert_eq!(expected_date(director.text()), "02/12/2026");

    // Past the date and not yet active: the status says it is late, same date.
    bot.app
        .clock
        .set("2026-12-04T15:00:00Z".parse().expect("date"));
    let late = chat.says("/estado", "Etapa:").await;
    assert!(late.contains("va con retraso"), "{late}");
    assert_eq!(expected_date(&late), "02/12/2026");
    bot.stop().await;
}

async fn an_approved_access_says_how_to_bind_and_invites_the_responsibles_whatsapp(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let wa = FakeWhatsapp::start().await;
    let mut s = settings(&db, Some(&tg.api_url()));
    wa.configure(&mut s);
    let bot = Running::start(s, monday_morning()).await;
    // The mayor's office asked on Telegram; the responsible's mobile never wrote.
    let applicant = TgUser::new(8331, "Alcaldía");
    tg.send_text(&applicant, "/start");
    tg.wait_for(applicant.chat_id(), "¿Qué desea hacer?").await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "987650031"),
        "telegram",
        "8331",
    )
    .await;
    activate(&bot.app, row.id).await;

    let active = tg
        .wait_for(applicant.chat_id(), "Su acceso está activo")
        .await;
    let text = active.text();
    assert!(text.contains("«Consultar beneficiarios»"), "{text}");
    assert!(text.contains("****0031"), "{text}");
    assert!(text.contains("comparte ese número"), "{text}");
    assert!(text.contains("invitación por WhatsApp"), "{text}");
    assert!(
        active
            .labels()
            .concat()
            .contains(&"Consultar beneficiarios".to_owned()),
        "{:?}",
        active.labels()
    );

    // The invitation: Meta's template call, with the code and jurisdiction as body
    // parameters and the quick-reply button's payload.
    let responsible = WaUser::new("51987650031", "Luis");
    let invite = wa.wait_for(&responsible.phone, &row.code).await;
    assert_eq!(invite.kind, "template");
    assert_eq!(invite.template.as_deref(), Some("contigo_invitacion"));
    let template = &invite.body["template"];
    assert_eq!(template["language"]["code"], "es");
    let body = &template["components"][0];
    assert_eq!(body["type"], "body");
    assert_eq!(body["parameters"][0]["text"], row.code.as_str());
    assert_eq!(
        body["parameters"][1]["text"],
        "Huancavelica (Huancavelica, Huancavelica)"
    );
    let button = &template["components"][1];
    assert_eq!(button["type"], "button");
    assert_eq!(button["sub_type"], "quick_reply");
    assert_eq!(button["index"], "0");
    assert_eq!(button["parameters"][0]["type"], "payload");
    assert_eq!(invite.titles(), ["Consultar beneficiarios"]);

    // Its button binds the number that received it.
    assert_eq!(
        post(&bot.http, &wa.tap(&responsible, "Consultar beneficiarios")).await,
        200
    );
    let bound = wa.wait_for(&responsible.phone, "quedó vinculado").await;
    assert!(bound.text().contains(&row.code), "{}", bound.text());
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

async fn an_access_requested_from_the_responsibles_own_whatsapp_is_not_invited_again(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let mut s = settings(&db, None);
    wa.configure(&mut s);
    let bot = Running::start(s, monday_morning()).await;
    let responsible = WaUser::new("51987650032", "Luis");
    assert_eq!(post(&bot.http, &wa.text(&responsible, "hola")).await, 200);
    wa.wait_for(&responsible.phone, "¿Qué desea hacer?").await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "987650032"),
        "whatsapp",
        "51987650032",
    )
    .await;
    activate(&bot.app, row.id).await;
    let active = wa
        .wait_for(&responsible.phone, "Su acceso está activo")
        .await;
    assert!(
        !active.text().contains("invitación por WhatsApp"),
        "{}",
        active.text()
    );
    // Told how, and the button is right there.
    assert_eq!(
        post(&bot.http, &wa.tap(&responsible, "Consultar beneficiarios")).await,
        200
    );
    wa.wait_for(&responsible.phone, "quedó vinculado").await;
    assert!(
        wa.sent_to(&responsible.phone)
            .iter()
            .all(|m| m.template.as_deref() != Some("contigo_invitacion")),
        "no invitation to the chat the access was requested from"
    );
    bot.stop().await;
}

async fn a_request_code_typed_at_the_padrons_dni_lookup_is_taken_as_the_code(backend: Backend) {
    use contigo_bot::store::personal_data::{self, AccessAction};
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    crate::padron::load_padron(&bot.app.store, &db).await;
    let user = TgUser::new(8351, "Luis");
    let chat = TgChat {
        tg: &tg,
        user: user.clone(),
    };
    chat.says("/start", "¿Qué desea hacer?").await;
    // Requested from the mayor's office chat; the responsible's own chat is bound.
    let access = submitted_request(
        &bot.app,
        &local_request_data(crate::padron::ACORIA, "987650051"),
        "telegram",
        "8350",
    )
    .await;
    activate(&bot.app, access.id).await;
    bind_on_telegram(&tg, &user, "51987650051").await;
    let elsewhere = submitted_request(
        &bot.app,
        &local_request_data("090101", "987650052"),
        "telegram",
        "8352",
    )
    .await;

    chat.taps("Buscar por DNI", "8 dígitos").await;
    let answer = chat.says(&access.code.to_lowercase(), "Etapa").await;
    assert!(answer.contains(&access.code), "{answer}");
    assert!(!answer.contains("El DNI debe tener"), "{answer}");
    // Nothing was looked up in the padrón, so nothing counts against the hour's limit.
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let (lookups, _) = personal_data::count_since(&mut conn, access.id, AccessAction::Lookup, 0)
        .await
        .expect("count");
    assert_eq!(lookups, 0);
    drop(conn);
    // Another request's code: looked up as "Ver mi solicitud" would, with its proof.
    chat.taps("Buscar por DNI", "8 dígitos").await;
    chat.says(&elsewhere.code, "código de verificación").await;
    chat.says("/padron", "Consultas del padrón").await;
    // A DNI there still finds the person.
    chat.taps("Buscar por DNI", "8 dígitos").await;
    let person = chat.says(crate::padron::IN_ACORIA, "DNI").await;
    assert!(person.contains("Estado:"), "{person}");
    bot.stop().await;
}

backends!(
    a_request_code_typed_at_the_padrons_dni_lookup_is_taken_as_the_code,
    an_approved_access_says_how_to_bind_and_invites_the_responsibles_whatsapp,
    an_access_requested_from_the_responsibles_own_whatsapp_is_not_invited_again,
    the_expected_account_date_stays_the_same_in_every_message,
    the_same_responsible_renewing_stays_bound,
    a_bound_chat_hears_at_once_that_a_new_responsible_replaced_its_access,
    a_bound_whatsapp_chat_hears_at_once_that_its_access_expired,
);
