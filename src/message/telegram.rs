//! Telegram's update as the bot reads it (issue 27): plain structs holding what the
//! door and `decode` read, of the Bot API's types, everything else skipped unread.
//! teloxide's `Update` buffers its input and tries the alternatives of untagged enums,
//! building an error for each one that fails: the dearest JSON of a turn. teloxide
//! stays for sending and for polling (whose updates are read through these too).
//! Here, at the bottom, because the application hands them from the door to the turn
//! (`App::telegram_updates`); `channels::telegram` parses and decodes them.

use serde::{Deserialize, Serialize};

/// An incoming update: at most one of its contents is set; none for the kinds the
/// bot does not handle.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Update {
    pub update_id: u32,
    pub message: Option<Message>,
    pub edited_message: Option<Message>,
    pub callback_query: Option<CallbackQuery>,
}

impl Update {
    /// Whether it holds a content the bot reads.
    pub fn has_content(&self) -> bool {
        self.message.is_some() || self.edited_message.is_some() || self.callback_query.is_some()
    }

    /// The chat it belongs to, for storage (before it is decoded).
    pub fn chat_id(&self) -> Option<i64> {
        if let Some(m) = self.message.as_ref().or(self.edited_message.as_ref()) {
            return Some(m.chat.id);
        }
        let q = self.callback_query.as_ref()?;
        Some(q.message.as_ref().map_or(q.from.id as i64, |m| m.chat.id))
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Message {
    pub message_id: i32,
    /// Unix seconds.
    pub date: i64,
    pub chat: Chat,
    pub from: Option<User>,
    pub text: Option<String>,
    pub document: Option<FileRef>,
    /// The sizes of one photo.
    pub photo: Option<Vec<PhotoSize>>,
    pub voice: Option<FileRef>,
    pub audio: Option<FileRef>,
    pub contact: Option<Contact>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Chat {
    pub id: i64,
    /// "private", "group", "supergroup" or "channel".
    #[serde(rename = "type")]
    pub kind: String,
}

impl Chat {
    pub fn is_private(&self) -> bool {
        self.kind == "private"
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct User {
    pub id: u64,
    pub language_code: Option<String>,
}

/// A document, voice note or audio file.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct FileRef {
    pub file_id: String,
    #[serde(default = "unknown_size")]
    pub file_size: u32,
    pub file_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PhotoSize {
    pub file_id: String,
    #[serde(default = "unknown_size")]
    pub file_size: u32,
    pub width: u32,
    pub height: u32,
}

/// A size Telegram left out (it may, for large files): `u32::MAX`, as teloxide reads
/// it, which the download takes for unknown rather than too large.
const fn unknown_size() -> u32 {
    u32::MAX
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Contact {
    pub phone_number: String,
    /// The contact's Telegram user, when it has one.
    pub user_id: Option<u64>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct CallbackQuery {
    pub id: String,
    pub from: User,
    pub data: Option<String>,
    /// The message whose button was tapped.
    pub message: Option<TappedMessage>,
}

/// The message a callback came from: a regular message, or one too old for the bot
/// to see (then its `date` is 0 and it holds nothing more).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct TappedMessage {
    pub message_id: i32,
    pub date: i64,
    pub chat: Chat,
    pub text: Option<String>,
    pub reply_markup: Option<InlineKeyboard>,
}

impl TappedMessage {
    /// The label of the button sending `data`, when the message is still readable.
    pub fn label_of(&self, data: &str) -> Option<&str> {
        if self.date == 0 {
            return None;
        }
        self.reply_markup
            .as_ref()?
            .inline_keyboard
            .iter()
            .flatten()
            .find(|b| b.callback_data.as_deref() == Some(data))
            .map(|b| b.text.as_str())
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct InlineKeyboard {
    pub inline_keyboard: Vec<Vec<InlineButton>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct InlineButton {
    pub text: String,
    pub callback_data: Option<String>,
}
