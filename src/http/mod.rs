//! The HTTP server: health, metrics, the platform webhooks, the Telegram Mini App
//! and the staff console (docs/ARCHITECTURE.md, front doors).

pub mod console;
pub mod limit;
pub mod webapp;

use axum::Router;
use axum::body::Bytes;
use std::collections::HashMap;

use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use subtle::ConstantTimeEq;

use crate::app::App;
use crate::channels::telegram::parse_update;
use crate::channels::whatsapp::{signature_valid, split_notification};
use crate::message::Channel;

pub fn router(app: App) -> Router {
    let limit = app.settings.http.max_body_bytes;
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/webhooks/telegram", post(telegram_webhook))
        .route(
            "/webhooks/whatsapp",
            get(whatsapp_verify).post(whatsapp_webhook),
        )
        .layer(DefaultBodyLimit::max(limit))
        // Over the limit: a 413 the sender reads, not a reset connection.
        .layer(axum::middleware::from_fn_with_state(limit, limit::bounded))
        .with_state(app.clone())
        .merge(webapp::router(app.clone()))
        .merge(console::router(app.clone()))
        .layer(axum::middleware::from_fn_with_state(app, readable_refusals))
}

/// A request the framework refused before any handler ran (a path id that is not
/// a number, a body that is not the JSON or form expected) answers in the
/// visitor's language, never with the parser's message and our type names
/// (`Cannot parse "abc" to a "i64"`): JSON for the Mini App's calls, a page for a
/// browser, plain text otherwise.
async fn readable_refusals(
    State(app): State<App>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = request.uri().path().to_owned();
    let accepted = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let response = next.run(request).await;
    let status = response.status();
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/plain"));
    let refused = matches!(
        status,
        StatusCode::BAD_REQUEST
            | StatusCode::UNPROCESSABLE_ENTITY
            | StatusCode::UNSUPPORTED_MEDIA_TYPE
            | StatusCode::PAYLOAD_TOO_LARGE
            | StatusCode::METHOD_NOT_ALLOWED
    );
    if !plain || !refused {
        return response;
    }
    // A body given up on closes the connection after the answer (see `limit`).
    let close = response.headers().get(header::CONNECTION).cloned();
    let mut answer = refusal_page(&app, &path, &accepted, status);
    if let Some(close) = close {
        answer.headers_mut().insert(header::CONNECTION, close);
    }
    answer
}

/// The refusal's answer in the visitor's language: JSON for the Mini App, a page
/// for the console, plain text otherwise.
fn refusal_page(
    app: &App,
    path: &str,
    accepted: &str,
    status: StatusCode,
) -> axum::response::Response {
    let locales = &app.engine.locales;
    let lang = locales.pick_accepted(accepted);
    let (heading, text) = (
        locales.t(lang, "http-refused-heading"),
        locales.t(lang, "http-refused"),
    );
    if path.starts_with("/webapp/") {
        (status, axum::Json(serde_json::json!({ "message": text }))).into_response()
    } else if path.starts_with("/console") {
        let page = format!(
            "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{heading}</title><link rel=\"stylesheet\" href=\"/console/static/console.css\">\
             </head><body><main><h1>{heading}</h1><p>{text}</p>\
             <p><a href=\"/console/\">{}</a></p></main></body></html>\n",
            locales.t(lang, "http-refused-back")
        );
        (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response()
    } else {
        (status, text).into_response()
    }
}

async fn healthz(State(app): State<App>) -> impl IntoResponse {
    match sqlx::query("SELECT 1").execute(&app.store.read).await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

/// The in-process counters plus the shared state read from the database now; when
/// the database cannot be read the counters are still served (and the error logged).
///
/// The format is negotiated: OpenMetrics to a scraper that asks for it (Prometheus
/// does, in its `Accept`), else the Prometheus text format 0.0.4 that `promtool
/// check metrics`, `curl` and older scrapers read.
async fn metrics(State(app): State<App>, headers: HeaderMap) -> impl IntoResponse {
    let now = app.clock.now();
    let today = crate::domain::calendar::lima_date(now);
    let channels = app.settings.configured_channels();
    let read = async {
        let mut conn = app.store.read.acquire().await?;
        crate::store::ops::snapshot(
            &mut conn,
            now.timestamp(),
            crate::clock::wall_now(),
            today,
            &app.engine.calendar,
            &channels,
        )
        .await
    };
    match read.await {
        Ok(snapshot) => app.metrics.set_snapshot(&snapshot),
        Err(e) => tracing::warn!(error = %e, "metrics: could not read the database"),
    }
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if crate::metrics::wants_openmetrics(accept) {
        (
            [(
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            app.metrics.render(),
        )
    } else {
        (
            [(
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            )],
            crate::metrics::prometheus_text(&app.metrics.render()),
        )
    }
}

/// Telegram webhook mode: the secret header is checked before anything is parsed;
/// the body is parsed into our lean typed update (`message::telegram`) at the door,
/// then stored before Telegram gets its 200 (the parsed update handed to its turn,
/// which does not parse it again), and a redelivery is a no-op. A body that does not
/// parse is stored as rejected and answered 200 too: Telegram would only send it
/// again.
async fn telegram_webhook(State(app): State<App>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let Some(expected) = app.settings.secrets.telegram_webhook_secret.as_deref() else {
        return StatusCode::NOT_FOUND;
    };
    let given = headers
        .get("x-telegram-bot-api-secret-token")
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !bool::from(given.ct_eq(expected.as_bytes())) {
        return StatusCode::UNAUTHORIZED;
    }
    let stored = match parse_update(&body) {
        // Stored as received; the parsed update goes on to its turn.
        Ok(update) => {
            app.ingest_telegram(update, std::str::from_utf8(&body).ok())
                .await
        }
        Err(refusal) => app.refuse(Channel::Telegram, &refusal).await,
    };
    match stored {
        Ok(_) => StatusCode::OK,
        Err(e) => {
            tracing::error!(error = %e, "could not store telegram update");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

/// Meta's verification handshake: echo `hub.challenge` when `hub.mode=subscribe` and
/// `hub.verify_token` is ours.
async fn whatsapp_verify(
    State(app): State<App>,
    Query(params): Query<HashMap<String, String>>,
) -> (StatusCode, String) {
    let Some(expected) = app.settings.secrets.whatsapp_verify_token.as_deref() else {
        return (StatusCode::FORBIDDEN, String::new());
    };
    let given = params.get("hub.verify_token").map(String::as_bytes);
    let token_ok = given.is_some_and(|g| bool::from(g.ct_eq(expected.as_bytes())));
    match (params.get("hub.mode").map(String::as_str), token_ok) {
        (Some("subscribe"), true) => (
            StatusCode::OK,
            params.get("hub.challenge").cloned().unwrap_or_default(),
        ),
        _ => (StatusCode::FORBIDDEN, String::new()),
    }
}

/// WhatsApp notifications: the signature is checked on the raw body before anything
/// is parsed; every message is parsed into its typed form at the door; every message
/// and status it carries is stored before Meta gets its 200 (a failure answers 503 so
/// Meta retries; what was stored is deduplicated). What does not parse (the body or
/// one message) is stored as rejected and answered 200, so Meta does not retry it.
async fn whatsapp_webhook(State(app): State<App>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let Some(secret) = app.settings.secrets.whatsapp_app_secret.as_deref() else {
        return StatusCode::NOT_FOUND;
    };
    let signature = headers.get("x-hub-signature-256").map(|v| v.as_bytes());
    if !signature_valid(secret.as_bytes(), &body, signature) {
        return StatusCode::UNAUTHORIZED;
    }
    let ours = app.settings.secrets.whatsapp_phone_number_id.as_deref();
    let split = split_notification(&body, ours);
    for refusal in &split.refused {
        if let Err(e) = app.refuse(Channel::Whatsapp, refusal).await {
            tracing::error!(error = %e, "could not store a refused whatsapp event");
            return StatusCode::SERVICE_UNAVAILABLE;
        }
    }
    for reason in split.ignored {
        app.metrics
            .inbound(Channel::Whatsapp.as_str(), &format!("ignored_{reason}"));
    }
    for event in split.events {
        if let Err(e) = app
            .ingest(
                Channel::Whatsapp,
                &event.external_id,
                &event.chat_id,
                &event.payload,
            )
            .await
        {
            tracing::error!(error = %e, "could not store whatsapp event");
            return StatusCode::SERVICE_UNAVAILABLE;
        }
    }
    StatusCode::OK
}
