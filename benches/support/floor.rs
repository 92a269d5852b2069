//! The bare durable floor the turn benches measure the application against (issue
//! 27): a bot with no framework on the same client and fake Bot API. axum, the update
//! parsed, one SQLite write (rusqlite, WAL, `synchronous = NORMAL`) and per update
//! either one plain `sendMessage` ("ok": the **plain** floor) or the very calls the
//! application makes at that step of the script (the **same-replies** floor: the
//! same texts and keyboards, read once from the application by [`app_replies`], the
//! chat's step kept in memory). Included with `#[path]` beside `common.rs` and the
//! tests' `telegram.rs` (as `mod telegram`), by `turns` and `turn_cost`.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::telegram::{FakeTelegram, TOKEN, TgUser};

use crate::common::{SCRIPT, post_all, start, until_idle, webhook_settings};

/// What the application answers one chat stepping through the script twice (a new
/// chat, then one that has been through it): for each update, the Bot API calls it
/// made, as (method, parameters without `chat_id`).
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Replies(pub Vec<Vec<(String, serde_json::Value)>>);

impl Replies {
    /// The calls for a chat's `step`-th update (from 0): the first time through as
    /// recorded, every later time as the second.
    pub fn for_step(&self, step: usize) -> &[(String, serde_json::Value)] {
        &self.0[recorded_step(self.0.len(), step)]
    }
}

/// Which of `recorded` steps stands for a chat's `step`-th update (see
/// [`Replies::for_step`]).
fn recorded_step(recorded: usize, step: usize) -> usize {
    let cycle = SCRIPT.len();
    if step < recorded {
        step
    } else {
        recorded - cycle + step % cycle
    }
}

/// Runs the application (SQLite under `dir`, a fake Bot API of its own) through the
/// script twice for one chat, an update at a time, and records what it sent for each.
pub async fn app_replies(dir: &std::path::Path) -> Replies {
    use contigo_bot::app::App;
    let tg = FakeTelegram::start().await;
    let url = format!("sqlite://{}", dir.join("replies.db").display());
    let app = App::build(
        webhook_settings(&url, dir, &tg.api_url(), TOKEN, true),
        contigo_bot::clock::Clock::system(),
    )
    .await
    .expect("app");
    let (running, hook) = start(&app).await;
    while tg.webhook_url().is_none() {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let user = TgUser::new(5_000_000, "Bench");
    let mut steps = vec![];
    for line in SCRIPT.iter().chain(SCRIPT) {
        let from = tg.sent().len();
        let id = tg.send_text(&user, line);
        post_all(
            &hook,
            vec![vec![tg.update_json(id).to_string().into_bytes()]],
        )
        .await;
        until_idle(&app, Duration::from_millis(10)).await;
        let calls = tg
            .sent_since(from)
            .into_iter()
            .map(|sent| (sent.method, without_chat(sent.params)))
            .collect();
        steps.push(calls);
    }
    running.stop().await;
    Replies(steps)
}

/// A call's parameters but its `chat_id`.
pub fn without_chat(mut params: serde_json::Value) -> serde_json::Value {
    if let Some(p) = params.as_object_mut() {
        p.remove("chat_id");
    }
    params
}

/// The updates of `chats` chats, `turns` in all, as the fake has them queued: each
/// chat's lines of the registration script in order. Chat `i` is user
/// `first_user + i`.
pub fn updates(
    tg: &FakeTelegram,
    first_user: i64,
    chats: usize,
    turns: usize,
) -> Vec<Vec<Vec<u8>>> {
    let mut out = vec![vec![]; chats];
    for i in 0..turns {
        let chat = i % chats;
        let user = TgUser::new(first_user + chat as i64, "Bench");
        let line = SCRIPT[(i / chats) % SCRIPT.len()];
        let id = tg.send_text(&user, line);
        out[chat].push(tg.update_json(id).to_string().into_bytes());
    }
    out
}

/// A running floor: post updates to [`Floor::url`]; stopped when dropped.
pub struct Floor {
    url: String,
    server: tokio::task::JoinHandle<()>,
}

impl Floor {
    /// Starts a floor whose database is a new file at `db` (any old one removed),
    /// answering through `tg`: "ok" to each update, or with `replies` what the
    /// application answers at that step.
    pub async fn start(
        db: &std::path::Path,
        tg: &FakeTelegram,
        replies: Option<Arc<Replies>>,
    ) -> Self {
        #[derive(serde::Deserialize)]
        struct Update {
            update_id: i64,
            message: Message,
        }
        #[derive(serde::Deserialize)]
        struct Message {
            chat: Chat,
            text: String,
        }
        #[derive(serde::Deserialize)]
        struct Chat {
            id: i64,
        }
        /// The database, and each chat's updates so far (its step in the script).
        struct Db {
            conn: rusqlite::Connection,
            steps: HashMap<i64, usize>,
        }
        /// A call the same-replies floor makes: its URL and its JSON body after the
        /// chat (`,"text": …}`), serialized once, as a bot with its texts and
        /// keyboards built in would have them.
        struct Call {
            url: String,
            rest: String,
        }
        struct State {
            db: Mutex<Db>,
            client: reqwest::Client,
            send: String,
            /// The application's calls, by recorded step ([`recorded_step`]).
            calls: Option<Vec<Vec<Call>>>,
        }
        async fn update(
            axum::extract::State(floor): axum::extract::State<Arc<State>>,
            body: axum::body::Bytes,
        ) -> axum::http::StatusCode {
            let Ok(u) = serde_json::from_slice::<Update>(&body) else {
                return axum::http::StatusCode::OK;
            };
            let chat = u.message.chat.id;
            let step = {
                let mut db = floor.db.lock().expect("db");
                db.conn
                    .execute(
                        "INSERT INTO updates (id, chat_id, text) VALUES (?1, ?2, ?3)",
                        rusqlite::params![u.update_id, chat, u.message.text],
                    )
                    .expect("write");
                let step = db.steps.entry(chat).or_insert(0);
                *step += 1;
                *step - 1
            };
            match &floor.calls {
                None => {
                    let reply = serde_json::json!({"chat_id": chat, "text": "ok"});
                    let _ = floor.client.post(&floor.send).json(&reply).send().await;
                }
                Some(calls) => {
                    for call in &calls[recorded_step(calls.len(), step)] {
                        let body = format!("{{\"chat_id\":{chat}{}", call.rest);
                        let _ = floor
                            .client
                            .post(&call.url)
                            .header("content-type", "application/json")
                            .body(body)
                            .send()
                            .await;
                    }
                }
            }
            axum::http::StatusCode::OK
        }
        // A later round with as many chats starts from an empty floor too.
        for end in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{end}", db.display()));
        }
        let conn = rusqlite::Connection::open(db).expect("floor db");
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
             CREATE TABLE updates (id INTEGER PRIMARY KEY, chat_id INTEGER, text TEXT);",
        )
        .expect("schema");
        let state = Arc::new(State {
            db: Mutex::new(Db {
                conn,
                steps: HashMap::new(),
            }),
            client: reqwest::Client::new(),
            send: format!("{}/bot{TOKEN}/sendMessage", tg.api_url()),
            calls: replies.map(|replies| {
                replies
                    .0
                    .iter()
                    .map(|step| {
                        step.iter()
                            .map(|(method, params)| {
                                let json = serde_json::to_string(params).expect("json");
                                let rest = match json.strip_prefix('{').expect("an object") {
                                    "}" => "}".to_owned(),
                                    fields => format!(",{fields}"),
                                };
                                let url = format!("{}/bot{TOKEN}/{method}", tg.api_url());
                                Call { url, rest }
                            })
                            .collect()
                    })
                    .collect()
            }),
        });
        let router = axum::Router::new()
            .route("/update", axum::routing::post(update))
            .with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Self {
            url: format!("http://{addr}/update"),
            server,
        }
    }

    /// Where updates are posted.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for Floor {
    fn drop(&mut self) {
        self.server.abort();
    }
}
