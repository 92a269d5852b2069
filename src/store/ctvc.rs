//! Transparency committee (CTVC) cases and the answers to their critical points
//!. No rules here: the caller checks the ubigeo, date and texts.

use chrono::NaiveDate;
use sqlx::Row;

use super::columns::{IsoDate, OptFlag};
use super::{Conn, StoreError};

/// One critical point of a case and, once answered, UAC's answer.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PointRow {
    /// 1, 2, … in the order the oficio lists them.
    pub position: i64,
    pub fact: String,
    /// `Some(true)` fundado, `Some(false)` infundado, `None` not answered yet.
    #[sqlx(try_from = "OptFlag")]
    pub founded: Option<bool>,
    pub actions: Option<String>,
    pub improvements: Option<String>,
}

/// A case as stored (mapped by derive); its points are read after it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CaseRow {
    pub id: i64,
    pub case_number: String,
    pub oficio: String,
    #[sqlx(try_from = "IsoDate")]
    pub received_on: NaiveDate,
    pub ubigeo: String,
    #[sqlx(skip)]
    pub points: Vec<PointRow>,
}

pub struct NewCase<'a> {
    pub case_number: &'a str,
    pub oficio: &'a str,
    pub received_on: NaiveDate,
    pub ubigeo: &'a str,
    pub points: &'a [String],
}

/// Registers a case and its points; `None` when that case number already exists.
pub async fn add(conn: &mut Conn, new: &NewCase<'_>, now: i64) -> Result<Option<i64>, StoreError> {
    if find(conn, new.case_number).await?.is_some() {
        return Ok(None);
    }
    let id: i64 = sqlx::query(
        "INSERT INTO ctvc_cases (case_number, oficio, received_on, ubigeo, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(new.case_number)
    .bind(new.oficio)
    .bind(new.received_on.to_string())
    .bind(new.ubigeo)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    for (i, fact) in new.points.iter().enumerate() {
        sqlx::query("INSERT INTO ctvc_points (case_id, position, fact) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(i64::try_from(i + 1).unwrap_or(i64::MAX))
            .bind(fact.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(Some(id))
}

/// What answering a point found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    Done,
    NoCase,
    /// The case has this many points.
    NoPoint(i64),
}

/// Records (or corrects) the answer to point `position` of case `case_number`.
pub async fn answer(
    conn: &mut Conn,
    case_number: &str,
    position: i64,
    founded: bool,
    actions: &str,
    improvements: &str,
    now: i64,
) -> Result<Answered, StoreError> {
    let Some(case) = find(conn, case_number).await? else {
        return Ok(Answered::NoCase);
    };
    let done = sqlx::query(
        "UPDATE ctvc_points SET founded = $1, actions = $2, improvements = $3, answered_at = $4
         WHERE case_id = $5 AND position = $6",
    )
    .bind(i64::from(founded))
    .bind(actions)
    .bind(improvements)
    .bind(now)
    .bind(case.id)
    .bind(position)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 1 {
        Ok(Answered::Done)
    } else {
        Ok(Answered::NoPoint(
            i64::try_from(case.points.len()).unwrap_or(0),
        ))
    }
}

/// The case with that number, with its points.
pub async fn find(conn: &mut Conn, case_number: &str) -> Result<Option<CaseRow>, StoreError> {
    let mut cases = select(conn, "WHERE case_number = $1", case_number).await?;
    Ok(cases.pop())
}

/// The cases an oficio names, by case number.
pub async fn by_oficio(conn: &mut Conn, oficio: &str) -> Result<Vec<CaseRow>, StoreError> {
    select(conn, "WHERE oficio = $1", oficio).await
}

/// Every case, newest oficio date first.
pub async fn list(conn: &mut Conn) -> Result<Vec<CaseRow>, StoreError> {
    select(conn, "WHERE $1 = $1", "").await
}

async fn select(conn: &mut Conn, filter: &str, arg: &str) -> Result<Vec<CaseRow>, StoreError> {
    let sql = format!(
        "SELECT id, case_number, oficio, received_on, ubigeo FROM ctvc_cases {filter}
         ORDER BY received_on DESC, id"
    );
    let mut out: Vec<CaseRow> = sqlx::query_as(&sql).bind(arg).fetch_all(&mut *conn).await?;
    for case in &mut out {
        case.points = sqlx::query_as(
            "SELECT position, fact, founded, actions, improvements FROM ctvc_points
             WHERE case_id = $1 ORDER BY position",
        )
        .bind(case.id)
        .fetch_all(&mut *conn)
        .await?;
    }
    Ok(out)
}
