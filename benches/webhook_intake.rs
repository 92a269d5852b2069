//! Webhook intake benchmark: the real server on loopback with a SQLite file, fired
//! with signed WhatsApp notifications (one text message each) by a few concurrent
//! clients. Each 200 means the event is stored durably; no worker runs, so this
//! measures intake alone. Prints requests per second and p50/p99 latency.
//!
//! `cargo bench --bench webhook_intake` (BENCH_REQUESTS, BENCH_CLIENTS to change the load).

use std::time::{Duration, Instant};

use contigo_bot::app::App;
use contigo_bot::clock::Clock;
use contigo_bot::config::Settings;
use hmac::{Hmac, Mac};
use sha2::Sha256;

const SECRET: &str = "bench-app-secret";

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A Meta-shaped notification with one text message (synthetic sender).
fn notification(n: usize) -> Vec<u8> {
    let body = serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "200000000000002", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550000001", "phone_number_id": "100000000000001"},
            "contacts": [{"profile": {"name": "Bench"}, "wa_id": format!("5190{:07}", n % 500)}],
            "messages": [{
                "from": format!("5190{:07}", n % 500),
                "id": format!("wamid.BENCH{n:012}"),
                "timestamp": "1767225600",
                "type": "text",
                "text": {"body": "hola"},
            }],
        }}]}],
    });
    serde_json::to_vec(&body).unwrap_or_default()
}

fn sign(body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).expect("hmac key");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let requests = env_or("BENCH_REQUESTS", 5_000);
    let clients = env_or("BENCH_CLIENTS", 8).max(1);
    let dir = tempfile::tempdir()?;
    let mut settings = Settings::default();
    settings.database.url = format!("sqlite://{}", dir.path().join("bench.db").display());
    settings.storage.dir = dir.path().join("files");
    settings.secrets.whatsapp_app_secret = Some(SECRET.into());
    let app = App::build(settings, Clock::system()).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/webhooks/whatsapp", listener.local_addr()?);
    let server =
        tokio::spawn(axum::serve(listener, contigo_bot::http::router(app.clone())).into_future());

    // Bodies are built and signed before the clock starts: we measure the server.
    let bodies: Vec<(Vec<u8>, String)> = (0..requests)
        .map(|n| {
            let b = notification(n);
            let s = sign(&b);
            (b, s)
        })
        .collect();
    let mut per_client: Vec<Vec<(Vec<u8>, String)>> = vec![vec![]; clients];
    for (i, b) in bodies.into_iter().enumerate() {
        per_client[i % clients].push(b);
    }

    let started = Instant::now();
    let mut tasks = vec![];
    for batch in per_client {
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut latencies = Vec::with_capacity(batch.len());
            let mut failures = 0usize;
            for (body, signature) in batch {
                let t = Instant::now();
                let ok = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .header("x-hub-signature-256", signature)
                    .body(body)
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success());
                latencies.push(t.elapsed());
                failures += usize::from(!ok);
            }
            (latencies, failures)
        }));
    }
    let mut latencies = Vec::with_capacity(requests);
    let mut failures = 0;
    for t in tasks {
        let (l, f) = t.await?;
        latencies.extend(l);
        failures += f;
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();

    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inbound_events")
        .fetch_one(&app.store.pool)
        .await?;
    println!("webhook intake (SQLite, loopback): {requests} signed POSTs, {clients} clients");
    println!(
        "  {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        requests as f64 / elapsed.as_secs_f64(),
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
    println!("  failures {failures}, events stored {stored}");
    server.abort();
    app.store.close().await;
    Ok(())
}
