//! Trying the bot in the terminal (issue 28): `contigo-bot chat` shows only its own
//! user's messages, and `/ayuda` lists every command a person may type.

use std::path::Path;

/// `contigo-bot ARGS` in `dir` (its database and files there), `script` typed;
/// what it printed.
fn bot(dir: &Path, args: &[&str], script: &str) -> String {
    let out = crate::support::typed(dir, args, &[], script);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The commands `/ayuda` names, in the order it names them.
fn commands(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ':' || c == '(' || c == ',')
        .filter(|w| w.len() > 1 && w.starts_with('/'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_terminal_shows_only_its_own_chat_and_help_lists_every_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    // demo-data writes requests (and the scheduler their reminders) for its own
    // terminal chats.
    bot(dir.path(), &["demo-data", "--user", "local"], "");
    let out = bot(
        dir.path(),
        &["chat", "--no-http", "--user", "visitante"],
        "/ayuda\n",
    );
    assert!(
        !out.contains("CTG-"),
        "another chat's messages shown:\n{out}"
    );
    let listed = commands(&out);
    for command in [
        "/start",
        "/solicitar",
        "/ddc",
        "/enviar",
        "/file",
        "/estado",
        "/corregir",
        "/renovar",
        "/padron",
        "/preguntas",
        "/especialista",
        "/cancelar",
        "/continuar",
        "/ayuda",
    ] {
        assert!(listed.iter().any(|c| c == command), "{command} in:\n{out}");
    }
}

/// `/file` with a path that is not there is told as a path to check, not as a
/// dropped connection; a path dragged into the terminal arrives quoted and is read.
#[test]
fn a_wrong_or_dragged_path_after_file_is_answered_as_a_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let photo = dir.path().join("Mis fotos").join("ddc hoja 1.jpg");
    std::fs::create_dir_all(photo.parent().expect("folder")).expect("folder");
    std::fs::write(&photo, crate::support::photo(7)).expect("photo");
    let script = format!(
        "/solicitar\nAcoria\nrosa\nquispe\n40123456\n0123-2026-JNE\n987654321\n\
         rosa@example.org\nana\nnole\n41234567\n912345678\nana@example.org\nJefa\n\
         02/01/2026\n1\n1\n/file no-existe.pdf\n/file '{}'\n",
        photo.display()
    );
    let out = bot(dir.path(), &["chat", "--no-http"], &script);
    assert!(out.contains("fue registrada"), "{out}");
    assert!(
        out.contains("No pude abrir ese archivo. Revise que la ruta"),
        "{out}"
    );
    assert!(!out.contains("la conexión se cortó"), "{out}");
    assert!(out.contains("Recibí la foto 1"), "{out}");
}
