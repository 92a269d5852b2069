//! An operator's dashboard after a scripted day (issue 15): a WhatsApp backlog (its
//! sender is down), a request past its stage's term, a ticket nobody answered in its
//! first-response term, a refused delivery and a scheduler pass all show in /metrics.

use std::collections::HashMap;
use std::time::Duration;

use chrono::NaiveDate;
use contigo_bot::clock::wall_now;
use contigo_bot::domain::stage::Stage;
use contigo_bot::message::Channel;
use contigo_bot::store::{outbox, requests};

use crate::backends;
use crate::support::telegram::{FakeTelegram, TgChat, TgUser};
use crate::support::{
    Backend, Running, TestDb, local_request_data, monday_morning, settings, submitted_request,
};

/// `/metrics` as `series -> value`, e.g. `contigo_tickets_open` or
/// `contigo_requests{stage="uac_review"}`.
async fn scrape(bot: &Running) -> HashMap<String, f64> {
    let text = reqwest::get(format!("{}/metrics", bot.http))
        .await
        .expect("metrics reachable")
        .text()
        .await
        .expect("body");
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (series, value) = l.rsplit_once(' ')?;
            Some((series.to_string(), value.parse().ok()?))
        })
        .collect()
}

fn value(m: &HashMap<String, f64>, series: &str) -> f64 {
    *m.get(series)
        .unwrap_or_else(|| panic!("{series} in /metrics: {:#?}", m.keys().collect::<Vec<_>>()))
}

async fn metrics_show_backlog_overdue_request_and_late_ticket(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let clock = monday_morning();
    let bot = Running::start(settings(&db, Some(&tg.api_url())), clock.clone()).await;

    // An ally talks to the bot; one reply is refused by Telegram for good (blocked).
    let ally = TgChat {
        tg: &tg,
        user: TgUser::new(7301, "Rosa"),
    };
    ally.says("/start", "¿Qué desea hacer?").await;
    tg.fail_next("sendMessage", 403, None);
    tg.send_text(&ally.user, "hola");
    // The ally then asks for a person; nobody answers.
    ally.says("/especialista", "¿Qué tipo de atención").await;
    ally.taps("Consulta", "escriba su mensaje").await;
    ally.says("¿Cuándo se renueva la DDC?", "Registré su Consulta")
        .await;

    // WhatsApp's sender is down: three notices wait, the oldest ten minutes old, and
    // one event arrived that nobody processed yet.
    {
        let mut conn = bot.app.store.pool.acquire().await.expect("conn");
        for (i, age) in [600, 300, 5].into_iter().enumerate() {
            outbox::enqueue(
                &mut conn,
                "whatsapp",
                &format!("5198700000{i}"),
                "{}",
                wall_now() - age,
            )
            .await
            .expect("enqueue");
        }
    }
    bot.app
        .ingest(Channel::Whatsapp, "wamid.waiting", "51987000009", "{}")
        .await
        .expect("stored");

    // A request reached UAC review with a term that ended last Friday.
    let row = submitted_request(
        &bot.app,
        &local_request_data("150101", "987654321"),
        "telegram",
        "7302",
    )
    .await;
    {
        let mut conn = bot.app.store.pool.acquire().await.expect("conn");
        let friday = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        assert!(
            requests::move_stage(
                &mut conn,
                row.id,
                Stage::AwaitingDdc,
                Stage::UacReview,
                Some(friday),
                "applicant",
                None,
                clock.unix(),
            )
            .await
            .expect("moved")
        );
    }

    // The day goes by: the ticket's four office hours run out; the scheduler runs.
    clock.advance(chrono::Duration::hours(9));
    bot.app.scheduler().tick().await.expect("tick");

    let mut m = scrape(&bot).await;
    for _ in 0..100 {
        let failed = r#"contigo_deliveries_total{channel="telegram",outcome="failed",error_class="permanent"}"#;
        if m.contains_key(failed) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        m = scrape(&bot).await;
    }
    assert_eq!(
        value(&m, r#"contigo_outbox_pending{channel="whatsapp"}"#),
        3.0
    );
    let oldest = value(
        &m,
        r#"contigo_outbox_oldest_pending_age_seconds{channel="whatsapp"}"#,
    );
    assert!(
        (600.0..700.0).contains(&oldest),
        "oldest waiting {oldest} s"
    );
    assert_eq!(
        value(&m, r#"contigo_outbox_pending{channel="telegram"}"#),
        0.0
    );
    assert_eq!(
        value(&m, r#"contigo_outbox_failed{channel="telegram"}"#),
        1.0
    );
    assert_eq!(
        value(&m, r#"contigo_inbound_waiting{channel="whatsapp"}"#),
        1.0
    );
    assert_eq!(value(&m, r#"contigo_requests{stage="uac_review"}"#), 1.0);
    assert_eq!(value(&m, r#"contigo_requests{stage="active"}"#), 0.0);
    assert_eq!(
        value(&m, r#"contigo_requests_overdue{stage="uac_review"}"#),
        1.0
    );
    assert_eq!(
        value(&m, r#"contigo_requests_overdue{stage="legal_review"}"#),
        0.0
    );
    assert_eq!(value(&m, "contigo_tickets_open"), 1.0);
    assert_eq!(value(&m, "contigo_tickets_past_first_response"), 1.0);
    assert_eq!(value(&m, "contigo_scheduler_runs_total"), 1.0);
    assert_eq!(value(&m, "contigo_scheduler_errors_total"), 0.0);
    assert_eq!(
        value(
            &m,
            r#"contigo_deliveries_total{channel="telegram",outcome="failed",error_class="permanent"}"#
        ),
        1.0
    );
    let sent = value(
        &m,
        r#"contigo_deliveries_total{channel="telegram",outcome="sent",error_class="none"}"#,
    );
    assert!(sent >= 4.0, "sent {sent}");
    assert_eq!(
        value(
            &m,
            r#"contigo_delivery_latency_seconds_count{channel="telegram"}"#
        ),
        sent
    );
    // Every series the alert rules use exists.
    let rules = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/alerts.yml"))
        .expect("deploy/alerts.yml");
    for (at, _) in rules.match_indices("contigo_") {
        let name: String = rules[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        assert!(
            m.keys().any(|k| k.starts_with(&name)),
            "deploy/alerts.yml uses {name}, which /metrics does not show"
        );
    }
    bot.stop().await;
}

backends!(metrics_show_backlog_overdue_request_and_late_ticket);
