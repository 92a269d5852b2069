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

use super::{StaffStep, TicketStep};
use crate::message::{ChoiceId, StaffItem, TicketsItem};
use chrono::{Datelike, Months};

use super::commands::Command;
use super::menu;
use super::{Choice, EngineError, FileContent, FileOrigin, IncomingFile, Input, Outbound};
use super::{Persisted, State, Step, Turn, staff};
use crate::domain::calendar::month_bounds;
use crate::domain::policy::Act;
use crate::domain::reading;
use crate::domain::stage::Role;
use crate::domain::ticket::{Category, Rating, TicketState};
use crate::domain::ubigeo::normalize;
use crate::domain::values::says_none;
use crate::events::Event;
use crate::events::TicketReply;
use crate::i18n::Arg;
use crate::notify::enqueue;
use crate::notify::tickets as notice;
use crate::services::escalation;
use crate::services::tickets::{self as service, Took, holds, may, record_ticket_read};
use crate::store::personal_data::StaffReader;
use crate::store::staff::{self as staff_store, StaffMember};
use crate::store::tickets::{self as store, Author, NewTicket, TicketContext, TicketRow};
use crate::store::{Conn, bindings, conversations, files, requests};

mod ally_side;
mod desk;
mod specialist;
use ally_side::*;
pub(super) use ally_side::{case_status, open_ticket, open_with_voice};
use desk::*;
pub(super) use desk::{TicketCommand, staff_command};
use specialist::*;
pub(super) use specialist::{is_staff_ticket_choice, staff_choice, staff_step, ticket_of};

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
) -> Result<Step, EngineError> {
    let chat = turn.chat;
    if turn.known.ticket.take() != Some(false)
        && let Some(ticket) = store::active_for_chat(conn, chat.key()).await?
    {
        let resume = match state {
            State::Ticket(TicketStep::Open { resume, .. }) => resume,
            _ => None,
        };
        return Box::pin(relay_from_ally(turn, conn, ticket, resume, input)).await;
    }
    match (state, input) {
        (state, Input::Choice(id @ (ChoiceId::Rate { .. } | ChoiceId::SkipRating(_)))) => {
            rate_choice(turn, conn, state, &id).await
        }
        // The specialist closed it: a typed number is the rating.
        (State::Ticket(TicketStep::Open { ticket_id, resume }), Input::Text(text)) => {
            match Rating::parse(&text) {
                Some(rating) => rate(turn, conn, ticket_id, rating, resume).await,
                None => Ok(Step::pass(unbox(resume), Input::Text(text))),
            }
        }
        (State::Ticket(TicketStep::Open { resume, .. }), input) => {
            Ok(Step::pass(unbox(resume), input))
        }
        (State::Ticket(TicketStep::Comment { ticket_id, resume }), input) => {
            comment(turn, conn, ticket_id, resume, input).await
        }
        (
            State::Ticket(TicketStep::Category { resume })
            | State::Ticket(TicketStep::Question { resume, .. }),
            Input::Text(text),
        ) if Command::parse(&text) == Some(Command::Cancel) => {
            turn.say(turn.t("ticket-not-opened"));
            back(turn, conn, resume).await
        }
        (state, input) => Ok(Step::pass(state, input)),
    }
}

fn unbox(resume: Option<Box<State>>) -> State {
    resume.map(|s| *s).unwrap_or_default()
}

/// The flow to take up again after the ticket, if the ally was in one.
fn resumable(state: State) -> Option<Box<State>> {
    match state {
        State::Idle
        | State::Ticket(_)
        | State::Staff(StaffStep::Home)
        | State::Staff(StaffStep::Reviewing { .. })
        | State::Staff(StaffStep::Note { .. })
        | State::Staff(StaffStep::Ticket { .. })
        | State::Staff(StaffStep::TicketClosing { .. }) => None,
        other => Some(Box::new(other)),
    }
}

/// Back with the bot: the flow the ally left (its question asked again by the
/// router, [`Step::TakeUp`]), or the menu.
async fn back(
    turn: &mut Turn<'_>,
    _conn: &mut Conn,
    resume: Option<Box<State>>,
) -> Result<Step, EngineError> {
    match resume {
        Some(state) => {
            turn.say(turn.t("ticket-resume"));
            // The router asks the flow's question again: a flow never routes.
            Ok(Step::TakeUp(*state))
        }
        None => {
            menu::show_menu(turn);
            Ok(Step::to(State::Idle))
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
) -> Result<Step, EngineError> {
    let chat = turn.chat;
    if let Some(ticket) = store::active_for_chat(conn, chat.key()).await? {
        turn.say(turn.ta("ticket-already-open", &[("code", ticket.code.into())]));
        return Ok(Step::to(State::Ticket(TicketStep::Open {
            ticket_id: ticket.id,
            resume: resumable(state),
        })));
    }
    turn.say(turn.t("ticket-intro"));
    Ok(Step::to(ask_category(turn, resumable(state))))
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
    State::Ticket(TicketStep::Category { resume })
}

fn ask_question(turn: &mut Turn<'_>, category: Category, resume: Option<Box<State>>) -> State {
    let choices = vec![turn.choice(ChoiceId::TicketBack, "ticket-change-category")];
    turn.ask(
        turn.ta(
            "ticket-ask-question",
            &[
                ("category", turn.t(category.message_key()).into()),
                ("unit", category.receiving_unit().as_str().into()),
            ],
        ),
        choices,
    );
    State::Ticket(TicketStep::Question { category, resume })
}

/// Asks again what the current step needs.
pub(super) fn reprompt(turn: &mut Turn<'_>, state: State) -> State {
    match state {
        State::Ticket(TicketStep::Question { category, resume }) => {
            ask_question(turn, category, resume)
        }
        State::Ticket(TicketStep::Category { resume }) => ask_category(turn, resume),
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
) -> Result<Step, EngineError> {
    match state {
        State::Ticket(TicketStep::Category { resume }) => {
            let picked = match &input {
                Input::Choice(ChoiceId::TicketBack) => {
                    turn.say(turn.t("ticket-not-opened"));
                    return back(turn, conn, resume).await;
                }
                Input::Choice(ChoiceId::TicketCategory(c)) => Category::parse(c),
                Input::Text(text) => match category_in(turn, text) {
                    Some(category) => Some(category),
                    // «No sé» which to pick: a consulta, the one that fits most.
                    None if says_none(text) => {
                        turn.say(turn.t("ticket-category-unsure"));
                        Some(Category::Consulta)
                    }
                    // The message itself, written before picking: kept, as a consulta,
                    // rather than refused for a number.
                    None if reading::tells_something(text) => {
                        turn.say(turn.t("ticket-category-taken-as-consulta"));
                        return open_ticket(turn, conn, Category::Consulta, text.trim(), resume)
                            .await
                            .map(Step::to);
                    }
                    None => None,
                },
                _ => None,
            };
            match picked {
                Some(category) => Ok(Step::to(ask_question(turn, category, resume))),
                None => {
                    turn.say(turn.t("pick-an-option"));
                    Ok(Step::unclear(ask_category(turn, resume)))
                }
            }
        }
        State::Ticket(TicketStep::Question { category, resume }) => match input {
            Input::Choice(ChoiceId::TicketBack) => Ok(Step::to(ask_category(turn, resume))),
            Input::Text(text) if text.trim().chars().count() >= 3 => {
                open_ticket(turn, conn, category, text.trim(), resume)
                    .await
                    .map(Step::to)
            }
            // A voice note is the question, said aloud.
            Input::File(file) if file.origin == FileOrigin::Voice => {
                open_with_voice(turn, conn, category, file, resume).await
            }
            Input::File(_) => {
                turn.say(turn.t("ticket-question-first"));
                Ok(Step::to(ask_question(turn, category, resume)))
            }
            _ => {
                turn.say(turn.t("ticket-question-too-short"));
                Ok(Step::unclear(ask_question(turn, category, resume)))
            }
        },
        other => Ok(Step::to(reprompt(turn, other))),
    }
}

// ----- staff -----
