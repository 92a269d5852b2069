//! contigo-bot: the messaging assistant for Programa CONTIGO's allies.
//!
//! Data flows one way (docs/ARCHITECTURE.md): a channel adapter (`channels`) turns a platform
//! update into an `Inbound`, stored first (`store::inbound`); the conversation engine
//! (`conversation`) runs it through the chat's flow using the rules in `domain`; the
//! replies go to the outbox in the same transaction and the sender (`outbox`)
//! delivers them through the adapter.

/// mimalloc instead of the system's allocator (issue 27): a turn allocates and frees
/// thousands of small blocks (rows, JSON, rendered text) across threads, and glibc's
/// malloc and free were a fifth of a turn's instructions. Set here, in the library, so
/// the bot, its benches and its tests all run on the allocator they are measured with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod allocator;
pub mod app;
pub mod channels;
pub mod cli;
pub mod clock;
pub mod config;
pub mod conversation;
pub mod demo;
pub mod documents;
pub mod domain;
pub mod events;
pub mod http;
pub mod i18n;
pub mod imports;
pub mod intake;
pub mod message;
pub mod metrics;
pub mod notify;
pub mod outbox;
pub mod scheduler;
pub mod services;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod transcriber;
