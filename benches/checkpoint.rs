//! The SQLite WAL's checkpoints under a stream of webhook events (issue 29). The
//! writer never checkpoints by itself (`wal_autocheckpoint = 0`); every checkpoint
//! runs in the store's checkpointer and is timed (`store::CheckpointStats`): beside
//! the writer (no write waits for it), on the writer's connection between two writes
//! (writes wait for it), or when idle; on a busy disk intake waits instead
//! (`Store::wal_room`, the back-stop) and one small write starts the WAL over.
//!
//! Stores `EVENTS` events (default 60,000, 3 KB each) through the webhook's store
//! path (the back-stop, a pooled connection taken, `inbound::insert_if_new`, as
//! `App::ingest`) from `CLIENTS` tasks (default 1: each write's wait is then its own,
//! not the queue behind other clients), each write timed in three parts: the
//! back-stop's hold, the wait for the writer's connection (a checkpoint on the writer
//! holds it) and the statement with its commit. Prints apart (a) the writes held by
//! work on the writer (copies, restarts) and (b) intake held back by the back-stop
//! (how often, how long), the WAL's largest size, every checkpoint's duration by
//! where it ran (count, frames, p50 / p99 / max), the writes' latency and what the
//! slow ones overlapped (a copy on the writer, a WAL restart). Printed, never
//! asserted. `cargo bench --bench checkpoint`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use contigo_bot::app::App;
#[path = "support/common.rs"]
mod common;

use common::{env_or, load_average};
use contigo_bot::clock::{Clock, wall_now};
use contigo_bot::config::Settings;
use contigo_bot::message::{Channel, ChatKey};
use contigo_bot::store::{CheckpointKind, inbound};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// p50 / p99 / max of `d` (sorted here), in ms, and how many were over 50 ms.
fn spread(d: &mut [Duration]) -> String {
    d.sort_unstable();
    let at = |q: f64| {
        d.get(((d.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or_default()
    };
    format!(
        "p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {} over 50 ms",
        ms(at(0.5)),
        ms(at(0.99)),
        ms(at(1.0)),
        d.iter().filter(|d| d.as_millis() > 50).count()
    )
}

/// One write: when it began, the back-stop's hold, its wait for the writer's
/// connection, its statement, and whether it started the WAL over.
struct Write {
    at: Instant,
    held: Duration,
    wait: Duration,
    commit: Duration,
    restarted: bool,
}

impl Write {
    /// From the connection asked for to the commit (the hold before is apart).
    fn span(&self) -> (Instant, Instant) {
        let from = self.at + self.held;
        (from, from + self.wait + self.commit)
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let events = env_or("EVENTS", 60_000);
    let clients = env_or("CLIENTS", 1).max(1);
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
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    };
    let payload = Arc::new(format!(r#"{{"text":"{}"}}"#, "y".repeat(3_000)));
    println!(
        "{events} events of 3 KB, {clients} client(s); load average {}",
        load_average()
    );
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for c in 0..clients {
        let (store, payload) = (app.store.clone(), payload.clone());
        tasks.spawn(async move {
            let mut writes = Vec::with_capacity(events / clients + 1);
            let frames = || store.wal_frames().map_or(0, |(f, _)| f);
            for n in (c..events).step_by(clients) {
                let asked = Instant::now();
                let held = store.wal_room().await;
                // Read before the timing: whether this write finds the WAL copied and
                // begins it again (its header synced), when it is the only client.
                let before = frames();
                let at = Instant::now();
                let mut conn = store.pool.acquire().await.expect("the writer");
                let wait = at.elapsed();
                let chat = format!("5198700{:04}", n % 500);
                inbound::insert_if_new(
                    &mut conn,
                    ChatKey::new(Channel::Whatsapp, &chat),
                    &format!("wamid.{n}"),
                    &payload,
                    wall_now(),
                )
                .await
                .expect("stored");
                drop(conn);
                let commit = at.elapsed() - wait;
                writes.push(Write {
                    at: asked,
                    held,
                    wait,
                    commit,
                    restarted: frames() < before,
                });
            }
            writes
        });
    }
    let mut writes = vec![];
    while let Some(done) = tasks.join_next().await {
        writes.extend(done?);
    }
    let elapsed = started.elapsed();
    // What the checkpointer does once the writes stop (the idle truncation).
    tokio::time::sleep(Duration::from_secs(2)).await;
    watcher.abort();
    let checkpoints = app.store.checkpoint_stats.recent();
    println!(
        "  {:.0} writes/s over {:.1} s; WAL at most {} KB (journal_size_limit {} KB), {} KB \
         at the end; file {} KB",
        events as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64(),
        biggest.load(std::sync::atomic::Ordering::Relaxed) / 1024,
        contigo_bot::store::WAL_LIMIT_BYTES / 1024,
        std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) / 1024,
        std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) / 1024
    );
    println!(
        "  checkpoints, all timed: {} in all ({} kept here)",
        app.store.checkpoint_stats.runs(),
        checkpoints.len()
    );
    for (kind, name) in [
        (CheckpointKind::Beside, "beside the writer (no write waits)"),
        (CheckpointKind::OnTheWriter, "on the writer (writes wait)"),
        (
            CheckpointKind::Restart,
            "WAL started over after intake waited (a write on the writer)",
        ),
        (CheckpointKind::Idle, "when idle (truncate)"),
    ] {
        let of: Vec<_> = checkpoints.iter().filter(|c| c.kind == kind).collect();
        let frames: i64 = of.iter().map(|c| c.frames).sum();
        let mut took: Vec<Duration> = of.iter().map(|c| c.took).collect();
        println!(
            "    {name}: {}, frames in the WAL {frames} in all; {}",
            took.len(),
            spread(&mut took)
        );
    }
    let on_writer: Vec<_> = checkpoints
        .iter()
        .filter(|c| {
            matches!(
                c.kind,
                CheckpointKind::OnTheWriter | CheckpointKind::Restart
            )
        })
        .collect();
    let overlaps = |w: &Write, kind: CheckpointKind| {
        let (from, to) = w.span();
        on_writer
            .iter()
            .any(|c| c.kind == kind && c.at < to && from < c.at + c.took)
    };
    let whole = |w: &Write| w.wait + w.commit;
    let mut wait: Vec<Duration> = writes.iter().map(|w| w.wait).collect();
    let mut commit: Vec<Duration> = writes.iter().map(|w| w.commit).collect();
    let mut all: Vec<Duration> = writes.iter().map(whole).collect();
    let mut by_copy: Vec<Duration> = writes
        .iter()
        .filter(|w| overlaps(w, CheckpointKind::OnTheWriter))
        .map(whole)
        .collect();
    let mut by_restart: Vec<Duration> = writes
        .iter()
        .filter(|w| overlaps(w, CheckpointKind::Restart))
        .map(whole)
        .collect();
    let mut restarting: Vec<Duration> = writes.iter().filter(|w| w.restarted).map(whole).collect();
    let mut other: Vec<Duration> = writes
        .iter()
        .filter(|w| {
            !w.restarted
                && !overlaps(w, CheckpointKind::OnTheWriter)
                && !overlaps(w, CheckpointKind::Restart)
        })
        .map(whole)
        .collect();
    println!(
        "  (a) writes ({}), the back-stop's hold apart:",
        writes.len()
    );
    println!("    wait for the writer: {}", spread(&mut wait));
    println!("    statement and commit: {}", spread(&mut commit));
    println!("    whole write: {}", spread(&mut all));
    println!(
        "    overlapping a copy on the writer ({}): {}",
        by_copy.len(),
        spread(&mut by_copy)
    );
    println!(
        "    overlapping the back-stop's restart write ({}): {}",
        by_restart.len(),
        spread(&mut by_restart)
    );
    println!(
        "    that started the WAL over themselves, its header synced ({}): {}",
        restarting.len(),
        spread(&mut restarting)
    );
    println!(
        "    none of these ({}): {}",
        other.len(),
        spread(&mut other)
    );
    let holds = app.store.checkpoint_stats.holds();
    let mut held: Vec<Duration> = holds.iter().map(|h| h.took).collect();
    let total: Duration = held.iter().sum();
    println!(
        "  (b) intake held back by the back-stop: {} of {} writes, {:.0} ms in all, {} gave \
         up after 5 s; {}",
        holds.len(),
        writes.len(),
        ms(total),
        holds.iter().filter(|h| !h.released).count(),
        spread(&mut held)
    );
    println!("  load average {}", load_average());
    app.store.close().await;
    Ok(())
}
