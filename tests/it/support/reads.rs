//! What a test reads back from the bot: what the outbox holds for a chat, the
//! document a turn sent, the figures of `/metrics`.

use std::collections::HashMap;

use contigo_bot::app::App;
use contigo_bot::message::Outbound;

use super::Running;

/// Every message written to one chat or address, in order, as the stored JSON.
pub async fn outbox_payloads(app: &App, channel: &str, chat_id: &str) -> Vec<String> {
    payloads_after(app, 0, channel, chat_id).await
}

/// The messages written to one chat or address after `mark` (an [`outbox_mark`]),
/// in order, as the stored JSON.
async fn payloads_after(app: &App, mark: i64, channel: &str, chat_id: &str) -> Vec<String> {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT payload FROM outbox WHERE id > $1 AND channel = $2 AND chat_id = $3 ORDER BY id",
    )
    .bind(mark)
    .bind(channel)
    .bind(chat_id)
    .fetch_all(&mut *conn)
    .await
    .expect("outbox");
    rows.into_iter().map(|(p,)| p).collect()
}

/// Every message written to one chat or address, in order.
pub async fn outbox(app: &App, channel: &str, chat_id: &str) -> Vec<Outbound> {
    outbox_after(app, 0, channel, chat_id).await
}

/// The messages written to one chat or address after `mark` (an [`outbox_mark`]),
/// in order.
pub async fn outbox_after(app: &App, mark: i64, channel: &str, chat_id: &str) -> Vec<Outbound> {
    payloads_after(app, mark, channel, chat_id)
        .await
        .iter()
        .map(|p| serde_json::from_str(p).expect("an Outbound"))
        .collect()
}

/// The outbox's last row id: a mark to read what a later act writes.
pub async fn outbox_mark(app: &App) -> i64 {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM outbox")
        .fetch_one(&mut *conn)
        .await
        .expect("outbox")
}

/// Every message written to one chat or address, in order, as text.
pub async fn outbox_texts(app: &App, channel: &str, chat_id: &str) -> Vec<String> {
    outbox(app, channel, chat_id)
        .await
        .iter()
        .map(|o| o.text().to_owned())
        .collect()
}

/// The first document among a turn's answers: its file name and bytes.
pub async fn document_sent(app: &App, out: &[Outbound]) -> (String, Vec<u8>) {
    let Some(Outbound::Document {
        sha256, file_name, ..
    }) = out.iter().find(|o| matches!(o, Outbound::Document { .. }))
    else {
        panic!("no document: {out:?}");
    };
    let bytes = app.files.get(sha256).await.expect("the file stored");
    (file_name.clone(), bytes)
}

/// `/metrics` as `series -> value`, e.g. `contigo_tickets_open` or
/// `contigo_requests{stage="uac_review"}`.
pub async fn scrape(bot: &Running) -> HashMap<String, f64> {
    let text = reqwest::get(format!("{}/metrics", bot.http))
        .await
        .expect("metrics reachable")
        .text()
        .await
        .expect("body");
    series(&text)
}

/// A metrics page's samples as `series -> value`.
pub fn series(text: &str) -> HashMap<String, f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (series, value) = l.rsplit_once(' ')?;
            Some((series.to_string(), value.parse().ok()?))
        })
        .collect()
}
