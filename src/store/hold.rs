//! The SQLite writer kept between the store's own users of it (issue 27's lean turn).
//!
//! sqlx pings a pooled connection on the connection's thread each time it is given
//! back (`PoolConnection`'s release, to flush what a call given up half-way left): a
//! hand-off of some 48 µs of CPU and five task switches (`benches/sqlite_handoff.rs`).
//! At one chat a turn gave the writer back four times, one after another (the door's
//! insert, the intake group, the sender's claim, its settle). So the store's own users
//! of the writer (those, the claims and the checkpoints) take it through [`Hold`]:
//!
//! - **In turn.** They wait for it in the order they asked, at most the pool's wait.
//! - **Kept when given back whole.** A user done with it, every call on it ended
//!   ([`Held::give_back`]), leaves it here for the next one, with no hand-off. One
//!   dropped any other way (an error, a caller given up half-way, a transaction in
//!   doubt) goes back through the pool, which pings it (or closes it) as before.
//! - **Back to the pool soon.** Everything else that writes (the services, the
//!   console, imports) takes the writer from the pool: a kept writer goes back to it
//!   once none of these users took it for [`IDLE`], and a busy one after [`AT_MOST`]
//!   out of the pool, so others wait behind the hot path at most that long.
//!
//! PostgreSQL has no hold: its writers are a pool of connections, taken and given
//! back as before.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::inline::{Inline, Writer};
use super::{Conn, StoreError};

/// A writer given back and not taken again for this long goes back to the pool.
pub(crate) const IDLE: Duration = Duration::from_millis(2);

/// A writer out of the pool this long goes back to it when next given back, even if
/// the hot path would take it again at once: a write through the pool waits no more.
pub(crate) const AT_MOST: Duration = Duration::from_millis(20);

/// The writer between the store's users of it (SQLite).
#[derive(Debug)]
pub(crate) struct Hold {
    /// One user at a time, in the order they asked.
    turn: Arc<Semaphore>,
    state: Mutex<State>,
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
    /// A user holds it (taken kept or from the pool, not yet given back).
    held: bool,
    /// When it last came out of the pool, and when a user last gave it back.
    out_since: Instant,
    given_back: Instant,
    /// A task watches the kept writer, to give it back to the pool once idle.
    watched: bool,
    /// The store closes: nothing is kept from now on.
    closing: bool,
}

impl Hold {
    /// A hold for a writer's pool whose users wait at most `wait`.
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
                closing: false,
            }),
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
                    // Whatever sqlx's thread was given before, `after_sqlx` waits for.
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
                hold: Some((self.clone(), turn)),
            })
        };
        match tokio::time::timeout(self.wait, taking).await {
            Ok(held) => held,
            Err(_) => Err(sqlx::Error::PoolTimedOut.into()),
        }
    }

    /// Keeps `conn`, given back whole, for the next user, and has a task watch it;
    /// or, the store closing or the writer out of the pool long enough, gives it back
    /// to the pool.
    fn keep(self: &Arc<Self>, conn: PoolConnection<Any>) {
        let mut state = lock(&self.state);
        state.held = false;
        let now = Instant::now();
        let runtime = tokio::runtime::Handle::try_current();
        if state.closing
            || now.saturating_duration_since(state.out_since) >= AT_MOST
            || runtime.is_err()
        {
            drop(state);
            let_go(conn);
            return;
        }
        state.kept = Some(conn);
        state.given_back = now;
        if !std::mem::replace(&mut state.watched, true)
            && let Ok(runtime) = runtime
        {
            drop(state);
            runtime.spawn(give_back_idle(Arc::downgrade(self)));
        }
    }

    /// A user gave the writer up some other way: the pool has it back.
    fn dropped(&self) {
        lock(&self.state).held = false;
    }

    /// Keeps nothing from now on and gives back what is kept, so the pool can close.
    pub(crate) fn close(&self) {
        let kept = {
            let mut state = lock(&self.state);
            state.closing = true;
            state.kept.take()
        };
        if let Some(conn) = kept {
            let_go(conn);
        }
    }
}

impl Drop for Hold {
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

/// Watches the kept writer: gives it back to the pool once no user took it for
/// [`IDLE`], or kept after [`AT_MOST`] out of it; ends when the pool has it back (or
/// the hold is gone). Dropped unfinished (its runtime shutting down), it lets the
/// kept writer go.
async fn give_back_idle(hold: Weak<Hold>) {
    struct Watching(Weak<Hold>);
    impl Drop for Watching {
        fn drop(&mut self) {
            let Some(hold) = self.0.upgrade() else { return };
            let kept = {
                let mut state = lock(&hold.state);
                if !std::mem::replace(&mut state.watched, false) {
                    return;
                }
                state.kept.take()
            };
            if let Some(conn) = kept {
                let_go(conn);
            }
        }
    }
    let _watching = Watching(hold.clone());
    loop {
        let Some(hold) = hold.upgrade() else { return };
        let now = Instant::now();
        let due = {
            let mut state = lock(&hold.state);
            let due = (state.given_back + IDLE).min(state.out_since + AT_MOST);
            if state.kept.is_none() && !state.held {
                // Back in the pool: nothing to watch until it is kept again.
                state.watched = false;
                return;
            }
            if state.kept.is_some() && now >= due {
                state.watched = false;
                let conn = state.kept.take();
                drop(state);
                if let Some(conn) = conn {
                    let_go(conn);
                }
                hold.idle_returns.fetch_add(1, Ordering::Relaxed);
                return;
            }
            if state.held {
                // Looked at again once the holder could be done.
                now + IDLE
            } else {
                due
            }
        };
        drop(hold);
        tokio::time::sleep_until(due.into()).await;
    }
}

/// The writer, held by one of the store's users until given back or dropped.
pub(crate) struct Held {
    conn: Option<PoolConnection<Any>>,
    /// SQLite: the batches run on the caller's thread (`store::inline`).
    inline: Option<Inline>,
    /// SQLite: the hold it came through, and this user's turn.
    hold: Option<(Arc<Hold>, OwnedSemaphorePermit)>,
}

impl Held {
    /// A connection taken from `pool` with no hold (PostgreSQL).
    pub(crate) async fn from_pool(pool: &AnyPool) -> Result<Self, StoreError> {
        Ok(Self {
            conn: Some(pool.acquire().await?),
            inline: None,
            hold: None,
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
    /// or given back to the pool.
    pub(crate) fn give_back(mut self) {
        if let (Some(conn), Some((hold, _turn))) = (self.conn.take(), self.hold.take()) {
            hold.keep(conn);
        }
    }

    /// Closed rather than reused when dropped (a transaction in doubt).
    pub(crate) fn close_on_drop(&mut self) {
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
        if let Some((hold, _turn)) = self.hold.take() {
            hold.dropped();
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

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
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
                tokio::time::sleep(IDLE).await;
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
