//! The staff registry: who holds which roles, reachable on which chat.

use sqlx::Row;

use super::columns::RoleList;
use super::{Conn, StoreError};
use crate::domain::stage::Role;
use crate::message::{Channel, ChatKey};

/// A member as the registry keeps them (mapped by derive).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffMember {
    pub id: i64,
    pub name: String,
    #[sqlx(try_from = "RoleList")]
    pub roles: Vec<Role>,
    pub telegram_user_id: Option<String>,
    pub whatsapp_number: Option<String>,
    /// The `contigo-bot chat --user` of a member who works (or tries the roles) in
    /// the terminal.
    pub terminal_user: Option<String>,
    pub locale: String,
}

impl StaffMember {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Where notifications reach this person: Telegram first, else WhatsApp, else
    /// their terminal.
    pub fn address(&self) -> Option<(Channel, String)> {
        self.telegram_user_id
            .clone()
            .map(|id| (Channel::Telegram, id))
            .or_else(|| self.whatsapp_number.clone().map(|n| (Channel::Whatsapp, n)))
            .or_else(|| self.terminal_user.clone().map(|u| (Channel::Terminal, u)))
    }

    /// How transitions name the actor: stable id plus the name at the time.
    pub fn actor_label(&self) -> String {
        format!("staff:{} {}", self.id, self.name)
    }
}

const COLUMNS: &str = "id, name, roles, telegram_user_id, whatsapp_number, terminal_user, locale";

#[derive(Debug, Clone)]
pub struct NewStaff<'a> {
    pub name: &'a str,
    pub roles: &'a [Role],
    pub telegram_user_id: Option<&'a str>,
    pub whatsapp_number: Option<&'a str>,
    pub terminal_user: Option<&'a str>,
    pub locale: &'a str,
}

pub async fn add(conn: &mut Conn, new: &NewStaff<'_>, now: i64) -> Result<StaffMember, StoreError> {
    let roles: Vec<&str> = new.roles.iter().map(|r| r.as_str()).collect();
    let row = sqlx::query(
        "INSERT INTO staff (name, roles, telegram_user_id, whatsapp_number, terminal_user,
                            locale, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(new.name)
    .bind(roles.join(","))
    .bind(new.telegram_user_id)
    .bind(new.whatsapp_number)
    .bind(new.terminal_user)
    .bind(new.locale)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = row.try_get("id")?;
    get(conn, id)
        .await?
        .ok_or_else(|| StoreError::Corrupt("staff row vanished".into()))
}

pub async fn get(conn: &mut Conn, id: i64) -> Result<Option<StaffMember>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM staff WHERE id = $1 AND active = 1");
    let row = sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row)
}

pub async fn list(conn: &mut Conn) -> Result<Vec<StaffMember>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM staff WHERE active = 1 ORDER BY id");
    let rows = sqlx::query_as(&sql).fetch_all(&mut *conn).await?;
    Ok(rows)
}

/// Removes a member; their past actions keep naming them in the history. Their
/// console sessions and login links end with them.
pub async fn remove(conn: &mut Conn, id: i64) -> Result<bool, StoreError> {
    super::console::end_all_of(conn, id).await?;
    let done = sqlx::query("DELETE FROM staff WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The staff member behind a chat, if the chat is a staff chat.
pub async fn by_chat(
    conn: &mut Conn,
    chat: ChatKey<'_>,
) -> Result<Option<StaffMember>, StoreError> {
    let column = match chat.channel {
        Channel::Telegram => "telegram_user_id",
        Channel::Whatsapp => "whatsapp_number",
        Channel::Terminal => "terminal_user",
        Channel::Email => return Ok(None),
    };
    let sql = format!("SELECT {COLUMNS} FROM staff WHERE {column} = $1 AND active = 1");
    let row = sqlx::query_as(&sql)
        .bind(chat.chat_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row)
}

pub async fn with_role(conn: &mut Conn, role: Role) -> Result<Vec<StaffMember>, StoreError> {
    Ok(list(conn)
        .await?
        .into_iter()
        .filter(|s| s.has(role))
        .collect())
}
