//! The one router: every turn of every chat comes here, and here alone (who, state,
//! input) is mapped to a flow step. In order:
//! 1. who: a chat is a staff chat only because the registry says so;
//! 2. commands (typed `/x`) and main-menu choices, from any step: a flow left
//!    half-way is kept and the user told how to take it up again (`/continuar`);
//! 3. a conversation with a person (an open ticket) takes everything else;
//! 4. the step of the flow the chat is in, by its state.
//!
//! Flow modules own their steps; none of them routes.

use super::menu::show_menu;
use super::staff::StaffCommand;
use super::tickets::{self, Routed, TicketCommand};
use super::{
    ChoiceId, EngineError, Input, MenuItem, Purpose, State, Turn, ally, faq, forms, registration,
    requests, staff,
};
use crate::domain::ubigeo::normalize;
use crate::store::Conn;
use crate::store::staff::StaffMember;

/// Runs the turn; returns the new state and whether the input was understood.
pub(super) async fn route(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    input: Input,
) -> Result<(State, bool), EngineError> {
    if let Some(member) =
        crate::store::staff::by_chat(conn, turn.chat.channel, &turn.chat.chat_id).await?
    {
        return staff_route(turn, conn, &member, state, input).await;
    }
    turn.ally = ally::load(turn, conn).await?;
    let (state, understood) = ally_route(turn, conn, state, input).await?;
    if !understood && turn.not_understood >= 1 {
        tickets::offer(turn);
    }
    Ok((state, understood))
}

/// Every command the bot knows, for allies and staff: one table, so a word means
/// the same everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Command {
    Start,
    Help,
    Cancel,
    Continue,
    Register,
    Upload,
    Status,
    Ddc,
    FixObservation,
    Renew,
    Specialist,
    Ally,
    Faq,
    // Staff.
    Queue,
    Accounts,
    Tickets,
    CloseTicket,
    HandOver,
    Console,
}

impl Command {
    pub(super) fn parse(text: &str) -> Option<Self> {
        let word = text.trim().strip_prefix('/')?;
        // "/start@contigo_bot" in groups carries the bot's name; "/start <payload>"
        // a deep link's payload.
        let word = word.split(['@', ' ']).next()?.to_ascii_lowercase();
        Some(match word.as_str() {
            "start" | "inicio" | "menu" | "menú" => Command::Start,
            "ayuda" | "help" => Command::Help,
            "cancelar" | "cancel" | "salir" | "leave" => Command::Cancel,
            "continuar" | "seguir" | "continue" => Command::Continue,
            "solicitar" | "registrar" | "register" => Command::Register,
            "enviar" | "subir" | "upload" => Command::Upload,
            "estado" | "status" => Command::Status,
            "ddc" | "declaracion" => Command::Ddc,
            "corregir" | "subsanar" | "fix" => Command::FixObservation,
            "renovar" | "renew" => Command::Renew,
            "especialista" | "specialist" | "humano" | "persona" => Command::Specialist,
            // Allies' queries of the padrón; in a staff chat, the tickets desk.
            "padron" | "padrón" | "consultas" | "aliado" => Command::Ally,
            "preguntas" | "faq" | "frecuentes" | "questions" => Command::Faq,
            "bandeja" | "queue" => Command::Queue,
            "cuentas" | "accounts" => Command::Accounts,
            "tickets" => Command::Tickets,
            "cerrar" | "close" => Command::CloseTicket,
            "derivar" | "handover" => Command::HandOver,
            "consola" | "console" => Command::Console,
            _ => return None,
        })
    }

    fn from_menu(item: MenuItem) -> Self {
        match item {
            MenuItem::Register => Command::Register,
            MenuItem::Upload => Command::Upload,
            MenuItem::Status => Command::Status,
            MenuItem::Ddc => Command::Ddc,
            MenuItem::Help => Command::Help,
            MenuItem::Start => Command::Start,
            MenuItem::FixObservation => Command::FixObservation,
            MenuItem::Renew => Command::Renew,
            MenuItem::Specialist => Command::Specialist,
            MenuItem::Ally => Command::Ally,
            MenuItem::Continue => Command::Continue,
            MenuItem::Faq => Command::Faq,
        }
    }

    /// The command an input is, if any: typed, or a main-menu choice.
    fn of(input: &Input) -> Option<Self> {
        match input {
            Input::Text(text) => Command::parse(text).or_else(|| asks_for_status(text)),
            Input::Choice(ChoiceId::Menu(item)) => Some(Command::from_menu(*item)),
            _ => None,
        }
    }
}

/// The question allies ask most, recognised even in the middle of another step.
/// Narrow on purpose: any other text is an answer to the step.
fn asks_for_status(text: &str) -> Option<Command> {
    let t = normalize(text);
    [
        "como va mi solicitud",
        "estado de mi solicitud",
        "como va mi tramite",
        "how is my request",
    ]
    .iter()
    .any(|p| t.contains(p))
    .then_some(Command::Status)
}

// ----- staff -----

async fn staff_route(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    member: &StaffMember,
    state: State,
    input: Input,
) -> Result<(State, bool), EngineError> {
    let in_ticket = tickets::ticket_of(&state);
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
        if let Some(tc) = ticket_command
            && let Some(state) = tickets::staff_command(turn, conn, member, in_ticket, tc).await?
        {
            return Ok((state, true));
        }
        let staff_command = match command {
            Command::Queue => StaffCommand::Queue,
            Command::Accounts => StaffCommand::Accounts,
            Command::Console => StaffCommand::Console,
            Command::Help => StaffCommand::Help,
            _ => StaffCommand::Home,
        };
        return staff::command(turn, conn, member, staff_command)
            .await
            .map(|s| (s, true));
    }
    if let Input::Choice(id) = &input {
        if tickets::is_staff_ticket_choice(id) {
            let state = tickets::staff_choice(turn, conn, member, id).await?;
            return Ok((state, true));
        }
        if let Some(state) = staff::choice(turn, conn, member, id).await? {
            return Ok((state, true));
        }
    }
    match tickets::staff_step(turn, conn, member, state, input).await? {
        Routed::Done(state, understood) => Ok((state, understood)),
        Routed::Pass(state, input) => staff::step(turn, conn, member, state, input).await,
    }
}

// ----- allies -----

async fn ally_route(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    input: Input,
) -> Result<(State, bool), EngineError> {
    // An open ticket takes everything the ally sends; then the rating.
    let (state, input) = match tickets::ally_first(turn, conn, state, input).await? {
        Routed::Done(state, understood) => return Ok((state, understood)),
        Routed::Pass(state, input) => (state, input),
    };
    // The DDC's QR code (`/start <payload>`) or its two codes typed: the upload step.
    if let Input::Text(text) = &input
        && let Some(link) = crate::domain::request::UploadLink::parse(text)
    {
        return requests::follow_link(turn, conn, state, link).await;
    }
    if let Some(command) = Command::of(&input) {
        return run(command, turn, conn, state).await.map(|s| (s, true));
    }
    // Otro Aliado's designation document, from a notice or the status: from any step.
    if let Input::Choice(ChoiceId::SendDesignation(id)) = &input {
        if !matches!(state, State::Idle) {
            pause(turn, state);
        }
        return requests::start_designation(turn, conn, *id)
            .await
            .map(|s| (s, true));
    }
    // The FAQ's buttons work from anywhere; a flow in progress is kept aside.
    if let Input::Choice(ChoiceId::Faq(tapped)) = &input {
        if !matches!(state, State::Idle | State::Faq { .. }) {
            pause(turn, state);
        }
        return faq::choice_tapped(turn, conn, tapped)
            .await
            .map(|s| (s, true));
    }
    // A form's answer belongs to the registration (or the ally's FAD or alert, which
    // checks its own token) it was offered for: kept aside (the user went to ask
    // something meanwhile), that one is taken up again. Anywhere else it is stale and
    // changes nothing.
    if let Input::FormReply { token, .. } = &input
        && !matches!(
            state,
            State::Registering { .. }
                | State::ConfirmingAuthority { .. }
                | State::Summary { .. }
                | State::ChoosingFix { .. }
                | State::Ally { .. }
        )
    {
        if let Some(paused) = turn
            .paused
            .take_if(|p| forms::holds(p, token) || ally::holds(p, token))
        {
            if !matches!(state, State::Idle) {
                pause(turn, state);
            }
            return match paused {
                State::Ally { step } => ally::step(turn, conn, step, input).await,
                registering => registration::step(turn, conn, registering, input).await,
            };
        }
        turn.say(turn.t("form-reply-stale"));
        return reprompt(turn, conn, state).await.map(|s| (s, true));
    }
    match state {
        State::Idle => idle_chat(turn, conn, input).await,
        State::Faq { step } => match faq::step(turn, conn, step, &input).await? {
            Some(done) => Ok(done),
            None => idle_chat(turn, conn, input).await,
        },
        State::Ally { step } => ally::step(turn, conn, step, input).await,
        State::Registering { .. }
        | State::ConfirmingAuthority { .. }
        | State::Summary { .. }
        | State::ChoosingFix { .. } => registration::step(turn, conn, state, input).await,
        State::FindingRequest { .. } | State::Uploading { .. } => {
            requests::step(turn, conn, state, input).await
        }
        State::TicketCategory { .. } | State::TicketQuestion { .. } => {
            tickets::step(turn, conn, state, input).await
        }
        // A chat that was staff and no longer is starts over as an ally.
        State::StaffHome
        | State::StaffReviewing { .. }
        | State::StaffNote { .. }
        | State::StaffClosingReport { .. }
        | State::StaffTicket { .. }
        | State::StaffTicketClosing { .. }
        | State::TicketOpen { .. }
        | State::TicketComment { .. } => idle(turn, conn, input).await,
    }
}

/// A chat with no flow open. A question about the program gets its answer first when
/// one stands out, and "¿qué es…?" its closest answers too (a bound ally asking for
/// counts gets the padrón); then the padrón's words, the menu's words, and the
/// knowledge base again for the rest.
async fn idle_chat(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    input: Input,
) -> Result<(State, bool), EngineError> {
    if let Input::Text(text) = &input
        && faq::is_question(text)
        && !(turn.ally.is_some() && faq::asks_for_counts(text))
    {
        let mode = if faq::asks_what_it_is(text) {
            faq::Mode::Offer
        } else {
            faq::Mode::Sure
        };
        if let Some(state) = faq::ask(turn, conn, text, mode).await? {
            return Ok((state, true));
        }
    }
    match ally::idle(turn, conn, &input).await? {
        Some(done) => Ok(done),
        None => idle(turn, conn, input).await,
    }
}

/// Runs an ally's command from wherever the chat is.
async fn run(
    command: Command,
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
) -> Result<State, EngineError> {
    let busy = !matches!(state, State::Idle);
    match command {
        Command::Cancel => {
            if busy {
                turn.say(turn.t("cancelled"));
            } else if turn.paused.take().is_some() {
                turn.say(turn.t("cancelled-paused"));
            } else {
                turn.say(turn.t("nothing-to-cancel"));
            }
            show_menu(turn);
            Ok(State::Idle)
        }
        Command::Help => {
            turn.say(turn.t("help"));
            if busy {
                reprompt(turn, conn, state).await
            } else {
                show_menu(turn);
                Ok(State::Idle)
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
            reprompt(turn, conn, state).await
        }
        // The flow kept aside comes back; the one in progress, if any, is kept aside
        // in its place.
        Command::Continue => match turn.paused.take() {
            Some(paused) => {
                if busy {
                    pause(turn, state);
                }
                reprompt(turn, conn, paused).await
            }
            None if busy => reprompt(turn, conn, state).await,
            None => {
                turn.say(turn.t("nothing-to-continue"));
                show_menu(turn);
                Ok(State::Idle)
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
) -> Result<State, EngineError> {
    match command {
        Command::Register => registration::start(turn, conn).await,
        Command::Upload => requests::start(turn, conn, Purpose::Upload, None).await,
        Command::Status => requests::start(turn, conn, Purpose::Status, None).await,
        Command::Ddc => requests::start(turn, conn, Purpose::Ddc, None).await,
        Command::FixObservation => registration::start_amend(turn, conn).await,
        Command::Renew => registration::start_renewal(turn, conn).await,
        Command::Ally => ally::start(turn, conn).await,
        Command::Faq => Ok(faq::start(turn)),
        // Staff commands typed in an ally's chat, and /start: the menu.
        _ => {
            turn.say(turn.t("welcome"));
            show_menu(turn);
            Ok(State::Idle)
        }
    }
}

/// Keeps a flow left half-way and says what it was and how to take it up again.
pub(super) fn pause(turn: &mut Turn<'_>, state: State) {
    let what = match &state {
        State::Registering { .. }
        | State::ConfirmingAuthority { .. }
        | State::Summary { .. }
        | State::ChoosingFix { .. } => registration::progress(turn, &state),
        State::FindingRequest { purpose, .. } => turn.t(match purpose {
            Purpose::Upload => "paused-upload",
            Purpose::Ddc => "paused-ddc",
            Purpose::Status => "paused-status",
        }),
        State::Uploading { code, .. } => {
            turn.ta("paused-uploading", &[("code", code.clone().into())])
        }
        State::Ally { .. } => turn.t("paused-query"),
        _ => return,
    };
    turn.say(turn.ta("paused", &[("what", what.into())]));
    turn.paused = Some(state);
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
        State::Registering { .. }
        | State::ConfirmingAuthority { .. }
        | State::Summary { .. }
        | State::ChoosingFix { .. } => registration::reprompt(turn, state),
        State::FindingRequest { .. } | State::Uploading { .. } => {
            requests::reprompt(turn, conn, state).await
        }
        State::TicketCategory { .. } | State::TicketQuestion { .. } => {
            Ok(tickets::reprompt(turn, state))
        }
        State::StaffHome
        | State::StaffReviewing { .. }
        | State::StaffNote { .. }
        | State::StaffClosingReport { .. }
        | State::StaffTicket { .. }
        | State::StaffTicketClosing { .. }
        | State::TicketOpen { .. }
        | State::TicketComment { .. } => {
            show_menu(turn);
            Ok(State::Idle)
        }
        State::Ally { step } => Ok(ally::reprompt(turn, step)),
        State::Faq { step } => Ok(faq::reprompt(turn, step)),
    }
}

/// No flow open: words that name what the user wants, a file, or a stale button.
async fn idle(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    input: Input,
) -> Result<(State, bool), EngineError> {
    match input {
        Input::Text(text) => {
            let t = normalize(&text);
            let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
            // Asking for a person comes first: "hablar con alguien sobre mi solicitud".
            let command = if has(&[
                "especialista",
                "humano",
                "una persona",
                "asesor",
                "hablar con",
                "llamar",
                "telefono",
            ]) {
                Some(Command::Specialist)
            } else if has(&["renov"]) {
                Some(Command::Renew)
            } else if has(&["subsan", "corregir", "observad"]) {
                Some(Command::FixObservation)
            } else if has(&["estado", "como va", "seguimiento", "mi solicitud", "status"]) {
                Some(Command::Status)
            } else if has(&["descarg", "ddc", "declaracion", "formato"])
                && !has(&["envi", "subir", "firmad"])
            {
                Some(Command::Ddc)
            } else if has(&["envi", "subir", "firmad", "adjunt"]) {
                Some(Command::Upload)
            } else if has(&["solicit", "acceso", "registr", "inscrib", "cuenta"]) {
                Some(Command::Register)
            } else if has(&["ayuda", "help", "que puedes", "que haces"]) {
                Some(Command::Help)
            } else if has(&["hola", "buenos", "buenas", "hello", "menu", "inicio"])
                // "hi" as a word: "Chiclayo" is no greeting.
                || t.split(' ').any(|w| w == "hi")
            {
                Some(Command::Start)
            } else {
                None
            };
            match command {
                Some(c) => run(c, turn, conn, State::Idle).await.map(|s| (s, true)),
                None => {
                    // Not a wish the menu knows: maybe a question about the program.
                    let mode = if faq::is_question(&text) {
                        faq::Mode::Always
                    } else {
                        faq::Mode::Offer
                    };
                    if let Some(state) = faq::ask(turn, conn, &text, mode).await? {
                        return Ok((state, true));
                    }
                    turn.say(turn.t("not-understood"));
                    show_menu(turn);
                    Ok((State::Idle, false))
                }
            }
        }
        // A file with no flow open: most likely the signed DDC. Keep it and find its request.
        Input::File(file) => requests::file_without_flow(turn, conn, file)
            .await
            .map(|s| (s, true)),
        Input::Choice(_) | Input::Stale => {
            turn.say(turn.t("stale-choice"));
            show_menu(turn);
            Ok((State::Idle, true))
        }
        Input::Contact { .. } | Input::FormReply { .. } | Input::Unsupported(_) => {
            turn.say(turn.t("unsupported-input"));
            show_menu(turn);
            Ok((State::Idle, false))
        }
        // The form was sent after the registration ended (sent, or cancelled).
        Input::Form(_) => {
            turn.say(turn.t("form-no-registration"));
            show_menu(turn);
            Ok((State::Idle, true))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_means_the_same_command_everywhere() {
        assert_eq!(Command::parse("/cancelar"), Some(Command::Cancel));
        assert_eq!(Command::parse("/salir"), Some(Command::Cancel));
        assert_eq!(Command::parse("/Start@contigo_bot"), Some(Command::Start));
        assert_eq!(Command::parse("/start CTG123"), Some(Command::Start));
        assert_eq!(Command::parse("/bandeja"), Some(Command::Queue));
        assert_eq!(Command::parse("/continuar"), Some(Command::Continue));
        assert_eq!(Command::parse("/consola"), Some(Command::Console));
        assert_eq!(Command::parse("cancelar"), None);
        assert_eq!(Command::parse("/nada"), None);
    }

    #[test]
    fn every_menu_item_is_a_command() {
        for item in MenuItem::ALL {
            let input = Input::Choice(ChoiceId::Menu(item));
            assert_eq!(Command::of(&input), Some(Command::from_menu(item)));
        }
    }
}
