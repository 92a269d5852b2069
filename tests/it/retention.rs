//! Retention (issue 15, Ley 29733 data minimisation): the raw payloads of platform
//! events are deleted once processed longer ago than `retention.inbound_payload_days`,
//! and the texts of delivered messages after `retention.outbox_payload_days`;
//! events not yet processed keep theirs, and what the events caused (the request, its
//! stage history, the personal-data access record) stays.

use contigo_bot::message::Channel;
use contigo_bot::store::personal_data::{self, AccessAction};
use sqlx::Row;

use crate::backends;
use crate::email::register;
use crate::support::telegram::{FakeTelegram, TgChat, TgUser};
use crate::support::{Backend, Running, TestDb, monday_morning, settings};

async fn count(bot: &Running, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&bot.app.store.pool)
        .await
        .expect("count")
        .try_get(0)
        .expect("n")
}

async fn raw_payloads_go_after_the_retention_period_and_the_audit_stays(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let mut s = settings(&db, Some(&tg.api_url()));
    s.retention.inbound_payload_days = 30;
    let bot = Running::start(s, monday_morning()).await;
    let ally = TgChat {
        tg: &tg,
        user: TgUser::new(7601, "Luis"),
    };
    let code = register(&ally).await;
    tg.wait_for(ally.user.chat_id(), "Siguiente paso").await;
    // UAC read the request (recorded under Ley 29733).
    {
        let mut conn = bot.app.store.pool.acquire().await.expect("conn");
        let row = contigo_bot::store::requests::by_code(&mut conn, &code)
            .await
            .expect("query")
            .expect("stored");
        personal_data::record_staff(
            &mut conn,
            1,
            "telegram",
            "9001",
            row.id,
            AccessAction::Review,
            "request",
            bot.app.clock.unix(),
        )
        .await
        .expect("recorded");
    }
    // An event that arrived but was not processed yet (WhatsApp is off here).
    bot.app
        .ingest(
            Channel::Whatsapp,
            "wamid.pending",
            "51987000001",
            r#"{"raw":1}"#,
        )
        .await
        .expect("stored");
    let processed = count(
        &bot,
        "SELECT COUNT(*) FROM inbound_events WHERE processed_at IS NOT NULL AND payload <> ''",
    )
    .await;
    assert!(processed > 20, "the journey's updates, {processed}");
    let history = count(&bot, "SELECT COUNT(*) FROM stage_transitions").await;
    let audit = count(&bot, "SELECT COUNT(*) FROM personal_data_access").await;

    let sent = count(
        &bot,
        "SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND payload <> ''",
    )
    .await;
    assert!(sent > 10, "the journey's answers, {sent}");

    // Within the period nothing goes.
    let report = bot.app.scheduler().tick().await.expect("tick");
    assert_eq!(report.payloads_deleted, 0);
    assert_eq!(report.sent_payloads_deleted, 0);

    // The journey's events were processed 31 days ago but the last five, 29 days ago.
    sqlx::query(
        "UPDATE inbound_events SET processed_at = processed_at - 31 * 86400
         WHERE processed_at IS NOT NULL",
    )
    .execute(&bot.app.store.pool)
    .await
    .expect("age the events");
    sqlx::query(
        "UPDATE inbound_events SET processed_at = processed_at + 2 * 86400
         WHERE id IN (SELECT id FROM inbound_events WHERE processed_at IS NOT NULL
                      ORDER BY id DESC LIMIT 5)",
    )
    .execute(&bot.app.store.pool)
    .await
    .expect("younger ones");
    // What the bot sent went out 31 days ago, but one message failed then: an
    // operator may still want to send it again, so it keeps its text.
    sqlx::query("UPDATE outbox SET sent_at = sent_at - 31 * 86400 WHERE status = 'sent'")
        .execute(&bot.app.store.pool)
        .await
        .expect("age the messages");
    sqlx::query(
        "UPDATE outbox SET status = 'failed', sent_at = NULL
         WHERE id = (SELECT MAX(id) FROM outbox WHERE status = 'sent')",
    )
    .execute(&bot.app.store.pool)
    .await
    .expect("one failed");
    let aged = count(
        &bot,
        &format!(
            "SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND payload <> '' AND sent_at < {}",
            contigo_bot::clock::wall_now() - 30 * 86_400
        ),
    )
    .await;
    assert!(aged >= sent - 1, "{aged} of {sent}");
    let report = bot.app.scheduler().tick().await.expect("tick");
    assert_eq!(
        report.payloads_deleted,
        u64::try_from(processed - 5).expect("n")
    );
    assert_eq!(
        report.sent_payloads_deleted,
        u64::try_from(aged).expect("n")
    );
    assert_eq!(
        count(
            &bot,
            "SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND payload <> ''"
        )
        .await,
        1,
        "a failed message keeps its text"
    );
    assert_eq!(
        count(
            &bot,
            "SELECT COUNT(*) FROM inbound_events WHERE payload = ''"
        )
        .await,
        processed - 5
    );
    assert_eq!(
        count(
            &bot,
            "SELECT COUNT(*) FROM inbound_events WHERE external_id = 'wamid.pending' AND payload <> ''"
        )
        .await,
        1,
        "an unprocessed event keeps its payload"
    );
    assert_eq!(
        count(&bot, "SELECT COUNT(*) FROM stage_transitions").await,
        history
    );
    assert_eq!(
        count(&bot, "SELECT COUNT(*) FROM personal_data_access").await,
        audit
    );
    assert!(audit >= 1);
    // The conversation goes on: the ally's request is still theirs.
    ally.says("/estado", &code).await;
    bot.stop().await;
}

backends!(raw_payloads_go_after_the_retention_period_and_the_audit_stays);
