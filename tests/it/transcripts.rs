//! Voice notes transcribed on the program's own server (issue #22, `[stt] command`):
//! the engine is a command run on the stored audio, in a worker, never inside a turn;
//! what it prints reaches the ticket's holder beside the audio, in the chat's ticket
//! view and in the console; a stuck engine is stopped at its time limit and shows
//! nothing. The engine here is a shell script that reports the size of the file it
//! was given (so the test knows it read the stored note); names are invented.

use std::time::Duration;

use contigo_bot::config::Settings;
use contigo_bot::domain::stage::Role;
use contigo_bot::domain::ticket::TicketState;
use contigo_bot::store::{tickets, transcripts};
use reqwest::StatusCode;

use crate::backends;
use crate::console::{PUBLIC_URL, logged_in, login_link};
use crate::support::telegram::{FakeTelegram, TgUser};
use crate::support::whatsapp::{FakeWhatsapp, WaUser, post};
use crate::support::{Backend, Running, TestDb, add_staff, monday_morning, settings};

fn ogg(seed: u8, len: usize) -> Vec<u8> {
    let mut bytes = b"OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00".to_vec();
    bytes.extend(std::iter::repeat_n(seed, len));
    bytes
}

/// Writes a fake engine to the test's folder and sets `[stt]` to run it.
fn with_engine(s: &mut Settings, db: &TestDb, script: &str, timeout_secs: u64) {
    let path = db.dir.path().join("engine.sh");
    std::fs::write(&path, script).expect("engine script");
    s.stt.command = format!("sh {}", path.display());
    s.stt.timeout_secs = timeout_secs;
}

/// Starts the bot with Ana (a specialist, on Telegram) in her tickets, and the ally
/// Luis on WhatsApp.
async fn bot_with(
    db: &TestDb,
    tg: &FakeTelegram,
    wa: &FakeWhatsapp,
    script: &str,
    timeout_secs: u64,
) -> (Running, TgUser, WaUser) {
    let mut s = settings(db, Some(&tg.api_url()));
    s.http.public_url = PUBLIC_URL.to_owned();
    wa.configure(&mut s);
    with_engine(&mut s, db, script, timeout_secs);
    let bot = Running::start(s, monday_morning()).await;
    let ana = TgUser::new(9821, "Ana");
    add_staff(&bot.app, "Ana Torres", &[Role::Especialista], ana.id).await;
    tg.send_text(&ana, "/consultas");
    tg.wait_for(ana.chat_id(), "consultas a su cargo").await;
    (bot, ana, WaUser::new("51900000821", "Luis"))
}

/// The ally's voice notes in the only open (or taken) ticket, oldest first.
async fn voice_messages(bot: &Running) -> (i64, Vec<i64>) {
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let mut found = vec![];
    for state in [TicketState::Open, TicketState::Taken] {
        found.extend(
            tickets::by_state(&mut conn, state, None, 10)
                .await
                .expect("tickets"),
        );
    }
    let ticket = found.into_iter().next().expect("a ticket was opened");
    let ids = tickets::messages(&mut conn, ticket.id, 50)
        .await
        .expect("messages")
        .into_iter()
        .filter(|m| m.file_name.as_deref().is_some_and(|n| n.ends_with(".ogg")))
        .map(|m| m.id)
        .collect();
    (ticket.id, ids)
}

/// Waits until the worker left a transcript row of `state` for the message.
async fn transcript_in(bot: &Running, message_id: i64, state: &str) -> transcripts::Transcript {
    for _ in 0..400 {
        let mut conn = bot.app.store.pool.acquire().await.expect("conn");
        let row = transcripts::get(&mut conn, message_id).await.expect("row");
        drop(conn);
        if let Some(row) = row.filter(|r| r.state == state) {
            return row;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no {state} transcript for message {message_id}");
}

/// Whether a process with exactly this command line runs (read from /proc).
fn running_now(command_line: &str) -> bool {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return false;
    };
    entries.flatten().any(|e| {
        std::fs::read(e.path().join("cmdline")).is_ok_and(|raw| {
            let line = String::from_utf8_lossy(&raw).replace('\0', " ");
            line.trim() == command_line
        })
    })
}

const ENGINE: &str = "printf 'Quisiera saber del pago de la pension, nota de %s bytes\\n' \
                      \"$(wc -c < \"$1\" | tr -d ' ')\"\n";

async fn the_specialist_reads_what_a_voice_note_says_beside_the_audio(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let wa = FakeWhatsapp::start().await;
    let (bot, ana, ally) = bot_with(&db, &tg, &wa, ENGINE, 20).await;

    // A first note opens a consulta; the engine hears it before anyone takes it.
    let first = ogg(1, 200);
    assert_eq!(post(&bot.http, &wa.voice(&ally, first.clone())).await, 200);
    wa.wait_for(&ally.phone, "escucha una persona").await;
    let (ticket_id, notes) = voice_messages(&bot).await;
    let heard = transcript_in(&bot, notes[0], "done").await;
    let said = format!(
        "Quisiera saber del pago de la pension, nota de {} bytes",
        first.len()
    );
    assert_eq!(heard.body.as_deref(), Some(said.as_str()));

    // Ana takes it: the note comes as a voice message, the ticket's view reads it.
    tg.wait_for(ana.chat_id(), "Nueva consulta").await;
    tg.press_button(&ana, "Tomar");
    let voice = tg.wait_for(ana.chat_id(), "rchivo de").await;
    assert_eq!(voice.method, "sendVoice", "{voice:?}");
    let view = tg.wait_for(ana.chat_id(), "Transcripción automática").await;
    assert!(view.text().contains(&said), "{}", view.text());

    // A second note while she holds it: the audio, then what it says, marked.
    let second = ogg(2, 321);
    assert_eq!(post(&bot.http, &wa.voice(&ally, second.clone())).await, 200);
    let again = tg.wait_for(ana.chat_id(), "nota de 335 bytes").await;
    assert!(
        again
            .text()
            .contains("transcripción automática (puede tener errores"),
        "{}",
        again.text()
    );
    let (_, notes) = voice_messages(&bot).await;
    assert_eq!(notes.len(), 2, "{notes:?}");

    // In the console each note plays, its text beside it.
    let mut page = logged_in(&bot, &login_link(&tg, &ana).await).await;
    let shown = page.get(&format!("/console/tickets/{ticket_id}")).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    assert_eq!(
        shown.body.matches("<audio controls").count(),
        2,
        "{}",
        shown.body
    );
    assert!(shown.body.contains(&said), "{}", shown.body);
    assert!(shown.body.contains("nota de 335 bytes"), "{}", shown.body);
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

backends!(the_specialist_reads_what_a_voice_note_says_beside_the_audio);

async fn a_stuck_engine_is_stopped_and_never_holds_up_the_chat(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let wa = FakeWhatsapp::start().await;
    // Hangs (in a child of the shell, which the time limit must stop too); each
    // backend's engine sleeps its own time, to be found by it.
    let sleep = match backend {
        Backend::Sqlite => "sleep 31",
        Backend::Postgres => "sleep 32",
    };
    let script = format!("{sleep}\necho never\n");
    let (bot, ana, ally) = bot_with(&db, &tg, &wa, &script, 8).await;
    assert_eq!(post(&bot.http, &wa.voice(&ally, ogg(3, 100))).await, 200);
    wa.wait_for(&ally.phone, "escucha una persona").await;
    tg.wait_for(ana.chat_id(), "Nueva consulta").await;
    tg.press_button(&ana, "Tomar");
    tg.wait_for(ana.chat_id(), "rchivo de").await;

    // While the engine runs, the ally's words still reach Ana at once.
    let (_, notes) = voice_messages(&bot).await;
    let running = transcript_in(&bot, notes[0], "running").await;
    assert_eq!(running.attempts, 1);
    let mut seen = false;
    for _ in 0..40 {
        seen = running_now(sleep);
        if seen {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(seen, "the engine runs");
    assert_eq!(
        post(&bot.http, &wa.text(&ally, "Es sobre el pago de diciembre")).await,
        200
    );
    tg.wait_for(ana.chat_id(), "pago de diciembre").await;
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let still = transcripts::get(&mut conn, notes[0]).await.expect("row");
    drop(conn);
    assert_eq!(still.map(|r| r.state).as_deref(), Some("running"));

    // At its limit it is stopped; no text is shown, the reason is kept.
    let failed = transcript_in(&bot, notes[0], "failed").await;
    assert!(
        failed.failure.as_deref().is_some_and(|f| f.contains("8 s")),
        "{failed:?}"
    );
    assert_eq!(failed.body, None);
    assert!(!running_now(sleep), "the engine's child still runs");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        tg.sent_to(ana.chat_id())
            .iter()
            .all(|m| !m.text().contains("ranscripción")),
        "{:?}",
        tg.sent_to(ana.chat_id())
    );
    bot.stop().await;
}

backends!(a_stuck_engine_is_stopped_and_never_holds_up_the_chat);
