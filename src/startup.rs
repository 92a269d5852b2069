//! Start-up: builds the application from settings (database, migrations, locales,
//! engine) and hands out the shared parts the workers need.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use crate::app::{App, AppError};
use crate::channels::Adapter;
use crate::channels::email::EmailAdapter;
use crate::channels::telegram::{TelegramAdapter, read_polled, register_webhook, run_polling};
use crate::channels::whatsapp::{WhatsappAdapter, WhatsappConfig};
use crate::config::TelegramMode;
use crate::intake::Intake;
use crate::message::Channel;

/// How long `stop` waits for the workers before it gives up on them (SIGTERM to exit).
pub const STOP_DEADLINE: Duration = Duration::from_secs(9);

/// Whether to serve HTTP (webhooks, health, metrics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Http {
    Off,
    /// Fail to start when the port is taken (`serve`).
    Required,
    /// Go on without it when the port is taken (`chat` in a second terminal).
    IfFree,
}

/// The parts to run besides the platforms' workers.
#[derive(Debug, Clone, Copy)]
pub struct Parts {
    pub http: Http,
    pub scheduler: bool,
}

/// The running application: HTTP, each platform's intake and sender, the scheduler.
/// `serve`, `chat` and the tests all start it here, so tests run the real wiring.
pub struct Application {
    pub app: App,
    /// Where HTTP listens (when it does): `http.listen`, or the port picked for `:0`.
    pub http_addr: Option<std::net::SocketAddr>,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Application {
    /// Starts every part the settings enable: Telegram when its token is set, WhatsApp
    /// when its credentials are, HTTP and the scheduler as `parts` say.
    pub async fn start(app: App, parts: Parts) -> Result<Self, AppError> {
        let (stop, shutdown) = watch::channel(false);
        let mut tasks = vec![];
        let mut http_addr = None;
        if parts.http != Http::Off {
            let addr = app.settings.http.listen;
            match tokio::net::TcpListener::bind(addr).await {
                Ok(listener) => {
                    http_addr = listener.local_addr().ok();
                    tracing::info!(addr = ?http_addr, "HTTP server listening");
                    tasks.push(start_http(&app, listener, shutdown.clone()));
                }
                Err(source) if parts.http == Http::Required => {
                    return Err(AppError::Listen { addr, source });
                }
                Err(e) => tracing::warn!(error = %e, "HTTP server not started"),
            }
        }
        tasks.extend(start_telegram(&app, &shutdown)?);
        tasks.extend(start_whatsapp(&app, &shutdown)?);
        tasks.extend(start_email(&app, &shutdown)?);
        if app.settings.stt.enabled() {
            tasks.push(tokio::spawn(
                crate::transcriber::Transcriber::new(app.clone()).run(shutdown.clone()),
            ));
        } else {
            tracing::info!("[stt] command not set: voice notes are not transcribed");
        }
        if parts.scheduler {
            tasks.push(tokio::spawn(app.scheduler().run(shutdown.clone())));
        }
        Ok(Self {
            app,
            http_addr,
            stop,
            tasks,
        })
    }

    /// A shutdown signal for more workers started next to these (e.g. the terminal's).
    pub fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.stop.subscribe()
    }

    /// Stops gracefully: workers finish or give back what they claimed. Whatever has
    /// not stopped by [`STOP_DEADLINE`] is cut off (its claims expire with their lease).
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let mut tasks = self.tasks;
        let all = async {
            for t in tasks.iter_mut() {
                let _ = t.await;
            }
        };
        if tokio::time::timeout(STOP_DEADLINE, all).await.is_err() {
            tracing::warn!("some workers did not stop in time");
            for t in &tasks {
                t.abort();
            }
        }
        // A query cut off above may hold its connection a moment longer: don't wait.
        let _ = tokio::time::timeout(Duration::from_secs(1), self.app.store.close()).await;
    }

    /// Stops every task at once without letting it finish (a crash, for tests).
    pub async fn kill(self) {
        for t in &self.tasks {
            t.abort();
        }
        for t in self.tasks {
            let _ = t.await;
        }
        self.app.store.close().await;
    }
}

fn start_http(
    app: &App,
    listener: tokio::net::TcpListener,
    shutdown: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    let router = crate::http::router(app.clone());
    let mut stop = shutdown;
    tokio::spawn(async move {
        let served = axum::serve(listener, router)
            .with_graceful_shutdown(async move {
                let _ = stop.changed().await;
            })
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "HTTP server stopped");
        }
    })
}

/// Starts Telegram (processor, sender and, in polling mode, the poller).
pub fn start_telegram(
    app: &App,
    shutdown: &watch::Receiver<bool>,
) -> Result<Vec<tokio::task::JoinHandle<()>>, AppError> {
    let Some(token) = app.settings.secrets.telegram_bot_token.clone() else {
        tracing::info!("TELEGRAM_BOT_TOKEN not set: Telegram is off");
        return Ok(vec![]);
    };
    let max_bytes =
        u64::try_from(app.settings.storage.max_upload_mb * 1024 * 1024).unwrap_or(u64::MAX);
    let adapter = Arc::new(
        TelegramAdapter::new(
            &token,
            &app.settings.telegram.api_url,
            app.files.clone(),
            max_bytes,
        )
        .map_err(AppError::Setup)?
        .taking_from(app.telegram_updates.clone()),
    );
    let dyn_adapter: Arc<dyn Adapter> = adapter.clone();
    let mut tasks = vec![
        tokio::spawn(Intake::new(app.clone(), dyn_adapter.clone()).run(shutdown.clone())),
        tokio::spawn(
            app.sender(dyn_adapter, app.telegram_limits())
                .run(shutdown.clone()),
        ),
    ];
    if app.settings.telegram.mode == TelegramMode::Webhook {
        let public_url = app.settings.http.public_url.clone();
        match app.settings.secrets.telegram_webhook_secret.clone() {
            Some(secret) if !public_url.is_empty() => {
                let adapter = adapter.clone();
                tasks.push(tokio::spawn(async move {
                    register_webhook(&adapter, &public_url, &secret).await;
                }));
            }
            // check-config refuses this; settings built in code may still get here.
            _ => tracing::warn!(
                "Telegram webhook not registered: http.public_url or TELEGRAM_WEBHOOK_SECRET is not set"
            ),
        }
    }
    if app.settings.telegram.mode == TelegramMode::Polling {
        let store_first = app.clone();
        tasks.push(tokio::spawn(run_polling(
            adapter,
            app.settings.telegram.poll_timeout_secs,
            move |update| {
                let app = store_first.clone();
                async move {
                    match read_polled(&update) {
                        Ok((body, update)) => app.ingest_telegram(update, Some(&body)).await,
                        Err(refusal) => app.refuse(Channel::Telegram, &refusal).await,
                    }
                }
            },
            shutdown.clone(),
        )));
    }
    Ok(tasks)
}

/// Starts WhatsApp's processor and sender when the Cloud API credentials are set.
/// The webhook itself is served by the HTTP server (it only needs the app secret), so
/// events are stored even while sending is off.
pub fn start_whatsapp(
    app: &App,
    shutdown: &watch::Receiver<bool>,
) -> Result<Vec<tokio::task::JoinHandle<()>>, AppError> {
    let secrets = &app.settings.secrets;
    let (Some(token), Some(phone_number_id)) = (
        secrets.whatsapp_access_token.clone(),
        secrets.whatsapp_phone_number_id.clone(),
    ) else {
        tracing::info!(
            "WHATSAPP_ACCESS_TOKEN or WHATSAPP_PHONE_NUMBER_ID not set: WhatsApp is off"
        );
        return Ok(vec![]);
    };
    if secrets.whatsapp_app_secret.is_none() {
        tracing::warn!("WHATSAPP_APP_SECRET not set: the WhatsApp webhook refuses every event");
    }
    let settings = &app.settings.whatsapp;
    let config = WhatsappConfig {
        graph_url: settings.graph_url.clone(),
        api_version: settings.api_version.clone(),
        access_token: token,
        phone_number_id,
        max_bytes: u64::try_from(app.settings.storage.max_upload_mb * 1024 * 1024)
            .unwrap_or(u64::MAX),
        templates: settings.templates.clone(),
        flows: settings.flows.clone(),
    };
    let adapter: Arc<dyn Adapter> = Arc::new(
        WhatsappAdapter::new(
            config,
            app.files.clone(),
            app.store.clone(),
            app.engine.locales.clone(),
        )
        .map_err(AppError::Setup)?,
    );
    Ok(vec![
        tokio::spawn(Intake::new(app.clone(), adapter.clone()).run(shutdown.clone())),
        tokio::spawn(
            app.sender(adapter, app.whatsapp_limits())
                .run(shutdown.clone()),
        ),
    ])
}

/// Starts the e-mail sender when `[email] smtp_url` is set (copies of a request's
/// milestones; nothing is written for e-mail otherwise).
pub fn start_email(
    app: &App,
    shutdown: &watch::Receiver<bool>,
) -> Result<Vec<tokio::task::JoinHandle<()>>, AppError> {
    if !app.settings.email.enabled() {
        tracing::info!("[email] smtp_url not set: no e-mail copies");
        return Ok(vec![]);
    }
    let adapter: Arc<dyn Adapter> = Arc::new(
        EmailAdapter::new(
            &app.settings.email,
            app.files.clone(),
            app.store.clone(),
            app.engine.locales.clone(),
        )
        .map_err(AppError::Setup)?,
    );
    Ok(vec![tokio::spawn(
        app.sender(adapter, app.email_limits())
            .run(shutdown.clone()),
    )])
}
