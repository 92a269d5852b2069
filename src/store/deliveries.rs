//! Delivery statuses reported by a platform (WhatsApp: sent, delivered, read, failed),
//! recorded against the outbox row whose platform id they name.

use sqlx::Row;

use super::{Conn, StoreError, opt_text};

/// One status report as the platform sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusReport<'a> {
    pub channel: &'a str,
    /// The platform's id of the message we sent (the outbox row's `external_id`).
    pub external_id: &'a str,
    pub status: &'a str,
    pub error: Option<&'a str>,
    pub reported_at: i64,
}

/// Records a status (a repeated report is a no-op); returns the outbox row it matched.
pub async fn record(
    conn: &mut Conn,
    report: &StatusReport<'_>,
    now: i64,
) -> Result<Option<i64>, StoreError> {
    let outbox_id: Option<i64> = sqlx::query(
        "SELECT id FROM outbox WHERE channel = $1 AND external_id = $2 ORDER BY id LIMIT 1",
    )
    .bind(report.channel)
    .bind(report.external_id)
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| r.try_get("id"))
    .transpose()?;
    sqlx::query(
        "INSERT INTO delivery_statuses
            (channel, external_id, outbox_id, status, error, reported_at, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (channel, external_id, status) DO NOTHING",
    )
    .bind(report.channel)
    .bind(report.external_id)
    .bind(outbox_id)
    .bind(report.status)
    .bind(report.error)
    .bind(report.reported_at)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(outbox_id)
}

/// The statuses recorded for an outbox row, in the order they were reported.
pub async fn for_outbox(
    conn: &mut Conn,
    outbox_id: i64,
) -> Result<Vec<(String, Option<String>)>, StoreError> {
    let rows = sqlx::query(
        "SELECT status, error FROM delivery_statuses WHERE outbox_id = $1
         ORDER BY reported_at, id",
    )
    .bind(outbox_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("status")?, opt_text(r, "error")?)))
        .collect()
}
