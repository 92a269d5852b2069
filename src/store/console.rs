//! The staff console's login links and sessions (docs/ARCHITECTURE.md, front doors). Secrets are stored only
//! as their SHA-256: a copy of the database opens no session. A login link is spent
//! by one atomic UPDATE, so two replicas can never both accept it; a session lives
//! while its member is registered and active and it is used within the idle time.

use sha2::{Digest, Sha256};
use sqlx::Row;

use super::staff::{self, StaffMember};
use super::{Conn, StoreError};

/// A fresh secret from the operating system's random source: 32 bytes, hex.
pub fn new_secret() -> Result<String, StoreError> {
    let mut random = [0u8; 32];
    getrandom::fill(&mut random)
        .map_err(|e| StoreError::Io(std::io::Error::other(e.to_string())))?;
    Ok(hex::encode(random))
}

/// How a secret is kept: its SHA-256, hex.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Stores a login link's token (hashed) for a member, valid until `expires_at`.
pub async fn create_login(
    conn: &mut Conn,
    token: &str,
    staff_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO console_login_tokens (token_hash, staff_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(digest(token))
    .bind(staff_id)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Ends every login link of `staff_id` not yet used (a new one replaces them), and
/// says how many links the member asked for since `since`.
pub async fn replace_logins(
    conn: &mut Conn,
    staff_id: i64,
    now: i64,
    since: i64,
) -> Result<i64, StoreError> {
    sqlx::query(
        "UPDATE console_login_tokens SET expires_at = $1
         WHERE staff_id = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(staff_id)
    .execute(&mut *conn)
    .await?;
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM console_login_tokens WHERE staff_id = $1 AND created_at >= $2",
    )
    .bind(staff_id)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("n")?)
}

/// Spends a login token: the member it opens a session for, once; None when it is
/// unknown, spent or expired.
pub async fn redeem_login(
    conn: &mut Conn,
    token: &str,
    now: i64,
) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query(
        "UPDATE console_login_tokens SET used_at = $1
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
         RETURNING staff_id",
    )
    .bind(now)
    .bind(digest(token))
    .fetch_all(&mut *conn)
    .await?;
    row.first()
        .map(|r| r.try_get("staff_id").map_err(StoreError::from))
        .transpose()
}

/// Opens a session; the caller keeps `session` in the cookie and `csrf` in its forms.
pub async fn create_session(
    conn: &mut Conn,
    session: &str,
    staff_id: i64,
    csrf: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO console_sessions (session_hash, staff_id, csrf_token, created_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(digest(session))
    .bind(staff_id)
    .bind(csrf)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A live session: its member (still registered) and the CSRF token of its forms.
#[derive(Debug, Clone)]
pub struct Session {
    pub member: StaffMember,
    pub csrf: String,
    /// The session's id as stored (its SHA-256): the key of its flash message and
    /// spent form tokens.
    pub hash: String,
}

/// The session behind a cookie, if it is live: used within `idle_secs` and its member
/// still active. Using it restarts the idle time; an idle one is ended here.
pub async fn session(
    conn: &mut Conn,
    session: &str,
    now: i64,
    idle_secs: i64,
    seen: Seen,
) -> Result<Option<Session>, StoreError> {
    match look_up(conn, session, now, idle_secs).await? {
        Looked::Unknown => Ok(None),
        Looked::Idle => {
            end_session(conn, session).await?;
            Ok(None)
        }
        Looked::Live { session, .. } => {
            if seen == Seen::ByThePerson {
                touch(conn, &session.hash, now).await?;
            }
            Ok(Some(*session))
        }
    }
}

/// What a cookie names, read without writing (a read connection serves).
#[derive(Debug, Clone)]
pub enum Looked {
    Unknown,
    /// Unused for longer than the idle time, or its member removed: to be ended.
    Idle,
    Live {
        /// Boxed: a member's row is much larger than the other variants.
        session: Box<Session>,
        /// When it was last used (unix seconds).
        last_seen: i64,
        /// Whether a flash message waits for the next page.
        flash: bool,
    },
}

/// A session's row as [`look_up`] reads it (mapped by derive); its member is read
/// from the registry after it, so a member removed meanwhile ends the session.
#[derive(sqlx::FromRow)]
struct SessionRow {
    staff_id: i64,
    csrf_token: String,
    last_seen_at: i64,
    flash_text: Option<String>,
}

/// The session behind a cookie, read only: live, idle (to be ended) or unknown.
pub async fn look_up(
    conn: &mut Conn,
    session: &str,
    now: i64,
    idle_secs: i64,
) -> Result<Looked, StoreError> {
    let hash = digest(session);
    let Some(row) = sqlx::query_as::<_, SessionRow>(
        "SELECT staff_id, csrf_token, last_seen_at, flash_text FROM console_sessions
         WHERE session_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(Looked::Unknown);
    };
    let member = staff::get(conn, row.staff_id).await?;
    let Some(member) = member.filter(|_| now - row.last_seen_at < idle_secs) else {
        return Ok(Looked::Idle);
    };
    Ok(Looked::Live {
        session: Box::new(Session {
            member,
            csrf: row.csrf_token,
            hash,
        }),
        last_seen: row.last_seen_at,
        flash: row.flash_text.is_some(),
    })
}

/// Records that the person used the session now (its idle time starts over).
pub async fn touch(conn: &mut Conn, session_hash: &str, now: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE console_sessions SET last_seen_at = $1 WHERE session_hash = $2")
        .bind(now)
        .bind(session_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Who used a session: the person (a page opened, a form sent), which keeps it from
/// idling out, or a page's script checking for news, which does not, so a console
/// left open on an unattended desk still closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    ByThePerson,
    ByAScript,
}

/// Logs a session out.
pub async fn end_session(conn: &mut Conn, session: &str) -> Result<(), StoreError> {
    let hash = digest(session);
    sqlx::query("DELETE FROM console_sessions WHERE session_hash = $1")
        .bind(&hash)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM console_spent_forms WHERE session_hash = $1")
        .bind(&hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// How long a one-time form token lives (seconds): a form older than this is
/// refused (the page is shown again), so a spent token older than this can no longer
/// be replayed and its row is pruned.
pub const FORM_TOKEN_SECS: i64 = 24 * 3600;

/// Spends a one-time form token of a session: true the first time, false when it
/// was spent before (one INSERT: two replicas or a double click cannot both spend it).
/// Tokens spent longer ago than a token lives are pruned with it (they can no longer
/// be replayed), so the table holds about a day of forms.
pub async fn spend_form(
    conn: &mut Conn,
    session_hash: &str,
    nonce: &str,
    now: i64,
) -> Result<bool, StoreError> {
    sqlx::query("DELETE FROM console_spent_forms WHERE spent_at < $1")
        .bind(now - FORM_TOKEN_SECS)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query(
        "INSERT INTO console_spent_forms (nonce, session_hash, spent_at) VALUES ($1, $2, $3)
         ON CONFLICT (nonce) DO NOTHING",
    )
    .bind(nonce)
    .bind(session_hash)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many spent form tokens are kept (all sessions).
pub async fn spent_forms(conn: &mut Conn) -> Result<i64, StoreError> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM console_spent_forms")
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get("n")?)
}

/// What an action leaves for the session's next page: a message (its kind and text,
/// already in the member's language) and, after an input error, what the member
/// typed (JSON), to put back in the form's boxes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub kind: String,
    pub text: String,
    pub draft: Option<String>,
}

/// Leaves a flash for the next page the session opens.
pub async fn set_flash(
    conn: &mut Conn,
    session_hash: &str,
    flash: &Flash,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE console_sessions SET flash_kind = $1, flash_text = $2, flash_draft = $3
         WHERE session_hash = $4",
    )
    .bind(&flash.kind)
    .bind(&flash.text)
    .bind(flash.draft.as_deref())
    .bind(session_hash)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A session's flash columns (mapped by derive): all NULL when no flash waits.
#[derive(sqlx::FromRow)]
struct FlashRow {
    flash_kind: Option<String>,
    flash_text: Option<String>,
    flash_draft: Option<String>,
}

/// Takes the flash left for the session's next page (it is shown once).
pub async fn take_flash(conn: &mut Conn, session_hash: &str) -> Result<Option<Flash>, StoreError> {
    let row: Option<FlashRow> = sqlx::query_as(
        "SELECT flash_kind, flash_text, flash_draft FROM console_sessions WHERE session_hash = $1",
    )
    .bind(session_hash)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(FlashRow {
        flash_kind: Some(kind),
        flash_text: Some(text),
        flash_draft: draft,
    }) = row
    else {
        return Ok(None);
    };
    sqlx::query(
        "UPDATE console_sessions SET flash_kind = NULL, flash_text = NULL, flash_draft = NULL
         WHERE session_hash = $1",
    )
    .bind(session_hash)
    .execute(&mut *conn)
    .await?;
    Ok(Some(Flash { kind, text, draft }))
}

/// Ends every session and unspent login link of a member (removed from the registry).
pub async fn end_all_of(conn: &mut Conn, staff_id: i64) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM console_sessions WHERE staff_id = $1")
        .bind(staff_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM console_login_tokens WHERE staff_id = $1")
        .bind(staff_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
