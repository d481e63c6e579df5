//! Mediators and the conflict checks run for every appointment: pure and explainable. Each
//! finding has a severity (`bar`, `disclose`, `note`), a stable code and the State or party it
//! concerns. An appointment with a `bar` finding needs the recorded written agreement of every
//! party.

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::registry::StateCode;
use crate::request::RequestParty;
use crate::rules::RulesProfile;
use crate::scope::Party;

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

/// Where an appointment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    /// Appointed; the appointee has until the due date to accept and declare, or decline.
    Pending,
    Accepted,
    Declined,
    /// A challenge was upheld: the mediator left the case.
    Removed,
}

impl AppointmentStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            AppointmentStatus::Pending => "pending",
            AppointmentStatus::Accepted => "accepted",
            AppointmentStatus::Declined => "declined",
            AppointmentStatus::Removed => "removed",
        }
    }
    pub fn parse(s: &str) -> Option<AppointmentStatus> {
        [
            AppointmentStatus::Pending,
            AppointmentStatus::Accepted,
            AppointmentStatus::Declined,
            AppointmentStatus::Removed,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// Why an appointment step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AppointmentRefusal {
    #[error("the conflict checks found a bar: every party's written agreement must be recorded")]
    BarWithoutAgreement,
    #[error("mediators are appointed to a registered case only")]
    NotRegistered,
    #[error("this mediator is already appointed to the case")]
    AlreadyAppointed,
    #[error("the appointment was already answered")]
    AlreadyAnswered,
    #[error("the time to answer the appointment has passed")]
    AnswerLate,
    #[error("the declaration must confirm independence, impartiality and availability")]
    DeclarationIncomplete,
    #[error("the reference to the parties' agreement is longer than {AGREEMENT_MAX} characters")]
    AgreementTooLong,
}

impl AppointmentRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            AppointmentRefusal::BarWithoutAgreement => "bar_without_agreement",
            AppointmentRefusal::NotRegistered => "not_registered",
            AppointmentRefusal::AlreadyAppointed => "already_appointed",
            AppointmentRefusal::AlreadyAnswered => "already_answered",
            AppointmentRefusal::AnswerLate => "answer_late",
            AppointmentRefusal::DeclarationIncomplete => "declaration_incomplete",
            AppointmentRefusal::AgreementTooLong => "agreement_too_long",
        }
    }
}

/// The longest reference to the parties' written agreement to an appointment.
pub const AGREEMENT_MAX: usize = 500;

/// An appointment may be made if no finding bars it, or if every party's written agreement to
/// the barred appointment is recorded (its reference given, within [`AGREEMENT_MAX`]).
pub fn may_appoint(findings: &[Finding], parties_agreement: Option<&str>) -> Result<(), AppointmentRefusal> {
    if parties_agreement.is_some_and(|a| a.chars().count() > AGREEMENT_MAX) {
        return Err(AppointmentRefusal::AgreementTooLong);
    }
    let barred = findings.iter().any(|f| f.severity == Severity::Bar);
    let agreed = parties_agreement.is_some_and(|a| !a.trim().is_empty());
    if barred && !agreed { Err(AppointmentRefusal::BarWithoutAgreement) } else { Ok(()) }
}

/// The last day to accept and declare (W8: 20 days by default), in business days at the seat.
pub fn answer_due(appointed_on: Date, rules: &RulesProfile) -> Option<Date> {
    crate::calendar::deadline(appointed_on, rules.case.declaration_days.value, rules.case.holidays.value)
}

/// The appointee's declaration (ICSID's published form covers independence, impartiality and
/// availability, with disclosures).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declaration {
    pub independent: bool,
    pub impartial: bool,
    pub available: bool,
    /// Circumstances the parties should know of; a continuing duty for the whole case.
    pub disclosures: String,
}

/// Accepting: on time, and with a complete declaration.
pub fn may_accept(
    status: AppointmentStatus,
    appointed_on: Date,
    today: Date,
    declaration: &Declaration,
    rules: &RulesProfile,
) -> Result<(), AppointmentRefusal> {
    may_answer(status, appointed_on, today, rules)?;
    if declaration.independent && declaration.impartial && declaration.available {
        Ok(())
    } else {
        Err(AppointmentRefusal::DeclarationIncomplete)
    }
}

/// Answering (accepting or declining): once, and within the time to answer.
pub fn may_answer(
    status: AppointmentStatus,
    appointed_on: Date,
    today: Date,
    rules: &RulesProfile,
) -> Result<(), AppointmentRefusal> {
    if status != AppointmentStatus::Pending {
        return Err(AppointmentRefusal::AlreadyAnswered);
    }
    match answer_due(appointed_on, rules) {
        Some(due) if today <= due => Ok(()),
        _ => Err(AppointmentRefusal::AnswerLate),
    }
}

#[cfg(test)]
mod appointment_tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn a_bar_needs_the_parties_agreement_and_an_answer_its_time_and_declaration() {
        let rules = RulesProfile::initial();
        let bar = Finding { severity: Severity::Bar, code: "national_of_party_state".into(), state: None };
        let note = Finding { severity: Severity::Note, code: "served_party_state_long_ago".into(), state: None };
        assert_eq!(may_appoint(std::slice::from_ref(&bar), None), Err(AppointmentRefusal::BarWithoutAgreement));
        assert_eq!(may_appoint(std::slice::from_ref(&bar), Some("  ")), Err(AppointmentRefusal::BarWithoutAgreement));
        assert!(may_appoint(&[bar], Some("Letters of both parties of 3 December 2026")).is_ok());
        assert!(may_appoint(&[note], None).is_ok());
        let on = date(2026, 11, 23);
        // 20 days from Monday 23 November 2026 is Sunday 13 December: rolled to Monday 14.
        assert_eq!(answer_due(on, &rules), Some(date(2026, 12, 14)));
        let full = Declaration { independent: true, impartial: true, available: true, disclosures: String::new() };
        assert!(may_accept(AppointmentStatus::Pending, on, date(2026, 12, 14), &full, &rules).is_ok());
        assert_eq!(
            may_accept(AppointmentStatus::Pending, on, date(2026, 12, 15), &full, &rules),
            Err(AppointmentRefusal::AnswerLate)
        );
        let partial = Declaration { available: false, ..full.clone() };
        assert_eq!(
            may_accept(AppointmentStatus::Pending, on, on, &partial, &rules),
            Err(AppointmentRefusal::DeclarationIncomplete)
        );
        assert_eq!(may_answer(AppointmentStatus::Accepted, on, on, &rules), Err(AppointmentRefusal::AlreadyAnswered));
    }
}

/// The two panels (domain brief §1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Panel {
    /// Disputes between States.
    InterState,
    /// Commercial and investment disputes.
    CommercialInvestment,
}

impl Panel {
    pub const ALL: [Panel; 2] = [Panel::InterState, Panel::CommercialInvestment];
    pub fn as_str(&self) -> &'static str {
        match self {
            Panel::InterState => "inter_state",
            Panel::CommercialInvestment => "commercial_investment",
        }
    }
    pub fn parse(s: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.as_str() == s.trim())
    }
}

/// Why a designation is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DesignationRefusal {
    #[error("only a Contracting State designates mediators")]
    NotContracting,
    #[error("this State has designated as many mediators to this panel as the rules allow")]
    QuotaReached,
    #[error("this mediator is already designated by this State to this panel")]
    AlreadyDesignated,
    #[error("the mediator has no profile: record it first")]
    NoProfile,
    #[error("this designation has ended")]
    Ended,
}

impl DesignationRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            DesignationRefusal::NotContracting => "not_contracting",
            DesignationRefusal::QuotaReached => "quota_reached",
            DesignationRefusal::AlreadyDesignated => "already_designated",
            DesignationRefusal::NoProfile => "no_profile",
            DesignationRefusal::Ended => "designation_ended",
        }
    }
}

/// A designation may be made by a Contracting State, within its quota for the panel, of a
/// mediator with a profile who is not already designated by it to that panel.
pub fn may_designate(
    contracting: bool,
    has_profile: bool,
    active_by_state_on_panel: &[i64],
    mediator: i64,
    rules: &RulesProfile,
) -> Result<(), DesignationRefusal> {
    if !contracting {
        return Err(DesignationRefusal::NotContracting);
    }
    if !has_profile {
        return Err(DesignationRefusal::NoProfile);
    }
    if active_by_state_on_panel.contains(&mediator) {
        return Err(DesignationRefusal::AlreadyDesignated);
    }
    if active_by_state_on_panel.len() >= rules.appointment.panel_quota.value {
        return Err(DesignationRefusal::QuotaReached);
    }
    Ok(())
}

/// The day a designation made (or renewed) on `on` ends.
pub fn designation_ends(on: Date, rules: &RulesProfile) -> Option<Date> {
    on.checked_add(jiff::Span::new().years(rules.appointment.designation_years.value)).ok()
}

#[cfg(test)]
mod panel_tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn designations_need_a_contracting_state_a_profile_and_room_in_the_quota() {
        let rules = RulesProfile::initial();
        assert_eq!(may_designate(false, true, &[], 1, &rules), Err(DesignationRefusal::NotContracting));
        assert_eq!(may_designate(true, false, &[], 1, &rules), Err(DesignationRefusal::NoProfile));
        assert_eq!(may_designate(true, true, &[1], 1, &rules), Err(DesignationRefusal::AlreadyDesignated));
        assert_eq!(may_designate(true, true, &[2, 3, 4, 5], 1, &rules), Err(DesignationRefusal::QuotaReached));
        assert!(may_designate(true, true, &[2, 3, 4], 1, &rules).is_ok());
        assert_eq!(designation_ends(date(2026, 2, 1), &rules), Some(date(2032, 2, 1)));
        assert_eq!(Panel::parse("inter_state"), Some(Panel::InterState));
    }
}

/// Joint appointment (W5): each side ranks candidates privately, best first. Only the candidates
/// on both lists are revealed, best first by the sum of their positions among the candidates on
/// both lists (then the worse of the two, then the id). A candidate one side left out is never
/// shown to the other side, and does not move the order of those shown: what one side learns of
/// the other's ranking is the order it gives the candidates both accept, and nothing else.
pub fn agreed_candidates(requesting: &[i64], responding: &[i64]) -> Vec<i64> {
    let unique = |list: &[i64]| {
        let mut seen = BTreeSet::new();
        list.iter().copied().filter(|c| seen.insert(*c)).collect::<Vec<_>>()
    };
    let (requesting, responding) = (unique(requesting), unique(responding));
    let a: Vec<i64> = requesting.iter().copied().filter(|c| responding.contains(c)).collect();
    let b: Vec<i64> = responding.iter().copied().filter(|c| requesting.contains(c)).collect();
    let mut agreed: Vec<(usize, usize, i64)> = a
        .iter()
        .enumerate()
        .filter_map(|(i, c)| b.iter().position(|d| d == c).map(|j| (i + j, i.max(j), *c)))
        .collect();
    agreed.sort();
    agreed.into_iter().map(|(_, _, c)| c).collect()
}

/// Why a side's ranking is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RankingRefusal {
    /// Both sides have ranked: what both accept is revealed, and a change could only be made to
    /// probe the other side's ranking.
    #[error("both sides have ranked: the rankings are final")]
    Locked,
}

impl RankingRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            RankingRefusal::Locked => "ranking_locked",
        }
    }
}

/// Whether a side may (re)submit its ranking: until both sides have ranked. Before that nothing
/// is revealed to anyone; from then on the rankings are final, so that a side cannot learn more
/// of the other's ranking by ranking again.
pub fn may_rank(this_side_ranked: bool, other_side_ranked: bool) -> Result<(), RankingRefusal> {
    if this_side_ranked && other_side_ranked { Err(RankingRefusal::Locked) } else { Ok(()) }
}

/// What anyone is shown of the rankings: nothing until both sides ranked, then
/// [`agreed_candidates`].
pub fn revealed_candidates(requesting: Option<&[i64]>, responding: Option<&[i64]>) -> Vec<i64> {
    match (requesting, responding) {
        (Some(a), Some(b)) => agreed_candidates(a, b),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod ranking_tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn only_candidates_on_both_lists_are_revealed_best_first() {
        assert_eq!(agreed_candidates(&[1, 2, 3, 4], &[4, 3, 9]), [3, 4]);
        assert_eq!(agreed_candidates(&[1, 2], &[3]), Vec::<i64>::new());
        assert_eq!(agreed_candidates(&[5, 6], &[6, 5]), [5, 6], "a tie goes to the lower id");
        // Where the other side put the candidates this side rejected changes nothing.
        assert_eq!(agreed_candidates(&[1, 2], &[9, 9, 9, 2, 1]), agreed_candidates(&[1, 2], &[2, 1]));
        assert_eq!(revealed_candidates(Some(&[1, 2]), None), Vec::<i64>::new());
        assert_eq!(may_rank(true, false), Ok(()));
        assert_eq!(may_rank(false, true), Ok(()));
        assert_eq!(may_rank(true, true), Err(RankingRefusal::Locked));
    }

    /// What one side observes through its own requests, with the other side ranking once at
    /// `other_at` (after that many of this side's requests): after each request, whether it was
    /// taken and what is revealed.
    fn observe(mine: &[Vec<i64>], other: &[i64], other_at: usize) -> Vec<(bool, Vec<i64>)> {
        let (mut a, mut b): (Option<Vec<i64>>, Option<Vec<i64>>) = (None, None);
        let mut seen = Vec::new();
        for (n, ranking) in mine.iter().enumerate() {
            if n == other_at && may_rank(b.is_some(), a.is_some()).is_ok() {
                b = Some(other.to_vec());
            }
            let taken = may_rank(a.is_some(), b.is_some()).is_ok();
            if taken {
                a = Some(ranking.clone());
            }
            seen.push((taken, revealed_candidates(a.as_deref(), b.as_deref())));
        }
        seen
    }

    proptest! {
        /// Nothing one side left out is ever revealed, and the answer does not depend on which
        /// side is which.
        #[test]
        fn no_rejection_leaks(a in prop::collection::vec(0i64..20, 0..8), b in prop::collection::vec(0i64..20, 0..8)) {
            let agreed = agreed_candidates(&a, &b);
            for c in &agreed {
                prop_assert!(a.contains(c) && b.contains(c));
            }
            for c in a.iter().filter(|c| b.contains(c)) {
                prop_assert!(agreed.contains(c));
            }
            let mut x = agreed.clone();
            let mut y = agreed_candidates(&b, &a);
            x.sort();
            y.sort();
            prop_assert_eq!(x, y);
        }

        /// No sequence of one side's requests tells apart two rankings of the other side that
        /// share the same agreement with this side's ranking when both are in: the candidates
        /// the other side accepts beyond it, the ones it rejects, and where it places them stay
        /// unknown, however this side ranks again, before or after.
        #[test]
        fn no_sequence_of_requests_distinguishes_rankings_with_the_same_agreement(
            mine in prop::collection::vec(prop::collection::vec(0i64..16, 0..6), 1..6),
            order in prop::collection::vec(0i64..16, 0..8),
            extra1 in prop::collection::vec(0i64..16, 0..6),
            extra2 in prop::collection::vec(0i64..16, 0..6),
            at in 0usize..6,
            cut1 in 0usize..8,
            cut2 in 0usize..8,
        ) {
            // This side's ranking in force when the other side's arrives.
            let at_reveal = if at == 0 || at > mine.len() { mine[0].clone() } else { mine[at - 1].clone() };
            // Two rankings of the other side: the same order of the candidates this side ranked,
            // and different others (accepted by the other side only) spliced in differently.
            let common: Vec<i64> = order.iter().copied().filter(|c| at_reveal.contains(c)).collect();
            let splice = |extra: &[i64], cut: usize| {
                let mut r = common.clone();
                for (k, e) in extra.iter().filter(|e| !at_reveal.contains(e)).enumerate() {
                    let at = (cut + k).min(r.len());
                    r.insert(at, *e);
                }
                r
            };
            let (b1, b2) = (splice(&extra1, cut1), splice(&extra2, cut2));
            prop_assert_eq!(observe(&mine, &b1, at), observe(&mine, &b2, at));
        }
    }
}

/// Why a challenge step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ChallengeRefusal {
    #[error("only a mediator who accepted can be challenged")]
    NotServing,
    #[error("give the reasons for the challenge")]
    ReasonsRequired,
    #[error("this mediator's challenge is already open")]
    AlreadyOpen,
    #[error("this challenge is already decided")]
    AlreadyDecided,
    #[error("the text is longer than {max} characters")]
    TooLong { max: usize },
}

impl ChallengeRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            ChallengeRefusal::NotServing => "not_serving",
            ChallengeRefusal::ReasonsRequired => "reasons_required",
            ChallengeRefusal::AlreadyOpen => "challenge_open",
            ChallengeRefusal::AlreadyDecided => "already_decided",
            ChallengeRefusal::TooLong { .. } => "too_long",
        }
    }
}

/// The longest reasons, response, decision or disclosure, in characters.
pub const STATEMENT_MAX: usize = 20_000;

/// Reasons for a challenge, a response to one, the reasons of its decision, a later disclosure:
/// text that says something, trimmed, and within [`STATEMENT_MAX`].
pub fn statement(text: &str) -> Result<String, ChallengeRefusal> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ChallengeRefusal::ReasonsRequired);
    }
    if text.chars().count() > STATEMENT_MAX {
        return Err(ChallengeRefusal::TooLong { max: STATEMENT_MAX });
    }
    Ok(text.to_owned())
}

/// Whether an open challenge may be answered or decided: once decided, it is closed.
pub fn may_answer_challenge(open: bool) -> Result<(), ChallengeRefusal> {
    if open { Ok(()) } else { Err(ChallengeRefusal::AlreadyDecided) }
}

/// Whether a mediator may add a disclosure to an appointment: while they serve in it.
pub fn may_disclose(status: AppointmentStatus) -> Result<(), ChallengeRefusal> {
    if status == AppointmentStatus::Accepted { Ok(()) } else { Err(ChallengeRefusal::NotServing) }
}

/// Who answers an open challenge: the other side and the mediators on the case, never the side
/// that challenged.
pub fn may_respond_to_challenge(challenger: crate::request::Side, standing: Option<crate::access::Standing>) -> bool {
    use crate::access::Standing;
    match standing {
        Some(Standing::Party(side)) => side != challenger,
        Some(Standing::Mediator) => true,
        None => false,
    }
}

/// A party may challenge a serving mediator with reasons, once at a time.
pub fn may_challenge(status: AppointmentStatus, open: bool, reasons: &str) -> Result<(), ChallengeRefusal> {
    if status != AppointmentStatus::Accepted {
        return Err(ChallengeRefusal::NotServing);
    }
    if open {
        return Err(ChallengeRefusal::AlreadyOpen);
    }
    statement(reasons).map(|_| ())
}

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
    use crate::request::Side;

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

/// W6: without an appointment by the deadline for one (60 days after registration by default),
/// either party may ask the Secretary-General to appoint.
pub fn may_request_sg_appointment(
    registered_on: Date,
    today: Date,
    has_serving_or_pending: bool,
    already_requested: bool,
    rules: &RulesProfile,
) -> Result<(), SgRequestRefusal> {
    if has_serving_or_pending {
        return Err(SgRequestRefusal::AlreadyAppointed);
    }
    if already_requested {
        return Err(SgRequestRefusal::AlreadyRequested);
    }
    let due =
        crate::calendar::deadline(registered_on, rules.case.appointment_request_days.value, rules.case.holidays.value);
    match due {
        Some(due) if today > due => Ok(()),
        Some(due) => Err(SgRequestRefusal::TooEarly { due }),
        None => Err(SgRequestRefusal::AlreadyRequested),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SgRequestRefusal {
    #[error("a mediator is already appointed or awaiting their answer")]
    AlreadyAppointed,
    #[error("the Secretary-General has already been asked")]
    AlreadyRequested,
    #[error("the parties have until {due} to appoint")]
    TooEarly { due: Date },
}

impl SgRequestRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            SgRequestRefusal::AlreadyAppointed => "already_appointed",
            SgRequestRefusal::AlreadyRequested => "already_requested",
            SgRequestRefusal::TooEarly { .. } => "too_early",
        }
    }
}

#[cfg(test)]
mod sg_tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn the_secretary_general_is_asked_only_after_the_deadline_and_once() {
        let rules = RulesProfile::initial();
        let registered = date(2026, 1, 5);
        // 60 days from Monday 5 January 2026: Friday 6 March.
        assert_eq!(
            may_request_sg_appointment(registered, date(2026, 3, 6), false, false, &rules),
            Err(SgRequestRefusal::TooEarly { due: date(2026, 3, 6) })
        );
        assert!(may_request_sg_appointment(registered, date(2026, 3, 7), false, false, &rules).is_ok());
        assert_eq!(
            may_request_sg_appointment(registered, date(2026, 3, 9), true, false, &rules),
            Err(SgRequestRefusal::AlreadyAppointed)
        );
        assert_eq!(
            may_request_sg_appointment(registered, date(2026, 3, 9), false, true, &rules),
            Err(SgRequestRefusal::AlreadyRequested)
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
mod challenge_tests {
    use super::*;
    use crate::access::Standing;
    use crate::request::Side;

    #[test]
    fn the_challenging_side_does_not_answer_itself() {
        assert!(!may_respond_to_challenge(Side::Requesting, Some(Standing::Party(Side::Requesting))));
        assert!(may_respond_to_challenge(Side::Requesting, Some(Standing::Party(Side::Responding))));
        assert!(may_respond_to_challenge(Side::Requesting, Some(Standing::Mediator)));
        assert!(!may_respond_to_challenge(Side::Requesting, None));
        assert_eq!(may_challenge(AppointmentStatus::Pending, false, "x"), Err(ChallengeRefusal::NotServing));
        assert_eq!(may_challenge(AppointmentStatus::Accepted, true, "x"), Err(ChallengeRefusal::AlreadyOpen));
        assert_eq!(may_challenge(AppointmentStatus::Accepted, false, " "), Err(ChallengeRefusal::ReasonsRequired));
    }
}

#[cfg(test)]
mod relationship_tests {
    use super::*;

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
