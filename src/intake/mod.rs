//! Intake: raw platform events are stored first ([`App::ingest`]), then turned into
//! replies by the processor: decode (downloading media), then one transaction with
//! the engine's state change, the outbox rows and the processed mark.

use std::time::Duration;

use std::sync::Arc;
use teloxide::types::Update;
use tokio::sync::watch;

use crate::channels::{Adapter, DecodeError};
use crate::message::{Channel, Outbound};
use crate::outbox::wall_now;
use crate::startup::{App, AppError};
use crate::store::inbound::{self, InboundEvent};
use crate::store::{StoreError, outbox};

/// After this many failed tries an event is given up (and the user told).
const MAX_EVENT_ATTEMPTS: i64 = 5;

impl App {
    /// Stores a raw event durably; returns false for a redelivery we already have.
    pub async fn ingest(
        &self,
        channel: Channel,
        external_id: &str,
        chat_id: &str,
        payload: &str,
    ) -> Result<bool, AppError> {
        let mut conn = self.store.pool.acquire().await?;
        let id = inbound::insert_if_new(
            &mut conn,
            channel.as_str(),
            external_id,
            chat_id,
            payload,
            wall_now(),
        )
        .await?;
        drop(conn);
        self.metrics.inbound(
            channel.as_str(),
            if id.is_some() { "new" } else { "duplicate" },
        );
        if id.is_some() {
            self.processor_bell(channel).notify_one();
        }
        Ok(id.is_some())
    }

    pub async fn ingest_telegram(&self, update: &Update) -> Result<bool, AppError> {
        let chat_id = crate::channels::telegram::update_chat_id(update).unwrap_or_default();
        let payload = serde_json::to_string(update).map_err(|e| AppError::Setup(e.to_string()))?;
        self.ingest(
            Channel::Telegram,
            &update.id.0.to_string(),
            &chat_id.to_string(),
            &payload,
        )
        .await
    }

    /// Processes every stored, unprocessed event of the adapter's channel, in order.
    pub async fn process_pending(&self, adapter: &dyn Adapter) -> Result<usize, AppError> {
        let mut done = 0;
        loop {
            let events = {
                let mut conn = self.store.pool.acquire().await?;
                inbound::pending(
                    &mut conn,
                    adapter.channel().as_str(),
                    MAX_EVENT_ATTEMPTS,
                    50,
                )
                .await?
            };
            if events.is_empty() {
                return Ok(done);
            }
            for event in events {
                self.process_event(adapter, &event).await?;
                done += 1;
            }
        }
    }

    async fn process_event(
        &self,
        adapter: &dyn Adapter,
        event: &InboundEvent,
    ) -> Result<(), AppError> {
        let started = std::time::Instant::now();
        let decoded = match adapter.decode(event).await {
            Ok(d) => d,
            Err(DecodeError::Malformed(e)) => {
                tracing::warn!(event = event.id, error = %e, "malformed event skipped");
                let mut conn = self.store.pool.acquire().await?;
                inbound::mark_failed(&mut conn, event.id, &e).await?;
                inbound::mark_processed(&mut conn, event.id, wall_now()).await?;
                return Ok(());
            }
            Err(DecodeError::Transient(e)) => {
                let mut conn = self.store.pool.acquire().await?;
                inbound::mark_failed(&mut conn, event.id, &e).await?;
                return Ok(());
            }
        };
        let Some((chat, input)) = decoded else {
            let mut conn = self.store.pool.acquire().await?;
            inbound::mark_processed(&mut conn, event.id, wall_now()).await?;
            return Ok(());
        };
        let mut tx = self.store.begin().await?;
        // Another replica may have taken it between our read and this transaction.
        if inbound::get(&mut tx, event.id).await?.is_none() {
            return Ok(());
        }
        match self.engine.handle(&mut tx, &chat, input).await {
            Ok(replies) => {
                for reply in &replies {
                    let payload = serde_json::to_string(reply).map_err(StoreError::from)?;
                    outbox::enqueue(
                        &mut tx,
                        chat.channel.as_str(),
                        &chat.chat_id,
                        &payload,
                        wall_now(),
                    )
                    .await?;
                }
                inbound::mark_processed(&mut tx, event.id, wall_now()).await?;
                tx.commit().await?;
                self.metrics.turn(chat.channel.as_str(), started.elapsed());
                self.sender_bell(chat.channel).notify_one();
            }
            Err(e) => {
                tx.rollback().await?;
                tracing::error!(event = event.id, error = %e, "turn failed");
                let mut tx = self.store.begin().await?;
                inbound::mark_failed(&mut tx, event.id, &e.to_string()).await?;
                if event.attempts + 1 >= MAX_EVENT_ATTEMPTS {
                    // Never leave the user in silence: apologise once and move on.
                    let lang = self.engine.locales.pick(chat.lang_hint.as_deref());
                    let sorry = Outbound::Text {
                        text: self.engine.locales.t(lang, "technical-problem"),
                        choices: vec![],
                    };
                    let payload = serde_json::to_string(&sorry).map_err(StoreError::from)?;
                    outbox::enqueue(
                        &mut tx,
                        chat.channel.as_str(),
                        &chat.chat_id,
                        &payload,
                        wall_now(),
                    )
                    .await?;
                    inbound::mark_processed(&mut tx, event.id, wall_now()).await?;
                }
                tx.commit().await?;
                self.sender_bell(chat.channel).notify_one();
            }
        }
        Ok(())
    }

    /// Runs the processor for one adapter until shutdown.
    pub async fn run_processor(
        self,
        adapter: Arc<dyn Adapter>,
        mut shutdown: watch::Receiver<bool>,
    ) {
        let bell = self.processor_bell(adapter.channel());
        loop {
            if let Err(e) = self.process_pending(adapter.as_ref()).await {
                tracing::error!(error = %e, "processing round failed");
            }
            tokio::select! {
                _ = bell.notified() => {},
                _ = tokio::time::sleep(Duration::from_secs(1)) => {},
                _ = shutdown.changed() => return,
            }
        }
    }
}
