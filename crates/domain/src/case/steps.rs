//! The steps a case offers to whom, and what it asks of each reader now.

use super::{Case, Stage, StageName};
use crate::access::{Action, Actor, Resource, Standing, can};
use crate::request::Side;

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
        matches!(
            self,
            StepKind::ConsentToPublication | StepKind::ProposeMediators | StepKind::RequestEnd | StepKind::Withdraw
        )
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
            (StageName::OfferPending, Some(Standing::Invited)) => Some(Todo::AnswerOffer),
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

impl Case {
    /// The steps `actor`, with `standing` in the case, is offered now, in the order a page
    /// shows them: what the stage allows and the policy lets this reader do. Offering a step
    /// does not promise it: [`Case::decide`] still checks its time limit and its details.
    pub fn offered_steps(&self, actor: &Actor, standing: Option<Standing>) -> Vec<StepKind> {
        let allowed = |step: StepKind| can(actor, step.action(), Resource::Case(standing)).is_ok();
        // The policy says what an invited side may do; its side is the responding one.
        let side = standing.and_then(|s| s.side());
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
        // Before registration a request is withdrawn by the side that made it; after, either
        // side may withdraw (W16).
        let registered = matches!(self.stage, Stage::Registered { .. });
        if !self.is_closed() && side.is_some_and(|s| registered || s == Side::Requesting) && allowed(StepKind::Withdraw)
        {
            steps.push(StepKind::Withdraw);
        }
        if side.is_some_and(|s| !self.publication.contains(&s)) && allowed(StepKind::ConsentToPublication) {
            steps.push(StepKind::ConsentToPublication);
        }
        steps
    }

    /// What the case asks of this reader now, if anything.
    pub fn todo(&self, standing: Option<Standing>, secretariat: bool) -> Option<Todo> {
        let stage = StageName::parse(self.stage_name())?;
        Todo::of(stage, self.fee_paid, standing, secretariat)
    }
}
