//! The DDC as the mayor reads it: the institution's own declaration, its name in full,
//! the cargo said once, place and date, fiscal year and codes, on one page. All people
//! and codes here are invented.

use contigo_bot::app::App;
use contigo_bot::domain::request::RequestData;
use contigo_bot::message::{Inbound, Outbound};
use contigo_bot::store::requests::RequestRow;

use crate::backends;
use crate::support::engine::{assert_has, telegram, text_of, turn};
use crate::support::{
    Backend, Running, TestDb, local_request_data, monday_morning, settings, submitted_request,
};

/// The DDC a chat gets with /ddc, as its text on one line (the PDF wraps lines anywhere).
async fn ddc_text(app: &App, data: &RequestData, chat: &str) -> (RequestRow, String) {
    let row = submitted_request(app, data, "telegram", chat).await;
    let out = turn(app, &telegram(chat), Inbound::Text("/ddc".into())).await;
    let sha = out
        .iter()
        .find_map(|o| match o {
            Outbound::Document { sha256, .. } => Some(sha256.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no DDC in {}", text_of(&out)));
    let bytes = app.engine.files.get(&sha).await.expect("stored");
    if let Ok(dir) = std::env::var("DDC_SAMPLE_DIR") {
        let path = std::path::Path::new(&dir).join(format!("scan-ddc-{chat}.pdf"));
        std::fs::write(path, &bytes).expect("write sample");
    }
    let pdf = lopdf::Document::load_mem(&bytes).expect("a real PDF");
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    assert_eq!(
        pages.len(),
        1,
        "the signature must not spill onto a second page"
    );
    let text = pdf.extract_text(&pages).expect("text");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let row = contigo_bot::store::requests::get(
        &mut app.store.pool.acquire().await.expect("conn"),
        row.id,
    )
    .await
    .expect("query")
    .expect("request");
    (row, flat)
}

async fn the_ddc_names_the_institution_place_date_fiscal_year_and_codes(backend: Backend) {
    let db = TestDb::new(backend).await;
    let bot = Running::start(settings(&db, None), monday_morning()).await;
    let app = &bot.app;

    // A district: its municipality by name, signed where it sits, on the day it was made.
    let (row, text) = ddc_text(app, &local_request_data("090103", "987650011"), "7101").await;
    assert_has(&text, "alcalde(sa) de la Municipalidad Distrital de Acoria");
    assert_has(
        &text,
        "responsable de la OMAPED de la Municipalidad Distrital de Acoria",
    );
    assert_has(&text, "Acoria, 23 de noviembre de 2026");
    assert_has(&text, &format!("año fiscal {}", row.fiscal_year));
    let verification = row.verification_code.expect("verification code").grouped();
    assert_has(&text, &format!("Código de verificación: {verification}"));
    assert_has(&text, &row.code);
    // The position already names the office: said once.
    assert_has(&text, "Jefe de OMAPED, como responsable");
    assert!(!text.contains("OMAPED de OMAPED"), "{text}");

    // A province's capital district is the provincial municipality's.
    let (_, text) = ddc_text(app, &local_request_data("090101", "987650012"), "7102").await;
    assert_has(&text, "Municipalidad Provincial de Huancavelica");
    assert!(!text.contains("Municipalidad Distrital"), "{text}");

    // A regional government, with an office the position does not name.
    let mut regional = local_request_data("090103", "987650013");
    regional.access_type = Some(contigo_bot::domain::request::AccessType::Regional);
    regional.ubigeo = None;
    regional.region_code = Some("09".into());
    regional.resp_position = contigo_bot::domain::values::FreeText::parse("Especialista").ok();
    regional.resp_office =
        contigo_bot::domain::values::FreeText::parse("Gerencia de Desarrollo Social").ok();
    let (_, text) = ddc_text(app, &regional, "7103").await;
    assert_has(&text, "gobernador(a) del Gobierno Regional de Huancavelica");
    assert_has(
        &text,
        "Especialista de Gerencia de Desarrollo Social del Gobierno Regional de Huancavelica",
    );
    assert_has(&text, "Huancavelica, 23 de noviembre de 2026");
    bot.stop().await;
}

backends!(the_ddc_names_the_institution_place_date_fiscal_year_and_codes);
