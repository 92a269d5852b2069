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
    turn.ask(
        turn.ta(
            "staff-home",
            &[
                ("name", member.name.clone().into()),
                ("roles", roles.join(", ").into()),
            ],
        ),
        choices,
    );
    State::Staff(StaffStep::Home)
}

fn due_text(turn: &Turn<'_>, row: &RequestRow) -> String {
    match row.stage_due_on {
        Some(due) if due < turn.today() => {
            turn.ta("staff-overdue", &[("date", turn.date(due).into())])
        }
        Some(due) => turn.ta("staff-due", &[("date", turn.date(due).into())]),
        None => String::new(),
    }
}

async fn queue(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
) -> Result<State, EngineError> {
    let stages = queue_stages(member);
    let mut rows = requests::queue(conn, &stages, 10).await?;
    // UAC also accepts the new signed DDCs that arrived for approved accesses.
    if member.has(Role::Uac) {
        rows.extend(crate::services::new_ddc::awaiting_acceptance(conn).await?);
    }
    if rows.is_empty() {
        turn.say(turn.t("staff-queue-empty"));
        return Ok(home(turn, member));
    }
    let lines: Vec<String> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            format!(
                "{}. {} · {} · {} · {}",
                i + 1,
                r.code,
                r.jurisdiction_label(),
                turn.t(r.stage.message_key()),
                due_text(turn, r)
            )
        })
        .collect();
    let choices = rows
        .iter()
        .map(|r| Choice::new(ChoiceId::OpenRequest(r.id), r.code.clone()))
        .collect();
    turn.say(format!(
        "{}\n{}",
        turn.ta("staff-queue-title", &[("count", rows.len().into())]),
        lines.join("\n")
    ));
    turn.ask(turn.t("staff-queue-prompt"), choices);
    Ok(State::Staff(StaffStep::Home))
}

fn actions_for(turn: &Turn<'_>, may_act: bool, acts: &[ReviewAct]) -> Vec<Choice> {
    let mut choices: Vec<Choice> = if may_act {
        acts.iter()
            .map(|a| turn.choice(ChoiceId::Act(*a), action_key(*a)))
            .collect()
    } else {
        vec![]
    };
    choices.push(turn.choice(ChoiceId::Staff(StaffItem::Queue), "staff-back-to-queue"));
    choices
}

async fn open(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    request_id: i64,
) -> Result<State, EngineError> {
    let Some(row) = requests::get(conn, request_id).await? else {
        turn.say(turn.t("staff-not-found"));
        return Ok(home(turn, member));
    };
    // Personal data only for a role that works the current stage, one's own past
    // action, or a supervisor: an "open" button replayed later shows nothing more.
    let view = crate::services::requests::staff_view(conn, member, &row).await?;
    if !view.data {
        turn.say(turn.t("staff-access-refused"));
        return Ok(home(turn, member));
    }
    record_read(turn, conn, member, row.id, AccessAction::Review, "request").await?;
    let lines = request_lines(turn, conn, &row).await?;
    turn.say(lines.join("\n"));
    show_documents(turn, conn, member, &row, view.documents).await?;
    let acts = review::actions_on(conn, &row).await?;
    let choices = actions_for(turn, view.act, &acts);
    let prompt = if choices.len() > 1 {
        "staff-action-prompt"
    } else {
        "staff-view-only"
    };
    turn.ask(turn.t(prompt), choices);
    Ok(State::Staff(StaffStep::Reviewing {
        request_id: row.id,
        stage: row.stage,
    }))
}

/// What a reviewer reads of a request: its code, stage and term, every field, the
/// JNE check, the DDC's notes, what was corrected since an observation and the last
/// note.
async fn request_lines(
    turn: &Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
) -> Result<Vec<String>, EngineError> {
    let mut lines = vec![
        format!(
            "{} · {} · {}",
            row.code,
            turn.t(row.access_type.message_key()),
            row.jurisdiction_label()
        ),
        turn.ta(
            "staff-stage-line",
            &[
                ("stage", turn.t(row.stage.message_key()).into()),
                ("due", due_text(turn, row).into()),
            ],
        ),
    ];
    if let Some(line) = super::requests::kind_line(turn, conn, row).await? {
        lines.push(line);
    }
    lines.push(String::new());
    // Bullets, not numbers: the actions below are numbered, and a typed "3" meant
    // for the third field must not pick the third action.
    for f in row.data.fields() {
        if f == Field::AccessType {
            continue;
        }
        let label = turn.ta(f.def().label, &[("authority", Arg::Str(String::new()))]);
        lines.push(format!("• {}: {}", label, field_value(turn, &row.data, f)));
    }
    let check = crate::services::requests::jne_check(conn, row).await?;
    let names = match &check {
        JneCheck::Matches { names } | JneCheck::DniMismatch { names } => names.clone(),
        _ => String::new(),
    };
    lines.push(String::new());
    lines.push(turn.ta(check.key(), &[("names", names.into())]));
    // The signed DDC must be the latest one generated: whom it names and the code
    // printed on it, for the reviewer to compare with the paper.
    let other = crate::services::requests::other_authority_on_file(conn, row).await?;
    let since = crate::services::corrections::since_observation(conn, row).await?;
    let new_ddc = crate::services::new_ddc::awaited(conn, row).await?;
    let ta = |key: &str, args: &[(&str, Arg)]| turn.ta(key, args);
    lines.extend(crate::services::review::ddc_notes(&ta, row, other));
    // What the applicant corrected since UAC's observation, old and new.
    if let Some(since) = &since {
        lines.extend(crate::services::corrections::describe(
            &ta, &row.data, since,
        ));
    }
    // A new signed DDC asked of this access: when, why, by when, and if it arrived.
    if let Some(ask) = &new_ddc {
        lines.push(crate::services::new_ddc::describe(&ta, ask));
    }
    let history = requests::transitions(conn, row.id).await?;
    if let Some(last) = history.iter().rev().find(|t| t.note.is_some()) {
        lines.push(turn.ta(
            "staff-last-note",
            &[("note", last.note.clone().unwrap_or_default().into())],
        ));
    }
    Ok(lines)
}

/// The signed DDC with its proof, and the head's designation, for a reviewer who
/// may see documents (each read recorded); otherwise, or when missing, a line.
async fn show_documents(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    row: &RequestRow,
    sees_documents: bool,
) -> Result<(), EngineError> {
    match files::latest(conn, row.id, DocumentKind::SignedDdc).await? {
        Some((sha, pages)) if sees_documents => {
            record_read(
                turn,
                conn,
                member,
                row.id,
                AccessAction::Review,
                "signed_ddc",
            )
            .await?;
            turn.document(
                sha,
                format!("DDC-firmada-{}.pdf", row.code),
                turn.ta(
                    "staff-ddc-caption",
                    &[("code", row.code.clone().into()), ("pages", pages.into())],
                ),
            );
            if let Some(proof) = files::latest_proof(conn, row.id).await? {
                let verification = row
                    .verification_code
                    .as_ref()
                    .map(|v| v.grouped())
                    .unwrap_or_default();
                let lines = crate::documents::proof::describe(
                    &turn.engine.locales,
                    turn.lang,
                    &proof,
                    &verification,
                );
                turn.say(lines.join("\n"));
            }
        }
        _ => turn.say(turn.t("staff-no-ddc")),
    }
    if sees_documents
        && let Some((sha, pages)) =
            files::latest(conn, row.id, DocumentKind::HeadDesignation).await?
    {
        record_read(
            turn,
            conn,
            member,
            row.id,
            AccessAction::Review,
            "designation",
        )
        .await?;
        turn.document(
            sha,
            format!("designacion-{}.pdf", row.code),
            turn.ta(
                "staff-designation-caption",
                &[("code", row.code.clone().into()), ("pages", pages.into())],
            ),
        );
    } else if row.access_type.needs_designation_doc() {
        turn.say(turn.t("staff-no-designation"));
    }
    Ok(())
}

async fn act(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    request_id: i64,
    stage: Stage,
    input: Input,
) -> Result<Step, EngineError> {
    let Input::Choice(id) = input else {
        turn.say(turn.t("pick-an-option"));
        return open(turn, conn, member, request_id)
            .await
            .map(Step::unclear);
    };
    let action = match id {
        ChoiceId::Act(ReviewAct::Conforme) => Action::Conforme,
        ChoiceId::Act(ReviewAct::Authorise) => Action::Authorise,
        ChoiceId::Act(ReviewAct::AccountCreated) => Action::AccountCreated,
        ChoiceId::Act(ReviewAct::Restore) => Action::Restore,
        ChoiceId::Act(ReviewAct::ConfirmRevocation) => Action::ConfirmRevocation,
        ChoiceId::Act(ReviewAct::AcceptNewDdc) => Action::AcceptNewDdc,
        ChoiceId::Act(ReviewAct::AskNewDdc) => {
            return Ok(Step::to(ask_note(
                turn,
                request_id,
                stage,
                NoteFor::AskNewDdc,
            )));
        }
        ChoiceId::Act(ReviewAct::Suspend) => {
            return Ok(Step::to(ask_note(
                turn,
                request_id,
                stage,
                NoteFor::Suspend,
            )));
        }
        ChoiceId::Act(ReviewAct::Revoke) => {
            return Ok(Step::to(ask_note(turn, request_id, stage, NoteFor::Revoke)));
        }
        ChoiceId::Act(ReviewAct::DeclineRevocation) => {
            return Ok(Step::to(ask_note(
                turn,
                request_id,
                stage,
                NoteFor::DeclineRevocation,
            )));
        }
        ChoiceId::Act(ReviewAct::Observe) => {
            return Ok(Step::to(ask_note(
                turn,
                request_id,
                stage,
                NoteFor::Observe,
            )));
        }
        ChoiceId::Act(ReviewAct::Reject) => {
            return Ok(Step::to(ask_note(turn, request_id, stage, NoteFor::Reject)));
        }
        ChoiceId::Act(ReviewAct::Favourable) => {
            return Ok(Step::to(ask_note(
                turn,
                request_id,
                stage,
                NoteFor::Favourable,
            )));
        }
        ChoiceId::Act(ReviewAct::Unfavourable) => {
            return Ok(Step::to(ask_note(
                turn,
                request_id,
                stage,
                NoteFor::Unfavourable,
            )));
        }
        _ => {
            turn.say(turn.t("stale-choice"));
            return open(turn, conn, member, request_id).await.map(Step::to);
        }
    };
    execute(turn, conn, member, request_id, stage, action, None)
        .await
        .map(Step::to)
}

fn ask_note(turn: &mut Turn<'_>, request_id: i64, stage: Stage, action: NoteFor) -> State {
    let (key, choices) = match action {
        NoteFor::Observe => (
            "staff-ask-observation",
            ObservationReason::ALL
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let i = u32::try_from(i).unwrap_or(u32::MAX);
                    Choice::new(ChoiceId::Reason(Some(i)), turn.t(r.message_key()))
                })
                .collect(),
        ),
        NoteFor::Reject => ("staff-ask-rejection", vec![]),
        NoteFor::Unfavourable => ("staff-ask-unfavourable", vec![]),
        // The prepared reasons, or one typed.
        NoteFor::Suspend | NoteFor::Revoke => (
            "staff-ask-suspension",
            SUSPENSION_REASONS
                .iter()
                .enumerate()
                .map(|(i, key)| {
                    let i = u32::try_from(i).unwrap_or(u32::MAX);
                    Choice::new(ChoiceId::Reason(Some(i)), turn.t(key))
                })
                .chain([turn.choice(ChoiceId::Reason(None), "staff-reason-typed")])
                .collect(),
        ),
        NoteFor::DeclineRevocation => ("staff-ask-suspension", vec![]),
        NoteFor::AskNewDdc => ("staff-ask-new-ddc", vec![]),
        NoteFor::Favourable => (
            "staff-ask-favourable",
            vec![turn.choice(ChoiceId::Reason(None), "staff-no-note")],
        ),
    };
    let mut choices: Vec<Choice> = choices;
    choices.push(turn.choice(ChoiceId::OpenRequest(request_id), "staff-back"));
    turn.ask(turn.t(key), choices);
    State::Staff(StaffStep::Note {
        request_id,
        stage,
        action,
    })
}

async fn note(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    request_id: i64,
    stage: Stage,
    action: NoteFor,
    input: Input,
) -> Result<Step, EngineError> {
    let mut listed = None;
    let text: Option<String> = match &input {
        Input::Text(t) if t.trim().chars().count() >= 3 => Some(t.trim().to_owned()),
        Input::Choice(ChoiceId::Reason(None)) if action == NoteFor::Favourable => None,
        Input::Choice(id) => match id {
            ChoiceId::Reason(Some(i))
                if action == NoteFor::Observe
                    && ObservationReason::ALL.get(*i as usize).is_some() =>
            {
                let reason = ObservationReason::ALL[*i as usize];
                listed = Some(reason);
                // Kept as a code; the note is its Spanish words, as every note is kept.
                Some(turn.engine.locales.t("es", reason.message_key()))
            }
            ChoiceId::Reason(Some(i))
                if matches!(action, NoteFor::Suspend | NoteFor::Revoke)
                    && SUSPENSION_REASONS.get(*i as usize).is_some() =>
            {
                Some(turn.engine.locales.t("es", SUSPENSION_REASONS[*i as usize]))
            }
            // "Escribir otro motivo": the next message is the reason.
            ChoiceId::Reason(None) if matches!(action, NoteFor::Suspend | NoteFor::Revoke) => {
                turn.ask(
                    turn.t("staff-type-reason"),
                    vec![turn.choice(ChoiceId::OpenRequest(request_id), "staff-back")],
                );
                return Ok(Step::to(State::Staff(StaffStep::Note {
                    request_id,
                    stage,
                    action,
                })));
            }
            _ => {
                turn.say(turn.t("stale-choice"));
                return Ok(Step::to(ask_note(turn, request_id, stage, action)));
            }
        },
        _ => {
            turn.say(turn.t("staff-note-too-short"));
            return Ok(Step::unclear(ask_note(turn, request_id, stage, action)));
        }
    };
    let act = match action {
        NoteFor::Observe => ReviewAct::Observe,
        NoteFor::Reject => ReviewAct::Reject,
        NoteFor::Favourable => ReviewAct::Favourable,
        NoteFor::Unfavourable => ReviewAct::Unfavourable,
        NoteFor::Suspend => ReviewAct::Suspend,
        NoteFor::Revoke => ReviewAct::Revoke,
        NoteFor::DeclineRevocation => ReviewAct::DeclineRevocation,
        NoteFor::AskNewDdc => ReviewAct::AskNewDdc,
    };
    let Some(action_value) = review_action(act, text.as_deref(), listed) else {
        turn.say(turn.t("staff-note-too-short"));
        return Ok(Step::unclear(ask_note(turn, request_id, stage, action)));
    };
    execute(
        turn,
        conn,
        member,
        request_id,
        stage,
        action_value,
        text.as_deref(),
    )
    .await
    .map(Step::to)
}

async fn execute(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    request_id: i64,
    stage: Stage,
    action: Action,
    note: Option<&str>,
) -> Result<State, EngineError> {
    let workflow = turn.workflow();
    let result = crate::services::new_ddc::act(
        conn,
        &workflow,
        turn.ddc_maker(),
        member,
        request_id,
        stage,
        &action,
        note,
        turn.unix(),
    )
    .await;
    let refused = match result {
        Ok((row, events)) => {
            turn.notify(conn, events).await?;
            turn.say(turn.ta(
                "staff-done",
                &[
                    ("code", row.code.clone().into()),
                    ("stage", turn.t(row.stage.message_key()).into()),
                ],
            ));
            return queue(turn, conn, member).await;
        }
        Err(ReviewError::Workflow(WorkflowError::Store(e))) => return Err(e.into()),
        Err(e) => e,
    };
    if let Some(text) = review::refusal(&|key, args| turn.ta(key, args), &refused) {
        turn.say(text);
    }
    match refused {
        ReviewError::Workflow(WorkflowError::Moved(_)) => queue(turn, conn, member).await,
        ReviewError::Workflow(WorkflowError::NotFound) | ReviewError::NotAllowed => {
            Ok(home(turn, member))
        }
        _ => open(turn, conn, member, request_id).await,
    }
}

/// The accounts report's menu, for the roles that receive it.
fn accounts_menu(turn: &mut Turn<'_>, member: &StaffMember) -> State {
    if !may_see(turn, member, Report::AccountsCreated) {
        return home(turn, member);
    }
    report_menu(turn, None)
}

/// The periods to choose from; after an XLSX, also the same list as CSV.
fn report_menu(turn: &mut Turn<'_>, csv_of: Option<Period>) -> State {
    let mut choices = vec![];
    if let Some(p) = csv_of {
        choices.push(turn.choice(ChoiceId::AccountsCsv(p), "staff-report-csv"));
    }
    choices.extend([
        turn.choice(ChoiceId::Accounts(Period::Week), "staff-report-week"),
        turn.choice(ChoiceId::Accounts(Period::Month), "staff-report-month"),
        turn.choice(
            ChoiceId::Accounts(Period::PreviousMonth),
            "staff-report-previous",
        ),
    ]);
    turn.ask(turn.t("staff-report-prompt"), choices);
    State::Staff(StaffStep::Home)
}

/// Accounts created in a period (UTI reports them to UAC): a list and a CSV.
async fn report(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    which: Period,
    format: FileFormat,
) -> Result<State, EngineError> {
    let Some(((from, until), rows)) =
        crate::services::reports::accounts_created(conn, turn.today(), which).await?
    else {
        return Ok(report_menu(turn, None));
    };
    let mut lines = vec![];
    let table = crate::services::reports::accounts_table(&turn.engine.locales, turn.lang, &rows);
    for (row, when) in &rows {
        let day = chrono::DateTime::from_timestamp(*when, 0)
            .map(|d| turn.date(crate::domain::calendar::lima_date(d)))
            .unwrap_or_default();
        let name = format!(
            "{} {}",
            field_value(turn, &row.data, Field::RespNames),
            field_value(turn, &row.data, Field::RespSurnames)
        );
        record_read(
            turn,
            conn,
            member,
            row.id,
            AccessAction::Report,
            "accounts_created",
        )
        .await?;
        lines.push(format!(
            "{day} · {} · {} · {name}",
            row.code,
            row.jurisdiction_label()
        ));
    }
    let range = [
        ("from", turn.date(from).into()),
        ("until", turn.date(until - Duration::days(1)).into()),
    ];
    if rows.is_empty() {
        turn.say(turn.ta("staff-report-empty", &range));
        return Ok(report_menu(turn, None));
    }
    turn.say(format!(
        "{}\n{}",
        turn.ta(
            "staff-report-title",
            &[
                range[0].clone(),
                range[1].clone(),
                ("count", rows.len().into())
            ]
        ),
        lines.join("\n")
    ));
    let title = turn.ta(
        "staff-report-title",
        &[
            range[0].clone(),
            range[1].clone(),
            ("count", rows.len().into()),
        ],
    );
    let notes = sheet_notes(&turn.engine.locales, turn.lang, &title, turn.today());
    let bytes = Document::new(notes, vec![table])
        .render(format)
        .map_err(|e| EngineError::Document(e.to_string()))?;
    let sha = turn.engine.files.put(&bytes).await?;
    files::register(conn, &sha, format.mime_type(), bytes.len(), turn.unix()).await?;
    turn.document(
        sha,
        format!("cuentas-creadas-{from}.{}", format.extension()),
        turn.t("staff-report-caption"),
    );
    let csv = (format == FileFormat::Xlsx).then_some(which);
    Ok(report_menu(turn, csv))
}

/// Alerts and data updates (FAD) sent by allies, still open, oldest first.
async fn ally_reports(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
) -> Result<State, EngineError> {
    use crate::store::ally_reports::{self, ReportBody};
    if !may_see(turn, member, Report::AllyReports) {
        return Ok(home(turn, member));
    }
    let open = ally_reports::list_open(conn).await?;
    if open.is_empty() {
        turn.say(turn.t("staff-reports-empty"));
        return Ok(home(turn, member));
    }
    let mut lines = vec![turn.ta("staff-reports-title", &[("count", open.len().into())])];
    let mut choices = vec![];
    for r in open.iter().take(10) {
        record_read(
            turn,
            conn,
            member,
            r.request_id,
            AccessAction::Report,
            "ally_reports",
        )
        .await?;
        let code = requests::get(conn, r.request_id)
            .await?
            .map(|a| a.code)
            .unwrap_or_default();
        let day = chrono::DateTime::from_timestamp(r.created_at, 0)
            .map(|d| turn.date(crate::domain::calendar::lima_date(d)))
            .unwrap_or_default();
        let what = match &r.body {
            ReportBody::Alert { kind, description } => {
                format!("{}: {description}", turn.t(&kind.message_key()))
            }
            ReportBody::DataUpdate {
                address,
                reference,
                phone,
            } => turn.ta(
                "staff-report-fad",
                &[
                    ("address", address.clone().into()),
                    ("reference", reference.clone().into()),
                    ("phone", phone.clone().into()),
                ],
            ),
        };
        let due = r
            .due_at
            .map(|at| {
                let when = crate::notify::tickets::when(&turn.engine.locales, turn.lang, at);
                turn.ta("case-due-short", &[("due", when.into())])
            })
            .unwrap_or_default();
        lines.push(format!(
            "{} · {day} · {code} · DNI {} · {what} · {due}",
            r.number(),
            r.subject_dni
        ));
        choices.push(Choice::new(ChoiceId::OpenAllyReport(r.id), r.number()));
    }
    turn.say(lines.join("\n"));
    turn.ask(turn.t("staff-reports-prompt"), choices);
    Ok(State::Staff(StaffStep::Home))
}

/// Closes an alert or FAD with a note, and tells the ally who sent it.
async fn close_report(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    report_id: i64,
    input: Input,
) -> Result<Step, EngineError> {
    use crate::store::ally_reports;
    let note = match &input {
        Input::Text(t) if t.trim().chars().count() >= 3 => t.trim().to_owned(),
        _ => {
            turn.say(turn.t("staff-note-too-short"));
            turn.ask(
                turn.t("staff-report-close-note"),
                vec![turn.choice(ChoiceId::Staff(StaffItem::Reports), "staff-back")],
            );
            return Ok(Step::unclear(State::Staff(StaffStep::ClosingReport {
                report_id,
            })));
        }
    };
    let Some(report) = ally_reports::get(conn, report_id).await? else {
        turn.say(turn.t("staff-not-found"));
        return Ok(Step::to(home(turn, member)));
    };
    // The outcome was chosen before the note.
    let outcome = report
        .outcome
        .unwrap_or(ally_reports::Outcome::NotApplicable);
    let Some((_, events)) = crate::services::tickets::resolve_ally_case(
        conn,
        member,
        report_id,
        outcome,
        &note,
        turn.unix(),
    )
    .await?
    else {
        turn.say(turn.ta(
            "staff-report-already-closed",
            &[("number", report.number().into())],
        ));
        return ally_reports(turn, conn, member).await.map(Step::to);
    };
    turn.notify(conn, events).await?;
    turn.say(turn.ta("staff-report-closed", &[("number", report.number().into())]));
    ally_reports(turn, conn, member).await.map(Step::to)
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
