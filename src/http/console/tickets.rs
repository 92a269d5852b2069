//! The specialists' tickets inbox: their open tickets and the untaken ones, one
//! ticket with the ally's context and the conversation (files included), and the
//! chat's acts on it (take, reply, hand over, close with a note) through the same
//! ticket service the chat uses (`services::tickets`), so a reply reaches the
//! ally's chat through the outbox like one typed in Telegram.
//!
//! New messages appear without reloading: the page's script asks for the messages
//! after the last one shown (`/messages?after=`), a small HTML fragment; without
//! script, the page's "refresh" link does the same. What a member sees is the access
//! policy's answer for the ticket; every read of its personal data is recorded.

use axum::Form;
use axum::extract::multipart::MultipartError;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequest, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::auth::{Polled, Signed, csrf_ok};
use super::error::ConsoleError;
use super::views::{Banner, Console, Disposition, file_response, no_store};
use crate::domain::calendar::lima_datetime;
use crate::domain::policy::Act;
use crate::domain::stage::Role;
use crate::domain::ticket::TicketState;
use crate::events::TicketReply;
use crate::http::limit::{self, Unread};
use crate::notify::tickets as notice;
use crate::services::tickets::{
    self as service, Took, close_with_note, colleagues_of, hand_over_to, holds, may,
};
use crate::store::personal_data::StaffReader;
use crate::store::staff::{self as staff_store, StaffMember};
use crate::store::tickets::{self as store, Author, TicketMessage, TicketRow};
use crate::store::{Conn, StoreError};

/// How many tickets each list shows.
const LISTED: i64 = 100;
/// How many messages a ticket's page shows (the newest).
const SHOWN: i64 = 200;
/// Longest reply or note the console takes (the chat's limit for one message).
const MAX_TEXT: usize = 3500;

/// Records a console read of a ticket's personal data, like the chat's.
async fn record(
    c: &Console,
    conn: &mut Conn,
    member: &StaffMember,
    ticket: &TicketRow,
    what: &str,
) -> Result<(), StoreError> {
    let reader = StaffReader::Console {
        staff_id: member.id,
    };
    service::record_ticket_read(conn, reader, ticket, what, c.app.clock.unix()).await
}

#[derive(Debug, Serialize)]
struct TicketLine {
    id: i64,
    code: String,
    category: String,
    state: String,
    /// The unit that has it.
    unit: String,
    /// When it is to be resolved.
    resolve_by: String,
    resolve_late: bool,
    /// The ally's name, only where the policy lets the member see it.
    who: Option<String>,
    place: String,
    due: String,
    late: bool,
    holder: String,
}

async fn line(
    c: &Console,
    conn: &mut Conn,
    lang: &'static str,
    member: &StaffMember,
    r: &TicketRow,
) -> Result<TicketLine, StoreError> {
    let locales = &c.app.engine.locales;
    let holder = match r.specialist_id {
        Some(id) => notice::staff_name(conn, id).await?,
        None => c.t(lang, "ticket-nobody", &[]),
    };
    let personal = may(member, Act::SeePersonalData, r);
    if personal {
        record(c, conn, member, r, "ticket_list").await?;
    }
    Ok(TicketLine {
        id: r.id,
        code: r.code.clone(),
        category: c.t(lang, r.category.message_key(), &[]),
        state: c.t(lang, r.state.message_key(), &[]),
        unit: c.t(lang, r.unit.message_key(), &[]),
        resolve_by: notice::due_text(locales, lang, r),
        resolve_late: r.state.is_active()
            && r.resolution_due_at
                .is_some_and(|at| at < c.app.clock.unix()),
        who: personal.then(|| notice::ally_name(locales, lang, r)),
        place: r.context.jurisdiction.clone().unwrap_or_default(),
        due: notice::when(locales, lang, r.first_response_due_at),
        late: r.first_response_at.is_none() && r.first_response_due_at < c.app.clock.unix(),
        holder,
    })
}

/// The inbox's filters: the cases of one unit, in one state.
#[derive(Debug, Default, Deserialize)]
pub struct InboxFilter {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    state: String,
}

/// `GET /console/tickets?unit=uot&state=derived`: a member's cases and the ones
/// waiting to be taken in their units; a supervisor's view of every open case; all
/// of them filtered by unit and state when asked.
pub async fn inbox(
    State(c): State<Console>,
    signed: Signed,
    Query(filter): Query<InboxFilter>,
) -> Result<Response, ConsoleError> {
    inbox_page(&c, &signed, &filter).await
}

/// The inbox as a specialist's home.
pub async fn as_home(c: &Console, signed: &Signed) -> Result<Response, ConsoleError> {
    inbox_page(c, signed, &InboxFilter::default()).await
}

/// A filter's option: its value, its label, and whether it is the one chosen.
#[derive(Debug, Serialize)]
struct FilterOption {
    value: String,
    label: String,
    chosen: bool,
}

async fn inbox_page(
    c: &Console,
    signed: &Signed,
    filter: &InboxFilter,
) -> Result<Response, ConsoleError> {
    let lang = signed.lang;
    let member = &signed.session.member;
    let specialist = service::works_cases(member);
    let supervisor = member.has(Role::Supervisor);
    if !specialist && !supervisor {
        return Err(ConsoleError::Refused("console-tickets-refused"));
    }
    let unit = Role::parse(&filter.unit).filter(|r| crate::domain::ticket::is_unit(*r));
    let state = TicketState::parse(&filter.state).filter(|s| s.is_active());
    let shown =
        |r: &TicketRow| unit.is_none_or(|u| r.unit == u) && state.is_none_or(|s| r.state == s);
    let mut conn = c.app.store.pool.acquire().await?;
    {
        let mut mine = vec![];
        let mut waiting = vec![];
        let mut others = vec![];
        if specialist {
            for r in store::for_specialist(&mut conn, member.id).await? {
                if shown(&r) {
                    mine.push(line(c, &mut conn, lang, member, &r).await?);
                }
            }
        }
        let active = store::active_by_unit(&mut conn, unit, state, LISTED * 5).await?;
        for r in active.iter().filter(|r| shown(r) && r.state.is_untaken()) {
            if may(member, Act::SeeStatus, r) {
                waiting.push(line(c, &mut conn, lang, member, r).await?);
            }
        }
        if supervisor {
            for r in active.iter().filter(|r| shown(r) && !r.state.is_untaken()) {
                if r.specialist_id != Some(member.id) && may(member, Act::SeeStatus, r) {
                    others.push(line(c, &mut conn, lang, member, r).await?);
                }
            }
        }
        let units: Vec<FilterOption> = crate::domain::ticket::UNITS
            .iter()
            .map(|u| FilterOption {
                value: u.as_str().to_owned(),
                label: c.t(lang, u.message_key(), &[]),
                chosen: unit == Some(*u),
            })
            .collect();
        let states: Vec<FilterOption> = TicketState::ALL
            .iter()
            .filter(|s| s.is_active())
            .map(|s| FilterOption {
                value: s.as_str().to_owned(),
                label: c.t(lang, s.message_key(), &[]),
                chosen: state == Some(*s),
            })
            .collect();
        Ok(c.page(
            StatusCode::OK,
            lang,
            "tickets.html",
            Some(&signed.viewer),
            context! {
            specialist => specialist,
            supervisor => supervisor,
            mine => Value::from(Serde(&mine)),
            waiting => Value::from(Serde(&waiting)),
            others => Value::from(Serde(&others)),
                units => Value::from(Serde(&units)),
                states => Value::from(Serde(&states)),
            },
        ))
    }
}

#[derive(Debug, Serialize)]
struct MessageView {
    id: i64,
    when: String,
    who: String,
    from_ally: bool,
    text: Option<String>,
    file: Option<String>,
    file_url: Option<String>,
    /// A voice note or other audio: played in the page.
    audio: bool,
    /// What the speech-to-text engine heard in an ally's voice note (`[stt]`).
    transcript: Option<String>,
}

async fn message_views(
    c: &Console,
    conn: &mut Conn,
    lang: &'static str,
    ticket: &TicketRow,
    messages: &[TicketMessage],
) -> Result<Vec<MessageView>, StoreError> {
    let locales = &c.app.engine.locales;
    let mut out = vec![];
    for m in messages {
        let who = match m.author {
            Author::Ally => notice::ally_name(locales, lang, ticket),
            Author::Staff(id) => notice::staff_name(conn, id).await?,
        };
        let when = chrono::DateTime::from_timestamp(m.created_at, 0)
            .map(|d| lima_datetime(d).format("%d/%m/%Y %H:%M").to_string())
            .unwrap_or_default();
        out.push(MessageView {
            id: m.id,
            when,
            who,
            from_ally: m.author == Author::Ally,
            text: m.body.clone(),
            file: m.file_name.clone(),
            audio: m
                .file_name
                .as_deref()
                .and_then(crate::message::audio_mime)
                .is_some(),
            file_url: m
                .sha256
                .as_ref()
                .map(|_| format!("/console/tickets/{}/files/{}", ticket.id, m.id)),
            transcript: notice::heard_in(conn, m).await?,
        });
    }
    Ok(out)
}

#[derive(Debug, Serialize)]
struct Colleague {
    id: i64,
    name: String,
}

/// `GET /console/tickets/{id}`.
pub async fn ticket(
    State(c): State<Console>,
    signed: Signed,
    Path(id): Path<i64>,
) -> Result<Response, ConsoleError> {
    ticket_page(&c, &signed, id).await
}

/// What the person typed in the ticket page's boxes, put back after a refusal
/// redirected to the page (bad input loses nothing).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct Typed {
    #[serde(default)]
    reply: String,
    #[serde(default)]
    close: String,
}

/// A ticket the member may do one of `acts` on, or the error page that says why
/// not (none: refused; no such ticket: not found).
async fn allowed(
    conn: &mut Conn,
    member: &StaffMember,
    id: i64,
    acts: &[Act],
) -> Result<TicketRow, ConsoleError> {
    let ticket = store::get(conn, id)
        .await?
        .ok_or(ConsoleError::NotFound("ticket-not-found"))?;
    if acts.iter().any(|act| may(member, *act, &ticket)) {
        Ok(ticket)
    } else {
        Err(ConsoleError::Refused("ticket-not-yours"))
    }
}

async fn ticket_page(c: &Console, signed: &Signed, id: i64) -> Result<Response, ConsoleError> {
    let typed: Typed = signed.draft().unwrap_or_default();
    let lang = signed.lang;
    let member = &signed.session.member;
    let locales = &c.app.engine.locales;
    let mut conn = c.app.store.pool.acquire().await?;
    let seen = [Act::SeePersonalData, Act::SeeStatus];
    let ticket = allowed(&mut conn, member, id, &seen).await?;
    let personal = may(member, Act::SeePersonalData, &ticket);
    let takeable = ticket.state.is_untaken() && may(member, Act::Act, &ticket);
    let held = holds(member, &ticket) && ticket.state.is_active();
    let mut context_lines = vec![];
    let mut messages = vec![];
    let mut colleagues = vec![];
    let mut units = vec![];
    // A supervisor reads a denuncia's conversation without who sent it (nothing of
    // the sender shown, so no read is recorded against their request).
    let content = !personal && may(member, Act::SeeContent, &ticket);
    if personal {
        record(c, &mut conn, member, &ticket, "ticket_context").await?;
        context_lines = notice::context_lines(&mut conn, locales, lang, &ticket).await?;
        let stored = store::messages(&mut conn, ticket.id, SHOWN).await?;
        messages = message_views(c, &mut conn, lang, &ticket, &stored).await?;
    } else if content {
        context_lines = notice::content_lines(&mut conn, locales, lang, &ticket, &[]).await?;
        let stored = store::messages(&mut conn, ticket.id, SHOWN).await?;
        let sender = c.t(lang, "case-content-sender", &[]);
        messages = message_views(c, &mut conn, lang, &ticket, &stored)
            .await?
            .into_iter()
            .map(|m| MessageView {
                who: if m.from_ally { sender.clone() } else { m.who },
                // The files stay with OCI: a letterhead or a photo may name the sender.
                file_url: None,
                audio: false,
                ..m
            })
            .collect();
    }
    if held {
        units = service::units_for(&ticket)
            .into_iter()
            .map(|u| FilterOption {
                value: u.as_str().to_owned(),
                label: c.t(lang, u.message_key(), &[]),
                chosen: false,
            })
            .collect();
        colleagues = colleagues_of(&mut conn, member, &ticket)
            .await?
            .into_iter()
            .map(|m| Colleague {
                id: m.id,
                name: m.name,
            })
            .collect();
    }
    let mut summary = line(c, &mut conn, lang, member, &ticket).await?;
    if content {
        summary.place = String::new();
    }
    Ok(c.page(
        StatusCode::OK,
        lang,
        "ticket.html",
        Some(&signed.viewer),
        context! {
            id => ticket.id,
            code => ticket.code.clone(),
            summary => Value::from(Serde(&summary)),
            personal => personal,
            content => content,
            takeable => takeable,
            held => held,
            context_lines => context_lines,
            last => messages.last().map(|m| m.id).unwrap_or(0),
            messages => Value::from(Serde(&messages)),
            colleagues => Value::from(Serde(&colleagues)),
            units => Value::from(Serde(&units)),
            limit_mb => c.app.settings.storage.max_upload_mb,
            max_text => MAX_TEXT,
            typed_reply => typed.reply,
            typed_close => typed.close,
            resolution => ticket.resolution.clone(),
            rating => ticket.rating,
            rating_comment => ticket.rating_comment.clone(),
        },
    ))
}

#[derive(Debug, Deserialize)]
pub struct After {
    #[serde(default)]
    after: i64,
}

/// `GET /console/tickets/{id}/messages?after=N`: the messages newer than N, as list
/// items for the page's script to append (204 when there are none).
pub async fn messages_after(
    State(c): State<Console>,
    Polled(signed): Polled,
    Path(id): Path<i64>,
    Query(q): Query<After>,
) -> Result<Response, ConsoleError> {
    let lang = signed.lang;
    let member = &signed.session.member;
    // Asked every few seconds by each open ticket page: read beside the writer, which
    // is taken only to record a read of new messages.
    let mut read = c.app.store.read.acquire().await?;
    let ticket = allowed(&mut read, member, id, &[Act::SeePersonalData]).await?;
    let stored: Vec<TicketMessage> = store::messages(&mut read, ticket.id, SHOWN)
        .await?
        .into_iter()
        .filter(|m| m.id > q.after)
        .collect();
    if stored.is_empty() {
        let mut response = StatusCode::NO_CONTENT.into_response();
        no_store(response.headers_mut());
        return Ok(response);
    }
    let views = message_views(&c, &mut read, lang, &ticket, &stored).await?;
    drop(read);
    let mut conn = c.app.store.pool.acquire().await?;
    record(&c, &mut conn, member, &ticket, "ticket_messages").await?;
    Ok(c.fragment(
        lang,
        "ticket_messages.html",
        context! { messages => Value::from(Serde(&views)) },
    ))
}

/// `GET /console/tickets/{id}/files/{message}`: a file of the conversation, only to
/// who may see the ticket's personal data; each read recorded.
pub async fn file(
    State(c): State<Console>,
    signed: Signed,
    Path((id, message)): Path<(i64, i64)>,
) -> Result<Response, ConsoleError> {
    let member = &signed.session.member;
    let mut conn = c.app.store.pool.acquire().await?;
    let ticket = allowed(&mut conn, member, id, &[Act::SeePersonalData]).await?;
    let stored = store::messages(&mut conn, ticket.id, i64::MAX).await?;
    let (sha, name) = stored
        .into_iter()
        .find(|m| m.id == message)
        .and_then(|m| Some((m.sha256?, m.file_name?)))
        .ok_or(ConsoleError::NotFound("ticket-not-found"))?;
    let bytes = c.app.files.get(&sha).await?;
    record(&c, &mut conn, member, &ticket, "ticket_file").await?;
    let (mime, _) = service::file_type(&bytes);
    // Only PDFs, images and audio (the page's player) open in the browser; anything
    // else downloads.
    let inline =
        mime == "application/pdf" || mime.starts_with("image/") || mime.starts_with("audio/");
    let how = if inline {
        Disposition::Inline
    } else {
        Disposition::Attachment
    };
    Ok(file_response(bytes, mime, how, &name))
}

#[derive(Debug, Deserialize)]
pub struct ActForm {
    #[serde(default)]
    csrf: String,
    /// The page's one-time form token.
    #[serde(default)]
    once: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    to: String,
    /// The unit to derive to (a role's code).
    #[serde(default)]
    unit: String,
}

/// The acts on a ticket that have their own form (the reply has its own route).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verb {
    Take,
    Close,
    Hand,
    Derive,
}

/// `POST /console/tickets/{id}/{take|close|hand}`: the chat's acts on a ticket,
/// answered with a redirect (Post/Redirect/Get).
pub async fn act(
    State(c): State<Console>,
    signed: Signed,
    path: Result<Path<(i64, Verb)>, PathRejection>,
    Form(form): Form<ActForm>,
) -> Result<Response, ConsoleError> {
    let Path((id, verb)) = path.map_err(|_| ConsoleError::NotFound("console-page-not-found"))?;
    if !csrf_ok(&signed, &form.csrf) {
        return Err(ConsoleError::Csrf);
    }
    let here = format!("/console/tickets/{id}");
    let nonce = c.form_nonce(&signed, &form.once, &here)?;
    let lang = signed.lang;
    let text = form.text.trim();
    // Bad input loses nothing: back to the page with what to fix, the closing note
    // in its box.
    let invalid = match verb {
        Verb::Close if text.chars().count() < 3 => Some(("staff-note-too-short", vec![])),
        Verb::Close if text.chars().count() > MAX_TEXT => {
            Some(("console-text-too-long", vec![("max", MAX_TEXT.into())]))
        }
        Verb::Hand if form.to.trim().parse::<i64>().is_err() => Some(("console-hand-pick", vec![])),
        Verb::Derive if Role::parse(&form.unit).is_none() => Some(("console-derive-pick", vec![])),
        _ => None,
    };
    if let Some((key, args)) = invalid {
        let typed = Typed {
            close: if verb == Verb::Close { text } else { "" }.to_owned(),
            ..Typed::default()
        };
        let banner = Banner::problem(c.t(lang, key, &args));
        return c.back(&signed, &here, banner, &typed).await;
    }
    let to = if verb == Verb::Derive {
        form.unit.trim()
    } else {
        form.to.trim()
    };
    match perform(&c, &signed, nonce, id, verb, text, to).await? {
        Outcome::Spent => c.already_sent(&signed, &here).await,
        Outcome::Done(text) => {
            c.wake_senders();
            // After closing or handing over, the ticket is no longer theirs to act on:
            // back to the inbox; after taking it, the ticket with its conversation.
            let to = if verb == Verb::Take {
                here.as_str()
            } else {
                INBOX
            };
            c.redirect(&signed, to, Banner::done(text)).await
        }
        Outcome::Problem(text) => c.redirect(&signed, &here, Banner::problem(text)).await,
        Outcome::Missing => Err(ConsoleError::NotFound("ticket-not-found")),
    }
}

/// The tickets inbox's address.
const INBOX: &str = "/console/tickets";

/// An act and the form's token, spent in one transaction with the act's notices.
async fn perform(
    c: &Console,
    signed: &Signed,
    nonce: &str,
    id: i64,
    verb: Verb,
    text: &str,
    to: &str,
) -> Result<Outcome, StoreError> {
    let app = &c.app;
    let member = &signed.session.member;
    let lang = signed.lang;
    let now = app.clock.unix();
    let mut tx = app.store.begin().await?;
    if !c.spend_form(&mut tx, signed, nonce).await? {
        return Ok(Outcome::Spent);
    }
    let outcome = match verb {
        Verb::Take => take(c, &mut tx, lang, member, id, now).await?,
        Verb::Close | Verb::Hand | Verb::Derive => {
            match service::held(&mut tx, member, id).await? {
                None if store::get(&mut tx, id).await?.is_none() => Outcome::Missing,
                None => Outcome::Problem(c.t(lang, "ticket-not-yours", &[])),
                Some(ticket) if verb == Verb::Close => {
                    match close_with_note(&mut tx, member, &ticket, text, now).await? {
                        Some(events) => {
                            app.notifier.send(&mut tx, events).await?;
                            let args = [("code", ticket.code.clone().into())];
                            Outcome::Done(c.t(lang, "ticket-closed-staff", &args))
                        }
                        None => Outcome::Problem(c.t(lang, "ticket-not-yours", &[])),
                    }
                }
                Some(ticket) if verb == Verb::Derive => {
                    let unit = Role::parse(to).unwrap_or(ticket.unit);
                    match service::derive(&mut tx, member, &ticket, unit, now).await? {
                        Some((moved, events)) => {
                            app.notifier.send(&mut tx, events).await?;
                            let args = [
                                ("code", moved.code.into()),
                                ("unit", c.t(lang, unit.message_key(), &[]).into()),
                                ("role", unit.as_str().into()),
                            ];
                            Outcome::Done(c.t(lang, "case-derived-done", &args))
                        }
                        None => Outcome::Problem(c.t(lang, "ticket-not-yours", &[])),
                    }
                }
                Some(ticket) => hand(c, &mut tx, lang, member, &ticket, to, now).await?,
            }
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

async fn take(
    c: &Console,
    conn: &mut Conn,
    lang: &'static str,
    member: &StaffMember,
    id: i64,
    now: i64,
) -> Result<Outcome, StoreError> {
    Ok(match service::take(conn, member, id, now).await? {
        Took::Taken(t, events) => {
            c.app.notifier.send(conn, events).await?;
            Outcome::Done(c.t(lang, "console-ticket-taken", &[("code", t.code.into())]))
        }
        Took::Lost => match store::get(conn, id).await? {
            Some(t) => {
                let (key, holder) = service::why_not_taken(conn, &t).await?;
                let args = [("code", t.code.into()), ("name", holder.into())];
                Outcome::Problem(c.t(lang, key, &args))
            }
            None => Outcome::Missing,
        },
        Took::Missing => Outcome::Missing,
    })
}

async fn hand(
    c: &Console,
    conn: &mut Conn,
    lang: &'static str,
    member: &StaffMember,
    ticket: &TicketRow,
    to: &str,
    now: i64,
) -> Result<Outcome, StoreError> {
    let to = to.parse::<i64>().unwrap_or_default();
    let target = staff_store::get(conn, to)
        .await?
        .filter(|m| m.has(ticket.unit) && m.id != member.id);
    let Some(target) = target else {
        return Ok(Outcome::Problem(c.t(lang, "console-hand-pick", &[])));
    };
    Ok(
        match hand_over_to(conn, member, ticket, &target, now).await? {
            Some((moved, events)) => {
                c.app.notifier.send(conn, events).await?;
                let args = [("code", moved.code.into()), ("name", target.name.into())];
                Outcome::Done(c.t(lang, "ticket-handed-done", &args))
            }
            None => Outcome::Problem(c.t(lang, "ticket-not-yours", &[])),
        },
    )
}

/// A reply as the form sent it: the text and an optional file.
#[derive(Default)]
struct ReplyForm {
    csrf: String,
    once: String,
    text: String,
    file: Option<(String, Vec<u8>)>,
}

/// Reads the reply form from its body, read whole (`http::limit`): a body over
/// `reply_body_limit` is the 413 page that says how much a file may weigh, one cut
/// off or not a form is the ticket's page again; either way nothing changes.
async fn read_reply(
    c: &Console,
    request: axum::extract::Request,
    here: &str,
) -> Result<ReplyForm, ConsoleError> {
    let (parts, body) = request.into_parts();
    let unread = |key| ConsoleError::Back {
        to: here.to_owned(),
        key,
    };
    let bytes = match limit::read_within(&parts.headers, body, reply_body_limit(c)).await {
        Ok(bytes) => bytes,
        Err(Unread::TooLarge { drained }) => {
            return Err(ConsoleError::TooLarge {
                limit_mb: c.app.settings.storage.max_upload_mb,
                drained,
            });
        }
        Err(Unread::Broken) => return Err(unread("console-form-unread")),
    };
    let request = axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes));
    let form = Multipart::from_request(request, c)
        .await
        .map_err(|_| unread("console-form-unread"))?;
    parse_reply(form)
        .await
        .map_err(|_| unread("console-form-unread"))
}

/// The reply form's fields.
async fn parse_reply(mut form: Multipart) -> Result<ReplyForm, MultipartError> {
    let mut out = ReplyForm::default();
    while let Some(field) = form.next_field().await? {
        match field.name() {
            Some("csrf") => out.csrf = field.text().await?,
            Some("once") => out.once = field.text().await?,
            Some("text") => out.text = field.text().await?,
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let bytes = field.bytes().await?;
                // A form sent without choosing a file carries an empty part.
                if !bytes.is_empty() {
                    out.file = Some((name, bytes.to_vec()));
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The largest request body the reply form may send: the upload limit and room for
/// the text.
pub fn reply_body_limit(c: &Console) -> usize {
    c.app.settings.storage.max_upload_mb * 1024 * 1024 + 64 * 1024
}

/// `POST /console/tickets/{id}/reply` (multipart): the holder's text and/or file,
/// relayed to the ally's chat by the chat's ticket service, answered with a redirect
/// to the ticket (Post/Redirect/Get): a reload shows the reply and sends nothing.
pub async fn reply(
    State(c): State<Console>,
    signed: Signed,
    Path(id): Path<i64>,
    request: axum::extract::Request,
) -> Result<Response, ConsoleError> {
    let lang = signed.lang;
    let limit_mb = c.app.settings.storage.max_upload_mb;
    let too_large =
        || Banner::problem(c.t(lang, "ticket-file-too-large", &[("limit", limit_mb.into())]));
    let here = format!("/console/tickets/{id}");
    let form = read_reply(&c, request, &here).await?;
    if !csrf_ok(&signed, &form.csrf) {
        return Err(ConsoleError::Csrf);
    }
    let nonce = c.form_nonce(&signed, &form.once, &here)?;
    let text = form.text.trim();
    let too_big = |(_, bytes): &(String, Vec<u8>)| bytes.len() > limit_mb * 1024 * 1024;
    let invalid = if text.is_empty() && form.file.is_none() {
        Some(Banner::problem(c.t(lang, "console-reply-empty", &[])))
    } else if text.chars().count() > MAX_TEXT {
        let args = [("max", MAX_TEXT.into())];
        Some(Banner::problem(c.t(lang, "console-text-too-long", &args)))
    } else if form.file.as_ref().is_some_and(too_big) {
        Some(too_large())
    } else {
        None
    };
    if let Some(banner) = invalid {
        // Bad input loses nothing: back to the page with the text in its box.
        let typed = Typed {
            reply: text.to_owned(),
            ..Typed::default()
        };
        return c.back(&signed, &here, banner, &typed).await;
    }
    match send_reply(&c, &signed, nonce, id, text, form.file.as_ref()).await? {
        Outcome::Spent => c.already_sent(&signed, &here).await,
        Outcome::Done(text) => {
            c.wake_senders();
            c.redirect(&signed, &here, Banner::done(text)).await
        }
        Outcome::Problem(text) => c.redirect(&signed, &here, Banner::problem(text)).await,
        Outcome::Missing => Err(ConsoleError::NotFound("ticket-not-found")),
    }
}

/// The reply's text and file, and the form's token, in one transaction.
async fn send_reply(
    c: &Console,
    signed: &Signed,
    nonce: &str,
    id: i64,
    text: &str,
    file: Option<&(String, Vec<u8>)>,
) -> Result<Outcome, StoreError> {
    let app = &c.app;
    let member = &signed.session.member;
    let lang = signed.lang;
    let now = app.clock.unix();
    let mut tx = app.store.begin().await?;
    if !c.spend_form(&mut tx, signed, nonce).await? {
        return Ok(Outcome::Spent);
    }
    let Some(ticket) = service::held(&mut tx, member, id).await? else {
        return Ok(Outcome::Problem(c.t(lang, "ticket-not-yours", &[])));
    };
    if !text.is_empty() {
        let reply = TicketReply::Text(text.to_owned());
        let events = service::reply(&mut tx, member, &ticket, reply, now).await?;
        app.notifier.send(&mut tx, events).await?;
    }
    if let Some((name, bytes)) = file {
        let given = (!name.is_empty()).then_some(name.as_str());
        let (sha256, file_name) =
            service::keep_bytes(&app.files, &mut tx, &ticket, bytes, given, now).await?;
        let reply = TicketReply::File { sha256, file_name };
        let events = service::reply(&mut tx, member, &ticket, reply, now).await?;
        app.notifier.send(&mut tx, events).await?;
    }
    tx.commit().await?;
    Ok(Outcome::Done(c.t(lang, "console-reply-sent", &[])))
}

/// What an act came to.
enum Outcome {
    Done(String),
    Problem(String),
    Missing,
    /// The form's token was spent before: nothing changed.
    Spent,
}
