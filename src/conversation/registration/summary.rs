//! The registration's summary: the fields shown, a correction chosen, the request submitted or corrected.

use super::*;

/// The human-readable value of a field, for the summary.
pub(in crate::conversation) fn field_value(
    turn: &Turn<'_>,
    data: &RequestData,
    f: Field,
) -> String {
    review::field_value(&|key| turn.t(key), data, f)
}

pub(super) fn field_label(turn: &Turn<'_>, data: &RequestData, f: Field) -> String {
    review::field_label(&|key, args| turn.ta(key, args), data, f)
}

/// A field's value in the summary: the JNE authority's DNI masked until filing
/// (the list's data, not what the applicant typed).
pub(super) fn summary_value(turn: &Turn<'_>, data: &RequestData, f: Field) -> String {
    match (&data.authority_dni, f) {
        (Some(dni), Field::AuthorityDni) if data.authority_from_jne => dni.masked(),
        _ => field_value(turn, data, f),
    }
}

pub(super) fn summary(turn: &mut Turn<'_>, data: Draft) -> State {
    // Bullets, not numbers: a typed number picks one of the choices below, so a
    // numbered answer list would have "3" (the third answer) mean «Cancelar».
    let lines: Vec<String> = data
        .fields()
        .into_iter()
        .map(|f| {
            format!(
                "• {}: {}",
                field_label(turn, &data, f),
                summary_value(turn, &data, f)
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
        // Said to have none ("no tiene"): not offered again.
        .filter(|f| f.optional() && !data.is_set(*f) && !data.skipped.contains(f))
        .map(|f| {
            turn.ta(
                "form-optional-field",
                &[("field", field_label(turn, &data, f).into())],
            )
        })
        .collect();
    if let Some((last, rest)) = empty.split_last() {
        // «A», «B» o «C»: the last joined by the language's "or".
        let fields = if rest.is_empty() {
            last.clone()
        } else {
            turn.ta(
                "list-or",
                &[
                    ("rest", rest.join(", ").into()),
                    ("last", last.clone().into()),
                ],
            )
        };
        turn.say(turn.ta("form-optional-hint", &[("fields", fields.into())]));
    }
    summary_choices(turn, data)
}

/// The summary's question and its choices (send, correct, cancel).
fn summary_choices(turn: &mut Turn<'_>, data: Draft) -> State {
    let choices = vec![
        turn.choice(ChoiceId::Summary(SummaryAction::Send), "summary-send"),
        turn.choice(ChoiceId::Summary(SummaryAction::Fix), "summary-fix"),
        turn.choice(ChoiceId::Summary(SummaryAction::Cancel), "summary-cancel"),
    ];
    turn.ask(turn.t("summary-prompt"), choices);
    State::Registration(RegistrationStep::Summary { data })
}

pub(super) fn choose_fix(turn: &mut Turn<'_>, data: Draft) -> State {
    choose_fix_offering(turn, data, &[])
}

/// The fields to correct, one by one; on Telegram with a public address, also a form
/// with just `in_form` (the fields an observation is about) on one screen.
pub(super) fn choose_fix_offering(turn: &mut Turn<'_>, data: Draft, in_form: &[Field]) -> State {
    choose_fix_observed(turn, data, in_form, &[], false)
}

/// [`choose_fix_offering`], with what an observation names first: its fields (and
/// «Enviar DDC firmada» when the signed DDC is what is missing), then «Todos los
/// datos» for the whole list; «Volver» always leaves, nothing changed.
pub(super) fn choose_fix_observed(
    turn: &mut Turn<'_>,
    data: Draft,
    in_form: &[Field],
    observed: &[Field],
    wants_ddc: bool,
) -> State {
    let fields: Vec<Field> = data.fields();
    let first: Vec<Field> = observed
        .iter()
        .copied()
        .filter(|f| fields.contains(f))
        .collect();
    let narrowed = !first.is_empty() || wants_ddc;
    let listed = if narrowed { first } else { fields };
    let mut choices: Vec<Choice> = listed
        .into_iter()
        .map(|f| {
            Choice::new(
                ChoiceId::FixField(f.as_str().to_owned()),
                field_label(turn, &data, f),
            )
        })
        .collect();
    if !in_form.is_empty()
        && turn.chat.channel.opens_web_app()
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
    if wants_ddc {
        choices.push(turn.choice(ChoiceId::Menu(MenuItem::Upload), "fix-send-ddc"));
    }
    if narrowed {
        choices.push(turn.choice(ChoiceId::Summary(SummaryAction::Fix), "fix-all-fields"));
    }
    choices.push(turn.choice(ChoiceId::Summary(SummaryAction::Back), "fix-back"));
    let prompt = if narrowed {
        "fix-observed-prompt"
    } else {
        "fix-prompt"
    };
    turn.ask(turn.t(prompt), choices);
    State::Registration(RegistrationStep::ChoosingFix { data })
}

pub(super) fn on_fix_choice(turn: &mut Turn<'_>, data: Draft, input: Input) -> State {
    let field = match &input {
        Input::Choice(ChoiceId::Summary(SummaryAction::Fix)) => return choose_fix(turn, data),
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

pub(super) async fn on_summary(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    data: Draft,
    input: Input,
) -> Result<Step, EngineError> {
    let action = match &input {
        Input::Choice(ChoiceId::Summary(a)) => Some(*a),
        // The answer to «¿Están correctos?».
        Input::Text(t) => match normalize(t).as_str() {
            "enviar" | "si" | "send" | "yes" | "ok" | "correcto" | "todo correcto"
            | "todo bien" | "esta bien" | "si estan correctos" | "si enviar" => {
                Some(SummaryAction::Send)
            }
            "corregir" | "fix" => Some(SummaryAction::Fix),
            _ => None,
        },
        _ => None,
    };
    match action {
        Some(SummaryAction::Send) => submit(turn, conn, data).await.map(Step::to),
        Some(SummaryAction::Fix) => Ok(Step::to(choose_fix(turn, data))),
        Some(SummaryAction::Cancel | SummaryAction::Back) => {
            Ok(Step::to(confirm_cancel(turn, data)))
        }
        // «Atrás»: the last question again.
        None if matches!(&input, Input::Text(t) if crate::domain::reading::goes_back(t)) => {
            Ok(Step::to(back(turn, data, None)))
        }
        // The choices again, not the whole summary just shown above them.
        None => {
            turn.say(turn.t("pick-an-option"));
            Ok(Step::unclear(summary_choices(turn, data)))
        }
    }
}

/// «Cancelar» drops every answer: asked once more, with the way back to the summary
/// first (a tap meant for another button must not cost the whole form).
pub(super) fn confirm_cancel(turn: &mut Turn<'_>, data: Draft) -> State {
    let answered = data
        .fields()
        .into_iter()
        .filter(|f| data.is_set(*f))
        .count();
    let choices = vec![
        turn.choice(ChoiceId::Summary(SummaryAction::Back), "summary-cancel-no"),
        turn.choice(
            ChoiceId::Summary(SummaryAction::Cancel),
            "summary-cancel-yes",
        ),
    ];
    let asked = turn.ta("summary-cancel-confirm", &[("count", answered.into())]);
    turn.ask(asked, choices);
    State::Registration(RegistrationStep::ConfirmingCancel { data })
}

/// The answer to [`confirm_cancel`]: «Sí, cancelar» drops the draft; «Volver al
/// resumen» (or «no») shows the summary again, every answer kept.
pub(super) fn on_cancel_confirmed(turn: &mut Turn<'_>, data: Draft, input: Input) -> Step {
    let action = match &input {
        Input::Choice(ChoiceId::Summary(a)) => Some(*a),
        Input::Text(t) => match normalize(t).as_str() {
            "si" | "yes" | "cancelar" | "cancel" => Some(SummaryAction::Cancel),
            "no" | "volver" | "back" => Some(SummaryAction::Back),
            _ => None,
        },
        _ => None,
    };
    match action {
        Some(SummaryAction::Cancel) => {
            turn.say(turn.t("cancelled"));
            show_menu(turn);
            Step::to(State::Idle)
        }
        Some(_) => Step::to(summary(turn, data)),
        None => {
            turn.say(turn.t("pick-an-option"));
            Step::unclear(confirm_cancel(turn, data))
        }
    }
}

pub(super) async fn submit(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    data: Draft,
) -> Result<State, EngineError> {
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
            chat: turn.chat.key(),
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
pub(super) async fn send_correction(
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
    // Kept field by field in the history; a change to what the DDC prints gives it a
    // new verification code: the paper signed before no longer counts.
    let corrected = corrections::correct(
        conn,
        &row,
        &data.data,
        jurisdiction,
        authority_dni,
        "applicant",
        now,
    )
    .await?;
    if let Some(why) = corrected.new_ddc {
        let fresh = corrected.row;
        let key = match why {
            NewDdc::Authority => "correction-new-ddc-authority",
            NewDdc::Printed => "correction-new-ddc-printed",
            NewDdc::NotSigned => "correction-new-ddc",
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
        .return_to_review(conn, &corrected.row, corrections::Sent::Data, "applicant")
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
