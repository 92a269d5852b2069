//! The entry point of every turn: commands that work anywhere (/start, /ayuda,
//! /cancelar, /estado), the main menu, free-text intents, and the hand-off to the
//! flow the chat is in.

use super::tickets::{self, Routed};
use super::{EngineError, Inbound, Purpose, State, Turn, ally, registration, requests, staff};
use crate::domain::ubigeo::normalize;
use crate::store::Conn;

/// Runs the turn; returns the new state and whether the input was understood.
pub(super) async fn dispatch(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    input: Inbound,
) -> Result<(State, bool), EngineError> {
    // A chat is a staff chat only because the registry says so.
    if let Some(member) =
        crate::store::staff::by_chat(conn, turn.chat.channel, &turn.chat.chat_id).await?
    {
        return staff::dispatch(turn, conn, &member, state, input).await;
    }
    turn.ally = ally::load(turn, conn).await?;
    // An open ticket takes everything the ally sends; then the rating.
    let (state, input) = match tickets::ally_first(turn, conn, state, input).await? {
        Routed::Done(state, understood) => return Ok((state, understood)),
        Routed::Pass(state, input) => (state, input),
    };
    let (state, understood) = ally_turn(turn, conn, state, input).await?;
    if !understood && turn.not_understood >= 1 {
        tickets::offer(turn);
    }
    Ok((state, understood))
}

async fn ally_turn(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    state: State,
    input: Inbound,
) -> Result<(State, bool), EngineError> {
    // The DDC's QR code (`/start <payload>`) or its two codes typed: the upload step.
    if let Inbound::Text(text) = &input
        && let Some(link) = crate::domain::request::UploadLink::parse(text)
    {
        return requests::follow_link(turn, conn, state, link).await;
    }
    if let Inbound::Text(text) = &input
        && let Some(command) = Command::parse(text).or_else(|| asks_for_status(text))
    {
        return command.run(turn, conn, state).await.map(|s| (s, true));
    }
    if let Inbound::Choice(id) = &input
        && let Some(item) = id.strip_prefix("m:")
        && let Some(command) = Command::from_menu(item)
    {
        return command.run(turn, conn, state).await.map(|s| (s, true));
    }
    match state {
        State::Idle => match ally::idle(turn, conn, &input).await? {
            Some(done) => Ok(done),
            None => idle(turn, conn, input).await,
        },
        State::Ally { step } => ally::step(turn, conn, step, input).await,
        State::Registering { .. } | State::Summary { .. } | State::ChoosingFix { .. } => {
            registration::step(turn, conn, state, input).await
        }
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Command {
    Start,
    Help,
    Cancel,
    Register,
    Upload,
    Status,
    Ddc,
    FixObservation,
    Renew,
    Specialist,
    Ally,
}

impl Command {
    pub(super) fn parse(text: &str) -> Option<Self> {
        let word = text.trim().strip_prefix('/')?;
        // "/start@contigo_bot" in groups carries the bot's name.
        let word = word.split(['@', ' ']).next()?.to_ascii_lowercase();
        Some(match word.as_str() {
            "start" | "inicio" | "menu" | "menú" => Command::Start,
            "ayuda" | "help" => Command::Help,
            "cancelar" | "cancel" | "salir" => Command::Cancel,
            "solicitar" | "registrar" | "register" => Command::Register,
            "enviar" | "subir" | "upload" => Command::Upload,
            "estado" | "status" => Command::Status,
            "ddc" | "declaracion" => Command::Ddc,
            "corregir" | "subsanar" | "fix" => Command::FixObservation,
            "renovar" | "renew" => Command::Renew,
            "especialista" | "specialist" | "humano" | "persona" => Command::Specialist,
            "padron" | "padrón" | "consultas" | "aliado" => Command::Ally,
            _ => return None,
        })
    }

    fn from_menu(item: &str) -> Option<Self> {
        Some(match item {
            "register" => Command::Register,
            "upload" => Command::Upload,
            "status" => Command::Status,
            "ddc" => Command::Ddc,
            "help" => Command::Help,
            "menu" => Command::Start,
            "fixobs" => Command::FixObservation,
            "renew" => Command::Renew,
            "specialist" => Command::Specialist,
            "ally" => Command::Ally,
            _ => return None,
        })
    }

    async fn run(
        self,
        turn: &mut Turn<'_>,
        conn: &mut Conn,
        state: State,
    ) -> Result<State, EngineError> {
        let busy = !matches!(state, State::Idle);
        match self {
            Command::Cancel => {
                if busy {
                    turn.say(turn.t("cancelled"));
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
            // "How is my request going?" is answered at any time; the step in
            // progress is then asked again.
            Command::Status if busy => {
                if !requests::status_of_chat(turn, conn).await? {
                    turn.say(turn.t("status-none-yet"));
                }
                reprompt(turn, conn, state).await
            }
            // Anything that would start a new flow first protects the one in progress.
            _ if busy => {
                turn.say(turn.t("flow-in-progress"));
                reprompt(turn, conn, state).await
            }
            Command::Start => {
                turn.say(turn.t("welcome"));
                show_menu(turn);
                Ok(State::Idle)
            }
            Command::Register => registration::start(turn, conn).await,
            Command::Upload => requests::start(turn, conn, Purpose::Upload, None).await,
            Command::Status => requests::start(turn, conn, Purpose::Status, None).await,
            Command::Ddc => requests::start(turn, conn, Purpose::Ddc, None).await,
            Command::FixObservation => registration::start_amend(turn, conn, false).await,
            Command::Renew => registration::start_amend(turn, conn, true).await,
            Command::Ally => ally::start(turn, conn).await,
        }
    }
}

/// The main menu: a bound ally's queries, or the access-request menu.
pub(super) fn show_menu(turn: &mut Turn<'_>) {
    if turn.ally.is_some() {
        ally::ally_menu(turn);
    } else {
        requests_menu(turn);
    }
}

pub(super) fn requests_menu(turn: &mut Turn<'_>) {
    let choices = vec![
        turn.choice("m:register", "menu-register"),
        turn.choice("m:upload", "menu-upload"),
        turn.choice("m:status", "menu-status"),
        turn.choice("m:ddc", "menu-ddc"),
        turn.choice("m:specialist", "menu-specialist"),
        turn.choice("m:ally", "menu-ally"),
        turn.choice("m:help", "menu-help"),
    ];
    turn.ask(turn.t("menu-prompt"), choices);
}

/// Asks again what the current step needs (after /ayuda or an interruption).
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
        State::Registering { .. } | State::Summary { .. } | State::ChoosingFix { .. } => {
            registration::reprompt(turn, state)
        }
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
    }
}

async fn idle(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    input: Inbound,
) -> Result<(State, bool), EngineError> {
    match input {
        Inbound::Text(text) => {
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
            } else if has(&["hola", "buenos", "buenas", "hello", "hi", "menu", "inicio"]) {
                Some(Command::Start)
            } else {
                None
            };
            match command {
                Some(c) => c.run(turn, conn, State::Idle).await.map(|s| (s, true)),
                None => {
                    turn.say(turn.t("not-understood"));
                    show_menu(turn);
                    Ok((State::Idle, false))
                }
            }
        }
        // A file with no flow open: most likely the signed DDC. Keep it and find its request.
        Inbound::File(file) => requests::file_without_flow(turn, conn, file)
            .await
            .map(|s| (s, true)),
        Inbound::Choice(_) => {
            turn.say(turn.t("stale-choice"));
            show_menu(turn);
            Ok((State::Idle, true))
        }
        Inbound::Contact { .. } | Inbound::Unsupported(_) => {
            turn.say(turn.t("unsupported-input"));
            show_menu(turn);
            Ok((State::Idle, false))
        }
    }
}

/// For flows: the polite answer to input a step cannot use.
pub(super) fn unsupported(turn: &mut Turn<'_>) {
    turn.say(turn.t("unsupported-input"));
}
