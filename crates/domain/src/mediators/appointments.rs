//! Appointing a mediator: the bar and the parties' agreement, the appointee's answer with the
//! declaration, and W6, a party's request that the Secretary-General appoint.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Finding, Severity};
use crate::rules::RulesProfile;

/// Where an appointment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    /// Appointed; the appointee has until the due date to accept and declare, or decline.
    Pending,
    Accepted,
    Declined,
    /// A challenge was upheld: the mediator left the case.
    Removed,
}

impl AppointmentStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            AppointmentStatus::Pending => "pending",
            AppointmentStatus::Accepted => "accepted",
            AppointmentStatus::Declined => "declined",
            AppointmentStatus::Removed => "removed",
        }
    }
    pub fn parse(s: &str) -> Option<AppointmentStatus> {
        [
            AppointmentStatus::Pending,
            AppointmentStatus::Accepted,
            AppointmentStatus::Declined,
            AppointmentStatus::Removed,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// Why an appointment step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AppointmentRefusal {
    #[error("the conflict checks found a bar: every party's written agreement must be recorded")]
    BarWithoutAgreement,
    #[error("mediators are appointed to a registered case only")]
    NotRegistered,
    #[error("this mediator is already appointed to the case")]
    AlreadyAppointed,
    #[error("the case has every mediator it needs: none is appointed until a challenge is upheld")]
    MediatorsInPlace,
    #[error("the appointment was already answered")]
    AlreadyAnswered,
    #[error("the time to answer the appointment has passed")]
    AnswerLate,
    #[error("the declaration must confirm independence, impartiality and availability")]
    DeclarationIncomplete,
    #[error("the reference to the parties' agreement is longer than {AGREEMENT_MAX} characters")]
    AgreementTooLong,
}

impl AppointmentRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            AppointmentRefusal::BarWithoutAgreement => "bar_without_agreement",
            AppointmentRefusal::NotRegistered => "not_registered",
            AppointmentRefusal::AlreadyAppointed => "already_appointed",
            AppointmentRefusal::MediatorsInPlace => "mediators_in_place",
            AppointmentRefusal::AlreadyAnswered => "already_answered",
            AppointmentRefusal::AnswerLate => "answer_late",
            AppointmentRefusal::DeclarationIncomplete => "declaration_incomplete",
            AppointmentRefusal::AgreementTooLong => "agreement_too_long",
        }
    }
}

/// The longest reference to the parties' written agreement to an appointment.
pub const AGREEMENT_MAX: usize = 500;

/// An appointment may be made if no finding bars it, or if every party's written agreement to
/// the barred appointment is recorded (its reference given, within [`AGREEMENT_MAX`]).
pub fn may_appoint(findings: &[Finding], parties_agreement: Option<&str>) -> Result<(), AppointmentRefusal> {
    if parties_agreement.is_some_and(|a| a.chars().count() > AGREEMENT_MAX) {
        return Err(AppointmentRefusal::AgreementTooLong);
    }
    let barred = findings.iter().any(|f| f.severity == Severity::Bar);
    let agreed = parties_agreement.is_some_and(|a| !a.trim().is_empty());
    if barred && !agreed { Err(AppointmentRefusal::BarWithoutAgreement) } else { Ok(()) }
}

/// The last day to accept and declare (W8: 20 days by default), in business days at the seat.
pub fn answer_due(appointed_on: Date, rules: &RulesProfile) -> Option<Date> {
    crate::calendar::deadline(appointed_on, rules.case.declaration_days.value, rules.case.holidays.value)
}

/// The appointee's declaration (ICSID's published form covers independence, impartiality and
/// availability, with disclosures).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declaration {
    pub independent: bool,
    pub impartial: bool,
    pub available: bool,
    /// Circumstances the parties should know of; a continuing duty for the whole case.
    pub disclosures: String,
}

/// Accepting: on time, and with a complete declaration.
pub fn may_accept(
    status: AppointmentStatus,
    appointed_on: Date,
    today: Date,
    declaration: &Declaration,
    rules: &RulesProfile,
) -> Result<(), AppointmentRefusal> {
    may_answer(status, appointed_on, today, rules)?;
    if declaration.independent && declaration.impartial && declaration.available {
        Ok(())
    } else {
        Err(AppointmentRefusal::DeclarationIncomplete)
    }
}

/// Answering (accepting or declining): once, and within the time to answer.
pub fn may_answer(
    status: AppointmentStatus,
    appointed_on: Date,
    today: Date,
    rules: &RulesProfile,
) -> Result<(), AppointmentRefusal> {
    if status != AppointmentStatus::Pending {
        return Err(AppointmentRefusal::AlreadyAnswered);
    }
    match answer_due(appointed_on, rules) {
        Some(due) if today <= due => Ok(()),
        _ => Err(AppointmentRefusal::AnswerLate),
    }
}

#[cfg(test)]
mod appointment_tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn a_bar_needs_the_parties_agreement_and_an_answer_its_time_and_declaration() {
        let rules = RulesProfile::initial();
        let bar = Finding { severity: Severity::Bar, code: "national_of_party_state".into(), state: None };
        let note = Finding { severity: Severity::Note, code: "served_party_state_long_ago".into(), state: None };
        assert_eq!(may_appoint(std::slice::from_ref(&bar), None), Err(AppointmentRefusal::BarWithoutAgreement));
        assert_eq!(may_appoint(std::slice::from_ref(&bar), Some("  ")), Err(AppointmentRefusal::BarWithoutAgreement));
        assert!(may_appoint(&[bar], Some("Letters of both parties of 3 December 2026")).is_ok());
        assert!(may_appoint(&[note], None).is_ok());
        let on = date(2026, 11, 23);
        // 20 days from Monday 23 November 2026 is Sunday 13 December: rolled to Monday 14.
        assert_eq!(answer_due(on, &rules), Some(date(2026, 12, 14)));
        let full = Declaration { independent: true, impartial: true, available: true, disclosures: String::new() };
        assert!(may_accept(AppointmentStatus::Pending, on, date(2026, 12, 14), &full, &rules).is_ok());
        assert_eq!(
            may_accept(AppointmentStatus::Pending, on, date(2026, 12, 15), &full, &rules),
            Err(AppointmentRefusal::AnswerLate)
        );
        let partial = Declaration { available: false, ..full.clone() };
        assert_eq!(
            may_accept(AppointmentStatus::Pending, on, on, &partial, &rules),
            Err(AppointmentRefusal::DeclarationIncomplete)
        );
        assert_eq!(may_answer(AppointmentStatus::Accepted, on, on, &rules), Err(AppointmentRefusal::AlreadyAnswered));
    }
}

/// W6: without an appointment by the deadline for one (60 days after registration by default),
/// either party may ask the Secretary-General to appoint.
pub fn may_request_sg_appointment(
    registered_on: Date,
    today: Date,
    has_serving_or_pending: bool,
    already_requested: bool,
    rules: &RulesProfile,
) -> Result<(), SgRequestRefusal> {
    if has_serving_or_pending {
        return Err(SgRequestRefusal::AlreadyAppointed);
    }
    if already_requested {
        return Err(SgRequestRefusal::AlreadyRequested);
    }
    let due =
        crate::calendar::deadline(registered_on, rules.case.appointment_request_days.value, rules.case.holidays.value);
    match due {
        Some(due) if today > due => Ok(()),
        Some(due) => Err(SgRequestRefusal::TooEarly { due }),
        None => Err(SgRequestRefusal::AlreadyRequested),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SgRequestRefusal {
    #[error("a mediator is already appointed or awaiting their answer")]
    AlreadyAppointed,
    #[error("the Secretary-General has already been asked")]
    AlreadyRequested,
    #[error("the parties have until {due} to appoint")]
    TooEarly { due: Date },
}

impl SgRequestRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            SgRequestRefusal::AlreadyAppointed => "already_appointed",
            SgRequestRefusal::AlreadyRequested => "already_requested",
            SgRequestRefusal::TooEarly { .. } => "too_early",
        }
    }
}

#[cfg(test)]
mod sg_tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn the_secretary_general_is_asked_only_after_the_deadline_and_once() {
        let rules = RulesProfile::initial();
        let registered = date(2026, 1, 5);
        // 60 days from Monday 5 January 2026: Friday 6 March.
        assert_eq!(
            may_request_sg_appointment(registered, date(2026, 3, 6), false, false, &rules),
            Err(SgRequestRefusal::TooEarly { due: date(2026, 3, 6) })
        );
        assert!(may_request_sg_appointment(registered, date(2026, 3, 7), false, false, &rules).is_ok());
        assert_eq!(
            may_request_sg_appointment(registered, date(2026, 3, 9), true, false, &rules),
            Err(SgRequestRefusal::AlreadyAppointed)
        );
        assert_eq!(
            may_request_sg_appointment(registered, date(2026, 3, 9), false, true, &rules),
            Err(SgRequestRefusal::AlreadyRequested)
        );
    }
}
