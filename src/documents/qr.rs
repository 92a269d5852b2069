//! Reads the DDC's QR code back from what the ally returns (photos, or the images of a
//! scanned PDF's pages) and tells which request it names, so a paper of another request
//! is caught before the stage moves; also when the PDF draws it as squares (the
//! generated DDC, signed digitally). A QR that cannot be found is no proof of anything
//! (a photocopy may lose it): the caller shows its absence to UAC instead.

use image::GrayImage;
use image::imageops::{self, FilterType};

/// Every QR payload found in a grey picture of a page. The picture is tried as it is
/// and, when large, halved too: a phone photo's QR is often easier to find smaller.
pub fn read(page: &GrayImage) -> Vec<String> {
    let mut found = decode(page);
    if found.is_empty() && page.width().max(page.height()) > 1200 {
        let (w, h) = (page.width() / 2, page.height() / 2);
        found = decode(&imageops::resize(page, w, h, FilterType::Triangle));
    }
    found
}

fn decode(page: &GrayImage) -> Vec<String> {
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(
        page.width() as usize,
        page.height() as usize,
        |x, y| page.get_pixel(x as u32, y as u32)[0],
    );
    prepared
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
        .collect()
}

/// Every QR payload drawn on a PDF's pages as filled squares rather than as a picture:
/// the DDC the bot generates draws its QR code so, and a copy signed digitally keeps
/// that drawing. The squares of one size are painted onto a grey bitmap, a few pixels
/// each, and read as a photo is. No general rasteriser: only what a QR code is made of.
pub fn read_drawn(doc: &lopdf::Document) -> Vec<String> {
    let mut found = vec![];
    for page in doc.get_pages().into_values() {
        let Ok(bytes) = doc.get_page_content_with_limit(page, super::inspect::INFLATE_BUDGET)
        else {
            continue;
        };
        let Ok(content) = lopdf::content::Content::decode(&bytes) else {
            continue;
        };
        if let Some(picture) = paint(&dark_squares(&content.operations)) {
            found.extend(read(&picture));
        }
    }
    found
}

/// A filled square on the page, in points: left, bottom, side.
type Square = (f32, f32, f32);

/// The squares a content stream fills in a dark colour (`re` then a fill), placed by
/// the transformation in force (scaling and moving; a rotated one is skipped).
fn dark_squares(operations: &[lopdf::content::Operation]) -> Vec<Square> {
    let number = |o: &lopdf::Object| o.as_float().ok();
    // [a b c d e f] and whether the fill colour is dark, saved by `q`, restored by `Q`.
    let mut ctm = [1.0f32, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut dark = true;
    let mut saved = vec![];
    let mut path: Vec<[f32; 4]> = vec![];
    let mut squares = vec![];
    for op in operations {
        let args: Vec<f32> = op.operands.iter().filter_map(number).collect();
        match (op.operator.as_str(), args.as_slice()) {
            ("q", _) => saved.push((ctm, dark)),
            ("Q", _) => (ctm, dark) = saved.pop().unwrap_or((ctm, dark)),
            ("cm", [a, b, c, d, e, f]) => {
                let m = ctm;
                ctm = [
                    a * m[0] + b * m[2],
                    a * m[1] + b * m[3],
                    c * m[0] + d * m[2],
                    c * m[1] + d * m[3],
                    e * m[0] + f * m[2] + m[4],
                    e * m[1] + f * m[3] + m[5],
                ];
            }
            ("g", [grey]) => dark = *grey < 0.5,
            ("rg", [r, g, b]) => dark = 0.3 * r + 0.59 * g + 0.11 * b < 0.5,
            ("k", [c, m, y, k]) => dark = 0.3 * c + 0.59 * m + 0.11 * y + k > 0.5,
            ("re", [x, y, w, h]) => path.push([*x, *y, *w, *h]),
            ("f" | "F" | "f*" | "B" | "B*" | "b" | "b*", _) => {
                let rotated = ctm[1].abs() > 1e-3 || ctm[2].abs() > 1e-3;
                if dark && !rotated {
                    for [x, y, w, h] in path.drain(..) {
                        let (w, h) = ((w * ctm[0]).abs(), (h * ctm[3]).abs());
                        let left = (x * ctm[0] + ctm[4]).min(x * ctm[0] + ctm[4] + w * ctm[0]);
                        let bottom = (y * ctm[3] + ctm[5]).min(y * ctm[3] + ctm[5] + h * ctm[3]);
                        if w > 0.3 && (w - h).abs() <= 0.15 * w {
                            squares.push((left, bottom, w.min(h)));
                        }
                    }
                }
                path.clear();
            }
            ("n" | "S" | "s", _) => path.clear(),
            _ => {}
        }
    }
    squares
}

/// The squares of the most common side (a QR code's modules), painted black on white
/// with a quiet zone, `MODULE_PX` pixels a module; `None` when too few to be a QR code
/// (the smallest has 21 × 21 modules, about a half of them dark) or too large to paint.
fn paint(squares: &[Square]) -> Option<GrayImage> {
    const MODULE_PX: f32 = 6.0;
    let mut sides: Vec<i64> = squares
        .iter()
        .map(|s| (s.2 * 20.0).round() as i64)
        .collect();
    sides.sort_unstable();
    let (mut best, mut best_count, mut run) = (0i64, 0usize, 0usize);
    for (i, side) in sides.iter().enumerate() {
        run = if i > 0 && sides[i - 1] == *side {
            run + 1
        } else {
            1
        };
        if run > best_count {
            (best, best_count) = (*side, run);
        }
    }
    if best_count < 100 {
        return None;
    }
    let modules: Vec<&Square> = squares
        .iter()
        .filter(|s| (s.2 * 20.0).round() as i64 == best)
        .collect();
    let side = modules[0].2;
    let scale = MODULE_PX / side;
    let left = modules.iter().map(|s| s.0).fold(f32::MAX, f32::min) - 4.0 * side;
    let bottom = modules.iter().map(|s| s.1).fold(f32::MAX, f32::min) - 4.0 * side;
    let right = modules.iter().map(|s| s.0 + s.2).fold(f32::MIN, f32::max) + 4.0 * side;
    let top = modules.iter().map(|s| s.1 + s.2).fold(f32::MIN, f32::max) + 4.0 * side;
    let (width, height) = ((right - left) * scale, (top - bottom) * scale);
    if !(1.0..=4000.0).contains(&width) || !(1.0..=4000.0).contains(&height) {
        return None;
    }
    let mut picture = GrayImage::from_pixel(width as u32, height as u32, image::Luma([255]));
    for s in modules {
        let x0 = ((s.0 - left) * scale).round() as u32;
        // The page's y grows upwards; the picture's downwards.
        let y0 = ((top - s.1 - s.2) * scale).round() as u32;
        let n = (s.2 * scale).round() as u32;
        for y in y0..(y0 + n).min(picture.height()) {
            for x in x0..(x0 + n).min(picture.width()) {
                picture.put_pixel(x, y, image::Luma([0]));
            }
        }
    }
    Some(picture)
}

/// The request code a DDC's QR payload names: in a Telegram link
/// (`...?start=CTG-2026-000123-ABCDEFGH`), a WhatsApp link
/// (`...?text=CTG-2026-000123%20ABCD-EFGH`) or the bare codes (`CTG-2026-000123 ABCD-EFGH`).
pub fn request_code(payload: &str) -> Option<String> {
    let upper = payload.to_ascii_uppercase();
    let at = upper.find("CTG-")?;
    let rest = &upper[at + 4..];
    let year: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after_year = rest.get(year.len()..)?.strip_prefix('-')?;
    let number: String = after_year
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (year.len() == 4 && !number.is_empty() && number.len() <= 9)
        .then(|| format!("CTG-{year}-{number}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qr_page(payload: &str, module_px: u32) -> GrayImage {
        let code = qrcode::QrCode::new(payload.as_bytes()).unwrap();
        let modules = code.width() as u32;
        let colors = code.to_colors();
        let quiet = 4 * module_px;
        let side = modules * module_px + 2 * quiet;
        // The code sits in the corner of a larger white page, as on the DDC.
        let mut page = GrayImage::from_pixel(side * 4, side * 5, image::Luma([255]));
        for (i, color) in colors.iter().enumerate() {
            if *color != qrcode::Color::Dark {
                continue;
            }
            let (col, row) = ((i as u32) % modules, (i as u32) / modules);
            for dy in 0..module_px {
                for dx in 0..module_px {
                    let x = side * 3 + quiet + col * module_px + dx;
                    let y = quiet + row * module_px + dy;
                    page.put_pixel(x, y, image::Luma([0]));
                }
            }
        }
        page
    }

    #[test]
    fn a_printed_qr_is_read_back() {
        let link = "https://t.me/contigo_bot?start=CTG-2026-000123-ABCDEFGH";
        assert_eq!(read(&qr_page(link, 4)), vec![link.to_owned()]);
        let codes = "CTG-2026-000123 ABCD-EFGH";
        for px in [3, 8, 22] {
            assert_eq!(read(&qr_page(codes, px)), vec![codes.to_owned()], "{px} px");
        }
        assert!(read(&GrayImage::from_pixel(400, 400, image::Luma([255]))).is_empty());
    }

    #[test]
    fn the_request_code_is_found_in_every_form_of_payload() {
        for payload in [
            "https://t.me/contigo_bot?start=CTG-2026-000123-ABCDEFGH",
            "https://wa.me/51987000000?text=CTG-2026-000123%20ABCD-EFGH",
            "CTG-2026-000123 ABCD-EFGH",
            "ctg-2026-000123",
        ] {
            assert_eq!(request_code(payload).as_deref(), Some("CTG-2026-000123"));
        }
        assert_eq!(request_code("https://example.org/"), None);
        assert_eq!(request_code("CTG-26-1"), None);
    }
}
