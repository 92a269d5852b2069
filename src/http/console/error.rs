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
use crate::store::console::Seen;

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
    #[error(transparent)]
    Store(#[from] StoreError),
}

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
            Self::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn page(&self) -> ErrorPage {
        let (heading, text) = match self {
            Self::NotFound(key) => ("console-not-found-heading", *key),
            Self::Refused(key) => ("console-refused-heading", *key),
            Self::Csrf => ("console-csrf-heading", "console-csrf"),
            Self::MethodNotAllowed => ("console-method-heading", "console-method"),
            Self::Store(_) => ("console-error-heading", "console-error"),
        };
        ErrorPage { heading, text }
    }
}

impl IntoResponse for ConsoleError {
    fn into_response(self) -> Response {
        if let Self::Store(e) = &self {
            // The cause stays in the log (no personal data: store errors carry none).
            tracing::error!(error = %e, "console request failed");
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
