//! Usage events for the monthly report.

use super::{Conn, StoreError};

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
    channel: &str,
    chat_id: &str,
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
    .bind(channel)
    .bind(chat_id)
    .bind(session_id)
    .bind(kind.as_str())
    .bind(detail)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// Counts of each kind for one chat (used by tests and the usage report).
pub async fn count(
    conn: &mut Conn,
    channel: &str,
    chat_id: &str,
    kind: UsageKind,
) -> Result<i64, StoreError> {
    use sqlx::Row;
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM usage_events WHERE channel = $1 AND chat_id = $2 AND kind = $3",
    )
    .bind(channel)
    .bind(chat_id)
    .bind(kind.as_str())
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("n")?)
}
