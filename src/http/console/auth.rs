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

use super::views::{Console, Viewer, no_store};
use crate::store::console::{self, Session};

pub const SESSION_COOKIE: &str = "contigo_console";

#[derive(Debug, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    token: String,
    /// The language the visitor chose on the page before login.
    #[serde(default)]
    lang: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// A session as the pages use it: the member, their language, the header's viewer.
pub struct Signed {
    pub session: Session,
    pub lang: &'static str,
    pub viewer: Viewer,
}

impl Console {
    /// The live session behind the request's cookie, or the page that says how to
    /// log in (and clears a dead cookie).
    pub async fn signed(
        &self,
        headers: &HeaderMap,
        query: Option<&str>,
        seen: console::Seen,
    ) -> Result<Signed, Response> {
        let lang = self.visitor_lang(headers, query.and_then(lang_in_query));
        let Some(id) = cookie(headers, SESSION_COOKIE) else {
            return Err(self.need_login(lang));
        };
        let idle = self.app.settings.http.console_idle_minutes * 60;
        let found = async {
            let mut conn = self.app.store.pool.acquire().await?;
            console::session(&mut conn, &id, self.app.clock.unix(), idle, seen).await
        }
        .await;
        match found {
            Ok(Some(session)) => {
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
                    supervises: crate::domain::policy::decide(
                        crate::domain::policy::Who::Staff {
                            id: session.member.id,
                            roles: &session.member.roles,
                        },
                        crate::domain::policy::Act::SeePersonalData,
                        crate::domain::policy::Record::Report(
                            crate::domain::policy::Report::Supervision,
                        ),
                    )
                    .allowed(),
                    tickets: session.member.has(crate::domain::stage::Role::Especialista)
                        || session.member.has(crate::domain::stage::Role::Supervisor),
                    ctvc: crate::domain::policy::decide(
                        crate::domain::policy::Who::Staff {
                            id: session.member.id,
                            roles: &session.member.roles,
                        },
                        crate::domain::policy::Act::SeePersonalData,
                        crate::domain::policy::Record::Report(
                            crate::domain::policy::Report::CtvcCases,
                        ),
                    )
                    .allowed(),
                    accounts: crate::domain::policy::decide(
                        crate::domain::policy::Who::Staff {
                            id: session.member.id,
                            roles: &session.member.roles,
                        },
                        crate::domain::policy::Act::SeePersonalData,
                        crate::domain::policy::Record::Report(
                            crate::domain::policy::Report::AccountsCreated,
                        ),
                    )
                    .allowed(),
                    export: crate::domain::policy::decide(
                        crate::domain::policy::Who::Staff {
                            id: session.member.id,
                            roles: &session.member.roles,
                        },
                        crate::domain::policy::Act::SeePersonalData,
                        crate::domain::policy::Record::Report(
                            crate::domain::policy::Report::RequestsExport,
                        ),
                    )
                    .allowed(),
                    audit: crate::domain::policy::decide(
                        crate::domain::policy::Who::Staff {
                            id: session.member.id,
                            roles: &session.member.roles,
                        },
                        crate::domain::policy::Act::SeePersonalData,
                        crate::domain::policy::Record::Report(
                            crate::domain::policy::Report::AccessAudit,
                        ),
                    )
                    .allowed(),
                };
                Ok(Signed {
                    session,
                    lang,
                    viewer,
                })
            }
            Ok(None) => Err(self.need_login(lang)),
            Err(e) => Err(self.failure(lang, &e)),
        }
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

    /// The page for a form without its session's CSRF token.
    pub fn csrf_refused(&self, signed: &Signed) -> Response {
        self.notice(
            StatusCode::FORBIDDEN,
            signed.lang,
            Some(&signed.viewer),
            "console-csrf-heading",
            self.t(signed.lang, "console-csrf", &[]),
        )
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

    fn link_spent(&self, lang: &'static str) -> Response {
        self.notice(
            StatusCode::GONE,
            lang,
            None,
            "console-link-spent-heading",
            self.t(lang, "console-link-spent", &[]),
        )
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
        c.signed(
            &parts.headers,
            parts.uri.query(),
            console::Seen::ByThePerson,
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
        c.signed(&parts.headers, parts.uri.query(), console::Seen::ByAScript)
            .await
            .map(Polled)
    }
}

/// Whether a form carries the session's CSRF token (compared in constant time).
pub fn csrf_ok(signed: &Signed, given: &str) -> bool {
    !given.is_empty() && bool::from(given.as_bytes().ct_eq(signed.session.csrf.as_bytes()))
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

/// `POST /console/login`: spends the token once and opens a session.
pub async fn login(
    State(c): State<Console>,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    let lang = c.visitor_lang(&headers, form.lang.as_deref());
    let opened = async {
        let now = c.app.clock.unix();
        let mut tx = c.app.store.begin().await?;
        let Some(staff_id) = console::redeem_login(&mut tx, &form.token, now).await? else {
            return Ok(None);
        };
        if crate::store::staff::get(&mut tx, staff_id).await?.is_none() {
            tx.commit().await?;
            return Ok(None);
        }
        let session = console::new_secret()?;
        let csrf = console::new_secret()?;
        console::create_session(&mut tx, &session, staff_id, &csrf, now).await?;
        tx.commit().await?;
        Ok::<_, crate::store::StoreError>(Some(session))
    }
    .await;
    match opened {
        Ok(Some(session)) => {
            let mut response = (StatusCode::SEE_OTHER, "").into_response();
            let headers = response.headers_mut();
            headers.insert(header::LOCATION, HeaderValue::from_static("/console/"));
            headers.insert(header::SET_COOKIE, c.session_cookie(Some(&session)));
            no_store(headers);
            response
        }
        Ok(None) => c.link_spent(lang),
        Err(e) => c.failure(lang, &e),
    }
}

/// `POST /console/logout`: ends the session here and on every replica.
pub async fn logout(
    State(c): State<Console>,
    signed: Signed,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    if !csrf_ok(&signed, &form.csrf) {
        return c.csrf_refused(&signed);
    }
    let ended = async {
        let mut conn = c.app.store.pool.acquire().await?;
        let id = cookie(&headers, SESSION_COOKIE).unwrap_or_default();
        console::end_session(&mut conn, &id).await
    }
    .await;
    if let Err(e) = ended {
        return c.failure(signed.lang, &e);
    }
    let mut page = c.notice(
        StatusCode::OK,
        signed.lang,
        None,
        "console-logged-out-heading",
        c.t(signed.lang, "console-logged-out", &[]),
    );
    page.headers_mut()
        .insert(header::SET_COOKIE, c.session_cookie(None));
    page
}
