//! Access requests and their append-only stage history.

use crate::message::{Channel, ChatKey};
use chrono::{Datelike, NaiveDate};
use sqlx::Row;

use super::columns::{OptIsoDate, json_text};
use super::{Conn, StoreError, opt_text};
use crate::domain::correction::Change;
use crate::domain::observation::ObservationReason;
use crate::domain::request::{
    AccessType, AuthorityOnDdc, Field, RequestData, RequestKind, VerificationCode, request_code,
};
use crate::domain::stage::Stage;

/// A request as stored (mapped by derive: codes, the data and the DDC's authority
/// as text, see `store::columns`; `fiscal_year` is a BIGINT that sqlx's `Any`
/// narrows to `i32`, failing if it does not fit).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub code: String,
    pub access_type: AccessType,
    pub jurisdiction: String,
    pub authority_dni: String,
    pub stage: Stage,
    #[sqlx(try_from = "OptIsoDate")]
    pub stage_due_on: Option<NaiveDate>,
    pub fiscal_year: i32,
    pub kind: RequestKind,
    /// The access a renewal renews, or the lapsed or rejected request this one
    /// starts again from.
    pub previous_id: Option<i64>,
    pub data: RequestData,
    pub channel: Channel,
    pub chat_id: String,
    pub locale: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// Printed on the DDC; `None` only for requests made before it existed, until
    /// their DDC is generated again ([`ensure_verification_code`]).
    pub verification_code: Option<VerificationCode>,
    /// The authority named on the latest DDC generated for it (`None` before any,
    /// or for requests older than this record).
    pub ddc_authority: Option<AuthorityOnDdc>,
}

// A request's data and the authority named on its DDC are stored as JSON text.
json_text!(RequestData);
json_text!(AuthorityOnDdc);

impl RequestRow {
    /// A change of responsible: when active, it ends the jurisdiction's access.
    pub fn is_modification(&self) -> bool {
        self.kind == RequestKind::Modification
    }

    /// The one jurisdiction label (see [`crate::domain::request::jurisdiction_label`]).
    pub fn jurisdiction_label(&self) -> String {
        crate::domain::request::jurisdiction_label(self.access_type, &self.data, &self.jurisdiction)
    }

    /// Whether `chat` is the chat the request was made from.
    pub fn made_from(&self, chat: ChatKey<'_>) -> bool {
        self.chat() == chat
    }

    /// The chat the request was made from.
    pub fn chat(&self) -> ChatKey<'_> {
        ChatKey::new(self.channel, &self.chat_id)
    }
}

const COLUMNS: &str = "id, code, access_type, jurisdiction, authority_dni, stage, stage_due_on, \
     fiscal_year, is_modification, data, channel, chat_id, locale, created_at, updated_at, \
     verification_code, kind, previous_id, ddc_authority";

pub struct NewRequest<'a> {
    pub data: &'a RequestData,
    pub access_type: AccessType,
    pub jurisdiction: &'a str,
    pub authority_dni: &'a str,
    pub stage: Stage,
    pub fiscal_year: i32,
    pub kind: RequestKind,
    pub previous_id: Option<i64>,
    /// The chat it is made from.
    pub chat: ChatKey<'a>,
    pub locale: &'a str,
}

/// A fresh verification code from the operating system's random source.
pub fn new_verification_code() -> Result<VerificationCode, StoreError> {
    let mut random = [0u8; 64];
    getrandom::fill(&mut random)
        .map_err(|e| StoreError::Io(std::io::Error::other(e.to_string())))?;
    VerificationCode::from_random(&random)
        .ok_or_else(|| StoreError::Corrupt("random source gave too few usable bytes".into()))
}

/// Inserts a request and gives it its code (derived from the row id, so codes never
/// collide across replicas; its year is the year it was filed, in Lima, even when
/// its DDC covers the coming fiscal year) and its DDC verification code (random).
pub async fn insert(
    conn: &mut Conn,
    new: NewRequest<'_>,
    now: i64,
) -> Result<RequestRow, StoreError> {
    let data = serde_json::to_string(new.data)?;
    let verification = new_verification_code()?;
    // A jurisdiction whose access was revoked requests anew: the new request's
    // history points to the revoked one.
    let previous_id = match (new.previous_id, new.kind) {
        (None, RequestKind::New) => {
            latest_revoked_in(conn, new.access_type, new.jurisdiction).await?
        }
        (previous, _) => previous,
    };
    let row = sqlx::query(
        "INSERT INTO access_requests (access_type, jurisdiction, authority_dni, stage, fiscal_year,
            is_modification, data, channel, chat_id, locale, created_at, updated_at,
            verification_code, kind, previous_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13, $14) RETURNING id",
    )
    .bind(new.access_type.as_str())
    .bind(new.jurisdiction)
    .bind(new.authority_dni)
    .bind(new.stage.as_str())
    .bind(i64::from(new.fiscal_year))
    .bind(i64::from(new.kind == RequestKind::Modification))
    .bind(data)
    .bind(new.chat.channel())
    .bind(new.chat.chat_id)
    .bind(new.locale)
    .bind(now)
    .bind(verification.as_str())
    .bind(new.kind.as_str())
    .bind(previous_id)
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = row.try_get("id")?;
    let filed = chrono::DateTime::from_timestamp(now, 0).map_or(new.fiscal_year, |at| {
        crate::domain::calendar::lima_date(at).year()
    });
    sqlx::query("UPDATE access_requests SET code = $1 WHERE id = $2")
        .bind(request_code(filed, id))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    get(conn, id)
        .await?
        .ok_or_else(|| StoreError::Corrupt("inserted request vanished".into()))
}

pub async fn get(conn: &mut Conn, id: i64) -> Result<Option<RequestRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM access_requests WHERE id = $1");
    let row = sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row)
}

/// The request's verification code, giving it one first if it predates them.
pub async fn ensure_verification_code(
    conn: &mut Conn,
    row: &RequestRow,
) -> Result<VerificationCode, StoreError> {
    if let Some(v) = &row.verification_code {
        return Ok(v.clone());
    }
    let fresh = new_verification_code()?;
    // Only if still empty: two replicas rendering at once keep the first code.
    sqlx::query(
        "UPDATE access_requests SET verification_code = $1
         WHERE id = $2 AND verification_code IS NULL",
    )
    .bind(fresh.as_str())
    .bind(row.id)
    .execute(&mut *conn)
    .await?;
    get(conn, row.id)
        .await?
        .and_then(|r| r.verification_code)
        .ok_or_else(|| StoreError::Corrupt("verification code not stored".into()))
}

/// Gives a request a fresh verification code: a DDC printed (or signed) before no
/// longer answers it.
pub async fn renew_verification_code(conn: &mut Conn, id: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE access_requests SET verification_code = $1 WHERE id = $2")
        .bind(new_verification_code()?.as_str())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Records that a DDC naming `authority` was generated for fiscal year `fiscal_year`.
/// With `new_code`, the request gets a fresh verification code first, so a paper
/// printed before (naming someone else) no longer opens the upload from another chat.
pub async fn record_ddc(
    conn: &mut Conn,
    id: i64,
    authority: &AuthorityOnDdc,
    fiscal_year: i32,
    new_code: bool,
) -> Result<RequestRow, StoreError> {
    if new_code {
        renew_verification_code(conn, id).await?;
    }
    sqlx::query("UPDATE access_requests SET ddc_authority = $1, fiscal_year = $2 WHERE id = $3")
        .bind(serde_json::to_string(authority)?)
        .bind(i64::from(fiscal_year))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    get(conn, id)
        .await?
        .ok_or_else(|| StoreError::Corrupt("request vanished".into()))
}

/// The jurisdiction's most recently revoked access, if any.
pub async fn latest_revoked_in(
    conn: &mut Conn,
    access_type: AccessType,
    jurisdiction: &str,
) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query(
        "SELECT id FROM access_requests WHERE access_type = $1 AND jurisdiction = $2
         AND stage = $3 ORDER BY id DESC LIMIT 1",
    )
    .bind(access_type.as_str())
    .bind(jurisdiction)
    .bind(Stage::Revoked.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| r.try_get("id")).transpose()?)
}

/// The renewal filed for an access and still on its way (not yet active, lapsed or
/// rejected), if any.
pub async fn open_renewal_of(conn: &mut Conn, id: i64) -> Result<Option<RequestRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM access_requests WHERE previous_id = $1 AND kind = $2
         ORDER BY id DESC"
    );
    let rows: Vec<RequestRow> = sqlx::query_as(&sql)
        .bind(id)
        .bind(RequestKind::Renewal.as_str())
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows
        .into_iter()
        .find(|row| !row.stage.is_terminal() && row.stage != Stage::Active))
}

/// Records a wrong verification code typed by a chat.
pub async fn record_failed_verification(
    conn: &mut Conn,
    chat: ChatKey<'_>,
    request_id: i64,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO verification_attempts (at, channel, chat_id, request_id)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(now)
    .bind(chat.channel())
    .bind(chat.chat_id)
    .bind(request_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Wrong verification codes a chat typed after `since`, and the oldest of them (so
/// the chat can be told when it may try again).
pub async fn failed_verifications_since(
    conn: &mut Conn,
    chat: ChatKey<'_>,
    since: i64,
) -> Result<(i64, Option<i64>), StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM verification_attempts
         WHERE channel = $1 AND chat_id = $2 AND at > $3",
    )
    .bind(chat.channel())
    .bind(chat.chat_id)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.try_get("n")?, row.try_get("oldest")?))
}

/// Records that a chat proved it holds a request's verification code.
pub async fn grant_upload(
    conn: &mut Conn,
    chat: ChatKey<'_>,
    request_id: i64,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO upload_grants (at, channel, chat_id, request_id) VALUES ($1, $2, $3, $4)",
    )
    .bind(now)
    .bind(chat.channel())
    .bind(chat.chat_id)
    .bind(request_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Whether a chat proved it holds a request's verification code after `since`.
pub async fn has_upload_grant(
    conn: &mut Conn,
    chat: ChatKey<'_>,
    request_id: i64,
    since: i64,
) -> Result<bool, StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM upload_grants
         WHERE channel = $1 AND chat_id = $2 AND request_id = $3 AND at > $4",
    )
    .bind(chat.channel())
    .bind(chat.chat_id)
    .bind(request_id)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// The staff ids that moved a request before (their own past actions), read from
/// the history's actor labels (`staff:<id> <name>`).
pub async fn handled_by(conn: &mut Conn, id: i64) -> Result<Vec<i64>, StoreError> {
    let mut ids: Vec<i64> = transitions(conn, id)
        .await?
        .iter()
        .filter_map(|t| t.staff_id())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

pub async fn by_code(conn: &mut Conn, code: &str) -> Result<Option<RequestRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM access_requests WHERE code = $1");
    let row = sqlx::query_as(&sql)
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row)
}

/// Requests signed by an authority, newest first (the web form's lookup by DNI).
pub async fn by_authority_dni(conn: &mut Conn, dni: &str) -> Result<Vec<RequestRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM access_requests WHERE authority_dni = $1 ORDER BY id DESC LIMIT 20"
    );
    let rows = sqlx::query_as(&sql).bind(dni).fetch_all(&mut *conn).await?;
    Ok(rows)
}

/// Requests made from a chat, newest first.
pub async fn by_chat(conn: &mut Conn, chat: ChatKey<'_>) -> Result<Vec<RequestRow>, StoreError> {
    of_chat(conn, chat, 20).await
}

/// The latest request made from a chat, if any.
pub async fn latest_by_chat(
    conn: &mut Conn,
    chat: ChatKey<'_>,
) -> Result<Option<RequestRow>, StoreError> {
    Ok(of_chat(conn, chat, 1).await?.pop())
}

/// A chat's `limit` latest requests, newest first.
async fn of_chat(
    conn: &mut Conn,
    chat: ChatKey<'_>,
    limit: i64,
) -> Result<Vec<RequestRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM access_requests WHERE channel = $1 AND chat_id = $2
         ORDER BY id DESC LIMIT $3"
    );
    let rows = sqlx::query_as(&sql)
        .bind(chat.channel())
        .bind(chat.chat_id)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows)
}

/// The active access of a jurisdiction, if any (a new request there is a change of
/// responsible).
pub async fn active_for(
    conn: &mut Conn,
    access_type: AccessType,
    jurisdiction: &str,
) -> Result<Option<RequestRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM access_requests
         WHERE access_type = $1 AND jurisdiction = $2 AND stage = $3 ORDER BY id DESC LIMIT 1"
    );
    let row = sqlx::query_as(&sql)
        .bind(access_type.as_str())
        .bind(jurisdiction)
        .bind(Stage::Active.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row)
}

/// Moves a request from `from` to `to` and records it. Returns false, changing
/// nothing, when the request is no longer at `from` (someone else moved it first).
#[allow(clippy::too_many_arguments)]
pub async fn move_stage(
    conn: &mut Conn,
    id: i64,
    from: Stage,
    to: Stage,
    due: Option<NaiveDate>,
    actor: &str,
    note: Option<&str>,
    now: i64,
) -> Result<bool, StoreError> {
    move_stage_why(conn, id, from, to, due, actor, note, None, now).await
}

/// [`move_stage`], keeping the prepared reason of an observation beside its note.
#[allow(clippy::too_many_arguments)]
pub async fn move_stage_why(
    conn: &mut Conn,
    id: i64,
    from: Stage,
    to: Stage,
    due: Option<NaiveDate>,
    actor: &str,
    note: Option<&str>,
    reason: Option<ObservationReason>,
    now: i64,
) -> Result<bool, StoreError> {
    let moved = sqlx::query(
        "UPDATE access_requests SET stage = $1, stage_due_on = $2, updated_at = $3
         WHERE id = $4 AND stage = $5",
    )
    .bind(to.as_str())
    .bind(due.map(|d| d.to_string()))
    .bind(now)
    .bind(id)
    .bind(from.as_str())
    .execute(&mut *conn)
    .await?;
    if moved.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO stage_transitions (request_id, from_stage, to_stage, actor, note, at,
            reason_code)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(actor)
    .bind(note)
    .bind(now)
    .bind(reason.map(ObservationReason::code))
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// Replaces a request's data (a correction), keeping the filter columns in step.
pub async fn update_data(
    conn: &mut Conn,
    id: i64,
    data: &RequestData,
    jurisdiction: &str,
    authority_dni: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE access_requests SET data = $1, jurisdiction = $2, authority_dni = $3, updated_at = $4
         WHERE id = $5",
    )
    .bind(serde_json::to_string(data)?)
    .bind(jurisdiction)
    .bind(authority_dni)
    .bind(now)
    .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct TransitionRow {
    pub from: String,
    pub to: String,
    pub actor: String,
    pub note: Option<String>,
    pub at: i64,
    /// The prepared reason of an observation (`None`: typed freely, or no observation).
    pub reason: Option<ObservationReason>,
}

impl TransitionRow {
    /// The staff member who made this transition, if one did.
    pub fn staff_id(&self) -> Option<i64> {
        let rest = self.actor.strip_prefix("staff:")?;
        rest.split(' ').next()?.parse().ok()
    }
}

/// Mapped by hand: a reason code this version does not know reads as no reason (a
/// typed observation), not as corruption, which a derived decode would make it.
pub async fn transitions(conn: &mut Conn, id: i64) -> Result<Vec<TransitionRow>, StoreError> {
    let rows = sqlx::query(
        "SELECT from_stage, to_stage, actor, note, at, reason_code FROM stage_transitions
         WHERE request_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(TransitionRow {
                from: r.try_get("from_stage")?,
                to: r.try_get("to_stage")?,
                actor: r.try_get("actor")?,
                note: opt_text(&r, "note")?,
                at: r.try_get("at")?,
                reason: opt_text(&r, "reason_code")?
                    .as_deref()
                    .and_then(ObservationReason::parse),
            })
        })
        .collect()
}

/// One stage transition of any request, for the time spent in each stage (mapped
/// by derive).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StageStep {
    pub request_id: i64,
    #[sqlx(rename = "from_stage")]
    pub from: String,
    #[sqlx(rename = "to_stage")]
    pub to: String,
    pub at: i64,
}

/// Every request's history, request by request, in order.
pub async fn all_transitions(conn: &mut Conn) -> Result<Vec<StageStep>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT request_id, from_stage, to_stage, at FROM stage_transitions
         ORDER BY request_id, id",
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// Records the applicant's submission (draft to awaiting_ddc) as the first transition.
pub async fn record_submission(conn: &mut Conn, id: i64, now: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO stage_transitions (request_id, from_stage, to_stage, actor, note, at)
         VALUES ($1, $2, $3, 'applicant', NULL, $4)",
    )
    .bind(id)
    .bind(Stage::Draft.as_str())
    .bind(Stage::AwaitingDdc.as_str())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Every active access of a jurisdiction (normally one).
pub async fn active_in(
    conn: &mut Conn,
    access_type: AccessType,
    jurisdiction: &str,
) -> Result<Vec<RequestRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM access_requests
         WHERE access_type = $1 AND jurisdiction = $2 AND stage = $3 ORDER BY id"
    );
    let rows = sqlx::query_as(&sql)
        .bind(access_type.as_str())
        .bind(jurisdiction)
        .bind(Stage::Active.as_str())
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows)
}

/// Every request of a jurisdiction, at any stage, oldest first (its history).
pub async fn all_in(
    conn: &mut Conn,
    access_type: AccessType,
    jurisdiction: &str,
) -> Result<Vec<RequestRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM access_requests
         WHERE access_type = $1 AND jurisdiction = $2 ORDER BY id"
    );
    let rows = sqlx::query_as(&sql)
        .bind(access_type.as_str())
        .bind(jurisdiction)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows)
}

/// Requests waiting at any of `stages`, oldest deadline first.
pub async fn queue(
    conn: &mut Conn,
    stages: &[Stage],
    limit: i64,
) -> Result<Vec<RequestRow>, StoreError> {
    desk(
        conn,
        &DeskFilter {
            stages,
            access_type: None,
            region: None,
            code: None,
            limit,
        },
    )
    .await
}

/// What a review desk lists: the requests at `stages`, narrowed by access type, by
/// region (the two-digit department code a district's or region's jurisdiction
/// starts with) and by code.
#[derive(Debug, Clone, Copy)]
pub struct DeskFilter<'a> {
    pub stages: &'a [Stage],
    pub access_type: Option<AccessType>,
    pub region: Option<&'a str>,
    pub code: Option<&'a str>,
    pub limit: i64,
}

/// The desk's requests, oldest deadline first (those without a term last).
pub async fn desk(conn: &mut Conn, filter: &DeskFilter<'_>) -> Result<Vec<RequestRow>, StoreError> {
    if filter.stages.is_empty() {
        return Ok(vec![]);
    }
    let mut binds: Vec<String> = filter
        .stages
        .iter()
        .map(|s| s.as_str().to_owned())
        .collect();
    let placeholders: Vec<String> = (1..=binds.len()).map(|i| format!("${i}")).collect();
    let mut sql = format!(
        "SELECT {COLUMNS} FROM access_requests WHERE stage IN ({})",
        placeholders.join(", ")
    );
    if let Some(t) = filter.access_type {
        binds.push(t.as_str().to_owned());
        sql.push_str(&format!(" AND access_type = ${}", binds.len()));
    }
    if let Some(region) = filter.region {
        binds.push(format!("{region}%"));
        sql.push_str(&format!(
            " AND access_type IN ('{}', '{}') AND jurisdiction LIKE ${}",
            AccessType::Local.as_str(),
            AccessType::Regional.as_str(),
            binds.len()
        ));
    }
    if let Some(code) = filter.code {
        binds.push(code.to_owned());
        sql.push_str(&format!(" AND code = ${}", binds.len()));
    }
    sql.push_str(&format!(
        " ORDER BY CASE WHEN stage_due_on IS NULL THEN 1 ELSE 0 END, stage_due_on, id LIMIT ${}",
        binds.len() + 1
    ));
    let mut q = sqlx::query_as(&sql);
    for b in &binds {
        q = q.bind(b.as_str());
    }
    let rows = q.bind(filter.limit).fetch_all(&mut *conn).await?;
    Ok(rows)
}

/// Requests at a stage whose term ended before `day` (overdue), or all with a term.
pub async fn at_stage(conn: &mut Conn, stage: Stage) -> Result<Vec<RequestRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM access_requests WHERE stage = $1 ORDER BY id");
    let rows = sqlx::query_as(&sql)
        .bind(stage.as_str())
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows)
}

/// Every request, oldest first (UAC's export). Drafts are left out: they are not
/// requests yet.
pub async fn all_filed(conn: &mut Conn) -> Result<Vec<RequestRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM access_requests WHERE stage <> $1 ORDER BY id");
    let rows = sqlx::query_as(&sql)
        .bind(Stage::Draft.as_str())
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows)
}

/// Requests that reached `to` between two instants (e.g. accounts created, for UTI's report).
pub async fn reached_between(
    conn: &mut Conn,
    to: Stage,
    from_at: i64,
    until_at: i64,
) -> Result<Vec<(RequestRow, i64)>, StoreError> {
    let rows = sqlx::query(
        "SELECT request_id, at FROM stage_transitions WHERE to_stage = $1 AND at >= $2 AND at < $3
         ORDER BY at",
    )
    .bind(to.as_str())
    .bind(from_at)
    .bind(until_at)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = vec![];
    for r in rows {
        let id: i64 = r.try_get("request_id")?;
        let at: i64 = r.try_get("at")?;
        if let Some(row) = get(conn, id).await? {
            out.push((row, at));
        }
    }
    Ok(out)
}

/// The expected account date kept for a request, if one was fixed.
pub async fn expected_account(conn: &mut Conn, id: i64) -> Result<Option<NaiveDate>, StoreError> {
    let row = sqlx::query("SELECT expected_account_on FROM access_requests WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    opt_text(&row, "expected_account_on")?
        .map(|d| {
            d.parse::<NaiveDate>()
                .map_err(|e| StoreError::Corrupt(e.to_string()))
        })
        .transpose()
}

/// Fixes a request's expected account date (see `Workflow::expected_account`).
pub async fn set_expected_account(
    conn: &mut Conn,
    id: i64,
    on: NaiveDate,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE access_requests SET expected_account_on = $1 WHERE id = $2")
        .bind(on.to_string())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The latest observation of a request (its history row), if it was ever observed.
pub async fn last_observation(
    conn: &mut Conn,
    id: i64,
) -> Result<Option<TransitionRow>, StoreError> {
    Ok(transitions(conn, id)
        .await?
        .into_iter()
        .rev()
        .find(|t| t.to == Stage::Observed.as_str()))
}

/// Keeps a correction's changes in the request's history.
pub async fn record_changes(
    conn: &mut Conn,
    id: i64,
    changes: &[Change],
    actor: &str,
    now: i64,
) -> Result<(), StoreError> {
    for c in changes {
        sqlx::query(
            "INSERT INTO request_changes (request_id, field, old_value, new_value, actor, at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(c.field.as_str())
        .bind(&c.old)
        .bind(&c.new)
        .bind(actor)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A correction kept in the history, with when it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRow {
    pub change: Change,
    pub actor: String,
    pub at: i64,
}

/// The corrections of a request made at or after `since` (unix seconds), oldest first.
pub async fn changes_since(
    conn: &mut Conn,
    id: i64,
    since: i64,
) -> Result<Vec<ChangeRow>, StoreError> {
    let rows = sqlx::query(
        "SELECT field, old_value, new_value, actor, at FROM request_changes
         WHERE request_id = $1 AND at >= $2 ORDER BY id",
    )
    .bind(id)
    .bind(since)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let field: String = r.try_get("field")?;
            Ok(ChangeRow {
                change: Change {
                    field: Field::parse(&field)
                        .ok_or_else(|| StoreError::Corrupt(format!("field {field}")))?,
                    old: r.try_get("old_value")?,
                    new: r.try_get("new_value")?,
                },
                actor: r.try_get("actor")?,
                at: r.try_get("at")?,
            })
        })
        .collect()
}
