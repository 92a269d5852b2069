//! Whether an upload is this request's signed paper, decided before the stage moves
//! (every front door that takes a signed DDC asks here): a QR code of another request
//! refuses it by name; the unsigned DDC sent back as is (the same bytes, or the same
//! text with no picture and no signature added) is refused; otherwise what was found
//! (QR matched or absent, a digital signature's signer, validity and chain to a
//! trusted root, photos or PDF)
//! is returned to be kept for UAC.

use crate::documents::upload::{UploadError, UploadLimits};
use crate::documents::{inspect, sha256_hex, signature};
use crate::store::files::{self, DdcProof};
use crate::store::requests::RequestRow;
use crate::store::{Conn, StoreError};

/// Why the upload is not this request's signed paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotThisPaper {
    /// Refused as a file (active content, a bomb) or as the unsigned DDC.
    Upload(UploadError),
    /// Its QR code names another request: that request's code.
    OtherRequest(String),
}

pub async fn prove(
    conn: &mut Conn,
    limits: &UploadLimits,
    roots: &signature::TrustedRoots,
    row: &RequestRow,
    pdf: &[u8],
    from_photos: bool,
) -> Result<Result<DdcProof, NotThisPaper>, StoreError> {
    let doc = match inspect::load_safely(pdf) {
        Ok(doc) => doc,
        Err(e) => return Ok(Err(NotThisPaper::Upload(e))),
    };
    let found = inspect::inspect(pdf, &doc, limits);
    let names_this = found.qr_codes.contains(&row.code);
    if !names_this && let Some(other) = found.qr_codes.first() {
        return Ok(Err(NotThisPaper::OtherRequest(other.clone())));
    }
    let sha = sha256_hex(pdf);
    // The paper signed before a correction of what the DDC prints, sent again.
    if files::signed_before_with_other_code(conn, row.id, &sha).await? {
        return Ok(Err(NotThisPaper::Upload(UploadError::OutdatedDdc)));
    }
    let issued = files::issued_ddc_match(conn, row.id, &sha, found.text_sha256.as_deref()).await?;
    let nothing_added = found.images == 0 && found.signature.is_none();
    if issued.same_bytes || (issued.same_text && nothing_added) {
        return Ok(Err(NotThisPaper::Upload(UploadError::UnsignedDdc)));
    }
    let verdict = found
        .signature
        .as_ref()
        .map(|signed| signature::verify(signed, roots));
    Ok(Ok(DdcProof {
        qr_matched: names_this,
        chain: verdict.as_ref().and_then(|v| v.chain.clone()),
        signature: verdict.map(|v| (v.signer, v.valid)),
        from_photos,
    }))
}
