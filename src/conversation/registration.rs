//! Registration: the access request form, one question at a time ("Paso 3 de 20"),
//! each answer parsed on the spot, then a summary where any single field can be
//! corrected before sending.

use super::menu::{show_menu, unsupported};
use super::router::pause;
use super::{Amend, Draft, forms};
use super::{Choice, EngineError, Input, State, Turn, requests};
use crate::domain::calendar::ddc_fiscal_year;
use crate::domain::form::{self, MAX_PICKS};
use crate::domain::form_kind;
use crate::domain::jne::Prefill;
use crate::domain::request::{AccessType, Field, RequestData, RequestKind};
use crate::message::Channel;
use crate::message::{ChoiceId, MenuItem, SummaryAction};

use crate::domain::stage::{Action, Actor, Stage};
use crate::domain::ubigeo::{Catalog, Ubigeo, normalize};
use crate::domain::values::FreeText;
use crate::events::Event;
use crate::i18n::Arg;
use crate::services::review;
use crate::store::files::{self, DocumentKind};
use crate::store::usage::UsageKind;
use crate::store::{Conn, requests as store};

pub(super) async fn start(turn: &mut Turn<'_>, _conn: &mut Conn) -> Result<State, EngineError> {
    turn.say(turn.t("register-intro"));
    let data = Draft::default();
    Ok(ask(turn, data, Field::AccessType, false))
}

pub(super) fn reprompt(turn: &mut Turn<'_>, state: State) -> Result<State, EngineError> {
    Ok(match state {
        State::Registering {
            data,
            asking,
            fixing,
            ..
        } => ask(turn, data, asking, fixing),
        State::ConfirmingAuthority {
            data,
            listed,
            fixing,
        } => confirm_authority(turn, data, listed, fixing),
        State::Summary { data } => summary(turn, data),
        State::ChoosingFix { data } => choose_fix(turn, data),
        other => other,
    })
}

pub(super) async fn step(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    input: Input,
) -> Result<(State, bool), EngineError> {
    // A whole form at any step of the registration: the Mini App's (its page proves
    // the user) or a WhatsApp flow's (it must carry the token this registration's
    // offer gave it: `forms.rs`).
    let (state, input) = match (state, input) {
        (
            State::Registering { data, .. }
            | State::ConfirmingAuthority { data, .. }
            | State::Summary { data }
            | State::ChoosingFix { data },
            Input::Form(answers),
        ) => return on_form(turn, conn, data, &answers).await.map(|s| (s, true)),
        (state, Input::FormReply { token, answers }) => {
            return match forms::claim(turn, state, &token, &answers) {
                Ok((data, answers)) => on_form(turn, conn, data, &answers).await,
                Err(state) => reprompt(turn, *state),
            }
            .map(|s| (s, true));
        }
        other => other,
    };
    match state {
        // A request code where a DNI is asked: the user means that request. It is
        // looked up as "Ver mi solicitud" would, and the form kept for later.
        State::Registering {
            asking: Field::AuthorityDni | Field::RespDni,
            ..
        } if matches!(&input, Input::Text(t) if requests::is_request_code(t)) => {
            let Input::Text(code) = input else {
                return Ok((state, true));
            };
            pause(turn, state);
            requests::look_up_code(turn, conn, code)
                .await
                .map(|s| (s, true))
        }
        State::Registering {
            data,
            asking,
            picks,
            fixing,
        } => answer(turn, conn, data, asking, picks, fixing, input)
            .await
            .map(|s| (s, true)),
        State::ConfirmingAuthority {
            data,
            listed,
            fixing,
        } => Ok(on_authority_confirmed(turn, data, listed, fixing, input)),
        State::Summary { data } => on_summary(turn, conn, data, input).await,
        State::ChoosingFix { data } => Ok((on_fix_choice(turn, data, input), true)),
        other => Ok((other, true)),
    }
}

fn authority_arg(turn: &Turn<'_>, data: &RequestData) -> Arg {
    Arg::Str(turn.t(authority_key(data)))
}

/// How the request's access type names its authority (mayor, governor, head).
fn authority_key(data: &RequestData) -> &'static str {
    form::authority_key(data.access_type)
}

fn field_id(f: Field) -> String {
    f.as_str().replace('_', "-")
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
        State::Registering {
            data,
            asking,
            fixing: false,
            ..
        } => Some(step_of(data, *asking)),
        State::ConfirmingAuthority {
            data,
            fixing: false,
            ..
        } => Some(step_of(data, Field::AuthorityNames)),
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
        &format!("ask-{}", field_id(field)),
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
        Field::RespPhone if turn.chat.channel == Channel::Telegram => {
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
        && turn.chat.channel == Channel::Telegram
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
    State::Registering {
        data,
        asking: field,
        picks: vec![],
        fixing,
    }
}

/// After a field is set: the next question, or back to the summary.
fn advance(turn: &mut Turn<'_>, data: Draft, fixing: bool) -> State {
    match data.next_missing() {
        // A correction that opened new questions (e.g. a different access type) asks them.
        Some(next) => ask(turn, data, next, fixing),
        None => summary(turn, data),
    }
}

async fn answer(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    mut data: Draft,
    field: Field,
    picks: Vec<String>,
    fixing: bool,
    input: Input,
) -> Result<State, EngineError> {
    // Telegram keeps the "share my contact" keyboard after the mobile was typed (or
    // even shared): the next message takes it away. Asked again, it comes back.
    if field == Field::RespPhone && matches!(input, Input::Text(_) | Input::Contact { .. }) {
        turn.hide_reply_keyboard();
    }
    let text = match input {
        Input::Text(t) => t,
        Input::Choice(id) => return on_choice(turn, conn, data, field, picks, fixing, &id).await,
        Input::Contact { phone, .. }
            if matches!(
                field,
                Field::AuthorityPhone | Field::AuthorityPhone2 | Field::RespPhone
            ) =>
        {
            phone
        }
        Input::File(_) => {
            turn.say(turn.t("file-during-registration"));
            return Ok(ask(turn, data, field, fixing));
        }
        Input::Stale => {
            turn.say(turn.t("stale-choice"));
            return Ok(ask(turn, data, field, fixing));
        }
        Input::Contact { .. }
        | Input::FormReply { .. }
        | Input::Unsupported(_)
        | Input::Form(_) => {
            unsupported(turn);
            return Ok(ask(turn, data, field, fixing));
        }
    };
    let text = text.trim();
    // A municipality's district typed right away: the access type is Gobierno
    // Local (exact names only, so a stray word is not taken for a district).
    if field == Field::AccessType && form::parse_access_type(text).is_none() {
        let q = normalize(text);
        let exact = form::find_districts(Catalog::embedded(), text, &[])
            .iter()
            .any(|d| normalize(&d.name) == q);
        if exact {
            form::set_access_type(&mut data, AccessType::Local);
            return answer_district(turn, conn, data, text, vec![], fixing).await;
        }
    }
    match field {
        Field::District => return answer_district(turn, conn, data, text, picks, fixing).await,
        Field::Region => return answer_region(turn, conn, data, text, fixing).await,
        _ => {}
    }
    match form::apply_answer(&mut data, field, text, turn.today()) {
        Ok(()) => Ok(advance(turn, data, fixing)),
        Err(e) => {
            turn.say(turn.t(e.key()));
            Ok(ask(turn, data, field, fixing))
        }
    }
}

async fn on_choice(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    mut data: Draft,
    field: Field,
    picks: Vec<String>,
    fixing: bool,
    id: &ChoiceId,
) -> Result<State, EngineError> {
    let accepted = match (field, id) {
        (Field::AccessType, ChoiceId::AccessType(value)) => match AccessType::parse(value) {
            Some(t) => {
                form::set_access_type(&mut data, t);
                true
            }
            None => false,
        },
        (Field::EntityPublic, ChoiceId::EntityPublic(public)) => {
            form::set_entity_public(&mut data, *public);
            true
        }
        (Field::District, ChoiceId::District(value)) if picks.iter().any(|p| p == value) => {
            match Ubigeo::parse(value)
                .ok()
                .and_then(|u| Catalog::embedded().district(&u).cloned())
            {
                Some(d) => {
                    turn.say(turn.ta("district-set", &[("district", d.label().into())]));
                    data.ubigeo = Some(d.code.clone());
                    return after_jurisdiction(turn, conn, data, fixing).await;
                }
                None => false,
            }
        }
        (Field::Region, ChoiceId::Region(value)) if picks.iter().any(|p| p == value) => {
            data.region_code = Some(value.clone());
            return after_jurisdiction(turn, conn, data, fixing).await;
        }
        (Field::RespPhone, ChoiceId::ShareContact) => {
            // Tapped where the platform has no contact button (or an old keyboard).
            turn.say(turn.t("form-share-contact-help"));
            return Ok(ask(turn, data, field, fixing));
        }
        (Field::RespOffice, ChoiceId::Office(value)) => match FreeText::parse(value) {
            Ok(v) => {
                data.resp_office = Some(v);
                true
            }
            Err(_) => false,
        },
        (Field::RespDesignationDate, ChoiceId::DesignatedToday) => {
            data.resp_designation_date = Some(turn.today());
            true
        }
        (f, ChoiceId::Skip) => form::skip(&mut data, f).is_ok(),
        _ => false,
    };
    if accepted
        && field == Field::AccessType
        && !fixing
        && data.amend.is_none()
        && let Some(t) = data.access_type
    {
        // The whole form in one screen, beside the next question. The jurisdiction
        // is not known yet, so there is no JNE authority to fill in.
        forms::offer(turn, &mut data, form_kind::registration(t), None);
    }
    Ok(if accepted {
        advance(turn, data, fixing)
    } else {
        turn.say(turn.t("stale-choice"));
        ask(turn, data, field, fixing)
    })
}

/// After the district or region is set: when the JNE list names its authority, ask
/// whether it is the request's, so one answer fills names, surnames and DNI.
async fn after_jurisdiction(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    data: Draft,
    fixing: bool,
) -> Result<State, EngineError> {
    let listed = crate::store::jne::prefill(conn, &data).await?;
    Ok(match listed {
        Some(listed) if !is_listed_authority(&data, &listed) => {
            let mut data = data;
            // The form offered before the district was known opened with the
            // authority's fields empty: offered again with the district, the JNE's
            // authority and what was answered, beside the chat's question.
            if !fixing
                && data.amend.is_none()
                && let Some(t) = data.access_type
            {
                forms::offer(turn, &mut data, form_kind::registration(t), Some(&listed));
            }
            confirm_authority(turn, data, listed, fixing)
        }
        _ => advance(turn, data, fixing),
    })
}

fn is_listed_authority(data: &RequestData, listed: &Prefill) -> bool {
    data.authority_dni.as_ref() == Some(&listed.dni)
        && data.authority_names.as_ref() == Some(&listed.names)
        && data.authority_surnames.as_ref() == Some(&listed.surnames)
}

fn confirm_authority(turn: &mut Turn<'_>, data: Draft, listed: Prefill, fixing: bool) -> State {
    let question = turn.ta(
        "jne-confirm",
        &[
            ("authority", authority_arg(turn, &data)),
            ("name", listed.full_name().into()),
            ("dni", listed.dni.masked().into()),
        ],
    );
    let choices = vec![
        turn.choice(ChoiceId::JneAuthority(true), "jne-confirm-yes"),
        turn.choice(ChoiceId::JneAuthority(false), "jne-confirm-no"),
    ];
    turn.ask(question, choices);
    State::ConfirmingAuthority {
        data,
        listed,
        fixing,
    }
}

fn on_authority_confirmed(
    turn: &mut Turn<'_>,
    mut data: Draft,
    listed: Prefill,
    fixing: bool,
    input: Input,
) -> (State, bool) {
    let yes = match &input {
        Input::Choice(ChoiceId::JneAuthority(yes)) => Some(*yes),
        Input::Text(t) => match normalize(t).as_str() {
            "si" | "s" | "yes" | "y" => Some(true),
            "no" | "n" => Some(false),
            _ => None,
        },
        _ => None,
    };
    match yes {
        Some(true) => {
            listed.fill(&mut data);
            turn.say(turn.ta(
                "jne-filled",
                &[
                    ("authority", authority_arg(turn, &data)),
                    ("name", listed.full_name().into()),
                ],
            ));
            (advance(turn, data, fixing), true)
        }
        Some(false) => (advance(turn, data, fixing), true),
        None => {
            turn.say(turn.t("pick-an-option"));
            (confirm_authority(turn, data, listed, fixing), false)
        }
    }
}

async fn answer_district(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    mut data: Draft,
    text: &str,
    picks: Vec<String>,
    fixing: bool,
) -> Result<State, EngineError> {
    // With candidates pending, the text may be the province or region that narrows them.
    let found = form::find_districts(Catalog::embedded(), text, &picks);
    Ok(match found.len() {
        0 => {
            turn.say(turn.ta("district-not-found", &[("query", Turn::echo(text).into())]));
            ask(turn, data, Field::District, fixing)
        }
        1 => {
            let d = found[0];
            turn.say(turn.ta("district-set", &[("district", d.label().into())]));
            data.ubigeo = Some(d.code.clone());
            return after_jurisdiction(turn, conn, data, fixing).await;
        }
        n if n <= MAX_PICKS => {
            let choices = found
                .iter()
                .map(|d| Choice::new(ChoiceId::District(d.code.as_str().to_owned()), d.label()))
                .collect();
            turn.ask(turn.ta("district-pick", &[("count", n.into())]), choices);
            State::Registering {
                data,
                asking: Field::District,
                picks: found.iter().map(|d| d.code.as_str().to_owned()).collect(),
                fixing,
            }
        }
        n => {
            turn.ask(turn.ta("district-narrow", &[("count", n.into())]), vec![]);
            State::Registering {
                data,
                asking: Field::District,
                picks: found.iter().map(|d| d.code.as_str().to_owned()).collect(),
                fixing,
            }
        }
    })
}

async fn answer_region(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    mut data: Draft,
    text: &str,
    fixing: bool,
) -> Result<State, EngineError> {
    let found = form::find_regions(Catalog::embedded(), text);
    Ok(match found.len() {
        0 => {
            turn.say(turn.ta("region-not-found", &[("query", Turn::echo(text).into())]));
            ask(turn, data, Field::Region, fixing)
        }
        1 => {
            turn.say(turn.ta("region-set", &[("region", found[0].1.clone().into())]));
            data.region_code = Some(found[0].0.clone());
            return after_jurisdiction(turn, conn, data, fixing).await;
        }
        _ => {
            let choices = found
                .iter()
                .take(MAX_PICKS)
                .map(|(code, name)| Choice::new(ChoiceId::Region(code.clone()), name.clone()))
                .collect();
            turn.ask(turn.t("region-pick"), choices);
            State::Registering {
                data,
                asking: Field::Region,
                picks: found.into_iter().take(MAX_PICKS).map(|(c, _)| c).collect(),
                fixing,
            }
        }
    })
}

/// The human-readable value of a field, for the summary.
pub(super) fn field_value(turn: &Turn<'_>, data: &RequestData, f: Field) -> String {
    review::field_value(&|key| turn.t(key), data, f)
}

fn field_label(turn: &Turn<'_>, data: &RequestData, f: Field) -> String {
    review::field_label(&|key, args| turn.ta(key, args), data, f)
}

fn summary(turn: &mut Turn<'_>, data: Draft) -> State {
    let lines: Vec<String> = data
        .fields()
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            format!(
                "{}. {}: {}",
                i + 1,
                field_label(turn, &data, f),
                field_value(turn, &data, f)
            )
        })
        .collect();
    let total = stepped_fields(&data).count() + 1;
    let text = format!(
        "{}\n{}\n\n{}",
        turn.ta("step", &[("step", total.into()), ("total", total.into())]),
        turn.ta("summary-title", &[]),
        lines.join("\n")
    );
    turn.say(text);
    // Optional fields are not asked one by one: say where they are added.
    let empty: Vec<String> = data
        .fields()
        .into_iter()
        .filter(|f| f.optional() && !data.is_set(*f))
        .map(|f| format!("«{}»", field_label(turn, &data, f)))
        .collect();
    if !empty.is_empty() {
        turn.say(turn.ta("form-optional-hint", &[("fields", empty.join(", ").into())]));
    }
    let choices = vec![
        turn.choice(ChoiceId::Summary(SummaryAction::Send), "summary-send"),
        turn.choice(ChoiceId::Summary(SummaryAction::Fix), "summary-fix"),
        turn.choice(ChoiceId::Summary(SummaryAction::Cancel), "summary-cancel"),
    ];
    turn.ask(turn.t("summary-prompt"), choices);
    State::Summary { data }
}

fn choose_fix(turn: &mut Turn<'_>, data: Draft) -> State {
    choose_fix_offering(turn, data, &[])
}

/// The fields to correct, one by one; on Telegram with a public address, also a form
/// with just `in_form` (the fields an observation is about) on one screen.
fn choose_fix_offering(turn: &mut Turn<'_>, data: Draft, in_form: &[Field]) -> State {
    let mut choices: Vec<Choice> = data
        .fields()
        .into_iter()
        .map(|f| {
            Choice::new(
                ChoiceId::FixField(f.as_str().to_owned()),
                field_label(turn, &data, f),
            )
        })
        .collect();
    if !in_form.is_empty()
        && turn.chat.channel == Channel::Telegram
        && let Some(base) = turn.engine.settings.http.public_base()
    {
        let names: Vec<&str> = in_form.iter().map(|f| f.as_str()).collect();
        let page = format!(
            "{base}/webapp/form?lang={}&fields={}",
            turn.lang,
            names.join(",")
        );
        choices.insert(0, Choice::web_app(turn.t("form-open-fix"), page));
    }
    turn.ask(turn.t("fix-prompt"), choices);
    State::ChoosingFix { data }
}

fn on_fix_choice(turn: &mut Turn<'_>, data: Draft, input: Input) -> State {
    let field = match &input {
        Input::Choice(ChoiceId::FixField(f)) => Field::parse(f),
        _ => None,
    };
    match field {
        Some(f) if data.fields().contains(&f) => ask(turn, data, f, true),
        _ => {
            turn.say(turn.t("pick-an-option"));
            choose_fix(turn, data)
        }
    }
}

async fn on_summary(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    data: Draft,
    input: Input,
) -> Result<(State, bool), EngineError> {
    let action = match &input {
        Input::Choice(ChoiceId::Summary(a)) => Some(*a),
        Input::Text(t) => match normalize(t).as_str() {
            "enviar" | "si" | "send" | "yes" => Some(SummaryAction::Send),
            "corregir" | "fix" => Some(SummaryAction::Fix),
            _ => None,
        },
        _ => None,
    };
    match action {
        Some(SummaryAction::Send) => submit(turn, conn, data).await.map(|s| (s, true)),
        Some(SummaryAction::Fix) => Ok((choose_fix(turn, data), true)),
        Some(SummaryAction::Cancel) => {
            turn.say(turn.t("cancelled"));
            show_menu(turn);
            Ok((State::Idle, true))
        }
        None => {
            turn.say(turn.t("pick-an-option"));
            Ok((summary(turn, data), false))
        }
    }
}

async fn submit(turn: &mut Turn<'_>, conn: &mut Conn, data: Draft) -> Result<State, EngineError> {
    let (Some(access_type), Some(jurisdiction), Some(authority_dni), None) = (
        data.access_type,
        data.jurisdiction_key(),
        data.authority_dni.clone(),
        data.next_missing(),
    ) else {
        // Cannot happen from the summary; ask what is missing rather than fail.
        let next = data.next_missing().unwrap_or(Field::AccessType);
        return Ok(ask(turn, data, next, false));
    };
    if let Some(Amend::Correction { request_id }) = data.amend {
        return send_correction(
            turn,
            conn,
            request_id,
            data,
            &jurisdiction,
            authority_dni.as_str(),
        )
        .await;
    }
    let now = turn.unix();
    let active = store::active_for(conn, access_type, &jurisdiction).await?;
    // In the renewal window a DDC covers the coming fiscal year; a renewal always
    // covers the year after the access it renews.
    let mut fiscal_year =
        ddc_fiscal_year(turn.today(), turn.engine.settings.bot.renewal_window_from);
    let (kind, previous_id) = match data.amend {
        Some(Amend::Renewal { request_id }) => {
            if let Some(renewed) = store::get(conn, request_id).await? {
                fiscal_year = fiscal_year.max(renewed.fiscal_year + 1);
            }
            (RequestKind::Renewal, Some(request_id))
        }
        Some(Amend::Restart { request_id }) if active.is_none() => {
            (RequestKind::New, Some(request_id))
        }
        Some(Amend::Restart { request_id }) => (RequestKind::Modification, Some(request_id)),
        _ if active.is_some() => (RequestKind::Modification, None),
        _ => (RequestKind::New, None),
    };
    let row = store::insert(
        conn,
        store::NewRequest {
            data: &data,
            access_type,
            jurisdiction: &jurisdiction,
            authority_dni: authority_dni.as_str(),
            stage: Stage::AwaitingDdc,
            fiscal_year,
            kind,
            previous_id,
            channel: turn.chat.channel.as_str(),
            chat_id: &turn.chat.chat_id,
            locale: turn.lang,
        },
        now,
    )
    .await?;
    // The submit itself is the first recorded transition.
    store::record_submission(conn, row.id, now).await?;
    turn.usage(conn, UsageKind::RequestSent, Some(&row.code))
        .await?;
    turn.say(turn.ta("submitted", &[("code", row.code.clone().into())]));
    match kind {
        RequestKind::Renewal => turn.say(turn.ta(
            "submitted-renewal",
            &[("year", i64::from(fiscal_year).into())],
        )),
        RequestKind::Modification => turn.say(turn.t("submitted-modification")),
        RequestKind::New => {}
    }
    let ddc_sha256 = requests::send_ddc(turn, conn, &row).await?;
    turn.notify(
        conn,
        vec![Event::RequestRegistered {
            request: row.clone(),
            ddc_sha256,
        }],
    )
    .await?;
    let choices = vec![
        turn.choice(ChoiceId::Menu(MenuItem::Upload), "menu-upload"),
        turn.choice(ChoiceId::Menu(MenuItem::Status), "menu-status"),
    ];
    turn.ask(
        turn.ta(
            "ddc-next-steps",
            &[("authority", authority_arg(turn, &data))],
        ),
        choices,
    );
    Ok(State::Idle)
}

/// Sends the corrected data of an observed request back to UAC review.
async fn send_correction(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    request_id: i64,
    data: Draft,
    jurisdiction: &str,
    authority_dni: &str,
) -> Result<State, EngineError> {
    let Some(row) = store::get(conn, request_id).await? else {
        show_menu(turn);
        return Ok(State::Idle);
    };
    let now = turn.unix();
    if !matches!(row.stage, Stage::Observed | Stage::AwaitingDdc) {
        turn.say(turn.ta(
            "upload-not-expected",
            &[
                ("code", row.code.clone().into()),
                ("stage", turn.t(row.stage.message_key()).into()),
            ],
        ));
        show_menu(turn);
        return Ok(State::Idle);
    }
    store::update_data(conn, row.id, &data.data, jurisdiction, authority_dni, now).await?;
    let authority_changed = row.data.authority_on_ddc() != data.authority_on_ddc();
    // Not signed yet, or signed by someone the data no longer names: the
    // authority signs the new DDC, and that DDC is what goes back to review.
    let signed_by_other = authority_changed
        && files::latest(conn, row.id, DocumentKind::SignedDdc)
            .await?
            .is_some();
    if row.stage == Stage::AwaitingDdc || signed_by_other {
        let Some(fresh) = store::get(conn, row.id).await? else {
            show_menu(turn);
            return Ok(State::Idle);
        };
        let key = if signed_by_other {
            "correction-new-ddc-authority"
        } else {
            "correction-new-ddc"
        };
        turn.say(turn.ta(
            key,
            &[
                ("code", fresh.code.clone().into()),
                ("authority", authority_arg(turn, &data)),
            ],
        ));
        requests::send_ddc(turn, conn, &fresh).await?;
        turn.ask(
            turn.ta(
                "ddc-next-steps",
                &[("authority", authority_arg(turn, &data))],
            ),
            vec![turn.choice(ChoiceId::Menu(MenuItem::Upload), "menu-upload")],
        );
        return Ok(State::Idle);
    }
    let moved = turn
        .apply(
            conn,
            row.id,
            Stage::Observed,
            &Action::FixObservation,
            &Actor::Applicant,
            "applicant",
            None,
        )
        .await;
    match moved {
        Ok(moved) => {
            turn.say(turn.ta("correction-sent", &[("code", row.code.clone().into())]));
            requests::status(turn, conn, &moved).await?;
        }
        Err(crate::services::requests::WorkflowError::Store(e)) => return Err(e.into()),
        Err(_) => {
            let fresh = store::get(conn, row.id).await?.unwrap_or(row);
            turn.say(turn.ta(
                "upload-not-expected",
                &[
                    ("code", fresh.code.clone().into()),
                    ("stage", turn.t(fresh.stage.message_key()).into()),
                ],
            ));
        }
    }
    show_menu(turn);
    Ok(State::Idle)
}

/// Starts renewing an access (active, or expired without renewal), from its data:
/// the summary, where only what changed is corrected.
pub(super) async fn start_renewal(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
) -> Result<State, EngineError> {
    let mine = store::by_chat(conn, turn.chat.channel.as_str(), &turn.chat.chat_id).await?;
    let Some(row) = mine
        .into_iter()
        .find(|r| matches!(r.stage, Stage::Active | Stage::Expired))
    else {
        turn.say(turn.t("renew-none"));
        show_menu(turn);
        return Ok(State::Idle);
    };
    // Still covering the year a DDC made today would state: nothing to renew yet.
    let window = turn.engine.settings.bot.renewal_window_from;
    let today = turn.today();
    if row.stage == Stage::Active && row.fiscal_year >= ddc_fiscal_year(today, window) {
        let opens = window
            .in_year(row.fiscal_year)
            .map(|d| turn.date(d))
            .unwrap_or_default();
        turn.say(turn.ta(
            "renew-not-yet",
            &[
                ("code", row.code.clone().into()),
                ("year", i64::from(row.fiscal_year).into()),
                ("opens", opens.into()),
            ],
        ));
        show_menu(turn);
        return Ok(State::Idle);
    }
    // Filed already: say where it is instead of filing it twice.
    if let Some(renewal) = store::open_renewal_of(conn, row.id).await? {
        turn.say(turn.ta(
            "renew-already-filed",
            &[("code", renewal.code.clone().into())],
        ));
        requests::status(turn, conn, &renewal).await?;
        show_menu(turn);
        return Ok(State::Idle);
    }
    turn.say(turn.ta("renew-intro", &[("code", row.code.clone().into())]));
    let draft = Draft {
        data: row.data.clone(),
        amend: Some(Amend::Renewal { request_id: row.id }),
        form: None,
    };
    Ok(summary(turn, draft))
}

/// "Corregir datos": the chat's observed request, else the one still waiting for
/// its signed DDC, else its latest request if it lapsed or was rejected (started
/// again from its data). Each reuses the stored data and asks only what changes.
pub(super) async fn start_amend(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
) -> Result<State, EngineError> {
    let mine = store::by_chat(conn, turn.chat.channel.as_str(), &turn.chat.chat_id).await?;
    let pick = |stage: Stage| mine.iter().find(|r| r.stage == stage).cloned();
    let restart = mine
        .first()
        .filter(|r| matches!(r.stage, Stage::Lapsed | Stage::Rejected))
        .cloned();
    if let Some(row) = pick(Stage::Observed) {
        let reason = last_reason(conn, &row).await?;
        turn.say(turn.ta(
            "fix-observation-intro",
            &[
                ("code", row.code.clone().into()),
                ("reason", reason.clone().unwrap_or_default().into()),
            ],
        ));
        let mut draft = Draft {
            data: row.data.clone(),
            amend: Some(Amend::Correction { request_id: row.id }),
            form: None,
        };
        // What the observation is about: in a WhatsApp form and, on Telegram, in the
        // Mini App (all the fields, for a reason typed freely), beside the chat's list.
        let observed = fields_of_reason(turn, reason.as_deref().unwrap_or_default());
        if let Some(fields) = &observed {
            forms::offer_correction(turn, conn, &mut draft, fields).await?;
        }
        let in_form: Vec<Field> = match observed {
            Some(fields) => fields
                .into_iter()
                .filter(|f| draft.fields().contains(f))
                .collect(),
            None => draft.fields(),
        };
        return Ok(choose_fix_offering(turn, draft, &in_form));
    }
    if let Some(row) = pick(Stage::AwaitingDdc) {
        turn.say(turn.ta("fix-unsigned-intro", &[("code", row.code.clone().into())]));
        let draft = Draft {
            data: row.data.clone(),
            amend: Some(Amend::Correction { request_id: row.id }),
            form: None,
        };
        return Ok(choose_fix(turn, draft));
    }
    if let Some(row) = restart {
        return start_again(turn, conn, row).await;
    }
    turn.say(turn.t("fix-observation-none"));
    show_menu(turn);
    Ok(State::Idle)
}

/// The reason given when the request was last observed or rejected.
async fn last_reason(
    conn: &mut Conn,
    row: &store::RequestRow,
) -> Result<Option<String>, EngineError> {
    let history = store::transitions(conn, row.id).await?;
    Ok(history.iter().rev().find_map(|t| {
        (t.to == "observed" || t.to == "rejected")
            .then(|| t.note.clone())
            .flatten()
    }))
}

/// The fields an observation reason is about, for the prepared reasons (stored in
/// Spanish, as UAC picked them); `None` for a reason typed freely.
fn fields_of_reason(turn: &Turn<'_>, reason: &str) -> Option<Vec<Field>> {
    use Field::*;
    let is = |key: &str| turn.engine.locales.t("es", key) == reason.trim();
    if is("obs-reason-jne") {
        Some(form_kind::AUTHORITY_FIELDS.to_vec())
    } else if is("obs-reason-responsible") {
        Some(form_kind::RESPONSIBLE_FIELDS.to_vec())
    } else if is("obs-reason-designation") {
        Some(vec![HeadDesignationDoc])
    } else if is("obs-reason-unsigned") || is("obs-reason-illegible") {
        // The data was right; the paper was not: a new DDC to sign is enough.
        Some(vec![])
    } else {
        None
    }
}

/// A lapsed or rejected request started again: its data is kept, the fields its
/// observation was about are asked afresh; for a reason typed freely the summary
/// lets the applicant correct whatever it says.
async fn start_again(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: store::RequestRow,
) -> Result<State, EngineError> {
    let reason = last_reason(conn, &row).await?.unwrap_or_default();
    let mut draft = Draft {
        data: row.data.clone(),
        amend: Some(Amend::Restart { request_id: row.id }),
        form: None,
    };
    let fields: Option<Vec<Field>> = fields_of_reason(turn, &reason).map(|fields| {
        fields
            .into_iter()
            .filter(|f| draft.fields().contains(f))
            .collect()
    });
    let asked = fields.as_ref().map_or(String::new(), |fields| {
        fields
            .iter()
            .map(|f| field_label(turn, &draft, *f))
            .collect::<Vec<_>>()
            .join(", ")
    });
    let key = match &fields {
        Some(f) if !f.is_empty() => "restart-intro-fields",
        _ => "restart-intro",
    };
    turn.say(turn.ta(
        key,
        &[
            ("code", row.code.clone().into()),
            ("stage", turn.t(row.stage.message_key()).into()),
            ("reason", reason.into()),
            ("fields", asked.into()),
        ],
    ));
    let fields = fields.unwrap_or_default();
    for f in &fields {
        form::clear(&mut draft, *f);
    }
    forms::offer_correction(turn, conn, &mut draft, &fields).await?;
    Ok(advance(turn, draft, false))
}

/// The answer that says "the JNE list's authority is ours" in a submitted form: the
/// page shows the listed authority (DNI masked) and sends this instead of the names.
pub const JNE_AUTHORITY: &str = "jne_authority";

/// A whole submitted form applied over `data` with the chat's parsers
/// ([`form::apply_all`]); with [`JNE_AUTHORITY`] = `yes`, the authority the JNE list
/// names for the chosen district or region fills names, surnames and DNI. The Mini
/// App's page checks with it before sending, and the chat applies it again.
pub async fn apply_form(
    conn: &mut Conn,
    data: RequestData,
    answers: &std::collections::BTreeMap<String, String>,
    today: chrono::NaiveDate,
) -> Result<(RequestData, Vec<form::FieldError>), EngineError> {
    let mut answers = answers.clone();
    let jne = answers
        .remove(JNE_AUTHORITY)
        .is_some_and(|v| v.trim() == "yes");
    let (mut data, mut errors) = form::apply_all(data, &answers, today);
    if jne {
        match crate::store::jne::prefill(conn, &data).await? {
            Some(listed) => {
                listed.fill(&mut data);
                let filled = [
                    Field::AuthorityNames,
                    Field::AuthoritySurnames,
                    Field::AuthorityDni,
                ];
                errors.retain(|e| !filled.contains(&e.field));
            }
            // The district changed to one with no listed authority: ask the names.
            None if !data.is_set(Field::AuthorityNames) => errors.push(form::FieldError {
                field: Field::AuthorityNames,
                error: form::FormError::Required,
            }),
            None => {}
        }
    }
    Ok((data, errors))
}

/// A whole form submitted at once: applied with the chat's parsers; each field that
/// fails is said and asked again in the chat, one at a time, then the review step.
async fn on_form(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    draft: Draft,
    answers: &std::collections::BTreeMap<String, String>,
) -> Result<State, EngineError> {
    let (data, errors) = apply_form(conn, draft.data, answers, turn.today()).await?;
    let mut data = Draft {
        data,
        amend: draft.amend,
        form: draft.form,
    };
    turn.say(turn.t("form-received"));
    for e in &errors {
        let line = format!(
            "• {}: {}",
            field_label(turn, &data, e.field),
            e.error.message(&|k, a| turn.ta(k, a))
        );
        turn.say(line);
        // A failed field keeps no old value, so the chat asks it again.
        form::clear(&mut data, e.field);
    }
    Ok(advance(turn, data, false))
}
