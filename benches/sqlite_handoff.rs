//! What one SQLite round trip costs, in CPU (`getrusage`, the whole process) and task
//! switches, for the same batch of statements (`BEGIN IMMEDIATE`, an insert, an
//! update, a count, `COMMIT`), one task waiting for each before the next (issue 27):
//!
//! - through the store's pool (sqlx's `Any` driver, which runs a SQLite connection
//!   on a thread of its own and streams each statement's result and each row back
//!   as a message of its own);
//! - the store's writer taken from its pool and given back with no statement (sqlx
//!   pings a connection on its thread as it comes back), and taken as the store's
//!   hot path takes it (`store::keep`: kept between its users, no ping);
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

/// Runs `round_trip` `n` times, one after another, and prints what each cost.
async fn measure(label: &str, n: usize, mut round_trip: impl AsyncFnMut(usize)) {
    let (c0, s0) = usage();
    let at = Instant::now();
    for i in 0..n {
        round_trip(i).await;
    }
    let (c1, s1) = usage();
    println!(
        "{label}: {:.1} µs CPU a round trip, {:.2} switches, {:.1} µs wall",
        (c1 - c0) / n as f64,
        (s1 - s0) as f64 / n as f64,
        at.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}

/// The chat of round trip `i` (100 chats in turn).
fn chat_of(i: usize) -> String {
    (i % 100).to_string()
}

/// A rusqlite connection to `path`, in WAL as the store's, with the table.
fn rusqlite_at(path: &std::path::Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(path).expect("probe");
    c.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
        .expect("probe");
    c.execute_batch(SCHEMA).expect("probe");
    c
}

/// [`BATCH`]'s statements on `c`, prepared once and kept; the count.
fn rusqlite_batch(c: &rusqlite::Connection, chat: &str, body: &str, i: i64) -> i64 {
    c.execute_batch("BEGIN IMMEDIATE").expect("probe");
    c.prepare_cached("INSERT INTO t (chat, body, n) VALUES (?1, ?2, ?3)")
        .expect("probe")
        .execute(rusqlite::params![chat, body, i])
        .expect("probe");
    c.prepare_cached("UPDATE t SET n = n + 1 WHERE chat = ?1 AND id = last_insert_rowid()")
        .expect("probe")
        .execute(rusqlite::params![chat])
        .expect("probe");
    let count = c
        .prepare_cached("SELECT COUNT(*) FROM t WHERE chat = ?1")
        .expect("probe")
        .query_row(rusqlite::params![chat], |r| r.get(0))
        .expect("probe");
    c.execute_batch("COMMIT").expect("probe");
    count
}

/// [`BATCH`] through sqlx on `pool`, one call.
async fn sqlx_batch<'c, E>(pool: E, chat: &str, body: &str, i: usize)
where
    E: sqlx::Executor<'c>,
    for<'q> <E::Database as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, E::Database>,
    for<'q> &'q str: sqlx::Encode<'q, E::Database> + sqlx::Type<E::Database>,
    i64: for<'q> sqlx::Encode<'q, E::Database> + sqlx::Type<E::Database>,
{
    let rows = sqlx::query(BATCH)
        .bind(chat)
        .bind(body)
        .bind(i as i64)
        .fetch_all(pool)
        .await
        .expect("probe");
    assert_eq!(rows.len(), 1);
}

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
    measure("the store's pool (sqlx, Any, its thread)", n, async |i| {
        sqlx_batch(&store.pool, &chat_of(i), &body, i).await
    })
    .await;
    // The writer taken and given back, no statement: sqlx pings a connection on its
    // thread as it comes back to the pool (what the hot path still pays each time it
    // takes the writer, its batches now run on the caller's thread).
    measure(
        "the store's writer taken and given back (sqlx's ping)",
        n,
        async |_| drop(store.pool.acquire().await.expect("probe")),
    )
    .await;
    measure(
        "the store's writer taken and given back by its hot path (kept)",
        n,
        async |_| {
            store.writer_taken_and_given_back().await.expect("probe");
            // As the hot path's users, each a task of its own, come one after another.
            tokio::task::yield_now().await;
        },
    )
    .await;
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
    measure("sqlx's SQLite driver (no Any, its thread)", n, async |i| {
        sqlx_batch(&native, &chat_of(i), &body, i).await
    })
    .await;
    // The same batch on a dedicated thread, one hand-off a batch (what a store that
    // runs a whole batch on its connection's thread would pay).
    type Job = (String, i64, tokio::sync::oneshot::Sender<i64>);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Job>();
    let (path, thread_body) = (dir.path().join("c.db"), body.clone());
    let worker = std::thread::spawn(move || {
        let c = rusqlite_at(&path);
        while let Some((chat, i, done)) = rx.blocking_recv() {
            let _ = done.send(rusqlite_batch(&c, &chat, &thread_body, i));
        }
    });
    measure(
        "rusqlite (its own thread, one hand-off a batch)",
        n,
        async |i| {
            let (done, got) = tokio::sync::oneshot::channel();
            tx.send((chat_of(i), i as i64, done)).expect("probe");
            got.await.expect("probe");
        },
    )
    .await;
    drop(tx);
    worker.join().expect("probe");
    // rusqlite on the caller's thread (a tokio worker), the same statements.
    let conn = rusqlite_at(&dir.path().join("b.db"));
    measure("rusqlite (caller's thread)", n, async |i| {
        tokio::task::yield_now().await;
        rusqlite_batch(&conn, &chat_of(i), &body, i as i64);
    })
    .await;
}
