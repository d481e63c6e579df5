//! Mediators' profiles, and appointments to cases with the conflict checks run at appointment:
//! the findings and any recorded agreement of the parties are kept with the appointment and in
//! the ledger. Accepting, with the declaration, puts the mediator on the case.

use iomed_domain::access::UserId;
use iomed_domain::mediators::{
    AppointmentRefusal, AppointmentStatus, ChallengeRefusal, Declaration, DesignationRefusal, Finding, MediatorProfile,
    Panel, SgRequestRefusal,
};
use iomed_domain::registry::StateCode;
use iomed_domain::request::Side;
use iomed_domain::seat::seat_date;
use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::json;
use sqlx::{Any, Row, Transaction};

use crate::StoreError;
use crate::accounts::{Entry, OutgoingMail, queue_mail};
use crate::cases::BatchCases;

mod appointments;
mod challenges;
mod panels;
mod profiles;
mod reads;

/// A change to mediators or appointments.
#[derive(Debug, Clone)]
pub enum MediatorChange {
    /// Records (or replaces) the profile of a user who has the mediator role.
    RecordProfile { user: UserId, profile: MediatorProfile },
    /// Appoints a mediator to a registered case, after the conflict checks. A `bar` finding needs
    /// the reference of every party's written agreement.
    Appoint { case: i64, mediator: UserId, agreement: Option<String>, mails: Vec<OutgoingMail> },
    /// The appointee accepts with the declaration, or declines (`None`).
    Answer { appointment: i64, mediator: UserId, accept: Option<Declaration>, mails: Vec<OutgoingMail> },
    /// A Contracting State designates a mediator to a panel, on its notification (recorded by the
    /// Secretariat).
    Designate { state: StateCode, panel: Panel, mediator: UserId, on: Date },
    /// The designation runs for another term from `on`.
    Renew { designation: i64, on: Date },
    /// The State withdraws the designation.
    Withdraw { designation: i64, on: Date },
    /// One side's private ranking of candidates, best first (replaces its earlier one).
    Rank { case: i64, side: Side, candidates: Vec<UserId> },
    /// A party challenges a serving mediator, with reasons.
    Challenge { appointment: i64, side: Side, reasons: String, mails: Vec<OutgoingMail> },
    /// The other party or the mediator responds to a challenge.
    Respond { challenge: i64, by: String, text: String },
    /// The Secretary-General decides; upheld, the mediator leaves the case and a replacement
    /// is appointed by the same path.
    Decide { challenge: i64, uphold: bool, reasons: String, mails: Vec<OutgoingMail> },
    /// A serving mediator discloses a new circumstance: a continuing duty for the whole case.
    Disclose { appointment: i64, mediator: UserId, text: String, mails: Vec<OutgoingMail> },
    /// W6: a party asks the Secretary-General to appoint.
    RequestSgAppointment { case: i64, side: Side, mails: Vec<OutgoingMail> },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediatorRefusal {
    #[error("this user does not have the mediator role")]
    NotAMediator,
    #[error("this mediator has no profile yet")]
    NoProfile,
    #[error("no such case")]
    NoSuchCase,
    #[error("no such appointment")]
    NoSuchAppointment,
    #[error("{0}")]
    Appointment(#[from] AppointmentRefusal),
    #[error("{0}")]
    Designation(#[from] DesignationRefusal),
    #[error("no such designation")]
    NoSuchDesignation,
    #[error("a candidate is not a mediator with a profile, or is listed twice")]
    BadCandidate,
    #[error("{0}")]
    Challenge(#[from] ChallengeRefusal),
    #[error("{0}")]
    Ranking(iomed_domain::mediators::RankingRefusal),
    #[error("no such challenge")]
    NoSuchChallenge,
    #[error("{0}")]
    SgRequest(#[from] SgRequestRefusal),
}

impl MediatorRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            MediatorRefusal::NotAMediator => "not_a_mediator",
            MediatorRefusal::NoProfile => "no_profile",
            MediatorRefusal::NoSuchCase => "not_found",
            MediatorRefusal::NoSuchAppointment => "not_found",
            MediatorRefusal::Appointment(r) => r.code(),
            MediatorRefusal::Designation(r) => r.code(),
            MediatorRefusal::NoSuchDesignation => "not_found",
            MediatorRefusal::BadCandidate => "bad_candidate",
            MediatorRefusal::Challenge(r) => r.code(),
            MediatorRefusal::Ranking(r) => r.code(),
            MediatorRefusal::NoSuchChallenge => "not_found",
            MediatorRefusal::SgRequest(r) => r.code(),
        }
    }
}

/// An appointment as stored, with its case's title and number for the appointee's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentRow {
    pub id: i64,
    pub case: i64,
    pub case_title: String,
    pub case_number: Option<String>,
    pub mediator: UserId,
    pub mediator_name: String,
    pub appointed_on: Date,
    pub findings: Vec<Finding>,
    pub agreement: Option<String>,
    pub status: AppointmentStatus,
    pub declaration: Option<Declaration>,
    /// Disclosures made after accepting: (date, text).
    pub later_disclosures: Vec<(String, String)>,
}

async fn has_role(tx: &mut Transaction<'_, Any>, user: UserId) -> Result<bool, StoreError> {
    Ok(sqlx::query("SELECT user_id FROM user_roles WHERE user_id = $1 AND role = 'mediator'")
        .bind(user.0)
        .fetch_optional(&mut **tx)
        .await?
        .is_some())
}

async fn profile_in(tx: &mut Transaction<'_, Any>, user: UserId) -> Result<Option<MediatorProfile>, StoreError> {
    let row =
        sqlx::query("SELECT profile FROM mediators WHERE user_id = $1").bind(user.0).fetch_optional(&mut **tx).await?;
    row.map(|r| serde_json::from_str(&r.try_get::<String, _>("profile")?).map_err(StoreError::corrupt)).transpose()
}

/// What applying one change gives: its ledger entries, or the refusal.
type Applied = Result<Result<Vec<Entry>, MediatorRefusal>, StoreError>;

pub(crate) async fn apply(
    tx: &mut Transaction<'_, Any>,
    cases: &mut BatchCases,
    commitments: &crate::Commitments,
    change: &MediatorChange,
    now: Timestamp,
) -> Applied {
    let at = now.to_string();
    let today = seat_date(now);
    match change {
        MediatorChange::RecordProfile { user, profile } => profiles::record_profile(tx, &at, *user, profile).await,
        MediatorChange::Appoint { case, mediator, agreement, mails } => {
            appointments::appoint(tx, &at, cases, today, *case, *mediator, agreement, mails).await
        }
        MediatorChange::Answer { appointment, mediator, accept, mails } => {
            appointments::answer(tx, &at, cases, today, *appointment, *mediator, accept, mails).await
        }
        MediatorChange::Designate { state, panel, mediator, on } => {
            panels::designate(tx, *state, *panel, *mediator, *on).await
        }
        MediatorChange::Rank { case, side, candidates } => {
            appointments::rank(tx, commitments, &at, (cases, today), *case, *side, candidates).await
        }
        MediatorChange::Challenge { appointment, side, reasons, mails } => {
            challenges::challenge(tx, commitments, &at, *appointment, *side, reasons, mails).await
        }
        MediatorChange::Respond { challenge, by, text } => challenges::respond(tx, *challenge, by, text).await,
        MediatorChange::Decide { challenge, uphold, reasons, mails } => {
            challenges::decide(tx, &at, (cases, today), *challenge, *uphold, reasons, mails).await
        }
        MediatorChange::Disclose { appointment, mediator, text, mails } => {
            challenges::disclose(tx, commitments, &at, today, *appointment, *mediator, text, mails).await
        }
        MediatorChange::RequestSgAppointment { case, side, mails } => {
            appointments::request_sg_appointment(tx, &at, cases, today, *case, *side, mails).await
        }
        MediatorChange::Renew { designation, on } => panels::renew_or_withdraw(tx, *designation, *on, true).await,
        MediatorChange::Withdraw { designation, on } => panels::renew_or_withdraw(tx, *designation, *on, false).await,
    }
}

/// A challenge to a mediator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeRow {
    pub id: i64,
    pub appointment: i64,
    pub case: i64,
    pub side: Side,
    pub reasons: String,
    /// (who, what they answered)
    pub responses: Vec<(String, String)>,
    /// `open`, `upheld` or `rejected`.
    pub status: String,
    pub decision: Option<String>,
}

/// A designation as the panels list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesignationRow {
    pub id: i64,
    pub state: StateCode,
    pub panel: Panel,
    pub mediator: UserId,
    pub mediator_name: String,
    pub designated_on: Date,
    pub ends_on: Date,
    pub withdrawn_on: Option<Date>,
}

impl DesignationRow {
    /// In force on `date`.
    pub fn active_on(&self, date: Date) -> bool {
        self.designated_on <= date && date < self.ends_on && self.withdrawn_on.is_none_or(|w| date < w)
    }
}

async fn queue_all(
    tx: &mut Transaction<'_, Any>,
    case: i64,
    mails: &[OutgoingMail],
    at: &str,
) -> Result<Vec<Entry>, StoreError> {
    let mut entries = Vec::new();
    for mail in mails {
        let outbox = queue_mail(tx, mail, at).await?;
        entries.push(Entry {
            stream: format!("case/{case}/notices"),
            kind: "case.notice_queued",
            body: json!({"case": case, "outbox": outbox, "about": "appointment"}),
        });
    }
    Ok(entries)
}

const APPOINTMENT_COLUMNS: &str = "a.id, a.case_id, c.title, c.number, a.mediator, u.display_name, a.appointed_on, \
    a.findings, a.agreement, a.status, a.declaration, a.later_disclosures";

fn appointment_row(r: &sqlx::any::AnyRow) -> Result<AppointmentRow, StoreError> {
    Ok(AppointmentRow {
        id: r.try_get("id")?,
        case: r.try_get("case_id")?,
        case_title: r.try_get("title")?,
        case_number: r.try_get("number")?,
        mediator: UserId(r.try_get("mediator")?),
        mediator_name: r.try_get("display_name")?,
        appointed_on: r.try_get::<String, _>("appointed_on")?.parse().map_err(StoreError::corrupt)?,
        findings: serde_json::from_str(&r.try_get::<String, _>("findings")?).map_err(StoreError::corrupt)?,
        agreement: r.try_get("agreement")?,
        status: AppointmentStatus::parse(&r.try_get::<String, _>("status")?)
            .ok_or_else(|| StoreError::corrupt("appointment status"))?,
        declaration: r
            .try_get::<Option<String>, _>("declaration")?
            .map(|d| serde_json::from_str(&d))
            .transpose()
            .map_err(StoreError::corrupt)?,
        later_disclosures: serde_json::from_str(&r.try_get::<String, _>("later_disclosures")?)
            .map_err(StoreError::corrupt)?,
    })
}
