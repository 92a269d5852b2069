//! The layers of DESIGN §8, checked on the source: each top-level module of `src/`
//! imports only modules of its own layer or below. A new upward import fails here,
//! with the file and the line, before it can become an import circle.

use std::path::Path;

/// Top-level modules by layer, bottom first.
const LAYERS: &[&[&str]] = &[
    &["message", "clock", "i18n", "telemetry", "metrics"],
    &["domain", "config"],
    &["store"],
    &["documents", "demo"],
    &["events"],
    &["workflow", "escalation", "reports", "services", "imports"],
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
