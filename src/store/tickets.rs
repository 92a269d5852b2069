//! Tickets (an ally's escalation to a specialist), every message of each, and their
//! append-only history. Moves are conditional updates (`WHERE state = ...`), so two
//! specialists tapping "Tomar" at once cannot both win, on either backend.

use crate::message::{Channel, ChatKey};
use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::columns::json_text;
use super::{Conn, StoreError, opt_text};
use crate::domain::stage::Role;
use crate::domain::ticket::{Category, Rating, TicketState, ticket_code};

/// What the specialist should know about the ally, as it was when the ticket opened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketContext {
    /// The chat's newest access request, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_code: Option<String>,
    /// Stage id (`Stage::as_str`) of that request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// Access type id (`AccessType::as_str`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_type: Option<String>,
    /// "Acoria (Huancavelica, Huancavelica)", a region, or the entity's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// The responsible person named in that request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
}

// A ticket's context is stored as its JSON text.
json_text!(TicketContext);

/// A ticket as stored (mapped by derive: the codes and the context are text columns
/// read through `store::columns`, the rest plain numbers and text that both
/// databases return alike through sqlx's `Any`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TicketRow {
    pub id: i64,
    pub code: String,
    pub category: Category,
    pub state: TicketState,
    pub channel: Channel,
    pub chat_id: String,
    pub locale: String,
    pub request_id: Option<i64>,
    pub context: TicketContext,
    pub specialist_id: Option<i64>,
    /// The unit whose members take it: the especialistas, OCI for a denuncia, or the
    /// unit it was derived to.
    pub unit: Role,
    pub opened_at: i64,
    pub first_response_due_at: i64,
    /// When it must be resolved (closed); None for tickets older than the term.
    pub resolution_due_at: Option<i64>,
    pub taken_at: Option<i64>,
    pub first_response_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub closed_by: Option<String>,
    pub resolution: Option<String>,
    pub rating: Option<i64>,
    pub rating_comment: Option<String>,
}

impl TicketRow {
    /// The ally's chat.
    pub fn chat(&self) -> ChatKey<'_> {
        ChatKey::new(self.channel, &self.chat_id)
    }
}

const COLUMNS: &str = "id, code, category, state, channel, chat_id, locale, request_id, context, \
     specialist_id, unit, opened_at, first_response_due_at, resolution_due_at, taken_at, first_response_at, closed_at, \
     closed_by, resolution, rating, rating_comment";

pub struct NewTicket<'a> {
    pub category: Category,
    /// The ally's chat.
    pub chat: ChatKey<'a>,
    pub locale: &'a str,
    pub request_id: Option<i64>,
    pub context: &'a TicketContext,
    pub first_response_due_at: i64,
    pub resolution_due_at: i64,
    /// The year of the ticket number (Lima).
    pub year: i32,
}

/// Registers a ticket (state open) and gives it its number.
pub async fn open(conn: &mut Conn, new: NewTicket<'_>, now: i64) -> Result<TicketRow, StoreError> {
    let context = serde_json::to_string(new.context)?;
    let row = sqlx::query(
        "INSERT INTO tickets (category, state, channel, chat_id, locale, request_id, context,
            opened_at, first_response_due_at, unit, resolution_due_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(new.category.as_str())
    .bind(TicketState::Open.as_str())
    .bind(new.chat.channel())
    .bind(new.chat.chat_id)
    .bind(new.locale)
    .bind(new.request_id)
    .bind(context)
    .bind(now)
    .bind(new.first_response_due_at)
    .bind(new.category.receiving_unit().as_str())
    .bind(new.resolution_due_at)
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = row.try_get("id")?;
    sqlx::query("UPDATE tickets SET code = $1 WHERE id = $2")
        .bind(ticket_code(new.year, id))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    event(
        conn,
        id,
        "registered",
        TicketState::Open,
        TicketState::Open,
        "ally",
        None,
        now,
    )
    .await?;
    get(conn, id)
        .await?
        .ok_or_else(|| StoreError::Corrupt("inserted ticket vanished".into()))
}

#[allow(clippy::too_many_arguments)]
async fn event(
    conn: &mut Conn,
    id: i64,
    event: &str,
    from: TicketState,
    to: TicketState,
    actor: &str,
    note: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO ticket_events (ticket_id, event, from_state, to_state, actor, note, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(event)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(actor)
    .bind(note)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn get(conn: &mut Conn, id: i64) -> Result<Option<TicketRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM tickets WHERE id = $1");
    let row = sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row)
}

/// The ticket with this number ("AT-2026-000012"), if any.
pub async fn by_code(conn: &mut Conn, code: &str) -> Result<Option<TicketRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM tickets WHERE code = $1");
    let row = sqlx::query_as(&sql)
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row)
}

/// The chat's ticket that is not closed yet, if any (a chat has at most one).
pub async fn active_for_chat(
    conn: &mut Conn,
    chat: ChatKey<'_>,
) -> Result<Option<TicketRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM tickets WHERE channel = $1 AND chat_id = $2 AND state <> 'closed'
         ORDER BY id DESC LIMIT 1"
    );
    let row = sqlx::query_as(&sql)
        .bind(chat.channel())
        .bind(chat.chat_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row)
}

/// Gives an untaken ticket to a member of its unit: an open one goes into attention
/// (taken), a derived one into investigation; false if someone else took it first
/// or it moved meanwhile (`seen`: the ticket as the caller weighed it).
pub async fn take(
    conn: &mut Conn,
    seen: &TicketRow,
    member_id: i64,
    actor: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let to = match seen.state {
        TicketState::Open => TicketState::Taken,
        TicketState::Derived => TicketState::Investigating,
        _ => return Ok(false),
    };
    let done = sqlx::query(
        "UPDATE tickets SET state = $1, specialist_id = $2, taken_at = $3
         WHERE id = $4 AND state = $5 AND unit = $6 AND specialist_id IS NULL",
    )
    .bind(to.as_str())
    .bind(member_id)
    .bind(now)
    .bind(seen.id)
    .bind(seen.state.as_str())
    .bind(seen.unit.as_str())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    event(conn, seen.id, "taken", seen.state, to, actor, None, now).await?;
    Ok(true)
}

/// Derives a held ticket to another unit: nobody holds it until a member of that
/// unit takes it; its conversation and files stay with it. False if it is no
/// longer `from`'s.
pub async fn derive(
    conn: &mut Conn,
    ticket: &TicketRow,
    from: i64,
    unit: Role,
    actor: &str,
    note: Option<&str>,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE tickets SET state = 'derived', unit = $1, specialist_id = NULL
         WHERE id = $2 AND specialist_id = $3 AND state IN ('taken', 'investigating', 'answered')",
    )
    .bind(unit.as_str())
    .bind(ticket.id)
    .bind(from)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    let note = match note {
        Some(n) => format!("unit:{unit} {n}"),
        None => format!("unit:{unit}"),
    };
    event(
        conn,
        ticket.id,
        "derived",
        ticket.state,
        TicketState::Derived,
        actor,
        Some(&note),
        now,
    )
    .await?;
    Ok(true)
}

/// The holder's first reply (in attention or in investigation): answered; the
/// first-response clock stops at the first of them.
pub async fn mark_answered(
    conn: &mut Conn,
    seen: &TicketRow,
    actor: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE tickets SET state = 'answered', first_response_at = COALESCE(first_response_at, $1)
         WHERE id = $2 AND state = $3 AND state IN ('taken', 'investigating')",
    )
    .bind(now)
    .bind(seen.id)
    .bind(seen.state.as_str())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    event(
        conn,
        seen.id,
        "answered",
        seen.state,
        TicketState::Answered,
        actor,
        None,
        now,
    )
    .await?;
    Ok(true)
}

/// Hands a ticket from one specialist to another; false if it is no longer `from`'s.
pub async fn hand_over(
    conn: &mut Conn,
    ticket: &TicketRow,
    from: i64,
    to: i64,
    actor: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE tickets SET specialist_id = $1
         WHERE id = $2 AND specialist_id = $3 AND state IN ('taken', 'investigating', 'answered')",
    )
    .bind(to)
    .bind(ticket.id)
    .bind(from)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    let note = format!("staff:{to}");
    event(
        conn,
        ticket.id,
        "handed_over",
        ticket.state,
        ticket.state,
        actor,
        Some(&note),
        now,
    )
    .await?;
    Ok(true)
}

/// Who closes a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closer {
    /// The ally ended it from their chat.
    Ally,
    /// The specialist holding it, with a resolution note.
    Specialist(i64),
}

/// Closes a ticket that is still active; false if it was closed already or (for a
/// specialist) is no longer theirs.
pub async fn close(
    conn: &mut Conn,
    ticket: &TicketRow,
    by: Closer,
    actor: &str,
    resolution: Option<&str>,
    now: i64,
) -> Result<bool, StoreError> {
    let done = match by {
        Closer::Ally => {
            sqlx::query(
                "UPDATE tickets SET state = 'closed', closed_at = $1, closed_by = 'ally'
                 WHERE id = $2 AND state <> 'closed'",
            )
            .bind(now)
            .bind(ticket.id)
            .execute(&mut *conn)
            .await?
        }
        Closer::Specialist(staff_id) => sqlx::query(
            "UPDATE tickets SET state = 'closed', closed_at = $1, closed_by = $2, resolution = $3
                 WHERE id = $4 AND state <> 'closed' AND specialist_id = $5",
        )
        .bind(now)
        .bind(actor)
        .bind(resolution)
        .bind(ticket.id)
        .bind(staff_id)
        .execute(&mut *conn)
        .await?,
    };
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    event(
        conn,
        ticket.id,
        "closed",
        ticket.state,
        TicketState::Closed,
        actor,
        resolution,
        now,
    )
    .await?;
    Ok(true)
}

/// The ally's rating, once per ticket and only after it closed.
pub async fn rate(conn: &mut Conn, id: i64, rating: Rating, now: i64) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE tickets SET rating = $1, rated_at = $2
         WHERE id = $3 AND state = 'closed' AND rating IS NULL",
    )
    .bind(rating.value())
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn comment(conn: &mut Conn, id: i64, text: &str) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE tickets SET rating_comment = $1 WHERE id = $2 AND rating IS NOT NULL
         AND rating_comment IS NULL",
    )
    .bind(text)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Who wrote a ticket message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Author {
    Ally,
    Staff(i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketMessage {
    pub id: i64,
    pub author: Author,
    pub body: Option<String>,
    pub sha256: Option<String>,
    pub file_name: Option<String>,
    pub created_at: i64,
}

/// Stores one message of a ticket (a text, or a file already in the file store).
pub async fn add_message(
    conn: &mut Conn,
    ticket_id: i64,
    author: Author,
    body: Option<&str>,
    file: Option<(&str, &str)>,
    now: i64,
) -> Result<(), StoreError> {
    let (kind, staff_id) = match author {
        Author::Ally => ("ally", None),
        Author::Staff(id) => ("staff", Some(id)),
    };
    sqlx::query(
        "INSERT INTO ticket_messages (ticket_id, author, staff_id, body, sha256, file_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(ticket_id)
    .bind(kind)
    .bind(staff_id)
    .bind(body)
    .bind(file.map(|(sha, _)| sha))
    .bind(file.map(|(_, name)| name))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The last `limit` messages of a ticket, oldest first (mapped by hand: the author
/// is read from two columns, `author` and `staff_id`).
pub async fn messages(
    conn: &mut Conn,
    ticket_id: i64,
    limit: i64,
) -> Result<Vec<TicketMessage>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, author, staff_id, body, sha256, file_name, created_at FROM ticket_messages
         WHERE ticket_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(ticket_id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = rows
        .into_iter()
        .map(|r| {
            let author: String = r.try_get("author")?;
            let staff_id: Option<i64> = r.try_get("staff_id")?;
            Ok(TicketMessage {
                id: r.try_get("id")?,
                author: match (author.as_str(), staff_id) {
                    ("staff", Some(id)) => Author::Staff(id),
                    _ => Author::Ally,
                },
                body: opt_text(&r, "body")?,
                sha256: opt_text(&r, "sha256")?,
                file_name: opt_text(&r, "file_name")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    out.reverse();
    Ok(out)
}

/// A specialist's tickets that are not closed, oldest first.
pub async fn for_specialist(conn: &mut Conn, staff_id: i64) -> Result<Vec<TicketRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM tickets WHERE specialist_id = $1
         AND state IN ('taken', 'investigating', 'answered')
         ORDER BY id"
    );
    let rows = sqlx::query_as(&sql)
        .bind(staff_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows)
}

/// Tickets in a state (newest first), optionally of one category.
pub async fn by_state(
    conn: &mut Conn,
    state: TicketState,
    category: Option<Category>,
    limit: i64,
) -> Result<Vec<TicketRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM tickets WHERE state = $1 AND ($2 = '' OR category = $2)
         ORDER BY id DESC LIMIT $3"
    );
    let rows = sqlx::query_as(&sql)
        .bind(state.as_str())
        .bind(category.map_or("", Category::as_str))
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows)
}

/// How many tickets there are in each state and category: (state, category, count).
pub async fn counts(conn: &mut Conn) -> Result<Vec<(TicketState, Category, i64)>, StoreError> {
    let rows = sqlx::query(
        "SELECT state, category, CAST(COUNT(*) AS BIGINT) AS n FROM tickets
         GROUP BY state, category",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok((
                TicketState::try_from(r.try_get::<String, _>("state")?)?,
                Category::try_from(r.try_get::<String, _>("category")?)?,
                r.try_get("n")?,
            ))
        })
        .collect()
}

/// Tickets still without a first answer whose term has passed.
pub async fn first_response_overdue(
    conn: &mut Conn,
    now: i64,
) -> Result<Vec<TicketRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM tickets WHERE state IN ('open', 'taken', 'derived', 'investigating')
         AND first_response_at IS NULL AND first_response_due_at <= $1 ORDER BY id"
    );
    let rows = sqlx::query_as(&sql).bind(now).fetch_all(&mut *conn).await?;
    Ok(rows)
}

/// Tickets not closed whose resolution term has passed, oldest term first.
pub async fn resolution_overdue(conn: &mut Conn, now: i64) -> Result<Vec<TicketRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM tickets WHERE state <> 'closed'
         AND resolution_due_at IS NOT NULL AND resolution_due_at <= $1
         ORDER BY resolution_due_at, id"
    );
    let rows = sqlx::query_as(&sql).bind(now).fetch_all(&mut *conn).await?;
    Ok(rows)
}

/// Tickets not closed of a unit (any unit when None), in a state if given, oldest
/// first: the console's list by unit.
pub async fn active_by_unit(
    conn: &mut Conn,
    unit: Option<Role>,
    state: Option<TicketState>,
    limit: i64,
) -> Result<Vec<TicketRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM tickets WHERE state <> 'closed'
         AND ($1 = '' OR unit = $1) AND ($2 = '' OR state = $2) ORDER BY id LIMIT $3"
    );
    let rows = sqlx::query_as(&sql)
        .bind(unit.map_or("", Role::as_str))
        .bind(state.map_or("", TicketState::as_str))
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows)
}

/// Each derivation of tickets opened in `[from, until)`: (ticket id, unit it went to).
pub async fn derivations_between(
    conn: &mut Conn,
    from: i64,
    until: i64,
) -> Result<Vec<(i64, Role)>, StoreError> {
    let rows = sqlx::query(
        "SELECT e.ticket_id, e.note FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
         WHERE e.event = 'derived' AND t.opened_at >= $1 AND t.opened_at < $2 ORDER BY e.id",
    )
    .bind(from)
    .bind(until)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = vec![];
    for r in rows {
        let note = opt_text(&r, "note")?.unwrap_or_default();
        let unit = note
            .strip_prefix("unit:")
            .and_then(|rest| rest.split(' ').next())
            .and_then(Role::parse);
        if let Some(unit) = unit {
            out.push((r.try_get("ticket_id")?, unit));
        }
    }
    Ok(out)
}

/// Tickets opened in `[from, until)` (unix seconds), oldest first.
pub async fn opened_between(
    conn: &mut Conn,
    from: i64,
    until: i64,
) -> Result<Vec<TicketRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM tickets WHERE opened_at >= $1 AND opened_at < $2 ORDER BY id"
    );
    let rows = sqlx::query_as(&sql)
        .bind(from)
        .bind(until)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows)
}

/// The tickets opened from chats of the request `request_id`, oldest first.
pub async fn for_request(conn: &mut Conn, request_id: i64) -> Result<Vec<TicketRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM tickets WHERE request_id = $1 ORDER BY id");
    let rows = sqlx::query_as(&sql)
        .bind(request_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows)
}
