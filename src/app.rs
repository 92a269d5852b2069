//! The application handle: settings, the store, the conversation engine, files, the
//! clock, metrics, and the bells that wake each channel's intake and sender. Built
//! once by `startup`; the runtime's parts (intake, outbox, the HTTP server) share it.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::Notify;

use crate::clock::Clock;
use crate::config::Settings;
use crate::conversation::Engine;
use crate::domain::calendar::BusinessCalendar;
use crate::i18n::Locales;
use crate::message::Channel;
use crate::metrics::Metrics;
use crate::notify::Notifier;
use crate::store::files::FileStore;
use crate::store::{Store, StoreError};

pub mod bell;
pub mod handoff;

use bell::Bell;
use handoff::HandOff;

/// Telegram updates parsed at the door and not yet decoded, held at most: some
/// 1 MB of typed updates (856 bytes each, their strings apart); past it a turn reads
/// its stored payload.
pub const HANDED_UPDATES: usize = 1024;
/// A parsed update nobody took in this long (its event claimed elsewhere) may be
/// dropped to make room.
pub const HANDED_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("locales: {0}")]
    Locales(#[from] crate::i18n::I18nError),
    #[error("knowledge base: {0}")]
    Kb(#[from] crate::domain::kb::KbError),
    #[error("{0}")]
    Setup(String),
    #[error("listening on {addr}: {source}")]
    Listen {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
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
    /// Renders events for every recipient and channel, e-mail copies included when
    /// `[email]` is set: the one place that decides it.
    pub notifier: Notifier,
    /// Telegram updates the webhook handler or the poller parsed, by stored event id:
    /// the turn takes its update from here instead of parsing the payload again.
    pub telegram_updates: Arc<HandOff<crate::message::telegram::Update>>,
    wake_processor: Arc<HashMap<Channel, Arc<Bell>>>,
    wake_sender: Arc<HashMap<Channel, Arc<Notify>>>,
}

impl App {
    /// Connects to the database, applies migrations, loads the locales and the
    /// knowledge base (built-in entries, then the operator's `[kb] dir`).
    pub async fn build(settings: Settings, clock: Clock) -> Result<Self, AppError> {
        let store = Store::connect_waiting(
            &settings.database.url,
            settings.database.max_connections,
            std::time::Duration::from_secs(settings.database.acquire_timeout_secs),
        )
        .await?;
        store.migrate().await?;
        let locales = Arc::new(Locales::embedded()?);
        let kb = Arc::new(crate::store::kb::Shelf::open(
            &settings.kb.dir,
            std::time::Duration::from_secs(settings.kb.reload_secs),
        )?);
        let lessons = Arc::new(crate::store::lessons::shelf(
            &settings.kb.lessons_dir,
            std::time::Duration::from_secs(settings.kb.reload_secs),
        )?);
        let files = FileStore::new(settings.storage.dir.clone());
        let mut settings = settings;
        derive_links(&mut settings).await;
        let settings = Arc::new(settings);
        let calendar = BusinessCalendar::new(settings.calendar.extra_non_working.iter().copied());
        let notifier = Notifier::new(locales.clone(), &settings);
        let engine = Arc::new(Engine {
            notifier: notifier.clone(),
            locales,
            kb,
            lessons,
            settings: settings.clone(),
            files: files.clone(),
            calendar,
            clock: clock.clone(),
            written: Default::default(),
        });
        fn bells<B: Default>() -> Arc<HashMap<Channel, Arc<B>>> {
            Arc::new(
                [
                    Channel::Telegram,
                    Channel::Whatsapp,
                    Channel::Terminal,
                    Channel::Email,
                ]
                .into_iter()
                .map(|c| (c, Arc::default()))
                .collect(),
            )
        }
        Ok(Self {
            settings,
            store,
            engine,
            files,
            clock,
            metrics: Arc::new(Metrics::new()),
            notifier,
            telegram_updates: Arc::new(HandOff::new(HANDED_UPDATES, HANDED_MAX_AGE)),
            wake_processor: bells(),
            wake_sender: bells(),
        })
    }

    pub(crate) fn processor_bell(&self, c: Channel) -> Arc<Bell> {
        self.wake_processor.get(&c).cloned().unwrap_or_default()
    }

    pub(crate) fn sender_bell(&self, c: Channel) -> Arc<Notify> {
        self.wake_sender.get(&c).cloned().unwrap_or_default()
    }

    /// Waits, before intake writes an event, while the SQLite WAL has no room
    /// (`Store::wal_room`: its copies fell behind on a busy disk); the wait is
    /// counted in `/metrics` (`contigo_intake_wal_held_seconds`).
    pub async fn wal_room(&self) {
        let held = self.store.wal_room().await;
        if !held.is_zero() {
            self.metrics.intake_held(held);
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
            metrics: self.metrics.clone(),
            files: self.files.clone(),
            notifier: self.notifier.clone(),
        }
    }
}

/// Fills the chat links the DDC's QR code needs from what is configured, so the shipped
/// `bot.toml` (no `[links]`) still prints one: with a Telegram token, the bot's username
/// as Telegram reports it. Unreachable or refused, the link stays empty and the DDC says
/// to type the codes instead.
async fn derive_links(settings: &mut Settings) {
    use teloxide::prelude::Requester;
    if !settings.links.telegram_bot_username.is_empty() {
        return;
    }
    let Some(token) = settings.secrets.telegram_bot_token.as_deref() else {
        return;
    };
    let Ok(url) = reqwest::Url::parse(&settings.telegram.api_url) else {
        return;
    };
    let bot = teloxide::Bot::new(token).set_api_url(url);
    match tokio::time::timeout(std::time::Duration::from_secs(5), bot.get_me()).await {
        Ok(Ok(me)) => {
            if let Some(username) = me.user.username {
                settings.links.telegram_bot_username = username;
            }
        }
        Ok(Err(e)) => tracing::warn!(error = %e, "telegram getMe failed; the DDC links to no chat"),
        Err(_) => tracing::warn!("telegram getMe timed out; the DDC links to no chat"),
    }
}
