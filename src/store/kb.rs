//! The knowledge base's files and its record of questions.
//!
//! Files: an operator's entries under `[kb] dir`, `<dir>/<lang>/*.ftl`, read at start
//! after the built-in ones (`domain::kb`). Questions: every question the knowledge
//! base was asked, what it found, and whether the person then asked for a
//! specialist, for `report kb` and the deflection figures of `report tickets`.

use crate::message::{Channel, ChatKey};
use std::path::{Path, PathBuf};

use sqlx::Row;

use super::columns::OptFlag;
use super::{Conn, StoreError};
use crate::domain::kb::{self, KbError, KbSource, KnowledgeBase};

/// The languages an operator's folder may hold.
pub const LANGS: &[&str] = &["es", "en"];

fn io_error(path: &Path, e: std::io::Error) -> KbError {
    KbError {
        file: path.display().to_string(),
        line: None,
        entry: None,
        reason: e.to_string(),
    }
}

/// An operator's files, `<dir>/<lang>/*.ftl` in name order; none when the folder
/// does not exist.
pub fn read_dir(dir: &Path) -> Result<Vec<KbSource>, KbError> {
    let mut sources = vec![];
    for lang in LANGS {
        let folder = dir.join(lang);
        if !folder.is_dir() {
            continue;
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
            .map_err(|e| io_error(&folder, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .collect();
        files.sort();
        for path in files {
            let text = std::fs::read_to_string(&path).map_err(|e| io_error(&path, e))?;
            sources.push(KbSource {
                lang: (*lang).to_owned(),
                file: path.display().to_string(),
                text,
            });
        }
    }
    Ok(sources)
}

/// The built-in entries and then the operator's, checked.
pub fn load(dir: &Path) -> Result<KnowledgeBase, KbError> {
    let mut sources = kb::builtin();
    sources.extend(read_dir(dir)?);
    KnowledgeBase::load(&sources)
}

/// What an operator's folder of Fluent files is loaded into (the knowledge base, the
/// lessons), kept in use and read again when a file in the folder changes (checked
/// at most every `every`), so a corrected or new entry is answered without a
/// restart. A changed file with a mistake is logged and what was already loaded
/// stays in use.
pub struct Shelf<T = KnowledgeBase> {
    dir: PathBuf,
    every: std::time::Duration,
    load: fn(&Path) -> Result<T, KbError>,
    /// What it holds, for the log.
    what: &'static str,
    state: std::sync::Mutex<ShelfState<T>>,
}

struct ShelfState<T> {
    loaded: std::sync::Arc<T>,
    stamp: Vec<(PathBuf, Option<std::time::SystemTime>, u64)>,
    checked: std::time::Instant,
}

impl<T> std::fmt::Debug for Shelf<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shelf")
            .field("what", &self.what)
            .field("dir", &self.dir)
            .finish()
    }
}

/// What identifies the operator's files as they are: each path, when it was
/// modified and its size.
fn stamp(dir: &Path) -> Vec<(PathBuf, Option<std::time::SystemTime>, u64)> {
    let mut out = vec![];
    for lang in LANGS {
        let Ok(entries) = std::fs::read_dir(dir.join(lang)) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().is_some_and(|x| x == "ftl") {
                let meta = e.metadata().ok();
                let modified = meta.as_ref().and_then(|m| m.modified().ok());
                out.push((path, modified, meta.map_or(0, |m| m.len())));
            }
        }
    }
    out.sort();
    out
}

impl Shelf<KnowledgeBase> {
    /// Loads the built-in entries and the operator's; a mistake stops the start.
    pub fn open(dir: &Path, every: std::time::Duration) -> Result<Self, KbError> {
        Self::open_with(dir, every, load, "knowledge base")
    }
}

impl<T> Shelf<T> {
    /// Loads what `dir` holds with `load`; a mistake stops the start.
    pub fn open_with(
        dir: &Path,
        every: std::time::Duration,
        load: fn(&Path) -> Result<T, KbError>,
        what: &'static str,
    ) -> Result<Self, KbError> {
        let stamp = stamp(dir);
        let loaded = load(dir)?;
        Ok(Self {
            dir: dir.to_owned(),
            every,
            load,
            what,
            state: std::sync::Mutex::new(ShelfState {
                loaded: std::sync::Arc::new(loaded),
                stamp,
                checked: std::time::Instant::now(),
            }),
        })
    }

    /// What is loaded now (read again if a file changed).
    pub fn current(&self) -> std::sync::Arc<T> {
        let mut state = match self.state.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        if !self.every.is_zero() && state.checked.elapsed() >= self.every {
            state.checked = std::time::Instant::now();
            let now = stamp(&self.dir);
            if now != state.stamp {
                match (self.load)(&self.dir) {
                    Ok(loaded) => {
                        tracing::info!(dir = %self.dir.display(), what = self.what, "reloaded");
                        state.loaded = std::sync::Arc::new(loaded);
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, what = self.what, "not reloaded, keeping what is in use");
                    }
                }
                state.stamp = now;
            }
        }
        state.loaded.clone()
    }
}

/// Checks a file together with everything already loaded, then copies it into the
/// operator's folder (`<dir>/<lang>/<name>`); returns where it went and how many
/// entries it holds. Nothing is copied when any entry is wrong.
pub fn import(dir: &Path, lang: &str, file: &Path) -> Result<(PathBuf, usize), KbError> {
    if !LANGS.contains(&lang) {
        return Err(KbError {
            file: file.display().to_string(),
            line: None,
            entry: None,
            reason: format!("language {lang:?}: use one of {}", LANGS.join(", ")),
        });
    }
    let text = std::fs::read_to_string(file).map_err(|e| io_error(file, e))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ftl"))
        .ok_or_else(|| KbError {
            file: file.display().to_string(),
            line: None,
            entry: None,
            reason: "the file name must end in .ftl".into(),
        })?;
    let new = KbSource {
        lang: lang.to_owned(),
        file: file.display().to_string(),
        text: text.clone(),
    };
    let entries = kb::parse(&new)?.len();
    let target_dir = dir.join(lang);
    let target = target_dir.join(&name);
    let mut sources = kb::builtin();
    sources.extend(
        read_dir(dir)?
            .into_iter()
            .filter(|s| Path::new(&s.file) != target),
    );
    sources.push(new);
    KnowledgeBase::load(&sources)?;
    std::fs::create_dir_all(&target_dir).map_err(|e| io_error(&target_dir, e))?;
    std::fs::write(&target, text).map_err(|e| io_error(&target, e))?;
    Ok((target, entries))
}

/// What a question found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// One entry answered it (or the user picked it from the closest ones).
    Answered,
    /// A few close entries were offered.
    Unclear,
    /// Nothing matched: a person was offered.
    Unmatched,
    /// Not a question: an entry opened from the FAQ menu.
    Browsed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Answered => "answered",
            Outcome::Unclear => "unclear",
            Outcome::Unmatched => "unmatched",
            Outcome::Browsed => "browsed",
        }
    }
}

/// A question as the record keeps it (mapped by derive).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Question {
    pub id: i64,
    pub channel: Channel,
    pub chat_id: String,
    pub question: String,
    pub outcome: String,
    pub entry_id: Option<String>,
    /// `Some(true)` "it helped", `Some(false)` asked for a person after all.
    #[sqlx(try_from = "OptFlag")]
    pub helpful: Option<bool>,
    pub ticket_id: Option<i64>,
    pub asked_at: i64,
}

#[allow(clippy::too_many_arguments)]
pub async fn record(
    conn: &mut Conn,
    chat: ChatKey<'_>,
    locale: &str,
    question: &str,
    outcome: Outcome,
    entry_id: Option<&str>,
    now: i64,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO kb_questions (channel, chat_id, locale, question, outcome, entry_id, asked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(chat.channel())
    .bind(chat.chat_id)
    .bind(locale)
    .bind(question)
    .bind(outcome.as_str())
    .bind(entry_id)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

const COLUMNS: &str =
    "id, channel, chat_id, question, outcome, entry_id, helpful, ticket_id, asked_at";

/// A question asked in this chat (a button can only act on its own chat's).
pub async fn get(
    conn: &mut Conn,
    id: i64,
    chat: ChatKey<'_>,
) -> Result<Option<Question>, StoreError> {
    let row = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM kb_questions WHERE id = $1 AND channel = $2 AND chat_id = $3"
    ))
    .bind(id)
    .bind(chat.channel())
    .bind(chat.chat_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row)
}

/// The user picked one of the closest entries: the question is answered by it.
pub async fn picked(conn: &mut Conn, id: i64, entry_id: &str) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE kb_questions SET outcome = $1, entry_id = $2 WHERE id = $3 AND outcome <> $4",
    )
    .bind(Outcome::Answered.as_str())
    .bind(entry_id)
    .bind(id)
    .bind(Outcome::Browsed.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// "¿Le sirvió?" answered: yes, or a person after all (with the ticket opened).
pub async fn feedback(
    conn: &mut Conn,
    id: i64,
    helpful: bool,
    ticket_id: Option<i64>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE kb_questions SET helpful = $1, ticket_id = $2 WHERE id = $3")
        .bind(i64::from(helpful))
        .bind(ticket_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The questions asked in `[from, until)`, oldest first.
pub async fn between(conn: &mut Conn, from: i64, until: i64) -> Result<Vec<Question>, StoreError> {
    let rows = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM kb_questions WHERE asked_at >= $1 AND asked_at < $2 ORDER BY id"
    ))
    .bind(from)
    .bind(until)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows)
}
