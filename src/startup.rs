//! Start-up: builds the application from settings (database, migrations, locales,
//! engine) and hands out the shared parts the workers need.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use crate::channels::Adapter;
use crate::clock::Clock;
use crate::config::Settings;
use crate::conversation::Engine;
use crate::domain::calendar::BusinessCalendar;
use crate::http::metrics::Metrics;
use crate::i18n::Locales;
use crate::message::Channel;
use crate::outbox::{Limits, Sender};
use crate::store::files::FileStore;
use crate::store::{Store, StoreError};

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

    pub(crate) fn processor_bell(&self, c: Channel) -> Arc<Notify> {
        self.wake_processor.get(&c).cloned().unwrap_or_default()
    }

    pub(crate) fn sender_bell(&self, c: Channel) -> Arc<Notify> {
        self.wake_sender.get(&c).cloned().unwrap_or_default()
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
