//! `contigo-bot backup PATH`: a consistent copy of a running SQLite database, taken
//! with `VACUUM INTO` (one read transaction: the copy is the database as of one
//! moment, while the bot goes on writing), and the manifest of the stored files that
//! copy refers to, in `sha256sum -c` form. PostgreSQL is backed up with `pg_dump`
//! (README, "Backups").

use std::path::{Path, PathBuf};

use sqlx::{Connection, Row};

use super::files::FileStore;
use super::{Backend, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "backup copies a SQLite database; for PostgreSQL use pg_dump (see README, \"Backups\")"
    )]
    NotSqlite,
    #[error("{0} already exists: choose a new file name")]
    Exists(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for BackupError {
    fn from(e: sqlx::Error) -> Self {
        BackupError::Store(StoreError::Db(e))
    }
}

/// What a backup wrote.
#[derive(Debug, Clone)]
pub struct Backup {
    pub database: PathBuf,
    /// `<database>.files.sha256`: one `HASH  RELATIVE/PATH` line per stored file.
    pub manifest: PathBuf,
    pub files: usize,
    /// Files the copy refers to that are not under `storage.dir` now.
    pub missing: Vec<String>,
}

/// Copies the database behind `store` to `dest` (which must not exist) and writes
/// the manifest of the files it refers to, checked against `files`.
pub async fn sqlite(store: &Store, files: &FileStore, dest: &Path) -> Result<Backup, BackupError> {
    if store.backend != Backend::Sqlite {
        return Err(BackupError::NotSqlite);
    }
    if dest.exists() {
        return Err(BackupError::Exists(dest.to_path_buf()));
    }
    if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(StoreError::Io)?;
    }
    let literal = dest.to_string_lossy().replace('\'', "''");
    sqlx::query(&format!("VACUUM INTO '{literal}'"))
        .execute(&store.pool)
        .await?;
    // The manifest is read from the copy itself, so it matches it exactly.
    let mut copy =
        sqlx::AnyConnection::connect(&format!("sqlite://{}?mode=ro", dest.display())).await?;
    let rows = sqlx::query("SELECT sha256 FROM stored_files ORDER BY sha256")
        .fetch_all(&mut copy)
        .await?;
    copy.close().await?;
    let mut manifest = String::new();
    let mut missing = vec![];
    for r in &rows {
        let sha: String = r.try_get("sha256")?;
        let path = files.path_for(&sha);
        let relative = path.strip_prefix(files.dir()).unwrap_or(&path);
        manifest.push_str(&format!("{sha}  {}\n", relative.display()));
        if !path.is_file() {
            missing.push(sha);
        }
    }
    let mut manifest_path = dest.as_os_str().to_owned();
    manifest_path.push(".files.sha256");
    let manifest_path = PathBuf::from(manifest_path);
    std::fs::write(&manifest_path, manifest).map_err(StoreError::Io)?;
    Ok(Backup {
        database: dest.to_path_buf(),
        manifest: manifest_path,
        files: rows.len(),
        missing,
    })
}
