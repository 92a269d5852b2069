//! Usage events for the monthly report.
//!
//! A turn writes one row: kind `message`, its `detail` the page the answer showed
//! (a "vista"; none when the bot said nothing), its `session_id` the session's. A
//! turn that opens a session has no `session_id`: the session is known by that row's
//! id. Queries, downloads, uploads and requests sent add their own row. Rows of older
//! versions (a `session_start` row per session, a `view` row per answer) are still
//! read alike.

use super::{Conn, StoreError};
use crate::message::ChatKey;

/// What happened, as the report counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsageKind {
    SessionStart,
    Message,
    Query,
    Download,
    RequestSent,
    Upload,
    /// An answer the bot gave, with the page (menu or query) it showed.
    View,
}

impl UsageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            UsageKind::SessionStart => "session_start",
            UsageKind::Message => "message",
            UsageKind::Query => "query",
            UsageKind::Download => "download",
            UsageKind::RequestSent => "request_sent",
            UsageKind::Upload => "upload",
            UsageKind::View => "view",
        }
    }
}

pub async fn record(
    conn: &mut Conn,
    chat: ChatKey<'_>,
    session_id: Option<i64>,
    kind: UsageKind,
    detail: Option<&str>,
    now: i64,
) -> Result<i64, StoreError> {
    use sqlx::Row;
    let row = sqlx::query(
        "INSERT INTO usage_events (at, channel, chat_id, session_id, kind, detail)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(now)
    .bind(chat.channel())
    .bind(chat.chat_id)
    .bind(session_id)
    .bind(kind.as_str())
    .bind(detail)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// Records a user's turn as one row (see the module's note) and returns the session
/// it belongs to: `session_id`, or the new row's id when the turn opens a session.
pub async fn record_turn(
    conn: &mut Conn,
    chat: ChatKey<'_>,
    session_id: Option<i64>,
    page: Option<&str>,
    now: i64,
) -> Result<i64, StoreError> {
    let id = record(conn, chat, session_id, UsageKind::Message, page, now).await?;
    Ok(session_id.unwrap_or(id))
}

/// Counts of each kind for one chat (used by tests and the usage report), turns'
/// rows read as the session starts, messages and views they stand for.
pub async fn count(conn: &mut Conn, chat: ChatKey<'_>, kind: UsageKind) -> Result<i64, StoreError> {
    use sqlx::Row;
    let which = match kind {
        UsageKind::SessionStart => {
            "(kind = $3 OR (kind = 'message' AND session_id IS NULL))".to_owned()
        }
        UsageKind::View => "(kind = $3 OR (kind = 'message' AND detail IS NOT NULL))".to_owned(),
        _ => "kind = $3".to_owned(),
    };
    let row = sqlx::query(&format!(
        "SELECT COUNT(*) AS n FROM usage_events WHERE channel = $1 AND chat_id = $2 AND {which}"
    ))
    .bind(chat.channel())
    .bind(chat.chat_id)
    .bind(kind.as_str())
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("n")?)
}
