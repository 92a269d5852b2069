//! The runtime at scale: several replicas on one database answer each event once and
//! each chat in order; a slow download holds only its own chat; delivery keeps many
//! requests in flight within the platform's limits.

use std::time::{Duration, Instant};

use crate::backends;
use crate::support::telegram::{FakeTelegram, TgUser};
use crate::support::whatsapp::{FakeWhatsapp, WaUser, post};
use crate::support::{Backend, Running, TestDb, monday_morning, settings};

/// What one user types, one message after the other.
const SCRIPT: &[&str] = &["/ayuda", "/start", "/ayuda"];

async fn replica(db: &TestDb, wa: &FakeWhatsapp) -> Running {
    let mut s = settings(db, None);
    wa.configure(&mut s);
    Running::start(s, monday_morning()).await
}

/// Waits until `phone` got `n` messages (or 20 s pass) and nothing more comes.
async fn texts_to(wa: &FakeWhatsapp, phone: &str, n: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    while wa.sent_to(phone).len() < n && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    wa.sent_to(phone)
        .into_iter()
        .map(|s| s.text().to_owned())
        .collect()
}

async fn two_replicas_answer_each_event_once_and_in_order(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let a = replica(&db, &wa).await;
    let b = replica(&db, &wa).await;

    // What one user gets for the script, answered by one replica alone.
    let control = WaUser::new("51900000000", "Control");
    for line in SCRIPT {
        assert_eq!(post(&a.http, &wa.text(&control, line)).await, 200);
        wa.wait_until_idle(&control.phone).await;
    }
    let want = texts_to(&wa, &control.phone, 1).await;
    assert!(want.len() >= SCRIPT.len(), "{want:?}");

    // Forty users; every notification reaches both replicas at once (a retry by the
    // load balancer, a redelivery by Meta).
    let users: Vec<WaUser> = (1..=40)
        .map(|i| WaUser::new(&format!("5190000{i:04}"), "Ally"))
        .collect();
    for line in SCRIPT {
        let mut posts = vec![];
        for u in &users {
            let n = wa.text(u, line);
            let (ha, hb) = (a.http.clone(), b.http.clone());
            posts.push(tokio::spawn(async move {
                let (x, y) = tokio::join!(post(&ha, &n), post(&hb, &n));
                assert_eq!((x, y), (200, 200));
            }));
        }
        for p in posts {
            p.await.expect("posted");
        }
    }
    for u in &users {
        let got = texts_to(&wa, &u.phone, want.len()).await;
        assert_eq!(got, want, "user {} got each answer once, in order", u.phone);
    }
    // Nothing more trickles in later (a second answer would come after the first).
    tokio::time::sleep(Duration::from_millis(1500)).await;
    for u in &users {
        assert_eq!(wa.sent_to(&u.phone).len(), want.len(), "{}", u.phone);
    }
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    b.stop().await;
    a.stop().await;
}

async fn a_slow_download_holds_only_its_own_chat(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let uploader = TgUser::new(8000, "Slow");
    tg.send_text(&uploader, "/start");
    tg.wait_for(uploader.chat_id(), "¿Qué desea hacer?").await;

    tg.stall_downloads(Duration::from_secs(10));
    tg.send_document(
        &uploader,
        "escaneo.pdf",
        "application/pdf",
        crate::support::signed_pdf(),
    );
    // Let the intake start that download before the others write.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let others: Vec<TgUser> = (1..=20).map(|i| TgUser::new(8000 + i, "Ally")).collect();
    let started = Instant::now();
    for u in &others {
        tg.send_text(u, "/start");
    }
    for u in &others {
        tg.wait_for(u.chat_id(), "¿Qué desea hacer?").await;
    }
    let took = started.elapsed();
    println!("20 chats answered in {took:?} while one download stalled for 10 s");
    assert!(
        took < Duration::from_secs(3),
        "other chats waited for the download: {took:?}"
    );
    // The slow chat is answered too, once its file arrives.
    tg.wait_for_within(uploader.chat_id(), "", Duration::from_secs(25))
        .await;
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

/// A pasted text of 5,000 characters is echoed back by the district step: Telegram
/// gets it in valid parts and the user reads the whole answer.
async fn a_long_reply_reaches_telegram_in_parts(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let u = TgUser::new(8100, "Paste");
    tg.send_text(&u, "/start");
    tg.wait_for(u.chat_id(), "¿Qué desea hacer?").await;
    tg.press_button(&u, "Solicitar acceso");
    tg.wait_for(u.chat_id(), "Paso 1").await;
    tg.press_button(&u, "Gobierno Local");
    tg.wait_for(u.chat_id(), "distrito").await;
    let paragraph = "texto pegado por error ".repeat(45); // about 1,000 characters
    let pasted = [paragraph.trim(); 5].join("\n\n");
    assert!(pasted.chars().count() >= 5000);
    tg.send_text(&u, &pasted);
    tg.wait_for(u.chat_id(), "No encontré el distrito").await;
    tg.wait_until_idle(u.chat_id()).await;
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    let answer: String = tg
        .messages_to(u.id)
        .into_iter()
        .filter_map(|m| m.text)
        .skip_while(|t| !t.contains("No encontré el distrito"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(answer.contains("envíelo de nuevo"), "{answer}");
    bot.stop().await;
}

/// A download that fails is not "an empty file": the user is asked to send it again,
/// and the photos already received are kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_download_asks_to_send_the_file_again() {
    let db = TestDb::new(Backend::Sqlite).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let u = TgUser::new(8300, "Luis");
    tg.send_text(&u, "/start");
    tg.wait_for(u.chat_id(), "¿Qué desea hacer?").await;
    crate::support::submitted_request(
        &bot.app,
        &crate::support::local_request_data("090101", "912345678"),
        "telegram",
        "8300",
    )
    .await;
    tg.press_button(&u, "Enviar DDC firmada");
    tg.wait_for(u.chat_id(), "Envíe la DDC firmada").await;
    tg.send_photo(&u, crate::support::photo(10));
    tg.wait_for(u.chat_id(), "Recibí la foto 1").await;
    tg.fail_downloads(Some(404));
    tg.send_photo(&u, crate::support::photo(20));
    let answer = tg.wait_for(u.chat_id(), "de nuevo").await;
    assert!(!answer.text().contains("vacío"), "{}", answer.text());
    tg.fail_downloads(None);
    tg.send_photo(&u, crate::support::photo(30));
    tg.wait_for(u.chat_id(), "Recibí la foto 2").await;
    bot.stop().await;
}

/// A child process killed when the test ends, whatever happens.
pub struct KillOnDrop(pub std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `serve` stops within 10 s of SIGTERM, also with a download hanging, and gives
/// back the event it had claimed (nothing waits for a lease to expire).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_stops_soon_after_sigterm_and_gives_back_its_claims() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("t.db");
    let tg = FakeTelegram::start().await;
    let u = TgUser::new(8200, "Slow");
    tg.stall_downloads(Duration::from_secs(60));
    tg.send_document(
        &u,
        "escaneo.pdf",
        "application/pdf",
        crate::support::signed_pdf(),
    );
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
        l.local_addr().expect("addr").port()
    };
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_contigo-bot"))
        .args(["--config", "/dev/null", "serve"])
        .env(
            "CONTIGO__DATABASE__URL",
            format!("sqlite://{}", db.display()),
        )
        .env("CONTIGO__STORAGE__DIR", dir.path().join("files"))
        .env("CONTIGO__HTTP__LISTEN", format!("127.0.0.1:{port}"))
        .env("CONTIGO__TELEGRAM__API_URL", tg.api_url())
        .env("CONTIGO__TELEGRAM__POLL_TIMEOUT_SECS", "1")
        .env("TELEGRAM_BOT_TOKEN", crate::support::telegram::TOKEN)
        .env_remove("WHATSAPP_ACCESS_TOKEN")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("serve starts");
    let mut child = KillOnDrop(child);
    // Wait until the update is stored and its download has started.
    let url = format!("sqlite://{}", db.display());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        assert!(Instant::now() < deadline, "the update was never claimed");
        tokio::time::sleep(Duration::from_millis(200)).await;
        if let Ok(store) = contigo_bot::store::Store::connect(&url, 1).await {
            let claimed: Result<i64, _> =
                sqlx::query_scalar("SELECT COUNT(*) FROM inbound_events WHERE claim IS NOT NULL")
                    .fetch_one(&store.pool)
                    .await;
            store.close().await;
            if claimed.unwrap_or(0) == 1 {
                break;
            }
        }
    }
    let pid = child.0.id().to_string();
    let started = Instant::now();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(status.success());
    let exit = loop {
        if let Some(exit) = child.0.try_wait().expect("wait") {
            break exit;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "serve did not exit"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let took = started.elapsed();
    println!("serve stopped {took:?} after SIGTERM");
    assert!(exit.success(), "{exit:?}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
    let store = contigo_bot::store::Store::connect(&url, 1)
        .await
        .expect("db");
    let left: (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), SUM(CASE WHEN claim IS NULL AND processed_at IS NULL THEN 1 ELSE 0 END)
         FROM inbound_events",
    )
    .fetch_one(&store.pool)
    .await
    .expect("count");
    assert_eq!(left, (1, 1), "the event is back, unprocessed and unclaimed");
    store.close().await;
}

backends!(
    a_long_reply_reaches_telegram_in_parts,
    two_replicas_answer_each_event_once_and_in_order,
    a_slow_download_holds_only_its_own_chat,
);
