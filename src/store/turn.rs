//! One chat turn in two round trips (issue 27's lean turn). The first opens the
//! turn's transaction, marks the claimed event processed if the claim is still ours
//! and reads what the turn starts from (the chat's state, and how many messages to
//! it are still waiting to go out); the engine runs on the same connection, inside
//! the transaction; the second writes the turn's effects (its usage rows, the chat's
//! new state, the replies to the outbox) and commits.
//!
//! Each round trip is one batch of statements through one call (`store::batch`):
//! `BEGIN` travels with the first and `COMMIT` with the last, so the transaction is
//! opened and closed by SQL, not by sqlx's transaction manager, and [`TurnTx`] makes
//! sure a turn that ends any other way (an error, a cancelled task) never hands the
//! connection back inside it. On SQLite a batch is several statements with bound
//! values, run on the writer's connection from the turn's own thread
//! (`store::inline`: no hand-off to sqlx's thread for the connection); on
//! PostgreSQL `BEGIN`, one statement of data-modifying CTEs and `COMMIT`, sent as one
//! simple query.
//!
//! Exactly-once is as before: the event is marked processed first, under its claim,
//! in the transaction that writes its effects; a worker whose claim was taken loses
//! the race, rolls back and writes nothing.

use crate::message::ChatKey;

use super::batch::{self, Arg, RawTx};
use super::conversations::ConversationRow;
use super::inbound::{self, Claim, InboundEvent};
use super::usage::UsageKind;
use super::{Backend, Conn, Store, StoreError, outbox};

/// What a turn changes besides its replies, as the engine leaves it.
#[derive(Debug, Clone)]
pub struct TurnWrites {
    /// The chat's new state. `session_id: None` means the turn opens a session,
    /// known by the id of the turn's usage row.
    pub conversation: ConversationRow,
    /// The page the answer showed, the `detail` of the turn's usage row (none when
    /// the bot said nothing).
    pub page: Option<String>,
    /// What else the turn counted (queries, downloads, …), in its session.
    pub usage: Vec<(UsageKind, Option<String>)>,
}

/// What the first round trip read.
#[derive(Debug, Clone)]
pub struct TurnStart {
    /// The chat's state before the turn (none for a new chat).
    pub conversation: Option<ConversationRow>,
    /// Messages to this chat waiting to go out (pending or being sent), counted up to
    /// [`LIVE_COUNT_CAP`].
    pub waiting: i64,
    /// The newest of them, as stored (to see whether a note is already last).
    pub last_waiting: Option<String>,
    /// What every turn of a chat asks first, answered in the same round trip.
    pub known: Known,
}

/// The reads every turn starts with, answered up front (`true`: look it up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// An active staff member writes from this chat (`store::staff::by_chat`).
    pub staff: bool,
    /// The chat has an open binding or one ended and not told yet
    /// (`store::bindings::open_or_untold`).
    pub bound: bool,
    /// The chat has a ticket not closed (`store::tickets::active_for_chat`).
    pub ticket: bool,
}

/// Waiting messages are counted up to this, so the count costs the same for a chat
/// with a long backlog.
pub const LIVE_COUNT_CAP: i64 = 1000;

/// The chat's state, the messages waiting for it, what the router asks first (see
/// [`Known`]; the same conditions as those reads), and whether the claim was won
/// (`won`, an expression per backend). `$4` channel, `$5` chat.
fn start_sql(won: &str) -> String {
    format!(
        "SELECT {won} AS won, c.channel, c.chat_id, c.locale, c.state, c.session_id,
            c.not_understood, c.last_activity_at, c.offered,
            (SELECT COUNT(*) FROM (SELECT 1 FROM outbox o
                WHERE o.channel = $4 AND o.chat_id = $5 AND o.status IN ('pending', 'sending')
                LIMIT {LIVE_COUNT_CAP}) w) AS waiting,
            (SELECT o.payload FROM outbox o
                WHERE o.channel = $4 AND o.chat_id = $5 AND o.status IN ('pending', 'sending')
                ORDER BY o.id DESC LIMIT 1) AS last_waiting,
            CAST(CASE WHEN EXISTS (SELECT 1 FROM staff st WHERE st.active = 1
                AND (($4 = 'telegram' AND st.telegram_user_id = $5)
                     OR ($4 = 'whatsapp' AND st.whatsapp_number = $5)
                     OR ($4 = 'terminal' AND st.terminal_user = $5)))
                THEN 1 ELSE 0 END AS BIGINT) AS staff,
            CAST(CASE WHEN EXISTS (SELECT 1 FROM ally_bindings b
                WHERE b.channel = $4 AND b.chat_id = $5
                  AND (b.ended_at IS NULL OR b.end_notified = 0))
                THEN 1 ELSE 0 END AS BIGINT) AS bound,
            CAST(CASE WHEN EXISTS (SELECT 1 FROM tickets t
                WHERE t.channel = $4 AND t.chat_id = $5 AND t.state <> 'closed')
                THEN 1 ELSE 0 END AS BIGINT) AS ticket
         FROM (SELECT 1 AS one) one
         LEFT JOIN conversations c ON c.channel = $4 AND c.chat_id = $5"
    )
}

/// Marks the claimed event done; `$1` now, `$2` event, `$3` claim.
const FINISH: &str =
    "UPDATE inbound_events SET processed_at = $1, claim = NULL, claimed_until = NULL
     WHERE id = $2 AND claim = $3 AND processed_at IS NULL";

/// A turn's open transaction: the engine runs on [`TurnTx::conn`]; then
/// [`TurnTx::commit`] or [`TurnTx::rollback`]. Dropped open (an error, a cancelled
/// task), its connection is closed rather than given back to the pool, which rolls
/// it back.
pub struct TurnTx {
    tx: RawTx,
    backend: Backend,
}

/// The first round trip: opens the turn's transaction and marks event `id` processed
/// under `claim`. `None` when the claim was lost (nothing changed).
pub async fn open(
    store: &Store,
    id: i64,
    claim: &str,
    chat: ChatKey<'_>,
    now: i64,
) -> Result<Option<(TurnTx, TurnStart)>, StoreError> {
    let (tx, rows) = RawTx::begin(
        store,
        open_sql(store.backend, false, false),
        &args(id, claim, chat, now),
    )
    .await?;
    let tx = TurnTx {
        tx,
        backend: store.backend,
    };
    match start_of(rows.into_iter().next()) {
        Ok(Some(start)) => Ok(Some((tx, start))),
        Ok(None) => {
            tx.tx.rollback().await;
            Ok(None)
        }
        Err(e) => {
            tx.tx.rollback().await;
            Err(e)
        }
    }
}

/// The first round trip's statements: the event marked processed under its claim,
/// then what the turn starts from; in a group, in the turn's savepoint, after the
/// group's `BEGIN` for its first turn. Built once (a turn would build and hash some
/// 2 kB of text each time).
fn open_sql(backend: Backend, savepoint: bool, begin: bool) -> &'static str {
    static TEXTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        let mut texts = vec![];
        for backend in [Backend::Sqlite, Backend::Postgres] {
            let open = match backend {
                Backend::Sqlite => format!("{FINISH};\n{}", start_sql("changes()")),
                Backend::Postgres => format!(
                    "WITH f AS ({FINISH} RETURNING 1) {}",
                    start_sql("(SELECT COUNT(*) FROM f)")
                ),
            };
            let begin = match backend {
                Backend::Sqlite => "BEGIN IMMEDIATE;\n",
                Backend::Postgres => "BEGIN;\n",
            };
            texts.push(open.clone());
            texts.push(format!("SAVEPOINT turn;\n{open}"));
            texts.push(format!("{begin}SAVEPOINT turn;\n{open}"));
        }
        texts
    });
    let base = match backend {
        Backend::Sqlite => 0,
        Backend::Postgres => 3,
    };
    &texts[base + usize::from(savepoint) + usize::from(savepoint && begin)]
}

/// The first round trip's values (see [`FINISH`] and [`start_sql`]).
fn args<'a>(id: i64, claim: &'a str, chat: ChatKey<'a>, now: i64) -> [Arg<'a>; 5] {
    [
        Arg::Int(now),
        Arg::Int(id),
        Arg::Text(claim),
        Arg::Text(chat.channel()),
        Arg::Text(chat.chat_id),
    ]
}

/// What the first round trip read; `None` when the claim was lost.
fn start_of(row: Option<batch::Row>) -> Result<Option<TurnStart>, StoreError> {
    let Some(row) = row else {
        return Err(StoreError::Corrupt("a turn's start read no row".into()));
    };
    let won: i64 = row.try_get("won")?;
    if won != 1 {
        return Ok(None);
    }
    let conversation = match row.try_get::<Option<String>>("channel")? {
        Some(channel) => Some(ConversationRow {
            channel,
            chat_id: row.try_get("chat_id")?,
            locale: row.try_get("locale")?,
            state: row.try_get("state")?,
            session_id: row.try_get("session_id")?,
            not_understood: row.try_get("not_understood")?,
            last_activity_at: row.try_get("last_activity_at")?,
            offered: row.try_get("offered")?,
        }),
        None => None,
    };
    let start = TurnStart {
        conversation,
        waiting: row.try_get("waiting")?,
        last_waiting: row.try_get("last_waiting")?,
        known: Known {
            staff: row.try_get::<i64>("staff")? == 1,
            bound: row.try_get::<i64>("bound")? == 1,
            ticket: row.try_get::<i64>("ticket")? == 1,
        },
    };
    Ok(Some(start))
}

impl TurnTx {
    /// When the turn took its connection (on SQLite, the writer): the time before it
    /// was the wait for it.
    pub fn acquired(&self) -> std::time::Instant {
        self.tx.acquired()
    }

    /// The connection the engine runs on, inside the turn's transaction.
    pub fn conn(&mut self) -> &mut Conn {
        self.tx.conn()
    }

    /// The second round trip: writes the turn's effects and the replies (serialised;
    /// queued at `queued_at`, the wall clock, as `outbox::enqueue` queues them: the
    /// turn's own time is the engine's clock, a test's may be another day), and
    /// commits.
    pub async fn commit(
        self,
        writes: &TurnWrites,
        replies: &[String],
        queued_at: i64,
    ) -> Result<(), StoreError> {
        let (sql, args) = writes_batch(
            self.backend,
            writes,
            replies,
            queued_at,
            Tail::Nothing,
            None,
        );
        self.tx.commit(&sql, &args).await?;
        Ok(())
    }

    /// Undoes everything the turn wrote.
    pub async fn rollback(self) -> Result<(), StoreError> {
        self.tx.rollback().await;
        Ok(())
    }
}

/// A turn of a group's opening: its start, `None` for a lost claim, or why not.
pub type Opened = Result<Option<TurnStart>, GroupError>;

/// Undoes the turn whose savepoint is open and lets the savepoint go.
const UNDO: &str = "ROLLBACK TO SAVEPOINT turn;\nRELEASE SAVEPOINT turn";

/// Several turns, of different chats, in one write transaction (group commit, for
/// SQLite's one writer): the connection is taken once and the WAL written once for
/// the group, not once per turn. Each turn runs in a savepoint of its own, opened
/// with its first round trip and released with its last (no round trip more), so a
/// turn that fails is undone alone and the others go on. Nothing of the group is
/// durable before [`TurnGroup::commit`]: a crash or a failed commit loses every
/// turn's effects together with its event's processed mark, so each event is still
/// unprocessed under its claim and runs again (exactly-once as with a turn alone).
pub struct TurnGroup {
    tx: RawTx,
    backend: Backend,
    /// The first turn's round trip has been sent, `BEGIN` with it.
    begun: bool,
}

/// How [`TurnGroup::write_and_commit`] ended.
#[derive(Debug)]
pub enum LastWrite {
    /// The turn written and the group committed; the events claimed, and the
    /// sender's rows when it claimed for the sender (an error only when a claimed
    /// row cannot be read, after the commit).
    Committed(
        Result<Vec<InboundEvent>, StoreError>,
        Option<Result<Vec<outbox::OutboxRow>, StoreError>>,
    ),
    /// The turn's write failed and was undone alone: the group is still open.
    Turn(StoreError),
    /// The group's transaction is gone (rolled back): no turn of it was written.
    Group(StoreError),
}

/// Why a turn of a group did not end as written.
#[derive(Debug)]
pub enum GroupError {
    /// The turn alone: its savepoint was undone, the group goes on.
    Turn(StoreError),
    /// The group's transaction is gone (rolled back): no turn of it was written.
    Group(StoreError),
}

impl TurnGroup {
    /// Takes the writer for a group; the first turn's round trip opens the
    /// transaction.
    pub async fn start(store: &Store) -> Result<Self, StoreError> {
        Ok(Self {
            tx: RawTx::acquire(store).await?,
            backend: store.backend,
            begun: false,
        })
    }

    /// When the group took its connection.
    pub fn acquired(&self) -> std::time::Instant {
        self.tx.acquired()
    }

    /// A turn's first round trip, as [`open`] in a savepoint of its own. `None` when
    /// the claim was lost (nothing changed).
    pub async fn open(&mut self, id: i64, claim: &str, chat: ChatKey<'_>, now: i64) -> Opened {
        let sql = open_sql(self.backend, true, !self.begun);
        self.begun = true;
        match self.tx.try_run(sql, &args(id, claim, chat, now)).await {
            Ok(rows) => self.started(rows.into_iter().next()).await,
            Err(e) => Err(self.undo_after(e).await),
        }
    }

    /// What an open's row says: the turn's start, or `None` for a lost claim (its
    /// savepoint let go: nothing was written); a row that cannot be read undoes it.
    async fn started(&mut self, row: Option<batch::Row>) -> Opened {
        match start_of(row) {
            Ok(Some(start)) => Ok(Some(start)),
            Ok(None) => match self.tx.try_run("RELEASE SAVEPOINT turn", &[]).await {
                Ok(_) => Ok(None),
                Err(e) => Err(self.broken(e).await),
            },
            Err(e) => Err(self.undo_after(e).await),
        }
    }

    /// The connection the engine runs on, inside the turn's savepoint.
    pub fn conn(&mut self) -> &mut Conn {
        self.tx.conn()
    }

    /// A turn's last round trip: its effects and replies written (as
    /// [`TurnTx::commit`] writes them) and its savepoint released. Durable at the
    /// group's commit.
    pub async fn write(
        &mut self,
        writes: &TurnWrites,
        replies: &[String],
        queued_at: i64,
    ) -> Result<(), GroupError> {
        let (sql, args) = writes_batch(
            self.backend,
            writes,
            replies,
            queued_at,
            Tail::Release,
            None,
        );
        match self.tx.try_run(&sql, &args).await {
            Ok(_) => Ok(()),
            Err(e) => Err(self.undo_after(e).await),
        }
    }

    /// [`TurnGroup::write`] of the current turn and, in the same round trip, the next
    /// turn's [`TurnGroup::open`] (event `id` under `claim`, of `chat`): a turn of a
    /// group costs one round trip of its own, not two. The first result is the
    /// current turn's write, the second the next turn's open; `None` there when the
    /// write failed, so the next turn was not opened (open it alone).
    ///
    /// When the round trip fails it is not known which part did: the savepoint open
    /// at that moment is undone, and whether the current turn is written is read
    /// back from its event (marked processed in its savepoint): written, the next
    /// turn's open failed; not written, the write failed and the open never ran.
    #[allow(clippy::too_many_arguments)]
    pub async fn write_and_open(
        &mut self,
        writes: &TurnWrites,
        replies: &[String],
        queued_at: i64,
        written: i64,
        (id, claim, chat, now): (i64, &str, ChatKey<'_>, i64),
    ) -> (Result<(), GroupError>, Option<Opened>) {
        let open = args(id, claim, chat, now);
        let (sql, args) = writes_batch(
            self.backend,
            writes,
            replies,
            queued_at,
            Tail::ReleaseAndOpen,
            Some(open),
        );
        let rows = match self.tx.try_run(&sql, &args).await {
            Ok(rows) => rows,
            Err(e) => return self.split_failure(e, written).await,
        };
        // The writes return a row on PostgreSQL (the session), none on SQLite: the
        // open's is the last.
        (
            Ok(()),
            Some(self.started(rows.into_iter().next_back()).await),
        )
    }

    /// The group's last turn: [`TurnGroup::write`] of it and, in the same round trip,
    /// [`TurnGroup::commit_claiming`] of the group with `next`: a group of one turn
    /// costs two round trips, not three. `next.limit` counts this turn's place. With
    /// `sends` (SQLite: what the sender of `next.channel` offered, at this time in
    /// milliseconds), the sender's outcomes are written and its places claimed in the
    /// same transaction, after the group's replies are queued (`outbox::SendTaker`).
    ///
    /// When the round trip fails, undoing the turn's savepoint tells which part did:
    /// it is there, the write failed and nothing after it ran ([`LastWrite::Turn`]:
    /// the group goes on, to be committed without this turn); it is gone (released),
    /// the claim or the commit failed, and the group is rolled back
    /// ([`LastWrite::Group`]), as when [`TurnGroup::commit_claiming`] fails.
    pub async fn write_and_commit(
        &mut self,
        writes: &TurnWrites,
        replies: &[String],
        queued_at: i64,
        next: Claim<'_>,
        sends: Option<(&outbox::SendPlaces, i64)>,
    ) -> LastWrite {
        let sends = sends.filter(|_| self.backend == Backend::Sqlite);
        let tail = match sends {
            Some(_) => Tail::ReleaseAndClaim,
            None => Tail::ReleaseAndCommit,
        };
        let (sql, mut args) = writes_batch(
            self.backend,
            writes,
            replies,
            queued_at,
            tail,
            Some(next.args()),
        );
        let sql = match sends {
            None => sql,
            Some((taken, now_ms)) => {
                let (claim, claim_args) =
                    outbox::group_claim(next.channel, taken, now_ms, args.len());
                args.extend(claim_args);
                if claim.is_empty() {
                    format!("{sql};\nCOMMIT").into()
                } else {
                    format!("{sql};\n{claim};\nCOMMIT").into()
                }
            }
        };
        match self.tx.try_commit(&sql, &args).await {
            Ok(rows) => {
                // PostgreSQL: the writes' row (the session) comes before the claim's.
                let skip = usize::from(self.backend == Backend::Postgres);
                // The sender's rows are told apart by their columns.
                let (sent, events): (Vec<_>, Vec<_>) = rows
                    .into_iter()
                    .skip(skip)
                    .partition(|r| r.has("created_at"));
                LastWrite::Committed(
                    inbound::claimed(events, next.token),
                    sends.map(|_| outbox::claimed_rows(&sent)),
                )
            }
            Err(e) => match self.undo_after(e).await {
                GroupError::Turn(e) => LastWrite::Turn(e),
                GroupError::Group(e) => LastWrite::Group(e),
            },
        }
    }

    /// A [`TurnGroup::write_and_open`] that failed: which part did (see there).
    async fn split_failure(
        &mut self,
        e: StoreError,
        written: i64,
    ) -> (Result<(), GroupError>, Option<Opened>) {
        // The group is gone: both turns fail with it.
        fn gone(e: GroupError) -> (Result<(), GroupError>, Option<Opened>) {
            let again = match &e {
                GroupError::Group(e) | GroupError::Turn(e) => e.to_string(),
            };
            (
                Err(e),
                Some(Err(GroupError::Group(StoreError::Corrupt(again)))),
            )
        }
        if let Err(undo) = self.tx.try_run(UNDO, &[]).await {
            return gone(self.broken(undo).await);
        }
        let done = self
            .tx
            .try_run(
                "SELECT COUNT(*) AS n FROM inbound_events WHERE id = $1 AND processed_at IS NOT NULL",
                &[Arg::Int(written)],
            )
            .await
            .and_then(|rows| {
                let row = rows.into_iter().next();
                row.map(|r| r.try_get::<i64>("n")).transpose()
            });
        match done {
            Ok(Some(1)) => (Ok(()), Some(Err(GroupError::Turn(e)))),
            Ok(_) => (Err(GroupError::Turn(e)), None),
            Err(read) => gone(self.broken(read).await),
        }
    }

    /// Undoes what the current turn wrote (the engine failed); the group goes on.
    pub async fn undo(&mut self) -> Result<(), StoreError> {
        match self.tx.try_run(UNDO, &[]).await {
            Ok(_) => Ok(()),
            Err(e) => match self.broken(e).await {
                GroupError::Turn(e) | GroupError::Group(e) => Err(e),
            },
        }
    }

    /// Commits every turn written in the group (one round trip). On an error none of
    /// them is.
    pub async fn commit(self) -> Result<(), StoreError> {
        self.commit_claiming(None).await.map(drop)
    }

    /// Commits every turn written in the group (one round trip) and, in the same
    /// transaction and round trip, claims the `next` events as `inbound::claim` does:
    /// the claim's write costs no commit of its own. On an error none of the turns is
    /// committed and nothing claimed. (Not called after a [`GroupError::Group`]: that
    /// group is gone.)
    pub async fn commit_claiming(
        self,
        next: Option<Claim<'_>>,
    ) -> Result<Vec<InboundEvent>, StoreError> {
        if !self.tx.is_open() {
            return Err(StoreError::Db(sqlx::Error::Protocol(
                "the group of turns was already rolled back".into(),
            )));
        }
        if !self.begun {
            self.tx.hand_back();
            return Ok(vec![]);
        }
        match next.filter(|n| n.limit > 0) {
            None => {
                self.tx.commit("", &[]).await?;
                Ok(vec![])
            }
            Some(next) => {
                let sql = inbound::claim_sql(self.backend);
                let rows = self.tx.commit(sql, &next.args()).await?;
                inbound::claimed(rows, next.token)
            }
        }
    }

    /// A turn's round trip failed: its savepoint undone, or, when that fails too,
    /// the whole group's transaction ended.
    async fn undo_after(&mut self, e: StoreError) -> GroupError {
        match self.tx.try_run(UNDO, &[]).await {
            Ok(_) => GroupError::Turn(e),
            Err(_) => self.broken(e).await,
        }
    }

    /// The transaction is in doubt: rolled back and the connection given up.
    async fn broken(&mut self, e: StoreError) -> GroupError {
        self.tx.end_in_doubt().await;
        GroupError::Group(e)
    }
}

/// Writes a turn's effects and its replies on `conn`, inside the caller's
/// transaction (the engine's `handle`, for callers that run their own). Returns
/// nothing: the session is in the conversation row.
pub async fn write(
    conn: &mut Conn,
    writes: &TurnWrites,
    replies: &[String],
) -> Result<(), StoreError> {
    let backend = batch::backend_of(conn);
    let (sql, args) = writes_batch(
        backend,
        writes,
        replies,
        crate::clock::wall_now(),
        Tail::Nothing,
        None,
    );
    batch::run(conn, backend, &sql, &args).await?;
    Ok(())
}

/// What follows a turn's writes in their round trip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Tail {
    /// Nothing (the caller's transaction goes on, or `COMMIT` is added).
    Nothing,
    /// The turn's savepoint released (a turn of a group).
    Release,
    /// The savepoint released and the group's next turn opened
    /// ([`TurnGroup::write_and_open`]): the open's values come first ($1–$5, as
    /// [`args`]), the writes' after them.
    ReleaseAndOpen,
    /// The savepoint released, the next events claimed and the group committed
    /// ([`TurnGroup::write_and_commit`]): the claim's values come first ($1–$5, as
    /// [`Claim::args`]), the writes' after them.
    ReleaseAndCommit,
    /// As `ReleaseAndCommit`, without the `COMMIT` (the sender's claim follows).
    ReleaseAndClaim,
}

/// The turn's writes as one batch (SQLite: statements; PostgreSQL: one statement of
/// CTEs), in the order the engine used to run them one by one: the turn's usage row
/// (its id names a new session), the chat's state, the other usage rows, the replies
/// and the chat's place in the sender's line (as [`outbox::enqueue`] writes them);
/// then `tail`. `first`: the values of what the tail runs after the writes (the next
/// turn's open, the claim), which come first.
fn writes_batch<'a>(
    backend: Backend,
    writes: &'a TurnWrites,
    replies: &'a [String],
    queued_at: i64,
    tail: Tail,
    first: Option<[Arg<'a>; 5]>,
) -> (std::sync::Arc<str>, Vec<Arg<'a>>) {
    let c = &writes.conversation;
    let mut args = Vec::with_capacity(15 + 2 * writes.usage.len() + replies.len());
    args.extend(first.into_iter().flatten());
    // $1 channel, $2 chat, $3 now, $4 session (or none), $5 page, $6 locale,
    // $7 state, $8 not understood, $9 offered (each shifted past the open's values).
    args.extend([
        Arg::Text(&c.channel),
        Arg::Text(&c.chat_id),
        Arg::Int(c.last_activity_at),
        Arg::OptInt(c.session_id),
        Arg::OptText(writes.page.as_deref()),
        Arg::Text(&c.locale),
        Arg::Text(&c.state),
        Arg::Int(c.not_understood),
        Arg::OptText(c.offered.as_deref()),
    ]);
    for (kind, detail) in &writes.usage {
        args.extend([Arg::Text(kind.as_str()), Arg::OptText(detail.as_deref())]);
    }
    if !replies.is_empty() {
        args.push(Arg::Int(queued_at));
        args.extend(replies.iter().map(|r| Arg::Text(r)));
    }
    let text = writes_text(backend, writes.usage.len(), replies.len(), tail);
    (text, args)
}

/// [`writes_batch`]'s text, which depends only on how many usage rows and replies a
/// turn writes: built once for each and kept (a turn would format and join a
/// kilobyte or two of text each time).
fn writes_text(backend: Backend, usage: usize, replies: usize, tail: Tail) -> std::sync::Arc<str> {
    static TEXTS: batch::Kept<(Backend, usize, usize, Tail)> = batch::Kept::new();
    TEXTS.text(
        (backend, usage, replies, tail),
        |&(backend, usage, replies, tail)| {
            let base = match tail {
                Tail::ReleaseAndOpen | Tail::ReleaseAndCommit | Tail::ReleaseAndClaim => 5,
                Tail::Nothing | Tail::Release => 0,
            };
            build_writes_text(backend, usage, replies, base, tail)
        },
    )
}

/// Builds [`writes_text`]: its placeholders start after `base` values.
fn build_writes_text(
    backend: Backend,
    usage: usize,
    replies: usize,
    base: usize,
    tail: Tail,
) -> String {
    // `$n` of the writes' n-th value.
    let p = |n: usize| format!("${}", base + n);
    let (ch, chat, now, session, page) = (p(1), p(2), p(3), p(4), p(5));
    let (locale, state, not_understood, offered) = (p(6), p(7), p(8), p(9));
    const USAGE: &str = "INSERT INTO usage_events (at, channel, chat_id, session_id, kind, detail)";
    const CONVERSATION: &str = "INSERT INTO conversations
            (channel, chat_id, locale, state, session_id, not_understood, last_activity_at,
             offered)";
    const UPSERT: &str = "ON CONFLICT (channel, chat_id) DO UPDATE SET
            locale = excluded.locale, state = excluded.state, session_id = excluded.session_id,
            not_understood = excluded.not_understood, last_activity_at = excluded.last_activity_at,
            offered = excluded.offered";
    // The other usage rows' kind and detail, then the time queued and the replies.
    let usage_rows: Vec<(String, String)> =
        (0..usage).map(|i| (p(10 + 2 * i), p(11 + 2 * i))).collect();
    let queued = p(10 + 2 * usage);
    let slots: Vec<String> = (0..replies).map(|i| p(11 + 2 * usage + i)).collect();
    let mut parts: Vec<String> = vec![];
    let text = match backend {
        Backend::Sqlite => {
            parts.push(format!(
                "{USAGE} VALUES ({now}, {ch}, {chat}, {session}, 'message', {page})"
            ));
            parts.push(format!(
                "{CONVERSATION} VALUES ({ch}, {chat}, {locale}, {state},
                    COALESCE({session}, last_insert_rowid()), {not_understood}, {now}, {offered})
                 {UPSERT}"
            ));
            let sid = format!(
                "(SELECT session_id FROM conversations WHERE channel = {ch} AND chat_id = {chat})"
            );
            if usage > 0 {
                let rows: Vec<String> = usage_rows
                    .iter()
                    .map(|(k, d)| format!("({now}, {ch}, {chat}, {sid}, {k}, {d})"))
                    .collect();
                parts.push(format!("{USAGE} VALUES {}", rows.join(", ")));
            }
            if replies > 0 {
                parts.push(outbox::enqueue_rows_sql(&ch, &chat, &queued, &slots));
                parts.push(outbox::enqueue_line_sql(&ch, &chat, &queued));
            }
            parts.join(";\n")
        }
        Backend::Postgres => {
            parts.push(format!(
                "u AS ({USAGE} VALUES ({now}, {ch}, {chat}, {session}, 'message', {page}) RETURNING id)"
            ));
            parts.push(format!(
                "s AS (SELECT COALESCE({session}, (SELECT id FROM u)) AS sid)"
            ));
            parts.push(format!(
                "c AS ({CONVERSATION} SELECT {ch}, {chat}, {locale}, {state}, sid,
                    {not_understood}, {now}, {offered} FROM s {UPSERT}
                 RETURNING 1)"
            ));
            if usage > 0 {
                let rows: Vec<String> = usage_rows
                    .iter()
                    .map(|(k, d)| format!("({now}, {ch}, {chat}, (SELECT sid FROM s), {k}, {d})"))
                    .collect();
                parts.push(format!(
                    "e AS ({USAGE} VALUES {} RETURNING 1)",
                    rows.join(", ")
                ));
            }
            if replies > 0 {
                parts.push(format!(
                    "o AS ({} RETURNING 1)",
                    outbox::enqueue_rows_sql(&ch, &chat, &queued, &slots)
                ));
                // The chat kept listed as `outbox::list_chat` keeps it (share lock).
                parts.push(outbox::enqueue_line_ctes(&ch, &chat, &queued));
            }
            format!("WITH {} SELECT sid FROM s", parts.join(",\n"))
        }
    };
    match tail {
        Tail::Nothing => text,
        Tail::Release => format!("{text};\nRELEASE SAVEPOINT turn"),
        Tail::ReleaseAndOpen => format!(
            "{text};\nRELEASE SAVEPOINT turn;\n{}",
            open_sql(backend, true, false)
        ),
        Tail::ReleaseAndCommit => format!(
            "{text};\nRELEASE SAVEPOINT turn;\n{};\nCOMMIT",
            inbound::claim_sql(backend)
        ),
        Tail::ReleaseAndClaim => format!(
            "{text};\nRELEASE SAVEPOINT turn;\n{}",
            inbound::claim_sql(backend)
        ),
    }
}
