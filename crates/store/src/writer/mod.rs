//! The single writer: decides, projects and appends in one transaction, many requests per commit.
//!
//! Requests arrive on a channel. The writer takes every request waiting (up to [`MAX_BATCH`]),
//! opens one transaction, takes the ledger lock (an `UPDATE` of the `ledger_head` row: the write
//! lock in SQLite, a row lock in PostgreSQL that serializes every process on the database), reads
//! the head, handles each request in order, and commits once. Requests that came in meanwhile form
//! the next batch, so under load many writers share one commit and one fsync.
//!
//! Architecture Invariant: a refused command writes nothing, by construction. Each request that
//! runs statements, in a batch of several, runs inside its own `SAVEPOINT`: a refusal or a
//! database error rolls back that request alone (its rows, its ledger entries and what the batch
//! had cached about the cases and the registry), and the batch commits the others. A request
//! alone in its batch needs none: its failure rolls the whole transaction back. A request that
//! runs no statement (a record, a checkpoint) has nothing to roll back. Only a failure of the
//! batch itself (taking the lock, the commit) fails every request in it, each told so with a
//! typed [`StoreError::Batch`].
//!
//! What a batch costs beyond its commit is counted in round trips, and kept to a few: the
//! `BEGIN`, the lock that reads the head, the requests' own statements (and one round trip per
//! savepoint), one statement for the rows and the new head (`rows.rs`), the `COMMIT`. The writer
//! keeps its connection while requests keep coming ([`KEEP_CONNECTION`]) rather than take one
//! from the pool, and have it tested, for every batch.
//!
//! The writer is supervised: a panic while handling a batch rolls that batch back, answers its
//! requests with [`StoreError::WriterPanicked`] and is counted in [`WriterHealth`]; the writer
//! then takes the next batch. Three panics within a minute stop it for good: every later write is
//! answered [`StoreError::WriterGone`], `/readyz` answers 503 and `iomed serve` exits so that the
//! operator's supervisor restarts it. Nobody waits forever: a request still queued after
//! [`QUEUE_TIMEOUT`] is answered [`StoreError::WriterTimeout`] without being run, and the database
//! bounds each statement (`lock_timeout`/`statement_timeout` in PostgreSQL, `busy_timeout` in
//! SQLite).

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use iomed_domain::registry::{Command, Event, Registry};
use iomed_domain::rules::RulesProfile;
use iomed_domain::seat::seat_date;
use jiff::Timestamp;
use serde_json::Value;

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Connection, Executor, Row, Transaction};
use tokio::sync::{mpsc, oneshot, watch};

use crate::accounts::Entry;
use crate::ids::{Ids, with_policy};
use crate::ledger::parse_hash;
use crate::{Clock, Engine, Signer, StoreError};

mod measure;
mod rows;
use rows::created_id;
#[cfg(feature = "testing")]
pub mod testing;

use rows::{NewHead, NewRow, chain, insert_rows};

/// The most requests one transaction takes.
pub const MAX_BATCH: usize = 512;
/// A checkpoint is signed and stored at least every this many rows.
pub const CHECKPOINT_EVERY: i64 = 1_000;
/// A request not started within this time is answered [`StoreError::WriterTimeout`], unrun.
pub const QUEUE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a caller waits for its answer: the queue, then a batch bounded by the database's
/// statement timeouts.
pub const REPLY_TIMEOUT: Duration = Duration::from_secs(40);
/// This many panics within [`PANIC_WINDOW`] stop the writer.
pub const PANICS_TO_STOP: usize = 3;
pub const PANIC_WINDOW: Duration = Duration::from_secs(60);
/// The writer keeps its connection while a new request comes within this time, so that a batch
/// that follows another does not pay for taking a connection from the pool and testing it.
pub const KEEP_CONNECTION: Duration = Duration::from_millis(100);

/// What a request appended: the row's sequence number and hash, and the domain event if any.
#[derive(Debug, Clone)]
pub struct Appended {
    pub seq: i64,
    pub hash: [u8; 32],
    pub event: Option<Event>,
    /// The id of what the change created (a user, a session, a case, a document, …).
    pub created: Option<i64>,
}

pub(crate) enum Work {
    Registry(Command),
    /// An event with no projection: a record that something was seen or done.
    Record {
        stream: String,
        kind: &'static str,
        body: Value,
    },
    /// A change to accounts, sessions or tokens.
    Account(crate::accounts::AccountChange),
    /// A change to requests or cases.
    Case(Box<crate::cases::CaseChange>),
    /// A change to a case file.
    Document(crate::documents::DocumentChange),
    /// A message sent or read.
    Message(crate::messages::MessageChange),
    /// A mediator's profile, an appointment or its answer.
    Mediator(crate::mediators::MediatorChange),
    /// Sign and store a checkpoint of the head now.
    Checkpoint,
    /// Nothing: proves the writer answers and the database takes a transaction (`/readyz`).
    Probe,
    /// For tests: a statement the database refuses, in the middle of a batch.
    #[cfg(feature = "testing")]
    FailForTest,
    /// For tests: a panic inside the writer.
    #[cfg(feature = "testing")]
    PanicForTest,
}

impl Work {
    /// Whether the request runs statements of its own, which a refusal or an error must undo.
    fn runs_statements(&self) -> bool {
        !matches!(self, Work::Record { .. } | Work::Checkpoint | Work::Probe)
    }
}

/// What one request did, before it is chained into the ledger.
struct Done {
    entries: Vec<Entry>,
    created: Option<i64>,
    event: Option<Event>,
}

impl Done {
    fn entries(entries: Vec<Entry>, created: Option<i64>) -> Done {
        Done { entries, created, event: None }
    }
}

struct Job {
    actor: String,
    work: Work,
    queued: Instant,
    reply: oneshot::Sender<Result<Appended, StoreError>>,
}

/// How the writer is doing, for `/readyz` and for `iomed serve`, which exits when it stops.
#[derive(Debug)]
pub struct WriterHealth {
    stopped: AtomicBool,
    panics: AtomicU64,
    last_panic: Mutex<Option<(Timestamp, String)>>,
    stopped_tx: watch::Sender<bool>,
}

/// A snapshot of [`WriterHealth`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriterStatus {
    /// False once the writer has stopped for good: nothing can be written.
    pub running: bool,
    /// Panics since the start, each answered and rolled back.
    pub panics: u64,
    /// When the last panic happened and what it said.
    pub last_panic: Option<(Timestamp, String)>,
}

impl WriterHealth {
    fn new() -> Arc<WriterHealth> {
        let (stopped_tx, _) = watch::channel(false);
        Arc::new(WriterHealth {
            stopped: AtomicBool::new(false),
            panics: AtomicU64::new(0),
            last_panic: Mutex::new(None),
            stopped_tx,
        })
    }

    pub fn status(&self) -> WriterStatus {
        WriterStatus {
            running: !self.stopped.load(Ordering::SeqCst),
            panics: self.panics.load(Ordering::SeqCst),
            last_panic: self.last_panic.lock().ok().and_then(|l| l.clone()),
        }
    }

    fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        self.stopped_tx.send_replace(true);
    }
}

#[derive(Clone)]
pub(crate) struct Handle {
    sender: mpsc::Sender<Job>,
    health: Arc<WriterHealth>,
}

impl Handle {
    pub(crate) async fn submit(&self, actor: &str, work: Work) -> Result<Appended, StoreError> {
        if self.health.stopped.load(Ordering::SeqCst) {
            return Err(StoreError::WriterGone);
        }
        let (reply, answer) = oneshot::channel();
        let job = Job { actor: actor.to_owned(), work, queued: Instant::now(), reply };
        self.sender.send(job).await.map_err(|_| StoreError::WriterGone)?;
        match tokio::time::timeout(REPLY_TIMEOUT, answer).await {
            Ok(answer) => answer.map_err(|_| StoreError::WriterGone)?,
            Err(_) => Err(StoreError::WriterTimeout),
        }
    }

    pub(crate) async fn stop(&self) {
        let _ = self.submit("system", Work::Checkpoint).await;
    }

    pub(crate) fn health(&self) -> &Arc<WriterHealth> {
        &self.health
    }
}

pub(crate) fn spawn(pool: AnyPool, engine: Engine, signer: Arc<Signer>, clock: Arc<dyn Clock>, ids: Ids) -> Handle {
    let (sender, receiver) = mpsc::channel::<Job>(4 * MAX_BATCH);
    let health = WriterHealth::new();
    tokio::spawn(run(receiver, pool, engine, signer, clock, ids, health.clone()));
    Handle { sender, health }
}

async fn run(
    mut receiver: mpsc::Receiver<Job>,
    pool: AnyPool,
    engine: Engine,
    signer: Arc<Signer>,
    clock: Arc<dyn Clock>,
    ids: Ids,
    health: Arc<WriterHealth>,
) {
    let mut panics: Vec<Instant> = Vec::new();
    // The connection of the last batch, kept while requests keep coming (see [`KEEP_CONNECTION`]).
    let mut held: Option<PoolConnection<Any>> = None;
    loop {
        let first = match held {
            Some(_) => match tokio::time::timeout(KEEP_CONNECTION, receiver.recv()).await {
                Ok(first) => first,
                Err(_) => {
                    held = None;
                    continue;
                }
            },
            None => receiver.recv().await,
        };
        let Some(first) = first else { break };
        let jobs = gather(&mut receiver, first).await;
        measure::queue(receiver.len());
        // A request that waited too long is answered now, unrun: its caller is about to give up.
        let (jobs, late): (Vec<Job>, Vec<Job>) = jobs.into_iter().partition(|j| j.queued.elapsed() < QUEUE_TIMEOUT);
        for job in late {
            let _ = job.reply.send(Err(StoreError::WriterTimeout));
        }
        if jobs.is_empty() {
            continue;
        }
        let mut conn = match held.take() {
            Some(conn) => conn,
            None => match pool.acquire().await {
                Ok(conn) => conn,
                Err(e) => {
                    tracing::error!(error = %e, batch = jobs.len(), "the ledger writer has no connection");
                    let cause = Arc::new(StoreError::from(e));
                    for job in jobs {
                        let _ = job.reply.send(Err(StoreError::Batch(cause.clone())));
                    }
                    continue;
                }
            },
        };
        let works: Vec<(&str, &Work)> = jobs.iter().map(|j| (j.actor.as_str(), &j.work)).collect();
        let started = Instant::now();
        let batch = with_policy(ids, run_batch(&mut conn, engine, &signer, clock.as_ref(), &works));
        let result = AssertUnwindSafe(batch).catch_unwind().await;
        tracing::debug!(batch = jobs.len(), micros = started.elapsed().as_micros() as u64, "ledger batch");
        measure::batch(jobs.len(), started.elapsed(), matches!(result, Ok(Ok(_))));
        // A connection is kept only after a batch that committed, and given back before a
        // checkpoint is answered: `Store::close` checkpoints, then waits for every connection.
        if matches!(result, Ok(Ok(_))) && !works.iter().any(|(_, w)| matches!(w, Work::Checkpoint)) {
            held = Some(conn);
        } else {
            drop(conn);
        }
        match result {
            Ok(Ok(outcomes)) => {
                for (job, outcome) in jobs.into_iter().zip(outcomes) {
                    let _ = job.reply.send(outcome);
                }
            }
            Ok(Err(e)) => {
                tracing::error!(error = %e, batch = jobs.len(), "ledger batch rolled back");
                let cause = Arc::new(e);
                for job in jobs {
                    let _ = job.reply.send(Err(StoreError::Batch(cause.clone())));
                }
            }
            Err(panic) => {
                let what = panic_text(panic.as_ref());
                tracing::error!(panic = %what, batch = jobs.len(), "the ledger writer panicked; the batch was rolled back");
                health.panics.fetch_add(1, Ordering::SeqCst);
                if let Ok(mut last) = health.last_panic.lock() {
                    *last = Some((clock.now(), what));
                }
                for job in jobs {
                    let _ = job.reply.send(Err(StoreError::WriterPanicked));
                }
                panics.retain(|at| at.elapsed() < PANIC_WINDOW);
                panics.push(Instant::now());
                if panics.len() >= PANICS_TO_STOP {
                    tracing::error!("the ledger writer panicked {PANICS_TO_STOP} times within a minute and stops");
                    break;
                }
            }
        }
    }
    health.stop();
    // Whatever is still queued is told that nothing will be written.
    receiver.close();
    while let Ok(job) = receiver.try_recv() {
        let _ = job.reply.send(Err(StoreError::WriterGone));
    }
}

/// Takes what is waiting; then, while yielding to the other tasks still brings new requests
/// (writers answered by the last commit sending their next one), takes those too. Under light
/// load this costs one yield; under heavy load it fills the batch.
async fn gather(receiver: &mut mpsc::Receiver<Job>, first: Job) -> Vec<Job> {
    let mut jobs = vec![first];
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
    jobs
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_owned()
    }
}

/// What the batch has read and decided so far, shared by its requests.
struct BatchState {
    registry: Option<Registry>,
    cases: crate::cases::BatchCases,
    commitments: crate::Commitments,
}

impl BatchState {
    /// Forgets what a rolled-back request may have changed: the next request reads it again from
    /// the transaction, as the savepoint left it.
    fn forget(&mut self) {
        self.registry = None;
        self.cases.clear();
    }
}

pub(crate) async fn run_batch(
    conn: &mut AnyConnection,
    engine: Engine,
    signer: &Signer,
    clock: &dyn Clock,
    jobs: &[(&str, &Work)],
) -> Result<Vec<Result<Appended, StoreError>>, StoreError> {
    let mut tx = conn.begin().await?;
    if jobs.iter().all(|(_, w)| matches!(w, Work::Probe)) {
        // A probe takes no lock and writes nothing: it proves the writer and the database answer.
        sqlx::query("SELECT seq FROM ledger_head WHERE id = 1").fetch_one(&mut *tx).await?;
        tx.commit().await?;
        let head = Appended { seq: 0, hash: [0; 32], event: None, created: None };
        return Ok(jobs.iter().map(|_| Ok(head.clone())).collect());
    }
    // Taking the lock and reading the head is one statement: the write lock in SQLite, a row
    // lock in PostgreSQL that the next process waits for.
    let head = sqlx::query("UPDATE ledger_head SET seq = seq WHERE id = 1 RETURNING seq, hash, checkpoint_seq")
        .fetch_one(&mut *tx)
        .await?;
    let start_seq: i64 = head.try_get("seq")?;
    let checkpoint_seq: i64 = head.try_get("checkpoint_seq")?;
    let mut seq = start_seq;
    let mut prev = parse_hash(&head.try_get::<String, _>("hash")?)?;
    let mut state =
        BatchState { registry: None, cases: crate::cases::BatchCases::new(), commitments: signer.commitments() };
    let mut force_checkpoint = false;
    let mut rows: Vec<NewRow> = Vec::with_capacity(jobs.len());
    let mut outcomes = Vec::with_capacity(jobs.len());
    // A lone request needs no savepoint: if it fails, the whole transaction is rolled back.
    let alone = jobs.len() == 1;
    let mut savepoint = false;

    for (actor, work) in jobs {
        if matches!(work, Work::Checkpoint) {
            force_checkpoint = true;
        }
        let now = clock.now();
        // A request that runs no statement has nothing to roll back. One that does, among others,
        // runs inside a savepoint; the previous one is released in the same round trip (the
        // simple protocol of an unbound query takes two statements), and the last by the commit.
        let guarded = !alone && work.runs_statements();
        if guarded {
            let sql = if savepoint { "RELEASE SAVEPOINT job; SAVEPOINT job" } else { "SAVEPOINT job" };
            (&mut *tx).execute(sql).await?;
            savepoint = true;
        }
        match run_job(&mut tx, &mut state, work, now, seq + 1).await {
            Ok(done) => {
                let at = now.to_string();
                for entry in done.entries {
                    seq += 1;
                    prev = chain(&mut rows, seq, &prev, at.clone(), actor, entry.stream, entry.kind, &entry.body);
                }
                outcomes.push(Ok(Appended { seq, hash: prev, event: done.event, created: done.created }));
            }
            Err(e) if alone => {
                tx.rollback().await?;
                if !e.is_refusal() {
                    tracing::error!(error = %e, "a write failed and was rolled back");
                }
                return Ok(vec![Err(e)]);
            }
            Err(e) => {
                // This request alone is undone; if even that fails, the batch is.
                if guarded {
                    (&mut *tx).execute("ROLLBACK TO SAVEPOINT job").await?;
                }
                state.forget();
                if !e.is_refusal() {
                    tracing::error!(error = %e, "a write failed and was rolled back alone");
                }
                outcomes.push(Err(e));
            }
        }
    }

    let checkpoint = seq > checkpoint_seq && (force_checkpoint || seq - checkpoint_seq >= CHECKPOINT_EVERY);
    if checkpoint {
        let signed = signer.sign_head(crate::Head { seq, hash: prev });
        sqlx::query("INSERT INTO ledger_checkpoint (seq, hash, at, public_key, signature) VALUES ($1, $2, $3, $4, $5)")
            .bind(seq)
            .bind(hex::encode(prev))
            .bind(clock.now().to_string())
            .bind(hex::encode(signed.public_key))
            .bind(hex::encode(signed.signature))
            .execute(&mut *tx)
            .await?;
    }
    if seq != start_seq || checkpoint {
        let head = NewHead { seq, hash: prev, checkpoint_seq: if checkpoint { seq } else { checkpoint_seq } };
        insert_rows(&mut tx, engine, &rows, &head).await?;
    }
    let committing = Instant::now();
    tx.commit().await?;
    measure::commit(committing.elapsed(), seq);
    Ok(outcomes)
}

/// Runs one request inside its savepoint. `next_seq` is the sequence number its first entry
/// will get.
async fn run_job(
    tx: &mut Transaction<'_, Any>,
    state: &mut BatchState,
    work: &Work,
    now: Timestamp,
    next_seq: i64,
) -> Result<Done, StoreError> {
    match work {
        Work::Registry(command) => {
            let registry = match &mut state.registry {
                Some(r) => r,
                None => state.registry.insert(crate::registry::load(tx).await?),
            };
            let today = seat_date(now);
            let event = registry.decide(command.clone(), today, &RulesProfile::in_force_on(today))?;
            registry.apply(&event);
            let body = serde_json::to_value(&event).map_err(StoreError::corrupt)?;
            crate::registry::project(tx, registry, &event, next_seq).await?;
            let entry = Entry { stream: event.stream(), kind: event.kind(), body };
            Ok(Done { entries: vec![entry], created: None, event: Some(event) })
        }
        Work::Record { stream, kind, body } => {
            Ok(Done::entries(vec![Entry { stream: stream.clone(), kind, body: body.clone() }], None))
        }
        Work::Account(change) => {
            let (created, entry) =
                crate::accounts::apply(tx, change, now).await?.map_err(StoreError::AccountRefused)?;
            Ok(Done::entries(vec![entry], created))
        }
        Work::Case(change) => {
            let (created, entries) =
                crate::cases::apply(tx, &mut state.cases, &mut state.registry, &state.commitments, change, now)
                    .await?
                    .map_err(StoreError::CaseRefused)?;
            Ok(Done::entries(entries, created))
        }
        Work::Document(change) => {
            let entries = crate::documents::apply(tx, &mut state.cases, &state.commitments, change, now)
                .await?
                .map_err(StoreError::DocumentRefused)?;
            let created = created_id(&entries, "document");
            Ok(Done::entries(entries, created))
        }
        Work::Message(change) => {
            let entries = crate::messages::apply(tx, &mut state.cases, &state.commitments, change, now)
                .await?
                .map_err(StoreError::MessageRefused)?;
            let created = created_id(&entries, "message");
            Ok(Done::entries(entries, created))
        }
        Work::Mediator(change) => {
            let entries = crate::mediators::apply(tx, &mut state.cases, &state.commitments, change, now)
                .await?
                .map_err(StoreError::MediatorRefused)?;
            let created = created_id(&entries, "appointment");
            Ok(Done::entries(entries, created))
        }
        Work::Checkpoint | Work::Probe => Ok(Done::entries(Vec::new(), None)),
        #[cfg(feature = "testing")]
        Work::FailForTest => {
            sqlx::query("INSERT INTO no_such_table (x) VALUES (1)").execute(&mut **tx).await?;
            Ok(Done::entries(Vec::new(), None))
        }
        #[cfg(feature = "testing")]
        Work::PanicForTest => {
            #[allow(clippy::panic, reason = "the test of the writer's supervision")]
            {
                panic!("a panic asked for by a test")
            }
        }
    }
}

impl crate::Store {
    /// Decides a registry command and, if it is accepted, records its event and updates the
    /// registry in one transaction.
    pub async fn registry_command(&self, actor: &str, command: Command) -> Result<Appended, StoreError> {
        self.writer.submit(actor, Work::Registry(command)).await
    }

    /// Appends an event that changes no projection (a record of something seen or done).
    pub async fn record(
        &self,
        actor: &str,
        stream: &str,
        kind: &'static str,
        body: Value,
    ) -> Result<Appended, StoreError> {
        self.writer.submit(actor, Work::Record { stream: stream.to_owned(), kind, body }).await
    }

    /// Signs and stores a checkpoint of the current head (if it moved since the last one).
    pub async fn checkpoint(&self) -> Result<Appended, StoreError> {
        self.writer.submit("system", Work::Checkpoint).await
    }

    /// Whether a write could be made now: the writer answers a probe within `within` and the
    /// database takes a transaction. Writes nothing.
    pub async fn probe_writer(&self, within: Duration) -> Result<(), StoreError> {
        match tokio::time::timeout(within, self.writer.submit("system", Work::Probe)).await {
            Ok(answer) => answer.map(|_| ()),
            Err(_) => Err(StoreError::WriterTimeout),
        }
    }

    /// How the writer is doing.
    pub fn writer_status(&self) -> WriterStatus {
        self.writer.health().status()
    }

    /// Resolves once the writer has stopped for good (never, while it runs).
    pub async fn writer_stopped(&self) {
        let mut stopped = self.writer.health().stopped_tx.subscribe();
        while !*stopped.borrow_and_update() {
            if stopped.changed().await.is_err() {
                return;
            }
        }
    }
}
