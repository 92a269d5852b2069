//! Several statements in one round trip, and a write transaction opened and closed
//! by SQL inside them (issues 27 and 29: a turn, a claim and a send's mark cost one
//! or two round trips, not one per statement).
//!
//! - **SQLite**: a batch is several statements with bound values (`$n` is the n-th
//!   value in every statement). On the writer's connection, held by the caller, it
//!   runs on the caller's thread (`store::inline`): no hand-off at all. Elsewhere it
//!   goes through sqlx, which runs each connection on its own worker thread (every
//!   call a hand-off to it and back) and runs all the statements in one call.
//! - **PostgreSQL**: a prepared statement holds one statement, so a batch is sent as
//!   one simple query (`raw_sql`) with its values written into the text as typed,
//!   dollar-quoted literals ([`inline`]); the server runs the statements in order,
//!   each with a fresh snapshot, as if sent one by one.
//!
//! `BEGIN` travels with the first batch and `COMMIT` with the last, so the
//! transaction is not sqlx's: [`RawTx`] makes sure that a transaction ending any
//! other way (an error, a cancelled task) never hands its connection back to the
//! pool inside it.

use std::collections::HashMap;
use std::sync::Arc;

use sqlx::any::AnyRow;
use sqlx::{Executor, Row as _};

pub(crate) use super::inline::Inline;
use super::inline::Outcome;
use super::keep::Held;
use super::{Backend, Conn, Store, StoreError};

/// One bound value of a batch.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Arg<'a> {
    Int(i64),
    OptInt(Option<i64>),
    Text(&'a str),
    OptText(Option<&'a str>),
}

/// One value of a row a batch returned.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// A row a batch returned, its values by column name: the same whether the batch
/// ran on the caller's thread (`store::inline`) or through sqlx.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    columns: Arc<[Box<str>]>,
    values: Vec<Value>,
}

/// What a value of a batch's row can be read as.
pub(crate) trait FromValue: Sized {
    fn from_value(value: &Value) -> Option<Self>;
}

impl FromValue for i64 {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Int(v) => Some(*v),
            _ => None,
        }
    }
}

impl FromValue for String {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Text(v) => Some(v.clone()),
            _ => None,
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Null => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
}

impl Row {
    pub(crate) fn new(columns: Arc<[Box<str>]>, values: Vec<Value>) -> Self {
        Self { columns, values }
    }

    /// The value of column `name`, read as a `T`.
    pub(crate) fn try_get<T: FromValue>(&self, name: &str) -> Result<T, StoreError> {
        let at = self
            .columns
            .iter()
            .position(|c| &**c == name)
            .ok_or_else(|| StoreError::Corrupt(format!("a batch's row has no column {name}")))?;
        let value = &self.values[at];
        T::from_value(value).ok_or_else(|| {
            StoreError::Corrupt(format!(
                "column {name} of a batch's row holds {value:?}, not a {}",
                std::any::type_name::<T>()
            ))
        })
    }

    /// Whether the row has a column `name` (the statements of a batch return rows of
    /// their own shapes).
    pub(crate) fn has(&self, name: &str) -> bool {
        self.columns.iter().any(|c| &**c == name)
    }

    /// A row sqlx read, each value as the widest of its kind.
    fn of(row: &AnyRow) -> Result<Self, StoreError> {
        use sqlx::{Column as _, ValueRef as _};
        let columns: Arc<[Box<str>]> = row.columns().iter().map(|c| c.name().into()).collect();
        let mut values = Vec::with_capacity(columns.len());
        for i in 0..columns.len() {
            values.push(if row.try_get_raw(i)?.is_null() {
                Value::Null
            } else if let Ok(v) = row.try_get::<i64, _>(i) {
                Value::Int(v)
            } else if let Ok(v) = row.try_get::<String, _>(i) {
                Value::Text(v)
            } else if let Ok(v) = row.try_get::<f64, _>(i) {
                Value::Real(v)
            } else {
                Value::Blob(row.try_get::<Vec<u8>, _>(i)?)
            });
        }
        Ok(Self { columns, values })
    }
}

/// The rows sqlx read, as a batch's.
fn rows_of(rows: Vec<AnyRow>) -> Result<Vec<Row>, StoreError> {
    rows.iter().map(Row::of).collect()
}

/// Binds `args` in order (SQLite).
pub(crate) fn bind_all<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    args: &'q [Arg<'q>],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for arg in args {
        query = match arg {
            Arg::Int(v) => query.bind(*v),
            Arg::OptInt(v) => query.bind(*v),
            Arg::Text(v) => query.bind(*v),
            Arg::OptText(v) => query.bind(*v),
        };
    }
    query
}

/// A dollar-quoted PostgreSQL string literal of `s`: nothing inside it is an escape
/// whatever the server's settings, and its tag is one that `s` does not contain.
fn dollar_quoted(s: &str) -> String {
    let mut tag = String::from("$q$");
    let mut n = 0u32;
    while s.contains(&tag) {
        n += 1;
        tag = format!("$q{n}$");
    }
    format!("{tag}{s}{tag}")
}

/// The literal of one value, typed as a bound value of its kind would be.
fn literal(arg: &Arg<'_>) -> String {
    match arg {
        Arg::Int(v) | Arg::OptInt(Some(v)) => format!("CAST({v} AS BIGINT)"),
        Arg::OptInt(None) => "CAST(NULL AS BIGINT)".to_owned(),
        Arg::Text(s) | Arg::OptText(Some(s)) => format!("CAST({} AS TEXT)", dollar_quoted(s)),
        Arg::OptText(None) => "CAST(NULL AS TEXT)".to_owned(),
    }
}

/// `sql` with each placeholder `$n` replaced by the literal of `args[n - 1]`
/// (PostgreSQL). The statements this module runs have no `$` but their
/// placeholders; what is written in is never read again.
pub(crate) fn inline(sql: &str, args: &[Arg<'_>]) -> Result<String, StoreError> {
    let mut out = String::with_capacity(sql.len() + 16 * args.len());
    let mut rest = sql;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let digits = rest[at + 1..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len() - at - 1);
        let n: usize = rest[at + 1..at + 1 + digits]
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("a batch has a bare $ at {at}")))?;
        let arg = n
            .checked_sub(1)
            .and_then(|i| args.get(i))
            .ok_or_else(|| StoreError::Corrupt(format!("a batch has no value ${n}")))?;
        out.push_str(&literal(arg));
        rest = &rest[at + 1 + digits..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `sql` with each placeholder `$n` written `$(n + by)`: a statement whose values
/// come after `by` others in a batch.
pub(crate) fn shifted(sql: &str, by: usize) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut rest = sql;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..=at]);
        let digits = rest[at + 1..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len() - at - 1);
        match rest[at + 1..at + 1 + digits].parse::<usize>() {
            Ok(n) => out.push_str(&(n + by).to_string()),
            Err(_) => out.push_str(&rest[at + 1..at + 1 + digits]),
        }
        rest = &rest[at + 1 + digits..];
    }
    out.push_str(rest);
    out
}

/// Runs the statements of `sql` in one round trip on `conn`, returning the rows of
/// every statement that returns any, in order.
pub(crate) async fn run(
    conn: &mut Conn,
    backend: Backend,
    sql: &str,
    args: &[Arg<'_>],
) -> Result<Vec<Row>, StoreError> {
    match backend {
        Backend::Sqlite => fetch(None, conn, sql, args).await,
        Backend::Postgres => {
            // A text without values goes as one simple query. (`raw_sql` would do the
            // same, but its lifetimes make the future not `Send` for a spawned task.)
            let sql = inline(sql, args)?;
            rows_of(conn.fetch_all(sql.as_str()).await?)
        }
    }
}

/// Runs `sql` with bound values on `conn` (several statements only on SQLite): on
/// this thread through `inline`, the SQLite writer's handle, when the caller holds
/// the writer (`store::inline`); else, or when another connection holds a lock its
/// first statement needs, through sqlx (a round trip).
pub(crate) async fn fetch(
    inline: Option<&Inline>,
    conn: &mut Conn,
    sql: &str,
    args: &[Arg<'_>],
) -> Result<Vec<Row>, StoreError> {
    if let Some(inline) = inline {
        inline.after_sqlx(conn).await?;
        if let Outcome::Done(rows) = inline.run(sql, args)? {
            return Ok(rows);
        }
    }
    rows_of(bind_all(sqlx::query(sql), args).fetch_all(conn).await?)
}

/// [`fetch`] of one statement on the writer, taken for it (`Store::writer`).
pub(crate) async fn fetch_on_writer(
    store: &Store,
    sql: &str,
    args: &[Arg<'_>],
) -> Result<Vec<Row>, StoreError> {
    let mut held = store.writer().await?;
    let (inline, conn) = held.parts();
    let rows = fetch(inline, conn, sql, args).await?;
    held.give_back();
    Ok(rows)
}

/// Statement texts built once for each shape (a count of rows, a mix of kinds) and
/// kept, so a hot path neither formats kilobytes of text each time nor hands sqlx a
/// new text to parse and prepare. Bounded: past 256 shapes it starts over.
pub(crate) struct Kept<K>(std::sync::OnceLock<std::sync::Mutex<HashMap<K, Arc<str>>>>);

impl<K: std::hash::Hash + Eq> Kept<K> {
    pub(crate) const fn new() -> Self {
        Self(std::sync::OnceLock::new())
    }

    /// The text of `key`, built by `build` the first time.
    pub(crate) fn text(&self, key: K, build: impl FnOnce(&K) -> String) -> Arc<str> {
        let texts = self.0.get_or_init(Default::default);
        if let Some(text) = texts.lock().ok().and_then(|t| t.get(&key).cloned()) {
            return text;
        }
        let text: Arc<str> = build(&key).into();
        if let Ok(mut kept) = texts.lock() {
            if kept.len() >= 256 {
                kept.clear();
            }
            kept.insert(key, text.clone());
        }
        text
    }
}

/// The backend of a connection.
pub(crate) fn backend_of(conn: &Conn) -> Backend {
    if conn.backend_name() == "PostgreSQL" {
        Backend::Postgres
    } else {
        Backend::Sqlite
    }
}

/// A write transaction opened by SQL in a batch: [`RawTx::begin`] sends `BEGIN`
/// with the first statements, [`RawTx::commit`] `COMMIT` with the last. Dropped
/// open (an error, a cancelled task), its connection is closed rather than given back
/// to the pool, which ends the transaction (rolled back).
pub(crate) struct RawTx {
    /// The writer (SQLite: its batches run on this thread, `store::inline`).
    conn: Option<Held>,
    backend: Backend,
    /// When the connection was taken (on SQLite, the writer's: its use starts here).
    acquired: std::time::Instant,
}

impl Drop for RawTx {
    fn drop(&mut self) {
        if let Some(conn) = &mut self.conn {
            conn.close_on_drop();
        }
    }
}

impl RawTx {
    /// Takes a connection and runs `BEGIN` (SQLite: `BEGIN IMMEDIATE`, the write lock
    /// up front) and `sql` in one round trip. On an error nothing stays open.
    pub(crate) async fn begin(
        store: &Store,
        sql: &str,
        args: &[Arg<'_>],
    ) -> Result<(Self, Vec<Row>), StoreError> {
        let begin = match store.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        let mut tx = Self::acquire(store).await?;
        let rows = tx.run(&format!("{begin};\n{sql}"), args).await?;
        Ok((tx, rows))
    }

    /// Takes a connection for a transaction that the caller's first batch opens
    /// (with `BEGIN IMMEDIATE` on SQLite): no round trip yet.
    pub(crate) async fn acquire(store: &Store) -> Result<Self, StoreError> {
        Ok(Self {
            conn: Some(store.writer().await?),
            backend: store.backend,
            acquired: std::time::Instant::now(),
        })
    }

    /// Runs `sql` in one round trip; on an error the transaction is left as the
    /// database left it, for the caller to roll back to a savepoint or end.
    pub(crate) async fn try_run(
        &mut self,
        sql: &str,
        args: &[Arg<'_>],
    ) -> Result<Vec<Row>, StoreError> {
        let Self {
            conn: Some(held),
            backend,
            ..
        } = self
        else {
            unreachable!("a finished transaction is consumed")
        };
        let (inline, conn) = held.parts();
        match backend {
            Backend::Sqlite => fetch(inline, conn, sql, args).await,
            Backend::Postgres => run(conn, Backend::Postgres, sql, args).await,
        }
    }

    /// Whether the connection is still held (not ended in doubt).
    pub(crate) fn is_open(&self) -> bool {
        self.conn.is_some()
    }

    /// When the connection was taken (`Store::writer`).
    pub(crate) fn acquired(&self) -> std::time::Instant {
        self.acquired
    }

    /// The connection, inside the transaction. On SQLite the transaction's batches
    /// run on it from this thread (`store::inline`): every call made on it is awaited
    /// to its end before the next batch (a call given up half-way would still be
    /// running on sqlx's thread); a caller given up altogether drops the
    /// transaction, and the connection with it.
    pub(crate) fn conn(&mut self) -> &mut Conn {
        match &mut self.conn {
            Some(conn) => conn,
            None => unreachable!("a finished transaction is consumed"),
        }
    }

    /// Runs `sql` in the transaction in one round trip; on an error the transaction
    /// is rolled back and ended.
    pub(crate) async fn run(
        &mut self,
        sql: &str,
        args: &[Arg<'_>],
    ) -> Result<Vec<Row>, StoreError> {
        let result = self.try_run(sql, args).await;
        if result.is_err() {
            self.end("ROLLBACK").await;
        }
        result
    }

    /// Runs `sql` and `COMMIT` in one round trip, returning `sql`'s rows.
    pub(crate) async fn commit(
        mut self,
        sql: &str,
        args: &[Arg<'_>],
    ) -> Result<Vec<Row>, StoreError> {
        let sql = if sql.is_empty() {
            "COMMIT".to_owned()
        } else {
            format!("{sql};\nCOMMIT")
        };
        let rows = self.run(&sql, args).await?;
        // Committed: the writer is given back whole.
        self.give_back();
        Ok(rows)
    }

    /// Runs `sql`, which ends with `COMMIT`, in one round trip: committed, the
    /// writer is given back (`store::keep`); on an error the transaction stays as the
    /// error left it, for the caller to undo what it can.
    pub(crate) async fn try_commit(
        &mut self,
        sql: &str,
        args: &[Arg<'_>],
    ) -> Result<Vec<Row>, StoreError> {
        let rows = self.try_run(sql, args).await?;
        self.give_back();
        Ok(rows)
    }

    /// Gives the writer back: no transaction was opened on it.
    pub(crate) fn hand_back(mut self) {
        self.give_back();
    }

    /// Every call on the connection ended with no transaction open: kept for the
    /// store's next user of the writer, or given back to the pool (`store::keep`).
    fn give_back(&mut self) {
        if let Some(held) = self.conn.take() {
            held.give_back();
        }
    }

    /// Undoes everything the transaction wrote.
    pub(crate) async fn rollback(mut self) {
        self.end("ROLLBACK").await;
    }

    /// Rolls back a transaction whose state is in doubt (a savepoint could not be
    /// undone); a later batch on it fails, as the connection is given up.
    pub(crate) async fn end_in_doubt(&mut self) {
        self.end("ROLLBACK").await;
    }

    /// Ends the transaction with `sql`; when that fails, in doubt whether a
    /// transaction is still open, the connection is closed instead of reused (also
    /// when the batch failed before its `BEGIN`: rare, and a new connection is cheap).
    async fn end(&mut self, sql: &str) {
        if let Some(mut conn) = self.conn.take() {
            if conn.execute(sql).await.is_ok() {
                conn.give_back();
            } else {
                conn.close_on_drop();
            }
        }
    }
}

/// Runs `sql` in one write transaction, `BEGIN`, the statements and `COMMIT` in one
/// round trip; returns the rows of the statements that return any.
pub(crate) async fn transaction(
    store: &Store,
    sql: &str,
    args: &[Arg<'_>],
) -> Result<Vec<Row>, StoreError> {
    let (mut tx, rows) = RawTx::begin(store, &format!("{sql};\nCOMMIT"), args).await?;
    // Committed by the batch itself.
    tx.give_back();
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shifted_statement_takes_its_values_after_the_others() {
        assert_eq!(
            shifted("UPDATE t SET a = $1, b = $12 WHERE c = $2", 6),
            "UPDATE t SET a = $7, b = $18 WHERE c = $8"
        );
        assert_eq!(shifted("SELECT 1", 3), "SELECT 1");
    }

    #[test]
    fn values_are_written_in_as_typed_literals_that_nothing_inside_escapes() {
        let args = [
            Arg::Int(-7),
            Arg::Text("it's $q$ and \\' too"),
            Arg::OptText(None),
            Arg::OptInt(None),
        ];
        let sql = inline("SELECT $1, $2, $3, $4, $1 + $10", &args[..]);
        assert!(
            sql.is_err(),
            "a missing value is an error, not an empty slot"
        );
        let sql = inline("SELECT $1, $2, $3, $4, $1 * 1000", &args).expect("inline");
        assert_eq!(
            sql,
            "SELECT CAST(-7 AS BIGINT), CAST($q1$it's $q$ and \\' too$q1$ AS TEXT), \
             CAST(NULL AS TEXT), CAST(NULL AS BIGINT), CAST(-7 AS BIGINT) * 1000"
        );
    }
}
