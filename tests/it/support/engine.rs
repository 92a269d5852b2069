//! Driving the conversation engine directly, as an adapter would, for tests that
//! look at one turn's replies.

use contigo_bot::app::App;
use contigo_bot::message::{Channel, ChatRef, Inbound, Outbound};

/// A Telegram chat speaking Spanish.
pub fn telegram(id: &str) -> ChatRef {
    ChatRef {
        channel: Channel::Telegram,
        chat_id: id.into(),
        lang_hint: Some("es".into()),
    }
}

/// Runs one turn through the engine, as an adapter would, and returns the replies.
pub async fn turn(app: &App, chat: &ChatRef, input: Inbound) -> Vec<Outbound> {
    let mut tx = app.store.begin().await.expect("tx");
    let out = app
        .engine
        .handle(&mut tx, chat, input)
        .await
        .expect("turn runs");
    tx.commit().await.expect("commit");
    out
}

/// The replies' texts, one after the other.
pub fn text_of(out: &[Outbound]) -> String {
    out.iter()
        .map(|o| o.text())
        .collect::<Vec<_>>()
        .join("\n---\n")
}

pub fn assert_has(text: &str, want: &str) {
    assert!(text.contains(want), "expected {want:?} in:\n{text}");
}
