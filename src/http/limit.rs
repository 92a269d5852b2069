//! A request body over a route's limit, answered so the client reads the answer.
//!
//! Refusing a body by not reading it (axum's `DefaultBodyLimit` alone) makes hyper
//! close the connection with the rest of the body unread; the kernel then resets
//! it, and a client still sending (a phone uploading on a slow link) sees a reset
//! instead of the page that says why. Here the body is read up to the limit and,
//! past it, read on and thrown away (up to `DRAIN_BYTES` more, while data keeps
//! coming), so the refusal reaches the client on a connection still in order. A
//! body declared too large to drain is not read at all: its answer says
//! `Connection: close` (a client that waits for `100 Continue` never sends it).

use std::pin::Pin;
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// How much past the limit is read and thrown away before giving up on a client.
pub const DRAIN_BYTES: usize = 64 * 1024 * 1024;

/// How long a drain waits for the next piece of the body (a slow phone sends one
/// every few seconds; a client that stopped sending is let go).
const DRAIN_IDLE: Duration = Duration::from_secs(20);

/// Why a body was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unread {
    /// Over the limit: read to its end (`drained`, the connection stays in order)
    /// or given up on (the answer must close it).
    TooLarge { drained: bool },
    /// Cut off by the client (it went away, or sent a broken body).
    Broken,
}

/// Reads a request's body whole if it is at most `max` bytes; past that, drains it
/// (see the module) and says it was too large.
pub async fn read_within(
    headers: &axum::http::HeaderMap,
    body: Body,
    max: usize,
) -> Result<Bytes, Unread> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok());
    if declared.is_some_and(|n| n > max.saturating_add(DRAIN_BYTES)) {
        return Err(Unread::TooLarge { drained: false });
    }
    let mut body = body;
    let mut kept: Vec<u8> = Vec::with_capacity(declared.unwrap_or(0).min(max));
    let mut read = 0usize;
    loop {
        let next = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx));
        let frame = if read > max {
            // Draining: a client that stopped sending is not waited for.
            match tokio::time::timeout(DRAIN_IDLE, next).await {
                Ok(frame) => frame,
                Err(_) => return Err(Unread::TooLarge { drained: false }),
            }
        } else {
            next.await
        };
        let data = match frame {
            None => break,
            Some(Ok(frame)) => match frame.into_data() {
                Ok(data) => data,
                // Trailers: nothing to keep.
                Err(_) => continue,
            },
            // The client went away or sent a broken body.
            Some(Err(_)) if read > max => return Err(Unread::TooLarge { drained: false }),
            Some(Err(_)) => return Err(Unread::Broken),
        };
        read = read.saturating_add(data.len());
        if read <= max {
            kept.extend_from_slice(&data);
        } else {
            kept = Vec::new();
            if read > max.saturating_add(DRAIN_BYTES) {
                return Err(Unread::TooLarge { drained: false });
            }
        }
    }
    if read > max {
        return Err(Unread::TooLarge { drained: true });
    }
    Ok(Bytes::from(kept))
}

/// Marks an answer to a body not read to its end: the connection closes after it.
pub fn close_after(response: &mut Response, unread: Unread) {
    if unread != (Unread::TooLarge { drained: true }) {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
}

/// The layer for routes whose handlers take the body whole (the webhooks): a body
/// over `max` is answered 413 (plain: the server's refusal layer words it) and
/// drained; one within it reaches the handler as read.
pub async fn bounded(State(max): State<usize>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    match read_within(&parts.headers, body, max).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(unread) => {
            let mut response = match unread {
                Unread::TooLarge { .. } => {
                    (StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response()
                }
                Unread::Broken => (StatusCode::BAD_REQUEST, "request body cut off").into_response(),
            };
            close_after(&mut response, unread);
            response
        }
    }
}
