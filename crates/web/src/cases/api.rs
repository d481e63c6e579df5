//! Requests and cases through the API: drafts (saved as typed; every gap listed), filing, the
//! caller's cases, one case with its deadlines and history, and steps. API writes take a Bearer
//! token with the `write` scope, never the session cookie.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use iomed_domain::access::{Action, Resource, Standing, can};
use iomed_domain::case::{Refusal, StepKind};
use iomed_domain::request::{Draft, DraftParty, DraftThirdState, Gap};
use iomed_domain::rules::RulesProfile;
use iomed_domain::seat::seat_date;
use iomed_store::StoreError;
use iomed_store::cases::{CaseChange, CaseRefusal, Lister};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa::openapi::schema::ObjectBuilder;

use crate::cases::filing::file;
use crate::cases::pages::{BadStep, parse_step, take_step};
use crate::cases::views::{DeadlineDto, deadline_views, event_message, gap_message};
use crate::kit::access::{case_standing, record_read};
use crate::kit::auth::{Auth, authorize, write_token};
use crate::kit::case_query::CaseQuery;
use crate::kit::context::Ctx;
use crate::kit::error::{Msg, WebError};
use crate::kit::forms::{Json as Body, Path, Query, tagged};
use crate::kit::i18n::{I18n, Lang};
use crate::kit::paging::Paged;
use crate::kit::problem::{Problem, problems};
use crate::kit::schemas::one_of;
use crate::kit::state::AppState;
use crate::kit::summaries::{CaseSummaryDto, summary_dto};

/// A draft request as typed: every field may be empty, and nothing is checked until it is filed
/// (then every gap is listed at once). Unknown fields are refused.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DraftBody {
    /// `state_state`, `state_national` or `private_commercial`.
    pub category: String,
    /// A summary of the issues in dispute (at most 20,000 characters when filed).
    pub summary: String,
    pub parties: Vec<DraftPartyBody>,
    /// Subject-matter tags: `territorial_sovereignty`, `maritime_delimitation`, … (see the scope check).
    pub subjects: Vec<String>,
    pub third_states: Vec<DraftThirdStateBody>,
    /// `prior_agreement` or `offer`.
    pub consent_basis: String,
    /// The date of the agreement to mediate, or of the offer (YYYY-MM-DD).
    pub consent_date: String,
    /// Where consent is recorded: the clause, treaty article or letter, with its date.
    pub consent_document: String,
    /// The representative's authority: the power of attorney or letter of appointment.
    pub authority_document: String,
    /// For a company or organization requesting: the internal authorization to file.
    pub internal_authorization: String,
    /// The representative of the other side, who is invited to take part.
    pub other_side_name: String,
    pub other_side_email: String,
    /// The requesting representative's name, typed as a signature.
    pub signature: String,
}

/// A party of a draft, as typed.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DraftPartyBody {
    /// `requesting` or `responding`.
    pub side: String,
    /// `state`, `organization`, `company` or `person`.
    pub kind: String,
    /// ISO 3166-1 alpha-3, for a State.
    pub state: String,
    pub name: String,
    /// ISO 3166-1 alpha-3 codes.
    pub nationalities: Vec<String>,
    pub place_of_business: String,
    /// A postal address, e-mail or telephone at which the party is reached.
    pub contact: String,
}

/// A third State of a draft, as typed.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DraftThirdStateBody {
    pub state: String,
    pub consented: bool,
}

impl From<DraftBody> for Draft {
    fn from(b: DraftBody) -> Draft {
        Draft {
            category: b.category,
            summary: b.summary,
            parties: b
                .parties
                .into_iter()
                .map(|p| DraftParty {
                    side: p.side,
                    kind: p.kind,
                    state: p.state,
                    name: p.name,
                    nationalities: p.nationalities,
                    place_of_business: p.place_of_business,
                    contact: p.contact,
                })
                .collect(),
            subjects: b.subjects,
            third_states: b
                .third_states
                .into_iter()
                .map(|t| DraftThirdState { state: t.state, consented: t.consented })
                .collect(),
            consent_basis: b.consent_basis,
            consent_date: b.consent_date,
            consent_document: b.consent_document,
            authority_document: b.authority_document,
            internal_authorization: b.internal_authorization,
            other_side_name: b.other_side_name,
            other_side_email: b.other_side_email,
            signature: b.signature,
        }
    }
}

impl From<Draft> for DraftBody {
    fn from(d: Draft) -> DraftBody {
        DraftBody {
            category: d.category,
            summary: d.summary,
            parties: d
                .parties
                .into_iter()
                .map(|p| DraftPartyBody {
                    side: p.side,
                    kind: p.kind,
                    state: p.state,
                    name: p.name,
                    nationalities: p.nationalities,
                    place_of_business: p.place_of_business,
                    contact: p.contact,
                })
                .collect(),
            subjects: d.subjects,
            third_states: d
                .third_states
                .into_iter()
                .map(|t| DraftThirdStateBody { state: t.state, consented: t.consented })
                .collect(),
            consent_basis: d.consent_basis,
            consent_date: d.consent_date,
            consent_document: d.consent_document,
            authority_document: d.authority_document,
            internal_authorization: d.internal_authorization,
            other_side_name: d.other_side_name,
            other_side_email: d.other_side_email,
            signature: d.signature,
        }
    }
}

/// A draft request with what it still lacks.
#[derive(Debug, Serialize, ToSchema)]
pub struct DraftDto {
    pub id: i64,
    /// The draft as typed.
    pub draft: DraftBody,
    /// Every missing or invalid item (W1); empty when the draft can be filed.
    pub gaps: Vec<GapDto>,
    /// The case it became, once filed.
    pub case: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GapDto {
    /// Where: `summary`, `parties[1].contact`, …
    pub field: String,
    /// `missing`, `invalid`, `unknown_state`, `no_requesting_party`, `no_responding_party`, `too_long`.
    pub code: &'static str,
    pub message: String,
}

/// An incomplete request: problem+json with every gap.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncompleteProblem {
    #[serde(flatten)]
    pub problem: Problem,
    pub gaps: Vec<GapDto>,
}

fn gap_dtos(i18n: &I18n, lang: Lang, gaps: &[Gap]) -> Vec<GapDto> {
    gaps.iter()
        .map(|g| GapDto { field: g.field.clone(), code: g.problem.code(), message: gap_message(i18n, lang, g) })
        .collect()
}

fn draft_dto(state: &AppState, lang: Lang, id: i64, draft: Draft, case: Option<i64>) -> DraftDto {
    let gaps = match draft.check() {
        Ok(_) => Vec::new(),
        Err(gaps) => gap_dtos(&state.i18n, lang, &gaps),
    };
    DraftDto { id, draft: draft.into(), gaps, case }
}

/// A case refusal through the API: an incomplete request with every gap.
fn refused(state: &AppState, lang: Lang, error: StoreError) -> WebError {
    match error {
        StoreError::CaseRefused(CaseRefusal::Incomplete(gaps)) => {
            let mut extra = serde_json::Map::new();
            extra.insert("gaps".into(), json!(gap_dtos(&state.i18n, lang, &gaps)));
            WebError::Detailed {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "incomplete",
                message: Msg::new("request-gaps-lead"),
                extra,
            }
        }
        other => other.into(),
    }
}

/// Creates (`id: None`, 201) or replaces (200) a draft through the API.
async fn save_draft(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    id: Option<i64>,
    body: Body<DraftBody>,
) -> Result<Response, WebError> {
    write_token(auth)?;
    authorize(state, auth, Action::DraftRequest, Resource::Cases).await?;
    let draft = Draft::from(body.parse()?);
    let user = auth.require_user()?;
    let change = CaseChange::SaveDraft { owner: user.id, id, draft: draft.clone() };
    let saved = state.store.case_change(&auth.ledger_actor(), change).await?;
    Ok(match (id, saved.created) {
        (Some(id), _) => Json(draft_dto(state, ctx.lang, id, draft, None)).into_response(),
        (None, Some(id)) => (StatusCode::CREATED, Json(draft_dto(state, ctx.lang, id, draft, None))).into_response(),
        (None, None) => return Err(WebError::fault("a saved draft has no id")),
    })
}

/// Creates a draft request.
#[utoipa::path(post, path = "/api/v1/requests", tag = "cases", operation_id = "create_request",
    request_body(content = DraftBody, content_type = "application/json"),
    responses((status = 201, description = "The draft, with its gaps", body = DraftDto),
        (status = 400, response = problems::BadRequest), (status = 403, response = problems::Forbidden),
        (status = 413, response = problems::TooLarge), (status = 415, response = problems::UnsupportedMediaType)),
    security(("bearer" = [])))]
pub async fn api_create(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    body: Body<DraftBody>,
) -> Result<Response, WebError> {
    save_draft(&state, &ctx, &auth, None, body).await
}

/// A draft request of the caller's, with its gaps.
#[utoipa::path(get, path = "/api/v1/requests/{id}", tag = "cases", operation_id = "get_request",
    params(("id" = i64, Path, description = "The draft request's id")),
    responses((status = 200, description = "The draft, with its gaps", body = DraftDto),
        (status = 403, response = problems::Forbidden), (status = 404, response = problems::NotFound)),
    security(("bearer" = [])))]
pub async fn api_get(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Json<DraftDto>, WebError> {
    authorize(&state, &auth, Action::DraftRequest, Resource::Cases).await?;
    let user = auth.require_user()?;
    let row = state.store.draft(user.id, id).await?.ok_or(WebError::NotFound)?;
    Ok(Json(draft_dto(&state, ctx.lang, id, row.draft, row.case)))
}

/// Replaces a draft that is not filed yet.
#[utoipa::path(put, path = "/api/v1/requests/{id}", tag = "cases", operation_id = "update_request",
    params(("id" = i64, Path, description = "The draft request's id")),
    request_body(content = DraftBody, content_type = "application/json"),
    responses((status = 200, description = "The draft, with its gaps", body = DraftDto),
        (status = 400, response = problems::BadRequest), (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound), (status = 409, response = problems::Conflict),
        (status = 413, response = problems::TooLarge), (status = 415, response = problems::UnsupportedMediaType)),
    security(("bearer" = [])))]
pub async fn api_update(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    body: Body<DraftBody>,
) -> Result<Response, WebError> {
    save_draft(&state, &ctx, &auth, Some(id), body).await
}

/// Files a draft. An incomplete draft answers 422 with every gap; an out-of-scope request is filed
/// and goes to the registrar marked with its reasons.
#[utoipa::path(post, path = "/api/v1/requests/{id}/file", tag = "cases", operation_id = "file_request",
    params(("id" = i64, Path, description = "The draft request's id")),
    responses((status = 201, description = "The case it became", body = CaseDto),
        (status = 403, response = problems::Forbidden), (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict),
        (status = 422, description = "`incomplete`, with every gap", body = IncompleteProblem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn api_file(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    write_token(&auth)?;
    authorize(&state, &auth, Action::DraftRequest, Resource::Cases).await?;
    let user = auth.require_user()?;
    let draft = state.store.draft(user.id, id).await?.ok_or(WebError::NotFound)?.draft;
    let case = file(&state, &auth, user.id, id, &draft).await.map_err(|e| refused(&state, ctx.lang, e))?;
    Ok((StatusCode::CREATED, Json(case_dto(&state, &ctx, &auth, case).await?)).into_response())
}

/// A case as its reader may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDto {
    pub id: i64,
    /// `IOMed/2026/0001` once registered.
    pub number: Option<String>,
    pub title: String,
    pub category: String,
    /// `offer_pending`, `awaiting_screening`, `registered` or `closed`.
    pub stage: String,
    /// How it closed, if it did.
    pub closure: Option<String>,
    pub fee_paid: bool,
    #[schema(value_type = String, format = Date)]
    pub filed_on: Date,
    /// The scope outcome at filing.
    pub scope_at_filing: String,
    /// The reader's standing: `requesting`, `responding`, `invited` (the responding side before it
    /// consented: it reads the request and its annexes and answers the offer), `mediator`, or none
    /// (the Secretariat).
    pub standing: Option<&'static str>,
    /// The steps the caller may ask for now (`POST …/steps`).
    pub steps: Vec<&'static str>,
    pub deadlines: Vec<DeadlineDto>,
    pub history: Vec<HistoryDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryDto {
    pub seq: i64,
    pub at: String,
    /// `case.filed`, `case.offer_accepted`, `case.registered`, …
    pub kind: &'static str,
    pub text: String,
}

async fn case_dto(state: &AppState, ctx: &Ctx, auth: &Auth, id: i64) -> Result<CaseDto, WebError> {
    let (row, case, _) = state.store.case(id).await?.ok_or(WebError::NotFound)?;
    let history = state.store.case_history(id).await?;
    let standing = match auth.user() {
        Some(u) => state.store.standing(id, u.id).await?,
        None => None,
    };
    let today = seat_date(state.store.now());
    let rules = RulesProfile::in_force_on(case.filed_on());
    Ok(CaseDto {
        id,
        number: row.number.clone(),
        title: row.title.clone(),
        category: row.category.clone(),
        stage: row.stage.clone(),
        closure: row.closure.clone(),
        fee_paid: row.fee_paid,
        filed_on: row.filed_on,
        scope_at_filing: row.scope.clone(),
        standing: standing.map(|s| match s {
            Standing::Party(side) => side.as_str(),
            Standing::Invited => "invited",
            Standing::Mediator => "mediator",
        }),
        steps: case.offered_steps(&auth.actor(), standing).into_iter().map(|s| s.as_str()).collect(),
        deadlines: deadline_views(&state.i18n, ctx.lang, &auth.time_zone(), today, &case.deadlines(&rules)),
        history: history
            .iter()
            .map(|h| HistoryDto {
                seq: h.seq,
                at: h.at.to_string(),
                kind: h.event.kind(),
                text: event_message(&state.i18n, ctx.lang, &h.event),
            })
            .collect(),
    })
}

/// The cases the caller may see (their own, or every case for the Secretariat), newest first, a
/// page at a time, narrowed by stage, category, year of filing or words in the title or number.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", operation_id = "list_cases", params(CaseQuery),
    responses((status = 200, description = "A page of the cases", body = Paged<CaseSummaryDto>),
        (status = 400, response = problems::BadRequest), (status = 403, response = problems::Forbidden)),
    security(("bearer" = [])))]
pub async fn api_list(
    State(state): State<AppState>,
    auth: Auth,
    Query(query): Query<CaseQuery>,
) -> Result<Json<Paged<CaseSummaryDto>>, WebError> {
    authorize(&state, &auth, Action::ReadAccount, Resource::OwnAccount).await?;
    let user = auth.require_user()?;
    let lister = if can(&auth.actor(), Action::OverseeCases, Resource::Cases).is_ok() {
        Lister::Everyone
    } else {
        Lister::Participant(user.id)
    };
    let (filter, seek, list) = query.parse(&state.cursors, &state.i18n, "api/cases", Some(user.id))?;
    let slice = state.store.case_list(lister, &filter, &seek).await?;
    Ok(Json(Paged::of(&state.cursors, &list, slice, |c| summary_dto(&c.row))?))
}

/// One case, with its deadlines (in the caller's time zone) and procedural history. A case the
/// caller may not see answers 404, as one that does not exist.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases", operation_id = "get_case",
    params(("id" = i64, Path, description = "The case's id")),
    responses((status = 200, description = "The case", body = CaseDto), (status = 403, response = problems::Forbidden), (status = 404, response = problems::NotFound)),
    security(("bearer" = [])))]
pub async fn api_show(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Json<CaseDto>, WebError> {
    case_standing(&state, &auth, id, Action::ReadCase).await?;
    record_read(&state, &auth, id, "api", json!({})).await;
    Ok(Json(case_dto(&state, &ctx, &auth, id).await?))
}

/// A step in a case, by its `step`; the steps that need a number take `number`:
/// `accept_offer`, `decline_offer` (the responding side); `withdraw` (a party);
/// `mark_fee_paid` (finance, registrar); `register` (with `council_rule` for a discretionary
/// case), `refuse` (with `reasons`), `agree_mediators` with `number` (registrar);
/// `consent_publication` (a party, for its side: the case is published once every side agreed);
/// `propose_mediators` with `number` (a party, for its side: agreed when both propose the same);
/// `request_end` (a party: ended by agreement when every side asks); `record_settlement` with
/// `number`, the joint settlement agreement's document number (the registrar);
/// `declare_no_likelihood` (a mediator on the case).
#[derive(Debug, ToSchema)]
#[serde(untagged)]
#[schema(discriminator(property_name = "step", mapping(
    ("accept_offer" = "#/components/schemas/PlainStep"),
    ("decline_offer" = "#/components/schemas/PlainStep"),
    ("mark_fee_paid" = "#/components/schemas/PlainStep"),
    ("register" = "#/components/schemas/PlainStep"),
    ("refuse" = "#/components/schemas/PlainStep"),
    ("withdraw" = "#/components/schemas/PlainStep"),
    ("consent_publication" = "#/components/schemas/PlainStep"),
    ("request_end" = "#/components/schemas/PlainStep"),
    ("declare_no_likelihood" = "#/components/schemas/PlainStep"),
    ("agree_mediators" = "#/components/schemas/MediatorsStep"),
    ("propose_mediators" = "#/components/schemas/MediatorsStep"),
    ("record_settlement" = "#/components/schemas/SettlementStep"))))]
pub enum StepRequest {
    Plain(PlainStep),
    Mediators(MediatorsStep),
    Settlement(SettlementStep),
}

/// The steps that take a number.
const MEDIATOR_STEPS: [&str; 2] = ["agree_mediators", "propose_mediators"];
const SETTLEMENT_STEP: &str = "record_settlement";

fn step_names() -> Vec<&'static str> {
    StepKind::ALL.iter().map(|s| s.as_str()).collect()
}

impl<'de> Deserialize<'de> for StepRequest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let names: &'static [&'static str] = &STEP_NAMES;
        tagged(deserializer, "step", names, |step, value| match step {
            s if MEDIATOR_STEPS.contains(&s) => serde_json::from_value(value).map(StepRequest::Mediators),
            SETTLEMENT_STEP => serde_json::from_value(value).map(StepRequest::Settlement),
            _ => serde_json::from_value(value).map(StepRequest::Plain),
        })
    }
}

/// Every step's name, as the domain lists them.
static STEP_NAMES: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(step_names);

/// A step that takes no number.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlainStep {
    #[schema(schema_with = plain_step)]
    pub step: String,
    /// For `register` of a discretionary case: the Governing Council rule relied on.
    #[serde(default)]
    pub council_rule: String,
    /// For `refuse`.
    #[serde(default)]
    pub reasons: String,
}

/// `agree_mediators` (the registrar) or `propose_mediators` (a party, for its side).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MediatorsStep {
    #[schema(schema_with = mediators_step)]
    pub step: String,
    /// The number of mediators.
    #[schema(minimum = 1, maximum = 3)]
    pub number: u8,
}

/// `record_settlement` (the registrar).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettlementStep {
    #[schema(schema_with = settlement_step)]
    pub step: String,
    /// The joint settlement agreement's document number.
    pub number: i64,
}

impl StepRequest {
    /// The step's name, council rule, reasons and number, as the web form sends them.
    fn into_parts(self) -> (String, String, String, String) {
        match self {
            StepRequest::Plain(s) => (s.step, s.council_rule, s.reasons, String::new()),
            StepRequest::Mediators(s) => (s.step, String::new(), String::new(), s.number.to_string()),
            StepRequest::Settlement(s) => (s.step, String::new(), String::new(), s.number.to_string()),
        }
    }
}

fn plain_step() -> ObjectBuilder {
    one_of(step_names().into_iter().filter(|s| !MEDIATOR_STEPS.contains(s) && *s != SETTLEMENT_STEP))
}

fn mediators_step() -> ObjectBuilder {
    one_of(MEDIATOR_STEPS)
}

fn settlement_step() -> ObjectBuilder {
    one_of([SETTLEMENT_STEP])
}

/// Takes a step. A step out of turn, after its deadline, or by someone without the role is
/// refused with its reason, and nothing is written.
#[utoipa::path(post, path = "/api/v1/cases/{id}/steps", tag = "cases", operation_id = "take_step",
    params(("id" = i64, Path, description = "The case's id")),
    request_body(content = StepRequest, content_type = "application/json"),
    responses((status = 200, description = "The case after the step", body = CaseDto),
        (status = 400, response = problems::BadRequest),
        (status = 403, response = problems::Forbidden), (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict), (status = 413, response = problems::TooLarge),
        (status = 415, response = problems::UnsupportedMediaType)),
    security(("bearer" = [])))]
pub async fn api_step(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    body: Body<StepRequest>,
) -> Result<Json<CaseDto>, WebError> {
    write_token(&auth)?;
    let standing = case_standing(&state, &auth, id, Action::ReadCase).await?;
    let (name, council_rule, reasons, number) = body.parse()?.into_parts();
    let (kind, step) = parse_step(&name, &council_rule, &reasons, &number, standing).map_err(|e| match e {
        BadStep::Unknown => WebError::bad_request(
            "bad_body",
            Msg::new("error-bad-body").text("detail", format!("step: '{name}' is not a step one can ask for")),
        ),
        other => other.error(),
    })?;
    authorize(&state, &auth, kind.action(), Resource::Case(standing)).await?;
    match take_step(&state, &auth, id, kind, step).await {
        Ok(()) => Ok(Json(case_dto(&state, &ctx, &auth, id).await?)),
        // Every item screening misses, by its stable name and in the reader's words (W4).
        Err(StoreError::CaseRefused(CaseRefusal::Case(Refusal::ScreeningIncomplete { missing }))) => {
            let mut extra = serde_json::Map::new();
            extra.insert("missing".into(), json!(missing.iter().map(|m| m.code()).collect::<Vec<_>>()));
            Err(WebError::Detailed {
                status: StatusCode::CONFLICT,
                code: "screening_incomplete",
                message: Msg::new("screening-refused")
                    .text("text", crate::cases::screening::missing_text(&state.i18n, ctx.lang, &missing)),
                extra,
            })
        }
        Err(e) => Err(e.into()),
    }
}
