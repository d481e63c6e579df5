//! The Secretariat's organizations page: State delegations, ministries, international
//! organizations, firms and companies, and who may act for each, with what authority.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use iomed_domain::access::{Action, Resource, UserId, can};
use iomed_domain::accounts::Email;
use iomed_domain::organizations::{Authority, NewOrganization, OrganizationKind};
use iomed_domain::registry::StateCode;
use iomed_store::StoreError;
use iomed_store::accounts::{AccountChange, Organization};
use jiff::civil::Date;

use crate::account::{Fields, field};
use crate::auth::{Auth, CsrfSource, authorize, check_csrf};
use crate::pages::{Page, internal_error, render};
use crate::{AppState, Ctx};

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
    notice: Option<String>,
    error: Option<String>,
}

async fn page(state: &AppState, ctx: &Ctx, auth: &Auth, notice: Option<String>, error: Option<String>) -> Response {
    let orgs = match state.store.organizations().await {
        Ok(o) => o,
        Err(e) => return internal_error(state, ctx, auth, e.to_string()).await,
    };
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
    let mut states: Vec<(String, String)> = iomed_domain::registry::un_states()
        .iter()
        .map(|un| (un.code.to_string(), state.i18n.country(ctx.lang, un)))
        .collect();
    states.sort_by(|a, b| state.i18n.compare(ctx.lang, &a.1, &b.1));
    let can_administer = can(&auth.actor(), Action::AdministerUsers, Resource::Users).is_ok();
    let status = if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    render(ctx, status, &OrganizationsPage { p, orgs: rows, kinds, states, can_administer, notice, error })
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::ListUsers, Resource::Users).await {
        return r;
    }
    page(&state, &ctx, &auth, None, None).await
}

async fn admin(state: &AppState, ctx: &Ctx, auth: &Auth, fields: &Fields) -> Result<(), Response> {
    authorize(state, ctx, auth, Action::AdministerUsers, Resource::Users).await?;
    check_csrf(state, ctx, auth, CsrfSource::Session, field(fields, "csrf")).await
}

async fn finish(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    result: Result<iomed_store::Appended, StoreError>,
) -> Response {
    match result {
        Ok(_) => page(state, ctx, auth, Some(state.i18n.message(ctx.lang, "account-saved", &[])), None).await,
        Err(StoreError::AccountRefused(r)) => {
            let message = state.i18n.message(ctx.lang, &format!("refusal-{}", r.code()), &[]);
            page(state, ctx, auth, None, Some(message)).await
        }
        Err(e) => internal_error(state, ctx, auth, e.to_string()).await,
    }
}

async fn rejected(state: &AppState, ctx: &Ctx, auth: &Auth, code: &str) -> Response {
    let message = state.i18n.message(ctx.lang, &format!("refusal-{code}"), &[]);
    page(state, ctx, auth, None, Some(message)).await
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, auth: Auth, Form(fields): Form<Fields>) -> Response {
    if let Err(r) = admin(&state, &ctx, &auth, &fields).await {
        return r;
    }
    let kind = OrganizationKind::parse(field(&fields, "kind")).unwrap_or(OrganizationKind::Other);
    let state_code = StateCode::parse(field(&fields, "state")).ok();
    let organization = match NewOrganization::parse(field(&fields, "name"), kind, state_code) {
        Ok(o) => o,
        Err(r) => return rejected(&state, &ctx, &auth, r.code()).await,
    };
    let result = state.store.account(&auth.ledger_actor(), AccountChange::CreateOrganization { organization }).await;
    finish(&state, &ctx, &auth, result).await
}

pub async fn add_member(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> Response {
    if let Err(r) = admin(&state, &ctx, &auth, &fields).await {
        return r;
    }
    let user = match Email::parse(field(&fields, "email")) {
        Ok(email) => match state.store.credentials(&email).await {
            Ok(Some(c)) => c.user,
            Ok(None) => return rejected(&state, &ctx, &auth, "no_such_user").await,
            Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
        },
        Err(_) => return rejected(&state, &ctx, &auth, "no_such_user").await,
    };
    let from: Option<Date> = field(&fields, "valid_from").trim().parse().ok();
    let until_text = field(&fields, "valid_until").trim();
    let until: Option<Date> = if until_text.is_empty() { None } else { until_text.parse().ok() };
    let authority = match (from, until_text.is_empty() || until.is_some()) {
        (Some(from), true) => Authority::parse(field(&fields, "document"), field(&fields, "granted_by"), from, until),
        _ => return rejected(&state, &ctx, &auth, "authority_dates").await,
    };
    let authority = match authority {
        Ok(a) => a,
        Err(r) => return rejected(&state, &ctx, &auth, r.code()).await,
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
    Form(fields): Form<Fields>,
) -> Response {
    if let Err(r) = admin(&state, &ctx, &auth, &fields).await {
        return r;
    }
    let result = state
        .store
        .account(&auth.ledger_actor(), AccountChange::RemoveMember { organization: id, user: UserId(user) })
        .await;
    finish(&state, &ctx, &auth, result).await
}
