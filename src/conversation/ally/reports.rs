//! An ally's reports about a beneficiary, an alert or a FAD: the steps after the DNI, their WhatsApp forms and the saved report.

use super::*;

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
pub(super) fn mini_app_token(turn: &Turn<'_>) -> Option<String> {
    turn.engine.settings.http.public_base()?;
    if !turn.chat.channel.opens_web_app() {
        return None;
    }
    crate::store::console::new_secret()
        .inspect_err(|e| tracing::warn!(error = %e, "no random token for a form: not offered"))
        .ok()
}

/// A button opening an ally's form (`kind`) as a Mini App, where Telegram can, for
/// the step whose form holds `token`.
pub(super) fn form_button(turn: &Turn<'_>, kind: &str, token: Option<&str>) -> Option<Choice> {
    let base = turn.engine.settings.http.public_base()?;
    let token = token?;
    turn.chat.channel.opens_web_app().then(|| {
        let page = format!(
            "{base}/webapp/form?lang={}&kind={kind}&for={token}",
            turn.lang
        );
        Choice::web_app(turn.t("form-open"), page)
    })
}

/// The FAD's next question from the answers `known` (by field name, checked), or
/// the FAD filed once all three are there. `token`: the form offered for it, still
/// open while the chat asks the rest.
pub(super) async fn fad_next(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ally: &Ally,
    dni: String,
    mut known: BTreeMap<String, String>,
    token: Option<String>,
) -> Result<Step, EngineError> {
    let address = known.remove(FAD.address.id);
    let reference = known.remove(FAD.reference.id);
    let phone = known.remove(FAD.phone.id);
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
            form: later(vec![(FAD.reference.id, reference), (FAD.phone.id, phone)]),
        },
        (Some(address), None, phone) => AllyStep::FadReference {
            dni,
            address,
            form: later(vec![(FAD.phone.id, phone)]),
        },
        (Some(address), Some(reference), None) => AllyStep::FadPhone {
            dni,
            address,
            reference,
            form: later(vec![]),
        },
    };
    Ok(Step::to(reprompt(turn, next)))
}

/// The alert's next question from what is known, or the alert filed once its kind
/// and description are there.
#[allow(clippy::too_many_arguments)]
pub(super) async fn alert_next(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ally: &Ally,
    dni: String,
    kind: Option<AlertKind>,
    description: Option<String>,
    token: Option<String>,
) -> Result<Step, EngineError> {
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
                    .map(|d| (ALERT.description.id.to_owned(), d))
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
    Ok(Step::to(reprompt(turn, next)))
}

pub(super) fn ask_alert_kind(turn: &mut Turn<'_>, token: Option<&str>) {
    let choices = AlertKind::ALL
        .iter()
        .map(|k| turn.choice(ChoiceId::AlertKind(k.as_str().to_owned()), &k.message_key()))
        .chain(form_button(turn, "alert", token))
        .chain([back(turn)])
        .collect();
    turn.ask(turn.t("ally-ask-alert-kind"), choices);
}

pub(super) async fn save_report(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ally: &Ally,
    dni: &str,
    body: ReportBody,
) -> Result<Step, EngineError> {
    if !may(turn, conn, ally.access.id, Act::Act).await? {
        return Ok(Step::to(State::Idle));
    }
    let days = match body {
        ReportBody::Alert { .. } => turn.engine.settings.tickets.resolution_days.alerta,
        ReportBody::DataUpdate { .. } => turn.engine.settings.tickets.resolution_days.fad,
    };
    let due = crate::services::escalation::resolution_due(&turn.engine.calendar, turn.now, days);
    let report = ally_reports::insert(
        conn,
        NewReport {
            request_id: ally.access.id,
            chat: turn.chat.key(),
            subject_dni: dni,
            body: &body,
            due_at: due.timestamp(),
        },
        turn.unix(),
    )
    .await?;
    let key = match body {
        ReportBody::Alert { .. } => "ally-alert-done",
        ReportBody::DataUpdate { .. } => "ally-fad-done",
    };
    turn.notify(
        conn,
        vec![crate::events::Event::AllyCaseFiled {
            report: report.clone(),
        }],
    )
    .await?;
    turn.usage(conn, UsageKind::RequestSent, Some(key)).await?;
    turn.say(turn.ta(key, &[("number", report.number().into())]));
    let see = crate::notify::tickets::see_case(&turn.engine.locales, turn.lang, &report.number());
    turn.ask(
        turn.ta(
            "case-ally-expected",
            &[
                (
                    "unit",
                    turn.t(crate::domain::stage::Role::Uot.message_key()).into(),
                ),
                (
                    "due",
                    crate::notify::tickets::when(&turn.engine.locales, turn.lang, due.timestamp())
                        .into(),
                ),
                ("number", report.number().into()),
            ],
        ),
        vec![see],
    );
    ally_menu(turn);
    Ok(Step::to(State::Idle))
}
