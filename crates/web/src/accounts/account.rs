//! A user's own account: preferences, password, sessions, API tokens, and `GET /api/v1/me`.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use iomed_domain::access::{Action, Resource};
use iomed_domain::accounts::{Email, NewPassword, Role, SecurityPolicy};
use iomed_store::StoreError;
use iomed_store::accounts::{AccountChange, SessionInfo, TokenInfo, User, hash_password, new_secret, verify_password};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::kit::auth::{Auth, Credential, SESSION_COOKIE, authorize, cookie};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::field_errors::FieldErrors;
use crate::kit::forms::{Button, Form, Path, bounded};
use crate::kit::refusals::account_message;
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;

pub struct SessionRow {
    pub id: i64,
    pub started: String,
    pub expires: String,
    pub agent: String,
    pub current: bool,
}

pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub scopes: String,
    pub expires: String,
    pub revoked: bool,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage<'a> {
    p: Page<'a>,
    user: User,
    roles: Vec<String>,
    languages: Vec<(&'static str, &'static str, bool)>,
    sessions: Vec<SessionRow>,
    tokens: Vec<TokenRow>,
    /// The errors of the forms (`language`, `time_zone`, `current`, `new`, `token-name`,
    /// `token-days`), in a summary at the top.
    errors: FieldErrors,
    new_token: Option<String>,
    /// Whether this session passed the second factor, which making an API token needs.
    may_make_tokens: bool,
    token_default_days: i64,
    token_max_days: i64,
    /// For each kind of notification, whether it is e-mailed.
    email_choices: Vec<(&'static str, iomed_domain::notifications::EmailChoice)>,
    /// When the daily e-mail is sent, in the person's time zone.
    digest_note: String,
}

async fn account_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    status: StatusCode,
    errors: FieldErrors,
    new_token: Option<String>,
) -> Result<Response, WebError> {
    let user = auth.require_user()?.clone();
    let sessions = state.store.sessions_of(user.id).await?;
    let tokens = state.store.tokens_of(user.id).await?;
    let email_choices = crate::kit::notices::email_choices_of(state, user.id).await?;
    let p = Page::new(state, ctx, auth, "account").await;
    let when = |t: Timestamp| {
        format!(
            "{} {}",
            p.date(&iomed_domain::seat::seat_date(t)),
            t.to_zoned(iomed_domain::seat::seat_time_zone()).strftime("%H:%M")
        )
    };
    let current = auth.session().map(|s| s.id);
    let sessions = sessions
        .into_iter()
        .map(|s: SessionInfo| SessionRow {
            id: s.id,
            started: when(s.created_at),
            expires: when(s.expires_at),
            agent: s.user_agent,
            current: Some(s.id) == current,
        })
        .collect();
    let now = state.store.now();
    let tokens = tokens
        .into_iter()
        .map(|t: TokenInfo| TokenRow {
            id: t.id,
            name: t.name,
            scopes: t.scopes.join(" "),
            expires: when(t.expires_at),
            revoked: t.revoked_at.is_some() || t.expires_at <= now,
        })
        .collect();
    let roles = user.roles.iter().map(|r| p.t(&format!("role-{}", r.as_str()))).collect();
    let languages =
        crate::kit::i18n::Lang::ALL.into_iter().map(|l| (l.tag(), l.autonym(), l.tag() == user.language)).collect();
    let policy = SecurityPolicy::DEFAULT;
    let digest_note = p.ts("email-choice-daily-note", "zone", &user.time_zone);
    let page = AccountPage {
        p,
        user,
        roles,
        languages,
        sessions,
        tokens,
        errors,
        new_token,
        may_make_tokens: auth.session().is_some_and(|s| s.second_factor),
        token_default_days: policy.token_default_days,
        token_max_days: policy.token_max_days,
        email_choices,
        digest_note,
    };
    render(ctx, status, &page)
}

pub async fn account(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::ReadAccount, Resource::OwnAccount).await?;
    account_page(&state, &ctx, &auth, StatusCode::OK, FieldErrors::default(), None).await
}

/// The user whose account a form changes, once the policy allows it.
async fn own(state: &AppState, auth: &Auth) -> Result<User, WebError> {
    authorize(state, auth, Action::ManageAccount, Resource::OwnAccount).await?;
    Ok(auth.require_user()?.clone())
}

/// The account page again, with what was wrong with the form: the message of `key`, as the
/// error of `field` (empty: of the form as a whole).
async fn again(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    field: &str,
    key: &str,
    args: &[(&str, String)],
) -> Result<Response, WebError> {
    let args: Vec<(&str, fluent_bundle::FluentValue<'_>)> = args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
    let errors = FieldErrors::one(field, state.i18n.message(ctx.lang, key, &args));
    account_page(state, ctx, auth, StatusCode::UNPROCESSABLE_ENTITY, errors, None).await
}

#[derive(Debug, Deserialize, Default)]
pub struct PreferencesForm {
    #[serde(default)]
    language: String,
    #[serde(default)]
    time_zone: String,
}

pub async fn preferences(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Form(form): Form<PreferencesForm>,
) -> Result<Response, WebError> {
    let user = own(&state, &auth).await?;
    let Some(lang) = crate::kit::i18n::Lang::parse(&form.language) else {
        return again(&state, &ctx, &auth, "language", "account-bad-language", &[]).await;
    };
    let zone = form.time_zone.trim().chars().take(64).collect::<String>();
    if jiff::tz::TimeZone::get(&zone).is_err() {
        return again(&state, &ctx, &auth, "time_zone", "account-bad-time-zone", &[("value", zone)]).await;
    }
    let change = AccountChange::SetPreferences { user: user.id, language: lang.tag().into(), time_zone: zone };
    state.store.account(&auth.ledger_actor(), change).await?;
    // The next page is in the language just chosen.
    let mut ctx = ctx;
    ctx.lang = lang;
    Ok(ctx.redirect_with("/account", "account-saved"))
}

#[derive(Debug, Deserialize, Default)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
}

pub async fn password(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Form(form): Form<PasswordForm>,
) -> Result<Response, WebError> {
    let user = own(&state, &auth).await?;
    let email = Email::parse(&user.email).map_err(|_| WebError::fault("a stored e-mail address does not parse"))?;
    let stored = state.store.credentials(&email).await?.and_then(|c| c.password_hash);
    let current: String = form.current.chars().take(1024).collect();
    let ok = tokio::task::spawn_blocking(move || verify_password(stored.as_deref(), &current)).await.unwrap_or(false);
    if !ok {
        return again(&state, &ctx, &auth, "current", "account-wrong-password", &[]).await;
    }
    let new = match NewPassword::parse(&form.new, &email) {
        Ok(p) => p,
        Err(rejected) => return again(&state, &ctx, &auth, "new", &format!("refusal-{}", rejected.code()), &[]).await,
    };
    let hash = tokio::task::spawn_blocking(move || hash_password(&new))
        .await
        .map_err(|_| WebError::fault("password hashing did not finish"))??;
    state
        .store
        .account(&auth.ledger_actor(), AccountChange::SetPassword { user: user.id, password_hash: hash })
        .await?;
    Ok(ctx.redirect_with("/account", "account-password-changed"))
}

/// Ends every session and revokes every API token of the user (the page says so).
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    auth: Auth,
    Form(_): Form<Button>,
) -> Result<Response, WebError> {
    let user = own(&state, &auth).await?;
    state.store.account(&auth.ledger_actor(), AccountChange::EndAllSessions { user: user.id }).await?;
    let mut response = Redirect::to("/sign-in").into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie(SESSION_COOKIE, "", 0));
    Ok(response)
}

pub async fn revoke_session(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(_): Form<Button>,
) -> Result<Response, WebError> {
    let user = own(&state, &auth).await?;
    match state.store.account(&auth.ledger_actor(), AccountChange::EndSession { user: user.id, session: id }).await {
        Ok(_) => Ok(ctx.redirect_with("/account", "account-session-ended")),
        Err(StoreError::AccountRefused(_)) => Err(WebError::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// The scopes a token carries: `read` for GET, `write` for the API's writes (requests and case
/// steps). API writes take a token only, never the session cookie, so no other site can make a
/// signed-in browser write.
pub const TOKEN_SCOPES: [&str; 2] = ["read", "write"];

#[derive(Debug, Deserialize, Default)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    days: String,
}

/// Makes an API token, only from a session whose sign-in passed the second factor; the answer
/// shows the token once (it is stored only as a hash).
pub async fn create_token(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Form(form): Form<TokenForm>,
) -> Result<Response, WebError> {
    let user = own(&state, &auth).await?;
    if !auth.session().is_some_and(|s| s.second_factor) {
        return again(&state, &ctx, &auth, "", "account-token-needs-second-factor", &[]).await;
    }
    let policy = SecurityPolicy::DEFAULT;
    let days: Option<i64> = form.days.trim().parse().ok().filter(|d| policy.token_days_allowed(*d));
    let name = bounded(&form.name, 80).ok().filter(|n| !n.is_empty());
    let (Some(days), Some(name)) = (days, name.clone()) else {
        let field = if name.is_none() { "token-name" } else { "token-days" };
        let max = policy.token_max_days.to_string();
        return again(&state, &ctx, &auth, field, "account-bad-token", &[("max", max)]).await;
    };
    let (secret, hash) = new_secret("iomed_")?;
    let now = state.store.now();
    let expires_at = now.checked_add(SignedDuration::from_hours(24 * days)).unwrap_or(now);
    let change = AccountChange::CreateToken {
        user: user.id,
        name,
        token_hash: hash,
        scopes: TOKEN_SCOPES.iter().map(|s| s.to_string()).collect(),
        expires_at,
    };
    state.store.account(&auth.ledger_actor(), change).await?;
    account_page(&state, &ctx, &auth, StatusCode::OK, FieldErrors::default(), Some(secret)).await
}

pub async fn revoke_token(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(_): Form<Button>,
) -> Result<Response, WebError> {
    let user = own(&state, &auth).await?;
    match state.store.account(&auth.ledger_actor(), AccountChange::RevokeToken { user: user.id, token: id }).await {
        Ok(_) => Ok(ctx.redirect_with("/account", "account-token-revoked")),
        Err(StoreError::AccountRefused(r)) if r.code() == "no_such_token" => Err(WebError::NotFound),
        Err(StoreError::AccountRefused(r)) => Err(WebError::conflict(r.code(), account_message(r.code()))),
        Err(e) => Err(e.into()),
    }
}

/// The acting user.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeDto {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub language: String,
    pub time_zone: String,
    /// Role identifiers such as `registrar`.
    pub roles: Vec<&'static str>,
    /// `session` or `token`.
    pub authenticated_by: &'static str,
    /// The token's scopes (empty for a session).
    pub scopes: Vec<String>,
}

/// The acting user and their roles. 401 without credentials.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", operation_id = "me",
    responses((status = 200, description = "The acting user", body = MeDto), (status = 403, response = crate::kit::problem::problems::Forbidden)),
    security(("bearer" = [])))]
pub async fn me(State(state): State<AppState>, auth: Auth) -> Result<Json<MeDto>, WebError> {
    authorize(&state, &auth, Action::ReadAccount, Resource::OwnAccount).await?;
    let (user, by, scopes) = match &auth.credential {
        Credential::Session(s) => (&s.user, "session", Vec::new()),
        Credential::Token { user, scopes } => (user, "token", scopes.clone()),
        Credential::None => return Err(WebError::NotSignedIn),
    };
    Ok(Json(MeDto {
        id: user.id.0,
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        language: user.language.clone(),
        time_zone: user.time_zone.clone(),
        roles: user.roles.iter().map(Role::as_str).collect(),
        authenticated_by: by,
        scopes,
    }))
}
