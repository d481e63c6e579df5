//! A case, from the request to registration and its early time limits (W2–W7, W16), as a state
//! machine: a command against the current state and today's date (at the seat) gives an event or
//! a typed refusal. Applying the events rebuilds the case.
//!
//! Built so far: filing, the offer to mediate and its answer (or deemed rejection), the lodging
//! fee, screening (registration with its number and rules version, or refusal), the number of
//! mediators (agreed, or 1 by default), lapse, and withdrawal. Appointment, sessions and
//! settlement come with the Panels and Documents capabilities.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::request::Side;
use crate::rules::RulesProfile;
use crate::scope::Outcome;

mod commands;
mod deadlines;
mod number;
mod screening;
mod steps;
mod work;

pub use commands::{COUNCIL_RULE_MAX, Command, Event, REASONS_MAX, Refusal};
pub use deadlines::{DASHBOARD_HORIZON_DAYS, Deadline, DeadlineKind};
pub use number::CaseNumber;
pub use screening::{Check, FiledForScreening, ScreeningFile, ScreeningItem, missing};
pub use steps::{StepKind, Todo};
pub use work::{CASE_OFFICERS, OfficerRefusal, Waiting, may_be_officer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    PriorAgreement,
    Offer,
}

impl Basis {
    /// The case's basis from the request's consent: a prior agreement, or an offer the other
    /// side is invited to accept (W3).
    pub fn of(consent: crate::scope::ConsentBasis) -> Basis {
        match consent {
            crate::scope::ConsentBasis::PriorAgreement => Basis::PriorAgreement,
            crate::scope::ConsentBasis::Offer => Basis::Offer,
        }
    }
}

/// How a case ended (W16), or why a request was never registered (W3, W4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Closure {
    OfferDeclined,
    OfferDeemedRejected,
    RefusedRegistration,
    WithdrawnBeforeRegistration,
    WithdrawnByParty,
    LapsedNoAppointment,
    Settled,
    EndedByAgreement,
    MediatorDeclaredNoLikelihood,
    TerminatedNonPayment,
}

impl Closure {
    pub fn as_str(&self) -> &'static str {
        match self {
            Closure::OfferDeclined => "offer_declined",
            Closure::OfferDeemedRejected => "offer_deemed_rejected",
            Closure::RefusedRegistration => "refused_registration",
            Closure::WithdrawnBeforeRegistration => "withdrawn_before_registration",
            Closure::WithdrawnByParty => "withdrawn_by_party",
            Closure::LapsedNoAppointment => "lapsed_no_appointment",
            Closure::Settled => "settled",
            Closure::EndedByAgreement => "ended_by_agreement",
            Closure::MediatorDeclaredNoLikelihood => "mediator_declared_no_likelihood",
            Closure::TerminatedNonPayment => "terminated_non_payment",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// No prior agreement: the other side is asked to accept the offer to mediate.
    OfferPending,
    /// Consent is complete; the registrar screens the request.
    AwaitingScreening,
    Registered {
        registered_on: Date,
        number: CaseNumber,
        rules_version: String,
        mediators: Option<u8>,
    },
    Closed {
        closure: Closure,
        on: Date,
    },
}

/// The name of a stage, as projections and lists keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StageName {
    OfferPending,
    AwaitingScreening,
    Registered,
    Closed,
}

impl StageName {
    pub const ALL: [StageName; 4] =
        [StageName::OfferPending, StageName::AwaitingScreening, StageName::Registered, StageName::Closed];

    pub fn as_str(&self) -> &'static str {
        match self {
            StageName::OfferPending => "offer_pending",
            StageName::AwaitingScreening => "awaiting_screening",
            StageName::Registered => "registered",
            StageName::Closed => "closed",
        }
    }

    pub fn parse(name: &str) -> Option<StageName> {
        StageName::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// The alert of an open case filed with `scope_at_filing` as its assessment (E14): what the
/// same request would be treated as on `today`, if worse. It depends only on the request, the
/// day and the registry, so a list of alerts holds until one of those changes.
pub fn scope_alert_of(
    scope_at_filing: crate::scope::Outcome,
    draft: &crate::request::Draft,
    today: Date,
    registry: &crate::registry::Registry,
) -> Option<crate::scope::Assessment> {
    let now = draft.assess(today, registry)?;
    crate::scope::alert_since_filing(scope_at_filing, &now)
}

/// A case as its events make it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    filed_on: Date,
    basis: Basis,
    scope_at_filing: Outcome,
    fee_paid: bool,
    stage: Stage,
    /// The sides that agreed to publication of the basic case information.
    publication: BTreeSet<Side>,
    /// Each side's proposal of the number of mediators, while none is agreed.
    proposals: BTreeMap<Side, u8>,
    /// The sides that asked to end the mediation.
    end_requests: BTreeSet<Side>,
    /// The day of the last appointment step, from which the lapse period runs (W7).
    last_appointment_step: Option<Date>,
    /// Whether every mediator the case needs has accepted (W6, W7 no longer apply).
    mediators_in_place: bool,
    /// Whether the responding side consented to mediate: by the prior agreement the request
    /// relies on, or by accepting the offer (W3).
    consented: bool,
}

impl Case {
    /// Files a request. Any request can be filed, even one out of scope: it goes to the registrar
    /// marked with its reasons.
    pub fn file(on: Date, basis: Basis, scope: Outcome) -> Event {
        Event::Filed { on, basis, scope }
    }

    /// Rebuilds a case from its events; `None` if they do not start with a filing.
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a Event>) -> Option<Case> {
        let mut events = events.into_iter();
        let Some(Event::Filed { on, basis, scope }) = events.next() else { return None };
        let stage = match basis {
            Basis::Offer => Stage::OfferPending,
            Basis::PriorAgreement => Stage::AwaitingScreening,
        };
        let mut case = Case {
            filed_on: *on,
            basis: *basis,
            scope_at_filing: *scope,
            fee_paid: false,
            stage,
            publication: BTreeSet::new(),
            proposals: BTreeMap::new(),
            end_requests: BTreeSet::new(),
            last_appointment_step: None,
            mediators_in_place: false,
            consented: *basis == Basis::PriorAgreement,
        };
        for e in events {
            case.apply(e);
        }
        Some(case)
    }

    pub fn stage(&self) -> &Stage {
        &self.stage
    }
    pub fn fee_paid(&self) -> bool {
        self.fee_paid
    }
    pub fn scope_at_filing(&self) -> Outcome {
        self.scope_at_filing
    }
    pub fn basis(&self) -> Basis {
        self.basis
    }
    /// Whether the responding side consented to mediate (a prior agreement, or the offer
    /// accepted). Until it has, its representative is only invited ([`Standing::Invited`]).
    ///
    /// [`Standing::Invited`]: crate::access::Standing::Invited
    pub fn consented(&self) -> bool {
        self.consented
    }
    pub fn is_closed(&self) -> bool {
        matches!(self.stage, Stage::Closed { .. })
    }

    /// The sides that agreed to publication.
    pub fn publication_consents(&self) -> &BTreeSet<Side> {
        &self.publication
    }

    /// The sides that asked to end the mediation.
    pub fn end_requests(&self) -> &BTreeSet<Side> {
        &self.end_requests
    }

    /// Each side's proposal of the number of mediators, while none is agreed.
    /// Whether mediators are still to be appointed: registered, open, and not every mediator
    /// the case needs has accepted. Ranking and appointing are offered only then.
    pub fn appointment_open(&self) -> bool {
        matches!(self.stage, Stage::Registered { .. }) && !self.mediators_in_place
    }

    /// Whether every mediator the case needs has accepted.
    pub fn mediators_in_place(&self) -> bool {
        self.mediators_in_place
    }

    /// The appointment step to record once `accepted` mediators have accepted: in place when
    /// they are as many as the case needs (W6, W7).
    pub fn appointment_step(&self, accepted: usize) -> Command {
        Command::RecordAppointmentStep { in_place: accepted >= usize::from(self.mediators_needed()) }
    }

    /// How many mediators the case needs: the number agreed or defaulted, one until then.
    pub fn mediators_needed(&self) -> u8 {
        match &self.stage {
            Stage::Registered { mediators: Some(n), .. } => *n,
            _ => 1,
        }
    }

    pub fn mediator_proposals(&self) -> &BTreeMap<Side, u8> {
        &self.proposals
    }

    /// Whether the basic information of the case may be published: every side agreed (W18).
    pub fn is_public(&self) -> bool {
        self.publication.contains(&Side::Requesting) && self.publication.contains(&Side::Responding)
    }

    pub fn filed_on(&self) -> Date {
        self.filed_on
    }

    /// `offer_pending`, `awaiting_screening`, `registered` or `closed`.
    pub fn stage_name(&self) -> &'static str {
        match self.stage {
            Stage::OfferPending => "offer_pending",
            Stage::AwaitingScreening => "awaiting_screening",
            Stage::Registered { .. } => "registered",
            Stage::Closed { .. } => "closed",
        }
    }

    /// E14: for an open case, what the scope engine says on `today` of the request as filed,
    /// against the registry as it now stands, when that is worse than at filing. Nothing changes
    /// by itself: the Secretariat is alerted.
    pub fn scope_alert(
        &self,
        draft: &crate::request::Draft,
        today: Date,
        registry: &crate::registry::Registry,
    ) -> Option<crate::scope::Assessment> {
        if self.is_closed() {
            return None;
        }
        scope_alert_of(self.scope_at_filing, draft, today, registry)
    }

    /// Decides a command on `today` (the seat's date) under the case's rules.
    pub fn decide(&self, command: Command, today: Date, rules: &RulesProfile) -> Result<Event, Refusal> {
        let wrong = || Refusal::WrongStage { stage: self.stage_name() };
        let within = |kind| {
            let deadline = self.deadline_of(kind, rules)?;
            if today > deadline { Err(Refusal::DeadlinePassed { deadline }) } else { Ok(()) }
        };
        let after = |kind| {
            let deadline = self.deadline_of(kind, rules)?;
            if today <= deadline { Err(Refusal::NotYetDue { deadline }) } else { Ok(()) }
        };
        match (&self.stage, command) {
            // Agreeing to publication is possible at any stage, after closure too.
            (_, Command::ConsentToPublication { side }) => {
                if self.publication.contains(&side) {
                    Err(Refusal::AlreadyConsented)
                } else {
                    Ok(Event::PublicationConsented { on: today, side })
                }
            }
            (Stage::Closed { .. }, _) => Err(wrong()),
            (Stage::OfferPending, Command::AcceptOffer) => {
                within(DeadlineKind::OfferAnswer).map(|()| Event::OfferAccepted { on: today })
            }
            (Stage::OfferPending, Command::DeclineOffer) => {
                within(DeadlineKind::OfferAnswer).map(|()| Event::OfferDeclined { on: today })
            }
            (Stage::OfferPending, Command::DeemRejection) => {
                after(DeadlineKind::OfferAnswer).map(|()| Event::OfferDeemedRejected { on: today })
            }
            (Stage::OfferPending | Stage::AwaitingScreening, Command::MarkFeePaid) => {
                if self.fee_paid {
                    Err(Refusal::FeeAlreadyPaid)
                } else {
                    Ok(Event::FeePaid { on: today })
                }
            }
            (Stage::AwaitingScreening, Command::Register { number, scope, council_rule, file }) => {
                let council_rule = council_rule.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
                if council_rule.as_ref().is_some_and(|r| r.chars().count() > COUNCIL_RULE_MAX) {
                    return Err(Refusal::TooLong { max: COUNCIL_RULE_MAX });
                }
                // Every item missing is named at once (W4).
                let missing = missing(&self.screening(&file, scope, council_rule.as_deref()));
                if !missing.is_empty() {
                    return Err(Refusal::ScreeningIncomplete { missing });
                }
                Ok(Event::Registered {
                    on: today,
                    number,
                    // The rules in force on the filing date apply (W20).
                    rules_version: RulesProfile::in_force_on(self.filed_on).version.to_owned(),
                    // Named only for a discretionary case (E4).
                    council_rule: council_rule.filter(|_| scope == Outcome::Discretionary),
                })
            }
            (Stage::OfferPending | Stage::AwaitingScreening, Command::Refuse { reasons }) => {
                let reasons = reasons.trim().to_owned();
                if reasons.chars().count() > REASONS_MAX {
                    Err(Refusal::TooLong { max: REASONS_MAX })
                } else if reasons.is_empty() {
                    Err(Refusal::ReasonsRequired)
                } else {
                    Ok(Event::RegistrationRefused { on: today, reasons })
                }
            }
            (Stage::OfferPending | Stage::AwaitingScreening, Command::Withdraw { side: Side::Responding }) => {
                Err(Refusal::OnlyTheRequester)
            }
            (_, Command::Withdraw { side }) => Ok(Event::Withdrawn { on: today, side: Some(side) }),
            (Stage::Registered { mediators, .. }, Command::AgreeMediators { number }) => {
                if mediators.is_some() {
                    return Err(Refusal::MediatorsSettled);
                }
                if !(1..=3).contains(&number) {
                    return Err(Refusal::MediatorsNumber);
                }
                within(DeadlineKind::MediatorsNumber).map(|()| Event::MediatorsAgreed { on: today, number })
            }
            (Stage::Registered { mediators, .. }, Command::ProposeMediators { side, number }) => {
                if mediators.is_some() {
                    return Err(Refusal::MediatorsSettled);
                }
                if !(1..=3).contains(&number) {
                    return Err(Refusal::MediatorsNumber);
                }
                within(DeadlineKind::MediatorsNumber)?;
                let other = match side {
                    Side::Requesting => Side::Responding,
                    Side::Responding => Side::Requesting,
                };
                Ok(if self.proposals.get(&other) == Some(&number) {
                    Event::MediatorsAgreed { on: today, number }
                } else {
                    Event::MediatorsProposed { on: today, side, number }
                })
            }
            (Stage::Registered { mediators, .. }, Command::DefaultMediators) => {
                if mediators.is_some() {
                    return Err(Refusal::MediatorsSettled);
                }
                after(DeadlineKind::MediatorsNumber).map(|()| Event::MediatorsDefaulted { on: today, number: 1 })
            }
            (Stage::Registered { .. }, Command::RequestEnd { side }) => {
                if self.end_requests.contains(&side) {
                    return Err(Refusal::AlreadyRequested);
                }
                let other = match side {
                    Side::Requesting => Side::Responding,
                    Side::Responding => Side::Requesting,
                };
                Ok(if self.end_requests.contains(&other) {
                    Event::EndedByAgreement { on: today }
                } else {
                    Event::EndRequested { on: today, side }
                })
            }
            (Stage::Registered { .. }, Command::RecordSettlement { document, filed }) => {
                // W17: the settlement is in the joint case file, as a settlement agreement.
                match filed {
                    Some(f) if f.is_settlement_agreement() => Ok(Event::Settled { on: today, document }),
                    _ => Err(Refusal::SettlementNotFiled),
                }
            }
            (Stage::Registered { .. }, Command::DeclareNoLikelihood) => Ok(Event::NoLikelihoodDeclared { on: today }),
            (Stage::Registered { .. }, Command::RecordAppointmentStep { in_place }) => {
                Ok(Event::AppointmentStep { on: today, in_place })
            }
            (Stage::Registered { .. }, Command::Lapse) if self.mediators_in_place => Err(Refusal::MediatorsInPlace),
            (Stage::Registered { .. }, Command::Lapse) => {
                after(DeadlineKind::Lapse).map(|()| Event::Lapsed { on: today })
            }
            _ => Err(wrong()),
        }
    }

    /// Applies an event, as a fact.
    pub fn apply(&mut self, event: &Event) {
        let close = |closure, on: &Date| Stage::Closed { closure, on: *on };
        match event {
            Event::Filed { .. } => {}
            Event::OfferAccepted { .. } => {
                self.stage = Stage::AwaitingScreening;
                self.consented = true;
            }
            Event::OfferDeclined { on } => self.stage = close(Closure::OfferDeclined, on),
            Event::OfferDeemedRejected { on } => self.stage = close(Closure::OfferDeemedRejected, on),
            Event::FeePaid { .. } => self.fee_paid = true,
            Event::Registered { on, number, rules_version, .. } => {
                self.stage = Stage::Registered {
                    registered_on: *on,
                    number: *number,
                    rules_version: rules_version.clone(),
                    mediators: None,
                }
            }
            Event::RegistrationRefused { on, .. } => self.stage = close(Closure::RefusedRegistration, on),
            Event::Withdrawn { on, .. } => {
                let closure = if matches!(self.stage, Stage::Registered { .. }) {
                    Closure::WithdrawnByParty
                } else {
                    Closure::WithdrawnBeforeRegistration
                };
                self.stage = close(closure, on);
            }
            Event::MediatorsAgreed { number, .. } | Event::MediatorsDefaulted { number, .. } => {
                if let Stage::Registered { mediators, .. } = &mut self.stage {
                    *mediators = Some(*number);
                }
                self.proposals.clear();
            }
            Event::MediatorsProposed { side, number, .. } => {
                self.proposals.insert(*side, *number);
            }
            Event::Lapsed { on } => self.stage = close(Closure::LapsedNoAppointment, on),
            Event::PublicationConsented { side, .. } => {
                self.publication.insert(*side);
            }
            Event::EndRequested { side, .. } => {
                self.end_requests.insert(*side);
            }
            Event::EndedByAgreement { on } => self.stage = close(Closure::EndedByAgreement, on),
            Event::Settled { on, .. } => self.stage = close(Closure::Settled, on),
            Event::NoLikelihoodDeclared { on } => self.stage = close(Closure::MediatorDeclaredNoLikelihood, on),
            Event::AppointmentStep { on, in_place } => {
                self.last_appointment_step = Some(*on);
                self.mediators_in_place = *in_place;
            }
        }
    }
}

#[cfg(test)]
mod tests;
