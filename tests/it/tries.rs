//! What a stranger meets when they type as people in a rural OMAPED do: all in
//! lower case, the DNI with its label and dots, the mobile after "cel.", the JNE
//! credential copied with its "Credencial N°". Every name, number and DNI is invented.

use crate::backends;
use crate::support::engine::{assert_has, telegram, text_of, turn};
use crate::support::telegram::{FakeTelegram, TgChat, TgUser};
use crate::support::{
    Backend, Running, TestDb, local_request_data, monday_morning, settings, submitted_request,
};

/// The summary's lines that start with a number ("3. Nombres…").
fn numbered_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| {
            let digits = l
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .count();
            digits > 0 && l.trim_start()[digits..].starts_with(". ")
        })
        .collect()
}

async fn a_registration_typed_as_people_type_it_reads_right_at_the_review(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let a = TgChat {
        tg: &tg,
        user: TgUser::new(7471, "Nelly").with_language("es"),
    };
    a.says("/start", "¿Qué desea hacer?").await;
    a.taps("Solicitar acceso", "Paso 1").await;
    a.says("acoria", "nombres del alcalde").await;
    a.says("rosa maría", "apellidos").await;
    a.says("quispe de la cruz", "DNI").await;
    a.says("DNI: 45.678.912", "credencial").await;
    a.says("Credencial N° 0123-2026-JNE", "celular").await;
    a.says("cel. 987 654 321", "correo electrónico personal")
        .await;
    a.says("rosa.quispe@example.org", "nombres").await;
    a.says("luis alberto", "apellidos").await;
    a.says("pérez-soto", "DNI").await;
    a.says("dni 41234567", "celular").await;
    a.says("Celular: 912-345-678", "correo").await;
    a.says("luis.perez@example.org", "cargo").await;
    a.says("jefe de la omaped", "fecha").await;
    let summary = a.says("2/1/26", "Revise sus datos").await;
    for line in [
        "Nombres de la autoridad: Rosa María",
        "Apellidos de la autoridad: Quispe de la Cruz",
        "DNI de la autoridad: 45678912",
        "Credencial del JNE: 0123-2026-JNE",
        "Teléfono de la autoridad: 987654321",
        "Nombres del responsable: Luis Alberto",
        "Apellidos del responsable: Pérez-Soto",
        "DNI del responsable: 41234567",
        "Celular del responsable: 912345678",
        "Fecha de designación: 02/01/2026",
    ] {
        assert!(summary.contains(line), "{line} in:\n{summary}");
    }
    bot.stop().await;
}

/// A Gobierno Local request for Acoria typed through to its review; the review's text.
async fn to_the_review(a: &TgChat<'_>) -> String {
    a.says("/start", "¿Qué desea hacer?").await;
    a.taps("Solicitar acceso", "Paso 1").await;
    a.says("Acoria", "nombres del alcalde").await;
    crate::journey_telegram::authority_and_responsible(a, true).await;
    a.says("Jefe de la OMAPED", "fecha").await;
    a.says("15/01/2026", "Revise sus datos").await
}

/// The review lists 18 answers and offers 3 choices; where a typed number picks a
/// choice (the terminal, WhatsApp, and Telegram too), "3" for the third answer
/// would be «Cancelar» and throw away every answer. Only the choices are numbered.
async fn the_review_numbers_only_its_choices(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let a = TgChat {
        tg: &tg,
        user: TgUser::new(7472, "Elmer").with_language("es"),
    };
    let summary = to_the_review(&a).await;
    assert!(
        summary.contains("Nombres de la autoridad: Rosa María"),
        "{summary}"
    );
    assert_eq!(numbered_lines(&summary), Vec::<&str>::new(), "{summary}");
    // The list to correct a field is a choice: numbered there.
    let fix = a.taps("Corregir un dato", "¿Qué dato").await;
    assert!(fix.contains("¿Qué dato"), "{fix}");
    bot.stop().await;
}

/// The buttons of earlier questions stay on the screen after the request is sent
/// (the review's own are taken away when tapped). Tapped after a restart, «Hoy»
/// and «Otro Aliado» neither file a second request nor change the one sent: it
/// stays waiting for its signed DDC, and the person is told the button is old.
async fn old_buttons_after_a_restart_change_nothing(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let s = settings(&db, Some(&tg.api_url()));
    let bot = Running::start(s.clone(), monday_morning()).await;
    let a = TgChat {
        tg: &tg,
        user: TgUser::new(7473, "Yeni").with_language("es"),
    };
    to_the_review(&a).await;
    a.taps("Enviar solicitud", "fue registrada").await;
    tg.wait_until_idle(a.user.chat_id()).await;
    bot.stop().await;

    let bot = Running::start(s, monday_morning()).await;
    let before = tg.sent_to(a.user.chat_id()).len();
    for label in ["Hoy", "Otro Aliado"] {
        tg.press_button(&a.user, label);
        tg.wait_until_idle(a.user.chat_id()).await;
    }
    let after: Vec<String> = tg
        .sent_to(a.user.chat_id())
        .iter()
        .skip(before)
        .filter_map(|m| m.text.clone())
        .collect();
    let replies = after.join("\n---\n");
    assert!(!replies.contains("fue registrada"), "{replies}");
    assert!(!replies.contains("Paso 2"), "{replies}");
    assert!(replies.contains("ya no está vigente"), "{replies}");
    let (count, stage): (i64, String) = {
        use sqlx::Row;
        let row = sqlx::query("SELECT COUNT(*) AS n, MIN(stage) AS stage FROM access_requests")
            .fetch_one(&bot.app.store.pool)
            .await
            .expect("requests");
        (row.get("n"), row.get("stage"))
    };
    assert_eq!(count, 1, "{replies}");
    assert_eq!(stage, "awaiting_ddc", "{replies}");
    bot.stop().await;
}

/// «Enviar DDC firmada» tapped again once the DDC is in review: the person is told
/// their request already has it and where it stands, before the question for
/// another request's code, instead of that question alone, as if the chat had none.
async fn sending_the_ddc_again_while_in_review_says_it_is_already_in(backend: Backend) {
    use contigo_bot::domain::stage::Stage;
    use contigo_bot::message::Inbound;
    let db = TestDb::new(backend).await;
    let bot = Running::start(settings(&db, None), monday_morning()).await;
    let app = &bot.app;
    let row = submitted_request(
        app,
        &local_request_data("090103", "987650474"),
        "telegram",
        "7474",
    )
    .await;
    let mut tx = app.store.begin().await.expect("tx");
    contigo_bot::store::requests::move_stage(
        &mut tx,
        row.id,
        Stage::AwaitingDdc,
        Stage::UacReview,
        None,
        "test",
        None,
        app.clock.unix(),
    )
    .await
    .expect("moved");
    tx.commit().await.expect("commit");

    let out = text_of(&turn(app, &telegram("7474"), Inbound::Text("/enviar".into())).await);
    assert_has(
        &out,
        &format!(
            "Ya recibí la DDC firmada de su solicitud {}, que ahora está en revisión de requisitos (UAC)",
            row.code
        ),
    );
    assert_has(&out, "Escriba el código de su solicitud");
    bot.stop().await;
}

/// «Cancelar» at the review drops every answer, so it is asked once more; «Volver
/// al resumen» keeps them all, and «Sí, cancelar» (or a typed «si») drops them.
async fn cancelling_at_the_review_is_asked_once_more(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let a = TgChat {
        tg: &tg,
        user: TgUser::new(7474, "Nilda").with_language("es"),
    };
    to_the_review(&a).await;
    let asked = a.taps("Cancelar", "¿Seguro que desea cancelar?").await;
    assert!(asked.contains("respuestas que ya dio"), "{asked}");
    let back = a.taps("Volver al resumen", "Revise sus datos").await;
    assert!(
        back.contains("Nombres de la autoridad: Rosa María"),
        "{back}"
    );
    a.taps("Cancelar", "¿Seguro que desea cancelar?").await;
    let done = a.says("si", "No se envió nada").await;
    assert!(!done.contains("fue registrada"), "{done}");
    a.says("/continuar", "No tiene nada pendiente").await;
    bot.stop().await;
}

/// A reviewer's view of a request lists its answers above numbered actions: the
/// answers are bulleted, so a typed "3" can only mean the third action.
async fn the_staff_view_of_a_request_numbers_only_its_actions(backend: Backend) {
    use contigo_bot::domain::stage::Role;
    let (_db, tg, bot) = crate::support::review::setup(backend).await;
    let uac = TgUser::new(7475, "Ana");
    crate::console::staff_member(&bot, &tg, &uac, Role::Uac).await;
    let (_, row) = crate::support::review::applicant(&tg, &bot, 7476).await;
    crate::support::review::uploaded(&bot.app, row.id).await;
    let chat = crate::support::engine::telegram(&uac.id.to_string());
    let view = crate::padron::taps(&bot.app, &chat, &format!("rv:{}", row.id)).await;
    let view = crate::support::engine::text_of(&view);
    assert!(view.contains(&row.code), "{view}");
    assert!(view.contains("• "), "the answers, bulleted: {view}");
    assert_eq!(numbered_lines(&view), Vec::<&str>::new(), "{view}");
    bot.stop().await;
}

/// "quiero solicitar acceso para el gobierno regional" starts the registration with
/// that access type taken: the next question is the region, not the type again.
async fn a_wish_to_register_that_names_the_access_type_skips_that_question(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let a = TgChat {
        tg: &tg,
        user: TgUser::new(7477, "Marco").with_language("es"),
    };
    a.says("/start", "¿Qué desea hacer?").await;
    let asked = a
        .says(
            "quiero solicitar acceso para el gobierno regional",
            "¿De qué región",
        )
        .await;
    assert!(!asked.contains("¿Qué tipo de acceso"), "{asked}");
    a.says("Huancavelica", "gobernador").await;
    bot.stop().await;
}

backends!(
    a_wish_to_register_that_names_the_access_type_skips_that_question,
    the_staff_view_of_a_request_numbers_only_its_actions,
    cancelling_at_the_review_is_asked_once_more,
    a_registration_typed_as_people_type_it_reads_right_at_the_review,
    the_review_numbers_only_its_choices,
    old_buttons_after_a_restart_change_nothing,
    sending_the_ddc_again_while_in_review_says_it_is_already_in,
);
