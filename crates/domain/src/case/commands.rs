//! What can be asked of a case (`Command`), what happened to it (`Event`, the ledger body) and
//! why a command was refused (`Refusal`, with stable codes).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Basis, CaseNumber, ScreeningFile, ScreeningItem};
use crate::request::Side;
use crate::scope::Outcome;

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
    /// A party withdraws: before registration only the requesting side (its request); after,
    /// either side (W16).
    Withdraw {
        side: Side,
    },
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
    /// The store, when an appointment step is taken (a ranking, an appointment, an acceptance,
    /// a request for the Secretary-General to appoint, a mediator removed): the lapse period runs
    /// again from it (W7), and `in_place` says whether every mediator the case needs has
    /// accepted, which ends the appointment time limits (W6, W7).
    RecordAppointmentStep {
        in_place: bool,
    },
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
    Filed {
        on: Date,
        basis: Basis,
        scope: Outcome,
    },
    OfferAccepted {
        on: Date,
    },
    OfferDeclined {
        on: Date,
    },
    OfferDeemedRejected {
        on: Date,
    },
    FeePaid {
        on: Date,
    },
    Registered {
        on: Date,
        number: CaseNumber,
        rules_version: String,
        council_rule: Option<String>,
    },
    RegistrationRefused {
        on: Date,
        reasons: String,
    },
    Withdrawn {
        on: Date,
        /// The side that withdrew (absent in the entries recorded before it was kept).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        side: Option<Side>,
    },
    MediatorsAgreed {
        on: Date,
        number: u8,
    },
    MediatorsProposed {
        on: Date,
        side: Side,
        number: u8,
    },
    MediatorsDefaulted {
        on: Date,
        number: u8,
    },
    Lapsed {
        on: Date,
    },
    PublicationConsented {
        on: Date,
        side: Side,
    },
    EndRequested {
        on: Date,
        side: Side,
    },
    EndedByAgreement {
        on: Date,
    },
    Settled {
        on: Date,
        document: i64,
    },
    NoLikelihoodDeclared {
        on: Date,
    },
    AppointmentStep {
        on: Date,
        in_place: bool,
    },
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
            Event::AppointmentStep { .. } => "case.appointment_step",
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
    #[error("only the requesting side withdraws a request before it is registered; the other side answers the offer")]
    OnlyTheRequester,
    #[error("every mediator has accepted: the case no longer lapses for want of an appointment")]
    MediatorsInPlace,
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
            Refusal::OnlyTheRequester => "only_the_requester",
            Refusal::MediatorsInPlace => "mediators_in_place",
        }
    }
}
