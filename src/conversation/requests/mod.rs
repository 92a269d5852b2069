//! Following up an existing request: download the DDC, return it signed (a PDF or
//! 1 to 5 photos assembled into one PDF), and ask how it is going.

use super::RequestStep;
use super::menu::{show_menu, unsupported};
use super::{EngineError, FileContent, HeldFile, IncomingFile, Input, Purpose, State, Step, Turn};
use crate::documents::upload::{
    FileKind, UploadError, UploadLimits, check_pdf, check_upload, images_to_pdf,
};
use crate::domain::calendar::ddc_fiscal_year;
use crate::domain::correction::NextStep;
use crate::domain::policy::{self, Act, Decision, Record, Who};
use crate::domain::request::{RequestKind, UploadLink, VerificationCode, parse_request_code};
use crate::domain::stage::{Action, Actor, Stage};
use crate::domain::values::Dni;
use crate::i18n::Arg;
use crate::message::{ChoiceId, MenuItem};
use crate::services::requests::WorkflowError;
use crate::store::Conn;
use crate::store::files::{self, DocumentKind};
use crate::store::requests::{self as store, RequestRow};
use crate::store::usage::UsageKind;

mod finding;
mod status_view;
mod uploading;
use finding::*;
pub(super) use finding::{follow_link, is_request_code, look_up_code};
pub(crate) use status_view::send_ddc;
use status_view::*;
pub(super) use status_view::{kind_line, status};
pub(super) use uploading::file_without_flow;
use uploading::*;

/// Stages in which a signed DDC is accepted.
fn accepts_upload(stage: Stage) -> bool {
    matches!(stage, Stage::AwaitingDdc | Stage::Observed)
}

/// Whether the request awaits a signed DDC: the first one, one answering an
/// observation, or the new one UAC asked an approved access for.
async fn awaits_signed_ddc(conn: &mut Conn, row: &RequestRow) -> Result<bool, EngineError> {
    Ok(accepts_upload(row.stage)
        || crate::services::new_ddc::awaited(conn, row)
            .await?
            .is_some())
}

/// Stages in which Otro Aliado's designation document is accepted: with or after
/// the DDC, until UAC has passed the requirements.
fn accepts_designation(stage: Stage) -> bool {
    matches!(
        stage,
        Stage::AwaitingDdc | Stage::UacReview | Stage::Observed
    )
}

/// Whether an Otro Aliado request still lacks the designation document.
async fn lacks_designation(conn: &mut Conn, row: &RequestRow) -> Result<bool, EngineError> {
    Ok(row.access_type.needs_designation_doc()
        && files::latest(conn, row.id, DocumentKind::HeadDesignation)
            .await?
            .is_none())
}

/// "Enviar designación" (from the observation notice or the status): the upload
/// step for Otro Aliado's designation document, with the same checks as the DDC.
pub(super) async fn start_designation(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    request_id: i64,
) -> Result<Step, EngineError> {
    let Some(row) = store::get(conn, request_id).await? else {
        show_menu(turn);
        return Ok(Step::to(State::Idle));
    };
    let who = standing(turn, conn, &row).await?;
    if !decide(who, Act::Upload, &row).allowed() {
        refuse(turn);
        show_menu(turn);
        return Ok(Step::to(State::Idle));
    }
    if !row.access_type.needs_designation_doc() || !accepts_designation(row.stage) {
        return Ok(Step::to(not_now(turn, "designation-not-expected", &row)));
    }
    upload_prompt(turn, &row, 0, true);
    Ok(Step::to(State::Request(RequestStep::Uploading {
        request_id: row.id,
        code: row.code.clone(),
        photos: vec![],
        designation: true,
    })))
}

/// "Request X is <stage>: that is not sent now" (`key`), then the menu.
fn not_now(turn: &mut Turn<'_>, key: &str, row: &RequestRow) -> State {
    turn.say(turn.ta(
        key,
        &[
            ("code", row.code.clone().into()),
            ("stage", turn.t(row.stage.message_key()).into()),
        ],
    ));
    show_menu(turn);
    State::Idle
}

/// Wrong verification codes (or authority DNIs) a chat may type in
/// [`GUESS_WINDOW_SECS`] before it must wait: enough for typos, far too few to guess
/// one of 31^8 codes.
const MAX_WRONG_GUESSES: i64 = 5;
const GUESS_WINDOW_SECS: i64 = 3600;

/// How long a chat that proved it holds the DDC may return it (photos take a while).
const UPLOAD_GRANT_SECS: i64 = 24 * 3600;

/// What a purpose needs the policy to allow.
fn act_for(purpose: Purpose) -> Act {
    match purpose {
        Purpose::Upload => Act::Upload,
        Purpose::Ddc => Act::DownloadDdc,
        Purpose::Status => Act::SeeStatus,
    }
}

/// Asks the policy about a request for this chat as `who`.
fn decide(who: Who<'_>, act: Act, row: &RequestRow) -> Decision {
    policy::decide(
        who,
        act,
        Record::Request {
            id: row.id,
            stage: row.stage,
            handled_by: &[],
        },
    )
}

/// The chat's standing towards a request before any proof: its own, or a stranger.
fn who_is(turn: &Turn<'_>, row: &RequestRow) -> Who<'static> {
    if row.made_from(turn.chat.key()) {
        Who::OwnChat
    } else {
        Who::Stranger
    }
}

/// The chat's standing when a file arrives, from the database (not from the
/// conversation state): its own request, a holder of the code, or a stranger.
async fn standing(
    turn: &Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
) -> Result<Who<'static>, EngineError> {
    if let Who::OwnChat = who_is(turn, row) {
        return Ok(Who::OwnChat);
    }
    let granted = store::has_upload_grant(
        conn,
        turn.chat.key(),
        row.id,
        turn.unix() - UPLOAD_GRANT_SECS,
    )
    .await?;
    Ok(if granted {
        Who::CodeHolder
    } else {
        Who::Stranger
    })
}

/// Who sent a document, for the history: the applicant's chat or a holder of the code.
fn sender_label(turn: &Turn<'_>, row: &RequestRow) -> &'static str {
    match who_is(turn, row) {
        Who::OwnChat => "applicant",
        _ => "verification_code_holder",
    }
}

/// The same words for every refusal (the policy's reason is not for the stranger).
fn refuse(turn: &mut Turn<'_>) {
    turn.say(turn.t(Decision::REFUSED_KEY));
}

/// The status of the chat's own requests (up to three); false if it has none.
pub(super) async fn status_of_chat(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
) -> Result<bool, EngineError> {
    let mine = store::by_chat(conn, turn.chat.key()).await?;
    for row in mine.iter().take(3) {
        status(turn, conn, row).await?;
    }
    Ok(!mine.is_empty())
}

pub(super) async fn start(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    purpose: Purpose,
    held_file: Option<HeldFile>,
) -> Result<Step, EngineError> {
    let mine = store::by_chat(conn, turn.chat.key()).await?;
    match purpose {
        Purpose::Status if !mine.is_empty() => {
            for row in mine.iter().take(3) {
                status(turn, conn, row).await?;
            }
            show_menu(turn);
            Ok(Step::to(State::Idle))
        }
        Purpose::Ddc => match mine.iter().find(|r| !r.stage.is_terminal()) {
            Some(row) => {
                let row = row.clone();
                send_ddc(turn, conn, &row).await?;
                turn.ask(
                    turn.ta("ddc-next-steps", &[("authority", authority(turn, &row))]),
                    vec![turn.choice(ChoiceId::Menu(MenuItem::Upload), "menu-upload")],
                );
                Ok(Step::to(State::Idle))
            }
            None => ask_for_request(turn, purpose, None).map(Step::to),
        },
        Purpose::Upload => {
            let mut open: Vec<&RequestRow> = vec![];
            for row in &mine {
                if awaits_signed_ddc(conn, row).await? {
                    open.push(row);
                }
            }
            match open.as_slice() {
                [row] => {
                    let row = (*row).clone();
                    begin_upload(turn, conn, &row, held_file)
                        .await
                        .map(Step::to)
                }
                // No DDC awaited: an Otro Aliado request may still await its designation.
                [] => {
                    if held_file.is_none() {
                        for row in &mine {
                            if accepts_designation(row.stage)
                                && lacks_designation(conn, row).await?
                            {
                                return start_designation(turn, conn, row.id).await;
                            }
                        }
                    }
                    // Its DDC already under review: say so before asking which other
                    // request the document is for, not as if the chat had none.
                    if let Some(row) = mine.iter().find(|r| r.stage.is_under_review()) {
                        turn.say(turn.ta(
                            "upload-already-received",
                            &[
                                ("code", row.code.clone().into()),
                                ("stage", turn.t(row.stage.message_key()).into()),
                            ],
                        ));
                    }
                    ask_for_request(turn, purpose, held_file).map(Step::to)
                }
                _ => ask_for_request(turn, purpose, held_file).map(Step::to),
            }
        }
        Purpose::Status => ask_for_request(turn, purpose, None).map(Step::to),
    }
}

fn ask_for_request(
    turn: &mut Turn<'_>,
    purpose: Purpose,
    held_file: Option<HeldFile>,
) -> Result<State, EngineError> {
    let key = match purpose {
        Purpose::Ddc => "find-request-ddc",
        _ => "find-request",
    };
    turn.ask(
        turn.t(key),
        vec![turn.choice(ChoiceId::Menu(MenuItem::Start), "back-to-menu")],
    );
    Ok(State::Request(RequestStep::FindingRequest {
        purpose,
        held_file,
        code_matched: None,
    }))
}

pub(super) async fn reprompt(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
) -> Result<State, EngineError> {
    match state {
        State::Request(RequestStep::FindingRequest {
            purpose,
            held_file,
            code_matched: Some(id),
        }) => Ok(ask_proof(turn, purpose, held_file, id)),
        State::Request(RequestStep::FindingRequest {
            purpose, held_file, ..
        }) => ask_for_request(turn, purpose, held_file),
        State::Request(RequestStep::Uploading {
            request_id,
            code,
            photos,
            designation,
        }) => {
            match store::get(conn, request_id).await? {
                Some(row) => upload_prompt(turn, &row, photos.len(), designation),
                None => turn.ask(turn.t("upload-prompt-generic"), vec![]),
            }
            Ok(State::Request(RequestStep::Uploading {
                request_id,
                code,
                photos,
                designation,
            }))
        }
        other => Ok(other),
    }
}

pub(super) async fn step(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    input: Input,
) -> Result<Step, EngineError> {
    match state {
        State::Request(RequestStep::FindingRequest {
            purpose,
            held_file,
            code_matched,
        }) => find(turn, conn, purpose, held_file, code_matched, input).await,
        State::Request(RequestStep::Uploading {
            request_id,
            code,
            photos,
            designation,
        }) => upload_step(turn, conn, request_id, code, photos, designation, input).await,
        other => Ok(Step::to(other)),
    }
}
