//! A real browser for the tests that need one: headless Chromium driven over WebDriver
//! (`fantoccini`). Each `Chrome` starts its own `/usr/bin/chromedriver` on a free port
//! and opens one session with a fresh profile and the window size asked for (a phone's
//! 360 px or a laptop's width), so screenshots show what those screens show. The driver
//! and the browser it started are stopped when the `Chrome` is dropped, even when a
//! test panics.
//!
//! Missing Chromium is a failure with a message saying what to install, never a skip:
//! a browser test that silently does nothing would prove nothing. `.ci/run` installs
//! Debian's `chromium` and `chromium-driver`.
//!
//! ```ignore
//! let chrome = Chrome::phone().await;              // or Chrome::laptop(), Chrome::start(w, h)
//! chrome.goto(&format!("{}/console", app.http)).await;
//! chrome.find(Locator::Css("a[href^='/console/request/']")).await.click().await.expect("click");
//! chrome.wait_text("DDC").await;                    // waits up to 10 s for the text to appear
//! chrome.screenshot("docs/screenshots/request.png").await;
//! chrome.close().await;                             // ends the session (drop also cleans up)
//! ```

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
pub use fantoccini::Locator;
use fantoccini::elements::Element;

/// Where Debian's packages put the browser and its driver.
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A phone's viewport (the narrowest screen the console supports).
pub const PHONE: (u32, u32) = (360, 740);
/// A laptop's viewport.
pub const LAPTOP: (u32, u32) = (1280, 800);

/// How long `wait_*` helpers wait before failing the test.
const WAIT: Duration = Duration::from_secs(10);

pub struct Chrome {
    pub client: fantoccini::Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Chrome {
    pub async fn phone() -> Chrome {
        Chrome::start(PHONE.0, PHONE.1).await
    }

    pub async fn laptop() -> Chrome {
        Chrome::start(LAPTOP.0, LAPTOP.1).await
    }

    /// Starts chromedriver and a headless Chromium whose window is `width`×`height`.
    pub async fn start(width: u32, height: u32) -> Chrome {
        for (path, package) in [(CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")] {
            assert!(
                Path::new(path).exists(),
                "browser tests need {path}: install Debian's `{package}` \
                 (apt-get install chromium chromium-driver; .ci/run does it)"
            );
        }
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so dropping kills the browser it started too.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {CHROMEDRIVER}: {e}"));
        let profile = tempfile::tempdir().expect("a fresh Chromium profile folder");
        // From here on, a panic drops `chrome` and so stops the driver.
        let mut chrome = ChromeStarting {
            driver: Some(driver),
        };
        let url = format!("http://127.0.0.1:{port}");
        wait_for_driver(&url).await;

        let args = vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--force-device-scale-factor=1".to_owned(),
            format!("--user-data-dir={}", profile.path().display()),
            format!("--window-size={width},{height}"),
        ];
        let mut caps = serde_json::Map::new();
        let mut options = serde_json::json!({ "binary": CHROMIUM, "args": args });
        if width < 500 {
            // A headless window is never narrower than 500 px: a phone's width comes
            // from Chromium's device emulation instead (as its DevTools do).
            options["mobileEmulation"] = serde_json::json!({
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": 1.0 }
            });
        }
        caps.insert("goog:chromeOptions".into(), options);
        let client = fantoccini::ClientBuilder::new(
            hyper_util::client::legacy::connect::HttpConnector::new(),
        )
        .capabilities(caps)
        .connect(&url)
        .await
        .unwrap_or_else(|e| panic!("Chromium did not start through {CHROMEDRIVER}: {e}"));
        Chrome {
            client,
            driver: chrome.driver.take().expect("the driver"),
            _profile: profile,
        }
    }

    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("could not open {url}: {e}"));
    }

    /// The current page's address.
    pub async fn url(&self) -> String {
        self.client.current_url().await.expect("current url").into()
    }

    /// The element, waiting up to 10 s for it to appear.
    pub async fn find(&self, locator: Locator<'_>) -> Element {
        let started = Instant::now();
        loop {
            match self.client.find(locator).await {
                Ok(element) => return element,
                Err(_) if started.elapsed() < WAIT => {
                    tokio::time::sleep(Duration::from_millis(100)).await
                }
                Err(e) => panic!("no element {locator:?} on {}: {e}", self.url().await),
            }
        }
    }

    /// The visible text of the whole page.
    pub async fn text(&self) -> String {
        self.client
            .find(Locator::Css("body"))
            .await
            .expect("a body")
            .text()
            .await
            .expect("its text")
    }

    /// Waits up to 10 s for `needle` to be visible in the page (e.g. after polling).
    pub async fn wait_text(&self, needle: &str) {
        let started = Instant::now();
        loop {
            let text = self.text().await;
            if text.contains(needle) {
                return;
            }
            assert!(
                started.elapsed() < WAIT,
                "{needle:?} did not appear on {}; the page shows:\n{text}",
                self.url().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Writes a PNG of the viewport to `path` (relative paths are from the crate root).
    pub async fn screenshot(&self, path: impl AsRef<Path>) {
        let png = self.client.screenshot().await.expect("a screenshot");
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }

    /// Writes a PNG of the whole page, below the screen's edge too, to `path`
    /// (relative paths are from the crate root), through Chromium's DevTools.
    pub async fn full_page_screenshot(&self, path: impl AsRef<Path>) {
        let height = self
            .client
            .execute("return document.documentElement.scrollHeight", vec![])
            .await
            .expect("the page's height");
        let width = self
            .client
            .execute("return document.documentElement.clientWidth", vec![])
            .await
            .expect("the page's width");
        let shot = self
            .client
            .issue_cmd(DevTools {
                cmd: "Page.captureScreenshot",
                params: serde_json::json!({
                    "captureBeyondViewport": true,
                    "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 }
                }),
            })
            .await
            .expect("a screenshot");
        let data = shot["data"].as_str().expect("base64 PNG data");
        let png = base64::engine::general_purpose::STANDARD
            .decode(data)
            .expect("base64");
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }

    /// Ends the browser session; the driver stops when `self` drops.
    pub async fn close(mut self) {
        let client = self.client.clone();
        let _ = client.close().await;
        stop(&mut self.driver);
    }
}

impl Drop for Chrome {
    fn drop(&mut self) {
        stop(&mut self.driver);
    }
}

/// A Chrome DevTools command sent through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
struct DevTools {
    cmd: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base_url: &reqwest::Url,
        session_id: Option<&str>,
    ) -> Result<reqwest::Url, <reqwest::Url as std::str::FromStr>::Err> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &reqwest::Url) -> (reqwest::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.cmd, "params": self.params });
        (reqwest::Method::POST, Some(body.to_string()))
    }
}

/// Stops the driver if the session never opened.
struct ChromeStarting {
    driver: Option<Child>,
}

impl Drop for ChromeStarting {
    fn drop(&mut self) {
        if let Some(driver) = &mut self.driver {
            stop(driver);
        }
    }
}

/// Kills chromedriver and everything in its process group (the browser it started).
fn stop(driver: &mut Child) {
    if let Ok(Some(_)) = driver.try_wait() {
        return;
    }
    let group = format!("-{}", driver.id());
    let _ = Command::new("kill")
        .args(["-KILL", "--", &group])
        .stderr(Stdio::null())
        .status();
    let _ = driver.kill();
    let _ = driver.wait();
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

async fn wait_for_driver(url: &str) {
    let started = Instant::now();
    let client = reqwest::Client::new();
    loop {
        if let Ok(answer) = client.get(format!("{url}/status")).send().await
            && answer.status().is_success()
        {
            return;
        }
        assert!(
            started.elapsed() < WAIT,
            "{CHROMEDRIVER} did not answer on {url} within {WAIT:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_opens_a_page_at_the_width_asked_for() {
    let chrome = Chrome::phone().await;
    chrome
        .goto(concat!(
            "data:text/html,<meta name=viewport content='width=device-width'>",
            "<title>t</title><h1>Hola</h1>"
        ))
        .await;
    chrome.wait_text("Hola").await;
    let width = chrome
        .client
        .execute("return window.innerWidth", vec![])
        .await
        .expect("script runs");
    assert_eq!(width, serde_json::json!(PHONE.0));
    let png = chrome.client.screenshot().await.expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    chrome.close().await;
}
