//! The cost of the sender's claim with 100, 10,000 and 50,000 chats messaged in the
//! last minute (32 of them with a message waiting; then all of them waiting, a
//! broadcast), on SQLite and on PostgreSQL (`CONTIGO_BENCH_POSTGRES_URL`, default
//! postgres://postgres@127.0.0.1:5432/postgres). Prints claims per second of the
//! claim before issue 29 (every chat of the last minute in `outbox_chats`, each
//! one's head found by a `MIN(id)` subquery, oldest head first) and of today's (chats
//! take turns by the index `outbox_chats_turn`; a chat leaves once its last message
//! is sent), each claim of up to 32 heads followed by giving them back (one
//! statement before, one transaction after). The claim alone is timed, and whole
//! cycles with the give-back too.
//!
//! `cargo bench --bench outbox_claim` (CLAIMS=200 claims per measure; `--profile dev`
//! for a debug build).

use std::time::{Duration, Instant};

use contigo_bot::message::Channel;
use contigo_bot::store::outbox;
use contigo_bot::store::{Backend, Store};
use sqlx::Row;

const WAITING: usize = 32;
const LIMIT: i64 = 32;

/// The claim as it was: over every chat of the last minute.
async fn claim_before(store: &Store, now: i64) -> Vec<i64> {
    let lock = match store.backend {
        Backend::Postgres => "FOR UPDATE OF o SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let due = "((o.status = 'pending' AND o.available_at <= $2)
                OR (o.status = 'sending' AND o.claimed_until < $2))";
    let due_again = due.replace("o.", "");
    let sql = format!(
        "UPDATE outbox SET status = 'sending', claimed_until = $3 WHERE id IN (
            SELECT o.id FROM outbox_chats c
            JOIN outbox o ON o.id = (
                SELECT MIN(p.id) FROM outbox p
                WHERE p.channel = c.channel AND p.chat_id = c.chat_id
                  AND p.status IN ('pending', 'sending'))
            WHERE c.channel = $1 AND {due}
            ORDER BY o.id LIMIT $4 {lock})
         AND {due_again}
         RETURNING id"
    );
    sqlx::query(&sql)
        .bind("telegram")
        .bind(now)
        .bind(now + 60)
        .bind(LIMIT)
        .fetch_all(&store.pool)
        .await
        .expect("claim before")
        .iter()
        .map(|r| r.get::<i64, _>("id"))
        .collect()
}

/// Gives a claim's rows back in one statement (not timed).
async fn give_back_before(store: &Store, ids: &[i64]) {
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    sqlx::query(&format!(
        "UPDATE outbox SET status = 'pending', claimed_until = NULL WHERE id IN ({})",
        list.join(", ")
    ))
    .execute(&store.pool)
    .await
    .expect("give back");
}

/// `chats` chats messaged a minute ago (delivered), `waiting` of them with a message
/// waiting now.
async fn fill(store: &Store, chats: usize, waiting: usize, now: i64) {
    sqlx::query("DELETE FROM outbox_chats")
        .execute(&store.pool)
        .await
        .expect("clear");
    sqlx::query("DELETE FROM outbox")
        .execute(&store.pool)
        .await
        .expect("clear");
    let mut tx = store.begin().await.expect("tx");
    for chunk in (0..chats).collect::<Vec<_>>().chunks(500) {
        let values: Vec<String> = chunk
            .iter()
            .map(|c| {
                format!(
                    "('telegram', '{}', '{{}}', 'sent', {now}, {now}, {now})",
                    800_000 + c
                )
            })
            .collect();
        sqlx::query(&format!(
            "INSERT INTO outbox (channel, chat_id, payload, status, available_at, created_at, sent_at)
             VALUES {}",
            values.join(", ")
        ))
        .execute(&mut *tx)
        .await
        .expect("sent rows");
    }
    tx.commit().await.expect("commit");
    let mut tx = store.begin().await.expect("tx");
    for c in 0..waiting {
        let chat = (800_000 + c).to_string();
        let chat =
            contigo_bot::message::ChatKey::new(contigo_bot::message::Channel::Telegram, &chat);
        outbox::enqueue(&mut tx, chat, "{}", now)
            .await
            .expect("enqueue");
    }
    tx.commit().await.expect("commit");
}

/// Claims per second, before and after: the time of the claims alone (each claim's
/// rows are given back after it, untimed: the sender sends them instead), and of
/// whole cycles with the give-back, as the figures of issue 29 were first taken.
struct Rates {
    before: f64,
    after: f64,
    before_cycle: f64,
    after_cycle: f64,
}

async fn measure(store: &Store, chats: usize, waiting: usize, claims: usize) -> Rates {
    let now = chrono::Utc::now().timestamp();
    fill(store, chats, waiting, now).await;
    // Before: the chats of the last minute stayed listed until a sweep.
    sqlx::query(
        "INSERT INTO outbox_chats (channel, chat_id)
         SELECT DISTINCT channel, chat_id FROM outbox WHERE true
         ON CONFLICT (channel, chat_id) DO NOTHING",
    )
    .execute(&store.pool)
    .await
    .expect("list every chat");
    let (mut claiming, started) = (Duration::ZERO, Instant::now());
    for _ in 0..claims {
        let t = Instant::now();
        let ids = claim_before(store, now).await;
        claiming += t.elapsed();
        assert!(!ids.is_empty());
        give_back_before(store, &ids).await;
    }
    let before = claims as f64 / claiming.as_secs_f64();
    let before_cycle = claims as f64 / started.elapsed().as_secs_f64();
    // Today: a chat leaves the set once its last message is sent.
    let ms = chrono::Utc::now().timestamp_millis();
    outbox::sweep_chats(store, ms).await.expect("sweep");
    let (mut claiming, started) = (Duration::ZERO, Instant::now());
    for _ in 0..claims {
        let ms = chrono::Utc::now().timestamp_millis();
        let t = Instant::now();
        let rows = outbox::claim(store, Channel::Telegram, ms, 60, LIMIT)
            .await
            .expect("claim");
        claiming += t.elapsed();
        assert!(!rows.is_empty());
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        outbox::release_all(store, &ids).await.expect("give back");
    }
    Rates {
        before,
        after: claims as f64 / claiming.as_secs_f64(),
        before_cycle,
        after_cycle: claims as f64 / started.elapsed().as_secs_f64(),
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn print(name: &str, chats: usize, what: &str, r: &Rates) {
    println!(
        "{name}: {chats:>6} chats, {what}: claim alone before {:>6.0}/s after {:>6.0}/s; \
         with the give-back before {:>6.0}/s after {:>6.0}/s; load average {}",
        r.before,
        r.after,
        r.before_cycle,
        r.after_cycle,
        load_average()
    );
}

async fn run(name: &str, url: &str, claims: usize) {
    let store = Store::connect(url, 4).await.expect("connect");
    store.migrate().await.expect("migrate");
    for chats in [100, 10_000, 50_000] {
        let r = measure(&store, chats, WAITING, claims).await;
        print(name, chats, &format!("{WAITING} waiting"), &r);
    }
    for chats in [100, 10_000, 50_000] {
        let r = measure(&store, chats, chats, claims).await;
        print(name, chats, "all waiting (a broadcast)", &r);
    }
    store.close().await;
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    use sqlx::Connection;
    let claims: usize = std::env::var("CLAIMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().expect("temp dir");
    run(
        "SQLite",
        &format!("sqlite://{}", dir.path().join("bench.db").display()),
        claims,
    )
    .await;
    let admin = std::env::var("CONTIGO_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("contigo_bench_claim_{}", std::process::id());
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
    run("PostgreSQL", &format!("{base}/{name}"), claims).await;
    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut conn)
        .await;
}
