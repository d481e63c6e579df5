//! The United Nations membership list, read from `data/un-states.tsv`.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

/// A State known to the registry, by its ISO 3166-1 alpha-3 code. Only the codes of UN member and
/// observer States parse.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StateCode([u8; 3]);

/// The input was not the alpha-3 code of a UN member or observer State.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not the ISO 3166-1 alpha-3 code of a UN member or observer State")]
pub struct UnknownState(pub String);

impl StateCode {
    /// Parses an alpha-3 code, in any letter case.
    pub fn parse(input: &str) -> Result<StateCode, UnknownState> {
        let upper = input.trim().to_ascii_uppercase();
        let bytes: [u8; 3] = upper.as_bytes().try_into().map_err(|_| UnknownState(input.to_owned()))?;
        let code = StateCode(bytes);
        if un_states().iter().any(|s| s.code == code) { Ok(code) } else { Err(UnknownState(input.to_owned())) }
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored (see `parse` and `un_states`).
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// The State's UN data.
    pub fn un(&self) -> Option<&'static UnState> {
        un_states().iter().find(|s| s.code == *self)
    }
}

impl fmt::Display for StateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for StateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StateCode({})", self.as_str())
    }
}

impl FromStr for StateCode {
    type Err = UnknownState;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        StateCode::parse(s)
    }
}

impl serde::Serialize for StateCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for StateCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        StateCode::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// UN membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnMembership {
    Member,
    /// A non-member observer State (the Holy See, the State of Palestine).
    Observer,
}

/// The regional groups of the UN General Assembly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UnRegionalGroup {
    African,
    AsiaPacific,
    EasternEuropean,
    LatinAmericanCaribbean,
    WesternEuropeanOthers,
    /// In no group (the United States, an observer of the Western European and Others Group;
    /// the Holy See).
    None,
}

impl UnRegionalGroup {
    pub const ALL: [UnRegionalGroup; 6] = [
        UnRegionalGroup::African,
        UnRegionalGroup::AsiaPacific,
        UnRegionalGroup::EasternEuropean,
        UnRegionalGroup::LatinAmericanCaribbean,
        UnRegionalGroup::WesternEuropeanOthers,
        UnRegionalGroup::None,
    ];

    /// The stable identifier used in the API and in URLs.
    pub fn as_str(&self) -> &'static str {
        match self {
            UnRegionalGroup::African => "african",
            UnRegionalGroup::AsiaPacific => "asia_pacific",
            UnRegionalGroup::EasternEuropean => "eastern_european",
            UnRegionalGroup::LatinAmericanCaribbean => "latin_american_caribbean",
            UnRegionalGroup::WesternEuropeanOthers => "western_european_others",
            UnRegionalGroup::None => "none",
        }
    }

    pub fn parse(input: &str) -> Option<UnRegionalGroup> {
        UnRegionalGroup::ALL.into_iter().find(|g| g.as_str() == input)
    }
}

/// One row of the UN list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnState {
    pub code: StateCode,
    /// ISO 3166-1 alpha-2, the key for CLDR display names.
    pub alpha2: &'static str,
    pub membership: UnMembership,
    pub group: UnRegionalGroup,
    /// Whether the registry uses CLDR's short name (the State of Palestine, whose CLDR long name
    /// is a territorial description).
    pub short_name: bool,
}

const UN_STATES_TSV: &str = include_str!("../../data/un-states.tsv");

/// Every UN member and observer State, in the order of the data file.
pub fn un_states() -> &'static [UnState] {
    static STATES: OnceLock<Vec<UnState>> = OnceLock::new();
    STATES.get_or_init(|| parse_table(UN_STATES_TSV))
}

/// Parses the table. A malformed line is skipped; the unit test below proves there are none.
fn parse_table(text: &'static str) -> Vec<UnState> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let alpha3: [u8; 3] = cols.next()?.as_bytes().try_into().ok()?;
            if !alpha3.iter().all(u8::is_ascii_uppercase) {
                return None;
            }
            let alpha2 = cols.next()?;
            let membership = match cols.next()? {
                "member" => UnMembership::Member,
                "observer" => UnMembership::Observer,
                _ => return None,
            };
            let group = UnRegionalGroup::parse(cols.next()?)?;
            let short_name = cols.next() == Some("short");
            Some(UnState { code: StateCode(alpha3), alpha2, membership, group, short_name })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_193_members_and_2_observers_and_no_malformed_line() {
        let data_lines = UN_STATES_TSV.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).count();
        let states = un_states();
        assert_eq!(states.len(), data_lines, "a line of un-states.tsv did not parse");
        assert_eq!(states.iter().filter(|s| s.membership == UnMembership::Member).count(), 193);
        assert_eq!(states.iter().filter(|s| s.membership == UnMembership::Observer).count(), 2);
        let mut codes: Vec<_> = states.iter().map(|s| s.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 195, "duplicate alpha-3 code");
    }

    #[test]
    fn codes_parse_in_any_case_and_unknown_codes_do_not() {
        assert_eq!(StateCode::parse("chn").map(|c| c.to_string()), Ok("CHN".to_owned()));
        assert!(StateCode::parse("XXX").is_err());
        assert!(StateCode::parse("CHNA").is_err());
        assert!(StateCode::parse("").is_err());
        // Taiwan, Kosovo and Hong Kong are not UN member or observer States.
        assert!(StateCode::parse("TWN").is_err());
        assert!(StateCode::parse("HKG").is_err());
    }
}
