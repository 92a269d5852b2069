//! What a stranger meets trying the bot as its users would. Every name, number and
//! DNI is invented.

use crate::backends;
use crate::support::telegram::{FakeTelegram, TgChat, TgUser};
use crate::support::{Backend, Running, TestDb, monday_morning, settings};

/// The summary's lines that start with a number ("3. Nombres…").
fn numbered_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| {
            let digits = l
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .count();
            digits > 0 && l.trim_start()[digits..].starts_with(". ")
        })
        .collect()
}

/// The review lists 18 answers and offers 3 choices; where a typed number picks a
/// choice (the terminal, WhatsApp, and Telegram too), "3" for the third answer
/// would be «Cancelar» and throw away every answer. Only the choices are numbered.
async fn the_review_numbers_only_its_choices(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let a = TgChat {
        tg: &tg,
        user: TgUser::new(7472, "Elmer").with_language("es"),
    };
    a.says("/start", "¿Qué desea hacer?").await;
    a.taps("Solicitar acceso", "Paso 1").await;
    a.says("Acoria", "nombres del alcalde").await;
    crate::journey_telegram::authority_and_responsible(&a, true).await;
    a.says("Jefe de la OMAPED", "fecha").await;
    let summary = a.says("15/01/2026", "Revise sus datos").await;
    assert!(
        summary.contains("Nombres de la autoridad: Rosa María"),
        "{summary}"
    );
    assert_eq!(numbered_lines(&summary), Vec::<&str>::new(), "{summary}");
    // The list to correct a field is a choice: numbered there.
    let fix = a.taps("Corregir un dato", "¿Qué dato").await;
    assert!(fix.contains("¿Qué dato"), "{fix}");
    bot.stop().await;
}

backends!(the_review_numbers_only_its_choices);
