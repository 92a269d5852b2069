//! The review workflow end to end: applicant and staff chats on the fake Bot API,
//! every stage to active, observation fixed or lapsed, rejection, a race between
//! reviewers, a change of responsible, reminders, digests and the fiscal year.

use contigo_bot::domain::stage::{Action, Actor, Role, Stage};
use contigo_bot::services::requests::WorkflowError;
use contigo_bot::store::requests;

use crate::backends;
use crate::support::review::{activate, apply, conforme, hello, setup, staff, stage_of};
use crate::support::telegram::{TgChat, TgUser};
use crate::support::{Backend, add_staff, local_request_data, signed_pdf, submitted_request};

async fn request_goes_through_every_stage_to_active(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let applicant = TgUser::new(8001, "Luis");
    let people = [
        (TgUser::new(9001, "Ana"), Role::Uac),
        (TgUser::new(9002, "Beto"), Role::Uaj),
        (TgUser::new(9003, "Carla"), Role::De),
        (TgUser::new(9004, "Dario"), Role::Uti),
    ];
    for (user, role) in &people {
        add_staff(&bot.app, &user.first_name, &[*role], user.id).await;
        hello(&tg, user, "¿Qué desea revisar?").await;
    }
    hello(&tg, &applicant, "¿Qué desea hacer?").await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        "8001",
    )
    .await;

    tg.send_document(&applicant, "ddc.pdf", "application/pdf", signed_pdf());
    tg.wait_for(applicant.chat_id(), "Recibí la DDC firmada")
        .await;

    let [(uac, _), (uaj, _), (de, _), (uti, _)] = &people;
    tg.wait_for(
        uac.chat_id(),
        &format!("Nueva solicitud en su bandeja: {}", row.code),
    )
    .await;
    tg.press_button(uac, "Abrir");
    let view = tg.wait_for(uac.chat_id(), "DNI de la autoridad").await;
    assert!(
        view.text().contains("DNI de la autoridad: 45678912"),
        "{}",
        view.text()
    );
    tg.wait_for(uac.chat_id(), "DDC firmada de").await;
    tg.wait_for(uac.chat_id(), "¿Qué decide?").await;
    tg.press_button(uac, "Conforme");
    tg.wait_for(uac.chat_id(), "ahora está en evaluación legal")
        .await;
    let told = tg
        .wait_for(applicant.chat_id(), "pasó la revisión de requisitos")
        .await;
    // Monday 23 Nov + 2 business days for legal review.
    assert!(
        told.text().contains("hasta el 25/11/2026"),
        "{}",
        told.text()
    );

    tg.wait_for(uaj.chat_id(), "Nueva solicitud en su bandeja")
        .await;
    tg.press_button(uaj, "Abrir");
    tg.wait_for(uaj.chat_id(), "¿Qué decide?").await;
    tg.press_button(uaj, "Favorable");
    tg.wait_for(uaj.chat_id(), "opinión favorable").await;
    tg.press_button(uaj, "Sin nota");
    tg.wait_for(uaj.chat_id(), "Listo:").await;
    tg.wait_for(applicant.chat_id(), "opinión legal favorable")
        .await;

    tg.wait_for(de.chat_id(), "Nueva solicitud en su bandeja")
        .await;
    tg.press_button(de, "Abrir");
    tg.wait_for(de.chat_id(), "¿Qué decide?").await;
    tg.press_button(de, "Autorizar");
    tg.wait_for(de.chat_id(), "Listo:").await;
    tg.wait_for(applicant.chat_id(), "fue autorizada").await;

    tg.wait_for(uti.chat_id(), "Nueva solicitud en su bandeja")
        .await;
    tg.press_button(uti, "Abrir");
    tg.wait_for(uti.chat_id(), "¿Qué decide?").await;
    tg.press_button(uti, "Cuenta creada");
    tg.wait_for(uti.chat_id(), "ahora está activa").await;
    tg.wait_for(applicant.chat_id(), "Su acceso está activo")
        .await;

    // UTI's report of accounts created, for UAC.
    tg.send_text(uti, "/cuentas");
    tg.wait_for(uti.chat_id(), "¿De qué periodo").await;
    tg.press_button(uti, "Este mes");
    let listed = tg.wait_for(uti.chat_id(), "Cuentas creadas entre").await;
    assert!(listed.text().contains(&row.code));
    let doc = tg.wait_for(uti.chat_id(), "Lista de cuentas creadas").await;
    let (name, _) = doc.document.clone().expect("a file");
    assert!(name.ends_with(".xlsx"), "{name}");
    let sheets = crate::support::xlsx::read_xlsx(&tg.document(&doc));
    assert_eq!(
        sheets[0].header[..3],
        ["Fecha", "Código de acceso", "Tipo de acceso"]
    );
    assert_eq!(sheets[0].text(0, "Código de acceso"), row.code);
    assert_eq!(sheets[0].text(0, "Tipo de acceso"), "Gobierno Local");
    assert!(
        sheets[0].notes[0].contains("Datos al"),
        "{:?}",
        sheets[0].notes
    );
    assert!(
        sheets[0].notes[1].contains("Ley 29733"),
        "{:?}",
        sheets[0].notes
    );
    // The same list as CSV, from the button under it.
    tg.wait_until_idle(uti.chat_id()).await;
    tg.press_button(uti, "Misma lista en CSV");
    let csv = tg.wait_for(uti.chat_id(), "Lista de cuentas creadas").await;
    let csv = String::from_utf8(tg.document(&csv)).expect("utf8");
    assert!(csv.contains(&row.code), "{csv}");

    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let history = requests::transitions(&mut conn, row.id)
        .await
        .expect("history");
    let to: Vec<&str> = history.iter().map(|t| t.to.as_str()).collect();
    assert_eq!(
        to,
        [
            "awaiting_ddc",
            "uac_review",
            "legal_review",
            "director_authorization",
            "account_creation",
            "active"
        ]
    );
    assert!(
        history[2].actor.contains("Ana"),
        "who acted is recorded: {}",
        history[2].actor
    );
    // The record is never edited.
    assert!(
        sqlx::query("UPDATE stage_transitions SET note = 'x'")
            .execute(&mut *conn)
            .await
            .is_err()
    );
    drop(conn);
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

async fn observed_request_is_fixed_and_returns_to_review(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let applicant = TgUser::new(8002, "Luis");
    let uac = TgUser::new(9001, "Ana");
    add_staff(&bot.app, "Ana", &[Role::Uac], uac.id).await;
    hello(&tg, &uac, "¿Qué desea revisar?").await;
    hello(&tg, &applicant, "¿Qué desea hacer?").await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        "8002",
    )
    .await;
    tg.send_document(&applicant, "ddc.pdf", "application/pdf", signed_pdf());
    tg.wait_for(uac.chat_id(), "Nueva solicitud en su bandeja")
        .await;

    tg.send_text(&uac, "/bandeja");
    tg.wait_for(uac.chat_id(), "Bandeja (1)").await;
    tg.press_button(&uac, &row.code);
    tg.wait_for(uac.chat_id(), "¿Qué decide?").await;
    tg.press_button(&uac, "Observar");
    tg.wait_for(uac.chat_id(), "¿Qué debe corregir").await;
    tg.press_button(&uac, "Faltan o están mal los datos del responsable");
    tg.wait_for(uac.chat_id(), "ahora está observada").await;

    // Monday 23 Nov + 3 business days to fix.
    let notice = tg.wait_for(applicant.chat_id(), "fue observada").await;
    assert!(
        notice
            .text()
            .contains("Faltan o están mal los datos del responsable")
    );
    assert!(notice.text().contains("26/11/2026"), "{}", notice.text());
    tg.press_button(&applicant, "Corregir datos");
    tg.wait_for(applicant.chat_id(), "Corrija primero lo observado")
        .await;
    tg.press_button(&applicant, "Celular del responsable");
    tg.wait_for(applicant.chat_id(), "celular").await;
    tg.send_text(&applicant, "923 456 789");
    tg.wait_for(applicant.chat_id(), "Revise sus datos").await;
    // The DDC prints the responsible's mobile: the signed one no longer counts.
    tg.press_button(&applicant, "Enviar solicitud");
    tg.wait_for(applicant.chat_id(), "aquí tiene la DDC nueva")
        .await;
    tg.send_document(
        &applicant,
        "ddc-nueva.pdf",
        "application/pdf",
        crate::support::signed_pdf_titled("DDC NUEVA FIRMADA (PRUEBA)"),
    );
    tg.wait_for(applicant.chat_id(), "Recibí la DDC firmada")
        .await;
    tg.wait_for(uac.chat_id(), "Nueva solicitud en su bandeja")
        .await;

    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let fixed = requests::get(&mut conn, row.id)
        .await
        .expect("get")
        .expect("row");
    assert_eq!(fixed.stage, Stage::UacReview);
    assert_eq!(
        fixed.data.resp_phone.as_ref().map(|p| p.as_str()),
        Some("923456789")
    );
    drop(conn);
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

async fn observed_request_lapses_after_three_business_days(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let applicant = TgUser::new(8003, "Luis");
    hello(&tg, &applicant, "¿Qué desea hacer?").await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        "8003",
    )
    .await;
    apply(
        &bot.app,
        row.id,
        Stage::AwaitingDdc,
        Action::UploadDdc,
        Actor::Applicant,
    )
    .await
    .expect("upload");
    let reason = "La DDC no tiene sello".to_owned();
    apply(
        &bot.app,
        row.id,
        Stage::UacReview,
        Action::Observe { reason, code: None },
        staff(Role::Uac),
    )
    .await
    .expect("observe");
    tg.wait_for(applicant.chat_id(), "fue observada").await;

    // Wednesday: the term ends Thursday 26, so the reminder goes out, once.
    bot.app
        .clock
        .set("2026-11-25T14:00:00Z".parse().expect("date"));
    let report = bot.app.scheduler().tick().await.expect("tick");
    assert_eq!(report.observation_reminders, 1);
    assert_eq!(
        bot.app
            .scheduler()
            .tick()
            .await
            .expect("tick")
            .observation_reminders,
        0
    );
    tg.wait_for(applicant.chat_id(), "Recordatorio").await;
    assert_eq!(stage_of(&bot.app, row.id).await, Stage::Observed);

    // Thursday is still in time; Friday it lapses.
    bot.app
        .clock
        .set("2026-11-26T22:00:00Z".parse().expect("date"));
    assert_eq!(bot.app.scheduler().tick().await.expect("tick").lapsed, 0);
    bot.app
        .clock
        .set("2026-11-27T14:00:00Z".parse().expect("date"));
    assert_eq!(bot.app.scheduler().tick().await.expect("tick").lapsed, 1);
    assert_eq!(stage_of(&bot.app, row.id).await, Stage::Lapsed);
    tg.wait_for(applicant.chat_id(), "Venció el plazo").await;
    bot.stop().await;
}

async fn rejected_request_tells_the_reason(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let applicant = TgUser::new(8004, "Luis");
    let de = TgUser::new(9003, "Carla");
    add_staff(&bot.app, "Carla", &[Role::De], de.id).await;
    hello(&tg, &de, "¿Qué desea revisar?").await;
    hello(&tg, &applicant, "¿Qué desea hacer?").await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        "8004",
    )
    .await;
    apply(
        &bot.app,
        row.id,
        Stage::AwaitingDdc,
        Action::UploadDdc,
        Actor::Applicant,
    )
    .await
    .expect("upload");
    conforme(&bot.app, row.id).await;
    apply(
        &bot.app,
        row.id,
        Stage::LegalReview,
        Action::Favourable,
        staff(Role::Uaj),
    )
    .await
    .expect("uaj");
    tg.wait_for(de.chat_id(), "Nueva solicitud en su bandeja")
        .await;
    tg.press_button(&de, "Abrir");
    tg.wait_for(de.chat_id(), "¿Qué decide?").await;
    tg.press_button(&de, "Rechazar");
    tg.wait_for(de.chat_id(), "motivo del rechazo").await;
    tg.send_text(&de, "ok");
    tg.wait_for(de.chat_id(), "más de detalle").await;
    tg.send_text(&de, "La OMAPED no figura en el ROF municipal");
    tg.wait_for(de.chat_id(), "ahora está rechazada").await;
    let notice = tg.wait_for(applicant.chat_id(), "fue rechazada").await;
    assert!(
        notice
            .text()
            .contains("La OMAPED no figura en el ROF municipal")
    );
    assert_eq!(stage_of(&bot.app, row.id).await, Stage::Rejected);
    bot.stop().await;
}

async fn second_reviewer_racing_the_first_is_refused(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let (ana, eva) = (TgUser::new(9001, "Ana"), TgUser::new(9005, "Eva"));
    for u in [&ana, &eva] {
        add_staff(&bot.app, &u.first_name, &[Role::Uac], u.id).await;
        hello(&tg, u, "¿Qué desea revisar?").await;
    }
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        "8005",
    )
    .await;
    apply(
        &bot.app,
        row.id,
        Stage::AwaitingDdc,
        Action::UploadDdc,
        Actor::Applicant,
    )
    .await
    .expect("upload");
    for u in [&ana, &eva] {
        tg.wait_for(u.chat_id(), "Nueva solicitud").await;
        tg.press_button(u, "Abrir");
        tg.wait_for(u.chat_id(), "¿Qué decide?").await;
    }
    tg.press_button(&ana, "Conforme");
    tg.wait_for(ana.chat_id(), "Listo:").await;
    tg.press_button(&eva, "Conforme");
    tg.wait_for(eva.chat_id(), "Otra persona ya movió esa solicitud")
        .await;

    // And truly at once, through the service: exactly one wins.
    let row = submitted_request(
        &bot.app,
        &local_request_data("090102", "912345679"),
        "telegram",
        "8006",
    )
    .await;
    apply(
        &bot.app,
        row.id,
        Stage::AwaitingDdc,
        Action::UploadDdc,
        Actor::Applicant,
    )
    .await
    .expect("upload");
    let (a, b) = tokio::join!(
        apply(
            &bot.app,
            row.id,
            Stage::UacReview,
            Action::Conforme,
            staff(Role::Uac)
        ),
        apply(
            &bot.app,
            row.id,
            Stage::UacReview,
            Action::Reject { reason: "x".into() },
            staff(Role::Uac)
        ),
    );
    assert!(
        a.is_ok() != b.is_ok(),
        "exactly one succeeds: {a:?} / {b:?}"
    );
    let loser = if a.is_ok() { b } else { a };
    assert!(matches!(loser, Err(WorkflowError::Moved(_))), "{loser:?}");
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    assert_eq!(
        requests::transitions(&mut conn, row.id)
            .await
            .expect("history")
            .len(),
        3
    );
    drop(conn);
    bot.stop().await;
}

async fn a_modification_supersedes_the_old_access(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let (old_user, new_user) = (TgUser::new(8101, "Old"), TgUser::new(8102, "New"));
    hello(&tg, &old_user, "¿Qué desea hacer?").await;
    hello(&tg, &new_user, "¿Qué desea hacer?").await;
    let old = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        "8101",
    )
    .await;
    assert!(!old.is_modification());
    activate(&bot.app, old.id).await;
    tg.wait_for(old_user.chat_id(), "Su acceso está activo")
        .await;

    let new = submitted_request(
        &bot.app,
        &local_request_data("090101", "923456789"),
        "telegram",
        "8102",
    )
    .await;
    assert!(
        new.is_modification(),
        "a request for a jurisdiction with an active access is a modification"
    );
    activate(&bot.app, new.id).await;
    tg.wait_for(new_user.chat_id(), "Su acceso está activo")
        .await;
    tg.wait_for(old_user.chat_id(), "pasó a un nuevo responsable")
        .await;
    assert_eq!(stage_of(&bot.app, old.id).await, Stage::Superseded);
    assert_eq!(stage_of(&bot.app, new.id).await, Stage::Active);
    bot.stop().await;
}

async fn supervisor_gets_one_daily_digest_of_overdue_items(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let sup = TgUser::new(9009, "Sofía");
    add_staff(&bot.app, "Sofía", &[Role::Supervisor], sup.id).await;
    hello(&tg, &sup, "¿Qué desea revisar?").await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        "8007",
    )
    .await;
    apply(
        &bot.app,
        row.id,
        Stage::AwaitingDdc,
        Action::UploadDdc,
        Actor::Applicant,
    )
    .await
    .expect("upload");
    // Due Tuesday 24; on Thursday 26 at 09:00 Lima it is 2 business days late.
    bot.app
        .clock
        .set("2026-11-26T14:00:00Z".parse().expect("date"));
    let report = bot.app.scheduler().tick().await.expect("tick");
    assert_eq!(report.digests, 1);
    assert_eq!(bot.app.scheduler().tick().await.expect("tick").digests, 0);
    let digest = tg.wait_for(sup.chat_id(), "Resumen diario").await;
    assert!(
        digest.text().contains(&row.code)
            && digest.text().contains("2 días hábiles")
            && digest.text().contains("1 solicitud vencida."),
        "{}",
        digest.text()
    );
    // Each request listed opens with a tap.
    let sofia = TgChat {
        tg: &tg,
        user: sup.clone(),
    };
    sofia.taps(&format!("Abrir {}", row.code), &row.code).await;
    bot.stop().await;
}

async fn fiscal_year_end_reminds_then_expires(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let user = TgUser::new(8008, "Luis");
    hello(&tg, &user, "¿Qué desea hacer?").await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        "8008",
    )
    .await;
    activate(&bot.app, row.id).await;
    bot.app
        .clock
        .set("2026-12-01T15:00:00Z".parse().expect("date"));
    assert_eq!(
        bot.app
            .scheduler()
            .tick()
            .await
            .expect("tick")
            .renewal_reminders,
        1
    );
    assert_eq!(
        bot.app
            .scheduler()
            .tick()
            .await
            .expect("tick")
            .renewal_reminders,
        0
    );
    tg.wait_for(user.chat_id(), "debe renovarse para el año fiscal 2027")
        .await;
    bot.app
        .clock
        .set("2027-01-04T15:00:00Z".parse().expect("date"));
    assert_eq!(bot.app.scheduler().tick().await.expect("tick").expired, 1);
    tg.wait_for(user.chat_id(), "venció al cerrar el año fiscal 2026")
        .await;
    assert_eq!(stage_of(&bot.app, row.id).await, Stage::Expired);
    bot.stop().await;
}

async fn renewal_reuses_the_data_and_replaces_the_access(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let user = TgUser::new(8009, "Luis");
    hello(&tg, &user, "¿Qué desea hacer?").await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        "8009",
    )
    .await;
    activate(&bot.app, row.id).await;
    bot.app
        .clock
        .set("2026-12-02T15:00:00Z".parse().expect("date"));
    tg.send_text(&user, "quiero renovar");
    let summary = tg.wait_for(user.chat_id(), "Revise sus datos").await;
    assert!(summary.text().contains("Pérez Soto"), "{}", summary.text());
    tg.press_button(&user, "Enviar solicitud");
    let done = tg
        .wait_for(
            user.chat_id(),
            "renovación de su acceso para el año fiscal 2027",
        )
        .await;
    let code = &done.text()[done.text().find("CTG-").expect("code")..][..15];
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let renewal = requests::by_code(&mut conn, code)
        .await
        .expect("get")
        .expect("row");
    assert_eq!(renewal.fiscal_year, 2027);
    assert_eq!(
        renewal.kind,
        contigo_bot::domain::request::RequestKind::Renewal
    );
    assert_eq!(renewal.previous_id, Some(row.id));
    drop(conn);
    bot.stop().await;
}

async fn jne_mismatch_is_shown_to_the_reviewer(backend: Backend) {
    let (_db, tg, bot) = setup(backend).await;
    let uac = TgUser::new(9001, "Ana");
    add_staff(&bot.app, "Ana", &[Role::Uac], uac.id).await;
    hello(&tg, &uac, "¿Qué desea revisar?").await;
    let list = contigo_bot::domain::jne::parse_csv(
        "ubigeo,cargo,dni,nombres\n090101,ALCALDE PROVINCIAL,40000001,Pedro Ramos\n".as_bytes(),
    )
    .expect("csv");
    let mut tx = bot.app.store.begin().await.expect("tx");
    contigo_bot::store::jne::replace_all(&mut tx, &list, 0)
        .await
        .expect("import");
    tx.commit().await.expect("commit");
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        "8010",
    )
    .await;
    apply(
        &bot.app,
        row.id,
        Stage::AwaitingDdc,
        Action::UploadDdc,
        Actor::Applicant,
    )
    .await
    .expect("upload");
    tg.wait_for(uac.chat_id(), "Nueva solicitud").await;
    tg.press_button(&uac, "Abrir");
    let view = tg.wait_for(uac.chat_id(), "JNE:").await;
    tg.wait_for(uac.chat_id(), "¿Qué decide?").await;
    assert!(
        view.text().contains("NO coincide") && view.text().contains("Pedro Ramos"),
        "{}",
        view.text()
    );
    bot.stop().await;
}

backends!(
    request_goes_through_every_stage_to_active,
    observed_request_is_fixed_and_returns_to_review,
    observed_request_lapses_after_three_business_days,
    rejected_request_tells_the_reason,
    second_reviewer_racing_the_first_is_refused,
    a_modification_supersedes_the_old_access,
    supervisor_gets_one_daily_digest_of_overdue_items,
    fiscal_year_end_reminds_then_expires,
    renewal_reuses_the_data_and_replaces_the_access,
    jne_mismatch_is_shown_to_the_reviewer,
);
