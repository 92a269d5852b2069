//! Imports an operator runs: the program's padrón export, checked whole and loaded
//! as a new snapshot (all or nothing). The file is read by `documents::padron_csv`,
//! kept by `store::padron`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::documents::padron_csv::{PadronReader, open_file};
use crate::store::Store;
use crate::store::padron::{self, ImportError, ImportReport, RowSource};

/// An export file on disk.
struct ExportFile(PathBuf);

impl RowSource for ExportFile {
    type Rows = PadronReader<std::fs::File>;

    fn rows(&self) -> Result<Self::Rows, ImportError> {
        open_file(&self.0)?.map_err(|e| ImportError::Rows(vec![e]))
    }

    fn name(&self) -> String {
        self.0
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// Imports the export at `path` as the padrón as of `data_date`, replacing the
/// current one. All or nothing: a bad row is reported and nothing changes.
pub async fn padron_file(
    store: &Store,
    path: &Path,
    data_date: NaiveDate,
    now: i64,
) -> Result<ImportReport, ImportError> {
    padron::import(store, ExportFile(path.to_owned()), data_date, now).await
}
