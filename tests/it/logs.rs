//! An operator reads the logs (issue 15): the filter is `RUST_LOG` (the old
//! `CONTIGO_LOG` still works), no colour codes when stderr is not a terminal,
//! `log.format = "json"` gives one JSON object per line, and every line about a
//! user's event or a delivery carries its span with the chat masked.

/// Runs `contigo-bot chat --user USER` in a scratch folder with `/start` typed, and
/// returns what it wrote to stderr.
fn chat_stderr(user: &str, env: &[(&str, &str)]) -> String {
    chat_typing(user, env, "/start\n")
}

/// The same with `script` typed, line by line.
/// A scan of a signed paper sits beside it as `signed.pdf` (`/file signed.pdf`): the
/// unsigned DDC sent back as is would be refused.
fn chat_typing(user: &str, env: &[(&str, &str)], script: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("signed.pdf"), crate::support::signed_pdf()).expect("scan");
    let out = crate::support::typed(
        dir.path(),
        &["chat", "--no-http", "--user", user],
        env,
        script,
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn json_logs_carry_the_event_and_delivery_spans_with_the_chat_masked() {
    let err = chat_stderr(
        "51987654321",
        &[
            ("RUST_LOG", "contigo_bot=debug"),
            ("CONTIGO__LOG__FORMAT", "json"),
        ],
    );
    let lines: Vec<serde_json::Value> = err
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect();
    let in_span = |name: &str| {
        lines
            .iter()
            .find(|l| l["span"]["name"] == name)
            .unwrap_or_else(|| panic!("a line inside a {name} span:\n{err}"))
            .clone()
    };
    let event = in_span("event");
    assert_eq!(event["span"]["channel"], "terminal");
    assert_eq!(event["span"]["chat"], "****4321");
    let delivery = in_span("delivery");
    assert_eq!(delivery["span"]["chat"], "****4321");
    assert!(
        !err.contains("51987654321"),
        "the chat is never logged whole"
    );
}

#[test]
fn rust_log_filters_and_the_old_name_still_works() {
    let quiet = chat_stderr("local", &[("RUST_LOG", "warn")]);
    assert!(!quiet.contains("INFO"), "{quiet}");
    let chatty = chat_stderr("local", &[("RUST_LOG", "contigo_bot=debug")]);
    assert!(chatty.contains("DEBUG"), "{chatty}");
    let alias = chat_stderr("local", &[("CONTIGO_LOG", "contigo_bot=debug")]);
    assert!(alias.contains("DEBUG"), "{alias}");
    // RUST_LOG wins over the old name.
    let both = chat_stderr(
        "local",
        &[("RUST_LOG", "warn"), ("CONTIGO_LOG", "contigo_bot=debug")],
    );
    assert!(!both.contains("DEBUG"), "{both}");
}

#[test]
fn text_logs_have_no_colour_codes_when_not_on_a_terminal() {
    let err = chat_stderr("local", &[("RUST_LOG", "contigo_bot=debug")]);
    assert!(err.contains("INFO"), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "no escape codes in a file: {err:?}"
    );
}

/// A whole registration and the signed DDC sent from the terminal: the stage change
/// is logged at INFO with the request code, never with the DNIs, names or e-mails.
#[test]
fn a_stage_change_is_logged_at_info_without_personal_data() {
    let lines = [
        "/start",
        "1",
        "1",
        "MARISCAL CACERES",
        "1",
        "Rosa María",
        "Quispe Huamán",
        "45678912",
        "0123-2026-JNE",
        "987654321",
        "1",
        "rosa.quispe@example.org",
        "alcaldia@example.gob.pe",
        "Luis Alberto",
        "Pérez Soto",
        "41234567",
        "912345678",
        "luis.perez@example.org",
        "1",
        "Jefe",
        "15/01/2026",
        "1",
        "1",
        "/file signed.pdf",
    ];
    let err = chat_typing("local", &[("RUST_LOG", "info")], &(lines.join("\n") + "\n"));
    let moved = err
        .lines()
        .find(|l| l.contains("stage changed"))
        .unwrap_or_else(|| panic!("no stage change logged:\n{err}"));
    assert!(moved.contains("INFO"), "{moved}");
    assert!(moved.contains("request=\"CTG-2026-000001\""), "{moved}");
    assert!(
        moved.contains("from=\"awaiting_ddc\" to=\"uac_review\""),
        "{moved}"
    );
    assert!(moved.contains("actor=\"applicant\""), "{moved}");
    for personal in [
        "45678912",
        "41234567",
        "Quispe",
        "Pérez",
        "987654321",
        "example.org",
    ] {
        assert!(!err.contains(personal), "{personal} in the log:\n{err}");
    }
}
