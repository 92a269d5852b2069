//! The Telegram Mini App (issue 12): the whole registration on one screen, opened
//! from the chat's «Llenar formulario» button, checked with the chat's parsers and
//! believed only with Telegram's initData signature; the chat then shows the review
//! step and the DDC follows as always.

use std::cell::Cell;

use contigo_bot::channels::telegram::sign_init_data;
use serde_json::{Value, json};

use crate::backends;
use crate::form::import_jne;
use crate::support::axe::{assert_fits, assert_no_violations};
use crate::support::chrome::{Chrome, Locator};
use crate::support::review::{apply, staff, uploaded};
use crate::support::telegram::{FakeTelegram, TOKEN, TgChat, TgUser};
use crate::support::{
    Backend, Running, TestDb, local_request_data, monday_morning, settings, submitted_request,
};

const PUBLIC: &str = "https://contigo.example.org";

async fn start_bot(db: &TestDb, tg: &FakeTelegram) -> Running {
    let mut s = settings(db, Some(&tg.api_url()));
    s.http.public_url = PUBLIC.to_owned();
    Running::start(s, monday_morning()).await
}

/// initData as Telegram signs it for `user`, `age` seconds old, with `token`.
fn init_data(bot: &Running, user: &TgUser, age: i64, token: &str) -> String {
    let auth_date = (bot.app.clock.unix() - age).to_string();
    let user_json =
        json!({"id": user.id, "first_name": user.first_name, "language_code": "es"}).to_string();
    sign_init_data(
        &[
            ("auth_date", &auth_date),
            ("query_id", "AAHdF6IQAAAAAN0XohDhrOrc"),
            ("user", &user_json),
        ],
        token,
    )
}

async fn post(bot: &Running, path: &str, body: Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", bot.http))
        .json(&body)
        .send()
        .await
        .expect("post");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The page the Mini App button of the chat's last message containing `asks` opens.
async fn form_button(tg: &FakeTelegram, chat: i64, asks: &str) -> String {
    let asked = tg.wait_for(chat, asks).await;
    asked
        .buttons
        .iter()
        .flatten()
        .find_map(|b| b.web_app.clone())
        .unwrap_or_else(|| panic!("a Mini App button on {:?}", asked.text()))
}

/// The step token a FAD's or an alert's page address carries (`for=`).
fn step_token(page: &str) -> String {
    page.split("&for=")
        .nth(1)
        .unwrap_or_else(|| panic!("a step token in {page}"))
        .to_owned()
}

/// A Gobierno Local's responsible (Acoria, with the synthetic padrón loaded) whose
/// Telegram chat is bound by sharing their contact.
async fn bound_ally<'a>(db: &TestDb, tg: &'a FakeTelegram, bot: &Running, id: i64) -> TgChat<'a> {
    use crate::padron::{ACORIA, access, load_padron};
    load_padron(&bot.app.store, db).await;
    access(
        &bot.app,
        contigo_bot::demo::Place::District(ACORIA),
        "987650001",
    )
    .await;
    let a = TgChat {
        tg,
        user: TgUser::new(id, "Resp").with_language("es"),
    };
    a.says("/padron", "Compartir mi número").await;
    tg.send_contact(&a.user, "51987650001", Some(a.user.id));
    tg.wait_for(a.user.chat_id(), "quedó vinculado").await;
    a
}

/// /start and «Solicitar acceso»: the question carries the Mini App button.
async fn open_registration(a: &TgChat<'_>) -> String {
    a.says("/start", "¿Qué desea hacer?").await;
    a.taps("Solicitar acceso", "Llenar formulario").await;
    let page = form_button(a.tg, a.user.chat_id(), "tipo de acceso").await;
    assert_eq!(page, format!("{PUBLIC}/webapp/form?lang=es"));
    page
}

fn good_answers() -> Value {
    json!({
        "access_type": "local",
        "district": "090103",
        "jne_authority": "yes",
        "jne_credential": "0123-2026-JNE",
        "authority_phone": "987 654 321",
        "authority_phone2": "",
        "authority_personal_email": "rosa.quispe@example.org",
        "authority_institutional_email": "alcaldia@example.gob.pe",
        "resp_names": "Luis Alberto",
        "resp_surnames": "Pérez Soto",
        "resp_dni": "41234567",
        "resp_phone": "912345678",
        "resp_email": "luis.perez@example.org",
        "resp_office": "OMAPED",
        "resp_position": "Jefe de la OMAPED",
        "resp_designation_date": "2026-01-15",
    })
}

async fn the_page_is_light_and_in_the_users_language(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = start_bot(&db, &tg).await;
    for (lang, words) in [
        (
            "es",
            [
                "Solicitud de acceso",
                "DNI del responsable",
                "Revisar y continuar",
            ],
        ),
        (
            "en",
            [
                "Access request",
                "The person responsible",
                "Check and continue",
            ],
        ),
    ] {
        let page = reqwest::get(format!("{}/webapp/form?lang={lang}", bot.http))
            .await
            .expect("page");
        assert_eq!(page.status(), 200);
        let csp = page.headers()["content-security-policy"]
            .to_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            csp.contains("script-src 'unsafe-inline' https://telegram.org;")
                && csp.contains("connect-src 'self'"),
            "{csp}"
        );
        let html = page.text().await.expect("html");
        eprintln!("{lang} page: {} bytes", html.len());
        assert!(html.len() <= 60 * 1024, "{} bytes", html.len());
        for w in words {
            assert!(html.contains(w), "{w} on the {lang} page");
        }
        // The authority's labels and section in each type's words: an entity's head
        // is its «titular», no elected authority.
        let (head, authority, section) = match lang {
            "es" => (
                "<span data-when=\"other\">Nombres del titular</span>",
                "<span data-when=\"local regional\">Nombres de la autoridad</span>",
                "data-types=\"other\" hidden>El titular de la entidad</h2>",
            ),
            _ => (
                "<span data-when=\"other\">Head&#x27;s names</span>",
                "<span data-when=\"local regional\">Authority&#x27;s names</span>",
                "data-types=\"other\" hidden>The head of the entity</h2>",
            ),
        };
        for w in [head, authority, section] {
            assert!(html.contains(w), "{w} on the {lang} page");
        }
        // The district list is named for screen readers (axe-core: a listbox needs
        // an accessible name), with the field's own label.
        let listbox = html
            .split("role=\"listbox\"")
            .nth(1)
            .and_then(|rest| rest.split('>').next())
            .unwrap_or_else(|| panic!("a district listbox on the {lang} page"));
        let named = listbox
            .split("aria-label=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .unwrap_or_default();
        assert!(!named.trim().is_empty(), "{listbox}");
        assert!(
            html.contains(&format!("<label for=\"district_q\">{named}</label>")),
            "the listbox is named as its field: {named}"
        );
        // The designation date stops at today; a DNI may be typed grouped.
        assert!(
            html.contains(r#"type="date" inputmode="text""#),
            "a date input"
        );
        assert!(
            html.contains(r#"max="2026-11-23""#),
            "the date picker stops at today"
        );
        assert!(
            html.contains(r#"pattern="[0-9 .]*""#),
            "a DNI as on the card"
        );
        // No framework, no other CDN than Telegram's own script.
        let scripts: Vec<&str> = html.split("<script").skip(1).collect();
        assert_eq!(scripts.len(), 2, "Telegram's script and the page's own");
        assert!(scripts[0].contains("https://telegram.org/js/telegram-web-app.js"));
        assert!(!html.contains("=>") && !html.contains("let ") && !html.contains("const "));
    }
    bot.stop().await;
}

async fn a_forged_or_stale_init_data_is_refused(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = start_bot(&db, &tg).await;
    let a = TgChat {
        tg: &tg,
        user: TgUser::new(7701, "Luis").with_language("es"),
    };
    open_registration(&a).await;
    let forged = init_data(&bot, &a.user, 10, "999:not-the-bot-token");
    let (status, body) = post(
        &bot,
        "/webapp/api/submit",
        json!({"init_data": forged, "answers": good_answers()}),
    )
    .await;
    assert_eq!(status, 403);
    assert!(
        body["message"].as_str().unwrap_or("").contains("Telegram"),
        "{body}"
    );
    let stale = init_data(&bot, &a.user, 2 * 3600, TOKEN);
    let (status, body) = post(&bot, "/webapp/api/start", json!({"init_data": stale})).await;
    assert_eq!(status, 401);
    assert!(
        body["message"].as_str().unwrap_or("").contains("venció"),
        "{body}"
    );
    // Someone else's user id with a valid signature: not registering, nothing stored.
    let other = TgUser::new(7799, "Otro");
    let theirs = init_data(&bot, &other, 10, TOKEN);
    let (status, _) = post(
        &bot,
        "/webapp/api/submit",
        json!({"init_data": theirs, "answers": good_answers()}),
    )
    .await;
    assert_eq!(status, 409);
    tg.wait_until_idle(a.user.chat_id()).await;
    assert!(
        !tg.messages_to(a.user.chat_id())
            .iter()
            .any(|m| m.text().contains("Revise sus datos")),
        "a refused form changes nothing"
    );
    bot.stop().await;
}

async fn errors_come_back_inline_and_a_good_form_lands_at_the_review_step(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = start_bot(&db, &tg).await;
    import_jne(&bot).await;
    let a = TgChat {
        tg: &tg,
        user: TgUser::new(7702, "Luis").with_language("es"),
    };
    open_registration(&a).await;
    let signed = init_data(&bot, &a.user, 10, TOKEN);
    let (status, body) = post(&bot, "/webapp/api/start", json!({"init_data": signed})).await;
    assert_eq!(status, 200);
    assert_eq!(body["values"]["access_type"], Value::Null);
    let (status, jne) = post(
        &bot,
        "/webapp/api/jne",
        json!({"init_data": signed, "district": "090103"}),
    )
    .await;
    assert_eq!(status, 200);
    let jne = jne["text"].as_str().unwrap_or("").to_owned();
    assert!(
        jne.contains("ROSA ELENA QUISPE HUAMAN (DNI ****3456)"),
        "{jne}"
    );
    let found: Value = reqwest::get(format!("{}/webapp/api/districts?q=acori", bot.http))
        .await
        .expect("search")
        .json()
        .await
        .expect("json");
    assert_eq!(found[0]["code"], "090103");

    let mut bad = good_answers();
    bad["resp_dni"] = json!("4123456");
    bad["resp_email"] = json!("luis@");
    bad["resp_position"] = json!("");
    let (status, body) = post(
        &bot,
        "/webapp/api/submit",
        json!({"init_data": signed, "answers": bad}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let errors = &body["errors"];
    assert!(
        errors["resp_dni"]
            .as_str()
            .unwrap_or("")
            .contains("8 dígitos"),
        "{body}"
    );
    assert!(
        errors["resp_email"]
            .as_str()
            .unwrap_or("")
            .contains("correo"),
        "{body}"
    );
    assert!(
        errors["resp_position"]
            .as_str()
            .unwrap_or("")
            .contains("necesario"),
        "{body}"
    );
    assert_eq!(errors.as_object().map(|o| o.len()), Some(3), "{body}");

    let (status, body) = post(
        &bot,
        "/webapp/api/submit",
        json!({"init_data": signed, "answers": good_answers()}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // The same signed initData again (a replay, with other answers) is refused:
    // one opening of the form, one form.
    let mut other = good_answers();
    other["resp_email"] = json!("otra.persona@example.org");
    let (status, again) = post(
        &bot,
        "/webapp/api/submit",
        json!({"init_data": signed, "answers": other}),
    )
    .await;
    assert_eq!(status, 409, "{again}");
    // A body that is not the form's JSON is refused in words, not serde's.
    let broken = reqwest::Client::new()
        .post(format!("{}/webapp/api/submit", bot.http))
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body("{\"init_data\": 42")
        .send()
        .await
        .expect("post");
    assert!(
        [400, 422].contains(&broken.status().as_u16()),
        "{}",
        broken.status()
    );
    let broken: Value = broken.json().await.expect("a JSON refusal");
    let message = broken["message"].as_str().unwrap_or("");
    assert!(message.contains("no son válidos"), "{broken}");
    for internal in ["EOF", "expected", "line 1", "Failed to"] {
        assert!(!message.contains(internal), "{internal}: {broken}");
    }
    assert!(
        again["message"]
            .as_str()
            .unwrap_or("")
            .contains("ya se envió"),
        "{again}"
    );
    let review = tg.wait_for(a.user.chat_id(), "Revise sus datos").await;
    let text = review.text();
    assert!(!text.contains("otra.persona"), "{text}");
    for line in [
        "Nombres de la autoridad: ROSA ELENA",
        // The JNE list's authority: its DNI masked to the applicant until filing.
        "DNI de la autoridad: ****3456",
        "Correo institucional: alcaldia@example.gob.pe",
        "Fecha de designación: 15/01/2026",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    a.taps("Enviar solicitud", "fue registrada").await;
    let doc = tg
        .wait_for(a.user.chat_id(), "Declaración de Confidencialidad")
        .await;
    assert_eq!(doc.method, "sendDocument");
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

async fn an_observed_request_is_corrected_in_a_form_with_just_the_observed_fields(
    backend: Backend,
) {
    use contigo_bot::domain::stage::{Action, Role, Stage};
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = start_bot(&db, &tg).await;
    let a = TgChat {
        tg: &tg,
        user: TgUser::new(7705, "Luis").with_language("es"),
    };
    a.says("/start", "¿Qué desea hacer?").await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        "7705",
    )
    .await;
    uploaded(&bot.app, row.id).await;
    let reason = bot.app.engine.locales.t("es", "obs-reason-responsible");
    apply(
        &bot.app,
        row.id,
        Stage::UacReview,
        Action::Observe {
            reason,
            code: Some(contigo_bot::domain::observation::ObservationReason::Responsible),
        },
        staff(Role::Uac),
    )
    .await
    .expect("observe");
    tg.wait_for(a.user.chat_id(), "fue observada").await;
    a.taps("Corregir datos", "Corrija primero lo observado")
        .await;
    let page = form_button(&tg, a.user.chat_id(), "Corrija primero lo observado").await;
    let only = "resp_names,resp_surnames,resp_dni,resp_phone,resp_email,resp_position";
    assert_eq!(page, format!("{PUBLIC}/webapp/form?lang=es&fields={only}"));
    let html = reqwest::get(format!("{}{}", bot.http, page.trim_start_matches(PUBLIC)))
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        html.contains("Corregir su solicitud"),
        "the correction's title"
    );
    assert!(html.contains(&format!("data-only=\"{}\"", only.replace(',', " "))));

    let signed = init_data(&bot, &a.user, 10, TOKEN);
    let (status, start) = post(&bot, "/webapp/api/start", json!({"init_data": signed})).await;
    assert_eq!(status, 200);
    let values = &start["values"];
    assert_eq!(values["resp_phone"], "912345678", "the stored data");
    // What the page sends: the access type it holds and the fields it shows.
    let answers = json!({
        "access_type": values["access_type"],
        "resp_names": values["resp_names"],
        "resp_surnames": values["resp_surnames"],
        "resp_dni": values["resp_dni"],
        "resp_phone": "923 456 789",
        "resp_email": values["resp_email"],
        "resp_position": "Jefe de la OMAPED",
    });
    let (status, body) = post(
        &bot,
        "/webapp/api/submit",
        json!({"init_data": signed, "answers": answers}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let review = tg.wait_for(a.user.chat_id(), "Revise sus datos").await;
    assert!(review.text().contains("Celular del responsable: 923456789"));
    // The DDC prints the responsible's mobile: a new one to sign, still observed.
    a.taps("Enviar solicitud", "aquí tiene la DDC nueva").await;
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let fixed = contigo_bot::store::requests::get(&mut conn, row.id)
        .await
        .expect("get")
        .expect("row");
    assert_eq!(fixed.stage, Stage::Observed);
    assert_eq!(
        fixed
            .data
            .resp_phone
            .as_ref()
            .map(|p| p.as_str().to_owned()),
        Some("923456789".to_owned())
    );
    assert_eq!(fixed.data.authority_dni, row.data.authority_dni);
    drop(conn);
    bot.stop().await;
}

async fn a_bound_ally_fills_the_fad_in_a_form(backend: Backend) {
    use crate::padron::IN_ACORIA;
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = start_bot(&db, &tg).await;
    let a = bound_ally(&db, &tg, &bot, 7706).await;
    let chat = a.user.chat_id();
    // Before the DNI is found there is no FAD to fill in.
    let signed = init_data(&bot, &a.user, 10, TOKEN);
    let (status, _) = post(
        &bot,
        "/webapp/api/ally/fad/start",
        json!({"init_data": signed}),
    )
    .await;
    assert_eq!(status, 409);
    a.taps("Actualizar datos (FAD)", "Escriba el DNI").await;
    a.says(IN_ACORIA, "nueva dirección").await;
    let page = form_button(&tg, chat, "nueva dirección").await;
    assert!(
        page.starts_with(&format!("{PUBLIC}/webapp/form?lang=es&kind=fad&for=")),
        "{page}"
    );
    let token = step_token(&page);
    let html = reqwest::get(format!("{}{}", bot.http, page.trim_start_matches(PUBLIC)))
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("Ficha de Actualización de Datos"));
    // Just the FAD's three fields, sent to the FAD's own address.
    assert!(
        html.contains("id=\"fad_phone\"")
            && html.contains("data-api=\"&#x2f;webapp&#x2f;api&#x2f;ally&#x2f;fad\"")
    );
    assert!(!html.contains("id=\"resp_dni\""));
    // Without the step's token (a page not opened from this step) it is refused.
    let (status, _) = post(
        &bot,
        "/webapp/api/ally/fad/start",
        json!({"init_data": signed}),
    )
    .await;
    assert_eq!(status, 409);
    let (status, _) = post(
        &bot,
        "/webapp/api/ally/fad/start",
        json!({"init_data": signed, "form": token}),
    )
    .await;
    assert_eq!(status, 200);
    let bad = json!({"fad_address": "Jr. Ficticio 123", "fad_reference": "x", "fad_phone": "12"});
    let (status, body) = post(
        &bot,
        "/webapp/api/ally/fad/submit",
        json!({"init_data": signed, "answers": bad, "form": token}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["errors"]["fad_phone"]
            .as_str()
            .unwrap_or("")
            .contains("9 dígitos")
    );
    assert!(
        body["errors"]["fad_reference"]
            .as_str()
            .unwrap_or("")
            .contains("2 y 120")
    );
    let good = json!({
        "fad_address": "Jr. Ficticio 123, Barrio Centro",
        "fad_reference": "Frente a la posta",
        "fad_phone": "987 000 111",
    });
    // The ally leaves that page open and starts the FAD of another person: the page
    // opened for the first one is refused now, and nothing is filed for the second.
    a.taps("Menú de consultas", "¿Qué desea ver?").await;
    a.taps("Actualizar datos (FAD)", "Escriba el DNI").await;
    a.says("91000001", "nueva dirección").await;
    let second = step_token(&form_button(&tg, chat, "nueva dirección").await);
    assert_ne!(second, token);
    let (status, body) = post(
        &bot,
        "/webapp/api/ally/fad/submit",
        json!({"init_data": signed, "answers": good, "form": token}),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body.to_string().contains("no se guardó nada"),
        "the page says why: {body}"
    );
    let (status, body) = post(
        &bot,
        "/webapp/api/ally/fad/submit",
        json!({"init_data": signed, "answers": good, "form": second}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let fad = tg
        .wait_for(chat, "Ficha de Actualización de Datos con el número")
        .await;
    assert!(fad.text().contains("FAD-"), "{}", fad.text());
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

async fn a_bound_ally_reports_an_alert_in_a_form(backend: Backend) {
    use crate::padron::IN_ACORIA;
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = start_bot(&db, &tg).await;
    let a = bound_ally(&db, &tg, &bot, 7708).await;
    let chat = a.user.chat_id();
    a.taps("Reportar alerta", "Escriba el DNI").await;
    a.says(IN_ACORIA, "¿Qué desea reportar?").await;
    let page = form_button(&tg, chat, "¿Qué desea reportar?").await;
    assert!(
        page.starts_with(&format!("{PUBLIC}/webapp/form?lang=es&kind=alert&for=")),
        "{page}"
    );
    let token = step_token(&page);
    let html = reqwest::get(format!("{}{}", bot.http, page.trim_start_matches(PUBLIC)))
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("Hospitalización") && html.contains("<textarea"));
    let signed = init_data(&bot, &a.user, 10, TOKEN);
    // The FAD's address is not this chat's form now.
    let (status, _) = post(
        &bot,
        "/webapp/api/ally/fad/start",
        json!({"init_data": signed, "form": token}),
    )
    .await;
    assert_eq!(status, 409);
    let bad = json!({"alert_kind": "otra_cosa", "alert_description": "x"});
    let (status, body) = post(
        &bot,
        "/webapp/api/ally/alert/submit",
        json!({"init_data": signed, "answers": bad, "form": token}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["errors"]["alert_kind"].is_string(), "{body}");
    assert!(
        body["errors"]["alert_description"]
            .as_str()
            .unwrap_or("")
            .contains("500"),
        "{body}"
    );
    let good = json!({
        "alert_kind": "hospitalizacion",
        "alert_description": "Internada en el hospital regional desde el 20/11/2026.",
    });
    let (status, body) = post(
        &bot,
        "/webapp/api/ally/alert/submit",
        json!({"init_data": signed, "answers": good, "form": token}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let alert = tg.wait_for(chat, "Recibimos su alerta").await;
    assert!(alert.text().contains("ALE-"), "{}", alert.text());
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

backends!(
    a_bound_ally_reports_an_alert_in_a_form,
    a_bound_ally_fills_the_fad_in_a_form,
    an_observed_request_is_corrected_in_a_form_with_just_the_observed_fields,
    the_page_is_light_and_in_the_users_language,
    a_forged_or_stale_init_data_is_refused,
    errors_come_back_inline_and_a_good_form_lands_at_the_review_step
);

/// Puts a stub of Telegram's `window.Telegram.WebApp` with this initData in the page.
async fn stub_telegram(chrome: &Chrome, init: &str) {
    let script = format!(
        "window.Telegram = {{ WebApp: {{ initData: {init:?}, ready: function () {{}}, \
         expand: function () {{}}, close: function () {{ window.closedByBot = true; }} }} }};"
    );
    chrome
        .client
        .execute(&script, vec![])
        .await
        .expect("stub Telegram");
}

/// Each state of the page fits the phone's screen and passes axe-core.
async fn passes_checks(chrome: &Chrome, state: &str) {
    assert_fits(chrome, state).await;
    assert_no_violations(chrome, state).await;
}

async fn fill(chrome: &Chrome, id: &str, value: &str) {
    let field = chrome.find(Locator::Id(id)).await;
    field.send_keys(value).await.expect("type");
}

async fn click(chrome: &Chrome, css: &str) {
    chrome
        .find(Locator::Css(css))
        .await
        .click()
        .await
        .expect("click");
}

/// The whole journey in a real browser: /start, «Solicitar acceso», the form filled
/// and sent, «Enviar solicitud»: five interactions, and the DDC arrives.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mini_app_in_a_browser_takes_five_interactions_to_the_ddc() {
    let db = TestDb::new(Backend::Sqlite).await;
    let tg = FakeTelegram::start().await;
    let bot = start_bot(&db, &tg).await;
    import_jne(&bot).await;
    let interactions = Cell::new(0);
    let a = TgChat {
        tg: &tg,
        user: TgUser::new(7703, "Luis").with_language("es"),
    };
    interactions.set(interactions.get() + 2);
    let page = open_registration(&a).await;
    // The button opens the page; Telegram hands it the signed initData.
    interactions.set(interactions.get() + 1);
    let chrome = Chrome::phone().await;
    let path = page.trim_start_matches(PUBLIC);
    chrome.goto(&format!("{}{path}", bot.http)).await;
    stub_telegram(&chrome, &init_data(&bot, &a.user, 5, TOKEN)).await;
    chrome.wait_text("Tipo de acceso").await;
    passes_checks(&chrome, "the form as it opens").await;
    click(&chrome, "input[name=access_type][value=local]").await;
    passes_checks(&chrome, "the form of a Gobierno Local").await;
    fill(&chrome, "district_q", "Acori").await;
    chrome.find(Locator::Css("#district_list button")).await;
    passes_checks(&chrome, "the district list").await;
    click(&chrome, "#district_list button").await;
    chrome.wait_text("ROSA ELENA QUISPE HUAMAN").await;
    passes_checks(&chrome, "the JNE's authority").await;
    click(&chrome, "#jne_yes").await;
    fill(&chrome, "jne_credential", "0123-2026-JNE").await;
    fill(&chrome, "authority_phone", "987654321").await;
    fill(
        &chrome,
        "authority_personal_email",
        "rosa.quispe@example.org",
    )
    .await;
    fill(&chrome, "resp_names", "Luis Alberto").await;
    fill(&chrome, "resp_surnames", "Pérez Soto").await;
    fill(&chrome, "resp_dni", "4123456").await;
    fill(&chrome, "resp_phone", "912345678").await;
    fill(&chrome, "resp_email", "luis.perez@example.org").await;
    fill(&chrome, "resp_position", "Jefe de la OMAPED").await;
    // A date input takes the digits of the user's locale (mm/dd/yyyy here).
    fill(&chrome, "resp_designation_date", "01152026").await;
    let office: String = chrome
        .find(Locator::Id("resp_office"))
        .await
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default();
    assert_eq!(office, "OMAPED", "filled in from the access type");
    chrome
        .client
        .execute("window.scrollTo(0, 0)", vec![])
        .await
        .expect("scroll");
    chrome.screenshot("docs/screenshots/miniapp-form.png").await;

    // A wrong DNI: the same parser's message under the field; nothing sent yet.
    interactions.set(interactions.get() + 1);
    click(&chrome, "#send").await;
    chrome.wait_text("8 dígitos").await;
    passes_checks(&chrome, "the form with an error").await;
    chrome
        .screenshot("docs/screenshots/miniapp-error.png")
        .await;
    let dni = chrome.find(Locator::Id("resp_dni")).await;
    dni.clear().await.expect("clear");
    dni.send_keys("41234567").await.expect("type");
    click(&chrome, "#send").await;
    chrome.wait_text("Vuelva al chat").await;
    passes_checks(&chrome, "the form sent").await;
    chrome.close().await;

    let review = tg.wait_for(a.user.chat_id(), "Revise sus datos").await;
    assert!(
        review
            .text()
            .contains("Apellidos de la autoridad: QUISPE HUAMAN")
    );
    assert!(review.text().contains("DNI del responsable: 41234567"));
    interactions.set(interactions.get() + 1);
    a.taps("Enviar solicitud", "fue registrada").await;
    tg.wait_for(a.user.chat_id(), "Declaración de Confidencialidad")
        .await;
    // The corrected DNI is the same interaction with the page: at most five in all.
    assert!(
        interactions.get() <= 5,
        "{} interactions",
        interactions.get()
    );
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

/// An Otro Aliado's head is no elected authority: once «Otro Aliado» is chosen the
/// page names them «titular» (section and labels), and «autoridad» comes back with
/// a Gobierno Local; each state passes axe-core.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_names_an_entitys_head_its_titular() {
    let db = TestDb::new(Backend::Sqlite).await;
    let tg = FakeTelegram::start().await;
    let bot = start_bot(&db, &tg).await;
    let a = TgChat {
        tg: &tg,
        user: TgUser::new(7708, "Elsa").with_language("es"),
    };
    let page = open_registration(&a).await;
    let chrome = Chrome::phone().await;
    chrome
        .goto(&format!("{}{}", bot.http, page.trim_start_matches(PUBLIC)))
        .await;
    stub_telegram(&chrome, &init_data(&bot, &a.user, 5, TOKEN)).await;
    chrome.wait_text("Tipo de acceso").await;
    click(&chrome, "input[name=access_type][value=other]").await;
    chrome.wait_text("El titular de la entidad").await;
    let other = chrome.text().await;
    for words in [
        "Nombres del titular",
        "Apellidos del titular",
        "DNI del titular",
    ] {
        assert!(other.contains(words), "{words} in:\n{other}");
    }
    assert!(!other.contains("autoridad"), "{other}");
    passes_checks(&chrome, "the form of an Otro Aliado").await;
    if std::env::var_os("CONTIGO_SCREENSHOTS").is_some() {
        chrome
            .full_page_screenshot("docs/screenshots/miniapp-other.png")
            .await;
    }
    click(&chrome, "input[name=access_type][value=local]").await;
    chrome.wait_text("Nombres de la autoridad").await;
    let local = chrome.text().await;
    assert!(!local.contains("titular"), "{local}");
    chrome.close().await;
    bot.stop().await;
}

/// A page opened outside Telegram, or with a forged signature, says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browser_shows_why_a_forged_form_is_refused() {
    let db = TestDb::new(Backend::Sqlite).await;
    let tg = FakeTelegram::start().await;
    let bot = start_bot(&db, &tg).await;
    let a = TgChat {
        tg: &tg,
        user: TgUser::new(7704, "Luis").with_language("es"),
    };
    open_registration(&a).await;
    let chrome = Chrome::phone().await;
    chrome
        .goto(&format!("{}/webapp/form?lang=es", bot.http))
        .await;
    stub_telegram(&chrome, &init_data(&bot, &a.user, 5, "999:forged")).await;
    chrome.wait_text("No pudimos comprobar").await;
    passes_checks(&chrome, "the form refused").await;
    chrome.close().await;
    bot.stop().await;
}

/// The FAD's page in a real browser: only its three fields, an error under the
/// phone, then the FAD filed in the chat.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fad_form_in_a_browser() {
    use crate::padron::IN_ACORIA;
    let db = TestDb::new(Backend::Sqlite).await;
    let tg = FakeTelegram::start().await;
    let bot = start_bot(&db, &tg).await;
    let a = bound_ally(&db, &tg, &bot, 7707).await;
    let chat = a.user.chat_id();
    a.taps("Actualizar datos (FAD)", "Escriba el DNI").await;
    a.says(IN_ACORIA, "nueva dirección").await;
    let page = form_button(&tg, chat, "nueva dirección").await;

    let chrome = Chrome::phone().await;
    chrome
        .goto(&format!("{}{}", bot.http, page.trim_start_matches(PUBLIC)))
        .await;
    stub_telegram(&chrome, &init_data(&bot, &a.user, 5, TOKEN)).await;
    chrome.wait_text("Nueva dirección").await;
    passes_checks(&chrome, "the FAD's form").await;
    let text = chrome.text().await;
    assert!(!text.contains("Tipo de acceso"), "{text}");
    fill(&chrome, "fad_address", "Jr. Ficticio 123, Barrio Centro").await;
    fill(&chrome, "fad_reference", "Frente a la posta").await;
    fill(&chrome, "fad_phone", "12").await;
    click(&chrome, "#send").await;
    chrome.wait_text("celular de 9 dígitos").await;
    passes_checks(&chrome, "the FAD's form with an error").await;
    let phone = chrome.find(Locator::Id("fad_phone")).await;
    phone.clear().await.expect("clear");
    phone.send_keys("987000111").await.expect("type");
    click(&chrome, "#send").await;
    chrome.wait_text("número de su FAD").await;
    passes_checks(&chrome, "the FAD's form sent").await;
    chrome.close().await;
    let fad = tg
        .wait_for(chat, "Ficha de Actualización de Datos con el número")
        .await;
    assert!(fad.text().contains("FAD-"), "{}", fad.text());
    bot.stop().await;
}

/// The question's list numbers its buttons; a number that picks «Llenar formulario»
/// says to tap it (the page opens only so) and asks the same question again,
/// changing nothing.
async fn a_typed_number_for_the_form_button_says_to_tap_it(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = start_bot(&db, &tg).await;
    let a = TgChat {
        tg: &tg,
        user: TgUser::new(7705, "Nora"),
    };
    open_registration(&a).await;
    let asked = tg.wait_for(a.user.chat_id(), "tipo de acceso").await;
    let position = asked
        .buttons
        .iter()
        .flatten()
        .position(|b| b.web_app.is_some())
        .expect("the form button")
        + 1;
    let said = a.says(&position.to_string(), "se abre solo tocando").await;
    assert!(said.contains("«📝 Llenar formulario»"), "{said}");
    assert!(!said.contains("ya no está vigente"), "{said}");
    // The same question again, with its button; the access type still to choose.
    let page = form_button(&tg, a.user.chat_id(), "tipo de acceso").await;
    assert_eq!(page, format!("{PUBLIC}/webapp/form?lang=es"));
    a.taps("Gobierno Local", "distrito").await;
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

backends!(a_typed_number_for_the_form_button_says_to_tap_it);
