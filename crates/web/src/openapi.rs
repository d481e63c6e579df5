//! The OpenAPI 3.1 document, gathered from every resource's operations, and the page that lists
//! them.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;
use utoipa::openapi::path::{Operation, PathItem};

use crate::kit::auth::{Auth, public};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::problem::problems;
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;

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
        crate::public::registry::list_states,
        crate::public::registry::get_state,
        crate::public::registry::ledger_head,
        crate::public::registry::ledger_keys,
        crate::accounts::account::me,
        crate::notifications::api_list,
        crate::public::scope::check,
        crate::cases::api::api_create,
        crate::cases::api::api_get,
        crate::cases::api::api_update,
        crate::cases::api::api_file,
        crate::cases::annex_api::api_list,
        crate::cases::annex_api::api_attach,
        crate::cases::annex_api::api_detach,
        crate::cases::annex_api::api_download,
        crate::cases::api::api_list,
        crate::cases::api::api_show,
        crate::cases::api::api_step,
        crate::cases::officer::api_assign,
        crate::cases::dashboard::api_deadlines,
        crate::public::register::api_register,
        crate::documents::api::api_upload,
        crate::documents::api::api_list,
        crate::documents::api::api_show,
        crate::documents::download::download,
        crate::documents::share::api_ask,
        crate::documents::share::api_answer,
        crate::messages::api::api_list,
        crate::messages::api::api_send,
        crate::documents::export::export,
        crate::mediators::api::api_appoint,
        crate::mediators::api::api_case_appointments,
        crate::mediators::api::api_mine,
        crate::mediators::api::api_answer,
        crate::mediators::panels::api_panels,
        crate::mediators::api::api_rank,
        crate::mediators::api::api_agreed,
        crate::mediators::api::api_challenges,
        crate::mediators::api::api_challenge,
        crate::public::health::healthz,
        crate::public::health::readyz
    ),
    components(schemas(
        crate::public::registry::StateDto,
        crate::public::registry::DeclarationDto,
        crate::public::registry::LedgerHeadDto,
        crate::kit::problem::Problem,
        crate::accounts::account::MeDto,
        crate::public::scope::ScopeRequest,
        crate::kit::scope_view::ScopeAnswer,
        crate::cases::api::DraftDto,
        crate::cases::annex_api::AnnexDto,
        crate::cases::annex_api::AnnexList,
        crate::cases::annex_api::AnnexForm,
        crate::cases::annex_api::AnnexMetaBody,
        crate::cases::api::GapDto,
        crate::cases::api::IncompleteProblem,
        crate::cases::api::CaseDto,
        crate::kit::summaries::CaseSummaryDto,
        crate::cases::api::HistoryDto,
        crate::cases::views::DeadlineDto,
        crate::cases::api::StepRequest,
        crate::cases::officer::OfficerDto,
        crate::cases::dashboard::DueDto,
        crate::documents::api::DocumentDto,
        crate::documents::api::TranslationDto,
        crate::documents::api::UploadForm,
        crate::documents::share::ShareRequestDto,
        crate::documents::share::ShareAnswer,
        crate::messages::api::MessageDto,
        crate::messages::api::NewMessage,
        crate::mediators::api::AppointmentDto,
        crate::mediators::api::FindingDto,
        crate::mediators::api::AppointRequest,
        crate::mediators::api::AppointmentAnswer,
        crate::mediators::panels::PanelMemberDto,
        crate::mediators::api::RankingRequest,
        crate::mediators::api::ChallengeDto,
        crate::mediators::api::ChallengeRequest
    ),
    responses(
        problems::BadRequest,
        problems::Unauthorized,
        problems::Forbidden,
        problems::NotFound,
        problems::Conflict,
        problems::TooLarge,
        problems::UnsupportedMediaType,
        problems::Unprocessable,
        problems::TooManyRequests,
        problems::Unavailable
    )),
    modifiers(&BearerScheme, &CommonAnswers)
)]
pub struct ApiDoc;

/// The answers the request middleware can give to any API request, whatever its handler: 401 to
/// a Bearer token that is unknown, revoked or expired; 429 to a token over its budget (or once
/// wrong tokens from an address reach the lockout); 503 when the refusal or failure it must
/// record cannot be written now. Each operation declares the rest itself.
struct CommonAnswers;

impl utoipa::Modify for CommonAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::Ref;
        for (path, item) in openapi.paths.paths.iter_mut() {
            if !path.starts_with("/api/") {
                continue;
            }
            for operation in operations_mut(item) {
                for (status, name) in [("401", "Unauthorized"), ("429", "TooManyRequests"), ("503", "Unavailable")] {
                    operation
                        .responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| Ref::from_response_name(name).into());
                }
            }
        }
    }
}

/// Every operation of a path item, with its method.
pub fn operations(item: &PathItem) -> [(&'static str, Option<&Operation>); 8] {
    [
        ("GET", item.get.as_ref()),
        ("PUT", item.put.as_ref()),
        ("POST", item.post.as_ref()),
        ("DELETE", item.delete.as_ref()),
        ("OPTIONS", item.options.as_ref()),
        ("HEAD", item.head.as_ref()),
        ("PATCH", item.patch.as_ref()),
        ("TRACE", item.trace.as_ref()),
    ]
}

fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        item.get.as_mut(),
        item.put.as_mut(),
        item.post.as_mut(),
        item.delete.as_mut(),
        item.options.as_mut(),
        item.head.as_mut(),
        item.patch.as_mut(),
        item.trace.as_mut(),
    ]
    .into_iter()
    .flatten()
}

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

/// One operation of the OpenAPI document, for the API page.
pub struct Listed {
    pub method: &'static str,
    pub path: String,
    pub summary: String,
}

#[derive(Template)]
#[template(path = "api.html")]
struct ApiPage<'a> {
    p: Page<'a>,
    operations: Vec<Listed>,
}

pub async fn api_docs(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Result<Response, WebError> {
    public(&state, &auth).await?;
    let doc = ApiDoc::openapi();
    let mut listed = Vec::new();
    for (path, item) in &doc.paths.paths {
        for (method, op) in operations(item) {
            if let Some(op) = op {
                // A short summary in the reader's language (`api-op-{operation_id}`); the
                // document's own, in English, for an operation without one.
                let summary = op
                    .operation_id
                    .as_deref()
                    .map(|id| format!("api-op-{id}"))
                    .filter(|key| state.i18n.has(ctx.lang, key))
                    .map(|key| state.i18n.message(ctx.lang, &key, &[]))
                    .or_else(|| op.summary.clone())
                    .or_else(|| op.description.clone())
                    .unwrap_or_default();
                listed.push(Listed { method, path: path.clone(), summary });
            }
        }
    }
    let page = ApiPage { p: Page::new(&state, &ctx, &auth, "api").await, operations: listed };
    render(&ctx, StatusCode::OK, &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The API page lists each operation with a short summary in each of the four languages.
    #[test]
    fn every_operation_has_its_summary_in_every_language() {
        let i18n = crate::kit::i18n::I18n::load().unwrap();
        let doc = ApiDoc::openapi();
        let mut count = 0;
        for item in doc.paths.paths.values() {
            for (_, op) in operations(item) {
                let Some(op) = op else { continue };
                let id = op.operation_id.as_deref().unwrap_or_default();
                for lang in crate::kit::i18n::Lang::ALL {
                    assert!(i18n.has(lang, &format!("api-op-{id}")), "api-op-{id} in {}", lang.tag());
                }
                count += 1;
            }
        }
        assert!(count >= 37, "{count}");
    }
}
