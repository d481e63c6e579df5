//! Reminders of a time limit that ends soon: the domain says which are due today
//! (`Case::reminders_due`); the store sends each once, recording `case.reminded` in the stream
//! `case/{id}/reminders` with its notices, in one transaction.

use iomed_domain::case::DeadlineKind;
use iomed_domain::rules::RulesProfile;
use iomed_domain::seat::seat_date;
use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::json;
use sqlx::{Any, Row, Transaction};

use super::{Applied, BatchCases, CaseRefusal, Entry, case_stream, load_case};
use crate::StoreError;
use crate::accounts::{OutgoingMail, queue_mail};

fn stream(case: i64) -> String {
    format!("{}/reminders", case_stream(case))
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn remind(
    tx: &mut Transaction<'_, Any>,
    now: Timestamp,
    cases: &mut BatchCases,
    id: i64,
    kind: DeadlineKind,
    due: Date,
    days: u32,
    mails: &[OutgoingMail],
) -> Applied {
    let (at, today) = (now.to_string(), seat_date(now));
    let Some(case) = load_case(tx, cases, id).await? else { return Ok(Err(CaseRefusal::NoSuchCase)) };
    let rules = RulesProfile::in_force_on(case.filed_on());
    if !case.reminders_due(today, &rules).iter().any(|(d, n)| d.kind == kind && d.due == due && *n == days) {
        return Ok(Err(CaseRefusal::ReminderNotDue));
    }
    let body = json!({"case": id, "kind": kind.as_str(), "due": due.to_string(), "days": days});
    let sent = sqlx::query("SELECT body FROM ledger WHERE stream = $1").bind(stream(id)).fetch_all(&mut **tx).await?;
    for row in &sent {
        let earlier: serde_json::Value =
            serde_json::from_str(&row.try_get::<String, _>("body")?).map_err(StoreError::corrupt)?;
        if earlier == body {
            return Ok(Err(CaseRefusal::AlreadyReminded));
        }
    }
    let mut entries = vec![Entry { stream: stream(id), kind: "case.reminded", body }];
    for mail in mails {
        let outbox = queue_mail(tx, mail, &at).await?;
        entries.push(Entry {
            stream: format!("{}/notices", case_stream(id)),
            kind: "case.notice_queued",
            body: json!({"case": id, "outbox": outbox, "about": "case.reminded"}),
        });
    }
    Ok(Ok((None, entries)))
}

impl crate::Store {
    /// The open cases with a time limit ending from `from` to `until`, from the projection of
    /// time limits: those a reminder may be due for.
    pub async fn cases_due_between(&self, from: Date, until: Date) -> Result<Vec<i64>, StoreError> {
        let rows = sqlx::query(
            "SELECT DISTINCT c.id AS id, c.seq AS seq FROM case_deadlines d JOIN cases c ON c.id = d.case_id \
             WHERE d.due >= $1 AND d.due <= $2 AND c.stage <> 'closed' ORDER BY c.seq",
        )
        .bind(from.to_string())
        .bind(until.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok(r.try_get("id")?)).collect()
    }
}
