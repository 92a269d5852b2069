//! The padrón: snapshots imported from the program's CSV export, and the only queries
//! that read beneficiaries.
//!
//! Scoping lives here, not in the flow: every query takes a [`Scope`] and builds its
//! WHERE clause from it through [`Scoped`], so no query reads a row outside the
//! ally's district or region, and the national scope (Otro Aliado) reads totals only.
//!
//! Import: one pass over the file checks each row and loads it into a new snapshot
//! that no query reads (SQLite: one prepared statement on its own connection, short
//! transactions so the bot keeps writing; PostgreSQL: `COPY`); a bad line stops the
//! loading and the snapshot is dropped. Then one transaction points `padron_current`
//! at the new snapshot; the old one is deleted afterwards, in chunks.

use chrono::NaiveDate;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Conn, Store, StoreError, opt_text};
use crate::domain::padron::{
    Beneficiary, Category, Collection, Files, HistoryEvent, HistoryKind, PaymentStatus,
    RequestState, RowError, Scope, Status, minor_cutoff,
};
use crate::domain::ubigeo::Ubigeo;
use crate::domain::values::Dni;

/// Columns per beneficiary row in the multi-row INSERT.
const INSERT_COLUMNS: usize = 20;
/// Rows per INSERT statement of a synthetic load (2,000 parameters, far below
/// SQLite's 32,766). Not more: sqlx's SQLite driver resolves each `$n` by name with a
/// linear scan, so a statement costs the square of its parameters.
pub const ROWS_PER_INSERT: usize = 100;
/// INSERT statements per transaction (20,000 rows, about a second on SQLite): short
/// enough that the bot's own writes wait well within its 5 s busy timeout.
const INSERTS_PER_TX: usize = 200;
/// Rows per SQLite transaction of an import (about a quarter of a second).
const ROWS_PER_TX: u64 = 50_000;
/// Bytes of CSV per message of a PostgreSQL COPY.
const COPY_CHUNK_BYTES: usize = 1 << 20;
/// SQLite page cache for the import connection (KiB): rows go to the ubigeo and
/// region indexes in file order, so one hot leaf page per district (about 1,900 of
/// 4 KiB) must stay cached or every row costs a page read; 32 MiB holds them with
/// room, and bounds the import's memory whatever the file's size.
const SQLITE_IMPORT_CACHE_KIB: i64 = 32_768;
/// Rows deleted per statement when an old snapshot is dropped.
const DELETE_CHUNK: i64 = 50_000;
/// Most row errors reported at once (the first ones, in file order).
pub const MAX_REPORTED_ERRORS: usize = 20;

/// The current list queries read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub id: i64,
    /// What the answers quote: "datos al 14/11/2026".
    pub data_date: NaiveDate,
    pub row_count: i64,
    pub imported_at: i64,
}

pub async fn current(conn: &mut Conn) -> Result<Option<Snapshot>, StoreError> {
    let row = sqlx::query(
        "SELECT s.id, s.data_date, s.row_count, s.imported_at FROM padron_snapshots s
         JOIN padron_current c ON c.snapshot_id = s.id WHERE c.singleton = 1",
    )
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        let date: String = r.try_get("data_date")?;
        Ok(Snapshot {
            id: r.try_get("id")?,
            data_date: date
                .parse()
                .map_err(|e: chrono::ParseError| StoreError::Corrupt(e.to_string()))?,
            row_count: r.try_get("row_count")?,
            imported_at: r.try_get("imported_at")?,
        })
    })
    .transpose()
}

// ------------------------------------------------------------------------------------
// Import
// ------------------------------------------------------------------------------------

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Rows refused, with line numbers (at most [`MAX_REPORTED_ERRORS`]); nothing was
    /// imported.
    #[error("{} bad rows", .0.len())]
    Rows(Vec<RowError>),
    #[error("the file has no rows")]
    Empty,
    #[error("reading the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("loading the rows: {0}")]
    Load(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for ImportError {
    fn from(e: rusqlite::Error) -> Self {
        ImportError::Load(e.to_string())
    }
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Store(StoreError::Db(e))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub snapshot_id: i64,
    pub rows: u64,
    pub data_date: NaiveDate,
    /// The snapshot this one replaced, now deleted.
    pub replaced: Option<i64>,
}

/// The rows of an export, with their line numbers, read in one pass.
pub trait RowSource: Send + 'static {
    type Rows: Iterator<Item = Result<(u64, Beneficiary), RowError>>;
    fn rows(&self) -> Result<Self::Rows, ImportError>;
    /// What the snapshot records as its source (a file name).
    fn name(&self) -> String;
}

/// The one pass over the rows: each is checked (format, codes, a DNI seen before)
/// as it is loaded; after the first bad line nothing more is loaded, but the rest is
/// still checked so the report names every bad line (up to [`MAX_REPORTED_ERRORS`]).
/// Memory stays constant: the DNIs seen are one bit each of the 10^8 possible.
struct Checker {
    seen: Vec<u64>,
    errors: Vec<RowError>,
    rows: u64,
}

impl Checker {
    fn new() -> Checker {
        Checker {
            seen: vec![0; 100_000_000 / 64 + 1],
            errors: vec![],
            rows: 0,
        }
    }

    /// The row to load, or None when it (or an earlier one) is bad.
    fn check(&mut self, item: Result<(u64, Beneficiary), RowError>) -> Option<Beneficiary> {
        match item {
            Ok((line, b)) => {
                self.rows += 1;
                // 8 digits: always below 10^8.
                let n: usize = b.dni.as_str().parse().unwrap_or(0);
                let (word, bit) = (n / 64, 1u64 << (n % 64));
                let repeated = self.seen.get(word).is_some_and(|w| w & bit != 0);
                if let Some(w) = self.seen.get_mut(word) {
                    *w |= bit;
                }
                if repeated {
                    self.errors.push(RowError {
                        line,
                        reason: "dni appears on an earlier line".into(),
                    });
                    return None;
                }
                self.errors.is_empty().then_some(b)
            }
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    fn full(&self) -> bool {
        self.errors.len() >= MAX_REPORTED_ERRORS
    }

    /// The rows loaded, or the bad lines.
    fn finish(self, loaded: u64) -> Result<u64, ImportError> {
        if !self.errors.is_empty() {
            return Err(ImportError::Rows(self.errors));
        }
        if self.rows == 0 {
            return Err(ImportError::Empty);
        }
        if loaded != self.rows {
            return Err(ImportError::Load(format!(
                "{} rows read but {loaded} loaded",
                self.rows
            )));
        }
        Ok(loaded)
    }
}

/// Imports an export as the padrón as of `data_date`, replacing the current one.
/// All or nothing: a bad row is reported and nothing changes. The rows are checked
/// and loaded in one pass into a snapshot no query reads yet; one transaction then
/// makes it current, and the old one is deleted.
pub async fn import(
    store: &Store,
    source: impl RowSource,
    data_date: NaiveDate,
    now: i64,
) -> Result<ImportReport, ImportError> {
    let name = source.name();
    let mut conn = store.pool.acquire().await?;
    // Leftovers of an import that crashed half-way are never current: drop them.
    purge_stale(&mut conn).await?;
    let snapshot_id: i64 = sqlx::query(
        "INSERT INTO padron_snapshots (data_date, source, row_count, complete, imported_at)
         VALUES ($1, $2, 0, 0, $3) RETURNING id",
    )
    .bind(data_date.to_string())
    .bind(&name)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    drop(conn);

    let loaded = match store.backend {
        super::Backend::Sqlite => {
            let path = store
                .sqlite_file()
                .ok_or_else(|| ImportError::Load("an in-memory database has no file".into()))?;
            tokio::task::spawn_blocking(move || load_sqlite(&path, snapshot_id, &source))
                .await
                .map_err(|e| ImportError::Load(e.to_string()))?
        }
        super::Backend::Postgres => load_postgres(&store.url, snapshot_id, source).await,
    };
    let rows = match loaded {
        Ok(n) => n,
        Err(e) => {
            discard(store, snapshot_id).await?;
            return Err(e);
        }
    };
    let previous = match make_current(store, snapshot_id, rows).await {
        Ok(previous) => previous,
        Err(e) => {
            forget_history(store, snapshot_id).await?;
            discard(store, snapshot_id).await?;
            return Err(e.into());
        }
    };

    if let Some(old) = previous {
        discard(store, old).await?;
    }
    Ok(ImportReport {
        snapshot_id,
        rows,
        data_date,
        replaced: previous,
    })
}

/// A loaded snapshot's events added to the history, then the snapshot made current
/// (one transaction); returns the snapshot it replaced.
async fn make_current(
    store: &Store,
    snapshot_id: i64,
    rows: u64,
) -> Result<Option<i64>, StoreError> {
    record_history(store, snapshot_id).await?;
    let mut tx = store.begin().await?;
    let previous = switch_snapshot(&mut tx, snapshot_id, rows).await?;
    tx.commit().await?;
    Ok(previous)
}

/// The columns a load writes, in order.
const LOAD_COLUMNS: &str = "snapshot_id, dni, nombres, apellidos, birth_date, ubigeo, region, \
    status, payment_status, collector, request_date, request_state, request_reason, category, \
    auth_date, auth_reason, disaffiliation_date, disaffiliation_reason, collection, \
    collection_date";

/// The events of a loaded snapshot, added to the history (an event already there
/// stays as it was). One statement per first digit of the DNI, each its own short
/// transaction, so the bot's writes are not kept waiting.
async fn record_history(store: &Store, snapshot_id: i64) -> Result<(), StoreError> {
    let kinds = [
        (
            HistoryKind::Authorisation,
            "payment_status",
            "auth_date",
            "auth_reason",
        ),
        (
            HistoryKind::Disaffiliation,
            "'desafiliado'",
            "disaffiliation_date",
            "disaffiliation_reason",
        ),
        (
            HistoryKind::Payment,
            "collection",
            "collection_date",
            "NULL",
        ),
    ];
    let select = kinds
        .iter()
        .map(|(kind, state, date, reason)| {
            format!(
                "SELECT dni, '{}', {date}, {state}, {reason}, snapshot_id FROM padron_beneficiaries
                 WHERE snapshot_id = $1 AND dni >= $2 AND dni < $3 AND {date} IS NOT NULL
                 AND {state} IS NOT NULL",
                kind.as_str()
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let sql = format!(
        "INSERT INTO padron_history (dni, kind, event_date, state, reason, snapshot_id)
         {select} ON CONFLICT DO NOTHING"
    );
    let mut conn = store.pool.acquire().await?;
    for digit in 0..10u8 {
        // '0' <= dni < '1', ..., '9' <= dni < ':' (the character after '9').
        let from = char::from(b'0' + digit).to_string();
        let to = char::from(b'1' + digit).to_string();
        sqlx::query(&sql)
            .bind(snapshot_id)
            .bind(from)
            .bind(to)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Removes the events a snapshot that never became current brought first.
async fn forget_history(store: &Store, snapshot_id: i64) -> Result<(), StoreError> {
    let mut conn = store.pool.acquire().await?;
    sqlx::query("DELETE FROM padron_history WHERE snapshot_id = $1")
        .bind(snapshot_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// SQLite: one prepared INSERT reused for every row, on a connection of its own
/// (blocking, off the async workers), committed every [`ROWS_PER_TX`] rows so the
/// bot's own writes wait well within their 5 s busy timeout.
fn load_sqlite(
    path: &std::path::Path,
    snapshot_id: i64,
    source: &impl RowSource,
) -> Result<u64, ImportError> {
    super::sqlite_memory::use_mimalloc();
    let db = rusqlite::Connection::open(path)?;
    db.busy_timeout(std::time::Duration::from_secs(5))?;
    // The ubigeo and region indexes take rows in file order: the pages being filled
    // must stay in memory or every row costs a page read.
    db.pragma_update(None, "cache_size", -SQLITE_IMPORT_CACHE_KIB)?;
    db.pragma_update(None, "synchronous", "NORMAL")?;
    let mut insert = db.prepare(&format!(
        "INSERT INTO padron_beneficiaries ({LOAD_COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
         ?18, ?19, ?20)"
    ))?;
    let mut check = Checker::new();
    let mut loaded = 0u64;
    db.execute_batch("BEGIN IMMEDIATE")?;
    for item in source.rows()? {
        if let Some(b) = check.check(item) {
            insert.execute(rusqlite::params![
                snapshot_id,
                b.dni.as_str(),
                b.names,
                b.surnames,
                b.birth_date.to_string(),
                b.ubigeo.as_str(),
                b.ubigeo.department_code(),
                b.status.as_str(),
                b.payment_status.as_str(),
                b.collector,
                b.request_date.map(|d| d.to_string()),
                b.request_state.map(|s| s.as_str()),
                b.request_reason,
                b.category.as_str(),
                b.files.auth_date.map(|d| d.to_string()),
                b.files.auth_reason,
                b.files.disaffiliation_date.map(|d| d.to_string()),
                b.files.disaffiliation_reason,
                b.files.collection.map(|c| c.as_str()),
                b.files.collection_date.map(|d| d.to_string()),
            ])?;
            loaded += 1;
            if loaded.is_multiple_of(ROWS_PER_TX) {
                db.execute_batch("COMMIT; BEGIN IMMEDIATE")?;
            }
        }
        if check.full() {
            break;
        }
    }
    db.execute_batch("COMMIT")?;
    check.finish(loaded)
}

/// PostgreSQL: the rows stream into one `COPY ... FROM STDIN` (CSV). A blocking
/// thread reads, checks and encodes them a chunk at a time (a few chunks in flight at
/// most); a bad line aborts the COPY, so nothing of it stays.
async fn load_postgres(
    url: &str,
    snapshot_id: i64,
    source: impl RowSource,
) -> Result<u64, ImportError> {
    use sqlx::Connection;
    let (chunks, mut incoming) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
    let producer = tokio::task::spawn_blocking(move || encode_rows(snapshot_id, &source, &chunks));
    let mut conn = sqlx::postgres::PgConnection::connect(url).await?;
    let mut copy = conn
        .copy_in_raw(&format!(
            "COPY padron_beneficiaries ({LOAD_COLUMNS}) FROM STDIN WITH (FORMAT csv)"
        ))
        .await?;
    while let Some(chunk) = incoming.recv().await {
        copy.send(chunk).await?;
    }
    let (check, loaded) = producer
        .await
        .map_err(|e| ImportError::Load(e.to_string()))??;
    if check.errors.is_empty() && check.rows > 0 {
        copy.finish().await?;
    } else {
        copy.abort("bad rows: nothing is imported").await?;
    }
    conn.close().await?;
    check.finish(loaded)
}

/// Reads and checks the rows, sending them as COPY CSV chunks; stops sending at the
/// first bad line (and when the receiver is gone).
fn encode_rows(
    snapshot_id: i64,
    source: &impl RowSource,
    chunks: &tokio::sync::mpsc::Sender<Vec<u8>>,
) -> Result<(Checker, u64), ImportError> {
    let new_writer = || csv::Writer::from_writer(Vec::with_capacity(COPY_CHUNK_BYTES + 4096));
    let mut check = Checker::new();
    let mut loaded = 0u64;
    let mut out = new_writer();
    let snapshot = snapshot_id.to_string();
    for item in source.rows()? {
        if let Some(b) = check.check(item) {
            let birth = b.birth_date.to_string();
            let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            let request_date = day(b.request_date);
            let auth_date = day(b.files.auth_date);
            let disaffiliation_date = day(b.files.disaffiliation_date);
            let collection_date = day(b.files.collection_date);
            // An empty unquoted field is NULL in COPY's CSV: the optional columns.
            out.write_record([
                snapshot.as_str(),
                b.dni.as_str(),
                &b.names,
                &b.surnames,
                &birth,
                b.ubigeo.as_str(),
                b.ubigeo.department_code(),
                b.status.as_str(),
                b.payment_status.as_str(),
                b.collector.as_deref().unwrap_or(""),
                &request_date,
                b.request_state.map_or("", |s| s.as_str()),
                b.request_reason.as_deref().unwrap_or(""),
                b.category.as_str(),
                &auth_date,
                b.files.auth_reason.as_deref().unwrap_or(""),
                &disaffiliation_date,
                b.files.disaffiliation_reason.as_deref().unwrap_or(""),
                b.files.collection.map_or("", |c| c.as_str()),
                &collection_date,
            ])
            .map_err(|e| ImportError::Load(e.to_string()))?;
            loaded += 1;
            // The writer keeps a few KiB of its own before they reach the Vec.
            if out.get_ref().len() >= COPY_CHUNK_BYTES {
                let full = std::mem::replace(&mut out, new_writer());
                let chunk = full
                    .into_inner()
                    .map_err(|e| ImportError::Load(e.to_string()))?;
                if chunks.blocking_send(chunk).is_err() {
                    break;
                }
            }
        }
        if check.full() {
            break;
        }
    }
    if check.errors.is_empty() {
        let rest = out
            .into_inner()
            .map_err(|e| ImportError::Load(e.to_string()))?;
        if !rest.is_empty() {
            let _ = chunks.blocking_send(rest);
        }
    }
    Ok((check, loaded))
}

fn insert_sql(rows: usize) -> String {
    let mut sql = format!("INSERT INTO padron_beneficiaries ({LOAD_COLUMNS}) VALUES ");
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for c in 0..INSERT_COLUMNS {
            n += 1;
            if c > 0 {
                sql.push(',');
            }
            sql.push('$');
            sql.push_str(&n.to_string());
        }
        sql.push(')');
    }
    sql
}

/// Inserts rows with one statement. Public so the benchmark and tests can load a
/// synthetic padrón without a file.
pub async fn insert_batch(
    conn: &mut Conn,
    sql: &str,
    snapshot_id: i64,
    rows: &[Beneficiary],
) -> Result<(), StoreError> {
    let mut q = sqlx::query(sql);
    for b in rows {
        q = q
            .bind(snapshot_id)
            .bind(b.dni.as_str().to_owned())
            .bind(b.names.clone())
            .bind(b.surnames.clone())
            .bind(b.birth_date.to_string())
            .bind(b.ubigeo.as_str().to_owned())
            .bind(b.ubigeo.department_code().to_owned())
            .bind(b.status.as_str())
            .bind(b.payment_status.as_str())
            .bind(b.collector.clone())
            .bind(b.request_date.map(|d| d.to_string()))
            .bind(b.request_state.map(|s| s.as_str()))
            .bind(b.request_reason.clone())
            .bind(b.category.as_str())
            .bind(b.files.auth_date.map(|d| d.to_string()))
            .bind(b.files.auth_reason.clone())
            .bind(b.files.disaffiliation_date.map(|d| d.to_string()))
            .bind(b.files.disaffiliation_reason.clone())
            .bind(b.files.collection.map(|c| c.as_str()))
            .bind(b.files.collection_date.map(|d| d.to_string()));
    }
    q.execute(&mut *conn).await?;
    Ok(())
}

/// Deletes a snapshot and its rows, in chunks so no transaction holds the database
/// for long.
async fn discard(store: &Store, snapshot_id: i64) -> Result<(), StoreError> {
    loop {
        let mut conn = store.pool.acquire().await?;
        let done = sqlx::query(
            "DELETE FROM padron_beneficiaries WHERE snapshot_id = $1 AND dni IN
             (SELECT dni FROM padron_beneficiaries WHERE snapshot_id = $1 LIMIT $2)",
        )
        .bind(snapshot_id)
        .bind(DELETE_CHUNK)
        .execute(&mut *conn)
        .await?;
        if done.rows_affected() == 0 {
            break;
        }
    }
    let mut conn = store.pool.acquire().await?;
    sqlx::query("DELETE FROM padron_snapshots WHERE id = $1")
        .bind(snapshot_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn purge_stale(conn: &mut Conn) -> Result<(), StoreError> {
    let stale = sqlx::query(
        "SELECT id, complete FROM padron_snapshots WHERE complete = 0
         OR id NOT IN (SELECT snapshot_id FROM padron_current)",
    )
    .fetch_all(&mut *conn)
    .await?;
    for r in stale {
        let id: i64 = r.try_get("id")?;
        // One that never became current: the events it brought first go too (a
        // replaced one's stay: they are the history).
        if r.try_get::<i64, _>("complete")? == 0 {
            sqlx::query("DELETE FROM padron_history WHERE snapshot_id = $1")
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
        sqlx::query("DELETE FROM padron_beneficiaries WHERE snapshot_id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        sqlx::query("DELETE FROM padron_snapshots WHERE id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Loads synthetic rows as the current padrón without a file (demo data, benchmark).
pub async fn replace_with(
    store: &Store,
    rows: impl IntoIterator<Item = Beneficiary>,
    data_date: NaiveDate,
    now: i64,
) -> Result<ImportReport, ImportError> {
    let mut conn = store.pool.acquire().await?;
    purge_stale(&mut conn).await?;
    let snapshot_id: i64 = sqlx::query(
        "INSERT INTO padron_snapshots (data_date, source, row_count, complete, imported_at)
         VALUES ($1, 'synthetic', 0, 0, $2) RETURNING id",
    )
    .bind(data_date.to_string())
    .bind(now)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    drop(conn);
    let full_sql = insert_sql(ROWS_PER_INSERT);
    let mut batch = Vec::with_capacity(ROWS_PER_INSERT);
    let mut count = 0u64;
    let mut tx = store.begin().await?;
    for b in rows {
        batch.push(b);
        if batch.len() == ROWS_PER_INSERT {
            insert_batch(&mut tx, &full_sql, snapshot_id, &batch).await?;
            count += batch.len() as u64;
            batch.clear();
            if count.is_multiple_of((ROWS_PER_INSERT * INSERTS_PER_TX) as u64) {
                tx.commit().await?;
                tx = store.begin().await?;
            }
        }
    }
    if !batch.is_empty() {
        insert_batch(&mut tx, &insert_sql(batch.len()), snapshot_id, &batch).await?;
        count += batch.len() as u64;
    }
    tx.commit().await?;
    let previous = make_current(store, snapshot_id, count).await?;
    if let Some(old) = previous {
        discard(store, old).await?;
    }
    Ok(ImportReport {
        snapshot_id,
        rows: count,
        data_date,
        replaced: previous,
    })
}

// ------------------------------------------------------------------------------------
// Queries (all scoped)
// ------------------------------------------------------------------------------------

/// A WHERE clause that keeps a query on the current snapshot and inside the scope,
/// plus its parameters; further conditions add their parameters after.
struct Scoped {
    clause: String,
    args: Vec<String>,
}

impl Scoped {
    fn new(scope: &Scope) -> Scoped {
        let mut s = Scoped {
            clause: "snapshot_id = (SELECT snapshot_id FROM padron_current WHERE singleton = 1)"
                .into(),
            args: vec![],
        };
        match scope {
            Scope::District(u) => {
                let p = s.arg(u.as_str());
                s.clause.push_str(&format!(" AND ubigeo = {p}"));
            }
            Scope::Region(r) => {
                let p = s.arg(r);
                s.clause.push_str(&format!(" AND region = {p}"));
            }
            Scope::National => {}
        }
        s
    }

    /// Adds a parameter, returning its placeholder.
    fn arg(&mut self, v: &str) -> String {
        self.args.push(v.to_owned());
        format!("${}", self.args.len())
    }

    fn and(mut self, condition: &str) -> Scoped {
        self.clause.push_str(" AND ");
        self.clause.push_str(condition);
        self
    }

    fn query<'q>(
        &'q self,
        sql: &'q str,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        let mut q = sqlx::query(sql);
        for a in &self.args {
            q = q.bind(a.as_str());
        }
        q
    }
}

async fn grouped(
    conn: &mut Conn,
    scoped: &Scoped,
    column: &str,
) -> Result<Vec<(String, i64)>, StoreError> {
    let sql = format!(
        "SELECT COALESCE({column}, '') AS k, COUNT(*) AS n FROM padron_beneficiaries
         WHERE {} GROUP BY COALESCE({column}, '')",
        scoped.clause
    );
    let rows = scoped.query(&sql).fetch_all(&mut *conn).await?;
    rows.into_iter()
        .map(|r| Ok((r.try_get("k")?, r.try_get("n")?)))
        .collect()
}

/// Totals per code, every code present (zero when absent), in declaration order.
fn complete<T: Copy>(
    all: &[T],
    as_str: fn(T) -> &'static str,
    found: Vec<(String, i64)>,
) -> Vec<(T, i64)> {
    all.iter()
        .map(|c| {
            let n = found
                .iter()
                .find(|(k, _)| k == as_str(*c))
                .map_or(0, |(_, n)| *n);
            (*c, n)
        })
        .collect()
}

/// Beneficiaries by status (vigentes, suspendidos, desafiliados).
pub async fn status_totals(
    conn: &mut Conn,
    scope: &Scope,
) -> Result<Vec<(Status, i64)>, StoreError> {
    let found = grouped(conn, &Scoped::new(scope), "status").await?;
    Ok(complete(Status::ALL, Status::as_str, found))
}

/// Payment authorisations by state.
pub async fn payment_totals(
    conn: &mut Conn,
    scope: &Scope,
) -> Result<Vec<(PaymentStatus, i64)>, StoreError> {
    let found = grouped(conn, &Scoped::new(scope), "payment_status").await?;
    Ok(complete(PaymentStatus::ALL, PaymentStatus::as_str, found))
}

/// The bimester's payments by state; beneficiaries without one (an old-format
/// padrón, or not paid this bimester) are not counted.
pub async fn collection_totals(
    conn: &mut Conn,
    scope: &Scope,
) -> Result<Vec<(Collection, i64)>, StoreError> {
    let found = grouped(conn, &Scoped::new(scope), "collection").await?;
    Ok(complete(Collection::ALL, Collection::as_str, found))
}

/// A beneficiary's history (authorisation, disaffiliation, payments), oldest first;
/// empty unless they are in the current padrón within the scope, as for a lookup.
pub async fn history(
    conn: &mut Conn,
    scope: &Scope,
    dni: &Dni,
) -> Result<Vec<HistoryEvent>, StoreError> {
    if !scope.sees_people() {
        return Ok(vec![]);
    }
    let mut scoped = Scoped::new(scope);
    let p = scoped.arg(dni.as_str());
    let scoped = scoped.and(&format!("dni = {p}"));
    let sql = format!(
        "SELECT kind, event_date, state, reason FROM padron_history WHERE dni = {p}
         AND EXISTS (SELECT 1 FROM padron_beneficiaries WHERE {})
         ORDER BY event_date, kind, state",
        scoped.clause
    );
    let rows = scoped.query(&sql).fetch_all(&mut *conn).await?;
    rows.into_iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            let date: String = r.try_get("event_date")?;
            Ok(HistoryEvent {
                kind: HistoryKind::parse(&kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("history kind {kind:?}")))?,
                date: date
                    .parse()
                    .map_err(|_| StoreError::Corrupt(format!("history date {date:?}")))?,
                state: r.try_get("state")?,
                reason: opt_text(&r, "reason")?,
            })
        })
        .collect()
}

/// Beneficiaries by padrón category (the Otro Aliado view).
pub async fn category_totals(
    conn: &mut Conn,
    scope: &Scope,
) -> Result<Vec<(Category, i64)>, StoreError> {
    let found = grouped(conn, &Scoped::new(scope), "category").await?;
    Ok(complete(Category::ALL, Category::as_str, found))
}

/// Category totals per region (department code), for the national summary download.
pub async fn category_by_region(
    conn: &mut Conn,
    scope: &Scope,
) -> Result<Vec<(String, Category, i64)>, StoreError> {
    let scoped = Scoped::new(scope);
    let sql = format!(
        "SELECT region, category, COUNT(*) AS n FROM padron_beneficiaries WHERE {}
         GROUP BY region, category ORDER BY region, category",
        scoped.clause
    );
    let rows = scoped.query(&sql).fetch_all(&mut *conn).await?;
    rows.into_iter()
        .map(|r| {
            let c: String = r.try_get("category")?;
            Ok((
                r.try_get("region")?,
                Category::parse(&c).ok_or_else(|| StoreError::Corrupt(format!("category {c}")))?,
                r.try_get("n")?,
            ))
        })
        .collect()
}

/// The condition for "minor without an authorised collector" on `today`: under 18,
/// not desafiliado, and no collector or the authorisation not granted.
fn minors_condition(scoped: &mut Scoped, today: NaiveDate) -> String {
    let cutoff = scoped.arg(&minor_cutoff(today).to_string());
    let granted = scoped.arg(PaymentStatus::Autorizado.as_str());
    let renewed = scoped.arg(PaymentStatus::Renovado.as_str());
    let gone = scoped.arg(Status::Desafiliado.as_str());
    format!(
        "birth_date > {cutoff} AND status <> {gone}
         AND (collector IS NULL OR payment_status NOT IN ({granted}, {renewed}))"
    )
}

pub async fn minors_without_collector(
    conn: &mut Conn,
    scope: &Scope,
    today: NaiveDate,
) -> Result<i64, StoreError> {
    let mut scoped = Scoped::new(scope);
    let cond = minors_condition(&mut scoped, today);
    let scoped = scoped.and(&cond);
    let sql = format!(
        "SELECT COUNT(*) AS n FROM padron_beneficiaries WHERE {}",
        scoped.clause
    );
    Ok(scoped
        .query(&sql)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")?)
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestTotals {
    pub conformes: i64,
    pub no_conformes: i64,
    /// The reasons of the no conformes, most frequent first.
    pub reasons: Vec<(String, i64)>,
}

/// Affiliation requests: conformes, no conformes and why.
pub async fn request_totals(conn: &mut Conn, scope: &Scope) -> Result<RequestTotals, StoreError> {
    let found = grouped(conn, &Scoped::new(scope), "request_state").await?;
    let count = |s: RequestState| {
        found
            .iter()
            .find(|(k, _)| k == s.as_str())
            .map_or(0, |(_, n)| *n)
    };
    let mut scoped = Scoped::new(scope);
    let p = scoped.arg(RequestState::NoConforme.as_str());
    let scoped = scoped.and(&format!("request_state = {p}"));
    let sql = format!(
        "SELECT COALESCE(request_reason, '') AS reason, COUNT(*) AS n FROM padron_beneficiaries
         WHERE {} GROUP BY COALESCE(request_reason, '') ORDER BY n DESC, reason",
        scoped.clause
    );
    let rows = scoped.query(&sql).fetch_all(&mut *conn).await?;
    let reasons = rows
        .into_iter()
        .map(|r| Ok::<_, sqlx::Error>((r.try_get("reason")?, r.try_get("n")?)))
        .collect::<Result<_, _>>()?;
    Ok(RequestTotals {
        conformes: count(RequestState::Conforme),
        no_conformes: count(RequestState::NoConforme),
        reasons,
    })
}

const ROW_COLUMNS: &str = "dni, nombres, apellidos, birth_date, ubigeo, status, payment_status, \
     collector, request_date, request_state, request_reason, category, auth_date, auth_reason, \
     disaffiliation_date, disaffiliation_reason, collection, collection_date";

fn beneficiary(r: AnyRow) -> Result<Beneficiary, StoreError> {
    let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("padron {what} {v:?}"));
    let text = |c: &str| r.try_get::<String, _>(c);
    let date = |v: String| v.parse::<NaiveDate>().map_err(|_| corrupt("date", &v));
    let dni = text("dni")?;
    let ubigeo = text("ubigeo")?;
    let status = text("status")?;
    let payment = text("payment_status")?;
    let category = text("category")?;
    Ok(Beneficiary {
        dni: Dni::parse(&dni).map_err(|_| corrupt("dni", "****"))?,
        names: text("nombres")?,
        surnames: text("apellidos")?,
        birth_date: date(text("birth_date")?)?,
        ubigeo: Ubigeo::parse(&ubigeo).map_err(|_| corrupt("ubigeo", &ubigeo))?,
        status: Status::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        payment_status: PaymentStatus::parse(&payment)
            .ok_or_else(|| corrupt("payment", &payment))?,
        collector: opt_text(&r, "collector")?,
        request_date: opt_text(&r, "request_date")?.map(date).transpose()?,
        request_state: match opt_text(&r, "request_state")? {
            None => None,
            Some(s) => Some(RequestState::parse(&s).ok_or_else(|| corrupt("request", &s))?),
        },
        request_reason: opt_text(&r, "request_reason")?,
        category: Category::parse(&category).ok_or_else(|| corrupt("category", &category))?,
        files: Files {
            auth_date: opt_text(&r, "auth_date")?.map(date).transpose()?,
            auth_reason: opt_text(&r, "auth_reason")?,
            disaffiliation_date: opt_text(&r, "disaffiliation_date")?.map(date).transpose()?,
            disaffiliation_reason: opt_text(&r, "disaffiliation_reason")?,
            collection: match opt_text(&r, "collection")? {
                None => None,
                Some(c) => Some(Collection::parse(&c).ok_or_else(|| corrupt("collection", &c))?),
            },
            collection_date: opt_text(&r, "collection_date")?.map(date).transpose()?,
        },
    })
}

/// One beneficiary by DNI, if they are in the scope. Outside it the answer is the
/// same as for a DNI nobody has: `None`. The national scope sees no one.
pub async fn lookup(
    conn: &mut Conn,
    scope: &Scope,
    dni: &Dni,
) -> Result<Option<Beneficiary>, StoreError> {
    if !scope.sees_people() {
        return Ok(None);
    }
    let mut scoped = Scoped::new(scope);
    let p = scoped.arg(dni.as_str());
    let scoped = scoped.and(&format!("dni = {p}"));
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM padron_beneficiaries WHERE {}",
        scoped.clause
    );
    let row = scoped.query(&sql).fetch_optional(&mut *conn).await?;
    row.map(beneficiary).transpose()
}

/// The lists an ally can download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PadronList {
    Status(Status),
    /// Everyone, with their payment authorisation state.
    Payments,
    /// Minors without an authorised collector.
    Minors,
    /// Everyone with an affiliation request (conforme or no conforme).
    Requests,
    /// Those whose bimester's payment was not collected (no cobraron).
    NotCollected,
}

impl PadronList {
    pub const ALL: [PadronList; 7] = [
        PadronList::Status(Status::Vigente),
        PadronList::Status(Status::Suspendido),
        PadronList::Status(Status::Desafiliado),
        PadronList::Payments,
        PadronList::Minors,
        PadronList::Requests,
        PadronList::NotCollected,
    ];

    /// Stable name: choice ids, file names, usage and access records.
    pub fn as_str(self) -> &'static str {
        match self {
            PadronList::Status(Status::Vigente) => "vigentes",
            PadronList::Status(Status::Suspendido) => "suspendidos",
            PadronList::Status(Status::Desafiliado) => "desafiliados",
            PadronList::Payments => "cobro",
            PadronList::Minors => "menores",
            PadronList::Requests => "solicitudes",
            PadronList::NotCollected => "nocobraron",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// The rows of a list, in DNI order. The national scope gets no rows.
pub async fn list(
    conn: &mut Conn,
    scope: &Scope,
    which: PadronList,
    today: NaiveDate,
) -> Result<Vec<Beneficiary>, StoreError> {
    if !scope.sees_people() {
        return Ok(vec![]);
    }
    let mut scoped = Scoped::new(scope);
    let cond = match which {
        PadronList::Status(s) => format!("status = {}", scoped.arg(s.as_str())),
        PadronList::Payments => "1 = 1".to_owned(),
        PadronList::Minors => minors_condition(&mut scoped, today),
        PadronList::Requests => "request_state IS NOT NULL".to_owned(),
        PadronList::NotCollected => {
            format!(
                "collection = {}",
                scoped.arg(Collection::NoCobrado.as_str())
            )
        }
    };
    let scoped = scoped.and(&cond);
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM padron_beneficiaries WHERE {} ORDER BY dni",
        scoped.clause
    );
    let rows = scoped.query(&sql).fetch_all(&mut *conn).await?;
    rows.into_iter().map(beneficiary).collect()
}

/// Marks a loaded snapshot complete and makes it the current one (inside the
/// caller's transaction, so queries see the old or the new snapshot, never half);
/// returns the snapshot it replaced.
async fn switch_snapshot(
    conn: &mut Conn,
    snapshot_id: i64,
    rows: u64,
) -> Result<Option<i64>, StoreError> {
    let previous = sqlx::query("SELECT snapshot_id FROM padron_current WHERE singleton = 1")
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get::<i64, _>("snapshot_id"))
        .transpose()?;
    sqlx::query("UPDATE padron_snapshots SET complete = 1, row_count = $1 WHERE id = $2")
        .bind(i64::try_from(rows).unwrap_or(i64::MAX))
        .bind(snapshot_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO padron_current (singleton, snapshot_id) VALUES (1, $1)
         ON CONFLICT (singleton) DO UPDATE SET snapshot_id = excluded.snapshot_id",
    )
    .bind(snapshot_id)
    .execute(&mut *conn)
    .await?;
    Ok(previous)
}
