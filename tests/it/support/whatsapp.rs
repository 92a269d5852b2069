#![allow(dead_code)]
//! A local fake of Meta's WhatsApp Cloud API (Graph API), and the user's side: webhook
//! notifications shaped like Meta's documented examples, signed like Meta signs them.
//!
//! What the bot calls (<https://developers.facebook.com/docs/whatsapp/cloud-api/reference>):
//! `POST /{version}/{phone_number_id}/messages` (JSON), `POST /{version}/{phone_number_id}/media`
//! (multipart), `GET /{version}/{media_id}` (a JSON with the media `url`) and that URL, all
//! with `Authorization: Bearer {token}`. It refuses what Meta refuses (empty text, a reply
//! button title over 20 characters, more than 3 buttons, more than 10 list rows, a row title
//! over 24, missing fields, unknown templates, free-form messages outside the 24-hour window)
//! with Meta's error JSON, and records every refusal so tests can assert none happened.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use tokio::sync::Notify;

pub const ACCESS_TOKEN: &str = "EAAtest-fake-access-token";
pub const APP_SECRET: &str = "fake-app-secret-for-tests";
pub const VERIFY_TOKEN: &str = "fake-verify-token";
pub const PHONE_NUMBER_ID: &str = "100000000000001";
pub const DISPLAY_PHONE_NUMBER: &str = "15550000001";
pub const WABA_ID: &str = "200000000000002";
pub const API_VERSION: &str = "v21.0";
/// A template approved in the fake account, as created in WhatsApp Manager.
pub struct Template {
    pub name: &'static str,
    pub language: &'static str,
    pub document_header: bool,
    /// Body parameters `{{1}}`..`{{n}}`.
    pub body_params: usize,
    /// The quick-reply buttons' texts, in order (their payloads come with each send).
    pub quick_replies: &'static [&'static str],
}

pub const TEMPLATES: &[Template] = &[
    Template {
        name: "contigo_aviso",
        language: "es",
        document_header: false,
        body_params: 1,
        quick_replies: &[],
    },
    Template {
        name: "contigo_documento",
        language: "es",
        document_header: true,
        body_params: 1,
        quick_replies: &[],
    },
    Template {
        name: "contigo_invitacion",
        language: "es",
        document_header: false,
        body_params: 2,
        quick_replies: &["Consultar beneficiarios"],
    },
];

const DEFAULT_WAIT: Duration = Duration::from_secs(10);
const WINDOW_SECS: i64 = 24 * 60 * 60;

/// A WhatsApp user: their phone number (wa_id) is their identity and the chat id.
#[derive(Clone, Debug)]
pub struct WaUser {
    pub phone: String,
    pub name: String,
}

impl WaUser {
    pub fn new(phone: &str, name: &str) -> WaUser {
        WaUser {
            phone: phone.to_owned(),
            name: name.to_owned(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Option_ {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
}

/// One message the fake accepted from the bot.
#[derive(Clone, Debug)]
pub struct Sent {
    pub to: String,
    /// "text", "interactive", "document", "audio" or "template".
    pub kind: String,
    /// What the user reads: text body, interactive body, caption or template parameters.
    pub text: String,
    /// Reply buttons or list rows, in order.
    pub options: Vec<Option_>,
    /// "button" or "list" for interactive messages.
    pub interactive: Option<String>,
    /// For documents: (file name, media id); for audio: ("", media id).
    pub document: Option<(String, String)>,
    pub template: Option<String>,
    /// For a flow message: what opens the form.
    pub flow: Option<FlowSent>,
    pub wamid: String,
    pub body: Value,
    seq: u64,
}

impl Sent {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn titles(&self) -> Vec<String> {
        self.options.iter().map(|o| o.title.clone()).collect()
    }
}

/// A flow message as the user's phone shows it: a button opening the flow.
#[derive(Clone, Debug)]
pub struct FlowSent {
    pub flow_id: String,
    pub token: String,
    pub cta: String,
    pub screen: String,
    pub data: serde_json::Map<String, Value>,
}

/// A flow in the fake WhatsApp Business Account.
#[derive(Clone, Debug)]
pub struct Flow {
    pub id: String,
    pub name: String,
    /// DRAFT or PUBLISHED.
    pub status: String,
    pub json: Option<String>,
    pub validation_errors: Vec<Value>,
}

/// One 4xx answer the fake gave to the bot.
#[derive(Clone, Debug)]
pub struct Refusal {
    pub status: u16,
    pub code: i64,
    pub message: String,
    pub body: Value,
}

struct Media {
    bytes: Vec<u8>,
    mime: String,
    file_name: Option<String>,
}

#[derive(Default)]
struct St {
    seq: u64,
    next_id: u64,
    sent: Vec<Sent>,
    refusals: Vec<Refusal>,
    media: HashMap<String, Media>,
    /// The user's last action (for `wait_for`) and last message time (for the window).
    last_action: HashMap<String, u64>,
    last_message_at: HashMap<String, i64>,
    injected: VecDeque<(u16, i64)>,
    media_requests: u64,
    flows: Vec<Flow>,
    /// The Flows API calls, in order: "create NAME", "assets ID", "publish ID".
    flow_calls: Vec<String>,
}

struct Inner {
    st: Mutex<St>,
    changed: Notify,
    base: Mutex<String>,
}

fn lock(inner: &Inner) -> MutexGuard<'_, St> {
    inner.st.lock().unwrap_or_else(|p| p.into_inner())
}

pub fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The `X-Hub-Signature-256` header Meta sends for `body`.
pub fn sign(body: &[u8]) -> String {
    sign_with(APP_SECRET, body)
}

pub fn sign_with(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("hmac key");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// A running fake Graph API. Dropping it stops the server.
pub struct FakeWhatsapp {
    inner: Arc<Inner>,
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeWhatsapp {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeWhatsapp {
    pub async fn start() -> FakeWhatsapp {
        let inner = Arc::new(Inner {
            st: Mutex::new(St::default()),
            changed: Notify::new(),
            base: Mutex::new(String::new()),
        });
        let app = Router::new()
            .route("/media-download/{id}", routing::get(download))
            .route("/{version}/{media_id}", routing::get(media_info))
            .route("/{version}/{phone}/messages", routing::post(messages))
            .route("/{version}/{phone}/media", routing::post(upload))
            .route(
                "/{version}/{waba}/flows",
                routing::get(list_flows).post(create_flow),
            )
            .route("/{version}/{flow}/assets", routing::post(flow_assets))
            .route("/{version}/{flow}/publish", routing::post(publish_flow))
            .fallback(|| async {
                graph_error(StatusCode::BAD_REQUEST, 100, "Unknown path components")
            })
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind fake graph api");
        let addr = listener.local_addr().expect("address");
        *inner.base.lock().unwrap_or_else(|p| p.into_inner()) = format!("http://{addr}");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeWhatsapp { inner, addr, task }
    }

    /// The Graph API base URL (`whatsapp.graph_url`).
    pub fn graph_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Points the bot's settings at this fake, with every WhatsApp secret set.
    pub fn configure(&self, s: &mut contigo_bot::config::Settings) {
        s.whatsapp.graph_url = self.graph_url();
        s.whatsapp.api_version = API_VERSION.into();
        s.secrets.whatsapp_access_token = Some(ACCESS_TOKEN.into());
        s.secrets.whatsapp_app_secret = Some(APP_SECRET.into());
        s.secrets.whatsapp_verify_token = Some(VERIFY_TOKEN.into());
        s.secrets.whatsapp_phone_number_id = Some(PHONE_NUMBER_ID.into());
    }

    fn st(&self) -> MutexGuard<'_, St> {
        lock(&self.inner)
    }

    // ----- what users do: webhook notifications, as Meta sends them -----

    /// A notification carrying one message from `user` (a fresh wamid, sent now).
    pub fn message(&self, user: &WaUser, fields: Value) -> Value {
        self.message_at(user, fields, now_unix())
    }

    /// The same, sent at unix time `at` (to test the 24-hour window).
    pub fn message_at(&self, user: &WaUser, mut fields: Value, at: i64) -> Value {
        let mut st = self.st();
        st.seq += 1;
        let seq = st.seq;
        st.last_action.insert(user.phone.clone(), seq);
        let last = st.last_message_at.entry(user.phone.clone()).or_insert(at);
        *last = (*last).max(at);
        let wamid = new_wamid(&mut st, &user.phone);
        drop(st);
        let mut message = json!({
            "from": user.phone,
            "id": wamid,
            "timestamp": at.to_string(),
        });
        if let (Some(m), Some(f)) = (message.as_object_mut(), fields.as_object_mut()) {
            m.append(f);
        }
        json!({
            "object": "whatsapp_business_account",
            "entry": [{
                "id": WABA_ID,
                "changes": [{
                    "value": {
                        "messaging_product": "whatsapp",
                        "metadata": {
                            "display_phone_number": DISPLAY_PHONE_NUMBER,
                            "phone_number_id": PHONE_NUMBER_ID,
                        },
                        "contacts": [{"profile": {"name": user.name}, "wa_id": user.phone}],
                        "messages": [message],
                    },
                    "field": "messages",
                }],
            }],
        })
    }

    pub fn text(&self, user: &WaUser, body: &str) -> Value {
        self.message(user, json!({"type": "text", "text": {"body": body}}))
    }

    /// The user taps the reply button, list row or template quick-reply button labelled
    /// `label` (its title, or its description when the title was shortened) on the
    /// newest bot message offering it.
    #[track_caller]
    pub fn tap(&self, user: &WaUser, label: &str) -> Value {
        let found = {
            let st = self.st();
            st.sent
                .iter()
                .rev()
                .filter(|s| s.to == user.phone)
                .find_map(|s| {
                    s.options
                        .iter()
                        .find(|o| o.title == label || o.description.as_deref() == Some(label))
                        .map(|o| {
                            let template = s.kind == "template";
                            (s.wamid.clone(), s.interactive.clone(), template, o.clone())
                        })
                })
        };
        let Some((context, kind, template, option)) = found else {
            let listing: Vec<String> = self
                .sent_to(&user.phone)
                .iter()
                .rev()
                .filter(|s| !s.options.is_empty())
                .map(|s| format!("{:?}", s.titles()))
                .collect();
            panic!(
                "tap({label:?}): no such option for {}; offered, newest first: {listing:?}",
                user.phone
            );
        };
        // A template's quick-reply button comes back as a "button" message.
        if template {
            return self.message(
                user,
                json!({
                    "context": {"from": DISPLAY_PHONE_NUMBER, "id": context},
                    "type": "button",
                    "button": {"payload": option.id, "text": option.title},
                }),
            );
        }
        let interactive = if kind.as_deref() == Some("list") {
            let mut reply = json!({"id": option.id, "title": option.title});
            if let Some(d) = option.description {
                reply["description"] = json!(d);
            }
            json!({"type": "list_reply", "list_reply": reply})
        } else {
            json!({"type": "button_reply", "button_reply": {"id": option.id, "title": option.title}})
        };
        self.message(
            user,
            json!({
                "context": {"from": DISPLAY_PHONE_NUMBER, "id": context},
                "type": "interactive",
                "interactive": interactive,
            }),
        )
    }

    /// The user sends a file as a document (stored as media the bot can download).
    pub fn document(&self, user: &WaUser, file_name: &str, mime: &str, bytes: Vec<u8>) -> Value {
        let (id, sha) = self.add_media(bytes, mime, Some(file_name));
        self.message(
            user,
            json!({"type": "document", "document": {
                "filename": file_name, "mime_type": mime, "sha256": sha, "id": id,
            }}),
        )
    }

    /// The user sends a photo.
    pub fn image(&self, user: &WaUser, jpeg: Vec<u8>) -> Value {
        let (id, sha) = self.add_media(jpeg, "image/jpeg", None);
        self.message(
            user,
            json!({"type": "image", "image": {"mime_type": "image/jpeg", "sha256": sha, "id": id}}),
        )
    }

    /// The user records a voice note (OGG/Opus, `voice: true`, as WhatsApp sends it).
    pub fn voice(&self, user: &WaUser, ogg: Vec<u8>) -> Value {
        let mime = "audio/ogg; codecs=opus";
        let (id, sha) = self.add_media(ogg, mime, None);
        self.message(
            user,
            json!({"type": "audio", "audio": {"mime_type": mime, "sha256": sha, "id": id, "voice": true}}),
        )
    }

    /// A message type the bot does not handle (sticker, location...).
    pub fn sticker(&self, user: &WaUser) -> Value {
        let (id, sha) = self.add_media(
            b"RIFF\x10\x00\x00\x00WEBPVP8 fake".to_vec(),
            "image/webp",
            None,
        );
        self.message(
            user,
            json!({"type": "sticker", "sticker": {"mime_type": "image/webp", "sha256": sha, "id": id, "animated": false}}),
        )
    }

    pub fn location(&self, user: &WaUser) -> Value {
        self.message(
            user,
            json!({"type": "location", "location": {"latitude": -12.0464, "longitude": -77.0428, "name": "Plaza", "address": "Lima"}}),
        )
    }

    /// A status notification for a message the bot sent (sent, delivered, read, failed).
    pub fn status(&self, wamid: &str, recipient: &str, status: &str) -> Value {
        let mut s = json!({
            "id": wamid,
            "status": status,
            "timestamp": now_unix().to_string(),
            "recipient_id": recipient,
        });
        if status == "sent" || status == "delivered" {
            s["conversation"] =
                json!({"id": "c0ffee0000000000000000000000abcd", "origin": {"type": "service"}});
            s["pricing"] = json!({"billable": true, "pricing_model": "CBP", "category": "service"});
        }
        if status == "failed" {
            s["errors"] = json!([{"code": 131026, "title": "Message undeliverable",
                "message": "Message undeliverable", "error_data": {"details": "Message undeliverable"}}]);
        }
        json!({
            "object": "whatsapp_business_account",
            "entry": [{"id": WABA_ID, "changes": [{"value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": DISPLAY_PHONE_NUMBER, "phone_number_id": PHONE_NUMBER_ID},
                "statuses": [s],
            }, "field": "messages"}]}],
        })
    }

    /// One notification with every entry of `notifications` (Meta batches them).
    pub fn batch(notifications: &[Value]) -> Value {
        let entries: Vec<Value> = notifications
            .iter()
            .flat_map(|n| n["entry"].as_array().cloned().unwrap_or_default())
            .collect();
        json!({"object": "whatsapp_business_account", "entry": entries})
    }

    fn add_media(&self, bytes: Vec<u8>, mime: &str, file_name: Option<&str>) -> (String, String) {
        let mut st = self.st();
        st.next_id += 1;
        let id = format!("{}", 900_000_000_000_000u64 + st.next_id);
        let sha = contigo_bot::documents::sha256_hex(&bytes);
        st.media.insert(
            id.clone(),
            Media {
                bytes,
                mime: mime.to_owned(),
                file_name: file_name.map(str::to_owned),
            },
        );
        (id, sha)
    }

    /// The user fills the form of the newest flow message they got: `answers` by
    /// input name (inputs not named keep their prefilled value), every screen's
    /// Footer tapped, the flow completed; the `nfm_reply` notification. `Err` when
    /// the WhatsApp client would not let them submit (a required input empty...).
    pub fn fill_flow(&self, user: &WaUser, answers: &[(&str, &str)]) -> Result<Value, String> {
        let (wamid, offer, flow) = {
            let st = self.st();
            let sent = st
                .sent
                .iter()
                .rev()
                .find(|s| s.to == user.phone && s.flow.is_some())
                .ok_or("no flow message reached the user")?;
            let offer = sent.flow.clone().ok_or("no flow")?;
            let flow = st
                .flows
                .iter()
                .find(|f| f.id == offer.flow_id)
                .and_then(|f| f.json.clone())
                .ok_or("the flow has no JSON")?;
            (sent.wamid.clone(), offer, flow)
        };
        let flow: Value = serde_json::from_str(&flow).map_err(|e| e.to_string())?;
        let answers = answers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let mut response = super::flow_json::fill(&flow, &offer.screen, &offer.data, &answers)?;
        response.insert("flow_token".into(), json!(offer.token));
        Ok(self.flow_reply(user, &wamid, &Value::Object(response)))
    }

    /// An `nfm_reply` message carrying `response` as its `response_json`, as the
    /// WhatsApp client sends a completed flow (forged ones too).
    pub fn flow_reply(&self, user: &WaUser, context: &str, response: &Value) -> Value {
        self.message(
            user,
            json!({
                "context": {"from": DISPLAY_PHONE_NUMBER, "id": context},
                "type": "interactive",
                "interactive": {"type": "nfm_reply", "nfm_reply": {
                    "name": "flow",
                    "body": "Sent",
                    "response_json": response.to_string(),
                }},
            }),
        )
    }

    /// The flows in the fake account.
    pub fn flows(&self) -> Vec<Flow> {
        self.st().flows.clone()
    }

    /// The Flows API calls received, in order ("create NAME", "assets ID", "publish ID").
    pub fn flow_calls(&self) -> Vec<String> {
        self.st().flow_calls.clone()
    }

    /// A flow created and published in the account (as an operator would have done
    /// with `whatsapp flows publish`); its id.
    pub fn add_published_flow(&self, name: &str, json: &str) -> String {
        let errors = super::flow_json::validate(json);
        assert!(errors.is_empty(), "the flow JSON is invalid: {errors:#?}");
        let mut st = self.st();
        st.next_id += 1;
        let id = format!("{}", 700_000_000_000_000u64 + st.next_id);
        st.flows.push(Flow {
            id: id.clone(),
            name: name.to_owned(),
            status: "PUBLISHED".into(),
            json: Some(json.to_owned()),
            validation_errors: vec![],
        });
        id
    }

    // ----- what the bot did -----

    pub fn sent(&self) -> Vec<Sent> {
        self.st().sent.clone()
    }

    pub fn sent_to(&self, phone: &str) -> Vec<Sent> {
        self.st()
            .sent
            .iter()
            .filter(|s| s.to == phone)
            .cloned()
            .collect()
    }

    pub fn refusals(&self) -> Vec<Refusal> {
        self.st().refusals.clone()
    }

    /// How many media downloads the bot made (info + file).
    pub fn media_requests(&self) -> u64 {
        self.st().media_requests
    }

    /// The bytes of a document the bot uploaded and sent.
    #[track_caller]
    pub fn document_bytes(&self, sent: &Sent) -> Vec<u8> {
        let (_, id) = sent.document.clone().expect("a document message");
        self.st()
            .media
            .get(&id)
            .map(|m| m.bytes.clone())
            .expect("uploaded media")
    }

    /// The next send fails with this HTTP status and Graph error code.
    pub fn fail_next(&self, status: u16, code: i64) {
        self.st().injected.push_back((status, code));
    }

    /// Waits (10 s) for a message to `phone`, after the user's last action, whose text
    /// contains `contains`. Panics listing what the user got.
    pub async fn wait_for(&self, phone: &str, contains: &str) -> Sent {
        let deadline = tokio::time::Instant::now() + DEFAULT_WAIT;
        loop {
            let notified = self.inner.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let st = self.st();
                let since = st.last_action.get(phone).copied().unwrap_or(0);
                if let Some(s) = st
                    .sent
                    .iter()
                    .find(|s| s.to == phone && s.seq > since && s.text.contains(contains))
                {
                    return s.clone();
                }
                if tokio::time::Instant::now() >= deadline {
                    let got: Vec<String> = st
                        .sent
                        .iter()
                        .filter(|s| s.to == phone && s.seq > since)
                        .map(|s| format!("\n  [{}] {:?} {:?}", s.kind, s.text, s.titles()))
                        .collect();
                    let refused: Vec<String> = st
                        .refusals
                        .iter()
                        .map(|r| format!("\n  {} {}", r.code, r.message))
                        .collect();
                    drop(st);
                    panic!(
                        "wait_for: nothing containing {contains:?} reached {phone} within 10 s; it got:{}\nrefusals:{}",
                        got.concat(),
                        refused.concat()
                    );
                }
            }
            let _ = tokio::time::timeout_at(deadline, notified).await;
        }
    }

    /// Waits until nothing new reached `phone` for 400 ms (at most 10 s).
    pub async fn wait_until_idle(&self, phone: &str) {
        let start = tokio::time::Instant::now();
        let mut seen = usize::MAX;
        loop {
            let now = self.sent_to(phone).len();
            if now == seen || start.elapsed() > DEFAULT_WAIT {
                return;
            }
            seen = now;
            tokio::time::sleep(Duration::from_millis(400)).await;
        }
    }
}

/// Posts a notification to the bot's webhook, signed as Meta signs it; the HTTP status.
pub async fn post(bot_http: &str, notification: &Value) -> u16 {
    let body = serde_json::to_vec(notification).expect("json");
    let signature = sign(&body);
    post_raw(bot_http, body, Some(&signature)).await
}

/// Posts raw bytes with the given signature header (or none).
pub async fn post_raw(bot_http: &str, body: Vec<u8>, signature: Option<&str>) -> u16 {
    let mut request = reqwest::Client::new()
        .post(format!("{bot_http}/webhooks/whatsapp"))
        .header("content-type", "application/json")
        .body(body);
    if let Some(s) = signature {
        request = request.header("x-hub-signature-256", s);
    }
    request
        .send()
        .await
        .expect("webhook reachable")
        .status()
        .as_u16()
}

fn new_wamid(st: &mut St, phone: &str) -> String {
    st.next_id += 1;
    format!("wamid.HBgL{phone}FQIAERgS{:016X}", st.next_id)
}

// ----- the Graph API -----

fn graph_error(status: StatusCode, code: i64, message: &str) -> Response {
    (
        status,
        axum::Json(json!({"error": {
            "message": message,
            "type": "OAuthException",
            "code": code,
            "error_subcode": 2494010,
            "fbtrace_id": "AbCdEfGhIjKlMnOp",
        }})),
    )
        .into_response()
}

fn authorized(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Bearer {ACCESS_TOKEN}"))
}

fn unauthorized() -> Response {
    graph_error(
        StatusCode::UNAUTHORIZED,
        190,
        "Invalid OAuth access token - Cannot parse access token",
    )
}

async fn media_info(
    State(inner): State<Arc<Inner>>,
    Path((_version, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if !authorized(&headers) {
        return unauthorized();
    }
    let base = inner.base.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let mut st = lock(&inner);
    st.media_requests += 1;
    match st.media.get(&id) {
        Some(m) => axum::Json(json!({
            "messaging_product": "whatsapp",
            "url": format!("{base}/media-download/{id}"),
            "mime_type": m.mime,
            "sha256": contigo_bot::documents::sha256_hex(&m.bytes),
            "file_size": m.bytes.len(),
            "id": id,
        }))
        .into_response(),
        None => graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "Unsupported get request. Object does not exist",
        ),
    }
}

async fn download(
    State(inner): State<Arc<Inner>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !authorized(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let mut st = lock(&inner);
    st.media_requests += 1;
    match st.media.get(&id) {
        Some(m) => ([(header::CONTENT_TYPE, m.mime.clone())], m.bytes.clone()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A refusal: Meta's error JSON, recorded.
struct Refuse(i64, String);

fn refuse<T>(code: i64, message: impl Into<String>) -> Result<T, Refuse> {
    Err(Refuse(code, message.into()))
}

fn text_of<'a>(v: &'a Value, pointer: &str) -> Result<&'a str, Refuse> {
    match v.pointer(pointer).and_then(Value::as_str) {
        Some(s) => Ok(s),
        None => refuse(100, format!("(#100) The parameter {pointer} is required.")),
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

async fn messages(
    State(inner): State<Arc<Inner>>,
    Path((_version, phone)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !authorized(&headers) {
        return unauthorized();
    }
    let value: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(_) => return graph_error(StatusCode::BAD_REQUEST, 100, "(#100) Invalid JSON"),
    };
    let mut st = lock(&inner);
    if let Some((status, code)) = st.injected.pop_front() {
        drop(st);
        return graph_error(
            StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            code,
            "injected failure",
        );
    }
    let result = if phone != PHONE_NUMBER_ID {
        refuse(100, "(#100) Invalid parameter: phone number id")
    } else {
        check_message(&st, &value)
    };
    match result {
        Ok(mut sent) => {
            st.seq += 1;
            sent.seq = st.seq;
            let to = sent.to.clone();
            sent.wamid = new_wamid(&mut st, &to);
            let wamid = sent.wamid.clone();
            st.sent.push(sent);
            drop(st);
            inner.changed.notify_waiters();
            axum::Json(json!({
                "messaging_product": "whatsapp",
                "contacts": [{"input": to, "wa_id": to}],
                "messages": [{"id": wamid}],
            }))
            .into_response()
        }
        Err(Refuse(code, message)) => {
            st.refusals.push(Refusal {
                status: 400,
                code,
                message: message.clone(),
                body: value,
            });
            drop(st);
            inner.changed.notify_waiters();
            graph_error(StatusCode::BAD_REQUEST, code, &message)
        }
    }
}

/// Meta's validation of a send, as documented for each message type.
fn check_message(st: &St, v: &Value) -> Result<Sent, Refuse> {
    if v.get("messaging_product").and_then(Value::as_str) != Some("whatsapp") {
        return refuse(100, "(#100) The parameter messaging_product is required.");
    }
    let to = text_of(v, "/to")?.to_owned();
    if to.is_empty() || !to.chars().all(|c| c.is_ascii_digit()) {
        return refuse(100, "(#100) Invalid parameter: to");
    }
    let kind = text_of(v, "/type")?.to_owned();
    let mut sent = Sent {
        to: to.clone(),
        kind: kind.clone(),
        text: String::new(),
        options: vec![],
        interactive: None,
        document: None,
        template: None,
        flow: None,
        wamid: String::new(),
        body: v.clone(),
        seq: 0,
    };
    if kind != "template" {
        let last = st.last_message_at.get(&to).copied();
        if last.is_none_or(|at| now_unix() - at >= WINDOW_SECS) {
            return refuse(
                131047,
                "Re-engagement message: more than 24 hours have passed since the recipient last replied",
            );
        }
    }
    match kind.as_str() {
        "text" => {
            let body = text_of(v, "/text/body")?;
            if body.trim().is_empty() {
                return refuse(100, "(#100) Param text['body'] must be non-empty.");
            }
            if chars(body) > 4096 {
                return refuse(
                    100,
                    "(#100) Param text['body'] must be at most 4096 characters long.",
                );
            }
            sent.text = body.to_owned();
        }
        "interactive" => {
            let i = v.get("interactive").ok_or(Refuse(
                100,
                "(#100) The parameter interactive is required.".into(),
            ))?;
            let body = text_of(i, "/body/text")?;
            if body.trim().is_empty() || chars(body) > 1024 {
                return refuse(
                    131009,
                    "(#131009) Parameter value is not valid: body text must be 1-1024 characters",
                );
            }
            sent.text = body.to_owned();
            let itype = text_of(i, "/type")?.to_owned();
            match itype.as_str() {
                "button" => {
                    let buttons = i
                        .pointer("/action/buttons")
                        .and_then(Value::as_array)
                        .ok_or(Refuse(
                            100,
                            "(#100) The parameter interactive['action']['buttons'] is required."
                                .into(),
                        ))?;
                    if buttons.is_empty() || buttons.len() > 3 {
                        return refuse(
                            131009,
                            "(#131009) Parameter value is not valid: buttons must be 1-3",
                        );
                    }
                    for b in buttons {
                        if b.get("type").and_then(Value::as_str) != Some("reply") {
                            return refuse(100, "(#100) button type must be reply");
                        }
                        let id = text_of(b, "/reply/id")?;
                        let title = text_of(b, "/reply/title")?;
                        if id.is_empty() || chars(id) > 256 {
                            return refuse(
                                131009,
                                "(#131009) Parameter value is not valid: button id must be 1-256 characters",
                            );
                        }
                        if title.trim().is_empty() || chars(title) > 20 {
                            return refuse(
                                131009,
                                format!(
                                    "(#131009) Parameter value is not valid: Button title length invalid ({title:?}). Max length is 20"
                                ),
                            );
                        }
                        if sent.options.iter().any(|o| o.id == id || o.title == title) {
                            return refuse(
                                131009,
                                "(#131009) Parameter value is not valid: Duplicate button id or title",
                            );
                        }
                        sent.options.push(Option_ {
                            id: id.into(),
                            title: title.into(),
                            description: None,
                        });
                    }
                }
                "list" => {
                    let button = text_of(i, "/action/button")?;
                    if button.trim().is_empty() || chars(button) > 20 {
                        return refuse(
                            131009,
                            "(#131009) Parameter value is not valid: list button must be 1-20 characters",
                        );
                    }
                    let sections = i
                        .pointer("/action/sections")
                        .and_then(Value::as_array)
                        .ok_or(Refuse(
                            100,
                            "(#100) The parameter interactive['action']['sections'] is required."
                                .into(),
                        ))?;
                    if sections.is_empty() || sections.len() > 10 {
                        return refuse(
                            131009,
                            "(#131009) Parameter value is not valid: sections must be 1-10",
                        );
                    }
                    for s in sections {
                        match s.get("title").and_then(Value::as_str) {
                            None if sections.len() > 1 => {
                                return refuse(
                                    131009,
                                    "(#131009) section title is required with several sections",
                                );
                            }
                            Some(t) if chars(t) > 24 => {
                                return refuse(
                                    131009,
                                    "(#131009) section title is at most 24 characters",
                                );
                            }
                            _ => {}
                        }
                        let rows = s
                            .get("rows")
                            .and_then(Value::as_array)
                            .ok_or(Refuse(100, "(#100) The parameter rows is required.".into()))?;
                        if rows.is_empty() {
                            return refuse(131009, "(#131009) a section needs at least one row");
                        }
                        for r in rows {
                            let id = text_of(r, "/id")?;
                            let title = text_of(r, "/title")?;
                            if id.is_empty() || chars(id) > 200 {
                                return refuse(131009, "(#131009) row id must be 1-200 characters");
                            }
                            if title.trim().is_empty() || chars(title) > 24 {
                                return refuse(
                                    131009,
                                    format!(
                                        "(#131009) Parameter value is not valid: Row title length invalid ({title:?}). Max length is 24"
                                    ),
                                );
                            }
                            let description = r.get("description").and_then(Value::as_str);
                            if description.is_some_and(|d| chars(d) > 72) {
                                return refuse(
                                    131009,
                                    "(#131009) row description is at most 72 characters",
                                );
                            }
                            if sent.options.iter().any(|o| o.id == id) {
                                return refuse(131009, "(#131009) Duplicate row id");
                            }
                            sent.options.push(Option_ {
                                id: id.into(),
                                title: title.into(),
                                description: description.map(str::to_owned),
                            });
                        }
                    }
                    if sent.options.len() > 10 {
                        return refuse(
                            131009,
                            "(#131009) Parameter value is not valid: Total row count exceed max allowed count: 10",
                        );
                    }
                }
                "flow" => {
                    sent.flow = Some(check_flow_message(st, i)?);
                }
                other => {
                    return refuse(100, format!("(#100) Unsupported interactive type {other}"));
                }
            }
            sent.interactive = Some(itype);
        }
        "document" => {
            let d = v.get("document").ok_or(Refuse(
                100,
                "(#100) The parameter document is required.".into(),
            ))?;
            let id = d.get("id").and_then(Value::as_str);
            let Some(id) = id else {
                return refuse(
                    100,
                    "(#100) Either document['id'] or document['link'] is required.",
                );
            };
            if !st.media.contains_key(id) {
                return refuse(131053, "Media upload error: unknown media id");
            }
            let caption = d.get("caption").and_then(Value::as_str).unwrap_or("");
            if chars(caption) > 1024 {
                return refuse(100, "(#100) caption is at most 1024 characters");
            }
            let name = d
                .get("filename")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            sent.text = caption.to_owned();
            sent.document = Some((name, id.to_owned()));
        }
        // Audio plays in the chat; it takes no caption and must be audio.
        "audio" => {
            let a = v.get("audio").ok_or(Refuse(
                100,
                "(#100) The parameter audio is required.".into(),
            ))?;
            let Some(id) = a.get("id").and_then(Value::as_str) else {
                return refuse(
                    100,
                    "(#100) Either audio['id'] or audio['link'] is required.",
                );
            };
            if a.get("caption").is_some() {
                return refuse(100, "(#100) Param audio['caption'] is not allowed.");
            }
            match st.media.get(id) {
                None => return refuse(131053, "Media upload error: unknown media id"),
                Some(m) if !m.mime.starts_with("audio/") => {
                    return refuse(131053, "Media upload error: not an audio file");
                }
                Some(_) => {}
            }
            sent.document = Some((String::new(), id.to_owned()));
        }
        "template" => {
            let t = v.get("template").ok_or(Refuse(
                100,
                "(#100) The parameter template is required.".into(),
            ))?;
            let name = text_of(t, "/name")?;
            let lang = text_of(t, "/language/code")?;
            let Some(template) = TEMPLATES
                .iter()
                .find(|t| t.name == name && t.language == lang)
            else {
                return refuse(
                    132001,
                    format!(
                        "(#132001) Template name does not exist in the translation ({name}, {lang})"
                    ),
                );
            };
            let components = t
                .get("components")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let mut texts = vec![];
            let mut header_doc = None;
            for c in &components {
                // Meta: {"type":"button","sub_type":"quick_reply","index":"0",
                // "parameters":[{"type":"payload","payload":"..."}]}
                if c.get("type").and_then(Value::as_str) == Some("button") {
                    let index: usize = text_of(c, "/index")?
                        .parse()
                        .map_err(|_| Refuse(100, "(#100) Invalid parameter: index".into()))?;
                    let Some(title) = template.quick_replies.get(index) else {
                        return refuse(
                            132000,
                            "(#132000) Number of parameters does not match the expected number of params",
                        );
                    };
                    if text_of(c, "/sub_type")? != "quick_reply"
                        || text_of(c, "/parameters/0/type")? != "payload"
                    {
                        return refuse(100, "(#100) Invalid parameter: button");
                    }
                    let payload = text_of(c, "/parameters/0/payload")?;
                    if payload.is_empty() || payload.len() > 256 {
                        return refuse(100, "(#100) Invalid parameter: payload");
                    }
                    sent.options.push(Option_ {
                        id: payload.to_owned(),
                        title: (*title).to_owned(),
                        description: None,
                    });
                    continue;
                }
                for p in c
                    .get("parameters")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
                {
                    match p.get("type").and_then(Value::as_str) {
                        Some("text") => {
                            let text = text_of(&p, "/text")?;
                            if text.is_empty()
                                || text.contains(['\n', '\t'])
                                || text.contains("     ")
                            {
                                return refuse(
                                    132018,
                                    "(#132018) There was an issue with the parameters in your template: new lines, tabs or more than 4 spaces",
                                );
                            }
                            texts.push(text.to_owned());
                        }
                        Some("document") => {
                            let id = text_of(&p, "/document/id")?;
                            if !st.media.contains_key(id) {
                                return refuse(131053, "Media upload error: unknown media id");
                            }
                            let name = p
                                .pointer("/document/filename")
                                .and_then(Value::as_str)
                                .unwrap_or("")
                                .to_owned();
                            header_doc = Some((name, id.to_owned()));
                        }
                        _ => return refuse(100, "(#100) unknown parameter type"),
                    }
                }
            }
            if texts.len() != template.body_params
                || template.document_header != header_doc.is_some()
            {
                return refuse(
                    132000,
                    "(#132000) Number of parameters does not match the expected number of params",
                );
            }
            sent.text = texts.join(" ");
            sent.document = header_doc;
            sent.template = Some(name.to_owned());
        }
        other => return refuse(100, format!("(#100) Unsupported message type {other}")),
    }
    Ok(sent)
}

async fn upload(
    State(inner): State<Arc<Inner>>,
    Path((_version, phone)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !authorized(&headers) {
        return unauthorized();
    }
    if phone != PHONE_NUMBER_ID {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "(#100) Invalid parameter: phone number id",
        );
    }
    let parts = match multipart(&headers, &body) {
        Ok(parts) => parts,
        Err(refused) => return *refused,
    };
    let field = |n: &str| parts.iter().find(|p| p.name == n);
    if field("messaging_product").map(|p| p.data.as_slice()) != Some(b"whatsapp".as_slice()) {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "(#100) The parameter messaging_product is required.",
        );
    }
    let Some(file) = field("file").filter(|f| !f.data.is_empty()) else {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "(#100) The parameter file is required.",
        );
    };
    let mime = field("type")
        .map(|p| String::from_utf8_lossy(&p.data).into_owned())
        .unwrap_or_default();
    if mime.is_empty() {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "(#100) The parameter type is required.",
        );
    }
    let mut st = lock(&inner);
    st.next_id += 1;
    let id = format!("{}", 800_000_000_000_000u64 + st.next_id);
    st.media.insert(
        id.clone(),
        Media {
            bytes: file.data.clone(),
            mime,
            file_name: file.file_name.clone(),
        },
    );
    axum::Json(json!({"id": id})).into_response()
}

/// The parts of a multipart/form-data body, or Meta's refusal of another body.
fn multipart(headers: &HeaderMap, body: &[u8]) -> Result<Vec<Part>, Box<Response>> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let Some(boundary) = content_type
        .split("boundary=")
        .nth(1)
        .map(|b| b.trim_matches('"').to_owned())
    else {
        return Err(Box::new(graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "(#100) multipart/form-data expected",
        )));
    };
    Ok(parse_multipart(body, &boundary))
}

struct Part {
    name: String,
    file_name: Option<String>,
    data: Vec<u8>,
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

fn quoted(header: &str, key: &str) -> Option<String> {
    let start = header.find(&format!("{key}=\""))? + key.len() + 2;
    let end = header[start..].find('"')? + start;
    Some(header[start..end].to_owned())
}

fn parse_multipart(body: &[u8], boundary: &str) -> Vec<Part> {
    let delimiter = format!("--{boundary}").into_bytes();
    let next = format!("\r\n--{boundary}").into_bytes();
    let mut out = vec![];
    let Some(mut pos) = find(body, &delimiter, 0).map(|p| p + delimiter.len()) else {
        return out;
    };
    while !body[pos..].starts_with(b"--") {
        pos += 2;
        let Some(headers_end) = find(body, b"\r\n\r\n", pos) else {
            break;
        };
        let headers = String::from_utf8_lossy(&body[pos..headers_end]).into_owned();
        let start = headers_end + 4;
        let Some(end) = find(body, &next, start) else {
            break;
        };
        let disposition = headers
            .split("\r\n")
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))
            .unwrap_or("");
        if let Some(name) = quoted(disposition, " name") {
            out.push(Part {
                name,
                file_name: quoted(disposition, "filename"),
                data: body[start..end].to_vec(),
            });
        }
        pos = end + next.len();
    }
    out
}

// ----- WhatsApp Flows -----

/// Meta's checks of an interactive flow message (Cloud API, "Send a Flow").
fn check_flow_message(st: &St, i: &Value) -> Result<FlowSent, Refuse> {
    if text_of(i, "/action/name")? != "flow" {
        return refuse(131009, "(#131009) action.name must be flow");
    }
    let p = i.pointer("/action/parameters").ok_or(Refuse(
        100,
        "(#100) The parameter action.parameters is required.".into(),
    ))?;
    if text_of(p, "/flow_message_version")? != "3" {
        return refuse(131009, "(#131009) flow_message_version must be \"3\"");
    }
    let token = text_of(p, "/flow_token")?;
    if token.is_empty() || chars(token) > 200 {
        return refuse(131009, "(#131009) flow_token must be 1-200 characters");
    }
    let cta = text_of(p, "/flow_cta")?;
    if cta.trim().is_empty() || chars(cta) > 20 {
        return refuse(
            131009,
            format!(
                "(#131009) Parameter value is not valid: flow_cta must be 1-20 characters ({cta:?})"
            ),
        );
    }
    let flow_id = text_of(p, "/flow_id")?;
    let draft = p.get("mode").and_then(Value::as_str) == Some("draft");
    let Some(flow) = st.flows.iter().find(|f| f.id == flow_id) else {
        return refuse(131009, format!("(#131009) Flow {flow_id} does not exist"));
    };
    if flow.status != "PUBLISHED" && !draft {
        return refuse(131009, format!("(#131009) Flow {flow_id} is not published"));
    }
    let action = p
        .get("flow_action")
        .and_then(Value::as_str)
        .unwrap_or("navigate");
    if action != "navigate" {
        return refuse(131009, "(#131009) this flow has no endpoint: only navigate");
    }
    let screen = text_of(p, "/flow_action_payload/screen")?;
    let json: Value = flow
        .json
        .as_deref()
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or(Value::Null);
    let data = p.pointer("/flow_action_payload/data");
    if let Err(e) = super::flow_json::check_screen_data(&json, screen, data) {
        return refuse(131009, format!("(#131009) flow_action_payload: {e}"));
    }
    Ok(FlowSent {
        flow_id: flow_id.to_owned(),
        token: token.to_owned(),
        cta: cta.to_owned(),
        screen: screen.to_owned(),
        data: data.and_then(Value::as_object).cloned().unwrap_or_default(),
    })
}

const FLOW_CATEGORIES: &[&str] = &[
    "SIGN_UP",
    "SIGN_IN",
    "APPOINTMENT_BOOKING",
    "LEAD_GENERATION",
    "CONTACT_US",
    "CUSTOMER_SUPPORT",
    "SURVEY",
    "OTHER",
];

async fn list_flows(
    State(inner): State<Arc<Inner>>,
    Path((_version, waba)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if !authorized(&headers) {
        return unauthorized();
    }
    if waba != WABA_ID {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "(#100) Unknown WhatsApp Business Account",
        );
    }
    let st = lock(&inner);
    let data: Vec<Value> = st
        .flows
        .iter()
        .map(|f| {
            json!({"id": f.id, "name": f.name, "status": f.status,
                   "categories": ["SIGN_UP"], "validation_errors": f.validation_errors})
        })
        .collect();
    axum::Json(json!({"data": data, "paging": {"cursors": {"before": "QVFI", "after": "QVFI"}}}))
        .into_response()
}

async fn create_flow(
    State(inner): State<Arc<Inner>>,
    Path((_version, waba)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !authorized(&headers) {
        return unauthorized();
    }
    if waba != WABA_ID {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "(#100) Unknown WhatsApp Business Account",
        );
    }
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return graph_error(StatusCode::BAD_REQUEST, 100, "(#100) Invalid JSON");
    };
    let name = v.get("name").and_then(Value::as_str).unwrap_or("");
    let categories = v.get("categories").and_then(Value::as_array);
    let categories_ok = categories.is_some_and(|c| {
        !c.is_empty()
            && c.iter()
                .all(|c| c.as_str().is_some_and(|c| FLOW_CATEGORIES.contains(&c)))
    });
    if name.is_empty() || name.chars().count() > 200 {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "(#100) The parameter name is required.",
        );
    }
    if !categories_ok {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "(#100) Invalid parameter: categories",
        );
    }
    let mut st = lock(&inner);
    if st.flows.iter().any(|f| f.name == name) {
        return graph_error(
            StatusCode::BAD_REQUEST,
            139001,
            "(#139001) A flow with the same name already exists in this account",
        );
    }
    st.next_id += 1;
    let id = format!("{}", 700_000_000_000_000u64 + st.next_id);
    st.flows.push(Flow {
        id: id.clone(),
        name: name.to_owned(),
        status: "DRAFT".into(),
        json: None,
        validation_errors: vec![],
    });
    st.flow_calls.push(format!("create {name}"));
    axum::Json(json!({"id": id})).into_response()
}

async fn flow_assets(
    State(inner): State<Arc<Inner>>,
    Path((_version, flow_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !authorized(&headers) {
        return unauthorized();
    }
    let parts = match multipart(&headers, &body) {
        Ok(parts) => parts,
        Err(refused) => return *refused,
    };
    let field = |n: &str| parts.iter().find(|p| p.name == n);
    if field("name").map(|p| p.data.as_slice()) != Some(b"flow.json".as_slice())
        || field("asset_type").map(|p| p.data.as_slice()) != Some(b"FLOW_JSON".as_slice())
    {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "(#100) name must be flow.json and asset_type FLOW_JSON",
        );
    }
    let Some(file) = field("file").filter(|f| !f.data.is_empty()) else {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "(#100) The parameter file is required.",
        );
    };
    let text = String::from_utf8_lossy(&file.data).into_owned();
    let mut st = lock(&inner);
    let Some(flow) = st.flows.iter_mut().find(|f| f.id == flow_id) else {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "(#100) Unsupported post request. Object does not exist",
        );
    };
    if flow.status != "DRAFT" {
        return graph_error(
            StatusCode::BAD_REQUEST,
            139001,
            "(#139001) Flow can't be updated: only a flow in DRAFT status can be updated",
        );
    }
    let errors = super::flow_json::validate(&text);
    flow.json = Some(text);
    flow.validation_errors = errors.clone();
    st.flow_calls.push(format!("assets {flow_id}"));
    axum::Json(json!({"success": true, "validation_errors": errors})).into_response()
}

async fn publish_flow(
    State(inner): State<Arc<Inner>>,
    Path((_version, flow_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if !authorized(&headers) {
        return unauthorized();
    }
    let mut st = lock(&inner);
    let Some(flow) = st.flows.iter_mut().find(|f| f.id == flow_id) else {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "(#100) Unsupported post request. Object does not exist",
        );
    };
    if flow.status != "DRAFT" || flow.json.is_none() || !flow.validation_errors.is_empty() {
        return graph_error(
            StatusCode::BAD_REQUEST,
            139002,
            "(#139002) Publishing failed: the flow is not a valid draft",
        );
    }
    flow.status = "PUBLISHED".into();
    st.flow_calls.push(format!("publish {flow_id}"));
    axum::Json(json!({"success": true})).into_response()
}
