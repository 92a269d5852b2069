//! Checks what a user sends back as the signed DDC, and turns photos of its pages into
//! one PDF. Everything here treats input as hostile: the type comes from magic bytes,
//! never from a file name; sizes and pixel counts are refused before anything is
//! decoded; and a PDF or image only counts once it has really been parsed.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{
    DynamicImage, GrayImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, imageops,
};
use lopdf::{Stream, dictionary};

use super::pdf::{self, PAGE_HEIGHT, PAGE_WIDTH, num};

/// What a file really is, by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Pdf,
    Jpeg,
    Png,
}

impl FileKind {
    pub fn mime_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
        }
    }

    /// Extension for stored files, which are named by content hash plus this.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
        }
    }
}

/// Identifies a file by its magic bytes, never by its name.
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.starts_with(PNG) {
        return Some(FileKind::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(FileKind::Jpeg);
    }
    // The PDF spec lets the header sit anywhere in the first 1024 bytes, and some
    // scanners do put junk before it.
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Some(FileKind::Pdf);
    }
    None
}

/// How much a user may send. Defaults fit phone photos and scanned PDFs of a
/// one-to-two page declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    pub max_bytes: usize,
    pub max_pixels: u64,
    pub max_photos: usize,
}

impl Default for UploadLimits {
    fn default() -> Self {
        Self {
            max_bytes: 10 * 1024 * 1024,
            max_pixels: 40_000_000,
            max_photos: 5,
        }
    }
}

impl UploadLimits {
    /// The limits an operator set in `[storage]`.
    pub fn from_settings(storage: &crate::config::StorageSettings) -> Self {
        Self {
            max_bytes: storage.max_upload_mb * 1024 * 1024,
            max_pixels: storage.max_photo_megapixels * 1_000_000,
            max_photos: storage.max_photos,
        }
    }

    fn too_large(&self) -> UploadError {
        UploadError::TooLarge {
            limit_mb: self.max_bytes / (1024 * 1024),
        }
    }

    fn too_many_pixels(&self) -> UploadError {
        UploadError::TooManyPixels {
            max_megapixels: self.max_pixels / 1_000_000,
        }
    }

    /// Decoder limits: room for the decoded picture at 4 bytes a pixel plus working
    /// space. Only reached by pictures that passed the pixel check, so hitting it
    /// means an unusually deep image (16-bit RGBA): refused as too many pixels.
    fn decoder_limits(&self) -> Limits {
        let mut limits = Limits::default();
        limits.max_alloc = Some(self.max_pixels.saturating_mul(4).saturating_add(16 << 20));
        limits
    }
}

/// Why an upload was refused; each variant has a Fluent message (see [`UploadError::key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error("file is larger than {limit_mb} MB")]
    TooLarge { limit_mb: usize },
    #[error("file is empty")]
    Empty,
    /// The platform did not let us download it (network, expired link): not the
    /// file's fault, so the user is asked to send it again.
    #[error("file could not be received")]
    NotReceived,
    #[error("file is neither a PDF, a JPEG nor a PNG")]
    UnsupportedType,
    #[error("PDF cannot be parsed")]
    CorruptPdf,
    #[error("PDF has no pages")]
    PdfWithoutPages,
    #[error("PDF is encrypted with a password")]
    EncryptedPdf,
    #[error("image cannot be decoded")]
    CorruptImage,
    #[error("image has more than {max_megapixels} megapixels")]
    TooManyPixels { max_megapixels: u64 },
    /// Fewer pixels than a page needs to be read (a thumbnail, a forwarded preview).
    #[error("photo is too small to read")]
    PhotoTooSmall,
    #[error("photo is too dark to read")]
    PhotoTooDark,
    #[error("photo is blurred")]
    PhotoBlurred,
    #[error("more than {max} photos")]
    TooManyPhotos { max: usize },
    #[error("no photos to assemble")]
    NoPhotos,
    /// JavaScript, a launch action or an embedded file: refused, never shown to staff.
    #[error("PDF carries active content")]
    ActiveContent,
    /// Its streams inflate past [`super::inspect::INFLATE_BUDGET`] (a compression bomb).
    #[error("PDF inflates too much")]
    InflatesTooMuch,
    /// The DDC the bot generated, sent back unsigned (same bytes or same text).
    #[error("PDF is the unsigned DDC")]
    UnsignedDdc,
    /// A signed DDC already on file, sent again after a correction of what the DDC
    /// prints: it answers the DDC before, not the one to sign now.
    #[error("PDF is the signed DDC from before a correction")]
    OutdatedDdc,
    /// Our side failed to write the assembled PDF; not the user's fault.
    #[error("could not assemble the photos into a PDF")]
    AssemblyFailed,
}

impl UploadError {
    /// Fluent message id, in `locales/*/upload.ftl`.
    pub fn key(&self) -> &'static str {
        match self {
            UploadError::TooLarge { .. } => "upload-too-large",
            UploadError::Empty => "upload-empty",
            UploadError::NotReceived => "upload-not-received",
            UploadError::UnsupportedType => "upload-unsupported-type",
            UploadError::CorruptPdf => "upload-corrupt-pdf",
            UploadError::PdfWithoutPages => "upload-pdf-without-pages",
            UploadError::EncryptedPdf => "upload-encrypted-pdf",
            UploadError::CorruptImage => "upload-corrupt-image",
            UploadError::TooManyPixels { .. } => "upload-too-many-pixels",
            UploadError::PhotoTooSmall => "upload-photo-too-small",
            UploadError::PhotoTooDark => "upload-photo-too-dark",
            UploadError::PhotoBlurred => "upload-photo-blurred",
            UploadError::TooManyPhotos { .. } => "upload-too-many-photos",
            UploadError::NoPhotos => "upload-no-photos",
            UploadError::AssemblyFailed => "upload-assembly-failed",
            UploadError::ActiveContent => "upload-active-content",
            UploadError::InflatesTooMuch => "upload-inflates-too-much",
            UploadError::UnsignedDdc => "upload-unsigned-ddc",
            UploadError::OutdatedDdc => "upload-outdated-ddc",
        }
    }

    /// The Fluent variables the message uses, so callers need not match on variants.
    pub fn args(&self) -> Vec<(&'static str, u64)> {
        match *self {
            UploadError::TooLarge { limit_mb } => vec![("limit_mb", limit_mb as u64)],
            UploadError::TooManyPixels { max_megapixels } => {
                vec![("max_megapixels", max_megapixels)]
            }
            UploadError::TooManyPhotos { max } => vec![("max", max as u64)],
            _ => Vec::new(),
        }
    }
}

/// A PDF that lopdf parsed and found pages in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckedPdf {
    pub pages: usize,
}

/// An image whose header was within limits and that decoded completely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckedImage {
    pub kind: FileKind,
    pub width: u32,
    pub height: u32,
}

/// Checks any upload: size first (cheapest), then type by magic bytes, then a real
/// parse; a photo must also make a legible page ([`check_photo`]), so a blurred or dark
/// one is refused on arrival while the ally can still retake it.
pub fn check_upload(bytes: &[u8], limits: &UploadLimits) -> Result<FileKind, UploadError> {
    match check_size_and_sniff(bytes, limits)? {
        FileKind::Pdf => check_pdf(bytes, limits).map(|_| FileKind::Pdf),
        kind => check_photo(bytes, limits).map(|_| kind),
    }
}

/// Checks that `bytes` is a PDF lopdf can read with at least one page.
///
/// Encrypted PDFs are fine when they open without a password (owner-restricted files,
/// as some signing tools produce): lopdf then reads their pages. Only a PDF that needs
/// a password to open is refused, since nobody at the program could read it either.
pub fn check_pdf(bytes: &[u8], limits: &UploadLimits) -> Result<CheckedPdf, UploadError> {
    if check_size_and_sniff(bytes, limits)? != FileKind::Pdf {
        return Err(UploadError::UnsupportedType);
    }
    let doc = super::inspect::load_safely(bytes)?;
    match doc.get_pages().len() {
        // lopdf leaves the trailer's /Encrypt in place when it could not decrypt.
        0 if doc.is_encrypted() => Err(UploadError::EncryptedPdf),
        0 => Err(UploadError::PdfWithoutPages),
        pages => Ok(CheckedPdf { pages }),
    }
}

/// Checks a JPEG or PNG: dimensions from the header are refused above
/// `max_pixels` before any pixel is decoded (decompression bombs), then the whole
/// image is decoded under decoder limits to prove it is not corrupt.
pub fn check_image(bytes: &[u8], limits: &UploadLimits) -> Result<CheckedImage, UploadError> {
    let kind = check_size_and_sniff(bytes, limits)?;
    let decoded = decode(bytes, kind, limits)?;
    Ok(CheckedImage {
        kind,
        width: decoded.image.width(),
        height: decoded.image.height(),
    })
}

/// Checks a photo of a page as [`check_image`] does, then whether it makes a legible
/// page: not tiny, not dark, not blurred, judged on the grey page it would become.
pub fn check_photo(bytes: &[u8], limits: &UploadLimits) -> Result<CheckedImage, UploadError> {
    let kind = check_size_and_sniff(bytes, limits)?;
    let decoded = decode(bytes, kind, limits)?;
    let (width, height) = (decoded.image.width(), decoded.image.height());
    judge_page(&grey_page(decoded))?;
    Ok(CheckedImage {
        kind,
        width,
        height,
    })
}

/// Longest side of a page in the assembled PDF: about 135 dpi along A4's 29.7 cm,
/// where 10-point print is some 19 pixels tall: easy to read, signature and seal
/// included, and a grey page stays at a few hundred KB.
const SCAN_LONG_SIDE: u32 = 1600;
/// Moderate JPEG quality: on a grey page of paper and ink the loss does not show,
/// and it halves the size against 85.
const SCAN_JPEG_QUALITY: u8 = 60;
/// Margin around each photo, about 1 cm.
const PHOTO_MARGIN: f32 = 28.0;

/// Below these a page cannot be read: 800 pixels along 29.7 cm is about 68 dpi, where
/// 10-point print is some 9 pixels tall, the least that still reads. Chat apps send
/// photos at 1280 to 1600 pixels, so only thumbnails and cropped previews fall short.
const MIN_LONG_SIDE: u32 = 800;
const MIN_SHORT_SIDE: u32 = 500;
/// Mean luminance (0 black, 255 white) below which the page is too dark. Paper in
/// good light averages 170 to 220 with text on it; a room's dim light still gives 110
/// or so. Under 70 the ink and the paper are hard to tell apart; the synthetic dark
/// page in the tests (the sharp one at a quarter of its light) averages about 55.
const MIN_MEAN_LUMA: f64 = 70.0;
/// Variance of the Laplacian (a sharpness measure: edges and grain make it large,
/// blur flattens both) on the grey page at [`SCAN_LONG_SIDE`]. Measured on the
/// synthetic pages of 10-point print in `tests/it/scan.rs`: sharp, 3 200 (an 8 MP
/// photo, downscaled) to 7 600 (a 1600-pixel one); blurred by a Gaussian of 1 pixel
/// at this size, 500 (still readable); of 1.5 pixels, 60 to 85, where the strokes
/// of small print start to merge; of 2 pixels or more, under 25. The threshold
/// refuses from about 1.5 pixels on and keeps a wide margin below sharp pages.
const MIN_SHARPNESS: f64 = 100.0;

/// Assembles 1..=`max_photos` JPEG/PNG photos, in order, one per A4 page, each scaled
/// to fit within the margins keeping its aspect ratio.
///
/// Each photo becomes a scanned page: turned upright, grey, at most [`SCAN_LONG_SIDE`]
/// pixels, its levels stretched so the paper prints white and the ink black, and
/// stored as a moderate JPEG. A phone's 3 MB colour photo becomes a page of a few
/// hundred KB that reads the same.
pub fn images_to_pdf(images: &[Vec<u8>], limits: &UploadLimits) -> Result<Vec<u8>, UploadError> {
    if images.is_empty() {
        return Err(UploadError::NoPhotos);
    }
    if images.len() > limits.max_photos {
        return Err(UploadError::TooManyPhotos {
            max: limits.max_photos,
        });
    }
    let mut pages = Vec::with_capacity(images.len());
    for bytes in images {
        let kind = check_size_and_sniff(bytes, limits)?;
        if kind == FileKind::Pdf {
            return Err(UploadError::UnsupportedType);
        }
        let mut page = grey_page(decode(bytes, kind, limits)?);
        stretch_levels(&mut page);
        let (width, height) = page.dimensions();
        let mut jpeg = Vec::new();
        JpegEncoder::new_with_quality(&mut jpeg, SCAN_JPEG_QUALITY)
            .encode_image(&page)
            .map_err(|_| UploadError::AssemblyFailed)?;
        pages.push(pdf::Page {
            content: place_photo(width, height),
            images: vec![("Im1".to_owned(), jpeg_xobject(jpeg, width, height))],
        });
    }
    pdf::write(pages, None).map_err(|_| UploadError::AssemblyFailed)
}

/// The photo as the page it will be: upright, transparent areas white, grey, and no
/// larger than [`SCAN_LONG_SIDE`].
fn grey_page(decoded: Decoded) -> GrayImage {
    let Decoded {
        mut image,
        orientation,
        ..
    } = decoded;
    image.apply_orientation(orientation);
    let grey = flatten_on_white(&image).to_luma8();
    if grey.width().max(grey.height()) > SCAN_LONG_SIDE {
        let (w, h) = fit(grey.width(), grey.height(), SCAN_LONG_SIDE);
        imageops::resize(&grey, w, h, FilterType::Triangle)
    } else {
        grey
    }
}

/// Width and height scaled so the longer side is `side`, keeping the aspect ratio.
fn fit(width: u32, height: u32, side: u32) -> (u32, u32) {
    let long = width.max(height);
    let scale = |v: u32| {
        ((u64::from(v) * u64::from(side) + u64::from(long) / 2) / u64::from(long)).max(1) as u32
    };
    (scale(width), scale(height))
}

/// Refuses a page that cannot be read: tiny, dark or blurred, in that order (a dark
/// page also measures as blurred, and the light is what to fix first).
fn judge_page(page: &GrayImage) -> Result<(), UploadError> {
    let (w, h) = page.dimensions();
    if w.max(h) < MIN_LONG_SIDE || w.min(h) < MIN_SHORT_SIDE {
        return Err(UploadError::PhotoTooSmall);
    }
    if mean_luma(page) < MIN_MEAN_LUMA {
        return Err(UploadError::PhotoTooDark);
    }
    if laplacian_variance(page) < MIN_SHARPNESS {
        return Err(UploadError::PhotoBlurred);
    }
    Ok(())
}

fn mean_luma(page: &GrayImage) -> f64 {
    let sum: u64 = page.as_raw().iter().map(|&v| u64::from(v)).sum();
    sum as f64 / page.as_raw().len().max(1) as f64
}

/// Variance of the 4-neighbour Laplacian over the inner pixels.
fn laplacian_variance(page: &GrayImage) -> f64 {
    let (w, h) = (page.width() as usize, page.height() as usize);
    if w < 3 || h < 3 {
        return 0.0;
    }
    let raw = page.as_raw();
    let at = |x: usize, y: usize| i32::from(raw[y * w + x]);
    let (mut sum, mut squares, mut n) = (0f64, 0f64, 0f64);
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            let l = at(x - 1, y) + at(x + 1, y) + at(x, y - 1) + at(x, y + 1) - 4 * at(x, y);
            let l = f64::from(l);
            sum += l;
            squares += l * l;
            n += 1.0;
        }
    }
    let mean = sum / n;
    squares / n - mean * mean
}

/// Stretches the grey levels so the darkest 1 % prints black and the brightest 1 %
/// white, as a scanner does: paper shot indoors comes out grey, and white paper is
/// also what JPEG stores in the fewest bytes. A page with little contrast (a blank
/// sheet) is left alone rather than turned into noise.
fn stretch_levels(page: &mut GrayImage) {
    const MIN_RANGE: u8 = 48;
    let mut histogram = [0usize; 256];
    for &v in page.as_raw() {
        histogram[usize::from(v)] += 1;
    }
    let cut = page.as_raw().len() / 100;
    let level_at = |levels: &[usize]| {
        let mut seen = 0;
        levels
            .iter()
            .copied()
            .find(|&v| {
                seen += histogram[v];
                seen > cut
            })
            .unwrap_or(0) as u8
    };
    let up: Vec<usize> = (0..256).collect();
    let down: Vec<usize> = (0..256).rev().collect();
    let low = level_at(&up);
    let high = level_at(&down);
    if high <= low || high - low < MIN_RANGE {
        return;
    }
    let span = f32::from(high - low);
    let mut table = [0u8; 256];
    for (v, out) in table.iter_mut().enumerate() {
        let t = (v as f32 - f32::from(low)) / span;
        *out = (t.clamp(0.0, 1.0) * 255.0).round() as u8;
    }
    for v in page.iter_mut() {
        *v = table[usize::from(*v)];
    }
}

fn check_size_and_sniff(bytes: &[u8], limits: &UploadLimits) -> Result<FileKind, UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(limits.too_large());
    }
    sniff(bytes).ok_or(UploadError::UnsupportedType)
}

struct Decoded {
    image: DynamicImage,
    orientation: Orientation,
}

fn decode(bytes: &[u8], kind: FileKind, limits: &UploadLimits) -> Result<Decoded, UploadError> {
    let format = match kind {
        FileKind::Jpeg => ImageFormat::Jpeg,
        FileKind::Png => ImageFormat::Png,
        FileKind::Pdf => return Err(UploadError::UnsupportedType),
    };
    let image_error = |error: ImageError| match error {
        ImageError::Limits(_) => limits.too_many_pixels(),
        _ => UploadError::CorruptImage,
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits.decoder_limits());
    // Building the decoder reads only the header, so the pixel check runs before decoding.
    let mut decoder = reader.into_decoder().map_err(image_error)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(UploadError::CorruptImage);
    }
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(limits.too_many_pixels());
    }
    // A broken EXIF block should not sink an otherwise good photo.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(decoder).map_err(image_error)?;
    Ok(Decoded { image, orientation })
}

/// Transparent PNG areas would print black once the alpha is dropped; paper is white.
fn flatten_on_white(image: &DynamicImage) -> DynamicImage {
    if !image.color().has_alpha() {
        return image.clone();
    }
    let mut rgba = image.to_rgba8();
    for pixel in rgba.pixels_mut() {
        let alpha = u16::from(pixel[3]);
        for channel in &mut pixel.0[..3] {
            let blended = (u16::from(*channel) * alpha + 255 * (255 - alpha)) / 255;
            *channel = blended as u8;
        }
        pixel[3] = 255;
    }
    DynamicImage::ImageRgba8(rgba)
}

fn jpeg_xobject(jpeg: Vec<u8>, width: u32, height: u32) -> Stream {
    Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => i64::from(width),
            "Height" => i64::from(height),
            "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => 8,
            "Filter" => "DCTDecode",
        },
        jpeg,
    )
    // Already compressed; deflating JPEG data only costs time.
    .with_compression(false)
}

/// Content stream drawing `Im1` centred on the page, as large as the margins allow.
fn place_photo(width: u32, height: u32) -> Vec<u8> {
    let (width, height) = (width as f32, height as f32);
    let room_w = PAGE_WIDTH - 2.0 * PHOTO_MARGIN;
    let room_h = PAGE_HEIGHT - 2.0 * PHOTO_MARGIN;
    let scale = (room_w / width).min(room_h / height);
    let (w, h) = (width * scale, height * scale);
    let (x, y) = ((PAGE_WIDTH - w) / 2.0, (PAGE_HEIGHT - h) / 2.0);
    format!(
        "q {} 0 0 {} {} {} cm /Im1 Do Q\n",
        num(w),
        num(h),
        num(x),
        num(y)
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::ddc::{render_ddc, tests::sample_layout};
    use image::codecs::png::PngEncoder;
    use image::{ExtendedColorType, ImageEncoder, Luma, Rgb, RgbImage, RgbaImage};
    use lopdf::Document;

    fn limits() -> UploadLimits {
        UploadLimits::default()
    }

    /// A synthetic "photo" of one grey `shade`, so pages can be told apart. (Photos that
    /// look like printed pages, sharp, blurred or dark, are in `tests/it/scan.rs`.)
    fn photo(width: u32, height: u32, shade: u8) -> RgbImage {
        RgbImage::from_pixel(width, height, Rgb([shade, shade, shade]))
    }

    fn jpeg(width: u32, height: u32, shade: u8) -> Vec<u8> {
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 80)
            .encode_image(&photo(width, height, shade))
            .unwrap();
        out
    }

    fn png(width: u32, height: u32, shade: u8) -> Vec<u8> {
        let mut out = Vec::new();
        PngEncoder::new(&mut out)
            .write_image(
                photo(width, height, shade).as_raw(),
                width,
                height,
                ExtendedColorType::Rgb8,
            )
            .unwrap();
        out
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    }

    /// A well-formed PNG whose header claims 100000×100000 pixels: a decompression bomb.
    fn png_bomb() -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&100_000u32.to_be_bytes());
        ihdr.extend_from_slice(&100_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 0, 0, 0, 0]); // 8-bit grey, deflate, no interlace
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(
            &mut out,
            b"IDAT",
            &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
        );
        chunk(&mut out, b"IEND", &[]);
        out
    }

    /// First pixel colour (R channel) of the image on each page, in page order.
    fn page_shades(pdf: &[u8]) -> Vec<u8> {
        let doc = Document::load_mem(pdf).unwrap();
        doc.get_pages()
            .values()
            .map(|&page_id| {
                let page = doc.get_dictionary(page_id).unwrap();
                let resources = page.get(b"Resources").unwrap().as_dict().unwrap();
                let xobjects = resources.get(b"XObject").unwrap().as_dict().unwrap();
                let id = xobjects.get(b"Im1").unwrap().as_reference().unwrap();
                let stream = doc.get_object(id).unwrap().as_stream().unwrap();
                let picture = image::load_from_memory(&stream.content).unwrap().to_rgb8();
                picture.get_pixel(0, 0)[0]
            })
            .collect()
    }

    #[test]
    fn files_are_identified_by_magic_bytes_not_names() {
        assert_eq!(sniff(&jpeg(8, 8, 0)), Some(FileKind::Jpeg));
        assert_eq!(sniff(&png(8, 8, 0)), Some(FileKind::Png));
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(FileKind::Pdf));
        assert_eq!(sniff(b"GIF89a......"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn signed_ddc_returned_as_pdf_is_accepted() {
        let pdf = render_ddc(&sample_layout()).unwrap();
        assert_eq!(check_pdf(&pdf, &limits()), Ok(CheckedPdf { pages: 1 }));
        assert_eq!(check_upload(&pdf, &limits()), Ok(FileKind::Pdf));
    }

    #[test]
    fn truncated_pdf_is_refused_as_corrupt() {
        let pdf = render_ddc(&sample_layout()).unwrap();
        assert_eq!(
            check_upload(&pdf[..pdf.len() / 3], &limits()),
            Err(UploadError::CorruptPdf)
        );
        assert_eq!(
            check_upload(b"%PDF-1.4\n%garbage", &limits()),
            Err(UploadError::CorruptPdf)
        );
    }

    #[test]
    fn pdf_without_pages_is_refused() {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.add_object(dictionary! {
            "Type" => "Pages", "Kids" => Vec::<lopdf::Object>::new(), "Count" => 0,
        });
        let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog_id);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        assert_eq!(
            check_upload(&bytes, &limits()),
            Err(UploadError::PdfWithoutPages)
        );
    }

    fn encrypted(user_password: &str) -> Vec<u8> {
        let pdf = render_ddc(&sample_layout()).unwrap();
        let mut doc = Document::load_mem(&pdf).unwrap();
        let version = lopdf::EncryptionVersion::V2 {
            document: &doc,
            owner_password: "owner-secret",
            user_password,
            key_length: 128,
            permissions: lopdf::Permissions::PRINTABLE,
        };
        let state = lopdf::EncryptionState::try_from(version).unwrap();
        doc.encrypt(&state).unwrap();
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn pdf_that_needs_a_password_to_open_is_refused() {
        assert_eq!(
            check_upload(&encrypted("user-secret"), &limits()),
            Err(UploadError::EncryptedPdf)
        );
    }

    #[test]
    fn pdf_restricted_only_by_an_owner_password_is_accepted() {
        assert_eq!(
            check_pdf(&encrypted(""), &limits()),
            Ok(CheckedPdf { pages: 1 })
        );
    }

    #[test]
    fn photos_of_the_pages_are_accepted() {
        assert_eq!(
            check_image(&jpeg(300, 400, 10), &limits()),
            Ok(CheckedImage {
                kind: FileKind::Jpeg,
                width: 300,
                height: 400
            })
        );
        assert_eq!(
            check_image(&png(30, 20, 10), &limits()).map(|c| c.kind),
            Ok(FileKind::Png)
        );
    }

    #[test]
    fn a_thumbnail_or_a_blank_grey_photo_is_refused_on_arrival() {
        assert_eq!(
            check_upload(&png(300, 400, 200), &limits()),
            Err(UploadError::PhotoTooSmall)
        );
        assert_eq!(
            check_upload(&jpeg(1200, 1600, 40), &limits()),
            Err(UploadError::PhotoTooDark)
        );
        // Nothing on it but one grey: no edge, nothing to read.
        assert_eq!(
            check_upload(&jpeg(1200, 1600, 200), &limits()),
            Err(UploadError::PhotoBlurred)
        );
    }

    #[test]
    fn levels_are_stretched_so_paper_prints_white_and_ink_black() {
        let mut page = GrayImage::from_fn(100, 100, |x, _| Luma([if x < 10 { 60 } else { 170 }]));
        stretch_levels(&mut page);
        assert_eq!(page.get_pixel(0, 0), &Luma([0]));
        assert_eq!(page.get_pixel(50, 0), &Luma([255]));
        // A blank sheet keeps its grey instead of becoming noise.
        let mut blank = GrayImage::from_pixel(10, 10, Luma([180]));
        stretch_levels(&mut blank);
        assert_eq!(blank.get_pixel(5, 5), &Luma([180]));
    }

    #[test]
    fn fitting_keeps_the_aspect_ratio() {
        assert_eq!(fit(3000, 1500, 1600), (1600, 800));
        assert_eq!(fit(3024, 4032, 1600), (1200, 1600));
    }

    #[test]
    fn random_bytes_are_an_unsupported_type() {
        // A fixed xorshift stream: "random" but reproducible.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let bytes: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        assert_eq!(
            check_upload(&bytes, &limits()),
            Err(UploadError::UnsupportedType)
        );
    }

    #[test]
    fn empty_file_is_refused() {
        assert_eq!(check_upload(&[], &limits()), Err(UploadError::Empty));
    }

    #[test]
    fn file_over_the_size_limit_is_refused_before_anything_else() {
        let mut big = b"%PDF-1.7\n".to_vec();
        big.resize(10 * 1024 * 1024 + 1, b' ');
        assert_eq!(
            check_upload(&big, &limits()),
            Err(UploadError::TooLarge { limit_mb: 10 })
        );
    }

    #[test]
    fn corrupt_images_are_refused() {
        let good = jpeg(64, 64, 0);
        assert_eq!(
            check_upload(&good[..20], &limits()),
            Err(UploadError::CorruptImage)
        );
        let mut bad_png = png(64, 64, 0);
        let middle = bad_png.len() / 2;
        bad_png.truncate(middle);
        assert_eq!(
            check_upload(&bad_png, &limits()),
            Err(UploadError::CorruptImage)
        );
    }

    #[test]
    fn decompression_bomb_is_refused_from_its_header() {
        assert_eq!(
            check_upload(&png_bomb(), &limits()),
            Err(UploadError::TooManyPixels { max_megapixels: 40 })
        );
        let small = UploadLimits {
            max_pixels: 1_000_000,
            ..limits()
        };
        assert_eq!(
            check_image(&jpeg(1001, 1000, 0), &small),
            Err(UploadError::TooManyPixels { max_megapixels: 1 })
        );
    }

    #[test]
    fn photos_become_one_a4_page_each_in_order() {
        let photos = vec![jpeg(300, 400, 40), png(500, 300, 120), jpeg(200, 200, 220)];
        let pdf = images_to_pdf(&photos, &limits()).unwrap();
        assert_eq!(check_pdf(&pdf, &limits()), Ok(CheckedPdf { pages: 3 }));
        let shades = page_shades(&pdf);
        assert_eq!(shades.len(), 3);
        for (got, want) in shades.iter().zip([40u8, 120, 220]) {
            assert!(got.abs_diff(want) < 12, "page shades {shades:?}");
        }
    }

    #[test]
    fn pages_are_stored_as_grey_jpeg() {
        let pdf = images_to_pdf(&[jpeg(320, 240, 90)], &limits()).unwrap();
        let doc = Document::load_mem(&pdf).unwrap();
        let image = doc
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .find(|s| {
                s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Image".as_slice())
            })
            .unwrap();
        assert_eq!(
            image.dict.get(b"ColorSpace").unwrap().as_name().unwrap(),
            b"DeviceGray"
        );
        assert_eq!(
            image.dict.get(b"Filter").unwrap().as_name().unwrap(),
            b"DCTDecode"
        );
    }

    #[test]
    fn large_photo_is_downscaled_keeping_its_aspect_ratio() {
        let pdf = images_to_pdf(&[png(3000, 1500, 10)], &limits()).unwrap();
        let doc = Document::load_mem(&pdf).unwrap();
        let image = doc
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .find(|s| {
                s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Image".as_slice())
            })
            .unwrap();
        assert_eq!(image.dict.get(b"Width").unwrap().as_i64().unwrap(), 1600);
        assert_eq!(image.dict.get(b"Height").unwrap().as_i64().unwrap(), 800);
    }

    /// `cargo test -- --ignored write_sample`: writes `photos-sample.pdf` for a human to look at.
    #[test]
    #[ignore]
    fn write_sample_photos_pdf() {
        let dir = std::env::var_os("DDC_SAMPLE_DIR").map_or_else(std::env::temp_dir, Into::into);
        let photos = vec![jpeg(1200, 1600, 40), png(2400, 1200, 200)];
        std::fs::write(
            dir.join("photos-sample.pdf"),
            images_to_pdf(&photos, &limits()).unwrap(),
        )
        .unwrap();
    }

    #[test]
    fn transparent_png_is_flattened_on_white() {
        let clear = RgbaImage::from_pixel(4, 4, image::Rgba([0, 0, 0, 0]));
        let flat = flatten_on_white(&DynamicImage::ImageRgba8(clear)).to_rgb8();
        assert_eq!(flat.get_pixel(0, 0), &Rgb([255, 255, 255]));
    }

    #[test]
    fn six_photos_are_too_many_and_none_is_none() {
        let photos: Vec<Vec<u8>> = (0..6).map(|i| jpeg(16, 16, i * 40)).collect();
        assert_eq!(
            images_to_pdf(&photos, &limits()),
            Err(UploadError::TooManyPhotos { max: 5 })
        );
        assert_eq!(images_to_pdf(&[], &limits()), Err(UploadError::NoPhotos));
    }

    #[test]
    fn a_pdf_among_the_photos_is_refused() {
        let pdf = render_ddc(&sample_layout()).unwrap();
        assert_eq!(
            images_to_pdf(&[jpeg(16, 16, 0), pdf], &limits()),
            Err(UploadError::UnsupportedType)
        );
    }

    #[test]
    fn every_error_has_a_message_in_both_locales() {
        let all = [
            UploadError::TooLarge { limit_mb: 10 },
            UploadError::Empty,
            UploadError::UnsupportedType,
            UploadError::CorruptPdf,
            UploadError::PdfWithoutPages,
            UploadError::EncryptedPdf,
            UploadError::CorruptImage,
            UploadError::TooManyPixels { max_megapixels: 40 },
            UploadError::TooManyPhotos { max: 5 },
            UploadError::PhotoTooSmall,
            UploadError::PhotoTooDark,
            UploadError::PhotoBlurred,
            UploadError::NoPhotos,
            UploadError::AssemblyFailed,
            UploadError::ActiveContent,
            UploadError::InflatesTooMuch,
            UploadError::UnsignedDdc,
            UploadError::OutdatedDdc,
        ];
        for ftl in [
            include_str!("../../locales/es/upload.ftl"),
            include_str!("../../locales/en/upload.ftl"),
        ] {
            for error in all {
                let id = format!("\n{} =", error.key());
                assert!(ftl.contains(&id), "missing {}", error.key());
                for (name, _) in error.args() {
                    assert!(
                        ftl.contains(&format!("{{ ${name} }}")),
                        "{} lacks ${name}",
                        error.key()
                    );
                }
            }
        }
    }
}
