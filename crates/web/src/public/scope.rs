//! "Can IOMed mediate this dispute?": the scope engine for anyone, with no account, storing
//! nothing — as JSON (`POST /api/v1/scope/check`) and as a page (`/scope`).

use std::collections::BTreeSet;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use iomed_domain::registry::{StateCode, Subject};
use iomed_domain::rules::RulesProfile;
use iomed_domain::scope::{Category, Consent, ConsentBasis, Dispute, Party, ThirdState, assess};
use jiff::civil::Date;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::kit::auth::{Auth, public};
use crate::kit::context::Ctx;
use crate::kit::error::{Msg, WebError};
use crate::kit::field_errors::FieldErrors;
use crate::kit::forms::{Json as Body, Query};
use crate::kit::problem::problems;
use crate::kit::render::{Page, render};
use crate::kit::scope_view::{ScopeAnswer, answer};
use crate::kit::state::AppState;
use crate::kit::states::{Found, find_state, unknown_state_message};
use crate::kit::views::sorted_states;

/// A dispute to check.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScopeRequest {
    /// `state_state`, `state_national` or `private_commercial`.
    #[schema(schema_with = crate::kit::schemas::category)]
    pub category: String,
    /// The filing date (ISO 8601); the registry is read as it stood that day.
    #[schema(format = Date)]
    pub filed_on: String,
    #[schema(schema_with = crate::kit::schemas::scope_parties)]
    pub parties: Vec<PartyDto>,
    /// Subject-matter tags: `territorial_sovereignty`, `maritime_delimitation`, `maritime_interests`,
    /// `investment`, `trade`, `energy`, `water`, `environment`, `other`.
    #[serde(default)]
    #[schema(schema_with = crate::kit::schemas::subjects)]
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
    #[schema(schema_with = crate::kit::schemas::state_code)]
    pub state: String,
    pub consented: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentDto {
    /// `prior_agreement` or `offer`.
    #[schema(schema_with = crate::kit::schemas::consent_basis)]
    pub basis: String,
    #[schema(format = Date)]
    pub date: String,
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

/// Checks whether IOMed may mediate a dispute, with every reason. Needs no account; stores nothing.
#[utoipa::path(post, path = "/api/v1/scope/check", tag = "registry", operation_id = "check_scope",
    request_body(content = ScopeRequest, content_type = "application/json"),
    responses((status = 200, description = "The assessment", body = ScopeAnswer),
        (status = 400, response = problems::BadRequest), (status = 413, response = problems::TooLarge),
        (status = 415, response = problems::UnsupportedMediaType)))]
pub async fn check(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    body: Body<ScopeRequest>,
) -> Result<Response, WebError> {
    public(&state, &auth).await?;
    let request = body.parse()?;
    let dispute = parse(request)
        .map_err(|detail| WebError::bad_request("bad_body", Msg::new("error-detail").text("detail", detail)))?;
    let registry = state.registry().await?;
    let rules = RulesProfile::in_force_on(dispute.filed_on);
    let assessment = assess(&dispute, &registry, &rules);
    Ok(ctx.finish(Json(answer(&state.i18n, ctx.lang, &assessment, &rules))))
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

/// The page's form, as typed (a GET form: nothing is stored).
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ScopeQuery {
    category: String,
    filed_on: String,
    basis: String,
    consent_on: String,
    subject: Vec<String>,
    p1_kind: String,
    p1_state: String,
    p1_name: String,
    p1_nat1: String,
    p1_nat2: String,
    p1_place: String,
    p2_kind: String,
    p2_state: String,
    p2_name: String,
    p2_nat1: String,
    p2_nat2: String,
    p2_place: String,
    p3_kind: String,
    p3_state: String,
    p3_name: String,
    p3_nat1: String,
    p3_nat2: String,
    p3_place: String,
    t1_state: String,
    t1_consented: String,
    t2_state: String,
    t2_consented: String,
}

#[derive(askama::Template)]
#[template(path = "scope.html")]
struct ScopePage<'a> {
    p: Page<'a>,
    states: Vec<(String, String)>,
    category: String,
    filed_on: String,
    parties: Vec<PartySlot>,
    subjects: Vec<(&'static str, String, bool)>,
    thirds: Vec<ThirdSlot>,
    basis: String,
    consent_on: String,
    result: Option<ScopeAnswer>,
    errors: FieldErrors,
}

/// The page: the form, and when it was submitted, the answer above it.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Query(q): Query<ScopeQuery>,
) -> Result<Response, WebError> {
    public(&state, &auth).await?;
    let i18n = &state.i18n;
    let lang = ctx.lang;
    let today = iomed_domain::seat::seat_date(state.store.now());
    let states = sorted_states(i18n, lang);
    // A State typed as its code or a name of it in any of the four languages; one that names
    // none is the field's error, with the nearest names.
    let resolve = |text: &str| -> Result<Option<StateCode>, String> {
        match find_state(i18n, text) {
            Found::Empty => Ok(None),
            Found::State(code) => Ok(Some(code)),
            Found::Unknown { suggestions } => Err(unknown_state_message(i18n, lang, text, &suggestions)),
        }
    };
    let t = |s: &str| s.trim().to_owned();
    let slots = [
        [&q.p1_kind, &q.p1_state, &q.p1_name, &q.p1_nat1, &q.p1_nat2, &q.p1_place],
        [&q.p2_kind, &q.p2_state, &q.p2_name, &q.p2_nat1, &q.p2_nat2, &q.p2_place],
        [&q.p3_kind, &q.p3_state, &q.p3_name, &q.p3_nat1, &q.p3_nat2, &q.p3_place],
    ];
    let parties: Vec<PartySlot> = slots
        .iter()
        .enumerate()
        .map(|(i, [kind, state, name, nat1, nat2, place])| PartySlot {
            n: i + 1,
            kind: t(kind),
            state: t(state),
            name: t(name),
            nat1: t(nat1),
            nat2: t(nat2),
            place: t(place),
        })
        .collect();
    let thirds: Vec<ThirdSlot> = [(&q.t1_state, &q.t1_consented), (&q.t2_state, &q.t2_consented)]
        .iter()
        .enumerate()
        .map(|(i, (state, consented))| ThirdSlot { n: i + 1, state: t(state), consented: consented.as_str() == "1" })
        .collect();
    let chosen: BTreeSet<String> = q.subject.iter().map(|s| s.trim().to_owned()).collect();
    let subjects = Subject::ALL
        .into_iter()
        .map(|s| (s.as_str(), i18n.message(lang, &format!("subject-{}", s.as_str()), &[]), chosen.contains(s.as_str())))
        .collect();
    let submitted = !q.category.trim().is_empty();
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut result = None;
    if submitted {
        let mut date_of = |field: &str, text: &str, default: Option<Date>| match (text.parse::<Date>(), default) {
            (Ok(d), _) => Some(d),
            (Err(_), Some(d)) if text.is_empty() => Some(d),
            _ => {
                errors.push((field.into(), i18n.message(lang, "scope-bad-date", &[("value", text.to_owned().into())])));
                None
            }
        };
        let filed_on = date_of("filed_on", q.filed_on.trim(), Some(today));
        let consent_on = date_of("consent_on", q.consent_on.trim(), filed_on);
        let mut dispute_parties = Vec::new();
        for slot in &parties {
            let party = match slot.kind.as_str() {
                "state" => match resolve(&slot.state) {
                    Ok(Some(c)) => Some(Party::State(c)),
                    Ok(None) => None,
                    Err(e) => {
                        errors.push((format!("p{}_state", slot.n), e));
                        None
                    }
                },
                "organization" => Some(Party::Organization { name: slot.name.clone() }),
                "company" | "person" => {
                    let mut nationalities = BTreeSet::new();
                    for (field, text) in [("nat1", &slot.nat1), ("nat2", &slot.nat2)] {
                        match resolve(text) {
                            Ok(Some(c)) => {
                                nationalities.insert(c);
                            }
                            Ok(None) => {}
                            Err(e) => errors.push((format!("p{}_{field}", slot.n), e)),
                        }
                    }
                    let place = resolve(&slot.place).unwrap_or_else(|e| {
                        errors.push((format!("p{}_place", slot.n), e));
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
                Err(e) => errors.push((format!("t{}_state", t.n), e)),
            }
        }
        let consent = match (q.basis.trim(), consent_on) {
            ("prior_agreement", Some(d)) => Some(Consent { basis: ConsentBasis::PriorAgreement, date: d }),
            ("offer", Some(d)) => Some(Consent { basis: ConsentBasis::Offer, date: d }),
            _ => None,
        };
        if let (Some(category), Some(filed_on), true) =
            (Category::parse(q.category.trim()), filed_on, errors.is_empty())
        {
            let subjects = chosen.iter().filter_map(|s| Subject::parse(s)).collect();
            let dispute = Dispute { category, filed_on, parties: dispute_parties, subjects, third_states, consent };
            let registry = state.registry().await?;
            let rules = RulesProfile::in_force_on(filed_on);
            result = Some(answer(i18n, lang, &assess(&dispute, &registry, &rules), &rules));
        }
    }
    let p = Page::new(&state, &ctx, &auth, "scope").await;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let page = ScopePage {
        p,
        states,
        category: if submitted { t(&q.category) } else { "state_state".into() },
        filed_on: if q.filed_on.trim().is_empty() { today.to_string() } else { t(&q.filed_on) },
        parties,
        subjects,
        thirds,
        basis: if submitted { t(&q.basis) } else { "prior_agreement".into() },
        consent_on: t(&q.consent_on),
        result,
        errors: FieldErrors(errors),
    };
    render(&ctx, status, &page)
}
