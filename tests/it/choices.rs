//! Typed choices and the one router, end to end: a number typed after a notice picks
//! that notice's choice (also when WhatsApp carried it as a template with numbered
//! text), old buttons are answered as stale, and main-menu choices work from any
//! step. Every name, number and DNI is invented.

use serde_json::json;

use contigo_bot::domain::calendar::lima_date;
use contigo_bot::domain::stage::{Action, Actor, Role, Stage};
use contigo_bot::notify::Notifier;
use contigo_bot::workflow::Workflow;

use crate::backends;
use crate::support::whatsapp::{FakeWhatsapp, WaUser, now_unix, post};
use crate::support::{
    Backend, Running, TestDb, local_request_data, monday_morning, settings, submitted_request,
};

/// UAC observes a request, as the review desk would, with its notices.
async fn observe(bot: &Running, request_id: i64, from: Stage) {
    let app = &bot.app;
    let e = &app.engine;
    let wf = Workflow {
        settings: &e.settings,
        calendar: &e.calendar,
        today: lima_date(app.clock.now()),
    };
    let mut tx = app.store.begin().await.expect("tx");
    let (_, events) = wf
        .apply(
            &mut tx,
            request_id,
            from,
            &Action::Observe {
                reason: "Falta el sello de la municipalidad".into(),
            },
            &Actor::Staff {
                roles: vec![Role::Uac],
            },
            "test",
            None,
            app.clock.unix(),
        )
        .await
        .expect("observed");
    Notifier {
        locales: &e.locales,
    }
    .send(&mut tx, events)
    .await
    .expect("notices");
    tx.commit().await.expect("commit");
}

async fn a_number_typed_after_a_template_picks_the_templates_choice(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let mut s = settings(&db, None);
    wa.configure(&mut s);
    let bot = Running::start(s, monday_morning()).await;
    let user = WaUser::new("51900000301", "Elsa");
    // The applicant last wrote two days ago: notices now go as templates.
    let old = wa.message_at(
        &user,
        json!({"type": "text", "text": {"body": "hola"}}),
        now_unix() - 48 * 3600,
    );
    assert_eq!(post(&bot.http, &old).await, 200);
    wa.wait_for(&user.phone, "¿Qué desea hacer?").await;

    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "987650301"),
        "whatsapp",
        &user.phone,
    )
    .await;
    let mut tx = bot.app.store.begin().await.expect("tx");
    contigo_bot::store::requests::move_stage(
        &mut tx,
        row.id,
        Stage::AwaitingDdc,
        Stage::UacReview,
        None,
        "test",
        None,
        bot.app.clock.unix(),
    )
    .await
    .expect("moved");
    tx.commit().await.expect("commit");
    observe(&bot, row.id, Stage::UacReview).await;

    let notice = wa.wait_for(&user.phone, "fue observada").await;
    assert_eq!(notice.kind, "template");
    assert!(notice.text.contains("1) Corregir datos"), "{}", notice.text);

    // "1" is the notice's first choice: correcting the observed request, not the
    // first entry of the menu shown two days ago ("Solicitar acceso").
    assert_eq!(post(&bot.http, &wa.text(&user, "1")).await, 200);
    let next = wa
        .wait_for(&user.phone, "Elija el dato que desea corregir")
        .await;
    assert!(next.text().contains(&row.code), "{}", next.text());
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    bot.stop().await;
}

backends!(a_number_typed_after_a_template_picks_the_templates_choice);
