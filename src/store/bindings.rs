//! Chats bound to an active access: the responsible proved, from this chat, the phone
//! number registered in the request. A binding ends when the access stops being
//! active (superseded, revoked, expired); the ally is told why at that moment.

use crate::message::{Channel, ChatKey};
use sqlx::Row;

use super::{Conn, StoreError};
use crate::domain::request::RequestData;
use crate::domain::stage::Stage;
use crate::domain::values::Phone;

/// A binding as stored (mapped by derive).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Binding {
    pub id: i64,
    pub channel: Channel,
    pub chat_id: String,
    pub request_id: i64,
    pub bound_at: i64,
    pub ended_at: Option<i64>,
    pub end_reason: Option<String>,
}

impl Binding {
    /// The bound chat.
    pub fn chat(&self) -> ChatKey<'_> {
        ChatKey::new(self.channel, &self.chat_id)
    }
}

const COLUMNS: &str = "id, channel, chat_id, request_id, bound_at, ended_at, end_reason";

/// The chat's open binding, if any.
pub async fn open(conn: &mut Conn, chat: ChatKey<'_>) -> Result<Option<Binding>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM ally_bindings
         WHERE channel = $1 AND chat_id = $2 AND ended_at IS NULL"
    );
    let row = sqlx::query_as(&sql)
        .bind(chat.channel())
        .bind(chat.chat_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row)
}

/// Whether the chat has an open binding or one that ended without the ally being
/// told: one indexed read, so the turn of a chat with neither (most of them) asks
/// nothing more.
pub async fn open_or_untold(conn: &mut Conn, chat: ChatKey<'_>) -> Result<bool, StoreError> {
    let row = sqlx::query(
        "SELECT 1 AS found FROM ally_bindings WHERE channel = $1 AND chat_id = $2
         AND (ended_at IS NULL OR end_notified = 0) LIMIT 1",
    )
    .bind(chat.channel())
    .bind(chat.chat_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.is_some())
}

/// The chat's latest binding, open or ended.
pub async fn latest(conn: &mut Conn, chat: ChatKey<'_>) -> Result<Option<Binding>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM ally_bindings
         WHERE channel = $1 AND chat_id = $2 ORDER BY id DESC LIMIT 1"
    );
    let row = sqlx::query_as(&sql)
        .bind(chat.channel())
        .bind(chat.chat_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row)
}

/// Binds the chat to an access, ending any binding it had (to another access).
pub async fn bind(
    conn: &mut Conn,
    chat: ChatKey<'_>,
    request_id: i64,
    now: i64,
) -> Result<Binding, StoreError> {
    sqlx::query(
        "UPDATE ally_bindings SET ended_at = $1, end_reason = 'rebound', end_notified = 1
         WHERE channel = $2 AND chat_id = $3 AND ended_at IS NULL",
    )
    .bind(now)
    .bind(chat.channel())
    .bind(chat.chat_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO ally_bindings (channel, chat_id, request_id, bound_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(chat.channel())
    .bind(chat.chat_id)
    .bind(request_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    open(conn, chat)
        .await?
        .ok_or_else(|| StoreError::Corrupt("binding vanished".into()))
}

/// Ends one binding. `reason` is the access's stage (superseded, expired...) or
/// another short code; `notified` when the ally is being told in this same turn.
pub async fn end(
    conn: &mut Conn,
    id: i64,
    reason: &str,
    notified: bool,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE ally_bindings SET ended_at = $1, end_reason = $2, end_notified = $3
         WHERE id = $4 AND ended_at IS NULL",
    )
    .bind(now)
    .bind(reason)
    .bind(i64::from(notified))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The chats bound to an access now (the responsible's, to tell them something).
pub async fn open_for_request(
    conn: &mut Conn,
    request_id: i64,
) -> Result<Vec<Binding>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM ally_bindings WHERE request_id = $1 AND ended_at IS NULL
         ORDER BY id"
    );
    let rows = sqlx::query_as(&sql)
        .bind(request_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows)
}

/// Ends every open binding of an access (the review workflow calls it when the
/// access stops being active) and returns them, marked told: the workflow reports
/// each as an event, so the ally hears it at once rather than at their next message.
pub async fn end_for_request(
    conn: &mut Conn,
    request_id: i64,
    reason: &str,
    now: i64,
) -> Result<Vec<Binding>, StoreError> {
    let mut ended = vec![];
    for mut binding in open_for_request(conn, request_id).await? {
        end(conn, binding.id, reason, true, now).await?;
        binding.ended_at = Some(now);
        binding.end_reason = Some(reason.to_owned());
        ended.push(binding);
    }
    Ok(ended)
}

/// Moves the chats bound to an access to its renewal, once the renewal is active:
/// the open bindings end as "renewed" (nothing lost, nothing to tell) and each chat
/// bound to the old access, also one whose binding ended when it expired while the
/// renewal was in review, is bound to the new one.
pub async fn carry_over(
    conn: &mut Conn,
    from_request: i64,
    to_request: i64,
    now: i64,
) -> Result<u64, StoreError> {
    sqlx::query(
        "UPDATE ally_bindings SET ended_at = $1, end_reason = 'renewed', end_notified = 1
         WHERE request_id = $2 AND ended_at IS NULL",
    )
    .bind(now)
    .bind(from_request)
    .execute(&mut *conn)
    .await?;
    let chats = sqlx::query(
        "SELECT DISTINCT channel, chat_id FROM ally_bindings b WHERE request_id = $1
         AND NOT EXISTS (SELECT 1 FROM ally_bindings o WHERE o.channel = b.channel
             AND o.chat_id = b.chat_id AND o.ended_at IS NULL)",
    )
    .bind(from_request)
    .fetch_all(&mut *conn)
    .await?;
    let mut moved = 0;
    for chat in chats {
        let channel: String = chat.try_get("channel")?;
        let chat_id: String = chat.try_get("chat_id")?;
        sqlx::query(
            "INSERT INTO ally_bindings (channel, chat_id, request_id, bound_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(&channel)
        .bind(&chat_id)
        .bind(to_request)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        moved += 1;
    }
    Ok(moved)
}

/// A binding that ended without the ally having been told yet; marked told.
pub async fn take_unnotified_end(
    conn: &mut Conn,
    chat: ChatKey<'_>,
) -> Result<Option<Binding>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM ally_bindings WHERE channel = $1 AND chat_id = $2
         AND ended_at IS NOT NULL AND end_notified = 0 ORDER BY id DESC LIMIT 1"
    );
    let row: Option<Binding> = sqlx::query_as(&sql)
        .bind(chat.channel())
        .bind(chat.chat_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(binding) = row else {
        return Ok(None);
    };
    sqlx::query(
        "UPDATE ally_bindings SET end_notified = 1 WHERE channel = $1 AND chat_id = $2
         AND ended_at IS NOT NULL",
    )
    .bind(chat.channel())
    .bind(chat.chat_id)
    .execute(&mut *conn)
    .await?;
    Ok(Some(binding))
}

/// Active accesses whose registered responsible has this phone number. The phone
/// lives in the request's data, so the active requests are read and compared here;
/// there are a few thousand at most.
pub async fn active_accesses_for_phone(
    conn: &mut Conn,
    phone: &Phone,
) -> Result<Vec<i64>, StoreError> {
    let rows = sqlx::query("SELECT id, data FROM access_requests WHERE stage = $1 ORDER BY id")
        .bind(Stage::Active.as_str())
        .fetch_all(&mut *conn)
        .await?;
    let mut ids = vec![];
    for r in rows {
        let data: String = r.try_get("data")?;
        let data: RequestData = serde_json::from_str(&data)?;
        if data.resp_phone.as_ref() == Some(phone) {
            ids.push(r.try_get("id")?);
        }
    }
    Ok(ids)
}
