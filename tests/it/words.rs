//! The words the bot uses (issue #11, points 11 and 12): prompts say "toque" on a
//! phone and "escriba el número" in the terminal; examples fit the access type; a
//! stale menu button or a request code typed in the wrong step is still understood.
//! Every name, number and DNI is invented.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::backends;
use crate::support::telegram::{FakeTelegram, TgUser};
use crate::support::{Backend, Running, TestDb, monday_morning, settings};

/// Runs `contigo-bot chat` on the scratch database with the lines typed in, and
/// returns what it printed.
async fn terminal(db: &TestDb, lines: &[&str]) -> String {
    let url = db.url.clone();
    let files = db.dir.path().join("files");
    let script = format!("{}\n", lines.join("\n"));
    tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_contigo-bot"))
            .args(["--config", "/nonexistent.toml", "chat", "--no-http"])
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
            "1", // Omitir
            "rosa.quispe@example.org",
        ],
    )
    .await;
    for expected in [
        "¿Qué desea hacer? Escriba el número de una opción.",
        "Escríbalo, o escriba el número de «Omitir».",
        "Ejemplo: gobernacion@regionhuancavelica.gob.pe",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    for wrong in ["Toque", "toque", "muniacoria"] {
        assert!(!out.contains(wrong), "{wrong:?} in:\n{out}");
    }
}

backends!(the_terminal_asks_to_type_the_number_and_a_regional_form_shows_regional_examples);

/// An ally on Telegram: each step sends something and waits for the bot's answer.
struct Ally<'a> {
    tg: &'a FakeTelegram,
    user: TgUser,
}

impl Ally<'_> {
    async fn says(&self, text: &str, expect: &str) -> String {
        self.tg.send_text(&self.user, text);
        self.tg
            .wait_for(self.user.chat_id(), expect)
            .await
            .text()
            .to_owned()
    }

    async fn taps(&self, label: &str, expect: &str) -> String {
        self.tg.press_button(&self.user, label);
        self.tg
            .wait_for(self.user.chat_id(), expect)
            .await
            .text()
            .to_owned()
    }
}

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
    let other = a.says("987654321", "otro número").await;
    assert!(other.contains("toque «Omitir»"), "{other}");
    a.taps("Omitir", "correo electrónico personal").await;
    let email = a
        .says("rosa.quispe@example.org", "correo institucional")
        .await;
    assert!(email.contains("alcaldia@muniacoria.gob.pe"), "{email}");
    assert!(!email.contains("regionhuancavelica"), "{email}");
    bot.stop().await;
}

backends!(telegram_prompts_say_tap_and_a_local_form_shows_a_municipal_email);
