//! The words a chat types to go somewhere (`/menu`, `/cancelar`, …): one table for
//! allies and staff, read by the router and by a flow that lets a word end it.

use super::{ChoiceId, Input, MenuItem};
use crate::domain::reading::{self, Wish};

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
    /// A bound ally's list of who did not collect this bimester.
    NotCollected,
    Faq,
    Lessons,
    // Staff.
    Queue,
    Accounts,
    Tickets,
    CloseTicket,
    HandOver,
    Console,
    Coverage,
    Train,
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
            "nocobraron" | "no_cobraron" | "nocobrados" => Command::NotCollected,
            "preguntas" | "faq" | "frecuentes" | "questions" => Command::Faq,
            "bandeja" | "queue" => Command::Queue,
            "cuentas" | "accounts" => Command::Accounts,
            "tickets" => Command::Tickets,
            "cerrar" | "close" => Command::CloseTicket,
            "derivar" | "handover" => Command::HandOver,
            "consola" | "console" => Command::Console,
            "cobertura" | "coverage" => Command::Coverage,
            "lecciones" | "leccion" | "lección" | "lessons" | "aprender" => Command::Lessons,
            "capacitar" | "train" => Command::Train,
            _ => return None,
        })
    }

    pub(super) fn from_menu(item: MenuItem) -> Self {
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
    pub(super) fn of(input: &Input) -> Option<Self> {
        match input {
            Input::Text(text) => Command::parse(text)
                .or_else(|| reading::asks_for_menu(text).then_some(Command::Start))
                .or_else(|| reading::asks_for_status(text).then_some(Command::Status)),
            Input::Choice(ChoiceId::Menu(item)) => Some(Command::from_menu(*item)),
            _ => None,
        }
    }
}

impl Command {
    /// The command a wish said in words is.
    pub(super) fn from_wish(wish: Wish) -> Self {
        match wish {
            Wish::Specialist => Command::Specialist,
            Wish::Renew => Command::Renew,
            Wish::FixObservation => Command::FixObservation,
            Wish::Status => Command::Status,
            Wish::Ddc => Command::Ddc,
            Wish::Upload => Command::Upload,
            Wish::Register => Command::Register,
            Wish::Help => Command::Help,
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
        assert_eq!(Command::parse("/lecciones"), Some(Command::Lessons));
        assert_eq!(Command::parse("/capacitar"), Some(Command::Train));
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
