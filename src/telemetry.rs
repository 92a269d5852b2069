//! Logging set-up, once, at start. Personal data never goes to logs: DNIs and phone
//! numbers are masked where they appear (`Dni::masked`, `Phone::masked`).
//!
//! The filter is the standard `RUST_LOG` (`CONTIGO_LOG`, the old name, still works
//! when `RUST_LOG` is not set); default `info,sqlx=warn`. Lines go to stderr, so
//! `contigo-bot chat` keeps stdout for the conversation, with colour only when stderr
//! is a terminal; `log.format = "json"` writes one JSON object per line instead.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// The filter's directives: `RUST_LOG`, else `CONTIGO_LOG`, else the default.
pub fn filter_directives() -> String {
    ["RUST_LOG", "CONTIGO_LOG"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "info,sqlx=warn".to_string())
}

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_new(filter_directives())
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
        LogFormat::Text => builder
            .with_ansi(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none())
            .try_init(),
    };
}
