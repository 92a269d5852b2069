//! The SQLite WAL's checkpoints under a stream of stored events (issue 29): each
//! checkpoint beside the writer is timed (`store::Store::checkpoints`); the inserts
//! that overlapped one show whether writes waited for it. The writer's own
//! checkpoints (every 1 MB of WAL), which cannot be timed apart through sqlx, show
//! only in the inserts' tail.
//! Stores `EVENTS` events (default 60,000, 3 KB each) through the webhook's store path
//! (`App::ingest`) from `CLIENTS` tasks (default 8), each insert timed; then prints
//! the checkpoints (how many, frames, longest, p99), the WAL's largest size, and the
//! insert latency overall and for the inserts that overlapped a checkpoint. Printed,
//! never asserted. `cargo bench --bench checkpoint`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use contigo_bot::app::App;
use contigo_bot::clock::Clock;
use contigo_bot::config::Settings;
use contigo_bot::message::Channel;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// p50 / p99 / max of `d` (sorted here), in ms.
fn spread(d: &mut [Duration]) -> String {
    d.sort_unstable();
    let at = |q: f64| {
        d.get(((d.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or_default()
    };
    format!(
        "p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ms(at(0.5)),
        ms(at(0.99)),
        ms(at(1.0))
    )
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let events = env_or("EVENTS", 60_000);
    let clients = env_or("CLIENTS", 8).max(1);
    let dir = tempfile::tempdir()?;
    let mut settings = Settings::default();
    let path = dir.path().join("bench.db");
    settings.database.url = format!("sqlite://{}", path.display());
    settings.storage.dir = dir.path().join("files");
    let app = App::build(settings, Clock::system()).await?;
    let wal = dir.path().join("bench.db-wal");
    let biggest = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let watcher = {
        let (wal, biggest) = (wal.clone(), biggest.clone());
        tokio::spawn(async move {
            loop {
                let len = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
                biggest.fetch_max(len, std::sync::atomic::Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    let payload = Arc::new(format!(r#"{{"text":"{}"}}"#, "y".repeat(3_000)));
    println!(
        "{events} events of 3 KB, {clients} clients; load average {}",
        load_average()
    );
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for c in 0..clients {
        let (app, payload) = (app.clone(), payload.clone());
        tasks.spawn(async move {
            let mut took = Vec::with_capacity(events / clients + 1);
            for n in (c..events).step_by(clients) {
                let t = Instant::now();
                app.ingest(
                    Channel::Whatsapp,
                    &format!("wamid.{n}"),
                    &format!("5198700{:04}", n % 500),
                    &payload,
                )
                .await
                .expect("stored");
                took.push((t, t.elapsed()));
            }
            took
        });
    }
    let mut inserts = vec![];
    while let Some(done) = tasks.join_next().await {
        inserts.extend(done?);
    }
    let elapsed = started.elapsed();
    watcher.abort();
    let checkpoints = app.store.checkpoint_stats.recent();
    let during: Vec<Duration> = inserts
        .iter()
        .filter(|(t, d)| {
            let end = *t + *d;
            checkpoints.iter().any(|c| c.at < end && *t < c.at + c.took)
        })
        .map(|(_, d)| *d)
        .collect();
    let mut all: Vec<Duration> = inserts.iter().map(|(_, d)| *d).collect();
    let over = all.iter().filter(|d| d.as_millis() > 50).count();
    let mut ck: Vec<Duration> = checkpoints.iter().map(|c| c.took).collect();
    let frames: i64 = checkpoints.iter().map(|c| c.frames).sum();
    println!(
        "  {:.0} inserts/s over {:.1} s; WAL at most {} KB; file {} KB",
        events as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64(),
        biggest.load(std::sync::atomic::Ordering::Relaxed) / 1024,
        std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) / 1024
    );
    println!(
        "  checkpoints (timed, beside the writer): {} ({} kept), {frames} frames, {}; {} over 50 ms",
        app.store.checkpoint_stats.runs(),
        ck.len(),
        spread(&mut ck),
        ck.iter().filter(|d| d.as_millis() > 50).count(),
    );
    println!(
        "  inserts, all {}: {}; {over} over 50 ms",
        all.len(),
        spread(&mut all)
    );
    let mut during = during;
    println!(
        "  inserts overlapping a checkpoint {}: {}; load average {}",
        during.len(),
        spread(&mut during),
        load_average()
    );
    app.store.close().await;
    Ok(())
}
