//! The sender: delivers outbox rows through a channel adapter, within the platform's
//! limits (a global rate and a per-chat rate with a small burst, in process), honours
//! `retry_after`, retries transient failures with exponential backoff and marks each
//! row sent as soon as the platform accepted it, so a restart never repeats it.
//! Several senders (replicas) can run on PostgreSQL: claims use SKIP LOCKED.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::sync::{Notify, watch};

use crate::channels::{Adapter, DeliveryError};
use crate::http::metrics::Metrics;
use crate::message::Outbound;
use crate::store::outbox::{self, OutboxRow};
use crate::store::{Store, StoreError};

/// How long a claimed row stays reserved for its worker.
const LEASE_SECS: i64 = 60;
const BATCH: i64 = 50;

pub struct Limits {
    pub per_second: u32,
    pub per_chat_per_second: u32,
    pub per_chat_burst: u32,
}

pub struct Sender {
    store: Store,
    adapter: Arc<dyn Adapter>,
    wake: Arc<Notify>,
    global: DefaultDirectRateLimiter,
    per_chat: DefaultKeyedRateLimiter<String>,
    max_attempts: i64,
    poll: Duration,
    metrics: Arc<Metrics>,
}

fn nz(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN)
}

/// Wall-clock seconds: delivery timing is real time, whatever the business clock says.
pub fn wall_now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The first whole second at least `wait` from now: a row due then is never sent early.
fn wall_after(wait: Duration) -> i64 {
    let ms = chrono::Utc::now().timestamp_millis()
        + i64::try_from(wait.as_millis()).unwrap_or(i64::MAX / 2);
    (ms + 999) / 1000
}

impl Sender {
    pub fn new(
        store: Store,
        adapter: Arc<dyn Adapter>,
        wake: Arc<Notify>,
        limits: Limits,
        max_attempts: i64,
        poll: Duration,
        metrics: Arc<Metrics>,
    ) -> Self {
        let global =
            RateLimiter::direct(Quota::per_second(nz(limits.per_second)).allow_burst(nz(1)));
        let per_chat = RateLimiter::keyed(
            Quota::per_second(nz(limits.per_chat_per_second))
                .allow_burst(nz(limits.per_chat_burst)),
        );
        Self {
            store,
            adapter,
            wake,
            global,
            per_chat,
            max_attempts,
            poll,
            metrics,
        }
    }

    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        loop {
            match self.deliver_due().await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "outbox sender failed a round"),
            }
            tokio::select! {
                _ = self.wake.notified() => {},
                _ = tokio::time::sleep(self.poll) => {},
                _ = shutdown.changed() => return,
            }
        }
    }

    /// Delivers one batch of due rows; returns how many rows it handled.
    pub async fn deliver_due(&self) -> Result<usize, StoreError> {
        let channel = self.adapter.channel();
        let rows =
            outbox::claim(&self.store, channel.as_str(), wall_now(), LEASE_SECS, BATCH).await?;
        let n = rows.len();
        for row in rows {
            self.deliver_one(row).await?;
        }
        Ok(n)
    }

    async fn deliver_one(&self, row: OutboxRow) -> Result<(), StoreError> {
        let channel = self.adapter.channel().as_str();
        if let Err(not_until) = self.per_chat.check_key(&row.chat_id) {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            let at = wall_after(wait);
            let mut conn = self.store.pool.acquire().await?;
            return outbox::retry_at(&mut conn, row.id, at, None, false).await;
        }
        self.global.until_ready().await;
        let message: Outbound = match serde_json::from_str(&row.payload) {
            Ok(m) => m,
            Err(e) => {
                let mut conn = self.store.pool.acquire().await?;
                return outbox::mark_failed(&mut conn, row.id, &format!("unreadable payload: {e}"))
                    .await;
            }
        };
        let result = self.adapter.deliver(&row.chat_id, &message).await;
        let mut conn = self.store.pool.acquire().await?;
        match result {
            Ok(external_id) => {
                self.metrics.outbound(channel, "sent");
                outbox::mark_sent(&mut conn, row.id, external_id.as_deref(), wall_now()).await
            }
            Err(DeliveryError::RetryAfter(secs)) => {
                self.metrics.outbound(channel, "retry_after");
                tracing::warn!(channel, secs, "platform asked to slow down");
                let at = wall_after(Duration::from_secs(secs));
                outbox::retry_at(&mut conn, row.id, at, Some("retry_after"), false).await
            }
            Err(DeliveryError::Transient(e)) if row.attempts + 1 < self.max_attempts => {
                self.metrics.outbound(channel, "retry");
                let backoff = 2_i64.pow(u32::try_from(row.attempts.min(8)).unwrap_or(8));
                outbox::retry_at(&mut conn, row.id, wall_now() + backoff, Some(&e), true).await
            }
            Err(e) => {
                self.metrics.outbound(channel, "failed");
                tracing::error!(channel, error = %e, "message could not be delivered");
                outbox::mark_failed(&mut conn, row.id, &e.to_string()).await
            }
        }
    }
}
