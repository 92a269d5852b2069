//! Voice notes heard by a person (issue #22): at the top level a voice note opens a
//! consulta that carries it; the specialist (on the other channel) gets it as a voice
//! message, plays it in the console, and answers by voice too; at a form step the
//! answer is asked for in writing and nothing is stored. Every name and number is
//! invented; the "audio" is a few bytes with Ogg's magic number.

use contigo_bot::app::App;
use contigo_bot::domain::stage::Role;
use contigo_bot::domain::ticket::TicketState;
use contigo_bot::message::{
    Channel, ChatRef, FileContent, FileOrigin, Inbound, IncomingFile, Outbound,
};
use contigo_bot::store::tickets;
use reqwest::StatusCode;

use crate::backends;
use crate::console::{PUBLIC_URL, logged_in, login_link};
use crate::support::telegram::{FakeTelegram, TgUser};
use crate::support::whatsapp::{FakeWhatsapp, WaUser, post};
use crate::support::{Backend, Running, TestDb, add_staff, monday_morning, settings};

fn ogg(seed: u8) -> Vec<u8> {
    let mut bytes = b"OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00".to_vec();
    bytes.extend(std::iter::repeat_n(seed, 200));
    bytes
}

async fn a_voice_note_opens_a_consulta_heard_and_answered_by_voice_on_the_other_channel(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let wa = FakeWhatsapp::start().await;
    let mut s = settings(&db, Some(&tg.api_url()));
    s.http.public_url = PUBLIC_URL.to_owned();
    wa.configure(&mut s);
    let bot = Running::start(s, monday_morning()).await;
    let ana = TgUser::new(9811, "Ana");
    add_staff(&bot.app, "Ana Torres", &[Role::Especialista], ana.id).await;
    tg.send_text(&ana, "/consultas");
    tg.wait_for(ana.chat_id(), "consultas a su cargo").await;

    // The ally, on WhatsApp, says it aloud from the top level.
    let ally = WaUser::new("51900000811", "Luis");
    let said = ogg(1);
    assert_eq!(post(&bot.http, &wa.voice(&ally, said.clone())).await, 200);
    let heard = wa.wait_for(&ally.phone, "escucha una persona").await;
    assert!(
        heard.text().contains("Registré su consulta"),
        "{}",
        heard.text()
    );
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let open = tickets::by_state(&mut conn, TicketState::Open, None, 10)
        .await
        .expect("tickets");
    let ticket = open.into_iter().next().expect("a consulta was opened");
    assert_eq!(ticket.category.as_str(), "consulta");
    let messages = tickets::messages(&mut conn, ticket.id, 10)
        .await
        .expect("messages");
    drop(conn);
    assert!(
        messages
            .iter()
            .any(|m| m.file_name.as_deref().is_some_and(|n| n.ends_with(".ogg"))),
        "the audio is in the ticket: {messages:?}"
    );

    // The specialist takes it on Telegram: the note comes as a voice message.
    tg.wait_for(ana.chat_id(), "Nueva consulta").await;
    tg.press_button(&ana, "Tomar");
    let voice = tg.wait_for(ana.chat_id(), "rchivo de").await;
    assert_eq!(voice.method, "sendVoice", "{voice:?}");
    assert_eq!(tg.document(&voice), said);

    // She answers by voice: the ally gets an audio message with the same bytes.
    let answer = ogg(2);
    tg.send_voice(&ana, answer.clone());
    wa.wait_for(&ally.phone, "Archivo de Ana Torres").await;
    let mut audio = None;
    for _ in 0..100 {
        audio = wa
            .sent_to(&ally.phone)
            .into_iter()
            .find(|m| m.kind == "audio");
        if audio.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let audio = audio.expect("an audio message reached the ally");
    assert_eq!(wa.document_bytes(&audio), answer);

    // In the console the note plays in the page.
    let mut page = logged_in(&bot, &login_link(&tg, &ana).await).await;
    let shown = page.get(&format!("/console/tickets/{}", ticket.id)).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    assert!(shown.body.contains("<audio controls"), "{}", shown.body);
    let src = shown
        .body
        .split("<audio controls preload=\"none\" src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the player's address")
        // The page escapes the slashes of an attribute.
        .replace("&#x2f;", "/");
    let played = page.get(&src).await;
    assert_eq!(played.status, StatusCode::OK);
    assert_eq!(played.content_type, "audio/ogg");
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    bot.stop().await;
}

backends!(a_voice_note_opens_a_consulta_heard_and_answered_by_voice_on_the_other_channel);

async fn turn(app: &App, chat: &ChatRef, input: Inbound) -> String {
    let out: Vec<Outbound> = Box::pin(crate::support::engine::turn(app, chat, input)).await;
    crate::support::engine::text_of(&out)
}

async fn a_voice_note_at_a_form_step_asks_for_the_answer_in_writing(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    let chat = ChatRef {
        channel: Channel::Telegram,
        chat_id: "9812".into(),
        lang_hint: Some("es".into()),
    };
    turn(&app, &chat, Inbound::Text("/solicitar".into())).await;
    turn(&app, &chat, Inbound::Choice("at:local".into())).await;
    let names = turn(&app, &chat, Inbound::Text("Acoria".into())).await;
    assert!(names.contains("nombres del alcalde"), "{names}");
    let voice = Inbound::File(IncomingFile {
        origin: FileOrigin::Voice,
        name: None,
        content: FileContent::Bytes(ogg(3)),
    });
    let asked = turn(&app, &chat, voice).await;
    assert!(asked.contains("respuesta escrita"), "{asked}");
    assert!(asked.contains("nombres del alcalde"), "{asked}");
    let draft = crate::reading::draft(&app, &chat).await;
    assert_eq!(draft.authority_names, None);
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let open = tickets::by_state(&mut conn, TicketState::Open, None, 10)
        .await
        .expect("tickets");
    assert!(open.is_empty(), "no ticket at a form step: {open:?}");
    drop(conn);
    app.store.close().await;
}

backends!(a_voice_note_at_a_form_step_asks_for_the_answer_in_writing);
