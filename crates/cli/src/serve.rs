//! `iomed serve`: the site, the API and the clock, on the store, until a signal or a stopped
//! writer.

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use iomed_store::{Clock, SystemClock};

use crate::registry::seed_registry;
use crate::{DbArgs, demo, open_blobs, open_with_clock, users};

#[derive(Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "IOMED_LISTEN")]
    listen: SocketAddr,
    /// Record the known registry facts on an empty database, and print the demonstration sign-ins.
    #[arg(long)]
    demo: bool,
    /// The address users reach this server at, for links in e-mail (default: http://LISTEN).
    #[arg(long, env = "IOMED_PUBLIC_URL")]
    public_url: Option<String>,
    /// An SMTP relay for e-mail, e.g. smtp://localhost:25. Without it, e-mail is written as .eml
    /// files to DATA/outbox.
    #[arg(long, env = "IOMED_SMTP_URL")]
    smtp_url: Option<String>,
    /// The sender of e-mail.
    #[arg(long, env = "IOMED_MAIL_FROM", default_value = "IOMed <no-reply@iomed.example>")]
    mail_from: String,
    /// Start the server's clock at this instant (RFC 3339, e.g. 2026-11-16T02:00:00Z); it then
    /// runs at the wall clock's pace. Only with --demo: for reproducible demonstrations and for
    /// tests that must not depend on the day they run.
    #[arg(long, requires = "demo")]
    clock: Option<jiff::Timestamp>,
    /// Requests per minute each API token may make (default 600). Only with --demo: for the
    /// contract check of the API, which sends thousands of requests with one token.
    #[arg(long, requires = "demo")]
    token_budget: Option<u32>,
    /// A reverse proxy in front of iomed (repeat for several): for requests from it, the client's
    /// address is the last one it appended to X-Forwarded-For, so that sign-in limits count
    /// clients, not the proxy.
    #[arg(long = "trusted-proxy", env = "IOMED_TRUSTED_PROXY", value_delimiter = ',')]
    trusted_proxies: Vec<std::net::IpAddr>,
    /// Serve /metrics (Prometheus text format) on this address, apart from the site: request
    /// counts and latencies by route, the ledger writer, the outbox. No label names a case.
    #[arg(long, env = "IOMED_METRICS_LISTEN")]
    metrics_listen: Option<SocketAddr>,
}

pub(crate) async fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    // The demo data is recorded first, through a store whose clock the seeding moves back, so that
    // the demo cases' steps carry past dates and their deadlines run from today.
    let (blobs, master) = open_blobs(&args.db)?;
    let server_clock: Arc<dyn iomed_store::Clock> = match args.clock {
        Some(start) => Arc::new(iomed_store::ShiftedClock::starting_at(start)),
        None => Arc::new(SystemClock),
    };
    let demo_lines = if args.demo {
        let now = server_clock.now();
        let clock = Arc::new(iomed_store::FixedClock::new(now));
        let demo_store = open_with_clock(&args.db, clock.clone()).await?;
        let seeded = async {
            if demo_store.head().await?.seq == 0 {
                let n = seed_registry(&demo_store).await?;
                println!("demo: recorded {n} registry facts from public sources");
            }
            let lines = users::demo_sign_ins(&demo_store).await?;
            if let Some(seeded) = demo::seed_cases(&demo_store, (&blobs, &master), &clock, now).await? {
                println!("demo: recorded {} fictional cases in every stage", seeded.cases);
                demo::seed_mediator(&demo_store, &clock, now, seeded.first).await?;
                println!("demo: the fictional mediator Kwame Mensah is appointed to the first case and accepted");
                let documents = demo::seed_documents(&demo_store, &blobs, &master, seeded.first).await?;
                println!(
                    "demo: filed {documents} fictional documents in the first case, in every audience of its parties"
                );
            }
            anyhow::Ok(lines)
        }
        .await;
        demo_store.close().await;
        seeded?
    } else {
        Vec::new()
    };
    let store = open_with_clock(&args.db, server_clock.clone()).await?;
    let where_ = match &args.db.database_url {
        Some(url) => iomed_store::redact(url),
        None => display(&args.db.data),
    };
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let local = listener.local_addr()?;
    let public_url = args.public_url.clone().unwrap_or_else(|| format!("http://{local}"));
    // Staged uploads carry the storage's own timestamps, which follow the wall clock.
    let day_ago = SystemClock.now() - jiff::SignedDuration::from_hours(24);
    match store.sweep_blobs(&blobs, day_ago).await {
        Ok(swept) if swept.is_empty() => {}
        Ok(swept) => println!(
            "removed what an earlier run left behind: {} unfinished uploads, {} blobs no document names ({} bytes)",
            swept.staging,
            swept.orphans.len(),
            swept.bytes
        ),
        Err(e) => eprintln!("warning: could not sweep the blob store: {e}"),
    }
    let blobs_note = blobs.describe().to_owned();
    let mut state =
        iomed_web::AppState::new(store.clone(), blobs, master, &public_url)?.with_trusted_proxies(args.trusted_proxies);
    if let Some(per_minute) = args.token_budget {
        state = state.with_token_budget(per_minute);
    }
    let app = iomed_web::router(state.clone());
    let (mailer, mail_note) = match &args.smtp_url {
        Some(url) => (iomed_web::mail::Mailer::Smtp(url.clone()), format!("by SMTP via {}", iomed_store::redact(url))),
        None => {
            let dir = args.db.data.join("outbox");
            let note = format!("written as .eml files to {}", display(&args.db.data).to_string() + "/outbox");
            (iomed_web::mail::Mailer::Files(dir), note)
        }
    };
    let sender = iomed_web::mail::spawn_sender(store.clone(), mailer, args.mail_from.clone());
    let metrics = match args.metrics_listen {
        Some(address) => {
            let handle = iomed_web::kit::metrics::recorder().context("the metrics recorder could not be installed")?;
            let listener = tokio::net::TcpListener::bind(address)
                .await
                .with_context(|| format!("cannot listen on {address} for metrics"))?;
            let at = listener.local_addr()?;
            let router = iomed_web::kit::metrics::router(handle);
            let task = tokio::spawn(async move {
                if let Err(e) = axum::serve(listener, router).await {
                    tracing::error!(error = %e, "the metrics server stopped");
                }
            });
            Some((at, task))
        }
        None => None,
    };
    println!("iomed is serving http://{local}/  (database: {where_}, {:?})", store.engine());
    if let Some((at, _)) = &metrics {
        println!("  metrics:    http://{at}/metrics (Prometheus text format)");
    }
    if let Some(start) = args.clock {
        println!("  clock:      started at {start} (--clock), running on from there");
    }
    if let Some(per_minute) = args.token_budget {
        println!("  API tokens: {per_minute} requests a minute each (--token-budget)");
    }
    println!("  registry:   http://{local}/members");
    println!("  API:        http://{local}/api  (OpenAPI: http://{local}/api/openapi.json)");
    println!("  e-mail:     {mail_note}");
    println!("  documents:  encrypted in the {blobs_note}");
    if args.demo {
        println!("  demo sign-ins at http://{local}/sign-in (password for all: {}):", users::DEMO_PASSWORD);
        for line in demo_lines {
            println!("    {line}");
        }
    }
    // Apply the automatic consequences of passed time limits now and every minute.
    let case_clock = iomed_web::cases::clock::spawn_clock(state.clone(), std::time::Duration::from_secs(60));
    // Send the daily digests due, every minute (each person's after 8:00 in their time zone).
    let digests = iomed_web::notifications::digest::spawn_digests(state.clone(), std::time::Duration::from_secs(60));
    // Sign a checkpoint every minute the head has moved, and on shutdown.
    let ticker = {
        let store = store.clone();
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                interval.tick().await;
                if let Err(e) = store.checkpoint().await {
                    tracing::warn!(error = %e, "checkpoint failed");
                }
            }
        })
    };
    // A writer that stopped for good cannot be trusted with more requests: the process exits
    // with an error so that the operator's supervisor (systemd, Kubernetes) starts it again.
    let writer_failed = {
        let store = store.clone();
        async move { store.writer_stopped().await }
    };
    let failed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop = {
        let failed = failed.clone();
        async move {
            tokio::select! {
                _ = shutdown() => {},
                _ = writer_failed => {
                    failed.store(true, std::sync::atomic::Ordering::SeqCst);
                    eprintln!("error: the ledger writer has stopped (see the log above); iomed exits so that it can be restarted");
                },
            }
        }
    };
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(stop)
        .await
        .context("server failed")?;
    ticker.abort();
    sender.abort();
    if let Some((_, task)) = metrics {
        task.abort();
    }
    case_clock.abort();
    digests.abort();
    store.close().await;
    if failed.load(std::sync::atomic::Ordering::SeqCst) {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn display(path: &Path) -> String {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()).display().to_string()
}

async fn shutdown() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = ctrl_c.await;
                return;
            }
        };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
