//! E-mail addresses copies go to: which request each was last used for, and whether
//! an SMTP server refused it for good (then no copy goes there and the applicant is
//! told once).

use sqlx::Row;

use super::{Conn, StoreError};

/// Whether an SMTP server refused `address` for good.
pub async fn failing(conn: &mut Conn, address: &str) -> Result<bool, StoreError> {
    let row = sqlx::query("SELECT failing_since FROM email_addresses WHERE address = $1")
        .bind(address)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match row {
        Some(r) => r.try_get::<Option<i64>, _>("failing_since")?.is_some(),
        None => false,
    })
}

/// Records that a copy of `request_id` goes to `address`.
pub async fn remember(conn: &mut Conn, address: &str, request_id: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO email_addresses (address, request_id) VALUES ($1, $2)
         ON CONFLICT (address) DO UPDATE SET request_id = excluded.request_id",
    )
    .bind(address)
    .bind(request_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Marks `address` as failing. Returns the request it was last used for the first
/// time only (so its applicant is told once); `None` when it was already failing or
/// never used.
pub async fn refuse(
    conn: &mut Conn,
    address: &str,
    reason: &str,
    now: i64,
) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query(
        "UPDATE email_addresses SET failing_since = $1, failure = $2, told_at = $1
         WHERE address = $3 AND failing_since IS NULL RETURNING request_id",
    )
    .bind(now)
    .bind(reason)
    .bind(address)
    .fetch_all(&mut *conn)
    .await?;
    Ok(row.first().map(|r| r.try_get("request_id")).transpose()?)
}
