//! The Secretariat's administration of users: the list with locks, roles, activation.

use std::collections::BTreeSet;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use iomed_domain::access::{Action, Resource, UserId, can};
use iomed_domain::accounts::{LockoutPolicy, Role};
use serde::Deserialize;

use crate::accounts::links::InviteForm;
use crate::kit::auth::{Auth, authorize};
use crate::kit::confirm::{Check, Part, check_page};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::field_errors::FieldErrors;
use crate::kit::forms::{Button, Form, Path, Query};
use crate::kit::paging::{PageParams, Pager};
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;

pub struct RoleChoice {
    pub value: &'static str,
    pub label_key: String,
    pub checked: bool,
}

pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub roles: Vec<RoleChoice>,
    pub role_names: Vec<String>,
    pub active: bool,
    pub locked_minutes: Option<String>,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage<'a> {
    p: Page<'a>,
    users: Vec<UserRow>,
    can_administer: bool,
    /// The errors of the invitation (`invite-email`, `invite-name`) or of the page.
    errors: FieldErrors,
    /// The invitation as typed, shown again with its errors.
    invite: InviteForm,
    roles: Vec<RoleChoice>,
    languages: Vec<(&'static str, &'static str)>,
    pager: Pager,
}

/// The users page; with `errors`, the answer to a form that could not be taken, shown again as
/// typed (`invite`).
pub async fn users_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    mut errors: FieldErrors,
    invite: InviteForm,
    page: &PageParams,
) -> Result<Response, WebError> {
    // A form that could not be taken answers 422; a bad page link shows the first page, 200.
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let (seek, bad_page) = page.seek_or_first::<String>(&state.cursors, "users", &state.i18n, ctx.lang);
    errors.0.extend(bad_page.map(|m| (String::new(), m)));
    let slice = state.store.users_page(&seek).await?;
    let limit = page
        .limit
        .as_deref()
        .map(|l| format!("limit={}", form_urlencoded::byte_serialize(l.as_bytes()).collect::<String>()));
    let pager = Pager::of(&state.cursors, "users", "/admin/users", limit.as_deref().unwrap_or(""), &slice)?;
    let users = slice.items;
    let now = state.store.now();
    let since = now.checked_sub(LockoutPolicy::ACCOUNT.window).unwrap_or(now);
    let p = Page::new(state, ctx, auth, "users").await;
    let mut rows = Vec::with_capacity(users.len());
    for u in users {
        let (by_email, _) = state.store.failures_since(&u.email, "", since).await?;
        let locked_minutes = LockoutPolicy::ACCOUNT
            .account_locked_until(&by_email, u.unlocked_at, now)
            .map(|until| LockoutPolicy::minutes_left(until, now).to_string());
        rows.push(UserRow {
            id: u.id.0,
            name: u.display_name.clone(),
            email: u.email.clone(),
            roles: Role::ALL
                .into_iter()
                .map(|r| RoleChoice {
                    value: r.as_str(),
                    label_key: format!("role-{}", r.as_str()),
                    checked: u.roles.contains(&r),
                })
                .collect(),
            role_names: u.roles.iter().map(|r| p.t(&format!("role-{}", r.as_str()))).collect(),
            active: u.active,
            locked_minutes,
        });
    }
    let can_administer = can(&auth.actor(), Action::AdministerUsers, Resource::Users).is_ok();
    let roles = Role::ALL
        .into_iter()
        .map(|r| RoleChoice {
            value: r.as_str(),
            label_key: format!("role-{}", r.as_str()),
            checked: invite.role.iter().any(|c| c == r.as_str()),
        })
        .collect();
    let languages = crate::kit::i18n::Lang::ALL.into_iter().map(|l| (l.tag(), l.autonym())).collect();
    render(ctx, status, &UsersPage { p, users: rows, can_administer, errors, invite, roles, languages, pager })
}

pub async fn users(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Query(page): Query<PageParams>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::ListUsers, Resource::Users).await?;
    users_page(&state, &ctx, &auth, FieldErrors::default(), InviteForm::default(), &page).await
}

pub async fn unlock(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(_): Form<Button>,
) -> Result<Response, WebError> {
    let user = UserId(id);
    authorize(&state, &auth, Action::AdministerUsers, Resource::Account(user)).await?;
    state.store.account(&auth.ledger_actor(), iomed_store::accounts::AccountChange::Unlock { user }).await?;
    Ok(ctx.redirect_with("/admin/users", "account-saved"))
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ActiveForm {
    active: String,
    /// `yes` from the page that said what deactivating does.
    confirmed: String,
}

pub async fn set_active(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(form): Form<ActiveForm>,
) -> Result<Response, WebError> {
    let user = UserId(id);
    authorize(&state, &auth, Action::AdministerUsers, Resource::Account(user)).await?;
    let active = form.active == "1";
    if !active && form.confirmed != "yes" {
        return deactivation_check(&state, &ctx, &auth, user).await;
    }
    let change = iomed_store::accounts::AccountChange::SetActive { user, active };
    state.store.account(&auth.ledger_actor(), change).await?;
    Ok(ctx.redirect_with("/admin/users", "account-saved"))
}

/// Before an account is deactivated: whose, what stops at once, and what stays.
async fn deactivation_check(state: &AppState, ctx: &Ctx, auth: &Auth, user: UserId) -> Result<Response, WebError> {
    let found = state.store.user(user).await?.ok_or(WebError::NotFound)?;
    let (i18n, lang) = (&state.i18n, ctx.lang);
    let t = |key: &str| i18n.message(lang, key, &[]);
    let roles: Vec<String> = found.roles.iter().map(|r| t(&format!("role-{}", r.as_str()))).collect();
    let check = Check {
        context: ("/admin/users".into(), t("nav-users")),
        act: t("user-deactivate-act"),
        details: vec![
            (t("field-name"), found.display_name.clone()),
            (t("field-email"), found.email.clone()),
            (t("field-roles"), roles.join(", ")),
        ],
        parts: vec![Part {
            heading: t("filing-next-heading"),
            lines: vec![t("user-deactivate-sessions"), t("user-deactivate-cases"), t("user-deactivate-again")],
        }],
        told: Vec::new(),
        told_how: String::new(),
        told_nobody: t("user-deactivate-told"),
        final_note: t("user-deactivate-final"),
        blocked: None,
        action: format!("/admin/users/{}/active", user.0),
        fields: vec![("active".into(), "0".into())],
    };
    check_page(state, ctx, auth, "users", check).await
}

#[derive(Debug, Deserialize, Default)]
pub struct RolesForm {
    #[serde(default)]
    role: Vec<String>,
}

pub async fn set_roles(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(form): Form<RolesForm>,
) -> Result<Response, WebError> {
    let user = UserId(id);
    authorize(&state, &auth, Action::AdministerUsers, Resource::Account(user)).await?;
    let roles: BTreeSet<Role> = form.role.iter().filter_map(|r| Role::parse(r)).collect();
    let change = iomed_store::accounts::AccountChange::SetRoles { user, roles };
    state.store.account(&auth.ledger_actor(), change).await?;
    Ok(ctx.redirect_with("/admin/users", "account-saved"))
}
