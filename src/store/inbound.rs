//! Durable intake: raw events are stored before anything else happens to them, then
//! claimed by intake workers. Only the oldest unprocessed event of a chat can be
//! claimed, and only while nobody holds a live lease on it: so one chat's events are
//! handled one at a time, in order, while different chats go in parallel, on any
//! number of workers and replicas.

use sqlx::Row;

use super::{Backend, Conn, Store, StoreError};

#[derive(Debug, Clone)]
pub struct InboundEvent {
    pub id: i64,
    pub channel: String,
    pub external_id: String,
    pub chat_id: String,
    pub payload: String,
    pub attempts: i64,
    /// The lease token of the claim this copy was read under (empty when unclaimed).
    pub claim: String,
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
    // Stepped to completion (see `store`): SQLite's auto-checkpoint fires only then.
    .fetch_all(&mut *conn)
    .await?;
    Ok(row.first().map(|r| r.try_get("id")).transpose()?)
}

/// An event can be claimed when it is due, unleased (or its lease ran out: the
/// worker died) and the oldest unprocessed event of its chat (through the partial
/// index `inbound_events_chat_open`, whatever the chat's backlog).
const CLAIMABLE: &str = "e.channel = $1 AND e.processed_at IS NULL
    AND e.next_attempt_at <= $2
    AND (e.claimed_until IS NULL OR e.claimed_until < $2)
    AND e.id = (SELECT MIN(p.id) FROM inbound_events p
                WHERE p.channel = e.channel AND p.chat_id = e.chat_id
                  AND p.processed_at IS NULL)";

/// Claims up to `limit` events (at most one per chat) for `lease_secs` under the
/// lease token `claim`, oldest first. On PostgreSQL rows another worker is claiming
/// are skipped (`SKIP LOCKED`); on SQLite the single statement is atomic.
pub async fn claim(
    store: &Store,
    channel: &str,
    claim: &str,
    now: i64,
    lease_secs: i64,
    limit: i64,
) -> Result<Vec<InboundEvent>, StoreError> {
    let lock = match store.backend {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    // The outer conditions are checked again on the row actually updated.
    let sql = format!(
        "UPDATE inbound_events SET claim = $3, claimed_until = $4
         WHERE id IN (SELECT e.id FROM inbound_events e WHERE {CLAIMABLE}
                      ORDER BY e.id LIMIT $5 {lock})
           AND processed_at IS NULL AND (claimed_until IS NULL OR claimed_until < $2)
         RETURNING id, channel, external_id, chat_id, payload, attempts"
    );
    let rows = sqlx::query(&sql)
        .bind(channel)
        .bind(now)
        .bind(claim)
        .bind(now + lease_secs)
        .bind(limit)
        .fetch_all(&store.pool)
        .await?;
    let mut out = rows
        .into_iter()
        .map(|r| {
            Ok(InboundEvent {
                id: r.try_get("id")?,
                channel: r.try_get("channel")?,
                external_id: r.try_get("external_id")?,
                chat_id: r.try_get("chat_id")?,
                payload: r.try_get("payload")?,
                attempts: r.try_get("attempts")?,
                claim: claim.to_owned(),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    out.sort_by_key(|e| e.id);
    Ok(out)
}

/// Marks a claimed event done, if the claim is still ours. Run it first in the
/// transaction that writes the event's effects: on PostgreSQL it locks the row, so a
/// worker that stole an expired lease waits, then finds it processed. `false` means
/// the race is lost and the transaction must roll back.
pub async fn finish(conn: &mut Conn, id: i64, claim: &str, now: i64) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE inbound_events SET processed_at = $1, claim = NULL, claimed_until = NULL
         WHERE id = $2 AND claim = $3 AND processed_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(claim)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a failed try and frees the event for another try at `at` (unix seconds).
pub async fn retry_at(
    conn: &mut Conn,
    id: i64,
    claim: &str,
    error: &str,
    at: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE inbound_events SET attempts = attempts + 1, last_error = $1,
            next_attempt_at = $2, claim = NULL, claimed_until = NULL
         WHERE id = $3 AND claim = $4 AND processed_at IS NULL",
    )
    .bind(error)
    .bind(at)
    .bind(id)
    .bind(claim)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records why an event was given up (kept for operators), whoever holds it.
pub async fn note_error(conn: &mut Conn, id: i64, error: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE inbound_events SET last_error = $1 WHERE id = $2")
        .bind(error)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Gives a claim back untouched (at shutdown), so another worker takes it at once
/// instead of waiting for the lease to run out.
pub async fn release(conn: &mut Conn, id: i64, claim: &str) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE inbound_events SET claim = NULL, claimed_until = NULL
         WHERE id = $1 AND claim = $2 AND processed_at IS NULL",
    )
    .bind(id)
    .bind(claim)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Events not yet processed (for tests and operators).
pub async fn unprocessed(conn: &mut Conn) -> Result<i64, StoreError> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM inbound_events WHERE processed_at IS NULL")
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get("n")?)
}

/// Data minimisation (Ley 29733): blanks the raw payload of events processed before
/// `before` (unix seconds). The row stays (its id still recognises a redelivery);
/// what the event caused (the request, its stage history, the personal-data access
/// record) is kept elsewhere. Returns how many payloads were deleted.
pub async fn purge_payloads(conn: &mut Conn, before: i64) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE inbound_events SET payload = ''
         WHERE processed_at IS NOT NULL AND processed_at < $1 AND payload <> ''",
    )
    .bind(before)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}
