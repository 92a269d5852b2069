//! The review desk: the requests of the stages a member's roles work, one request
//! with everything a reviewer needs, and the stage's actions. An action goes through
//! the same workflow service as the chat, in one transaction with the notices it
//! causes (events → notify → outbox), so the applicant hears of it in their chat.

use axum::Form;
use axum::extract::rejection::{FormRejection, PathRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::auth::{Signed, csrf_ok};
use super::error::ConsoleError;
use super::views::{Banner, Console, Disposition, file_response};
use crate::domain::calendar::{lima_date, lima_datetime};
use crate::domain::jne::JneCheck;
use crate::domain::observation::ObservationReason;
use crate::domain::request::{AccessType, Field, parse_request_code, request_code};
use crate::domain::stage::{Role, Stage};
use crate::domain::ubigeo::Catalog;
use crate::i18n::Arg;
use crate::message::ReviewAct;
use crate::services::requests::{Workflow, WorkflowError};
use crate::services::review::{
    self, ReviewError, action_key, field_label, field_value, queue_stages, review_action,
};
use crate::store::files::{self, DocumentKind};
use crate::store::personal_data::{self, AccessAction, StaffReader};
use crate::store::requests::{self, DeskFilter, RequestRow};
use crate::store::staff::StaffMember;
use crate::store::{Conn, StoreError};

/// The review desk's address (`/console/` is the member's home).
pub const DESK: &str = "/console/desk";

/// Longest desk listing; filters narrow it further.
const DESK_LIMIT: i64 = 200;

/// Records a console read of a request's personal data (Ley 29733), like the chat's.
async fn record_read(
    c: &Console,
    conn: &mut Conn,
    member: &StaffMember,
    request_id: i64,
    what: &str,
) -> Result<(), StoreError> {
    let reader = StaffReader::Console {
        staff_id: member.id,
    };
    let now = c.app.clock.unix();
    personal_data::record_staff_read(conn, reader, request_id, AccessAction::Review, what, now)
        .await?;
    Ok(())
}

#[derive(Debug, Default, Deserialize)]
pub struct DeskQuery {
    #[serde(default)]
    stage: String,
    #[serde(default, rename = "type")]
    access_type: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    code: String,
}

#[derive(Debug, Serialize)]
struct Option_ {
    value: String,
    label: String,
    selected: bool,
}

/// An access whose jurisdiction the JNE list gives another authority.
#[derive(Debug, Serialize)]
struct ChangeRow {
    id: i64,
    code: String,
    jurisdiction: String,
    stage: String,
    names: String,
    due: String,
}

#[derive(Debug, Serialize)]
struct DeskRow {
    id: i64,
    code: String,
    access_type: String,
    jurisdiction: String,
    stage: String,
    due: String,
    overdue: bool,
}

/// `GET /console/`: the desk, oldest deadline first, with its filters.
pub async fn list(
    State(c): State<Console>,
    signed: Signed,
    Query(q): Query<DeskQuery>,
) -> Result<Response, ConsoleError> {
    desk_page(&c, &signed, &q).await
}

/// The desk as a member's home (their roles work only the review stages).
pub async fn as_home(
    c: &Console,
    signed: &Signed,
    q: &DeskQuery,
) -> Result<Response, ConsoleError> {
    desk_page(c, signed, q).await
}

async fn desk_page(c: &Console, signed: &Signed, q: &DeskQuery) -> Result<Response, ConsoleError> {
    let lang = signed.lang;
    let t = |key: &str| c.t(lang, key, &[]);
    let member = &signed.session.member;
    let all_stages = queue_stages(member);
    let stage = Stage::parse(q.stage.trim()).filter(|s| all_stages.contains(s));
    let stages = stage.map(|s| vec![s]).unwrap_or_else(|| all_stages.clone());
    let access_type = AccessType::parse(q.access_type.trim());
    let catalog = Catalog::embedded();
    let region = q.region.trim();
    let region = (!region.is_empty() && catalog.region_name(region).is_some()).then_some(region);
    let typed_code = q.code.trim();
    let (code, banner) = match typed_code {
        "" => (None, None),
        typed => match parse_request_code(typed) {
            Some((year, id)) => (Some(request_code(year, id)), None),
            None => {
                let args = [("code", typed.into())];
                let text = c.t(lang, "console-code-invalid", &args);
                (None, Some(Banner::problem(text)))
            }
        },
    };
    // Pure reads: beside the writer, never waiting for it (SQLite WAL).
    let mut conn = c.app.store.read.acquire().await?;
    let rows = requests::desk(
        &mut conn,
        &DeskFilter {
            stages: &stages,
            access_type,
            region,
            code: code.as_deref(),
            limit: DESK_LIMIT,
        },
    )
    .await?;
    let mut rows = rows;
    // UAC also accepts the new signed DDCs that arrived for approved accesses.
    if member.has(Role::Uac) && stage.is_none() && code.is_none() {
        for row in crate::services::new_ddc::awaiting_acceptance(&mut conn).await? {
            if !rows.iter().any(|r| r.id == row.id) {
                rows.push(row);
            }
        }
    }
    // The accesses whose authority the JNE list changed: UAC settles them.
    let changes = if signed.viewer.export {
        crate::services::authority::open(&mut conn).await?
    } else {
        vec![]
    };
    let changes: Vec<ChangeRow> = changes
        .iter()
        .map(|f| ChangeRow {
            id: f.request.id,
            code: f.request.code.clone(),
            jurisdiction: f.request.jurisdiction_label(),
            stage: t(f.request.stage.message_key()),
            names: f.change.listed_names.clone(),
            due: crate::notify::date(f.change.due_on),
        })
        .collect();
    let today = lima_date(c.app.clock.now());
    let listed: Vec<DeskRow> = rows
        .iter()
        .map(|r| DeskRow {
            id: r.id,
            code: r.code.clone(),
            access_type: t(r.access_type.message_key()),
            jurisdiction: r.jurisdiction_label(),
            stage: t(r.stage.message_key()),
            due: r
                .stage_due_on
                .map(crate::notify::date)
                .unwrap_or_else(|| t("console-due-none")),
            overdue: r.stage_due_on.is_some_and(|d| d < today),
        })
        .collect();
    let filters = Filters::of(c, lang, &all_stages, stage, access_type, region);
    Ok(c.page(
        StatusCode::OK,
        lang,
        "desk.html",
        Some(&signed.viewer),
        context! {
            banner => Value::from(Serde(&banner)),
            works_stages => !all_stages.is_empty(),
            changes => Value::from(Serde(&changes)),
            rows => Value::from(Serde(&listed)),
            stage_options => Value::from(Serde(&filters.stages)),
            type_options => Value::from(Serde(&filters.types)),
            region_options => Value::from(Serde(&filters.regions)),
            code => typed_code,
            filtered => stage.is_some() || access_type.is_some() || region.is_some() || code.is_some(),
        },
    ))
}

/// The desk's filters: each choice, the one asked for selected.
struct Filters {
    stages: Vec<Option_>,
    types: Vec<Option_>,
    regions: Vec<Option_>,
}

impl Filters {
    fn of(
        c: &Console,
        lang: &'static str,
        all_stages: &[Stage],
        stage: Option<Stage>,
        access_type: Option<AccessType>,
        region: Option<&str>,
    ) -> Filters {
        let t = |key: &str| c.t(lang, key, &[]);
        let stages = all_stages
            .iter()
            .map(|s| Option_ {
                value: s.as_str().to_owned(),
                label: t(s.message_key()),
                selected: Some(*s) == stage,
            })
            .collect();
        let types = AccessType::ALL
            .iter()
            .map(|a| Option_ {
                value: a.as_str().to_owned(),
                label: t(a.message_key()),
                selected: Some(*a) == access_type,
            })
            .collect();
        let catalog = Catalog::embedded();
        let mut regions: Vec<Option_> = catalog
            .departments()
            .into_iter()
            .filter_map(|name| {
                let code = catalog.department_code(name)?;
                Some(Option_ {
                    selected: Some(code.as_str()) == region,
                    value: code,
                    label: name.to_owned(),
                })
            })
            .collect();
        regions.sort_by(|a, b| a.label.cmp(&b.label));
        Filters {
            stages,
            types,
            regions,
        }
    }
}

#[derive(Debug, Serialize)]
struct FieldView {
    label: String,
    value: String,
}

#[derive(Debug, Serialize)]
struct DocumentView {
    url: String,
    title: String,
    pages: i64,
    /// What the upload check found (QR, verification code, digital signature, source).
    notes: Vec<String>,
}

#[derive(Debug, Serialize)]
struct HistoryView {
    when: String,
    who: String,
    from: String,
    to: String,
    note: String,
}

#[derive(Debug, Serialize)]
struct ActionView {
    code: &'static str,
    label: String,
    /// "none", "required" or "optional".
    note: &'static str,
    reasons: Vec<Option_>,
    /// A suspension: a date field for when it ends.
    until: bool,
}

/// `GET /console/requests/{id}`: the request's page, if the policy lets the member
/// see its personal data; after a refused action, what they typed in its box.
pub async fn request(
    State(c): State<Console>,
    signed: Signed,
    Path(id): Path<i64>,
) -> Result<Response, ConsoleError> {
    let lang = signed.lang;
    let member = &signed.session.member;
    let mut conn = c.app.store.pool.acquire().await?;
    let view = load(&c, &mut conn, member, id, lang).await?;
    let draft: Option<ActDraft> = signed.draft();
    Ok(c.page(
        StatusCode::OK,
        lang,
        "request.html",
        Some(&signed.viewer),
        context! { draft => Value::from(Serde(&draft)), ..*view },
    ))
}

/// A request and what the member may see and do with it, read and recorded.
async fn load(
    c: &Console,
    conn: &mut Conn,
    member: &StaffMember,
    id: i64,
    lang: &'static str,
) -> Result<Box<Value>, ConsoleError> {
    let t = |key: &str| c.t(lang, key, &[]);
    let ta = |key: &str, args: &[(&str, Arg)]| c.t(lang, key, args);
    let row = requests::get(conn, id)
        .await?
        .ok_or(ConsoleError::NotFound("console-not-found"))?;
    let view = crate::services::requests::staff_view(conn, member, &row).await?;
    if !view.data {
        return Err(ConsoleError::Refused("console-refused"));
    }
    record_read(c, conn, member, row.id, "request").await?;
    let fields: Vec<FieldView> = row
        .data
        .fields()
        .into_iter()
        .filter(|f| *f != Field::AccessType)
        .map(|f| FieldView {
            label: field_label(&ta, &row.data, f),
            value: field_value(&t, &row.data, f),
        })
        .collect();
    let check = crate::services::requests::jne_check(conn, &row).await?;
    let names = match &check {
        JneCheck::Matches { names } | JneCheck::DniMismatch { names } => names.clone(),
        _ => String::new(),
    };
    let jne_ok = matches!(check, JneCheck::Matches { .. });
    let jne = ta(check.key(), &[("names", names.into())]);
    // The verification code and the other-authority warning, as the chat shows them.
    let mut ddc_notes = if view.documents {
        let other = crate::services::requests::other_authority_on_file(conn, &row).await?;
        review::ddc_notes(&ta, &row, other)
    } else {
        vec![]
    };
    // A new signed DDC asked of an approved access, as the chat shows it.
    if let Some(ask) = crate::services::new_ddc::awaited(conn, &row).await? {
        ddc_notes.push(crate::services::new_ddc::describe(&ta, &ask));
    }
    // What the applicant corrected since UAC's observation, as the chat shows it.
    let corrections = match crate::services::corrections::since_observation(conn, &row).await? {
        Some(since) => crate::services::corrections::describe(&ta, &row.data, &since),
        None => vec![],
    };
    let documents = match view.documents {
        true => documents_of(c, conn, &row, lang).await?,
        false => vec![],
    };
    let history = history_of(c, conn, &row, lang).await?;
    let may_act = view.act;
    let actions: Vec<ActionView> = if may_act {
        review::actions_on(conn, &row)
            .await?
            .into_iter()
            .map(|a| action_view(a, row.access_type, &t))
            .collect()
    } else {
        vec![]
    };
    let today = lima_date(c.app.clock.now());
    Ok(Box::new(context! {
        id => row.id,
        code => row.code.clone(),
        access_type => t(row.access_type.message_key()),
        jurisdiction => row.jurisdiction_label(),
        stage => t(row.stage.message_key()),
        stage_code => row.stage.as_str(),
        due => row.stage_due_on.map(crate::notify::date),
        overdue => row.stage_due_on.is_some_and(|d| d < today),
        modification => row.is_modification(),
        fields => Value::from(Serde(&fields)),
        jne => jne,
        jne_ok => jne_ok,
        documents => Value::from(Serde(&documents)),
        ddc_notes => ddc_notes,
        corrections => corrections,
        history => Value::from(Serde(&history)),
        actions => Value::from(Serde(&actions)),
    }))
}

/// The signed documents a reviewer may see, each with what the upload check found.
async fn documents_of(
    c: &Console,
    conn: &mut Conn,
    row: &RequestRow,
    lang: &'static str,
) -> Result<Vec<DocumentView>, StoreError> {
    let ta = |key: &str, args: &[(&str, Arg)]| c.t(lang, key, args);
    let mut documents = vec![];
    for (kind, slug, key) in [
        (DocumentKind::SignedDdc, "ddc", "console-ddc-frame"),
        (
            DocumentKind::HeadDesignation,
            "designation",
            "console-designation-frame",
        ),
    ] {
        let Some((_, pages)) = files::latest(conn, row.id, kind).await? else {
            continue;
        };
        let notes = match kind {
            DocumentKind::SignedDdc => files::latest_proof(conn, row.id)
                .await?
                .map(|proof| {
                    crate::documents::proof::describe(
                        &c.app.engine.locales,
                        lang,
                        &proof,
                        &row.verification_code
                            .as_ref()
                            .map(|v| v.grouped())
                            .unwrap_or_default(),
                    )
                })
                .unwrap_or_default(),
            DocumentKind::HeadDesignation => vec![],
        };
        documents.push(DocumentView {
            url: format!("/console/requests/{}/files/{slug}", row.id),
            title: ta(key, &[("code", row.code.clone().into())]),
            pages,
            notes,
        });
    }
    Ok(documents)
}

/// The request's history: its moves between stages and the applicant's
/// corrections (masked), oldest first.
async fn history_of(
    c: &Console,
    conn: &mut Conn,
    row: &RequestRow,
    lang: &'static str,
) -> Result<Vec<HistoryView>, StoreError> {
    let t = |key: &str| c.t(lang, key, &[]);
    let ta = |key: &str, args: &[(&str, Arg)]| c.t(lang, key, args);
    let when = |at: i64| {
        chrono::DateTime::from_timestamp(at, 0)
            .map(|d| lima_datetime(d).format("%d/%m/%Y %H:%M").to_string())
            .unwrap_or_default()
    };
    let mut history: Vec<((i64, u8), HistoryView)> = requests::transitions(conn, row.id)
        .await?
        .into_iter()
        .map(|h| {
            let view = HistoryView {
                when: when(h.at),
                who: actor_name(&h.actor, &t),
                from: Stage::parse(&h.from)
                    .map(|s| t(s.message_key()))
                    .unwrap_or(h.from),
                to: Stage::parse(&h.to)
                    .map(|s| t(s.message_key()))
                    .unwrap_or(h.to),
                note: h.note.unwrap_or_default(),
            };
            ((h.at, 1), view)
        })
        .collect();
    // Each correction is a line of the history too: the field, old and new (masked).
    for change in requests::changes_since(conn, row.id, 0).await? {
        let value = |v: &str| {
            if v.is_empty() {
                t("value-empty")
            } else {
                v.to_owned()
            }
        };
        let note = ta(
            "fix-since-change",
            &[
                (
                    "field",
                    field_label(&ta, &row.data, change.change.field).into(),
                ),
                ("old", value(&change.change.old).into()),
                ("new", value(&change.change.new).into()),
            ],
        );
        let view = HistoryView {
            when: when(change.at),
            who: actor_name(&change.actor, &t),
            from: String::new(),
            to: String::new(),
            note,
        };
        history.push(((change.at, 0), view));
    }
    // A correction comes before the return to review made in the same second.
    history.sort_by_key(|(at, _)| *at);
    Ok(history.into_iter().map(|(_, v)| v).collect())
}

/// How the history names who moved a request: the staff member's name, the
/// applicant, or the system (deadlines).
fn actor_name(actor: &str, t: &dyn Fn(&str) -> String) -> String {
    if let Some(rest) = actor.strip_prefix("staff:") {
        return rest
            .split_once(' ')
            .map(|(_, name)| name.to_owned())
            .unwrap_or_else(|| rest.to_owned());
    }
    match actor {
        "applicant" => t("console-actor-applicant"),
        "system" => t("console-actor-system"),
        other => other.to_owned(),
    }
}

fn action_view(act: ReviewAct, access_type: AccessType, t: &dyn Fn(&str) -> String) -> ActionView {
    let note = match act {
        _ if review::needs_note(act) => "required",
        ReviewAct::Favourable => "optional",
        _ => "none",
    };
    // Prepared reasons: an observation's as its code, a suspension's or a
    // revocation's as its message key.
    let reasons: Vec<(String, String)> = match act {
        // Those that fit the request's access type (no JNE for an entity's head).
        ReviewAct::Observe => ObservationReason::ALL
            .iter()
            .filter(|r| r.applies_to(access_type))
            .map(|r| (r.code().to_owned(), t(r.message_key())))
            .collect(),
        ReviewAct::Suspend | ReviewAct::Revoke => review::SUSPENSION_REASONS
            .iter()
            .map(|key| ((*key).to_owned(), t(key)))
            .collect(),
        _ => vec![],
    };
    let reasons = reasons
        .into_iter()
        .map(|(value, label)| Option_ {
            value,
            label,
            selected: false,
        })
        .collect();
    ActionView {
        code: act.code(),
        label: t(action_key(act)),
        note,
        reasons,
        until: act == ReviewAct::Suspend,
    }
}

/// The signed documents a request page shows, by their address's last part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Document {
    Ddc,
    Designation,
}

impl Document {
    /// What is kept, what the read record says was read, the downloaded file's name.
    fn what(self) -> (DocumentKind, &'static str, &'static str) {
        match self {
            Self::Ddc => (DocumentKind::SignedDdc, "signed_ddc", "DDC-firmada"),
            Self::Designation => (DocumentKind::HeadDesignation, "designation", "designacion"),
        }
    }
}

/// `GET /console/requests/{id}/files/{ddc|designation}`: the signed document inline,
/// only to who may see it; each read recorded.
pub async fn document(
    State(c): State<Console>,
    signed: Signed,
    path: Result<Path<(i64, Document)>, PathRejection>,
) -> Result<Response, ConsoleError> {
    let Path((id, document)) = path.map_err(|_| ConsoleError::NotFound("console-not-found"))?;
    let (kind, what, name) = document.what();
    let member = &signed.session.member;
    let mut conn = c.app.store.pool.acquire().await?;
    let row = requests::get(&mut conn, id)
        .await?
        .ok_or(ConsoleError::NotFound("console-not-found"))?;
    if !crate::services::requests::staff_view(&mut conn, member, &row)
        .await?
        .documents
    {
        return Err(ConsoleError::Refused("console-refused"));
    }
    let (sha, _) = files::latest(&mut conn, row.id, kind)
        .await?
        .ok_or(ConsoleError::NotFound("console-not-found"))?;
    let bytes = c.app.files.get(&sha).await?;
    record_read(&c, &mut conn, member, row.id, what).await?;
    let pdf = bytes.starts_with(b"%PDF");
    let (mime, how) = if pdf {
        ("application/pdf", Disposition::Inline)
    } else {
        ("application/octet-stream", Disposition::Attachment)
    };
    let mut response = file_response(bytes, mime, how, &format!("{name}-{}.pdf", row.code));
    // Whatever a viewer would run in it (scripts, forms, plugins' actions) runs
    // in a sandbox with no origin and may fetch nothing.
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'",
        ),
    );
    // The request's page shows it in a frame.
    response.headers_mut().insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct ActForm {
    #[serde(default)]
    csrf: String,
    /// The page's one-time form token.
    #[serde(default)]
    once: String,
    /// The stage the page showed: the action applies only if the request is still
    /// there.
    stage: Stage,
    action: ReviewAct,
    #[serde(flatten)]
    typed: ActDraft,
}

/// What the reviewer typed with an action: put back in its box when the action is
/// refused for it (Post/Redirect/Get keeps it in the session for the page).
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ActDraft {
    /// The action it was typed for (its code), so only that form gets it back.
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
    /// A suspension's end date (`YYYY-MM-DD`), when it ends on one.
    #[serde(default)]
    until: String,
}

/// `POST /console/requests/{id}/act`: a stage action, as the chat's buttons do it,
/// answered with a redirect (Post/Redirect/Get) whatever it comes to.
pub async fn act(
    State(c): State<Console>,
    signed: Signed,
    Path(id): Path<i64>,
    form: Result<Form<ActForm>, FormRejection>,
) -> Result<Response, ConsoleError> {
    let here = format!("/console/requests/{id}");
    // A stage or an action the console does not offer (a page from an older
    // version): the request's page again, nothing done.
    let Form(form) = form.map_err(|_| ConsoleError::Back {
        to: here.clone(),
        key: "console-stale-form",
    })?;
    if !csrf_ok(&signed, &form.csrf) {
        return Err(ConsoleError::Csrf);
    }
    let nonce = c.form_nonce(&signed, &form.once, &here)?;
    let lang = signed.lang;
    let (expected, act) = (form.stage, form.action);
    let typed = &form.typed;
    // A listed reason is kept as its code; the note is what the reviewer typed, else
    // the reason's Spanish words, as the chat keeps them.
    let listed = Some(typed.reason.trim())
        .filter(|_| act == ReviewAct::Observe)
        .and_then(ObservationReason::parse);
    let note = typed.note.trim();
    let note = if !note.is_empty() {
        Some(note.to_owned())
    } else {
        let suspension = review::SUSPENSION_REASONS
            .iter()
            .filter(|_| matches!(act, ReviewAct::Suspend | ReviewAct::Revoke))
            .find(|key| **key == typed.reason.trim());
        listed
            .map(|r| c.t("es", r.message_key(), &[]))
            .or_else(|| suspension.map(|key| c.t("es", key, &[])))
    };
    // A suspension until a date ends on it; without one, on a condition UAC checks.
    let until = chrono::NaiveDate::parse_from_str(typed.until.trim(), "%Y-%m-%d").ok();
    let action = match until {
        Some(until) if act == ReviewAct::Suspend => {
            review::suspension_until(note.as_deref(), until, lima_date(c.app.clock.now()))
        }
        _ => review_action(act, note.as_deref(), listed),
    };
    // Bad input loses nothing: back to the page with what to fix, and what was
    // typed in its box.
    let Some(action) = action else {
        let text = c.t(lang, "console-note-missing", &[]);
        let draft = ActDraft {
            action: act.code().to_owned(),
            ..form.typed
        };
        return c.back(&signed, &here, Banner::problem(text), &draft).await;
    };
    let ta = |key: &str, args: &[(&str, Arg)]| c.t(lang, key, args);
    let refused = match apply(&c, &signed, nonce, id, expected, &action, note.as_deref()).await {
        Ok(Some(row)) => {
            let text = c.t(
                lang,
                "staff-done",
                &[
                    ("code", row.code.clone().into()),
                    ("stage", c.t(lang, row.stage.message_key(), &[]).into()),
                ],
            );
            return c.redirect(&signed, DESK, Banner::done(text)).await;
        }
        Ok(None) => return c.already_sent(&signed, &here).await,
        Err(ReviewError::NotAllowed) => return Err(ConsoleError::Refused("console-refused")),
        Err(ReviewError::Workflow(WorkflowError::NotFound)) => {
            return Err(ConsoleError::NotFound("console-not-found"));
        }
        Err(ReviewError::Workflow(WorkflowError::Store(e))) => return Err(e.into()),
        Err(e) => e,
    };
    // The same words as the chat's for the same refusal, on the page it concerns.
    let text = review::refusal(&ta, &refused).unwrap_or_default();
    let to = match refused {
        ReviewError::Workflow(WorkflowError::Moved(_)) => DESK,
        _ => here.as_str(),
    };
    c.redirect(&signed, to, Banner::problem(text)).await
}

/// The review service's action and its notices, in one transaction; the senders
/// are woken afterwards.
/// The stage's action, and the form's token spent with it in one transaction
/// (None: the token was spent before, and nothing changed).
async fn apply(
    c: &Console,
    signed: &Signed,
    nonce: &str,
    id: i64,
    expected: Stage,
    action: &crate::domain::stage::Action,
    note: Option<&str>,
) -> Result<Option<Box<RequestRow>>, ReviewError> {
    let app = &c.app;
    let member = &signed.session.member;
    let mut tx = app.store.begin().await?;
    if !c.spend_form(&mut tx, signed, nonce).await? {
        return Ok(None);
    }
    let workflow = Workflow {
        settings: &app.settings,
        calendar: &app.engine.calendar,
        today: lima_date(app.clock.now()),
    };
    let now = app.clock.unix();
    let (moved, events) = crate::services::new_ddc::act(
        &mut tx,
        &workflow,
        app.engine.ddc_maker(),
        member,
        id,
        expected,
        action,
        note,
        now,
    )
    .await?;
    app.notifier.send(&mut tx, events).await?;
    tx.commit().await.map_err(StoreError::from)?;
    c.wake_senders();
    Ok(Some(Box::new(moved)))
}
