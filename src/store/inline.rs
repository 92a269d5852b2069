//! The SQLite writer's batches run on the caller's thread (issue 27's lean turn).
//!
//! sqlx runs a SQLite connection on a thread of its own: every call is a hand-off
//! to it and back, and each statement's result and each row comes back as a message
//! of its own (`benches/sqlite_handoff.rs`: some 150 µs of CPU and 15 task switches
//! a round trip, against 15 µs for the same statements run where they are asked
//! for). So the hot path's batches (a turn's reads and writes, the claims, the
//! door's inserts) run on the writer's own connection, the same `sqlite3` handle,
//! from the task that holds it:
//!
//! - **The handle.** Every SQLite connection opened in the process gets a function
//!   `contigo_handle()` (an auto-extension, [`register`]) that returns its handle;
//!   the writer's pool asks for it once, as it connects ([`Writer::adopt`]).
//! - **One user at a time.** A batch runs here only while its caller holds the
//!   writer's pooled connection and no call through sqlx on it is under way (every
//!   such call is awaited: nothing cancels one and goes on). sqlx answers some calls
//!   before its thread is done with them (a `fetch_optional` that found no row, an
//!   error: its statement is reset after the answer), so when sqlx ran statements on
//!   the connection since the last batch here (SQLite's `SQLITE_TRACE_STMT` counts
//!   them), the batch first pings it: the answer comes after that work
//!   ([`Inline::after_sqlx`]). The pool pings a connection as it comes back, so one
//!   just taken from it is idle; one kept between the store's users (`store::keep`)
//!   was given back with every call on it ended, and what sqlx started on it since
//!   the last batch here is waited for as above. The connection is opened without
//!   SQLite's own mutex (multi-thread mode: one thread at a time, any thread).
//! - **Prepared once.** A batch's statements are prepared through SQLite's C API
//!   (`rusqlite::ffi`) the first time and kept (a turn's reads take some 100 µs to
//!   prepare), found again by where the batch's text is (texts are built once and
//!   kept) and checked against it. SQLite refuses to close a connection with
//!   statements of its own still prepared, and sqlx closes the writer's when it
//!   likes (a pool closing, a connection given up), so the statements are finalized
//!   as the connection closes, from SQLite's close callback (`SQLITE_TRACE_CLOSE`),
//!   on the thread that closes it, before SQLite looks for them.
//! - **Never waiting for a lock here.** A batch that starts outside a transaction
//!   (its `BEGIN`, or a statement of its own) asks for SQLite's locks without waiting
//!   ([`Outcome::Busy`]): another connection holding the write lock (an import, a
//!   checkpoint cutting the WAL) would have a tokio worker sleep in SQLite's busy
//!   handler. Busy, nothing ran, and the caller sends the batch through sqlx, whose
//!   thread waits as it always did.

use std::collections::HashMap;
use std::ffi::{CStr, c_char, c_int, c_uint, c_void};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Once};

use rusqlite::ffi;

use super::batch::{Arg, Row, Value};
use super::{BUSY_TIMEOUT_MS, Conn, StoreError};

/// The SQL function that returns the handle of the connection it runs on.
const HANDLE_FUNCTION: &CStr = c"contigo_handle";

/// Batches kept prepared on the writer's connection, at most (a turn's texts of
/// every shape, the claims', the door's): past it they are prepared again.
const KEPT_BATCHES: usize = 256;

/// Gives every SQLite connection opened from now on the function `contigo_handle()`.
/// Idempotent.
pub(crate) fn register() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: `add_handle_function` has the signature SQLite calls it with.
        let rc = unsafe { ffi::sqlite3_auto_extension(Some(add_handle_function)) };
        if rc != ffi::SQLITE_OK {
            tracing::warn!(rc, "SQLite's writer keeps sending each batch to its thread");
        }
    });
}

/// Adds `contigo_handle()` to a connection being opened (SQLite's auto-extension).
unsafe extern "C" fn add_handle_function(
    db: *mut ffi::sqlite3,
    _error: *mut *mut c_char,
    _api: *const ffi::sqlite3_api_routines,
) -> c_int {
    // SAFETY: `db` is the connection being opened; the name is a C string that
    // SQLite copies. Direct only: no trigger or view can call it.
    unsafe {
        ffi::sqlite3_create_function_v2(
            db,
            HANDLE_FUNCTION.as_ptr(),
            0,
            ffi::SQLITE_UTF8 | ffi::SQLITE_DIRECTONLY,
            std::ptr::null_mut(),
            Some(handle_of),
            None,
            None,
            None,
        )
    }
}

/// `contigo_handle()`: the address of the connection's handle.
unsafe extern "C" fn handle_of(
    ctx: *mut ffi::sqlite3_context,
    _argc: c_int,
    _argv: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: `ctx` is the context SQLite calls the function with.
    unsafe { ffi::sqlite3_result_int64(ctx, ffi::sqlite3_context_db_handle(ctx) as usize as i64) }
}

/// The writer's connection as seen from here: the handle of the one the pool holds
/// now (the writer's pool has a single connection), and how many batches ran here.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    current: Mutex<Option<Arc<Handle>>>,
    /// Batches run on the caller's thread, and sent through sqlx as another
    /// connection held a lock.
    pub(crate) inline_batches: AtomicU64,
    pub(crate) busy_batches: AtomicU64,
    /// Times a batch first waited for sqlx's thread to be done ([`Inline::after_sqlx`]).
    pub(crate) waited: AtomicU64,
}

/// One connection's handle and the statements prepared on it.
struct Handle {
    db: *mut ffi::sqlite3,
    prepared: Mutex<Option<Prepared>>,
    /// The connection closed (its statements finalized): nothing runs here again.
    closed: AtomicBool,
    /// Statements started on the connection, by anyone (SQLite's `SQLITE_TRACE_STMT`).
    started: AtomicU64,
    /// [`Handle::started`] when this side last knew sqlx's thread idle: after its own
    /// batch, or when the connection came from the pool.
    seen: AtomicU64,
}

impl std::fmt::Debug for Handle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handle")
            .field("closed", &self.closed.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

// SAFETY: the handle is used by one thread at a time (see the module's notes): the
// statements behind the mutex, the connection only by whoever holds the writer.
unsafe impl Send for Handle {}
unsafe impl Sync for Handle {}

impl Writer {
    /// Learns the handle of the writer's new connection `conn` (as the pool connects
    /// it) and has SQLite finalize the statements kept for it as it closes.
    pub(crate) async fn adopt(&self, conn: &mut Conn) -> Result<(), StoreError> {
        use sqlx::Row as _;
        // Whatever happens below, the handle of a connection before this one is not
        // this one's.
        *lock(&self.current) = None;
        let row = sqlx::query("SELECT contigo_handle() AS h")
            .fetch_one(&mut *conn)
            .await?;
        let db = row.try_get::<i64, _>("h")? as usize as *mut ffi::sqlite3;
        let handle = Arc::new(Handle {
            db,
            prepared: Mutex::new(None),
            closed: AtomicBool::new(false),
            started: AtomicU64::new(0),
            seen: AtomicU64::new(0),
        });
        let ctx = Arc::into_raw(handle.clone()) as *mut c_void;
        let mask = (ffi::SQLITE_TRACE_CLOSE | ffi::SQLITE_TRACE_STMT) as c_uint;
        // SAFETY: the connection is ours and idle (the pool is connecting it); the
        // callback owns one count of `handle` until the connection closes.
        let rc = unsafe { ffi::sqlite3_trace_v2(db, mask, Some(on_trace), ctx) };
        if rc != ffi::SQLITE_OK {
            // SAFETY: the count given to the callback, which will never run.
            unsafe { Arc::decrement_strong_count(ctx as *const Handle) };
            return Err(StoreError::Corrupt(format!(
                "SQLite refused the writer's close callback ({rc})"
            )));
        }
        *lock(&self.current) = Some(handle);
        Ok(())
    }

    /// The writer's connection's handle, while it is open, to run batches on. Only
    /// for whoever holds that connection, just taken from the pool (which pinged it
    /// on sqlx's thread as it came back: that thread is idle).
    pub(crate) fn inline(self: &Arc<Self>) -> Option<Inline> {
        let inline = self.inline_kept()?;
        inline.handle.idle_now();
        Some(inline)
    }

    /// [`Writer::inline`] for whoever holds the connection given back whole by the
    /// store's last user of it (`store::keep`), not pinged since: a statement sqlx
    /// started on it since a batch here is waited for ([`Inline::after_sqlx`]).
    pub(crate) fn inline_kept(self: &Arc<Self>) -> Option<Inline> {
        let handle = lock(&self.current)
            .as_ref()
            .filter(|h| !h.closed.load(Ordering::Acquire))
            .cloned()?;
        Some(Inline {
            writer: self.clone(),
            handle,
        })
    }
}

/// The writer's connection, held by the caller, to run batches on from its thread.
#[derive(Debug, Clone)]
pub(crate) struct Inline {
    writer: Arc<Writer>,
    handle: Arc<Handle>,
}

impl Inline {
    /// Waits until sqlx's thread for the connection is idle, when sqlx ran
    /// statements on it since this side last knew it idle: sqlx answers a call
    /// before its thread is done with it (a `fetch_optional` that found no row, an
    /// error: the statement is reset after), and its answer to a ping comes after
    /// that. Before each [`Inline::run`].
    pub(crate) async fn after_sqlx(&self, conn: &mut Conn) -> Result<(), StoreError> {
        use sqlx::Connection as _;
        if self.handle.started.load(Ordering::Acquire) != self.handle.seen.load(Ordering::Acquire) {
            conn.ping().await?;
            self.writer.waited.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    /// Runs the statements of `sql` (`$n` the n-th of `args` in each) on the
    /// connection, from this thread; sqlx's thread is idle (see [`Inline::after_sqlx`]).
    pub(crate) fn run(&self, sql: &str, args: &[Arg<'_>]) -> Result<Outcome, StoreError> {
        let outcome = self.handle.run(sql, args);
        self.handle.idle_now();
        let outcome = outcome?;
        let count = match outcome {
            Outcome::Done(_) => &self.writer.inline_batches,
            Outcome::Busy => &self.writer.busy_batches,
        };
        count.fetch_add(1, Ordering::Relaxed);
        Ok(outcome)
    }
}

/// SQLite's trace callback for the writer's connection: a statement starts (counted,
/// whoever runs it), or the connection closes (its statements are finalized before
/// SQLite looks for any left).
unsafe extern "C" fn on_trace(
    kind: c_uint,
    ctx: *mut c_void,
    _db: *mut c_void,
    _unused: *mut c_void,
) -> c_int {
    if kind == ffi::SQLITE_TRACE_STMT as c_uint {
        // SAFETY: `ctx` is the handle's count held by this callback until the close.
        let handle = unsafe { &*(ctx as *const Handle) };
        handle.started.fetch_add(1, Ordering::AcqRel);
    } else if kind == ffi::SQLITE_TRACE_CLOSE as c_uint {
        // SAFETY: `ctx` is the count of the handle given in `Writer::adopt`, still
        // held: it is given back once, below, as the connection closes.
        let handle = unsafe { &*(ctx as *const Handle) };
        if !handle.closed.swap(true, Ordering::AcqRel) {
            // Dropping the statements finalizes them.
            drop(lock(&handle.prepared).take());
            // SAFETY: the count given to this callback, given back once.
            unsafe { Arc::decrement_strong_count(ctx as *const Handle) };
        }
    }
    0
}

pub(super) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// How a batch run here ended.
pub(crate) enum Outcome {
    /// Every statement ran: the rows of those that return any, in order.
    Done(Vec<Row>),
    /// Its first statement found a lock held by another connection: nothing ran
    /// (send it through sqlx, which waits).
    Busy,
}

impl Handle {
    /// Notes that sqlx's thread has nothing of the connection's under way: every
    /// statement started so far was this side's, or is done.
    fn idle_now(&self) {
        self.seen
            .store(self.started.load(Ordering::Acquire), Ordering::Release);
    }

    fn run(&self, sql: &str, args: &[Arg<'_>]) -> Result<Outcome, StoreError> {
        let mut prepared = lock(&self.prepared);
        if self.closed.load(Ordering::Acquire) {
            return Err(StoreError::Corrupt(
                "the writer's connection is closed".into(),
            ));
        }
        let prepared = prepared.get_or_insert_with(|| Prepared {
            db: self.db,
            by_place: HashMap::new(),
            by_text: HashMap::new(),
        });
        prepared.run(sql, args)
    }
}

/// The batches prepared on one connection, found by where their text is (a text
/// is built once and kept: `batch::Kept`, statics), checked against it, else by
/// the text itself.
struct Prepared {
    db: *mut ffi::sqlite3,
    by_place: HashMap<(usize, usize), Rc<Batch>>,
    by_text: HashMap<Box<str>, Rc<Batch>>,
}

/// A batch's text and its statements, prepared.
struct Batch {
    text: Box<str>,
    pieces: Vec<Piece>,
}

/// One statement of a batch, prepared: which of the batch's values each of its
/// parameters takes, and its columns' names.
struct Piece {
    stmt: std::ptr::NonNull<ffi::sqlite3_stmt>,
    params: Box<[usize]>,
    columns: Arc<[Box<str>]>,
}

impl Drop for Piece {
    fn drop(&mut self) {
        // SAFETY: prepared by `first_statement`, finalized once, on the connection
        // still open (see the module's notes).
        unsafe { ffi::sqlite3_finalize(self.stmt.as_ptr()) };
    }
}

/// Why a statement failed: SQLite's (extended) code and message.
struct Failure {
    code: c_int,
    message: String,
}

impl Failure {
    /// The connection's last error.
    fn of(db: *mut ffi::sqlite3, code: c_int) -> Self {
        // SAFETY: read before anything else runs on the connection.
        let message = unsafe { CStr::from_ptr(ffi::sqlite3_errmsg(db)) }
            .to_string_lossy()
            .into_owned();
        Self { code, message }
    }

    fn into_error(self) -> StoreError {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(
            ffi::Error::new(self.code),
            Some(self.message),
        ))
    }
}

impl Prepared {
    fn run(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<Outcome, StoreError> {
        let batch = self.batch(sql)?;
        // SAFETY: reading the connection's state; it is ours.
        let autocommit = unsafe { ffi::sqlite3_get_autocommit(self.db) } != 0;
        let mut rows = vec![];
        for (i, piece) in batch.pieces.iter().enumerate() {
            let wait = !(autocommit && i == 0);
            if let Err(failure) = self.step(piece, args, &mut rows, wait) {
                if !wait && failure.code & 0xff == ffi::SQLITE_BUSY {
                    return Ok(Outcome::Busy);
                }
                return Err(failure.into_error());
            }
        }
        Ok(Outcome::Done(rows))
    }

    /// The batch of `sql`, prepared the first time.
    fn batch(&mut self, sql: &str) -> Result<Rc<Batch>, StoreError> {
        let place = (sql.as_ptr() as usize, sql.len());
        if let Some(batch) = self.by_place.get(&place)
            && *batch.text == *sql
        {
            return Ok(batch.clone());
        }
        let batch = match self.by_text.get(sql) {
            Some(batch) => batch.clone(),
            None => {
                if self.by_text.len() >= KEPT_BATCHES {
                    self.by_text.clear();
                    self.by_place.clear();
                }
                let batch = Rc::new(Batch {
                    text: sql.into(),
                    pieces: split(self.db, sql)?,
                });
                self.by_text.insert(sql.into(), batch.clone());
                batch
            }
        };
        if self.by_place.len() >= KEPT_BATCHES {
            self.by_place.clear();
        }
        self.by_place.insert(place, batch.clone());
        Ok(batch)
    }

    /// Runs one statement, its rows added to `rows`; `wait`: for a lock as long as
    /// the connection's busy timeout (else not at all).
    fn step(
        &self,
        piece: &Piece,
        args: &[Arg<'_>],
        rows: &mut Vec<Row>,
        wait: bool,
    ) -> Result<(), Failure> {
        let stmt = piece.stmt.as_ptr();
        let _not_waiting = NotWaiting::start(self.db, wait);
        let result = bind(stmt, &piece.params, args).and_then(|()| {
            loop {
                // SAFETY: a prepared statement of this connection, its values bound.
                match unsafe { ffi::sqlite3_step(stmt) } {
                    ffi::SQLITE_ROW => rows.push(Row::new(piece.columns.clone(), values(stmt))),
                    ffi::SQLITE_DONE => break Ok(()),
                    code => break Err(Failure::of(self.db, code)),
                }
            }
        });
        // SAFETY: as above; the statement is ready for its next run and holds none
        // of `args` (bound without copying: they live until here).
        unsafe {
            ffi::sqlite3_reset(stmt);
            ffi::sqlite3_clear_bindings(stmt);
        }
        result
    }
}

/// Binds each parameter of `stmt` to its value of `args` (none: NULL), without
/// copying: the values live until the statement is reset.
fn bind(stmt: *mut ffi::sqlite3_stmt, params: &[usize], args: &[Arg<'_>]) -> Result<(), Failure> {
    for (i, &arg) in params.iter().enumerate() {
        let slot = (i + 1) as c_int;
        // SAFETY: a prepared statement; each text outlives the statement's run.
        let rc = unsafe {
            match args.get(arg) {
                Some(Arg::Int(v)) | Some(Arg::OptInt(Some(v))) => {
                    ffi::sqlite3_bind_int64(stmt, slot, *v)
                }
                Some(Arg::Text(v)) | Some(Arg::OptText(Some(v))) => {
                    match c_int::try_from(v.len()) {
                        Ok(len) => ffi::sqlite3_bind_text(
                            stmt,
                            slot,
                            v.as_ptr().cast(),
                            len,
                            ffi::SQLITE_STATIC(),
                        ),
                        Err(_) => ffi::SQLITE_TOOBIG,
                    }
                }
                Some(Arg::OptInt(None)) | Some(Arg::OptText(None)) | None => {
                    ffi::sqlite3_bind_null(stmt, slot)
                }
            }
        };
        if rc != ffi::SQLITE_OK {
            // SAFETY: the statement's connection.
            return Err(Failure::of(unsafe { ffi::sqlite3_db_handle(stmt) }, rc));
        }
    }
    Ok(())
}

/// The values of the row `stmt` stands on.
fn values(stmt: *mut ffi::sqlite3_stmt) -> Vec<Value> {
    // SAFETY: the statement returned a row; each value is read (and copied) before
    // the next step.
    unsafe {
        let n = ffi::sqlite3_column_count(stmt);
        (0..n)
            .map(|i| match ffi::sqlite3_column_type(stmt, i) {
                ffi::SQLITE_INTEGER => Value::Int(ffi::sqlite3_column_int64(stmt, i)),
                ffi::SQLITE_FLOAT => Value::Real(ffi::sqlite3_column_double(stmt, i)),
                ffi::SQLITE_TEXT => {
                    let bytes = column_bytes(ffi::sqlite3_column_text(stmt, i), stmt, i);
                    Value::Text(match std::str::from_utf8(bytes) {
                        Ok(text) => text.to_owned(),
                        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
                    })
                }
                ffi::SQLITE_BLOB => Value::Blob(
                    column_bytes(ffi::sqlite3_column_blob(stmt, i).cast(), stmt, i).to_vec(),
                ),
                _ => Value::Null,
            })
            .collect()
    }
}

/// The bytes of column `i` at `ptr` (as `sqlite3_column_text` or `_blob` gave it).
///
/// # Safety
/// `ptr` is what SQLite returned for the column just now.
unsafe fn column_bytes<'a>(ptr: *const u8, stmt: *mut ffi::sqlite3_stmt, i: c_int) -> &'a [u8] {
    // SAFETY: the length SQLite gives for the pointer it gave.
    unsafe {
        let len = ffi::sqlite3_column_bytes(stmt, i) as usize;
        if ptr.is_null() || len == 0 {
            &[]
        } else {
            std::slice::from_raw_parts(ptr, len)
        }
    }
}

/// While alive, the connection asks for locks without waiting (the first statement
/// of a batch that starts outside a transaction: its locks are taken as it starts);
/// the busy timeout is set back as it is dropped.
struct NotWaiting(Option<*mut ffi::sqlite3>);

impl NotWaiting {
    fn start(db: *mut ffi::sqlite3, wait: bool) -> Self {
        if wait {
            return Self(None);
        }
        // SAFETY: the connection is ours; setting its busy handler runs nothing.
        unsafe { ffi::sqlite3_busy_timeout(db, 0) };
        Self(Some(db))
    }
}

impl Drop for NotWaiting {
    fn drop(&mut self) {
        if let Some(db) = self.0 {
            // SAFETY: as in `start`.
            unsafe { ffi::sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS as c_int) };
        }
    }
}

/// The statements of `sql`, prepared to be kept, each with its values and its
/// columns' names.
fn split(db: *mut ffi::sqlite3, sql: &str) -> Result<Vec<Piece>, StoreError> {
    let mut pieces = vec![];
    let mut rest = sql;
    loop {
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ';');
        if trimmed.is_empty() {
            return Ok(pieces);
        }
        let (piece, tail) = first_statement(db, trimmed)?;
        pieces.extend(piece);
        rest = tail;
    }
}

/// The first statement of `sql`, prepared (none when it is only a comment), and
/// the text after it.
fn first_statement(db: *mut ffi::sqlite3, sql: &str) -> Result<(Option<Piece>, &str), StoreError> {
    let len = c_int::try_from(sql.len())
        .map_err(|_| StoreError::Corrupt("a batch longer than SQLite takes".into()))?;
    let mut stmt = std::ptr::null_mut();
    let mut tail: *const c_char = std::ptr::null();
    // SAFETY: the text and its length are valid; the statement is finalized by its
    // `Piece`, or below.
    let rc = unsafe {
        ffi::sqlite3_prepare_v3(
            db,
            sql.as_ptr().cast(),
            len,
            ffi::SQLITE_PREPARE_PERSISTENT,
            &mut stmt,
            &mut tail,
        )
    };
    if rc != ffi::SQLITE_OK {
        return Err(Failure::of(db, rc).into_error());
    }
    // SAFETY: `tail` points into `sql`, at or after its start.
    let used = unsafe { tail.offset_from(sql.as_ptr().cast()) } as usize;
    let Some(stmt) = std::ptr::NonNull::new(stmt) else {
        return Ok((None, &sql[used..]));
    };
    match describe(stmt.as_ptr()) {
        Ok((params, columns)) => Ok((
            Some(Piece {
                stmt,
                params,
                columns,
            }),
            &sql[used..],
        )),
        Err(e) => {
            // SAFETY: prepared above, never kept.
            unsafe { ffi::sqlite3_finalize(stmt.as_ptr()) };
            Err(e)
        }
    }
}

/// Which value each parameter of `stmt` takes (`$n`: the n-th; `?`: the next), and
/// the names of its columns.
#[allow(clippy::type_complexity)]
fn describe(stmt: *mut ffi::sqlite3_stmt) -> Result<(Box<[usize]>, Arc<[Box<str>]>), StoreError> {
    // SAFETY: `stmt` is a prepared statement; names are read while it lives.
    unsafe {
        let count = ffi::sqlite3_bind_parameter_count(stmt);
        let mut params = Vec::with_capacity(count as usize);
        for i in 1..=count {
            let name = ffi::sqlite3_bind_parameter_name(stmt, i);
            let n = if name.is_null() {
                i as usize
            } else {
                let name = CStr::from_ptr(name).to_string_lossy();
                name.strip_prefix(['$', '?'])
                    .and_then(|n| n.parse::<usize>().ok())
                    .ok_or_else(|| StoreError::Corrupt(format!("a batch has a parameter {name}")))?
            };
            params.push(
                n.checked_sub(1)
                    .ok_or_else(|| StoreError::Corrupt("a batch has a parameter $0".into()))?,
            );
        }
        let columns = ffi::sqlite3_column_count(stmt);
        let names: Vec<Box<str>> = (0..columns)
            .map(|i| {
                let name = ffi::sqlite3_column_name(stmt, i);
                if name.is_null() {
                    Box::from("")
                } else {
                    CStr::from_ptr(name).to_string_lossy().into()
                }
            })
            .collect();
        Ok((params.into(), names.into()))
    }
}
