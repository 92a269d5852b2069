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
