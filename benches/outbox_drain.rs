//! Drains a backlog of 1,000 pending messages in each of 4 chats (a staff chat after
//! a flood) to the fake Bot API without flood limits, on SQLite and on PostgreSQL
//! (`CONTIGO_BENCH_POSTGRES_URL`, default postgres://postgres@127.0.0.1:5432/postgres),
//! and prints each drain rate and PostgreSQL's as a ratio to SQLite's (target ≥ 0.5),
//! and the sender's transactions per message (`Sender::settle_counts`).
//!
//! `cargo bench --bench outbox_drain` (PER_CHAT=1000 to change the backlog).

#[path = "../tests/it/support/telegram.rs"]
mod telegram;

use std::sync::Arc;
use std::time::{Duration, Instant};

use contigo_bot::app::App;
use contigo_bot::channels::telegram::TelegramAdapter;
use contigo_bot::clock::Clock;
use contigo_bot::config::Settings;
use contigo_bot::message::{Channel, ChatKey, Outbound};
use contigo_bot::notify::enqueue;
use contigo_bot::outbox::Limits;
use contigo_bot::store::outbox;
use telegram::{FakeTelegram, TOKEN, TgUser};

async fn drain(url: &str, dir: &std::path::Path, per_chat: usize) -> f64 {
    let tg = FakeTelegram::start().await;
    let mut settings = Settings::default();
    settings.database.url = url.to_owned();
    settings.storage.dir = dir.join("files");
    settings.outbox.poll_interval_ms = 100;
    let app = App::build(settings, Clock::system()).await.expect("app");
    let users: Vec<TgUser> = (0..4).map(|i| TgUser::new(900_000 + i, "Staff")).collect();
    for u in &users {
        tg.send_text(u, "hola");
    }
    let mut tx = app.store.begin().await.expect("tx");
    for n in 0..per_chat {
        for u in &users {
            let text = format!("aviso {n}");
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
    let adapter =
        TelegramAdapter::new(TOKEN, &tg.api_url(), app.files.clone(), 10 << 20).expect("adapter");
    let sender = app.sender(
        Arc::new(adapter),
        Limits {
            per_second: 100_000,
            per_chat_per_second: 100_000,
            per_chat_burst: 100_000,
        },
    );
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let started = Instant::now();
    let worker = tokio::spawn(sender.clone().run(shutdown));
    let total = 4 * per_chat as i64;
    loop {
        let mut conn = app.store.pool.acquire().await.expect("conn");
        let c = outbox::counts(&mut conn, "telegram").await.expect("counts");
        drop(conn);
        if c.sent + c.failed >= total {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let rate = total as f64 / started.elapsed().as_secs_f64();
    let _ = stop.send(true);
    let _ = worker.await;
    // The sender's transactions: its claims (each also writing the outcomes of the
    // sends finished before it) and those that only wrote outcomes.
    let c = sender.settle_counts();
    let kind = url.split(':').next().unwrap_or(url);
    println!(
        "  {kind}: {} claims + {} outcome-only transactions for {total} messages: {:.3} sender transactions per message ({} outcomes written in claims)",
        c.claims,
        c.settle_transactions,
        (c.claims + c.settle_transactions) as f64 / total as f64,
        c.settled_in_claims,
    );
    app.store.close().await;
    rate
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    use sqlx::Connection;
    let per_chat: usize = std::env::var("PER_CHAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = drain(
        &format!("sqlite://{}", dir.path().join("bench.db").display()),
        dir.path(),
        per_chat,
    )
    .await;
    println!("outbox drain, 4 chats x {per_chat} pending: SQLite {sqlite:.0} msg/s");
    let admin = std::env::var("CONTIGO_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("contigo_bench_drain_{}", std::process::id());
    let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await else {
        println!("PostgreSQL not reachable at {admin}: skipped");
        return;
    };
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create database");
    let base = admin
        .rsplit_once('/')
        .map_or(admin.clone(), |(b, _)| b.to_owned());
    let pg = drain(&format!("{base}/{name}"), dir.path(), per_chat).await;
    println!(
        "outbox drain, 4 chats x {per_chat} pending: PostgreSQL {pg:.0} msg/s, {:.2} of SQLite's",
        pg / sqlite
    );
    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut conn)
        .await;
}
