//! Intake: raw platform events are stored first ([`App::ingest`], before the platform
//! gets its 200; on SQLite the events arriving together share one statement and one
//! commit, `store::inbound::arrive`), then claimed and turned into replies by intake
//! workers.
//!
//! A worker claims the oldest unprocessed event of a chat under a lease
//! (`store::inbound::claim`), so one chat's events go one at a time and in arrival
//! order while other chats run in parallel, up to `[intake] concurrency` per channel
//! and replica. Chats take turns: each chat with work gets a turn before any chat
//! gets a second (the line of migration 0190), so a flood in some chats never keeps
//! a newcomer waiting behind their backlogs. What does not parse never gets here: the
//! door stores it as rejected ([`App::refuse`]). Decoding, which downloads media, happens after the claim and outside
//! any transaction: a slow download holds only its own chat. Then one transaction
//! checks the lease is still ours, runs the engine, writes the outbox rows and marks
//! the event processed; a worker that lost its lease (it expired and someone else
//! took the event) rolls back and does nothing. On SQLite, whose one writer
//! connection makes turns go one at a time, the turns waiting for it share one
//! transaction, each in a savepoint of its own (group commit, `Writer`); on
//! PostgreSQL each turn commits alone, side by side, unless `[intake] writers` asks
//! for groups there too. A failing
//! event is retried with backoff; after the last attempt the user is told that
//! something went wrong.
//!
//! On SQLite no claim costs a commit of its own while the loops wait for work. A
//! group's commit claims the next events for the places its turns free; the intake
//! loop offers the places it leaves free while it waits to the door ([`Door`]), and
//! the commit that stores the next arrivals claims for them; the sender offers its
//! free places to the turns, and the group's commit claims the replies it queued
//! (`store::outbox::SendTaker`). So a message typed into an idle bot costs two
//! commits: its storing (and claim), and its turn (and its reply's claim).

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinSet;
use tracing::Instrument;

use crate::app::{App, AppError};
use crate::channels::{Adapter, DecodeError, Refusal};
use crate::clock::wall_now;
use crate::domain::values::mask_last4;
use crate::message::telegram::Update;
use crate::message::{Channel, ChatKey, ChatRef, Inbound, Outbound};
use crate::store::inbound::{self, InboundEvent};
use crate::store::outbox::SendClaim;
use crate::store::turn::{self, GroupError, LastWrite, Opened, TurnGroup, TurnStart, TurnWrites};
use crate::store::{Backend, Conn, StoreError, outbox};

pub mod phases;

/// A chat with this many messages waiting to go out floods: a turn's replies to it
/// are dropped and one note asks it to wait (`flood-wait`), so a chat that writes
/// faster than the platform lets us answer (Telegram: one message a second) never
/// grows an hour-long queue. Its turns still run: what it sent is not lost.
pub const FLOOD_WAITING: i64 = 10;
/// After this many failed tries an event is given up (and the user told).
pub const MAX_EVENT_ATTEMPTS: i64 = 5;
/// How long a claim is reserved for its worker: longer than the slowest download
/// (`channels::DOWNLOAD_TIMEOUT`) plus a turn, so only a dead worker's claim expires.
pub const LEASE_SECS: i64 = 60;
/// Time given to events in progress at shutdown before their claims are given back.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(6);

/// A lease token unique across workers and replicas: process, start time, sequence.
fn new_claim_token() -> String {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    static START: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    let start = START.get_or_init(|| chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default());
    format!(
        "{}-{start:x}-{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    )
}

/// Wait before the next try of an event that failed `attempts` times: 1, 2, 4, 8 s...
fn backoff_secs(attempts: i64) -> i64 {
    1_i64 << attempts.clamp(0, 6)
}

impl App {
    /// Stores a raw event durably; returns false for a redelivery we already have.
    pub async fn ingest(
        &self,
        channel: Channel,
        external_id: &str,
        chat_id: &str,
        payload: &str,
    ) -> Result<bool, AppError> {
        let stored = self
            .store_event(channel, external_id, chat_id, payload, None)
            .await?;
        self.arrived(channel, chat_id, stored);
        Ok(stored.is_some())
    }

    /// Stores a raw event and counts it; `None` for a redelivery. `on_stored` runs
    /// with its id once it is stored, before any intake loop has it.
    async fn store_event(
        &self,
        channel: Channel,
        external_id: &str,
        chat_id: &str,
        payload: &str,
        on_stored: Option<inbound::OnStored>,
    ) -> Result<Option<inbound::Stored>, AppError> {
        self.wal_room().await;
        let chat = ChatKey::new(channel, chat_id);
        let now = wall_now();
        let stored = inbound::arrive_then(
            &self.store,
            chat,
            external_id,
            payload,
            now,
            None,
            on_stored,
        )
        .await?;
        self.metrics.inbound(
            channel.as_str(),
            if stored.is_some() { "new" } else { "duplicate" },
        );
        Ok(stored)
    }

    /// Wakes the intake loop for an event stored, unless the commit that stored it
    /// claimed it for the loop (which has it then).
    fn arrived(&self, channel: Channel, chat_id: &str, stored: Option<inbound::Stored>) {
        if stored.is_some_and(|s| !s.claimed) {
            self.processor_bell(channel).arrived(chat_id);
        }
    }

    /// Stores a signed event that does not parse as rejected (never claimed nor
    /// retried), counts it in `/metrics` (`outcome="rejected"`) and warns, at most a
    /// line a minute per channel; returns false for a redelivery of one we have.
    pub async fn refuse(&self, channel: Channel, refusal: &Refusal) -> Result<bool, AppError> {
        self.wal_room().await;
        let id = inbound::arrive(
            &self.store,
            ChatKey::new(channel, &refusal.chat_id),
            &refusal.external_id,
            &refusal.payload,
            wall_now(),
            Some(&refusal.reason),
        )
        .await?;
        self.metrics.inbound(
            channel.as_str(),
            if id.is_some() {
                "rejected"
            } else {
                "duplicate"
            },
        );
        let kind = match channel {
            Channel::Telegram => "telegram_refused",
            Channel::Whatsapp => "whatsapp_refused",
            _ => "event_refused",
        };
        if let Some(held_back) = crate::telemetry::warn_allowed(kind) {
            // serde's message may quote a value: numbers and addresses are masked.
            let reason: String = refusal.reason.chars().take(200).collect();
            tracing::warn!(
                channel = channel.as_str(),
                reason = %crate::domain::kb::redact(&reason),
                held_back,
                "unreadable event refused (stored as rejected, answered 200)"
            );
        }
        Ok(id.is_some())
    }

    /// Stores a Telegram update parsed at the door (the webhook's body, when given,
    /// as received; a polled update serialized), and hands the parsed update to its
    /// turn ([`App::telegram_updates`]) so the turn does not parse it again.
    pub async fn ingest_telegram(
        &self,
        update: Box<Update>,
        body: Option<&str>,
    ) -> Result<bool, AppError> {
        let chat_id = update.chat_id().unwrap_or_default().to_string();
        let serialized;
        let payload = match body {
            Some(body) => body,
            None => {
                serialized =
                    serde_json::to_string(&update).map_err(|e| AppError::Setup(e.to_string()))?;
                &serialized
            }
        };
        // Handed over once stored, before an intake loop has the event (claimed as
        // it was stored, or woken by the bell): its turn finds it.
        let updates = self.telegram_updates.clone();
        let external_id = update.update_id.to_string();
        let on_stored: inbound::OnStored = Box::new(move |id| {
            updates.put(id, update);
        });
        let stored = self
            .store_event(
                Channel::Telegram,
                &external_id,
                &chat_id,
                payload,
                Some(on_stored),
            )
            .await?;
        self.arrived(Channel::Telegram, &chat_id, stored);
        Ok(stored.is_some())
    }

    /// Processes every event of the adapter's channel that can be claimed now, one at
    /// a time (the terminal and the benchmarks; `serve` runs [`Intake::run`]).
    pub async fn process_pending(&self, adapter: &dyn Adapter) -> Result<usize, AppError> {
        let mut done = 0;
        loop {
            let claim = new_claim_token();
            let events = inbound::claim(
                &self.store,
                adapter.channel().as_str(),
                &claim,
                wall_now(),
                LEASE_SECS,
                50,
            )
            .await?;
            if events.is_empty() {
                return Ok(done);
            }
            for event in events {
                process_event(self, adapter, &event, None).await?;
                done += 1;
            }
        }
    }
}

/// One event, claimed, in its own span (channel, event id, masked chat, attempt):
/// every line logged while it is handled carries them.
async fn process_event(
    app: &App,
    adapter: &dyn Adapter,
    event: &InboundEvent,
    writer: Option<&Writer>,
) -> Result<(), AppError> {
    let span = tracing::info_span!(
        "event",
        channel = adapter.channel().as_str(),
        event = event.id,
        chat = %mask_last4(&event.chat_id),
        attempt = event.attempts + 1,
    );
    handle_event(app, adapter, event, writer)
        .instrument(span)
        .await
}

/// Decodes the event (downloads included), then commits its effects: in the
/// `writer`'s next group when there is one (SQLite; PostgreSQL with `[intake]
/// writers`), else in a transaction of its own.
async fn handle_event(
    app: &App,
    adapter: &dyn Adapter,
    event: &InboundEvent,
    writer: Option<&Writer>,
) -> Result<(), AppError> {
    let started = Instant::now();
    let fallback_chat = || ChatRef {
        channel: adapter.channel(),
        chat_id: event.chat_id.clone(),
        lang_hint: None,
    };
    let decoded = match adapter.decode(event).await {
        Ok(d) => d,
        Err(DecodeError::Malformed(e)) => {
            // The door refuses what does not parse; this is an event stored before it did.
            if let Some(held_back) = crate::telemetry::warn_allowed("malformed_event") {
                tracing::warn!(event = event.id, held_back, "malformed event skipped");
            }
            let mut tx = app.store.begin().await?;
            if inbound::finish(&mut tx, event.id, &event.claim, wall_now()).await? {
                inbound::note_error(&mut tx, event.id, &e).await?;
                tx.commit().await?;
            }
            app.processor_bell(adapter.channel()).ring();
            return Ok(());
        }
        Err(DecodeError::Transient(e)) => {
            return failed(app, event, &fallback_chat(), &e).await;
        }
    };
    let Some((chat, input)) = decoded else {
        let mut conn = app.store.writer().await?;
        inbound::finish(&mut conn, event.id, &event.claim, wall_now()).await?;
        conn.give_back();
        app.processor_bell(adapter.channel()).ring();
        return Ok(());
    };
    // A group's commit claims the next events after its turns (the chat's next among
    // them); after a turn alone that is the loop's, whose bell says so.
    let alone = writer.is_none();
    let turned = match writer {
        Some(writer) => writer.turn(event, chat.clone(), input).await,
        // Boxed: a turn alone (PostgreSQL, the terminal) holds a transaction's
        // futures, kilobytes that every event's task would otherwise carry and copy.
        None => Box::pin(turn_alone(app, event, &chat, input)).await?,
    };
    match turned {
        Turned::Written { replies_claimed } => {
            app.metrics.turn(chat.channel.as_str(), started.elapsed());
            if !replies_claimed {
                app.sender_bell(chat.channel).notify_one();
            }
            if alone {
                app.processor_bell(chat.channel).ring();
            }
            Ok(())
        }
        Turned::Lost => {
            tracing::info!(event = event.id, "event taken by another worker");
            Ok(())
        }
        Turned::Failed(e) => {
            tracing::error!(event = event.id, error = %e, "turn failed");
            failed(app, event, &chat, &e).await
        }
    }
}

/// How a turn ended.
#[derive(Debug)]
enum Turned {
    /// Its effects and replies are committed, its event processed; with
    /// `replies_claimed`, the group's commit also claimed for the sender all that
    /// was due (`outbox::SendTaker`): nobody need wake it.
    Written { replies_claimed: bool },
    /// Another worker holds the event now: nothing was written.
    Lost,
    /// Nothing was written; why (the engine's error, or the group's transaction
    /// that failed with it): retried with backoff, or the user told.
    Failed(String),
}

/// A turn in a transaction of its own (PostgreSQL, where turns run side by side on
/// several connections; and [`App::process_pending`]). The first round trip: the
/// transaction opened, the event marked processed first (so the row is ours until
/// commit; a lost race changes nothing) and the chat's state read. The second writes
/// the effects and commits (`store::turn`).
async fn turn_alone(
    app: &App,
    event: &InboundEvent,
    chat: &ChatRef,
    input: Inbound,
) -> Result<Turned, AppError> {
    let decoded_at = Instant::now();
    let opened = turn::open(&app.store, event.id, &event.claim, chat.key(), wall_now()).await?;
    let Some((mut tx, start)) = opened else {
        return Ok(Turned::Lost);
    };
    let (acquired, engine_at) = (tx.acquired(), Instant::now());
    match engine_part(app, tx.conn(), chat, input, start).await {
        Ok((writes, payloads)) => {
            let write_at = Instant::now();
            tx.commit(&writes, &payloads, wall_now()).await?;
            phases::turn(
                acquired.saturating_duration_since(decoded_at),
                engine_at.saturating_duration_since(acquired),
                write_at - engine_at,
                write_at.elapsed(),
            );
            phases::commit(None);
            tracing::debug!(replies = payloads.len(), "event handled");
            Ok(Turned::Written {
                replies_claimed: false,
            })
        }
        Err(e) => {
            tx.rollback().await?;
            Ok(Turned::Failed(e))
        }
    }
}

/// The engine's part of a turn, on the turn's connection inside its transaction:
/// the replies serialised (a flooding chat's dropped for the note) and what else the
/// turn writes. An error is the turn's failure, said in words.
async fn engine_part(
    app: &App,
    conn: &mut Conn,
    chat: &ChatRef,
    input: Inbound,
    start: TurnStart,
) -> Result<(TurnWrites, Vec<String>), String> {
    let (replies, writes) = app
        .engine
        .turn(conn, chat, input, start.conversation, Some(start.known))
        .await
        .map_err(|e| e.to_string())?;
    let mut payloads = replies
        .iter()
        .map(serde_json::to_string)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    if start.waiting >= FLOOD_WAITING && !payloads.is_empty() {
        payloads = flood_note(
            app,
            &writes.conversation.locale,
            start.last_waiting.as_deref(),
        )
        .map_err(|e| e.to_string())?;
        if let Some(held_back) = crate::telemetry::warn_allowed("chat_flooding") {
            let waiting = start.waiting;
            tracing::info!(waiting, held_back, "a flooding chat's replies dropped");
        }
    }
    Ok((writes, payloads))
}

/// SQLite's group commit. SQLite has one writer connection, and a turn holds it from
/// its first round trip to its commit, so turns go one after another whatever the
/// workers: the answers per second are one over the time a turn holds the writer.
/// So the decoded turns of a channel's workers queue here, and one task takes the
/// writer once for all that are waiting (up to the workers' `concurrency`) and runs
/// them in one transaction, each in a savepoint of its own (`store::turn::TurnGroup`):
/// one `BEGIN`, one `COMMIT`, one write of the WAL for the group. A turn waits for
/// the group's commit before it counts as written: per-chat order and exactly-once
/// are as with a turn alone (one event per chat is claimed at a time, and an event
/// is processed only in the transaction that writes its effects).
///
/// The group's commit also claims the next events, as many as it wrote turns (their
/// workers' places free up with it), in the same transaction and round trip, and
/// hands them to the intake loop ([`Next`]): under load a claim costs no commit and
/// no round trip of its own. The loop claims by itself only for places that free up
/// otherwise (a lost or failed turn, an idle start).
#[derive(Clone)]
struct Writer {
    line: mpsc::Sender<Ready>,
}

/// A decoded turn waiting for the writer.
struct Ready {
    event: InboundEvent,
    chat: ChatRef,
    input: Inbound,
    decoded_at: Instant,
    /// The event's span: the engine's lines carry it in the group too.
    span: tracing::Span,
    done: oneshot::Sender<Turned>,
}

impl Writer {
    /// The writers' tasks (`tasks` of them, each a group at a time on a connection
    /// of its own), until every [`Writer`] of them is dropped. A task takes the turns
    /// waiting when it is free; while it runs its group, the next task gathers the
    /// turns that arrive (on PostgreSQL, groups side by side: one commits while the
    /// next is written).
    fn start(
        app: App,
        capacity: usize,
        tasks: usize,
        next: Next,
    ) -> (Self, Vec<tokio::task::JoinHandle<()>>) {
        let (line, queued) = mpsc::channel::<Ready>(capacity.max(1));
        let queued = Arc::new(tokio::sync::Mutex::new(queued));
        let tasks = (0..tasks.max(1))
            .map(|_| {
                let (app, queued, next) = (app.clone(), queued.clone(), next.clone());
                tokio::spawn(async move {
                    loop {
                        let group = {
                            let mut queued = queued.lock().await;
                            let Some(first) = queued.recv().await else {
                                break;
                            };
                            let mut group = VecDeque::from([first]);
                            while group.len() < capacity
                                && let Ok(next) = queued.try_recv()
                            {
                                group.push_back(next);
                            }
                            group
                        };
                        run_group(&app, group, &next).await;
                    }
                })
            })
            .collect();
        (Self { line }, tasks)
    }

    /// Runs the turn in the next group; how it ended, once the group committed.
    async fn turn(&self, event: &InboundEvent, chat: ChatRef, input: Inbound) -> Turned {
        let (done, outcome) = oneshot::channel();
        let ready = Ready {
            event: event.clone(),
            chat,
            input,
            decoded_at: Instant::now(),
            span: tracing::Span::current(),
            done,
        };
        if self.line.send(ready).await.is_err() {
            return Turned::Failed("the intake's writer has stopped".into());
        }
        outcome
            .await
            .unwrap_or_else(|_| Turned::Failed("the intake's writer has stopped".into()))
    }
}

/// Where a group's commit hands the events it claimed: the intake loop of its
/// channel, which runs them as it runs those it claims itself.
#[derive(Clone)]
struct Next {
    channel: Channel,
    handed: mpsc::UnboundedSender<Claimed>,
}

/// What a group's commit, or the door's, claimed for the loop.
struct Claimed {
    events: Vec<InboundEvent>,
    /// The bell's count when the claim began, if it found fewer events than it asked
    /// for: nothing else was claimable then.
    short_at: Option<u64>,
    /// The places the door took for this claim (none for a group's: its places are
    /// those its turns free).
    door: usize,
}

/// The places the intake loop offers the door (SQLite, `inbound::Taker`): those it
/// is not filling when it waits. The door's commit that stores the next arrivals
/// claims for them and hands the events here, the loop's line of claims.
struct Door {
    places: std::sync::atomic::AtomicUsize,
    bell: Arc<crate::app::bell::Bell>,
    handed: mpsc::UnboundedSender<Claimed>,
}

impl inbound::Taker for Door {
    fn take(&self) -> Option<inbound::Taken> {
        let places = self.places.swap(0, Ordering::SeqCst);
        (places > 0).then(|| inbound::Taken {
            places,
            token: new_claim_token(),
            lease_secs: LEASE_SECS,
            mark: self.bell.rung(),
        })
    }

    fn hand(&self, taken: inbound::Taken, claimed: Option<Vec<InboundEvent>>) {
        // A failed commit claimed nothing, and says nothing of what is claimable.
        let short = claimed
            .as_ref()
            .is_some_and(|events| events.len() < taken.places);
        let events = claimed.unwrap_or_default();
        // Under way before the arrivals' callers go on (see `Bell::arrived`).
        for event in &events {
            self.bell.started(&event.chat_id);
        }
        let _ = self.handed.send(Claimed {
            events,
            short_at: short.then_some(taken.mark),
            door: taken.places,
        });
    }
}

/// One group: its turns one after another on the writer, then one commit, which
/// claims the next events (see [`Writer`]); the last turn's write carries the commit
/// and the claim in its round trip. A turn that fails is undone alone; when the
/// group's transaction fails, the turns written in it fail with it (and nothing is
/// claimed) and those not yet run go on in a new group.
async fn run_group(app: &App, mut queued: VecDeque<Ready>, next: &Next) {
    while !queued.is_empty() {
        let mut group = match TurnGroup::start(&app.store).await {
            Ok(group) => group,
            Err(e) => {
                for ready in queued.drain(..) {
                    let _ = ready.done.send(Turned::Failed(e.to_string()));
                }
                return;
            }
        };
        let mut written = vec![];
        let mut broken = None;
        // The next turn's open, when the previous turn's write carried it.
        let mut opened = None;
        // The events the last turn's write claimed when it committed the group.
        let mut claimed = None;
        let token = new_claim_token();
        // The next events' claim, for `places` freed.
        let claim = |places: usize| inbound::Claim {
            channel: next.channel.as_str(),
            token: &token,
            now: wall_now(),
            lease_secs: LEASE_SECS,
            limit: i64::try_from(places).unwrap_or(0),
        };
        let mut rung = 0;
        // Whether the commit claimed for the sender all that was due.
        let mut replies_claimed = false;
        while let Some(ready) = queued.pop_front() {
            let Ready {
                event,
                chat,
                input,
                decoded_at,
                span,
                done,
            } = ready;
            let then = match queued.front() {
                Some(n) => Then::Open(n.event.id, n.event.claim.as_str(), n.chat.key()),
                None => {
                    rung = app.processor_bell(next.channel).rung();
                    // The places of the turns written, this one's with them.
                    Then::Commit(claim(written.len() + 1))
                }
            };
            let turn = turn_in_group(
                app,
                &mut group,
                (&event, &chat, input, decoded_at),
                opened.take(),
                then,
            );
            let (turned, after) = turn.instrument(span).await;
            match after {
                After::Opened(next) => opened = Some(next),
                After::Committed(events, all) => {
                    claimed = Some(events);
                    replies_claimed = all;
                }
                After::Nothing => {}
            }
            match turned {
                Ok(Turned::Written { .. }) => written.push(done),
                Ok(other) => {
                    let _ = done.send(other);
                }
                Err(e) => {
                    let _ = done.send(Turned::Failed(e.clone()));
                    broken = Some(e);
                    break;
                }
            }
        }
        let committed = match (broken, claimed) {
            (Some(e), _) => Err(e),
            (None, Some(events)) => {
                phases::commit(None);
                events
            }
            (None, None) => {
                let at = Instant::now();
                rung = app.processor_bell(next.channel).rung();
                let committed = group.commit_claiming(Some(claim(written.len()))).await;
                phases::commit(Some(at.elapsed()));
                committed.map_err(|e| e.to_string())
            }
        };
        // Handed over before the turns are told: the loop sees the events (and
        // whether more were claimable) before it sees their places free.
        let committed = committed.map(|events| {
            // Counted under way before the turns that freed their places end, so a
            // chat's next turn follows its last without a gap.
            let bell = app.processor_bell(next.channel);
            for event in &events {
                bell.started(&event.chat_id);
            }
            let short_at = (events.len() < written.len()).then_some(rung);
            if !events.is_empty() || short_at.is_some() {
                let _ = next.handed.send(Claimed {
                    events,
                    short_at,
                    door: 0,
                });
            }
        });
        for done in written {
            let _ = done.send(match &committed {
                Ok(()) => Turned::Written { replies_claimed },
                Err(e) => Turned::Failed(format!("the group of turns failed: {e}")),
            });
        }
    }
}

/// What a turn's write carries after the turn's own writes.
enum Then<'a> {
    /// The group's next turn's open (event, claim, chat).
    Open(i64, &'a str, ChatKey<'a>),
    /// The group's commit, claiming the next events by these terms.
    Commit(inbound::Claim<'a>),
}

/// What a turn's write did after the turn's own writes.
enum After {
    /// Nothing (it was not carried out, or the write failed).
    Nothing,
    /// The next turn's open (its outcome).
    Opened(Opened),
    /// The group committed: the events claimed (or why they cannot be read), and
    /// whether it claimed for the sender all that was due.
    Committed(Result<Vec<InboundEvent>, String>, bool),
}

/// One turn in the group's transaction (`Turned::Written` once its savepoint is
/// released: durable at the group's commit); an error when the group's transaction
/// is gone. `opened`: the turn's open, when the previous turn's write carried it.
/// `then`: what this turn's write carries in the same round trip (the group's next
/// turn's open, or the group's commit); what it did is returned.
async fn turn_in_group(
    app: &App,
    group: &mut TurnGroup,
    (event, chat, input, decoded_at): (&InboundEvent, &ChatRef, Inbound, Instant),
    opened: Option<Opened>,
    then: Then<'_>,
) -> (Result<Turned, String>, After) {
    let opened_at = Instant::now();
    let opened = match opened {
        Some(opened) => opened,
        None => {
            group
                .open(event.id, &event.claim, chat.key(), wall_now())
                .await
        }
    };
    let start = match opened {
        Ok(Some(start)) => start,
        Ok(None) => return (Ok(Turned::Lost), After::Nothing),
        Err(GroupError::Turn(e)) => return (Ok(Turned::Failed(e.to_string())), After::Nothing),
        Err(GroupError::Group(e)) => return (Err(e.to_string()), After::Nothing),
    };
    let engine_at = Instant::now();
    match engine_part(app, group.conn(), chat, input, start).await {
        Ok((writes, payloads)) => {
            let write_at = Instant::now();
            let (wrote, after) = match then {
                Then::Open(id, claim, key) => {
                    let (wrote, opened) = group
                        .write_and_open(
                            &writes,
                            &payloads,
                            wall_now(),
                            event.id,
                            (id, claim, key, wall_now()),
                        )
                        .await;
                    (wrote, opened.map_or(After::Nothing, After::Opened))
                }
                Then::Commit(claim) => {
                    last_write(app, group, (&writes, &payloads), claim, chat.channel).await
                }
            };
            match wrote {
                Ok(()) => {}
                Err(GroupError::Turn(e)) => {
                    return (Ok(Turned::Failed(e.to_string())), after);
                }
                Err(GroupError::Group(e)) => return (Err(e.to_string()), After::Nothing),
            }
            phases::turn(
                opened_at.saturating_duration_since(decoded_at),
                engine_at - opened_at,
                write_at - engine_at,
                write_at.elapsed(),
            );
            tracing::debug!(replies = payloads.len(), "event handled");
            (
                Ok(Turned::Written {
                    replies_claimed: false,
                }),
                after,
            )
        }
        Err(e) => match group.undo().await {
            Ok(()) => (Ok(Turned::Failed(e)), After::Nothing),
            Err(undo) => (
                Err(format!("{e}; undoing it failed: {undo}")),
                After::Nothing,
            ),
        },
    }
}

/// The group's last turn's write, carrying the group's commit with the claim of the
/// next events and, in the same commit, what the sender of `channel` offers
/// (`outbox::SendTaker`): its outcomes written and the replies claimed, handed to
/// it. `After::Committed` says whether that claim took all that was due.
async fn last_write(
    app: &App,
    group: &mut TurnGroup,
    (writes, payloads): (&TurnWrites, &[String]),
    claim: inbound::Claim<'_>,
    channel: Channel,
) -> (Result<(), GroupError>, After) {
    let mut sends = SendsTaken(outbox::take_sends(&app.store, channel));
    // One instant for the replies queued and the sender's claim of them: a claim a
    // moment earlier would find them not yet due.
    let now_ms = crate::outbox::wall_now_ms();
    let offered = sends.0.as_ref().map(|(_, places)| (places, now_ms));
    let last = group
        .write_and_commit(writes, payloads, now_ms.div_euclid(1000), claim, offered)
        .await;
    let (sent, ended) = match last {
        LastWrite::Committed(events, rows) => {
            // Committed: the outcomes are written whatever the rows read; rows that
            // cannot be read go again after their lease.
            let rows = rows.map(|r| {
                r.unwrap_or_else(|e| {
                    tracing::error!(error = %e, "the sender's rows claimed in a turn's commit cannot be read");
                    vec![]
                })
            });
            (
                rows.map(SendClaim::Claimed),
                Ok(events.map_err(|e| e.to_string())),
            )
        }
        // The sender's part never ran.
        LastWrite::Turn(e) => (Some(SendClaim::NotRun), Err(GroupError::Turn(e))),
        LastWrite::Group(e) => (
            Some(SendClaim::Failed(e.to_string())),
            Err(GroupError::Group(e)),
        ),
    };
    let mut all = false;
    if let Some((taker, places)) = sends.0.take() {
        let sent = sent.unwrap_or(SendClaim::NotRun);
        if let SendClaim::Claimed(rows) = &sent {
            all = rows.len() < places.places;
            outbox::claimed_in_turns(&app.store, rows.len());
        }
        taker.hand(places, sent);
    }
    match ended {
        Ok(events) => (Ok(()), After::Committed(events, all)),
        Err(e) => (Err(e), After::Nothing),
    }
}

/// What the sender offered a group's last turn, taken: handed back as not claimed
/// (its outcomes the sender's again) if dropped before the turn hands it what its
/// commit claimed (a panic), so the sender never counts the places as taken for ever.
struct SendsTaken(Option<(Arc<dyn outbox::SendTaker>, outbox::SendPlaces)>);

impl Drop for SendsTaken {
    fn drop(&mut self) {
        if let Some((taker, places)) = self.0.take() {
            taker.hand(places, SendClaim::NotRun);
        }
    }
}

/// What a flooding chat gets instead of a turn's replies: the note asking it to wait,
/// once (nothing when the note is already the last message waiting for it).
fn flood_note(
    app: &App,
    locale: &str,
    last_waiting: Option<&str>,
) -> Result<Vec<String>, AppError> {
    let lang = app.engine.locales.pick(Some(locale));
    let note = Outbound::Text {
        text: app.engine.locales.t(lang, "flood-wait"),
        choices: vec![],
    };
    let note = serde_json::to_string(&note).map_err(StoreError::from)?;
    Ok(if last_waiting == Some(note.as_str()) {
        vec![]
    } else {
        vec![note]
    })
}

/// A try failed: retry later with backoff, or, after the last attempt, apologise to
/// the user (never silence) and move on to the chat's next event.
async fn failed(
    app: &App,
    event: &InboundEvent,
    chat: &ChatRef,
    error: &str,
) -> Result<(), AppError> {
    if event.attempts + 1 < MAX_EVENT_ATTEMPTS {
        let mut conn = app.store.pool.acquire().await?;
        let at = wall_now() + backoff_secs(event.attempts);
        inbound::retry_at(&mut conn, event.id, &event.claim, error, at).await?;
        drop(conn);
        // Wake the worker when the event is due again (it also polls).
        let bell = app.processor_bell(chat.channel);
        let wait = Duration::from_secs(u64::try_from(backoff_secs(event.attempts)).unwrap_or(1));
        tokio::spawn(async move {
            tokio::time::sleep(wait).await;
            bell.ring();
        });
        return Ok(());
    }
    let mut tx = app.store.begin().await?;
    if !inbound::finish(&mut tx, event.id, &event.claim, wall_now()).await? {
        tx.rollback().await?;
        return Ok(());
    }
    inbound::note_error(&mut tx, event.id, error).await?;
    if !chat.chat_id.is_empty() && chat.chat_id != "0" {
        let lang = app.engine.locales.pick(chat.lang_hint.as_deref());
        let sorry = Outbound::Text {
            text: app.engine.locales.t(lang, "technical-problem"),
            choices: vec![],
        };
        let payload = serde_json::to_string(&sorry).map_err(StoreError::from)?;
        outbox::enqueue(&mut tx, chat.key(), &payload, wall_now()).await?;
    }
    tx.commit().await?;
    app.sender_bell(chat.channel).notify_one();
    app.processor_bell(chat.channel).ring();
    Ok(())
}

/// The intake worker of one channel: keeps up to `concurrency` events (of different
/// chats) in progress.
pub struct Intake {
    app: App,
    adapter: Arc<dyn Adapter>,
    concurrency: usize,
}

impl Intake {
    pub fn new(app: App, adapter: Arc<dyn Adapter>) -> Self {
        let concurrency = app.settings.intake.concurrency.max(1);
        Self {
            app,
            adapter,
            concurrency,
        }
    }

    /// Runs until shutdown; then lets events in progress finish for a few seconds and
    /// gives back the claims of those that did not.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let channel = self.adapter.channel();
        let bell = self.app.processor_bell(channel);
        let held: Arc<Mutex<HashSet<(i64, String)>>> = Arc::default();
        let mut running: JoinSet<()> = JoinSet::new();
        // Turns in groups (see `Writer`): one writer on SQLite; on PostgreSQL
        // `[intake] writers` side by side, or none (each turn on a connection of its
        // own, in a transaction of its own).
        let writers = match self.app.store.backend {
            Backend::Sqlite => 1,
            Backend::Postgres => self.app.settings.intake.writers,
        };
        let (handed, mut claimed) = mpsc::unbounded_channel();
        // On SQLite the door claims for the places the loop leaves free while it
        // waits (`Door`): offered before each wait, taken back after it; the places
        // the door took count as claimed until its claim is handed over.
        let door = (self.app.store.backend == Backend::Sqlite).then(|| {
            Arc::new(Door {
                places: std::sync::atomic::AtomicUsize::new(0),
                bell: bell.clone(),
                handed: handed.clone(),
            })
        });
        if let Some(door) = &door {
            let taker: Arc<dyn inbound::Taker> = door.clone();
            inbound::offer_places(&self.app.store, channel, &taker);
        }
        let (mut offered, mut with_door) = (0_usize, 0_usize);
        let mut got: Option<Claimed> = None;
        let next = Next { channel, handed };
        let mut writer =
            (writers > 0).then(|| Writer::start(self.app.clone(), self.concurrency, writers, next));
        // Claim a few heads at a time, not one per finished turn: a claim is a round
        // trip, and under load a quarter of the slots frees up within a few turns.
        let batch = (self.concurrency / 4).max(1);
        // The bell's count when a claim (ours, a group's or the door's) last found
        // fewer events than it asked for: until it rings again, or a second passes (a
        // lease ended, another replica), a claim would find nothing. A group's claim
        // that found as many as it asked for leaves it so: while nothing rang, what
        // became claimable is the next event of each chat whose turn the group wrote,
        // one a turn, and the group asked for one a turn. An arrival the door claimed
        // does not ring.
        let mut dry: Option<u64> = None;
        let mut looked = Instant::now();
        loop {
            if looked.elapsed() >= Duration::from_secs(1) {
                dry = None;
            }
            // The places offered to the door and not taken come back.
            if let Some(door) = &door {
                let back = door.places.swap(0, Ordering::SeqCst);
                with_door += offered.saturating_sub(back);
                offered = 0;
            }
            // What the writer's groups claimed for the places their turns free, and
            // the door's claims.
            for handed in got
                .take()
                .into_iter()
                .chain(std::iter::from_fn(|| claimed.try_recv().ok()))
            {
                with_door = with_door.saturating_sub(handed.door);
                let writer = writer.as_ref().map(|(w, _)| w);
                self.take(&mut running, &held, handed, writer, &mut dry);
            }
            while running.try_join_next().is_some() {}
            let free = self.concurrency.saturating_sub(running.len() + with_door);
            if (free >= batch || (free > 0 && running.is_empty())) && dry != Some(bell.rung()) {
                let (claim, rung) = (new_claim_token(), bell.rung());
                looked = Instant::now();
                let events = inbound::claim(
                    &self.app.store,
                    channel.as_str(),
                    &claim,
                    wall_now(),
                    LEASE_SECS,
                    i64::try_from(free).unwrap_or(1),
                )
                .await;
                match events {
                    Ok(events) => {
                        let writer = writer.as_ref().map(|(w, _)| w);
                        dry = (events.len() < free).then_some(rung);
                        for event in &events {
                            bell.started(&event.chat_id);
                        }
                        self.spawn_all(&mut running, &held, events, writer);
                    }
                    Err(e) => tracing::error!(error = %e, "claiming events failed"),
                }
            }
            if let Some(door) = &door {
                offered = self.concurrency.saturating_sub(running.len() + with_door);
                door.places.store(offered, Ordering::SeqCst);
            }
            tokio::select! {
                Some(handed) = claimed.recv() => got = Some(handed),
                _ = bell.notify.notified() => {},
                _ = tokio::time::sleep(Duration::from_secs(1)) => {},
                Some(_) = running.join_next(), if !running.is_empty() => {},
                _ = shutdown.changed() => break,
            }
        }
        // The door claims for no place from now on (its registration goes with
        // it); places it took are counted until their claim is handed over, and the
        // events given back below with the rest.
        if let Some(door) = door {
            let back = door.places.swap(0, Ordering::SeqCst);
            with_door += offered.saturating_sub(back);
        }
        let finished = tokio::time::timeout(SHUTDOWN_GRACE, async {
            while running.join_next().await.is_some() {}
        })
        .await;
        if finished.is_err() {
            running.abort_all();
            while running.join_next().await.is_some() {}
        }
        // The group under way (if any) ends, committed or not, before claims are
        // given back: an event it wrote is processed and stays so.
        if let Some((line, tasks)) = writer.take() {
            drop(line);
            for task in tasks {
                let _ = task.await;
            }
        }
        let mut left: Vec<(i64, String)> = held
            .lock()
            .map(|h| h.iter().cloned().collect())
            .unwrap_or_default();
        // Claimed by the last groups (or the door) and not started: given back too,
        // with what the door's commit under way claims (a moment at most).
        let door_deadline = tokio::time::Instant::now() + Duration::from_secs(2);
        let mut door_claims = vec![];
        while with_door > 0 {
            match tokio::time::timeout_at(door_deadline, claimed.recv()).await {
                Ok(Some(handed)) => {
                    with_door = with_door.saturating_sub(handed.door);
                    door_claims.push(handed);
                }
                _ => break,
            }
        }
        for handed in got
            .into_iter()
            .chain(door_claims)
            .chain(std::iter::from_fn(|| claimed.try_recv().ok()))
        {
            left.extend(handed.events.into_iter().map(|e| (e.id, e.claim)));
        }
        if !left.is_empty() {
            tracing::info!(count = left.len(), "giving back unfinished events");
            if let Ok(mut conn) = self.app.store.pool.acquire().await {
                for (id, claim) in left {
                    if let Err(e) = inbound::release(&mut conn, id, &claim).await {
                        tracing::warn!(error = %e, "could not give an event back");
                    }
                }
            }
        }
    }

    /// Runs what a group's commit claimed; a claim that came up short marks the loop
    /// dry (see [`Intake::run`]), one that did not leaves the mark as it was.
    fn take(
        &self,
        running: &mut JoinSet<()>,
        held: &Arc<Mutex<HashSet<(i64, String)>>>,
        handed: Claimed,
        writer: Option<&Writer>,
        dry: &mut Option<u64>,
    ) {
        *dry = handed.short_at.or(*dry);
        self.spawn_all(running, held, handed.events, writer);
    }

    fn spawn_all(
        &self,
        running: &mut JoinSet<()>,
        held: &Arc<Mutex<HashSet<(i64, String)>>>,
        events: Vec<InboundEvent>,
        writer: Option<&Writer>,
    ) {
        for event in events {
            self.spawn(running, held, event, writer.cloned());
        }
    }

    fn spawn(
        &self,
        running: &mut JoinSet<()>,
        held: &Arc<Mutex<HashSet<(i64, String)>>>,
        event: InboundEvent,
        writer: Option<Writer>,
    ) {
        let key = (event.id, event.claim.clone());
        if let Ok(mut h) = held.lock() {
            h.insert(key.clone());
        }
        let (app, adapter, held) = (self.app.clone(), self.adapter.clone(), held.clone());
        let bell = self.app.processor_bell(self.adapter.channel());
        running.spawn(async move {
            if let Err(e) = process_event(&app, adapter.as_ref(), &event, writer.as_ref()).await {
                tracing::error!(event = event.id, error = %e, "processing an event failed");
                // Give the event back for a later try (if this fails too, the lease ends).
                let at = wall_now() + backoff_secs(event.attempts);
                if let Ok(mut conn) = app.store.pool.acquire().await {
                    let _ =
                        inbound::retry_at(&mut conn, event.id, &event.claim, &e.to_string(), at)
                            .await;
                }
            }
            if let Ok(mut h) = held.lock() {
                h.remove(&key);
            }
            bell.ended(&event.chat_id);
        });
    }
}
