//! The store's rows are mapped by `#[derive(sqlx::FromRow)]` through sqlx's `Any`
//! driver: codes, 0/1 flags, ISO dates, JSON text and NULLs must read back as the
//! same typed values on SQLite and PostgreSQL, and a stored code no version wrote is
//! an error that names it, not a default.

use chrono::NaiveDate;
use contigo_bot::domain::request::{AccessType, AuthorityOnDdc, RequestKind};
use contigo_bot::domain::stage::{Role, Stage};
use contigo_bot::domain::ticket::{Category, TicketState};
use contigo_bot::message::{Channel, ChatKey};
use contigo_bot::store::kb::{self, Outcome};
use contigo_bot::store::staff::{self, NewStaff};
use contigo_bot::store::tickets::{self, NewTicket, TicketContext};
use contigo_bot::store::{Store, ctvc, requests};

use crate::backends;
use crate::support::{Backend, TestDb};

/// When the rows are written (unix seconds).
const NOW: i64 = 1_780_000_000;

/// A migrated scratch store (the database goes with the `TestDb`).
async fn migrated(backend: Backend) -> (TestDb, Store) {
    let db = TestDb::new(backend).await;
    let store = Store::connect(&db.url, 2).await.expect("connect");
    store.migrate().await.expect("migrate");
    (db, store)
}

/// Opens a ticket from `chat`, answer due in an hour, resolution in a day.
async fn open_ticket(
    conn: &mut contigo_bot::store::Conn,
    category: Category,
    chat: ChatKey<'_>,
    context: &TicketContext,
) -> tickets::TicketRow {
    let new = NewTicket {
        category,
        chat,
        locale: "es",
        request_id: None,
        context,
        first_response_due_at: NOW + 3600,
        resolution_due_at: NOW + 86_400,
        year: 2026,
    };
    tickets::open(conn, new, NOW).await.expect("ticket")
}

backends!(
    rows_read_back_typed_on_both_databases,
    a_stored_code_no_version_wrote_is_an_error_that_names_it
);

async fn rows_read_back_typed_on_both_databases(backend: Backend) {
    let (_db, store) = migrated(backend).await;
    let mut conn = store.pool.acquire().await.expect("conn");
    let now = NOW;

    // Staff: the comma list of roles, a role this version does not know skipped.
    let member = staff::add(
        &mut conn,
        &NewStaff {
            name: "Ana Torres",
            roles: &[Role::Uac, Role::Uaj],
            telegram_user_id: Some("9001"),
            whatsapp_number: None,
            terminal_user: None,
            locale: "es",
        },
        now,
    )
    .await
    .expect("staff");
    assert_eq!(member.roles, vec![Role::Uac, Role::Uaj]);
    sqlx::query("UPDATE staff SET roles = 'uac,retired_role, UAJ' WHERE id = $1")
        .bind(member.id)
        .execute(&mut *conn)
        .await
        .expect("roles");
    let found = staff::by_chat(&mut conn, ChatKey::new(Channel::Telegram, "9001"))
        .await
        .expect("read")
        .expect("Ana by her chat");
    assert_eq!(found.id, member.id);
    assert_eq!(found.roles, vec![Role::Uac, Role::Uaj]);
    assert_eq!(found.whatsapp_number, None);
    assert!(
        staff::by_chat(&mut conn, ChatKey::new(Channel::Whatsapp, "9001"))
            .await
            .expect("read")
            .is_none(),
        "her Telegram id is not a WhatsApp number"
    );

    // A ticket: its codes, its unit and its context (JSON text).
    let context = TicketContext {
        request_code: Some("CTG-2026-000001".into()),
        person: Some("Rosa Quispe".into()),
        ..TicketContext::default()
    };
    let chat = ChatKey::new(Channel::Whatsapp, "51900000001");
    let opened = open_ticket(&mut conn, Category::Denuncia, chat, &context).await;
    let ticket = tickets::get(&mut conn, opened.id)
        .await
        .expect("read")
        .expect("the ticket");
    assert_eq!(ticket.category, Category::Denuncia);
    assert_eq!(ticket.state, TicketState::Open);
    assert_eq!(ticket.unit, Role::Oci);
    assert_eq!(
        ticket.chat(),
        ChatKey::new(Channel::Whatsapp, "51900000001")
    );
    assert_eq!(ticket.context, context);
    assert_eq!((ticket.specialist_id, ticket.closed_by), (None, None));
    assert_eq!(ticket.resolution_due_at, Some(now + 86_400));

    // A CTVC case: its date (ISO text) and its points' 0/1/NULL answers.
    let points = [
        "Falta de difusión".to_owned(),
        "Padrón sin actualizar".to_owned(),
        "Demora".to_owned(),
    ];
    let received = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    ctvc::add(
        &mut conn,
        &ctvc::NewCase {
            case_number: "CTVC-001",
            oficio: "Oficio 12-2026",
            received_on: received,
            ubigeo: "090103",
            points: &points,
        },
        now,
    )
    .await
    .expect("case")
    .expect("a new case");
    for (position, founded) in [(1, true), (2, false)] {
        ctvc::answer(
            &mut conn, "CTVC-001", position, founded, "acciones", "mejoras", now,
        )
        .await
        .expect("answer");
    }
    let case = ctvc::find(&mut conn, "CTVC-001")
        .await
        .expect("read")
        .expect("the case");
    assert_eq!(case.received_on, received);
    let answers: Vec<(i64, Option<bool>, Option<&str>)> = case
        .points
        .iter()
        .map(|p| (p.position, p.founded, p.actions.as_deref()))
        .collect();
    assert_eq!(
        answers,
        vec![
            (1, Some(true), Some("acciones")),
            (2, Some(false), Some("acciones")),
            (3, None, None)
        ]
    );

    // FAQ questions: the channel as a code, "it helped" as 0/1 or NULL.
    let chat = ChatKey::new(Channel::Whatsapp, "51900000002");
    let helped = kb::record(
        &mut conn,
        chat,
        "es",
        "¿cuándo pagan?",
        Outcome::Answered,
        Some("pagos"),
        now,
    )
    .await
    .expect("question");
    let unasked = kb::record(
        &mut conn,
        chat,
        "es",
        "hola",
        Outcome::Unmatched,
        None,
        now + 1,
    )
    .await
    .expect("question");
    kb::feedback(&mut conn, helped, false, Some(opened.id))
        .await
        .expect("feedback");
    let asked = kb::between(&mut conn, now, now + 2).await.expect("read");
    let read: Vec<(i64, Channel, Option<bool>, Option<i64>)> = asked
        .iter()
        .map(|q| (q.id, q.channel, q.helpful, q.ticket_id))
        .collect();
    assert_eq!(
        read,
        vec![
            (helped, Channel::Whatsapp, Some(false), Some(opened.id)),
            (unasked, Channel::Whatsapp, None, None)
        ]
    );

    // A request: codes, a NULL and then a set due date, verification code and the
    // DDC's authority (JSON text).
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO access_requests (code, access_type, jurisdiction, authority_dni, stage,
            fiscal_year, data, channel, chat_id, locale, created_at, updated_at, kind)
         VALUES ('CTG-2026-000001', 'regional', '09', '40000001', 'uac_review', 2026, '{}',
            'telegram', '7001', 'es', 0, 0, 'renewal') RETURNING id",
    )
    .fetch_one(&mut *conn)
    .await
    .expect("a request");
    let request = requests::get(&mut conn, id)
        .await
        .expect("read")
        .expect("it");
    assert_eq!(request.access_type, AccessType::Regional);
    assert_eq!(request.stage, Stage::UacReview);
    assert_eq!(request.kind, RequestKind::Renewal);
    assert_eq!(request.fiscal_year, 2026);
    assert_eq!(request.chat(), ChatKey::new(Channel::Telegram, "7001"));
    assert_eq!(request.stage_due_on, None);
    assert!(request.verification_code.is_none() && request.ddc_authority.is_none());
    sqlx::query(
        "UPDATE access_requests SET stage_due_on = '2026-03-09', verification_code = 'ABCDEFGH',
            ddc_authority = '{\"names\":\"Rosa\",\"surnames\":\"Quispe\",\"dni\":\"40000001\"}'
         WHERE id = $1",
    )
    .bind(id)
    .execute(&mut *conn)
    .await
    .expect("update");
    let request = requests::get(&mut conn, id)
        .await
        .expect("read")
        .expect("it");
    assert_eq!(request.stage_due_on, NaiveDate::from_ymd_opt(2026, 3, 9));
    assert_eq!(
        request.verification_code.map(|c| c.grouped()).as_deref(),
        Some("ABCD-EFGH")
    );
    assert_eq!(
        request.ddc_authority,
        Some(AuthorityOnDdc {
            names: "Rosa".into(),
            surnames: "Quispe".into(),
            dni: "40000001".into(),
            credential: None,
        })
    );
}

async fn a_stored_code_no_version_wrote_is_an_error_that_names_it(backend: Backend) {
    let (_db, store) = migrated(backend).await;
    let mut conn = store.pool.acquire().await.expect("conn");
    let chat = ChatKey::new(Channel::Telegram, "7002");
    let opened = open_ticket(
        &mut conn,
        Category::Consulta,
        chat,
        &TicketContext::default(),
    )
    .await;
    for (column, code, named) in [
        ("state", "limbo", "unknown ticket state \"limbo\""),
        ("channel", "fax", "unknown channel \"fax\""),
        ("unit", "nobody", "unknown role \"nobody\""),
    ] {
        sqlx::query(&format!("UPDATE tickets SET {column} = $1 WHERE id = $2"))
            .bind(code)
            .bind(opened.id)
            .execute(&mut *conn)
            .await
            .expect("corrupt it");
        let error = tickets::get(&mut conn, opened.id)
            .await
            .expect_err("a code no version wrote is not read as a ticket")
            .to_string();
        assert!(error.contains(named), "{column}: {error}");
        sqlx::query(&format!("UPDATE tickets SET {column} = $1 WHERE id = $2"))
            .bind(match column {
                "state" => "open",
                "channel" => "telegram",
                _ => "especialista",
            })
            .bind(opened.id)
            .execute(&mut *conn)
            .await
            .expect("mend it");
    }
    assert_eq!(
        tickets::get(&mut conn, opened.id)
            .await
            .expect("read")
            .map(|t| t.state),
        Some(TicketState::Open)
    );
}
