//! Forms filled in one screen beside the chat's questions: on WhatsApp, a
//! WhatsApp Flow (`channels::whatsapp_flows`) for the registration of an access type,
//! and for the data an observation asks again (the authority's, opened with the JNE
//! list's authority; the responsible's).
//!
//! Offered when the access type is chosen (or the correction starts) and that form's
//! flow is configured (`[whatsapp.flows]`); the chat's own question follows it, so
//! answering here one by one always works. The offer carries a fresh token, kept in
//! the draft: only an answer with that token, in this chat, while this registration
//! is open, is taken, once. It is then applied as any whole form is
//! (`registration::on_form`: the chat's parsers, what fails asked again here, then
//! the review).

use super::RegistrationStep;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Draft, EngineError, State, Turn};
use crate::domain::form;
use crate::domain::form_kind;
use crate::domain::jne::Prefill;
use crate::domain::request::{Field, RequestData};
use crate::message::{FormKind, Outbound};
use crate::store::Conn;

/// The form offered for a draft and the token its answer must carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offered {
    pub form: FormKind,
    pub token: String,
}

/// Whether this chat can be shown `form`: WhatsApp, with the form's flow configured.
pub(super) fn available(turn: &Turn<'_>, form: FormKind) -> bool {
    turn.chat.channel.native_forms() && turn.engine.settings.whatsapp.flows.id_for(form).is_some()
}

/// Offers `kind` for this draft, when this chat can be shown it: the form opened
/// with what the draft already holds, or with the JNE list's authority (`jne`: the
/// list is what an authority's data must match).
pub(super) fn offer(turn: &mut Turn<'_>, data: &mut Draft, kind: FormKind, jne: Option<&Prefill>) {
    if !available(turn, kind) {
        return;
    }
    let mut shown: RequestData = (*data.data).clone();
    if let Some(p) = jne {
        p.fill(&mut shown);
    }
    // Every value the first screen declares is sent, empty when unknown; the office
    // the access type suggests (OMAPED, OREDIS) is written in already.
    let values: BTreeMap<String, String> = form_kind::prefillable(kind)
        .into_iter()
        .map(|f| {
            let suggested = form::spec(f, data.access_type)
                .suggestion
                .map(str::to_owned);
            let value = form_kind::typed_value(&shown, f)
                .or(suggested)
                .unwrap_or_default();
            (f.as_str().to_owned(), value)
        })
        .collect();
    let text = match (form_kind::access_type_of(kind), jne) {
        // A registration opened with the JNE's authority says so.
        (Some(t), Some(_)) => {
            let authority = turn.t(form::authority_key(Some(t)));
            turn.ta("form-offer-jne", &[("authority", authority.into())])
        }
        (Some(_), None) => turn.t("form-offer"),
        (None, _) => turn.t("form-offer-correction"),
    };
    if let Some(token) = push_offer(turn, kind, text, values) {
        data.form = Some(Offered { form: kind, token });
    }
}

/// Sends `kind` with `text` and its first screen's `data`, when this chat can be
/// shown it: the fresh token its answer must carry, or `None` when not offered.
pub(super) fn push_offer(
    turn: &mut Turn<'_>,
    kind: FormKind,
    text: String,
    mut data: BTreeMap<String, String>,
) -> Option<String> {
    if !available(turn, kind) {
        return None;
    }
    // Its date pickers stop at today.
    if form_kind::asks_a_date(kind) {
        data.insert(
            form_kind::MAX_DATE.to_owned(),
            turn.today().format("%Y-%m-%d").to_string(),
        );
    }
    let token = match crate::store::console::new_secret() {
        Ok(t) => t,
        Err(e) => {
            // The chat's questions go on; the form is only the faster way.
            tracing::warn!(error = %e, "no random token for a form: not offered");
            return None;
        }
    };
    turn.push(Outbound::Form {
        form: kind,
        token: token.clone(),
        text,
        button: turn.t("form-offer-button"),
        data,
    });
    Some(token)
}

/// Offers the correction form asking exactly `fields` (what an observation is
/// about), if there is one and this chat can be shown it. The authority's data is
/// observed when it does not match the JNE: the form opens with the JNE list's
/// authority of the request's jurisdiction, when the list has it.
pub(super) async fn offer_correction(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    data: &mut Draft,
    fields: &[Field],
) -> Result<(), EngineError> {
    // A field the request's access type does not have is not asked (the head of
    // another entity has no JNE credential): then no form fits.
    let asked: Vec<Field> = fields
        .iter()
        .copied()
        .filter(|f| data.fields().contains(f))
        .collect();
    let Some(kind) = form_kind::correction(&asked) else {
        return Ok(());
    };
    if !available(turn, kind) {
        return Ok(());
    }
    let jne = match kind {
        FormKind::CorrectionAuthority => crate::store::jne::prefill(conn, data).await?,
        _ => None,
    };
    offer(turn, data, kind, jne.as_ref());
    Ok(())
}

/// The draft of a registration state.
fn draft_of(state: &State) -> Option<&Draft> {
    match state {
        State::Registration(RegistrationStep::Registering { data, .. })
        | State::Registration(RegistrationStep::ConfirmingAuthority { data, .. })
        | State::Registration(RegistrationStep::Summary { data })
        | State::Registration(RegistrationStep::ChoosingFix { data })
        | State::Registration(RegistrationStep::ConfirmingCancel { data }) => Some(data),
        _ => None,
    }
}

/// The form a registration state offered with `token`, if it did.
fn offered_with(state: &State, token: &str) -> Option<FormKind> {
    draft_of(state)?
        .form
        .as_ref()
        .filter(|o| o.token == token)
        .map(|o| o.form)
}

/// Whether `state` is the registration whose offered form carries `token`.
pub(super) fn holds(state: &State, token: &str) -> bool {
    offered_with(state, token).is_some()
}

/// A WhatsApp flow's answer in a registration state, claimed: `Ok` with the draft
/// it fills (its token spent, so the same answer again changes nothing) and the
/// answers to apply as any whole form is (`registration::on_form`); `Err` with the
/// state untouched when the token is not this registration's (already used,
/// superseded, or another chat's), after saying so.
pub(super) fn claim(
    turn: &mut Turn<'_>,
    state: State,
    token: &str,
    answers: &BTreeMap<String, String>,
) -> Result<(Draft, BTreeMap<String, String>), Box<State>> {
    let Some(kind) = offered_with(&state, token) else {
        turn.say(turn.t("form-reply-stale"));
        return Err(Box::new(state));
    };
    let mut data = match state {
        State::Registration(RegistrationStep::Registering { data, .. })
        | State::Registration(RegistrationStep::ConfirmingAuthority { data, .. })
        | State::Registration(RegistrationStep::Summary { data })
        | State::Registration(RegistrationStep::ChoosingFix { data })
        | State::Registration(RegistrationStep::ConfirmingCancel { data }) => data,
        other => return Err(Box::new(other)),
    };
    data.form = None;
    // An optional field the flow left empty may come back absent: left empty here too.
    let mut answers = answers.clone();
    for spec in form_kind::fields(kind) {
        if spec.optional {
            answers.entry(spec.field.as_str().to_owned()).or_default();
        }
    }
    Ok((data, answers))
}
