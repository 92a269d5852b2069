//! The bare durable floor the turn benches measure the application against (issue
//! 27): a bot with no framework on the same client and fake Bot API. axum, the update
//! parsed, one SQLite write (rusqlite, WAL, `synchronous = NORMAL`) and one
//! `sendMessage` per update. Included with `#[path]` beside `common.rs` and the tests'
//! `telegram.rs` (as `mod telegram`), by `turns` and `turn_cost`.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use crate::telegram::{FakeTelegram, TOKEN, TgUser};

use crate::common::SCRIPT;

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
    /// answering through `tg`.
    pub async fn start(db: &std::path::Path, tg: &FakeTelegram) -> Self {
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
        struct State {
            db: Mutex<rusqlite::Connection>,
            client: reqwest::Client,
            send: String,
        }
        async fn update(
            axum::extract::State(floor): axum::extract::State<Arc<State>>,
            body: axum::body::Bytes,
        ) -> axum::http::StatusCode {
            let Ok(u) = serde_json::from_slice::<Update>(&body) else {
                return axum::http::StatusCode::OK;
            };
            {
                let db = floor.db.lock().expect("db");
                db.execute(
                    "INSERT INTO updates (id, chat_id, text) VALUES (?1, ?2, ?3)",
                    rusqlite::params![u.update_id, u.message.chat.id, u.message.text],
                )
                .expect("write");
            }
            let reply = serde_json::json!({"chat_id": u.message.chat.id, "text": "ok"});
            let _ = floor.client.post(&floor.send).json(&reply).send().await;
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
            db: Mutex::new(conn),
            client: reqwest::Client::new(),
            send: format!("{}/bot{TOKEN}/sendMessage", tg.api_url()),
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
