//! Persistence with sqlx over the `Any` driver, so one set of queries serves the
//! embedded SQLite default and PostgreSQL in production. Queries use `$n`
//! placeholders, which both backends accept; times are unix seconds (BIGINT), dates
//! ISO text, flags 0/1: the common ground of the two.
//!
//! A statement with `RETURNING` is read with `fetch_one` or `fetch_all`, never
//! `fetch_optional`: that one resets the statement after its first row, before it
//! completes. (SQLite ran its WAL auto-checkpoint only when a statement completed;
//! the checkpoints are now the store's own (`Store::checkpoints`), but a statement
//! is still stepped to its end.)

pub mod ally_reports;
pub mod backup;
pub(crate) mod batch;
pub mod bindings;
pub mod columns;
pub mod console;
pub mod conversations;
pub mod coverage;
pub mod ctvc;
pub mod deliveries;
pub mod email;
pub mod files;
pub mod inbound;
pub(crate) mod inline;
pub mod jne;
pub mod kb;
pub(crate) mod keep;
pub mod last_inbound;
pub mod lessons;
pub mod marks;
pub mod new_ddc;
pub mod ops;
pub mod outbox;
pub mod padron;
pub mod personal_data;
pub mod requests;
pub mod sqlite_memory;
pub mod staff;
pub mod tickets;
pub mod transcripts;
pub mod turn;
pub mod usage;
pub mod usage_report;

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Connection, Executor};

pub use sqlx::AnyConnection as Conn;
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is malformed: {0}")]
    Corrupt(String),
    #[error("file storage: {0}")]
    Io(#[from] std::io::Error),
    /// A batch run on the SQLite writer's connection from the caller's thread
    /// (`store::inline`).
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

impl From<crate::message::UnknownCode> for StoreError {
    fn from(e: crate::message::UnknownCode) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

/// Largest the SQLite WAL file is left at after a checkpoint (`journal_size_limit`).
pub const WAL_LIMIT_BYTES: u64 = 64 << 20;
/// How often the checkpointer looks at the WAL while it is being written (it reads
/// the WAL index's header, no statement); it looks less often, up to
/// [`LOOK_IDLE`], while nothing is written.
const LOOK_BUSY: Duration = Duration::from_millis(10);
const LOOK_IDLE: Duration = Duration::from_millis(250);
/// The fewest and the most frames not yet copied that [`beside_after_frames`] waits
/// for (256 KB and 2 MB).
const BESIDE_MIN_FRAMES: u32 = 64;
const BESIDE_MAX_FRAMES: u32 = 512;
/// Frames not yet copied after which a checkpoint runs beside the writer: a quarter
/// of the WAL's frames, at least [`BESIDE_MIN_FRAMES`] (256 KB) and at most
/// [`BESIDE_MAX_FRAMES`] (2 MB). A checkpoint sorts every frame the WAL holds since
/// it started over, not only those it copies (SQLite's `walIteratorInit` sorts each
/// 4,096-frame segment whole), so copies every 64 frames of a WAL that grows to
/// [`HOLD_FRAMES`] sort some 133,000 entries in all, and these some 25,000; the
/// copies themselves write a page changed twice in between once.
fn beside_after_frames(frames: u32) -> u32 {
    (frames / 4).clamp(BESIDE_MIN_FRAMES, BESIDE_MAX_FRAMES)
}
/// Checkpoints beside the writer in a row, at most, chasing it.
const CHASES: usize = 8;
/// Frames in the WAL (16 MB) past which intake waits ([`Store::wal_room`]) until
/// the copies beside the writer have caught up and the WAL started over.
const HOLD_FRAMES: u32 = 4096;
/// Frames in the WAL (48 MB) past which whatever is left is copied on the writer's
/// connection however long it takes: the last resort that keeps the WAL under
/// [`WAL_LIMIT_BYTES`] when writers other than intake keep the copies behind.
const LAST_RESORT_FRAMES: u32 = 12_288;
/// Longest one intake call waits for room in the WAL, in steps of [`HOLD_STEP`]
/// (then it writes anyway: the last resort keeps the WAL's limit).
const HOLD_AT_MOST: Duration = Duration::from_secs(5);
const HOLD_STEP: Duration = Duration::from_millis(5);
/// How many of the last intake holds [`CheckpointStats::holds`] keeps.
const RECENT_HOLDS: usize = 4096;
/// How long the WAL must have gone unwritten before it is truncated to nothing.
const QUIET_BEFORE_TRUNCATE: Duration = Duration::from_secs(1);
/// How long a task waits for a pooled connection unless told otherwise (sqlx's own).
const DEFAULT_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a SQLite statement waits for a lock another connection holds.
const BUSY_TIMEOUT_MS: u64 = 5000;
/// A pooled PostgreSQL connection idle this long is pinged before it is used again.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(30);
/// A checkpoint longer than this is logged as a warning.
pub const CHECKPOINT_WARN: Duration = Duration::from_millis(50);
/// How many of the last checkpoints [`CheckpointStats::recent`] keeps.
const RECENT_CHECKPOINTS: usize = 16_384;
/// Free pages given back per step of an incremental vacuum (4 MB): each step is a
/// short write, so a large reclaim never holds the writer for long.
const VACUUM_STEP_PAGES: i64 = 1024;

#[derive(Debug, Clone)]
pub struct Store {
    /// The writer (on SQLite its one connection); reads inside a write go here too.
    pub pool: AnyPool,
    /// Connections for reads that need not wait for the writer: on SQLite beside the
    /// one writer (WAL readers never wait for it); on PostgreSQL the same pool.
    pub read: AnyPool,
    pub backend: Backend,
    /// What it connected to: bulk loads open their own connection (the padrón import).
    pub url: String,
    /// Time the WAL checkpoints beside the writer took (SQLite), for benchmarks and tests.
    pub checkpoint_stats: Arc<CheckpointStats>,
    /// The webhook's events waiting to be stored together (SQLite, `inbound::arrive`).
    pub(crate) arrivals: Arc<inbound::Arrivals>,
    /// The senders that let a group of turns' commit claim for them (SQLite,
    /// `outbox::SendTaker`).
    pub(crate) sends: Arc<outbox::Offers>,
    /// The SQLite WAL's index (`-shm`), read for its frame counts.
    shm: Option<Arc<ShmIndex>>,
    /// SQLite: the writer's connection, for batches run on the caller's thread.
    writer: Option<Arc<inline::Writer>>,
    /// SQLite: the writer kept between the store's own users of it (`store::keep`).
    keeper: Option<Arc<keep::Keeper>>,
}

/// The loops of this process that offer their free places to a commit that happens
/// anyway (`inbound::Taker`: the door's; `outbox::SendTaker`: a group of turns'),
/// by channel. Kept weakly: a loop that ends is forgotten.
pub(crate) struct Offering<T: ?Sized>(
    std::sync::Mutex<Vec<(crate::message::Channel, std::sync::Weak<T>)>>,
);

impl<T: ?Sized> Default for Offering<T> {
    fn default() -> Self {
        Self(std::sync::Mutex::default())
    }
}

impl<T: ?Sized> Offering<T> {
    /// `taker` offers for `channel` as long as it lives.
    pub(crate) fn add(&self, channel: crate::message::Channel, taker: &Arc<T>) {
        let mut takers = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        takers.retain(|(_, t)| t.strong_count() > 0);
        takers.push((channel, Arc::downgrade(taker)));
    }

    /// The first of `channel`'s loops that `take` takes an offer from, and the offer.
    pub(crate) fn take<R>(
        &self,
        channel: crate::message::Channel,
        mut take: impl FnMut(&T) -> Option<R>,
    ) -> Option<(Arc<T>, R)> {
        let takers = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        takers
            .iter()
            .filter(|(c, _)| *c == channel)
            .filter_map(|(_, t)| t.upgrade())
            .find_map(|taker| take(&taker).map(|offer| (taker, offer)))
    }
}

/// See [`Store::riding_claims`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RidingClaims {
    pub door_commits: u64,
    pub door_events: u64,
    pub turn_commits: u64,
    pub turn_rows: u64,
}

/// How many WAL checkpoints copied pages, how long they took together and the
/// longest one; and the last few, each with when it started.
#[derive(Debug, Default)]
pub struct CheckpointStats {
    runs: AtomicU64,
    total_us: AtomicU64,
    longest_us: AtomicU64,
    recent: std::sync::Mutex<std::collections::VecDeque<Checkpoint>>,
    /// What the last checkpoint found: frames in the WAL, of them copied.
    last: std::sync::Mutex<(i64, i64)>,
    /// Whether the last checkpoint found another under way (or a lock it waits for).
    busy: std::sync::atomic::AtomicBool,
    /// Rung when the WAL started over, for intake waiting for room in it
    /// ([`Store::wal_room`]).
    room: tokio::sync::Notify,
    /// Rung by intake when it begins to wait, so the checkpointer looks at once.
    wake: tokio::sync::Notify,
    /// Intake calls waiting for room now.
    waiting: std::sync::atomic::AtomicUsize,
    /// Set while the write that starts the WAL over runs: SQLite resets the WAL's
    /// index as that write begins, so the index shows room before the write (and the
    /// new WAL header's fsync) is done; intake let go then would only queue for the
    /// writer's connection behind it.
    restarting: std::sync::atomic::AtomicBool,
    holds: std::sync::Mutex<std::collections::VecDeque<Hold>>,
}

/// One wait of an intake call for room in the WAL: when it began, how long it took,
/// and whether the copies caught up (else it gave up after [`HOLD_AT_MOST`]).
#[derive(Debug, Clone, Copy)]
pub struct Hold {
    pub at: std::time::Instant,
    pub took: Duration,
    pub released: bool,
}

/// One checkpoint that copied frames: when it started, how long it took, the frames
/// the WAL held, and where it ran.
#[derive(Debug, Clone, Copy)]
pub struct Checkpoint {
    pub at: std::time::Instant,
    pub took: Duration,
    pub frames: i64,
    pub kind: CheckpointKind,
}

/// Where a checkpoint ran, which says whether a write could wait for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckpointKind {
    /// `PASSIVE` on a read connection while writes go on: no write waits for it.
    Beside,
    /// `PASSIVE` on the writer's connection, between two writes, copying what the
    /// one beside left: writes wait for it, as long as it took. The checkpointer's
    /// last resort (the WAL near its limit) and [`Store::checkpoint`].
    OnTheWriter,
    /// `TRUNCATE` once nothing was written for a while, without waiting for the
    /// writer or a reader (it gives up if either is busy): a write that starts
    /// meanwhile waits for it, as long as it took at most.
    Idle,
    /// Not a copy: the write on the writer's connection that starts the WAL over
    /// once the copies beside caught up while intake was held (its first frame's
    /// header is synced, one fsync); writes other than intake wait for it.
    Restart,
}

impl CheckpointStats {
    fn record(&self, run: Checkpoint) {
        let us = u64::try_from(run.took.as_micros()).unwrap_or(u64::MAX);
        self.runs.fetch_add(1, Ordering::Relaxed);
        self.total_us.fetch_add(us, Ordering::Relaxed);
        self.longest_us.fetch_max(us, Ordering::Relaxed);
        let mut recent = self
            .recent
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if recent.len() == RECENT_CHECKPOINTS {
            recent.pop_front();
        }
        recent.push_back(run);
    }

    /// The last checkpoints that copied pages (up to a few thousand), oldest first.
    pub fn recent(&self) -> Vec<Checkpoint> {
        self.recent
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .copied()
            .collect()
    }

    /// The last intake holds (up to a few thousand), oldest first.
    pub fn holds(&self) -> Vec<Hold> {
        self.holds
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .copied()
            .collect()
    }

    /// Intake calls waiting for room in the WAL now.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    fn record_hold(&self, hold: Hold) {
        let mut holds = self
            .holds
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if holds.len() == RECENT_HOLDS {
            holds.pop_front();
        }
        holds.push_back(hold);
    }

    pub fn runs(&self) -> u64 {
        self.runs.load(Ordering::Relaxed)
    }

    pub fn total(&self) -> Duration {
        Duration::from_micros(self.total_us.load(Ordering::Relaxed))
    }

    pub fn longest(&self) -> Duration {
        Duration::from_micros(self.longest_us.load(Ordering::Relaxed))
    }
}

impl Store {
    /// Connects (creating the SQLite file and its folder on first run).
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, StoreError> {
        Self::connect_waiting(url, max_connections, DEFAULT_ACQUIRE_TIMEOUT).await
    }

    /// Connects; a task waits at most `acquire_timeout` for a pooled connection.
    pub async fn connect_waiting(
        url: &str,
        max_connections: u32,
        acquire_timeout: Duration,
    ) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        };
        crate::allocator::no_huge_pages();
        if backend == Backend::Sqlite && !sqlite_memory::use_mimalloc() {
            tracing::debug!("SQLite had started: it keeps the C library's allocator");
        }
        let mut url = url.to_owned();
        if backend == Backend::Sqlite {
            if let Some(path) = sqlite_path(&url)
                && let Some(parent) = std::path::Path::new(&path).parent()
                && !parent.as_os_str().is_empty()
            {
                std::fs::create_dir_all(parent)?;
            }
            if !url.contains("mode=") {
                url.push_str(if url.contains('?') {
                    "&mode=rwc"
                } else {
                    "?mode=rwc"
                });
            }
        }
        let options = AnyConnectOptions::from_str(&url)?;
        let writer = (backend == Backend::Sqlite).then(|| {
            inline::register();
            Arc::new(inline::Writer::default())
        });
        let adopting = writer.clone();
        let file_backed = backend == Backend::Sqlite && sqlite_path(&url).is_some();
        // SQLite takes one writer at a time: a single connection serialises writes
        // without SQLITE_BUSY surprises, and this workload is small.
        let max = if backend == Backend::Sqlite {
            1
        } else {
            max_connections.max(2)
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(acquire_timeout)
            // sqlx pings a pooled connection each time it is taken: a round trip more
            // for every turn, claim and mark (on SQLite a hand-off to the connection's
            // thread, which checks nothing). Only a connection idle for a while is
            // checked (PostgreSQL), where a restart or a timeout may have ended it.
            .test_before_acquire(false)
            .before_acquire(move |conn, meta| {
                Box::pin(async move {
                    if backend == Backend::Postgres && meta.idle_for > IDLE_BEFORE_PING {
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            })
            .after_connect(move |conn, _| {
                let adopting = adopting.clone();
                Box::pin(async move {
                    if let Some(writer) = adopting {
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute(format!("PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}").as_str())
                            .await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        // The WAL is cut back to this after a checkpoint resets it.
                        conn.execute(
                            format!("PRAGMA journal_size_limit = {WAL_LIMIT_BYTES}").as_str(),
                        )
                        .await?;
                        // Every checkpoint runs in `checkpoints`, timed; none on a commit.
                        conn.execute("PRAGMA wal_autocheckpoint = 0").await?;
                        // Without its handle the writer's batches go through sqlx,
                        // as they did: slower, not wrong.
                        if let Err(e) = writer.adopt(conn).await {
                            tracing::warn!(error = %e, "the SQLite writer's batches go through its thread");
                        }
                    }
                    Ok(())
                })
            })
            .connect_with(options.clone())
            .await?;
        let read = if file_backed {
            AnyPoolOptions::new()
                .max_connections(max_connections.clamp(2, 4))
                .acquire_timeout(acquire_timeout)
                .test_before_acquire(false)
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        conn.execute(format!("PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}").as_str())
                            .await?;
                        conn.execute("PRAGMA query_only = ON").await?;
                        // Its checkpoints leave the WAL no larger than the writer's.
                        conn.execute(
                            format!("PRAGMA journal_size_limit = {WAL_LIMIT_BYTES}").as_str(),
                        )
                        .await?;
                        Ok(())
                    })
                })
                .connect_lazy_with(options)
        } else {
            pool.clone()
        };
        let shm = sqlite_path(&url)
            .filter(|_| file_backed)
            .map(|path| Arc::new(ShmIndex::new(path + "-shm")));
        let store = Self {
            pool,
            read,
            backend,
            url,
            checkpoint_stats: Arc::default(),
            arrivals: Arc::default(),
            sends: Arc::default(),
            shm,
            keeper: writer.as_ref().map(|_| keep::Keeper::new(acquire_timeout)),
            writer,
        };
        if file_backed {
            tokio::spawn(store.clone().checkpoints());
        }
        Ok(store)
    }

    /// Checkpoints the SQLite WAL so that no write waits long for it and the WAL
    /// stays small. The writer never checkpoints by itself (`wal_autocheckpoint =
    /// 0`: those checkpoints could not be timed through sqlx), so every checkpoint
    /// runs here, timed ([`CheckpointStats`], a warning past [`CHECKPOINT_WARN`]):
    ///
    /// - every [`LOOK_BUSY`] while the WAL grows (less often when it does not) the
    ///   WAL index's header says how many frames the WAL holds and how many are
    ///   copied; past [`beside_after_frames`] not yet copied, a `PASSIVE`
    ///   checkpoint copies them on a read connection: no lock a writer needs;
    /// - a write that finds the WAL all copied starts it over from the beginning;
    ///   a checkpoint beside a stream of writes never catches up by itself, and no
    ///   copy runs on the writer's connection to make it (even a copy of a few
    ///   frames pays two fsyncs: up to 191 ms with a disk load beside, every write
    ///   waiting).
    ///   So past [`HOLD_FRAMES`] intake waits ([`Store::wal_room`]), the copies
    ///   beside catch up, and one small write on the writer starts the WAL over
    ///   ([`CheckpointKind::Restart`]: the new WAL's header is synced, one fsync);
    ///   then intake goes on. Past [`LAST_RESORT_FRAMES`] (writers other than intake
    ///   kept the copies behind) what is left is copied on the writer whatever it
    ///   takes, so the WAL keeps its limit;
    /// - after [`QUIET_BEFORE_TRUNCATE`] without writes, a `TRUNCATE` that waits
    ///   for nobody (it gives up if a write or a read is under way) empties the WAL.
    ///
    /// Ends when the store closes.
    async fn checkpoints(self) {
        let mut look = LOOK_BUSY;
        let mut last = None;
        let mut changed = std::time::Instant::now();
        let mut truncated = false;
        let stats = self.checkpoint_stats.clone();
        loop {
            let _ = tokio::time::timeout(look, stats.wake.notified()).await;
            if self.read.is_closed() || self.pool.is_closed() {
                stats.room.notify_waiters();
                return;
            }
            let Some((frames, copied)) = self.wal_frames() else {
                // No WAL index to read (not opened yet): the slow cadence, and a
                // checkpoint beside the writer each time.
                look = LOOK_IDLE;
                if let Err(e) = self.checkpoint_beside().await {
                    tracing::debug!(error = %e, "WAL checkpoint skipped");
                }
                continue;
            };
            if last != Some(frames) {
                last = Some(frames);
                changed = std::time::Instant::now();
                truncated = false;
                look = LOOK_BUSY;
            } else if frames >= HOLD_FRAMES {
                // Intake waits: the WAL does not change, but is to be started over.
                look = LOOK_BUSY;
            } else {
                look = (look * 2).min(LOOK_IDLE);
            }
            let result = async {
                // Beside the writer until what is left is small (each copy pays its
                // fsyncs; the writer goes on meanwhile); while intake waits, until
                // nothing is.
                let (mut frames, mut copied) = (frames, copied);
                for _ in 0..CHASES {
                    let left = frames.saturating_sub(copied);
                    if left == 0 || (left < beside_after_frames(frames) && frames < HOLD_FRAMES) {
                        break;
                    }
                    self.checkpoint_beside().await?;
                    match self.wal_frames() {
                        Some(now) => (frames, copied) = now,
                        None => break,
                    }
                }
                let left = frames.saturating_sub(copied);
                if frames >= HOLD_FRAMES && left == 0 {
                    // All copied while intake waited: a write now starts the WAL
                    // over, and intake goes on.
                    stats.restarting.store(true, Ordering::Release);
                    let restarted = self.restart_on_the_writer(frames).await;
                    stats.restarting.store(false, Ordering::Release);
                    stats.room.notify_waiters();
                    restarted?;
                } else if frames >= LAST_RESORT_FRAMES && left > 0 {
                    self.checkpoint_on_the_writer().await?;
                }
                if frames > 0 && !truncated && changed.elapsed() >= QUIET_BEFORE_TRUNCATE {
                    // Copied beside first, so the truncation holds the writer only
                    // to cut the file.
                    self.checkpoint_beside().await?;
                    truncated = self.truncate_when_idle().await?;
                }
                Ok::<_, StoreError>(())
            }
            .await;
            if let Err(e) = result {
                tracing::debug!(error = %e, "WAL checkpoint skipped");
            }
        }
    }

    /// Waits while the SQLite WAL is past [`HOLD_FRAMES`] because the copies beside
    /// the writer fell behind (a busy disk), until they catch up and the WAL starts
    /// over, in steps of [`HOLD_STEP`], at most [`HOLD_AT_MOST`]; returns at once
    /// otherwise, and always on PostgreSQL. Called by what writes without bound
    /// (webhook intake) before it writes: turns, the sender and reads go on
    /// meanwhile, so no large copy has to hold the writer's connection. Each wait is
    /// kept ([`CheckpointStats::holds`]) and warned of, a line a minute at most.
    /// Returns how long it waited.
    pub async fn wal_room(&self) -> Duration {
        let stats = &self.checkpoint_stats;
        if !self.wal_full() {
            return Duration::ZERO;
        }
        let at = std::time::Instant::now();
        let waiting = Waiting::on(&stats.waiting);
        stats.wake.notify_one();
        let released = loop {
            let rung = stats.room.notified();
            if !self.wal_full() {
                break true;
            }
            let waited = at.elapsed();
            if waited >= HOLD_AT_MOST {
                break false;
            }
            let _ = tokio::time::timeout(HOLD_STEP.min(HOLD_AT_MOST - waited), rung).await;
        };
        drop(waiting);
        let took = at.elapsed();
        stats.record_hold(Hold { at, took, released });
        if let Some(held_back) = crate::telemetry::warn_allowed("wal_backstop") {
            tracing::warn!(
                took_ms = took.as_millis(),
                released,
                held_back,
                "intake held back while the WAL's copies caught up (a slow disk)"
            );
        }
        took
    }

    /// Frames in the SQLite WAL and, of them, copied into the database file, as its
    /// index says (no statement); `None` on PostgreSQL or before the WAL is opened.
    pub fn wal_frames(&self) -> Option<(u32, u32)> {
        self.shm.as_deref()?.frames()
    }

    /// Whether the SQLite WAL is past [`HOLD_FRAMES`], so intake is to wait (read
    /// at each call: one file read, no statement; a flag set by the checkpointer
    /// would be set only between its copies, each long on a busy disk).
    fn wal_full(&self) -> bool {
        self.checkpoint_stats.restarting.load(Ordering::Acquire)
            || self
                .wal_frames()
                .is_some_and(|(frames, _)| frames >= HOLD_FRAMES)
    }

    /// Copies every frame of the SQLite WAL into the database file now (nothing on
    /// PostgreSQL): beside the writer, then what is left on the writer's connection.
    /// Whether there was anything to copy.
    pub async fn checkpoint(&self) -> Result<bool, StoreError> {
        if self.backend != Backend::Sqlite {
            return Ok(false);
        }
        // The checkpointer may be copying at this moment (one checkpoint at a time):
        // then this one finds the lock taken and tries again.
        let mut copied = false;
        for _ in 0..200 {
            let beside = self.checkpoint_beside().await?;
            let on_the_writer = self.checkpoint_on_the_writer().await?;
            copied |= beside || on_the_writer;
            if !self.checkpoint_stats.busy.load(Ordering::Relaxed) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        Ok(copied)
    }

    /// A `PASSIVE` checkpoint on a read connection, timed.
    async fn checkpoint_beside(&self) -> Result<bool, StoreError> {
        let mut conn = self.read.acquire().await?;
        self.timed_checkpoint(&mut conn, "PASSIVE", CheckpointKind::Beside)
            .await
    }

    /// A `PASSIVE` checkpoint on the writer's connection, timed: writes wait for it.
    async fn checkpoint_on_the_writer(&self) -> Result<bool, StoreError> {
        let mut conn = self.writer().await?;
        let copied = self
            .timed_checkpoint(&mut conn, "PASSIVE", CheckpointKind::OnTheWriter)
            .await?;
        conn.give_back();
        Ok(copied)
    }

    /// One write on the writer's connection, timed, that changes nothing (the user
    /// version set to itself): with the WAL all copied it starts the WAL over.
    async fn restart_on_the_writer(&self, frames: u32) -> Result<(), StoreError> {
        use sqlx::Row;
        let mut conn = self.writer().await?;
        let at = std::time::Instant::now();
        let version: i64 = sqlx::query("PRAGMA user_version")
            .fetch_one(&mut *conn)
            .await?
            .try_get(0)?;
        conn.execute(format!("PRAGMA user_version = {version}").as_str())
            .await?;
        let took = at.elapsed();
        conn.give_back();
        self.record_checkpoint(Checkpoint {
            at,
            took,
            frames: i64::from(frames),
            kind: CheckpointKind::Restart,
        });
        Ok(())
    }

    /// A `TRUNCATE` checkpoint on a read connection that waits for no lock (it
    /// copies what it can and gives up the truncation if a write or a read is
    /// under way): whether the WAL is now empty.
    async fn truncate_when_idle(&self) -> Result<bool, StoreError> {
        use sqlx::Row;
        let mut conn = self.read.acquire().await?;
        conn.execute("PRAGMA busy_timeout = 0").await?;
        let at = std::time::Instant::now();
        let row = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&mut *conn)
            .await;
        let took = at.elapsed();
        conn.execute(format!("PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}").as_str())
            .await?;
        drop(conn);
        let row = row?;
        let (busy, frames): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
        if busy != 0 {
            return Ok(false);
        }
        self.record_checkpoint(Checkpoint {
            at,
            took,
            frames,
            kind: CheckpointKind::Idle,
        });
        Ok(true)
    }

    async fn timed_checkpoint(
        &self,
        conn: &mut Conn,
        mode: &str,
        kind: CheckpointKind,
    ) -> Result<bool, StoreError> {
        use sqlx::Row;
        let at = std::time::Instant::now();
        let row = sqlx::query(&format!("PRAGMA wal_checkpoint({mode})"))
            .fetch_one(&mut *conn)
            .await?;
        let took = at.elapsed();
        // (busy, frames in the WAL, of them copied): a run that finds the WAL as the
        // last one left it copied nothing and is not counted.
        let (busy, log, copied): (i64, i64, i64) =
            (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
        self.checkpoint_stats
            .busy
            .store(busy != 0, Ordering::Relaxed);
        let last = std::mem::replace(
            &mut *self
                .checkpoint_stats
                .last
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
            (log, copied),
        );
        if (log, copied) == last || log <= 0 {
            return Ok(false);
        }
        self.record_checkpoint(Checkpoint {
            at,
            took,
            frames: log,
            kind,
        });
        Ok(true)
    }

    fn record_checkpoint(&self, run: Checkpoint) {
        self.checkpoint_stats.record(run);
        let (frames, took_us) = (run.frames, run.took.as_micros());
        tracing::debug!(frames, took_us, kind = ?run.kind, "WAL checkpoint");
        if run.took > CHECKPOINT_WARN
            && let Some(held_back) = crate::telemetry::warn_allowed("slow_checkpoint")
        {
            tracing::warn!(
                frames,
                took_ms = run.took.as_millis(),
                kind = ?run.kind,
                held_back,
                "a slow WAL checkpoint"
            );
        }
    }

    /// Gives the space that retention freed back to the file system (SQLite, whose
    /// file has `auto_vacuum = INCREMENTAL`): free pages a few megabytes at a time,
    /// each step its own short write. Returns the pages given back.
    ///
    /// On PostgreSQL blanking a payload leaves the old row version and its TOAST
    /// chunks dead; autovacuum would mark them reusable only once a fifth of the table
    /// is dead (its default scale factor), and gives back only empty pages at the
    /// table's end. So retention vacuums the two tables it wrote right away (a plain
    /// `VACUUM`: no lock that blocks reads or writes, its final truncation skipped if
    /// anyone waits): the space is reused by the next rows and the empty tail goes
    /// back. Returns the 8 KB pages the tables shrank by.
    pub async fn reclaim(&self) -> Result<i64, StoreError> {
        use sqlx::Row;
        if self.backend == Backend::Postgres {
            const SIZE: &str = "SELECT (pg_total_relation_size('inbound_events')
                + pg_total_relation_size('outbox'))::BIGINT AS n";
            let before: i64 = sqlx::query(SIZE)
                .fetch_one(&self.pool)
                .await?
                .try_get("n")?;
            sqlx::raw_sql("VACUUM inbound_events, outbox")
                .execute(&self.pool)
                .await?;
            let after: i64 = sqlx::query(SIZE)
                .fetch_one(&self.pool)
                .await?
                .try_get("n")?;
            return Ok((before - after).max(0) / 8192);
        }
        let mut freed = 0;
        loop {
            let free: i64 = sqlx::query("PRAGMA freelist_count")
                .fetch_one(&self.pool)
                .await?
                .try_get(0)?;
            if free == 0 {
                return Ok(freed);
            }
            sqlx::query(&format!("PRAGMA incremental_vacuum({VACUUM_STEP_PAGES})"))
                .fetch_all(&self.pool)
                .await?;
            let left: i64 = sqlx::query("PRAGMA freelist_count")
                .fetch_one(&self.pool)
                .await?
                .try_get(0)?;
            if left >= free {
                // Not an incremental-vacuum file (it could not be converted).
                return Ok(freed);
            }
            freed += free - left;
        }
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        if self.backend == Backend::Sqlite {
            self.incremental_vacuum_file().await?;
        }
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    /// Makes the SQLite file one whose freed pages can be given back
    /// (`auto_vacuum = INCREMENTAL`): a new file is created so; an existing one is
    /// rewritten once (`VACUUM`), at the first start of this version.
    async fn incremental_vacuum_file(&self) -> Result<(), StoreError> {
        use sqlx::Row;
        let mode: i64 = sqlx::query("PRAGMA auto_vacuum")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        if mode == 2 {
            return Ok(());
        }
        let pages: i64 = sqlx::query("PRAGMA page_count")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        sqlx::query("PRAGMA auto_vacuum = INCREMENTAL")
            .execute(&self.pool)
            .await?;
        if pages > 0 {
            tracing::info!(pages, "converting the database file to incremental vacuum");
            sqlx::query("VACUUM").execute(&self.pool).await?;
        }
        Ok(())
    }

    /// A write transaction. On SQLite it takes the write lock up front, so a
    /// transaction that reads then writes never fails half-way on lock upgrade.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// The SQLite database file, when the store is one.
    pub fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        sqlite_path(&self.url).map(std::path::PathBuf::from)
    }

    /// The writer, for the store's own users of it on the hot path (the door's
    /// inserts, the claims, a turn's transaction, the checkpoints): on SQLite taken
    /// through its keeper, kept between them when given back whole (`store::keep`), its
    /// batches run on the caller's thread; on PostgreSQL a connection of the pool.
    pub(crate) async fn writer(&self) -> Result<keep::Held, StoreError> {
        match &self.keeper {
            Some(keeper) => keeper.take(&self.pool, self.writer.as_ref()).await,
            None => keep::Held::from_pool(&self.pool).await,
        }
    }

    /// Takes the writer as the store's hot path does and gives it back whole with no
    /// statement run (for benchmarks: what a take costs).
    #[doc(hidden)]
    pub async fn writer_taken_and_given_back(&self) -> Result<(), StoreError> {
        self.writer().await?.give_back();
        Ok(())
    }

    /// How many times the store's users took the writer kept for them, took it from
    /// the pool, and how many times a kept writer went back to the pool idle (SQLite;
    /// for benchmarks and tests).
    pub fn writer_takes(&self) -> (u64, u64, u64) {
        self.keeper.as_ref().map_or((0, 0, 0), |keeper| {
            (
                keeper.kept_takes.load(Ordering::Relaxed),
                keeper.pool_takes.load(Ordering::Relaxed),
                keeper.idle_returns.load(Ordering::Relaxed),
            )
        })
    }

    /// The claims that rode another commit (SQLite; for benchmarks and tests): the
    /// doors' commits that claimed for an intake loop and the events they claimed
    /// (`inbound::Taker`), and the groups of turns' commits that claimed for a sender
    /// and the rows they claimed (`outbox::SendTaker`).
    pub fn riding_claims(&self) -> RidingClaims {
        RidingClaims {
            door_commits: self.arrivals.door_commits.load(Ordering::Relaxed),
            door_events: self.arrivals.door_events.load(Ordering::Relaxed),
            turn_commits: self.sends.turn_commits.load(Ordering::Relaxed),
            turn_rows: self.sends.turn_rows.load(Ordering::Relaxed),
        }
    }

    /// How many batches ran on the caller's thread, how many went through sqlx as
    /// another connection held a lock, and how many first waited for sqlx's thread to
    /// be done with what it ran (SQLite; for benchmarks and tests).
    pub fn inline_batches(&self) -> (u64, u64, u64) {
        self.writer.as_ref().map_or((0, 0, 0), |w| {
            (
                w.inline_batches.load(Ordering::Relaxed),
                w.busy_batches.load(Ordering::Relaxed),
                w.waited.load(Ordering::Relaxed),
            )
        })
    }

    pub async fn close(&self) {
        if let Some(keeper) = &self.keeper {
            keeper.close();
        }
        self.read.close().await;
        self.pool.close().await;
    }
}

/// Counts a waiter while it waits, and no longer once it is dropped (its future
/// may be dropped mid-wait).
struct Waiting<'a>(&'a std::sync::atomic::AtomicUsize);

impl<'a> Waiting<'a> {
    fn on(count: &'a std::sync::atomic::AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::Relaxed);
        Self(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

fn sqlite_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| path.to_owned())
}

/// The SQLite WAL's index (the `-shm` file), read in place through one descriptor
/// kept open. Never opened and closed per read: closing any descriptor of a file drops
/// every POSIX lock the process holds on that file, SQLite's own included, and another
/// process opening the database (`contigo-bot backup` beside `serve`) would then take
/// the index for abandoned and truncate it under this one's memory map (SIGBUS). The
/// descriptor is replaced only when the path names another file (every connection
/// closed, SQLite deleted the index, a new one was made): nobody locks the old one.
#[derive(Debug)]
struct ShmIndex {
    path: std::path::PathBuf,
    /// The open index and its (device, inode).
    open: std::sync::Mutex<Option<(std::fs::File, (u64, u64))>>,
}

impl ShmIndex {
    fn new(path: String) -> Self {
        Self {
            path: path.into(),
            open: std::sync::Mutex::new(None),
        }
    }

    /// The header's frame counts (see [`wal_index`]); `None` before the WAL is opened.
    fn frames(&self) -> Option<(u32, u32)> {
        use std::os::unix::fs::{FileExt, MetadataExt};
        let now = std::fs::metadata(&self.path).ok()?;
        let id = (now.dev(), now.ino());
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.as_ref().is_none_or(|(_, kept)| *kept != id) {
            *open = Some((std::fs::File::open(&self.path).ok()?, id));
        }
        let (file, _) = open.as_ref()?;
        let mut head = [0u8; 100];
        file.read_exact_at(&mut head, 0).ok()?;
        wal_index(&head)
    }
}

/// The SQLite WAL index's header (the `-shm` file's first 100 bytes, whose layout the
/// file format documents): frames in the WAL (`mxFrame`) and of them copied into the
/// database (`nBackfill`), both in the machine's byte order. A torn read (a writer
/// updating it) is told by the header's two copies differing, and skipped.
fn wal_index(head: &[u8; 100]) -> Option<(u32, u32)> {
    let word = |at: usize| u32::from_ne_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    // The header is 48 bytes, kept twice; the checkpoint information follows.
    if head[..48] != head[48..96] || head[12] == 0 {
        return None;
    }
    Some((word(16), word(96)))
}

/// Reads an optional text column that SQLite and PostgreSQL both return as text.
pub(crate) fn opt_text(row: &sqlx::any::AnyRow, col: &str) -> Result<Option<String>, sqlx::Error> {
    use sqlx::Row;
    row.try_get::<Option<String>, _>(col)
}

/// A row's `channel` column as the channel it names (a value no version wrote is
/// corruption, not a chat).
pub(crate) fn channel_of(row: &sqlx::any::AnyRow) -> Result<crate::message::Channel, StoreError> {
    use sqlx::Row;
    let text: String = row.try_get("channel")?;
    Ok(crate::message::Channel::try_from(text)?)
}
