//! Following up an existing request: download the DDC, return it signed (a PDF or
//! 1 to 5 photos assembled into one PDF), and ask how it is going.

use super::menu::{show_menu, unsupported};
use super::registration::field_value;
use super::{EngineError, FileContent, HeldFile, IncomingFile, Input, Purpose, State, Turn};
use crate::documents::ddc::render_ddc;
use crate::documents::upload::{FileKind, UploadError, check_pdf, check_upload, images_to_pdf};
use crate::domain::request::{Field, parse_request_code};
use crate::domain::stage::{Action, Actor, Stage};
use crate::domain::values::Dni;
use crate::i18n::Arg;
use crate::message::{ChoiceId, MenuItem};
use crate::store::Conn;
use crate::store::files::{self, DocumentKind};
use crate::store::requests::{self as store, RequestRow};
use crate::store::usage::UsageKind;
use crate::workflow::WorkflowError;

/// Stages in which a signed DDC is accepted.
fn accepts_upload(stage: Stage) -> bool {
    matches!(stage, Stage::AwaitingDdc | Stage::Observed)
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
        } => {
            turn.ask(
                turn.t("find-request-dni"),
                vec![turn.choice(ChoiceId::Menu(MenuItem::Start), "back-to-menu")],
            );
            Ok(State::FindingRequest {
                purpose,
                held_file,
                code_matched: Some(id),
            })
        }
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
                Err(e) => turn.say(upload_error(turn, &e)),
            }
            turn.say(turn.t("file-held"));
            return ask_for_request(turn, purpose, held_file).map(|s| (s, true));
        }
        _ => {
            unsupported(turn);
            return ask_for_request(turn, purpose, held_file).map(|s| (s, false));
        }
    };
    // Step two of a DDC download from another chat: the authority's DNI must match.
    if let Some(id) = code_matched {
        let row = store::get(conn, id).await?;
        return match (row, Dni::parse(&text)) {
            (Some(row), Ok(dni)) if row.authority_dni == dni.as_str() => {
                send_ddc(turn, conn, &row).await?;
                show_menu(turn);
                Ok((State::Idle, true))
            }
            _ => {
                turn.say(turn.t("find-request-dni-mismatch"));
                ask_for_request(turn, purpose, held_file).map(|s| (s, true))
            }
        };
    }
    let candidates: Vec<RequestRow> = if let Some((_, number)) = parse_request_code(&text) {
        store::get(conn, number)
            .await?
            .filter(|r| parse_request_code(&r.code) == parse_request_code(&text))
            .into_iter()
            .collect()
    } else if let Ok(dni) = Dni::parse(&text) {
        if purpose == Purpose::Ddc {
            // A DNI alone is not enough to hand out a document with personal data.
            turn.say(turn.t("find-request-ddc-needs-code"));
            return ask_for_request(turn, purpose, held_file).map(|s| (s, true));
        }
        store::by_authority_dni(conn, dni.as_str()).await?
    } else {
        turn.say(turn.t("find-request-invalid"));
        return ask_for_request(turn, purpose, held_file).map(|s| (s, true));
    };
    if candidates.is_empty() {
        turn.say(turn.ta("find-request-none", &[("query", text.trim().into())]));
        return ask_for_request(turn, purpose, held_file).map(|s| (s, true));
    }
    match purpose {
        Purpose::Status => {
            for row in candidates.iter().take(3) {
                status(turn, conn, row).await?;
            }
            turn.usage(conn, UsageKind::Query, Some("status")).await?;
            show_menu(turn);
            Ok((State::Idle, true))
        }
        Purpose::Ddc => {
            let row = &candidates[0];
            let same_chat =
                row.channel == turn.chat.channel.as_str() && row.chat_id == turn.chat.chat_id;
            if same_chat {
                let row = row.clone();
                send_ddc(turn, conn, &row).await?;
                show_menu(turn);
                return Ok((State::Idle, true));
            }
            turn.ask(
                turn.t("find-request-dni"),
                vec![turn.choice(ChoiceId::Menu(MenuItem::Start), "back-to-menu")],
            );
            Ok((
                State::FindingRequest {
                    purpose,
                    held_file,
                    code_matched: Some(row.id),
                },
                true,
            ))
        }
        Purpose::Upload => match candidates.iter().find(|r| accepts_upload(r.stage)) {
            Some(row) => {
                let row = row.clone();
                begin_upload(turn, conn, &row, held_file)
                    .await
                    .map(|s| (s, true))
            }
            None => {
                let row = &candidates[0];
                turn.say(turn.ta(
                    "upload-not-expected",
                    &[
                        ("code", row.code.clone().into()),
                        ("stage", turn.t(row.stage.message_key()).into()),
                    ],
                ));
                show_menu(turn);
                Ok((State::Idle, true))
            }
        },
    }
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
            accept_pdf(turn, conn, row, bytes).await
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
            turn.say(upload_error(turn, &e));
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
        FileContent::Unavailable => return Ok(Err(UploadError::Empty)),
    };
    let limits = turn.engine.settings.upload_limits();
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

fn upload_error(turn: &Turn<'_>, e: &UploadError) -> String {
    let args: Vec<(&str, Arg)> = e
        .args()
        .into_iter()
        .map(|(k, v)| (k, Arg::Num(v as f64)))
        .collect();
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
                    turn.say(upload_error(turn, &e));
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
                        turn.say(upload_error(turn, &UploadError::TooManyPhotos { max }));
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
                turn.say(upload_error(turn, &UploadError::NoPhotos));
                upload_prompt(turn, &row, 0, designation);
                return Ok((uploading(photos), true));
            }
            let mut images = Vec::with_capacity(photos.len());
            for sha in &photos {
                images.push(turn.engine.files.get(sha).await?);
            }
            match images_to_pdf(&images, &turn.engine.settings.upload_limits()) {
                Ok(pdf) => accept_upload(turn, conn, &row, pdf, designation)
                    .await
                    .map(|s| (s, true)),
                Err(e) => {
                    turn.say(upload_error(turn, &e));
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
            turn.say(turn.t("upload-waiting-file"));
            upload_prompt(turn, &row, photos.len(), designation);
            Ok((uploading(photos), false))
        }
        Input::Contact { .. } | Input::Unsupported(_) => {
            unsupported(turn);
            upload_prompt(turn, &row, photos.len(), designation);
            Ok((uploading(photos), false))
        }
    }
}

/// Checks a PDF and attaches it to the request as `kind`. A bad PDF is explained
/// and asked for again (`None`).
async fn attach_pdf(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
    pdf: &[u8],
    kind: DocumentKind,
) -> Result<Option<usize>, EngineError> {
    let checked = match check_pdf(pdf, &turn.engine.settings.upload_limits()) {
        Ok(c) => c,
        Err(e) => {
            turn.say(upload_error(turn, &e));
            upload_prompt(turn, row, 0, kind == DocumentKind::HeadDesignation);
            return Ok(None);
        }
    };
    let now = turn.unix();
    let sha = turn.engine.files.put(pdf).await?;
    files::register(conn, &sha, "application/pdf", pdf.len(), now).await?;
    files::attach(
        conn,
        row.id,
        kind,
        &sha,
        checked.pages,
        turn.chat.channel.as_str(),
        now,
    )
    .await?;
    Ok(Some(checked.pages))
}

/// Stores the signed DDC, attaches it and moves the request to UAC review.
async fn accept_pdf(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
    pdf: Vec<u8>,
) -> Result<State, EngineError> {
    let Some(pages) = attach_pdf(turn, conn, row, &pdf, DocumentKind::SignedDdc).await? else {
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
    let moved = turn
        .apply(
            conn,
            row.id,
            row.stage,
            &action,
            &Actor::Applicant,
            "applicant",
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
            turn.say(turn.ta(
                "upload-not-expected",
                &[
                    ("code", fresh.code.clone().into()),
                    ("stage", turn.t(fresh.stage.message_key()).into()),
                ],
            ));
            show_menu(turn);
            return Ok(State::Idle);
        }
    };
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
    if !designation {
        return accept_pdf(turn, conn, row, pdf).await;
    }
    let Some(pages) = attach_pdf(turn, conn, row, &pdf, DocumentKind::HeadDesignation).await?
    else {
        return Ok(State::Uploading {
            request_id: row.id,
            code: row.code.clone(),
            photos: vec![],
            designation: true,
        });
    };
    turn.say(turn.ta(
        "designation-accepted",
        &[("code", row.code.clone().into()), ("pages", pages.into())],
    ));
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
    let jurisdiction = match row.access_type {
        crate::domain::request::AccessType::Local => field_value(turn, &row.data, Field::District),
        crate::domain::request::AccessType::Regional => field_value(turn, &row.data, Field::Region),
        crate::domain::request::AccessType::Other => {
            field_value(turn, &row.data, Field::EntityName)
        }
    };
    let mut lines = vec![turn.ta(
        "status-header",
        &[
            ("code", row.code.clone().into()),
            ("type", turn.t(row.access_type.message_key()).into()),
            ("jurisdiction", jurisdiction.into()),
            ("stage", turn.t(row.stage.message_key()).into()),
        ],
    )];
    let next_key = format!("status-next-{}", row.stage.as_str().replace('_', "-"));
    lines.push(turn.ta(&next_key, &[("authority", authority(turn, row))]));
    if let Some(due) = row.stage_due_on {
        let key = if due < turn.today() {
            "status-due-late"
        } else {
            "status-due"
        };
        lines.push(turn.ta(key, &[("date", turn.date(due).into())]));
    }
    if let Some(expected) = turn
        .workflow()
        .expected_account(row.stage, row.stage_due_on)
    {
        lines.push(turn.ta("status-expected", &[("date", turn.date(expected).into())]));
    }
    if row.is_modification && !row.stage.is_terminal() {
        lines.push(turn.t("status-modification"));
    }
    turn.say(lines.join("\n"));
    turn.usage(conn, UsageKind::Query, Some("status")).await?;
    Ok(())
}

/// Renders the request's DDC, stores it and adds it to the replies.
pub(crate) async fn send_ddc(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
) -> Result<(), EngineError> {
    let layout = crate::documents::ddc_text::layout(&turn.engine.locales, row, turn.today());
    let pdf = render_ddc(&layout).map_err(|e| EngineError::Document(e.to_string()))?;
    let sha = turn.engine.files.put(&pdf).await?;
    files::register(conn, &sha, "application/pdf", pdf.len(), turn.unix()).await?;
    turn.usage(conn, UsageKind::Download, Some(&row.code))
        .await?;
    let caption = turn.ta("ddc-caption", &[("code", row.code.clone().into())]);
    turn.document(sha, format!("DDC-{}.pdf", row.code), caption);
    Ok(())
}
