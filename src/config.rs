//! Settings: `bot.toml` (every key optional, defaults below), overridden by
//! `CONTIGO__SECTION__KEY` environment variables; secrets only from the environment.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::stage::Terms;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub database: DatabaseSettings,
    pub http: HttpSettings,
    pub storage: StorageSettings,
    pub telegram: TelegramSettings,
    pub whatsapp: WhatsappSettings,
    pub terms: Terms,
    pub calendar: CalendarSettings,
    pub bot: BotSettings,
    pub outbox: OutboxSettings,
    pub intake: IntakeSettings,
    pub scheduler: SchedulerSettings,
    pub tickets: TicketSettings,
    pub padron: PadronSettings,
    pub links: LinkSettings,
    /// Secrets, read from the environment only (never from `bot.toml`).
    #[serde(skip)]
    pub secrets: Secrets,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct DatabaseSettings {
    /// `sqlite://path` (created on first run) or `postgres://...`.
    pub url: String,
    pub max_connections: u32,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self {
            url: "sqlite://data/contigo.db".into(),
            max_connections: 5,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct HttpSettings {
    pub listen: SocketAddr,
    /// Webhook bodies above this are refused before they are read whole.
    pub max_body_bytes: usize,
    /// The address users reach (`https://...`), for links such as the staff console's
    /// login link; empty when the server is not reachable from outside.
    pub public_url: String,
    /// A console session ends after this many minutes without use.
    pub console_idle_minutes: i64,
}

impl HttpSettings {
    /// The public base URL without a trailing slash, if one is set.
    pub fn public_base(&self) -> Option<&str> {
        let url = self.public_url.trim().trim_end_matches('/');
        (!url.is_empty()).then_some(url)
    }
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            max_body_bytes: 1024 * 1024,
            public_url: String::new(),
            console_idle_minutes: 30,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct StorageSettings {
    /// Uploaded and generated files, named by content hash.
    pub dir: PathBuf,
    pub max_upload_mb: usize,
    pub max_photo_megapixels: u64,
    pub max_photos: usize,
}

impl Default for StorageSettings {
    fn default() -> Self {
        Self {
            dir: PathBuf::from("data/files"),
            max_upload_mb: 10,
            max_photo_megapixels: 40,
            max_photos: 5,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TelegramMode {
    Polling,
    Webhook,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct TelegramSettings {
    pub api_url: String,
    pub mode: TelegramMode,
    /// Long-polling timeout for getUpdates.
    pub poll_timeout_secs: u32,
    /// Telegram's flood limits: about 30 messages/s overall, 1/s per chat.
    pub max_per_second: u32,
    pub max_per_chat_per_second: u32,
}

impl Default for TelegramSettings {
    fn default() -> Self {
        Self {
            api_url: "https://api.telegram.org".into(),
            mode: TelegramMode::Polling,
            // teloxide's HTTP client gives up after 17 s: stay well below.
            poll_timeout_secs: 10,
            // A little under Telegram's ~30/s so network jitter never crosses it.
            max_per_second: 28,
            max_per_chat_per_second: 1,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct WhatsappSettings {
    /// Graph API base URL (tests point it at a local fake).
    pub graph_url: String,
    pub api_version: String,
    /// Cloud API throughput: about 80 messages/s per phone number by default.
    pub max_per_second: u32,
    /// Templates for messages sent outside the 24-hour customer-service window.
    pub templates: WhatsappTemplates,
}

impl Default for WhatsappSettings {
    fn default() -> Self {
        Self {
            graph_url: "https://graph.facebook.com".into(),
            api_version: "v21.0".into(),
            max_per_second: 80,
            templates: WhatsappTemplates::default(),
        }
    }
}

/// Meta only lets a business write first (or 24 hours after the user's last message)
/// with a pre-approved template. One template per kind of notification; each must
/// exist, approved, in the WhatsApp Business account under this name and language.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct WhatsappTemplates {
    /// A text notification (a stage change, a reminder). Body with one parameter,
    /// `{{1}}`: the notification's text on one line.
    pub text: TemplateRef,
    /// A document (e.g. the DDC). Header of type DOCUMENT (the file), body with one
    /// parameter, `{{1}}`: the caption.
    pub document: TemplateRef,
}

impl Default for WhatsappTemplates {
    fn default() -> Self {
        Self {
            text: TemplateRef {
                name: "contigo_aviso".into(),
                language: "es".into(),
            },
            document: TemplateRef {
                name: "contigo_documento".into(),
                language: "es".into(),
            },
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TemplateRef {
    /// Empty: no template; the message is sent as is and Meta may refuse it.
    pub name: String,
    /// The template's language code as approved (e.g. "es", "es_PE", "en_US").
    pub language: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CalendarSettings {
    /// Non-working days beyond the national holidays (e.g. a decreed bridge day).
    pub extra_non_working: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct BotSettings {
    /// Locale used when the platform gives none.
    pub default_locale: String,
    /// Minutes of silence after which a new message starts a new session (usage report).
    pub session_idle_minutes: i64,
    /// Business days the program promises from upload to account (shown to applicants).
    pub promise_days: u32,
}

impl Default for BotSettings {
    fn default() -> Self {
        Self {
            default_locale: "es".into(),
            session_idle_minutes: 30,
            promise_days: 5,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct OutboxSettings {
    /// How often the sender looks for due messages when nobody woke it.
    pub poll_interval_ms: u64,
    /// Give up on a message after this many failed attempts.
    pub max_attempts: i64,
    /// Sends in progress at once per channel and replica (one per chat at most).
    pub max_in_flight: usize,
}

impl Default for OutboxSettings {
    fn default() -> Self {
        Self {
            poll_interval_ms: 1000,
            max_attempts: 8,
            max_in_flight: 32,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct IntakeSettings {
    /// Chats whose events are processed at the same time, per channel and replica
    /// (each chat's own events always go one at a time, in order).
    pub concurrency: usize,
}

impl Default for IntakeSettings {
    fn default() -> Self {
        Self { concurrency: 16 }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct SchedulerSettings {
    /// Seconds between checks of deadlines and reminders.
    pub interval_secs: u64,
}

impl Default for SchedulerSettings {
    fn default() -> Self {
        Self { interval_secs: 60 }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct TicketSettings {
    /// Office hours (Monday to Friday 08:30-17:30 Lima, not holidays) within which a
    /// specialist must first answer a ticket before supervisors are alerted.
    pub first_response_hours: u32,
}

impl Default for TicketSettings {
    fn default() -> Self {
        Self {
            first_response_hours: 4,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct PadronSettings {
    /// DNI lookups an ally may make per hour (stops enumerating the padrón).
    pub lookups_per_hour: u32,
}

impl Default for PadronSettings {
    fn default() -> Self {
        Self {
            lookups_per_hour: 30,
        }
    }
}

#[derive(Clone, Default)]
pub struct Secrets {
    pub telegram_bot_token: Option<String>,
    pub telegram_webhook_secret: Option<String>,
    pub whatsapp_access_token: Option<String>,
    pub whatsapp_app_secret: Option<String>,
    pub whatsapp_verify_token: Option<String>,
    pub whatsapp_phone_number_id: Option<String>,
}

impl std::fmt::Debug for Secrets {
    // Secrets never reach logs; only whether each one is set.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secrets")
            .field("telegram_bot_token", &self.telegram_bot_token.is_some())
            .field(
                "telegram_webhook_secret",
                &self.telegram_webhook_secret.is_some(),
            )
            .field(
                "whatsapp_access_token",
                &self.whatsapp_access_token.is_some(),
            )
            .field("whatsapp_app_secret", &self.whatsapp_app_secret.is_some())
            .field(
                "whatsapp_verify_token",
                &self.whatsapp_verify_token.is_some(),
            )
            .field(
                "whatsapp_phone_number_id",
                &self.whatsapp_phone_number_id.is_some(),
            )
            .finish()
    }
}

impl Secrets {
    pub fn from_env() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Self {
            telegram_bot_token: var("TELEGRAM_BOT_TOKEN"),
            telegram_webhook_secret: var("TELEGRAM_WEBHOOK_SECRET"),
            whatsapp_access_token: var("WHATSAPP_ACCESS_TOKEN"),
            whatsapp_app_secret: var("WHATSAPP_APP_SECRET"),
            whatsapp_verify_token: var("WHATSAPP_VERIFY_TOKEN"),
            whatsapp_phone_number_id: var("WHATSAPP_PHONE_NUMBER_ID"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("could not read settings: {0}")]
    Read(#[from] config::ConfigError),
    #[error("invalid setting {key}: {reason}")]
    Invalid { key: &'static str, reason: String },
}

impl Settings {
    /// Reads `path` (missing file = all defaults) and the `CONTIGO__*` environment.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let raw = config::Config::builder()
            .add_source(
                config::File::from(path)
                    .format(config::FileFormat::Toml)
                    .required(false),
            )
            .add_source(
                config::Environment::with_prefix("CONTIGO")
                    .prefix_separator("__")
                    .separator("__")
                    .try_parsing(true)
                    .list_separator(",")
                    .with_list_parse_key("calendar.extra_non_working"),
            )
            .build()?;
        let mut settings: Settings = raw.try_deserialize()?;
        settings.secrets = Secrets::from_env();
        settings.validate()?;
        Ok(settings)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let db = &self.database.url;
        if !(db.starts_with("sqlite:")
            || db.starts_with("postgres:")
            || db.starts_with("postgresql:"))
        {
            return Err(ConfigError::Invalid {
                key: "database.url",
                reason: "must start with sqlite: or postgres:".into(),
            });
        }
        if self.storage.max_upload_mb == 0 || self.storage.max_photos == 0 {
            return Err(ConfigError::Invalid {
                key: "storage",
                reason: "limits must be positive".into(),
            });
        }
        if self.http.console_idle_minutes <= 0 {
            return Err(ConfigError::Invalid {
                key: "http.console_idle_minutes",
                reason: "must be positive".into(),
            });
        }
        if let Some(url) = self.http.public_base()
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            return Err(ConfigError::Invalid {
                key: "http.public_url",
                reason: "must start with https:// (or http:// for a local test)".into(),
            });
        }
        if self.telegram.mode == TelegramMode::Webhook
            && self.secrets.telegram_bot_token.is_some()
            && self.secrets.telegram_webhook_secret.is_none()
        {
            return Err(ConfigError::Invalid {
                key: "telegram.mode",
                reason: "webhook mode needs TELEGRAM_WEBHOOK_SECRET".into(),
            });
        }
        Ok(())
    }
}

/// Where the DDC's QR code points (DESIGN §3): the chat with the bot, at the upload
/// step of that request. An empty value leaves that channel's link out.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LinkSettings {
    /// The Telegram bot's username, without "@": `https://t.me/<it>?start=...`.
    pub telegram_bot_username: String,
    /// The WhatsApp number allies write to, digits with the country code (51...):
    /// `https://wa.me/<it>?text=...`.
    pub whatsapp_number: String,
}
