//! The transactional outbox: delivered once across restarts and crashes, shared by
//! several workers without duplicates, in order per chat, honouring retry_after.

use contigo_bot::message::{Channel, ChatKey};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use contigo_bot::app::App;
use contigo_bot::channels::telegram::TelegramAdapter;
use contigo_bot::clock::Clock;
use contigo_bot::message::Outbound;
use contigo_bot::notify::enqueue;
use contigo_bot::outbox::{Limits, Sender};
use contigo_bot::store::outbox;

use crate::backends;
use crate::support::telegram::{FakeTelegram, TOKEN, TgUser};
use crate::support::{Backend, TestDb, settings};

fn sender(app: &App, tg: &FakeTelegram) -> Sender {
    let adapter =
        TelegramAdapter::new(TOKEN, &tg.api_url(), app.files.clone(), 10 << 20).expect("adapter");
    app.sender(
        Arc::new(adapter),
        Limits {
            per_second: 1000,
            per_chat_per_second: 1000,
            per_chat_burst: 1000,
        },
    )
}

/// Makes chats known to the fake (as if each user had written once); nobody polls.
fn users(tg: &FakeTelegram, n: i64) -> Vec<TgUser> {
    (0..n)
        .map(|i| {
            let u = TgUser::new(50_000 + i, "Ally");
            tg.send_text(&u, "hola");
            u
        })
        .collect()
}

async fn enqueue_texts(app: &App, users: &[TgUser], per_chat: usize) {
    let mut tx = app.store.begin().await.expect("tx");
    for round in 0..per_chat {
        for u in users {
            let text = format!("aviso {round} para {}", u.id);
            enqueue(
                &mut tx,
                ChatKey::new(Channel::Telegram, &u.id.to_string()),
                &Outbound::Text {
                    text,
                    choices: vec![],
                },
            )
            .await
            .expect("enqueue");
        }
    }
    tx.commit().await.expect("commit");
}

/// A database, the fake Bot API knowing `chats` chats, and the application with
/// `per_chat` messages waiting for each of them.
async fn waiting(
    backend: Backend,
    chats: i64,
    per_chat: usize,
) -> (TestDb, FakeTelegram, Vec<TgUser>, App) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let people = users(&tg, chats);
    let app = App::build(settings(&db, None), Clock::system())
        .await
        .expect("app");
    enqueue_texts(&app, &people, per_chat).await;
    (db, tg, people, app)
}

/// Runs `sender`'s loop until `n` messages are recorded sent (30 s at most), then
/// stops it; returns how long they took from its start.
async fn run_until_sent(app: &App, sender: Sender, n: i64) -> Duration {
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let started = Instant::now();
    let worker = tokio::spawn(sender.run(shutdown));
    let deadline = started + Duration::from_secs(30);
    while counts(app).await.sent < n {
        assert!(Instant::now() < deadline, "{:?}", counts(app).await);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let took = started.elapsed();
    let _ = stop.send(true);
    worker.await.expect("sender stops");
    took
}

async fn counts(app: &App) -> outbox::OutboxCounts {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    outbox::counts(&mut conn, "telegram").await.expect("counts")
}

async fn drain(s: &Sender, app: &App) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while counts(app).await.pending > 0 {
        assert!(
            Instant::now() < deadline,
            "outbox did not drain: {:?}",
            counts(app).await
        );
        if s.deliver_due().await.expect("deliver") == 0 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

fn assert_each_chat_got_its_messages_once_in_order(
    tg: &FakeTelegram,
    users: &[TgUser],
    per_chat: usize,
) {
    for u in users {
        let got: Vec<String> = tg
            .messages_to(u.id)
            .into_iter()
            .filter_map(|s| s.text)
            .collect();
        let want: Vec<String> = (0..per_chat)
            .map(|r| format!("aviso {r} para {}", u.id))
            .collect();
        assert_eq!(got, want, "chat {}", u.id);
    }
}

async fn pending_notifications_are_delivered_once_after_restart(backend: Backend) {
    let (db, tg, people, app) = waiting(backend, 10, 3).await;

    // One round goes out (one message per chat), then the worker stops.
    assert_eq!(sender(&app, &tg).deliver_due().await.expect("deliver"), 10);
    // Another worker claims the next round and dies before sending anything.
    let claimed = outbox::claim(
        &app.store,
        Channel::Telegram,
        contigo_bot::outbox::wall_now_ms(),
        60,
        50,
    )
    .await
    .expect("claim");
    assert_eq!(claimed.len(), 10);
    app.store.close().await;

    // Restart. The dead worker's lease runs out; everything is delivered exactly once.
    let app = App::build(settings(&db, None), Clock::system())
        .await
        .expect("app");
    sqlx::query("UPDATE outbox SET claimed_until = 0 WHERE status = 'sending'")
        .execute(&app.store.pool)
        .await
        .expect("expire lease");
    sqlx::query("UPDATE outbox_chats SET next_at = 0")
        .execute(&app.store.pool)
        .await
        .expect("expire the chats' lease");
    drain(&sender(&app, &tg), &app).await;
    assert_eq!(
        counts(&app).await,
        outbox::OutboxCounts {
            pending: 0,
            sent: 30,
            failed: 0
        }
    );
    assert_each_chat_got_its_messages_once_in_order(&tg, &people, 3);

    // A further restart sends nothing again.
    app.store.close().await;
    let app = App::build(settings(&db, None), Clock::system())
        .await
        .expect("app");
    assert_eq!(sender(&app, &tg).deliver_due().await.expect("deliver"), 0);
    assert_each_chat_got_its_messages_once_in_order(&tg, &people, 3);
    app.store.close().await;
}

async fn two_workers_share_the_outbox_without_sending_twice(backend: Backend) {
    let (db, tg, people, app) = waiting(backend, 40, 5).await;
    // Two replicas: separate pools on the same database.
    let other = App::build(settings(&db, None), Clock::system())
        .await
        .expect("app");
    let (a, b) = (sender(&app, &tg), sender(&other, &tg));
    tokio::join!(drain(&a, &app), drain(&b, &other));
    assert_eq!(counts(&app).await.sent, 200);
    assert_each_chat_got_its_messages_once_in_order(&tg, &people, 5);
    other.store.close().await;
    app.store.close().await;
}

async fn retry_after_is_honoured_and_hopeless_messages_fail(backend: Backend) {
    let (_db, tg, people, app) = waiting(backend, 1, 1).await;
    tg.fail_next("sendMessage", 429, Some(1));
    let s = sender(&app, &tg);
    let started = Instant::now();
    drain(&s, &app).await;
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited for retry_after"
    );
    assert_eq!(tg.messages_to(people[0].id).len(), 1);

    // A chat Telegram does not know is a permanent failure: recorded, not retried.
    let mut tx = app.store.begin().await.expect("tx");
    enqueue(
        &mut tx,
        ChatKey::new(Channel::Telegram, "424242"),
        &Outbound::Text {
            text: "x".into(),
            choices: vec![],
        },
    )
    .await
    .expect("enqueue");
    tx.commit().await.expect("commit");
    drain(&s, &app).await;
    assert_eq!(
        counts(&app).await,
        outbox::OutboxCounts {
            pending: 0,
            sent: 1,
            failed: 1
        }
    );
    app.store.close().await;
}

/// A server far from Telegram's (100 ms per call): the sender keeps several requests
/// in flight and reaches at least 80% of the configured rate.
async fn with_slow_round_trips_delivery_keeps_the_configured_rate(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start_with(crate::support::telegram::Limits {
        global_per_sec: Some(30),
        per_chat_per_sec: Some(1),
    })
    .await;
    let people = users(&tg, 120);
    tg.set_latency(Duration::from_millis(100));
    let mut s = settings(&db, None);
    s.telegram.max_per_second = 28;
    s.telegram.max_per_chat_per_second = 1;
    let app = App::build(s, Clock::system()).await.expect("app");
    enqueue_texts(&app, &people, 1).await;
    let adapter =
        TelegramAdapter::new(TOKEN, &tg.api_url(), app.files.clone(), 10 << 20).expect("adapter");
    let sender = app.sender(Arc::new(adapter), app.telegram_limits());
    let took = run_until_sent(&app, sender, 120).await;
    let rate = 120.0 / took.as_secs_f64();
    println!("120 messages at {rate:.1} msg/s with 100 ms per call (limit 28/s)");
    assert!(rate >= 0.8 * 28.0, "only {rate:.1} msg/s");
    assert_each_chat_got_its_messages_once_in_order(&tg, &people, 1);
    assert!(tg.throttled().is_empty(), "{:?}", tg.throttled());
    app.store.close().await;
}

/// Chats take turns: 40 chats with 50 messages each waiting, then a newcomer's one:
/// every chat gets one before any gets a second, and the newcomer's message is
/// claimed within the first round of heads (by order of claims).
async fn chats_take_turns_and_a_newcomer_waits_one_round(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), Clock::system())
        .await
        .expect("app");
    let tg = FakeTelegram::start().await;
    let busy = users(&tg, 40);
    enqueue_texts(&app, &busy, 50).await;
    let newcomer = TgUser::new(77_777, "Nueva");
    enqueue_texts(&app, std::slice::from_ref(&newcomer), 1).await;
    // Claims of 16 (each settled, sent, before the next claim), until every chat
    // was served three times; a claim's rows are served at once.
    let mut batches: Vec<Vec<String>> = vec![];
    let pace = outbox::Pace::per_second(1000, 1000);
    while batches.iter().map(Vec::len).sum::<usize>() < 41 * 3 {
        let now = contigo_bot::outbox::wall_now_ms();
        let rows = outbox::claim(&app.store, Channel::Telegram, now, 60, 16)
            .await
            .expect("claim");
        assert!(!rows.is_empty(), "claims ran dry after {batches:?}");
        for r in &rows {
            outbox::mark_sent(&app.store, r, None, now, pace)
                .await
                .expect("sent");
        }
        batches.push(rows.into_iter().map(|r| r.chat_id).collect());
    }
    // The claim in which each chat got its n-th message.
    let nth = |n: usize| -> HashMap<&String, usize> {
        let mut seen: HashMap<&String, usize> = HashMap::new();
        let mut at = HashMap::new();
        for (b, batch) in batches.iter().enumerate() {
            for chat in batch {
                let k = seen.entry(chat).or_default();
                *k += 1;
                if *k == n {
                    at.insert(chat, b);
                }
            }
        }
        at
    };
    let (first, second, third) = (nth(1), nth(2), nth(3));
    assert_eq!(first.len(), 41, "every chat was served");
    let newcomer = newcomer.id.to_string();
    let last_first = first.values().max().copied().unwrap_or(0);
    let first_second = second.values().min().copied().unwrap_or(0);
    assert!(
        last_first <= first_second,
        "a chat got a second message (claim {first_second}) before every chat got one (claim {last_first}): {batches:?}"
    );
    assert!(first[&newcomer] <= first_second, "{batches:?}");
    // Later rounds blur by one claim at most: chats served in the same claim share
    // their turn (the same millisecond here), whichever round it was for them.
    let last_second = second.values().max().copied().unwrap_or(0);
    let first_third = third.values().min().copied().unwrap_or(0);
    assert!(
        last_second <= first_third + 1,
        "round two before round three: {batches:?}"
    );
    app.store.close().await;
}

/// Two replicas on one PostgreSQL share Telegram's global cap: the fake Bot API
/// counts the calls within any second and never sees more than the cap (30/s), nor
/// two to one chat within a second (1/s, no burst here). The bot's rate is set at
/// 25/s: the slots are spaced at that rate, and the margin absorbs how late each
/// call reaches the fake on a loaded machine (alone, 28/s gave at most 30).
async fn two_replicas_together_keep_the_platform_caps(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let people = users(&tg, 60);
    let mut s = settings(&db, None);
    s.telegram.max_per_second = 25;
    s.telegram.max_per_chat_per_second = 1;
    let a = App::build(s.clone(), Clock::system()).await.expect("app");
    let b = App::build(s, Clock::system()).await.expect("app");
    enqueue_texts(&a, &people, 2).await;
    let limits = |app: &App| contigo_bot::outbox::Limits {
        per_chat_burst: 1,
        ..app.telegram_limits()
    };
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let mut workers = vec![];
    for app in [&a, &b] {
        let adapter = TelegramAdapter::new(TOKEN, &tg.api_url(), app.files.clone(), 10 << 20)
            .expect("adapter");
        let sender = app.sender(Arc::new(adapter), limits(app));
        workers.push(tokio::spawn(sender.run(shutdown.clone())));
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while counts(&a).await.sent < 120 {
        assert!(Instant::now() < deadline, "{:?}", counts(&a).await);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = stop.send(true);
    for w in workers {
        w.await.expect("sender stops");
    }
    let (peak, peak_chat) = tg.peak_per_second();
    println!("two replicas: at most {peak} calls in a second, {peak_chat} to one chat");
    match backend {
        // One process owns a SQLite file: the two apps here are two processes' worth
        // of limiters, so only the per-chat pace (in the database) is shared.
        Backend::Sqlite => {}
        Backend::Postgres => assert!(peak <= 30, "{peak} calls in one second"),
    }
    assert!(peak > 10, "the test sent at a pace worth checking: {peak}");
    assert_eq!(
        peak_chat, 1,
        "a chat got {peak_chat} messages in one second"
    );
    assert_each_chat_got_its_messages_once_in_order(&tg, &people, 2);
    assert!(tg.throttled().is_empty(), "{:?}", tg.throttled());
    b.store.close().await;
    a.store.close().await;
}

/// One Telegram chat's heads alone.
fn only(chat: &str) -> outbox::Scope<'_> {
    outbox::Scope::Chat(ChatKey::new(Channel::Telegram, chat))
}

/// How a chat can be forgotten while a message to it is being enqueued.
#[derive(Debug, Clone, Copy)]
enum Forget {
    /// Its last message is marked sent (the chat leaves the claim set).
    Settle,
    /// A claim finds the chat's turn with nothing live and drops it.
    Claim,
    /// The sender's sweep drops chats with nothing live.
    Sweep,
}

/// A message enqueued while its chat is being forgotten is claimable at once, not
/// at the next sweep (PostgreSQL, READ COMMITTED: the forget cannot see a message
/// not yet committed). Each round holds an enqueue's transaction open while a forget
/// runs beside it (or starts the forget first), with varied delays, then commits;
/// the next claim, with no sweep in between, must return the message (or the
/// concurrent claim already did). 120 rounds per database, the three forgets.
async fn a_message_enqueued_while_its_chat_is_forgotten_is_not_delayed(backend: Backend) {
    use contigo_bot::outbox::wall_now_ms;
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), Clock::system())
        .await
        .expect("app");
    let store = app.store.clone();
    let forgets = [Forget::Settle, Forget::Claim, Forget::Sweep];
    let mut delayed = vec![];
    for round in 0..120_u64 {
        let forget = forgets[(round % 3) as usize];
        let enqueue_first = round % 2 == 0;
        let pause = Duration::from_millis(round % 7);
        let chat = format!("91{round:04}");
        let now = wall_now_ms();
        // The chat's one message, claimed.
        let mut tx = store.begin().await.expect("tx");
        outbox::enqueue(
            &mut tx,
            ChatKey::new(Channel::Telegram, &chat),
            "{}",
            now / 1000,
        )
        .await
        .expect("enqueue");
        tx.commit().await.expect("commit");
        let head = outbox::claim_in(&store, only(&chat), &[], now, 60, 1)
            .await
            .expect("claim");
        assert_eq!(head.len(), 1, "round {round}");
        if !matches!(forget, Forget::Settle) {
            // Sent, its row kept a millisecond by the per-chat pace: a chat listed
            // with nothing live, for the claim or the sweep to forget.
            let pace = outbox::Pace {
                interval_ms: 5,
                burst: 1,
            };
            outbox::mark_sent(&store, &head[0], None, now, pace)
                .await
                .expect("sent");
        }
        let forgetting = {
            let (store, chat, head) = (store.clone(), chat.clone(), head[0].clone());
            async move {
                let later = now + 20;
                match forget {
                    Forget::Settle => {
                        let pace = outbox::Pace::per_second(1000, 1000);
                        outbox::mark_sent(&store, &head, None, now, pace)
                            .await
                            .expect("sent");
                        vec![]
                    }
                    Forget::Claim => outbox::claim_in(&store, only(&chat), &[], later, 60, 1)
                        .await
                        .expect("claim"),
                    Forget::Sweep => {
                        outbox::sweep_chats(&store, later).await.expect("sweep");
                        vec![]
                    }
                }
            }
        };
        let enqueued = if enqueue_first {
            let mut tx = store.begin().await.expect("tx");
            let id = outbox::enqueue(
                &mut tx,
                ChatKey::new(Channel::Telegram, &chat),
                "{}",
                now / 1000,
            )
            .await
            .expect("enqueue");
            let forgetting = tokio::spawn(forgetting);
            tokio::time::sleep(pause).await;
            tx.commit().await.expect("commit");
            (id, forgetting.await.expect("forget"))
        } else {
            let forgetting = tokio::spawn(forgetting);
            tokio::time::sleep(pause / 2).await;
            let mut tx = store.begin().await.expect("tx");
            let id = outbox::enqueue(
                &mut tx,
                ChatKey::new(Channel::Telegram, &chat),
                "{}",
                now / 1000,
            )
            .await
            .expect("enqueue");
            tx.commit().await.expect("commit");
            (id, forgetting.await.expect("forget"))
        };
        let (id, claimed_beside) = enqueued;
        let claimed = outbox::claim_in(&store, only(&chat), &[], wall_now_ms() + 100, 60, 1)
            .await
            .expect("claim");
        let seen: Vec<i64> = claimed_beside
            .iter()
            .chain(&claimed)
            .map(|r| r.id)
            .collect();
        if seen != [id] {
            delayed.push((round, forget, enqueue_first, seen));
        }
    }
    assert!(
        delayed.is_empty(),
        "messages not claimable at once (round, forget, enqueue first, claimed): {delayed:?}"
    );
    app.store.close().await;
}

/// How many of the channel's rows are in flight (claimed, not yet settled).
async fn sending(app: &App) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE status = 'sending'")
        .fetch_one(&app.store.pool)
        .await
        .expect("sending")
}

/// A claim writes the outcomes it is given first, in its own transaction: a chat
/// whose head it settles sent or failed is claimed again by the same pick; one put
/// back for later waits; each row keeps the outcome it was given.
async fn outcomes_settled_by_a_claim_let_their_chats_go_again_in_it(backend: Backend) {
    use contigo_bot::outbox::wall_now_ms;
    use outbox::{Outcome, Settle};
    let (_db, _tg, _people, app) = waiting(backend, 3, 2).await;
    let now = wall_now_ms();
    let heads = outbox::claim(&app.store, Channel::Telegram, now, 60, 10)
        .await
        .expect("claim");
    assert_eq!(heads.len(), 3);
    // Nothing more while the heads are out.
    let none = outbox::claim(&app.store, Channel::Telegram, now + 1, 60, 10)
        .await
        .expect("claim");
    assert!(none.is_empty(), "{none:?}");
    let pace = outbox::Pace::per_second(1000, 1000);
    let settles = [
        Settle::new(
            &heads[0],
            now + 1,
            Outcome::Sent {
                external_id: Some("m1".into()),
                pace,
            },
        ),
        Settle::new(
            &heads[1],
            now + 1,
            Outcome::Failed {
                error: "blocked".into(),
            },
        ),
        Settle::new(
            &heads[2],
            now + 1,
            Outcome::Retry {
                at: now / 1000 + 3600,
                error: Some("retry_after".into()),
                failed_attempt: false,
            },
        ),
    ];
    let next = outbox::claim_in(
        &app.store,
        outbox::Scope::Channel(Channel::Telegram),
        &settles,
        now + 2,
        60,
        10,
    )
    .await
    .expect("settle and claim");
    let chats: Vec<&str> = next.iter().map(|r| r.chat_id.as_str()).collect();
    assert_eq!(
        chats,
        [heads[0].chat_id.as_str(), heads[1].chat_id.as_str()],
        "the sent and failed chats' next messages, not the one put back"
    );
    assert!(next.iter().all(|r| r.id > heads[2].id), "{next:?}");
    let status = |id: i64| {
        let pool = app.store.pool.clone();
        async move {
            let r: (String, Option<String>, Option<String>, i64) = sqlx::query_as(
                "SELECT status, external_id, last_error, attempts FROM outbox WHERE id = $1",
            )
            .bind(id)
            .fetch_one(&pool)
            .await
            .expect("row");
            r
        }
    };
    assert_eq!(
        status(heads[0].id).await,
        ("sent".into(), Some("m1".into()), None, 0)
    );
    assert_eq!(
        status(heads[1].id).await,
        ("failed".into(), None, Some("blocked".into()), 1)
    );
    assert_eq!(
        status(heads[2].id).await,
        ("pending".into(), None, Some("retry_after".into()), 0)
    );
    app.store.close().await;
}

/// The sender writes its outcomes in batches: delivering one message to each of 20
/// chats costs one claim and one transaction for the 20 outcomes (not 20); in the
/// running loop every outcome rides a claim's transaction, none gets one of its own.
async fn outcomes_are_written_together_not_one_transaction_each(backend: Backend) {
    let (_db, tg, people, app) = waiting(backend, 20, 1).await;
    let s = sender(&app, &tg);
    assert_eq!(s.deliver_due().await.expect("deliver"), 20);
    assert_eq!(counts(&app).await.sent, 20);
    let c = s.settle_counts();
    assert_eq!(
        (c.claims, c.settle_transactions, c.settled_alone),
        (1, 1, 20)
    );

    // Three more rounds through the running loop (20 chats, fewer than the 32 sends
    // it keeps in flight, so a claim always has room).
    enqueue_texts(&app, &people, 3).await;
    tg.set_latency(Duration::from_millis(20));
    let s = sender(&app, &tg);
    run_until_sent(&app, s.clone(), 80).await;
    let c = s.settle_counts();
    println!("60 messages: {c:?}");
    assert_eq!(c.settled_in_claims, 60, "{c:?}");
    assert_eq!((c.settle_transactions, c.settled_alone), (0, 0), "{c:?}");
    let got: usize = people.iter().map(|u| tg.messages_to(u.id).len()).sum();
    assert_eq!(got, 80);
    app.store.close().await;
}

/// Outcomes kept when the sender is told to stop are written before it ends: the
/// sends in flight finish within the grace, and their rows are recorded sent (not
/// left to their lease, to be sent again).
async fn outcomes_kept_at_shutdown_are_written(backend: Backend) {
    let (_db, tg, people, app) = waiting(backend, 5, 1).await;
    tg.set_latency(Duration::from_millis(1500));
    let s = sender(&app, &tg);
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(s.clone().run(shutdown));
    let deadline = Instant::now() + Duration::from_secs(30);
    while sending(&app).await < 5 {
        assert!(Instant::now() < deadline, "{:?}", counts(&app).await);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Told to stop while the five are in flight.
    let _ = stop.send(true);
    worker.await.expect("sender stops");
    assert_eq!(sending(&app).await, 0);
    assert_eq!(
        counts(&app).await,
        outbox::OutboxCounts {
            pending: 0,
            sent: 5,
            failed: 0
        }
    );
    let c = s.settle_counts();
    assert_eq!((c.settle_transactions, c.settled_alone), (1, 5), "{c:?}");
    assert_each_chat_got_its_messages_once_in_order(&tg, &people, 1);
    app.store.close().await;
}

/// A chat not listed (a newcomer) gets its turn within the round under way: 40 chats
/// served five seconds ago wait for their next turn, then two newcomers write, a
/// second apart. A sender that settles each claim at once (one row a claim) takes
/// each waiting chat's next message, then the newcomers in the order they came, and
/// only then any chat's third (by order of claims, not by time); each chat's
/// messages in order.
async fn a_newcomer_is_claimed_within_the_round_under_way(backend: Backend) {
    use crate::support::line::{claim_settling_each, served_before};
    use contigo_bot::outbox::{wall_now, wall_now_ms};
    let (_db, _tg, busy, app) = waiting(backend, 40, 3).await;
    // Every busy chat served once, five seconds ago, one after the other.
    let first = outbox::claim(&app.store, Channel::Telegram, wall_now_ms(), 60, 100)
        .await
        .expect("claim");
    assert_eq!(first.len(), 40);
    served_before(&app.store, &first, 5_000).await;
    let served: Vec<String> = first.iter().map(|r| r.chat_id.clone()).collect();
    // Two newcomers write, a second apart (a turn writes the time in seconds).
    let mut newcomers = vec![];
    for (chat, ago) in [("31337", 1), ("31338", 0)] {
        let mut tx = app.store.begin().await.expect("tx");
        let id = outbox::enqueue(
            &mut tx,
            ChatKey::new(Channel::Telegram, chat),
            "{}",
            wall_now() - ago,
        )
        .await
        .expect("enqueue");
        tx.commit().await.expect("commit");
        newcomers.push((chat.to_owned(), id));
    }
    let order = claim_settling_each(&app.store, Channel::Telegram).await;
    assert_eq!(order.len(), 82, "{order:?}");
    let round: Vec<String> = order[..40].iter().map(|(c, _)| c.clone()).collect();
    assert_eq!(
        round, served,
        "the chats waiting first, least recently served first"
    );
    assert_eq!(order[40..42], newcomers[..], "{order:?}");
    let last: Vec<String> = order[42..].iter().map(|(c, _)| c.clone()).collect();
    assert_eq!(
        last, served,
        "then each chat's third message, in the same order"
    );
    // Each chat's messages in the order they were written.
    for chat in &served {
        let ids: Vec<i64> = first
            .iter()
            .filter(|r| &r.chat_id == chat)
            .map(|r| r.id)
            .chain(order.iter().filter(|(c, _)| c == chat).map(|(_, id)| *id))
            .collect();
        assert_eq!(ids.len(), 3, "{chat}: {ids:?}");
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{chat}: {ids:?}");
    }
    assert_eq!(busy.len(), 40);
    app.store.close().await;
}

/// The running sender claims no further ahead than its rate sends soon: with 40
/// sends a second it keeps at most 10 rows claimed and waiting for a slot (however
/// many it may have in flight), and still keeps the rate when each call takes
/// longer than the lookahead lasts (400 ms here: it claims again as slots are taken,
/// not only when sends end). Every message delivered once, each chat's in order.
async fn the_sender_claims_only_what_its_rate_sends_soon(backend: Backend) {
    let (_db, tg, people, app) = waiting(backend, 40, 2).await;
    // A second a send: at 40 a second, some 40 sends are under way at once unless
    // claims bounded by the lookahead hold sends back (then at most 10 are).
    tg.set_latency(Duration::from_secs(1));
    let adapter =
        TelegramAdapter::new(TOKEN, &tg.api_url(), app.files.clone(), 10 << 20).expect("adapter");
    let s = app.sender(
        Arc::new(adapter),
        Limits {
            per_second: 40,
            per_chat_per_second: 1000,
            per_chat_burst: 1000,
        },
    );
    assert_eq!(s.lookahead(), 10);
    run_until_sent(&app, s.clone(), 80).await;
    let sent = tg.sent();
    let span = sent[sent.len() - 1].at.duration_since(sent[0].at);
    let rate = (sent.len() - 1) as f64 / span.as_secs_f64();
    println!(
        "{} messages at {rate:.1}/s (limit 40/s), at most {} claimed and waiting (lookahead {}), \
         at most {} sends under way",
        sent.len(),
        s.peak_waiting(),
        s.lookahead(),
        tg.peak_in_flight()
    );
    assert_eq!(sent.len(), 80);
    assert_eq!(s.peak_waiting(), s.lookahead(), "claims were bounded by it");
    // Not the rate, which a loaded machine lowers: that the bound on claims did not
    // bound the sends under way (claimed rows leave the count when their send starts).
    assert!(
        tg.peak_in_flight() > 2 * s.lookahead(),
        "only {} sends under way at once",
        tg.peak_in_flight()
    );
    assert_each_chat_got_its_messages_once_in_order(&tg, &people, 2);
    app.store.close().await;
}

/// Telegram's burst of 3 a chat, against a fake that refuses any second message to a
/// chat within a second: a chat's second message draws a 429, and from then on the
/// chat's burst is spent: its next sends go one a second, each a whole second after
/// the last one ended, and draw no second 429 (before, every other message drew one).
async fn after_a_429_a_chats_next_sends_are_spaced(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start_with(crate::support::telegram::Limits {
        global_per_sec: None,
        per_chat_per_sec: Some(1),
    })
    .await;
    let people = users(&tg, 3);
    let mut s = settings(&db, None);
    s.telegram.max_per_second = 28;
    s.telegram.max_per_chat_per_second = 1;
    let app = App::build(s, Clock::system()).await.expect("app");
    enqueue_texts(&app, &people, 4).await;
    let adapter =
        TelegramAdapter::new(TOKEN, &tg.api_url(), app.files.clone(), 10 << 20).expect("adapter");
    let limits = app.telegram_limits();
    assert_eq!(limits.per_chat_burst, 3, "the burst this is about");
    let sender = app.sender(Arc::new(adapter), limits);
    run_until_sent(&app, sender, 12).await;
    let throttled = tg.throttled();
    println!("12 messages to 3 chats: {} answered 429", throttled.len());
    assert_each_chat_got_its_messages_once_in_order(&tg, &people, 4);
    assert!(
        !throttled.is_empty(),
        "the burst drew no 429: nothing tested"
    );
    for u in &people {
        let refused = throttled.iter().filter(|r| r.chat_id == Some(u.id)).count();
        assert!(
            refused <= 1,
            "chat {} drew {refused} 429s: {throttled:?}",
            u.id
        );
    }
    app.store.close().await;
}

backends!(
    a_newcomer_is_claimed_within_the_round_under_way,
    the_sender_claims_only_what_its_rate_sends_soon,
    after_a_429_a_chats_next_sends_are_spaced,
    outcomes_settled_by_a_claim_let_their_chats_go_again_in_it,
    outcomes_are_written_together_not_one_transaction_each,
    outcomes_kept_at_shutdown_are_written,
    a_message_enqueued_while_its_chat_is_forgotten_is_not_delayed,
    chats_take_turns_and_a_newcomer_waits_one_round,
    two_replicas_together_keep_the_platform_caps,
    with_slow_round_trips_delivery_keeps_the_configured_rate,
    pending_notifications_are_delivered_once_after_restart,
    two_workers_share_the_outbox_without_sending_twice,
    retry_after_is_honoured_and_hopeless_messages_fail,
);
