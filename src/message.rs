//! The shared vocabulary of messages (DESIGN §8, bottom layer): the channels, who is
//! talking, what a user did ([`Inbound`]) and what the bot sends ([`Outbound`]).
//! Every layer speaks it; it imports nothing of the crate.

use serde::{Deserialize, Serialize};

/// The channels a chat can live on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Telegram,
    Whatsapp,
    Terminal,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Telegram => "telegram",
            Channel::Whatsapp => "whatsapp",
            Channel::Terminal => "terminal",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Channel::Telegram, Channel::Whatsapp, Channel::Terminal]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// Who is talking: a chat on a channel, with the platform's language hint.
#[derive(Debug, Clone)]
pub struct ChatRef {
    pub channel: Channel,
    pub chat_id: String,
    pub lang_hint: Option<String>,
}

/// What a user did, whatever the platform.
#[derive(Debug, Clone)]
pub enum Inbound {
    Text(String),
    /// A tapped button or list row: the choice id the engine offered.
    Choice(String),
    File(IncomingFile),
    /// A shared contact; `own` when the platform vouches it is the sender's own number.
    Contact {
        phone: String,
        own: bool,
    },
    /// Audio, sticker, location...: named for the log.
    Unsupported(String),
}

#[derive(Debug, Clone)]
pub struct IncomingFile {
    pub origin: FileOrigin,
    pub name: Option<String>,
    pub content: FileContent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileOrigin {
    Document,
    Photo,
}

#[derive(Debug, Clone)]
pub enum FileContent {
    Bytes(Vec<u8>),
    /// The platform said it is bigger than we accept: not downloaded.
    TooLarge {
        size: u64,
    },
    /// The download failed; the user is asked to send it again.
    Unavailable,
}

/// What the bot sends. Serialised into the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Outbound {
    Text {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        choices: Vec<Choice>,
    },
    Document {
        sha256: String,
        file_name: String,
        caption: String,
    },
}

impl Outbound {
    pub fn text(&self) -> &str {
        match self {
            Outbound::Text { text, .. } => text,
            Outbound::Document { caption, .. } => caption,
        }
    }
}

/// A choice offered to the user. `id` is at most 64 bytes (Telegram's callback_data limit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

/// The choice that asks for the user's own phone number: Telegram renders it as a
/// `request_contact` keyboard button, other channels as an ordinary choice.
pub const SHARE_CONTACT: &str = "share-contact";
