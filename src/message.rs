//! The shared vocabulary of messages (docs/ARCHITECTURE.md, bottom layer): the channels, who is
//! talking, what a user did ([`Inbound`]) and what the bot sends ([`Outbound`]).
//! Every layer speaks it; it imports nothing of the crate. [`telegram`]: Telegram's
//! update as the bot reads it, parsed at the door and handed to the turn.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub mod telegram;

/// The channels a chat can live on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Telegram,
    Whatsapp,
    Terminal,
    /// Outgoing only: copies of a request's milestones to its responsible and
    /// authority; the chat id is the e-mail address.
    Email,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Telegram => "telegram",
            Channel::Whatsapp => "whatsapp",
            Channel::Terminal => "terminal",
            Channel::Email => "email",
        }
    }

    pub const ALL: [Channel; 4] = [
        Channel::Telegram,
        Channel::Whatsapp,
        Channel::Terminal,
        Channel::Email,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The platform's name as people know it ("WhatsApp"), the same in every
    /// language.
    pub fn name(self) -> &'static str {
        match self {
            Channel::Telegram => "Telegram",
            Channel::Whatsapp => "WhatsApp",
            Channel::Terminal => "terminal",
            Channel::Email => "e-mail",
        }
    }

    /// Whether people write in on it (e-mail only carries copies out).
    pub fn is_chat(self) -> bool {
        self != Channel::Email
    }

    /// Whether it opens a web page inside the chat (Telegram's Mini App): the whole
    /// registration or an ally's form on one screen.
    pub fn opens_web_app(self) -> bool {
        self == Channel::Telegram
    }

    /// Whether it shows a form of its own (WhatsApp Flows).
    pub fn native_forms(self) -> bool {
        self == Channel::Whatsapp
    }

    /// Whether a button shares the sender's own number, vouched by the platform
    /// (Telegram's contact button).
    pub fn shares_contact(self) -> bool {
        self == Channel::Telegram
    }

    /// Whether a reply keyboard stays up until it is hidden (Telegram's).
    pub fn keeps_keyboard(self) -> bool {
        self == Channel::Telegram
    }
}

/// A stored code that names no value of its kind (a channel, a ticket state, a
/// role…): a row no version of the program wrote, so corrupt data rather than input
/// to refuse. The store's rows convert their code columns with `TryFrom<String>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} {code:?}")]
pub struct UnknownCode {
    /// What the code should have named ("channel", "ticket state").
    pub kind: &'static str,
    pub code: String,
}

/// `impl TryFrom<String>` for a type with `parse(&str) -> Option<Self>`: how a
/// store row reads the type's code column (`store::columns`), a code it does not
/// know failing with [`UnknownCode`].
macro_rules! code_from_string {
    ($ty:ty, $kind:literal) => {
        impl TryFrom<String> for $ty {
            type Error = $crate::message::UnknownCode;
            fn try_from(code: String) -> Result<Self, Self::Error> {
                <$ty>::parse(&code).ok_or($crate::message::UnknownCode { kind: $kind, code })
            }
        }
    };
}
pub(crate) use code_from_string;

code_from_string!(Channel, "channel");

/// Who is talking: a chat on a channel, with the platform's language hint.
#[derive(Debug, Clone)]
pub struct ChatRef {
    pub channel: Channel,
    pub chat_id: String,
    pub lang_hint: Option<String>,
}

impl ChatRef {
    /// The chat's key in the store.
    pub fn key(&self) -> ChatKey<'_> {
        ChatKey::new(self.channel, &self.chat_id)
    }
}

/// A chat as the store keys it: its channel and the platform's id of it (a
/// Telegram chat id, a WhatsApp number, a terminal user, an e-mail address). The
/// store's functions take one instead of a `(channel, chat_id)` pair of strings, so
/// the two cannot be swapped or the channel misspelt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChatKey<'a> {
    pub channel: Channel,
    pub chat_id: &'a str,
}

impl<'a> ChatKey<'a> {
    pub fn new(channel: Channel, chat_id: &'a str) -> Self {
        Self { channel, chat_id }
    }

    /// The channel as the database stores it.
    pub fn channel(self) -> &'static str {
        self.channel.as_str()
    }
}

/// What a user did, whatever the platform.
#[derive(Debug, Clone)]
pub enum Inbound {
    Text(String),
    /// A tapped button or list row: the choice id the engine offered.
    Choice(String),
    File(IncomingFile),
    /// A shared contact; `own` when the platform vouches it is the sender's own number.
    Contact {
        phone: String,
        own: bool,
    },
    /// A form filled in one screen and sent back (a WhatsApp Flow's `nfm_reply`):
    /// the token the bot gave the form when it offered it, and each answer by field
    /// name, as text.
    FormReply {
        token: String,
        answers: BTreeMap<String, String>,
    },
    /// Sticker, location, video...: named for the log.
    Unsupported(String),
    /// A whole form submitted at once (the Telegram Mini App): raw answers by the
    /// registration's field names, read with the chat's parsers.
    Form(std::collections::BTreeMap<String, String>),
}

#[derive(Debug, Clone)]
pub struct IncomingFile {
    pub origin: FileOrigin,
    pub name: Option<String>,
    pub content: FileContent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileOrigin {
    Document,
    Photo,
    /// A voice note or an audio file: heard by a person (a specialist), never read.
    Voice,
}

#[derive(Debug, Clone)]
pub enum FileContent {
    Bytes(Vec<u8>),
    /// The platform said it is bigger than we accept: not downloaded.
    TooLarge {
        size: u64,
    },
    /// The download failed; the user is asked to send it again.
    Unavailable,
}

/// What the bot sends. Serialised into the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Outbound {
    Text {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        choices: Vec<Choice>,
    },
    Document {
        sha256: String,
        file_name: String,
        caption: String,
    },
    /// A first message to someone who never wrote to the bot (the responsible of a
    /// newly active access). WhatsApp lets a business write first only with an
    /// approved template: it goes as the `invite` template with `params`. `text` and
    /// `choices` are the same invitation written out, for an open window and for any
    /// other channel.
    Invitation {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        choices: Vec<Choice>,
        params: Vec<String>,
    },
    /// A form to fill in one screen: a WhatsApp Flow opened by a button. `form` names
    /// which one (the adapter knows its flow id), `token` ties the answer to this
    /// chat's registration, `data` fills the first screen (known answers, the JNE's
    /// authority). `text` invites to it; where no form can be shown it is sent alone,
    /// and the chat's own questions follow it either way.
    Form {
        form: FormKind,
        token: String,
        text: String,
        /// The button's label (at most 20 characters on WhatsApp).
        button: String,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        data: BTreeMap<String, String>,
    },
}

impl Outbound {
    pub fn text(&self) -> &str {
        match self {
            Outbound::Text { text, .. }
            | Outbound::Invitation { text, .. }
            | Outbound::Form { text, .. } => text,
            Outbound::Document { caption, .. } => caption,
        }
    }
}

/// The forms a user can fill in one screen instead of answering question by question.
/// Each registration form is the fields of one access type; each correction form
/// the fields one kind of observation asks again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    RegistrationLocal,
    RegistrationRegional,
    RegistrationOther,
    CorrectionAuthority,
    CorrectionResponsible,
    /// A bound Gobierno Local's FAD (address, reference, phone) once the person's DNI
    /// was found in the chat.
    AllyFad,
    /// A bound Gobierno Local's alert (kind, description) once the DNI was found.
    AllyAlert,
}

impl FormKind {
    pub const ALL: [FormKind; 7] = [
        FormKind::RegistrationLocal,
        FormKind::RegistrationRegional,
        FormKind::RegistrationOther,
        FormKind::CorrectionAuthority,
        FormKind::CorrectionResponsible,
        FormKind::AllyFad,
        FormKind::AllyAlert,
    ];

    /// Its key in `bot.toml` (`[whatsapp.flows]`) and the start of its flow's name on
    /// Meta: the one list of form names (config keeps no list of its own).
    pub fn config_key(self) -> &'static str {
        match self {
            FormKind::RegistrationLocal => "registration_local",
            FormKind::RegistrationRegional => "registration_regional",
            FormKind::RegistrationOther => "registration_other",
            FormKind::CorrectionAuthority => "correction_authority",
            FormKind::CorrectionResponsible => "correction_responsible",
            FormKind::AllyFad => "ally_fad",
            FormKind::AllyAlert => "ally_alert",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.config_key() == s)
    }
}

/// A choice offered to the user, as the platforms carry it: `id` is a [`ChoiceId`]
/// encoded in at most 64 bytes (Telegram's callback_data limit). Build it with
/// [`Choice::new`]; adapters treat the id as opaque text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
    /// A page to open instead of a reply (Telegram's Mini App button); only offered
    /// on Telegram, where the id is [`WEB_APP`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_app: Option<String>,
}

impl Choice {
    pub fn new(id: ChoiceId, label: impl Into<String>) -> Self {
        Self {
            id: id.encode(),
            label: label.into(),
            web_app: None,
        }
    }

    /// A button that opens `url` as a Telegram Mini App.
    pub fn web_app(label: impl Into<String>, url: String) -> Self {
        Self {
            id: WEB_APP.to_owned(),
            label: label.into(),
            web_app: Some(url),
        }
    }
}

/// The id of a Mini App button: never sent back as a tap (the page submits to the
/// bot's HTTP server), so a typed number that picks it is answered like a stale tap.
pub const WEB_APP: &str = "web-app";

/// The choice that asks for the user's own phone number: Telegram renders it as a
/// `request_contact` keyboard button, other channels as an ordinary choice.
pub const SHARE_CONTACT: &str = "share-contact";

/// Not a choice: the Telegram adapter sends its message with `ReplyKeyboardRemove`,
/// taking away the keyboard a [`SHARE_CONTACT`] question left (it stays otherwise,
/// when the number was typed). Only added on Telegram, never shown.
pub const HIDE_KEYBOARD: &str = "hide-keyboard";

/// The audio a file is, by the extension the bot gave it when it kept it (from its
/// bytes, `services::tickets::file_type`): how a voice note is sent (a voice
/// message, an audio message) and played (the console's player).
pub fn audio_mime(file_name: &str) -> Option<&'static str> {
    let ext = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "ogg" | "oga" | "opus" => "audio/ogg",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "amr" => "audio/amr",
        _ => return None,
    })
}

/// Entries of the main menu; each works from any step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuItem {
    Start,
    Register,
    Upload,
    Status,
    Ddc,
    Help,
    FixObservation,
    Renew,
    Specialist,
    Ally,
    /// Take up the flow left half-way to do something else.
    Continue,
    /// Questions answered from the knowledge base, and the "¿Cómo…?" guides.
    Faq,
}

impl MenuItem {
    pub const ALL: [MenuItem; 12] = [
        MenuItem::Start,
        MenuItem::Register,
        MenuItem::Upload,
        MenuItem::Status,
        MenuItem::Ddc,
        MenuItem::Help,
        MenuItem::FixObservation,
        MenuItem::Renew,
        MenuItem::Specialist,
        MenuItem::Ally,
        MenuItem::Continue,
        MenuItem::Faq,
    ];
}

/// The knowledge base's buttons (`conversation/faq.rs`). `question` is the id of the
/// recorded question the button answers; entry ids are at most 32 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaqChoice {
    /// The guides ("¿Cómo…?") listed.
    Guides,
    /// A theme's entries listed.
    Topic(String),
    /// An entry opened from a list.
    Open(String),
    /// One of the closest entries picked for a question.
    Pick { question: i64, entry: String },
    /// "¿Le sirvió?" Yes.
    Helped(i64),
    /// "¿Le sirvió?" No: a specialist, with the question.
    Person(i64),
    /// A guide's step.
    Step {
        question: i64,
        step: u8,
        guide: String,
    },
}

/// The lessons' buttons (`conversation/lessons.rs`). Lesson ids are at most 32
/// characters; an answer names its question, so an old button answers nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LessonChoice {
    /// The list of lessons.
    Menu,
    /// The list of lessons from its n-th (more than one list holds).
    More(u8),
    /// A lesson started (again) from the list.
    Open(String),
    /// The lesson's next message.
    Next,
    /// An answer (from 0) to a question (from 0).
    Answer { question: u8, option: u8 },
    /// The practice with invented data.
    Practice,
    /// A practice total: a status code of the padrón.
    PracticeQuery(String),
    /// The practice's search by DNI.
    PracticeDni,
}

/// A knowledge-base entry id: `faq-…` or `guide-…`, lower case, at most 32 bytes.
fn is_entry_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 32
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The registration summary's buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryAction {
    Send,
    Fix,
    Cancel,
    /// Leave the correction's list of fields, nothing changed.
    Back,
}

/// The staff home menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffItem {
    Home,
    Queue,
    Reports,
    Accounts,
}

/// A period for UTI's list of created accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Week,
    Month,
    PreviousMonth,
}

impl Period {
    pub fn code(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
            Period::PreviousMonth => "previous",
        }
    }

    pub fn parse(s: &str) -> Option<Period> {
        [Period::Week, Period::Month, Period::PreviousMonth]
            .into_iter()
            .find(|p| p.code() == s)
    }
}

/// A reviewer's buttons on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAct {
    Conforme,
    Observe,
    Reject,
    Favourable,
    Unfavourable,
    Authorise,
    AccountCreated,
    /// UAC closes an active access for a while.
    Suspend,
    /// UAC opens a suspended access again.
    Restore,
    /// UAC revokes an access (DE confirms).
    Revoke,
    /// DE confirms a revocation.
    ConfirmRevocation,
    /// DE does not confirm it: the access stays suspended.
    DeclineRevocation,
    /// UAC asks an active access for a new signed DDC.
    AskNewDdc,
    /// UAC accepts the new signed DDC that arrived.
    AcceptNewDdc,
}

impl ReviewAct {
    const ALL: [ReviewAct; 14] = [
        ReviewAct::Conforme,
        ReviewAct::Observe,
        ReviewAct::Reject,
        ReviewAct::Favourable,
        ReviewAct::Unfavourable,
        ReviewAct::Authorise,
        ReviewAct::AccountCreated,
        ReviewAct::Suspend,
        ReviewAct::Restore,
        ReviewAct::Revoke,
        ReviewAct::ConfirmRevocation,
        ReviewAct::DeclineRevocation,
        ReviewAct::AskNewDdc,
        ReviewAct::AcceptNewDdc,
    ];

    /// Its short name, on the wire and in the console's forms.
    pub fn code(self) -> &'static str {
        match self {
            ReviewAct::Conforme => "conforme",
            ReviewAct::Observe => "observe",
            ReviewAct::Reject => "reject",
            ReviewAct::Favourable => "favourable",
            ReviewAct::Unfavourable => "unfavourable",
            ReviewAct::Authorise => "authorise",
            ReviewAct::AccountCreated => "created",
            ReviewAct::Suspend => "suspend",
            ReviewAct::Restore => "restore",
            ReviewAct::Revoke => "revoke",
            ReviewAct::ConfirmRevocation => "confirm_revocation",
            ReviewAct::DeclineRevocation => "decline_revocation",
            ReviewAct::AskNewDdc => "ask_new_ddc",
            ReviewAct::AcceptNewDdc => "accept_new_ddc",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

impl std::str::FromStr for ReviewAct {
    type Err = String;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Self::parse(code).ok_or_else(|| format!("no review act {code:?}"))
    }
}

/// In a form, by its code (`conforme`, `observe`…).
impl<'de> Deserialize<'de> for ReviewAct {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        code.parse().map_err(serde::de::Error::custom)
    }
}

/// The bound ally's menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllyItem {
    Menu,
    Other,
    Dni,
    Alert,
    Fad,
}

/// The tickets menu of specialists and supervisors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketsItem {
    Home,
    Mine,
    Pending,
    Leave,
}

/// What a tapped button or list row means: one value per thing a user can choose,
/// so flows match on variants, never on strings. Arguments are record ids or the
/// stable codes of the domain's enums (`Field::id`, `AccessType::as_str`, ...).
///
/// Encoded compactly as `tag[:arg[:arg]]` (at most 64 bytes, tested); an id that no
/// longer decodes (an old button) is answered as stale by the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChoiceId {
    Menu(MenuItem),
    // Registration.
    AccessType(String),
    EntityPublic(bool),
    Office(String),
    DesignatedToday,
    District(String),
    Region(String),
    FixField(String),
    Summary(SummaryAction),
    /// Leave an optional field (or comment) empty.
    Skip,
    /// Whether the authority the JNE list names is the request's: "Sí" or "No, es
    /// otra persona".
    JneAuthority(bool),
    // Uploading photos of the signed DDC.
    PhotosDone,
    PhotosReset,
    ShareContact,
    /// Send Otro Aliado's designation document for this request.
    SendDesignation(i64),
    // Staff review desk.
    Staff(StaffItem),
    OpenRequest(i64),
    Act(ReviewAct),
    /// A listed reason (its index), or none.
    Reason(Option<u32>),
    /// The accounts list of a period, as XLSX.
    Accounts(Period),
    /// The same list as CSV.
    AccountsCsv(Period),
    OpenAllyReport(i64),
    /// UOT's outcome of an alert or FAD: updated in the padrón, or not applicable.
    ResolveAllyReport {
        report: i64,
        updated: bool,
    },
    /// Where a case is, by its number ("AT-2026-000012", "ALE-000001").
    CaseStatus(String),
    // Bound ally.
    Ally(AllyItem),
    Query(String),
    /// A list as XLSX (the default).
    Download(String),
    /// The same list as CSV.
    DownloadCsv(String),
    AlertKind(String),
    Bind(i64),
    // Tickets, ally side.
    TicketCategory(String),
    TicketBack,
    TicketEnd,
    NoComment,
    Rate {
        ticket: i64,
        stars: u8,
    },
    SkipRating(i64),
    // Tickets, staff side.
    Tickets(TicketsItem),
    Take(i64),
    OpenTicket(i64),
    CloseTicket(i64),
    HandOver(i64),
    HandTo {
        ticket: i64,
        to: i64,
    },
    TicketsIn(String),
    TicketReport {
        previous: bool,
    },
    /// Derive a held ticket to a unit (a role's code).
    DeriveTo {
        ticket: i64,
        unit: String,
    },
    Faq(FaqChoice),
    Lesson(LessonChoice),
}

/// Codes carried inside ids: short (the longest field name, 29 bytes, fits: a
/// tighter limit once made «Correo institucional» untappable in the fix list), and
/// never containing the separator.
fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 32
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl ChoiceId {
    pub fn encode(&self) -> String {
        use ChoiceId::*;
        match self {
            Menu(item) => format!(
                "m:{}",
                match item {
                    MenuItem::Start => "menu",
                    MenuItem::Register => "register",
                    MenuItem::Upload => "upload",
                    MenuItem::Status => "status",
                    MenuItem::Ddc => "ddc",
                    MenuItem::Help => "help",
                    MenuItem::FixObservation => "fixobs",
                    MenuItem::Renew => "renew",
                    MenuItem::Specialist => "specialist",
                    MenuItem::Ally => "ally",
                    MenuItem::Continue => "continue",
                    MenuItem::Faq => "faq",
                }
            ),
            AccessType(t) => format!("at:{t}"),
            EntityPublic(true) => "ep:public".into(),
            EntityPublic(false) => "ep:private".into(),
            Office(o) => format!("of:{o}"),
            DesignatedToday => "dt:today".into(),
            District(u) => format!("ub:{u}"),
            Region(r) => format!("rg:{r}"),
            FixField(f) => format!("fx:{f}"),
            Summary(a) => format!(
                "sm:{}",
                match a {
                    SummaryAction::Send => "send",
                    SummaryAction::Fix => "fix",
                    SummaryAction::Cancel => "cancel",
                    SummaryAction::Back => "back",
                }
            ),
            Skip => "skip".into(),
            JneAuthority(true) => "jne:yes".into(),
            JneAuthority(false) => "jne:no".into(),
            PhotosDone => "ph:done".into(),
            PhotosReset => "ph:reset".into(),
            ShareContact => SHARE_CONTACT.into(),
            SendDesignation(id) => format!("dsg:{id}"),
            Staff(item) => format!(
                "st:{}",
                match item {
                    StaffItem::Home => "home",
                    StaffItem::Queue => "queue",
                    StaffItem::Reports => "reports",
                    StaffItem::Accounts => "accounts",
                }
            ),
            OpenRequest(id) => format!("rv:{id}"),
            Act(a) => format!("ac:{}", a.code()),
            Reason(None) => "rs:none".into(),
            Reason(Some(i)) => format!("rs:{i}"),
            Accounts(p) => format!("rp:{}", p.code()),
            AccountsCsv(p) => format!("rp:{}:csv", p.code()),
            OpenAllyReport(id) => format!("ar:{id}"),
            Ally(item) => format!(
                "al:{}",
                match item {
                    AllyItem::Menu => "menu",
                    AllyItem::Other => "other",
                    AllyItem::Dni => "dni",
                    AllyItem::Alert => "alert",
                    AllyItem::Fad => "fad",
                }
            ),
            Query(q) => format!("al:q:{q}"),
            Download(q) => format!("al:dl:{q}"),
            DownloadCsv(q) => format!("al:dlc:{q}"),
            AlertKind(k) => format!("al:ak:{k}"),
            Bind(id) => format!("al:bind:{id}"),
            TicketCategory(c) => format!("tk:cat:{c}"),
            TicketBack => "tk:back".into(),
            TicketEnd => "tk:end".into(),
            NoComment => "tk:nocomment".into(),
            Rate { ticket, stars } => format!("tk:rate:{ticket}:{stars}"),
            SkipRating(t) => format!("tk:norate:{t}"),
            Tickets(item) => format!(
                "tk:{}",
                match item {
                    TicketsItem::Home => "home",
                    TicketsItem::Mine => "mine",
                    TicketsItem::Pending => "pending",
                    TicketsItem::Leave => "leave",
                }
            ),
            Take(t) => format!("tk:take:{t}"),
            OpenTicket(t) => format!("tk:open:{t}"),
            CloseTicket(t) => format!("tk:close:{t}"),
            HandOver(t) => format!("tk:hand:{t}"),
            HandTo { ticket, to } => format!("tk:to:{ticket}:{to}"),
            DeriveTo { ticket, unit } => format!("tk:unit:{ticket}:{unit}"),
            ResolveAllyReport { report, updated } => {
                format!("ar:res:{report}:{}", if *updated { "u" } else { "n" })
            }
            CaseStatus(number) => format!("cs:{number}"),
            TicketsIn(s) => format!("tk:state:{s}"),
            TicketReport { previous } => {
                format!(
                    "tk:report:{}",
                    if *previous { "previous" } else { "current" }
                )
            }
            Faq(c) => match c {
                FaqChoice::Guides => "kb:guides".into(),
                FaqChoice::Topic(t) => format!("kb:t:{t}"),
                FaqChoice::Open(e) => format!("kb:e:{e}"),
                FaqChoice::Pick { question, entry } => format!("kb:p:{question}:{entry}"),
                FaqChoice::Helped(q) => format!("kb:y:{q}"),
                FaqChoice::Person(q) => format!("kb:n:{q}"),
                FaqChoice::Step {
                    question,
                    step,
                    guide,
                } => format!("kb:g:{question}:{step}:{guide}"),
            },
            Lesson(c) => match c {
                LessonChoice::Menu => "ls:menu".into(),
                LessonChoice::More(from) => format!("ls:m:{from}"),
                LessonChoice::Open(id) => format!("ls:o:{id}"),
                LessonChoice::Next => "ls:next".into(),
                LessonChoice::Answer { question, option } => format!("ls:a:{question}:{option}"),
                LessonChoice::Practice => "ls:pr".into(),
                LessonChoice::PracticeQuery(q) => format!("ls:pq:{q}"),
                LessonChoice::PracticeDni => "ls:pd".into(),
            },
        }
    }

    /// The id a platform sent back; `None` for anything this version never offers.
    pub fn decode(raw: &str) -> Option<Self> {
        use ChoiceId::*;
        if raw == SHARE_CONTACT {
            return Some(ShareContact);
        }
        if raw.len() > 64 {
            return None;
        }
        let parts: Vec<&str> = raw.split(':').collect();
        let code = |s: &str| is_code(s).then(|| s.to_owned());
        let num = |s: &str| s.parse::<i64>().ok().filter(|n| *n > 0);
        let id = match parts.as_slice() {
            ["m", item] => Menu(match *item {
                "menu" => MenuItem::Start,
                "register" => MenuItem::Register,
                "upload" => MenuItem::Upload,
                "status" => MenuItem::Status,
                "ddc" => MenuItem::Ddc,
                "help" => MenuItem::Help,
                "fixobs" => MenuItem::FixObservation,
                "renew" => MenuItem::Renew,
                "specialist" => MenuItem::Specialist,
                "ally" => MenuItem::Ally,
                "continue" => MenuItem::Continue,
                "faq" => MenuItem::Faq,
                _ => return None,
            }),
            ["at", t] => AccessType(code(t)?),
            ["ep", "public"] => EntityPublic(true),
            ["ep", "private"] => EntityPublic(false),
            ["of", o] => Office(code(o)?),
            ["dt", "today"] => DesignatedToday,
            ["ub", u] => District(code(u)?),
            ["rg", r] => Region(code(r)?),
            ["fx", f] => FixField(code(f)?),
            ["sm", a] => Summary(match *a {
                "send" => SummaryAction::Send,
                "fix" => SummaryAction::Fix,
                "cancel" => SummaryAction::Cancel,
                "back" => SummaryAction::Back,
                _ => return None,
            }),
            ["skip"] => Skip,
            ["jne", "yes"] => JneAuthority(true),
            ["jne", "no"] => JneAuthority(false),
            ["ph", "done"] => PhotosDone,
            ["ph", "reset"] => PhotosReset,
            ["dsg", id] => SendDesignation(num(id)?),
            ["st", item] => Staff(match *item {
                "home" => StaffItem::Home,
                "queue" => StaffItem::Queue,
                "reports" => StaffItem::Reports,
                "accounts" => StaffItem::Accounts,
                _ => return None,
            }),
            ["rv", id] => OpenRequest(num(id)?),
            ["ac", act] => Act(ReviewAct::parse(act)?),
            ["rs", "none"] => Reason(None),
            ["rs", i] => Reason(Some(i.parse().ok()?)),
            ["rp", p] => Accounts(Period::parse(p)?),
            ["rp", p, "csv"] => AccountsCsv(Period::parse(p)?),
            ["ar", id] => OpenAllyReport(num(id)?),
            ["al", "q", q] => Query(code(q)?),
            ["al", "dl", q] => Download(code(q)?),
            ["al", "dlc", q] => DownloadCsv(code(q)?),
            ["al", "ak", k] => AlertKind(code(k)?),
            ["al", "bind", id] => Bind(num(id)?),
            ["al", item] => Ally(match *item {
                "menu" => AllyItem::Menu,
                "other" => AllyItem::Other,
                "dni" => AllyItem::Dni,
                "alert" => AllyItem::Alert,
                "fad" => AllyItem::Fad,
                _ => return None,
            }),
            ["tk", "cat", c] => TicketCategory(code(c)?),
            ["tk", "back"] => TicketBack,
            ["tk", "end"] => TicketEnd,
            ["tk", "nocomment"] => NoComment,
            ["tk", "rate", t, n] => Rate {
                ticket: num(t)?,
                stars: n.parse().ok().filter(|n| (1..=5).contains(n))?,
            },
            ["tk", "norate", t] => SkipRating(num(t)?),
            ["tk", "take", t] => Take(num(t)?),
            ["tk", "open", t] => OpenTicket(num(t)?),
            ["tk", "close", t] => CloseTicket(num(t)?),
            ["tk", "hand", t] => HandOver(num(t)?),
            ["tk", "to", t, to] => HandTo {
                ticket: num(t)?,
                to: num(to)?,
            },
            ["tk", "state", s] => TicketsIn(code(s)?),
            ["tk", "unit", t, u] => DeriveTo {
                ticket: num(t)?,
                unit: code(u)?,
            },
            ["ar", "res", id, "u"] => ResolveAllyReport {
                report: num(id)?,
                updated: true,
            },
            ["ar", "res", id, "n"] => ResolveAllyReport {
                report: num(id)?,
                updated: false,
            },
            ["cs", number] => CaseStatus(code(number)?),
            ["tk", "report", "previous"] => TicketReport { previous: true },
            ["tk", "report", "current"] => TicketReport { previous: false },
            ["kb", "guides"] => Faq(FaqChoice::Guides),
            ["kb", "t", t] => Faq(FaqChoice::Topic(code(t)?)),
            ["kb", "e", e] if is_entry_id(e) => Faq(FaqChoice::Open((*e).to_owned())),
            ["kb", "p", q, e] if is_entry_id(e) => Faq(FaqChoice::Pick {
                question: num(q)?,
                entry: (*e).to_owned(),
            }),
            ["kb", "y", q] => Faq(FaqChoice::Helped(num(q)?)),
            ["kb", "n", q] => Faq(FaqChoice::Person(num(q)?)),
            ["kb", "g", q, n, g] if is_entry_id(g) => Faq(FaqChoice::Step {
                question: num(q)?,
                step: n.parse().ok().filter(|n| *n >= 1)?,
                guide: (*g).to_owned(),
            }),
            ["ls", "menu"] => Lesson(LessonChoice::Menu),
            ["ls", "m", from] => Lesson(LessonChoice::More(from.parse().ok()?)),
            ["ls", "o", id] if is_entry_id(id) => Lesson(LessonChoice::Open((*id).to_owned())),
            ["ls", "next"] => Lesson(LessonChoice::Next),
            ["ls", "a", q, o] => Lesson(LessonChoice::Answer {
                question: q.parse().ok()?,
                option: o.parse().ok()?,
            }),
            ["ls", "pr"] => Lesson(LessonChoice::Practice),
            ["ls", "pq", q] => Lesson(LessonChoice::PracticeQuery(code(q)?)),
            ["ls", "pd"] => Lesson(LessonChoice::PracticeDni),
            ["tk", item] => Tickets(match *item {
                "home" => TicketsItem::Home,
                "mine" => TicketsItem::Mine,
                "pending" => TicketsItem::Pending,
                "leave" => TicketsItem::Leave,
                _ => return None,
            }),
            _ => return None,
        };
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of every variant, with the largest arguments the code can produce.
    fn every_id() -> Vec<ChoiceId> {
        use ChoiceId::*;
        let big = i64::MAX;
        let code = "x".repeat(32);
        let entry = format!("guide-{}", "x".repeat(26));
        let mut ids = vec![];
        for m in MenuItem::ALL {
            ids.push(Menu(m));
        }
        for a in [
            SummaryAction::Send,
            SummaryAction::Fix,
            SummaryAction::Cancel,
            SummaryAction::Back,
        ] {
            ids.push(Summary(a));
        }
        for i in [
            StaffItem::Home,
            StaffItem::Queue,
            StaffItem::Reports,
            StaffItem::Accounts,
        ] {
            ids.push(Staff(i));
        }
        for p in [Period::Week, Period::Month, Period::PreviousMonth] {
            ids.push(Accounts(p));
            ids.push(AccountsCsv(p));
        }
        for i in [
            AllyItem::Menu,
            AllyItem::Other,
            AllyItem::Dni,
            AllyItem::Alert,
            AllyItem::Fad,
        ] {
            ids.push(Ally(i));
        }
        for a in ReviewAct::ALL {
            ids.push(Act(a));
        }
        for i in [
            TicketsItem::Home,
            TicketsItem::Mine,
            TicketsItem::Pending,
            TicketsItem::Leave,
        ] {
            ids.push(Tickets(i));
        }
        ids.extend([
            AccessType(code.clone()),
            EntityPublic(true),
            EntityPublic(false),
            Office(code.clone()),
            DesignatedToday,
            District(code.clone()),
            Region(code.clone()),
            FixField(code.clone()),
            Skip,
            JneAuthority(true),
            JneAuthority(false),
            PhotosDone,
            PhotosReset,
            ShareContact,
            SendDesignation(big),
            OpenRequest(big),
            Reason(None),
            Reason(Some(u32::MAX)),
            OpenAllyReport(big),
            Query(code.clone()),
            Download(code.clone()),
            DownloadCsv(code.clone()),
            AlertKind(code.clone()),
            Bind(big),
            TicketCategory(code.clone()),
            TicketBack,
            TicketEnd,
            NoComment,
            Rate {
                ticket: big,
                stars: 5,
            },
            SkipRating(big),
            Take(big),
            OpenTicket(big),
            CloseTicket(big),
            HandOver(big),
            HandTo {
                ticket: big,
                to: big,
            },
            TicketsIn(code.clone()),
            DeriveTo {
                ticket: big,
                unit: code.clone(),
            },
            ResolveAllyReport {
                report: big,
                updated: true,
            },
            ResolveAllyReport {
                report: big,
                updated: false,
            },
            CaseStatus(code.clone()),
            TicketReport { previous: true },
            TicketReport { previous: false },
            Faq(FaqChoice::Guides),
            Faq(FaqChoice::Topic(code.clone())),
            Faq(FaqChoice::Open(entry.clone())),
            Faq(FaqChoice::Pick {
                question: big,
                entry: entry.clone(),
            }),
            Faq(FaqChoice::Helped(big)),
            Faq(FaqChoice::Person(big)),
            Faq(FaqChoice::Step {
                question: big,
                step: u8::MAX,
                guide: entry.clone(),
            }),
            Lesson(LessonChoice::Menu),
            Lesson(LessonChoice::More(7)),
            Lesson(LessonChoice::Open(format!("lesson-{}", "x".repeat(25)))),
            Lesson(LessonChoice::Next),
            Lesson(LessonChoice::Answer {
                question: u8::MAX,
                option: u8::MAX,
            }),
            Lesson(LessonChoice::Practice),
            Lesson(LessonChoice::PracticeQuery(code.clone())),
            Lesson(LessonChoice::PracticeDni),
        ]);
        ids
    }

    #[test]
    fn every_choice_id_fits_telegram_callback_data_and_round_trips() {
        for id in every_id() {
            let raw = id.encode();
            assert!(raw.len() <= 64, "{raw} is {} bytes", raw.len());
            assert_eq!(ChoiceId::decode(&raw), Some(id), "{raw}");
        }
    }

    #[test]
    fn ids_this_version_never_offers_are_not_decoded() {
        for raw in [
            "",
            "m:nothing",
            "rv:abc",
            "rv:-3",
            "tk:rate:4:9",
            "al:q:a:b",
            "ub:../../etc",
            "tk:take:1:2",
            "kb:e:Faq_X",
            "kb:g:1:0:guide-x",
            "zz:1",
        ] {
            assert_eq!(ChoiceId::decode(raw), None, "{raw}");
        }
    }

    #[test]
    fn old_wire_ids_still_mean_the_same() {
        assert_eq!(
            ChoiceId::decode("m:fixobs"),
            Some(ChoiceId::Menu(MenuItem::FixObservation))
        );
        assert_eq!(ChoiceId::decode("rv:12"), Some(ChoiceId::OpenRequest(12)));
        assert_eq!(
            ChoiceId::decode("tk:to:3:4"),
            Some(ChoiceId::HandTo { ticket: 3, to: 4 })
        );
    }
}
