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
