//! `/cobertura` in a UAC or supervisor's chat: the coverage of the districts of
//! intervention in a few lines (the country, then each region, the least covered
//! first), from the same service as the console and the CLI; `/capacitar`: the
//! accesses to train.

use super::{EngineError, State, Turn};
use crate::domain::calendar::lima_date;
use crate::domain::policy::{self, Act, Record, Report};
use crate::services::coverage;
use crate::services::lessons::{self, TrainingError};
use crate::store::Conn;
use crate::store::staff::StaffMember;

pub(super) async fn summary(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
) -> Result<State, EngineError> {
    let allowed = policy::decide(
        crate::services::who(member),
        Act::SeePersonalData,
        Record::Report(Report::Coverage),
    )
    .allowed();
    if !allowed {
        turn.say(turn.t("chat-coverage-refused"));
        return Ok(State::Idle);
    }
    let c = coverage::coverage(conn, turn.now.timestamp()).await?;
    let today = lima_date(turn.now);
    let date = c.data_date.unwrap_or(today).format("%d/%m/%Y").to_string();
    let n = &c.national;
    let mut lines = vec![turn.ta(
        "chat-coverage-national",
        &[
            ("date", date.into()),
            ("active", n.active.into()),
            ("districts", n.districts.into()),
            ("percent", format!("{:.1}", n.percent()).into()),
            ("process", n.in_process.into()),
            ("without", (n.none + n.ended).into()),
            ("idle", n.idle[0].into()),
        ],
    )];
    let mut regions: Vec<&coverage::AreaCoverage> = c.regions.iter().collect();
    regions.sort_by(|a, b| a.percent().total_cmp(&b.percent()));
    for r in regions {
        lines.push(format!(
            "• {}: {:.1} % ({}/{})",
            r.name,
            r.percent(),
            r.active,
            r.districts
        ));
    }
    lines.push(turn.t("chat-coverage-more"));
    turn.say(lines.join("\n"));
    Ok(State::Idle)
}

/// Lines of the "to train" list the chat shows; the console lists them all.
const TRAIN_LINES: usize = 15;

/// `/capacitar` in a UAC or supervisor's chat: the active accesses unused for a
/// month or whose people finished no lesson, from the same service as the console.
pub(super) async fn to_train(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
) -> Result<State, EngineError> {
    let list = match lessons::to_train(conn, crate::services::who(member), turn.unix()).await {
        Ok(list) => list,
        Err(TrainingError::Refused) => {
            turn.say(turn.t("chat-coverage-refused"));
            return Ok(State::Idle);
        }
        Err(TrainingError::Store(e)) => return Err(e.into()),
    };
    if list.is_empty() {
        turn.say(turn.t("train-none"));
        return Ok(State::Idle);
    }
    let mut lines = vec![turn.ta(
        "train-header",
        &[
            ("count", list.len().into()),
            ("days", lessons::IDLE_DAYS.into()),
        ],
    )];
    for t in list.iter().take(TRAIN_LINES) {
        lines.push(turn.ta(
            "train-line",
            &[
                ("code", t.access.code.clone().into()),
                ("place", t.access.jurisdiction_label().into()),
                ("why", turn.t(t.why.message_key()).into()),
                ("lessons", t.lessons.into()),
                ("idle", t.idle_days.map_or(-1, |d| d).into()),
            ],
        ));
    }
    if list.len() > TRAIN_LINES {
        lines.push(turn.ta("train-more", &[("more", (list.len() - TRAIN_LINES).into())]));
    }
    turn.say(lines.join("\n"));
    Ok(State::Idle)
}
