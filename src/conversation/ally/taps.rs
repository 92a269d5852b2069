//! A bound ally's menu: the choices taken from any state, and whether the access may do them.

use super::*;

/// Input with no step open, from a bound chat: menu taps, a typed DNI, or words that
/// name a query. Passed on (from an idle chat) when it is not for this flow.
pub(in crate::conversation) async fn idle(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    input: Input,
) -> Result<Step, EngineError> {
    let Some(ally) = turn.ally.clone() else {
        if replayed(turn, conn, &input).await? {
            return Ok(Step::to(State::Idle));
        }
        return Ok(Step::pass(State::Idle, input));
    };
    let id = match &input {
        Input::Choice(id) if is_ally_choice(id) => id.clone(),
        Input::Text(text) => {
            if Dni::parse(text).is_ok() {
                return lookup(turn, conn, &ally, text, Purpose::Lookup).await;
            }
            let t = normalize(text);
            let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
            let query = |q: &str| ChoiceId::Query(q.to_owned());
            if has(&crate::domain::padron::NOT_COLLECTED_WORDS) {
                query(PadronList::NotCollected.as_str())
            } else if has(&["vigente"]) {
                query("vigentes")
            } else if has(&["suspendid"]) {
                query("suspendidos")
            } else if has(&["desafiliad"]) {
                query("desafiliados")
            } else if has(&["menor"]) {
                query("menores")
            } else if has(&["cobro", "cobrador"]) {
                query("cobro")
            } else if has(&["afiliacion", "conforme"]) {
                query("solicitudes")
            } else if has(&["categoria", "continuador", "reincorporad"]) {
                query("categorias")
            } else if has(&["alerta", "fallec", "hospital"]) {
                ChoiceId::Ally(AllyItem::Alert)
            } else if has(&["fad", "actualiza", "domicilio"]) {
                ChoiceId::Ally(AllyItem::Fad)
            } else if has(&["dni", "buscar", "beneficiario"]) {
                ChoiceId::Ally(AllyItem::Dni)
            } else if has(&[
                "padron", "consulta", "hola", "buenos", "buenas", "menu", "inicio",
            ]) {
                ChoiceId::Ally(AllyItem::Menu)
            } else {
                return Ok(Step::pass(State::Idle, input));
            }
        }
        _ => return Ok(Step::pass(State::Idle, input)),
    };
    match tap(turn, conn, &ally, &id).await? {
        Some(state) => Ok(Step::to(state)),
        None => Ok(Step::pass(State::Idle, input)),
    }
}

/// A padrón button kept from before the chat's binding ended (or never bound): the
/// policy is asked about the access the chat was last bound to, and refuses, since
/// the chat is bound to nothing now. Whether it was one (answered; the chat is then
/// idle): not for anything else, nor in a chat never bound.
pub(super) async fn replayed(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    input: &Input,
) -> Result<bool, EngineError> {
    let act = match input {
        Input::Choice(
            ChoiceId::Query(_)
            | ChoiceId::Download(_)
            | ChoiceId::DownloadCsv(_)
            | ChoiceId::AlertKind(_)
            | ChoiceId::Ally(AllyItem::Dni),
        ) => Act::SeePersonalData,
        Input::Choice(ChoiceId::Ally(AllyItem::Alert | AllyItem::Fad)) => Act::Act,
        _ => return Ok(false),
    };
    let chat = turn.chat;
    let Some(last) = bindings::latest(conn, chat.key()).await? else {
        return Ok(false);
    };
    if may(turn, conn, last.request_id, act).await? {
        // Bound again since (the turn began unbound): the menu says what is open.
        show_menu(turn);
    }
    Ok(true)
}

/// The choices this flow answers from a bound chat's menu.
pub(super) fn is_ally_choice(id: &ChoiceId) -> bool {
    matches!(
        id,
        ChoiceId::Ally(_)
            | ChoiceId::Query(_)
            | ChoiceId::Download(_)
            | ChoiceId::DownloadCsv(_)
            | ChoiceId::AlertKind(_)
    )
}

/// Runs a menu tap. None for a choice this flow does not know.
pub(super) async fn tap(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ally: &Ally,
    id: &ChoiceId,
) -> Result<Option<State>, EngineError> {
    let people = ally.scope.sees_people();
    let s = match id {
        ChoiceId::Ally(AllyItem::Menu) => {
            ally_menu(turn);
            State::Idle
        }
        ChoiceId::Ally(AllyItem::Other) => {
            requests_menu(turn);
            State::Idle
        }
        ChoiceId::Ally(AllyItem::Dni) if people => reprompt(turn, AllyStep::AskingDni),
        ChoiceId::Ally(AllyItem::Alert) if ally.is_local() => {
            turn.say(turn.t("ally-alert-intro"));
            reprompt(turn, AllyStep::AlertDni)
        }
        ChoiceId::Ally(AllyItem::Fad) if ally.is_local() => {
            turn.say(turn.t("ally-fad-intro"));
            reprompt(turn, AllyStep::FadDni)
        }
        ChoiceId::Ally(AllyItem::Dni | AllyItem::Alert | AllyItem::Fad) => {
            turn.say(turn.t("ally-not-for-your-access"));
            ally_menu(turn);
            State::Idle
        }
        // Only meaningful inside the alert step; here it is a stale button.
        ChoiceId::AlertKind(_) => {
            turn.say(turn.t("stale-choice"));
            ally_menu(turn);
            State::Idle
        }
        ChoiceId::Query(name) => {
            query(turn, conn, ally, name).await?;
            State::Idle
        }
        ChoiceId::Download(name) => {
            download(turn, conn, ally, name, FileFormat::Xlsx).await?;
            State::Idle
        }
        ChoiceId::DownloadCsv(name) => {
            download(turn, conn, ally, name, FileFormat::Csv).await?;
            State::Idle
        }
        _ => return Ok(None),
    };
    Ok(Some(s))
}

/// May this chat read (or report on) the padrón of `access_id` now? Asked of the
/// policy with the chat's binding and the access as the database has them at this
/// moment, not as the turn began: a binding that points to an access no longer
/// active opens nothing. Says the one refusal, and reads nothing, when not.
pub(super) async fn may(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    access_id: i64,
    act: Act,
) -> Result<bool, EngineError> {
    let chat = turn.chat;
    let who = match bindings::open(conn, chat.key()).await? {
        Some(b) => Who::BoundAlly {
            access_id: b.request_id,
        },
        None => Who::Stranger,
    };
    let active = store_requests::get(conn, access_id)
        .await?
        .is_some_and(|a| a.stage == Stage::Active);
    let decision = policy::decide(who, act, Record::Padron { access_id, active });
    if !decision.allowed() {
        tracing::info!(request = access_id, ?decision, "padrón refused");
        turn.say(turn.t(Decision::REFUSED_KEY));
        show_menu(turn);
    }
    Ok(decision.allowed())
}
