//! Telegram through teloxide: long polling (or the webhook route in `http`), updates
//! read as our own lean [`Update`] (`message::telegram`) and decoded into `Inbound`, replies rendered as
//! inline keyboards.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::net::Download;
use teloxide::payloads::{
    EditMessageText, GetUpdatesSetters, SendAudioSetters, SendDocumentSetters, SendMessage,
    SendMessageSetters, SendVoiceSetters,
};
use teloxide::prelude::Requester;
use teloxide::requests::{JsonRequest, Payload};
use teloxide::types::{
    ChatId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, KeyboardRemove, MessageId,
    UpdateKind,
};
use tokio::sync::watch;

use super::{Adapter, DecodeError, DeliveryError, Refusal};
use crate::app::handoff::HandOff;
use crate::message::telegram as wire;
pub use crate::message::telegram::Update;
use crate::message::{
    Channel, ChatRef, Choice, FileContent, FileOrigin, HIDE_KEYBOARD, Inbound, IncomingFile,
    Outbound, SHARE_CONTACT,
};
use crate::store::files::FileStore;
use crate::store::inbound::InboundEvent;

pub struct TelegramAdapter {
    pub bot: teloxide::Bot,
    files: FileStore,
    max_bytes: u64,
    /// The updates parsed at the door, taken by `decode` instead of parsing the
    /// stored payload again (none: every payload is parsed).
    handed: Option<Arc<HandOff<Update>>>,
}

impl TelegramAdapter {
    pub fn new(
        token: &str,
        api_url: &str,
        files: FileStore,
        max_bytes: u64,
    ) -> Result<Self, String> {
        let url = reqwest::Url::parse(api_url).map_err(|e| format!("telegram.api_url: {e}"))?;
        Ok(Self {
            bot: teloxide::Bot::new(token).set_api_url(url),
            files,
            max_bytes,
            handed: None,
        })
    }

    /// Decodes the updates the webhook handler or the poller parsed from `handed`
    /// (`App::telegram_updates`), reading the stored payload only for the others.
    pub fn taking_from(mut self, handed: Arc<HandOff<Update>>) -> Self {
        self.handed = Some(handed);
        self
    }

    /// The Bot API call `payload` through teloxide (its URL, its errors), its answer
    /// read for the message's id only, not as teloxide's whole `Message`.
    fn for_id<P: Payload + serde::Serialize + 'static>(
        &self,
        payload: P,
    ) -> JsonRequest<IdOnly<P>> {
        JsonRequest::new(self.bot.clone(), IdOnly(payload))
    }

    /// The update of a stored event: the one parsed at the door when it was handed
    /// over, else its payload read (after a restart, on another replica, a retry);
    /// or the Mini App form it holds.
    fn read(&self, event: &InboundEvent) -> Result<Stored, DecodeError> {
        if let Some(update) = self.handed.as_ref().and_then(|h| h.take(event.id)) {
            return Ok(Stored::Update(update));
        }
        let form = || serde_json::from_str::<MiniAppForm>(&event.payload).map(Stored::Form);
        if event.external_id.starts_with(MINI_APP_EVENT) {
            return form().map_err(|e| DecodeError::Malformed(e.to_string()));
        }
        match serde_json::from_str::<Box<Update>>(&event.payload) {
            Ok(update) => Ok(Stored::Update(update)),
            // A form stored under another name than today's: read, not lost.
            Err(e) => form().map_err(|_| DecodeError::Malformed(e.to_string())),
        }
    }

    async fn download(&self, file_id: &str, declared: u32) -> FileContent {
        if u64::from(declared) > self.max_bytes && declared != u32::MAX {
            return FileContent::TooLarge {
                size: u64::from(declared),
            };
        }
        match tokio::time::timeout(super::DOWNLOAD_TIMEOUT, self.fetch(file_id)).await {
            Ok(content) => content,
            Err(_) => {
                tracing::warn!("telegram file download timed out");
                FileContent::Unavailable
            }
        }
    }

    async fn fetch(&self, file_id: &str) -> FileContent {
        let file = match self
            .bot
            .get_file(teloxide::types::FileId(file_id.to_owned()))
            .await
        {
            Ok(f) => f,
            Err(e) => {
                tracing::warn!(error = %e, "telegram getFile failed");
                return FileContent::Unavailable;
            }
        };
        let mut bytes: Vec<u8> = Vec::new();
        match self.bot.download_file(&file.path, &mut bytes).await {
            Ok(()) => FileContent::Bytes(bytes),
            Err(e) => {
                tracing::warn!(error = %e, "telegram file download failed");
                FileContent::Unavailable
            }
        }
    }
}

/// A call that answers with a `Message` (`sendMessage`, `editMessageText`) whose
/// answer is read for its `message_id` only: teloxide's untagged enums make a whole
/// `Message` the dearest JSON of a turn. The call itself, and what its errors become
/// (`RetryAfter`, `Api`, `Network`: [`classify`]), are teloxide's.
#[derive(serde::Serialize)]
#[serde(transparent)]
struct IdOnly<P>(P);

impl<P: Payload> Payload for IdOnly<P> {
    type Output = SentId;
    const NAME: &'static str = P::NAME;

    fn timeout_hint(&self) -> Option<Duration> {
        self.0.timeout_hint()
    }
}

/// What the bot keeps of a message it sent.
#[derive(serde::Deserialize)]
struct SentId {
    message_id: i32,
}

/// Parses a webhook body into our lean [`Update`], or says why it is refused: not
/// JSON, not an update, or an update whose content is not of the types the Bot API
/// documents (in a field the bot reads; the others are not read at all).
pub fn parse_update(body: &[u8]) -> Result<Box<Update>, Refusal> {
    let error = match serde_json::from_slice::<Box<Update>>(body) {
        Ok(update) if update.has_content() => return Ok(update),
        Ok(update) => match serde_json::from_slice::<serde_json::Value>(body) {
            // Content of a kind the bot does not handle: stored, then decoded as nothing.
            Ok(value) if value.as_object().is_some_and(|o| o.len() > 1) => return Ok(update),
            _ => None,
        },
        Err(e) => Some(e),
    };
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => Err(refusal_of(body, &value, error)),
        Err(e) => Err(Refusal::of_body(
            body,
            String::new(),
            format!("not JSON: {e}"),
        )),
    }
}

/// Why a JSON body is not an update we can read, with its id and chat when present:
/// the first content that is not of its type (`message: invalid type: …`), else
/// serde's error for the whole body.
fn refusal_of(body: &[u8], value: &serde_json::Value, error: Option<serde_json::Error>) -> Refusal {
    use serde_json::Value;
    let contents = || {
        value
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(k, _)| k.as_str() != "update_id")
    };
    let id = value
        .get("update_id")
        .and_then(Value::as_u64)
        .filter(|&id| u32::try_from(id).is_ok());
    let wrong_content = contents().find_map(|(kind, inner)| {
        let why = match kind.as_str() {
            "message" | "edited_message" => {
                serde_json::from_value::<wire::Message>(inner.clone()).err()
            }
            "callback_query" => serde_json::from_value::<wire::CallbackQuery>(inner.clone()).err(),
            _ => None,
        };
        why.map(|e| format!("{kind}: {e}"))
    });
    let reason = match (error, wrong_content) {
        (Some(e), _) if id.is_none() => format!("not an update: {e}"),
        (_, Some(why)) => why,
        (Some(e), None) => format!("not an update: {e}"),
        (None, None) => "an update without content".to_owned(),
    };
    let chat_id = contents()
        .find_map(|(_, inner)| {
            inner
                .pointer("/chat/id")
                .or_else(|| inner.pointer("/message/chat/id"))
                .or_else(|| inner.pointer("/from/id"))
        })
        .and_then(Value::as_i64)
        .map(|id| id.to_string())
        .unwrap_or_default();
    let mut refusal = Refusal::of_body(body, chat_id, reason);
    if let Some(id) = id {
        refusal.external_id = id.to_string();
    }
    refusal
}

/// A polled update (teloxide's) read as the door reads a webhook body: its JSON, to
/// be stored, and our update; or why it is refused. One teloxide could not read
/// (`UpdateKind::Error`) is refused like a body that does not parse.
pub fn read_polled(polled: &teloxide::types::Update) -> Result<(String, Box<Update>), Refusal> {
    if let UpdateKind::Error(value) = &polled.kind {
        let body = serde_json::to_vec(value).unwrap_or_default();
        let mut refusal = refusal_of(&body, value, None);
        refusal.external_id = polled.id.0.to_string();
        refusal.reason = "an update teloxide could not read (not of the Bot API's types)".into();
        return Err(refusal);
    }
    let body = serde_json::to_string(polled)
        .map_err(|e| Refusal::of_body(&[], String::new(), format!("not serializable: {e}")))?;
    let update = parse_update(body.as_bytes())?;
    Ok((body, update))
}

#[async_trait]
impl Adapter for TelegramAdapter {
    fn channel(&self) -> Channel {
        Channel::Telegram
    }

    async fn decode(
        &self,
        event: &InboundEvent,
    ) -> Result<Option<(ChatRef, Inbound)>, DecodeError> {
        let update = match self.read(event)? {
            Stored::Update(update) => *update,
            // A Mini App form, stored by the HTTP server once its initData was verified.
            Stored::Form(form) => return Ok(Some(form_inbound(form))),
        };
        if let Some(msg) = update.message {
            // Only private chats: an ally's data is not for group chats.
            if !msg.chat.is_private() {
                return Ok(None);
            }
            let chat = ChatRef {
                channel: Channel::Telegram,
                chat_id: msg.chat.id.to_string(),
                lang_hint: msg.from.as_ref().and_then(|u| u.language_code.clone()),
            };
            let inbound = if let Some(text) = msg.text {
                Inbound::Text(text)
            } else if let Some(doc) = msg.document {
                Inbound::File(IncomingFile {
                    origin: FileOrigin::Document,
                    content: self.download(&doc.file_id, doc.file_size).await,
                    name: doc.file_name,
                })
            } else if let Some(photo) = msg.photo.as_ref().and_then(|sizes| {
                sizes
                    .iter()
                    .max_by_key(|p| u64::from(p.width) * u64::from(p.height))
            }) {
                Inbound::File(IncomingFile {
                    origin: FileOrigin::Photo,
                    name: None,
                    content: self.download(&photo.file_id, photo.file_size).await,
                })
            } else if let Some(voice) = msg.voice {
                Inbound::File(IncomingFile {
                    origin: FileOrigin::Voice,
                    name: None,
                    content: self.download(&voice.file_id, voice.file_size).await,
                })
            } else if let Some(audio) = msg.audio {
                Inbound::File(IncomingFile {
                    origin: FileOrigin::Voice,
                    content: self.download(&audio.file_id, audio.file_size).await,
                    name: audio.file_name,
                })
            } else if let Some(contact) = msg.contact {
                let sender = msg.from.as_ref().map(|u| u.id);
                Inbound::Contact {
                    phone: contact.phone_number,
                    own: contact.user_id.is_some() && contact.user_id == sender,
                }
            } else {
                Inbound::Unsupported("telegram-other".into())
            };
            return Ok(Some((chat, inbound)));
        }
        let Some(q) = update.callback_query else {
            return Ok(None);
        };
        // Stop the button's spinner; a failure here must not lose the tap.
        if let Err(e) = self
            .bot
            .answer_callback_query(teloxide::types::CallbackQueryId(q.id))
            .await
        {
            tracing::debug!(error = %e, "answerCallbackQuery failed");
        }
        let Some(data) = q.data else {
            return Ok(None);
        };
        let chat_id = q.message.as_ref().map_or(q.from.id as i64, |m| m.chat.id);
        // Show the tapped option and drop the keyboard, so old buttons are not tapped again.
        if let Some(msg) = &q.message
            && let (Some(text), Some(label)) = (&msg.text, msg.label_of(&data))
        {
            let edited = format!("{text}\n\n✓ {label}");
            let edit = EditMessageText::new(ChatId(chat_id), MessageId(msg.message_id), edited);
            if let Err(e) = self.for_id(edit).await {
                tracing::debug!(error = %e, "editMessageText failed");
            }
        }
        let chat = ChatRef {
            channel: Channel::Telegram,
            chat_id: chat_id.to_string(),
            lang_hint: q.from.language_code,
        };
        Ok(Some((chat, Inbound::Choice(data))))
    }

    async fn deliver(
        &self,
        chat_id: &str,
        message: &Outbound,
    ) -> Result<Option<String>, DeliveryError> {
        let chat =
            ChatId(chat_id.parse().map_err(|_| {
                DeliveryError::Permanent(format!("bad telegram chat id {chat_id}"))
            })?);
        let sent = match message {
            // A long text goes in parts, split where a paragraph or line ends; the
            // choices go with the last part.
            Outbound::Text { text, choices } | Outbound::Invitation { text, choices, .. } => {
                let hide = choices.iter().any(|c| c.id == HIDE_KEYBOARD);
                let choices: Vec<Choice> = choices
                    .iter()
                    .filter(|c| c.id != HIDE_KEYBOARD)
                    .cloned()
                    .collect();
                let contact = choices.iter().find(|c| c.id == SHARE_CONTACT);
                let mut parts = split_text(text, MAX_TEXT);
                // A message holds one keyboard: with choices too, the reply keyboard
                // goes with the first line and the choices with the rest.
                let hide_alone = hide && contact.is_none() && !choices.is_empty();
                if hide_alone
                    && parts.len() == 1
                    && let Some((head, rest)) = parts[0].split_once('\n')
                    && !head.trim().is_empty()
                    && !rest.trim().is_empty()
                {
                    parts = vec![head.trim_end().to_owned(), rest.trim_start().to_owned()];
                }
                let last = parts.len().saturating_sub(1);
                let mut sent = None;
                for (i, part) in parts.into_iter().enumerate() {
                    let mut req = SendMessage::new(chat, part);
                    if i == last {
                        if let Some(c) = contact {
                            req = req.reply_markup(share_contact_keyboard(&c.label));
                        } else if !choices.is_empty() {
                            req = req.reply_markup(keyboard(&choices));
                        } else if hide {
                            req = req.reply_markup(KeyboardRemove::new());
                        }
                    } else if i == 0 && hide_alone {
                        req = req.reply_markup(KeyboardRemove::new());
                    }
                    sent = Some(self.for_id(req).await.map_err(classify)?.message_id);
                }
                sent
            }
            // No forms on Telegram (its Mini App is offered by the chat itself): the
            // invitation as text; the chat's questions follow it.
            Outbound::Form { text, .. } => {
                let mut sent = None;
                for part in split_text(text, MAX_TEXT) {
                    let req = SendMessage::new(chat, part);
                    sent = Some(self.for_id(req).await.map_err(classify)?.message_id);
                }
                sent
            }
            // A caption too long for the document goes on as text after it.
            Outbound::Document {
                sha256,
                file_name,
                caption,
            } => {
                let bytes =
                    self.files.get(sha256).await.map_err(|e| {
                        DeliveryError::Permanent(format!("stored file missing: {e}"))
                    })?;
                let mut parts = split_text(caption, MAX_CAPTION).into_iter();
                let file = InputFile::memory(bytes).file_name(file_name.clone());
                let first = parts.next().unwrap_or_default();
                // A voice note plays in the chat as one; other audio as music.
                let sent_file = match crate::message::audio_mime(file_name) {
                    Some("audio/ogg") => self.bot.send_voice(chat, file).caption(first).await,
                    Some("audio/mpeg" | "audio/mp4") => {
                        self.bot.send_audio(chat, file).caption(first).await
                    }
                    _ => self.bot.send_document(chat, file).caption(first).await,
                };
                let mut sent = Some(sent_file.map_err(classify)?.id.0);
                for part in parts {
                    let req = SendMessage::new(chat, part);
                    sent = Some(self.for_id(req).await.map_err(classify)?.message_id);
                }
                sent
            }
        };
        Ok(sent.map(|id| id.to_string()))
    }
}

/// A Mini App form as the HTTP server stores it for intake: whose it is (the
/// verified Telegram user, whose private chat has the same id), their language and
/// the raw answers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MiniAppForm {
    pub mini_app_form: MiniAppAnswers,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MiniAppAnswers {
    pub user_id: i64,
    #[serde(default)]
    pub lang: Option<String>,
    pub answers: std::collections::BTreeMap<String, String>,
    /// The token of the step a FAD's or an alert's page was opened for: the answers
    /// go to the chat as that form's reply, which only that step takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// How the HTTP server names a Mini App form's event (`miniapp:` and a digest): a
/// stored Telegram event so named holds a [`MiniAppForm`], any other an update.
pub const MINI_APP_EVENT: &str = "miniapp:";

/// What a stored Telegram event holds.
enum Stored {
    Update(Box<Update>),
    Form(MiniAppForm),
}

/// A Mini App form as the chat's input: the answers of the registration, or of the
/// step whose token it carries.
fn form_inbound(form: MiniAppForm) -> (ChatRef, Inbound) {
    let form = form.mini_app_form;
    let chat = ChatRef {
        channel: Channel::Telegram,
        chat_id: form.user_id.to_string(),
        lang_hint: form.lang,
    };
    let inbound = match form.token {
        Some(token) => Inbound::FormReply {
            token,
            answers: form.answers,
        },
        None => Inbound::Form(form.answers),
    };
    (chat, inbound)
}

/// The Telegram user a Mini App's `initData` vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebAppUser {
    pub id: i64,
    pub language_code: Option<String>,
    /// When Telegram signed it (Unix seconds).
    pub auth_date: i64,
}

/// Why an `initData` is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InitDataError {
    #[error("initData has no hash")]
    Missing,
    #[error("initData signature does not match")]
    Forged,
    #[error("initData is too old")]
    Stale,
    #[error("initData names no user")]
    NoUser,
}

/// Checks a Mini App's `initData` as Telegram documents it ("Validating data received
/// via the Mini App"): the fields but `hash`, sorted, as `key=value` lines, signed
/// with HMAC-SHA256 under the key HMAC-SHA256("WebAppData", bot token); `auth_date`
/// no older than `max_age_secs`. Only then is its `user` believed.
pub fn verify_init_data(
    init_data: &str,
    bot_token: &str,
    now: i64,
    max_age_secs: i64,
) -> Result<WebAppUser, InitDataError> {
    use subtle::ConstantTimeEq;
    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(init_data.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let hash = pairs
        .iter()
        .position(|(k, _)| k == "hash")
        .map(|i| pairs.remove(i).1)
        .ok_or(InitDataError::Missing)?;
    let given = hex::decode(hash).map_err(|_| InitDataError::Forged)?;
    pairs.sort();
    let expected = init_data_hash(&pairs, bot_token).ok_or(InitDataError::Forged)?;
    if !bool::from(expected.as_slice().ct_eq(&given)) {
        return Err(InitDataError::Forged);
    }
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let auth_date: i64 = field("auth_date")
        .and_then(|v| v.parse().ok())
        .ok_or(InitDataError::Stale)?;
    if now - auth_date > max_age_secs || auth_date - now > 60 {
        return Err(InitDataError::Stale);
    }
    let user: serde_json::Value = field("user")
        .and_then(|u| serde_json::from_str(u).ok())
        .ok_or(InitDataError::NoUser)?;
    let id = user["id"].as_i64().ok_or(InitDataError::NoUser)?;
    Ok(WebAppUser {
        id,
        language_code: user["language_code"].as_str().map(str::to_owned),
        auth_date,
    })
}

/// The signature of sorted `initData` fields: HMAC-SHA256 of the `key=value` lines
/// under the key HMAC-SHA256("WebAppData", bot token).
fn init_data_hash(sorted: &[(String, String)], bot_token: &str) -> Option<[u8; 32]> {
    use hmac::{Hmac, Mac};
    use sha2::Sha256;
    let check = sorted
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut secret = Hmac::<Sha256>::new_from_slice(b"WebAppData").ok()?;
    secret.update(bot_token.as_bytes());
    let key = secret.finalize().into_bytes();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(check.as_bytes());
    Some(mac.finalize().into_bytes().into())
}

/// Signs `fields` as Telegram signs a Mini App's `initData` (for tests and the
/// demo): the query string with its `hash`.
pub fn sign_init_data(fields: &[(&str, &str)], bot_token: &str) -> String {
    let mut sorted: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    sorted.sort();
    let hash = init_data_hash(&sorted, bot_token)
        .map(hex::encode)
        .unwrap_or_default();
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        out.append_pair(k, v);
    }
    out.append_pair("hash", &hash);
    out.finish()
}

/// Telegram's limits, counted in UTF-16 code units as the Bot API counts them.
pub const MAX_TEXT: usize = 4096;
pub const MAX_CAPTION: usize = 1024;

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Splits a text into parts of at most `max` UTF-16 units: at the last paragraph
/// break that fits, else the last line break, else the last space, else mid-word. A
/// text within the limit comes back whole.
pub fn split_text(text: &str, max: usize) -> Vec<String> {
    let mut parts = vec![];
    let mut rest = text.trim();
    while utf16_len(rest) > max {
        // The longest prefix within the limit, on a character boundary.
        let mut units = 0;
        let mut fits = 0;
        for (i, c) in rest.char_indices() {
            units += c.len_utf16();
            if units > max {
                break;
            }
            fits = i + c.len_utf8();
        }
        let head = &rest[..fits];
        // A break in the first quarter would leave a tiny part: look further.
        let early = fits / 4;
        let at = [
            head.rfind("\n\n"),
            head.rfind('\n'),
            head.rfind(char::is_whitespace),
        ]
        .into_iter()
        .flatten()
        .find(|&i| i > early)
        .unwrap_or(fits.max(rest.chars().next().map_or(1, char::len_utf8)));
        let part = rest[..at].trim_end();
        if !part.is_empty() {
            parts.push(part.to_owned());
        }
        rest = rest[at..].trim_start();
    }
    if !rest.is_empty() || parts.is_empty() {
        parts.push(rest.to_owned());
    }
    parts
}

/// Telegram proves a phone number only through a reply-keyboard button that shares
/// the user's own contact; it cannot sit in an inline keyboard.
fn share_contact_keyboard(label: &str) -> teloxide::types::KeyboardMarkup {
    use teloxide::types::{ButtonRequest, KeyboardButton, KeyboardMarkup};
    KeyboardMarkup::new(vec![vec![
        KeyboardButton::new(label).request(ButtonRequest::Contact),
    ]])
    .resize_keyboard()
    .one_time_keyboard()
}

/// Short labels go two to a row; long ones get a row each so they are not cut. A
/// choice with a page opens it as a Mini App.
fn keyboard(choices: &[crate::message::Choice]) -> InlineKeyboardMarkup {
    let short = choices.iter().all(|c| c.label.chars().count() <= 16);
    let buttons: Vec<InlineKeyboardButton> = choices
        .iter()
        .map(|c| match c.web_app.as_deref().map(reqwest::Url::parse) {
            Some(Ok(url)) => {
                InlineKeyboardButton::web_app(c.label.clone(), teloxide::types::WebAppInfo { url })
            }
            _ => InlineKeyboardButton::callback(c.label.clone(), c.id.clone()),
        })
        .collect();
    let rows: Vec<Vec<InlineKeyboardButton>> = if short {
        buttons.chunks(2).map(|c| c.to_vec()).collect()
    } else {
        buttons.into_iter().map(|b| vec![b]).collect()
    };
    InlineKeyboardMarkup::new(rows)
}

fn classify(e: RequestError) -> DeliveryError {
    match e {
        RequestError::RetryAfter(s) => DeliveryError::RetryAfter(u64::from(s.seconds())),
        RequestError::Network(e) => DeliveryError::Transient(e.to_string()),
        RequestError::Io(e) => DeliveryError::Transient(e.to_string()),
        RequestError::Api(ApiError::Unknown(msg)) if msg.contains("Too Many Requests") => {
            DeliveryError::RetryAfter(1)
        }
        RequestError::Api(e) => DeliveryError::Permanent(e.to_string()),
        other => DeliveryError::Transient(other.to_string()),
    }
}

/// The update types the bot handles; the webhook asks Telegram for these only.
const HANDLED_UPDATES: [teloxide::types::AllowedUpdate; 2] = [
    teloxide::types::AllowedUpdate::Message,
    teloxide::types::AllowedUpdate::CallbackQuery,
];

/// Webhook mode: registers `{public_url}/webhooks/telegram` with the secret token and
/// the update types the bot handles (`setWebhook`), then reads `getWebhookInfo` back
/// and reports what is wrong (another URL, updates piling up, Telegram's last
/// delivery error), each logged at WARN; returns the same list (empty when all is
/// right). A webhook silently not set is the usual way updates pile up unseen.
pub async fn register_webhook(
    adapter: &TelegramAdapter,
    public_url: &str,
    secret: &str,
) -> Vec<String> {
    use teloxide::payloads::SetWebhookSetters;
    let wanted = format!("{}/webhooks/telegram", public_url.trim_end_matches('/'));
    let mut problems = vec![];
    let url = match reqwest::Url::parse(&wanted) {
        Ok(url) => url,
        Err(e) => {
            problems.push(format!("webhook URL {wanted} is not a URL: {e}"));
            return warn_all(problems);
        }
    };
    let set = adapter
        .bot
        .set_webhook(url)
        .secret_token(secret.to_string())
        .allowed_updates(HANDLED_UPDATES.to_vec())
        .await;
    match set {
        Ok(_) => tracing::info!(url = %wanted, "Telegram webhook registered"),
        Err(e) => problems.push(format!("setWebhook {wanted} failed: {e}")),
    }
    match adapter.bot.get_webhook_info().await {
        Err(e) => problems.push(format!("getWebhookInfo failed: {e}")),
        Ok(info) => {
            let registered = info.url.as_ref().map(|u| u.to_string()).unwrap_or_default();
            if registered != wanted {
                problems.push(format!(
                    "Telegram sends updates to {:?}, not to {wanted}",
                    registered
                ));
            }
            if let Some(message) = &info.last_error_message {
                let when = info
                    .last_error_date
                    .map(|d| d.to_rfc3339())
                    .unwrap_or_default();
                problems.push(format!(
                    "Telegram's last delivery to the webhook failed ({when}): {message}"
                ));
            }
            if info.pending_update_count > 0 {
                problems.push(format!(
                    "{} updates wait at Telegram for the webhook",
                    info.pending_update_count
                ));
            }
            if let Some(types) = &info.allowed_updates
                && !HANDLED_UPDATES.iter().all(|t| types.contains(t))
            {
                problems.push(format!(
                    "the webhook receives {types:?}, not every type the bot handles"
                ));
            }
        }
    }
    warn_all(problems)
}

fn warn_all(problems: Vec<String>) -> Vec<String> {
    for p in &problems {
        tracing::warn!("Telegram webhook: {p}");
    }
    problems
}

/// Long polling: fetch updates, store each one (deduplicated by update_id) and wake
/// the processor. The offset only advances after the store succeeded, so a crash
/// here means Telegram delivers again and the duplicate is dropped.
pub async fn run_polling<F, Fut, E>(
    adapter: Arc<TelegramAdapter>,
    timeout: u32,
    ingest: F,
    mut shutdown: watch::Receiver<bool>,
) where
    F: Fn(teloxide::types::Update) -> Fut,
    Fut: std::future::Future<Output = Result<bool, E>>,
    E: std::fmt::Display,
{
    if let Err(e) = adapter.bot.delete_webhook().await {
        tracing::warn!(error = %e, "deleteWebhook failed; polling anyway");
    }
    let mut offset: i32 = 0;
    let mut backoff = Duration::from_millis(500);
    loop {
        let request = adapter.bot.get_updates().offset(offset).timeout(timeout);
        let result = tokio::select! {
            r = request => r,
            _ = shutdown.changed() => return,
        };
        match result {
            Ok(updates) => {
                backoff = Duration::from_millis(500);
                for update in updates {
                    let id = update.id.0;
                    match ingest(update).await {
                        Ok(_) => offset = (id as i32).saturating_add(1),
                        Err(e) => {
                            tracing::error!(error = %e, "could not store update; will refetch");
                            break;
                        }
                    }
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "getUpdates failed");
                tokio::select! {
                    _ = tokio::time::sleep(backoff) => {},
                    _ = shutdown.changed() => return,
                }
                backoff = (backoff * 2).min(Duration::from_secs(30));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_data_signed_with_the_bot_token_is_believed_and_nothing_else() {
        let token = "123456:TEST-token";
        let user = r#"{"id":7601,"first_name":"Luis","language_code":"es"}"#;
        let signed = sign_init_data(
            &[("auth_date", "1000"), ("query_id", "AAH"), ("user", user)],
            token,
        );
        let u = verify_init_data(&signed, token, 1100, 3600).expect("valid");
        assert_eq!((u.id, u.language_code.as_deref()), (7601, Some("es")));
        assert_eq!(
            verify_init_data(&signed, "999:other", 1100, 3600),
            Err(InitDataError::Forged)
        );
        assert_eq!(
            verify_init_data(&signed, token, 1000 + 3601, 3600),
            Err(InitDataError::Stale)
        );
        let tampered = signed.replace("7601", "7602");
        assert_eq!(
            verify_init_data(&tampered, token, 1100, 3600),
            Err(InitDataError::Forged)
        );
        assert_eq!(
            verify_init_data("auth_date=1000", token, 1100, 3600),
            Err(InitDataError::Missing)
        );
    }

    #[test]
    fn a_long_text_is_split_where_paragraphs_end() {
        let para = "palabra ".repeat(300); // 2,400 characters
        let text = format!("{para}\n\n{para}\n\n{para}");
        let parts = split_text(&text, MAX_TEXT);
        assert_eq!(parts, vec![para.trim().to_owned(); 3]);
    }

    #[test]
    fn a_text_without_breaks_is_cut_within_the_limit() {
        let text = "ñ".repeat(5000) + "😀😀";
        let parts = split_text(&text, MAX_TEXT);
        assert!(
            parts
                .iter()
                .all(|p| utf16_len(p) <= MAX_TEXT && !p.is_empty())
        );
        assert_eq!(parts.concat(), text);
    }

    const TEXT: &str = r#"{"update_id": 41, "message": {"message_id": 5, "date": 1700000000,
        "chat": {"id": 7601, "type": "private", "first_name": "Luis"},
        "from": {"id": 7601, "is_bot": false, "first_name": "Luis", "language_code": "es"},
        "text": "hola"}}"#;

    const TAP: &str = r#"{"update_id": 42, "callback_query": {"id": "q1", "chat_instance": "c",
        "from": {"id": 7601, "is_bot": false, "first_name": "Luis"}, "data": "yes",
        "message": {"message_id": 6, "date": 1700000001,
            "chat": {"id": 7601, "type": "private", "first_name": "Luis"},
            "from": {"id": 1, "is_bot": true, "first_name": "Bot"}, "text": "¿Seguimos?",
            "reply_markup": {"inline_keyboard": [[{"text": "No", "callback_data": "no"},
                {"text": "Sí", "callback_data": "yes"}], [{"text": "Web",
                "web_app": {"url": "https://example.org/"}}]]}}}}"#;

    #[test]
    fn an_update_is_read_for_what_the_bot_reads() {
        let text = parse_update(TEXT.as_bytes()).expect("an update");
        let msg = text.message.as_ref().expect("a message");
        assert_eq!(
            (text.update_id, text.chat_id(), msg.chat.is_private()),
            (41, Some(7601), true)
        );
        assert_eq!(msg.text.as_deref(), Some("hola"));
        let from = msg.from.as_ref().expect("from");
        assert_eq!((from.id, from.language_code.as_deref()), (7601, Some("es")));
        let tap = parse_update(TAP.as_bytes()).expect("an update");
        let q = tap.callback_query.as_ref().expect("a tap");
        let tapped = q.message.as_ref().expect("its message");
        assert_eq!(
            (tap.chat_id(), q.data.as_deref()),
            (Some(7601), Some("yes"))
        );
        assert_eq!(tapped.label_of("yes"), Some("Sí"));
        assert_eq!(tapped.label_of("maybe"), None);
    }

    #[test]
    fn a_polled_update_reads_as_its_webhook_body() {
        for body in [TEXT, TAP] {
            let polled: teloxide::types::Update = serde_json::from_str(body).expect("teloxide's");
            let (json, update) = read_polled(&polled).expect("read");
            let webhook = parse_update(body.as_bytes()).expect("read");
            assert_eq!(format!("{update:?}"), format!("{webhook:?}"));
            assert_eq!(
                format!("{:?}", parse_update(json.as_bytes())),
                format!("{:?}", Ok::<_, Refusal>(webhook))
            );
        }
    }

    #[test]
    fn what_is_not_an_update_of_the_bot_apis_types_is_refused_with_why() {
        let reason = |body: &str| {
            parse_update(body.as_bytes())
                .map(|_| ())
                .map_err(|r| r.reason)
        };
        let wrong = r#"{"update_id": 9, "message": {"message_id": {"x": 1}, "date": 1,
            "chat": {"id": 7201, "type": "private"}, "text": "hola"}}"#;
        let refused = parse_update(wrong.as_bytes()).expect_err("refused");
        assert!(
            refused.reason.starts_with("message: invalid type"),
            "{refused:?}"
        );
        assert_eq!(
            (refused.external_id.as_str(), refused.chat_id.as_str()),
            ("9", "7201")
        );
        let size = r#"{"update_id": 9, "message": {"message_id": 1, "date": 1,
            "chat": {"id": 7201, "type": "private"}, "document": {"file_id": "f", "file_size": -1}}}"#;
        assert!(reason(size).is_err_and(|r| r.starts_with("message: invalid value")));
        let tap = r#"{"update_id": 9, "callback_query": {"id": 5, "from": {"id": 1}}}"#;
        assert!(reason(tap).is_err_and(|r| r.starts_with("callback_query: invalid type")));
        assert!(reason(r#"{"update_id": "9"}"#).is_err_and(|r| r.starts_with("not an update")));
        assert!(reason(r#"{"message": {}}"#).is_err_and(|r| r.starts_with("not an update")));
        assert_eq!(
            reason(r#"{"update_id": 9}"#),
            Err("an update without content".into())
        );
        assert!(reason("{\"update_id\": [").is_err_and(|r| r.starts_with("not JSON")));
        // A kind the bot does not handle is not read: stored, then decoded as nothing.
        assert_eq!(reason(r#"{"update_id": 9, "poll": {"id": "p"}}"#), Ok(()));
    }

    #[test]
    fn a_short_text_is_left_alone() {
        assert_eq!(split_text("Hola", MAX_TEXT), vec!["Hola".to_owned()]);
    }
}
