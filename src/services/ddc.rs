//! Issuing a request's DDC: the PDF prefilled with its data, a verification code
//! (a new one when asked), the authority it names recorded, the file stored and
//! fingerprinted so the paper sent back unsigned is recognised. The chat's
//! "Descargar DDC", the registration and UAC's request for a new DDC
//! (`super::new_ddc`) all issue it here.

use chrono::NaiveDate;

use crate::config::LinkSettings;
use crate::documents::ddc::render_stamped_ddc;
use crate::documents::{ddc_text, inspect};
use crate::domain::jne;
use crate::i18n::Locales;
use crate::store::files::{self, FileStore};
use crate::store::jne as store_jne;
use crate::store::requests::{self, RequestRow};
use crate::store::{Conn, StoreError};

/// What issuing a DDC needs besides the database: the words, the file store and
/// the chat links its QR code carries.
#[derive(Clone, Copy)]
pub struct DdcMaker<'a> {
    pub locales: &'a Locales,
    pub files: &'a FileStore,
    pub links: &'a LinkSettings,
}

/// Issues the request's DDC for `fiscal_year`; `new_code`: the request gets a fresh
/// verification code first (a paper printed before no longer opens the upload from
/// another chat, and the signed DDC must answer this one). Returns the request as
/// printed and the stored PDF's hash.
pub async fn issue(
    conn: &mut Conn,
    maker: DdcMaker<'_>,
    row: &RequestRow,
    fiscal_year: i32,
    new_code: bool,
    today: NaiveDate,
    now: i64,
) -> Result<(RequestRow, String), StoreError> {
    let authority = row.data.authority_on_ddc();
    // The authority on record changed since the last DDC: a new code too.
    let new_code = new_code || row.ddc_authority.as_ref().is_some_and(|a| *a != authority);
    let row = requests::record_ddc(conn, row.id, &authority, fiscal_year, new_code).await?;
    // Requests made before verification codes existed get theirs now.
    let verification = requests::ensure_verification_code(conn, &row).await?;
    let mut row = row;
    row.verification_code = Some(verification.clone());
    let incoming = incoming_authority(conn, &row, today).await?;
    let (layout, stamp) = ddc_text::ddc(
        maker.locales,
        &row,
        today,
        maker.links,
        &verification,
        incoming.as_deref(),
    );
    let pdf = render_stamped_ddc(&layout, Some(&stamp))
        .map_err(|e| StoreError::Io(std::io::Error::other(e.to_string())))?;
    let sha = maker.files.put(&pdf).await?;
    files::register(conn, &sha, "application/pdf", pdf.len(), now).await?;
    // Kept so the paper sent back unsigned is recognised by its bytes or its text.
    let text = inspect::load_safely(&pdf)
        .ok()
        .and_then(|doc| inspect::text_fingerprint(&doc))
        .unwrap_or_default();
    files::record_issued_ddc(conn, row.id, &sha, &text, now).await?;
    Ok((row, sha))
}

/// Who takes office on 1 January of the fiscal year the DDC covers, when it is made
/// before that day and the imported JNE list already names someone other than the
/// authority on the request (the list of the elected). `None` when the list holds
/// only the authority in office, or none: the DDC then says who must sign.
pub async fn incoming_authority(
    conn: &mut Conn,
    row: &RequestRow,
    today: NaiveDate,
) -> Result<Option<String>, StoreError> {
    let Some(on) = jne::authorities_take_office(row.access_type, row.fiscal_year) else {
        return Ok(None);
    };
    if today >= on {
        return Ok(None);
    }
    let Some((ubigeos, cargo)) = jne::lookup(row.access_type, &row.jurisdiction) else {
        return Ok(None);
    };
    let listed = store_jne::listed(conn, &ubigeos).await?;
    Ok(listed
        .into_iter()
        .find(|a| a.cargo.starts_with(cargo))
        .filter(|a| a.dni != row.authority_dni)
        .map(|a| a.names))
}
