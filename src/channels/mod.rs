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
