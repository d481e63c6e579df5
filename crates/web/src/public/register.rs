//! The public register of cases: the basic information of the cases whose every side agreed to
//! publication (W18). Every other case stays unknown, even its existence (W13).

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use iomed_store::cases::{CaseFilter, Lister};

use crate::kit::auth::{Auth, public};
use crate::kit::case_query::CaseQuery;
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::forms::Query;
use crate::kit::paging::{PageParams, Paged, Pager};
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;
use crate::kit::summaries::{CaseSummaryDto, summary_dto};

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage<'a> {
    p: Page<'a>,
    cases: Vec<CaseSummaryDto>,
    pager: Pager,
    error: Option<String>,
}

pub async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Query(query): Query<PageParams>,
) -> Result<Response, WebError> {
    public(&state, &auth).await?;
    let (seek, error) = query.seek_or_first(&state.cursors, "register", &state.i18n, ctx.lang);
    let slice = state.store.case_list(Lister::Published, &CaseFilter::default(), &seek).await?;
    let limit = if error.is_none() { query.limit.as_deref() } else { None };
    let pager =
        Pager::of(&state.cursors, "register", "/register", &CaseQuery::encoded(&CaseFilter::default(), limit), &slice)?;
    let cases = slice
        .items
        .iter()
        .map(|c| {
            let mut summary = summary_dto(&c.row);
            summary.title = crate::kit::views::case_title(&state.i18n, ctx.lang, &c.row.title);
            summary
        })
        .collect();
    let p = Page::new(&state, &ctx, &auth, "register").await;
    render(&ctx, StatusCode::OK, &RegisterPage { p, cases, pager, error })
}

/// The public register: the basic information of the cases whose every side agreed to
/// publication. Every other case stays unknown (W13, W18).
#[utoipa::path(get, path = "/api/v1/register", tag = "cases", operation_id = "public_register", params(PageParams),
    responses((status = 200, description = "A page of the published cases", body = Paged<CaseSummaryDto>),
        (status = 400, response = crate::kit::problem::problems::BadRequest)))]
pub async fn api_register(
    State(state): State<AppState>,
    auth: Auth,
    Query(query): Query<PageParams>,
) -> Result<Json<Paged<CaseSummaryDto>>, WebError> {
    public(&state, &auth).await?;
    let seek = query.seek(&state.cursors, "api/register")?;
    let slice = state.store.case_list(Lister::Published, &CaseFilter::default(), &seek).await?;
    Ok(Json(Paged::of(&state.cursors, "api/register", slice, |c| summary_dto(&c.row))?))
}
