//! The review workflow as the tests drive it: a stage action through the workflow
//! (notices included), a request taken from the signed DDC to an active access, an
//! applicant's chat with a request waiting for its DDC.

use contigo_bot::app::App;
use contigo_bot::domain::calendar::lima_date;
use contigo_bot::domain::stage::{Action, Actor, Role, Stage};
use contigo_bot::services::requests::{Workflow, WorkflowError};
use contigo_bot::store::requests::{self, RequestRow};

use super::telegram::{FakeTelegram, TgChat, TgUser};
use super::{
    Backend, Running, TestDb, local_request_data, monday_morning, settings, submitted_request,
};

/// `actor` takes `action` on request `id` seen at `from`, through the workflow; its
/// notices written in the same transaction by the app's one notifier, as every front
/// door does (chat notices, and e-mail copies when the settings have `[email]`).
pub async fn apply(
    app: &App,
    id: i64,
    from: Stage,
    action: Action,
    actor: Actor,
) -> Result<RequestRow, WorkflowError> {
    let e = &app.engine;
    let wf = Workflow {
        settings: &e.settings,
        calendar: &e.calendar,
        today: lima_date(app.clock.now()),
    };
    let mut tx = app.store.begin().await.expect("tx");
    let r = wf
        .apply(
            &mut tx,
            id,
            from,
            &action,
            &actor,
            "test",
            None,
            app.clock.unix(),
        )
        .await;
    let r = match r {
        Ok((moved, events)) => {
            app.notifier.send(&mut tx, events).await.expect("notify");
            Ok(moved)
        }
        Err(e) => Err(e),
    };
    tx.commit().await.expect("commit");
    r
}

/// A staff member with one role, as the workflow sees them.
pub fn staff(role: Role) -> Actor {
    Actor::Staff { roles: vec![role] }
}

/// The request's stage now.
pub async fn stage_of(app: &App, id: i64) -> Stage {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    requests::get(&mut conn, id)
        .await
        .expect("get")
        .expect("row")
        .stage
}

/// Starts the bot, with the applicant's and staff chats known to the fake.
pub async fn setup(backend: Backend) -> (TestDb, FakeTelegram, Running) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    (db, tg, bot)
}

/// `/start` from `user`, until the bot answers with `expect`.
pub async fn hello(tg: &FakeTelegram, user: &TgUser, expect: &str) {
    tg.send_text(user, "/start");
    tg.wait_for(user.chat_id(), expect).await;
}

/// From the signed DDC received to an active access, each unit in turn.
pub async fn activate(app: &App, id: i64) {
    uploaded(app, id).await;
    approve_after_uac(app, id).await;
}

/// The request taken to UAC as if the applicant had sent the signed DDC.
pub async fn uploaded(app: &App, id: i64) {
    apply(
        app,
        id,
        Stage::AwaitingDdc,
        Action::UploadDdc,
        Actor::Applicant,
    )
    .await
    .expect("upload");
}

/// From UAC review to an active access.
pub async fn approve_after_uac(app: &App, id: i64) {
    let steps = [
        (Stage::UacReview, Action::Conforme, staff(Role::Uac)),
        (Stage::LegalReview, Action::Favourable, staff(Role::Uaj)),
        (
            Stage::DirectorAuthorization,
            Action::Authorise,
            staff(Role::De),
        ),
        (
            Stage::AccountCreation,
            Action::AccountCreated,
            staff(Role::Uti),
        ),
    ];
    for (from, action, actor) in steps {
        apply(app, id, from, action, actor)
            .await
            .expect("step to active");
    }
}

/// UAC finds the request in review conforme.
pub async fn conforme(app: &App, id: i64) -> RequestRow {
    apply(
        app,
        id,
        Stage::UacReview,
        Action::Conforme,
        staff(Role::Uac),
    )
    .await
    .expect("conforme")
}

/// An applicant on Telegram, greeted, with a request for the district of
/// Huancavelica waiting for its signed DDC.
pub async fn applicant<'a>(
    tg: &'a FakeTelegram,
    bot: &Running,
    id: i64,
) -> (TgChat<'a>, RequestRow) {
    let chat = TgChat {
        tg,
        user: TgUser::new(id, "Luis"),
    };
    hello(tg, &chat.user, "¿Qué desea hacer?").await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        &id.to_string(),
    )
    .await;
    (chat, row)
}
