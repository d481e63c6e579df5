//! `iomed registry …` and `iomed panel …`: the member-State registry and designations to the
//! panels, each change a ledger event.

use std::process::ExitCode;

use anyhow::{anyhow, bail};
use clap::{Args, Subcommand};
use iomed_domain::registry::{Command as RegistryCommand, Evidence, Instrument, StateCode, Subject};
use iomed_store::{Store, StoreError};
use jiff::civil::Date;

use crate::{CLI_ACTOR, DbArgs, open, seed};

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

#[derive(Args)]
pub(crate) struct Fact {
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
pub(crate) enum RegistryCli {
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

fn parse_code(code: &str) -> anyhow::Result<StateCode> {
    Ok(StateCode::parse(code)?)
}

pub(crate) async fn registry(command: RegistryCli) -> anyhow::Result<ExitCode> {
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
pub(crate) async fn seed_registry(store: &Store) -> anyhow::Result<usize> {
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

pub(crate) async fn panel(command: PanelCli) -> anyhow::Result<ExitCode> {
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
