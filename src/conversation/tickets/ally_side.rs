//! A ticket seen from the ally's chat: opening it, relaying what they send, ending and rating it.

use super::*;
use crate::domain::ticket::CaseNumber;
use crate::message::ChatKey;

pub(in crate::conversation) async fn open_ticket(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    category: Category,
    question: &str,
    resume: Option<Box<State>>,
) -> Result<State, EngineError> {
    let chat = turn.chat;
    let request = context_request(turn, conn).await?;
    let context = match &request {
        Some(r) => TicketContext {
            request_code: Some(r.code.clone()),
            stage: Some(r.stage.as_str().to_owned()),
            access_type: Some(r.access_type.as_str().to_owned()),
            jurisdiction: Some(r.jurisdiction_label()),
            person: match (&r.data.resp_names, &r.data.resp_surnames) {
                (Some(n), Some(s)) => Some(format!("{n} {s}")),
                (Some(n), None) => Some(n.to_string()),
                _ => None,
            },
        },
        None => TicketContext::default(),
    };
    let engine = turn.engine;
    let due = escalation::first_response_due(&engine.calendar, &engine.settings, turn.now);
    let ticket = store::open(
        conn,
        NewTicket {
            category,
            chat: chat.key(),
            locale: turn.lang,
            request_id: request.as_ref().map(|r| r.id),
            context: &context,
            first_response_due_at: due.timestamp(),
            resolution_due_at: escalation::resolution_due(
                &engine.calendar,
                turn.now,
                engine
                    .settings
                    .tickets
                    .resolution_days
                    .for_category(category),
            )
            .timestamp(),
            year: turn.today().year(),
        },
        turn.unix(),
    )
    .await?;
    store::add_message(
        conn,
        ticket.id,
        Author::Ally,
        Some(question),
        None,
        turn.unix(),
    )
    .await?;
    turn.notify(
        conn,
        vec![Event::TicketOpened {
            ticket: ticket.clone(),
        }],
    )
    .await?;
    turn.say(turn.ta(
        "ticket-opened",
        &[
            ("code", ticket.code.clone().into()),
            ("kind", category.as_str().into()),
        ],
    ));
    turn.say(notice::timing_text(
        &engine.locales,
        turn.lang,
        &engine.calendar,
        turn.now,
        ticket.first_response_due_at,
        category.receiving_unit(),
    ));
    let choices = vec![
        turn.choice(ChoiceId::TicketEnd, "ticket-end"),
        notice::see_case(&engine.locales, turn.lang, &ticket.code),
    ];
    // A denuncia reaches the control office alone, not a specialist.
    turn.ask(
        turn.ta(
            "ticket-relay-hint",
            &[("unit", category.receiving_unit().as_str().into())],
        ),
        choices,
    );
    Ok(State::Ticket(TicketStep::Open {
        ticket_id: ticket.id,
        resume,
    }))
}

/// The request a new ticket is about: a bound ally's access (often made from
/// another chat, e.g. a WhatsApp number bound to an access requested on Telegram);
/// else the chat's own latest request; else the access the chat was bound to until
/// it ended.
async fn context_request(
    turn: &Turn<'_>,
    conn: &mut Conn,
) -> Result<Option<requests::RequestRow>, EngineError> {
    let chat = turn.chat;
    if let Some(ally) = &turn.ally {
        return Ok(Some(ally.access.clone()));
    }
    if let Some(own) = requests::by_chat(conn, chat.key())
        .await?
        .into_iter()
        .next()
    {
        return Ok(Some(own));
    }
    Ok(match bindings::latest(conn, chat.key()).await? {
        Some(ended) => requests::get(conn, ended.request_id).await?,
        None => None,
    })
}

/// Everything the ally sends while their ticket is open.
pub(super) async fn relay_from_ally(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ticket: TicketRow,
    resume: Option<Box<State>>,
    input: Input,
) -> Result<Step, EngineError> {
    let now = turn.unix();
    // A case's number alone, typed or tapped on a notice: its state, for the ally;
    // a sentence that mentions one is a message like any other.
    let asked = match &input {
        Input::Text(text) => CaseNumber::alone(text),
        Input::Choice(ChoiceId::CaseStatus(number)) => CaseNumber::find(number),
        _ => None,
    };
    if let Some(number) = asked {
        status_inside(turn, conn, &ticket, &number).await?;
        return Ok(inside(ticket.id, resume, true));
    }
    match input {
        Input::Text(text) if Command::parse(&text) == Some(Command::Cancel) => {
            end_by_ally(turn, conn, ticket, resume).await
        }
        Input::Choice(ChoiceId::TicketEnd) => end_by_ally(turn, conn, ticket, resume).await,
        Input::Text(text) => {
            store::add_message(conn, ticket.id, Author::Ally, Some(&text), None, now).await?;
            if !relay_to_specialist(turn, conn, &ticket, Relay::Text(&text)).await? {
                turn.say(turn.ta("ticket-added", &[("code", ticket.code.clone().into())]));
            }
            Ok(inside(ticket.id, resume, true))
        }
        Input::Contact { phone, .. } => {
            let text = turn.ta("ticket-contact-shared", &[("phone", phone.into())]);
            store::add_message(conn, ticket.id, Author::Ally, Some(&text), None, now).await?;
            if !relay_to_specialist(turn, conn, &ticket, Relay::Text(&text)).await? {
                turn.say(turn.ta("ticket-added", &[("code", ticket.code.clone().into())]));
            }
            Ok(inside(ticket.id, resume, true))
        }
        Input::File(file) => {
            let (sha, name) = match keep_file(turn, conn, &ticket, &file).await? {
                Ok(kept) => kept,
                Err(problem) => {
                    turn.say(problem);
                    return Ok(inside(ticket.id, resume, true));
                }
            };
            store::add_message(
                conn,
                ticket.id,
                Author::Ally,
                None,
                Some((&sha, &name)),
                now,
            )
            .await?;
            if !relay_to_specialist(turn, conn, &ticket, Relay::File(&sha, &name)).await? {
                turn.say(turn.ta("ticket-added", &[("code", ticket.code.clone().into())]));
            }
            Ok(inside(ticket.id, resume, true))
        }
        Input::Unsupported(_) | Input::FormReply { .. } | Input::Form(_) => {
            turn.say(turn.t("ticket-unsupported"));
            Ok(inside(ticket.id, resume, false))
        }
        // A button from before the ticket: say where they are and how to leave.
        Input::Choice(_) | Input::Stale => {
            let end = vec![turn.choice(ChoiceId::TicketEnd, "ticket-end")];
            turn.ask(
                turn.ta(
                    "ticket-in-progress",
                    &[("code", ticket.code.clone().into())],
                ),
                end,
            );
            Ok(inside(ticket.id, resume, true))
        }
    }
}

pub(super) fn inside(ticket_id: i64, resume: Option<Box<State>>, understood: bool) -> Step {
    Step::done(
        State::Ticket(TicketStep::Open { ticket_id, resume }),
        understood,
    )
}

pub(super) enum Relay<'a> {
    Text(&'a str),
    File(&'a str, &'a str),
}

/// Writes what the ally sent to the specialist holding the ticket; false if nobody
/// holds it yet (it waits in the ticket for whoever takes it).
pub(super) async fn relay_to_specialist(
    turn: &Turn<'_>,
    conn: &mut Conn,
    ticket: &TicketRow,
    what: Relay<'_>,
) -> Result<bool, EngineError> {
    let Some(id) = ticket.specialist_id else {
        return Ok(false);
    };
    let Some(member) = staff_store::get(conn, id).await? else {
        return Ok(false);
    };
    let Some((channel, chat_id)) = member.address() else {
        return Ok(false);
    };
    // A holder whose role was withdrawn gets nothing more; it waits in the ticket.
    if !may(&member, Act::SeePersonalData, ticket) {
        return Ok(false);
    }
    let reader = StaffReader::Chat {
        staff_id: member.id,
        chat: ChatKey::new(channel, &chat_id),
    };
    record_ticket_read(conn, reader, ticket, "ticket_message", turn.unix()).await?;
    let locales = &turn.engine.locales;
    let lang = locales.pick(Some(&member.locale));
    let who = notice::ally_name(locales, lang, ticket);
    let args = |extra: Vec<(&'static str, Arg)>| {
        let mut a: Vec<(&str, Arg)> = vec![
            ("code", ticket.code.clone().into()),
            ("who", who.clone().into()),
        ];
        a.extend(extra);
        a
    };
    let message = match what {
        Relay::Text(text) => {
            // A way back into the ticket when the specialist is elsewhere.
            let choices = if staff_is_in(conn, ChatKey::new(channel, &chat_id), ticket.id).await? {
                vec![]
            } else {
                vec![Choice::new(
                    ChoiceId::OpenTicket(ticket.id),
                    locales.t(lang, "ticket-reply"),
                )]
            };
            Outbound::Text {
                text: locales.t_args(lang, "ticket-from-ally", &args(vec![("text", text.into())])),
                choices,
            }
        }
        Relay::File(sha, name) => Outbound::Document {
            sha256: sha.to_owned(),
            file_name: name.to_owned(),
            caption: locales.t_args(lang, "ticket-file-from-ally", &args(vec![])),
        },
    };
    enqueue(conn, ChatKey::new(channel, &chat_id), &message).await?;
    Ok(true)
}

/// Whether a staff chat is inside this ticket now.
pub(super) async fn staff_is_in(
    conn: &mut Conn,
    chat: ChatKey<'_>,
    ticket_id: i64,
) -> Result<bool, EngineError> {
    let Some(row) = conversations::load(conn, chat).await? else {
        return Ok(false);
    };
    let persisted = Persisted::read(&row.state).unwrap_or_default();
    Ok(matches!(
        persisted.state,
        State::Staff(StaffStep::Ticket { ticket_id: t }) | State::Staff(StaffStep::TicketClosing { ticket_id: t })
            if t == ticket_id
    ))
}

/// Checks a file's size, stores it by content hash and names it for the other side.
pub(super) async fn keep_file(
    turn: &Turn<'_>,
    conn: &mut Conn,
    ticket: &TicketRow,
    file: &IncomingFile,
) -> Result<Result<(String, String), String>, EngineError> {
    let limit_mb = turn.engine.settings.storage.max_upload_mb;
    let bytes = match &file.content {
        FileContent::Bytes(b) if b.len() <= limit_mb * 1024 * 1024 && !b.is_empty() => b,
        FileContent::Bytes(b) if b.is_empty() => return Ok(Err(turn.t("ticket-file-again"))),
        FileContent::Bytes(_) | FileContent::TooLarge { .. } => {
            return Ok(Err(
                turn.ta("ticket-file-too-large", &[("limit", limit_mb.into())])
            ));
        }
        FileContent::Unavailable => return Ok(Err(turn.t("ticket-file-again"))),
    };
    let given = match file.origin {
        FileOrigin::Document => file.name.as_deref(),
        _ => None,
    };
    let kept =
        service::keep_bytes(&turn.engine.files, conn, ticket, bytes, given, turn.unix()).await?;
    Ok(Ok(kept))
}

/// A voice note sent with no ticket open (at the top level, in the questions, or as
/// the question of a ticket being opened): nobody here reads audio, so it opens a
/// ticket (of `category`) that carries it to a specialist.
pub(in crate::conversation) async fn open_with_voice(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    category: Category,
    file: IncomingFile,
    resume: Option<Box<State>>,
) -> Result<Step, EngineError> {
    turn.say(turn.t("voice-heard-by-person"));
    let placeholder = turn.t("ticket-voice-note");
    let state = open_ticket(turn, conn, category, &placeholder, resume).await?;
    let State::Ticket(TicketStep::Open { ticket_id, .. }) = &state else {
        return Ok(Step::to(state));
    };
    let Some(ticket) = store::get(conn, *ticket_id).await? else {
        return Ok(Step::to(state));
    };
    match keep_file(turn, conn, &ticket, &file).await? {
        Ok((sha, name)) => {
            store::add_message(
                conn,
                ticket.id,
                Author::Ally,
                None,
                Some((&sha, &name)),
                turn.unix(),
            )
            .await?;
        }
        Err(problem) => turn.say(problem),
    }
    Ok(Step::to(state))
}

pub(super) async fn end_by_ally(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ticket: TicketRow,
    resume: Option<Box<State>>,
) -> Result<Step, EngineError> {
    let events = service::close_by_ally(conn, &ticket, turn.unix()).await?;
    turn.notify(conn, events).await?;
    let lead = turn.ta(
        "ticket-closed-by-you",
        &[("code", ticket.code.clone().into())],
    );
    // Only an answered ticket has something to rate.
    if ticket.state == TicketState::Answered {
        let prompt = notice::rating_prompt(&turn.engine.locales, &ticket, lead);
        turn.flush();
        turn.out.push(prompt);
        return Ok(inside(ticket.id, resume, true));
    }
    turn.say(lead);
    back(turn, conn, resume).await
}

pub(super) async fn rate_choice(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    id: &ChoiceId,
) -> Result<Step, EngineError> {
    let resume = match state {
        State::Ticket(TicketStep::Open { resume, .. })
        | State::Ticket(TicketStep::Comment { resume, .. }) => resume,
        other => resumable(other),
    };
    let rating = match id {
        ChoiceId::Rate { ticket, stars } => Rating::new(i64::from(*stars)).map(|r| (*ticket, r)),
        _ => None,
    };
    match rating {
        Some((ticket_id, rating)) => rate(turn, conn, ticket_id, rating, resume).await,
        None if matches!(id, ChoiceId::SkipRating(_)) => {
            turn.say(turn.t("ticket-thanks"));
            back(turn, conn, resume).await
        }
        _ => {
            turn.say(turn.t("stale-choice"));
            back(turn, conn, resume).await
        }
    }
}

pub(super) async fn rate(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ticket_id: i64,
    rating: Rating,
    resume: Option<Box<State>>,
) -> Result<Step, EngineError> {
    let rated = service::rate(conn, turn.chat.key(), ticket_id, rating, turn.unix()).await?;
    if !rated {
        turn.say(turn.t("ticket-already-rated"));
        return back(turn, conn, resume).await;
    }
    let skip = vec![turn.choice(ChoiceId::NoComment, "skip")];
    turn.ask(turn.t("ticket-ask-comment"), skip);
    Ok(Step::to(State::Ticket(TicketStep::Comment {
        ticket_id,
        resume,
    })))
}

pub(super) async fn comment(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ticket_id: i64,
    resume: Option<Box<State>>,
    input: Input,
) -> Result<Step, EngineError> {
    match input {
        Input::Choice(ChoiceId::NoComment) => {
            turn.say(turn.t("ticket-thanks"));
        }
        // A command means they moved on.
        Input::Text(text) if text.trim().starts_with('/') => {
            return Ok(Step::pass(unbox(resume), Input::Text(text)));
        }
        Input::Text(text) => {
            store::comment(conn, ticket_id, text.trim()).await?;
            turn.say(turn.t("ticket-thanks-comment"));
        }
        Input::Choice(_) => return Ok(Step::pass(unbox(resume), input)),
        _ => {
            let skip = vec![turn.choice(ChoiceId::NoComment, "skip")];
            turn.ask(turn.t("ticket-comment-text-only"), skip);
            return Ok(Step::unclear(State::Ticket(TicketStep::Comment {
                ticket_id,
                resume,
            })));
        }
    }
    back(turn, conn, resume).await
}

/// Where a case is, looked up by its number from this chat: its state, the unit
/// that has it and the date expected (or how it was closed); the same answer for a
/// number that does not exist and one that is not this ally's.
pub(in crate::conversation) async fn case_status(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    number: &CaseNumber,
) -> Result<Step, EngineError> {
    say_case_status(turn, conn, number).await?;
    Ok(Step::to(State::Idle))
}

/// Says where a case is (see [`case_status`]), whatever the chat is doing.
async fn say_case_status(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    number: &CaseNumber,
) -> Result<(), EngineError> {
    let chat = turn.chat;
    let bound = turn.ally.as_ref().map(|a| a.access.id);
    let found = service::look_up(
        conn,
        (chat.channel.as_str(), chat.chat_id.as_str()),
        bound,
        number,
    )
    .await?;
    let Some(case) = found else {
        turn.say(turn.ta("case-not-found", &[("number", number.text().into())]));
        return Ok(());
    };
    let locales = &turn.engine.locales;
    let mut lines = vec![turn.ta(
        "case-status",
        &[
            ("number", case.number.clone().into()),
            ("state", turn.t(case.state_key).into()),
            ("unit", turn.t(case.unit.message_key()).into()),
            ("role", case.unit.as_str().into()),
        ],
    )];
    if let Some(due) = case.due_at {
        lines.push(turn.ta(
            "case-status-due",
            &[("due", notice::when(locales, turn.lang, due).into())],
        ));
    }
    if let Some(outcome) = case.outcome_key {
        lines.push(turn.t(outcome));
    }
    if let Some(note) = &case.closed_note {
        lines.push(turn.ta("case-status-note", &[("note", note.clone().into())]));
    }
    turn.say(lines.join("\n"));
    Ok(())
}

/// A case number the ally sends inside their open ticket, alone or by a notice's
/// button: where that case is, told to the ally, not relayed to whoever answers.
async fn status_inside(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ticket: &TicketRow,
    number: &CaseNumber,
) -> Result<(), EngineError> {
    say_case_status(turn, conn, number).await?;
    let end = vec![turn.choice(ChoiceId::TicketEnd, "ticket-end")];
    turn.ask(
        turn.ta(
            "case-status-in-ticket",
            &[("code", ticket.code.clone().into())],
        ),
        end,
    );
    Ok(())
}
