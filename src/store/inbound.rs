//! Durable intake: raw events are stored before anything else happens to them, then
//! claimed by intake workers. Only the oldest unprocessed event of a chat can be
//! claimed, and only while nobody holds a live lease on it: so one chat's events are
//! handled one at a time, in order, while different chats go in parallel, on any
//! number of workers and replicas. Chats are taken in turn, least recently served
//! first (`intake_chats`). An event refused at the door is stored already processed,
//! with why (`rejected`).

use crate::message::ChatKey;
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
    chat: ChatKey<'_>,
    external_id: &str,
    payload: &str,
    now: i64,
) -> Result<Option<i64>, StoreError> {
    insert(conn, chat, external_id, payload, now, None).await
}

/// Stores a signed event that does not parse into the platform's update, already
/// processed and with why, so no worker ever claims or retries it; `None` when it
/// was stored before (a redelivery).
pub async fn insert_rejected(
    conn: &mut Conn,
    chat: ChatKey<'_>,
    external_id: &str,
    payload: &str,
    reason: &str,
    now: i64,
) -> Result<Option<i64>, StoreError> {
    insert(conn, chat, external_id, payload, now, Some(reason)).await
}

/// One statement either way: a rejected event is stored processed at once.
async fn insert(
    conn: &mut Conn,
    chat: ChatKey<'_>,
    external_id: &str,
    payload: &str,
    now: i64,
    rejected: Option<&str>,
) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query(
        "INSERT INTO inbound_events
            (channel, external_id, chat_id, payload, received_at, processed_at, rejected)
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 IS NULL THEN NULL ELSE $5 END, $6)
         ON CONFLICT (channel, external_id) DO NOTHING
         RETURNING id",
    )
    .bind(chat.channel())
    .bind(external_id)
    .bind(chat.chat_id)
    .bind(payload)
    .bind(now)
    .bind(rejected)
    // Stepped to completion (see `store`): SQLite's auto-checkpoint fires only then.
    .fetch_all(&mut *conn)
    .await?;
    Ok(row.first().map(|r| r.try_get("id")).transpose()?)
}

/// The heads the next claim takes, in turn order: the chats with work are walked
/// through the index `intake_line` by ticket (a line: a chat served or new goes to
/// its back, see migration 0190), each chat's oldest unprocessed event is found through
/// `inbound_events_chat_open`, and it is taken if it is due and unleased (or its
/// lease ran out: the worker died). Only chats whose head is leased or waiting for
/// a retry are stepped over, so a claim costs the same with 10 or 10,000 busy chats.
const NEXT_HEADS: &str = "SELECT h.id FROM intake_chats c
    JOIN inbound_events h ON h.id = (SELECT MIN(p.id) FROM inbound_events p
                                     WHERE p.channel = c.channel AND p.chat_id = c.chat_id
                                       AND p.processed_at IS NULL)
    WHERE c.channel = $1 AND c.waiting > 0
      AND h.next_attempt_at <= $2
      AND (h.claimed_until IS NULL OR h.claimed_until < $2)
    ORDER BY c.ticket, c.chat_id LIMIT $5";

/// Claims up to `limit` events (at most one per chat) for `lease_secs` under the
/// lease token `claim`: each chat with work gets a turn before any chat gets a
/// second. Claiming moves the chat to the back of the line (a trigger). On
/// PostgreSQL rows another worker is claiming are skipped (`SKIP LOCKED`); on SQLite
/// the single statement is atomic.
pub async fn claim(
    store: &Store,
    channel: &str,
    claim: &str,
    now: i64,
    lease_secs: i64,
    limit: i64,
) -> Result<Vec<InboundEvent>, StoreError> {
    let lock = match store.backend {
        Backend::Postgres => "FOR UPDATE OF h SKIP LOCKED",
        Backend::Sqlite => "",
    };
    // The outer conditions are checked again on the row actually updated.
    let sql = format!(
        "UPDATE inbound_events SET claim = $3, claimed_until = $4
         WHERE id IN ({NEXT_HEADS} {lock})
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
    // Distinct chats, so any order keeps each chat's; sorted for a stable one.
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
