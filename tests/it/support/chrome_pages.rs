//! Page helpers on top of `chrome` (kept apart so that commit stays as others
//! cherry-picked it): the page's text read in one script call, so a navigation in
//! the middle of a wait cannot leave a stale element behind.

use std::time::{Duration, Instant};

use super::chrome::Chrome;

const WAIT: Duration = Duration::from_secs(10);

/// The visible text of the page, or "" while it is being replaced.
pub async fn page_text(chrome: &Chrome) -> String {
    chrome
        .client
        .execute(
            "return document.body ? document.body.innerText : ''",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Waits up to 10 s for `needle` to be visible on the page, across navigations.
pub async fn wait_page_text(chrome: &Chrome, needle: &str) {
    let started = Instant::now();
    loop {
        let text = page_text(chrome).await;
        if text.contains(needle) {
            return;
        }
        assert!(
            started.elapsed() < WAIT,
            "{needle:?} did not appear on {}; the page shows:\n{text}",
            chrome.url().await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
