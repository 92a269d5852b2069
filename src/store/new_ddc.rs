//! New signed DDCs UAC asks an active access for: one open ask (not yet accepted)
//! per access, with its term, when the signed DDC arrived, when the access was
//! suspended for lacking it, and who accepted it. The rules are in
//! `services::new_ddc`.

use chrono::NaiveDate;
use sqlx::Row;

use super::columns::IsoDate;
use super::{Conn, StoreError};

/// One ask, as stored (mapped by derive).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NewDdcAsk {
    pub id: i64,
    pub request_id: i64,
    pub asked_by: String,
    pub reason: String,
    pub asked_at: i64,
    #[sqlx(try_from = "IsoDate")]
    pub due_on: NaiveDate,
    pub received_at: Option<i64>,
    pub lapsed_at: Option<i64>,
}

impl NewDdcAsk {
    /// The signed DDC has not arrived yet: the applicant still has to send it.
    pub fn awaited(&self) -> bool {
        self.received_at.is_none()
    }
}

const COLUMNS: &str = "id, request_id, asked_by, reason, asked_at, due_on, received_at, lapsed_at";

/// Records an ask; `false` when the access already has an open one.
pub async fn ask(
    conn: &mut Conn,
    request_id: i64,
    asked_by: &str,
    reason: &str,
    due_on: NaiveDate,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO new_ddc_asks (request_id, asked_by, reason, asked_at, due_on)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(request_id)
    .bind(asked_by)
    .bind(reason)
    .bind(now)
    .bind(due_on.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The access's open ask (not accepted yet), if any.
pub async fn open_for(conn: &mut Conn, request_id: i64) -> Result<Option<NewDdcAsk>, StoreError> {
    let rows: Vec<NewDdcAsk> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM new_ddc_asks WHERE request_id = $1 AND accepted_at IS NULL"
    ))
    .bind(request_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().next())
}

/// Open asks of active accesses whose signed DDC has not arrived and whose term
/// ended before `today`: the scheduler suspends them.
pub async fn lapsing(conn: &mut Conn, today: NaiveDate) -> Result<Vec<NewDdcAsk>, StoreError> {
    let rows = sqlx::query_as(&format!(
        "SELECT {} FROM new_ddc_asks a JOIN access_requests r ON r.id = a.request_id
         WHERE a.accepted_at IS NULL AND a.received_at IS NULL AND a.lapsed_at IS NULL
           AND a.due_on < $1 AND r.stage = 'active' ORDER BY a.id",
        COLUMNS
            .split(", ")
            .map(|c| format!("a.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
    .bind(today.to_string())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows)
}

/// The accesses (active or suspended) whose new signed DDC arrived and waits for
/// UAC, oldest first: UAC's queue shows them.
pub async fn awaiting_acceptance(conn: &mut Conn) -> Result<Vec<i64>, StoreError> {
    let rows = sqlx::query(
        "SELECT a.request_id FROM new_ddc_asks a JOIN access_requests r ON r.id = a.request_id
         WHERE a.accepted_at IS NULL AND a.received_at IS NOT NULL
           AND r.stage IN ('active', 'suspended') ORDER BY a.received_at, a.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| r.try_get("request_id").map_err(StoreError::from))
        .collect()
}

/// The signed DDC arrived (again: a later one replaces it for UAC).
pub async fn received(conn: &mut Conn, id: i64, now: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE new_ddc_asks SET received_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The term ended without it: the access was suspended.
pub async fn lapsed(conn: &mut Conn, id: i64, now: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE new_ddc_asks SET lapsed_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// UAC accepted it: the ask is closed.
pub async fn accepted(conn: &mut Conn, id: i64, by: &str, now: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE new_ddc_asks SET accepted_at = $1, accepted_by = $2 WHERE id = $3")
        .bind(now)
        .bind(by)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
