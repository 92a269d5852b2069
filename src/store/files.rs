//! Uploaded and generated files: bytes on disk under `storage.dir`, named by their
//! SHA-256 (never by a user-given name), and a row saying what each one is.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use sqlx::Row;

use super::{Conn, StoreError};
use crate::domain::request::AuthorityOnDdc;

/// Lowercase hex SHA-256 of `bytes`: stored files are named by content, so the same
/// upload twice is stored once and a file can be checked against its name.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
}

impl FileStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the file with this hash lives under `dir`.
    pub fn path_for(&self, sha256: &str) -> PathBuf {
        // Two-character fan-out keeps folders small.
        self.dir.join(&sha256[..2.min(sha256.len())]).join(sha256)
    }

    /// Writes the bytes (idempotent: same content, same name) and returns the hash.
    pub async fn put(&self, bytes: &[u8]) -> Result<String, StoreError> {
        let sha = sha256_hex(bytes);
        let path = self.path_for(&sha);
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            return Ok(sha);
        }
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        // Write then rename, so a crash never leaves a truncated file under a good name.
        // The temporary name is this write's own: two writers of the same bytes at
        // once (two tasks, or two replicas in one process) must not rename each
        // other's file away.
        static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = path.with_extension(format!("tmp{}-{n}", std::process::id()));
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, &path).await?;
        Ok(sha)
    }

    /// Deletes a stored file; one already gone is no error.
    pub async fn remove(&self, sha256: &str) -> Result<(), StoreError> {
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::Corrupt("bad file hash".into()));
        }
        match tokio::fs::remove_file(self.path_for(sha256)).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    /// Every file under `dir` (stored files and leftovers of interrupted writes), with
    /// its name and when it was last written (Unix seconds).
    pub async fn list(&self) -> Result<Vec<(PathBuf, String, i64)>, StoreError> {
        let mut out = vec![];
        let Ok(mut fans) = tokio::fs::read_dir(&self.dir).await else {
            return Ok(out);
        };
        while let Some(fan) = fans.next_entry().await? {
            if !fan.file_type().await?.is_dir() {
                continue;
            }
            let mut entries = tokio::fs::read_dir(fan.path()).await?;
            while let Some(entry) = entries.next_entry().await? {
                let meta = entry.metadata().await?;
                if !meta.is_file() {
                    continue;
                }
                let modified = meta
                    .modified()
                    .ok()
                    .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_secs() as i64);
                let name = entry.file_name().to_string_lossy().into_owned();
                out.push((entry.path(), name, modified));
            }
        }
        Ok(out)
    }

    pub async fn get(&self, sha256: &str) -> Result<Vec<u8>, StoreError> {
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::Corrupt("bad file hash".into()));
        }
        Ok(tokio::fs::read(self.path_for(sha256)).await?)
    }
}

pub async fn register(
    conn: &mut Conn,
    sha256: &str,
    kind: &str,
    size: usize,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO stored_files (sha256, kind, size_bytes, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sha256) DO NOTHING",
    )
    .bind(sha256)
    .bind(kind)
    .bind(i64::try_from(size).unwrap_or(i64::MAX))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// The signed confidentiality declaration returned by the ally.
    SignedDdc,
    /// The document designating the head of an "Otro Aliado" entity.
    HeadDesignation,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::SignedDdc => "signed_ddc",
            DocumentKind::HeadDesignation => "head_designation",
        }
    }
}

/// Attaches a document to a request. `authority` is who a signed DDC names; the
/// verification code of the DDC it answers is kept with it: the request's, or for
/// the very same file sent again, the one it answered then.
#[allow(clippy::too_many_arguments)]
pub async fn attach(
    conn: &mut Conn,
    request_id: i64,
    kind: DocumentKind,
    sha256: &str,
    pages: usize,
    channel: &str,
    authority: Option<&AuthorityOnDdc>,
    now: i64,
) -> Result<(), StoreError> {
    let authority = authority.map(serde_json::to_string).transpose()?;
    sqlx::query(
        "INSERT INTO request_documents (request_id, kind, sha256, pages, channel, uploaded_at,
            authority, verification_code)
         VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE(
            (SELECT MAX(verification_code) FROM request_documents
             WHERE request_id = $1 AND kind = $2 AND sha256 = $3),
            (SELECT verification_code FROM access_requests WHERE id = $1)))",
    )
    .bind(request_id)
    .bind(kind.as_str())
    .bind(sha256)
    .bind(i64::try_from(pages).unwrap_or(i64::MAX))
    .bind(channel)
    .bind(now)
    .bind(authority)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Who the signed DDC names: of the newest one on file (`sha256` `None`), or of an
/// earlier upload of the very same file. `None` when none is on file or it predates
/// this record.
pub async fn signed_ddc_authority(
    conn: &mut Conn,
    request_id: i64,
    sha256: Option<&str>,
) -> Result<Option<AuthorityOnDdc>, StoreError> {
    let same_file = if sha256.is_some() {
        "AND sha256 = $3"
    } else {
        ""
    };
    let sql = format!(
        "SELECT authority FROM request_documents WHERE request_id = $1 AND kind = $2
         {same_file} ORDER BY id DESC LIMIT 1"
    );
    let mut q = sqlx::query(&sql)
        .bind(request_id)
        .bind(DocumentKind::SignedDdc.as_str());
    if let Some(sha) = sha256 {
        q = q.bind(sha);
    }
    let row = q.fetch_optional(&mut *conn).await?;
    let Some(row) = row else {
        return Ok(None);
    };
    Ok(super::opt_text(&row, "authority")?
        .map(|a| serde_json::from_str(&a))
        .transpose()?)
}

/// Whether the newest signed DDC on file answers an older DDC than the request's
/// current one (its verification code changed since: a printed field was corrected).
/// False when none is on file, or it predates this record.
pub async fn signed_ddc_outdated(conn: &mut Conn, request_id: i64) -> Result<bool, StoreError> {
    let row = sqlx::query(
        "SELECT d.verification_code AS signed, r.verification_code AS current
         FROM request_documents d JOIN access_requests r ON r.id = d.request_id
         WHERE d.request_id = $1 AND d.kind = $2 ORDER BY d.id DESC LIMIT 1",
    )
    .bind(request_id)
    .bind(DocumentKind::SignedDdc.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(false);
    };
    let signed = super::opt_text(&row, "signed")?;
    let current = super::opt_text(&row, "current")?;
    Ok(signed.is_some() && signed != current)
}

/// Whether this very file was attached to the request before as its signed DDC,
/// answering a DDC with another verification code than the request's now.
pub async fn signed_before_with_other_code(
    conn: &mut Conn,
    request_id: i64,
    sha256: &str,
) -> Result<bool, StoreError> {
    let row = sqlx::query(
        "SELECT 1 AS one FROM request_documents d JOIN access_requests r ON r.id = d.request_id
         WHERE d.request_id = $1 AND d.kind = $2 AND d.sha256 = $3
           AND d.verification_code IS NOT NULL AND r.verification_code IS NOT NULL
           AND d.verification_code <> r.verification_code",
    )
    .bind(request_id)
    .bind(DocumentKind::SignedDdc.as_str())
    .bind(sha256)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.is_some())
}

/// The newest document of a kind attached to a request: (sha256, pages).
pub async fn latest(
    conn: &mut Conn,
    request_id: i64,
    kind: DocumentKind,
) -> Result<Option<(String, i64)>, StoreError> {
    let row = sqlx::query(
        "SELECT sha256, pages FROM request_documents WHERE request_id = $1 AND kind = $2
         ORDER BY id DESC LIMIT 1",
    )
    .bind(request_id)
    .bind(kind.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row
        .map(|r| Ok::<_, sqlx::Error>((r.try_get("sha256")?, r.try_get("pages")?)))
        .transpose()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_input() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

/// Records a DDC the bot generated for a request: its bytes' hash and its text layer's,
/// so the unsigned paper sent back as is can be recognised.
pub async fn record_issued_ddc(
    conn: &mut Conn,
    request_id: i64,
    sha256: &str,
    text_sha256: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO ddc_issued (request_id, sha256, text_sha256, issued_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(request_id)
    .bind(sha256)
    .bind(text_sha256)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Whether an upload is a DDC the bot generated for this request: the same bytes, or
/// the same text layer (the caller decides whether anything was added to it).
pub async fn issued_ddc_match(
    conn: &mut Conn,
    request_id: i64,
    sha256: &str,
    text_sha256: Option<&str>,
) -> Result<IssuedMatch, StoreError> {
    use sqlx::Row;
    let rows = sqlx::query("SELECT sha256, text_sha256 FROM ddc_issued WHERE request_id = $1")
        .bind(request_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut found = IssuedMatch::default();
    for row in rows {
        let (sha, text): (String, String) = (row.try_get("sha256")?, row.try_get("text_sha256")?);
        found.same_bytes |= sha == sha256;
        found.same_text |= text_sha256 == Some(text.as_str());
    }
    Ok(found)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IssuedMatch {
    pub same_bytes: bool,
    pub same_text: bool,
}

/// What the check of a signed DDC found, kept with it for UAC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DdcProof {
    /// Whether a QR code naming this request was read from it (`false`: none found).
    pub qr_matched: bool,
    /// The digital signature, when it carries one: the signer's name and whether the
    /// signature verifies against the bytes.
    pub signature: Option<(Option<String>, bool)>,
    /// The trusted root the signature's certificate chains to, by name; `None`: none
    /// configured is reached (or no signature).
    pub chain: Option<String>,
    /// Whether it came as photos the bot assembled, rather than as a PDF.
    pub from_photos: bool,
}

/// Writes the check's findings on the newest upload of `sha256` to the request.
pub async fn record_proof(
    conn: &mut Conn,
    request_id: i64,
    sha256: &str,
    proof: &DdcProof,
) -> Result<(), StoreError> {
    let (signer, valid) = match &proof.signature {
        Some((signer, valid)) => (signer.clone(), Some(i64::from(*valid))),
        None => (None, None),
    };
    sqlx::query(
        "UPDATE request_documents SET qr = $1, signer = $2, signature_valid = $3, source = $6,
            signature_chain = $7
         WHERE id = (SELECT MAX(id) FROM request_documents WHERE request_id = $4 AND sha256 = $5)",
    )
    .bind(if proof.qr_matched {
        "matched"
    } else {
        "absent"
    })
    .bind(signer)
    .bind(valid)
    .bind(request_id)
    .bind(sha256)
    .bind(if proof.from_photos { "photos" } else { "pdf" })
    .bind(proof.chain.as_deref())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The findings on the newest signed DDC of a request; `None` when none is on file or
/// it was checked before these were recorded.
pub async fn latest_proof(
    conn: &mut Conn,
    request_id: i64,
) -> Result<Option<DdcProof>, StoreError> {
    use sqlx::Row;
    let row = sqlx::query(
        "SELECT qr, signer, signature_valid, source, signature_chain FROM request_documents
         WHERE request_id = $1 AND kind = $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(request_id)
    .bind(DocumentKind::SignedDdc.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let Some(qr) = super::opt_text(&row, "qr")? else {
        return Ok(None);
    };
    let valid: Option<i64> = row.try_get("signature_valid")?;
    Ok(Some(DdcProof {
        qr_matched: qr == "matched",
        signature: valid.map(|v| (super::opt_text(&row, "signer").ok().flatten(), v != 0)),
        chain: super::opt_text(&row, "signature_chain")?,
        from_photos: super::opt_text(&row, "source")?.as_deref() == Some("photos"),
    }))
}

/// Whether a file is on record (and so in the backup manifest).
pub async fn is_registered(conn: &mut Conn, sha256: &str) -> Result<bool, StoreError> {
    let row = sqlx::query("SELECT 1 AS one FROM stored_files WHERE sha256 = $1")
        .bind(sha256)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.is_some())
}

/// Deletes the files of uploads the bot let go (photos assembled into a PDF, a refused
/// or restarted upload): those not on record. A file on record stays.
pub async fn discard_unregistered(
    conn: &mut Conn,
    files: &FileStore,
    shas: &[String],
) -> Result<(), StoreError> {
    for sha in shas {
        if !is_registered(conn, sha).await? {
            files.remove(sha).await?;
        }
    }
    Ok(())
}

/// Retention of abandoned uploads: every file under the storage folder that is not on
/// record and was written before `before` (an upload left half-way, a write cut
/// short) is deleted. Returns how many.
pub async fn sweep_unregistered(
    conn: &mut Conn,
    files: &FileStore,
    before: i64,
) -> Result<usize, StoreError> {
    let mut removed = 0;
    for (path, name, modified) in files.list().await? {
        if modified >= before {
            continue;
        }
        let is_hash = name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit());
        if is_hash && is_registered(conn, &name).await? {
            continue;
        }
        match tokio::fs::remove_file(&path).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => removed += 1,
        }
    }
    Ok(removed)
}
