//! Bad input never loses anything and always gets a clear answer: refused uploads,
//! unsupported messages, duplicate updates; the terminal channel; health and metrics.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::backends;
use crate::support::telegram::{FakeTelegram, TgUser};
use crate::support::{
    Backend, Running, TestDb, local_request_data, monday_morning, photo, settings, signed_pdf,
    submitted_request,
};

/// A PNG whose header claims 100,000 × 100,000 pixels: a decompression bomb.
fn png_bomb() -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], body: &[u8]) {
        out.extend((body.len() as u32).to_be_bytes());
        let mut typed = kind.to_vec();
        typed.extend(body);
        out.extend(&typed);
        out.extend(crc32(&typed).to_be_bytes());
    }
    let mut ihdr = 100_000u32.to_be_bytes().to_vec();
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(
        &mut png,
        b"IDAT",
        &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut png, b"IEND", &[]);
    png
}

async fn every_refused_upload_is_explained_and_nothing_is_lost(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let u = TgUser::new(7101, "Luis");
    tg.send_text(&u, "/start");
    tg.wait_for(u.chat_id(), "¿Qué desea hacer?").await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        "7101",
    )
    .await;
    tg.press_button(&u, "Enviar DDC firmada");
    tg.wait_for(u.chat_id(), "Envíe la DDC firmada").await;

    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(60 * 1024 * 1024, b' ');
    tg.send_document(&u, "escaneo.pdf", "application/pdf", big);
    tg.wait_for(u.chat_id(), "pesa más de 10 MB").await;
    tg.send_document(
        &u,
        "roto.pdf",
        "application/pdf",
        b"%PDF-1.4\n1 0 obj << /Type /Cat".to_vec(),
    );
    tg.wait_for(u.chat_id(), "No pude abrir el PDF").await;
    tg.send_document(&u, "foto.pdf", "application/pdf", png_bomb());
    tg.wait_for(u.chat_id(), "demasiado grande").await;
    tg.send_sticker(&u);
    tg.wait_for(u.chat_id(), "solo entiendo mensajes de texto")
        .await;
    tg.send_text(&u, "ya la mando");
    tg.wait_for(u.chat_id(), "Estoy esperando la DDC firmada")
        .await;
    for i in 1..=5u8 {
        tg.send_photo(&u, photo(i * 40));
        tg.wait_for(u.chat_id(), &format!("Recibí la foto {i}"))
            .await;
    }
    tg.send_photo(&u, photo(7));
    tg.wait_for(u.chat_id(), "como máximo 5").await;
    // The five good photos were kept through all of it.
    tg.press_button(&u, "Listo, armar PDF");
    let done = tg.wait_for(u.chat_id(), "Recibí la DDC firmada").await;
    assert!(done.text().contains("(5 páginas)"), "{}", done.text());
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let stage = contigo_bot::store::requests::get(&mut conn, row.id)
        .await
        .expect("get")
        .expect("row")
        .stage;
    assert_eq!(stage.as_str(), "uac_review");
    drop(conn);
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

async fn a_duplicate_update_is_processed_once(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let u = TgUser::new(7102, "Luis");
    let id = tg.send_text(&u, "/start");
    tg.wait_for(u.chat_id(), "¿Qué desea hacer?").await;
    tg.wait_until_idle(u.chat_id()).await;
    tg.redeliver(id);
    tg.wait_until_confirmed().await;
    tg.wait_until_idle(u.chat_id()).await;
    assert_eq!(tg.messages_to(u.id).len(), 1, "one reply for one update");
    let n: i64 = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM inbound_events")
        .fetch_one(&bot.app.store.pool)
        .await
        .expect("count");
    assert_eq!(n, 1);
    let metrics = reqwest::get(format!("{}/metrics", bot.http))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("body");
    assert!(metrics.contains("outcome=\"duplicate\""), "{metrics}");
    let health = reqwest::get(format!("{}/healthz", bot.http))
        .await
        .expect("healthz");
    assert_eq!(health.status(), 200);
    bot.stop().await;
}

/// A turn's effects as the engine leaves them, for the group below.
pub(crate) fn turn_writes(chat: &str) -> contigo_bot::store::turn::TurnWrites {
    contigo_bot::store::turn::TurnWrites {
        conversation: contigo_bot::store::conversations::ConversationRow {
            channel: "telegram".into(),
            chat_id: chat.into(),
            locale: "es".into(),
            state: "{}".into(),
            session_id: None,
            not_understood: 0,
            last_activity_at: 1_000,
            offered: None,
        },
        page: Some("menu".into()),
        usage: vec![],
    }
}

/// The claim a group's commit makes for the next Telegram events, under `token`.
fn claim(token: &str) -> contigo_bot::store::inbound::Claim<'_> {
    contigo_bot::store::inbound::Claim {
        channel: "telegram",
        token,
        now: 1_001,
        lease_secs: 60,
        limit: 5,
    }
}

/// A store on a scratch database, its schema migrated (the database kept with it).
async fn migrated_store(backend: Backend) -> (TestDb, contigo_bot::store::Store) {
    let db = TestDb::new(backend).await;
    let store = contigo_bot::store::Store::connect(&db.url, 4)
        .await
        .expect("store");
    store.migrate().await.expect("migrate");
    (db, store)
}

/// Each event's id, when it was processed and the claim it is under, by id.
async fn events_as_stored(
    store: &contigo_bot::store::Store,
) -> Vec<(i64, Option<i64>, Option<String>)> {
    sqlx::query_as("SELECT id, processed_at, claim FROM inbound_events ORDER BY id")
        .fetch_all(&store.read)
        .await
        .expect("events")
}

/// An event stored for each of `chats` (Telegram) and claimed under "claim-a": the
/// heads, by id.
async fn claimed_heads(
    store: &contigo_bot::store::Store,
    chats: &[&str],
) -> Vec<contigo_bot::store::inbound::InboundEvent> {
    use contigo_bot::message::{Channel, ChatKey};
    use contigo_bot::store::inbound;
    let mut conn = store.pool.acquire().await.expect("conn");
    for chat in chats {
        let key = ChatKey::new(Channel::Telegram, chat);
        inbound::insert_if_new(&mut conn, key, &format!("u{chat}"), "{}", 1_000)
            .await
            .expect("stored");
    }
    drop(conn);
    let events = inbound::claim(store, "telegram", "claim-a", 1_000, 60, 10)
        .await
        .expect("claim");
    assert_eq!(events.len(), chats.len(), "one head per chat");
    events
}

/// SQLite's one writer runs the waiting turns of different chats in one transaction
/// (group commit), each in a savepoint: a turn undone in the group writes nothing and
/// leaves its event unprocessed under its claim, a lost claim changes nothing, the
/// others are written, and nobody sees any of it before the group's commit.
async fn turns_grouped_in_one_transaction_commit_together_and_an_undone_one_alone(
    backend: Backend,
) {
    use contigo_bot::message::{Channel, ChatKey};
    use contigo_bot::store::turn;
    let (_db, store) = migrated_store(backend).await;
    let events = claimed_heads(&store, &["501", "502", "503"]).await;
    let key = |i: usize| ChatKey::new(Channel::Telegram, &events[i].chat_id);
    let reply = vec![r#"{"Text":{"text":"hola","choices":[]}}"#.to_owned()];

    let mut group = turn::TurnGroup::start(&store).await.expect("writer");
    let first = group
        .open(events[0].id, "claim-a", key(0), 1_000)
        .await
        .expect("opened")
        .expect("claim held");
    assert!(first.conversation.is_none(), "a new chat");
    group
        .write(&turn_writes(&events[0].chat_id), &reply, 1_000)
        .await
        .expect("written");
    // The second turn writes (as a flow does on its connection), then fails: undone.
    group
        .open(events[1].id, "claim-a", key(1), 1_000)
        .await
        .expect("opened")
        .expect("claim held");
    turn::write(group.conn(), &turn_writes(&events[1].chat_id), &reply)
        .await
        .expect("the flow's own writes");
    group.undo().await.expect("undone");
    // The third's claim is not this worker's: lost, nothing changes.
    let lost = group
        .open(events[2].id, "claim-b", key(2), 1_000)
        .await
        .expect("opened");
    assert!(lost.is_none(), "another worker's claim");
    let seen = |sql: &'static str| {
        let read = store.read.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&read)
                .await
                .expect("read")
        }
    };
    const PROCESSED: &str = "SELECT COUNT(*) FROM inbound_events WHERE processed_at IS NOT NULL";
    const OUT: &str = "SELECT COUNT(*) FROM outbox";
    assert_eq!(
        seen(PROCESSED).await,
        0,
        "nothing is seen before the commit"
    );
    assert_eq!(seen(OUT).await, 0, "nothing is seen before the commit");
    group.commit().await.expect("committed");

    let rows = events_as_stored(&store).await;
    assert_eq!(
        rows,
        vec![
            (events[0].id, Some(1_000), None),
            (events[1].id, None, Some("claim-a".into())),
            (events[2].id, None, Some("claim-a".into())),
        ],
        "the written turn's event processed; the undone and the lost ones still claimed"
    );
    let out: Vec<String> = sqlx::query_scalar("SELECT chat_id FROM outbox")
        .fetch_all(&store.read)
        .await
        .expect("outbox");
    assert_eq!(
        out,
        vec![events[0].chat_id.clone()],
        "only the written turn's reply"
    );
    let states: Vec<String> = sqlx::query_scalar("SELECT chat_id FROM conversations")
        .fetch_all(&store.read)
        .await
        .expect("conversations");
    assert_eq!(
        states,
        vec![events[0].chat_id.clone()],
        "the undone turn's state is gone"
    );
    store.close().await;
}

/// Opens `event`'s turn in `group` alone, its claim ("claim-a") held.
async fn held(
    group: &mut contigo_bot::store::turn::TurnGroup,
    event: &contigo_bot::store::inbound::InboundEvent,
) {
    use contigo_bot::message::{Channel, ChatKey};
    group
        .open(
            event.id,
            "claim-a",
            ChatKey::new(Channel::Telegram, &event.chat_id),
            1_000,
        )
        .await
        .expect("opened")
        .expect("claim held");
}

/// Installs triggers that refuse a write (`RAISE`), `sqlite`'s or `postgres`'s by
/// `backend`; on PostgreSQL they call the function `refuse()`, created first.
async fn refusing(
    store: &contigo_bot::store::Store,
    backend: Backend,
    sqlite: &[&str],
    postgres: &[&str],
) {
    let function = "CREATE FUNCTION refuse() RETURNS trigger AS $$
         BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql";
    let triggers = match backend {
        Backend::Sqlite => sqlite.to_vec(),
        Backend::Postgres => [&[function][..], postgres].concat(),
    };
    for sql in triggers {
        sqlx::query(sql)
            .execute(&store.pool)
            .await
            .expect("trigger");
    }
}

/// A turn's write carries the group's next turn's open in the same round trip. When
/// that round trip fails, the part that failed is the one undone: a failed open
/// leaves the turn before it written, a failed write leaves the next turn unopened
/// (it is opened alone after), and the group goes on.
async fn a_turns_write_carries_the_next_turns_open_and_a_failure_undoes_its_own_part(
    backend: Backend,
) {
    use contigo_bot::message::{Channel, ChatKey};
    use contigo_bot::store::turn;
    use contigo_bot::store::turn::GroupError;
    let (_db, store) = migrated_store(backend).await;
    // Chat 702's state cannot be written; chat 703's event cannot be marked done.
    refusing(
        &store,
        backend,
        &[
            "CREATE TRIGGER refuse_702 BEFORE INSERT ON conversations
             WHEN NEW.chat_id = '702' BEGIN SELECT RAISE(ABORT, 'refused'); END",
            "CREATE TRIGGER refuse_703 BEFORE UPDATE OF processed_at ON inbound_events
             WHEN NEW.chat_id = '703' BEGIN SELECT RAISE(ABORT, 'refused'); END",
        ],
        &[
            "CREATE TRIGGER refuse_702 BEFORE INSERT ON conversations FOR EACH ROW
             WHEN (NEW.chat_id = '702') EXECUTE FUNCTION refuse()",
            "CREATE TRIGGER refuse_703 BEFORE UPDATE OF processed_at ON inbound_events
             FOR EACH ROW WHEN (NEW.chat_id = '703') EXECUTE FUNCTION refuse()",
        ],
    )
    .await;
    let events = claimed_heads(&store, &["701", "702", "703", "704"]).await;
    let next = |i: usize| {
        (
            events[i].id,
            "claim-a",
            ChatKey::new(Channel::Telegram, &events[i].chat_id),
            1_000,
        )
    };
    let reply = vec![r#"{"Text":{"text":"hola","choices":[]}}"#.to_owned()];
    let mut group = turn::TurnGroup::start(&store).await.expect("writer");
    held(&mut group, &events[0]).await;
    // 701 written; 703's open, carried with it, fails: that turn alone.
    let (wrote, opened) = group
        .write_and_open(&turn_writes("701"), &reply, 1_000, events[0].id, next(2))
        .await;
    wrote.expect("701 written");
    assert!(
        matches!(opened, Some(Err(GroupError::Turn(_)))),
        "703's open failed alone: {opened:?}"
    );
    // 702's write fails: 704's open, carried with it, never ran.
    held(&mut group, &events[1]).await;
    let (wrote, opened) = group
        .write_and_open(&turn_writes("702"), &reply, 1_000, events[1].id, next(3))
        .await;
    assert!(matches!(wrote, Err(GroupError::Turn(_))), "{wrote:?}");
    assert!(opened.is_none(), "704 not opened by a failed write");
    held(&mut group, &events[3]).await;
    group
        .write(&turn_writes("704"), &reply, 1_000)
        .await
        .expect("704 written");
    group.commit().await.expect("committed");

    let rows = events_as_stored(&store).await;
    assert_eq!(
        rows,
        vec![
            (events[0].id, Some(1_000), None),
            (events[1].id, None, Some("claim-a".into())),
            (events[2].id, None, Some("claim-a".into())),
            (events[3].id, Some(1_000), None),
        ],
        "the written turns' events processed; the failed ones still claimed"
    );
    let out: Vec<String> = sqlx::query_scalar("SELECT chat_id FROM outbox ORDER BY id")
        .fetch_all(&store.read)
        .await
        .expect("outbox");
    assert_eq!(out, vec!["701", "704"], "only the written turns' replies");
    let states: Vec<String> =
        sqlx::query_scalar("SELECT chat_id FROM conversations ORDER BY chat_id")
            .fetch_all(&store.read)
            .await
            .expect("conversations");
    assert_eq!(states, vec!["701", "704"]);
    store.close().await;
}

/// Events that arrive together at the door (on SQLite stored by one statement while
/// the writer was busy) are each stored once: every caller learns whether its event
/// is new, a redelivery in the same group or of one stored before is not, and a
/// refused one is stored processed with its reason.
async fn events_arriving_together_are_each_stored_once(backend: Backend) {
    use contigo_bot::message::{Channel, ChatKey};
    use contigo_bot::store::inbound;
    let (_db, store) = migrated_store(backend).await;
    let key = ChatKey::new(Channel::Telegram, "600");
    let mut conn = store.pool.acquire().await.expect("conn");
    inbound::insert_if_new(&mut conn, key, "before", "{}", 1_000)
        .await
        .expect("stored");
    // On SQLite the one writer is held: every arrival below waits for it together.
    let mut arrivals = tokio::task::JoinSet::new();
    for n in 0..30 {
        let store = store.clone();
        // 0..10 new, 10..20 the same ids again, 20..29 the one stored before, 29 refused.
        let id = match n {
            0..20 => format!("u{}", n % 10),
            20..29 => "before".to_owned(),
            _ => "bad".to_owned(),
        };
        arrivals.spawn(async move {
            let chat = format!("6{:02}", n % 10);
            let key = ChatKey::new(Channel::Telegram, &chat);
            let refused = (n == 29).then_some("invalid type: map, expected a string");
            let stored = inbound::arrive(&store, key, &id, "{}", 1_001, refused).await;
            (id, stored.expect("stored"))
        });
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    drop(conn);
    let mut new: Vec<(String, i64)> = vec![];
    let mut repeated = 0;
    while let Some(done) = arrivals.join_next().await {
        match done.expect("an arrival") {
            (id, Some(row)) => new.push((id, row)),
            (_, None) => repeated += 1,
        }
    }
    new.sort();
    let mut expected: Vec<String> = (0..10).map(|n| format!("u{n}")).collect();
    expected.push("bad".into());
    expected.sort();
    assert_eq!(
        new.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(),
        expected,
        "each new event new once"
    );
    assert_eq!(
        repeated, 19,
        "10 redeliveries in the group, 9 of one stored before"
    );
    let rows: Vec<(i64, String, Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT id, external_id, processed_at, rejected FROM inbound_events
         WHERE external_id <> 'before' ORDER BY external_id",
    )
    .fetch_all(&store.read)
    .await
    .expect("rows");
    assert_eq!(rows.len(), 11, "one row per event");
    for (id, external_id, processed, rejected) in rows {
        let told = new
            .iter()
            .find(|(e, _)| *e == external_id)
            .map(|(_, id)| *id);
        assert_eq!(told, Some(id), "the id its caller was told ({external_id})");
        if external_id == "bad" {
            assert_eq!(
                processed,
                Some(1_001),
                "a refused event is stored processed"
            );
            assert!(rejected.is_some_and(|r| r.contains("invalid type")));
        } else {
            assert_eq!((processed, rejected), (None, None), "{external_id}");
        }
    }
    store.close().await;
}

/// A group of turns claims the next heads in the transaction it commits: the chat
/// whose turn it wrote has its next event claimed, as has a chat that wrote since,
/// and what was claimed is durable with the group.
async fn a_group_of_turns_claims_the_next_heads_as_it_commits(backend: Backend) {
    use contigo_bot::message::{Channel, ChatKey};
    use contigo_bot::store::{inbound, turn};
    let (_db, store) = migrated_store(backend).await;
    let store_event = |chat: &'static str, id: &'static str| {
        let store = store.clone();
        async move {
            let key = ChatKey::new(Channel::Telegram, chat);
            inbound::arrive(&store, key, id, "{}", 1_000, None)
                .await
                .expect("stored")
                .expect("new")
        }
    };
    let a1 = store_event("701", "a1").await;
    let a2 = store_event("701", "a2").await;
    let events = inbound::claim(&store, "telegram", "claim-a", 1_000, 60, 10)
        .await
        .expect("claim");
    assert_eq!(
        events.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![a1],
        "the chat's head only"
    );
    let b1 = store_event("702", "b1").await;
    let reply = vec![r#"{"Text":{"text":"hola","choices":[]}}"#.to_owned()];
    let mut group = turn::TurnGroup::start(&store).await.expect("writer");
    group
        .open(a1, "claim-a", ChatKey::new(Channel::Telegram, "701"), 1_000)
        .await
        .expect("opened")
        .expect("claim held");
    group
        .write(&turn_writes("701"), &reply, 1_000)
        .await
        .expect("written");
    let next = group
        .commit_claiming(Some(inbound::Claim {
            channel: "telegram",
            token: "claim-g",
            now: 1_001,
            lease_secs: 60,
            limit: 5,
        }))
        .await
        .expect("committed");
    let mut claimed: Vec<(i64, String)> = next.into_iter().map(|e| (e.id, e.claim)).collect();
    claimed.sort();
    assert_eq!(
        claimed,
        vec![(a2, "claim-g".to_owned()), (b1, "claim-g".to_owned())],
        "the served chat's next event and the new chat's, claimed with the commit"
    );
    let rows = events_as_stored(&store).await;
    assert_eq!(
        rows,
        vec![
            (a1, Some(1_000), None),
            (a2, None, Some("claim-g".into())),
            (b1, None, Some("claim-g".into())),
        ]
    );
    let again = inbound::claim(&store, "telegram", "claim-c", 1_002, 60, 10)
        .await
        .expect("claim");
    assert!(again.is_empty(), "claimed once: {again:?}");
    store.close().await;
}

/// The group's last turn's write carries the group's commit and the claim of the next
/// events in the same round trip. When that round trip fails, the part that failed
/// tells what is lost: a failed claim (after the write) rolls the whole group back,
/// as a failed commit does; a failed write undoes that turn alone and the group is
/// still there to commit the others.
async fn the_last_turns_write_commits_the_group_and_claims_and_a_failure_undoes_its_part(
    backend: Backend,
) {
    use contigo_bot::message::{Channel, ChatKey};
    use contigo_bot::store::turn::LastWrite;
    use contigo_bot::store::{inbound, turn};
    let (_db, store) = migrated_store(backend).await;
    // Chat 802's state cannot be written; no event can be claimed under "claim-bad".
    refusing(
        &store,
        backend,
        &[
            "CREATE TRIGGER refuse_802 BEFORE INSERT ON conversations
             WHEN NEW.chat_id = '802' BEGIN SELECT RAISE(ABORT, 'refused'); END",
            "CREATE TRIGGER refuse_claim BEFORE UPDATE OF claim ON inbound_events
             WHEN NEW.claim = 'claim-bad' BEGIN SELECT RAISE(ABORT, 'refused'); END",
        ],
        &[
            "CREATE TRIGGER refuse_802 BEFORE INSERT ON conversations FOR EACH ROW
             WHEN (NEW.chat_id = '802') EXECUTE FUNCTION refuse()",
            "CREATE TRIGGER refuse_claim BEFORE UPDATE OF claim ON inbound_events
             FOR EACH ROW WHEN (NEW.claim = 'claim-bad') EXECUTE FUNCTION refuse()",
        ],
    )
    .await;
    let events = claimed_heads(&store, &["801", "802", "803"]).await;
    let store_event = |chat: &'static str, id: &'static str| {
        let store = store.clone();
        async move {
            let key = ChatKey::new(Channel::Telegram, chat);
            inbound::arrive(&store, key, id, "{}", 1_000, None)
                .await
                .expect("stored")
                .expect("new")
        }
    };
    // Chat 801's next event and a new chat's, waiting for a claim.
    let (a2, d1) = (
        store_event("801", "a2").await,
        store_event("804", "d1").await,
    );
    let reply = vec![r#"{"Text":{"text":"hola","choices":[]}}"#.to_owned()];
    let (e801, e802, e803) = (events[0].id, events[1].id, events[2].id);
    let claim_a = || Some("claim-a".to_owned());

    // 803's write succeeds, the claim after it fails: nothing of the group stays.
    let mut group = turn::TurnGroup::start(&store).await.expect("writer");
    held(&mut group, &events[0]).await;
    group
        .write(&turn_writes("801"), &reply, 1_000)
        .await
        .expect("801 written");
    held(&mut group, &events[2]).await;
    let last = group
        .write_and_commit(&turn_writes("803"), &reply, 1_000, claim("claim-bad"), None)
        .await;
    assert!(matches!(last, LastWrite::Group(_)), "{last:?}");
    assert_eq!(
        events_as_stored(&store).await,
        vec![
            (e801, None, claim_a()),
            (e802, None, claim_a()),
            (e803, None, claim_a()),
            (a2, None, None),
            (d1, None, None),
        ],
        "a failed claim: no turn of the group written, nothing claimed"
    );

    // 802's write fails: undone alone, and the group commits 801's turn after it.
    let mut group = turn::TurnGroup::start(&store).await.expect("writer");
    held(&mut group, &events[0]).await;
    group
        .write(&turn_writes("801"), &reply, 1_000)
        .await
        .expect("801 written");
    held(&mut group, &events[1]).await;
    let last = group
        .write_and_commit(&turn_writes("802"), &reply, 1_000, claim("claim-g"), None)
        .await;
    assert!(matches!(last, LastWrite::Turn(_)), "{last:?}");
    let claimed = group
        .commit_claiming(Some(claim("claim-g")))
        .await
        .expect("committed without 802");
    assert_eq!(
        claimed.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![a2, d1]
    );

    // 803's turn alone: written, committed and a new chat's event claimed in its
    // write's round trip; the writer is back in the pool after it.
    let e1 = store_event("805", "e1").await;
    let mut group = turn::TurnGroup::start(&store).await.expect("writer");
    held(&mut group, &events[2]).await;
    let last = group
        .write_and_commit(&turn_writes("803"), &reply, 1_000, claim("claim-h"), None)
        .await;
    match last {
        LastWrite::Committed(Ok(claimed), None) => assert_eq!(
            claimed
                .iter()
                .map(|e| (e.id, e.claim.as_str()))
                .collect::<Vec<_>>(),
            vec![(e1, "claim-h")],
            "the one event not under a lease"
        ),
        other => panic!("committed: {other:?}"),
    }
    let claim_g = || Some("claim-g".to_owned());
    assert_eq!(
        events_as_stored(&store).await,
        vec![
            (e801, Some(1_000), None),
            (e802, None, claim_a()),
            (e803, Some(1_000), None),
            (a2, None, claim_g()),
            (d1, None, claim_g()),
            (e1, None, Some("claim-h".to_owned())),
        ]
    );
    let out: Vec<String> = sqlx::query_scalar("SELECT chat_id FROM outbox ORDER BY id")
        .fetch_all(&store.read)
        .await
        .expect("outbox");
    assert_eq!(out, vec!["801", "803"], "only the written turns' replies");
    let again = inbound::claim(&store, "telegram", "claim-c", 1_002, 60, 10)
        .await
        .expect("the writer is free");
    assert!(again.is_empty(), "claimed once: {again:?}");
    store.close().await;
}

/// The commit of a group of turns claims for the sender waiting for work (SQLite,
/// `outbox::SendTaker`): in the same transaction it writes the sender's outcomes
/// (a row sent) and claims the replies its turns queued, and hands them over; when
/// that part fails the whole group is rolled back, outcomes unwritten and nothing
/// claimed. PostgreSQL's groups claim nothing for the sender: it claims alone.
async fn a_group_commit_claims_the_replies_for_the_sender_and_writes_its_outcomes(
    backend: Backend,
) {
    use contigo_bot::message::{Channel, ChatKey};
    use contigo_bot::outbox::wall_now_ms;
    use contigo_bot::store::outbox::{self, Outcome, Pace, SendPlaces, Settle};
    use contigo_bot::store::turn::LastWrite;
    use contigo_bot::store::{inbound, turn};
    let (_db, store) = migrated_store(backend).await;
    refusing(
        &store,
        backend,
        &["CREATE TRIGGER refuse_903 BEFORE UPDATE OF status ON outbox
           WHEN NEW.chat_id = '903' AND NEW.status = 'sending'
           BEGIN SELECT RAISE(ABORT, 'refused'); END"],
        &[
            "CREATE TRIGGER refuse_903 BEFORE UPDATE OF status ON outbox FOR EACH ROW
           WHEN (NEW.chat_id = '903' AND NEW.status = 'sending') EXECUTE FUNCTION refuse()",
        ],
    )
    .await;
    let events = claimed_heads(&store, &["901", "903"]).await;
    // Chat 902's message, claimed by the sender and sent: its outcome not written yet.
    let mut conn = store.pool.acquire().await.expect("conn");
    let key = ChatKey::new(Channel::Telegram, "902");
    outbox::enqueue(
        &mut conn,
        key,
        r#"{"Text":{"text":"antes","choices":[]}}"#,
        1_000,
    )
    .await
    .expect("queued");
    drop(conn);
    let sending = outbox::claim(&store, Channel::Telegram, wall_now_ms(), 60, 10)
        .await
        .expect("claimed");
    assert_eq!(sending.len(), 1);
    let sent = Settle::new(
        &sending[0],
        wall_now_ms(),
        Outcome::Sent {
            external_id: Some("m-902".into()),
            pace: Pace::per_second(100, 1),
        },
    );
    let status = |chat: &'static str| {
        let store = store.clone();
        async move {
            let rows: Vec<(String, Option<String>)> = sqlx::query_as(
                "SELECT status, external_id FROM outbox WHERE chat_id = $1 ORDER BY id",
            )
            .bind(chat)
            .fetch_all(&store.read)
            .await
            .expect("outbox");
            rows
        }
    };
    let reply = vec![r#"{"Text":{"text":"hola","choices":[]}}"#.to_owned()];
    let offer = |settles: Vec<Settle>| SendPlaces {
        places: 4,
        settles,
        lease_secs: 60,
        mark: 0,
    };

    // A group of the one turn of `event`'s chat, its write committing the group with
    // the claim under `token` and the sender's offer (902's outcome, four places).
    let last_turn = async |event: &inbound::InboundEvent, token: &'static str| {
        let mut group = turn::TurnGroup::start(&store).await.expect("writer");
        held(&mut group, event).await;
        let taken = offer(vec![sent.clone()]);
        group
            .write_and_commit(
                &turn_writes(&event.chat_id),
                &reply,
                1_000,
                claim(token),
                Some((&taken, wall_now_ms())),
            )
            .await
    };

    // 903's reply cannot be claimed: the group is rolled back, 902's outcome unwritten.
    let last = last_turn(&events[1], "claim-b").await;
    match backend {
        Backend::Sqlite => assert!(matches!(last, LastWrite::Group(_)), "{last:?}"),
        // Nothing claimed for the sender: the group commits.
        Backend::Postgres => assert!(matches!(last, LastWrite::Committed(_, None)), "{last:?}"),
    }
    assert_eq!(status("902").await, vec![("sending".to_owned(), None)]);

    // 901's turn: written, committed, 902's outcome written and 901's reply claimed.
    let last = last_turn(&events[0], "claim-c").await;
    match (backend, last) {
        (Backend::Sqlite, LastWrite::Committed(Ok(_), Some(Ok(rows)))) => {
            assert_eq!(
                rows.iter().map(|r| r.chat_id.as_str()).collect::<Vec<_>>(),
                vec!["901"],
                "the reply the turn queued, and no other"
            );
            assert_eq!(status("901").await, vec![("sending".to_owned(), None)]);
            assert_eq!(
                status("902").await,
                vec![("sent".to_owned(), Some("m-902".to_owned()))]
            );
            let again = outbox::claim(&store, Channel::Telegram, wall_now_ms(), 60, 10)
                .await
                .expect("claim");
            assert!(again.is_empty(), "claimed once: {again:?}");
        }
        (Backend::Postgres, LastWrite::Committed(Ok(_), None)) => {
            assert_eq!(status("901").await, vec![("pending".to_owned(), None)]);
            assert_eq!(status("902").await, vec![("sending".to_owned(), None)]);
        }
        (_, other) => panic!("committed: {other:?}"),
    }
    store.close().await;
}

backends!(
    a_group_commit_claims_the_replies_for_the_sender_and_writes_its_outcomes,
    every_refused_upload_is_explained_and_nothing_is_lost,
    a_duplicate_update_is_processed_once,
    turns_grouped_in_one_transaction_commit_together_and_an_undone_one_alone,
    events_arriving_together_are_each_stored_once,
    a_group_of_turns_claims_the_next_heads_as_it_commits,
    a_turns_write_carries_the_next_turns_open_and_a_failure_undoes_its_own_part,
    the_last_turns_write_commits_the_group_and_claims_and_a_failure_undoes_its_part
);

/// The whole journey through `contigo-bot chat`, fed from stdin.
#[test]
fn terminal_chat_journey_from_stdin() {
    let dir = tempfile::tempdir().expect("dir");
    let pdf = dir.path().join("ddc-firmada.pdf");
    std::fs::write(&pdf, signed_pdf()).expect("write pdf");
    let script = [
        "/start",
        "1", // Solicitar acceso
        "1", // Gobierno Local
        "mariscal caceres",
        "2", // the Huancavelica one
        "Rosa",
        "Quispe",
        "45678912",
        "0123-2026-JNE",
        "987654321",
        "rosa@example.org",
        "Luis",
        "Pérez",
        "41234567",
        "912345678",
        "luis@example.org",
        // The OMAPED is filled in from the access type.
        "Jefe de OMAPED",
        "15/01/2026",
        "1", // Enviar solicitud
        "1", // Enviar DDC firmada
        &format!("/file {}", pdf.display()),
        "/estado",
    ]
    .join("\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_contigo-bot"))
        .args(["--config", "/dev/null", "chat", "--no-http"])
        .env(
            "CONTIGO__DATABASE__URL",
            format!("sqlite://{}", dir.path().join("t.db").display()),
        )
        .env("CONTIGO__STORAGE__DIR", dir.path().join("files"))
        .env_remove("TELEGRAM_BOT_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run contigo-bot chat");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{script}\n").as_bytes())
        .expect("write script");
    let out = child.wait_with_output().expect("finish");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for expected in [
        "Hay 2 distritos",
        "Distrito: Mariscal Cáceres (Huancavelica, Huancavelica) ✓",
        "Paso 15 de 16",
        "Paso 16 de 16",
        "fue registrada con el código CTG-2026-000001",
        "[PDF]",
        "Recibí la DDC firmada de la solicitud CTG-2026-000001",
        "Etapa: en revisión de requisitos (UAC)",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in:\n{stdout}"
        );
    }
    let ddc = dir.path().join("files/downloads/DDC-CTG-2026-000001.pdf");
    assert!(
        lopdf::Document::load(&ddc).is_ok(),
        "the DDC was saved as a PDF"
    );
}
