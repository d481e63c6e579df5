//! The Secretariat's organizations page: State delegations, ministries, international
//! organizations, firms and companies, and who may act for each, with what authority.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use iomed_domain::access::{Action, Resource, UserId, can};
use iomed_domain::accounts::Email;
use iomed_domain::organizations::{Authority, NewOrganization, OrganizationKind};
use iomed_domain::registry::StateCode;
use iomed_store::StoreError;
use iomed_store::accounts::{AccountChange, Organization};
use jiff::civil::Date;
use serde::Deserialize;

use crate::kit::auth::{Auth, authorize};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::field_errors::FieldErrors;
use crate::kit::forms::{Button, Form, Path, Query};
use crate::kit::paging::{PageParams, Pager};
use crate::kit::refusals::account_message;
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;

pub struct OrgRow {
    pub org: Organization,
    pub kind_key: String,
    pub state_name: String,
    pub members: Vec<MemberRow>,
}

pub struct MemberRow {
    pub user: i64,
    pub name: String,
    pub email: String,
    pub document: String,
    pub granted_by: String,
    pub validity: String,
    pub valid_now: bool,
}

#[derive(Template)]
#[template(path = "organizations.html")]
struct OrganizationsPage<'a> {
    p: Page<'a>,
    orgs: Vec<OrgRow>,
    kinds: Vec<(&'static str, String)>,
    states: Vec<(String, String)>,
    can_administer: bool,
    /// The errors of a form (`org-name`, `org-state`, `m-email-{id}`, …) or of the page.
    errors: FieldErrors,
    pager: Pager,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    mut errors: FieldErrors,
    params: &PageParams,
) -> Result<Response, WebError> {
    // A refused form answers 422; a bad page link shows the first page with the reason, 200.
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let (seek, bad_page) =
        params.seek_or_first::<(String, i64)>(&state.cursors, "organizations", &state.i18n, ctx.lang);
    errors.0.extend(bad_page.map(|m| (String::new(), m)));
    let slice = state.store.organizations_page(&seek).await?;
    let limit = params
        .limit
        .as_deref()
        .map(|l| format!("limit={}", form_urlencoded::byte_serialize(l.as_bytes()).collect::<String>()));
    let pager =
        Pager::of(&state.cursors, "organizations", "/admin/organizations", limit.as_deref().unwrap_or(""), &slice)?;
    let orgs = slice.items;
    let p = Page::new(state, ctx, auth, "organizations").await;
    let today = iomed_domain::seat::seat_date(state.store.now());
    let rows = orgs
        .into_iter()
        .map(|org| {
            let state_name = org
                .state
                .as_deref()
                .and_then(|c| StateCode::parse(c).ok())
                .and_then(|c| c.un())
                .map(|un| state.i18n.country(ctx.lang, un))
                .unwrap_or_default();
            let members = org
                .members
                .iter()
                .map(|m| MemberRow {
                    user: m.user.0,
                    name: m.name.clone(),
                    email: m.email.clone(),
                    document: m.document.clone(),
                    granted_by: m.granted_by.clone(),
                    validity: match m.valid_until {
                        Some(u) => format!("{} – {}", p.date(&m.valid_from), p.date(&u)),
                        None => format!("{} –", p.date(&m.valid_from)),
                    },
                    valid_now: m.valid_from <= today && m.valid_until.is_none_or(|u| today <= u),
                })
                .collect();
            OrgRow { kind_key: format!("org-kind-{}", org.kind), state_name, members, org }
        })
        .collect();
    let kinds =
        OrganizationKind::ALL.into_iter().map(|k| (k.as_str(), p.t(&format!("org-kind-{}", k.as_str())))).collect();
    let states = crate::kit::views::sorted_states(&state.i18n, ctx.lang);
    let can_administer = can(&auth.actor(), Action::AdministerUsers, Resource::Users).is_ok();
    render(ctx, status, &OrganizationsPage { p, orgs: rows, kinds, states, can_administer, errors, pager })
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Query(params): Query<PageParams>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::ListUsers, Resource::Users).await?;
    page(&state, &ctx, &auth, FieldErrors::default(), &params).await
}

/// The page again, with the refusal's message; or the redirect after a change that was made.
async fn finish(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    result: Result<iomed_store::Appended, StoreError>,
) -> Result<Response, WebError> {
    match result {
        Ok(_) => Ok(ctx.redirect_with("/admin/organizations", "account-saved")),
        Err(StoreError::AccountRefused(r)) => rejected(state, ctx, auth, "", r.code()).await,
        Err(e) => Err(e.into()),
    }
}

/// The page again with the refusal `code` as the error of `field` (empty: of no one field).
async fn rejected(state: &AppState, ctx: &Ctx, auth: &Auth, field: &str, code: &str) -> Result<Response, WebError> {
    let message = account_message(code).render(&state.i18n, ctx.lang);
    page(state, ctx, auth, FieldErrors::one(field, message), &PageParams::default()).await
}

#[derive(Debug, Deserialize, Default)]
pub struct OrganizationForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    state: String,
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Form(form): Form<OrganizationForm>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::AdministerUsers, Resource::Users).await?;
    let kind = OrganizationKind::parse(&form.kind).unwrap_or(OrganizationKind::Other);
    let state_code = StateCode::parse(&form.state).ok();
    let organization = match NewOrganization::parse(&form.name, kind, state_code) {
        Ok(o) => o,
        Err(r) => {
            let field = if r.code() == "organization_state_missing" { "org-state" } else { "org-name" };
            return rejected(&state, &ctx, &auth, field, r.code()).await;
        }
    };
    let result = state.store.account(&auth.ledger_actor(), AccountChange::CreateOrganization { organization }).await;
    finish(&state, &ctx, &auth, result).await
}

#[derive(Debug, Deserialize, Default)]
pub struct MemberForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    document: String,
    #[serde(default)]
    granted_by: String,
    #[serde(default)]
    valid_from: String,
    #[serde(default)]
    valid_until: String,
}

pub async fn add_member(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(form): Form<MemberForm>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::AdministerUsers, Resource::Users).await?;
    let user = match Email::parse(&form.email) {
        Ok(email) => match state.store.credentials(&email).await? {
            Some(c) => c.user,
            None => return rejected(&state, &ctx, &auth, &format!("m-email-{id}"), "no_such_user").await,
        },
        Err(_) => return rejected(&state, &ctx, &auth, &format!("m-email-{id}"), "no_such_user").await,
    };
    let from: Option<Date> = form.valid_from.trim().parse().ok();
    let until_text = form.valid_until.trim();
    let until: Option<Date> = if until_text.is_empty() { None } else { until_text.parse().ok() };
    let authority = match (from, until_text.is_empty() || until.is_some()) {
        (Some(from), true) => Authority::parse(&form.document, &form.granted_by, from, until),
        _ => return rejected(&state, &ctx, &auth, &format!("m-from-{id}"), "authority_dates").await,
    };
    let authority = match authority {
        Ok(a) => a,
        Err(r) => {
            let field = match r.code() {
                "authority_dates" => format!("m-until-{id}"),
                _ if form.document.trim().is_empty() => format!("m-doc-{id}"),
                _ => format!("m-by-{id}"),
            };
            return rejected(&state, &ctx, &auth, &field, r.code()).await;
        }
    };
    let result = state
        .store
        .account(&auth.ledger_actor(), AccountChange::AddMember { organization: id, user: user.id, authority })
        .await;
    finish(&state, &ctx, &auth, result).await
}

pub async fn remove_member(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path((id, user)): Path<(i64, i64)>,
    Form(_): Form<Button>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::AdministerUsers, Resource::Users).await?;
    let result = state
        .store
        .account(&auth.ledger_actor(), AccountChange::RemoveMember { organization: id, user: UserId(user) })
        .await;
    finish(&state, &ctx, &auth, result).await
}
