//! WhatsApp through Meta's Cloud API (Graph API). Intake: a signed webhook
//! notification is split into one stored event per message and per status
//! ([`split_notification`]); the processor decodes each into an `Inbound`, downloading
//! media through the Graph API. Delivery: texts, reply buttons (up to 3 short choices)
//! or list messages (paged by 10 rows), documents uploaded as media and sent by id;
//! outside the 24-hour customer-service window, the configured templates.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::Sha256;

use super::{Adapter, DecodeError, DeliveryError, Refusal};
use crate::clock::wall_now;
use crate::config::{TemplateRef, WhatsappFlows, WhatsappTemplates};
use crate::i18n::Locales;
use crate::message::{
    Channel, ChatKey, ChatRef, Choice, FileContent, FileOrigin, FormKind, Inbound, IncomingFile,
    Outbound,
};
use crate::store::deliveries::{self, StatusReport};
use crate::store::files::FileStore;
use crate::store::inbound::InboundEvent;
use crate::store::{Store, conversations, last_inbound};

/// Meta's limits (Cloud API reference, messages and interactive objects).
pub const MAX_TEXT: usize = 4096;
pub const MAX_BODY: usize = 1024;
pub const MAX_CAPTION: usize = 1024;
pub const MAX_BUTTONS: usize = 3;
pub const MAX_BUTTON_TITLE: usize = 20;
pub const MAX_ROWS: usize = 10;
pub const MAX_ROW_TITLE: usize = 24;
pub const MAX_ROW_DESCRIPTION: usize = 72;
pub const MAX_ROW_ID: usize = 200;
/// The button that opens a flow (`flow_cta`), and its token.
pub const MAX_FLOW_CTA: usize = 20;
pub const MAX_FLOW_TOKEN: usize = 200;
/// Free-form messages are allowed this long after the user's last message.
pub const WINDOW_SECS: i64 = 24 * 60 * 60;
/// A template parameter may not hold new lines; keep it well within the body limit.
const MAX_TEMPLATE_PARAM: usize = 900;

/// Checks `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the raw body with the
/// app secret, compared in constant time.
pub fn signature_valid(app_secret: &[u8], body: &[u8], header: Option<&[u8]>) -> bool {
    let Some(hex_sig) = header.and_then(|h| h.strip_prefix(b"sha256=")) else {
        return false;
    };
    let Ok(sig) = hex::decode(hex_sig) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(app_secret) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&sig).is_ok()
}

/// One event to store from a webhook notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intake {
    /// The message's wamid; for a status, the wamid and the status (each is news).
    pub external_id: String,
    /// The user's phone number (wa_id): their identity on WhatsApp.
    pub chat_id: String,
    pub payload: String,
}

/// What is stored per event: the platform's own object, untouched.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Stored {
    Message { message: Value },
    Status { status: Value },
}

#[derive(Deserialize)]
struct Notification {
    #[serde(default)]
    object: String,
    #[serde(default)]
    entry: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    changes: Vec<Change>,
}

#[derive(Deserialize)]
struct Change {
    #[serde(default)]
    field: String,
    #[serde(default)]
    value: ChangeValue,
}

#[derive(Default, Deserialize)]
struct ChangeValue {
    #[serde(default)]
    metadata: Option<Metadata>,
    #[serde(default)]
    messages: Vec<Value>,
    #[serde(default)]
    statuses: Vec<Value>,
}

#[derive(Default, Deserialize)]
struct Metadata {
    #[serde(default)]
    phone_number_id: String,
}

/// The events of a notification, what was left out and why (for /metrics), and what
/// was refused because it does not parse (stored as rejected).
#[derive(Debug, Default)]
pub struct Split {
    pub events: Vec<Intake>,
    pub ignored: Vec<&'static str>,
    pub refused: Vec<Refusal>,
}

/// A WhatsApp user id (`wa_id`, `from`) is a phone number in international form:
/// digits only, as E.164 allows (up to 15).
fn is_phone_number(s: &str) -> bool {
    (6..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// Splits a webhook body into the events it carries (every entry, change, message and
/// status), each message parsed into its typed form here, at the door. Changes
/// addressed to a business number other than `ours` (when known) and messages whose
/// sender is not a phone number are left out: we must not answer them from our
/// number. A body that is not a notification, a message that does not parse and a
/// status without its id are refused (stored as rejected, never claimed).
pub fn split_notification(body: &[u8], ours: Option<&str>) -> Split {
    let mut out = Split::default();
    let n: Notification = match serde_json::from_slice(body) {
        Ok(n) => n,
        Err(e) => {
            let reason = format!("not a notification: {e}");
            out.refused
                .push(Refusal::of_body(body, String::new(), reason));
            return out;
        }
    };
    if n.object != "whatsapp_business_account" {
        return out;
    }
    for change in n.entry.into_iter().flat_map(|e| e.changes) {
        if change.field != "messages" {
            continue;
        }
        let to = change
            .value
            .metadata
            .as_ref()
            .map(|m| m.phone_number_id.as_str());
        if let Some(ours) = ours
            && to != Some(ours)
        {
            if let Some(held_back) = crate::telemetry::warn_allowed("whatsapp_other_number") {
                tracing::warn!(
                    phone_number_id = to.unwrap_or("(none)"),
                    held_back,
                    "whatsapp change for another business number ignored"
                );
            }
            let n = change.value.messages.len() + change.value.statuses.len();
            out.ignored.extend(std::iter::repeat_n("other_number", n));
            continue;
        }
        for message in change.value.messages {
            let text = message.to_string();
            let (id, from) = (str_field(&message, "id"), str_field(&message, "from"));
            let refuse = |reason: String| {
                let mut r =
                    Refusal::of_body(text.as_bytes(), from.clone().unwrap_or_default(), reason);
                if let Some(id) = &id {
                    r.external_id.clone_from(id);
                }
                r
            };
            let (Some(id), Some(from)) = (id.clone(), from.clone()) else {
                out.refused
                    .push(refuse("a message without its id or sender".into()));
                continue;
            };
            if !is_phone_number(&from) {
                if let Some(held_back) = crate::telemetry::warn_allowed("whatsapp_bad_sender") {
                    tracing::warn!(
                        held_back,
                        "whatsapp message whose sender is not a phone number ignored"
                    );
                }
                out.ignored.push("bad_sender");
                continue;
            }
            if let Err(e) = WaMessage::deserialize(&message) {
                out.refused.push(refuse(format!("message: {e}")));
                continue;
            }
            out.events.push(Intake {
                external_id: id,
                chat_id: from,
                payload: stored_json(&Stored::Message { message }),
            });
        }
        for status in change.value.statuses {
            let (Some(id), Some(state)) = (str_field(&status, "id"), str_field(&status, "status"))
            else {
                let text = status.to_string();
                let reason = "a status without its id or state".to_owned();
                out.refused
                    .push(Refusal::of_body(text.as_bytes(), String::new(), reason));
                continue;
            };
            let chat_id = str_field(&status, "recipient_id").unwrap_or_default();
            out.events.push(Intake {
                external_id: format!("status:{id}:{state}"),
                chat_id,
                payload: stored_json(&Stored::Status { status }),
            });
        }
    }
    out
}

/// A `Stored` as JSON: it holds only JSON values, which always serialise.
fn stored_json(stored: &Stored) -> String {
    serde_json::to_string(stored).unwrap_or_default()
}

fn str_field(v: &Value, key: &str) -> Option<String> {
    v.get(key)?.as_str().map(str::to_owned)
}

/// Meta sends unix times as strings ("1504902988"); accept numbers too.
fn unix_field(v: &Value, key: &str) -> Option<i64> {
    match v.get(key)? {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_i64(),
        _ => None,
    }
}

#[derive(Deserialize)]
struct WaMessage {
    from: String,
    #[serde(rename = "type", default)]
    kind: String,
    text: Option<WaText>,
    interactive: Option<WaInteractive>,
    button: Option<WaButton>,
    document: Option<WaMedia>,
    image: Option<WaMedia>,
    /// A voice note (`voice: true`) or an audio file.
    audio: Option<WaMedia>,
    contacts: Option<Vec<WaContact>>,
}

#[derive(Deserialize)]
struct WaText {
    /// A text is what the user typed; a body sent as a JSON number ("123") is still
    /// the text they typed.
    #[serde(deserialize_with = "text_or_number")]
    body: String,
}

fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::de::{Error, Unexpected};
    match Value::deserialize(d)? {
        Value::String(t) => Ok(t),
        Value::Number(n) => Ok(n.to_string()),
        Value::Null => Err(D::Error::invalid_type(Unexpected::Unit, &"a string")),
        Value::Bool(b) => Err(D::Error::invalid_type(Unexpected::Bool(b), &"a string")),
        Value::Array(_) => Err(D::Error::invalid_type(Unexpected::Seq, &"a string")),
        Value::Object(_) => Err(D::Error::invalid_type(Unexpected::Map, &"a string")),
    }
}

#[derive(Deserialize)]
struct WaInteractive {
    button_reply: Option<WaReply>,
    list_reply: Option<WaReply>,
    nfm_reply: Option<WaNfmReply>,
}

/// A flow's answer: `response_json` is a JSON object (as a string) with the
/// `flow_token` and what the flow's last screen completed with.
#[derive(Deserialize)]
struct WaNfmReply {
    response_json: String,
}

/// The token and the answers of a flow's `response_json`; `None` when it is not an
/// object with a token. Answers are kept as text (a number or a yes/no as written,
/// a list joined with commas); empty ones are left out.
pub fn parse_flow_response(response_json: &str) -> Option<(String, BTreeMap<String, String>)> {
    let Value::Object(map) = serde_json::from_str::<Value>(response_json).ok()? else {
        return None;
    };
    let token = map
        .get("flow_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())?
        .to_owned();
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(|i| {
                    i.as_str()
                        .map(str::to_owned)
                        .or_else(|| Some(i.to_string()))
                })
                .collect::<Vec<_>>()
                .join(","),
        ),
        Value::Null | Value::Object(_) => None,
    };
    let answers = map
        .iter()
        .filter(|(k, _)| k.as_str() != "flow_token")
        .filter_map(|(k, v)| text(v).filter(|t| !t.is_empty()).map(|t| (k.clone(), t)))
        .collect();
    Some((token, answers))
}

#[derive(Deserialize)]
struct WaReply {
    id: String,
}

/// A quick-reply button of a template message.
#[derive(Deserialize)]
struct WaButton {
    payload: Option<String>,
    text: Option<String>,
}

#[derive(Deserialize)]
struct WaMedia {
    id: String,
    filename: Option<String>,
}

#[derive(Deserialize)]
struct WaContact {
    #[serde(default)]
    phones: Vec<WaPhone>,
}

#[derive(Deserialize)]
struct WaPhone {
    phone: Option<String>,
    wa_id: Option<String>,
}

#[derive(Deserialize)]
struct MediaInfo {
    url: String,
    file_size: Option<u64>,
}

/// What the adapter needs to reach the Graph API.
#[derive(Debug, Clone)]
pub struct WhatsappConfig {
    pub graph_url: String,
    pub api_version: String,
    pub access_token: String,
    pub phone_number_id: String,
    pub max_bytes: u64,
    pub templates: WhatsappTemplates,
    pub flows: WhatsappFlows,
}

pub struct WhatsappAdapter {
    http: reqwest::Client,
    /// `{graph_url}/{api_version}`.
    api: String,
    token: String,
    phone_number_id: String,
    max_bytes: u64,
    templates: WhatsappTemplates,
    flows: WhatsappFlows,
    files: FileStore,
    store: Store,
    locales: Arc<Locales>,
}

/// Why a send failed, before it is classified for the outbox.
#[derive(Debug)]
enum SendError {
    /// A Graph API error answer: `{"error":{"message","type","code","error_subcode","fbtrace_id"}}`.
    Graph {
        status: u16,
        code: i64,
        message: String,
    },
    /// The request did not get an answer.
    Network(String),
    /// Nothing the platform can fix (a stored file missing, an id too long).
    Local(String),
}

/// Re-engagement: the 24-hour window is closed (our record of it was stale).
const CODE_WINDOW_CLOSED: i64 = 131047;

impl SendError {
    fn window_closed(&self) -> bool {
        matches!(self, SendError::Graph { code, .. } if *code == CODE_WINDOW_CLOSED)
    }

    fn into_delivery(self) -> DeliveryError {
        let (status, code, message) = match self {
            SendError::Network(e) => return DeliveryError::Transient(e),
            SendError::Local(e) => return DeliveryError::Permanent(e),
            SendError::Graph {
                status,
                code,
                message,
            } => (status, code, message),
        };
        let what = format!("graph {status} code {code}: {message}");
        match (status, code) {
            // Pair rate limit: too many messages to this one user; only they wait.
            (_, 131056) => DeliveryError::RetryAfter(6),
            // Throughput of our number (or app, or account): every chat slows down.
            (429, _) | (_, 4 | 80007 | 130429) => DeliveryError::SlowDown(2),
            (500..=599, _) | (_, 1 | 2 | 131000 | 131016) => DeliveryError::Transient(what),
            _ => DeliveryError::Permanent(what),
        }
    }
}

impl WhatsappAdapter {
    pub fn new(
        config: WhatsappConfig,
        files: FileStore,
        store: Store,
        locales: Arc<Locales>,
    ) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .map_err(|e| format!("http client: {e}"))?;
        Ok(Self {
            http,
            api: format!(
                "{}/{}",
                config.graph_url.trim_end_matches('/'),
                config.api_version.trim_matches('/')
            ),
            token: config.access_token,
            phone_number_id: config.phone_number_id,
            max_bytes: config.max_bytes,
            templates: config.templates,
            flows: config.flows,
            files,
            store,
            locales,
        })
    }

    /// Media id → (Graph) media URL → bytes, both with the access token. A file
    /// declared bigger than we accept is not downloaded.
    async fn download(&self, media_id: &str) -> FileContent {
        match tokio::time::timeout(super::DOWNLOAD_TIMEOUT, self.fetch_media(media_id)).await {
            Ok(content) => content,
            Err(_) => {
                tracing::warn!("whatsapp media download timed out");
                FileContent::Unavailable
            }
        }
    }

    async fn fetch_media(&self, media_id: &str) -> FileContent {
        let info = self
            .http
            .get(format!("{}/{media_id}", self.api))
            .bearer_auth(&self.token)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status);
        let info: MediaInfo = match info {
            Ok(r) => match r.json().await {
                Ok(i) => i,
                Err(e) => {
                    tracing::warn!(error = %e, "whatsapp media info unreadable");
                    return FileContent::Unavailable;
                }
            },
            Err(e) => {
                tracing::warn!(error = %e, "whatsapp media info failed");
                return FileContent::Unavailable;
            }
        };
        if let Some(size) = info.file_size
            && size > self.max_bytes
        {
            return FileContent::TooLarge { size };
        }
        let got = self
            .http
            .get(&info.url)
            .bearer_auth(&self.token)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status);
        let bytes = match got {
            Ok(r) => r.bytes().await,
            Err(e) => Err(e),
        };
        match bytes {
            Ok(b) if b.len() as u64 > self.max_bytes => FileContent::TooLarge {
                size: b.len() as u64,
            },
            Ok(b) => FileContent::Bytes(b.to_vec()),
            Err(e) => {
                tracing::warn!(error = %e, "whatsapp media download failed");
                FileContent::Unavailable
            }
        }
    }

    async fn decode_message(&self, message: Value) -> Result<(ChatRef, Inbound), DecodeError> {
        let reported_at = unix_field(&message, "timestamp").unwrap_or_else(wall_now);
        let msg: WaMessage =
            serde_json::from_value(message).map_err(|e| DecodeError::Malformed(e.to_string()))?;
        // The window is counted from the user's message, whatever we do with it.
        {
            let mut conn = self
                .store
                .pool
                .acquire()
                .await
                .map_err(|e| DecodeError::Transient(e.to_string()))?;
            last_inbound::touch(
                &mut conn,
                ChatKey::new(Channel::Whatsapp, &msg.from),
                reported_at,
            )
            .await
            .map_err(|e| DecodeError::Transient(e.to_string()))?;
        }
        let chat = ChatRef {
            channel: Channel::Whatsapp,
            chat_id: msg.from.clone(),
            // WhatsApp tells nothing of the user's language: the chat's or the default.
            lang_hint: None,
        };
        let inbound = match msg.kind.as_str() {
            "text" => match msg.text {
                Some(t) => Inbound::Text(t.body),
                None => Inbound::Unsupported("whatsapp-text-without-body".into()),
            },
            "interactive" => match msg.interactive {
                Some(WaInteractive {
                    nfm_reply: Some(reply),
                    ..
                }) => match parse_flow_response(&reply.response_json) {
                    Some((token, answers)) => Inbound::FormReply { token, answers },
                    None => {
                        tracing::warn!("whatsapp flow answer without a token ignored");
                        Inbound::Unsupported("whatsapp-flow-without-token".into())
                    }
                },
                Some(i) => match i.button_reply.or(i.list_reply) {
                    Some(reply) => Inbound::Choice(reply.id),
                    None => Inbound::Unsupported("whatsapp-interactive-other".into()),
                },
                None => Inbound::Unsupported("whatsapp-interactive-other".into()),
            },
            // A template's quick-reply button: its payload, else what it said.
            "button" => match msg.button {
                Some(WaButton {
                    payload: Some(p), ..
                }) if !p.is_empty() => Inbound::Choice(p),
                Some(WaButton { text: Some(t), .. }) => Inbound::Text(t),
                _ => Inbound::Unsupported("whatsapp-button".into()),
            },
            "document" => match msg.document {
                Some(doc) => Inbound::File(IncomingFile {
                    origin: FileOrigin::Document,
                    name: doc.filename.clone(),
                    content: self.download(&doc.id).await,
                }),
                None => Inbound::Unsupported("whatsapp-document-missing".into()),
            },
            "image" => match msg.image {
                Some(img) => Inbound::File(IncomingFile {
                    origin: FileOrigin::Photo,
                    name: None,
                    content: self.download(&img.id).await,
                }),
                None => Inbound::Unsupported("whatsapp-image-missing".into()),
            },
            "audio" => match msg.audio {
                Some(audio) => Inbound::File(IncomingFile {
                    origin: FileOrigin::Voice,
                    name: None,
                    content: self.download(&audio.id).await,
                }),
                None => Inbound::Unsupported("whatsapp-audio-missing".into()),
            },
            "contacts" => {
                let phone = msg
                    .contacts
                    .unwrap_or_default()
                    .into_iter()
                    .flat_map(|c| c.phones)
                    .find(|p| p.phone.is_some() || p.wa_id.is_some());
                match phone {
                    Some(p) => {
                        // The platform vouches for a number only by its wa_id.
                        let own = p.wa_id.as_deref() == Some(msg.from.as_str());
                        Inbound::Contact {
                            phone: p.phone.or(p.wa_id).unwrap_or_default(),
                            own,
                        }
                    }
                    None => Inbound::Unsupported("whatsapp-contact-without-phone".into()),
                }
            }
            other => Inbound::Unsupported(format!("whatsapp-{other}")),
        };
        Ok((chat, inbound))
    }

    async fn record_status(&self, status: Value) -> Result<(), DecodeError> {
        let (Some(id), Some(state)) = (str_field(&status, "id"), str_field(&status, "status"))
        else {
            return Err(DecodeError::Malformed("status without id".into()));
        };
        let error = status
            .get("errors")
            .and_then(Value::as_array)
            .and_then(|errs| errs.first())
            .map(|e| {
                let code = e.get("code").and_then(Value::as_i64).unwrap_or_default();
                let title = e
                    .get("title")
                    .or_else(|| e.get("message"))
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                format!("{code}: {title}")
            });
        if let Some(e) = &error {
            tracing::warn!(error = %e, "whatsapp reported a failed delivery");
        }
        let mut conn = self
            .store
            .pool
            .acquire()
            .await
            .map_err(|e| DecodeError::Transient(e.to_string()))?;
        deliveries::record(
            &mut conn,
            &StatusReport {
                channel: Channel::Whatsapp.as_str(),
                external_id: &id,
                status: &state,
                error: error.as_deref(),
                reported_at: unix_field(&status, "timestamp").unwrap_or_else(wall_now),
            },
            wall_now(),
        )
        .await
        .map_err(|e| DecodeError::Transient(e.to_string()))?;
        Ok(())
    }

    /// The chat's language (as the engine last answered it) and whether the 24-hour
    /// window is open.
    async fn chat_context(&self, chat_id: &str) -> Result<(&'static str, bool), DeliveryError> {
        let store_err = |e: crate::store::StoreError| DeliveryError::Transient(e.to_string());
        let mut conn = self
            .store
            .pool
            .acquire()
            .await
            .map_err(|e| DeliveryError::Transient(e.to_string()))?;
        let chat = ChatKey::new(Channel::Whatsapp, chat_id);
        let locale = conversations::load(&mut conn, chat)
            .await
            .map_err(store_err)?
            .map(|c| c.locale);
        let last = last_inbound::get(&mut conn, chat)
            .await
            .map_err(store_err)?;
        let open = last.is_some_and(|at| wall_now() - at < WINDOW_SECS);
        Ok((self.locales.pick(locale.as_deref()), open))
    }

    /// POST /{phone_number_id}/messages; returns the wamid.
    async fn post_message(&self, to: &str, message: Value) -> Result<String, SendError> {
        let mut body = json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
        });
        merge(&mut body, message);
        let response = self
            .http
            .post(format!("{}/{}/messages", self.api, self.phone_number_id))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await;
        let value = graph_answer(response).await?;
        value
            .pointer("/messages/0/id")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| SendError::Local("no message id in the answer".into()))
    }

    /// POST /{phone_number_id}/media (multipart); returns the media id.
    async fn upload(&self, bytes: Vec<u8>, file_name: &str) -> Result<String, SendError> {
        let mime = mime_for(file_name);
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(file_name.to_owned())
            .mime_str(mime)
            .map_err(|e| SendError::Local(e.to_string()))?;
        let form = reqwest::multipart::Form::new()
            .text("messaging_product", "whatsapp")
            .text("type", mime)
            .part("file", part);
        let response = self
            .http
            .post(format!("{}/{}/media", self.api, self.phone_number_id))
            .bearer_auth(&self.token)
            .multipart(form)
            .send()
            .await;
        let value = graph_answer(response).await?;
        value
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| SendError::Local("no media id in the answer".into()))
    }

    /// Sends the messages in order; returns the first one's wamid (the one statuses
    /// are matched by).
    async fn post_all(&self, to: &str, messages: Vec<Value>) -> Result<Option<String>, SendError> {
        let mut first = None;
        for m in messages {
            let id = self.post_message(to, m).await?;
            first.get_or_insert(id);
        }
        Ok(first)
    }

    async fn send_free_form(
        &self,
        chat_id: &str,
        message: &Outbound,
        labels: &Labels,
    ) -> Result<Option<String>, SendError> {
        match message {
            Outbound::Text { text, choices } | Outbound::Invitation { text, choices, .. } => {
                let plan = plan_text(text, choices, labels).map_err(SendError::Local)?;
                self.post_all(chat_id, plan).await
            }
            Outbound::Document {
                sha256,
                file_name,
                caption,
            } => {
                let media_id = self.upload_stored(sha256, file_name).await?;
                let (before, caption) = if caption.chars().count() <= MAX_CAPTION {
                    (vec![], caption.clone())
                } else {
                    // A long caption goes first as text, so nothing is cut.
                    (
                        plan_text(caption, &[], labels).unwrap_or_default(),
                        String::new(),
                    )
                };
                // Audio plays in the chat, but an audio message has no caption: the
                // caption goes first as text.
                let audio = crate::message::audio_mime(file_name).is_some();
                let (before, caption) = if audio && !caption.is_empty() {
                    let mut before = before;
                    before.extend(plan_text(&caption, &[], labels).unwrap_or_default());
                    (before, String::new())
                } else {
                    (before, caption)
                };
                let mut first = self.post_all(chat_id, before).await?;
                let message = if audio {
                    json!({"type": "audio", "audio": {"id": media_id}})
                } else {
                    let mut document = json!({"id": media_id, "filename": file_name});
                    if !caption.is_empty() {
                        document["caption"] = json!(caption);
                    }
                    json!({"type": "document", "document": document})
                };
                let id = self.post_message(chat_id, message).await?;
                Ok(Some(first.take().unwrap_or(id)))
            }
            Outbound::Form {
                form,
                token,
                text,
                button,
                data,
            } => {
                let plan = match self.flows.id_for(*form) {
                    Some(flow_id) => plan_form(
                        &FlowOffer {
                            flow_id,
                            form: *form,
                            token,
                            button,
                            data,
                        },
                        text,
                    )
                    .map_err(SendError::Local)?,
                    // The flow was removed from the settings since: the invitation
                    // alone (the chat's questions follow it).
                    None => plan_text(text, &[], labels).map_err(SendError::Local)?,
                };
                self.post_all(chat_id, plan).await
            }
        }
    }

    async fn upload_stored(&self, sha256: &str, file_name: &str) -> Result<String, SendError> {
        let bytes = self
            .files
            .get(sha256)
            .await
            .map_err(|e| SendError::Local(format!("stored file missing: {e}")))?;
        self.upload(bytes, file_name).await
    }

    /// Outside the window: the template for this kind of message, with its parameters.
    async fn send_template(
        &self,
        chat_id: &str,
        message: &Outbound,
    ) -> Result<Option<String>, SendError> {
        let (template, components) = match message {
            Outbound::Invitation {
                params, choices, ..
            } if named(&self.templates.invite) => (
                &self.templates.invite,
                invitation_components(params, choices),
            ),
            // Never sent as a template (see `deliver`).
            Outbound::Form { .. } => return Ok(None),
            Outbound::Text { text, choices } | Outbound::Invitation { text, choices, .. } => (
                &self.templates.text,
                json!([{"type": "body", "parameters": [
                    {"type": "text", "text": template_param(text, choices)}
                ]}]),
            ),
            Outbound::Document {
                sha256,
                file_name,
                caption,
            } => {
                let media_id = self.upload_stored(sha256, file_name).await?;
                (
                    &self.templates.document,
                    json!([
                        {"type": "header", "parameters": [
                            {"type": "document", "document": {"id": media_id, "filename": file_name}}
                        ]},
                        {"type": "body", "parameters": [
                            {"type": "text", "text": template_param(caption, &[])}
                        ]}
                    ]),
                )
            }
        };
        let id = self
            .post_message(chat_id, template_message(template, components))
            .await?;
        Ok(Some(id))
    }

    fn has_template(&self, message: &Outbound) -> bool {
        match message {
            Outbound::Text { .. } => named(&self.templates.text),
            Outbound::Document { .. } => named(&self.templates.document),
            Outbound::Invitation { .. } => {
                named(&self.templates.invite) || named(&self.templates.text)
            }
            Outbound::Form { .. } => false,
        }
    }
}

fn named(template: &TemplateRef) -> bool {
    !template.name.trim().is_empty()
}

/// The invitation template's body parameters, one line each, and a quick-reply
/// button per choice whose payload is the choice id (a tap comes back as that choice).
fn invitation_components(params: &[String], choices: &[Choice]) -> Value {
    let body: Vec<Value> = params
        .iter()
        .map(|p| json!({"type": "text", "text": template_param(p, &[])}))
        .collect();
    let mut components = vec![json!({"type": "body", "parameters": body})];
    for (i, c) in choices.iter().enumerate() {
        components.push(json!({
            "type": "button",
            "sub_type": "quick_reply",
            "index": i.to_string(),
            "parameters": [{"type": "payload", "payload": c.id}],
        }));
    }
    Value::Array(components)
}

/// What opens a published flow for one chat.
pub struct FlowOffer<'a> {
    pub flow_id: &'a str,
    pub form: FormKind,
    pub token: &'a str,
    pub button: &'a str,
    pub data: &'a BTreeMap<String, String>,
}

/// The interactive `flow` message (and, before it, what of a long invitation does
/// not fit its body): version 3, the token, the button (cut to 20 characters), and
/// `navigate` to the form's first screen with its data when there is any (Meta
/// refuses an empty data object).
pub fn plan_form(offer: &FlowOffer<'_>, text: &str) -> Result<Vec<Value>, String> {
    if offer.token.is_empty() || offer.token.chars().count() > MAX_FLOW_TOKEN {
        return Err(format!("flow token must be 1-{MAX_FLOW_TOKEN} characters"));
    }
    let text = text.trim();
    let (lead, body) = if text.chars().count() <= MAX_BODY {
        ("", text)
    } else {
        match text.rfind("\n\n") {
            Some(i) if text[i..].trim().chars().count() <= MAX_BODY => {
                (&text[..i], text[i..].trim())
            }
            _ => (text, ""),
        }
    };
    let mut out: Vec<Value> = split_text(lead, MAX_TEXT)
        .into_iter()
        .map(|b| json!({"type": "text", "text": {"body": b, "preview_url": false}}))
        .collect();
    let button = cut(offer.button.trim(), MAX_FLOW_CTA);
    let mut payload = json!({"screen": super::whatsapp_flows::first_screen(offer.form)});
    if !offer.data.is_empty() {
        payload["data"] = json!(offer.data);
    }
    out.push(json!({"type": "interactive", "interactive": {
        "type": "flow",
        "body": {"text": if body.is_empty() { button.as_str() } else { body }},
        "action": {
            "name": "flow",
            "parameters": {
                "flow_message_version": "3",
                "flow_token": offer.token,
                "flow_id": offer.flow_id,
                "flow_cta": button,
                "flow_action": "navigate",
                "flow_action_payload": payload,
            },
        },
    }}));
    Ok(out)
}

fn template_message(template: &TemplateRef, components: Value) -> Value {
    json!({
        "type": "template",
        "template": {
            "name": template.name,
            "language": {"code": template.language},
            "components": components,
        }
    })
}

/// A template parameter: one line (Meta refuses new lines, tabs and runs of spaces),
/// the offered choices numbered so the user can answer with a number.
fn template_param(text: &str, choices: &[Choice]) -> String {
    let mut line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for (i, c) in choices.iter().enumerate() {
        line.push_str(&format!(" {}) {}", i + 1, c.label));
    }
    if line.is_empty() {
        line.push('-');
    }
    cut(&line, MAX_TEMPLATE_PARAM)
}

/// Why a Graph API call gave no usable answer.
pub(super) enum GraphFailure {
    Network(String),
    /// Meta's error JSON: `{"error":{"message","type","code","error_subcode","fbtrace_id"}}`.
    Refused {
        status: u16,
        code: i64,
        message: String,
    },
}

/// A Graph API answer's JSON, or what went wrong, with Meta's own words.
pub(super) async fn graph_json(
    response: Result<reqwest::Response, reqwest::Error>,
) -> Result<Value, GraphFailure> {
    let response = response.map_err(|e| GraphFailure::Network(e.to_string()))?;
    let status = response.status().as_u16();
    let value: Value = response.json().await.unwrap_or(Value::Null);
    if (200..300).contains(&status) {
        return Ok(value);
    }
    Err(GraphFailure::Refused {
        status,
        code: value
            .pointer("/error/code")
            .and_then(Value::as_i64)
            .unwrap_or_default(),
        message: value
            .pointer("/error/message")
            .and_then(Value::as_str)
            .unwrap_or("no error message")
            .to_owned(),
    })
}

async fn graph_answer(
    response: Result<reqwest::Response, reqwest::Error>,
) -> Result<Value, SendError> {
    graph_json(response).await.map_err(|e| match e {
        GraphFailure::Network(e) => SendError::Network(e),
        GraphFailure::Refused {
            status,
            code,
            message,
        } => SendError::Graph {
            status,
            code,
            message,
        },
    })
}

fn merge(target: &mut Value, fields: Value) {
    if let (Some(t), Value::Object(f)) = (target.as_object_mut(), fields) {
        t.extend(f);
    }
}

fn mime_for(file_name: &str) -> &'static str {
    match file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("pdf") => "application/pdf",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("csv") => "text/csv",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("txt") => "text/plain",
        _ => crate::message::audio_mime(file_name).unwrap_or("application/octet-stream"),
    }
}

#[async_trait]
impl Adapter for WhatsappAdapter {
    fn channel(&self) -> Channel {
        Channel::Whatsapp
    }

    async fn decode(
        &self,
        event: &InboundEvent,
    ) -> Result<Option<(ChatRef, Inbound)>, DecodeError> {
        let stored: Stored = serde_json::from_str(&event.payload)
            .map_err(|e| DecodeError::Malformed(e.to_string()))?;
        match stored {
            Stored::Message { message } => self.decode_message(message).await.map(Some),
            Stored::Status { status } => {
                self.record_status(status).await?;
                Ok(None)
            }
        }
    }

    async fn deliver(
        &self,
        chat_id: &str,
        message: &Outbound,
    ) -> Result<Option<String>, DeliveryError> {
        let (lang, window_open) = self.chat_context(chat_id).await?;
        // A form is offered only in reply to the user, so the window is closed only
        // when Meta delivered that message late. A template's FLOW button opens the
        // one flow it was approved with (a template per form to keep approved): the
        // form is left out, and the chat's questions that follow it go as the text
        // template.
        if !window_open && matches!(message, Outbound::Form { .. }) {
            tracing::info!("form not offered outside the 24-hour window");
            return Ok(None);
        }
        if !window_open && self.has_template(message) {
            return self
                .send_template(chat_id, message)
                .await
                .map_err(SendError::into_delivery);
        }
        let labels = Labels::new(&self.locales, lang);
        match self.send_free_form(chat_id, message, &labels).await {
            Ok(id) => Ok(id),
            // Our record said open, Meta says closed: the template it is.
            Err(e) if e.window_closed() && matches!(message, Outbound::Form { .. }) => {
                tracing::info!("form not offered: Meta says the 24-hour window is closed");
                Ok(None)
            }
            Err(e) if e.window_closed() && self.has_template(message) => self
                .send_template(chat_id, message)
                .await
                .map_err(SendError::into_delivery),
            Err(e) => Err(e.into_delivery()),
        }
    }
}

/// The words the adapter adds around the engine's choices, in the chat's language.
pub struct Labels {
    pub list_button: String,
    pub choose: String,
    /// "More options (page of pages):" for each continuation page.
    pub more: Box<dyn Fn(usize, usize) -> String + Send + Sync>,
}

impl Labels {
    pub fn new(locales: &Arc<Locales>, lang: &'static str) -> Labels {
        let l = locales.clone();
        Labels {
            list_button: cut(&locales.t(lang, "whatsapp-list-button"), MAX_BUTTON_TITLE),
            choose: locales.t(lang, "whatsapp-choose"),
            more: Box::new(move |page, pages| {
                l.t_args(
                    lang,
                    "whatsapp-more-options",
                    &[("page", page.into()), ("pages", pages.into())],
                )
            }),
        }
    }
}

/// Cuts to at most `max` characters, marking the cut with an ellipsis.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Splits a text into pieces of at most `max` characters, at paragraph, line or word
/// boundaries when it can.
pub fn split_text(text: &str, max: usize) -> Vec<String> {
    let mut out = vec![];
    let mut rest = text.trim();
    while rest.chars().count() > max {
        let limit = rest
            .char_indices()
            .nth(max)
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        let head = &rest[..limit];
        let at = ["\n\n", "\n", " "]
            .iter()
            .find_map(|sep| head.rfind(sep).filter(|&i| i > 0))
            .unwrap_or(limit);
        out.push(rest[..at].trim_end().to_owned());
        rest = rest[at..].trim_start();
    }
    if !rest.is_empty() {
        out.push(rest.to_owned());
    }
    out
}

/// The WhatsApp messages (without recipient) that show a text and its choices,
/// within Meta's limits and cutting nothing the user needs: up to 3 short choices as
/// reply buttons, otherwise list messages of 10 rows (a long label's full text in the
/// row's description, or numbered in the body when even that is too short).
pub fn plan_text(text: &str, choices: &[Choice], labels: &Labels) -> Result<Vec<Value>, String> {
    if let Some(c) = choices.iter().find(|c| c.id.chars().count() > MAX_ROW_ID) {
        return Err(format!("choice id longer than {MAX_ROW_ID}: {}", c.id));
    }
    if choices.is_empty() {
        return Ok(split_text(text, MAX_TEXT)
            .into_iter()
            .map(|body| json!({"type": "text", "text": {"body": body, "preview_url": false}}))
            .collect());
    }
    // The interactive body holds 1024 characters: what comes before the question
    // (usually the last paragraph) goes first as plain text.
    let text = text.trim();
    let (lead, mut body) = if text.chars().count() <= MAX_BODY {
        ("", text.to_owned())
    } else {
        match text.rfind("\n\n") {
            Some(i) if text[i..].trim().chars().count() <= MAX_BODY => {
                (&text[..i], text[i..].trim().to_owned())
            }
            _ => (text, String::new()),
        }
    };
    if body.is_empty() {
        body = labels.choose.clone();
    }
    let mut out: Vec<Value> = split_text(lead, MAX_TEXT)
        .into_iter()
        .map(|b| json!({"type": "text", "text": {"body": b, "preview_url": false}}))
        .collect();

    let buttons_fit = choices.len() <= MAX_BUTTONS
        && choices
            .iter()
            .all(|c| !c.label.trim().is_empty() && c.label.chars().count() <= MAX_BUTTON_TITLE);
    if buttons_fit {
        let buttons: Vec<Value> = choices
            .iter()
            .map(|c| json!({"type": "reply", "reply": {"id": c.id, "title": c.label}}))
            .collect();
        out.push(json!({"type": "interactive", "interactive": {
            "type": "button",
            "body": {"text": body},
            "action": {"buttons": buttons},
        }}));
        return Ok(out);
    }

    let pages: Vec<&[Choice]> = choices.chunks(MAX_ROWS).collect();
    let n_pages = pages.len();
    for (p, page) in pages.into_iter().enumerate() {
        let offset = p * MAX_ROWS;
        let mut page_body = if p == 0 {
            body.clone()
        } else {
            (labels.more)(p + 1, n_pages)
        };
        // Labels too long even for a description: numbered in full in the body.
        let numbered: Vec<String> = page
            .iter()
            .enumerate()
            .filter(|(_, c)| c.label.chars().count() > MAX_ROW_DESCRIPTION)
            .map(|(i, c)| format!("{}. {}", offset + i + 1, c.label))
            .collect();
        if !numbered.is_empty() {
            let listing = numbered.join("\n");
            if page_body.chars().count() + listing.chars().count() + 2 <= MAX_BODY {
                page_body = format!("{page_body}\n\n{listing}");
            } else {
                out.extend(
                    split_text(&listing, MAX_TEXT)
                        .into_iter()
                        .map(|b| json!({"type": "text", "text": {"body": b}})),
                );
            }
        }
        let rows: Vec<Value> = page
            .iter()
            .map(|c| {
                let label = c.label.trim();
                let label = if label.is_empty() { "-" } else { label };
                let mut row = json!({"id": c.id, "title": cut(label, MAX_ROW_TITLE)});
                if label.chars().count() > MAX_ROW_TITLE {
                    row["description"] = json!(cut(label, MAX_ROW_DESCRIPTION));
                }
                row
            })
            .collect();
        out.push(json!({"type": "interactive", "interactive": {
            "type": "list",
            "body": {"text": page_body},
            "action": {
                "button": labels.list_button,
                "sections": [{"rows": rows}],
            },
        }}));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Labels {
        Labels {
            list_button: "Ver opciones".into(),
            choose: "Elija:".into(),
            more: Box::new(|p, n| format!("Más ({p}/{n})")),
        }
    }

    fn choices(labels: &[&str]) -> Vec<Choice> {
        labels
            .iter()
            .enumerate()
            .map(|(i, l)| Choice {
                id: format!("c:{i}"),
                label: (*l).to_owned(),
                web_app: None,
            })
            .collect()
    }

    #[test]
    fn three_short_choices_are_reply_buttons() {
        let plan = plan_text("¿Sí?", &choices(&["Sí", "No", "Tal vez"]), &labels()).unwrap();
        assert_eq!(plan.len(), 1);
        assert_eq!(plan[0]["interactive"]["type"], "button");
        assert_eq!(
            plan[0]["interactive"]["action"]["buttons"][2]["reply"]["id"],
            "c:2"
        );
    }

    #[test]
    fn long_labels_go_to_a_list_with_the_full_text_in_the_description() {
        let long = "Mariscal Cáceres (Huancavelica, Huancavelica)";
        let plan = plan_text("¿Cuál?", &choices(&[long, "Otro"]), &labels()).unwrap();
        let row = &plan[0]["interactive"]["action"]["sections"][0]["rows"][0];
        assert_eq!(plan[0]["interactive"]["type"], "list");
        assert!(row["title"].as_str().unwrap().chars().count() <= MAX_ROW_TITLE);
        assert_eq!(row["description"], long);
    }

    #[test]
    fn more_than_ten_choices_are_paged_without_losing_any_id() {
        let labels_in: Vec<String> = (1..=23).map(|i| format!("Opción {i}")).collect();
        let refs: Vec<&str> = labels_in.iter().map(String::as_str).collect();
        let plan = plan_text("¿Cuál?", &choices(&refs), &labels()).unwrap();
        assert_eq!(plan.len(), 3);
        let ids: Vec<String> = plan
            .iter()
            .flat_map(|m| {
                m["interactive"]["action"]["sections"][0]["rows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r["id"].as_str().unwrap().to_owned())
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(ids.len(), 23);
        assert_eq!(ids[22], "c:22");
        assert_eq!(plan[1]["interactive"]["body"]["text"], "Más (2/3)");
    }

    #[test]
    fn a_long_text_is_split_and_the_question_keeps_the_buttons() {
        let text = format!("{}\n\n¿Seguimos?", "palabra ".repeat(700));
        let plan = plan_text(&text, &choices(&["Sí", "No"]), &labels()).unwrap();
        // 5,600 characters of lead: two texts, then the question with its buttons.
        assert_eq!(plan.len(), 3);
        assert_eq!(plan[0]["type"], "text");
        assert_eq!(plan[1]["type"], "text");
        assert_eq!(plan[2]["interactive"]["body"]["text"], "¿Seguimos?");
        let long = "x".repeat(10_000);
        let parts = split_text(&long, MAX_TEXT);
        assert_eq!(parts.concat(), long);
        assert!(parts.iter().all(|p| p.chars().count() <= MAX_TEXT));
    }

    #[test]
    fn signatures_are_checked_against_the_raw_body() {
        let mut mac = Hmac::<Sha256>::new_from_slice(b"secret").unwrap();
        mac.update(b"{}");
        let good = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
        assert!(signature_valid(b"secret", b"{}", Some(good.as_bytes())));
        assert!(!signature_valid(b"secret", b"{ }", Some(good.as_bytes())));
        assert!(!signature_valid(b"other", b"{}", Some(good.as_bytes())));
        assert!(!signature_valid(b"secret", b"{}", None));
        assert!(!signature_valid(b"secret", b"{}", Some(b"sha256=zz")));
    }

    #[test]
    fn graph_errors_map_to_what_the_outbox_can_do() {
        let graph = |status, code| SendError::Graph {
            status,
            code,
            message: String::new(),
        };
        let kind = |e: SendError| match e.into_delivery() {
            DeliveryError::RetryAfter(_) => "retry_after",
            DeliveryError::SlowDown(_) => "slow_down",
            DeliveryError::Transient(_) => "transient",
            DeliveryError::Permanent(_) => "permanent",
        };
        assert_eq!(kind(graph(429, 0)), "slow_down");
        assert_eq!(kind(graph(400, 130429)), "slow_down");
        assert_eq!(kind(graph(400, 131056)), "retry_after");
        assert_eq!(kind(graph(500, 1)), "transient");
        assert_eq!(kind(graph(503, 0)), "transient");
        assert_eq!(kind(graph(400, 100)), "permanent");
        assert_eq!(kind(graph(401, 190)), "permanent");
        assert_eq!(kind(SendError::Network("reset".into())), "transient");
        assert_eq!(kind(SendError::Local("no file".into())), "permanent");
    }

    #[test]
    fn a_notification_is_split_into_messages_and_statuses() {
        let body = json!({
            "object": "whatsapp_business_account",
            "entry": [
                {"id": "1", "changes": [{"field": "messages", "value": {
                    "messages": [
                        {"from": "51900000001", "id": "wamid.A", "type": "text", "text": {"body": "a"}},
                        {"from": "51900000002", "id": "wamid.B", "type": "text", "text": {"body": "b"}}
                    ],
                    "statuses": [{"id": "wamid.S", "status": "read", "recipient_id": "51900000003"}]
                }}]},
                {"id": "2", "changes": [
                    {"field": "account_update", "value": {}},
                    {"field": "messages", "value": {"messages": [
                        {"id": "wamid.no-from"},
                        {"from": "51900000004", "id": "wamid.C", "type": "text", "text": {"body": {"x": 1}}},
                        {"from": "51900000005", "id": "wamid.D", "type": "text", "text": {"body": 123}}
                    ]}}
                ]}
            ]
        });
        let split = split_notification(&serde_json::to_vec(&body).unwrap(), None);
        let refused: Vec<(&str, &str)> = split
            .refused
            .iter()
            .map(|r| (r.external_id.as_str(), r.chat_id.as_str()))
            .collect();
        assert_eq!(refused, [("wamid.no-from", ""), ("wamid.C", "51900000004")]);
        assert!(
            split.refused[1].reason.contains("invalid type: map"),
            "{}",
            split.refused[1].reason
        );
        let events = split.events;
        let ids: Vec<(&str, &str)> = events
            .iter()
            .map(|e| (e.external_id.as_str(), e.chat_id.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                ("wamid.A", "51900000001"),
                ("wamid.B", "51900000002"),
                ("status:wamid.S:read", "51900000003"),
                ("wamid.D", "51900000005")
            ]
        );
        let broken = split_notification(b"[1,", None);
        assert!(broken.events.is_empty());
        assert!(broken.refused[0].external_id.starts_with("refused:"));
        assert!(broken.refused[0].reason.starts_with("not a notification"));
        let page = split_notification(b"{\"object\":\"page\"}", None);
        assert!(page.events.is_empty() && page.refused.is_empty());
    }

    #[test]
    fn only_our_number_and_real_senders_are_taken() {
        let body = |to: &str, from: &str| {
            serde_json::to_vec(&json!({
                "object": "whatsapp_business_account",
                "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
                    "metadata": {"phone_number_id": to},
                    "messages": [{"from": from, "id": "wamid.A", "type": "text", "text": {"body": "a"}}]
                }}]}]
            }))
            .unwrap()
        };
        let split = |b: Vec<u8>| split_notification(&b, Some("100"));
        assert_eq!(split(body("100", "51900000001")).events.len(), 1);
        assert_eq!(split(body("999", "51900000001")).ignored, ["other_number"]);
        assert_eq!(split(body("100", "../admin")).ignored, ["bad_sender"]);
        assert_eq!(split(body("100", "")).ignored, ["bad_sender"]);
    }

    #[test]
    fn a_form_is_a_flow_message_within_metas_limits() {
        let mut data = BTreeMap::new();
        let offer = |data: &BTreeMap<String, String>, button: &str| {
            plan_form(
                &FlowOffer {
                    flow_id: "700",
                    form: FormKind::RegistrationLocal,
                    token: "abc",
                    button,
                    data,
                },
                "Llene el formulario",
            )
            .unwrap()
        };
        let plan = offer(&data, "Llenar el formulario completo");
        let p = &plan[0]["interactive"]["action"]["parameters"];
        assert_eq!(plan[0]["interactive"]["type"], "flow");
        assert_eq!(p["flow_message_version"], "3");
        assert_eq!(
            p["flow_cta"].as_str().unwrap().chars().count(),
            MAX_FLOW_CTA
        );
        // Meta refuses an empty data object: none at all then.
        assert!(p["flow_action_payload"].get("data").is_none());
        data.insert("resp_office".to_owned(), "OMAPED".to_owned());
        let plan = offer(&data, "Llenar formulario");
        let p = &plan[0]["interactive"]["action"]["parameters"];
        assert_eq!(p["flow_action_payload"]["screen"], "PART_A");
        assert_eq!(p["flow_action_payload"]["data"]["resp_office"], "OMAPED");
    }

    #[test]
    fn a_flow_answer_is_read_with_its_token() {
        let (token, answers) = parse_flow_response(
            r#"{"flow_token":"t1","authority_dni":"45678912","n":3,"empty":"","gone":null}"#,
        )
        .unwrap();
        assert_eq!(token, "t1");
        assert_eq!(answers["authority_dni"], "45678912");
        assert_eq!(answers["n"], "3");
        assert!(!answers.contains_key("empty") && !answers.contains_key("gone"));
        assert!(parse_flow_response(r#"{"authority_dni":"1"}"#).is_none());
        assert!(parse_flow_response("[1]").is_none());
        assert!(parse_flow_response("no json").is_none());
    }

    #[test]
    fn template_parameters_are_one_line() {
        let p = template_param("Hola\n\nSu solicitud   avanzó.\t", &choices(&["Ver"]));
        assert_eq!(p, "Hola Su solicitud avanzó. 1) Ver");
    }
}
