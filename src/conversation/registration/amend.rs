//! A registration from an existing request: a renewal, a correction of an observed one, a new start.

use super::*;
use crate::domain::observation::ObservationReason;

/// Starts renewing an access (active, or expired without renewal), from its data:
/// the summary, where only what changed is corrected.
pub(in crate::conversation) async fn start_renewal(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
) -> Result<Step, EngineError> {
    let mine = store::by_chat(conn, turn.chat.key()).await?;
    let Some(row) = mine
        .into_iter()
        .find(|r| matches!(r.stage, Stage::Active | Stage::Expired))
    else {
        turn.say(turn.t("renew-none"));
        show_menu(turn);
        return Ok(Step::to(State::Idle));
    };
    // Still covering the year a DDC made today would state: nothing to renew yet.
    let window = turn.engine.settings.bot.renewal_window_from;
    let today = turn.today();
    if row.stage == Stage::Active && row.fiscal_year >= ddc_fiscal_year(today, window) {
        let opens = window
            .in_year(row.fiscal_year)
            .map(|d| turn.date(d))
            .unwrap_or_default();
        turn.say(turn.ta(
            "renew-not-yet",
            &[
                ("code", row.code.clone().into()),
                ("year", i64::from(row.fiscal_year).into()),
                ("opens", opens.into()),
            ],
        ));
        show_menu(turn);
        return Ok(Step::to(State::Idle));
    }
    // Filed already: say where it is instead of filing it twice.
    if let Some(renewal) = store::open_renewal_of(conn, row.id).await? {
        turn.say(turn.ta(
            "renew-already-filed",
            &[("code", renewal.code.clone().into())],
        ));
        requests::status(turn, conn, &renewal).await?;
        show_menu(turn);
        return Ok(Step::to(State::Idle));
    }
    turn.say(turn.ta("renew-intro", &[("code", row.code.clone().into())]));
    let draft = Draft {
        data: Box::new(row.data.clone()),
        amend: Some(Amend::Renewal { request_id: row.id }),
        form: None,
    };
    Ok(Step::to(summary(turn, draft)))
}

/// "Corregir datos": the chat's observed request, else the one still waiting for
/// its signed DDC, else its latest request if it lapsed or was rejected (started
/// again from its data). Each reuses the stored data and asks only what changes.
pub(in crate::conversation) async fn start_amend(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
) -> Result<Step, EngineError> {
    let mine = store::by_chat(conn, turn.chat.key()).await?;
    let pick = |stage: Stage| mine.iter().find(|r| r.stage == stage).cloned();
    let restart = mine
        .first()
        .filter(|r| matches!(r.stage, Stage::Lapsed | Stage::Rejected))
        .cloned();
    if let Some(row) = pick(Stage::Observed) {
        let reason = last_reason(conn, &row).await?;
        turn.say(turn.ta(
            "fix-observation-intro",
            &[
                ("code", row.code.clone().into()),
                (
                    "reason",
                    reason.words(&turn.engine.locales, turn.lang).into(),
                ),
            ],
        ));
        let mut draft = Draft {
            data: Box::new(row.data.clone()),
            amend: Some(Amend::Correction { request_id: row.id }),
            form: None,
        };
        // What the observation is about: in a WhatsApp form and, on Telegram, in the
        // Mini App (all the fields, for a reason typed freely), beside the chat's list.
        let observed = reason.code.map(|r| r.fields(row.data.access_type));
        if let Some(fields) = &observed {
            forms::offer_correction(turn, conn, &mut draft, fields).await?;
        }
        let in_form: Vec<Field> = match &observed {
            Some(fields) => fields
                .iter()
                .copied()
                .filter(|f| draft.fields().contains(f))
                .collect(),
            None => draft.fields(),
        };
        let wants_ddc = reason.code.is_some_and(ObservationReason::wants_signed_ddc);
        return Ok(Step::to(choose_fix_observed(
            turn,
            draft,
            &in_form,
            observed.as_deref().unwrap_or_default(),
            wants_ddc,
        )));
    }
    if let Some(row) = pick(Stage::AwaitingDdc) {
        turn.say(turn.ta("fix-unsigned-intro", &[("code", row.code.clone().into())]));
        let draft = Draft {
            data: Box::new(row.data.clone()),
            amend: Some(Amend::Correction { request_id: row.id }),
            form: None,
        };
        return Ok(Step::to(choose_fix(turn, draft)));
    }
    if let Some(row) = restart {
        return start_again(turn, conn, row).await.map(Step::to);
    }
    turn.say(turn.t("fix-observation-none"));
    show_menu(turn);
    Ok(Step::to(State::Idle))
}

/// The reason the request was last observed or rejected (the service's answer).
async fn last_reason(
    conn: &mut Conn,
    row: &store::RequestRow,
) -> Result<corrections::LastReason, EngineError> {
    Ok(corrections::last_reason(conn, row).await?)
}

/// A lapsed or rejected request started again: its data is kept, the fields its
/// observation was about are asked afresh; for a reason typed freely the summary
/// lets the applicant correct whatever it says.
pub(super) async fn start_again(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: store::RequestRow,
) -> Result<State, EngineError> {
    let last = last_reason(conn, &row).await?;
    let reason = last.words(&turn.engine.locales, turn.lang);
    let mut draft = Draft {
        data: Box::new(row.data.clone()),
        amend: Some(Amend::Restart { request_id: row.id }),
        form: None,
    };
    let fields: Option<Vec<Field>> = last.code.map(|r| {
        r.fields(draft.access_type)
            .into_iter()
            .filter(|f| draft.fields().contains(f))
            .collect()
    });
    let asked = fields.as_ref().map_or(String::new(), |fields| {
        fields
            .iter()
            .map(|f| field_label(turn, &draft, *f))
            .collect::<Vec<_>>()
            .join(", ")
    });
    let key = match &fields {
        Some(f) if !f.is_empty() => "restart-intro-fields",
        _ => "restart-intro",
    };
    turn.say(turn.ta(
        key,
        &[
            ("code", row.code.clone().into()),
            ("stage", turn.t(row.stage.message_key()).into()),
            ("reason", reason.into()),
            ("fields", asked.into()),
        ],
    ));
    let fields = fields.unwrap_or_default();
    for f in &fields {
        form::clear(&mut draft, *f);
    }
    forms::offer_correction(turn, conn, &mut draft, &fields).await?;
    Ok(advance(turn, draft, false))
}
