//! Times the coverage view (`services::coverage::coverage`) over the whole country:
//! a synthetic padrón of 80,000 beneficiaries spread over every district of the INEI
//! catalog, an active access in 84 % of them (seed 001's figure), each bound to a
//! chat with a few usage events, and a request in process in half of the rest.
//! Prints the districts counted and the median and worst of 20 runs (target: under
//! a second). SQLite by default; `BENCH_POSTGRES_URL=postgres://…/db` (an empty
//! database) runs it on PostgreSQL too.
//!
//! `cargo bench --bench coverage`

use std::time::{Duration, Instant};

use contigo_bot::demo::{Place, active_access, synthetic_padron};
use contigo_bot::domain::Catalog;
use contigo_bot::services::coverage;
use contigo_bot::store::{Store, padron};

const BENEFICIARIES: usize = 80_000;
const RUNS: usize = 20;
const DAY: i64 = 86_400;

async fn fill(store: &Store, districts: &[&str], now: i64) -> anyhow::Result<()> {
    let today: chrono::NaiveDate = "2026-11-28".parse()?;
    padron::replace_with(
        store,
        synthetic_padron(BENEFICIARIES, districts, today, 11),
        today,
        now,
    )
    .await?;
    let mut tx = store.begin().await?;
    for (i, code) in districts.iter().enumerate() {
        // 84 of every 100 districts active, activated over the last 200 days.
        if i % 100 < 84 {
            let at = now - (i as i64 % 200) * DAY;
            let row = active_access(&mut tx, Place::District(code), "987650001", at).await?;
            let chat = format!("bench-{i}");
            sqlx::query(
                "INSERT INTO ally_bindings (channel, chat_id, request_id, bound_at)
                 VALUES ('telegram', $1, $2, $3)",
            )
            .bind(&chat)
            .bind(row.id)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            // A few uses, the last between 0 and 120 days ago.
            for k in 0..5_i64 {
                sqlx::query(
                    "INSERT INTO usage_events (at, channel, chat_id, kind) VALUES ($1, 'telegram', $2, 'view')",
                )
                .bind(now - ((i as i64 * 7 + k * 13) % 120) * DAY)
                .bind(&chat)
                .execute(&mut *tx)
                .await?;
            }
        } else if i % 2 == 0 {
            sqlx::query(
                "INSERT INTO access_requests (code, access_type, jurisdiction, authority_dni, stage,
                     fiscal_year, data, channel, chat_id, locale, created_at, updated_at)
                 VALUES ($1, 'local', $2, '99999901', 'uac_review', 2026, '{}', 'telegram', $3, 'es', $4, $4)",
            )
            .bind(format!("CTG-2026-B{i:05}"))
            .bind(*code)
            .bind(format!("bench-p{i}"))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

async fn run(label: &str, store: &Store, districts: &[&str]) -> anyhow::Result<()> {
    let now = 1_796_000_000;
    let started = Instant::now();
    fill(store, districts, now).await?;
    println!(
        "{label}: filled {} districts, {BENEFICIARIES} beneficiaries in {:.1} s",
        districts.len(),
        started.elapsed().as_secs_f64()
    );
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let mut conn = store.read.acquire().await?;
        let started = Instant::now();
        let c = coverage::coverage(&mut conn, now).await?;
        times.push(started.elapsed());
        last = Some(c);
    }
    times.sort();
    let c = last.expect("ran");
    println!(
        "{label}: coverage of {} districts ({} active, {:.1} %; {} unused 30+ days) in median {:.1} ms, worst {:.1} ms (target < 1000 ms)",
        c.districts.len(),
        c.national.active,
        c.national.percent(),
        c.national.idle[0],
        times[RUNS / 2].as_secs_f64() * 1e3,
        times[RUNS - 1].as_secs_f64() * 1e3,
    );
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let districts: Vec<String> = Catalog::embedded()
        .districts()
        .iter()
        .map(|d| d.code.as_str().to_owned())
        .collect();
    let refs: Vec<&str> = districts.iter().map(String::as_str).collect();
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let store = Store::connect(&url, 2).await?;
    store.migrate().await?;
    run("sqlite", &store, &refs).await?;
    store.close().await;
    if let Ok(url) = std::env::var("BENCH_POSTGRES_URL") {
        let store = Store::connect(&url, 4).await?;
        store.migrate().await?;
        run("postgres", &store, &refs).await?;
        store.close().await;
    }
    Ok(())
}
