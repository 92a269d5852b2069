//! Alerts about a beneficiary and data updates (Ficha de Actualización de Datos, FAD)
//! sent by a Gobierno Local; program staff list and close them.

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllyReport {
    pub id: i64,
    pub request_id: i64,
    pub channel: Channel,
    pub chat_id: String,
    pub subject_dni: String,
    pub body: ReportBody,
    pub created_at: i64,
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
        report_number(&self.body, self.id)
    }
}

pub fn report_number(body: &ReportBody, id: i64) -> String {
    match body {
        ReportBody::Alert { .. } => format!("ALE-{id:06}"),
        ReportBody::DataUpdate { .. } => format!("FAD-{id:06}"),
    }
}

/// Accepts "ALE-000012", "fad 12" or "12".
pub fn parse_number(s: &str) -> Option<i64> {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|n| *n > 0)
}

const COLUMNS: &str = "id, kind, request_id, channel, chat_id, subject_dni, alert_type, description, \
     address, reference, phone, created_at, closed_at, closed_by, close_note";

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
    Ok(AllyReport {
        id: r.try_get("id")?,
        request_id: r.try_get("request_id")?,
        channel: super::channel_of(&r)?,
        chat_id: r.try_get("chat_id")?,
        subject_dni: r.try_get("subject_dni")?,
        body,
        created_at: r.try_get("created_at")?,
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
    let id: i64 = sqlx::query(
        "INSERT INTO ally_reports (kind, request_id, channel, chat_id, subject_dni, alert_type,
            description, address, reference, phone, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
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
