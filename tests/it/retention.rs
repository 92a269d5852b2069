//! Retention (issue 15, Ley 29733 data minimisation): the raw payloads of platform
//! events are deleted once processed longer ago than `retention.inbound_payload_days`,
//! and the texts of delivered messages after `retention.outbox_payload_days`;
//! events not yet processed keep theirs, and what the events caused (the request, its
//! stage history, the personal-data access record) stays.

use contigo_bot::message::{Channel, ChatKey};
use contigo_bot::store::personal_data::{self, AccessAction};
use sqlx::Row;

use crate::backends;
use crate::email::register;
use crate::support::telegram::{FakeTelegram, TgChat, TgUser};
use crate::support::{Backend, Running, TestDb, monday_morning, settings};

async fn count(bot: &Running, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&bot.app.store.pool)
        .await
        .expect("count")
        .try_get(0)
        .expect("n")
}

async fn raw_payloads_go_after_the_retention_period_and_the_audit_stays(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let mut s = settings(&db, Some(&tg.api_url()));
    s.retention.inbound_payload_days = 30;
    let bot = Running::start(s, monday_morning()).await;
    let ally = TgChat {
        tg: &tg,
        user: TgUser::new(7601, "Luis"),
    };
    let code = register(&ally).await;
    tg.wait_for(ally.user.chat_id(), "Siguiente paso").await;
    // UAC read the request (recorded under Ley 29733).
    {
        let mut conn = bot.app.store.pool.acquire().await.expect("conn");
        let row = contigo_bot::store::requests::by_code(&mut conn, &code)
            .await
            .expect("query")
            .expect("stored");
        let reader = personal_data::StaffReader::Chat {
            staff_id: 1,
            chat: ChatKey::new(Channel::Telegram, "9001"),
        };
        personal_data::record_staff_read(
            &mut conn,
            reader,
            row.id,
            AccessAction::Review,
            "request",
            bot.app.clock.unix(),
        )
        .await
        .expect("recorded");
    }
    // An event that arrived but was not processed yet (WhatsApp is off here).
    bot.app
        .ingest(
            Channel::Whatsapp,
            "wamid.pending",
            "51987000001",
            r#"{"raw":1}"#,
        )
        .await
        .expect("stored");
    let processed = count(
        &bot,
        "SELECT COUNT(*) FROM inbound_events WHERE processed_at IS NOT NULL AND payload <> ''",
    )
    .await;
    assert!(processed > 20, "the journey's updates, {processed}");
    let history = count(&bot, "SELECT COUNT(*) FROM stage_transitions").await;
    let audit = count(&bot, "SELECT COUNT(*) FROM personal_data_access").await;

    let sent = count(
        &bot,
        "SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND payload <> ''",
    )
    .await;
    assert!(sent > 10, "the journey's answers, {sent}");

    // Within the period nothing goes.
    let report = bot.app.scheduler().tick().await.expect("tick");
    assert_eq!(report.payloads_deleted, 0);
    assert_eq!(report.sent_payloads_deleted, 0);

    // The journey's events were processed 31 days ago but the last five, 29 days ago.
    sqlx::query(
        "UPDATE inbound_events SET processed_at = processed_at - 31 * 86400
         WHERE processed_at IS NOT NULL",
    )
    .execute(&bot.app.store.pool)
    .await
    .expect("age the events");
    sqlx::query(
        "UPDATE inbound_events SET processed_at = processed_at + 2 * 86400
         WHERE id IN (SELECT id FROM inbound_events WHERE processed_at IS NOT NULL
                      ORDER BY id DESC LIMIT 5)",
    )
    .execute(&bot.app.store.pool)
    .await
    .expect("younger ones");
    // What the bot sent went out 31 days ago, but one message failed then: an
    // operator may still want to send it again, so it keeps its text.
    sqlx::query("UPDATE outbox SET sent_at = sent_at - 31 * 86400 WHERE status = 'sent'")
        .execute(&bot.app.store.pool)
        .await
        .expect("age the messages");
    sqlx::query(
        "UPDATE outbox SET status = 'failed', sent_at = NULL
         WHERE id = (SELECT MAX(id) FROM outbox WHERE status = 'sent')",
    )
    .execute(&bot.app.store.pool)
    .await
    .expect("one failed");
    let aged = count(
        &bot,
        &format!(
            "SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND payload <> '' AND sent_at < {}",
            contigo_bot::clock::wall_now() - 30 * 86_400
        ),
    )
    .await;
    assert!(aged >= sent - 1, "{aged} of {sent}");
    let report = bot.app.scheduler().tick().await.expect("tick");
    assert_eq!(
        report.payloads_deleted,
        u64::try_from(processed - 5).expect("n")
    );
    assert_eq!(
        report.sent_payloads_deleted,
        u64::try_from(aged).expect("n")
    );
    assert_eq!(
        count(
            &bot,
            "SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND payload <> ''"
        )
        .await,
        1,
        "a failed message keeps its text"
    );
    assert_eq!(
        count(
            &bot,
            "SELECT COUNT(*) FROM inbound_events WHERE payload = ''"
        )
        .await,
        processed - 5
    );
    assert_eq!(
        count(
            &bot,
            "SELECT COUNT(*) FROM inbound_events WHERE external_id = 'wamid.pending' AND payload <> ''"
        )
        .await,
        1,
        "an unprocessed event keeps its payload"
    );
    assert_eq!(
        count(&bot, "SELECT COUNT(*) FROM stage_transitions").await,
        history
    );
    assert_eq!(
        count(&bot, "SELECT COUNT(*) FROM personal_data_access").await,
        audit
    );
    assert!(audit >= 1);
    // The conversation goes on: the ally's request is still theirs.
    ally.says("/estado", &code).await;
    bot.stop().await;
}

backends!(raw_payloads_go_after_the_retention_period_and_the_audit_stays);

fn file_len(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn wal_of(db: &std::path::Path) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
    name.into()
}

/// An app whose retention keeps processed events' payloads 30 days.
async fn keeping_payloads_30_days(db: &TestDb) -> contigo_bot::app::App {
    let mut s = settings(db, None);
    s.retention.inbound_payload_days = 30;
    contigo_bot::app::App::build(s, monday_morning())
        .await
        .expect("app")
}

/// `count` webhook events from `wamid.{from}` on, event `n` carrying `payload(n)`.
async fn ingest_events(
    app: &contigo_bot::app::App,
    from: usize,
    count: usize,
    payload: impl Fn(usize) -> String,
) {
    for n in from..from + count {
        app.ingest(
            Channel::Whatsapp,
            &format!("wamid.{n}"),
            "51987000001",
            &payload(n),
        )
        .await
        .expect("stored");
    }
}

/// Every stored event processed 40 days ago: past retention.
async fn all_processed_40_days_ago(app: &contigo_bot::app::App) {
    sqlx::query("UPDATE inbound_events SET processed_at = $1")
        .bind(contigo_bot::clock::wall_now() - 40 * 86_400)
        .execute(&app.store.pool)
        .await
        .expect("processed long ago");
}

/// Storage (issue 29): what retention frees goes back to the file system. The SQLite
/// file is made with incremental vacuum; after the payloads of old events are deleted
/// the file shrinks by the pages they took.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retention_gives_the_freed_space_back_to_the_file_system() {
    let db = TestDb::new(Backend::Sqlite).await;
    let app = keeping_payloads_30_days(&db).await;
    let mode: i64 = sqlx::query("PRAGMA auto_vacuum")
        .fetch_one(&app.store.pool)
        .await
        .expect("pragma")
        .get(0);
    assert_eq!(mode, 2, "incremental");
    let payload = format!(r#"{{"text":"{}"}}"#, "x".repeat(8_000));
    ingest_events(&app, 0, 2_000, |_| payload.clone()).await;
    all_processed_40_days_ago(&app).await;
    app.store.checkpoint().await.expect("checkpoint");
    let path = app.store.sqlite_file().expect("a file");
    let before = file_len(&path);
    assert!(before > 16_000_000, "{before} bytes");
    let report = app.scheduler().tick().await.expect("tick");
    assert_eq!(report.payloads_deleted, 2_000);
    assert!(report.pages_reclaimed > 1_500, "{}", report.pages_reclaimed);
    app.store.checkpoint().await.expect("checkpoint");
    let after = file_len(&path);
    println!("retention: {before} bytes, then {after}");
    // The payloads' overflow pages go back; each row's own page stays (a VACUUM
    // would repack those, at the cost of rewriting the whole file).
    assert!(after < before * 6 / 10, "{before} bytes, then {after}");
    app.store.close().await;
}

/// Storage on PostgreSQL (issue 29): retention vacuums what it blanked, so the
/// space of the old payloads (TOAST) goes back and is reused: 2,000 events of 8 KB
/// that do not compress, blanked by the retention tick; the tables shrink, and as
/// many new events again take no more than the first ones did.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retention_on_postgres_gives_the_space_back_and_reuses_it() {
    let db = TestDb::new(Backend::Postgres).await;
    let app = keeping_payloads_30_days(&db).await;
    // Text that does not compress (TOAST would shrink a repeated letter to nothing).
    let noise = |n: usize| -> String {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ n as u64;
        (0..8_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                char::from(b'a' + (x % 26) as u8)
            })
            .collect()
    };
    let size = || async {
        let n: i64 = sqlx::query("SELECT pg_total_relation_size('inbound_events')::BIGINT")
            .fetch_one(&app.store.pool)
            .await
            .expect("size")
            .get(0);
        n
    };
    ingest_events(&app, 0, 2_000, |n| format!(r#"{{"text":"{}"}}"#, noise(n))).await;
    all_processed_40_days_ago(&app).await;
    let before = size().await;
    assert!(before > 16_000_000, "{before} bytes");
    let report = app.scheduler().tick().await.expect("tick");
    assert_eq!(report.payloads_deleted, 2_000);
    let after = size().await;
    assert!(report.pages_reclaimed > 1_500, "{}", report.pages_reclaimed);
    ingest_events(&app, 2_000, 2_000, |n| {
        format!(r#"{{"text":"{}"}}"#, noise(n))
    })
    .await;
    let again = size().await;
    println!(
        "retention on PostgreSQL: {before} bytes, then {after}, then {again} with as many new events"
    );
    assert!(after < before * 3 / 10, "{before} bytes, then {after}");
    assert!(
        again < before * 12 / 10,
        "{before} bytes, then {again}: the space was not reused"
    );
    app.store.close().await;
}

/// A file made before incremental vacuum is converted at start, its data kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_existing_file_is_converted_to_incremental_vacuum() {
    use sqlx::Connection;
    let db = TestDb::new(Backend::Sqlite).await;
    {
        let mut conn = sqlx::SqliteConnection::connect(&format!("{}?mode=rwc", db.url))
            .await
            .expect("connect");
        sqlx::query("CREATE TABLE old_data (n INTEGER)")
            .execute(&mut conn)
            .await
            .expect("table");
        sqlx::query("INSERT INTO old_data VALUES (42)")
            .execute(&mut conn)
            .await
            .expect("row");
        let mode: i64 = sqlx::query("PRAGMA auto_vacuum")
            .fetch_one(&mut conn)
            .await
            .expect("pragma")
            .get(0);
        assert_eq!(mode, 0, "made without auto vacuum");
    }
    let store = contigo_bot::store::Store::connect(&db.url, 2)
        .await
        .expect("connect");
    store.migrate().await.expect("migrate");
    let mode: i64 = sqlx::query("PRAGMA auto_vacuum")
        .fetch_one(&store.pool)
        .await
        .expect("pragma")
        .get(0);
    assert_eq!(mode, 2, "converted to incremental");
    let n: i64 = sqlx::query("SELECT n FROM old_data")
        .fetch_one(&store.read)
        .await
        .expect("kept")
        .get(0);
    assert_eq!(n, 42);
    store.close().await;
}

/// The SQLite WAL stays bounded under a stream of webhook events (each stored by the
/// webhook's path), and every checkpoint is one the store timed: the writer never
/// checkpoints by itself (`wal_autocheckpoint = 0`); checkpoints beside it copy the
/// frames as they come, one on its connection between two writes copies the few
/// left (while the disk is quick), so the next write starts the WAL over; on a busy
/// disk intake waits at 16 MB for the copies beside to catch up instead. Either way
/// no write waits over 50 ms for a copy on the writer, and the WAL stays under its
/// limit while far more is written. `WAL_EVENTS=60000` for the long run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wal_stays_bounded_under_a_stream_of_webhook_events() {
    let events: usize = std::env::var("WAL_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6_000);
    let db = TestDb::new(Backend::Sqlite).await;
    let app = contigo_bot::app::App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    let path = app.store.sqlite_file().expect("a file");
    let wal = wal_of(&path);
    let autocheckpoint: i64 = sqlx::query("PRAGMA wal_autocheckpoint")
        .fetch_one(&app.store.pool)
        .await
        .expect("pragma")
        .get(0);
    assert_eq!(
        autocheckpoint, 0,
        "the writer leaves checkpoints to the store"
    );
    let payload = format!(r#"{{"text":"{}"}}"#, "y".repeat(3_000));
    let mut biggest = 0;
    let mut took = Vec::with_capacity(events);
    let started = std::time::Instant::now();
    for n in 0..events {
        let t = std::time::Instant::now();
        app.ingest(
            Channel::Whatsapp,
            &format!("wamid.{n}"),
            "51987000001",
            &payload,
        )
        .await
        .expect("stored");
        took.push(t.elapsed());
        if n % 250 == 0 {
            biggest = biggest.max(file_len(&wal));
        }
    }
    let elapsed = started.elapsed();
    took.sort();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let over_50 = took.iter().filter(|d| d.as_millis() > 50).count();
    let written = events as u64 * payload.len() as u64;
    let checkpoints = &app.store.checkpoint_stats;
    println!(
        "{events} events in {:.1} s ({written} bytes of payload): WAL at most {biggest} bytes, \
         file {} bytes; inserts median {:.1} ms, p99 {:.1} ms, slowest {:.1} ms, {over_50} over \
         50 ms; checkpoints (timed, beside the writer): {} taking {:.1} ms in all, longest \
         {:.1} ms",
        elapsed.as_secs_f64(),
        file_len(&path),
        ms(took[events / 2]),
        ms(took[events * 99 / 100]),
        ms(took[events - 1]),
        checkpoints.runs(),
        ms(checkpoints.total()),
        ms(checkpoints.longest()),
    );
    assert!(written > 2 * 8_000_000, "enough written to tell");
    use contigo_bot::store::CheckpointKind;
    let recent = checkpoints.recent();
    let times = |kind| -> Vec<u128> {
        recent
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.took.as_millis())
            .collect()
    };
    let kinds = |kind| {
        checkpoints
            .recent()
            .iter()
            .filter(|c| c.kind == kind)
            .count()
    };
    let (beside, on_the_writer, restarts) = (
        times(CheckpointKind::Beside),
        times(CheckpointKind::OnTheWriter),
        times(CheckpointKind::Restart),
    );
    let holds = checkpoints.holds();
    println!(
        "checkpoints beside the writer {}, on the writer {} (ms: {on_the_writer:?}); WAL \
         started over after intake waited {} (ms: {restarts:?}); intake waited {} times, {:.0} \
         ms in all, longest {:.0} ms",
        beside.len(),
        on_the_writer.len(),
        restarts.len(),
        holds.len(),
        holds.iter().map(|h| ms(h.took)).sum::<f64>(),
        holds.iter().map(|h| ms(h.took)).fold(0.0, f64::max),
    );
    assert!(!beside.is_empty(), "frames copied beside the writer");
    assert!(
        !on_the_writer.is_empty() || !restarts.is_empty(),
        "the WAL started over by the checkpointer"
    );
    // A copy on the writer is one writes wait for: only the little left, while
    // the disk answers fast; intake's waits are the back-stop's, counted apart.
    assert!(
        on_the_writer.iter().all(|&t| t <= 50),
        "a copy on the writer held writes over 50 ms: {on_the_writer:?}"
    );
    // Once the writes stop, the WAL is emptied (truncated) without anyone asking.
    let mut waited = 0;
    // (The idle checkpoint is counted just after it truncates: wait for both.)
    while (file_len(&wal) > 0 || kinds(CheckpointKind::Idle) == 0) && waited < 100 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        waited += 1;
    }
    assert_eq!(file_len(&wal), 0, "the WAL emptied once idle");
    assert!(kinds(CheckpointKind::Idle) > 0);
    assert!(biggest <= contigo_bot::store::WAL_LIMIT_BYTES);
    app.store.close().await;
}

/// The WAL's back-stop (issue 29): while the copies beside the writer cannot keep up
/// (here a reader holds an old snapshot, which no copy may pass) intake waits once
/// the WAL passes its hold mark, rather than a large copy holding the writer; once the
/// reader is done the copies catch up, the WAL starts over and intake goes on, every
/// event stored once, the wait counted in `/metrics`. On PostgreSQL intake never waits.
async fn intake_waits_for_the_wal_copies_and_goes_on_with_nothing_lost(backend: Backend) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let db = TestDb::new(backend).await;
    let app = contigo_bot::app::App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    let sqlite = backend == Backend::Sqlite;
    let events = if sqlite { 3_000 } else { 300 };
    let reader = if sqlite {
        let mut tx = app.store.read.begin().await.expect("a reader");
        sqlx::query("SELECT COUNT(*) FROM inbound_events")
            .fetch_one(&mut *tx)
            .await
            .expect("read");
        Some(tx)
    } else {
        None
    };
    let stored = Arc::new(AtomicUsize::new(0));
    let intake = tokio::spawn({
        let (app, stored) = (app.clone(), stored.clone());
        let payload = format!(r#"{{"text":"{}"}}"#, "z".repeat(8_000));
        async move {
            let mut new = 0;
            for n in 0..events {
                let event = format!("wamid.{n}");
                if app
                    .ingest(Channel::Whatsapp, &event, "51987000001", &payload)
                    .await
                    .expect("stored")
                {
                    new += 1;
                }
                stored.fetch_add(1, Ordering::SeqCst);
            }
            new
        }
    });
    let stats = app.store.checkpoint_stats.clone();
    if let Some(tx) = reader {
        let mut polls = 0;
        while stats.waiting() == 0 {
            assert!(
                polls < 2_400 && !intake.is_finished(),
                "intake never waited; WAL {:?}",
                app.store.wal_frames()
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            polls += 1;
        }
        let at = stored.load(Ordering::SeqCst);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(stored.load(Ordering::SeqCst), at, "intake waits");
        let (frames, copied) = app.store.wal_frames().expect("a WAL");
        assert!(
            frames >= 4_096 && copied < frames,
            "{frames} frames, {copied} copied"
        );
        let wal = file_len(&wal_of(&app.store.sqlite_file().expect("a file")));
        assert!(wal <= contigo_bot::store::WAL_LIMIT_BYTES, "{wal} bytes");
        println!("intake waits after {at} events, WAL {frames} frames ({wal} bytes)");
        tx.rollback().await.expect("the reader done");
    }
    assert_eq!(intake.await.expect("intake"), events, "every event new");
    let holds = stats.holds();
    let kept: (i64, i64) = {
        let row = sqlx::query(
            "SELECT COUNT(*), COUNT(DISTINCT external_id) FROM inbound_events \
             WHERE channel = 'whatsapp'",
        )
        .fetch_one(&app.store.pool)
        .await
        .expect("count");
        (row.get(0), row.get(1))
    };
    assert_eq!(kept, (events as i64, events as i64), "each event once");
    let metrics = contigo_bot::metrics::prometheus_text(&app.metrics.render());
    let counted: f64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("contigo_intake_wal_held_seconds_count "))
        .and_then(|v| v.trim().parse().ok())
        .expect("the hold histogram in /metrics");
    if sqlite {
        assert!(
            holds.iter().any(|h| h.released),
            "the copies caught up and let intake go: {holds:?}"
        );
        assert!(
            stats
                .recent()
                .iter()
                .any(|c| c.kind == contigo_bot::store::CheckpointKind::Restart),
            "the WAL started over once the copies caught up"
        );
        assert_eq!(counted, holds.len() as f64, "{metrics}");
        let (frames, _) = app.store.wal_frames().expect("a WAL");
        assert!(frames < 4_096, "the WAL started over: {frames} frames");
    } else {
        assert!(holds.is_empty(), "{holds:?}");
        assert_eq!(counted, 0.0);
    }
    app.store.close().await;
}

backends!(intake_waits_for_the_wal_copies_and_goes_on_with_nothing_lost);

/// Reading the WAL index (`Store::wal_frames`, at every webhook's store) leaves
/// SQLite's own locks on it in place. Closing any descriptor of a file drops every
/// POSIX lock the process holds on that file; read by opening and closing it, the
/// index lost the shared lock SQLite keeps on its "dead man switch" byte, and
/// another process opening the database (`contigo-bot backup` beside `serve`) took
/// the index for abandoned and truncated it under the first one's memory map
/// (SIGBUS). Another process, forked here, asks who holds that byte.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_the_wal_index_keeps_sqlites_locks_on_it() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("t.db");
    let store = contigo_bot::store::Store::connect(&format!("sqlite://{}", db.display()), 2)
        .await
        .expect("store");
    sqlx::query("CREATE TABLE probe (n INTEGER)")
        .execute(&store.pool)
        .await
        .expect("a write: the WAL and its index exist");
    let shm = dir.path().join("t.db-shm");
    assert!(
        dead_man_switch_held_elsewhere(&shm),
        "SQLite holds its index before any read of ours"
    );
    for _ in 0..20 {
        let (frames, _) = store.wal_frames().expect("the index read");
        assert!(frames > 0);
    }
    assert!(
        dead_man_switch_held_elsewhere(&shm),
        "SQLite's lock on its WAL index was dropped by our reads"
    );
    sqlx::query("INSERT INTO probe VALUES (1)")
        .execute(&store.pool)
        .await
        .expect("still writes");
    store.close().await;
}

/// Whether a process other than this one sees the WAL index's "dead man switch"
/// byte (offset 128 of the `-shm` file, SQLite's `UNIX_SHM_DMS`) locked: SQLite
/// holds it shared while a connection uses the index. A forked child asks with
/// `F_GETLK` (a process never conflicts with its own locks) and answers on a pipe;
/// it calls only `open`, `fcntl`, `write` and `_exit`.
fn dead_man_switch_held_elsewhere(shm: &std::path::Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(shm.as_os_str().as_bytes()).expect("a path");
    let mut pipe = [0i32; 2];
    // SAFETY: pipe fills the two descriptors it is given.
    assert_eq!(unsafe { libc::pipe(pipe.as_mut_ptr()) }, 0, "pipe");
    // SAFETY: the child calls only async-signal-safe functions, then _exit.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork");
    if pid == 0 {
        // SAFETY: a NUL-terminated path, a zeroed flock filled in, a one-byte write.
        unsafe {
            let fd = libc::open(path.as_ptr(), libc::O_RDWR);
            let mut lock: libc::flock = std::mem::zeroed();
            lock.l_type = libc::F_WRLCK as _;
            lock.l_whence = libc::SEEK_SET as _;
            lock.l_start = 128;
            lock.l_len = 1;
            let asked = fd >= 0 && libc::fcntl(fd, libc::F_GETLK, &mut lock) == 0;
            let held: u8 = u8::from(asked && i32::from(lock.l_type) != libc::F_UNLCK);
            let answer = if asked { held } else { 2 };
            libc::write(pipe[1], (&raw const answer).cast(), 1);
            libc::_exit(0);
        }
    }
    let mut answer = 9u8;
    // SAFETY: our end of the pipe, one byte read; the child waited for.
    unsafe {
        libc::close(pipe[1]);
        libc::read(pipe[0], (&raw mut answer).cast(), 1);
        libc::close(pipe[0]);
        libc::waitpid(pid, std::ptr::null_mut(), 0);
    }
    assert!(answer < 2, "the child could not ask: {answer}");
    answer == 1
}
