//! The SQLite writer kept between the store's own users of it (issue 27's lean turn).
//!
//! sqlx pings a pooled connection on the connection's thread each time it is given
//! back (`PoolConnection`'s release, to flush what a call given up half-way left): a
//! hand-off of some 34–48 µs of CPU and five task switches when measured alone
//! (`benches/sqlite_handoff.rs`). At one chat a turn gave the writer back four or
//! five times, one after another (the door's insert and its look for more, the intake
//! group, the sender's claim). So the store's own users of the writer (those, the
//! settles and the checkpoints) take it through a [`Keeper`]:
//!
//! - **In turn.** They wait for it in the order they asked, at most the pool's wait.
//! - **Kept when given back whole.** A user done with it, every call on it ended
//!   ([`Held::give_back`]), leaves it here for the next one, with no hand-off. One
//!   dropped any other way (an error, a caller given up half-way, a transaction in
//!   doubt) goes back through the pool, which pings it (or closes it) as before.
//! - **Back to the pool soon.** Everything else that writes (the services, the
//!   console, imports) takes the writer from the pool: a kept writer goes back to it
//!   once none of the store's users took it for [`KEPT_IDLE`], and a busy one when
//!   next given back after [`OUT_AT_MOST`] out of the pool. So a write through the
//!   pool waits behind the hot path about that long, plus what the user holding the
//!   writer then still does with it (a group of turns, a checkpoint).
//!
//! PostgreSQL has no keeper: its writers are a pool of connections, taken and given
//! back as before.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

use super::inline::{Inline, Writer, lock};
use super::{Conn, StoreError};

/// A writer given back and not taken again for this long goes back to the pool.
pub(crate) const KEPT_IDLE: Duration = Duration::from_millis(2);

/// A writer out of the pool this long goes back to it when next given back, even if
/// the hot path would take it again at once, for the writes waiting in the pool.
pub(crate) const OUT_AT_MOST: Duration = Duration::from_millis(20);

/// The writer between the store's users of it (SQLite).
#[derive(Debug)]
pub(crate) struct Keeper {
    /// One user at a time, in the order they asked.
    turn: Arc<Semaphore>,
    state: Mutex<State>,
    /// Rung when a user gives the writer up while the watching task waits for it.
    given_up: Notify,
    /// How long a user waits for its turn and the pool, at most.
    wait: Duration,
    /// Takes of a kept writer, takes from the pool, and writers given back to the
    /// pool idle (for benchmarks and tests).
    pub(crate) kept_takes: AtomicU64,
    pub(crate) pool_takes: AtomicU64,
    pub(crate) idle_returns: AtomicU64,
}

#[derive(Debug)]
struct State {
    kept: Option<PoolConnection<Any>>,
    /// A user holds it (taken kept or from the pool, not yet given up).
    held: bool,
    /// When it last came out of the pool, and when a user last gave it back.
    out_since: Instant,
    given_back: Instant,
    /// A task watches the writer, to give it back to the pool once idle; it waits
    /// for the holder to give it up ([`Keeper::given_up`]).
    watched: bool,
    awaiting: bool,
    /// The store closes: nothing is kept from now on.
    closing: bool,
}

impl Keeper {
    /// A keeper for a writer's pool whose users wait at most `wait`.
    pub(crate) fn new(wait: Duration) -> Arc<Self> {
        let now = Instant::now();
        Arc::new(Self {
            turn: Arc::new(Semaphore::new(1)),
            state: Mutex::new(State {
                kept: None,
                held: false,
                out_since: now,
                given_back: now,
                watched: false,
                awaiting: false,
                closing: false,
            }),
            given_up: Notify::new(),
            wait,
            kept_takes: AtomicU64::new(0),
            pool_takes: AtomicU64::new(0),
            idle_returns: AtomicU64::new(0),
        })
    }

    /// Takes the writer: the one kept, else one from `pool`.
    pub(crate) async fn take(
        self: &Arc<Self>,
        pool: &AnyPool,
        writer: Option<&Arc<Writer>>,
    ) -> Result<Held, StoreError> {
        let taking = async {
            let turn = self
                .turn
                .clone()
                .acquire_owned()
                .await
                .map_err(|_| sqlx::Error::PoolClosed)?;
            let kept = {
                let mut state = lock(&self.state);
                let kept = state.kept.take();
                state.held = kept.is_some();
                kept
            };
            let (conn, inline) = match kept {
                Some(conn) => {
                    self.kept_takes.fetch_add(1, Ordering::Relaxed);
                    // Not pinged since its last user: what sqlx started on it since
                    // the last batch here, `after_sqlx` waits for.
                    (conn, writer.and_then(|w| w.inline_kept()))
                }
                None => {
                    let conn = pool.acquire().await?;
                    self.pool_takes.fetch_add(1, Ordering::Relaxed);
                    let mut state = lock(&self.state);
                    state.held = true;
                    state.out_since = Instant::now();
                    // The pool pinged it as it came back: sqlx's thread is idle.
                    (conn, writer.and_then(|w| w.inline()))
                }
            };
            Ok::<_, StoreError>(Held {
                conn: Some(conn),
                inline,
                doomed: false,
                keeper: Some((self.clone(), turn)),
            })
        };
        match tokio::time::timeout(self.wait, taking).await {
            Ok(held) => held,
            Err(_) => Err(sqlx::Error::PoolTimedOut.into()),
        }
    }

    /// Keeps `conn`, given back whole, for the next user, watched; or, the store
    /// closing or the writer out of the pool long enough, gives it back to the pool.
    fn keep(self: &Arc<Self>, conn: PoolConnection<Any>) {
        let mut state = lock(&self.state);
        state.held = false;
        let now = Instant::now();
        let runtime = match tokio::runtime::Handle::try_current() {
            Ok(runtime) if !state.closing && now < state.out_since + OUT_AT_MOST => runtime,
            _ => {
                // A watcher waiting for this holder sees the pool has it, and ends.
                let awaiting = std::mem::replace(&mut state.awaiting, false);
                drop(state);
                let_go(conn);
                if awaiting {
                    self.given_up.notify_one();
                }
                return;
            }
        };
        state.kept = Some(conn);
        state.given_back = now;
        if !std::mem::replace(&mut state.watched, true) {
            drop(state);
            // The guard goes into the task before it first runs: dropped unpolled
            // (its runtime shutting down), it still lets the writer go.
            runtime.spawn(watch(Watching(Arc::downgrade(self))));
        } else if std::mem::replace(&mut state.awaiting, false) {
            drop(state);
            self.given_up.notify_one();
        }
    }

    /// A user gave the writer up some other way: the pool has it back.
    fn dropped(&self) {
        let mut state = lock(&self.state);
        state.held = false;
        if std::mem::replace(&mut state.awaiting, false) {
            drop(state);
            self.given_up.notify_one();
        }
    }

    /// Keeps nothing from now on and gives back what is kept, so the pool can close.
    pub(crate) fn close(&self) {
        let (kept, awaiting) = {
            let mut state = lock(&self.state);
            state.closing = true;
            (
                state.kept.take(),
                std::mem::replace(&mut state.awaiting, false),
            )
        };
        if let Some(conn) = kept {
            let_go(conn);
        }
        // A watcher waiting for a holder looks again (and ends once the pool has it).
        if awaiting {
            self.given_up.notify_one();
        }
    }
}

impl Drop for Keeper {
    fn drop(&mut self) {
        if let Some(conn) = lock(&self.state).kept.take() {
            let_go(conn);
        }
    }
}

/// Gives `conn` back to the pool (sqlx spawns a task that pings it and puts it
/// back); with no runtime to spawn on, takes it out of the pool, closed as it drops.
fn let_go(conn: PoolConnection<Any>) {
    if tokio::runtime::Handle::try_current().is_ok() {
        drop(conn);
    } else {
        drop(conn.detach());
    }
}

/// The watching task's hold on the keeper. Dropped before the task ended (its
/// runtime shutting down), it stops the watch and lets a kept writer go.
struct Watching(Weak<Keeper>);

impl Watching {
    /// The watch ended as it should: nothing left to do on drop.
    fn done(mut self) {
        self.0 = Weak::new();
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let Some(keeper) = self.0.upgrade() else {
            return;
        };
        let kept = {
            let mut state = lock(&keeper.state);
            state.watched = false;
            state.awaiting = false;
            state.kept.take()
        };
        if let Some(conn) = kept {
            let_go(conn);
        }
    }
}

/// Watches the kept writer: gives it back to the pool once no user took it for
/// [`KEPT_IDLE`], or when kept after [`OUT_AT_MOST`] out of it; while a user holds
/// it, waits for it to be given up. Ends when the pool has it back (or the keeper is
/// gone).
async fn watch(watching: Watching) {
    loop {
        let Some(keeper) = watching.0.upgrade() else {
            return;
        };
        let due = {
            let mut state = lock(&keeper.state);
            if state.held {
                state.awaiting = true;
                None
            } else if state.kept.is_none() {
                // Back in the pool: nothing to watch until it is kept again.
                state.watched = false;
                drop(state);
                watching.done();
                return;
            } else {
                let due = (state.given_back + KEPT_IDLE).min(state.out_since + OUT_AT_MOST);
                if Instant::now() >= due {
                    state.watched = false;
                    let kept = state.kept.take();
                    drop(state);
                    watching.done();
                    if let Some(conn) = kept {
                        let_go(conn);
                        keeper.idle_returns.fetch_add(1, Ordering::Relaxed);
                    }
                    return;
                }
                Some(due)
            }
        };
        match due {
            // A holder keeps the keeper alive meanwhile (and rings as it gives up).
            None => keeper.given_up.notified().await,
            Some(at) => {
                drop(keeper);
                tokio::time::sleep_until(at.into()).await;
            }
        }
    }
}

/// The writer, held by one of the store's users until given back or dropped.
pub(crate) struct Held {
    conn: Option<PoolConnection<Any>>,
    /// SQLite: the batches run on the caller's thread (`store::inline`).
    inline: Option<Inline>,
    /// Closed when dropped, never kept (a transaction in doubt).
    doomed: bool,
    /// SQLite: the keeper it came through, and this user's turn.
    keeper: Option<(Arc<Keeper>, OwnedSemaphorePermit)>,
}

impl Held {
    /// A connection taken from `pool` with no keeper (PostgreSQL).
    pub(crate) async fn from_pool(pool: &AnyPool) -> Result<Self, StoreError> {
        Ok(Self {
            conn: Some(pool.acquire().await?),
            inline: None,
            doomed: false,
            keeper: None,
        })
    }

    /// The writer's handle to run batches on from this thread (SQLite), and the
    /// connection.
    pub(crate) fn parts(&mut self) -> (Option<&Inline>, &mut Conn) {
        match &mut self.conn {
            Some(conn) => (self.inline.as_ref(), conn),
            None => unreachable!("a writer given back is consumed"),
        }
    }

    /// Done with it, every call on it ended: kept for the store's next user (SQLite),
    /// or given back to the pool (closed, if it was to be).
    pub(crate) fn give_back(mut self) {
        if self.doomed {
            return;
        }
        if let (Some(conn), Some((keeper, _turn))) = (self.conn.take(), self.keeper.take()) {
            keeper.keep(conn);
        }
    }

    /// Closed rather than reused when dropped or given back (a transaction in doubt).
    pub(crate) fn close_on_drop(&mut self) {
        self.doomed = true;
        if let Some(conn) = &mut self.conn {
            conn.close_on_drop();
        }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        // Through the pool, which pings it on sqlx's thread after whatever a call
        // given up half-way left there (or closes it).
        drop(self.conn.take());
        if let Some((keeper, _turn)) = self.keeper.take() {
            keeper.dropped();
        }
    }
}

impl std::ops::Deref for Held {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        match &self.conn {
            Some(conn) => conn,
            None => unreachable!("a writer given back is consumed"),
        }
    }
}

impl std::ops::DerefMut for Held {
    fn deref_mut(&mut self) -> &mut Conn {
        match &mut self.conn {
            Some(conn) => conn,
            None => unreachable!("a writer given back is consumed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    async fn store(dir: &tempfile::TempDir) -> Store {
        let url = format!("sqlite://{}", dir.path().join("h.db").display());
        Store::connect_waiting(&url, 2, Duration::from_secs(5))
            .await
            .expect("store")
    }

    /// Given back whole, the writer is kept for the next user (no trip through the
    /// pool); dropped any other way (an error, a caller given up) it goes through the
    /// pool, and the next user takes it from there; left idle, it goes back to the
    /// pool on its own, where a write through the pool finds it.
    #[tokio::test]
    async fn a_writer_given_back_whole_is_kept_and_any_other_goes_through_the_pool() {
        let dir = tempfile::tempdir().expect("dir");
        let store = store(&dir).await;
        store.writer().await.expect("taken").give_back();
        store.writer().await.expect("taken").give_back();
        assert_eq!(store.writer_takes(), (1, 1, 0), "the second one was kept");
        drop(store.writer().await.expect("taken"));
        let held = store.writer().await.expect("taken");
        assert_eq!(
            store.writer_takes(),
            (2, 2, 0),
            "one dropped without being given back went through the pool"
        );
        held.give_back();
        let (_, _, returned) = tokio::time::timeout(Duration::from_secs(5), async {
            loop {
                tokio::time::sleep(KEPT_IDLE).await;
                if store.writer_takes().2 == 1 {
                    break store.writer_takes();
                }
            }
        })
        .await
        .expect("an idle writer goes back to the pool");
        assert_eq!(returned, 1);
        let through_pool = tokio::time::timeout(
            Duration::from_millis(500),
            sqlx::query("CREATE TABLE t (x INTEGER)").execute(&store.pool),
        )
        .await;
        assert!(
            matches!(through_pool, Ok(Ok(_))),
            "the pool has the writer: {through_pool:?}"
        );
        store.close().await;
    }

    /// A writer taken kept is not assumed idle, as one from the pool is: sqlx answers
    /// a `fetch_optional` that found no row before its thread has reset the
    /// statement, so the next batch here, by the next user, first waits for that
    /// thread (`Inline::after_sqlx`).
    #[tokio::test]
    async fn a_batch_on_a_kept_writer_first_waits_for_what_sqlx_ran_on_it() {
        let dir = tempfile::tempdir().expect("dir");
        let store = store(&dir).await;
        let mut held = store.writer().await.expect("taken");
        let none: Option<(i64,)> = sqlx::query_as("SELECT 1 WHERE 0")
            .fetch_optional(&mut *held)
            .await
            .expect("read");
        assert!(none.is_none());
        held.give_back();
        let (_, _, waited) = store.inline_batches();
        let rows = crate::store::batch::fetch_on_writer(&store, "SELECT 1 AS one", &[])
            .await
            .expect("batch");
        assert_eq!(rows.len(), 1);
        assert_eq!(store.writer_takes().0, 1, "the batch's user took it kept");
        assert_eq!(
            store.inline_batches().2,
            waited + 1,
            "the batch first waited for sqlx's thread"
        );
        store.close().await;
    }

    /// A watcher waiting for a holder to give the writer up is told when the writer
    /// goes back to the pool instead of being kept (the store closing), and ends.
    #[tokio::test]
    async fn a_watcher_waiting_for_a_holder_ends_when_the_writer_goes_back_to_the_pool() {
        let dir = tempfile::tempdir().expect("dir");
        let store = store(&dir).await;
        store.writer().await.expect("taken").give_back();
        let held = store.writer().await.expect("taken kept");
        assert_eq!(store.writer_takes(), (1, 1, 0), "the second take was kept");
        let keeper = store.keeper.clone().expect("SQLite has a keeper");
        // The watcher sees it held and waits for it to be given up (again after the
        // close, which tells it to look).
        let waiting = || async {
            tokio::time::timeout(Duration::from_secs(5), async {
                while !lock(&keeper.state).awaiting {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
            })
            .await
            .expect("the watcher waits for the holder");
        };
        waiting().await;
        keeper.close();
        waiting().await;
        held.give_back();
        tokio::time::timeout(Duration::from_secs(5), async {
            while lock(&keeper.state).watched {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        })
        .await
        .expect("the watcher ended once the pool had the writer");
        store.close().await;
    }

    /// The store closes with the writer kept: it goes back to the pool, which closes.
    #[tokio::test]
    async fn the_store_closes_with_the_writer_kept() {
        let dir = tempfile::tempdir().expect("dir");
        let store = store(&dir).await;
        store.writer().await.expect("taken").give_back();
        assert_eq!(store.writer_takes(), (0, 1, 0));
        tokio::time::timeout(Duration::from_secs(5), store.close())
            .await
            .expect("closed with the writer kept");
        assert!(store.pool.is_closed());
    }
}
