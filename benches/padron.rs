//! Imports a synthetic 1,000,000-row padrón into SQLite from a CSV file (the same path
//! as `contigo-bot import padron`), and the same file with the sqlite3 command line's
//! `.import` into a table with the same indexes (the floor), in the same run; prints
//! both times, their ratio (target: at most 2) and the import's peak memory. The file
//! has every column, the directive's files included (authorisation date and reason,
//! disaffiliation, the bimester's payment), so the import also adds each row's dated
//! events to the history (`padron_history`), which the floor does not have to do.
//! Then times DNI lookups (with the card's history) and district totals.
//!
//! `cargo bench --bench padron` (ROWS=200000 for a quicker run; SQLITE3=path to
//! another sqlite3 binary).

use std::io::Write;
use std::time::{Duration, Instant};

use contigo_bot::demo::synthetic_padron;
use contigo_bot::documents::padron_csv::list_table;
use contigo_bot::domain::padron::Scope;
use contigo_bot::domain::{Catalog, Dni, Ubigeo};
use contigo_bot::store::{Store, padron};

fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let rows: usize = std::env::var("ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir()?;
    let today: chrono::NaiveDate = "2026-11-14".parse()?;
    // Every district of the country, so a district holds ~530 beneficiaries.
    let districts: Vec<String> = Catalog::embedded()
        .districts()
        .iter()
        .map(|d| d.code.as_str().to_owned())
        .collect();
    let refs: Vec<&str> = districts.iter().map(String::as_str).collect();

    let csv_path = dir.path().join("padron.csv");
    let started = Instant::now();
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&csv_path)?);
        let mut first = true;
        let all = synthetic_padron(rows, &refs, today, 7);
        let mut batch = Vec::with_capacity(50_000);
        for b in all {
            batch.push(b);
            if batch.len() == 50_000 {
                write_chunk(&mut file, &batch, today, &mut first)?;
                batch.clear();
            }
        }
        write_chunk(&mut file, &batch, today, &mut first)?;
        file.flush()?;
    }
    let size_mb = std::fs::metadata(&csv_path)?.len() as f64 / 1e6;
    println!(
        "wrote synthetic CSV: {rows} rows, {size_mb:.0} MB in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let floor = sqlite3_import(&csv_path, &dir.path().join("floor.db"))?;
    println!(
        "sqlite3 .import (same file, same indexes): {:.2} s",
        floor.as_secs_f64()
    );

    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let store = Store::connect(&url, 1).await?;
    store.migrate().await?;
    // The import's own peak: forget the one of writing the CSV.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let started = Instant::now();
    let report = contigo_bot::imports::padron_file(&store, &csv_path, today, 0).await?;
    let import = started.elapsed();
    let import_peak = peak_memory_kb();
    println!(
        "import: {} rows in {:.2} s ({:.0} rows/s)",
        report.rows,
        import.as_secs_f64(),
        report.rows as f64 / import.as_secs_f64()
    );
    if let Some(kb) = import_peak {
        println!("import peak memory (VmHWM): {:.0} MB", kb as f64 / 1024.0);
    }
    println!(
        "ratio import / sqlite3 .import: {:.2} (target <= 2)",
        import.as_secs_f64() / floor.as_secs_f64()
    );

    let mut conn = store.pool.acquire().await?;
    let events: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT COUNT(*) AS n FROM padron_history")
            .fetch_one(&mut *conn)
            .await?,
        "n",
    )?;
    println!("history events recorded by the import: {events}");
    let mut times = vec![];
    for i in 0..2000u64 {
        let n = (i * 7919) % rows as u64;
        let dni = Dni::parse(&format!("{:08}", 90_000_000 + n))?;
        let scope = Scope::District(Ubigeo::parse(&districts[n as usize % districts.len()])?);
        let t = Instant::now();
        let found = padron::lookup(&mut conn, &scope, &dni).await?;
        let history = padron::history(&mut conn, &scope, &dni).await?;
        times.push(t.elapsed());
        assert!(found.is_some() && !history.is_empty());
    }
    times.sort();
    println!(
        "DNI lookup with history (2000): p50 {:?}  p99 {:?}",
        percentile(&times, 0.5),
        percentile(&times, 0.99)
    );

    let mut times = vec![];
    for i in 0..200usize {
        let scope = Scope::District(Ubigeo::parse(&districts[(i * 37) % districts.len()])?);
        let t = Instant::now();
        let totals = padron::status_totals(&mut conn, &scope).await?;
        let _ = padron::minors_without_collector(&mut conn, &scope, today).await?;
        times.push(t.elapsed());
        assert!(totals.iter().map(|(_, n)| n).sum::<i64>() > 0);
    }
    times.sort();
    println!(
        "district totals + minors (200): p50 {:?}  p99 {:?}",
        percentile(&times, 0.5),
        percentile(&times, 0.99)
    );
    let t = Instant::now();
    let _ = padron::status_totals(&mut conn, &Scope::Region("15".into())).await?;
    println!("region totals (Lima): {:?}", t.elapsed());
    drop(conn);
    store.close().await;
    if let Some(kb) = peak_memory_kb() {
        println!("peak memory (VmHWM): {:.0} MB", kb as f64 / 1024.0);
    }
    Ok(())
}

/// The floor: the sqlite3 command line loading the same file into a table with the
/// same columns and the same three indexes (primary key, ubigeo, a second
/// low-cardinality one), with the page cache and journal settings the import uses.
fn sqlite3_import(csv: &std::path::Path, db: &std::path::Path) -> anyhow::Result<Duration> {
    let sqlite3 = std::env::var("SQLITE3").unwrap_or_else(|_| "/usr/bin/sqlite3".into());
    let schema = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
        CREATE TABLE padron (dni TEXT NOT NULL, nombres TEXT NOT NULL, apellidos TEXT NOT NULL,
          fecha_nacimiento TEXT NOT NULL, edad TEXT, ubigeo TEXT NOT NULL, estado TEXT NOT NULL,
          estado_autorizacion_cobro TEXT NOT NULL, cobrador TEXT, solicitud_fecha TEXT,
          solicitud_estado TEXT, solicitud_motivo TEXT, categoria TEXT NOT NULL,
          autorizacion_fecha TEXT, autorizacion_motivo TEXT, desafiliacion_fecha TEXT,
          desafiliacion_motivo TEXT, pago_estado TEXT, pago_fecha TEXT,
          PRIMARY KEY (dni));
        CREATE INDEX padron_ubigeo ON padron (ubigeo);
        CREATE INDEX padron_region ON padron (estado);";
    let status = std::process::Command::new(&sqlite3)
        .arg(db)
        .arg(schema)
        .stdout(std::process::Stdio::null())
        .status()?;
    anyhow::ensure!(status.success(), "{sqlite3} could not create the table");
    let started = Instant::now();
    let status = std::process::Command::new(&sqlite3)
        .arg(db)
        .arg("PRAGMA cache_size = -32768")
        .arg(".mode csv")
        .arg(format!(".import --skip 1 {} padron", csv.display()))
        .status()?;
    let took = started.elapsed();
    anyhow::ensure!(status.success(), "{sqlite3} .import failed");
    Ok(took)
}

fn write_chunk(
    file: &mut impl Write,
    batch: &[contigo_bot::domain::padron::Beneficiary],
    today: chrono::NaiveDate,
    first: &mut bool,
) -> anyhow::Result<()> {
    let bytes = list_table("padron", batch, today).to_csv();
    // Each chunk carries the header: keep it on the first only.
    let text = std::str::from_utf8(&bytes)?;
    let body = if *first {
        text
    } else {
        text.split_once('\n').map_or("", |(_, rest)| rest)
    };
    *first = false;
    file.write_all(body.as_bytes())?;
    Ok(())
}
