//! Telegram's JSON read once (issue 27): the update parsed at the webhook's door is
//! handed to its turn, which does not parse the stored body again; an event whose
//! update was not handed over (after a restart, on another replica, a retry, a full
//! hand-off) reads the same from the store; a Mini App form is told apart by its
//! event's name; `sendMessage`'s answer is read for its id only, and its errors are
//! classified as teloxide's full reading had them.

use contigo_bot::app::{App, HANDED_UPDATES};
use contigo_bot::channels::telegram::{
    MINI_APP_EVENT, MiniAppAnswers, MiniAppForm, TelegramAdapter, parse_update,
};
use contigo_bot::channels::{Adapter, DeliveryError};
use contigo_bot::message::{Channel, Choice, Outbound};
use contigo_bot::store::files::FileStore;
use contigo_bot::store::inbound::InboundEvent;

use crate::backends;
use crate::support::telegram::{FakeTelegram, TOKEN, TgUser};
use crate::support::{Backend, TestDb, monday_morning, settings};

fn adapter(tg: &FakeTelegram, files: FileStore) -> TelegramAdapter {
    TelegramAdapter::new(TOKEN, &tg.api_url(), files, 10 << 20).expect("adapter")
}

/// An application on a scratch database and the fake, and its adapter taking the
/// updates handed over as `serve` builds it.
async fn bot(backend: Backend) -> (TestDb, FakeTelegram, App, TelegramAdapter) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let app = App::build(settings(&db, Some(&tg.api_url())), monday_morning())
        .await
        .expect("app");
    let handed = adapter(&tg, app.files.clone()).taking_from(app.telegram_updates.clone());
    (db, tg, app, handed)
}

/// Stores the fake's update `id` as the webhook handler does: parsed at the door,
/// the body stored as received.
async fn post(app: &App, tg: &FakeTelegram, id: i64) -> bool {
    let body = tg.update_json(id).to_string();
    let update = parse_update(body.as_bytes()).expect("an update");
    app.ingest_telegram(update, Some(&body))
        .await
        .expect("stored")
}

/// The stored Telegram events, oldest first.
async fn events(app: &App) -> Vec<InboundEvent> {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT id, external_id, chat_id, payload FROM inbound_events
         WHERE channel = 'telegram' ORDER BY id",
    )
    .fetch_all(&app.store.pool)
    .await
    .expect("events");
    rows.into_iter()
        .map(|(id, external_id, chat_id, payload)| InboundEvent {
            id,
            channel: "telegram".into(),
            external_id,
            chat_id,
            payload,
            attempts: 0,
            claim: String::new(),
        })
        .collect()
}

async fn an_update_reads_the_same_handed_over_and_from_the_store(backend: Backend) {
    let (_db, tg, app, handed) = bot(backend).await;
    // As after a restart, or on the replica that did not receive the webhook.
    let restarted = adapter(&tg, app.files.clone());
    let rosa = TgUser::new(7301, "Rosa").with_language("es");
    let chat = rosa.chat_id().to_string();
    tg.send_text(&rosa, "hola");
    let asked = Outbound::Text {
        text: "¿Seguimos?".into(),
        choices: vec![Choice {
            id: "yes".into(),
            label: "Sí".into(),
            web_app: None,
        }],
    };
    handed.deliver(&chat, &asked).await.expect("asked");
    let ids = [
        tg.send_text(&rosa, "/start"),
        tg.send_text(&rosa, "mi distrito es Ñuñoa"),
        tg.send_contact(&rosa, "+51987654321", Some(rosa.id)),
        tg.send_document(
            &rosa,
            "acta.pdf",
            "application/pdf",
            b"%PDF-1.4 acta".to_vec(),
        ),
        tg.press_button(&rosa, "Sí"),
    ];
    let before = events(&app).await.len();
    for &id in &ids {
        assert!(post(&app, &tg, id).await, "update {id} stored");
    }
    assert_eq!(
        app.telegram_updates.len(),
        ids.len(),
        "each update handed over"
    );
    // A redelivery is not stored, nor handed over again.
    assert!(!post(&app, &tg, ids[0]).await);
    assert_eq!(app.telegram_updates.len(), ids.len());

    let stored = events(&app).await;
    let stored = &stored[before..];
    assert_eq!(stored.len(), ids.len());
    assert_eq!(stored[0].payload, tg.update_json(ids[0]).to_string());
    for event in stored {
        let from_door = handed.decode(event).await.expect("decoded");
        let from_store = restarted.decode(event).await.expect("decoded");
        assert!(from_door.is_some(), "event {}", event.external_id);
        assert_eq!(format!("{from_door:?}"), format!("{from_store:?}"));
    }
    assert!(app.telegram_updates.is_empty(), "each taken by its turn");
    // The tap was shown on the message, by an edit read for its id only.
    assert!(
        tg.sent()
            .iter()
            .any(|s| s.method == "editMessageText"
                && s.text.as_deref() == Some("¿Seguimos?\n\n✓ Sí")),
        "{:?}",
        tg.sent()
    );

    // A Mini App form is told apart by its event's name; one stored under another
    // name (before the names) still reads as a form, never as a malformed update.
    let form = |token: Option<&str>| {
        serde_json::to_string(&MiniAppForm {
            mini_app_form: MiniAppAnswers {
                user_id: rosa.id,
                lang: Some("es".into()),
                answers: [("dni".to_owned(), "12345678".to_owned())].into(),
                token: token.map(str::to_owned),
            },
        })
        .expect("json")
    };
    let named = format!("{MINI_APP_EVENT}abc");
    for (external_id, payload) in [(named.as_str(), form(None)), ("legacy-1", form(Some("t1")))] {
        app.ingest(Channel::Telegram, external_id, &chat, &payload)
            .await
            .expect("stored");
    }
    let forms = events(&app).await;
    let read: Vec<String> = read_all(&handed, &forms[forms.len() - 2..]).await;
    assert!(
        read[0].contains("Form({\"dni\": \"12345678\"})"),
        "{read:?}"
    );
    assert!(read[1].contains("FormReply { token: \"t1\""), "{read:?}");
    app.store.close().await;
}

async fn read_all(adapter: &TelegramAdapter, events: &[InboundEvent]) -> Vec<String> {
    let mut read = vec![];
    for event in events {
        read.push(format!(
            "{:?}",
            adapter.decode(event).await.expect("decoded")
        ));
    }
    read
}

/// More updates than the hand-off holds, none taken: it keeps its bound; the ones
/// past it are stored all the same and read from the store.
async fn the_hand_off_stays_bounded(backend: Backend) {
    let (_db, tg, app, handed) = bot(backend).await;
    let before = events(&app).await.len();
    let mut last = 0;
    for i in 0..HANDED_UPDATES + 3 {
        let user = TgUser::new(8000 + (i % 50) as i64, "Ally");
        last = tg.send_text(&user, &format!("mensaje {i}"));
        assert!(post(&app, &tg, last).await);
    }
    assert_eq!(app.telegram_updates.len(), HANDED_UPDATES);
    let stored = events(&app).await;
    assert_eq!(stored.len() - before, HANDED_UPDATES + 3);
    let newest = stored.last().expect("stored");
    assert_eq!(newest.external_id, last.to_string());
    let read = handed.decode(newest).await.expect("decoded");
    assert!(
        format!("{read:?}").contains(&format!("Text(\"mensaje {}\")", HANDED_UPDATES + 2)),
        "{read:?}"
    );
    assert_eq!(app.telegram_updates.len(), HANDED_UPDATES);
    app.store.close().await;
}

backends!(
    an_update_reads_the_same_handed_over_and_from_the_store,
    the_hand_off_stays_bounded,
);

/// `sendMessage` read for the message's id: the id Telegram gave; its failures
/// classified as before (429 with its `retry_after`, 400 and 403 for good, the
/// network worth another try).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_message_answers_are_read_for_the_id_and_errors_classified_as_before() {
    let dir = tempfile::tempdir().expect("dir");
    let files = FileStore::new(dir.path().to_path_buf());
    let tg = FakeTelegram::start().await;
    let rosa = TgUser::new(7302, "Rosa");
    tg.send_text(&rosa, "hola");
    let chat = rosa.chat_id().to_string();
    let bot = adapter(&tg, files.clone());
    let text = |t: &str| Outbound::Text {
        text: t.into(),
        choices: vec![],
    };
    // The id of the fake's newest message to Rosa.
    let newest = || {
        let sent = tg.messages_to(rosa.id);
        sent.last().expect("a message").message_id.to_string()
    };

    let id = bot.deliver(&chat, &text("Hola")).await.expect("sent");
    assert_eq!(id, Some(newest()));

    tg.fail_next("sendMessage", 429, Some(7));
    let e = bot.deliver(&chat, &text("Hola")).await.expect_err("429");
    assert!(matches!(e, DeliveryError::RetryAfter(7)), "{e:?}");

    tg.fail_next("sendMessage", 403, None);
    let e = bot.deliver(&chat, &text("Hola")).await.expect_err("403");
    assert!(
        matches!(&e, DeliveryError::Permanent(m) if m.contains("blocked")),
        "{e:?}"
    );

    tg.fail_next("sendMessage", 400, None);
    let e = bot.deliver(&chat, &text("Hola")).await.expect_err("400");
    assert!(matches!(e, DeliveryError::Permanent(_)), "{e:?}");

    let e = bot
        .deliver("424242", &text("Hola"))
        .await
        .expect_err("no chat");
    assert!(
        matches!(&e, DeliveryError::Permanent(m) if m.contains("chat not found")),
        "{e:?}"
    );

    // Nobody listens there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let url = format!("http://{}", closed.local_addr().expect("addr"));
    drop(closed);
    let unreachable = TelegramAdapter::new(TOKEN, &url, files, 10 << 20).expect("adapter");
    let e = unreachable
        .deliver(&chat, &text("Hola"))
        .await
        .expect_err("network");
    assert!(matches!(e, DeliveryError::Transient(_)), "{e:?}");

    // The message sent after the failures is the fake's newest, as before.
    let id = bot.deliver(&chat, &text("Otra vez")).await.expect("sent");
    assert_eq!(id, Some(newest()));
}
