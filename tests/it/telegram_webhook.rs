//! Telegram in webhook mode (issue 15): at start `serve` registers its webhook
//! (`setWebhook` with `http.public_url`, the secret token and the update types it
//! handles) and reads `getWebhookInfo` back, logging what is wrong, so a webhook
//! that is not set, or that Telegram cannot reach, does not go unnoticed.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::backends;
use crate::support::telegram::{FakeTelegram, TOKEN, TgUser};
use crate::support::{Backend, Running, TestDb, monday_morning, settings};

const PUBLIC_URL: &str = "https://bot.example.org";
const SECRET: &str = "tg-webhook-secret-123";

async fn serve_registers_its_webhook_with_the_secret_and_update_types(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let mut s = settings(&db, Some(&tg.api_url()));
    s.telegram.mode = contigo_bot::config::TelegramMode::Webhook;
    s.http.public_url = format!("{PUBLIC_URL}/");
    s.secrets.telegram_webhook_secret = Some(SECRET.into());
    let bot = Running::start(s, monday_morning()).await;
    let wanted = format!("{PUBLIC_URL}/webhooks/telegram");
    let deadline = Instant::now() + Duration::from_secs(10);
    while tg.webhook_url().as_deref() != Some(wanted.as_str()) {
        assert!(Instant::now() < deadline, "setWebhook never came");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (secret, types) = tg.webhook_registration();
    assert_eq!(secret.as_deref(), Some(SECRET));
    assert_eq!(types, Some(json!(["message", "callback_query"])));
    bot.stop().await;
}

backends!(serve_registers_its_webhook_with_the_secret_and_update_types);

/// The binary, as an operator runs it: Telegram reports it cannot reach us and an
/// update waits; `serve` says both in its log.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_logs_what_is_wrong_with_the_webhook() {
    let dir = tempfile::tempdir().expect("dir");
    let tg = FakeTelegram::start().await;
    tg.set_webhook_error("Connection timed out");
    tg.send_text(&TgUser::new(7701, "Rosa"), "/start");
    let mut child = Command::new(env!("CARGO_BIN_EXE_contigo-bot"))
        .args(["--config", "/dev/null", "serve"])
        .env_clear()
        .env(
            "CONTIGO__DATABASE__URL",
            format!("sqlite://{}", dir.path().join("t.db").display()),
        )
        .env("CONTIGO__STORAGE__DIR", dir.path().join("files"))
        .env("CONTIGO__HTTP__LISTEN", "127.0.0.1:0")
        .env("CONTIGO__HTTP__PUBLIC_URL", PUBLIC_URL)
        .env("CONTIGO__TELEGRAM__MODE", "webhook")
        .env("CONTIGO__TELEGRAM__API_URL", tg.api_url())
        .env("TELEGRAM_BOT_TOKEN", TOKEN)
        .env("TELEGRAM_WEBHOOK_SECRET", SECRET)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut log = String::new();
    while !(log.contains("last delivery to the webhook failed") && log.contains("updates wait"))
        && Instant::now() < deadline
    {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            log.push_str(&line);
            log.push('\n');
        }
    }
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
    assert!(log.contains("Connection timed out"), "{log}");
    assert!(log.contains("1 updates wait at Telegram"), "{log}");
    assert_eq!(
        tg.webhook_url().as_deref(),
        Some("https://bot.example.org/webhooks/telegram")
    );
}
