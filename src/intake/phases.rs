//! Where the turns' time goes, summed over every turn this process ran (issue 27:
//! the benchmarks print it beside the throughput, to say whether a turn waits for
//! the writer, holds it in round trips or in the engine, or in its commit).
//! Counters only: reading them costs nothing to a turn.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The sums, as [`totals`] reads them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Totals {
    /// Turns written.
    pub turns: u64,
    /// Transactions those turns were committed in (one per turn, or one per group).
    pub commits: u64,
    /// From the event decoded to the writer taken (on SQLite, the line for the one
    /// connection).
    pub wait: Duration,
    /// The first round trip (the claim checked, the chat's state read).
    pub open: Duration,
    /// The engine, on the connection, inside the transaction.
    pub engine: Duration,
    /// The last round trip (the effects written; with a turn of its own, the commit).
    pub write: Duration,
    /// The commits of groups of turns (none when each turn commits its own).
    pub commit: Duration,
}

impl Totals {
    /// What happened between `before` and `self`.
    pub fn since(&self, before: &Totals) -> Totals {
        Totals {
            turns: self.turns - before.turns,
            commits: self.commits - before.commits,
            wait: self.wait.saturating_sub(before.wait),
            open: self.open.saturating_sub(before.open),
            engine: self.engine.saturating_sub(before.engine),
            write: self.write.saturating_sub(before.write),
            commit: self.commit.saturating_sub(before.commit),
        }
    }

    /// The writer held, per turn (open, engine, write, and its share of a commit).
    pub fn held_per_turn(&self) -> Duration {
        (self.open + self.engine + self.write + self.commit)
            .checked_div(u32::try_from(self.turns).unwrap_or(u32::MAX).max(1))
            .unwrap_or_default()
    }
}

struct Sums {
    turns: AtomicU64,
    commits: AtomicU64,
    wait: AtomicU64,
    open: AtomicU64,
    engine: AtomicU64,
    write: AtomicU64,
    commit: AtomicU64,
}

static SUMS: Sums = Sums {
    turns: AtomicU64::new(0),
    commits: AtomicU64::new(0),
    wait: AtomicU64::new(0),
    open: AtomicU64::new(0),
    engine: AtomicU64::new(0),
    write: AtomicU64::new(0),
    commit: AtomicU64::new(0),
};

fn add(sum: &AtomicU64, d: Duration) {
    sum.fetch_add(
        u64::try_from(d.as_nanos()).unwrap_or(u64::MAX),
        Ordering::Relaxed,
    );
}

/// One turn's phases.
pub(crate) fn turn(wait: Duration, open: Duration, engine: Duration, write: Duration) {
    SUMS.turns.fetch_add(1, Ordering::Relaxed);
    add(&SUMS.wait, wait);
    add(&SUMS.open, open);
    add(&SUMS.engine, engine);
    add(&SUMS.write, write);
}

/// One commit: of a turn alone (`group: None`, its time is in the turn's write) or of
/// a group of turns.
pub(crate) fn commit(group: Option<Duration>) {
    SUMS.commits.fetch_add(1, Ordering::Relaxed);
    if let Some(took) = group {
        add(&SUMS.commit, took);
    }
}

/// The sums so far.
pub fn totals() -> Totals {
    let d = |a: &AtomicU64| Duration::from_nanos(a.load(Ordering::Relaxed));
    Totals {
        turns: SUMS.turns.load(Ordering::Relaxed),
        commits: SUMS.commits.load(Ordering::Relaxed),
        wait: d(&SUMS.wait),
        open: d(&SUMS.open),
        engine: d(&SUMS.engine),
        write: d(&SUMS.write),
        commit: d(&SUMS.commit),
    }
}
