//! The one router: every turn of every chat comes here, and here alone (who, state,
//! input) is mapped to a flow step. In order:
//! 1. who: a chat is a staff chat only because the registry says so;
//! 2. commands (typed `/x`) and main-menu choices, from any step: a flow left
//!    half-way is kept and the user told how to take it up again (`/continuar`);
//! 3. a conversation with a person (an open ticket) takes everything else;
//! 4. what a text is, read once (`domain::reading`): a request code with or without
//!    its verification code, a question at a form step (answered, the step asked
//!    again), a DNI or a question with no flow open;
//! 5. the step of the flow the chat is in, by its state.
//!
//! Flow modules own their steps and return a [`Step`]; none of them routes.

use super::commands::Command;
use super::menu::{self, show_menu};
use super::staff::StaffCommand;
use super::tickets::{self, TicketCommand};
use super::{
    ChoiceId, EngineError, Input, Purpose, State, Step, Turn, ally, faq, forms, lessons,
    registration, requests, staff,
};
use super::{RegistrationStep, RequestStep, StaffStep, TicketStep};
use crate::domain::reading::{self, Reading, Wish};
use crate::domain::ticket::Category;
use crate::message::FileOrigin;
use crate::store::Conn;
use crate::store::staff::StaffMember;

/// Runs the turn; returns the new state and whether the input was understood.
pub(super) async fn route(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    input: Input,
) -> Result<(State, bool), EngineError> {
    if turn.known.staff.take() != Some(false)
        && let Some(member) = crate::store::staff::by_chat(conn, turn.chat.key()).await?
    {
        let step = Box::pin(staff_route(turn, conn, &member, state, input)).await?;
        return settle(turn, conn, step).await;
    }
    turn.ally = ally::load(turn, conn).await?;
    let step = ally_route(turn, conn, state, input).await?;
    let (state, understood) = settle(turn, conn, step).await?;
    // Not where a person is being asked for already.
    if !understood && turn.not_understood >= 1 && !matches!(state, State::Ticket(_)) {
        tickets::offer(turn);
    }
    menu::offer_next_step(turn, conn).await?;
    let let_go: Vec<String> = std::mem::take(&mut turn.let_go)
        .into_iter()
        .filter(|f| !state.held_files().contains(f))
        .collect();
    crate::store::files::discard_unregistered(conn, &turn.engine.files, &let_go).await?;
    Ok((state, understood))
}

/// The turn's end as the flows left it: the new state and whether the input was
/// understood. A flow handed back to be taken up again ([`Step::TakeUp`]) has its
/// question asked by the router; an input no flow took was not understood.
async fn settle(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    step: Step,
) -> Result<(State, bool), EngineError> {
    match step {
        Step::Done { state, understood } => Ok((state, understood)),
        Step::TakeUp(state) => Ok((Box::pin(reprompt(turn, conn, state)).await?, true)),
        Step::Pass { state, .. } => Ok((state, false)),
    }
}

/// A step that waits for one typed answer (a registration's field, a DNI, an
/// address, the request's code): a question typed there is answered and the step
/// asked again, nothing stored.
fn asks_for_an_answer(state: &State) -> bool {
    use ally::AllyStep as A;
    matches!(
        state,
        State::Registration(RegistrationStep::Registering { .. })
            | State::Registration(RegistrationStep::ConfirmingAuthority { .. })
            | State::Request(RequestStep::FindingRequest {
                code_matched: None,
                ..
            })
            | State::Ally(
                A::AskingDni
                    | A::AlertDni
                    | A::FadDni
                    | A::FadAddress { .. }
                    | A::FadReference { .. }
                    | A::FadPhone { .. }
            )
    )
}

/// A voice note outside a ticket: with no flow open (or in the questions) it opens a
/// consulta that carries it to a specialist; at a step that waits for an answer the
/// answer is asked for in writing, and the step kept.
async fn voice_note(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    input: Input,
) -> Result<Step, EngineError> {
    let Input::File(file) = input else {
        return Ok(Step::unclear(state));
    };
    if matches!(state, State::Idle | State::Faq(_)) {
        return Box::pin(tickets::open_with_voice(
            turn,
            conn,
            Category::Consulta,
            file,
            None,
        ))
        .await;
    }
    turn.say(turn.t("voice-type-answer"));
    Box::pin(reprompt(turn, conn, state)).await.map(Step::to)
}

/// Whether a request code typed at this step means "that request" rather than an
/// answer: with no flow open, in the questions, or in the middle of a registration
/// (the DNI steps of the padrón read it themselves; finding a request is asking for
/// one).
fn code_means_that_request(state: &State) -> bool {
    matches!(state, State::Idle | State::Faq(_) | State::Registration(_))
}

// ----- staff -----

async fn staff_route(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    state: State,
    input: Input,
) -> Result<Step, EngineError> {
    if let Input::Text(text) = &input
        && let Some(command) = Command::parse(text)
    {
        let ticket_command = match command {
            Command::Tickets | Command::Ally => Some(TicketCommand::Home),
            Command::CloseTicket => Some(TicketCommand::Close),
            Command::HandOver => Some(TicketCommand::HandOver),
            Command::Cancel => Some(TicketCommand::Leave),
            _ => None,
        };
        if let Some(tc) = ticket_command {
            let step = tickets::staff_command(turn, conn, member, state, input, tc).await?;
            if !matches!(step, Step::Pass { .. }) {
                return Ok(step);
            }
        }
        let staff_command = match command {
            Command::Queue => StaffCommand::Queue,
            Command::Accounts => StaffCommand::Accounts,
            Command::Console => StaffCommand::Console,
            Command::Coverage => StaffCommand::Coverage,
            Command::Train => StaffCommand::Train,
            Command::Help => StaffCommand::Help,
            _ => StaffCommand::Home,
        };
        return staff::command(turn, conn, member, staff_command).await;
    }
    // A request's code typed at the desk (not inside a note) opens that request.
    if let Input::Text(text) = &input
        && matches!(
            state,
            State::Idle | State::Staff(StaffStep::Home | StaffStep::Reviewing { .. })
        )
        && let Reading::RequestCode(code) = reading::read(text)
    {
        return staff::open_by_code(turn, conn, member, &code).await;
    }
    if let Input::Choice(id) = &input
        && tickets::is_staff_ticket_choice(id)
    {
        return tickets::staff_choice(turn, conn, member, id).await;
    }
    let (state, input) = match staff::choice(turn, conn, member, state, input).await? {
        Step::Pass { state, input } => (state, input),
        handled => return Ok(handled),
    };
    match tickets::staff_step(turn, conn, member, state, input).await? {
        Step::Pass { state, input } => staff::step(turn, conn, member, state, input).await,
        handled => Ok(handled),
    }
}

// ----- allies -----

/// An ally's turn, in order: an open ticket takes everything; then a voice note;
/// then what the text is (a link, a code, a command, a question) from any step;
/// then the buttons that work from anywhere; then a form's answer; last, the step
/// of the flow the chat is in. Each stage passes on what is not its own.
async fn ally_route(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    input: Input,
) -> Result<Step, EngineError> {
    // An open ticket takes everything the ally sends; then the rating.
    let (state, input) = match tickets::ally_first(turn, conn, state, input).await? {
        Step::Pass { state, input } => (state, input),
        handled => return Ok(handled),
    };
    // A voice note: heard by a person, never read (nothing here transcribes it).
    if let Input::File(file) = &input
        && file.origin == FileOrigin::Voice
        && !matches!(
            state,
            State::Ticket(TicketStep::Category { .. } | TicketStep::Question { .. })
        )
    {
        return Box::pin(voice_note(turn, conn, state, input)).await;
    }
    let (state, input) = match what_the_text_says(turn, conn, state, input).await? {
        Step::Pass { state, input } => (state, input),
        handled => return Ok(handled),
    };
    let (state, input) = match taps_from_anywhere(turn, conn, state, input).await? {
        Step::Pass { state, input } => (state, input),
        handled => return Ok(handled),
    };
    let (state, input) = match form_reply(turn, conn, state, input).await? {
        Step::Pass { state, input } => (state, input),
        handled => return Ok(handled),
    };
    flow_step(turn, conn, state, input).await
}

/// What a text (or a case's button) says, from any step: the DDC's link, an
/// invitation letter, a command, a request code, a case's number, a question where
/// an answer is awaited. Anything else is passed on.
async fn what_the_text_says(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    input: Input,
) -> Result<Step, EngineError> {
    let reading = match &input {
        Input::Text(text) => reading::read(text),
        _ => Reading::Other,
    };
    // The DDC's QR code (`/start <payload>`) or its two codes typed, with or without
    // the DDC's labels: the upload step.
    if let Reading::Upload(link) = reading {
        return Box::pin(requests::follow_link(turn, conn, state, link)).await;
    }
    // An invitation letter's QR code (`/start inv-090103`, or the text WhatsApp
    // prefills): the registration, its district already chosen.
    if let Input::Text(text) = &input
        && let Some(district) = crate::domain::ubigeo::invited_district(text)
            .and_then(|code| crate::domain::ubigeo::Ubigeo::parse(&code).ok())
            .and_then(|code| crate::domain::ubigeo::Catalog::embedded().district(&code))
    {
        if !matches!(state, State::Idle | State::Faq(_)) {
            pause(turn, state);
        }
        return registration::start_invited(turn, conn, district).await;
    }
    if let Some(command) = Command::of(&input) {
        return Box::pin(run(command, turn, conn, state)).await;
    }
    // «Atrás» outside the registration (which asks its previous question again): as
    // the step's «Volver al menú», the flow kept aside.
    if let Input::Text(text) = &input
        && reading::goes_back(text)
        && !matches!(state, State::Registration(_))
    {
        return Box::pin(run(Command::Start, turn, conn, state)).await;
    }
    // A request code alone: that request's status (its own chat) or the proof it
    // needs; a flow in progress is kept aside.
    if let Reading::RequestCode(code) = &reading
        && code_means_that_request(&state)
    {
        if !matches!(state, State::Idle | State::Faq(_)) {
            pause(turn, state);
        }
        return Box::pin(requests::look_up_code(turn, conn, code.clone())).await;
    }
    // A case's number, typed or tapped: where it is, the unit and the date expected.
    let case = match (&reading, &input) {
        (Reading::CaseNumber(number), _) if code_means_that_request(&state) => Some(number.clone()),
        (_, Input::Choice(ChoiceId::CaseStatus(number))) => {
            crate::domain::ticket::CaseNumber::find(number)
        }
        _ => None,
    };
    if let Some(number) = case {
        if !matches!(state, State::Idle | State::Faq { .. }) {
            pause(turn, state);
        }
        return tickets::case_status(turn, conn, &number).await;
    }
    // A question where an answer is awaited: answered, and the same step asked again;
    // but «¿cómo se llama?» where a name is asked is the step's (no name: where to
    // find it).
    if let (Reading::Question, Input::Text(text)) = (&reading, &input)
        && reading::asks_plainly(text)
        && asks_for_an_answer(&state)
        && !(asks_a_name(&state) && reading::asks_for_a_name(text))
    {
        Box::pin(faq::ask(turn, conn, text, faq::Mode::Always)).await?;
        return Box::pin(reprompt(turn, conn, state)).await.map(Step::to);
    }
    // Where a code or a DNI is awaited, a sentence with no digit in it is not the
    // answer ("no me llegó el correo con mi usuario", read as asking for a status):
    // looked up like a question, and the same step asked again.
    if let (Reading::Other | Reading::Wish(_) | Reading::Question, Input::Text(text)) =
        (&reading, &input)
        && awaits_a_code_or_dni(&state)
        && !text.chars().any(|c| c.is_ascii_digit())
        && reading::tells_something(text)
    {
        Box::pin(faq::ask(turn, conn, text, faq::Mode::Always)).await?;
        return Box::pin(reprompt(turn, conn, state)).await.map(Step::to);
    }
    Ok(Step::pass(state, input))
}

/// The registration asking someone's names or surnames.
fn asks_a_name(state: &State) -> bool {
    matches!(
        state,
        State::Registration(RegistrationStep::Registering { asking, .. })
            if asking.def().kind == crate::domain::form::InputKind::Name
    )
}

/// The step whose answer is a request's code or its authority's DNI.
fn awaits_a_code_or_dni(state: &State) -> bool {
    matches!(
        state,
        State::Request(RequestStep::FindingRequest {
            code_matched: None,
            ..
        })
    )
}

/// The buttons that work from any step (Otro Aliado's designation document, the
/// lessons', the FAQ's); a flow in progress is kept aside. Anything else is passed
/// on.
async fn taps_from_anywhere(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    input: Input,
) -> Result<Step, EngineError> {
    // Otro Aliado's designation document, from a notice or the status: from any step.
    if let Input::Choice(ChoiceId::SendDesignation(id)) = &input {
        if !matches!(state, State::Idle) {
            pause(turn, state);
        }
        return requests::start_designation(turn, conn, *id).await;
    }
    // The lessons' buttons work from anywhere: the lesson in progress takes its own
    // answers; any other flow in progress is kept aside.
    if let Input::Choice(ChoiceId::Lesson(tapped)) = &input {
        if state.as_lesson().is_none() && !matches!(state, State::Idle | State::Faq(_)) {
            pause(turn, state.clone());
        }
        return lessons::choice(turn, conn, state, tapped).await;
    }
    // The FAQ's buttons work from anywhere; a flow in progress is kept aside.
    if let Input::Choice(ChoiceId::Faq(tapped)) = &input {
        if !matches!(state, State::Idle | State::Faq(_)) {
            pause(turn, state);
        }
        return Box::pin(faq::choice_tapped(turn, conn, tapped)).await;
    }
    Ok(Step::pass(state, input))
}

/// A form's answer belongs to the registration (or the ally's FAD or alert, which
/// checks its own token) it was offered for: kept aside (the user went to ask
/// something meanwhile), that one is taken up again. Anywhere else it is stale and
/// changes nothing. Passed on inside a registration or an ally's flow (the step
/// checks the token), and for any other input.
async fn form_reply(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    input: Input,
) -> Result<Step, EngineError> {
    let Input::FormReply { token, .. } = &input else {
        return Ok(Step::pass(state, input));
    };
    if matches!(state, State::Registration(_) | State::Ally(_)) {
        return Ok(Step::pass(state, input));
    }
    if let Some(paused) = turn
        .paused
        .take_if(|p| forms::holds(p, token) || ally::holds(p, token))
    {
        if !matches!(state, State::Idle) {
            pause(turn, state);
        }
        return match paused {
            State::Ally(step) => Box::pin(ally::step(turn, conn, step, input)).await,
            registering => registration::step(turn, conn, registering, input).await,
        };
    }
    turn.say(turn.t("form-reply-stale"));
    reprompt(turn, conn, state).await.map(Step::to)
}

/// The step of the flow the chat is in, by its state.
async fn flow_step(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    input: Input,
) -> Result<Step, EngineError> {
    match state {
        State::Idle => Box::pin(idle_chat(turn, conn, input)).await,
        State::Faq(step) => match Box::pin(faq::step(turn, conn, step, input)).await? {
            Step::Pass { input, .. } => Box::pin(idle_chat(turn, conn, input)).await,
            handled => Ok(handled),
        },
        State::Ally(step) => Box::pin(ally::step(turn, conn, step, input)).await,
        State::Registration(_) => registration::step(turn, conn, state, input).await,
        State::Request(_) => Box::pin(requests::step(turn, conn, state, input)).await,
        State::Ticket(TicketStep::Category { .. } | TicketStep::Question { .. }) => {
            Box::pin(tickets::step(turn, conn, state, input)).await
        }
        // A chat that was staff and no longer is starts over as an ally.
        State::Staff(_) | State::Ticket(TicketStep::Open { .. } | TicketStep::Comment { .. }) => {
            Box::pin(idle(turn, conn, input)).await
        }
    }
}

/// A chat with no flow open, by what the text is: a DNI is a bound ally's padrón
/// lookup (anyone else's request, found by its authority's DNI); a question gets
/// the knowledge base's answer, its closest titles or a person, never a menu action
/// (a bound ally asking for counts gets the padrón); then the padrón's words and
/// the menu's.
async fn idle_chat(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    input: Input,
) -> Result<Step, EngineError> {
    if let Input::Text(text) = &input {
        match reading::read(text) {
            Reading::Dni(_) if turn.ally.is_none() => {
                return Box::pin(requests::look_up_code(turn, conn, text.clone())).await;
            }
            Reading::ShortDni => {
                turn.say(turn.t(crate::domain::ValueError::DniLength.key()));
                show_menu(turn);
                return Ok(Step::to(State::Idle));
            }
            Reading::Question if !(turn.ally.is_some() && faq::asks_for_counts(text)) => {
                let found = Box::pin(faq::ask(turn, conn, text, faq::Mode::Always)).await?;
                return Ok(Step::to(found.unwrap_or(State::Idle)));
            }
            Reading::Thanks => {
                turn.say(turn.t("thanks-reply"));
                show_menu(turn);
                return Ok(Step::to(State::Idle));
            }
            _ => {}
        }
    }
    match ally::idle(turn, conn, input).await? {
        Step::Pass { input, .. } => idle(turn, conn, input).await,
        handled => Ok(handled),
    }
}

/// Runs an ally's command from wherever the chat is.
async fn run(
    command: Command,
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
) -> Result<Step, EngineError> {
    let busy = !matches!(state, State::Idle);
    match command {
        Command::Cancel => {
            // What the flow given up held is let go now, as the answer says.
            let mut dropped = state.held_files();
            if busy {
                turn.say(turn.t("cancelled"));
            } else if let Some(paused) = turn.paused.take() {
                dropped.extend(paused.held_files());
                turn.say(turn.t("cancelled-paused"));
            } else {
                turn.say(turn.t("nothing-to-cancel"));
            }
            crate::store::files::discard_unregistered(conn, &turn.engine.files, &dropped).await?;
            show_menu(turn);
            Ok(Step::to(State::Idle))
        }
        Command::Help => {
            turn.say(turn.t("help"));
            if busy {
                reprompt(turn, conn, state).await.map(Step::to)
            } else {
                show_menu(turn);
                Ok(Step::to(State::Idle))
            }
        }
        // A person can be asked for at any point; the flow is taken up afterwards.
        Command::Specialist => tickets::start(turn, conn, state).await,
        // "How is my request going?" is answered at any time; the step in progress
        // is then asked again.
        Command::Status if busy => {
            if !requests::status_of_chat(turn, conn).await? {
                turn.say(turn.t("status-none-yet"));
            }
            reprompt(turn, conn, state).await.map(Step::to)
        }
        // The flow kept aside comes back; the one in progress, if any, is kept aside
        // in its place.
        Command::Continue => match turn.paused.take() {
            Some(paused) => {
                if busy {
                    pause(turn, state);
                }
                reprompt(turn, conn, paused).await.map(Step::to)
            }
            None if busy => reprompt(turn, conn, state).await.map(Step::to),
            None => {
                turn.say(turn.t("nothing-to-continue"));
                show_menu(turn);
                Ok(Step::to(State::Idle))
            }
        },
        // Anything else starts something new: the flow in progress is kept aside.
        _ => {
            if busy {
                pause(turn, state);
            }
            start(command, turn, conn).await
        }
    }
}

/// Starts what a command asks for, from a chat with no flow open.
async fn start(
    command: Command,
    turn: &mut Turn<'_>,
    conn: &mut Conn,
) -> Result<Step, EngineError> {
    match command {
        Command::Register => registration::start(turn, conn).await,
        Command::Upload => requests::start(turn, conn, Purpose::Upload, None).await,
        Command::Status => requests::start(turn, conn, Purpose::Status, None).await,
        Command::Ddc => requests::start(turn, conn, Purpose::Ddc, None).await,
        Command::FixObservation => registration::start_amend(turn, conn).await,
        Command::Renew => registration::start_renewal(turn, conn).await,
        Command::Ally => ally::start(turn, conn).await,
        Command::NotCollected => ally::not_collected(turn, conn).await,
        Command::Faq => Ok(Step::to(faq::start(turn))),
        Command::Lessons => lessons::menu(turn, conn).await,
        // Staff commands typed in an ally's chat, and /start: the menu, with the next
        // step of the chat's request first.
        _ => {
            turn.say(turn.t("welcome"));
            show_menu(turn);
            Ok(Step::to(State::Idle))
        }
    }
}

/// Keeps a flow left half-way and says what it was and how to take it up again.
pub(super) fn pause(turn: &mut Turn<'_>, state: State) {
    let what = match &state {
        State::Registration(_) => registration::progress(turn, &state),
        State::Request(RequestStep::FindingRequest { purpose, .. }) => turn.t(match purpose {
            Purpose::Upload => "paused-upload",
            Purpose::Ddc => "paused-ddc",
            Purpose::Status => "paused-status",
        }),
        State::Request(RequestStep::Uploading { code, .. }) => {
            turn.ta("paused-uploading", &[("code", code.clone().into())])
        }
        State::Ally(ally::AllyStep::Lesson { .. }) => turn.t("paused-lesson"),
        State::Ally(_) => turn.t("paused-query"),
        _ => return,
    };
    turn.say(turn.ta("paused", &[("what", what.into())]));
    // Only one flow is kept aside: what the one it replaces held is let go.
    let kept = state.held_files();
    if let Some(replaced) = turn.paused.replace(state) {
        let files = replaced
            .held_files()
            .into_iter()
            .filter(|f| !kept.contains(f));
        turn.let_go.extend(files);
    }
}

/// Asks again what the current step needs (after /ayuda, an interruption, or
/// /continuar).
pub(super) async fn reprompt(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
) -> Result<State, EngineError> {
    match state {
        State::Idle => {
            show_menu(turn);
            Ok(State::Idle)
        }
        State::Registration(_) => registration::reprompt(turn, state),
        State::Request(_) => requests::reprompt(turn, conn, state).await,
        State::Ticket(TicketStep::Category { .. } | TicketStep::Question { .. }) => {
            Ok(tickets::reprompt(turn, state))
        }
        State::Staff(_) | State::Ticket(TicketStep::Open { .. } | TicketStep::Comment { .. }) => {
            show_menu(turn);
            Ok(State::Idle)
        }
        State::Ally(step) => Ok(ally::reprompt(turn, step)),
        State::Faq(step) => Ok(faq::reprompt(turn, step)),
    }
}

/// No flow open: words that name what the user wants, a file, or a stale button.
async fn idle(turn: &mut Turn<'_>, conn: &mut Conn, input: Input) -> Result<Step, EngineError> {
    match input {
        Input::Text(text) => {
            let reading = reading::read(&text);
            if reading == Reading::Wish(Wish::Register)
                && let Some(access_type) = crate::domain::form::access_type_named_in(&text)
            {
                return Ok(registration::start_as(turn, access_type));
            }
            let command = match reading {
                Reading::Wish(wish) => Some(Command::from_wish(wish)),
                Reading::Greeting => Some(Command::Start),
                _ => None,
            };
            match command {
                Some(c) => run(c, turn, conn, State::Idle).await,
                None => {
                    // Not a wish the menu knows: maybe a question about the program;
                    // a situation told in a sentence is looked up, and a person is
                    // offered when nothing fits.
                    let mode = if reading::tells_something(&text) {
                        faq::Mode::Always
                    } else {
                        faq::Mode::Offer
                    };
                    if let Some(state) = faq::ask(turn, conn, &text, mode).await? {
                        return Ok(Step::to(state));
                    }
                    turn.say(turn.t("not-understood"));
                    show_menu(turn);
                    Ok(Step::unclear(State::Idle))
                }
            }
        }
        // A file with no flow open: most likely the signed DDC. Keep it and find its request.
        Input::File(file) => requests::file_without_flow(turn, conn, file).await,
        Input::Choice(_) | Input::Stale => {
            turn.say(turn.t("stale-choice"));
            show_menu(turn);
            Ok(Step::to(State::Idle))
        }
        Input::Contact { .. } | Input::FormReply { .. } | Input::Unsupported(_) => {
            turn.say(turn.t("unsupported-input"));
            show_menu(turn);
            Ok(Step::unclear(State::Idle))
        }
        // The form was sent after the registration ended (sent, or cancelled).
        Input::Form(_) => {
            turn.say(turn.t("form-no-registration"));
            show_menu(turn);
            Ok(Step::to(State::Idle))
        }
    }
}
