#![allow(dead_code)]
//! A local fake of Telegram's Bot API, for driving the real teloxide adapter in tests.
//!
//! It speaks the documented wire format (<https://core.telegram.org/bots/api>):
//! `POST {api_url}/bot{token}/{method}` with a JSON, multipart/form-data or urlencoded body,
//! answered with `{"ok":true,"result":...}` or `{"ok":false,"error_code":N,"description":...}`,
//! and file downloads as `GET {api_url}/file/bot{token}/{file_path}`.
//! It refuses what the real API refuses (empty or too long texts, bad inline buttons, unknown
//! chats, ...) and records every refusal so tests can assert that none happened.
//!
//! Self-contained: only axum, tokio, serde_json and std.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use serde_json::{Map, Value, json};
use tokio::sync::Notify;

/// The bot token the fake accepts (anything else in the URL answers 401 Unauthorized).
pub const TOKEN: &str = "123456789:TEST-fake-token";
/// The bot's own user id (the number before the colon of [`TOKEN`]).
pub const BOT_ID: i64 = 123_456_789;
pub const BOT_USERNAME: &str = "contigo_test_bot";
pub const BOT_FIRST_NAME: &str = "Contigo (test)";

/// Longest text of a message, in UTF-16 code units (as Telegram counts), after entity parsing.
pub const MAX_TEXT: usize = 4096;
/// Longest caption of a media message.
pub const MAX_CAPTION: usize = 1024;
/// Longest `callback_data` of an inline button, in bytes.
pub const MAX_CALLBACK_DATA: usize = 64;
/// Largest file a bot may upload (sendDocument / sendPhoto).
pub const MAX_UPLOAD: usize = 50 * 1024 * 1024;
/// Largest file a bot may fetch with getFile.
pub const MAX_DOWNLOAD: usize = 20 * 1024 * 1024;

const DEFAULT_WAIT: Duration = Duration::from_secs(10);
const IDLE: Duration = Duration::from_millis(300);

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/// A Telegram user talking to the bot in a private chat (private chat id == user id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TgUser {
    pub id: i64,
    pub first_name: String,
    pub language_code: Option<String>,
}

impl TgUser {
    pub fn new(id: i64, first_name: &str) -> TgUser {
        TgUser {
            id,
            first_name: first_name.to_owned(),
            language_code: None,
        }
    }

    /// The IETF language tag Telegram reports for the user's client (e.g. "es", "en").
    pub fn with_language(mut self, code: &str) -> TgUser {
        self.language_code = Some(code.to_owned());
        self
    }

    /// The id of the private chat with this user.
    pub fn chat_id(&self) -> i64 {
        self.id
    }

    fn json(&self) -> Value {
        let mut user = json!({"id": self.id, "is_bot": false, "first_name": self.first_name});
        if let Some(code) = &self.language_code {
            user["language_code"] = json!(code);
        }
        user
    }

    fn chat_json(&self) -> Value {
        json!({"id": self.id, "type": "private", "first_name": self.first_name})
    }
}

/// One inline keyboard button as the bot sent it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Button {
    pub text: String,
    /// Empty for buttons that are not callback buttons (see `url`).
    pub callback_data: String,
    /// Set for URL buttons.
    pub url: Option<String>,
    /// Set for Mini App buttons: the page they open.
    pub web_app: Option<String>,
}

/// One call of the bot that the fake accepted.
#[derive(Clone, Debug)]
pub struct Sent {
    /// The Bot API method, as teloxide names it ("sendMessage", "editMessageText", ...).
    pub method: String,
    pub chat_id: i64,
    /// The message created or edited (0 for calls that are not about a message).
    pub message_id: i64,
    /// The text (or caption) as the user sees it, i.e. after parse_mode markup was applied.
    /// For answerCallbackQuery, the notification text; for sendChatAction, the action.
    pub text: Option<String>,
    /// The inline keyboard attached (empty when none).
    pub buttons: Vec<Vec<Button>>,
    /// For sendDocument / sendPhoto / sendVoice / sendAudio: (file name, length in bytes).
    pub document: Option<(String, usize)>,
    pub at: Instant,
    /// The file_id the fake gave to an uploaded document/photo (see [`FakeTelegram::document`]).
    pub file_id: Option<String>,
    pub parse_mode: Option<String>,
    /// The request's parameters (uploaded files replaced by their name and length).
    pub params: Value,
    seq: u64,
}

impl Sent {
    /// Button labels, row by row.
    pub fn labels(&self) -> Vec<Vec<String>> {
        self.buttons
            .iter()
            .map(|row| row.iter().map(|b| b.text.clone()).collect())
            .collect()
    }

    /// The text, or "" when it has none.
    pub fn text(&self) -> &str {
        self.text.as_deref().unwrap_or("")
    }
}

/// One 4xx answer the fake gave to a request the bot made.
#[derive(Clone, Debug)]
pub struct Refusal {
    pub method: String,
    pub error_code: u16,
    pub description: String,
    pub chat_id: Option<i64>,
    pub params: Value,
}

/// Flood control. When a limit is set, a send/edit beyond it within one second answers
/// 429 "Too Many Requests: retry after N" with `parameters.retry_after`, like Telegram.
#[derive(Clone, Copy, Debug, Default)]
pub struct Limits {
    pub global_per_sec: Option<u32>,
    pub per_chat_per_sec: Option<u32>,
}

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

struct Inner {
    st: Mutex<St>,
    limits: Limits,
    /// Woken when an update is queued or a new getUpdates starts.
    updates_changed: Notify,
    /// Woken when the bot makes any call (accepted or refused).
    calls_changed: Notify,
    /// Woken once the calls accepted reach [`St::calls_target`] (`wait_calls`).
    calls_reached: Notify,
}

struct QueuedUpdate {
    id: i64,
    delivered: bool,
}

struct StoredMsg {
    from_bot: bool,
    json: Value,
    buttons: Vec<Vec<Button>>,
}

struct ChatState {
    user: TgUser,
    next_message_id: i64,
    messages: BTreeMap<i64, StoredMsg>,
    last_action_seq: u64,
    last_call: Option<Instant>,
}

struct StoredFile {
    unique_id: String,
    path: String,
    bytes: Arc<Vec<u8>>,
}

struct CallbackState {
    update_id: i64,
    chat_id: i64,
    answered: bool,
}

#[derive(Default)]
struct St {
    /// The count of calls accepted `wait_calls` waits for, if it waits.
    calls_target: Option<usize>,
    /// Added before answering each Bot API call but getUpdates (a far-away server).
    latency: Duration,
    /// Calls waiting out `latency` now, and the most at once.
    in_flight: usize,
    peak_in_flight: usize,
    /// File downloads wait this long before the bytes come (a slow network).
    download_stall: Duration,
    /// File downloads answer this HTTP status instead of the file.
    download_fails: Option<u16>,
    next_update_id: i64,
    queue: Vec<QueuedUpdate>,
    updates: HashMap<i64, Value>,
    callbacks: HashMap<String, CallbackState>,
    chats: HashMap<i64, ChatState>,
    files: HashMap<String, StoredFile>,
    paths: HashMap<String, String>,
    sent: Vec<Sent>,
    refusals: Vec<Refusal>,
    throttled: Vec<Refusal>,
    injected: HashMap<String, VecDeque<(u16, Option<u32>)>>,
    recent_sends: VecDeque<(Instant, i64)>,
    /// The most sends seen within one second, overall and to one chat.
    peak_per_sec: usize,
    peak_per_chat_per_sec: usize,
    seq: u64,
    next_file: u64,
    poll_generation: u64,
    webhook_url: Option<String>,
    /// What the last setWebhook asked for besides the URL.
    webhook_secret: Option<String>,
    webhook_allowed_updates: Option<Value>,
    /// What getWebhookInfo reports as the last delivery error (set by a test).
    webhook_last_error: Option<String>,
}

fn lock(inner: &Inner) -> MutexGuard<'_, St> {
    inner
        .st
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn bot_user_json() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": BOT_FIRST_NAME, "username": BOT_USERNAME})
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

fn extension_mime(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "json" => "application/json",
        "html" | "htm" => "text/html",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "ogg" | "oga" => "audio/ogg",
        "mp3" => "audio/mpeg",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ics" => "text/calendar",
        _ => "application/octet-stream",
    }
}

impl St {
    fn bump(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    fn ensure_chat(&mut self, user: &TgUser) -> &mut ChatState {
        let chat = self.chats.entry(user.id).or_insert_with(|| ChatState {
            user: user.clone(),
            next_message_id: 1,
            messages: BTreeMap::new(),
            last_action_seq: 0,
            last_call: None,
        });
        chat.user = user.clone();
        chat
    }

    fn queue_update(&mut self, key: &str, value: Value) -> i64 {
        let id = self.next_update_id;
        self.next_update_id += 1;
        let mut update = json!({ "update_id": id });
        update[key] = value;
        self.updates.insert(id, update);
        self.queue.push(QueuedUpdate {
            id,
            delivered: false,
        });
        id
    }

    /// A message from the user: stored in the chat and queued as an Update.
    fn user_message(&mut self, user: &TgUser, fields: Value) -> i64 {
        let seq = self.bump();
        let chat = self.ensure_chat(user);
        let message_id = chat.next_message_id;
        chat.next_message_id += 1;
        let mut msg = json!({
            "message_id": message_id,
            "from": user.json(),
            "chat": user.chat_json(),
            "date": now_unix(),
        });
        merge(&mut msg, fields);
        chat.messages.insert(
            message_id,
            StoredMsg {
                from_bot: false,
                json: msg.clone(),
                buttons: Vec::new(),
            },
        );
        chat.last_action_seq = seq;
        self.queue_update("message", msg)
    }

    /// A message from the bot: stored in the chat; returns the Message JSON.
    fn bot_message(&mut self, chat_id: i64, fields: Value, buttons: Vec<Vec<Button>>) -> Value {
        let chat = self.chats.get_mut(&chat_id).expect("chat checked before");
        let message_id = chat.next_message_id;
        chat.next_message_id += 1;
        let mut msg = json!({
            "message_id": message_id,
            "from": bot_user_json(),
            "chat": chat.user.chat_json(),
            "date": now_unix(),
        });
        merge(&mut msg, fields);
        chat.messages.insert(
            message_id,
            StoredMsg {
                from_bot: true,
                json: msg.clone(),
                buttons,
            },
        );
        msg
    }

    fn add_file(&mut self, kind: &str, ext: &str, bytes: Vec<u8>) -> (String, String) {
        self.next_file += 1;
        let n = self.next_file;
        let prefix = match kind {
            "photos" => "AgACAgQAAxkB",
            "stickers" => "CAACAgIAAxkB",
            _ => "BQACAgQAAxkB",
        };
        let file_id = format!("{prefix}{n:08}-fake");
        let unique_id = format!("AgAD{n:06}");
        let path = if ext.is_empty() {
            format!("{kind}/file_{n}")
        } else {
            format!("{kind}/file_{n}.{ext}")
        };
        self.paths.insert(path.clone(), file_id.clone());
        self.files.insert(
            file_id.clone(),
            StoredFile {
                unique_id: unique_id.clone(),
                path,
                bytes: Arc::new(bytes),
            },
        );
        (file_id, unique_id)
    }

    fn record(&mut self, sent: Sent) {
        self.sent.push(sent);
    }

    fn new_sent(&mut self, method: &str, chat_id: i64, params: &Params) -> Sent {
        let seq = self.bump();
        Sent {
            method: method.to_owned(),
            chat_id,
            message_id: 0,
            text: None,
            buttons: Vec::new(),
            document: None,
            at: Instant::now(),
            file_id: None,
            parse_mode: params.str("parse_mode"),
            params: params.summary(),
            seq,
        }
    }

    fn touch_chat(&mut self, chat_id: Option<i64>) {
        if let Some(chat) = chat_id.and_then(|id| self.chats.get_mut(&id)) {
            chat.last_call = Some(Instant::now());
        }
    }

    fn known_chat(&self, params: &Params) -> Result<i64, ApiErr> {
        let Some(raw) = params.map.get("chat_id") else {
            return Err(ApiErr::bad("Bad Request: chat_id is empty"));
        };
        let id = match raw {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        match id {
            Some(id) if self.chats.contains_key(&id) => Ok(id),
            _ => Err(ApiErr::bad("Bad Request: chat not found")),
        }
    }

    fn flood_check(&mut self, limits: &Limits, chat_id: i64) -> Result<(), ApiErr> {
        let now = Instant::now();
        while let Some((at, _)) = self.recent_sends.front() {
            if now.duration_since(*at) >= Duration::from_secs(1) {
                self.recent_sends.pop_front();
            } else {
                break;
            }
        }
        let retry = |oldest: Instant| {
            let left = Duration::from_secs(1).saturating_sub(now.duration_since(oldest));
            (left.as_millis().div_ceil(1000) as u32).max(1)
        };
        if let Some(limit) = limits.global_per_sec
            && self.recent_sends.len() >= limit as usize
        {
            return Err(ApiErr::too_many(retry(self.recent_sends[0].0)));
        }
        if let Some(limit) = limits.per_chat_per_sec {
            let in_chat: Vec<Instant> = self
                .recent_sends
                .iter()
                .filter(|(_, c)| *c == chat_id)
                .map(|(at, _)| *at)
                .collect();
            if in_chat.len() >= limit as usize {
                return Err(ApiErr::too_many(retry(in_chat[0])));
            }
        }
        self.recent_sends.push_back((now, chat_id));
        self.peak_per_sec = self.peak_per_sec.max(self.recent_sends.len());
        let in_chat = self
            .recent_sends
            .iter()
            .filter(|(_, c)| *c == chat_id)
            .count();
        self.peak_per_chat_per_sec = self.peak_per_chat_per_sec.max(in_chat);
        Ok(())
    }
}

fn merge(target: &mut Value, fields: Value) {
    if let (Some(target), Value::Object(fields)) = (target.as_object_mut(), fields) {
        for (k, v) in fields {
            target.insert(k, v);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The fake
// ---------------------------------------------------------------------------------------------

/// A running fake Bot API server. Dropping it stops the server.
pub struct FakeTelegram {
    inner: Arc<Inner>,
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeTelegram {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeTelegram {
    /// Starts the fake on 127.0.0.1 (a free port), with no flood limits.
    pub async fn start() -> FakeTelegram {
        FakeTelegram::start_with(Limits::default()).await
    }

    pub async fn start_with(limits: Limits) -> FakeTelegram {
        let inner = Arc::new(Inner {
            st: Mutex::new(St {
                next_update_id: 700_000_001,
                ..St::default()
            }),
            limits,
            updates_changed: Notify::new(),
            calls_changed: Notify::new(),
            calls_reached: Notify::new(),
        });
        let app = Router::new()
            .route("/file/{bot}/{*path}", get(download))
            .route("/{bot}/{method}", any(api))
            .fallback(fallback)
            .layer(DefaultBodyLimit::max(MAX_UPLOAD + 10 * 1024 * 1024))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind fake telegram");
        let addr = listener.local_addr().expect("fake telegram address");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeTelegram { inner, addr, task }
    }

    /// Where the bot's Telegram API URL must point, e.g. "http://127.0.0.1:40123".
    pub fn api_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn st(&self) -> MutexGuard<'_, St> {
        lock(&self.inner)
    }

    fn queued(&self, id: i64) -> i64 {
        self.inner.updates_changed.notify_waiters();
        id
    }

    // ----- what users do -----

    /// The user types `text`. A text starting with "/" (e.g. "/start") carries the bot_command
    /// entity Telegram adds. Returns the update_id.
    pub fn send_text(&self, user: &TgUser, text: &str) -> i64 {
        let mut fields = json!({ "text": text });
        if text.starts_with('/') {
            let command = text.split_whitespace().next().unwrap_or(text);
            fields["entities"] =
                json!([{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]);
        }
        let id = self.st().user_message(user, fields);
        self.queued(id)
    }

    /// The user taps the inline button labelled exactly `label` on the newest bot message in
    /// their chat that has one. Panics listing the available buttons when there is none.
    #[track_caller]
    pub fn press_button(&self, user: &TgUser, label: &str) -> i64 {
        let mut st = self.st();
        let seq = st.bump();
        let Some(chat) = st.chats.get_mut(&user.id) else {
            panic!(
                "press_button({label:?}): the bot never wrote to chat {}",
                user.id
            );
        };
        let found = chat
            .messages
            .values()
            .rev()
            .filter(|m| m.from_bot)
            .find_map(|m| {
                m.buttons
                    .iter()
                    .flatten()
                    .find(|b| b.text == label)
                    .map(|b| (m.json.clone(), b.clone()))
            });
        let Some((message, button)) = found else {
            let mut listing = String::new();
            for (id, m) in chat.messages.iter().rev().filter(|(_, m)| m.from_bot) {
                if m.buttons.is_empty() {
                    continue;
                }
                let text = m.json["text"]
                    .as_str()
                    .or(m.json["caption"].as_str())
                    .unwrap_or("");
                let short: String = text.chars().take(60).collect();
                listing.push_str(&format!("\n  message {id} {short:?}:"));
                for row in &m.buttons {
                    let row: Vec<String> = row.iter().map(|b| format!("[{}]", b.text)).collect();
                    listing.push_str(&format!("\n    {}", row.join(" ")));
                }
            }
            if listing.is_empty() {
                listing = "\n  (no bot message in this chat has an inline keyboard)".to_owned();
            }
            panic!(
                "press_button: no button labelled {label:?} in chat {}; buttons, newest first:{listing}",
                user.id
            );
        };
        if button.callback_data.is_empty() {
            panic!("press_button: button {label:?} is not a callback button ({button:?})");
        }
        chat.last_action_seq = seq;
        st.seq += 1;
        let query_id = format!("{}{:06}", user.id, st.seq);
        let callback = json!({
            "id": query_id,
            "from": user.json(),
            "message": message,
            "chat_instance": format!("-{}", 4_000_000_000_i64 + user.id),
            "data": button.callback_data,
        });
        let id = st.queue_update("callback_query", callback);
        st.callbacks.insert(
            query_id,
            CallbackState {
                update_id: id,
                chat_id: user.id,
                answered: false,
            },
        );
        drop(st);
        self.queued(id)
    }

    /// The user sends a file as a document.
    pub fn send_document(&self, user: &TgUser, file_name: &str, mime: &str, bytes: Vec<u8>) -> i64 {
        let mut st = self.st();
        let size = bytes.len();
        let ext = file_name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let (file_id, unique_id) = st.add_file("documents", &ext, bytes);
        let fields = json!({"document": {
            "file_id": file_id, "file_unique_id": unique_id, "file_name": file_name,
            "mime_type": mime, "file_size": size,
        }});
        let id = st.user_message(user, fields);
        drop(st);
        self.queued(id)
    }

    /// The user sends a photo. The update carries two PhotoSize: a thumbnail (90x67, whose file is
    /// only the first KiB of the bytes) and the full size (1280x960, the whole bytes).
    pub fn send_photo(&self, user: &TgUser, jpeg: Vec<u8>) -> i64 {
        let mut st = self.st();
        let thumb: Vec<u8> = jpeg.iter().take(1024).copied().collect();
        let (thumb_len, full_len) = (thumb.len(), jpeg.len());
        let (thumb_id, thumb_uid) = st.add_file("photos", "jpg", thumb);
        let (full_id, full_uid) = st.add_file("photos", "jpg", jpeg);
        let fields = json!({"photo": [
            {"file_id": thumb_id, "file_unique_id": thumb_uid, "file_size": thumb_len, "width": 90, "height": 67},
            {"file_id": full_id, "file_unique_id": full_uid, "file_size": full_len, "width": 1280, "height": 960},
        ]});
        let id = st.user_message(user, fields);
        drop(st);
        self.queued(id)
    }

    /// The user records a voice note (OGG/Opus, as Telegram's clients do).
    pub fn send_voice(&self, user: &TgUser, ogg: Vec<u8>) -> i64 {
        let mut st = self.st();
        let size = ogg.len();
        let (file_id, unique_id) = st.add_file("voice", "oga", ogg);
        let fields = json!({"voice": {
            "file_id": file_id, "file_unique_id": unique_id, "duration": 3,
            "mime_type": "audio/ogg", "file_size": size,
        }});
        let id = st.user_message(user, fields);
        drop(st);
        self.queued(id)
    }

    /// The user shares a contact (their own when `contact_user_id` is their id).
    pub fn send_contact(&self, user: &TgUser, phone: &str, contact_user_id: Option<i64>) -> i64 {
        let mut contact = json!({"phone_number": phone, "first_name": user.first_name});
        if let Some(uid) = contact_user_id {
            contact["user_id"] = json!(uid);
        }
        let id = self.st().user_message(user, json!({ "contact": contact }));
        self.queued(id)
    }

    /// The user sends a sticker (a message type the bot does not support).
    pub fn send_sticker(&self, user: &TgUser) -> i64 {
        let mut st = self.st();
        let bytes = b"RIFF\x10\x00\x00\x00WEBPVP8 fake sticker".to_vec();
        let size = bytes.len();
        let (file_id, unique_id) = st.add_file("stickers", "webp", bytes);
        let fields = json!({"sticker": {
            "file_id": file_id, "file_unique_id": unique_id, "file_size": size,
            "type": "regular", "width": 512, "height": 512,
            "is_animated": false, "is_video": false, "emoji": "👍", "set_name": "FakeStickers",
        }});
        let id = st.user_message(user, fields);
        drop(st);
        self.queued(id)
    }

    /// Queues the same update again (Telegram may deliver an update twice).
    #[track_caller]
    pub fn redeliver(&self, update_id: i64) {
        let mut st = self.st();
        assert!(
            st.updates.contains_key(&update_id),
            "redeliver: unknown update {update_id}"
        );
        st.queue.push(QueuedUpdate {
            id: update_id,
            delivered: false,
        });
        drop(st);
        self.inner.updates_changed.notify_waiters();
    }

    /// The raw Update JSON, e.g. for posting it to the bot's webhook.
    #[track_caller]
    pub fn update_json(&self, update_id: i64) -> Value {
        self.st()
            .updates
            .get(&update_id)
            .cloned()
            .unwrap_or_else(|| panic!("unknown update {update_id}"))
    }

    // ----- what the bot did -----

    /// Every call the fake accepted from the bot (sends, edits, chat actions, callback answers,
    /// deletions), in order. Not getUpdates/getMe/getFile/... .
    pub fn sent(&self) -> Vec<Sent> {
        self.st().sent.clone()
    }

    /// Calls made after the first `from` (a poller's cursor: cheap where `sent` copies
    /// them all).
    pub fn sent_since(&self, from: usize) -> Vec<Sent> {
        self.st().sent.iter().skip(from).cloned().collect()
    }

    /// How many calls [`FakeTelegram::sent`] would list (without copying them).
    pub fn calls(&self) -> usize {
        self.st().sent.len()
    }

    /// Waits (at most `timeout`) until the fake has accepted `n` calls in all (as
    /// [`FakeTelegram::calls`] counts them); whether it has. Woken once, as the count
    /// reaches `n`, not at every call (a benchmark's client waits here: its wake-ups
    /// count). One waiter at a time.
    pub async fn wait_calls(&self, n: usize, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            {
                let mut st = self.st();
                if st.sent.len() >= n {
                    st.calls_target = None;
                    return true;
                }
                st.calls_target = Some(n);
            }
            // `notify_one` keeps a permit when no one waits yet: nothing is missed; a
            // permit left by an earlier wait only makes this loop look again.
            let reached = self.inner.calls_reached.notified();
            if tokio::time::timeout_at(deadline, reached).await.is_err() {
                let mut st = self.st();
                st.calls_target = None;
                return st.sent.len() >= n;
            }
        }
    }

    pub fn sent_to(&self, chat_id: i64) -> Vec<Sent> {
        self.st()
            .sent
            .iter()
            .filter(|s| s.chat_id == chat_id)
            .cloned()
            .collect()
    }

    /// Messages (send*/edit* calls with a text or caption) to `chat_id`.
    pub fn messages_to(&self, chat_id: i64) -> Vec<Sent> {
        self.sent_to(chat_id)
            .into_iter()
            .filter(|s| is_message(s) && s.text.is_some())
            .collect()
    }

    /// Waits (10 s) for the first message to `chat_id`, sent after the user's last action in that
    /// chat, whose text or caption contains `contains`. Panics listing what the chat got.
    pub async fn wait_for(&self, chat_id: i64, contains: &str) -> Sent {
        self.wait_for_within(chat_id, contains, DEFAULT_WAIT).await
    }

    pub async fn wait_for_within(&self, chat_id: i64, contains: &str, timeout: Duration) -> Sent {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.inner.calls_changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let st = self.st();
                let since = st
                    .chats
                    .get(&chat_id)
                    .map(|c| c.last_action_seq)
                    .unwrap_or(0);
                let found = st.sent.iter().find(|s| {
                    s.chat_id == chat_id
                        && s.seq > since
                        && is_message(s)
                        && s.text.as_deref().is_some_and(|t| t.contains(contains))
                });
                if let Some(found) = found {
                    return found.clone();
                }
                if tokio::time::Instant::now() >= deadline {
                    let listing = describe_chat(&st, chat_id, since);
                    drop(st);
                    panic!(
                        "wait_for: no message containing {contains:?} reached chat {chat_id} within {timeout:?} after the user's last action.{listing}"
                    );
                }
            }
            let _ = tokio::time::timeout_at(deadline, notified).await;
        }
    }

    /// Waits until the bot has made no call for `chat_id` for ~300 ms (at most 15 s).
    pub async fn wait_until_idle(&self, chat_id: i64) {
        let start = Instant::now();
        loop {
            let last = self
                .st()
                .chats
                .get(&chat_id)
                .and_then(|c| c.last_call)
                .unwrap_or(start)
                .max(start);
            let quiet_at = last + IDLE;
            let now = Instant::now();
            if now >= quiet_at {
                return;
            }
            assert!(
                now.duration_since(start) < Duration::from_secs(15),
                "wait_until_idle: the bot kept calling for chat {chat_id} for 15 s"
            );
            tokio::time::sleep(quiet_at - now).await;
        }
    }

    /// Waits (10 s) until the bot confirmed every queued update via the getUpdates offset.
    pub async fn wait_until_confirmed(&self) {
        let deadline = Instant::now() + DEFAULT_WAIT;
        while self.pending_updates() > 0 {
            assert!(
                Instant::now() < deadline,
                "wait_until_confirmed: {} updates still pending after 10 s",
                self.pending_updates()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The bytes of a document (or photo) the bot sent.
    #[track_caller]
    pub fn document(&self, sent: &Sent) -> Vec<u8> {
        let id = sent
            .file_id
            .as_ref()
            .unwrap_or_else(|| panic!("{} carried no file", sent.method));
        self.st()
            .files
            .get(id)
            .map(|f| f.bytes.to_vec())
            .expect("file stored")
    }

    /// Every 4xx answer caused by the bot's own requests (validation errors, unknown chats or
    /// methods, wrong token, getUpdates conflicts). Failures injected with [`Self::fail_next`] and
    /// flood-control 429s (see [`Self::throttled`]) are not included.
    pub fn refusals(&self) -> Vec<Refusal> {
        self.st().refusals.clone()
    }

    /// The most messages sent (or edited) within any one second, overall and to one
    /// chat, counted whatever the limits.
    pub fn peak_per_second(&self) -> (usize, usize) {
        let st = self.st();
        (st.peak_per_sec, st.peak_per_chat_per_sec)
    }

    /// The 429 answers given by the flood control configured with [`Limits`].
    pub fn throttled(&self) -> Vec<Refusal> {
        self.st().throttled.clone()
    }

    /// Updates queued but not yet confirmed by a getUpdates offset.
    pub fn pending_updates(&self) -> usize {
        self.st().queue.len()
    }

    /// Callback queries (by update_id) the bot has not answered with answerCallbackQuery.
    pub fn unanswered_callbacks(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .st()
            .callbacks
            .values()
            .filter(|c| !c.answered)
            .map(|c| c.update_id)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// The webhook URL set with setWebhook (None after deleteWebhook).
    pub fn webhook_url(&self) -> Option<String> {
        self.st().webhook_url.clone()
    }

    /// The secret token and update types the last setWebhook asked for.
    pub fn webhook_registration(&self) -> (Option<String>, Option<Value>) {
        let st = self.st();
        (
            st.webhook_secret.clone(),
            st.webhook_allowed_updates.clone(),
        )
    }

    /// getWebhookInfo will report this as Telegram's last error delivering to us.
    pub fn set_webhook_error(&self, message: &str) {
        self.st().webhook_last_error = Some(message.to_owned());
    }

    /// The next call of `method` (e.g. "sendMessage") fails with `error_code`. 429 answers
    /// "Too Many Requests: retry after N" with parameters.retry_after = N (default 1); 403 answers
    /// "Forbidden: bot was blocked by the user"; 5xx make teloxide sleep 10 s before returning.
    pub fn fail_next(&self, method: &str, error_code: u16, retry_after: Option<u32>) {
        self.st()
            .injected
            .entry(method.to_ascii_lowercase())
            .or_default()
            .push_back((error_code, retry_after));
    }

    /// Every Bot API call but getUpdates takes `latency` more (a server far from Telegram's).
    pub fn set_latency(&self, latency: Duration) {
        self.st().latency = latency;
    }

    /// The most calls that waited out the latency at once (see [`Self::set_latency`]).
    pub fn peak_in_flight(&self) -> usize {
        self.st().peak_in_flight
    }

    /// File downloads take `stall` before the bytes come.
    pub fn stall_downloads(&self, stall: Duration) {
        self.st().download_stall = stall;
    }

    /// File downloads answer `status` (e.g. 404) from now on; `None` serves them again.
    pub fn fail_downloads(&self, status: Option<u16>) {
        self.st().download_fails = status;
    }
}

fn is_message(s: &Sent) -> bool {
    s.method.starts_with("send") && s.method != "sendChatAction" || s.method.starts_with("edit")
}

fn describe_chat(st: &St, chat_id: i64, since: u64) -> String {
    let mut out = String::new();
    if !st.chats.contains_key(&chat_id) {
        out.push_str(&format!(
            "\n  (chat {chat_id} is unknown: the user never wrote)"
        ));
    }
    let sent: Vec<&Sent> = st.sent.iter().filter(|s| s.chat_id == chat_id).collect();
    if sent.is_empty() {
        out.push_str("\n  nothing was sent to this chat");
    }
    for s in sent {
        let when = if s.seq > since { "after " } else { "before" };
        let mut line = format!("\n  [{when} last action] {} #{}", s.method, s.message_id);
        if let Some(text) = &s.text {
            line.push_str(&format!(" {text:?}"));
        }
        if !s.buttons.is_empty() {
            line.push_str(&format!(" buttons {:?}", s.labels()));
        }
        if let Some((name, len)) = &s.document {
            line.push_str(&format!(" file {name:?} ({len} bytes)"));
        }
        out.push_str(&line);
    }
    for r in st
        .refusals
        .iter()
        .chain(&st.throttled)
        .filter(|r| r.chat_id == Some(chat_id))
    {
        out.push_str(&format!(
            "\n  REFUSED {} {}: {}",
            r.method, r.error_code, r.description
        ));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// HTTP side
// ---------------------------------------------------------------------------------------------

#[derive(Debug)]
struct ApiErr {
    code: u16,
    description: String,
    retry_after: Option<u32>,
}

impl ApiErr {
    fn new(code: u16, description: impl Into<String>) -> ApiErr {
        ApiErr {
            code,
            description: description.into(),
            retry_after: None,
        }
    }
    fn bad(description: impl Into<String>) -> ApiErr {
        ApiErr::new(400, description)
    }
    fn too_many(secs: u32) -> ApiErr {
        ApiErr {
            code: 429,
            description: format!("Too Many Requests: retry after {secs}"),
            retry_after: Some(secs),
        }
    }
    fn body(&self) -> Value {
        let mut body =
            json!({"ok": false, "error_code": self.code, "description": self.description});
        if let Some(secs) = self.retry_after {
            body["parameters"] = json!({ "retry_after": secs });
        }
        body
    }
    fn response(&self) -> Response {
        let status = StatusCode::from_u16(self.code).unwrap_or(StatusCode::BAD_REQUEST);
        (status, axum::Json(self.body())).into_response()
    }
}

fn injected_error(code: u16, retry_after: Option<u32>) -> ApiErr {
    if code == 429 {
        return ApiErr::too_many(retry_after.unwrap_or(1));
    }
    let description = match code {
        400 => "Bad Request: injected failure",
        401 => "Unauthorized",
        403 => "Forbidden: bot was blocked by the user",
        404 => "Not Found",
        409 => {
            "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
        }
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        _ => "Injected error",
    };
    ApiErr {
        code,
        description: description.to_owned(),
        retry_after,
    }
}

fn ok(result: Value) -> Response {
    axum::Json(json!({"ok": true, "result": result})).into_response()
}

struct Upload {
    file_name: String,
    bytes: Vec<u8>,
}

/// A request's parameters, whatever the encoding (JSON, multipart or urlencoded).
#[derive(Default)]
struct Params {
    map: Map<String, Value>,
    uploads: HashMap<String, Upload>,
}

impl Params {
    fn str(&self, key: &str) -> Option<String> {
        match self.map.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }
    fn i64(&self, key: &str) -> Option<i64> {
        match self.map.get(key)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
    fn bool(&self, key: &str) -> bool {
        match self.map.get(key) {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s == "true",
            _ => false,
        }
    }
    /// A JSON-typed parameter: an object in JSON bodies, a JSON string in multipart/urlencoded.
    fn json(&self, key: &str) -> Result<Option<Value>, ApiErr> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => serde_json::from_str(s)
                .map(Some)
                .map_err(|_| ApiErr::bad(format!("Bad Request: can't parse {key} JSON object"))),
            Some(other) => Ok(Some(other.clone())),
        }
    }
    fn summary(&self) -> Value {
        let mut map = self.map.clone();
        for (name, upload) in &self.uploads {
            map.insert(
                name.clone(),
                json!({"file_name": upload.file_name, "len": upload.bytes.len()}),
            );
        }
        Value::Object(map)
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > haystack.len() || needle.is_empty() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(hi), Some(lo)) => {
                        out.push((hi * 16 + lo) as u8);
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse_urlencoded(s: &str, map: &mut Map<String, Value>) {
    for pair in s.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        map.insert(
            percent_decode(k, true),
            Value::String(percent_decode(v, true)),
        );
    }
}

/// The value of `key="..."` in a Content-Disposition header (also `key*=utf-8''...`).
fn disposition_param(header: &str, key: &str) -> Option<String> {
    if let Some(start) = header.find(&format!("; {key}=\"")) {
        let mut out = String::new();
        let mut chars = header[start + key.len() + 4..].chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.push(chars.next()?),
                '"' => return Some(out),
                c => out.push(c),
            }
        }
        return None;
    }
    let start = header.find(&format!("; {key}*=utf-8''"))?;
    let rest = &header[start + key.len() + 12..];
    let value = rest.split(';').next().unwrap_or("").trim();
    Some(percent_decode(value, false))
}

fn parse_multipart(body: &[u8], boundary: &str, params: &mut Params) -> Option<()> {
    let delimiter = format!("--{boundary}").into_bytes();
    let next_delimiter = format!("\r\n--{boundary}").into_bytes();
    let mut pos = find(body, &delimiter, 0)? + delimiter.len();
    loop {
        if body[pos..].starts_with(b"--") {
            return Some(());
        }
        pos += 2; // CRLF after the delimiter
        let headers_end = find(body, b"\r\n\r\n", pos)?;
        let headers = String::from_utf8_lossy(&body[pos..headers_end]).into_owned();
        let content_start = headers_end + 4;
        let content_end = find(body, &next_delimiter, content_start)?;
        let content = &body[content_start..content_end];
        let disposition = headers.split("\r\n").find(|line| {
            line.to_ascii_lowercase()
                .starts_with("content-disposition:")
        })?;
        let name = disposition_param(disposition, "name")?;
        match disposition_param(disposition, "filename") {
            Some(file_name) => {
                params.uploads.insert(
                    name,
                    Upload {
                        file_name,
                        bytes: content.to_vec(),
                    },
                );
            }
            None => {
                params.map.insert(
                    name,
                    Value::String(String::from_utf8_lossy(content).into_owned()),
                );
            }
        }
        pos = content_end + next_delimiter.len();
    }
}

fn parse_params(headers: &HeaderMap, uri: &Uri, body: &[u8]) -> Result<Params, ApiErr> {
    let mut params = Params::default();
    if let Some(query) = uri.query() {
        parse_urlencoded(query, &mut params.map);
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let lower = content_type.to_ascii_lowercase();
    if body.is_empty() {
        return Ok(params);
    }
    if lower.starts_with("application/json") {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => params.map.extend(map),
            Ok(Value::Null) => {}
            _ => return Err(ApiErr::bad("Bad Request: invalid JSON in request body")),
        }
    } else if lower.starts_with("multipart/form-data") {
        let boundary = content_type
            .split(';')
            .filter_map(|p| p.trim().strip_prefix("boundary="))
            .next()
            .map(|b| b.trim_matches('"').to_owned())
            .ok_or_else(|| ApiErr::bad("Bad Request: multipart boundary is missing"))?;
        parse_multipart(body, &boundary, &mut params)
            .ok_or_else(|| ApiErr::bad("Bad Request: malformed multipart/form-data body"))?;
    } else if lower.starts_with("application/x-www-form-urlencoded") {
        parse_urlencoded(&String::from_utf8_lossy(body), &mut params.map);
    }
    Ok(params)
}

async fn fallback() -> Response {
    ApiErr::new(404, "Not Found").response()
}

async fn download(
    State(inner): State<Arc<Inner>>,
    Path((bot, path)): Path<(String, String)>,
) -> Response {
    if bot != format!("bot{TOKEN}") {
        return ApiErr::new(404, "Not Found").response();
    }
    let (stall, fails) = {
        let st = lock(&inner);
        (st.download_stall, st.download_fails)
    };
    if let Some(status) = fails {
        return ApiErr::new(status, "Download failed").response();
    }
    tokio::time::sleep(stall).await;
    let st = lock(&inner);
    match st.paths.get(&path).and_then(|id| st.files.get(id)) {
        Some(file) => {
            let bytes = file.bytes.to_vec();
            drop(st);
            ([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response()
        }
        None => ApiErr::new(404, "Not Found").response(),
    }
}

async fn api(
    State(inner): State<Arc<Inner>>,
    Path((bot, method)): Path<(String, String)>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let params = match parse_params(&headers, &uri, &body) {
        Ok(params) => params,
        Err(err) => return refuse(&inner, &method, None, &Params::default(), err),
    };
    if bot != format!("bot{TOKEN}") {
        return refuse(
            &inner,
            &method,
            None,
            &params,
            ApiErr::new(401, "Unauthorized"),
        );
    }
    let lower = method.to_ascii_lowercase();
    let chat_hint = params.i64("chat_id");
    {
        let mut st = lock(&inner);
        st.touch_chat(chat_hint);
        let injected = st.injected.get_mut(&lower).and_then(|q| q.pop_front());
        if let Some((code, retry_after)) = injected {
            drop(st);
            inner.calls_changed.notify_waiters();
            return injected_error(code, retry_after).response();
        }
    }
    if lower == "getupdates" {
        return get_updates(&inner, &method, params).await;
    }
    let latency = lock(&inner).latency;
    if !latency.is_zero() {
        {
            let mut st = lock(&inner);
            st.in_flight += 1;
            st.peak_in_flight = st.peak_in_flight.max(st.in_flight);
        }
        tokio::time::sleep(latency).await;
        lock(&inner).in_flight -= 1;
    }
    let (result, reached) = {
        let mut st = lock(&inner);
        let result = handle(&mut st, &inner.limits, &lower, &params);
        let reached = st.calls_target.is_some_and(|n| st.sent.len() >= n);
        (result, reached)
    };
    inner.calls_changed.notify_waiters();
    if reached {
        inner.calls_reached.notify_one();
    }
    match result {
        Ok(value) => ok(value),
        Err(err) => refuse(&inner, &method, chat_hint, &params, err),
    }
}

/// The Bot API's spelling of a method (teloxide sends "SendMessage"; Telegram ignores case).
fn canonical(method: &str) -> String {
    const KNOWN: [&str; 24] = [
        "getUpdates",
        "getMe",
        "deleteWebhook",
        "setWebhook",
        "getWebhookInfo",
        "setMyCommands",
        "deleteMyCommands",
        "getMyCommands",
        "setMyDescription",
        "setMyShortDescription",
        "logOut",
        "close",
        "getFile",
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "editMessageText",
        "editMessageReplyMarkup",
        "deleteMessage",
        "sendChatAction",
        "answerCallbackQuery",
        "editMessageCaption",
        "sendVoice",
        "sendAudio",
    ];
    KNOWN
        .iter()
        .find(|k| k.eq_ignore_ascii_case(method))
        .map(|k| (*k).to_owned())
        .unwrap_or_else(|| method.to_owned())
}

fn refuse(
    inner: &Inner,
    method: &str,
    chat_id: Option<i64>,
    params: &Params,
    err: ApiErr,
) -> Response {
    let refusal = Refusal {
        method: canonical(method),
        error_code: err.code,
        description: err.description.clone(),
        chat_id,
        params: params.summary(),
    };
    {
        let mut st = lock(inner);
        if err.code == 429 {
            st.throttled.push(refusal);
        } else {
            st.refusals.push(refusal);
        }
    }
    inner.calls_changed.notify_waiters();
    err.response()
}

async fn get_updates(inner: &Inner, method: &str, params: Params) -> Response {
    let offset = params.i64("offset").unwrap_or(0);
    let limit = params.i64("limit").unwrap_or(100).clamp(1, 100) as usize;
    let timeout = Duration::from_secs(params.i64("timeout").unwrap_or(0).max(0) as u64);
    let deadline = tokio::time::Instant::now() + timeout;
    let generation = {
        let mut st = lock(inner);
        if st.webhook_url.is_some() {
            drop(st);
            let err = ApiErr::new(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            );
            return refuse(inner, method, None, &params, err);
        }
        // Confirm: forget updates below the offset (those already delivered at least once).
        if offset > 0 {
            st.queue.retain(|q| q.id >= offset || !q.delivered);
        } else if offset < 0 {
            let keep = (-offset) as usize;
            st.queue.sort_by_key(|q| q.id);
            let drop_n = st.queue.len().saturating_sub(keep);
            st.queue.drain(..drop_n);
        }
        st.poll_generation += 1;
        st.poll_generation
    };
    inner.updates_changed.notify_waiters();
    loop {
        let notified = inner.updates_changed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        {
            let mut st = lock(inner);
            if st.poll_generation != generation {
                drop(st);
                let err = ApiErr::new(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                );
                return refuse(inner, method, None, &params, err);
            }
            st.queue.sort_by_key(|q| q.id);
            let mut batch = Vec::new();
            for q in st.queue.iter_mut().take(limit) {
                q.delivered = true;
                batch.push(q.id);
            }
            if !batch.is_empty() || tokio::time::Instant::now() >= deadline {
                let updates: Vec<Value> = batch
                    .iter()
                    .filter_map(|id| st.updates.get(id).cloned())
                    .collect();
                return ok(Value::Array(updates));
            }
        }
        let _ = tokio::time::timeout_at(deadline, notified).await;
    }
}

/// Every method but getUpdates. `method` is lower-cased (Telegram's names are case-insensitive).
fn handle(st: &mut St, limits: &Limits, method: &str, p: &Params) -> Result<Value, ApiErr> {
    match method {
        "getme" => {
            let mut me = bot_user_json();
            merge(
                &mut me,
                json!({"can_join_groups": true, "can_read_all_group_messages": false,
                       "supports_inline_queries": false, "can_connect_to_business": false,
                       "has_main_web_app": false}),
            );
            Ok(me)
        }
        "deletewebhook" => {
            st.webhook_url = None;
            if p.bool("drop_pending_updates") {
                st.queue.clear();
            }
            Ok(json!(true))
        }
        "setwebhook" => {
            let url = p.str("url").unwrap_or_default();
            if url.is_empty() {
                st.webhook_url = None;
                return Ok(json!(true));
            }
            if !url.starts_with("https://") {
                return Err(ApiErr::bad(
                    "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
                ));
            }
            st.webhook_url = Some(url);
            st.webhook_secret = p.str("secret_token");
            // Like every array parameter, it may come JSON-serialized in a form field.
            st.webhook_allowed_updates = p.map.get("allowed_updates").map(|v| match v {
                Value::String(s) => serde_json::from_str(s).unwrap_or_else(|_| v.clone()),
                other => other.clone(),
            });
            if p.bool("drop_pending_updates") {
                st.queue.clear();
            }
            Ok(json!(true))
        }
        "getwebhookinfo" => {
            let mut info = json!({
                "url": st.webhook_url.clone().unwrap_or_default(),
                "has_custom_certificate": false,
                "pending_update_count": st.queue.len(),
            });
            if let Some(error) = &st.webhook_last_error {
                info["last_error_message"] = json!(error);
                info["last_error_date"] = json!(chrono::Utc::now().timestamp());
            }
            if let Some(updates) = &st.webhook_allowed_updates {
                info["allowed_updates"] = updates.clone();
            }
            Ok(info)
        }
        "setmycommands"
        | "deletemycommands"
        | "setmydescription"
        | "setmyshortdescription"
        | "logout"
        | "close" => Ok(json!(true)),
        "getmycommands" => Ok(json!([])),
        "getfile" => {
            let file_id = p.str("file_id").unwrap_or_default();
            let file = st
                .files
                .get(&file_id)
                .ok_or_else(|| ApiErr::bad("Bad Request: invalid file id"))?;
            if file.bytes.len() > MAX_DOWNLOAD {
                return Err(ApiErr::bad("Bad Request: file is too big"));
            }
            Ok(json!({"file_id": file_id, "file_unique_id": file.unique_id,
                      "file_size": file.bytes.len(), "file_path": file.path}))
        }
        "sendmessage" => send_message(st, limits, p),
        "senddocument" => send_file(st, limits, p, "document"),
        "sendphoto" => send_file(st, limits, p, "photo"),
        "sendvoice" => send_file(st, limits, p, "voice"),
        "sendaudio" => send_file(st, limits, p, "audio"),
        "editmessagetext" => edit_message(st, limits, p, true),
        "editmessagereplymarkup" => edit_message(st, limits, p, false),
        "deletemessage" => {
            let chat_id = st.known_chat(p)?;
            let message_id = p.i64("message_id").unwrap_or(0);
            let chat = st.chats.get_mut(&chat_id).expect("known");
            if chat.messages.remove(&message_id).is_none() {
                return Err(ApiErr::bad("Bad Request: message to delete not found"));
            }
            let mut sent = st.new_sent("deleteMessage", chat_id, p);
            sent.message_id = message_id;
            st.record(sent);
            Ok(json!(true))
        }
        "sendchataction" => {
            let chat_id = st.known_chat(p)?;
            let action = p.str("action").unwrap_or_default();
            const ACTIONS: [&str; 10] = [
                "typing",
                "upload_photo",
                "record_video",
                "upload_video",
                "record_voice",
                "upload_voice",
                "upload_document",
                "choose_sticker",
                "find_location",
                "upload_video_note",
            ];
            if !ACTIONS.contains(&action.as_str()) {
                return Err(ApiErr::bad(
                    "Bad Request: wrong parameter action in request",
                ));
            }
            let mut sent = st.new_sent("sendChatAction", chat_id, p);
            sent.text = Some(action);
            st.record(sent);
            Ok(json!(true))
        }
        "answercallbackquery" => {
            let id = p.str("callback_query_id").unwrap_or_default();
            let too_old =
                "Bad Request: query is too old and response timeout expired or query ID is invalid";
            let chat_id = match st.callbacks.get_mut(&id) {
                Some(cb) if !cb.answered => {
                    cb.answered = true;
                    cb.chat_id
                }
                _ => return Err(ApiErr::bad(too_old)),
            };
            let text = p.str("text");
            if text.as_deref().is_some_and(|t| utf16_len(t) > 200) {
                return Err(ApiErr::bad("Bad Request: MESSAGE_TOO_LONG"));
            }
            st.touch_chat(Some(chat_id));
            let mut sent = st.new_sent("answerCallbackQuery", chat_id, p);
            sent.text = text;
            st.record(sent);
            Ok(json!(true))
        }
        _ => Err(ApiErr::new(404, "Not Found")),
    }
}

/// Checks reply_markup like Telegram; returns what the sent Message echoes and the buttons.
fn check_markup(p: &Params) -> Result<(Option<Value>, Vec<Vec<Button>>), ApiErr> {
    let Some(markup) = p.json("reply_markup")? else {
        return Ok((None, Vec::new()));
    };
    let Some(rows) = markup.get("inline_keyboard") else {
        if let Some(rows) = markup.get("keyboard") {
            let rows = rows
                .as_array()
                .ok_or_else(|| ApiErr::bad("Bad Request: keyboard must be an Array"))?;
            for button in rows.iter().filter_map(|r| r.as_array()).flatten() {
                let text = button
                    .as_str()
                    .or_else(|| button["text"].as_str())
                    .unwrap_or("");
                if text.is_empty() {
                    return Err(ApiErr::bad("Bad Request: keyboard button text is empty"));
                }
            }
        }
        // ReplyKeyboardRemove must say remove_keyboard: true; an object that is none
        // of the four kinds of markup is refused.
        if let Some(remove) = markup.get("remove_keyboard")
            && remove != &Value::Bool(true)
        {
            return Err(ApiErr::bad(
                "Bad Request: can't parse reply keyboard markup JSON object",
            ));
        }
        if !["keyboard", "remove_keyboard", "force_reply"]
            .iter()
            .any(|k| markup.get(*k).is_some())
        {
            return Err(ApiErr::bad(
                "Bad Request: can't parse reply keyboard markup JSON object",
            ));
        }
        // Reply keyboards, ForceReply and ReplyKeyboardRemove are not echoed in the Message.
        return Ok((None, Vec::new()));
    };
    let rows = rows
        .as_array()
        .ok_or_else(|| ApiErr::bad("Bad Request: field \"inline_keyboard\" must be an Array"))?;
    let mut buttons = Vec::new();
    let mut count = 0;
    for row in rows {
        let row = row
            .as_array()
            .ok_or_else(|| ApiErr::bad("Bad Request: can't parse inline keyboard button: InlineKeyboardButton must be an Object"))?;
        let mut out_row = Vec::new();
        for button in row {
            count += 1;
            let text = button["text"].as_str().unwrap_or("");
            if text.trim().is_empty() {
                return Err(ApiErr::bad("Bad Request: BUTTON_TEXT_INVALID"));
            }
            let callback_data = button.get("callback_data").and_then(|d| d.as_str());
            let url = button.get("url").and_then(|u| u.as_str());
            let web_app = button
                .get("web_app")
                .map(|w| w["url"].as_str().unwrap_or(""));
            // Mini Apps open only from HTTPS addresses.
            if let Some(page) = web_app
                && !page.starts_with("https://")
            {
                return Err(ApiErr::bad(format!(
                    "Bad Request: inline keyboard button Web App URL '{page}' is invalid: Only HTTPS links are allowed"
                )));
            }
            let other = [
                "login_url",
                "web_app",
                "switch_inline_query",
                "switch_inline_query_current_chat",
                "switch_inline_query_chosen_chat",
                "copy_text",
                "callback_game",
                "pay",
            ]
            .iter()
            .any(|k| button.get(*k).is_some());
            match (callback_data, url) {
                (Some(""), _) => {
                    return Err(ApiErr::bad(
                        "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
                    ));
                }
                (Some(data), _) if data.len() > MAX_CALLBACK_DATA => {
                    return Err(ApiErr::bad("Bad Request: BUTTON_DATA_INVALID"));
                }
                (None, Some(url))
                    if !(url.starts_with("https://")
                        || url.starts_with("http://")
                        || url.starts_with("tg://")) =>
                {
                    return Err(ApiErr::bad("Bad Request: BUTTON_URL_INVALID"));
                }
                (None, None) if !other => {
                    return Err(ApiErr::bad(
                        "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
                    ));
                }
                _ => {}
            }
            out_row.push(Button {
                text: text.to_owned(),
                callback_data: callback_data.unwrap_or("").to_owned(),
                url: url.map(str::to_owned),
                web_app: web_app.map(str::to_owned),
            });
        }
        buttons.push(out_row);
    }
    if count > 100 {
        return Err(ApiErr::bad("Bad Request: reply markup is too long"));
    }
    let echo = if buttons.is_empty() {
        None
    } else {
        Some(json!({ "inline_keyboard": rows }))
    };
    Ok((echo, buttons))
}

/// reply_parameters must name a message of the chat, unless allow_sending_without_reply.
fn check_reply(st: &St, chat_id: i64, p: &Params) -> Result<(), ApiErr> {
    let Some(reply) = p.json("reply_parameters")? else {
        return Ok(());
    };
    let message_id = reply["message_id"].as_i64().unwrap_or(0);
    let exists = st
        .chats
        .get(&chat_id)
        .is_some_and(|c| c.messages.contains_key(&message_id));
    if !exists && reply["allow_sending_without_reply"] != json!(true) {
        return Err(ApiErr::bad("Bad Request: message to be replied not found"));
    }
    Ok(())
}

fn send_message(st: &mut St, limits: &Limits, p: &Params) -> Result<Value, ApiErr> {
    let chat_id = st.known_chat(p)?;
    check_reply(st, chat_id, p)?;
    let raw = p.str("text").unwrap_or_default();
    if raw.is_empty() {
        return Err(ApiErr::bad("Bad Request: message text is empty"));
    }
    let text = render(&raw, p.str("parse_mode").as_deref())?;
    if text.trim().is_empty() {
        return Err(ApiErr::bad("Bad Request: message must be non-empty"));
    }
    if utf16_len(&text) > MAX_TEXT {
        return Err(ApiErr::bad("Bad Request: message is too long"));
    }
    let (echo, buttons) = check_markup(p)?;
    st.flood_check(limits, chat_id)?;
    let mut fields = json!({ "text": text });
    if let Some(markup) = echo {
        fields["reply_markup"] = markup;
    }
    let msg = st.bot_message(chat_id, fields, buttons.clone());
    let mut sent = st.new_sent("sendMessage", chat_id, p);
    sent.message_id = msg["message_id"].as_i64().unwrap_or(0);
    sent.text = Some(text);
    sent.buttons = buttons;
    st.record(sent);
    Ok(msg)
}

fn send_file(st: &mut St, limits: &Limits, p: &Params, field: &str) -> Result<Value, ApiErr> {
    let chat_id = st.known_chat(p)?;
    check_reply(st, chat_id, p)?;
    let reference = p.str(field);
    let (file_name, bytes) = match reference.as_deref() {
        Some(r) if r.starts_with("attach://") => {
            let upload = p.uploads.get(&r["attach://".len()..]).ok_or_else(|| {
                ApiErr::bad(format!("Bad Request: there is no {field} in the request"))
            })?;
            (upload.file_name.clone(), upload.bytes.clone())
        }
        Some(r) if r.starts_with("http://") || r.starts_with("https://") => {
            return Err(ApiErr::bad("Bad Request: failed to get HTTP URL content"));
        }
        Some(file_id) => {
            let file = st.files.get(file_id).ok_or_else(|| {
                ApiErr::bad("Bad Request: wrong file identifier/HTTP URL specified")
            })?;
            let name = file.path.rsplit('/').next().unwrap_or("").to_owned();
            (name, file.bytes.to_vec())
        }
        None => match p.uploads.get(field) {
            Some(upload) => (upload.file_name.clone(), upload.bytes.clone()),
            None => {
                return Err(ApiErr::bad(format!(
                    "Bad Request: there is no {field} in the request"
                )));
            }
        },
    };
    if bytes.is_empty() {
        return Err(ApiErr::bad("Bad Request: file must be non-empty"));
    }
    if bytes.len() > MAX_UPLOAD {
        return Err(ApiErr::new(413, "Request Entity Too Large"));
    }
    if field == "photo" && !(bytes.starts_with(&[0xFF, 0xD8]) || bytes.starts_with(b"\x89PNG")) {
        return Err(ApiErr::bad("Bad Request: IMAGE_PROCESS_FAILED"));
    }
    // A voice message is OGG/Opus (Telegram shows anything else as a file).
    if field == "voice" && !bytes.starts_with(b"OggS") {
        return Err(ApiErr::bad(
            "Bad Request: wrong file type for a voice message",
        ));
    }
    let caption = match p.str("caption") {
        Some(raw) if !raw.is_empty() => Some(render(&raw, p.str("parse_mode").as_deref())?),
        _ => None,
    };
    if caption
        .as_deref()
        .is_some_and(|c| utf16_len(c) > MAX_CAPTION)
    {
        return Err(ApiErr::bad("Bad Request: message caption is too long"));
    }
    let (echo, buttons) = check_markup(p)?;
    st.flood_check(limits, chat_id)?;
    let len = bytes.len();
    let mime = extension_mime(&file_name);
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let mut fields = if field == "photo" {
        let (thumb_id, thumb_uid) =
            st.add_file("photos", "jpg", bytes.iter().take(1024).copied().collect());
        let (file_id, unique_id) = st.add_file("photos", "jpg", bytes);
        json!({"photo": [
            {"file_id": thumb_id, "file_unique_id": thumb_uid, "file_size": len.min(1024), "width": 90, "height": 67},
            {"file_id": file_id, "file_unique_id": unique_id, "file_size": len, "width": 1280, "height": 960},
        ]})
    } else if field == "voice" || field == "audio" {
        let (file_id, unique_id) = st.add_file(field, &ext, bytes);
        let audio = json!({"file_id": file_id, "file_unique_id": unique_id,
                           "mime_type": mime, "file_size": len, "duration": 1});
        json!({ field: audio })
    } else {
        let (file_id, unique_id) = st.add_file("documents", &ext, bytes);
        let mut document = json!({"file_id": file_id, "file_unique_id": unique_id,
                                  "mime_type": mime, "file_size": len});
        if !file_name.is_empty() {
            document["file_name"] = json!(file_name);
        }
        json!({ "document": document })
    };
    let file_id = match field {
        "photo" => fields["photo"][1]["file_id"].as_str().map(str::to_owned),
        "voice" | "audio" => fields[field]["file_id"].as_str().map(str::to_owned),
        _ => fields["document"]["file_id"].as_str().map(str::to_owned),
    };
    if let Some(caption) = &caption {
        fields["caption"] = json!(caption);
    }
    if let Some(markup) = echo {
        fields["reply_markup"] = markup;
    }
    let msg = st.bot_message(chat_id, fields, buttons.clone());
    let method = match field {
        "photo" => "sendPhoto",
        "voice" => "sendVoice",
        "audio" => "sendAudio",
        _ => "sendDocument",
    };
    let mut sent = st.new_sent(method, chat_id, p);
    sent.message_id = msg["message_id"].as_i64().unwrap_or(0);
    sent.text = caption;
    sent.buttons = buttons;
    sent.document = Some((file_name, len));
    sent.file_id = file_id;
    st.record(sent);
    Ok(msg)
}

/// editMessageText (`with_text`) or editMessageReplyMarkup. As in Telegram, an edit without
/// reply_markup removes the message's inline keyboard.
fn edit_message(
    st: &mut St,
    limits: &Limits,
    p: &Params,
    with_text: bool,
) -> Result<Value, ApiErr> {
    if p.map.contains_key("inline_message_id") {
        return Err(ApiErr::bad("Bad Request: MESSAGE_ID_INVALID"));
    }
    let chat_id = st.known_chat(p)?;
    let message_id = p.i64("message_id").unwrap_or(0);
    let new_text = if with_text {
        let raw = p.str("text").unwrap_or_default();
        if raw.is_empty() {
            return Err(ApiErr::bad("Bad Request: message text is empty"));
        }
        let text = render(&raw, p.str("parse_mode").as_deref())?;
        if text.trim().is_empty() {
            return Err(ApiErr::bad("Bad Request: message must be non-empty"));
        }
        if utf16_len(&text) > MAX_TEXT {
            return Err(ApiErr::bad("Bad Request: MESSAGE_TOO_LONG"));
        }
        Some(text)
    } else {
        None
    };
    let (echo, buttons) = check_markup(p)?;
    {
        let chat = st.chats.get(&chat_id).expect("known");
        let msg = chat
            .messages
            .get(&message_id)
            .ok_or_else(|| ApiErr::bad("Bad Request: message to edit not found"))?;
        if !msg.from_bot {
            return Err(ApiErr::bad("Bad Request: message can't be edited"));
        }
        if with_text && msg.json.get("text").is_none() {
            return Err(ApiErr::bad(
                "Bad Request: there is no text in the message to edit",
            ));
        }
        let same_text = new_text
            .as_deref()
            .is_none_or(|t| msg.json["text"].as_str() == Some(t));
        if same_text && msg.buttons == buttons {
            return Err(ApiErr::bad(
                "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
            ));
        }
    }
    st.flood_check(limits, chat_id)?;
    let chat = st.chats.get_mut(&chat_id).expect("known");
    let msg = chat.messages.get_mut(&message_id).expect("checked");
    if let Some(text) = &new_text {
        msg.json["text"] = json!(text);
    }
    match echo {
        Some(markup) => msg.json["reply_markup"] = markup,
        None => {
            if let Some(obj) = msg.json.as_object_mut() {
                obj.remove("reply_markup");
            }
        }
    }
    msg.json["edit_date"] = json!(now_unix());
    msg.buttons = buttons.clone();
    let result = msg.json.clone();
    let text = result["text"]
        .as_str()
        .or(result["caption"].as_str())
        .map(str::to_owned);
    let method = if with_text {
        "editMessageText"
    } else {
        "editMessageReplyMarkup"
    };
    let mut sent = st.new_sent(method, chat_id, p);
    sent.message_id = message_id;
    sent.text = text;
    sent.buttons = buttons;
    st.record(sent);
    Ok(result)
}

// ---------------------------------------------------------------------------------------------
// parse_mode: what the user sees, and the "can't parse entities" refusals
// ---------------------------------------------------------------------------------------------

fn render(text: &str, parse_mode: Option<&str>) -> Result<String, ApiErr> {
    let result = match parse_mode.map(str::to_ascii_lowercase).as_deref() {
        None | Some("") => return Ok(text.to_owned()),
        Some("html") => render_html(text),
        Some("markdownv2") => render_markdown_v2(text),
        Some("markdown") => render_markdown(text),
        Some(_) => return Err(ApiErr::bad("Bad Request: unsupported parse_mode")),
    };
    result.map_err(|why| ApiErr::bad(format!("Bad Request: can't parse entities: {why}")))
}

fn render_html(text: &str) -> Result<String, String> {
    const TAGS: [&str; 17] = [
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
        "tg-time",
    ];
    let mut out = String::new();
    let mut open: Vec<String> = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().expect("in bounds");
        match c {
            '<' => {
                let end = text[i..]
                    .find('>')
                    .ok_or_else(|| format!("Unclosed start tag at byte offset {i}"))?;
                let tag = &text[i + 1..i + end];
                if let Some(name) = tag.strip_prefix('/') {
                    let name = name.trim().to_ascii_lowercase();
                    match open.pop() {
                        Some(expected) if expected == name => {}
                        Some(expected) => {
                            return Err(format!(
                                "Unmatched end tag at byte offset {i}, expected \"</{expected}>\", found \"</{name}>\""
                            ));
                        }
                        None => return Err(format!("Unexpected end tag at byte offset {i}")),
                    }
                } else {
                    let name = tag
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    if !TAGS.contains(&name.as_str()) {
                        return Err(format!(
                            "Unsupported start tag \"{name}\" at byte offset {i}"
                        ));
                    }
                    open.push(name);
                }
                i += end + 1;
            }
            '&' => {
                let rest = &text[i..];
                let entity = rest.find(';').filter(|n| *n <= 10).map(|n| &rest[1..n]);
                let decoded = match entity {
                    Some("lt") => Some('<'),
                    Some("gt") => Some('>'),
                    Some("amp") => Some('&'),
                    Some("quot") => Some('"'),
                    Some(e) if e.starts_with("#x") || e.starts_with("#X") => {
                        u32::from_str_radix(&e[2..], 16)
                            .ok()
                            .and_then(char::from_u32)
                    }
                    Some(e) if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
                    _ => None,
                };
                match (decoded, entity) {
                    (Some(ch), Some(e)) => {
                        out.push(ch);
                        i += e.len() + 2;
                    }
                    _ => {
                        out.push('&');
                        i += 1;
                    }
                }
            }
            c => {
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    if let Some(tag) = open.last() {
        return Err(format!(
            "Can't find end tag corresponding to start tag \"{tag}\""
        ));
    }
    Ok(out)
}

fn render_markdown_v2(text: &str) -> Result<String, String> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::new();
    let mut open: Vec<(&'static str, usize)> = Vec::new();
    let mut toggle = |name: &'static str, at: usize| {
        if let Some(pos) = open.iter().position(|(n, _)| *n == name) {
            open.remove(pos);
        } else {
            open.push((name, at));
        }
    };
    let mut links: Vec<usize> = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        let next = chars.get(k + 1).map(|(_, c)| *c);
        let line_start = k == 0 || chars[k - 1].1 == '\n';
        match c {
            '\\' => {
                if let Some(n) = next {
                    out.push(n);
                    k += 2;
                    continue;
                }
                return Err(
                    "Character '\\' is reserved and must be escaped with the preceding '\\'"
                        .to_owned(),
                );
            }
            '`' => {
                let pre = next == Some('`') && chars.get(k + 2).map(|(_, c)| *c) == Some('`');
                let (marker, name) = if pre { (3, "Pre") } else { (1, "Code") };
                let mut j = k + marker;
                if pre {
                    // optional language on the first line
                    let mut m = j;
                    while m < chars.len()
                        && chars[m].1 != '\n'
                        && chars[m].1 != '`'
                        && !chars[m].1.is_whitespace()
                    {
                        m += 1;
                    }
                    if m < chars.len() && chars[m].1 == '\n' {
                        j = m + 1;
                    }
                }
                let mut closed = false;
                while j < chars.len() {
                    match chars[j].1 {
                        '\\' if j + 1 < chars.len() => {
                            out.push(chars[j + 1].1);
                            j += 2;
                        }
                        '`' => {
                            closed = true;
                            break;
                        }
                        ch => {
                            out.push(ch);
                            j += 1;
                        }
                    }
                }
                if !closed {
                    return Err(format!(
                        "Can't find end of {name} entity at byte offset {at}"
                    ));
                }
                k = j + marker;
                continue;
            }
            '*' => toggle("Bold", at),
            '_' if next == Some('_') => {
                toggle("Underline", at);
                k += 2;
                continue;
            }
            '_' => toggle("Italic", at),
            '~' => toggle("Strikethrough", at),
            '|' if next == Some('|') => {
                toggle("Spoiler", at);
                k += 2;
                continue;
            }
            '!' if next == Some('[') => {
                links.push(at);
                k += 2;
                continue;
            }
            '[' => links.push(at),
            ']' if !links.is_empty() => {
                links.pop();
                if next != Some('(') {
                    return Err(format!(
                        "Can't find end of TextUrl entity at byte offset {at}"
                    ));
                }
                let mut j = k + 2;
                while j < chars.len() && chars[j].1 != ')' {
                    j += if chars[j].1 == '\\' { 2 } else { 1 };
                }
                if j >= chars.len() {
                    return Err(format!("Can't find end of URL at byte offset {at}"));
                }
                k = j + 1;
                continue;
            }
            '>' if line_start => {}
            ']' | '(' | ')' | '>' | '#' | '+' | '-' | '=' | '|' | '{' | '}' | '.' | '!' => {
                return Err(format!(
                    "Character '{c}' is reserved and must be escaped with the preceding '\\'"
                ));
            }
            c => out.push(c),
        }
        k += 1;
    }
    if let Some(at) = links.first() {
        return Err(format!(
            "Can't find end of TextUrl entity at byte offset {at}"
        ));
    }
    if let Some((name, at)) = open.first() {
        return Err(format!(
            "Can't find end of {name} entity at byte offset {at}"
        ));
    }
    Ok(out)
}

fn render_markdown(text: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut open: Option<(char, usize)> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match (c, open) {
            ('\\', None) => {
                if let Some((_, n)) = chars.next() {
                    out.push(n);
                }
            }
            ('*' | '_' | '`', None) => open = Some((c, at)),
            (c, Some((m, _))) if c == m => open = None,
            ('[', None) => {
                let rest = &text[at..];
                let close = rest.find("](").ok_or_else(|| {
                    format!("Can't find end of the entity starting at byte offset {at}")
                })?;
                let url_end = rest[close..].find(')').ok_or_else(|| {
                    format!("Can't find end of the entity starting at byte offset {at}")
                })?;
                out.push_str(&rest[1..close]);
                let skip_to = at + close + url_end + 1;
                while chars.peek().is_some_and(|(i, _)| *i < skip_to) {
                    chars.next();
                }
            }
            (c, _) => out.push(c),
        }
    }
    if let Some((_, at)) = open {
        return Err(format!(
            "Can't find end of the entity starting at byte offset {at}"
        ));
    }
    Ok(out)
}

/// A person on Telegram, as the tests play them: each step sends something and waits
/// for the bot's answer containing `expect`, returning its text.
pub struct TgChat<'a> {
    pub tg: &'a FakeTelegram,
    pub user: TgUser,
}

impl TgChat<'_> {
    pub async fn says(&self, text: &str, expect: &str) -> String {
        self.tg.send_text(&self.user, text);
        self.tg
            .wait_for(self.user.chat_id(), expect)
            .await
            .text()
            .to_owned()
    }

    pub async fn taps(&self, label: &str, expect: &str) -> String {
        self.tg.press_button(&self.user, label);
        self.tg
            .wait_for(self.user.chat_id(), expect)
            .await
            .text()
            .to_owned()
    }
}
