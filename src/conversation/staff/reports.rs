//! The reports a staff member may ask for in the chat: accounts created, by
//! period (XLSX, then CSV), and the allies' reports to close.

use super::*;

/// The accounts report's menu, for the roles that receive it.
pub(super) fn accounts_menu(turn: &mut Turn<'_>, member: &StaffMember) -> State {
    if !may_see(turn, member, Report::AccountsCreated) {
        return home(turn, member);
    }
    report_menu(turn, None)
}

/// The periods to choose from; after an XLSX, also the same list as CSV.
pub(super) fn report_menu(turn: &mut Turn<'_>, csv_of: Option<Period>) -> State {
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
pub(super) async fn report(
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
pub(super) async fn ally_reports(
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
pub(super) async fn close_report(
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
