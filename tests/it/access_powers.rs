//! The program's powers over an approved access (issue 24): UAC suspends it (until a
//! date or on a condition) and restores it, or revokes it and DE confirms. Its bound
//! chats lose the padrón at that moment and are told why and what to do; the
//! authority and the responsible get an e-mail copy; the history says who, when and
//! why; a revoked jurisdiction requests again with its history linked. All names and
//! numbers are invented.

use chrono::NaiveDate;
use contigo_bot::app::App;
use contigo_bot::demo::Place;
use contigo_bot::domain::calendar::lima_date;
use contigo_bot::domain::request::RequestKind;
use contigo_bot::domain::stage::{Action, Role, Stage};
use contigo_bot::message::{ChatRef, Outbound};
use contigo_bot::services::requests::Workflow;
use contigo_bot::services::review;
use contigo_bot::store::personal_data;
use contigo_bot::store::requests::{self, RequestRow};
use contigo_bot::store::{bindings, staff};

use crate::backends;
use crate::padron::{ACORIA, access, load_padron, says, taps, text_of, whatsapp};
use crate::support::{Backend, TestDb, add_staff, fresh, monday_morning, settings};

const REFUSED: &str = "No puedo mostrarle ni hacer eso desde este chat";
const RESPONSIBLE: &str = "responsable.demo@example.org";
const AUTHORITY: &str = "autoridad.demo@example.org";

fn assert_has(text: &str, want: &str) {
    assert!(text.contains(want), "expected «{want}» in:\n{text}");
}

/// An app with e-mail copies on (written to the outbox; no sender runs here).
async fn app_with_email(db: &TestDb) -> App {
    let mut s = settings(db, None);
    s.email.smtp_url = "smtp://127.0.0.1:1".into();
    s.email.from = "Programa CONTIGO <no-responder@example.org>".into();
    let app = App::build(s, monday_morning()).await.expect("app");
    load_padron(&app.store, db).await;
    app
}

/// A staff member with `roles`, as the services see them.
async fn member(app: &App, name: &str, roles: &[Role], telegram: i64) -> staff::StaffMember {
    add_staff(app, name, roles, telegram).await;
    let mut conn = app.store.pool.acquire().await.expect("conn");
    staff::by_chat(
        &mut conn,
        contigo_bot::message::Channel::Telegram,
        &telegram.to_string(),
    )
    .await
    .expect("query")
    .expect("member")
}

/// `member` takes `action` on the access seen at `seen`, through the review service,
/// its notices sent in the same transaction.
async fn act(
    app: &App,
    member: &staff::StaffMember,
    id: i64,
    seen: Stage,
    action: Action,
) -> Result<RequestRow, review::ReviewError> {
    let wf = Workflow {
        settings: &app.engine.settings,
        calendar: &app.engine.calendar,
        today: lima_date(app.clock.now()),
    };
    let mut tx = app.store.begin().await.expect("tx");
    let (row, events) = review::act(
        &mut tx,
        &wf,
        member,
        id,
        seen,
        &action,
        None,
        app.clock.unix(),
    )
    .await?;
    app.notifier.send(&mut tx, events).await.expect("notices");
    tx.commit().await.expect("commit");
    Ok(row)
}

/// Every message written to one chat or address, in order, as text.
async fn outbox(app: &App, channel: &str, chat_id: &str) -> Vec<String> {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT payload FROM outbox WHERE channel = $1 AND chat_id = $2 ORDER BY id",
    )
    .bind(channel)
    .bind(chat_id)
    .fetch_all(&mut *conn)
    .await
    .expect("outbox");
    rows.into_iter()
        .map(|(p,)| {
            serde_json::from_str::<Outbound>(&p)
                .expect("an Outbound")
                .text()
                .to_owned()
        })
        .collect()
}

/// The e-mail subjects written to `address`.
async fn subjects(app: &App, address: &str) -> Vec<String> {
    outbox(app, "email", address)
        .await
        .into_iter()
        .map(|t| t.lines().next().unwrap_or_default().to_owned())
        .collect()
}

/// How many reads of personal data the access record holds for the access.
async fn reads(app: &App, id: i64) -> usize {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    personal_data::for_request(&mut conn, id)
        .await
        .expect("record")
        .len()
}

async fn still_bound(app: &App, chat: &ChatRef) -> bool {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    bindings::open(&mut conn, chat.key())
        .await
        .expect("binding")
        .is_some()
}

/// (to stage, actor, note) of each transition after the access became active.
async fn history(app: &App, id: i64) -> Vec<(String, String, Option<String>)> {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let all = requests::transitions(&mut conn, id).await.expect("history");
    all.into_iter()
        .skip_while(|t| t.to != "active")
        .skip(1)
        .map(|t| (t.to, t.actor, t.note))
        .collect()
}

/// A bound chat's access suspended until a date: told at once why and until when,
/// its next query refused (nothing read, nothing recorded), still bound; UAC
/// restores it and the same chat reads again; suspended again until a date, the
/// scheduler restores it on that date. E-mail copies each time.
async fn suspend_then_restore(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = app_with_email(&db).await;
    let row = access(&app, Place::District(ACORIA), "987650031").await;
    let chat = whatsapp("51987650031");
    assert_has(&says(&app, &chat, "/padron").await, "quedó vinculado");
    assert_has(
        &text_of(&taps(&app, &chat, "al:q:vigentes").await),
        "Usuarios vigentes",
    );
    let read_before = reads(&app, row.id).await;
    assert_eq!(read_before, 1, "the query is recorded");
    let uac = member(&app, "Ana Uac", &[Role::Uac], 5101).await;
    let supervisor = member(&app, "Sara Supervisora", &[Role::Supervisor], 5102).await;

    // A supervisor reads, never suspends.
    let suspend = |until| Action::Suspend {
        reason: "Uso indebido de los datos del padrón".into(),
        until,
    };
    let refused = act(&app, &supervisor, row.id, Stage::Active, suspend(None)).await;
    assert!(matches!(refused, Err(review::ReviewError::NotAllowed)));

    let until = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    let moved = act(&app, &uac, row.id, Stage::Active, suspend(Some(until)))
        .await
        .expect("suspended");
    assert_eq!(moved.stage, Stage::Suspended);
    assert_eq!(moved.stage_due_on, Some(until));
    let told = outbox(&app, "whatsapp", &chat.chat_id).await.join("\n");
    assert_has(&told, "suspendió el acceso");
    assert_has(&told, "Uso indebido de los datos del padrón");
    assert_has(&told, "30/11/2026");

    // The next query: refused, nothing shown, nothing recorded; the chat stays bound.
    for id in ["al:q:vigentes", "al:dl:vigentes", "al:dni"] {
        let out = text_of(&taps(&app, &chat, id).await);
        assert!(!out.contains("Usuarios vigentes"), "{id}: {out}");
        assert!(!out.contains("Demo Prueba"), "{id}: {out}");
        assert!(
            out.contains(REFUSED) || out.contains("suspendido"),
            "{id}: {out}"
        );
    }
    assert_eq!(reads(&app, row.id).await, read_before, "nothing read");
    assert!(still_bound(&app, &chat).await);

    // UAC restores it: told, and the padrón opens again for the same chat.
    let restored = act(&app, &uac, row.id, Stage::Suspended, Action::Restore)
        .await
        .expect("restored");
    assert_eq!(restored.stage, Stage::Active);
    let told = outbox(&app, "whatsapp", &chat.chat_id).await.join("\n");
    assert_has(&told, "restableció el acceso");
    assert_has(
        &text_of(&taps(&app, &chat, "al:q:vigentes").await),
        "Usuarios vigentes",
    );
    assert_eq!(reads(&app, row.id).await, read_before + 1);

    // Suspended until Monday 30: the scheduler restores it that day, not before.
    act(&app, &uac, row.id, Stage::Active, suspend(Some(until)))
        .await
        .expect("suspended again");
    assert_eq!(app.scheduler().tick().await.expect("tick").restored, 0);
    app.clock.set("2026-11-30T15:00:00Z".parse().expect("date"));
    assert_eq!(app.scheduler().tick().await.expect("tick").restored, 1);
    assert_eq!(fresh(&app, row.id).await.stage, Stage::Active);

    // Who, when, why: in the history.
    let who = uac.actor_label();
    assert_eq!(
        history(&app, row.id).await,
        vec![
            (
                "suspended".into(),
                who.clone(),
                Some("Uso indebido de los datos del padrón".into())
            ),
            ("active".into(), who.clone(), None),
            (
                "suspended".into(),
                who.clone(),
                Some("Uso indebido de los datos del padrón".into())
            ),
            ("active".into(), "system".into(), None),
        ]
    );
    // The responsible and the authority got a copy of each change.
    for address in [RESPONSIBLE, AUTHORITY] {
        let got = subjects(&app, address).await;
        let code = &row.code;
        assert_eq!(
            got,
            vec![
                format!("Acceso suspendido: solicitud {code}"),
                format!("Acceso restablecido: solicitud {code}"),
                format!("Acceso suspendido: solicitud {code}"),
                format!("Acceso restablecido: solicitud {code}"),
            ],
            "{address}"
        );
    }
    app.store.close().await;
}

/// UAC revokes, DE confirms: from UAC's decision the bound chat reads nothing; on
/// DE's confirmation the binding ends and the chat hears the access was revoked and
/// that a new request is the way back; e-mail copies; the history has both.
async fn revoke_then_de_confirms(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = app_with_email(&db).await;
    let row = access(&app, Place::District(ACORIA), "987650032").await;
    let chat = whatsapp("51987650032");
    assert_has(&says(&app, &chat, "/padron").await, "quedó vinculado");
    assert_has(
        &text_of(&taps(&app, &chat, "al:q:vigentes").await),
        "Usuarios vigentes",
    );
    let read_before = reads(&app, row.id).await;
    let uac = member(&app, "Ana Uac", &[Role::Uac], 5201).await;
    let de = member(&app, "Diego Director", &[Role::De], 5202).await;
    let revoke = Action::Revoke {
        reason: "Difundió datos del padrón".into(),
    };
    // DE does not start a revocation.
    assert!(
        act(&app, &de, row.id, Stage::Active, revoke.clone())
            .await
            .is_err()
    );
    let weighed = act(&app, &uac, row.id, Stage::Active, revoke)
        .await
        .expect("revoked by UAC");
    assert_eq!(weighed.stage, Stage::RevocationReview);
    let told = outbox(&app, "whatsapp", &chat.chat_id).await.join("\n");
    assert_has(&told, "dispuso revocar el acceso");
    assert_has(&told, "Difundió datos del padrón");
    let out = text_of(&taps(&app, &chat, "al:q:vigentes").await);
    assert!(!out.contains("Usuarios vigentes"), "{out}");
    assert_eq!(reads(&app, row.id).await, read_before, "nothing read");

    // UAC cannot confirm; DE does.
    assert!(
        act(
            &app,
            &uac,
            row.id,
            Stage::RevocationReview,
            Action::ConfirmRevocation
        )
        .await
        .is_err()
    );
    let revoked = act(
        &app,
        &de,
        row.id,
        Stage::RevocationReview,
        Action::ConfirmRevocation,
    )
    .await
    .expect("confirmed");
    assert_eq!(revoked.stage, Stage::Revoked);
    let told = outbox(&app, "whatsapp", &chat.chat_id).await.join("\n");
    assert_has(&told, "fue revocado por el Programa");
    assert_has(&told, "registrar una nueva solicitud");
    assert!(!still_bound(&app, &chat).await, "the binding ended");
    for id in ["al:q:vigentes", "al:dl:vigentes"] {
        let out = text_of(&taps(&app, &chat, id).await);
        assert!(!out.contains("Usuarios vigentes"), "{id}: {out}");
        assert_has(&out, REFUSED);
    }
    assert_eq!(reads(&app, row.id).await, read_before, "nothing read");

    assert_eq!(
        history(&app, row.id).await,
        vec![
            (
                "revocation_review".into(),
                uac.actor_label(),
                Some("Difundió datos del padrón".into())
            ),
            ("revoked".into(), de.actor_label(), None),
        ]
    );
    let code = &row.code;
    assert_eq!(
        subjects(&app, AUTHORITY).await,
        vec![
            format!("Revocación en trámite: solicitud {code}"),
            format!("Acceso revocado: solicitud {code}"),
        ]
    );
    assert_eq!(
        subjects(&app, RESPONSIBLE).await,
        subjects(&app, AUTHORITY).await
    );
    app.store.close().await;
}

/// A revoked jurisdiction requests again: a new request, whose history points to
/// the revoked access.
async fn a_revoked_jurisdiction_requests_again_with_its_history_linked(backend: Backend) {
    use crate::support::{local_request_data, submitted_request};
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    let old = access(&app, Place::District(ACORIA), "987650033").await;
    let uac = member(&app, "Ana Uac", &[Role::Uac], 5301).await;
    let de = member(&app, "Diego Director", &[Role::De], 5302).await;
    act(
        &app,
        &uac,
        old.id,
        Stage::Active,
        Action::Revoke {
            reason: "Uso indebido".into(),
        },
    )
    .await
    .expect("revoke");
    act(
        &app,
        &de,
        old.id,
        Stage::RevocationReview,
        Action::ConfirmRevocation,
    )
    .await
    .expect("confirm");
    let again = submitted_request(
        &app,
        &local_request_data(ACORIA, "987650034"),
        "telegram",
        "8301",
    )
    .await;
    let again = fresh(&app, again.id).await;
    assert_eq!(again.kind, RequestKind::New);
    assert_eq!(
        again.previous_id,
        Some(old.id),
        "linked to the revoked access"
    );
    // Another jurisdiction's new request links to nothing.
    let other = submitted_request(
        &app,
        &local_request_data("090101", "987650035"),
        "telegram",
        "8302",
    )
    .await;
    assert_eq!(fresh(&app, other.id).await.previous_id, None);
    app.store.close().await;
}

/// A DDC for fiscal year 2027 made in December 2026 (new mayors take office on
/// 1 January 2027) says who must sign it; one for 2026, or made from January, does
/// not; the rendered PDF carries the line.
async fn a_ddc_for_2027_made_in_december_says_the_incoming_authority_signs(backend: Backend) {
    use crate::support::{local_request_data, submitted_request};
    use contigo_bot::documents::ddc_text::layout;
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    let mut row = submitted_request(
        &app,
        &local_request_data(ACORIA, "987650036"),
        "telegram",
        "8401",
    )
    .await;
    let december = NaiveDate::from_ymd_opt(2026, 12, 10).expect("date");
    let january = NaiveDate::from_ymd_opt(2027, 1, 4).expect("date");
    let line = "las nuevas autoridades asumen el cargo el 01/01/2027";
    let closing = |row: &RequestRow, on| layout(&app.engine.locales, row, on).closing.join("\n");
    assert!(!closing(&row, december).contains("nuevas autoridades"));
    row.fiscal_year = 2027;
    let text = closing(&row, december);
    assert_has(&text, line);
    assert_has(
        &text,
        "Debe firmarlo la autoridad en funciones desde esa fecha",
    );
    assert!(!closing(&row, january).contains("nuevas autoridades"));
    let pdf = contigo_bot::documents::render_ddc(&layout(&app.engine.locales, &row, december))
        .expect("pdf");
    let doc = lopdf::Document::load_mem(&pdf).expect("a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert_eq!(pages.len(), 1, "still one page");
    let printed = doc
        .extract_text(&pages)
        .expect("text")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert_has(&printed, "asumen el cargo");
    app.store.close().await;
}

backends!(
    a_ddc_for_2027_made_in_december_says_the_incoming_authority_signs,
    suspend_then_restore,
    revoke_then_de_confirms,
    a_revoked_jurisdiction_requests_again_with_its_history_linked,
);
