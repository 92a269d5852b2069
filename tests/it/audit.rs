//! The law's audit (issue 24): the record of reads of personal data is
//! append-only; `audit dni` lists exactly the reads of a person's data in a scripted
//! month (an ally's lookup and download, a staff read, not another person's, not
//! another month's), and the data subject's one-page PDF names entities and
//! purposes, never another person; every read of the audit is recorded; the console
//! page is the DPO's and supervisors'; `report ctvc` from the CLI is recorded as the
//! console's download is. All names and numbers are invented.

use chrono::{DateTime, NaiveDate, Utc};
use contigo_bot::demo::Place;
use contigo_bot::domain::Dni;
use contigo_bot::domain::policy::Who;
use contigo_bot::domain::stage::Role;
use contigo_bot::services::audit::{self, Auditor};
use contigo_bot::store::personal_data::{self, AccessAction, StaffReader};
use contigo_bot::store::staff;
use reqwest::StatusCode;

use crate::backends;
use crate::console::{PUBLIC_URL, logged_in, login_link, setup};
use crate::padron::{ACORIA, IN_ACORIA, access, load_padron, says, taps, whatsapp};
use crate::support::engine::text_of;
use crate::support::telegram::TgUser;
use crate::support::{Backend, TestDb, add_staff, binary};

fn lima(s: &str) -> DateTime<Utc> {
    format!("{s}-05:00").parse().expect("instant")
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

const OTHER_IN_ACORIA: &str = "91000002";
/// The demo access's authority and responsible (`demo::active_access`).
const AUTHORITY: &str = "99999901";
const RESPONSIBLE: &str = "99999902";

fn operator() -> Auditor<'static> {
    Auditor {
        who: Who::Operator,
        reader: StaffReader::Operator { login: "operadora" },
    }
}

/// Every 8-digit run in a text.
fn dnis_in(text: &str) -> Vec<String> {
    let mut found = vec![];
    let mut run = String::new();
    for ch in text.chars().chain([' ']) {
        if ch.is_ascii_digit() {
            run.push(ch);
        } else {
            if run.len() == 8 {
                found.push(run.clone());
            }
            run.clear();
        }
    }
    found
}

pub(crate) fn pdftotext(pdf: &[u8], dir: &std::path::Path) -> String {
    let path = dir.join("carta.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf8")
}

async fn the_access_record_refuses_update_and_delete(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = contigo_bot::app::App::build(
        crate::support::settings(&db, None),
        crate::support::monday_morning(),
    )
    .await
    .expect("app");
    load_padron(&app.store, &db).await;
    access(&app, Place::District(ACORIA), "987650031").await;
    let chat = whatsapp("51987650031");
    says(&app, &chat, "/padron").await;
    taps(&app, &chat, "al:dni").await;
    assert!(says(&app, &chat, IN_ACORIA).await.contains("Rosa Demo"));
    let mut conn = app.store.pool.acquire().await.expect("conn");
    for sql in [
        "UPDATE personal_data_access SET subject_dni = '00000000'",
        "UPDATE personal_data_access SET at = 0",
        "DELETE FROM personal_data_access",
        "UPDATE personal_data_subjects SET dni = '00000000'",
        "DELETE FROM personal_data_subjects",
    ] {
        let refused = sqlx::query(sql).execute(&mut *conn).await;
        let error = refused.expect_err(sql).to_string();
        assert!(error.contains("append-only"), "{sql}: {error}");
    }
    let (n,): (i64,) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM personal_data_subjects WHERE dni = $1",
    )
    .bind(IN_ACORIA)
    .fetch_one(&mut *conn)
    .await
    .expect("count");
    assert_eq!(n, 1, "the lookup's subject is still there");
    drop(conn);
    app.store.close().await;
}

async fn audit_dni_lists_exactly_the_reads_of_a_scripted_month(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = contigo_bot::app::App::build(
        crate::support::settings(&db, None),
        contigo_bot::clock::Clock::fixed(lima("2026-10-28T09:00:00")),
    )
    .await
    .expect("app");
    load_padron(&app.store, &db).await;
    let acoria = access(&app, Place::District(ACORIA), "987650031").await;
    add_staff(&app, "Ursula Uac", &[Role::Uac], 9301).await;
    let chat = whatsapp("51987650031");
    says(&app, &chat, "/padron").await;
    // October: a lookup of the person, outside the month asked.
    taps(&app, &chat, "al:dni").await;
    assert!(says(&app, &chat, IN_ACORIA).await.contains("Rosa Demo"));
    // November: the person looked up, another person looked up, the list of vigentes
    // (the person is in it) downloaded, and a staff member opens the request.
    app.clock.set(lima("2026-11-10T10:00:00"));
    taps(&app, &chat, "al:dni").await;
    assert!(says(&app, &chat, IN_ACORIA).await.contains("Rosa Demo"));
    taps(&app, &chat, "al:dni").await;
    assert!(
        says(&app, &chat, OTHER_IN_ACORIA)
            .await
            .contains("Luis Demo")
    );
    app.clock.set(lima("2026-11-12T16:30:00"));
    let out = taps(&app, &chat, "al:dl:vigentes").await;
    assert!(text_of(&out).contains("vigentes"), "{}", text_of(&out));
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let uac = staff::list(&mut conn).await.expect("staff")[0].clone();
    personal_data::record_staff_read(
        &mut conn,
        StaffReader::Console { staff_id: uac.id },
        acoria.id,
        AccessAction::Review,
        "request",
        app.clock.unix(),
    )
    .await
    .expect("staff read");
    drop(conn);
    // December: another lookup, outside the month.
    app.clock.set(lima("2026-12-02T10:00:00"));
    taps(&app, &chat, "al:dni").await;
    says(&app, &chat, IN_ACORIA).await;
    let mut conn = app.store.pool.acquire().await.expect("conn");

    // The DPO asks in December about November.
    let locales = &app.engine.locales;
    let dni = Dni::parse(IN_ACORIA).expect("dni");
    let (from, to) = (day("2026-11-01"), day("2026-11-30"));
    let now = app.clock.unix();
    let lines = audit::by_dni(
        &mut conn,
        locales,
        "es",
        &operator(),
        &dni,
        from,
        to,
        "dni",
        now,
    )
    .await
    .expect("audit");
    let got: Vec<(AccessAction, &str, Option<&str>)> = lines
        .iter()
        .map(|l| (l.action, l.what.as_str(), l.person.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (AccessAction::Lookup, "dni", Some(IN_ACORIA)),
            (AccessAction::Download, "vigentes", None),
        ]
    );
    for l in &lines {
        assert_eq!(l.access.as_deref(), Some(acoria.code.as_str()));
        assert!(
            l.entity.starts_with("Gobierno Local · Acoria"),
            "{}",
            l.entity
        );
        assert_eq!(l.who, "WhatsApp ****0031", "the chat is masked");
    }
    // The responsible's data was read by UAC when the request was opened.
    let resp = audit::by_dni(
        &mut conn,
        locales,
        "es",
        &operator(),
        &Dni::parse(RESPONSIBLE).expect("dni"),
        from,
        to,
        "dni",
        now,
    )
    .await
    .expect("audit");
    assert_eq!(resp.len(), 1, "{resp:?}");
    assert_eq!(resp[0].action, AccessAction::Review);
    assert_eq!(resp[0].who, "Ursula Uac");
    assert!(
        resp[0].entity.contains("Unidad de Acompañamiento"),
        "{}",
        resp[0].entity
    );

    // Each read of the audit is recorded; the next read of December shows it.
    let december = audit::by_dni(
        &mut conn,
        locales,
        "es",
        &operator(),
        &dni,
        day("2026-12-01"),
        day("2026-12-31"),
        "dni",
        now,
    )
    .await
    .expect("audit");
    let actions: Vec<(AccessAction, &str)> = december
        .iter()
        .map(|l| (l.action, l.who.as_str()))
        .collect();
    assert_eq!(
        actions,
        vec![
            (AccessAction::Lookup, "WhatsApp ****0031"),
            (AccessAction::Audit, "operadora"),
        ]
    );

    // The answer to the data subject: one page, in Spanish, no other person.
    let today = day("2026-12-02");
    let pdf = audit::subject_letter(locales, "es", &dni, from, to, today, &lines).expect("pdf");
    let text = pdftotext(&pdf, db.dir.path());
    assert_eq!(text.matches('\u{c}').count(), 1, "one page:\n{text}");
    for want in [
        "Registro de accesos a sus datos personales",
        "DNI 91000003",
        "Gobierno Local · Acoria",
        "Consulta por DNI",
        "Descarga de una lista",
        "Ley N° 29733",
        "fueron leídos 2 veces",
    ] {
        assert!(text.contains(want), "«{want}» in:\n{text}");
    }
    assert_eq!(dnis_in(&text), vec![IN_ACORIA.to_owned()], "{text}");
    for other in [
        OTHER_IN_ACORIA,
        AUTHORITY,
        RESPONSIBLE,
        "987650031",
        "Responsable Demo",
        "Rosa Demo",
    ] {
        assert!(!text.contains(other), "{other} in:\n{text}");
    }

    // What the access read in November: its four reads and the staff read; the
    // audit's own reads are not the access's.
    let (_, month) = audit::by_access(
        &mut conn,
        locales,
        "es",
        &operator(),
        &acoria.code,
        day("2026-11-01"),
        now,
    )
    .await
    .expect("audit access");
    let got: Vec<AccessAction> = month.iter().map(|l| l.action).collect();
    assert_eq!(
        got,
        vec![
            AccessAction::Lookup,
            AccessAction::Lookup,
            AccessAction::Download,
            AccessAction::Review
        ]
    );
    let record = personal_data::for_request(&mut conn, acoria.id)
        .await
        .expect("record");
    assert_eq!(
        record.last().map(|r| (r.action.as_str(), r.what.as_str())),
        Some(("audit", "access")),
        "the access's audit read is recorded"
    );

    // Anyone else is refused, and nothing is recorded for them.
    let before = personal_data::for_subject_between(&mut conn, IN_ACORIA, 0, i64::MAX)
        .await
        .expect("record")
        .len();
    let roles = [Role::Uac];
    let refused = audit::by_dni(
        &mut conn,
        locales,
        "es",
        &Auditor {
            who: Who::Staff {
                id: uac.id,
                roles: &roles,
            },
            reader: StaffReader::Console { staff_id: uac.id },
        },
        &dni,
        from,
        to,
        "dni",
        now,
    )
    .await;
    assert!(matches!(refused, Err(audit::AuditError::NotAllowed)));
    let after = personal_data::for_subject_between(&mut conn, IN_ACORIA, 0, i64::MAX)
        .await
        .expect("record")
        .len();
    assert_eq!(before, after);
    drop(conn);
    app.store.close().await;
}

/// The console page: the DPO searches a DNI, sees the reads, downloads the letter;
/// the search is recorded with the DPO's name; UAC is refused.
async fn the_dpo_reads_the_audit_in_the_console(backend: Backend) {
    let (db, tg, bot) = setup(backend, PUBLIC_URL).await;
    load_padron(&bot.app.store, &db).await;
    access(&bot.app, Place::District(ACORIA), "987650032").await;
    let chat = whatsapp("51987650032");
    says(&bot.app, &chat, "/padron").await;
    taps(&bot.app, &chat, "al:dni").await;
    assert!(says(&bot.app, &chat, IN_ACORIA).await.contains("Rosa Demo"));

    let dpo = TgUser::new(9311, "Delia");
    add_staff(&bot.app, "Delia Dpo", &[Role::Dpo], dpo.id).await;
    let uac = TgUser::new(9312, "Ulises");
    add_staff(&bot.app, "Ulises Uac", &[Role::Uac], uac.id).await;

    let mut delia = logged_in(&bot, &login_link(&tg, &dpo).await).await;
    let desk = delia.get("/console/").await;
    assert!(desk.body.contains("/console/audit"), "{}", desk.body);
    let page = delia
        .get(&format!(
            "/console/audit?dni={IN_ACORIA}&from=2026-11-01&to=2026-11-30"
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Consulta por DNI"), "{}", page.body);
    assert!(page.body.contains("WhatsApp ****0032"), "{}", page.body);
    assert!(!page.body.contains("51987650032"), "{}", page.body);
    let letter = delia
        .get(&format!(
            "/console/audit?dni={IN_ACORIA}&from=2026-11-01&to=2026-11-30&format=letter"
        ))
        .await;
    assert_eq!(letter.status, StatusCode::OK);
    assert!(letter.bytes.starts_with(b"%PDF"), "a PDF");

    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let reads = personal_data::for_subject_between(&mut conn, IN_ACORIA, 0, i64::MAX)
        .await
        .expect("record");
    let audits: Vec<(&str, &str)> = reads
        .iter()
        .filter(|r| r.action == "audit")
        .map(|r| (r.channel.as_str(), r.what.as_str()))
        .collect();
    assert_eq!(audits, vec![("console", "dni"), ("console", "dni_letter")]);
    drop(conn);

    let mut ulises = logged_in(&bot, &login_link(&tg, &uac).await).await;
    let refused = ulises.get(&format!("/console/audit?dni={IN_ACORIA}")).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.body.contains("Consulta por DNI"));
    bot.stop().await;
}

/// The command line: `audit dni` prints the reads as CSV and writes the letter;
/// `audit access` the access's month; `report ctvc` is recorded as the console's
/// download is; `report requests` is UAC's export with the responsible's DNI masked.
async fn the_operator_audits_and_reports_from_the_command_line(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = contigo_bot::app::App::build(
        crate::support::settings(&db, None),
        crate::support::monday_morning(),
    )
    .await
    .expect("app");
    load_padron(&app.store, &db).await;
    let acoria = access(&app, Place::District(ACORIA), "987650033").await;
    let chat = whatsapp("51987650033");
    says(&app, &chat, "/padron").await;
    taps(&app, &chat, "al:dni").await;
    assert!(says(&app, &chat, IN_ACORIA).await.contains("Rosa Demo"));
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let points = vec!["La OMAPED no recibió capacitación".to_owned()];
    contigo_bot::store::ctvc::add(
        &mut conn,
        &contigo_bot::store::ctvc::NewCase {
            case_number: "3",
            oficio: "012-2026-CTVC",
            received_on: day("2026-11-20"),
            ubigeo: ACORIA,
            points: &points,
        },
        app.clock.unix(),
    )
    .await
    .expect("case");
    drop(conn);
    app.store.close().await;

    let range = ["--from", "2026-11-01", "--to", "2026-11-30"];
    let csv = binary(&db, &[&["audit", "dni", IN_ACORIA][..], &range].concat());
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[0].starts_with("Fecha y hora,Entidad,Acceso"), "{csv}");
    assert!(lines[1].contains("Consulta por DNI"), "{csv}");
    assert!(lines[1].contains(&acoria.code), "{csv}");
    let letter = db.dir.path().join("respuesta.pdf");
    let letter_arg = letter.to_str().expect("path");
    binary(
        &db,
        &[
            &[
                "audit", "dni", IN_ACORIA, "--letter", "--output", letter_arg,
            ][..],
            &range,
        ]
        .concat(),
    );
    let text = pdftotext(&std::fs::read(&letter).expect("letter"), db.dir.path());
    assert!(text.contains("Consulta por DNI"), "{text}");
    assert_eq!(dnis_in(&text), vec![IN_ACORIA.to_owned()], "{text}");

    let xlsx = db.dir.path().join("acceso.xlsx");
    let out = binary(
        &db,
        &[
            "audit",
            "access",
            &acoria.code,
            "--month",
            "2026-11",
            "--format",
            "xlsx",
            "--output",
            xlsx.to_str().expect("path"),
        ],
    );
    assert!(out.contains("1 read(s)"), "{out}");

    let matrix = db.dir.path().join("matriz.xlsx");
    binary(
        &db,
        &[
            "report",
            "ctvc",
            "--oficio",
            "012-2026-CTVC",
            "--output",
            matrix.to_str().expect("path"),
        ],
    );
    let export = binary(&db, &["report", "requests"]);
    assert!(export.contains(&acoria.code), "{export}");
    assert!(export.contains("****9902"), "{export}");
    for secret in [RESPONSIBLE, AUTHORITY, "987650033", "Responsable Demo"] {
        assert!(!export.contains(secret), "{secret} in {export}");
    }

    let app = contigo_bot::app::App::build(
        crate::support::settings(&db, None),
        crate::support::monday_morning(),
    )
    .await
    .expect("app");
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let record = personal_data::for_request(&mut conn, acoria.id)
        .await
        .expect("record");
    let cli: Vec<(&str, &str, &str)> = record
        .iter()
        .filter(|r| r.channel == "cli")
        .map(|r| (r.action.as_str(), r.what.as_str(), r.chat_id.as_str()))
        .collect();
    assert_eq!(
        cli,
        vec![
            ("audit", "access", "operadora"),
            ("report", "ctvc_matrix", "operadora")
        ]
    );
    // Who read the responsible's data: the matrix, from the command line.
    let resp = personal_data::for_subject_between(&mut conn, RESPONSIBLE, 0, i64::MAX)
        .await
        .expect("record");
    assert_eq!(resp.len(), 1, "{resp:?}");
    let dni_reads = personal_data::for_subject_between(&mut conn, IN_ACORIA, 0, i64::MAX)
        .await
        .expect("record");
    let whats: Vec<&str> = dni_reads.iter().map(|r| r.what.as_str()).collect();
    assert_eq!(whats, vec!["dni", "dni", "dni_letter"]);
    drop(conn);
    app.store.close().await;
}

/// UAC downloads the requests it reviews from the desk: stages, dates, terms kept,
/// type and district, the responsible's DNI masked and nothing else of theirs; the
/// DPO, who does not review requests, is refused.
async fn uac_downloads_the_requests_export_from_the_desk(backend: Backend) {
    use contigo_bot::domain::stage::Stage;
    use contigo_bot::store::requests;
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let row = crate::support::submitted_request(
        &bot.app,
        &crate::support::local_request_data("090101", "912345678"),
        "telegram",
        "8401",
    )
    .await;
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    // The signed DDC on Monday; UAC's conforme on Wednesday: two business days
    // against a term of one. UAJ's term ended Tuesday.
    let monday = bot.app.clock.unix();
    let steps = [
        (Stage::AwaitingDdc, Stage::UacReview, None, monday),
        (
            Stage::UacReview,
            Stage::LegalReview,
            Some(day("2026-11-24")),
            monday + 2 * 86_400,
        ),
    ];
    for (from, to, due, at) in steps {
        assert!(
            requests::move_stage(&mut conn, row.id, from, to, due, "test", None, at)
                .await
                .expect("move")
        );
    }
    drop(conn);
    bot.app.clock.set(lima("2026-11-25T12:00:00"));

    let uac = TgUser::new(9321, "Ulla");
    add_staff(&bot.app, "Ulla Uac", &[Role::Uac], uac.id).await;
    let mut ulla = logged_in(&bot, &login_link(&tg, &uac).await).await;
    let desk = ulla.get("/console/desk").await;
    assert!(
        desk.body.contains("/console/export/requests.xlsx"),
        "{}",
        desk.body
    );
    let csv = ulla.get("/console/export/requests.csv").await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    let text = csv.body.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let header = lines.next().expect("header");
    assert!(
        header.starts_with("Código,Tipo de acceso,Tipo de solicitud,Región"),
        "{header}"
    );
    let line = lines
        .find(|l| l.starts_with(&row.code))
        .unwrap_or_else(|| panic!("{} in {text}", row.code));
    let cells: Vec<&str> = line.split(',').collect();
    assert_eq!(
        cells[1..],
        [
            "Gobierno Local",
            "Nueva",
            "Huancavelica",
            "Huancavelica",
            "Huancavelica",
            "en evaluación legal (UAJ)",
            "2026-11-23",
            "2026-11-23",
            "",
            "2026-11-24",
            "Sí",
            "1",
            "0",
            "****4567",
        ],
        "{line}"
    );
    for secret in ["41234567", "45678912", "912345678"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let xlsx = ulla.get("/console/export/requests.xlsx").await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.bytes.starts_with(b"PK"), "an XLSX");

    let dpo = TgUser::new(9322, "Dora");
    add_staff(&bot.app, "Dora Dpo", &[Role::Dpo], dpo.id).await;
    let mut dora = logged_in(&bot, &login_link(&tg, &dpo).await).await;
    let refused = dora.get("/console/export/requests.csv").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.body.contains(&row.code));
    bot.stop().await;
}

backends!(
    uac_downloads_the_requests_export_from_the_desk,
    the_operator_audits_and_reports_from_the_command_line,
    the_access_record_refuses_update_and_delete,
    audit_dni_lists_exactly_the_reads_of_a_scripted_month,
    the_dpo_reads_the_audit_in_the_console
);
