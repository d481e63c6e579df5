//! `iomed bench ledger`: durable ledger appends per second with 1 and with 32 concurrent writers,
//! beside a baseline in the same process on the same engine: raw single-row inserts of a row of
//! the same size, one commit each.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::bail;
use clap::Args;
use iomed_store::{Engine, Signer, Store, SystemClock, VerifyReport};
use serde_json::json;

#[derive(Args)]
pub struct LedgerBenchArgs {
    /// A PostgreSQL URL to measure instead of SQLite. Its ledger must be empty: the benchmark
    /// appends test events.
    #[arg(long)]
    database_url: Option<String>,
    /// Directory for the SQLite database (default: a new temporary directory, removed after).
    #[arg(long)]
    data: Option<PathBuf>,
    /// How long each run lasts, in seconds.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// The writer counts to measure.
    #[arg(long, value_delimiter = ',', default_value = "1,32")]
    writers: Vec<usize>,
}

pub async fn ledger(args: LedgerBenchArgs) -> anyhow::Result<ExitCode> {
    let temp;
    let url = match (&args.database_url, &args.data) {
        (Some(url), _) => url.clone(),
        (None, Some(dir)) => {
            std::fs::create_dir_all(dir)?;
            iomed_store::sqlite_url(dir)
        }
        (None, None) => {
            temp = std::env::temp_dir().join(format!("iomed-bench-{}", std::process::id()));
            std::fs::create_dir_all(&temp)?;
            iomed_store::sqlite_url(&temp)
        }
    };
    let store = Store::open(&url, Signer::generate()?, Arc::new(SystemClock)).await?;
    if store.head().await?.seq != 0 {
        bail!("the ledger of this database is not empty: run the benchmark on a throwaway database");
    }
    let engine = store.engine();
    let pool = store.raw_pool().clone();
    sqlx::query("CREATE TABLE IF NOT EXISTS bench_baseline (id BIGINT PRIMARY KEY, body TEXT NOT NULL)")
        .execute(&pool)
        .await?;
    let duration = Duration::from_secs(args.seconds);
    println!("engine: {engine:?}; each run lasts {}s; durable commits ({})", args.seconds, durability(engine));
    println!("{:>8} {:>16} {:>16} {:>8}", "writers", "baseline ev/s", "ledger ev/s", "ratio");
    let mut next_id = 0i64;
    for &writers in &args.writers {
        let base = next_id;
        let baseline_pool = pool.clone();
        let baseline = run(writers, duration, move |w, i| {
            let pool = baseline_pool.clone();
            let id = base + (w as i64) * 10_000_000 + i as i64;
            async move {
                sqlx::query("INSERT INTO bench_baseline (id, body) VALUES ($1, $2)")
                    .bind(id)
                    .bind(body(w, i).to_string())
                    .execute(&pool)
                    .await
                    .map(|_| ())
                    .map_err(anyhow::Error::from)
            }
        })
        .await?;
        next_id += 1_000_000_000;
        let ledger_store = store.clone();
        let ledger = run(writers, duration, move |w, i| {
            let store = ledger_store.clone();
            async move {
                store
                    .record("bench", &format!("bench/{w}"), "bench.event", body(w, i))
                    .await
                    .map(|_| ())
                    .map_err(anyhow::Error::from)
            }
        })
        .await?;
        println!("{writers:>8} {baseline:>16.0} {ledger:>16.0} {:>7.1}x", ledger / baseline);
    }
    match store.verify().await? {
        VerifyReport::Intact { rows, .. } => println!("ledger verified after the run: {rows} entries intact"),
        VerifyReport::Broken { seq, reason } => bail!("the ledger broke during the benchmark at {seq}: {reason}"),
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

fn durability(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "SQLite WAL, synchronous=FULL",
        Engine::Postgres => "as the server is configured: fsync and synchronous_commit decide",
    }
}

fn body(w: usize, i: usize) -> serde_json::Value {
    json!({"writer": w, "i": i, "note": "benchmark event of a typical registry size, about two hundred bytes long, padded"})
}

/// Runs `writers` concurrent loops for `duration` and returns completed operations per second.
async fn run<F, Fut>(writers: usize, duration: Duration, op: F) -> anyhow::Result<f64>
where
    F: Fn(usize, usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = anyhow::Result<()>> + Send,
{
    let start = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..writers {
        let op = op.clone();
        tasks.push(tokio::spawn(async move {
            let mut done = 0usize;
            while start.elapsed() < duration {
                op(w, done).await?;
                done += 1;
            }
            anyhow::Ok(done)
        }));
    }
    let mut total = 0usize;
    for t in tasks {
        total += t.await??;
    }
    Ok(total as f64 / start.elapsed().as_secs_f64())
}
