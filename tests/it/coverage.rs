//! Coverage of the districts of intervention and the invitations to those without an
//! access (issue 26), on a synthetic country of two regions whose counts are known:
//!
//! | district | padrón | access |
//! |---|---|---|
//! | 090101 Huancavelica | 3 | active since today |
//! | 090102 Acobambilla | 3 | awaiting its signed DDC |
//! | 090103 Acoria | 3 | expired |
//! | 090104 Conayca | 3 | none |
//! | 090105 Cuenca | 0, operator's list | none |
//! | 120101 Huancayo | 3 | active, unused 100 days |
//! | 120104 Carhuacallanga | 3 | none |
//!
//! Huancavelica: 5 districts, 1 active (20 %); Junín: 2 districts, 1 active (50 %);
//! the country: 7 districts, 2 active (28.6 %).

use chrono::{DateTime, Duration, Utc};
use contigo_bot::app::App;
use contigo_bot::clock::Clock;
use contigo_bot::demo::{Place, active_access, synthetic_padron};
use contigo_bot::domain::jne::Authority;
use contigo_bot::domain::stage::Stage;
use contigo_bot::message::{Channel, ChatKey};
use contigo_bot::services::coverage::{self, InviteTarget, Status};
use contigo_bot::store::{coverage as store, jne, padron, requests};

use crate::audit::pdftotext;
use crate::backends;
use crate::support::{Backend, TestDb, local_request_data, settings, submitted_request};

const DAY: i64 = 86_400;

fn lima(s: &str) -> DateTime<Utc> {
    format!("{s}-05:00").parse().expect("instant")
}

/// The synthetic country above; returns the app (its clock on 1 December 2026).
async fn country(db: &TestDb) -> App {
    let mut s = settings(db, None);
    s.links.telegram_bot_username = "contigo_prueba_bot".into();
    s.links.whatsapp_number = "51900000000".into();
    let app = App::build(s, Clock::fixed(lima("2026-12-01T09:00:00")))
        .await
        .expect("app");
    let districts = ["090101", "090102", "090103", "090104", "120101", "120104"];
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).expect("date");
    padron::replace_with(
        &app.store,
        synthetic_padron(18, &districts, today, 3),
        today,
        app.clock.unix(),
    )
    .await
    .expect("padrón");
    let now = app.clock.unix();
    let mut conn = app.store.pool.acquire().await.expect("conn");
    store::add_intervention_districts(&mut conn, &["090105".into()], now)
        .await
        .expect("list");
    active_access(&mut conn, Place::District("090101"), "987650101", now)
        .await
        .expect("active");
    let expired = active_access(&mut conn, Place::District("090103"), "987650103", now - DAY)
        .await
        .expect("active");
    assert!(
        requests::move_stage(
            &mut conn,
            expired.id,
            Stage::Active,
            Stage::Expired,
            None,
            "test",
            None,
            now
        )
        .await
        .expect("expire")
    );
    active_access(
        &mut conn,
        Place::District("120101"),
        "987650201",
        now - 100 * DAY,
    )
    .await
    .expect("active");
    drop(conn);
    submitted_request(
        &app,
        &local_request_data("090102", "987650102"),
        "telegram",
        "5550102",
    )
    .await;
    app
}

async fn coverage_counts_a_synthetic_country(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = country(&db).await;
    let mut conn = app.store.read.acquire().await.expect("conn");
    let c = coverage::coverage(&mut conn, app.clock.unix())
        .await
        .expect("coverage");
    drop(conn);
    assert_eq!(
        c.data_date.map(|d| d.to_string()).as_deref(),
        Some("2026-11-28")
    );
    let status = |u: &str| {
        c.districts
            .iter()
            .find(|d| d.ubigeo == u)
            .map(|d| d.status)
            .unwrap_or_else(|| panic!("{u} is a district of intervention"))
    };
    assert_eq!(status("090101"), Status::Active);
    assert_eq!(status("090102"), Status::InProcess(Stage::AwaitingDdc));
    assert_eq!(status("090103"), Status::Ended(Stage::Expired));
    assert_eq!(status("090104"), Status::None);
    assert_eq!(status("090105"), Status::None);
    assert_eq!(status("120101"), Status::Active);
    assert_eq!(c.districts.len(), 7);
    let beneficiaries: i64 = c.districts.iter().map(|d| d.beneficiaries).sum();
    assert_eq!(beneficiaries, 18);

    let region = |code: &str| c.regions.iter().find(|r| r.code == code).expect("region");
    let hv = region("09");
    assert_eq!(hv.name, "Huancavelica");
    assert_eq!(
        (hv.districts, hv.active, hv.in_process, hv.ended, hv.none),
        (5, 1, 1, 1, 2)
    );
    assert!((hv.percent() - 20.0).abs() < 1e-9);
    assert_eq!(hv.idle, [0, 0, 0]);
    let junin = region("12");
    assert_eq!((junin.districts, junin.active, junin.none), (2, 1, 1));
    assert!((junin.percent() - 50.0).abs() < 1e-9);
    // Activated 100 days ago and never used: idle past 30, 60 and 90 days.
    assert_eq!(junin.idle, [1, 1, 1]);
    assert_eq!((c.national.districts, c.national.active), (7, 2));
    assert_eq!(format!("{:.1}", c.national.percent()), "28.6");
    assert_eq!(c.provinces.len(), 2);

    // The same figures printed: the PDF and the CSV of the command line.
    let pdf_path = db.dir.path().join("cobertura.pdf");
    crate::support::binary(
        &db,
        &[
            "report",
            "coverage",
            "--format",
            "pdf",
            "--output",
            pdf_path.to_str().expect("path"),
        ],
    );
    let text = pdftotext(&std::fs::read(&pdf_path).expect("pdf"), db.dir.path());
    if backend == Backend::Sqlite && std::env::var_os("CONTIGO_SCREENSHOTS").is_some() {
        let _ = std::fs::copy(
            first_page_png(&pdf_path),
            "docs/screenshots/coverage-pdf.png",
        );
    }
    assert!(
        text.contains("Cobertura de distritos de intervención"),
        "{text}"
    );
    assert!(text.contains("Datos al 28/11/2026"), "{text}");
    let line = |name: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("no line for {name} in {text}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(line("Huancavelica").contains("5 1 1 1 2 20.0"), "{text}");
    assert!(line("Junín").contains("2 1 0 0 1 50.0 1 1 1"), "{text}");
    assert!(line("Total nacional").contains("7 2 1 1 3 28.6"), "{text}");
    // The chart per region follows the regions' table: a bar and its figure each.
    let chart = text
        .find("Cobertura por región (%)")
        .unwrap_or_else(|| panic!("no chart in {text}"));
    let after: Vec<String> = text[chart..]
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert!(after.iter().any(|l| l == "Huancavelica 20.0"), "{after:?}");
    assert!(after.iter().any(|l| l == "Junín 50.0"), "{after:?}");
    let csv = crate::support::binary(&db, &["report", "coverage", "--format", "csv"]);
    // (The command line runs on the system clock: the idle days are not checked here.)
    assert!(
        csv.contains("120101,Junín,Huancayo,Huancayo,3,Activo,"),
        "{csv}"
    );
    assert!(
        csv.contains("090102,Huancavelica,Huancavelica,Acobambilla,3,En trámite: "),
        "{csv}"
    );
}

/// The JNE list names Conayca's mayor (a synthetic name).
async fn listed_mayor(app: &App) {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    jne::replace_all(
        &mut conn,
        &[Authority {
            ubigeo: "090104".into(),
            cargo: "ALCALDE DISTRITAL".into(),
            dni: "45600104".into(),
            names: "Teodora Ficticia Ramos".into(),
        }],
        app.clock.unix(),
    )
    .await
    .expect("jne");
}

/// Runs the binary with the chat links set; returns what it printed.
fn invite_cli(db: &TestDb, args: &[&str]) -> String {
    crate::support::binary_with(
        db,
        &[
            (
                "CONTIGO__LINKS__TELEGRAM_BOT_USERNAME",
                "contigo_prueba_bot",
            ),
            ("CONTIGO__LINKS__WHATSAPP_NUMBER", "51900000000"),
        ],
        args,
    )
}

/// A PDF's first page rendered in grey at 150 dpi, beside it as PNG.
fn first_page_png(pdf: &std::path::Path) -> std::path::PathBuf {
    let prefix = pdf.with_extension("");
    let out = std::process::Command::new("pdftoppm")
        .args([
            "-r",
            "150",
            "-gray",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
        ])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .expect("pdftoppm runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    prefix.with_extension("png")
}

/// The QR payloads of a PDF's first page, rendered as a printer would.
fn qr_links(pdf: &std::path::Path) -> Vec<String> {
    let page = image::open(first_page_png(pdf)).expect("png").to_luma8();
    contigo_bot::documents::qr::read(&page)
}

async fn an_invitation_letter_names_the_mayor_and_its_qr_opens_the_district(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = country(&db).await;
    listed_mayor(&app).await;
    app.store.close().await;

    let letter = db.dir.path().join("invitacion.pdf");
    let printed = invite_cli(
        &db,
        &[
            "invite",
            "--district",
            "090104",
            "--format",
            "pdf",
            "--output",
            letter.to_str().expect("path"),
        ],
    );
    assert!(printed.contains("1 letter(s)"), "{printed}");
    let text = pdftotext(&std::fs::read(&letter).expect("pdf"), db.dir.path());
    assert!(text.contains("Teodora Ficticia Ramos"), "{text}");
    assert!(
        text.contains("Municipalidad Distrital de Conayca"),
        "{text}"
    );
    assert!(text.contains("3 personas usuarias"), "{text}");
    let links = qr_links(&letter);
    assert!(
        links.contains(&"https://t.me/contigo_prueba_bot?start=inv-090104".to_owned()),
        "{links:?}"
    );
    let whatsapp = links
        .iter()
        .find(|l| l.starts_with("https://wa.me/51900000000?text="))
        .unwrap_or_else(|| panic!("a WhatsApp QR in {links:?}"));
    assert_eq!(
        contigo_bot::domain::ubigeo::invited_district(whatsapp).as_deref(),
        Some("090104")
    );
    if std::env::var_os("CONTIGO_SCREENSHOTS").is_some() {
        let _ = std::fs::copy(
            letter.with_extension("png"),
            "docs/screenshots/invitation.png",
        );
    }

    // A region: its districts without an access, active or in process (Acoria,
    // expired; Conayca; Cuenca, on the operator's list), a page each.
    let region = db.dir.path().join("region.pdf");
    let printed = invite_cli(
        &db,
        &[
            "invite",
            "--region",
            "Huancavelica",
            "--output",
            region.to_str().expect("path"),
        ],
    );
    assert!(printed.contains("3 letter(s)"), "{printed}");
    let text = pdftotext(&std::fs::read(&region).expect("pdf"), db.dir.path());
    assert_eq!(text.matches('\u{c}').count(), 3, "three pages");
    for name in ["Acoria", "Conayca", "Cuenca"] {
        assert!(
            text.contains(&format!("Municipalidad Distrital de {name}")),
            "{text}"
        );
    }
    assert!(!text.contains("Acobambilla"), "in process: not invited");

    let store = contigo_bot::store::Store::connect(&db.url, 2)
        .await
        .expect("store");
    let mut conn = store.pool.acquire().await.expect("conn");
    let funnel = store::funnel(&mut conn, "local", "awaiting_ddc", "active")
        .await
        .expect("funnel");
    let invited: Vec<(&str, i64)> = funnel
        .iter()
        .map(|r| (r.ubigeo.as_str(), r.invitations))
        .collect();
    assert_eq!(invited, [("090103", 1), ("090104", 2), ("090105", 1)]);
}

async fn the_funnel_follows_a_district_from_invitation_to_active(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = country(&db).await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let mut tx = app.store.begin().await.expect("tx");
    let letters = coverage::invite(
        &mut tx,
        &app.engine.locales,
        &app.settings.links,
        &InviteTarget::District("090104".into()),
        "uac-prueba",
        "letter",
        app.clock.unix(),
        today,
    )
    .await
    .expect("invite");
    tx.commit().await.expect("commit");
    assert_eq!(letters.len(), 1);
    let stage_of = |f: &[coverage::FunnelArea]| {
        let hv = f.iter().find(|a| a.code == "09").expect("Huancavelica");
        (hv.invited, hv.started, hv.ddc_signed, hv.active)
    };
    let funnel = |app: &App| {
        let store = app.store.clone();
        async move {
            let mut conn = store.pool.acquire().await.expect("conn");
            coverage::funnel(&mut conn).await.expect("funnel")
        }
    };
    assert_eq!(stage_of(&funnel(&app).await), (1, 0, 0, 0));
    let national = funnel(&app).await.last().cloned().expect("national");
    assert_eq!((national.code.as_str(), national.invited), ("", 1));

    app.clock.advance(Duration::hours(2));
    let row = submitted_request(
        &app,
        &local_request_data("090104", "987650104"),
        "telegram",
        "5550104",
    )
    .await;
    assert_eq!(stage_of(&funnel(&app).await), (1, 1, 0, 0));
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let path = [
        (Stage::AwaitingDdc, Stage::UacReview),
        (Stage::UacReview, Stage::LegalReview),
        (Stage::LegalReview, Stage::DirectorAuthorization),
        (Stage::DirectorAuthorization, Stage::AccountCreation),
        (Stage::AccountCreation, Stage::Active),
    ];
    for (i, (from, to)) in path.into_iter().enumerate() {
        app.clock.advance(Duration::hours(1));
        let moved = requests::move_stage(
            &mut conn,
            row.id,
            from,
            to,
            None,
            "test",
            None,
            app.clock.unix(),
        )
        .await
        .expect("move");
        assert!(moved);
        drop(conn);
        let expected = if to == Stage::Active {
            (1, 1, 1, 1)
        } else {
            (1, 1, 1, 0)
        };
        assert_eq!(stage_of(&funnel(&app).await), expected, "after step {i}");
        conn = app.store.pool.acquire().await.expect("conn");
    }
    // And the coverage now counts Conayca as covered.
    let c = coverage::coverage(&mut conn, app.clock.unix())
        .await
        .expect("coverage");
    let hv = c.regions.iter().find(|r| r.code == "09").expect("region");
    assert_eq!(hv.active, 2);
}

async fn uac_reads_coverage_in_the_console_and_uaj_is_refused(backend: Backend) {
    use crate::support::browser::{Browser, session_cookie};
    use contigo_bot::domain::stage::Role;
    use reqwest::StatusCode;
    let db = TestDb::new(backend).await;
    let app = country(&db).await;
    let clock = app.clock.clone();
    app.store.close().await;
    let mut s = settings(&db, None);
    s.http.public_url = "https://consola.example.org".into();
    let bot = crate::support::Running::start(s, clock).await;
    crate::support::add_staff(&bot.app, "Uac Prueba", &[Role::Uac], 7001).await;
    crate::support::add_staff(&bot.app, "Uaj Prueba", &[Role::Uaj], 7002).await;
    let mut uac = Browser::new(&bot.http);
    uac.cookie = Some(session_cookie(&bot.app, 7001).await);
    let home = uac.get("/console/").await;
    assert!(
        home.body.contains("Cobertura de distritos e invitaciones"),
        "{}",
        home.body
    );
    let page = uac.get("/console/coverage").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("2 de 7 distritos de intervención tienen acceso activo (28.6 %)"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(r#"<meter min="0" max="100" value="20.0""#),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(r#"<meter min="0" max="100" value="50.0""#),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("Conayca"),
        "districts only for a chosen region"
    );
    let region = uac.get("/console/coverage?region=09").await;
    assert!(
        region.body.contains("Distritos de Huancavelica"),
        "{}",
        region.body
    );
    assert!(region.body.contains("Conayca"), "{}", region.body);
    assert!(region.body.contains("En trámite: "), "{}", region.body);
    assert!(
        !region.body.contains("Carhuacallanga"),
        "Junín is not Huancavelica"
    );
    let pdf = uac.get("/console/coverage/cobertura.pdf").await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.content_type, "application/pdf");
    let text = pdftotext(&pdf.bytes, db.dir.path());
    assert!(text.contains("Total nacional"), "{text}");
    let xlsx = uac.get("/console/coverage/cobertura.xlsx").await;
    let book = crate::support::xlsx::read_xlsx(&xlsx.bytes);
    assert_eq!(book[0].name, "Por región");
    assert_eq!(book[0].text(0, "Ámbito"), "Huancavelica");
    assert_eq!(book[0].text(0, "Cobertura (%)"), "20");

    let mut uaj = Browser::new(&bot.http);
    uaj.cookie = Some(session_cookie(&bot.app, 7002).await);
    let refused = uaj.get("/console/coverage").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.body.contains("Huancavelica"), "{}", refused.body);
    let refused = uaj.get("/console/coverage/cobertura.csv").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    bot.stop().await;
}

/// The letter's QR opened on Telegram (`/start inv-…`) and on WhatsApp (its
/// prefilled text): a Gobierno Local registration with the district already chosen,
/// at the question after it (the JNE list's mayor to confirm, when listed).
async fn the_invitation_link_starts_a_registration_with_the_district(backend: Backend) {
    use crate::padron::whatsapp;
    use crate::support::engine::{text_of, turn};
    use contigo_bot::message::Inbound;
    let db = TestDb::new(backend).await;
    let app = country(&db).await;
    listed_mayor(&app).await;
    let telegram = crate::support::engine::telegram("5550401");
    let said = text_of(&turn(&app, &telegram, Inbound::Text("/start inv-090104".into())).await);
    assert!(
        said.contains("su distrito es Conayca (Huancavelica, Huancavelica)"),
        "{said}"
    );
    assert!(
        said.contains("Teodora Ficticia Ramos"),
        "the mayor to confirm: {said}"
    );
    assert!(
        !said.contains("¿Qué tipo de acceso"),
        "the access type is not asked: {said}"
    );

    let links = contigo_bot::documents::invitation::invitation_links(
        &app.engine.locales,
        &app.settings.links,
        "120104",
    );
    let (_, wa) = links
        .iter()
        .find(|(c, _)| c == "WhatsApp")
        .expect("a WhatsApp link");
    let prefilled: String = form_urlencoded::parse(wa.split_once('?').expect("query").1.as_bytes())
        .find(|(k, _)| k == "text")
        .map(|(_, v)| v.into_owned())
        .expect("text");
    let chat = whatsapp("51987650499");
    let said = text_of(&turn(&app, &chat, Inbound::Text(prefilled)).await);
    assert!(
        said.contains("su distrito es Carhuacallanga (Huancayo, Junín)"),
        "{said}"
    );
    // Not in the JNE list: the next question of the form, the mayor's names.
    assert!(!said.contains("¿Qué tipo de acceso"), "{said}");
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let stored = contigo_bot::store::conversations::load(
        &mut conn,
        ChatKey::new(Channel::Whatsapp, "51987650499"),
    )
    .await
    .expect("load")
    .expect("a conversation");
    assert!(stored.state.contains("\"registering\""), "{}", stored.state);
    assert!(stored.state.contains("\"120104\""), "{}", stored.state);
}

/// Conayca (090104) has no access; an earlier request of its municipality, lapsed,
/// left the institutional address: `invite --email` sends the letter there too.
async fn an_invitation_goes_by_email_to_the_known_institutional_address(backend: Backend) {
    use crate::support::smtp::FakeSmtp;
    use contigo_bot::domain::request::Field;
    use contigo_bot::domain::values::Email;
    const ADDRESS: &str = "mesadepartes@municonayca.gob.pe";
    let db = TestDb::new(backend).await;
    let app = country(&db).await;
    let mut data = local_request_data("090104", "987650104");
    data.authority_institutional_email = Some(Email::parse(ADDRESS).expect("email"));
    data.skipped
        .retain(|f| *f != Field::AuthorityInstitutionalEmail);
    let row = submitted_request(&app, &data, "telegram", "5550104").await;
    let mut conn = app.store.pool.acquire().await.expect("conn");
    assert!(
        requests::move_stage(
            &mut conn,
            row.id,
            Stage::AwaitingDdc,
            Stage::Lapsed,
            None,
            "test",
            None,
            app.clock.unix()
        )
        .await
        .expect("lapse")
    );
    drop(conn);
    let clock = app.clock.clone();
    app.store.close().await;
    let smtp = FakeSmtp::start().await;
    let from = "Programa CONTIGO <no-responder@example.org>";
    let mut s = settings(&db, None);
    s.email.smtp_url = smtp.url();
    s.email.from = from.into();
    let bot = crate::support::Running::start(s, clock).await;
    let pdf = db.dir.path().join("invitacion.pdf");
    let printed = crate::support::binary_with(
        &db,
        &[
            ("CONTIGO__EMAIL__SMTP_URL", smtp.url().as_str()),
            ("CONTIGO__EMAIL__FROM", from),
        ],
        &[
            "invite",
            "--district",
            "090104",
            "--output",
            pdf.to_str().expect("path"),
            "--email",
        ],
    );
    assert!(
        printed.contains("1 letter(s) queued by e-mail"),
        "{printed}"
    );
    // The subject's accented first word travels encoded (RFC 2047).
    let mail = smtp
        .wait_for(ADDRESS, "acceso USUARIO ALIADO para Conayca")
        .await;
    let letter = mail
        .attachment("invitacion-090104.pdf")
        .expect("the letter attached");
    let text = pdftotext(&letter, db.dir.path());
    assert!(text.contains("Conayca"), "{text}");
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let channels: Vec<String> =
        sqlx::query("SELECT channel FROM invitations WHERE ubigeo = '090104' ORDER BY channel")
            .fetch_all(&mut *conn)
            .await
            .expect("invitations")
            .iter()
            .map(|r| sqlx::Row::try_get(r, "channel").expect("channel"))
            .collect();
    assert_eq!(channels, ["email", "letter"]);
    drop(conn);
    bot.stop().await;
}

async fn uac_asks_the_chat_for_coverage_and_uaj_is_refused(backend: Backend) {
    use crate::support::engine::{text_of, turn};
    use contigo_bot::domain::stage::Role;
    use contigo_bot::message::Inbound;
    let db = TestDb::new(backend).await;
    let app = country(&db).await;
    crate::support::add_staff(&app, "Uac Prueba", &[Role::Uac], 7101).await;
    crate::support::add_staff(&app, "Uaj Prueba", &[Role::Uaj], 7102).await;
    let uac = crate::support::engine::telegram("7101");
    let said = text_of(&turn(&app, &uac, Inbound::Text("/cobertura".into())).await);
    assert!(
        said.contains("Cobertura al 28/11/2026: 2 de 7 distritos"),
        "{said}"
    );
    assert!(said.contains("(28.6 %)"), "{said}");
    let hv = said
        .find("• Huancavelica: 20.0 % (1/5)")
        .expect("Huancavelica");
    let junin = said.find("• Junín: 50.0 % (1/2)").expect("Junín");
    assert!(hv < junin, "least covered first: {said}");
    let uaj = crate::support::engine::telegram("7102");
    let said = text_of(&turn(&app, &uaj, Inbound::Text("/cobertura".into())).await);
    assert!(said.contains("La cobertura la ven"), "{said}");
    assert!(!said.contains("Huancavelica"), "{said}");
}

backends!(
    an_invitation_goes_by_email_to_the_known_institutional_address,
    uac_asks_the_chat_for_coverage_and_uaj_is_refused,
    the_invitation_link_starts_a_registration_with_the_district,
    uac_reads_coverage_in_the_console_and_uaj_is_refused,
    coverage_counts_a_synthetic_country,
    an_invitation_letter_names_the_mayor_and_its_qr_opens_the_district,
    the_funnel_follows_a_district_from_invitation_to_active,
);
