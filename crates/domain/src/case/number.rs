//! A case's registration number: `IOMed/2026/0001`.

use std::fmt;

use serde::{Deserialize, Serialize};

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
