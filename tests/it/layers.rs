//! The layers of docs/ARCHITECTURE.md, checked on the source: each top-level module
//! of `src/` imports only modules of its own layer or below, and the front doors
//! (`conversation`, `http`, `channels`) never reach into each other's internals: what
//! one takes from another is on that door's short list of entry points. A new
//! upward or sideways import fails here, with the file and the line.

use std::path::Path;

/// Top-level modules by layer, bottom first.
const LAYERS: &[&[&str]] = &[
    &["message", "clock", "i18n", "telemetry", "metrics"],
    &["domain", "config"],
    &["store"],
    &["documents", "demo"],
    &["events"],
    // The program's actions (requests, tickets, review, escalation, reports).
    &["services", "imports"],
    &["notify"],
    &["scheduler", "conversation"],
    // The handle the runtime shares (settings, store, engine, bells).
    &["app"],
    // The adapters translate; intake and the outbox drive them.
    &["channels"],
    &["intake", "outbox"],
    &["http"],
    &["startup"],
    &["cli", "main"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_module_imports_only_its_own_layer_or_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![];
    rust_files(&src, &mut files);
    let mut upward = vec![];
    for file in files {
        let relative = file.strip_prefix(&src).expect("under src");
        let top = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|s| s.trim_end_matches(".rs").to_owned())
            .unwrap_or_default();
        if top == "lib" {
            continue;
        }
        let Some(own) = layer_of(&top) else {
            upward.push(format!("{}: module {top} has no layer", relative.display()));
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("readable");
        for (n, line) in text.lines().enumerate() {
            let mut rest = line;
            while let Some(at) = rest.find("crate::") {
                rest = &rest[at + "crate::".len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if name == top || name.is_empty() {
                    continue;
                }
                match layer_of(&name) {
                    Some(layer) if layer <= own => {}
                    _ => upward.push(format!(
                        "{}:{}: {top} imports {name}",
                        relative.display(),
                        n + 1
                    )),
                }
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that go up the layers:\n{}",
        upward.join("\n")
    );
}

/// The front doors: each one's code may take from another only what that door
/// offers (`door::path`, an item or a module whose items all count).
const FRONT_DOORS: &[&str] = &["conversation", "http", "channels"];

/// What a front door offers the others.
const ENTRY_POINTS: &[&str] = &[
    // The conversation engine runs a chat's turn; a form answered in the Mini App
    // lands on the chat's step through these (the page shows the same draft).
    "conversation::Engine",
    "conversation::apply_form",
    "conversation::registration_draft",
    "conversation::ally_form_pending",
    "conversation::parse_fad_form",
    "conversation::parse_alert_form",
    "conversation::JNE_AUTHORITY",
    // The HTTP server hosts the platforms' webhooks and the Mini App: the adapters'
    // own checks of what the platforms sign.
    "channels::whatsapp::signature_valid",
    "channels::whatsapp::split_notification",
    "channels::telegram::verify_init_data",
    "channels::telegram::InitDataError",
    "channels::telegram::MiniAppAnswers",
    "channels::telegram::MiniAppForm",
    "channels::telegram::WebAppUser",
];

/// The `crate::door::…` paths a text names, a `{…}` group expanded one level.
fn paths_into(text: &str, door: &str) -> Vec<(usize, String)> {
    let needle = format!("crate::{door}::");
    let mut out = vec![];
    let mut from = 0;
    while let Some(at) = text[from..].find(&needle) {
        let start = from + at + "crate::".len();
        let line = text[..start].matches('\n').count() + 1;
        let path: String = text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let after = start + path.len();
        if path.ends_with("::") && text[after..].starts_with('{') {
            let close = text[after..].find('}').map_or(text.len(), |c| after + c);
            for item in text[after + 1..close].split(',') {
                let item = item.split_whitespace().next().unwrap_or_default();
                let item = item.split("::").next().unwrap_or_default();
                if !item.is_empty() && item != "self" {
                    out.push((line, format!("{path}{item}")));
                }
            }
            from = close;
        } else {
            out.push((line, path.trim_end_matches(':').to_owned()));
            from = after;
        }
    }
    out
}

#[test]
fn front_doors_never_import_each_others_internals() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sideways = vec![];
    for own in FRONT_DOORS {
        let mut files = vec![];
        let dir = src.join(own);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        }
        let single = src.join(format!("{own}.rs"));
        if single.is_file() {
            files.push(single);
        }
        assert!(!files.is_empty(), "front door {own} has no source");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("readable");
            for other in FRONT_DOORS.iter().filter(|d| *d != own) {
                for (line, path) in paths_into(&text, other) {
                    let offered = ENTRY_POINTS
                        .iter()
                        .any(|e| path == *e || path.starts_with(&format!("{e}::")));
                    if !offered {
                        sideways.push(format!(
                            "{}:{line}: {own} reaches into {path}",
                            file.strip_prefix(&src).unwrap_or(&file).display()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        sideways.is_empty(),
        "front doors importing another door's internals (call a service, or add an \
         entry point on purpose):\n{}",
        sideways.join("\n")
    );
}

#[test]
fn the_door_check_reads_grouped_and_plain_paths() {
    let text = "use crate::conversation::{Engine, tickets::take};\nlet x = crate::channels::telegram::verify_init_data(y);";
    assert_eq!(
        paths_into(text, "conversation"),
        vec![
            (1, "conversation::Engine".to_owned()),
            (1, "conversation::tickets".to_owned())
        ]
    );
    assert_eq!(
        paths_into(text, "channels"),
        vec![(2, "channels::telegram::verify_init_data".to_owned())]
    );
}
