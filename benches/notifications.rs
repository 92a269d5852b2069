//! Sends one notification per district (1,893) through the outbox to the fake Bot
//! API, which enforces Telegram's flood limits (30 messages/s overall, 1/s per chat,
//! answering 429 beyond them) and answers each call after 100 ms (a server far from
//! Telegram's), and prints the rate achieved and the 429s provoked.
//!
//! `cargo bench --bench notifications` (LATENCY_MS=0 for loopback speed).

#[path = "../tests/it/support/telegram.rs"]
mod telegram;

use std::sync::Arc;
use std::time::{Duration, Instant};

use contigo_bot::app::App;
use contigo_bot::channels::telegram::TelegramAdapter;
use contigo_bot::clock::Clock;
use contigo_bot::config::Settings;
use contigo_bot::domain::ubigeo::Catalog;
use contigo_bot::message::{Channel, ChatKey, Outbound};
use contigo_bot::notify::enqueue;
use contigo_bot::store::outbox;
use telegram::{FakeTelegram, Limits, TOKEN, TgUser};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let tg = FakeTelegram::start_with(Limits {
        global_per_sec: Some(30),
        per_chat_per_sec: Some(1),
    })
    .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = Settings::default();
    settings.database.url = format!("sqlite://{}", dir.path().join("bench.db").display());
    settings.storage.dir = dir.path().join("files");
    let app = App::build(settings, Clock::system()).await.expect("app");
    let latency: u64 = std::env::var("LATENCY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);

    let districts = Catalog::embedded().districts();
    let mut tx = app.store.begin().await.expect("tx");
    for (i, d) in districts.iter().enumerate() {
        let user = TgUser::new(1_000_000 + i as i64, "OMAPED");
        tg.send_text(&user, "hola"); // the chat exists for Telegram
        let text = format!(
            "Aviso para la OMAPED de {}: su solicitud avanzó.",
            d.label()
        );
        enqueue(
            &mut tx,
            ChatKey::new(Channel::Telegram, &user.id.to_string()),
            &Outbound::Text {
                text,
                choices: vec![],
            },
        )
        .await
        .expect("enqueue");
    }
    tx.commit().await.expect("commit");

    let adapter =
        TelegramAdapter::new(TOKEN, &tg.api_url(), app.files.clone(), 10 << 20).expect("adapter");
    let sender = app.sender(Arc::new(adapter), app.telegram_limits());
    tg.set_latency(Duration::from_millis(latency));
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let started = Instant::now();
    let worker = tokio::spawn(sender.run(shutdown));
    loop {
        let mut conn = app.store.pool.acquire().await.expect("conn");
        let c = outbox::counts(&mut conn, "telegram").await.expect("counts");
        drop(conn);
        if c.pending == 0 {
            let took = started.elapsed();
            println!(
                "notifications: {} sent, {} failed (one per district)",
                c.sent, c.failed
            );
            println!("time: {:.1} s", took.as_secs_f64());
            println!(
                "rate: {:.1} messages/s with {latency} ms per call (limit 30/s, settings 28/s)",
                c.sent as f64 / took.as_secs_f64()
            );
            println!("429 answers provoked: {}", tg.throttled().len());
            println!("other refusals: {}", tg.refusals().len());
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let _ = stop.send(true);
    let _ = worker.await;
    app.store.close().await;
}
