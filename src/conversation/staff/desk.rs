//! A reviewer's desk in the chat: the queue, a request's view and its documents,
//! taken from it (with their note or reason).

use super::*;

pub(super) fn due_text(turn: &Turn<'_>, row: &RequestRow) -> String {
    match row.stage_due_on {
        Some(due) if due < turn.today() => {
            turn.ta("staff-overdue", &[("date", turn.date(due).into())])
        }
        Some(due) => turn.ta("staff-due", &[("date", turn.date(due).into())]),
        None => String::new(),
    }
}

pub(super) async fn queue(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
) -> Result<State, EngineError> {
    let stages = queue_stages(member);
    let mut rows = requests::queue(conn, &stages, 10).await?;
    // UAC also accepts the new signed DDCs that arrived for approved accesses.
    if member.has(Role::Uac) {
        rows.extend(crate::services::new_ddc::awaiting_acceptance(conn).await?);
    }
    if rows.is_empty() {
        turn.say(turn.t("staff-queue-empty"));
        return Ok(home(turn, member));
    }
    let lines: Vec<String> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            format!(
                "{}. {} · {} · {} · {}",
                i + 1,
                r.code,
                r.jurisdiction_label(),
                turn.t(r.stage.message_key()),
                due_text(turn, r)
            )
        })
        .collect();
    let choices = rows
        .iter()
        .map(|r| Choice::new(ChoiceId::OpenRequest(r.id), r.code.clone()))
        .collect();
    turn.say(format!(
        "{}\n{}",
        turn.ta("staff-queue-title", &[("count", rows.len().into())]),
        lines.join("\n")
    ));
    turn.ask(turn.t("staff-queue-prompt"), choices);
    Ok(State::Staff(StaffStep::Home))
}

pub(super) fn actions_for(turn: &Turn<'_>, may_act: bool, acts: &[ReviewAct]) -> Vec<Choice> {
    let mut choices: Vec<Choice> = if may_act {
        acts.iter()
            .map(|a| turn.choice(ChoiceId::Act(*a), action_key(*a)))
            .collect()
    } else {
        vec![]
    };
    choices.push(turn.choice(ChoiceId::Staff(StaffItem::Queue), "staff-back-to-queue"));
    choices
}

pub(super) async fn open(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    request_id: i64,
) -> Result<State, EngineError> {
    let Some(row) = requests::get(conn, request_id).await? else {
        turn.say(turn.t("staff-not-found"));
        return Ok(home(turn, member));
    };
    // Personal data only for a role that works the current stage, one's own past
    // action, or a supervisor: an "open" button replayed later shows nothing more.
    let view = crate::services::requests::staff_view(conn, member, &row).await?;
    if !view.data {
        turn.say(turn.t("staff-access-refused"));
        return Ok(home(turn, member));
    }
    record_read(turn, conn, member, row.id, AccessAction::Review, "request").await?;
    let lines = request_lines(turn, conn, &row).await?;
    turn.say(lines.join("\n"));
    show_documents(turn, conn, member, &row, view.documents).await?;
    let acts = review::actions_on(conn, &row).await?;
    let choices = actions_for(turn, view.act, &acts);
    let prompt = if choices.len() > 1 {
        "staff-action-prompt"
    } else {
        "staff-view-only"
    };
    turn.ask(turn.t(prompt), choices);
    Ok(State::Staff(StaffStep::Reviewing {
        request_id: row.id,
        stage: row.stage,
    }))
}

/// What a reviewer reads of a request: its code, stage and term, every field, the
/// JNE check, the DDC's notes, what was corrected since an observation and the last
/// note.
pub(super) async fn request_lines(
    turn: &Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
) -> Result<Vec<String>, EngineError> {
    let mut lines = vec![
        format!(
            "{} · {} · {}",
            row.code,
            turn.t(row.access_type.message_key()),
            row.jurisdiction_label()
        ),
        turn.ta(
            "staff-stage-line",
            &[
                ("stage", turn.t(row.stage.message_key()).into()),
                ("due", due_text(turn, row).into()),
            ],
        ),
    ];
    if let Some(line) = super::super::requests::kind_line(turn, conn, row).await? {
        lines.push(line);
    }
    lines.push(String::new());
    // Bullets, not numbers: the actions below are numbered, and a typed "3" meant
    // for the third field must not pick the third action.
    for f in row.data.fields() {
        if f == Field::AccessType {
            continue;
        }
        let label =
            crate::services::review::field_label(&|key, args| turn.ta(key, args), &row.data, f);
        lines.push(format!("• {}: {}", label, field_value(turn, &row.data, f)));
    }
    let check = crate::services::requests::jne_check(conn, row).await?;
    let names = match &check {
        JneCheck::Matches { names } | JneCheck::DniMismatch { names } => names.clone(),
        _ => String::new(),
    };
    lines.push(String::new());
    lines.push(turn.ta(check.key(), &[("names", names.into())]));
    // The signed DDC must be the latest one generated: whom it names and the code
    // printed on it, for the reviewer to compare with the paper.
    let other = crate::services::requests::other_authority_on_file(conn, row).await?;
    let since = crate::services::corrections::since_observation(conn, row).await?;
    let new_ddc = crate::services::new_ddc::awaited(conn, row).await?;
    let ta = |key: &str, args: &[(&str, Arg)]| turn.ta(key, args);
    lines.extend(crate::services::review::ddc_notes(&ta, row, other));
    // What the applicant corrected since UAC's observation, old and new.
    if let Some(since) = &since {
        lines.extend(crate::services::corrections::describe(
            &ta, &row.data, since,
        ));
    }
    // A new signed DDC asked of this access: when, why, by when, and if it arrived.
    if let Some(ask) = &new_ddc {
        lines.push(crate::services::new_ddc::describe(&ta, ask));
    }
    let history = requests::transitions(conn, row.id).await?;
    if let Some(last) = history.iter().rev().find(|t| t.note.is_some()) {
        lines.push(turn.ta(
            "staff-last-note",
            &[("note", last.note.clone().unwrap_or_default().into())],
        ));
    }
    Ok(lines)
}

/// The signed DDC with its proof, and the head's designation, for a reviewer who
/// may see documents (each read recorded); otherwise, or when missing, a line.
pub(super) async fn show_documents(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    row: &RequestRow,
    sees_documents: bool,
) -> Result<(), EngineError> {
    match files::latest(conn, row.id, DocumentKind::SignedDdc).await? {
        Some((sha, pages)) if sees_documents => {
            record_read(
                turn,
                conn,
                member,
                row.id,
                AccessAction::Review,
                "signed_ddc",
            )
            .await?;
            turn.document(
                sha,
                format!("DDC-firmada-{}.pdf", row.code),
                turn.ta(
                    "staff-ddc-caption",
                    &[("code", row.code.clone().into()), ("pages", pages.into())],
                ),
            );
            if let Some(proof) = files::latest_proof(conn, row.id).await? {
                let verification = row
                    .verification_code
                    .as_ref()
                    .map(|v| v.grouped())
                    .unwrap_or_default();
                let lines = crate::documents::proof::describe(
                    &turn.engine.locales,
                    turn.lang,
                    &proof,
                    &verification,
                );
                turn.say(lines.join("\n"));
            }
        }
        _ => turn.say(turn.t("staff-no-ddc")),
    }
    if sees_documents
        && let Some((sha, pages)) =
            files::latest(conn, row.id, DocumentKind::HeadDesignation).await?
    {
        record_read(
            turn,
            conn,
            member,
            row.id,
            AccessAction::Review,
            "designation",
        )
        .await?;
        turn.document(
            sha,
            format!("designacion-{}.pdf", row.code),
            turn.ta(
                "staff-designation-caption",
                &[("code", row.code.clone().into()), ("pages", pages.into())],
            ),
        );
    } else if row.access_type.needs_designation_doc() {
        turn.say(turn.t("staff-no-designation"));
    }
    Ok(())
}

pub(super) async fn act(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    request_id: i64,
    stage: Stage,
    input: Input,
) -> Result<Step, EngineError> {
    let Input::Choice(id) = input else {
        turn.say(turn.t("pick-an-option"));
        return open(turn, conn, member, request_id)
            .await
            .map(Step::unclear);
    };
    let action = match id {
        ChoiceId::Act(ReviewAct::Conforme) => Action::Conforme,
        ChoiceId::Act(ReviewAct::Authorise) => Action::Authorise,
        ChoiceId::Act(ReviewAct::AccountCreated) => Action::AccountCreated,
        ChoiceId::Act(ReviewAct::Restore) => Action::Restore,
        ChoiceId::Act(ReviewAct::ConfirmRevocation) => Action::ConfirmRevocation,
        ChoiceId::Act(ReviewAct::AcceptNewDdc) => Action::AcceptNewDdc,
        ChoiceId::Act(ReviewAct::AskNewDdc) => {
            return Ok(Step::to(
                ask_note(turn, conn, request_id, stage, NoteFor::AskNewDdc).await?,
            ));
        }
        ChoiceId::Act(ReviewAct::Suspend) => {
            return Ok(Step::to(
                ask_note(turn, conn, request_id, stage, NoteFor::Suspend).await?,
            ));
        }
        ChoiceId::Act(ReviewAct::Revoke) => {
            return Ok(Step::to(
                ask_note(turn, conn, request_id, stage, NoteFor::Revoke).await?,
            ));
        }
        ChoiceId::Act(ReviewAct::DeclineRevocation) => {
            return Ok(Step::to(
                ask_note(turn, conn, request_id, stage, NoteFor::DeclineRevocation).await?,
            ));
        }
        ChoiceId::Act(ReviewAct::Observe) => {
            return Ok(Step::to(
                ask_note(turn, conn, request_id, stage, NoteFor::Observe).await?,
            ));
        }
        ChoiceId::Act(ReviewAct::Reject) => {
            return Ok(Step::to(
                ask_note(turn, conn, request_id, stage, NoteFor::Reject).await?,
            ));
        }
        ChoiceId::Act(ReviewAct::Favourable) => {
            return Ok(Step::to(
                ask_note(turn, conn, request_id, stage, NoteFor::Favourable).await?,
            ));
        }
        ChoiceId::Act(ReviewAct::Unfavourable) => {
            return Ok(Step::to(
                ask_note(turn, conn, request_id, stage, NoteFor::Unfavourable).await?,
            ));
        }
        _ => {
            turn.say(turn.t("stale-choice"));
            return open(turn, conn, member, request_id).await.map(Step::to);
        }
    };
    execute(turn, conn, member, request_id, stage, action, None)
        .await
        .map(Step::to)
}

pub(super) async fn ask_note(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    request_id: i64,
    stage: Stage,
    action: NoteFor,
) -> Result<State, EngineError> {
    let (key, choices) = match action {
        // The reasons that fit the request's access type, by their place in the
        // whole list (the choice's id).
        NoteFor::Observe => (
            "staff-ask-observation",
            observation_reasons(conn, request_id)
                .await?
                .into_iter()
                .map(|(i, r)| Choice::new(ChoiceId::Reason(Some(i)), turn.t(r.message_key())))
                .collect(),
        ),
        NoteFor::Reject => ("staff-ask-rejection", vec![]),
        NoteFor::Unfavourable => ("staff-ask-unfavourable", vec![]),
        // The prepared reasons, or one typed.
        NoteFor::Suspend | NoteFor::Revoke => (
            "staff-ask-suspension",
            SUSPENSION_REASONS
                .iter()
                .enumerate()
                .map(|(i, key)| {
                    let i = u32::try_from(i).unwrap_or(u32::MAX);
                    Choice::new(ChoiceId::Reason(Some(i)), turn.t(key))
                })
                .chain([turn.choice(ChoiceId::Reason(None), "staff-reason-typed")])
                .collect(),
        ),
        NoteFor::DeclineRevocation => ("staff-ask-suspension", vec![]),
        NoteFor::AskNewDdc => ("staff-ask-new-ddc", vec![]),
        NoteFor::Favourable => (
            "staff-ask-favourable",
            vec![turn.choice(ChoiceId::Reason(None), "staff-no-note")],
        ),
    };
    let mut choices: Vec<Choice> = choices;
    choices.push(turn.choice(ChoiceId::OpenRequest(request_id), "staff-back"));
    turn.ask(turn.t(key), choices);
    Ok(State::Staff(StaffStep::Note {
        request_id,
        stage,
        action,
    }))
}

/// The prepared observation reasons a request of its access type may get, each
/// with its place in [`ObservationReason::ALL`].
async fn observation_reasons(
    conn: &mut Conn,
    request_id: i64,
) -> Result<Vec<(u32, ObservationReason)>, EngineError> {
    let access_type = requests::get(conn, request_id)
        .await?
        .map(|r| r.access_type);
    Ok(ObservationReason::ALL
        .into_iter()
        .enumerate()
        .filter(|(_, r)| access_type.is_none_or(|ty| r.applies_to(ty)))
        .map(|(i, r)| (u32::try_from(i).unwrap_or(u32::MAX), r))
        .collect())
}

pub(super) async fn note(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    request_id: i64,
    stage: Stage,
    action: NoteFor,
    input: Input,
) -> Result<Step, EngineError> {
    let mut listed = None;
    let text: Option<String> = match &input {
        Input::Text(t) if t.trim().chars().count() >= 3 => Some(t.trim().to_owned()),
        Input::Choice(ChoiceId::Reason(None)) if action == NoteFor::Favourable => None,
        Input::Choice(id) => match id {
            ChoiceId::Reason(Some(i))
                if action == NoteFor::Observe
                    && ObservationReason::ALL.get(*i as usize).is_some() =>
            {
                let reason = ObservationReason::ALL[*i as usize];
                // An old button of a reason that does not fit this request.
                if !observation_reasons(conn, request_id)
                    .await?
                    .iter()
                    .any(|(_, r)| *r == reason)
                {
                    turn.say(turn.t("stale-choice"));
                    return Ok(Step::to(
                        ask_note(turn, conn, request_id, stage, action).await?,
                    ));
                }
                listed = Some(reason);
                // Kept as a code; the note is its Spanish words, as every note is kept.
                Some(turn.engine.locales.t("es", reason.message_key()))
            }
            ChoiceId::Reason(Some(i))
                if matches!(action, NoteFor::Suspend | NoteFor::Revoke)
                    && SUSPENSION_REASONS.get(*i as usize).is_some() =>
            {
                Some(turn.engine.locales.t("es", SUSPENSION_REASONS[*i as usize]))
            }
            // "Escribir otro motivo": the next message is the reason.
            ChoiceId::Reason(None) if matches!(action, NoteFor::Suspend | NoteFor::Revoke) => {
                turn.ask(
                    turn.t("staff-type-reason"),
                    vec![turn.choice(ChoiceId::OpenRequest(request_id), "staff-back")],
                );
                return Ok(Step::to(State::Staff(StaffStep::Note {
                    request_id,
                    stage,
                    action,
                })));
            }
            _ => {
                turn.say(turn.t("stale-choice"));
                return Ok(Step::to(
                    ask_note(turn, conn, request_id, stage, action).await?,
                ));
            }
        },
        _ => {
            turn.say(turn.t("staff-note-too-short"));
            return Ok(Step::unclear(
                ask_note(turn, conn, request_id, stage, action).await?,
            ));
        }
    };
    let act = match action {
        NoteFor::Observe => ReviewAct::Observe,
        NoteFor::Reject => ReviewAct::Reject,
        NoteFor::Favourable => ReviewAct::Favourable,
        NoteFor::Unfavourable => ReviewAct::Unfavourable,
        NoteFor::Suspend => ReviewAct::Suspend,
        NoteFor::Revoke => ReviewAct::Revoke,
        NoteFor::DeclineRevocation => ReviewAct::DeclineRevocation,
        NoteFor::AskNewDdc => ReviewAct::AskNewDdc,
    };
    let Some(action_value) = review_action(act, text.as_deref(), listed) else {
        turn.say(turn.t("staff-note-too-short"));
        return Ok(Step::unclear(
            ask_note(turn, conn, request_id, stage, action).await?,
        ));
    };
    execute(
        turn,
        conn,
        member,
        request_id,
        stage,
        action_value,
        text.as_deref(),
    )
    .await
    .map(Step::to)
}

pub(super) async fn execute(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    request_id: i64,
    stage: Stage,
    action: Action,
    note: Option<&str>,
) -> Result<State, EngineError> {
    let workflow = turn.workflow();
    let result = crate::services::new_ddc::act(
        conn,
        &workflow,
        turn.ddc_maker(),
        member,
        request_id,
        stage,
        &action,
        note,
        turn.unix(),
    )
    .await;
    let refused = match result {
        Ok((row, events)) => {
            turn.notify(conn, events).await?;
            turn.say(turn.ta(
                "staff-done",
                &[
                    ("code", row.code.clone().into()),
                    ("stage", turn.t(row.stage.message_key()).into()),
                ],
            ));
            return queue(turn, conn, member).await;
        }
        Err(ReviewError::Workflow(WorkflowError::Store(e))) => return Err(e.into()),
        Err(e) => e,
    };
    if let Some(text) = review::refusal(&|key, args| turn.ta(key, args), &refused) {
        turn.say(text);
    }
    match refused {
        ReviewError::Workflow(WorkflowError::Moved(_)) => queue(turn, conn, member).await,
        ReviewError::Workflow(WorkflowError::NotFound) | ReviewError::NotAllowed => {
            Ok(home(turn, member))
        }
        _ => open(turn, conn, member, request_id).await,
    }
}
