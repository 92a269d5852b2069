//! The record of every access to personal data (Ley 29733): who (the chat and the
//! access it is bound to, or the staff member), what (query, lookup, download and
//! which list; a request opened in review; a report), when and how many rows. It is also the window of the DNI lookup rate limit,
//! kept in the database so the limit holds across restarts and replicas.

use sqlx::Row;

use super::{Conn, StoreError, opt_text};

/// What the ally did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessAction {
    /// Totals shown in the chat.
    Query,
    /// One beneficiary looked up by DNI.
    Lookup,
    /// A list sent as a file.
    Download,
    /// Staff: a request opened with its personal data and signed documents.
    Review,
    /// Staff: a report listing people's contacts (one record per request listed).
    Report,
}

impl AccessAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AccessAction::Query => "query",
            AccessAction::Lookup => "lookup",
            AccessAction::Download => "download",
            AccessAction::Review => "review",
            AccessAction::Report => "report",
        }
    }
}

/// Who is reading: the chat and the access it is bound to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reader<'a> {
    pub channel: &'a str,
    pub chat_id: &'a str,
    pub request_id: i64,
}

#[allow(clippy::too_many_arguments)]
pub async fn record(
    conn: &mut Conn,
    who: &Reader<'_>,
    action: AccessAction,
    what: &str,
    subject_dni: Option<&str>,
    rows: i64,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO personal_data_access
            (at, channel, chat_id, request_id, action, what, subject_dni, row_count)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(now)
    .bind(who.channel)
    .bind(who.chat_id)
    .bind(who.request_id)
    .bind(action.as_str())
    .bind(what)
    .bind(subject_dni)
    .bind(rows)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A staff member's read of a request's personal data, in the same record as
/// allies' reads.
#[allow(clippy::too_many_arguments)]
pub async fn record_staff(
    conn: &mut Conn,
    staff_id: i64,
    channel: &str,
    chat_id: &str,
    request_id: i64,
    action: AccessAction,
    what: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO personal_data_access
            (at, channel, chat_id, request_id, action, what, subject_dni, row_count, staff_id)
         VALUES ($1, $2, $3, $4, $5, $6, NULL, 1, $7)",
    )
    .bind(now)
    .bind(channel)
    .bind(chat_id)
    .bind(request_id)
    .bind(action.as_str())
    .bind(what)
    .bind(staff_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How many times an access did `action` since `since` (unix seconds), and when the
/// oldest of them was (so the ally can be told when they may try again).
pub async fn count_since(
    conn: &mut Conn,
    request_id: i64,
    action: AccessAction,
    since: i64,
) -> Result<(i64, Option<i64>), StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM personal_data_access
         WHERE request_id = $1 AND action = $2 AND at > $3",
    )
    .bind(request_id)
    .bind(action.as_str())
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.try_get("n")?, row.try_get("oldest")?))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRecord {
    pub at: i64,
    pub channel: String,
    pub chat_id: String,
    pub request_id: i64,
    pub action: String,
    pub what: String,
    pub subject_dni: Option<String>,
    pub rows: i64,
    /// The staff member who read, for staff reads.
    pub staff_id: Option<i64>,
}

/// The record of an access, oldest first (audits and tests).
pub async fn for_request(
    conn: &mut Conn,
    request_id: i64,
) -> Result<Vec<AccessRecord>, StoreError> {
    let rows = sqlx::query(
        "SELECT at, channel, chat_id, request_id, action, what, subject_dni, row_count, staff_id
         FROM personal_data_access WHERE request_id = $1 ORDER BY id",
    )
    .bind(request_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(AccessRecord {
                at: r.try_get("at")?,
                channel: r.try_get("channel")?,
                chat_id: r.try_get("chat_id")?,
                request_id: r.try_get("request_id")?,
                action: r.try_get("action")?,
                what: r.try_get("what")?,
                subject_dni: opt_text(&r, "subject_dni")?,
                rows: r.try_get("row_count")?,
                staff_id: r.try_get("staff_id")?,
            })
        })
        .collect()
}
