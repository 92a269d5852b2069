//! Logging set-up, once, at start. Personal data never goes to logs: DNIs and phone
//! numbers are masked where they appear (`Dni::masked`, `Phone::masked`).

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter =
        EnvFilter::try_from_env("CONTIGO_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // Logs go to stderr so `contigo-bot chat` keeps stdout for the conversation.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
