//! The transactional outbox's table: rows are written with the state change that
//! caused them and claimed by sender workers. A chat's messages go out in order: only
//! a chat's oldest live (pending or sending) row can be claimed. The sender finds
//! those heads from `outbox_chats` (a row per chat that may have messages waiting)
//! through the partial index `outbox_live`, so a claim costs the same whether a chat
//! has 1 or 10,000 messages waiting.

use sqlx::Row;

use super::{Backend, Conn, Store, StoreError, opt_text};

#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub id: i64,
    pub channel: String,
    pub chat_id: String,
    pub payload: String,
    pub attempts: i64,
    /// When the message was written (unix seconds): delivery latency counts from here.
    pub created_at: i64,
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
    // Takes no lock on an existing row: enqueues to one chat never wait on each other.
    sqlx::query(
        "INSERT INTO outbox_chats (channel, chat_id) VALUES ($1, $2)
         ON CONFLICT (channel, chat_id) DO NOTHING",
    )
    .bind(channel)
    .bind(chat_id)
    .execute(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// Forgets chats with nothing waiting, then lists again any chat with live rows
/// (one whose message was being written while it was forgotten). Cheap: both go
/// through indexes; the sender runs it every minute. A message committed just after
/// both statements to a chat forgotten by the first waits for the next sweep: that
/// rare race can delay a message by at most a minute, never lose it.
pub async fn sweep_chats(store: &Store) -> Result<(), StoreError> {
    sqlx::query(
        "DELETE FROM outbox_chats WHERE NOT EXISTS (
            SELECT 1 FROM outbox o WHERE o.channel = outbox_chats.channel
              AND o.chat_id = outbox_chats.chat_id AND o.status IN ('pending', 'sending'))",
    )
    .execute(&store.pool)
    .await?;
    sqlx::query(
        "INSERT INTO outbox_chats (channel, chat_id)
         SELECT DISTINCT channel, chat_id FROM outbox WHERE status IN ('pending', 'sending')
         ON CONFLICT (channel, chat_id) DO NOTHING",
    )
    .execute(&store.pool)
    .await?;
    Ok(())
}

/// A row is due when pending and available, or when its sender's lease ran out (the
/// worker died mid-send).
const DUE: &str = "((o.status = 'pending' AND o.available_at <= $2)
                     OR (o.status = 'sending' AND o.claimed_until < $2))";

/// Claims up to `limit` due rows, each the head of its chat (so at most one per chat),
/// for `lease_secs`. On PostgreSQL rows another worker is claiming are skipped.
pub async fn claim(
    store: &Store,
    channel: &str,
    now: i64,
    lease_secs: i64,
    limit: i64,
) -> Result<Vec<OutboxRow>, StoreError> {
    claim_in(store, channel, None, now, lease_secs, limit).await
}

/// [`claim`], of `chat` alone when given (a terminal reaches only its own user).
pub async fn claim_in(
    store: &Store,
    channel: &str,
    chat: Option<&str>,
    now: i64,
    lease_secs: i64,
    limit: i64,
) -> Result<Vec<OutboxRow>, StoreError> {
    let lock = match store.backend {
        Backend::Postgres => "FOR UPDATE OF o SKIP LOCKED",
        // SQLite: the single statement is atomic.
        Backend::Sqlite => "",
    };
    let due_again = DUE.replace("o.", "");
    let only = if chat.is_some() {
        "AND c.chat_id = $5"
    } else {
        ""
    };
    let sql = format!(
        "UPDATE outbox SET status = 'sending', claimed_until = $3 WHERE id IN (
            SELECT o.id FROM outbox_chats c
            JOIN outbox o ON o.id = (
                SELECT MIN(p.id) FROM outbox p
                WHERE p.channel = c.channel AND p.chat_id = c.chat_id
                  AND p.status IN ('pending', 'sending'))
            WHERE c.channel = $1 {only} AND {DUE}
            ORDER BY o.id LIMIT $4 {lock})
         AND {due_again}
         RETURNING id, channel, chat_id, payload, attempts, created_at"
    );
    let rows = sqlx::query(&sql)
        .bind(channel)
        .bind(now)
        .bind(now + lease_secs)
        .bind(limit);
    let rows = match chat {
        Some(chat) => rows.bind(chat),
        None => rows,
    }
    .fetch_all(&store.pool)
    .await?;
    let mut out: Vec<OutboxRow> = rows
        .into_iter()
        .map(|r| {
            Ok::<_, StoreError>(OutboxRow {
                id: r.try_get("id")?,
                channel: r.try_get("channel")?,
                chat_id: r.try_get("chat_id")?,
                payload: r.try_get("payload")?,
                attempts: r.try_get("attempts")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect::<Result<_, _>>()?;
    out.sort_by_key(|r| r.id);
    Ok(out)
}

/// Gives a claimed row back untouched (at shutdown), for another worker at once.
pub async fn release(conn: &mut Conn, id: i64) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE outbox SET status = 'pending', claimed_until = NULL
         WHERE id = $1 AND status = 'sending'",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Data minimisation (Ley 29733): blanks the text of messages delivered before
/// `before` (unix seconds, wall clock as `mark_sent` writes it). The row stays, for
/// the delivery statuses that point at it; pending and failed messages keep theirs.
/// Returns how many were blanked.
pub async fn purge_sent_payloads(conn: &mut Conn, before: i64) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE outbox SET payload = ''
         WHERE status = 'sent' AND sent_at < $1 AND payload <> ''",
    )
    .bind(before)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
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

/// Marks a row sent and, in the same transaction (one commit instead of two), claims
/// the chat's next message if it is due: the worker that holds a chat goes on with it.
pub async fn mark_sent_and_claim_next(
    store: &Store,
    row: &OutboxRow,
    external_id: Option<&str>,
    now: i64,
    lease_secs: i64,
) -> Result<Option<OutboxRow>, StoreError> {
    let mut tx = store.begin().await?;
    if store.backend == super::Backend::Postgres {
        // A sent mark need not wait for the WAL flush: only a crash of the database
        // server itself (not of this process) could lose the last few, and then those
        // messages are sent again, which at-least-once delivery allows. The claim of
        // the chat's next message is safe either way (a lost claim just expires).
        sqlx::query("SET LOCAL synchronous_commit = off")
            .execute(&mut *tx)
            .await?;
    }
    mark_sent(&mut tx, row.id, external_id, now).await?;
    let next = sqlx::query(
        "UPDATE outbox SET status = 'sending', claimed_until = $4
         WHERE id = (SELECT MIN(p.id) FROM outbox p
                     WHERE p.channel = $1 AND p.chat_id = $2
                       AND p.status IN ('pending', 'sending'))
           AND status = 'pending' AND available_at <= $3
         RETURNING id, channel, chat_id, payload, attempts, created_at",
    )
    .bind(&row.channel)
    .bind(&row.chat_id)
    .bind(now)
    .bind(now + lease_secs)
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    next.map(|r| {
        Ok(OutboxRow {
            id: r.try_get("id")?,
            channel: r.try_get("channel")?,
            chat_id: r.try_get("chat_id")?,
            payload: r.try_get("payload")?,
            attempts: r.try_get("attempts")?,
            created_at: r.try_get("created_at")?,
        })
    })
    .transpose()
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
