//! The Secretariat's work on a case: what an open case waits on (the work queue's kinds), and who
//! may be its case officer, the member of the Secretariat who follows it.

use std::collections::BTreeSet;

use super::{Case, Stage};
use crate::accounts::Role;

/// What an open case waits on, from the Secretariat or a party. A case may wait on several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Waiting {
    /// The other side's answer to the offer to mediate (W3).
    Consent,
    /// The lodging fee, before registration.
    Fee,
    /// Screening and registration by the Secretariat (W4).
    Screening,
    /// Mediators to appoint: registered, and not every mediator the case needs has accepted.
    Appointment,
}

impl Waiting {
    pub const ALL: [Waiting; 4] = [Waiting::Screening, Waiting::Fee, Waiting::Consent, Waiting::Appointment];

    pub fn as_str(&self) -> &'static str {
        match self {
            Waiting::Consent => "consent",
            Waiting::Fee => "fee",
            Waiting::Screening => "screening",
            Waiting::Appointment => "appointment",
        }
    }

    pub fn parse(s: &str) -> Option<Waiting> {
        Waiting::ALL.into_iter().find(|w| w.as_str() == s)
    }
}

impl Case {
    /// What the case waits on now, in the order of [`Waiting::ALL`]; nothing once closed.
    pub fn waiting_on(&self) -> Vec<Waiting> {
        let before_registration = matches!(self.stage, Stage::OfferPending | Stage::AwaitingScreening);
        Waiting::ALL
            .into_iter()
            .filter(|w| match w {
                Waiting::Screening => matches!(self.stage, Stage::AwaitingScreening),
                Waiting::Fee => before_registration && !self.fee_paid,
                Waiting::Consent => matches!(self.stage, Stage::OfferPending),
                Waiting::Appointment => self.appointment_open(),
            })
            .collect()
    }
}

/// The roles whose holder may be a case's officer: those who administer cases. A finance officer
/// records fees; a party's representative, a mediator or a Council member never follows a case
/// for the Secretariat.
pub const CASE_OFFICERS: [Role; 4] =
    [Role::CaseSecretary, Role::Registrar, Role::DeputySecretaryGeneral, Role::SecretaryGeneral];

/// Why someone cannot be a case's officer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OfficerRefusal {
    #[error("a case officer must be a case secretary, the registrar or the Secretary-General or Deputy")]
    NotAnOfficer,
    #[error("this account is deactivated")]
    Inactive,
}

impl OfficerRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            OfficerRefusal::NotAnOfficer => "not_an_officer",
            OfficerRefusal::Inactive => "officer_inactive",
        }
    }
}

/// Whether a user with `roles`, active or not, may be made a case's officer.
pub fn may_be_officer(roles: &BTreeSet<Role>, active: bool) -> Result<(), OfficerRefusal> {
    if !CASE_OFFICERS.iter().any(|r| roles.contains(r)) {
        return Err(OfficerRefusal::NotAnOfficer);
    }
    if !active {
        return Err(OfficerRefusal::Inactive);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{Basis, Command};
    use crate::rules::RulesProfile;
    use crate::scope::Outcome;
    use jiff::civil::date;

    fn run(events: &mut Vec<super::super::Event>, command: Command, on: jiff::civil::Date) {
        let case = Case::from_events(events.iter()).unwrap();
        events.push(case.decide(command, on, &RulesProfile::in_force_on(on)).unwrap());
    }

    #[test]
    fn a_case_waits_on_consent_and_the_fee_then_screening_and_nothing_once_closed() {
        let filed = date(2026, 10, 1);
        let mut events = vec![Case::file(filed, Basis::Offer, Outcome::InScope)];
        let now = |e: &Vec<_>| Case::from_events(e.iter()).unwrap().waiting_on();
        assert_eq!(now(&events), [Waiting::Fee, Waiting::Consent]);
        run(&mut events, Command::AcceptOffer, date(2026, 10, 5));
        assert_eq!(now(&events), [Waiting::Screening, Waiting::Fee]);
        run(&mut events, Command::MarkFeePaid, date(2026, 10, 6));
        assert_eq!(now(&events), [Waiting::Screening]);
        run(&mut events, Command::Refuse { reasons: "Outside the scope.".into() }, date(2026, 10, 7));
        assert_eq!(now(&events), []);
        let agreed = [Case::file(filed, Basis::PriorAgreement, Outcome::InScope)];
        assert_eq!(Case::from_events(agreed.iter()).unwrap().waiting_on(), [Waiting::Screening, Waiting::Fee]);
        for w in Waiting::ALL {
            assert_eq!(Waiting::parse(w.as_str()), Some(w));
        }
    }

    #[test]
    fn a_case_officer_administers_cases_and_is_active() {
        let roles = |r: &[Role]| r.iter().copied().collect::<BTreeSet<_>>();
        assert!(may_be_officer(&roles(&[Role::CaseSecretary]), true).is_ok());
        assert!(may_be_officer(&roles(&[Role::Registrar, Role::FinanceOfficer]), true).is_ok());
        assert_eq!(may_be_officer(&roles(&[Role::FinanceOfficer]), true), Err(OfficerRefusal::NotAnOfficer));
        assert_eq!(may_be_officer(&roles(&[Role::Representative]), true), Err(OfficerRefusal::NotAnOfficer));
        assert_eq!(may_be_officer(&roles(&[Role::CaseSecretary]), false), Err(OfficerRefusal::Inactive));
    }
}
