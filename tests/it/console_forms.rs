//! The console's forms over real HTTP: every POST, an input error included, is
//! answered with a redirect (Post/Redirect/Get) and the message shows on the page it
//! leads to, once; a reload then repeats nothing; a form token lives a day, so a
//! spent one older than that can no longer be replayed and its row is pruned.

use contigo_bot::domain::stage::{Role, Stage};
use contigo_bot::store::{console, ctvc};
use reqwest::StatusCode;

use crate::backends;
use crate::console::{PUBLIC_URL, logged_in, login_link, setup, staff_member, uploaded};
use crate::support::browser::hidden;
use crate::support::review::stage_of;
use crate::support::telegram::{FakeTelegram, TgUser};
use crate::support::{Backend, Running, TestDb, monday_morning, settings};

async fn an_input_error_is_a_redirect_and_a_reload_repeats_nothing(backend: Backend) {
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let uac = TgUser::new(9711, "Ana");
    staff_member(&bot, &tg, &uac, Role::Uac).await;
    let id = uploaded(&bot, &tg, &TgUser::new(8711, "Luis"), "090101").await;
    let mut ana = logged_in(&bot, &login_link(&tg, &uac).await).await;
    let here = format!("/console/requests/{id}");
    let page = ana.get(&here).await;
    let csrf = hidden(&page.body, "csrf");

    // «Observar» with neither a listed reason nor a note: nothing happens, and the
    // answer is a redirect to the request's page, not a page of its own.
    let observe = [
        ("csrf", csrf.as_str()),
        ("stage", "uac_review"),
        ("action", "observe"),
        ("reason", ""),
        ("note", ""),
    ];
    let refused = ana.post(&format!("{here}/act"), &observe).await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER, "{}", refused.body);
    assert_eq!(refused.location.as_deref(), Some(here.as_str()));
    // The message shows after the redirect.
    let shown = ana.follow(&refused).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(
        shown.body.contains("Falta el motivo"),
        "the refusal's message: {}",
        shown.body
    );
    assert_eq!(stage_of(&bot.app, id).await, Stage::UacReview);
    // A reload of that page is a GET: the message is not shown again and nothing is
    // sent again.
    let reloaded = ana.get(&here).await;
    assert_eq!(reloaded.status, StatusCode::OK);
    assert!(
        !reloaded.body.contains("Falta el motivo"),
        "{}",
        reloaded.body
    );
    assert_eq!(stage_of(&bot.app, id).await, Stage::UacReview);

    // A stage or an action the console does not offer (a page from an older
    // version): back to the page with what happened, nothing done.
    let odd = ana
        .post(
            &format!("{here}/act"),
            &[
                ("csrf", csrf.as_str()),
                ("stage", "uac_review"),
                ("action", "approve_everything"),
            ],
        )
        .await;
    assert_eq!(odd.status, StatusCode::SEE_OTHER, "{}", odd.body);
    let odd = ana.follow(&odd).await;
    assert!(
        odd.body.contains("Ese formulario ya no corresponde"),
        "{}",
        odd.body
    );
    assert_eq!(stage_of(&bot.app, id).await, Stage::UacReview);
    bot.stop().await;
}

/// A console whose sessions last longer than a day (the idle time is a setting), so
/// a page can be older than its form token.
async fn long_sessions(backend: Backend) -> (TestDb, FakeTelegram, Running) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let mut s = settings(&db, Some(&tg.api_url()));
    s.http.public_url = PUBLIC_URL.to_owned();
    s.http.console_idle_minutes = 3 * 24 * 60;
    let bot = Running::start(s, monday_morning()).await;
    (db, tg, bot)
}

async fn spent_forms(bot: &Running) -> i64 {
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    console::spent_forms(&mut conn).await.expect("count")
}

async fn cases(bot: &Running) -> usize {
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    ctvc::list(&mut conn).await.expect("cases").len()
}

async fn spent_form_tokens_are_pruned_and_old_ones_refused(backend: Backend) {
    let (_db, tg, bot) = long_sessions(backend).await;
    let uac = TgUser::new(9721, "Ana");
    staff_member(&bot, &tg, &uac, Role::Uac).await;
    let mut ana = logged_in(&bot, &login_link(&tg, &uac).await).await;
    let page = ana.get("/console/ctvc").await;
    let csrf = hidden(&page.body, "csrf");
    let first_token = hidden(&page.body, "once");
    let case = |n: &'static str| {
        [
            ("caso", n),
            ("oficio", "045-2026-CTVC-HVCA"),
            ("fecha", "2026-11-20"),
            ("ubigeo", "090101"),
            ("puntos", "La OMAPED no recibió capacitación."),
        ]
    };
    let form = |n: &'static str, once: &str| {
        let mut f: Vec<(&str, String)> = vec![("csrf", csrf.clone()), ("once", once.to_owned())];
        f.extend(case(n).iter().map(|(k, v)| (*k, (*v).to_owned())));
        f
    };

    // A case registered: its form token is spent and kept.
    let f = form("1", &first_token);
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let done = ana.post("/console/ctvc", &fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let after = ana.follow(&done).await;
    assert_eq!(spent_forms(&bot).await, 1);
    assert_eq!(cases(&bot).await, 1);
    let page_token = hidden(&after.body, "once");

    // The same form sent again at once (a double click, a reload) registers nothing
    // and comes back with what happened (on SQLite the spent-token check held the
    // writer while the answer's banner asked for it: the pool timed out, a 500).
    let f = form("1", &first_token);
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let again = ana.post("/console/ctvc", &fields).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    let again = ana.follow(&again).await;
    assert!(again.body.contains("ya se había enviado"), "{}", again.body);
    assert_eq!(cases(&bot).await, 1);
    assert_eq!(spent_forms(&bot).await, 1);

    // A day and more later, a form from a page opened before is not taken: back to
    // the page, fresh, with what happened; nothing registered.
    bot.app.clock.advance(chrono::Duration::hours(25));
    let f = form("2", &page_token);
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let stale = ana.post("/console/ctvc", &fields).await;
    assert_eq!(stale.status, StatusCode::SEE_OTHER, "{}", stale.body);
    let stale = ana.follow(&stale).await;
    assert!(
        stale.body.contains("estuvo abierta más de un día"),
        "{}",
        stale.body
    );
    assert_eq!(cases(&bot).await, 1);

    // The same case from a fresh page goes through; the token spent a day ago is
    // pruned with it: the table holds the new one only.
    let fresh = hidden(&stale.body, "once");
    let f = form("2", &fresh);
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let done = ana.post("/console/ctvc", &fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(cases(&bot).await, 2);
    assert_eq!(spent_forms(&bot).await, 1, "the day-old token was pruned");

    // Its row gone, the first token still changes nothing: it is too old to be
    // taken at all.
    let f = form("3", &first_token);
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let replay = ana.post("/console/ctvc", &fields).await;
    assert_eq!(replay.status, StatusCode::SEE_OTHER, "{}", replay.body);
    assert_eq!(cases(&bot).await, 2);
    assert_eq!(spent_forms(&bot).await, 1);
    bot.stop().await;
}

backends!(
    an_input_error_is_a_redirect_and_a_reload_repeats_nothing,
    spent_form_tokens_are_pruned_and_old_ones_refused
);
