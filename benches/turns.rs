//! Conversation turns through the real intake (claim, decode, one transaction with
//! the engine's state and the outbox) on SQLite, and on PostgreSQL when
//! `CONTIGO_BENCH_POSTGRES_URL` names a server (a scratch database is created).
//! Prints turns per second with 1 chat (its turns go one at a time, in order) and
//! with 100 chats at once (`[intake] concurrency` of them in parallel).
//!
//! `cargo bench --bench turns` (TURNS=2000 to change the load).

use std::sync::Arc;
use std::time::{Duration, Instant};

use contigo_bot::app::App;
use contigo_bot::channels::terminal::TerminalAdapter;
use contigo_bot::clock::Clock;
use contigo_bot::config::Settings;
use contigo_bot::intake::Intake;
use contigo_bot::message::Channel;
use contigo_bot::store::inbound;

/// One registration, answered step by step, then cancelled: 12 turns.
const SCRIPT: &[&str] = &[
    "/start",
    "1",
    "1",
    "acoria",
    "Rosa María",
    "Quispe Huamán",
    "4567891",
    "45678912",
    "0123-2026-JNE",
    "987654321",
    "/ayuda",
    "/cancelar",
];

/// Stores `turns` typed lines spread over `chats` chats, then runs the intake until
/// every one is processed; turns per second.
async fn run(url: &str, dir: &std::path::Path, chats: usize, turns: usize) -> f64 {
    let mut settings = Settings::default();
    settings.database.url = url.to_owned();
    settings.database.max_connections = 10;
    settings.storage.dir = dir.join("files");
    let app = App::build(settings, Clock::system()).await.expect("app");
    for i in 0..turns {
        let chat = format!("bench-{chats}-{}", i % chats);
        let line = SCRIPT[(i / chats) % SCRIPT.len()];
        let payload =
            serde_json::to_string(&TerminalAdapter::event_for_line(line, None)).expect("json");
        app.ingest(
            Channel::Terminal,
            &format!("ev-{chats}-{i}"),
            &chat,
            &payload,
        )
        .await
        .expect("ingest");
    }
    let adapter = Arc::new(TerminalAdapter::new(
        app.files.clone(),
        dir.join("downloads"),
        10 << 20,
    ));
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let started = Instant::now();
    let worker = tokio::spawn(Intake::new(app.clone(), adapter).run(shutdown));
    loop {
        let mut conn = app.store.pool.acquire().await.expect("conn");
        let left = inbound::unprocessed(&mut conn).await.expect("count");
        drop(conn);
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let took = started.elapsed();
    let _ = stop.send(true);
    let _ = worker.await;
    app.store.close().await;
    turns as f64 / took.as_secs_f64()
}

async fn scratch_postgres(admin: &str) -> Option<String> {
    use sqlx::Connection;
    let name = format!("contigo_bench_{}", std::process::id());
    let mut conn = sqlx::PgConnection::connect(admin).await.ok()?;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut conn)
        .await
        .ok()?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .ok()?;
    let base = admin.rsplit_once('/').map(|(b, _)| b.to_owned())?;
    Some(format!("{base}/{name}"))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let turns: usize = std::env::var("TURNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut targets = vec![(
        "SQLite",
        format!("sqlite://{}", dir.path().join("bench.db").display()),
    )];
    let admin = std::env::var("CONTIGO_BENCH_POSTGRES_URL").ok();
    if let Some(admin) = &admin
        && let Some(url) = scratch_postgres(admin).await
    {
        targets.push(("PostgreSQL", url));
    }
    for (name, url) in targets {
        let one = run(&url, dir.path(), 1, turns / 4).await;
        let many = run(&url, dir.path(), 100, turns).await;
        println!("turns on {name}: 1 chat {one:.0} turns/s, 100 chats {many:.0} turns/s");
    }
    if let Some(admin) = admin {
        use sqlx::Connection;
        if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
            let name = format!("contigo_bench_{}", std::process::id());
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut conn)
                .await;
        }
    }
}
