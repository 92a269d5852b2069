//! The access policy on the padrón (DESIGN §5, §8): a chat still bound to an access
//! that ended reads nothing, whatever button it replays. All names and numbers are
//! invented.

use contigo_bot::app::App;
use contigo_bot::demo::Place;
use contigo_bot::domain::stage::Stage;
use contigo_bot::message::{ChatRef, Outbound};
use contigo_bot::store::bindings;
use contigo_bot::store::personal_data::{self, AccessRecord};
use contigo_bot::store::requests::{self, RequestRow};
use contigo_bot::store::usage::{self, UsageKind};
use sqlx::Row;

use crate::backends;
use crate::padron::{ACORIA, IN_ACORIA, access, load_padron, says, taps, text_of, whatsapp};
use crate::support::{Backend, TestDb, monday_morning, settings};

const REFUSED: &str = "No puedo mostrarle ni hacer eso desde este chat";

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
    let channel = chat.channel.as_str();
    let queries = usage::count(&mut conn, channel, &chat.chat_id, UsageKind::Query)
        .await
        .expect("usage");
    let downloads = usage::count(&mut conn, channel, &chat.chat_id, UsageKind::Download)
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
        let open = bindings::open(&mut conn, "whatsapp", &chat.chat_id)
            .await
            .expect("binding");
        assert_eq!(open, None, "the binding ended");
    }
    app.store.close().await;
}

backends!(a_chat_bound_to_an_access_that_ended_reads_nothing);
