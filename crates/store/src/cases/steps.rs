//! A step in a case: the domain decides it against the case as recorded; the projection and
//! the ledger follow.

use iomed_domain::case::{CaseNumber, Command, Refusal};
use iomed_domain::registry::Registry;
use iomed_domain::request::Draft;
use iomed_domain::rules::RulesProfile;
use iomed_domain::seat::seat_date;
use jiff::Timestamp;
use serde_json::json;
use sqlx::{Any, Row, Transaction};

use super::{Applied, BatchCases, CaseRefusal, Entry, Step, assess_request, case_stream, load_case, project};
use crate::StoreError;
use crate::accounts::{OutgoingMail, queue_mail};

pub(super) async fn step(
    tx: &mut Transaction<'_, Any>,
    now: Timestamp,
    cases: &mut BatchCases,
    registry: &mut Option<Registry>,
    id: i64,
    step: &Step,
    mails: &[OutgoingMail],
) -> Applied {
    let (at, today) = (now.to_string(), seat_date(now));
    let Some(mut case) = load_case(tx, cases, id).await? else { return Ok(Err(CaseRefusal::NoSuchCase)) };
    let command = match step {
        Step::AcceptOffer => Command::AcceptOffer,
        Step::DeclineOffer => Command::DeclineOffer,
        Step::DeemRejection => Command::DeemRejection,
        Step::MarkFeePaid => Command::MarkFeePaid,
        Step::Refuse { reasons } => Command::Refuse { reasons: reasons.clone() },
        Step::Withdraw { side } => Command::Withdraw { side: *side },
        Step::AgreeMediators { number } => Command::AgreeMediators { number: *number },
        Step::DefaultMediators => Command::DefaultMediators,
        Step::Lapse => Command::Lapse,
        Step::ConsentToPublication { side } => Command::ConsentToPublication { side: *side },
        Step::ProposeMediators { side, number } => Command::ProposeMediators { side: *side, number: *number },
        Step::RequestEnd { side } => Command::RequestEnd { side: *side },
        Step::DeclareNoLikelihood => Command::DeclareNoLikelihood,
        Step::RecordSettlement { document } => {
            // The domain decides whether what is filed under this number will do (W17).
            let filed = crate::documents::filed_in(tx, id, *document).await?;
            Command::RecordSettlement { document: *document, filed }
        }
        Step::Register { council_rule } => {
            // Screening re-runs the scope engine on the filing date against the registry
            // as it now stands (E14): a declaration recorded since is taken into account.
            let content: String = sqlx::query("SELECT content FROM cases WHERE id = $1")
                .bind(id)
                .fetch_one(&mut **tx)
                .await?
                .try_get("content")?;
            let draft: Draft = serde_json::from_str(&content).map_err(StoreError::corrupt)?;
            let registry = match registry {
                Some(r) => r,
                None => registry.insert(crate::registry::load(tx).await?),
            };
            let scope = assess_request(&draft, case.filed_on(), registry)
                .map(|a| a.outcome)
                .ok_or_else(|| StoreError::corrupt("a filed request no longer parses"))?;
            let year = today.year();
            let seq: i64 =
                sqlx::query("SELECT COALESCE(MAX(number_seq), 0) + 1 AS n FROM cases WHERE number_year = $1")
                    .bind(i64::from(year))
                    .fetch_one(&mut **tx)
                    .await?
                    .try_get("n")?;
            let number = u32::try_from(seq)
                .ok()
                .and_then(|s| CaseNumber::new(year, s))
                .ok_or(CaseRefusal::Case(Refusal::DateOutOfRange));
            let number = match number {
                Ok(n) => n,
                Err(r) => return Ok(Err(r)),
            };
            let file = super::screening::screening_file(tx, id).await?;
            Command::Register { number, scope, council_rule: council_rule.clone(), file }
        }
    };
    let rules = RulesProfile::in_force_on(case.filed_on());
    let event = match case.decide(command, today, &rules) {
        Ok(e) => e,
        Err(r) => return Ok(Err(CaseRefusal::Case(r))),
    };
    case.apply(&event);
    project(tx, id, &case, &at).await?;
    cases.insert(id, case);
    let body = serde_json::to_value(&event).map_err(StoreError::corrupt)?;
    let mut entries = vec![Entry { stream: case_stream(id), kind: event.kind(), body }];
    for mail in mails {
        let outbox = queue_mail(tx, mail, &at).await?;
        entries.push(Entry {
            stream: format!("{}/notices", case_stream(id)),
            kind: "case.notice_queued",
            body: json!({"case": id, "outbox": outbox, "about": event.kind()}),
        });
    }
    Ok(Ok((None, entries)))
}

/// A command the store gives a case itself, following another aggregate's change in the same
/// transaction (an appointment step, W6 and W7): decided by the domain, applied, projected; its
/// ledger entry. A case that refuses it (not registered, closed) records nothing.
pub(crate) async fn follow(
    tx: &mut Transaction<'_, Any>,
    at: &str,
    today: jiff::civil::Date,
    cases: &mut BatchCases,
    id: i64,
    command: impl FnOnce(&iomed_domain::case::Case) -> Command,
) -> Result<Vec<Entry>, StoreError> {
    let Some(mut case) = load_case(tx, cases, id).await? else { return Ok(Vec::new()) };
    let rules = RulesProfile::in_force_on(case.filed_on());
    let Ok(event) = case.decide(command(&case), today, &rules) else { return Ok(Vec::new()) };
    case.apply(&event);
    project(tx, id, &case, at).await?;
    cases.insert(id, case);
    let body = serde_json::to_value(&event).map_err(StoreError::corrupt)?;
    Ok(vec![Entry { stream: case_stream(id), kind: event.kind(), body }])
}
