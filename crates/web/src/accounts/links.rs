//! Invitations and password resets: a one-time, time-limited link by e-mail to set a password.

use std::collections::BTreeSet;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use iomed_domain::access::{Action, Resource};
use iomed_domain::accounts::{DisplayName, Email, NewPassword, Role, SecurityPolicy};
use iomed_store::StoreError;
use iomed_store::accounts::{AccountChange, LinkPurpose, OutgoingMail, hash_password, new_secret, secret_hash};
use serde::Deserialize;

use crate::accounts::admin::users_page;
use crate::kit::auth::{Auth, FormToken, authenticating, authorize};
use crate::kit::context::Ctx;
use crate::kit::error::{Msg, WebError};
use crate::kit::field_errors::FieldErrors;
use crate::kit::forms::{Form, Path, PublicForm};
use crate::kit::i18n::Lang;
use crate::kit::refusals::account_message;
use crate::kit::render::{Page, error_page, render};
use crate::kit::state::AppState;

fn mail(
    state: &AppState,
    lang: Lang,
    to: &str,
    subject_key: &str,
    body_key: &str,
    name: &str,
    link: &str,
) -> OutgoingMail {
    let args = [("name", name.to_owned().into()), ("link", link.to_owned().into())];
    OutgoingMail {
        to: to.to_owned(),
        subject: state.i18n.message(lang, subject_key, &[]),
        body: state.i18n.message(lang, body_key, &args),
        notice: None,
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct InviteForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub role: Vec<String>,
}

/// The Secretariat invites a user with roles.
pub async fn invite(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Form(form): Form<InviteForm>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::AdministerUsers, Resource::Users).await?;
    let t = |key: &str| state.i18n.message(ctx.lang, key, &[]);
    let (email, name) = match (Email::parse(&form.email), DisplayName::parse(&form.name)) {
        (Ok(email), Ok(name)) => (email, name),
        (email, name) => {
            let mut errors = FieldErrors::default();
            if email.is_err() {
                errors.0.push(("invite-email".into(), t("invite-bad-email")));
            }
            if name.is_err() {
                errors.0.push(("invite-name".into(), t("invite-bad-name")));
            }
            return users_page(&state, &ctx, &auth, errors, form, &crate::kit::paging::PageParams::default()).await;
        }
    };
    let lang = Lang::parse(&form.language).unwrap_or(Lang::En);
    let roles: BTreeSet<Role> = form.role.iter().filter_map(|r| Role::parse(r)).collect();
    let typed = form;
    let (token, hash) = new_secret("")?;
    let link = format!("{}/set-password/{token}", state.public_url);
    let mail = mail(&state, lang, email.as_str(), "mail-invite-subject", "mail-invite-body", name.as_str(), &link);
    let now = state.store.now();
    let expires_at = now.checked_add(SecurityPolicy::DEFAULT.invitation).unwrap_or(now);
    let change =
        AccountChange::Invite { email, name, language: lang.tag().into(), roles, link_hash: hash, expires_at, mail };
    match state.store.account(&auth.ledger_actor(), change).await {
        Ok(_) => Ok(ctx.redirect_with("/admin/users", "invite-sent")),
        Err(StoreError::AccountRefused(r)) => {
            let message = account_message(r.code()).render(&state.i18n, ctx.lang);
            // The one refusal an invitation meets is an address already taken.
            let errors = FieldErrors::one("invite-email", message);
            users_page(&state, &ctx, &auth, errors, typed, &crate::kit::paging::PageParams::default()).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "password_reset.html")]
struct ResetPage<'a> {
    p: Page<'a>,
    form_token: String,
}

pub async fn reset_form(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Result<Response, WebError> {
    authenticating(&state, &auth).await?;
    let token = FormToken::for_request(&auth)?;
    let page = ResetPage { p: Page::new(&state, &ctx, &auth, "sign-in").await, form_token: token.value.clone() };
    Ok(token.attach(render(&ctx, StatusCode::OK, &page)?))
}

#[derive(Debug, Deserialize, Default)]
pub struct ResetForm {
    #[serde(default)]
    email: String,
}

/// Whether or not the address has an account, the answer is the same.
pub async fn reset_request(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    PublicForm(form): PublicForm<ResetForm>,
) -> Result<Response, WebError> {
    authenticating(&state, &auth).await?;
    if let Ok(email) = Email::parse(&form.email) {
        let user = state.store.credentials(&email).await?.map(|c| c.user).filter(|u| u.active);
        if let Some(user) = user {
            let (token, hash) = new_secret("")?;
            let lang = Lang::parse(&user.language).unwrap_or(Lang::En);
            let link = format!("{}/set-password/{token}", state.public_url);
            let mail =
                mail(&state, lang, &user.email, "mail-reset-subject", "mail-reset-body", &user.display_name, &link);
            let now = state.store.now();
            let expires_at = now.checked_add(SecurityPolicy::DEFAULT.password_reset).unwrap_or(now);
            let change = AccountChange::RequestReset { user: user.id, link_hash: hash, expires_at, mail };
            state.store.account("anonymous", change).await?;
        }
    }
    Ok(ctx.redirect_with("/password-reset", "reset-sent"))
}

#[derive(Template)]
#[template(path = "set_password.html")]
struct SetPasswordPage<'a> {
    p: Page<'a>,
    token: String,
    form_token: String,
    invitation: bool,
    error: Option<String>,
}

/// The link's page, or the page that says it is used or expired.
async fn set_password_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    token: &str,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, WebError> {
    let now = state.store.now();
    let link = state.store.link(&secret_hash(token)).await?.filter(|l| !l.used && l.expires_at > now);
    let Some(link) = link else {
        let title = Msg::new("link-not-valid-title");
        return Ok(error_page(state, ctx, auth, StatusCode::GONE, &title, &Msg::new("link-not-valid"), None).await);
    };
    let form = FormToken::for_request(auth)?;
    let page = SetPasswordPage {
        p: Page::new(state, ctx, auth, "sign-in").await,
        token: token.to_owned(),
        form_token: form.value.clone(),
        invitation: link.purpose == LinkPurpose::Invitation,
        error,
    };
    Ok(form.attach(render(ctx, status, &page)?))
}

pub async fn set_password_form(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    authenticating(&state, &auth).await?;
    set_password_page(&state, &ctx, &auth, &token, StatusCode::OK, None).await
}

#[derive(Debug, Deserialize, Default)]
pub struct SetPasswordForm {
    #[serde(default)]
    password: String,
}

/// Sets the password; every session of the user ends and every API token is revoked.
pub async fn set_password(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(token): Path<String>,
    PublicForm(form): PublicForm<SetPasswordForm>,
) -> Result<Response, WebError> {
    authenticating(&state, &auth).await?;
    let hash = secret_hash(&token);
    let gone = || set_password_page(&state, &ctx, &auth, &token, StatusCode::GONE, None);
    let Some(link) = state.store.link(&hash).await? else { return gone().await };
    let Some(user) = state.store.user(link.user).await? else { return gone().await };
    let email = Email::parse(&user.email).map_err(|_| WebError::fault("a stored e-mail address does not parse"))?;
    let password = match NewPassword::parse(&form.password, &email) {
        Ok(p) => p,
        Err(rejected) => {
            let error = account_message(rejected.code()).render(&state.i18n, ctx.lang);
            return set_password_page(&state, &ctx, &auth, &token, StatusCode::UNPROCESSABLE_ENTITY, Some(error)).await;
        }
    };
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|_| WebError::fault("password hashing did not finish"))??;
    match state
        .store
        .account(&format!("user:{}", user.id.0), AccountChange::UseLink { link_hash: hash, password_hash })
        .await
    {
        Ok(_) => Ok(ctx.redirect_with("/sign-in", "set-password-done")),
        Err(StoreError::AccountRefused(_)) => gone().await,
        Err(e) => Err(e.into()),
    }
}
