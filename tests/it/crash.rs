//! Crash test (ignored by default; it takes a few minutes): the release or debug
//! binary `contigo-bot serve` receives a stream of 2,000 signed WhatsApp webhook
//! events from 2,000 users while it is killed with SIGKILL several times and started
//! again on the same database. Posts that find the server down are retried, as Meta
//! retries. At the end it prints lost and duplicated replies.
//!
//! `cargo test --test it crash -- --ignored --nocapture`
//! (CRASH_BACKEND=postgres for PostgreSQL, CRASH_KILLS=5, CRASH_EVENTS=2000).

use std::time::{Duration, Instant};

use crate::runtime::KillOnDrop;
use crate::support::whatsapp::{
    ACCESS_TOKEN, API_VERSION, APP_SECRET, FakeWhatsapp, PHONE_NUMBER_ID, VERIFY_TOKEN, WaUser,
    sign,
};
use crate::support::{Backend, TestDb};

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn serve(db: &TestDb, wa: &FakeWhatsapp, port: u16) -> KillOnDrop {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_contigo-bot"))
        .args(["--config", "/dev/null", "serve"])
        .env("CONTIGO__DATABASE__URL", &db.url)
        .env("CONTIGO__STORAGE__DIR", db.dir.path().join("files"))
        .env("CONTIGO__HTTP__LISTEN", format!("127.0.0.1:{port}"))
        .env("CONTIGO__WHATSAPP__GRAPH_URL", wa.graph_url())
        .env("CONTIGO__WHATSAPP__API_VERSION", API_VERSION)
        .env("CONTIGO__OUTBOX__POLL_INTERVAL_MS", "200")
        .env("WHATSAPP_ACCESS_TOKEN", ACCESS_TOKEN)
        .env("WHATSAPP_APP_SECRET", APP_SECRET)
        .env("WHATSAPP_VERIFY_TOKEN", VERIFY_TOKEN)
        .env("WHATSAPP_PHONE_NUMBER_ID", PHONE_NUMBER_ID)
        .env_remove("TELEGRAM_BOT_TOKEN")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("serve starts");
    KillOnDrop(child)
}

/// Posts until the server answers 200 (it may be down or starting).
async fn deliver(client: &reqwest::Client, url: &str, body: Vec<u8>) {
    let signature = sign(&body);
    loop {
        let sent = client
            .post(url)
            .header("content-type", "application/json")
            .header("x-hub-signature-256", &signature)
            .body(body.clone())
            .send()
            .await;
        if matches!(sent, Ok(r) if r.status() == 200) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a crash test of a few minutes: run it on purpose"]
async fn killed_server_loses_no_reply_and_repeats_only_in_flight_ones() {
    let backend = match std::env::var("CRASH_BACKEND").as_deref() {
        Ok("postgres") => Backend::Postgres,
        _ => Backend::Sqlite,
    };
    let events = env_or("CRASH_EVENTS", 2000);
    let kills = env_or("CRASH_KILLS", 5);
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
        l.local_addr().expect("addr").port()
    };
    let url = format!("http://127.0.0.1:{port}/webhooks/whatsapp");
    let client = reqwest::Client::new();
    let mut server = serve(&db, &wa, port);

    // How many messages one "/ayuda" gets, from a user before any crash.
    let control = WaUser::new("51899999999", "Control");
    deliver(
        &client,
        &url,
        serde_json::to_vec(&wa.text(&control, "/ayuda")).expect("json"),
    )
    .await;
    wa.wait_for(&control.phone, "").await;
    wa.wait_until_idle(&control.phone).await;
    let per_user = wa.sent_to(&control.phone).len();

    let users: Vec<WaUser> = (0..events)
        .map(|i| WaUser::new(&format!("5198{i:07}"), "Ally"))
        .collect();
    let bodies: Vec<Vec<u8>> = users
        .iter()
        .map(|u| serde_json::to_vec(&wa.text(u, "/ayuda")).expect("json"))
        .collect();
    let started = Instant::now();
    let stream = {
        let (client, url) = (client.clone(), url.clone());
        tokio::spawn(async move {
            let mut lanes = vec![];
            for lane in 0..8 {
                let mine: Vec<Vec<u8>> = bodies.iter().skip(lane).step_by(8).cloned().collect();
                let (client, url) = (client.clone(), url.clone());
                lanes.push(tokio::spawn(async move {
                    for body in mine {
                        deliver(&client, &url, body).await;
                        // About 200 events per second in all.
                        tokio::time::sleep(Duration::from_millis(40)).await;
                    }
                }));
            }
            for l in lanes {
                let _ = l.await;
            }
        })
    };
    for k in 0..kills {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        drop(server); // SIGKILL
        println!("kill {} at {:.1} s", k + 1, started.elapsed().as_secs_f64());
        tokio::time::sleep(Duration::from_millis(300)).await;
        server = serve(&db, &wa, port);
    }
    stream.await.expect("all events posted");
    println!(
        "all {events} events acknowledged at {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // Claims of a killed server wait for their lease (60 s) to run out.
    let deadline = Instant::now() + Duration::from_secs(240);
    let mut last = (0, Instant::now());
    loop {
        let total = wa.sent().len();
        if total != last.0 {
            last = (total, Instant::now());
        }
        let done = users.iter().all(|u| wa.sent_to(&u.phone).len() >= per_user);
        if (done && last.1.elapsed() > Duration::from_secs(3)) || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let mut lost = 0;
    let mut duplicated = 0;
    for u in &users {
        let got = wa.sent_to(&u.phone).len();
        lost += per_user.saturating_sub(got);
        duplicated += got.saturating_sub(per_user);
    }
    let bound = kills * contigo_bot::config::OutboxSettings::default().max_in_flight;
    println!(
        "{events} events, {kills} SIGKILLs on {backend:?}: {lost} replies lost, {duplicated} sent twice (bound {bound}), done in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    drop(server);
    assert_eq!(lost, 0, "lost replies");
    assert!(duplicated <= bound, "{duplicated} duplicates");
}
