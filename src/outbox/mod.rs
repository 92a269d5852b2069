//! The sender: delivers outbox rows through a channel adapter with many requests in
//! flight, within the platform's limits, one message per chat at a time so each
//! chat's order is kept. Chats take turns: each chat with messages waiting gets one
//! before any chat gets a second (least recently served first, `store::outbox`).
//! The limits hold for the whole deployment: the per-chat pace (with a small burst)
//! is kept on the chat's row in the database; the global rate is reserved slot by
//! slot from a row shared by every replica on PostgreSQL, and in process on SQLite
//! (one process owns the file). The sender honours `retry_after` (and pauses the whole sender when the platform says it
//! goes too fast), retries transient failures with exponential backoff and marks each
//! row sent as soon as the platform accepted it. Several senders (replicas) can run
//! on PostgreSQL: claims use SKIP LOCKED.
//!
//! Outcomes are settled in batches: a finished delivery's outcome (sent, put back for
//! a retry, failed) is kept in memory and written with the sender's next claim, in
//! the same transaction, settles first (the loop wakes as soon as a delivery
//! finishes); with nothing to claim, in a transaction of their own; at shutdown,
//! before the rows still held are given back. So a message costs the transaction of
//! its claim, shared with the other rows claimed and settled there, not one more of
//! its own.
//!
//! On SQLite the turns claim for the sender (`store::outbox::SendTaker`): while the
//! loop waits it offers its free places and its outcomes not yet written, and the
//! commit of the next group of turns writes those outcomes and claims the replies
//! it queued, in the same transaction, and hands the rows over. So a reply costs no
//! claim transaction of its own. While the last claim found nothing more to take,
//! outcomes wait up to [`SETTLE_LINGER`] for such a commit before the loop writes
//! them itself (when no turn comes, a message's outcome is written that much later). A settle not yet written leaves its row `sending` and its chat waiting
//! for the lease: the chat's next message is claimed only after its head is settled.
//!
//! Rows are claimed only as far ahead as the channel's rate sends them soon: the rows
//! claimed and still waiting for a send slot are at most the sends of a quarter of a
//! second (`lookahead`). So a message claimed now (a newcomer's, claimed first as the
//! chat served least recently) waits behind that many at most, not behind every send
//! in flight; the loop claims again as soon as a slot is taken and the line is half
//! empty, and when a delivery ends, so the rate is kept.
//!
//! At-least-once window: a message the platform accepted is recorded sent by the
//! next claim (or flush) after its delivery ends; if the worker is killed in between,
//! that message goes again after its lease (60 s). A claim writes every settle kept
//! before it takes new rows, and takes no more than the sends that finished, so the
//! messages sent but not yet recorded and those in flight are never more than
//! `max_in_flight` together: at most that many can repeat; nothing else does.

use std::collections::HashSet;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::clock::{Clock, MonotonicClock};
use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tracing::Instrument;

use crate::app::App;
use crate::channels::{Adapter, DeliveryError};
use crate::domain::values::mask_last4;
use crate::message::Outbound;
use crate::metrics::Metrics;
use crate::store::outbox::{
    self, OutboxRow, Outcome, Pace, Scope, SendClaim, SendPlaces, SendTaker, Settle,
};
use crate::store::{Backend, Store, StoreError};

/// How long a claimed row stays reserved for its worker.
const LEASE_SECS: i64 = 60;
/// How often chats with nothing waiting (kept by their pace) are forgotten and live
/// rows left unlisted (by an older version) listed again (`outbox::sweep_chats`). No
/// message waits for it: an enqueue keeps its chat listed even while a claim, a send
/// or this sweep forgets it (`outbox::list_chat`), so it is housekeeping only.
const SWEEP_EVERY: Duration = Duration::from_secs(10);
/// Time given to sends in flight at shutdown before their rows are given back.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(6);
/// How long the outcomes of finished sends wait, while nothing else is due, for the
/// commit of a group of turns to write them (`outbox::SendTaker`) before the sender
/// writes them in a transaction of its own. Short: until written, a sent message
/// would go again if the process died, and its chat's next message waits.
pub const SETTLE_LINGER: Duration = Duration::from_millis(5);

pub struct Limits {
    pub per_second: u32,
    pub per_chat_per_second: u32,
    pub per_chat_burst: u32,
}

/// Delivers one channel's outbox: up to `max_in_flight` sends at once, one per chat
/// (only a chat's oldest waiting message is ever claimed), gated by the global and
/// per-chat rate limiters. Cheap to clone: clones share the limiters.
#[derive(Clone)]
pub struct Sender {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    adapter: Arc<dyn Adapter>,
    wake: Arc<Notify>,
    global: Global,
    per_chat: Pace,
    /// Set when the platform says the whole sender goes too fast (WhatsApp 130429).
    paused_until: Mutex<Option<tokio::time::Instant>>,
    max_attempts: i64,
    max_in_flight: usize,
    /// The most rows claimed and still waiting for a send slot that a claim of the
    /// running loop tops up to: the sends of a quarter of a second at the channel's
    /// rate (at least one).
    lookahead: usize,
    /// Rows claimed and not yet past their send slot, and the most seen at once.
    waiting: AtomicUsize,
    peak_waiting: AtomicUsize,
    /// Set when the loop's last claim took all the lookahead let it (more may be
    /// due); then a send taking its slot, with the rows waiting for one down to half
    /// the lookahead, rings `slot_taken` and the loop claims more before the line
    /// runs dry. Not set while `max_in_flight` (or nothing due) is what bounds the
    /// claims, so the sends add no claims of their own then.
    held_back: AtomicBool,
    slot_taken: Notify,
    poll: Duration,
    metrics: Arc<Metrics>,
    /// Outcomes of finished deliveries, for the next claim to write.
    settles: Mutex<Vec<Settle>>,
    counts: Counts,
    /// The places the running loop offers a group of turns' commit while it waits
    /// (`outbox::SendTaker`), and what such commits claimed for it: the places
    /// taken and the rows found (or why nothing was), for the loop to run.
    offered: AtomicUsize,
    handed: Mutex<Vec<Handed>>,
    handed_bell: Notify,
    /// Whether the running loop offers (cleared when it stops), and until when it
    /// offers nothing after a turns' commit that carried its claim failed (a
    /// statement of the sender's must not fail group after group of turns).
    open: AtomicBool,
    no_offers_until: Mutex<Option<std::time::Instant>>,
    /// Bumped by the loop whenever something may have made more rows due (a
    /// message queued, a send slot taken, the poll): a turns' claim that came up
    /// short marks the loop dry only if nothing did since it was offered.
    epoch: AtomicU64,
}

/// How long a sender offers nothing to the turns after a commit carrying its claim
/// failed: it claims alone meanwhile.
const NO_OFFERS_AFTER_FAILURE: Duration = Duration::from_secs(10);

impl Inner {
    /// Whether the loop may offer again (not within [`NO_OFFERS_AFTER_FAILURE`] of a
    /// failed turns' commit that carried its claim).
    /// Something may have made more rows due: a turns' claim offered before this
    /// says nothing of them. Always `false` (not dry), for the loop's flag.
    fn more_due(&self) -> bool {
        self.epoch.fetch_add(1, Ordering::SeqCst);
        false
    }

    fn offers_again(&self) -> bool {
        self.no_offers_until
            .lock()
            .map(|until| until.is_none_or(|at| std::time::Instant::now() >= at))
            .unwrap_or(true)
    }
}

/// What a group of turns' commit claimed for the sender: the places it took, and the
/// rows it found (or why it found none).
type Handed = (usize, u64, SendClaim);

/// How the sender's outcomes reached the database (`Sender::settle_counts`).
#[derive(Default)]
struct Counts {
    claims: AtomicU64,
    settled_in_claims: AtomicU64,
    settle_transactions: AtomicU64,
    settled_alone: AtomicU64,
    claims_in_turns: AtomicU64,
    settled_in_turns: AtomicU64,
}

/// How many transactions the sender wrote and how its outcomes went in them: a
/// message settled in a claim costs no transaction of its own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SettleCounts {
    /// Claims run (each one transaction, whatever it settled and claimed).
    pub claims: u64,
    /// Outcomes written in a claim's transaction.
    pub settled_in_claims: u64,
    /// Transactions that only wrote outcomes (nothing to claim, shutdown, `deliver_due`).
    pub settle_transactions: u64,
    /// Outcomes written in those.
    pub settled_alone: u64,
    /// Claims made for the sender by the commit of a group of turns (no transaction
    /// of the sender's own).
    pub claims_in_turns: u64,
    /// Outcomes written in such commits.
    pub settled_in_turns: u64,
}

impl SendTaker for Inner {
    fn take(&self) -> Option<SendPlaces> {
        // Outcomes ride only with places: the loop, which offered them, then hears
        // what the claim after them found.
        if !self.open.load(Ordering::SeqCst) || !self.offers_again() {
            return None;
        }
        let places = self.offered.swap(0, Ordering::SeqCst);
        if places == 0 {
            return None;
        }
        let settles = self
            .settles
            .lock()
            .map(|mut s| std::mem::take(&mut *s))
            .unwrap_or_default();
        Some(SendPlaces {
            places,
            settles,
            lease_secs: LEASE_SECS,
            mark: self.epoch.load(Ordering::SeqCst),
        })
    }

    fn hand(&self, taken: SendPlaces, claimed: SendClaim) {
        let c = &self.counts;
        let kept = match &claimed {
            SendClaim::Claimed(_) => {
                c.claims_in_turns.fetch_add(1, Ordering::Relaxed);
                let n = taken.settles.len() as u64;
                c.settled_in_turns.fetch_add(n, Ordering::Relaxed);
                vec![]
            }
            SendClaim::NotRun => taken.settles,
            // The sender claims alone for a while: a statement of its own must not
            // fail group after group of turns.
            SendClaim::Failed(_) => {
                if let Ok(mut until) = self.no_offers_until.lock() {
                    *until = Some(std::time::Instant::now() + NO_OFFERS_AFTER_FAILURE);
                }
                taken.settles
            }
        };
        // Not written: kept for the sender's next claim.
        if !kept.is_empty()
            && let Ok(mut settles) = self.settles.lock()
        {
            settles.extend(kept);
        }
        if let Ok(mut handed) = self.handed.lock() {
            handed.push((taken.places, taken.mark, claimed));
        }
        self.handed_bell.notify_one();
    }
}

fn nz(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN)
}

pub use crate::clock::wall_now;

/// The wall clock in milliseconds, as the outbox's turns count.
pub fn wall_now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The in-process rate limiter on the standard monotonic clock: governor's default
/// clock (quanta's) calibrates itself against the system clock when a sender is
/// built, for as long as that takes (1–4 M instructions, a different count in each
/// process: start-up noise in `benches/turn_cost.rs`).
type LocalLimiter = RateLimiter<
    NotKeyed,
    InMemoryState,
    MonotonicClock,
    NoOpMiddleware<<MonotonicClock as Clock>::Instant>,
>;

/// The channel's global rate: in process (SQLite: one process owns the file), or a
/// slot reserved for each send from the row every replica shares (PostgreSQL).
enum Global {
    Local(LocalLimiter),
    Shared { interval_us: i64 },
}

/// The first whole second at least `wait` from now: a row due then is never sent early.
fn wall_after(wait: Duration) -> i64 {
    let ms = chrono::Utc::now().timestamp_millis()
        + i64::try_from(wait.as_millis()).unwrap_or(i64::MAX / 2);
    (ms + 999) / 1000
}

impl Sender {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        store: Store,
        adapter: Arc<dyn Adapter>,
        wake: Arc<Notify>,
        limits: Limits,
        max_attempts: i64,
        max_in_flight: usize,
        poll: Duration,
        metrics: Arc<Metrics>,
    ) -> Self {
        let global = match store.backend {
            Backend::Sqlite => Global::Local(RateLimiter::direct_with_clock(
                Quota::per_second(nz(limits.per_second)).allow_burst(nz(1)),
                MonotonicClock,
            )),
            Backend::Postgres => Global::Shared {
                interval_us: 1_000_000 / i64::from(limits.per_second.max(1)),
            },
        };
        let per_chat = Pace::per_second(limits.per_chat_per_second, limits.per_chat_burst);
        let lookahead = usize::try_from(limits.per_second / 4)
            .unwrap_or(usize::MAX)
            .max(1);
        Self {
            inner: Arc::new(Inner {
                store,
                adapter,
                wake,
                global,
                per_chat,
                paused_until: Mutex::new(None),
                max_attempts,
                max_in_flight: max_in_flight.max(1),
                lookahead,
                waiting: AtomicUsize::new(0),
                peak_waiting: AtomicUsize::new(0),
                held_back: AtomicBool::new(false),
                slot_taken: Notify::new(),
                poll,
                metrics,
                settles: Mutex::default(),
                counts: Counts::default(),
                offered: AtomicUsize::new(0),
                handed: Mutex::default(),
                handed_bell: Notify::new(),
                open: AtomicBool::new(false),
                no_offers_until: Mutex::new(None),
                epoch: AtomicU64::new(0),
            }),
        }
    }

    /// Runs until shutdown, keeping up to `max_in_flight` sends going and at most
    /// `lookahead` of them waiting for a send slot, each claim writing the outcomes of
    /// the sends finished before it; then lets the sends in flight finish for a few
    /// seconds, writes their outcomes and gives back the rows of those that did not.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let inner = &self.inner;
        let mut running: JoinSet<()> = JoinSet::new();
        let held: Arc<Mutex<HashSet<i64>>> = Arc::default();
        let mut swept = tokio::time::Instant::now();
        // A group of turns' commit claims for the places the loop leaves free while
        // it waits (SQLite, `outbox::SendTaker`): offered before each wait, taken
        // back after it; the places taken count as claimed until the rows are
        // handed over. A sender of one chat (`only_chat`) claims only its own.
        let offers = inner.adapter.only_chat().is_none() && inner.store.backend == Backend::Sqlite;
        inner.open.store(offers, Ordering::SeqCst);
        if offers {
            let taker: Arc<dyn SendTaker> = inner.clone();
            outbox::offer_sends(&inner.store, inner.adapter.channel(), &taker);
        }
        let (mut offered, mut with_turns) = (0_usize, 0_usize);
        // Set when the last claim (the loop's or a turns' commit's) found fewer rows
        // than it asked for, until something may have made more due (a message
        // queued, a send slot taken, the poll): then outcomes may wait a moment
        // (`SETTLE_LINGER`) for a turns' commit to write them.
        let mut dry = false;
        let mut lingering: Option<tokio::time::Instant> = None;
        // Whether the last rows came from a turns' commit: outcomes linger only then
        // (a channel whose messages no turn queues, or a sender whose offers failed,
        // writes them at once).
        let mut rides = false;
        loop {
            let back = inner.offered.swap(0, Ordering::SeqCst);
            with_turns += offered.saturating_sub(back);
            offered = 0;
            for (places, mark, claimed) in self.take_handed() {
                with_turns = with_turns.saturating_sub(places);
                match claimed {
                    SendClaim::Claimed(rows) => {
                        rides = true;
                        let now = inner.epoch.load(Ordering::SeqCst);
                        dry = rows.len() < places && mark == now;
                        for row in rows {
                            self.spawn(&mut running, &held, row);
                        }
                    }
                    SendClaim::NotRun => {}
                    SendClaim::Failed(_) => rides = false,
                }
            }
            while running.try_join_next().is_some() {}
            let free_now = |running: &JoinSet<()>| {
                let room = inner
                    .max_in_flight
                    .saturating_sub(running.len() + with_turns);
                let ahead = inner.lookahead.saturating_sub(self.waiting() + with_turns);
                (room, ahead, room.min(ahead))
            };
            let (room, ahead, free) = free_now(&running);
            let settles = self.take_settles();
            // Only while a turns' commit may take them.
            let may_ride = rides && free > 0 && inner.offers_again();
            let linger = if settles.is_empty() || !dry || !may_ride {
                None
            } else {
                let since = *lingering.get_or_insert_with(tokio::time::Instant::now);
                Some(since + SETTLE_LINGER).filter(|end| *end > tokio::time::Instant::now())
            };
            if linger.is_some() {
                self.keep_settles(settles);
            } else if (free > 0 && !dry) || !settles.is_empty() {
                lingering = None;
                match self.claim(&settles, free).await {
                    Ok(rows) => {
                        let held_back = ahead < room && rows.len() == free;
                        inner.held_back.store(held_back, Ordering::Relaxed);
                        dry = rows.len() < free;
                        if !rows.is_empty() {
                            rides = false;
                        }
                        for row in rows {
                            self.spawn(&mut running, &held, row);
                        }
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "outbox claim failed");
                        self.keep_settles(settles);
                    }
                }
            } else {
                lingering = None;
            }
            if swept.elapsed() >= SWEEP_EVERY {
                swept = tokio::time::Instant::now();
                if let Err(e) = outbox::sweep_chats(&inner.store, wall_now_ms()).await {
                    tracing::warn!(error = %e, "outbox sweep failed");
                }
            }
            if offers && inner.offers_again() {
                offered = free_now(&running).2;
                inner.offered.store(offered, Ordering::SeqCst);
            }
            let linger_end = linger.unwrap_or_else(tokio::time::Instant::now);
            tokio::select! {
                _ = inner.wake.notified() => dry = inner.more_due(),
                _ = inner.slot_taken.notified() => dry = inner.more_due(),
                _ = tokio::time::sleep(inner.poll) => dry = inner.more_due(),
                _ = inner.handed_bell.notified() => {},
                _ = tokio::time::sleep_until(linger_end), if linger.is_some() => {},
                Some(_) = running.join_next(), if !running.is_empty() => {},
                _ = shutdown.changed() => break,
            }
        }
        // No place offered from now on; rows a turns' commit under way claims are
        // not sent: given back below with those in flight (a moment at most).
        inner.open.store(false, Ordering::SeqCst);
        with_turns += offered.saturating_sub(inner.offered.swap(0, Ordering::SeqCst));
        let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
        loop {
            for (places, _, claimed) in self.take_handed() {
                with_turns = with_turns.saturating_sub(places);
                if let (SendClaim::Claimed(rows), Ok(mut h)) = (claimed, held.lock()) {
                    h.extend(rows.iter().map(|r| r.id));
                }
            }
            if with_turns == 0 {
                break;
            }
            let handed = inner.handed_bell.notified();
            if tokio::time::timeout_at(deadline, handed).await.is_err() {
                break;
            }
        }
        let finished = tokio::time::timeout(SHUTDOWN_GRACE, async {
            while running.join_next().await.is_some() {}
        })
        .await;
        if finished.is_err() {
            running.abort_all();
            while running.join_next().await.is_some() {}
        }
        if let Err(e) = self.flush().await {
            tracing::warn!(error = %e, "could not record the last deliveries; they go again after their lease");
        }
        let left: Vec<i64> = held
            .lock()
            .map(|h| h.iter().copied().collect())
            .unwrap_or_default();
        if let Err(e) = outbox::release_all(&inner.store, &left).await {
            tracing::warn!(error = %e, "could not give the messages in flight back");
        }
    }

    /// Writes `settles` and claims up to `limit` heads, in one transaction.
    async fn claim(&self, settles: &[Settle], limit: usize) -> Result<Vec<OutboxRow>, StoreError> {
        let inner = &self.inner;
        let scope = Scope::of(inner.adapter.channel(), inner.adapter.only_chat());
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = outbox::claim_in(
            &inner.store,
            scope,
            settles,
            wall_now_ms(),
            LEASE_SECS,
            limit,
        )
        .await?;
        let n = settles.len() as u64;
        let c = &inner.counts;
        if limit > 0 {
            c.claims.fetch_add(1, Ordering::Relaxed);
            c.settled_in_claims.fetch_add(n, Ordering::Relaxed);
        } else if n > 0 {
            c.settle_transactions.fetch_add(1, Ordering::Relaxed);
            c.settled_alone.fetch_add(n, Ordering::Relaxed);
        }
        Ok(rows)
    }

    /// Writes the outcomes kept, in one transaction (kept again if it fails).
    async fn flush(&self) -> Result<(), StoreError> {
        let settles = self.take_settles();
        if settles.is_empty() {
            return Ok(());
        }
        let written = self.claim(&settles, 0).await;
        if written.is_err() {
            self.keep_settles(settles);
        }
        written.map(|_| ())
    }

    /// What turns' commits claimed for the loop since it last looked.
    fn take_handed(&self) -> Vec<Handed> {
        self.inner
            .handed
            .lock()
            .map(|mut h| std::mem::take(&mut *h))
            .unwrap_or_default()
    }

    fn take_settles(&self) -> Vec<Settle> {
        self.inner
            .settles
            .lock()
            .map(|mut s| std::mem::take(&mut *s))
            .unwrap_or_default()
    }

    /// Keeps outcomes for the next claim to write.
    fn keep_settles(&self, settles: Vec<Settle>) {
        if let Ok(mut kept) = self.inner.settles.lock() {
            kept.extend(settles);
        }
    }

    /// How the outcomes reached the database so far (for tests and benchmarks).
    pub fn settle_counts(&self) -> SettleCounts {
        let c = &self.inner.counts;
        SettleCounts {
            claims: c.claims.load(Ordering::Relaxed),
            settled_in_claims: c.settled_in_claims.load(Ordering::Relaxed),
            settle_transactions: c.settle_transactions.load(Ordering::Relaxed),
            settled_alone: c.settled_alone.load(Ordering::Relaxed),
            claims_in_turns: c.claims_in_turns.load(Ordering::Relaxed),
            settled_in_turns: c.settled_in_turns.load(Ordering::Relaxed),
        }
    }

    /// Rows claimed and not yet past their send slot.
    pub fn waiting(&self) -> usize {
        self.inner.waiting.load(Ordering::Relaxed)
    }

    /// The most rows that were claimed and waiting for a send slot at once (for tests).
    pub fn peak_waiting(&self) -> usize {
        self.inner.peak_waiting.load(Ordering::Relaxed)
    }

    /// How many claimed rows the running loop lets wait for a send slot at most.
    pub fn lookahead(&self) -> usize {
        self.inner.lookahead
    }

    /// Counts a claimed row as waiting for its slot, until the ticket is dropped.
    fn ticket(&self) -> Ticket {
        let n = self.inner.waiting.fetch_add(1, Ordering::Relaxed) + 1;
        self.inner.peak_waiting.fetch_max(n, Ordering::Relaxed);
        Ticket(self.inner.clone())
    }

    fn spawn(&self, running: &mut JoinSet<()>, held: &Arc<Mutex<HashSet<i64>>>, row: OutboxRow) {
        if let Ok(mut h) = held.lock() {
            h.insert(row.id);
        }
        let (this, held, ticket) = (self.clone(), held.clone(), self.ticket());
        running.spawn(async move {
            let id = row.id;
            match this.deliver_one(row, ticket).await {
                Ok(settle) => this.keep_settles(vec![settle]),
                // The lease runs out and the row is tried again.
                Err(e) => tracing::error!(error = %e, "a delivery could not start"),
            }
            if let Ok(mut h) = held.lock() {
                h.remove(&id);
            }
        });
    }

    /// Claims the due rows (one per chat), delivers them all at once and writes their
    /// outcomes together; returns how many rows it handled. For `chat`, tests and
    /// benchmarks; `serve` runs [`Self::run`].
    pub async fn deliver_due(&self) -> Result<usize, StoreError> {
        let kept = self.take_settles();
        let rows = match self.claim(&kept, self.inner.max_in_flight).await {
            Ok(rows) => rows,
            Err(e) => {
                self.keep_settles(kept);
                return Err(e);
            }
        };
        let n = rows.len();
        let mut running = JoinSet::new();
        for row in rows {
            let (this, ticket) = (self.clone(), self.ticket());
            running.spawn(async move { this.deliver_one(row, ticket).await });
        }
        let mut result = Ok(());
        while let Some(done) = running.join_next().await {
            match done {
                Ok(Ok(settle)) => self.keep_settles(vec![settle]),
                Ok(Err(e)) => result = Err(e),
                Err(e) => result = Err(StoreError::Corrupt(format!("delivery task: {e}"))),
            }
        }
        self.flush().await?;
        result.map(|()| n)
    }

    /// Waits while the platform has asked the whole sender to pause.
    async fn wait_if_paused(&self) {
        loop {
            let until = self.inner.paused_until.lock().ok().and_then(|p| *p);
            match until {
                Some(at) if at > tokio::time::Instant::now() => tokio::time::sleep_until(at).await,
                _ => return,
            }
        }
    }

    fn pause(&self, wait: Duration) {
        let until = tokio::time::Instant::now() + wait;
        if let Ok(mut p) = self.inner.paused_until.lock()
            && p.is_none_or(|at| at < until)
        {
            *p = Some(until);
        }
    }

    /// Waits for the channel's next send slot.
    async fn wait_for_slot(&self) -> Result<(), StoreError> {
        match &self.inner.global {
            // As governor's `until_ready`, but on tokio's timer: governor's waits on
            // futures-timer's thread, a hand-off to it and back for each wait.
            Global::Local(limiter) => {
                while let Err(not_yet) = limiter.check() {
                    let wait = not_yet.wait_time_from(limiter.clock().now());
                    tokio::time::sleep(wait).await;
                }
            }
            Global::Shared { interval_us } => {
                let channel = self.inner.adapter.channel();
                let now = chrono::Utc::now().timestamp_micros();
                let slot =
                    outbox::reserve_slot(&self.inner.store, channel.as_str(), now, *interval_us)
                        .await?;
                let wait = slot - chrono::Utc::now().timestamp_micros();
                if wait > 0 {
                    tokio::time::sleep(Duration::from_micros(wait.unsigned_abs())).await;
                }
            }
        }
        Ok(())
    }

    /// Sends one claimed row and returns its outcome, to be written, in its own span
    /// (channel, row, masked chat, attempt).
    async fn deliver_one(&self, row: OutboxRow, ticket: Ticket) -> Result<Settle, StoreError> {
        let span = tracing::info_span!(
            "delivery",
            channel = self.inner.adapter.channel().as_str(),
            row = row.id,
            chat = %mask_last4(&row.chat_id),
            attempt = row.attempts + 1,
        );
        self.send(&row, ticket)
            .instrument(span)
            .await
            .map(|outcome| Settle::new(&row, wall_now_ms(), outcome))
    }

    /// Sends `row` within the limits; fails only when no send slot could be reserved.
    /// The row stops counting as waiting (`ticket`) once it has its slot.
    async fn send(&self, row: &OutboxRow, ticket: Ticket) -> Result<Outcome, StoreError> {
        let inner = &self.inner;
        let channel = inner.adapter.channel().as_str();
        self.wait_if_paused().await;
        self.wait_for_slot().await?;
        drop(ticket);
        let message: Outbound = match serde_json::from_str(&row.payload) {
            Ok(m) => m,
            Err(e) => {
                inner.metrics.delivery(channel, "failed", "unreadable");
                let error = format!("unreadable payload: {e}");
                return Ok(Outcome::Failed { error });
            }
        };
        let result = inner.adapter.deliver(&row.chat_id, &message).await;
        let retry = |at: i64, error: Option<&str>, failed_attempt: bool| {
            Ok(Outcome::Retry {
                at,
                error: error.map(str::to_owned),
                failed_attempt,
            })
        };
        match result {
            Ok(external_id) => {
                inner.metrics.delivery(channel, "sent", "none");
                inner.metrics.delivered_after(
                    channel,
                    Duration::from_secs(u64::try_from(wall_now() - row.created_at).unwrap_or(0)),
                );
                tracing::debug!("delivered");
                Ok(Outcome::Sent {
                    external_id,
                    pace: inner.per_chat,
                })
            }
            // The chat went too fast for the platform: its burst allowance is spent,
            // so it gets one such refusal per burst, not one every other message.
            Err(DeliveryError::RetryAfter(secs)) => {
                inner.metrics.delivery(channel, "retry", "rate_limited");
                tracing::warn!(channel, secs, "platform asked to slow down");
                Ok(Outcome::Throttled {
                    at: wall_after(Duration::from_secs(secs)),
                    pace: inner.per_chat,
                })
            }
            Err(DeliveryError::SlowDown(secs)) => {
                inner.metrics.delivery(channel, "retry", "throughput");
                tracing::warn!(
                    channel,
                    secs,
                    "platform asked the whole sender to slow down"
                );
                self.pause(Duration::from_secs(secs));
                retry(
                    wall_after(Duration::from_secs(secs)),
                    Some("slow_down"),
                    false,
                )
            }
            Err(DeliveryError::Transient(e)) if row.attempts + 1 < inner.max_attempts => {
                inner.metrics.delivery(channel, "retry", "transient");
                let backoff = 2_i64.pow(u32::try_from(row.attempts.min(8)).unwrap_or(8));
                tracing::warn!(channel, error = %e, retry_in_secs = backoff, "delivery failed; will retry");
                retry(wall_now() + backoff, Some(&e), true)
            }
            Err(e) => {
                let class = match e {
                    DeliveryError::Permanent(_) => "permanent",
                    _ => "transient",
                };
                inner.metrics.delivery(channel, "failed", class);
                tracing::warn!(channel, error = %e, "message could not be delivered; given up");
                Ok(Outcome::Failed {
                    error: e.to_string(),
                })
            }
        }
    }
}

/// A claimed row counted as waiting for its send slot until dropped; the loop is rung
/// when the rows waiting fall to half the lookahead after a claim the lookahead held
/// back.
struct Ticket(Arc<Inner>);

impl Drop for Ticket {
    fn drop(&mut self) {
        let left = self.0.waiting.fetch_sub(1, Ordering::Relaxed) - 1;
        if left <= self.0.lookahead / 2 && self.0.held_back.swap(false, Ordering::Relaxed) {
            self.0.slot_taken.notify_one();
        }
    }
}

/// The sender of one channel, with the limits its platform sets.
impl App {
    pub fn sender(&self, adapter: Arc<dyn Adapter>, limits: Limits) -> Sender {
        Sender::new(
            self.store.clone(),
            adapter.clone(),
            self.sender_bell(adapter.channel()),
            limits,
            self.settings.outbox.max_attempts,
            self.settings.outbox.max_in_flight,
            Duration::from_millis(self.settings.outbox.poll_interval_ms),
            self.metrics.clone(),
        )
    }

    /// The Cloud API's throughput per phone number; a user's pair rate limit is
    /// reported by Meta (code 131056) and honoured as a retry.
    pub fn whatsapp_limits(&self) -> Limits {
        let rate = self.settings.whatsapp.max_per_second;
        Limits {
            per_second: rate,
            per_chat_per_second: rate,
            per_chat_burst: 10,
        }
    }

    /// The SMTP server's pace (`email.max_per_second`); one address at a time.
    pub fn email_limits(&self) -> Limits {
        Limits {
            per_second: self.settings.email.max_per_second,
            per_chat_per_second: self.settings.email.max_per_second,
            per_chat_burst: 1,
        }
    }

    pub fn telegram_limits(&self) -> Limits {
        Limits {
            per_second: self.settings.telegram.max_per_second,
            per_chat_per_second: self.settings.telegram.max_per_chat_per_second,
            per_chat_burst: 3,
        }
    }
}
