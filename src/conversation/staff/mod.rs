//! Staff chats: the review queue of each role, one request opened with every field,
//! the JNE check and the signed DDC, and the stage actions (conforme, observe,
//! reject, legal opinion, authorise, account created). UTI's report of accounts
//! created. A chat is a staff chat only because the staff registry says so; what a
//! member may see or do is the access policy's answer (`domain::policy`), and every
//! read of personal data is recorded (Ley 29733).

use super::StaffStep;
use crate::message::{ChoiceId, Period, ReviewAct, StaffItem, TicketsItem};
use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::registration::field_value;
use super::{Choice, EngineError, Input, State, Step, Turn};
use crate::documents::table::{Document, FileFormat, sheet_notes};
use crate::domain::jne::JneCheck;
use crate::domain::observation::ObservationReason;
use crate::domain::policy::{self, Act, Record, Report};
use crate::domain::request::Field;
use crate::domain::stage::{Action, Role, Stage};
use crate::i18n::Arg;
use crate::services::requests::WorkflowError;
use crate::services::review::{
    self, ReviewError, SUSPENSION_REASONS, action_key, queue_stages, review_action,
};
use crate::store::Conn;
use crate::store::files::{self, DocumentKind};
use crate::store::personal_data::{self, AccessAction};
use crate::store::requests::{self, RequestRow};
use crate::store::staff::StaffMember;

pub(super) use crate::services::who;

mod desk;
mod reports;
use desk::*;
use reports::*;

/// May this member see a report? Says the one refusal when not.
fn may_see(turn: &mut Turn<'_>, member: &StaffMember, report: Report) -> bool {
    let allowed =
        policy::decide(who(member), Act::SeePersonalData, Record::Report(report)).allowed();
    if !allowed {
        turn.say(turn.t("staff-access-refused"));
    }
    allowed
}

/// Records a staff member's read of a request's personal data.
async fn record_read(
    turn: &Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    request_id: i64,
    action: AccessAction,
    what: &str,
) -> Result<(), EngineError> {
    let reader = personal_data::StaffReader::Chat {
        staff_id: member.id,
        chat: turn.chat.key(),
    };
    personal_data::record_staff_read(conn, reader, request_id, action, what, turn.unix()).await?;
    Ok(())
}

/// A stage action that needs a note first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteFor {
    Observe,
    Reject,
    Favourable,
    Unfavourable,
    Suspend,
    Revoke,
    DeclineRevocation,
    AskNewDdc,
}

/// A typed staff command (the router parsed it).
pub(super) async fn command(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    command: StaffCommand,
) -> Result<Step, EngineError> {
    match command {
        StaffCommand::Queue => queue(turn, conn, member).await.map(Step::to),
        StaffCommand::Accounts => Ok(Step::to(accounts_menu(turn, member))),
        StaffCommand::Help => {
            turn.say(turn.t("staff-help"));
            Ok(Step::to(home(turn, member)))
        }
        StaffCommand::Home => Ok(Step::to(home(turn, member))),
        StaffCommand::Console => console_link(turn, conn, member).await.map(Step::to),
        StaffCommand::Coverage => super::coverage::summary(turn, conn, member)
            .await
            .map(Step::to),
        StaffCommand::Train => super::coverage::to_train(turn, conn, member)
            .await
            .map(Step::to),
    }
}

/// A request's code typed at the desk: that request, as if opened from the queue
/// (what the member may see of it is the policy's answer, as there).
pub(super) async fn open_by_code(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    code: &str,
) -> Result<Step, EngineError> {
    match requests::by_code(conn, code).await? {
        Some(row) => open(turn, conn, member, row.id).await.map(Step::to),
        None => {
            turn.say(turn.t("staff-not-found"));
            Ok(Step::to(home(turn, member)))
        }
    }
}

/// The review desk's staff commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StaffCommand {
    Home,
    Help,
    Queue,
    Accounts,
    Console,
    Coverage,
    /// The accesses UAC should train (`/capacitar`).
    Train,
}

/// How long a console login link stays good.
pub const CONSOLE_LINK_MINUTES: i64 = 10;

/// Links a member may ask for in an hour: enough for a lost tab or two, not a
/// supply of valid links to leak.
pub const CONSOLE_LINKS_PER_HOUR: i64 = 5;

/// A one-time link that opens a console session in the browser (docs/ARCHITECTURE.md, front doors). Only its
/// hash is stored; it is good for [`CONSOLE_LINK_MINUTES`] and for one login, and
/// only the member's newest link works: asking again ends the earlier ones. At most
/// [`CONSOLE_LINKS_PER_HOUR`] an hour.
///
/// The code travels after `#` in the link: a browser never sends that part to a
/// server, so no proxy or access log ever holds it; the login page's script puts
/// it in the form its button posts.
async fn console_link(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
) -> Result<State, EngineError> {
    let Some(base) = turn.engine.settings.http.public_base() else {
        turn.say(turn.t("console-not-configured"));
        return Ok(home(turn, member));
    };
    let now = turn.unix();
    let asked = crate::store::console::replace_logins(conn, member.id, now, now - 3600).await?;
    if asked >= CONSOLE_LINKS_PER_HOUR {
        turn.say(turn.ta(
            "console-link-limit",
            &[("max", CONSOLE_LINKS_PER_HOUR.into())],
        ));
        return Ok(home(turn, member));
    }
    let token = crate::store::console::new_secret()?;
    crate::store::console::create_login(
        conn,
        &token,
        member.id,
        now,
        now + CONSOLE_LINK_MINUTES * 60,
    )
    .await?;
    let link = format!("{base}/console/login#token={token}");
    turn.say(turn.ta(
        "console-link",
        &[
            ("link", link.into()),
            ("minutes", CONSOLE_LINK_MINUTES.into()),
        ],
    ));
    Ok(home(turn, member))
}

/// A tap on one of the review desk's buttons; passed on for any other input.
pub(super) async fn choice(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    state: State,
    input: Input,
) -> Result<Step, EngineError> {
    let Input::Choice(id) = &input else {
        return Ok(Step::pass(state, input));
    };
    let state = match id {
        ChoiceId::Staff(StaffItem::Queue) => queue(turn, conn, member).await?,
        ChoiceId::Staff(StaffItem::Accounts) => accounts_menu(turn, member),
        ChoiceId::Staff(StaffItem::Reports) => ally_reports(turn, conn, member).await?,
        ChoiceId::OpenAllyReport(_) if !may_see(turn, member, Report::AllyReports) => {
            home(turn, member)
        }
        // UAC and supervisors read the queue; UOT works it.
        ChoiceId::OpenAllyReport(_) | ChoiceId::ResolveAllyReport { .. }
            if !crate::services::tickets::works_ally_cases(member) =>
        {
            turn.say(turn.t("case-ally-uot-only"));
            ally_reports(turn, conn, member).await?
        }
        ChoiceId::OpenAllyReport(id) => {
            let back = turn.choice(ChoiceId::Staff(StaffItem::Reports), "staff-back");
            turn.ask(
                turn.t("case-ally-ask-outcome"),
                vec![
                    turn.choice(
                        ChoiceId::ResolveAllyReport {
                            report: *id,
                            updated: true,
                        },
                        "case-outcome-updated",
                    ),
                    turn.choice(
                        ChoiceId::ResolveAllyReport {
                            report: *id,
                            updated: false,
                        },
                        "case-outcome-not-applicable",
                    ),
                    back,
                ],
            );
            State::Staff(StaffStep::Home)
        }
        ChoiceId::ResolveAllyReport { report, updated } => {
            use crate::store::ally_reports::{self, Outcome};
            let outcome = if *updated {
                Outcome::Updated
            } else {
                Outcome::NotApplicable
            };
            if !ally_reports::set_outcome(conn, *report, outcome).await? {
                turn.say(turn.t("staff-not-found"));
                return ally_reports(turn, conn, member).await.map(Step::to);
            }
            turn.ask(
                turn.t("staff-report-close-note"),
                vec![turn.choice(ChoiceId::Staff(StaffItem::Reports), "staff-back")],
            );
            State::Staff(StaffStep::ClosingReport { report_id: *report })
        }
        ChoiceId::Staff(StaffItem::Home) => home(turn, member),
        ChoiceId::OpenRequest(request_id) => open(turn, conn, member, *request_id).await?,
        ChoiceId::Accounts(_) | ChoiceId::AccountsCsv(_)
            if !may_see(turn, member, Report::AccountsCreated) =>
        {
            home(turn, member)
        }
        ChoiceId::Accounts(period) => report(turn, conn, member, *period, FileFormat::Xlsx).await?,
        ChoiceId::AccountsCsv(period) => {
            report(turn, conn, member, *period, FileFormat::Csv).await?
        }
        _ => return Ok(Step::pass(state, input)),
    };
    Ok(Step::to(state))
}

/// The step of a staff flow in progress.
pub(super) async fn step(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    state: State,
    input: Input,
) -> Result<Step, EngineError> {
    match state {
        State::Staff(StaffStep::Reviewing { request_id, stage }) => {
            act(turn, conn, member, request_id, stage, input).await
        }
        State::Staff(StaffStep::Note {
            request_id,
            stage,
            action,
        }) => note(turn, conn, member, request_id, stage, action, input).await,
        State::Staff(StaffStep::ClosingReport { report_id }) => {
            if !crate::services::tickets::works_ally_cases(member) {
                return Ok(Step::to(home(turn, member)));
            }
            close_report(turn, conn, member, report_id, input).await
        }
        _ => Ok(Step::done(
            home(turn, member),
            !matches!(input, Input::Unsupported(_)),
        )),
    }
}

pub(super) fn home(turn: &mut Turn<'_>, member: &StaffMember) -> State {
    let mut choices = vec![];
    if !queue_stages(member).is_empty() {
        choices.push(turn.choice(ChoiceId::Staff(StaffItem::Queue), "staff-menu-queue"));
    }
    let sees = |report| {
        policy::decide(who(member), Act::SeePersonalData, Record::Report(report)).allowed()
    };
    if sees(Report::AccountsCreated) {
        choices.push(turn.choice(ChoiceId::Staff(StaffItem::Accounts), "staff-menu-accounts"));
    }
    if crate::services::tickets::works_cases(member) || member.has(Role::Supervisor) {
        choices.push(turn.choice(ChoiceId::Tickets(TicketsItem::Home), "staff-menu-tickets"));
    }
    if sees(Report::AllyReports) {
        choices.push(turn.choice(ChoiceId::Staff(StaffItem::Reports), "staff-menu-reports"));
    }
    let roles: Vec<String> = member
        .roles
        .iter()
        .map(|r| turn.t(r.message_key()))
        .collect();
    // A role with nothing to do in the chat (the DPO's audit) is told where its work
    // is, not asked what to review with nothing to pick. The greeting with the name
    // and roles opens a conversation; after something this turn said (an action
    // done, the console's link, the help) only the question comes back.
    let key = if choices.is_empty() {
        "staff-home-console"
    } else if !turn.has_said() {
        "staff-home"
    } else {
        "staff-home-again"
    };
    turn.ask(
        turn.ta(
            key,
            &[
                ("name", member.name.clone().into()),
                ("roles", roles.join(", ").into()),
            ],
        ),
        choices,
    );
    State::Staff(StaffStep::Home)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::review::stage_actions;

    #[test]
    fn a_decision_that_needs_a_reason_waits_for_one() {
        assert_eq!(review_action(ReviewAct::Observe, None, None), None);
        assert_eq!(review_action(ReviewAct::Reject, Some("  no "), None), None);
        assert_eq!(review_action(ReviewAct::Unfavourable, Some(""), None), None);
        assert_eq!(
            review_action(ReviewAct::Observe, Some(" Falta la firma "), None),
            Some(Action::Observe {
                reason: "Falta la firma".into(),
                code: None,
            })
        );
        assert_eq!(
            review_action(
                ReviewAct::Observe,
                Some("Falta la firma"),
                Some(ObservationReason::Unsigned)
            ),
            Some(Action::Observe {
                reason: "Falta la firma".into(),
                code: Some(ObservationReason::Unsigned),
            })
        );
        assert_eq!(
            review_action(ReviewAct::Favourable, None, None),
            Some(Action::Favourable)
        );
        assert_eq!(
            review_action(ReviewAct::Conforme, Some("ignored"), None),
            Some(Action::Conforme)
        );
    }

    #[test]
    fn every_review_stage_offers_its_actions_and_others_none() {
        for stage in Stage::ALL {
            let offered = !stage_actions(stage).is_empty();
            // UAC also works an approved access (suspend, restore, revoke).
            let worked = stage.responsible_role().is_some()
                || matches!(stage, Stage::Active | Stage::Suspended);
            assert_eq!(offered, worked, "{stage:?}");
        }
    }
}
