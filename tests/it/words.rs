//! The words the bot uses (issue #11, points 11 and 12): prompts say "toque" on a
//! phone and "escriba el número" in the terminal; examples fit the access type; a
//! stale menu button or a request code typed in the wrong step is still understood.
//! Every name, number and DNI is invented.

use std::io::Write;
use std::process::{Command, Stdio};

use contigo_bot::domain::stage::Stage;
use contigo_bot::domain::values::Dni;

use crate::backends;
use crate::support::telegram::{FakeTelegram, TgChat, TgUser};
use crate::support::{
    Backend, Running, TestDb, local_request_data, monday_morning, settings, submitted_request,
};

/// Runs `contigo-bot chat` on the scratch database with the lines typed in, and
/// returns what it printed.
async fn terminal(db: &TestDb, lines: &[&str]) -> String {
    let url = db.url.clone();
    let files = db.dir.path().join("files");
    let script = format!("{}\n", lines.join("\n"));
    tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_contigo-bot"))
            .args(["--config", "/dev/null", "chat", "--no-http"])
            .env("CONTIGO__DATABASE__URL", url)
            .env("CONTIGO__STORAGE__DIR", files)
            .env_remove("TELEGRAM_BOT_TOKEN")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run contigo-bot chat");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(script.as_bytes())
            .expect("write script");
        let out = child.wait_with_output().expect("finish");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    })
    .await
    .expect("terminal run")
}

async fn the_terminal_asks_to_type_the_number_and_a_regional_form_shows_regional_examples(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let out = terminal(
        &db,
        &[
            "/start",
            "1", // Solicitar acceso
            "2", // Gobierno Regional
            "Huancavelica",
            "Rosa María",
            "Quispe Huamán",
            "45678912",
            "0123-2026-JNE",
            "987654321",
            "rosa.quispe@example.org",
            "Luis",
            "Pérez",
            "41234567",
            "912345678",
            "luis@example.org",
            "Jefe de la OREDIS",
            "15/01/2026",
            "2",  // Corregir un dato
            "10", // Correo institucional: optional, added at the review step
        ],
    )
    .await;
    for expected in [
        "¿Qué desea hacer? Escriba el número de una opción.",
        "Escríbalo, o escriba el número de «Omitir» si no tiene.",
        "Ejemplo: gobernacion@regionhuancavelica.gob.pe",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    for wrong in ["Toque", "toque", "muniacoria"] {
        assert!(!out.contains(wrong), "{wrong:?} in:\n{out}");
    }
}

backends!(the_terminal_asks_to_type_the_number_and_a_regional_form_shows_regional_examples);

/// «Municipalidad de Acoria» typed at the first question is a Gobierno Local and its
/// district: the district is not asked again.
async fn a_municipalitys_name_answers_the_access_type_and_the_district(backend: Backend) {
    let db = TestDb::new(backend).await;
    let out = terminal(
        &db,
        &[
            "/start",
            "1",
            "Municipalidad Distrital de Acoria",
            "/cancelar",
        ],
    )
    .await;
    assert!(
        out.contains("Distrito: Acoria (Huancavelica, Huancavelica) ✓"),
        "the district taken:\n{out}"
    );
    assert!(
        !out.contains("¿De qué distrito es la municipalidad?"),
        "the district asked again:\n{out}"
    );
}

backends!(a_municipalitys_name_answers_the_access_type_and_the_district);

/// An ally on Telegram.
type Ally<'a> = TgChat<'a>;

async fn telegram_prompts_say_tap_and_a_local_form_shows_a_municipal_email(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let a = Ally {
        tg: &tg,
        user: TgUser::new(7401, "Rosa").with_language("es"),
    };
    let menu = a.says("/start", "¿Qué desea hacer?").await;
    assert!(
        menu.contains("Toque una opción o escriba su número."),
        "{menu}"
    );
    a.taps("Solicitar acceso", "Paso 1").await;
    a.taps("Gobierno Local", "distrito").await;
    a.says("Acoria", "nombres del alcalde").await;
    a.says("Rosa María", "apellidos").await;
    a.says("Quispe Huamán", "DNI").await;
    a.says("45678912", "credencial").await;
    a.says("0123-2026-JNE", "celular").await;
    a.says("987654321", "correo electrónico personal").await;
    a.says("rosa.quispe@example.org", "nombres").await;
    a.says("Luis", "apellidos").await;
    a.says("Pérez", "DNI").await;
    a.says("41234567", "celular").await;
    a.says("912345678", "correo").await;
    a.says("luis@example.org", "cargo").await;
    a.says("Jefe de la OMAPED", "fecha").await;
    a.taps("Hoy", "Revise sus datos").await;
    // The optional fields are added at the review step, where «Omitir» is offered.
    a.taps("Corregir un dato", "¿Qué dato").await;
    let email = a.taps("Correo institucional", "correo institucional").await;
    assert!(email.contains("toque «Omitir»"), "{email}");
    assert!(email.contains("alcaldia@muniacoria.gob.pe"), "{email}");
    assert!(!email.contains("regionhuancavelica"), "{email}");
    bot.stop().await;
}

backends!(telegram_prompts_say_tap_and_a_local_form_shows_a_municipal_email);

async fn an_older_see_my_request_button_inside_download_ddc_shows_the_status(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let a = Ally {
        tg: &tg,
        user: TgUser::new(7402, "Luis").with_language("es"),
    };
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "987650402"),
        "telegram",
        &a.user.chat_id().to_string(),
    )
    .await;
    // Rejected: nothing to download from this chat, so "Descargar DDC" asks for a code.
    let mut tx = bot.app.store.begin().await.expect("tx");
    contigo_bot::store::requests::move_stage(
        &mut tx,
        row.id,
        Stage::AwaitingDdc,
        Stage::Rejected,
        None,
        "test",
        None,
        bot.app.clock.unix(),
    )
    .await
    .expect("rejected");
    tx.commit().await.expect("commit");
    // Two menus: the older one keeps its buttons when the newer one is used.
    a.says("/start", "¿Qué desea hacer?").await;
    a.says("/start", "¿Qué desea hacer?").await;
    a.taps("Descargar DDC", "Escriba el código de su solicitud")
        .await;
    // The menu's "Ver mi solicitud", tapped on the older message, in the find step.
    let status = a.taps("Ver mi solicitud", "rechazada").await;
    assert!(status.contains(&row.code), "{status}");
    assert!(!status.contains("8 dígitos"), "{status}");
    // The download's question is asked again.
    assert!(
        status.contains("Escriba el código de su solicitud"),
        "{status}"
    );
    bot.stop().await;
}

backends!(an_older_see_my_request_button_inside_download_ddc_shows_the_status);

async fn a_request_code_typed_where_a_dni_is_expected_is_taken_as_the_code(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let a = Ally {
        tg: &tg,
        user: TgUser::new(7403, "Rosa").with_language("es"),
    };
    let own = submitted_request(
        &bot.app,
        &local_request_data("090101", "987650403"),
        "telegram",
        &a.user.chat_id().to_string(),
    )
    .await;
    // Another chat's request (another district): its status needs proof.
    let other = submitted_request(
        &bot.app,
        &local_request_data("090102", "987650404"),
        "telegram",
        "999999",
    )
    .await;

    // The registration's DNI step: the code is looked up, the form kept for later.
    a.says("/start", "¿Qué desea hacer?").await;
    a.taps("Solicitar acceso", "Paso 1").await;
    a.taps("Gobierno Local", "distrito").await;
    a.says("Acoria", "nombres del alcalde").await;
    a.says("Rosa María", "apellidos").await;
    a.says("Quispe Huamán", "DNI del alcalde").await;
    let answer = a.says(&own.code.to_lowercase(), "para después").await;
    assert!(!answer.contains("8 dígitos"), "{answer}");
    let status = tg.wait_for(a.user.chat_id(), "Etapa").await;
    assert!(status.text().contains(&own.code), "{}", status.text());
    a.says("/continuar", "DNI del alcalde").await;

    // The status lookup asking for the authority's DNI (another chat's request): a
    // code typed there is looked up as the code, not taken as a wrong DNI.
    let mut data = local_request_data("090103", "987650405");
    data.authority_dni = Some(Dni::parse("40000405").expect("dni"));
    let third = submitted_request(&bot.app, &data, "telegram", "999998").await;
    let b = Ally {
        tg: &tg,
        user: TgUser::new(7404, "Beto").with_language("es"),
    };
    b.says("/estado", "código de su solicitud").await;
    b.says(&other.code, "DNI de quien firma la DDC").await;
    let again = b.says(&third.code, "DNI de quien firma la DDC").await;
    assert!(!again.contains("8 dígitos"), "{again}");
    assert!(!again.contains("no coincide"), "{again}");
    // The DNI now proves the third request, the one whose code was typed last.
    let stage = b.says("40000405", "Etapa").await;
    assert!(stage.contains(&third.code), "{stage}");
    bot.stop().await;
}

backends!(a_request_code_typed_where_a_dni_is_expected_is_taken_as_the_code);

/// The form's examples for each access type, as the engine renders them.
#[test]
fn each_access_type_gets_its_own_examples() {
    use contigo_bot::i18n::{Arg, Locales};
    let loc = Locales::embedded().expect("locales");
    let email = |access: &str| {
        loc.t_args(
            "es",
            "ask-authority-institutional-email",
            &[
                ("access", Arg::from(access)),
                ("channel", Arg::from("telegram")),
            ],
        )
    };
    assert!(email("local").contains("alcaldia@muniacoria.gob.pe"));
    assert!(email("regional").contains("gobernacion@regionhuancavelica.gob.pe"));
    let other = email("other");
    assert!(other.contains("mesadepartes@conadisperu.gob.pe"), "{other}");
    assert!(
        !other.contains("muni") && !other.contains("region"),
        "{other}"
    );
    let office = |access: &str| {
        loc.t_args(
            "es",
            "ask-resp-office",
            &[
                ("access", Arg::from(access)),
                ("channel", Arg::from("terminal")),
            ],
        )
    };
    assert!(office("regional").contains("OREDIS"));
    assert!(office("regional").contains("Escriba el número de la opción"));
    // No OMAPED/OREDIS option for another ally: only its name is asked.
    assert!(!office("other").contains("OMAPED") && !office("other").contains("opción"));
}

/// Every Fluent key the code can produce exists in Spanish and in English (a missing
/// one shows the raw key to a user): the literal keys passed to a translating call in
/// `src/`, any key-shaped literal that one language has and the other lacks, the
/// keys the domain's types name (fields, stages, roles, access types, reasons, …) and
/// every key `src/` makes with `format!` from one of them (`notify-{stage}`).
#[test]
fn every_key_the_code_can_produce_is_in_es_and_en() {
    use contigo_bot::domain::fields::Section;
    use contigo_bot::domain::kb::Topic;
    use contigo_bot::domain::observation::ObservationReason;
    use contigo_bot::domain::padron::{self, ALERT, AlertKind, FAD, HistoryKind};
    use contigo_bot::domain::request::{AccessType, Field, RequestKind};
    use contigo_bot::domain::stage::Role;
    use contigo_bot::domain::ticket::{Category, TicketState};
    use contigo_bot::i18n::Locales;
    use contigo_bot::store::padron::PadronList;

    let loc = Locales::embedded().expect("locales parse");
    let in_both = |k: &str| loc.has("es", k) && loc.has("en", k);
    let mut missing: Vec<String> = vec![];
    let key_shaped = |s: &str| {
        s.contains('-')
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !s.ends_with('-')
            && !s.contains("--")
    };
    // Every source file of the crate, with its text.
    let mut sources: Vec<(std::path::PathBuf, String)> = vec![];
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(path) = dirs.pop() {
        if path.is_dir() {
            dirs.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            sources.push((path, text));
        }
    }
    // The calls that translate the literal they are given (first or second argument).
    const CALLS: [&str; 6] = ["t", "ta", "t_args", "maybe", "choice", "say_key"];
    let mut literal_keys = 0;
    for (path, text) in &sources {
        for (n, line) in text.lines().enumerate() {
            let parts: Vec<&str> = line.split('"').collect();
            // Odd positions are inside quotes (escaped quotes are rare in key lines).
            for i in (1..parts.len()).step_by(2) {
                let lit = parts[i];
                // The DDC is an official document, written in Spanish only.
                if !key_shaped(lit) || lit.starts_with("ddc-doc-") {
                    continue;
                }
                let before = parts[..i].join("\"");
                let called = before.rfind('(').is_some_and(|open| {
                    let args = &before[open + 1..];
                    let name: String = before[..open]
                        .chars()
                        .rev()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    CALLS.contains(&name.as_str())
                        && args.len() < 30
                        && !args.contains(['"', ')', '('])
                });
                let one_sided = loc.has("es", lit) != loc.has("en", lit);
                if called {
                    literal_keys += 1;
                }
                if (called || one_sided) && !in_both(lit) {
                    missing.push(format!("{}:{}: {lit}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(
        literal_keys > 200,
        "the scan found only {literal_keys} keys"
    );
    let mut generated: Vec<String> = vec![];
    for f in Field::all() {
        let def = f.def();
        generated.extend([def.label, def.question, def.short_label].map(String::from));
        generated.extend(def.help.map(String::from));
        generated.extend(def.if_none.map(String::from));
    }
    for field in FAD.fields().into_iter().chain(ALERT.fields()) {
        generated.extend([field.label, field.short_label].map(String::from));
        generated.extend(field.help.map(String::from));
    }
    for stage in Stage::ALL {
        generated.push(stage.message_key().to_owned());
    }
    for role in Role::ALL {
        generated.push(role.message_key().to_owned());
    }
    for t in AccessType::ALL {
        generated.push(t.message_key().to_owned());
        generated.push(t.authority_key().to_owned());
    }
    for r in ObservationReason::ALL {
        generated.push(r.message_key().to_owned());
    }
    generated.extend(Category::ALL.map(|c| c.message_key().to_owned()));
    generated.extend(TicketState::ALL.map(|s| s.message_key().to_owned()));
    generated.extend(Topic::ALL.map(|t| t.message_key()));
    generated.extend(AlertKind::ALL.map(|k| k.message_key()));
    generated.extend(padron::Status::ALL.iter().map(|v| v.message_key()));
    generated.extend(padron::PaymentStatus::ALL.iter().map(|v| v.message_key()));
    generated.extend(padron::Collection::ALL.iter().map(|v| v.message_key()));
    generated.extend(padron::RequestState::ALL.iter().map(|v| v.message_key()));
    generated.extend(padron::Category::ALL.iter().map(|v| v.message_key()));
    // The keys `src/` builds with `format!("prefix-{…}")`, by prefix: what each
    // can build. A new prefix fails below until it is listed here (or, when what
    // follows it is not a message, in NOT_KEYS).
    let dashed = |s: &str| s.replace('_', "-");
    let stages: Vec<String> = Stage::ALL.iter().map(|s| dashed(s.as_str())).collect();
    let families: Vec<(&str, Vec<String>)> = vec![
        ("notify-", stages.clone()),
        ("status-next-", stages),
        (
            "export-kind-",
            RequestKind::ALL
                .iter()
                .map(|k| k.as_str().to_owned())
                .collect(),
        ),
        // webapp-{kind}-sent, for the Mini App's two ally forms.
        ("webapp-", vec!["fad-sent".into(), "alert-sent".into()]),
        (
            "flow-section-",
            Section::ALL.iter().map(|s| s.as_str().to_owned()).collect(),
        ),
        (
            "flow-label-",
            FAD.fields()
                .into_iter()
                .chain(ALERT.fields())
                .map(|f| dashed(f.id))
                .chain(Field::all().map(|f| dashed(f.def().id)))
                .collect(),
        ),
        (
            "padron-total-",
            padron::Status::ALL
                .iter()
                .map(|s| s.as_str().to_owned())
                .collect(),
        ),
        (
            "padron-list-",
            PadronList::ALL
                .iter()
                .map(|l| l.as_str().to_owned())
                .collect(),
        ),
        (
            "padron-history-",
            HistoryKind::ALL
                .iter()
                .map(|k| k.as_str().to_owned())
                .collect(),
        ),
        // Made by the types above (`message_key`, the field table), checked there.
        ("faq-topic-", vec![]),
        ("alert-kind-", vec![]),
        ("field-", vec![]),
        ("ask-", vec![]),
        ("flow-help-", vec![]),
        ("none-", vec![]),
    ];
    // `format!` prefixes that make no message id: file names, an unsupported
    // input's code, a Fluent attribute, ids in unit tests; and the usage report's
    // page names, which fall back to the page's code.
    const NOT_KEYS: [&str; 12] = [
        "invitacion-",
        "uso-aliados-",
        "cobertura-",
        "solicitudes-",
        "cuentas-creadas-",
        "designacion-",
        "whatsapp-",
        "inv-",
        "step-",
        "guide-",
        "lesson-",
        "usage-page-",
    ];
    for (prefix, rests) in &families {
        generated.extend(rests.iter().map(|rest| format!("{prefix}{rest}")));
    }
    let mut prefixes = 0;
    for (path, text) in &sources {
        for (n, line) in text.lines().enumerate() {
            for piece in line.split("format!(\"").skip(1) {
                let Some((prefix, _)) = piece.split_once('{') else {
                    continue;
                };
                let made = prefix.ends_with('-')
                    && prefix.starts_with(|c: char| c.is_ascii_lowercase())
                    && prefix
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                if !made || prefix.starts_with("ddc-doc-") {
                    continue;
                }
                prefixes += 1;
                let known =
                    families.iter().any(|(p, _)| *p == prefix) || NOT_KEYS.contains(&prefix);
                if !known {
                    missing.push(format!(
                        "{}:{}: keys made from \"{prefix}…\" are not listed in this test",
                        path.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(prefixes > 20, "the scan found only {prefixes} made keys");
    for k in generated {
        if !in_both(&k) {
            missing.push(format!("generated: {k}"));
        }
    }
    assert!(
        missing.is_empty(),
        "keys missing in es or en:\n{}",
        missing.join("\n")
    );
}
