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
use contigo_bot::message::{Channel, ChatKey, ChatRef, Outbound};
use contigo_bot::services::requests::Workflow;
use contigo_bot::services::review;
use contigo_bot::store::personal_data;
use contigo_bot::store::requests::{self, RequestRow};
use contigo_bot::store::{bindings, staff};

use crate::backends;
use crate::padron::{ACORIA, access, load_padron, says, taps, whatsapp};
use crate::support::engine::{text_of, turn};
use crate::support::reads::{document_sent, outbox, outbox_texts};
use crate::support::{Backend, TestDb, add_staff, fresh, monday_morning, settings, signed_pdf};

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
        ChatKey::new(Channel::Telegram, &telegram.to_string()),
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

/// The e-mail subjects written to `address`, but the fiscal year's renewal
/// reminder (December's tests get it too).
async fn subjects(app: &App, address: &str) -> Vec<String> {
    outbox_texts(app, "email", address)
        .await
        .into_iter()
        .map(|t| t.lines().next().unwrap_or_default().to_owned())
        .filter(|s| !s.contains("vence este año fiscal"))
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
    let told = outbox_texts(&app, "whatsapp", &chat.chat_id)
        .await
        .join("\n");
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
    let told = outbox_texts(&app, "whatsapp", &chat.chat_id)
        .await
        .join("\n");
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
    let told = outbox_texts(&app, "whatsapp", &chat.chat_id)
        .await
        .join("\n");
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
    let told = outbox_texts(&app, "whatsapp", &chat.chat_id)
        .await
        .join("\n");
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

/// `member` takes `action` through the service the chat and the console call
/// (`services::new_ddc::act`: the new DDC's actions there, any other to review).
async fn act_on(
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
    let (row, events) = contigo_bot::services::new_ddc::act(
        &mut tx,
        &wf,
        app.engine.ddc_maker(),
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

fn ask_new_ddc() -> Action {
    Action::AskNewDdc {
        reason: "Cambio de la persona responsable".into(),
    }
}

/// The applicant's chat of a demo access (`demo::active_access` files it there).
fn applicant() -> ChatRef {
    ChatRef {
        channel: contigo_bot::message::Channel::Terminal,
        chat_id: "demo".into(),
        lang_hint: Some("es".into()),
    }
}

fn pdf_file(bytes: Vec<u8>) -> contigo_bot::message::Inbound {
    use contigo_bot::message::{FileContent, FileOrigin, Inbound, IncomingFile};
    Inbound::File(IncomingFile {
        origin: FileOrigin::Document,
        name: Some("ddc.pdf".into()),
        content: FileContent::Bytes(bytes),
    })
}

/// The documents written to one chat's outbox: (file name, hash), in order.
async fn documents(app: &App, channel: &str, chat_id: &str) -> Vec<(String, String)> {
    outbox(app, channel, chat_id)
        .await
        .into_iter()
        .filter_map(|o| match o {
            Outbound::Document {
                sha256, file_name, ..
            } => Some((file_name, sha256)),
            _ => None,
        })
        .collect()
}

async fn open_ask(app: &App, id: i64) -> Option<contigo_bot::store::new_ddc::NewDdcAsk> {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    contigo_bot::store::new_ddc::open_for(&mut conn, id)
        .await
        .expect("ask")
}

/// UAC asks an active access for a new signed DDC: a new DDC with a new
/// verification code reaches the applicant's chat and the bound chat, with the
/// reason and the term, and an e-mail copy carries it; `/estado` and the menu say
/// "Envíe la DDC firmada antes del 07/12/2026". Past the term without it the
/// scheduler suspends the access (the bound chat reads nothing and is told why);
/// the unsigned DDC sent back is refused as the first one is; the signed one is
/// taken, UAC hears it arrived, accepts it, and the access is active again. The
/// history has every move with who and why.
async fn a_new_ddc_lapses_into_suspension_and_its_acceptance_restores_the_access(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = app_with_email(&db).await;
    let row = access(&app, Place::District(ACORIA), "987650037").await;
    let chat = whatsapp("51987650037");
    assert_has(&says(&app, &chat, "/padron").await, "quedó vinculado");
    let uac = member(&app, "Ana Uac", &[Role::Uac], 5401).await;
    let supervisor = member(&app, "Sara Supervisora", &[Role::Supervisor], 5402).await;
    let code_before = fresh(&app, row.id).await.verification_code;

    // A supervisor reads, never asks; UAC has nothing to accept yet.
    assert!(matches!(
        act_on(&app, &supervisor, row.id, Stage::Active, ask_new_ddc()).await,
        Err(review::ReviewError::NotAllowed)
    ));
    let asked = act_on(&app, &uac, row.id, Stage::Active, ask_new_ddc())
        .await
        .expect("asked");
    assert_eq!(asked.stage, Stage::Active, "the access stays active");
    assert!(asked.verification_code.is_some());
    assert_ne!(
        asked.verification_code, code_before,
        "a new verification code"
    );
    assert!(matches!(
        act_on(&app, &uac, row.id, Stage::Active, ask_new_ddc()).await,
        Err(review::ReviewError::NewDdcAlreadyAsked)
    ));
    assert!(matches!(
        act_on(&app, &uac, row.id, Stage::Active, Action::AcceptNewDdc).await,
        Err(review::ReviewError::NoNewDdcToAccept)
    ));
    let ask = open_ask(&app, row.id).await.expect("an open ask");
    assert_eq!(
        ask.due_on,
        NaiveDate::from_ymd_opt(2026, 12, 7).expect("date")
    );
    // Both chats: the new DDC, why and by when.
    let code = &row.code;
    for (channel, chat_id) in [("whatsapp", chat.chat_id.as_str()), ("terminal", "demo")] {
        let told = outbox_texts(&app, channel, chat_id).await.join("\n");
        assert_has(&told, "pide una nueva DDC firmada");
        assert_has(&told, "Cambio de la persona responsable");
        assert_has(&told, "antes del 07/12/2026");
        let docs = documents(&app, channel, chat_id).await;
        assert_eq!(docs.len(), 1, "{channel}: {docs:?}");
        assert_eq!(docs[0].0, format!("DDC-{code}.pdf"));
    }
    // The DDC sent prints the new verification code.
    let (_, sha) = documents(&app, "whatsapp", &chat.chat_id).await.remove(0);
    let issued = app.files.get(&sha).await.expect("the issued DDC");
    let doc = lopdf::Document::load_mem(&issued).expect("a PDF");
    let printed = doc.extract_text(&[1]).expect("text");
    let grouped = asked
        .verification_code
        .as_ref()
        .map(|v| v.grouped())
        .expect("code");
    assert_has(&printed, &grouped);
    for address in [RESPONSIBLE, AUTHORITY] {
        assert_eq!(
            subjects(&app, address).await,
            vec![format!("Se pide una nueva DDC firmada: solicitud {code}")]
        );
    }
    // `/estado` and the menu say the next step and its date.
    assert_has(
        &says(&app, &applicant(), "/estado").await,
        "Envíe la DDC firmada antes del 07/12/2026",
    );
    assert_has(
        &says(&app, &chat, "/menu").await,
        "Envíe la DDC firmada antes del 07/12/2026",
    );

    // Not before the term: nothing lapses; past it (8 and 9 December are holidays).
    assert_eq!(
        app.scheduler().tick().await.expect("tick").new_ddc_lapsed,
        0
    );
    app.clock.set("2026-12-07T20:00:00Z".parse().expect("date"));
    assert_eq!(
        app.scheduler().tick().await.expect("tick").new_ddc_lapsed,
        0
    );
    app.clock.set("2026-12-10T15:00:00Z".parse().expect("date"));
    assert_eq!(
        app.scheduler().tick().await.expect("tick").new_ddc_lapsed,
        1
    );
    assert_eq!(
        app.scheduler().tick().await.expect("tick").new_ddc_lapsed,
        0
    );
    assert_eq!(fresh(&app, row.id).await.stage, Stage::Suspended);
    let told = outbox_texts(&app, "whatsapp", &chat.chat_id)
        .await
        .join("\n");
    assert_has(&told, "suspendió el acceso");
    assert_has(&told, "No presentó la nueva DDC firmada en el plazo");
    let out = text_of(&taps(&app, &chat, "al:q:vigentes").await);
    assert!(!out.contains("Usuarios vigentes"), "{out}");
    assert_has(
        &says(&app, &applicant(), "/estado").await,
        "el plazo venció el 07/12/2026",
    );

    // The DDC sent back unsigned is refused, as the first one would be.
    let refused = text_of(&turn(&app, &applicant(), pdf_file(issued.clone())).await);
    assert_has(&refused, "sin firmar");
    assert!(open_ask(&app, row.id).await.expect("open").awaited());
    assert_eq!(fresh(&app, row.id).await.stage, Stage::Suspended);

    // The signed one is taken; UAC hears it arrived and finds it in its queue.
    let taken = text_of(&turn(&app, &applicant(), pdf_file(signed_pdf())).await);
    assert_has(&taken, "Recibimos la nueva DDC firmada");
    assert!(!open_ask(&app, row.id).await.expect("open").awaited());
    assert_eq!(fresh(&app, row.id).await.stage, Stage::Suspended);
    let uac_told = outbox_texts(&app, "telegram", "5401").await.join("\n");
    assert_has(&uac_told, &format!("Llegó la nueva DDC firmada de {code}"));
    let queue = text_of(&taps(&app, &crate::support::engine::telegram("5401"), "st:queue").await);
    assert_has(&queue, code);

    // UAC accepts it: active again, the chat told and reading.
    let restored = act_on(&app, &uac, row.id, Stage::Suspended, Action::AcceptNewDdc)
        .await
        .expect("accepted");
    assert_eq!(restored.stage, Stage::Active);
    assert!(open_ask(&app, row.id).await.is_none(), "the ask is closed");
    let told = outbox_texts(&app, "whatsapp", &chat.chat_id)
        .await
        .join("\n");
    assert_has(&told, "restableció el acceso");
    assert_has(
        &text_of(&taps(&app, &chat, "al:q:vigentes").await),
        "Usuarios vigentes",
    );
    let who = uac.actor_label();
    assert_eq!(
        history(&app, row.id).await,
        vec![
            (
                "active".into(),
                who.clone(),
                Some(
                    "Nueva DDC pedida: Cambio de la persona responsable. Plazo: 07/12/2026".into()
                )
            ),
            (
                "suspended".into(),
                "system".into(),
                Some("No presentó la nueva DDC firmada en el plazo".into())
            ),
            (
                "suspended".into(),
                "applicant".into(),
                Some("Nueva DDC firmada recibida".into())
            ),
            (
                "active".into(),
                who,
                Some("Nueva DDC firmada aceptada".into())
            ),
        ]
    );
    assert_eq!(
        subjects(&app, RESPONSIBLE).await,
        vec![
            format!("Se pide una nueva DDC firmada: solicitud {code}"),
            format!("Acceso suspendido: solicitud {code}"),
            format!("Acceso restablecido: solicitud {code}"),
        ]
    );
    app.store.close().await;
}

/// A new DDC returned within its term: UAC accepts it, nothing is suspended (not
/// even once the term passes), the chats hear nothing more is due, and the e-mail
/// copy says so.
async fn a_new_ddc_returned_in_time_keeps_the_access_active(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = app_with_email(&db).await;
    let row = access(&app, Place::District(ACORIA), "987650038").await;
    let chat = whatsapp("51987650038");
    assert_has(&says(&app, &chat, "/padron").await, "quedó vinculado");
    let uac = member(&app, "Ana Uac", &[Role::Uac], 5501).await;
    act_on(&app, &uac, row.id, Stage::Active, ask_new_ddc())
        .await
        .expect("asked");
    let taken = text_of(&turn(&app, &applicant(), pdf_file(signed_pdf())).await);
    assert_has(&taken, "Recibimos la nueva DDC firmada");
    // Arrived before the term: past it, nothing lapses.
    app.clock.set("2026-12-10T15:00:00Z".parse().expect("date"));
    assert_eq!(
        app.scheduler().tick().await.expect("tick").new_ddc_lapsed,
        0
    );
    assert_eq!(fresh(&app, row.id).await.stage, Stage::Active);
    let accepted = act_on(&app, &uac, row.id, Stage::Active, Action::AcceptNewDdc)
        .await
        .expect("accepted");
    assert_eq!(accepted.stage, Stage::Active);
    assert!(open_ask(&app, row.id).await.is_none());
    let told = outbox_texts(&app, "whatsapp", &chat.chat_id)
        .await
        .join("\n");
    assert_has(&told, "aceptó la nueva DDC firmada");
    assert!(!told.contains("suspendió"), "{told}");
    assert_has(
        &text_of(&taps(&app, &chat, "al:q:vigentes").await),
        "Usuarios vigentes",
    );
    let code = &row.code;
    assert_eq!(
        subjects(&app, AUTHORITY).await,
        vec![
            format!("Se pide una nueva DDC firmada: solicitud {code}"),
            format!("Nueva DDC aceptada: solicitud {code}"),
        ]
    );
    let moves: Vec<String> = history(&app, row.id)
        .await
        .into_iter()
        .map(|(to, _, _)| to)
        .collect();
    assert_eq!(moves, ["active", "active", "active"]);
    // Asked again later: a new ask, the old one closed.
    act_on(&app, &uac, row.id, Stage::Active, ask_new_ddc())
        .await
        .expect("asked again");
    assert!(open_ask(&app, row.id).await.expect("open").awaited());
    app.store.close().await;
}

/// The buttons' labels of a turn's replies.
fn labels(out: &[Outbound]) -> Vec<String> {
    out.iter()
        .flat_map(|o| match o {
            Outbound::Text { choices, .. } => choices.iter().map(|c| c.label.clone()).collect(),
            _ => vec![],
        })
        .collect()
}

/// UAC in its chat: opens an active access, asks for a new DDC with a typed
/// reason; then suspends another with a prepared reason picked from the buttons,
/// and a third with "Escribir otro motivo" and a typed one.
async fn uac_asks_a_new_ddc_and_suspends_with_a_listed_reason_from_the_chat(backend: Backend) {
    use crate::support::engine::telegram;
    let db = TestDb::new(backend).await;
    let app = app_with_email(&db).await;
    let first = access(&app, Place::District(ACORIA), "987650039").await;
    let second = access(&app, Place::District("090101"), "987650040").await;
    let third = access(&app, Place::District("090102"), "987650041").await;
    member(&app, "Ana Uac", &[Role::Uac], 5601).await;
    let uac = telegram("5601");

    let opened = labels(&taps(&app, &uac, &format!("rv:{}", first.id)).await);
    assert!(opened.contains(&"Pedir nueva DDC".to_owned()), "{opened:?}");
    assert!(
        !opened.contains(&"Aceptar nueva DDC".to_owned()),
        "{opened:?}"
    );
    assert_has(
        &text_of(&taps(&app, &uac, "ac:ask_new_ddc").await),
        "Escriba por qué pide una nueva DDC",
    );
    assert_has(
        &says(&app, &uac, "Actualización anual de datos").await,
        "Listo",
    );
    let ask = open_ask(&app, first.id).await.expect("asked from the chat");
    assert_eq!(ask.reason, "Actualización anual de datos");
    let told = outbox_texts(&app, "terminal", "demo").await.join("\n");
    assert_has(&told, "Actualización anual de datos");
    // Asked already: not offered again.
    let reopened = taps(&app, &uac, &format!("rv:{}", first.id)).await;
    assert_has(
        &text_of(&reopened),
        "Nueva DDC pedida el 23/11/2026 (motivo: Actualización anual de datos); plazo: 07/12/2026. Aún no llega.",
    );
    let opened = labels(&reopened);
    assert!(
        !opened.contains(&"Pedir nueva DDC".to_owned()),
        "{opened:?}"
    );

    // Suspend: the prepared reasons as buttons, plus a typed one.
    taps(&app, &uac, &format!("rv:{}", second.id)).await;
    let labels = labels(&taps(&app, &uac, "ac:suspend").await);
    assert!(
        labels.contains(&"Uso indebido de los datos personales del padrón".to_owned()),
        "{labels:?}"
    );
    assert!(
        labels.contains(&"Escribir otro motivo".to_owned()),
        "{labels:?}"
    );
    assert_has(&text_of(&taps(&app, &uac, "rs:0").await), "Listo");
    let moved = fresh(&app, second.id).await;
    assert_eq!(moved.stage, Stage::Suspended);
    let note = history(&app, second.id).await.remove(0).2;
    assert_eq!(
        note.as_deref(),
        Some("Uso indebido de los datos personales del padrón")
    );

    taps(&app, &uac, &format!("rv:{}", third.id)).await;
    taps(&app, &uac, "ac:suspend").await;
    assert_has(
        &text_of(&taps(&app, &uac, "rs:none").await),
        "Escriba el motivo",
    );
    assert_has(
        &says(&app, &uac, "Pedido de la nueva gestión").await,
        "Listo",
    );
    let note = history(&app, third.id).await.remove(0).2;
    assert_eq!(note.as_deref(), Some("Pedido de la nueva gestión"));
    app.store.close().await;
}

/// The e-mails of the program's powers reach the responsible and the authority
/// through a local SMTP server, not just the outbox: suspended (with the reason),
/// restored, revocation proposed and confirmed, and a new DDC asked for with the
/// new DDC attached (printing its new verification code).
async fn suspension_revocation_and_new_ddc_e_mails_arrive_by_smtp(backend: Backend) {
    use crate::support::Running;
    use crate::support::smtp::FakeSmtp;
    let db = TestDb::new(backend).await;
    let smtp = FakeSmtp::start().await;
    let mut s = settings(&db, None);
    smtp.send_from(&mut s);
    let bot = Running::start(s, monday_morning()).await;
    let app = &bot.app;
    let row = access(app, Place::District(ACORIA), "987650044").await;
    let other = access(app, Place::District("090101"), "987650045").await;
    let uac = member(app, "Ana Uac", &[Role::Uac], 5701).await;
    let de = member(app, "Diego Director", &[Role::De], 5702).await;
    let code = &row.code;

    let suspend = Action::Suspend {
        reason: "Uso indebido de los datos del padrón".into(),
        until: None,
    };
    act(app, &uac, row.id, Stage::Active, suspend)
        .await
        .expect("suspended");
    for address in [RESPONSIBLE, AUTHORITY] {
        let mail = smtp.wait_for(address, "Acceso suspendido").await;
        assert_has(&mail.subject_text(), code);
        assert_has(&mail.plain_body(), "Uso indebido de los datos del padr");
        assert_eq!(mail.from, "no-responder@example.org");
    }
    act(app, &uac, row.id, Stage::Suspended, Action::Restore)
        .await
        .expect("restored");
    let revoke = Action::Revoke {
        reason: "Difundió datos del padrón".into(),
    };
    act(app, &uac, row.id, Stage::Active, revoke)
        .await
        .expect("revoked by UAC");
    act(
        app,
        &de,
        row.id,
        Stage::RevocationReview,
        Action::ConfirmRevocation,
    )
    .await
    .expect("confirmed");
    for address in [RESPONSIBLE, AUTHORITY] {
        for subject in [
            "Acceso restablecido",
            "Revocación en trámite",
            "Acceso revocado",
        ] {
            let mail = smtp.wait_for(address, subject).await;
            assert_has(&mail.subject_text(), code);
        }
    }

    let asked = act_on(app, &uac, other.id, Stage::Active, ask_new_ddc())
        .await
        .expect("asked");
    let grouped = asked
        .verification_code
        .as_ref()
        .map(|v| v.grouped())
        .expect("a new code");
    for address in [RESPONSIBLE, AUTHORITY] {
        let mail = smtp
            .wait_for(address, "Se pide una nueva DDC firmada")
            .await;
        assert_has(&mail.subject_text(), &other.code);
        let pdf = mail
            .attachment(&format!("DDC-{}.pdf", other.code))
            .expect("the new DDC attached");
        let doc = lopdf::Document::load_mem(&pdf).expect("a real PDF");
        let text = doc.extract_text(&[1]).expect("text");
        assert_has(&text, &grouped);
    }
    bot.stop().await;
}

/// The console's desk offers the same two actions through the same service: UAC
/// asks for a new DDC on the request's page, the signed DDC arrives, the desk lists
/// the access, and UAC accepts it there.
async fn uac_asks_and_accepts_a_new_ddc_at_the_console(backend: Backend) {
    use crate::console::{PUBLIC_URL, logged_in, login_link, setup, staff_member};
    use crate::support::telegram::TgUser;
    use reqwest::StatusCode;
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let ana = TgUser::new(9601, "Ana");
    staff_member(&bot, &tg, &ana, Role::Uac).await;
    let row = access(&bot.app, Place::District(ACORIA), "987650047").await;
    let token = login_link(&tg, &ana).await;
    let mut browser = logged_in(&bot, &token).await;
    let here = format!("/console/requests/{}", row.id);
    let page = browser.get(&here).await;
    assert_has(&page.body, "Pedir nueva DDC");
    assert!(!page.body.contains("Aceptar nueva DDC"), "{}", page.body);
    let done = browser
        .act_on_request(
            row.id,
            "active",
            &[
                ("action", "ask_new_ddc"),
                ("note", "Actualización anual de datos"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let ask = open_ask(&bot.app, row.id)
        .await
        .expect("asked at the console");
    assert_eq!(ask.reason, "Actualización anual de datos");
    assert!(ask.awaited());

    let taken = text_of(&turn(&bot.app, &applicant(), pdf_file(signed_pdf())).await);
    assert_has(&taken, "Recibimos la nueva DDC firmada");
    tg.wait_for(ana.chat_id(), "Llegó la nueva DDC firmada")
        .await;
    let desk = browser.get("/console/desk").await;
    assert_has(&desk.body, &row.code);

    let page = browser.get(&here).await;
    assert_has(&page.body, "Aceptar nueva DDC");
    // (The page escapes the dates' slashes.)
    assert_has(&page.body, "Nueva DDC pedida el 23&#x2f;11&#x2f;2026");
    assert_has(&page.body, "Llegó el 23&#x2f;11&#x2f;2026");
    let done = browser
        .act_on_request(
            row.id,
            "active",
            &[("action", "accept_new_ddc"), ("note", "")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(open_ask(&bot.app, row.id).await.is_none(), "accepted");
    assert_eq!(fresh(&bot.app, row.id).await.stage, Stage::Active);
    bot.stop().await;
}

backends!(
    uac_asks_and_accepts_a_new_ddc_at_the_console,
    suspension_revocation_and_new_ddc_e_mails_arrive_by_smtp,
    a_new_ddc_lapses_into_suspension_and_its_acceptance_restores_the_access,
    a_new_ddc_returned_in_time_keeps_the_access_active,
    uac_asks_a_new_ddc_and_suspends_with_a_listed_reason_from_the_chat,
);

/// The text of the DDC the chat sends for "Descargar DDC", whitespace collapsed.
async fn ddc_downloaded(app: &App, chat: &ChatRef) -> String {
    let (_, pdf) = document_sent(app, &taps(app, chat, "m:ddc").await).await;
    let doc = lopdf::Document::load_mem(&pdf).expect("a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert_eq!(pages.len(), 1, "one page");
    doc.extract_text(&pages)
        .expect("text")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A DDC for fiscal year 2027 made in December 2026 names the incoming mayor when
/// the imported JNE list (the elected) names someone other than the authority on
/// the request; with no list, or a list naming the same (re-elected) person, it
/// says the authority in office from 1 January signs, without a name.
async fn a_december_ddc_names_the_incoming_mayor_the_jne_list_knows(backend: Backend) {
    use crate::support::{local_request_data, submitted_request};
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    submitted_request(
        &app,
        &local_request_data(ACORIA, "987650046"),
        "telegram",
        "8601",
    )
    .await;
    let chat = crate::support::engine::telegram("8601");
    app.clock.set("2026-12-10T15:00:00Z".parse().expect("date"));
    let import = |csv: &'static str| {
        let app = &app;
        async move {
            let list = contigo_bot::domain::jne::parse_csv(csv.as_bytes()).expect("csv");
            let mut tx = app.store.begin().await.expect("tx");
            contigo_bot::store::jne::replace_all(&mut tx, &list, app.clock.unix())
                .await
                .expect("import");
            tx.commit().await.expect("commit");
        }
    };
    let unnamed = "Debe firmarlo la autoridad en funciones desde esa fecha";
    let text = ddc_downloaded(&app, &chat).await;
    assert_has(&text, "año fiscal 2027");
    assert_has(&text, unnamed);
    // The list names the request's own mayor (re-elected): no other name to give.
    import("ubigeo,cargo,dni,nombres\n090103,ALCALDE DISTRITAL,45678912,MISMO ALCALDE\n").await;
    let text = ddc_downloaded(&app, &chat).await;
    assert_has(&text, unnamed);
    assert!(!text.contains("MISMO ALCALDE"), "{text}");
    // The list of the elected names another: the DDC names who must sign.
    import("ubigeo,cargo,dni,nombres\n090103,ALCALDE DISTRITAL,40111222,CARMEN NUEVA ALCALDESA\n")
        .await;
    let text = ddc_downloaded(&app, &chat).await;
    assert_has(&text, "debe firmarlo CARMEN NUEVA ALCALDESA");
    assert!(!text.contains(unnamed), "{text}");
    // From 1 January the authority in office signs: no note at all.
    app.clock.set("2027-01-04T15:00:00Z".parse().expect("date"));
    let text = ddc_downloaded(&app, &chat).await;
    assert!(!text.contains("asumen el cargo"), "{text}");
    app.store.close().await;
}

backends!(
    a_december_ddc_names_the_incoming_mayor_the_jne_list_knows,
    a_ddc_for_2027_made_in_december_says_the_incoming_authority_signs,
    suspend_then_restore,
    revoke_then_de_confirms,
    a_revoked_jurisdiction_requests_again_with_its_history_linked,
);
