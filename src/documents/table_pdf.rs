//! A [`Document`] of tables as a PDF to print or attach to an oficio: the notes on
//! top, then each table under its name, each row as a block of "column: value" lines
//! (wide matrices do not fit across an A4 page), flowing over as many pages as needed.

use super::DocumentError;
use super::ddc::wrap;
use super::helvetica::Face;
use super::pdf::{self, PAGE_HEIGHT, PAGE_WIDTH, Page, num, push_literal};
use super::table::Document;

const MARGIN: f32 = 50.0;
const WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const TOP: f32 = PAGE_HEIGHT - 60.0;
const BOTTOM: f32 = 60.0;
const SIZE: f32 = 9.5;
const HEADING: f32 = 12.0;

struct Pages {
    done: Vec<Vec<u8>>,
    current: Vec<u8>,
    cursor: f32,
}

impl Pages {
    fn ensure(&mut self, height: f32) {
        if self.cursor - height < BOTTOM && !self.current.is_empty() {
            self.done.push(std::mem::take(&mut self.current));
            self.cursor = TOP;
        }
    }

    /// `text` wrapped at the width left after `indent`, in `face`.
    fn text(&mut self, text: &str, face: Face, size: f32, indent: f32) {
        for line in wrap(text, face, size, WIDTH - indent) {
            let leading = size * 1.3;
            self.ensure(leading);
            let head = format!(
                "BT /{} {} Tf 0 g 1 0 0 1 {} {} Tm ",
                face.resource(),
                num(size),
                num(MARGIN + indent),
                num(self.cursor - size)
            );
            self.current.extend_from_slice(head.as_bytes());
            push_literal(&mut self.current, &line.text);
            self.current.extend_from_slice(b" Tj ET\n");
            self.cursor -= leading;
        }
    }

    fn gap(&mut self, height: f32) {
        self.cursor -= height;
    }
}

impl Document {
    /// The document as a PDF titled `title`.
    pub fn to_pdf(&self, title: &str) -> Result<Vec<u8>, DocumentError> {
        let mut pages = Pages {
            done: vec![],
            current: vec![],
            cursor: TOP,
        };
        pages.text(title, Face::Bold, HEADING + 2.0, 0.0);
        for note in &self.notes {
            pages.text(note, Face::Regular, SIZE, 0.0);
        }
        for table in &self.tables {
            pages.gap(SIZE);
            pages.ensure(HEADING * 4.0);
            pages.text(&table.name, Face::Bold, HEADING, 0.0);
            if table.rows.is_empty() {
                pages.text("—", Face::Regular, SIZE, 12.0);
            }
            // A row's lines stay on one page (when they fit on one).
            let row_height = SIZE * 1.3 * table.header.len() as f32;
            for row in &table.rows {
                pages.gap(SIZE * 0.5);
                pages.ensure(row_height);
                for (i, (head, cell)) in table.header.iter().zip(row).enumerate() {
                    let value = match cell.display() {
                        v if v.is_empty() => "—".to_owned(),
                        v => v,
                    };
                    let face = if i == 0 { Face::Bold } else { Face::Regular };
                    pages.text(&format!("{head}: {value}"), face, SIZE, 12.0);
                }
            }
        }
        let mut streams = pages.done;
        if !pages.current.is_empty() || streams.is_empty() {
            streams.push(pages.current);
        }
        let pages = streams
            .into_iter()
            .map(|content| Page {
                content,
                images: vec![],
            })
            .collect();
        Ok(pdf::write(pages, Some(title))?)
    }
}
