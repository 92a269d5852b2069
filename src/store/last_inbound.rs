//! When each chat last wrote to us: WhatsApp's 24-hour customer-service window is
//! counted from the user's last message.

use crate::message::ChatKey;
use sqlx::Row;

use super::{Conn, StoreError};

/// Remembers an inbound message's time; an older (redelivered) one never moves it back.
pub async fn touch(conn: &mut Conn, chat: ChatKey<'_>, at: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO last_inbound (channel, chat_id, at) VALUES ($1, $2, $3)
         ON CONFLICT (channel, chat_id) DO UPDATE
         SET at = CASE WHEN excluded.at > last_inbound.at THEN excluded.at ELSE last_inbound.at END",
    )
    .bind(chat.channel())
    .bind(chat.chat_id)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn get(conn: &mut Conn, chat: ChatKey<'_>) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query("SELECT at FROM last_inbound WHERE channel = $1 AND chat_id = $2")
        .bind(chat.channel())
        .bind(chat.chat_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|r| r.try_get("at")).transpose()?)
}
