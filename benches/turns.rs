//! What a turn costs, against a bare durable floor built here (issue 27). Printed,
//! never asserted.
//!
//! - **Turns**: the real application (HTTP, intake, outbox) in Telegram webhook mode,
//!   the fake Bot API of the tests answering, a client posting updates to the
//!   webhook (each chat's in order, the chats at once). Turns per second (until every
//!   event is processed), CPU per turn and task switches per turn (the whole
//!   process: `getrusage`, all threads), for 1, 100 and 1,000 chats.
//! - **Floor**: the same client and the same fake against a bot with no framework:
//!   axum, the update parsed, one SQLite write (rusqlite, WAL, `synchronous =
//!   NORMAL`, as the application) and one `sendMessage` ("ok"); and that floor
//!   sending at each step what the application sends there (`support/floor.rs`).
//!   Their CPU per update is the floor; both ratios are printed.
//! - **Burst**: 40 chats post 50 messages each, then a newcomer writes /start; the
//!   fake enforces Telegram's limits (30/s, 1/s per chat) and the application its
//!   settings. Prints when the newcomer's turn was written and when its answer came.
//!
//! - **Closed loop**: one chat steps through the script (`CLOSED` steps, TURNS/4),
//!   each update posted once the answers to the last one came, on the application
//!   and on both floors, one after another `CLOSED_REPS` times (3): the medians.
//!   The like-for-like 1-chat figure: the turns' 1-chat run posts all its updates
//!   at once, and the flood rule drops most replies for a note.
//!
//! - **Stepping**: 500 chats (`STEPPING`) step through the script at once, each
//!   sending its next message when the last one was answered (`STEPS` each, 6): the
//!   p50 and p99 of post-to-answer.
//!
//! `cargo bench --bench turns` (TURNS=2400 per run, RUNS=3 rounds, BURST_SECS=120 to
//! wait for the newcomer's answer;
//! `CONTIGO_BENCH_POSTGRES_URL` adds a PostgreSQL run of the turns).

#[path = "support/common.rs"]
mod common;
#[path = "support/floor.rs"]
mod floor;
#[path = "../tests/it/support/telegram.rs"]
mod telegram;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{SCRIPT, env_or, load_average, post_all, post_update, start, webhook_settings};
use contigo_bot::app::App;
use contigo_bot::clock::Clock;
use contigo_bot::config::Settings;
use floor::{Floor, Replies, app_replies, updates};
use telegram::{FakeTelegram, TOKEN, TgUser};

/// CPU time and task switches of the whole process so far (every thread, also the
/// ones that ended).
#[derive(Clone, Copy)]
struct Usage {
    cpu: Duration,
    switches: i64,
}

fn usage() -> Usage {
    // SAFETY: getrusage fills the struct it is given; a zeroed rusage is valid.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid pointer.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Usage {
        cpu: tv(ru.ru_utime) + tv(ru.ru_stime),
        switches: ru.ru_nvcsw + ru.ru_nivcsw,
    }
}

/// What one run measured.
struct Measure {
    turns: usize,
    wall: Duration,
    cpu: Duration,
    switches: i64,
    /// Messages the fake accepted in the application's run (not counted for the
    /// open runs' floors: the plain one sends one an update, the same-replies one
    /// what the application sends at each step of the script, run one step at a
    /// time).
    sent: usize,
}

impl Measure {
    fn per_s(&self) -> f64 {
        self.turns as f64 / self.wall.as_secs_f64()
    }
    fn cpu_us(&self) -> f64 {
        self.cpu.as_secs_f64() * 1e6 / self.turns as f64
    }
    fn switches(&self) -> f64 {
        self.switches as f64 / self.turns as f64
    }
    /// Messages sent a turn: under 1 where the flood rule dropped a chat's replies
    /// for a note (`intake::FLOOD_WAITING`; one chat sent all its updates at once).
    fn sent(&self) -> f64 {
        self.sent as f64 / self.turns as f64
    }
}

fn settings(url: &str, dir: &std::path::Path, api: &str, unthrottled: bool) -> Settings {
    let mut s = webhook_settings(url, dir, api, TOKEN, unthrottled);
    // MAX_CONNECTIONS, CONCURRENCY and WRITERS (`[intake] writers`, PostgreSQL) to
    // try other sizes with the same binary.
    s.database.max_connections = u32::try_from(env_or("MAX_CONNECTIONS", 10)).unwrap_or(10);
    s.intake.concurrency = env_or("CONCURRENCY", s.intake.concurrency);
    s.intake.writers = env_or("WRITERS", s.intake.writers);
    s
}

async fn waiting(app: &App) -> (i64, i64) {
    let events: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM inbound_events WHERE processed_at IS NULL")
            .fetch_one(&app.store.pool)
            .await
            .unwrap_or(-1);
    let outbox: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')")
            .fetch_one(&app.store.pool)
            .await
            .unwrap_or(-1);
    (events, outbox)
}

/// How often the turns' run looks whether every turn is taken (ms, `POLL_MS`).
fn poll_ms() -> u64 {
    std::env::var("POLL_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
}

/// The application: updates posted, then every turn taken and every answer sent.
async fn run_app(url: &str, dir: &std::path::Path, chats: usize, turns: usize) -> Measure {
    let tg = FakeTelegram::start().await;
    let app = App::build(settings(url, dir, &tg.api_url(), true), Clock::system())
        .await
        .expect("app");
    let (running, hook) = start(&app).await;
    let load = updates(&tg, 5_000_000, chats, turns);
    tokio::time::sleep(Duration::from_millis(300)).await; // webhook registration done
    let (before, started) = (usage(), Instant::now());
    post_all(&hook, load).await;
    let mut wall = None;
    loop {
        let (events, outbox) = waiting(&app).await;
        if events == 0 && wall.is_none() {
            wall = Some(started.elapsed());
        }
        if events == 0 && outbox == 0 {
            break;
        }
        // POLL_MS: far apart under callgrind, where each look is counted too.
        tokio::time::sleep(Duration::from_millis(poll_ms())).await;
    }
    let after = usage();
    running.stop().await;
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals().first());
    Measure {
        turns,
        wall: wall.unwrap_or_default(),
        cpu: after.cpu - before.cpu,
        switches: after.switches - before.switches,
        sent: tg.sent().len(),
    }
}

/// `chats` chats stepping through the script at once, each sending its next message
/// when the answer to the last one arrived (closed loop): the p50 and p99 of the time
/// from posting an update to the first message back, over `steps` steps each.
async fn run_stepping(url: &str, dir: &std::path::Path, chats: usize, steps: usize) -> Stepping {
    let tg = Arc::new(FakeTelegram::start().await);
    let app = App::build(settings(url, dir, &tg.api_url(), true), Clock::system())
        .await
        .expect("app");
    let (running, hook) = start(&app).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    // One poller hands each chat's answers to its waiting task.
    let waiters: Arc<
        Mutex<std::collections::HashMap<i64, tokio::sync::mpsc::UnboundedSender<()>>>,
    > = Arc::default();
    let poller = {
        let (tg, waiters) = (tg.clone(), waiters.clone());
        tokio::spawn(async move {
            let mut seen = 0;
            loop {
                let new = tg.sent_since(seen);
                seen += new.len();
                if let Ok(w) = waiters.lock() {
                    for s in new.iter().filter(|s| s.text.is_some()) {
                        if let Some(tx) = w.get(&s.chat_id) {
                            let _ = tx.send(());
                        }
                    }
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    };
    let client = reqwest::Client::new();
    let mut tasks = tokio::task::JoinSet::new();
    let (started, phases_before, used_before, server_before) = (
        Instant::now(),
        contigo_bot::intake::phases::totals(),
        usage(),
        server_cpu(url),
    );
    for c in 0..chats {
        let user = TgUser::new(7_000_000 + c as i64, "Paso");
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        if let Ok(mut w) = waiters.lock() {
            w.insert(user.chat_id(), tx);
        }
        let (tg, client, hook) = (tg.clone(), client.clone(), hook.clone());
        tasks.spawn(async move {
            let mut took = vec![];
            for step in 0..steps {
                let id = tg.send_text(&user, SCRIPT[step % SCRIPT.len()]);
                let body = tg.update_json(id).to_string().into_bytes();
                while rx.try_recv().is_ok() {} // a late second message of the last turn
                let t0 = Instant::now();
                let ok = (200..300).contains(&post_update(&client, &hook, body).await);
                assert!(ok, "webhook refused an update");
                if tokio::time::timeout(Duration::from_secs(120), rx.recv())
                    .await
                    .is_err()
                {
                    took.push(Duration::from_secs(120));
                    break;
                }
                took.push(t0.elapsed());
            }
            took
        });
    }
    let mut all = vec![];
    while let Some(Ok(took)) = tasks.join_next().await {
        all.extend(took);
    }
    let wall = started.elapsed();
    let phases = contigo_bot::intake::phases::totals().since(&phases_before);
    let cpu = usage().cpu - used_before.cpu;
    let server = server_cpu(url).saturating_sub(server_before);
    poller.abort();
    // The bot's own part of each answer: from the claim to the turn committed (the
    // `turn_seconds` histogram's mean), apart from the waits in line before and after.
    let metrics = app.metrics.render();
    let sum_of = |name: &str| -> f64 {
        metrics
            .lines()
            .filter(|l| l.contains(name) && l.contains("telegram"))
            .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
            .sum()
    };
    let (turn_sum, turn_count) = (sum_of("turn_seconds_sum"), sum_of("turn_seconds_count"));
    running.stop().await;
    all.sort();
    let at = |q: f64| {
        all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Stepping {
        p50: at(0.50),
        p99: at(0.99),
        max: all.last().copied().unwrap_or_default(),
        answers: all.len(),
        wall,
        turn_mean: Duration::from_secs_f64(if turn_count > 0.0 {
            turn_sum / turn_count
        } else {
            0.0
        }),
        turns: turn_count,
        phases,
        cpu,
        server,
    }
}

/// What the stepping run measured.
struct Stepping {
    p50: Duration,
    p99: Duration,
    /// The slowest answer (a chat kept waiting shows here, not in the p99).
    max: Duration,
    /// Answers waited for, and the run's wall time: the throughput.
    answers: usize,
    wall: Duration,
    /// The bot's own part of a turn (claim to commit), mean, over `turns` turns.
    turn_mean: Duration,
    turns: f64,
    /// Where the turns' time went (summed over them), and the process's CPU time.
    phases: contigo_bot::intake::phases::Totals,
    cpu: Duration,
    /// PostgreSQL: the CPU time of the server processes serving this run's database
    /// (zero on SQLite, whose work is in the process's own CPU).
    server: Duration,
}

/// The CPU time so far of the PostgreSQL server processes connected to the database
/// of `url` (on this machine, as `/proc` shows them: "postgres: user db host
/// state"); zero for SQLite or a server elsewhere. A process that ended is no longer
/// counted, so read it while the run's connections are open.
fn server_cpu(url: &str) -> Duration {
    if url.starts_with("sqlite:") {
        return Duration::ZERO;
    }
    let db = url.rsplit('/').next().unwrap_or_default();
    let db = db.split('?').next().unwrap_or_default();
    // SAFETY: sysconf has no preconditions.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    let mut total = 0u64;
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let path = entry.path();
        let Ok(cmdline) = std::fs::read(path.join("cmdline")) else {
            continue;
        };
        let cmdline = String::from_utf8_lossy(&cmdline);
        if !cmdline.starts_with("postgres: ") || !cmdline.split(' ').any(|w| w == db) {
            continue;
        }
        let Ok(stat) = std::fs::read_to_string(path.join("stat")) else {
            continue;
        };
        // After the command's closing parenthesis: state is field 3, utime 14, stime 15.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map(|(_, rest)| rest.split_whitespace().collect())
            .unwrap_or_default();
        let field = |n: usize| fields.get(n - 3).and_then(|f| f.parse::<u64>().ok());
        total += field(14).unwrap_or(0) + field(15).unwrap_or(0);
    }
    Duration::from_secs_f64(total as f64 / ticks)
}

/// A floor's database file for the run `run`: one of its own for each floor, plain
/// or with the same replies (an earlier floor's connection may outlive its server and
/// remove the next one's WAL as it closes).
fn floor_file(dir: &std::path::Path, run: &str, same: bool) -> std::path::PathBuf {
    let kind = if same { "same" } else { "plain" };
    dir.join(format!("floor-{run}-{kind}-{}.db", std::process::id()))
}

/// The floor (`support/floor.rs`), on the same client and fake: plain, or with
/// `replies` sending what the application sends.
async fn run_floor(
    dir: &std::path::Path,
    chats: usize,
    turns: usize,
    replies: Option<Arc<Replies>>,
) -> Measure {
    let tg = FakeTelegram::start().await;
    let path = floor_file(dir, &format!("{chats}"), replies.is_some());
    let floor = Floor::start(&path, &tg, replies).await;
    let load = updates(&tg, 5_000_000, chats, turns);
    let (before, started) = (usage(), Instant::now());
    post_all(floor.url(), load).await;
    let wall = started.elapsed();
    let after = usage();
    drop(floor);
    Measure {
        turns,
        wall,
        cpu: after.cpu - before.cpu,
        switches: after.switches - before.switches,
        sent: 0,
    }
}

/// One chat stepping through the script, each update posted once the answers to the
/// last one came (closed loop, as a person types): `calls(step)` is how many Bot API
/// calls answer the chat's `step`-th update (the same counts on every side: the
/// application's, recorded by `app_replies`). The like-for-like 1-chat cost, where
/// the open 1-chat run posts every update at once and the flood rule drops replies.
/// One pass through the script first, unmeasured (statements prepared, connections
/// opened), and a pause for what the last run left running to end.
async fn step_closed(
    tg: &FakeTelegram,
    hook: &str,
    steps: usize,
    calls: impl Fn(usize) -> usize,
) -> Measure {
    let warm = SCRIPT.len();
    let user = TgUser::new(4_000_000, "Bench");
    let bodies: Vec<Vec<u8>> = (0..warm + steps)
        .map(|step| {
            let id = tg.send_text(&user, SCRIPT[step % SCRIPT.len()]);
            tg.update_json(id).to_string().into_bytes()
        })
        .collect();
    let client = reqwest::Client::new();
    let mut expected = tg.calls();
    let mut window = None;
    for (step, body) in bodies.into_iter().enumerate() {
        if step == warm {
            tokio::time::sleep(Duration::from_millis(300)).await;
            window = Some((usage(), Instant::now(), expected));
        }
        let ok = (200..300).contains(&post_update(&client, hook, body).await);
        assert!(ok, "an update refused");
        let answer = calls(step);
        assert!(answer > 0, "step {step} has no answer to wait for");
        expected += answer;
        let answered = tg.wait_calls(expected, Duration::from_secs(10)).await;
        assert!(answered, "step {step} not answered within 10 s");
    }
    let (wall, after) = (Instant::now(), usage());
    let (before, started, from) = window.expect("steps measured");
    // A call more than recorded would have let a step's wait end early (the loop no
    // longer closed): none may have come.
    let sent = tg.calls() - from;
    assert_eq!(sent, expected - from, "calls other than the recorded ones");
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals().first());
    Measure {
        turns: steps,
        wall: wall - started,
        cpu: after.cpu - before.cpu,
        switches: after.switches - before.switches,
        sent,
    }
}

/// [`step_closed`] on the application.
async fn closed_app(url: &str, dir: &std::path::Path, steps: usize, replies: &Replies) -> Measure {
    let tg = FakeTelegram::start().await;
    let app = App::build(settings(url, dir, &tg.api_url(), true), Clock::system())
        .await
        .expect("app");
    let (running, hook) = start(&app).await;
    while tg.webhook_url().is_none() {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let m = step_closed(&tg, &hook, steps, |step| replies.for_step(step).len()).await;
    running.stop().await;
    // The claims that rode the door's and the turns' commits (SQLite), warm-up included.
    let r = app.store.riding_claims();
    let all = (steps + SCRIPT.len()) as f64;
    println!(
        "  (a run of the application: {:.2} events claimed by the door's commit and {:.2} \
         replies by a turn's commit a step)",
        r.door_events as f64 / all,
        r.turn_rows as f64 / all
    );
    m
}

/// [`step_closed`] on the floor, plain or with `replies` sending what the
/// application sends.
async fn closed_floor(
    dir: &std::path::Path,
    steps: usize,
    replies: Option<Arc<Replies>>,
) -> Measure {
    let tg = FakeTelegram::start().await;
    let path = floor_file(dir, "closed", replies.is_some());
    let floor = Floor::start(&path, &tg, replies.clone()).await;
    let calls = |step| replies.as_ref().map_or(1, |r| r.for_step(step).len());
    let m = step_closed(&tg, floor.url(), steps, calls).await;
    drop(floor);
    m
}

/// The medians of a side's closed-loop runs (the machine's noise moves a single
/// run by a fifth), and the range of its CPU a turn.
struct Medians {
    cpu_us: f64,
    lowest: f64,
    highest: f64,
    step_ms: f64,
    switches: f64,
    sent: f64,
}

impl Medians {
    fn of(runs: &[Measure]) -> Self {
        let median = |f: &dyn Fn(&Measure) -> f64| {
            let mut v: Vec<f64> = runs.iter().map(f).collect();
            v.sort_by(f64::total_cmp);
            match v.len() {
                0 => f64::NAN,
                n if n % 2 == 1 => v[n / 2],
                n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
            }
        };
        let cpu: Vec<f64> = runs.iter().map(Measure::cpu_us).collect();
        Self {
            cpu_us: median(&|m| m.cpu_us()),
            lowest: cpu.iter().copied().fold(f64::INFINITY, f64::min),
            highest: cpu.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            step_ms: median(&|m| m.wall.as_secs_f64() * 1e3 / m.turns as f64),
            switches: median(&|m| m.switches()),
            sent: median(&|m| m.sent()),
        }
    }
}

/// The closed loop's part of a round: `reps` times over, the two floors (unless
/// `ONLY=app`) and the application on each target (unless `ONLY=floor`), one after
/// another; then each side's medians, and the ratios of the medians.
async fn closed_round(
    round: usize,
    dir: &std::path::Path,
    targets: &[(&str, Option<String>)],
    steps: usize,
    reps: usize,
    only: &str,
    replies: &Arc<Replies>,
) {
    let (mut plain, mut same) = (vec![], vec![]);
    let mut apps: Vec<Vec<Measure>> = targets.iter().map(|_| vec![]).collect();
    for rep in 1..=reps {
        if only != "app" {
            plain.push(closed_floor(dir, steps, None).await);
            same.push(closed_floor(dir, steps, Some(replies.clone())).await);
        }
        if only == "floor" {
            continue;
        }
        for ((_, admin), runs) in targets.iter().zip(&mut apps) {
            let file = dir.join(format!("c-{round}-{rep}.db"));
            match run_url(admin.as_deref(), file).await {
                Some(url) => runs.push(closed_app(&url, dir, steps, replies).await),
                None => eprintln!("round {round}: no scratch PostgreSQL database; a run skipped"),
            }
        }
    }
    let (plain, same) = (Medians::of(&plain), Medians::of(&same));
    // Of how many runs (a PostgreSQL run may have been skipped).
    let head = |runs: usize| {
        format!(
            "1 chat, closed loop ({steps} steps, each posted once the last was answered; \
             medians of {runs})"
        )
    };
    if only == "floor" {
        println!(
            "round {round} floor      {}: {:.0} µs CPU/update ({:.0}–{:.0}), same-replies \
             {:.0} µs ({:.0}–{:.0}), {:.2} and {:.2} ms a step, {:.1} and {:.1} task \
             switches/update; load {}",
            head(reps),
            plain.cpu_us,
            plain.lowest,
            plain.highest,
            same.cpu_us,
            same.lowest,
            same.highest,
            plain.step_ms,
            same.step_ms,
            plain.switches,
            same.switches,
            load_average()
        );
        return;
    }
    for ((name, _), runs) in targets.iter().zip(&apps) {
        if runs.is_empty() {
            continue;
        }
        let m = Medians::of(runs);
        let versus = if only == "app" {
            String::new()
        } else {
            format!(
                " ({:.1}× the floor's {:.0} µs, {:.1}× the same-replies floor's {:.0} µs; \
                 floors {:.2} and {:.2} ms a step, {:.1} and {:.1} task switches)",
                m.cpu_us / plain.cpu_us,
                plain.cpu_us,
                m.cpu_us / same.cpu_us,
                same.cpu_us,
                plain.step_ms,
                same.step_ms,
                plain.switches,
                same.switches,
            )
        };
        println!(
            "round {round} {name:10} {}: {:>6.0} µs CPU/turn ({:.0}–{:.0}){versus}, \
             {:.2} ms a step, {:>5.1} task switches/turn, {:.2} sent/turn; load {}",
            head(runs.len()),
            m.cpu_us,
            m.lowest,
            m.highest,
            m.step_ms,
            m.switches,
            m.sent,
            load_average()
        );
    }
}

/// What one burst showed: when the newcomer's turn was written (its first outbox
/// row), when its first answer reached the fake, and the fake's 429s by then.
struct Burst {
    written: Option<Duration>,
    answered: Option<Duration>,
    throttled: usize,
    /// Of those 429s, how many were the newcomer's (each holds its message for the
    /// `retry_after`).
    newcomer_throttled: usize,
    sent: usize,
    /// How long the flood took to post, and where the sender stood when the
    /// newcomer's turn was written: the flood's chats with messages queued, those
    /// with one sent already, and the messages the fake had accepted.
    posting: Duration,
    at_turn: Option<(i64, i64, usize)>,
}

/// 40 chats × 50 messages posted, then a newcomer's /start.
async fn run_burst(dir: &std::path::Path, round: usize, limit: Duration) -> Burst {
    let tg = FakeTelegram::start_with(telegram::Limits {
        global_per_sec: Some(30),
        per_chat_per_sec: Some(1),
    })
    .await;
    let url = format!(
        "sqlite://{}",
        // A database of its own each round: the fake's update ids start over, and
        // a database of an earlier round would take them for redeliveries.
        dir.join(format!("burst-{}-{round}.db", std::process::id()))
            .display()
    );
    let app = App::build(settings(&url, dir, &tg.api_url(), false), Clock::system())
        .await
        .expect("app");
    let (running, hook) = start(&app).await;
    let mut flood = vec![vec![]; 40];
    for _ in 0..50 {
        for (c, bodies) in flood.iter_mut().enumerate() {
            let id = tg.send_text(&TgUser::new(6_000_000 + c as i64, "Ally"), "/ayuda");
            bodies.push(tg.update_json(id).to_string().into_bytes());
        }
    }
    let newcomer = TgUser::new(6_999_999, "Nueva");
    let id = tg.send_text(&newcomer, "/start");
    let first = tg.update_json(id).to_string().into_bytes();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let posting = Instant::now();
    post_all(&hook, flood).await;
    let posting = posting.elapsed();
    // NEWCOMER_AFTER_MS: the newcomer writes that long after the flood was posted
    // (0: at once; 3000: once every flooding chat was served, in the second round).
    let after = std::env::var("NEWCOMER_AFTER_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    tokio::time::sleep(Duration::from_millis(after)).await;
    let started = Instant::now();
    post_all(&hook, vec![vec![first]]).await;
    let (mut written, mut answered, mut at_turn) = (None, None, None);
    while started.elapsed() < limit && answered.is_none() {
        if written.is_none() {
            let row: Option<i64> = sqlx::query_scalar(
                "SELECT MIN(id) FROM outbox WHERE chat_id = $1 AND channel = 'telegram'",
            )
            .bind(newcomer.id.to_string())
            .fetch_one(&app.store.pool)
            .await
            .unwrap_or(None);
            if row.is_some() {
                written = Some(started.elapsed());
                let sent = tg.sent().len();
                let (queued, served): (i64, i64) = sqlx::query_as(
                    "SELECT COUNT(DISTINCT chat_id),
                            COUNT(DISTINCT CASE WHEN status = 'sent' THEN chat_id END)
                     FROM outbox WHERE channel = 'telegram' AND chat_id <> $1",
                )
                .bind(newcomer.id.to_string())
                .fetch_one(&app.store.pool)
                .await
                .unwrap_or((-1, -1));
                at_turn = Some((queued, served, sent));
            }
        }
        if !tg.sent_to(newcomer.id).is_empty() {
            answered = Some(started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let refused = tg.throttled();
    let newcomer_throttled = refused
        .iter()
        .filter(|r| r.chat_id == Some(newcomer.id))
        .count();
    let (throttled, sent) = (refused.len(), tg.sent().len());
    running.stop().await;
    Burst {
        written,
        answered,
        throttled,
        newcomer_throttled,
        sent,
        posting,
        at_turn,
    }
}

/// The database of a run: a new scratch database on the PostgreSQL server at
/// `admin`, or else the SQLite file `file`; `None` when the server made none.
async fn run_url(admin: Option<&str>, file: std::path::PathBuf) -> Option<String> {
    match admin {
        Some(admin) => scratch_postgres(admin).await,
        None => Some(format!("sqlite://{}", file.display())),
    }
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
    let env = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let turns = env("TURNS", 2400);
    let runs = env("RUNS", 3);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut targets = vec![("SQLite", None)];
    let admin = std::env::var("CONTIGO_BENCH_POSTGRES_URL").ok();
    if admin.is_some() {
        targets.push(("PostgreSQL", admin.clone()));
    }
    println!(
        "{turns} turns per run, {runs} rounds; load average {}",
        load_average()
    );
    // Parts to run (for a profile or an instruction count under callgrind, one part
    // alone): CHATS (a list, "1,100,1000"), ONLY=floor|app (the turns' and the
    // closed loop's runs: one side), CLOSED=0, STEPPING=0 and BURST=0 (skipped).
    let chat_counts: Vec<usize> = std::env::var("CHATS")
        .unwrap_or_else(|_| "1,100,1000".into())
        .split(',')
        .filter_map(|c| c.trim().parse().ok())
        .collect();
    let only = std::env::var("ONLY").unwrap_or_default();
    // What the application sends at each step, for the same-replies floor.
    let replies = Arc::new(app_replies(dir.path()).await);
    for round in 1..=runs {
        for &chats in &chat_counts {
            let turns = if chats == 1 { turns / 4 } else { turns };
            if only == "floor" {
                let floor = run_floor(dir.path(), chats, turns, None).await;
                println!(
                    "round {round} floor {chats:>4} chats: {:>6.0} updates/s, {:>6.0} µs CPU/update, \
                     {:.1} task switches/update; load {}",
                    floor.per_s(),
                    floor.cpu_us(),
                    floor.switches(),
                    load_average()
                );
                continue;
            }
            let floor = if only == "app" {
                None
            } else {
                let plain = run_floor(dir.path(), chats, turns, None).await;
                let same = run_floor(dir.path(), chats, turns, Some(replies.clone())).await;
                Some((plain, same))
            };
            for (name, admin) in &targets {
                let Some(url) = run_url(
                    admin.as_deref(),
                    dir.path().join(format!("t-{round}-{chats}.db")),
                )
                .await
                else {
                    continue;
                };
                let m = run_app(&url, dir.path(), chats, turns).await;
                let Some((floor, same)) = &floor else {
                    println!(
                        "round {round} {name:10} {chats:>4} chats: {:>6.0} turns/s, {:>6.0} µs \
                         CPU/turn, {:>5.1} task switches/turn, {:.2} sent/turn; load {}",
                        m.per_s(),
                        m.cpu_us(),
                        m.switches(),
                        m.sent(),
                        load_average()
                    );
                    continue;
                };
                println!(
                    "round {round} {name:10} {chats:>4} chats: {:>6.0} turns/s, {:>6.0} µs CPU/turn \
                     ({:.1}× the floor's {:.0} µs, {:.1}× the same-replies floor's {:.0} µs), \
                     {:>5.1} task switches/turn (floor {:.1}), {:.2} sent/turn; floor {:.0} updates/s; \
                     load {}",
                    m.per_s(),
                    m.cpu_us(),
                    m.cpu_us() / floor.cpu_us(),
                    floor.cpu_us(),
                    m.cpu_us() / same.cpu_us(),
                    same.cpu_us(),
                    m.switches(),
                    floor.switches(),
                    m.sent(),
                    floor.per_s(),
                    load_average()
                );
            }
        }
        let closed = env("CLOSED", turns / 4);
        if closed > 0 {
            let reps = env("CLOSED_REPS", 3).max(1);
            closed_round(round, dir.path(), &targets, closed, reps, &only, &replies).await;
        }
        let stepping = env("STEPPING", 500);
        for (name, admin) in targets.iter().filter(|_| stepping > 0) {
            let Some(url) =
                run_url(admin.as_deref(), dir.path().join(format!("s-{round}.db"))).await
            else {
                continue;
            };
            let s = run_stepping(&url, dir.path(), stepping, env("STEPS", 6)).await;
            let rate = s.answers as f64 / s.wall.as_secs_f64();
            // Little's law: with every chat always waiting for its answer, the mean
            // wait is the chats over the answers per second, whatever the wait is for.
            println!(
                "round {round} {name:10} {stepping} chats stepping at once: answer p50 {:.2?}, \
                 p99 {:.2?}, slowest {:.2?}, all in {:.2?}; {rate:.0} answers/s (so a mean wait \
                 of {:.2} s for {stepping} chats); the turn itself (claim to commit) {:.1} ms \
                 mean over {:.0} turns; load {}",
                s.p50,
                s.p99,
                s.max,
                s.wall,
                stepping as f64 / rate,
                s.turn_mean.as_secs_f64() * 1e3,
                s.turns,
                load_average()
            );
            let p = &s.phases;
            let per = |d: Duration| d.as_secs_f64() * 1e3 / p.turns.max(1) as f64;
            println!(
                "round {round} {name:10} {stepping} chats, per turn (ms): waiting for the \
                 writer {:.2}, first round trip {:.3}, engine {:.3}, last round trip {:.3}, \
                 group commit {:.3}; writer held {:.3} ms/turn ({:.0} % of the wall time); \
                 {} turns in {} commits; CPU {:.0} µs per answer (the database server's \
                 {:.0} µs more)",
                per(p.wait),
                per(p.open),
                per(p.engine),
                per(p.write),
                per(p.commit),
                p.held_per_turn().as_secs_f64() * 1e3,
                100.0 * p.held_per_turn().as_secs_f64() * p.turns as f64 / s.wall.as_secs_f64(),
                p.turns,
                p.commits,
                s.cpu.as_secs_f64() * 1e6 / s.answers.max(1) as f64,
                s.server.as_secs_f64() * 1e6 / s.answers.max(1) as f64,
            );
        }
        if env("BURST", 1) == 0 {
            continue;
        }
        let limit = Duration::from_secs(env("BURST_SECS", 120) as u64);
        let b = run_burst(dir.path(), round, limit).await;
        let show = |d: Option<Duration>| d.map_or(format!("> {limit:?}"), |d| format!("{d:.2?}"));
        let (queued, served, sent) = b.at_turn.unwrap_or((-1, -1, 0));
        println!(
            "round {round} burst 40 × 50 on the Telegram fake: newcomer's turn written after {}, \
             its answer received after {} ({} messages sent and {} answered 429 by then, \
             {} of them the newcomer's); the flood posted in {:.2?}; at the newcomer's turn {queued} flooding chats had \
             messages queued, {served} of them one sent, {sent} messages sent; load {}",
            show(b.written),
            show(b.answered),
            b.sent,
            b.throttled,
            b.newcomer_throttled,
            b.posting,
            load_average()
        );
    }
}
