//! `iomed`: the one binary. Serves the site and API, migrates, verifies the ledger, administers
//! the registry, and measures itself.

mod bench;
mod demo;
mod seed;
mod users;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, anyhow, bail};
use clap::{Args, Parser, Subcommand};
use iomed_domain::registry::{Command as RegistryCommand, Evidence, Instrument, StateCode, Subject};
use iomed_store::blobs::{BlobLocation, Blobs, MasterKey, S3Settings};
use iomed_store::{Clock, Signer, Store, StoreError, SystemClock, VerifyReport};
use jiff::civil::Date;

#[derive(Parser)]
#[command(name = "iomed", version, about = "The platform of the International Organization for Mediation")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the public site, the web interface and the JSON API.
    Serve(ServeArgs),
    /// Apply the database migrations and exit.
    Migrate(DbArgs),
    /// The tamper-evident ledger.
    #[command(subcommand)]
    Ledger(LedgerCommand),
    /// Record changes to the member-State registry; each is a ledger event.
    #[command(subcommand)]
    Registry(RegistryCli),
    /// User accounts, for the operator (how the first Secretary-General gets in).
    #[command(subcommand)]
    User(UserCli),
    /// API tokens for machine clients.
    #[command(subcommand)]
    Token(TokenCli),
    /// Designations to the panels of mediators, on a Contracting State's notification.
    #[command(subcommand)]
    Panel(PanelCli),
    /// Benchmarks, reported beside a baseline run in the same process.
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Subcommand)]
pub(crate) enum PanelCli {
    /// Record a designation (the mediator needs the mediator role and a profile).
    Designate {
        #[command(flatten)]
        db: DbArgs,
        /// The designating State's three-letter code.
        #[arg(long)]
        state: String,
        /// inter_state or commercial_investment.
        #[arg(long)]
        panel: String,
        /// The mediator's e-mail address.
        #[arg(long)]
        email: String,
        /// The date of the notification (YYYY-MM-DD).
        #[arg(long)]
        on: Date,
    },
    /// Renew a designation from a date.
    Renew {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        designation: i64,
        #[arg(long)]
        on: Date,
    },
    /// Withdraw a designation from a date.
    Withdraw {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        designation: i64,
        #[arg(long)]
        on: Date,
    },
    /// List the designations.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
pub(crate) enum UserCli {
    /// Create a user with roles; with --password-stdin, read the first line of standard input as
    /// the password.
    Add {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// A role (repeat for several): secretary_general, deputy_secretary_general, registrar,
        /// case_secretary, finance_officer, representative, mediator, council_representative,
        /// council_alternate.
        #[arg(long = "role")]
        roles: Vec<String>,
        #[arg(long)]
        password_stdin: bool,
        #[arg(long, default_value = "en")]
        language: String,
        #[arg(long, default_value = "Asia/Hong_Kong")]
        time_zone: String,
    },
    /// List users and their roles.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Remove a user's second factor (a lost device) and end their sessions; they set it up again
    /// at their next sign-in.
    ResetMfa {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
pub(crate) enum TokenCli {
    /// Create an API token for a user; the token is printed once.
    Create {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value_t = 90)]
        days: i64,
    },
}

#[derive(Args, Clone)]
pub(crate) struct DbArgs {
    /// Data directory for the embedded SQLite database and the signing key.
    #[arg(long, default_value = "iomed-data", env = "IOMED_DATA")]
    data: PathBuf,
    /// A PostgreSQL URL (postgres://…) to use instead of the embedded database.
    #[arg(long, env = "IOMED_DATABASE_URL")]
    database_url: Option<String>,
    /// The Ed25519 key file that signs ledger checkpoints (default: DATA/ledger-signing.key,
    /// created at first start).
    #[arg(long, env = "IOMED_SIGNING_KEY")]
    signing_key: Option<PathBuf>,
    /// Where document content is kept, encrypted: a directory (default: DATA/blobs) or
    /// s3://BUCKET[/PREFIX] for S3-compatible storage, reached with IOMED_S3_ENDPOINT,
    /// IOMED_S3_REGION, IOMED_S3_ACCESS_KEY and IOMED_S3_SECRET_KEY.
    #[arg(long, env = "IOMED_BLOBS")]
    blobs: Option<String>,
    /// The file holding the master key that wraps every case's data key (default:
    /// DATA/master.key, created at first start). Keep it apart from the database's backups.
    #[arg(long, env = "IOMED_MASTER_KEY_FILE")]
    master_key: Option<PathBuf>,
}

#[derive(Args)]
struct ServeArgs {
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
    /// A reverse proxy in front of iomed (repeat for several): for requests from it, the client's
    /// address is the last one it appended to X-Forwarded-For, so that sign-in limits count
    /// clients, not the proxy.
    #[arg(long = "trusted-proxy", env = "IOMED_TRUSTED_PROXY", value_delimiter = ',')]
    trusted_proxies: Vec<std::net::IpAddr>,
}

#[derive(Subcommand)]
enum LedgerCommand {
    /// Recompute the hash chain and check the signed checkpoints. Exit 0 when intact, 1 when not.
    Verify(DbArgs),
}

#[derive(Args)]
struct Fact {
    /// Where this fact comes from (a document, a depositary notification, a news report).
    #[arg(long)]
    source: String,
    /// The source could not be verified; the fact is shown marked as unverified.
    #[arg(long)]
    unverified: bool,
}

impl Fact {
    fn evidence(&self) -> anyhow::Result<Evidence> {
        Ok(Evidence::new(!self.unverified, &self.source)?)
    }
}

#[derive(Subcommand)]
enum RegistryCli {
    /// Record a State's signature of the Convention.
    Sign {
        #[command(flatten)]
        db: DbArgs,
        /// ISO 3166-1 alpha-3 code.
        code: String,
        /// Date of signature (YYYY-MM-DD).
        #[arg(long, conflicts_with = "date_unknown", required_unless_present = "date_unknown")]
        on: Option<Date>,
        /// The date of signature is not known.
        #[arg(long)]
        date_unknown: bool,
        #[command(flatten)]
        fact: Fact,
    },
    /// Record a State's consent to be bound: ratification, acceptance, approval or accession.
    Ratify {
        #[command(flatten)]
        db: DbArgs,
        code: String,
        #[arg(long, default_value = "ratification")]
        instrument: String,
        /// Date the instrument was deposited (YYYY-MM-DD).
        #[arg(long, conflicts_with_all = ["date_unknown", "before_entry_into_force"], required_unless_present_any = ["date_unknown", "before_entry_into_force"])]
        on: Option<Date>,
        /// The date is not known, but the instrument was among those that brought the Convention into force.
        #[arg(long)]
        before_entry_into_force: bool,
        /// The date is not known.
        #[arg(long)]
        date_unknown: bool,
        #[command(flatten)]
        fact: Fact,
    },
    /// Record a declaration excluding categories of dispute.
    Declare {
        #[command(flatten)]
        db: DbArgs,
        code: String,
        /// A category excluded (repeat for several): territorial_sovereignty, maritime_delimitation,
        /// maritime_interests, investment, trade, energy, water, environment, other.
        #[arg(long = "subject", required = true)]
        subjects: Vec<String>,
        /// The declaration's text or summary.
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        on: Date,
        #[command(flatten)]
        fact: Fact,
    },
    /// Record the withdrawal of a declaration.
    WithdrawDeclaration {
        #[command(flatten)]
        db: DbArgs,
        code: String,
        /// The declaration's number, as shown on the State's page.
        #[arg(long)]
        number: u32,
        #[arg(long)]
        on: Date,
        #[command(flatten)]
        fact: Fact,
    },
    /// Record a State's notice of denunciation (withdrawal from the Convention).
    Denounce {
        #[command(flatten)]
        db: DbArgs,
        code: String,
        /// Date the notice was received.
        #[arg(long)]
        on: Date,
        #[command(flatten)]
        fact: Fact,
    },
    /// Record the Convention's entry into force, where the instruments on record lack their dates.
    EntryIntoForce {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        on: Date,
        #[command(flatten)]
        fact: Fact,
    },
    /// Record the facts known from public sources (only on a database with an empty ledger).
    Seed {
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Durable ledger appends per second with 1 and 32 writers, beside raw single-row inserts.
    Ledger(bench::LedgerBenchArgs),
}

/// The operator at the command line.
const CLI_ACTOR: &str = "operator:cli";

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

pub(crate) async fn open(db: &DbArgs) -> anyhow::Result<Store> {
    open_with_clock(db, Arc::new(SystemClock)).await
}

pub(crate) async fn open_with_clock(db: &DbArgs, clock: Arc<dyn iomed_store::Clock>) -> anyhow::Result<Store> {
    let url = match &db.database_url {
        Some(url) => url.clone(),
        None => {
            std::fs::create_dir_all(&db.data)
                .with_context(|| format!("cannot create the data directory {}", db.data.display()))?;
            iomed_store::sqlite_url(&db.data)
        }
    };
    let key_path = db.signing_key.clone().unwrap_or_else(|| db.data.join("ledger-signing.key"));
    if let Some(parent) = key_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let signer = Signer::load_or_create(&key_path)?;
    let store = Store::open(&url, signer, clock).await?;
    Ok(store)
}

/// The blob store and the master key, from the arguments.
pub(crate) fn open_blobs(db: &DbArgs) -> anyhow::Result<(Blobs, MasterKey)> {
    let location = match db.blobs.as_deref() {
        Some(url) if url.starts_with("s3://") => {
            let rest = &url["s3://".len()..];
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            let var = |name: &str| std::env::var(name).unwrap_or_default();
            let region = var("IOMED_S3_REGION");
            BlobLocation::S3(S3Settings {
                bucket: bucket.to_owned(),
                endpoint: var("IOMED_S3_ENDPOINT"),
                region: if region.is_empty() { "us-east-1".into() } else { region },
                access_key: var("IOMED_S3_ACCESS_KEY"),
                secret_key: var("IOMED_S3_SECRET_KEY"),
                prefix: prefix.to_owned(),
            })
        }
        Some(dir) => BlobLocation::Local(PathBuf::from(dir)),
        None => BlobLocation::Local(db.data.join("blobs")),
    };
    let blobs = Blobs::open(&location)?;
    let key_path = db.master_key.clone().unwrap_or_else(|| db.data.join("master.key"));
    if let Some(parent) = key_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    Ok((blobs, MasterKey::load_or_create(&key_path)?))
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve(args).await,
        Command::Migrate(db) => {
            let store = open(&db).await?;
            println!("migrations applied ({:?})", store.engine());
            store.close().await;
            Ok(ExitCode::SUCCESS)
        }
        Command::Ledger(LedgerCommand::Verify(db)) => {
            let store = open(&db).await?;
            let report = store.verify().await?;
            store.close().await;
            match report {
                VerifyReport::Intact { rows, head, checkpoints } => {
                    println!(
                        "ledger intact: {rows} entries, head {} at entry {}, {checkpoints} signed checkpoints valid",
                        hex::encode(head.hash),
                        head.seq
                    );
                    Ok(ExitCode::SUCCESS)
                }
                VerifyReport::Broken { seq, reason } => {
                    println!("ledger BROKEN at entry {seq}: {reason}");
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Registry(command) => registry(command).await,
        Command::User(command) => users::user(command).await,
        Command::Token(command) => users::token(command).await,
        Command::Panel(command) => panel(command).await,
        Command::Bench(BenchCommand::Ledger(args)) => bench::ledger(args).await,
    }
}

fn parse_code(code: &str) -> anyhow::Result<StateCode> {
    Ok(StateCode::parse(code)?)
}

async fn registry(command: RegistryCli) -> anyhow::Result<ExitCode> {
    let (db, command) = match command {
        RegistryCli::Sign { db, code, on, date_unknown: _, fact } => {
            (db, RegistryCommand::Sign { state: parse_code(&code)?, on, evidence: fact.evidence()? })
        }
        RegistryCli::Ratify { db, code, instrument, on, before_entry_into_force, date_unknown: _, fact } => {
            let instrument = Instrument::parse(&instrument).ok_or_else(|| {
                anyhow!("'{instrument}' is not an instrument: use ratification, acceptance, approval or accession")
            })?;
            (
                db,
                RegistryCommand::ConsentToBeBound {
                    state: parse_code(&code)?,
                    instrument,
                    on,
                    before_entry_into_force,
                    evidence: fact.evidence()?,
                },
            )
        }
        RegistryCli::Declare { db, code, subjects, text, on, fact } => {
            let subjects = subjects
                .iter()
                .map(|s| Subject::parse(s).ok_or_else(|| anyhow!("'{s}' is not a category of dispute")))
                .collect::<anyhow::Result<Vec<_>>>()?;
            (db, RegistryCommand::Declare { state: parse_code(&code)?, subjects, text, on, evidence: fact.evidence()? })
        }
        RegistryCli::WithdrawDeclaration { db, code, number, on, fact } => (
            db,
            RegistryCommand::WithdrawDeclaration {
                state: parse_code(&code)?,
                declaration: number,
                on,
                evidence: fact.evidence()?,
            },
        ),
        RegistryCli::Denounce { db, code, on, fact } => {
            (db, RegistryCommand::Denounce { state: parse_code(&code)?, notified_on: on, evidence: fact.evidence()? })
        }
        RegistryCli::EntryIntoForce { db, on, fact } => {
            (db, RegistryCommand::RecordEntryIntoForce { on, evidence: fact.evidence()? })
        }
        RegistryCli::Seed { db } => {
            let store = open(&db).await?;
            let result = seed_registry(&store).await;
            store.close().await;
            let n = result?;
            println!("recorded {n} registry facts from public sources");
            return Ok(ExitCode::SUCCESS);
        }
    };
    let store = open(&db).await?;
    let result = store.registry_command(CLI_ACTOR, command).await;
    let checkpoint = store.checkpoint().await;
    store.close().await;
    match result {
        Ok(appended) => {
            checkpoint?;
            println!("recorded as ledger entry {} ({})", appended.seq, hex::encode(appended.hash));
            Ok(ExitCode::SUCCESS)
        }
        Err(StoreError::Refused(refusal)) => {
            eprintln!("refused ({}): {refusal}. Nothing was written.", refusal.code());
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

/// Records the known facts, if the ledger is empty. Returns how many were recorded.
async fn seed_registry(store: &Store) -> anyhow::Result<usize> {
    if store.head().await?.seq != 0 {
        bail!("the ledger is not empty: the seed is only for a new database");
    }
    let commands = seed::commands()?;
    let n = commands.len();
    for command in commands {
        store.registry_command("system:seed", command).await?;
    }
    store.checkpoint().await?;
    Ok(n)
}

async fn panel(command: PanelCli) -> anyhow::Result<ExitCode> {
    use iomed_store::mediators::MediatorChange;
    let (db, change) = match command {
        PanelCli::List { db } => {
            let store = open(&db).await?;
            for d in store.designations().await? {
                let ended = d.withdrawn_on.map(|w| format!(" (withdrawn {w})")).unwrap_or_default();
                println!(
                    "{}\t{}\t{}\t{}\t{} – {}{ended}",
                    d.id,
                    d.state,
                    d.panel.as_str(),
                    d.mediator_name,
                    d.designated_on,
                    d.ends_on
                );
            }
            store.close().await;
            return Ok(ExitCode::SUCCESS);
        }
        PanelCli::Designate { db, state, panel, email, on } => {
            let store = open(&db).await?;
            let email = iomed_domain::accounts::Email::parse(&email).map_err(|e| anyhow!("{e}"))?;
            let user = store.credentials(&email).await?.ok_or_else(|| anyhow!("no user with this e-mail"))?.user.id;
            store.close().await;
            let state = StateCode::parse(&state).map_err(|e| anyhow!("{e}"))?;
            let panel = iomed_domain::mediators::Panel::parse(&panel)
                .ok_or_else(|| anyhow!("the panel is inter_state or commercial_investment"))?;
            (db, MediatorChange::Designate { state, panel, mediator: user, on })
        }
        PanelCli::Renew { db, designation, on } => (db, MediatorChange::Renew { designation, on }),
        PanelCli::Withdraw { db, designation, on } => (db, MediatorChange::Withdraw { designation, on }),
    };
    let store = open(&db).await?;
    let result = store.mediator_change("cli", change).await;
    store.close().await;
    match result {
        Ok(appended) => {
            println!("recorded as ledger entry {}", appended.seq);
            Ok(ExitCode::SUCCESS)
        }
        Err(StoreError::MediatorRefused(r)) => {
            eprintln!("refused ({}): {r}", r.code());
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
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
            let cases = demo::seed_cases(&demo_store, &clock, now).await?;
            if cases > 0 {
                println!("demo: recorded {cases} fictional cases in every stage");
                demo::seed_mediator(&demo_store, &clock, now).await?;
                println!("demo: the fictional mediator Kwame Mensah is appointed to the first case and accepted");
                let documents = demo::seed_documents(&demo_store, &blobs, &master).await?;
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
    match blobs.sweep_staging(day_ago).await {
        Ok(0) => {}
        Ok(n) => println!("removed {n} unfinished uploads left by an earlier run"),
        Err(e) => eprintln!("warning: could not sweep unfinished uploads: {e}"),
    }
    let blobs_note = blobs.describe().to_owned();
    let state =
        iomed_web::AppState::new(store.clone(), blobs, master, &public_url)?.with_trusted_proxies(args.trusted_proxies);
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
    println!("iomed is serving http://{local}/  (database: {where_}, {:?})", store.engine());
    if let Some(start) = args.clock {
        println!("  clock:      started at {start} (--clock), running on from there");
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
    case_clock.abort();
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
