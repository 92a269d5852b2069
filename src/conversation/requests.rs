//! Following up an existing request: download the DDC, return it signed (a PDF or
//! 1 to 5 photos assembled into one PDF), and ask how it is going.

use super::menu::{show_menu, unsupported};
use super::{EngineError, FileContent, HeldFile, IncomingFile, Input, Purpose, State, Turn};
use crate::documents::ddc::render_stamped_ddc;
use crate::documents::upload::{
    FileKind, UploadError, UploadLimits, check_pdf, check_upload, images_to_pdf,
};
use crate::domain::calendar::ddc_fiscal_year;
use crate::domain::policy::{self, Act, Decision, Record, Who};
use crate::domain::request::{
    AccessType, RequestKind, UploadLink, VerificationCode, parse_request_code,
};
use crate::domain::stage::{Action, Actor, Stage};
use crate::domain::values::Dni;
use crate::i18n::Arg;
use crate::message::{ChoiceId, MenuItem};
use crate::services::requests::WorkflowError;
use crate::store::Conn;
use crate::store::files::{self, DocumentKind};
use crate::store::requests::{self as store, RequestRow};
use crate::store::usage::UsageKind;

/// Stages in which a signed DDC is accepted.
fn accepts_upload(stage: Stage) -> bool {
    matches!(stage, Stage::AwaitingDdc | Stage::Observed)
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
    Ok(row.access_type == AccessType::Other
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
) -> Result<State, EngineError> {
    let Some(row) = store::get(conn, request_id).await? else {
        show_menu(turn);
        return Ok(State::Idle);
    };
    let who = standing(turn, conn, &row).await?;
    if !decide(who, Act::Upload, &row).allowed() {
        refuse(turn);
        show_menu(turn);
        return Ok(State::Idle);
    }
    if row.access_type != AccessType::Other || !accepts_designation(row.stage) {
        return Ok(not_now(turn, "designation-not-expected", &row));
    }
    upload_prompt(turn, &row, 0, true);
    Ok(State::Uploading {
        request_id: row.id,
        code: row.code.clone(),
        photos: vec![],
        designation: true,
    })
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
    if row.made_from(turn.chat.channel.as_str(), &turn.chat.chat_id) {
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
        turn.chat.channel.as_str(),
        &turn.chat.chat_id,
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
    let mine = store::by_chat(conn, turn.chat.channel.as_str(), &turn.chat.chat_id).await?;
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
) -> Result<State, EngineError> {
    let mine = store::by_chat(conn, turn.chat.channel.as_str(), &turn.chat.chat_id).await?;
    match purpose {
        Purpose::Status if !mine.is_empty() => {
            for row in mine.iter().take(3) {
                status(turn, conn, row).await?;
            }
            show_menu(turn);
            Ok(State::Idle)
        }
        Purpose::Ddc => match mine.iter().find(|r| !r.stage.is_terminal()) {
            Some(row) => {
                let row = row.clone();
                send_ddc(turn, conn, &row).await?;
                turn.ask(
                    turn.ta("ddc-next-steps", &[("authority", authority(turn, &row))]),
                    vec![turn.choice(ChoiceId::Menu(MenuItem::Upload), "menu-upload")],
                );
                Ok(State::Idle)
            }
            None => ask_for_request(turn, purpose, None),
        },
        Purpose::Upload => {
            let open: Vec<&RequestRow> = mine.iter().filter(|r| accepts_upload(r.stage)).collect();
            match open.as_slice() {
                [row] => {
                    let row = (*row).clone();
                    begin_upload(turn, conn, &row, held_file).await
                }
                // No DDC awaited: an Otro Aliado request may still await its designation.
                [] if held_file.is_none() => {
                    for row in &mine {
                        if accepts_designation(row.stage) && lacks_designation(conn, row).await? {
                            return start_designation(turn, conn, row.id).await;
                        }
                    }
                    ask_for_request(turn, purpose, held_file)
                }
                _ => ask_for_request(turn, purpose, held_file),
            }
        }
        Purpose::Status => ask_for_request(turn, purpose, None),
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
    Ok(State::FindingRequest {
        purpose,
        held_file,
        code_matched: None,
    })
}

pub(super) async fn reprompt(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
) -> Result<State, EngineError> {
    match state {
        State::FindingRequest {
            purpose,
            held_file,
            code_matched: Some(id),
        } => Ok(ask_proof(turn, purpose, held_file, id)),
        State::FindingRequest {
            purpose, held_file, ..
        } => ask_for_request(turn, purpose, held_file),
        State::Uploading {
            request_id,
            code,
            photos,
            designation,
        } => {
            match store::get(conn, request_id).await? {
                Some(row) => upload_prompt(turn, &row, photos.len(), designation),
                None => turn.ask(turn.t("upload-prompt-generic"), vec![]),
            }
            Ok(State::Uploading {
                request_id,
                code,
                photos,
                designation,
            })
        }
        other => Ok(other),
    }
}

pub(super) async fn step(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    input: Input,
) -> Result<(State, bool), EngineError> {
    match state {
        State::FindingRequest {
            purpose,
            held_file,
            code_matched,
        } => find(turn, conn, purpose, held_file, code_matched, input).await,
        State::Uploading {
            request_id,
            code,
            photos,
            designation,
        } => upload_step(turn, conn, request_id, code, photos, designation, input).await,
        other => Ok((other, true)),
    }
}

async fn find(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    purpose: Purpose,
    mut held_file: Option<HeldFile>,
    code_matched: Option<i64>,
    input: Input,
) -> Result<(State, bool), EngineError> {
    let text = match input {
        Input::Text(t) => t,
        Input::File(file) if purpose == Purpose::Upload => {
            // The file came before the code: keep it, still ask which request.
            match hold(turn, file).await? {
                Ok(h) => held_file = Some(h),
                Err(e) => turn.say(upload_error(turn, &e, false)),
            }
            turn.say(turn.t("file-held"));
            return match code_matched {
                Some(id) => Ok((ask_proof(turn, purpose, held_file, id), true)),
                None => ask_for_request(turn, purpose, held_file).map(|s| (s, true)),
            };
        }
        _ => {
            unsupported(turn);
            return ask_for_request(turn, purpose, held_file).map(|s| (s, false));
        }
    };
    // Code and verification code in one message (what the WhatsApp link pre-fills).
    if let Some(link) = UploadLink::parse(&text) {
        return follow_link_in(turn, conn, purpose, held_file, link).await;
    }
    // Step two from another chat: the verification code printed on the DDC, or
    // (to see the stage only) the authority's DNI.
    if let Some(id) = code_matched {
        let Some(row) = store::get(conn, id).await? else {
            return ask_for_request(turn, purpose, held_file).map(|s| (s, true));
        };
        if too_many_guesses(turn, conn).await? {
            show_menu(turn);
            return Ok((State::Idle, true));
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
                return Ok((ask_proof(turn, purpose, held_file, row.id), true));
            }
        };
        return proceed(turn, conn, purpose, held_file, who, &row)
            .await
            .map(|s| (s, true));
    }
    let candidates: Vec<RequestRow> = if let Some((_, number)) = parse_request_code(&text) {
        store::get(conn, number)
            .await?
            .filter(|r| parse_request_code(&r.code) == parse_request_code(&text))
            .into_iter()
            .collect()
    } else if let Ok(dni) = Dni::parse(&text) {
        // The authority's DNI finds the chat's own requests; for anyone else's it is
        // not proof enough, and the answer does not say whether one exists.
        let own: Vec<RequestRow> = store::by_authority_dni(conn, dni.as_str())
            .await?
            .into_iter()
            .filter(|r| r.made_from(turn.chat.channel.as_str(), &turn.chat.chat_id))
            .collect();
        if own.is_empty() {
            let key = match purpose {
                Purpose::Ddc => "find-request-ddc-needs-code",
                _ => "find-request-dni-not-enough",
            };
            turn.say(turn.t(key));
            return ask_for_request(turn, purpose, held_file).map(|s| (s, true));
        }
        own
    } else {
        turn.say(turn.t("find-request-invalid"));
        return ask_for_request(turn, purpose, held_file).map(|s| (s, true));
    };
    if candidates.is_empty() {
        turn.say(turn.ta("find-request-none", &[("query", Turn::echo(&text).into())]));
        return ask_for_request(turn, purpose, held_file).map(|s| (s, true));
    }
    // The chat's own request goes ahead; anyone else's needs proof first.
    let row = candidates
        .iter()
        .find(|r| purpose != Purpose::Upload || accepts_upload(r.stage))
        .unwrap_or(&candidates[0])
        .clone();
    match who_is(turn, &row) {
        Who::OwnChat => proceed(turn, conn, purpose, held_file, Who::OwnChat, &row)
            .await
            .map(|s| (s, true)),
        _ => Ok((ask_proof(turn, purpose, held_file, row.id), true)),
    }
}

/// A request code typed where something else was asked ("CTG-2026-000123"). Only
/// with its prefix: a DNI or a verification code can also be digits with a dash.
pub(super) fn is_request_code(text: &str) -> bool {
    text.to_ascii_uppercase().contains("CTG") && parse_request_code(text).is_some()
}

/// A request code typed in another step, looked up as "Ver mi solicitud" would: the
/// chat's own request shows its status; anyone else's asks for proof first.
pub(super) async fn look_up_code(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    code: String,
) -> Result<State, EngineError> {
    find(turn, conn, Purpose::Status, None, None, Input::Text(code))
        .await
        .map(|(state, _)| state)
}

/// Asks another chat for the proof a purpose needs, remembering the request.
fn ask_proof(
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
    State::FindingRequest {
        purpose,
        held_file,
        code_matched: Some(request_id),
    }
}

fn holds_code(row: &RequestRow, typed: &VerificationCode) -> bool {
    row.verification_code
        .as_ref()
        .is_some_and(|v| v.matches(typed))
}

/// True (and says so) when the chat typed too many wrong codes lately.
async fn too_many_guesses(turn: &mut Turn<'_>, conn: &mut Conn) -> Result<bool, EngineError> {
    let now = turn.unix();
    let (wrong, oldest) = store::failed_verifications_since(
        conn,
        turn.chat.channel.as_str(),
        &turn.chat.chat_id,
        now - GUESS_WINDOW_SECS,
    )
    .await?;
    if wrong < MAX_WRONG_GUESSES {
        return Ok(false);
    }
    let minutes = (oldest.unwrap_or(now) + GUESS_WINDOW_SECS - now).max(60) / 60;
    turn.say(turn.ta("verification-too-many", &[("minutes", minutes.into())]));
    Ok(true)
}

/// Records a wrong code or DNI and says it did not match.
async fn wrong_guess(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
) -> Result<(), EngineError> {
    store::record_failed_verification(
        conn,
        turn.chat.channel.as_str(),
        &turn.chat.chat_id,
        row.id,
        turn.unix(),
    )
    .await?;
    turn.say(turn.t("verification-mismatch"));
    Ok(())
}

/// Does what the chat came for, as far as the policy allows `who`.
async fn proceed(
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
        Purpose::Upload if accepts_upload(row.stage) => {
            if who == Who::CodeHolder {
                store::grant_upload(
                    conn,
                    turn.chat.channel.as_str(),
                    &turn.chat.chat_id,
                    row.id,
                    turn.unix(),
                )
                .await?;
            }
            begin_upload(turn, conn, row, held_file).await
        }
        Purpose::Upload => Ok(not_now(turn, "upload-not-expected", row)),
    }
}

/// The DDC's QR code or the typed `CTG-... ABCD-EFGH`: straight to the upload step of
/// that request, as the holder of its verification code.
pub(super) async fn follow_link(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    link: UploadLink,
) -> Result<(State, bool), EngineError> {
    // A flow in progress keeps a file it already holds; any other flow is left, as
    // the link says plainly what the person wants to do.
    let held_file = match state {
        State::FindingRequest { held_file, .. } => held_file,
        _ => None,
    };
    follow_link_in(turn, conn, Purpose::Upload, held_file, link).await
}

async fn follow_link_in(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    purpose: Purpose,
    held_file: Option<HeldFile>,
    link: UploadLink,
) -> Result<(State, bool), EngineError> {
    if too_many_guesses(turn, conn).await? {
        show_menu(turn);
        return Ok((State::Idle, true));
    }
    let row = store::get(conn, link.number)
        .await?
        .filter(|r| r.code == link.code());
    let Some(row) = row else {
        turn.say(turn.ta("find-request-none", &[("query", link.code().into())]));
        return ask_for_request(turn, purpose, held_file).map(|s| (s, true));
    };
    if !holds_code(&row, &link.verification) {
        wrong_guess(turn, conn, &row).await?;
        return Ok((ask_proof(turn, purpose, held_file, row.id), true));
    }
    let who = match who_is(turn, &row) {
        Who::OwnChat => Who::OwnChat,
        _ => Who::CodeHolder,
    };
    proceed(turn, conn, purpose, held_file, who, &row)
        .await
        .map(|s| (s, true))
}

/// What the request code and the authority's DNI show: the stage and its date, no
/// names and no place.
async fn stage_only(
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

fn upload_prompt(turn: &mut Turn<'_>, row: &RequestRow, photos: usize, designation: bool) {
    let max = turn.engine.settings.storage.max_photos;
    if photos == 0 {
        turn.ask(
            turn.ta(
                if designation {
                    "upload-designation-prompt"
                } else {
                    "upload-prompt"
                },
                &[("code", row.code.clone().into()), ("max", max.into())],
            ),
            vec![turn.choice(ChoiceId::Menu(MenuItem::Start), "back-to-menu")],
        );
    } else {
        photo_choices(turn, photos);
    }
}

fn photo_choices(turn: &mut Turn<'_>, photos: usize) {
    let max = turn.engine.settings.storage.max_photos;
    let choices = vec![
        turn.choice(ChoiceId::PhotosDone, "photos-done"),
        turn.choice(ChoiceId::PhotosReset, "photos-reset"),
    ];
    turn.ask(
        turn.ta(
            "photo-received",
            &[("count", photos.into()), ("max", max.into())],
        ),
        choices,
    );
}

async fn begin_upload(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
    held_file: Option<HeldFile>,
) -> Result<State, EngineError> {
    match held_file {
        Some(HeldFile {
            sha256,
            photo: false,
        }) => {
            let bytes = turn.engine.files.get(&sha256).await?;
            accept_upload(turn, conn, row, bytes, false).await
        }
        Some(HeldFile {
            sha256,
            photo: true,
        }) => {
            photo_choices(turn, 1);
            Ok(State::Uploading {
                request_id: row.id,
                code: row.code.clone(),
                photos: vec![sha256],
                designation: false,
            })
        }
        None => {
            upload_prompt(turn, row, 0, false);
            Ok(State::Uploading {
                request_id: row.id,
                code: row.code.clone(),
                photos: vec![],
                designation: false,
            })
        }
    }
}

/// A file sent with no flow open: keep it, then find the request it belongs to.
pub(super) async fn file_without_flow(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    file: IncomingFile,
) -> Result<State, EngineError> {
    match hold(turn, file).await? {
        Ok(held) => start(turn, conn, Purpose::Upload, Some(held)).await,
        Err(e) => {
            turn.say(upload_error(turn, &e, false));
            show_menu(turn);
            Ok(State::Idle)
        }
    }
}

/// Checks a file and stores it by content hash, without attaching it yet.
async fn hold(
    turn: &Turn<'_>,
    file: IncomingFile,
) -> Result<Result<HeldFile, UploadError>, EngineError> {
    let bytes = match file.content {
        FileContent::Bytes(b) => b,
        FileContent::TooLarge { .. } => {
            return Ok(Err(UploadError::TooLarge {
                limit_mb: turn.engine.settings.storage.max_upload_mb,
            }));
        }
        FileContent::Unavailable => return Ok(Err(UploadError::NotReceived)),
    };
    let limits = UploadLimits::from_settings(&turn.engine.settings.storage);
    let kind = match check_upload(&bytes, &limits) {
        Ok(k) => k,
        Err(e) => return Ok(Err(e)),
    };
    let sha256 = turn.engine.files.put(&bytes).await?;
    Ok(Ok(HeldFile {
        sha256,
        photo: kind != FileKind::Pdf,
    }))
}

/// Why a file was refused, naming the document it was meant to be: the designation
/// document when `designation`, the signed declaration otherwise (also when the
/// request is not known yet: a file with no flow open is taken as a declaration).
fn upload_error(turn: &Turn<'_>, e: &UploadError, designation: bool) -> String {
    let doc = if designation { "designation" } else { "ddc" };
    let mut args: Vec<(&str, Arg)> = e
        .args()
        .into_iter()
        .map(|(k, v)| (k, Arg::Num(v as f64)))
        .collect();
    args.push(("doc", Arg::Str(doc.into())));
    turn.ta(e.key(), &args)
}

async fn upload_step(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    request_id: i64,
    code: String,
    mut photos: Vec<String>,
    designation: bool,
    input: Input,
) -> Result<(State, bool), EngineError> {
    let Some(row) = store::get(conn, request_id).await? else {
        show_menu(turn);
        return Ok((State::Idle, true));
    };
    let uploading = |photos| State::Uploading {
        request_id,
        code: code.clone(),
        photos,
        designation,
    };
    match input {
        Input::File(file) => {
            let is_photo_flow = !photos.is_empty();
            match hold(turn, file).await? {
                Err(e) => {
                    turn.say(upload_error(turn, &e, designation));
                    upload_prompt(turn, &row, photos.len(), designation);
                    Ok((uploading(photos), true))
                }
                Ok(HeldFile {
                    sha256,
                    photo: false,
                }) => {
                    if is_photo_flow {
                        // A PDF after some photos: the PDF wins, the photos are dropped.
                        turn.say(turn.t("photos-replaced-by-pdf"));
                    }
                    let bytes = turn.engine.files.get(&sha256).await?;
                    accept_upload(turn, conn, &row, bytes, designation)
                        .await
                        .map(|s| (s, true))
                }
                Ok(HeldFile {
                    sha256,
                    photo: true,
                }) => {
                    let max = turn.engine.settings.storage.max_photos;
                    if photos.len() >= max {
                        turn.say(upload_error(
                            turn,
                            &UploadError::TooManyPhotos { max },
                            designation,
                        ));
                        photo_choices(turn, photos.len());
                        return Ok((uploading(photos), true));
                    }
                    photos.push(sha256);
                    photo_choices(turn, photos.len());
                    Ok((uploading(photos), true))
                }
            }
        }
        Input::Choice(ChoiceId::PhotosDone) => {
            if photos.is_empty() {
                turn.say(upload_error(turn, &UploadError::NoPhotos, designation));
                upload_prompt(turn, &row, 0, designation);
                return Ok((uploading(photos), true));
            }
            let mut images = Vec::with_capacity(photos.len());
            for sha in &photos {
                images.push(turn.engine.files.get(sha).await?);
            }
            match images_to_pdf(
                &images,
                &UploadLimits::from_settings(&turn.engine.settings.storage),
            ) {
                Ok(pdf) => accept_upload(turn, conn, &row, pdf, designation)
                    .await
                    .map(|s| (s, true)),
                Err(e) => {
                    turn.say(upload_error(turn, &e, designation));
                    upload_prompt(turn, &row, 0, designation);
                    Ok((uploading(vec![]), true))
                }
            }
        }
        Input::Choice(ChoiceId::PhotosReset) => {
            turn.say(turn.t("photos-cleared"));
            upload_prompt(turn, &row, 0, designation);
            Ok((uploading(vec![]), true))
        }
        Input::Text(_) | Input::Choice(_) | Input::Stale => {
            turn.say(turn.t(if designation {
                "designation-waiting-file"
            } else {
                "upload-waiting-file"
            }));
            upload_prompt(turn, &row, photos.len(), designation);
            Ok((uploading(photos), false))
        }
        Input::Contact { .. }
        | Input::FormReply { .. }
        | Input::Unsupported(_)
        | Input::Form(_) => {
            unsupported(turn);
            upload_prompt(turn, &row, photos.len(), designation);
            Ok((uploading(photos), false))
        }
    }
}

/// Checks a PDF before anything is attached; a bad one is explained and asked for
/// again (`None`).
fn check(turn: &mut Turn<'_>, row: &RequestRow, pdf: &[u8], kind: DocumentKind) -> Option<usize> {
    match check_pdf(
        pdf,
        &UploadLimits::from_settings(&turn.engine.settings.storage),
    ) {
        Ok(c) => Some(c.pages),
        Err(e) => {
            let designation = kind == DocumentKind::HeadDesignation;
            turn.say(upload_error(turn, &e, designation));
            upload_prompt(turn, row, 0, designation);
            None
        }
    }
}

/// Stores a checked PDF and attaches it to the request as `kind`.
async fn attach_pdf(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
    pdf: &[u8],
    pages: usize,
    kind: DocumentKind,
) -> Result<(), EngineError> {
    let now = turn.unix();
    let sha = turn.engine.files.put(pdf).await?;
    files::register(conn, &sha, "application/pdf", pdf.len(), now).await?;
    // Who the signed DDC names: the same file sent again names whom it named then;
    // a new one, the authority of the latest DDC the bot generated.
    let authority = match kind {
        DocumentKind::SignedDdc => {
            match files::signed_ddc_authority(conn, row.id, Some(&sha)).await? {
                Some(before) => Some(before),
                None => row.ddc_authority.clone(),
            }
        }
        DocumentKind::HeadDesignation => None,
    };
    files::attach(
        conn,
        row.id,
        kind,
        &sha,
        pages,
        turn.chat.channel.as_str(),
        authority.as_ref(),
        now,
    )
    .await?;
    Ok(())
}

/// Moves the request to UAC review and only then attaches the signed DDC: an upload
/// that is not accepted (the request moved meanwhile) leaves nothing behind.
async fn accept_pdf(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
    pdf: Vec<u8>,
) -> Result<State, EngineError> {
    let Some(pages) = check(turn, row, &pdf, DocumentKind::SignedDdc) else {
        return Ok(State::Uploading {
            request_id: row.id,
            code: row.code.clone(),
            photos: vec![],
            designation: false,
        });
    };
    let action = if row.stage == Stage::Observed {
        Action::FixObservation
    } else {
        Action::UploadDdc
    };
    let label = sender_label(turn, row);
    let moved = turn
        .apply(
            conn,
            row.id,
            row.stage,
            &action,
            &Actor::Applicant,
            label,
            None,
        )
        .await;
    let moved = match moved {
        Ok(m) => m,
        Err(WorkflowError::Store(e)) => return Err(e.into()),
        Err(_) => {
            // Someone moved it meanwhile (e.g. it lapsed this second): say where it is.
            let fresh = store::get(conn, row.id)
                .await?
                .unwrap_or_else(|| row.clone());
            return Ok(not_now(turn, "upload-not-expected", &fresh));
        }
    };
    attach_pdf(turn, conn, row, &pdf, pages, DocumentKind::SignedDdc).await?;
    turn.usage(conn, UsageKind::Upload, Some(&row.code)).await?;
    turn.say(turn.ta(
        "upload-accepted",
        &[("code", row.code.clone().into()), ("pages", pages.into())],
    ));
    status(turn, conn, &moved).await?;
    // Otro Aliado also sends the document designating the head of the entity.
    if row.access_type == crate::domain::request::AccessType::Other
        && files::latest(conn, row.id, DocumentKind::HeadDesignation)
            .await?
            .is_none()
    {
        upload_prompt(turn, &moved, 0, true);
        return Ok(State::Uploading {
            request_id: row.id,
            code: row.code.clone(),
            photos: vec![],
            designation: true,
        });
    }
    show_menu(turn);
    Ok(State::Idle)
}

/// The PDF (sent or assembled from photos) for the step in progress.
async fn accept_upload(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
    pdf: Vec<u8>,
    designation: bool,
) -> Result<State, EngineError> {
    // Asked again with what the database knows, whatever the conversation state says.
    let who = standing(turn, conn, row).await?;
    if !decide(who, Act::Upload, row).allowed() {
        refuse(turn);
        show_menu(turn);
        return Ok(State::Idle);
    }
    if !designation {
        return accept_pdf(turn, conn, row, pdf).await;
    }
    let Some(pages) = check(turn, row, &pdf, DocumentKind::HeadDesignation) else {
        return Ok(State::Uploading {
            request_id: row.id,
            code: row.code.clone(),
            photos: vec![],
            designation: true,
        });
    };
    if !accepts_designation(row.stage) {
        return Ok(not_now(turn, "designation-not-expected", row));
    }
    attach_pdf(turn, conn, row, &pdf, pages, DocumentKind::HeadDesignation).await?;
    turn.say(turn.ta(
        "designation-accepted",
        &[("code", row.code.clone().into()), ("pages", pages.into())],
    ));
    // Sent to answer an observation: the request goes back to UAC review.
    if row.stage == Stage::Observed {
        let label = sender_label(turn, row);
        match turn
            .apply(
                conn,
                row.id,
                Stage::Observed,
                &Action::FixObservation,
                &Actor::Applicant,
                label,
                None,
            )
            .await
        {
            Ok(moved) => status(turn, conn, &moved).await?,
            Err(WorkflowError::Store(e)) => return Err(e.into()),
            // It lapsed or moved meanwhile: the document stays on file; say where it is.
            Err(_) => {
                if let Some(fresh) = store::get(conn, row.id).await? {
                    status(turn, conn, &fresh).await?;
                }
            }
        }
    }
    show_menu(turn);
    Ok(State::Idle)
}

fn authority(turn: &Turn<'_>, row: &RequestRow) -> Arg {
    let key = match row.access_type {
        crate::domain::request::AccessType::Regional => "authority-regional",
        crate::domain::request::AccessType::Other => "authority-other",
        crate::domain::request::AccessType::Local => "authority-local",
    };
    Arg::Str(turn.t(key))
}

/// Says where a request is, what comes next and by when.
pub(super) async fn status(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
) -> Result<(), EngineError> {
    let jurisdiction = row.jurisdiction_label();
    let mut lines = vec![turn.ta(
        "status-header",
        &[
            ("code", row.code.clone().into()),
            ("type", turn.t(row.access_type.message_key()).into()),
            ("jurisdiction", jurisdiction.into()),
            ("stage", turn.t(row.stage.message_key()).into()),
        ],
    )];
    // An access being renewed says where its renewal is, not "renew it".
    let renewal = match row.stage {
        Stage::Active | Stage::Expired => store::open_renewal_of(conn, row.id).await?,
        _ => None,
    };
    if !(row.stage == Stage::Expired && renewal.is_some()) {
        let next_key = format!("status-next-{}", row.stage.as_str().replace('_', "-"));
        lines.push(turn.ta(
            &next_key,
            &[
                ("authority", authority(turn, row)),
                ("year", i64::from(row.fiscal_year).into()),
            ],
        ));
    }
    if let Some(due) = row.stage_due_on {
        let key = if due < turn.today() {
            "status-due-late"
        } else {
            "status-due"
        };
        lines.push(turn.ta(key, &[("date", turn.date(due).into())]));
    }
    let workflow = turn.workflow();
    let review_days = workflow.review_days();
    match workflow.expected_account(conn, row).await? {
        Some(expected) => {
            let key = if expected < turn.today() {
                "status-expected-late"
            } else {
                "status-expected"
            };
            lines.push(turn.ta(key, &[("date", turn.date(expected).into())]));
        }
        None if row.stage == Stage::AwaitingDdc => {
            lines.push(turn.ta(
                "status-expected-after-upload",
                &[("days", review_days.into())],
            ));
        }
        None => {}
    }
    if !row.stage.is_terminal()
        && let Some(line) = kind_line(turn, conn, row).await?
    {
        lines.push(line);
    }
    if let Some(renewal) = renewal {
        lines.push(turn.ta(
            "status-renewal-filed",
            &[
                ("renewal", renewal.code.clone().into()),
                ("stage", turn.t(renewal.stage.message_key()).into()),
                ("year", i64::from(renewal.fiscal_year).into()),
            ],
        ));
    }
    if matches!(row.stage, Stage::UacReview | Stage::Observed)
        && lacks_designation(conn, row).await?
    {
        lines.push(turn.t("status-designation-missing"));
        let send = turn.choice(ChoiceId::SendDesignation(row.id), "designation-send");
        turn.ask(lines.join("\n"), vec![send]);
    } else {
        turn.say(lines.join("\n"));
    }
    turn.usage(conn, UsageKind::Query, Some("status")).await?;
    Ok(())
}

/// What the request is to the access of its jurisdiction, when it is more than a
/// first request: a change of responsible, a renewal, or a fresh start.
pub(super) async fn kind_line(
    turn: &Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
) -> Result<Option<String>, EngineError> {
    let previous = match row.previous_id {
        Some(id) => store::get(conn, id).await?.map(|p| p.code),
        None => None,
    };
    Ok(match (row.kind, previous) {
        (RequestKind::Modification, _) => Some(turn.t("status-modification")),
        (RequestKind::Renewal, previous) => Some(turn.ta(
            "status-renewal",
            &[
                ("previous", previous.unwrap_or_default().into()),
                ("year", i64::from(row.fiscal_year).into()),
            ],
        )),
        (RequestKind::New, Some(previous)) => {
            Some(turn.ta("status-restart", &[("previous", previous.into())]))
        }
        (RequestKind::New, None) => None,
    })
}

/// Renders the request's DDC, stores it and adds it to the replies.
/// Renders the request's DDC, stores it and sends it to the chat; returns the stored
/// PDF's hash.
pub(crate) async fn send_ddc(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
) -> Result<String, EngineError> {
    use crate::documents::ddc_text;
    // A DDC still to be signed covers the fiscal year it is signed for: from the
    // renewal window on, the coming one. Its authority is recorded; if that changed
    // since the last DDC, the paper printed before no longer opens the upload.
    let authority = row.data.authority_on_ddc();
    let window = turn.engine.settings.bot.renewal_window_from;
    let fiscal_year = if accepts_upload(row.stage) {
        row.fiscal_year.max(ddc_fiscal_year(turn.today(), window))
    } else {
        row.fiscal_year
    };
    let new_code = row.ddc_authority.as_ref().is_some_and(|a| *a != authority);
    let row = store::record_ddc(conn, row.id, &authority, fiscal_year, new_code).await?;
    // Requests made before verification codes existed get theirs now.
    let verification = store::ensure_verification_code(conn, &row).await?;
    let mut row = row;
    row.verification_code = Some(verification.clone());
    let locales = &turn.engine.locales;
    let layout = ddc_text::layout(locales, &row, turn.today());
    let link = ddc_text::upload_link(
        &turn.engine.settings.links,
        &row.channel,
        &row.code,
        &verification,
    );
    let stamp = ddc_text::stamp(locales, &verification, link);
    let pdf = render_stamped_ddc(&layout, Some(&stamp))
        .map_err(|e| EngineError::Document(e.to_string()))?;
    let sha = turn.engine.files.put(&pdf).await?;
    files::register(conn, &sha, "application/pdf", pdf.len(), turn.unix()).await?;
    turn.usage(conn, UsageKind::Download, Some(&row.code))
        .await?;
    let caption = turn.ta("ddc-caption", &[("code", row.code.clone().into())]);
    turn.document(sha.clone(), format!("DDC-{}.pdf", row.code), caption);
    Ok(sha)
}
