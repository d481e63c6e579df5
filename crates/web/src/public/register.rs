//! The public register of cases: the basic information of the cases whose every side agreed to
//! publication (W18). Every other case stays unknown, even its existence (W13).

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::kit::auth::{Auth, public};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;
use crate::kit::summaries::{CaseSummaryDto, summary_dto};

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage<'a> {
    p: Page<'a>,
    cases: Vec<CaseSummaryDto>,
}

pub async fn register(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Result<Response, WebError> {
    public(&state, &auth).await?;
    let rows = state.store.public_cases().await?;
    let cases = rows
        .iter()
        .map(|r| {
            let mut summary = summary_dto(r);
            summary.title = crate::kit::views::case_title(&state.i18n, ctx.lang, &r.title);
            summary
        })
        .collect();
    let p = Page::new(&state, &ctx, &auth, "register").await;
    render(&ctx, StatusCode::OK, &RegisterPage { p, cases })
}

/// The public register: the basic information of the cases whose every side agreed to
/// publication. Every other case stays unknown (W13, W18).
#[utoipa::path(get, path = "/api/v1/register", tag = "cases", operation_id = "public_register",
    responses((status = 200, description = "The published cases", body = [CaseSummaryDto])))]
pub async fn api_register(State(state): State<AppState>, auth: Auth) -> Result<Json<Vec<CaseSummaryDto>>, WebError> {
    public(&state, &auth).await?;
    Ok(Json(state.store.public_cases().await?.iter().map(summary_dto).collect()))
}
