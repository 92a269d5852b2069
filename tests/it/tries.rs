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

/// The bot on a fake Telegram, on a Monday morning; the database lives as long as
/// the first value is kept.
async fn on_telegram(backend: Backend) -> (TestDb, FakeTelegram, Running) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    (db, tg, bot)
}

/// Someone writing in Spanish on that Telegram.
fn person<'a>(tg: &'a FakeTelegram, id: i64, name: &str) -> TgChat<'a> {
    TgChat {
        tg,
        user: TgUser::new(id, name).with_language("es"),
    }
}

async fn a_registration_typed_as_people_type_it_reads_right_at_the_review(backend: Backend) {
    let (_db, tg, bot) = on_telegram(backend).await;
    let a = person(&tg, 7471, "Nelly");
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
    let (_db, tg, bot) = on_telegram(backend).await;
    let a = person(&tg, 7472, "Elmer");
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
    let a = person(&tg, 7473, "Yeni");
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
    let (_db, tg, bot) = on_telegram(backend).await;
    let a = person(&tg, 7474, "Nilda");
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
    let (_db, tg, bot) = on_telegram(backend).await;
    let a = person(&tg, 7477, "Marco");
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

/// An Otro Aliado that says it has no ROF is told where the number is found, and
/// that a private entity needs none: «atrás» goes back to «¿pública o privada?»,
/// where «Privada» drops the ROF question. «No hay» at the designation document and
/// «no sé» at the head's names say whom to ask (the entity, not the JNE, which lists
/// elected authorities only), and the review names the entity's head «titular».
async fn an_otro_aliado_without_a_rof_is_told_where_it_is_and_goes_back_to_private(
    backend: Backend,
) {
    let (_db, tg, bot) = on_telegram(backend).await;
    let a = person(&tg, 7478, "Gladys");
    let chat = a.user.chat_id();
    a.says("/start", "¿Qué desea hacer?").await;
    a.taps("Solicitar acceso", "Paso 1").await;
    a.taps("Otro Aliado", "nombre de la entidad").await;
    a.says("Asociación Manos Unidas del Perú", "pública o privada")
        .await;
    a.taps("Pública", "aprueba el ROF").await;
    let told = a.says("no tenemos rof", "gob.pe").await;
    assert!(told.contains("escriba «atrás»"), "{told}");
    tg.wait_for(chat, "/continuar").await;
    tg.wait_for(chat, "aprueba el ROF").await;
    a.says("atrás", "Su respuesta fue: «Pública»").await;
    tg.wait_for(chat, "pública o privada").await;
    a.taps("Privada", "designa al titular").await;
    let told = a.says("no hay", "recursos humanos").await;
    assert!(told.contains("secretaría general"), "{told}");
    a.says("Acta N° 12-2025", "nombres del titular").await;
    let told = a.says("no sé", "mesa de partes").await;
    assert!(!told.contains("JNE"), "{told}");
    crate::journey_telegram::authority_and_responsible(&a, false).await;
    a.says("Área de Proyectos Sociales", "cargo").await;
    a.says("Coordinadora de proyectos", "fecha").await;
    let summary = a.says("15/01/2026", "Revise sus datos").await;
    for line in [
        "Documento de designación del titular: Acta N° 12-2025",
        "Nombres del titular: Rosa María",
        "Apellidos del titular: Quispe Huamán",
        "DNI del titular: 45678912",
        "Teléfono del titular: 987654321",
    ] {
        assert!(summary.contains(line), "{line} in:\n{summary}");
    }
    assert!(!summary.contains("autoridad"), "{summary}");
    assert!(!summary.contains("ROF"), "{summary}");
    bot.stop().await;
}

/// «Menú» typed at a question opens the menu (it is nobody's name) and /continuar
/// comes back to it; «no tengo la credencial» and «no tiene» (the responsible's
/// e-mail) say where to get them, and keep the question; «no tiene» where the
/// answer is optional (the institutional e-mail) leaves it empty, and the review
/// stops offering to add it.
async fn no_tiene_says_where_to_get_a_needed_answer_and_leaves_an_optional_one_empty(
    backend: Backend,
) {
    let (_db, tg, bot) = on_telegram(backend).await;
    let a = person(&tg, 7479, "Teófilo");
    let chat = a.user.chat_id();
    a.says("/start", "¿Qué desea hacer?").await;
    a.taps("Solicitar acceso", "Paso 1").await;
    a.says("Acoria", "nombres del alcalde").await;
    a.says("menú", "¿Qué desea hacer?").await;
    tg.wait_for(chat, "/continuar").await;
    a.says("/continuar", "nombres del alcalde").await;
    a.says("Rosa María", "apellidos").await;
    a.says("Quispe Huamán", "DNI").await;
    a.says("45678912", "credencial").await;
    let told = a
        .says("no tengo la credencial", "despacho de alcaldía")
        .await;
    assert!(!told.contains("Escríbalo de nuevo"), "{told}");
    tg.wait_for(chat, "credencial del JNE que acredita").await;
    a.says("0123-2026-JNE", "celular").await;
    a.says("987654321", "correo electrónico personal").await;
    a.says("rosa@example.org", "nombres").await;
    a.says("Luis", "apellidos").await;
    a.says("Pérez", "DNI").await;
    a.says("41234567", "celular").await;
    a.says("912345678", "correo").await;
    a.says("no tiene", "Gmail").await;
    tg.wait_for(chat, "correo electrónico de la persona responsable")
        .await;
    a.says("luis@example.org", "cargo").await;
    a.says("Jefe de la OMAPED", "fecha").await;
    let summary = a.says("15/01/2026", "Revise sus datos").await;
    assert!(
        summary.contains("Nombres de la autoridad: Rosa María"),
        "{summary}"
    );
    // The last of the optional fields joined by «o», not by a comma.
    tg.wait_for(chat, "agregue «Otro teléfono» o «Correo institucional» con")
        .await;
    a.taps("Corregir un dato", "¿Qué dato").await;
    a.taps("Correo institucional", "correo institucional").await;
    let summary = a.says("no tiene", "Revise sus datos").await;
    assert!(
        summary.contains("Correo institucional: (sin dato)"),
        "{summary}"
    );
    assert!(
        summary.contains("Si desea, agregue «Otro teléfono» con «Corregir un dato»."),
        "{summary}"
    );
    bot.stop().await;
}

/// Asked for the signed DDC before it is signed, «todavía no la tengo» is told how
/// to send it once it is (and how to get the DDC again), and the chat is back at the
/// menu with nothing kept pending, instead of «Estoy esperando la DDC firmada»
/// again and again; «atrás» there, like «Volver al menú», keeps the upload aside.
async fn the_signed_ddc_not_at_hand_yet_is_told_how_to_send_it_later(backend: Backend) {
    use contigo_bot::message::Inbound;
    let db = TestDb::new(backend).await;
    let bot = Running::start(settings(&db, None), monday_morning()).await;
    let app = &bot.app;
    let chat = telegram("7480");
    let row = submitted_request(
        app,
        &local_request_data("090103", "987650480"),
        "telegram",
        "7480",
    )
    .await;
    let says = |text: &str| turn(app, &chat, Inbound::Text(text.into()));
    let asked = text_of(&says("/enviar").await);
    assert_has(
        &asked,
        &format!(
            "Envíe la DDC firmada y sellada de la solicitud {}",
            row.code
        ),
    );
    let later = text_of(&says("todavía no la tengo").await);
    assert_has(
        &later,
        "Cuando tenga la DDC firmada y sellada, escriba /enviar",
    );
    assert_has(&later, "«Descargar DDC»");
    assert!(!later.contains("Estoy esperando"), "{later}");
    assert_has(&later, "¿Qué desea hacer?");
    assert_has(
        &text_of(&says("/continuar").await),
        "No tiene nada pendiente",
    );
    text_of(&says("/enviar").await);
    let back = text_of(&says("atrás").await);
    assert_has(&back, "Guardé el envío de la DDC firmada");
    assert_has(&back, "¿Qué desea hacer?");
    bot.stop().await;
}

/// Asked which kind of attention they need, a person who writes their message
/// straight away has it kept as a consulta (the one that fits most), and «no sé»
/// is taken as a consulta too; neither is told to pick a number, nor offered
/// «/especialista», which they are already asking for.
async fn a_message_written_before_the_kind_of_attention_is_kept_as_a_consulta(backend: Backend) {
    let (_db, tg, bot) = on_telegram(backend).await;
    let a = person(&tg, 7481, "Zenaida");
    a.says("/especialista", "¿Qué tipo de atención").await;
    let opened = a
        .says(
            "una usuaria no aparece en el padrón desde marzo 🙏",
            "Registré su consulta",
        )
        .await;
    assert!(
        opened.contains("Registro su mensaje como consulta"),
        "{opened}"
    );
    tg.wait_until_idle(a.user.chat_id()).await;
    let all: Vec<String> = tg
        .sent_to(a.user.chat_id())
        .iter()
        .filter_map(|m| m.text.clone())
        .collect();
    let all = all.join("\n---\n");
    assert!(!all.contains("elija una de las opciones"), "{all}");
    assert!(
        !all.contains("¿Prefiere que le atienda una persona?"),
        "{all}"
    );

    let b = person(&tg, 7482, "Fortunato");
    b.says("/especialista", "¿Qué tipo de atención").await;
    let asked = b.says("no sé", "escriba su mensaje").await;
    assert!(asked.contains("la registro como consulta"), "{asked}");
    b.says("¿Cuándo se renueva la DDC?", "Registré su consulta")
        .await;
    bot.stop().await;
}

/// At the review, «no sé» is told to pick one of the three choices, shown again
/// without the whole summary above them; «atrás» asks the last question again
/// (the designation date, with the answer it had), and «ok» to «¿Están
/// correctos?» sends the request.
async fn at_the_review_atras_asks_the_last_question_again_and_ok_sends(backend: Backend) {
    let (_db, tg, bot) = on_telegram(backend).await;
    let a = person(&tg, 7483, "Hilda");
    to_the_review(&a).await;
    let again = a.says("no sé", "elija una de las opciones").await;
    assert!(again.contains("¿Están correctos?"), "{again}");
    assert!(!again.contains("Revise sus datos"), "{again}");
    a.says("atrás", "Su respuesta fue: «15/01/2026»").await;
    tg.wait_for(a.user.chat_id(), "¿Desde qué fecha fue designada?")
        .await;
    let summary = a.says("16/01/2026", "Revise sus datos").await;
    assert!(
        summary.contains("Fecha de designación: 16/01/2026"),
        "{summary}"
    );
    a.says("ok", "fue registrada").await;
    bot.stop().await;
}

/// «Nose» where the request's code is asked says where the code is written (and
/// that the authority's DNI finds it too) instead of «No reconozco eso»; two emoji
/// are no entity's name.
async fn no_code_at_hand_is_told_where_it_is_and_emoji_are_no_entity(backend: Backend) {
    use contigo_bot::message::Inbound;
    let db = TestDb::new(backend).await;
    let bot = Running::start(settings(&db, None), monday_morning()).await;
    let app = &bot.app;
    let chat = telegram("7484");
    let says = |text: &str| turn(app, &chat, Inbound::Text(text.into()));
    assert_has(
        &text_of(&says("/estado").await),
        "Escriba el código de su solicitud",
    );
    let told = text_of(&says("nose").await);
    assert_has(&told, "«Su solicitud fue registrada con el código…»");
    assert_has(&told, "escriba el DNI de quien firma la DDC");
    assert!(!told.contains("No reconozco"), "{told}");
    assert_has(&told, "Escriba el código de su solicitud");
    text_of(&says("/solicitar").await);
    assert_has(&text_of(&says("Otro Aliado").await), "nombre de la entidad");
    let refused = text_of(&says("😀😀").await);
    assert_has(&refused, "caracteres que no podemos guardar");
    assert_has(&refused, "nombre de la entidad");
    bot.stop().await;
}

backends!(
    no_code_at_hand_is_told_where_it_is_and_emoji_are_no_entity,
    at_the_review_atras_asks_the_last_question_again_and_ok_sends,
    the_signed_ddc_not_at_hand_yet_is_told_how_to_send_it_later,
    a_message_written_before_the_kind_of_attention_is_kept_as_a_consulta,
    an_otro_aliado_without_a_rof_is_told_where_it_is_and_goes_back_to_private,
    no_tiene_says_where_to_get_a_needed_answer_and_leaves_an_optional_one_empty,
    a_wish_to_register_that_names_the_access_type_skips_that_question,
    the_staff_view_of_a_request_numbers_only_its_actions,
    cancelling_at_the_review_is_asked_once_more,
    a_registration_typed_as_people_type_it_reads_right_at_the_review,
    the_review_numbers_only_its_choices,
    old_buttons_after_a_restart_change_nothing,
    sending_the_ddc_again_while_in_review_says_it_is_already_in,
);
