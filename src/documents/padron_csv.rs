//! The padrón as CSV: reading the program's export (checked row by row, each error
//! with its line number) and writing the lists allies download. Both use the same
//! column names, so a downloaded list reads back with the importer.
//!
//! Columns (header required, any order, any case; `,` or `;` separated, UTF-8 with or
//! without BOM): see README "Padrón CSV".

use std::collections::HashMap;
use std::io::Read;

use chrono::NaiveDate;

use super::table::{Cell, Table};
use crate::domain::padron::{
    Beneficiary, Category, Collection, Files, PaymentStatus, RequestState, Status,
};
use crate::domain::ubigeo::Ubigeo;
use crate::domain::values::Dni;

/// Header names of the export (and of our downloads).
pub mod col {
    pub const DNI: &str = "dni";
    pub const NAMES: &str = "nombres";
    pub const SURNAMES: &str = "apellidos";
    pub const BIRTH_DATE: &str = "fecha_nacimiento";
    pub const UBIGEO: &str = "ubigeo";
    pub const STATUS: &str = "estado";
    pub const PAYMENT: &str = "estado_autorizacion_cobro";
    pub const COLLECTOR: &str = "cobrador";
    pub const REQUEST_DATE: &str = "solicitud_fecha";
    pub const REQUEST_STATE: &str = "solicitud_estado";
    pub const REQUEST_REASON: &str = "solicitud_motivo";
    pub const CATEGORY: &str = "categoria";
    pub const AUTH_DATE: &str = "autorizacion_fecha";
    pub const AUTH_REASON: &str = "autorizacion_motivo";
    pub const DISAFFILIATION_DATE: &str = "desafiliacion_fecha";
    pub const DISAFFILIATION_REASON: &str = "desafiliacion_motivo";
    pub const COLLECTION: &str = "pago_estado";
    pub const COLLECTION_DATE: &str = "pago_fecha";
}

const REQUIRED: [&str; 8] = [
    col::DNI,
    col::NAMES,
    col::SURNAMES,
    col::BIRTH_DATE,
    col::UBIGEO,
    col::STATUS,
    col::PAYMENT,
    col::CATEGORY,
];
/// Optional: an old-format export without the directive's files still imports.
const OPTIONAL: [&str; 10] = [
    col::COLLECTOR,
    col::REQUEST_DATE,
    col::REQUEST_STATE,
    col::REQUEST_REASON,
    col::AUTH_DATE,
    col::AUTH_REASON,
    col::DISAFFILIATION_DATE,
    col::DISAFFILIATION_REASON,
    col::COLLECTION,
    col::COLLECTION_DATE,
];

/// Longest text kept in a name, collector or reason column.
const MAX_TEXT: usize = 200;

pub use crate::domain::padron::RowError;

fn row_error(line: u64, reason: impl Into<String>) -> RowError {
    RowError {
        line,
        reason: reason.into(),
    }
}

/// Reads the export row by row. Construct with [`PadronReader::new`], which checks
/// the header; then iterate.
pub struct PadronReader<R: Read> {
    records: csv::StringRecordsIntoIter<R>,
    index: HashMap<&'static str, usize>,
}

impl<R: Read> PadronReader<R> {
    /// `first_bytes` is the start of the file, used to pick the delimiter (`;` when
    /// the header has semicolons and no commas, as a Spanish-locale Excel writes).
    pub fn new(reader: R, first_bytes: &[u8]) -> Result<Self, RowError> {
        let header_line = first_bytes.split(|b| *b == b'\n').next().unwrap_or(&[]);
        let delimiter = if header_line.contains(&b';') && !header_line.contains(&b',') {
            b';'
        } else {
            b','
        };
        let mut csv = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(reader);
        let headers = csv
            .headers()
            .map_err(|e| row_error(1, format!("unreadable header: {e}")))?
            .clone();
        let mut index = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            let h = h.trim_start_matches('\u{feff}').trim().to_lowercase();
            if let Some(known) = REQUIRED.iter().chain(OPTIONAL.iter()).find(|c| **c == h)
                && index.insert(*known, i).is_some()
            {
                return Err(row_error(1, format!("column {h} appears twice")));
            }
        }
        let missing: Vec<&str> = REQUIRED
            .iter()
            .filter(|c| !index.contains_key(*c))
            .copied()
            .collect();
        if !missing.is_empty() {
            return Err(row_error(
                1,
                format!("missing columns: {}", missing.join(", ")),
            ));
        }
        Ok(Self {
            records: csv.into_records(),
            index,
        })
    }

    /// The row, or every reason it is refused (joined with "; "), so a person fixes a
    /// line once.
    fn parse(&self, line: u64, record: &csv::StringRecord) -> Result<Beneficiary, RowError> {
        let get = |c: &str| -> &str {
            self.index
                .get(c)
                .and_then(|i| record.get(*i))
                .unwrap_or("")
                .trim()
        };
        let mut reasons: Vec<String> = vec![];
        let text = |c: &str, required: bool, reasons: &mut Vec<String>| -> Option<String> {
            let v = get(c);
            if v.is_empty() {
                if required {
                    reasons.push(format!("{c} is empty"));
                }
                return None;
            }
            if v.chars().count() > MAX_TEXT || v.chars().any(char::is_control) {
                reasons.push(format!(
                    "{c} is longer than {MAX_TEXT} characters or has control characters"
                ));
                return None;
            }
            Some(v.to_owned())
        };
        let date = |c: &str, reasons: &mut Vec<String>| -> Option<NaiveDate> {
            let v = get(c);
            if v.is_empty() {
                return None;
            }
            let d = parse_export_date(v);
            if d.is_none() {
                reasons.push(format!(
                    "{c} {v:?} is not a date (YYYY-MM-DD or DD/MM/YYYY)"
                ));
            }
            d
        };
        fn code<T>(
            v: &str,
            c: &str,
            parse: fn(&str) -> Option<T>,
            all: &[&str],
            reasons: &mut Vec<String>,
        ) -> Option<T> {
            let found = parse(v);
            if found.is_none() {
                reasons.push(format!("{c} {v:?} is not one of {}", all.join(", ")));
            }
            found
        }
        fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
            all.iter().map(|s| name(*s)).collect()
        }
        // A DNI in the export is exactly 8 digits: the same rule as everywhere else.
        let dni = Dni::parse(get(col::DNI)).ok();
        if dni.is_none() {
            reasons.push(format!("dni {:?} is not 8 digits", get(col::DNI)));
        }
        let ubigeo = Ubigeo::parse(get(col::UBIGEO)).ok();
        if ubigeo.is_none() {
            reasons.push(format!("ubigeo {:?} is not 6 digits", get(col::UBIGEO)));
        }
        let names_ = text(col::NAMES, true, &mut reasons);
        let surnames = text(col::SURNAMES, true, &mut reasons);
        let birth_date = date(col::BIRTH_DATE, &mut reasons);
        if get(col::BIRTH_DATE).is_empty() {
            reasons.push(format!("{} is empty", col::BIRTH_DATE));
        }
        let status = code(
            get(col::STATUS),
            col::STATUS,
            Status::parse,
            &names(Status::ALL, Status::as_str),
            &mut reasons,
        );
        let payment_status = code(
            get(col::PAYMENT),
            col::PAYMENT,
            PaymentStatus::parse,
            &names(PaymentStatus::ALL, PaymentStatus::as_str),
            &mut reasons,
        );
        let category = code(
            get(col::CATEGORY),
            col::CATEGORY,
            Category::parse,
            &names(Category::ALL, Category::as_str),
            &mut reasons,
        );
        let request_state = match get(col::REQUEST_STATE) {
            "" => None,
            v => code(
                v,
                col::REQUEST_STATE,
                RequestState::parse,
                &names(RequestState::ALL, RequestState::as_str),
                &mut reasons,
            ),
        };
        let collector = text(col::COLLECTOR, false, &mut reasons);
        let request_date = date(col::REQUEST_DATE, &mut reasons);
        let request_reason = text(col::REQUEST_REASON, false, &mut reasons);
        let collection = match get(col::COLLECTION) {
            "" => None,
            v => code(
                v,
                col::COLLECTION,
                Collection::parse,
                &names(Collection::ALL, Collection::as_str),
                &mut reasons,
            ),
        };
        let files = Files {
            auth_date: date(col::AUTH_DATE, &mut reasons),
            auth_reason: text(col::AUTH_REASON, false, &mut reasons),
            disaffiliation_date: date(col::DISAFFILIATION_DATE, &mut reasons),
            disaffiliation_reason: text(col::DISAFFILIATION_REASON, false, &mut reasons),
            collection,
            collection_date: date(col::COLLECTION_DATE, &mut reasons),
        };
        // A payment's state is of a date: the history keeps it by that date.
        if files.collection.is_some() && get(col::COLLECTION_DATE).is_empty() {
            reasons.push(format!(
                "{} is empty (required with {})",
                col::COLLECTION_DATE,
                col::COLLECTION
            ));
        }
        match (
            dni,
            ubigeo,
            names_,
            surnames,
            birth_date,
            status,
            payment_status,
            category,
        ) {
            (
                Some(dni),
                Some(ubigeo),
                Some(names),
                Some(surnames),
                Some(birth_date),
                Some(status),
                Some(payment_status),
                Some(category),
            ) if reasons.is_empty() => Ok(Beneficiary {
                dni,
                names,
                surnames,
                birth_date,
                ubigeo,
                status,
                payment_status,
                collector,
                request_date,
                request_state,
                request_reason,
                category,
                files,
            }),
            _ => Err(row_error(line, reasons.join("; "))),
        }
    }
}

/// Opens an export file for reading (the header checked).
pub fn open_file(
    path: &std::path::Path,
) -> std::io::Result<Result<PadronReader<std::fs::File>, RowError>> {
    let mut head = vec![0u8; 4096];
    let mut f = std::fs::File::open(path)?;
    let n = f.read(&mut head)?;
    head.truncate(n);
    let f = std::fs::File::open(path)?;
    Ok(PadronReader::new(f, &head))
}

impl<R: Read> Iterator for PadronReader<R> {
    /// The row's line number and the row, or why the row was refused.
    type Item = Result<(u64, Beneficiary), RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let record = self.records.next()?;
        Some(match record {
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                Err(row_error(line, format!("unreadable row: {e}")))
            }
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line());
                self.parse(line, &record).map(|b| (line, b))
            }
        })
    }
}

/// `YYYY-MM-DD` or `DD/MM/YYYY`, as exports write dates.
pub fn parse_export_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

/// The header of a downloaded list: the import columns, plus the age on the day.
pub const DOWNLOAD_HEADER: [&str; 19] = [
    col::DNI,
    col::NAMES,
    col::SURNAMES,
    col::BIRTH_DATE,
    "edad",
    col::UBIGEO,
    col::STATUS,
    col::PAYMENT,
    col::COLLECTOR,
    col::REQUEST_DATE,
    col::REQUEST_STATE,
    col::REQUEST_REASON,
    col::CATEGORY,
    col::AUTH_DATE,
    col::AUTH_REASON,
    col::DISAFFILIATION_DATE,
    col::DISAFFILIATION_REASON,
    col::COLLECTION,
    col::COLLECTION_DATE,
];

/// A downloadable list: the import's columns (DNIs and ubigeos as text, dates as
/// dates) plus the age, so its CSV reads back with the importer.
pub fn list_table(name: &str, rows: &[Beneficiary], today: NaiveDate) -> Table {
    let mut table = Table::new(name, &DOWNLOAD_HEADER);
    let opt_text = |t: Option<&str>| Cell::opt(t, Cell::text);
    for b in rows {
        table.push(vec![
            Cell::text(b.dni.as_str()),
            Cell::text(&b.names),
            Cell::text(&b.surnames),
            Cell::Date(b.birth_date),
            Cell::Int(i64::from(b.age(today))),
            Cell::text(b.ubigeo.as_str()),
            Cell::text(b.status.as_str()),
            Cell::text(b.payment_status.as_str()),
            opt_text(b.collector.as_deref()),
            Cell::opt(b.request_date, Cell::Date),
            opt_text(b.request_state.map(|s| s.as_str())),
            opt_text(b.request_reason.as_deref()),
            Cell::text(b.category.as_str()),
            Cell::opt(b.files.auth_date, Cell::Date),
            opt_text(b.files.auth_reason.as_deref()),
            Cell::opt(b.files.disaffiliation_date, Cell::Date),
            opt_text(b.files.disaffiliation_reason.as_deref()),
            opt_text(b.files.collection.map(|c| c.as_str())),
            Cell::opt(b.files.collection_date, Cell::Date),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "dni,nombres,apellidos,fecha_nacimiento,ubigeo,estado,\
        estado_autorizacion_cobro,cobrador,solicitud_fecha,solicitud_estado,solicitud_motivo,categoria\n";

    fn read(csv: &str) -> Vec<Result<(u64, Beneficiary), RowError>> {
        PadronReader::new(csv.as_bytes(), csv.as_bytes())
            .expect("header")
            .collect()
    }

    #[test]
    fn a_good_row_reads_and_round_trips() {
        let csv = format!(
            "{HEADER}10000001,Ana Prueba,Ficticia Uno,2015-03-02,090102,vigente,pendiente,,2024-01-10,no_conforme,Falta certificado,continuador\n"
        );
        let rows = read(&csv);
        let (line, b) = rows[0].clone().expect("valid");
        assert_eq!(line, 2);
        assert_eq!(b.status, Status::Vigente);
        assert_eq!(b.collector, None);
        assert_eq!(b.request_state, Some(RequestState::NoConforme));
        let today = "2026-11-14".parse().expect("date");
        let written = list_table("Lista", std::slice::from_ref(&b), today).to_csv();
        let text = String::from_utf8(written).expect("utf8");
        let back = read(&text);
        assert_eq!(back[0].clone().expect("valid").1, b);
    }

    #[test]
    fn the_directives_files_read_and_round_trip() {
        let header = HEADER.trim_end().to_owned()
            + ",autorizacion_fecha,autorizacion_motivo,desafiliacion_fecha,desafiliacion_motivo,\
               pago_estado,pago_fecha\n";
        let csv = format!(
            "{header}01000001,Ana,Prueba,1950-03-02,090102,vigente,revocado,,,,,continuador,\
             02/11/2026,Cobrador ausente,,,No Cobrado,2026-11-10\n"
        );
        let (_, b) = read(&csv)[0].clone().expect("valid");
        assert_eq!(b.dni.as_str(), "01000001");
        assert_eq!(b.payment_status, PaymentStatus::Revocado);
        assert_eq!(b.files.auth_date, "2026-11-02".parse().ok());
        assert_eq!(b.files.auth_reason.as_deref(), Some("Cobrador ausente"));
        assert_eq!(b.files.collection, Some(Collection::NoCobrado));
        assert_eq!(b.events().len(), 2);
        let today = "2026-11-14".parse().expect("date");
        let written = list_table("Lista", std::slice::from_ref(&b), today).to_csv();
        let back = read(&String::from_utf8(written).expect("utf8"));
        assert_eq!(back[0].clone().expect("valid").1, b);
        // A payment's state needs its date; an unknown state is named.
        let bad = format!(
            "{header}10000002,A,B,1950-03-02,090102,vigente,autorizado,,,,,continuador,,,,,cobrado,\n\
             10000003,A,B,1950-03-02,090102,vigente,autorizado,,,,,continuador,,,,,pagado,2026-11-01\n"
        );
        let errors: Vec<RowError> = read(&bad).into_iter().filter_map(Result::err).collect();
        assert!(
            errors[0].reason.contains("pago_fecha is empty"),
            "{errors:?}"
        );
        assert!(
            errors[1].reason.contains("abonado, cobrado, no_cobrado"),
            "{errors:?}"
        );
    }

    #[test]
    fn bad_rows_name_their_line_and_column() {
        let csv = format!(
            "{HEADER}1234567,A,B,2015-03-02,090102,vigente,pendiente,,,,,continuador\n\
             10000002,A,B,2015-13-02,090102,vigente,pendiente,,,,,continuador\n\
             10000003,A,B,2015-03-02,090102,activo,pendiente,,,,,continuador\n"
        );
        let errors: Vec<RowError> = read(&csv).into_iter().filter_map(Result::err).collect();
        assert_eq!(errors.len(), 3);
        assert_eq!(errors[0].line, 2);
        assert!(errors[0].reason.contains("dni"));
        assert_eq!(errors[1].line, 3);
        assert!(errors[1].reason.contains("fecha_nacimiento"));
        assert_eq!(errors[2].line, 4);
        assert!(
            errors[2]
                .reason
                .contains("vigente, suspendido, desafiliado")
        );
    }

    #[test]
    fn a_line_reports_all_its_errors_at_once() {
        let csv =
            format!("{HEADER}1234567,A,,2015-13-02,090102,activo,pendiente,,,,,continuador\n");
        let errors: Vec<RowError> = read(&csv).into_iter().filter_map(Result::err).collect();
        assert_eq!(errors.len(), 1);
        let reason = &errors[0].reason;
        for part in [
            "dni",
            "apellidos is empty",
            "fecha_nacimiento",
            "estado \"activo\"",
        ] {
            assert!(reason.contains(part), "{part} in {reason}");
        }
    }

    #[test]
    fn semicolons_and_missing_columns() {
        let csv = "DNI;Nombres;Apellidos;Fecha_Nacimiento;Ubigeo;Estado;Estado_Autorizacion_Cobro;Categoria\n\
                   10000001;Ana;Prueba;02/03/2015;090102;vigente;autorizado;reincorporado\n";
        let rows = read(csv);
        assert!(rows[0].is_ok(), "{rows:?}");
        let bad = "dni,nombres\n1,2\n";
        let e = PadronReader::new(bad.as_bytes(), bad.as_bytes())
            .err()
            .expect("refused");
        assert_eq!(e.line, 1);
        assert!(e.reason.contains("apellidos"));
    }
}
