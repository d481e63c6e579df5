//! The JSON API under `/api/v1`, and the OpenAPI 3.1 document generated from this code.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use iomed_domain::registry::{Founding, StateCode, StateView, UnMembership};
use serde::Serialize;
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::kit::context::form_urlencoded_pairs;
use crate::kit::problem::Problem;
use crate::kit::views::{Filters, Snapshot};
use crate::legacy::auth::Auth;
use crate::{AppState, Ctx};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "iomed API",
        description = "The public API of iomed, the platform of the International Organization for Mediation. \
                       Names are given in the language negotiated by `?lang=` (en, zh-Hans, zh-Hant, fr), the `lang` \
                       cookie or `Accept-Language`. Errors are `application/problem+json` with a stable `code`.",
        license(name = "MIT OR Apache-2.0")
    ),
    paths(
        list_states,
        get_state,
        ledger_head,
        crate::accounts::account::me,
        crate::scope::check,
        crate::cases::api_create,
        crate::cases::api_get,
        crate::cases::api_update,
        crate::cases::api_file,
        crate::cases::api_list,
        crate::cases::api_show,
        crate::cases::api_step,
        crate::cases::api_deadlines,
        crate::cases::api_register,
        crate::documents::api_upload,
        crate::documents::api_list,
        crate::documents::api_show,
        crate::documents::download,
        crate::documents::api_ask,
        crate::documents::api_answer,
        crate::messages::api_list,
        crate::messages::api_send,
        crate::export::export,
        crate::mediators::api_appoint,
        crate::mediators::api_case_appointments,
        crate::mediators::api_mine,
        crate::mediators::api_answer,
        crate::mediators::api_panels,
        crate::mediators::api_rank,
        crate::mediators::api_agreed,
        crate::mediators::api_challenges,
        crate::mediators::api_challenge,
        healthz,
        readyz
    ),
    components(schemas(
        StateDto,
        DeclarationDto,
        LedgerHeadDto,
        Problem,
        crate::accounts::account::MeDto,
        crate::scope::ScopeRequest,
        crate::scope::ScopeAnswer,
        crate::cases::DraftDto,
        crate::cases::GapDto,
        crate::cases::IncompleteProblem,
        crate::cases::CaseDto,
        crate::cases::CaseSummaryDto,
        crate::cases::HistoryDto,
        crate::cases::DeadlineDto,
        crate::cases::StepRequest,
        crate::cases::DueDto,
        crate::documents::DocumentDto,
        crate::documents::TranslationDto,
        crate::documents::UploadForm,
        crate::documents::ShareRequestDto,
        crate::documents::ShareAnswer,
        crate::messages::MessageDto,
        crate::messages::NewMessage,
        crate::mediators::AppointmentDto,
        crate::mediators::FindingDto,
        crate::mediators::AppointRequest,
        crate::mediators::AppointmentAnswer,
        crate::mediators::PanelMemberDto,
        crate::mediators::RankingRequest,
        crate::mediators::ChallengeDto,
        crate::mediators::ChallengeRequest
    )),
    modifiers(&BearerScheme)
)]
pub struct ApiDoc;

/// Declares the `bearer` security scheme: `Authorization: Bearer <token>`, a token created on the
/// account page or with `iomed token create`.
struct BearerScheme;

impl utoipa::Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// A State and its record under the IOMed Convention.
#[derive(Debug, Serialize, ToSchema)]
pub struct StateDto {
    /// ISO 3166-1 alpha-3.
    pub code: String,
    /// The CLDR name in the negotiated language.
    pub name: String,
    /// `member` or `observer` (UN non-member observer State).
    pub un_membership: &'static str,
    /// `african`, `asia_pacific`, `eastern_european`, `latin_american_caribbean`,
    /// `western_european_others` or `none`.
    pub un_regional_group: &'static str,
    /// `non_signatory`, `signatory`, `contracting` (has consented to be bound) or `withdrawn`.
    pub status: &'static str,
    /// True when the State is a founding member, derived from its consent and the founding windows.
    pub founding_member: bool,
    /// `yes`, `no`, or `unknown` where a fact needed to decide is not on record.
    pub founding: &'static str,
    #[schema(format = Date)]
    pub signed_on: Option<String>,
    #[schema(format = Date)]
    pub consent_on: Option<String>,
    /// `ratification`, `acceptance`, `approval` or `accession`.
    pub consent_instrument: Option<&'static str>,
    /// The Convention is in force for the State from this date (computed from the rules).
    #[schema(format = Date)]
    pub in_force_on: Option<String>,
    pub declarations: Vec<DeclarationDto>,
    /// False where a source for a fact on record could not be verified.
    pub verified: bool,
    /// Where each fact on record comes from.
    pub sources: Vec<String>,
}

/// A declaration excluding categories of dispute.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeclarationDto {
    pub number: u32,
    /// Subject-matter identifiers such as `territorial_sovereignty`.
    pub subjects: Vec<&'static str>,
    pub text: Option<String>,
    #[schema(format = Date)]
    pub made_on: String,
    #[schema(format = Date)]
    pub withdrawn_on: Option<String>,
    /// In force today.
    pub in_force: bool,
    pub verified: bool,
}

/// The head of the public ledger, signed by this server.
#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerHeadDto {
    /// The number of the last entry (0 for an empty ledger).
    pub seq: i64,
    /// BLAKE3 hash of the last entry, hex.
    pub hash: String,
    /// Ed25519 signature, hex (64 bytes), over: the 27 bytes `iomed ledger checkpoint v1\n`,
    /// `seq` as an unsigned 64-bit big-endian integer, and the 32 raw bytes of `hash`.
    pub signature: String,
    /// Ed25519 public key, hex (32 bytes).
    pub public_key: String,
    /// Always `hex`.
    pub encoding: &'static str,
}

/// Query of `GET /api/v1/states`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatesQuery {
    /// Only States with this status: `non_signatory`, `signatory`, `contracting` or `withdrawn`.
    pub status: Option<String>,
    /// Only States of this UN regional group.
    pub group: Option<String>,
    /// Language of the names: `en`, `zh-Hans`, `zh-Hant` or `fr`.
    pub lang: Option<String>,
}

pub(crate) fn state_dto(snapshot: &Snapshot, name: String, view: &StateView<'_>) -> StateDto {
    let record = view.record;
    let mut sources = Vec::new();
    if let Some(s) = &record.signature {
        sources.push(s.evidence.source().to_owned());
    }
    if let Some(c) = &record.consent {
        sources.push(c.evidence.source().to_owned());
    }
    for d in &record.declarations {
        sources.push(d.evidence.source().to_owned());
    }
    if let Some(d) = &record.denunciation {
        sources.push(d.evidence.source().to_owned());
    }
    sources.dedup();
    StateDto {
        code: view.un.code.to_string(),
        name,
        un_membership: match view.un.membership {
            UnMembership::Member => "member",
            UnMembership::Observer => "observer",
        },
        un_regional_group: view.un.group.as_str(),
        status: view.status.as_str(),
        founding_member: view.founding == Founding::Yes,
        founding: crate::kit::views::founding_key(view.founding),
        signed_on: view.signed_on.map(|d| d.to_string()),
        consent_on: view.consent_on.map(|d| d.to_string()),
        consent_instrument: record.consent.as_ref().map(|c| c.instrument.as_str()),
        in_force_on: view.in_force_on.map(|d| d.to_string()),
        declarations: record
            .declarations
            .iter()
            .map(|d| DeclarationDto {
                number: d.number,
                subjects: d.subjects.iter().map(|s| s.as_str()).collect(),
                text: d.text.clone(),
                made_on: d.made_on.to_string(),
                withdrawn_on: d.withdrawn_on.map(|w| w.to_string()),
                in_force: d.in_force_on(snapshot.today),
                verified: d.evidence.verified(),
            })
            .collect(),
        verified: view.verified,
        sources,
    }
}

fn internal(state: &AppState, ctx: &Ctx, error: &dyn std::fmt::Display) -> Problem {
    tracing::error!(%error, "request failed");
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        state.i18n.message(ctx.lang, "error-internal-title", &[]),
        state.i18n.message(ctx.lang, "error-internal-body", &[]),
    )
}

/// Every UN member and observer State with its IOMed status, sorted by name.
#[utoipa::path(
    get,
    path = "/api/v1/states",
    params(StatesQuery),
    responses(
        (status = 200, description = "The States", body = [StateDto]),
        (status = 400, description = "A filter value is not known", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn list_states(State(state): State<AppState>, ctx: Ctx, auth: Auth, RawQuery(query): RawQuery) -> Response {
    if let Err(r) = crate::legacy::auth::public(&state, &ctx, &auth).await {
        return r;
    }
    let pairs = query.as_deref().map(form_urlencoded_pairs).unwrap_or_default();
    let filters = match Filters::parse(&pairs) {
        Ok(f) => f,
        Err(e) => {
            let problem = Problem::new(
                StatusCode::BAD_REQUEST,
                "bad_query",
                state.i18n.message(ctx.lang, "error-bad-request-title", &[]),
                e.message(&state.i18n, ctx.lang),
            );
            return ctx.finish(problem);
        }
    };
    let registry = match state.store.registry().await {
        Ok(r) => r,
        Err(e) => return ctx.finish(internal(&state, &ctx, &e)),
    };
    let snapshot = Snapshot::new(registry, state.store.now());
    let list: Vec<StateDto> = snapshot
        .states(&state.i18n, ctx.lang, filters)
        .into_iter()
        .map(|(name, view)| state_dto(&snapshot, name, &view))
        .collect();
    ctx.finish(Json(list))
}

/// One State, by ISO 3166-1 alpha-3 code (any letter case).
#[utoipa::path(
    get,
    path = "/api/v1/states/{code}",
    params(("code" = String, Path, description = "ISO 3166-1 alpha-3, e.g. CHN")),
    responses(
        (status = 200, description = "The State", body = StateDto),
        (status = 404, description = "Not a UN member or observer State", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn get_state(State(state): State<AppState>, ctx: Ctx, auth: Auth, Path(code): Path<String>) -> Response {
    if let Err(r) = crate::legacy::auth::public(&state, &ctx, &auth).await {
        return r;
    }
    let Ok(code) = StateCode::parse(&code) else {
        let problem = Problem::new(
            StatusCode::NOT_FOUND,
            "unknown_state",
            state.i18n.message(ctx.lang, "error-not-found-title", &[]),
            state.i18n.message(ctx.lang, "error-unknown-state", &[("code", code.into())]),
        );
        return ctx.finish(problem);
    };
    let registry = match state.store.registry().await {
        Ok(r) => r,
        Err(e) => return ctx.finish(internal(&state, &ctx, &e)),
    };
    let snapshot = Snapshot::new(registry, state.store.now());
    let Some(un) = code.un() else {
        return ctx.finish(internal(&state, &ctx, &"parsed code without UN data"));
    };
    let view = snapshot.registry.view(un, snapshot.today, &snapshot.rules);
    let name = state.i18n.country(ctx.lang, un);
    ctx.finish(Json(state_dto(&snapshot, name, &view)))
}

/// The ledger head, signed now with the server's Ed25519 key.
#[utoipa::path(
    get,
    path = "/api/v1/ledger/head",
    responses((status = 200, description = "The signed head", body = LedgerHeadDto))
)]
pub async fn ledger_head(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Response {
    if let Err(r) = crate::legacy::auth::public(&state, &ctx, &auth).await {
        return r;
    }
    match state.store.signed_head().await {
        Ok(signed) => ctx.finish(Json(LedgerHeadDto {
            seq: signed.head.seq,
            hash: hex::encode(signed.head.hash),
            signature: hex::encode(signed.signature),
            public_key: hex::encode(signed.public_key),
            encoding: "hex",
        })),
        Err(e) => ctx.finish(internal(&state, &ctx, &e)),
    }
}

/// Alive: the process answers.
#[utoipa::path(get, path = "/healthz", responses((status = 200, description = "Alive")))]
pub async fn healthz() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "ok\n")
}

/// Ready: the database answers.
#[utoipa::path(
    get,
    path = "/readyz",
    responses(
        (status = 200, description = "Ready"),
        (status = 503, description = "The database does not answer, or nothing can be written now (`database_unavailable`, `writer_stopped`, `writer_unavailable`)", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn readyz(State(state): State<AppState>) -> Response {
    let unavailable = |code: &'static str, detail: &str| {
        Problem::new(StatusCode::SERVICE_UNAVAILABLE, code, "Not ready".into(), detail.into()).into_response()
    };
    if let Err(e) = state.store.ping().await {
        tracing::warn!(error = %e, "not ready: the database does not answer");
        return unavailable("database_unavailable", "The database does not answer.");
    }
    let status = state.store.writer_status();
    if !status.running {
        return unavailable("writer_stopped", "The ledger writer has stopped: nothing can be written. Restart iomed.");
    }
    if let Err(e) = state.store.probe_writer(std::time::Duration::from_secs(2)).await {
        tracing::warn!(error = %e, "not ready: the ledger writer does not answer");
        return unavailable("writer_unavailable", "The ledger writer does not answer: nothing can be written now.");
    }
    let mut text = String::from("ready\n");
    if let Some((at, _)) = &status.last_panic {
        text.push_str(&format!(
            "the ledger writer recovered from {} panic(s), the last at {at}; see the server's log\n",
            status.panics
        ));
    }
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// The OpenAPI 3.1 document.
pub async fn openapi_json() -> Response {
    match ApiDoc::openapi().to_pretty_json() {
        Ok(json) => ([(header::CONTENT_TYPE, "application/json")], json).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "openapi");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
