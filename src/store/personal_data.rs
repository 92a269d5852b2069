//! The record of every access to personal data (Ley 29733): who (the chat and the
//! access it is bound to, or the staff member), what (query, lookup, download and
//! which list; a request opened in review; a report), when and how many rows. It is also the window of the DNI lookup rate limit,
//! kept in the database so the limit holds across restarts and replicas.
//!
//! The record is an audit trail: append-only on both databases (triggers refuse
//! UPDATE and DELETE, migration 0160), and whose data each read showed is kept beside
//! it (`personal_data_subjects`), so a data subject can be told who read theirs.

use sqlx::Row;

use super::{Conn, StoreError};
use crate::message::ChatKey;

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
    /// The DPO, a supervisor or an operator read this record itself.
    Audit,
}

impl AccessAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AccessAction::Query => "query",
            AccessAction::Lookup => "lookup",
            AccessAction::Download => "download",
            AccessAction::Review => "review",
            AccessAction::Report => "report",
            AccessAction::Audit => "audit",
        }
    }

    pub const ALL: [AccessAction; 6] = [
        AccessAction::Query,
        AccessAction::Lookup,
        AccessAction::Download,
        AccessAction::Review,
        AccessAction::Report,
        AccessAction::Audit,
    ];

    pub fn parse(s: &str) -> Option<AccessAction> {
        AccessAction::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Fluent id of what the read was for, as the audit shows it.
    pub fn message_key(self) -> &'static str {
        match self {
            AccessAction::Query => "audit-action-query",
            AccessAction::Lookup => "audit-action-lookup",
            AccessAction::Download => "audit-action-download",
            AccessAction::Review => "audit-action-review",
            AccessAction::Report => "audit-action-report",
            AccessAction::Audit => "audit-action-audit",
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
) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO personal_data_access
            (at, channel, chat_id, request_id, action, what, subject_dni, row_count)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(now)
    .bind(who.channel)
    .bind(who.chat_id)
    .bind(who.request_id)
    .bind(action.as_str())
    .bind(what)
    .bind(subject_dni)
    .bind(rows)
    .fetch_one(&mut *conn)
    .await?;
    // A DNI looked up and found: that person's data was shown.
    if let Some(dni) = subject_dni.filter(|_| rows > 0) {
        record_subjects(conn, id, [dni]).await?;
    }
    Ok(id)
}

/// Whose data the read `access_id` showed (every person of a downloaded list).
pub async fn record_subjects<'a>(
    conn: &mut Conn,
    access_id: i64,
    dnis: impl IntoIterator<Item = &'a str>,
) -> Result<(), StoreError> {
    for dni in dnis {
        sqlx::query("INSERT INTO personal_data_subjects (access_id, dni) VALUES ($1, $2)")
            .bind(access_id)
            .bind(dni)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Who read, when it is not an ally: a staff member in their chat or in the
/// console, or the operator at the command line. The record keeps it as its
/// `channel`, `chat_id` and `staff_id`; callers name it by its kind, never by those
/// strings (a console member has no chat: the record names them by their id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffReader<'a> {
    /// A staff member in their chat.
    Chat { staff_id: i64, chat: ChatKey<'a> },
    /// A staff member in the console.
    Console { staff_id: i64 },
    /// The operator at the command line, by their login.
    Operator { login: &'a str },
}

impl StaffReader<'_> {
    /// The record's channel for reads in the console.
    pub const CONSOLE: &'static str = "console";
    /// The record's channel for the operator's reads at the command line.
    pub const CLI: &'static str = "cli";

    /// The reader as the record stores it: channel, chat id, staff member.
    fn stored(&self) -> (&str, String, Option<i64>) {
        match *self {
            Self::Chat { staff_id, chat } => {
                (chat.channel(), chat.chat_id.to_owned(), Some(staff_id))
            }
            Self::Console { staff_id } => (Self::CONSOLE, staff_id.to_string(), Some(staff_id)),
            Self::Operator { login } => (Self::CLI, login.to_owned(), None),
        }
    }
}

/// A read by a staff member or the operator that is not of one request's own data:
/// this record itself (Ley 29733: the audit's reads are reads too; `what` says which
/// audit, `subject_dni` the person asked about), or a listing of people (an alert's
/// beneficiary, `subjects`). `request_id`: the access it is about, if one.
#[allow(clippy::too_many_arguments)]
pub async fn record_read(
    conn: &mut Conn,
    who: StaffReader<'_>,
    action: AccessAction,
    what: &str,
    request_id: Option<i64>,
    subject_dni: Option<&str>,
    rows: i64,
    now: i64,
) -> Result<i64, StoreError> {
    let (channel, chat_id, staff_id) = who.stored();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO personal_data_access
            (at, channel, chat_id, request_id, action, what, subject_dni, row_count, staff_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(now)
    .bind(channel)
    .bind(chat_id)
    .bind(request_id)
    .bind(action.as_str())
    .bind(what)
    .bind(subject_dni)
    .bind(rows)
    .bind(staff_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// A read of a request's personal data by a staff member (in their chat or the
/// console) or by the operator, in the same record as allies' reads: the authority
/// and the responsible of the request are its subjects.
pub async fn record_staff_read(
    conn: &mut Conn,
    who: StaffReader<'_>,
    request_id: i64,
    action: AccessAction,
    what: &str,
    now: i64,
) -> Result<i64, StoreError> {
    let (channel, chat_id, staff_id) = who.stored();
    insert_staff_read(
        conn,
        (channel, &chat_id, staff_id),
        request_id,
        action,
        what,
        now,
    )
    .await
}

async fn insert_staff_read(
    conn: &mut Conn,
    (channel, chat_id, staff_id): (&str, &str, Option<i64>),
    request_id: i64,
    action: AccessAction,
    what: &str,
    now: i64,
) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO personal_data_access
            (at, channel, chat_id, request_id, action, what, subject_dni, row_count, staff_id)
         VALUES ($1, $2, $3, $4, $5, $6, NULL, 1, $7) RETURNING id",
    )
    .bind(now)
    .bind(channel)
    .bind(chat_id)
    .bind(request_id)
    .bind(action.as_str())
    .bind(what)
    .bind(staff_id)
    .fetch_one(&mut *conn)
    .await?;
    if let Some(request) = super::requests::get(conn, request_id).await? {
        let mut people = vec![request.authority_dni.clone()];
        if let Some(resp) = request
            .data
            .resp_dni
            .as_ref()
            .map(|d| d.as_str().to_owned())
            && !people.contains(&resp)
        {
            people.push(resp);
        }
        record_subjects(conn, id, people.iter().map(String::as_str)).await?;
    }
    Ok(id)
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

/// One read as the record keeps it (mapped by derive: every column is a plain
/// number or text that both databases return alike through sqlx's `Any`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AccessRecord {
    pub id: i64,
    pub at: i64,
    pub channel: String,
    pub chat_id: String,
    /// `None` for a read of the audit that was not about one access.
    pub request_id: Option<i64>,
    pub action: String,
    pub what: String,
    pub subject_dni: Option<String>,
    #[sqlx(rename = "row_count")]
    pub rows: i64,
    /// The staff member who read, for staff reads.
    pub staff_id: Option<i64>,
}

/// The record of an access, oldest first (audits and tests).
pub async fn for_request(
    conn: &mut Conn,
    request_id: i64,
) -> Result<Vec<AccessRecord>, StoreError> {
    let sql =
        format!("SELECT {COLUMNS} FROM personal_data_access WHERE request_id = $1 ORDER BY id");
    Ok(sqlx::query_as(&sql)
        .bind(request_id)
        .fetch_all(&mut *conn)
        .await?)
}

const COLUMNS: &str =
    "id, at, channel, chat_id, request_id, action, what, subject_dni, row_count, staff_id";

/// The reads of an access in `[from, until)` (unix seconds), oldest first, the reads
/// of the audit itself left out (they are not the access's).
pub async fn for_request_between(
    conn: &mut Conn,
    request_id: i64,
    from: i64,
    until: i64,
) -> Result<Vec<AccessRecord>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM personal_data_access
         WHERE request_id = $1 AND at >= $2 AND at < $3 AND action <> $4 ORDER BY id"
    );
    Ok(sqlx::query_as(&sql)
        .bind(request_id)
        .bind(from)
        .bind(until)
        .bind(AccessAction::Audit.as_str())
        .fetch_all(&mut *conn)
        .await?)
}

/// The reads that showed `dni`'s data in `[from, until)`, oldest first: lookups that
/// found them, lists they were in, their request opened by staff, and the reads of
/// this record about them.
pub async fn for_subject_between(
    conn: &mut Conn,
    dni: &str,
    from: i64,
    until: i64,
) -> Result<Vec<AccessRecord>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM personal_data_access
         WHERE (id IN (SELECT access_id FROM personal_data_subjects WHERE dni = $1)
                OR (action = $4 AND subject_dni = $1))
         AND at >= $2 AND at < $3 ORDER BY id"
    );
    Ok(sqlx::query_as(&sql)
        .bind(dni)
        .bind(from)
        .bind(until)
        .bind(AccessAction::Audit.as_str())
        .fetch_all(&mut *conn)
        .await?)
}
