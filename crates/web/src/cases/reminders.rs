//! Reminders of time limits that end soon, sent by the clock: for each open case, each reminder
//! the domain says is due today (7 and 1 business days before a time limit ends), once, to
//! everyone on the case, in their inbox and by e-mail as they chose. Each names the time limit
//! and its day, never the case's content.

use iomed_domain::case::{Deadline, DeadlineKind};
use iomed_domain::notifications::NoticeKind;
use iomed_domain::rules::RulesProfile;
use iomed_domain::seat::seat_date;
use iomed_store::StoreError;
use iomed_store::accounts::OutgoingMail;
use iomed_store::cases::CaseChange;
use jiff::ToSpan;

use crate::cases::views::{mail_to, with_case_notice};
use crate::kit::i18n::Lang;
use crate::kit::notices::reminder_text;
use crate::kit::state::AppState;

/// The notice's `about`: `reminder:{kind}:{days}`.
pub fn about(kind: DeadlineKind, days: u32) -> String {
    format!("reminder:{}:{days}", kind.as_str())
}

/// Sends every reminder due today; returns how many were sent. One case that fails is logged
/// and tried again at the next pass (a reminder sent already is refused, so never sent twice).
pub async fn send_reminders(state: &AppState) -> Result<usize, StoreError> {
    let today = seat_date(state.store.now());
    // A time limit 7 business days away is at most a few weeks away, holidays included.
    let until = today.checked_add(31.days()).unwrap_or(today);
    let mut sent = 0;
    for id in state.store.cases_due_between(today, until).await? {
        let case = match state.store.case(id).await {
            Ok(Some((_, case, _))) => case,
            Ok(None) => continue,
            Err(e) => {
                tracing::warn!(case = id, error = %e, "a case could not be read for its reminders");
                continue;
            }
        };
        for (deadline, days) in case.reminders_due(today, &RulesProfile::in_force_on(case.filed_on())) {
            let result = async {
                let mails = reminder_mails(state, id, &deadline, days).await?;
                let change = CaseChange::Remind { case: id, kind: deadline.kind, due: deadline.due, days, mails };
                state.store.case_change("system:clock", change).await
            }
            .await;
            match result {
                Ok(_) => sent += 1,
                Err(StoreError::CaseRefused(_)) => {}
                Err(e) => tracing::warn!(case = id, error = %e, "a reminder failed; it is tried again"),
            }
        }
    }
    Ok(sent)
}

async fn reminder_mails(
    state: &AppState,
    case: i64,
    deadline: &Deadline,
    days: u32,
) -> Result<Vec<OutgoingMail>, StoreError> {
    let participants = state.store.participants(case).await?;
    let choices = state.store.email_choices(&participants.iter().map(|p| p.user).collect::<Vec<_>>()).await?;
    let about = about(deadline.kind, days);
    let link = format!("{}/cases/{case}", state.public_url);
    Ok(participants
        .iter()
        .map(|p| {
            let lang = Lang::parse(&p.language).unwrap_or(Lang::En);
            let what = reminder_text(&state.i18n, lang, &about).unwrap_or_default();
            let day = crate::kit::views::date(&state.i18n, lang, deadline.due);
            let mail = mail_to(
                state,
                p,
                "mail-reminder-subject",
                "mail-reminder-body",
                &[("step", what), ("date", day), ("link", link.clone())],
            );
            let email = choices.get(&p.user).map(|c| c.of(NoticeKind::Deadline)).unwrap_or_default();
            with_case_notice(mail, p, case, &about, email)
        })
        .collect())
}
