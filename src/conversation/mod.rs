//! The channel-agnostic conversation engine. Adapters hand it an [`Inbound`]; it
//! loads the chat's persisted state, runs the step of the flow the chat is in, saves
//! the new state and returns the [`Outbound`] replies, all inside the caller's
//! transaction (which also writes the replies to the outbox).

mod ally;
mod commands;
mod coverage;
mod faq;
mod forms;
mod lessons;
mod menu;
mod padron_view;
mod registration;
mod requests;
mod router;
mod staff;
mod state;
mod tickets;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::calendar::{BusinessCalendar, lima_date};
use crate::domain::request::RequestData;
use crate::i18n::{Arg, Locales};
use crate::store::files::FileStore;
use crate::store::usage::UsageKind;
use crate::store::{Conn, StoreError, conversations};

pub use crate::message::{
    AllyItem, Channel, ChatRef, Choice, ChoiceId, FileContent, FileOrigin, Inbound, IncomingFile,
    MenuItem, Outbound, Period, StaffItem, SummaryAction, TicketsItem,
};
pub use registration::{JNE_AUTHORITY, apply_form};
use state::Persisted;
pub use state::{RegistrationStep, RequestStep, StaffStep, State, TicketStep, read_persisted};

/// What a flow step receives: the user's [`Inbound`] with its choice decoded, so
/// steps match on [`ChoiceId`] variants. A tap on a button this version no longer
/// offers arrives as `Stale`.
#[derive(Debug, Clone)]
pub enum Input {
    Text(String),
    Choice(ChoiceId),
    Stale,
    File(IncomingFile),
    Contact {
        phone: String,
        own: bool,
    },
    /// A form filled in one screen (`forms.rs`): its token and answers by field.
    FormReply {
        token: String,
        answers: std::collections::BTreeMap<String, String>,
    },
    Unsupported(String),
    /// A whole form submitted at once: raw answers by field name.
    Form(std::collections::BTreeMap<String, String>),
}

impl Input {
    fn choice(raw: &str) -> Self {
        ChoiceId::decode(raw).map_or(Input::Stale, Input::Choice)
    }
}

impl From<Inbound> for Input {
    fn from(inbound: Inbound) -> Self {
        match inbound {
            Inbound::Text(t) => Input::Text(t),
            Inbound::Choice(raw) => Input::choice(&raw),
            Inbound::File(f) => Input::File(f),
            Inbound::Contact { phone, own } => Input::Contact { phone, own },
            Inbound::FormReply { token, answers } => Input::FormReply { token, answers },
            Inbound::Unsupported(what) => Input::Unsupported(what),
            Inbound::Form(answers) => Input::Form(answers),
        }
    }
}

/// What every flow step hands back to the router: the chat's next state, and what
/// the router does with the turn next. Flows return one and never call the router
/// (docs/ARCHITECTURE.md; `tests/it/layers.rs` fails if one imports it).
#[derive(Debug)]
pub enum Step {
    /// The input was handled and the chat is now at `state`; `understood: false`
    /// counts toward offering a person (after two in a row).
    Done { state: State, understood: bool },
    /// Not this flow's input: the router goes on with it, from `state`.
    Pass { state: State, input: Input },
    /// A flow taken up again (a ticket ended): the router asks its question again
    /// before the turn ends; the input counts as understood.
    TakeUp(State),
}

impl Step {
    /// Handled and understood; the chat is now at `state`.
    pub fn to(state: State) -> Self {
        Step::Done {
            state,
            understood: true,
        }
    }

    /// Handled (its question asked again) but not understood.
    pub fn unclear(state: State) -> Self {
        Step::Done {
            state,
            understood: false,
        }
    }

    /// Handled, understood or not.
    pub fn done(state: State, understood: bool) -> Self {
        Step::Done { state, understood }
    }

    /// Not this flow's: the router goes on with `input` from `state`.
    pub fn pass(state: State, input: Input) -> Self {
        Step::Pass { state, input }
    }
}

impl State {
    /// Inside a lesson or its practice: an ally's step (`lessons.rs`), open to any
    /// chat; built here so the lessons never name the ally's flow.
    fn lesson(step: lessons::LessonStep) -> State {
        State::Ally(ally::AllyStep::Lesson { lesson: step })
    }

    /// The lesson step the chat is at, if it is in one.
    fn as_lesson(&self) -> Option<&lessons::LessonStep> {
        match self {
            State::Ally(ally::AllyStep::Lesson { lesson }) => Some(lesson),
            _ => None,
        }
    }
}

/// A chat bound to an active access, loaded at the start of each turn.
#[derive(Debug, Clone)]
pub struct Ally {
    pub access: crate::store::requests::RequestRow,
    pub scope: crate::domain::padron::Scope,
}

impl Ally {
    fn is_local(&self) -> bool {
        self.access.access_type == crate::domain::request::AccessType::Local
    }
}

/// Registration data being filled or corrected, and what it is for. The data is
/// boxed: a chat's [`State`] is moved by value through every step of a turn, and
/// with the data inline it was some 1.4 kB copied each time (issue 27).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    #[serde(flatten)]
    pub data: Box<RequestData>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amend: Option<Amend>,
    /// The form offered for this draft (`forms.rs`): its answer must carry this token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<forms::Offered>,
}

impl std::ops::Deref for Draft {
    type Target = RequestData;
    fn deref(&self) -> &RequestData {
        &self.data
    }
}

impl std::ops::DerefMut for Draft {
    fn deref_mut(&mut self) -> &mut RequestData {
        &mut self.data
    }
}

/// A draft that changes an existing request instead of creating a fresh one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Amend {
    /// Correcting the data of a request: an observed one returns to UAC review; one
    /// still waiting for its signed DDC gets a new DDC.
    #[serde(rename = "observation")]
    Correction { request_id: i64 },
    /// Renewing an access for the next fiscal year, from its data.
    Renewal { request_id: i64 },
    /// Starting again from a lapsed or rejected request, from its data.
    Restart { request_id: i64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Upload,
    Ddc,
    Status,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldFile {
    pub sha256: String,
    pub photo: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("document: {0}")]
    Document(String),
}

impl From<crate::services::requests::WorkflowError> for EngineError {
    fn from(e: crate::services::requests::WorkflowError) -> Self {
        match e {
            crate::services::requests::WorkflowError::Store(s) => EngineError::Store(s),
            other => EngineError::Document(other.to_string()),
        }
    }
}

impl From<sqlx::Error> for EngineError {
    fn from(e: sqlx::Error) -> Self {
        EngineError::Store(StoreError::Db(e))
    }
}

/// Everything a flow step needs.
pub struct Engine {
    pub locales: Arc<Locales>,
    /// The program's procedures, answered in the chat (`faq.rs`), read again when
    /// an operator's file changes.
    pub kb: Arc<crate::store::kb::Shelf>,
    /// The lessons (built-in and the operator's), read again when they change.
    pub lessons: Arc<crate::store::kb::Shelf<crate::domain::lessons::Lessons>>,
    pub settings: Arc<Settings>,
    pub files: FileStore,
    pub calendar: BusinessCalendar,
    pub clock: Clock,
    /// The application's one notifier (e-mail copies decided when it was built).
    pub notifier: crate::notify::Notifier,
    /// The states the last turns wrote, as read from their text (see [`Written`]).
    pub(crate) written: Written,
}

/// The state each chat's last turn wrote, by chat, with the text written (issue 27):
/// the chat's next turn, finding that same text in its row, takes the state from
/// here instead of reading the JSON again (its values parsed, normalised and checked
/// once more: some 40 k instructions a turn). A row whose text differs (another
/// replica or the console wrote it, the turn that wrote this one did not commit) is
/// read from its text as before, so what a turn starts from is always what its row
/// says. Bounded: when full it starts over (the next turns read their rows).
#[derive(Default)]
pub(crate) struct Written {
    states: std::sync::Mutex<std::collections::HashMap<(Channel, String), (String, Persisted)>>,
}

/// At most this many chats' states are kept (a few kB each).
const WRITTEN_STATES: usize = 1024;

impl Written {
    /// Keeps what `chat`'s turn wrote: `text`, the serialization of `state`.
    fn keep(&self, chat: &ChatRef, text: &str, state: Persisted) {
        if let Ok(mut states) = self.states.lock() {
            if states.len() >= WRITTEN_STATES {
                states.clear();
            }
            states.insert(
                (chat.channel, chat.chat_id.clone()),
                (text.to_owned(), state),
            );
        }
    }

    /// The state `chat`'s last turn wrote, when its row holds the same `text`; taken
    /// out (the turn writes the next one).
    fn take(&self, chat: &ChatRef, text: &str) -> Option<Persisted> {
        let mut states = self.states.lock().ok()?;
        let key = (chat.channel, chat.chat_id.clone());
        match states.remove(&key) {
            Some((written, state)) if written == text => Some(state),
            _ => None,
        }
    }
}

impl Engine {
    /// What issuing a DDC needs (`services::ddc`): the words, the files, the links.
    pub fn ddc_maker(&self) -> crate::services::ddc::DdcMaker<'_> {
        crate::services::ddc::DdcMaker {
            locales: &self.locales,
            files: &self.files,
            links: &self.settings.links,
        }
    }
}

/// One turn in progress: the chat, its language, and the replies being built.
pub struct Turn<'a> {
    pub engine: &'a Engine,
    pub chat: &'a ChatRef,
    pub lang: &'static str,
    pub session_id: Option<i64>,
    pub now: DateTime<Utc>,
    /// Consecutive turns the bot did not understand before this one.
    pub not_understood: i64,
    out: Vec<Outbound>,
    /// Lines said before the next message, so one turn sends few messages.
    pending: Vec<String>,
    /// The access this chat is bound to, when it is an approved ally's chat.
    ally: Option<Ally>,
    /// A flow left half-way to do something else; `/continuar` takes it up again.
    paused: Option<State>,
    /// What the answer showed (a menu, a query), counted as a "vista" for the usage
    /// report; the first one named in a turn is the page.
    page: Option<String>,
    /// The next message takes away Telegram's reply keyboard ([`HIDE_KEYBOARD`]).
    ///
    /// [`HIDE_KEYBOARD`]: crate::message::HIDE_KEYBOARD
    hide_keyboard: bool,
    /// Files of a flow kept aside that a newer one replaced: let go at the turn's end.
    let_go: Vec<String>,
    /// Usage events of this turn besides the turn itself (queries, downloads, …),
    /// written with the turn's row at its end, when the session is known.
    usage: std::sync::Mutex<Vec<(UsageKind, Option<String>)>>,
    /// What the router asks first, read with the chat's state; each answer is taken
    /// once (a later look is a fresh read).
    known: Known,
}

/// Answers read up front (`store::turn::Known`); `None`: look it up.
#[derive(Debug, Default)]
struct Known {
    staff: Option<bool>,
    bound: Option<bool>,
    ticket: Option<bool>,
}

impl Turn<'_> {
    pub fn t(&self, key: &str) -> String {
        self.ta(key, &[])
    }

    /// Every message gets the chat's `$channel`, so a prompt says "toque" on a phone
    /// and "escriba el número" in the terminal (the `tap` messages in `main.ftl`).
    pub fn ta(&self, key: &str, args: &[(&str, Arg)]) -> String {
        let mut args = args.to_vec();
        args.push(("channel", Arg::from(self.chat.channel.as_str())));
        self.engine.locales.t_args(self.lang, key, &args)
    }

    /// Adds a line to the next message.
    pub fn say(&mut self, text: impl Into<String>) {
        self.pending.push(text.into());
    }

    /// Whether this turn has said something yet (sent or still to be joined).
    pub fn has_said(&self) -> bool {
        !self.out.is_empty() || !self.pending.is_empty()
    }

    /// Ends the current message, with choices.
    pub fn ask(&mut self, text: impl Into<String>, mut choices: Vec<Choice>) {
        self.pending.push(text.into());
        let text = self.pending.drain(..).collect::<Vec<_>>().join("\n\n");
        self.take_hide_keyboard(&mut choices);
        self.out.push(Outbound::Text { text, choices });
    }

    /// The next message takes away the reply keyboard Telegram keeps showing after a
    /// "share my contact" question (a number typed instead leaves it there).
    pub fn hide_reply_keyboard(&mut self) {
        self.hide_keyboard = self.chat.channel.keeps_keyboard();
    }

    fn take_hide_keyboard(&mut self, choices: &mut Vec<Choice>) {
        if std::mem::take(&mut self.hide_keyboard) {
            choices.push(Choice {
                id: crate::message::HIDE_KEYBOARD.to_owned(),
                label: String::new(),
                web_app: None,
            });
        }
    }

    pub fn document(&mut self, sha256: String, file_name: String, caption: String) {
        self.flush();
        self.out.push(Outbound::Document {
            sha256,
            file_name,
            caption,
        });
    }

    /// Ends the current message and adds `message` after it.
    pub fn push(&mut self, message: Outbound) {
        self.flush();
        self.out.push(message);
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let text = self.pending.drain(..).collect::<Vec<_>>().join("\n\n");
            let mut choices = vec![];
            self.take_hide_keyboard(&mut choices);
            self.out.push(Outbound::Text { text, choices });
        }
    }

    pub fn choice(&self, id: ChoiceId, label_key: &str) -> Choice {
        Choice::new(id, self.t(label_key))
    }

    /// Applies a stage transition and writes the notices it causes, in this turn's
    /// transaction.
    #[allow(clippy::too_many_arguments)]
    pub async fn apply(
        &self,
        conn: &mut Conn,
        request_id: i64,
        expected: crate::domain::stage::Stage,
        action: &crate::domain::stage::Action,
        actor: &crate::domain::stage::Actor,
        actor_label: &str,
        note: Option<&str>,
    ) -> Result<crate::store::requests::RequestRow, crate::services::requests::WorkflowError> {
        let (moved, events) = self
            .workflow()
            .apply(
                conn,
                request_id,
                expected,
                action,
                actor,
                actor_label,
                note,
                self.unix(),
            )
            .await?;
        self.notify(conn, events).await?;
        Ok(moved)
    }

    /// An observed request back to UAC review, the observation closed in the history
    /// with what was corrected and `sent` (`services::corrections`), its notices
    /// written.
    pub async fn return_to_review(
        &self,
        conn: &mut Conn,
        row: &crate::store::requests::RequestRow,
        sent: crate::services::corrections::Sent,
        actor_label: &str,
    ) -> Result<crate::store::requests::RequestRow, crate::services::requests::WorkflowError> {
        let (moved, events) = crate::services::corrections::return_to_review(
            conn,
            &self.workflow(),
            &self.engine.locales,
            row,
            sent,
            actor_label,
            self.unix(),
        )
        .await?;
        self.notify(conn, events).await?;
        Ok(moved)
    }

    /// Writes what the events call for to the recipients' outboxes.
    pub async fn notify(
        &self,
        conn: &mut Conn,
        events: Vec<crate::events::Event>,
    ) -> Result<(), StoreError> {
        self.engine.notifier.send(conn, events).await
    }

    /// What issuing a DDC needs (`services::ddc`).
    pub fn ddc_maker(&self) -> crate::services::ddc::DdcMaker<'_> {
        self.engine.ddc_maker()
    }

    pub fn workflow(&self) -> crate::services::requests::Workflow<'_> {
        crate::services::requests::Workflow {
            settings: &self.engine.settings,
            calendar: &self.engine.calendar,
            today: self.today(),
        }
    }

    /// What the user typed, repeated back in a reply: short, on one line, so a pasted
    /// page never turns an answer into a wall of text.
    pub fn echo(text: &str) -> String {
        crate::domain::form::echo(text)
    }

    pub fn today(&self) -> NaiveDate {
        lima_date(self.now)
    }

    pub fn unix(&self) -> i64 {
        self.now.timestamp()
    }

    pub fn date(&self, d: NaiveDate) -> String {
        d.format("%d/%m/%Y").to_string()
    }

    /// Names the page this turn's answer shows (the first one named wins).
    pub fn view(&mut self, page: &str) {
        if self.page.is_none() {
            self.page = Some(page.to_owned());
        }
    }

    /// Counts a usage event (a query, a download, …); it is written at the end of the
    /// turn, with the turn's own row.
    pub async fn usage(
        &self,
        _conn: &mut Conn,
        kind: UsageKind,
        detail: Option<&str>,
    ) -> Result<(), EngineError> {
        if let Ok(mut events) = self.usage.lock() {
            events.push((kind, detail.map(str::to_owned)));
        }
        Ok(())
    }
}

/// The registration data a chat is filling in, when its current flow is the
/// registration (the Mini App's page shows it and checks a form against it); `None`
/// for a chat doing anything else.
pub async fn registration_draft(
    conn: &mut Conn,
    chat: &ChatRef,
) -> Result<Option<RequestData>, StoreError> {
    let Some(row) = conversations::load(conn, chat.key()).await? else {
        return Ok(None);
    };
    let persisted = Persisted::read(&row.state).unwrap_or_default();
    Ok(match persisted.state {
        State::Registration(RegistrationStep::Registering { data, .. })
        | State::Registration(RegistrationStep::ConfirmingAuthority { data, .. })
        | State::Registration(RegistrationStep::Summary { data })
        | State::Registration(RegistrationStep::ChoosingFix { data })
        | State::Registration(RegistrationStep::ConfirmingCancel { data }) => Some(*data.data),
        _ => None,
    })
}

/// Which of a bound ally's forms the chat is filling in (`fad` or `alert`, once the
/// person's DNI was found): their Mini App forms are only taken then.
pub async fn ally_form_pending(
    conn: &mut Conn,
    chat: &ChatRef,
) -> Result<Option<(&'static str, Option<String>)>, StoreError> {
    let Some(row) = conversations::load(conn, chat.key()).await? else {
        return Ok(None);
    };
    let persisted = Persisted::read(&row.state).unwrap_or_default();
    Ok(match &persisted.state {
        State::Ally(step) => {
            ally::form_pending(step).map(|(kind, token)| (kind, token.map(str::to_owned)))
        }
        _ => None,
    })
}

impl Engine {
    /// Runs one user action through the chat's current flow, in the caller's
    /// transaction, and writes its effects but the replies (the caller queues them).
    pub async fn handle(
        &self,
        conn: &mut Conn,
        chat: &ChatRef,
        input: Inbound,
    ) -> Result<Vec<Outbound>, EngineError> {
        let row = conversations::load(conn, chat.key()).await?;
        let (out, writes) = Box::pin(self.turn(conn, chat, input, row, None)).await?;
        crate::store::turn::write(conn, &writes, &[]).await?;
        Ok(out)
    }

    /// One turn from the chat's state as read (`row`): load it, read the input against
    /// the choices last offered, route it to a flow step, and return the replies and
    /// what the turn changes (state, usage) for the caller to write with them in one
    /// batch (`store::turn`), with what the router asks first when it is `known`. The
    /// flow itself may read and write on `conn`.
    pub async fn turn(
        &self,
        conn: &mut Conn,
        chat: &ChatRef,
        input: Inbound,
        row: Option<conversations::ConversationRow>,
        known: Option<crate::store::turn::Known>,
    ) -> Result<(Vec<Outbound>, crate::store::turn::TurnWrites), EngineError> {
        let now = self.clock.now();
        let loaded = self.load(chat, row.as_ref(), now);
        let mut turn = Turn {
            engine: self,
            chat,
            lang: loaded.lang,
            session_id: loaded.session_id,
            now,
            not_understood: loaded.not_understood,
            out: vec![],
            pending: vec![],
            hide_keyboard: false,
            let_go: vec![],
            ally: None,
            paused: loaded.persisted.paused.map(|s| *s),
            page: None,
            usage: std::sync::Mutex::default(),
            known: known.map_or_else(Known::default, |k| Known {
                staff: Some(k.staff),
                bound: Some(k.bound),
                ticket: Some(k.ticket),
            }),
        };
        let state = loaded.persisted.state;
        let (input, picked_page) = read(&loaded.persisted.offered, &state, input, chat.channel);
        let (state, understood) = match picked_page {
            // The question stays open; the button is still on the message above.
            Some(label) => {
                let key = match chat.channel {
                    Channel::Telegram => "form-page-tap",
                    _ => "form-page-unavailable",
                };
                turn.say(turn.ta(key, &[("button", label.into())]));
                (
                    Box::pin(router::reprompt(&mut turn, conn, state)).await?,
                    true,
                )
            }
            // On the heap: the flows' futures are large, and a worker thread's stack
            // (2 MB in tokio and in tests) must hold the turn's caller too.
            None => Box::pin(router::route(&mut turn, conn, state, input)).await?,
        };
        let not_understood = if understood {
            0
        } else {
            loaded.not_understood + 1
        };
        turn.flush();
        let writes = writes(&mut turn, state, not_understood)?;
        Ok((turn.out, writes))
    }

    /// The chat's row as read: its language, its state (one older versions wrote and
    /// this one no longer reads starts over), the choices last shown and its session.
    fn load(
        &self,
        chat: &ChatRef,
        row: Option<&conversations::ConversationRow>,
        now: DateTime<Utc>,
    ) -> Loaded {
        let lang = match (row, &chat.lang_hint) {
            (_, Some(hint)) => self.locales.pick(Some(hint)),
            // A row a notice made has no language yet.
            (Some(r), None) if !r.locale.is_empty() => self.locales.pick(Some(&r.locale)),
            (_, None) => self.locales.pick(Some(&self.settings.bot.default_locale)),
        };
        let written = row.and_then(|r| self.written.take(chat, &r.state));
        let mut persisted: Persisted = match (written, row) {
            (Some(written), _) => written,
            (None, Some(r)) => Persisted::read(&r.state).unwrap_or_else(|e| {
                // A state from an older version that no longer parses: start over
                // rather than leave the chat stuck.
                tracing::warn!(error = %e, "conversation state unreadable, reset");
                Persisted::default()
            }),
            (None, None) => Persisted::default(),
        };
        // The choices last shown: kept in their own column (a notice may have set
        // them since); state saved by older versions carries them inside.
        if let Some(offered) = row.and_then(|r| r.offered.as_deref())
            && let Ok(offered) = serde_json::from_str::<Vec<Choice>>(offered)
        {
            persisted.offered = offered;
        }
        let idle = self.settings.bot.session_idle_minutes * 60;
        let new_session = row.is_none_or(|r| now.timestamp() - r.last_activity_at > idle);
        Loaded {
            lang,
            not_understood: row.map_or(0, |r| r.not_understood),
            // A new session is known by the id of its first turn's row, written at
            // the end.
            session_id: row.and_then(|r| r.session_id).filter(|_| !new_session),
            persisted,
        }
    }
}

/// What [`Engine::load`] found of a chat.
struct Loaded {
    lang: &'static str,
    not_understood: i64,
    session_id: Option<i64>,
    persisted: Persisted,
}

/// The input as a flow step reads it: a typed number picks from the choices last
/// offered (terminal, WhatsApp), except in a conversation with a person, where "2"
/// is a message to relay — but not in the terminal, whose choices are only ever
/// typed numbers («2. Derivar» was relayed to the ally as «2»). Beside it, the label
/// of a Mini App button a number picked: that page opens only with a tap.
fn read(
    offered: &[Choice],
    state: &State,
    input: Inbound,
    channel: crate::message::Channel,
) -> (Input, Option<String>) {
    let relaying = channel != crate::message::Channel::Terminal
        && matches!(
            state,
            State::Ticket(TicketStep::Open { .. }) | State::Staff(StaffStep::Ticket { .. })
        );
    let picked_page = match &input {
        Inbound::Text(t) if !relaying => t
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| offered.get(i))
            .filter(|c| c.id == crate::message::WEB_APP)
            .map(|c| c.label.clone()),
        _ => None,
    };
    let input = match input {
        Inbound::Text(t) if relaying => Input::Text(t),
        Inbound::Text(t) => match t.trim().parse::<usize>() {
            Ok(n) if n >= 1 && n <= offered.len() => Input::choice(&offered[n - 1].id),
            _ => Input::Text(t),
        },
        other => Input::from(other),
    };
    (input, picked_page)
}

/// What the turn writes, for `store::turn` to write in one batch with its replies:
/// its one usage row (a message, and a "vista" of the page its answer showed) and
/// what else it counted, in its session (a new session is known by the turn row's
/// id, given when it is written); the chat's new state, the flow kept aside and the
/// choices its last message shows (a number typed next picks from them).
fn writes(
    turn: &mut Turn<'_>,
    state: State,
    not_understood: i64,
) -> Result<crate::store::turn::TurnWrites, EngineError> {
    let page =
        (!turn.out.is_empty()).then(|| turn.page.take().unwrap_or_else(|| "otro".to_owned()));
    let counted = turn
        .usage
        .lock()
        .map(|mut e| std::mem::take(&mut *e))
        .unwrap_or_default();
    let offered = turn
        .out
        .iter()
        .rev()
        .find_map(|o| match o {
            Outbound::Text { choices, .. } => {
                // The keyboard's removal is no choice a number could pick.
                let shown: Vec<Choice> = choices
                    .iter()
                    .filter(|c| c.id != crate::message::HIDE_KEYBOARD)
                    .cloned()
                    .collect();
                (!shown.is_empty()).then_some(shown)
            }
            _ => None,
        })
        .unwrap_or_default();
    let offered_json = serde_json::to_string(&offered).map_err(StoreError::from)?;
    let persisted = Persisted {
        state,
        offered: vec![],
        paused: turn.paused.take().map(Box::new),
    };
    let text = serde_json::to_string(&persisted).map_err(StoreError::from)?;
    turn.engine.written.keep(turn.chat, &text, persisted);
    let conversation = conversations::ConversationRow {
        channel: turn.chat.channel.as_str().to_owned(),
        chat_id: turn.chat.chat_id.clone(),
        locale: turn.lang.to_owned(),
        state: text,
        session_id: turn.session_id,
        not_understood,
        last_activity_at: turn.now.timestamp(),
        offered: Some(offered_json),
    };
    Ok(crate::store::turn::TurnWrites {
        conversation,
        page,
        usage: counted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A turn starts from what its row says: a state kept from the chat's last turn
    /// serves only when the row holds the very text that turn wrote.
    #[test]
    fn a_kept_state_serves_only_the_text_it_was_written_as() {
        let written = Written::default();
        let chat = ChatRef {
            channel: Channel::Telegram,
            chat_id: "42".into(),
            lang_hint: None,
        };
        let home = || Persisted {
            state: State::Staff(StaffStep::Home),
            offered: vec![],
            paused: None,
        };
        let text = serde_json::to_string(&home()).expect("serializes");
        written.keep(&chat, &text, home());
        // Another writer changed the row: read from it, and what was kept let go.
        assert!(
            written
                .take(&chat, r#"{"state":{"flow":"idle"}}"#)
                .is_none()
        );
        assert!(written.take(&chat, &text).is_none(), "let go");
        written.keep(&chat, &text, home());
        let other = ChatRef {
            chat_id: "43".into(),
            ..chat.clone()
        };
        assert!(written.take(&other, &text).is_none(), "another chat's");
        let taken = written
            .take(&chat, &text)
            .expect("the text it was written as");
        assert!(matches!(taken.state, State::Staff(StaffStep::Home)));
        assert!(written.take(&chat, &text).is_none(), "taken once");
        // What a turn keeps is what its text reads back as.
        let read = Persisted::read(&text).expect("reads");
        assert!(matches!(read.state, State::Staff(StaffStep::Home)));
    }
}
