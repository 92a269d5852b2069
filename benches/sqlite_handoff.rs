//! What one SQLite round trip costs, in CPU (`getrusage`, the whole process) and task
//! switches, for the same batch of statements (`BEGIN IMMEDIATE`, an insert, an
//! update, a count, `COMMIT`), one task waiting for each before the next (issue 27):
//!
//! - through the store's pool (sqlx's `Any` driver, which runs a SQLite connection
//!   on a thread of its own and streams each statement's result and each row back
//!   as a message of its own);
//! - through sqlx's own SQLite driver (no `Any`), the same way;
//! - with rusqlite on a thread of its own, the whole batch handed over once and its
//!   answer handed back once;
//! - with rusqlite on the caller's thread (a tokio worker), as the floor of `turns`
//!   writes.
//!
//! `N` round trips each (20,000). What a store that runs a batch in one hand-off, or
//! on the caller's thread, would save a round trip.
use std::time::Instant;

/// CPU microseconds (user and system) and task switches of the process so far.
fn usage() -> (f64, i64) {
    // SAFETY: getrusage fills the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let t = |tv: libc::timeval| tv.tv_sec as f64 * 1e6 + tv.tv_usec as f64;
    (t(u.ru_utime) + t(u.ru_stime), u.ru_nvcsw + u.ru_nivcsw)
}

const SCHEMA: &str =
    "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, chat TEXT, body TEXT, n INTEGER);
CREATE INDEX IF NOT EXISTS t_chat ON t (chat, n)";
const BATCH: &str = "BEGIN IMMEDIATE;
INSERT INTO t (chat, body, n) VALUES ($1, $2, $3);
UPDATE t SET n = n + 1 WHERE chat = $1 AND id = last_insert_rowid();
SELECT COUNT(*) AS c FROM t WHERE chat = $1;
COMMIT";

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20000);
    let dir = tempfile::tempdir().expect("probe");
    let body = "x".repeat(300);
    contigo_bot::allocator::no_huge_pages();
    // sqlx through the store (its writer pool: one connection, its own thread).
    let url = format!("sqlite://{}", dir.path().join("a.db").display());
    let store = contigo_bot::store::Store::connect(&url, 2)
        .await
        .expect("probe");
    for s in SCHEMA.split(';') {
        sqlx::query(s).execute(&store.pool).await.expect("probe");
    }
    let (c0, s0) = usage();
    let at = Instant::now();
    for i in 0..n {
        let chat = format!("{}", i % 100);
        let rows = sqlx::query(BATCH)
            .bind(chat.as_str())
            .bind(body.as_str())
            .bind(i as i64)
            .fetch_all(&store.pool)
            .await
            .expect("probe");
        assert_eq!(rows.len(), 1);
    }
    let (c1, s1) = usage();
    println!(
        "the store's pool (sqlx, Any, its thread): {:.1} µs CPU a round trip, {:.2} switches, {:.1} µs wall",
        (c1 - c0) / n as f64,
        (s1 - s0) as f64 / n as f64,
        at.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    // sqlx's own SQLite driver, without `Any`.
    let native = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            sqlx::sqlite::SqliteConnectOptions::new()
                .filename(dir.path().join("d.db"))
                .create_if_missing(true)
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sqlx::sqlite::SqliteSynchronous::Normal),
        )
        .await
        .expect("probe");
    for s in SCHEMA.split(';') {
        sqlx::query(s).execute(&native).await.expect("probe");
    }
    let (c0, s0) = usage();
    let at = Instant::now();
    for i in 0..n {
        let chat = format!("{}", i % 100);
        let rows = sqlx::query(BATCH)
            .bind(chat.as_str())
            .bind(body.as_str())
            .bind(i as i64)
            .fetch_all(&native)
            .await
            .expect("probe");
        assert_eq!(rows.len(), 1);
    }
    let (c1, s1) = usage();
    println!(
        "sqlx's SQLite driver (no Any, its thread): {:.1} µs CPU a round trip, {:.2} switches, {:.1} µs wall",
        (c1 - c0) / n as f64,
        (s1 - s0) as f64 / n as f64,
        at.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    // The same batch on a dedicated thread, one hand-off a batch (what a store that
    // runs a whole batch on its connection's thread would pay).
    let (tx, mut rx) =
        tokio::sync::mpsc::unbounded_channel::<(String, i64, tokio::sync::oneshot::Sender<i64>)>();
    let path = dir.path().join("c.db");
    let body2 = body.clone();
    let worker = std::thread::spawn(move || {
        let c = rusqlite::Connection::open(path).expect("probe");
        c.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
            .expect("probe");
        c.execute_batch(SCHEMA).expect("probe");
        while let Some((chat, i, done)) = rx.blocking_recv() {
            c.execute_batch("BEGIN IMMEDIATE").expect("probe");
            c.prepare_cached("INSERT INTO t (chat, body, n) VALUES (?1, ?2, ?3)")
                .expect("probe")
                .execute(rusqlite::params![chat, body2, i])
                .expect("probe");
            c.prepare_cached("UPDATE t SET n = n + 1 WHERE chat = ?1 AND id = last_insert_rowid()")
                .expect("probe")
                .execute(rusqlite::params![chat])
                .expect("probe");
            let k: i64 = c
                .prepare_cached("SELECT COUNT(*) FROM t WHERE chat = ?1")
                .expect("probe")
                .query_row(rusqlite::params![chat], |r| r.get(0))
                .expect("probe");
            c.execute_batch("COMMIT").expect("probe");
            let _ = done.send(k);
        }
    });
    let (c0, s0) = usage();
    let at = Instant::now();
    for i in 0..n {
        let (done, got) = tokio::sync::oneshot::channel();
        tx.send((format!("{}", i % 100), i as i64, done))
            .expect("probe");
        got.await.expect("probe");
    }
    let (c1, s1) = usage();
    println!(
        "rusqlite (its own thread, one hand-off a batch): {:.1} µs CPU a round trip, {:.2} switches, {:.1} µs wall",
        (c1 - c0) / n as f64,
        (s1 - s0) as f64 / n as f64,
        at.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    drop(tx);
    worker.join().expect("probe");
    // rusqlite on the caller's thread (a tokio worker), the same statements.
    let conn = rusqlite::Connection::open(dir.path().join("b.db")).expect("probe");
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
        .expect("probe");
    conn.execute_batch(SCHEMA).expect("probe");
    let conn = std::sync::Mutex::new(conn);
    let (c0, s0) = usage();
    let at = Instant::now();
    for i in 0..n {
        let chat = format!("{}", i % 100);
        tokio::task::yield_now().await;
        let c = conn.lock().expect("probe");
        c.execute_batch("BEGIN IMMEDIATE").expect("probe");
        let mut ins = c
            .prepare_cached("INSERT INTO t (chat, body, n) VALUES (?1, ?2, ?3)")
            .expect("probe");
        ins.execute(rusqlite::params![chat, body, i as i64])
            .expect("probe");
        let mut up = c
            .prepare_cached("UPDATE t SET n = n + 1 WHERE chat = ?1 AND id = last_insert_rowid()")
            .expect("probe");
        up.execute(rusqlite::params![chat]).expect("probe");
        let mut q = c
            .prepare_cached("SELECT COUNT(*) FROM t WHERE chat = ?1")
            .expect("probe");
        let _: i64 = q
            .query_row(rusqlite::params![chat], |r| r.get(0))
            .expect("probe");
        c.execute_batch("COMMIT").expect("probe");
    }
    let (c1, s1) = usage();
    println!(
        "rusqlite (caller's thread): {:.1} µs CPU a round trip, {:.2} switches, {:.1} µs wall",
        (c1 - c0) / n as f64,
        (s1 - s0) as f64 / n as f64,
        at.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}
