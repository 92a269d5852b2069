//! Answers without waiting: the program's procedures from the knowledge base
//! (`domain::kb`), in the chat, day and night.
//!
//! A question in one's own words gets the entry it is about, with its source and
//! "¿Le sirvió?" [Sí | No, un especialista]; when a few entries are close, their
//! titles to pick from; when nothing matches, a specialist. "No" opens a ticket
//! whose first message is the question, so nothing is typed twice. The FAQ menu
//! lists the themes and the "¿Cómo…?" guides, walked one step at a time.
//!
//! Every question is recorded with what it found (`store::kb`), so supervisors see
//! what found no answer and how many were answered without a person. Entries are
//! general texts: they hold no personal data and read nothing a policy protects.

use super::TicketStep;
use serde::{Deserialize, Serialize};

use super::menu::show_menu;
use super::{ChoiceId, EngineError, Input, State, Step, Turn, tickets};
use crate::domain::calendar::OfficeHours;
use crate::domain::kb::{Entry, Figures, Found, Kind, Topic};
use crate::domain::stage::Stage;
use crate::domain::ticket::Category;
use crate::domain::{normalize, reading};
use crate::message::{Choice, FaqChoice, MenuItem};
use crate::store::Conn;
use crate::store::kb::{self as store, Outcome, Question};

/// Where a chat is in the FAQ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "at", rename_all = "snake_case")]
pub enum FaqStep {
    /// The FAQ menu is shown: what is typed is a question.
    Menu,
    /// An answer was shown and "¿Le sirvió?" asked.
    Answered { question: i64 },
    /// Reading a guide, at this step (from 1).
    Guide {
        question: i64,
        guide: String,
        step: u8,
    },
}

/// How far a lookup goes when the question finds no single answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// An answer or the closest titles; nothing found is left to the caller.
    Offer,
    /// An answer, the closest titles, or a specialist offered.
    Always,
}

/// The longest question kept (a pasted page is cut).
const MAX_QUESTION: usize = 500;

fn state(step: FaqStep) -> State {
    State::Faq(step)
}

fn choice(turn: &Turn<'_>, c: FaqChoice, key: &str) -> Choice {
    turn.choice(ChoiceId::Faq(c), key)
}

/// The FAQ menu: write a question, or pick a theme or the guides.
pub(super) fn start(turn: &mut Turn<'_>) -> State {
    let mut choices: Vec<Choice> = Topic::ALL
        .into_iter()
        .map(|t| {
            choice(
                turn,
                FaqChoice::Topic(t.as_str().to_owned()),
                &t.message_key(),
            )
        })
        .collect();
    choices.push(choice(turn, FaqChoice::Guides, "faq-guides"));
    choices.push(turn.choice(ChoiceId::Menu(MenuItem::Start), "faq-main-menu"));
    turn.ask(turn.t("faq-intro"), choices);
    state(FaqStep::Menu)
}

/// Whether a text reads like a question rather than an answer or an order (the one
/// reading, `domain::reading`).
pub(super) fn is_question(text: &str) -> bool {
    reading::is_question(text)
}

/// "¿Cuántos vigentes hay?" from a bound ally is a query of their padrón, not a
/// question about the program.
pub(super) fn asks_for_counts(text: &str) -> bool {
    let t = normalize(text);
    ["cuantos", "cuantas", "lista de", "dame", "muestrame"]
        .iter()
        .any(|w| t.starts_with(w))
        || crate::domain::padron::NOT_COLLECTED_WORDS
            .iter()
            .any(|w| t.contains(w))
}

fn lang_of(turn: &Turn<'_>) -> &'static str {
    turn.lang
}

/// Looks a question up; `None` when `mode` leaves the rest to the caller (and
/// then nothing is recorded).
pub(super) async fn ask(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    text: &str,
    mode: Mode,
) -> Result<Option<State>, EngineError> {
    let kb = turn.engine.kb.current();
    // Chat abbreviations written out ("q", "xq", "dnd"), so the index reads them.
    let found = kb.find(lang_of(turn), &reading::expand(text));
    let question: String = text.trim().chars().take(MAX_QUESTION).collect();
    let (outcome, entry) = match (&found, mode) {
        (Found::Answer(id), _) => (Outcome::Answered, Some(id.as_str())),
        (Found::Unclear(_), Mode::Offer | Mode::Always) => (Outcome::Unclear, None),
        (Found::Nothing, Mode::Always) => (Outcome::Unmatched, None),
        _ => return Ok(None),
    };
    let id = record(turn, conn, &question, outcome, entry).await?;
    Ok(Some(match found {
        Found::Answer(entry) => match kb.entry(lang_of(turn), &entry) {
            Some(entry) => show(turn, entry, id),
            None => nothing(turn, &question, id),
        },
        Found::Unclear(ids) => {
            let mut choices: Vec<Choice> = ids
                .iter()
                .filter_map(|e| kb.entry(lang_of(turn), e))
                .map(|e| {
                    Choice::new(
                        ChoiceId::Faq(FaqChoice::Pick {
                            question: id,
                            entry: e.id.clone(),
                        }),
                        e.title.clone(),
                    )
                })
                .collect();
            choices.push(choice(turn, FaqChoice::Person(id), "faq-none-of-these"));
            turn.ask(turn.t("faq-unclear"), choices);
            state(FaqStep::Menu)
        }
        Found::Nothing => nothing(turn, &question, id),
    }))
}

async fn record(
    turn: &Turn<'_>,
    conn: &mut Conn,
    question: &str,
    outcome: Outcome,
    entry: Option<&str>,
) -> Result<i64, EngineError> {
    Ok(store::record(
        conn,
        turn.chat.key(),
        turn.lang,
        question,
        outcome,
        entry,
        turn.unix(),
    )
    .await?)
}

/// No entry fits: a specialist, with the question, is one tap away.
fn nothing(turn: &mut Turn<'_>, question: &str, id: i64) -> State {
    let choices = vec![
        choice(turn, FaqChoice::Person(id), "faq-to-person"),
        turn.choice(ChoiceId::Menu(MenuItem::Faq), "menu-faq"),
        turn.choice(ChoiceId::Menu(MenuItem::Start), "faq-main-menu"),
    ];
    turn.ask(
        turn.ta("faq-nothing", &[("question", Turn::echo(question).into())]),
        choices,
    );
    state(FaqStep::Menu)
}

fn helped_choices(turn: &Turn<'_>, question: i64) -> Vec<Choice> {
    vec![
        choice(turn, FaqChoice::Helped(question), "faq-yes"),
        choice(turn, FaqChoice::Person(question), "faq-no"),
    ]
}

/// The figures the entries name, from the settings the bot itself works with: the
/// review terms the status promises, the lookup limit, office hours, the next
/// payment of the operator's calendar, the contact lines.
pub fn figures(settings: &crate::config::Settings, today: chrono::NaiveDate) -> Figures {
    let terms = &settings.terms;
    let term = |s: Stage| terms.term_for(s).unwrap_or(0);
    let hours = OfficeHours::default();
    let next = settings.kb.next_payment(today);
    let date = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    Figures {
        uac_days: term(Stage::UacReview),
        legal_days: term(Stage::LegalReview),
        director_days: term(Stage::DirectorAuthorization),
        account_days: term(Stage::AccountCreation),
        review_days: Stage::REVIEW.iter().map(|s| term(*s)).sum(),
        fix_days: term(Stage::Observed),
        lookups_per_hour: settings.padron.lookups_per_hour,
        max_photos: u32::try_from(settings.storage.max_photos).unwrap_or(u32::MAX),
        first_response_hours: settings.tickets.first_response_hours,
        office_open: hours.open.format("%H:%M").to_string(),
        office_close: hours.close.format("%H:%M").to_string(),
        renewal_from: settings
            .bot
            .renewal_window_from
            .in_year(chrono::Datelike::year(&today))
            .map(|d| d.format("%d/%m").to_string())
            .unwrap_or_default(),
        next_payment: next.map(|p| date(p.from)).unwrap_or_default(),
        next_payment_until: next.map(|p| date(p.until)).unwrap_or_default(),
        contact_phone: settings.kb.contact_phone.clone(),
        contact_email: settings.kb.contact_email.clone(),
    }
}

/// The entry as shown to this chat: its figures filled in from the settings.
fn filled(turn: &Turn<'_>, entry: &Entry) -> Entry {
    let figures = figures(&turn.engine.settings, turn.today());
    turn.engine
        .kb
        .current()
        .shown(turn.lang, &entry.id, &figures)
        .unwrap_or_else(|| entry.clone())
}

/// An entry: an answer with "¿Le sirvió?", or a guide's first step.
fn show(turn: &mut Turn<'_>, entry: &Entry, question: i64) -> State {
    let entry = &filled(turn, entry);
    if entry.kind == Kind::Guide {
        return step_of(turn, entry, question, 1);
    }
    turn.say(turn.ta(
        "faq-answer",
        &[
            ("title", entry.title.clone().into()),
            ("body", entry.body.clone().into()),
            ("source", entry.source.clone().into()),
        ],
    ));
    let choices = helped_choices(turn, question);
    turn.ask(turn.t("faq-helped"), choices);
    state(FaqStep::Answered { question })
}

/// A guide's step `n` (from 1), with "Siguiente"; the last one asks "¿Le sirvió?".
fn step_of(turn: &mut Turn<'_>, guide: &Entry, question: i64, n: u8) -> State {
    let guide = &filled(turn, guide);
    let total = guide.steps.len();
    let Some(text) = guide.steps.get(usize::from(n).saturating_sub(1)) else {
        turn.say(turn.t("stale-choice"));
        return start(turn);
    };
    if n == 1 {
        turn.say(format!("{}\n\n{}", guide.title, guide.body));
    }
    let step = turn.ta(
        "faq-guide-step",
        &[
            ("step", i64::from(n).into()),
            ("total", (total as i64).into()),
            ("text", text.clone().into()),
        ],
    );
    if usize::from(n) < total {
        let next = choice(
            turn,
            FaqChoice::Step {
                question,
                step: n + 1,
                guide: guide.id.clone(),
            },
            "faq-next",
        );
        let leave = turn.choice(ChoiceId::Menu(MenuItem::Faq), "faq-back");
        turn.ask(step, vec![next, leave]);
        return state(FaqStep::Guide {
            question,
            guide: guide.id.clone(),
            step: n,
        });
    }
    turn.say(step);
    turn.say(turn.ta(
        "faq-guide-done",
        &[
            ("title", guide.title.clone().into()),
            ("source", guide.source.clone().into()),
        ],
    ));
    let choices = helped_choices(turn, question);
    turn.ask(turn.t("faq-helped"), choices);
    state(FaqStep::Answered { question })
}

/// A list of entries to open, and the way back to the themes.
fn list(turn: &mut Turn<'_>, prompt: String, entries: &[&Entry]) -> State {
    let mut choices: Vec<Choice> = entries
        .iter()
        .take(9)
        .map(|e| {
            Choice::new(
                ChoiceId::Faq(FaqChoice::Open(e.id.clone())),
                e.title.clone(),
            )
        })
        .collect();
    choices.push(turn.choice(ChoiceId::Menu(MenuItem::Faq), "faq-back"));
    turn.ask(prompt, choices);
    state(FaqStep::Menu)
}

/// The recorded question a button is about, if it is this chat's.
async fn question_of(
    turn: &Turn<'_>,
    conn: &mut Conn,
    id: i64,
) -> Result<Option<Question>, EngineError> {
    Ok(store::get(conn, id, turn.chat.key()).await?)
}

fn stale(turn: &mut Turn<'_>) -> State {
    turn.say(turn.t("stale-choice"));
    start(turn)
}

/// A tap on one of the FAQ's buttons, from wherever the chat is.
pub(super) async fn choice_tapped(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    tapped: &FaqChoice,
) -> Result<Step, EngineError> {
    let kb = turn.engine.kb.current();
    let lang = lang_of(turn);
    match tapped {
        FaqChoice::Guides => {
            let guides = kb.guides(lang);
            Ok(Step::to(list(turn, turn.t("faq-guides-prompt"), &guides)))
        }
        FaqChoice::Topic(code) => match Topic::parse(code) {
            Some(topic) => {
                let entries = kb.by_topic(lang, topic);
                let prompt = turn.ta(
                    "faq-topic-prompt",
                    &[("topic", turn.t(&topic.message_key()).into())],
                );
                Ok(Step::to(list(turn, prompt, &entries)))
            }
            None => Ok(Step::to(stale(turn))),
        },
        FaqChoice::Open(id) => match kb.entry(lang, id) {
            Some(entry) => {
                let question = record(turn, conn, &entry.title, Outcome::Browsed, Some(id)).await?;
                Ok(Step::to(show(turn, entry, question)))
            }
            None => {
                turn.say(turn.t("faq-entry-gone"));
                Ok(Step::to(start(turn)))
            }
        },
        FaqChoice::Pick { question, entry } => {
            let (Some(_), Some(e)) = (
                question_of(turn, conn, *question).await?,
                kb.entry(lang, entry),
            ) else {
                return Ok(Step::to(stale(turn)));
            };
            store::picked(conn, *question, entry).await?;
            Ok(Step::to(show(turn, e, *question)))
        }
        FaqChoice::Step {
            question,
            step,
            guide,
        } => match kb.entry(lang, guide) {
            Some(g) if g.kind == Kind::Guide => Ok(Step::to(step_of(turn, g, *question, *step))),
            _ => {
                turn.say(turn.t("faq-entry-gone"));
                Ok(Step::to(start(turn)))
            }
        },
        FaqChoice::Helped(question) => {
            if question_of(turn, conn, *question).await?.is_none() {
                return Ok(Step::to(stale(turn)));
            }
            store::feedback(conn, *question, true, None).await?;
            turn.say(turn.t("faq-thanks"));
            show_menu(turn);
            Ok(Step::to(State::Idle))
        }
        FaqChoice::Person(question) => person(turn, conn, *question).await.map(Step::to),
    }
}

/// "No, un especialista": a ticket whose first message is the question.
async fn person(turn: &mut Turn<'_>, conn: &mut Conn, id: i64) -> Result<State, EngineError> {
    let Some(q) = question_of(turn, conn, id).await? else {
        return Ok(stale(turn));
    };
    if let Some(ticket_id) = q.ticket_id
        && let Some(ticket) = crate::store::tickets::get(conn, ticket_id).await?
    {
        turn.say(turn.ta("faq-person-already", &[("code", ticket.code.into())]));
        show_menu(turn);
        return Ok(State::Idle);
    }
    // An entry opened from the menu was no question: say which one was read.
    let text = if q.outcome == Outcome::Browsed.as_str() {
        turn.ta(
            "faq-person-browsed",
            &[("title", q.question.clone().into())],
        )
    } else {
        q.question.clone()
    };
    turn.say(turn.t("faq-to-ticket"));
    let opened = tickets::open_ticket(turn, conn, Category::Consulta, &text, None).await?;
    let ticket_id = match &opened {
        State::Ticket(TicketStep::Open { ticket_id, .. }) => Some(*ticket_id),
        _ => None,
    };
    store::feedback(conn, id, false, ticket_id).await?;
    Ok(opened)
}

/// What the chat typed while in the FAQ. Passed on when not the FAQ's to handle (a
/// choice of another menu, a file...): the router treats it as from an idle chat.
pub(super) async fn step(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    step: FaqStep,
    input: Input,
) -> Result<Step, EngineError> {
    let Input::Text(text) = &input else {
        return Ok(Step::pass(State::Idle, input));
    };
    let t = normalize(text);
    match &step {
        FaqStep::Answered { question } => {
            if [
                "si",
                "sí",
                "yes",
                "gracias",
                "ok",
                "listo",
                "si gracias",
                "thanks",
            ]
            .contains(&t.as_str())
            {
                let tapped = FaqChoice::Helped(*question);
                return choice_tapped(turn, conn, &tapped).await;
            }
            if [
                "no",
                "no gracias",
                "no me sirvio",
                "no sirvio",
                "no me ayudo",
                "especialista",
            ]
            .contains(&t.as_str())
            {
                return person(turn, conn, *question).await.map(Step::to);
            }
        }
        FaqStep::Guide {
            question,
            guide,
            step,
        } => {
            if [
                "siguiente",
                "sig",
                "next",
                "seguir",
                "continuar",
                "ok",
                "listo",
            ]
            .contains(&t.as_str())
            {
                let tapped = FaqChoice::Step {
                    question: *question,
                    step: step.saturating_add(1),
                    guide: guide.clone(),
                };
                return choice_tapped(turn, conn, &tapped).await;
            }
        }
        FaqStep::Menu => {}
    }
    // A wish the menu knows ("quiero registrar una solicitud") is the menu's, not
    // another question: the router runs it as from an idle chat.
    if matches!(
        reading::read(text),
        reading::Reading::Wish(_) | reading::Reading::Greeting
    ) {
        return Ok(Step::pass(State::Idle, input));
    }
    // A question, or words enough to be one; a lone "hola" goes to the menu.
    let mode = if is_question(text) || crate::domain::kb::words(text).len() >= 2 {
        Mode::Always
    } else {
        Mode::Offer
    };
    Ok(match ask(turn, conn, text, mode).await? {
        Some(state) => Step::to(state),
        None => Step::pass(State::Idle, input),
    })
}

/// Asks the current step again (after /ayuda or /continuar).
pub(super) fn reprompt(turn: &mut Turn<'_>, _step: FaqStep) -> State {
    start(turn)
}
