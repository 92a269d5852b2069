//! The console's one error type (as realworld-axum-sqlx's `http/error.rs`): handlers
//! return `Result<Response, ConsoleError>` and use `?`. An error answers with its
//! status and marks the answer with the page to show; the console's error layer
//! (`render`) draws that page in the member's language, with a way back. Failures on
//! our side are logged with their cause and never shown.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::views::Console;
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

/// The page an error answer shows: its heading and text (Fluent keys).
#[derive(Debug, Clone, Copy)]
struct ErrorPage {
    heading: &'static str,
    text: &'static str,
}

impl ConsoleError {
    fn status(&self) -> StatusCode {
        match self {
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Refused(_) | Self::Csrf => StatusCode::FORBIDDEN,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Back { .. } => StatusCode::SEE_OTHER,
            Self::Store(_) | Self::Failed(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn page(&self) -> ErrorPage {
        let (heading, text) = match self {
            Self::NotFound(key) => ("console-not-found-heading", *key),
            Self::Refused(key) => ("console-refused-heading", *key),
            Self::Csrf => ("console-csrf-heading", "console-csrf"),
            Self::MethodNotAllowed => ("console-method-heading", "console-method"),
            Self::Store(_) | Self::Failed(_) | Self::Back { .. } => {
                ("console-error-heading", "console-error")
            }
        };
        ErrorPage { heading, text }
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
    let Some(page) = response.extensions().get::<ErrorPage>().copied() else {
        return response;
    };
    let status = response.status();
    let signed = c
        .signed(&headers, query.as_deref(), Seen::ByAScript, false)
        .await
        .ok();
    let lang = match &signed {
        Some(s) => s.lang,
        None => c.visitor_lang(&headers, None),
    };
    let text = c.t(lang, page.text, &[]);
    c.notice(
        status,
        lang,
        signed.as_ref().map(|s| &s.viewer),
        page.heading,
        text,
    )
}

impl From<sqlx::Error> for ConsoleError {
    fn from(e: sqlx::Error) -> Self {
        Self::Store(e.into())
    }
}
