//! An operator's dashboard after a scripted day (issue 15): a WhatsApp backlog (its
//! sender is down), a request past its stage's term, a ticket nobody answered in its
//! first-response term, a refused delivery and a scheduler pass all show in /metrics.

use contigo_bot::message::ChatKey;
use std::collections::HashMap;
use std::time::Duration;

use chrono::NaiveDate;
use contigo_bot::clock::wall_now;
use contigo_bot::domain::stage::Stage;
use contigo_bot::message::Channel;
use contigo_bot::store::{outbox, requests};

use crate::backends;
use crate::support::reads::{scrape, series};
use crate::support::telegram::{FakeTelegram, TgChat, TgUser};
use crate::support::{
    Backend, Running, TestDb, local_request_data, monday_morning, settings, submitted_request,
};

fn value(m: &HashMap<String, f64>, series: &str) -> f64 {
    *m.get(series)
        .unwrap_or_else(|| panic!("{series} in /metrics: {:#?}", m.keys().collect::<Vec<_>>()))
}

async fn metrics_show_backlog_overdue_request_and_late_ticket(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let clock = monday_morning();
    let mut s = settings(&db, Some(&tg.api_url()));
    // WhatsApp is configured, and its Graph API does not answer (nothing listens
    // on port 9 of this machine).
    s.whatsapp.graph_url = "http://127.0.0.1:9".into();
    s.secrets.whatsapp_access_token = Some("token".into());
    s.secrets.whatsapp_phone_number_id = Some("100000000000001".into());
    let bot = Running::start(s, clock.clone()).await;

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
    ally.says("¿Cuándo se renueva la DDC?", "Registré su consulta")
        .await;

    // WhatsApp's sender is down: three notices wait, the oldest ten minutes old, and
    // one event arrived that nobody processed yet.
    {
        let mut conn = bot.app.store.pool.acquire().await.expect("conn");
        let notice = serde_json::to_string(&contigo_bot::message::Outbound::Text {
            text: "Su solicitud avanzó.".into(),
            choices: vec![],
        })
        .expect("json");
        for (i, age) in [600, 300, 5].into_iter().enumerate() {
            outbox::enqueue(
                &mut conn,
                ChatKey::new(Channel::Whatsapp, &format!("5198700000{i}")),
                &notice,
                wall_now() - age,
            )
            .await
            .expect("enqueue");
        }
    }
    // An event that nobody processed yet (stored on a channel this bot has no
    // intake for: it only waits).
    bot.app
        .ingest(Channel::Email, "mail.waiting", "ana@example.org", "{}")
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
    // Counted for configured channels only: an event of e-mail (not configured)
    // is no intake anyone waits on.
    assert_eq!(
        value(&m, r#"contigo_inbound_waiting{channel="whatsapp"}"#),
        0.0
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
    // No e-mail is configured: no e-mail backlog to alert on.
    assert!(
        !m.keys()
            .any(|k| k.starts_with("contigo_outbox") && k.contains(r#"channel="email""#)),
        "{:#?}",
        m.keys()
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

/// `promtool`, from Debian's `prometheus` package (`.ci/run` installs it).
fn promtool(args: &[&str], stdin: &str) -> (bool, String) {
    use std::io::Write;
    let mut child = std::process::Command::new("promtool")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("promtool (Debian package prometheus; .ci/run installs it)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("promtool ran");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// A scraper gets the format it asks for: OpenMetrics to Prometheus, the Prometheus
/// text format to anyone else, and `promtool check metrics` passes on it; a channel
/// that is not configured has no outbox series even with rows written for it (as
/// `demo-data` writes WhatsApp notices), so the stuck-outbox alert cannot fire for it.
async fn metrics_negotiate_their_format_and_pass_promtool(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    {
        let mut conn = bot.app.store.pool.acquire().await.expect("conn");
        for i in 0..3 {
            outbox::enqueue(
                &mut conn,
                ChatKey::new(Channel::Whatsapp, &format!("5198700001{i}")),
                "{}",
                wall_now() - 900,
            )
            .await
            .expect("enqueue");
        }
    }
    bot.app.scheduler().tick().await.expect("tick");
    let client = reqwest::Client::new();
    let get = |accept: &'static str| {
        let request = client.get(format!("{}/metrics", bot.http));
        async move {
            let response = request
                .header("Accept", accept)
                .send()
                .await
                .expect("metrics reachable");
            let kind = response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            (kind, response.text().await.expect("body"))
        }
    };
    let (kind, text) = get("text/plain;version=0.0.4").await;
    assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
    assert!(!text.contains("# EOF"), "{text}");
    assert!(
        text.contains("# TYPE contigo_scheduler_runs_total counter"),
        "{text}"
    );
    let (ok, said) = promtool(&["check", "metrics"], &text);
    assert!(ok, "promtool check metrics:\n{said}\n{text}");
    let (kind, open) = get(
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
    )
    .await;
    assert!(kind.starts_with("application/openmetrics-text"), "{kind}");
    assert!(open.ends_with("# EOF\n"), "{open}");
    assert_eq!(series(&open), series(&text), "the same figures in both");

    let m = series(&text);
    assert_eq!(
        value(&m, r#"contigo_outbox_pending{channel="telegram"}"#),
        0.0
    );
    assert!(
        !m.keys().any(|k| k.contains(r#"channel="whatsapp""#)),
        "WhatsApp is off: {:#?}",
        m.keys()
    );
    bot.stop().await;
}

/// The alert rules load in Prometheus (`promtool check rules`).
#[test]
fn alert_rules_pass_promtool() {
    let rules = concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/alerts.yml");
    let (ok, said) = promtool(&["check", "rules", rules], "");
    assert!(ok, "promtool check rules {rules}:\n{said}");
}

backends!(
    metrics_show_backlog_overdue_request_and_late_ticket,
    metrics_negotiate_their_format_and_pass_promtool
);
