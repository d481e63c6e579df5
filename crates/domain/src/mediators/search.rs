//! The Secretariat's candidate search: every candidate scored, with the reasons.

use std::collections::BTreeSet;

use jiff::civil::Date;

use super::{Finding, MediatorProfile, Severity, check_conflicts};
use crate::request::RequestParty;
use crate::rules::RulesProfile;

/// A candidate for an appointment, with what the ranking needs to know.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub id: i64,
    pub profile: MediatorProfile,
    /// Appointments the mediator serves in now.
    pub caseload: usize,
    /// Appointments already held by mediators of the same UN regional group.
    pub group_appointments: usize,
}

/// Why a candidate ranks where they do: a stable code, and the subject or number it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankReason {
    pub code: &'static str,
    pub detail: String,
    pub points: i32,
}

/// A candidate in the Secretariat's ranked list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankedCandidate {
    pub id: i64,
    pub score: i32,
    pub reasons: Vec<RankReason>,
    pub findings: Vec<Finding>,
}

impl MediatorProfile {
    /// The UN regional groups of the mediator's nationalities: a dual national belongs to each.
    pub fn regional_groups(&self) -> BTreeSet<crate::registry::UnRegionalGroup> {
        self.nationalities.iter().filter_map(|c| c.un()).map(|un| un.group).collect()
    }
}

/// How many of `appointed` (the mediators of accepted appointments, once per appointment) share a
/// regional group with `candidate`: the concentration the candidate search weighs against. A
/// mediator sharing two groups with the candidate counts once per appointment.
pub fn group_appointments<'a>(
    candidate: &MediatorProfile,
    appointed: impl IntoIterator<Item = &'a MediatorProfile>,
) -> usize {
    let mine = candidate.regional_groups();
    appointed.into_iter().filter(|other| !mine.is_disjoint(&other.regional_groups())).count()
}

/// The Secretariat's candidate search: every candidate scored, with the reasons for the score.
/// Expertise in the dispute's subjects counts for; a current caseload, appointments already
/// concentrated in the candidate's regional group, and conflict findings count against; a bar
/// sends a candidate to the bottom. Best first, then by name.
pub fn rank_candidates(
    candidates: &[Candidate],
    parties: &[RequestParty],
    subjects: &[String],
    today: Date,
    rules: &RulesProfile,
) -> Vec<RankedCandidate> {
    let mut ranked: Vec<(RankedCandidate, String)> = candidates
        .iter()
        .map(|c| {
            let mut reasons = Vec::new();
            let expertise: Vec<String> = c.profile.expertise.iter().map(|e| e.to_lowercase()).collect();
            for subject in subjects {
                let words = subject.replace('_', " ");
                if expertise.iter().any(|e| e.contains(&words) || words.contains(e.as_str())) {
                    reasons.push(RankReason { code: "expertise", detail: subject.clone(), points: 3 });
                }
            }
            if c.caseload > 0 {
                let n = i32::try_from(c.caseload).unwrap_or(i32::MAX);
                reasons.push(RankReason { code: "caseload", detail: c.caseload.to_string(), points: -n });
            }
            if c.group_appointments > 0 {
                let n = i32::try_from(c.group_appointments).unwrap_or(i32::MAX);
                reasons.push(RankReason {
                    code: "region_balance",
                    detail: c.group_appointments.to_string(),
                    points: -n,
                });
            }
            if !c.profile.available {
                reasons.push(RankReason { code: "unavailable", detail: String::new(), points: -10 });
            }
            let findings = check_conflicts(&c.profile, parties, today, rules);
            for f in &findings {
                let points = match f.severity {
                    Severity::Bar => -100,
                    Severity::Disclose => -2,
                    Severity::Note => 0,
                };
                reasons.push(RankReason { code: "conflict", detail: f.code.clone(), points });
            }
            let score = reasons.iter().map(|r| r.points).sum();
            (RankedCandidate { id: c.id, score, reasons, findings }, c.profile.name.clone())
        })
        .collect();
    ranked.sort_by(|a, b| b.0.score.cmp(&a.0.score).then_with(|| a.1.cmp(&b.1)));
    ranked.into_iter().map(|(r, _)| r).collect()
}

#[cfg(test)]
mod search_tests {
    use jiff::civil::date;

    use super::*;
    use crate::mediators::ProfileDraft;
    use crate::registry::StateCode;
    use crate::request::Side;
    use crate::scope::Party;

    fn candidate(id: i64, nationality: &str, expertise: &[&str], caseload: usize) -> Candidate {
        let profile = ProfileDraft {
            name: format!("M{id}"),
            nationalities: vec![nationality.into()],
            languages: vec!["en".into()],
            expertise: expertise.iter().map(|e| e.to_string()).collect(),
            ..ProfileDraft::default()
        }
        .check()
        .unwrap();
        Candidate { id, profile, caseload, group_appointments: 0 }
    }

    #[test]
    fn appointments_in_the_same_regional_group_count_for_every_nationality() {
        let ghana = candidate(1, "GHA", &[], 0).profile;
        let chile = candidate(2, "CHL", &[], 0).profile;
        let mut dual = candidate(3, "CHL", &[], 0).profile;
        dual.nationalities.insert(StateCode::parse("KEN").unwrap());
        // Ghana and Kenya are in the African Group, Chile in GRULAC.
        assert_eq!(group_appointments(&ghana, [&chile, &dual, &ghana]), 2);
        assert_eq!(group_appointments(&chile, [&chile, &dual, &ghana]), 2);
        assert_eq!(group_appointments(&dual, [&chile, &ghana]), 2);
        assert_eq!(group_appointments(&chile, []), 0);
    }

    #[test]
    fn candidates_are_ranked_with_their_reasons() {
        let rules = RulesProfile::initial();
        let parties = [RequestParty {
            side: Side::Responding,
            party: Party::State(StateCode::parse("PAK").unwrap()),
            contact: String::new(),
        }];
        let ranked = rank_candidates(
            &[
                candidate(1, "GHA", &["trade"], 2),
                candidate(2, "CHL", &["water", "trade"], 0),
                candidate(3, "PAK", &["water"], 0),
            ],
            &parties,
            &["water".into(), "trade".into()],
            date(2026, 11, 22),
            &rules,
        );
        let order: Vec<i64> = ranked.iter().map(|r| r.id).collect();
        assert_eq!(order, [2, 1, 3], "the Pakistani candidate is barred in a case against Pakistan");
        assert_eq!(ranked[0].score, 6);
        assert!(ranked[1].reasons.iter().any(|r| r.code == "caseload" && r.points == -2));
        assert!(ranked[2].reasons.iter().any(|r| r.code == "conflict" && r.detail == "national_of_party_state"));
    }
}
