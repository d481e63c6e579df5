//! Appointing a mediator to a case after the conflict checks, the appointee's answer, the parties'
//! private rankings, and a party's request that the Secretary-General appoint.

use iomed_domain::access::{Standing, UserId};
use iomed_domain::case::Stage;
use iomed_domain::mediators::{
    AppointmentRefusal, AppointmentStatus, Declaration, Finding, MediatorProfile, check_conflicts, may_accept,
    may_answer, may_appoint, may_request_sg_appointment,
};
use iomed_domain::request::{Draft, Side};
use iomed_domain::rules::RulesProfile;
use jiff::civil::Date;
use serde_json::json;
use sqlx::{Any, Row, Transaction};

use super::{Applied, Entry, MediatorRefusal, has_role, profile_in, queue_all};
use crate::accounts::OutgoingMail;
use crate::cases::BatchCases;
use crate::ids::{Table, new_row};
use crate::{Commitments, StoreError};

/// What appointing `mediator` to `case` would find, before anything is written: a refusal
/// (not registered, not a mediator, no profile, appointed already), or the conflict checks, most
/// serious first. The writer's appointment and the Secretariat's check page both ask this.
pub(super) async fn conflict_checks(
    tx: &mut Transaction<'_, Any>,
    cases: &mut BatchCases,
    today: Date,
    case: i64,
    mediator: UserId,
) -> Result<Result<Vec<Finding>, MediatorRefusal>, StoreError> {
    let Some(state) = crate::cases::load_case(tx, cases, case).await? else {
        return Ok(Err(MediatorRefusal::NoSuchCase));
    };
    if !matches!(state.stage(), Stage::Registered { .. }) {
        return Ok(Err(AppointmentRefusal::NotRegistered.into()));
    }
    // Once every mediator the case needs has accepted, appointing is closed (W6, W7).
    if !state.appointment_open() {
        return Ok(Err(AppointmentRefusal::MediatorsInPlace.into()));
    }
    if !has_role(tx, mediator).await? {
        return Ok(Err(MediatorRefusal::NotAMediator));
    }
    let Some(profile) = profile_in(tx, mediator).await? else { return Ok(Err(MediatorRefusal::NoProfile)) };
    let existing = sqlx::query("SELECT id FROM appointments WHERE case_id = $1 AND mediator = $2")
        .bind(case)
        .bind(mediator.0)
        .fetch_optional(&mut **tx)
        .await?;
    if existing.is_some() {
        return Ok(Err(AppointmentRefusal::AlreadyAppointed.into()));
    }
    let content: String = sqlx::query("SELECT content FROM cases WHERE id = $1")
        .bind(case)
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
    .bind(case)
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
    .bind(case)
    .fetch_all(&mut **tx)
    .await?;
    for r in &counsel {
        party_names.push(r.try_get("display_name")?);
    }
    let others = sqlx::query(
        "SELECT m.profile FROM appointments a JOIN mediators m ON m.user_id = a.mediator \
         WHERE a.case_id = $1 AND a.status IN ('pending', 'accepted')",
    )
    .bind(case)
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
    Ok(Ok(findings))
}

#[allow(clippy::too_many_arguments)] // the fields of the change, as the writer received them
pub(super) async fn appoint(
    tx: &mut Transaction<'_, Any>,
    at: &str,
    cases: &mut BatchCases,
    today: Date,
    case: i64,
    mediator: UserId,
    agreement: &Option<String>,
    mails: &[OutgoingMail],
) -> Applied {
    let findings = match conflict_checks(tx, cases, today, case, mediator).await? {
        Ok(findings) => findings,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let agreement = agreement.as_deref().map(str::trim).filter(|a| !a.is_empty());
    if let Err(refusal) = may_appoint(&findings, agreement) {
        return Ok(Err(refusal.into()));
    }
    let (id, seq) = new_row(tx, Table::Appointments).await?;
    let findings_text = serde_json::to_string(&findings).map_err(StoreError::corrupt)?;
    sqlx::query(
        "INSERT INTO appointments (id, case_id, mediator, appointed_on, findings, agreement, status, seq) \
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7)",
    )
    .bind(id)
    .bind(case)
    .bind(mediator.0)
    .bind(today.to_string())
    .bind(findings_text.as_str())
    .bind(agreement)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    let mut entries = vec![Entry {
        stream: format!("case/{case}/appointments"),
        kind: "case.mediator_appointed",
        body: json!({"case": case, "appointment": id, "mediator": mediator.0,
            "findings": findings, "parties_agreement": agreement}),
    }];
    entries.extend(appointment_step(tx, at, today, cases, case).await?);
    let more = queue_all(tx, case, mails, at).await?;
    entries.extend(more);
    Ok(Ok(entries))
}

#[allow(clippy::too_many_arguments)] // the fields of the change, as the writer received them
pub(super) async fn answer(
    tx: &mut Transaction<'_, Any>,
    at: &str,
    cases: &mut BatchCases,
    today: Date,
    appointment: i64,
    mediator: UserId,
    accept: &Option<Declaration>,
    mails: &[OutgoingMail],
) -> Applied {
    let row = sqlx::query("SELECT case_id, mediator, appointed_on, status FROM appointments WHERE id = $1")
        .bind(appointment)
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
        .bind(at)
        .bind(appointment)
        .execute(&mut **tx)
        .await?;
    let mut entries = vec![Entry {
        stream: format!("case/{case}/appointments"),
        kind,
        body: json!({"case": case, "appointment": appointment,
            "mediator": mediator.0, "declaration": accept}),
    }];
    if accept.is_some() {
        crate::cases::add_participant(tx, case, mediator.0, Standing::Mediator, at).await?;
        entries.push(Entry {
            stream: format!("case/{case}/participants"),
            kind: "case.participant_added",
            body: json!({"case": case, "user": mediator.0, "standing": "mediator"}),
        });
        entries.extend(appointment_step(tx, at, today, cases, case).await?);
    }
    entries.extend(queue_all(tx, case, mails, at).await?);
    Ok(Ok(entries))
}

pub(super) async fn rank(
    tx: &mut Transaction<'_, Any>,
    commitments: &Commitments,
    at: &str,
    (cases, today): (&mut BatchCases, Date),
    case: i64,
    side: Side,
    candidates: &[UserId],
) -> Applied {
    let Some(state) = crate::cases::load_case(tx, cases, case).await? else {
        return Ok(Err(MediatorRefusal::NoSuchCase));
    };
    if !matches!(state.stage(), Stage::Registered { .. }) {
        return Ok(Err(AppointmentRefusal::NotRegistered.into()));
    }
    let ranked = |side: Side| {
        sqlx::query("SELECT side FROM rankings WHERE case_id = $1 AND side = $2").bind(case).bind(side.as_str())
    };
    let mine = ranked(side).fetch_optional(&mut **tx).await?.is_some();
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
    let listed =
        serde_json::to_string(&candidates.iter().map(|c| c.0).collect::<Vec<_>>()).map_err(StoreError::corrupt)?;
    sqlx::query("DELETE FROM rankings WHERE case_id = $1 AND side = $2")
        .bind(case)
        .bind(side.as_str())
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO rankings (case_id, side, candidates, updated_at) VALUES ($1, $2, $3, $4)")
        .bind(case)
        .bind(side.as_str())
        .bind(listed.as_str())
        .bind(at)
        .execute(&mut **tx)
        .await?;
    // The ledger keeps that a ranking was made and a hash of it, not who is on it: the
    // other side must not learn it.
    let mut entries = vec![Entry {
        stream: format!("case/{case}/appointments"),
        kind: "case.ranking_submitted",
        body: json!({"case": case, "side": side.as_str(), "ranking_hash": commitments.commit("ranking", listed.as_bytes())}),
    }];
    entries.extend(appointment_step(tx, at, today, cases, case).await?);
    Ok(Ok(entries))
}

pub(super) async fn request_sg_appointment(
    tx: &mut Transaction<'_, Any>,
    at: &str,
    cases: &mut BatchCases,
    today: Date,
    case: i64,
    side: Side,
    mails: &[OutgoingMail],
) -> Applied {
    let Some(state) = crate::cases::load_case(tx, cases, case).await? else {
        return Ok(Err(MediatorRefusal::NoSuchCase));
    };
    let Stage::Registered { registered_on, .. } = state.stage() else {
        return Ok(Err(AppointmentRefusal::NotRegistered.into()));
    };
    let appointed = sqlx::query("SELECT id FROM appointments WHERE case_id = $1 AND status IN ('pending', 'accepted')")
        .bind(case)
        .fetch_optional(&mut **tx)
        .await?
        .is_some();
    let requested = sqlx::query("SELECT case_id FROM sg_requests WHERE case_id = $1")
        .bind(case)
        .fetch_optional(&mut **tx)
        .await?
        .is_some();
    let rules = RulesProfile::in_force_on(state.filed_on());
    if let Err(refusal) = may_request_sg_appointment(*registered_on, today, appointed, requested, &rules) {
        return Ok(Err(refusal.into()));
    }
    sqlx::query("INSERT INTO sg_requests (case_id, side, requested_on) VALUES ($1, $2, $3)")
        .bind(case)
        .bind(side.as_str())
        .bind(today.to_string())
        .execute(&mut **tx)
        .await?;
    let mut entries = vec![Entry {
        stream: format!("case/{case}/appointments"),
        kind: "case.sg_appointment_requested",
        body: json!({"case": case, "side": side.as_str(), "on": today.to_string()}),
    }];
    entries.extend(appointment_step(tx, at, today, cases, case).await?);
    entries.extend(queue_all(tx, case, mails, at).await?);
    Ok(Ok(entries))
}

/// The appointment step a change on case `case` is, recorded in the case in the same
/// transaction: the lapse period runs again from today, and the appointment time limits end once
/// as many mediators as the case needs have accepted (W6, W7).
pub(super) async fn appointment_step(
    tx: &mut Transaction<'_, Any>,
    at: &str,
    today: Date,
    cases: &mut BatchCases,
    case: i64,
) -> Result<Vec<Entry>, StoreError> {
    let accepted: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM appointments WHERE case_id = $1 AND status = 'accepted'")
            .bind(case)
            .fetch_one(&mut **tx)
            .await?
            .try_get("n")?;
    let accepted = usize::try_from(accepted).unwrap_or_default();
    crate::cases::follow(tx, at, today, cases, case, |c| c.appointment_step(accepted)).await
}
