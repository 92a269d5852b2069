//! Documents: the DDC PDF we generate for the authority to sign, and the checks on
//! what comes back (a PDF, or photos of its pages that we assemble into one PDF).
//!
//! PDFs are written and read with lopdf alone, with the built-in Helvetica in
//! WinAnsiEncoding: no font files to ship. Photos go in as grey JPEG pages, like a scan.

pub mod ddc;
pub mod ddc_text;
mod helvetica;
pub mod inspect;
pub mod invitation;
pub mod padron_csv;
mod pdf;
pub mod proof;
pub mod qr;
pub mod signature;
pub mod table;
mod table_pdf;
pub mod upload;

pub use ddc::{DdcLayout, DdcStamp, render_ddc, render_stamped_ddc};
pub use upload::{
    CheckedImage, CheckedPdf, FileKind, UploadError, UploadLimits, check_image, check_pdf,
    check_photo, check_upload, images_to_pdf, sniff,
};

/// Why a document we generate could not be produced. Never the user's fault.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("invalid DDC layout: {0}")]
    InvalidLayout(&'static str),
    #[error("could not write the PDF")]
    Pdf(#[from] lopdf::Error),
    #[error("could not write the spreadsheet")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

pub use crate::store::files::sha256_hex;
