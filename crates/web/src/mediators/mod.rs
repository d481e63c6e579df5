//! Mediators: the Secretariat's profiles and designations to the panels ([`profiles`]), the
//! public panels ([`panels`]), the mediators of a case — private rankings, the candidate search,
//! appointment after the conflict checks, challenges, continuing disclosure, the
//! Secretary-General's appointment on request ([`case`]) — the appointee's answer
//! ([`appointments`]), and the API ([`api`]).

pub mod api;
pub mod appointments;
pub mod case;
pub mod checks;
pub mod panels;
pub mod profiles;

use fluent_bundle::FluentValue;
use iomed_domain::mediators::{Finding, answer_due};
use iomed_domain::rules::RulesProfile;
use iomed_store::accounts::OutgoingMail;
use iomed_store::mediators::AppointmentRow;

use crate::kit::i18n::{I18n, Lang};
use crate::kit::state::AppState;

/// A finding as a page shows it.
pub struct FindingItem {
    pub severity: &'static str,
    pub text: String,
}

pub fn finding_items(i18n: &I18n, lang: Lang, findings: &[Finding]) -> Vec<FindingItem> {
    findings
        .iter()
        .map(|f| {
            let state = f.state.and_then(|s| s.un()).map(|un| i18n.country(lang, un)).unwrap_or_default();
            FindingItem {
                severity: f.severity.as_str(),
                text: i18n.message(
                    lang,
                    &format!("finding-{}", f.code.replace('_', "-")),
                    &[("state", FluentValue::from(state))],
                ),
            }
        })
        .collect()
}

/// An appointment as the case's mediators page and the appointee's page show it.
pub struct AppointmentItem {
    pub id: i64,
    pub case: i64,
    pub case_title: String,
    pub mediator: String,
    pub appointed_on: String,
    pub due: String,
    pub status: &'static str,
    pub findings: Vec<FindingItem>,
    pub agreement: Option<String>,
    pub disclosures: Option<String>,
    pub mediator_id: i64,
    /// Disclosures made later: (date, text).
    pub later: Vec<(String, String)>,
}

pub fn appointment_item(i18n: &I18n, lang: Lang, a: &AppointmentRow) -> AppointmentItem {
    let rules = RulesProfile::in_force_on(a.appointed_on);
    let due = answer_due(a.appointed_on, &rules).map(|d| crate::kit::views::date(i18n, lang, d)).unwrap_or_default();
    let title = crate::kit::views::case_title(i18n, lang, &a.case_title);
    AppointmentItem {
        id: a.id,
        case: a.case,
        case_title: crate::kit::views::numbered(a.case_number.as_deref(), title),
        mediator: a.mediator_name.clone(),
        appointed_on: crate::kit::views::date(i18n, lang, a.appointed_on),
        due,
        status: a.status.as_str(),
        findings: finding_items(i18n, lang, &a.findings),
        agreement: a.agreement.clone(),
        disclosures: a.declaration.as_ref().map(|d| d.disclosures.clone()).filter(|d| !d.trim().is_empty()),
        mediator_id: a.mediator.0,
        later: a.later_disclosures.clone(),
    }
}

/// The mail to an appointee: a link to their appointments, no case content.
pub fn appointee_mail(state: &AppState, email: &str, language: &str) -> OutgoingMail {
    let lang = Lang::parse(language).unwrap_or(Lang::En);
    OutgoingMail {
        to: email.to_owned(),
        subject: state.i18n.message(lang, "mail-appointment-subject", &[]),
        body: state.i18n.message(
            lang,
            "mail-appointment-body",
            &[("link", FluentValue::from(format!("{}/appointments", state.public_url)))],
        ),
        notice: None,
    }
}
