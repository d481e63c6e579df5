//! The scope engine: may IOMed mediate this dispute, and why (domain brief §2 and §5.1, E1–E14).
//!
//! Pure: it reads the registry as it stood on the filing date and the rules profile; it stores
//! nothing. Every reason carries a stable code, its source, and what it concerns (a State, a
//! subject, a party), so that a reader can check it against the Convention.

use std::collections::BTreeSet;

use jiff::civil::Date;

use crate::registry::{Registry, StateCode, Status, Subject};
use crate::rules::RulesProfile;

/// The three kinds of dispute IOMed mediates (E1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    StateState,
    /// A State and a national of another State.
    StateNational,
    /// International commercial disputes between private parties.
    PrivateCommercial,
}

impl Category {
    pub const ALL: [Category; 3] = [Category::StateState, Category::StateNational, Category::PrivateCommercial];

    pub fn as_str(&self) -> &'static str {
        match self {
            Category::StateState => "state_state",
            Category::StateNational => "state_national",
            Category::PrivateCommercial => "private_commercial",
        }
    }

    pub fn parse(input: &str) -> Option<Category> {
        match input {
            "state_state" => Some(Category::StateState),
            "state_national" => Some(Category::StateNational),
            "private_commercial" => Some(Category::PrivateCommercial),
            _ => None,
        }
    }
}

/// A party to the dispute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Party {
    State(StateCode),
    Organization {
        name: String,
    },
    /// A company or a person: a national of one or more States, with a place of business.
    National {
        name: String,
        company: bool,
        nationalities: BTreeSet<StateCode>,
        place_of_business: Option<StateCode>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThirdState {
    pub state: StateCode,
    pub consented: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentBasis {
    /// An agreement to mediate made before the request.
    PriorAgreement,
    /// An offer to mediate, which the other side must accept.
    Offer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Consent {
    pub basis: ConsentBasis,
    pub date: Date,
}

/// What the engine is asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dispute {
    pub category: Category,
    pub filed_on: Date,
    pub parties: Vec<Party>,
    pub subjects: BTreeSet<Subject>,
    pub third_states: Vec<ThirdState>,
    pub consent: Option<Consent>,
}

/// The answer, from best to worst for the requesting party. The worst reason found decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    InScope,
    /// IOMed may mediate, under rules of the Governing Council or after review.
    Discretionary,
    /// Information needed to decide is missing.
    Incomplete,
    OutOfScope,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [Outcome::InScope, Outcome::Discretionary, Outcome::Incomplete, Outcome::OutOfScope];

    pub fn parse(name: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == name)
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::InScope => "in_scope",
            Outcome::Discretionary => "discretionary",
            Outcome::Incomplete => "incomplete",
            Outcome::OutOfScope => "out_of_scope",
        }
    }
}

/// Why. Each variant has a stable code, the outcome it leads to, and its source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    TooFewParties,
    ConsentMissing,
    ConsentAfterFiling { consent_on: Date },
    OfferNeedsAcceptance,
    SubjectsMissing,
    PartyNotAState,
    StateInPrivateDispute { state: StateCode },
    NoStateParty,
    NoNationalParty,
    OrganizationNotAllowedHere,
    ContractingState { state: StateCode },
    NonContractingState { state: StateCode },
    InForceDateUnknown { state: StateCode },
    InternationalOrganization,
    ExcludedByDeclaration { state: StateCode, subject: Subject, declaration: u32 },
    ThirdStateConsentMissing { state: StateCode },
    ThirdStateConsented { state: StateCode },
    NationalityMissing,
    NationalOfRespondentState { state: StateCode },
    DualNationalReview { state: StateCode },
    NotEvidentlyCommercialOrInvestment,
    PlaceOfBusinessMissing,
    NotInternational,
    NotCommercial { subject: Subject },
}

impl Reason {
    pub fn code(&self) -> &'static str {
        match self {
            Reason::TooFewParties => "too_few_parties",
            Reason::ConsentMissing => "consent_missing",
            Reason::ConsentAfterFiling { .. } => "consent_after_filing",
            Reason::OfferNeedsAcceptance => "offer_needs_acceptance",
            Reason::SubjectsMissing => "subjects_missing",
            Reason::PartyNotAState => "party_not_a_state",
            Reason::StateInPrivateDispute { .. } => "state_in_private_dispute",
            Reason::NoStateParty => "no_state_party",
            Reason::NoNationalParty => "no_national_party",
            Reason::OrganizationNotAllowedHere => "organization_not_allowed_here",
            Reason::ContractingState { .. } => "contracting_state",
            Reason::NonContractingState { .. } => "non_contracting_state",
            Reason::InForceDateUnknown { .. } => "in_force_date_unknown",
            Reason::InternationalOrganization => "international_organization",
            Reason::ExcludedByDeclaration { .. } => "excluded_by_declaration",
            Reason::ThirdStateConsentMissing { .. } => "third_state_consent_missing",
            Reason::ThirdStateConsented { .. } => "third_state_consented",
            Reason::NationalityMissing => "nationality_missing",
            Reason::NationalOfRespondentState { .. } => "national_of_respondent_state",
            Reason::DualNationalReview { .. } => "dual_national_review",
            Reason::NotEvidentlyCommercialOrInvestment => "not_evidently_commercial_or_investment",
            Reason::PlaceOfBusinessMissing => "place_of_business_missing",
            Reason::NotInternational => "not_international",
            Reason::NotCommercial { .. } => "not_commercial",
        }
    }

    /// The outcome this reason alone leads to (an informational reason leads to in scope).
    pub fn outcome(&self) -> Outcome {
        match self {
            Reason::TooFewParties
            | Reason::ConsentMissing
            | Reason::ConsentAfterFiling { .. }
            | Reason::SubjectsMissing
            | Reason::NationalityMissing
            | Reason::PlaceOfBusinessMissing => Outcome::Incomplete,
            Reason::PartyNotAState
            | Reason::StateInPrivateDispute { .. }
            | Reason::NoStateParty
            | Reason::NoNationalParty
            | Reason::OrganizationNotAllowedHere
            | Reason::ExcludedByDeclaration { .. }
            | Reason::ThirdStateConsentMissing { .. }
            | Reason::NationalOfRespondentState { .. }
            | Reason::NotInternational
            | Reason::NotCommercial { .. } => Outcome::OutOfScope,
            Reason::NonContractingState { .. }
            | Reason::InForceDateUnknown { .. }
            | Reason::InternationalOrganization
            | Reason::DualNationalReview { .. }
            | Reason::NotEvidentlyCommercialOrInvestment => Outcome::Discretionary,
            Reason::OfferNeedsAcceptance | Reason::ContractingState { .. } | Reason::ThirdStateConsented { .. } => {
                Outcome::InScope
            }
        }
    }

    /// Where the rule comes from (rule ids as in the domain brief §5.1).
    /// Which rule the reason applies, as a stable key (`consent`, `categories`, …); the pages and
    /// the API cite it in the reader's language (`scope-source-{key}`).
    pub fn source(&self) -> &'static str {
        match self {
            Reason::TooFewParties | Reason::SubjectsMissing => "request_contents",
            Reason::ConsentMissing | Reason::ConsentAfterFiling { .. } | Reason::OfferNeedsAcceptance => "consent",
            Reason::PartyNotAState
            | Reason::StateInPrivateDispute { .. }
            | Reason::NoStateParty
            | Reason::NoNationalParty
            | Reason::OrganizationNotAllowedHere => "categories",
            Reason::ContractingState { .. } => "contracting_states",
            Reason::NonContractingState { .. } | Reason::InForceDateUnknown { .. } => "non_contracting_states",
            Reason::InternationalOrganization => "international_organizations",
            Reason::ExcludedByDeclaration { .. } => "declarations",
            Reason::ThirdStateConsentMissing { .. } | Reason::ThirdStateConsented { .. } => "third_states",
            Reason::NationalityMissing
            | Reason::NationalOfRespondentState { .. }
            | Reason::DualNationalReview { .. } => "nationals",
            Reason::NotEvidentlyCommercialOrInvestment => "state_national",
            Reason::PlaceOfBusinessMissing | Reason::NotInternational => "internationality",
            Reason::NotCommercial { .. } => "commercial",
        }
    }
}

/// The engine's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub outcome: Outcome,
    pub reasons: Vec<Reason>,
}

/// Subjects that make a State–national dispute evidently commercial or investment (E8).
const COMMERCIAL_OR_INVESTMENT: [Subject; 3] = [Subject::Investment, Subject::Trade, Subject::Energy];
/// Subjects that are not commercial between private parties (E11).
const NOT_COMMERCIAL: [Subject; 3] =
    [Subject::TerritorialSovereignty, Subject::MaritimeDelimitation, Subject::MaritimeInterests];

/// Assesses a dispute against the registry as it stood on the filing date.
pub fn assess(dispute: &Dispute, registry: &Registry, rules: &RulesProfile) -> Assessment {
    let mut reasons = BTreeSet::new();
    let date = dispute.filed_on;
    let states: BTreeSet<StateCode> =
        dispute.parties.iter().filter_map(|p| if let Party::State(s) = p { Some(*s) } else { None }).collect();
    let organizations = dispute.parties.iter().filter(|p| matches!(p, Party::Organization { .. })).count();
    let nationals: Vec<(&BTreeSet<StateCode>, Option<StateCode>, bool)> = dispute
        .parties
        .iter()
        .filter_map(|p| match p {
            Party::National { nationalities, place_of_business, company, .. } => {
                Some((nationalities, *place_of_business, *company))
            }
            _ => None,
        })
        .collect();

    if dispute.parties.len() < 2 {
        reasons.insert(Reason::TooFewParties);
    }
    if dispute.subjects.is_empty() {
        reasons.insert(Reason::SubjectsMissing);
    }
    match dispute.consent {
        None => {
            reasons.insert(Reason::ConsentMissing);
        }
        Some(c) if c.basis == ConsentBasis::PriorAgreement && c.date > date => {
            reasons.insert(Reason::ConsentAfterFiling { consent_on: c.date });
        }
        Some(c) if c.basis == ConsentBasis::Offer => {
            reasons.insert(Reason::OfferNeedsAcceptance);
        }
        Some(_) => {}
    }

    // E1: the shape of the parties for the category.
    match dispute.category {
        Category::StateState => {
            if !nationals.is_empty() {
                reasons.insert(Reason::PartyNotAState);
            }
        }
        Category::StateNational => {
            if states.is_empty() {
                reasons.insert(Reason::NoStateParty);
            }
            if nationals.is_empty() {
                reasons.insert(Reason::NoNationalParty);
            }
            if organizations > 0 {
                reasons.insert(Reason::OrganizationNotAllowedHere);
            }
        }
        Category::PrivateCommercial => {
            for s in &states {
                reasons.insert(Reason::StateInPrivateDispute { state: *s });
            }
            if organizations > 0 {
                reasons.insert(Reason::OrganizationNotAllowedHere);
            }
        }
    }

    // E3, E4, E9, E12: each State party's status on the filing date.
    for s in &states {
        let Some(un) = s.un() else { continue };
        let view = registry.view(un, date, rules);
        match (view.status, view.in_force_on) {
            (Status::Contracting, Some(from)) if from <= date => reasons.insert(Reason::ContractingState { state: *s }),
            (Status::Contracting, None) => reasons.insert(Reason::InForceDateUnknown { state: *s }),
            _ => reasons.insert(Reason::NonContractingState { state: *s }),
        };
        // E5: declarations in force on the filing date.
        if let Some(record) = registry.record(*s) {
            for d in record.declarations.iter().filter(|d| d.in_force_on(date)) {
                for subject in d.subjects.iter().filter(|x| dispute.subjects.contains(x)) {
                    reasons.insert(Reason::ExcludedByDeclaration {
                        state: *s,
                        subject: *subject,
                        declaration: d.number,
                    });
                }
            }
        }
    }
    if organizations > 0 && dispute.category == Category::StateState {
        reasons.insert(Reason::InternationalOrganization);
    }

    // E6, E7: third States, in disputes between States.
    if dispute.category == Category::StateState {
        for t in dispute.third_states.iter().filter(|t| !states.contains(&t.state)) {
            reasons.insert(if t.consented {
                Reason::ThirdStateConsented { state: t.state }
            } else {
                Reason::ThirdStateConsentMissing { state: t.state }
            });
        }
    }

    // E8, E10: the national of another State.
    if dispute.category == Category::StateNational {
        for (nationalities, _, _) in &nationals {
            if nationalities.is_empty() {
                reasons.insert(Reason::NationalityMissing);
            }
            for s in states.iter().filter(|s| nationalities.contains(s)) {
                reasons.insert(if nationalities.len() == 1 {
                    Reason::NationalOfRespondentState { state: *s }
                } else {
                    Reason::DualNationalReview { state: *s }
                });
            }
        }
        if !dispute.subjects.is_empty() && !dispute.subjects.iter().any(|s| COMMERCIAL_OR_INVESTMENT.contains(s)) {
            reasons.insert(Reason::NotEvidentlyCommercialOrInvestment);
        }
    }

    // E11: international and commercial, between private parties.
    if dispute.category == Category::PrivateCommercial {
        let places: Vec<Option<StateCode>> = nationals.iter().map(|n| n.1).collect();
        if places.iter().any(Option::is_none) {
            reasons.insert(Reason::PlaceOfBusinessMissing);
        } else {
            let distinct: BTreeSet<_> = places.iter().flatten().collect();
            if nationals.len() >= 2 && distinct.len() < 2 {
                reasons.insert(Reason::NotInternational);
            }
        }
        for subject in dispute.subjects.iter().filter(|s| NOT_COMMERCIAL.contains(s)) {
            reasons.insert(Reason::NotCommercial { subject: *subject });
        }
    }

    let outcome = reasons.iter().map(Reason::outcome).max().unwrap_or(Outcome::InScope);
    Assessment { outcome, reasons: reasons.into_iter().collect() }
}

/// E14: for an open case the engine is re-run against the registry as it stands today (new
/// declarations, changes of status, third-State notices). When the dispute would be treated worse
/// today than at filing, the answer is an alert naming the reasons that make it so: never a
/// silent termination, which is for people to decide.
pub fn alert_since_filing(at_filing: Outcome, today: &Assessment) -> Option<Assessment> {
    (today.outcome > at_filing).then(|| Assessment {
        outcome: today.outcome,
        reasons: today.reasons.iter().filter(|r| r.outcome() > at_filing).cloned().collect(),
    })
}

#[cfg(test)]
mod tests;
