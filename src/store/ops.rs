//! What an operator watches, read from the database at each `/metrics` scrape:
//! outbox and inbound backlogs, requests by stage and overdue, open and late tickets,
//! the padrón's age.
//! Counts only: no personal data leaves here.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sqlx::Row;

use super::{Conn, StoreError};
use crate::domain::calendar::BusinessCalendar;
use crate::domain::padron::staleness;
use crate::domain::stage::{Stage, Terms};
use crate::metrics::{OutboxGauge, Snapshot};

/// The gauges' values at `now` (the application's clock, unix seconds; `today` its
/// Lima date: a request is overdue when its stage's term ended before today). Outbox
/// rows are stamped with the wall clock, so their age is counted from `wall_now`.
///
/// The outbox and inbound gauges are of `channels`, the ones configured, each
/// reported from the start (zeros) so an alert has a series; rows of a channel that
/// is off (e.g. WhatsApp notices written by `demo-data`) are no backlog anyone is
/// stuck on and would only fire the stuck-outbox alert.
pub async fn snapshot(
    conn: &mut Conn,
    now: i64,
    wall_now: i64,
    today: NaiveDate,
    calendar: &BusinessCalendar,
    channels: &[&str],
) -> Result<Snapshot, StoreError> {
    let mut outbox: BTreeMap<String, OutboxGauge> = channels
        .iter()
        .map(|c| {
            (
                c.to_string(),
                OutboxGauge {
                    channel: c.to_string(),
                    ..OutboxGauge::default()
                },
            )
        })
        .collect();
    let rows = sqlx::query(
        "SELECT channel,
                SUM(CASE WHEN status IN ('pending', 'sending') THEN 1 ELSE 0 END) AS pending,
                SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed,
                MIN(CASE WHEN status IN ('pending', 'sending') THEN created_at END) AS oldest
         FROM outbox WHERE status <> 'sent' GROUP BY channel",
    )
    .fetch_all(&mut *conn)
    .await?;
    for r in rows {
        let channel: String = r.try_get("channel")?;
        let oldest: Option<i64> = r.try_get("oldest")?;
        let Some(entry) = outbox.get_mut(&channel) else {
            continue;
        };
        entry.pending = r.try_get("pending")?;
        entry.failed = r.try_get("failed")?;
        entry.oldest_pending_age_secs = oldest.map_or(0, |at| (wall_now - at).max(0));
    }
    let mut waiting: BTreeMap<String, i64> = channels.iter().map(|c| (c.to_string(), 0)).collect();
    for r in sqlx::query(
        "SELECT channel, COUNT(*) AS n FROM inbound_events WHERE processed_at IS NULL
         GROUP BY channel",
    )
    .fetch_all(&mut *conn)
    .await?
    {
        let channel: String = r.try_get("channel")?;
        if let Some(n) = waiting.get_mut(&channel) {
            *n = r.try_get("n")?;
        }
    }
    let mut requests: BTreeMap<String, i64> = Stage::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), 0))
        .collect();
    for r in sqlx::query("SELECT stage, COUNT(*) AS n FROM access_requests GROUP BY stage")
        .fetch_all(&mut *conn)
        .await?
    {
        requests.insert(r.try_get("stage")?, r.try_get("n")?);
    }
    // Which stages have a term does not depend on the terms' values.
    let mut overdue: BTreeMap<String, i64> = Stage::ALL
        .iter()
        .filter(|s| Terms::default().term_for(**s).is_some())
        .map(|s| (s.as_str().to_string(), 0))
        .collect();
    for r in sqlx::query(
        "SELECT stage, COUNT(*) AS n FROM access_requests
         WHERE stage_due_on IS NOT NULL AND stage_due_on < $1 GROUP BY stage",
    )
    .bind(today.to_string())
    .fetch_all(&mut *conn)
    .await?
    {
        let stage: String = r.try_get("stage")?;
        if let Some(n) = overdue.get_mut(&stage) {
            *n = r.try_get("n")?;
        }
    }
    let tickets = sqlx::query(
        "SELECT COUNT(*) AS open,
                COALESCE(SUM(CASE WHEN first_response_at IS NULL AND first_response_due_at < $1
                             THEN 1 ELSE 0 END), 0) AS late
         FROM tickets WHERE state <> 'closed'",
    )
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    let mut cases_late: BTreeMap<String, i64> = crate::domain::ticket::UNITS
        .iter()
        .map(|u| (u.as_str().to_string(), 0))
        .collect();
    for r in sqlx::query(
        "SELECT unit, COUNT(*) AS n FROM tickets WHERE state <> 'closed'
         AND resolution_due_at IS NOT NULL AND resolution_due_at < $1 GROUP BY unit",
    )
    .bind(now)
    .fetch_all(&mut *conn)
    .await?
    {
        let unit: String = r.try_get("unit")?;
        *cases_late.entry(unit).or_default() += r.try_get::<i64, _>("n")?;
    }
    let reports = sqlx::query(
        "SELECT COUNT(*) AS n FROM ally_reports WHERE closed_at IS NULL
         AND due_at IS NOT NULL AND due_at < $1",
    )
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    *cases_late.entry("uot".to_string()).or_default() += reports.try_get::<i64, _>("n")?;
    let (padron_age, padron_stale) = match super::padron::current(conn).await? {
        Some(snap) => staleness(calendar, snap.data_date, today),
        None => (0, false),
    };
    Ok(Snapshot {
        cases_late: cases_late.into_iter().collect(),
        padron_age_business_days: padron_age,
        padron_stale,
        outbox: outbox.into_values().collect(),
        inbound_waiting: waiting.into_iter().collect(),
        requests: requests.into_iter().collect(),
        overdue: overdue.into_iter().collect(),
        tickets_open: tickets.try_get("open")?,
        tickets_late: tickets.try_get("late")?,
    })
}
