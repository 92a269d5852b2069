//! Finding the request a user means: by its code, the authority's DNI or a link, with the proof and the limit on wrong guesses.

use super::*;

pub(super) async fn find(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    purpose: Purpose,
    held_file: Option<HeldFile>,
    code_matched: Option<i64>,
    input: Input,
) -> Result<Step, EngineError> {
    let text = match input {
        Input::Text(t) => t,
        Input::File(file) if purpose == Purpose::Upload => {
            return file_before_code(turn, conn, purpose, held_file, code_matched, file).await;
        }
        _ => {
            unsupported(turn);
            return ask_for_request(turn, purpose, held_file).map(Step::unclear);
        }
    };
    // Code and verification code in one message (what the WhatsApp link pre-fills).
    if let Some(link) = UploadLink::parse(&text) {
        return follow_link_in(turn, conn, purpose, held_file, link).await;
    }
    // Step two from another chat: the verification code printed on the DDC, or
    // (to see the stage only) the authority's DNI.
    if let Some(id) = code_matched {
        return proof(turn, conn, purpose, held_file, id, text).await;
    }
    let Some(candidates) = candidates(turn, conn, purpose, &text).await? else {
        return ask_for_request(turn, purpose, held_file).map(Step::to);
    };
    if candidates.is_empty() {
        turn.say(turn.ta(
            "find-request-no-code",
            &[("query", Turn::echo(&text).into())],
        ));
        return ask_for_request(turn, purpose, held_file).map(Step::to);
    }
    // The chat's own request goes ahead; anyone else's needs proof first.
    let mut row = candidates[0].clone();
    for r in &candidates {
        if purpose != Purpose::Upload || awaits_signed_ddc(conn, r).await? {
            row = r.clone();
            break;
        }
    }
    match who_is(turn, &row) {
        Who::OwnChat => proceed(turn, conn, purpose, held_file, Who::OwnChat, &row)
            .await
            .map(Step::to),
        _ => Ok(Step::to(ask_proof(turn, purpose, held_file, row.id))),
    }
}

/// The file came before the code: kept (the newer one replaces the one held), and
/// the request still asked for.
async fn file_before_code(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    purpose: Purpose,
    mut held_file: Option<HeldFile>,
    code_matched: Option<i64>,
    file: IncomingFile,
) -> Result<Step, EngineError> {
    match hold(turn, file).await? {
        Ok(h) => {
            // The newer file is the one meant: the one it replaces is let go.
            if let Some(old) = held_file.replace(h)
                && held_file.as_ref().is_some_and(|h| h.sha256 != old.sha256)
            {
                files::discard_unregistered(conn, &turn.engine.files, &[old.sha256]).await?;
            }
        }
        Err(e) => turn.say(upload_error(turn, &e, false)),
    }
    turn.say(turn.t("file-held"));
    match code_matched {
        Some(id) => Ok(Step::to(ask_proof(turn, purpose, held_file, id))),
        None => ask_for_request(turn, purpose, held_file).map(Step::to),
    }
}

/// The proof typed for request `id` (found by its code): its verification code, or
/// the authority's DNI to see the stage only; another request code starts over.
async fn proof(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    purpose: Purpose,
    held_file: Option<HeldFile>,
    id: i64,
    text: String,
) -> Result<Step, EngineError> {
    let Some(row) = store::get(conn, id).await? else {
        return ask_for_request(turn, purpose, held_file).map(Step::to);
    };
    if too_many_guesses(turn, conn).await? {
        show_menu(turn);
        return Ok(Step::to(State::Idle));
    }
    let who = match (VerificationCode::parse(&text), Dni::parse(&text)) {
        (Some(typed), _) if holds_code(&row, &typed) => Who::CodeHolder,
        (_, Ok(dni)) if row.authority_dni == dni.as_str() => Who::CodeAndAuthorityDni,
        // Another request code ("CTG-..."; a verification code can look like
        // "2345-6789", so the prefix tells them apart): start over with it.
        _ if is_request_code(&text) => {
            return Box::pin(find(
                turn,
                conn,
                purpose,
                held_file,
                None,
                Input::Text(text),
            ))
            .await;
        }
        _ => {
            wrong_guess(turn, conn, &row).await?;
            return Ok(Step::to(ask_proof(turn, purpose, held_file, row.id)));
        }
    };
    proceed(turn, conn, purpose, held_file, who, &row)
        .await
        .map(Step::to)
}

/// The requests a typed code or DNI finds: by its code, or the chat's own by the
/// authority's DNI. `None` (and why said) when the text finds nothing it may.
async fn candidates(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    purpose: Purpose,
    text: &str,
) -> Result<Option<Vec<RequestRow>>, EngineError> {
    if let Some((_, number)) = parse_request_code(text) {
        return Ok(Some(
            store::get(conn, number)
                .await?
                .filter(|r| parse_request_code(&r.code) == parse_request_code(text))
                .into_iter()
                .collect(),
        ));
    }
    let Ok(dni) = Dni::parse(text) else {
        // «No lo tengo», «no sé»: where the code is written, not that it is wrong.
        turn.say(turn.t(if crate::domain::values::says_none(text) {
            "find-request-no-code"
        } else {
            "find-request-invalid"
        }));
        return Ok(None);
    };
    // The authority's DNI finds the chat's own requests; for anyone else's it is
    // not proof enough, and the answer does not say whether one exists.
    let own: Vec<RequestRow> = store::by_authority_dni(conn, dni.as_str())
        .await?
        .into_iter()
        .filter(|r| r.made_from(turn.chat.key()))
        .collect();
    if own.is_empty() {
        let key = match purpose {
            Purpose::Ddc => "find-request-ddc-needs-code",
            _ => "find-request-dni-not-enough",
        };
        turn.say(turn.t(key));
        return Ok(None);
    }
    Ok(Some(own))
}

/// A request code typed where something else was asked ("CTG-2026-000123"). Only
/// with its prefix: a DNI or a verification code can also be digits with a dash.
pub(in crate::conversation) fn is_request_code(text: &str) -> bool {
    text.to_ascii_uppercase().contains("CTG") && parse_request_code(text).is_some()
}

/// A request code typed in another step, looked up as "Ver mi solicitud" would: the
/// chat's own request shows its status; anyone else's asks for proof first.
pub(in crate::conversation) async fn look_up_code(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    code: String,
) -> Result<Step, EngineError> {
    find(turn, conn, Purpose::Status, None, None, Input::Text(code)).await
}

/// Asks another chat for the proof a purpose needs, remembering the request.
pub(super) fn ask_proof(
    turn: &mut Turn<'_>,
    purpose: Purpose,
    held_file: Option<HeldFile>,
    request_id: i64,
) -> State {
    let key = match purpose {
        Purpose::Upload => "find-request-verification",
        Purpose::Status => "find-request-verification-or-dni",
        Purpose::Ddc => "find-request-ddc-verification",
    };
    turn.ask(
        turn.t(key),
        vec![turn.choice(ChoiceId::Menu(MenuItem::Start), "back-to-menu")],
    );
    State::Request(RequestStep::FindingRequest {
        purpose,
        held_file,
        code_matched: Some(request_id),
    })
}

pub(super) fn holds_code(row: &RequestRow, typed: &VerificationCode) -> bool {
    row.verification_code
        .as_ref()
        .is_some_and(|v| v.matches(typed))
}

/// True (and says so) when the chat typed too many wrong codes lately.
pub(super) async fn too_many_guesses(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
) -> Result<bool, EngineError> {
    let now = turn.unix();
    let (wrong, oldest) =
        store::failed_verifications_since(conn, turn.chat.key(), now - GUESS_WINDOW_SECS).await?;
    if wrong < MAX_WRONG_GUESSES {
        return Ok(false);
    }
    let minutes = (oldest.unwrap_or(now) + GUESS_WINDOW_SECS - now).max(60) / 60;
    turn.say(turn.ta("verification-too-many", &[("minutes", minutes.into())]));
    Ok(true)
}

/// Records a wrong code or DNI and says it did not match.
pub(super) async fn wrong_guess(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
) -> Result<(), EngineError> {
    store::record_failed_verification(conn, turn.chat.key(), row.id, turn.unix()).await?;
    turn.say(turn.t("verification-mismatch"));
    Ok(())
}

/// Does what the chat came for, as far as the policy allows `who`.
pub(super) async fn proceed(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    purpose: Purpose,
    held_file: Option<HeldFile>,
    who: Who<'static>,
    row: &RequestRow,
) -> Result<State, EngineError> {
    if !decide(who, act_for(purpose), row).allowed() {
        // Code and DNI show the stage, never the details.
        if purpose == Purpose::Status && decide(who, Act::SeeStage, row).allowed() {
            stage_only(turn, conn, row).await?;
            show_menu(turn);
            return Ok(State::Idle);
        }
        refuse(turn);
        show_menu(turn);
        return Ok(State::Idle);
    }
    match purpose {
        Purpose::Status => {
            status(turn, conn, row).await?;
            show_menu(turn);
            Ok(State::Idle)
        }
        Purpose::Ddc => {
            send_ddc(turn, conn, row).await?;
            show_menu(turn);
            Ok(State::Idle)
        }
        Purpose::Upload if awaits_signed_ddc(conn, row).await? => {
            if who == Who::CodeHolder {
                store::grant_upload(conn, turn.chat.key(), row.id, turn.unix()).await?;
            }
            begin_upload(turn, conn, row, held_file).await
        }
        Purpose::Upload => Ok(not_now(turn, "upload-not-expected", row)),
    }
}

/// The DDC's QR code or the typed `CTG-... ABCD-EFGH`: straight to the upload step of
/// that request, as the holder of its verification code.
pub(in crate::conversation) async fn follow_link(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    link: UploadLink,
) -> Result<Step, EngineError> {
    // A flow in progress keeps a file it already holds; any other flow is left, as
    // the link says plainly what the person wants to do.
    let held_file = match state {
        State::Request(RequestStep::FindingRequest { held_file, .. }) => held_file,
        _ => None,
    };
    follow_link_in(turn, conn, Purpose::Upload, held_file, link).await
}

pub(super) async fn follow_link_in(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    purpose: Purpose,
    held_file: Option<HeldFile>,
    link: UploadLink,
) -> Result<Step, EngineError> {
    if too_many_guesses(turn, conn).await? {
        show_menu(turn);
        return Ok(Step::to(State::Idle));
    }
    let row = store::get(conn, link.number)
        .await?
        .filter(|r| r.code == link.code());
    let Some(row) = row else {
        turn.say(turn.ta("find-request-no-code", &[("query", link.code().into())]));
        return ask_for_request(turn, purpose, held_file).map(Step::to);
    };
    if !holds_code(&row, &link.verification) {
        wrong_guess(turn, conn, &row).await?;
        return Ok(Step::to(ask_proof(turn, purpose, held_file, row.id)));
    }
    let who = match who_is(turn, &row) {
        Who::OwnChat => Who::OwnChat,
        _ => Who::CodeHolder,
    };
    proceed(turn, conn, purpose, held_file, who, &row)
        .await
        .map(Step::to)
}

/// What the request code and the authority's DNI show: the stage and its date, no
/// names and no place.
pub(super) async fn stage_only(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
) -> Result<(), EngineError> {
    let mut lines = vec![turn.ta(
        "status-stage-only",
        &[
            ("code", row.code.clone().into()),
            ("stage", turn.t(row.stage.message_key()).into()),
        ],
    )];
    if let Some(due) = row.stage_due_on {
        lines.push(turn.ta("status-due", &[("date", turn.date(due).into())]));
    }
    lines.push(turn.t("status-stage-only-more"));
    turn.say(lines.join("\n"));
    turn.usage(conn, UsageKind::Query, Some("status")).await?;
    Ok(())
}
