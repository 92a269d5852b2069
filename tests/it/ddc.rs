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

/// A value of `len` characters of the widest letters, in words of ten, as long as the
/// form accepts: what makes the DDC longest.
fn widest(len: usize) -> String {
    let mut s: String = (0..len)
        .map(|i| if i % 11 == 10 { ' ' } else { 'W' })
        .collect();
    if s.ends_with(' ') {
        s.pop();
        s.push('M');
    }
    s
}

/// Every field at the most the form accepts, for `access_type`.
fn longest_data(access_type: contigo_bot::domain::request::AccessType) -> RequestData {
    use contigo_bot::domain::request::AccessType;
    use contigo_bot::domain::ubigeo::Ubigeo;
    use contigo_bot::domain::values::*;
    let name = |n| PersonName::parse(&widest(n)).expect("name");
    let text = |n| FreeText::parse(&widest(n)).expect("text");
    let doc = || DocNumber::parse(&format!("{}1", widest(59))).expect("doc");
    let email = format!(
        "{}@{}.{}.{}.pe",
        "w".repeat(64),
        "w".repeat(63),
        "w".repeat(63),
        "w".repeat(58)
    );
    assert_eq!(email.chars().count(), 254);
    let mut data = local_request_data("050808", "987650099");
    data.authority_names = Some(name(60));
    data.authority_surnames = Some(name(60));
    data.jne_credential = Some(doc());
    data.resp_names = Some(name(60));
    data.resp_surnames = Some(name(60));
    data.resp_email = Some(Email::parse(&email).expect("email"));
    data.resp_office = Some(text(120));
    data.resp_position = Some(text(120));
    data.access_type = Some(access_type);
    match access_type {
        AccessType::Local => {}
        AccessType::Regional => {
            data.ubigeo = None;
            // Callao's is the longest region name.
            data.region_code = Some("07".into());
        }
        AccessType::Other => {
            data.ubigeo = None;
            data.region_code = None;
            data.entity_name = Some(text(120));
            data.rof_doc = Some(doc());
            data.head_designation_doc = Some(doc());
        }
    }
    let _ = Ubigeo::parse("050808").expect("a long district name");
    data
}

/// Each text drawn on the page with its baseline, read from the PDF's content stream.
struct Drawn {
    texts: Vec<(f32, String)>,
}

fn drawn(bytes: &[u8]) -> Drawn {
    use lopdf::Object;
    let doc = lopdf::Document::load_mem(bytes).expect("pdf");
    let page = *doc.get_pages().get(&1).expect("page 1");
    let content = doc.get_and_decode_page_content(page).expect("content");
    let num = |o: &Object| match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        _ => 0.0,
    };
    let (mut y, mut texts) = (0.0, vec![]);
    for op in content.operations {
        match op.operator.as_str() {
            "Tm" => y = num(&op.operands[5]),
            "Tj" => {
                if let Some(Object::String(s, _)) = op.operands.first() {
                    texts.push((y, s.iter().map(|&b| char::from(b)).collect()));
                }
            }
            _ => {}
        }
    }
    Drawn { texts }
}

/// The QR code drawn in the header, read back by the reader the upload check uses.
fn qr_payload(bytes: &[u8]) -> Option<String> {
    let doc = lopdf::Document::load_mem(bytes).expect("pdf");
    contigo_bot::documents::qr::read_drawn(&doc)
        .into_iter()
        .next()
}

async fn ddc_bytes(app: &App, data: &RequestData, chat: &str, lang: &str) -> (RequestRow, Vec<u8>) {
    let row = submitted_request(app, data, "telegram", chat).await;
    sqlx::query("UPDATE access_requests SET locale = $1 WHERE id = $2")
        .bind(lang)
        .bind(row.id)
        .execute(&app.store.pool)
        .await
        .expect("set the chat's language");
    let mut chat_ref = telegram(chat);
    chat_ref.lang_hint = Some(lang.into());
    let out = turn(app, &chat_ref, Inbound::Text("/ddc".into())).await;
    let sha = out
        .iter()
        .find_map(|o| match o {
            Outbound::Document { sha256, .. } => Some(sha256.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no DDC in {}", text_of(&out)));
    let bytes = app.engine.files.get(&sha).await.expect("stored");
    if let Ok(dir) = std::env::var("DDC_SAMPLE_DIR") {
        let path = std::path::Path::new(&dir).join(format!("longest-ddc-{chat}.pdf"));
        std::fs::write(path, &bytes).expect("write sample");
    }
    let row = contigo_bot::store::requests::get(
        &mut app.store.pool.acquire().await.expect("conn"),
        row.id,
    )
    .await
    .expect("query")
    .expect("request");
    (row, bytes)
}

async fn the_longest_ddc_of_every_access_type_is_one_page_signed_under_its_text(backend: Backend) {
    use contigo_bot::domain::request::AccessType;
    let db = TestDb::new(backend).await;
    let bot = Running::start(settings(&db, None), monday_morning()).await;
    let app = &bot.app;
    // The DDC is the program's Spanish form whatever the chat speaks: an English chat
    // gets the same one page.
    let cases = [
        (AccessType::Local, "es"),
        (AccessType::Regional, "es"),
        (AccessType::Other, "es"),
        (AccessType::Local, "en"),
        (AccessType::Other, "en"),
    ];
    for (n, (access_type, lang)) in cases.into_iter().enumerate() {
        let (row, bytes) =
            ddc_bytes(app, &longest_data(access_type), &format!("720{n}"), lang).await;
        let pdf = lopdf::Document::load_mem(&bytes).expect("a real PDF");
        assert_eq!(
            pdf.get_pages().len(),
            1,
            "{access_type:?}: more than one page"
        );
        let drawn = drawn(&bytes);
        let y_of = |needle: &str| {
            drawn
                .texts
                .iter()
                .filter(|(_, t)| t.contains(needle))
                .map(|(y, _)| *y)
                .next()
                .unwrap_or_else(|| panic!("{access_type:?}: no {needle:?} drawn"))
        };
        // Top to bottom: the declaration, the place and date, the signer under the rule,
        // then the footer; the signature block sits above the footer, on the same page.
        let intro = y_of("Yo, ");
        let place_date = y_of("de noviembre de 2026");
        let signer = y_of("Nombre y apellido");
        let footer = y_of(&format!("Solicitud {}", row.code));
        assert!(intro > place_date, "{access_type:?}");
        assert!(place_date > signer, "{access_type:?}");
        assert!(
            signer > footer + 10.0,
            "{access_type:?}: signer {signer}, footer {footer}"
        );
        // With no chat link configured the QR carries the codes, and the text only asks
        // to type them.
        let verification = row.verification_code.expect("verification").grouped();
        assert_eq!(
            qr_payload(&bytes),
            Some(format!("{} {verification}", row.code)),
            "{access_type:?}"
        );
        let text = pdf.extract_text(&[1]).expect("text");
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(!flat.to_lowercase().contains("escanee"), "{flat}");
        assert_has(&flat, "escriba el código");
    }
    bot.stop().await;
}

backends!(the_longest_ddc_of_every_access_type_is_one_page_signed_under_its_text);

/// The shipped `bot.toml` has no `[links]`: with a Telegram token the bot asks Telegram
/// its username, and the DDC's QR opens that chat; the text asks to scan it.
async fn the_qr_code_links_to_the_chat_with_the_shipped_settings(backend: Backend) {
    let fake = crate::support::telegram::FakeTelegram::start().await;
    let db = TestDb::new(backend).await;
    let shipped: contigo_bot::config::Settings =
        toml::from_str(include_str!("../../bot.toml")).expect("shipped bot.toml");
    assert!(shipped.links.telegram_bot_username.is_empty());
    let test = settings(&db, Some(&fake.api_url()));
    let mut s = shipped;
    s.database = test.database.clone();
    s.storage.dir = test.storage.dir.clone();
    s.http.listen = test.http.listen;
    s.telegram.api_url = test.telegram.api_url.clone();
    s.secrets = test.secrets.clone();
    let bot = Running::start(s, monday_morning()).await;
    let (row, bytes) = ddc_bytes(
        &bot.app,
        &local_request_data("090103", "987650021"),
        "7301",
        "es",
    )
    .await;
    let verification = row.verification_code.expect("verification");
    assert_eq!(
        qr_payload(&bytes),
        Some(format!(
            "https://t.me/{}?start={}-{}",
            crate::support::telegram::BOT_USERNAME,
            row.code,
            verification.as_str()
        ))
    );
    let text = lopdf::Document::load_mem(&bytes)
        .expect("pdf")
        .extract_text(&[1])
        .expect("text");
    assert_has(
        &text.split_whitespace().collect::<Vec<_>>().join(" "),
        "escanee el código QR",
    );
    bot.stop().await;
}

backends!(the_qr_code_links_to_the_chat_with_the_shipped_settings);
