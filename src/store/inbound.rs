//! Durable intake: raw events are stored before anything else happens to them, then
//! claimed by intake workers. Only the oldest unprocessed event of a chat can be
//! claimed, and only while nobody holds a live lease on it: so one chat's events are
//! handled one at a time, in order, while different chats go in parallel, on any
//! number of workers and replicas. Chats are taken in turn, least recently served
//! first (`intake_chats`). An event refused at the door is stored already processed,
//! with why (`rejected`). On SQLite the commit that stores arrivals also claims for
//! the places an intake loop of this process offers ([`Taker`]), by the same rule.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use crate::message::{Channel, ChatKey};
use sqlx::Row;

use super::batch::{self, Arg};
use super::{Backend, Conn, Store, StoreError};

#[derive(Debug, Clone)]
pub struct InboundEvent {
    pub id: i64,
    pub channel: String,
    pub external_id: String,
    pub chat_id: String,
    pub payload: String,
    pub attempts: i64,
    /// The lease token of the claim this copy was read under (empty when unclaimed).
    pub claim: String,
}

/// Stores an event; returns `None` when the platform redelivered one we already have.
pub async fn insert_if_new(
    conn: &mut Conn,
    chat: ChatKey<'_>,
    external_id: &str,
    payload: &str,
    now: i64,
) -> Result<Option<i64>, StoreError> {
    insert(conn, chat, external_id, payload, now, None).await
}

/// Stores an event as [`insert_if_new`] does, for the doors (the webhooks, the
/// poller); with `rejected`, a signed event that does not parse, already processed
/// and with why, so no worker ever claims or retries it. On SQLite the events arriving
/// together are stored together ([`Arrivals`]): one statement and one commit for all
/// that wait, each caller answered once the commit holding its row is done. On
/// PostgreSQL, where inserts run side by side on connections of their own, each is
/// its own statement, as before.
pub async fn arrive(
    store: &Store,
    chat: ChatKey<'_>,
    external_id: &str,
    payload: &str,
    now: i64,
    rejected: Option<&str>,
) -> Result<Option<i64>, StoreError> {
    let stored = arrive_then(store, chat, external_id, payload, now, rejected, None).await?;
    Ok(stored.map(|s| s.id))
}

/// An event [`arrive_then`] stored: its id, and whether the commit that stored it
/// also claimed it for an intake loop of this process ([`Taker`]), which has it then:
/// nobody need be woken for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    pub id: i64,
    pub claimed: bool,
}

/// Run with the event's id once it is stored, before any intake loop is handed it
/// (a parsed update kept for its turn, `App::ingest_telegram`); not for a redelivery.
pub type OnStored = Box<dyn FnOnce(i64) + Send + Sync>;

/// [`arrive`], saying whether the event was claimed as it was stored (SQLite, when
/// an intake loop of the channel offered places: see [`Taker`]), with `on_stored`
/// run once it is stored.
pub async fn arrive_then(
    store: &Store,
    chat: ChatKey<'_>,
    external_id: &str,
    payload: &str,
    now: i64,
    rejected: Option<&str>,
    on_stored: Option<OnStored>,
) -> Result<Option<Stored>, StoreError> {
    if store.backend == Backend::Postgres {
        let mut conn = store.pool.acquire().await?;
        let id = insert(&mut conn, chat, external_id, payload, now, rejected).await?;
        drop(conn);
        if let (Some(id), Some(on_stored)) = (id, on_stored) {
            on_stored(id);
        }
        return Ok(id.map(|id| Stored { id, claimed: false }));
    }
    let (done, stored) = tokio::sync::oneshot::channel();
    let arrival = Arrival {
        channel: chat.channel,
        external_id: external_id.to_owned(),
        chat_id: chat.chat_id.to_owned(),
        payload: payload.to_owned(),
        now,
        rejected: rejected.map(str::to_owned),
        on_stored,
        done,
    };
    let lead = {
        let mut line = store.arrivals.lock();
        line.waiting.push(arrival);
        !std::mem::replace(&mut line.storing, true)
    };
    if lead {
        // A task of its own: a caller that goes away (the platform hung up) does
        // not take the others' group with it.
        tokio::spawn(store_arrivals(store.clone()));
    }
    stored
        .await
        .unwrap_or(Err(StoreError::Db(sqlx::Error::WorkerCrashed)))
}

/// The events waiting to be stored on SQLite (see [`arrive`]), and whether a task
/// is storing them; and the intake loops that let the door claim for them.
#[derive(Default)]
pub struct Arrivals {
    line: std::sync::Mutex<Line>,
    takers: super::Offering<dyn Taker>,
    /// Commits that claimed for an intake loop, and the events they claimed
    /// (`Store::riding_claims`).
    pub(crate) door_commits: std::sync::atomic::AtomicU64,
    pub(crate) door_events: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for Arrivals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Arrivals").finish_non_exhaustive()
    }
}

/// An intake loop that lets the door claim for it (SQLite). When it has places it
/// is not filling, it offers them; the commit that stores the next arrivals of its
/// channel then claims for them in the same transaction, by [`claim`]'s rule (the
/// line of chats, one event a chat), and hands the events over, as a group of turns'
/// commit does (`store::turn::TurnGroup::commit_claiming`). So an event for an idle
/// chat costs one commit, its storing, instead of two: stored, then claimed.
pub trait Taker: Send + Sync {
    /// The places offered, all of them taken at once (`None`: none now). Until
    /// [`Taker::hand`] gives them back, the loop counts them as claimed.
    fn take(&self) -> Option<Taken>;
    /// What the claim for `taken` found (fewer events than places: nothing more was
    /// claimable then), or `None` when the commit failed and nothing was claimed.
    /// Called before the arrivals' callers are answered.
    fn hand(&self, taken: Taken, claimed: Option<Vec<InboundEvent>>);
}

/// Places a [`Taker`] offered, and the terms to claim for them by.
#[derive(Debug)]
pub struct Taken {
    pub places: usize,
    /// The lease token.
    pub token: String,
    pub lease_secs: i64,
    /// The loop's own mark, given back with the events.
    pub mark: u64,
}

/// Lets the door claim for `taker`'s places (SQLite; see [`Taker`]) as long as it
/// lives: the store keeps only a weak reference.
pub fn offer_places(store: &Store, channel: Channel, taker: &Arc<dyn Taker>) {
    store.arrivals.takers.add(channel, taker);
}

impl Arrivals {
    /// The places offered for the channels of `group`'s events to be claimed.
    fn take_places(&self, group: &[Arrival]) -> Vec<(Channel, Arc<dyn Taker>, Taken)> {
        let mut channels: Vec<Channel> = vec![];
        for a in group.iter().filter(|a| a.rejected.is_none()) {
            if !channels.contains(&a.channel) {
                channels.push(a.channel);
            }
        }
        channels
            .into_iter()
            .filter_map(|channel| {
                let (taker, places) = self.takers.take(channel, |t| t.take())?;
                Some((channel, taker, places))
            })
            .collect()
    }
}

#[derive(Default)]
struct Line {
    waiting: Vec<Arrival>,
    storing: bool,
}

struct Arrival {
    channel: Channel,
    external_id: String,
    chat_id: String,
    payload: String,
    now: i64,
    rejected: Option<String>,
    on_stored: Option<OnStored>,
    done: tokio::sync::oneshot::Sender<Result<Option<Stored>, StoreError>>,
}

impl Arrivals {
    fn lock(&self) -> std::sync::MutexGuard<'_, Line> {
        self.line
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Most events stored by one statement (6 values each).
const MOST_ARRIVALS: usize = 64;

/// Stores what waits, a group at a time, until nothing does. The writer is taken
/// first and the group after: what arrived while the writer was busy goes in it.
/// When intake loops of the group's channels offer places ([`Taker`]), the group's
/// commit claims for them too.
async fn store_arrivals(store: Store) {
    /// Should the task end any other way (a panic), the callers waiting are
    /// answered with an error (their senders dropped) and the next arrival leads.
    struct Storing<'a>(&'a Arrivals);
    impl Drop for Storing<'_> {
        fn drop(&mut self) {
            let mut line = self.0.lock();
            line.storing = false;
            line.waiting.clear();
        }
    }
    let storing = Storing(&store.arrivals);
    loop {
        let conn = store.writer().await;
        let group: Vec<Arrival> = {
            let mut line = store.arrivals.lock();
            if line.waiting.is_empty() {
                line.storing = false;
                drop(line);
                if let Ok(held) = conn {
                    held.give_back();
                }
                std::mem::forget(storing);
                return;
            }
            let take = line.waiting.len().min(MOST_ARRIVALS);
            line.waiting.drain(..take).collect()
        };
        let mut conn = match conn {
            Ok(conn) => conn,
            Err(e) => {
                fail_all(group, &e);
                continue;
            }
        };
        let places = Offered(store.arrivals.take_places(&group));
        let claiming = !places.0.is_empty();
        let stored = {
            let now = group.iter().map(|a| a.now).max().unwrap_or_default();
            let claims: Vec<Claim<'_>> = places
                .0
                .iter()
                .map(|(channel, _, taken)| Claim {
                    channel: channel.as_str(),
                    token: &taken.token,
                    now,
                    lease_secs: taken.lease_secs,
                    limit: i64::try_from(taken.places).unwrap_or(i64::MAX),
                })
                .collect();
            let (inline, writer) = conn.parts();
            let rows = insert_group(inline, writer, &group, &claims).await;
            rows.map(|rows| read_group(&group, &claims, rows))
        };
        let e = match stored {
            Ok(read) => {
                // Kept for the writer's next user before anyone goes on.
                conn.give_back();
                match read {
                    Ok((ids, claimed)) => {
                        let arrivals = &store.arrivals;
                        if claiming {
                            arrivals.door_commits.fetch_add(1, Ordering::Relaxed);
                            let n = claimed.iter().map(Vec::len).sum::<usize>() as u64;
                            arrivals.door_events.fetch_add(n, Ordering::Relaxed);
                        }
                        answer(group, ids, places, claimed);
                    }
                    // Committed, but a row cannot be read: its callers fail (the
                    // platform sends the event again and finds it stored); the events
                    // claimed go to the loop after their lease (the places go back
                    // with the guard).
                    Err(e) => fail_all(group, &e),
                }
                continue;
            }
            Err(e) => e,
        };
        // Nothing claimed: the places go back with the guard.
        drop(places);
        if claiming
            && sqlx::Executor::execute(&mut *conn, "ROLLBACK")
                .await
                .is_err()
        {
            // In doubt whether the transaction is still open: a new connection.
            conn.close_on_drop();
            drop(conn);
            conn = match store.writer().await {
                Ok(conn) => conn,
                Err(e) => {
                    fail_all(group, &e);
                    continue;
                }
            };
        }
        // An arrival alone failed by its own insert; one whose claim failed is
        // stored again without it.
        if group.len() == 1 && !claiming {
            if let Some(a) = group.into_iter().next() {
                let _ = a.done.send(Err(e));
            }
            conn.give_back();
            continue;
        }
        // One event's fault must not fail the others: each alone.
        for a in group {
            let chat = ChatKey::new(a.channel, &a.chat_id);
            let id = insert(
                &mut conn,
                chat,
                &a.external_id,
                &a.payload,
                a.now,
                a.rejected.as_deref(),
            )
            .await;
            let stored = id.map(|id| id.map(|id| Stored { id, claimed: false }));
            if let (Ok(Some(stored)), Some(on_stored)) = (&stored, a.on_stored) {
                on_stored(stored.id);
            }
            let _ = a.done.send(stored);
        }
    }
}

/// The places taken for a group's claims: handed back as not claimed (`None`) when
/// dropped before [`answer`] hands them their events (an error, a panic), so the
/// loops never count them as claimed for ever.
struct Offered(Vec<(Channel, Arc<dyn Taker>, Taken)>);

impl Drop for Offered {
    fn drop(&mut self) {
        for (_, taker, taken) in self.0.drain(..) {
            taker.hand(taken, None);
        }
    }
}

/// Every caller of `group` told the writer could not be had.
fn fail_all(group: Vec<Arrival>, e: &StoreError) {
    let e = e.to_string();
    for a in group {
        let _ = a
            .done
            .send(Err(StoreError::Db(sqlx::Error::Protocol(e.clone()))));
    }
}

/// The group's callers answered, each with what became of its event (`ids`, in the
/// group's order): its hook run first, then the loops handed what the commit
/// claimed for their `places` (`claimed`, by place), then the callers.
fn answer(
    group: Vec<Arrival>,
    ids: Vec<Option<i64>>,
    mut places: Offered,
    claimed: Vec<Vec<InboundEvent>>,
) {
    let ours: std::collections::HashSet<i64> = claimed.iter().flatten().map(|e| e.id).collect();
    let mut done = Vec::with_capacity(group.len());
    for (a, id) in group.into_iter().zip(ids) {
        let stored = id.map(|id| Stored {
            id,
            claimed: ours.contains(&id),
        });
        if let (Some(stored), Some(on_stored)) = (stored, a.on_stored) {
            on_stored(stored.id);
        }
        done.push((a.done, stored));
    }
    for ((_, taker, taken), events) in std::mem::take(&mut places.0).into_iter().zip(claimed) {
        taker.hand(taken, Some(events));
    }
    for (done, stored) in done {
        let _ = done.send(Ok(stored));
    }
}

/// One statement for the group (so one commit): its rows padded with copies of the
/// last to a power of two, so a few statement texts serve every size (the copies
/// are redeliveries of it and store nothing). With `claims`, the group's
/// statement and a claim for each (its values after the group's, [`claim_sql`]
/// shifted) in one transaction and one round trip. The rows, for [`read_group`].
async fn insert_group(
    inline: Option<&batch::Inline>,
    conn: &mut Conn,
    group: &[Arrival],
    claims: &[Claim<'_>],
) -> Result<Vec<batch::Row>, StoreError> {
    let Some(last) = group.last() else {
        return Ok(vec![]);
    };
    let rows = group.len().next_power_of_two();
    let mut args = Vec::with_capacity(6 * rows + 5 * claims.len());
    for a in group
        .iter()
        .chain(std::iter::repeat_n(last, rows - group.len()))
    {
        args.extend([
            Arg::Text(a.channel.as_str()),
            Arg::Text(&a.external_id),
            Arg::Text(&a.chat_id),
            Arg::Text(&a.payload),
            Arg::Int(a.now),
            Arg::OptText(a.rejected.as_deref()),
        ]);
    }
    if claims.is_empty() {
        batch::fetch(inline, conn, group_sql(rows), &args).await
    } else {
        for claim in claims {
            args.extend(claim.args());
        }
        static TEXTS: batch::Kept<(usize, usize)> = batch::Kept::new();
        let sql = TEXTS.text((rows, claims.len()), |&(rows, claims)| {
            let mut sql = vec!["BEGIN IMMEDIATE".to_owned(), group_sql(rows).to_owned()];
            for c in 0..claims {
                sql.push(batch::shifted(claim_sql(Backend::Sqlite), 6 * rows + 5 * c));
            }
            sql.push("COMMIT".to_owned());
            sql.join(";\n")
        });
        batch::fetch(inline, conn, &sql, &args).await
    }
}

/// Each arrival's id, and the events each claim took (see [`read_group`]).
type GroupRead = (Vec<Option<i64>>, Vec<Vec<InboundEvent>>);

/// What [`insert_group`] returned: each arrival's id (`None` for a redelivery, also
/// of an event earlier in the group), and the events each of `claims` took.
fn read_group(
    group: &[Arrival],
    claims: &[Claim<'_>],
    returned: Vec<batch::Row>,
) -> Result<GroupRead, StoreError> {
    let mut ids = std::collections::HashMap::with_capacity(returned.len());
    let mut claimed = vec![];
    for row in returned {
        // A claim's rows carry the event; the group's, its id and key only.
        if row.has("payload") {
            claimed.push(row);
            continue;
        }
        let channel: String = row.try_get("channel")?;
        let external_id: String = row.try_get("external_id")?;
        ids.insert((channel, external_id), row.try_get::<i64>("id")?);
    }
    let mut events = vec![];
    for claim in claims {
        let (mine, rest): (Vec<_>, Vec<_>) = claimed.into_iter().partition(|r| {
            r.try_get::<String>("channel")
                .is_ok_and(|c| c == claim.channel)
        });
        claimed = rest;
        events.push(self::claimed(mine, claim.token)?);
    }
    // The first of a key gets its id; a second of it in the group is a redelivery.
    let ids = group
        .iter()
        .map(|a| ids.remove(&(a.channel.as_str().to_owned(), a.external_id.clone())))
        .collect();
    Ok((ids, events))
}

/// The statement storing `rows` events (a power of two up to [`MOST_ARRIVALS`]).
fn group_sql(rows: usize) -> &'static str {
    static TEXTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let texts =
        TEXTS.get_or_init(|| {
            (0..=MOST_ARRIVALS.trailing_zeros())
                .map(|p| {
                    let values: Vec<String> = (0..1usize << p)
                    .map(|r| {
                        let v = |i: usize| format!("${}", r * 6 + i);
                        format!(
                            "({}, {}, {}, {}, {}, CASE WHEN {} IS NULL THEN NULL ELSE {} END, {})",
                            v(1), v(2), v(3), v(4), v(5), v(6), v(5), v(6)
                        )
                    })
                    .collect();
                    format!(
                        "INSERT INTO inbound_events
                        (channel, external_id, chat_id, payload, received_at, processed_at,
                         rejected)
                     VALUES {}
                     ON CONFLICT (channel, external_id) DO NOTHING
                     RETURNING id, channel, external_id",
                        values.join(", ")
                    )
                })
                .collect()
        });
    &texts[rows.trailing_zeros() as usize]
}

/// One statement either way: a rejected event is stored processed at once.
async fn insert(
    conn: &mut Conn,
    chat: ChatKey<'_>,
    external_id: &str,
    payload: &str,
    now: i64,
    rejected: Option<&str>,
) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query(
        "INSERT INTO inbound_events
            (channel, external_id, chat_id, payload, received_at, processed_at, rejected)
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 IS NULL THEN NULL ELSE $5 END, $6)
         ON CONFLICT (channel, external_id) DO NOTHING
         RETURNING id",
    )
    .bind(chat.channel())
    .bind(external_id)
    .bind(chat.chat_id)
    .bind(payload)
    .bind(now)
    .bind(rejected)
    // Stepped to completion (see `store`): SQLite's auto-checkpoint fires only then.
    .fetch_all(&mut *conn)
    .await?;
    Ok(row.first().map(|r| r.try_get("id")).transpose()?)
}

/// The heads the next claim takes, in turn order: the chats with work are walked
/// through the index `intake_line` by ticket (a line: a chat served or new goes to
/// its back, see migration 0190), each chat's oldest unprocessed event is found through
/// `inbound_events_chat_open`, and it is taken if it is due and unleased (or its
/// lease ran out: the worker died). Only chats whose head is leased or waiting for
/// a retry are stepped over, so a claim costs the same with 10 or 10,000 busy chats.
const NEXT_HEADS: &str = "SELECT h.id FROM intake_chats c
    JOIN inbound_events h ON h.id = (SELECT MIN(p.id) FROM inbound_events p
                                     WHERE p.channel = c.channel AND p.chat_id = c.chat_id
                                       AND p.processed_at IS NULL)
    WHERE c.channel = $1 AND c.waiting > 0
      AND h.next_attempt_at <= $2
      AND (h.claimed_until IS NULL OR h.claimed_until < $2)
    ORDER BY c.ticket, c.chat_id LIMIT $5";

/// Claims up to `limit` events (at most one per chat) for `lease_secs` under the
/// lease token `claim`: each chat with work gets a turn before any chat gets a
/// second. Claiming moves the chat to the back of the line (a trigger). On
/// PostgreSQL rows another worker is claiming are skipped (`SKIP LOCKED`); on SQLite
/// the single statement is atomic.
pub async fn claim(
    store: &Store,
    channel: &str,
    claim: &str,
    now: i64,
    lease_secs: i64,
    limit: i64,
) -> Result<Vec<InboundEvent>, StoreError> {
    let next = Claim {
        channel,
        token: claim,
        now,
        lease_secs,
        limit,
    };
    let rows = batch::fetch_on_writer(store, claim_sql(store.backend), &next.args()).await?;
    claimed(rows, claim)
}

/// A claim's terms (see [`claim`]): a group of turns claims by them in the
/// transaction it commits anyway (`store::turn::TurnGroup::commit_claiming`).
#[derive(Debug, Clone, Copy)]
pub struct Claim<'a> {
    pub channel: &'a str,
    /// The lease token.
    pub token: &'a str,
    pub now: i64,
    pub lease_secs: i64,
    /// Events at most (one per chat).
    pub limit: i64,
}

impl<'a> Claim<'a> {
    /// The values of [`claim_sql`].
    pub(crate) fn args(&self) -> [Arg<'a>; 5] {
        [
            Arg::Text(self.channel),
            Arg::Int(self.now),
            Arg::Text(self.token),
            Arg::Int(self.now + self.lease_secs),
            Arg::Int(self.limit),
        ]
    }
}

/// The claim's statement (see [`claim`]); its values are [`Claim::args`].
pub(crate) fn claim_sql(backend: Backend) -> &'static str {
    static TEXTS: std::sync::OnceLock<[String; 2]> = std::sync::OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        // The outer conditions are checked again on the row actually updated.
        const SET: &str = "UPDATE inbound_events SET claim = $3, claimed_until = $4";
        const CHECK: &str = "AND processed_at IS NULL
                   AND (claimed_until IS NULL OR claimed_until < $2)
                 RETURNING id, channel, external_id, chat_id, payload, attempts";
        // PostgreSQL: the heads are picked once, in a materialized CTE. As
        // `id IN (… LIMIT $5 FOR UPDATE SKIP LOCKED)` the planner may rescan the
        // subquery for each row it looks at (a nested-loop semi-join); every rescan
        // skips the rows this statement has already locked and returns the next
        // heads, so one claim took 30 and more events past its limit (seen: claims
        // of 34 with a limit of 8), chats got second turns before others' first,
        // and a worker held more events than its places.
        [
            format!("{SET} WHERE id IN ({NEXT_HEADS}) {CHECK}"),
            format!(
                "WITH next AS MATERIALIZED ({NEXT_HEADS} FOR UPDATE OF h SKIP LOCKED)
                 {SET} WHERE id IN (SELECT id FROM next) {CHECK}"
            ),
        ]
    });
    match backend {
        Backend::Sqlite => &texts[0],
        Backend::Postgres => &texts[1],
    }
}

/// The events [`claim_sql`] returned, claimed under `claim`, in id order.
pub(crate) fn claimed(rows: Vec<batch::Row>, claim: &str) -> Result<Vec<InboundEvent>, StoreError> {
    let mut out = rows
        .into_iter()
        .map(|r| {
            Ok(InboundEvent {
                id: r.try_get("id")?,
                channel: r.try_get("channel")?,
                external_id: r.try_get("external_id")?,
                chat_id: r.try_get("chat_id")?,
                payload: r.try_get("payload")?,
                attempts: r.try_get("attempts")?,
                claim: claim.to_owned(),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    // Distinct chats, so any order keeps each chat's; sorted for a stable one.
    out.sort_by_key(|e| e.id);
    Ok(out)
}

/// Marks a claimed event done, if the claim is still ours. Run it first in the
/// transaction that writes the event's effects: on PostgreSQL it locks the row, so a
/// worker that stole an expired lease waits, then finds it processed. `false` means
/// the race is lost and the transaction must roll back.
pub async fn finish(conn: &mut Conn, id: i64, claim: &str, now: i64) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE inbound_events SET processed_at = $1, claim = NULL, claimed_until = NULL
         WHERE id = $2 AND claim = $3 AND processed_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(claim)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a failed try and frees the event for another try at `at` (unix seconds).
pub async fn retry_at(
    conn: &mut Conn,
    id: i64,
    claim: &str,
    error: &str,
    at: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE inbound_events SET attempts = attempts + 1, last_error = $1,
            next_attempt_at = $2, claim = NULL, claimed_until = NULL
         WHERE id = $3 AND claim = $4 AND processed_at IS NULL",
    )
    .bind(error)
    .bind(at)
    .bind(id)
    .bind(claim)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records why an event was given up (kept for operators), whoever holds it.
pub async fn note_error(conn: &mut Conn, id: i64, error: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE inbound_events SET last_error = $1 WHERE id = $2")
        .bind(error)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Gives a claim back untouched (at shutdown), so another worker takes it at once
/// instead of waiting for the lease to run out.
pub async fn release(conn: &mut Conn, id: i64, claim: &str) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE inbound_events SET claim = NULL, claimed_until = NULL
         WHERE id = $1 AND claim = $2 AND processed_at IS NULL",
    )
    .bind(id)
    .bind(claim)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Events not yet processed (for tests and operators).
pub async fn unprocessed(conn: &mut Conn) -> Result<i64, StoreError> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM inbound_events WHERE processed_at IS NULL")
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get("n")?)
}

/// Data minimisation (Ley 29733): blanks the raw payload of events processed before
/// `before` (unix seconds). The row stays (its id still recognises a redelivery);
/// what the event caused (the request, its stage history, the personal-data access
/// record) is kept elsewhere. Returns how many payloads were deleted.
pub async fn purge_payloads(conn: &mut Conn, before: i64) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE inbound_events SET payload = ''
         WHERE processed_at IS NOT NULL AND processed_at < $1 AND payload <> ''",
    )
    .bind(before)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}
