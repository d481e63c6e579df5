//! A scope assessment as the reader sees it: the outcome and every reason in the reader's
//! language, with its stable code and source. Shared by the public scope check and the case pages.

use fluent_bundle::FluentValue;
use iomed_domain::registry::{StateCode, Subject};
use iomed_domain::rules::RulesProfile;
use iomed_domain::scope::{Assessment, Reason};
use serde::Serialize;
use utoipa::ToSchema;

use crate::kit::i18n::{I18n, Lang};

/// The answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScopeAnswer {
    /// `in_scope`, `out_of_scope`, `discretionary` (needs a Governing Council rule or review) or
    /// `incomplete`.
    pub outcome: &'static str,
    /// The outcome in the negotiated language.
    pub outcome_label: String,
    pub reasons: Vec<ReasonDto>,
    /// The rules profile applied (the one in force on the filing date).
    pub rules_profile: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReasonDto {
    /// Stable, machine-readable.
    pub code: &'static str,
    /// The outcome this reason alone leads to.
    pub outcome: &'static str,
    /// The rule it rests on, stable: `consent`, `categories`, `contracting_states`, …
    pub rule: &'static str,
    /// The Convention provision or rules-profile entry it rests on, in the negotiated language.
    pub source: String,
    /// In the negotiated language.
    pub message: String,
    pub state: Option<String>,
    pub subject: Option<&'static str>,
}

/// A reason in the reader's language.
pub fn message(i18n: &I18n, lang: Lang, reason: &Reason) -> String {
    let country = |s: &StateCode| s.un().map(|un| i18n.country(lang, un)).unwrap_or_else(|| s.to_string());
    let subject = |s: &Subject| i18n.message(lang, &format!("subject-{}", s.as_str()), &[]);
    let mut args: Vec<(&str, FluentValue<'_>)> = Vec::new();
    match reason {
        Reason::StateInPrivateDispute { state }
        | Reason::ContractingState { state }
        | Reason::NonContractingState { state }
        | Reason::InForceDateUnknown { state }
        | Reason::ThirdStateConsentMissing { state }
        | Reason::ThirdStateConsented { state }
        | Reason::NationalOfRespondentState { state }
        | Reason::DualNationalReview { state } => args.push(("state", country(state).into())),
        Reason::ExcludedByDeclaration { state, subject: s, declaration } => {
            args.push(("state", country(state).into()));
            args.push(("subject", subject(s).into()));
            args.push(("number", FluentValue::from(*declaration)));
        }
        Reason::NotCommercial { subject: s } => args.push(("subject", subject(s).into())),
        Reason::ConsentAfterFiling { consent_on } => {
            args.push(("date", crate::kit::views::date(i18n, lang, *consent_on).into()))
        }
        _ => {}
    }
    i18n.message(lang, &format!("scope-{}", reason.code()), &args)
}

pub fn answer(i18n: &I18n, lang: Lang, assessment: &Assessment, rules: &RulesProfile) -> ScopeAnswer {
    ScopeAnswer {
        outcome: assessment.outcome.as_str(),
        outcome_label: i18n.message(lang, &format!("scope-outcome-{}", assessment.outcome.as_str()), &[]),
        reasons: assessment
            .reasons
            .iter()
            .map(|r| ReasonDto {
                code: r.code(),
                outcome: r.outcome().as_str(),
                rule: r.source(),
                source: i18n.message(lang, &format!("scope-source-{}", r.source().replace('_', "-")), &[]),
                message: message(i18n, lang, r),
                state: reason_state(r).map(|s| s.to_string()),
                subject: match r {
                    Reason::ExcludedByDeclaration { subject, .. } | Reason::NotCommercial { subject } => {
                        Some(subject.as_str())
                    }
                    _ => None,
                },
            })
            .collect(),
        rules_profile: rules.version,
    }
}

fn reason_state(r: &Reason) -> Option<StateCode> {
    match r {
        Reason::StateInPrivateDispute { state }
        | Reason::ContractingState { state }
        | Reason::NonContractingState { state }
        | Reason::InForceDateUnknown { state }
        | Reason::ExcludedByDeclaration { state, .. }
        | Reason::ThirdStateConsentMissing { state }
        | Reason::ThirdStateConsented { state }
        | Reason::NationalOfRespondentState { state }
        | Reason::DualNationalReview { state } => Some(*state),
        _ => None,
    }
}
