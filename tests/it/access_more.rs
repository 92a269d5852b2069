//! The access policy on the padrón and on tickets (docs/ARCHITECTURE.md): a chat still
//! bound to an access that ended reads nothing, whatever button it replays; a
//! specialist sees what an untaken ticket is about but not who wrote it, and nothing
//! of a colleague's ticket; every staff read of a ticket's personal data is in the
//! Ley 29733 record. All names and numbers are invented.

use contigo_bot::app::App;
use contigo_bot::demo::Place;
use contigo_bot::domain::stage::{Role, Stage};
use contigo_bot::domain::ticket::TicketState;
use contigo_bot::message::ChatKey;
use contigo_bot::message::{Channel, ChatRef, Outbound};
use contigo_bot::store::personal_data::{self, AccessRecord};
use contigo_bot::store::requests::{self, RequestRow};
use contigo_bot::store::tickets::{self, TicketRow};
use contigo_bot::store::usage::{self, UsageKind};
use contigo_bot::store::{bindings, staff};
use sqlx::Row;

use crate::backends;
use crate::padron::{ACORIA, IN_ACORIA, access, load_padron, says, taps, whatsapp};
use crate::support::engine::text_of;
use crate::support::{Backend, TestDb, add_staff, monday_morning, settings};

const REFUSED: &str = "No puedo mostrarle ni hacer eso desde este chat";
/// The bound ally's name, as the demo access registers it.
const ALLY: &str = "Responsable Demo";
const QUESTION: &str = "No puedo descargar la lista de vigentes de mi distrito.";

fn assert_has(text: &str, want: &str) {
    assert!(text.contains(want), "expected «{want}» in:\n{text}");
}

fn documents(out: &[Outbound]) -> usize {
    out.iter()
        .filter(|o| matches!(o, Outbound::Document { .. }))
        .count()
}

async fn record(app: &App, request_id: i64) -> Vec<AccessRecord> {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    personal_data::for_request(&mut conn, request_id)
        .await
        .expect("record")
}

/// What a chat's reads leave behind: the access record, usage and the reports sent.
async fn traces(app: &App, chat: &ChatRef, request_id: i64) -> (usize, i64, i64, i64) {
    let reads = record(app, request_id).await.len();
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let queries = usage::count(&mut conn, chat.key(), UsageKind::Query)
        .await
        .expect("usage");
    let downloads = usage::count(&mut conn, chat.key(), UsageKind::Download)
        .await
        .expect("usage");
    let reports: i64 =
        sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM ally_reports WHERE request_id = $1")
            .bind(request_id)
            .fetch_one(&mut *conn)
            .await
            .expect("reports")
            .get("n");
    (reads, queries, downloads, reports)
}

async fn end_access(app: &App, row: &RequestRow, to: Stage) {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let moved = requests::move_stage(
        &mut conn,
        row.id,
        Stage::Active,
        to,
        None,
        "test",
        None,
        app.clock.unix(),
    )
    .await
    .expect("move");
    assert!(moved);
}

/// The access ends (superseded by a new responsible, or expired) while the chat's
/// binding still points to it: the alert in progress is not saved, and every padrón
/// button kept in the chat is refused with the one refusal, reading and recording
/// nothing.
async fn a_chat_bound_to_an_access_that_ended_reads_nothing(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    load_padron(&app.store, &db).await;
    for (end, phone) in [
        (Stage::Superseded, "987650021"),
        (Stage::Expired, "987650022"),
    ] {
        let row = access(&app, Place::District(ACORIA), phone).await;
        let chat = whatsapp(&format!("51{phone}"));
        assert_has(&says(&app, &chat, "/padron").await, "quedó vinculado");
        // While active: a query reads and is recorded.
        let vig = text_of(&taps(&app, &chat, "al:q:vigentes").await);
        assert_has(&vig, "Usuarios vigentes");
        // An alert under way, about someone in the district.
        taps(&app, &chat, "al:alert").await;
        assert_has(&says(&app, &chat, IN_ACORIA).await, "Rosa Demo");
        taps(&app, &chat, "al:ak:hospitalizacion").await;
        let before = traces(&app, &chat, row.id).await;
        assert_eq!(before.0, 2, "the query and the alert's DNI are recorded");

        end_access(&app, &row, end).await;
        // The description arrives after the end: told why, nothing saved.
        let told = says(&app, &chat, "Internada desde el lunes.").await;
        assert_has(&told, "ya no puede consultar el padrón");
        for id in [
            "al:q:vigentes",
            "al:dl:vigentes",
            "al:q:menores",
            "al:dl:categorias",
            "al:dni",
            "al:alert",
            "al:fad",
            "al:ak:otro",
        ] {
            let out = taps(&app, &chat, id).await;
            let text = text_of(&out);
            assert_has(&text, REFUSED);
            assert_eq!(documents(&out), 0, "{id}: no list");
            for secret in ["Demo Prueba", "Usuarios vigentes", "Rosa Demo"] {
                assert!(!text.contains(secret), "{id} leaked {secret}: {text}");
            }
        }
        let typed = says(&app, &chat, IN_ACORIA).await;
        assert!(!typed.contains("Rosa Demo"), "{typed}");
        assert_eq!(traces(&app, &chat, row.id).await, before, "{end:?}");
        let mut conn = app.store.pool.acquire().await.expect("conn");
        let open = bindings::open(&mut conn, ChatKey::new(Channel::Whatsapp, &chat.chat_id))
            .await
            .expect("binding");
        assert_eq!(open, None, "the binding ended");
    }
    app.store.close().await;
}

fn telegram(id: &str) -> ChatRef {
    ChatRef {
        channel: Channel::Telegram,
        chat_id: id.into(),
        lang_hint: Some("es".into()),
    }
}

async fn staff_id(app: &App, telegram_id: &str) -> i64 {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    staff::by_chat(&mut conn, ChatKey::new(Channel::Telegram, telegram_id))
        .await
        .expect("query")
        .expect("staff member")
        .id
}

async fn ticket_of(app: &App, ally: &ChatRef) -> TicketRow {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    tickets::active_for_chat(&mut conn, ally.key())
        .await
        .expect("tickets")
        .expect("the ticket")
}

async fn fresh(app: &App, id: i64) -> TicketRow {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    tickets::get(&mut conn, id)
        .await
        .expect("read")
        .expect("ticket")
}

/// Who read the ticket's context, and as what, in the order they did.
async fn ticket_reads(app: &App, request_id: i64) -> Vec<(Option<i64>, String)> {
    record(app, request_id)
        .await
        .into_iter()
        .filter(|r| r.what.starts_with("ticket_"))
        .map(|r| (r.staff_id, r.what))
        .collect()
}

/// A bound WhatsApp ally of Acoria asks for a specialist; two specialists and a
/// supervisor on Telegram.
async fn desk(backend: Backend) -> (TestDb, App, RequestRow, ChatRef, TicketRow) {
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    let row = access(&app, Place::District(ACORIA), "987650031").await;
    add_staff(&app, "Ana Especialista", &[Role::Especialista], 9401).await;
    add_staff(&app, "Beto Especialista", &[Role::Especialista], 9402).await;
    add_staff(&app, "Sara Supervisora", &[Role::Supervisor], 9403).await;
    add_staff(&app, "Uca Revisora", &[Role::Uac], 9404).await;
    let ally = whatsapp("51987650031");
    assert_has(&says(&app, &ally, "/padron").await, "quedó vinculado");
    says(&app, &ally, "/especialista").await;
    taps(&app, &ally, "tk:cat:reclamo").await;
    assert_has(&says(&app, &ally, QUESTION).await, "Registré su reclamo");
    let ticket = ticket_of(&app, &ally).await;
    (db, app, row, ally, ticket)
}

/// Before anyone takes it, a specialist sees its code, category and jurisdiction,
/// enough to take it; the ally's name, request and words come with taking it, and
/// only then is there a read to record.
async fn an_untaken_ticket_shows_specialists_what_it_is_about_not_who_wrote_it(backend: Backend) {
    let (_db, app, row, _ally, ticket) = desk(backend).await;
    let ana = telegram("9401");
    let pending = text_of(&taps(&app, &ana, "tk:pending").await);
    let open = text_of(&taps(&app, &ana, &format!("tk:open:{}", ticket.id)).await);
    for text in [&pending, &open] {
        assert_has(text, &ticket.code);
        assert_has(text, "Reclamo");
        assert_has(text, "Acoria");
        assert!(!text.contains(ALLY), "{text}");
        assert!(!text.contains(QUESTION), "{text}");
        assert!(!text.contains(&row.code), "the ally's request: {text}");
    }
    assert_has(&open, "Tómela para ver quién escribe");
    // Other roles get nothing of it.
    let uac = text_of(&taps(&app, &telegram("9404"), &format!("tk:open:{}", ticket.id)).await);
    assert!(!uac.contains(&ticket.code) && !uac.contains(ALLY), "{uac}");
    assert!(ticket_reads(&app, row.id).await.is_empty());

    let inside = text_of(&taps(&app, &ana, &format!("tk:take:{}", ticket.id)).await);
    assert_has(&inside, ALLY);
    assert_has(&inside, QUESTION);
    assert_has(&inside, &row.code);
    let ana_id = staff_id(&app, "9401").await;
    assert_eq!(
        ticket_reads(&app, row.id).await,
        [(Some(ana_id), "ticket_context".to_owned())]
    );
    // Her own list names the ally, and that is a read too.
    let mine = text_of(&taps(&app, &ana, "tk:mine").await);
    assert_has(&mine, ALLY);
    assert_eq!(
        ticket_reads(&app, row.id).await.last(),
        Some(&(Some(ana_id), "ticket_list".to_owned()))
    );
    app.store.close().await;
}

/// Beto replays Ana's buttons for the ticket she holds (open, close, hand over, take):
/// each is refused, he reads nothing of it, and the ticket stays as it was. What the
/// ally writes goes to Ana, recorded as her read; a supervisor sees the ticket, and
/// that is recorded as theirs; handed to Beto, he reads it, recorded as his.
async fn another_specialists_replayed_ticket_buttons_change_nothing(backend: Backend) {
    let (_db, app, row, ally, ticket) = desk(backend).await;
    let (ana, beto) = (telegram("9401"), telegram("9402"));
    let (ana_id, beto_id) = (staff_id(&app, "9401").await, staff_id(&app, "9402").await);
    taps(&app, &ana, &format!("tk:take:{}", ticket.id)).await;
    let taken = fresh(&app, ticket.id).await;
    assert_eq!(taken.specialist_id, Some(ana_id));
    let reads = ticket_reads(&app, row.id).await;

    for id in [
        format!("tk:open:{}", ticket.id),
        format!("tk:close:{}", ticket.id),
        format!("tk:hand:{}", ticket.id),
        format!("tk:to:{}:{beto_id}", ticket.id),
        format!("tk:take:{}", ticket.id),
    ] {
        let text = text_of(&taps(&app, &beto, &id).await);
        assert!(
            text.contains("no está a su cargo") || text.contains("ya la tomó"),
            "{id}: {text}"
        );
        assert!(!text.contains(ALLY), "{id}: {text}");
        assert!(!text.contains(QUESTION), "{id}: {text}");
    }
    // Not inside the ticket: what he types next reaches no ally.
    says(&app, &beto, "Hola, le escribe Beto.").await;
    let now = fresh(&app, ticket.id).await;
    assert_eq!(
        (now.state, now.specialist_id, now.resolution.clone()),
        (TicketState::Taken, Some(ana_id), None)
    );
    assert_eq!(ticket_reads(&app, row.id).await, reads, "Beto read nothing");

    // The ally writes again: relayed to Ana, and recorded as hers.
    says(&app, &ally, "Sigo sin poder descargar.").await;
    assert_eq!(
        ticket_reads(&app, row.id).await.last(),
        Some(&(Some(ana_id), "ticket_message".to_owned()))
    );
    // A supervisor sees it, by state and opened.
    let sara = telegram("9403");
    let sara_id = staff_id(&app, "9403").await;
    let listed = text_of(&taps(&app, &sara, "tk:state:taken").await);
    assert_has(&listed, ALLY);
    let seen = text_of(&taps(&app, &sara, &format!("tk:open:{}", ticket.id)).await);
    assert_has(&seen, QUESTION);
    let sara_reads: Vec<String> = ticket_reads(&app, row.id)
        .await
        .into_iter()
        .filter(|(who, _)| *who == Some(sara_id))
        .map(|(_, what)| what)
        .collect();
    assert_eq!(sara_reads, ["ticket_list", "ticket_context"]);
    // She supervises; she does not answer for the specialist.
    let close = text_of(&taps(&app, &sara, &format!("tk:close:{}", ticket.id)).await);
    assert!(!close.contains("respuesta final"), "{close}");
    assert_eq!(fresh(&app, ticket.id).await.state, TicketState::Taken);

    // Ana hands it to Beto: now he holds it and reads it, recorded as his.
    taps(&app, &ana, &format!("tk:to:{}:{beto_id}", ticket.id)).await;
    assert_eq!(fresh(&app, ticket.id).await.specialist_id, Some(beto_id));
    assert!(
        ticket_reads(&app, row.id)
            .await
            .contains(&(Some(beto_id), "ticket_context".to_owned()))
    );
    let his = text_of(&taps(&app, &beto, &format!("tk:open:{}", ticket.id)).await);
    assert_has(&his, QUESTION);
    let hers = text_of(&taps(&app, &ana, &format!("tk:open:{}", ticket.id)).await);
    assert!(!hers.contains(QUESTION), "{hers}");
    app.store.close().await;
}

backends!(
    a_chat_bound_to_an_access_that_ended_reads_nothing,
    an_untaken_ticket_shows_specialists_what_it_is_about_not_who_wrote_it,
    another_specialists_replayed_ticket_buttons_change_nothing,
);
