//! A request for mediation, as drafted and as filed (domain brief §3.1, W1).
//!
//! A [`Draft`] holds whatever was typed, kept as typed so that nothing is lost between saves.
//! [`Draft::check`] parses it into a [`Request`] or lists every missing or invalid item at once.
//! Attachments (the consent document, proof of authority) are described by reference until the
//! Documents capability stores files.

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::accounts::{DisplayName, Email};
use crate::registry::{StateCode, Subject};
use crate::scope::{Category, Consent, ConsentBasis, Dispute, Party, ThirdState};

/// What was typed. Every field may be empty; unknown fields are refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Draft {
    /// `state_state`, `state_national` or `private_commercial`.
    pub category: String,
    /// A summary of the issues in dispute.
    pub summary: String,
    pub parties: Vec<DraftParty>,
    pub subjects: Vec<String>,
    pub third_states: Vec<DraftThirdState>,
    /// `prior_agreement` or `offer`.
    pub consent_basis: String,
    /// The date of the agreement to mediate, or of the offer.
    pub consent_date: String,
    /// Where consent is recorded: the clause, treaty article or letter, with its date.
    pub consent_document: String,
    /// The representative's authority: the power of attorney or letter of appointment.
    pub authority_document: String,
    /// For a company or organization requesting: the internal authorization to file.
    pub internal_authorization: String,
    /// The representative of the other side, who is invited to take part (and to accept an offer).
    pub other_side_name: String,
    pub other_side_email: String,
    /// The requesting representative's name, typed as a signature.
    pub signature: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DraftParty {
    /// `requesting` or `responding`.
    pub side: String,
    /// `state`, `organization`, `company` or `person`.
    pub kind: String,
    /// ISO 3166-1 alpha-3, for a State.
    pub state: String,
    pub name: String,
    pub nationalities: Vec<String>,
    pub place_of_business: String,
    /// A postal address, e-mail or telephone at which the party is reached.
    pub contact: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DraftThirdState {
    pub state: String,
    pub consented: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Requesting,
    Responding,
}

impl Side {
    /// The other side.
    pub fn other(&self) -> Side {
        match self {
            Side::Requesting => Side::Responding,
            Side::Responding => Side::Requesting,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Side::Requesting => "requesting",
            Side::Responding => "responding",
        }
    }
    pub fn parse(input: &str) -> Option<Side> {
        match input {
            "requesting" => Some(Side::Requesting),
            "responding" => Some(Side::Responding),
            _ => None,
        }
    }
}

/// Something missing or wrong in a draft. `field` names where (`parties[1].contact`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub field: String,
    pub problem: GapKind,
}

/// Stable codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapKind {
    Missing,
    Invalid,
    NoRequestingParty,
    NoRespondingParty,
    UnknownState,
    /// Longer than the field takes, in characters.
    TooLong {
        max: usize,
    },
}

/// The longest text each field of a request takes, in characters, and the most parties.
pub mod limits {
    pub const SUMMARY: usize = 20_000;
    pub const NAME: usize = 300;
    pub const CONTACT: usize = 500;
    /// The description of a document relied on: a clause, a treaty article, a letter.
    pub const REFERENCE: usize = 1_000;
    pub const SIGNATURE: usize = 300;
    pub const PARTIES: usize = 20;
    pub const THIRD_STATES: usize = 20;
}

impl GapKind {
    pub fn code(&self) -> &'static str {
        match self {
            GapKind::Missing => "missing",
            GapKind::Invalid => "invalid",
            GapKind::NoRequestingParty => "no_requesting_party",
            GapKind::NoRespondingParty => "no_responding_party",
            GapKind::UnknownState => "unknown_state",
            GapKind::TooLong { .. } => "too_long",
        }
    }
}

/// A party as filed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestParty {
    pub side: Side,
    pub party: Party,
    pub contact: String,
}

impl RequestParty {
    /// How the party is named in a case title: a State by its code, others by name.
    pub fn short_name(&self) -> String {
        match &self.party {
            Party::State(code) => code.as_str().to_owned(),
            Party::Organization { name } | Party::National { name, .. } => name.clone(),
        }
    }
}

/// A complete request: every item W1 asks for is present and well-formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub category: Category,
    pub summary: String,
    pub parties: Vec<RequestParty>,
    pub subjects: BTreeSet<Subject>,
    pub third_states: Vec<ThirdState>,
    pub consent: Consent,
    pub consent_document: String,
    pub authority_document: String,
    pub internal_authorization: Option<String>,
    pub other_side_name: DisplayName,
    pub other_side_email: Email,
    pub signature: String,
}

impl Request {
    /// Whether `email` is the other side's representative as the request names them: one filing
    /// cannot represent both sides.
    pub fn names_as_other_side(&self, email: &str) -> bool {
        self.other_side_email.as_str().eq_ignore_ascii_case(email.trim())
    }

    /// What the scope engine is asked, for a request filed on `filed_on`.
    pub fn dispute(&self, filed_on: Date) -> Dispute {
        Dispute {
            category: self.category,
            filed_on,
            parties: self.parties.iter().map(|p| p.party.clone()).collect(),
            subjects: self.subjects.clone(),
            third_states: self.third_states.clone(),
            consent: Some(self.consent),
        }
    }

    /// "Requesting party v. Responding party", several on a side joined by " and ".
    pub fn title(&self) -> String {
        let side = |s| {
            self.parties.iter().filter(|p| p.side == s).map(RequestParty::short_name).collect::<Vec<_>>().join(" and ")
        };
        format!("{} v. {}", side(Side::Requesting), side(Side::Responding))
    }
}

impl Draft {
    /// A draft's title as soon as its parties are known, before it is complete: "A v. B" from
    /// the parties as typed (a State by its code, anyone else by name), "A v. …" while the other
    /// side is unnamed; `None` while no party is named. The filed request's title is
    /// [`Request::title`].
    pub fn working_title(&self) -> Option<String> {
        let side =
            |s: &str| {
                self.parties
                    .iter()
                    .filter(|p| p.side.trim() == s)
                    .map(|p| {
                        if p.kind.trim() == "state" || p.name.trim().is_empty() {
                            p.state.trim()
                        } else {
                            p.name.trim()
                        }
                    })
                    .filter(|n| !n.is_empty())
                    .collect::<Vec<_>>()
                    .join(" and ")
            };
        let (requesting, responding) = (side("requesting"), side("responding"));
        match (requesting.is_empty(), responding.is_empty()) {
            (true, true) => None,
            (false, false) => Some(format!("{requesting} v. {responding}")),
            (false, true) => Some(format!("{requesting} v. …")),
            (true, false) => Some(format!("… v. {responding}")),
        }
    }

    /// What the scope engine says of this draft if filed on `filed_on`, against `registry` as it
    /// stands: `None` while the draft is incomplete.
    pub fn assess(&self, filed_on: Date, registry: &crate::registry::Registry) -> Option<crate::scope::Assessment> {
        let request = self.check().ok()?;
        Some(crate::scope::assess(
            &request.dispute(filed_on),
            registry,
            &crate::rules::RulesProfile::in_force_on(filed_on),
        ))
    }

    /// Parses the draft, or lists every gap at once (W1).
    pub fn check(&self) -> Result<Request, Vec<Gap>> {
        let mut gaps = Vec::new();
        macro_rules! gap {
            ($field:expr, $problem:expr) => {
                gaps.push(Gap { field: $field.to_string(), problem: $problem })
            };
        }
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        // Every text has a bound; one over it is named, with the bound.
        {
            let mut bound = |field: String, value: &str, max: usize| {
                if value.trim().chars().count() > max {
                    gap!(field, GapKind::TooLong { max });
                }
            };
            bound("summary".into(), &self.summary, limits::SUMMARY);
            for (i, p) in self.parties.iter().enumerate() {
                bound(format!("parties[{i}].name"), &p.name, limits::NAME);
                bound(format!("parties[{i}].contact"), &p.contact, limits::CONTACT);
            }
            bound("consent_document".into(), &self.consent_document, limits::REFERENCE);
            bound("authority_document".into(), &self.authority_document, limits::REFERENCE);
            bound("internal_authorization".into(), &self.internal_authorization, limits::REFERENCE);
            bound("other_side_name".into(), &self.other_side_name, limits::NAME);
            bound("signature".into(), &self.signature, limits::SIGNATURE);
        }
        if self.parties.len() > limits::PARTIES {
            gap!("parties", GapKind::TooLong { max: limits::PARTIES });
        }
        if self.third_states.len() > limits::THIRD_STATES {
            gap!("third_states", GapKind::TooLong { max: limits::THIRD_STATES });
        }

        let category = match self.category.trim() {
            "" => {
                gap!("category", GapKind::Missing);
                None
            }
            c => Category::parse(c).or_else(|| {
                gap!("category", GapKind::Invalid);
                None
            }),
        };
        let summary = text(&self.summary);
        if summary.is_none() {
            gap!("summary", GapKind::Missing);
        }

        let mut parties = Vec::new();
        for (i, p) in self.parties.iter().enumerate() {
            let field = |f: &str| format!("parties[{i}].{f}");
            let side = match Side::parse(p.side.trim()) {
                Some(s) => Some(s),
                None => {
                    gap!(field("side"), if p.side.trim().is_empty() { GapKind::Missing } else { GapKind::Invalid });
                    None
                }
            };
            macro_rules! state_code {
                ($f:expr, $input:expr) => {
                    match StateCode::parse($input.trim()) {
                        Ok(code) => Some(code),
                        Err(_) => {
                            let problem =
                                if $input.trim().is_empty() { GapKind::Missing } else { GapKind::UnknownState };
                            gap!(field($f), problem);
                            None
                        }
                    }
                };
            }
            let party = match p.kind.trim() {
                "state" => state_code!("state", &p.state).map(Party::State),
                "organization" => match text(&p.name) {
                    Some(name) => Some(Party::Organization { name }),
                    None => {
                        gap!(field("name"), GapKind::Missing);
                        None
                    }
                },
                kind @ ("company" | "person") => {
                    let mut nationalities = BTreeSet::new();
                    for n in p.nationalities.iter().filter(|n| !n.trim().is_empty()) {
                        if let Some(code) = state_code!("nationalities", n) {
                            nationalities.insert(code);
                        }
                    }
                    if nationalities.is_empty() {
                        gap!(field("nationalities"), GapKind::Missing);
                    }
                    let place_of_business = match p.place_of_business.trim() {
                        "" => None,
                        s => state_code!("place_of_business", s),
                    };
                    let name = text(&p.name);
                    if name.is_none() {
                        gap!(field("name"), GapKind::Missing);
                    }
                    name.map(|name| Party::National {
                        name,
                        company: kind == "company",
                        nationalities,
                        place_of_business,
                    })
                }
                "" => {
                    gap!(field("kind"), GapKind::Missing);
                    None
                }
                _ => {
                    gap!(field("kind"), GapKind::Invalid);
                    None
                }
            };
            let contact = text(&p.contact);
            if contact.is_none() {
                gap!(field("contact"), GapKind::Missing);
            }
            if let (Some(side), Some(party), Some(contact)) = (side, party, contact) {
                parties.push(RequestParty { side, party, contact });
            }
        }
        let on_side = |s: Side| self.parties.iter().any(|p| p.side.trim() == s.as_str());
        if !on_side(Side::Requesting) {
            gap!("parties", GapKind::NoRequestingParty);
        }
        if !on_side(Side::Responding) {
            gap!("parties", GapKind::NoRespondingParty);
        }

        let mut subjects = BTreeSet::new();
        for (i, s) in self.subjects.iter().filter(|s| !s.trim().is_empty()).enumerate() {
            match Subject::parse(s.trim()) {
                Some(subject) => {
                    subjects.insert(subject);
                }
                None => gap!(format!("subjects[{i}]"), GapKind::Invalid),
            }
        }
        if subjects.is_empty() {
            gap!("subjects", GapKind::Missing);
        }
        let mut third_states = Vec::new();
        for (i, t) in self.third_states.iter().filter(|t| !t.state.trim().is_empty()).enumerate() {
            match StateCode::parse(t.state.trim()) {
                Ok(state) => third_states.push(ThirdState { state, consented: t.consented }),
                Err(_) => gap!(format!("third_states[{i}].state"), GapKind::UnknownState),
            }
        }

        let basis = match self.consent_basis.trim() {
            "prior_agreement" => Some(ConsentBasis::PriorAgreement),
            "offer" => Some(ConsentBasis::Offer),
            "" => {
                gap!("consent_basis", GapKind::Missing);
                None
            }
            _ => {
                gap!("consent_basis", GapKind::Invalid);
                None
            }
        };
        let consent_date = match self.consent_date.trim() {
            "" => {
                gap!("consent_date", GapKind::Missing);
                None
            }
            d => d.parse::<Date>().ok().or_else(|| {
                gap!("consent_date", GapKind::Invalid);
                None
            }),
        };
        let consent_document = text(&self.consent_document);
        if consent_document.is_none() {
            gap!("consent_document", GapKind::Missing);
        }
        let authority_document = text(&self.authority_document);
        if authority_document.is_none() {
            gap!("authority_document", GapKind::Missing);
        }
        // Legal persons file with their internal authorization.
        let legal_person = self
            .parties
            .iter()
            .any(|p| p.side.trim() == "requesting" && matches!(p.kind.trim(), "company" | "organization"));
        let internal_authorization = text(&self.internal_authorization);
        if legal_person && internal_authorization.is_none() {
            gap!("internal_authorization", GapKind::Missing);
        }
        let other_side_name = match self.other_side_name.trim() {
            "" => {
                gap!("other_side_name", GapKind::Missing);
                None
            }
            n => DisplayName::parse(n).ok().or_else(|| {
                gap!("other_side_name", GapKind::Invalid);
                None
            }),
        };
        let other_side_email = match self.other_side_email.trim() {
            "" => {
                gap!("other_side_email", GapKind::Missing);
                None
            }
            e => Email::parse(e).ok().or_else(|| {
                gap!("other_side_email", GapKind::Invalid);
                None
            }),
        };
        let signature = text(&self.signature);
        if signature.is_none() {
            gap!("signature", GapKind::Missing);
        }

        match (
            gaps.is_empty(),
            category,
            summary,
            basis,
            consent_date,
            consent_document,
            authority_document,
            other_side_name,
            other_side_email,
            signature,
        ) {
            (
                true,
                Some(category),
                Some(summary),
                Some(basis),
                Some(date),
                Some(consent_document),
                Some(authority_document),
                Some(other_side_name),
                Some(other_side_email),
                Some(signature),
            ) => Ok(Request {
                category,
                summary,
                parties,
                subjects,
                third_states,
                consent: Consent { basis, date },
                consent_document,
                authority_document,
                internal_authorization,
                other_side_name,
                other_side_email,
                signature,
            }),
            _ => Err(gaps),
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod bounds {
    use super::*;

    #[test]
    fn every_text_of_a_request_has_a_bound_and_the_gap_names_it() {
        let draft = Draft {
            summary: "x".repeat(limits::SUMMARY + 1),
            parties: vec![DraftParty { name: "n".repeat(10_000), ..DraftParty::default() }],
            signature: "s".repeat(limits::SIGNATURE),
            ..Draft::default()
        };
        let gaps = draft.check().unwrap_err();
        let too_long: Vec<(&str, usize)> = gaps
            .iter()
            .filter_map(|g| match g.problem {
                GapKind::TooLong { max } => Some((g.field.as_str(), max)),
                _ => None,
            })
            .collect();
        assert_eq!(too_long, [("summary", limits::SUMMARY), ("parties[0].name", limits::NAME)]);
    }
}
