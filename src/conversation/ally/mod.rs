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
use crate::notify::access::{ended_message, status_message};
use serde::{Deserialize, Serialize};

use super::Ally;
use super::forms;
use super::lessons::{self, LessonStep};
use super::menu::{ally_menu, jurisdiction_label, requests_menu, show_menu, unsupported};
use super::padron_view::{describe, full_name};
use super::requests;
use super::{Channel, Choice, EngineError, Input, State, Step, Turn};
use crate::documents::padron_csv::list_table;
use crate::documents::table::{Cell, Document, FileFormat, Table, sheet_notes};
use crate::domain::padron::{
    AlertKind, Collection, HistoryEvent, HistoryKind, PaymentStatus, Scope, staleness,
};
use crate::domain::policy::{self, Act, Decision, Record, Who};
use crate::domain::request::parse_request_code;
use crate::domain::stage::Stage;
use crate::domain::ubigeo::normalize;
use crate::domain::values::{Dni, FreeText, Phone};
use crate::store::ally_reports::{self, NewReport, ReportBody};
use crate::store::padron::{self, PadronList, Snapshot};
use crate::store::personal_data::{self, AccessAction, Reader};
use crate::store::requests::{self as store_requests, RequestRow};
use crate::store::usage::UsageKind;
use crate::store::{Conn, StoreError, bindings, files};

use crate::domain::padron::{
    ALERT, AllyField, FAD, MAX_DESCRIPTION, check_alert_form, check_fad_form, is_description,
};

mod beneficiaries;
mod binding;
mod reports;
mod steps;
mod taps;
pub(super) use beneficiaries::not_collected;
use beneficiaries::*;
pub(super) use binding::start;
use binding::*;
pub use reports::form_pending;
use reports::*;
use steps::*;
pub(super) use steps::{reprompt, step};
pub(super) use taps::idle;
use taps::*;

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
    /// Inside a lesson or its practice (`lessons.rs`): open to any chat, bound or not.
    Lesson {
        lesson: LessonStep,
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
    matches!(state, State::Ally(step)
        if step.form().and_then(|(_, _, f)| f.token.as_deref()) == Some(token))
}

fn state(step: AllyStep) -> State {
    State::Ally(step)
}

/// The chat's binding, if it still stands. A binding whose access is no longer
/// active ends here, and the ally is told why.
pub(super) async fn load(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
) -> Result<Option<Ally>, EngineError> {
    // Every turn asks; most chats have no binding: one read answers them.
    let bound = match turn.known.bound.take() {
        Some(known) => known,
        None => bindings::open_or_untold(conn, turn.chat.key()).await?,
    };
    if !bound {
        return Ok(None);
    }
    if let Some(binding) = bindings::open(conn, turn.chat.key()).await? {
        let access = store_requests::get(conn, binding.request_id).await?;
        let scope = access
            .as_ref()
            .and_then(|a| Scope::for_access(a.access_type, &a.jurisdiction));
        match (access, scope) {
            (Some(access), Some(scope)) if access.stage == Stage::Active => {
                return Ok(Some(Ally { access, scope }));
            }
            // Suspended, or its revocation weighed: still bound (a restore opens it
            // again), but nothing opens now; the chat was told when it happened.
            (Some(access), _) if access.stage.keeps_bindings() => return Ok(None),
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
    if let Some(ended) = bindings::take_unnotified_end(conn, turn.chat.key()).await? {
        let access = store_requests::get(conn, ended.request_id).await?;
        let reason = ended.end_reason.unwrap_or_else(|| "revoked".into());
        let renewal = renewal_of(conn, access.as_ref()).await?;
        say_ended(turn, &reason, access.as_ref(), renewal.as_ref());
    }
    Ok(None)
}

/// A chat bound to an access the program suspended (or whose revocation DE weighs)
/// hears again why and what to do, instead of the binding; false when not bound so.
pub(in crate::conversation) async fn say_closed(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
) -> Result<bool, EngineError> {
    let chat = turn.chat;
    let Some(binding) = bindings::open(conn, chat.key()).await? else {
        return Ok(false);
    };
    let Some(access) = store_requests::get(conn, binding.request_id).await? else {
        return Ok(false);
    };
    if access.stage == Stage::Active || !access.stage.keeps_bindings() {
        return Ok(false);
    }
    let history = store_requests::transitions(conn, access.id).await?;
    let note = history.last().and_then(|t| t.note.clone());
    let channel = chat.channel.as_str();
    if let Outbound::Text { text, choices } = status_message(
        &turn.engine.locales,
        turn.lang,
        channel,
        &access,
        note.as_deref(),
    ) {
        turn.ask(text, choices);
    }
    Ok(true)
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
