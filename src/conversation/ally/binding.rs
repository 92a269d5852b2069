//! Binding a chat to an approved access: the user's own contact or the phone they type, and which access when the phone is several's.

use super::*;

/// `/padron` or the menu's "Consultar beneficiarios": the queries when bound,
/// otherwise the binding.
pub(in crate::conversation) async fn start(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
) -> Result<Step, EngineError> {
    if turn.ally.is_some() {
        ally_menu(turn);
        return Ok(Step::to(State::Idle));
    }
    if say_closed(turn, conn).await? {
        return Ok(Step::to(State::Idle));
    }
    match turn.chat.channel {
        // On WhatsApp the sender's number is the proof: the platform vouches for it.
        Channel::Whatsapp => match Phone::parse(&turn.chat.chat_id) {
            Ok(phone) => bind_by_phone(turn, conn, &phone).await.map(Step::to),
            Err(_) => {
                turn.say(turn.t("binding-no-access-unknown"));
                show_menu(turn);
                Ok(Step::to(State::Idle))
            }
        },
        Channel::Telegram => {
            ask_contact(turn);
            Ok(Step::to(state(AllyStep::AwaitingContact)))
        }
        // E-mail never writes in; a terminal user cannot prove a phone number.
        Channel::Terminal | Channel::Email => {
            turn.say(turn.t("binding-terminal"));
            show_menu(turn);
            Ok(Step::to(State::Idle))
        }
    }
}

pub(super) fn ask_contact(turn: &mut Turn<'_>) {
    turn.ask(
        turn.t("binding-share-contact"),
        vec![turn.choice(ChoiceId::ShareContact, "binding-share-button")],
    );
}

pub(super) async fn bind_by_phone(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    phone: &Phone,
) -> Result<State, EngineError> {
    let ids = bindings::active_accesses_for_phone(conn, phone).await?;
    match ids.as_slice() {
        [] => {
            turn.say(turn.ta("binding-no-access", &[("phone", phone.masked().into())]));
            show_menu(turn);
            Ok(State::Idle)
        }
        [id] => bind(turn, conn, *id).await,
        _ => {
            let mut choices = vec![];
            for id in &ids {
                if let Some(access) = store_requests::get(conn, *id).await? {
                    let label = format!("{} · {}", access.code, jurisdiction_label(turn, &access));
                    choices.push(Choice::new(ChoiceId::Bind(*id), label));
                }
            }
            turn.ask(turn.t("binding-pick-access"), choices);
            Ok(state(AllyStep::PickingAccess { ids }))
        }
    }
}

pub(super) async fn bind(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    request_id: i64,
) -> Result<State, EngineError> {
    let Some(access) = store_requests::get(conn, request_id).await? else {
        show_menu(turn);
        return Ok(State::Idle);
    };
    let Some(scope) = Scope::for_access(access.access_type, &access.jurisdiction) else {
        // An active access always has a well-formed jurisdiction; refuse rather than guess.
        turn.say(turn.t("technical-problem"));
        show_menu(turn);
        return Ok(State::Idle);
    };
    bindings::bind(conn, turn.chat.key(), request_id, turn.unix()).await?;
    tracing::info!(
        request = access.id,
        channel = turn.chat.channel.as_str(),
        "ally chat bound"
    );
    let jurisdiction = jurisdiction_label(turn, &access);
    turn.say(turn.ta(
        "binding-done",
        &[
            ("code", access.code.clone().into()),
            ("type", turn.t(access.access_type.message_key()).into()),
            ("jurisdiction", jurisdiction.into()),
        ],
    ));
    turn.ally = Some(Ally { access, scope });
    ally_menu(turn);
    Ok(State::Idle)
}

pub(super) async fn contact_step(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    input: Input,
) -> Result<Step, EngineError> {
    match input {
        Input::Contact { phone, own } => {
            // Only the sender's own contact proves anything: anyone can forward
            // someone else's card.
            if !own {
                turn.say(turn.t("binding-not-own"));
                ask_contact(turn);
                return Ok(Step::to(state(AllyStep::AwaitingContact)));
            }
            match Phone::parse(&phone) {
                Ok(phone) => bind_by_phone(turn, conn, &phone).await.map(Step::to),
                Err(_) => {
                    turn.say(turn.t("binding-no-access-unknown"));
                    show_menu(turn);
                    Ok(Step::to(State::Idle))
                }
            }
        }
        Input::Choice(ChoiceId::ShareContact) => {
            turn.say(turn.t("binding-contact-help"));
            ask_contact(turn);
            Ok(Step::to(state(AllyStep::AwaitingContact)))
        }
        _ => {
            turn.say(turn.t("binding-contact-help"));
            ask_contact(turn);
            Ok(Step::unclear(state(AllyStep::AwaitingContact)))
        }
    }
}
