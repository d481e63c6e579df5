//! The time limits running in a case and the consequence of each when it passes.

use jiff::civil::Date;

use super::{Case, Command, Refusal, Stage};
use crate::calendar::deadline;
use crate::rules::RulesProfile;

/// How many days ahead the Secretariat's dashboard looks for deadlines (and every one overdue).
/// An operational choice of the platform, not a time limit of IOMed.
pub const DASHBOARD_HORIZON_DAYS: i64 = 14;

/// A time limit running in a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineKind {
    OfferAnswer,
    MediatorsNumber,
    AppointmentRequest,
    Lapse,
}

impl DeadlineKind {
    pub const ALL: [DeadlineKind; 4] = [
        DeadlineKind::OfferAnswer,
        DeadlineKind::MediatorsNumber,
        DeadlineKind::AppointmentRequest,
        DeadlineKind::Lapse,
    ];

    pub fn parse(name: &str) -> Option<DeadlineKind> {
        DeadlineKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            DeadlineKind::OfferAnswer => "offer_answer",
            DeadlineKind::MediatorsNumber => "mediators_number",
            DeadlineKind::AppointmentRequest => "appointment_request",
            DeadlineKind::Lapse => "lapse",
        }
    }

    /// What the system does by itself once this time limit has passed, if anything.
    /// Whether the date opens a possibility (a request for an appointment by the
    /// Secretary-General, W6) rather than closing one: once passed it is open, never overdue.
    pub fn opens(&self) -> bool {
        matches!(self, DeadlineKind::AppointmentRequest)
    }

    pub fn consequence(&self) -> Option<Command> {
        match self {
            DeadlineKind::OfferAnswer => Some(Command::DeemRejection),
            DeadlineKind::MediatorsNumber => Some(Command::DefaultMediators),
            DeadlineKind::AppointmentRequest => None,
            DeadlineKind::Lapse => Some(Command::Lapse),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due: Date,
}

impl Case {
    /// The time limits a filing on `on` starts: what the check before filing and the receipt
    /// announce. (The scope outcome plays no part in a time limit.)
    pub fn deadlines_at_filing(on: Date, basis: super::Basis, rules: &RulesProfile) -> Vec<Deadline> {
        let filed = Case::file(on, basis, crate::scope::Outcome::InScope);
        Case::from_events([&filed]).map(|case| case.deadlines(rules)).unwrap_or_default()
    }

    /// The time limits running now, with their due dates (business days at the seat).
    pub fn deadlines(&self, rules: &RulesProfile) -> Vec<Deadline> {
        let c = &rules.case;
        let holidays = c.holidays.value;
        let due = |from: Date, days: i32, kind| deadline(from, days, holidays).map(|due| Deadline { kind, due });
        match &self.stage {
            Stage::OfferPending => {
                due(self.filed_on, c.offer_answer_days.value, DeadlineKind::OfferAnswer).into_iter().collect()
            }
            Stage::Registered { registered_on, mediators, .. } => {
                let mut out = Vec::new();
                if mediators.is_none() {
                    out.extend(due(*registered_on, c.mediators_number_days.value, DeadlineKind::MediatorsNumber));
                }
                // Once every mediator has accepted, the appointment time limits are met (W6, W7);
                // until then the lapse period runs from the last appointment step.
                if !self.mediators_in_place {
                    out.extend(due(*registered_on, c.appointment_request_days.value, DeadlineKind::AppointmentRequest));
                    let from = self.last_appointment_step.unwrap_or(*registered_on);
                    out.extend(due(from, c.lapse_days.value, DeadlineKind::Lapse));
                }
                out
            }
            Stage::AwaitingScreening | Stage::Closed { .. } => Vec::new(),
        }
    }

    pub(super) fn deadline_of(&self, kind: DeadlineKind, rules: &RulesProfile) -> Result<Date, Refusal> {
        self.deadlines(rules).into_iter().find(|d| d.kind == kind).map(|d| d.due).ok_or(Refusal::DateOutOfRange)
    }

    /// The automatic consequences due on `today`: those of every time limit that has passed
    /// (deemed rejection, one mediator by default, lapse), in the order of their deadlines.
    pub fn due_consequences(&self, today: Date, rules: &RulesProfile) -> Vec<Command> {
        let mut due: Vec<Deadline> = self.deadlines(rules).into_iter().filter(|d| today > d.due).collect();
        due.sort_by_key(|d| d.due);
        due.into_iter().filter_map(|d| d.kind.consequence()).collect()
    }
}

impl Case {
    /// The reminders due `today`: each time limit that closes something (not one that opens a
    /// possibility) ending [`REMINDER_BUSINESS_DAYS`] business days from today, with that number.
    ///
    /// [`REMINDER_BUSINESS_DAYS`]: crate::notifications::REMINDER_BUSINESS_DAYS
    pub fn reminders_due(&self, today: Date, rules: &RulesProfile) -> Vec<(Deadline, u32)> {
        let holidays = rules.case.holidays.value;
        self.deadlines(rules)
            .into_iter()
            .filter(|d| !d.kind.opens())
            .flat_map(|d| {
                crate::notifications::REMINDER_BUSINESS_DAYS
                    .into_iter()
                    .filter(move |n| crate::calendar::business_days_before(d.due, *n, holidays) == Some(today))
                    .map(move |n| (d, n))
            })
            .collect()
    }
}
