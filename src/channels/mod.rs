//! Channel adapters: thin translations between a platform and the engine. They turn
//! a stored raw event into a [`ChatRef`] and an [`Inbound`], and deliver an
//! [`Outbound`]. No flow logic lives here.

pub mod email;
pub mod telegram;
pub mod terminal;
pub mod whatsapp;
pub mod whatsapp_flows;

use async_trait::async_trait;

use crate::message::{Channel, ChatRef, Inbound, Outbound};
use crate::store::inbound::InboundEvent;

/// The longest a media download may take; past it the user is asked to send the
/// file again (`FileContent::Unavailable`). Only that chat waits meanwhile.
pub const DOWNLOAD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// The platform asked us to slow down (Telegram 429 `retry_after`, Graph 429/130429).
    #[error("rate limited, retry after {0} s")]
    RetryAfter(u64),
    /// The platform says the whole sender goes too fast (WhatsApp 130429): every
    /// chat pauses, not only this one.
    #[error("throughput exceeded, slow down for {0} s")]
    SlowDown(u64),
    /// Worth trying again later (network, 5xx).
    #[error("transient: {0}")]
    Transient(String),
    /// Will never succeed (chat not found, bot blocked, bad request).
    #[error("permanent: {0}")]
    Permanent(String),
}

/// A signed webhook event that does not parse into the platform's typed update:
/// stored as rejected with `reason` (never claimed nor retried) and answered 200, so
/// the platform does not send it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The platform's id for it when one could be read, else a digest of the body,
    /// so a redelivery is recognised.
    pub external_id: String,
    /// The chat it came from, when that could be read (else empty).
    pub chat_id: String,
    /// What did not parse (serde's message), for operators.
    pub reason: String,
    /// The raw event as received, kept for operators like any stored event.
    pub payload: String,
}

impl Refusal {
    /// A refusal named by a digest of what was refused.
    pub fn of_body(body: &[u8], chat_id: String, reason: String) -> Refusal {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(body);
        Refusal {
            external_id: format!("refused:{}", hex::encode(&digest[..16])),
            chat_id,
            reason,
            payload: String::from_utf8_lossy(body).into_owned(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("malformed event: {0}")]
    Malformed(String),
    #[error("platform unreachable: {0}")]
    Transient(String),
}

#[async_trait]
pub trait Adapter: Send + Sync {
    fn channel(&self) -> Channel;

    /// The user action in a stored event; `None` for events that need no answer.
    /// Files are downloaded here, before any database transaction opens.
    async fn decode(&self, event: &InboundEvent)
    -> Result<Option<(ChatRef, Inbound)>, DecodeError>;

    /// Sends one message; returns the platform's id for it.
    async fn deliver(
        &self,
        chat_id: &str,
        message: &Outbound,
    ) -> Result<Option<String>, DeliveryError>;

    /// The one chat this adapter reaches, when it reaches only one (the terminal:
    /// its user). Its sender leaves other chats' messages waiting for theirs.
    fn only_chat(&self) -> Option<&str> {
        None
    }
}
