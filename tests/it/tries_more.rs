//! What strangers and staff still met after `tries`: an entity's head named as its
//! «titular», never as an authority (the Mini App is in `miniapp`; here the e-mails,
//! the DDC and the chat); something that is no name told where to find that very
//! name; the kind of attention in lower case mid-sentence; and the staff roles tried
//! from the terminal (`staff add --terminal`). Every name, number and DNI is invented.

use contigo_bot::domain::values::Email;
use contigo_bot::events::Event;
use contigo_bot::message::{Channel, ChatRef, Inbound, Outbound};
use sqlx::Row;

use crate::backends;
use crate::designation::other_ally_data;
use crate::support::engine::{assert_has, telegram, text_of, turn};
use crate::support::review::uploaded;
use crate::support::telegram::{FakeTelegram, TgChat, TgUser};
use crate::support::{
    Backend, Running, TestDb, binary, local_request_data, monday_morning, settings,
    submitted_request,
};

/// The e-mail copy of a registration and the DDC name who signs: «el titular de la
/// entidad» for an Otro Aliado, the mayor (an authority) for a municipality.
async fn the_emails_and_the_ddc_name_an_entitys_head_its_titular(backend: Backend) {
    let db = TestDb::new(backend).await;
    let bot = Running::start(settings(&db, None), monday_morning()).await;
    let app = &bot.app;
    let mut data = other_ally_data();
    data.authority_personal_email = Some(Email::parse("titular@example.org").expect("email"));
    data.resp_email = Some(Email::parse("ent.resp@example.org").expect("email"));
    let other = submitted_request(app, &data, "telegram", "7490").await;
    let local = submitted_request(
        app,
        &local_request_data("090103", "987650491"),
        "telegram",
        "7491",
    )
    .await;
    let mut conn = app.store.pool.acquire().await.expect("conn");
    for row in [&other, &local] {
        let event = Event::RequestRegistered {
            request: row.clone(),
            ddc_sha256: "0".repeat(64),
        };
        contigo_bot::notify::email::copies(&app.engine.locales, &mut conn, &event)
            .await
            .expect("copies");
    }
    let mail_to = async |conn: &mut contigo_bot::store::Conn, address: &str| -> String {
        sqlx::query("SELECT payload FROM outbox WHERE channel = 'email' AND chat_id = $1")
            .bind(address)
            .fetch_one(conn)
            .await
            .expect("a copy")
            .try_get("payload")
            .expect("payload")
    };
    let to_head = mail_to(&mut conn, "titular@example.org").await;
    assert_has(&to_head, "el titular de la entidad la firma y sella");
    assert!(!to_head.contains("autoridad"), "{to_head}");
    let to_mayor = mail_to(&mut conn, "rosa@example.org").await;
    assert_has(&to_mayor, "el alcalde o alcaldesa la firma y sella");
    drop(conn);

    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let ddc = contigo_bot::documents::ddc_text::layout(&app.engine.locales, &other, today);
    assert_has(
        &ddc.paragraphs[0],
        "mis facultades como titular de la entidad,",
    );
    assert_has(
        &ddc.closing[0],
        "firmado y sellado por el titular de la entidad:",
    );
    let ddc = contigo_bot::documents::ddc_text::layout(&app.engine.locales, &local, today);
    assert_has(&ddc.paragraphs[0], "mis facultades como autoridad,");
    assert_has(&ddc.closing[0], "firmado y sellado por la autoridad:");
    bot.stop().await;
}

/// «cómo se llama» where a name is asked is not stored, and the person is told
/// where to find that very name: the JNE's list for a mayor, the entity's general
/// secretariat for its head, the responsible person themself for theirs; then how
/// to pause and the same question again.
async fn something_that_is_no_name_is_told_where_to_find_that_name(backend: Backend) {
    let db = TestDb::new(backend).await;
    let bot = Running::start(settings(&db, None), monday_morning()).await;
    let app = &bot.app;

    let mayor = telegram("7492");
    let says = |text: &str| turn(app, &mayor, Inbound::Text(text.into()));
    text_of(&says("/solicitar").await);
    assert_has(&text_of(&says("Acoria").await), "nombres del alcalde");
    let told = text_of(&says("cómo se llama").await);
    assert_has(&told, "Eso no parece un nombre, así que no lo guardé.");
    assert_has(&told, "lista de autoridades electas del JNE");
    assert_has(&told, "/continuar");
    assert_has(&told, "nombres del alcalde");

    let head = telegram("7493");
    let says = |text: &str| turn(app, &head, Inbound::Text(text.into()));
    text_of(&says("/solicitar").await);
    assert_has(&text_of(&says("Otro Aliado").await), "nombre de la entidad");
    text_of(&says("Asociación Demo de Prueba").await);
    assert_has(
        &text_of(&says("Privada").await),
        "designa al titular de la entidad",
    );
    assert_has(
        &text_of(&says("RES-010-2026-ADP").await),
        "nombres del titular",
    );
    let told = text_of(&says("cómo se llama").await);
    assert_has(&told, "Eso no parece un nombre");
    assert_has(&told, "Pregunte el nombre del titular de la entidad");
    assert!(!told.contains("JNE"), "{told}");
    for answer in [
        "Elena",
        "Soto Ruiz",
        "40123499",
        "987650493",
        "elena@example.org",
    ] {
        text_of(&says(answer).await);
    }
    let told = text_of(&says("cómo se llama").await);
    assert_has(&told, "Eso no parece un nombre");
    assert_has(&told, "pídale sus nombres como figuran en su DNI");
    assert!(!told.contains("JNE"), "{told}");
    assert!(!told.contains("titular"), "{told}");
    bot.stop().await;
}

/// «Registré su reclamo», not «su Reclamo»: the kind of attention is a common noun
/// mid-sentence, in Spanish and in English.
async fn the_kind_of_attention_is_in_lower_case_mid_sentence(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let a = TgChat {
        tg: &tg,
        user: TgUser::new(7494, "Gumercinda").with_language("es"),
    };
    a.says("/especialista", "¿Qué tipo de atención").await;
    // A denuncia is read by the control office alone, and the ally is told so.
    let asked = a.taps("Denuncia", "escriba su mensaje").await;
    assert!(asked.contains("solo OCI la leerá"), "{asked}");
    a.says(
        "un funcionario pidió dinero para inscribir a una usuaria",
        "Registré su denuncia con el número",
    )
    .await;
    tg.wait_for(
        a.user.chat_id(),
        "solo al Órgano de Control Institucional (OCI)",
    )
    .await;
    a.says("/cancelar", "Cerramos su consulta").await;
    a.says("/especialista", "¿Qué tipo de atención").await;
    a.taps("Reclamo", "escriba su mensaje").await;
    a.says(
        "no nos llegó la lista de usuarios de noviembre",
        "Registré su reclamo con el número",
    )
    .await;
    let b = TgChat {
        tg: &tg,
        user: TgUser::new(7495, "Walter").with_language("en"),
    };
    b.says("/especialista", "What do you need?").await;
    b.taps("Suggestion", "write your message").await;
    b.says(
        "please add the payment dates to the list",
        "I registered your suggestion with number",
    )
    .await;
    bot.stop().await;
}

/// The replies' texts and their choices' labels, as the terminal prints them.
fn shown(out: &[Outbound]) -> String {
    out.iter()
        .map(|o| match o {
            Outbound::Text { text, choices } => std::iter::once(text.clone())
                .chain(choices.iter().map(|c| format!("  {}", c.label)))
                .collect::<Vec<_>>()
                .join("\n"),
            other => other.text().to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n---\n")
}

/// The terminal user a staff member works as (`chat --user revisora`).
fn terminal(user: &str) -> ChatRef {
    ChatRef {
        channel: Channel::Terminal,
        chat_id: user.into(),
        lang_hint: Some("es".into()),
    }
}

/// `staff add --terminal` makes a terminal user a staff member: `staff list` shows
/// it; the first notice's «1. Abrir» opens the request even though that terminal
/// never talked before; an Otro Aliado's observation offers no JNE reason (a
/// municipality's no designation document); `/bandeja` is the role's desk; a DPO,
/// with nothing to pick in the chat, is told where their work is.
async fn a_staff_member_works_from_the_terminal(backend: Backend) {
    let db = TestDb::new(backend).await;
    let bot = Running::start(settings(&db, None), monday_morning()).await;
    let app = &bot.app;
    let added = binary(
        &db,
        &[
            "staff",
            "add",
            "--name",
            "Rita Revisora",
            "--role",
            "uac",
            "--terminal",
            "revisora",
        ],
    );
    assert_has(&added, "added staff");
    assert_has(&binary(&db, &["staff", "list"]), "terminal=revisora");
    let row = submitted_request(
        app,
        &local_request_data("090103", "987650496"),
        "telegram",
        "7496",
    )
    .await;
    uploaded(app, row.id).await;
    let revisora = terminal("revisora");
    let says = |text: &str| turn(app, &revisora, Inbound::Text(text.into()));
    let opened = text_of(&says("1").await);
    assert_has(&opened, &row.code);
    assert_has(&opened, "¿Qué decide?");
    let reasons = shown(&says("2").await);
    assert_has(&reasons, "no coinciden con el JNE");
    assert!(!reasons.contains("designación"), "{reasons}");
    text_of(&says("/bandeja").await);

    let entity = submitted_request(app, &other_ally_data(), "telegram", "7497").await;
    uploaded(app, entity.id).await;
    let desk = text_of(&says("/bandeja").await);
    assert_has(&desk, &row.code);
    assert_has(&desk, &entity.code);
    // The code typed at the desk opens that request.
    assert_has(&text_of(&says(&entity.code).await), "Nombres del titular");
    let reasons = shown(&says("2").await);
    assert_has(&reasons, "Falta el documento de designación");
    assert!(!reasons.contains("JNE"), "{reasons}");
    // Someone else's terminal is no staff chat.
    let stranger = text_of(
        &turn(
            app,
            &terminal("visitante"),
            Inbound::Text("/bandeja".into()),
        )
        .await,
    );
    assert!(!stranger.contains(&row.code), "{stranger}");

    binary(
        &db,
        &[
            "staff",
            "add",
            "--name",
            "Dora Datos",
            "--role",
            "dpo",
            "--terminal",
            "dpo",
        ],
    );
    let home = text_of(&turn(app, &terminal("dpo"), Inbound::Text("/start".into())).await);
    assert_has(&home, "Su trabajo está en la consola web: escriba /consola");
    bot.stop().await;
}

/// An ally's alert reaches UOT's chat at once (before, UOT heard of it only when
/// overdue), and the notice's «1» opens their list of alerts and FAD.
async fn an_allys_alert_reaches_uot_at_once(backend: Backend) {
    let db = TestDb::new(backend).await;
    let bot = Running::start(settings(&db, None), monday_morning()).await;
    let app = &bot.app;
    binary(&db, &["demo-data", "--user", "aliada"]);
    binary(
        &db,
        &[
            "staff",
            "add",
            "--name",
            "Olga Operaciones",
            "--role",
            "uot",
            "--terminal",
            "uot",
        ],
    );
    let aliada = terminal("aliada");
    let says = |text: &str| turn(app, &aliada, Inbound::Text(text.into()));
    text_of(&says("/padron").await);
    assert_has(&text_of(&says("8").await), "DNI de la persona usuaria");
    assert_has(&text_of(&says("90000000").await), "¿Qué desea reportar?");
    text_of(&says("3").await);
    let filed = text_of(&says("Internada en el hospital regional desde el lunes").await);
    assert_has(&filed, "Recibimos su alerta con el número ALE-");
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let notice: String =
        sqlx::query("SELECT payload FROM outbox WHERE channel = 'terminal' AND chat_id = 'uot'")
            .fetch_one(&mut *conn)
            .await
            .expect("a notice to UOT")
            .try_get("payload")
            .expect("payload");
    drop(conn);
    assert_has(&notice, "Nuevo caso de un aliado: ALE-");
    let list = text_of(&turn(app, &terminal("uot"), Inbound::Text("1".into())).await);
    assert_has(&list, "Alertas y FAD pendientes (1)");
    assert_has(&list, "Hospitalización");
    bot.stop().await;
}

/// A specialist in the terminal types the number of «Derivar» while in a ticket:
/// it picks the choice (the terminal has no buttons) instead of reaching the ally
/// as «2»; the control office is «Al Órgano…», not «A la Órgano…».
async fn a_number_typed_in_a_terminal_ticket_picks_its_choice(backend: Backend) {
    let db = TestDb::new(backend).await;
    let bot = Running::start(settings(&db, None), monday_morning()).await;
    let app = &bot.app;
    binary(
        &db,
        &[
            "staff",
            "add",
            "--name",
            "Elsa Especialista",
            "--role",
            "especialista",
            "--terminal",
            "esp",
        ],
    );
    binary(
        &db,
        &[
            "staff",
            "add",
            "--name",
            "Omar Control",
            "--role",
            "oci",
            "--telegram",
            "9498",
        ],
    );
    let ally = telegram("7498");
    let says = |text: &str| turn(app, &ally, Inbound::Text(text.into()));
    text_of(&says("/especialista").await);
    text_of(&says("1").await);
    assert_has(
        &text_of(&says("¿Hasta cuándo se renueva la DDC?").await),
        "Registré su consulta",
    );
    let esp = terminal("esp");
    let esp_says = |text: &str| turn(app, &esp, Inbound::Text(text.into()));
    assert_has(&text_of(&esp_says("1").await), "Está en la consulta");
    let derive = shown(&esp_says("2").await);
    assert_has(&derive, "¿A quién le pasa la consulta");
    assert_has(&derive, "Al Órgano de Control Institucional (OCI)");
    assert!(!derive.contains("A la Órgano"), "{derive}");
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let relayed: i64 = sqlx::query("SELECT COUNT(*) AS n FROM ticket_messages WHERE body = '2'")
        .fetch_one(&mut *conn)
        .await
        .expect("count")
        .try_get("n")
        .expect("n");
    assert_eq!(relayed, 0, "«2» was relayed to the ally");
    drop(conn);
    bot.stop().await;
}

backends!(
    a_number_typed_in_a_terminal_ticket_picks_its_choice,
    an_allys_alert_reaches_uot_at_once,
    the_emails_and_the_ddc_name_an_entitys_head_its_titular,
    something_that_is_no_name_is_told_where_to_find_that_name,
    the_kind_of_attention_is_in_lower_case_mid_sentence,
    a_staff_member_works_from_the_terminal,
);
