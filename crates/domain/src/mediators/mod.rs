//! Mediators and the conflict checks run for every appointment: pure and explainable. Each
//! finding has a severity (`bar`, `disclose`, `note`), a stable code and the State or party it
//! concerns. An appointment with a `bar` finding needs the recorded written agreement of every
//! party.

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::registry::StateCode;

mod appointments;
mod challenges;
mod conflicts;
mod panels;
mod rankings;
mod search;

pub use appointments::*;
pub use challenges::*;
pub use conflicts::*;
pub use panels::*;
pub use rankings::*;
pub use search::*;

/// Service for a State: a ministry, a mission, a post; `until` is none while it lasts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateService {
    pub state: StateCode,
    pub role: String,
    pub until: Option<Date>,
}

/// What the conflict checks need to know of a mediator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediatorProfile {
    /// The name in Latin script.
    pub name: String,
    /// The name in the mediator's own script, if different.
    pub native_name: String,
    pub nationalities: BTreeSet<StateCode>,
    /// Languages spoken, as BCP 47 tags.
    pub languages: Vec<String>,
    pub expertise: Vec<String>,
    pub state_service: Vec<StateService>,
    pub biography: String,
    /// Self-described; empty when not given.
    #[serde(default)]
    pub gender: String,
    #[serde(default)]
    pub legal_tradition: Option<LegalTradition>,
    /// Relationships the mediator declares: names of people, firms or organizations.
    #[serde(default)]
    pub relationships: Vec<String>,
    /// Whether the mediator takes new appointments now.
    #[serde(default = "available_by_default")]
    pub available: bool,
}

fn available_by_default() -> bool {
    true
}

/// The legal tradition a mediator was trained in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalTradition {
    CommonLaw,
    CivilLaw,
    IslamicLaw,
    CustomaryLaw,
    Mixed,
}

impl LegalTradition {
    pub const ALL: [LegalTradition; 5] = [
        LegalTradition::CommonLaw,
        LegalTradition::CivilLaw,
        LegalTradition::IslamicLaw,
        LegalTradition::CustomaryLaw,
        LegalTradition::Mixed,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            LegalTradition::CommonLaw => "common_law",
            LegalTradition::CivilLaw => "civil_law",
            LegalTradition::IslamicLaw => "islamic_law",
            LegalTradition::CustomaryLaw => "customary_law",
            LegalTradition::Mixed => "mixed",
        }
    }
    pub fn parse(s: &str) -> Option<LegalTradition> {
        LegalTradition::ALL.into_iter().find(|t| t.as_str() == s.trim())
    }
}

/// What a Secretariat officer types for a profile, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProfileDraft {
    pub name: String,
    pub native_name: String,
    /// Alpha-3 codes.
    pub nationalities: Vec<String>,
    pub languages: Vec<String>,
    pub expertise: Vec<String>,
    /// Each `CODE: role until YYYY-MM-DD`, or `CODE: role` while it lasts.
    pub state_service: Vec<String>,
    pub biography: String,
    /// Self-described, optional.
    pub gender: String,
    /// `common_law`, `civil_law`, `islamic_law`, `customary_law`, `mixed`, or empty.
    pub legal_tradition: String,
    /// Declared relationships, one per entry.
    pub relationships: Vec<String>,
    /// Not taking new appointments now.
    pub unavailable: bool,
}

/// A field of a profile that is missing or wrong, with a stable code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileGap {
    pub field: String,
    pub code: &'static str,
}

impl ProfileDraft {
    /// Checks everything at once.
    pub fn check(&self) -> Result<MediatorProfile, Vec<ProfileGap>> {
        let mut gaps = Vec::new();
        let mut gap = |field: String, code| gaps.push(ProfileGap { field, code });
        let name = self.name.trim();
        if name.is_empty() {
            gap("name".into(), "missing");
        }
        let mut nationalities = BTreeSet::new();
        for (i, n) in self.nationalities.iter().map(|n| n.trim()).filter(|n| !n.is_empty()).enumerate() {
            match StateCode::parse(n) {
                Ok(code) => {
                    nationalities.insert(code);
                }
                Err(_) => gap(format!("nationalities[{i}]"), "unknown_state"),
            }
        }
        if nationalities.is_empty() && self.nationalities.iter().all(|n| n.trim().is_empty()) {
            gap("nationalities".into(), "missing");
        }
        let languages: Vec<String> =
            self.languages.iter().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect();
        if languages.is_empty() {
            gap("languages".into(), "missing");
        }
        let mut state_service = Vec::new();
        for (i, line) in self.state_service.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).enumerate() {
            match parse_service(line) {
                Some(s) => state_service.push(s),
                None => gap(format!("state_service[{i}]"), "invalid"),
            }
        }
        let legal_tradition = match self.legal_tradition.trim() {
            "" => None,
            t => match LegalTradition::parse(t) {
                Some(t) => Some(t),
                None => {
                    gap("legal_tradition".into(), "invalid");
                    None
                }
            },
        };
        if !gaps.is_empty() {
            return Err(gaps);
        }
        Ok(MediatorProfile {
            relationships: self.relationships.iter().map(|r| r.trim().to_owned()).filter(|r| !r.is_empty()).collect(),
            available: !self.unavailable,
            gender: self.gender.trim().chars().take(60).collect(),
            legal_tradition,
            name: name.to_owned(),
            native_name: self.native_name.trim().to_owned(),
            nationalities,
            languages,
            expertise: self.expertise.iter().map(|e| e.trim().to_owned()).filter(|e| !e.is_empty()).collect(),
            state_service,
            biography: self.biography.trim().to_owned(),
        })
    }
}

/// `CODE: role until YYYY-MM-DD` or `CODE: role`.
fn parse_service(line: &str) -> Option<StateService> {
    let (code, rest) = line.split_once(':')?;
    let state = StateCode::parse(code.trim()).ok()?;
    let (role, until) = match rest.rsplit_once(" until ") {
        Some((role, date)) => (role, Some(date.trim().parse::<Date>().ok()?)),
        None => (rest, None),
    };
    let role = role.trim();
    (!role.is_empty()).then(|| StateService { state, role: role.to_owned(), until })
}
