//! The HTTP server: health, metrics, the platform webhooks, the Telegram Mini App
//! and the staff console (docs/ARCHITECTURE.md, front doors).

pub mod console;
pub mod webapp;

use axum::Router;
use axum::body::Bytes;
use std::collections::HashMap;

use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use subtle::ConstantTimeEq;
use teloxide::types::Update;

use crate::app::App;
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
        .with_state(app.clone())
        .merge(webapp::router(app.clone()))
        .merge(console::router(app))
}

async fn healthz(State(app): State<App>) -> impl IntoResponse {
    match sqlx::query("SELECT 1").execute(&app.store.pool).await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

/// The in-process counters plus the shared state read from the database now; when
/// the database cannot be read the counters are still served (and the error logged).
async fn metrics(State(app): State<App>) -> impl IntoResponse {
    let now = app.clock.now();
    let today = crate::domain::calendar::lima_date(now);
    let read = async {
        let mut conn = app.store.pool.acquire().await?;
        crate::store::ops::snapshot(&mut conn, now.timestamp(), crate::clock::wall_now(), today)
            .await
    };
    match read.await {
        Ok(snapshot) => app.metrics.set_snapshot(&snapshot),
        Err(e) => tracing::warn!(error = %e, "metrics: could not read the database"),
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        app.metrics.render(),
    )
}

/// Telegram webhook mode: the secret header is checked before anything is parsed;
/// the update is stored before Telegram gets its 200, and a redelivery is a no-op.
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
    let update: Update = match serde_json::from_slice(&body) {
        Ok(u) => u,
        Err(_) => return StatusCode::BAD_REQUEST,
    };
    match app.ingest_telegram(&update).await {
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
/// is parsed; every message and status it carries is stored before Meta gets its 200
/// (a failure answers 503 so Meta retries; what was stored is deduplicated).
async fn whatsapp_webhook(State(app): State<App>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let Some(secret) = app.settings.secrets.whatsapp_app_secret.as_deref() else {
        return StatusCode::NOT_FOUND;
    };
    let signature = headers.get("x-hub-signature-256").map(|v| v.as_bytes());
    if !signature_valid(secret.as_bytes(), &body, signature) {
        return StatusCode::UNAUTHORIZED;
    }
    let ours = app.settings.secrets.whatsapp_phone_number_id.as_deref();
    let split = match split_notification(&body, ours) {
        Ok(s) => s,
        Err(_) => return StatusCode::BAD_REQUEST,
    };
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
