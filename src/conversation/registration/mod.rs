//! Registration: the access request form, one question at a time ("Paso 3 de 20"),
//! each answer parsed on the spot, then a summary where any single field can be
//! corrected before sending.

use super::RegistrationStep;
use super::menu::{show_menu, unsupported};
use super::{Amend, Draft, forms};
use super::{Choice, EngineError, Input, State, Step, Turn, requests};
use crate::domain::calendar::ddc_fiscal_year;
use crate::domain::form::{self, MAX_PICKS};
use crate::domain::form_kind;
use crate::domain::jne::Prefill;
use crate::domain::request::{AccessType, Field, RequestData, RequestKind};
use crate::message::{ChoiceId, MenuItem, SummaryAction};

use crate::domain::stage::Stage;
use crate::domain::ubigeo::{Catalog, Ubigeo, normalize};
use crate::domain::values::FreeText;
use crate::events::Event;
use crate::i18n::Arg;
use crate::services::corrections::{self, NewDdc};
use crate::services::review;
use crate::store::usage::UsageKind;
use crate::store::{Conn, requests as store};

mod amend;
mod authority;
mod form_answers;
mod steps;
mod summary;
pub(super) use amend::{start_amend, start_renewal};
use authority::*;
use form_answers::*;
pub use form_answers::{JNE_AUTHORITY, apply_form};
use steps::*;
pub(super) use summary::field_value;
use summary::*;

pub(super) async fn start(turn: &mut Turn<'_>, _conn: &mut Conn) -> Result<Step, EngineError> {
    turn.say(turn.t("register-intro"));
    let data = Draft::default();
    Ok(Step::to(ask(turn, data, Field::AccessType, false)))
}

/// The registration asked for in a sentence that names its access type ("… para el
/// gobierno regional"): that answer is taken, the next question asked.
pub(super) fn start_as(turn: &mut Turn<'_>, access_type: AccessType) -> Step {
    turn.say(turn.t("register-intro"));
    let mut data = Draft::default();
    form::set_access_type(&mut data, access_type);
    forms::offer(turn, &mut data, form_kind::registration(access_type), None);
    Step::to(advance(turn, data, false))
}

/// The registration opened from an invitation letter: a Gobierno Local request for
/// `district`, starting at the question after the district.
pub(super) async fn start_invited(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    district: &crate::domain::ubigeo::District,
) -> Result<Step, EngineError> {
    turn.say(turn.t("register-intro"));
    turn.say(turn.ta(
        "invite-district-chosen",
        &[("district", district.label().into())],
    ));
    let data = Draft {
        data: Box::new(RequestData {
            access_type: Some(AccessType::Local),
            ubigeo: Some(district.code.clone()),
            ..RequestData::default()
        }),
        ..Draft::default()
    };
    after_jurisdiction(turn, conn, data, false)
        .await
        .map(Step::to)
}

pub(super) fn reprompt(turn: &mut Turn<'_>, state: State) -> Result<State, EngineError> {
    Ok(match state {
        State::Registration(RegistrationStep::Registering {
            data,
            asking,
            fixing,
            ..
        }) => ask(turn, data, asking, fixing),
        State::Registration(RegistrationStep::ConfirmingAuthority {
            data,
            listed,
            fixing,
        }) => confirm_authority(turn, data, listed, fixing),
        State::Registration(RegistrationStep::Summary { data }) => summary(turn, data),
        State::Registration(RegistrationStep::ChoosingFix { data }) => choose_fix(turn, data),
        State::Registration(RegistrationStep::ConfirmingCancel { data }) => {
            confirm_cancel(turn, data)
        }
        other => other,
    })
}

pub(super) async fn step(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    input: Input,
) -> Result<Step, EngineError> {
    // A whole form at any step of the registration: the Mini App's (its page proves
    // the user) or a WhatsApp flow's (it must carry the token this registration's
    // offer gave it: `forms.rs`).
    let (state, input) = match (state, input) {
        (
            State::Registration(RegistrationStep::Registering { data, .. })
            | State::Registration(RegistrationStep::ConfirmingAuthority { data, .. })
            | State::Registration(RegistrationStep::Summary { data })
            | State::Registration(RegistrationStep::ChoosingFix { data })
            | State::Registration(RegistrationStep::ConfirmingCancel { data }),
            Input::Form(answers),
        ) => return on_form(turn, conn, data, &answers).await.map(Step::to),
        (state, Input::FormReply { token, answers }) => {
            return match forms::claim(turn, state, &token, &answers) {
                Ok((data, answers)) => on_form(turn, conn, data, &answers).await,
                Err(state) => reprompt(turn, *state),
            }
            .map(Step::to);
        }
        other => other,
    };
    match state {
        State::Registration(RegistrationStep::Registering {
            data,
            asking,
            picks,
            fixing,
        }) => answer(turn, conn, data, asking, picks, fixing, input)
            .await
            .map(Step::to),
        State::Registration(RegistrationStep::ConfirmingAuthority {
            data,
            listed,
            fixing,
        }) => Ok(on_authority_confirmed(turn, data, listed, fixing, input)),
        State::Registration(RegistrationStep::Summary { data }) => {
            Box::pin(on_summary(turn, conn, data, input)).await
        }
        State::Registration(RegistrationStep::ConfirmingCancel { data }) => {
            Ok(on_cancel_confirmed(turn, data, input))
        }
        // A PDF or photo sent while correcting is most likely the signed DDC: the
        // upload path takes it (it finds the request), nothing is refused.
        State::Registration(RegistrationStep::ChoosingFix { data }) => match input {
            Input::File(file) => Box::pin(requests::file_without_flow(turn, conn, file)).await,
            // «Volver»: out of the correction, nothing changed; the menu offers it again.
            Input::Choice(ChoiceId::Summary(SummaryAction::Back)) => {
                turn.say(turn.t("fix-left"));
                show_menu(turn);
                Ok(Step::to(State::Idle))
            }
            input => Ok(Step::to(on_fix_choice(turn, data, input))),
        },
        other => Ok(Step::to(other)),
    }
}

fn authority_arg(turn: &Turn<'_>, data: &RequestData) -> Arg {
    Arg::Str(turn.t(authority_key(data)))
}

/// How the request's access type names its authority (mayor, governor, head).
fn authority_key(data: &RequestData) -> &'static str {
    form::authority_key(data.access_type)
}

/// Puts the question for `field`, with its progress and choices.
/// "Paso 5 de 19": where a field stands in the registration.
/// The fields the chat asks one by one, each a numbered step. Optional fields are
/// added at the review step, and what the access type fills in (the OMAPED, the
/// OREDIS) is corrected there: neither is a step.
fn stepped_fields(data: &Draft) -> impl Iterator<Item = Field> + '_ {
    data.fields()
        .into_iter()
        .filter(|f| !f.optional() && form::spec(*f, data.access_type).suggestion.is_none())
}

/// The step a field is, of how many (the last is the review). Before the access type
/// is known the total is not either (0).
fn step_of(data: &Draft, field: Field) -> (usize, usize) {
    let before = data
        .fields()
        .into_iter()
        .take_while(|f| *f != field)
        .filter(|f| stepped_fields(data).any(|s| s == *f))
        .count();
    let total = if data.access_type.is_some() {
        stepped_fields(data).count() + 1
    } else {
        0
    };
    (before + 1, total)
}

/// What a registration left half-way was, for the notice that it is kept aside.
pub(super) fn progress(turn: &Turn<'_>, state: &State) -> String {
    let step = match state {
        State::Registration(RegistrationStep::Registering {
            data,
            asking,
            fixing: false,
            ..
        }) => Some(step_of(data, *asking)),
        State::Registration(RegistrationStep::ConfirmingAuthority {
            data,
            fixing: false,
            ..
        }) => Some(step_of(data, Field::AuthorityNames)),
        _ => None,
    };
    match step {
        Some((step, total)) => turn.ta(
            "paused-registration",
            &[(
                "where",
                turn.ta("step", &[("step", step.into()), ("total", total.into())])
                    .into(),
            )],
        ),
        None => turn.t("paused-registration-review"),
    }
}

fn ask(turn: &mut Turn<'_>, data: Draft, field: Field, fixing: bool) -> State {
    let (step, total) = step_of(&data, field);
    let question = turn.ta(
        field.def().question,
        &[
            ("authority", authority_arg(turn, &data)),
            // Examples fit the access type: a municipality's e-mail, not a region's.
            (
                "access",
                Arg::from(data.access_type.map_or("other", AccessType::as_str)),
            ),
        ],
    );
    let header = if fixing {
        turn.t("fixing-header")
    } else {
        turn.ta("step", &[("step", step.into()), ("total", total.into())])
    };
    let mut choices: Vec<Choice> = match field {
        Field::AccessType => AccessType::ALL
            .iter()
            .map(|t| turn.choice(ChoiceId::AccessType(t.as_str().to_owned()), t.message_key()))
            .collect(),
        Field::EntityPublic => vec![
            turn.choice(ChoiceId::EntityPublic(true), "entity-public"),
            turn.choice(ChoiceId::EntityPublic(false), "entity-private"),
        ],
        Field::RespOffice => match data.access_type {
            Some(AccessType::Local) => {
                vec![Choice::new(ChoiceId::Office("OMAPED".into()), "OMAPED")]
            }
            Some(AccessType::Regional) => {
                vec![Choice::new(ChoiceId::Office("OREDIS".into()), "OREDIS")]
            }
            _ => vec![],
        },
        Field::RespDesignationDate => vec![turn.choice(ChoiceId::DesignatedToday, "date-today")],
        // Telegram proves the sender's number with a keyboard button; the responsible
        // is usually the one registering.
        Field::RespPhone if turn.chat.channel.shares_contact() => {
            vec![turn.choice(ChoiceId::ShareContact, "form-share-contact")]
        }
        _ => vec![],
    };
    if field.optional() {
        choices.push(turn.choice(ChoiceId::Skip, "skip"));
    }
    // The whole form on one screen, where Telegram can open it (an HTTPS address).
    if field == Field::AccessType
        && !fixing
        && turn.chat.channel.opens_web_app()
        && let Some(base) = turn.engine.settings.http.public_base()
    {
        let page = format!("{base}/webapp/form?lang={}", turn.lang);
        choices.push(Choice::web_app(turn.t("form-open"), page));
    }
    let question = if choices
        .iter()
        .any(|c| c.id == crate::message::SHARE_CONTACT)
    {
        format!("{question}\n{}", turn.t("form-share-contact-hint"))
    } else if field == Field::AccessType && choices.iter().any(|c| c.web_app.is_some()) {
        format!(
            "{question}\n{}\n{}",
            turn.t("form-access-type-district-hint"),
            turn.t("form-open-hint")
        )
    } else if field == Field::AccessType {
        format!("{question}\n{}", turn.t("form-access-type-district-hint"))
    } else {
        question
    };
    turn.ask(format!("{header}\n{question}"), choices);
    State::Registration(RegistrationStep::Registering {
        data,
        asking: field,
        picks: vec![],
        fixing,
    })
}

/// After a field is set: the next question, or back to the summary.
fn advance(turn: &mut Turn<'_>, data: Draft, fixing: bool) -> State {
    match data.next_missing() {
        // A correction that opened new questions (e.g. a different access type) asks them.
        Some(next) => ask(turn, data, next, fixing),
        None => summary(turn, data),
    }
}
