//! A [`Document`] of tables as a PDF to print or attach to an oficio: A4 landscape,
//! the title and notes on top, then each table under its name as a ruled grid (the
//! matrix the committee's oficio shows): columns as wide as their content allows,
//! text wrapped inside its cell, the header row repeated on every page a table
//! flows onto, and "page n of m" at the foot. A table with a chart (the coverage
//! by region, the sessions by region) draws it after its rows, as one bar per row
//! with its label and its figure in text.

use super::DocumentError;
use super::ddc::wrap;
use super::helvetica::{Face, encode, text_width};
use super::pdf::{self, PAGE_HEIGHT, PAGE_WIDTH, Page, num, push_literal};
use super::table::{Cell, ColumnChart, Document, Table};

/// Landscape: the wide side across.
const WIDTH: f32 = PAGE_HEIGHT;
const HEIGHT: f32 = PAGE_WIDTH;
const MARGIN: f32 = 36.0;
const INNER: f32 = WIDTH - 2.0 * MARGIN;
const TOP: f32 = HEIGHT - MARGIN;
const BOTTOM: f32 = MARGIN + 14.0;
const SIZE: f32 = 7.5;
const LEADING: f32 = SIZE * 1.25;
const PAD: f32 = 3.0;
const HEADING: f32 = 11.0;
/// No column narrower than this, nor (before it must shrink) wider than this.
const MIN_COLUMN: f32 = 30.0;
const MAX_COLUMN: f32 = 220.0;

struct Pages {
    done: Vec<Vec<u8>>,
    current: Vec<u8>,
    cursor: f32,
}

impl Pages {
    fn room(&self) -> f32 {
        self.cursor - BOTTOM
    }

    fn new_page(&mut self) {
        self.done.push(std::mem::take(&mut self.current));
        self.cursor = TOP;
    }

    /// `line` (WinAnsi bytes) at `x`, its baseline `size` under `top`.
    fn put(&mut self, line: &[u8], face: Face, size: f32, x: f32, top: f32) {
        let head = format!(
            "BT /{} {} Tf 0 g 1 0 0 1 {} {} Tm ",
            face.resource(),
            num(size),
            num(x),
            num(top - size)
        );
        self.current.extend_from_slice(head.as_bytes());
        push_literal(&mut self.current, line);
        self.current.extend_from_slice(b" Tj ET\n");
    }

    /// A paragraph across the page.
    fn text(&mut self, text: &str, face: Face, size: f32) {
        for line in wrap(text, face, size, INNER) {
            if self.room() < size * 1.3 {
                self.new_page();
            }
            self.put(&line.text, face, size, MARGIN, self.cursor);
            self.cursor -= size * 1.3;
        }
    }

    /// One row of cells: each cell's lines, a rule around each, a grey fill for the
    /// header.
    fn row(&mut self, cells: &[Vec<Vec<u8>>], widths: &[f32], face: Face, header: bool) {
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let height = lines as f32 * LEADING + 2.0 * PAD;
        let top = self.cursor;
        let mut x = MARGIN;
        for (cell, w) in cells.iter().zip(widths) {
            let rect = format!(
                "{} {} {} {} re ",
                num(x),
                num(top - height),
                num(*w),
                num(height)
            );
            if header {
                self.current
                    .extend_from_slice(format!("0.87 g {rect}f 0 g\n").as_bytes());
            }
            self.current
                .extend_from_slice(format!("0.5 w 0 G {rect}S\n").as_bytes());
            for (i, line) in cell.iter().enumerate() {
                self.put(line, face, SIZE, x + PAD, top - PAD - i as f32 * LEADING);
            }
            x += w;
        }
        self.cursor -= height;
    }
}

/// A bar chart's row: its height and the bar's.
const BAR_ROW: f32 = 11.0;
const BAR: f32 = 7.0;

impl Pages {
    /// `chart` of `table`: a horizontal bar per row, as long as its value over the
    /// chart's full value (else the largest one), its label before it and its
    /// figure after it.
    fn chart(&mut self, table: &Table, chart: &ColumnChart) {
        let value = |c: Option<&Cell>| match c {
            Some(Cell::Int(n)) => *n as f32,
            Some(Cell::Num(n, _)) => *n as f32,
            _ => 0.0,
        };
        let bars: Vec<(Vec<u8>, f32, String)> = table
            .rows
            .iter()
            .map(|r| {
                let label = r.get(chart.labels).map(Cell::display).unwrap_or_default();
                let figure = r.get(chart.values).map(Cell::display).unwrap_or_default();
                (encode(&label), value(r.get(chart.values)), figure)
            })
            .collect();
        if bars.is_empty() {
            return;
        }
        let label_width = bars
            .iter()
            .map(|(l, _, _)| text_width(l, Face::Regular, SIZE))
            .fold(0.0, f32::max)
            .min(180.0)
            + 2.0 * PAD;
        let figure_width = 50.0;
        let room = INNER - label_width - figure_width;
        let top_value = chart
            .full
            .map_or_else(
                || bars.iter().map(|b| b.1).fold(0.0, f32::max),
                |f| f as f32,
            )
            .max(1.0);
        if self.room() < HEADING * 1.3 + BAR_ROW * 3.0 {
            self.new_page();
        }
        self.text(&chart.title, Face::Bold, HEADING);
        for (label, v, figure) in bars {
            if self.room() < BAR_ROW {
                self.new_page();
            }
            let top = self.cursor;
            self.put(&label, Face::Regular, SIZE, MARGIN, top - 1.0);
            let width = (room * v / top_value).max(0.0);
            let bar = format!(
                "0.16 0.42 0.66 rg {} {} {} {} re f 0 g\n",
                num(MARGIN + label_width),
                num(top - BAR - 1.5),
                num(width),
                num(BAR)
            );
            self.current.extend_from_slice(bar.as_bytes());
            self.put(
                &encode(&figure),
                Face::Regular,
                SIZE,
                MARGIN + label_width + width + PAD,
                top - 1.0,
            );
            self.cursor -= BAR_ROW;
        }
        self.cursor -= SIZE;
    }
}

/// How wide each column draws: what its longest line wants (up to [`MAX_COLUMN`]),
/// never under its longest word; shrunk in proportion when they do not fit across
/// the page, and stretched to the page's width when they leave room.
fn column_widths(table: &Table) -> Vec<f32> {
    let pad = 2.0 * PAD + 1.0;
    let measure = |s: &str, face: Face| -> (f32, f32) {
        let whole = s
            .split('\n')
            .map(|l| text_width(&encode(l), face, SIZE))
            .fold(0.0, f32::max);
        let word = s
            .split_whitespace()
            .map(|w| text_width(&encode(w), face, SIZE))
            .fold(0.0, f32::max);
        (whole, word)
    };
    let mut want: Vec<f32> = vec![];
    let mut floor: Vec<f32> = vec![];
    for (c, head) in table.header.iter().enumerate() {
        let (mut w, mut f) = measure(head, Face::Bold);
        // A header may wrap onto a few lines; its longest word must fit.
        w = w.min(f.max(70.0));
        for row in &table.rows {
            if let Some(cell) = row.get(c) {
                let (cw, cf) = measure(&cell.display(), Face::Regular);
                w = w.max(cw);
                f = f.max(cf.min(MAX_COLUMN));
            }
        }
        want.push((w + pad).clamp(MIN_COLUMN, MAX_COLUMN));
        floor.push((f + pad).clamp(MIN_COLUMN, MAX_COLUMN));
    }
    let total: f32 = want.iter().sum();
    if total <= INNER {
        let stretch = INNER / total.max(1.0);
        return want.iter().map(|w| w * stretch).collect();
    }
    // Shrink what is above its floor, in proportion, until the row fits.
    let fixed: f32 = floor.iter().sum();
    if fixed >= INNER {
        let scale = INNER / fixed;
        return floor.iter().map(|f| f * scale).collect();
    }
    let slack: f32 = want.iter().zip(&floor).map(|(w, f)| w - f).sum();
    let keep = (INNER - fixed) / slack.max(1.0);
    want.iter()
        .zip(&floor)
        .map(|(w, f)| f + (w - f) * keep)
        .collect()
}

/// A cell's text as the lines it wraps to in a column `width` wide.
fn cell_lines(text: &str, face: Face, width: f32) -> Vec<Vec<u8>> {
    wrap(text, face, SIZE, (width - 2.0 * PAD).max(1.0))
        .into_iter()
        .map(|l| l.text)
        .collect()
}

impl Document {
    /// The document as a PDF titled `title`: A4 landscape, each table a grid.
    pub fn to_pdf(&self, title: &str) -> Result<Vec<u8>, DocumentError> {
        let mut pages = Pages {
            done: vec![],
            current: vec![],
            cursor: TOP,
        };
        pages.text(title, Face::Bold, HEADING + 2.0);
        for note in &self.notes {
            pages.text(note, Face::Regular, SIZE + 1.0);
        }
        for table in &self.tables {
            pages.cursor -= SIZE;
            let widths = column_widths(table);
            let header: Vec<Vec<Vec<u8>>> = table
                .header
                .iter()
                .zip(&widths)
                .map(|(h, w)| cell_lines(h, Face::Bold, *w))
                .collect();
            let header_height =
                header.iter().map(Vec::len).max().unwrap_or(1) as f32 * LEADING + 2.0 * PAD;
            // The table's name, its header and a first row stay together.
            if pages.room() < HEADING * 1.3 + header_height + LEADING * 3.0 {
                pages.new_page();
            }
            pages.text(&table.name, Face::Bold, HEADING);
            pages.row(&header, &widths, Face::Bold, true);
            if table.rows.is_empty()
                && let Some(first) = widths.first()
            {
                let none = vec![cell_lines("—", Face::Regular, *first)];
                pages.row(&none, &widths[..1], Face::Regular, false);
            }
            for row in &table.rows {
                let cells: Vec<Vec<Vec<u8>>> = row
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| cell_lines(&c.display(), Face::Regular, *w))
                    .collect();
                let height =
                    cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * LEADING + 2.0 * PAD;
                if pages.room() < height {
                    pages.new_page();
                    pages.row(&header, &widths, Face::Bold, true);
                }
                pages.row(&cells, &widths, Face::Regular, false);
            }
            if let Some(chart) = &table.chart {
                pages.cursor -= SIZE;
                pages.chart(table, chart);
            }
        }
        let mut streams = pages.done;
        streams.retain(|s| !s.is_empty());
        if !pages.current.is_empty() || streams.is_empty() {
            streams.push(pages.current);
        }
        let count = streams.len();
        let pages = streams
            .into_iter()
            .enumerate()
            .map(|(i, mut content)| {
                let foot = format!("{} / {count}", i + 1);
                let x = WIDTH / 2.0 - text_width(foot.as_bytes(), Face::Regular, SIZE) / 2.0;
                let head = format!(
                    "BT /{} {} Tf 0 g 1 0 0 1 {} {} Tm ",
                    Face::Regular.resource(),
                    num(SIZE),
                    num(x),
                    num(MARGIN)
                );
                content.extend_from_slice(head.as_bytes());
                push_literal(&mut content, foot.as_bytes());
                content.extend_from_slice(b" Tj ET\n");
                Page {
                    content,
                    images: vec![],
                }
            })
            .collect();
        Ok(pdf::write_sized(pages, Some(title), (WIDTH, HEIGHT))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_with_a_chart_draws_a_bar_per_row() {
        let mut t = Table::new("Por región", &["Región", "Cobertura (%)"]);
        for (name, pct) in [("Huancavelica", 20.0), ("Junín", 50.0), ("Lima", 0.0)] {
            t.push(vec![Cell::text(name), Cell::Num(pct, 1)]);
        }
        t.chart = Some(ColumnChart {
            full: Some(100.0),
            title: "Cobertura por región (%)".into(),
            labels: 0,
            values: 1,
        });
        let mut pages = Pages {
            done: vec![],
            current: vec![],
            cursor: TOP,
        };
        let chart = t.chart.clone().expect("chart");
        pages.chart(&t, &chart);
        let content = String::from_utf8_lossy(&pages.current).into_owned();
        let bars: Vec<f32> = content
            .lines()
            .filter(|l| l.ends_with("re f 0 g"))
            .map(|l| {
                l.split_whitespace()
                    .nth(6)
                    .and_then(|w| w.parse().ok())
                    .unwrap_or(-1.0)
            })
            .collect();
        assert_eq!(bars.len(), 3, "{content}");
        assert!(
            bars[1] > bars[0] && bars[0] > 0.0 && bars[2] == 0.0,
            "{bars:?}"
        );
        assert!(
            (bars[1] / bars[0] - 2.5).abs() < 0.01,
            "50 % is 2.5 times 20 %: {bars:?}"
        );
        let pdf = Document::new(vec![], vec![t])
            .to_pdf("Cobertura")
            .expect("pdf");
        let doc = lopdf::Document::load_mem(&pdf).expect("a PDF");
        let text = doc.extract_text(&[1]).expect("text");
        assert!(text.contains("Cobertura por regi"), "{text}");
    }

    #[test]
    fn a_table_prints_as_a_grid_across_a_landscape_page_its_header_on_each_page() {
        let mut t = Table::new("Matriz", &["N°", "Hechos (punto crítico)", "Respuesta"]);
        for i in 0..80 {
            t.push(vec![
                Cell::Int(i),
                Cell::text("La municipalidad no respondió a tiempo las alertas del padrón."),
                Cell::text("Fundado"),
            ]);
        }
        let widths = column_widths(&t);
        assert!(
            (widths.iter().sum::<f32>() - INNER).abs() < 1.0,
            "{widths:?}"
        );
        let pdf = Document::new(vec!["Datos al 05/12/2026".into()], vec![t])
            .to_pdf("Matriz CTVC")
            .expect("pdf");
        let doc = lopdf::Document::load_mem(&pdf).expect("a PDF");
        let pages = doc.get_pages();
        assert!(pages.len() >= 2, "80 rows flow over pages");
        for n in pages.keys() {
            let text = doc.extract_text(&[*n]).expect("text");
            assert!(
                text.contains("Hechos"),
                "page {n} repeats the header: {text}"
            );
        }
        let content = doc.get_page_content(pages[&1]);
        let drawn = String::from_utf8_lossy(&content);
        assert!(drawn.contains(" re S"), "cells are ruled");
    }
}
