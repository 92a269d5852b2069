//! Opens the XLSX files the bot writes, as a person's spreadsheet program would
//! (calamine): each sheet's notes on top, its header row, and its cells.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

/// One sheet: the note lines above the table, the header and the rows.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub notes: Vec<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Data>>,
}

impl Sheet {
    /// The column named `name`.
    pub fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name:?} in {:?}", self.header))
    }

    /// The cell of `row` in the column named `name`, as text.
    pub fn text(&self, row: usize, name: &str) -> String {
        text(&self.rows[row][self.col(name)])
    }

    /// Every row as text.
    pub fn texts(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|r| r.iter().map(text).collect())
            .collect()
    }
}

/// A cell as text: strings as they are, whole numbers without decimals, dates ISO.
pub fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let serial = d.as_f64();
            let day = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("epoch")
                + chrono::Duration::days(serial.floor() as i64);
            let secs = ((serial.fract()) * 86_400.0).round() as i64;
            if secs == 0 {
                day.to_string()
            } else {
                format!("{day} {:02}:{:02}", secs / 3600, secs / 60 % 60)
            }
        }
        Data::DateTime(d) => {
            let secs = (d.as_f64() * 86_400.0).round() as i64;
            format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
        }
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// Every sheet of a workbook, in order.
pub fn read_xlsx(bytes: &[u8]) -> Vec<Sheet> {
    assert!(bytes.starts_with(b"PK"), "not an XLSX file");
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("xlsx");
    let names = book.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("sheet");
            let all: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
            // The notes, a blank row, then the table.
            let blank = all
                .iter()
                .position(|r| r.iter().all(|c| *c == Data::Empty))
                .unwrap_or(0);
            let notes = all[..blank].iter().map(|r| text(&r[0])).collect::<Vec<_>>();
            let header: Vec<String> = all
                .get(blank + 1)
                .map(|r| r.iter().map(text).filter(|h| !h.is_empty()).collect())
                .unwrap_or_default();
            let rows = all
                .get(blank + 2..)
                .unwrap_or_default()
                .iter()
                .map(|r| r[..header.len().min(r.len())].to_vec())
                .collect();
            Sheet {
                name,
                notes,
                header,
                rows,
            }
        })
        .collect()
}
