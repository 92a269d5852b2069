//! The HTTP server: health, metrics and the platform webhooks (DESIGN §9).

pub mod metrics;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use subtle::ConstantTimeEq;
use teloxide::types::Update;

use crate::app::App;

pub fn router(app: App) -> Router {
    let limit = app.settings.http.max_body_bytes;
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/webhooks/telegram", post(telegram_webhook))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(app)
}

async fn healthz(State(app): State<App>) -> impl IntoResponse {
    match sqlx::query("SELECT 1").execute(&app.store.pool).await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

async fn metrics(State(app): State<App>) -> impl IntoResponse {
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
