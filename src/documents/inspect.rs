//! Looks inside an uploaded PDF before it may count as the signed DDC: refuses active
//! content (JavaScript, launch actions, embedded files) and streams that inflate past a
//! fixed budget, whatever the file's size; and reads what proves whose paper it is:
//! its text layer (to recognise the unsigned DDC sent back as is), the QR codes on the
//! pictures of its pages (or drawn on them), and a digital signature.

use image::{GrayImage, ImageFormat, ImageReader};
use lopdf::{Dictionary, Document, LoadOptions, Object, Stream};
use sha2::{Digest, Sha256};

use super::qr;
use super::upload::{UploadError, UploadLimits};

/// How much all of a PDF's streams together may inflate to. A scanned declaration of a
/// few pages, even as uncompressed grey bitmaps at 300 dpi, stays well under it; a
/// small file that unpacks to gigabytes (a compression bomb) is refused at this point.
pub const INFLATE_BUDGET: usize = 64 << 20;

/// Actions and names that run or carry something when the PDF is opened.
const ACTIVE_ACTIONS: [&[u8]; 6] = [
    b"JavaScript",
    b"Launch",
    b"ImportData",
    b"SubmitForm",
    b"RichMediaExecute",
    b"GoToE",
];
const ACTIVE_KEYS: [&[u8]; 4] = [b"JS", b"JavaScript", b"EmbeddedFiles", b"EmbeddedFile"];

/// What an uploaded PDF shows about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    /// SHA-256 of the text layer with whitespace collapsed; `None` without one.
    pub text_sha256: Option<String>,
    /// Pictures drawn on its pages (a scan or photos have them, the generated DDC not).
    pub images: usize,
    /// The request codes named by the QR codes read from its pictures.
    pub qr_codes: Vec<String>,
    /// The part of the file a digital signature covers, and the signature itself.
    pub signature: Option<super::signature::Signed>,
}

/// Loads a PDF for inspection: streams inflate within [`INFLATE_BUDGET`] as a whole,
/// and nothing active is in it.
pub fn load_safely(bytes: &[u8]) -> Result<Document, UploadError> {
    let options = LoadOptions {
        max_decompressed_size: Some(INFLATE_BUDGET),
        ..LoadOptions::default()
    };
    let doc = match Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_)) => {
            return Err(UploadError::EncryptedPdf);
        }
        Err(lopdf::Error::Decompress(_)) => return Err(UploadError::InflatesTooMuch),
        Err(_) => return Err(UploadError::CorruptPdf),
    };
    let mut spent = 0usize;
    for object in doc.objects.values() {
        let dict = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => {
                spent = spent.saturating_add(inflated_len(s, INFLATE_BUDGET - spent)?);
                &s.dict
            }
            _ => continue,
        };
        if is_active(dict) {
            return Err(UploadError::ActiveContent);
        }
    }
    Ok(doc)
}

/// How many bytes a stream inflates to, refusing past `room`. Image codecs (JPEG,
/// JPEG 2000, fax) are not inflated here: their size is what the file holds.
fn inflated_len(stream: &Stream, room: usize) -> Result<usize, UploadError> {
    let filters = stream.filters().unwrap_or_default();
    let inflates = filters.iter().any(|f| {
        matches!(
            *f,
            b"FlateDecode" | b"Fl" | b"LZWDecode" | b"LZW" | b"RunLengthDecode"
        )
    });
    if !inflates {
        return Ok(stream.content.len());
    }
    match stream.decompressed_content_with_limit(room) {
        Ok(content) => Ok(content.len()),
        // A stream we cannot decode is not a bomb; it is measured as it is.
        Err(lopdf::Error::Decompress(_)) => Err(UploadError::InflatesTooMuch),
        Err(_) => Ok(stream.content.len()),
    }
}

fn is_active(dict: &Dictionary) -> bool {
    let name_is = |key: &[u8], names: &[&[u8]]| {
        dict.get(key)
            .and_then(Object::as_name)
            .is_ok_and(|n| names.contains(&n))
    };
    ACTIVE_KEYS.iter().any(|k| dict.has(k))
        || name_is(b"S", &ACTIVE_ACTIONS)
        || name_is(b"Type", &[b"EmbeddedFile"])
        || name_is(b"Subtype", &[b"RichMedia", b"FileAttachment"])
}

/// The text layer, whitespace collapsed, hashed; `None` when there is no text.
pub fn text_fingerprint(doc: &Document) -> Option<String> {
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text_with_limit(&pages, INFLATE_BUDGET).ok()?;
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!flat.is_empty()).then(|| hex::encode(Sha256::digest(flat.as_bytes())))
}

/// Everything [`Inspection`] holds, for a PDF that passed [`load_safely`].
pub fn inspect(bytes: &[u8], doc: &Document, limits: &UploadLimits) -> Inspection {
    let pictures = page_pictures(doc, limits);
    let mut qr_codes: Vec<String> = pictures
        .iter()
        .flat_map(qr::read)
        .chain(qr::read_drawn(doc))
        .filter_map(|payload| qr::request_code(&payload))
        .collect();
    qr_codes.dedup();
    Inspection {
        text_sha256: text_fingerprint(doc),
        images: pictures.len(),
        qr_codes,
        signature: super::signature::find(bytes, doc),
    }
}

/// The request codes named by QR codes in photos of the pages.
pub fn qr_codes_in_photos(pictures: &[GrayImage]) -> Vec<String> {
    let mut codes: Vec<String> = pictures
        .iter()
        .flat_map(qr::read)
        .filter_map(|payload| qr::request_code(&payload))
        .collect();
    codes.dedup();
    codes
}

/// The pictures drawn on the pages, as grey images: JPEG ones decoded by the image
/// crate, 8-bit grey or RGB bitmaps unpacked; any other kind is counted but not read.
fn page_pictures(doc: &Document, limits: &UploadLimits) -> Vec<GrayImage> {
    let mut out = Vec::new();
    for object in doc.objects.values() {
        let Object::Stream(stream) = object else {
            continue;
        };
        let is_image = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Image");
        if !is_image {
            continue;
        }
        let number = |key: &[u8]| {
            stream
                .dict
                .get(key)
                .and_then(Object::as_i64)
                .ok()
                .and_then(|v| u32::try_from(v).ok())
        };
        let (Some(width), Some(height)) = (number(b"Width"), number(b"Height")) else {
            continue;
        };
        if u64::from(width) * u64::from(height) > limits.max_pixels {
            continue;
        }
        let filters = stream.filters().unwrap_or_default();
        let picture = if filters.contains(&b"DCTDecode".as_slice()) {
            let mut reader =
                ImageReader::with_format(std::io::Cursor::new(&stream.content), ImageFormat::Jpeg);
            let mut bound = image::Limits::default();
            bound.max_alloc = Some(limits.max_pixels.saturating_mul(4));
            reader.limits(bound);
            reader.decode().ok().map(|i| i.to_luma8())
        } else {
            bitmap(stream, width, height)
        };
        if let Some(picture) = picture {
            out.push(picture);
        }
    }
    out
}

fn bitmap(stream: &Stream, width: u32, height: u32) -> Option<GrayImage> {
    let bits = stream
        .dict
        .get(b"BitsPerComponent")
        .and_then(Object::as_i64)
        .ok()?;
    if bits != 8 {
        return None;
    }
    let pixels = (width as usize) * (height as usize);
    let raw = stream
        .decompressed_content_with_limit(pixels.saturating_mul(3))
        .ok()
        .unwrap_or_else(|| stream.content.clone());
    if raw.len() == pixels {
        return GrayImage::from_raw(width, height, raw);
    }
    if raw.len() == pixels * 3 {
        let grey = raw
            .chunks_exact(3)
            .map(|p| ((u16::from(p[0]) * 3 + u16::from(p[1]) * 6 + u16::from(p[2])) / 10) as u8)
            .collect();
        return GrayImage::from_raw(width, height, grey);
    }
    None
}
