//! What the monthly usage report (seed 003) reads: the accesses that were
//! active in the month, and the usage events of the chats bound to each, while they
//! were bound. Program staff are not allies: a staff chat's events are left out even
//! if it was bound. The counting is `reports::usage`'s.

use sqlx::Row;

use super::requests::{self, RequestRow};
use super::{Conn, StoreError, opt_text};
use crate::domain::stage::Stage;

/// One usage event of a chat bound to an access.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessEvent {
    pub request_id: i64,
    pub session_id: Option<i64>,
    pub kind: String,
    pub detail: Option<String>,
    pub at: i64,
}

/// Events in `[from, until)` of the chats bound to an access at the time, each with
/// its access, in time order (session starts left out: a session is known by the id
/// its events carry, or by its own id for the turn that opened it).
pub async fn access_events(
    conn: &mut Conn,
    from: i64,
    until: i64,
) -> Result<Vec<AccessEvent>, StoreError> {
    let rows = sqlx::query(
        "SELECT b.request_id, COALESCE(e.session_id, e.id) AS session_id, e.kind, e.detail, e.at
         FROM usage_events e
         JOIN ally_bindings b ON b.channel = e.channel AND b.chat_id = e.chat_id
              AND e.at >= b.bound_at AND (b.ended_at IS NULL OR e.at < b.ended_at)
         WHERE e.at >= $1 AND e.at < $2 AND e.kind <> 'session_start'
           AND NOT EXISTS (
               SELECT 1 FROM staff s
               WHERE (e.channel = 'telegram' AND s.telegram_user_id = e.chat_id)
                  OR (e.channel = 'whatsapp' AND s.whatsapp_number = e.chat_id)
                  OR (e.channel = 'terminal' AND s.terminal_user = e.chat_id))
         ORDER BY b.request_id, e.at, e.id",
    )
    .bind(from)
    .bind(until)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(AccessEvent {
                request_id: r.try_get("request_id")?,
                session_id: r.try_get("session_id")?,
                kind: r.try_get("kind")?,
                detail: opt_text(&r, "detail")?,
                at: r.try_get("at")?,
            })
        })
        .collect()
}

/// Accesses active at some moment of `[from, until)`: activated before its end and
/// not out of `active` before its start.
pub async fn active_between(
    conn: &mut Conn,
    from: i64,
    until: i64,
) -> Result<Vec<RequestRow>, StoreError> {
    let ids = sqlx::query(
        "SELECT r.id FROM access_requests r
         WHERE EXISTS (SELECT 1 FROM stage_transitions t
                       WHERE t.request_id = r.id AND t.to_stage = $1 AND t.at < $2)
           AND NOT EXISTS (SELECT 1 FROM stage_transitions t
                           WHERE t.request_id = r.id AND t.from_stage = $1 AND t.at < $3)
         ORDER BY r.id",
    )
    .bind(Stage::Active.as_str())
    .bind(until)
    .bind(from)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = vec![];
    for r in ids {
        let id: i64 = r.try_get("id")?;
        if let Some(row) = requests::get(conn, id).await? {
            out.push(row);
        }
    }
    Ok(out)
}
