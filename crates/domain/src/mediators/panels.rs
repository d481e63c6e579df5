//! The two panels and the designations of mediators to them by Contracting States.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::rules::RulesProfile;

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
