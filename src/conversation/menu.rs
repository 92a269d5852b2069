//! The main menus and the polite answer to input a step cannot use.

use super::{ChoiceId, MenuItem, Turn, ally};

/// The main menu: a bound ally's queries, or the access-request menu.
pub(super) fn show_menu(turn: &mut Turn<'_>) {
    if turn.ally.is_some() {
        ally::ally_menu(turn);
    } else {
        requests_menu(turn);
    }
}

pub(super) fn requests_menu(turn: &mut Turn<'_>) {
    let mut choices = vec![];
    // Something was left half-way to do this: taking it up again comes first.
    if turn.paused.is_some() {
        choices.push(turn.choice(ChoiceId::Menu(MenuItem::Continue), "menu-continue"));
    }
    choices.extend([
        turn.choice(ChoiceId::Menu(MenuItem::Register), "menu-register"),
        turn.choice(ChoiceId::Menu(MenuItem::Upload), "menu-upload"),
        turn.choice(ChoiceId::Menu(MenuItem::Status), "menu-status"),
        turn.choice(ChoiceId::Menu(MenuItem::Ddc), "menu-ddc"),
        turn.choice(ChoiceId::Menu(MenuItem::Faq), "menu-faq"),
        turn.choice(ChoiceId::Menu(MenuItem::Specialist), "menu-specialist"),
        turn.choice(ChoiceId::Menu(MenuItem::Ally), "menu-ally"),
        turn.choice(ChoiceId::Menu(MenuItem::Help), "menu-help"),
    ]);
    turn.ask(turn.t("menu-prompt"), choices);
}

/// For flows: the polite answer to input a step cannot use.
pub(super) fn unsupported(turn: &mut Turn<'_>) {
    turn.say(turn.t("unsupported-input"));
}
