//! Drafts of a request and filing one: the case is opened, the other side invited, the scope
//! assessed.

use iomed_domain::access::{Standing, UserId};
use iomed_domain::accounts::Role;
use iomed_domain::case::Case;
use iomed_domain::registry::Registry;
use iomed_domain::request::{Draft, Side};
use iomed_domain::rules::RulesProfile;
use iomed_domain::scope::assess;
use iomed_domain::seat::seat_date;
use jiff::Timestamp;
use serde_json::json;
use sqlx::{Any, Row, Transaction};

use super::{Applied, BatchCases, CaseRefusal, Entry, Invitation, add_participant, case_stream};
use crate::accounts::{AccountChange, queue_mail};
use crate::ids::{Table, new_row};
use crate::{Commitments, StoreError};

pub(super) async fn save_draft(
    tx: &mut Transaction<'_, Any>,
    commitments: &Commitments,
    at: &str,
    owner: UserId,
    id: Option<i64>,
    draft: &Draft,
) -> Applied {
    let content = serde_json::to_string(draft).map_err(StoreError::corrupt)?;
    let id = match id {
        None => {
            let (id, seq) = new_row(tx, Table::Requests).await?;
            sqlx::query(
                "INSERT INTO requests (id, owner, content, created_at, updated_at, case_id, seq) \
                 VALUES ($1, $2, $3, $4, $4, NULL, $5)",
            )
            .bind(id)
            .bind(owner.0)
            .bind(content.as_str())
            .bind(at)
            .bind(seq)
            .execute(&mut **tx)
            .await?;
            id
        }
        Some(id) => {
            let row = sqlx::query("SELECT case_id FROM requests WHERE id = $1 AND owner = $2")
                .bind(id)
                .bind(owner.0)
                .fetch_optional(&mut **tx)
                .await?;
            match row {
                None => return Ok(Err(CaseRefusal::NoSuchDraft)),
                Some(r) if r.try_get::<Option<i64>, _>("case_id")?.is_some() => {
                    return Ok(Err(CaseRefusal::AlreadyFiled));
                }
                Some(_) => {}
            }
            sqlx::query("UPDATE requests SET content = $1, updated_at = $2 WHERE id = $3")
                .bind(content.as_str())
                .bind(at)
                .bind(id)
                .execute(&mut **tx)
                .await?;
            id
        }
    };
    // The ledger holds the draft's hash, not its content.
    let entry = Entry {
        stream: format!("request/{id}"),
        kind: "request.saved",
        body: json!({"request": id, "owner": owner.0, "content_hash": commitments.commit("request content", content.as_bytes())}),
    };
    Ok(Ok((Some(id), vec![entry])))
}

#[allow(clippy::too_many_arguments)] // the fields of the change, as the writer received them
pub(super) async fn file(
    tx: &mut Transaction<'_, Any>,
    commitments: &Commitments,
    now: Timestamp,
    cases: &mut BatchCases,
    registry: &mut Option<Registry>,
    owner: UserId,
    id: i64,
    invitation: &Invitation,
    receipt: &crate::accounts::OutgoingMail,
) -> Applied {
    let (at, today) = (now.to_string(), seat_date(now));
    let row = sqlx::query("SELECT content, case_id FROM requests WHERE id = $1 AND owner = $2")
        .bind(id)
        .bind(owner.0)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = row else { return Ok(Err(CaseRefusal::NoSuchDraft)) };
    if row.try_get::<Option<i64>, _>("case_id")?.is_some() {
        return Ok(Err(CaseRefusal::AlreadyFiled));
    }
    let content: String = row.try_get("content")?;
    let draft: Draft = serde_json::from_str(&content).map_err(StoreError::corrupt)?;
    let request = match draft.check() {
        Ok(r) => r,
        Err(gaps) => return Ok(Err(CaseRefusal::Incomplete(gaps))),
    };
    let owner_email: Option<String> = sqlx::query("SELECT email FROM users WHERE id = $1")
        .bind(owner.0)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| r.try_get("email"))
        .transpose()?;
    if owner_email.as_deref().is_some_and(|e| request.names_as_other_side(e)) {
        return Ok(Err(CaseRefusal::SameRepresentative));
    }
    let registry = match registry {
        Some(r) => r,
        None => registry.insert(crate::registry::load(tx).await?),
    };
    let assessment = assess(&request.dispute(today), registry, &RulesProfile::in_force_on(today));
    let basis = iomed_domain::case::Basis::of(request.consent.basis);
    let event = Case::file(today, basis, assessment.outcome);
    let Some(case) = Case::from_events([&event]) else {
        return Err(StoreError::corrupt("a filing did not make a case"));
    };
    let (case_id, seq) = new_row(tx, Table::Cases).await?;
    sqlx::query(
        "INSERT INTO cases (id, request_id, category, title, content, filed_on, scope, stage, closure, fee_paid, \
         number, number_year, number_seq, updated_at, seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, 0, NULL, NULL, NULL, $9, $10)",
    )
    .bind(case_id)
    .bind(id)
    .bind(request.category.as_str())
    .bind(request.title())
    .bind(content.as_str())
    .bind(today.to_string())
    .bind(assessment.outcome.as_str())
    .bind(case.stage_name())
    .bind(at.as_str())
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE requests SET case_id = $1, updated_at = $2 WHERE id = $3")
        .bind(case_id)
        .bind(at.as_str())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    super::lists::project_deadlines(tx, case_id, &case).await?;
    let annexes = super::annexes::adopt(tx, commitments, &at, owner, id, case_id).await?;
    let responding = Standing::of_party(Side::Responding, case.consented());
    cases.insert(case_id, case);

    let mut body = serde_json::to_value(&event).map_err(StoreError::corrupt)?;
    if let Some(map) = body.as_object_mut() {
        map.insert("request".into(), json!(id));
        map.insert("content_hash".into(), json!(commitments.commit("request content", content.as_bytes())));
    }
    let mut entries = vec![Entry { stream: case_stream(case_id), kind: event.kind(), body }];
    entries.extend(annexes);
    add_participant(tx, case_id, owner.0, Standing::Party(Side::Requesting), &at).await?;
    let outbox = queue_mail(tx, receipt, &at).await?;
    entries.push(Entry {
        stream: format!("{}/notices", case_stream(case_id)),
        kind: "case.notice_queued",
        body: json!({"case": case_id, "user": owner.0, "outbox": outbox, "about": "receipt"}),
    });
    entries.push(Entry {
        stream: format!("{}/participants", case_stream(case_id)),
        kind: "case.participant_added",
        body: json!({"case": case_id, "user": owner.0, "standing": "requesting"}),
    });

    // The other side: an existing account, or an invitation to make one.
    let existing: Option<i64> = sqlx::query("SELECT id FROM users WHERE email = $1")
        .bind(request.other_side_email.as_str())
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| r.try_get("id"))
        .transpose()?;
    let other = match existing {
        Some(user) => {
            let outbox = queue_mail(tx, &invitation.mail_existing, &at).await?;
            entries.push(Entry {
                stream: format!("{}/notices", case_stream(case_id)),
                kind: "case.notice_queued",
                body: json!({"case": case_id, "user": user, "outbox": outbox, "about": "filed"}),
            });
            user
        }
        None => {
            let invite = AccountChange::Invite {
                email: request.other_side_email.clone(),
                name: request.other_side_name.clone(),
                language: invitation.language.clone(),
                roles: [Role::Representative].into(),
                link_hash: invitation.link_hash.clone(),
                expires_at: invitation.expires_at,
                mail: invitation.mail_new.clone(),
            };
            match crate::accounts::apply(tx, &invite, now).await? {
                Ok((Some(user), entry)) => {
                    entries.push(entry);
                    user
                }
                _ => return Err(StoreError::corrupt("inviting the other side failed after its check")),
            }
        }
    };
    add_participant(tx, case_id, other, responding, &at).await?;
    entries.push(Entry {
        stream: format!("{}/participants", case_stream(case_id)),
        kind: "case.participant_added",
        body: json!({"case": case_id, "user": other, "standing": super::standing_str(responding)}),
    });
    Ok(Ok((Some(case_id), entries)))
}
