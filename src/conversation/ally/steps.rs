//! An ally's steps inside the flow: what each `AllyStep` does with the user's input, and its question asked again.

use super::*;

/// Asks again what the current step needs.
pub(in crate::conversation) fn reprompt(turn: &mut Turn<'_>, step: AllyStep) -> State {
    match &step {
        AllyStep::Lesson { lesson } => return lessons::reprompt(turn, lesson.clone()),
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

pub(super) fn back(turn: &Turn<'_>) -> Choice {
    turn.choice(ChoiceId::Ally(AllyItem::Menu), "ally-back")
}

/// A step of this flow.
pub(in crate::conversation) async fn step(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    step: AllyStep,
    input: Input,
) -> Result<Step, EngineError> {
    // A WhatsApp form's answer is taken only with the token of the form offered at
    // this step; a replayed, superseded or foreign one changes nothing.
    if let Input::FormReply { token, .. } = &input
        && step.form().and_then(|(_, _, f)| f.token.as_deref()) != Some(token.as_str())
    {
        turn.say(turn.t("form-reply-stale"));
        return Ok(Step::unclear(reprompt(turn, step)));
    }
    match step {
        AllyStep::Lesson { lesson } => return Ok(lessons::step(turn, lesson, input)),
        AllyStep::AwaitingContact => return contact_step(turn, conn, input).await,
        AllyStep::PickingAccess { ids } => {
            let picked = match &input {
                Input::Choice(ChoiceId::Bind(n)) => Some(*n).filter(|n| ids.contains(n)),
                _ => None,
            };
            return match picked {
                Some(id) => bind(turn, conn, id).await.map(Step::to),
                None => Ok(Step::unclear(reprompt(
                    turn,
                    AllyStep::PickingAccess { ids },
                ))),
            };
        }
        _ => {}
    }
    let Some(ally) = turn.ally.clone() else {
        // The binding ended (and the ally was told why): nothing here applies now.
        if !replayed(turn, conn, &input).await? {
            show_menu(turn);
        }
        return Ok(Step::to(State::Idle));
    };
    if let (AllyStep::AlertKind { dni, form }, Input::Choice(ChoiceId::AlertKind(kind))) =
        (&step, &input)
        && let Some(kind) = AlertKind::parse(kind)
    {
        let description = form.later.get(ALERT.description.id).cloned();
        let (dni, token) = (dni.clone(), form.token.clone());
        return alert_next(turn, conn, &ally, dni, Some(kind), description, token).await;
    }
    // A tap on an earlier menu leaves the question unanswered and does what it says.
    if let Input::Choice(id) = &input
        && is_ally_choice(id)
    {
        return match tap(turn, conn, &ally, id).await? {
            Some(s) => Ok(Step::to(s)),
            None => Ok(Step::unclear(reprompt(turn, step))),
        };
    }
    // The FAD's or the alert's answers all at once, from the Mini App or a WhatsApp
    // form (its token checked above, spent here): what passes the chat's parsers is
    // kept, only what fails is asked again here, and once all is there it is filed.
    if let Input::Form(answers) | Input::FormReply { answers, .. } = &input
        && let Some((kind, dni, _)) = step.form()
    {
        return form_answers(turn, conn, &ally, kind, dni.to_owned(), answers).await;
    }
    let Input::Text(text) = input else {
        unsupported(turn);
        return Ok(Step::unclear(reprompt(turn, step)));
    };
    let text = text.trim().to_owned();
    // A request code where a DNI is asked: the user means that request (as at the
    // registration's DNI steps). Nothing is looked up in the padrón, nor counted.
    if matches!(
        step,
        AllyStep::AskingDni | AllyStep::AlertDni | AllyStep::FadDni
    ) && requests::is_request_code(&text)
    {
        return code_for_a_dni(turn, conn, &ally, text).await;
    }
    typed(turn, conn, &ally, step, text).await
}

/// The FAD's or the alert's answers all at once, from the Mini App or a WhatsApp
/// form: what passes the chat's parsers is kept, only what fails is asked again here,
/// and once all is there it is filed.
async fn form_answers(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ally: &Ally,
    kind: FormKind,
    dni: String,
    answers: &BTreeMap<String, String>,
) -> Result<Step, EngineError> {
    match kind {
        FormKind::AllyFad => {
            let (good, errors) = check_fad_form(answers);
            for (name, e) in errors {
                let label = AllyField::by_id(name)
                    .map_or_else(|| name.to_owned(), |f| turn.t(f.short_label));
                turn.say(format!("• {label}: {}", turn.t(e.key())));
            }
            fad_next(turn, conn, ally, dni, good, None).await
        }
        _ => {
            let (kind, description) = check_alert_form(answers);
            let errors = [
                (ALERT.kind.id, kind.as_ref().err()),
                (ALERT.description.id, description.as_ref().err()),
            ];
            for (name, e) in errors {
                if let Some(key) = e.copied() {
                    let label = AllyField::by_id(name)
                        .map_or_else(|| name.to_owned(), |f| turn.t(f.short_label));
                    let error = turn.ta(key, &[("max", MAX_DESCRIPTION.into())]);
                    turn.say(format!("• {label}: {error}"));
                }
            }
            alert_next(turn, conn, ally, dni, kind.ok(), description.ok(), None).await
        }
    }
}

/// A request code where a DNI is asked: the user means that request (as at the
/// registration's DNI steps). Nothing is looked up in the padrón, nor counted.
async fn code_for_a_dni(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ally: &Ally,
    text: String,
) -> Result<Step, EngineError> {
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
        return Ok(Step::to(State::Idle));
    }
    requests::look_up_code(turn, conn, text).await
}

/// A typed answer to the step's question.
async fn typed(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ally: &Ally,
    step: AllyStep,
    text: String,
) -> Result<Step, EngineError> {
    match step {
        AllyStep::AskingDni => lookup(turn, conn, ally, &text, Purpose::Lookup).await,
        AllyStep::AlertDni => lookup(turn, conn, ally, &text, Purpose::Alert).await,
        AllyStep::FadDni => lookup(turn, conn, ally, &text, Purpose::Fad).await,
        AllyStep::AlertKind { dni, form } => {
            turn.say(turn.t("pick-an-option"));
            Ok(Step::unclear(reprompt(
                turn,
                AllyStep::AlertKind { dni, form },
            )))
        }
        AllyStep::AlertDescription { dni, kind, form } => {
            if !is_description(&text) {
                turn.say(turn.ta(
                    "ally-description-length",
                    &[("max", MAX_DESCRIPTION.into())],
                ));
                return Ok(Step::to(reprompt(
                    turn,
                    AllyStep::AlertDescription { dni, kind, form },
                )));
            }
            let body = ReportBody::Alert {
                kind,
                description: text,
            };
            save_report(turn, conn, ally, &dni, body).await
        }
        AllyStep::FadAddress { dni, form } => match FreeText::parse(&text) {
            Ok(address) => {
                let mut known = form.later;
                known.insert(FAD.address.id.to_owned(), address.to_string());
                fad_next(turn, conn, ally, dni, known, form.token).await
            }
            Err(e) => {
                turn.say(turn.t(e.key()));
                Ok(Step::to(reprompt(turn, AllyStep::FadAddress { dni, form })))
            }
        },
        AllyStep::FadReference { dni, address, form } => match FreeText::parse(&text) {
            Ok(reference) => {
                let mut known = form.later;
                known.insert(FAD.address.id.to_owned(), address);
                known.insert(FAD.reference.id.to_owned(), reference.to_string());
                fad_next(turn, conn, ally, dni, known, form.token).await
            }
            Err(e) => {
                turn.say(turn.t(e.key()));
                let again = AllyStep::FadReference { dni, address, form };
                Ok(Step::to(reprompt(turn, again)))
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
                save_report(turn, conn, ally, &dni, body).await
            }
            Err(e) => {
                turn.say(turn.t(e.key()));
                let again = AllyStep::FadPhone {
                    dni,
                    address,
                    reference,
                    form,
                };
                Ok(Step::to(reprompt(turn, again)))
            }
        },
        AllyStep::AwaitingContact | AllyStep::PickingAccess { .. } | AllyStep::Lesson { .. } => {
            Ok(Step::to(State::Idle))
        }
    }
}
