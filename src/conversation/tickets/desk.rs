//! The specialists' ticket desk in a staff chat: the commands, the lists, taking a ticket and the monthly report.

use super::*;

/// The tickets desk's typed commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::conversation) enum TicketCommand {
    Home,
    Close,
    HandOver,
    Leave,
}

/// Runs a typed tickets command; passed on when it means nothing where the staff
/// member is (closing or handing over outside a ticket).
pub(in crate::conversation) async fn staff_command(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    state: State,
    input: Input,
    command: TicketCommand,
) -> Result<Step, EngineError> {
    let state = match (command, ticket_of(&state)) {
        (TicketCommand::Home, _) => home(turn, conn, member).await?,
        (TicketCommand::Close, Some(id)) => ask_resolution(turn, conn, member, id).await?,
        (TicketCommand::HandOver, Some(id)) => colleagues(turn, conn, member, id).await?,
        (TicketCommand::Leave, Some(_)) => {
            turn.say(turn.t("ticket-left"));
            home(turn, conn, member).await?
        }
        _ => return Ok(Step::pass(state, input)),
    };
    Ok(Step::to(state))
}

pub(super) fn refuse(turn: &mut Turn<'_>, member: &StaffMember) -> State {
    turn.say(turn.t("ticket-not-allowed"));
    staff::home(turn, member)
}

/// The tickets menu of a specialist and/or supervisor.
pub(super) async fn home(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
) -> Result<State, EngineError> {
    let specialist = service::works_cases(member);
    let supervisor = member.has(Role::Supervisor);
    if !specialist && !supervisor {
        return Ok(refuse(turn, member));
    }
    let mut lines = vec![];
    let mut choices = vec![];
    if specialist {
        let mine = store::for_specialist(conn, member.id).await?.len();
        let waiting = untaken_for(conn, member, 1000).await?.len();
        lines.push(turn.ta(
            "ticket-home-specialist",
            &[("mine", mine.into()), ("waiting", waiting.into())],
        ));
        choices.push(turn.choice(ChoiceId::Tickets(TicketsItem::Mine), "ticket-menu-mine"));
        choices.push(turn.choice(
            ChoiceId::Tickets(TicketsItem::Pending),
            "ticket-menu-pending",
        ));
    }
    if supervisor {
        let counts = store::counts(conn).await?;
        let count = |s: TicketState| -> i64 {
            counts
                .iter()
                .filter(|(state, _, _)| *state == s)
                .map(|(_, _, n)| n)
                .sum()
        };
        lines.push(turn.ta(
            "ticket-home-supervisor",
            &[
                ("open", count(TicketState::Open).into()),
                ("taken", count(TicketState::Taken).into()),
                ("answered", count(TicketState::Answered).into()),
                ("closed", count(TicketState::Closed).into()),
            ],
        ));
        for s in TicketState::ALL {
            choices.push(turn.choice(ChoiceId::TicketsIn(s.as_str().to_owned()), s.message_key()));
        }
        choices.push(turn.choice(
            ChoiceId::TicketReport { previous: false },
            "ticket-menu-report",
        ));
        choices.push(turn.choice(
            ChoiceId::TicketReport { previous: true },
            "ticket-menu-report-previous",
        ));
    }
    choices.push(turn.choice(ChoiceId::Staff(StaffItem::Home), "staff-back"));
    turn.say(lines.join("\n"));
    turn.ask(turn.t("ticket-home-prompt"), choices);
    Ok(State::Staff(StaffStep::Home))
}

/// "AT-2026-000001 · Reclamo · Luis Pérez · Acoria (...)": the ally's name only for
/// whom the policy lets see the ticket's personal data.
pub(super) fn summary(turn: &Turn<'_>, member: &StaffMember, ticket: &TicketRow) -> String {
    let mut parts = vec![ticket.code.clone(), turn.t(ticket.category.message_key())];
    if may(member, Act::SeePersonalData, ticket) {
        parts.push(notice::ally_name(&turn.engine.locales, turn.lang, ticket));
    }
    if let Some(j) = &ticket.context.jurisdiction {
        parts.push(j.clone());
    }
    parts.join(" · ")
}

/// The tickets of a list this member may see at all; the ones shown with their
/// personal data are recorded as read.
pub(super) async fn listed(
    turn: &Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    rows: Vec<TicketRow>,
) -> Result<Vec<TicketRow>, EngineError> {
    let rows: Vec<TicketRow> = rows
        .into_iter()
        .filter(|r| may(member, Act::SeeStatus, r))
        .take(LISTED)
        .collect();
    for r in &rows {
        if may(member, Act::SeePersonalData, r) {
            record_context_read(turn, conn, member, r, "ticket_list").await?;
        }
    }
    Ok(rows)
}

/// The untaken cases of the member's units (new or derived to them), oldest first.
async fn untaken_for(
    conn: &mut Conn,
    member: &StaffMember,
    limit: i64,
) -> Result<Vec<TicketRow>, EngineError> {
    let mut rows = vec![];
    for unit in member
        .roles
        .iter()
        .filter(|r| crate::domain::ticket::is_unit(**r))
    {
        for state in [TicketState::Open, TicketState::Derived] {
            rows.extend(store::active_by_unit(conn, Some(*unit), Some(state), limit).await?);
        }
    }
    rows.retain(|r| may(member, Act::Act, r));
    rows.sort_by_key(|r| r.id);
    rows.dedup_by_key(|r| r.id);
    Ok(rows)
}

pub(super) async fn mine(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
) -> Result<State, EngineError> {
    if !service::works_cases(member) {
        return Ok(refuse(turn, member));
    }
    let rows = store::for_specialist(conn, member.id).await?;
    let rows = listed(turn, conn, member, rows).await?;
    if rows.is_empty() {
        turn.say(turn.t("ticket-mine-empty"));
        return home(turn, conn, member).await;
    }
    let lines: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{} · {}",
                summary(turn, member, r),
                turn.t(r.state.message_key())
            )
        })
        .collect();
    Ok(pick_ticket(turn, "ticket-mine-title", &rows, &lines))
}

pub(super) async fn pending(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
) -> Result<State, EngineError> {
    if !service::works_cases(member) {
        return Ok(refuse(turn, member));
    }
    let rows = untaken_for(conn, member, 9).await?;
    let rows = listed(turn, conn, member, rows).await?;
    if rows.is_empty() {
        turn.say(turn.t("ticket-pending-empty"));
        return home(turn, conn, member).await;
    }
    let locales = &turn.engine.locales;
    let lines: Vec<String> = rows
        .iter()
        .map(|r| {
            let due = notice::when(locales, turn.lang, r.first_response_due_at);
            format!(
                "{} · {}",
                summary(turn, member, r),
                turn.ta("ticket-due-short", &[("due", due.into())])
            )
        })
        .collect();
    Ok(pick_ticket(turn, "ticket-pending-title", &rows, &lines))
}

/// A list of tickets, one line each, with a button per ticket (at most nine, so
/// the list plus "back" fits a WhatsApp list) and one to go back.
pub(super) fn pick_ticket(
    turn: &mut Turn<'_>,
    title_key: &str,
    rows: &[store::TicketRow],
    lines: &[String],
) -> State {
    let mut choices: Vec<Choice> = rows
        .iter()
        .take(9)
        .map(|r| Choice::new(ChoiceId::OpenTicket(r.id), r.code.clone()))
        .collect();
    choices.push(turn.choice(ChoiceId::Tickets(TicketsItem::Home), "staff-back"));
    turn.say(format!(
        "{}\n{}",
        turn.ta(title_key, &[("count", rows.len().into())]),
        lines.join("\n")
    ));
    turn.ask(turn.t("ticket-pick"), choices);
    State::Staff(StaffStep::Home)
}

pub(super) async fn take(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    id: i64,
) -> Result<State, EngineError> {
    if !service::works_cases(member) {
        return Ok(refuse(turn, member));
    }
    match service::take(conn, member, id, turn.unix()).await? {
        Took::Taken(ticket, events) => {
            turn.notify(conn, events).await?;
            enter(turn, conn, member, &ticket, EarlierFiles::Send).await
        }
        Took::Lost => not_taken(turn, conn, member, id).await,
        Took::Missing => {
            turn.say(turn.t("ticket-not-found"));
            home(turn, conn, member).await
        }
    }
}

/// Someone else took it first, or it was closed: says which, and by whom.
pub(super) async fn not_taken(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    id: i64,
) -> Result<State, EngineError> {
    let Some(ticket) = store::get(conn, id).await? else {
        turn.say(turn.t("ticket-not-found"));
        return home(turn, conn, member).await;
    };
    let (key, holder) = service::why_not_taken(conn, &ticket).await?;
    turn.say(turn.ta(
        key,
        &[("code", ticket.code.into()), ("name", holder.into())],
    ));
    home(turn, conn, member).await
}

/// Supervisor: the tickets in a state, grouped by category.
pub(super) async fn by_state(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    state: TicketState,
) -> Result<State, EngineError> {
    if !member.has(Role::Supervisor) {
        return Ok(refuse(turn, member));
    }
    let rows = store::by_state(conn, state, None, 50).await?;
    let rows = listed(turn, conn, member, rows).await?;
    let name = turn.t(state.message_key());
    if rows.is_empty() {
        turn.say(turn.ta("ticket-list-empty", &[("state", name.into())]));
        return home(turn, conn, member).await;
    }
    let mut lines = vec![turn.ta(
        "ticket-list-title",
        &[("state", name.into()), ("count", rows.len().into())],
    )];
    for category in Category::ALL {
        let mine: Vec<&TicketRow> = rows.iter().filter(|r| r.category == category).collect();
        if mine.is_empty() {
            continue;
        }
        lines.push(format!(
            "{} ({})",
            turn.t(category.message_key()),
            mine.len()
        ));
        for r in mine {
            let holder = match r.specialist_id {
                Some(id) => notice::staff_name(conn, id).await?,
                None => turn.t("ticket-nobody"),
            };
            let opened = notice::when(&turn.engine.locales, turn.lang, r.opened_at);
            let mut parts = vec![r.code.clone()];
            if may(member, Act::SeePersonalData, r) {
                parts.push(notice::ally_name(&turn.engine.locales, turn.lang, r));
            }
            parts.extend([opened, holder]);
            lines.push(format!("  {}", parts.join(" · ")));
        }
    }
    let mut choices: Vec<Choice> = rows
        .iter()
        .take(9)
        .map(|r| Choice::new(ChoiceId::OpenTicket(r.id), r.code.clone()))
        .collect();
    choices.push(turn.choice(ChoiceId::Tickets(TicketsItem::Home), "staff-back"));
    turn.say(lines.join("\n"));
    turn.ask(turn.t("ticket-pick"), choices);
    Ok(State::Staff(StaffStep::Home))
}

/// Supervisor: counts by category, first-response time and ratings for a month,
/// as text and as CSV (the same as `contigo-bot report tickets`).
pub(super) async fn report(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    previous: bool,
) -> Result<State, EngineError> {
    if !member.has(Role::Supervisor) {
        return Ok(refuse(turn, member));
    }
    let this_month = turn.today().with_day(1).unwrap_or(turn.today());
    let first = if previous {
        this_month
            .checked_sub_months(Months::new(1))
            .unwrap_or(this_month)
    } else {
        this_month
    };
    let (from, until) = month_bounds(first);
    let rows = store::opened_between(conn, from, until).await?;
    let stats = crate::services::reports::ticket_stats(&rows);
    let month = first.format("%Y-%m").to_string();
    let mut lines = vec![turn.ta(
        "ticket-report-title",
        &[
            ("month", month.clone().into()),
            ("count", rows.len().into()),
        ],
    )];
    for s in stats.iter().filter(|s| s.received > 0) {
        let label = match s.category {
            Some(c) => turn.t(c.message_key()),
            None => turn.t("ticket-report-total"),
        };
        let args: Vec<(&str, Arg)> = vec![
            ("category", label.into()),
            ("received", s.received.into()),
            ("closed", s.closed.into()),
            ("answered", s.answered.into()),
            ("in_term", s.answered_in_term.into()),
            (
                "wait",
                s.first_response_avg_minutes
                    .map(|m| m.to_string())
                    .unwrap_or_else(|| "-".into())
                    .into(),
            ),
            (
                "rating",
                s.rating_avg
                    .map(|a| format!("{a:.1}"))
                    .unwrap_or_else(|| "-".into())
                    .into(),
            ),
            ("rated", s.rated.into()),
        ];
        lines.push(turn.ta("ticket-report-line", &args));
    }
    let title = lines.first().cloned().unwrap_or_default();
    // How many questions the knowledge base answered without a person.
    let questions = crate::store::kb::between(conn, from, until).await?;
    let kb = crate::services::reports::deflection(&questions);
    lines.push(turn.ta(
        "ticket-report-kb",
        &[
            ("answered", kb.without_person().into()),
            ("person", kb.answered_then_person.into()),
            ("unanswered", (kb.unclear + kb.unmatched).into()),
        ],
    ));
    turn.say(lines.join("\n"));
    let format = crate::documents::table::FileFormat::Xlsx;
    let notes =
        crate::documents::table::sheet_notes(&turn.engine.locales, turn.lang, &title, turn.today());
    let derivations = store::derivations_between(conn, from, until).await?;
    let bytes = crate::services::reports::tickets_document(
        &turn.engine.locales,
        turn.lang,
        &rows,
        &derivations,
        &questions,
        notes,
    )
    .render(format)
    .map_err(|e| EngineError::Document(e.to_string()))?;
    let sha = turn.engine.files.put(&bytes).await?;
    files::register(conn, &sha, format.mime_type(), bytes.len(), turn.unix()).await?;
    turn.document(
        sha,
        format!(
            "{}.{}",
            turn.ta("file-name-tickets", &[("month", month.clone().into())]),
            format.extension()
        ),
        turn.t("ticket-report-caption"),
    );
    home(turn, conn, member).await
}
