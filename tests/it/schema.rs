//! The two migration trees (`migrations/sqlite`, `migrations/postgres`) must build the
//! same schema: the same tables, columns and indexes by name, as each database
//! reports them after migrating. Types differ on purpose (INTEGER vs BIGINT).

use std::collections::BTreeSet;

use contigo_bot::store::Store;
use sqlx::Row;

use crate::support::{Backend, TestDb};

async fn names(store: &Store, sql: &str) -> BTreeSet<String> {
    sqlx::query(sql)
        .fetch_all(&store.pool)
        .await
        .expect("schema query")
        .into_iter()
        .map(|r| r.try_get::<String, _>(0).expect("a name"))
        .collect()
}

/// `table`, `table.column` and `index name on table`, as SQLite reports them.
async fn sqlite_schema(store: &Store) -> BTreeSet<String> {
    let tables = names(
        store,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .await;
    let mut schema = tables.clone();
    for table in &tables {
        let sql = format!("SELECT '{table}.' || name FROM pragma_table_info('{table}')");
        schema.extend(names(store, &sql).await);
    }
    // Indexes SQLite makes for PRIMARY KEY / UNIQUE are named sqlite_autoindex_*;
    // PostgreSQL's equivalents are left out below too.
    schema.extend(
        names(
            store,
            "SELECT name || ' on ' || tbl_name FROM sqlite_master
             WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'",
        )
        .await,
    );
    schema
}

async fn postgres_schema(store: &Store) -> BTreeSet<String> {
    let mut schema = names(
        store,
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    )
    .await;
    schema.extend(
        names(
            store,
            "SELECT (table_name || '.' || column_name)::text FROM information_schema.columns
             WHERE table_schema = 'public'",
        )
        .await,
    );
    schema.extend(
        names(
            store,
            "SELECT (i.relname || ' on ' || t.relname)::text
             FROM pg_index x
             JOIN pg_class i ON i.oid = x.indexrelid
             JOIN pg_class t ON t.oid = x.indrelid
             JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = 'public'
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
        )
        .await,
    );
    schema
}

async fn migrated(db: &TestDb) -> Store {
    let store = Store::connect(&db.url, 2).await.expect("connect");
    store.migrate().await.expect("migrate");
    store
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_migration_trees_build_the_same_schema() {
    let sqlite_db = TestDb::new(Backend::Sqlite).await;
    let postgres_db = TestDb::new(Backend::Postgres).await;
    let sqlite = sqlite_schema(&migrated(&sqlite_db).await).await;
    let postgres = postgres_schema(&migrated(&postgres_db).await).await;
    assert!(
        sqlite.contains("access_requests.verification_code"),
        "{sqlite:?}"
    );
    let only_sqlite: Vec<&String> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<&String> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "the migration trees differ:\n only in SQLite: {only_sqlite:?}\n only in PostgreSQL: {only_postgres:?}"
    );
}

/// Migration 0240 gives the observations kept before it their reason's code, read from
/// the words the reviewer's pick stored (Spanish or English, spaces around or not); a
/// reason typed freely, and another stage's note with the same words, get none. The
/// history's append-only guard is back afterwards.
async fn observation_reasons_are_back_filled_from_the_stored_words(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = Store::connect(&db.url, 2).await.expect("connect");
    let tree = match backend {
        Backend::Sqlite => "migrations/sqlite",
        Backend::Postgres => "migrations/postgres",
    };
    let mut before =
        sqlx::migrate::Migrator::new(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(tree))
            .await
            .expect("the migrations");
    before.migrations = before
        .migrations
        .iter()
        .filter(|m| m.version < 240)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    before.run(&store.pool).await.expect("migrated up to 0240");
    sqlx::query(
        "INSERT INTO access_requests (code, access_type, jurisdiction, authority_dni, stage,
            fiscal_year, data, channel, chat_id, locale, created_at, updated_at)
         VALUES ('CTG-2026-000001', 'local', '090101', '40000001', 'observed', 2026, '{}',
            'telegram', '7001', 'es', 0, 0)",
    )
    .execute(&store.pool)
    .await
    .expect("a request");
    let kept = [
        (
            "observed",
            "La DDC no tiene firma o sello",
            Some("unsigned"),
        ),
        (
            "observed",
            " The DDC is illegible or incomplete ",
            Some("illegible"),
        ),
        (
            "observed",
            "Los datos de la autoridad no coinciden con el JNE",
            Some("jne"),
        ),
        (
            "observed",
            "The responsible person's data is missing or wrong",
            Some("responsible"),
        ),
        (
            "observed",
            "Falta el documento de designación",
            Some("designation"),
        ),
        (
            "observed",
            "Falta la firma del alcalde en la página 2",
            None,
        ),
        ("rejected", "La DDC no tiene firma o sello", None),
    ];
    for (i, (to, note, _)) in kept.iter().enumerate() {
        sqlx::query(&format!(
            "INSERT INTO stage_transitions (request_id, from_stage, to_stage, actor, note, at)
             VALUES (1, 'uac_review', '{to}', 'UAC', '{}', {i})",
            note.replace('\'', "''")
        ))
        .execute(&store.pool)
        .await
        .expect("a history row");
    }
    store.migrate().await.expect("the rest of the migrations");
    let codes: Vec<Option<String>> =
        sqlx::query("SELECT reason_code FROM stage_transitions ORDER BY id")
            .fetch_all(&store.pool)
            .await
            .expect("history")
            .into_iter()
            .map(|r| r.try_get("reason_code").expect("reason_code"))
            .collect();
    let want: Vec<Option<String>> = kept.iter().map(|(_, _, c)| c.map(str::to_owned)).collect();
    assert_eq!(codes, want);
    let changed = sqlx::query("UPDATE stage_transitions SET note = 'otra' WHERE id = 1")
        .execute(&store.pool)
        .await;
    assert!(changed.is_err(), "the history is append-only again");
    store.close().await;
}

crate::backends!(observation_reasons_are_back_filled_from_the_stored_words);
