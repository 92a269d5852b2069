//! The padrón for a bound ally: a beneficiary looked up by DNI, the list queried or downloaded.

use super::*;

pub(super) fn reader<'a>(turn: &'a Turn<'_>, ally: &Ally) -> Reader<'a> {
    Reader {
        channel: turn.chat.channel.as_str(),
        chat_id: &turn.chat.chat_id,
        request_id: ally.access.id,
    }
}

/// The current padrón, or None after telling the ally there is none yet.
pub(super) async fn snapshot(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
) -> Result<Option<Snapshot>, StoreError> {
    let snap = padron::current(conn).await?;
    if snap.is_none() {
        turn.say(turn.t("padron-empty"));
        ally_menu(turn);
    }
    Ok(snap)
}

/// "Datos al …", and how old they are when past the 7 business days UOT has to
/// update them.
pub(super) fn as_of(turn: &Turn<'_>, snap: &Snapshot) -> String {
    let (days, late) = staleness(&turn.engine.calendar, snap.data_date, turn.today());
    if late {
        return turn.ta(
            "padron-as-of-late",
            &[
                ("date", turn.date(snap.data_date).into()),
                ("days", days.into()),
            ],
        );
    }
    turn.ta(
        "padron-as-of",
        &[("date", turn.date(snap.data_date).into())],
    )
}

/// `/nocobraron`: who did not collect this bimester, for a bound chat; else the
/// binding, as `/padron`.
pub(in crate::conversation) async fn not_collected(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
) -> Result<Step, EngineError> {
    let Some(ally) = turn.ally.clone() else {
        return super::start(turn, conn).await;
    };
    query(turn, conn, &ally, PadronList::NotCollected.as_str()).await?;
    Ok(Step::to(State::Idle))
}

/// Shows one of the totals, with a button to download its list.
pub(super) async fn query(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ally: &Ally,
    name: &str,
) -> Result<(), EngineError> {
    turn.view(name);
    if !may(turn, conn, ally.access.id, Act::SeePersonalData).await? {
        return Ok(());
    }
    let Some(snap) = snapshot(turn, conn).await? else {
        return Ok(());
    };
    let jurisdiction = jurisdiction_label(turn, &ally.access);
    let scope = &ally.scope;
    let people = scope.sees_people();
    let (lines, rows): (Vec<String>, i64) = match (name, PadronList::parse(name)) {
        (_, Some(PadronList::Status(status))) if people => {
            let totals = padron::status_totals(conn, scope).await?;
            let n = totals
                .iter()
                .find(|(s, _)| *s == status)
                .map_or(0, |(_, n)| *n);
            let key = format!("padron-total-{}", status.as_str());
            (
                vec![turn.ta(
                    &key,
                    &[
                        ("count", n.into()),
                        ("jurisdiction", (&jurisdiction).into()),
                    ],
                )],
                n,
            )
        }
        (_, Some(PadronList::Payments)) if people => {
            let totals = padron::payment_totals(conn, scope).await?;
            let mut lines = vec![turn.ta(
                "padron-payments-header",
                &[("jurisdiction", (&jurisdiction).into())],
            )];
            for (s, n) in &totals {
                lines.push(format!("• {}: {n}", turn.t(&s.message_key())));
            }
            let collected = padron::collection_totals(conn, scope).await?;
            lines.push(String::new());
            if collected.iter().all(|(_, n)| *n == 0) {
                lines.push(turn.t("padron-collection-none"));
            } else {
                lines.push(turn.ta(
                    "padron-collection-header",
                    &[("jurisdiction", (&jurisdiction).into())],
                ));
                for (c, n) in &collected {
                    lines.push(format!("• {}: {n}", turn.t(&c.message_key())));
                }
            }
            (lines, totals.iter().map(|(_, n)| n).sum())
        }
        (_, Some(PadronList::NotCollected)) if people => {
            let collected = padron::collection_totals(conn, scope).await?;
            let n = collected
                .iter()
                .find(|(c, _)| *c == Collection::NoCobrado)
                .map_or(0, |(_, n)| *n);
            let line = if collected.iter().all(|(_, n)| *n == 0) {
                turn.t("padron-collection-none")
            } else {
                turn.ta(
                    "padron-not-collected",
                    &[
                        ("count", n.into()),
                        ("jurisdiction", (&jurisdiction).into()),
                    ],
                )
            };
            (vec![line], n)
        }
        (_, Some(PadronList::Minors)) if people => {
            let n = padron::minors_without_collector(conn, scope, turn.today()).await?;
            (
                vec![turn.ta(
                    "padron-minors",
                    &[
                        ("count", n.into()),
                        ("jurisdiction", (&jurisdiction).into()),
                    ],
                )],
                n,
            )
        }
        (_, Some(PadronList::Requests)) if people => {
            let t = padron::request_totals(conn, scope).await?;
            let mut lines = vec![turn.ta(
                "padron-requests",
                &[
                    ("jurisdiction", (&jurisdiction).into()),
                    ("conformes", t.conformes.into()),
                    ("noconformes", t.no_conformes.into()),
                ],
            )];
            for (reason, n) in t.reasons.iter().take(5) {
                let reason = if reason.is_empty() {
                    turn.t("padron-no-reason")
                } else {
                    reason.clone()
                };
                lines.push(format!("• {reason}: {n}"));
            }
            (lines, t.conformes + t.no_conformes)
        }
        ("categorias", _) => {
            let totals = padron::category_totals(conn, scope).await?;
            let mut lines = vec![turn.ta(
                "padron-categories-header",
                &[("jurisdiction", (&jurisdiction).into())],
            )];
            for (c, n) in &totals {
                lines.push(format!("• {}: {n}", turn.t(&c.message_key())));
            }
            (lines, totals.iter().map(|(_, n)| n).sum())
        }
        _ => {
            turn.say(turn.t("ally-not-for-your-access"));
            ally_menu(turn);
            return Ok(());
        }
    };
    personal_data::record(
        conn,
        &reader(turn, ally),
        AccessAction::Query,
        name,
        None,
        rows,
        turn.unix(),
    )
    .await?;
    turn.usage(conn, UsageKind::Query, Some(name)).await?;
    let mut text = lines.join("\n");
    text.push_str("\n\n");
    text.push_str(&as_of(turn, &snap));
    let mut choices = vec![
        turn.choice(ChoiceId::Download(name.to_owned()), "ally-download"),
        turn.choice(ChoiceId::DownloadCsv(name.to_owned()), "ally-download-csv"),
    ];
    // The authorisations' totals lead to who did not collect (the menu is full).
    if name == PadronList::Payments.as_str() {
        choices.push(turn.choice(
            ChoiceId::Query(PadronList::NotCollected.as_str().to_owned()),
            "padron-see-not-collected",
        ));
    }
    choices.push(turn.choice(ChoiceId::Ally(AllyItem::Menu), "ally-back"));
    turn.ask(text, choices);
    Ok(())
}

/// Sends a list as a file in the chat: XLSX, or CSV when asked.
pub(super) async fn download(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ally: &Ally,
    name: &str,
    format: FileFormat,
) -> Result<(), EngineError> {
    turn.view("descarga");
    if !may(turn, conn, ally.access.id, Act::SeePersonalData).await? {
        return Ok(());
    }
    let Some(snap) = snapshot(turn, conn).await? else {
        return Ok(());
    };
    let today = turn.today();
    let place = match &ally.scope {
        Scope::District(u) => u.as_str().to_owned(),
        Scope::Region(r) => r.clone(),
        Scope::National => "nacional".to_owned(),
    };
    let list_name = turn.t(&format!("padron-list-{name}"));
    // Whose data the file shows, for the record (a data subject asks who read theirs).
    let mut people: Vec<Dni> = vec![];
    let table = match PadronList::parse(name) {
        Some(list) if ally.scope.sees_people() => {
            let rows = padron::list(conn, &ally.scope, list, today).await?;
            if rows.is_empty() {
                turn.say(turn.t("padron-list-empty"));
                turn.say(as_of(turn, &snap));
                ally_menu(turn);
                return Ok(());
            }
            people = rows.iter().map(|b| b.dni.clone()).collect();
            list_table(&list_name, &rows, today)
        }
        None if name == "categorias" => {
            let totals = padron::category_by_region(conn, &ally.scope).await?;
            let mut table = Table::new(&list_name, &["region", "categoria", "total"]);
            for (r, c, n) in &totals {
                table.push(vec![Cell::text(r), Cell::text(c.as_str()), Cell::Int(*n)]);
            }
            table
        }
        _ => {
            turn.say(turn.t("ally-not-for-your-access"));
            ally_menu(turn);
            return Ok(());
        }
    };
    let rows = table.rows.len();
    let jurisdiction = jurisdiction_label(turn, &ally.access);
    let notes = sheet_notes(
        &turn.engine.locales,
        turn.lang,
        &format!("{list_name} · {jurisdiction}"),
        snap.data_date,
    );
    let bytes = Document::new(notes, vec![table])
        .render(format)
        .map_err(|e| EngineError::Document(e.to_string()))?;
    let sha = turn.engine.files.put(&bytes).await?;
    files::register(conn, &sha, format.mime_type(), bytes.len(), turn.unix()).await?;
    let count = i64::try_from(rows).unwrap_or(i64::MAX);
    let read = personal_data::record(
        conn,
        &reader(turn, ally),
        AccessAction::Download,
        name,
        None,
        count,
        turn.unix(),
    )
    .await?;
    personal_data::record_subjects(conn, read, people.iter().map(Dni::as_str)).await?;
    turn.usage(conn, UsageKind::Download, Some(name)).await?;
    let caption = turn.ta(
        "padron-download-caption",
        &[
            ("list", list_name.into()),
            ("count", rows.into()),
            ("date", turn.date(snap.data_date).into()),
        ],
    );
    let file_name = format!(
        "padron-{name}-{place}-{}.{}",
        snap.data_date,
        format.extension()
    );
    turn.document(sha, file_name, caption);
    // The caption dates the file; a late padrón is also said to be late.
    if staleness(&turn.engine.calendar, snap.data_date, today).1 {
        turn.say(as_of(turn, &snap));
    }
    ally_menu(turn);
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Purpose {
    Lookup,
    Alert,
    Fad,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Lookup => "dni",
            Purpose::Alert => "alert",
            Purpose::Fad => "fad",
        }
    }

    fn step(self) -> AllyStep {
        match self {
            Purpose::Lookup => AllyStep::AskingDni,
            Purpose::Alert => AllyStep::AlertDni,
            Purpose::Fad => AllyStep::FadDni,
        }
    }
}

/// Finds one beneficiary by DNI within the scope, rate-limited and recorded. Also
/// the first step of an alert or a FAD, which must be about someone in the district.
pub(super) async fn lookup(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    ally: &Ally,
    text: &str,
    purpose: Purpose,
) -> Result<Step, EngineError> {
    turn.view(purpose.as_str());
    if !may(turn, conn, ally.access.id, Act::SeePersonalData).await? {
        return Ok(Step::to(State::Idle));
    }
    if !ally.scope.sees_people() {
        turn.say(turn.t("ally-national-no-people"));
        ally_menu(turn);
        return Ok(Step::to(State::Idle));
    }
    let dni = match Dni::parse(text) {
        Ok(d) => d,
        Err(e) => {
            turn.say(turn.t(e.key()));
            return Ok(Step::to(reprompt(turn, purpose.step())));
        }
    };
    let limit = i64::from(turn.engine.settings.padron.lookups_per_hour);
    let window = 3600;
    let (done, oldest) = personal_data::count_since(
        conn,
        ally.access.id,
        AccessAction::Lookup,
        turn.unix() - window,
    )
    .await?;
    if done >= limit {
        let wait_min = oldest.map_or(60, |o| ((o + window - turn.unix()) / 60).max(1));
        tracing::info!(
            request = ally.access.id,
            "DNI lookup refused: hourly limit reached"
        );
        turn.say(turn.ta(
            "padron-lookup-limit",
            &[("limit", limit.into()), ("minutes", wait_min.into())],
        ));
        ally_menu(turn);
        return Ok(Step::to(State::Idle));
    }
    let Some(snap) = snapshot(turn, conn).await? else {
        return Ok(Step::to(State::Idle));
    };
    let found = padron::lookup(conn, &ally.scope, &dni).await?;
    personal_data::record(
        conn,
        &reader(turn, ally),
        AccessAction::Lookup,
        purpose.as_str(),
        Some(dni.as_str()),
        i64::from(found.is_some()),
        turn.unix(),
    )
    .await?;
    turn.usage(conn, UsageKind::Query, Some("dni")).await?;
    let Some(b) = found else {
        // Word for word the same whether the DNI is elsewhere or nowhere.
        turn.say(turn.ta("padron-lookup-none", &[("dni", dni.as_str().into())]));
        turn.say(as_of(turn, &snap));
        return Ok(Step::to(reprompt(turn, purpose.step())));
    };
    match purpose {
        Purpose::Lookup => {
            let history = padron::history(conn, &ally.scope, &dni).await?;
            let mut text = describe(turn, &b);
            text.push_str("\n\n");
            text.push_str(&describe_history(turn, &history));
            text.push_str("\n\n");
            text.push_str(&as_of(turn, &snap));
            let mut choices =
                vec![turn.choice(ChoiceId::Ally(AllyItem::Dni), "ally-lookup-another")];
            if ally.is_local() {
                choices.push(turn.choice(ChoiceId::Ally(AllyItem::Alert), "ally-menu-alert"));
                choices.push(turn.choice(ChoiceId::Ally(AllyItem::Fad), "ally-menu-fad"));
            }
            choices.push(turn.choice(ChoiceId::Ally(AllyItem::Menu), "ally-back"));
            turn.ask(text, choices);
            Ok(Step::to(State::Idle))
        }
        Purpose::Alert | Purpose::Fad => {
            turn.say(turn.ta("ally-report-about", &[("name", full_name(&b).into())]));
            // On WhatsApp, the whole report as one form beside the chat's question.
            let kind = match purpose {
                Purpose::Alert => FormKind::AllyAlert,
                _ => FormKind::AllyFad,
            };
            let offer = turn.t("ally-form-offer");
            let token = forms::push_offer(turn, kind, offer, BTreeMap::new())
                .or_else(|| mini_app_token(turn));
            let form = StepForm::with_later(token, BTreeMap::new());
            let dni = dni.to_string();
            let next = match purpose {
                Purpose::Alert => AllyStep::AlertKind { dni, form },
                _ => AllyStep::FadAddress { dni, form },
            };
            Ok(Step::to(reprompt(turn, next)))
        }
    }
}

/// A beneficiary's authorisation, disaffiliation and payments, oldest first.
fn describe_history(turn: &Turn<'_>, history: &[HistoryEvent]) -> String {
    if history.is_empty() {
        return turn.t("padron-person-no-history");
    }
    let mut lines = vec![turn.t("padron-person-history")];
    for e in history {
        let state = match e.kind {
            HistoryKind::Authorisation => PaymentStatus::parse(&e.state).map(|s| s.message_key()),
            HistoryKind::Disaffiliation => None,
            HistoryKind::Payment => Collection::parse(&e.state).map(|c| c.message_key()),
        }
        .map_or_else(|| e.state.clone(), |key| turn.t(&key));
        let mut line = format!(
            "• {}",
            turn.ta(
                &format!("padron-history-{}", e.kind.as_str()),
                &[("date", turn.date(e.date).into()), ("state", state.into())],
            )
        );
        if let Some(reason) = &e.reason {
            line.push(' ');
            line.push_str(&turn.ta("padron-history-reason", &[("reason", reason.into())]));
        }
        lines.push(line);
    }
    lines.join("\n")
}
