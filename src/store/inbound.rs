//! Durable intake: raw events are stored before anything else happens to them.

use sqlx::Row;

use super::{Conn, StoreError};

#[derive(Debug, Clone)]
pub struct InboundEvent {
    pub id: i64,
    pub channel: String,
    pub external_id: String,
    pub chat_id: String,
    pub payload: String,
    pub attempts: i64,
}

/// Stores an event; returns `None` when the platform redelivered one we already have.
pub async fn insert_if_new(
    conn: &mut Conn,
    channel: &str,
    external_id: &str,
    chat_id: &str,
    payload: &str,
    now: i64,
) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query(
        "INSERT INTO inbound_events (channel, external_id, chat_id, payload, received_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (channel, external_id) DO NOTHING
         RETURNING id",
    )
    .bind(channel)
    .bind(external_id)
    .bind(chat_id)
    .bind(payload)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| r.try_get("id")).transpose()?)
}

/// Unprocessed events of a channel, oldest first (also those left by a crash).
pub async fn pending(
    conn: &mut Conn,
    channel: &str,
    max_attempts: i64,
    limit: i64,
) -> Result<Vec<InboundEvent>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, channel, external_id, chat_id, payload, attempts FROM inbound_events
         WHERE channel = $1 AND processed_at IS NULL AND attempts < $2
         ORDER BY id LIMIT $3",
    )
    .bind(channel)
    .bind(max_attempts)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(InboundEvent {
                id: r.try_get("id")?,
                channel: r.try_get("channel")?,
                external_id: r.try_get("external_id")?,
                chat_id: r.try_get("chat_id")?,
                payload: r.try_get("payload")?,
                attempts: r.try_get("attempts")?,
            })
        })
        .collect()
}

pub async fn get(conn: &mut Conn, id: i64) -> Result<Option<InboundEvent>, StoreError> {
    let row = sqlx::query(
        "SELECT id, channel, external_id, chat_id, payload, attempts FROM inbound_events
         WHERE id = $1 AND processed_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        Ok(InboundEvent {
            id: r.try_get("id")?,
            channel: r.try_get("channel")?,
            external_id: r.try_get("external_id")?,
            chat_id: r.try_get("chat_id")?,
            payload: r.try_get("payload")?,
            attempts: r.try_get("attempts")?,
        })
    })
    .transpose()
}

/// Marks an event done; false if someone else already processed it.
pub async fn mark_processed(conn: &mut Conn, id: i64, now: i64) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE inbound_events SET processed_at = $1 WHERE id = $2 AND processed_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn mark_failed(conn: &mut Conn, id: i64, error: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE inbound_events SET attempts = attempts + 1, last_error = $1 WHERE id = $2")
        .bind(error)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
