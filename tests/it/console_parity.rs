//! The chat and the console are two doors to the same review service: every stage
//! action done in the console (observe, conforme, favourable, unfavourable,
//! authorise, account created, reject; on an access: suspend, restore, revoke,
//! confirm or decline the revocation, ask for a new DDC) writes the same notices to
//! the applicant's chat and the same e-mail copies as the same action done in the
//! chat, and the copies reach the local SMTP server.

use contigo_bot::store::requests;
use sqlx::Row;

use crate::backends;
use crate::console::{PUBLIC_URL, logged_in, login_link, staff_member, uploaded};
use crate::padron::{says, taps};
use crate::support::browser::Browser;
use crate::support::engine::text_of;
use crate::support::smtp::FakeSmtp;
use crate::support::telegram::{FakeTelegram, TgUser};
use crate::support::{Backend, Running, TestDb, monday_morning, settings};
use contigo_bot::domain::stage::Role;

/// What a reviewer adds after choosing the action in the chat.
enum Then<'a> {
    Nothing,
    Tap(&'a str, &'a str),
    Write(&'a str, &'a str),
}

/// One stage action in the reviewer's chat: the queue, the request, the button.
async fn in_chat(tg: &FakeTelegram, member: &TgUser, code: &str, button: &str, then: Then<'_>) {
    tg.send_text(member, "/bandeja");
    tg.wait_for(member.chat_id(), "Bandeja (").await;
    tg.press_button(member, code);
    tg.wait_for(member.chat_id(), "¿Qué decide?").await;
    tg.press_button(member, button);
    match then {
        Then::Nothing => {}
        Then::Tap(asked, label) => {
            tg.wait_for(member.chat_id(), asked).await;
            tg.press_button(member, label);
        }
        Then::Write(asked, text) => {
            tg.wait_for(member.chat_id(), asked).await;
            tg.send_text(member, text);
        }
    }
    tg.wait_for(member.chat_id(), &format!("Listo: {code}"))
        .await;
}

/// The same action in the console: the request's page, its form, «Listo».
async fn in_console(browser: &mut Browser, id: i64, stage: &str, fields: &[(&str, &str)]) {
    let done = browser.act_on_request(id, stage, fields).await;
    let done = browser.follow(&done).await;
    assert!(done.body.contains("Listo:"), "{}", done.body);
}

/// Everything written for a request since `after`: the applicant's chat notices and
/// the e-mail copies, with the request's own code and place written generically so
/// two requests' notices compare.
async fn notices(bot: &Running, id: i64, applicant: &TgUser, after: i64) -> Vec<String> {
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let row = requests::get(&mut conn, id)
        .await
        .expect("get")
        .expect("row");
    let rows =
        sqlx::query("SELECT channel, chat_id, payload FROM outbox WHERE id > $1 ORDER BY id")
            .bind(after)
            .fetch_all(&mut *conn)
            .await
            .expect("outbox");
    let applicant_chat = applicant.id.to_string();
    rows.into_iter()
        .filter_map(|r| {
            let channel: String = r.try_get("channel").expect("channel");
            let chat: String = r.try_get("chat_id").expect("chat");
            let payload: String = r.try_get("payload").expect("payload");
            let message: contigo_bot::message::Outbound =
                serde_json::from_str(&payload).expect("an Outbound");
            let text = message.text().to_owned();
            let to = if channel == "email" && text.contains(&row.code) {
                format!("email {chat}")
            } else if channel == "telegram" && chat == applicant_chat {
                "applicant".to_owned()
            } else {
                return None;
            };
            let text = text
                .replace(&row.code, "CODE")
                .replace(&row.jurisdiction_label(), "PLACE");
            Some(format!("{to}: {text}"))
        })
        .collect()
}

async fn last_outbox_id(bot: &Running) -> i64 {
    sqlx::query("SELECT COALESCE(MAX(id), 0) AS n FROM outbox")
        .fetch_one(&bot.app.store.pool)
        .await
        .expect("max")
        .try_get("n")
        .expect("n")
}

/// The bot with the console's public address and e-mail copies sent to a local
/// SMTP server.
async fn start(backend: Backend) -> (TestDb, FakeTelegram, FakeSmtp, Running) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let smtp = FakeSmtp::start().await;
    let mut s = settings(&db, Some(&tg.api_url()));
    s.http.public_url = PUBLIC_URL.to_owned();
    smtp.send_from(&mut s);
    // These tests write some thirty copies in a few seconds; at the default pace of
    // two a second the last ones reached the server after the tests' wait on a loaded
    // CI machine. What they check is which copies arrive, not the pace.
    s.email.max_per_second = 25;
    // The same for the chats: each of ten uploads tells three reviewers, so a
    // reviewer's login link waited behind some thirty notices in the chats' line at
    // Telegram's 28 a second, past `wait_for`'s ten seconds on a loaded machine.
    s.telegram.max_per_second = 1_000;
    let bot = Running::start(s, monday_morning()).await;
    (db, tg, smtp, bot)
}

async fn every_console_action_notifies_as_the_chat_does(backend: Backend) {
    let (_db, tg, smtp, bot) = start(backend).await;
    let uac = TgUser::new(9301, "Ana");
    let uaj = TgUser::new(9302, "Beto");
    let de = TgUser::new(9303, "Carla");
    let uti = TgUser::new(9304, "Dario");
    for (user, role) in [
        (&uac, Role::Uac),
        (&uaj, Role::Uaj),
        (&de, Role::De),
        (&uti, Role::Uti),
    ] {
        staff_member(&bot, &tg, user, role).await;
    }
    // Three requests for each door: observed, approved all the way, rejected.
    let applicants: Vec<TgUser> = (0..6)
        .map(|i| TgUser::new(8301 + i, &format!("Aliado {i}")))
        .collect();
    let places = ["090101", "150101", "080101", "040101", "010101", "020101"];
    let mut ids = vec![];
    for (user, place) in applicants.iter().zip(places) {
        ids.push(uploaded(&bot, &tg, user, place).await);
    }
    let code = |id: i64| format!("CTG-2026-{id:06}");
    let start = last_outbox_id(&bot).await;

    // The chat's door.
    let (observed, approved, rejected) = (ids[0], ids[1], ids[2]);
    let reason = "La DDC no tiene firma o sello";
    in_chat(
        &tg,
        &uac,
        &code(observed),
        "Observar",
        Then::Tap("¿Qué debe corregir", reason),
    )
    .await;
    in_chat(&tg, &uac, &code(approved), "Conforme", Then::Nothing).await;
    in_chat(
        &tg,
        &uaj,
        &code(approved),
        "Favorable",
        Then::Tap("opinión favorable", "Sin nota"),
    )
    .await;
    in_chat(&tg, &de, &code(approved), "Autorizar", Then::Nothing).await;
    in_chat(&tg, &uti, &code(approved), "Cuenta creada", Then::Nothing).await;
    let why = "La entidad no es un gobierno local";
    in_chat(
        &tg,
        &uac,
        &code(rejected),
        "Rechazar",
        Then::Write("motivo del rechazo", why),
    )
    .await;

    // The console's door, the same actions on the other three.
    let (c_observed, c_approved, c_rejected) = (ids[3], ids[4], ids[5]);
    let mut browsers = vec![];
    for user in [&uac, &uaj, &de, &uti] {
        let token = login_link(&tg, user).await;
        browsers.push(logged_in(&bot, &token).await);
    }
    let [ana, beto, carla, dario] = &mut browsers[..] else {
        panic!("four browsers");
    };
    let observe = [("action", "observe"), ("reason", "unsigned"), ("note", "")];
    in_console(ana, c_observed, "uac_review", &observe).await;
    in_console(ana, c_approved, "uac_review", &[("action", "conforme")]).await;
    let favourable = [("action", "favourable"), ("note", "")];
    in_console(beto, c_approved, "legal_review", &favourable).await;
    let authorise = [("action", "authorise")];
    in_console(carla, c_approved, "director_authorization", &authorise).await;
    let created = [("action", "created")];
    in_console(dario, c_approved, "account_creation", &created).await;
    let reject = [("action", "reject"), ("note", why)];
    in_console(ana, c_rejected, "uac_review", &reject).await;

    for (chat, console, what) in [(0, 3, "observed"), (1, 4, "approved"), (2, 5, "rejected")] {
        let by_chat = notices(&bot, ids[chat], &applicants[chat], start).await;
        let by_console = notices(&bot, ids[console], &applicants[console], start).await;
        assert!(
            by_chat.iter().any(|n| n.starts_with("applicant:"))
                && by_chat.iter().any(|n| n.starts_with("email ")),
            "{what}: the chat's door told the applicant and wrote copies: {by_chat:#?}"
        );
        assert_eq!(
            by_console, by_chat,
            "{what}: the console's door, as the chat's"
        );
    }
    // The console's copies reach the mail server.
    for subject in [
        format!("{} observada", code(c_observed)),
        format!("Acceso aprobado: solicitud {}", code(c_approved)),
        format!("Solicitud {} rechazada", code(c_rejected)),
    ] {
        smtp.wait_for("luis@example.org", &subject).await;
    }
    bot.stop().await;
}

backends!(every_console_action_notifies_as_the_chat_does);

/// One action in a reviewer's chat, by its buttons: the request opened, the action,
/// then a listed reason (`rs:0`) or a typed note; the chat says it is done.
async fn by_buttons(bot: &Running, member: &TgUser, id: i64, act: &str, then: Then<'_>) {
    let chat = crate::support::engine::telegram(&member.id.to_string());
    let app = &bot.app;
    taps(app, &chat, &format!("rv:{id}")).await;
    let mut done = text_of(&taps(app, &chat, &format!("ac:{act}")).await);
    match then {
        Then::Nothing => {}
        Then::Tap(_, reason) => done = text_of(&taps(app, &chat, reason).await),
        Then::Write(_, note) => done = says(app, &chat, note).await,
    }
    assert!(done.contains("Listo"), "{act}: {done}");
}

/// The powers over an access and the legal review's unfavourable opinion, each on
/// two requests: one by the reviewer's chat, one by the console; the applicant's
/// notices and the e-mail copies are the same, and the console's copies reach the
/// mail server.
async fn every_console_power_notifies_as_the_chat_does(backend: Backend) {
    use crate::support::review::{approve_after_uac, conforme, stage_of};
    use contigo_bot::domain::stage::Stage;
    let (_db, tg, smtp, bot) = start(backend).await;
    let (uac, uaj, de) = (
        TgUser::new(9311, "Ana"),
        TgUser::new(9312, "Beto"),
        TgUser::new(9313, "Carla"),
    );
    for (user, role) in [(&uac, Role::Uac), (&uaj, Role::Uaj), (&de, Role::De)] {
        staff_member(&bot, &tg, user, role).await;
    }
    let places = [
        "010101", "020101", "030101", "040101", "050101", "060101", "070101", "080101", "090101",
        "100101",
    ];
    let applicants: Vec<TgUser> = (0..places.len() as i64)
        .map(|i| TgUser::new(8401 + i, &format!("Aliado {i}")))
        .collect();
    let mut ids = vec![];
    for (user, place) in applicants.iter().zip(places) {
        ids.push(uploaded(&bot, &tg, user, place).await);
    }
    // Eight active accesses; the last two at the legal review.
    for &id in &ids[..8] {
        approve_after_uac(&bot.app, id).await;
    }
    for &id in &ids[8..] {
        conforme(&bot.app, id).await;
    }
    let start = last_outbox_id(&bot).await;
    let why = "Pedido de la nueva gestión municipal";

    // The chat's door: requests 0, 2, 4, 6, 8.
    let listed = Then::Tap("", "rs:0");
    by_buttons(&bot, &uac, ids[0], "suspend", listed).await;
    by_buttons(&bot, &uac, ids[0], "restore", Then::Nothing).await;
    by_buttons(&bot, &uac, ids[2], "revoke", Then::Tap("", "rs:0")).await;
    by_buttons(&bot, &de, ids[2], "confirm_revocation", Then::Nothing).await;
    by_buttons(&bot, &uac, ids[4], "revoke", Then::Write("", why)).await;
    by_buttons(
        &bot,
        &de,
        ids[4],
        "decline_revocation",
        Then::Write("", why),
    )
    .await;
    by_buttons(&bot, &uac, ids[6], "ask_new_ddc", Then::Write("", why)).await;
    by_buttons(&bot, &uaj, ids[8], "unfavourable", Then::Write("", why)).await;

    // The console's door: requests 1, 3, 5, 7, 9.
    let mut browsers = vec![];
    for user in [&uac, &uaj, &de] {
        let token = login_link(&tg, user).await;
        browsers.push(logged_in(&bot, &token).await);
    }
    let [ana, beto, carla] = &mut browsers[..] else {
        panic!("three browsers");
    };
    let misuse = [
        ("action", "suspend"),
        ("reason", "susp-reason-misuse"),
        ("note", ""),
    ];
    in_console(ana, ids[1], "active", &misuse).await;
    in_console(ana, ids[1], "suspended", &[("action", "restore")]).await;
    let revoke = [
        ("action", "revoke"),
        ("reason", "susp-reason-misuse"),
        ("note", ""),
    ];
    in_console(ana, ids[3], "active", &revoke).await;
    let confirm = [("action", "confirm_revocation")];
    in_console(carla, ids[3], "revocation_review", &confirm).await;
    in_console(
        ana,
        ids[5],
        "active",
        &[("action", "revoke"), ("note", why)],
    )
    .await;
    let decline = [("action", "decline_revocation"), ("note", why)];
    in_console(carla, ids[5], "revocation_review", &decline).await;
    in_console(
        ana,
        ids[7],
        "active",
        &[("action", "ask_new_ddc"), ("note", why)],
    )
    .await;
    let unfavourable = [("action", "unfavourable"), ("note", why)];
    in_console(beto, ids[9], "legal_review", &unfavourable).await;

    let pairs = [
        (0, "suspended and restored", Stage::Active),
        (2, "revoked", Stage::Revoked),
        (4, "revocation declined", Stage::Suspended),
        (6, "new DDC asked", Stage::Active),
        (8, "unfavourable", Stage::Rejected),
    ];
    for (chat, what, stage) in pairs {
        let console = chat + 1;
        assert_eq!(stage_of(&bot.app, ids[chat]).await, stage, "{what}");
        assert_eq!(stage_of(&bot.app, ids[console]).await, stage, "{what}");
        let by_chat = notices(&bot, ids[chat], &applicants[chat], start).await;
        let by_console = notices(&bot, ids[console], &applicants[console], start).await;
        assert!(
            by_chat.iter().any(|n| n.starts_with("applicant:"))
                && by_chat.iter().any(|n| n.starts_with("email ")),
            "{what}: the chat's door told the applicant and wrote copies: {by_chat:#?}"
        );
        assert_eq!(
            by_console, by_chat,
            "{what}: the console's door, as the chat's"
        );
    }
    // The console's copies of the powers reach the mail server.
    let code = |id: i64| format!("CTG-2026-{id:06}");
    for (id, subject) in [
        (ids[1], "Acceso suspendido"),
        (ids[1], "Acceso restablecido"),
        (ids[3], "Acceso revocado"),
        (ids[7], "Se pide una nueva DDC firmada"),
    ] {
        let code = code(id);
        let arrived = || {
            smtp.mails().iter().any(|m| {
                let said = m.subject_text();
                m.to.iter().any(|t| t == "luis@example.org")
                    && said.contains(subject)
                    && said.contains(&code)
            })
        };
        for _ in 0..200 {
            if arrived() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(arrived(), "no «{subject}» for {code}");
    }
    bot.stop().await;
}

backends!(every_console_power_notifies_as_the_chat_does);
