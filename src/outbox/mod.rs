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
//! At-least-once window: a message the platform accepted is recorded sent right
//! after; if the worker is killed in between, that message goes again after its lease
//! (60 s). So at most the messages in flight on a killed worker (`max_in_flight`) can
//! repeat; nothing else does.

use std::collections::HashSet;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tracing::Instrument;

use crate::app::App;
use crate::channels::{Adapter, DeliveryError};
use crate::domain::values::mask_last4;
use crate::message::Outbound;
use crate::metrics::Metrics;
use crate::store::outbox::{self, OutboxRow, Pace};
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
    poll: Duration,
    metrics: Arc<Metrics>,
}

fn nz(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN)
}

pub use crate::clock::wall_now;

/// The wall clock in milliseconds, as the outbox's turns count.
pub fn wall_now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The channel's global rate: in process (SQLite: one process owns the file), or a
/// slot reserved for each send from the row every replica shares (PostgreSQL).
enum Global {
    Local(DefaultDirectRateLimiter),
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
            Backend::Sqlite => Global::Local(RateLimiter::direct(
                Quota::per_second(nz(limits.per_second)).allow_burst(nz(1)),
            )),
            Backend::Postgres => Global::Shared {
                interval_us: 1_000_000 / i64::from(limits.per_second.max(1)),
            },
        };
        let per_chat = Pace::per_second(limits.per_chat_per_second, limits.per_chat_burst);
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
                poll,
                metrics,
            }),
        }
    }

    /// Runs until shutdown, keeping up to `max_in_flight` sends going; then lets them
    /// finish for a few seconds and gives back the rows of those that did not.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let inner = &self.inner;
        let mut running: JoinSet<()> = JoinSet::new();
        let held: Arc<Mutex<HashSet<i64>>> = Arc::default();
        let mut swept = tokio::time::Instant::now();
        loop {
            while running.try_join_next().is_some() {}
            let free = inner.max_in_flight.saturating_sub(running.len());
            if free > 0 {
                match self.claim(free).await {
                    Ok(rows) => {
                        for row in rows {
                            self.spawn(&mut running, &held, row);
                        }
                    }
                    Err(e) => tracing::error!(error = %e, "outbox claim failed"),
                }
            }
            if swept.elapsed() >= SWEEP_EVERY {
                swept = tokio::time::Instant::now();
                if let Err(e) = outbox::sweep_chats(&inner.store, wall_now_ms()).await {
                    tracing::warn!(error = %e, "outbox sweep failed");
                }
            }
            tokio::select! {
                _ = inner.wake.notified() => {},
                _ = tokio::time::sleep(inner.poll) => {},
                Some(_) = running.join_next(), if !running.is_empty() => {},
                _ = shutdown.changed() => break,
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
        let left: Vec<i64> = held
            .lock()
            .map(|h| h.iter().copied().collect())
            .unwrap_or_default();
        if let Err(e) = outbox::release_all(&inner.store, &left).await {
            tracing::warn!(error = %e, "could not give the messages in flight back");
        }
    }

    async fn claim(&self, limit: usize) -> Result<Vec<OutboxRow>, StoreError> {
        let channel = self.inner.adapter.channel();
        outbox::claim_in(
            &self.inner.store,
            channel.as_str(),
            self.inner.adapter.only_chat(),
            wall_now_ms(),
            LEASE_SECS,
            i64::try_from(limit).unwrap_or(1),
        )
        .await
    }

    fn spawn(&self, running: &mut JoinSet<()>, held: &Arc<Mutex<HashSet<i64>>>, row: OutboxRow) {
        if let Ok(mut h) = held.lock() {
            h.insert(row.id);
        }
        let (this, held) = (self.clone(), held.clone());
        running.spawn(async move {
            let id = row.id;
            if let Err(e) = this.deliver_one(row).await {
                // The lease runs out and the row is tried again.
                tracing::error!(error = %e, "recording a delivery failed");
            }
            if let Ok(mut h) = held.lock() {
                h.remove(&id);
            }
        });
    }

    /// Claims the due rows (one per chat) and delivers them all at once; returns how
    /// many rows it handled. For `chat`, tests and benchmarks; `serve` runs [`Self::run`].
    pub async fn deliver_due(&self) -> Result<usize, StoreError> {
        let rows = self.claim(self.inner.max_in_flight).await?;
        let n = rows.len();
        let mut running = JoinSet::new();
        for row in rows {
            let this = self.clone();
            running.spawn(async move { this.deliver_one(row).await });
        }
        let mut result = Ok(());
        while let Some(done) = running.join_next().await {
            match done {
                Ok(Err(e)) => result = Err(e),
                Err(e) => result = Err(StoreError::Corrupt(format!("delivery task: {e}"))),
                Ok(Ok(())) => {}
            }
        }
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
            Global::Local(limiter) => limiter.until_ready().await,
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

    /// Sends one claimed row and records the outcome, in its own span (channel, row,
    /// masked chat, attempt).
    async fn deliver_one(&self, row: OutboxRow) -> Result<(), StoreError> {
        let span = tracing::info_span!(
            "delivery",
            channel = self.inner.adapter.channel().as_str(),
            row = row.id,
            chat = %mask_last4(&row.chat_id),
            attempt = row.attempts + 1,
        );
        self.send_and_record(row).instrument(span).await
    }

    async fn send_and_record(&self, row: OutboxRow) -> Result<(), StoreError> {
        let inner = &self.inner;
        let store = &inner.store;
        let channel = inner.adapter.channel().as_str();
        self.wait_if_paused().await;
        self.wait_for_slot().await?;
        let message: Outbound = match serde_json::from_str(&row.payload) {
            Ok(m) => m,
            Err(e) => {
                inner.metrics.delivery(channel, "failed", "unreadable");
                let error = format!("unreadable payload: {e}");
                return outbox::mark_failed(store, &row, &error, wall_now_ms()).await;
            }
        };
        let result = inner.adapter.deliver(&row.chat_id, &message).await;
        match result {
            Ok(external_id) => {
                inner.metrics.delivery(channel, "sent", "none");
                inner.metrics.delivered_after(
                    channel,
                    Duration::from_secs(u64::try_from(wall_now() - row.created_at).unwrap_or(0)),
                );
                tracing::debug!("delivered");
                let (now, pace) = (wall_now_ms(), inner.per_chat);
                outbox::mark_sent(store, &row, external_id.as_deref(), now, pace).await
            }
            Err(DeliveryError::RetryAfter(secs)) => {
                inner.metrics.delivery(channel, "retry", "rate_limited");
                tracing::warn!(channel, secs, "platform asked to slow down");
                let at = wall_after(Duration::from_secs(secs));
                outbox::retry_at(store, row.id, at, Some("retry_after"), false).await
            }
            Err(DeliveryError::SlowDown(secs)) => {
                inner.metrics.delivery(channel, "retry", "throughput");
                tracing::warn!(
                    channel,
                    secs,
                    "platform asked the whole sender to slow down"
                );
                self.pause(Duration::from_secs(secs));
                let at = wall_after(Duration::from_secs(secs));
                outbox::retry_at(store, row.id, at, Some("slow_down"), false).await
            }
            Err(DeliveryError::Transient(e)) if row.attempts + 1 < inner.max_attempts => {
                inner.metrics.delivery(channel, "retry", "transient");
                let backoff = 2_i64.pow(u32::try_from(row.attempts.min(8)).unwrap_or(8));
                tracing::warn!(channel, error = %e, retry_in_secs = backoff, "delivery failed; will retry");
                outbox::retry_at(store, row.id, wall_now() + backoff, Some(&e), true).await
            }
            Err(e) => {
                let class = match e {
                    DeliveryError::Permanent(_) => "permanent",
                    _ => "transient",
                };
                inner.metrics.delivery(channel, "failed", class);
                tracing::warn!(channel, error = %e, "message could not be delivered; given up");
                outbox::mark_failed(store, &row, &e.to_string(), wall_now_ms()).await
            }
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
