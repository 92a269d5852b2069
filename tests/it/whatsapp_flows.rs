//! The request in one screen on WhatsApp (issue 12): the operator publishes the forms
//! (`contigo-bot whatsapp flows publish` against the fake Graph API, which validates
//! the Flow JSON as Meta does), the bot offers the form as an interactive flow message
//! beside the chat's next question, and the user fills it in the fake WhatsApp client
//! (every screen, every Footer, the `complete` payload resolved): the signed
//! `nfm_reply` lands the chat at the review step, then the DDC follows.

use std::process::Command;

use contigo_bot::channels::whatsapp_flows::{FlowsClient, flow_json};
use contigo_bot::config::Settings;
use contigo_bot::i18n::Locales;
use contigo_bot::message::FormKind;
use serde_json::json;

use crate::backends;
use crate::padron::{ACORIA, IN_ACORIA, access, load_padron};
use crate::support::review::{apply, staff, stage_of, uploaded};
use crate::support::whatsapp::{ACCESS_TOKEN, API_VERSION, FakeWhatsapp, WABA_ID, WaUser, post};
use crate::support::{
    Backend, Running, TestDb, local_request_data, monday_morning, settings, submitted_request,
};
use contigo_bot::demo::Place;
use contigo_bot::domain::stage::{Action, Role, Stage};

/// Every answer of a Gobierno Local request, by field name, as a user types them.
fn local_answers() -> Vec<(&'static str, &'static str)> {
    vec![
        ("district", "Acoria"),
        ("authority_names", "Rosa María"),
        ("authority_surnames", "Quispe Huamán"),
        ("authority_dni", "45678912"),
        ("jne_credential", "0123-2026-JNE"),
        ("authority_phone", "987654321"),
        ("authority_personal_email", "rosa@example.org"),
        ("resp_names", "Luis Alberto"),
        ("resp_surnames", "Pérez Soto"),
        ("resp_dni", "41234567"),
        ("resp_phone", "912345678"),
        ("resp_email", "luis@example.org"),
        ("resp_position", "Jefe de la OMAPED"),
        ("resp_designation_date", "2026-01-15"),
    ]
}

/// The forms published in the fake account with the bot's own client; the settings
/// pointing at them.
async fn publish_all(wa: &FakeWhatsapp, s: &mut Settings) {
    let locales = Locales::embedded().expect("locales");
    let client =
        FlowsClient::new(&wa.graph_url(), API_VERSION, ACCESS_TOKEN, WABA_ID).expect("client");
    for form in FormKind::ALL {
        let json = flow_json(form, &locales, "es").expect("flow json");
        let published = client.publish(form, &json).await.expect("published");
        s.whatsapp.flows.set(form, published.flow_id);
    }
}

async fn start(db: &TestDb, wa: &FakeWhatsapp, with_flows: bool) -> Running {
    let mut s = settings(db, None);
    wa.configure(&mut s);
    if with_flows {
        publish_all(wa, &mut s).await;
    }
    Running::start(s, monday_morning()).await
}

/// A WhatsApp user; `interactions` counts what they did (messages, taps, forms sent).
struct User<'a> {
    wa: &'a FakeWhatsapp,
    bot: &'a Running,
    user: WaUser,
    interactions: usize,
}

impl User<'_> {
    async fn sends(&mut self, notification: serde_json::Value, expect: &str) -> String {
        self.interactions += 1;
        assert_eq!(post(&self.bot.http, &notification).await, 200);
        self.wa
            .wait_for(&self.user.phone, expect)
            .await
            .text()
            .to_owned()
    }

    async fn says(&mut self, text: &str, expect: &str) -> String {
        let n = self.wa.text(&self.user, text);
        self.sends(n, expect).await
    }

    async fn taps(&mut self, label: &str, expect: &str) -> String {
        let n = self.wa.tap(&self.user, label);
        self.sends(n, expect).await
    }

    /// Fills the newest form with `answers` and sends it.
    async fn fills(&mut self, answers: &[(&str, &str)], expect: &str) -> String {
        let n = self
            .wa
            .fill_flow(&self.user, answers)
            .expect("the WhatsApp client lets the user send the form");
        self.sends(n, expect).await
    }
}

/// Up to the access type: the flow message arrives beside the next question.
async fn to_the_form<'a>(wa: &'a FakeWhatsapp, bot: &'a Running, phone: &str) -> User<'a> {
    let mut u = User {
        wa,
        bot,
        user: WaUser::new(phone, "Luis"),
        interactions: 0,
    };
    u.says("hola", "¿Qué desea hacer?").await;
    u.taps("Solicitar acceso", "tipo de acceso").await;
    u.taps("Gobierno Local", "distrito").await;
    u
}

async fn a_filled_form_completes_the_registration_up_to_the_ddc(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa, true).await;
    let mut u = to_the_form(&wa, &bot, "51900000301").await;

    // The flow message: version 3, its button, the first screen with the values it
    // declares (the office the access type suggests already written).
    let offer = wa.wait_for(&u.user.phone, "un solo formulario").await;
    assert_eq!(offer.interactive.as_deref(), Some("flow"));
    let flow = offer.flow.clone().expect("a flow message");
    assert_eq!(flow.cta, "Llenar formulario");
    assert_eq!(flow.screen, "PART_A");
    assert_eq!(flow.data["resp_office"], "OMAPED");
    assert_eq!(flow.data["authority_dni"], "");
    let local = wa
        .flows()
        .into_iter()
        .find(|f| f.name.starts_with("contigo_registration_local_"))
        .expect("the local form is published");
    assert_eq!(flow.flow_id, local.id);
    // The chat's own question follows it: answering here works too.
    let question = wa.wait_for(&u.user.phone, "Paso 2").await;
    assert!(question.text.contains("distrito"), "{}", question.text);

    let summary = u.fills(&local_answers(), "Revise sus datos").await;
    assert!(summary.contains("Recibí el formulario"), "{summary}");
    assert!(summary.contains("Acoria"), "{summary}");
    assert!(summary.contains("45678912"), "{summary}");
    assert!(summary.contains("Oficina: OMAPED"), "{summary}");
    let done = u.taps("Enviar solicitud", "fue registrada").await;
    assert!(done.contains("CTG-"), "{done}");
    let ddc = wa
        .wait_for(&u.user.phone, "Declaración de Confidencialidad")
        .await;
    assert_eq!(ddc.kind, "document");
    // hola, Solicitar acceso, Gobierno Local, the form, Enviar solicitud.
    assert!(u.interactions <= 5, "{} interactions", u.interactions);
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    bot.stop().await;
}

async fn a_dni_in_the_form_is_eight_digits_and_keeps_its_leading_zero_and_no_date_is_later_than_today(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa, true).await;
    let mut u = to_the_form(&wa, &bot, "51900000302").await;
    wa.wait_for(&u.user.phone, "un solo formulario").await;

    // A text input with the pattern of 8 digits: the WhatsApp client refuses
    // anything else before it is sent.
    let with_dni = |dni: &'static str| {
        let mut answers = local_answers();
        answers.retain(|(k, _)| *k != "authority_dni");
        answers.push(("authority_dni", dni));
        answers
    };
    for bad in ["4567.891", "4567891", "456789123"] {
        assert!(wa.fill_flow(&u.user, &with_dni(bad)).is_err(), "{bad}");
    }
    // The designation date's picker stops at today.
    let mut future = local_answers();
    future.retain(|(k, _)| *k != "resp_designation_date");
    future.push(("resp_designation_date", "2026-12-31"));
    let refused = wa.fill_flow(&u.user, &future).expect_err("a future date");
    assert!(refused.contains("is after 2026-11-"), "{refused}");
    // A DNI that starts with 0 arrives as typed (a number input would answer
    // 4512345, a JSON number, and the DNI would be asked again).
    let summary = u.fills(&with_dni("04512345"), "Revise sus datos").await;
    assert!(summary.contains("04512345"), "{summary}");
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    bot.stop().await;
}

async fn a_replayed_or_foreign_form_changes_nothing(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa, true).await;
    let mut u = to_the_form(&wa, &bot, "51900000303").await;
    wa.wait_for(&u.user.phone, "un solo formulario").await;
    let filled = wa.fill_flow(&u.user, &local_answers()).expect("filled");
    u.sends(filled.clone(), "Revise sus datos").await;

    // The same answer again (the same token): refused, the review shown again.
    let mut changed = local_answers();
    changed.retain(|(k, _)| *k != "resp_position");
    changed.push(("resp_position", "Otro cargo"));
    let replay = wa.fill_flow(&u.user, &changed).expect("filled");
    let again = u.sends(replay, "ya fue enviado").await;
    assert!(!again.contains("Otro cargo"), "{again}");
    let summary = wa.wait_for(&u.user.phone, "Revise sus datos").await;
    assert!(
        summary.text.contains("Jefe de la OMAPED"),
        "{}",
        summary.text
    );

    // A token this chat was never given.
    let forged = wa.flow_reply(
        &u.user,
        "wamid.none",
        &json!({"flow_token": "f".repeat(64), "resp_position": "Intruso"}),
    );
    u.sends(forged, "no cambiamos nada").await;
    let summary = wa.wait_for(&u.user.phone, "Revise sus datos").await;
    assert!(!summary.text.contains("Intruso"), "{}", summary.text);

    // Another chat's form answered from this one.
    let other = WaUser::new("51900000304", "Ana");
    let mut o = User {
        wa: &wa,
        bot: &bot,
        user: other,
        interactions: 0,
    };
    o.says("hola", "¿Qué desea hacer?").await;
    o.taps("Solicitar acceso", "tipo de acceso").await;
    o.taps("Gobierno Local", "distrito").await;
    let theirs = wa.wait_for(&o.user.phone, "un solo formulario").await;
    let token = theirs.flow.expect("flow").token;
    let foreign = wa.flow_reply(
        &u.user,
        &theirs.wamid,
        &json!({"flow_token": token, "resp_position": "Intruso"}),
    );
    u.sends(foreign, "no cambiamos nada").await;
    // Theirs still works for them.
    o.fills(&local_answers(), "Revise sus datos").await;
    bot.stop().await;
}

/// The user leaves the registration for the questions, then sends the form: the
/// registration it belongs to is taken up again, at the review.
async fn a_form_sent_after_a_detour_takes_up_its_registration(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa, true).await;
    let mut u = to_the_form(&wa, &bot, "51900000308").await;
    wa.wait_for(&u.user.phone, "un solo formulario").await;
    u.says("/preguntas", "Guardé su registro de solicitud")
        .await;
    let summary = u.fills(&local_answers(), "Revise sus datos").await;
    assert!(summary.contains("Acoria"), "{summary}");
    u.taps("Enviar solicitud", "fue registrada").await;
    bot.stop().await;
}

/// Messages Meta delivers a day late: the 24-hour window is closed, so the form is
/// not sent (a template's FLOW button opens the one flow it was approved with); the
/// chat's questions go on as the text template, answered by number.
async fn outside_the_window_the_chat_questions_go_on_without_the_form(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa, true).await;
    let user = WaUser::new("51900000309", "Luis");
    let late = crate::support::whatsapp::now_unix() - 25 * 60 * 60;
    let aged = |mut n: serde_json::Value| {
        n["entry"][0]["changes"][0]["value"]["messages"][0]["timestamp"] = json!(late.to_string());
        n
    };
    for (text, expect) in [
        ("hola", "Solicitar acceso"),
        ("1", "Gobierno Local"),
        ("1", "distrito"),
    ] {
        assert_eq!(post(&bot.http, &aged(wa.text(&user, text))).await, 200);
        let got = wa.wait_for(&user.phone, expect).await;
        assert_eq!(got.kind, "template", "{got:?}");
    }
    wa.wait_until_idle(&user.phone).await;
    assert!(
        wa.sent_to(&user.phone).iter().all(|s| s.flow.is_none()),
        "no flow message outside the window"
    );
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    bot.stop().await;
}

async fn without_flow_ids_no_form_is_offered(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa, false).await;
    let u = to_the_form(&wa, &bot, "51900000305").await;
    wa.wait_until_idle(&u.user.phone).await;
    assert!(
        wa.sent_to(&u.user.phone).iter().all(|s| s.flow.is_none()),
        "no flow message without [whatsapp.flows]"
    );
    bot.stop().await;
}

/// `whatsapp flows publish`: the real binary against the fake Graph API.
fn publish(wa_url: &str, db: &TestDb) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_contigo-bot"))
        .args(["whatsapp", "flows", "publish"])
        .current_dir(db.dir.path())
        .env_clear()
        .env("CONTIGO__DATABASE__URL", &db.url)
        .env("CONTIGO__WHATSAPP__GRAPH_URL", wa_url)
        .env("CONTIGO__WHATSAPP__API_VERSION", API_VERSION)
        .env("CONTIGO__WHATSAPP__WABA_ID", WABA_ID)
        .env("WHATSAPP_ACCESS_TOKEN", ACCESS_TOKEN)
        .output()
        .expect("run contigo-bot");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn publish_creates_uploads_and_publishes_each_form(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let url = wa.graph_url();
    let (code, stdout, stderr) = {
        let db = &db;
        let url = url.clone();
        tokio::task::block_in_place(|| publish(&url, db))
    };
    assert_eq!(code, 0, "{stdout}{stderr}");
    let flows = wa.flows();
    assert_eq!(flows.len(), FormKind::ALL.len());
    let calls = wa.flow_calls();
    for f in &flows {
        assert_eq!(f.status, "PUBLISHED", "{f:?}");
        assert!(f.validation_errors.is_empty(), "{:?}", f.validation_errors);
        for call in [
            format!("create {}", f.name),
            format!("assets {}", f.id),
            format!("publish {}", f.id),
        ] {
            assert!(calls.contains(&call), "{call} not in {calls:?}");
        }
    }
    assert!(stdout.starts_with("[whatsapp.flows]\n"), "{stdout}");
    // The ally's FAD and alert among them.
    for name in ["contigo_ally_fad_", "contigo_ally_alert_"] {
        assert!(
            flows.iter().any(|f| f.name.starts_with(name)),
            "{name}: {flows:?}"
        );
    }
    for form in FormKind::ALL {
        let f = flows
            .iter()
            .find(|f| {
                f.name
                    .starts_with(&format!("contigo_{}_", form.config_key()))
            })
            .expect("a flow per form");
        let line = format!("{} = \"{}\"", form.config_key(), f.id);
        assert!(stdout.contains(&line), "{line} in {stdout}");
    }
    // The same forms again: found published, nothing created or uploaded.
    let (code, stdout, _) = tokio::task::block_in_place(|| publish(&url, &db));
    assert_eq!(code, 0);
    assert!(stdout.contains("already published"), "{stdout}");
    assert_eq!(wa.flow_calls().len(), calls.len());
    assert_eq!(wa.flows().len(), FormKind::ALL.len());
}

async fn publish_without_the_account_says_what_is_missing(backend: Backend) {
    let db = TestDb::new(backend).await;
    let out = Command::new(env!("CARGO_BIN_EXE_contigo-bot"))
        .args(["whatsapp", "flows", "publish"])
        .current_dir(db.dir.path())
        .env_clear()
        .env("CONTIGO__DATABASE__URL", &db.url)
        .env("WHATSAPP_ACCESS_TOKEN", ACCESS_TOKEN)
        .output()
        .expect("run contigo-bot");
    assert_ne!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("whatsapp.waba_id is not set"), "{stderr}");
}

backends!(
    a_filled_form_completes_the_registration_up_to_the_ddc,
    a_dni_in_the_form_is_eight_digits_and_keeps_its_leading_zero_and_no_date_is_later_than_today,
    a_replayed_or_foreign_form_changes_nothing,
    without_flow_ids_no_form_is_offered,
    outside_the_window_the_chat_questions_go_on_without_the_form,
    a_form_sent_after_a_detour_takes_up_its_registration,
    publish_creates_uploads_and_publishes_each_form,
    publish_without_the_account_says_what_is_missing,
);

/// The fake refuses what Meta refuses, so a test passing against it means something:
/// an invalid Flow JSON is reported (and cannot be published), and a flow message
/// with a long button, an unknown screen, undeclared data or no token is refused.
async fn the_fake_refuses_what_meta_refuses(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa, true).await;
    let http = reqwest::Client::new();
    let api = format!("{}/{API_VERSION}", wa.graph_url());

    // A draft with a broken Flow JSON: validation errors, and no publication.
    let created: serde_json::Value = http
        .post(format!("{api}/{WABA_ID}/flows"))
        .bearer_auth(ACCESS_TOKEN)
        .json(&json!({"name": "broken", "categories": ["SIGN_UP"]}))
        .send()
        .await
        .expect("create")
        .json()
        .await
        .expect("json");
    let id = created["id"].as_str().expect("id").to_owned();
    for (bad, why) in [
        ("{\"version\": \"7.0\", \"screens\": [", "INVALID_JSON"),
        (
            r#"{"version":"7.0","screens":[{"id":"A1","terminal":true,"layout":{"type":"SingleColumnLayout","children":[{"type":"TextInput","name":"x","label":"Una etiqueta demasiado larga"},{"type":"Footer","label":"Ok","on-click-action":{"name":"complete","payload":{"x":"${form.y}"}}}]}}]}"#,
            "INVALID_SCREEN_ID",
        ),
    ] {
        let form = reqwest::multipart::Form::new()
            .text("name", "flow.json")
            .text("asset_type", "FLOW_JSON")
            .part(
                "file",
                reqwest::multipart::Part::bytes(bad.as_bytes().to_vec()).file_name("flow.json"),
            );
        let answer: serde_json::Value = http
            .post(format!("{api}/{id}/assets"))
            .bearer_auth(ACCESS_TOKEN)
            .multipart(form)
            .send()
            .await
            .expect("assets")
            .json()
            .await
            .expect("json");
        let errors = answer["validation_errors"].to_string();
        assert!(errors.contains(why), "{errors}");
        if why == "INVALID_SCREEN_ID" {
            assert!(errors.contains("Una etiqueta demasiado larga"), "{errors}");
            assert!(errors.contains("${form.y}"), "{errors}");
        }
        let publish = http
            .post(format!("{api}/{id}/publish"))
            .bearer_auth(ACCESS_TOKEN)
            .send()
            .await
            .expect("publish");
        assert_eq!(publish.status(), 400);
    }

    // Flow messages Meta would not send.
    let u = WaUser::new("51900000306", "Luis");
    assert_eq!(post(&bot.http, &wa.text(&u, "hola")).await, 200);
    wa.wait_for(&u.phone, "¿Qué desea hacer?").await;
    let flow_id = wa.flows()[0].id.clone();
    let message = |params: serde_json::Value| {
        json!({
            "messaging_product": "whatsapp", "to": u.phone, "type": "interactive",
            "interactive": {"type": "flow", "body": {"text": "Formulario"},
                "action": {"name": "flow", "parameters": params}},
        })
    };
    let good = json!({"flow_message_version": "3", "flow_token": "t", "flow_id": flow_id,
        "flow_cta": "Llenar formulario", "flow_action": "navigate",
        "flow_action_payload": {"screen": "PART_A"}});
    let with = |k: &str, v: serde_json::Value| {
        let mut p = good.clone();
        p[k] = v;
        p
    };
    let mut no_token = good.clone();
    no_token
        .as_object_mut()
        .expect("object")
        .remove("flow_token");
    for params in [
        with("flow_cta", json!("Llenar el formulario ahora")),
        with("flow_action_payload", json!({"screen": "NOWHERE"})),
        with(
            "flow_action_payload",
            json!({"screen": "PART_A", "data": {"unknown": "x"}}),
        ),
        with(
            "flow_action_payload",
            json!({"screen": "PART_A", "data": {}}),
        ),
        with("flow_message_version", json!("2")),
        no_token,
    ] {
        let status = http
            .post(format!(
                "{api}/{}/messages",
                crate::support::whatsapp::PHONE_NUMBER_ID
            ))
            .bearer_auth(ACCESS_TOKEN)
            .json(&message(params.clone()))
            .send()
            .await
            .expect("send")
            .status();
        assert_eq!(status, 400, "{params}");
    }
    let sent = http
        .post(format!(
            "{api}/{}/messages",
            crate::support::whatsapp::PHONE_NUMBER_ID
        ))
        .bearer_auth(ACCESS_TOKEN)
        .json(&message(good))
        .send()
        .await
        .expect("send")
        .status();
    assert_eq!(sent, 200);
    bot.stop().await;
}

async fn check_config_knows_the_flow_settings(backend: Backend) {
    let db = TestDb::new(backend).await;
    let run = |env: &[(&str, &str)]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_contigo-bot"));
        cmd.arg("check-config")
            .current_dir(db.dir.path())
            .env_clear()
            .env("CONTIGO__DATABASE__URL", &db.url);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("run contigo-bot")
    };
    let ok = run(&[
        ("CONTIGO__WHATSAPP__WABA_ID", "200000000000002"),
        (
            "CONTIGO__WHATSAPP__FLOWS__REGISTRATION_LOCAL",
            "700000000000001",
        ),
    ]);
    assert!(ok.status.success());
    let shown = String::from_utf8_lossy(&ok.stdout);
    assert!(
        shown.contains("registration_local = \"700000000000001\""),
        "{shown}"
    );
    let bad = run(&[
        ("CONTIGO__WHATSAPP__WABA_ID", "mi-cuenta"),
        ("CONTIGO__WHATSAPP__FLOWS__REGISTRATION_OTHER", "flujo-1"),
    ]);
    assert!(!bad.status.success());
    let said = String::from_utf8_lossy(&bad.stderr);
    assert!(said.contains("whatsapp.waba_id \"mi-cuenta\""), "{said}");
    assert!(
        said.contains("whatsapp.flows.registration_other \"flujo-1\""),
        "{said}"
    );
    // The ally's FAD and alert forms: known keys, held to the same rule.
    let ally = run(&[
        ("CONTIGO__WHATSAPP__FLOWS__ALLY_FAD", "700000000000006"),
        ("CONTIGO__WHATSAPP__FLOWS__ALLY_ALERT", "700000000000007"),
    ]);
    assert!(
        ally.status.success(),
        "{}",
        String::from_utf8_lossy(&ally.stderr)
    );
    let shown = String::from_utf8_lossy(&ally.stdout);
    assert!(shown.contains("ally_fad = \"700000000000006\""), "{shown}");
    assert!(
        shown.contains("ally_alert = \"700000000000007\""),
        "{shown}"
    );
    let bad = run(&[("CONTIGO__WHATSAPP__FLOWS__ALLY_ALERT", "alerta")]);
    assert!(!bad.status.success());
    let said = String::from_utf8_lossy(&bad.stderr);
    assert!(
        said.contains("whatsapp.flows.ally_alert \"alerta\""),
        "{said}"
    );
    let typo = run(&[("CONTIGO__WHATSAPP__FLOWS__REGISTRATION_LOCALE", "1")]);
    assert!(!typo.status.success());
    assert!(
        String::from_utf8_lossy(&typo.stderr).contains("whatsapp.flows.registration_local"),
        "{}",
        String::from_utf8_lossy(&typo.stderr)
    );
}

/// UAC observes that the mayor's data does not match the JNE: the correction form
/// opens with the JNE list's authority, the applicant adds the credential, reviews
/// and sends; the request goes back to UAC with the JNE's authority.
async fn an_observed_authority_is_corrected_in_a_form_opened_with_the_jne_list(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa, true).await;
    let list = contigo_bot::domain::jne::parse_csv(
        "ubigeo,cargo,dni,nombres\n090101,ALCALDE PROVINCIAL,40000001,PEDRO RAMOS TORRES\n"
            .as_bytes(),
    )
    .expect("csv");
    let mut tx = bot.app.store.begin().await.expect("tx");
    contigo_bot::store::jne::replace_all(&mut tx, &list, 0)
        .await
        .expect("import");
    tx.commit().await.expect("commit");
    let mut u = User {
        wa: &wa,
        bot: &bot,
        user: WaUser::new("51900000307", "Luis"),
        interactions: 0,
    };
    u.says("hola", "¿Qué desea hacer?").await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "whatsapp",
        &u.user.phone,
    )
    .await;
    uploaded(&bot.app, row.id).await;
    let reason = bot.app.engine.locales.t("es", "obs-reason-jne");
    apply(
        &bot.app,
        row.id,
        Stage::UacReview,
        Action::Observe {
            reason,
            code: Some(contigo_bot::domain::observation::ObservationReason::Jne),
        },
        staff(Role::Uac),
    )
    .await
    .expect("observe");
    wa.wait_for(&u.user.phone, "fue observada").await;

    u.says("/corregir", "Elija el dato").await;
    let offer = wa.wait_for(&u.user.phone, "corregir estos datos").await;
    let flow = offer.flow.expect("a flow message");
    let correction = wa
        .flows()
        .into_iter()
        .find(|f| f.name.starts_with("contigo_correction_authority_"))
        .expect("published");
    assert_eq!(flow.flow_id, correction.id);
    assert_eq!(flow.data["authority_dni"], "40000001");
    assert_eq!(flow.data["authority_names"], "PEDRO");
    assert_eq!(flow.data["authority_surnames"], "RAMOS TORRES");
    // The responsible's data is not part of this form.
    assert!(flow.data.get("resp_dni").is_none());

    let summary = u
        .fills(&[("jne_credential", "0456-2026-JNE")], "Revise sus datos")
        .await;
    assert!(summary.contains("40000001"), "{summary}");
    assert!(summary.contains("0456-2026-JNE"), "{summary}");
    assert!(summary.contains("Luis"), "the rest is kept: {summary}");
    // The DDC prints the authority: a new DDC for it to sign, still observed.
    u.taps("Enviar solicitud", "debe firmar esta DDC nueva")
        .await;
    assert_eq!(stage_of(&bot.app, row.id).await, Stage::Observed);
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let now = contigo_bot::store::requests::get(&mut conn, row.id)
        .await
        .expect("get")
        .expect("row");
    assert_eq!(
        now.data.authority_dni.map(|d| d.to_string()).as_deref(),
        Some("40000001")
    );
    drop(conn);
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    bot.stop().await;
}

backends!(
    an_observed_authority_is_corrected_in_a_form_opened_with_the_jne_list,
    the_fake_refuses_what_meta_refuses,
    check_config_knows_the_flow_settings
);

/// A bound Gobierno Local on WhatsApp, with the forms published and the padrón
/// loaded, at the question after the person's DNI was found for `item` ("Actualizar
/// datos (FAD)" or "Reportar alerta"): the flow message arrived beside it.
async fn ally_at_the_form<'a>(
    db: &TestDb,
    wa: &'a FakeWhatsapp,
    bot: &'a Running,
    phone: &str,
    item: &str,
) -> User<'a> {
    load_padron(&bot.app.store, db).await;
    access(&bot.app, Place::District(ACORIA), &phone[2..]).await;
    let mut u = User {
        wa,
        bot,
        user: WaUser::new(phone, "Resp"),
        interactions: 0,
    };
    u.says("hola", "¿Qué desea hacer?").await;
    u.taps("Consultar beneficiarios", "quedó vinculado").await;
    wa.wait_for(phone, "Consultas del padrón").await;
    u.taps(item, "Escriba el DNI").await;
    u.says(IN_ACORIA, "un solo formulario").await;
    u
}

/// The ally's reports filed so far.
async fn reports(bot: &Running) -> Vec<contigo_bot::store::ally_reports::AllyReport> {
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    contigo_bot::store::ally_reports::list_open(&mut conn)
        .await
        .expect("reports")
}

async fn a_bound_ally_files_a_fad_in_a_whatsapp_form(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa, true).await;
    let mut u = ally_at_the_form(&db, &wa, &bot, "51987650041", "Actualizar datos (FAD)").await;
    let offer = wa.wait_for(&u.user.phone, "un solo formulario").await;
    let flow = offer.flow.clone().expect("a flow message");
    let fad = wa
        .flows()
        .into_iter()
        .find(|f| f.name.starts_with("contigo_ally_fad_"))
        .expect("the FAD form is published");
    assert_eq!(flow.flow_id, fad.id);
    assert_eq!(flow.screen, "PART_A");
    // The chat's own question follows it.
    wa.wait_for(&u.user.phone, "nueva dirección").await;

    let answers = [
        ("fad_address", "Jr. Ficticio 123, Barrio Centro"),
        ("fad_reference", "Frente a la posta"),
        ("fad_phone", "987 000 111"),
    ];
    let filled = wa.fill_flow(&u.user, &answers).expect("filled");
    let done = u
        .sends(
            filled.clone(),
            "Ficha de Actualización de Datos con el número",
        )
        .await;
    let filed = reports(&bot).await;
    assert_eq!(filed.len(), 1);
    assert!(done.contains(&filed[0].number()), "{done}");
    assert!(filed[0].number().starts_with("FAD-"));
    assert_eq!(filed[0].subject_dni, IN_ACORIA);
    let body = format!("{:?}", filed[0].body);
    assert!(body.contains("Frente a la posta"), "{body}");
    assert!(body.contains("987000111"), "{body}");

    // The same form sent again (its token spent): refused, nothing filed.
    let again = wa.fill_flow(&u.user, &answers).expect("filled");
    u.sends(again, "no cambiamos nada").await;
    assert_eq!(reports(&bot).await.len(), 1);
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    bot.stop().await;
}

async fn a_bad_phone_in_the_fad_form_is_asked_again_alone(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa, true).await;
    let mut u = ally_at_the_form(&db, &wa, &bot, "51987650042", "Actualizar datos (FAD)").await;
    wa.wait_for(&u.user.phone, "nueva dirección").await;
    let error = u
        .fills(
            &[
                ("fad_address", "Jr. Ficticio 456"),
                ("fad_reference", "Al lado del colegio"),
                ("fad_phone", "12"),
            ],
            "• Teléfono de contacto:",
        )
        .await;
    assert!(error.contains("9 dígitos"), "{error}");
    // Only the phone is asked: the address and reference are kept.
    let asked = wa
        .wait_for(&u.user.phone, "teléfono de contacto de la")
        .await;
    assert!(!asked.text().contains("dirección"), "{}", asked.text());
    assert!(reports(&bot).await.is_empty());
    u.says("987000222", "Ficha de Actualización de Datos con el número")
        .await;
    let filed = reports(&bot).await;
    assert_eq!(filed.len(), 1);
    let body = format!("{:?}", filed[0].body);
    assert!(body.contains("Jr. Ficticio 456"), "{body}");
    assert!(body.contains("Al lado del colegio"), "{body}");
    assert!(body.contains("987000222"), "{body}");
    bot.stop().await;
}

async fn a_bound_ally_reports_an_alert_in_a_whatsapp_form(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa, true).await;
    let mut u = ally_at_the_form(&db, &wa, &bot, "51987650043", "Reportar alerta").await;
    let offer = wa.wait_for(&u.user.phone, "un solo formulario").await;
    let alert = wa
        .flows()
        .into_iter()
        .find(|f| f.name.starts_with("contigo_ally_alert_"))
        .expect("the alert form is published");
    assert_eq!(offer.flow.expect("flow").flow_id, alert.id);
    wa.wait_for(&u.user.phone, "¿Qué desea reportar?").await;

    // Too short a description: only it is asked again; the kind is kept.
    let error = u
        .fills(
            &[
                ("alert_kind", "hospitalizacion"),
                ("alert_description", "x"),
            ],
            "• Descripción:",
        )
        .await;
    assert!(error.contains("500"), "{error}");
    wa.wait_for(&u.user.phone, "Describa brevemente").await;
    // The spent form again changes nothing, and the description is still asked.
    let replay = wa
        .fill_flow(
            &u.user,
            &[
                ("alert_kind", "fallecimiento"),
                ("alert_description", "Falleció ayer."),
            ],
        )
        .expect("filled");
    u.sends(replay, "no cambiamos nada").await;
    assert!(reports(&bot).await.is_empty());
    let done = u
        .says(
            "Internada en el hospital desde el 20/11/2026.",
            "Recibimos su alerta",
        )
        .await;
    let filed = reports(&bot).await;
    assert_eq!(filed.len(), 1);
    assert!(done.contains(&filed[0].number()), "{done}");
    let body = format!("{:?}", filed[0].body);
    assert!(body.contains("Hospitalizacion"), "{body}");
    assert!(body.contains("20/11/2026"), "{body}");
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    bot.stop().await;
}

/// Without the ally's flow ids, the FAD goes on in the chat only.
async fn without_the_ally_flow_ids_the_fad_is_asked_in_the_chat(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa, false).await;
    load_padron(&bot.app.store, &db).await;
    access(&bot.app, Place::District(ACORIA), "987650044").await;
    let mut u = User {
        wa: &wa,
        bot: &bot,
        user: WaUser::new("51987650044", "Resp"),
        interactions: 0,
    };
    u.says("hola", "¿Qué desea hacer?").await;
    u.taps("Consultar beneficiarios", "quedó vinculado").await;
    wa.wait_for(&u.user.phone, "Consultas del padrón").await;
    u.taps("Actualizar datos (FAD)", "Escriba el DNI").await;
    u.says(IN_ACORIA, "nueva dirección").await;
    assert!(
        wa.sent_to(&u.user.phone).iter().all(|m| m.flow.is_none()),
        "no flow message without [whatsapp.flows]"
    );
    bot.stop().await;
}

/// The ally leaves the FAD for the questions, then sends its form: the FAD is taken
/// up again and filed.
async fn a_fad_form_sent_after_a_detour_takes_up_the_fad(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa, true).await;
    let mut u = ally_at_the_form(&db, &wa, &bot, "51987650045", "Actualizar datos (FAD)").await;
    wa.wait_for(&u.user.phone, "nueva dirección").await;
    u.says("/preguntas", "Guardé").await;
    let answers = [
        ("fad_address", "Jr. Ficticio 789"),
        ("fad_reference", "Frente al mercado"),
        ("fad_phone", "987000333"),
    ];
    u.fills(&answers, "Ficha de Actualización de Datos con el número")
        .await;
    let filed = reports(&bot).await;
    assert_eq!(filed.len(), 1);
    assert!(format!("{:?}", filed[0].body).contains("Frente al mercado"));
    bot.stop().await;
}

backends!(
    a_fad_form_sent_after_a_detour_takes_up_the_fad,
    a_bound_ally_files_a_fad_in_a_whatsapp_form,
    a_bad_phone_in_the_fad_form_is_asked_again_alone,
    a_bound_ally_reports_an_alert_in_a_whatsapp_form,
    without_the_ally_flow_ids_the_fad_is_asked_in_the_chat
);

/// The district answered in the chat, with the JNE list imported: the form is offered
/// again, opened with the district and the JNE's mayor (and the office already
/// suggested); the first form's token is superseded; filling the rest ends at the
/// review with the JNE's authority.
async fn the_district_answered_in_the_chat_reopens_the_form_with_the_jne_mayor(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let bot = start(&db, &wa, true).await;
    crate::form::import_jne(&bot).await;
    let mut u = to_the_form(&wa, &bot, "51900000311").await;
    let first = wa.wait_for(&u.user.phone, "un solo formulario").await;
    let first_token = first.flow.expect("flow").token;
    assert_eq!(
        first_token.len(),
        64,
        "a 256-bit token in hex: {first_token}"
    );

    u.says("Acoria", "Según la lista del JNE").await;
    let again = wa
        .wait_for(&u.user.phone, "según la lista del JNE: toque")
        .await;
    let flow = again.flow.clone().expect("a flow message");
    assert_ne!(flow.token, first_token);
    assert_eq!(flow.data["district"], ACORIA);
    assert_eq!(flow.data["authority_names"], "ROSA ELENA");
    assert_eq!(flow.data["authority_surnames"], "QUISPE HUAMAN");
    assert_eq!(flow.data["authority_dni"], "40123456");
    assert_eq!(flow.data["resp_office"], "OMAPED");

    // The first form's answer is no longer taken.
    let stale = wa.flow_reply(
        &u.user,
        &first.wamid,
        &json!({"flow_token": first_token, "resp_position": "Intruso"}),
    );
    u.sends(stale, "no cambiamos nada").await;

    // Only what the JNE does not know is typed; the rest is kept as opened.
    let mut rest = local_answers();
    rest.retain(|(k, _)| {
        !matches!(
            *k,
            "district" | "authority_names" | "authority_surnames" | "authority_dni"
        )
    });
    let summary = u.fills(&rest, "Revise sus datos").await;
    assert!(summary.contains("40123456"), "{summary}");
    assert!(summary.contains("QUISPE HUAMAN"), "{summary}");
    assert!(summary.contains("Acoria"), "{summary}");
    assert!(!summary.contains("Intruso"), "{summary}");
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    bot.stop().await;
}

backends!(the_district_answered_in_the_chat_reopens_the_form_with_the_jne_mayor);
