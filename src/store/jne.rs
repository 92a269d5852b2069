//! The stored JNE list of elected authorities (the rules are in `domain::jne`).

use sqlx::Row;

use super::{Conn, StoreError};
use crate::domain::jne::{self, Authority, Prefill};
use crate::domain::request::RequestData;

/// Replaces the whole list (inside the caller's transaction).
pub async fn replace_all(conn: &mut Conn, rows: &[Authority], now: i64) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM jne_authorities")
        .execute(&mut *conn)
        .await?;
    for a in rows {
        sqlx::query(
            "INSERT INTO jne_authorities (ubigeo, cargo, dni, names, imported_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (ubigeo, cargo) DO UPDATE SET dni = excluded.dni, names = excluded.names",
        )
        .bind(&a.ubigeo)
        .bind(&a.cargo)
        .bind(&a.dni)
        .bind(&a.names)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Whether any list was imported.
pub async fn imported(conn: &mut Conn) -> Result<bool, StoreError> {
    let count: i64 = sqlx::query("SELECT COUNT(*) AS n FROM jne_authorities")
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")?;
    Ok(count > 0)
}

/// The authorities listed under these ubigeos, in their order.
pub async fn listed(conn: &mut Conn, ubigeos: &[String]) -> Result<Vec<Authority>, StoreError> {
    let mut out = vec![];
    for ubigeo in ubigeos {
        let found = sqlx::query(
            "SELECT ubigeo, cargo, dni, names FROM jne_authorities WHERE ubigeo = $1 ORDER BY cargo",
        )
        .bind(ubigeo)
        .fetch_all(&mut *conn)
        .await?;
        for r in found {
            out.push(Authority {
                ubigeo: r.try_get("ubigeo")?,
                cargo: r.try_get("cargo")?,
                dni: r.try_get("dni")?,
                names: r.try_get("names")?,
            });
        }
    }
    Ok(out)
}

/// The authority the JNE list names for the data's district or region, split for
/// the form: what the chat, the Mini App and the Flow offer to fill in. `None` when
/// the jurisdiction is not chosen yet, is an entity, or is not listed.
pub async fn prefill(conn: &mut Conn, data: &RequestData) -> Result<Option<Prefill>, StoreError> {
    let (Some(access_type), Some(jurisdiction)) = (data.access_type, data.jurisdiction_key())
    else {
        return Ok(None);
    };
    let Some((ubigeos, cargo)) = jne::lookup(access_type, &jurisdiction) else {
        return Ok(None);
    };
    let listed = listed(conn, &ubigeos).await?;
    Ok(Prefill::from_listed(cargo, &listed))
}

/// An access whose jurisdiction the JNE list now gives another authority than the
/// one on its request, and the term for the new authority's signed DDC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorityChange {
    pub request_id: i64,
    pub listed_dni: String,
    pub listed_names: String,
    pub found_at: i64,
    pub due_on: chrono::NaiveDate,
}

/// Records a change found by a re-check; `false` when it was already recorded (the
/// same list imported again tells nobody twice).
pub async fn flag_change(conn: &mut Conn, change: &AuthorityChange) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO authority_changes (request_id, listed_dni, listed_names, found_at, due_on)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (request_id, listed_dni) DO NOTHING",
    )
    .bind(change.request_id)
    .bind(&change.listed_dni)
    .bind(&change.listed_names)
    .bind(change.found_at)
    .bind(change.due_on.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The changes not settled yet: the request still names another authority than the
/// listed one and is still pending or active (`stages`), oldest first.
pub async fn open_changes(
    conn: &mut Conn,
    stages: &[crate::domain::stage::Stage],
) -> Result<Vec<AuthorityChange>, StoreError> {
    let rows = sqlx::query(
        "SELECT c.request_id, c.listed_dni, c.listed_names, c.found_at, c.due_on, r.stage
         FROM authority_changes c JOIN access_requests r ON r.id = c.request_id
         WHERE r.authority_dni <> c.listed_dni ORDER BY c.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut out = vec![];
    for r in rows {
        let stage: String = r.try_get("stage")?;
        if !stages.iter().any(|s| s.as_str() == stage) {
            continue;
        }
        let due: String = r.try_get("due_on")?;
        out.push(AuthorityChange {
            request_id: r.try_get("request_id")?,
            listed_dni: r.try_get("listed_dni")?,
            listed_names: r.try_get("listed_names")?,
            found_at: r.try_get("found_at")?,
            due_on: due
                .parse()
                .map_err(|e: chrono::ParseError| StoreError::Corrupt(e.to_string()))?,
        });
    }
    Ok(out)
}
