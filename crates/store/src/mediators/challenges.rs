//! Challenges to a serving mediator (made, answered, decided) and the mediator's continuing
//! disclosure.

use iomed_domain::access::UserId;
use iomed_domain::mediators::{AppointmentStatus, may_answer_challenge, may_challenge, may_disclose, statement};
use iomed_domain::request::Side;
use jiff::civil::Date;
use serde_json::json;
use sqlx::{Any, Row, Transaction};

use super::{Applied, Entry, MediatorRefusal, queue_all};
use crate::accounts::OutgoingMail;
use crate::ids::{Table, new_row};
use crate::{Commitments, StoreError};

pub(super) async fn challenge(
    tx: &mut Transaction<'_, Any>,
    commitments: &Commitments,
    at: &str,
    appointment: i64,
    side: Side,
    reasons: &str,
    mails: &[OutgoingMail],
) -> Applied {
    let row = sqlx::query("SELECT case_id, status FROM appointments WHERE id = $1")
        .bind(appointment)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = row else { return Ok(Err(MediatorRefusal::NoSuchAppointment)) };
    let case: i64 = row.try_get("case_id")?;
    let status = AppointmentStatus::parse(&row.try_get::<String, _>("status")?)
        .ok_or_else(|| StoreError::corrupt("appointment status"))?;
    let open = sqlx::query("SELECT id FROM challenges WHERE appointment_id = $1 AND status = 'open'")
        .bind(appointment)
        .fetch_optional(&mut **tx)
        .await?
        .is_some();
    if let Err(refusal) = may_challenge(status, open, reasons) {
        return Ok(Err(refusal.into()));
    }
    let (id, seq) = new_row(tx, Table::Challenges).await?;
    sqlx::query(
        "INSERT INTO challenges (id, appointment_id, case_id, side, reasons, responses, status, seq) \
         VALUES ($1, $2, $3, $4, $5, '[]', 'open', $6)",
    )
    .bind(id)
    .bind(appointment)
    .bind(case)
    .bind(side.as_str())
    .bind(reasons.trim())
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    let mut entries = vec![Entry {
        stream: format!("case/{case}/appointments"),
        kind: "case.mediator_challenged",
        body: json!({"case": case, "challenge": id, "appointment": appointment, "side": side.as_str(),
            "reasons_hash": commitments.commit("challenge reasons", reasons.as_bytes())}),
    }];
    entries.extend(queue_all(tx, case, mails, at).await?);
    Ok(Ok(entries))
}

pub(super) async fn respond(tx: &mut Transaction<'_, Any>, challenge: i64, by: &str, text: &str) -> Applied {
    let row = sqlx::query("SELECT case_id, responses, status FROM challenges WHERE id = $1")
        .bind(challenge)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = row else { return Ok(Err(MediatorRefusal::NoSuchChallenge)) };
    let decided = may_answer_challenge(row.try_get::<String, _>("status")? == "open").and_then(|()| statement(text));
    let text = match decided {
        Ok(t) => t,
        Err(r) => return Ok(Err(r.into())),
    };
    let case: i64 = row.try_get("case_id")?;
    let mut responses: Vec<(String, String)> =
        serde_json::from_str(&row.try_get::<String, _>("responses")?).map_err(StoreError::corrupt)?;
    responses.push((by.to_owned(), text));
    let listed = serde_json::to_string(&responses).map_err(StoreError::corrupt)?;
    sqlx::query("UPDATE challenges SET responses = $1 WHERE id = $2")
        .bind(listed.as_str())
        .bind(challenge)
        .execute(&mut **tx)
        .await?;
    Ok(Ok(vec![Entry {
        stream: format!("case/{case}/appointments"),
        kind: "case.challenge_answered",
        body: json!({"case": case, "challenge": challenge, "by": by}),
    }]))
}

pub(super) async fn decide(
    tx: &mut Transaction<'_, Any>,
    at: &str,
    (cases, today): (&mut crate::cases::BatchCases, Date),
    challenge: i64,
    uphold: bool,
    reasons: &str,
    mails: &[OutgoingMail],
) -> Applied {
    let row = sqlx::query(
        "SELECT c.case_id, c.status, c.appointment_id, a.mediator FROM challenges c \
         JOIN appointments a ON a.id = c.appointment_id WHERE c.id = $1",
    )
    .bind(challenge)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else { return Ok(Err(MediatorRefusal::NoSuchChallenge)) };
    let decided = may_answer_challenge(row.try_get::<String, _>("status")? == "open").and_then(|()| statement(reasons));
    let reasons = match decided {
        Ok(r) => r,
        Err(r) => return Ok(Err(r.into())),
    };
    let case: i64 = row.try_get("case_id")?;
    let appointment: i64 = row.try_get("appointment_id")?;
    let mediator: i64 = row.try_get("mediator")?;
    let status = if uphold { "upheld" } else { "rejected" };
    sqlx::query("UPDATE challenges SET status = $1, decision = $2, decided_at = $3 WHERE id = $4")
        .bind(status)
        .bind(reasons)
        .bind(at)
        .bind(challenge)
        .execute(&mut **tx)
        .await?;
    let mut entries = vec![Entry {
        stream: format!("case/{case}/appointments"),
        kind: if uphold { "case.challenge_upheld" } else { "case.challenge_rejected" },
        body: json!({"case": case, "challenge": challenge, "appointment": appointment}),
    }];
    if uphold {
        sqlx::query("UPDATE appointments SET status = 'removed' WHERE id = $1")
            .bind(appointment)
            .execute(&mut **tx)
            .await?;
        sqlx::query("DELETE FROM case_participants WHERE case_id = $1 AND user_id = $2 AND standing = 'mediator'")
            .bind(case)
            .bind(mediator)
            .execute(&mut **tx)
            .await?;
        entries.push(Entry {
            stream: format!("case/{case}/participants"),
            kind: "case.participant_removed",
            body: json!({"case": case, "user": mediator, "standing": "mediator", "reason": "challenge_upheld"}),
        });
        // The mediator left: the appointment time limits run again, from today (W6, W7).
        entries.extend(super::appointments::appointment_step(tx, at, today, cases, case).await?);
    }
    entries.extend(queue_all(tx, case, mails, at).await?);
    Ok(Ok(entries))
}

#[allow(clippy::too_many_arguments)] // the fields of the change, as the writer received them
pub(super) async fn disclose(
    tx: &mut Transaction<'_, Any>,
    commitments: &Commitments,
    at: &str,
    today: Date,
    appointment: i64,
    mediator: UserId,
    text: &str,
    mails: &[OutgoingMail],
) -> Applied {
    let row = sqlx::query("SELECT case_id, mediator, status, later_disclosures FROM appointments WHERE id = $1")
        .bind(appointment)
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
    later.push((today.to_string(), text.to_owned()));
    let listed = serde_json::to_string(&later).map_err(StoreError::corrupt)?;
    sqlx::query("UPDATE appointments SET later_disclosures = $1 WHERE id = $2")
        .bind(listed.as_str())
        .bind(appointment)
        .execute(&mut **tx)
        .await?;
    let mut entries = vec![Entry {
        stream: format!("case/{case}/appointments"),
        kind: "case.mediator_disclosed",
        body: json!({"case": case, "appointment": appointment,
            "disclosure_hash": commitments.commit("disclosure", text.as_bytes())}),
    }];
    entries.extend(queue_all(tx, case, mails, at).await?);
    Ok(Ok(entries))
}
