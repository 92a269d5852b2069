//! The INEI ubigeo catalog (25 departments, 196 provinces, 1,893 districts) and the
//! forgiving name search users need: they type without accents, in any case, with
//! typos, and several districts share a name, so results can be narrowed by province
//! or department.
//!
//! The catalog is embedded at compile time from `data/ubigeo-inei.csv`; reading it is
//! the only "I/O" in the domain.

use std::collections::HashSet;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::values::{ValueError, string_value};

const EMBEDDED_CSV: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/ubigeo-inei.csv"));

/// Most results a search returns; beyond that the user should type more.
pub const MAX_RESULTS: usize = 30;

/// Queries at least this long tolerate one typo (shorter ones would match too much).
const FUZZY_MIN_CHARS: usize = 5;

/// Canonical form for comparing place names: accents dropped (NFD minus combining
/// marks, so "ñ" becomes "n"), lowercase, punctuation treated as space, whitespace
/// collapsed. "ÁNCASH", "ancash" and " Ancash " all become "ancash".
///
/// ASCII (most of what is typed) is done in one pass over its bytes: the
/// decomposition changes nothing there, and every turn's reading normalizes its
/// text several times.
pub fn normalize(s: &str) -> String {
    if s.is_ascii() {
        let mut out = String::with_capacity(s.len());
        let mut gap = false;
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                out.push(char::from(b.to_ascii_lowercase()));
            } else {
                gap = true;
            }
        }
        return out;
    }
    decomposed(s)
}

/// [`normalize`] by the general path: decomposed, marks dropped, lowercased,
/// punctuation as space, whitespace collapsed.
fn decomposed(s: &str) -> String {
    let plain: String = s
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A 6-digit INEI code: 2 digits department, 2 province, 2 district.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ubigeo(String);
string_value!(Ubigeo);

impl Ubigeo {
    /// Checks the shape only; [`Catalog::district`] tells whether the code exists.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        let s = s.trim();
        if s.len() == 6 && s.chars().all(|c| c.is_ascii_digit()) {
            Ok(Self(s.to_owned()))
        } else {
            Err(ValueError::Ubigeo)
        }
    }

    /// The 2-digit department code, e.g. "09" for Huancavelica.
    pub fn department_code(&self) -> &str {
        &self.0[..2]
    }

    /// The 4-digit province code, e.g. "0901".
    pub fn province_code(&self) -> &str {
        &self.0[..4]
    }
}

/// The payload a deep link carries for a district: `inv-090103`.
pub fn invitation_payload(ubigeo: &str) -> String {
    format!("inv-{ubigeo}")
}

/// The district an invitation payload names (`inv-090103`, in any case, anywhere in
/// a text such as a WhatsApp prefilled message), if it is one. The invitation
/// letter's QR codes carry it (`/start inv-090103` on Telegram).
pub fn invited_district(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find("inv-")?;
    let code: String = lower[at + 4..].chars().take(6).collect();
    (code.len() == 6 && code.chars().all(|c| c.is_ascii_digit())).then_some(code)
}

/// One district of the catalog, names as INEI writes them (with accents).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct District {
    pub code: Ubigeo,
    pub department: String,
    pub province: String,
    pub name: String,
}

impl District {
    /// "district (province, department)", enough to tell repeated names apart.
    pub fn label(&self) -> String {
        format!("{} ({}, {})", self.name, self.province, self.department)
    }
}

/// Why a catalog CSV could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("line {line}: expected ubigeo,departamento,provincia,distrito")]
    Columns { line: usize },
    #[error("line {line}: invalid ubigeo code")]
    Code { line: usize },
    #[error("line {line}: duplicate ubigeo code")]
    Duplicate { line: usize },
}

/// Normalized names kept beside each district so searches do not re-normalize.
#[derive(Debug)]
struct Keys {
    name: String,
    department: String,
}

/// The district catalog, in ubigeo order.
#[derive(Debug)]
pub struct Catalog {
    districts: Vec<District>,
    keys: Vec<Keys>,
}

impl Catalog {
    /// The catalog embedded in the binary, parsed on first use.
    ///
    /// # Panics
    /// Only if the embedded CSV is malformed, which the tests rule out: it is part of
    /// the build, not user input.
    pub fn embedded() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG
            .get_or_init(|| Catalog::from_csv(EMBEDDED_CSV).expect("embedded ubigeo CSV is valid"))
    }

    /// Parses `ubigeo,departamento,provincia,distrito` with a header line. Names never
    /// contain commas in the INEI table, so no quoting is handled.
    pub fn from_csv(csv: &str) -> Result<Catalog, CatalogError> {
        let mut districts = Vec::new();
        let mut seen = HashSet::new();
        for (i, raw) in csv.lines().enumerate().skip(1) {
            let line = i + 1;
            let raw = raw.trim();
            if raw.is_empty() {
                continue;
            }
            let cols: Vec<&str> = raw.split(',').map(str::trim).collect();
            let [code, department, province, name] = cols.as_slice() else {
                return Err(CatalogError::Columns { line });
            };
            if department.is_empty() || province.is_empty() || name.is_empty() {
                return Err(CatalogError::Columns { line });
            }
            let code = Ubigeo::parse(code).map_err(|_| CatalogError::Code { line })?;
            if !seen.insert(code.clone()) {
                return Err(CatalogError::Duplicate { line });
            }
            districts.push(District {
                code,
                department: (*department).to_owned(),
                province: (*province).to_owned(),
                name: (*name).to_owned(),
            });
        }
        districts.sort_by(|a, b| a.code.cmp(&b.code));
        let keys = districts
            .iter()
            .map(|d| Keys {
                name: normalize(&d.name),
                department: normalize(&d.department),
            })
            .collect();
        Ok(Catalog { districts, keys })
    }

    pub fn district_count(&self) -> usize {
        self.districts.len()
    }

    /// All districts in ubigeo order.
    pub fn districts(&self) -> &[District] {
        &self.districts
    }

    pub fn district(&self, code: &Ubigeo) -> Option<&District> {
        self.districts
            .binary_search_by(|d| d.code.cmp(code))
            .ok()
            .map(|i| &self.districts[i])
    }

    /// Districts whose name matches `query`: exact matches if any, else names starting
    /// with it, else names containing it, else names one typo away (queries of 5+
    /// characters). Ubigeo order, at most [`MAX_RESULTS`].
    pub fn search_districts(&self, query: &str) -> Vec<&District> {
        let candidates: Vec<(&District, &str)> = self
            .districts
            .iter()
            .zip(&self.keys)
            .map(|(d, k)| (d, k.name.as_str()))
            .collect();
        best_matches(&candidates, &normalize(query))
    }

    /// Department names in code order.
    pub fn departments(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for d in &self.districts {
            if out.last() != Some(&d.department.as_str()) {
                out.push(&d.department);
            }
        }
        out
    }

    pub fn department_count(&self) -> usize {
        self.departments().len()
    }

    /// Number of provinces in the whole country.
    pub fn province_count(&self) -> usize {
        let codes: HashSet<&str> = self
            .districts
            .iter()
            .map(|d| d.code.province_code())
            .collect();
        codes.len()
    }

    /// Departments matching `query` with the same rules as [`Self::search_districts`].
    pub fn search_departments(&self, query: &str) -> Vec<&str> {
        let names = self.departments();
        let keys: Vec<String> = names.iter().map(|n| normalize(n)).collect();
        let candidates: Vec<(&str, &str)> = names
            .iter()
            .zip(&keys)
            .map(|(n, k)| (*n, k.as_str()))
            .collect();
        best_matches(&candidates, &normalize(query))
    }

    /// The 2-digit code of the department named `name` (accents and case ignored).
    /// A region's name from its two-digit code ("09" → "Huancavelica").
    pub fn region_name(&self, code: &str) -> Option<String> {
        self.departments()
            .into_iter()
            .find(|d| self.department_code(d).as_deref() == Some(code))
            .map(str::to_owned)
    }

    pub fn department_code(&self, name: &str) -> Option<String> {
        let wanted = normalize(name);
        self.districts
            .iter()
            .zip(&self.keys)
            .find(|(_, k)| k.department == wanted)
            .map(|(d, _)| d.code.department_code().to_owned())
    }

    /// Province names of a department, in code order. `department` is a name (accents
    /// and case ignored) or a 2-digit code; unknown departments give an empty list.
    pub fn provinces(&self, department: &str) -> Vec<&str> {
        let wanted = normalize(department);
        let is_code = department.trim().len() == 2;
        let mut out: Vec<&str> = Vec::new();
        for (d, k) in self.districts.iter().zip(&self.keys) {
            let hit = if is_code {
                d.code.department_code() == department.trim()
            } else {
                k.department == wanted
            };
            if hit && out.last() != Some(&d.province.as_str()) {
                out.push(&d.province);
            }
        }
        out
    }

    /// Narrows search results to those whose province matches `province_query`, with
    /// the same exact/prefix/contains/typo rules as the search itself.
    pub fn filter_by_province<'a>(
        &self,
        results: &[&'a District],
        province_query: &str,
    ) -> Vec<&'a District> {
        filter_by(results, province_query, |d| &d.province)
    }

    /// Narrows search results to those whose department matches `department_query`.
    pub fn filter_by_department<'a>(
        &self,
        results: &[&'a District],
        department_query: &str,
    ) -> Vec<&'a District> {
        filter_by(results, department_query, |d| &d.department)
    }
}

fn filter_by<'a>(
    results: &[&'a District],
    query: &str,
    field: impl Fn(&District) -> &str,
) -> Vec<&'a District> {
    let keys: Vec<String> = results.iter().map(|d| normalize(field(d))).collect();
    let candidates: Vec<(&'a District, &str)> = results
        .iter()
        .zip(&keys)
        .map(|(d, k)| (*d, k.as_str()))
        .collect();
    best_matches(&candidates, &normalize(query))
}

/// The first non-empty tier of exact, prefix, substring and one-typo matches, in the
/// candidates' order, capped at [`MAX_RESULTS`]. `query` must be normalized.
fn best_matches<T: Copy>(candidates: &[(T, &str)], query: &str) -> Vec<T> {
    if query.is_empty() {
        return Vec::new();
    }
    let fuzzy = query.chars().count() >= FUZZY_MIN_CHARS;
    let tiers: [&dyn Fn(&str) -> bool; 4] = [
        &|key| key == query,
        &|key| key.starts_with(query),
        &|key| key.contains(query),
        &|key| fuzzy && within_one_edit(key, query),
    ];
    for matches in tiers {
        let found: Vec<T> = candidates
            .iter()
            .filter(|(_, key)| matches(key))
            .map(|(item, _)| *item)
            .take(MAX_RESULTS)
            .collect();
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

/// Levenshtein distance of at most one (insertion, deletion or substitution).
fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        // One substitution: everything after the first difference must match.
        prefix == short.len() || short[prefix + 1..] == long[prefix + 1..]
    } else {
        // One insertion into the shorter string.
        short[prefix..] == long[prefix + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_normalized_as_the_decomposition_and_split_would() {
        for s in [
            "",
            "   ",
            " Ancash ",
            "ANCASH",
            "Municipalidad de  Acoria!!",
            "\tSan Juan de Lurigancho,\nLima.",
            "inv-090103",
            "senor_Quispe 12",
            "...",
            "a",
        ] {
            assert_eq!(normalize(s), decomposed(s), "{s:?}");
        }
        assert_eq!(normalize("Ñuñoa – Perú"), "nunoa peru");
    }

    #[test]
    fn the_district_is_read_back_from_either_invitation_link() {
        assert_eq!(invited_district("inv-090103").as_deref(), Some("090103"));
        assert_eq!(
            invited_district("/start inv-090103").as_deref(),
            Some("090103")
        );
        assert_eq!(
            invited_district("Hola, quiero el acceso (INV-090103)").as_deref(),
            Some("090103")
        );
        assert_eq!(invited_district("inv-0901"), None);
        assert_eq!(invited_district("hola"), None);
    }

    fn catalog() -> &'static Catalog {
        Catalog::embedded()
    }

    fn codes(ds: &[&District]) -> Vec<String> {
        ds.iter().map(|d| d.code.to_string()).collect()
    }

    #[test]
    fn catalog_has_the_whole_country() {
        let c = catalog();
        assert_eq!(c.district_count(), 1893);
        assert_eq!(c.province_count(), 196);
        assert_eq!(c.department_count(), 25);
        assert_eq!(c.departments().len(), 25);
        assert_eq!(c.departments()[0], "Amazonas");
        let total_provinces: usize = c.departments().iter().map(|d| c.provinces(d).len()).sum();
        assert_eq!(total_provinces, 196);
    }

    #[test]
    fn normalize_ignores_accents_case_spaces_and_punctuation() {
        assert_eq!(normalize("ÁNCASH"), "ancash");
        assert_eq!(normalize(" Ancash "), "ancash");
        assert_eq!(normalize("ancash"), "ancash");
        assert_eq!(normalize("Cañete"), "canete");
        assert_eq!(
            normalize("  San   Martín de  Porres."),
            "san martin de porres"
        );
        assert_eq!(normalize("Huánuco-Ambo"), "huanuco ambo");
    }

    #[test]
    fn ubigeo_codes_parse_and_look_up() {
        let code = Ubigeo::parse(" 090111 ").unwrap();
        assert_eq!(code.department_code(), "09");
        assert_eq!(code.province_code(), "0901");
        let d = catalog().district(&code).unwrap();
        assert_eq!(d.label(), "Mariscal Cáceres (Huancavelica, Huancavelica)");
        assert!(
            catalog()
                .district(&Ubigeo::parse("999999").unwrap())
                .is_none()
        );
        assert_eq!(Ubigeo::parse("09011"), Err(ValueError::Ubigeo));
        assert_eq!(Ubigeo::parse("09011a"), Err(ValueError::Ubigeo));
    }

    #[test]
    fn district_search_ignores_accents_and_case() {
        let found = catalog().search_districts("ASUNCION");
        assert!(found.iter().any(|d| d.code.as_str() == "010102"));
        assert!(found.iter().all(|d| d.name == "Asunción"));
        let found = catalog().search_districts("san juan de miraflores");
        assert_eq!(codes(&found), ["150133"]);
    }

    #[test]
    fn exact_matches_come_before_prefix_and_substring_matches() {
        // "Miraflores" is a district name (several) and part of "San Juan de Miraflores".
        let found = catalog().search_districts("miraflores");
        assert!(found.iter().all(|d| d.name == "Miraflores"));
        assert!(found.len() >= 4);
        // Only a substring: "juan de mira" is inside "San Juan de Miraflores".
        assert_eq!(
            codes(&catalog().search_districts("juan de mira")),
            ["150133"]
        );
        // Prefix: every result starts with the query.
        let found = catalog().search_districts("chachapo");
        assert!(!found.is_empty());
        assert!(
            found
                .iter()
                .all(|d| normalize(&d.name).starts_with("chachapo"))
        );
    }

    #[test]
    fn the_two_mariscal_caceres_are_told_apart_by_department_or_province() {
        let found = catalog().search_districts("mariscal caceres");
        assert_eq!(codes(&found), ["040204", "090111"]);
        let arequipa = catalog().filter_by_department(&found, "arequipa");
        assert_eq!(codes(&arequipa), ["040204"]);
        let huancavelica = catalog().filter_by_province(&found, "HUANCAVELICA");
        assert_eq!(codes(&huancavelica), ["090111"]);
        let camana = catalog().filter_by_province(&found, "camana");
        assert_eq!(camana[0].label(), "Mariscal Cáceres (Camaná, Arequipa)");
    }

    #[test]
    fn repeated_name_inside_one_department_needs_the_province() {
        // Lima has a Miraflores in the province of Lima and another in Yauyos.
        let found = catalog().search_districts("Miraflores");
        let lima = catalog().filter_by_department(&found, "lima");
        assert_eq!(codes(&lima), ["150122", "151021"]);
        let yauyos = catalog().filter_by_province(&lima, "yauyos");
        assert_eq!(codes(&yauyos), ["151021"]);
    }

    #[test]
    fn one_typo_is_tolerated_in_longer_queries() {
        let found = catalog().search_districts("Chachapoyaz");
        assert!(found.iter().any(|d| d.code.as_str() == "010101"));
        assert_eq!(catalog().search_departments("ayacuho"), ["Ayacucho"]);
        // Short queries do not get typo tolerance.
        assert!(catalog().search_districts("xco").is_empty());
    }

    #[test]
    fn nonsense_and_empty_queries_find_nothing() {
        assert!(catalog().search_districts("Springfield").is_empty());
        assert!(catalog().search_districts("  ").is_empty());
        assert!(catalog().search_departments("Atlántida").is_empty());
    }

    #[test]
    fn results_are_capped() {
        assert_eq!(catalog().search_districts("a").len(), MAX_RESULTS);
    }

    #[test]
    fn departments_and_provinces_by_name_or_code() {
        let c = catalog();
        assert_eq!(c.search_departments("ANCASH"), ["Áncash"]);
        assert_eq!(c.search_departments("san"), ["San Martín"]);
        assert_eq!(c.department_code("huancavelica").as_deref(), Some("09"));
        assert_eq!(c.department_code("Lima").as_deref(), Some("15"));
        assert_eq!(c.department_code("Narnia"), None);
        assert_eq!(c.provinces("san martin"), c.provinces("22"));
        assert!(c.provinces("San Martín").contains(&"Mariscal Cáceres"));
        assert!(c.provinces("Narnia").is_empty());
    }

    #[test]
    fn within_one_edit_counts_edits() {
        assert!(within_one_edit("lima", "lima"));
        assert!(within_one_edit("lima", "lama"));
        assert!(within_one_edit("lima", "lim"));
        assert!(within_one_edit("lima", "liima"));
        assert!(!within_one_edit("lima", "lmai"));
        assert!(!within_one_edit("lima", "li"));
    }

    #[test]
    fn a_malformed_csv_is_reported_with_its_line() {
        let csv = "ubigeo,departamento,provincia,distrito\n010101,A,B,C\n01010,A,B,D\n";
        assert_eq!(
            Catalog::from_csv(csv).unwrap_err(),
            CatalogError::Code { line: 3 }
        );
        let csv = "ubigeo,departamento,provincia,distrito\n010101,A,B\n";
        assert_eq!(
            Catalog::from_csv(csv).unwrap_err(),
            CatalogError::Columns { line: 2 }
        );
        let csv = "h\n010101,A,B,C\n010101,A,B,C\n";
        assert_eq!(
            Catalog::from_csv(csv).unwrap_err(),
            CatalogError::Duplicate { line: 3 }
        );
    }
}
