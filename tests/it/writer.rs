//! The SQLite writer's batches run on the caller's thread (`store::inline`): on the
//! writer's own connection, in the same transaction as what the engine runs through
//! sqlx, with statements kept prepared that never stop the connection from closing,
//! and never with a tokio worker asleep waiting for a lock another connection holds.
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use contigo_bot::message::{Channel, ChatKey};
use contigo_bot::store::{Store, inbound, turn};

use crate::support::{Backend, TestDb};

/// Stores an event for each of `chats` (Telegram), through the door.
async fn stored(store: &Store, chats: &[&str]) {
    for chat in chats {
        let key = ChatKey::new(Channel::Telegram, chat);
        inbound::arrive(store, key, &format!("u{chat}"), "{}", 1_000, None)
            .await
            .expect("stored");
    }
}

/// Whether a connection of its own can take the database out of WAL mode, which
/// SQLite allows only to a connection alone with it: every other one closed. The
/// journal mode it ended in, or why not.
fn alone_with(db: &TestDb) -> Result<String, String> {
    let conn =
        rusqlite::Connection::open(db.dir.path().join("test.db")).map_err(|e| e.to_string())?;
    let mode = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| {
            r.get::<_, String>(0)
        })
        .map_err(|e| e.to_string())?;
    if mode == "delete" {
        Ok(mode)
    } else {
        Err(mode)
    }
}

/// A claim, a group's turns and the door's inserts run here, interleaved with a
/// write the engine sends through sqlx on the same connection, in one transaction;
/// then the store closes with the statements still kept, and every connection is
/// closed (SQLite refuses to close one with statements still prepared: sqlx's thread
/// would give up on it, and it would stay open).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_writers_batches_run_here_in_its_transaction_and_let_it_close() {
    let db = TestDb::new(Backend::Sqlite).await;
    let store = Store::connect(&db.url, 4).await.expect("store");
    store.migrate().await.expect("migrate");
    stored(&store, &["701", "702"]).await;
    let events = inbound::claim(&store, "telegram", "claim-a", 1_000, 60, 10)
        .await
        .expect("claim");
    assert_eq!(events.len(), 2, "one head per chat");
    let (here, busy, waited) = store.inline_batches();
    assert!(
        here >= 2,
        "the door's insert and the claim ran here: {here}"
    );
    assert_eq!(busy, 0, "nothing else held a lock");
    assert_eq!(waited, 0, "nothing ran through sqlx between them");

    let reply = vec![r#"{"Text":{"text":"hola","choices":[]}}"#.to_owned()];
    let mut group = turn::TurnGroup::start(&store).await.expect("writer");
    for event in &events {
        let key = ChatKey::new(Channel::Telegram, &event.chat_id);
        group
            .open(event.id, "claim-a", key, 1_000)
            .await
            .expect("opened")
            .expect("claim held");
        // The engine's own read that finds nothing (sqlx answers it before its thread
        // has reset the statement) and write, through sqlx, between the turn's
        // batches: the next batch here first waits for sqlx's thread.
        let none: Option<(i64,)> = sqlx::query_as("SELECT id FROM staff WHERE id = -1")
            .fetch_optional(group.conn())
            .await
            .expect("the engine's read");
        assert!(none.is_none());
        let writes = crate::intake::turn_writes(&event.chat_id);
        turn::write(group.conn(), &writes, &reply)
            .await
            .expect("the engine's write");
        group.write(&writes, &[], 1_000).await.expect("written");
    }
    group.commit().await.expect("committed");
    let (after, _, waited) = store.inline_batches();
    assert!(
        after >= here + 3,
        "the group's opens, writes and commit ran here: {after}"
    );
    assert_eq!(
        waited, 2,
        "each turn's write, after the engine's calls through sqlx, waited for its thread; \
         nothing else did"
    );
    let (processed, out): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM inbound_events WHERE processed_at IS NOT NULL),
                (SELECT COUNT(*) FROM outbox)",
    )
    .fetch_one(&store.read)
    .await
    .expect("read");
    assert_eq!(
        (processed, out),
        (2, 2),
        "both turns and the engine's replies committed together"
    );

    assert!(alone_with(&db).is_err(), "the store's connections are open");
    // The writer's connection closed as sqlx closes it, its statements still kept
    // (SQLite would refuse, and sqlx panic here), then the rest of the store. A
    // connection that comes back to a pool as it closes stays in it (sqlx): the
    // store is dropped too.
    let writer = store.pool.acquire().await.expect("the writer");
    writer.close().await.expect("the writer closed");
    store.close().await;
    drop(store);
    // Each connection's own thread closes it; give them a moment.
    let mut alone = alone_with(&db);
    for _ in 0..250 {
        if alone.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        alone = alone_with(&db);
    }
    assert_eq!(
        alone,
        Ok("delete".to_owned()),
        "every connection of the store closed"
    );
}

/// Another connection holds the write lock (an import, say): the claim is not run
/// here, where the tokio worker would sleep in SQLite's busy handler, but through
/// sqlx, whose thread waits; the caller's thread goes on meanwhile (on a runtime of
/// one thread, a ticker keeps ticking), and the claim is made once the lock is let go.
#[tokio::test]
async fn a_lock_held_elsewhere_sends_the_batch_to_sqlx_and_the_thread_goes_on() {
    let db = TestDb::new(Backend::Sqlite).await;
    let store = Store::connect(&db.url, 4).await.expect("store");
    store.migrate().await.expect("migrate");
    stored(&store, &["711", "712", "713"]).await;

    let holder = rusqlite::Connection::open(db.dir.path().join("test.db")).expect("open");
    holder
        .execute_batch("BEGIN IMMEDIATE")
        .expect("the write lock");
    let ticks = Arc::new(AtomicU32::new(0));
    let ticker = tokio::spawn({
        let ticks = ticks.clone();
        async move {
            loop {
                tokio::time::sleep(Duration::from_millis(10)).await;
                ticks.fetch_add(1, Ordering::Relaxed);
            }
        }
    });
    let claim = tokio::spawn({
        let store = store.clone();
        async move { inbound::claim(&store, "telegram", "claim-a", 1_000, 60, 10).await }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        ticks.load(Ordering::Relaxed) >= 10,
        "the thread went on while the claim waited: {} ticks",
        ticks.load(Ordering::Relaxed)
    );
    assert!(!claim.is_finished(), "the claim waits for the lock");
    assert_eq!(store.inline_batches().1, 1, "sent through sqlx once");

    holder.execute_batch("COMMIT").expect("let go");
    let events = claim.await.expect("joined").expect("claimed");
    assert_eq!(events.len(), 3, "claimed once the lock was let go");
    ticker.abort();
    store.close().await;
}

/// The store's own users of the writer keep it between them (`store::keep`): the
/// door's inserts, one after another, take it kept rather than from the pool; and a
/// write through the pool (a service, the console) is not starved by them: while
/// the door stores events without a pause (but for the WAL's room, as the webhooks
/// do), each such write is made in well under the pool's wait (the store waits 2 s,
/// then gives up with an error): the writer goes back to the pool after 20 ms out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_hot_path_keeps_the_writer_and_writes_through_the_pool_still_get_it() {
    let db = TestDb::new(Backend::Sqlite).await;
    let store = Store::connect_waiting(&db.url, 4, Duration::from_secs(2))
        .await
        .expect("store");
    store.migrate().await.expect("migrate");
    sqlx::query("CREATE TABLE side_writes (n INTEGER)")
        .execute(&store.pool)
        .await
        .expect("table");
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let door = tokio::spawn({
        let (store, stop) = (store.clone(), stop.clone());
        async move {
            let mut stored = 0u32;
            while !stop.load(Ordering::Relaxed) {
                store.wal_room().await;
                let key = ChatKey::new(Channel::Telegram, "731");
                inbound::arrive(&store, key, &format!("u{stored}"), "{}", 1_000, None)
                    .await
                    .expect("stored");
                stored += 1;
            }
            stored
        }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let (kept_before, _, _) = store.writer_takes();
    let mut slowest = Duration::ZERO;
    for n in 0..20 {
        let at = std::time::Instant::now();
        sqlx::query("INSERT INTO side_writes (n) VALUES ($1)")
            .bind(n)
            .execute(&store.pool)
            .await
            .expect("a write through the pool is made while the door is busy");
        slowest = slowest.max(at.elapsed());
    }
    stop.store(true, Ordering::Relaxed);
    let stored = door.await.expect("joined");
    let (kept, from_pool, _) = store.writer_takes();
    assert!(
        kept > kept_before && kept > from_pool && stored > 20,
        "the door's inserts took the writer kept: {kept} kept, {from_pool} from the pool, \
         {stored} stored"
    );
    let (side,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM side_writes")
        .fetch_one(&store.read)
        .await
        .expect("read");
    assert_eq!(side, 20);
    assert!(
        slowest < Duration::from_millis(500),
        "a write through the pool waited {slowest:?} behind the door"
    );
    store.close().await;
}
