//! Requests and cases: drafts as typed, filed requests, and the case projection. A case's domain
//! events live in the ledger stream `case/{id}`; the `cases` table is their projection for lists
//! and dashboards, rebuilt event by event in the writer's transaction.
//!
//! Reads of a case (page views, API reads) are recorded in the stream `case/{id}/access`.

use std::collections::HashMap;

use iomed_domain::access::{Standing, UserId};
use iomed_domain::case::{Case, Command, Event, Refusal, Stage};
use iomed_domain::registry::Registry;
use iomed_domain::request::{Draft, Gap, Side};
use iomed_domain::scope::Assessment;
use jiff::Timestamp;
use jiff::civil::Date;
use sqlx::{Any, Row, Transaction};

use crate::StoreError;
use crate::accounts::{Entry, OutgoingMail};

mod annexes;
mod filing;
mod lists;
mod officers;
mod reads;
mod reminders;
mod screening;
mod steps;
pub(crate) use steps::follow;

pub use annexes::{AnnexRow, NewAnnex};
pub(crate) use lists::rebuild_wanted;
pub use lists::{CaseFilter, DueKey, DueRow, ListedCase, Lister, OfficerFilter};
pub use officers::{Officer, WaitingCount};

/// A change to requests or cases, decided in the writer.
#[derive(Debug, Clone)]
pub enum CaseChange {
    /// Creates a draft (`draft: None`) or replaces one the owner has not filed yet.
    SaveDraft { owner: UserId, id: Option<i64>, draft: Draft },
    /// Files a draft: it must be complete (W1). The other side's representative is added to the
    /// case (invited first, if they have no account) and told by e-mail.
    /// `receipt` goes to the one filing, in the same transaction.
    File { owner: UserId, id: i64, invitation: Invitation, receipt: OutgoingMail },
    /// A step in a case; the e-mails go out only if the step is taken.
    Step { case: i64, step: Step, mails: Vec<OutgoingMail> },
    /// Makes a member of the Secretariat the case's officer, or (`None`) leaves it without one.
    /// The case's officer (none: `None`); `mail` tells the new officer, in their inbox and as they
    /// chose for e-mail, if they are not the one assigning.
    AssignOfficer { case: i64, officer: Option<UserId>, mail: Option<OutgoingMail> },
    /// Reminds the people of a case that a time limit ends in `days` business days, once, when
    /// the domain says it is due today.
    Remind { case: i64, kind: iomed_domain::case::DeadlineKind, due: Date, days: u32, mails: Vec<OutgoingMail> },
    /// Keeps the data key of a draft, wrapped and bound to it, unless it has one (made at its
    /// first annex).
    EnsureDraftKey { owner: UserId, request: i64, wrapped: String },
    /// Attaches annexes, stored under the draft's key, to a draft not filed yet; all or none.
    Attach { owner: UserId, request: i64, annexes: Vec<NewAnnex> },
    /// Takes an annex off a draft not filed yet. Its blob is the caller's to delete afterwards.
    Detach { owner: UserId, request: i64, annex: i64 },
}

/// What the web layer prepares for the other side before filing: a one-time link (used only if
/// they have no account yet) and the e-mail for each case.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub link_hash: String,
    pub expires_at: Timestamp,
    pub language: String,
    /// For someone with no account: carries the link to set a password.
    pub mail_new: OutgoingMail,
    /// For someone with an account.
    pub mail_existing: OutgoingMail,
}

/// A step in a case, as asked. The writer turns it into a domain command against the case as it
/// is, with today's date at the seat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    AcceptOffer,
    DeclineOffer,
    DeemRejection,
    MarkFeePaid,
    /// The number and the scope assessment at screening (E14) are the writer's.
    Register {
        council_rule: Option<String>,
    },
    Refuse {
        reasons: String,
    },
    /// A party withdraws (before registration, the requesting side only).
    Withdraw {
        side: Side,
    },
    AgreeMediators {
        number: u8,
    },
    DefaultMediators,
    Lapse,
    /// A side agrees to publication of the basic case information (W13).
    ConsentToPublication {
        side: Side,
    },
    /// A side proposes the number of mediators (W5).
    ProposeMediators {
        side: Side,
        number: u8,
    },
    /// A side asks to end the mediation (W16).
    RequestEnd {
        side: Side,
    },
    /// The Secretariat records the settlement filed as this joint document (W16, W17).
    RecordSettlement {
        document: i64,
    },
    /// A mediator declares no likelihood of agreement (W16).
    DeclareNoLikelihood,
}

impl Step {
    /// The automatic consequence of a passed time limit, as a step.
    pub fn automatic(command: &Command) -> Option<Step> {
        match command {
            Command::DeemRejection => Some(Step::DeemRejection),
            Command::DefaultMediators => Some(Step::DefaultMediators),
            Command::Lapse => Some(Step::Lapse),
            _ => None,
        }
    }
}

/// Why a request or case change was refused. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseRefusal {
    #[error("no such draft")]
    NoSuchDraft,
    #[error("no such case")]
    NoSuchCase,
    #[error("this request was already filed")]
    AlreadyFiled,
    #[error("the request is incomplete")]
    Incomplete(Vec<Gap>),
    #[error("the other side's representative cannot be yourself")]
    SameRepresentative,
    #[error("{0}")]
    Case(#[from] Refusal),
    #[error("{0}")]
    Officer(#[from] iomed_domain::case::OfficerRefusal),
    #[error("the case already has this officer")]
    OfficerUnchanged,
    #[error("no reminder of this time limit is due today")]
    ReminderNotDue,
    #[error("this reminder was sent already")]
    AlreadyReminded,
    #[error(transparent)]
    Annex(#[from] iomed_domain::documents::annexes::AnnexRefusal),
}

impl CaseRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            CaseRefusal::NoSuchDraft => "no_such_draft",
            CaseRefusal::NoSuchCase => "no_such_case",
            CaseRefusal::AlreadyFiled => "already_filed",
            CaseRefusal::Incomplete(_) => "incomplete",
            CaseRefusal::SameRepresentative => "same_representative",
            CaseRefusal::Case(r) => r.code(),
            CaseRefusal::Officer(r) => r.code(),
            CaseRefusal::OfficerUnchanged => "officer_unchanged",
            CaseRefusal::ReminderNotDue => "reminder_not_due",
            CaseRefusal::AlreadyReminded => "already_reminded",
            CaseRefusal::Annex(r) => r.code(),
        }
    }
}

/// A draft as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftRow {
    pub id: i64,
    pub owner: UserId,
    pub draft: Draft,
    pub updated_at: Timestamp,
    /// The case it became, once filed.
    pub case: Option<i64>,
}

/// A case as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub filed_on: Date,
    /// The scope outcome at filing.
    pub scope: String,
    pub stage: String,
    pub closure: Option<String>,
    pub fee_paid: bool,
    pub number: Option<String>,
    /// The request it was filed from: the filing reference on the receipt, until a number is
    /// given at registration.
    pub request: i64,
    /// The member of the Secretariat who follows it, once one is assigned.
    pub officer: Option<UserId>,
    /// What it waits on now, as the domain says (`Case::waiting_on`).
    pub waiting: Vec<iomed_domain::case::Waiting>,
}

/// Someone on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub user: UserId,
    pub name: String,
    pub email: String,
    pub language: String,
    pub standing: Standing,
}

/// One entry of a case's procedural history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub seq: i64,
    pub at: Timestamp,
    pub actor: String,
    pub event: Event,
}

fn standing_str(s: Standing) -> &'static str {
    match s {
        Standing::Party(Side::Requesting) => "requesting",
        Standing::Party(Side::Responding) => "responding",
        Standing::Invited => "invited",
        Standing::Mediator => "mediator",
    }
}

fn parse_standing(s: &str) -> Result<Standing, StoreError> {
    match s {
        "requesting" => Ok(Standing::Party(Side::Requesting)),
        "responding" => Ok(Standing::Party(Side::Responding)),
        "invited" => Ok(Standing::Invited),
        "mediator" => Ok(Standing::Mediator),
        other => Err(StoreError::corrupt(format!("case standing '{other}'"))),
    }
}

pub(crate) fn case_stream(case: i64) -> String {
    format!("case/{case}")
}

/// The cases a batch has touched, as they stand within it.
pub(crate) type BatchCases = HashMap<i64, Case>;

/// Case `id` rebuilt from its events as the transaction sees them.
pub(crate) async fn replay(tx: &mut Transaction<'_, Any>, id: i64) -> Result<Option<Case>, StoreError> {
    let rows = sqlx::query("SELECT body FROM ledger WHERE stream = $1 ORDER BY seq")
        .bind(case_stream(id))
        .fetch_all(&mut **tx)
        .await?;
    let events = rows
        .iter()
        .map(|r| serde_json::from_str::<Event>(&r.try_get::<String, _>("body")?).map_err(StoreError::corrupt))
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Case::from_events(&events))
}

pub(crate) async fn load_case(
    tx: &mut Transaction<'_, Any>,
    cases: &mut BatchCases,
    id: i64,
) -> Result<Option<Case>, StoreError> {
    if let Some(case) = cases.get(&id) {
        return Ok(Some(case.clone()));
    }
    let case = replay(tx, id).await?;
    if let Some(case) = &case {
        cases.insert(id, case.clone());
    }
    Ok(case)
}

/// Updates the projection from a case as it now stands.
async fn project(tx: &mut Transaction<'_, Any>, id: i64, case: &Case, at: &str) -> Result<(), StoreError> {
    let (number, closure) = match case.stage() {
        Stage::Registered { number, .. } => (Some(*number), None),
        Stage::Closed { closure, .. } => (None, Some(closure.as_str())),
        _ => (None, None),
    };
    sqlx::query(
        "UPDATE cases SET stage = $1, closure = $2, fee_paid = $3, updated_at = $4, published = $5 WHERE id = $6",
    )
    .bind(case.stage_name())
    .bind(closure)
    .bind(i64::from(case.fee_paid()))
    .bind(at)
    .bind(i64::from(case.is_public()))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    // The invited side becomes a party once its side consented (W3).
    if case.consented() {
        sqlx::query("UPDATE case_participants SET standing = $1 WHERE case_id = $2 AND standing = $3")
            .bind(standing_str(Standing::Party(Side::Responding)))
            .bind(id)
            .bind(standing_str(Standing::Invited))
            .execute(&mut **tx)
            .await?;
    }
    if let Some(number) = number {
        sqlx::query("UPDATE cases SET number = $1, number_year = $2, number_seq = $3 WHERE id = $4")
            .bind(number.to_string())
            .bind(i64::from(number.year()))
            .bind(i64::from(number.seq()))
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    lists::project_deadlines(tx, id, case).await
}

pub(crate) async fn add_participant(
    tx: &mut Transaction<'_, Any>,
    case: i64,
    user: i64,
    standing: Standing,
    at: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO case_participants (case_id, user_id, standing, added_at, case_seq) \
         SELECT $1, $2, $3, $4, c.seq FROM cases c WHERE c.id = $1",
    )
    .bind(case)
    .bind(user)
    .bind(standing_str(standing))
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The assessment of a filed request on `filed_on`, against the registry as it now stands.
pub fn assess_request(draft: &Draft, filed_on: Date, registry: &Registry) -> Option<Assessment> {
    draft.assess(filed_on, registry)
}

/// Checks and applies a change; returns what was created and the ledger entries, in order.
/// What applying one change gives: what it created and its ledger entries, or the refusal.
type Applied = Result<Result<(Option<i64>, Vec<Entry>), CaseRefusal>, StoreError>;

pub(crate) async fn apply(
    tx: &mut Transaction<'_, Any>,
    cases: &mut BatchCases,
    registry: &mut Option<Registry>,
    commitments: &crate::Commitments,
    change: &CaseChange,
    now: Timestamp,
) -> Applied {
    match change {
        CaseChange::SaveDraft { owner, id, draft } => {
            filing::save_draft(tx, commitments, &now.to_string(), *owner, *id, draft).await
        }
        CaseChange::File { owner, id, invitation, receipt } => {
            filing::file(tx, commitments, now, cases, registry, *owner, *id, invitation, receipt).await
        }
        CaseChange::Step { case, step, mails } => steps::step(tx, now, cases, registry, *case, step, mails).await,
        CaseChange::AssignOfficer { case, officer, mail } => {
            officers::assign(tx, &now.to_string(), *case, *officer, mail.as_ref()).await
        }
        CaseChange::Remind { case, kind, due, days, mails } => {
            reminders::remind(tx, now, cases, *case, *kind, *due, *days, mails).await
        }
        CaseChange::EnsureDraftKey { owner, request, wrapped } => {
            annexes::ensure_key(tx, *owner, *request, wrapped).await
        }
        CaseChange::Attach { owner, request, annexes } => {
            annexes::attach(tx, commitments, &now.to_string(), *owner, *request, annexes).await
        }
        CaseChange::Detach { owner, request, annex } => annexes::detach(tx, *owner, *request, *annex).await,
    }
}
