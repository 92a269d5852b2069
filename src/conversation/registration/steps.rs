//! The registration's answers: a typed or tapped answer to the field asked, districts and regions picked.

use super::*;
use crate::domain::values::says_none;

pub(super) async fn answer(
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
    if !fixing && crate::domain::reading::goes_back(text) {
        return Ok(back(turn, data, Some(field)));
    }
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
    // "Municipalidad de Acoria": Gobierno Local, and the district it names (when the
    // name is a district's exactly) taken as the next answer.
    if field == Field::AccessType
        && !fixing
        && form::parse_access_type(text) == Some(AccessType::Local)
        && let Some(place) = form::municipality_place(text)
        && form::find_districts(Catalog::embedded(), &place, &[])
            .iter()
            .any(|d| normalize(&d.name) == place)
    {
        form::set_access_type(&mut data, AccessType::Local);
        return answer_district(turn, conn, data, &place, vec![], fixing).await;
    }
    // "No sé", "ninguno" is no district's name: said what to do, below.
    match field {
        Field::District if !says_none(text) => {
            return answer_district(turn, conn, data, text, picks, fixing).await;
        }
        Field::Region if !says_none(text) => {
            return answer_region(turn, conn, data, text, fixing).await;
        }
        _ => {}
    }
    match form::apply_answer(&mut data, field, text, turn.today()) {
        Ok(()) => Ok(advance(turn, data, fixing)),
        Err(e) => {
            turn.say(e.message(&|k, a| turn.ta(k, a)));
            // Without the value at hand: what was answered is kept for later.
            if e.value_not_at_hand() {
                turn.say(turn.t("none-later"));
            }
            Ok(ask(turn, data, field, fixing))
        }
    }
}

/// «Atrás»: the question before `from` (the last one, from the review) asked again,
/// with the answer it has; once answered, the registration goes on from the first
/// question still unanswered (or the review).
pub(super) fn back(turn: &mut Turn<'_>, data: Draft, from: Option<Field>) -> State {
    let previous = stepped_fields(&data)
        .take_while(|f| Some(*f) != from)
        .last();
    match previous {
        Some(previous) => {
            turn.say(turn.ta(
                "back-previous",
                &[("value", summary_value(turn, &data, previous).into())],
            ));
            ask(turn, data, previous, false)
        }
        None => {
            turn.say(turn.t("back-first"));
            ask(turn, data, from.unwrap_or(Field::AccessType), false)
        }
    }
}

pub(super) async fn on_choice(
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
pub(super) async fn after_jurisdiction(
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

pub(super) async fn answer_district(
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
            State::Registration(RegistrationStep::Registering {
                data,
                asking: Field::District,
                picks: found.iter().map(|d| d.code.as_str().to_owned()).collect(),
                fixing,
            })
        }
        n => {
            turn.ask(turn.ta("district-narrow", &[("count", n.into())]), vec![]);
            State::Registration(RegistrationStep::Registering {
                data,
                asking: Field::District,
                picks: found.iter().map(|d| d.code.as_str().to_owned()).collect(),
                fixing,
            })
        }
    })
}

pub(super) async fn answer_region(
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
            State::Registration(RegistrationStep::Registering {
                data,
                asking: Field::Region,
                picks: found.into_iter().take(MAX_PICKS).map(|(c, _)| c).collect(),
                fixing,
            })
        }
    })
}
