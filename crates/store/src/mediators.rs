//! Mediators' profiles, and appointments to cases with the conflict checks run at appointment:
//! the findings and any recorded agreement of the parties are kept with the appointment and in
//! the ledger. Accepting, with the declaration, puts the mediator on the case.

use std::collections::HashMap;

use iomed_domain::access::{Standing, UserId};
use iomed_domain::case::{Case, Stage};
use iomed_domain::mediators::{
    AppointmentRefusal, AppointmentStatus, ChallengeRefusal, Declaration, DesignationRefusal, Finding, MediatorProfile,
    Panel, SgRequestRefusal, check_conflicts, designation_ends, may_accept, may_answer, may_answer_challenge,
    may_appoint, may_challenge, may_designate, may_disclose, may_request_sg_appointment, statement,
};
use iomed_domain::registry::{StateCode, Status};
use iomed_domain::request::Draft;
use iomed_domain::request::Side;
use iomed_domain::rules::RulesProfile;
use iomed_domain::seat::seat_date;
use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::json;
use sqlx::{Any, Row, Transaction};

use crate::StoreError;
use crate::accounts::{Entry, OutgoingMail, queue_mail};

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

pub(crate) async fn apply(
    tx: &mut Transaction<'_, Any>,
    cases: &mut HashMap<i64, Case>,
    change: &MediatorChange,
    now: Timestamp,
) -> Result<Result<Vec<Entry>, MediatorRefusal>, StoreError> {
    let at = now.to_string();
    let today = seat_date(now);
    match change {
        MediatorChange::RecordProfile { user, profile } => {
            if !has_role(tx, *user).await? {
                return Ok(Err(MediatorRefusal::NotAMediator));
            }
            let text = serde_json::to_string(profile).map_err(StoreError::corrupt)?;
            sqlx::query("DELETE FROM mediators WHERE user_id = $1").bind(user.0).execute(&mut **tx).await?;
            sqlx::query("INSERT INTO mediators (user_id, profile, updated_at) VALUES ($1, $2, $3)")
                .bind(user.0)
                .bind(text.as_str())
                .bind(at.as_str())
                .execute(&mut **tx)
                .await?;
            Ok(Ok(vec![Entry {
                stream: format!("mediator/{}", user.0),
                kind: "mediator.profile_recorded",
                body: json!({"user": user.0, "profile": profile}),
            }]))
        }
        MediatorChange::Appoint { case, mediator, agreement, mails } => {
            let Some(state) = crate::cases::load_case(tx, cases, *case).await? else {
                return Ok(Err(MediatorRefusal::NoSuchCase));
            };
            if !matches!(state.stage(), Stage::Registered { .. }) {
                return Ok(Err(AppointmentRefusal::NotRegistered.into()));
            }
            if !has_role(tx, *mediator).await? {
                return Ok(Err(MediatorRefusal::NotAMediator));
            }
            let Some(profile) = profile_in(tx, *mediator).await? else { return Ok(Err(MediatorRefusal::NoProfile)) };
            let existing = sqlx::query("SELECT id FROM appointments WHERE case_id = $1 AND mediator = $2")
                .bind(*case)
                .bind(mediator.0)
                .fetch_optional(&mut **tx)
                .await?;
            if existing.is_some() {
                return Ok(Err(AppointmentRefusal::AlreadyAppointed.into()));
            }
            let content: String = sqlx::query("SELECT content FROM cases WHERE id = $1")
                .bind(*case)
                .fetch_one(&mut **tx)
                .await?
                .try_get("content")?;
            let draft: Draft = serde_json::from_str(&content).map_err(StoreError::corrupt)?;
            let parties = draft.check().map(|r| r.parties).unwrap_or_default();
            let rules = RulesProfile::in_force_on(state.filed_on());
            let mut findings = check_conflicts(&profile, &parties, today, &rules);
            // Earlier appointments of the same mediator where this case's counsel also acted.
            let earlier_rows = sqlx::query(
                "SELECT a.appointed_on, (SELECT COUNT(*) FROM case_participants p JOIN case_participants q \
                 ON q.user_id = p.user_id WHERE p.case_id = a.case_id AND q.case_id = $2 \
                 AND p.standing <> 'mediator' AND q.standing <> 'mediator') AS shared \
                 FROM appointments a WHERE a.mediator = $1 AND a.case_id <> $2 AND a.status IN ('accepted', 'removed')",
            )
            .bind(mediator.0)
            .bind(*case)
            .fetch_all(&mut **tx)
            .await?;
            let mut earlier = Vec::new();
            for r in &earlier_rows {
                earlier.push(iomed_domain::mediators::EarlierAppointment {
                    on: r.try_get::<String, _>("appointed_on")?.parse().map_err(StoreError::corrupt)?,
                    same_counsel: r.try_get::<i64, _>("shared")? > 0,
                });
            }
            findings.extend(iomed_domain::mediators::earlier_appointment_findings(&earlier, today, &rules));
            // Declared relationships: with a party or its counsel, or with a co-mediator.
            let mut party_names: Vec<String> = parties.iter().map(|p| p.short_name()).collect();
            let counsel = sqlx::query(
                "SELECT u.display_name FROM case_participants p JOIN users u ON u.id = p.user_id \
                 WHERE p.case_id = $1 AND p.standing <> 'mediator'",
            )
            .bind(*case)
            .fetch_all(&mut **tx)
            .await?;
            for r in &counsel {
                party_names.push(r.try_get("display_name")?);
            }
            let others = sqlx::query(
                "SELECT m.profile FROM appointments a JOIN mediators m ON m.user_id = a.mediator \
                 WHERE a.case_id = $1 AND a.status IN ('pending', 'accepted')",
            )
            .bind(*case)
            .fetch_all(&mut **tx)
            .await?;
            let mut co_mediators = Vec::new();
            for r in &others {
                let other: MediatorProfile =
                    serde_json::from_str(&r.try_get::<String, _>("profile")?).map_err(StoreError::corrupt)?;
                co_mediators.push(other.name);
            }
            findings.extend(iomed_domain::mediators::relationship_findings(&profile, &party_names, &co_mediators));
            findings.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.code.cmp(&b.code)));
            let agreement = agreement.as_deref().map(str::trim).filter(|a| !a.is_empty());
            if let Err(refusal) = may_appoint(&findings, agreement) {
                return Ok(Err(refusal.into()));
            }
            let id: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) + 1 AS n FROM appointments")
                .fetch_one(&mut **tx)
                .await?
                .try_get("n")?;
            let findings_text = serde_json::to_string(&findings).map_err(StoreError::corrupt)?;
            sqlx::query(
                "INSERT INTO appointments (id, case_id, mediator, appointed_on, findings, agreement, status) \
                 VALUES ($1, $2, $3, $4, $5, $6, 'pending')",
            )
            .bind(id)
            .bind(*case)
            .bind(mediator.0)
            .bind(today.to_string())
            .bind(findings_text.as_str())
            .bind(agreement)
            .execute(&mut **tx)
            .await?;
            let mut entries = vec![Entry {
                stream: format!("case/{case}/appointments"),
                kind: "case.mediator_appointed",
                body: json!({"case": case, "appointment": id, "mediator": mediator.0,
                    "findings": findings, "parties_agreement": agreement}),
            }];
            let more = queue_all(tx, *case, mails, &at).await?;
            entries.extend(more);
            Ok(Ok(entries))
        }
        MediatorChange::Answer { appointment, mediator, accept, mails } => {
            let row = sqlx::query("SELECT case_id, mediator, appointed_on, status FROM appointments WHERE id = $1")
                .bind(*appointment)
                .fetch_optional(&mut **tx)
                .await?;
            let Some(row) = row else { return Ok(Err(MediatorRefusal::NoSuchAppointment)) };
            if row.try_get::<i64, _>("mediator")? != mediator.0 {
                return Ok(Err(MediatorRefusal::NoSuchAppointment));
            }
            let case: i64 = row.try_get("case_id")?;
            let appointed_on: Date = row.try_get::<String, _>("appointed_on")?.parse().map_err(StoreError::corrupt)?;
            let status = AppointmentStatus::parse(&row.try_get::<String, _>("status")?)
                .ok_or_else(|| StoreError::corrupt("appointment status"))?;
            let Some(state) = crate::cases::load_case(tx, cases, case).await? else {
                return Ok(Err(MediatorRefusal::NoSuchCase));
            };
            let rules = RulesProfile::in_force_on(state.filed_on());
            let checked = match accept {
                Some(declaration) => may_accept(status, appointed_on, today, declaration, &rules),
                None => may_answer(status, appointed_on, today, &rules),
            };
            if let Err(refusal) = checked {
                return Ok(Err(refusal.into()));
            }
            let (status, kind) = match accept {
                Some(_) => (AppointmentStatus::Accepted, "case.mediator_accepted"),
                None => (AppointmentStatus::Declined, "case.mediator_declined"),
            };
            let declaration = accept.as_ref().map(serde_json::to_string).transpose().map_err(StoreError::corrupt)?;
            sqlx::query("UPDATE appointments SET status = $1, declaration = $2, answered_at = $3 WHERE id = $4")
                .bind(status.as_str())
                .bind(declaration.as_deref())
                .bind(at.as_str())
                .bind(*appointment)
                .execute(&mut **tx)
                .await?;
            let mut entries = vec![Entry {
                stream: format!("case/{case}/appointments"),
                kind,
                body: json!({"case": case, "appointment": appointment,
                    "mediator": mediator.0, "declaration": accept}),
            }];
            if accept.is_some() {
                crate::cases::add_participant(tx, case, mediator.0, Standing::Mediator, &at).await?;
                entries.push(Entry {
                    stream: format!("case/{case}/participants"),
                    kind: "case.participant_added",
                    body: json!({"case": case, "user": mediator.0, "standing": "mediator"}),
                });
            }
            entries.extend(queue_all(tx, case, mails, &at).await?);
            Ok(Ok(entries))
        }
        MediatorChange::Designate { state, panel, mediator, on } => {
            let rules = RulesProfile::in_force_on(*on);
            let registry = crate::registry::load(tx).await?;
            let contracting = state.un().is_some_and(|un| registry.view(un, *on, &rules).status == Status::Contracting);
            let has_profile = has_role(tx, *mediator).await? && profile_in(tx, *mediator).await?.is_some();
            let active: Vec<i64> = sqlx::query(
                "SELECT mediator FROM designations WHERE state = $1 AND panel = $2 AND withdrawn_on IS NULL \
                 AND ends_on > $3",
            )
            .bind(state.to_string())
            .bind(panel.as_str())
            .bind(on.to_string())
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(|r| r.try_get("mediator"))
            .collect::<Result<_, _>>()?;
            if let Err(refusal) = may_designate(contracting, has_profile, &active, mediator.0, &rules) {
                return Ok(Err(refusal.into()));
            }
            let ends = designation_ends(*on, &rules).ok_or_else(|| StoreError::corrupt("designation end"))?;
            let id: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) + 1 AS n FROM designations")
                .fetch_one(&mut **tx)
                .await?
                .try_get("n")?;
            sqlx::query(
                "INSERT INTO designations (id, state, panel, mediator, designated_on, ends_on) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(state.to_string())
            .bind(panel.as_str())
            .bind(mediator.0)
            .bind(on.to_string())
            .bind(ends.to_string())
            .execute(&mut **tx)
            .await?;
            Ok(Ok(vec![Entry {
                stream: "panels".into(),
                kind: "panel.designated",
                body: json!({"designation": id, "state": state, "panel": panel, "mediator": mediator.0,
                    "on": on.to_string(), "ends_on": ends.to_string()}),
            }]))
        }
        MediatorChange::Rank { case, side, candidates } => {
            let Some(state) = crate::cases::load_case(tx, cases, *case).await? else {
                return Ok(Err(MediatorRefusal::NoSuchCase));
            };
            if !matches!(state.stage(), Stage::Registered { .. }) {
                return Ok(Err(AppointmentRefusal::NotRegistered.into()));
            }
            let ranked = |side: Side| {
                sqlx::query("SELECT side FROM rankings WHERE case_id = $1 AND side = $2")
                    .bind(*case)
                    .bind(side.as_str())
            };
            let mine = ranked(*side).fetch_optional(&mut **tx).await?.is_some();
            let other = ranked(side.other()).fetch_optional(&mut **tx).await?.is_some();
            if let Err(r) = iomed_domain::mediators::may_rank(mine, other) {
                return Ok(Err(MediatorRefusal::Ranking(r)));
            }
            let mut seen = std::collections::BTreeSet::new();
            for c in candidates {
                if !seen.insert(c.0) || !has_role(tx, *c).await? || profile_in(tx, *c).await?.is_none() {
                    return Ok(Err(MediatorRefusal::BadCandidate));
                }
            }
            let listed = serde_json::to_string(&candidates.iter().map(|c| c.0).collect::<Vec<_>>())
                .map_err(StoreError::corrupt)?;
            sqlx::query("DELETE FROM rankings WHERE case_id = $1 AND side = $2")
                .bind(*case)
                .bind(side.as_str())
                .execute(&mut **tx)
                .await?;
            sqlx::query("INSERT INTO rankings (case_id, side, candidates, updated_at) VALUES ($1, $2, $3, $4)")
                .bind(*case)
                .bind(side.as_str())
                .bind(listed.as_str())
                .bind(at.as_str())
                .execute(&mut **tx)
                .await?;
            // The ledger keeps that a ranking was made and a hash of it, not who is on it: the
            // other side must not learn it.
            Ok(Ok(vec![Entry {
                stream: format!("case/{case}/appointments"),
                kind: "case.ranking_submitted",
                body: json!({"case": case, "side": side.as_str(), "ranking_hash": blake3::hash(listed.as_bytes()).to_hex().as_str()}),
            }]))
        }
        MediatorChange::Challenge { appointment, side, reasons, mails } => {
            let row = sqlx::query("SELECT case_id, status FROM appointments WHERE id = $1")
                .bind(*appointment)
                .fetch_optional(&mut **tx)
                .await?;
            let Some(row) = row else { return Ok(Err(MediatorRefusal::NoSuchAppointment)) };
            let case: i64 = row.try_get("case_id")?;
            let status = AppointmentStatus::parse(&row.try_get::<String, _>("status")?)
                .ok_or_else(|| StoreError::corrupt("appointment status"))?;
            let open = sqlx::query("SELECT id FROM challenges WHERE appointment_id = $1 AND status = 'open'")
                .bind(*appointment)
                .fetch_optional(&mut **tx)
                .await?
                .is_some();
            if let Err(refusal) = may_challenge(status, open, reasons) {
                return Ok(Err(refusal.into()));
            }
            let id: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) + 1 AS n FROM challenges")
                .fetch_one(&mut **tx)
                .await?
                .try_get("n")?;
            sqlx::query(
                "INSERT INTO challenges (id, appointment_id, case_id, side, reasons, responses, status) \
                 VALUES ($1, $2, $3, $4, $5, '[]', 'open')",
            )
            .bind(id)
            .bind(*appointment)
            .bind(case)
            .bind(side.as_str())
            .bind(reasons.trim())
            .execute(&mut **tx)
            .await?;
            let mut entries = vec![Entry {
                stream: format!("case/{case}/appointments"),
                kind: "case.mediator_challenged",
                body: json!({"case": case, "challenge": id, "appointment": appointment, "side": side.as_str(),
                    "reasons_hash": blake3::hash(reasons.as_bytes()).to_hex().as_str()}),
            }];
            entries.extend(queue_all(tx, case, mails, &at).await?);
            Ok(Ok(entries))
        }
        MediatorChange::Respond { challenge, by, text } => {
            let row = sqlx::query("SELECT case_id, responses, status FROM challenges WHERE id = $1")
                .bind(*challenge)
                .fetch_optional(&mut **tx)
                .await?;
            let Some(row) = row else { return Ok(Err(MediatorRefusal::NoSuchChallenge)) };
            let decided =
                may_answer_challenge(row.try_get::<String, _>("status")? == "open").and_then(|()| statement(text));
            let text = match decided {
                Ok(t) => t,
                Err(r) => return Ok(Err(r.into())),
            };
            let case: i64 = row.try_get("case_id")?;
            let mut responses: Vec<(String, String)> =
                serde_json::from_str(&row.try_get::<String, _>("responses")?).map_err(StoreError::corrupt)?;
            responses.push((by.clone(), text));
            let listed = serde_json::to_string(&responses).map_err(StoreError::corrupt)?;
            sqlx::query("UPDATE challenges SET responses = $1 WHERE id = $2")
                .bind(listed.as_str())
                .bind(*challenge)
                .execute(&mut **tx)
                .await?;
            Ok(Ok(vec![Entry {
                stream: format!("case/{case}/appointments"),
                kind: "case.challenge_answered",
                body: json!({"case": case, "challenge": challenge, "by": by}),
            }]))
        }
        MediatorChange::Decide { challenge, uphold, reasons, mails } => {
            let row = sqlx::query(
                "SELECT c.case_id, c.status, c.appointment_id, a.mediator FROM challenges c \
                 JOIN appointments a ON a.id = c.appointment_id WHERE c.id = $1",
            )
            .bind(*challenge)
            .fetch_optional(&mut **tx)
            .await?;
            let Some(row) = row else { return Ok(Err(MediatorRefusal::NoSuchChallenge)) };
            let decided =
                may_answer_challenge(row.try_get::<String, _>("status")? == "open").and_then(|()| statement(reasons));
            let reasons = match decided {
                Ok(r) => r,
                Err(r) => return Ok(Err(r.into())),
            };
            let case: i64 = row.try_get("case_id")?;
            let appointment: i64 = row.try_get("appointment_id")?;
            let mediator: i64 = row.try_get("mediator")?;
            let status = if *uphold { "upheld" } else { "rejected" };
            sqlx::query("UPDATE challenges SET status = $1, decision = $2, decided_at = $3 WHERE id = $4")
                .bind(status)
                .bind(reasons.as_str())
                .bind(at.as_str())
                .bind(*challenge)
                .execute(&mut **tx)
                .await?;
            let mut entries = vec![Entry {
                stream: format!("case/{case}/appointments"),
                kind: if *uphold { "case.challenge_upheld" } else { "case.challenge_rejected" },
                body: json!({"case": case, "challenge": challenge, "appointment": appointment}),
            }];
            if *uphold {
                sqlx::query("UPDATE appointments SET status = 'removed' WHERE id = $1")
                    .bind(appointment)
                    .execute(&mut **tx)
                    .await?;
                sqlx::query(
                    "DELETE FROM case_participants WHERE case_id = $1 AND user_id = $2 AND standing = 'mediator'",
                )
                .bind(case)
                .bind(mediator)
                .execute(&mut **tx)
                .await?;
                entries.push(Entry {
                    stream: format!("case/{case}/participants"),
                    kind: "case.participant_removed",
                    body: json!({"case": case, "user": mediator, "standing": "mediator", "reason": "challenge_upheld"}),
                });
            }
            entries.extend(queue_all(tx, case, mails, &at).await?);
            Ok(Ok(entries))
        }
        MediatorChange::Disclose { appointment, mediator, text, mails } => {
            let row =
                sqlx::query("SELECT case_id, mediator, status, later_disclosures FROM appointments WHERE id = $1")
                    .bind(*appointment)
                    .fetch_optional(&mut **tx)
                    .await?;
            let Some(row) = row else { return Ok(Err(MediatorRefusal::NoSuchAppointment)) };
            if row.try_get::<i64, _>("mediator")? != mediator.0 {
                return Ok(Err(MediatorRefusal::NoSuchAppointment));
            }
            let status = AppointmentStatus::parse(&row.try_get::<String, _>("status")?)
                .ok_or_else(|| StoreError::corrupt("appointment status"))?;
            let text = match may_disclose(status).and_then(|()| statement(text)) {
                Ok(t) => t,
                Err(r) => return Ok(Err(r.into())),
            };
            let case: i64 = row.try_get("case_id")?;
            let mut later: Vec<(String, String)> =
                serde_json::from_str(&row.try_get::<String, _>("later_disclosures")?).map_err(StoreError::corrupt)?;
            later.push((today.to_string(), text.clone()));
            let listed = serde_json::to_string(&later).map_err(StoreError::corrupt)?;
            sqlx::query("UPDATE appointments SET later_disclosures = $1 WHERE id = $2")
                .bind(listed.as_str())
                .bind(*appointment)
                .execute(&mut **tx)
                .await?;
            let mut entries = vec![Entry {
                stream: format!("case/{case}/appointments"),
                kind: "case.mediator_disclosed",
                body: json!({"case": case, "appointment": appointment,
                    "disclosure_hash": blake3::hash(text.as_bytes()).to_hex().as_str()}),
            }];
            entries.extend(queue_all(tx, case, mails, &at).await?);
            Ok(Ok(entries))
        }
        MediatorChange::RequestSgAppointment { case, side, mails } => {
            let Some(state) = crate::cases::load_case(tx, cases, *case).await? else {
                return Ok(Err(MediatorRefusal::NoSuchCase));
            };
            let Stage::Registered { registered_on, .. } = state.stage() else {
                return Ok(Err(AppointmentRefusal::NotRegistered.into()));
            };
            let appointed =
                sqlx::query("SELECT id FROM appointments WHERE case_id = $1 AND status IN ('pending', 'accepted')")
                    .bind(*case)
                    .fetch_optional(&mut **tx)
                    .await?
                    .is_some();
            let requested = sqlx::query("SELECT case_id FROM sg_requests WHERE case_id = $1")
                .bind(*case)
                .fetch_optional(&mut **tx)
                .await?
                .is_some();
            let rules = RulesProfile::in_force_on(state.filed_on());
            if let Err(refusal) = may_request_sg_appointment(*registered_on, today, appointed, requested, &rules) {
                return Ok(Err(refusal.into()));
            }
            sqlx::query("INSERT INTO sg_requests (case_id, side, requested_on) VALUES ($1, $2, $3)")
                .bind(*case)
                .bind(side.as_str())
                .bind(today.to_string())
                .execute(&mut **tx)
                .await?;
            let mut entries = vec![Entry {
                stream: format!("case/{case}/appointments"),
                kind: "case.sg_appointment_requested",
                body: json!({"case": case, "side": side.as_str(), "on": today.to_string()}),
            }];
            entries.extend(queue_all(tx, *case, mails, &at).await?);
            Ok(Ok(entries))
        }
        MediatorChange::Renew { designation, on } | MediatorChange::Withdraw { designation, on } => {
            let row = sqlx::query("SELECT withdrawn_on, ends_on FROM designations WHERE id = $1")
                .bind(*designation)
                .fetch_optional(&mut **tx)
                .await?;
            let Some(row) = row else { return Ok(Err(MediatorRefusal::NoSuchDesignation)) };
            let ends_on: String = row.try_get("ends_on")?;
            if row.try_get::<Option<String>, _>("withdrawn_on")?.is_some() || ends_on <= on.to_string() {
                return Ok(Err(DesignationRefusal::Ended.into()));
            }
            let (kind, sql, value) = match change {
                MediatorChange::Renew { .. } => {
                    let rules = RulesProfile::in_force_on(*on);
                    let ends = designation_ends(*on, &rules).ok_or_else(|| StoreError::corrupt("designation end"))?;
                    ("panel.renewed", "UPDATE designations SET ends_on = $1 WHERE id = $2", ends.to_string())
                }
                _ => ("panel.withdrawn", "UPDATE designations SET withdrawn_on = $1 WHERE id = $2", on.to_string()),
            };
            sqlx::query(sql).bind(value.as_str()).bind(*designation).execute(&mut **tx).await?;
            Ok(Ok(vec![Entry {
                stream: "panels".into(),
                kind,
                body: json!({"designation": designation, "on": on.to_string(), "value": value}),
            }]))
        }
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

impl crate::Store {
    pub async fn mediator_change(&self, actor: &str, change: MediatorChange) -> Result<crate::Appended, StoreError> {
        self.writer.submit(actor, crate::writer::Work::Mediator(change)).await
    }

    /// Every user with the mediator role, by name, with their profile if recorded.
    pub async fn mediators(&self) -> Result<Vec<(UserId, String, Option<MediatorProfile>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.id, u.display_name, m.profile FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'mediator' \
             LEFT JOIN mediators m ON m.user_id = u.id WHERE u.active = 1 ORDER BY u.display_name, u.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let profile = r
                    .try_get::<Option<String>, _>("profile")?
                    .map(|p| serde_json::from_str(&p))
                    .transpose()
                    .map_err(StoreError::corrupt)?;
                Ok((UserId(r.try_get("id")?), r.try_get("display_name")?, profile))
            })
            .collect()
    }

    /// Every designation, newest first.
    pub async fn designations(&self) -> Result<Vec<DesignationRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT d.id, d.state, d.panel, d.mediator, u.display_name, d.designated_on, d.ends_on, d.withdrawn_on \
             FROM designations d JOIN users u ON u.id = d.mediator ORDER BY d.id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let date = |name: &str| -> Result<Date, StoreError> {
                    r.try_get::<String, _>(name)?.parse().map_err(StoreError::corrupt)
                };
                Ok(DesignationRow {
                    id: r.try_get("id")?,
                    state: StateCode::parse(&r.try_get::<String, _>("state")?).map_err(StoreError::corrupt)?,
                    panel: Panel::parse(&r.try_get::<String, _>("panel")?)
                        .ok_or_else(|| StoreError::corrupt("designation panel"))?,
                    mediator: UserId(r.try_get("mediator")?),
                    mediator_name: r.try_get("display_name")?,
                    designated_on: date("designated_on")?,
                    ends_on: date("ends_on")?,
                    withdrawn_on: r
                        .try_get::<Option<String>, _>("withdrawn_on")?
                        .map(|d| d.parse())
                        .transpose()
                        .map_err(StoreError::corrupt)?,
                })
            })
            .collect()
    }

    pub async fn challenges_of_case(&self, case: i64) -> Result<Vec<ChallengeRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, appointment_id, case_id, side, reasons, responses, status, decision FROM challenges \
             WHERE case_id = $1 ORDER BY id",
        )
        .bind(case)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ChallengeRow {
                    id: r.try_get("id")?,
                    appointment: r.try_get("appointment_id")?,
                    case: r.try_get("case_id")?,
                    side: Side::parse(&r.try_get::<String, _>("side")?)
                        .ok_or_else(|| StoreError::corrupt("challenge side"))?,
                    reasons: r.try_get("reasons")?,
                    responses: serde_json::from_str(&r.try_get::<String, _>("responses")?)
                        .map_err(StoreError::corrupt)?,
                    status: r.try_get("status")?,
                    decision: r.try_get("decision")?,
                })
            })
            .collect()
    }

    /// One side's own ranking, best first (empty if none). Only that side may be shown it.
    /// One side's ranking, if it has ranked: for that side only.
    pub async fn ranking(&self, case: i64, side: Side) -> Result<Option<Vec<UserId>>, StoreError> {
        let row = sqlx::query("SELECT candidates FROM rankings WHERE case_id = $1 AND side = $2")
            .bind(case)
            .bind(side.as_str())
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let ids: Vec<i64> =
            serde_json::from_str(&row.try_get::<String, _>("candidates")?).map_err(StoreError::corrupt)?;
        Ok(Some(ids.into_iter().map(UserId).collect()))
    }

    /// The candidates both sides ranked, best first, once both have ranked (nothing before): all
    /// that anyone is shown of the rankings.
    pub async fn agreed_candidates(&self, case: i64) -> Result<Vec<UserId>, StoreError> {
        let ids = |v: Option<Vec<UserId>>| v.map(|v| v.into_iter().map(|u| u.0).collect::<Vec<_>>());
        let a = ids(self.ranking(case, Side::Requesting).await?);
        let b = ids(self.ranking(case, Side::Responding).await?);
        Ok(iomed_domain::mediators::revealed_candidates(a.as_deref(), b.as_deref()).into_iter().map(UserId).collect())
    }

    /// The mediators of every appointment that was accepted (serving, or removed later), one
    /// entry per appointment: the neutrality dashboard counts them.
    pub async fn accepted_appointments(&self) -> Result<Vec<UserId>, StoreError> {
        let rows = sqlx::query("SELECT mediator FROM appointments WHERE status IN ('accepted', 'removed') ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(UserId(r.try_get("mediator")?))).collect()
    }

    /// When a party asked the Secretary-General to appoint (W6), if it did.
    pub async fn sg_request(&self, case: i64) -> Result<Option<(Side, Date)>, StoreError> {
        let row = sqlx::query("SELECT side, requested_on FROM sg_requests WHERE case_id = $1")
            .bind(case)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            let side = Side::parse(&r.try_get::<String, _>("side")?).ok_or_else(|| StoreError::corrupt("side"))?;
            let on = r.try_get::<String, _>("requested_on")?.parse().map_err(StoreError::corrupt)?;
            Ok((side, on))
        })
        .transpose()
    }

    /// The mediators of the appointments they serve in now, one entry per appointment.
    pub async fn serving_appointments(&self) -> Result<Vec<UserId>, StoreError> {
        let rows = sqlx::query("SELECT mediator FROM appointments WHERE status = 'accepted' ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(UserId(r.try_get("mediator")?))).collect()
    }

    /// A mediator's profile, if recorded.
    pub async fn mediator_profile(&self, user: UserId) -> Result<Option<MediatorProfile>, StoreError> {
        let row = sqlx::query("SELECT profile FROM mediators WHERE user_id = $1")
            .bind(user.0)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| serde_json::from_str(&r.try_get::<String, _>("profile")?).map_err(StoreError::corrupt)).transpose()
    }

    pub async fn appointments_of_case(&self, case: i64) -> Result<Vec<AppointmentRow>, StoreError> {
        let sql = format!(
            "SELECT {APPOINTMENT_COLUMNS} FROM appointments a JOIN cases c ON c.id = a.case_id \
             JOIN users u ON u.id = a.mediator WHERE a.case_id = $1 ORDER BY a.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(case).fetch_all(&self.pool).await?;
        rows.iter().map(appointment_row).collect()
    }

    pub async fn appointments_of_mediator(&self, mediator: UserId) -> Result<Vec<AppointmentRow>, StoreError> {
        let sql = format!(
            "SELECT {APPOINTMENT_COLUMNS} FROM appointments a JOIN cases c ON c.id = a.case_id \
             JOIN users u ON u.id = a.mediator WHERE a.mediator = $1 ORDER BY a.id DESC"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(mediator.0).fetch_all(&self.pool).await?;
        rows.iter().map(appointment_row).collect()
    }
}
