//! The single writer: decides, projects and appends in one transaction, many requests per commit.
//!
//! Requests arrive on a channel. The writer takes every request waiting (up to [`MAX_BATCH`]),
//! opens one transaction, takes the ledger lock (an `UPDATE` of the `ledger_head` row: the write
//! lock in SQLite, a row lock in PostgreSQL that serializes every process on the database), reads
//! the head, handles each request in order, and commits once. Requests that came in meanwhile form
//! the next batch, so under load many writers share one commit and one fsync.
//!
//! A refused command is answered with its refusal and writes nothing; a database error rolls the
//! whole batch back and every request in it is answered with the error, so nothing is half-written.

use std::sync::Arc;

use iomed_domain::registry::{Command, Event, Registry};
use iomed_domain::rules::RulesProfile;
use iomed_domain::seat::seat_date;
use serde_json::Value;
use sqlx::{Any, AnyPool, Row, Transaction};
use tokio::sync::{mpsc, oneshot};

use crate::ledger::{canonical_json, parse_hash, row_hash};
use crate::{Clock, Engine, Signer, StoreError};

/// The most requests one transaction takes.
pub const MAX_BATCH: usize = 512;
/// A checkpoint is signed and stored at least every this many rows.
pub const CHECKPOINT_EVERY: i64 = 1_000;

/// What a request appended: the row's sequence number and hash, and the domain event if any.
#[derive(Debug, Clone)]
pub struct Appended {
    pub seq: i64,
    pub hash: [u8; 32],
    pub event: Option<Event>,
    /// The id of what an account change created (a user, a session, a token).
    pub created: Option<i64>,
}

pub(crate) enum Work {
    Registry(Command),
    /// An event with no projection: a record that something was seen or done.
    Record {
        stream: String,
        kind: String,
        body: Value,
    },
    /// A change to accounts, sessions or tokens.
    Account(crate::accounts::AccountChange),
    /// A change to requests or cases.
    Case(crate::cases::CaseChange),
    /// A change to a case file.
    Document(crate::documents::DocumentChange),
    /// A message sent or read.
    Message(crate::messages::MessageChange),
    /// A mediator's profile, an appointment or its answer.
    Mediator(crate::mediators::MediatorChange),
    /// Sign and store a checkpoint of the head now.
    Checkpoint,
}

struct Job {
    actor: String,
    work: Work,
    reply: oneshot::Sender<Result<Appended, StoreError>>,
}

#[derive(Clone)]
pub(crate) struct Handle {
    sender: mpsc::Sender<Job>,
}

impl Handle {
    pub(crate) async fn submit(&self, actor: &str, work: Work) -> Result<Appended, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.sender.send(Job { actor: actor.to_owned(), work, reply }).await.map_err(|_| StoreError::WriterGone)?;
        answer.await.map_err(|_| StoreError::WriterGone)?
    }

    pub(crate) async fn stop(&self) {
        let _ = self.submit("system", Work::Checkpoint).await;
    }
}

pub(crate) fn spawn(pool: AnyPool, engine: Engine, signer: Arc<Signer>, clock: Arc<dyn Clock>) -> Handle {
    let (sender, mut receiver) = mpsc::channel::<Job>(4 * MAX_BATCH);
    tokio::spawn(async move {
        while let Some(first) = receiver.recv().await {
            let mut jobs = vec![first];
            // Take what is waiting; then, while yielding to the other tasks still brings new
            // requests (writers answered by the last commit sending their next one), take those
            // too. Under light load this costs one yield; under heavy load it fills the batch.
            loop {
                let before = jobs.len();
                while jobs.len() < MAX_BATCH {
                    match receiver.try_recv() {
                        Ok(job) => jobs.push(job),
                        Err(_) => break,
                    }
                }
                if jobs.len() >= MAX_BATCH || (jobs.len() == before && before > 1) {
                    break;
                }
                tokio::task::yield_now().await;
                if receiver.is_empty() {
                    break;
                }
            }
            let works: Vec<(&str, &Work)> = jobs.iter().map(|j| (j.actor.as_str(), &j.work)).collect();
            let started = std::time::Instant::now();
            let result = run_batch(&pool, engine, &signer, clock.as_ref(), &works).await;
            tracing::debug!(batch = jobs.len(), micros = started.elapsed().as_micros() as u64, "ledger batch");
            match result {
                Ok(outcomes) => {
                    for (job, outcome) in jobs.into_iter().zip(outcomes) {
                        let _ = job.reply.send(outcome);
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, batch = jobs.len(), "ledger batch rolled back");
                    let shown = e.to_string();
                    for job in jobs {
                        let _ = job.reply.send(Err(StoreError::Batch(shown.clone())));
                    }
                }
            }
        }
    });
    Handle { sender }
}

async fn run_batch(
    pool: &AnyPool,
    engine: Engine,
    signer: &Signer,
    clock: &dyn Clock,
    jobs: &[(&str, &Work)],
) -> Result<Vec<Result<Appended, StoreError>>, StoreError> {
    let mut tx = pool.begin().await?;
    // Taking the lock and reading the head is one statement: the write lock in SQLite, a row
    // lock in PostgreSQL that the next process waits for.
    let head =
        sqlx::query("UPDATE ledger_head SET writes = writes + 1 WHERE id = 1 RETURNING seq, hash, checkpoint_seq")
            .fetch_one(&mut *tx)
            .await?;
    let start_seq: i64 = head.try_get("seq")?;
    let checkpoint_seq: i64 = head.try_get("checkpoint_seq")?;
    let mut seq = start_seq;
    let mut prev = parse_hash(&head.try_get::<String, _>("hash")?)?;
    let mut registry: Option<Registry> = None;
    let mut cases = crate::cases::BatchCases::new();
    let mut force_checkpoint = false;
    let mut rows: Vec<NewRow> = Vec::with_capacity(jobs.len());
    let mut outcomes = Vec::with_capacity(jobs.len());

    for (actor, work) in jobs {
        let now = clock.now();
        match work {
            Work::Registry(command) => {
                let registry = match &mut registry {
                    Some(r) => r,
                    None => registry.insert(crate::registry::load(&mut tx).await?),
                };
                let today = seat_date(now);
                match registry.decide(command.clone(), today, &RulesProfile::in_force_on(today)) {
                    Err(refusal) => outcomes.push(Err(StoreError::Refused(refusal))),
                    Ok(event) => {
                        registry.apply(&event);
                        let body = serde_json::to_value(&event).map_err(StoreError::corrupt)?;
                        seq += 1;
                        prev =
                            chain(&mut rows, seq, &prev, now.to_string(), actor, event.stream(), event.kind(), &body);
                        crate::registry::project(&mut tx, registry, &event, seq).await?;
                        outcomes.push(Ok(Appended { seq, hash: prev, event: Some(event), created: None }));
                    }
                }
            }
            Work::Record { stream, kind, body } => {
                seq += 1;
                prev = chain(&mut rows, seq, &prev, now.to_string(), actor, stream.clone(), kind, body);
                outcomes.push(Ok(Appended { seq, hash: prev, event: None, created: None }));
            }
            Work::Account(change) => match crate::accounts::apply(&mut tx, change, now).await? {
                Err(refusal) => outcomes.push(Err(StoreError::AccountRefused(refusal))),
                Ok((created, entry)) => {
                    seq += 1;
                    prev = chain(&mut rows, seq, &prev, now.to_string(), actor, entry.stream, entry.kind, &entry.body);
                    outcomes.push(Ok(Appended { seq, hash: prev, event: None, created }));
                }
            },
            Work::Case(change) => match crate::cases::apply(&mut tx, &mut cases, &mut registry, change, now).await? {
                Err(refusal) => outcomes.push(Err(StoreError::CaseRefused(refusal))),
                Ok((created, entries)) => {
                    chain_entries(&mut rows, &mut seq, &mut prev, &now.to_string(), actor, entries);
                    outcomes.push(Ok(Appended { seq, hash: prev, event: None, created }));
                }
            },
            Work::Document(change) => match crate::documents::apply(&mut tx, &mut cases, change, now).await? {
                Err(refusal) => outcomes.push(Err(StoreError::DocumentRefused(refusal))),
                Ok(entries) => {
                    let created = entries.first().and_then(|e| e.body.get("document")).and_then(|d| d.as_i64());
                    chain_entries(&mut rows, &mut seq, &mut prev, &now.to_string(), actor, entries);
                    outcomes.push(Ok(Appended { seq, hash: prev, event: None, created }));
                }
            },
            Work::Message(change) => match crate::messages::apply(&mut tx, &mut cases, change, now).await? {
                Err(refusal) => outcomes.push(Err(StoreError::MessageRefused(refusal))),
                Ok(entries) => {
                    let created = entries.first().and_then(|e| e.body.get("message")).and_then(|d| d.as_i64());
                    chain_entries(&mut rows, &mut seq, &mut prev, &now.to_string(), actor, entries);
                    outcomes.push(Ok(Appended { seq, hash: prev, event: None, created }));
                }
            },
            Work::Mediator(change) => match crate::mediators::apply(&mut tx, &mut cases, change, now).await? {
                Err(refusal) => outcomes.push(Err(StoreError::MediatorRefused(refusal))),
                Ok(entries) => {
                    let created = entries.first().and_then(|e| e.body.get("appointment")).and_then(|d| d.as_i64());
                    chain_entries(&mut rows, &mut seq, &mut prev, &now.to_string(), actor, entries);
                    outcomes.push(Ok(Appended { seq, hash: prev, event: None, created }));
                }
            },
            Work::Checkpoint => {
                force_checkpoint = true;
                outcomes.push(Ok(Appended { seq, hash: prev, event: None, created: None }));
            }
        }
    }

    insert_rows(&mut tx, engine, &rows).await?;
    if seq != start_seq {
        sqlx::query("UPDATE ledger_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(seq)
            .bind(hex::encode(prev))
            .execute(&mut *tx)
            .await?;
    }
    if seq > checkpoint_seq && (force_checkpoint || seq - checkpoint_seq >= CHECKPOINT_EVERY) {
        let signed = signer.sign_head(crate::Head { seq, hash: prev });
        sqlx::query("INSERT INTO ledger_checkpoint (seq, hash, at, public_key, signature) VALUES ($1, $2, $3, $4, $5)")
            .bind(seq)
            .bind(hex::encode(prev))
            .bind(clock.now().to_string())
            .bind(hex::encode(signed.public_key))
            .bind(hex::encode(signed.signature))
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE ledger_head SET checkpoint_seq = $1 WHERE id = 1").bind(seq).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(outcomes)
}

/// A ledger row computed in memory, inserted with the rest of its batch.
#[derive(serde::Serialize)]
struct NewRow {
    seq: i64,
    at: String,
    actor: String,
    stream: String,
    kind: String,
    body: String,
    prev_hash: String,
    hash: String,
}

/// Computes the next row of the chain and queues it; returns its hash.
/// Chains a command's entries in order; `seq` and `prev` end at the last one.
fn chain_entries(
    rows: &mut Vec<NewRow>,
    seq: &mut i64,
    prev: &mut [u8; 32],
    at: &str,
    actor: &str,
    entries: Vec<crate::accounts::Entry>,
) {
    for entry in entries {
        *seq += 1;
        *prev = chain(rows, *seq, prev, at.to_owned(), actor, entry.stream, entry.kind, &entry.body);
    }
}

#[allow(clippy::too_many_arguments)]
fn chain(
    rows: &mut Vec<NewRow>,
    seq: i64,
    prev: &[u8; 32],
    at: String,
    actor: &str,
    stream: String,
    kind: &str,
    body: &Value,
) -> [u8; 32] {
    let hash = row_hash(prev, seq, &at, actor, &stream, kind, body);
    rows.push(NewRow {
        seq,
        at,
        actor: actor.to_owned(),
        stream,
        kind: kind.to_owned(),
        body: canonical_json(body),
        prev_hash: hex::encode(prev),
        hash: hex::encode(hash),
    });
    hash
}

/// Inserts the batch's rows in one statement: the rows travel as one JSON array, which the
/// database expands (`json_each` in SQLite, `jsonb_to_recordset` in PostgreSQL). One bound value
/// instead of eight per row keeps the cost of a batch close to the cost of its commit.
async fn insert_rows(tx: &mut Transaction<'_, Any>, engine: Engine, rows: &[NewRow]) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let json = serde_json::to_string(rows).map_err(StoreError::corrupt)?;
    let sql = match engine {
        Engine::Sqlite => {
            "INSERT INTO ledger (seq, at, actor, stream, kind, body, prev_hash, hash) \
             SELECT value ->> 'seq', value ->> 'at', value ->> 'actor', value ->> 'stream', value ->> 'kind', \
                    value ->> 'body', value ->> 'prev_hash', value ->> 'hash' \
             FROM json_each($1)"
        }
        Engine::Postgres => {
            "INSERT INTO ledger (seq, at, actor, stream, kind, body, prev_hash, hash) \
             SELECT seq, at, actor, stream, kind, body, prev_hash, hash \
             FROM jsonb_to_recordset($1::jsonb) AS r(seq BIGINT, at TEXT, actor TEXT, stream TEXT, kind TEXT, \
                  body TEXT, prev_hash TEXT, hash TEXT)"
        }
    };
    sqlx::query(sql).bind(json).execute(&mut **tx).await?;
    Ok(())
}

impl crate::Store {
    /// Decides a registry command and, if it is accepted, records its event and updates the
    /// registry in one transaction.
    pub async fn registry_command(&self, actor: &str, command: Command) -> Result<Appended, StoreError> {
        self.writer.submit(actor, Work::Registry(command)).await
    }

    /// Appends an event that changes no projection (a record of something seen or done).
    pub async fn record(&self, actor: &str, stream: &str, kind: &str, body: Value) -> Result<Appended, StoreError> {
        self.writer.submit(actor, Work::Record { stream: stream.to_owned(), kind: kind.to_owned(), body }).await
    }

    /// Signs and stores a checkpoint of the current head (if it moved since the last one).
    pub async fn checkpoint(&self) -> Result<Appended, StoreError> {
        self.writer.submit("system", Work::Checkpoint).await
    }
}
