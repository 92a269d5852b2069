//! What a page must pass in a real browser, whatever its content: axe-core's rules
//! (WCAG 2 A/AA and its best practices) with no violation, and, on a phone, no
//! sideways scroll of the page, every deadline cell (`.due`) inside the screen, and
//! no text drawn smaller than 12 px (an SVG's text counts at the size it is drawn).
//!
//! axe-core comes from the npm registry: `npm ci --prefix tests/browser` (`.ci/run`
//! does it) puts `axe.min.js` under `tests/browser/node_modules/`. Without it the
//! check fails under CI (`CI=true`), and elsewhere says loudly that it did not run.

use std::path::PathBuf;

use serde_json::Value;

use super::chrome::Chrome;

/// Where `npm ci --prefix tests/browser` installs axe-core.
fn axe_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules/axe-core/axe.min.js")
}

/// axe-core's source, or `None` (outside CI) when it is not installed.
fn axe_source() -> Option<String> {
    let path = axe_path();
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => panic!(
            "axe-core is missing ({}: {e}): run `npm ci --prefix tests/browser` (.ci/run does it)",
            path.display()
        ),
        Err(_) => {
            eprintln!(
                "SKIPPED the axe-core check: {} is missing; run `npm ci --prefix tests/browser`",
                path.display()
            );
            None
        }
    }
}

/// axe-core's violations on the page shown (id, impact, help, the elements), or
/// `None` when axe-core is not installed (outside CI).
pub async fn violations(chrome: &Chrome) -> Option<Vec<Value>> {
    let source = axe_source()?;
    let loaded = chrome
        .client
        .execute(
            &format!("{source}\n;return typeof window.axe === 'object';"),
            vec![],
        )
        .await
        .expect("axe-core loads in the page");
    assert_eq!(loaded, Value::Bool(true), "axe-core did not load");
    let found = chrome
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] })
              .then(r => done(r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)
              }))))
              .catch(e => done([{ id: 'axe-error', help: String(e), nodes: [] }]));"#,
            vec![],
        )
        .await
        .expect("axe-core runs");
    Some(found.as_array().cloned().unwrap_or_default())
}

/// Runs axe-core on the page shown and fails, listing each violation with the
/// elements it found, if there is any.
pub async fn assert_no_violations(chrome: &Chrome, what: &str) {
    let Some(violations) = violations(chrome).await else {
        return;
    };
    assert!(
        violations.is_empty(),
        "axe-core: {} violation(s) on {what} ({}):\n{}",
        violations.len(),
        chrome.url().await,
        serde_json::to_string_pretty(&violations).unwrap_or_default()
    );
}

/// The page's layout on the screen it is shown on (see the module's doc).
const LAYOUT: &str = r#"
    // A phone zooms a page wider than its screen out, so the layout viewport
    // (innerWidth) grows with the page: the screen's width is the measure.
    const width = Math.min(window.innerWidth, screen.width);
    const problems = [];
    const page = document.documentElement.scrollWidth;
    if (page > width) {
      const wide = [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > width + 1)
        .slice(0, 5)
        .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') +
             ' right=' + Math.round(e.getBoundingClientRect().right));
      problems.push('page is ' + page + ' px wide on a ' + width + ' px screen: ' + wide.join(', '));
    }
    const dues = [...document.querySelectorAll('.due')];
    for (const d of dues) {
      const r = d.getBoundingClientRect();
      if (r.width === 0 || r.left < 0 || r.right > width + 1)
        problems.push('deadline off the screen: ' + d.textContent.trim() + ' at ' + Math.round(r.left) + '..' + Math.round(r.right));
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const e = n.parentElement;
      if (!n.textContent.trim() || !e || e.closest('.visually-hidden, .skip, noscript, script, style, title, option')) continue;
      const r = e.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      let size = parseFloat(getComputedStyle(e).fontSize);
      const svg = e.closest('svg');
      if (svg && svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width)
        size = size * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      if (size < 12) problems.push('text at ' + size.toFixed(1) + ' px: ' + n.textContent.trim().slice(0, 40));
    }
    return { problems, dues: dues.length };
"#;

/// The page's layout problems (see the module's doc) and how many deadline cells
/// it has.
pub async fn layout(chrome: &Chrome) -> (Vec<String>, usize) {
    let found = chrome
        .client
        .execute(LAYOUT, vec![])
        .await
        .expect("the layout check runs");
    let problems = found["problems"]
        .as_array()
        .map(|p| {
            p.iter()
                .map(|s| s.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default();
    (problems, found["dues"].as_u64().unwrap_or(0) as usize)
}

/// Checks the page's layout (see the module's doc) and returns how many deadline
/// cells it has, so a caller can tell a desk with rows from an empty one.
pub async fn assert_fits(chrome: &Chrome, what: &str) -> usize {
    let (problems, dues) = layout(chrome).await;
    assert!(
        problems.is_empty(),
        "layout of {what} ({}):\n{}",
        chrome.url().await,
        problems.join("\n")
    );
    dues
}

/// The checks can fail: a page too wide, with a deadline off the screen, text at
/// 9 px, an SVG's text drawn at 6 px and a field without a label is caught on
/// each count.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_checks_catch_a_page_that_does_not_fit_or_lacks_a_label() {
    let chrome = Chrome::phone().await;
    chrome
        .goto(concat!(
            "data:text/html,<!doctype html><html lang=es><meta name=viewport ",
            "content='width=device-width'><title>t</title><main><h1>Hola</h1>",
            "<input><div style='width:500px'>ancho</div>",
            "<p style='font-size:9px'>chico</p>",
            "<svg viewBox='0 0 1000 20' style='width:300px'><text y='15' font-size='20'>barra</text></svg>",
            "<p class=due style='position:relative;left:400px'>Vencida</p></main>"
        ))
        .await;
    chrome.wait_text("Hola").await;
    let (problems, dues) = layout(&chrome).await;
    assert_eq!(dues, 1);
    for expected in [
        "px wide on a 360 px screen",
        "deadline off the screen: Vencida",
        "text at 9.0 px: chico",
        "text at 6.0 px: barra",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{expected:?} in {problems:#?}"
        );
    }
    if let Some(found) = violations(&chrome).await {
        assert!(
            found.iter().any(|v| v["id"] == "label"),
            "axe-core finds the field without a label: {found:#?}"
        );
    }
    chrome.close().await;
}
