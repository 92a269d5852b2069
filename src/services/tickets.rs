//! The ticket service: what a specialist does with an ally's ticket (take, reply,
//! close with a note, hand over) and what the ally does at its end (close it, rate
//! it). The chat and the console call these same functions; each acts through the
//! access policy and returns the [`Event`]s that `notify` renders for the ally, the
//! new holder or the specialist. None writes a chat message.
//!
//! Staff see and act on tickets through the policy: a ticket's status to any
//! specialist while nobody holds it; its personal data to the specialist who holds
//! it and to supervisors; acting on it to its holder, or taking it to any specialist
//! while untaken. Every staff read of a ticket's personal data lands in the Ley
//! 29733 record of the ally's request.

use crate::domain::policy::{self, Act, Decision, Record, Why};
use crate::domain::stage::Role;
use crate::domain::ticket::{Category, Rating, is_unit};
use crate::events::{Event, TicketReply};
use crate::message::ChatKey;
use crate::store::files::{self, FileStore};
use crate::store::personal_data::{self, AccessAction, StaffReader};
use crate::store::staff::{self as staff_store, StaffMember};
use crate::store::tickets::{self as store, Author, Closer, TicketRow};
use crate::store::{Conn, StoreError};

/// The access policy's answer for this member and ticket.
fn decide(member: &StaffMember, act: Act, ticket: &TicketRow) -> Decision {
    let record = Record::Ticket {
        holder: ticket.specialist_id,
        unit: ticket.unit,
        confidential: ticket.category == Category::Denuncia,
        access_id: ticket.request_id,
    };
    policy::decide(super::who(member), act, record)
}

/// Whether the policy lets this member do `act` on the ticket.
pub fn may(member: &StaffMember, act: Act, ticket: &TicketRow) -> bool {
    decide(member, act, ticket).allowed()
}

/// Whether this member holds the ticket (the policy's reason, not just a match).
pub fn holds(member: &StaffMember, ticket: &TicketRow) -> bool {
    decide(member, Act::Act, ticket) == Decision::Allowed(Why::HoldsTheTicket)
}

/// Records a staff read of a ticket's personal data (in their chat or the console):
/// it goes in the Ley 29733 record of the ally's request, like any staff read.
pub async fn record_ticket_read(
    conn: &mut Conn,
    reader: StaffReader<'_>,
    ticket: &TicketRow,
    what: &str,
    now: i64,
) -> Result<(), StoreError> {
    let action = AccessAction::Review;
    if ticket.category == Category::Denuncia {
        // The read is recorded, but not tied to the access it came from: the audit,
        // which supervisors read, must not name who sent a denuncia (OCI's to know).
        let what = format!("denuncia / {what}");
        personal_data::record_read(conn, reader, action, &what, None, None, 1, now).await?;
    } else if let Some(request_id) = ticket.request_id {
        personal_data::record_staff_read(conn, reader, request_id, action, what, now).await?;
    }
    Ok(())
}

/// Stores a ticket file by content hash and names it for the other side: the name
/// its sender gave (cleaned), or the ticket's code and the hash's start. Size limits
/// are the caller's to check first.
pub async fn keep_bytes(
    store: &FileStore,
    conn: &mut Conn,
    ticket: &TicketRow,
    bytes: &[u8],
    given_name: Option<&str>,
    now: i64,
) -> Result<(String, String), StoreError> {
    let (mime, ext) = file_type(bytes);
    let sha = store.put(bytes).await?;
    files::register(conn, &sha, mime, bytes.len(), now).await?;
    let name = given_name
        .and_then(clean_name)
        .unwrap_or_else(|| format!("{}-{}.{ext}", ticket.code, &sha[..8]));
    Ok((sha, name))
}

/// The type of a file from its first bytes (never from the name the sender gave), by
/// the one sniffer the signed-DDC upload uses too; anything else passes as binary.
pub fn file_type(bytes: &[u8]) -> (&'static str, &'static str) {
    if let Some(audio) = audio_type(bytes) {
        return audio;
    }
    crate::documents::sniff(bytes).map_or(("application/octet-stream", "bin"), |k| {
        (k.mime_type(), k.extension())
    })
}

/// The audio formats voice notes come in: Ogg/Opus (WhatsApp, Telegram), MP3, M4A
/// and AMR (older phones), by their magic bytes.
fn audio_type(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"OggS") {
        Some(("audio/ogg", "ogg"))
    } else if bytes.starts_with(b"ID3") || bytes.starts_with(&[0xFF, 0xFB]) {
        Some(("audio/mpeg", "mp3"))
    } else if bytes.get(4..8) == Some(b"ftyp") && bytes.get(8..11) == Some(b"M4A") {
        Some(("audio/mp4", "m4a"))
    } else if bytes.starts_with(b"#!AMR") {
        Some(("audio/amr", "amr"))
    } else {
        None
    }
}

/// A file name safe to pass on: no folders, no control characters, not too long.
fn clean_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = base.chars().filter(|c| !c.is_control()).take(100).collect();
    let clean = clean.trim().trim_start_matches('.').to_owned();
    (!clean.is_empty()).then_some(clean)
}

/// What taking a ticket came to.
pub enum Took {
    /// Taken, with what the ally must hear (who answers).
    Taken(Box<TicketRow>, Vec<Event>),
    /// Someone else took it first, it was closed, or the policy says no.
    Lost,
    Missing,
}

/// Takes an untaken ticket: the policy on the ticket as it is now, then the store's
/// compare-and-set settles a race between two specialists taking it at once.
pub async fn take(
    conn: &mut Conn,
    member: &StaffMember,
    id: i64,
    now: i64,
) -> Result<Took, StoreError> {
    let Some(ticket) = store::get(conn, id).await? else {
        return Ok(Took::Missing);
    };
    if !may(member, Act::Act, &ticket)
        || !store::take(conn, &ticket, member.id, &member.actor_label(), now).await?
    {
        return Ok(Took::Lost);
    }
    let Some(ticket) = store::get(conn, id).await? else {
        return Ok(Took::Missing);
    };
    let events = vec![Event::TicketTaken {
        ticket: ticket.clone(),
        by: member.name.clone(),
    }];
    Ok(Took::Taken(Box::new(ticket), events))
}

/// Why a ticket could not be taken: the message key and the holder's name (empty
/// when nobody holds it).
pub async fn why_not_taken(
    conn: &mut Conn,
    ticket: &TicketRow,
) -> Result<(&'static str, String), StoreError> {
    let holder = match ticket.specialist_id {
        Some(sid) => staff_store::get(conn, sid)
            .await?
            .map_or_else(|| format!("#{sid}"), |m| m.name),
        None => String::new(),
    };
    let key = if ticket.state.is_active() {
        "ticket-already-taken"
    } else {
        "ticket-already-closed"
    };
    Ok((key, holder))
}

/// The ticket, if this specialist holds it and it is still open.
pub async fn held(
    conn: &mut Conn,
    member: &StaffMember,
    id: i64,
) -> Result<Option<TicketRow>, StoreError> {
    Ok(store::get(conn, id)
        .await?
        .filter(|t| holds(member, t) && t.state.is_active()))
}

/// Stores the holder's reply; the event relays it to the ally's chat, on the ally's
/// channel. The first reply stops the first-response clock.
pub async fn reply(
    conn: &mut Conn,
    member: &StaffMember,
    ticket: &TicketRow,
    reply: TicketReply,
    now: i64,
) -> Result<Vec<Event>, StoreError> {
    let author = Author::Staff(member.id);
    match &reply {
        TicketReply::Text(text) => {
            store::add_message(conn, ticket.id, author, Some(text), None, now).await?;
        }
        TicketReply::File { sha256, file_name } => {
            let file = Some((sha256.as_str(), file_name.as_str()));
            store::add_message(conn, ticket.id, author, None, file, now).await?;
        }
    }
    answered(conn, member, ticket, now).await?;
    Ok(vec![Event::TicketReplied {
        ticket: ticket.clone(),
        by: member.name.clone(),
        reply,
    }])
}

/// The first reply stops the first-response clock.
async fn answered(
    conn: &mut Conn,
    member: &StaffMember,
    ticket: &TicketRow,
    now: i64,
) -> Result<(), StoreError> {
    if ticket.state.is_held_unanswered() {
        store::mark_answered(conn, ticket, &member.actor_label(), now).await?;
    }
    Ok(())
}

/// Closes a held ticket with the resolution note, which the ally reads with the
/// rating question. None when it was no longer the member's to close.
pub async fn close_with_note(
    conn: &mut Conn,
    member: &StaffMember,
    ticket: &TicketRow,
    note: &str,
    now: i64,
) -> Result<Option<Vec<Event>>, StoreError> {
    // The resolution is an answer too: if it is the first, the clock stops here. All
    // of it under a savepoint: when the close finds the ticket no longer theirs (the
    // ally ended it, it was handed over meanwhile), neither the note nor the answer
    // stays, whatever the caller then commits. The savepoint is named in SQL: the
    // caller's transaction may be one sqlx does not track (the lean turn's
    // `BEGIN IMMEDIATE` on SQLite), where a nested `begin` would issue BEGIN again.
    sqlx::query("SAVEPOINT close_ticket")
        .execute(&mut *conn)
        .await?;
    let closed = close_under_savepoint(conn, member, ticket, note, now).await;
    let undo = !matches!(closed, Ok(true));
    if undo {
        sqlx::query("ROLLBACK TO SAVEPOINT close_ticket")
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("RELEASE SAVEPOINT close_ticket")
        .execute(&mut *conn)
        .await?;
    if !closed? {
        return Ok(None);
    }
    Ok(Some(vec![Event::TicketClosed {
        ticket: ticket.clone(),
        by: member.name.clone(),
        note: note.to_owned(),
    }]))
}

/// The writes of [`close_with_note`]; false when the ticket was no longer the
/// member's to close.
async fn close_under_savepoint(
    conn: &mut Conn,
    member: &StaffMember,
    ticket: &TicketRow,
    note: &str,
    now: i64,
) -> Result<bool, StoreError> {
    answered(conn, member, ticket, now).await?;
    store::add_message(
        conn,
        ticket.id,
        Author::Staff(member.id),
        Some(note),
        None,
        now,
    )
    .await?;
    store::close(
        conn,
        ticket,
        Closer::Specialist(member.id),
        &member.actor_label(),
        Some(note),
        now,
    )
    .await
}

/// Hands a held ticket to another specialist: the new holder is briefed in their
/// chat (a read of theirs, recorded here), the ally told who answers now. None when
/// it was no longer the member's to hand over.
pub async fn hand_over_to(
    conn: &mut Conn,
    member: &StaffMember,
    ticket: &TicketRow,
    target: &StaffMember,
    now: i64,
) -> Result<Option<(TicketRow, Vec<Event>)>, StoreError> {
    // A colleague of the same unit: anyone else could not even read it.
    if !target.has(ticket.unit) {
        return Ok(None);
    }
    if !store::hand_over(
        conn,
        ticket,
        member.id,
        target.id,
        &member.actor_label(),
        now,
    )
    .await?
    {
        return Ok(None);
    }
    let Some(moved) = store::get(conn, ticket.id).await? else {
        return Ok(None);
    };
    // notify briefs the new holder with the ticket's context in their own chat: a
    // read of theirs, recorded as such.
    if let Some((channel, chat_id)) = target.address()
        && may(target, Act::SeePersonalData, &moved)
    {
        let reader = StaffReader::Chat {
            staff_id: target.id,
            chat: ChatKey::new(channel, &chat_id),
        };
        record_ticket_read(conn, reader, &moved, "ticket_context", now).await?;
    }
    let events = vec![Event::TicketHandedOver {
        ticket: moved.clone(),
        from: member.name.clone(),
        to: target.clone(),
    }];
    Ok(Some((moved, events)))
}

/// The colleagues of the ticket's unit a held ticket may be handed to (reachable in
/// a chat).
pub async fn colleagues_of(
    conn: &mut Conn,
    member: &StaffMember,
    ticket: &TicketRow,
) -> Result<Vec<StaffMember>, StoreError> {
    Ok(staff_store::with_role(conn, ticket.unit)
        .await?
        .into_iter()
        .filter(|m| m.id != member.id && m.address().is_some())
        .collect())
}

/// Whether this member holds cases of some unit (especialistas, UOT, UTI, UAJ, OCI).
pub fn works_cases(member: &StaffMember) -> bool {
    member.roles.iter().any(|r| is_unit(*r))
}

/// The units a held ticket may be derived to: every unit but its own; a denuncia
/// stays with OCI.
pub fn units_for(ticket: &TicketRow) -> Vec<Role> {
    if ticket.category == Category::Denuncia {
        return vec![];
    }
    crate::domain::ticket::UNITS
        .into_iter()
        .filter(|u| *u != ticket.unit)
        .collect()
}

/// Derives a held ticket to another unit, with its conversation and files: nobody
/// holds it until a member of that unit takes it; the unit hears of it, the ally
/// where it went and by when. None when it was no longer the member's to derive or
/// the unit is not one it may go to.
pub async fn derive(
    conn: &mut Conn,
    member: &StaffMember,
    ticket: &TicketRow,
    unit: Role,
    now: i64,
) -> Result<Option<(TicketRow, Vec<Event>)>, StoreError> {
    if !holds(member, ticket) || !units_for(ticket).contains(&unit) {
        return Ok(None);
    }
    if !store::derive(
        conn,
        ticket,
        member.id,
        unit,
        &member.actor_label(),
        None,
        now,
    )
    .await?
    {
        return Ok(None);
    }
    let Some(moved) = store::get(conn, ticket.id).await? else {
        return Ok(None);
    };
    let events = vec![Event::TicketDerived {
        ticket: moved.clone(),
        by: member.name.clone(),
    }];
    Ok(Some((moved, events)))
}

/// The ally ends their ticket: closed by them; its holder, if any, hears of it (a
/// read of the ally's name in the holder's chat, recorded).
pub async fn close_by_ally(
    conn: &mut Conn,
    ticket: &TicketRow,
    now: i64,
) -> Result<Vec<Event>, StoreError> {
    store::close(conn, ticket, Closer::Ally, "ally", None, now).await?;
    let mut events = vec![];
    if let Some(id) = ticket.specialist_id
        && let Some(member) = staff_store::get(conn, id).await?
        && may(&member, Act::SeePersonalData, ticket)
    {
        if let Some((channel, chat_id)) = member.address() {
            let reader = StaffReader::Chat {
                staff_id: member.id,
                chat: ChatKey::new(channel, &chat_id),
            };
            record_ticket_read(conn, reader, ticket, "ticket_closed", now).await?;
        }
        events.push(Event::TicketClosedByAlly {
            ticket: ticket.clone(),
            holder: member,
        });
    }
    Ok(events)
}

/// The ally rates their closed ticket, once; `chat` is the ally's: nobody rates another's ticket. False when it was not theirs or already
/// rated.
pub async fn rate(
    conn: &mut Conn,
    chat: ChatKey<'_>,
    ticket_id: i64,
    rating: Rating,
    now: i64,
) -> Result<bool, StoreError> {
    let ticket = store::get(conn, ticket_id)
        .await?
        .filter(|t| t.chat() == chat);
    match ticket {
        Some(t) => store::rate(conn, t.id, rating, now).await,
        None => Ok(false),
    }
}

/// Where a case is, as its ally may see it from any chat bound to their access:
/// its number, state (a Fluent id), the unit that has it, and the date expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseStatus {
    pub number: String,
    /// Fluent id of its state (`ticket-state-*`, `case-state-*`).
    pub state_key: &'static str,
    pub unit: Role,
    /// When it is to be resolved (unix seconds); None once closed or when unknown.
    pub due_at: Option<i64>,
    /// The closing note (reason, or UOT's outcome and note), once closed.
    pub closed_note: Option<String>,
    /// UOT's outcome of an alert or FAD, once resolved (Fluent id).
    pub outcome_key: Option<&'static str>,
}

/// Looks a case up by its number from an ally's chat (`chat`: channel and chat id;
/// `bound_access`: the access the chat is bound to), through the policy's
/// `SeeStatus`: the chat it was sent from, or any chat bound to the same access.
/// None when there is no such case or it is not theirs to follow: one answer for
/// both.
pub async fn look_up(
    conn: &mut Conn,
    (channel, chat_id): (&str, &str),
    bound_access: Option<i64>,
    number: &crate::domain::ticket::CaseNumber,
) -> Result<Option<CaseStatus>, StoreError> {
    let who = |own: bool| match (own, bound_access) {
        (true, _) => policy::Who::OwnChat,
        (false, Some(access_id)) => policy::Who::BoundAlly { access_id },
        (false, None) => policy::Who::Stranger,
    };
    use crate::domain::ticket::CaseNumber;
    use crate::store::ally_reports;
    match number {
        CaseNumber::Ticket(code) => {
            let Some(t) = store::by_code(conn, code).await? else {
                return Ok(None);
            };
            let record = Record::Ticket {
                holder: t.specialist_id,
                unit: t.unit,
                confidential: t.category == Category::Denuncia,
                access_id: t.request_id,
            };
            let own = t.channel.as_str() == channel && t.chat_id == chat_id;
            if !policy::decide(who(own), Act::SeeStatus, record).allowed() {
                return Ok(None);
            }
            let open = t.state.is_active();
            Ok(Some(CaseStatus {
                number: t.code.clone(),
                state_key: t.state.message_key(),
                unit: t.unit,
                due_at: t.resolution_due_at.filter(|_| open),
                closed_note: t.resolution.clone().filter(|_| !open),
                outcome_key: None,
            }))
        }
        CaseNumber::Ally(kind, seq) => {
            let Some(r) = ally_reports::by_number(conn, *kind, *seq).await? else {
                return Ok(None);
            };
            let record = Record::AllyCase {
                access_id: r.request_id,
            };
            let own = r.channel.as_str() == channel && r.chat_id == chat_id;
            if !policy::decide(who(own), Act::SeeStatus, record).allowed() {
                return Ok(None);
            }
            let open = r.closed_at.is_none();
            Ok(Some(CaseStatus {
                number: r.number(),
                state_key: if open {
                    "case-state-received"
                } else {
                    "case-state-resolved"
                },
                unit: Role::Uot,
                due_at: r.due_at.filter(|_| open),
                closed_note: r.close_note.clone().filter(|_| !open),
                outcome_key: r.outcome.filter(|_| !open).map(|o| o.message_key()),
            }))
        }
    }
}

/// UOT resolves an alert or a FAD with its outcome and a note: closed, and the
/// ally is told in the chat it came from. None when the member may not (only UOT
/// works them) or it was closed already.
pub async fn resolve_ally_case(
    conn: &mut Conn,
    member: &StaffMember,
    report_id: i64,
    outcome: crate::store::ally_reports::Outcome,
    note: &str,
    now: i64,
) -> Result<Option<(crate::store::ally_reports::AllyReport, Vec<Event>)>, StoreError> {
    use crate::store::ally_reports;
    let Some(report) = ally_reports::get(conn, report_id).await? else {
        return Ok(None);
    };
    let record = Record::AllyCase {
        access_id: report.request_id,
    };
    if !policy::decide(super::who(member), Act::Act, record).allowed() {
        return Ok(None);
    }
    if !ally_reports::set_outcome(conn, report_id, outcome).await?
        || !ally_reports::close(conn, report_id, &member.actor_label(), Some(note), now).await?
    {
        return Ok(None);
    }
    let Some(closed) = ally_reports::get(conn, report_id).await? else {
        return Ok(None);
    };
    let events = vec![Event::AllyCaseResolved {
        report: closed.clone(),
    }];
    Ok(Some((closed, events)))
}

/// Whether the member may resolve alerts and FADs (UOT).
pub fn works_ally_cases(member: &StaffMember) -> bool {
    let record = Record::AllyCase { access_id: 0 };
    policy::decide(super::who(member), Act::Act, record).allowed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_folders_and_control_characters() {
        assert_eq!(clean_name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(
            clean_name("C:\\docs\\oficio\n.pdf").as_deref(),
            Some("oficio.pdf")
        );
        assert_eq!(clean_name(".."), None);
        assert_eq!(clean_name("  "), None);
    }

    #[test]
    fn file_types_come_from_their_bytes() {
        assert_eq!(file_type(b"%PDF-1.7 ...").1, "pdf");
        assert_eq!(file_type(&[0xFF, 0xD8, 0xFF, 0xE0]).1, "jpg");
        assert_eq!(file_type(b"MZ\x90\x00").1, "bin");
    }
}
