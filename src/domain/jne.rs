//! The JNE list of elected authorities (imported by an operator as CSV) and the check
//! of a request's authority against it: a mismatch is something the UAC
//! reviewer must see, and a reason to observe the request.

use std::io::Read;

use super::request::{AccessType, RequestData};
use super::ubigeo::{Catalog, Ubigeo};
use super::values::{Dni, PersonName};

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

/// Where to look a request's authority up: the ubigeos its jurisdiction is listed
/// under, and the cargo the authority holds. None for entities, whose heads are not
/// elected.
/// The day new municipal and regional authorities take office within `fiscal_year`,
/// if they do: 1 January after each regional and municipal election (Ley 26864, Ley
/// 27683: every four years; the 2026 elections' authorities take office on 1 January
/// 2027). Other entities' heads do not change with elections.
pub fn authorities_take_office(
    access_type: AccessType,
    fiscal_year: i32,
) -> Option<chrono::NaiveDate> {
    (access_type.elected() && (fiscal_year - 2023).rem_euclid(4) == 0)
        .then(|| chrono::NaiveDate::from_ymd_opt(fiscal_year, 1, 1))
        .flatten()
}

pub fn lookup(access_type: AccessType, jurisdiction: &str) -> Option<(Vec<String>, &'static str)> {
    match access_type {
        AccessType::Local => Some((vec![jurisdiction.to_owned()], "ALCALDE")),
        AccessType::Regional => Some((
            vec![jurisdiction.to_owned(), format!("{jurisdiction}0000")],
            "GOBERNADOR",
        )),
        AccessType::Other => None,
    }
}

/// Checks the authority's DNI against the authorities listed for the jurisdiction
/// (`listed`, in the order of `lookup`'s ubigeos).
pub fn check(cargo_prefix: &str, authority_dni: &str, listed: &[Authority]) -> JneCheck {
    match listed.iter().find(|a| a.cargo.starts_with(cargo_prefix)) {
        Some(a) if a.dni == authority_dni => JneCheck::Matches {
            names: a.names.clone(),
        },
        Some(a) => JneCheck::DniMismatch {
            names: a.names.clone(),
        },
        None => JneCheck::NotListed,
    }
}

/// The authority the JNE list names for a jurisdiction, split as the form asks it:
/// what "Sí, es la autoridad" fills in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Prefill {
    pub names: PersonName,
    pub surnames: PersonName,
    pub dni: Dni,
}

impl Prefill {
    /// "ROSA ELENA QUISPE HUAMAN": how the question names the authority.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.names, self.surnames)
    }

    /// The listed authority holding `cargo_prefix` (ALCALDE, GOBERNADOR), if its
    /// name splits into names and surnames the form accepts.
    pub fn from_listed(cargo_prefix: &str, listed: &[Authority]) -> Option<Prefill> {
        let a = listed.iter().find(|a| a.cargo.starts_with(cargo_prefix))?;
        let (names, surnames) = split_name(&a.names)?;
        Some(Prefill {
            names: PersonName::parse(&names).ok()?,
            surnames: PersonName::parse(&surnames).ok()?,
            dni: Dni::parse(&a.dni).ok()?,
        })
    }

    /// Writes the authority into a request's data.
    pub fn fill(&self, data: &mut RequestData) {
        data.authority_names = Some(self.names.clone());
        data.authority_surnames = Some(self.surnames.clone());
        data.authority_dni = Some(self.dni.clone());
        data.authority_from_jne = true;
    }
}

/// Words that belong to the surname after them: "DE LA CRUZ", "DEL CASTILLO".
const PARTICLES: [&str; 8] = ["DE", "DEL", "LA", "LAS", "LOS", "Y", "SAN", "VDA."];

/// Splits a listed full name into (names, surnames). "QUISPE HUAMAN, ROSA ELENA"
/// says it with its comma; otherwise Peruvian usage puts two surnames last
/// ("ROSA ELENA QUISPE HUAMAN"), each with its particles ("DE LA CRUZ"). A name of
/// two words is one name and one surname; one word cannot be split.
pub fn split_name(full: &str) -> Option<(String, String)> {
    if let Some((surnames, names)) = full.split_once(',') {
        let (names, surnames) = (names.trim(), surnames.trim());
        return (!names.is_empty() && !surnames.is_empty())
            .then(|| (names.to_owned(), surnames.to_owned()));
    }
    let words: Vec<&str> = full.split_whitespace().collect();
    let is_particle = |w: &str| PARTICLES.contains(&w.to_uppercase().as_str());
    // Surnames from the end: a word and the particles before it, twice.
    let mut start = words.len();
    let wanted = if words.len() >= 3 { 2 } else { 1 };
    for _ in 0..wanted {
        if start == 0 {
            break;
        }
        start -= 1;
        while start > 0 && is_particle(words[start - 1]) {
            start -= 1;
        }
    }
    if start == 0 || start == words.len() {
        return None;
    }
    Some((words[..start].join(" "), words[start..].join(" ")))
}

#[cfg(test)]
mod tests {

    #[test]
    fn new_authorities_take_office_on_1_january_after_each_election() {
        use chrono::NaiveDate;
        let jan = |y| NaiveDate::from_ymd_opt(y, 1, 1);
        assert_eq!(authorities_take_office(AccessType::Local, 2027), jan(2027));
        assert_eq!(
            authorities_take_office(AccessType::Regional, 2027),
            jan(2027)
        );
        assert_eq!(authorities_take_office(AccessType::Local, 2031), jan(2031));
        assert_eq!(authorities_take_office(AccessType::Local, 2023), jan(2023));
        assert_eq!(authorities_take_office(AccessType::Local, 2026), None);
        assert_eq!(authorities_take_office(AccessType::Local, 2028), None);
        assert_eq!(authorities_take_office(AccessType::Other, 2027), None);
    }

    use super::*;

    #[test]
    fn listed_names_split_into_names_and_surnames() {
        let split = |s: &str| split_name(s).map(|(n, s)| format!("{n} / {s}"));
        assert_eq!(
            split("ROSA ELENA QUISPE HUAMAN").as_deref(),
            Some("ROSA ELENA / QUISPE HUAMAN")
        );
        assert_eq!(
            split("QUISPE HUAMAN, ROSA ELENA").as_deref(),
            Some("ROSA ELENA / QUISPE HUAMAN")
        );
        assert_eq!(
            split("JUAN CARLOS DE LA CRUZ QUISPE").as_deref(),
            Some("JUAN CARLOS / DE LA CRUZ QUISPE")
        );
        assert_eq!(
            split("LUIS DEL CASTILLO ROMERO").as_deref(),
            Some("LUIS / DEL CASTILLO ROMERO")
        );
        assert_eq!(split("Ana Quispe").as_deref(), Some("Ana / Quispe"));
        assert_eq!(split("ROSA"), None);
        assert_eq!(split(", ROSA"), None);
    }

    #[test]
    fn the_prefill_is_the_listed_mayor_with_a_valid_dni() {
        let listed = [Authority {
            ubigeo: "090102".into(),
            cargo: "ALCALDE DISTRITAL".into(),
            dni: "40123456".into(),
            names: "ROSA ELENA QUISPE HUAMAN".into(),
        }];
        let p = Prefill::from_listed("ALCALDE", &listed).expect("listed");
        assert_eq!(p.full_name(), "ROSA ELENA QUISPE HUAMAN");
        assert_eq!(p.dni.masked(), "****3456");
        let mut data = RequestData::default();
        p.fill(&mut data);
        assert_eq!(data.authority_surnames.unwrap().as_str(), "QUISPE HUAMAN");
        assert_eq!(Prefill::from_listed("GOBERNADOR", &listed), None);
    }

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
    fn the_mayor_is_matched_by_dni_and_a_different_dni_is_a_mismatch() {
        let listed = [
            Authority {
                ubigeo: "090102".into(),
                cargo: "REGIDOR".into(),
                dni: "11111111".into(),
                names: "Otra Persona".into(),
            },
            Authority {
                ubigeo: "090102".into(),
                cargo: "ALCALDE DISTRITAL".into(),
                dni: "45678912".into(),
                names: "Ana Quispe".into(),
            },
        ];
        let (_, cargo) = lookup(AccessType::Local, "090102").unwrap_or_default();
        assert_eq!(
            check(cargo, "45678912", &listed),
            JneCheck::Matches {
                names: "Ana Quispe".into()
            }
        );
        assert_eq!(
            check(cargo, "45678913", &listed),
            JneCheck::DniMismatch {
                names: "Ana Quispe".into()
            }
        );
        assert_eq!(
            check("GOBERNADOR", "45678912", &listed),
            JneCheck::NotListed
        );
        assert_eq!(lookup(AccessType::Other, "x"), None);
    }

    #[test]
    fn a_wrong_header_is_refused() {
        let errors = parse_csv("a,b,c,d\n".as_bytes()).expect_err("bad header");
        assert_eq!(errors[0].line, 1);
    }
}
