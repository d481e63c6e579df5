//! What the registry records of each State: its signature, its instruments of consent (with
//! their declarations), its denunciation, and the evidence for each.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Where a recorded fact comes from, and whether the source is verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    verified: bool,
    source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvidenceError {
    #[error("a source is required: say where this fact comes from")]
    MissingSource,
}

impl Evidence {
    pub fn new(verified: bool, source: &str) -> Result<Evidence, EvidenceError> {
        let source = source.trim();
        if source.is_empty() {
            return Err(EvidenceError::MissingSource);
        }
        Ok(Evidence { verified, source: source.to_owned() })
    }
    pub fn verified(&self) -> bool {
        self.verified
    }
    pub fn source(&self) -> &str {
        &self.source
    }
}

/// The kind of instrument by which a State consents to be bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Instrument {
    Ratification,
    Acceptance,
    Approval,
    Accession,
}

impl Instrument {
    pub fn as_str(&self) -> &'static str {
        match self {
            Instrument::Ratification => "ratification",
            Instrument::Acceptance => "acceptance",
            Instrument::Approval => "approval",
            Instrument::Accession => "accession",
        }
    }
    pub fn parse(input: &str) -> Option<Instrument> {
        [Instrument::Ratification, Instrument::Acceptance, Instrument::Approval, Instrument::Accession]
            .into_iter()
            .find(|i| i.as_str() == input)
    }
}

/// Categories of dispute a State may exclude by declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    TerritorialSovereignty,
    MaritimeDelimitation,
    MaritimeInterests,
    Investment,
    Trade,
    Energy,
    Water,
    Environment,
    Other,
}

impl Subject {
    pub const ALL: [Subject; 9] = [
        Subject::TerritorialSovereignty,
        Subject::MaritimeDelimitation,
        Subject::MaritimeInterests,
        Subject::Investment,
        Subject::Trade,
        Subject::Energy,
        Subject::Water,
        Subject::Environment,
        Subject::Other,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            Subject::TerritorialSovereignty => "territorial_sovereignty",
            Subject::MaritimeDelimitation => "maritime_delimitation",
            Subject::MaritimeInterests => "maritime_interests",
            Subject::Investment => "investment",
            Subject::Trade => "trade",
            Subject::Energy => "energy",
            Subject::Water => "water",
            Subject::Environment => "environment",
            Subject::Other => "other",
        }
    }
    pub fn parse(input: &str) -> Option<Subject> {
        Subject::ALL.into_iter().find(|s| s.as_str() == input)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub on: Option<Date>,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub instrument: Instrument,
    pub on: Option<Date>,
    pub before_entry_into_force: bool,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declaration {
    pub number: u32,
    pub subjects: Vec<Subject>,
    pub text: Option<String>,
    pub made_on: Date,
    pub withdrawn_on: Option<Date>,
    pub evidence: Evidence,
}

impl Declaration {
    /// In force on `date`: made on or before it and not withdrawn by then.
    pub fn in_force_on(&self, date: Date) -> bool {
        self.made_on <= date && self.withdrawn_on.is_none_or(|w| w > date)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Denunciation {
    pub notified_on: Date,
    pub effective_on: Date,
    pub evidence: Evidence,
}

/// Everything on record for one State.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateRecord {
    pub signature: Option<Signature>,
    pub consent: Option<Consent>,
    pub declarations: Vec<Declaration>,
    pub denunciation: Option<Denunciation>,
}

impl StateRecord {
    /// Whether every fact on record comes from a verified source.
    pub fn verified(&self) -> bool {
        self.signature.as_ref().is_none_or(|s| s.evidence.verified)
            && self.consent.as_ref().is_none_or(|c| c.evidence.verified)
            && self.declarations.iter().all(|d| d.evidence.verified)
            && self.denunciation.as_ref().is_none_or(|d| d.evidence.verified)
    }
}
