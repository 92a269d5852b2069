//! The knowledge base measured on questions as rural allies type them
//! (`benches/kb/dev.tsv`, tuned on; `benches/kb/heldout.tsv`, never tuned on), each
//! run through the whole engine at the top level of a fresh terminal chat, as a
//! person would type it after opening the chat.
//!
//! For each part it prints: right entry answered (top-1), right entry among the 3
//! best ranked (top-3), "none" questions sent to a person, questions taken as a
//! menu action or another flow (no knowledge-base answer at all), and answers given
//! confidently but wrong; then the time of each answer and the held-out questions
//! that still fail, with what the engine did.
//!
//! `cargo bench --bench kb` (SQLite in a scratch folder; `--profile dev` builds in a
//! fraction of the time, and its times are then those of a debug build).

use std::time::{Duration, Instant};

use contigo_bot::app::App;
use contigo_bot::clock::Clock;
use contigo_bot::config::Settings;
use contigo_bot::domain::kb::evaluation_set as parse;
use contigo_bot::message::{Channel, ChatRef, Inbound};
use sqlx::Row;

const DEV: &str = include_str!("kb/dev.tsv");
const HELD_OUT: &str = include_str!("kb/heldout.tsv");

/// What the engine did with a question typed at the top level.
#[derive(Debug, Clone, PartialEq)]
enum Reply {
    /// One entry answered it.
    Answer(String),
    /// A few titles offered to pick from.
    Titles,
    /// A person offered (nothing fits).
    Person,
    /// No knowledge-base lookup at all: a menu action or another flow (what the
    /// conversation ended in).
    Other(String),
}

/// The chat's conversation state after the turn, by its kind ("idle", "registering"…).
async fn state_of(app: &App, chat: &ChatRef) -> String {
    let row = sqlx::query("SELECT state FROM conversations WHERE channel = $1 AND chat_id = $2")
        .bind(chat.channel.as_str())
        .bind(&chat.chat_id)
        .fetch_optional(&app.store.pool)
        .await
        .expect("state");
    let state: String = row.map(|r| r.get("state")).unwrap_or_default();
    let value: serde_json::Value = serde_json::from_str(&state).unwrap_or_default();
    value["state"]["flow"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| state.chars().take(60).collect())
}

/// Runs one question in a fresh chat; what the engine did and how long it took.
async fn ask(app: &App, n: usize, question: &str) -> (Reply, Duration) {
    let chat = ChatRef {
        channel: Channel::Terminal,
        chat_id: format!("kb-bench-{n}"),
        lang_hint: Some("es".into()),
    };
    let started = Instant::now();
    let mut tx = app.store.begin().await.expect("tx");
    app.engine
        .handle(&mut tx, &chat, Inbound::Text(question.into()))
        .await
        .expect("turn");
    tx.commit().await.expect("commit");
    let took = started.elapsed();
    let row = sqlx::query(
        "SELECT outcome, entry_id FROM kb_questions WHERE channel = $1 AND chat_id = $2 \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(chat.channel.as_str())
    .bind(&chat.chat_id)
    .fetch_optional(&app.store.pool)
    .await
    .expect("question");
    let reply = match row {
        None => Reply::Other(state_of(app, &chat).await),
        Some(r) => {
            let outcome: String = r.get("outcome");
            let entry: Option<String> = r.get("entry_id");
            match (outcome.as_str(), entry) {
                ("answered", Some(e)) => Reply::Answer(e),
                ("unclear", _) => Reply::Titles,
                _ => Reply::Person,
            }
        }
    };
    (reply, took)
}

struct Part {
    name: &'static str,
    questions: usize,
    answerable: usize,
    top1: usize,
    top3: usize,
    nones: usize,
    nones_to_person: usize,
    taken_as_menu: usize,
    confidently_wrong: usize,
    failures: Vec<String>,
    times: Vec<Duration>,
}

async fn measure(app: &App, name: &'static str, set: &str, offset: usize) -> Part {
    let kb = app.engine.kb.current();
    let mut p = Part {
        name,
        questions: 0,
        answerable: 0,
        top1: 0,
        top3: 0,
        nones: 0,
        nones_to_person: 0,
        taken_as_menu: 0,
        confidently_wrong: 0,
        failures: vec![],
        times: vec![],
    };
    for (i, (question, want)) in parse(set).into_iter().enumerate() {
        p.questions += 1;
        let (reply, took) = ask(app, offset + i, question).await;
        p.times.push(took);
        let ranked: Vec<String> = kb
            .ranking("es", question)
            .ranked
            .into_iter()
            .take(3)
            .map(|(id, _)| id)
            .collect();
        let ok = match (&reply, want.is_empty()) {
            // A question only a person can answer, where the person asked to talk
            // with someone and the chat opened a consulta with a specialist: that is
            // the person, not a menu action taken by mistake.
            (Reply::Other(flow), true) if flow == "ticket" => {
                p.nones_to_person += 1;
                true
            }
            (Reply::Other(_), _) => {
                p.taken_as_menu += 1;
                false
            }
            (Reply::Person, true) => {
                p.nones_to_person += 1;
                true
            }
            (Reply::Answer(_), true) => {
                p.confidently_wrong += 1;
                false
            }
            (_, true) => false,
            (Reply::Answer(got), false) if want.contains(&got.as_str()) => true,
            (Reply::Answer(_), false) => {
                p.confidently_wrong += 1;
                false
            }
            _ => false,
        };
        if want.is_empty() {
            p.nones += 1;
        } else {
            p.answerable += 1;
            if ok {
                p.top1 += 1;
            }
            if ranked.iter().any(|r| want.contains(&r.as_str())) {
                p.top3 += 1;
            }
        }
        if !ok {
            let want = if want.is_empty() {
                "none".to_owned()
            } else {
                want.join("|")
            };
            p.failures.push(format!(
                "{question:?} want {want}: {reply:?}; ranked {ranked:?}"
            ));
        }
    }
    p
}

fn pct(a: usize, b: usize) -> f64 {
    100.0 * a as f64 / b.max(1) as f64
}

fn print(p: &Part) {
    let mut times = p.times.clone();
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "{}: {} questions ({} with an entry, {} \"none\")",
        p.name, p.questions, p.answerable, p.nones
    );
    println!(
        "  top-1 (answered with its entry): {}/{} = {:.1} %",
        p.top1,
        p.answerable,
        pct(p.top1, p.answerable)
    );
    println!(
        "  top-3 (its entry among the 3 best ranked): {}/{} = {:.1} %",
        p.top3,
        p.answerable,
        pct(p.top3, p.answerable)
    );
    println!(
        "  \"none\" sent to a person: {}/{}",
        p.nones_to_person, p.nones
    );
    println!(
        "  taken as a menu action or another flow: {}",
        p.taken_as_menu
    );
    println!(
        "  answered confidently but wrong: {}/{} = {:.1} %",
        p.confidently_wrong,
        p.questions,
        pct(p.confidently_wrong, p.questions)
    );
    println!(
        "  per answer (fresh terminal chat, whole turn): median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        at(0.5).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3,
        times.last().map_or(0.0, |t| t.as_secs_f64() * 1e3)
    );
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut settings = Settings::default();
    settings.database.url = format!("sqlite://{}/kb.db", dir.path().display());
    settings.storage.dir = dir.path().join("files");
    settings.kb.dir = dir.path().join("kb");
    let app = App::build(settings, Clock::system()).await.expect("app");
    // A first turn warms the connection pool and the statement cache.
    ask(&app, 999_999, "hola").await;
    let dev = measure(&app, "dev", DEV, 0).await;
    let held = measure(&app, "held-out", HELD_OUT, 10_000).await;
    print(&dev);
    print(&held);
    println!("held-out questions that still fail:");
    for f in &held.failures {
        println!("  {f}");
    }
    println!("dev questions that still fail:");
    for f in &dev.failures {
        println!("  {f}");
    }
    app.store.close().await;
}
