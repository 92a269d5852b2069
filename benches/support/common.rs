//! What the benchmarks share: the webhook's secret and the registration script the
//! turn benches post, the knobs read from the environment, the machine's load, and
//! the client that posts each chat's updates in order. Included with `#[path]`; each
//! bench uses part of it.
#![allow(dead_code)]

pub const SECRET: &str = "bench-webhook-secret";

/// One registration, answered step by step, then cancelled: 12 turns.
pub const SCRIPT: &[&str] = &[
    "/start",
    "1",
    "1",
    "acoria",
    "Rosa María",
    "Quispe Huamán",
    "4567891",
    "45678912",
    "0123-2026-JNE",
    "987654321",
    "/ayuda",
    "/cancelar",
];

pub fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// Posts one Telegram update to the webhook at `url` with the bench's secret: the
/// answer's status, 0 when none came.
pub async fn post_update(client: &reqwest::Client, url: &str, body: Vec<u8>) -> u16 {
    client
        .post(url)
        .header("content-type", "application/json")
        .header("x-telegram-bot-api-secret-token", SECRET)
        .body(body)
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

/// Posts each chat's updates in order, the chats at once.
pub async fn post_all(url: &str, per_chat: Vec<Vec<Vec<u8>>>) {
    let client = reqwest::Client::new();
    let mut tasks = tokio::task::JoinSet::new();
    for bodies in per_chat {
        let (client, url) = (client.clone(), url.to_owned());
        tasks.spawn(async move {
            for body in bodies {
                let status = post_update(&client, &url, body).await;
                assert_eq!(status, 200, "webhook refused an update");
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("a client");
    }
}

/// The application in Telegram webhook mode on database `url`, its files under
/// `dir`, answering through the fake Bot API at `api` as bot `token`; with
/// `unthrottled` the platform's pace is lifted (a bench that measures work, not
/// waiting).
pub fn webhook_settings(
    url: &str,
    dir: &std::path::Path,
    api: &str,
    token: &str,
    unthrottled: bool,
) -> contigo_bot::config::Settings {
    use contigo_bot::config::{Settings, TelegramMode};
    let mut s = Settings::default();
    s.database.url = url.to_owned();
    s.storage.dir = dir.join("files");
    s.http.listen = "127.0.0.1:0".parse().expect("addr");
    s.http.public_url = "https://bench.example.org/".into();
    s.telegram.api_url = api.to_owned();
    s.telegram.mode = TelegramMode::Webhook;
    if unthrottled {
        s.telegram.max_per_second = 100_000;
        s.telegram.max_per_chat_per_second = 100_000;
    }
    s.secrets.telegram_bot_token = Some(token.into());
    s.secrets.telegram_webhook_secret = Some(SECRET.into());
    s
}

/// Waits until every event the application stored is processed and every message
/// it queued is sent, looking every `every` (each look is a statement).
pub async fn until_idle(app: &contigo_bot::app::App, every: std::time::Duration) {
    loop {
        let (events, outbox): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM inbound_events WHERE processed_at IS NULL),
                    (SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending'))",
        )
        .fetch_one(&app.store.read)
        .await
        .expect("count");
        if events == 0 && outbox == 0 {
            return;
        }
        tokio::time::sleep(every).await;
    }
}

/// The whole application (HTTP, intake, outbox) and its Telegram webhook's address.
pub async fn start(app: &contigo_bot::app::App) -> (contigo_bot::startup::Application, String) {
    use contigo_bot::startup::{Application, Http, Parts};
    let running = Application::start(
        app.clone(),
        Parts {
            http: Http::Required,
            scheduler: false,
        },
    )
    .await
    .expect("start");
    let hook = format!(
        "http://{}/webhooks/telegram",
        running.http_addr.expect("http")
    );
    (running, hook)
}
