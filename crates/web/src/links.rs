//! Invitations and password resets: a one-time, time-limited link by e-mail to set a password.

use std::collections::BTreeSet;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use iomed_domain::access::{Action, Resource};
use iomed_domain::accounts::{DisplayName, Email, NewPassword, Role};
use iomed_store::StoreError;
use iomed_store::accounts::{AccountChange, OutgoingMail, hash_password, new_secret, secret_hash};
use jiff::SignedDuration;

use crate::account::{Fields, field};
use crate::auth::{Auth, CsrfSource, FormToken, authorize, check_csrf};
use crate::pages::{Page, error_page, internal_error, render};
use crate::{AppState, Ctx, Lang};

/// How long an invitation link is valid.
pub const INVITATION_HOURS: i64 = 72;
/// How long a password-reset link is valid.
pub const RESET_MINUTES: i64 = 60;

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
    }
}

/// The Secretariat invites a user with roles.
pub async fn invite(State(state): State<AppState>, ctx: Ctx, auth: Auth, Form(fields): Form<Fields>) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::AdministerUsers, Resource::Users).await {
        return r;
    }
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, field(&fields, "csrf")).await {
        return r;
    }
    let (Ok(email), Ok(name)) = (Email::parse(field(&fields, "email")), DisplayName::parse(field(&fields, "name")))
    else {
        let message = state.i18n.message(ctx.lang, "invite-bad-input", &[]);
        return crate::account::users_page(&state, &ctx, &auth, None, Some(message)).await;
    };
    let lang = Lang::parse(field(&fields, "language")).unwrap_or(Lang::En);
    let roles: BTreeSet<Role> =
        fields.iter().filter(|(k, _)| k == "role").filter_map(|(_, v)| Role::parse(v)).collect();
    let (token, hash) = match new_secret("") {
        Ok(t) => t,
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let link = format!("{}/set-password/{token}", state.public_url);
    let mail = mail(&state, lang, email.as_str(), "mail-invite-subject", "mail-invite-body", name.as_str(), &link);
    let now = state.store.now();
    let expires_at = now.checked_add(SignedDuration::from_hours(INVITATION_HOURS)).unwrap_or(now);
    let change =
        AccountChange::Invite { email, name, language: lang.tag().into(), roles, link_hash: hash, expires_at, mail };
    match state.store.account(&auth.ledger_actor(), change).await {
        Ok(_) => {
            let notice = state.i18n.message(ctx.lang, "invite-sent", &[]);
            crate::account::users_page(&state, &ctx, &auth, Some(notice), None).await
        }
        Err(StoreError::AccountRefused(r)) => {
            let message = state.i18n.message(ctx.lang, &format!("refusal-{}", r.code()), &[]);
            crate::account::users_page(&state, &ctx, &auth, None, Some(message)).await
        }
        Err(e) => internal_error(&state, &ctx, &auth, e.to_string()).await,
    }
}

#[derive(Template)]
#[template(path = "password_reset.html")]
struct ResetPage<'a> {
    p: Page<'a>,
    form_token: String,
    sent: bool,
}

async fn reset_page(state: &AppState, ctx: &Ctx, auth: &Auth, sent: bool) -> Response {
    let token = match FormToken::for_request(auth) {
        Ok(t) => t,
        Err(e) => return internal_error(state, ctx, auth, e.to_string()).await,
    };
    let page = ResetPage { p: Page::new(state, ctx, auth, "sign-in").await, form_token: token.value.clone(), sent };
    token.attach(render(ctx, StatusCode::OK, &page))
}

pub async fn reset_form(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Response {
    if let Err(r) = crate::auth::authenticating(&state, &ctx, &auth).await {
        return r;
    }
    reset_page(&state, &ctx, &auth, false).await
}

/// Whether or not the address has an account, the answer is the same.
pub async fn reset_request(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Form(fields): Form<Fields>,
) -> Response {
    if let Err(r) = crate::auth::authenticating(&state, &ctx, &auth).await {
        return r;
    }
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Form, field(&fields, "csrf")).await {
        return r;
    }
    if let Ok(email) = Email::parse(field(&fields, "email")) {
        let user = match state.store.credentials(&email).await {
            Ok(c) => c.map(|c| c.user).filter(|u| u.active),
            Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
        };
        if let Some(user) = user {
            let (token, hash) = match new_secret("") {
                Ok(t) => t,
                Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
            };
            let lang = Lang::parse(&user.language).unwrap_or(Lang::En);
            let link = format!("{}/set-password/{token}", state.public_url);
            let mail =
                mail(&state, lang, &user.email, "mail-reset-subject", "mail-reset-body", &user.display_name, &link);
            let now = state.store.now();
            let expires_at = now.checked_add(SignedDuration::from_mins(RESET_MINUTES)).unwrap_or(now);
            let change = AccountChange::RequestReset { user: user.id, link_hash: hash, expires_at, mail };
            if let Err(e) = state.store.account("anonymous", change).await {
                return internal_error(&state, &ctx, &auth, e.to_string()).await;
            }
        }
    }
    reset_page(&state, &ctx, &auth, true).await
}

#[derive(Template)]
#[template(path = "set_password.html")]
struct SetPasswordPage<'a> {
    p: Page<'a>,
    token: String,
    form_token: String,
    invitation: bool,
    error: Option<String>,
    done: bool,
}

async fn set_password_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    token: &str,
    status: StatusCode,
    error: Option<String>,
    done: bool,
) -> Response {
    let link = match state.store.link(&secret_hash(token)).await {
        Ok(l) => l,
        Err(e) => return internal_error(state, ctx, auth, e.to_string()).await,
    };
    let now = state.store.now();
    let Some(link) = link.filter(|l| done || (!l.used && l.expires_at > now)) else {
        let message = state.i18n.message(ctx.lang, "link-not-valid", &[]);
        return error_page(state, ctx, auth, StatusCode::GONE, "link-not-valid-title", message).await;
    };
    let form = match FormToken::for_request(auth) {
        Ok(t) => t,
        Err(e) => return internal_error(state, ctx, auth, e.to_string()).await,
    };
    let page = SetPasswordPage {
        p: Page::new(state, ctx, auth, "sign-in").await,
        token: token.to_owned(),
        form_token: form.value.clone(),
        invitation: link.purpose == iomed_store::accounts::LinkPurpose::Invitation,
        error,
        done,
    };
    form.attach(render(ctx, status, &page))
}

pub async fn set_password_form(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(token): Path<String>,
) -> Response {
    if let Err(r) = crate::auth::authenticating(&state, &ctx, &auth).await {
        return r;
    }
    set_password_page(&state, &ctx, &auth, &token, StatusCode::OK, None, false).await
}

pub async fn set_password(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(token): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    if let Err(r) = crate::auth::authenticating(&state, &ctx, &auth).await {
        return r;
    }
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Form, field(&fields, "csrf")).await {
        return r;
    }
    let hash = secret_hash(&token);
    let link = match state.store.link(&hash).await {
        Ok(Some(l)) => l,
        Ok(None) => return set_password_page(&state, &ctx, &auth, &token, StatusCode::GONE, None, false).await,
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let user = match state.store.user(link.user).await {
        Ok(Some(u)) => u,
        Ok(None) => return set_password_page(&state, &ctx, &auth, &token, StatusCode::GONE, None, false).await,
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let Ok(email) = Email::parse(&user.email) else {
        return internal_error(&state, &ctx, &auth, "stored e-mail".into()).await;
    };
    let password = match NewPassword::parse(field(&fields, "password"), &email) {
        Ok(p) => p,
        Err(rejected) => {
            let error = state.i18n.message(ctx.lang, &format!("refusal-{}", rejected.code()), &[]);
            return set_password_page(&state, &ctx, &auth, &token, StatusCode::BAD_REQUEST, Some(error), false).await;
        }
    };
    let password_hash = match tokio::task::spawn_blocking(move || hash_password(&password)).await {
        Ok(Ok(h)) => h,
        Ok(Err(e)) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    match state
        .store
        .account(&format!("user:{}", user.id.0), AccountChange::UseLink { link_hash: hash, password_hash })
        .await
    {
        Ok(_) => set_password_page(&state, &ctx, &auth, &token, StatusCode::OK, None, true).await,
        Err(StoreError::AccountRefused(_)) => {
            set_password_page(&state, &ctx, &auth, &token, StatusCode::GONE, None, false).await
        }
        Err(e) => internal_error(&state, &ctx, &auth, e.to_string()).await,
    }
    .into_response()
}
