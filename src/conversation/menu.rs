//! The main menus and the polite answer to input a step cannot use.

use super::{ChoiceId, EngineError, MenuItem, Turn};
use crate::domain::correction::NextStep;
use crate::domain::request::AccessType;
use crate::message::{AllyItem, Outbound};
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

/// "Envíe la DDC firmada antes del …": the new signed DDC UAC asked an approved
/// access for, while it has not arrived (`None` otherwise). `/estado`, the menu
/// and the notice say the same.
pub(super) async fn new_ddc_due(
    turn: &Turn<'_>,
    conn: &mut Conn,
    access: &RequestRow,
) -> Result<Option<String>, EngineError> {
    let Some(ask) = crate::services::new_ddc::awaited(conn, access)
        .await?
        .filter(|a| a.awaited())
    else {
        return Ok(None);
    };
    let key = if ask.due_on < turn.today() {
        "status-new-ddc-late"
    } else {
        "status-new-ddc-due"
    };
    Ok(Some(turn.ta(
        key,
        &[
            ("reason", ask.reason.into()),
            ("date", turn.date(ask.due_on).into()),
        ],
    )))
}

async fn latest_of_chat(
    turn: &Turn<'_>,
    conn: &mut Conn,
) -> Result<Option<RequestRow>, EngineError> {
    Ok(crate::store::requests::latest_by_chat(conn, turn.chat.key()).await?)
}

/// The access-request menu. The next step of the chat's latest request is put in
/// it at the end of the turn ([`offer_next_step`]), wherever a flow showed it.
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

/// The access-request menu this turn showed gets, after «Continuar lo pendiente», the
/// next step of the chat's latest request when it asks the applicant to act
/// («Corregir datos», «Retomar solicitud», «Renovar acceso»): the step its notice and
/// `/estado` offer ([`NextStep`]). Done once, at the turn's end, so the menu shown
/// after any message offers it, and the request is read only when a menu was shown.
pub(super) async fn offer_next_step(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
) -> Result<(), EngineError> {
    let register = ChoiceId::Menu(MenuItem::Register).encode();
    // The ally's menu ends with the lessons ("Lecciones y más").
    let other = ChoiceId::Lesson(crate::message::LessonChoice::Menu).encode();
    let Some(at) = turn.out.iter().rposition(|o| {
        matches!(o, Outbound::Text { choices, .. }
            if choices.iter().any(|c| c.id == register || c.id == other))
    }) else {
        return Ok(());
    };
    // The bound ally's access, else the chat's latest request: read once for both.
    let (access, latest) = match &turn.ally {
        Some(ally) => (Some(ally.access.clone()), None),
        None => {
            let latest = latest_of_chat(turn, conn).await?;
            (latest.clone(), latest)
        }
    };
    // A new signed DDC UAC asked for and not sent yet is said first, with its date.
    if let Some(access) = access
        && let Some(line) = new_ddc_due(turn, conn, &access).await?
        && let Outbound::Text { text, .. } = &mut turn.out[at]
        && !text.contains(&line)
    {
        *text = format!("{line}\n\n{text}");
    }
    let Some(latest) = latest else {
        return Ok(());
    };
    let step = next_step_of(conn, &latest).await?;
    if !matches!(step, NextStep::Fix | NextStep::Restart | NextStep::Renew) {
        return Ok(());
    }
    let offered = turn.choice(ChoiceId::Menu(step.menu_item()), step.label_key());
    let resume = ChoiceId::Menu(MenuItem::Continue).encode();
    if let Outbound::Text { choices, .. } = &mut turn.out[at]
        && !choices.iter().any(|c| c.id == offered.id)
    {
        let first = usize::from(choices.first().is_some_and(|c| c.id == resume));
        choices.insert(first, offered);
    }
    Ok(())
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

/// The next step of the chat's latest request, `row`.
async fn next_step_of(conn: &mut Conn, row: &RequestRow) -> Result<NextStep, EngineError> {
    let renewing = match row.stage {
        crate::domain::stage::Stage::Expired => {
            crate::store::requests::open_renewal_of(conn, row.id)
                .await?
                .is_some()
        }
        _ => false,
    };
    Ok(NextStep::of(row.stage, renewing))
}
