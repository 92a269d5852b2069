//! The layers of docs/ARCHITECTURE.md, checked on the source: each top-level module
//! of `src/` imports only modules of its own layer or below, and the front doors
//! (`conversation`, `http`, `channels`) never reach into each other's internals: what
//! one takes from another is on that door's short list of entry points. A new
//! upward or sideways import fails here, with the file and the line.

use std::path::Path;

/// Top-level modules by layer, bottom first.
const LAYERS: &[&[&str]] = &[
    &[
        "message",
        "clock",
        "i18n",
        "telemetry",
        "metrics",
        "allocator",
    ],
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
    &["intake", "outbox", "transcriber"],
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
    "conversation::JNE_AUTHORITY",
    // The HTTP server hosts the platforms' webhooks and the Mini App: the adapters'
    // own checks of what the platforms sign.
    "channels::whatsapp::signature_valid",
    "channels::whatsapp::split_notification",
    "channels::telegram::parse_update",
    "channels::telegram::verify_init_data",
    "channels::telegram::InitDataError",
    "channels::telegram::MiniAppAnswers",
    "channels::telegram::MiniAppForm",
    "channels::telegram::MINI_APP_EVENT",
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

/// The first names after `needle` (`super::`, `crate::conversation::`) in a text,
/// a `{…}` group expanded one level; comments are not read.
fn names_after(text: &str, needle: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = vec![];
    let mut from = 0;
    while let Some(at) = code[from..].find(needle) {
        let start = from + at + needle.len();
        // `super::` inside a longer path (`self::super::`, `x_super::`) is not ours.
        let before = code[..from + at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
            from = start;
            continue;
        }
        if code[start..].starts_with('{') {
            let close = code[start..].find('}').map_or(code.len(), |c| start + c);
            for item in code[start + 1..close].split(',') {
                let item = item.split_whitespace().next().unwrap_or_default();
                let item = item.split("::").next().unwrap_or_default();
                if !matches!(item, "" | "self" | "super") {
                    out.push(item.to_owned());
                }
            }
            from = close;
        } else {
            let name: String = code[start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !matches!(name.as_str(), "" | "self" | "super") {
                out.push(name);
            }
            from = start;
        }
    }
    out
}

/// The flows of `src/conversation/` (a file, or a folder counted as one) and the
/// flows each one names. `mod.rs` (the engine: `Turn`, `State`, `Input`) declares
/// them all and is used by all, so it is not a flow here.
fn conversation_graph() -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/conversation");
    let mut files = vec![];
    rust_files(&root, &mut files);
    let flow_of = |file: &Path| -> Option<String> {
        let relative = file.strip_prefix(&root).expect("under conversation");
        let first = relative.components().next()?.as_os_str().to_str()?;
        (first != "mod.rs").then(|| first.trim_end_matches(".rs").to_owned())
    };
    let flows: std::collections::BTreeSet<String> =
        files.iter().filter_map(|f| flow_of(f)).collect();
    let mut graph = std::collections::BTreeMap::new();
    for file in &files {
        let Some(own) = flow_of(file) else { continue };
        let text = std::fs::read_to_string(file).expect("readable");
        // In a folder's file other than its mod.rs, `super::` is the folder itself.
        let child = file.parent() != Some(root.as_path()) && !file.ends_with("mod.rs");
        let mut named = names_after(&text, "crate::conversation::");
        named.extend(names_after(&text, "super::super::"));
        if !child {
            named.extend(names_after(&text, "super::"));
        }
        let uses: &mut std::collections::BTreeSet<String> = graph.entry(own.clone()).or_default();
        uses.extend(named.into_iter().filter(|n| *n != own && flows.contains(n)));
    }
    graph
}

/// A circle in `graph`, if there is one, as the path that closes it.
fn a_circle(
    graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) -> Option<Vec<String>> {
    fn walk(
        graph: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        node: &str,
        path: &mut Vec<String>,
        done: &mut std::collections::BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut circle = path[at..].to_vec();
            circle.push(node.to_owned());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = walk(graph, next, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = std::collections::BTreeSet::new();
    graph
        .keys()
        .find_map(|node| walk(graph, node, &mut vec![], &mut done))
}

#[test]
fn the_flows_of_the_conversation_form_no_circle() {
    let graph = conversation_graph();
    assert!(
        graph.contains_key("router") && graph.contains_key("registration"),
        "the flows were not read: {graph:?}"
    );
    if let Some(circle) = a_circle(&graph) {
        panic!(
            "conversation/ modules in a circle: {} (move what both need below them, or \
             return a step result the router acts on)",
            circle.join(" -> ")
        );
    }
}

#[test]
fn no_flow_imports_the_router() {
    let importers: Vec<String> = conversation_graph()
        .into_iter()
        .filter(|(_, uses)| uses.contains("router"))
        .map(|(flow, _)| flow)
        .collect();
    assert!(
        importers.is_empty(),
        "flows that call the router (return a state; the router dispatches): {importers:?}"
    );
}

/// Every flow hands the router one result, `conversation::Step` (the next state and
/// what the router does next: done, passed on, or a flow to take up again): no flow
/// returns the router's own `(State, bool)`, a private "handled or not" type, or
/// sets a flag on the turn for the router to find. Only the router (which gives the
/// engine the turn's end) and the engine itself may name `(State, bool)`.
#[test]
fn every_flow_returns_the_one_step_result() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/conversation");
    let mut files = vec![];
    rust_files(&root, &mut files);
    let mut found = vec![];
    for file in files {
        let relative = file.strip_prefix(&root).expect("under conversation");
        if relative == Path::new("router.rs") || relative == Path::new("mod.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("readable");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for shape in ["(State, bool)", "Option<(State", "enum Routed", "take_up"] {
                if code.contains(shape) {
                    found.push(format!("{}:{}: {shape}", relative.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "flows returning something other than a Step:\n{}",
        found.join("\n")
    );
}

/// What runs inside a turn (flows, services, notices) never opens a transaction with
/// sqlx's `begin` on the connection it is given: the lean turn's own `BEGIN
/// IMMEDIATE` on SQLite is one sqlx does not track, so a nested `begin` would send
/// BEGIN again and fail. A step that must undo its own writes names a savepoint in
/// SQL (`services::tickets::close_with_note`).
#[test]
fn code_inside_a_turn_never_nests_a_transaction_with_begin() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = vec![];
    for dir in ["conversation", "services", "notify"] {
        let mut files = vec![];
        rust_files(&root.join(dir), &mut files);
        for file in files {
            let text = std::fs::read_to_string(&file).expect("readable");
            for (n, line) in text.lines().enumerate() {
                if line.contains("Connection::begin(") || line.contains(".begin().await") {
                    found.push(format!("{}:{}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "a nested begin inside a turn: {found:?}");
}

#[test]
fn the_circle_check_finds_a_circle_and_reads_folders() {
    let text = "use super::{menu, State};\nuse super::super::ally::x; // super::faq\n\
                let y = crate::conversation::router::route(t);";
    assert_eq!(names_after(text, "super::"), ["menu", "State"]);
    assert_eq!(names_after(text, "super::super::"), ["ally"]);
    assert_eq!(names_after(text, "crate::conversation::"), ["router"]);
    let graph = |edges: &[(&str, &str)]| {
        let mut g = std::collections::BTreeMap::<String, std::collections::BTreeSet<String>>::new();
        for (a, b) in edges {
            g.entry((*a).to_owned())
                .or_default()
                .insert((*b).to_owned());
        }
        g
    };
    assert_eq!(
        a_circle(&graph(&[
            ("faq", "tickets"),
            ("tickets", "router"),
            ("router", "faq")
        ])),
        Some(vec![
            "faq".into(),
            "tickets".into(),
            "router".into(),
            "faq".into()
        ])
    );
    assert_eq!(
        a_circle(&graph(&[
            ("router", "faq"),
            ("faq", "menu"),
            ("router", "menu")
        ])),
        None
    );
}
