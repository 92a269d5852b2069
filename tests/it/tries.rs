//! What a stranger meets when they type as people in a rural OMAPED do: all in
//! lower case, the DNI with its label and dots, the mobile after "cel.", the JNE
//! credential copied with its "Credencial N°". Every name, number and DNI is invented.

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

async fn a_registration_typed_as_people_type_it_reads_right_at_the_review(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let a = TgChat {
        tg: &tg,
        user: TgUser::new(7471, "Nelly").with_language("es"),
    };
    a.says("/start", "¿Qué desea hacer?").await;
    a.taps("Solicitar acceso", "Paso 1").await;
    a.says("acoria", "nombres del alcalde").await;
    a.says("rosa maría", "apellidos").await;
    a.says("quispe de la cruz", "DNI").await;
    a.says("DNI: 45.678.912", "credencial").await;
    a.says("Credencial N° 0123-2026-JNE", "celular").await;
    a.says("cel. 987 654 321", "correo electrónico personal")
        .await;
    a.says("rosa.quispe@example.org", "nombres").await;
    a.says("luis alberto", "apellidos").await;
    a.says("pérez-soto", "DNI").await;
    a.says("dni 41234567", "celular").await;
    a.says("Celular: 912-345-678", "correo").await;
    a.says("luis.perez@example.org", "cargo").await;
    a.says("jefe de la omaped", "fecha").await;
    let summary = a.says("2/1/26", "Revise sus datos").await;
    for line in [
        "Nombres de la autoridad: Rosa María",
        "Apellidos de la autoridad: Quispe de la Cruz",
        "DNI de la autoridad: 45678912",
        "Credencial del JNE: 0123-2026-JNE",
        "Teléfono de la autoridad: 987654321",
        "Nombres del responsable: Luis Alberto",
        "Apellidos del responsable: Pérez-Soto",
        "DNI del responsable: 41234567",
        "Celular del responsable: 912345678",
        "Fecha de designación: 02/01/2026",
    ] {
        assert!(summary.contains(line), "{line} in:\n{summary}");
    }
    bot.stop().await;
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

backends!(
    a_registration_typed_as_people_type_it_reads_right_at_the_review,
    the_review_numbers_only_its_choices,
);
