//! Pushes 10,000 conversation turns through the engine on SQLite, the way the
//! processor runs them (store the raw event, decode, one transaction with the
//! engine's state and the outbox), and prints turns per second and p50/p99.
//!
//! `cargo bench --bench turns` (release build).

use std::time::Instant;

use contigo_bot::app::App;
use contigo_bot::channels::terminal::TerminalAdapter;
use contigo_bot::clock::Clock;
use contigo_bot::config::Settings;
use contigo_bot::message::Channel;

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

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let turns: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = Settings::default();
    settings.database.url = format!("sqlite://{}", dir.path().join("bench.db").display());
    settings.storage.dir = dir.path().join("files");
    let app = App::build(settings, Clock::system()).await.expect("app");
    let adapter = TerminalAdapter::new(app.files.clone(), dir.path().join("downloads"), 10 << 20);

    let mut latencies = Vec::with_capacity(turns);
    let started = Instant::now();
    for i in 0..turns {
        // 100 chats take turns, so state is loaded and saved for many conversations.
        let chat = format!("bench-{}", i % 100);
        let line = SCRIPT[(i / 100) % SCRIPT.len()];
        let payload =
            serde_json::to_string(&TerminalAdapter::event_for_line(line, None)).expect("json");
        let t = Instant::now();
        app.ingest(Channel::Terminal, &format!("ev-{i}"), &chat, &payload)
            .await
            .expect("ingest");
        app.process_pending(&adapter).await.expect("process");
        latencies.push(t.elapsed());
    }
    let total = started.elapsed();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    let outbox: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
        .fetch_one(&app.store.pool)
        .await
        .expect("count");
    println!(
        "turns: {turns} on SQLite ({} replies written to the outbox)",
        outbox
    );
    println!(
        "throughput: {:.0} turns/s",
        turns as f64 / total.as_secs_f64()
    );
    println!("latency p50: {:.2} ms", pct(0.50).as_secs_f64() * 1000.0);
    println!("latency p99: {:.2} ms", pct(0.99).as_secs_f64() * 1000.0);
    println!(
        "latency max: {:.2} ms",
        latencies[latencies.len() - 1].as_secs_f64() * 1000.0
    );
    app.store.close().await;
}
