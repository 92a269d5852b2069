//! Shared test support: scratch databases (a SQLite file or a fresh PostgreSQL
//! database per test), the application started for real against the local fakes, and
//! synthetic documents.

#![allow(dead_code)]

pub mod axe;
pub mod browser;
pub mod chrome;
pub mod chrome_pages;
pub mod engine;
pub mod flow_json;
pub mod line;
pub mod reads;
pub mod review;
pub mod smtp;
pub mod telegram;
pub mod whatsapp;
pub mod xlsx;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use contigo_bot::app::App;
use contigo_bot::clock::Clock;
use contigo_bot::config::Settings;
use contigo_bot::startup::{Application, Http, Parts};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs an async test body once per backend: `backends!(name);` makes `name::sqlite`
/// and `name::postgres` from `async fn name(backend: Backend)`. The body's future is
/// boxed: a long journey's state machine (debug build) outgrows the test thread's stack.
#[macro_export]
macro_rules! backends {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                Box::pin(super::$name($crate::support::Backend::Sqlite)).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                Box::pin(super::$name($crate::support::Backend::Postgres)).await
            }
        }
    )+};
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A scratch database and file folder, removed when dropped.
pub struct TestDb {
    pub url: String,
    pub dir: tempfile::TempDir,
    pg_name: Option<String>,
}

fn admin_url() -> String {
    std::env::var("CONTIGO_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        match backend {
            Backend::Sqlite => TestDb {
                url: format!("sqlite://{}", dir.path().join("test.db").display()),
                dir,
                pg_name: None,
            },
            Backend::Postgres => {
                use sqlx::Connection;
                let name = format!(
                    "contigo_test_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst),
                    chrono::Utc::now().timestamp_micros()
                );
                let admin = admin_url();
                let mut conn = sqlx::PgConnection::connect(&admin)
                    .await
                    .expect("PostgreSQL reachable (set CONTIGO_TEST_POSTGRES_URL)");
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .await
                    .expect("create scratch database");
                let base = admin
                    .rsplit_once('/')
                    .map(|(b, _)| b.to_owned())
                    .unwrap_or(admin);
                TestDb {
                    url: format!("{base}/{name}"),
                    dir,
                    pg_name: Some(name),
                }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = self.pg_name.take() else {
            return;
        };
        // Drop runs outside async: use a throwaway runtime on its own thread.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(rt) = rt {
                rt.block_on(async move {
                    use sqlx::Connection;
                    if let Ok(mut conn) = sqlx::PgConnection::connect(&admin_url()).await {
                        let _ =
                            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                                .execute(&mut conn)
                                .await;
                    }
                });
            }
        })
        .join();
    }
}

/// Settings pointing at the scratch database and folder, with the Telegram fake.
pub fn settings(db: &TestDb, telegram_url: Option<&str>) -> Settings {
    let mut s = Settings::default();
    s.database.url = db.url.clone();
    s.storage.dir = db.dir.path().join("files");
    s.http.listen = "127.0.0.1:0".parse().expect("addr");
    s.outbox.poll_interval_ms = 100;
    s.telegram.poll_timeout_secs = 1;
    // Test users type faster than people; flood limits have their own tests.
    s.telegram.max_per_chat_per_second = 100;
    if let Some(url) = telegram_url {
        s.telegram.api_url = url.to_owned();
        s.secrets.telegram_bot_token = Some(telegram::TOKEN.to_owned());
    }
    s
}

/// The application, started for real by the same builder as `serve`
/// (`startup::Application`): HTTP on a random port, Telegram and WhatsApp against
/// their fakes (each only when its settings point at one); no scheduler (tests tick
/// it themselves).
pub struct Running {
    pub app: App,
    pub http: String,
    inner: Application,
}

impl Running {
    pub async fn start(settings: Settings, clock: Clock) -> Running {
        if std::env::var("RUST_LOG").is_ok() || std::env::var("CONTIGO_LOG").is_ok() {
            contigo_bot::telemetry::init(false);
        }
        let app = App::build(settings, clock).await.expect("app builds");
        let inner = Application::start(
            app.clone(),
            Parts {
                http: Http::Required,
                scheduler: false,
            },
        )
        .await
        .expect("app starts");
        let http = format!("http://{}", inner.http_addr.expect("listening"));
        Running { app, http, inner }
    }

    /// Stops every task and closes the database, as a graceful exit would.
    pub async fn stop(self) {
        self.inner.stop().await;
    }

    /// Kills the tasks without letting them finish (a crash).
    pub async fn kill(self) {
        self.inner.kill().await;
    }
}

/// A fixed, ordinary working day: Monday 23 Nov 2026, 10:00 in Lima.
pub fn monday_morning() -> Clock {
    Clock::fixed("2026-11-23T15:00:00Z".parse().expect("date"))
}

/// A synthetic JPEG photo of a page (solid colour with a stripe).
pub fn photo(seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(640, 900, |x, y| {
        if (y / 40) % 2 == 0 {
            image::Rgb([250, 250, 245])
        } else {
            image::Rgb([seed, (x % 255) as u8, 40])
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("encode jpeg");
    out.into_inner()
}

/// A real PDF (the bot's own DDC layout, with synthetic text) to use as a "scan".
pub fn signed_pdf() -> Vec<u8> {
    signed_pdf_titled("DECLARACION FIRMADA (PRUEBA)")
}

/// Another "scan": a different file for each title.
pub fn signed_pdf_titled(title: &str) -> Vec<u8> {
    let layout = contigo_bot::documents::DdcLayout {
        title: title.into(),
        code: "CTG-2026-000001".into(),
        paragraphs: vec!["Texto de prueba firmado y sellado.".into()],
        table_headers: vec!["A".into()],
        table_row: vec!["B".into()],
        closing: vec![],
        signature_lines: vec!["Firma".into()],
        seal_label: "Sello".into(),
        footer: "prueba".into(),
    };
    contigo_bot::documents::render_ddc(&layout).expect("render pdf")
}

pub fn data_dir(db: &TestDb) -> PathBuf {
    db.dir.path().to_path_buf()
}

/// Complete, synthetic registration data for a Gobierno Local request.
pub fn local_request_data(
    ubigeo: &str,
    resp_phone: &str,
) -> contigo_bot::domain::request::RequestData {
    use contigo_bot::domain::request::{AccessType, RequestData};
    use contigo_bot::domain::ubigeo::Ubigeo;
    use contigo_bot::domain::values::*;
    let name = |s: &str| PersonName::parse(s).expect("name");
    RequestData {
        access_type: Some(AccessType::Local),
        ubigeo: Some(Ubigeo::parse(ubigeo).expect("ubigeo")),
        authority_names: Some(name("Rosa María")),
        authority_surnames: Some(name("Quispe Huamán")),
        authority_dni: Some(Dni::parse("45678912").expect("dni")),
        jne_credential: Some(DocNumber::parse("0123-2026-JNE").expect("doc")),
        authority_phone: Some(Phone::parse("987654321").expect("phone")),
        authority_personal_email: Some(Email::parse("rosa@example.org").expect("email")),
        resp_names: Some(name("Luis")),
        resp_surnames: Some(name("Pérez Soto")),
        resp_dni: Some(Dni::parse("41234567").expect("dni")),
        resp_phone: Some(Phone::parse(resp_phone).expect("phone")),
        resp_email: Some(Email::parse("luis@example.org").expect("email")),
        resp_office: Some(FreeText::parse("OMAPED").expect("office")),
        resp_position: Some(FreeText::parse("Jefe de OMAPED").expect("position")),
        resp_designation_date: Some(chrono::NaiveDate::from_ymd_opt(2026, 1, 15).expect("date")),
        skipped: vec![
            contigo_bot::domain::request::Field::AuthorityPhone2,
            contigo_bot::domain::request::Field::AuthorityInstitutionalEmail,
        ],
        ..Default::default()
    }
}

/// A request submitted from a chat, waiting for its signed DDC (as after registration).
pub async fn submitted_request(
    app: &App,
    data: &contigo_bot::domain::request::RequestData,
    channel: &str,
    chat_id: &str,
) -> contigo_bot::store::requests::RequestRow {
    use contigo_bot::domain::stage::Stage;
    use contigo_bot::store::requests;
    let mut tx = app.store.begin().await.expect("tx");
    let jurisdiction = data.jurisdiction_key().expect("jurisdiction");
    let active = requests::active_for(&mut tx, data.access_type.expect("type"), &jurisdiction)
        .await
        .expect("query");
    let row = requests::insert(
        &mut tx,
        requests::NewRequest {
            data,
            access_type: data.access_type.expect("type"),
            jurisdiction: &jurisdiction,
            authority_dni: data.authority_dni.as_ref().expect("dni").as_str(),
            stage: Stage::AwaitingDdc,
            fiscal_year: 2026,
            kind: if active.is_some() {
                contigo_bot::domain::request::RequestKind::Modification
            } else {
                contigo_bot::domain::request::RequestKind::New
            },
            previous_id: None,
            chat: contigo_bot::message::ChatKey::new(
                contigo_bot::message::Channel::parse(channel).expect("channel"),
                chat_id,
            ),
            locale: "es",
        },
        app.clock.unix(),
    )
    .await
    .expect("insert");
    requests::record_submission(&mut tx, row.id, app.clock.unix())
        .await
        .expect("history");
    tx.commit().await.expect("commit");
    row
}

/// Runs the `contigo-bot` binary on the test's database and files, as the operator
/// `operadora` (the login the access record names for the command line); the
/// command must succeed; returns what it printed.
pub fn binary(db: &TestDb, args: &[&str]) -> String {
    binary_with(db, &[], args)
}

/// [`binary`] with more settings from the environment (`CONTIGO__…`).
pub fn binary_with(db: &TestDb, env: &[(&str, &str)], args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_contigo-bot"))
        .args(["--config", "/dev/null"])
        .args(args)
        .envs(env.iter().copied())
        .env("CONTIGO__DATABASE__URL", &db.url)
        .env("CONTIGO__STORAGE__DIR", db.dir.path().join("files"))
        .env("USER", "operadora")
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf8")
}

/// Registers a staff member reachable on Telegram.
pub async fn add_staff(
    app: &App,
    name: &str,
    roles: &[contigo_bot::domain::stage::Role],
    telegram_id: i64,
) {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let id = telegram_id.to_string();
    contigo_bot::store::staff::add(
        &mut conn,
        &contigo_bot::store::staff::NewStaff {
            name,
            roles,
            telegram_user_id: Some(&id),
            whatsapp_number: None,
            terminal_user: None,
            locale: "es",
        },
        0,
    )
    .await
    .expect("add staff");
}

/// `contigo-bot --config /dev/null ARGS` run in `dir` (its database and files there)
/// with only `env` in its environment and `script` typed on its stdin; it must exit
/// 0.
pub fn typed(
    dir: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
    script: &str,
) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_contigo-bot"));
    cmd.args(["--config", "/dev/null"])
        .args(args)
        .current_dir(dir)
        .env_clear()
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run contigo-bot");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(script.as_bytes())
        .expect("type");
    let out = child.wait_with_output().expect("finish");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The request `id` as stored now.
pub async fn fresh(app: &App, id: i64) -> contigo_bot::store::requests::RequestRow {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    contigo_bot::store::requests::get(&mut conn, id)
        .await
        .expect("query")
        .expect("request")
}

/// The signed DDC on file for request `id` (its sha256 and stored file id), if any.
pub async fn signed_ddc(app: &App, id: i64) -> Option<(String, i64)> {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    contigo_bot::store::files::latest(
        &mut conn,
        id,
        contigo_bot::store::files::DocumentKind::SignedDdc,
    )
    .await
    .expect("query")
}
