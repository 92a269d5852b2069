//! What the speech-to-text engine heard in the allies' voice notes (`[stt]`): which
//! notes wait for it, a claim on one (a row with a lease, so replicas never run the
//! same note twice at once), and the text kept or why there is none.

use sqlx::Row;

use super::{Conn, StoreError, opt_text};

/// How often a note is tried before it is left to the person who listens to it.
pub const MAX_ATTEMPTS: i64 = 3;

/// A voice note claimed for transcription: its message and where its audio is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub message_id: i64,
    pub ticket_id: i64,
    pub sha256: String,
}

/// Claims the oldest voice note an ally sent since `since` that has no transcript and
/// is not being transcribed (or whose claim ran out before `now`, fewer than
/// [`MAX_ATTEMPTS`] times), until `lease_until`. None when there is none to take.
pub async fn claim_next(
    conn: &mut Conn,
    since: i64,
    now: i64,
    lease_until: i64,
) -> Result<Option<Claim>, StoreError> {
    // A few candidates: another replica may win the first.
    let rows = sqlx::query(
        "SELECT m.id, m.ticket_id, m.sha256, v.message_id AS claimed
         FROM ticket_messages m
         JOIN stored_files f ON f.sha256 = m.sha256
         LEFT JOIN voice_transcripts v ON v.message_id = m.id
         WHERE m.author = 'ally' AND f.kind LIKE 'audio/%' AND m.created_at >= $1
           AND (v.message_id IS NULL
                OR (v.state = 'running' AND v.lease_until < $2 AND v.attempts < $3))
         ORDER BY m.id LIMIT 5",
    )
    .bind(since)
    .bind(now)
    .bind(MAX_ATTEMPTS)
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        let claim = Claim {
            message_id: row.try_get("id")?,
            ticket_id: row.try_get("ticket_id")?,
            sha256: row.try_get("sha256")?,
        };
        let retaken: Option<i64> = row.try_get("claimed")?;
        let won = if retaken.is_some() {
            sqlx::query(
                "UPDATE voice_transcripts SET attempts = attempts + 1, lease_until = $1
                 WHERE message_id = $2 AND state = 'running' AND lease_until < $3",
            )
            .bind(lease_until)
            .bind(claim.message_id)
            .bind(now)
            .execute(&mut *conn)
            .await?
        } else {
            sqlx::query(
                "INSERT INTO voice_transcripts (message_id, state, attempts, lease_until, created_at)
                 VALUES ($1, 'running', 1, $2, $3) ON CONFLICT (message_id) DO NOTHING",
            )
            .bind(claim.message_id)
            .bind(lease_until)
            .bind(now)
            .execute(&mut *conn)
            .await?
        };
        if won.rows_affected() == 1 {
            return Ok(Some(claim));
        }
    }
    Ok(None)
}

/// Keeps what the engine heard.
pub async fn done(
    conn: &mut Conn,
    message_id: i64,
    text: &str,
    now: i64,
) -> Result<(), StoreError> {
    finish(conn, message_id, "done", Some(text), None, now).await
}

/// Keeps why the engine gave no text (a timeout, an error, nothing said), for the log
/// and the operator; the person listening to the note is not shown it.
pub async fn failed(
    conn: &mut Conn,
    message_id: i64,
    why: &str,
    now: i64,
) -> Result<(), StoreError> {
    finish(conn, message_id, "failed", None, Some(why), now).await
}

async fn finish(
    conn: &mut Conn,
    message_id: i64,
    state: &str,
    body: Option<&str>,
    failure: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE voice_transcripts SET state = $1, body = $2, failure = $3, done_at = $4
         WHERE message_id = $5",
    )
    .bind(state)
    .bind(body)
    .bind(failure)
    .bind(now)
    .bind(message_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The transcript of one message, when the engine heard something in it.
pub async fn text_of(conn: &mut Conn, message_id: i64) -> Result<Option<String>, StoreError> {
    let row =
        sqlx::query("SELECT body FROM voice_transcripts WHERE message_id = $1 AND state = 'done'")
            .bind(message_id)
            .fetch_optional(&mut *conn)
            .await?;
    match row {
        Some(r) => Ok(opt_text(&r, "body")?),
        None => Ok(None),
    }
}

/// A transcript row as the worker left it: state, text, why not, attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcript {
    pub state: String,
    pub body: Option<String>,
    pub failure: Option<String>,
    pub attempts: i64,
}

/// The row of one message, whatever its state (for tools and tests).
pub async fn get(conn: &mut Conn, message_id: i64) -> Result<Option<Transcript>, StoreError> {
    let row = sqlx::query(
        "SELECT state, body, failure, attempts FROM voice_transcripts WHERE message_id = $1",
    )
    .bind(message_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(r) = row else {
        return Ok(None);
    };
    Ok(Some(Transcript {
        state: r.try_get("state")?,
        body: opt_text(&r, "body")?,
        failure: opt_text(&r, "failure")?,
        attempts: r.try_get("attempts")?,
    }))
}
