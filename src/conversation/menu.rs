//! The main menus and the polite answer to input a step cannot use.

use super::{ChoiceId, EngineError, MenuItem, Turn};
use crate::domain::correction::NextStep;
use crate::domain::request::AccessType;
use crate::message::AllyItem;
use crate::store::Conn;
use crate::store::requests::RequestRow;

/// The main menu: a bound ally's queries, or the access-request menu.
pub(super) fn show_menu(turn: &mut Turn<'_>) {
    if turn.ally.is_some() {
        ally_menu(turn);
    } else {
        requests_menu(turn);
    }
}

/// The main menu with the next step of the chat's latest request first, when it
/// asks the applicant to act («Corregir datos», «Retomar solicitud», «Renovar
/// acceso»): the step its notice and `/estado` offer ([`NextStep`]).
pub(super) async fn show_menu_for(turn: &mut Turn<'_>, conn: &mut Conn) -> Result<(), EngineError> {
    if turn.ally.is_some() {
        ally_menu(turn);
        return Ok(());
    }
    let step = next_step_of_chat(turn, conn).await?;
    requests_menu_with(turn, step);
    Ok(())
}

pub(super) fn requests_menu(turn: &mut Turn<'_>) {
    requests_menu_with(turn, None);
}

fn requests_menu_with(turn: &mut Turn<'_>, next: Option<NextStep>) {
    let mut choices = vec![];
    // Something was left half-way to do this: taking it up again comes first.
    if turn.paused.is_some() {
        choices.push(turn.choice(ChoiceId::Menu(MenuItem::Continue), "menu-continue"));
    }
    if let Some(step) =
        next.filter(|s| matches!(s, NextStep::Fix | NextStep::Restart | NextStep::Renew))
    {
        choices.push(turn.choice(ChoiceId::Menu(step.menu_item()), step.label_key()));
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

/// The queries menu of a bound chat.
pub(super) fn ally_menu(turn: &mut Turn<'_>) {
    let Some(ally) = turn.ally.clone() else {
        requests_menu(turn);
        return;
    };
    turn.view("menu");
    let mut choices = vec![];
    if ally.scope.sees_people() {
        choices.extend([
            turn.choice(ChoiceId::Query("vigentes".into()), "ally-menu-vigentes"),
            turn.choice(
                ChoiceId::Query("suspendidos".into()),
                "ally-menu-suspendidos",
            ),
            turn.choice(
                ChoiceId::Query("desafiliados".into()),
                "ally-menu-desafiliados",
            ),
            turn.choice(ChoiceId::Query("cobro".into()), "ally-menu-cobro"),
            turn.choice(ChoiceId::Query("menores".into()), "ally-menu-menores"),
            turn.choice(
                ChoiceId::Query("solicitudes".into()),
                "ally-menu-solicitudes",
            ),
            turn.choice(ChoiceId::Ally(AllyItem::Dni), "ally-menu-dni"),
        ]);
        if ally.is_local() {
            choices.extend([
                turn.choice(ChoiceId::Ally(AllyItem::Alert), "ally-menu-alert"),
                turn.choice(ChoiceId::Ally(AllyItem::Fad), "ally-menu-fad"),
            ]);
        }
    } else {
        choices.extend([
            turn.choice(ChoiceId::Query("categorias".into()), "ally-menu-categorias"),
            turn.choice(
                ChoiceId::Download("categorias".into()),
                "ally-menu-categorias-download",
            ),
        ]);
    }
    // «Otras gestiones» is a row of the lessons' list: a Gobierno Local's menu
    // already holds 9 rows and WhatsApp lists 10.
    choices.push(turn.choice(
        ChoiceId::Lesson(crate::message::LessonChoice::Menu),
        "ally-menu-lessons",
    ));
    let jurisdiction = jurisdiction_label(turn, &ally.access);
    turn.ask(
        turn.ta("ally-menu-prompt", &[("jurisdiction", jurisdiction.into())]),
        choices,
    );
}

/// What the ally's queries cover: their district or region by the one jurisdiction
/// label; for Otro Aliado, the national categories (not the entity's name).
pub(super) fn jurisdiction_label(turn: &Turn<'_>, access: &RequestRow) -> String {
    match access.access_type {
        AccessType::Local | AccessType::Regional => access.jurisdiction_label(),
        AccessType::Other => turn.t("ally-national"),
    }
}

/// The next step of the chat's latest request (`None`: it has none).
async fn next_step_of_chat(
    turn: &Turn<'_>,
    conn: &mut Conn,
) -> Result<Option<NextStep>, EngineError> {
    let mine = crate::store::requests::by_chat(conn, turn.chat.key()).await?;
    let Some(row) = mine.into_iter().next() else {
        return Ok(None);
    };
    let renewing = match row.stage {
        crate::domain::stage::Stage::Expired => {
            crate::store::requests::open_renewal_of(conn, row.id)
                .await?
                .is_some()
        }
        _ => false,
    };
    Ok(Some(NextStep::of(row.stage, renewing)))
}
