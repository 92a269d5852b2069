//! Escalation to a human, in both chats.
//!
//! Ally: asks for a specialist at any point (menu, `/especialista`, free text, or when
//! offered after two misunderstood messages), picks a category, writes the question
//! and gets a ticket number and when to expect an answer. While the ticket is open,
//! everything the ally sends is stored and relayed, never answered by the bot; when
//! it closes they may rate it and go back to what they were doing.
//!
//! Specialist (role especialista): takes new tickets, is "inside" one while replying
//! (texts and files go to the ally, on the ally's channel), hands one to a colleague,
//! closes it with a resolution note. Supervisor: tickets by state and category, and
//! the monthly report.
//!
//! Whether an ally is in a ticket comes from the tickets table, not only from the
//! chat's state, so nothing they send can slip past an open ticket.
//!
//! Staff see and act on tickets through the access policy: a ticket's status (code,
//! category, jurisdiction, due date) to any specialist while nobody holds it; its
//! personal data (the ally's name, their request, the messages) to the specialist
//! who holds it and to supervisors; acting on it (take, answer, hand over, close) to
//! its holder, or taking it to any specialist while untaken. Every staff read of a
//! ticket's personal data lands in the Ley 29733 record of the ally's request.

use crate::message::{ChoiceId, StaffItem, TicketsItem};
use chrono::{Datelike, Months};

use super::menu;
use super::router::{self, Command};
use super::{Choice, EngineError, FileContent, FileOrigin, IncomingFile, Input, Outbound};
use super::{Persisted, State, Turn, staff};
use crate::domain::calendar::month_bounds;
use crate::domain::policy::Act;
use crate::domain::stage::Role;
use crate::domain::ticket::{Category, Rating, TicketState};
use crate::domain::ubigeo::normalize;
use crate::events::Event;
use crate::events::TicketReply;
use crate::i18n::Arg;
use crate::notify::enqueue;
use crate::notify::tickets as notice;
use crate::services::escalation;
use crate::services::tickets::{self as service, Took, holds, may, record_read_at};
use crate::store::staff::{self as staff_store, StaffMember};
use crate::store::tickets::{self as store, Author, NewTicket, TicketContext, TicketRow};
use crate::store::{Conn, bindings, conversations, files, requests};

/// What a ticket step did with the input: handled it, or passed it on to the rest
/// of the dispatcher (with the state to use there).
pub(super) enum Routed {
    Done(State, bool),
    Pass(State, Input),
}

/// How many messages a specialist sees when entering a ticket.
const ENTER_MESSAGES: i64 = 10;

/// How many tickets a list shows, one line each.
const LISTED: usize = 50;

// ----- ally -----

/// Runs before everything else in an ally's chat.
pub(super) async fn ally_first(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    input: Input,
) -> Result<Routed, EngineError> {
    let chat = turn.chat;
    if let Some(ticket) = store::active_for_chat(conn, chat.channel.as_str(), &chat.chat_id).await?
    {
        let resume = match state {
            State::TicketOpen { resume, .. } => resume,
            _ => None,
        };
        return relay_from_ally(turn, conn, ticket, resume, input).await;
    }
    match (state, input) {
        (state, Input::Choice(id @ (ChoiceId::Rate { .. } | ChoiceId::SkipRating(_)))) => {
            rate_choice(turn, conn, state, &id).await
        }
        // The specialist closed it: a typed number is the rating.
        (State::TicketOpen { ticket_id, resume }, Input::Text(text)) => {
            match Rating::parse(&text) {
                Some(rating) => rate(turn, conn, ticket_id, rating, resume).await,
                None => Ok(Routed::Pass(unbox(resume), Input::Text(text))),
            }
        }
        (State::TicketOpen { resume, .. }, input) => Ok(Routed::Pass(unbox(resume), input)),
        (State::TicketComment { ticket_id, resume }, input) => {
            comment(turn, conn, ticket_id, resume, input).await
        }
        (
            State::TicketCategory { resume } | State::TicketQuestion { resume, .. },
            Input::Text(text),
        ) if Command::parse(&text) == Some(Command::Cancel) => {
            turn.say(turn.t("ticket-not-opened"));
            let state = back(turn, conn, resume).await?;
            Ok(Routed::Done(state, true))
        }
        (state, input) => Ok(Routed::Pass(state, input)),
    }
}

fn unbox(resume: Option<Box<State>>) -> State {
    resume.map(|s| *s).unwrap_or_default()
}

/// The flow to take up again after the ticket, if the ally was in one.
fn resumable(state: State) -> Option<Box<State>> {
    match state {
        State::Idle
        | State::TicketCategory { .. }
        | State::TicketQuestion { .. }
        | State::TicketOpen { .. }
        | State::TicketComment { .. }
        | State::StaffHome
        | State::StaffReviewing { .. }
        | State::StaffNote { .. }
        | State::StaffTicket { .. }
        | State::StaffTicketClosing { .. } => None,
        other => Some(Box::new(other)),
    }
}

/// Back with the bot: the flow the ally left, or the menu.
async fn back(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    resume: Option<Box<State>>,
) -> Result<State, EngineError> {
    match resume {
        Some(state) => {
            turn.say(turn.t("ticket-resume"));
            router::reprompt(turn, conn, *state).await
        }
        None => {
            menu::show_menu(turn);
            Ok(State::Idle)
        }
    }
}

/// After two misunderstood messages: a person is one tap away.
pub(super) fn offer(turn: &mut Turn<'_>) {
    let offer = Outbound::Text {
        text: turn.t("ticket-offer"),
        choices: vec![],
    };
    // Before the flow's question, so the choices it offered stay the last ones.
    let at = turn
        .out
        .iter()
        .rposition(|o| matches!(o, Outbound::Text { choices, .. } if !choices.is_empty()))
        .unwrap_or(turn.out.len());
    turn.out.insert(at, offer);
}

pub(super) async fn start(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
) -> Result<State, EngineError> {
    let chat = turn.chat;
    if let Some(ticket) = store::active_for_chat(conn, chat.channel.as_str(), &chat.chat_id).await?
    {
        turn.say(turn.ta("ticket-already-open", &[("code", ticket.code.into())]));
        return Ok(State::TicketOpen {
            ticket_id: ticket.id,
            resume: resumable(state),
        });
    }
    turn.say(turn.t("ticket-intro"));
    Ok(ask_category(turn, resumable(state)))
}

fn ask_category(turn: &mut Turn<'_>, resume: Option<Box<State>>) -> State {
    let mut choices: Vec<Choice> = Category::ALL
        .into_iter()
        .map(|c| {
            turn.choice(
                ChoiceId::TicketCategory(c.as_str().to_owned()),
                c.message_key(),
            )
        })
        .collect();
    choices.push(turn.choice(ChoiceId::TicketBack, "staff-back"));
    turn.ask(turn.t("ticket-ask-category"), choices);
    State::TicketCategory { resume }
}

fn ask_question(turn: &mut Turn<'_>, category: Category, resume: Option<Box<State>>) -> State {
    let choices = vec![turn.choice(ChoiceId::TicketBack, "ticket-change-category")];
    turn.ask(
        turn.ta(
            "ticket-ask-question",
            &[("category", turn.t(category.message_key()).into())],
        ),
        choices,
    );
    State::TicketQuestion { category, resume }
}

/// Asks again what the current step needs.
pub(super) fn reprompt(turn: &mut Turn<'_>, state: State) -> State {
    match state {
        State::TicketQuestion { category, resume } => ask_question(turn, category, resume),
        State::TicketCategory { resume } => ask_category(turn, resume),
        _ => {
            menu::show_menu(turn);
            State::Idle
        }
    }
}

fn category_in(turn: &Turn<'_>, text: &str) -> Option<Category> {
    let typed = normalize(text);
    Category::ALL.into_iter().find(|c| {
        typed.contains(c.as_str()) || typed.contains(&normalize(&turn.t(c.message_key())))
    })
}

/// The category and question steps.
pub(super) async fn step(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    input: Input,
) -> Result<(State, bool), EngineError> {
    match state {
        State::TicketCategory { resume } => {
            let picked = match &input {
                Input::Choice(ChoiceId::TicketBack) => {
                    turn.say(turn.t("ticket-not-opened"));
                    return back(turn, conn, resume).await.map(|s| (s, true));
                }
                Input::Choice(ChoiceId::TicketCategory(c)) => Category::parse(c),
                Input::Text(text) => category_in(turn, text),
                _ => None,
            };
            match picked {
                Some(category) => Ok((ask_question(turn, category, resume), true)),
                None => {
                    turn.say(turn.t("pick-an-option"));
                    Ok((ask_category(turn, resume), false))
                }
            }
        }
        State::TicketQuestion { category, resume } => match input {
            Input::Choice(ChoiceId::TicketBack) => Ok((ask_category(turn, resume), true)),
            Input::Text(text) if text.trim().chars().count() >= 3 => {
                open_ticket(turn, conn, category, text.trim(), resume)
                    .await
                    .map(|s| (s, true))
            }
            Input::File(_) => {
                turn.say(turn.t("ticket-question-first"));
                Ok((ask_question(turn, category, resume), true))
            }
            _ => {
                turn.say(turn.t("ticket-question-too-short"));
                Ok((ask_question(turn, category, resume), false))
            }
        },
        other => Ok((reprompt(turn, other), true)),
    }
}

pub(super) async fn open_ticket(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    category: Category,
    question: &str,
    resume: Option<Box<State>>,
) -> Result<State, EngineError> {
    let chat = turn.chat;
    // A bound ally's context is their access (often made from another chat, e.g. a
    // WhatsApp number bound to an access requested on Telegram); else the chat's own
    // latest request; else the access the chat was bound to until it ended.
    let request = match &turn.ally {
        Some(ally) => Some(ally.access.clone()),
        None => match requests::by_chat(conn, chat.channel.as_str(), &chat.chat_id)
            .await?
            .into_iter()
            .next()
        {
            Some(own) => Some(own),
            None => match bindings::latest(conn, chat.channel.as_str(), &chat.chat_id).await? {
                Some(ended) => requests::get(conn, ended.request_id).await?,
                None => None,
            },
        },
    };
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
            channel: chat.channel.as_str(),
            chat_id: &chat.chat_id,
            locale: turn.lang,
            request_id: request.as_ref().map(|r| r.id),
            context: &context,
            first_response_due_at: due.timestamp(),
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
            ("category", turn.t(category.message_key()).into()),
        ],
    ));
    turn.say(notice::timing_text(
        &engine.locales,
        turn.lang,
        &engine.calendar,
        turn.now,
        ticket.first_response_due_at,
    ));
    let end = vec![turn.choice(ChoiceId::TicketEnd, "ticket-end")];
    turn.ask(turn.t("ticket-relay-hint"), end);
    Ok(State::TicketOpen {
        ticket_id: ticket.id,
        resume,
    })
}

/// Everything the ally sends while their ticket is open.
async fn relay_from_ally(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ticket: TicketRow,
    resume: Option<Box<State>>,
    input: Input,
) -> Result<Routed, EngineError> {
    let now = turn.unix();
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

fn inside(ticket_id: i64, resume: Option<Box<State>>, understood: bool) -> Routed {
    Routed::Done(State::TicketOpen { ticket_id, resume }, understood)
}

enum Relay<'a> {
    Text(&'a str),
    File(&'a str, &'a str),
}

/// Writes what the ally sent to the specialist holding the ticket; false if nobody
/// holds it yet (it waits in the ticket for whoever takes it).
async fn relay_to_specialist(
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
    record_read_at(
        conn,
        &member,
        (channel.as_str(), &chat_id),
        ticket,
        "ticket_message",
        turn.unix(),
    )
    .await?;
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
            let choices = if staff_is_in(conn, channel.as_str(), &chat_id, ticket.id).await? {
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
    enqueue(conn, channel.as_str(), &chat_id, &message).await?;
    Ok(true)
}

/// Whether a staff chat is inside this ticket now.
async fn staff_is_in(
    conn: &mut Conn,
    channel: &str,
    chat_id: &str,
    ticket_id: i64,
) -> Result<bool, EngineError> {
    let Some(row) = conversations::load(conn, channel, chat_id).await? else {
        return Ok(false);
    };
    let persisted: Persisted = serde_json::from_str(&row.state).unwrap_or_default();
    Ok(matches!(
        persisted.state,
        State::StaffTicket { ticket_id: t } | State::StaffTicketClosing { ticket_id: t }
            if t == ticket_id
    ))
}

/// Checks a file's size, stores it by content hash and names it for the other side.
async fn keep_file(
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

async fn end_by_ally(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ticket: TicketRow,
    resume: Option<Box<State>>,
) -> Result<Routed, EngineError> {
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
    let state = back(turn, conn, resume).await?;
    Ok(Routed::Done(state, true))
}

async fn rate_choice(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    id: &ChoiceId,
) -> Result<Routed, EngineError> {
    let resume = match state {
        State::TicketOpen { resume, .. } | State::TicketComment { resume, .. } => resume,
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
            let state = back(turn, conn, resume).await?;
            Ok(Routed::Done(state, true))
        }
        _ => {
            turn.say(turn.t("stale-choice"));
            let state = back(turn, conn, resume).await?;
            Ok(Routed::Done(state, true))
        }
    }
}

async fn rate(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ticket_id: i64,
    rating: Rating,
    resume: Option<Box<State>>,
) -> Result<Routed, EngineError> {
    let chat = (turn.chat.channel.as_str(), turn.chat.chat_id.as_str());
    let rated = service::rate(conn, chat, ticket_id, rating, turn.unix()).await?;
    if !rated {
        turn.say(turn.t("ticket-already-rated"));
        let state = back(turn, conn, resume).await?;
        return Ok(Routed::Done(state, true));
    }
    let skip = vec![turn.choice(ChoiceId::NoComment, "skip")];
    turn.ask(turn.t("ticket-ask-comment"), skip);
    Ok(Routed::Done(
        State::TicketComment { ticket_id, resume },
        true,
    ))
}

async fn comment(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ticket_id: i64,
    resume: Option<Box<State>>,
    input: Input,
) -> Result<Routed, EngineError> {
    match input {
        Input::Choice(ChoiceId::NoComment) => {
            turn.say(turn.t("ticket-thanks"));
        }
        // A command means they moved on.
        Input::Text(text) if text.trim().starts_with('/') => {
            return Ok(Routed::Pass(unbox(resume), Input::Text(text)));
        }
        Input::Text(text) => {
            store::comment(conn, ticket_id, text.trim()).await?;
            turn.say(turn.t("ticket-thanks-comment"));
        }
        Input::Choice(_) => return Ok(Routed::Pass(unbox(resume), input)),
        _ => {
            let skip = vec![turn.choice(ChoiceId::NoComment, "skip")];
            turn.ask(turn.t("ticket-comment-text-only"), skip);
            return Ok(Routed::Done(
                State::TicketComment { ticket_id, resume },
                false,
            ));
        }
    }
    let state = back(turn, conn, resume).await?;
    Ok(Routed::Done(state, true))
}

// ----- staff -----

/// The tickets desk's typed commands; `in_ticket` is the ticket the specialist is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TicketCommand {
    Home,
    Close,
    HandOver,
    Leave,
}

/// Runs a typed tickets command; None when it means nothing where the staff member is
/// (closing or handing over outside a ticket).
pub(super) async fn staff_command(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    in_ticket: Option<i64>,
    command: TicketCommand,
) -> Result<Option<State>, EngineError> {
    let state = match (command, in_ticket) {
        (TicketCommand::Home, _) => home(turn, conn, member).await?,
        (TicketCommand::Close, Some(id)) => ask_resolution(turn, conn, member, id).await?,
        (TicketCommand::HandOver, Some(id)) => colleagues(turn, conn, member, id).await?,
        (TicketCommand::Leave, Some(_)) => {
            turn.say(turn.t("ticket-left"));
            home(turn, conn, member).await?
        }
        _ => return Ok(None),
    };
    Ok(Some(state))
}

/// The ticket a specialist is inside, if any.
pub(super) fn ticket_of(state: &State) -> Option<i64> {
    match state {
        State::StaffTicket { ticket_id } | State::StaffTicketClosing { ticket_id } => {
            Some(*ticket_id)
        }
        _ => None,
    }
}

/// A specialist inside a ticket: what they send goes to the ally; otherwise passed on.
pub(super) async fn staff_step(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    state: State,
    input: Input,
) -> Result<Routed, EngineError> {
    match state {
        State::StaffTicket { ticket_id } => {
            relay_from_specialist(turn, conn, member, ticket_id, input).await
        }
        State::StaffTicketClosing { ticket_id } => {
            resolution(turn, conn, member, ticket_id, input).await
        }
        other => Ok(Routed::Pass(other, input)),
    }
}

/// The choices of the specialists' and supervisors' tickets desk.
pub(super) fn is_staff_ticket_choice(id: &ChoiceId) -> bool {
    matches!(
        id,
        ChoiceId::Tickets(_)
            | ChoiceId::Take(_)
            | ChoiceId::OpenTicket(_)
            | ChoiceId::CloseTicket(_)
            | ChoiceId::HandOver(_)
            | ChoiceId::HandTo { .. }
            | ChoiceId::TicketsIn(_)
            | ChoiceId::TicketReport { .. }
    )
}

pub(super) async fn staff_choice(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    id: &ChoiceId,
) -> Result<State, EngineError> {
    match id {
        ChoiceId::Tickets(TicketsItem::Home) => home(turn, conn, member).await,
        ChoiceId::Tickets(TicketsItem::Mine) => mine(turn, conn, member).await,
        ChoiceId::Tickets(TicketsItem::Pending) => pending(turn, conn, member).await,
        ChoiceId::Tickets(TicketsItem::Leave) => {
            turn.say(turn.t("ticket-left"));
            home(turn, conn, member).await
        }
        ChoiceId::Take(id) => take(turn, conn, member, *id).await,
        ChoiceId::OpenTicket(id) => open(turn, conn, member, *id).await,
        ChoiceId::CloseTicket(id) => ask_resolution(turn, conn, member, *id).await,
        ChoiceId::HandOver(id) => colleagues(turn, conn, member, *id).await,
        ChoiceId::HandTo { ticket, to } => hand_over(turn, conn, member, *ticket, *to).await,
        ChoiceId::TicketsIn(state) => match TicketState::parse(state) {
            Some(state) => by_state(turn, conn, member, state).await,
            None => home(turn, conn, member).await,
        },
        ChoiceId::TicketReport { previous } => report(turn, conn, member, *previous).await,
        _ => {
            turn.say(turn.t("stale-choice"));
            home(turn, conn, member).await
        }
    }
}

/// A staff member read a ticket's personal data (the ally's name, their request, the
/// messages), in this chat: it goes in the Ley 29733 record of that request, like
/// any staff read.
async fn record_context_read(
    turn: &Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    ticket: &TicketRow,
    what: &str,
) -> Result<(), EngineError> {
    let at = (turn.chat.channel.as_str(), turn.chat.chat_id.as_str());
    record_read_at(conn, member, at, ticket, what, turn.unix()).await?;
    Ok(())
}

fn refuse(turn: &mut Turn<'_>, member: &StaffMember) -> State {
    turn.say(turn.t("ticket-not-allowed"));
    staff::home(turn, member)
}

/// The tickets menu of a specialist and/or supervisor.
async fn home(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
) -> Result<State, EngineError> {
    let specialist = member.has(Role::Especialista);
    let supervisor = member.has(Role::Supervisor);
    if !specialist && !supervisor {
        return Ok(refuse(turn, member));
    }
    let mut lines = vec![];
    let mut choices = vec![];
    if specialist {
        let mine = store::for_specialist(conn, member.id).await?.len();
        let waiting = store::by_state(conn, TicketState::Open, None, 1000)
            .await?
            .len();
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
    Ok(State::StaffHome)
}

/// "AT-2026-000001 · Reclamo · Luis Pérez · Acoria (...)": the ally's name only for
/// whom the policy lets see the ticket's personal data.
fn summary(turn: &Turn<'_>, member: &StaffMember, ticket: &TicketRow) -> String {
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
async fn listed(
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

async fn mine(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
) -> Result<State, EngineError> {
    if !member.has(Role::Especialista) {
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

async fn pending(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
) -> Result<State, EngineError> {
    if !member.has(Role::Especialista) {
        return Ok(refuse(turn, member));
    }
    let mut rows = store::by_state(conn, TicketState::Open, None, 9).await?;
    rows.reverse();
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
fn pick_ticket(
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
    State::StaffHome
}

async fn take(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    id: i64,
) -> Result<State, EngineError> {
    if !member.has(Role::Especialista) {
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
async fn not_taken(
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

/// Shows a ticket with its context and last messages.
async fn show(turn: &mut Turn<'_>, conn: &mut Conn, ticket: &TicketRow) -> Result<(), EngineError> {
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
enum EarlierFiles {
    Send,
    Skip,
}

/// The specialist is now inside the ticket: what they write goes to the ally. Its
/// context is shown, and recorded as read, only if the policy lets them see it.
async fn enter(
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
    Ok(State::StaffTicket {
        ticket_id: ticket.id,
    })
}

async fn open(
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
    let takeable = ticket.state == TicketState::Open && may(member, Act::Act, &ticket);
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
    Ok(State::StaffHome)
}

/// The ticket, if this specialist holds it and it is still open.
async fn held(
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

async fn relay_from_specialist(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    ticket_id: i64,
    input: Input,
) -> Result<Routed, EngineError> {
    let Some(ticket) = held(turn, conn, member, ticket_id).await? else {
        let state = home(turn, conn, member).await?;
        return Ok(Routed::Done(state, true));
    };
    let reply = match input {
        Input::Text(text) => TicketReply::Text(text),
        Input::File(file) => match keep_file(turn, conn, &ticket, &file).await? {
            Ok((sha256, file_name)) => TicketReply::File { sha256, file_name },
            Err(problem) => {
                turn.say(problem);
                return Ok(Routed::Done(State::StaffTicket { ticket_id }, true));
            }
        },
        Input::Choice(_) | Input::Stale => {
            return Ok(Routed::Pass(State::StaffTicket { ticket_id }, input));
        }
        Input::Contact { .. }
        | Input::FormReply { .. }
        | Input::Unsupported(_)
        | Input::Form(_) => {
            turn.say(turn.t("ticket-unsupported"));
            return Ok(Routed::Done(State::StaffTicket { ticket_id }, false));
        }
    };
    let events = service::reply(conn, member, &ticket, reply, turn.unix()).await?;
    turn.notify(conn, events).await?;
    Ok(Routed::Done(State::StaffTicket { ticket_id }, true))
}

async fn ask_resolution(
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
    Ok(State::StaffTicketClosing { ticket_id: id })
}

async fn resolution(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    ticket_id: i64,
    input: Input,
) -> Result<Routed, EngineError> {
    let note = match input {
        Input::Text(text) if text.trim().chars().count() >= 3 => text.trim().to_owned(),
        Input::Choice(_) => {
            return Ok(Routed::Pass(State::StaffTicketClosing { ticket_id }, input));
        }
        _ => {
            turn.say(turn.t("staff-note-too-short"));
            let state = ask_resolution(turn, conn, member, ticket_id).await?;
            return Ok(Routed::Done(state, false));
        }
    };
    let Some(ticket) = held(turn, conn, member, ticket_id).await? else {
        let state = home(turn, conn, member).await?;
        return Ok(Routed::Done(state, true));
    };
    let Some(events) = service::close_with_note(conn, member, &ticket, &note, turn.unix()).await?
    else {
        turn.say(turn.t("ticket-not-yours"));
        let state = home(turn, conn, member).await?;
        return Ok(Routed::Done(state, true));
    };
    turn.notify(conn, events).await?;
    turn.say(turn.ta("ticket-closed-staff", &[("code", ticket.code.into())]));
    let state = home(turn, conn, member).await?;
    Ok(Routed::Done(state, true))
}

async fn colleagues(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    id: i64,
) -> Result<State, EngineError> {
    let Some(ticket) = held(turn, conn, member, id).await? else {
        return home(turn, conn, member).await;
    };
    let others = service::colleagues_of(conn, member).await?;
    if others.is_empty() {
        turn.say(turn.t("ticket-no-colleague"));
        return enter(turn, conn, member, &ticket, EarlierFiles::Skip).await;
    }
    let mut choices: Vec<Choice> = others
        .iter()
        .take(9)
        .map(|m| {
            Choice::new(
                ChoiceId::HandTo {
                    ticket: ticket.id,
                    to: m.id,
                },
                m.name.clone(),
            )
        })
        .collect();
    choices.push(turn.choice(ChoiceId::OpenTicket(ticket.id), "staff-back"));
    turn.ask(
        turn.ta("ticket-ask-colleague", &[("code", ticket.code.into())]),
        choices,
    );
    // Out of the ticket while choosing, so a typed name is not sent to the ally.
    Ok(State::StaffHome)
}

async fn hand_over(
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
        .filter(|m| m.has(Role::Especialista) && m.id != member.id);
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

/// Supervisor: the tickets in a state, grouped by category.
async fn by_state(
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
    Ok(State::StaffHome)
}

/// Supervisor: counts by category, first-response time and ratings for a month,
/// as text and as CSV (the same as `contigo-bot report tickets`).
async fn report(
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
    let bytes = crate::services::reports::tickets_document(&month, &rows, &questions, notes)
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
