//! The Secretariat's dashboard: every deadline due within the horizon (and those overdue), and
//! the open cases the scope engine would treat worse today than at filing (E14).

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use iomed_domain::access::{Action, Resource};
use iomed_domain::case::DASHBOARD_HORIZON_DAYS;
use iomed_domain::rules::RulesProfile;
use iomed_domain::seat::seat_date;
use serde::Serialize;
use utoipa::ToSchema;

use crate::cases::views::{DeadlineDto, deadline_views};
use crate::kit::auth::{Auth, authorize};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::i18n::Lang;
use crate::kit::render::{Page, render};
use crate::kit::scope_view::answer;
use crate::kit::state::AppState;

pub struct DueItem {
    pub case: i64,
    pub title: String,
    pub number: String,
    pub deadline: DeadlineDto,
}

#[derive(Template)]
#[template(path = "deadlines.html")]
struct DeadlinesPage<'a> {
    p: Page<'a>,
    items: Vec<DueItem>,
    /// Open cases the engine would treat worse today than at filing: (case, title, outcome).
    alerts: Vec<(i64, String, String)>,
    days_usize: usize,
    zone: String,
}

/// The open cases the engine would treat worse today than at filing (E14).
async fn scope_alerts(state: &AppState, lang: Lang) -> Result<Vec<(i64, String, String)>, WebError> {
    let today = seat_date(state.store.now());
    let registry = state.store.registry().await?;
    let mut alerts = Vec::new();
    for (row, _) in state.store.open_cases().await? {
        let Some((row, case, draft)) = state.store.case(row.id).await? else { continue };
        if let Some(a) = case.scope_alert(&draft, today, &registry) {
            let rules = RulesProfile::in_force_on(case.filed_on());
            let title = crate::kit::views::case_title(&state.i18n, lang, &row.title);
            alerts.push((row.id, title, answer(&state.i18n, lang, &a, &rules).outcome_label));
        }
    }
    Ok(alerts)
}

/// The deadlines due within the horizon, and those overdue, soonest first.
async fn due_soon(state: &AppState, lang: Lang, zone: &str) -> Result<Vec<DueItem>, WebError> {
    let today = seat_date(state.store.now());
    let mut items = Vec::new();
    for (row, case) in state.store.open_cases().await? {
        let rules = RulesProfile::in_force_on(case.filed_on());
        for d in deadline_views(&state.i18n, lang, zone, today, &case.deadlines(&rules)) {
            if d.days_left <= DASHBOARD_HORIZON_DAYS {
                items.push(DueItem {
                    case: row.id,
                    title: crate::kit::views::case_title(&state.i18n, lang, &row.title),
                    number: row.number.clone().unwrap_or_default(),
                    deadline: d,
                });
            }
        }
    }
    items.sort_by_key(|i| (i.deadline.due, i.case));
    Ok(items)
}

pub async fn dashboard(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::OverseeCases, Resource::Cases).await?;
    let zone = auth.time_zone();
    let items = due_soon(&state, ctx.lang, &zone).await?;
    let alerts = scope_alerts(&state, ctx.lang).await?;
    let p = Page::new(&state, &ctx, &auth, "deadlines").await;
    let days_usize = usize::try_from(DASHBOARD_HORIZON_DAYS).unwrap_or(14);
    render(&ctx, StatusCode::OK, &DeadlinesPage { p, items, alerts, days_usize, zone })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DueDto {
    pub case: i64,
    pub number: Option<String>,
    pub deadline: DeadlineDto,
}

/// The deadlines of every open case due in the next 14 days, and those overdue (the Secretariat).
#[utoipa::path(get, path = "/api/v1/deadlines", tag = "cases", operation_id = "due_deadlines",
    responses((status = 200, description = "The time limits that fall due within the dashboard's horizon", body = [DueDto]), (status = 403, response = crate::kit::problem::problems::Forbidden)),
    security(("bearer" = [])))]
pub async fn api_deadlines(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Result<Json<Vec<DueDto>>, WebError> {
    authorize(&state, &auth, Action::OverseeCases, Resource::Cases).await?;
    let items = due_soon(&state, ctx.lang, &auth.time_zone()).await?;
    Ok(Json(
        items
            .into_iter()
            .map(|i| DueDto { case: i.case, number: (!i.number.is_empty()).then_some(i.number), deadline: i.deadline })
            .collect(),
    ))
}
