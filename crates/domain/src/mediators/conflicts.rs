//! The conflict checks run for every appointment: findings with a severity (`bar`, `disclose`,
//! `note`), a stable code and the State or party concerned; pure and explainable.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::MediatorProfile;
use crate::registry::StateCode;
use crate::request::RequestParty;
use crate::rules::RulesProfile;
use crate::scope::Party;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; no action needed.
    Note,
    /// To be disclosed to the parties.
    Disclose,
    /// Bars the appointment unless every party agrees in writing.
    Bar,
}

impl Severity {
    pub fn as_str(&self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Disclose => "disclose",
            Severity::Bar => "bar",
        }
    }
}

/// One result of the conflict checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    /// `national_of_party_state`, `shares_nationality_with_party`, `serves_party_state`,
    /// `served_party_state`, `served_party_state_long_ago`.
    pub code: String,
    pub state: Option<StateCode>,
}

/// The conflict checks for `mediator` in a case between `parties`, on `today`. Pure: the same
/// inputs give the same findings, each with its reason. Most serious first.
pub fn check_conflicts(
    mediator: &MediatorProfile,
    parties: &[RequestParty],
    today: Date,
    rules: &RulesProfile,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut find = |severity, code: &str, state| findings.push(Finding { severity, code: code.to_owned(), state });
    let recent = rules.appointment.service_years.value;
    for party in parties {
        match &party.party {
            Party::State(state) => {
                if mediator.nationalities.contains(state) {
                    find(Severity::Bar, "national_of_party_state", Some(*state));
                }
                for service in mediator.state_service.iter().filter(|s| s.state == *state) {
                    match service.until {
                        None => find(Severity::Bar, "serves_party_state", Some(*state)),
                        Some(until)
                            if until.checked_add(jiff::Span::new().years(recent)).is_ok_and(|end| end >= today) =>
                        {
                            find(Severity::Disclose, "served_party_state", Some(*state))
                        }
                        Some(_) => find(Severity::Note, "served_party_state_long_ago", Some(*state)),
                    }
                }
            }
            Party::National { nationalities, .. } => {
                for state in nationalities.intersection(&mediator.nationalities) {
                    find(Severity::Disclose, "shares_nationality_with_party", Some(*state));
                }
            }
            Party::Organization { .. } => {}
        }
    }
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.code.cmp(&b.code)));
    findings.dedup();
    findings
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::mediators::ProfileDraft;
    use crate::request::Side;

    fn code(s: &str) -> StateCode {
        StateCode::parse(s).unwrap()
    }

    fn profile(nationalities: &[&str], service: &[&str]) -> MediatorProfile {
        ProfileDraft {
            name: "Kwame Mensah".into(),
            nationalities: nationalities.iter().map(|s| s.to_string()).collect(),
            languages: vec!["en".into()],
            state_service: service.iter().map(|s| s.to_string()).collect(),
            ..ProfileDraft::default()
        }
        .check()
        .unwrap()
    }

    fn state(side: Side, s: &str) -> RequestParty {
        RequestParty { side, party: Party::State(code(s)), contact: String::new() }
    }

    #[test]
    fn findings_with_their_severity() {
        let rules = RulesProfile::initial();
        let today = date(2026, 11, 22);
        let parties = [state(Side::Requesting, "CHN"), state(Side::Responding, "PAK")];
        let codes = |p: &MediatorProfile| {
            check_conflicts(p, &parties, today, &rules).into_iter().map(|f| (f.severity, f.code)).collect::<Vec<_>>()
        };
        assert!(codes(&profile(&["GHA"], &[])).is_empty());
        assert_eq!(codes(&profile(&["PAK", "GBR"], &[])), [(Severity::Bar, "national_of_party_state".into())]);
        assert_eq!(codes(&profile(&["GHA"], &["CHN: adviser"])), [(Severity::Bar, "serves_party_state".into())]);
        assert_eq!(
            codes(&profile(&["GHA"], &["CHN: ambassador until 2024-06-30"])),
            [(Severity::Disclose, "served_party_state".into())]
        );
        assert_eq!(
            codes(&profile(&["GHA"], &["PAK: counsel until 2010-01-31"])),
            [(Severity::Note, "served_party_state_long_ago".into())]
        );
        let national = RequestParty {
            side: Side::Requesting,
            party: Party::National {
                name: "Rift Valley Geothermal Ltd".into(),
                company: true,
                nationalities: [code("KEN")].into(),
                place_of_business: Some(code("KEN")),
            },
            contact: String::new(),
        };
        let found = check_conflicts(&profile(&["KEN"], &[]), &[national], today, &rules);
        assert_eq!(found[0].code, "shares_nationality_with_party");
    }

    #[test]
    fn a_profile_lists_every_gap() {
        let gaps = ProfileDraft {
            nationalities: vec!["Atlantis".into()],
            state_service: vec!["nonsense".into()],
            ..ProfileDraft::default()
        }
        .check()
        .unwrap_err();
        let codes: Vec<_> = gaps.iter().map(|g| (g.field.as_str(), g.code)).collect();
        assert_eq!(
            codes,
            [
                ("name", "missing"),
                ("nationalities[0]", "unknown_state"),
                ("languages", "missing"),
                ("state_service[0]", "invalid")
            ]
        );
    }
}

/// An earlier appointment of the same mediator, as the checks see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EarlierAppointment {
    pub on: Date,
    /// Whether counsel of a party in this case represented a party in that one.
    pub same_counsel: bool,
}

/// An earlier appointment in which counsel of this case also acted, within the rules profile's
/// years, is to be disclosed; an older one is noted.
pub fn earlier_appointment_findings(earlier: &[EarlierAppointment], today: Date, rules: &RulesProfile) -> Vec<Finding> {
    let years = rules.appointment.service_years.value;
    earlier
        .iter()
        .filter(|e| e.same_counsel)
        .map(|e| {
            let recent = e.on.checked_add(jiff::Span::new().years(years)).is_ok_and(|end| end >= today);
            let (severity, code) = if recent {
                (Severity::Disclose, "earlier_appointment_same_counsel")
            } else {
                (Severity::Note, "earlier_appointment_same_counsel_long_ago")
            };
            Finding { severity, code: code.to_owned(), state: None }
        })
        .collect()
}

#[cfg(test)]
mod earlier_tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn an_earlier_appointment_with_the_same_counsel_is_disclosed() {
        let rules = RulesProfile::initial();
        let today = date(2026, 11, 22);
        let found = earlier_appointment_findings(
            &[
                EarlierAppointment { on: date(2025, 3, 1), same_counsel: true },
                EarlierAppointment { on: date(2015, 3, 1), same_counsel: true },
                EarlierAppointment { on: date(2026, 1, 1), same_counsel: false },
            ],
            today,
            &rules,
        );
        let codes: Vec<_> = found.iter().map(|f| (f.severity, f.code.as_str())).collect();
        assert_eq!(
            codes,
            [
                (Severity::Disclose, "earlier_appointment_same_counsel"),
                (Severity::Note, "earlier_appointment_same_counsel_long_ago")
            ]
        );
    }
}

/// Declared relationships against the names around a case: a party's name or its counsel's is
/// to be disclosed, and so is a co-mediator's. Names match without regard to case.
pub fn relationship_findings(
    profile: &MediatorProfile,
    party_names: &[String],
    co_mediators: &[String],
) -> Vec<Finding> {
    let matches = |names: &[String], r: &str| {
        let r = r.to_lowercase();
        names.iter().any(|n| {
            let n = n.to_lowercase();
            !n.is_empty() && (n.contains(&r) || r.contains(&n))
        })
    };
    let mut out = Vec::new();
    for r in &profile.relationships {
        if matches(party_names, r) {
            out.push(Finding {
                severity: Severity::Disclose,
                code: "declared_relationship_with_party".into(),
                state: None,
            });
        }
        if matches(co_mediators, r) {
            out.push(Finding {
                severity: Severity::Disclose,
                code: "relationship_with_co_mediator".into(),
                state: None,
            });
        }
    }
    out.dedup();
    out
}

#[cfg(test)]
mod relationship_tests {
    use super::*;
    use crate::mediators::ProfileDraft;

    #[test]
    fn declared_relationships_are_found_against_parties_and_co_mediators() {
        let profile = ProfileDraft {
            name: "Kwame Mensah".into(),
            nationalities: vec!["GHA".into()],
            languages: vec!["en".into()],
            relationships: vec!["Kestrel Cranes".into(), "Ama Boateng".into()],
            ..ProfileDraft::default()
        }
        .check()
        .unwrap();
        let found = relationship_findings(&profile, &["Kestrel Cranes SA".into()], &["Ama Boateng".into()]);
        let codes: Vec<_> = found.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, ["declared_relationship_with_party", "relationship_with_co_mediator"]);
        assert!(relationship_findings(&profile, &["Harbourline".into()], &[]).is_empty());
        assert!(profile.available);
    }
}
