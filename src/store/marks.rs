//! Idempotency marks: "this reminder/alert was sent", written in the same
//! transaction as its messages, so replicas and catch-up ticks send each once.

use super::{Conn, StoreError};

/// Records `(job, key)`; true when this call recorded it, false when it was there.
pub async fn mark(conn: &mut Conn, job: &str, key: &str, now: i64) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO scheduled_marks (job, key, done_at) VALUES ($1, $2, $3) ON CONFLICT (job, key) DO NOTHING",
    )
    .bind(job)
    .bind(key)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether `(job, key)` was recorded (a cheap look before costly work).
pub async fn is_marked(conn: &mut Conn, job: &str, key: &str) -> Result<bool, StoreError> {
    let row = sqlx::query("SELECT 1 AS one FROM scheduled_marks WHERE job = $1 AND key = $2")
        .bind(job)
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.is_some())
}
