//! Staff chats: the review queue of each role, one request opened with every field,
//! the JNE check and the signed DDC, and the stage actions (conforme, observe,
//! reject, legal opinion, authorise, account created). UTI's report of accounts
//! created. A chat is a staff chat only because the staff registry says so; what a
//! member may see or do is the access policy's answer (`domain::policy`), and every
//! read of personal data is recorded (Ley 29733).

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::registration::field_value;
use super::{Choice, EngineError, Inbound, Outbound, State, Turn};
use crate::domain::calendar::lima_to_utc;
use crate::domain::policy::{self, Act, Record, Report, Who};
use crate::domain::request::Field;
use crate::domain::stage::{Action, Actor, Role, Stage, TransitionError};
use crate::i18n::Arg;
use crate::store::Conn;
use crate::store::files::{self, DocumentKind};
use crate::store::jne::{self, JneCheck};
use crate::store::personal_data::{self, AccessAction};
use crate::store::requests::{self, RequestRow};
use crate::store::staff::StaffMember;
use crate::workflow::WorkflowError;

fn who(member: &StaffMember) -> Who<'_> {
    Who::Staff {
        id: member.id,
        roles: &member.roles,
    }
}

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
    personal_data::record_staff(
        conn,
        member.id,
        turn.chat.channel.as_str(),
        &turn.chat.chat_id,
        request_id,
        action,
        what,
        turn.unix(),
    )
    .await?;
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
}

/// Prepared observation reasons (the reviewer may also type one).
const OBSERVATION_REASONS: [&str; 5] = [
    "obs-reason-unsigned",
    "obs-reason-illegible",
    "obs-reason-jne",
    "obs-reason-responsible",
    "obs-reason-designation",
];

fn review_stage(role: Role) -> Option<Stage> {
    match role {
        Role::Uac => Some(Stage::UacReview),
        Role::Uaj => Some(Stage::LegalReview),
        Role::De => Some(Stage::DirectorAuthorization),
        Role::Uti => Some(Stage::AccountCreation),
        Role::Especialista | Role::Supervisor => None,
    }
}

fn queue_stages(member: &StaffMember) -> Vec<Stage> {
    if member.has(Role::Supervisor) {
        return vec![
            Stage::UacReview,
            Stage::LegalReview,
            Stage::DirectorAuthorization,
            Stage::AccountCreation,
        ];
    }
    member
        .roles
        .iter()
        .filter_map(|r| review_stage(*r))
        .collect()
}

pub(super) async fn dispatch(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    state: State,
    input: Inbound,
) -> Result<(State, bool), EngineError> {
    // Tickets first: a specialist inside one relays what they write.
    let (state, input) = match super::tickets::staff_first(turn, conn, member, state, input).await?
    {
        super::tickets::Routed::Done(state, understood) => return Ok((state, understood)),
        super::tickets::Routed::Pass(state, input) => (state, input),
    };
    let command = match &input {
        Inbound::Text(t) => t.trim().strip_prefix('/').map(|c| {
            c.split(['@', ' '])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        }),
        _ => None,
    };
    if let Some(cmd) = command.as_deref() {
        return match cmd {
            "bandeja" | "queue" => queue(turn, conn, member).await.map(|s| (s, true)),
            "cuentas" | "accounts" => Ok((accounts_menu(turn, member), true)),
            "ayuda" | "help" => {
                turn.say(turn.t("staff-help"));
                Ok((home(turn, member), true))
            }
            _ => Ok((home(turn, member), true)),
        };
    }
    if let Inbound::Choice(id) = &input {
        let (kind, value) = id.split_once(':').unwrap_or((id.as_str(), ""));
        match kind {
            "st" if value == "queue" => return queue(turn, conn, member).await.map(|s| (s, true)),
            "st" if value == "accounts" => return Ok((accounts_menu(turn, member), true)),
            "st" if value == "reports" => {
                return ally_reports(turn, conn, member).await.map(|s| (s, true));
            }
            "ar" => {
                if !may_see(turn, member, Report::AllyReports) {
                    return Ok((home(turn, member), true));
                }
                if let Ok(id) = value.parse() {
                    turn.ask(
                        turn.t("staff-report-close-note"),
                        vec![turn.choice("st:reports", "staff-back")],
                    );
                    return Ok((State::StaffClosingReport { report_id: id }, true));
                }
            }
            "st" => return Ok((home(turn, member), true)),
            "rv" => {
                if let Ok(request_id) = value.parse() {
                    return open(turn, conn, member, request_id)
                        .await
                        .map(|s| (s, true));
                }
            }
            "rp" => {
                if !may_see(turn, member, Report::AccountsCreated) {
                    return Ok((home(turn, member), true));
                }
                return report(turn, conn, member, value).await.map(|s| (s, true));
            }
            _ => {}
        }
    }
    match state {
        State::StaffReviewing { request_id, stage } => {
            act(turn, conn, member, request_id, stage, input).await
        }
        State::StaffNote {
            request_id,
            stage,
            action,
        } => note(turn, conn, member, request_id, stage, action, input).await,
        State::StaffClosingReport { report_id } => {
            if !may_see(turn, member, Report::AllyReports) {
                return Ok((home(turn, member), true));
            }
            close_report(turn, conn, member, report_id, input).await
        }
        _ => Ok((
            home(turn, member),
            !matches!(input, Inbound::Unsupported(_)),
        )),
    }
}

pub(super) fn home(turn: &mut Turn<'_>, member: &StaffMember) -> State {
    let mut choices = vec![];
    if !queue_stages(member).is_empty() {
        choices.push(turn.choice("st:queue", "staff-menu-queue"));
    }
    let sees = |report| {
        policy::decide(who(member), Act::SeePersonalData, Record::Report(report)).allowed()
    };
    if sees(Report::AccountsCreated) {
        choices.push(turn.choice("st:accounts", "staff-menu-accounts"));
    }
    if member.has(Role::Especialista) || member.has(Role::Supervisor) {
        choices.push(turn.choice("tk:home", "staff-menu-tickets"));
    }
    if sees(Report::AllyReports) {
        choices.push(turn.choice("st:reports", "staff-menu-reports"));
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
    State::StaffHome
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
    let rows = requests::queue(conn, &stages, 10).await?;
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
        .map(|r| Choice {
            id: format!("rv:{}", r.id),
            label: r.code.clone(),
        })
        .collect();
    turn.say(format!(
        "{}\n{}",
        turn.ta("staff-queue-title", &[("count", rows.len().into())]),
        lines.join("\n")
    ));
    turn.ask(turn.t("staff-queue-prompt"), choices);
    Ok(State::StaffHome)
}

fn actions_for(
    turn: &Turn<'_>,
    member: &StaffMember,
    record: Record<'_>,
    stage: Stage,
) -> Vec<Choice> {
    let allowed = policy::decide(who(member), Act::Act, record).allowed();
    let mut choices: Vec<Choice> = if !allowed {
        vec![]
    } else {
        match stage {
            Stage::UacReview => vec![
                turn.choice("ac:conforme", "staff-action-conforme"),
                turn.choice("ac:observe", "staff-action-observe"),
                turn.choice("ac:reject", "staff-action-reject"),
            ],
            Stage::LegalReview => vec![
                turn.choice("ac:favourable", "staff-action-favourable"),
                turn.choice("ac:unfavourable", "staff-action-unfavourable"),
            ],
            Stage::DirectorAuthorization => vec![
                turn.choice("ac:authorise", "staff-action-authorise"),
                turn.choice("ac:reject", "staff-action-reject"),
            ],
            Stage::AccountCreation => vec![turn.choice("ac:created", "staff-action-created")],
            _ => vec![],
        }
    };
    choices.push(turn.choice("st:queue", "staff-back-to-queue"));
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
    let handled = requests::handled_by(conn, row.id).await?;
    let record = Record::Request {
        id: row.id,
        stage: row.stage,
        handled_by: &handled,
    };
    if !policy::decide(who(member), Act::SeePersonalData, record).allowed() {
        turn.say(turn.t("staff-access-refused"));
        return Ok(home(turn, member));
    }
    record_read(turn, conn, member, row.id, AccessAction::Review, "request").await?;
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
                ("due", due_text(turn, &row).into()),
            ],
        ),
    ];
    if row.is_modification {
        lines.push(turn.t("status-modification"));
    }
    lines.push(String::new());
    for (i, f) in row.data.fields().into_iter().enumerate() {
        if f == Field::AccessType {
            continue;
        }
        let label = turn.ta(
            &format!("field-{}", f.as_str().replace('_', "-")),
            &[("authority", Arg::Str(String::new()))],
        );
        lines.push(format!(
            "{}. {}: {}",
            i,
            label,
            field_value(turn, &row.data, f)
        ));
    }
    let check = jne::check(conn, &row).await?;
    let names = match &check {
        JneCheck::Matches { names } | JneCheck::DniMismatch { names } => names.clone(),
        _ => String::new(),
    };
    lines.push(String::new());
    lines.push(turn.ta(check.key(), &[("names", names.into())]));
    let history = requests::transitions(conn, row.id).await?;
    if let Some(last) = history.iter().rev().find(|t| t.note.is_some()) {
        lines.push(turn.ta(
            "staff-last-note",
            &[("note", last.note.clone().unwrap_or_default().into())],
        ));
    }
    turn.say(lines.join("\n"));
    let document = Record::SignedDocument {
        id: row.id,
        stage: row.stage,
        handled_by: &handled,
    };
    let sees_documents = policy::decide(who(member), Act::SeePersonalData, document).allowed();
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
            )
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
    }
    let choices = actions_for(turn, member, record, row.stage);
    let prompt = if choices.len() > 1 {
        "staff-action-prompt"
    } else {
        "staff-view-only"
    };
    turn.ask(turn.t(prompt), choices);
    Ok(State::StaffReviewing {
        request_id: row.id,
        stage: row.stage,
    })
}

async fn act(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    request_id: i64,
    stage: Stage,
    input: Inbound,
) -> Result<(State, bool), EngineError> {
    let Inbound::Choice(id) = input else {
        turn.say(turn.t("pick-an-option"));
        return open(turn, conn, member, request_id)
            .await
            .map(|s| (s, false));
    };
    let action = match id.as_str() {
        "ac:conforme" => Action::Conforme,
        "ac:authorise" => Action::Authorise,
        "ac:created" => Action::AccountCreated,
        "ac:observe" => return Ok((ask_note(turn, request_id, stage, NoteFor::Observe), true)),
        "ac:reject" => return Ok((ask_note(turn, request_id, stage, NoteFor::Reject), true)),
        "ac:favourable" => {
            return Ok((ask_note(turn, request_id, stage, NoteFor::Favourable), true));
        }
        "ac:unfavourable" => {
            return Ok((
                ask_note(turn, request_id, stage, NoteFor::Unfavourable),
                true,
            ));
        }
        _ => {
            turn.say(turn.t("stale-choice"));
            return open(turn, conn, member, request_id)
                .await
                .map(|s| (s, true));
        }
    };
    execute(turn, conn, member, request_id, stage, action, None)
        .await
        .map(|s| (s, true))
}

fn ask_note(turn: &mut Turn<'_>, request_id: i64, stage: Stage, action: NoteFor) -> State {
    let (key, choices) = match action {
        NoteFor::Observe => (
            "staff-ask-observation",
            OBSERVATION_REASONS
                .iter()
                .enumerate()
                .map(|(i, k)| Choice {
                    id: format!("rs:{i}"),
                    label: turn.t(k),
                })
                .collect(),
        ),
        NoteFor::Reject => ("staff-ask-rejection", vec![]),
        NoteFor::Unfavourable => ("staff-ask-unfavourable", vec![]),
        NoteFor::Favourable => (
            "staff-ask-favourable",
            vec![turn.choice("rs:none", "staff-no-note")],
        ),
    };
    let mut choices: Vec<Choice> = choices;
    choices.push(turn.choice(format!("rv:{request_id}"), "staff-back"));
    turn.ask(turn.t(key), choices);
    State::StaffNote {
        request_id,
        stage,
        action,
    }
}

async fn note(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    request_id: i64,
    stage: Stage,
    action: NoteFor,
    input: Inbound,
) -> Result<(State, bool), EngineError> {
    let text: Option<String> = match &input {
        Inbound::Text(t) if t.trim().chars().count() >= 3 => Some(t.trim().to_owned()),
        Inbound::Choice(id) if id == "rs:none" && action == NoteFor::Favourable => None,
        Inbound::Choice(id) => match id.strip_prefix("rs:").and_then(|i| i.parse::<usize>().ok()) {
            Some(i) if action == NoteFor::Observe && i < OBSERVATION_REASONS.len() => {
                // The applicant reads the reason in their language; store the Spanish text.
                Some(turn.engine.locales.t("es", OBSERVATION_REASONS[i]))
            }
            _ => {
                turn.say(turn.t("stale-choice"));
                return Ok((ask_note(turn, request_id, stage, action), true));
            }
        },
        _ => {
            turn.say(turn.t("staff-note-too-short"));
            return Ok((ask_note(turn, request_id, stage, action), false));
        }
    };
    let action_value = match action {
        NoteFor::Observe => Action::Observe {
            reason: text.clone().unwrap_or_default(),
        },
        NoteFor::Reject => Action::Reject {
            reason: text.clone().unwrap_or_default(),
        },
        NoteFor::Favourable => Action::Favourable,
        NoteFor::Unfavourable => Action::Unfavourable,
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
    .map(|s| (s, true))
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
    let actor = Actor::Staff {
        roles: member.roles.clone(),
    };
    let result = turn
        .workflow()
        .apply(
            conn,
            request_id,
            stage,
            &action,
            &actor,
            &member.actor_label(),
            note,
            turn.unix(),
        )
        .await;
    match result {
        Ok(row) => {
            turn.say(turn.ta(
                "staff-done",
                &[
                    ("code", row.code.clone().into()),
                    ("stage", turn.t(row.stage.message_key()).into()),
                ],
            ));
            queue(turn, conn, member).await
        }
        Err(WorkflowError::Moved(now)) => {
            turn.say(turn.ta(
                "staff-already-moved",
                &[("stage", turn.t(now.message_key()).into())],
            ));
            queue(turn, conn, member).await
        }
        Err(WorkflowError::Refused(e)) => {
            turn.say(refusal(turn, &e));
            open(turn, conn, member, request_id).await
        }
        Err(WorkflowError::NotFound) => {
            turn.say(turn.t("staff-not-found"));
            Ok(home(turn, member))
        }
        Err(WorkflowError::Store(e)) => Err(e.into()),
    }
}

fn refusal(turn: &Turn<'_>, e: &TransitionError) -> String {
    let args: Vec<(&str, Arg)> = match e {
        TransitionError::NotAllowedFromStage { from, .. } => {
            vec![("stage", turn.t(from.message_key()).into())]
        }
        TransitionError::WrongRole { needed } => {
            vec![("role", turn.t(needed.message_key()).into())]
        }
        _ => vec![],
    };
    turn.ta(e.key(), &args)
}

/// The accounts report's menu, for the roles that receive it.
fn accounts_menu(turn: &mut Turn<'_>, member: &StaffMember) -> State {
    if !may_see(turn, member, Report::AccountsCreated) {
        return home(turn, member);
    }
    report_menu(turn)
}

fn report_menu(turn: &mut Turn<'_>) -> State {
    let choices = vec![
        turn.choice("rp:week", "staff-report-week"),
        turn.choice("rp:month", "staff-report-month"),
        turn.choice("rp:previous", "staff-report-previous"),
    ];
    turn.ask(turn.t("staff-report-prompt"), choices);
    State::StaffHome
}

fn period(today: NaiveDate, which: &str) -> Option<(NaiveDate, NaiveDate)> {
    let first = today.with_day(1)?;
    Some(match which {
        "week" => (today - Duration::days(6), today + Duration::days(1)),
        "month" => (first, today + Duration::days(1)),
        "previous" => ((first - Duration::days(1)).with_day(1)?, first),
        _ => return None,
    })
}

/// Accounts created in a period (UTI reports them to UAC): a list and a CSV.
async fn report(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    which: &str,
) -> Result<State, EngineError> {
    let Some((from, until)) = period(turn.today(), which) else {
        return Ok(report_menu(turn));
    };
    let at = |d: NaiveDate| lima_to_utc(d.and_hms_opt(0, 0, 0).unwrap_or_default()).timestamp();
    let rows = requests::reached_between(conn, Stage::Active, at(from), at(until)).await?;
    let mut csv = csv::Writer::from_writer(vec![]);
    let header = [
        "fecha",
        "codigo",
        "tipo",
        "jurisdiccion",
        "responsable",
        "dni",
        "correo",
        "celular",
    ];
    let _ = csv.write_record(header);
    let mut lines = vec![];
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
        let _ = csv.write_record([
            day.as_str(),
            row.code.as_str(),
            row.access_type.as_str(),
            row.jurisdiction_label().as_str(),
            name.as_str(),
            &field_value(turn, &row.data, Field::RespDni),
            &field_value(turn, &row.data, Field::RespEmail),
            &field_value(turn, &row.data, Field::RespPhone),
        ]);
    }
    let range = [
        ("from", turn.date(from).into()),
        ("until", turn.date(until - Duration::days(1)).into()),
    ];
    if rows.is_empty() {
        turn.say(turn.ta("staff-report-empty", &range));
        return Ok(report_menu(turn));
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
    let bytes = csv.into_inner().unwrap_or_default();
    let sha = turn.engine.files.put(&bytes).await?;
    files::register(conn, &sha, "text/csv", bytes.len(), turn.unix()).await?;
    turn.document(
        sha,
        format!("cuentas-creadas-{from}.csv"),
        turn.t("staff-report-caption"),
    );
    Ok(report_menu(turn))
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
        lines.push(format!(
            "{} · {day} · {code} · DNI {} · {what}",
            r.number(),
            r.subject_dni
        ));
        choices.push(Choice {
            id: format!("ar:{}", r.id),
            label: r.number(),
        });
    }
    turn.say(lines.join("\n"));
    turn.ask(turn.t("staff-reports-prompt"), choices);
    Ok(State::StaffHome)
}

/// Closes an alert or FAD with a note, and tells the ally who sent it.
async fn close_report(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    report_id: i64,
    input: Inbound,
) -> Result<(State, bool), EngineError> {
    use crate::store::ally_reports;
    let note = match &input {
        Inbound::Text(t) if t.trim().chars().count() >= 3 => t.trim().to_owned(),
        _ => {
            turn.say(turn.t("staff-note-too-short"));
            turn.ask(
                turn.t("staff-report-close-note"),
                vec![turn.choice("st:reports", "staff-back")],
            );
            return Ok((State::StaffClosingReport { report_id }, false));
        }
    };
    let Some(report) = ally_reports::get(conn, report_id).await? else {
        turn.say(turn.t("staff-not-found"));
        return Ok((home(turn, member), true));
    };
    if !ally_reports::close(
        conn,
        report_id,
        &member.actor_label(),
        Some(&note),
        turn.unix(),
    )
    .await?
    {
        turn.say(turn.ta(
            "staff-report-already-closed",
            &[("number", report.number().into())],
        ));
        return ally_reports(turn, conn, member).await.map(|s| (s, true));
    }
    let lang = turn.engine.locales.pick(None);
    let text = turn.engine.locales.t_args(
        lang,
        "ally-report-closed",
        &[("number", report.number().into()), ("note", note.into())],
    );
    crate::workflow::enqueue(
        conn,
        &report.channel,
        &report.chat_id,
        &Outbound::Text {
            text,
            choices: vec![],
        },
    )
    .await?;
    turn.say(turn.ta("staff-report-closed", &[("number", report.number().into())]));
    ally_reports(turn, conn, member).await.map(|s| (s, true))
}
