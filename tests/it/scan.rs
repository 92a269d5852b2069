//! Photos of the signed DDC: judged on arrival (tiny, dark or blurred ones are refused
//! with how to retake them) and assembled into a light grey-scale scan. All people and
//! pictures here are invented.

use contigo_bot::message::Inbound;

use crate::backends;
use crate::support::engine::{assert_has, telegram, text_of, turn};
use crate::support::{
    Backend, Running, TestDb, local_request_data, monday_morning, settings, submitted_request,
};

/// A phone photo of a printed page, invented: warm paper lit unevenly, sensor noise,
/// and lines of text-like strokes (stems, bars and gaps between words), as JPEG.
/// `light` scales the exposure (1.0 good light); `blur` is a Gaussian sigma in pixels.
fn page_photo(width: u32, height: u32, light: f32, blur: f32, seed: u64) -> Vec<u8> {
    let mut state = seed * 2 + 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    // Stroke width: about 0.35 mm on A4, so the x-height (5 units) is some 1.8 mm, as
    // in 10-point print, and a line (12 units) a 14-point leading.
    let unit = (height / 800).max(1);
    let line = unit * 12;
    let cell = unit * 4;
    let margin = width / 10;
    let cols = ((width - 2 * margin) / cell) as usize;
    let rows = ((height - 2 * margin) / line) as usize;
    // Per glyph cell: 0 space, else a pattern of strokes.
    let glyphs: Vec<u64> = (0..rows * cols)
        .map(|_| if next() % 6 == 0 { 0 } else { next() % 15 + 1 })
        .collect();
    let noise: Vec<u8> = (0..4096).map(|_| (next() % 13) as u8).collect();
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        let shade = light * (0.82 + 0.18 * x as f32 / width as f32);
        let n = f32::from(noise[((x * 31 + y * 17) % 4096) as usize]) - 6.0;
        let paper = |c: f32| (c * shade + n).clamp(0.0, 255.0) as u8;
        let ink = |c: f32| (c * light + n).clamp(0.0, 255.0) as u8;
        let inside = x >= margin && y >= margin && x < width - margin && y < height - margin;
        if inside {
            let (cx, cy) = ((x - margin) / cell, (y - margin) / line);
            let (gx, gy) = ((x - margin) % cell, (y - margin) % line);
            if (cx as usize) < cols && (cy as usize) < rows && gy < 5 * unit && gx < 3 * unit {
                let g = glyphs[cy as usize * cols + cx as usize];
                let stroke = (g & 1 != 0 && gx < unit)
                    || (g & 2 != 0 && gx >= 2 * unit)
                    || (g & 4 != 0 && gy < unit)
                    || (g & 8 != 0 && gy >= 4 * unit);
                if stroke {
                    return image::Rgb([ink(35.0), ink(35.0), ink(45.0)]);
                }
            }
        }
        image::Rgb([paper(238.0), paper(232.0), paper(220.0)])
    });
    let img = if blur > 0.0 {
        image::imageops::blur(&img, blur)
    } else {
        img
    };
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
        .encode_image(&img)
        .expect("encode jpeg");
    out
}

/// The scan rules on a set of invented photos, and the weight of the assembled scan:
/// three 8-megapixel colour photos of printed pages become grey pages of a few
/// hundred KB each.
#[test]
fn photos_are_judged_for_legibility_and_become_a_light_grey_scan() {
    use contigo_bot::documents::{UploadError, UploadLimits, check_photo, images_to_pdf};
    let limits = UploadLimits::default();
    let judged = |photo: &[u8]| check_photo(photo, &limits).map(|_| ());
    assert_eq!(
        judged(&page_photo(1200, 1600, 1.0, 0.0, 7)),
        Ok(()),
        "sharp"
    );
    assert_eq!(
        judged(&page_photo(1200, 1600, 0.6, 0.0, 7)),
        Ok(()),
        "dim room"
    );
    assert_eq!(
        judged(&page_photo(1200, 1600, 1.0, 2.0, 7)),
        Err(UploadError::PhotoBlurred)
    );
    assert_eq!(
        judged(&page_photo(1200, 1600, 0.25, 0.0, 7)),
        Err(UploadError::PhotoTooDark)
    );
    assert_eq!(
        judged(&page_photo(300, 400, 1.0, 0.0, 7)),
        Err(UploadError::PhotoTooSmall)
    );

    let photos: Vec<Vec<u8>> = (1..=3)
        .map(|seed| page_photo(2448, 3264, 1.0, 0.0, seed))
        .collect();
    for photo in &photos {
        assert_eq!(judged(photo), Ok(()), "a sharp 8 MP photo");
    }
    let before: usize = photos.iter().map(Vec::len).sum();
    let pdf = images_to_pdf(&photos, &limits).expect("assembled");
    let doc = lopdf::Document::load_mem(&pdf).expect("a real PDF");
    assert_eq!(doc.get_pages().len(), 3);
    let pages: Vec<usize> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Image".as_slice())
        })
        .map(|s| {
            assert_eq!(
                s.dict.get(b"ColorSpace").and_then(|v| v.as_name()).ok(),
                Some(b"DeviceGray".as_slice())
            );
            s.content.len()
        })
        .collect();
    eprintln!(
        "3 photos, {before} bytes -> PDF of {} bytes, pages {pages:?}",
        pdf.len()
    );
    assert_eq!(pages.len(), 3);
    for page in &pages {
        assert!(*page < 400_000, "a page of {page} bytes: {pages:?}");
    }
    assert!(pdf.len() < before / 4, "{before} -> {}", pdf.len());
    if let Ok(dir) = std::env::var("DDC_SAMPLE_DIR") {
        let dir = std::path::Path::new(&dir);
        std::fs::write(dir.join("scan-photos.pdf"), &pdf).expect("write");
        std::fs::write(dir.join("scan-photo-1.jpg"), &photos[0]).expect("write");
    }
}

/// A blurred photo is refused the moment it arrives, with how to retake it, and is
/// not counted; a sharp one is.
async fn a_blurred_photo_is_refused_on_arrival_with_how_to_retake_it(backend: Backend) {
    use contigo_bot::message::{FileContent, FileOrigin, IncomingFile};
    let db = TestDb::new(backend).await;
    let bot = Running::start(settings(&db, None), monday_morning()).await;
    let app = &bot.app;
    let chat = telegram("7201");
    let data = local_request_data("090103", "987650021");
    submitted_request(app, &data, "telegram", "7201").await;
    let photo = |bytes| {
        Inbound::File(IncomingFile {
            origin: FileOrigin::Photo,
            name: None,
            content: FileContent::Bytes(bytes),
        })
    };
    let opened = text_of(&turn(app, &chat, Inbound::Text("/enviar".into())).await);
    assert_has(&opened, "DDC");
    let blurred = text_of(&turn(app, &chat, photo(page_photo(1200, 1600, 1.0, 3.0, 9))).await);
    assert_has(&blurred, "borrosa");
    assert_has(
        &blurred,
        "con buena luz, el papel entero y el teléfono quieto",
    );
    let dark = text_of(&turn(app, &chat, photo(page_photo(1200, 1600, 0.25, 0.0, 9))).await);
    assert_has(&dark, "oscura");
    let sharp = text_of(&turn(app, &chat, photo(page_photo(1200, 1600, 1.0, 0.0, 9))).await);
    assert!(
        !sharp.contains("borrosa") && !sharp.contains("oscura"),
        "{sharp}"
    );
    // The refused ones were not counted: this is the first photo.
    assert_has(&sharp, "Recibí la foto 1 ");
    bot.stop().await;
}

backends!(a_blurred_photo_is_refused_on_arrival_with_how_to_retake_it);
