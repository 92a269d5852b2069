//! The invitation letter (seed 000 §7.1): one A4 page per district
//! without an access, in the program's voice, addressed to the mayor the JNE list
//! names, saying what the access gives and the three steps, with a QR code per chat
//! channel that opens the bot with the district already chosen. The text is
//! `locales/es/coverage.ftl`'s (the program writes to mayors in Spanish).

use chrono::{Datelike, NaiveDate};

use super::DocumentError;
use super::ddc::wrap;
use super::ddc_text::institution;
use super::helvetica::{Face, encode, text_width};
use super::pdf::{self, PAGE_HEIGHT, PAGE_WIDTH, num, push_literal};
use crate::config::LinkSettings;
use crate::domain::request::AccessType;
use crate::domain::ubigeo::{District, invitation_payload};
use crate::i18n::Locales;

const LANG: &str = "es";

/// The chat links of an invitation, one per configured channel: (channel name,
/// link). Telegram opens `/start inv-<ubigeo>`; WhatsApp prefills a message carrying
/// the same payload.
pub fn invitation_links(
    loc: &Locales,
    links: &LinkSettings,
    ubigeo: &str,
) -> Vec<(String, String)> {
    let payload = invitation_payload(ubigeo);
    let mut out = vec![];
    if !links.telegram_bot_username.is_empty() {
        out.push((
            "Telegram".to_owned(),
            format!(
                "https://t.me/{}?start={payload}",
                links.telegram_bot_username.trim_start_matches('@')
            ),
        ));
    }
    if !links.whatsapp_number.is_empty() {
        let text = loc.t_args(
            LANG,
            "invite-whatsapp-text",
            &[("payload", payload.clone().into())],
        );
        let encoded: String = form_urlencoded::byte_serialize(text.as_bytes())
            .collect::<String>()
            .replace('+', "%20");
        out.push((
            "WhatsApp".to_owned(),
            format!(
                "https://wa.me/{}?text={encoded}",
                links.whatsapp_number.trim_start_matches('+')
            ),
        ));
    }
    out
}

/// One letter, its text filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    pub ubigeo: String,
    pub heading: String,
    pub place_date: String,
    pub addressee: Vec<String>,
    pub subject: String,
    pub paragraphs: Vec<String>,
    pub gives: Vec<String>,
    pub steps_title: String,
    pub steps: Vec<String>,
    pub closing: Vec<String>,
    /// (channel, link) for each QR code.
    pub qr: Vec<(String, String)>,
    pub qr_hint: String,
}

/// The letter for `district`, to `mayor` (the JNE list's name; None: "the mayor").
pub fn letter(
    loc: &Locales,
    district: &District,
    mayor: Option<&str>,
    beneficiaries: i64,
    links: &LinkSettings,
    today: NaiveDate,
) -> Letter {
    let t = |key: &str| loc.t(LANG, key);
    let institution = institution(loc, AccessType::Local, Some(district), "", "");
    let place_date = loc.t_args(
        LANG,
        "ddc-doc-place-date",
        &[
            ("place", "Lima".into()),
            ("day", i64::from(today.day()).into()),
            (
                "month",
                t(&format!("ddc-doc-month-{}", today.month())).into(),
            ),
            ("year", i64::from(today.year()).into()),
        ],
    );
    let qr = invitation_links(loc, links, district.code.as_str());
    let hint = if qr.is_empty() {
        "invite-no-link"
    } else {
        "invite-qr-hint"
    };
    let qr_hint = loc.t_args(
        LANG,
        hint,
        &[("payload", invitation_payload(district.code.as_str()).into())],
    );
    Letter {
        ubigeo: district.code.as_str().to_owned(),
        heading: t("invite-heading"),
        place_date,
        addressee: vec![
            t("invite-to"),
            mayor.map_or_else(|| t("invite-mayor-unknown"), str::to_owned),
            t("invite-mayor-of"),
            institution.clone(),
            format!(
                "{} · {}, {}",
                district.name, district.province, district.department
            ),
        ],
        subject: t("invite-subject"),
        paragraphs: vec![
            t("invite-greeting"),
            loc.t_args(
                LANG,
                "invite-why",
                &[
                    ("district", district.name.clone().into()),
                    ("count", beneficiaries.into()),
                ],
            ),
            t("invite-gives-intro"),
        ],
        gives: ["invite-gives-1", "invite-gives-2", "invite-gives-3"]
            .into_iter()
            .map(t)
            .collect(),
        steps_title: t("invite-steps-title"),
        steps: ["invite-step-1", "invite-step-2", "invite-step-3"]
            .into_iter()
            .map(t)
            .collect(),
        closing: vec![t("invite-closing"), t("invite-signature")],
        qr,
        qr_hint,
    }
}

const MARGIN: f32 = 64.0;
const WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const BODY: f32 = 10.5;
const LEADING: f32 = 14.0;
const QR_SIDE: f32 = 108.0;

/// Writes text on one page, top down.
struct Page {
    content: Vec<u8>,
    cursor: f32,
}

impl Page {
    fn text_at(&mut self, x: f32, y: f32, text: &[u8], face: Face, size: f32) {
        self.content.extend_from_slice(
            format!(
                "BT /{} {} Tf 0 g 1 0 0 1 {} {} Tm ",
                face.resource(),
                num(size),
                num(x),
                num(y)
            )
            .as_bytes(),
        );
        push_literal(&mut self.content, text);
        self.content.extend_from_slice(b" Tj ET\n");
    }

    /// A paragraph wrapped to `width` from `indent`, then a gap.
    fn para(&mut self, text: &str, face: Face, size: f32, indent: f32, gap: f32) {
        for line in wrap(text, face, size, WIDTH - indent) {
            self.cursor -= size.max(LEADING * size / BODY);
            self.text_at(MARGIN + indent, self.cursor, &line.text, face, size);
        }
        self.cursor -= gap;
    }

    /// A numbered or bulleted item: the mark in the margin, the text indented.
    fn item(&mut self, mark: &str, text: &str) {
        let top = self.cursor;
        self.para(text, Face::Regular, BODY, 18.0, 3.0);
        self.text_at(MARGIN + 4.0, top - LEADING, &encode(mark), Face::Bold, BODY);
    }

    fn qr(&mut self, x: f32, top: f32, link: &str) {
        let Ok(code) = qrcode::QrCode::new(link.as_bytes()) else {
            return;
        };
        let modules = code.width();
        let cell = QR_SIDE / modules as f32;
        for (i, color) in code.to_colors().iter().enumerate() {
            if *color == qrcode::Color::Dark {
                let (col, row) = (i % modules, i / modules);
                self.content.extend_from_slice(
                    format!(
                        "{} {} {} {} re f\n",
                        num(x + col as f32 * cell),
                        num(top - (row + 1) as f32 * cell),
                        num(cell + 0.05),
                        num(cell + 0.05)
                    )
                    .as_bytes(),
                );
            }
        }
    }
}

fn page(letter: &Letter) -> pdf::Page {
    let mut p = Page {
        content: Vec::new(),
        cursor: PAGE_HEIGHT - 56.0,
    };
    p.para(&letter.heading, Face::Bold, 11.5, 0.0, 2.0);
    p.content.extend_from_slice(
        format!(
            "q 0.55 G 0.6 w {} {} m {} {} l S Q\n",
            num(MARGIN),
            num(p.cursor - 4.0),
            num(MARGIN + WIDTH),
            num(p.cursor - 4.0)
        )
        .as_bytes(),
    );
    p.cursor -= 14.0;
    let date = encode(&letter.place_date);
    let w = text_width(&date, Face::Regular, BODY);
    p.cursor -= LEADING;
    p.text_at(MARGIN + WIDTH - w, p.cursor, &date, Face::Regular, BODY);
    p.cursor -= 8.0;
    for (i, line) in letter.addressee.iter().enumerate() {
        let face = if i == 1 || i == 3 {
            Face::Bold
        } else {
            Face::Regular
        };
        p.para(line, face, BODY, 0.0, 0.0);
    }
    p.cursor -= 10.0;
    p.para(&letter.subject, Face::Bold, BODY, 0.0, 8.0);
    for para in &letter.paragraphs {
        p.para(para, Face::Regular, BODY, 0.0, 6.0);
    }
    for give in &letter.gives {
        p.item("•", give);
    }
    p.cursor -= 6.0;
    p.para(&letter.steps_title, Face::Bold, BODY, 0.0, 4.0);
    for (i, step) in letter.steps.iter().enumerate() {
        p.item(&format!("{}.", i + 1), step);
    }
    p.cursor -= 8.0;
    // The QR codes side by side, each with its channel above and its link below.
    let top = p.cursor - LEADING - 4.0;
    let slot = WIDTH / letter.qr.len().max(1) as f32;
    for (i, (channel, link)) in letter.qr.iter().enumerate() {
        let x = MARGIN + i as f32 * slot + (slot - QR_SIDE) / 2.0;
        let label = encode(channel);
        let lw = text_width(&label, Face::Bold, BODY);
        p.text_at(
            x + (QR_SIDE - lw) / 2.0,
            top + 6.0,
            &label,
            Face::Bold,
            BODY,
        );
        p.qr(x, top, link);
        let mut y = top - QR_SIDE - 10.0;
        for line in wrap(link, Face::Regular, 7.0, slot - 8.0) {
            let lx = MARGIN + i as f32 * slot + (slot - line.width) / 2.0;
            p.text_at(lx, y, &line.text, Face::Regular, 7.0);
            y -= 8.5;
        }
    }
    if !letter.qr.is_empty() {
        p.cursor = top - QR_SIDE - 30.0;
    }
    p.para(&letter.qr_hint, Face::Regular, 9.0, 0.0, 10.0);
    for line in &letter.closing {
        p.para(line, Face::Regular, BODY, 0.0, 2.0);
    }
    pdf::Page {
        content: p.content,
        images: vec![],
    }
}

/// The letters as one PDF, a page each.
pub fn render_letters(letters: &[Letter], title: &str) -> Result<Vec<u8>, DocumentError> {
    Ok(pdf::write(letters.iter().map(page).collect(), Some(title))?)
}
