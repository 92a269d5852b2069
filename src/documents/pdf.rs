//! The little PDF writer shared by the DDC and the photo assembler: pages of raw
//! content streams on A4, Helvetica in WinAnsi, and image XObjects, saved with lopdf.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, dictionary};
use sha2::{Digest, Sha256};

use super::helvetica::Face;

/// A4 in PostScript points.
pub(crate) const PAGE_WIDTH: f32 = 595.276;
pub(crate) const PAGE_HEIGHT: f32 = 841.89;

/// One finished page: its content stream and the images it draws, by resource name.
pub(crate) struct Page {
    pub content: Vec<u8>,
    pub images: Vec<(String, Stream)>,
}

/// Writes `pages` as one PDF. Both Helvetica faces are declared on every page so content
/// streams can switch faces freely; unused font resources cost a few bytes.
pub(crate) fn write(pages: Vec<Page>, title: Option<&str>) -> Result<Vec<u8>, lopdf::Error> {
    write_sized(pages, title, (PAGE_WIDTH, PAGE_HEIGHT))
}

/// [`write`] on pages of `size` (width, height in points): A4 landscape is
/// `(PAGE_HEIGHT, PAGE_WIDTH)`.
pub(crate) fn write_sized(
    pages: Vec<Page>,
    title: Option<&str>,
    size: (f32, f32),
) -> Result<Vec<u8>, lopdf::Error> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();

    let mut fonts = Dictionary::new();
    for face in [Face::Regular, Face::Bold] {
        let id = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => face.base_font(),
            "Encoding" => "WinAnsiEncoding",
        });
        fonts.set(face.resource(), id);
    }

    // A file identifier derived from what is drawn: the same DDC gives the same bytes,
    // and readers (and encryption) that expect an /ID find one.
    let mut hasher = Sha256::new();
    let mut kids: Vec<Object> = Vec::with_capacity(pages.len());
    for page in pages {
        hasher.update(&page.content);
        for (_, stream) in &page.images {
            hasher.update(&stream.content);
        }
        let mut xobjects = Dictionary::new();
        for (name, stream) in page.images {
            let id = doc.add_object(stream);
            xobjects.set(name, id);
        }
        let mut content = Stream::new(Dictionary::new(), page.content);
        content.compress()?;
        let content_id = doc.add_object(content);
        let page_id: ObjectId = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
            "Resources" => dictionary! {
                "Font" => fonts.clone(),
                "XObject" => xobjects,
            },
        });
        kids.push(page_id.into());
    }

    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "MediaBox" => vec![0.into(), 0.into(), size.0.into(), size.1.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);

    let mut info = dictionary! { "Producer" => Object::string_literal("contigo-bot") };
    if let Some(title) = title {
        info.set("Title", lopdf::text_string(title));
    }
    let info_id = doc.add_object(info);
    doc.trailer.set("Info", info_id);

    if let Some(title) = title {
        hasher.update(title.as_bytes());
    }
    let digest = hasher.finalize();
    let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", vec![id.clone(), id]);

    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok(out)
}

/// Formats a coordinate compactly: two decimals are far below print resolution.
pub(crate) fn num(value: f32) -> String {
    let s = format!("{value:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// Appends `text` as a PDF literal string, escaping the three bytes that would end it.
pub(crate) fn push_literal(out: &mut Vec<u8>, text: &[u8]) {
    out.push(b'(');
    for &b in text {
        if matches!(b, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b')');
}
