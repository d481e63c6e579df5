//! The clock of cases: every minute, the automatic consequences the domain says are due (deemed
//! rejection, one mediator by default, lapse) are taken, with notices to everyone on the case,
//! and the reminders due today are sent (`reminders.rs`).
//! One case that fails does not stop the pass: it is logged and tried again at the next tick.

use std::time::Duration;

use iomed_domain::case::Command;
use iomed_domain::rules::RulesProfile;
use iomed_domain::seat::seat_date;
use iomed_store::StoreError;
use iomed_store::cases::{CaseChange, Step};

use crate::cases::views::step_notices;
use crate::kit::state::AppState;

/// What a pass of the clock did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    /// Consequences taken.
    pub taken: usize,
    /// Cases where taking one failed (logged); they are tried again at the next pass.
    pub failed: usize,
}

/// Applies every automatic consequence now due. Only reading which cases are due can fail the pass;
/// one case that cannot be read is logged and counted as failed.
pub async fn apply_time_limits(state: &AppState) -> Result<Pass, StoreError> {
    let today = seat_date(state.store.now());
    let mut pass = Pass::default();
    // Only the cases with a time limit passed, from the projection of time limits.
    for id in state.store.cases_past_due(today).await? {
        let (row, case) = match state.store.case(id).await {
            Ok(Some((row, case, _))) => (row, case),
            Ok(None) => continue,
            Err(e) => {
                tracing::warn!(case = id, error = %e, "a case due could not be read; it is tried again");
                pass.failed += 1;
                continue;
            }
        };
        let rules = RulesProfile::in_force_on(case.filed_on());
        // Every consequence due, in the order of its deadline; one no longer possible (an earlier
        // one closed the case, or another process took it) is refused and skipped.
        for command in case.due_consequences(today, &rules) {
            let (step, name) = match command {
                Command::DeemRejection => (Step::DeemRejection, "deem_rejection"),
                Command::DefaultMediators => (Step::DefaultMediators, "default_mediators"),
                Command::Lapse => (Step::Lapse, "lapse"),
                _ => continue,
            };
            let taken = async {
                let mails = step_notices(state, row.id, None, name).await?;
                state.store.case_change("system:clock", CaseChange::Step { case: row.id, step, mails }).await
            }
            .await;
            match taken {
                Ok(_) => pass.taken += 1,
                Err(StoreError::CaseRefused(_)) => {}
                Err(e) => {
                    tracing::warn!(case = row.id, error = %e, "an automatic consequence failed; it is tried again");
                    pass.failed += 1;
                    break;
                }
            }
        }
    }
    Ok(pass)
}

/// Runs [`apply_time_limits`] now and then every `every`.
pub fn spawn_clock(state: AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(every);
        loop {
            interval.tick().await;
            match apply_time_limits(&state).await {
                Ok(Pass { taken: 0, failed: 0 }) => {}
                Ok(pass) => tracing::info!(taken = pass.taken, failed = pass.failed, "time limits applied"),
                Err(e) => tracing::warn!(error = %e, "applying time limits failed"),
            }
            match crate::cases::reminders::send_reminders(&state).await {
                Ok(0) => {}
                Ok(sent) => tracing::info!(sent, "time-limit reminders sent"),
                Err(e) => tracing::warn!(error = %e, "sending time-limit reminders failed"),
            }
        }
    })
}
