//! Tickets (an ally's escalation to a specialist), every message of each, and their
//! append-only history. Moves are conditional updates (`WHERE state = ...`), so two
//! specialists tapping "Tomar" at once cannot both win, on either backend.

use crate::message::{Channel, ChatKey};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Conn, StoreError, opt_text};
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

#[derive(Debug, Clone)]
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
    pub opened_at: i64,
    pub first_response_due_at: i64,
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
     specialist_id, opened_at, first_response_due_at, taken_at, first_response_at, closed_at, \
     closed_by, resolution, rating, rating_comment";

fn from_row(r: AnyRow) -> Result<TicketRow, StoreError> {
    let category: String = r.try_get("category")?;
    let state: String = r.try_get("state")?;
    let context: String = r.try_get("context")?;
    Ok(TicketRow {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        category: Category::parse(&category)
            .ok_or_else(|| StoreError::Corrupt(format!("ticket category {category}")))?,
        state: TicketState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("ticket state {state}")))?,
        channel: super::channel_of(&r)?,
        chat_id: r.try_get("chat_id")?,
        locale: r.try_get("locale")?,
        request_id: r.try_get("request_id")?,
        context: serde_json::from_str(&context)?,
        specialist_id: r.try_get("specialist_id")?,
        opened_at: r.try_get("opened_at")?,
        first_response_due_at: r.try_get("first_response_due_at")?,
        taken_at: r.try_get("taken_at")?,
        first_response_at: r.try_get("first_response_at")?,
        closed_at: r.try_get("closed_at")?,
        closed_by: opt_text(&r, "closed_by")?,
        resolution: opt_text(&r, "resolution")?,
        rating: r.try_get("rating")?,
        rating_comment: opt_text(&r, "rating_comment")?,
    })
}

pub struct NewTicket<'a> {
    pub category: Category,
    /// The ally's chat.
    pub chat: ChatKey<'a>,
    pub locale: &'a str,
    pub request_id: Option<i64>,
    pub context: &'a TicketContext,
    pub first_response_due_at: i64,
    /// The year of the ticket number (Lima).
    pub year: i32,
}

/// Registers a ticket (state open) and gives it its number.
pub async fn open(conn: &mut Conn, new: NewTicket<'_>, now: i64) -> Result<TicketRow, StoreError> {
    let context = serde_json::to_string(new.context)?;
    let row = sqlx::query(
        "INSERT INTO tickets (category, state, channel, chat_id, locale, request_id, context,
            opened_at, first_response_due_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
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
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(from_row).transpose()
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
    let row = sqlx::query(&sql)
        .bind(chat.channel())
        .bind(chat.chat_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(from_row).transpose()
}

/// Gives an open ticket to a specialist; false if someone else took it first.
pub async fn take(
    conn: &mut Conn,
    id: i64,
    specialist_id: i64,
    actor: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE tickets SET state = 'taken', specialist_id = $1, taken_at = $2
         WHERE id = $3 AND state = 'open'",
    )
    .bind(specialist_id)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    event(
        conn,
        id,
        "taken",
        TicketState::Open,
        TicketState::Taken,
        actor,
        None,
        now,
    )
    .await?;
    Ok(true)
}

/// The specialist's first reply: the first-response clock stops.
pub async fn mark_answered(
    conn: &mut Conn,
    id: i64,
    actor: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE tickets SET state = 'answered', first_response_at = $1
         WHERE id = $2 AND state = 'taken'",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    event(
        conn,
        id,
        "answered",
        TicketState::Taken,
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
         WHERE id = $2 AND specialist_id = $3 AND state IN ('taken', 'answered')",
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

/// The last `limit` messages of a ticket, oldest first.
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
        "SELECT {COLUMNS} FROM tickets WHERE specialist_id = $1 AND state IN ('taken', 'answered')
         ORDER BY id"
    );
    let rows = sqlx::query(&sql)
        .bind(staff_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(from_row).collect()
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
    let rows = sqlx::query(&sql)
        .bind(state.as_str())
        .bind(category.map_or("", Category::as_str))
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(from_row).collect()
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
            let state: String = r.try_get("state")?;
            let category: String = r.try_get("category")?;
            Ok((
                TicketState::parse(&state)
                    .ok_or_else(|| StoreError::Corrupt(format!("ticket state {state}")))?,
                Category::parse(&category)
                    .ok_or_else(|| StoreError::Corrupt(format!("ticket category {category}")))?,
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
        "SELECT {COLUMNS} FROM tickets WHERE state IN ('open', 'taken')
         AND first_response_at IS NULL AND first_response_due_at <= $1 ORDER BY id"
    );
    let rows = sqlx::query(&sql).bind(now).fetch_all(&mut *conn).await?;
    rows.into_iter().map(from_row).collect()
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
    let rows = sqlx::query(&sql)
        .bind(from)
        .bind(until)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(from_row).collect()
}

/// The tickets opened from chats of the request `request_id`, oldest first.
pub async fn for_request(conn: &mut Conn, request_id: i64) -> Result<Vec<TicketRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM tickets WHERE request_id = $1 ORDER BY id");
    let rows = sqlx::query(&sql)
        .bind(request_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(from_row).collect()
}
