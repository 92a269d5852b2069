//! Training: the accesses UAC should train (active, but unused for
//! [`IDLE_DAYS`] days or whose people finished no lesson), for the chat's
//! `/capacitar` and the console's coverage page. The same readers as the coverage
//! view (UAC, who disseminates the access, and supervisors).

use crate::domain::policy::{self, Act, Record, Report, Who};
use crate::domain::stage::Stage;
use crate::store::lessons;
use crate::store::requests::{self, RequestRow};
use crate::store::{Conn, StoreError};

/// Days without use after which an active access is listed to train.
pub const IDLE_DAYS: i64 = 30;

/// Why an access is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Never used, or not for [`IDLE_DAYS`] days; its people took lessons.
    Unused,
    /// Used, but nobody bound to it finished a lesson.
    NoLesson,
    /// Both.
    UnusedAndNoLesson,
}

impl Why {
    /// The Fluent key of its label.
    pub fn message_key(self) -> &'static str {
        match self {
            Why::Unused => "train-why-unused",
            Why::NoLesson => "train-why-no-lesson",
            Why::UnusedAndNoLesson => "train-why-both",
        }
    }
}

/// One access to train.
#[derive(Debug, Clone)]
pub struct ToTrain {
    pub access: RequestRow,
    /// Days since a chat bound to it was last used; None: never.
    pub idle_days: Option<i64>,
    pub lessons: i64,
    pub why: Why,
}

#[derive(Debug, thiserror::Error)]
pub enum TrainingError {
    #[error("not allowed")]
    Refused,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The active accesses to train as of `now` (unix seconds), by code.
pub async fn to_train(
    conn: &mut Conn,
    who: Who<'_>,
    now: i64,
) -> Result<Vec<ToTrain>, TrainingError> {
    let allowed = policy::decide(who, Act::SeePersonalData, Record::Report(Report::Coverage));
    if !allowed.allowed() {
        return Err(TrainingError::Refused);
    }
    let mut out = vec![];
    for row in lessons::training(conn, Stage::Active.as_str()).await? {
        let idle_days = row.last_used_at.map(|at| (now - at).max(0) / 86_400);
        let unused = idle_days.is_none_or(|d| d >= IDLE_DAYS);
        let why = match (unused, row.lessons == 0) {
            (true, true) => Why::UnusedAndNoLesson,
            (true, false) => Why::Unused,
            (false, true) => Why::NoLesson,
            (false, false) => continue,
        };
        let Some(access) = requests::get(conn, row.request_id).await? else {
            continue;
        };
        out.push(ToTrain {
            access,
            idle_days,
            lessons: row.lessons,
            why,
        });
    }
    Ok(out)
}
