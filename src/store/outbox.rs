//! The transactional outbox's table: rows are written with the state change that
//! caused them and claimed by sender workers. A chat's messages go out in order: only
//! a chat's oldest live (pending or sending) row can be claimed.
//!
//! Chats take turns. `outbox_chats` holds a row per chat with messages waiting, and
//! its `next_at` (unix milliseconds) says when the chat may send next: when it was
//! last served, so the chat served least recently goes first and every chat with
//! messages waiting gets one before any gets a second; the end of a worker's lease
//! while one holds it; the end of a retry's wait or of the per-chat pace. A chat not
//! listed is listed at the current second: behind every chat already waiting, ahead
//! of every chat served after it, so it gets its turn within the round under way. (A
//! chat listed a day in the past instead, as "served longest ago", was tried: a chat
//! forgotten between one-message turns then went ahead, again and again, of a chat
//! with a second message of one turn still waiting; see `docs/bench-fair-lean.md`.)
//! A claim reads the chats whose turn has come from the start of the index `outbox_chats_turn`
//! and each one's head through `outbox_live`, so it costs the same with 10 or 50,000
//! chats messaged recently: a chat leaves the set once its last message is sent.
//!
//! The per-chat pace is kept on the chat's row (GCRA: `paced_at` is the theoretical
//! arrival time), so it holds whichever replica sends; on PostgreSQL the channel's
//! global pace is a row of `send_pace` from which each send reserves its slot.

use crate::message::{Channel, ChatKey};
use sqlx::Row;

use super::batch::{self, Arg, RawTx};
use super::{Backend, Conn, Store, StoreError, opt_text};

#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub id: i64,
    pub channel: String,
    pub chat_id: String,
    pub payload: String,
    pub attempts: i64,
    /// When the message was written (unix seconds): delivery latency counts from here.
    pub created_at: i64,
}

/// A per-chat pace: one message every `interval_ms`, up to `burst` at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    pub interval_ms: i64,
    pub burst: i64,
}

impl Pace {
    pub fn per_second(rate: u32, burst: u32) -> Self {
        Self {
            interval_ms: 1000 / i64::from(rate.max(1)),
            burst: i64::from(burst.max(1)),
        }
    }
}

/// `MAX` of two values: SQLite's scalar `MAX`, PostgreSQL's `GREATEST`.
fn greatest(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "MAX",
        Backend::Postgres => "GREATEST",
    }
}

/// `$from, $from+1, …`: placeholders for a list of `n` values.
fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

const LIVE: &str = "SELECT 1 FROM outbox o WHERE o.channel = outbox_chats.channel
      AND o.chat_id = outbox_chats.chat_id AND o.status IN ('pending', 'sending')";

pub async fn enqueue(
    conn: &mut Conn,
    chat: ChatKey<'_>,
    payload: &str,
    now: i64,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO outbox (channel, chat_id, payload, available_at, created_at)
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(chat.channel())
    .bind(chat.chat_id)
    .bind(payload)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    list_chat(conn, chat, now * 1000).await?;
    Ok(row.try_get("id")?)
}

/// Lists the chat for the sender's turns, if it is not listed (a new chat's turn is
/// now: behind the chats served before, ahead of the rest), and on PostgreSQL keeps
/// it listed until this transaction commits. A chat already listed keeps its turn
/// (and its pace).
///
/// The race this closes (PostgreSQL, READ COMMITTED): a claim, a settled send or the
/// sweep forgets a chat when it sees no live message, and it cannot see one that an
/// enqueue has written but not yet committed. So the enqueue holds a share lock on the
/// chat's row until it commits, and every forget locks the row before it looks for
/// live messages in a later statement (fresh snapshot) or skips locked rows
/// (`SKIP LOCKED`): either the forget waits for the enqueue and sees its message, or
/// the enqueue waits for the forget and lists the chat again. Share locks do not
/// conflict with each other, so enqueues to one chat never wait on each other (nor
/// deadlock, whatever order a transaction enqueues to its chats in). On SQLite the
/// transaction holds the one write lock: nothing can interleave.
async fn list_chat(conn: &mut Conn, chat: ChatKey<'_>, next_ms: i64) -> Result<(), StoreError> {
    if conn.backend_name().eq_ignore_ascii_case("sqlite") {
        sqlx::query(
            "INSERT INTO outbox_chats (channel, chat_id, next_at) VALUES ($1, $2, $3)
             ON CONFLICT (channel, chat_id) DO NOTHING",
        )
        .bind(chat.channel())
        .bind(chat.chat_id)
        .bind(next_ms)
        .execute(&mut *conn)
        .await?;
        return Ok(());
    }
    // Either the row is there and now share-locked, or this transaction inserts it
    // (uncommitted, no forget can see it). Neither happens only when another
    // transaction inserted the row and committed within this statement: try again.
    for _ in 0..100 {
        let held: i64 = sqlx::query(
            "WITH held AS (
                SELECT 1 FROM outbox_chats WHERE channel = $1 AND chat_id = $2 FOR SHARE
             ), listed AS (
                INSERT INTO outbox_chats (channel, chat_id, next_at)
                SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM held)
                ON CONFLICT (channel, chat_id) DO NOTHING RETURNING 1
             )
             SELECT (SELECT COUNT(*) FROM held) + (SELECT COUNT(*) FROM listed) AS n",
        )
        .bind(chat.channel())
        .bind(chat.chat_id)
        .bind(next_ms)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")?;
        if held > 0 {
            return Ok(());
        }
    }
    Err(StoreError::Corrupt(format!(
        "outbox chat on {} could not be listed",
        chat.channel()
    )))
}

/// [`enqueue`]'s first statement for several messages to one chat, for a batch that
/// writes several statements at once (`store::turn`): `ch`, `chat` and `now` the
/// placeholders of the channel, the chat and the time (wall clock), `payloads` the
/// payloads'.
/// One statement, so the rows take their ids in the order given. Keep in step with
/// [`enqueue`].
pub(crate) fn enqueue_rows_sql(ch: &str, chat: &str, now: &str, payloads: &[String]) -> String {
    let rows: Vec<String> = payloads
        .iter()
        .map(|p| format!("({ch}, {chat}, {p}, {now}, {now})"))
        .collect();
    format!(
        "INSERT INTO outbox (channel, chat_id, payload, available_at, created_at) VALUES {}",
        rows.join(", ")
    )
}

/// [`enqueue`]'s second statement (the chat's place in the sender's line) for a batch,
/// with the placeholders of [`enqueue_rows_sql`]. Keep in step with [`enqueue`].
pub(crate) fn enqueue_line_sql(ch: &str, chat: &str, now: &str) -> String {
    format!(
        "INSERT INTO outbox_chats (channel, chat_id, next_at) VALUES ({ch}, {chat}, {now} * 1000)
         ON CONFLICT (channel, chat_id) DO NOTHING"
    )
}

/// [`list_chat`]'s PostgreSQL statement as two common table expressions for a batch
/// (`store::turn`), placeholders as in [`enqueue_rows_sql`]: the chat's row
/// share-locked until the turn commits, or inserted by it, so no forget can drop it
/// meanwhile. (The one case [`list_chat`] retries, another transaction inserting the
/// row and committing within this statement, is left to the sweep.)
pub(crate) fn enqueue_line_ctes(ch: &str, chat: &str, now: &str) -> String {
    format!(
        "lh AS (SELECT 1 FROM outbox_chats WHERE channel = {ch} AND chat_id = {chat} FOR SHARE),
         l AS (INSERT INTO outbox_chats (channel, chat_id, next_at)
               SELECT {ch}, {chat}, {now} * 1000 WHERE NOT EXISTS (SELECT 1 FROM lh)
               ON CONFLICT (channel, chat_id) DO NOTHING RETURNING 1)"
    )
}

/// Forgets chats with nothing waiting (and no pace to remember), then lists again any
/// chat with live rows (one whose row a crash or an older version left unlisted).
/// Cheap: the set holds only chats with messages waiting and the second statement
/// reads the partial index `outbox_live`; the sender runs it every few seconds. On
/// PostgreSQL the forget skips the chats an enqueue holds (`list_chat`) and never
/// waits on one, so it cannot deadlock with a transaction enqueuing to several chats;
/// a chat whose enqueue committed between the forget's snapshot and its lock is
/// listed again by the second statement, which sees that commit.
pub async fn sweep_chats(store: &Store, now_ms: i64) -> Result<(), StoreError> {
    let forget = match store.backend {
        Backend::Sqlite => {
            format!("DELETE FROM outbox_chats WHERE next_at <= $1 AND NOT EXISTS ({LIVE})")
        }
        Backend::Postgres => format!(
            "DELETE FROM outbox_chats WHERE (channel, chat_id) IN (
                SELECT channel, chat_id FROM outbox_chats
                WHERE next_at <= $1 AND NOT EXISTS ({LIVE})
                FOR UPDATE SKIP LOCKED)"
        ),
    };
    sqlx::query(&forget)
        .bind(now_ms)
        .execute(&store.pool)
        .await?;
    sqlx::query(
        "INSERT INTO outbox_chats (channel, chat_id, next_at)
         SELECT DISTINCT channel, chat_id, $1 FROM outbox WHERE status IN ('pending', 'sending')
         ON CONFLICT (channel, chat_id) DO NOTHING",
    )
    .bind(now_ms)
    .execute(&store.pool)
    .await?;
    Ok(())
}

fn outbox_row(r: &batch::Row) -> Result<OutboxRow, StoreError> {
    Ok(OutboxRow {
        id: r.try_get("id")?,
        channel: r.try_get("channel")?,
        chat_id: r.try_get("chat_id")?,
        payload: r.try_get("payload")?,
        attempts: r.try_get("attempts")?,
        created_at: r.try_get("created_at")?,
    })
}

/// Whose heads a claim takes: a channel's, or one chat's alone (a terminal reaches
/// only its own user).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    Channel(Channel),
    Chat(ChatKey<'a>),
}

impl<'a> Scope<'a> {
    /// A channel's heads, or `chat`'s alone when given.
    pub fn of(channel: Channel, chat: Option<&'a str>) -> Self {
        match chat {
            Some(chat) => Scope::Chat(ChatKey::new(channel, chat)),
            None => Scope::Channel(channel),
        }
    }

    pub fn channel(self) -> Channel {
        match self {
            Scope::Channel(channel) => channel,
            Scope::Chat(key) => key.channel,
        }
    }

    fn chat(self) -> Option<&'a str> {
        match self {
            Scope::Channel(_) => None,
            Scope::Chat(key) => Some(key.chat_id),
        }
    }
}

/// How a delivery ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The platform accepted it; the chat's next turn comes within `pace`.
    Sent {
        external_id: Option<String>,
        pace: Pace,
    },
    /// Put back for a later try at `at` (unix seconds); `failed_attempt` counts it
    /// towards the limit (a rate-limit wait does not). Its chat waits as long.
    Retry {
        at: i64,
        error: Option<String>,
        failed_attempt: bool,
    },
    /// Given up; the chat's next message takes its turn.
    Failed { error: String },
    /// Refused for going too fast in its chat (a 429 with `retry_after`): put back for
    /// `at` (unix seconds), not counted as a failed attempt, and the chat's burst
    /// allowance spent (its pace's `paced_at` pushed to `at` plus the burst's
    /// tolerance), so its next sends after the retry go one per `pace` interval
    /// instead of drawing the same refusal again. The allowance comes back once the
    /// chat has sent nothing for as long as a burst takes (the GCRA's own recovery).
    Throttled { at: i64, pace: Pace },
}

/// A finished delivery's outcome, to be written: the sender keeps them in memory and
/// writes them together, in the transaction of its next claim ([`claim_in`]) or of
/// [`settle`]. Until it is written the row stays `sending` and its chat waits for the
/// lease, so the chat's next message cannot be claimed before its head is settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settle {
    pub id: i64,
    pub channel: String,
    pub chat_id: String,
    /// When the delivery ended (unix milliseconds): the sent mark's time and the
    /// chat's turn count from here, not from when it is written.
    pub at_ms: i64,
    pub outcome: Outcome,
}

impl Settle {
    pub fn new(row: &OutboxRow, at_ms: i64, outcome: Outcome) -> Self {
        Self {
            id: row.id,
            channel: row.channel.clone(),
            chat_id: row.chat_id.clone(),
            at_ms,
            outcome,
        }
    }
}

/// A settle of no row (ids start at 1) of no chat: its statements change nothing.
fn no_settle() -> &'static Settle {
    static NONE: std::sync::OnceLock<Settle> = std::sync::OnceLock::new();
    NONE.get_or_init(|| Settle {
        id: 0,
        channel: String::new(),
        chat_id: String::new(),
        at_ms: 0,
        outcome: Outcome::Sent {
            external_id: None,
            pace: Pace {
                interval_ms: 0,
                burst: 1,
            },
        },
    })
}

/// `list` padded to a power of two with copies of its last item: as a list of `IN`
/// it means the same, and a statement's text is one of a few (each new text is
/// parsed and prepared again).
fn padded<T: Clone>(mut list: Vec<T>) -> Vec<T> {
    if let Some(last) = list.last().cloned() {
        list.resize(list.len().next_power_of_two(), last);
    }
    list
}

/// The statements that write `settles`, their values appended to `args` (the first
/// at `$(args.len() + 1)`), in the order of their chats (see [`claim_in`] on locks).
/// `None` when there is nothing to settle. Keep in step with [`settle_sql`].
fn settle_statements<'a>(
    backend: Backend,
    settles: &'a [Settle],
    args: &mut Vec<Arg<'a>>,
) -> Option<std::sync::Arc<str>> {
    let mut order: Vec<&Settle> = settles.iter().collect();
    order.sort_by(|a, b| (&a.channel, &a.chat_id, a.id).cmp(&(&b.channel, &b.chat_id, b.id)));
    // Padded with settles that change nothing, so a batch's text is one of a few:
    // each new text is parsed and prepared again (some 75 k instructions).
    if order.is_empty() {
        return None;
    }
    order.resize(order.len().next_power_of_two(), no_settle());
    let first = args.len() + 1;
    let mut kinds = Vec::with_capacity(order.len());
    for s in order {
        match &s.outcome {
            Outcome::Sent { external_id, pace } => {
                args.extend([
                    Arg::Int(s.at_ms.div_euclid(1000)),
                    Arg::OptText(external_id.as_deref()),
                    Arg::Int(s.id),
                    Arg::Text(&s.channel),
                    Arg::Text(&s.chat_id),
                    Arg::Int(s.at_ms),
                    Arg::Int(pace.interval_ms),
                    Arg::Int((pace.burst - 1) * pace.interval_ms),
                ]);
                kinds.push(SettleKind::Sent);
            }
            Outcome::Failed { error } => {
                args.extend([
                    Arg::Text(error),
                    Arg::Int(s.id),
                    Arg::Text(&s.channel),
                    Arg::Text(&s.chat_id),
                    Arg::Int(s.at_ms),
                ]);
                kinds.push(SettleKind::Failed);
            }
            Outcome::Retry {
                at,
                error,
                failed_attempt,
            } => {
                // A pace of 0 spends nothing (`paced_at` is never below it).
                args.extend([
                    Arg::Int(*at),
                    Arg::OptText(error.as_deref()),
                    Arg::Int(i64::from(*failed_attempt)),
                    Arg::Int(s.id),
                    Arg::Text(&s.channel),
                    Arg::Text(&s.chat_id),
                    Arg::Int(0),
                ]);
                kinds.push(SettleKind::Retry);
            }
            // A retry that spends the chat's burst: `paced_at` at least the retry's
            // time plus the burst's tolerance.
            Outcome::Throttled { at, pace } => {
                args.extend([
                    Arg::Int(*at),
                    Arg::OptText(Some("retry_after")),
                    Arg::Int(0),
                    Arg::Int(s.id),
                    Arg::Text(&s.channel),
                    Arg::Text(&s.chat_id),
                    Arg::Int(at.saturating_mul(1000) + (pace.burst - 1) * pace.interval_ms),
                ]);
                kinds.push(SettleKind::Retry);
            }
        }
    }
    Some(settle_text(backend, first, kinds))
}

/// An outcome's kind: what a settle's statements are, whatever its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum SettleKind {
    Sent,
    Failed,
    Retry,
}

/// The statements of settles of `kinds`, in order, their values from placeholder
/// `first` (as [`settle_statements`] binds them): built once per shape and kept (a
/// claim would format and join some kilobytes of text for each).
fn settle_text(backend: Backend, first: usize, kinds: Vec<SettleKind>) -> std::sync::Arc<str> {
    static TEXTS: batch::Kept<(Backend, usize, Vec<SettleKind>)> = batch::Kept::new();
    TEXTS.text((backend, first, kinds), |(backend, first, kinds)| {
        build_settle_text(*backend, *first, kinds)
    })
}

/// Builds [`settle_text`].
fn build_settle_text(backend: Backend, first: usize, kinds: &[SettleKind]) -> String {
    let mut sql = vec![];
    let mut p = first;
    for kind in kinds {
        match kind {
            SettleKind::Sent => {
                sql.push(format!(
                    "UPDATE outbox SET status = 'sent', sent_at = ${p}, external_id = ${},
                        claimed_until = NULL WHERE id = ${}",
                    p + 1,
                    p + 2
                ));
                sql.push(settle_sql(backend, p + 3, true));
                p += 8;
            }
            SettleKind::Failed => {
                sql.push(format!(
                    "UPDATE outbox SET status = 'failed', last_error = ${p}, claimed_until = NULL,
                        attempts = attempts + 1 WHERE id = ${}",
                    p + 1
                ));
                sql.push(settle_sql(backend, p + 2, false));
                p += 5;
            }
            SettleKind::Retry => {
                let (error, failed, id, channel, chat, spent) =
                    (p + 1, p + 2, p + 3, p + 4, p + 5, p + 6);
                // The chat waits as long (listed again if it was forgotten), its pace
                // at least `spent` (a 429 spends its burst).
                let max = greatest(backend);
                sql.push(format!(
                    "UPDATE outbox SET status = 'pending', available_at = ${p},
                        claimed_until = NULL, last_error = COALESCE(${error}, last_error),
                        attempts = attempts + ${failed} WHERE id = ${id};
                     INSERT INTO outbox_chats (channel, chat_id, next_at, paced_at)
                     VALUES (${channel}, ${chat}, ${p} * 1000, ${spent})
                     ON CONFLICT (channel, chat_id) DO UPDATE SET next_at = excluded.next_at,
                        paced_at = {max}(outbox_chats.paced_at, excluded.paced_at)"
                ));
                p += 7;
            }
        }
    }
    sql.join(";\n")
}

/// A settle need not wait for the WAL flush (PostgreSQL): only a crash of the
/// database server itself (not of this process) could lose the last few, and then
/// those messages are tried again after their lease (a sent one is sent again), which
/// at-least-once delivery allows. The claim that carries them is then unflushed too:
/// lost the same way, its rows are claimed again after the lease, no worse.
fn unflushed(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => "SET LOCAL synchronous_commit = off;\n",
        Backend::Sqlite => "",
    }
}

/// Writes the outcomes of finished deliveries in one transaction of one round trip,
/// however many (for a sender with nothing to claim, at shutdown, in tests).
pub async fn settle(store: &Store, settles: &[Settle]) -> Result<(), StoreError> {
    if settles.is_empty() {
        return Ok(());
    }
    let mut args = vec![];
    let Some(sql) = settle_statements(store.backend, settles, &mut args) else {
        return Ok(());
    };
    let sql = format!("{}{sql}", unflushed(store.backend));
    batch::transaction(store, &sql, &args).await?;
    Ok(())
}

/// Claims the heads of up to `limit` chats whose turn has come (least recently served
/// first; at most one message per chat), for `lease_secs`. On PostgreSQL chats another
/// worker is claiming are skipped (`FOR UPDATE SKIP LOCKED`), so across replicas each
/// message is claimed by one worker.
pub async fn claim(
    store: &Store,
    channel: Channel,
    now_ms: i64,
    lease_secs: i64,
    limit: i64,
) -> Result<Vec<OutboxRow>, StoreError> {
    claim_in(
        store,
        Scope::Channel(channel),
        &[],
        now_ms,
        lease_secs,
        limit,
    )
    .await
}

/// [`claim`] of the heads in `scope`, after writing `settles` in the same transaction
/// (in its first round trip, before the pick): a chat whose head is settled there can
/// be claimed again by the same pick when its pace allows. One transaction, two round
/// trips on PostgreSQL and one on SQLite ([`claim_sqlite`]), however many settles;
/// with `limit` 0, only the settles (one round trip).
///
/// On PostgreSQL a settle locks its chat's row until the commit, and waits for an
/// enqueue that holds it (`list_chat`, a share lock): the chats are settled in their
/// order, so two settles never wait on each other; an enqueue holding several chats in
/// another order can deadlock with them, and then the server ends one of the two
/// (which is tried again: the settles stay with the sender, a turn goes back to
/// intake).
pub async fn claim_in(
    store: &Store,
    scope: Scope<'_>,
    settles: &[Settle],
    now_ms: i64,
    lease_secs: i64,
    limit: i64,
) -> Result<Vec<OutboxRow>, StoreError> {
    if limit <= 0 {
        settle(store, settles).await?;
        return Ok(vec![]);
    }
    let channel = scope.channel().as_str();
    let chat = scope.chat();
    if store.backend == Backend::Sqlite {
        return claim_sqlite(store, channel, chat, settles, now_ms, lease_secs, limit).await;
    }
    let now = now_ms.div_euclid(1000);
    let lock = match store.backend {
        Backend::Postgres => "FOR UPDATE OF c SKIP LOCKED",
        // SQLite: the transaction holds the one write lock.
        Backend::Sqlite => "",
    };
    let only = if chat.is_some() {
        "AND c.chat_id = $4"
    } else {
        ""
    };
    // PostgreSQL, two round trips: `BEGIN`, the settles and the pick; the marks and `COMMIT`
    // (`store::batch`).
    let pick = format!(
        "SELECT c.chat_id, (SELECT MIN(p.id) FROM outbox p
                WHERE p.channel = c.channel AND p.chat_id = c.chat_id
                  AND p.status IN ('pending', 'sending')) AS head
         FROM outbox_chats c WHERE c.channel = $1 AND c.next_at <= $2 {only}
         ORDER BY c.next_at LIMIT $3 {lock}"
    );
    let mut args = vec![Arg::Text(channel), Arg::Int(now_ms), Arg::Int(limit)];
    if let Some(chat) = chat {
        args.push(Arg::Text(chat));
    }
    let first = match settle_statements(store.backend, settles, &mut args) {
        None => pick,
        Some(settled) => format!("{}{settled};\n{pick}", unflushed(store.backend)),
    };
    let (tx, picked) = RawTx::begin(store, &first, &args).await?;
    let mut heads = vec![];
    let mut chats = vec![];
    for r in &picked {
        let chat: String = r.try_get("chat_id")?;
        match r.try_get::<Option<i64>>("head")? {
            Some(id) => heads.push((id, chat)),
            None => chats.push(chat),
        }
    }
    if heads.is_empty() && chats.is_empty() {
        tx.commit("", &[]).await?;
        return Ok(vec![]);
    }
    // $1 channel, $2 now (s), $3 the lease's end (s), $4 the lease's end (ms) + 1 s,
    // $5 now (ms) + 1 s; then the heads' ids, the heads' chats, the empty chats.
    let lease_end = now + lease_secs;
    let mut args = vec![
        Arg::Text(channel),
        Arg::Int(now),
        Arg::Int(lease_end),
        Arg::Int((lease_end + 1) * 1000),
        Arg::Int(now_ms + 1000),
    ];
    let (heads, chats) = (padded(heads), padded(chats));
    let mut sql = vec![];
    if !heads.is_empty() {
        let ids = placeholders(args.len() + 1, heads.len());
        args.extend(heads.iter().map(|(id, _)| Arg::Int(*id)));
        let of = placeholders(args.len() + 1, heads.len());
        args.extend(heads.iter().map(|(_, chat)| Arg::Text(chat)));
        sql.push(format!(
            "UPDATE outbox SET status = 'sending', claimed_until = $3
             WHERE id IN ({ids}) AND ((status = 'pending' AND available_at <= $2)
                                      OR (status = 'sending' AND claimed_until < $2))
             RETURNING id, channel, chat_id, payload, attempts, created_at"
        ));
        // The chats claimed wait for their worker (the lease, should it die); a head
        // that was not due (its row changed under a stale turn): look again soon. A
        // head is claimed here when it is `sending` until this lease's end: no other
        // claim of this second can have taken it (its chat would have waited since).
        sql.push(format!(
            "UPDATE outbox_chats SET next_at = CASE WHEN EXISTS (
                SELECT 1 FROM outbox o WHERE o.channel = outbox_chats.channel
                  AND o.chat_id = outbox_chats.chat_id AND o.id IN ({ids})
                  AND o.status = 'sending' AND o.claimed_until = $3) THEN $4 ELSE $5 END
             WHERE channel = $1 AND chat_id IN ({of})"
        ));
    }
    // Chats with nothing left (kept for their pace until their turn): forgotten.
    if !chats.is_empty() {
        let of = placeholders(args.len() + 1, chats.len());
        args.extend(chats.iter().map(|c| Arg::Text(c)));
        sql.push(format!(
            "DELETE FROM outbox_chats WHERE channel = $1 AND chat_id IN ({of})
               AND NOT EXISTS ({LIVE})"
        ));
    }
    claimed_rows(&tx.commit(&sql.join(";\n"), &args).await?)
}

/// A sender that lets a group of turns' commit claim for it (SQLite). When it waits
/// with places free, it offers them, with the outcomes it has not written yet; the
/// commit of the next group of turns of its channel then writes those outcomes and
/// claims for the places in the same transaction, as [`claim_sqlite`] does, after
/// the turns' replies are queued, and hands the rows over. So a reply costs no claim
/// transaction of its own: its turn's commit claims it.
pub trait SendTaker: Send + Sync {
    /// The places and outcomes offered, all taken at once (`None`: nothing now).
    /// Until [`SendTaker::hand`] gives them back the sender counts the places as
    /// claimed and the outcomes as being written.
    fn take(&self) -> Option<SendPlaces>;
    /// What became of `taken` (see [`SendClaim`]).
    fn hand(&self, taken: SendPlaces, claimed: SendClaim);
}

/// What a [`SendTaker`] offered: places to claim for and outcomes to write.
#[derive(Debug)]
pub struct SendPlaces {
    pub places: usize,
    pub settles: Vec<Settle>,
    pub lease_secs: i64,
    /// The sender's own mark, given back with what became of the offer.
    pub mark: u64,
}

/// What became of a [`SendTaker`]'s offer in the commit that took it.
#[derive(Debug)]
pub enum SendClaim {
    /// Committed: the outcomes written and these rows claimed (fewer than the
    /// places: nothing more was due then).
    Claimed(Vec<OutboxRow>),
    /// The sender's part never ran (the turn's own write failed first): nothing
    /// written, the outcomes are the sender's again.
    NotRun,
    /// The commit that carried it failed, why: nothing written, the outcomes are
    /// the sender's again.
    Failed(String),
}

/// The senders that offer places to the groups of turns' commits (see [`SendTaker`]).
#[derive(Default)]
pub struct Offers {
    takers: super::Offering<dyn SendTaker>,
    /// Commits that claimed for a sender, and the rows they claimed
    /// (`Store::riding_claims`).
    pub(crate) turn_commits: std::sync::atomic::AtomicU64,
    pub(crate) turn_rows: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for Offers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Offers").finish_non_exhaustive()
    }
}

/// Lets the groups of turns' commits claim for `taker` (SQLite; see [`SendTaker`])
/// as long as it lives: the store keeps only a weak reference.
pub fn offer_sends(store: &Store, channel: Channel, taker: &std::sync::Arc<dyn SendTaker>) {
    store.sends.takers.add(channel, taker);
}

/// Counts a group of turns' commit that claimed `rows` for a sender.
pub(crate) fn claimed_in_turns(store: &Store, rows: usize) {
    use std::sync::atomic::Ordering;
    store.sends.turn_commits.fetch_add(1, Ordering::Relaxed);
    let rows = u64::try_from(rows).unwrap_or(u64::MAX);
    store.sends.turn_rows.fetch_add(rows, Ordering::Relaxed);
}

/// What the sender of `channel` offers now, taken (SQLite).
pub(crate) fn take_sends(
    store: &Store,
    channel: Channel,
) -> Option<(std::sync::Arc<dyn SendTaker>, SendPlaces)> {
    if store.backend != Backend::Sqlite {
        return None;
    }
    store.sends.takers.take(channel, |t| t.take())
}

/// [`claim_sqlite`]'s statements for a group of turns' commit (see [`SendTaker`]):
/// `taken`'s outcomes written, then up to its places of `channel`'s heads claimed;
/// their placeholders after `before` values, and their values.
pub(crate) fn group_claim<'a>(
    channel: &'a str,
    taken: &'a SendPlaces,
    now_ms: i64,
    before: usize,
) -> (String, Vec<Arg<'a>>) {
    let now = now_ms.div_euclid(1000);
    let lease_end = now + taken.lease_secs;
    let mut args = vec![
        Arg::Text(channel),
        Arg::Int(now_ms),
        Arg::Int(i64::try_from(taken.places).unwrap_or(i64::MAX)),
        Arg::Text(""),
        Arg::Int(now),
        Arg::Int(lease_end),
        Arg::Int((lease_end + 1) * 1000),
        Arg::Int(now_ms + 1000),
    ];
    let marks = if taken.places > 0 {
        sqlite_marks(false)
    } else {
        ""
    };
    let sql = match settle_statements(Backend::Sqlite, &taken.settles, &mut args) {
        None => marks.to_owned(),
        Some(settled) if marks.is_empty() => settled.to_string(),
        Some(settled) => format!("{settled};\n{marks}"),
    };
    (batch::shifted(&sql, before), args)
}

/// The rows a claim's marks returned, by id.
pub(crate) fn claimed_rows(returned: &[batch::Row]) -> Result<Vec<OutboxRow>, StoreError> {
    let mut rows = returned
        .iter()
        .map(outbox_row)
        .collect::<Result<Vec<_>, _>>()?;
    rows.sort_by_key(|r| r.id);
    Ok(rows)
}

/// [`claim_in`] on SQLite, in one round trip: `BEGIN`, the settles, the marks and
/// `COMMIT` together. The transaction holds SQLite's one write lock, so the pick
/// (the first `limit` chats whose turn has come, by `next_at`) is the same in each
/// statement that reads it until one changes `outbox_chats`: the heads of the chats
/// picked are claimed, then the chats with messages waiting go back in the line
/// (claimed: until the lease's end; a head not due: look again soon), then chats
/// with nothing left are forgotten (the rule of [`sweep_chats`]). PostgreSQL, where
/// other workers claim side by side, picks and locks first (two round trips).
async fn claim_sqlite(
    store: &Store,
    channel: &str,
    chat: Option<&str>,
    settles: &[Settle],
    now_ms: i64,
    lease_secs: i64,
    limit: i64,
) -> Result<Vec<OutboxRow>, StoreError> {
    let now = now_ms.div_euclid(1000);
    let lease_end = now + lease_secs;
    // $1 channel, $2 now (ms), $3 limit, $4 the chat (scoped claims), $5 now (s),
    // $6 the lease's end (s), $7 the lease's end (ms) + 1 s, $8 now (ms) + 1 s; then
    // the settles'.
    let mut args = vec![
        Arg::Text(channel),
        Arg::Int(now_ms),
        Arg::Int(limit),
        Arg::Text(chat.unwrap_or_default()),
        Arg::Int(now),
        Arg::Int(lease_end),
        Arg::Int((lease_end + 1) * 1000),
        Arg::Int(now_ms + 1000),
    ];
    let marks = sqlite_marks(chat.is_some());
    let sql = match settle_statements(Backend::Sqlite, settles, &mut args) {
        None => marks.to_owned(),
        Some(settled) => format!("{settled};\n{marks}"),
    };
    claimed_rows(&batch::transaction(store, &sql, &args).await?)
}

/// [`claim_sqlite`]'s statements (values as it binds them), for a claim of the
/// channel or of one chat (`$4`).
fn sqlite_marks(scoped: bool) -> &'static str {
    static TEXTS: std::sync::OnceLock<[String; 2]> = std::sync::OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        [false, true].map(|scoped| {
            let only = if scoped { "AND c.chat_id = $4" } else { "" };
            let pick = format!(
                "SELECT c.rowid FROM outbox_chats c WHERE c.channel = $1 AND c.next_at <= $2
                 {only} ORDER BY c.next_at LIMIT $3"
            );
            let head = |of: &str| {
                format!(
                    "(SELECT MIN(p.id) FROM outbox p WHERE p.channel = {of}.channel
                        AND p.chat_id = {of}.chat_id AND p.status IN ('pending', 'sending'))"
                )
            };
            format!(
                "UPDATE outbox SET status = 'sending', claimed_until = $6
                  WHERE id IN (SELECT {head_c} FROM outbox_chats c WHERE c.channel = $1
                                 AND c.next_at <= $2 {only} ORDER BY c.next_at LIMIT $3)
                    AND ((status = 'pending' AND available_at <= $5)
                         OR (status = 'sending' AND claimed_until < $5))
                  RETURNING id, channel, chat_id, payload, attempts, created_at;
                 UPDATE outbox_chats SET next_at = CASE WHEN EXISTS (
                        SELECT 1 FROM outbox o WHERE o.id = {head_self}
                          AND o.status = 'sending' AND o.claimed_until = $6) THEN $7 ELSE $8 END
                  WHERE rowid IN ({pick}) AND EXISTS ({LIVE});
                 DELETE FROM outbox_chats WHERE rowid IN ({pick}) AND NOT EXISTS ({LIVE})",
                head_c = head("c"),
                head_self = head("outbox_chats"),
            )
        })
    });
    &texts[usize::from(scoped)]
}

/// Reserves the channel's next send slot shared by every replica (PostgreSQL): one
/// send every `interval_us`, the earliest at `now_us`. Returns the slot (unix
/// microseconds) to wait for. Atomic: concurrent callers get distinct slots.
///
/// Every send of the channel updates this one row, so the reservations go one at a
/// time, each holding the row until its commit. On PostgreSQL the commit does not
/// wait for the WAL flush (`synchronous_commit = off`, one round trip as before):
/// otherwise every send waits for an `fsync` of its own in turn, which caps a
/// channel's sends at one per `fsync` (on a busy disk, tens of milliseconds each)
/// whatever the rate. Only a crash of the database server itself could lose the last
/// reservations; the slots then start again from an earlier one, so a few sends may
/// go closer together than the rate once, which the platforms tolerate (their
/// 429/130429 pauses the sender).
pub async fn reserve_slot(
    store: &Store,
    channel: &str,
    now_us: i64,
    interval_us: i64,
) -> Result<i64, StoreError> {
    let upsert = format!(
        "INSERT INTO send_pace (channel, slot_at) VALUES ($1, $2)
         ON CONFLICT (channel) DO UPDATE
            SET slot_at = {}(send_pace.slot_at + $3, $2)
         RETURNING slot_at",
        greatest(store.backend)
    );
    let args = [Arg::Text(channel), Arg::Int(now_us), Arg::Int(interval_us)];
    let rows = match store.backend {
        Backend::Sqlite => batch::fetch_on_writer(store, &upsert, &args).await?,
        Backend::Postgres => {
            let sql = format!("SET LOCAL synchronous_commit = off;\n{upsert}");
            batch::transaction(store, &sql, &args).await?
        }
    };
    rows.into_iter()
        .next()
        .ok_or_else(|| StoreError::Corrupt("a send slot was not returned".into()))?
        .try_get("slot_at")
}

/// The chat's turn once its head is settled (sent, failed or put back), as
/// statements for a batch: at `$p+2` (ms) the chat goes to the back of the line;
/// `paced`, no earlier than the per-chat pace allows (`$p+3` its interval, `$p+4`
/// its burst's tolerance). The pace is a GCRA (`paced_at` the theoretical arrival
/// time) with one change: once the burst is spent, the next send waits a whole
/// interval from this one (the send's end, not its slot in the schedule), and the
/// allowance comes back only while the chat sends nothing (by one send per interval
/// of quiet). A plain GCRA lets a chat whose sends run late (waiting for the
/// channel's slots) earn its burst back while busy and send two within an interval
/// now and then, which Telegram answers with a 429.
///
/// A chat with nothing left waiting leaves the set, unless its pace still holds it
/// back (then its row stays until its turn, so the pace is kept). `$p` channel, `$p+1` chat. The forget comes after the update, which locks
/// the chat's row: a later statement, so it sees every enqueue that committed
/// before the lock (see [`list_chat`]).
fn settle_sql(backend: Backend, p: usize, paced: bool) -> String {
    let max = greatest(backend);
    let (channel, chat, next) = (
        format!("${p}"),
        format!("${}", p + 1),
        format!("${}", p + 2),
    );
    let update = if paced {
        let (interval, tau) = (format!("${}", p + 3), format!("${}", p + 4));
        // The plain GCRA's arrival time; past the burst, no earlier than a burst
        // from a whole interval after this send.
        let gcra = format!("{max}(paced_at, {next}) + {interval}");
        let paced = format!(
            "CASE WHEN {gcra} > {next} + {tau}
                  THEN {max}({gcra}, {next} + {interval} + {tau}) ELSE {gcra} END"
        );
        format!(
            "UPDATE outbox_chats SET paced_at = {paced}, next_at = {max}({next}, {paced} - {tau})
             WHERE channel = {channel} AND chat_id = {chat}"
        )
    } else {
        format!(
            "UPDATE outbox_chats SET next_at = {next} WHERE channel = {channel} AND chat_id = {chat}"
        )
    };
    format!(
        "{update};
         DELETE FROM outbox_chats WHERE channel = {channel} AND chat_id = {chat}
           AND next_at <= {next} AND NOT EXISTS ({LIVE})"
    )
}

/// Gives a claimed row back untouched (at shutdown), for another worker at once.
pub async fn release(store: &Store, id: i64) -> Result<(), StoreError> {
    release_all(store, &[id]).await
}

/// Gives claimed rows back untouched (at shutdown), for another worker at once: one
/// transaction of two statements, however many rows.
pub async fn release_all(store: &Store, ids: &[i64]) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    let mut tx = store.begin().await?;
    let sql = format!(
        "UPDATE outbox SET status = 'pending', claimed_until = NULL
         WHERE status = 'sending' AND id IN ({}) RETURNING channel, chat_id",
        placeholders(1, ids.len())
    );
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    let given: Vec<(String, String)> = q
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("channel")?, r.try_get("chat_id")?)))
        .collect::<Result<_, sqlx::Error>>()?;
    // Their chats' turns are now (listed again if they were forgotten).
    let mut chats: Vec<&(String, String)> = given.iter().collect();
    chats.sort();
    chats.dedup();
    if !chats.is_empty() {
        let values: Vec<String> = (0..chats.len())
            .map(|i| format!("(${}, ${}, 0)", 2 * i + 1, 2 * i + 2))
            .collect();
        let sql = format!(
            "INSERT INTO outbox_chats (channel, chat_id, next_at) VALUES {}
             ON CONFLICT (channel, chat_id) DO UPDATE SET next_at = excluded.next_at",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for (channel, chat) in chats {
            q = q.bind(channel).bind(chat);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Data minimisation (Ley 29733): blanks the text of messages delivered before
/// `before` (unix seconds, wall clock as `mark_sent` writes it). The row stays, for
/// the delivery statuses that point at it; pending and failed messages keep theirs.
/// Returns how many were blanked.
pub async fn purge_sent_payloads(conn: &mut Conn, before: i64) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE outbox SET payload = ''
         WHERE status = 'sent' AND sent_at < $1 AND payload <> ''",
    )
    .bind(before)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// Marks a row sent and gives its chat its next turn (after the other chats waiting,
/// and within the per-chat `pace`), in one transaction of one round trip: [`settle`]
/// of one.
pub async fn mark_sent(
    store: &Store,
    row: &OutboxRow,
    external_id: Option<&str>,
    now_ms: i64,
    pace: Pace,
) -> Result<(), StoreError> {
    let outcome = Outcome::Sent {
        external_id: external_id.map(str::to_owned),
        pace,
    };
    settle(store, &[Settle::new(row, now_ms, outcome)]).await
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
}

pub async fn counts(conn: &mut Conn, channel: &str) -> Result<OutboxCounts, StoreError> {
    let rows =
        sqlx::query("SELECT status, COUNT(*) AS n FROM outbox WHERE channel = $1 GROUP BY status")
            .bind(channel)
            .fetch_all(&mut *conn)
            .await?;
    let mut c = OutboxCounts::default();
    for r in rows {
        let status: String = r.try_get("status")?;
        let n: i64 = r.try_get("n")?;
        match status.as_str() {
            "sent" => c.sent += n,
            "failed" => c.failed += n,
            _ => c.pending += n,
        }
    }
    Ok(c)
}

/// The last error recorded for a row (for tests and operators).
pub async fn last_error(conn: &mut Conn, id: i64) -> Result<Option<String>, StoreError> {
    let row = sqlx::query("SELECT last_error FROM outbox WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match row {
        Some(r) => opt_text(&r, "last_error")?,
        None => None,
    })
}
