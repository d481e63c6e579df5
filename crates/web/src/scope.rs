//! "Can IOMed mediate this dispute?": the scope engine for anyone, with no account, storing
//! nothing — as JSON (`POST /api/v1/scope/check`) and as a page (`/scope`).

use std::collections::BTreeSet;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use fluent_bundle::FluentValue;
use iomed_domain::registry::{StateCode, Subject};
use iomed_domain::rules::RulesProfile;
use iomed_domain::scope::{Assessment, Category, Consent, ConsentBasis, Dispute, Party, Reason, ThirdState, assess};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::kit::i18n::{I18n, Lang};
use crate::kit::problem::Problem;
use crate::legacy::auth::Auth;
use crate::{AppState, Ctx};

/// A dispute to check.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScopeRequest {
    /// `state_state`, `state_national` or `private_commercial`.
    pub category: String,
    /// The filing date (ISO 8601); the registry is read as it stood that day.
    #[schema(format = Date)]
    pub filed_on: String,
    pub parties: Vec<PartyDto>,
    /// Subject-matter tags: `territorial_sovereignty`, `maritime_delimitation`, `maritime_interests`,
    /// `investment`, `trade`, `energy`, `water`, `environment`, `other`.
    #[serde(default)]
    pub subjects: Vec<String>,
    /// Third States involved (disputes between States), and whether each has consented.
    #[serde(default)]
    pub third_states: Vec<ThirdStateDto>,
    pub consent: Option<ConsentDto>,
}

/// A party: `kind` is `state` (with `state`), `organization` (with `name`), or `company` or
/// `person` (with `name`, `nationalities`, `place_of_business`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartyDto {
    pub kind: String,
    /// ISO 3166-1 alpha-3, for a State.
    pub state: Option<String>,
    pub name: Option<String>,
    #[serde(default)]
    pub nationalities: Vec<String>,
    pub place_of_business: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThirdStateDto {
    pub state: String,
    pub consented: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentDto {
    /// `prior_agreement` or `offer`.
    pub basis: String,
    #[schema(format = Date)]
    pub date: String,
}

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
    /// The Convention provision or rules-profile entry it rests on.
    pub source: &'static str,
    /// In the negotiated language.
    pub message: String,
    pub state: Option<String>,
    pub subject: Option<&'static str>,
}

/// Turns the request into the engine's input, naming the first field that is wrong.
pub(crate) fn parse(request: ScopeRequest) -> Result<Dispute, String> {
    let date = |field: &str, text: &str| {
        text.trim().parse::<Date>().map_err(|_| format!("{field}: '{text}' is not a date (YYYY-MM-DD)"))
    };
    let code = |field: &str, text: &str| StateCode::parse(text).map_err(|e| format!("{field}: {e}"));
    let category = Category::parse(&request.category).ok_or_else(|| {
        format!("category: '{}' is not one of state_state, state_national, private_commercial", request.category)
    })?;
    let filed_on = date("filed_on", &request.filed_on)?;
    let mut parties = Vec::new();
    for (i, p) in request.parties.iter().enumerate() {
        let field = format!("parties[{i}]");
        let party = match p.kind.as_str() {
            "state" => Party::State(code(&format!("{field}.state"), p.state.as_deref().unwrap_or(""))?),
            "organization" => Party::Organization { name: p.name.clone().unwrap_or_default() },
            "company" | "person" => Party::National {
                name: p.name.clone().unwrap_or_default(),
                company: p.kind == "company",
                nationalities: p
                    .nationalities
                    .iter()
                    .map(|n| code(&format!("{field}.nationalities"), n))
                    .collect::<Result<BTreeSet<_>, _>>()?,
                place_of_business: match p.place_of_business.as_deref() {
                    Some(s) if !s.trim().is_empty() => Some(code(&format!("{field}.place_of_business"), s)?),
                    _ => None,
                },
            },
            other => return Err(format!("{field}.kind: '{other}' is not one of state, organization, company, person")),
        };
        parties.push(party);
    }
    let subjects = request
        .subjects
        .iter()
        .map(|s| Subject::parse(s).ok_or_else(|| format!("subjects: '{s}' is not a subject")))
        .collect::<Result<BTreeSet<_>, _>>()?;
    let third_states = request
        .third_states
        .iter()
        .enumerate()
        .map(|(i, t)| {
            Ok(ThirdState { state: code(&format!("third_states[{i}].state"), &t.state)?, consented: t.consented })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let consent = match &request.consent {
        None => None,
        Some(c) => Some(Consent {
            basis: match c.basis.as_str() {
                "prior_agreement" => ConsentBasis::PriorAgreement,
                "offer" => ConsentBasis::Offer,
                other => return Err(format!("consent.basis: '{other}' is not prior_agreement or offer")),
            },
            date: date("consent.date", &c.date)?,
        }),
    };
    Ok(Dispute { category, filed_on, parties, subjects, third_states, consent })
}

/// A reason in the reader's language.
pub(crate) fn message(i18n: &I18n, lang: Lang, reason: &Reason) -> String {
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

pub(crate) fn answer(i18n: &I18n, lang: Lang, assessment: &Assessment, rules: &RulesProfile) -> ScopeAnswer {
    ScopeAnswer {
        outcome: assessment.outcome.as_str(),
        outcome_label: i18n.message(lang, &format!("scope-outcome-{}", assessment.outcome.as_str()), &[]),
        reasons: assessment
            .reasons
            .iter()
            .map(|r| ReasonDto {
                code: r.code(),
                outcome: r.outcome().as_str(),
                source: r.source(),
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

/// Checks whether IOMed may mediate a dispute, with every reason. Needs no account; stores nothing.
#[utoipa::path(
    post,
    path = "/api/v1/scope/check",
    request_body = ScopeRequest,
    responses(
        (status = 200, description = "The assessment", body = ScopeAnswer),
        (status = 400, description = "The request is malformed; `detail` names the field", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn check(State(state): State<AppState>, ctx: Ctx, auth: Auth, body: Bytes) -> Response {
    if let Err(r) = crate::legacy::auth::public(&state, &ctx, &auth).await {
        return r;
    }
    let bad = |detail: String| {
        ctx.finish(Problem::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            state.i18n.message(ctx.lang, "error-bad-request-title", &[]),
            detail,
        ))
    };
    let request: ScopeRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return bad(format!("the body is not a valid scope request: {e}")),
    };
    let dispute = match parse(request) {
        Ok(d) => d,
        Err(detail) => return bad(detail),
    };
    let registry = match state.store.registry().await {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "registry read failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let rules = RulesProfile::in_force_on(dispute.filed_on);
    let assessment = assess(&dispute, &registry, &rules);
    ctx.finish(axum::Json(answer(&state.i18n, ctx.lang, &assessment, &rules)))
}

/// One party slot of the page's form.
pub struct PartySlot {
    pub n: usize,
    pub kind: String,
    pub state: String,
    pub name: String,
    pub nat1: String,
    pub nat2: String,
    pub place: String,
}

pub struct ThirdSlot {
    pub n: usize,
    pub state: String,
    pub consented: bool,
}

#[derive(askama::Template)]
#[template(path = "scope.html")]
struct ScopePage<'a> {
    p: crate::legacy::pages::Page<'a>,
    states: Vec<(String, String)>,
    category: String,
    filed_on: String,
    parties: Vec<PartySlot>,
    subjects: Vec<(&'static str, String, bool)>,
    thirds: Vec<ThirdSlot>,
    basis: String,
    consent_on: String,
    result: Option<ScopeAnswer>,
    errors: Vec<String>,
}

/// The page: the form, and when it was submitted, the answer above it.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    axum::extract::RawQuery(q): axum::extract::RawQuery,
) -> Response {
    if let Err(r) = crate::legacy::auth::public(&state, &ctx, &auth).await {
        return r;
    }
    let pairs = q.as_deref().map(crate::kit::context::form_urlencoded_pairs).unwrap_or_default();
    let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
    let i18n = &state.i18n;
    let lang = ctx.lang;
    let today = iomed_domain::seat::seat_date(state.store.now());
    let mut states: Vec<(String, String)> =
        iomed_domain::registry::un_states().iter().map(|un| (un.code.to_string(), i18n.country(lang, un))).collect();
    states.sort_by(|a, b| i18n.compare(lang, &a.1, &b.1));
    // A State typed as its code or its name in the reader's language.
    let resolve = |text: &str| -> Result<Option<StateCode>, String> {
        if text.is_empty() {
            return Ok(None);
        }
        if let Ok(c) = StateCode::parse(text) {
            return Ok(Some(c));
        }
        states
            .iter()
            .find(|(_, name)| name.eq_ignore_ascii_case(text))
            .and_then(|(c, _)| StateCode::parse(c).ok())
            .map(Some)
            .ok_or_else(|| i18n.message(lang, "error-unknown-state", &[("code", text.to_owned().into())]))
    };
    let parties: Vec<PartySlot> = (1..=3)
        .map(|n| PartySlot {
            n,
            kind: get(&format!("p{n}_kind")),
            state: get(&format!("p{n}_state")),
            name: get(&format!("p{n}_name")),
            nat1: get(&format!("p{n}_nat1")),
            nat2: get(&format!("p{n}_nat2")),
            place: get(&format!("p{n}_place")),
        })
        .collect();
    let thirds: Vec<ThirdSlot> = (1..=2)
        .map(|n| ThirdSlot { n, state: get(&format!("t{n}_state")), consented: get(&format!("t{n}_consented")) == "1" })
        .collect();
    let chosen: BTreeSet<String> = pairs.iter().filter(|(k, _)| k == "subject").map(|(_, v)| v.clone()).collect();
    let subjects = Subject::ALL
        .into_iter()
        .map(|s| (s.as_str(), i18n.message(lang, &format!("subject-{}", s.as_str()), &[]), chosen.contains(s.as_str())))
        .collect();
    let submitted = !get("category").is_empty();
    let mut errors = Vec::new();
    let mut result = None;
    if submitted {
        let mut date_of = |text: &str, default: Option<Date>| match (text.parse::<Date>(), default) {
            (Ok(d), _) => Some(d),
            (Err(_), Some(d)) if text.is_empty() => Some(d),
            _ => {
                errors.push(i18n.message(lang, "scope-bad-date", &[("value", text.to_owned().into())]));
                None
            }
        };
        let filed_on = date_of(&get("filed_on"), Some(today));
        let consent_on = date_of(&get("consent_on"), filed_on);
        let mut dispute_parties = Vec::new();
        for slot in &parties {
            let party = match slot.kind.as_str() {
                "state" => match resolve(&slot.state) {
                    Ok(Some(c)) => Some(Party::State(c)),
                    Ok(None) => None,
                    Err(e) => {
                        errors.push(e);
                        None
                    }
                },
                "organization" => Some(Party::Organization { name: slot.name.clone() }),
                "company" | "person" => {
                    let mut nationalities = BTreeSet::new();
                    for text in [&slot.nat1, &slot.nat2] {
                        match resolve(text) {
                            Ok(Some(c)) => {
                                nationalities.insert(c);
                            }
                            Ok(None) => {}
                            Err(e) => errors.push(e),
                        }
                    }
                    let place = resolve(&slot.place).unwrap_or_else(|e| {
                        errors.push(e);
                        None
                    });
                    Some(Party::National {
                        name: slot.name.clone(),
                        company: slot.kind == "company",
                        nationalities,
                        place_of_business: place,
                    })
                }
                _ => None,
            };
            dispute_parties.extend(party);
        }
        let mut third_states = Vec::new();
        for t in &thirds {
            match resolve(&t.state) {
                Ok(Some(c)) => third_states.push(ThirdState { state: c, consented: t.consented }),
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
        let consent = match (get("basis").as_str(), consent_on) {
            ("prior_agreement", Some(d)) => Some(Consent { basis: ConsentBasis::PriorAgreement, date: d }),
            ("offer", Some(d)) => Some(Consent { basis: ConsentBasis::Offer, date: d }),
            _ => None,
        };
        if let (Some(category), Some(filed_on), true) = (Category::parse(&get("category")), filed_on, errors.is_empty())
        {
            let subjects = chosen.iter().filter_map(|s| Subject::parse(s)).collect();
            let dispute = Dispute { category, filed_on, parties: dispute_parties, subjects, third_states, consent };
            match state.store.registry().await {
                Ok(registry) => {
                    let rules = RulesProfile::in_force_on(filed_on);
                    result = Some(answer(i18n, lang, &assess(&dispute, &registry, &rules), &rules));
                }
                Err(e) => return crate::legacy::pages::internal_error(&state, &ctx, &auth, e.to_string()).await,
            }
        }
    }
    let p = crate::legacy::pages::Page::new(&state, &ctx, &auth, "scope").await;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let page = ScopePage {
        p,
        states,
        category: if submitted { get("category") } else { "state_state".into() },
        filed_on: if get("filed_on").is_empty() { today.to_string() } else { get("filed_on") },
        parties,
        subjects,
        thirds,
        basis: if submitted { get("basis") } else { "prior_agreement".into() },
        consent_on: get("consent_on"),
        result,
        errors,
    };
    crate::legacy::pages::render(&ctx, status, &page)
}
