//! A fair runtime (issue 27): under a flood every chat with work gets a turn before
//! any chat gets a second, each chat in order and each event once across replicas;
//! what cannot be read is refused at the door (stored as rejected, answered 200,
//! counted, never claimed).

use contigo_bot::message::ChatKey;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use contigo_bot::app::App;
use contigo_bot::message::Channel;
use contigo_bot::store::inbound;
use serde_json::json;

use crate::backends;
use crate::support::telegram::{FakeTelegram, TgUser};
use crate::support::whatsapp::{FakeWhatsapp, WaUser, post, post_raw, sign};
use crate::support::{Backend, Running, TestDb, monday_morning, settings};

const FLOODING: usize = 40;
const EACH: usize = 50;

/// Stores 40 chats × 50 messages, as a training session types them (everyone at
/// once, round after round), then a newcomer's message; the newcomer's event id.
async fn flood_then_newcomer(app: &App) -> i64 {
    for m in 0..EACH {
        for c in 0..FLOODING {
            app.ingest(
                Channel::Terminal,
                &format!("flood-{c}-{m}"),
                &format!("busy-{c}"),
                "{}",
            )
            .await
            .expect("ingest");
        }
    }
    app.ingest(Channel::Terminal, "newcomer-1", "newcomer", "{}")
        .await
        .expect("ingest");
    sqlx::query_scalar::<_, i64>("SELECT id FROM inbound_events WHERE external_id = 'newcomer-1'")
        .fetch_one(&app.store.pool)
        .await
        .expect("newcomer stored")
}

/// Every claim in the order made: (claim number, event id, chat); one claim takes
/// several heads at once.
type Log = Vec<(usize, i64, String)>;

/// A worker of one replica: claims up to `batch` heads, records the order of its
/// claims in `log` and finishes each event, until nothing is left to claim. The log
/// is held across the claim, so it records the order claims were made in; the
/// replicas still finish their events at the same time.
async fn drain(app: App, name: &str, batch: i64, log: Arc<tokio::sync::Mutex<Log>>) -> usize {
    let mut done = 0;
    let mut idle = 0;
    let mut claims = 0;
    while idle < 3 {
        claims += 1;
        let token = format!("{name}-{claims}");
        let now = contigo_bot::clock::wall_now();
        let mut order = log.lock().await;
        let events = inbound::claim(&app.store, "terminal", &token, now, 60, batch)
            .await
            .expect("claim");
        assert!(
            events.len() as i64 <= batch,
            "a claim of at most {batch} took {} events",
            events.len()
        );
        let number = order.last().map_or(0, |(n, _, _)| n + 1);
        order.extend(events.iter().map(|e| (number, e.id, e.chat_id.clone())));
        drop(order);
        if events.is_empty() {
            idle += 1;
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        }
        idle = 0;
        for e in events {
            let mut tx = app.store.begin().await.expect("tx");
            let mine = inbound::finish(&mut tx, e.id, &e.claim, now)
                .await
                .expect("finish");
            assert!(mine, "a claimed event is finished by its claimer");
            tx.commit().await.expect("commit");
            done += 1;
        }
    }
    done
}

async fn a_newcomer_is_served_within_the_first_round_of_a_flood(backend: Backend) {
    let db = TestDb::new(backend).await;
    let a = App::build(settings(&db, None), monday_morning())
        .await
        .expect("replica a");
    let b = App::build(settings(&db, None), monday_morning())
        .await
        .expect("replica b");
    let newcomer = flood_then_newcomer(&a).await;

    // Two replicas claim at the same time, 8 heads at a time.
    let log: Arc<tokio::sync::Mutex<Log>> = Arc::default();
    let (da, db_) = tokio::join!(
        drain(a.clone(), "a", 8, log.clone()),
        drain(b.clone(), "b", 8, log.clone())
    );
    let log = log.lock().await.clone();
    assert_eq!(da + db_, FLOODING * EACH + 1, "every event finished once");

    // Each event claimed exactly once, across both replicas.
    let ids: HashSet<i64> = log.iter().map(|(_, id, _)| *id).collect();
    assert_eq!(ids.len(), log.len(), "an event was claimed twice");
    assert_eq!(ids.len(), FLOODING * EACH + 1);

    // The newcomer's event is claimed within the first round: by a claim that takes
    // the 41st head or an earlier one, and before it no chat had a second turn.
    let (claim, _, _) = log
        .iter()
        .find(|(_, id, _)| *id == newcomer)
        .expect("newcomer claimed");
    let earlier: Vec<&str> = log
        .iter()
        .filter(|(n, _, _)| n < claim)
        .map(|(_, _, chat)| chat.as_str())
        .collect();
    println!(
        "newcomer claimed in claim {claim}, after {} heads, of {} events",
        earlier.len(),
        log.len()
    );
    assert!(
        earlier.len() <= FLOODING,
        "{} heads went first",
        earlier.len()
    );
    let mut turns: HashMap<&str, usize> = HashMap::new();
    for chat in &earlier {
        *turns.entry(chat).or_default() += 1;
    }
    assert!(
        turns.values().all(|&n| n == 1),
        "a chat had a second turn before the newcomer's first: {turns:?}"
    );

    // Every chat's events in the order they arrived.
    let mut last: HashMap<&str, i64> = HashMap::new();
    for (_, id, chat) in &log {
        let prev = last.insert(chat.as_str(), *id).unwrap_or(0);
        assert!(*id > prev, "chat {chat}: event {id} claimed after {prev}");
    }
    // And turns keep going round: between two turns of a chat, every other chat
    // gets one, give or take the heads in progress at the other replica (a claim of
    // 8), while all of them still have work (the first half of the events).
    let mut seen_at: HashMap<&str, usize> = HashMap::new();
    for (i, (_, _, chat)) in log.iter().enumerate() {
        if let Some(prev) = seen_at.insert(chat.as_str(), i) {
            let between = i - prev - 1;
            if i < log.len() / 2 {
                assert!(
                    between + 16 >= FLOODING - 1,
                    "chat {chat} got turns {prev} and {i}: only {between} between"
                );
            }
        }
    }
    a.store.close().await;
    b.store.close().await;
}

/// The whole bot on the Telegram fake: 40 chats have 50 messages each waiting and a
/// newcomer writes /start; the newcomer's turn is among the first round of turns
/// (counted by the order its answer was written, not by time).
async fn a_newcomers_start_is_answered_in_the_first_round_on_telegram(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let s = settings(&db, Some(&tg.api_url()));
    let concurrency = s.intake.concurrency;
    let busy: Vec<TgUser> = (0..FLOODING as i64)
        .map(|i| TgUser::new(9100 + i, "Ally"))
        .collect();
    let newcomer = TgUser::new(9999, "Nueva");
    // Stored before the bot runs, as after a restart in the middle of a flood.
    let loader = App::build(s.clone(), monday_morning()).await.expect("app");
    for _ in 0..EACH {
        for u in &busy {
            let id = tg.send_text(u, "/ayuda");
            let update = serde_json::from_str(&tg.update_json(id).to_string()).expect("update");
            loader
                .ingest_telegram(Box::new(update), None)
                .await
                .expect("ingest");
        }
    }
    let id = tg.send_text(&newcomer, "/start");
    let update = serde_json::from_str(&tg.update_json(id).to_string()).expect("update");
    loader
        .ingest_telegram(Box::new(update), None)
        .await
        .expect("ingest");
    loader.store.close().await;

    let bot = Running::start(s, monday_morning()).await;
    let newcomer_chat = newcomer.chat_id().to_string();
    let deadline = Instant::now() + Duration::from_secs(60);
    let first_row = loop {
        let row: Option<i64> = sqlx::query_scalar(
            "SELECT MIN(id) FROM outbox WHERE channel = 'telegram' AND chat_id = $1",
        )
        .bind(&newcomer_chat)
        .fetch_one(&bot.app.store.pool)
        .await
        .expect("outbox");
        if let Some(row) = row {
            break row;
        }
        if Instant::now() >= deadline {
            let (done, left): (i64, i64) = sqlx::query_as(
                "SELECT SUM(CASE WHEN processed_at IS NULL THEN 0 ELSE 1 END),
                        SUM(CASE WHEN processed_at IS NULL THEN 1 ELSE 0 END)
                 FROM inbound_events",
            )
            .fetch_one(&bot.app.store.pool)
            .await
            .expect("count");
            let errors: Vec<(Option<String>,)> = sqlx::query_as(
                "SELECT last_error FROM inbound_events WHERE last_error IS NOT NULL LIMIT 3",
            )
            .fetch_all(&bot.app.store.pool)
            .await
            .expect("errors");
            let chats: Vec<(String, String, i64)> = sqlx::query_as(
                "SELECT channel, chat_id, COUNT(*) FROM outbox GROUP BY channel, chat_id LIMIT 50",
            )
            .fetch_all(&bot.app.store.pool)
            .await
            .expect("outbox");
            panic!(
                "the newcomer's turn never came: {done} done, {left} left, {errors:?} {chats:?}"
            );
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    // Turns written before the newcomer's: one /ayuda turn writes the same number of
    // messages in every chat, so count rows per chat and divide.
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT chat_id, COUNT(*) FROM outbox WHERE id < $1 GROUP BY chat_id")
            .bind(first_row)
            .fetch_all(&bot.app.store.pool)
            .await
            .expect("rows");
    bot.stop().await;
    let per_turn = rows.iter().map(|(_, n)| *n).min().unwrap_or(1).max(1);
    let turns: i64 = rows.iter().map(|(_, n)| n / per_turn).sum();
    let most = rows.iter().map(|(_, n)| n / per_turn).max().unwrap_or(0);
    println!(
        "newcomer's turn came after {turns} others ({} chats, at most {most} turns each)",
        rows.len()
    );
    // The first round is the 40 busy chats; turns already running in parallel
    // (`concurrency` of them) may finish first.
    assert!(
        turns <= (FLOODING + concurrency) as i64,
        "{turns} turns went before the newcomer's"
    );
    assert!(
        most <= 2,
        "a chat had {most} turns before the newcomer's first"
    );
}

const TG_SECRET: &str = "tg-webhook-secret-27";

/// The bot running in Telegram webhook mode against the fake, on a scratch database.
async fn webhook_bot(backend: Backend) -> (TestDb, FakeTelegram, Running) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let mut s = settings(&db, Some(&tg.api_url()));
    s.telegram.mode = contigo_bot::config::TelegramMode::Webhook;
    s.http.public_url = "https://bot.example.org/".into();
    s.secrets.telegram_webhook_secret = Some(TG_SECRET.into());
    let bot = Running::start(s, monday_morning()).await;
    (db, tg, bot)
}

async fn post_telegram(bot_http: &str, body: Vec<u8>) -> u16 {
    reqwest::Client::new()
        .post(format!("{bot_http}/webhooks/telegram"))
        .header("content-type", "application/json")
        .header("x-telegram-bot-api-secret-token", TG_SECRET)
        .body(body)
        .send()
        .await
        .expect("webhook reachable")
        .status()
        .as_u16()
}

/// (external_id, rejected reason, processed, claimed or tried) of every stored event.
async fn stored(app: &App) -> Vec<(String, Option<String>, bool, bool)> {
    type Row = (String, Option<String>, Option<i64>, Option<String>, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT external_id, rejected, processed_at, claim, attempts FROM inbound_events
         ORDER BY id",
    )
    .fetch_all(&app.store.pool)
    .await
    .expect("events");
    rows.into_iter()
        .map(|(id, rejected, processed, claim, attempts)| {
            (
                id,
                rejected,
                processed.is_some(),
                claim.is_some() || attempts > 0,
            )
        })
        .collect()
}

async fn metrics(bot: &Running) -> String {
    reqwest::get(format!("{}/metrics", bot.http))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("body")
}

/// Signed Telegram webhooks whose body is not an update of the Bot API's types are
/// answered 200, stored as rejected with the reason, counted, and never claimed; a
/// good update right after is answered as usual.
async fn an_unreadable_telegram_update_is_refused_at_the_door(backend: Backend) {
    let (_db, tg, bot) = webhook_bot(backend).await;

    let wrong_types = json!({
        "update_id": 700001,
        "message": {"message_id": {"x": 1}, "date": "yesterday",
                    "chat": {"id": 7201, "type": "private"}, "text": ["hola"]}
    });
    let status = post_telegram(&bot.http, serde_json::to_vec(&wrong_types).expect("json")).await;
    assert_eq!(status, 200);
    assert_eq!(
        post_telegram(&bot.http, b"{\"update_id\": [".to_vec()).await,
        200
    );
    // Sent again by Telegram: recognised, not stored twice.
    let again = serde_json::to_vec(&wrong_types).expect("json");
    assert_eq!(post_telegram(&bot.http, again).await, 200);

    let u = TgUser::new(7202, "Rosa");
    let id = tg.send_text(&u, "/start");
    let good = serde_json::to_vec(&tg.update_json(id)).expect("json");
    assert_eq!(post_telegram(&bot.http, good).await, 200);
    tg.wait_for(u.chat_id(), "¿Qué desea hacer?").await;
    // Give the intake time to claim anything it would claim.
    tokio::time::sleep(Duration::from_millis(1500)).await;

    let events = stored(&bot.app).await;
    assert_eq!(events.len(), 3, "{events:?}");
    let (ext, reason, processed, touched) = &events[0];
    assert_eq!(ext, "700001");
    let reason = reason.as_deref().expect("rejected with a reason");
    assert!(reason.starts_with("message: invalid type"), "{reason}");
    assert!(
        *processed && !touched,
        "never claimed nor tried: {:?}",
        events[0]
    );
    let (ext, reason, processed, touched) = &events[1];
    assert!(ext.starts_with("refused:"), "{ext}");
    assert!(reason.as_deref().is_some_and(|r| r.starts_with("not JSON")));
    assert!(*processed && !touched);
    assert_eq!(events[2].1, None, "the good update is not rejected");
    assert!(
        tg.sent_to(7201).is_empty(),
        "nothing answered to a refused update"
    );

    let m = metrics(&bot).await;
    assert!(
        m.contains("channel=\"telegram\",outcome=\"rejected\"} 2")
            || m.contains("outcome=\"rejected\",channel=\"telegram\"} 2"),
        "{m}"
    );
    bot.stop().await;
}

/// Signed WhatsApp notifications: a message whose fields have the wrong types, and a
/// body that is not a notification, are answered 200, stored as rejected and never
/// claimed; a text whose body came as a number is a text and gets its answer.
async fn an_unreadable_whatsapp_message_is_refused_and_a_numeric_text_is_answered(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let mut s = settings(&db, None);
    wa.configure(&mut s);
    let bot = Running::start(s, monday_morning()).await;

    let bad = WaUser::new("51911100001", "Bad");
    let wrong = wa.message(&bad, json!({"type": "text", "text": {"body": {"x": 1}}}));
    assert_eq!(post(&bot.http, &wrong).await, 200);
    let junk = b"{\"object\": \"whatsapp_business_account\", \"entry\": 5}".to_vec();
    let signature = sign(&junk);
    assert_eq!(post_raw(&bot.http, junk, Some(&signature)).await, 200);

    let numeric = WaUser::new("51911100002", "Num");
    let number = wa.message(&numeric, json!({"type": "text", "text": {"body": 123}}));
    assert_eq!(post(&bot.http, &number).await, 200);
    let reply = wa.wait_for(&numeric.phone, "").await;
    assert!(!reply.text().is_empty());
    tokio::time::sleep(Duration::from_millis(1500)).await;

    let events = stored(&bot.app).await;
    assert_eq!(events.len(), 3, "{events:?}");
    let rejected: Vec<_> = events.iter().filter(|e| e.1.is_some()).collect();
    assert_eq!(rejected.len(), 2, "{events:?}");
    assert!(
        rejected.iter().all(|e| e.2 && !e.3),
        "never claimed: {rejected:?}"
    );
    assert!(
        rejected.iter().any(|e| e
            .1
            .as_deref()
            .is_some_and(|r| r.contains("invalid type: map"))),
        "{rejected:?}"
    );
    assert!(wa.sent_to(&bad.phone).is_empty());
    let m = metrics(&bot).await;
    assert!(
        m.contains("channel=\"whatsapp\",outcome=\"rejected\"} 2")
            || m.contains("outcome=\"rejected\",channel=\"whatsapp\"} 2"),
        "{m}"
    );
    bot.stop().await;
}

/// Stores one terminal line from `chat` and runs every event waiting (no sender
/// runs: replies stay in the outbox, as they pile up behind a chat's 1/s).
async fn say(
    app: &App,
    terminal: &contigo_bot::channels::terminal::TerminalAdapter,
    chat: &str,
    n: usize,
    text: &str,
) {
    let payload = json!({"type": "line", "text": text, "lang": null}).to_string();
    app.ingest(Channel::Terminal, &format!("{chat}-{n}"), chat, &payload)
        .await
        .expect("ingest");
    app.process_pending(terminal).await.expect("process");
}

/// The messages waiting to go out to `chat`, oldest first.
async fn waiting(app: &App, chat: &str) -> Vec<String> {
    sqlx::query_scalar::<_, String>(
        "SELECT payload FROM outbox WHERE channel = 'terminal' AND chat_id = $1
           AND status IN ('pending', 'sending') ORDER BY id",
    )
    .bind(chat)
    .fetch_all(&app.store.pool)
    .await
    .expect("outbox")
}

/// An application on a scratch database and a terminal to talk to it.
async fn terminal_app(
    backend: Backend,
) -> (
    TestDb,
    App,
    contigo_bot::channels::terminal::TerminalAdapter,
) {
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    let terminal = contigo_bot::channels::terminal::TerminalAdapter::new(
        app.engine.files.clone(),
        db.dir.path().join("downloads"),
        10 << 20,
    );
    (db, app, terminal)
}

async fn a_flooding_chats_replies_stop_at_one_note(backend: Backend) {
    use contigo_bot::intake::FLOOD_WAITING;
    let (_db, app, terminal) = terminal_app(backend).await;
    let note = "Recibí muchos mensajes suyos seguidos";
    // Below the limit every turn is answered.
    let mut sent = 0;
    while waiting(&app, "flooder").await.len() < usize::try_from(FLOOD_WAITING).unwrap() {
        sent += 1;
        say(&app, &terminal, "flooder", sent, "hola").await;
        assert!(sent < 50, "replies never piled up");
    }
    let before = waiting(&app, "flooder").await;
    assert!(before.iter().all(|p| !p.contains(note)), "{before:?}");
    // Above it: the next turn's replies are one note, and further turns add nothing.
    for _ in 0..15 {
        sent += 1;
        say(&app, &terminal, "flooder", sent, "menú").await;
    }
    let after = waiting(&app, "flooder").await;
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    assert!(after.last().is_some_and(|p| p.contains(note)), "{after:?}");
    assert_eq!(after.iter().filter(|p| p.contains(note)).count(), 1);
    // Every message was still taken (a turn each), none left waiting.
    let mut conn = app.store.pool.acquire().await.expect("conn");
    assert_eq!(inbound::unprocessed(&mut conn).await.expect("count"), 0);
    let turns = contigo_bot::store::usage::count(
        &mut conn,
        ChatKey::new(Channel::Terminal, "flooder"),
        contigo_bot::store::usage::UsageKind::Message,
    )
    .await
    .expect("usage");
    assert_eq!(turns, i64::try_from(sent).unwrap());
    drop(conn);
    // Another chat is answered as usual meanwhile.
    say(&app, &terminal, "calm", 1, "hola").await;
    let calm = waiting(&app, "calm").await;
    assert!(
        !calm.is_empty() && calm.iter().all(|p| !p.contains(note)),
        "{calm:?}"
    );
    // Once the backlog went out, the flooder is answered again.
    sqlx::query("UPDATE outbox SET status = 'sent' WHERE chat_id = 'flooder'")
        .execute(&app.store.pool)
        .await
        .expect("sent");
    sent += 1;
    say(&app, &terminal, "flooder", sent, "hola").await;
    let again = waiting(&app, "flooder").await;
    assert!(
        !again.is_empty() && again.iter().all(|p| !p.contains(note)),
        "{again:?}"
    );
}

/// The lean turn's transaction (`store::turn`): a lost claim changes nothing; a turn
/// dropped half-way (a cancelled task) rolls back and leaves the writer usable; a
/// committed one writes state, usage, replies and the processed mark together.
async fn a_turn_is_written_once_or_not_at_all(backend: Backend) {
    use contigo_bot::store::conversations::{self, ConversationRow};
    use contigo_bot::store::turn::{self, TurnWrites};
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    app.ingest(Channel::Terminal, "t-1", "chat-t", "{}")
        .await
        .expect("ingest");
    let now = contigo_bot::clock::wall_now();
    let claimed = inbound::claim(&app.store, "terminal", "mine", now, 60, 1)
        .await
        .expect("claim");
    let event = &claimed[0];
    let lost = turn::open(
        &app.store,
        event.id,
        "theirs",
        ChatKey::new(Channel::Terminal, "chat-t"),
        now,
    )
    .await
    .expect("open");
    assert!(lost.is_none(), "another claim's turn is not ours");
    // Dropped open: nothing written, and the next turn runs on a sound writer.
    let (mut tx, start) = turn::open(
        &app.store,
        event.id,
        "mine",
        ChatKey::new(Channel::Terminal, "chat-t"),
        now,
    )
    .await
    .expect("open")
    .expect("ours");
    assert!(start.conversation.is_none());
    assert_eq!(start.waiting, 0);
    sqlx::query("INSERT INTO outbox (channel, chat_id, payload, available_at, created_at) VALUES ('terminal', 'chat-t', 'lost', 0, 0)")
        .execute(tx.conn())
        .await
        .expect("write inside the turn");
    drop(tx);
    let mut conn = app.store.pool.acquire().await.expect("conn");
    assert_eq!(inbound::unprocessed(&mut conn).await.expect("n"), 1);
    let outbox: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
        .fetch_one(&mut *conn)
        .await
        .expect("outbox");
    assert_eq!(outbox, 0, "a dropped turn's writes are undone");
    drop(conn);
    // Committed: everything at once, the session named by the turn's usage row.
    let (tx, _) = turn::open(
        &app.store,
        event.id,
        "mine",
        ChatKey::new(Channel::Terminal, "chat-t"),
        now,
    )
    .await
    .expect("open")
    .expect("ours");
    let writes = TurnWrites {
        conversation: ConversationRow {
            channel: "terminal".into(),
            chat_id: "chat-t".into(),
            locale: "es".into(),
            state: "{}".into(),
            session_id: None,
            not_understood: 0,
            last_activity_at: now,
            offered: Some("[]".into()),
        },
        page: Some("menu".into()),
        usage: vec![(
            contigo_bot::store::usage::UsageKind::Query,
            Some("q".into()),
        )],
    };
    tx.commit(&writes, &["\"a\"".to_owned(), "\"b\"".to_owned()], now)
        .await
        .expect("commit");
    let mut conn = app.store.pool.acquire().await.expect("conn");
    assert_eq!(inbound::unprocessed(&mut conn).await.expect("n"), 0);
    let row = conversations::load(&mut conn, ChatKey::new(Channel::Terminal, "chat-t"))
        .await
        .expect("load")
        .expect("saved");
    let sessions: Vec<(i64, Option<i64>, String)> = sqlx::query_as(
        "SELECT id, session_id, kind FROM usage_events WHERE chat_id = 'chat-t' ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("usage");
    assert_eq!(sessions.len(), 2, "{sessions:?}");
    assert_eq!(sessions[0].1, None, "the turn's row opens the session");
    assert_eq!(row.session_id, Some(sessions[0].0));
    assert_eq!(
        sessions[1],
        (sessions[1].0, Some(sessions[0].0), "query".into())
    );
    let replies: Vec<String> = sqlx::query_scalar(
        "SELECT payload FROM outbox WHERE chat_id = 'chat-t' AND status = 'pending' ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("outbox");
    assert_eq!(replies, vec!["\"a\"", "\"b\""]);
    let listed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox_chats WHERE chat_id = 'chat-t'")
            .fetch_one(&mut *conn)
            .await
            .expect("line");
    assert_eq!(listed, 1, "the chat is in the sender's line");
}

/// The sender's line as a turn writes it (`store::turn` queues the replies and lists
/// the chat): ten chats with replies waiting, each served once five seconds ago, then
/// a newcomer's first turn. A sender that settles each claim at once (one row a
/// claim) takes the newcomer's reply within the round under way: after the chats
/// that were waiting before it, before any chat's next reply (by order of claims).
async fn a_newcomers_reply_is_claimed_within_the_round(backend: Backend) {
    use crate::support::line::{claim_settling_each, served_before};
    use contigo_bot::outbox::wall_now_ms;
    use contigo_bot::store::outbox;
    let (_db, app, terminal) = terminal_app(backend).await;
    let busy: Vec<String> = (0..10).map(|i| format!("busy{i}")).collect();
    for n in 1..=3 {
        for chat in &busy {
            say(&app, &terminal, chat, n, "hola").await;
        }
    }
    let heads = outbox::claim(&app.store, Channel::Terminal, wall_now_ms(), 60, 100)
        .await
        .expect("claim");
    assert_eq!(heads.len(), 10, "{heads:?}");
    served_before(&app.store, &heads, 5_000).await;
    say(&app, &terminal, "newcomer", 1, "hola").await;
    let order = claim_settling_each(&app.store, Channel::Terminal).await;
    let chats: Vec<&str> = order.iter().map(|(c, _)| c.as_str()).collect();
    let at = chats
        .iter()
        .position(|c| *c == "newcomer")
        .unwrap_or_else(|| panic!("the newcomer's reply was never claimed: {chats:?}"));
    let before: std::collections::HashSet<&str> = chats[..at].iter().copied().collect();
    assert_eq!(
        before.len(),
        at,
        "a chat had a second turn first: {chats:?}"
    );
    assert!(
        at <= busy.len(),
        "{at} claims before the newcomer's: {chats:?}"
    );
    // Each chat's replies in the order they were written.
    for chat in &busy {
        let ids: Vec<i64> = order
            .iter()
            .filter(|(c, _)| c == chat)
            .map(|(_, id)| *id)
            .collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{chat}: {ids:?}");
    }
}

/// One chat typing, each message sent once the last was answered: on SQLite the
/// commit that stores a message also claims it for the intake loop waiting for work
/// (`inbound::Taker`), and the commit that writes its turn claims the reply for the
/// sender waiting for work (`outbox::SendTaker`), so neither claim costs a commit of
/// its own; on PostgreSQL each is claimed alone, as before. Either way each message
/// is processed once and answered once, in order, and nothing is left behind.
async fn claims_ride_the_commits_that_store_a_message_and_write_its_turn(backend: Backend) {
    const TYPED: usize = 8;
    let (_db, tg, bot) = webhook_bot(backend).await;
    let rosa = TgUser::new(7401, "Rosa");
    let mut answers = vec![];
    for i in 0..TYPED {
        let before = tg.messages_to(rosa.id).len();
        let text = if i == 0 { "/start" } else { "/ayuda" };
        let id = tg.send_text(&rosa, text);
        let body = tg.update_json(id).to_string().into_bytes();
        assert_eq!(post_telegram(&bot.http, body).await, 200);
        let deadline = Instant::now() + Duration::from_secs(20);
        while tg.messages_to(rosa.id).len() == before {
            assert!(Instant::now() < deadline, "message {i} was not answered");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        // The whole answer out, and both loops back to waiting for work.
        tokio::time::sleep(Duration::from_millis(60)).await;
        answers.push(tg.messages_to(rosa.id).len() - before);
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    let left = loop {
        let left: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')",
        )
        .fetch_one(&bot.app.store.pool)
        .await
        .expect("outbox");
        if left == 0 || Instant::now() >= deadline {
            break left;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    let events = stored(&bot.app).await;
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE chat_id = $1")
        .bind(rosa.chat_id().to_string())
        .fetch_one(&bot.app.store.pool)
        .await
        .expect("outbox rows");
    let riding = bot.app.store.riding_claims();
    bot.stop().await;
    assert_eq!(left, 0, "messages left unsent");
    assert_eq!(events.len(), TYPED, "{events:?}");
    assert!(events.iter().all(|(_, _, done, _)| *done), "{events:?}");
    assert_eq!(
        tg.messages_to(rosa.id).len() as i64,
        rows,
        "each reply sent once: {answers:?}"
    );
    assert!(answers.iter().all(|n| *n >= 1), "{answers:?}");
    println!("{TYPED} messages typed: {riding:?}");
    match backend {
        Backend::Sqlite => {
            // The first message may come before the loops first wait.
            let most = TYPED as u64;
            assert!(
                riding.door_events >= most - 1 && riding.door_events <= most,
                "{riding:?}"
            );
            assert!(riding.door_commits >= riding.door_events, "{riding:?}");
            assert!(riding.turn_rows >= most - 1, "{riding:?}");
            assert!(riding.turn_rows <= rows as u64, "{riding:?}");
        }
        Backend::Postgres => assert_eq!(riding, Default::default()),
    }
}

backends!(
    claims_ride_the_commits_that_store_a_message_and_write_its_turn,
    a_newcomers_reply_is_claimed_within_the_round,
    a_turn_is_written_once_or_not_at_all,
    a_flooding_chats_replies_stop_at_one_note,
    a_newcomer_is_served_within_the_first_round_of_a_flood,
    a_newcomers_start_is_answered_in_the_first_round_on_telegram,
    an_unreadable_telegram_update_is_refused_at_the_door,
    an_unreadable_whatsapp_message_is_refused_and_a_numeric_text_is_answered,
);
