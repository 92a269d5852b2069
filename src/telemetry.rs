//! Logging set-up, once, at start. Personal data never goes to logs: DNIs and phone
//! numbers are masked where they appear (`Dni::masked`, `Phone::masked`).
//!
//! The filter is the standard `RUST_LOG` (`CONTIGO_LOG`, the old name, still works
//! when `RUST_LOG` is not set); default `info,sqlx=warn`. Lines go to stderr, so
//! `contigo-bot chat` keeps stdout for the conversation, with colour only when stderr
//! is a terminal; `log.format = "json"` writes one JSON object per line instead.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// The filter's directives: `RUST_LOG`, else `CONTIGO_LOG`, else the default.
pub fn filter_directives() -> String {
    ["RUST_LOG", "CONTIGO_LOG"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "info,sqlx=warn".to_string())
}

/// `json`: one JSON object per line (`log.format = "json"`), else plain text.
pub fn init(json: bool) {
    let filter = EnvFilter::try_new(filter_directives())
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if json {
        builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init()
    } else {
        builder
            .with_ansi(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none())
            .try_init()
    };
}
