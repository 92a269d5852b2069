//! The signed DDC proves it is this request's paper before the stage moves: another
//! request's QR (in a photo, in a scanned PDF) is refused by name, the unsigned DDC
//! sent back is refused, and so are PDFs with JavaScript or that inflate to a bomb,
//! each leaving nothing attached and the stage unchanged. A digitally signed DDC shows
//! UAC its signer and whether it verifies; a tampered copy does not. The applicant's
//! chat hears of an upload from another chat. All people and codes are invented.

use contigo_bot::app::App;
use contigo_bot::domain::stage::{Role, Stage};
use contigo_bot::message::{ChatRef, FileContent, FileOrigin, Inbound, IncomingFile, Outbound};
use contigo_bot::store::files::{self, DdcProof};
use contigo_bot::store::requests::RequestRow;
use lopdf::{Document, Object, Stream, dictionary};

use crate::backends;
use crate::support::engine::{assert_has, telegram, text_of, turn};
use crate::support::{
    Backend, Running, TestDb, local_request_data, monday_morning, settings, submitted_request,
};
use crate::support::{fresh, signed_ddc};

fn pdf(bytes: Vec<u8>) -> Inbound {
    Inbound::File(IncomingFile {
        origin: FileOrigin::Document,
        name: Some("ddc.pdf".into()),
        content: FileContent::Bytes(bytes),
    })
}

fn photo(bytes: Vec<u8>) -> Inbound {
    Inbound::File(IncomingFile {
        origin: FileOrigin::Photo,
        name: None,
        content: FileContent::Bytes(bytes),
    })
}

async fn proof(app: &App, id: i64) -> Option<DdcProof> {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    files::latest_proof(&mut conn, id).await.expect("query")
}

/// A photo of a signed page: lines of "print", and the QR code with `payload` in the
/// top right corner, as a phone shoots the DDC.
fn page_photo(payload: &str) -> Vec<u8> {
    let (w, h) = (1240u32, 1754u32);
    let mut page = image::GrayImage::from_fn(w, h, |x, y| {
        let line = (y / 18) % 3 == 0 && (120..w - 120).contains(&x) && y > 400;
        let letter = (x / 7) % 4 != 0;
        image::Luma([if line && letter { 30 } else { 245 }])
    });
    let code = qrcode::QrCode::new(payload.as_bytes()).expect("qr");
    let modules = code.width() as u32;
    let module = 9;
    let (left, top) = (w - 120 - modules * module, 80);
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color != qrcode::Color::Dark {
            continue;
        }
        let (col, row) = (i as u32 % modules, i as u32 / modules);
        for dy in 0..module {
            for dx in 0..module {
                page.put_pixel(
                    left + col * module + dx,
                    top + row * module + dy,
                    image::Luma([0]),
                );
            }
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageLuma8(page)
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("jpeg");
    out.into_inner()
}

/// A "scan": the photo as the page of a PDF.
fn scanned(payload: &str) -> Vec<u8> {
    contigo_bot::documents::images_to_pdf(&[page_photo(payload)], &Default::default())
        .expect("a scanned PDF")
}

fn with_catalog_entry(bytes: &[u8], key: &str, value: Object) -> Vec<u8> {
    let mut doc = Document::load_mem(bytes).expect("pdf");
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .expect("root");
    let action = doc.add_object(value);
    doc.get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .expect("catalog")
        .set(key, action);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

/// A small PDF with one stream that inflates to 80 MB of nothing.
fn compression_bomb() -> Vec<u8> {
    let mut stream = Stream::new(dictionary! {}, vec![0u8; 80 << 20]);
    stream.compress().expect("compress");
    let mut doc = Document::load_mem(&crate::support::signed_pdf()).expect("pdf");
    doc.add_object(stream);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    assert!(
        out.len() < 1 << 20,
        "the bomb is small: {} bytes",
        out.len()
    );
    out
}

/// `pdf` signed digitally as a PDF signing tool does: a signature field whose value
/// holds a `/ByteRange` over the whole file but `/Contents`, and a detached CMS
/// signature (`openssl cms -sign`) by a self-signed certificate made for the test.
fn digitally_signed(pdf: &[u8], signer: &str, dir: &std::path::Path) -> Vec<u8> {
    const HOLE: usize = 8192;
    let mut doc = Document::load_mem(pdf).expect("pdf");
    let signature = doc.add_object(dictionary! {
        "Type" => "Sig",
        "Filter" => "Adobe.PPKLite",
        "SubFilter" => "adbe.pkcs7.detached",
        "ByteRange" => vec![0.into(), 1_000_000_000.into(), 1_000_000_000.into(), 1_000_000_000.into()],
        "Contents" => Object::String(vec![0; HOLE], lopdf::StringFormat::Hexadecimal),
    });
    let field = doc.add_object(dictionary! {
        "FT" => "Sig",
        "T" => Object::string_literal("Firma"),
        "V" => signature,
    });
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .expect("root");
    doc.get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .expect("catalog")
        .set(
            "AcroForm",
            dictionary! { "Fields" => vec![field.into()], "SigFlags" => 3 },
        );
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    let find = |needle: &[u8]| {
        bytes
            .windows(needle.len())
            .position(|w| w == needle)
            .expect("placeholder")
    };
    let hole_start = find(b"<0000");
    let hole_end = hole_start + 2 * HOLE + 2;
    assert_eq!(bytes[hole_end - 1], b'>');
    let range_at = find(b"1000000000 1000000000 1000000000");
    let ranges = format!("{hole_start} {hole_end} {}", bytes.len() - hole_end);
    let padded = format!("{ranges:<32}");
    bytes[range_at..range_at + 32].copy_from_slice(padded.as_bytes());
    // The reserved `0 ` before the three numbers is the first range's start.
    let mut covered = bytes[..hole_start].to_vec();
    covered.extend_from_slice(&bytes[hole_end..]);

    let path = |name: &str| dir.join(name);
    std::fs::write(path("covered.bin"), &covered).expect("write");
    if !path("cert.pem").exists() {
        let subject = format!("/CN={signer}/O=Prueba/C=PE");
        openssl(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            &subject,
            "-keyout",
            path("key.pem").to_str().expect("path"),
            "-out",
            path("cert.pem").to_str().expect("path"),
        ]);
    }
    openssl(&[
        "cms",
        "-sign",
        "-binary",
        "-md",
        "sha256",
        "-outform",
        "DER",
        "-nosmimecap",
        "-in",
        path("covered.bin").to_str().expect("path"),
        "-signer",
        path("cert.pem").to_str().expect("path"),
        "-inkey",
        path("key.pem").to_str().expect("path"),
        "-out",
        path("sig.der").to_str().expect("path"),
    ]);
    let der = std::fs::read(path("sig.der")).expect("signature");
    let hex: String = der.iter().map(|b| format!("{b:02X}")).collect();
    assert!(hex.len() <= 2 * HOLE);
    bytes[hole_start + 1..hole_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    bytes
}

/// The DDC the bot sends a chat that asks for it (`/ddc`), as stored.
async fn sent_ddc(app: &App, chat: &ChatRef) -> Vec<u8> {
    let sent = turn(app, chat, Inbound::Text("/ddc".into())).await;
    let sha = sent
        .iter()
        .find_map(|o| match o {
            Outbound::Document { sha256, .. } => Some(sha256.clone()),
            _ => None,
        })
        .expect("the DDC");
    app.engine.files.get(&sha).await.expect("stored")
}

struct Case {
    _db: TestDb,
    bot: Running,
    row: RequestRow,
    chat: ChatRef,
}

async fn start(backend: Backend, chat: &str) -> Case {
    start_trusting(backend, chat, None).await
}

/// `start`, with the operator's PEM file of trusted signature roots.
async fn start_trusting(backend: Backend, chat: &str, roots: Option<&std::path::Path>) -> Case {
    let db = TestDb::new(backend).await;
    let mut s = settings(&db, None);
    s.links.telegram_bot_username = "contigo_prueba_bot".into();
    if let Some(roots) = roots {
        s.storage.trusted_signature_roots = roots.to_path_buf();
    }
    let bot = Running::start(s, monday_morning()).await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090103", "987650031"),
        "telegram",
        chat,
    )
    .await;
    Case {
        _db: db,
        bot,
        row,
        chat: telegram(chat),
    }
}

/// The refusal says `want`, and nothing changed: no document, same stage.
async fn refused(case: &Case, input: Inbound, want: &str) {
    let app = &case.bot.app;
    let answer = text_of(&turn(app, &case.chat, input).await);
    assert_has(&answer, want);
    assert!(signed_ddc(app, case.row.id).await.is_none(), "{answer}");
    assert_eq!(fresh(app, case.row.id).await.stage, Stage::AwaitingDdc);
}

async fn another_requests_paper_the_unsigned_ddc_javascript_and_a_bomb_are_refused(
    backend: Backend,
) {
    let case = start(backend, "8301").await;
    let app = &case.bot.app;
    let other = "https://t.me/contigo_prueba_bot?start=CTG-2026-000777-ABCDEFGH";

    // Another request's QR in a scanned PDF.
    refused(
        &case,
        pdf(scanned(other)),
        "Esta DDC es de la solicitud CTG-2026-000777",
    )
    .await;

    // And in a photo: refused when the photos are put together.
    let out = turn(app, &case.chat, Inbound::Text("/enviar".into())).await;
    assert!(!text_of(&out).is_empty());
    let out = turn(app, &case.chat, photo(page_photo(other))).await;
    let done = out
        .iter()
        .flat_map(|o| match o {
            Outbound::Text { choices, .. } => choices.clone(),
            _ => vec![],
        })
        .find(|c| c.label.contains("Listo"))
        .unwrap_or_else(|| panic!("no «Listo» in {}", text_of(&out)));
    refused(
        &case,
        Inbound::Choice(done.id),
        "Esta DDC es de la solicitud CTG-2026-000777",
    )
    .await;

    // The DDC the bot sent, sent back as is.
    let unsigned = sent_ddc(app, &case.chat).await;
    refused(&case, pdf(unsigned.clone()), "sin firmar").await;
    // Saved again by a viewer (other bytes, the same text, nothing added): still unsigned.
    let resaved = {
        let mut doc = Document::load_mem(&unsigned).expect("pdf");
        let mut out = Vec::new();
        doc.compress();
        doc.save_to(&mut out).expect("save");
        out
    };
    assert_ne!(resaved, unsigned);
    refused(&case, pdf(resaved), "sin firmar").await;

    // Active content (JavaScript, a launch action, an embedded file), however small.
    let js = with_catalog_entry(
        &crate::support::signed_pdf(),
        "OpenAction",
        Object::Dictionary(dictionary! {
            "S" => "JavaScript",
            "JS" => Object::string_literal("app.alert('hola')"),
        }),
    );
    refused(&case, pdf(js), "contenido activo").await;
    let launch = with_catalog_entry(
        &crate::support::signed_pdf(),
        "OpenAction",
        Object::Dictionary(
            dictionary! { "S" => "Launch", "F" => Object::string_literal("calc.exe") },
        ),
    );
    refused(&case, pdf(launch), "contenido activo").await;
    let embedded = with_catalog_entry(
        &crate::support::signed_pdf(),
        "Names",
        Object::Dictionary(dictionary! {
            "EmbeddedFiles" => dictionary! {
                "Names" => vec![
                    Object::string_literal("programa.exe"),
                    Object::Dictionary(dictionary! {
                        "Type" => "Filespec",
                        "F" => Object::string_literal("programa.exe"),
                    }),
                ],
            },
        }),
    );
    refused(&case, pdf(embedded), "contenido activo").await;

    // A compression bomb.
    refused(&case, pdf(compression_bomb()), "descomprime").await;

    // Its own paper, scanned: accepted, its QR matched for UAC.
    let own = format!(
        "https://t.me/contigo_prueba_bot?start={}-{}",
        case.row.code,
        fresh(app, case.row.id)
            .await
            .verification_code
            .expect("code")
            .as_str()
    );
    let answer = text_of(&turn(app, &case.chat, pdf(scanned(&own))).await);
    assert_has(&answer, "Recibí la DDC firmada");
    assert_eq!(fresh(app, case.row.id).await.stage, Stage::UacReview);
    let found = proof(app, case.row.id).await.expect("proof");
    assert!(found.qr_matched && found.signature.is_none() && !found.from_photos);
    case.bot.stop().await;
}

backends!(another_requests_paper_the_unsigned_ddc_javascript_and_a_bomb_are_refused);

async fn a_digitally_signed_ddc_shows_uac_its_signer_and_a_tampered_copy_does_not_verify(
    backend: Backend,
) {
    let case = start(backend, "8311").await;
    let app = &case.bot.app;
    let keys = tempfile::tempdir().expect("dir");
    let generated = sent_ddc(app, &case.chat).await;

    // The bot's own DDC, signed digitally: the same text, but a signature added.
    let signed = digitally_signed(&generated, "ROSA MARIA QUISPE HUAMAN", keys.path());
    let answer = text_of(&turn(app, &case.chat, pdf(signed.clone())).await);
    assert_has(&answer, "Recibí la DDC firmada");
    let found = proof(app, case.row.id).await.expect("proof");
    assert_eq!(
        found.signature,
        Some((Some("ROSA MARIA QUISPE HUAMAN".into()), true))
    );
    assert!(
        found.qr_matched,
        "the QR drawn on the generated DDC (squares, not a picture) is read"
    );

    // UAC's chat view says who signed and that it holds.
    crate::support::add_staff(app, "Ana", &[Role::Uac], 9311).await;
    let uac = telegram("9311");
    let open = contigo_bot::message::ChoiceId::OpenRequest(case.row.id).encode();
    let view = text_of(&turn(app, &uac, Inbound::Choice(open)).await);
    assert_has(&view, "Firma digital: ROSA MARIA QUISPE HUAMAN, válida");
    assert_has(&view, "Código QR: corresponde a esta solicitud");
    let verification = fresh(app, case.row.id)
        .await
        .verification_code
        .expect("code")
        .grouped();
    assert_has(&view, &format!("debe llevar impreso: {verification}"));
    assert_has(&view, "Llegó como PDF");
    // Self-signed, and no roots configured: its chain is not recognised.
    assert_has(&view, "Cadena del certificado: no reconocida");

    // A copy changed after signing (one byte inside what the signature covers) is
    // accepted for review but shown as not valid.
    let second = submitted_request(
        app,
        &local_request_data("090101", "987650032"),
        "telegram",
        "8312",
    )
    .await;
    let other_pdf = sent_ddc(app, &telegram("8312")).await;
    let mut tampered = digitally_signed(&other_pdf, "ROSA MARIA QUISPE HUAMAN", keys.path());
    let at = tampered
        .windows(7)
        .position(|w| w == b"%PDF-1.")
        .expect("header")
        + 7;
    tampered[at] = if tampered[at] == b'4' { b'3' } else { b'4' };
    let answer = text_of(&turn(app, &telegram("8312"), pdf(tampered)).await);
    assert_has(&answer, "Recibí la DDC firmada");
    let found = proof(app, second.id).await.expect("proof");
    assert_eq!(
        found.signature,
        Some((Some("ROSA MARIA QUISPE HUAMAN".into()), false))
    );
    case.bot.stop().await;
}

backends!(a_digitally_signed_ddc_shows_uac_its_signer_and_a_tampered_copy_does_not_verify);

/// Runs `openssl` for the test's certificates.
fn openssl(args: &[&str]) {
    let out = std::process::Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl is installed (it makes the test's certificates)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A signer's certificate issued by a root the operator trusts (one made here, standing
/// for RENIEC's) shows UAC that root's name as its chain.
async fn the_signature_chain_to_a_configured_root_is_shown(backend: Backend) {
    let keys = tempfile::tempdir().expect("dir");
    let at = |name: &str| keys.path().join(name).to_str().expect("path").to_owned();
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-sha256",
        "-subj",
        "/CN=RAIZ DE PRUEBA RENIEC/O=Prueba/C=PE",
        "-keyout",
        &at("root.key"),
        "-out",
        &at("root.pem"),
    ]);
    openssl(&[
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=ROSA MARIA QUISPE HUAMAN/O=Prueba/C=PE",
        "-keyout",
        &at("key.pem"),
        "-out",
        &at("leaf.csr"),
    ]);
    openssl(&[
        "x509",
        "-req",
        "-in",
        &at("leaf.csr"),
        "-CA",
        &at("root.pem"),
        "-CAkey",
        &at("root.key"),
        "-CAcreateserial",
        "-days",
        "2",
        "-sha256",
        "-out",
        &at("cert.pem"),
    ]);
    let case = start_trusting(backend, "8351", Some(&keys.path().join("root.pem"))).await;
    let app = &case.bot.app;
    let generated = sent_ddc(app, &case.chat).await;
    // `digitally_signed` signs with the certificate and key already in `keys`.
    let signed = digitally_signed(&generated, "ROSA MARIA QUISPE HUAMAN", keys.path());
    let answer = text_of(&turn(app, &case.chat, pdf(signed)).await);
    assert_has(&answer, "Recibí la DDC firmada");
    let found = proof(app, case.row.id).await.expect("proof");
    assert_eq!(
        found.signature,
        Some((Some("ROSA MARIA QUISPE HUAMAN".into()), true))
    );
    assert_eq!(found.chain.as_deref(), Some("RAIZ DE PRUEBA RENIEC"));
    crate::support::add_staff(app, "Ana", &[Role::Uac], 9351).await;
    let open = contigo_bot::message::ChoiceId::OpenRequest(case.row.id).encode();
    let view = text_of(&turn(app, &telegram("9351"), Inbound::Choice(open)).await);
    assert_has(&view, "Cadena del certificado: RAIZ DE PRUEBA RENIEC");
    case.bot.stop().await;
}

backends!(the_signature_chain_to_a_configured_root_is_shown);

async fn the_applicant_hears_when_the_signed_ddc_arrives_from_another_chat(backend: Backend) {
    let case = start(backend, "8321").await;
    let app = &case.bot.app;
    let row = fresh(app, case.row.id).await;
    let verification = row.verification_code.expect("code");
    // Whoever holds the paper writes both codes in their own chat, then sends it.
    let holder = telegram("8329");
    let answer = text_of(
        &turn(
            app,
            &holder,
            Inbound::Text(format!("{} {}", row.code, verification.grouped())),
        )
        .await,
    );
    assert!(!answer.is_empty());
    let own = format!("{} {}", row.code, verification.grouped());
    let answer = text_of(&turn(app, &holder, pdf(scanned(&own))).await);
    assert_has(&answer, "Recibí la DDC firmada");
    let moved = fresh(app, row.id).await;
    assert_eq!(moved.stage, Stage::UacReview);

    // The applicant's chat gets a notice in its outbox: arrived, when, stage and date.
    let outbox: Vec<(String, String)> = sqlx::query_as(
        "SELECT chat_id, payload FROM outbox WHERE channel = 'telegram' ORDER BY id",
    )
    .fetch_all(&app.store.pool)
    .await
    .expect("outbox");
    let notice = outbox
        .iter()
        .find(|(chat, payload)| chat == "8321" && payload.contains("desde otro chat"))
        .unwrap_or_else(|| panic!("no notice to the applicant in {outbox:?}"));
    assert!(notice.1.contains("23/11/2026"), "{}", notice.1);
    assert!(notice.1.contains("revisión de requisitos"), "{}", notice.1);
    let due = moved.stage_due_on.expect("a term");
    assert!(
        notice.1.contains(&due.format("%d/%m/%Y").to_string()),
        "{}",
        notice.1
    );
    // The holder's own chat is not told twice.
    assert!(
        !outbox
            .iter()
            .any(|(chat, payload)| chat == "8329" && payload.contains("desde otro chat"))
    );
    case.bot.stop().await;
}

backends!(the_applicant_hears_when_the_signed_ddc_arrives_from_another_chat);

/// UAC's request page in the console lists what the check found beside the document,
/// and the document itself is served in a sandbox.
async fn the_console_shows_uac_the_check_and_serves_the_upload_sandboxed(backend: Backend) {
    use crate::console::{PUBLIC_URL, logged_in, login_link, setup, staff_member, uploaded};
    use crate::support::telegram::TgUser;
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let uac = TgUser::new(9331, "Ana");
    staff_member(&bot, &tg, &uac, Role::Uac).await;
    let id = uploaded(&bot, &tg, &TgUser::new(8331, "Luis"), "090101").await;
    let token = login_link(&tg, &uac).await;
    let mut ana = logged_in(&bot, &token).await;
    let page = ana.get(&format!("/console/requests/{id}")).await;
    assert!(
        page.body.contains("Código QR: no se encontró"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Firma digital: no tiene"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Llegó como PDF"), "{}", page.body);
    let verification = fresh(&bot.app, id)
        .await
        .verification_code
        .expect("code")
        .grouped();
    assert!(page.body.contains(&verification), "{}", page.body);
    if let Ok(dir) = std::env::var("DDC_SAMPLE_DIR") {
        std::fs::write(
            std::path::Path::new(&dir).join("uac-request.html"),
            &page.body,
        )
        .expect("write sample");
    }
    let file = ana.get(&format!("/console/requests/{id}/files/ddc")).await;
    assert!(file.bytes.starts_with(b"%PDF"));
    let csp = file.csp.expect("a Content-Security-Policy");
    assert!(csp.starts_with("sandbox"), "{csp}");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    bot.stop().await;
}

backends!(the_console_shows_uac_the_check_and_serves_the_upload_sandboxed);

/// Every file under `storage.dir`, and whether each is on record (so in the backup
/// manifest).
async fn walk(app: &App) -> Vec<(String, bool)> {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let mut out = vec![];
    for (_, name, _) in app.files.list().await.expect("list") {
        let kept = files::is_registered(&mut conn, &name).await.expect("query");
        out.push((name, kept));
    }
    out
}

async fn nothing_unkept_stays_on_disk_after_upload_restart_refusal_and_retention(backend: Backend) {
    let case = start(backend, "8341").await;
    let app = &case.bot.app;
    let row = fresh(app, case.row.id).await;
    let own = format!(
        "{} {}",
        row.code,
        row.verification_code.expect("code").grouped()
    );
    let choice = |out: &[Outbound], label: &str| {
        out.iter()
            .flat_map(|o| match o {
                Outbound::Text { choices, .. } => choices.clone(),
                _ => vec![],
            })
            .find(|c| c.label.contains(label))
            .map(|c| c.id)
            .unwrap_or_else(|| panic!("no {label:?} in {}", text_of(out)))
    };

    // Two photos, then «Empezar de nuevo»: the bot says it deleted them, and it did.
    turn(app, &case.chat, photo(page_photo("primera"))).await;
    let out = turn(app, &case.chat, photo(page_photo("segunda"))).await;
    assert_eq!(
        walk(app).await.len(),
        2,
        "the photos wait on disk meanwhile"
    );
    let restart = choice(&out, "Empezar de nuevo");
    let out = turn(app, &case.chat, Inbound::Choice(restart)).await;
    assert_has(&text_of(&out), "Borré las fotos recibidas");
    assert_eq!(walk(app).await, vec![], "photos deleted as said");

    // A refused PDF is not kept either.
    let js = with_catalog_entry(
        &crate::support::signed_pdf(),
        "OpenAction",
        Object::Dictionary(
            dictionary! { "S" => "JavaScript", "JS" => Object::string_literal("x") },
        ),
    );
    assert_has(
        &text_of(&turn(app, &case.chat, pdf(js)).await),
        "contenido activo",
    );
    assert_eq!(walk(app).await, vec![], "a refused upload leaves nothing");

    // A photo, then /cancelar: "No se envió nada", and nothing is kept.
    turn(app, &case.chat, photo(page_photo("cancelada"))).await;
    assert_eq!(walk(app).await.len(), 1);
    let out = turn(app, &case.chat, Inbound::Text("/cancelar".into())).await;
    assert_has(&text_of(&out), "No se envió nada");
    assert_eq!(walk(app).await, vec![], "a cancelled upload leaves nothing");

    // A photo sent with no flow open, the upload kept aside for the questions, then
    // what was kept aside discarded: the photo with it.
    turn(app, &case.chat, photo(page_photo("aparte"))).await;
    turn(app, &case.chat, Inbound::Text("/preguntas".into())).await;
    assert_eq!(walk(app).await.len(), 1);
    let mut said = String::new();
    for _ in 0..2 {
        said = text_of(&turn(app, &case.chat, Inbound::Text("/cancelar".into())).await);
        if said.contains("descarté") {
            break;
        }
    }
    assert_has(&said, "descarté lo que tenía pendiente");
    assert_eq!(walk(app).await, vec![], "what was kept aside went with it");

    // Kept aside twice: only one flow waits, and the photo of the one it replaces goes
    // at once.
    turn(app, &case.chat, photo(page_photo("primera aparte"))).await;
    turn(app, &case.chat, Inbound::Text("/preguntas".into())).await;
    turn(app, &case.chat, Inbound::Text("/enviar".into())).await;
    turn(app, &case.chat, photo(page_photo("segunda aparte"))).await;
    assert_eq!(walk(app).await.len(), 2, "both wait meanwhile");
    let out = turn(app, &case.chat, Inbound::Text("/preguntas".into())).await;
    assert_eq!(
        walk(app).await.len(),
        1,
        "the replaced flow's photo is let go: {}",
        text_of(&out)
    );
    for _ in 0..2 {
        said = text_of(&turn(app, &case.chat, Inbound::Text("/cancelar".into())).await);
        if said.contains("descarté") {
            break;
        }
    }
    assert_has(&said, "descarté lo que tenía pendiente");
    assert_eq!(
        walk(app).await,
        vec![],
        "the flow kept aside went with its photo"
    );
    turn(app, &case.chat, Inbound::Text("/enviar".into())).await;

    // One photo assembled and accepted: only the assembled PDF stays, on record.
    let out = turn(app, &case.chat, photo(page_photo(&own))).await;
    let done = choice(&out, "Listo");
    let out = turn(app, &case.chat, Inbound::Choice(done)).await;
    assert_has(&text_of(&out), "Recibí la DDC firmada");
    let left = walk(app).await;
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left.iter().all(|(_, kept)| *kept), "{left:?}");
    let (sha, _) = signed_ddc(app, case.row.id).await.expect("attached");
    assert_eq!(left[0].0, sha);
    let found = proof(app, case.row.id).await.expect("proof");
    assert!(found.from_photos && found.qr_matched, "{found:?}");

    // An upload left half-way: its photo is swept once `retention` has passed, and
    // what is on record stays.
    let other = telegram("8342");
    submitted_request(
        app,
        &local_request_data("090101", "987650042"),
        "telegram",
        "8342",
    )
    .await;
    turn(app, &other, Inbound::Text("/enviar".into())).await;
    let half = turn(app, &other, photo(page_photo("a medias"))).await;
    assert_eq!(walk(app).await.len(), 2);
    let report = app.scheduler().tick().await.expect("tick");
    assert_eq!(report.unkept_files_deleted, 0, "too recent to sweep");
    let three_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3 * 86_400);
    for (path, name, _) in app.files.list().await.expect("list") {
        if name != sha {
            std::fs::File::options()
                .write(true)
                .open(&path)
                .and_then(|f| f.set_modified(three_days_ago))
                .expect("age the file");
        }
    }
    let report = app.scheduler().tick().await.expect("tick");
    assert_eq!(report.unkept_files_deleted, 1);
    assert_eq!(walk(app).await, vec![(sha.clone(), true)]);
    // «Listo» after the sweep: the ally is asked for the photos again, no error.
    let done = choice(&half, "Listo");
    let out = turn(app, &other, Inbound::Choice(done)).await;
    assert_has(&text_of(&out), "ya no están guardadas");
    assert_has(&text_of(&out), "envíelas de nuevo");
    assert_eq!(walk(app).await, vec![(sha.clone(), true)]);

    // A file the ally sends a specialist in a ticket is kept, so it is on record.
    turn(app, &other, Inbound::Text("/cancelar".into())).await;
    turn(app, &other, Inbound::Text("/especialista".into())).await;
    turn(app, &other, Inbound::Choice("tk:cat:consulta".into())).await;
    let opened = text_of(
        &turn(
            app,
            &other,
            Inbound::Text("¿Cómo envío la DDC firmada?".into()),
        )
        .await,
    );
    assert!(!opened.is_empty());
    let attachment = crate::support::signed_pdf_titled("Adjunto de consulta");
    turn(app, &other, pdf(attachment.clone())).await;
    let left = walk(app).await;
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(left.iter().all(|(_, kept)| *kept), "{left:?}");
    assert!(
        left.contains(&(files::sha256_hex(&attachment), true)),
        "{left:?}"
    );

    // Every file on disk is in the backup's manifest (SQLite: `backup` copies it).
    if backend == Backend::Sqlite {
        let dest = tempfile::tempdir().expect("dir");
        let copy = contigo_bot::store::backup::sqlite(
            &app.store,
            &app.files,
            &dest.path().join("copia.db"),
        )
        .await
        .expect("backup");
        let manifest = std::fs::read_to_string(&copy.manifest).expect("manifest");
        for (name, _) in &left {
            assert!(manifest.contains(name.as_str()), "{name} not in {manifest}");
        }
        assert!(copy.missing.is_empty(), "{:?}", copy.missing);
    }
    case.bot.stop().await;
}

backends!(nothing_unkept_stays_on_disk_after_upload_restart_refusal_and_retention);
