//! Notices and views about tickets: what a specialist reads about the ally, the new
//! ticket announced to specialists, the supervisors' alert, messages relayed to the
//! other party (on whatever channel they use), the rating question, and when the ally
//! can expect an answer.

use chrono::{DateTime, Datelike, NaiveDateTime, Utc};

use super::{Notifier, enqueue};
use crate::domain::calendar::{BusinessCalendar, lima_datetime};
use crate::domain::request::AccessType;
use crate::domain::stage::{Role, Stage};
use crate::domain::ticket::TicketState;
use crate::events::{OverdueCase, TicketReply};
use crate::i18n::{Arg, Locales};
use crate::message::{ChatKey, Choice, ChoiceId, Outbound};
use crate::services::escalation::CONTEXT_MESSAGES;
use crate::store::ally_reports::AllyReport;
use crate::store::personal_data::{self, AccessAction, StaffReader};
use crate::store::staff::StaffMember;
use crate::store::tickets::{self, Author, TicketMessage, TicketRow};
use crate::store::transcripts;
use crate::store::{Conn, StoreError, staff};

/// "lunes 23/11/2026, 14:00": a moment in Lima as people read it.
pub fn when_lima(locales: &Locales, lang: &str, lima: NaiveDateTime) -> String {
    locales.t_args(
        lang,
        "ticket-when",
        &[
            (
                "weekday",
                i64::from(lima.weekday().number_from_monday()).into(),
            ),
            ("date", lima.format("%d/%m/%Y").to_string().into()),
            ("time", lima.format("%H:%M").to_string().into()),
        ],
    )
}

pub fn when(locales: &Locales, lang: &str, unix: i64) -> String {
    let at = DateTime::from_timestamp(unix, 0).unwrap_or_default();
    when_lima(locales, lang, lima_datetime(at))
}

/// What a specialist reads about the ally: category, channel, request and stage,
/// jurisdiction, the term, and who holds it.
pub async fn context_lines(
    conn: &mut Conn,
    locales: &Locales,
    lang: &str,
    ticket: &TicketRow,
) -> Result<Vec<String>, StoreError> {
    let t = |key: &str| locales.t(lang, key);
    let ctx = &ticket.context;
    let mut lines = vec![locales.t_args(
        lang,
        "ticket-header",
        &[
            ("code", ticket.code.clone().into()),
            ("category", t(ticket.category.message_key()).into()),
            ("state", t(ticket.state.message_key()).into()),
            ("channel", ticket.channel.name().into()),
            ("opened", when(locales, lang, ticket.opened_at).into()),
        ],
    )];
    let who = ctx.person.clone().unwrap_or_else(|| t("ticket-no-person"));
    let place = match (&ctx.access_type, &ctx.jurisdiction) {
        (Some(access), Some(j)) => {
            let access = AccessType::parse(access)
                .map(|a| t(a.message_key()))
                .unwrap_or_else(|| access.clone());
            format!("{access} · {j}")
        }
        (None, Some(j)) => j.clone(),
        _ => t("ticket-no-jurisdiction"),
    };
    lines.push(locales.t_args(
        lang,
        "ticket-ally-line",
        &[("who", who.into()), ("place", place.into())],
    ));
    match (&ctx.request_code, &ctx.stage) {
        (Some(code), stage) => {
            let stage = stage
                .as_deref()
                .and_then(Stage::parse)
                .map(|s| t(s.message_key()))
                .unwrap_or_default();
            lines.push(locales.t_args(
                lang,
                "ticket-request-line",
                &[("code", code.clone().into()), ("stage", stage.into())],
            ));
        }
        (None, _) => lines.push(t("ticket-no-request")),
    }
    if ticket.first_response_at.is_none() && ticket.state.is_active() {
        lines.push(locales.t_args(
            lang,
            "ticket-due-line",
            &[(
                "due",
                when(locales, lang, ticket.first_response_due_at).into(),
            )],
        ));
    }
    lines.extend(unit_and_holder(conn, locales, lang, ticket).await?);
    Ok(lines)
}

/// The unit a case is with, by when, and who holds it (when someone does).
async fn unit_and_holder(
    conn: &mut Conn,
    locales: &Locales,
    lang: &str,
    ticket: &TicketRow,
) -> Result<Vec<String>, StoreError> {
    let mut lines = vec![locales.t_args(
        lang,
        "case-unit-line",
        &[
            ("unit", locales.t(lang, ticket.unit.message_key()).into()),
            ("due", due_text(locales, lang, ticket).into()),
        ],
    )];
    if let Some(id) = ticket.specialist_id {
        lines.push(locales.t_args(
            lang,
            "ticket-specialist-line",
            &[("name", staff_name(conn, id).await?.into())],
        ));
    }
    Ok(lines)
}

/// A case as read without its sender (a supervisor reading a denuncia, per the
/// policy's `SeeContent`): its number, category, state and dates, the unit and the
/// holder, and the conversation with the ally named only as the sender; nothing of
/// who they are, where they write from, their request or their jurisdiction.
pub async fn content_lines(
    conn: &mut Conn,
    locales: &Locales,
    lang: &str,
    ticket: &TicketRow,
    messages: &[TicketMessage],
) -> Result<Vec<String>, StoreError> {
    let t = |key: &str| locales.t(lang, key);
    let mut lines = vec![
        locales.t_args(
            lang,
            "case-content-header",
            &[
                ("code", ticket.code.clone().into()),
                ("category", t(ticket.category.message_key()).into()),
                ("state", t(ticket.state.message_key()).into()),
                ("opened", when(locales, lang, ticket.opened_at).into()),
            ],
        ),
        t("case-content-sender-hidden"),
    ];
    lines.extend(unit_and_holder(conn, locales, lang, ticket).await?);
    let sender = t("case-content-sender");
    for m in messages {
        lines.push(line_of(conn, locales, lang, &sender, m).await?);
    }
    Ok(lines)
}

/// One stored message as a line of the conversation shown to staff.
pub async fn message_line(
    conn: &mut Conn,
    locales: &Locales,
    lang: &str,
    ticket: &TicketRow,
    m: &TicketMessage,
) -> Result<String, StoreError> {
    let ally = ally_name(locales, lang, ticket);
    line_of(conn, locales, lang, &ally, m).await
}

/// One stored message as a line, the ally named `ally`.
async fn line_of(
    conn: &mut Conn,
    locales: &Locales,
    lang: &str,
    ally: &str,
    m: &TicketMessage,
) -> Result<String, StoreError> {
    let who = match m.author {
        Author::Ally => ally.to_owned(),
        Author::Staff(id) => staff_name(conn, id).await?,
    };
    let what = match (&m.body, &m.file_name) {
        (Some(body), _) => body.clone(),
        (None, Some(name)) => match heard_in(conn, m).await? {
            Some(text) => locales.t_args(
                lang,
                "ticket-voice-line",
                &[("name", name.into()), ("text", text.into())],
            ),
            None => locales.t_args(lang, "ticket-file-line", &[("name", name.into())]),
        },
        (None, None) => String::new(),
    };
    Ok(format!("{} · {who}: {what}", short_time(m.created_at)))
}

/// What the speech-to-text engine heard in an ally's voice note, if it ran on it.
pub async fn heard_in(conn: &mut Conn, m: &TicketMessage) -> Result<Option<String>, StoreError> {
    let audio = m
        .file_name
        .as_deref()
        .and_then(crate::message::audio_mime)
        .is_some();
    if m.author != Author::Ally || !audio {
        return Ok(None);
    }
    transcripts::text_of(conn, m.id).await
}

fn short_time(unix: i64) -> String {
    let at = DateTime::from_timestamp(unix, 0).unwrap_or_default();
    lima_datetime(at).format("%d/%m %H:%M").to_string()
}

/// How staff see the ally: the responsible person's name, or "the ally".
pub fn ally_name(locales: &Locales, lang: &str, ticket: &TicketRow) -> String {
    ticket
        .context
        .person
        .clone()
        .unwrap_or_else(|| locales.t(lang, "ticket-the-ally"))
}

pub async fn staff_name(conn: &mut Conn, id: i64) -> Result<String, StoreError> {
    Ok(staff::get(conn, id)
        .await?
        .map(|m| m.name)
        .unwrap_or_else(|| format!("#{id}")))
}

/// Tells every member of the ticket's unit of a case to take (new, or derived to
/// them), with what it is about and a "take" button.
pub(super) async fn to_unit(
    n: &Notifier,
    conn: &mut Conn,
    ticket: &TicketRow,
) -> Result<(), StoreError> {
    let locales = &*n.locales;
    let mut sent = 0;
    for member in staff::with_role(conn, ticket.unit).await? {
        let Some((channel, chat_id)) = member.address() else {
            continue;
        };
        let lang = locales.pick(Some(&member.locale));
        // Until someone takes it, the unit sees what it is about, not who wrote
        // or what (the access policy: personal data only for the holder).
        let title = if ticket.state == TicketState::Derived {
            locales.t_args(
                lang,
                "case-derived-title",
                &unit_args(locales, lang, ticket),
            )
        } else {
            locales.t(lang, "ticket-new-title")
        };
        let mut lines = vec![title];
        let mut about = vec![
            ticket.code.clone(),
            locales.t(lang, ticket.category.message_key()),
        ];
        about.extend(ticket.context.jurisdiction.clone());
        lines.push(about.join(" · "));
        lines.push(locales.t_args(
            lang,
            "ticket-due-line",
            &[(
                "due",
                when(locales, lang, ticket.first_response_due_at).into(),
            )],
        ));
        lines.push(locales.t(lang, "ticket-take-to-read"));
        let take = Choice::new(ChoiceId::Take(ticket.id), locales.t(lang, "ticket-take"));
        let message = Outbound::Text {
            text: lines.join("\n"),
            choices: vec![take],
        };
        enqueue(conn, ChatKey::new(channel, &chat_id), &message).await?;
        sent += 1;
    }
    if sent == 0 {
        tracing::warn!(
            ticket = ticket.id,
            unit = ticket.unit.as_str(),
            "nobody of the ticket's unit is registered: the ticket waits"
        );
    }
    Ok(())
}

/// The ally hears, in words, that their case went to another unit and by when it
/// will be resolved.
pub(super) async fn derived_to_ally(
    n: &Notifier,
    conn: &mut Conn,
    ticket: &TicketRow,
    by: &str,
) -> Result<(), StoreError> {
    let locales = &*n.locales;
    let lang = ally_lang(locales, ticket);
    let text = locales.t_args(
        lang,
        "case-derived-ally",
        &[
            ("code", ticket.code.clone().into()),
            ("name", by.into()),
            ("unit", locales.t(lang, ticket.unit.message_key()).into()),
            ("role", ticket.unit.as_str().into()),
            ("due", due_text(locales, lang, ticket).into()),
        ],
    );
    let message = Outbound::Text {
        text,
        choices: vec![see_case(locales, lang, &ticket.code)],
    };
    to_ally(conn, ticket, &message).await
}

/// When a ticket is expected to be resolved, as people read it ("—" if unknown).
pub fn due_text(locales: &Locales, lang: &str, ticket: &TicketRow) -> String {
    ticket
        .resolution_due_at
        .map_or_else(|| "—".to_owned(), |at| when(locales, lang, at))
}

/// A case past its resolution term: every member of its unit hears of it (its
/// number, unit and term; no personal data).
pub(super) async fn overdue_to_unit(
    n: &Notifier,
    conn: &mut Conn,
    case: &OverdueCase,
) -> Result<(), StoreError> {
    let locales = &*n.locales;
    for member in staff::with_role(conn, case.unit()).await? {
        let Some((channel, chat_id)) = member.address() else {
            continue;
        };
        let lang = locales.pick(Some(&member.locale));
        let text = locales.t_args(
            lang,
            "case-overdue-unit",
            &[
                ("number", case.number().into()),
                ("unit", locales.t(lang, case.unit().message_key()).into()),
                ("role", case.unit().as_str().into()),
                ("due", when(locales, lang, case.due_at()).into()),
            ],
        );
        let message = Outbound::Text {
            text,
            choices: vec![],
        };
        enqueue(conn, ChatKey::new(channel, &chat_id), &message).await?;
    }
    Ok(())
}

/// The supervisor's digest of cases past their resolution term, by unit (nothing
/// when there are none).
pub(super) async fn cases_digest(
    n: &Notifier,
    conn: &mut Conn,
    supervisor: &StaffMember,
    cases: &[OverdueCase],
) -> Result<(), StoreError> {
    if cases.is_empty() {
        return Ok(());
    }
    let Some((channel, chat_id)) = supervisor.address() else {
        return Ok(());
    };
    let locales = &*n.locales;
    let lang = locales.pick(Some(&supervisor.locale));
    let mut lines =
        vec![locales.t_args(lang, "case-digest-title", &[("count", cases.len().into())])];
    for unit in crate::domain::ticket::UNITS {
        let items: Vec<String> = cases
            .iter()
            .filter(|c| c.unit() == unit)
            .map(|c| {
                locales.t_args(
                    lang,
                    "case-digest-line",
                    &[
                        ("number", c.number().into()),
                        ("due", when(locales, lang, c.due_at()).into()),
                    ],
                )
            })
            .collect();
        if !items.is_empty() {
            lines.push(format!(
                "{} ({})",
                locales.t(lang, unit.message_key()),
                items.len()
            ));
            lines.extend(items);
        }
    }
    let message = Outbound::Text {
        text: lines.join("\n"),
        choices: vec![],
    };
    enqueue(conn, ChatKey::new(channel, &chat_id), &message).await
}

/// An ally's new alert or FAD: each UOT member hears of it on their chat, with the
/// way to their list of alerts and FAD (until now they learnt of it only once it
/// was overdue).
pub(super) async fn ally_case_to_unit(
    n: &Notifier,
    conn: &mut Conn,
    report: &AllyReport,
) -> Result<(), StoreError> {
    let locales = &*n.locales;
    for member in staff::with_role(conn, Role::Uot).await? {
        let Some((channel, chat_id)) = member.address() else {
            continue;
        };
        let lang = locales.pick(Some(&member.locale));
        let text = locales.t_args(
            lang,
            "case-ally-new-unit",
            &[
                ("number", report.number().into()),
                (
                    "due",
                    when(locales, lang, report.due_at.unwrap_or(report.created_at)).into(),
                ),
            ],
        );
        let message = Outbound::Text {
            text,
            choices: vec![Choice::new(
                ChoiceId::Staff(crate::message::StaffItem::Reports),
                locales.t(lang, "staff-menu-reports"),
            )],
        };
        enqueue(conn, ChatKey::new(channel, &chat_id), &message).await?;
    }
    Ok(())
}

/// UOT resolved the ally's alert or FAD: the ally reads the outcome and the note in
/// the chat it came from.
pub(super) async fn ally_case_resolved(
    n: &Notifier,
    conn: &mut Conn,
    report: &AllyReport,
) -> Result<(), StoreError> {
    let locales = &*n.locales;
    let lang = locales.pick(None);
    let outcome = report
        .outcome
        .map(|o| locales.t(lang, o.message_key()))
        .unwrap_or_default();
    let text = locales.t_args(
        lang,
        "case-ally-resolved",
        &[
            ("number", report.number().into()),
            ("outcome", outcome.into()),
            ("note", report.close_note.clone().unwrap_or_default().into()),
        ],
    );
    let message = Outbound::Text {
        text,
        choices: vec![see_case(locales, lang, &report.number())],
    };
    enqueue(conn, report.chat(), &message).await
}

/// Tells the ally, in their language and chat, who answers their ticket now (`key`:
/// taken, or handed over).
pub(super) async fn who_answers(
    n: &Notifier,
    conn: &mut Conn,
    ticket: &TicketRow,
    key: &str,
    specialist: &str,
) -> Result<(), StoreError> {
    let locales = &*n.locales;
    let lang = ally_lang(locales, ticket);
    let mut args = unit_args(locales, lang, ticket);
    args.extend([
        ("code", ticket.code.clone().into()),
        ("name", specialist.into()),
    ]);
    let text = locales.t_args(lang, key, &args);
    let message = Outbound::Text {
        text,
        choices: vec![see_case(locales, lang, &ticket.code)],
    };
    to_ally(conn, ticket, &message).await
}

/// A notice to the ally that names a staff member, worded by who has the case: the
/// especialistas' own words, or, for a case of UOT, UTI, UAJ or OCI, the same
/// notice naming the unit, never "the specialist".
pub(super) fn by_unit(
    ticket: &TicketRow,
    specialist: &'static str,
    unit: &'static str,
) -> &'static str {
    if ticket.unit == Role::Especialista {
        specialist
    } else {
        unit
    }
}

/// The unit that has the case, for a notice's words: its name and its code (which
/// picks the article: "del OCI", "de la UOT").
fn unit_args(locales: &Locales, lang: &str, ticket: &TicketRow) -> Vec<(&'static str, Arg)> {
    vec![
        ("unit", locales.t(lang, ticket.unit.message_key()).into()),
        ("role", ticket.unit.as_str().into()),
    ]
}

/// The button on a notice that names a case: tapped, the case's state, unit and
/// date expected, as when its number is typed (the lookup checks the chat again, so
/// an old or forwarded button shows nothing of a case that is not the chat's).
pub fn see_case(locales: &Locales, lang: &str, number: &str) -> Choice {
    Choice::new(
        ChoiceId::CaseStatus(number.to_owned()),
        locales.t(lang, "case-see"),
    )
}

/// Relays the holder's reply (`by`, their name) to the ally's chat.
pub(super) async fn reply_to_ally(
    n: &Notifier,
    conn: &mut Conn,
    ticket: &TicketRow,
    by: &str,
    reply: TicketReply,
) -> Result<(), StoreError> {
    let locales = &*n.locales;
    let lang = ally_lang(locales, ticket);
    let mut args = unit_args(locales, lang, ticket);
    args.extend([("name", by.into()), ("code", ticket.code.clone().into())]);
    let message = match reply {
        TicketReply::Text(text) => {
            args.push(("text", text.into()));
            // The first answer moves the case to "answered": that one carries the
            // way to its state; the rest of the conversation goes without buttons.
            let choices = if ticket.state.is_held_unanswered() {
                vec![see_case(locales, lang, &ticket.code)]
            } else {
                vec![]
            };
            Outbound::Text {
                text: locales.t_args(
                    lang,
                    by_unit(
                        ticket,
                        "ticket-from-specialist",
                        "ticket-from-specialist-unit",
                    ),
                    &args,
                ),
                choices,
            }
        }
        TicketReply::File { sha256, file_name } => Outbound::Document {
            sha256,
            file_name,
            caption: locales.t_args(
                lang,
                by_unit(
                    ticket,
                    "ticket-file-from-specialist",
                    "ticket-file-from-specialist-unit",
                ),
                &args,
            ),
        },
    };
    to_ally(conn, ticket, &message).await
}

/// The holder (`by`) closed the ticket: the ally reads the note with the rating
/// question.
pub(super) async fn closed_to_ally(
    n: &Notifier,
    conn: &mut Conn,
    ticket: &TicketRow,
    by: &str,
    note: &str,
) -> Result<(), StoreError> {
    let locales = &*n.locales;
    let lang = ally_lang(locales, ticket);
    let mut args = unit_args(locales, lang, ticket);
    args.extend([
        ("code", ticket.code.clone().into()),
        ("name", by.into()),
        ("note", note.into()),
    ]);
    let lead = locales.t_args(
        lang,
        by_unit(ticket, "ticket-closed-ally", "ticket-closed-ally-unit"),
        &args,
    );
    let mut prompt = rating_prompt(locales, ticket, lead);
    if let Outbound::Text { choices, .. } = &mut prompt {
        choices.push(see_case(locales, lang, &ticket.code));
    }
    to_ally(conn, ticket, &prompt).await
}

/// The ally ended the ticket: its holder hears it in their chat.
pub(super) async fn closed_by_ally(
    n: &Notifier,
    conn: &mut Conn,
    ticket: &TicketRow,
    holder: &StaffMember,
) -> Result<(), StoreError> {
    let locales = &*n.locales;
    let lang = locales.pick(Some(&holder.locale));
    let text = locales.t_args(
        lang,
        "ticket-closed-by-ally",
        &[
            ("code", ticket.code.clone().into()),
            ("who", ally_name(locales, lang, ticket).into()),
        ],
    );
    let message = Outbound::Text {
        text,
        choices: vec![],
    };
    to_specialist(conn, ticket, &message).await.map(|_| ())
}

/// What the engine heard in the ally's voice note, to the ticket's holder, marked as
/// automatic: it follows the audio they already have (or will have on taking it).
pub(super) async fn transcript_to_holder(
    n: &Notifier,
    conn: &mut Conn,
    ticket: &TicketRow,
    holder: &StaffMember,
    text: &str,
) -> Result<(), StoreError> {
    let Some((channel, chat_id)) = holder.address() else {
        return Ok(());
    };
    let locales = &*n.locales;
    let lang = locales.pick(Some(&holder.locale));
    let text = locales.t_args(
        lang,
        "ticket-voice-transcript",
        &[
            ("code", ticket.code.clone().into()),
            ("who", ally_name(locales, lang, ticket).into()),
            ("text", text.into()),
        ],
    );
    let message = Outbound::Text {
        text,
        choices: vec![],
    };
    enqueue(conn, ChatKey::new(channel, &chat_id), &message).await
}

/// Writes a message to the ally's chat, on the ally's channel.
pub async fn to_ally(
    conn: &mut Conn,
    ticket: &TicketRow,
    message: &Outbound,
) -> Result<(), StoreError> {
    enqueue(conn, ticket.chat(), message).await
}

/// Writes a message to the chat of the specialist holding the ticket, if any.
pub async fn to_specialist(
    conn: &mut Conn,
    ticket: &TicketRow,
    message: &Outbound,
) -> Result<bool, StoreError> {
    let Some(id) = ticket.specialist_id else {
        return Ok(false);
    };
    let Some((channel, chat_id)) = staff::get(conn, id).await?.and_then(|m| m.address()) else {
        return Ok(false);
    };
    enqueue(conn, ChatKey::new(channel, &chat_id), message).await?;
    Ok(true)
}

/// The ally's language for messages written from another chat.
pub fn ally_lang(locales: &Locales, ticket: &TicketRow) -> &'static str {
    locales.pick(Some(&ticket.locale))
}

/// "How would you rate the answer?" with 1 to 5 and "skip".
pub fn rating_prompt(locales: &Locales, ticket: &TicketRow, lead: String) -> Outbound {
    let lang = ally_lang(locales, ticket);
    let mut choices: Vec<Choice> = (1..=5u8)
        .map(|stars| {
            Choice::new(
                ChoiceId::Rate {
                    ticket: ticket.id,
                    stars,
                },
                locales.t_args(
                    lang,
                    "ticket-rate-option",
                    &[("n", i64::from(stars).into())],
                ),
            )
        })
        .collect();
    choices.push(Choice::new(
        ChoiceId::SkipRating(ticket.id),
        locales.t(lang, "skip"),
    ));
    Outbound::Text {
        text: format!(
            "{lead}\n\n{}",
            locales.t_args(
                lang,
                "ticket-rate-ask",
                &[("channel", ticket.channel.as_str().into())]
            )
        ),
        choices,
    }
}

/// Alerts every supervisor that a ticket has no first answer within its term.
pub(super) async fn to_supervisors(
    n: &Notifier,
    conn: &mut Conn,
    ticket: &TicketRow,
) -> Result<(), StoreError> {
    let locales = &*n.locales;
    for member in staff::with_role(conn, Role::Supervisor).await? {
        let Some((channel, chat_id)) = member.address() else {
            continue;
        };
        let lang = locales.pick(Some(&member.locale));
        let holder = match ticket.specialist_id {
            Some(id) if ticket.state.is_held_unanswered() => locales.t_args(
                lang,
                "ticket-alert-taken-by",
                &[("name", staff_name(conn, id).await?.into())],
            ),
            _ => locales.t(lang, "ticket-alert-untaken"),
        };
        let head = locales.t_args(
            lang,
            "ticket-alert",
            &[
                ("code", ticket.code.clone().into()),
                (
                    "due",
                    when(locales, lang, ticket.first_response_due_at).into(),
                ),
                ("holder", holder.into()),
            ],
        );
        let open = Choice::new(
            ChoiceId::OpenTicket(ticket.id),
            locales.t(lang, "ticket-view"),
        );
        let message = briefing(conn, locales, lang, ticket, head, &[], open).await?;
        enqueue(conn, ChatKey::new(channel, &chat_id), &message).await?;
        // The alert carries the ally's context: a staff read, recorded (Ley 29733).
        if let Some(request_id) = ticket.request_id {
            let reader = StaffReader::Chat {
                staff_id: member.id,
                chat: ChatKey::new(channel, &chat_id),
            };
            let (action, what) = (AccessAction::Review, "ticket_overdue_alert");
            let now = crate::clock::wall_now();
            personal_data::record_staff_read(conn, reader, request_id, action, what, now).await?;
        }
    }
    Ok(())
}

/// Tells the specialist who received a ticket from a colleague what it is about.
pub(super) async fn to_new_holder(
    n: &Notifier,
    conn: &mut Conn,
    ticket: &TicketRow,
    from: &str,
    to: &crate::store::staff::StaffMember,
) -> Result<(), StoreError> {
    let Some((channel, chat_id)) = to.address() else {
        return Ok(());
    };
    let locales = &*n.locales;
    let lang = locales.pick(Some(&to.locale));
    let head = locales.t_args(
        lang,
        "ticket-handed-to-you",
        &[("code", ticket.code.clone().into()), ("from", from.into())],
    );
    let messages = tickets::messages(conn, ticket.id, CONTEXT_MESSAGES).await?;
    let open = Choice::new(
        ChoiceId::OpenTicket(ticket.id),
        locales.t(lang, "ticket-reply"),
    );
    let message = briefing(conn, locales, lang, ticket, head, &messages, open).await?;
    enqueue(conn, ChatKey::new(channel, &chat_id), &message).await
}

/// What staff are told about a ticket: a first line, its context, its latest
/// messages, and the one button that acts on it.
async fn briefing(
    conn: &mut Conn,
    locales: &Locales,
    lang: &str,
    ticket: &TicketRow,
    head: String,
    messages: &[TicketMessage],
    action: Choice,
) -> Result<Outbound, StoreError> {
    let mut lines = vec![head];
    lines.extend(context_lines(conn, locales, lang, ticket).await?);
    for m in messages {
        lines.push(message_line(conn, locales, lang, ticket, m).await?);
    }
    Ok(Outbound::Text {
        text: lines.join("\n"),
        choices: vec![action],
    })
}

/// What the ally is told about when to expect an answer (and from whom: `unit`, the
/// one a category's case goes to), and, outside office hours, when the office opens.
pub fn timing_text(
    locales: &Locales,
    lang: &str,
    calendar: &BusinessCalendar,
    now: DateTime<Utc>,
    due: i64,
    unit: crate::domain::stage::Role,
) -> String {
    let due = when(locales, lang, due);
    match crate::services::escalation::office_open(calendar, now) {
        Ok(()) => locales.t_args(
            lang,
            "ticket-timing-open",
            &[("due", due.into()), ("unit", unit.as_str().into())],
        ),
        Err(opens) => {
            let args: [(&str, Arg); 2] = [
                ("opens", when_lima(locales, lang, opens).into()),
                ("due", due.into()),
            ];
            locales.t_args(lang, "ticket-timing-closed", &args)
        }
    }
}
