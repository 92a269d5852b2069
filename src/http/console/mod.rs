//! The staff console in the browser (docs/ARCHITECTURE.md, front doors): the review desk of the chat, at a
//! desk. Server-rendered HTML (minijinja templates, text from Fluent), usable without
//! JavaScript (one small script only fetches a ticket's new messages).
//!
//! - `auth`: the one-time login link a staff chat gets with `/consola`, sessions in the
//!   database (any replica serves them), logout, idle expiry, CSRF tokens.
//! - `desk`: the requests of the member's stages, one request with every field, the
//!   JNE check, the signed documents inline and the history, and the stage's actions
//!   through the same workflow service as the chat (events → notify → outbox).
//!
//! What a member may see or do is the access policy's answer (`domain::policy`), and
//! every read of personal data lands in the same record as the chat's.
//! - `tickets`: the specialists' inbox, a ticket's conversation and its acts, through
//!   the chat's ticket service.
//! - `ctvc`: the transparency committees' cases, registered and answered by UAC,
//!   and the oficio's matrix to download.
//! - `supervisor`: counts by stage, overdue items, time in stage against its term.
//! - `coverage`: districts of intervention with and without an access, invitations.
//! - `cases`: UOT's queue of the allies' alerts and FADs, resolved through the
//!   chat's service.

mod accounts;
mod audit;
mod auth;
mod cases;
mod coverage;
mod ctvc;
mod desk;
mod error;
mod export;
mod home;
mod supervisor;
mod tickets;
mod views;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::app::App;

pub use auth::SESSION_COOKIE;

/// An unknown address: the console's styled page under `/console/`, a bare 404
/// elsewhere (the webhooks and the Mini App are no pages for people).
async fn fallback(uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    if uri.path().starts_with("/console") {
        error::not_found().await.into_response()
    } else {
        axum::http::StatusCode::NOT_FOUND.into_response()
    }
}

/// The console's routes, under `/console/`.
pub fn router(app: App) -> Router {
    let state = views::Console::new(app);
    Router::new()
        .route("/console/login", get(auth::login_page).post(auth::login))
        .route("/console/logout", post(auth::logout))
        .route(auth::LOGGED_OUT, get(auth::logged_out))
        .route("/console/", get(home::home))
        .route("/console/desk", get(desk::list))
        .route("/console/requests/{id}", get(desk::request))
        .route("/console/requests/{id}/act", post(desk::act))
        .route("/console/requests/{id}/files/{kind}", get(desk::document))
        .route("/console/tickets", get(tickets::inbox))
        .route("/console/tickets/{id}", get(tickets::ticket))
        .route(
            "/console/tickets/{id}/messages",
            get(tickets::messages_after),
        )
        .route("/console/tickets/{id}/files/{message}", get(tickets::file))
        .route(
            "/console/tickets/{id}/reply",
            post(tickets::reply).layer(DefaultBodyLimit::max(tickets::reply_body_limit(&state))),
        )
        .route("/console/tickets/{id}/{verb}", post(tickets::act))
        .route(cases::LIST, get(cases::list))
        .route("/console/cases/{id}", get(cases::case))
        .route("/console/cases/{id}/resolve", post(cases::resolve))
        .route("/console/ctvc", get(ctvc::list).post(ctvc::register))
        .route("/console/ctvc/matrix", get(ctvc::matrix))
        .route("/console/ctvc/{id}", get(ctvc::case))
        .route("/console/ctvc/{id}/points/{position}", post(ctvc::answer))
        .route("/console/accounts", get(accounts::page))
        .route("/console/accounts/{file}", get(accounts::download))
        .route("/console/audit", get(audit::view))
        .route("/console/export/{file}", get(export::requests))
        .route("/console/coverage", get(coverage::view))
        .route("/console/coverage/{file}", get(coverage::download))
        .route("/console/supervisor", get(supervisor::view))
        .route("/console/supervisor/{file}", get(supervisor::download))
        .route("/console/static/console.css", get(views::stylesheet))
        .route("/console/static/console.js", get(views::script))
        .fallback(fallback)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error::render,
        ))
        .with_state(state)
}
