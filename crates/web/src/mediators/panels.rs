//! The public panels of mediators: the members today with their public profiles, searched and
//! filtered; a page per member; and `GET /api/v1/panels`.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use iomed_domain::access::UserId;
use iomed_domain::registry::StateCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::kit::auth::{Auth, public};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::forms::{Path, Query};
use crate::kit::i18n::Lang;
use crate::kit::paging::{PageParams, Paged, Pager, link_query};
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;
use iomed_store::paging::{Seek, Slice};

/// A panel member as the public list shows them.
#[derive(Debug, Serialize, ToSchema)]
pub struct PanelMemberDto {
    pub id: i64,
    pub name: String,
    pub native_name: String,
    /// Alpha-3 codes.
    pub nationalities: Vec<String>,
    pub languages: Vec<String>,
    pub expertise: Vec<String>,
    /// `inter_state`, `commercial_investment`.
    pub panels: Vec<&'static str>,
    /// The States that designated them, alpha-3.
    pub designated_by: Vec<String>,
    pub biography: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PanelFilters {
    pub q: String,
    pub panel: String,
    pub language: String,
    pub nationality: String,
}

/// The members of the panels today, with their public profile, filtered.
async fn members(state: &AppState, filters: &PanelFilters) -> Result<Vec<PanelMemberDto>, WebError> {
    let today = iomed_domain::seat::seat_date(state.store.now());
    let designations: Vec<_> = state.store.designations().await?.into_iter().filter(|d| d.active_on(today)).collect();
    let mut ids: Vec<UserId> = designations.iter().map(|d| d.mediator).collect();
    ids.sort();
    ids.dedup();
    let mut out = Vec::new();
    for id in ids {
        let Some(profile) = state.store.mediator_profile(id).await? else { continue };
        let mine: Vec<_> = designations.iter().filter(|d| d.mediator == id).collect();
        let mut panels: Vec<&'static str> = mine.iter().map(|d| d.panel.as_str()).collect();
        panels.sort();
        panels.dedup();
        let mut by: Vec<String> = mine.iter().map(|d| d.state.to_string()).collect();
        by.sort();
        by.dedup();
        out.push(PanelMemberDto {
            id: id.0,
            name: profile.name.clone(),
            native_name: profile.native_name.clone(),
            nationalities: profile.nationalities.iter().map(|c| c.to_string()).collect(),
            languages: profile.languages.clone(),
            expertise: profile.expertise.clone(),
            panels,
            designated_by: by,
            biography: profile.biography.clone(),
        });
    }
    let q = filters.q.trim().to_lowercase();
    out.retain(|m| {
        (q.is_empty()
            || m.name.to_lowercase().contains(&q)
            || m.native_name.to_lowercase().contains(&q)
            || m.expertise.iter().any(|e| e.to_lowercase().contains(&q)))
            && (filters.panel.is_empty() || m.panels.contains(&filters.panel.as_str()))
            && (filters.language.is_empty() || m.languages.contains(&filters.language))
            && (filters.nationality.is_empty() || m.nationalities.contains(&filters.nationality.to_uppercase()))
    });
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

#[derive(Template)]
#[template(path = "panels.html")]
struct PanelsPage<'a> {
    p: Page<'a>,
    members: Vec<(PanelMemberDto, String)>,
    filters: PanelFilters,
    one: bool,
    pager: Pager,
    error: Option<String>,
}

/// The list a cursor of the panels is bound to: its filters.
fn list_of(name: &str, f: &PanelFilters) -> String {
    format!("{name}|{}|{}|{}|{}", f.q.trim(), f.panel, f.language, f.nationality)
}

/// Where a page of the panels goes on from: the name and id of a member (they are in order of
/// name, then id).
type MemberKey = (String, i64);

/// The filters as a query string, for the links of the pages.
fn query_of(filters: &PanelFilters, limit: Option<&str>) -> String {
    let pairs = [
        ("q", filters.q.trim()),
        ("panel", filters.panel.as_str()),
        ("language", filters.language.as_str()),
        ("nationality", filters.nationality.as_str()),
    ];
    link_query(&pairs, limit)
}

/// A page of `all` (in order of name, then id) from `seek`, read as the store reads a table.
fn page_of(all: Vec<PanelMemberDto>, seek: &Seek<MemberKey>) -> Slice<PanelMemberDto, MemberKey> {
    Slice::of_sorted(all.into_iter().map(|m| ((m.name.clone(), m.id), m)).collect(), seek)
}

fn nationality_names(state: &AppState, lang: Lang, m: &PanelMemberDto) -> String {
    m.nationalities
        .iter()
        .map(|c| {
            StateCode::parse(c)
                .ok()
                .and_then(|c| c.un())
                .map(|un| state.i18n.country(lang, un))
                .unwrap_or_else(|| c.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn panels(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Query(filters): Query<PanelFilters>,
    Query(page): Query<PageParams>,
) -> Result<Response, WebError> {
    public(&state, &auth).await?;
    let list = list_of("panels", &filters);
    let (seek, error) = page.seek_or_first::<MemberKey>(&state.cursors, &list, &state.i18n, ctx.lang);
    let slice = page_of(members(&state, &filters).await?, &seek);
    let query = query_of(&filters, page.limit.as_deref().filter(|_| error.is_none()));
    let pager = Pager::of(&state.cursors, &list, "/panels", &query, &slice)?;
    let members =
        slice.items.into_iter().map(|m| (nationality_names(&state, ctx.lang, &m), m)).map(|(n, m)| (m, n)).collect();
    let p = Page::new(&state, &ctx, &auth, "panels").await;
    render(&ctx, StatusCode::OK, &PanelsPage { p, members, filters, one: false, pager, error })
}

pub async fn member(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    public(&state, &auth).await?;
    let m =
        members(&state, &PanelFilters::default()).await?.into_iter().find(|m| m.id == id).ok_or(WebError::NotFound)?;
    let names = nationality_names(&state, ctx.lang, &m);
    let p = Page::new(&state, &ctx, &auth, "panels").await;
    render(
        &ctx,
        StatusCode::OK,
        &PanelsPage {
            p,
            members: vec![(m, names)],
            filters: PanelFilters::default(),
            one: true,
            pager: Pager::default(),
            error: None,
        },
    )
}

/// The members of the two panels today, with their public profiles. Filters: `q` (name or
/// expertise), `panel`, `language`, `nationality` (alpha-3).
#[utoipa::path(get, path = "/api/v1/panels", tag = "mediators", operation_id = "list_panel_members",
    params(("q" = Option<String>, Query, description = "Name or expertise"), ("panel" = Option<String>, Query, description = "inter_state or commercial_investment"),
        ("language" = Option<String>, Query, description = "A language tag"), ("nationality" = Option<String>, Query, description = "Alpha-3"),
        PageParams),
    responses((status = 200, description = "A page of the members, by name", body = Paged<PanelMemberDto>), (status = 400, response = crate::kit::problem::problems::BadRequest)))]
pub async fn api_panels(
    State(state): State<AppState>,
    auth: Auth,
    Query(filters): Query<PanelFilters>,
    Query(page): Query<PageParams>,
) -> Result<Json<Paged<PanelMemberDto>>, WebError> {
    public(&state, &auth).await?;
    let list = list_of("api/panels", &filters);
    let seek = page.seek::<MemberKey>(&state.cursors, &list)?;
    let slice = page_of(members(&state, &filters).await?, &seek);
    Ok(Json(Paged::of(&state.cursors, &list, slice, |m| m)?))
}
