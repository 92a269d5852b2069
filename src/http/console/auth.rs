//! Login without passwords: the link a staff chat receives with `/consola` shows a
//! page whose button spends the token (so a link preview fetching the URL spends
//! nothing) and opens a session. The session id lives in an HttpOnly, SameSite=Strict
//! cookie (Secure when the console is served over HTTPS); the database keeps only its
//! hash, so any replica serves it. Every form carries the session's CSRF token.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use minijinja::context;
use serde::Deserialize;
use subtle::ConstantTimeEq;

use axum::response::Redirect;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::error::ConsoleError;
use super::views::{Banner, Console, Viewer, no_store};
use crate::domain::policy::{self, Act, Record, Report, Who};
use crate::store::console::{self, Session};
use crate::store::staff::StaffMember;

pub const SESSION_COOKIE: &str = "contigo_console";
/// A page opened within this many seconds of the session's last noted use does not
/// note it again (a write): the idle time (minutes) may end up to a minute early.
const TOUCH_EVERY_SECS: i64 = 60;

#[derive(Debug, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    token: String,
    /// The language the visitor chose on the page before login.
    #[serde(default)]
    lang: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct LogoutForm {
    #[serde(default)]
    csrf: String,
    /// The page's one-time form token: a logout is a form like any other.
    #[serde(default)]
    once: String,
}

/// A session as the pages use it: the member, their language, the header's viewer.
pub struct Signed {
    pub session: Session,
    pub lang: &'static str,
    pub viewer: Viewer,
    /// What the member typed in a form the console refused (JSON), for the page the
    /// refusal redirected to (see `Console::back`).
    pub draft: Option<String>,
}

impl Signed {
    /// The form a refusal put back, if it is this page's kind of form.
    pub fn draft<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_str(self.draft.as_deref()?).ok()
    }

    /// Whether the access policy lets the member see a report.
    pub fn may_see(&self, report: Report) -> bool {
        may_see(&self.session.member, report)
    }

    /// The policy's answer for a report: nothing when yes, the refusal page saying
    /// `key` when no.
    pub fn require(&self, report: Report, key: &'static str) -> Result<(), ConsoleError> {
        match self.may_see(report) {
            true => Ok(()),
            false => Err(ConsoleError::Refused(key)),
        }
    }
}

/// Whether the access policy lets a member see a report's data.
fn may_see(member: &StaffMember, report: Report) -> bool {
    let who = Who::Staff {
        id: member.id,
        roles: &member.roles,
    };
    policy::decide(who, Act::SeePersonalData, Record::Report(report)).allowed()
}

impl Console {
    /// The live session behind the request's cookie, or the page that says how to
    /// log in (and clears a dead cookie).
    pub async fn signed(
        &self,
        headers: &HeaderMap,
        query: Option<&str>,
        seen: console::Seen,
        take_flash: bool,
    ) -> Result<Signed, Response> {
        let lang = self.visitor_lang(headers, query.and_then(lang_in_query));
        let Some(id) = cookie(headers, SESSION_COOKIE) else {
            return Err(self.need_login(lang));
        };
        let idle = self.app.settings.http.console_idle_minutes * 60;
        let now = self.app.clock.unix();
        // Read on a read connection, so a page does not wait for the writer (a turn,
        // a checkpoint): the writer is taken only to end an idle session, to note a
        // use after [`TOUCH_EVERY_SECS`] or to take a waiting flash message.
        let found = async {
            let mut read = self.app.store.read.acquire().await?;
            let looked = console::look_up(&mut read, &id, now, idle).await?;
            drop(read);
            let (session, last_seen, waiting) = match looked {
                console::Looked::Unknown => return Ok(None),
                console::Looked::Idle => {
                    let mut conn = self.app.store.pool.acquire().await?;
                    console::end_session(&mut conn, &id).await?;
                    return Ok(None);
                }
                console::Looked::Live {
                    session,
                    last_seen,
                    flash,
                } => (*session, last_seen, flash),
            };
            let touch = seen == console::Seen::ByThePerson && now - last_seen >= TOUCH_EVERY_SECS;
            let mut flash = None;
            if touch || (take_flash && waiting) {
                let mut conn = self.app.store.pool.acquire().await?;
                if touch {
                    console::touch(&mut conn, &session.hash, now).await?;
                }
                if take_flash && waiting {
                    flash = console::take_flash(&mut conn, &session.hash).await?;
                }
            }
            let once = form_token(&session.csrf, now)?;
            Ok::<_, crate::store::StoreError>(Some((session, flash, once)))
        }
        .await;
        match found {
            Ok(Some((session, flash, once))) => {
                let lang = self.lang(Some(&session.member.locale));
                let roles: Vec<String> = session
                    .member
                    .roles
                    .iter()
                    .map(|r| self.t(lang, r.message_key(), &[]))
                    .collect();
                let viewer = Viewer {
                    name: session.member.name.clone(),
                    roles: roles.join(", "),
                    csrf: session.csrf.clone(),
                    once,
                    desk: !crate::services::review::queue_stages(&session.member).is_empty(),
                    flash: flash.clone().map(|f| Banner::from_stored(&f.kind, f.text)),
                    supervises: may_see(&session.member, Report::Supervision),
                    cases: super::cases::allowed(&session.member),
                    tickets: crate::services::tickets::works_cases(&session.member)
                        || session.member.has(crate::domain::stage::Role::Supervisor),
                    ctvc: may_see(&session.member, Report::CtvcCases),
                    accounts: may_see(&session.member, Report::AccountsCreated),
                    export: may_see(&session.member, Report::RequestsExport),
                    audit: may_see(&session.member, Report::AccessAudit),
                };
                Ok(Signed {
                    session,
                    lang,
                    viewer,
                    draft: flash.and_then(|f| f.draft),
                })
            }
            Ok(None) => Err(self.need_login(lang)),
            Err(e) => Err(self.failure(lang, &e)),
        }
    }

    /// The nonce of the form's one-time token; a token not made for this session is
    /// a CSRF refusal; one older than a token lives sends the member back to `here`
    /// (the page again, fresh) with what happened.
    pub fn form_nonce<'a>(
        &self,
        signed: &Signed,
        once: &'a str,
        here: &str,
    ) -> Result<&'a str, ConsoleError> {
        let now = self.app.clock.unix();
        match form_nonce(&signed.session.csrf, once, now) {
            Token::Fresh(nonce) => Ok(nonce),
            Token::Stale => Err(ConsoleError::Back {
                to: here.to_owned(),
                key: "console-form-stale",
            }),
            Token::Forged => Err(ConsoleError::Csrf),
        }
    }

    /// Spends a form's nonce within the action's transaction: true the first time;
    /// false when it was spent before (a reload, back, a double click), and then the
    /// caller changes nothing.
    pub async fn spend_form(
        &self,
        conn: &mut crate::store::Conn,
        signed: &Signed,
        nonce: &str,
    ) -> Result<bool, crate::store::StoreError> {
        let now = self.app.clock.unix();
        console::spend_form(conn, &signed.session.hash, nonce, now).await
    }

    /// Post/Redirect/Get: leaves `banner` for the session's next page and sends the
    /// browser there with a 303, so a reload shows the result and repeats nothing.
    pub async fn redirect(
        &self,
        signed: &Signed,
        to: &str,
        banner: Banner,
    ) -> Result<Response, ConsoleError> {
        self.redirect_with(signed, to, banner, None).await
    }

    /// Post/Redirect/Get for an input error: back to the form's page with what to
    /// fix, and what the member typed put back in its boxes (`draft`, the page's
    /// form as JSON), so a reload resubmits nothing and nothing typed is lost.
    pub async fn back<T: serde::Serialize>(
        &self,
        signed: &Signed,
        to: &str,
        banner: Banner,
        draft: &T,
    ) -> Result<Response, ConsoleError> {
        let draft = serde_json::to_string(draft).map_err(crate::store::StoreError::from)?;
        self.redirect_with(signed, to, banner, Some(draft)).await
    }

    async fn redirect_with(
        &self,
        signed: &Signed,
        to: &str,
        banner: Banner,
        draft: Option<String>,
    ) -> Result<Response, ConsoleError> {
        let mut conn = self.app.store.pool.acquire().await?;
        let flash = console::Flash {
            kind: banner.kind.to_owned(),
            text: banner.text,
            draft,
        };
        console::set_flash(&mut conn, &signed.session.hash, &flash).await?;
        Ok(see_other(to))
    }

    /// [`Console::already_sent`] once the transaction that found the form's token spent
    /// is let go: on SQLite the answer's banner needs the one write connection it holds.
    pub async fn already_sent_after<T>(
        &self,
        tx: T,
        signed: &Signed,
        to: &str,
    ) -> Result<Response, ConsoleError> {
        drop(tx);
        self.already_sent(signed, to).await
    }

    /// The answer to a form whose token was spent before: nothing changed, and the
    /// page it came from says so.
    pub async fn already_sent(&self, signed: &Signed, to: &str) -> Result<Response, ConsoleError> {
        let text = self.t(signed.lang, "console-form-spent", &[]);
        self.redirect(signed, to, Banner::problem(text)).await
    }

    fn need_login(&self, lang: &'static str) -> Response {
        let mut page = self.notice(
            StatusCode::UNAUTHORIZED,
            lang,
            None,
            "console-need-login-heading",
            self.t(lang, "console-need-login", &[]),
        );
        page.headers_mut()
            .insert(header::SET_COOKIE, self.session_cookie(None));
        page
    }

    /// The cookie that carries a session id (None: the one that removes it).
    fn session_cookie(&self, id: Option<&str>) -> HeaderValue {
        let secure = self
            .app
            .settings
            .http
            .public_base()
            .is_some_and(|u| u.starts_with("https://"));
        let value = match id {
            Some(id) => format!("{SESSION_COOKIE}={id}; Path=/console; HttpOnly; SameSite=Strict"),
            None => {
                format!("{SESSION_COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0")
            }
        };
        let value = if secure {
            format!("{value}; Secure")
        } else {
            value
        };
        HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
    }
}

/// Every console page but the login's takes a live session: a handler asking for
/// `Signed` gets one, or the visitor gets the page that says how to log in.
impl axum::extract::FromRequestParts<Console> for Signed {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        c: &Console,
    ) -> Result<Self, Self::Rejection> {
        // A page opened takes the message an action left for it.
        let take_flash = parts.method == axum::http::Method::GET;
        c.signed(
            &parts.headers,
            parts.uri.query(),
            console::Seen::ByThePerson,
            take_flash,
        )
        .await
    }
}

/// A session used by a page's script (polling for news): the same checks, but it
/// does not count as the person being there (see `console::Seen`).
pub struct Polled(pub Signed);

impl axum::extract::FromRequestParts<Console> for Polled {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        c: &Console,
    ) -> Result<Self, Self::Rejection> {
        c.signed(
            &parts.headers,
            parts.uri.query(),
            console::Seen::ByAScript,
            false,
        )
        .await
        .map(Polled)
    }
}

/// Whether a form carries the session's CSRF token (compared in constant time).
pub fn csrf_ok(signed: &Signed, given: &str) -> bool {
    !given.is_empty() && bool::from(given.as_bytes().ct_eq(signed.session.csrf.as_bytes()))
}

/// A 303 to `to`, never cached.
pub fn see_other(to: &str) -> Response {
    let mut response = Redirect::to(to).into_response();
    no_store(response.headers_mut());
    response
}

type FormMac = Hmac<Sha256>;

/// A fresh one-time form token for a page: a random nonce, when it was made, and
/// their HMAC under the session's CSRF secret (`nonce.issued.mac`), so only this
/// session's pages can make one and it lives `console::FORM_TOKEN_SECS`; nothing is
/// stored until it is spent.
fn form_token(csrf: &str, now: i64) -> Result<String, crate::store::StoreError> {
    let secret = console::new_secret()?;
    let nonce = format!("{}.{now}", &secret[..32]);
    // HMAC takes a key of any length; were it ever refused, the empty MAC would
    // match no form and every action would be refused as CSRF (never accepted).
    let mac = form_mac(csrf, &nonce).unwrap_or_default();
    Ok(format!("{nonce}.{mac}"))
}

/// What a form's one-time token is.
#[derive(Debug, PartialEq, Eq)]
enum Token<'a> {
    /// Made for this session and still alive: its nonce (with its time).
    Fresh(&'a str),
    /// Made for this session, longer ago than a token lives.
    Stale,
    /// Not made for this session (or no token).
    Forged,
}

fn form_mac(csrf: &str, nonce: &str) -> Option<String> {
    let mut mac = <FormMac as Mac>::new_from_slice(csrf.as_bytes()).ok()?;
    mac.update(nonce.as_bytes());
    Some(hex::encode(mac.finalize().into_bytes()))
}

/// Reads a form token: made for this session (its MAC checked in constant time) and
/// how old.
fn form_nonce<'a>(csrf: &str, token: &'a str, now: i64) -> Token<'a> {
    let Some((nonce, mac)) = token.rsplit_once('.') else {
        return Token::Forged;
    };
    let Some(expected) = form_mac(csrf, nonce) else {
        return Token::Forged;
    };
    let genuine = !nonce.is_empty()
        && !mac.is_empty()
        && bool::from(mac.as_bytes().ct_eq(expected.as_bytes()));
    let issued = nonce
        .split_once('.')
        .and_then(|(_, at)| at.parse::<i64>().ok());
    match issued {
        Some(at) if genuine && now - at <= console::FORM_TOKEN_SECS => Token::Fresh(nonce),
        Some(_) if genuine => Token::Stale,
        _ => Token::Forged,
    }
}

/// The `lang` parameter of a query string (a language code: nothing to decode).
fn lang_in_query(query: &str) -> Option<&str> {
    query.split('&').find_map(|pair| pair.strip_prefix("lang="))
}

/// A cookie's value from the request's `Cookie` headers.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| *k == name && !v.is_empty())
        .map(|(_, v)| v.to_owned())
}

/// `GET /console/login#token=…`: a button that spends the token; nothing is spent
/// by opening the link. The token is after `#`, so it never reaches this server (nor
/// a proxy's log): the page's script hands it to the form. A token in the query (a
/// link from before, or one copied from a log) is never used.
pub async fn login_page(
    State(c): State<Console>,
    headers: HeaderMap,
    Query(form): Query<TokenForm>,
) -> Response {
    let lang = c.visitor_lang(&headers, form.lang.as_deref());
    c.page(StatusCode::OK, lang, "login.html", None, context! {})
}

/// `POST /console/login`: spends the token once and opens a session; a link spent
/// before (or expired) is the page that says to ask for a new one.
pub async fn login(
    State(c): State<Console>,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Result<Response, ConsoleError> {
    let lang = c.visitor_lang(&headers, form.lang.as_deref());
    let now = c.app.clock.unix();
    let mut tx = c.app.store.begin().await?;
    let staff_id = console::redeem_login(&mut tx, &form.token, now).await?;
    let member = match staff_id {
        Some(id) => crate::store::staff::get(&mut tx, id).await?.map(|_| id),
        None => None,
    };
    let Some(staff_id) = member else {
        // A spent token stays spent (a member removed since cannot use it later).
        tx.commit().await?;
        return Err(ConsoleError::LinkSpent { lang });
    };
    let session = console::new_secret()?;
    let csrf = console::new_secret()?;
    console::create_session(&mut tx, &session, staff_id, &csrf, now).await?;
    tx.commit().await?;
    let mut response = see_other("/console/");
    response
        .headers_mut()
        .insert(header::SET_COOKIE, c.session_cookie(Some(&session)));
    Ok(response)
}

/// `POST /console/logout`: ends the session here and on every replica, and sends
/// the browser to the page that says so (Post/Redirect/Get). A logout without the
/// page's tokens (CSRF and one-time) is refused: another site cannot log a member out.
pub async fn logout(
    State(c): State<Console>,
    signed: Signed,
    headers: HeaderMap,
    Form(form): Form<LogoutForm>,
) -> Result<Response, ConsoleError> {
    if !csrf_ok(&signed, &form.csrf) {
        return Err(ConsoleError::Csrf);
    }
    let nonce = c.form_nonce(&signed, &form.once, "/console/")?;
    let mut tx = c.app.store.begin().await?;
    c.spend_form(&mut tx, &signed, nonce).await?;
    let id = cookie(&headers, SESSION_COOKIE).unwrap_or_default();
    console::end_session(&mut tx, &id).await?;
    tx.commit().await.map_err(crate::store::StoreError::from)?;
    let mut response = see_other(&format!("{LOGGED_OUT}?lang={}", signed.lang));
    response
        .headers_mut()
        .insert(header::SET_COOKIE, c.session_cookie(None));
    Ok(response)
}

/// Where a logout sends the browser.
pub const LOGGED_OUT: &str = "/console/logged-out";

/// `GET /console/logged-out`: the page after a logout, in the language the member
/// used (no session is left to ask).
pub async fn logged_out(
    State(c): State<Console>,
    headers: HeaderMap,
    Query(q): Query<TokenForm>,
) -> Response {
    let lang = c.visitor_lang(&headers, q.lang.as_deref());
    c.notice(
        StatusCode::OK,
        lang,
        None,
        "console-logged-out-heading",
        c.t(lang, "console-logged-out", &[]),
    )
}
