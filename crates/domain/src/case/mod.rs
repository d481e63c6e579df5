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

mod deadlines;
mod number;
mod screening;
mod steps;

pub use deadlines::{DASHBOARD_HORIZON_DAYS, Deadline, DeadlineKind};
pub use number::CaseNumber;
pub use screening::{Check, FiledForScreening, ScreeningFile, ScreeningItem, missing};
pub use steps::{StepKind, Todo};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    PriorAgreement,
    Offer,
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

/// What can be asked of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    AcceptOffer,
    DeclineOffer,
    /// The system, once the time to answer has passed.
    DeemRejection,
    MarkFeePaid,
    /// The registrar registers, with the scope assessment made at screening (E14), what the
    /// case file holds (W4) and, for a discretionary case, the Governing Council rule relied on
    /// (E4).
    Register {
        number: CaseNumber,
        scope: Outcome,
        council_rule: Option<String>,
        file: ScreeningFile,
    },
    Refuse {
        reasons: String,
    },
    Withdraw,
    AgreeMediators {
        number: u8,
    },
    /// One side proposes the number of mediators; when the other side has proposed the same
    /// number, the parties have agreed (W5).
    ProposeMediators {
        side: Side,
        number: u8,
    },
    /// The system, once the time to agree has passed: one mediator (W5).
    DefaultMediators,
    /// The system, once the time for an appointment step has passed (W7).
    Lapse,
    /// One side asks to end the mediation; when the other side has asked too, it ends by the
    /// parties' agreement (W16).
    RequestEnd {
        side: Side,
    },
    /// The Secretariat records the settlement, filed in the joint case file as a settlement
    /// agreement signed by all parties (W16, W17). `filed` is what the case file holds under that
    /// number, if anything.
    RecordSettlement {
        document: i64,
        filed: Option<crate::documents::FiledDocument>,
    },
    /// A mediator declares that there is no likelihood of agreement (W16).
    DeclareNoLikelihood,
    /// One side agrees that the basic information of the case be published (W13, W18). It is
    /// published only once every side has agreed.
    ConsentToPublication {
        side: Side,
    },
}

/// What happened to a case. The serialized form is the ledger body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    Filed { on: Date, basis: Basis, scope: Outcome },
    OfferAccepted { on: Date },
    OfferDeclined { on: Date },
    OfferDeemedRejected { on: Date },
    FeePaid { on: Date },
    Registered { on: Date, number: CaseNumber, rules_version: String, council_rule: Option<String> },
    RegistrationRefused { on: Date, reasons: String },
    Withdrawn { on: Date },
    MediatorsAgreed { on: Date, number: u8 },
    MediatorsProposed { on: Date, side: Side, number: u8 },
    MediatorsDefaulted { on: Date, number: u8 },
    Lapsed { on: Date },
    PublicationConsented { on: Date, side: Side },
    EndRequested { on: Date, side: Side },
    EndedByAgreement { on: Date },
    Settled { on: Date, document: i64 },
    NoLikelihoodDeclared { on: Date },
}

impl Event {
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Filed { .. } => "case.filed",
            Event::OfferAccepted { .. } => "case.offer_accepted",
            Event::OfferDeclined { .. } => "case.offer_declined",
            Event::OfferDeemedRejected { .. } => "case.offer_deemed_rejected",
            Event::FeePaid { .. } => "case.fee_paid",
            Event::Registered { .. } => "case.registered",
            Event::RegistrationRefused { .. } => "case.registration_refused",
            Event::Withdrawn { .. } => "case.withdrawn",
            Event::MediatorsAgreed { .. } => "case.mediators_agreed",
            Event::MediatorsProposed { .. } => "case.mediators_proposed",
            Event::MediatorsDefaulted { .. } => "case.mediators_defaulted",
            Event::Lapsed { .. } => "case.lapsed",
            Event::PublicationConsented { .. } => "case.publication_consented",
            Event::EndRequested { .. } => "case.end_requested",
            Event::EndedByAgreement { .. } => "case.ended_by_agreement",
            Event::Settled { .. } => "case.settled",
            Event::NoLikelihoodDeclared { .. } => "case.no_likelihood_declared",
        }
    }
}

/// Why a command was refused. Stable codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("this step is not possible while the case is {stage}")]
    WrongStage { stage: &'static str },
    #[error("the time for this ended on {deadline}")]
    DeadlinePassed { deadline: Date },
    #[error("this may happen only after {deadline}")]
    NotYetDue { deadline: Date },
    #[error("the lodging fee was already paid")]
    FeeAlreadyPaid,
    #[error("screening is not complete (W4): {}", missing.iter().map(ScreeningItem::code).collect::<Vec<_>>().join(", "))]
    ScreeningIncomplete { missing: Vec<ScreeningItem> },
    #[error("give the reasons for the refusal")]
    ReasonsRequired,
    #[error("the number of mediators is 1, 2 or 3")]
    MediatorsNumber,
    #[error("the number of mediators is already settled")]
    MediatorsSettled,
    #[error("a date computed from the rules is out of range")]
    DateOutOfRange,
    #[error("this side has already agreed to publication")]
    AlreadyConsented,
    #[error("this side has already asked to end the mediation")]
    AlreadyRequested,
    #[error("no settlement agreement with this number is in the joint case file")]
    SettlementNotFiled,
    #[error("the text is longer than {max} characters")]
    TooLong { max: usize },
}

/// The longest reasons for a refusal of registration, in characters.
pub const REASONS_MAX: usize = 20_000;
/// The longest name of a Governing Council rule relied on, in characters.
pub const COUNCIL_RULE_MAX: usize = 300;

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::WrongStage { .. } => "wrong_stage",
            Refusal::DeadlinePassed { .. } => "deadline_passed",
            Refusal::NotYetDue { .. } => "not_yet_due",
            Refusal::FeeAlreadyPaid => "fee_already_paid",
            Refusal::ScreeningIncomplete { .. } => "screening_incomplete",
            Refusal::ReasonsRequired => "reasons_required",
            Refusal::MediatorsNumber => "mediators_number",
            Refusal::MediatorsSettled => "mediators_settled",
            Refusal::DateOutOfRange => "date_out_of_range",
            Refusal::AlreadyConsented => "already_consented",
            Refusal::AlreadyRequested => "already_requested",
            Refusal::SettlementNotFiled => "settlement_not_filed",
            Refusal::TooLong { .. } => "too_long",
        }
    }
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
            (_, Command::Withdraw) => Ok(Event::Withdrawn { on: today }),
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
            Event::OfferAccepted { .. } => self.stage = Stage::AwaitingScreening,
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
            Event::Withdrawn { on } => {
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
        }
    }
}

#[cfg(test)]
mod tests;
