//! Alerts about a beneficiary and data updates (Ficha de Actualización de Datos, FAD)
//! sent by a Gobierno Local: cases of UOT, each kind numbered by its own counter
//! (ALE-000001, FAD-000001), with a resolution term and UOT's outcome (updated in the
//! padrón, or not applicable) and note.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Conn, StoreError, opt_text};
use crate::domain::padron::AlertKind;
use crate::message::{Channel, ChatKey};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportBody {
    Alert {
        kind: AlertKind,
        description: String,
    },
    /// The new address, its reference and a contact phone.
    DataUpdate {
        address: String,
        reference: String,
        phone: String,
    },
}

/// How UOT resolved an alert or a FAD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The padrón was updated accordingly.
    Updated,
    /// Nothing to change: it did not apply.
    NotApplicable,
}

impl Outcome {
    pub const ALL: [Outcome; 2] = [Outcome::Updated, Outcome::NotApplicable];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Updated => "updated",
            Outcome::NotApplicable => "not_applicable",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// Fluent id of the outcome as people read it (`locales/*/cases.ftl`).
    pub fn message_key(self) -> &'static str {
        match self {
            Outcome::Updated => "case-outcome-updated",
            Outcome::NotApplicable => "case-outcome-not-applicable",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllyReport {
    pub id: i64,
    /// Its number within its kind (ALE-…, FAD-…).
    pub seq: i64,
    pub request_id: i64,
    pub channel: Channel,
    pub chat_id: String,
    pub subject_dni: String,
    pub body: ReportBody,
    pub created_at: i64,
    /// When UOT must have resolved it; None for reports older than the term.
    pub due_at: Option<i64>,
    /// UOT's outcome: chosen before the note, kept with the close.
    pub outcome: Option<Outcome>,
    pub closed_at: Option<i64>,
    pub closed_by: Option<String>,
    pub close_note: Option<String>,
}

impl AllyReport {
    /// The chat the ally reported from.
    pub fn chat(&self) -> ChatKey<'_> {
        ChatKey::new(self.channel, &self.chat_id)
    }
}

impl AllyReport {
    /// The number the ally is given: ALE-000012 or FAD-000013.
    pub fn number(&self) -> String {
        let kind = match self.body {
            ReportBody::Alert { .. } => CaseKind::Alert,
            ReportBody::DataUpdate { .. } => CaseKind::Fad,
        };
        kind.number(self.seq)
    }

    pub fn kind(&self) -> CaseKind {
        match self.body {
            ReportBody::Alert { .. } => CaseKind::Alert,
            ReportBody::DataUpdate { .. } => CaseKind::Fad,
        }
    }
}

pub use crate::domain::ticket::AllyCaseKind as CaseKind;

const COLUMNS: &str = "id, seq, kind, request_id, channel, chat_id, subject_dni, alert_type, \
     description, address, reference, phone, created_at, due_at, outcome, closed_at, closed_by, \
     close_note";

/// Mapped by hand, not by derive: `body` is one of two shapes chosen by the `kind`
/// column, each from its own columns, which `#[derive(sqlx::FromRow)]` cannot
/// express field by field.
fn from_row(r: AnyRow) -> Result<AllyReport, StoreError> {
    let kind: String = r.try_get("kind")?;
    let text = |c: &str| opt_text(&r, c).map(Option::unwrap_or_default);
    let body = match kind.as_str() {
        "alert" => {
            let t = text("alert_type")?;
            ReportBody::Alert {
                kind: AlertKind::parse(&t)
                    .ok_or_else(|| StoreError::Corrupt(format!("alert type {t}")))?,
                description: text("description")?,
            }
        }
        "fad" => ReportBody::DataUpdate {
            address: text("address")?,
            reference: text("reference")?,
            phone: text("phone")?,
        },
        other => return Err(StoreError::Corrupt(format!("report kind {other}"))),
    };
    let outcome = opt_text(&r, "outcome")?;
    Ok(AllyReport {
        id: r.try_get("id")?,
        seq: r.try_get("seq")?,
        request_id: r.try_get("request_id")?,
        channel: super::channel_of(&r)?,
        chat_id: r.try_get("chat_id")?,
        subject_dni: r.try_get("subject_dni")?,
        body,
        created_at: r.try_get("created_at")?,
        due_at: r.try_get("due_at")?,
        outcome: outcome.as_deref().and_then(Outcome::parse),
        closed_at: r.try_get("closed_at")?,
        closed_by: opt_text(&r, "closed_by")?,
        close_note: opt_text(&r, "close_note")?,
    })
}

pub struct NewReport<'a> {
    pub request_id: i64,
    pub chat: ChatKey<'a>,
    pub subject_dni: &'a str,
    pub body: &'a ReportBody,
    /// When UOT must have resolved it.
    pub due_at: i64,
}

pub async fn insert(
    conn: &mut Conn,
    new: NewReport<'_>,
    now: i64,
) -> Result<AllyReport, StoreError> {
    let (kind, alert_type, description, address, reference, phone) = match new.body {
        ReportBody::Alert { kind, description } => (
            "alert",
            Some(kind.as_str()),
            Some(description.as_str()),
            None,
            None,
            None,
        ),
        ReportBody::DataUpdate {
            address,
            reference,
            phone,
        } => (
            "fad",
            None,
            None,
            Some(address.as_str()),
            Some(reference.as_str()),
            Some(phone.as_str()),
        ),
    };
    // Each kind's own counter; the row lock (PostgreSQL) or the write lock (SQLite)
    // keeps two reports from sharing a number.
    let seq: i64 =
        sqlx::query("UPDATE case_counters SET last = last + 1 WHERE kind = $1 RETURNING last")
            .bind(kind)
            .fetch_one(&mut *conn)
            .await?
            .try_get("last")?;
    let id: i64 = sqlx::query(
        "INSERT INTO ally_reports (kind, request_id, channel, chat_id, subject_dni, alert_type,
            description, address, reference, phone, created_at, seq, due_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(kind)
    .bind(new.request_id)
    .bind(new.chat.channel())
    .bind(new.chat.chat_id)
    .bind(new.subject_dni)
    .bind(alert_type)
    .bind(description)
    .bind(address)
    .bind(reference)
    .bind(phone)
    .bind(now)
    .bind(seq)
    .bind(new.due_at)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    get(conn, id)
        .await?
        .ok_or_else(|| StoreError::Corrupt("report vanished".into()))
}

pub async fn get(conn: &mut Conn, id: i64) -> Result<Option<AllyReport>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM ally_reports WHERE id = $1");
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(from_row).transpose()
}

/// The report with this number ("ALE-000012" is the alert numbered 12).
pub async fn by_number(
    conn: &mut Conn,
    kind: CaseKind,
    seq: i64,
) -> Result<Option<AllyReport>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM ally_reports WHERE kind = $1 AND seq = $2");
    let row = sqlx::query(&sql)
        .bind(kind.as_str())
        .bind(seq)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(from_row).transpose()
}

/// Open reports past their resolution term, oldest term first.
pub async fn overdue(conn: &mut Conn, now: i64) -> Result<Vec<AllyReport>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM ally_reports WHERE closed_at IS NULL AND due_at IS NOT NULL
         AND due_at <= $1 ORDER BY due_at, id"
    );
    let rows = sqlx::query(&sql).bind(now).fetch_all(&mut *conn).await?;
    rows.into_iter().map(from_row).collect()
}

/// Records UOT's outcome of an open report (the note that closes it comes next);
/// false when it is closed or missing.
pub async fn set_outcome(conn: &mut Conn, id: i64, outcome: Outcome) -> Result<bool, StoreError> {
    let done =
        sqlx::query("UPDATE ally_reports SET outcome = $1 WHERE id = $2 AND closed_at IS NULL")
            .bind(outcome.as_str())
            .bind(id)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Reports still open, oldest first (what staff must attend).
pub async fn list_open(conn: &mut Conn) -> Result<Vec<AllyReport>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM ally_reports WHERE closed_at IS NULL ORDER BY id");
    let rows = sqlx::query(&sql).fetch_all(&mut *conn).await?;
    rows.into_iter().map(from_row).collect()
}

/// Closes a report; false when it does not exist or was already closed.
pub async fn close(
    conn: &mut Conn,
    id: i64,
    closed_by: &str,
    note: Option<&str>,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE ally_reports SET closed_at = $1, closed_by = $2, close_note = $3
         WHERE id = $4 AND closed_at IS NULL",
    )
    .bind(now)
    .bind(closed_by)
    .bind(note)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
