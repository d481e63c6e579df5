//! A PostgreSQL database in a backup: `pg_dump` in its custom format, taken in the snapshot of a
//! REPEATABLE READ transaction the manifest is read in (`pg_export_snapshot`), so the dump, the
//! ledger head, the counts and the blob list are one moment while writes go on; checked and
//! restored with `pg_restore` into an empty database. The dump is PostgreSQL's own format: an
//! operator can restore it without iomed.
//!
//! The password never reaches a command line (where `ps` shows it): it goes to the tools in
//! `PGPASSWORD`, and the URL they are given has none.

use std::path::Path;

use sqlx::Row as _;
use tokio::process::Command;

use super::BackupError;

/// The dump's file name in a backup.
pub const DUMP: &str = "iomed.pgdump";

/// A connection URL split for libpq's tools: the URL without its password, and the password.
struct Target {
    url: String,
    password: Option<String>,
}

fn target(database_url: &str) -> Result<Target, BackupError> {
    let mut url = url::Url::parse(database_url)
        .map_err(|e| BackupError::Database(format!("{}: {e}", crate::redact(database_url))))?;
    let password = url.password().map(|p| percent_encoding::percent_decode_str(p).decode_utf8_lossy().into_owned());
    // A URL without a password (a Unix socket, a password file, trust) is passed as it is.
    if password.is_some() {
        url.set_password(None)
            .map_err(|()| BackupError::Database(format!("{} has no host", crate::redact(database_url))))?;
    }
    Ok(Target { url: url.to_string(), password })
}

/// Runs `tool` (pg_dump or pg_restore) against `database_url` with `args`; its error output in
/// the error when it fails.
async fn run(tool: &'static str, database_url: &str, args: &[&str]) -> Result<(), BackupError> {
    let target = target(database_url)?;
    let mut command = Command::new(tool);
    command.args(args).arg(format!("--dbname={}", target.url)).kill_on_drop(true);
    if let Some(password) = &target.password {
        command.env("PGPASSWORD", password);
    }
    let output = command.output().await.map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => BackupError::ToolMissing(tool),
        _ => BackupError::Io { path: tool.into(), source: e },
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last: Vec<&str> = stderr.lines().rev().take(6).collect();
        return Err(BackupError::Tool { tool, status: output.status.to_string(), stderr: last.join(" / ") });
    }
    Ok(())
}

/// The dump of the database at `database_url` in the snapshot `snapshot` (exported by an open
/// transaction), written to `file`.
pub(super) async fn dump(database_url: &str, snapshot: &str, file: &Path) -> Result<(), BackupError> {
    let file = format!("--file={}", file.display());
    let snapshot = format!("--snapshot={snapshot}");
    run("pg_dump", database_url, &["--format=custom", "--no-owner", "--no-privileges", &snapshot, &file]).await
}

/// The tables of the database's own schemas.
async fn tables(database_url: &str) -> Result<Vec<String>, BackupError> {
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(database_url)
        .await
        .map_err(|e| BackupError::Database(format!("{}: {e}", crate::redact(database_url))))?;
    let rows = sqlx::query(
        "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name FROM pg_catalog.pg_tables \
         WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
    )
    .fetch_all(&mut conn)
    .await
    .map_err(crate::StoreError::from)?;
    let names = rows.iter().map(|r| r.try_get("name")).collect::<Result<Vec<String>, _>>();
    <sqlx::AnyConnection as sqlx::Connection>::close(conn).await.map_err(crate::StoreError::from)?;
    Ok(names.map_err(crate::StoreError::from)?)
}

/// Restores `file` into the database at `database_url`, which must hold no table: nothing is
/// overwritten. One transaction: a dump that fails half-way leaves the database empty.
pub(super) async fn restore(file: &Path, database_url: &str) -> Result<(), BackupError> {
    if !tables(database_url).await?.is_empty() {
        return Err(BackupError::DatabaseNotEmpty(crate::redact(database_url)));
    }
    let file = file.display().to_string();
    run(
        "pg_restore",
        database_url,
        &["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", &file],
    )
    .await
}

/// Drops every table of the database at `database_url` again: the check of a backup restores it
/// into an empty scratch database, and leaves that database empty.
pub(super) async fn empty(database_url: &str) -> Result<(), BackupError> {
    let names = tables(database_url).await?;
    if names.is_empty() {
        return Ok(());
    }
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(database_url)
        .await
        .map_err(|e| BackupError::Database(format!("{}: {e}", crate::redact(database_url))))?;
    let sql = format!("DROP TABLE IF EXISTS {} CASCADE", names.join(", "));
    let dropped = sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await.map(|_| ());
    <sqlx::AnyConnection as sqlx::Connection>::close(conn).await.map_err(crate::StoreError::from)?;
    Ok(dropped.map_err(crate::StoreError::from)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url_for_the_environment() {
        let t = target("postgres://iomed:s%40cret%2Fx@db.example:5433/iomed?sslmode=require").unwrap();
        assert_eq!(t.url, "postgres://iomed@db.example:5433/iomed?sslmode=require");
        assert_eq!(t.password.as_deref(), Some("s@cret/x"));
        let t = target("postgres://postgres@127.0.0.1:55432/postgres").unwrap();
        assert_eq!((t.url.as_str(), t.password), ("postgres://postgres@127.0.0.1:55432/postgres", None));
        let socket = target("postgres:///iomed?host=/var/run/postgresql").unwrap();
        assert_eq!((socket.url.as_str(), socket.password), ("postgres:///iomed?host=/var/run/postgresql", None));
    }
}
