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
use iomed_domain::case::{DeadlineKind, StageName, scope_alert_of};
use iomed_store::cases::DueKey;
use iomed_store::paging::{Seek, Slice, Toward};
use jiff::civil::Date;

use crate::kit::auth::{Auth, authorize};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::forms::Query;
use crate::kit::i18n::Lang;
use crate::kit::paging::{PageParams, Paged, Pager, bad_parameter};
use crate::kit::render::{Page, render};
use crate::kit::scope_view::answer;
use crate::kit::state::{Alerts, AppState};

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
    pager: Pager,
    error: Option<String>,
}

/// The open cases the engine would treat worse today than at filing (E14). An alert depends only
/// on the request, the day and the registry, so the list is computed once per day and registry
/// version (from the projection: no case is replayed) and then only filtered for cases closed
/// since.
async fn scope_alerts(state: &AppState, lang: Lang) -> Result<Vec<(i64, String, String)>, WebError> {
    let today = seat_date(state.store.now());
    let version = state.store.registry_version().await?;
    let alerts = {
        let mut memo = state.alerts.lock().await;
        match memo.as_ref() {
            Some(a) if a.day == today && a.registry == version => a.cases.clone(),
            _ => {
                let registry = state.registry().await?;
                let cases: Vec<_> = state
                    .store
                    .open_case_filings()
                    .await?
                    .into_iter()
                    .filter_map(|(id, at_filing, draft)| {
                        scope_alert_of(at_filing, &draft, today, &registry).map(|a| (id, a))
                    })
                    .collect();
                *memo = Some(Alerts { day: today, registry: version, cases: cases.clone() });
                cases
            }
        }
    };
    let mut out = Vec::with_capacity(alerts.len());
    for (id, alert) in alerts {
        let Some(row) = state.store.case_row(id).await? else { continue };
        if row.stage == StageName::Closed.as_str() {
            continue;
        }
        let rules = RulesProfile::in_force_on(row.filed_on);
        let title = crate::kit::views::case_title(&state.i18n, lang, &row.title);
        out.push((row.id, title, answer(&state.i18n, lang, &alert, &rules).outcome_label));
    }
    Ok(out)
}

/// Where a page of the dashboard goes on from, as its cursor keeps it.
type DueCursor = (Date, i64, String);

fn due_key((due, case_seq, kind): DueCursor) -> Option<DueKey> {
    Some(DueKey { due, case_seq, kind: DeadlineKind::parse(&kind)? })
}

/// A page of the deadlines due within the horizon, and those overdue, soonest first, read from
/// the projection of each case's time limits (no case is rebuilt).
async fn due_soon(
    state: &AppState,
    lang: Lang,
    zone: &str,
    list: &str,
    page: &PageParams,
) -> Result<(Vec<DueItem>, Slice<(), DueCursor>), WebError> {
    let today = seat_date(state.store.now());
    let until = today.checked_add(jiff::Span::new().days(DASHBOARD_HORIZON_DAYS)).unwrap_or(today);
    let seek: Seek<DueCursor> = page.seek(&state.cursors, list)?;
    let seek = Seek {
        from: match seek.from {
            None => None,
            Some((toward, key)) => Some((toward, due_key(key).ok_or_else(|| bad_parameter("cursor"))?)),
        },
        limit: seek.limit,
    };
    let slice = state.store.deadlines_due(until, &seek).await?;
    let cursor = |k: DueKey| (k.due, k.case_seq, k.kind.as_str().to_string());
    let keys =
        Slice { items: Vec::new(), before: slice.before.clone().map(cursor), after: slice.after.clone().map(cursor) };
    let mut items = Vec::with_capacity(slice.items.len());
    for due in slice.items {
        for d in deadline_views(&state.i18n, lang, zone, today, &[due.deadline]) {
            items.push(DueItem {
                case: due.case.id,
                title: crate::kit::views::case_title(&state.i18n, lang, &due.case.title),
                number: due.case.number.clone().unwrap_or_default(),
                deadline: d,
            });
        }
    }
    Ok((items, keys))
}

pub async fn dashboard(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Query(page): Query<PageParams>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::OverseeCases, Resource::Cases).await?;
    let zone = auth.time_zone();
    let (items, keys, error) = match due_soon(&state, ctx.lang, &zone, "deadlines", &page).await {
        Ok((items, keys)) => (items, keys, None),
        Err(e @ WebError::Detailed { .. }) => {
            let (items, keys) = due_soon(&state, ctx.lang, &zone, "deadlines", &PageParams::default()).await?;
            (items, keys, Some(e.texts().1.render(&state.i18n, ctx.lang)))
        }
        Err(e) => return Err(e),
    };
    let limit = if error.is_none() { page.limit.as_deref() } else { None };
    let query = limit.map(|l| format!("limit={}", form_urlencoded::byte_serialize(l.as_bytes()).collect::<String>()));
    let pager =
        Pager::of(&state.cursors, "deadlines", "/secretariat/deadlines", query.as_deref().unwrap_or(""), &keys)?;
    let alerts = scope_alerts(&state, ctx.lang).await?;
    let p = Page::new(&state, &ctx, &auth, "deadlines").await;
    let days_usize = usize::try_from(DASHBOARD_HORIZON_DAYS).unwrap_or(14);
    render(&ctx, StatusCode::OK, &DeadlinesPage { p, items, alerts, days_usize, zone, pager, error })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DueDto {
    pub case: i64,
    pub number: Option<String>,
    pub deadline: DeadlineDto,
}

/// The deadlines of every open case due in the next 14 days, and those overdue, soonest first,
/// a page at a time (the Secretariat).
#[utoipa::path(get, path = "/api/v1/deadlines", tag = "cases", operation_id = "due_deadlines", params(PageParams),
    responses((status = 200, description = "A page of the time limits that fall due within the dashboard's horizon", body = Paged<DueDto>),
        (status = 400, response = crate::kit::problem::problems::BadRequest),
        (status = 403, response = crate::kit::problem::problems::Forbidden)),
    security(("bearer" = [])))]
pub async fn api_deadlines(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Query(page): Query<PageParams>,
) -> Result<Json<Paged<DueDto>>, WebError> {
    authorize(&state, &auth, Action::OverseeCases, Resource::Cases).await?;
    let (items, keys) = due_soon(&state, ctx.lang, &auth.time_zone(), "api/deadlines", &page).await?;
    let next = keys.after.as_ref().map(|k| state.cursors.seal("api/deadlines", Toward::After, k)).transpose()?;
    let items = items
        .into_iter()
        .map(|i| DueDto { case: i.case, number: (!i.number.is_empty()).then_some(i.number), deadline: i.deadline })
        .collect();
    Ok(Json(Paged { items, next }))
}
