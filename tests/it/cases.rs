//! Cases routed to units (issue 25): a denuncia reaches OCI alone (chat and console)
//! with its sender known to OCI only; a consulta derived from the especialistas to
//! UOT, answered and closed there, the ally told at each move; a resolution term
//! passing reaches the unit, the supervisors' digest and the metrics' gauge; an alert
//! and a FAD, each with its own counter, worked by UOT, the ally told, and looked up
//! by number from another chat bound to the same access. All data is invented.

use chrono::Duration;
use contigo_bot::app::App;
use contigo_bot::demo::Place;
use contigo_bot::domain::stage::Role;
use contigo_bot::domain::ticket::TicketState;
use contigo_bot::message::{Channel, ChatRef, Inbound, Outbound};
use contigo_bot::store::{ally_reports, bindings, staff, tickets};
use reqwest::StatusCode;
use sqlx::Row;

use crate::backends;
use crate::console::{PUBLIC_URL, logged_in, login_link, setup, staff_member};
use crate::padron::{ACORIA, IN_ACORIA, access, load_padron};
use crate::support::reads::{outbox_after, outbox_mark};
use crate::support::telegram::TgUser;
use crate::support::{
    Backend, TestDb, local_request_data, monday_morning, settings, submitted_request,
};

/// The padrón loaded and Acoria's access bound to its responsible's WhatsApp (`51` and
/// `phone`): the access and the ally's chat.
pub(crate) async fn bound_in_acoria(
    app: &App,
    db: &TestDb,
    phone: &str,
) -> (contigo_bot::store::requests::RequestRow, ChatRef) {
    load_padron(&app.store, db).await;
    let acoria = access(app, Place::District(ACORIA), phone).await;
    let ally = chat(Channel::Whatsapp, &format!("51{phone}"));
    let bound = says(app, &ally, "/padron").await;
    assert!(bound.contains("vinculado"), "{bound}");
    (acoria, ally)
}

pub(crate) fn chat(channel: Channel, id: &str) -> ChatRef {
    ChatRef {
        channel,
        chat_id: id.into(),
        lang_hint: Some("es".into()),
    }
}

pub(crate) async fn turn(app: &App, chat: &ChatRef, input: Inbound) -> String {
    let mut tx = app.store.begin().await.expect("begin");
    let out = app.engine.handle(&mut tx, chat, input).await.expect("turn");
    tx.commit().await.expect("commit");
    // Each reply's text and, in brackets, the labels of its buttons.
    out.iter()
        .map(|o| match o {
            Outbound::Text { text, choices } if !choices.is_empty() => {
                let labels: Vec<&str> = choices.iter().map(|c| c.label.as_str()).collect();
                format!("{text}\n[{}]", labels.join(" | "))
            }
            other => other.text().to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n---\n")
}

pub(crate) async fn says(app: &App, chat: &ChatRef, text: &str) -> String {
    turn(app, chat, Inbound::Text(text.into())).await
}

pub(crate) async fn taps(app: &App, chat: &ChatRef, id: &str) -> String {
    turn(app, chat, Inbound::Choice(id.into())).await
}

/// The texts written to one chat's outbox after `mark`.
pub(crate) async fn sent_to(app: &App, mark: i64, chat: &ChatRef) -> Vec<String> {
    outbox_after(app, mark, chat.channel.as_str(), &chat.chat_id)
        .await
        .iter()
        .map(|o| o.text().to_owned())
        .collect()
}

pub(crate) fn one_containing(texts: &[String], want: &str) -> String {
    texts
        .iter()
        .find(|t| t.contains(want))
        .unwrap_or_else(|| panic!("{want:?} in {texts:#?}"))
        .clone()
}

pub(crate) async fn member(
    app: &App,
    name: &str,
    roles: &[Role],
    telegram: &str,
) -> staff::StaffMember {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    staff::add(
        &mut conn,
        &staff::NewStaff {
            name,
            roles,
            telegram_user_id: Some(telegram),
            whatsapp_number: None,
            terminal_user: None,
            locale: "es",
        },
        app.clock.unix(),
    )
    .await
    .expect("staff added")
}

pub(crate) async fn ticket(app: &App, code: &str) -> tickets::TicketRow {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    tickets::by_code(&mut conn, code)
        .await
        .expect("read")
        .expect("ticket")
}

pub(crate) fn code_in(text: &str) -> String {
    let start = text.find("AT-").expect("a ticket number");
    text[start..start + 14].to_owned()
}

/// An ally's chat opens a case of `category` with `message`; returns its number.
pub(crate) async fn opens(app: &App, ally: &ChatRef, category: &str, message: &str) -> String {
    let asked = says(app, ally, "/especialista").await;
    assert!(asked.contains("¿Qué tipo de atención"), "{asked}");
    taps(app, ally, &format!("tk:cat:{category}")).await;
    let opened = says(app, ally, message).await;
    assert!(opened.contains("Registré su"), "{opened}");
    code_in(&opened)
}

/// What would tell who sent the denuncia: the responsible's name, their phone and
/// chat, their request's code, their district.
const SENDER: [&str; 6] = [
    "Luis",
    "Pérez",
    "987000401",
    "WhatsApp",
    "CTG-2026-",
    "Huancavelica",
];

async fn a_denuncia_reaches_oci_alone_and_its_sender_is_oci_s_to_know(backend: Backend) {
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let app = &bot.app;
    let ana = TgUser::new(9701, "Ana");
    let olga = TgUser::new(9702, "Olga");
    let sara = TgUser::new(9703, "Sara");
    staff_member(&bot, &tg, &ana, Role::Especialista).await;
    staff_member(&bot, &tg, &olga, Role::Oci).await;
    staff_member(&bot, &tg, &sara, Role::Supervisor).await;
    let (ana_chat, olga_chat, sara_chat) = (
        chat(Channel::Telegram, "9701"),
        chat(Channel::Telegram, "9702"),
        chat(Channel::Telegram, "9703"),
    );
    // The ally has a request: their name goes with the case.
    let ally = chat(Channel::Whatsapp, "51987000401");
    submitted_request(
        app,
        &local_request_data("090101", "987000401"),
        "whatsapp",
        &ally.chat_id,
    )
    .await;
    let mark = outbox_mark(app).await;
    let code = opens(
        app,
        &ally,
        "denuncia",
        "Cobran por inscribir usuarios en el padrón.",
    )
    .await;
    let case = ticket(app, &code).await;
    assert_eq!(case.unit, Role::Oci);
    // OCI hears of it; no especialista does.
    let to_olga = sent_to(app, mark, &olga_chat).await;
    assert!(one_containing(&to_olga, &code).contains("Nueva consulta"));
    assert!(sent_to(app, mark, &ana_chat).await.is_empty());

    // An especialista finds nothing in the chat: not in the queue, not by its id.
    let pending = taps(app, &ana_chat, "tk:pending").await;
    assert!(!pending.contains(&code), "{pending}");
    let opened = taps(app, &ana_chat, &format!("tk:open:{}", case.id)).await;
    assert!(opened.contains("no está a su cargo"), "{opened}");
    assert!(!opened.contains("Cobran por inscribir"), "{opened}");
    let took = taps(app, &ana_chat, &format!("tk:take:{}", case.id)).await;
    assert!(!took.contains("Cobran por inscribir"), "{took}");
    assert_eq!(ticket(app, &code).await.specialist_id, None);

    // A supervisor reads what it says, never who sent it: no name, phone or chat,
    // no request, no place.
    let seen = taps(app, &sara_chat, &format!("tk:open:{}", case.id)).await;
    assert!(seen.contains(&code), "{seen}");
    assert!(seen.contains("Cobran por inscribir"), "{seen}");
    assert!(seen.contains("Remitente"), "{seen}");
    for hidden in SENDER {
        assert!(!seen.contains(hidden), "{hidden:?} in {seen}");
    }

    // In the console: the especialista neither lists nor opens it.
    let mut a = logged_in(&bot, &login_link(&tg, &ana).await).await;
    let inbox = a.get("/console/tickets").await;
    assert_eq!(inbox.status, StatusCode::OK, "{}", inbox.body);
    assert!(!inbox.body.contains(&code), "{}", inbox.body);
    let page = a.get(&format!("/console/tickets/{}", case.id)).await;
    assert_ne!(page.status, StatusCode::OK, "{}", page.body);
    assert!(!page.body.contains("Cobran por inscribir"), "{}", page.body);

    // OCI lists it, takes it, and reads who wrote and what.
    let mut o = logged_in(&bot, &login_link(&tg, &olga).await).await;
    let inbox = o.get("/console/tickets").await;
    assert!(inbox.body.contains(&code), "{}", inbox.body);
    let page = o.get(&format!("/console/tickets/{}", case.id)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = crate::support::browser::hidden(&page.body, "csrf");
    let taken = o
        .post(
            &format!("/console/tickets/{}/take", case.id),
            &[("csrf", &csrf)],
        )
        .await;
    let taken = o.follow(&taken).await;
    assert!(
        taken.body.contains("Cobran por inscribir"),
        "{}",
        taken.body
    );
    assert!(taken.body.contains("Luis"), "{}", taken.body);
    // Held by OCI, the supervisor still reads it without learning the sender, in the
    // chat and in the console; nor is a file of it theirs to open.
    let seen = taps(app, &sara_chat, &format!("tk:open:{}", case.id)).await;
    assert!(seen.contains("Cobran por inscribir"), "{seen}");
    for hidden in SENDER {
        assert!(!seen.contains(hidden), "{hidden:?} in {seen}");
    }
    let mut s = logged_in(&bot, &login_link(&tg, &sara).await).await;
    let page = s.get(&format!("/console/tickets/{}", case.id)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Cobran por inscribir"), "{}", page.body);
    assert!(page.body.contains("Remitente"), "{}", page.body);
    for hidden in SENDER {
        assert!(!page.body.contains(hidden), "{hidden:?} in {}", page.body);
    }
    let polled = s
        .get(&format!("/console/tickets/{}/messages?after=0", case.id))
        .await;
    assert!(!polled.body.contains("Luis"), "{}", polled.body);
    // Nor can it be derived away from OCI.
    let offered = taps(app, &olga_chat, &format!("tk:hand:{}", case.id)).await;
    assert!(!offered.contains("A la Unidad"), "{offered}");
    // OCI's reads are in the Ley 29733 record, but none is tied to the sender's
    // access: the audit, which supervisors read, must not name who sent it.
    let oci_id = ticket(app, &code)
        .await
        .specialist_id
        .expect("taken by OCI");
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let reads = |tied: bool| {
        let sql = if tied {
            "SELECT COUNT(*) FROM personal_data_access WHERE staff_id = $1 AND request_id IS NOT NULL"
        } else {
            "SELECT COUNT(*) FROM personal_data_access WHERE staff_id = $1 AND request_id IS NULL"
        };
        sqlx::query_scalar::<_, i64>(sql).bind(oci_id)
    };
    let tied = reads(true).fetch_one(&mut *conn).await.expect("tied");
    let kept = reads(false).fetch_one(&mut *conn).await.expect("kept");
    assert_eq!(
        tied, 0,
        "OCI's reads of a denuncia name the sender's access"
    );
    assert!(kept >= 1, "OCI's reads of a denuncia are not recorded");
    drop(conn);
    bot.stop().await;
}

async fn a_consulta_derived_to_uot_is_answered_there_and_the_ally_told_at_each_move(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    let app = &app;
    member(app, "Ana Torres", &[Role::Especialista], "9711").await;
    member(app, "Ulises Quispe", &[Role::Uot], "9712").await;
    let (ana, ulises) = (
        chat(Channel::Telegram, "9711"),
        chat(Channel::Telegram, "9712"),
    );
    let ally = chat(Channel::Whatsapp, "51987000411");
    let code = opens(
        app,
        &ally,
        "consulta",
        "¿Por qué Rosa no sale en el padrón?",
    )
    .await;
    let id = ticket(app, &code).await.id;
    assert!(ticket(app, &code).await.resolution_due_at.is_some());

    // Received, then in attention: the ally hears who has it.
    let mark = outbox_mark(app).await;
    taps(app, &ana, &format!("tk:take:{id}")).await;
    one_containing(&sent_to(app, mark, &ally).await, "tomó su consulta");
    assert_eq!(ticket(app, &code).await.state, TicketState::Taken);

    // Derived to UOT: its members hear of a case to take, the ally where it went.
    let offered = taps(app, &ana, &format!("tk:hand:{id}")).await;
    assert!(
        offered.contains("A la Unidad de Operaciones y Transferencias (UOT)"),
        "{offered}"
    );
    let mark = outbox_mark(app).await;
    let done = taps(app, &ana, &format!("tk:unit:{id}:uot")).await;
    assert!(done.contains("Derivó"), "{done}");
    let told = one_containing(&sent_to(app, mark, &ally).await, "derivó su caso");
    assert!(told.contains(&code), "{told}");
    assert!(
        told.contains("Unidad de Operaciones y Transferencias"),
        "{told}"
    );
    assert!(told.contains("a más tardar"), "{told}");
    assert!(!told.contains("uot"), "words, not codes: {told}");
    let to_unit = one_containing(&sent_to(app, mark, &ulises).await, &code);
    assert!(to_unit.contains("Caso derivado"), "{to_unit}");
    let derived = ticket(app, &code).await;
    assert_eq!(
        (derived.state, derived.unit, derived.specialist_id),
        (TicketState::Derived, Role::Uot, None)
    );
    // No longer the especialista's.
    let gone = taps(app, &ana, &format!("tk:open:{id}")).await;
    assert!(!gone.contains("¿Por qué Rosa"), "{gone}");

    // UOT takes it (in investigation) with the conversation it had.
    let mark = outbox_mark(app).await;
    let inside = taps(app, &ulises, &format!("tk:take:{id}")).await;
    assert!(inside.contains("¿Por qué Rosa no sale"), "{inside}");
    assert_eq!(ticket(app, &code).await.state, TicketState::Investigating);
    one_containing(&sent_to(app, mark, &ally).await, "Ulises Quispe");

    // Answered there; then closed with the reason.
    let mark = outbox_mark(app).await;
    says(app, &ulises, "Rosa sale desde el padrón de diciembre.").await;
    one_containing(&sent_to(app, mark, &ally).await, "padrón de diciembre");
    assert_eq!(ticket(app, &code).await.state, TicketState::Answered);
    says(app, &ulises, "/cerrar").await;
    let mark = outbox_mark(app).await;
    says(app, &ulises, "Se verificó su afiliación en el padrón.").await;
    let closed = one_containing(&sent_to(app, mark, &ally).await, "cerró su consulta");
    assert!(closed.contains("Se verificó su afiliación"), "{closed}");
    assert_eq!(ticket(app, &code).await.state, TicketState::Closed);

    // Each move recorded.
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let moves: Vec<(String, String)> =
        sqlx::query("SELECT event, to_state FROM ticket_events WHERE ticket_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&mut *conn)
            .await
            .expect("events")
            .into_iter()
            .map(|r| (r.get("event"), r.get("to_state")))
            .collect();
    drop(conn);
    let moves: Vec<(&str, &str)> = moves
        .iter()
        .map(|(e, s)| (e.as_str(), s.as_str()))
        .collect();
    assert_eq!(
        moves,
        [
            ("registered", "open"),
            ("taken", "taken"),
            ("derived", "derived"),
            ("taken", "investigating"),
            ("answered", "answered"),
            ("closed", "closed"),
        ]
    );

    // The ally follows it up by its number: state, unit and the answer.
    let status = says(app, &ally, &format!("¿cómo va mi caso {code}?")).await;
    assert!(status.contains("Cerrada"), "{status}");
    assert!(
        status.contains("Unidad de Operaciones y Transferencias"),
        "{status}"
    );
    assert!(status.contains("Se verificó su afiliación"), "{status}");
    // Another chat with no access learns nothing of it.
    let stranger = says(app, &chat(Channel::Telegram, "8411"), &code).await;
    assert!(stranger.contains("No encontré un caso"), "{stranger}");
    assert!(!stranger.contains("Cerrada"), "{stranger}");
    app.store.close().await;
}

async fn a_resolution_term_passing_reaches_the_unit_the_digest_and_the_gauge(backend: Backend) {
    let db = TestDb::new(backend).await;
    let clock = monday_morning();
    let app = App::build(settings(&db, None), clock.clone())
        .await
        .expect("app");
    let app = &app;
    member(app, "Ana Torres", &[Role::Especialista], "9721").await;
    member(app, "Sara Rojas", &[Role::Supervisor], "9722").await;
    let (ana, sara) = (
        chat(Channel::Telegram, "9721"),
        chat(Channel::Telegram, "9722"),
    );
    let ally = chat(Channel::Whatsapp, "51987000421");
    let code = opens(app, &ally, "consulta", "¿Cuándo se actualiza el padrón?").await;
    let id = ticket(app, &code).await.id;
    taps(app, &ana, &format!("tk:take:{id}")).await;
    says(app, &ana, "Lo reviso y le escribo.").await;
    let due = ticket(app, &code).await.resolution_due_at.expect("a term");
    // Monday 23/11 plus 5 business days: Monday 30/11 at 17:30 Lima.
    assert_eq!(
        chrono::DateTime::from_timestamp(due, 0).expect("time"),
        "2026-11-30T22:30:00Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .expect("date")
    );

    // The day before: nothing late.
    clock.set("2026-11-30T14:00:00Z".parse().expect("date"));
    let mark = outbox_mark(app).await;
    app.scheduler().tick().await.expect("tick");
    assert!(
        sent_to(app, mark, &ana)
            .await
            .iter()
            .all(|t| !t.contains("plazo de resolución"))
    );
    // Tuesday 09:00 Lima: past its term. The unit hears of it, the digest lists it.
    clock.set("2026-12-01T14:00:00Z".parse().expect("date"));
    let mark = outbox_mark(app).await;
    app.scheduler().tick().await.expect("tick");
    let to_unit = one_containing(&sent_to(app, mark, &ana).await, "plazo de resolución");
    assert!(to_unit.contains(&code), "{to_unit}");
    let digest = one_containing(&sent_to(app, mark, &sara).await, "plazo de resolución");
    assert!(digest.contains(&code), "{digest}");
    assert!(
        digest.contains("Especialista de Articulación (1)"),
        "{digest}"
    );
    // Once: the next pass tells nobody again.
    clock.advance(Duration::minutes(5));
    let mark = outbox_mark(app).await;
    app.scheduler().tick().await.expect("tick");
    assert!(sent_to(app, mark, &ana).await.is_empty());
    assert!(sent_to(app, mark, &sara).await.is_empty());
    // The gauge behind /metrics counts it for its unit.
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let snapshot = contigo_bot::store::ops::snapshot(
        &mut conn,
        app.clock.unix(),
        app.clock.unix(),
        contigo_bot::domain::lima_date(app.clock.now()),
        &app.engine.calendar,
        &["telegram"],
    )
    .await
    .expect("snapshot");
    drop(conn);
    assert!(
        snapshot
            .cases_late
            .contains(&("especialista".to_owned(), 1)),
        "{:?}",
        snapshot.cases_late
    );
    assert!(
        snapshot.cases_late.contains(&("uot".to_owned(), 0)),
        "{:?}",
        snapshot.cases_late
    );
    app.store.close().await;
}

async fn an_alert_and_a_fad_are_worked_by_uot_and_followed_from_another_chat(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    let app = &app;
    let (acoria, ally) = bound_in_acoria(app, &db, "987650031").await;
    member(app, "Ulises Quispe", &[Role::Uot], "9731").await;
    member(app, "Pedro Díaz", &[Role::Uac], "9732").await;
    let (ulises, pedro) = (
        chat(Channel::Telegram, "9731"),
        chat(Channel::Telegram, "9732"),
    );

    // An alert and a FAD: each numbered by its own counter.
    taps(app, &ally, "al:alert").await;
    says(app, &ally, IN_ACORIA).await;
    taps(app, &ally, "al:ak:hospitalizacion").await;
    let alert = says(app, &ally, "Internada en el hospital regional desde ayer.").await;
    assert!(alert.contains("ALE-000001"), "{alert}");
    assert!(
        alert.contains("Unidad de Operaciones y Transferencias"),
        "{alert}"
    );
    assert!(alert.contains("a más tardar"), "{alert}");
    taps(app, &ally, "al:fad").await;
    says(app, &ally, IN_ACORIA).await;
    says(app, &ally, "Jr. Ficticio 123, Barrio Centro").await;
    says(app, &ally, "Frente a la posta").await;
    let fad = says(app, &ally, "987 000 111").await;
    assert!(fad.contains("FAD-000001"), "{fad}");

    // From another chat bound to the same access, by number: received, with its date.
    let other = chat(Channel::Telegram, "8731");
    {
        let mut conn = app.store.pool.acquire().await.expect("conn");
        bindings::bind(&mut conn, other.key(), acoria.id, app.clock.unix())
            .await
            .expect("bind");
    }
    let status = says(app, &other, "¿cómo va mi FAD 1?").await;
    assert!(status.contains("FAD-000001"), "{status}");
    assert!(status.contains("Recibido, en atención"), "{status}");
    assert!(status.contains("Fecha prevista"), "{status}");

    // UAC reads the queue but does not close; UOT works it.
    let (alert_id, fad_id) = {
        let mut conn = app.store.pool.acquire().await.expect("conn");
        let open = ally_reports::list_open(&mut conn).await.expect("open");
        assert_eq!(open.len(), 2);
        (open[0].id, open[1].id)
    };
    let queue = taps(app, &pedro, "st:reports").await;
    assert!(queue.contains("ALE-000001"), "{queue}");
    let refused = taps(app, &pedro, &format!("ar:{alert_id}")).await;
    assert!(refused.contains("las resuelve la Unidad"), "{refused}");
    let queue = taps(app, &ulises, "st:reports").await;
    assert!(
        queue.contains("ALE-000001") && queue.contains("FAD-000001"),
        "{queue}"
    );
    let asked = taps(app, &ulises, &format!("ar:{alert_id}")).await;
    assert!(asked.contains("¿Cómo quedó?"), "{asked}");
    taps(app, &ulises, &format!("ar:res:{alert_id}:u")).await;
    let mark = outbox_mark(app).await;
    let closed = says(app, &ulises, "Se registró la hospitalización en el padrón.").await;
    assert!(closed.contains("ALE-000001"), "{closed}");
    let told = one_containing(&sent_to(app, mark, &ally).await, "ALE-000001");
    assert!(told.contains("Actualizado en el padrón"), "{told}");
    assert!(told.contains("Se registró la hospitalización"), "{told}");
    taps(app, &ulises, &format!("ar:{fad_id}")).await;
    taps(app, &ulises, &format!("ar:res:{fad_id}:n")).await;
    let mark = outbox_mark(app).await;
    says(app, &ulises, "La dirección ya figuraba así.").await;
    let told = one_containing(&sent_to(app, mark, &ally).await, "FAD-000001");
    assert!(told.contains("No corresponde"), "{told}");

    // Looked up again from the other chat: resolved, how and why.
    let status = says(app, &other, "ALE-000001").await;
    assert!(status.contains("Atendido"), "{status}");
    assert!(status.contains("Actualizado en el padrón"), "{status}");
    assert!(
        status.contains("Se registró la hospitalización"),
        "{status}"
    );
    // A chat bound to no access learns nothing, the same as for a number nobody has.
    let stranger = says(app, &chat(Channel::Telegram, "8732"), "ALE-000001").await;
    let nobody = says(app, &chat(Channel::Telegram, "8732"), "ALE-000099").await;
    assert!(stranger.contains("No encontré un caso"), "{stranger}");
    assert_eq!(
        stranger.replace("ALE-000001", "X"),
        nobody.replace("ALE-000099", "X")
    );
    app.store.close().await;
}

backends!(
    a_denuncia_reaches_oci_alone_and_its_sender_is_oci_s_to_know,
    a_consulta_derived_to_uot_is_answered_there_and_the_ally_told_at_each_move,
    a_resolution_term_passing_reaches_the_unit_the_digest_and_the_gauge,
    an_alert_and_a_fad_are_worked_by_uot_and_followed_from_another_chat,
);
