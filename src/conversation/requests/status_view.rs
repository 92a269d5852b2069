//! A request's status as the chat tells it, and its DDC sent.

use super::*;

pub(super) fn authority(turn: &Turn<'_>, row: &RequestRow) -> Arg {
    Arg::Str(turn.t(row.access_type.authority_key()))
}

/// Says where a request is, what comes next and by when.
pub(in crate::conversation) async fn status(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
) -> Result<(), EngineError> {
    let jurisdiction = row.jurisdiction_label();
    let mut lines = vec![turn.ta(
        "status-header",
        &[
            ("code", row.code.clone().into()),
            ("type", turn.t(row.access_type.message_key()).into()),
            ("jurisdiction", jurisdiction.into()),
            ("stage", turn.t(row.stage.message_key()).into()),
        ],
    )];
    // An access being renewed says where its renewal is, not "renew it".
    let renewal = match row.stage {
        Stage::Active | Stage::Expired => store::open_renewal_of(conn, row.id).await?,
        _ => None,
    };
    if !(row.stage == Stage::Expired && renewal.is_some()) {
        // The step named is the one the notices and the menu offer.
        let step = NextStep::of(row.stage, renewal.is_some());
        let next_key = format!("status-next-{}", row.stage.as_str().replace('_', "-"));
        lines.push(turn.ta(
            &next_key,
            &[
                ("authority", authority(turn, row)),
                ("year", i64::from(row.fiscal_year).into()),
                ("next", turn.t(step.label_key()).into()),
            ],
        ));
    }
    // Observed: the reason, again, so the applicant knows what to correct.
    if row.stage == Stage::Observed {
        let reason = crate::services::corrections::last_reason(conn, row).await?;
        lines.push(turn.ta(
            "status-observed-reason",
            &[(
                "reason",
                reason.words(&turn.engine.locales, turn.lang).into(),
            )],
        ));
    }
    lines.extend(dates(turn, conn, row).await?);
    if !row.stage.is_terminal()
        && let Some(line) = kind_line(turn, conn, row).await?
    {
        lines.push(line);
    }
    if let Some(renewal) = renewal {
        lines.push(turn.ta(
            "status-renewal-filed",
            &[
                ("renewal", renewal.code.clone().into()),
                ("stage", turn.t(renewal.stage.message_key()).into()),
                ("year", i64::from(renewal.fiscal_year).into()),
            ],
        ));
    }
    // A new signed DDC UAC asked for: by when, with the button to send it; or that
    // it arrived and UAC reviews it.
    let new_ddc = crate::conversation::menu::new_ddc_due(turn, conn, row).await?;
    if new_ddc.is_none()
        && crate::services::new_ddc::awaited(conn, row)
            .await?
            .is_some()
    {
        lines.push(turn.t("status-new-ddc-received"));
    }
    if let Some(line) = new_ddc {
        lines.push(line);
        let send = turn.choice(ChoiceId::Menu(MenuItem::Upload), "menu-upload");
        turn.ask(lines.join("\n"), vec![send]);
    } else if matches!(row.stage, Stage::UacReview | Stage::Observed)
        && lacks_designation(conn, row).await?
    {
        lines.push(turn.t("status-designation-missing"));
        let send = turn.choice(ChoiceId::SendDesignation(row.id), "designation-send");
        turn.ask(lines.join("\n"), vec![send]);
    } else {
        turn.say(lines.join("\n"));
    }
    turn.usage(conn, UsageKind::Query, Some("status")).await?;
    Ok(())
}

/// By when the current stage is due, and when the account is expected.
async fn dates(
    turn: &Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
) -> Result<Vec<String>, EngineError> {
    let mut lines = vec![];
    if let Some(due) = row.stage_due_on {
        let key = if due < turn.today() {
            "status-due-late"
        } else {
            "status-due"
        };
        lines.push(turn.ta(key, &[("date", turn.date(due).into())]));
    }
    let workflow = turn.workflow();
    let review_days = workflow.review_days();
    match workflow.expected_account(conn, row).await? {
        Some(expected) => {
            let key = if expected < turn.today() {
                "status-expected-late"
            } else {
                "status-expected"
            };
            lines.push(turn.ta(key, &[("date", turn.date(expected).into())]));
        }
        None if row.stage == Stage::AwaitingDdc => {
            lines.push(turn.ta(
                "status-expected-after-upload",
                &[("days", review_days.into())],
            ));
        }
        None => {}
    }
    Ok(lines)
}

/// What the request is to the access of its jurisdiction, when it is more than a
/// first request: a change of responsible, a renewal, or a fresh start.
pub(in crate::conversation) async fn kind_line(
    turn: &Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
) -> Result<Option<String>, EngineError> {
    let previous = match row.previous_id {
        Some(id) => store::get(conn, id).await?.map(|p| p.code),
        None => None,
    };
    Ok(match (row.kind, previous) {
        (RequestKind::Modification, _) => Some(turn.t("status-modification")),
        (RequestKind::Renewal, previous) => Some(turn.ta(
            "status-renewal",
            &[
                ("previous", previous.unwrap_or_default().into()),
                ("year", i64::from(row.fiscal_year).into()),
            ],
        )),
        (RequestKind::New, Some(previous)) => {
            Some(turn.ta("status-restart", &[("previous", previous.into())]))
        }
        (RequestKind::New, None) => None,
    })
}

/// Issues the request's DDC (`services::ddc`) and sends it to the chat; returns the
/// stored PDF's hash.
pub(crate) async fn send_ddc(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    row: &RequestRow,
) -> Result<String, EngineError> {
    // A DDC still to be signed covers the fiscal year it is signed for: from the
    // renewal window on, the coming one.
    let window = turn.engine.settings.bot.renewal_window_from;
    let fiscal_year = if accepts_upload(row.stage) {
        row.fiscal_year.max(ddc_fiscal_year(turn.today(), window))
    } else {
        row.fiscal_year
    };
    let (row, sha) = crate::services::ddc::issue(
        conn,
        turn.ddc_maker(),
        row,
        fiscal_year,
        false,
        turn.today(),
        turn.unix(),
    )
    .await?;
    turn.usage(conn, UsageKind::Download, Some(&row.code))
        .await?;
    let caption = turn.ta("ddc-caption", &[("code", row.code.clone().into())]);
    turn.document(sha.clone(), format!("DDC-{}.pdf", row.code), caption);
    Ok(sha)
}
