//! The JNE list of elected authorities, and the check of a request's authority
//! against it (DESIGN §2): a mismatch is something the UAC reviewer must see.

use std::io::Read;

use sqlx::Row;

use super::{Conn, StoreError};
use crate::domain::request::AccessType;
use crate::domain::ubigeo::{Catalog, Ubigeo};
use crate::domain::values::Dni;
use crate::store::requests::RequestRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authority {
    pub ubigeo: String,
    pub cargo: String,
    pub dni: String,
    pub names: String,
}

/// One bad line of an import, for the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub reason: String,
}

/// Reads and checks the whole CSV (`ubigeo,cargo,dni,nombres`); any bad row fails
/// the import, so nothing is half-imported.
pub fn parse_csv(reader: impl Read) -> Result<Vec<Authority>, Vec<RowError>> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(reader);
    let catalog = Catalog::embedded();
    let mut out = vec![];
    let mut errors = vec![];
    let headers = match rdr.headers() {
        Ok(h) => h.iter().map(|c| c.to_ascii_lowercase()).collect::<Vec<_>>(),
        Err(e) => {
            return Err(vec![RowError {
                line: 1,
                reason: e.to_string(),
            }]);
        }
    };
    let expected = ["ubigeo", "cargo", "dni", "nombres"];
    if headers.len() < 4 || headers[..4] != expected {
        return Err(vec![RowError {
            line: 1,
            reason: format!("header must be {}", expected.join(",")),
        }]);
    }
    for record in rdr.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(RowError {
                    line,
                    reason: e.to_string(),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != 4 {
            errors.push(RowError {
                line,
                reason: format!("expected 4 columns, found {}", record.len()),
            });
            continue;
        }
        let ubigeo = record[0].to_owned();
        let known = match ubigeo.len() {
            2 => catalog
                .departments()
                .iter()
                .any(|d| catalog.department_code(d).as_deref() == Some(&ubigeo)),
            6 => Ubigeo::parse(&ubigeo)
                .ok()
                .and_then(|u| catalog.district(&u))
                .is_some(),
            _ => false,
        };
        if !known {
            errors.push(RowError {
                line,
                reason: format!(
                    "unknown ubigeo {ubigeo:?} (2 digits for a region, 6 for a district)"
                ),
            });
            continue;
        }
        let cargo = record[1].to_uppercase();
        if cargo.is_empty() {
            errors.push(RowError {
                line,
                reason: "empty cargo".into(),
            });
            continue;
        }
        let dni = match Dni::parse(&record[2]) {
            Ok(d) => d,
            Err(_) => {
                errors.push(RowError {
                    line,
                    reason: "DNI must be 8 digits".into(),
                });
                continue;
            }
        };
        let names = record[3].split_whitespace().collect::<Vec<_>>().join(" ");
        if names.chars().count() < 3 {
            errors.push(RowError {
                line,
                reason: "names missing".into(),
            });
            continue;
        }
        out.push(Authority {
            ubigeo,
            cargo,
            dni: dni.as_str().to_owned(),
            names,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

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

/// The result of checking a request's authority against the JNE list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JneCheck {
    Matches {
        names: String,
    },
    DniMismatch {
        names: String,
    },
    NotListed,
    ListNotImported,
    /// Heads of other entities are not elected: nothing to check.
    NotApplicable,
}

impl JneCheck {
    pub fn key(&self) -> &'static str {
        match self {
            JneCheck::Matches { .. } => "jne-matches",
            JneCheck::DniMismatch { .. } => "jne-mismatch",
            JneCheck::NotListed => "jne-not-listed",
            JneCheck::ListNotImported => "jne-not-imported",
            JneCheck::NotApplicable => "jne-not-applicable",
        }
    }
}

pub async fn check(conn: &mut Conn, row: &RequestRow) -> Result<JneCheck, StoreError> {
    let (keys, cargo_prefix): (Vec<String>, &str) = match row.access_type {
        AccessType::Local => (vec![row.jurisdiction.clone()], "ALCALDE"),
        AccessType::Regional => (
            vec![
                row.jurisdiction.clone(),
                format!("{}0000", row.jurisdiction),
            ],
            "GOBERNADOR",
        ),
        AccessType::Other => return Ok(JneCheck::NotApplicable),
    };
    let count: i64 = sqlx::query("SELECT COUNT(*) AS n FROM jne_authorities")
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")?;
    if count == 0 {
        return Ok(JneCheck::ListNotImported);
    }
    for key in keys {
        let found = sqlx::query("SELECT dni, names, cargo FROM jne_authorities WHERE ubigeo = $1")
            .bind(&key)
            .fetch_all(&mut *conn)
            .await?;
        for r in found {
            let cargo: String = r.try_get("cargo")?;
            if !cargo.starts_with(cargo_prefix) {
                continue;
            }
            let dni: String = r.try_get("dni")?;
            let names: String = r.try_get("names")?;
            return Ok(if dni == row.authority_dni {
                JneCheck::Matches { names }
            } else {
                JneCheck::DniMismatch { names }
            });
        }
    }
    Ok(JneCheck::NotListed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_rows_are_reported_with_their_line_and_nothing_is_kept() {
        let csv = "ubigeo,cargo,dni,nombres\n090101,ALCALDE PROVINCIAL,45678912,Ana Quispe\n999999,ALCALDE,45678913,X Y\n090102,ALCALDE DISTRITAL,1234,Luis Soto\n";
        let errors = parse_csv(csv.as_bytes()).expect_err("two bad rows");
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4]);
        let ok = "ubigeo,cargo,dni,nombres\n09,Gobernador Regional,45678912,\"Quispe, Ana\"\n";
        let rows = parse_csv(ok.as_bytes()).expect("valid");
        assert_eq!(rows[0].cargo, "GOBERNADOR REGIONAL");
        assert_eq!(rows[0].names, "Quispe, Ana");
    }

    #[test]
    fn a_wrong_header_is_refused() {
        let errors = parse_csv("a,b,c,d\n".as_bytes()).expect_err("bad header");
        assert_eq!(errors[0].line, 1);
    }
}
