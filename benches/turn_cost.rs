//! CPU per turn as an instruction count (issue 27): load-independent, unlike the CPU
//! seconds of `benches/turns.rs`, which a shared machine inflates. Printed, never
//! asserted.
//!
//! Two sides, each run in ONE process under `valgrind --tool=callgrind`, twice (N = a
//! and N = b); what a turn costs is (I(b) − I(a)) / (b − a), where I is the
//! instructions the whole process executed (every thread, user space: callgrind does
//! not count the kernel's work, system calls and task switches). Start-up, migrations
//! and shutdown cancel out in the difference.
//!
//! - **app**: the real application in Telegram webhook mode (HTTP, the webhook
//!   handler, intake, engine, outbox, the sender), the tests' fake Bot API answering;
//!   `CHATS` chats (default 10) post their updates at once, each chat's in order (the
//!   registration script of `benches/support/common.rs`), until every event is processed and
//!   every answer sent. Its connection wait is raised (`database.acquire_timeout_secs`)
//!   because under valgrind everything runs some 50 times slower.
//! - **floor**: the same client and the same fake against a bot with no framework,
//!   the one `benches/turns.rs` measures (`benches/support/floor.rs`): axum, the update parsed, one SQLite write
//!   (rusqlite, WAL, `synchronous = NORMAL`) and one `sendMessage` per update.
//! - **same**: that floor sending, at each step of the script, the very calls the
//!   application makes there (the same texts and keyboards, recorded once by the
//!   parent from the application, outside the count): the same work on the wire, so
//!   the fake's answer to a richer message counts on both sides.
//!
//! The load generator and the fake run in the same process on both sides, so their
//! instructions count on every side (the application's turn sends its replies, with
//! keyboards; the plain floor one short "ok"). Prints each side's instructions per
//! turn and the ratios app / floor and app / same-replies floor.
//!
//! A run is refused, not counted, when the application's flood rule fired
//! (`intake::FLOOD_WAITING`: a chat with 10 messages waiting gets one note instead of
//! a turn's replies; under valgrind the door can store a chat's updates faster than
//! the sender answers them) or when a turn went unanswered: such a run did less work
//! than its turns ask. The run is tried again, up to `TURN_COST_TRIES` (3) times, and
//! each refusal printed. Each side also prints the messages it sent, per turn, so two
//! builds can be seen to do the same work.
//!
//! `cargo bench --bench turn_cost` (release). Knobs: `TURN_COST_A` (default 120),
//! `TURN_COST_B` (240; both best multiples of CHATS × 12, the script's length, so
//! each run has the same mix of turns), `CHATS`, `VALGRIND` (the valgrind binary),
//! `TURN_COST_TRIES`, `TURN_COST_ROUNDS` (3: the sides measured in turn, that many
//! times; the figures are the rounds' means).
//! One run alone, without valgrind: `TURN_COST_SIDE=app|floor|same TURN_COST_N=120`
//! (`TURN_COST_SIDE=replies` prints what the same-replies floor sends, `check` runs
//! the application and checks it sent each chat just that); with
//! `TURN_COST_LOG=1` it logs as the application does (`RUST_LOG`), e.g. every
//! statement with `RUST_LOG=sqlx::query=debug`.

#[path = "support/common.rs"]
mod common;
#[path = "support/floor.rs"]
mod floor;
#[path = "../tests/it/support/telegram.rs"]
mod telegram;

use std::process::Command;
use std::time::Duration;

use std::sync::Arc;

use common::{env_or, load_average, post_all, start, until_idle, webhook_settings};
use contigo_bot::app::App;
use contigo_bot::clock::Clock;
use floor::{Floor, Replies, app_replies, updates, without_chat};
use telegram::{FakeTelegram, TOKEN};

/// The first chat's user id (chat `i` is this plus `i`).
const FIRST_USER: i64 = 5_000_000;

/// The application: `turns` updates posted, then every turn taken and every answer
/// sent. Returns what it sent.
async fn run_app(dir: &std::path::Path, chats: usize, turns: usize) -> Vec<telegram::Sent> {
    let tg = FakeTelegram::start().await;
    let url = format!("sqlite://{}", dir.join("app.db").display());
    let mut s = webhook_settings(&url, dir, &tg.api_url(), TOKEN, true);
    s.database.max_connections = 10;
    s.database.acquire_timeout_secs = 3600;
    let app = App::build(s, Clock::system()).await.expect("app");
    let (running, hook) = start(&app).await;
    while tg.webhook_url().is_none() {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let load = updates(&tg, FIRST_USER, chats, turns);
    post_all(&hook, load).await;
    // Every turn taken and every answer sent; looked at twice a second (each look is
    // counted too, and under valgrind a run lasts minutes).
    until_idle(&app, Duration::from_millis(500)).await;
    let processed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM inbound_events WHERE processed_at IS NOT NULL")
            .fetch_one(&app.store.read)
            .await
            .expect("count");
    running.stop().await;
    assert_eq!(processed, turns as i64, "every update a turn");
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals().first());
    let sent = tg.sent();
    // The flood rule (`intake::FLOOD_WAITING`): a chat with that many messages
    // waiting gets one note instead of a turn's replies. Under valgrind the door can
    // store a chat's updates faster than the sender answers them; a run where the
    // rule fired sent fewer messages than its turns ask, so its count is low:
    // refused (the parent tries again), never counted.
    let notes: Vec<String> = app
        .engine
        .locales
        .languages()
        .into_iter()
        .map(|lang| app.engine.locales.t(lang, "flood-wait"))
        .collect();
    let flooded = sent
        .iter()
        .filter(|s| notes.iter().any(|n| n == s.text()))
        .count();
    println!("{SENT_LINE} {} {flooded}", sent.len());
    assert_eq!(
        flooded, 0,
        "{FLOODED}: {flooded} flood notes, replies dropped"
    );
    assert!(sent.len() >= turns, "an answer to every turn");
    sent
}

/// Whether the application, in a run like the counted ones, sent each chat what the
/// same-replies floor sends it (`TURN_COST_SIDE=check`, never counted): prints how
/// many of its calls were the recorded ones, and panics on the first that differs.
async fn check_replies(dir: &std::path::Path, chats: usize, turns: usize) {
    let replies = app_replies(dir).await;
    let sent = run_app(dir, chats, turns).await;
    let mut by_chat: std::collections::HashMap<i64, Vec<telegram::Sent>> = Default::default();
    for call in sent {
        by_chat.entry(call.chat_id).or_default().push(call);
    }
    // Each chat had `turns / chats` updates (`floor::updates`).
    let per_chat = turns / chats;
    let expected_calls: usize = (0..per_chat).map(|step| replies.for_step(step).len()).sum();
    assert_eq!(by_chat.len(), chats, "every chat answered");
    let mut same = 0;
    for (chat, calls) in &by_chat {
        assert_eq!(
            calls.len(),
            expected_calls,
            "chat {chat}: the application made {} calls, the floor makes {expected_calls}",
            calls.len()
        );
        let expected = (0..).flat_map(|step| replies.for_step(step).iter());
        for (k, (call, (method, params))) in calls.iter().zip(expected).enumerate() {
            let got = without_chat(call.params.clone());
            assert!(
                &call.method == method && &got == params,
                "chat {chat}, call {k}: the application sent {} {got}, the floor sends {method} {params}",
                call.method
            );
            same += 1;
        }
    }
    println!(
        "same-replies check: {same} calls to {} chats, each what the floor sends",
        by_chat.len()
    );
}

/// What a side's run prints for the parent: the messages it sent and the flood
/// notes among them.
const SENT_LINE: &str = "turn_cost sent:";
/// How a run refused for the flood rule says so.
const FLOODED: &str = "the flood rule fired";

/// The floor (`support/floor.rs`), on the same client and fake: plain, or with
/// `replies` the application's.
async fn run_floor(dir: &std::path::Path, chats: usize, turns: usize, replies: Option<Replies>) {
    let tg = FakeTelegram::start().await;
    // One call an update, or what the application makes at each chat's steps.
    let expected = match &replies {
        None => turns,
        Some(r) => (0..turns).map(|i| r.for_step(i / chats).len()).sum(),
    };
    let floor = Floor::start(&dir.join("floor.db"), &tg, replies.map(Arc::new)).await;
    let load = updates(&tg, FIRST_USER, chats, turns);
    post_all(floor.url(), load).await;
    drop(floor);
    // Read once: each read copies every call the fake recorded (counted too).
    let sent = tg.sent().len();
    println!("{SENT_LINE} {sent} 0");
    assert_eq!(sent, expected, "the floor's calls for every update");
}

/// The application's replies for the same-replies floor: read from the file
/// `TURN_COST_REPLIES` names (the parent records them once, outside the count), else
/// recorded here (by hand; the recording is then counted, the same for any N).
async fn replies(dir: &std::path::Path) -> Replies {
    match std::env::var_os(REPLIES_FILE) {
        Some(path) => {
            let json = std::fs::read(path).expect("the replies' file");
            serde_json::from_slice(&json).expect("the replies")
        }
        None => app_replies(dir).await,
    }
}

/// Where the parent leaves the application's replies for the same-replies floor.
const REPLIES_FILE: &str = "TURN_COST_REPLIES";

/// One run of a side under callgrind: the instructions the process executed and the
/// messages it sent.
struct Run {
    instructions: u64,
    sent: u64,
}

/// One side with `n` turns under callgrind.
fn instructions(side: &str, n: usize, out: &std::path::Path) -> Result<Run, String> {
    let valgrind = std::env::var("VALGRIND").unwrap_or_else(|_| "valgrind".into());
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let file = out.join(format!("callgrind.{side}.{n}"));
    let run = Command::new(valgrind)
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", file.display()))
        .arg(exe)
        .env("TURN_COST_SIDE", side)
        .env("TURN_COST_N", n.to_string())
        .env(REPLIES_FILE, out.join("replies.json"))
        .output()
        .map_err(|e| format!("valgrind: {e}"))?;
    let stderr = String::from_utf8_lossy(&run.stderr);
    if !run.status.success() {
        // The panic's message (a backtrace, when asked for, would push it out of the
        // last lines), else the last lines.
        let lines: Vec<&str> = stderr.lines().collect();
        let why = match lines.iter().position(|l| l.contains("panicked at")) {
            Some(at) => lines[at..lines.len().min(at + 4)].join("\n"),
            None => lines
                .iter()
                .rev()
                .take(15)
                .copied()
                .collect::<Vec<_>>()
                .join("\n"),
        };
        return Err(format!("{side} N={n} failed ({}): {why}", run.status));
    }
    let sent = String::from_utf8_lossy(&run.stdout)
        .lines()
        .find_map(|l| {
            l.strip_prefix(SENT_LINE)?
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .ok_or_else(|| format!("{side} N={n}: the run did not say what it sent"))?;
    // "==pid== Collected : 123456789"
    let instructions = stderr
        .lines()
        .find_map(|l| l.split("Collected :").nth(1)?.trim().parse().ok())
        .ok_or_else(|| format!("{side} N={n}: no instruction count in valgrind's output"))?;
    Ok(Run { instructions, sent })
}

/// [`instructions`], tried again (up to `tries` in all) when a run is refused (the
/// flood rule fired, or a check failed): each refusal is printed, none is counted.
fn counted(side: &str, n: usize, out: &std::path::Path, tries: usize) -> Result<Run, String> {
    let mut last = String::new();
    for attempt in 1..=tries.max(1) {
        match instructions(side, n, out) {
            Ok(run) => return Ok(run),
            Err(e) => {
                let why = if e.contains(FLOODED) {
                    "flood rule"
                } else {
                    "failed"
                };
                println!("  {side:5}: N = {n}, try {attempt} of {tries} refused ({why}): {e}");
                last = e;
            }
        }
    }
    Err(last)
}

fn main() {
    let chats = env_or("CHATS", 10).max(1);
    if let Ok(side) = std::env::var("TURN_COST_SIDE") {
        let n = env_or("TURN_COST_N", 120);
        // The statements a run executes, for finding where a turn's time goes:
        // `TURN_COST_LOG=1 RUST_LOG=sqlx::query=debug` (never under valgrind's count).
        if std::env::var_os("TURN_COST_LOG").is_some() {
            contigo_bot::telemetry::init(false);
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            match side.as_str() {
                "app" => drop(run_app(dir.path(), chats, n).await),
                "check" => check_replies(dir.path(), chats, n).await,
                "floor" => run_floor(dir.path(), chats, n, None).await,
                "same" => {
                    let replies = replies(dir.path()).await;
                    run_floor(dir.path(), chats, n, Some(replies)).await
                }
                // What the same-replies floor sends, to read.
                "replies" => {
                    let replies = app_replies(dir.path()).await;
                    let json = serde_json::to_string_pretty(&replies).expect("json");
                    println!("{json}");
                }
                other => panic!("TURN_COST_SIDE={other}: app, floor, same, replies or check"),
            }
        });
        return;
    }
    let (a, b) = (env_or("TURN_COST_A", 120), env_or("TURN_COST_B", 240));
    let tries = env_or("TURN_COST_TRIES", 3);
    let rounds = env_or("TURN_COST_ROUNDS", 3).max(1);
    assert!(b > a, "TURN_COST_B must be above TURN_COST_A");
    let out = tempfile::tempdir().expect("temp dir");
    println!(
        "instructions per turn under callgrind, N = {a} and {b}, {chats} chats; load average {}",
        load_average()
    );
    // The application's replies, recorded once for the same-replies floor.
    let recorded = tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(app_replies(out.path()));
    std::fs::write(
        out.path().join("replies.json"),
        serde_json::to_vec(&recorded).expect("json"),
    )
    .expect("write the replies");
    // Rounds interleaved (each side in turn): a run's count moves by some ±1.5 %
    // with the timing of its threads (the statement shapes it meets, the groups it
    // forms), so a turn's figure is read from the rounds' mean.
    const SIDES: [&str; 3] = ["floor", "same", "app"];
    let mut per_turn: [Vec<f64>; 3] = Default::default();
    for round in 1..=rounds {
        println!("round {round} of {rounds}:");
        for (i, side) in SIDES.iter().enumerate() {
            let started = std::time::Instant::now();
            let counts: Result<Vec<Run>, String> = [a, b]
                .iter()
                .map(|&n| counted(side, n, out.path(), tries))
                .collect();
            let c = match counts {
                Ok(c) => c,
                Err(e) => {
                    println!("  {side:5}: {e}");
                    return;
                }
            };
            let each = (c[1].instructions as f64 - c[0].instructions as f64) / (b - a) as f64;
            println!(
                "  {side:5}: I({a}) = {}, I({b}) = {}: {:.0} instructions per turn; \
                 messages sent {} and {}, {:.2} per turn \
                 ({:.0} s under valgrind; load average {})",
                c[0].instructions,
                c[1].instructions,
                each,
                c[0].sent,
                c[1].sent,
                (c[1].sent as f64 - c[0].sent as f64) / (b - a) as f64,
                started.elapsed().as_secs_f64(),
                load_average()
            );
            per_turn[i].push(each);
        }
        let last = |i: usize| per_turn[i][per_turn[i].len() - 1];
        println!(
            "  ratio app / floor {:.2}×, app / same-replies floor {:.2}×",
            last(2) / last(0),
            last(2) / last(1)
        );
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let spread = |v: &[f64]| {
        let (lo, hi) = v
            .iter()
            .fold((f64::MAX, f64::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
        format!("{lo:.0}–{hi:.0}")
    };
    let [floor, same, app] = &per_turn;
    println!(
        "mean of {rounds} rounds, instructions per turn: floor {:.0} ({}), same-replies floor \
         {:.0} ({}), app {:.0} ({})",
        mean(floor),
        spread(floor),
        mean(same),
        spread(same),
        mean(app),
        spread(app)
    );
    println!(
        "  ratio app / floor: {:.2}×; app / same-replies floor: {:.2}×",
        mean(app) / mean(floor),
        mean(app) / mean(same)
    );
}
