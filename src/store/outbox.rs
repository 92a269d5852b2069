//! The transactional outbox's table: rows are written with the state change that
//! caused them and claimed by sender workers. A chat's messages go out in order: a
//! row is claimable only when no earlier row of the same chat is still pending.

use sqlx::Row;

use super::{Backend, Conn, Store, StoreError, opt_text};

#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub id: i64,
    pub channel: String,
    pub chat_id: String,
    pub payload: String,
    pub attempts: i64,
}

pub async fn enqueue(
    conn: &mut Conn,
    channel: &str,
    chat_id: &str,
    payload: &str,
    now: i64,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO outbox (channel, chat_id, payload, available_at, created_at)
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(channel)
    .bind(chat_id)
    .bind(payload)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

const CLAIMABLE: &str = "o.channel = $1
    AND ((o.status = 'pending' AND o.available_at <= $2)
         OR (o.status = 'sending' AND o.claimed_until < $2))
    AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.channel = o.channel AND p.chat_id = o.chat_id
                    AND p.id < o.id AND p.status IN ('pending', 'sending'))";

/// Claims up to `limit` due rows (at most one per chat) for `lease_secs`. A row whose
/// lease ran out (its worker died mid-send) becomes claimable again.
pub async fn claim(
    store: &Store,
    channel: &str,
    now: i64,
    lease_secs: i64,
    limit: i64,
) -> Result<Vec<OutboxRow>, StoreError> {
    let mut tx = store.begin().await?;
    let sql = match store.backend {
        Backend::Postgres => format!(
            "UPDATE outbox SET status = 'sending', claimed_until = $3 WHERE id IN (
                SELECT o.id FROM outbox o WHERE {CLAIMABLE} ORDER BY o.id LIMIT $4
                FOR UPDATE SKIP LOCKED)
             RETURNING id, channel, chat_id, payload, attempts"
        ),
        // SQLite: BEGIN IMMEDIATE already makes this the only writer.
        Backend::Sqlite => format!(
            "UPDATE outbox SET status = 'sending', claimed_until = $3 WHERE id IN (
                SELECT o.id FROM outbox o WHERE {CLAIMABLE} ORDER BY o.id LIMIT $4)
             RETURNING id, channel, chat_id, payload, attempts"
        ),
    };
    let rows = sqlx::query(&sql)
        .bind(channel)
        .bind(now)
        .bind(now + lease_secs)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    let mut out: Vec<OutboxRow> = rows
        .into_iter()
        .map(|r| {
            Ok::<_, StoreError>(OutboxRow {
                id: r.try_get("id")?,
                channel: r.try_get("channel")?,
                chat_id: r.try_get("chat_id")?,
                payload: r.try_get("payload")?,
                attempts: r.try_get("attempts")?,
            })
        })
        .collect::<Result<_, _>>()?;
    out.sort_by_key(|r| r.id);
    Ok(out)
}

pub async fn mark_sent(
    conn: &mut Conn,
    id: i64,
    external_id: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE outbox SET status = 'sent', sent_at = $1, external_id = $2, claimed_until = NULL
         WHERE id = $3",
    )
    .bind(now)
    .bind(external_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Puts a row back for a later try; `failed_attempt` counts it towards the limit
/// (a rate-limit wait does not).
pub async fn retry_at(
    conn: &mut Conn,
    id: i64,
    at: i64,
    error: Option<&str>,
    failed_attempt: bool,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE outbox SET status = 'pending', available_at = $1, claimed_until = NULL,
            last_error = COALESCE($2, last_error), attempts = attempts + $3
         WHERE id = $4",
    )
    .bind(at)
    .bind(error)
    .bind(i64::from(failed_attempt))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn mark_failed(conn: &mut Conn, id: i64, error: &str) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE outbox SET status = 'failed', last_error = $1, claimed_until = NULL,
            attempts = attempts + 1 WHERE id = $2",
    )
    .bind(error)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
}

pub async fn counts(conn: &mut Conn, channel: &str) -> Result<OutboxCounts, StoreError> {
    let rows =
        sqlx::query("SELECT status, COUNT(*) AS n FROM outbox WHERE channel = $1 GROUP BY status")
            .bind(channel)
            .fetch_all(&mut *conn)
            .await?;
    let mut c = OutboxCounts::default();
    for r in rows {
        let status: String = r.try_get("status")?;
        let n: i64 = r.try_get("n")?;
        match status.as_str() {
            "sent" => c.sent += n,
            "failed" => c.failed += n,
            _ => c.pending += n,
        }
    }
    Ok(c)
}

/// The last error recorded for a row (for tests and operators).
pub async fn last_error(conn: &mut Conn, id: i64) -> Result<Option<String>, StoreError> {
    let row = sqlx::query("SELECT last_error FROM outbox WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match row {
        Some(r) => opt_text(&r, "last_error")?,
        None => None,
    })
}
