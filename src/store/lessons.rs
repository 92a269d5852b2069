//! Lessons: the operator's own (`[kb] lessons_dir`, `<dir>/<lang>/*.ftl`, read after
//! the built-in ones and read again when they change, like the knowledge base's
//! files), and each person's progress: a row per lesson started in a chat, with the
//! access the chat was bound to then, finished with its score.

use std::path::Path;

use sqlx::Row;

use super::kb::{Shelf, read_dir};
use super::{Conn, StoreError};
use crate::domain::kb::KbError;
use crate::domain::lessons::{self, Lessons};
use crate::message::ChatKey;

/// The built-in lessons and then the operator's, checked.
pub fn load(dir: &Path) -> Result<Lessons, KbError> {
    let mut sources = lessons::builtin();
    sources.extend(read_dir(dir)?);
    Lessons::load(&sources)
}

/// The lessons in use, read again within `every` when a file in `dir` changes.
pub fn shelf(dir: &Path, every: std::time::Duration) -> Result<Shelf<Lessons>, KbError> {
    Shelf::open_with(dir, every, load, "lessons")
}

/// Records a lesson started; returns its row, finished by [`complete`].
pub async fn start(
    conn: &mut Conn,
    chat: ChatKey<'_>,
    request_id: Option<i64>,
    lesson: &str,
    title: &str,
    at: i64,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO lesson_progress (channel, chat_id, request_id, lesson, title, started_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(chat.channel())
    .bind(chat.chat_id)
    .bind(request_id)
    .bind(lesson)
    .bind(title)
    .bind(at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// Finishes a lesson started with its score (once: a finished row stays as it is).
pub async fn complete(
    conn: &mut Conn,
    id: i64,
    right: i64,
    questions: i64,
    at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE lesson_progress SET completed_at = $1, right_answers = $2, questions = $3
         WHERE id = $4 AND completed_at IS NULL",
    )
    .bind(at)
    .bind(right)
    .bind(questions)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// One finished lesson.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The access the chat was bound to when the lesson started.
    pub request_id: Option<i64>,
    pub channel: String,
    pub chat_id: String,
    pub lesson: String,
    /// As the person read it.
    pub title: String,
    pub started_at: i64,
    pub completed_at: i64,
    pub right: i64,
    pub questions: i64,
}

const COLUMNS: &str = "request_id, channel, chat_id, lesson, title, started_at,
    completed_at, right_answers, questions";

fn completion(r: sqlx::any::AnyRow) -> Result<Completion, StoreError> {
    Ok(Completion {
        request_id: r.try_get("request_id")?,
        channel: r.try_get("channel")?,
        chat_id: r.try_get("chat_id")?,
        lesson: r.try_get("lesson")?,
        title: r.try_get("title")?,
        started_at: r.try_get("started_at")?,
        completed_at: r.try_get("completed_at")?,
        right: r.try_get("right_answers")?,
        questions: r.try_get("questions")?,
    })
}

/// The lessons a chat finished, oldest first.
pub async fn done_in_chat(
    conn: &mut Conn,
    chat: ChatKey<'_>,
) -> Result<Vec<Completion>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM lesson_progress
         WHERE channel = $1 AND chat_id = $2 AND completed_at IS NOT NULL
         ORDER BY completed_at, id"
    );
    sqlx::query(&sql)
        .bind(chat.channel())
        .bind(chat.chat_id)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(completion)
        .collect()
}

/// The lessons finished from chats bound to an access, between `from` and `until`
/// (unix seconds, `until` excluded), by access then date.
pub async fn done_between(
    conn: &mut Conn,
    from: i64,
    until: i64,
) -> Result<Vec<Completion>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM lesson_progress
         WHERE request_id IS NOT NULL AND completed_at >= $1 AND completed_at < $2
         ORDER BY request_id, completed_at, id"
    );
    sqlx::query(&sql)
        .bind(from)
        .bind(until)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(completion)
        .collect()
}

/// The lessons finished from chats bound to one access, oldest first.
pub async fn done_for_access(
    conn: &mut Conn,
    request_id: i64,
) -> Result<Vec<Completion>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM lesson_progress
         WHERE request_id = $1 AND completed_at IS NOT NULL
         ORDER BY completed_at, id"
    );
    sqlx::query(&sql)
        .bind(request_id)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(completion)
        .collect()
}

/// An access in `stage` (the caller's "active") with when a chat bound to it was
/// last used and how many lessons its chats finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessTraining {
    pub request_id: i64,
    pub last_used_at: Option<i64>,
    pub lessons: i64,
}

/// Every access in `stage`, by code, with its last use and lessons finished (one
/// statement).
pub async fn training(conn: &mut Conn, stage: &str) -> Result<Vec<AccessTraining>, StoreError> {
    let rows = sqlx::query(
        "WITH u AS (
             SELECT b.request_id, CAST(MAX(e.at) AS BIGINT) AS last_at
             FROM ally_bindings b
             JOIN access_requests a ON a.id = b.request_id AND a.stage = $1
             JOIN usage_events e ON e.channel = b.channel AND e.chat_id = b.chat_id
                  AND e.at >= b.bound_at AND (b.ended_at IS NULL OR e.at < b.ended_at)
             GROUP BY b.request_id
         ),
         l AS (
             SELECT request_id, CAST(COUNT(*) AS BIGINT) AS n FROM lesson_progress
             WHERE request_id IS NOT NULL AND completed_at IS NOT NULL
             GROUP BY request_id
         )
         SELECT a.id, u.last_at, CAST(COALESCE(l.n, 0) AS BIGINT) AS lessons
         FROM access_requests a
         LEFT JOIN u ON u.request_id = a.id
         LEFT JOIN l ON l.request_id = a.id
         WHERE a.stage = $1
         ORDER BY a.code",
    )
    .bind(stage)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(AccessTraining {
                request_id: r.try_get("id")?,
                last_used_at: r.try_get("last_at")?,
                lessons: r.try_get("lessons")?,
            })
        })
        .collect()
}
