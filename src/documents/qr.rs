//! Reads the DDC's QR code back from what the ally returns (photos, or the images of a
//! scanned PDF's pages) and tells which request it names, so a paper of another request
//! is caught before the stage moves. A QR that cannot be found is no proof of anything
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
