//! Typed choices and the one router, end to end: a number typed after a notice picks
//! that notice's choice (also when WhatsApp carried it as a template with numbered
//! text), old buttons are answered as stale, and main-menu choices work from any
//! step. Every name, number and DNI is invented.

use serde_json::json;

use contigo_bot::domain::stage::{Action, Role, Stage};

use crate::backends;
use crate::support::review::{apply, staff};
use crate::support::telegram::{FakeTelegram, TgChat, TgUser};
use crate::support::whatsapp::{FakeWhatsapp, WaUser, now_unix, post};
use crate::support::{
    Backend, Running, TestDb, local_request_data, monday_morning, settings, submitted_request,
};

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
    let observe = Action::Observe {
        reason: "Falta el sello de la municipalidad".into(),
        code: None,
    };
    apply(
        &bot.app,
        row.id,
        Stage::UacReview,
        observe,
        staff(Role::Uac),
    )
    .await
    .expect("observed");

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

async fn a_menu_choice_mid_registration_keeps_it_for_later(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let user = TgChat {
        tg: &tg,
        user: TgUser::new(7301, "Nora").with_language("es"),
    };
    user.says("/start", "¿Qué desea hacer?").await;
    user.taps("Solicitar acceso", "Paso 1").await;
    user.taps("Gobierno Local", "distrito").await;
    let asked = user.says("Acoria", "nombres del alcalde").await;
    assert!(asked.contains("Paso 3 de"), "{asked}");

    // Downloading a DDC in the middle: the registration is kept, and the user told.
    let kept = user.says("/ddc", "para después").await;
    assert!(kept.contains("Paso 3 de"), "{kept}");
    assert!(kept.contains("/continuar"), "{kept}");

    // Taken up again where it was, with what was already answered.
    let back = user.says("/continuar", "nombres del alcalde").await;
    assert!(back.contains("Paso 3 de"), "{back}");
    user.says("Rosa María", "apellidos").await;

    // The DDC download left for it was kept aside in its place, and comes back too.
    user.says("/cancelar", "No se envió nada").await;
    user.says("/continuar", "código de su solicitud").await;
    // Nothing kept any more: /continuar says so.
    user.says("/cancelar", "No se envió nada").await;
    user.says("/continuar", "nada pendiente").await;
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

async fn a_button_this_version_never_offered_is_answered_as_stale(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let mut s = settings(&db, None);
    wa.configure(&mut s);
    let bot = Running::start(s, monday_morning()).await;
    let user = WaUser::new("51900000302", "Olga");
    assert_eq!(post(&bot.http, &wa.text(&user, "hola")).await, 200);
    wa.wait_for(&user.phone, "¿Qué desea hacer?").await;
    // A reply to a button of an older version (its id no longer decodes), and one
    // forged with a request id in the wrong place.
    for id in ["rv:abc", "xx:1:2:3"] {
        let old = wa.message(
            &user,
            json!({"type": "interactive", "interactive": {"type": "button_reply",
                "button_reply": {"id": id, "title": "Abrir"}}}),
        );
        assert_eq!(post(&bot.http, &old).await, 200);
        let answer = wa.wait_for(&user.phone, "ya no está vigente").await;
        assert!(answer.text().contains("ya no está vigente"));
    }
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    bot.stop().await;
}

backends!(
    a_menu_choice_mid_registration_keeps_it_for_later,
    a_button_this_version_never_offered_is_answered_as_stale
);

async fn a_pasted_page_is_not_echoed_back_whole(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let user = TgChat {
        tg: &tg,
        user: TgUser::new(7302, "Pia").with_language("es"),
    };
    user.says("/start", "¿Qué desea hacer?").await;
    user.taps("Solicitar acceso", "Paso 1").await;
    user.taps("Gobierno Local", "distrito").await;
    let page = "zzz distrito que no existe ".repeat(200);
    let answer = user.says(&page, "No encontré el distrito").await;
    assert!(answer.chars().count() < 400, "{answer}");
    assert!(answer.contains('…'), "{answer}");
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

backends!(a_pasted_page_is_not_echoed_back_whole);
