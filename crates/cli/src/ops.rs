//! The operator's commands: `iomed backup`, `iomed backup verify`, `iomed restore`, and
//! `iomed key export` / `import`. The work is the store's (`iomed_store::backup`); here are the
//! arguments, the progress bars and the messages.

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use iomed_store::SystemClock;
use iomed_store::backup::{self, Manifest};
use iomed_store::blobs::MasterKey;

use crate::DbArgs;

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct BackupArgs {
    #[command(subcommand)]
    check: Option<BackupCheck>,
    /// A new or empty directory for the backup.
    dest: Option<PathBuf>,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Subcommand)]
enum BackupCheck {
    /// Check a backup against its manifest: the ledger, its signed head, the counts, every
    /// blob's hash, and (with --master-key) that every case key unwraps.
    Verify {
        src: PathBuf,
        /// The master key file the backup's case keys are wrapped with.
        #[arg(long)]
        master_key: Option<PathBuf>,
        /// For a backup of PostgreSQL: an empty database (postgres://…) to restore the dump into
        /// for the check; it is left empty again.
        #[arg(long)]
        scratch_database_url: Option<String>,
    },
}

#[derive(Args)]
pub(crate) struct RestoreArgs {
    /// The backup directory.
    src: PathBuf,
    /// A new or empty data directory to restore into (the database, for SQLite; the blobs and,
    /// after `iomed key import`, the keys).
    #[arg(long)]
    data: PathBuf,
    /// For a backup of PostgreSQL: the empty database (postgres://…) to restore the dump into.
    #[arg(long)]
    database_url: Option<String>,
}

#[derive(Args)]
pub(crate) struct VerifyArgs {
    /// The export: a zip downloaded from the case file.
    export: PathBuf,
    /// The organization's signing keys as published at /api/v1/ledger/keys (saved as a file),
    /// for anyone without the server's database; without it, the keys are read from the
    /// database named by --data or --database-url.
    #[arg(long)]
    keys: Option<PathBuf>,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Subcommand)]
pub(crate) enum KeyCli {
    /// Write the master key and the ledger signing key into FILE, sealed under a passphrase read
    /// from the first line of standard input (at least 12 characters). Keep it apart from the
    /// backups.
    Export {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        out: PathBuf,
    },
    /// Put the keys of an export back into a data directory (neither key may be there); the
    /// passphrase is read from the first line of standard input.
    Import {
        file: PathBuf,
        #[arg(long)]
        data: PathBuf,
    },
    /// Make a new master key and wrap every case key again under it, in one write recorded in
    /// the ledger (without any key). Stop the server first; start it again after. The old key is
    /// kept beside the new one, renamed, for the backups made before: keep it with them.
    RotateMaster {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Make a new ledger signing key: the old one signs a last checkpoint covering the entry that
    /// names its successor, and stays published with the time it was used. Stop the server first.
    RotateSigning {
        #[command(flatten)]
        db: DbArgs,
    },
}

fn bar(what: &'static str) -> impl Fn(u64, u64) + Sync {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} blobs")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message(what);
    move |done, total| {
        bar.set_length(total);
        bar.set_position(done);
        if done == total {
            bar.finish();
        }
    }
}

fn summary(manifest: &Manifest) -> String {
    format!(
        "{}; ledger: {} entries, head {} at row {}; {} cases, {} documents, {} messages, {} users; {} blobs ({})",
        match manifest.engine() {
            backup::DumpEngine::Sqlite => "a SQLite database",
            backup::DumpEngine::Postgres => "a PostgreSQL dump (pg_dump)",
        },
        manifest.ledger.rows,
        manifest.ledger.head_hash.get(..16).unwrap_or_default(),
        manifest.ledger.head_seq,
        manifest.counts.cases,
        manifest.counts.documents,
        manifest.counts.messages,
        manifest.counts.users,
        manifest.blobs.items.len(),
        manifest.blobs.kept,
    )
}

pub(crate) async fn backup(args: BackupArgs) -> anyhow::Result<ExitCode> {
    match (args.check, args.dest) {
        (Some(BackupCheck::Verify { src, master_key, scratch_database_url }), _) => {
            let master = master_key.as_deref().map(load_master).transpose()?;
            let scratch = scratch_database_url.as_deref();
            let manifest =
                backup::verify(&src, master.as_ref(), scratch, Arc::new(SystemClock), &bar("checking")).await?;
            println!("the backup in {} is intact: {}", src.display(), summary(&manifest));
            if master.is_some() {
                println!("every case key unwraps with the master key given");
            } else {
                println!("(give --master-key to check that every case key unwraps)");
            }
            Ok(ExitCode::SUCCESS)
        }
        (None, Some(dest)) => {
            let store = crate::open(&args.db).await?;
            let (blobs, _master) = crate::open_blobs(&args.db)?;
            let made = backup::backup(&store, &blobs, &dest, &bar("copying")).await;
            store.close().await;
            let manifest = made?;
            println!("backed up into {}: {}", dest.display(), summary(&manifest));
            if manifest.blobs.kept == "s3" {
                println!("the blobs are in S3 and listed only: the bucket's versioning or replication is their backup");
            }
            println!(
                "the master key and the signing key are NOT in the backup: `iomed key export --out FILE` seals them \
                 under a passphrase, to keep apart"
            );
            Ok(ExitCode::SUCCESS)
        }
        (None, None) => anyhow::bail!("name the directory to back up into: iomed backup DEST"),
    }
}

pub(crate) async fn restore(args: RestoreArgs) -> anyhow::Result<ExitCode> {
    let url = args.database_url.as_deref();
    let manifest = backup::restore(&args.src, &args.data, url, Arc::new(SystemClock), &bar("restoring")).await?;
    match url {
        Some(url) => println!(
            "restored into {} (the blobs into {}): {}",
            iomed_store::redact(url),
            args.data.display(),
            summary(&manifest)
        ),
        None => println!("restored into {}: {}", args.data.display(), summary(&manifest)),
    }
    println!(
        "put the keys back before serving: `iomed key import FILE --data {}` (the backup holds neither)",
        args.data.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn load_master(path: &Path) -> anyhow::Result<MasterKey> {
    anyhow::ensure!(path.exists(), "no master key file at {}", path.display());
    MasterKey::load_or_create(path).with_context(|| format!("{} is not a master key file", path.display()))
}

fn passphrase() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("the passphrase could not be read from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

pub(crate) async fn key(command: KeyCli) -> anyhow::Result<ExitCode> {
    match command {
        KeyCli::Export { db, out } => {
            let master = db.master_key.clone().unwrap_or_else(|| db.data.join("master.key"));
            let signing = db.signing_key.clone().unwrap_or_else(|| db.data.join("ledger-signing.key"));
            let passphrase = passphrase()?;
            tokio::task::spawn_blocking(move || {
                iomed_store::keys::export_keys(&master, &signing, &passphrase, &out).map(|()| out)
            })
            .await?
            .map(|out| println!("the master key and the signing key are sealed in {}", out.display()))?;
            Ok(ExitCode::SUCCESS)
        }
        KeyCli::RotateMaster { db } => {
            let path = db.master_key.clone().unwrap_or_else(|| db.data.join("master.key"));
            let old = load_master(&path)?;
            let new = MasterKey::generate()?;
            let next = path.with_extension("key.next");
            write_new(&next, &new.to_file_text())?;
            let store = crate::open(&db).await?;
            let rotated = store.rotate_master(&old, &new).await;
            let now = store.now();
            store.close().await;
            let n = match rotated {
                Ok(n) => n,
                Err(e) => {
                    std::fs::remove_file(&next).with_context(|| format!("cannot remove {}", next.display()))?;
                    return Err(e).context("the master key was not rotated; nothing was changed");
                }
            };
            let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
            let retired = path.with_extension(format!("key.retired-{stamp}"));
            std::fs::rename(&path, &retired).with_context(|| {
                format!(
                    "the case keys are wrapped under the new key in {}, but {} could not be renamed",
                    next.display(),
                    path.display()
                )
            })?;
            std::fs::rename(&next, &path).with_context(|| {
                format!("the new master key is in {}: rename it to {}", next.display(), path.display())
            })?;
            println!(
                "{n} case keys are wrapped again under the new master key (id {}) in {}",
                new.id(),
                path.display()
            );
            println!(
                "the old key (id {}) is kept as {} for the backups made before now: keep it with them, destroy it once they are gone; export the keys again (`iomed key export`)",
                old.id(),
                retired.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        KeyCli::RotateSigning { db } => {
            let path = db.signing_key.clone().unwrap_or_else(|| db.data.join("ledger-signing.key"));
            anyhow::ensure!(path.exists(), "no signing key file at {}", path.display());
            let next = iomed_store::Signer::generate()?;
            let next_path = path.with_extension("key.next");
            write_new(&next_path, &next.to_file_text())?;
            let store = crate::open(&db).await?;
            let old = hex::encode(store.signer().public_key());
            let retired = store.retire_signing_key(&next).await;
            let now = store.now();
            store.close().await;
            if let Err(e) = retired {
                std::fs::remove_file(&next_path).with_context(|| format!("cannot remove {}", next_path.display()))?;
                return Err(e).context("the signing key was not rotated; nothing was changed");
            }
            let retired_path = path.with_extension(format!("key.retired-{}", now.strftime("%Y%m%dT%H%M%SZ")));
            std::fs::rename(&path, &retired_path).with_context(|| format!("cannot rename {}", path.display()))?;
            std::fs::rename(&next_path, &path).with_context(|| {
                format!("the new signing key is in {}: rename it to {}", next_path.display(), path.display())
            })?;
            println!(
                "the ledger is signed from now on with {} (in {})",
                hex::encode(next.public_key()),
                path.display()
            );
            println!(
                "the old key {old} signed its last checkpoint and stays published with its period \
                 (/api/v1/ledger/keys); its secret is kept as {}: destroy it, nothing needs it to verify",
                retired_path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        KeyCli::Import { file, data } => {
            std::fs::create_dir_all(&data).with_context(|| format!("cannot create {}", data.display()))?;
            let (master, signing) = (data.join("master.key"), data.join("ledger-signing.key"));
            let passphrase = passphrase()?;
            tokio::task::spawn_blocking(move || iomed_store::keys::import_keys(&file, &passphrase, &master, &signing))
                .await??;
            println!("the master key and the signing key are in {}", data.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes a new file readable by its owner only, flushed to the disk; an existing one is refused.
fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file =
        options.open(path).with_context(|| format!("cannot create {} (is a rotation half done?)", path.display()))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The published keys: from a saved copy of `/api/v1/ledger/keys`, or the database's.
async fn published_keys(args: &VerifyArgs) -> anyhow::Result<Vec<iomed_store::keys::SigningKeyUse>> {
    #[derive(serde::Deserialize)]
    struct Published {
        items: Vec<iomed_store::keys::SigningKeyUse>,
    }
    if let Some(path) = &args.keys {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let published: Published = serde_json::from_str(&text)
            .with_context(|| format!("{} is not the list of /api/v1/ledger/keys", path.display()))?;
        return Ok(published.items);
    }
    anyhow::ensure!(
        args.db.database_url.is_some() || args.db.data.join(iomed_store::backup::DATABASE).exists(),
        "no database in {}: give the organization's keys with --keys FILE (saved from /api/v1/ledger/keys)",
        args.db.data.display()
    );
    let store = crate::open(&args.db).await?;
    let keys = store.signing_keys().await;
    store.close().await;
    Ok(keys?)
}

pub(crate) async fn verify_export(args: VerifyArgs) -> anyhow::Result<ExitCode> {
    let keys = published_keys(&args).await?;
    let path = args.export.clone();
    let file = std::fs::File::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
    let checked =
        tokio::task::spawn_blocking(move || iomed_store::exports::verify_export(std::io::BufReader::new(file), &keys))
            .await?;
    match checked {
        Ok(check) => {
            println!(
                "{} verifies: the case file of case {} as exported at {} for {}, {} files ({} bytes), all intact",
                path.display(),
                check.case,
                check.generated_at,
                check.exported_for,
                check.files,
                check.bytes
            );
            let when = if check.key_current { "the key in use" } else { "a retired key, within its period" };
            println!("signed by {} ({when})", check.public_key);
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            println!("{} does NOT verify: {e}", path.display());
            Ok(ExitCode::from(1))
        }
    }
}
