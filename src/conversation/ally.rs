//! Approved allies: the responsible of an active access binds their chat
//! by proving the registered phone (Telegram: sharing their own contact; WhatsApp:
//! the sender's number is the proof), then queries the padrón of their jurisdiction,
//! downloads lists, and (Gobierno Local) reports alerts and data updates (FAD).
//!
//! Every read of the padrón (totals, lists, a DNI, downloads, the DNI of an alert or
//! a FAD) and every report asks the access policy first, with the chat's binding as
//! it stands in the database and the access whose scope would be read; the binding's
//! [`Scope`], which every store query takes, stays the second line of defence.

use std::collections::BTreeMap;

use crate::message::{AllyItem, ChoiceId, FormKind, Outbound};
use crate::notify::access::ended_message;
use serde::{Deserialize, Serialize};

use super::forms;
use super::menu::{requests_menu, show_menu, unsupported};
use super::requests;
use super::{Channel, Choice, EngineError, Input, State, Turn};
use crate::documents::padron_csv::list_table;
use crate::documents::table::{Cell, Document, FileFormat, Table, sheet_notes};
use crate::domain::padron::{AlertKind, Beneficiary, Scope, Status};
use crate::domain::policy::{self, Act, Decision, Record, Who};
use crate::domain::request::{AccessType, parse_request_code};
use crate::domain::stage::Stage;
use crate::domain::ubigeo::normalize;
use crate::domain::values::{Dni, FreeText, Phone, ValueError};
use crate::store::ally_reports::{self, NewReport, ReportBody};
use crate::store::padron::{self, PadronList, Snapshot};
use crate::store::personal_data::{self, AccessAction, Reader};
use crate::store::requests::{self as store_requests, RequestRow};
use crate::store::usage::UsageKind;
use crate::store::{Conn, StoreError, bindings, files};

use crate::domain::padron::{ALERT_FIELDS, FAD_FIELDS, MAX_DESCRIPTION};

/// A chat bound to an active access, loaded at the start of each turn.
#[derive(Debug, Clone)]
pub struct Ally {
    pub access: RequestRow,
    pub scope: Scope,
}

impl Ally {
    fn is_local(&self) -> bool {
        self.access.access_type == AccessType::Local
    }
}

/// Where an ally is inside this flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum AllyStep {
    /// Telegram: waiting for the user's own contact.
    AwaitingContact,
    /// The proven phone is the responsible of several accesses: which one.
    PickingAccess {
        ids: Vec<i64>,
    },
    AskingDni,
    AlertDni,
    AlertKind {
        dni: String,
        #[serde(default, skip_serializing_if = "StepForm::is_empty")]
        form: StepForm,
    },
    AlertDescription {
        dni: String,
        kind: AlertKind,
        #[serde(default, skip_serializing_if = "StepForm::is_empty")]
        form: StepForm,
    },
    FadDni,
    FadAddress {
        dni: String,
        #[serde(default, skip_serializing_if = "StepForm::is_empty")]
        form: StepForm,
    },
    FadReference {
        dni: String,
        address: String,
        #[serde(default, skip_serializing_if = "StepForm::is_empty")]
        form: StepForm,
    },
    FadPhone {
        dni: String,
        address: String,
        reference: String,
        #[serde(default, skip_serializing_if = "StepForm::is_empty")]
        form: StepForm,
    },
}

/// The WhatsApp form offered beside a FAD's or an alert's steps, once the person's
/// DNI was found: the token its answer must carry (spent when the answer is taken),
/// and the answers a form gave that the chat has not reached yet (by the form's
/// field names, already checked), so only what failed is asked again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepForm {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub later: BTreeMap<String, String>,
}

impl StepForm {
    fn is_empty(&self) -> bool {
        self.token.is_none() && self.later.is_empty()
    }

    /// The same token, with `later` kept for the steps after this one.
    fn with_later(token: Option<String>, later: BTreeMap<String, String>) -> Self {
        Self { token, later }
    }
}

impl AllyStep {
    /// The form this step takes (its kind and what it holds), if it is a FAD's or an
    /// alert's step after the DNI.
    fn form(&self) -> Option<(FormKind, &str, &StepForm)> {
        match self {
            AllyStep::FadAddress { dni, form }
            | AllyStep::FadReference { dni, form, .. }
            | AllyStep::FadPhone { dni, form, .. } => Some((FormKind::AllyFad, dni, form)),
            AllyStep::AlertKind { dni, form } | AllyStep::AlertDescription { dni, form, .. } => {
                Some((FormKind::AllyAlert, dni, form))
            }
            _ => None,
        }
    }
}

/// Whether `state` is the FAD's or alert's step whose offered form carries `token`
/// (kept aside while the ally asked something else: its answer takes it up again).
pub(super) fn holds(state: &State, token: &str) -> bool {
    matches!(state, State::Ally { step }
        if step.form().and_then(|(_, _, f)| f.token.as_deref()) == Some(token))
}

fn state(step: AllyStep) -> State {
    State::Ally { step }
}

/// The chat's binding, if it still stands. A binding whose access is no longer
/// active ends here, and the ally is told why.
pub(super) async fn load(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
) -> Result<Option<Ally>, EngineError> {
    let channel = turn.chat.channel.as_str();
    let chat_id = turn.chat.chat_id.clone();
    // Every turn asks; most chats have no binding: one read answers them.
    if !bindings::open_or_untold(conn, channel, &chat_id).await? {
        return Ok(None);
    }
    if let Some(binding) = bindings::open(conn, channel, &chat_id).await? {
        let access = store_requests::get(conn, binding.request_id).await?;
        let scope = access
            .as_ref()
            .and_then(|a| Scope::for_access(a.access_type, &a.jurisdiction));
        match (access, scope) {
            (Some(access), Some(scope)) if access.stage == Stage::Active => {
                return Ok(Some(Ally { access, scope }));
            }
            (access, _) => {
                let reason = access.as_ref().map_or("revoked", |a| a.stage.as_str());
                bindings::end(conn, binding.id, reason, true, turn.unix()).await?;
                let renewal = renewal_of(conn, access.as_ref()).await?;
                say_ended(turn, reason, access.as_ref(), renewal.as_ref());
                return Ok(None);
            }
        }
    }
    // Ended elsewhere (the review workflow) and not told yet.
    if let Some(ended) = bindings::take_unnotified_end(conn, channel, &chat_id).await? {
        let access = store_requests::get(conn, ended.request_id).await?;
        let reason = ended.end_reason.unwrap_or_else(|| "revoked".into());
        let renewal = renewal_of(conn, access.as_ref()).await?;
        say_ended(turn, &reason, access.as_ref(), renewal.as_ref());
    }
    Ok(None)
}

/// The renewal filed for an access that ended, still on its way.
async fn renewal_of(
    conn: &mut Conn,
    access: Option<&RequestRow>,
) -> Result<Option<RequestRow>, EngineError> {
    match access {
        Some(a) if a.stage == Stage::Expired => {
            Ok(store_requests::open_renewal_of(conn, a.id).await?)
        }
        _ => Ok(None),
    }
}

/// Tells the chat its access ended (the same notice the workflow sends at once).
fn say_ended(
    turn: &mut Turn<'_>,
    reason: &str,
    access: Option<&RequestRow>,
    renewal: Option<&RequestRow>,
) {
    let Some(access) = access else {
        turn.say(turn.t("access-ended-unknown"));
        return;
    };
    let mut access = access.clone();
    access.stage = Stage::parse(reason).unwrap_or(access.stage);
    let channel = turn.chat.channel.as_str();
    if let Outbound::Text { text, choices } =
        ended_message(&turn.engine.locales, turn.lang, channel, &access, renewal)
    {
        turn.ask(text, choices);
    }
}

/// The queries menu of a bound chat.
pub(super) fn ally_menu(turn: &mut Turn<'_>) {
    let Some(ally) = turn.ally.clone() else {
        requests_menu(turn);
        return;
    };
    turn.view("menu");
    let mut choices = vec![];
    if ally.scope.sees_people() {
        choices.extend([
            turn.choice(ChoiceId::Query("vigentes".into()), "ally-menu-vigentes"),
            turn.choice(
                ChoiceId::Query("suspendidos".into()),
                "ally-menu-suspendidos",
            ),
            turn.choice(
                ChoiceId::Query("desafiliados".into()),
                "ally-menu-desafiliados",
            ),
            turn.choice(ChoiceId::Query("cobro".into()), "ally-menu-cobro"),
            turn.choice(ChoiceId::Query("menores".into()), "ally-menu-menores"),
            turn.choice(
                ChoiceId::Query("solicitudes".into()),
                "ally-menu-solicitudes",
            ),
            turn.choice(ChoiceId::Ally(AllyItem::Dni), "ally-menu-dni"),
        ]);
        if ally.is_local() {
            choices.extend([
                turn.choice(ChoiceId::Ally(AllyItem::Alert), "ally-menu-alert"),
                turn.choice(ChoiceId::Ally(AllyItem::Fad), "ally-menu-fad"),
            ]);
        }
    } else {
        choices.extend([
            turn.choice(ChoiceId::Query("categorias".into()), "ally-menu-categorias"),
            turn.choice(
                ChoiceId::Download("categorias".into()),
                "ally-menu-categorias-download",
            ),
        ]);
    }
    choices.push(turn.choice(ChoiceId::Ally(AllyItem::Other), "ally-menu-other"));
    let jurisdiction = jurisdiction_label(turn, &ally.access);
    turn.ask(
        turn.ta("ally-menu-prompt", &[("jurisdiction", jurisdiction.into())]),
        choices,
    );
}

/// What the ally's queries cover: their district or region by the one jurisdiction
/// label; for Otro Aliado, the national categories (not the entity's name).
fn jurisdiction_label(turn: &Turn<'_>, access: &RequestRow) -> String {
    match access.access_type {
        AccessType::Local | AccessType::Regional => access.jurisdiction_label(),
        AccessType::Other => turn.t("ally-national"),
    }
}

/// `/padron` or the menu's "Consultar beneficiarios": the queries when bound,
/// otherwise the binding.
pub(super) async fn start(turn: &mut Turn<'_>, conn: &mut Conn) -> Result<State, EngineError> {
    if turn.ally.is_some() {
        ally_menu(turn);
        return Ok(State::Idle);
    }
    match turn.chat.channel {
        // On WhatsApp the sender's number is the proof: the platform vouches for it.
        Channel::Whatsapp => match Phone::parse(&turn.chat.chat_id) {
            Ok(phone) => bind_by_phone(turn, conn, &phone).await,
            Err(_) => {
                turn.say(turn.t("binding-no-access-unknown"));
                show_menu(turn);
                Ok(State::Idle)
            }
        },
        Channel::Telegram => {
            ask_contact(turn);
            Ok(state(AllyStep::AwaitingContact))
        }
        // E-mail never writes in; a terminal user cannot prove a phone number.
        Channel::Terminal | Channel::Email => {
            turn.say(turn.t("binding-terminal"));
            show_menu(turn);
            Ok(State::Idle)
        }
    }
}

fn ask_contact(turn: &mut Turn<'_>) {
    turn.ask(
        turn.t("binding-share-contact"),
        vec![turn.choice(ChoiceId::ShareContact, "binding-share-button")],
    );
}

async fn bind_by_phone(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    phone: &Phone,
) -> Result<State, EngineError> {
    let ids = bindings::active_accesses_for_phone(conn, phone).await?;
    match ids.as_slice() {
        [] => {
            turn.say(turn.ta("binding-no-access", &[("phone", phone.masked().into())]));
            show_menu(turn);
            Ok(State::Idle)
        }
        [id] => bind(turn, conn, *id).await,
        _ => {
            let mut choices = vec![];
            for id in &ids {
                if let Some(access) = store_requests::get(conn, *id).await? {
                    let label = format!("{} · {}", access.code, jurisdiction_label(turn, &access));
                    choices.push(Choice::new(ChoiceId::Bind(*id), label));
                }
            }
            turn.ask(turn.t("binding-pick-access"), choices);
            Ok(state(AllyStep::PickingAccess { ids }))
        }
    }
}

async fn bind(turn: &mut Turn<'_>, conn: &mut Conn, request_id: i64) -> Result<State, EngineError> {
    let Some(access) = store_requests::get(conn, request_id).await? else {
        show_menu(turn);
        return Ok(State::Idle);
    };
    let Some(scope) = Scope::for_access(access.access_type, &access.jurisdiction) else {
        // An active access always has a well-formed jurisdiction; refuse rather than guess.
        turn.say(turn.t("technical-problem"));
        show_menu(turn);
        return Ok(State::Idle);
    };
    bindings::bind(
        conn,
        turn.chat.channel.as_str(),
        &turn.chat.chat_id,
        request_id,
        turn.unix(),
    )
    .await?;
    tracing::info!(
        request = access.id,
        channel = turn.chat.channel.as_str(),
        "ally chat bound"
    );
    let jurisdiction = jurisdiction_label(turn, &access);
    turn.say(turn.ta(
        "binding-done",
        &[
            ("code", access.code.clone().into()),
            ("type", turn.t(access.access_type.message_key()).into()),
            ("jurisdiction", jurisdiction.into()),
        ],
    ));
    turn.ally = Some(Ally { access, scope });
    ally_menu(turn);
    Ok(State::Idle)
}

/// An alert's description: 2 to [`MAX_DESCRIPTION`] characters, lines allowed.
fn is_description(text: &str) -> bool {
    (2..=MAX_DESCRIPTION).contains(&text.chars().count())
        && !text.chars().any(|c| c.is_control() && c != '\n')
}

/// An alert's answers from its form: the kind among the listed ones and the
/// description as the chat takes it; each failing field with the Fluent id of its
/// message (which takes `$max`).
pub fn parse_alert_form(
    answers: &BTreeMap<String, String>,
) -> Result<(AlertKind, String), Vec<(&'static str, &'static str)>> {
    match check_alert_form(answers) {
        (Ok(kind), Ok(description)) => Ok((kind, description)),
        (kind, description) => Err([
            (ALERT_FIELDS[0], kind.err()),
            (ALERT_FIELDS[1], description.err()),
        ]
        .into_iter()
        .filter_map(|(name, e)| e.map(|e| (name, e)))
        .collect()),
    }
}

/// Each of an alert form's answers as the chat reads it, or the Fluent id of its
/// error (which takes `$max`).
fn check_alert_form(
    answers: &BTreeMap<String, String>,
) -> (
    Result<AlertKind, &'static str>,
    Result<String, &'static str>,
) {
    let raw = |name: &str| answers.get(name).map_or("", |v| v.trim());
    let kind = AlertKind::parse(raw(ALERT_FIELDS[0])).ok_or("pick-an-option");
    let description = raw(ALERT_FIELDS[1]).to_owned();
    let description = if is_description(&description) {
        Ok(description)
    } else {
        Err("ally-description-length")
    };
    (kind, description)
}

/// Which of an ally's forms the chat is filling in now (`fad` or `alert`, after the
/// person's DNI was found), for its Mini App page, with the token that page was
/// opened with: a page opened for another person's FAD does not match it.
pub fn form_pending(step: &AllyStep) -> Option<(&'static str, Option<&str>)> {
    let (kind, _, form) = step.form()?;
    let kind = match kind {
        FormKind::AllyFad => "fad",
        _ => "alert",
    };
    Some((kind, form.token.as_deref()))
}

/// A token for the Mini App's page of a FAD or an alert, where Telegram can open one:
/// the page carries it back, so its answers land only on the step it was opened for.
fn mini_app_token(turn: &Turn<'_>) -> Option<String> {
    turn.engine.settings.http.public_base()?;
    if turn.chat.channel != Channel::Telegram {
        return None;
    }
    crate::store::console::new_secret()
        .inspect_err(|e| tracing::warn!(error = %e, "no random token for a form: not offered"))
        .ok()
}

/// A button opening an ally's form (`kind`) as a Mini App, where Telegram can, for
/// the step whose form holds `token`.
fn form_button(turn: &Turn<'_>, kind: &str, token: Option<&str>) -> Option<Choice> {
    let base = turn.engine.settings.http.public_base()?;
    let token = token?;
    (turn.chat.channel == Channel::Telegram).then(|| {
        let page = format!(
            "{base}/webapp/form?lang={}&kind={kind}&for={token}",
            turn.lang
        );
        Choice::web_app(turn.t("form-open"), page)
    })
}

/// The FAD's answers from its form, read with the chat's parsers (the address and
/// reference as free text, the phone as a phone); each failing field with its error.
#[allow(clippy::type_complexity)]
pub fn parse_fad_form(
    answers: &BTreeMap<String, String>,
) -> Result<(FreeText, FreeText, Phone), Vec<(&'static str, ValueError)>> {
    let raw = |name: &str| answers.get(name).map_or("", String::as_str);
    let address = FreeText::parse(raw(FAD_FIELDS[0]));
    let reference = FreeText::parse(raw(FAD_FIELDS[1]));
    let phone = Phone::parse(raw(FAD_FIELDS[2]));
    match (address, reference, phone) {
        (Ok(a), Ok(r), Ok(p)) => Ok((a, r, p)),
        (a, r, p) => Err([
            (FAD_FIELDS[0], a.err()),
            (FAD_FIELDS[1], r.err()),
            (FAD_FIELDS[2], p.err()),
        ]
        .into_iter()
        .filter_map(|(name, e)| e.map(|e| (name, e)))
        .collect()),
    }
}

/// A FAD form's answers that pass the chat's parsers, as the chat keeps them (by
/// field name), and the errors of those that do not.
fn check_fad_form(
    answers: &BTreeMap<String, String>,
) -> (BTreeMap<String, String>, Vec<(&'static str, ValueError)>) {
    let raw = |name: &str| answers.get(name).map_or("", String::as_str);
    let checked = [
        (
            FAD_FIELDS[0],
            FreeText::parse(raw(FAD_FIELDS[0])).map(|v| v.to_string()),
        ),
        (
            FAD_FIELDS[1],
            FreeText::parse(raw(FAD_FIELDS[1])).map(|v| v.to_string()),
        ),
        (
            FAD_FIELDS[2],
            Phone::parse(raw(FAD_FIELDS[2])).map(|v| v.to_string()),
        ),
    ];
    let mut good = BTreeMap::new();
    let mut errors = vec![];
    for (name, value) in checked {
        match value {
            Ok(v) => {
                good.insert(name.to_owned(), v);
            }
            Err(e) => errors.push((name, e)),
        }
    }
    (good, errors)
}

/// Asks again what the current step needs.
pub(super) fn reprompt(turn: &mut Turn<'_>, step: AllyStep) -> State {
    match &step {
        AllyStep::AwaitingContact => ask_contact(turn),
        AllyStep::PickingAccess { .. } => {
            turn.say(turn.t("pick-an-option"));
            // The choices were on the previous message: start over to show them.
            show_menu(turn);
            return State::Idle;
        }
        AllyStep::AskingDni | AllyStep::AlertDni | AllyStep::FadDni => {
            turn.ask(turn.t("ally-ask-dni"), vec![back(turn)]);
        }
        AllyStep::AlertKind { form, .. } => ask_alert_kind(turn, form.token.as_deref()),
        AllyStep::AlertDescription { .. } => {
            turn.ask(turn.t("ally-ask-alert-description"), vec![back(turn)]);
        }
        AllyStep::FadAddress { form, .. } => {
            // The three answers on one screen, where Telegram can open it.
            let choices = form_button(turn, "fad", form.token.as_deref())
                .into_iter()
                .chain([back(turn)]);
            turn.ask(turn.t("ally-ask-fad-address"), choices.collect());
        }
        AllyStep::FadReference { .. } => {
            turn.ask(turn.t("ally-ask-fad-reference"), vec![back(turn)]);
        }
        AllyStep::FadPhone { .. } => turn.ask(turn.t("ally-ask-fad-phone"), vec![back(turn)]),
    }
    state(step)
}

fn back(turn: &Turn<'_>) -> Choice {
    turn.choice(ChoiceId::Ally(AllyItem::Menu), "ally-back")
}

/// A step of this flow.
pub(super) async fn step(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    step: AllyStep,
    input: Input,
) -> Result<(State, bool), EngineError> {
    // A WhatsApp form's answer is taken only with the token of the form offered at
    // this step; a replayed, superseded or foreign one changes nothing.
    if let Input::FormReply { token, .. } = &input
        && step.form().and_then(|(_, _, f)| f.token.as_deref()) != Some(token.as_str())
    {
        turn.say(turn.t("form-reply-stale"));
        return Ok((reprompt(turn, step), false));
    }
    match step {
        AllyStep::AwaitingContact => return contact_step(turn, conn, input).await,
        AllyStep::PickingAccess { ids } => {
            let picked = match &input {
                Input::Choice(ChoiceId::Bind(n)) => Some(*n).filter(|n| ids.contains(n)),
                _ => None,
            };
            return match picked {
                Some(id) => bind(turn, conn, id).await.map(|s| (s, true)),
                None => Ok((reprompt(turn, AllyStep::PickingAccess { ids }), false)),
            };
        }
        _ => {}
    }
    let Some(ally) = turn.ally.clone() else {
        // The binding ended (and the ally was told why): nothing here applies now.
        if let Some(done) = replayed(turn, conn, &input).await? {
            return Ok(done);
        }
        show_menu(turn);
        return Ok((State::Idle, true));
    };
    if let (AllyStep::AlertKind { dni, form }, Input::Choice(ChoiceId::AlertKind(kind))) =
        (&step, &input)
        && let Some(kind) = AlertKind::parse(kind)
    {
        let description = form.later.get(ALERT_FIELDS[1]).cloned();
        let (dni, token) = (dni.clone(), form.token.clone());
        return alert_next(turn, conn, &ally, dni, Some(kind), description, token).await;
    }
    // A tap on an earlier menu leaves the question unanswered and does what it says.
    if let Input::Choice(id) = &input
        && is_ally_choice(id)
    {
        return match tap(turn, conn, &ally, id).await? {
            Some(s) => Ok((s, true)),
            None => Ok((reprompt(turn, step), false)),
        };
    }
    // The FAD's or the alert's answers all at once, from the Mini App or a WhatsApp
    // form (its token checked above, spent here): what passes the chat's parsers is
    // kept, only what fails is asked again here, and once all is there it is filed.
    if let Input::Form(answers) | Input::FormReply { answers, .. } = &input
        && let Some((kind, dni, _)) = step.form()
    {
        let dni = dni.to_owned();
        return match kind {
            FormKind::AllyFad => {
                let (good, errors) = check_fad_form(answers);
                for (name, e) in errors {
                    let label = turn.t(&format!("flow-label-{}", name.replace('_', "-")));
                    turn.say(format!("• {label}: {}", turn.t(e.key())));
                }
                fad_next(turn, conn, &ally, dni, good, None).await
            }
            _ => {
                let (kind, description) = check_alert_form(answers);
                let errors = [
                    (ALERT_FIELDS[0], kind.as_ref().err()),
                    (ALERT_FIELDS[1], description.as_ref().err()),
                ];
                for (name, e) in errors {
                    if let Some(key) = e.copied() {
                        let label = turn.t(&format!("flow-label-{}", name.replace('_', "-")));
                        let error = turn.ta(key, &[("max", MAX_DESCRIPTION.into())]);
                        turn.say(format!("• {label}: {error}"));
                    }
                }
                alert_next(turn, conn, &ally, dni, kind.ok(), description.ok(), None).await
            }
        };
    }
    let Input::Text(text) = input else {
        unsupported(turn);
        return Ok((reprompt(turn, step), false));
    };
    let text = text.trim().to_owned();
    // A request code where a DNI is asked: the user means that request (as at the
    // registration's DNI steps). Nothing is looked up in the padrón, nor counted.
    if matches!(
        step,
        AllyStep::AskingDni | AllyStep::AlertDni | AllyStep::FadDni
    ) && requests::is_request_code(&text)
    {
        // Their own access: its status at once (a bound ally may see it); any other
        // code is looked up as "Ver mi solicitud" would, with its proof.
        let own = Record::Request {
            id: ally.access.id,
            stage: ally.access.stage,
            handled_by: &[],
        };
        let who = Who::BoundAlly {
            access_id: ally.access.id,
        };
        if parse_request_code(&text) == parse_request_code(&ally.access.code)
            && policy::decide(who, Act::SeeStatus, own).allowed()
        {
            requests::status(turn, conn, &ally.access).await?;
            ally_menu(turn);
            return Ok((State::Idle, true));
        }
        return requests::look_up_code(turn, conn, text)
            .await
            .map(|s| (s, true));
    }
    match step {
        AllyStep::AskingDni => lookup(turn, conn, &ally, &text, Purpose::Lookup).await,
        AllyStep::AlertDni => lookup(turn, conn, &ally, &text, Purpose::Alert).await,
        AllyStep::FadDni => lookup(turn, conn, &ally, &text, Purpose::Fad).await,
        AllyStep::AlertKind { dni, form } => {
            turn.say(turn.t("pick-an-option"));
            Ok((reprompt(turn, AllyStep::AlertKind { dni, form }), false))
        }
        AllyStep::AlertDescription { dni, kind, form } => {
            if !is_description(&text) {
                turn.say(turn.ta(
                    "ally-description-length",
                    &[("max", MAX_DESCRIPTION.into())],
                ));
                return Ok((
                    reprompt(turn, AllyStep::AlertDescription { dni, kind, form }),
                    true,
                ));
            }
            let body = ReportBody::Alert {
                kind,
                description: text,
            };
            save_report(turn, conn, &ally, &dni, body).await
        }
        AllyStep::FadAddress { dni, form } => match FreeText::parse(&text) {
            Ok(address) => {
                let mut known = form.later;
                known.insert(FAD_FIELDS[0].to_owned(), address.to_string());
                fad_next(turn, conn, &ally, dni, known, form.token).await
            }
            Err(e) => {
                turn.say(turn.t(e.key()));
                Ok((reprompt(turn, AllyStep::FadAddress { dni, form }), true))
            }
        },
        AllyStep::FadReference { dni, address, form } => match FreeText::parse(&text) {
            Ok(reference) => {
                let mut known = form.later;
                known.insert(FAD_FIELDS[0].to_owned(), address);
                known.insert(FAD_FIELDS[1].to_owned(), reference.to_string());
                fad_next(turn, conn, &ally, dni, known, form.token).await
            }
            Err(e) => {
                turn.say(turn.t(e.key()));
                let again = AllyStep::FadReference { dni, address, form };
                Ok((reprompt(turn, again), true))
            }
        },
        AllyStep::FadPhone {
            dni,
            address,
            reference,
            form,
        } => match Phone::parse(&text) {
            Ok(phone) => {
                let body = ReportBody::DataUpdate {
                    address,
                    reference,
                    phone: phone.to_string(),
                };
                save_report(turn, conn, &ally, &dni, body).await
            }
            Err(e) => {
                turn.say(turn.t(e.key()));
                let again = AllyStep::FadPhone {
                    dni,
                    address,
                    reference,
                    form,
                };
                Ok((reprompt(turn, again), true))
            }
        },
        AllyStep::AwaitingContact | AllyStep::PickingAccess { .. } => Ok((State::Idle, true)),
    }
}

/// The FAD's next question from the answers `known` (by field name, checked), or
/// the FAD filed once all three are there. `token`: the form offered for it, still
/// open while the chat asks the rest.
async fn fad_next(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ally: &Ally,
    dni: String,
    mut known: BTreeMap<String, String>,
    token: Option<String>,
) -> Result<(State, bool), EngineError> {
    let address = known.remove(FAD_FIELDS[0]);
    let reference = known.remove(FAD_FIELDS[1]);
    let phone = known.remove(FAD_FIELDS[2]);
    let later = |pending: Vec<(&str, Option<String>)>| {
        let later = pending
            .into_iter()
            .filter_map(|(n, v)| v.map(|v| (n.to_owned(), v)))
            .collect();
        StepForm::with_later(token.clone(), later)
    };
    let next = match (address, reference, phone) {
        (Some(address), Some(reference), Some(phone)) => {
            let body = ReportBody::DataUpdate {
                address,
                reference,
                phone,
            };
            return save_report(turn, conn, ally, &dni, body).await;
        }
        (None, reference, phone) => AllyStep::FadAddress {
            dni,
            form: later(vec![(FAD_FIELDS[1], reference), (FAD_FIELDS[2], phone)]),
        },
        (Some(address), None, phone) => AllyStep::FadReference {
            dni,
            address,
            form: later(vec![(FAD_FIELDS[2], phone)]),
        },
        (Some(address), Some(reference), None) => AllyStep::FadPhone {
            dni,
            address,
            reference,
            form: later(vec![]),
        },
    };
    Ok((reprompt(turn, next), true))
}

/// The alert's next question from what is known, or the alert filed once its kind
/// and description are there.
#[allow(clippy::too_many_arguments)]
async fn alert_next(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ally: &Ally,
    dni: String,
    kind: Option<AlertKind>,
    description: Option<String>,
    token: Option<String>,
) -> Result<(State, bool), EngineError> {
    let next = match (kind, description) {
        (Some(kind), Some(description)) => {
            let body = ReportBody::Alert { kind, description };
            return save_report(turn, conn, ally, &dni, body).await;
        }
        (None, description) => AllyStep::AlertKind {
            dni,
            form: StepForm::with_later(
                token,
                description
                    .map(|d| (ALERT_FIELDS[1].to_owned(), d))
                    .into_iter()
                    .collect(),
            ),
        },
        (Some(kind), None) => AllyStep::AlertDescription {
            dni,
            kind,
            form: StepForm::with_later(token, BTreeMap::new()),
        },
    };
    Ok((reprompt(turn, next), true))
}

async fn contact_step(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    input: Input,
) -> Result<(State, bool), EngineError> {
    match input {
        Input::Contact { phone, own } => {
            // Only the sender's own contact proves anything: anyone can forward
            // someone else's card.
            if !own {
                turn.say(turn.t("binding-not-own"));
                ask_contact(turn);
                return Ok((state(AllyStep::AwaitingContact), true));
            }
            match Phone::parse(&phone) {
                Ok(phone) => bind_by_phone(turn, conn, &phone).await.map(|s| (s, true)),
                Err(_) => {
                    turn.say(turn.t("binding-no-access-unknown"));
                    show_menu(turn);
                    Ok((State::Idle, true))
                }
            }
        }
        Input::Choice(ChoiceId::ShareContact) => {
            turn.say(turn.t("binding-contact-help"));
            ask_contact(turn);
            Ok((state(AllyStep::AwaitingContact), true))
        }
        _ => {
            turn.say(turn.t("binding-contact-help"));
            ask_contact(turn);
            Ok((state(AllyStep::AwaitingContact), false))
        }
    }
}

/// Input with no step open, from a bound chat: menu taps, a typed DNI, or words that
/// name a query. None when it is not for this flow.
pub(super) async fn idle(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    input: &Input,
) -> Result<Option<(State, bool)>, EngineError> {
    let Some(ally) = turn.ally.clone() else {
        return replayed(turn, conn, input).await;
    };
    match input {
        Input::Choice(id) if is_ally_choice(id) => {
            Ok(tap(turn, conn, &ally, id).await?.map(|s| (s, true)))
        }
        Input::Text(text) => {
            if Dni::parse(text).is_ok() {
                return lookup(turn, conn, &ally, text, Purpose::Lookup)
                    .await
                    .map(Some);
            }
            let t = normalize(text);
            let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
            let query = |q: &str| ChoiceId::Query(q.to_owned());
            let id = if has(&["vigente"]) {
                query("vigentes")
            } else if has(&["suspendid"]) {
                query("suspendidos")
            } else if has(&["desafiliad"]) {
                query("desafiliados")
            } else if has(&["menor"]) {
                query("menores")
            } else if has(&["cobro", "cobrador"]) {
                query("cobro")
            } else if has(&["afiliacion", "conforme"]) {
                query("solicitudes")
            } else if has(&["categoria", "continuador", "reincorporad"]) {
                query("categorias")
            } else if has(&["alerta", "fallec", "hospital"]) {
                ChoiceId::Ally(AllyItem::Alert)
            } else if has(&["fad", "actualiza", "domicilio"]) {
                ChoiceId::Ally(AllyItem::Fad)
            } else if has(&["dni", "buscar", "beneficiario"]) {
                ChoiceId::Ally(AllyItem::Dni)
            } else if has(&[
                "padron", "consulta", "hola", "buenos", "buenas", "menu", "inicio",
            ]) {
                ChoiceId::Ally(AllyItem::Menu)
            } else {
                return Ok(None);
            };
            Ok(tap(turn, conn, &ally, &id).await?.map(|s| (s, true)))
        }
        _ => Ok(None),
    }
}

/// A padrón button kept from before the chat's binding ended (or never bound): the
/// policy is asked about the access the chat was last bound to, and refuses, since
/// the chat is bound to nothing now. None for anything else, or a chat never bound.
async fn replayed(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    input: &Input,
) -> Result<Option<(State, bool)>, EngineError> {
    let act = match input {
        Input::Choice(
            ChoiceId::Query(_)
            | ChoiceId::Download(_)
            | ChoiceId::DownloadCsv(_)
            | ChoiceId::AlertKind(_)
            | ChoiceId::Ally(AllyItem::Dni),
        ) => Act::SeePersonalData,
        Input::Choice(ChoiceId::Ally(AllyItem::Alert | AllyItem::Fad)) => Act::Act,
        _ => return Ok(None),
    };
    let chat = turn.chat;
    let Some(last) = bindings::latest(conn, chat.channel.as_str(), &chat.chat_id).await? else {
        return Ok(None);
    };
    if may(turn, conn, last.request_id, act).await? {
        // Bound again since (the turn began unbound): the menu says what is open.
        show_menu(turn);
    }
    Ok(Some((State::Idle, true)))
}

/// The choices this flow answers from a bound chat's menu.
fn is_ally_choice(id: &ChoiceId) -> bool {
    matches!(
        id,
        ChoiceId::Ally(_)
            | ChoiceId::Query(_)
            | ChoiceId::Download(_)
            | ChoiceId::DownloadCsv(_)
            | ChoiceId::AlertKind(_)
    )
}

/// Runs a menu tap. None for a choice this flow does not know.
async fn tap(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ally: &Ally,
    id: &ChoiceId,
) -> Result<Option<State>, EngineError> {
    let people = ally.scope.sees_people();
    let s = match id {
        ChoiceId::Ally(AllyItem::Menu) => {
            ally_menu(turn);
            State::Idle
        }
        ChoiceId::Ally(AllyItem::Other) => {
            requests_menu(turn);
            State::Idle
        }
        ChoiceId::Ally(AllyItem::Dni) if people => reprompt(turn, AllyStep::AskingDni),
        ChoiceId::Ally(AllyItem::Alert) if ally.is_local() => {
            turn.say(turn.t("ally-alert-intro"));
            reprompt(turn, AllyStep::AlertDni)
        }
        ChoiceId::Ally(AllyItem::Fad) if ally.is_local() => {
            turn.say(turn.t("ally-fad-intro"));
            reprompt(turn, AllyStep::FadDni)
        }
        ChoiceId::Ally(AllyItem::Dni | AllyItem::Alert | AllyItem::Fad) => {
            turn.say(turn.t("ally-not-for-your-access"));
            ally_menu(turn);
            State::Idle
        }
        // Only meaningful inside the alert step; here it is a stale button.
        ChoiceId::AlertKind(_) => {
            turn.say(turn.t("stale-choice"));
            ally_menu(turn);
            State::Idle
        }
        ChoiceId::Query(name) => {
            query(turn, conn, ally, name).await?;
            State::Idle
        }
        ChoiceId::Download(name) => {
            download(turn, conn, ally, name, FileFormat::Xlsx).await?;
            State::Idle
        }
        ChoiceId::DownloadCsv(name) => {
            download(turn, conn, ally, name, FileFormat::Csv).await?;
            State::Idle
        }
        _ => return Ok(None),
    };
    Ok(Some(s))
}

/// May this chat read (or report on) the padrón of `access_id` now? Asked of the
/// policy with the chat's binding and the access as the database has them at this
/// moment, not as the turn began: a binding that points to an access no longer
/// active opens nothing. Says the one refusal, and reads nothing, when not.
async fn may(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    access_id: i64,
    act: Act,
) -> Result<bool, EngineError> {
    let chat = turn.chat;
    let who = match bindings::open(conn, chat.channel.as_str(), &chat.chat_id).await? {
        Some(b) => Who::BoundAlly {
            access_id: b.request_id,
        },
        None => Who::Stranger,
    };
    let active = store_requests::get(conn, access_id)
        .await?
        .is_some_and(|a| a.stage == Stage::Active);
    let decision = policy::decide(who, act, Record::Padron { access_id, active });
    if !decision.allowed() {
        tracing::info!(request = access_id, ?decision, "padrón refused");
        turn.say(turn.t(Decision::REFUSED_KEY));
        show_menu(turn);
    }
    Ok(decision.allowed())
}

fn reader<'a>(turn: &'a Turn<'_>, ally: &Ally) -> Reader<'a> {
    Reader {
        channel: turn.chat.channel.as_str(),
        chat_id: &turn.chat.chat_id,
        request_id: ally.access.id,
    }
}

/// The current padrón, or None after telling the ally there is none yet.
async fn snapshot(turn: &mut Turn<'_>, conn: &mut Conn) -> Result<Option<Snapshot>, StoreError> {
    let snap = padron::current(conn).await?;
    if snap.is_none() {
        turn.say(turn.t("padron-empty"));
        ally_menu(turn);
    }
    Ok(snap)
}

fn as_of(turn: &Turn<'_>, snap: &Snapshot) -> String {
    turn.ta(
        "padron-as-of",
        &[("date", turn.date(snap.data_date).into())],
    )
}

/// Shows one of the totals, with a button to download its list.
async fn query(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ally: &Ally,
    name: &str,
) -> Result<(), EngineError> {
    turn.view(name);
    if !may(turn, conn, ally.access.id, Act::SeePersonalData).await? {
        return Ok(());
    }
    let Some(snap) = snapshot(turn, conn).await? else {
        return Ok(());
    };
    let jurisdiction = jurisdiction_label(turn, &ally.access);
    let scope = &ally.scope;
    let people = scope.sees_people();
    let (lines, rows): (Vec<String>, i64) = match (name, PadronList::parse(name)) {
        (_, Some(PadronList::Status(status))) if people => {
            let totals = padron::status_totals(conn, scope).await?;
            let n = totals
                .iter()
                .find(|(s, _)| *s == status)
                .map_or(0, |(_, n)| *n);
            let key = format!("padron-total-{}", status.as_str());
            (
                vec![turn.ta(
                    &key,
                    &[
                        ("count", n.into()),
                        ("jurisdiction", (&jurisdiction).into()),
                    ],
                )],
                n,
            )
        }
        (_, Some(PadronList::Payments)) if people => {
            let totals = padron::payment_totals(conn, scope).await?;
            let mut lines = vec![turn.ta(
                "padron-payments-header",
                &[("jurisdiction", (&jurisdiction).into())],
            )];
            for (s, n) in &totals {
                lines.push(format!("• {}: {n}", turn.t(&s.message_key())));
            }
            (lines, totals.iter().map(|(_, n)| n).sum())
        }
        (_, Some(PadronList::Minors)) if people => {
            let n = padron::minors_without_collector(conn, scope, turn.today()).await?;
            (
                vec![turn.ta(
                    "padron-minors",
                    &[
                        ("count", n.into()),
                        ("jurisdiction", (&jurisdiction).into()),
                    ],
                )],
                n,
            )
        }
        (_, Some(PadronList::Requests)) if people => {
            let t = padron::request_totals(conn, scope).await?;
            let mut lines = vec![turn.ta(
                "padron-requests",
                &[
                    ("jurisdiction", (&jurisdiction).into()),
                    ("conformes", t.conformes.into()),
                    ("noconformes", t.no_conformes.into()),
                ],
            )];
            for (reason, n) in t.reasons.iter().take(5) {
                let reason = if reason.is_empty() {
                    turn.t("padron-no-reason")
                } else {
                    reason.clone()
                };
                lines.push(format!("• {reason}: {n}"));
            }
            (lines, t.conformes + t.no_conformes)
        }
        ("categorias", _) => {
            let totals = padron::category_totals(conn, scope).await?;
            let mut lines = vec![turn.ta(
                "padron-categories-header",
                &[("jurisdiction", (&jurisdiction).into())],
            )];
            for (c, n) in &totals {
                lines.push(format!("• {}: {n}", turn.t(&c.message_key())));
            }
            (lines, totals.iter().map(|(_, n)| n).sum())
        }
        _ => {
            turn.say(turn.t("ally-not-for-your-access"));
            ally_menu(turn);
            return Ok(());
        }
    };
    personal_data::record(
        conn,
        &reader(turn, ally),
        AccessAction::Query,
        name,
        None,
        rows,
        turn.unix(),
    )
    .await?;
    turn.usage(conn, UsageKind::Query, Some(name)).await?;
    let mut text = lines.join("\n");
    text.push_str("\n\n");
    text.push_str(&as_of(turn, &snap));
    turn.ask(
        text,
        vec![
            turn.choice(ChoiceId::Download(name.to_owned()), "ally-download"),
            turn.choice(ChoiceId::DownloadCsv(name.to_owned()), "ally-download-csv"),
            turn.choice(ChoiceId::Ally(AllyItem::Menu), "ally-back"),
        ],
    );
    Ok(())
}

/// Sends a list as a file in the chat: XLSX, or CSV when asked.
async fn download(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ally: &Ally,
    name: &str,
    format: FileFormat,
) -> Result<(), EngineError> {
    turn.view("descarga");
    if !may(turn, conn, ally.access.id, Act::SeePersonalData).await? {
        return Ok(());
    }
    let Some(snap) = snapshot(turn, conn).await? else {
        return Ok(());
    };
    let today = turn.today();
    let place = match &ally.scope {
        Scope::District(u) => u.as_str().to_owned(),
        Scope::Region(r) => r.clone(),
        Scope::National => "nacional".to_owned(),
    };
    let list_name = turn.t(&format!("padron-list-{name}"));
    // Whose data the file shows, for the record (a data subject asks who read theirs).
    let mut people: Vec<Dni> = vec![];
    let table = match PadronList::parse(name) {
        Some(list) if ally.scope.sees_people() => {
            let rows = padron::list(conn, &ally.scope, list, today).await?;
            if rows.is_empty() {
                turn.say(turn.t("padron-list-empty"));
                turn.say(as_of(turn, &snap));
                ally_menu(turn);
                return Ok(());
            }
            people = rows.iter().map(|b| b.dni.clone()).collect();
            list_table(&list_name, &rows, today)
        }
        None if name == "categorias" => {
            let totals = padron::category_by_region(conn, &ally.scope).await?;
            let mut table = Table::new(&list_name, &["region", "categoria", "total"]);
            for (r, c, n) in &totals {
                table.push(vec![Cell::text(r), Cell::text(c.as_str()), Cell::Int(*n)]);
            }
            table
        }
        _ => {
            turn.say(turn.t("ally-not-for-your-access"));
            ally_menu(turn);
            return Ok(());
        }
    };
    let rows = table.rows.len();
    let jurisdiction = jurisdiction_label(turn, &ally.access);
    let notes = sheet_notes(
        &turn.engine.locales,
        turn.lang,
        &format!("{list_name} · {jurisdiction}"),
        snap.data_date,
    );
    let bytes = Document::new(notes, vec![table])
        .render(format)
        .map_err(|e| EngineError::Document(e.to_string()))?;
    let sha = turn.engine.files.put(&bytes).await?;
    files::register(conn, &sha, format.mime_type(), bytes.len(), turn.unix()).await?;
    let count = i64::try_from(rows).unwrap_or(i64::MAX);
    let read = personal_data::record(
        conn,
        &reader(turn, ally),
        AccessAction::Download,
        name,
        None,
        count,
        turn.unix(),
    )
    .await?;
    personal_data::record_subjects(conn, read, people.iter().map(Dni::as_str)).await?;
    turn.usage(conn, UsageKind::Download, Some(name)).await?;
    let caption = turn.ta(
        "padron-download-caption",
        &[
            ("list", list_name.into()),
            ("count", rows.into()),
            ("date", turn.date(snap.data_date).into()),
        ],
    );
    let file_name = format!(
        "padron-{name}-{place}-{}.{}",
        snap.data_date,
        format.extension()
    );
    turn.document(sha, file_name, caption);
    ally_menu(turn);
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Lookup,
    Alert,
    Fad,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Lookup => "dni",
            Purpose::Alert => "alert",
            Purpose::Fad => "fad",
        }
    }

    fn step(self) -> AllyStep {
        match self {
            Purpose::Lookup => AllyStep::AskingDni,
            Purpose::Alert => AllyStep::AlertDni,
            Purpose::Fad => AllyStep::FadDni,
        }
    }
}

/// Finds one beneficiary by DNI within the scope, rate-limited and recorded. Also
/// the first step of an alert or a FAD, which must be about someone in the district.
async fn lookup(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ally: &Ally,
    text: &str,
    purpose: Purpose,
) -> Result<(State, bool), EngineError> {
    turn.view(purpose.as_str());
    if !may(turn, conn, ally.access.id, Act::SeePersonalData).await? {
        return Ok((State::Idle, true));
    }
    if !ally.scope.sees_people() {
        turn.say(turn.t("ally-national-no-people"));
        ally_menu(turn);
        return Ok((State::Idle, true));
    }
    let dni = match Dni::parse(text) {
        Ok(d) => d,
        Err(e) => {
            turn.say(turn.t(e.key()));
            return Ok((reprompt(turn, purpose.step()), true));
        }
    };
    let limit = i64::from(turn.engine.settings.padron.lookups_per_hour);
    let window = 3600;
    let (done, oldest) = personal_data::count_since(
        conn,
        ally.access.id,
        AccessAction::Lookup,
        turn.unix() - window,
    )
    .await?;
    if done >= limit {
        let wait_min = oldest.map_or(60, |o| ((o + window - turn.unix()) / 60).max(1));
        tracing::info!(
            request = ally.access.id,
            "DNI lookup refused: hourly limit reached"
        );
        turn.say(turn.ta(
            "padron-lookup-limit",
            &[("limit", limit.into()), ("minutes", wait_min.into())],
        ));
        ally_menu(turn);
        return Ok((State::Idle, true));
    }
    let Some(snap) = snapshot(turn, conn).await? else {
        return Ok((State::Idle, true));
    };
    let found = padron::lookup(conn, &ally.scope, &dni).await?;
    personal_data::record(
        conn,
        &reader(turn, ally),
        AccessAction::Lookup,
        purpose.as_str(),
        Some(dni.as_str()),
        i64::from(found.is_some()),
        turn.unix(),
    )
    .await?;
    turn.usage(conn, UsageKind::Query, Some("dni")).await?;
    let Some(b) = found else {
        // Word for word the same whether the DNI is elsewhere or nowhere.
        turn.say(turn.ta("padron-lookup-none", &[("dni", dni.as_str().into())]));
        turn.say(as_of(turn, &snap));
        return Ok((reprompt(turn, purpose.step()), true));
    };
    match purpose {
        Purpose::Lookup => {
            let mut text = describe(turn, &b);
            text.push_str("\n\n");
            text.push_str(&as_of(turn, &snap));
            let mut choices =
                vec![turn.choice(ChoiceId::Ally(AllyItem::Dni), "ally-lookup-another")];
            if ally.is_local() {
                choices.push(turn.choice(ChoiceId::Ally(AllyItem::Alert), "ally-menu-alert"));
                choices.push(turn.choice(ChoiceId::Ally(AllyItem::Fad), "ally-menu-fad"));
            }
            choices.push(turn.choice(ChoiceId::Ally(AllyItem::Menu), "ally-back"));
            turn.ask(text, choices);
            Ok((State::Idle, true))
        }
        Purpose::Alert | Purpose::Fad => {
            turn.say(turn.ta("ally-report-about", &[("name", full_name(&b).into())]));
            // On WhatsApp, the whole report as one form beside the chat's question.
            let kind = match purpose {
                Purpose::Alert => FormKind::AllyAlert,
                _ => FormKind::AllyFad,
            };
            let offer = turn.t("ally-form-offer");
            let token = forms::push_offer(turn, kind, offer, BTreeMap::new())
                .or_else(|| mini_app_token(turn));
            let form = StepForm::with_later(token, BTreeMap::new());
            let dni = dni.to_string();
            let next = match purpose {
                Purpose::Alert => AllyStep::AlertKind { dni, form },
                _ => AllyStep::FadAddress { dni, form },
            };
            Ok((reprompt(turn, next), true))
        }
    }
}

fn full_name(b: &Beneficiary) -> String {
    format!("{} {}", b.names, b.surnames)
}

fn describe(turn: &Turn<'_>, b: &Beneficiary) -> String {
    let mut lines = vec![
        turn.ta(
            "padron-person",
            &[
                ("name", full_name(b).into()),
                ("dni", b.dni.as_str().into()),
                ("age", b.age(turn.today()).into()),
            ],
        ),
        turn.ta(
            "padron-person-status",
            &[("status", turn.t(&b.status.message_key()).into())],
        ),
        turn.ta(
            "padron-person-payment",
            &[
                ("payment", turn.t(&b.payment_status.message_key()).into()),
                (
                    "collector",
                    b.collector
                        .clone()
                        .unwrap_or_else(|| turn.t("padron-no-collector"))
                        .into(),
                ),
            ],
        ),
    ];
    match (b.request_state, b.request_date) {
        (Some(state), date) => lines.push(
            turn.ta(
                "padron-person-request",
                &[
                    ("state", turn.t(&state.message_key()).into()),
                    (
                        "date",
                        date.map(|d| turn.date(d)).unwrap_or_default().into(),
                    ),
                    (
                        "reason",
                        b.request_reason
                            .clone()
                            .unwrap_or_else(|| turn.t("padron-no-reason"))
                            .into(),
                    ),
                ],
            ),
        ),
        (None, _) => lines.push(turn.t("padron-person-no-request")),
    }
    if b.status == Status::Vigente && b.age(turn.today()) < 18 && b.collector.is_none() {
        lines.push(turn.t("padron-person-minor-warning"));
    }
    lines.join("\n")
}

fn ask_alert_kind(turn: &mut Turn<'_>, token: Option<&str>) {
    let choices = AlertKind::ALL
        .iter()
        .map(|k| turn.choice(ChoiceId::AlertKind(k.as_str().to_owned()), &k.message_key()))
        .chain(form_button(turn, "alert", token))
        .chain([back(turn)])
        .collect();
    turn.ask(turn.t("ally-ask-alert-kind"), choices);
}

async fn save_report(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ally: &Ally,
    dni: &str,
    body: ReportBody,
) -> Result<(State, bool), EngineError> {
    if !may(turn, conn, ally.access.id, Act::Act).await? {
        return Ok((State::Idle, true));
    }
    let report = ally_reports::insert(
        conn,
        NewReport {
            request_id: ally.access.id,
            channel: turn.chat.channel.as_str(),
            chat_id: &turn.chat.chat_id,
            subject_dni: dni,
            body: &body,
        },
        turn.unix(),
    )
    .await?;
    let key = match body {
        ReportBody::Alert { .. } => "ally-alert-done",
        ReportBody::DataUpdate { .. } => "ally-fad-done",
    };
    turn.usage(conn, UsageKind::RequestSent, Some(key)).await?;
    turn.say(turn.ta(key, &[("number", report.number().into())]));
    ally_menu(turn);
    Ok((State::Idle, true))
}
