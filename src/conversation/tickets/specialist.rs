//! A specialist inside a ticket: entering it, relaying to the ally, handing it over and closing it with a note.

use super::*;

/// The ticket a specialist is inside, if any.
pub(in crate::conversation) fn ticket_of(state: &State) -> Option<i64> {
    match state {
        State::Staff(StaffStep::Ticket { ticket_id })
        | State::Staff(StaffStep::TicketClosing { ticket_id }) => Some(*ticket_id),
        _ => None,
    }
}

/// A specialist inside a ticket: what they send goes to the ally; otherwise passed on.
pub(in crate::conversation) async fn staff_step(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    state: State,
    input: Input,
) -> Result<Step, EngineError> {
    match state {
        State::Staff(StaffStep::Ticket { ticket_id }) => {
            relay_from_specialist(turn, conn, member, ticket_id, input).await
        }
        State::Staff(StaffStep::TicketClosing { ticket_id }) => {
            resolution(turn, conn, member, ticket_id, input).await
        }
        other => Ok(Step::pass(other, input)),
    }
}

/// The choices of the specialists' and supervisors' tickets desk.
pub(in crate::conversation) fn is_staff_ticket_choice(id: &ChoiceId) -> bool {
    matches!(
        id,
        ChoiceId::Tickets(_)
            | ChoiceId::Take(_)
            | ChoiceId::OpenTicket(_)
            | ChoiceId::CloseTicket(_)
            | ChoiceId::HandOver(_)
            | ChoiceId::HandTo { .. }
            | ChoiceId::DeriveTo { .. }
            | ChoiceId::TicketsIn(_)
            | ChoiceId::TicketReport { .. }
    )
}

pub(in crate::conversation) async fn staff_choice(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    id: &ChoiceId,
) -> Result<Step, EngineError> {
    let state = match id {
        ChoiceId::Tickets(TicketsItem::Home) => home(turn, conn, member).await?,
        ChoiceId::Tickets(TicketsItem::Mine) => mine(turn, conn, member).await?,
        ChoiceId::Tickets(TicketsItem::Pending) => pending(turn, conn, member).await?,
        ChoiceId::Tickets(TicketsItem::Leave) => {
            turn.say(turn.t("ticket-left"));
            home(turn, conn, member).await?
        }
        ChoiceId::Take(id) => take(turn, conn, member, *id).await?,
        ChoiceId::OpenTicket(id) => open(turn, conn, member, *id).await?,
        ChoiceId::CloseTicket(id) => ask_resolution(turn, conn, member, *id).await?,
        ChoiceId::HandOver(id) => colleagues(turn, conn, member, *id).await?,
        ChoiceId::HandTo { ticket, to } => hand_over(turn, conn, member, *ticket, *to).await?,
        ChoiceId::DeriveTo { ticket, unit } => match Role::parse(unit) {
            Some(unit) => derive(turn, conn, member, *ticket, unit).await?,
            None => home(turn, conn, member).await?,
        },
        ChoiceId::TicketsIn(state) => match TicketState::parse(state) {
            Some(state) => by_state(turn, conn, member, state).await?,
            None => home(turn, conn, member).await?,
        },
        ChoiceId::TicketReport { previous } => report(turn, conn, member, *previous).await?,
        _ => {
            turn.say(turn.t("stale-choice"));
            home(turn, conn, member).await?
        }
    };
    Ok(Step::to(state))
}

/// A staff member read a ticket's personal data (the ally's name, their request, the
/// messages), in this chat: it goes in the Ley 29733 record of that request, like
/// any staff read.
pub(super) async fn record_context_read(
    turn: &Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    ticket: &TicketRow,
    what: &str,
) -> Result<(), EngineError> {
    let reader = StaffReader::Chat {
        staff_id: member.id,
        chat: turn.chat.key(),
    };
    record_ticket_read(conn, reader, ticket, what, turn.unix()).await?;
    Ok(())
}

/// Shows a ticket with its context and last messages.
pub(super) async fn show(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ticket: &TicketRow,
) -> Result<(), EngineError> {
    let locales = &turn.engine.locales;
    let mut lines = notice::context_lines(conn, locales, turn.lang, ticket).await?;
    let messages = store::messages(conn, ticket.id, ENTER_MESSAGES).await?;
    if !messages.is_empty() {
        lines.push(String::new());
    }
    for m in &messages {
        lines.push(notice::message_line(conn, locales, turn.lang, ticket, m).await?);
    }
    if let Some(note) = &ticket.resolution {
        lines.push(turn.ta("ticket-resolution-line", &[("note", note.clone().into())]));
    }
    if let Some(rating) = ticket.rating {
        lines.push(turn.ta(
            "ticket-rating-line",
            &[
                ("rating", rating.into()),
                (
                    "comment",
                    ticket.rating_comment.clone().unwrap_or_default().into(),
                ),
            ],
        ));
    }
    turn.say(lines.join("\n"));
    Ok(())
}

/// On taking a ticket, the files the ally sent before anyone took it come too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EarlierFiles {
    Send,
    Skip,
}

/// The specialist is now inside the ticket: what they write goes to the ally. Its
/// context is shown, and recorded as read, only if the policy lets them see it.
pub(super) async fn enter(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    ticket: &TicketRow,
    files: EarlierFiles,
) -> Result<State, EngineError> {
    if !may(member, Act::SeePersonalData, ticket) {
        turn.say(turn.t("ticket-not-yours"));
        return home(turn, conn, member).await;
    }
    record_context_read(turn, conn, member, ticket, "ticket_context").await?;
    if files == EarlierFiles::Send {
        let locales = &turn.engine.locales;
        for m in store::messages(conn, ticket.id, 1000).await? {
            if let (Some(sha), Some(name)) = (m.sha256, m.file_name) {
                let caption = turn.ta(
                    "ticket-file-from-ally",
                    &[
                        ("code", ticket.code.clone().into()),
                        ("who", notice::ally_name(locales, turn.lang, ticket).into()),
                    ],
                );
                turn.document(sha, name, caption);
            }
        }
    }
    show(turn, conn, ticket).await?;
    let choices = vec![
        turn.choice(ChoiceId::CloseTicket(ticket.id), "ticket-close"),
        turn.choice(ChoiceId::HandOver(ticket.id), "ticket-hand"),
        turn.choice(ChoiceId::Tickets(TicketsItem::Leave), "ticket-leave"),
    ];
    turn.ask(
        turn.ta("ticket-inside", &[("code", ticket.code.clone().into())]),
        choices,
    );
    Ok(State::Staff(StaffStep::Ticket {
        ticket_id: ticket.id,
    }))
}

pub(super) async fn open(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    id: i64,
) -> Result<State, EngineError> {
    let Some(ticket) = store::get(conn, id).await? else {
        turn.say(turn.t("ticket-not-found"));
        return home(turn, conn, member).await;
    };
    if holds(member, &ticket) && ticket.state.is_active() {
        return enter(turn, conn, member, &ticket, EarlierFiles::Skip).await;
    }
    let mut choices = vec![];
    // Seeing without acting: supervisors, or a specialist looking back at their own
    // closed ticket; a specialist weighing an untaken one sees what it is about.
    if may(member, Act::SeePersonalData, &ticket) {
        record_context_read(turn, conn, member, &ticket, "ticket_context").await?;
        show(turn, conn, &ticket).await?;
    } else if may(member, Act::SeeContent, &ticket) {
        // A supervisor reads a denuncia's conversation, not who sent it: nothing of
        // the sender is shown, so nothing is recorded against their request (the
        // record itself would tie the denuncia to it).
        let messages = store::messages(conn, ticket.id, ENTER_MESSAGES).await?;
        let locales = &turn.engine.locales;
        let lines = notice::content_lines(conn, locales, turn.lang, &ticket, &messages).await?;
        turn.say(lines.join("\n"));
        if let Some(note) = &ticket.resolution {
            turn.say(turn.ta("ticket-resolution-line", &[("note", note.clone().into())]));
        }
    } else if may(member, Act::SeeStatus, &ticket) {
        let due = notice::when(
            &turn.engine.locales,
            turn.lang,
            ticket.first_response_due_at,
        );
        turn.say(format!(
            "{} · {}\n{}",
            summary(turn, member, &ticket),
            turn.t(ticket.state.message_key()),
            turn.ta("ticket-due-short", &[("due", due.into())])
        ));
    } else {
        turn.say(turn.t("ticket-not-yours"));
        return home(turn, conn, member).await;
    }
    let takeable = ticket.state.is_untaken() && may(member, Act::Act, &ticket);
    if takeable {
        choices.push(turn.choice(ChoiceId::Take(ticket.id), "ticket-take"));
    }
    choices.push(turn.choice(ChoiceId::Tickets(TicketsItem::Home), "staff-back"));
    let prompt = if takeable {
        "ticket-take-to-read"
    } else {
        "ticket-view-only"
    };
    turn.ask(turn.t(prompt), choices);
    Ok(State::Staff(StaffStep::Home))
}

/// The ticket, if this specialist holds it and it is still open.
pub(super) async fn held(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    id: i64,
) -> Result<Option<TicketRow>, EngineError> {
    let ticket = service::held(conn, member, id).await?;
    if ticket.is_none() {
        turn.say(turn.t("ticket-not-yours"));
    }
    Ok(ticket)
}

pub(super) async fn relay_from_specialist(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    ticket_id: i64,
    input: Input,
) -> Result<Step, EngineError> {
    let Some(ticket) = held(turn, conn, member, ticket_id).await? else {
        let state = home(turn, conn, member).await?;
        return Ok(Step::to(state));
    };
    let reply = match input {
        Input::Text(text) => TicketReply::Text(text),
        Input::File(file) => match keep_file(turn, conn, &ticket, &file).await? {
            Ok((sha256, file_name)) => TicketReply::File { sha256, file_name },
            Err(problem) => {
                turn.say(problem);
                return Ok(Step::to(State::Staff(StaffStep::Ticket { ticket_id })));
            }
        },
        Input::Choice(_) | Input::Stale => {
            return Ok(Step::pass(
                State::Staff(StaffStep::Ticket { ticket_id }),
                input,
            ));
        }
        Input::Contact { .. }
        | Input::FormReply { .. }
        | Input::Unsupported(_)
        | Input::Form(_) => {
            turn.say(turn.t("ticket-unsupported"));
            return Ok(Step::unclear(State::Staff(StaffStep::Ticket { ticket_id })));
        }
    };
    let events = service::reply(conn, member, &ticket, reply, turn.unix()).await?;
    turn.notify(conn, events).await?;
    Ok(Step::to(State::Staff(StaffStep::Ticket { ticket_id })))
}

pub(super) async fn ask_resolution(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    id: i64,
) -> Result<State, EngineError> {
    let Some(ticket) = held(turn, conn, member, id).await? else {
        return home(turn, conn, member).await;
    };
    let back = vec![turn.choice(ChoiceId::OpenTicket(ticket.id), "staff-back")];
    turn.ask(
        turn.ta("ticket-ask-resolution", &[("code", ticket.code.into())]),
        back,
    );
    Ok(State::Staff(StaffStep::TicketClosing { ticket_id: id }))
}

pub(super) async fn resolution(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    ticket_id: i64,
    input: Input,
) -> Result<Step, EngineError> {
    let note = match input {
        Input::Text(text) if text.trim().chars().count() >= 3 => text.trim().to_owned(),
        Input::Choice(_) => {
            return Ok(Step::pass(
                State::Staff(StaffStep::TicketClosing { ticket_id }),
                input,
            ));
        }
        _ => {
            turn.say(turn.t("staff-note-too-short"));
            let state = ask_resolution(turn, conn, member, ticket_id).await?;
            return Ok(Step::unclear(state));
        }
    };
    let Some(ticket) = held(turn, conn, member, ticket_id).await? else {
        let state = home(turn, conn, member).await?;
        return Ok(Step::to(state));
    };
    let Some(events) = service::close_with_note(conn, member, &ticket, &note, turn.unix()).await?
    else {
        turn.say(turn.t("ticket-not-yours"));
        let state = home(turn, conn, member).await?;
        return Ok(Step::to(state));
    };
    turn.notify(conn, events).await?;
    turn.say(turn.ta("ticket-closed-staff", &[("code", ticket.code.into())]));
    let state = home(turn, conn, member).await?;
    Ok(Step::to(state))
}

pub(super) async fn colleagues(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    id: i64,
) -> Result<State, EngineError> {
    let Some(ticket) = held(turn, conn, member, id).await? else {
        return home(turn, conn, member).await;
    };
    let others = service::colleagues_of(conn, member, &ticket).await?;
    let units = service::units_for(&ticket);
    if others.is_empty() && units.is_empty() {
        turn.say(turn.t("ticket-no-colleague"));
        return enter(turn, conn, member, &ticket, EarlierFiles::Skip).await;
    }
    // The other units first (where a case belongs), then colleagues of this one.
    let mut choices: Vec<Choice> = units
        .iter()
        .map(|u| {
            Choice::new(
                ChoiceId::DeriveTo {
                    ticket: ticket.id,
                    unit: u.as_str().to_owned(),
                },
                turn.ta(
                    "case-derive-to",
                    &[
                        ("unit", turn.t(u.message_key()).into()),
                        ("role", u.as_str().into()),
                    ],
                ),
            )
        })
        .chain(others.iter().take(9 - units.len().min(9)).map(|m| {
            Choice::new(
                ChoiceId::HandTo {
                    ticket: ticket.id,
                    to: m.id,
                },
                m.name.clone(),
            )
        }))
        .collect();
    choices.push(turn.choice(ChoiceId::OpenTicket(ticket.id), "staff-back"));
    turn.ask(
        turn.ta("ticket-ask-colleague", &[("code", ticket.code.into())]),
        choices,
    );
    // Out of the ticket while choosing, so a typed name is not sent to the ally.
    Ok(State::Staff(StaffStep::Home))
}

pub(super) async fn hand_over(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    id: i64,
    to: i64,
) -> Result<State, EngineError> {
    let Some(ticket) = held(turn, conn, member, id).await? else {
        return home(turn, conn, member).await;
    };
    let target = staff_store::get(conn, to)
        .await?
        .filter(|m| m.has(ticket.unit) && m.id != member.id);
    let Some(target) = target else {
        turn.say(turn.t("stale-choice"));
        return colleagues(turn, conn, member, id).await;
    };
    let Some((moved, events)) =
        service::hand_over_to(conn, member, &ticket, &target, turn.unix()).await?
    else {
        turn.say(turn.t("ticket-not-yours"));
        return home(turn, conn, member).await;
    };
    turn.notify(conn, events).await?;
    turn.say(turn.ta(
        "ticket-handed-done",
        &[
            ("code", moved.code.clone().into()),
            ("name", target.name.into()),
        ],
    ));
    home(turn, conn, member).await
}

/// Derives a held ticket to another unit: the unit hears of a case to take, the ally
/// where it went and by when; the specialist is back at the desk.
pub(super) async fn derive(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    id: i64,
    unit: Role,
) -> Result<State, EngineError> {
    let Some(ticket) = held(turn, conn, member, id).await? else {
        return home(turn, conn, member).await;
    };
    let Some((moved, events)) = service::derive(conn, member, &ticket, unit, turn.unix()).await?
    else {
        turn.say(turn.t("stale-choice"));
        return home(turn, conn, member).await;
    };
    turn.notify(conn, events).await?;
    turn.say(turn.ta(
        "case-derived-done",
        &[
            ("code", moved.code.clone().into()),
            ("unit", turn.t(unit.message_key()).into()),
            ("role", unit.as_str().into()),
        ],
    ));
    home(turn, conn, member).await
}
