//! Corrections of a request that leave a trace: each changed field, old and new
//! (masked where personal), is kept in the request's history; a change to anything
//! the DDC prints gives the request a new verification code, so the signed DDC on
//! file no longer counts and a new one must be signed; the return to review closes
//! the observation with a note that says what was corrected; and UAC reads the
//! changes made since its observation, the same in the chat and the console.

use crate::domain::correction::{self, Change};
use crate::domain::observation::ObservationReason;
use crate::domain::request::RequestData;
use crate::domain::stage::{Action, Actor, Stage};
use crate::events::Event;
use crate::i18n::{Arg, Locales, Translate};
use crate::store::files::{self, DocumentKind};
use crate::store::requests::{self, ChangeRow, RequestRow};
use crate::store::{Conn, StoreError};

use super::requests::{Workflow, WorkflowError};
use super::review::field_label;

/// Why a correction calls for a new DDC to sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewDdc {
    /// The DDC was not signed yet: the corrected one replaces it.
    NotSigned,
    /// A field the DDC prints changed: the signed paper on file says something else.
    Printed,
    /// The authority changed: the new one signs.
    Authority,
}

/// What a correction did.
#[derive(Debug, Clone)]
pub struct Corrected {
    /// The request with its corrected data (and new verification code, if any).
    pub row: RequestRow,
    pub changes: Vec<Change>,
    /// `Some`: a new DDC must be sent and signed before the request returns to review.
    pub new_ddc: Option<NewDdc>,
}

/// Keeps a correction of an observed (or not yet signed) request: its data, its
/// changes in the history, and a new verification code when the DDC prints any of
/// them. The caller sends the new DDC, or returns the request to review
/// ([`return_to_review`]) when none is needed.
pub async fn correct(
    conn: &mut Conn,
    row: &RequestRow,
    data: &RequestData,
    jurisdiction: &str,
    authority_dni: &str,
    actor: &str,
    now: i64,
) -> Result<Corrected, StoreError> {
    let changes = correction::changes(&row.data, data);
    requests::update_data(conn, row.id, data, jurisdiction, authority_dni, now).await?;
    requests::record_changes(conn, row.id, &changes, actor, now).await?;
    let printed = changes.iter().any(|c| correction::printed_on_ddc(c.field));
    if printed {
        requests::renew_verification_code(conn, row.id).await?;
    }
    let signed = files::latest(conn, row.id, DocumentKind::SignedDdc)
        .await?
        .is_some();
    let new_ddc = if row.stage == Stage::AwaitingDdc {
        Some(NewDdc::NotSigned)
    } else if printed && row.data.authority_on_ddc() != data.authority_on_ddc() {
        Some(NewDdc::Authority)
    } else if printed || !signed {
        Some(NewDdc::Printed)
    } else {
        None
    };
    let row = requests::get(conn, row.id)
        .await?
        .ok_or_else(|| StoreError::Corrupt("corrected request vanished".into()))?;
    Ok(Corrected {
        row,
        changes,
        new_ddc,
    })
}

/// What answered an observation besides corrected data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// Only the data.
    Data,
    /// A signed DDC (arriving with this move).
    SignedDdc,
    /// The designation document.
    Designation,
}

/// The observed request back to UAC review, the observation closed in the history
/// with what was corrected since (in Spanish, as every note is kept). The events
/// are the caller's to hand to the notifier in the same transaction.
pub async fn return_to_review(
    conn: &mut Conn,
    workflow: &Workflow<'_>,
    locales: &Locales,
    row: &RequestRow,
    sent: Sent,
    actor_label: &str,
    now: i64,
) -> Result<(RequestRow, Vec<Event>), WorkflowError> {
    let note = closing_note(conn, locales, row, sent).await?;
    workflow
        .apply(
            conn,
            row.id,
            Stage::Observed,
            &Action::FixObservation,
            &Actor::Applicant,
            actor_label,
            Some(&note),
            now,
        )
        .await
}

/// "Corrigió: Correo electrónico del responsable. Envió una DDC firmada nueva."
async fn closing_note(
    conn: &mut Conn,
    locales: &Locales,
    row: &RequestRow,
    sent: Sent,
) -> Result<String, StoreError> {
    let ta = |key: &str, args: &[(&str, Arg)]| locales.t_args("es", key, args);
    let since = since_observation(conn, row).await?;
    let mut parts = vec![];
    let mut fields: Vec<String> = vec![];
    for c in since.iter().flat_map(|s| &s.changes) {
        let label = field_label(&ta, &row.data, c.change.field);
        if !fields.contains(&label) {
            fields.push(label);
        }
    }
    if !fields.is_empty() {
        parts.push(ta(
            "fix-closed-fields",
            &[("fields", fields.join(", ").into())],
        ));
    }
    match sent {
        Sent::SignedDdc => parts.push(ta("fix-closed-ddc", &[])),
        Sent::Designation => parts.push(ta("fix-closed-designation", &[])),
        Sent::Data => {}
    }
    if parts.is_empty() {
        parts.push(ta("fix-closed-nothing", &[]));
    }
    Ok(parts.join(" "))
}

/// An observation and what was done about it since.
#[derive(Debug, Clone)]
pub struct SinceObservation {
    /// The prepared reason, when one was picked.
    pub reason: Option<ObservationReason>,
    /// The note the applicant read.
    pub note: String,
    pub at: i64,
    pub changes: Vec<ChangeRow>,
    /// The signed DDC on file answers a DDC from before a printed field changed.
    pub signed_ddc_outdated: bool,
}

/// The request's latest observation and the corrections made since; `None` if it
/// was never observed.
pub async fn since_observation(
    conn: &mut Conn,
    row: &RequestRow,
) -> Result<Option<SinceObservation>, StoreError> {
    let Some(observed) = requests::last_observation(conn, row.id).await? else {
        return Ok(None);
    };
    let changes = requests::changes_since(conn, row.id, observed.at).await?;
    Ok(Some(SinceObservation {
        reason: observed.reason,
        note: observed.note.unwrap_or_default(),
        at: observed.at,
        changes,
        signed_ddc_outdated: files::signed_ddc_outdated(conn, row.id).await?,
    }))
}

/// The reason a request was last observed or rejected: the note, and the prepared
/// observation reason's code when one was picked.
#[derive(Debug, Clone, Default)]
pub struct LastReason {
    pub note: Option<String>,
    pub code: Option<ObservationReason>,
}

impl LastReason {
    /// The reason as a reader reads it, in their language (`lang`): a prepared
    /// reason's own words, with the note the reviewer typed beside it; a note typed
    /// alone, as it is. A reason picked alone keeps its Spanish words as its note
    /// (every note is kept so), which then adds nothing.
    pub fn words(&self, loc: &Locales, lang: &str) -> String {
        let note = self
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        let Some(code) = self.code else {
            return note.unwrap_or_default().to_owned();
        };
        let words = loc.t(lang, code.message_key());
        match note.filter(|n| *n != words && *n != loc.t("es", code.message_key())) {
            Some(typed) => loc.t_args(
                lang,
                "obs-reason-with-note",
                &[("reason", words.into()), ("note", typed.to_owned().into())],
            ),
            None => words,
        }
    }
}

pub async fn last_reason(conn: &mut Conn, row: &RequestRow) -> Result<LastReason, StoreError> {
    let history = requests::transitions(conn, row.id).await?;
    Ok(history
        .iter()
        .rev()
        .find(|t| {
            (t.to == Stage::Observed.as_str() || t.to == Stage::Rejected.as_str())
                && (t.note.is_some() || t.reason.is_some())
        })
        .map(|t| LastReason {
            note: t.note.clone(),
            code: t.reason,
        })
        .unwrap_or_default())
}

/// What UAC reads of the corrections since its observation, in the reviewer's
/// language (`ta`): the reason, each change old → new, and whether the signed DDC
/// on file is out of date. The chat and the console show these same lines.
pub fn describe(ta: Translate<'_>, data: &RequestData, since: &SinceObservation) -> Vec<String> {
    let reason = since
        .reason
        .map(|r| ta(r.message_key(), &[]))
        .unwrap_or_else(|| since.note.clone());
    let mut lines = vec![ta("fix-since-heading", &[("reason", reason.into())])];
    if since.changes.is_empty() {
        lines.push(ta("fix-since-none", &[]));
    }
    for c in &since.changes {
        let empty = || ta("value-empty", &[]);
        let value = |v: &str| {
            if v.is_empty() { empty() } else { v.to_owned() }
        };
        lines.push(ta(
            "fix-since-change",
            &[
                ("field", field_label(ta, data, c.change.field).into()),
                ("old", value(&c.change.old).into()),
                ("new", value(&c.change.new).into()),
            ],
        ));
    }
    if since.signed_ddc_outdated {
        lines.push(ta("fix-since-ddc-outdated", &[]));
    }
    lines
}
