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

/// How often a warning of one kind may reach the log; the rest are counted.
pub const WARN_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// Rate-limits warnings by kind, so a flood of bad input (a fuzzer, a misconfigured
/// sender) writes a line a minute instead of one per request.
/// `Some(n)`: log now, `n` warnings of this kind were held back since the last line;
/// `None`: hold this one back. Every refusal is still counted in `/metrics`.
pub fn warn_allowed(kind: &'static str) -> Option<u64> {
    use std::collections::HashMap;
    use std::sync::{LazyLock, Mutex};
    use std::time::Instant;
    static LAST: LazyLock<Mutex<HashMap<&'static str, (Instant, u64)>>> =
        LazyLock::new(Mutex::default);
    let mut last = LAST
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let now = Instant::now();
    match last.get_mut(kind) {
        Some((at, held)) if now.duration_since(*at) < WARN_EVERY => {
            *held += 1;
            None
        }
        Some((at, held)) => {
            *at = now;
            Some(std::mem::take(held))
        }
        None => {
            last.insert(kind, (now, 0));
            Some(0)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_warning_kind_is_logged_once_a_minute_and_the_rest_counted() {
        assert_eq!(super::warn_allowed("test_kind"), Some(0));
        assert_eq!(super::warn_allowed("test_kind"), None);
        assert_eq!(super::warn_allowed("test_kind"), None);
        assert_eq!(super::warn_allowed("other_kind"), Some(0));
    }
}
