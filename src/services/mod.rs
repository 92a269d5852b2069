//! The program's actions, one set behind every front door: the chat, the console and
//! the CLI call these functions, each asking the access policy first.

pub mod audit;
pub mod authority;
pub mod requests_export;
