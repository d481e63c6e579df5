//! The one access policy: `can(actor, action, resource)` → allow, or deny with a reason. Every
//! handler asks it; no handler decides access by itself.

use std::collections::BTreeSet;

use crate::accounts::Role;
use crate::documents::Audience;
use crate::request::Side;

/// A user's identifier in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(pub i64);

/// Who is acting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Anonymous,
    User { id: UserId, roles: BTreeSet<Role> },
}

impl Actor {
    pub fn user(id: UserId, roles: impl IntoIterator<Item = Role>) -> Actor {
        Actor::User { id, roles: roles.into_iter().collect() }
    }
    pub fn id(&self) -> Option<UserId> {
        match self {
            Actor::Anonymous => None,
            Actor::User { id, .. } => Some(*id),
        }
    }
    pub fn has(&self, role: Role) -> bool {
        matches!(self, Actor::User { roles, .. } if roles.contains(&role))
    }
}

/// What an actor wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read what is public: the site, the registry, the ledger head.
    ReadPublic,
    /// Sign in or out, or start a password reset.
    Authenticate,
    /// See an account: its profile, sessions and tokens.
    ReadAccount,
    /// Change an account's own settings: language, password, sessions, tokens.
    ManageAccount,
    /// See the list of users.
    ListUsers,
    /// Read the registry's internal source notes (their reliability, the brief's references):
    /// the Secretariat's working facts. The public reads whether each fact is verified.
    ReadSourceNotes,
    /// Create users, change their roles, deactivate or unlock them.
    AdministerUsers,
    /// Draft and file requests for mediation, as a party's representative.
    DraftRequest,
    /// See a case: that it exists, its parties, its history and deadlines (W13).
    ReadCase,
    /// Accept or decline an offer to mediate, for the responding side.
    AnswerOffer,
    /// Withdraw a request or end a case, for a party.
    Withdraw,
    /// Agree, for one's side, to publication of the basic case information.
    ConsentToPublication,
    /// Propose, for one's side, the number of mediators.
    ProposeMediators,
    /// Rank candidate mediators, privately, for one's side.
    RankCandidates,
    /// Challenge a serving mediator, for one's side.
    ChallengeMediator,
    /// Ask, for one's side, to end the mediation (ended when every side asks).
    RequestEnd,
    /// Record the settlement filed in the joint case file (the Secretariat).
    RecordSettlement,
    /// Declare, as a mediator on the case, that there is no likelihood of agreement.
    DeclareNoLikelihood,
    /// Record that the lodging fee was paid.
    RecordFee,
    /// Screen a request: register or refuse it; record the parties' agreed number of mediators.
    Screen,
    /// Make a member of the Secretariat the case's officer, or leave the case without one.
    AssignOfficer,
    /// See every open case's deadlines (the Secretariat's dashboard).
    OverseeCases,
    /// Record mediators' profiles, and appoint mediators to cases (the Secretariat's officers who
    /// screen requests).
    ManageMediators,
    /// Answer one's own appointments (a mediator).
    AnswerAppointment,
    /// Decide a challenge to a mediator (the Secretary-General or the Deputy).
    DecideChallenge,
    /// See that a document with this audience exists in the case, its metadata and its content.
    ReadDocument(Audience),
    /// Read the messages of this audience's thread. The same audience as its documents, except
    /// that an invited side reads the joint file's documents (the request's annexes), not its
    /// messages: it has not joined the mediation yet.
    ReadMessages(Audience),
    /// File a document with this audience in the case.
    FileDocument(Audience),
    /// Ask a party for permission to pass a document of this audience to everyone (mediators,
    /// for caucus documents).
    AskToShare(Audience),
    /// Grant or refuse permission to share a document of this audience (the side whose caucus
    /// it is).
    AnswerShare(Audience),
}

/// What the action is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resource {
    Public,
    /// The acting user's own account, whoever that is.
    OwnAccount,
    /// A given user's account.
    Account(UserId),
    Users,
    /// Requests and cases in general (drafting, the deadlines dashboard).
    Cases,
    /// One case, with the acting user's standing in it (none if they are not on it).
    Case(Option<Standing>),
}

/// A user's place in a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Standing {
    /// A party's representative, on its side.
    Party(Side),
    /// The responding side's representative before that side consented to mediate (an offer
    /// awaiting its answer, or declined): it reads what it needs to decide, the request and the
    /// documents filed in the joint file, answers the offer, may agree to publication, and nothing
    /// else. Accepting the
    /// offer makes it [`Standing::Party`] (W3).
    Invited,
    Mediator,
}

impl Standing {
    /// The standing of a party's representative on `side`, given whether the responding side
    /// consented to mediate (a prior agreement, or the offer accepted).
    pub fn of_party(side: Side, consented: bool) -> Standing {
        match side {
            Side::Responding if !consented => Standing::Invited,
            side => Standing::Party(side),
        }
    }

    /// The side a representative is on, invited or not; none for a mediator.
    pub fn side(&self) -> Option<Side> {
        match self {
            Standing::Party(side) => Some(*side),
            Standing::Invited => Some(Side::Responding),
            Standing::Mediator => None,
        }
    }
}

/// Why an action is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("you need to sign in")]
    NotSignedIn,
    #[error("this is another user's account")]
    NotYours,
    #[error("your roles do not allow this")]
    MissingRole,
    #[error("this action does not apply to this resource")]
    Mismatch,
    /// The case is not shown: to someone not on it, it does not exist (W13).
    #[error("no such case")]
    Hidden,
}

impl Denied {
    pub fn code(&self) -> &'static str {
        match self {
            Denied::NotSignedIn => "not_signed_in",
            Denied::NotYours => "not_yours",
            Denied::MissingRole => "forbidden",
            Denied::Mismatch => "forbidden",
            Denied::Hidden => "not_found",
        }
    }
}

/// The roles that may administer users.
pub const USER_ADMINISTRATORS: [Role; 3] = [Role::SecretaryGeneral, Role::DeputySecretaryGeneral, Role::Registrar];

/// The roles that screen and register requests.
pub const SCREENERS: [Role; 3] = [Role::SecretaryGeneral, Role::DeputySecretaryGeneral, Role::Registrar];

/// The policy.
pub fn can(actor: &Actor, action: Action, resource: Resource) -> Result<(), Denied> {
    match (action, resource) {
        (Action::ReadPublic, Resource::Public) | (Action::Authenticate, Resource::Public) => Ok(()),
        (Action::ReadAccount | Action::ManageAccount, Resource::OwnAccount) => match actor {
            Actor::Anonymous => Err(Denied::NotSignedIn),
            Actor::User { .. } => Ok(()),
        },
        (Action::ReadAccount | Action::ManageAccount, Resource::Account(owner)) => match actor {
            Actor::Anonymous => Err(Denied::NotSignedIn),
            Actor::User { id, .. } if *id == owner => Ok(()),
            Actor::User { .. } => Err(Denied::NotYours),
        },
        (Action::ListUsers, Resource::Users) | (Action::ReadSourceNotes, Resource::Public) => match actor {
            Actor::Anonymous => Err(Denied::NotSignedIn),
            Actor::User { roles, .. } if roles.iter().any(Role::is_secretariat) => Ok(()),
            Actor::User { .. } => Err(Denied::MissingRole),
        },
        (Action::AdministerUsers, Resource::Users | Resource::Account(_)) => match actor {
            Actor::Anonymous => Err(Denied::NotSignedIn),
            Actor::User { roles, .. } if USER_ADMINISTRATORS.iter().any(|r| roles.contains(r)) => Ok(()),
            Actor::User { .. } => Err(Denied::MissingRole),
        },
        (Action::DraftRequest, Resource::Cases) => match actor {
            Actor::Anonymous => Err(Denied::NotSignedIn),
            Actor::User { roles, .. } if roles.contains(&Role::Representative) => Ok(()),
            Actor::User { .. } => Err(Denied::MissingRole),
        },
        (Action::ManageMediators, Resource::Cases) => match actor {
            Actor::Anonymous => Err(Denied::NotSignedIn),
            Actor::User { roles, .. } if SCREENERS.iter().any(|r| roles.contains(r)) => Ok(()),
            Actor::User { .. } => Err(Denied::MissingRole),
        },
        (Action::DecideChallenge, Resource::Cases) => match actor {
            Actor::Anonymous => Err(Denied::NotSignedIn),
            Actor::User { roles, .. }
                if roles.contains(&Role::SecretaryGeneral) || roles.contains(&Role::DeputySecretaryGeneral) =>
            {
                Ok(())
            }
            Actor::User { .. } => Err(Denied::MissingRole),
        },
        (Action::AnswerAppointment, Resource::OwnAccount) => match actor {
            Actor::Anonymous => Err(Denied::NotSignedIn),
            Actor::User { roles, .. } if roles.contains(&Role::Mediator) => Ok(()),
            Actor::User { .. } => Err(Denied::MissingRole),
        },
        (Action::OverseeCases, Resource::Cases) => match actor {
            Actor::Anonymous => Err(Denied::NotSignedIn),
            Actor::User { roles, .. } if roles.iter().any(Role::is_secretariat) => Ok(()),
            Actor::User { .. } => Err(Denied::MissingRole),
        },
        (action, Resource::Case(standing)) => {
            let Actor::User { roles, .. } = actor else { return Err(Denied::NotSignedIn) };
            let secretariat = roles.iter().any(Role::is_secretariat);
            // Whoever is neither on the case nor in the Secretariat does not learn that it exists.
            if standing.is_none() && !secretariat {
                return Err(Denied::Hidden);
            }
            let allowed = match action {
                // Outside its audience a document does not exist, for the Secretariat too: the
                // answer is the same as for a document that was never filed.
                Action::ReadDocument(audience) => {
                    return if audience.admits(standing, secretariat) { Ok(()) } else { Err(Denied::Hidden) };
                }
                // An invited side files nothing and posts nothing before it consents: accepting
                // the offer is its one act. It is told so, as the thread or file is visible.
                Action::FileDocument(audience) | Action::ReadMessages(audience) => {
                    if !audience.admits(standing, secretariat) {
                        return Err(Denied::Hidden);
                    }
                    if standing == Some(Standing::Invited) {
                        return Err(if matches!(action, Action::ReadMessages(_)) {
                            Denied::Hidden
                        } else {
                            Denied::MissingRole
                        });
                    }
                    return Ok(());
                }
                // Only a caucus document is passed on with its side's consent: the mediators ask,
                // the side answers. Whoever cannot see the document does not learn it exists.
                Action::AskToShare(audience) | Action::AnswerShare(audience) => {
                    if !audience.admits(standing, secretariat) {
                        return Err(Denied::Hidden);
                    }
                    match (action, audience, standing) {
                        (Action::AskToShare(_), Audience::Caucus(_), Some(Standing::Mediator)) => true,
                        (Action::AnswerShare(_), Audience::Caucus(side), Some(Standing::Party(mine))) => side == mine,
                        _ => false,
                    }
                }
                Action::ReadCase => true,
                Action::AnswerOffer => standing == Some(Standing::Invited),
                // Publication is agreed side by side, whatever became of the offer (W18).
                Action::ConsentToPublication => matches!(standing, Some(Standing::Party(_) | Standing::Invited)),
                Action::Withdraw
                | Action::ProposeMediators
                | Action::RankCandidates
                | Action::ChallengeMediator
                | Action::RequestEnd => {
                    matches!(standing, Some(Standing::Party(_)))
                }
                Action::RecordFee => {
                    roles.contains(&Role::FinanceOfficer) || SCREENERS.iter().any(|r| roles.contains(r))
                }
                Action::Screen | Action::RecordSettlement | Action::AssignOfficer => {
                    SCREENERS.iter().any(|r| roles.contains(r))
                }
                Action::DeclareNoLikelihood => standing == Some(Standing::Mediator),
                _ => return Err(Denied::Mismatch),
            };
            if allowed { Ok(()) } else { Err(Denied::MissingRole) }
        }
        _ => Err(Denied::Mismatch),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn arb_actor() -> impl Strategy<Value = Actor> {
        prop_oneof![
            Just(Actor::Anonymous),
            (1i64..4, prop::collection::btree_set(prop::sample::select(Role::ALL.to_vec()), 0..4))
                .prop_map(|(id, roles)| Actor::User { id: UserId(id), roles }),
        ]
    }

    #[test]
    fn who_may_do_what() {
        let registrar = Actor::user(UserId(1), [Role::Registrar]);
        let finance = Actor::user(UserId(2), [Role::FinanceOfficer]);
        let counsel = Actor::user(UserId(3), [Role::Representative]);
        assert!(can(&Actor::Anonymous, Action::ReadPublic, Resource::Public).is_ok());
        assert_eq!(can(&Actor::Anonymous, Action::ReadAccount, Resource::Account(UserId(1))), Err(Denied::NotSignedIn));
        assert!(can(&counsel, Action::ManageAccount, Resource::Account(UserId(3))).is_ok());
        assert!(can(&counsel, Action::ReadAccount, Resource::OwnAccount).is_ok());
        assert_eq!(can(&Actor::Anonymous, Action::ReadAccount, Resource::OwnAccount), Err(Denied::NotSignedIn));
        assert_eq!(can(&counsel, Action::ReadAccount, Resource::Account(UserId(1))), Err(Denied::NotYours));
        assert!(can(&finance, Action::ListUsers, Resource::Users).is_ok());
        assert_eq!(can(&finance, Action::AdministerUsers, Resource::Users), Err(Denied::MissingRole));
        assert!(can(&registrar, Action::AdministerUsers, Resource::Users).is_ok());
        assert_eq!(can(&counsel, Action::ListUsers, Resource::Users), Err(Denied::MissingRole));
    }

    #[test]
    fn a_case_is_seen_only_by_those_on_it_and_the_secretariat() {
        let counsel = Actor::user(UserId(3), [Role::Representative]);
        let registrar = Actor::user(UserId(1), [Role::Registrar]);
        let council = Actor::user(UserId(4), [Role::CouncilRepresentative]);
        let responding = Resource::Case(Some(Standing::Party(Side::Responding)));
        let requesting = Resource::Case(Some(Standing::Party(Side::Requesting)));
        assert_eq!(can(&counsel, Action::ReadCase, Resource::Case(None)), Err(Denied::Hidden));
        assert_eq!(can(&council, Action::ReadCase, Resource::Case(None)), Err(Denied::Hidden));
        assert_eq!(can(&Actor::Anonymous, Action::ReadCase, Resource::Case(None)), Err(Denied::NotSignedIn));
        assert!(can(&registrar, Action::ReadCase, Resource::Case(None)).is_ok());
        assert!(can(&registrar, Action::Screen, Resource::Case(None)).is_ok());
        let invited = Resource::Case(Some(Standing::Invited));
        assert!(can(&counsel, Action::AnswerOffer, invited).is_ok());
        assert_eq!(can(&counsel, Action::AnswerOffer, responding), Err(Denied::MissingRole), "answered already");
        assert_eq!(can(&counsel, Action::AnswerOffer, requesting), Err(Denied::MissingRole));
        assert_eq!(can(&counsel, Action::Screen, requesting), Err(Denied::MissingRole));
        assert!(can(&registrar, Action::AssignOfficer, Resource::Case(None)).is_ok());
        assert_eq!(can(&counsel, Action::AssignOfficer, requesting), Err(Denied::MissingRole));
        assert_eq!(can(&registrar, Action::AnswerOffer, Resource::Case(None)), Err(Denied::MissingRole));
        assert!(can(&counsel, Action::DraftRequest, Resource::Cases).is_ok());
        assert_eq!(can(&registrar, Action::DraftRequest, Resource::Cases), Err(Denied::MissingRole));
    }

    #[test]
    fn an_invited_side_reads_the_request_and_its_annexes_and_answers_the_offer_only() {
        let counsel = Actor::user(UserId(3), [Role::Representative]);
        let invited = Resource::Case(Some(Standing::Invited));
        assert!(can(&counsel, Action::ReadCase, invited).is_ok());
        assert!(can(&counsel, Action::ReadDocument(Audience::Joint), invited).is_ok(), "the annexes");
        assert_eq!(can(&counsel, Action::ReadMessages(Audience::Joint), invited), Err(Denied::Hidden));
        assert_eq!(can(&counsel, Action::FileDocument(Audience::Joint), invited), Err(Denied::MissingRole));
        for audience in Audience::ALL.into_iter().filter(|a| *a != Audience::Joint) {
            for action in
                [Action::ReadDocument(audience), Action::ReadMessages(audience), Action::FileDocument(audience)]
            {
                assert_eq!(can(&counsel, action, invited), Err(Denied::Hidden), "{action:?}");
            }
        }
        for action in [Action::Withdraw, Action::ProposeMediators, Action::RankCandidates, Action::RequestEnd] {
            assert_eq!(can(&counsel, action, invited), Err(Denied::MissingRole), "{action:?}");
        }
        assert!(can(&counsel, Action::AnswerOffer, invited).is_ok());
        assert!(can(&counsel, Action::ConsentToPublication, invited).is_ok());
        assert_eq!(Standing::of_party(Side::Responding, false), Standing::Invited);
        assert_eq!(Standing::of_party(Side::Responding, true), Standing::Party(Side::Responding));
        assert_eq!(Standing::of_party(Side::Requesting, false), Standing::Party(Side::Requesting));
        assert_eq!(Standing::Invited.side(), Some(Side::Responding));
        // A party reads its threads as it reads its documents.
        let responding = Resource::Case(Some(Standing::Party(Side::Responding)));
        for audience in Audience::ALL {
            assert_eq!(
                can(&counsel, Action::ReadMessages(audience), responding),
                can(&counsel, Action::ReadDocument(audience), responding)
            );
        }
    }

    #[test]
    fn documents_outside_their_audience_are_hidden_even_from_the_secretariat() {
        let counsel = Actor::user(UserId(3), [Role::Representative]);
        let registrar = Actor::user(UserId(1), [Role::Registrar]);
        let caucus = Action::ReadDocument(Audience::Caucus(Side::Responding));
        let requesting = Resource::Case(Some(Standing::Party(Side::Requesting)));
        let responding = Resource::Case(Some(Standing::Party(Side::Responding)));
        assert_eq!(can(&counsel, caucus, requesting), Err(Denied::Hidden));
        assert!(can(&counsel, caucus, responding).is_ok());
        assert!(can(&counsel, caucus, Resource::Case(Some(Standing::Mediator))).is_ok());
        assert_eq!(can(&registrar, caucus, Resource::Case(None)), Err(Denied::Hidden));
        assert!(can(&registrar, Action::FileDocument(Audience::Secretariat), Resource::Case(None)).is_ok());
        assert!(can(&registrar, Action::ReadDocument(Audience::Joint), Resource::Case(None)).is_ok());
        assert_eq!(can(&counsel, Action::ReadDocument(Audience::Joint), Resource::Case(None)), Err(Denied::Hidden));
        assert_eq!(can(&Actor::Anonymous, Action::ReadDocument(Audience::Joint), requesting), Err(Denied::NotSignedIn));
        let mediator = Actor::user(UserId(5), [Role::Mediator]);
        let on_case = Resource::Case(Some(Standing::Mediator));
        assert!(can(&mediator, Action::AskToShare(Audience::Caucus(Side::Responding)), on_case).is_ok());
        assert_eq!(can(&mediator, Action::AskToShare(Audience::Joint), on_case), Err(Denied::MissingRole));
        assert_eq!(can(&mediator, Action::AskToShare(Audience::Side(Side::Responding)), on_case), Err(Denied::Hidden));
        assert!(can(&counsel, Action::AnswerShare(Audience::Caucus(Side::Responding)), responding).is_ok());
        assert_eq!(
            can(&counsel, Action::AnswerShare(Audience::Caucus(Side::Responding)), requesting),
            Err(Denied::Hidden)
        );
        assert_eq!(
            can(&counsel, Action::AskToShare(Audience::Caucus(Side::Responding)), responding),
            Err(Denied::MissingRole)
        );
    }

    proptest! {
        #[test]
        fn the_anonymous_only_read_public_things_and_nobody_reads_another_account(
            actor in arb_actor(), other in 10i64..20
        ) {
            prop_assert!(can(&Actor::Anonymous, Action::ListUsers, Resource::Users).is_err());
            prop_assert!(can(&Actor::Anonymous, Action::ManageAccount, Resource::Account(UserId(other))).is_err());
            prop_assert!(can(&actor, Action::ReadAccount, Resource::Account(UserId(other))).is_err());
            // Whoever may administer users may list them.
            if can(&actor, Action::AdministerUsers, Resource::Users).is_ok() {
                prop_assert!(can(&actor, Action::ListUsers, Resource::Users).is_ok());
            }
        }
    }
}
