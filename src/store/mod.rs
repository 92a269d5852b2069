//! Persistence with sqlx over the `Any` driver, so one set of queries serves the
//! embedded SQLite default and PostgreSQL in production. Queries use `$n`
//! placeholders, which both backends accept; times are unix seconds (BIGINT), dates
//! ISO text, flags 0/1: the common ground of the two.
//!
//! A statement with `RETURNING` is read with `fetch_one` or `fetch_all`, never
//! `fetch_optional`: that one resets the statement after its first row, before it
//! completes, and SQLite runs its WAL auto-checkpoint only when a statement completes.

pub mod ally_reports;
pub mod backup;
pub(crate) mod batch;
pub mod bindings;
pub mod console;
pub mod conversations;
pub mod coverage;
pub mod ctvc;
pub mod deliveries;
pub mod email;
pub mod files;
pub mod inbound;
pub mod jne;
pub mod kb;
pub mod last_inbound;
pub mod lessons;
pub mod marks;
pub mod new_ddc;
pub mod ops;
pub mod outbox;
pub mod padron;
pub mod personal_data;
pub mod requests;
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

/// Largest the SQLite WAL file is left at after a checkpoint (`journal_size_limit`).
pub const WAL_LIMIT_BYTES: u64 = 64 << 20;
/// How often the SQLite WAL is checkpointed besides the writer's own checkpoints.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(5);
/// How long the WAL must have gone unwritten before the periodic checkpoint runs.
const QUIET_BEFORE_CHECKPOINT: Duration = Duration::from_secs(1);
/// WAL pages after which a commit checkpoints (1 MB): each checkpoint copies little,
/// so it holds the writer briefly. (Measured: run on the writer every 200 ms instead,
/// copying about 6 MB each, checkpoints held it 80 ms at the median at load 20; run
/// beside it as soon as frames came, they took the checkpoint lock from the writer's
/// own and the WAL grew to 16 MB. `benches/checkpoint.rs`.)
const AUTOCHECKPOINT_PAGES: u32 = 256;
/// A pooled PostgreSQL connection idle this long is pinged before it is used again.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(30);
/// A checkpoint longer than this is logged as a warning.
pub const CHECKPOINT_WARN: Duration = Duration::from_millis(50);
/// How many of the last checkpoints [`CheckpointStats::recent`] keeps.
const RECENT_CHECKPOINTS: usize = 4096;
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
}

/// One checkpoint that found new frames: when it started, how long the writer was
/// held, and the frames the WAL held (copied by it, or by the back-stop before it).
#[derive(Debug, Clone, Copy)]
pub struct Checkpoint {
    pub at: std::time::Instant,
    pub took: Duration,
    pub frames: i64,
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
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        };
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
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        // The WAL is cut back to this after a checkpoint resets it.
                        conn.execute(
                            format!("PRAGMA journal_size_limit = {WAL_LIMIT_BYTES}").as_str(),
                        )
                        .await?;
                        conn.execute(
                            format!("PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT_PAGES}").as_str(),
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options.clone())
            .await?;
        let read = if file_backed {
            AnyPoolOptions::new()
                .max_connections(max_connections.clamp(2, 4))
                .test_before_acquire(false)
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
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
        let store = Self {
            pool,
            read,
            backend,
            url,
            checkpoint_stats: Arc::default(),
        };
        if file_backed {
            tokio::spawn(store.clone().checkpoints());
        }
        Ok(store)
    }

    /// Checkpoints the SQLite WAL every [`CHECKPOINT_EVERY`] once the writer has gone
    /// quiet: what the last writes left below the auto-checkpoint's threshold goes
    /// into the file. While writes stream in, the writer checkpoints itself after each
    /// commit past [`AUTOCHECKPOINT_PAGES`] and those checkpoints start the WAL over,
    /// so it stays bounded; this one then keeps away (run beside a stream of writes it
    /// takes the checkpoint lock from the writer's own ones and the WAL grows). It
    /// runs on a read connection beside the writer, so a write that starts meanwhile
    /// never waits for it (a passive checkpoint takes no lock a writer needs). Each
    /// is timed ([`CheckpointStats`], a debug line each, a warning past
    /// [`CHECKPOINT_WARN`]); the writer's own cannot be timed apart through sqlx.
    /// Ends when the store closes.
    async fn checkpoints(self) {
        let wal = self.sqlite_file().map(|f| {
            let mut name = f.into_os_string();
            name.push("-wal");
            std::path::PathBuf::from(name)
        });
        loop {
            tokio::time::sleep(CHECKPOINT_EVERY).await;
            if self.read.is_closed() || self.pool.is_closed() {
                return;
            }
            let written = wal
                .as_ref()
                .and_then(|w| std::fs::metadata(w).ok()?.modified().ok()?.elapsed().ok());
            if written.is_some_and(|ago| ago < QUIET_BEFORE_CHECKPOINT) {
                continue;
            }
            if let Err(e) = self.checkpoint().await {
                tracing::debug!(error = %e, "WAL checkpoint skipped");
            }
        }
    }

    /// One passive WAL checkpoint beside the writer, timed (SQLite; nothing on
    /// PostgreSQL): whether it found new frames to copy.
    pub async fn checkpoint(&self) -> Result<bool, StoreError> {
        use sqlx::Row;
        if self.backend != Backend::Sqlite {
            return Ok(false);
        }
        let mut conn = self.read.acquire().await?;
        let at = std::time::Instant::now();
        let row = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .fetch_one(&mut *conn)
            .await?;
        let took = at.elapsed();
        drop(conn);
        // (busy, frames in the WAL, of them copied): a run that finds the WAL as the
        // last one left it copied nothing and is not counted.
        let (log, copied): (i64, i64) = (row.try_get(1)?, row.try_get(2)?);
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
        let frames = log;
        self.checkpoint_stats
            .record(Checkpoint { at, took, frames });
        tracing::debug!(frames, took_us = took.as_micros(), "WAL checkpoint");
        if took > CHECKPOINT_WARN
            && let Some(held_back) = crate::telemetry::warn_allowed("slow_checkpoint")
        {
            tracing::warn!(
                frames,
                took_ms = took.as_millis(),
                held_back,
                "a slow WAL checkpoint (beside the writer)"
            );
        }
        Ok(true)
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

    pub async fn close(&self) {
        self.read.close().await;
        self.pool.close().await;
    }
}

fn sqlite_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| path.to_owned())
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
    crate::message::Channel::parse(&text)
        .ok_or_else(|| StoreError::Corrupt(format!("unknown channel {text:?}")))
}
