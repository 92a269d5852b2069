//! Builds the application from settings and runs its parts: intake of raw events,
//! the processor that turns them into replies, and the senders.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use teloxide::types::Update;
use tokio::sync::{Notify, watch};

use crate::channels::{Adapter, DecodeError};
use crate::clock::Clock;
use crate::config::Settings;
use crate::conversation::Engine;
use crate::domain::calendar::BusinessCalendar;
use crate::http::metrics::Metrics;
use crate::i18n::Locales;
use crate::message::{Channel, Outbound};
use crate::outbox::{Limits, Sender, wall_now};
use crate::store::files::FileStore;
use crate::store::inbound::{self, InboundEvent};
use crate::store::{Store, StoreError, outbox};

/// After this many failed tries an event is given up (and the user told).
const MAX_EVENT_ATTEMPTS: i64 = 5;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("locales: {0}")]
    Locales(#[from] crate::i18n::I18nError),
    #[error("{0}")]
    Setup(String),
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Store(StoreError::Db(e))
    }
}

#[derive(Clone)]
pub struct App {
    pub settings: Arc<Settings>,
    pub store: Store,
    pub engine: Arc<Engine>,
    pub files: FileStore,
    pub clock: Clock,
    pub metrics: Arc<Metrics>,
    wake_processor: Arc<HashMap<Channel, Arc<Notify>>>,
    wake_sender: Arc<HashMap<Channel, Arc<Notify>>>,
}

impl App {
    /// Connects to the database, applies migrations and loads the locales.
    pub async fn build(settings: Settings, clock: Clock) -> Result<Self, AppError> {
        let store =
            Store::connect(&settings.database.url, settings.database.max_connections).await?;
        store.migrate().await?;
        let locales = Arc::new(Locales::embedded()?);
        let files = FileStore::new(settings.storage.dir.clone());
        let settings = Arc::new(settings);
        let calendar = BusinessCalendar::new(settings.calendar.extra_non_working.iter().copied());
        let engine = Arc::new(Engine {
            locales,
            settings: settings.clone(),
            files: files.clone(),
            calendar,
            clock: clock.clone(),
        });
        let notifies = || {
            Arc::new(
                [Channel::Telegram, Channel::Whatsapp, Channel::Terminal]
                    .into_iter()
                    .map(|c| (c, Arc::new(Notify::new())))
                    .collect::<HashMap<_, _>>(),
            )
        };
        Ok(Self {
            settings,
            store,
            engine,
            files,
            clock,
            metrics: Arc::new(Metrics::new()),
            wake_processor: notifies(),
            wake_sender: notifies(),
        })
    }

    fn processor_bell(&self, c: Channel) -> Arc<Notify> {
        self.wake_processor.get(&c).cloned().unwrap_or_default()
    }

    fn sender_bell(&self, c: Channel) -> Arc<Notify> {
        self.wake_sender.get(&c).cloned().unwrap_or_default()
    }

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

    /// Deadlines, reminders and digests, on this application's store and clock.
    pub fn scheduler(&self) -> crate::scheduler::Scheduler {
        crate::scheduler::Scheduler {
            store: self.store.clone(),
            settings: self.settings.clone(),
            calendar: self.engine.calendar.clone(),
            clock: self.clock.clone(),
            locales: self.engine.locales.clone(),
        }
    }

    pub fn sender(&self, adapter: Arc<dyn Adapter>, limits: Limits) -> Sender {
        Sender::new(
            self.store.clone(),
            adapter.clone(),
            self.sender_bell(adapter.channel()),
            limits,
            self.settings.outbox.max_attempts,
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

    pub fn telegram_limits(&self) -> Limits {
        Limits {
            per_second: self.settings.telegram.max_per_second,
            per_chat_per_second: self.settings.telegram.max_per_chat_per_second,
            per_chat_burst: 3,
        }
    }
}
