//! What the coverage view and the invitations read: per district of
//! intervention (the current padrón's districts and the operator's list), its
//! beneficiaries, the most advanced request of each kind of stage for its local
//! government, and when its active access was last used; the invitations sent and
//! how far each invited district went since. One statement each, grouped in the
//! database: the whole country is read in one pass. The stage orders come from
//! the caller (`services::coverage`); this module holds no rule.

use sqlx::Row;

use super::{Conn, StoreError};

/// One district of intervention as the database groups it.
#[derive(Debug, Clone, PartialEq)]
pub struct DistrictRow {
    pub ubigeo: String,
    pub beneficiaries: i64,
    /// The active access of the district's local government, if any.
    pub active_id: Option<i64>,
    /// 1-based position in the caller's `in_process` order of the most advanced
    /// request in process; 0 when none.
    pub process_rank: i64,
    /// Same, in the caller's `ended` order; 0 when none.
    pub ended_rank: i64,
    /// Last usage event of a chat bound to the active access (unix seconds).
    pub last_used_at: Option<i64>,
    /// When the active access became active.
    pub activated_at: Option<i64>,
}

/// `CASE stage WHEN 'a' THEN 1 WHEN 'b' THEN 2 … ELSE 0 END`; the stage names are
/// the domain's own constants, never user input.
fn rank_case(order: &[&str]) -> String {
    let mut s = String::from("CASE stage");
    for (i, stage) in order.iter().enumerate() {
        debug_assert!(stage.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        s.push_str(&format!(" WHEN '{stage}' THEN {}", i + 1));
    }
    s.push_str(" ELSE 0 END");
    s
}

/// Every district of intervention with its figures, in ubigeo order.
pub async fn districts(
    conn: &mut Conn,
    local: &str,
    active: &str,
    in_process: &[&str],
    ended: &[&str],
) -> Result<Vec<DistrictRow>, StoreError> {
    let sql = format!(
        "WITH scope AS (
             SELECT ubigeo, COUNT(*) AS n FROM padron_beneficiaries
             WHERE snapshot_id = (SELECT snapshot_id FROM padron_current WHERE singleton = 1)
             GROUP BY ubigeo
             UNION ALL
             SELECT ubigeo, 0 AS n FROM intervention_districts
         ),
         d AS (SELECT ubigeo, CAST(SUM(n) AS BIGINT) AS beneficiaries FROM scope GROUP BY ubigeo),
         r AS (
             SELECT jurisdiction AS ubigeo,
                    CAST(MAX(CASE WHEN stage = $2 THEN id END) AS BIGINT) AS active_id,
                    CAST(MAX({process}) AS BIGINT) AS process_rank,
                    CAST(MAX({ended}) AS BIGINT) AS ended_rank
             FROM access_requests WHERE access_type = $1
             GROUP BY jurisdiction
         ),
         u AS (
             SELECT b.request_id, CAST(MAX(e.at) AS BIGINT) AS last_at
             FROM ally_bindings b
             JOIN access_requests a ON a.id = b.request_id AND a.stage = $2
             JOIN usage_events e ON e.channel = b.channel AND e.chat_id = b.chat_id
                  AND e.at >= b.bound_at AND (b.ended_at IS NULL OR e.at < b.ended_at)
             GROUP BY b.request_id
         ),
         act AS (
             SELECT t.request_id, CAST(MAX(t.at) AS BIGINT) AS at
             FROM stage_transitions t
             JOIN access_requests a ON a.id = t.request_id AND a.stage = $2
             WHERE t.to_stage = $2
             GROUP BY t.request_id
         )
         SELECT d.ubigeo, d.beneficiaries, r.active_id,
                CAST(COALESCE(r.process_rank, 0) AS BIGINT) AS process_rank,
                CAST(COALESCE(r.ended_rank, 0) AS BIGINT) AS ended_rank,
                u.last_at, act.at AS activated_at
         FROM d
         LEFT JOIN r ON r.ubigeo = d.ubigeo
         LEFT JOIN u ON u.request_id = r.active_id
         LEFT JOIN act ON act.request_id = r.active_id
         ORDER BY d.ubigeo",
        process = rank_case(in_process),
        ended = rank_case(ended),
    );
    let rows = sqlx::query(&sql)
        .bind(local)
        .bind(active)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter()
        .map(|r| {
            Ok(DistrictRow {
                ubigeo: r.try_get("ubigeo")?,
                beneficiaries: r.try_get("beneficiaries")?,
                active_id: r.try_get("active_id")?,
                process_rank: r.try_get("process_rank")?,
                ended_rank: r.try_get("ended_rank")?,
                last_used_at: r.try_get("last_at")?,
                activated_at: r.try_get("activated_at")?,
            })
        })
        .collect()
}

/// Adds districts to the operator's list of districts of intervention; returns how
/// many were new.
pub async fn add_intervention_districts(
    conn: &mut Conn,
    ubigeos: &[String],
    now: i64,
) -> Result<usize, StoreError> {
    let mut added = 0;
    for u in ubigeos {
        let done = sqlx::query(
            "INSERT INTO intervention_districts (ubigeo, added_at) VALUES ($1, $2)
             ON CONFLICT (ubigeo) DO NOTHING",
        )
        .bind(u)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        added += usize::try_from(done.rows_affected()).unwrap_or(0);
    }
    Ok(added)
}

/// Records one invitation sent to a district.
pub async fn record_invitation(
    conn: &mut Conn,
    ubigeo: &str,
    channel: &str,
    sent_by: &str,
    at: i64,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO invitations (ubigeo, channel, sent_by, sent_at) VALUES ($1, $2, $3, $4)
         RETURNING id",
    )
    .bind(ubigeo)
    .bind(channel)
    .bind(sent_by)
    .bind(at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// One invited district and how far its local government went since its first
/// invitation.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelRow {
    pub ubigeo: String,
    pub invitations: i64,
    pub first_invited_at: i64,
    /// A request for the district created after the first invitation.
    pub started: bool,
    /// One of those requests got its signed DDC (left `awaiting_ddc`).
    pub ddc_signed: bool,
    /// One of those requests became active.
    pub active: bool,
}

/// Every invited district with its funnel, in ubigeo order (one statement).
pub async fn funnel(
    conn: &mut Conn,
    local: &str,
    awaiting_ddc: &str,
    active: &str,
) -> Result<Vec<FunnelRow>, StoreError> {
    let rows = sqlx::query(
        "WITH inv AS (
             SELECT ubigeo, COUNT(*) AS n, CAST(MIN(sent_at) AS BIGINT) AS first_at
             FROM invitations GROUP BY ubigeo
         ),
         req AS (
             SELECT inv.ubigeo,
                    COUNT(a.id) AS started,
                    CAST(SUM(CASE WHEN EXISTS (
                        SELECT 1 FROM stage_transitions t
                        WHERE t.request_id = a.id AND t.from_stage = $2) THEN 1 ELSE 0 END)
                        AS BIGINT) AS signed,
                    CAST(SUM(CASE WHEN EXISTS (
                        SELECT 1 FROM stage_transitions t
                        WHERE t.request_id = a.id AND t.to_stage = $3) THEN 1 ELSE 0 END)
                        AS BIGINT) AS activated
             FROM inv
             JOIN access_requests a ON a.access_type = $1 AND a.jurisdiction = inv.ubigeo
                  AND a.created_at >= inv.first_at
             GROUP BY inv.ubigeo
         )
         SELECT inv.ubigeo, CAST(inv.n AS BIGINT) AS n, inv.first_at,
                CAST(COALESCE(req.started, 0) AS BIGINT) AS started,
                CAST(COALESCE(req.signed, 0) AS BIGINT) AS signed,
                CAST(COALESCE(req.activated, 0) AS BIGINT) AS activated
         FROM inv LEFT JOIN req ON req.ubigeo = inv.ubigeo
         ORDER BY inv.ubigeo",
    )
    .bind(local)
    .bind(awaiting_ddc)
    .bind(active)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(FunnelRow {
                ubigeo: r.try_get("ubigeo")?,
                invitations: r.try_get("n")?,
                first_invited_at: r.try_get("first_at")?,
                started: r.try_get::<i64, _>("started")? > 0,
                ddc_signed: r.try_get::<i64, _>("signed")? > 0,
                active: r.try_get::<i64, _>("activated")? > 0,
            })
        })
        .collect()
}
