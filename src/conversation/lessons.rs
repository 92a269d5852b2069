//! Lessons in the chat (`/lecciones`, «Lecciones y más» in the ally's menu): a
//! lesson is a few messages, each with «Continuar», then one or two questions
//! answered with buttons; the person's progress is kept in the database (a row per
//! lesson started, finished with its score) with the access the chat is bound to,
//! for the usage report, the CTVC evidence and UAC's list of accesses to train.
//!
//! The practice runs the padrón's queries (totals, a DNI) on the invented padrón of
//! `domain::lessons` alone: every answer is marked «PRÁCTICA», nothing is read from
//! the real padrón and nothing is recorded as a read of personal data.

use serde::{Deserialize, Serialize};

use super::menu::show_menu;
use super::padron_view::describe;
use super::{AllyItem, ChoiceId, EngineError, Input, MenuItem, State, Step, Turn};
use crate::domain::lessons::{Lesson, practice_padron};
use crate::domain::padron::Status;
use crate::domain::values::Dni;
use crate::message::LessonChoice;
use crate::store::{Conn, lessons as store};

/// The rows of the lessons' list besides the lessons: the practice, and «Otras
/// gestiones» and «Volver» (or «Menú»): WhatsApp lists hold 10 rows.
const MAX_LISTED: usize = 7;

/// Where a person is inside a lesson or the practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "at", rename_all = "snake_case")]
pub enum LessonStep {
    /// Reading a lesson: the part shown last (from 0).
    Reading {
        lesson: String,
        part: usize,
        record: i64,
    },
    /// At a question (from 0), with the right answers so far.
    Asking {
        lesson: String,
        question: usize,
        right: usize,
        record: i64,
    },
    /// The practice's search: waiting for a DNI of the invented padrón.
    PracticeDni,
}

fn state(step: LessonStep) -> State {
    State::lesson(step)
}

/// The lesson as the chat's language has it.
fn lesson(turn: &Turn<'_>, id: &str) -> Option<Lesson> {
    turn.engine.lessons.current().get(turn.lang, id).cloned()
}

/// The list of lessons, the finished ones marked with their score.
pub(super) async fn menu(turn: &mut Turn<'_>, conn: &mut Conn) -> Result<Step, EngineError> {
    menu_from(turn, conn, 0).await.map(Step::to)
}

/// The list from its `from`-th lesson: when more lessons remain than a list holds,
/// one row less of lessons and «Más lecciones» for the rest.
async fn menu_from(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    from: usize,
) -> Result<State, EngineError> {
    turn.view("lessons");
    let done = store::done_in_chat(conn, turn.chat.key()).await?;
    let shelf = turn.engine.lessons.current();
    let all = shelf.list(turn.lang);
    let finished = |id: &str| done.iter().rev().find(|d| d.lesson == id);
    let mut lines = vec![turn.t("lessons-intro")];
    for l in &all {
        if let Some(d) = finished(&l.id) {
            lines.push(turn.ta(
                "lessons-done-line",
                &[
                    ("title", l.title.clone().into()),
                    ("right", d.right.into()),
                    ("questions", d.questions.into()),
                ],
            ));
        }
    }
    // The ones still to take first, then those taken, as many as a list holds.
    let mut listed: Vec<&Lesson> = all
        .iter()
        .copied()
        .filter(|l| finished(&l.id).is_none())
        .collect();
    listed.extend(all.iter().copied().filter(|l| finished(&l.id).is_some()));
    let rest = listed.len().saturating_sub(from);
    let shown = if rest > MAX_LISTED {
        MAX_LISTED - 1
    } else {
        MAX_LISTED
    };
    let mut choices: Vec<_> = listed
        .into_iter()
        .skip(from)
        .take(shown)
        .map(|l| {
            crate::message::Choice::new(
                ChoiceId::Lesson(LessonChoice::Open(l.id.clone())),
                l.title.clone(),
            )
        })
        .collect();
    if rest > shown {
        let next = u8::try_from(from + shown).unwrap_or(u8::MAX);
        choices.push(turn.choice(ChoiceId::Lesson(LessonChoice::More(next)), "lessons-more"));
    }
    choices.push(turn.choice(ChoiceId::Lesson(LessonChoice::Practice), "lessons-practice"));
    if turn.ally.is_some() {
        choices.push(turn.choice(ChoiceId::Ally(AllyItem::Other), "ally-menu-other"));
        choices.push(turn.choice(ChoiceId::Ally(AllyItem::Menu), "ally-back"));
    } else {
        choices.push(turn.choice(ChoiceId::Menu(MenuItem::Start), "lessons-back-menu"));
    }
    lines.push(turn.t("lessons-pick"));
    turn.ask(lines.join("\n"), choices);
    Ok(State::Idle)
}

/// A lesson's button, from wherever the chat is (`state`: where it was).
pub(super) async fn choice(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state_now: State,
    tapped: &LessonChoice,
) -> Result<Step, EngineError> {
    let state = match (tapped, state_now.as_lesson().cloned()) {
        (LessonChoice::Menu, _) => menu_from(turn, conn, 0).await?,
        (LessonChoice::More(from), _) => menu_from(turn, conn, usize::from(*from)).await?,
        (LessonChoice::Open(id), _) => open(turn, conn, id).await?,
        (
            LessonChoice::Next,
            Some(LessonStep::Reading {
                lesson,
                part,
                record,
            }),
        ) => next(turn, lesson, part + 1, record),
        (
            LessonChoice::Answer { question, option },
            Some(LessonStep::Asking {
                lesson,
                question: asked,
                right,
                record,
            }),
        ) if usize::from(*question) == asked => {
            answer(
                turn,
                conn,
                &lesson,
                asked,
                usize::from(*option),
                right,
                record,
            )
            .await?
        }
        (LessonChoice::Practice, _) => practice(turn),
        (LessonChoice::PracticeQuery(code), _) => practice_total(turn, code),
        (LessonChoice::PracticeDni, _) => reprompt(turn, LessonStep::PracticeDni),
        // A button of a lesson already past (or another lesson's): the list again.
        (LessonChoice::Next | LessonChoice::Answer { .. }, Some(step)) => {
            turn.say(turn.t("stale-choice"));
            reprompt(turn, step)
        }
        (LessonChoice::Next | LessonChoice::Answer { .. }, None) => {
            turn.say(turn.t("stale-choice"));
            menu_from(turn, conn, 0).await?
        }
    };
    Ok(Step::to(state))
}

/// Starts a lesson (again): its first message.
async fn open(turn: &mut Turn<'_>, conn: &mut Conn, id: &str) -> Result<State, EngineError> {
    let Some(l) = lesson(turn, id) else {
        turn.say(turn.t("stale-choice"));
        return menu_from(turn, conn, 0).await;
    };
    turn.view("lesson");
    let access = turn.ally.as_ref().map(|a| a.access.id);
    let record = store::start(conn, turn.chat.key(), access, &l.id, &l.title, turn.unix()).await?;
    turn.say(turn.ta("lessons-title", &[("title", l.title.clone().into())]));
    Ok(next(turn, l.id, 0, record))
}

/// Shows part `part` of the lesson, or its first question after the last part.
fn next(turn: &mut Turn<'_>, lesson_id: String, part: usize, record: i64) -> State {
    let step = if lesson(turn, &lesson_id).is_some_and(|l| part < l.parts.len()) {
        LessonStep::Reading {
            lesson: lesson_id,
            part,
            record,
        }
    } else {
        LessonStep::Asking {
            lesson: lesson_id,
            question: 0,
            right: 0,
            record,
        }
    };
    reprompt(turn, step)
}

/// Takes an answer: right or not, why, then the next question or the score.
#[allow(clippy::too_many_arguments)]
async fn answer(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    lesson_id: &str,
    question: usize,
    option: usize,
    right: usize,
    record: i64,
) -> Result<State, EngineError> {
    let Some(l) = lesson(turn, lesson_id) else {
        return menu_from(turn, conn, 0).await;
    };
    let Some(q) = l.questions.get(question) else {
        return menu_from(turn, conn, 0).await;
    };
    let correct = option == q.answer;
    let right = right + usize::from(correct);
    let verdict = if correct {
        turn.t("lessons-right")
    } else {
        turn.ta(
            "lessons-wrong",
            &[(
                "answer",
                q.options.get(q.answer).cloned().unwrap_or_default().into(),
            )],
        )
    };
    turn.say(verdict);
    if let Some(why) = &q.why {
        turn.say(why.clone());
    }
    if question + 1 < l.questions.len() {
        return Ok(reprompt(
            turn,
            LessonStep::Asking {
                lesson: l.id,
                question: question + 1,
                right,
                record,
            },
        ));
    }
    let asked = l.questions.len();
    store::complete(
        conn,
        record,
        i64::try_from(right).unwrap_or(0),
        i64::try_from(asked).unwrap_or(0),
        turn.unix(),
    )
    .await?;
    turn.say(turn.ta(
        "lessons-finished",
        &[
            ("title", l.title.into()),
            ("right", right.into()),
            ("questions", asked.into()),
        ],
    ));
    menu_from(turn, conn, 0).await
}

/// Asks again what the step needs.
pub(super) fn reprompt(turn: &mut Turn<'_>, step: LessonStep) -> State {
    match &step {
        LessonStep::Reading {
            lesson: id, part, ..
        } => {
            let Some(text) = lesson(turn, id).and_then(|l| l.parts.get(*part).cloned()) else {
                show_menu(turn);
                return State::Idle;
            };
            let choices = vec![
                turn.choice(ChoiceId::Lesson(LessonChoice::Next), "lessons-next"),
                turn.choice(ChoiceId::Lesson(LessonChoice::Menu), "lessons-leave"),
            ];
            turn.ask(text, choices);
        }
        LessonStep::Asking {
            lesson: id,
            question,
            ..
        } => {
            let Some(q) = lesson(turn, id).and_then(|l| l.questions.get(*question).cloned()) else {
                show_menu(turn);
                return State::Idle;
            };
            let question_n = u8::try_from(*question).unwrap_or(u8::MAX);
            let choices = q
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    crate::message::Choice::new(
                        ChoiceId::Lesson(LessonChoice::Answer {
                            question: question_n,
                            option: u8::try_from(i).unwrap_or(u8::MAX),
                        }),
                        o.clone(),
                    )
                })
                .collect();
            turn.ask(
                turn.ta("lessons-question", &[("question", q.text.clone().into())]),
                choices,
            );
        }
        LessonStep::PracticeDni => {
            turn.ask(
                format!(
                    "{}\n{}",
                    turn.t("practice-banner"),
                    turn.t("practice-ask-dni")
                ),
                vec![turn.choice(ChoiceId::Lesson(LessonChoice::Practice), "practice-back")],
            );
        }
    }
    state(step)
}

/// Typed input inside a lesson or the practice.
pub(super) fn step(turn: &mut Turn<'_>, step: LessonStep, input: Input) -> Step {
    match (step, input) {
        (LessonStep::PracticeDni, Input::Text(text)) => Step::to(practice_lookup(turn, &text)),
        (step, _) => {
            turn.say(turn.t("lessons-use-buttons"));
            Step::unclear(reprompt(turn, step))
        }
    }
}

/// The practice's menu: the totals and the search, on invented data.
fn practice(turn: &mut Turn<'_>) -> State {
    turn.view("practice");
    let q = |code: &str| ChoiceId::Lesson(LessonChoice::PracticeQuery(code.to_owned()));
    let choices = vec![
        turn.choice(q("vigente"), "ally-menu-vigentes"),
        turn.choice(q("suspendido"), "ally-menu-suspendidos"),
        turn.choice(q("desafiliado"), "ally-menu-desafiliados"),
        turn.choice(ChoiceId::Lesson(LessonChoice::PracticeDni), "ally-menu-dni"),
        turn.choice(ChoiceId::Lesson(LessonChoice::Menu), "practice-leave"),
    ];
    turn.ask(
        format!(
            "{}\n{}",
            turn.t("practice-banner"),
            turn.t("practice-intro")
        ),
        choices,
    );
    State::Idle
}

/// A total of the invented padrón.
fn practice_total(turn: &mut Turn<'_>, code: &str) -> State {
    let Some(status) = Status::parse(code) else {
        return practice(turn);
    };
    let n = practice_padron(turn.today())
        .iter()
        .filter(|b| b.status == status)
        .count();
    let key = format!("padron-total-{}", status.as_str());
    let line = turn.ta(
        &key,
        &[
            ("count", n.into()),
            ("jurisdiction", turn.t("practice-place").into()),
        ],
    );
    turn.say(format!("{}\n{line}", turn.t("practice-banner")));
    practice(turn)
}

/// A DNI looked up in the invented padrón (the real one is never read here).
fn practice_lookup(turn: &mut Turn<'_>, text: &str) -> State {
    let dni = match Dni::parse(text) {
        Ok(d) => d,
        Err(e) => {
            turn.say(turn.t(e.key()));
            return reprompt(turn, LessonStep::PracticeDni);
        }
    };
    let found = practice_padron(turn.today())
        .into_iter()
        .find(|b| b.dni == dni);
    let banner = turn.t("practice-banner");
    match found {
        Some(b) => {
            let text = describe(turn, &b);
            turn.say(format!("{banner}\n{text}"));
        }
        None => {
            turn.say(format!(
                "{banner}\n{}",
                turn.ta("practice-dni-none", &[("dni", dni.as_str().into())])
            ));
        }
    }
    practice(turn)
}
