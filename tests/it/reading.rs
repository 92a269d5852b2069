//! What people type, read where they type it (issue #22): questions that carry a
//! menu word are answered, not taken as menu actions; a request code typed alone
//! shows its status, with the DDC's verification code it opens the upload step; a
//! DNI grouped with spaces or dots is read, a 7-digit one is told so; "no sé" is no
//! one's name; dates as people write them; a question at a form step is answered and
//! the step kept. Every name, number and DNI is invented.

use contigo_bot::app::App;
use contigo_bot::conversation::registration_draft;
use contigo_bot::demo::Place;
use contigo_bot::domain::request::RequestData;
use contigo_bot::message::{Channel, ChatRef};

use crate::backends;
use crate::padron::{IN_ACORIA, access, load_padron};
use crate::support::{
    Backend, TestDb, local_request_data, monday_morning, settings, submitted_request,
};

fn terminal(id: &str) -> ChatRef {
    ChatRef {
        channel: Channel::Terminal,
        chat_id: id.into(),
        lang_hint: Some("es".into()),
    }
}

async fn app(db: &TestDb) -> App {
    App::build(settings(db, None), monday_morning())
        .await
        .expect("app")
}

/// A turn on the heap: a test of many turns would not fit the thread's stack.
async fn says(app: &App, chat: &ChatRef, text: &str) -> String {
    Box::pin(crate::padron::says(app, chat, text)).await
}

async fn tap(app: &App, chat: &ChatRef, id: &str) -> String {
    crate::support::engine::text_of(&Box::pin(crate::padron::taps(app, chat, id)).await)
}

/// The registration the chat is filling in.
pub(crate) async fn draft(app: &App, chat: &ChatRef) -> RequestData {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    registration_draft(&mut conn, chat)
        .await
        .expect("draft")
        .expect("still registering")
}

/// What the knowledge base says: an answer, its closest titles, or a person offered.
fn is_an_answer(reply: &str) -> bool {
    reply.contains("¿Le sirvió?")
        || reply.contains("¿Se refiere a alguna de estas preguntas?")
        || reply.contains("No encontré una respuesta")
}

async fn questions_with_a_menu_word_are_answered_not_taken_as_menu_actions(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = app(&db).await;
    let chat = terminal("reading-1");
    for question in [
        "me observaron la solicitud q hago",
        "q es la ddc",
        "cada cuanto se renueva la ddc",
        "que requisitos necesita una persona para afiliarse al programa",
    ] {
        let reply = says(&app, &chat, question).await;
        assert!(is_an_answer(&reply), "{question}: {reply}");
        for action in [
            "Paso 1",
            "Escriba el código de su solicitud",
            "¿De qué se trata?",
        ] {
            assert!(!reply.contains(action), "{question} hijacked: {reply}");
        }
        let mut conn = app.store.pool.acquire().await.expect("conn");
        assert_eq!(
            registration_draft(&mut conn, &chat).await.expect("draft"),
            None,
            "{question} started a registration"
        );
    }
    // The wishes themselves still do what they say.
    let renew = says(&app, &chat, "quiero registrar una solicitud").await;
    assert!(renew.contains("Paso 1"), "{renew}");
    app.store.close().await;
}

backends!(questions_with_a_menu_word_are_answered_not_taken_as_menu_actions);

/// A situation told in a sentence that names a menu word ("necesita el acceso") is
/// looked up, not taken as the menu's action; one the knowledge base cannot place
/// gets a person offered instead of "no le entendí".
async fn a_situation_told_in_a_sentence_is_looked_up_not_taken_as_a_menu_action(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = app(&db).await;
    let chat = terminal("reading-situation");
    for text in [
        "el nuevo jefe de omaped necesita el acceso, el anterior ya se fue",
        "somos conadis, que tipo de acceso pedimos",
    ] {
        let reply = says(&app, &chat, text).await;
        assert!(is_an_answer(&reply), "{text}: {reply}");
        assert!(!reply.contains("Paso 1"), "{text} hijacked: {reply}");
        let mut conn = app.store.pool.acquire().await.expect("conn");
        assert_eq!(
            registration_draft(&mut conn, &chat).await.expect("draft"),
            None,
            "{text} started a registration"
        );
    }
    let reply = says(
        &app,
        &chat,
        "la municipalidad quiere donar sillas de ruedas al programa",
    )
    .await;
    assert!(!reply.contains("no le entendí"), "{reply}");
    assert!(is_an_answer(&reply), "{reply}");
    // A word or two nobody understood is still told so, with the menu.
    let reply = says(&app, &chat, "zzz").await;
    assert!(reply.contains("no le entendí"), "{reply}");
}
backends!(a_situation_told_in_a_sentence_is_looked_up_not_taken_as_a_menu_action);

async fn a_sentence_where_a_code_is_awaited_is_looked_up_and_the_step_kept(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = app(&db).await;
    let chat = terminal("reading-code-step");
    let asked = says(&app, &chat, "/estado").await;
    assert!(asked.contains("código de su solicitud"), "{asked}");
    // Not a code and not a question word in it: still not its answer.
    let reply = says(
        &app,
        &chat,
        "no me llego el correo con mi usuario y contraseña",
    )
    .await;
    assert!(!reply.contains("No reconozco eso"), "{reply}");
    assert!(is_an_answer(&reply), "{reply}");
    assert!(
        reply.contains("código de su solicitud"),
        "step not kept: {reply}"
    );
    // A mistyped code is still told so.
    let reply = says(&app, &chat, "CTG 2026 12").await;
    assert!(reply.contains("código de su solicitud"), "{reply}");
    assert!(!is_an_answer(&reply), "{reply}");
}
backends!(a_sentence_where_a_code_is_awaited_is_looked_up_and_the_step_kept);

async fn a_request_code_typed_alone_shows_its_status_and_with_its_verification_code_the_upload(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let app = app(&db).await;
    let own = terminal("reading-2");
    let row = submitted_request(
        &app,
        &local_request_data("090101", "987650421"),
        "terminal",
        "reading-2",
    )
    .await;
    // Its own chat, at the top level: the status at once.
    let status = says(&app, &own, &row.code).await;
    assert!(status.contains(&row.code), "{status}");
    assert!(!status.contains("no le entendí"), "{status}");
    assert!(
        status.contains("Etapa") || status.contains("etapa"),
        "{status}"
    );

    // Another chat: the code alone asks for the DDC's verification code...
    let other = terminal("reading-3");
    let proof = says(&app, &other, &row.code.to_lowercase()).await;
    assert!(proof.contains("código de verificación"), "{proof}");
    says(&app, &other, "/inicio").await;
    // ...and both, copied from the DDC with its labels, open the upload step.
    let verification = row.verification_code.clone().expect("verification code");
    let printed = format!(
        "Código: {}\nCódigo de verificación: {}",
        row.code,
        verification.grouped()
    );
    let upload = says(&app, &other, &printed).await;
    assert!(upload.contains("Envíe la DDC firmada"), "{upload}");
    assert!(upload.contains(&row.code), "{upload}");
    app.store.close().await;
}

backends!(a_request_code_typed_alone_shows_its_status_and_with_its_verification_code_the_upload);

async fn a_bound_ally_types_a_dni_as_written_and_a_short_one_is_told_so(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = app(&db).await;
    load_padron(&app.store, &db).await;
    access(&app, Place::District("090103"), "987650422").await;
    let chat = crate::padron::whatsapp("51987650422");
    let bound = says(&app, &chat, "/padron").await;
    assert!(bound.contains("quedó vinculado"), "{bound}");
    // IN_ACORIA is 91000003, typed as people copy it.
    for typed in ["9100 0003", "91.000.003"] {
        assert_eq!(typed.replace([' ', '.'], ""), IN_ACORIA);
        let found = says(&app, &chat, typed).await;
        assert!(found.contains("Rosa Demo"), "{typed}: {found}");
    }
    let short = says(&app, &chat, "9100003").await;
    assert!(short.contains("8 dígitos"), "{short}");
    assert!(!short.contains("no le entendí"), "{short}");
    app.store.close().await;
}

backends!(a_bound_ally_types_a_dni_as_written_and_a_short_one_is_told_so);

async fn no_se_is_nobodys_name_and_a_question_at_a_step_is_answered_and_the_step_kept(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let app = app(&db).await;
    let chat = terminal("reading-4");
    says(&app, &chat, "/solicitar").await;
    tap(&app, &chat, "at:local").await;
    let names = says(&app, &chat, "Acoria").await;
    assert!(names.contains("nombres del alcalde"), "{names}");
    for not_a_name in ["no sé", "no se como se llama el alcalde", "ayuda"] {
        let refused = says(&app, &chat, not_a_name).await;
        assert!(refused.contains("JNE"), "{not_a_name}: {refused}");
        assert!(refused.contains("nombres del alcalde"), "{refused}");
    }
    // A question: answered, and the same step asked again.
    let asked = says(&app, &chat, "q pasa si no tengo la credencial del jne?").await;
    assert!(is_an_answer(&asked), "{asked}");
    assert!(asked.contains("nombres del alcalde"), "{asked}");
    let filled = draft(&app, &chat).await;
    assert_eq!(filled.authority_names, None);
    assert_eq!(filled.ubigeo.as_ref().map(|u| u.as_str()), Some("090103"));

    // DNIs with spaces and dots, dates as d/m/yy and in words.
    says(&app, &chat, "Rosa María").await;
    says(&app, &chat, "Quispe Huamán").await;
    let credential = says(&app, &chat, "4567 8912").await;
    assert!(credential.contains("credencial"), "{credential}");
    says(&app, &chat, "0123-2026-JNE").await;
    says(&app, &chat, "987654321").await;
    says(&app, &chat, "rosa@example.org").await;
    says(&app, &chat, "Luis").await;
    says(&app, &chat, "Pérez").await;
    let phone = says(&app, &chat, "41.234.567").await;
    assert!(phone.contains("celular"), "{phone}");
    says(&app, &chat, "912345678").await;
    says(&app, &chat, "luis@example.org").await;
    let date = says(&app, &chat, "Jefe de la OMAPED").await;
    assert!(date.contains("fecha"), "{date}");
    let review = says(&app, &chat, "15 de enero del 2026").await;
    assert!(review.contains("Revise sus datos"), "{review}");
    let filled = draft(&app, &chat).await;
    assert_eq!(
        filled.authority_dni.map(|d| d.to_string()).as_deref(),
        Some("45678912")
    );
    assert_eq!(
        filled.resp_dni.map(|d| d.to_string()).as_deref(),
        Some("41234567")
    );
    assert_eq!(
        filled
            .resp_designation_date
            .map(|d| d.to_string())
            .as_deref(),
        Some("2026-01-15")
    );
    // The date corrected from the review, as d/m/yy.
    tap(&app, &chat, "sm:fix").await;
    let asked = tap(&app, &chat, "fx:resp_designation_date").await;
    assert!(asked.contains("fecha"), "{asked}");
    let review = says(&app, &chat, "2/1/26").await;
    assert!(review.contains("Revise sus datos"), "{review}");
    let filled = draft(&app, &chat).await;
    assert_eq!(
        filled
            .resp_designation_date
            .map(|d| d.to_string())
            .as_deref(),
        Some("2026-01-02")
    );
    app.store.close().await;
}

backends!(no_se_is_nobodys_name_and_a_question_at_a_step_is_answered_and_the_step_kept);
