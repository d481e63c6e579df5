//! A case, from the request to registration and its early time limits (W2–W7, W16), as a state
//! machine: a command against the current state and today's date (at the seat) gives an event or
//! a typed refusal. Applying the events rebuilds the case.
//!
//! Built so far: filing, the offer to mediate and its answer (or deemed rejection), the lodging
//! fee, screening (registration with its number and rules version, or refusal), the number of
//! mediators (agreed, or 1 by default), lapse, and withdrawal. Appointment, sessions and
//! settlement come with the Panels and Documents capabilities.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::access::{Action, Actor, Resource, Standing, can};
use crate::calendar::deadline;
use crate::request::Side;
use crate::rules::RulesProfile;
use crate::scope::Outcome;

/// `IOMed/2026/0001`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseNumber {
    year: i16,
    seq: u32,
}

impl CaseNumber {
    pub fn new(year: i16, seq: u32) -> Option<CaseNumber> {
        ((2025..=9999).contains(&year) && (1..=9999).contains(&seq)).then_some(CaseNumber { year, seq })
    }
    pub fn parse(text: &str) -> Option<CaseNumber> {
        let rest = text.strip_prefix("IOMed/")?;
        let (year, seq) = rest.split_once('/')?;
        if seq.len() != 4 {
            return None;
        }
        CaseNumber::new(year.parse().ok()?, seq.parse().ok()?)
    }
    pub fn year(&self) -> i16 {
        self.year
    }
    pub fn seq(&self) -> u32 {
        self.seq
    }
}

impl TryFrom<String> for CaseNumber {
    type Error = String;
    fn try_from(text: String) -> Result<CaseNumber, String> {
        CaseNumber::parse(&text).ok_or_else(|| format!("'{text}' is not a case number"))
    }
}

impl From<CaseNumber> for String {
    fn from(number: CaseNumber) -> String {
        number.to_string()
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IOMed/{}/{:04}", self.year, self.seq)
    }
}

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

/// How many days ahead the Secretariat's dashboard looks for deadlines (and every one overdue).
/// An operational choice of the platform, not a time limit of IOMed.
pub const DASHBOARD_HORIZON_DAYS: i64 = 14;

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

/// What can be asked of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    AcceptOffer,
    DeclineOffer,
    /// The system, once the time to answer has passed.
    DeemRejection,
    MarkFeePaid,
    /// The registrar registers, with the scope assessment made at screening (E14) and, for a
    /// discretionary case, the Governing Council rule relied on (E4).
    Register {
        number: CaseNumber,
        scope: Outcome,
        council_rule: Option<String>,
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
    #[error("the lodging fee has not been paid")]
    FeeUnpaid,
    #[error("the lodging fee was already paid")]
    FeeAlreadyPaid,
    #[error("the request is out of scope; it can only be refused")]
    OutOfScope,
    #[error("the request is incomplete; it cannot be registered")]
    Incomplete,
    #[error("a discretionary case is registered only under a rule of the Governing Council, which must be named")]
    CouncilRuleRequired,
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
            Refusal::FeeUnpaid => "fee_unpaid",
            Refusal::FeeAlreadyPaid => "fee_already_paid",
            Refusal::OutOfScope => "out_of_scope",
            Refusal::Incomplete => "incomplete",
            Refusal::CouncilRuleRequired => "council_rule_required",
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

/// A step a person may ask for in a case. (The clock takes the others: deemed rejection, one
/// mediator by default, lapse.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepKind {
    AcceptOffer,
    DeclineOffer,
    MarkFeePaid,
    Register,
    Refuse,
    Withdraw,
    AgreeMediators,
    ProposeMediators,
    ConsentToPublication,
    RequestEnd,
    RecordSettlement,
    DeclareNoLikelihood,
}

impl StepKind {
    pub const ALL: [StepKind; 12] = [
        StepKind::AcceptOffer,
        StepKind::DeclineOffer,
        StepKind::MarkFeePaid,
        StepKind::Register,
        StepKind::Refuse,
        StepKind::Withdraw,
        StepKind::AgreeMediators,
        StepKind::ProposeMediators,
        StepKind::ConsentToPublication,
        StepKind::RequestEnd,
        StepKind::RecordSettlement,
        StepKind::DeclareNoLikelihood,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            StepKind::AcceptOffer => "accept_offer",
            StepKind::DeclineOffer => "decline_offer",
            StepKind::MarkFeePaid => "mark_fee_paid",
            StepKind::Register => "register",
            StepKind::Refuse => "refuse",
            StepKind::Withdraw => "withdraw",
            StepKind::AgreeMediators => "agree_mediators",
            StepKind::ProposeMediators => "propose_mediators",
            StepKind::ConsentToPublication => "consent_publication",
            StepKind::RequestEnd => "request_end",
            StepKind::RecordSettlement => "record_settlement",
            StepKind::DeclareNoLikelihood => "declare_no_likelihood",
        }
    }

    pub fn parse(name: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// What the policy is asked before this step is taken.
    pub fn action(&self) -> Action {
        match self {
            StepKind::AcceptOffer | StepKind::DeclineOffer => Action::AnswerOffer,
            StepKind::Withdraw => Action::Withdraw,
            StepKind::MarkFeePaid => Action::RecordFee,
            StepKind::Register | StepKind::Refuse | StepKind::AgreeMediators => Action::Screen,
            StepKind::ConsentToPublication => Action::ConsentToPublication,
            StepKind::ProposeMediators => Action::ProposeMediators,
            StepKind::RequestEnd => Action::RequestEnd,
            StepKind::RecordSettlement => Action::RecordSettlement,
            StepKind::DeclareNoLikelihood => Action::DeclareNoLikelihood,
        }
    }

    /// Whether the step is taken for the asker's side (and so needs one).
    pub fn for_a_side(&self) -> bool {
        matches!(self, StepKind::ConsentToPublication | StepKind::ProposeMediators | StepKind::RequestEnd)
    }
}

/// What a case asks of its reader now: the in-app notice on their list of cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Todo {
    /// The responding side answers the offer to mediate.
    AnswerOffer,
    /// The registrar screens the request.
    Screen,
    /// The lodging fee is to be recorded.
    RecordFee,
}

impl Todo {
    /// What a case at `stage` asks of a reader with `standing` (or of the Secretariat): the rule
    /// a list of cases applies from their projection, without rebuilding each case.
    pub fn of(stage: StageName, fee_paid: bool, standing: Option<Standing>, secretariat: bool) -> Option<Todo> {
        match (stage, standing) {
            (StageName::OfferPending, Some(Standing::Party(Side::Responding))) => Some(Todo::AnswerOffer),
            (StageName::AwaitingScreening, _) if secretariat => Some(Todo::Screen),
            (StageName::OfferPending, _) if secretariat && !fee_paid => Some(Todo::RecordFee),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Todo::AnswerOffer => "answer_offer",
            Todo::Screen => "screen",
            Todo::RecordFee => "fee",
        }
    }
}

/// A time limit running in a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineKind {
    OfferAnswer,
    MediatorsNumber,
    AppointmentRequest,
    Lapse,
}

impl DeadlineKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            DeadlineKind::OfferAnswer => "offer_answer",
            DeadlineKind::MediatorsNumber => "mediators_number",
            DeadlineKind::AppointmentRequest => "appointment_request",
            DeadlineKind::Lapse => "lapse",
        }
    }

    /// What the system does by itself once this time limit has passed, if anything.
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
                out.extend(due(*registered_on, c.appointment_request_days.value, DeadlineKind::AppointmentRequest));
                out.extend(due(*registered_on, c.lapse_days.value, DeadlineKind::Lapse));
                out
            }
            Stage::AwaitingScreening | Stage::Closed { .. } => Vec::new(),
        }
    }

    fn deadline_of(&self, kind: DeadlineKind, rules: &RulesProfile) -> Result<Date, Refusal> {
        self.deadlines(rules).into_iter().find(|d| d.kind == kind).map(|d| d.due).ok_or(Refusal::DateOutOfRange)
    }

    /// The steps `actor`, with `standing` in the case, is offered now, in the order a page
    /// shows them: what the stage allows and the policy lets this reader do. Offering a step
    /// does not promise it: [`Case::decide`] still checks its time limit and its details.
    pub fn offered_steps(&self, actor: &Actor, standing: Option<Standing>) -> Vec<StepKind> {
        let allowed = |step: StepKind| can(actor, step.action(), Resource::Case(standing)).is_ok();
        let side = match standing {
            Some(Standing::Party(side)) => Some(side),
            _ => None,
        };
        let mut steps = Vec::new();
        match &self.stage {
            Stage::OfferPending => {
                steps.extend([StepKind::AcceptOffer, StepKind::DeclineOffer].into_iter().filter(|s| allowed(*s)))
            }
            Stage::AwaitingScreening => steps.extend(Some(StepKind::Register).filter(|s| allowed(*s))),
            Stage::Registered { mediators: None, .. } => {
                if allowed(StepKind::AgreeMediators) {
                    steps.push(StepKind::AgreeMediators);
                } else if allowed(StepKind::ProposeMediators) {
                    steps.push(StepKind::ProposeMediators);
                }
            }
            _ => {}
        }
        if let Stage::Registered { .. } = self.stage {
            if side.is_some_and(|s| !self.end_requests.contains(&s)) && allowed(StepKind::RequestEnd) {
                steps.push(StepKind::RequestEnd);
            }
            steps.extend(
                [StepKind::RecordSettlement, StepKind::DeclareNoLikelihood].into_iter().filter(|s| allowed(*s)),
            );
        }
        if matches!(self.stage, Stage::OfferPending | Stage::AwaitingScreening) {
            if !self.fee_paid && allowed(StepKind::MarkFeePaid) {
                steps.push(StepKind::MarkFeePaid);
            }
            steps.extend(Some(StepKind::Refuse).filter(|s| allowed(*s)));
        }
        if !self.is_closed() && allowed(StepKind::Withdraw) {
            steps.push(StepKind::Withdraw);
        }
        if side.is_some_and(|s| !self.publication.contains(&s)) && allowed(StepKind::ConsentToPublication) {
            steps.push(StepKind::ConsentToPublication);
        }
        steps
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
        let now = draft.assess(today, registry)?;
        crate::scope::alert_since_filing(self.scope_at_filing, &now)
    }

    /// What the case asks of this reader now, if anything.
    pub fn todo(&self, standing: Option<Standing>, secretariat: bool) -> Option<Todo> {
        let stage = StageName::parse(self.stage_name())?;
        Todo::of(stage, self.fee_paid, standing, secretariat)
    }

    /// The automatic consequences due on `today`: those of every time limit that has passed
    /// (deemed rejection, one mediator by default, lapse), in the order of their deadlines.
    pub fn due_consequences(&self, today: Date, rules: &RulesProfile) -> Vec<Command> {
        let mut due: Vec<Deadline> = self.deadlines(rules).into_iter().filter(|d| today > d.due).collect();
        due.sort_by_key(|d| d.due);
        due.into_iter().filter_map(|d| d.kind.consequence()).collect()
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
            (Stage::AwaitingScreening, Command::Register { number, scope, council_rule }) => {
                if !self.fee_paid {
                    return Err(Refusal::FeeUnpaid);
                }
                let council_rule = council_rule.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
                if council_rule.as_ref().is_some_and(|r| r.chars().count() > COUNCIL_RULE_MAX) {
                    return Err(Refusal::TooLong { max: COUNCIL_RULE_MAX });
                }
                match scope {
                    Outcome::OutOfScope => Err(Refusal::OutOfScope),
                    Outcome::Incomplete => Err(Refusal::Incomplete),
                    Outcome::Discretionary if council_rule.is_none() => Err(Refusal::CouncilRuleRequired),
                    Outcome::Discretionary | Outcome::InScope => Ok(Event::Registered {
                        on: today,
                        number,
                        // The rules in force on the filing date apply (W20).
                        rules_version: RulesProfile::in_force_on(self.filed_on).version.to_owned(),
                        council_rule,
                    }),
                }
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
