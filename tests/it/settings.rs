//! An operator checks the settings (issue 15): `check-config` refuses what cannot
//! work, naming each problem once, warns about what is probably a mistake, and prints
//! the effective settings as TOML with secrets only as set/unset; `serve` refuses to
//! start on the same problems. Each test runs the real binary in a scratch folder.

use std::path::Path;
use std::process::{Command, Output};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `contigo-bot ARGS` in `dir` with only the environment given (no CONTIGO__*,
/// no secrets from the machine running the tests).
fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_contigo-bot"));
    cmd.args(args).current_dir(dir).env_clear();
    for (k, v) in env {
        cmd.env(k, v);
    }
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("run contigo-bot");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// `check-config` with `bot.toml` holding `toml`.
fn check(toml: &str, env: &[(&str, &str)]) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("bot.toml"), toml).expect("write bot.toml");
    run(dir.path(), &["--config", "bot.toml", "check-config"], env)
}

fn refused(r: &Run) {
    assert_ne!(r.code, 0, "expected a refusal\n{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.is_empty(),
        "nothing printed as settings: {}",
        r.stdout
    );
}

#[test]
fn a_misspelt_key_is_refused_naming_it_and_the_closest_key() {
    let r = check("[terms]\nuac_reveiw = 2\n", &[]);
    refused(&r);
    assert!(
        r.stderr.contains(
            "unknown key `terms.uac_reveiw` in bot.toml; did you mean `terms.uac_review`?"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn a_key_in_the_wrong_section_and_a_misspelt_section_are_refused() {
    let r = check(
        "[bot]\ninterval_secs = 30\n[telegarm]\nmode = \"polling\"\n",
        &[],
    );
    refused(&r);
    assert!(
        r.stderr
            .contains("`bot.interval_secs` in bot.toml; did you mean `scheduler.interval_secs`?"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("`telegarm` in bot.toml; did you mean `telegram`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_unknown_environment_override_is_refused() {
    let r = check("", &[("CONTIGO__SCHEDULER__INTERVAL_SEC", "30")]);
    refused(&r);
    assert!(
        r.stderr.contains(
            "unknown key `scheduler.interval_sec` (CONTIGO__SCHEDULER__INTERVAL_SEC); did you mean `scheduler.interval_secs`?"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn a_settings_file_asked_for_that_does_not_exist_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let r = run(dir.path(), &["--config", "prod.toml", "check-config"], &[]);
    refused(&r);
    assert!(
        r.stderr
            .contains("the settings file prod.toml does not exist"),
        "{}",
        r.stderr
    );
    // Without --config, a missing bot.toml means every default.
    let r = run(dir.path(), &["check-config"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn zero_intervals_and_terms_are_refused_each_named_once() {
    let r = check(
        "[scheduler]\ninterval_secs = 0\n[terms]\nuac_review = 0\n[outbox]\nmax_in_flight = 0\n",
        &[],
    );
    refused(&r);
    for key in [
        "scheduler.interval_secs",
        "terms.uac_review",
        "outbox.max_in_flight",
    ] {
        assert_eq!(
            r.stderr.matches(key).count(),
            1,
            "{key} named once: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains(&format!("{key} must be at least 1")),
            "{}",
            r.stderr
        );
    }
    assert!(r.stderr.contains("3 problems"), "{}", r.stderr);
}

#[test]
fn a_bad_value_is_explained_once() {
    let r = check("[telegram]\nmode = \"webhok\"\n", &[]);
    refused(&r);
    assert_eq!(r.stderr.matches("telegram.mode").count(), 1, "{}", r.stderr);
    assert_eq!(r.stderr.matches("webhok").count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("use \"polling\" or \"webhook\""),
        "{}",
        r.stderr
    );
}

#[test]
fn webhook_mode_needs_its_secret_and_an_https_public_url() {
    let toml = "[telegram]\nmode = \"webhook\"\n[http]\npublic_url = \"http://bot.example.org\"\n";
    let r = check(toml, &[]);
    refused(&r);
    assert!(
        r.stderr.contains("needs TELEGRAM_WEBHOOK_SECRET"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("must start with https://"),
        "{}",
        r.stderr
    );
    let r = check(
        "[telegram]\nmode = \"webhook\"\n",
        &[("TELEGRAM_WEBHOOK_SECRET", "s3cret-value")],
    );
    refused(&r);
    assert!(r.stderr.contains("http.public_url"), "{}", r.stderr);
    assert!(r.stderr.contains("it is not set"), "{}", r.stderr);
    let fine = "[telegram]\nmode = \"webhook\"\n[http]\npublic_url = \"https://bot.example.org\"\n";
    let r = check(fine, &[("TELEGRAM_WEBHOOK_SECRET", "s3cret-value")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_broken_email_section_is_refused() {
    let r = check(
        "[email]\nsmtp_url = \"ftp://mail\"\nfrom = \"no address\"\n",
        &[],
    );
    refused(&r);
    assert!(r.stderr.contains("email.smtp_url"), "{}", r.stderr);
    assert!(r.stderr.contains("email.from"), "{}", r.stderr);
}

#[test]
fn telegram_without_a_public_url_warns_but_passes() {
    let r = check("", &[("TELEGRAM_BOT_TOKEN", "123:abc")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: http.public_url is not set: staff cannot get a console link"),
        "{}",
        r.stderr
    );
    let r = check(
        "[http]\npublic_url = \"https://contigo.example.gob.pe\"\n",
        &[("TELEGRAM_BOT_TOKEN", "123:abc")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
}

#[test]
fn no_chat_channel_configured_warns_but_passes() {
    let r = check("", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: no chat channel is configured: set TELEGRAM_BOT_TOKEN"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.matches("warning").count(), 1, "{}", r.stderr);
    let r = check(
        "",
        &[
            ("WHATSAPP_ACCESS_TOKEN", "t"),
            ("WHATSAPP_PHONE_NUMBER_ID", "100000000000001"),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
}

/// Five mistakes of both kinds (values that do not read, values that cannot work),
/// all in one run, each named once.
#[test]
fn every_problem_of_a_file_is_listed_in_one_run() {
    let toml = "\
[database]
max_connections = \"many\"
[telegram]
mode = \"webhok\"
[scheduler]
interval_secs = 0
[outbox]
max_attempts = -3
[bot]
default_locale = \"fr\"
";
    let r = check(toml, &[]);
    refused(&r);
    assert!(
        r.stderr.contains("5 problems in the settings"),
        "{}",
        r.stderr
    );
    for key in [
        "database.max_connections",
        "telegram.mode",
        "scheduler.interval_secs must be at least 1",
        "outbox.max_attempts",
        "bot.default_locale \"fr\" has no messages",
    ] {
        assert_eq!(
            r.stderr.matches(key).count(),
            1,
            "{key} once in:\n{}",
            r.stderr
        );
    }
}

#[test]
fn a_locale_without_messages_is_refused() {
    let r = check("[bot]\ndefault_locale = \"fr\"\n", &[]);
    refused(&r);
    assert!(r.stderr.contains("use one of: "), "{}", r.stderr);
    assert!(r.stderr.contains("es"), "{}", r.stderr);
    let r = check(
        "[bot]\ndefault_locale = \"en\"\n",
        &[("TELEGRAM_BOT_TOKEN", "1:a")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn the_database_password_is_never_printed() {
    let r = check(
        "[database]\nurl = \"postgres://contigo:s3cr3t-pw@db.internal:5432/contigo\"\n",
        &[("TELEGRAM_BOT_TOKEN", "1:a")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("s3cr3t-pw"), "{}", r.stdout);
    assert!(!r.stderr.contains("s3cr3t-pw"), "{}", r.stderr);
    let parsed: toml::Table = toml::from_str(&r.stdout).expect("TOML");
    assert_eq!(
        parsed["database"]["url"].as_str(),
        Some("postgres://contigo:***@db.internal:5432/contigo")
    );
}

#[test]
fn the_effective_settings_print_as_toml_with_secrets_as_set_or_unset() {
    let r = check(
        "[scheduler]\ninterval_secs = 45\n[bot]\nsession_idle_minutes = 20\n[email]\nsmtp_url = \"smtps://mailer:hunter2@smtp.example.org\"\nfrom = \"CONTIGO <no-responder@example.org>\"\n",
        &[
            ("TELEGRAM_BOT_TOKEN", "123:very-secret-token"),
            ("CONTIGO__INTAKE__CONCURRENCY", "4"),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let parsed: toml::Table = toml::from_str(&r.stdout).expect("check-config prints TOML");
    assert_eq!(parsed["scheduler"]["interval_secs"].as_integer(), Some(45));
    assert_eq!(parsed["intake"]["concurrency"].as_integer(), Some(4));
    assert_eq!(
        parsed["terms"]["uac_review"].as_integer(),
        Some(1),
        "defaults shown"
    );
    assert_eq!(
        parsed["secrets"]["TELEGRAM_BOT_TOKEN"].as_str(),
        Some("set")
    );
    assert_eq!(
        parsed["secrets"]["WHATSAPP_APP_SECRET"].as_str(),
        Some("unset")
    );
    assert_eq!(
        parsed["email"]["smtp_url"].as_str(),
        Some("smtps://mailer:***@smtp.example.org")
    );
    assert!(!r.stdout.contains("very-secret-token"));
    assert!(!r.stdout.contains("hunter2"));
}

#[test]
fn serve_refuses_to_start_on_the_same_problems() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("bot.toml"),
        "[scheduler]\ninterval_secs = 0\n[http]\nlisten = \"127.0.0.1:0\"\n",
    )
    .expect("write");
    let r = run(dir.path(), &["--config", "bot.toml", "serve"], &[]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr
            .contains("scheduler.interval_secs must be at least 1"),
        "{}",
        r.stderr
    );
    assert!(!dir.path().join("data").exists(), "no database was created");
}

/// The `[whatsapp.flows]` keys of a bot.toml written before the forms were one list
/// (`FormKind`) still name the same forms: each id lands on its form, `check-config`
/// prints every key back, and a key that names no form is refused.
#[test]
fn the_whatsapp_flows_keys_of_an_existing_bot_toml_keep_loading() {
    use contigo_bot::config::Settings;
    use contigo_bot::message::FormKind;
    let written = "[whatsapp]\nwaba_id = \"200000000000002\"\n[whatsapp.flows]\n\
        registration_local = \"700000000000001\"\n\
        registration_regional = \"700000000000002\"\n\
        registration_other = \"700000000000003\"\n\
        correction_authority = \"700000000000004\"\n\
        correction_responsible = \"700000000000005\"\n\
        ally_fad = \"700000000000006\"\n\
        ally_alert = \" 700000000000007 \"\n";
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("bot.toml");
    std::fs::write(&file, written).expect("write bot.toml");
    let loaded = Settings::load(Some(&file)).expect("loads");
    let flows = &loaded.settings.whatsapp.flows;
    let want = [
        (FormKind::RegistrationLocal, "700000000000001"),
        (FormKind::RegistrationRegional, "700000000000002"),
        (FormKind::RegistrationOther, "700000000000003"),
        (FormKind::CorrectionAuthority, "700000000000004"),
        (FormKind::CorrectionResponsible, "700000000000005"),
        (FormKind::AllyFad, "700000000000006"),
        (FormKind::AllyAlert, "700000000000007"),
    ];
    for (form, id) in want {
        assert_eq!(flows.id_for(form), Some(id), "{form:?}");
    }
    assert_eq!(want.len(), FormKind::ALL.len(), "every form named above");

    let r = check(written, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let parsed: toml::Table = toml::from_str(&r.stdout).expect("check-config prints TOML");
    let shown = parsed["whatsapp"]["flows"]
        .as_table()
        .expect("[whatsapp.flows]");
    assert_eq!(
        shown["registration_regional"].as_str(),
        Some("700000000000002")
    );
    assert_eq!(shown.len(), FormKind::ALL.len(), "{shown:?}");

    // Unset forms are shown empty (and not offered).
    let r = check("", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let parsed: toml::Table = toml::from_str(&r.stdout).expect("TOML");
    let shown = parsed["whatsapp"]["flows"]
        .as_table()
        .expect("[whatsapp.flows]");
    assert_eq!(shown["ally_alert"].as_str(), Some(""));
    assert_eq!(shown.len(), FormKind::ALL.len(), "{shown:?}");

    let r = check(
        "[whatsapp.flows]\nregistration_privada = \"700000000000009\"\n",
        &[],
    );
    refused(&r);
    assert!(
        r.stderr
            .contains("unknown key `whatsapp.flows.registration_privada`"),
        "{}",
        r.stderr
    );
}
