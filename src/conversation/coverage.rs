//! `/cobertura` in a UAC or supervisor's chat: the coverage of the districts of
//! intervention in a few lines (the country, then each region, the least covered
//! first), from the same service as the console and the CLI.

use super::{EngineError, State, Turn};
use crate::domain::calendar::lima_date;
use crate::domain::policy::{self, Act, Record, Report};
use crate::services::coverage;
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
