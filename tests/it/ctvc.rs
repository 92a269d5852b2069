//! CTVC cases (seed 001): a committee's case in a district with an access,
//! a ticket and a stage history; the case matrix, as XLSX and PDF, carries the case's
//! points with their answers and the district's evidence.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use contigo_bot::app::App;
use contigo_bot::clock::Clock;
use contigo_bot::demo::Place;
use contigo_bot::domain::stage::Role;
use contigo_bot::domain::ticket::Category;
use contigo_bot::message::{Channel, ChatKey, Inbound};
use contigo_bot::services::reports::ctvc::{ctvc_document, ctvc_report, ctvc_title};
use contigo_bot::store::ctvc::{self, Answered, NewCase};
use contigo_bot::store::tickets::{self, NewTicket, TicketContext};

use crate::backends;
use crate::padron::{access, load_padron, whatsapp};
use crate::support::engine::turn;
use crate::support::xlsx::read_xlsx;
use crate::support::{Backend, TestDb, add_staff, settings};

fn lima(s: &str) -> DateTime<Utc> {
    format!("{s}-05:00").parse().expect("instant")
}

async fn uac_answers_a_ctvc_case_with_the_districts_access_ticket_and_usage(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = App::build(
        settings(&db, None),
        Clock::fixed(lima("2026-10-01T08:00:00")),
    )
    .await
    .expect("app");
    load_padron(&app.store, &db).await;
    // Acoria's access (Huancavelica): active, with its history; another district's
    // access must not appear.
    let acoria = access(&app, Place::District("090103"), "987650001").await;
    let other = access(&app, Place::District("090101"), "987650002").await;
    add_staff(&app, "Esa Especialista", &[Role::Especialista], 9103).await;
    // The responsible uses the bot in October.
    app.clock.set(lima("2026-10-05T10:00:00"));
    turn(
        &app,
        &whatsapp("51987650001"),
        Inbound::Text("/padron".into()),
    )
    .await;

    let mut conn = app.store.pool.acquire().await.expect("conn");
    // A ticket from Acoria, first answered 45 minutes after it opened.
    let now = app.clock.unix();
    let ticket = tickets::open(
        &mut conn,
        NewTicket {
            category: Category::Reclamo,
            chat: ChatKey::new(Channel::Whatsapp, "51987650001"),
            locale: "es",
            request_id: Some(acoria.id),
            context: &TicketContext::default(),
            first_response_due_at: now + 4 * 3600,
            resolution_due_at: now + 7 * 86_400,
            year: 2026,
        },
        now,
    )
    .await
    .expect("ticket");
    let specialist = contigo_bot::store::staff::list(&mut conn)
        .await
        .expect("staff")[0]
        .id;
    assert!(
        tickets::take(&mut conn, &ticket, specialist, "staff", now + 600)
            .await
            .expect("take")
    );
    let taken = tickets::get(&mut conn, ticket.id)
        .await
        .expect("read")
        .expect("ticket");
    assert!(
        tickets::mark_answered(&mut conn, &taken, "staff", now + 45 * 60)
            .await
            .expect("answer")
    );

    // The committee's oficio names a case in Acoria with two critical points.
    let points = vec![
        "La OMAPED no recibió capacitación".to_owned(),
        "No logran comunicarse con el programa".to_owned(),
    ];
    let new = NewCase {
        case_number: "7",
        oficio: "045-2026-CTVC",
        received_on: NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
        ubigeo: "090103",
        points: &points,
    };
    assert!(
        ctvc::add(&mut conn, &new, now)
            .await
            .expect("add")
            .is_some()
    );
    // The same case number twice is refused, nothing is lost.
    assert_eq!(ctvc::add(&mut conn, &new, now).await.expect("add"), None);
    for (point, founded, expected) in [(1, true, Answered::Done), (3, false, Answered::NoPoint(2))]
    {
        let got = ctvc::answer(
            &mut conn,
            "7",
            point,
            founded,
            "Capacitación virtual a la OMAPED",
            "Capacitaciones trimestrales",
            now,
        )
        .await
        .expect("answer");
        assert_eq!(got, expected);
    }
    assert_eq!(
        ctvc::answer(&mut conn, "99", 1, true, "a", "b", now)
            .await
            .expect("answer"),
        Answered::NoCase
    );

    app.clock
        .set(lima("2026-12-01T09:00:00") + Duration::hours(1));
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let report = ctvc_report(&mut conn, "045-2026-CTVC", today)
        .await
        .expect("report");
    assert!(
        ctvc_report(&mut conn, "no-such-oficio", today)
            .await
            .is_err()
    );
    let doc = ctvc_document(&app.engine.locales, "es", &report);

    let sheets = read_xlsx(&doc.to_xlsx().expect("xlsx"));
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Matriz CTVC",
            "Accesos del distrito",
            "Historial de etapas",
            "Tickets del distrito",
            "Uso por mes",
            "Lecciones"
        ]
    );
    let matrix = &sheets[0];
    assert!(
        matrix.notes[0].contains("045-2026-CTVC"),
        "{:?}",
        matrix.notes
    );
    assert_eq!(matrix.rows.len(), 2);
    assert_eq!(matrix.text(0, "Ubigeo"), "090103");
    assert!(matrix.text(0, "Distrito").starts_with("Acoria"));
    assert_eq!(
        matrix.text(0, "Hechos (punto crítico)"),
        "La OMAPED no recibió capacitación"
    );
    assert_eq!(matrix.text(0, "Respuesta"), "Fundado");
    assert_eq!(matrix.text(1, "Respuesta"), "Sin respuesta aún");
    assert_eq!(
        matrix.text(0, "Acciones de mejora"),
        "Capacitaciones trimestrales"
    );
    let evidence = matrix.text(0, "Evidencia");
    assert!(evidence.contains(&acoria.code), "{evidence}");
    assert!(evidence.contains("1 ticket, 1 respondido"), "{evidence}");
    assert!(evidence.contains("45 min"), "{evidence}");
    assert!(evidence.contains("1 ingreso"), "{evidence}");

    let accesses = &sheets[1];
    assert_eq!(accesses.rows.len(), 1, "{:?}", accesses.texts());
    assert_eq!(accesses.text(0, "Código de acceso"), acoria.code);
    assert_eq!(accesses.text(0, "DNI del responsable"), "****9902");
    let all: String = sheets
        .iter()
        .flat_map(|s| s.texts())
        .flatten()
        .collect::<Vec<_>>()
        .join("|");
    assert!(
        !all.contains(&other.code),
        "another district's access: {all}"
    );
    assert!(!all.contains("99999902"), "a whole DNI: {all}");
    let history = &sheets[2];
    assert!(
        history
            .texts()
            .iter()
            .any(|r| r.contains(&"en creación de cuenta (UTI)".to_owned())
                && r.contains(&"activa".to_owned())),
        "{:?}",
        history.texts()
    );
    let tickets_sheet = &sheets[3];
    assert_eq!(tickets_sheet.rows.len(), 1);
    assert_eq!(tickets_sheet.text(0, "Ticket"), ticket.code);
    assert_eq!(
        tickets_sheet.text(0, "Tiempo hasta la primera respuesta"),
        "0:45:00"
    );
    assert_eq!(tickets_sheet.text(0, "Dentro del plazo"), "Sí");
    let usage = &sheets[4];
    let october = usage
        .texts()
        .into_iter()
        .find(|r| r.contains(&"2026-10".to_owned()))
        .expect("october's usage");
    assert_eq!(october[usage.col("Número de ingresos")], "1");

    // The same document as the PDF attached to the reply.
    let title = ctvc_title(&app.engine.locales, "es", "045-2026-CTVC");
    let bytes = doc.to_pdf(&title).expect("pdf");
    let pdf = lopdf::Document::load_mem(&bytes).expect("a real PDF");
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    let text = pdf.extract_text(&pages).expect("text");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // A grid like the oficio's: the matrix's headers once over its columns (not
    // "label: value" records), on landscape pages.
    for needle in [
        "Matriz de atención de casos CTVC, oficio 045-2026-CTVC",
        "Hechos (punto crítico)",
        "La OMAPED no recibió",
        "Fundado",
        acoria.code.as_str(),
        ticket.code.as_str(),
        "en creación de cuenta (UTI)",
        "0:45:00",
        "Reclamo",
    ] {
        assert!(flat.contains(needle), "{needle:?} not in {flat}");
    }
    assert!(!flat.contains("Respuesta: Fundado"), "{flat}");
    assert!(!flat.contains("hojas siguientes"), "{flat}");
    let first = pdf.get_pages()[&1];
    let media = pdf
        .get_dictionary(first)
        .and_then(|p| p.get(b"Parent"))
        .and_then(|p| p.as_reference())
        .and_then(|id| pdf.get_dictionary(id))
        .and_then(|d| d.get(b"MediaBox"))
        .and_then(|m| m.as_array())
        .expect("MediaBox")
        .iter()
        .map(|v| {
            v.as_float()
                .or_else(|_| v.as_i64().map(|i| i as f32))
                .unwrap_or(0.0)
        })
        .collect::<Vec<f32>>();
    assert!(media[2] > media[3], "landscape: {media:?}");
    drop(conn);
    app.store.close().await;
}

backends!(uac_answers_a_ctvc_case_with_the_districts_access_ticket_and_usage);
