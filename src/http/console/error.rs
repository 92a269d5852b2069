//! The console's one error type (as realworld-axum-sqlx's `http/error.rs`): handlers
//! return `Result<Response, ConsoleError>` and use `?`. An error answers with its
//! status and marks the answer with the page to show; the console's error layer
//! (`render`) draws that page in the member's language, with a way back. Failures on
//! our side are logged with their cause and never shown.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::views::Console;
use crate::http::limit::Unread;
use crate::i18n::Arg;
use crate::store::StoreError;
use crate::store::console::{Flash, Seen, set_flash};

#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    /// Nothing here: the Fluent key says what was not found.
    #[error("not found ({0})")]
    NotFound(&'static str),
    /// The access policy says no: the Fluent key says why.
    #[error("refused ({0})")]
    Refused(&'static str),
    /// A form without its session's token (CSRF).
    #[error("form without its session's token")]
    Csrf,
    /// The address exists, not for this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// A form the console cannot take as sent (an old page, a choice no longer on
    /// offer): back to `to` with the message `key` (Post/Redirect/Get), nothing done.
    #[error("back to {to} ({key})")]
    Back { to: String, key: &'static str },
    /// A form whose body weighs more than the console takes (`limit_mb`): answered
    /// 413 with a page that says so, after the body was read and thrown away
    /// (`drained`) or, when it was not, closing the connection (`http::limit`).
    #[error("form over {limit_mb} MB")]
    TooLarge { limit_mb: usize, drained: bool },
    /// An address the console cannot answer as asked (a month that is no month):
    /// 400, the page `heading` with the message `key` and its arguments.
    #[error("bad request ({key})")]
    BadRequest {
        heading: &'static str,
        key: &'static str,
        args: Vec<(&'static str, Arg)>,
    },
    /// A login link already used or expired: 410, in the language the visitor
    /// chose on the login page (no session says it yet).
    #[error("login link spent")]
    LinkSpent { lang: &'static str },
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else failed on our side (a document that did not render): logged,
    /// never shown.
    #[error("{0}")]
    Failed(String),
}

/// The message a `Back` answer leaves for the page it sends the browser to.
#[derive(Debug, Clone, Copy)]
struct BackTo(&'static str);

/// The page an error answer shows: its heading and text (Fluent keys), the text's
/// arguments, and the language to show it in when no session says it.
#[derive(Debug, Clone)]
struct ErrorPage {
    heading: &'static str,
    text: &'static str,
    args: Vec<(&'static str, Arg)>,
    lang: Option<&'static str>,
}

impl ConsoleError {
    fn status(&self) -> StatusCode {
        match self {
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Refused(_) | Self::Csrf => StatusCode::FORBIDDEN,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Back { .. } => StatusCode::SEE_OTHER,
            Self::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::LinkSpent { .. } => StatusCode::GONE,
            Self::Store(_) | Self::Failed(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn page(&self) -> ErrorPage {
        let (heading, text) = match self {
            Self::NotFound(key) => ("console-not-found-heading", *key),
            Self::Refused(key) => ("console-refused-heading", *key),
            Self::Csrf => ("console-csrf-heading", "console-csrf"),
            Self::MethodNotAllowed => ("console-method-heading", "console-method"),
            Self::TooLarge { .. } => ("console-too-large-heading", "ticket-file-too-large"),
            Self::BadRequest { heading, key, .. } => (*heading, *key),
            Self::LinkSpent { .. } => ("console-link-spent-heading", "console-link-spent"),
            Self::Store(_) | Self::Failed(_) | Self::Back { .. } => {
                ("console-error-heading", "console-error")
            }
        };
        let args = match self {
            Self::TooLarge { limit_mb, .. } => vec![("limit", Arg::from(*limit_mb))],
            Self::BadRequest { args, .. } => args.clone(),
            _ => vec![],
        };
        let lang = match self {
            Self::LinkSpent { lang } => Some(*lang),
            _ => None,
        };
        ErrorPage {
            heading,
            text,
            args,
            lang,
        }
    }
}

impl IntoResponse for ConsoleError {
    fn into_response(self) -> Response {
        if let Self::Store(_) | Self::Failed(_) = &self {
            // The cause stays in the log (no personal data: store errors carry none).
            tracing::error!(error = %self, "console request failed");
        }
        if let Self::Back { to, key } = self {
            // The error layer leaves the message in the session (it knows the
            // member's language) before the browser follows.
            let mut response = super::auth::see_other(&to);
            response.extensions_mut().insert(BackTo(key));
            return response;
        }
        let mut response = self.status().into_response();
        response.extensions_mut().insert(self.page());
        if let Self::TooLarge { drained, .. } = self {
            crate::http::limit::close_after(&mut response, Unread::TooLarge { drained });
        }
        response
    }
}

/// The console's fallback: an unknown address under `/console/`.
pub async fn not_found() -> ConsoleError {
    ConsoleError::NotFound("console-page-not-found")
}

/// A known address asked with a method it does not answer (a GET of a form's target).
pub async fn method_not_allowed() -> ConsoleError {
    ConsoleError::MethodNotAllowed
}

/// The layer that draws an error answer's page: in the member's language when a
/// session is live (with the header and the way back to their home), else in the
/// visitor's.
pub async fn render(State(c): State<Console>, request: Request, next: Next) -> Response {
    let headers: HeaderMap = request.headers().clone();
    let query = request.uri().query().map(str::to_owned);
    let response = next.run(request).await;
    if let Some(BackTo(key)) = response.extensions().get::<BackTo>().copied() {
        return match c
            .signed(&headers, query.as_deref(), Seen::ByAScript, false)
            .await
        {
            Ok(signed) => {
                let text = c.t(signed.lang, key, &[]);
                let mut conn = match c.app.store.pool.acquire().await {
                    Ok(conn) => conn,
                    Err(e) => return ConsoleError::from(e).into_response(),
                };
                let flash = Flash {
                    kind: "problem".into(),
                    text,
                    draft: None,
                };
                match set_flash(&mut conn, &signed.session.hash, &flash).await {
                    Ok(()) => response,
                    Err(e) => ConsoleError::from(e).into_response(),
                }
            }
            Err(login) => login,
        };
    }
    let Some(page) = response.extensions().get::<ErrorPage>().cloned() else {
        return response;
    };
    let status = response.status();
    let signed = c
        .signed(&headers, query.as_deref(), Seen::ByAScript, false)
        .await
        .ok();
    let lang = match (&signed, page.lang) {
        (Some(s), _) => s.lang,
        (None, Some(lang)) => lang,
        (None, None) => c.visitor_lang(&headers, None),
    };
    let text = c.t(lang, page.text, &page.args);
    let close = response.headers().get(header::CONNECTION).cloned();
    let mut drawn = c.notice(
        status,
        lang,
        signed.as_ref().map(|s| &s.viewer),
        page.heading,
        text,
    );
    // A body not read to its end: the connection closes after the page.
    if let Some(close) = close {
        drawn.headers_mut().insert(header::CONNECTION, close);
    }
    drawn
}

impl From<sqlx::Error> for ConsoleError {
    fn from(e: sqlx::Error) -> Self {
        Self::Store(e.into())
    }
}
