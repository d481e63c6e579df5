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
}

pub(crate) enum Work {
    Registry(Command),
    /// An event with no projection: a record that something was seen or done.
    Record { stream: String, kind: String, body: Value },
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
    async fn submit(&self, actor: &str, work: Work) -> Result<Appended, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send(Job { actor: actor.to_owned(), work, reply })
            .await
            .map_err(|_| StoreError::WriterGone)?;
        answer.await.map_err(|_| StoreError::WriterGone)?
    }

    pub(crate) async fn stop(&self) {
        let _ = self.submit("system", Work::Checkpoint).await;
    }
}

pub(crate) fn spawn(pool: AnyPool, engine: Engine, signer: Arc<Signer>, clock: Arc<dyn Clock>) -> Handle {
    let (sender, mut receiver) = mpsc::channel::<Job>(4 * MAX_BATCH);
    tokio::spawn(async move {
        let _ = engine;
        while let Some(first) = receiver.recv().await {
            let mut jobs = vec![first];
            while jobs.len() < MAX_BATCH {
                match receiver.try_recv() {
                    Ok(job) => jobs.push(job),
                    Err(_) => break,
                }
            }
            let works: Vec<(&str, &Work)> = jobs.iter().map(|j| (j.actor.as_str(), &j.work)).collect();
            match run_batch(&pool, &signer, clock.as_ref(), &works).await {
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
    signer: &Signer,
    clock: &dyn Clock,
    jobs: &[(&str, &Work)],
) -> Result<Vec<Result<Appended, StoreError>>, StoreError> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE ledger_head SET writes = writes + 1 WHERE id = 1").execute(&mut *tx).await?;
    let head = sqlx::query("SELECT seq, hash, checkpoint_seq FROM ledger_head WHERE id = 1").fetch_one(&mut *tx).await?;
    let start_seq: i64 = head.try_get("seq")?;
    let checkpoint_seq: i64 = head.try_get("checkpoint_seq")?;
    let mut seq = start_seq;
    let mut prev = parse_hash(&head.try_get::<String, _>("hash")?)?;
    let mut registry: Option<Registry> = None;
    let mut force_checkpoint = false;
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
                        prev = append(&mut tx, seq, &prev, &now.to_string(), actor, &event.stream(), event.kind(), &body)
                            .await?;
                        crate::registry::project(&mut tx, registry, &event, seq).await?;
                        outcomes.push(Ok(Appended { seq, hash: prev, event: Some(event) }));
                    }
                }
            }
            Work::Record { stream, kind, body } => {
                seq += 1;
                prev = append(&mut tx, seq, &prev, &now.to_string(), actor, stream, kind, body).await?;
                outcomes.push(Ok(Appended { seq, hash: prev, event: None }));
            }
            Work::Checkpoint => {
                force_checkpoint = true;
                outcomes.push(Ok(Appended { seq, hash: prev, event: None }));
            }
        }
    }

    if seq != start_seq {
        sqlx::query("UPDATE ledger_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(seq)
            .bind(hex::encode(prev))
            .execute(&mut *tx)
            .await?;
    }
    if seq > checkpoint_seq && (force_checkpoint || seq - checkpoint_seq >= CHECKPOINT_EVERY) {
        let signed = signer.sign_head(crate::Head { seq, hash: prev });
        sqlx::query(
            "INSERT INTO ledger_checkpoint (seq, hash, at, public_key, signature) VALUES ($1, $2, $3, $4, $5)",
        )
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

#[allow(clippy::too_many_arguments)]
async fn append(
    tx: &mut Transaction<'_, Any>,
    seq: i64,
    prev: &[u8; 32],
    at: &str,
    actor: &str,
    stream: &str,
    kind: &str,
    body: &Value,
) -> Result<[u8; 32], StoreError> {
    let hash = row_hash(prev, seq, at, actor, stream, kind, body);
    sqlx::query(
        "INSERT INTO ledger (seq, at, actor, stream, kind, body, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(seq)
    .bind(at)
    .bind(actor)
    .bind(stream)
    .bind(kind)
    .bind(canonical_json(body))
    .bind(hex::encode(prev))
    .bind(hex::encode(hash))
    .execute(&mut **tx)
    .await?;
    Ok(hash)
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
