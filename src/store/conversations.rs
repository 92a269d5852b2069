//! Per-chat dialogue state.

use crate::message::ChatKey;

use super::{Conn, StoreError};

/// A chat's dialogue as stored (mapped by derive; the turn's own read,
/// `store::turn`, builds it from the columns its batch returns).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConversationRow {
    pub channel: String,
    pub chat_id: String,
    pub locale: String,
    pub state: String,
    pub session_id: Option<i64>,
    pub not_understood: i64,
    pub last_activity_at: i64,
    /// The choices last shown to the chat (JSON), by a reply or a notice.
    pub offered: Option<String>,
}

pub async fn load(
    conn: &mut Conn,
    chat: ChatKey<'_>,
) -> Result<Option<ConversationRow>, StoreError> {
    let row = sqlx::query_as(
        "SELECT channel, chat_id, locale, state, session_id, not_understood, last_activity_at,
            offered
         FROM conversations WHERE channel = $1 AND chat_id = $2",
    )
    .bind(chat.channel())
    .bind(chat.chat_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row)
}

pub async fn save(conn: &mut Conn, row: &ConversationRow) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO conversations
            (channel, chat_id, locale, state, session_id, not_understood, last_activity_at,
             offered)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (channel, chat_id) DO UPDATE SET
            locale = excluded.locale, state = excluded.state, session_id = excluded.session_id,
            not_understood = excluded.not_understood, last_activity_at = excluded.last_activity_at,
            offered = excluded.offered",
    )
    .bind(&row.channel)
    .bind(&row.chat_id)
    .bind(&row.locale)
    .bind(&row.state)
    .bind(row.session_id)
    .bind(row.not_understood)
    .bind(row.last_activity_at)
    .bind(&row.offered)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records the choices a notice showed a chat, so a typed number answers them (a
/// WhatsApp template or the terminal shows them as numbered text). A chat that never
/// talked yet (a staff member's first «Nueva solicitud en su bandeja») gets its row
/// here, with no state, language or activity: its first turn starts as any new chat.
pub async fn set_offered(
    conn: &mut Conn,
    chat: ChatKey<'_>,
    offered: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO conversations
            (channel, chat_id, locale, state, not_understood, last_activity_at, offered)
         VALUES ($2, $3, '', '', 0, 0, $1)
         ON CONFLICT (channel, chat_id) DO UPDATE SET offered = excluded.offered",
    )
    .bind(offered)
    .bind(chat.channel())
    .bind(chat.chat_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
