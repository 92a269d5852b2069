//! Lays out the DDC (Documento Declaración de Confidencialidad) as an A4 PDF ready to
//! print, sign and seal. The text arrives already composed from the Fluent files; this
//! module only decides where it goes: wrapping with Helvetica's real widths, justified
//! body, the responsible person's table, the signature block and the request code on
//! every page so a returned scan can be matched to its request. A [`DdcStamp`] adds
//! the verification code beside the request code and a QR code that opens the chat
//! at the upload step.

use super::DocumentError;
use super::helvetica::{Face, encode, text_width};
use super::pdf::{self, PAGE_HEIGHT, PAGE_WIDTH, num, push_literal};

/// Everything the DDC shows, already resolved to text (the caller composes Spanish text
/// from Fluent files; this module only lays it out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DdcLayout {
    /// "DOCUMENTO DECLARACIÓN DE CONFIDENCIALIDAD DEL PROGRAMA CONTIGO"
    pub title: String,
    /// Request code, e.g. "CTG-2026-000123": top-right on every page and in the footer.
    pub code: String,
    /// Body paragraphs, already filled with the request's data. A `\n` forces a line break.
    pub paragraphs: Vec<String>,
    /// Column headers of the responsible person's table.
    pub table_headers: Vec<String>,
    /// The responsible person's values, one per header.
    pub table_row: Vec<String>,
    /// Paragraphs after the table.
    pub closing: Vec<String>,
    /// Printed under the signature rule: "Nombre y apellido: ...", "DNI N° ...".
    pub signature_lines: Vec<String>,
    /// Label of the box where the seal goes, e.g. "Sello".
    pub seal_label: String,
    /// Small print at the foot of every page.
    pub footer: String,
}

/// What proves that whoever returns the DDC holds the paper: printed in the header of
/// every page, beside the request code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DdcStamp {
    /// "Código de verificación: ABCD-EFGH".
    pub verification_line: String,
    /// One short line under it, e.g. how to use the QR code.
    pub hint: String,
    /// The deep link the QR code carries; no QR code when `None`.
    pub link: Option<String>,
}

// About 2.5 cm side margins, the usual for Peruvian administrative documents.
const MARGIN_X: f32 = 70.0;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;
const CONTENT_TOP: f32 = PAGE_HEIGHT - 84.0;
const CONTENT_BOTTOM: f32 = 76.0;

const BODY_SIZE: f32 = 10.5;
// 1.33 × the size: as airy as the form allows while the declaration, the place and date
// line and the signature block stay on one A4 page for every access type.
const BODY_LEADING: f32 = 14.0;
const PARAGRAPH_GAP: f32 = 6.0;
const TITLE_SIZE: f32 = 13.0;
const TITLE_LEADING: f32 = 17.5;
const HEADER_CELL_SIZE: f32 = 8.5;
const CELL_SIZE: f32 = 9.0;
const CELL_PADDING: f32 = 5.0;
const SMALL_SIZE: f32 = 7.5;
/// Room above the rule for a hand signature; it shrinks least of all.
const SIGN_SPACE: f32 = 56.0;
const SIGN_RULE_WIDTH: f32 = 220.0;
const SIGN_LEADING: f32 = 14.0;
const SEAL_HEIGHT: f32 = 96.0;

/// Renders the DDC. Fails only on a malformed layout or if the PDF cannot be written.
pub fn render_ddc(layout: &DdcLayout) -> Result<Vec<u8>, DocumentError> {
    render_stamped_ddc(layout, None)
}

/// Renders the DDC with its verification code and QR code in the header.
pub fn render_stamped_ddc(
    layout: &DdcLayout,
    stamp: Option<&DdcStamp>,
) -> Result<Vec<u8>, DocumentError> {
    let qr = match stamp.and_then(|s| s.link.as_deref()) {
        Some(link) => Some(
            qrcode::QrCode::with_error_correction_level(link, qrcode::EcLevel::M)
                .map_err(|_| DocumentError::InvalidLayout("link too long for a QR code"))?,
        ),
        None => None,
    };
    if layout.table_headers.len() != layout.table_row.len() {
        return Err(DocumentError::InvalidLayout(
            "table_headers and table_row differ in length",
        ));
    }

    let composer = fit_to_page(layout);

    let total = composer.pages.len();
    let pages = composer
        .pages
        .into_iter()
        .enumerate()
        .map(|(index, mut draws)| {
            match stamp {
                Some(stamp) => stamp_header(&mut draws, layout, stamp, qr.as_ref()),
                None => plain_header(&mut draws, layout),
            }
            page_footer(&mut draws, layout, index + 1, total);
            pdf::Page {
                content: encode_draws(&draws),
                images: Vec::new(),
            }
        })
        .collect();
    Ok(pdf::write(pages, Some(&layout.title))?)
}

/// How much the type may shrink, step by step, so the declaration, the table, the place
/// and date and the signature block share one A4 page: at the longest values the form
/// accepts (names of 60 characters, an e-mail of 254, an entity, office and cargo of
/// 120) the body still prints at 10.5 × 0.8 = 8.4 points, as legible as a contract.
const SCALES: [f32; 7] = [1.0, 0.95, 0.9, 0.86, 0.83, 0.8, 0.77];

/// The DDC laid out at the largest type that keeps it on one page. Should even the
/// smallest not do, it flows on, and the signature block takes the place and date
/// and the paragraph before with it, so it never stands alone on a page.
fn fit_to_page(layout: &DdcLayout) -> Composer {
    let mut smallest = None;
    for scale in SCALES {
        let composer = compose(layout, scale);
        if composer.pages.len() == 1 {
            return composer;
        }
        smallest = Some(composer);
    }
    smallest.unwrap_or_else(|| compose(layout, 1.0))
}

fn compose(layout: &DdcLayout, scale: f32) -> Composer {
    let mut composer = Composer::new(scale);
    let (body, leading, gap) = (
        BODY_SIZE * scale,
        BODY_LEADING * scale,
        PARAGRAPH_GAP * scale,
    );
    composer.block(
        &layout.title,
        Face::Bold,
        TITLE_SIZE * scale.max(0.9),
        TITLE_LEADING * scale.max(0.9),
        Align::Center,
    );
    composer.cursor -= 14.0 * scale;
    for paragraph in &layout.paragraphs {
        composer.block(paragraph, Face::Regular, body, leading, Align::Justify);
        composer.cursor -= gap;
    }
    if !layout.table_headers.is_empty() {
        composer.cursor -= 4.0 * scale;
        composer.table(&layout.table_headers, &layout.table_row);
        composer.cursor -= 16.0 * scale;
    }
    // The last two closing paragraphs (the conformity line, the place and date) go
    // with the signature block: if they do not fit, all of them open the next page.
    let keep = layout.closing.len().min(2);
    let (flowing, kept) = layout.closing.split_at(layout.closing.len() - keep);
    for paragraph in flowing {
        composer.block(paragraph, Face::Regular, body, leading, Align::Justify);
        composer.cursor -= gap;
    }
    let kept_height: f32 = kept
        .iter()
        .map(|p| wrap(p, Face::Regular, body, CONTENT_WIDTH).len() as f32 * leading + gap)
        .sum();
    composer.ensure(kept_height + composer.signature_height(&layout.signature_lines));
    for paragraph in kept {
        composer.block(paragraph, Face::Regular, body, leading, Align::Justify);
        composer.cursor -= gap;
    }
    composer.signature(&layout.signature_lines, &layout.seal_label);
    composer
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    Left,
    Center,
    Justify,
}

/// One thing to paint, in PDF user space (origin bottom-left, points).
#[derive(Debug, Clone)]
enum Draw {
    Text {
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        text: Vec<u8>,
        word_spacing: f32,
        gray: f32,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        gray: f32,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<f32>,
        stroke: Option<Stroke>,
    },
}

#[derive(Debug, Clone, Copy)]
struct Stroke {
    width: f32,
    gray: f32,
    dashed: bool,
}

/// A wrapped line of WinAnsi text.
#[derive(Debug, Clone)]
pub(super) struct Line {
    pub(super) text: Vec<u8>,
    pub(super) width: f32,
    /// Whether it ends a paragraph or a forced break: such lines are never stretched.
    last: bool,
}

/// Flows blocks down the pages, opening a new page when the next block does not fit.
struct Composer {
    pages: Vec<Vec<Draw>>,
    /// Top of the free space on the current page.
    cursor: f32,
    /// Factor on every type size and gap, from [`SCALES`].
    scale: f32,
}

impl Composer {
    fn new(scale: f32) -> Self {
        Self {
            pages: vec![Vec::new()],
            cursor: CONTENT_TOP,
            scale,
        }
    }

    fn draw(&mut self, draw: Draw) {
        if let Some(page) = self.pages.last_mut() {
            page.push(draw);
        }
    }

    /// Starts a new page unless `height` still fits; an empty page takes anything,
    /// so an oversized block cannot loop forever.
    fn ensure(&mut self, height: f32) {
        let page_is_empty = self.pages.last().is_none_or(Vec::is_empty);
        if self.cursor - height < CONTENT_BOTTOM && !page_is_empty {
            self.pages.push(Vec::new());
            self.cursor = CONTENT_TOP;
        }
    }

    fn block(&mut self, text: &str, face: Face, size: f32, leading: f32, align: Align) {
        let lines = if align == Align::Center {
            wrap_balanced(text, face, size, CONTENT_WIDTH)
        } else {
            wrap(text, face, size, CONTENT_WIDTH)
        };
        let count = lines.len();
        for (index, line) in lines.into_iter().enumerate() {
            // Keep two lines together at a page break so no paragraph starts with a lone line.
            let needed = if index == 0 && count > 1 {
                2.0 * leading
            } else {
                leading
            };
            self.ensure(needed);
            let baseline = self.cursor - size;
            self.text_line(
                line,
                MARGIN_X,
                CONTENT_WIDTH,
                baseline,
                face,
                size,
                align,
                0.0,
            );
            self.cursor -= leading;
        }
    }

    #[allow(clippy::too_many_arguments)] // a private painter; a struct would only rename the list
    fn text_line(
        &mut self,
        line: Line,
        left: f32,
        width: f32,
        baseline: f32,
        face: Face,
        size: f32,
        align: Align,
        gray: f32,
    ) {
        let spaces = line.text.iter().filter(|&&b| b == b' ').count();
        let slack = (width - line.width).max(0.0);
        let (x, word_spacing) = match align {
            Align::Left => (left, 0.0),
            Align::Center => (left + slack / 2.0, 0.0),
            Align::Justify if !line.last && spaces > 0 => (left, slack / spaces as f32),
            Align::Justify => (left, 0.0),
        };
        self.draw(Draw::Text {
            x,
            y: baseline,
            face,
            size,
            text: line.text,
            word_spacing,
            gray,
        });
    }

    /// The responsible person's table: one header row, one value row, kept on one page.
    fn table(&mut self, headers: &[String], row: &[String]) {
        let (header_size, cell_size) = (HEADER_CELL_SIZE * self.scale, CELL_SIZE * self.scale);
        let widths = column_widths(headers, row, header_size, cell_size);
        let header_leading = header_size * 1.25;
        let cell_leading = cell_size * 1.3;
        let wrap_cells = |cells: &[String], face, size| -> Vec<Vec<Line>> {
            cells
                .iter()
                .zip(&widths)
                .map(|(cell, width)| wrap(cell, face, size, width - 2.0 * CELL_PADDING))
                .collect()
        };
        let header_lines = wrap_cells(headers, Face::Bold, header_size);
        let value_lines = wrap_cells(row, Face::Regular, cell_size);
        let row_height = |cells: &[Vec<Line>], leading: f32| {
            let most = cells.iter().map(Vec::len).max().unwrap_or(1) as f32;
            most * leading + 2.0 * CELL_PADDING
        };
        let header_height = row_height(&header_lines, header_leading);
        let value_height = row_height(&value_lines, cell_leading).max(26.0);
        self.ensure(header_height + value_height);

        let top = self.cursor;
        let bottom = top - header_height - value_height;
        self.draw(Draw::Rect {
            x: MARGIN_X,
            y: top - header_height,
            w: CONTENT_WIDTH,
            h: header_height,
            fill: Some(0.88),
            stroke: None,
        });

        let mut left = MARGIN_X;
        for ((width, header), value) in widths.iter().zip(header_lines).zip(value_lines) {
            self.cell(
                header,
                left,
                *width,
                top,
                header_height,
                Face::Bold,
                header_size,
                header_leading,
                Align::Center,
            );
            self.cell(
                value,
                left,
                *width,
                top - header_height,
                value_height,
                Face::Regular,
                cell_size,
                cell_leading,
                Align::Center,
            );
            left += width;
        }

        let rule = |from, to| Draw::Line {
            from,
            to,
            width: 0.6,
            gray: 0.0,
        };
        self.draw(Draw::Rect {
            x: MARGIN_X,
            y: bottom,
            w: CONTENT_WIDTH,
            h: top - bottom,
            fill: None,
            stroke: Some(Stroke {
                width: 0.8,
                gray: 0.0,
                dashed: false,
            }),
        });
        self.draw(rule(
            (MARGIN_X, top - header_height),
            (MARGIN_X + CONTENT_WIDTH, top - header_height),
        ));
        let mut x = MARGIN_X;
        for width in widths.iter().take(widths.len().saturating_sub(1)) {
            x += width;
            self.draw(rule((x, top), (x, bottom)));
        }
        self.cursor = bottom;
    }

    /// Paints a cell's lines centred vertically in its box.
    #[allow(clippy::too_many_arguments)] // a private painter; a struct would only rename the list
    fn cell(
        &mut self,
        lines: Vec<Line>,
        left: f32,
        width: f32,
        top: f32,
        height: f32,
        face: Face,
        size: f32,
        leading: f32,
        align: Align,
    ) {
        let text_height = lines.len() as f32 * leading;
        // Cap height of Helvetica is about 0.72 em; centre that, not the line box.
        let mut baseline =
            top - (height - text_height) / 2.0 - leading + (leading - size * 0.72) / 2.0;
        for line in lines {
            self.text_line(
                line,
                left + CELL_PADDING,
                width - 2.0 * CELL_PADDING,
                baseline,
                face,
                size,
                align,
                0.0,
            );
            baseline -= leading;
        }
    }

    /// The signer's lines, wrapped under the rule.
    fn signature_lines(&self, lines: &[String]) -> Vec<Line> {
        lines
            .iter()
            .flat_map(|line| {
                wrap(
                    line,
                    Face::Regular,
                    self.sign_size(),
                    SIGN_RULE_WIDTH + 40.0,
                )
            })
            .collect()
    }

    fn sign_size(&self) -> f32 {
        (BODY_SIZE - 0.5) * self.scale
    }

    /// What the signature block takes, its top gap included.
    fn signature_height(&self, lines: &[String]) -> f32 {
        let text_height = SIGN_SPACE * self.scale.max(0.85)
            + 4.0
            + self.signature_lines(lines).len() as f32 * SIGN_LEADING * self.scale;
        text_height.max(SEAL_HEIGHT * self.scale + 4.0) + 6.0
    }

    /// Room to sign, the rule with the signer's lines under it, and the seal box beside it;
    /// kept together on one page so nobody signs a page with no text on it.
    fn signature(&mut self, lines: &[String], seal_label: &str) {
        const RULE_WIDTH: f32 = SIGN_RULE_WIDTH;
        const SEAL_WIDTH: f32 = 150.0;
        let seal_height = SEAL_HEIGHT * self.scale;
        let line_leading = SIGN_LEADING * self.scale;
        let sign_space = SIGN_SPACE * self.scale.max(0.85);
        let sign_size = self.sign_size();

        let wrapped = self.signature_lines(lines);
        let height = self.signature_height(lines) - 6.0;
        self.ensure(height + 6.0);

        let top = self.cursor - 6.0;
        let rule_y = top - sign_space;
        self.draw(Draw::Line {
            from: (MARGIN_X, rule_y),
            to: (MARGIN_X + RULE_WIDTH, rule_y),
            width: 0.7,
            gray: 0.0,
        });
        let mut baseline = rule_y - 13.0;
        for line in wrapped {
            self.text_line(
                line,
                MARGIN_X,
                RULE_WIDTH,
                baseline,
                Face::Regular,
                sign_size,
                Align::Left,
                0.0,
            );
            baseline -= line_leading;
        }

        let seal_x = MARGIN_X + CONTENT_WIDTH - SEAL_WIDTH;
        let seal_y = top - seal_height;
        self.draw(Draw::Rect {
            x: seal_x,
            y: seal_y,
            w: SEAL_WIDTH,
            h: seal_height,
            fill: None,
            stroke: Some(Stroke {
                width: 0.6,
                gray: 0.45,
                dashed: true,
            }),
        });
        for line in wrap(
            seal_label,
            Face::Regular,
            SMALL_SIZE + 0.5,
            SEAL_WIDTH - 10.0,
        ) {
            self.text_line(
                line,
                seal_x,
                SEAL_WIDTH,
                seal_y + 7.0,
                Face::Regular,
                SMALL_SIZE + 0.5,
                Align::Center,
                0.45,
            );
        }
        self.cursor = top - height;
    }
}

/// Column widths that fill the content width: proportional to each column's unwrapped
/// text when everything fits, otherwise each column gets its longest word and the rest
/// is shared by how much each column still wants.
fn column_widths(headers: &[String], row: &[String], header_size: f32, cell_size: f32) -> Vec<f32> {
    let pad = 2.0 * CELL_PADDING;
    let columns = headers.len().max(1) as f32;
    let longest_word = |text: &str, face, size| {
        text.split_whitespace()
            .map(|word| text_width(&encode(word), face, size))
            .fold(0.0_f32, f32::max)
    };
    let natural: Vec<f32> = headers
        .iter()
        .zip(row)
        .map(|(h, v)| {
            let header = text_width(&encode(h), Face::Bold, header_size);
            let value = text_width(&encode(v), Face::Regular, cell_size);
            header.max(value) + pad
        })
        .collect();
    let total: f32 = natural.iter().sum();
    if total <= CONTENT_WIDTH {
        return natural
            .iter()
            .map(|w| w * CONTENT_WIDTH / total.max(1.0))
            .collect();
    }
    // A long email would otherwise claim the whole table; past a fair share it breaks.
    let cap = CONTENT_WIDTH / columns * 1.6;
    let minimum: Vec<f32> = headers
        .iter()
        .zip(row)
        .map(|(h, v)| {
            let word = longest_word(h, Face::Bold, header_size).max(longest_word(
                v,
                Face::Regular,
                cell_size,
            ));
            (word + pad).min(cap)
        })
        .collect();
    let floor: f32 = minimum.iter().sum();
    if floor >= CONTENT_WIDTH {
        return vec![CONTENT_WIDTH / columns; headers.len()];
    }
    let wants: Vec<f32> = natural
        .iter()
        .zip(&minimum)
        .map(|(n, m)| (n - m).max(0.0))
        .collect();
    let wanted: f32 = wants.iter().sum();
    minimum
        .iter()
        .zip(&wants)
        .map(|(m, want)| m + (CONTENT_WIDTH - floor) * want / wanted.max(1.0))
        .collect()
}

/// Greedy word wrap with real glyph widths. A word wider than the line is broken
/// between characters (long emails in narrow cells); a `\n` forces a break.
pub(super) fn wrap(text: &str, face: Face, size: f32, max_width: f32) -> Vec<Line> {
    let space = text_width(b" ", face, size);
    let mut lines = Vec::new();
    for hard_line in text.split('\n') {
        let mut current: Vec<u8> = Vec::new();
        let mut current_width = 0.0;
        for word in words(hard_line) {
            let word = encode(&word);
            let word_width = text_width(&word, face, size);
            let joined = if current.is_empty() {
                word_width
            } else {
                current_width + space + word_width
            };
            if joined <= max_width {
                if !current.is_empty() {
                    current.push(b' ');
                }
                current.extend_from_slice(&word);
                current_width = joined;
                continue;
            }
            if !current.is_empty() {
                lines.push(Line {
                    text: std::mem::take(&mut current),
                    width: current_width,
                    last: false,
                });
            }
            if word_width <= max_width {
                current = word;
                current_width = word_width;
                continue;
            }
            for byte in word {
                let width = text_width(&[byte], face, size);
                if current_width + width > max_width && !current.is_empty() {
                    lines.push(Line {
                        text: std::mem::take(&mut current),
                        width: current_width,
                        last: true,
                    });
                    current_width = 0.0;
                }
                current.push(byte);
                current_width += width;
            }
        }
        lines.push(Line {
            text: current,
            width: current_width,
            last: true,
        });
    }
    lines
}

/// Splits on ordinary spaces only, so a no-break space (U+00A0) from the caller holds,
/// and glues a short "N°"-style abbreviation to the number after it ("N° 29733" never
/// ends a line at "N°").
fn words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut glue_next = false;
    for word in text.split([' ', '\t', '\r']).filter(|w| !w.is_empty()) {
        match words.last_mut() {
            Some(last) if glue_next => {
                last.push(' ');
                last.push_str(word);
            }
            _ => words.push(word.to_owned()),
        }
        glue_next = word.ends_with('°') && word.chars().count() <= 3;
    }
    words
}

/// Wraps a centred heading into lines of even length: the fewest lines it needs at
/// `max_width`, but as narrow as that count allows, so no word is left alone below.
fn wrap_balanced(text: &str, face: Face, size: f32, max_width: f32) -> Vec<Line> {
    let lines = wrap(text, face, size, max_width);
    let count = lines.len();
    if count < 2 {
        return lines;
    }
    let (mut low, mut high) = (max_width / count as f32, max_width);
    for _ in 0..12 {
        let middle = (low + high) / 2.0;
        if wrap(text, face, size, middle).len() > count {
            low = middle;
        } else {
            high = middle;
        }
    }
    wrap(text, face, size, high)
}

/// QR code side, in points: about 2 cm, which a phone camera reads from the paper.
const QR_SIDE: f32 = 56.0;
const QR_TOP: f32 = PAGE_HEIGHT - 18.0;

/// The verification code under the request code, the hint under it, and the QR code
/// to their right, all above the header rule. The QR code's modules are filled
/// squares in the content stream: no image, nothing to decode but the code itself.
fn stamp_header(
    draws: &mut Vec<Draw>,
    layout: &DdcLayout,
    stamp: &DdcStamp,
    qr: Option<&qrcode::QrCode>,
) {
    let right = MARGIN_X + CONTENT_WIDTH;
    let text_right = match qr {
        Some(_) => right - QR_SIDE - 8.0,
        None => right,
    };
    // Under the QR code with a quiet zone of a few modules, above where the text starts.
    let rule_y = QR_TOP - QR_SIDE - 8.0;
    draws.push(Draw::Line {
        from: (MARGIN_X, rule_y),
        to: (right, rule_y),
        width: 0.5,
        gray: 0.55,
    });
    let lines = [
        (
            layout.code.as_str(),
            Face::Bold,
            10.0,
            0.0,
            PAGE_HEIGHT - 30.0,
        ),
        (
            stamp.verification_line.as_str(),
            Face::Bold,
            10.0,
            0.0,
            PAGE_HEIGHT - 44.0,
        ),
        (
            stamp.hint.as_str(),
            Face::Regular,
            SMALL_SIZE,
            0.3,
            PAGE_HEIGHT - 56.0,
        ),
    ];
    for (text, face, size, gray, y) in lines {
        let text = encode(text);
        let width = text_width(&text, face, size);
        draws.push(Draw::Text {
            x: text_right - width,
            y,
            face,
            size,
            text,
            word_spacing: 0.0,
            gray,
        });
    }
    let Some(qr) = qr else {
        return;
    };
    let modules = qr.width();
    let cell = QR_SIDE / modules as f32;
    let colors = qr.to_colors();
    for (i, color) in colors.iter().enumerate() {
        if *color != qrcode::Color::Dark {
            continue;
        }
        let (col, row) = (i % modules, i / modules);
        draws.push(Draw::Rect {
            x: right - QR_SIDE + col as f32 * cell,
            y: QR_TOP - (row + 1) as f32 * cell,
            // A hair wider, so neighbouring squares print as one dark area.
            w: cell + 0.05,
            h: cell + 0.05,
            fill: Some(0.0),
            stroke: None,
        });
    }
}

/// The request code at the top right, over a rule.
fn plain_header(draws: &mut Vec<Draw>, layout: &DdcLayout) {
    let right = MARGIN_X + CONTENT_WIDTH;
    let code = encode(&layout.code);
    let code_width = text_width(&code, Face::Bold, 9.0);
    draws.push(Draw::Text {
        x: right - code_width,
        y: PAGE_HEIGHT - 46.0,
        face: Face::Bold,
        size: 9.0,
        text: code,
        word_spacing: 0.0,
        gray: 0.0,
    });
    draws.push(Draw::Line {
        from: (MARGIN_X, PAGE_HEIGHT - 54.0),
        to: (right, PAGE_HEIGHT - 54.0),
        width: 0.5,
        gray: 0.55,
    });
}

/// The footer with page numbers, on every page.
fn page_footer(draws: &mut Vec<Draw>, layout: &DdcLayout, page: usize, total: usize) {
    let right = MARGIN_X + CONTENT_WIDTH;
    draws.push(Draw::Line {
        from: (MARGIN_X, 56.0),
        to: (right, 56.0),
        width: 0.4,
        gray: 0.6,
    });
    let number = encode(&format!("{page}/{total}"));
    let number_width = text_width(&number, Face::Regular, SMALL_SIZE);
    draws.push(Draw::Text {
        x: right - number_width,
        y: 44.0,
        face: Face::Regular,
        size: SMALL_SIZE,
        text: number,
        word_spacing: 0.0,
        gray: 0.35,
    });
    let mut baseline = 44.0;
    for line in wrap(
        &layout.footer,
        Face::Regular,
        SMALL_SIZE,
        CONTENT_WIDTH - 40.0,
    ) {
        draws.push(Draw::Text {
            x: MARGIN_X,
            y: baseline,
            face: Face::Regular,
            size: SMALL_SIZE,
            text: line.text,
            word_spacing: 0.0,
            gray: 0.35,
        });
        baseline -= SMALL_SIZE * 1.3;
    }
}

fn encode_draws(draws: &[Draw]) -> Vec<u8> {
    let mut out = Vec::new();
    for draw in draws {
        match draw {
            Draw::Text {
                x,
                y,
                face,
                size,
                text,
                word_spacing,
                gray,
            } => {
                if text.is_empty() {
                    continue;
                }
                let head = format!(
                    "BT /{} {} Tf {} g {} Tw 1 0 0 1 {} {} Tm ",
                    face.resource(),
                    num(*size),
                    num(*gray),
                    num(*word_spacing),
                    num(*x),
                    num(*y)
                );
                out.extend_from_slice(head.as_bytes());
                push_literal(&mut out, text);
                out.extend_from_slice(b" Tj ET\n");
            }
            Draw::Line {
                from,
                to,
                width,
                gray,
            } => {
                let op = format!(
                    "q {} G {} w {} {} m {} {} l S Q\n",
                    num(*gray),
                    num(*width),
                    num(from.0),
                    num(from.1),
                    num(to.0),
                    num(to.1)
                );
                out.extend_from_slice(op.as_bytes());
            }
            Draw::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                let rect = format!("{} {} {} {} re", num(*x), num(*y), num(*w), num(*h));
                if let Some(gray) = fill {
                    out.extend_from_slice(format!("q {} g {rect} f Q\n", num(*gray)).as_bytes());
                }
                if let Some(stroke) = stroke {
                    let dash = if stroke.dashed { "[3 2] 0 d " } else { "" };
                    let op = format!(
                        "q {} G {} w {dash}{rect} S Q\n",
                        num(stroke.gray),
                        num(stroke.width)
                    );
                    out.extend_from_slice(op.as_bytes());
                }
            }
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A realistic DDC with invented people and places (never data from the seeds).
    pub(crate) fn sample_layout() -> DdcLayout {
        let code = "CTG-2026-000123".to_owned();
        DdcLayout {
            title: "DOCUMENTO DECLARACIÓN DE CONFIDENCIALIDAD DEL PROGRAMA CONTIGO".to_owned(),
            code: code.clone(),
            paragraphs: vec![
                "Yo, Rosaura Quispe Mamani, alcaldesa del distrito de San Martín de Ñaupa, provincia de Pumacancha, departamento de Ayacucho, identificada con Documento Nacional de Identidad N° 00000000, debidamente acreditada con la Credencial para el cargo de Alcaldesa emitida por el Jurado Nacional de Elecciones N° 0000-2026-JNE, y en pleno uso de mis facultades como autoridad, me obligo y comprometo ante su Entidad, de manera directa o indirecta, a no utilizar en mi conveniencia personal la información de los usuarios del Programa CONTIGO sobre la situación de los procesos que vienen realizando ante el Programa, información que se proporcionará a través de su portal web.".to_owned(),
                "Asimismo, me comprometo a vigilar el uso responsable de la cuenta de usuario y la clave de acceso que se me proporcionará para obtener la información de los ciudadanos con discapacidad de mi jurisdicción, quedando sujeta a la responsabilidad administrativa, civil y penal por los daños y perjuicios que pudiera causar su mal uso, en el marco de la Ley N° 29733, Ley de Protección de Datos Personales. Sé que esta declaración de confidencialidad debe renovarse cada año fiscal y a requerimiento del Programa CONTIGO.".to_owned(),
                "Para lo cual, declaro que se ha creado la Oficina Municipal de Atención a las Personas con Discapacidad (OMAPED), que forma parte de la estructura orgánica municipal adscrita a la Gerencia de Desarrollo Social, y que se ha designado a partir del 02/03/2026 al servidor cuyos datos se registran en el cuadro siguiente como responsable de la OMAPED de la Municipalidad Distrital de San Martín de Ñaupa, en concordancia con los requisitos que establece el ROF de nuestra Municipalidad; quien a partir de dicha fecha será el responsable de trabajar los procedimientos que establece el Programa CONTIGO.".to_owned(),
            ],
            table_headers: ["Nombres", "Apellidos", "N° DNI", "Correo electrónico", "N° de teléfono/celular"]
                .map(String::from)
                .to_vec(),
            table_row: ["José Ángel", "Ñahui Cárdenas", "00000001", "omaped.sanmartin.ejemplo@example.org", "900 000 001"]
                .map(String::from)
                .to_vec(),
            closing: vec![
                "El presente documento será válido firmado y con los sellos correspondientes de la alcaldesa o el alcalde, y con la firma legalizada por notario o por el Juzgado de Paz. ¿Dudas? ¡Escríbanos!".to_owned(),
                "Firmo la presente en señal de conformidad.".to_owned(),
            ],
            signature_lines: vec![
                "Nombre y apellido: Rosaura Quispe Mamani".to_owned(),
                "DNI N° 00000000".to_owned(),
            ],
            seal_label: "Sello".to_owned(),
            footer: format!("Código de solicitud {code} · generado el 23/11/2026"),
        }
    }

    fn page_count(pdf: &[u8]) -> usize {
        lopdf::Document::load_mem(pdf)
            .map(|d| d.get_pages().len())
            .unwrap_or(0)
    }

    #[test]
    fn rendered_ddc_parses_and_carries_the_request_code() {
        let pdf = render_ddc(&sample_layout()).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        assert_eq!(doc.get_pages().len(), 1);
        let text = doc.extract_text(&[1]).unwrap();
        assert!(text.contains("CTG-2026-000123"), "{text}");
    }

    pub(crate) fn sample_stamp() -> DdcStamp {
        DdcStamp {
            verification_line: "Código de verificación: ABCD-EFGH".to_owned(),
            hint: "Escanee el QR para enviarla firmada".to_owned(),
            link: Some("https://t.me/contigo_bot?start=CTG-2026-000123-ABCDEFGH".to_owned()),
        }
    }

    #[test]
    fn stamped_ddc_carries_the_verification_code_and_a_qr_code_on_one_page() {
        let pdf = render_stamped_ddc(&sample_layout(), Some(&sample_stamp())).unwrap();
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        assert_eq!(doc.get_pages().len(), 1);
        let text = doc.extract_text(&[1]).unwrap();
        assert!(text.contains("CTG-2026-000123"), "{text}");
        assert!(text.contains("ABCD-EFGH"), "{text}");
        // The QR code is drawn as filled squares, and read back from them.
        let plain = render_ddc(&sample_layout()).unwrap();
        assert!(pdf.len() > plain.len() + 2_000);
        assert_eq!(
            crate::documents::qr::read_drawn(&doc),
            vec![sample_stamp().link.unwrap()]
        );
        let none = lopdf::Document::load_mem(&plain).unwrap();
        assert!(crate::documents::qr::read_drawn(&none).is_empty());
    }

    #[test]
    fn long_declaration_flows_onto_a_second_page_with_the_code_on_both() {
        let mut layout = sample_layout();
        let extra = layout.paragraphs.clone();
        for _ in 0..3 {
            layout.paragraphs.extend(extra.clone());
        }
        let pdf = render_ddc(&layout).unwrap();
        assert_eq!(page_count(&pdf), 2);
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let last = doc.extract_text(&[2]).unwrap();
        assert!(last.contains("CTG-2026-000123"));
        // The signature block took the place and date and the conformity line with it.
        assert!(last.contains("Nombre y apellido"), "{last}");
        assert!(last.contains("Firmo la presente"), "{last}");
    }

    #[test]
    fn a_declaration_a_little_too_long_shrinks_to_one_page() {
        let mut layout = sample_layout();
        let extra = layout.paragraphs[0].clone();
        layout.paragraphs.push(extra);
        assert_eq!(page_count(&render_ddc(&layout).unwrap()), 1);
    }

    /// Writes the sample for a human to look at: `cargo test -- --ignored write_sample`
    /// puts `ddc-sample.pdf` and `ddc-sample-long.pdf` in `$DDC_SAMPLE_DIR` (or the temp dir).
    #[test]
    #[ignore]
    fn write_sample_ddc() {
        let dir = std::env::var_os("DDC_SAMPLE_DIR").map_or_else(std::env::temp_dir, Into::into);
        let mut long = sample_layout();
        let extra = long.paragraphs.clone();
        for _ in 0..3 {
            long.paragraphs.extend(extra.clone());
        }
        std::fs::write(
            dir.join("ddc-sample.pdf"),
            render_ddc(&sample_layout()).unwrap(),
        )
        .unwrap();
        std::fs::write(dir.join("ddc-sample-long.pdf"), render_ddc(&long).unwrap()).unwrap();
        std::fs::write(
            dir.join("ddc-sample-stamped.pdf"),
            render_stamped_ddc(&sample_layout(), Some(&sample_stamp())).unwrap(),
        )
        .unwrap();
        let mut crowded = sample_layout();
        crowded.table_row = [
            "María de los Ángeles Guadalupe",
            "Huamaní Ccorimanya de la Cruz",
            "00000002",
            "responsable.omaped.municipalidad.distrital.ejemplo@example.org",
            "(01) 000-0000 / 900 000 002",
        ]
        .map(String::from)
        .to_vec();
        crowded.signature_lines[0] =
            "Nombre y apellido: María de los Ángeles Guadalupe Huamaní Ccorimanya de la Cruz"
                .to_owned();
        std::fs::write(
            dir.join("ddc-sample-crowded.pdf"),
            render_ddc(&crowded).unwrap(),
        )
        .unwrap();
    }

    #[test]
    fn mismatched_table_is_refused() {
        let mut layout = sample_layout();
        layout.table_row.pop();
        assert!(matches!(
            render_ddc(&layout),
            Err(DocumentError::InvalidLayout(_))
        ));
    }

    #[test]
    fn wrapped_lines_never_exceed_the_width() {
        let text = sample_layout().paragraphs.concat();
        let lines = wrap(&text, Face::Regular, BODY_SIZE, CONTENT_WIDTH);
        assert!(lines.len() > 10);
        for line in &lines {
            assert!(line.width <= CONTENT_WIDTH + 0.01);
            assert!((text_width(&line.text, Face::Regular, BODY_SIZE) - line.width).abs() < 0.01);
        }
        let email = wrap(
            "omaped.sanmartin.ejemplo@example.org",
            Face::Regular,
            CELL_SIZE,
            60.0,
        );
        assert!(email.len() > 1 && email.iter().all(|l| l.width <= 60.0));
    }

    #[test]
    fn number_sign_stays_with_its_number_and_no_break_space_holds() {
        assert_eq!(
            words("Ley N° 29733, art.\u{a0}5"),
            vec!["Ley", "N° 29733,", "art.\u{a0}5"]
        );
    }

    #[test]
    fn centred_title_is_balanced() {
        let title = sample_layout().title;
        let lines = wrap_balanced(&title, Face::Bold, TITLE_SIZE, CONTENT_WIDTH);
        assert_eq!(lines.len(), 2);
        assert!(
            lines[1].text.contains(&b' '),
            "a lone word on the last line"
        );
        assert!(lines[0].width - lines[1].width < 160.0);
    }

    #[test]
    fn special_characters_are_escaped_in_literals() {
        let mut out = Vec::new();
        push_literal(&mut out, b"a(b)c\\");
        assert_eq!(out, b"(a\\(b\\)c\\\\)");
    }
}
