//! The sender's line driven by hand, one claim at a time (`store::outbox`), for the
//! tests of who is served first.

use contigo_bot::message::Channel;
use contigo_bot::outbox::wall_now_ms;
use contigo_bot::store::Store;
use contigo_bot::store::outbox::{self, OutboxRow, Outcome, Pace, Settle};

/// `row` settled as sent at `at` (unix milliseconds), with a pace that holds its chat
/// back for nothing.
pub fn sent_at(row: &OutboxRow, at: i64) -> Settle {
    let outcome = Outcome::Sent {
        external_id: None,
        pace: Pace::per_second(1000, 1000),
    };
    Settle::new(row, at, outcome)
}

/// Settles `rows` as sent `ms_ago`, one millisecond apart in their order (so their
/// chats were served one after the other, the first longest ago).
pub async fn served_before(store: &Store, rows: &[OutboxRow], ms_ago: i64) {
    let at = wall_now_ms() - ms_ago;
    let settles: Vec<Settle> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| sent_at(row, at + i as i64))
        .collect();
    outbox::settle(store, &settles).await.expect("settle");
}

/// Claims one head at a time, each settled as sent at once, until nothing is left to
/// claim: the chats and rows in the order they were claimed.
pub async fn claim_settling_each(store: &Store, channel: Channel) -> Vec<(String, i64)> {
    let mut order = vec![];
    loop {
        let rows = outbox::claim(store, channel, wall_now_ms(), 60, 1)
            .await
            .expect("claim");
        let Some(row) = rows.into_iter().next() else {
            return order;
        };
        outbox::settle(store, &[sent_at(&row, wall_now_ms())])
            .await
            .expect("settle");
        order.push((row.chat_id.clone(), row.id));
    }
}
