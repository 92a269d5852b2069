//! Receiving the signed DDC and the designation document: PDFs or photos, checked and attached.

use super::*;
use crate::services::corrections::Sent;

pub(super) fn upload_prompt(
    turn: &mut Turn<'_>,
    row: &RequestRow,
    photos: usize,
    designation: bool,
) {
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

pub(super) fn photo_choices(turn: &mut Turn<'_>, photos: usize) {
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

pub(super) async fn begin_upload(
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
            let state = accept_upload(turn, conn, row, bytes, false, false).await;
            // Refused, it is not kept: what the bot did not take leaves no trace.
            files::discard_unregistered(conn, &turn.engine.files, &[sha256]).await?;
            state
        }
        Some(HeldFile {
            sha256,
            photo: true,
        }) => {
            photo_choices(turn, 1);
            Ok(State::Request(RequestStep::Uploading {
                request_id: row.id,
                code: row.code.clone(),
                photos: vec![sha256],
                designation: false,
            }))
        }
        None => {
            upload_prompt(turn, row, 0, false);
            Ok(State::Request(RequestStep::Uploading {
                request_id: row.id,
                code: row.code.clone(),
                photos: vec![],
                designation: false,
            }))
        }
    }
}

/// A file sent with no flow open: keep it, then find the request it belongs to.
pub(in crate::conversation) async fn file_without_flow(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    file: IncomingFile,
) -> Result<Step, EngineError> {
    match hold(turn, file).await? {
        Ok(held) => start(turn, conn, Purpose::Upload, Some(held)).await,
        Err(e) => {
            turn.say(upload_error(turn, &e, false));
            show_menu(turn);
            Ok(Step::to(State::Idle))
        }
    }
}

/// Checks a file and stores it by content hash, without attaching it yet.
pub(super) async fn hold(
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
pub(super) fn upload_error(turn: &Turn<'_>, e: &UploadError, designation: bool) -> String {
    let doc = if designation { "designation" } else { "ddc" };
    let mut args: Vec<(&str, Arg)> = e
        .args()
        .into_iter()
        .map(|(k, v)| (k, Arg::Num(v as f64)))
        .collect();
    args.push(("doc", Arg::Str(doc.into())));
    turn.ta(e.key(), &args)
}

pub(super) async fn upload_step(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    request_id: i64,
    code: String,
    photos: Vec<String>,
    designation: bool,
    input: Input,
) -> Result<Step, EngineError> {
    let Some(row) = store::get(conn, request_id).await? else {
        show_menu(turn);
        return Ok(Step::to(State::Idle));
    };
    let at = UploadAt {
        request_id,
        code: &code,
        designation,
    };
    match input {
        Input::File(file) => file_sent(turn, conn, &row, &at, photos, file).await,
        Input::Choice(ChoiceId::PhotosDone) => photos_done(turn, conn, &row, &at, photos).await,
        Input::Choice(ChoiceId::PhotosReset) => {
            files::discard_unregistered(conn, &turn.engine.files, &photos).await?;
            turn.say(turn.t("photos-cleared"));
            upload_prompt(turn, &row, 0, designation);
            Ok(Step::to(at.with(vec![])))
        }
        // «Todavía no la tengo», «no tengo»: nothing to send yet. How to come back with
        // it, and the menu, instead of waiting for a file that is not there.
        Input::Text(text) if photos.is_empty() && crate::domain::values::says_none(&text) => {
            turn.say(turn.ta(
                "upload-later",
                &[(
                    "doc",
                    Arg::from(if designation { "designation" } else { "ddc" }),
                )],
            ));
            show_menu(turn);
            Ok(Step::to(State::Idle))
        }
        Input::Text(_) | Input::Choice(_) | Input::Stale => {
            turn.say(turn.t(if designation {
                "designation-waiting-file"
            } else {
                "upload-waiting-file"
            }));
            upload_prompt(turn, &row, photos.len(), designation);
            Ok(Step::unclear(at.with(photos)))
        }
        Input::Contact { .. }
        | Input::FormReply { .. }
        | Input::Unsupported(_)
        | Input::Form(_) => {
            unsupported(turn);
            upload_prompt(turn, &row, photos.len(), designation);
            Ok(Step::unclear(at.with(photos)))
        }
    }
}

/// The upload step a file or a tap answers: its request and whether it waits for
/// the designation document.
struct UploadAt<'a> {
    request_id: i64,
    code: &'a str,
    designation: bool,
}

impl UploadAt<'_> {
    /// The step again, holding `photos`.
    fn with(&self, photos: Vec<String>) -> State {
        State::Request(RequestStep::Uploading {
            request_id: self.request_id,
            code: self.code.to_owned(),
            photos,
            designation: self.designation,
        })
    }
}

/// A file at the upload step: a PDF is checked and accepted (it replaces any photos
/// held), a photo is held until «Listo».
async fn file_sent(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
    at: &UploadAt<'_>,
    mut photos: Vec<String>,
    file: IncomingFile,
) -> Result<Step, EngineError> {
    let designation = at.designation;
    let is_photo_flow = !photos.is_empty();
    match hold(turn, file).await? {
        Err(e) => {
            turn.say(upload_error(turn, &e, designation));
            upload_prompt(turn, row, photos.len(), designation);
            Ok(Step::to(at.with(photos)))
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
            let state = accept_upload(turn, conn, row, bytes, designation, false).await;
            // The photos it replaces, and the PDF itself when refused, are not kept.
            photos.push(sha256);
            files::discard_unregistered(conn, &turn.engine.files, &photos).await?;
            state.map(Step::to)
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
                return Ok(Step::to(at.with(photos)));
            }
            photos.push(sha256);
            photo_choices(turn, photos.len());
            Ok(Step::to(at.with(photos)))
        }
    }
}

/// «Listo» after the photos: they are assembled into one PDF and accepted; the
/// originals are let go either way.
async fn photos_done(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
    at: &UploadAt<'_>,
    photos: Vec<String>,
) -> Result<Step, EngineError> {
    let designation = at.designation;
    if photos.is_empty() {
        turn.say(upload_error(turn, &UploadError::NoPhotos, designation));
        upload_prompt(turn, row, 0, designation);
        return Ok(Step::to(at.with(photos)));
    }
    let mut images = Vec::with_capacity(photos.len());
    for sha in &photos {
        match turn.engine.files.get(sha).await {
            Ok(image) => images.push(image),
            // Photos held past `unkept_upload_days` were swept: ask for them
            // again rather than fail the turn.
            Err(crate::store::StoreError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                files::discard_unregistered(conn, &turn.engine.files, &photos).await?;
                let days = turn.engine.settings.retention.unkept_upload_days;
                turn.say(turn.ta("photos-expired", &[("days", days.into())]));
                upload_prompt(turn, row, 0, designation);
                return Ok(Step::to(at.with(vec![])));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let assembled = images_to_pdf(
        &images,
        &UploadLimits::from_settings(&turn.engine.settings.storage),
    );
    // The originals are personal data the PDF already holds: never kept.
    files::discard_unregistered(conn, &turn.engine.files, &photos).await?;
    match assembled {
        Ok(pdf) => accept_upload(turn, conn, row, pdf, designation, true)
            .await
            .map(Step::to),
        Err(e) => {
            turn.say(upload_error(turn, &e, designation));
            upload_prompt(turn, row, 0, designation);
            Ok(Step::to(at.with(vec![])))
        }
    }
}

/// Checks a PDF before anything is attached; a bad one is explained and asked for
/// again (`None`).
pub(super) fn check(
    turn: &mut Turn<'_>,
    row: &RequestRow,
    pdf: &[u8],
    kind: DocumentKind,
) -> Option<usize> {
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
pub(super) async fn attach_pdf(
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
pub(super) async fn accept_pdf(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
    pdf: Vec<u8>,
    from_photos: bool,
) -> Result<State, EngineError> {
    let Some(pages) = check(turn, row, &pdf, DocumentKind::SignedDdc) else {
        return Ok(State::Request(RequestStep::Uploading {
            request_id: row.id,
            code: row.code.clone(),
            photos: vec![],
            designation: false,
        }));
    };
    let proof = match prove_ddc(turn, conn, row, &pdf, from_photos).await? {
        Ok(proof) => proof,
        Err(refusal) => {
            turn.say(refusal);
            upload_prompt(turn, row, 0, false);
            return Ok(State::Request(RequestStep::Uploading {
                request_id: row.id,
                code: row.code.clone(),
                photos: vec![],
                designation: false,
            }));
        }
    };
    let moved = match take_signed_ddc(turn, conn, row).await {
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
    files::record_proof(conn, row.id, &crate::documents::sha256_hex(&pdf), &proof).await?;
    let own_chat = row.made_from(turn.chat.key());
    if !own_chat {
        let event = crate::events::Event::DdcArrivedElsewhere {
            request: moved.clone(),
            on: turn.today(),
        };
        turn.notify(conn, vec![event]).await?;
    }
    turn.usage(conn, UsageKind::Upload, Some(&row.code)).await?;
    turn.say(turn.ta(
        "upload-accepted",
        &[("code", row.code.clone().into()), ("pages", pages.into())],
    ));
    status(turn, conn, &moved).await?;
    // Otro Aliado also sends the document designating the head of the entity.
    if row.access_type.needs_designation_doc()
        && files::latest(conn, row.id, DocumentKind::HeadDesignation)
            .await?
            .is_none()
    {
        upload_prompt(turn, &moved, 0, true);
        return Ok(State::Request(RequestStep::Uploading {
            request_id: row.id,
            code: row.code.clone(),
            photos: vec![],
            designation: true,
        }));
    }
    show_menu(turn);
    Ok(State::Idle)
}

/// The request moved on by its signed DDC: answering an observation, back to
/// review (the observation closed in the history); an approved access's new DDC,
/// received (UAC hears it arrived); else the upload's own transition.
async fn take_signed_ddc(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
) -> Result<RequestRow, WorkflowError> {
    let label = sender_label(turn, row);
    if row.stage == Stage::Observed {
        return turn
            .return_to_review(conn, row, Sent::SignedDdc, label)
            .await;
    }
    if matches!(row.stage, Stage::Active | Stage::Suspended) {
        let note = turn.engine.locales.t("es", "history-new-ddc-received");
        let (moved, events) = crate::services::new_ddc::receive(
            conn,
            &turn.workflow(),
            row,
            label,
            &note,
            turn.unix(),
        )
        .await?;
        turn.notify(conn, events)
            .await
            .map_err(WorkflowError::Store)?;
        return Ok(moved);
    }
    turn.apply(
        conn,
        row.id,
        row.stage,
        &Action::UploadDdc,
        &Actor::Applicant,
        label,
        None,
    )
    .await
}

/// Asks the service whether a PDF that passed the checks is this request's signed
/// paper; a refusal comes back as the message that explains it.
pub(super) async fn prove_ddc(
    turn: &Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
    pdf: &[u8],
    from_photos: bool,
) -> Result<Result<files::DdcProof, String>, EngineError> {
    use crate::services::ddc_proof::{self, NotThisPaper};
    let limits = UploadLimits::from_settings(&turn.engine.settings.storage);
    let roots = crate::documents::signature::TrustedRoots::load(
        &turn.engine.settings.storage.trusted_signature_roots,
    );
    Ok(
        match ddc_proof::prove(conn, &limits, &roots, row, pdf, from_photos).await? {
            Ok(proof) => Ok(proof),
            // The unsigned DDC back: who must sign it, for this access type.
            Err(NotThisPaper::Upload(e @ UploadError::UnsignedDdc)) => Err(turn.ta(
                e.key(),
                &[("authority", super::status_view::authority(turn, row))],
            )),
            Err(NotThisPaper::Upload(e)) => Err(upload_error(turn, &e, false)),
            Err(NotThisPaper::OtherRequest(other)) => Err(turn.ta(
                "upload-other-request",
                &[("other", other.into()), ("code", row.code.clone().into())],
            )),
        },
    )
}

/// The PDF (sent or assembled from photos) for the step in progress.
pub(super) async fn accept_upload(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
    pdf: Vec<u8>,
    designation: bool,
    from_photos: bool,
) -> Result<State, EngineError> {
    // Asked again with what the database knows, whatever the conversation state says.
    let who = standing(turn, conn, row).await?;
    if !decide(who, Act::Upload, row).allowed() {
        refuse(turn);
        show_menu(turn);
        return Ok(State::Idle);
    }
    if !designation {
        return accept_pdf(turn, conn, row, pdf, from_photos).await;
    }
    let Some(pages) = check(turn, row, &pdf, DocumentKind::HeadDesignation) else {
        return Ok(State::Request(RequestStep::Uploading {
            request_id: row.id,
            code: row.code.clone(),
            photos: vec![],
            designation: true,
        }));
    };
    if !accepts_designation(row.stage) {
        return Ok(not_now(turn, "designation-not-expected", row));
    }
    attach_pdf(turn, conn, row, &pdf, pages, DocumentKind::HeadDesignation).await?;
    turn.say(turn.ta(
        "designation-accepted",
        &[("code", row.code.clone().into()), ("pages", pages.into())],
    ));
    // Sent to answer an observation: the request goes back to UAC review, unless
    // the new DDC a correction called for is still to be signed.
    if row.stage == Stage::Observed && !files::signed_ddc_outdated(conn, row.id).await? {
        let label = sender_label(turn, row);
        match turn
            .return_to_review(conn, row, Sent::Designation, label)
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
