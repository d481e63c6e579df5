//! Sign-in and sign-out, the user's own account, and the Secretariat's user administration.

use std::collections::BTreeSet;

use askama::Template;
use axum::Form;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use iomed_domain::access::{Action, Resource, UserId};
use iomed_domain::accounts::{Email, LockoutPolicy, NewPassword, Role};
use iomed_store::StoreError;
use iomed_store::accounts::{
    AccountChange, SessionInfo, Stage, TokenInfo, User, hash_password, new_secret, verify_password,
};
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::{
    Auth, Credential, CsrfSource, FormToken, SESSION_COOKIE, SESSION_HOURS, authorize, check_csrf, cookie,
};
use crate::pages::{Page, error_page, internal_error, render};
use crate::{AppState, Ctx};

pub(crate) type Fields = Vec<(String, String)>;

/// Recorded for a failed sign-in whose address field did not hold an e-mail address.
pub const NOT_AN_ADDRESS: &str = "(not an e-mail address)";

pub(crate) fn field<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}

/// Only a path on this site, never another origin.
pub(crate) fn safe_next(next: &str) -> String {
    // Browsers drop tabs and line breaks from URLs ("/\t/evil" becomes "//evil"), and a control
    // character is not a valid header value, so any of them sends the user to their account.
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(|c| c.is_control() || c.is_whitespace());
    if local { next.to_owned() } else { "/account".into() }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_paths_on_this_site_are_followed_after_sign_in() {
        assert_eq!(safe_next("/members?lang=fr"), "/members?lang=fr");
        for hostile in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/a\r\nSet-Cookie: x=1",
            "https://evil.example",
            "",
            "/ /x",
        ] {
            assert_eq!(safe_next(hostile), "/account", "{hostile:?}");
        }
    }
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage<'a> {
    p: Page<'a>,
    email: String,
    next: String,
    form_token: String,
    error: Option<String>,
}

pub(crate) async fn sign_in_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    status: StatusCode,
    email: &str,
    next: &str,
    error: Option<String>,
) -> Response {
    let token = match FormToken::for_request(auth) {
        Ok(t) => t,
        Err(e) => return internal_error(state, ctx, auth, e.to_string()).await,
    };
    let page = SignInPage {
        p: Page::new(state, ctx, auth, "sign-in").await,
        email: email.to_owned(),
        next: next.to_owned(),
        form_token: token.value.clone(),
        error,
    };
    token.attach(render(ctx, status, &page))
}

pub async fn sign_in_form(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    axum::extract::RawQuery(q): axum::extract::RawQuery,
) -> Response {
    if let Err(r) = crate::auth::authenticating(&state, &ctx, &auth).await {
        return r;
    }
    let pairs = q.as_deref().map(crate::context::form_urlencoded_pairs).unwrap_or_default();
    let next = pairs.iter().find(|(k, _)| k == "next").map_or("/account".to_owned(), |(_, v)| safe_next(v));
    match auth.stage() {
        Some(Stage::Full) => return Redirect::to(&next).into_response(),
        Some(Stage::SecondFactor) => return Redirect::to("/sign-in/second-factor").into_response(),
        Some(Stage::Enroll) => return Redirect::to("/account/second-factor").into_response(),
        None => {}
    }
    sign_in_page(&state, &ctx, &auth, StatusCode::OK, "", &next, None).await
}

pub async fn sign_in(State(state): State<AppState>, ctx: Ctx, auth: Auth, Form(fields): Form<Fields>) -> Response {
    if let Err(r) = crate::auth::authenticating(&state, &ctx, &auth).await {
        return r;
    }
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Form, field(&fields, "csrf")).await {
        return r;
    }
    let typed_email = field(&fields, "email").trim().to_lowercase();
    // What the failure record keeps of the typed address: the address if it is one, otherwise a
    // marker. People sometimes type their password into the address field; it must not reach
    // the ledger.
    let recorded_email = match Email::parse(&typed_email) {
        Ok(email) => email.as_str().to_owned(),
        Err(_) => NOT_AN_ADDRESS.to_owned(),
    };
    let password = field(&fields, "password").to_owned();
    let next = safe_next(field(&fields, "next"));
    let now = state.store.now();
    let generic = state.i18n.message(ctx.lang, "sign-in-failed", &[]);

    let credentials = match Email::parse(&typed_email) {
        Ok(email) => match state.store.credentials(&email).await {
            Ok(c) => c,
            Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
        },
        Err(_) => None,
    };
    // Lockout: recent failures for this address (since the last unlock) and from this client.
    let since = now.checked_sub(LockoutPolicy::ACCOUNT.window).unwrap_or(now);
    let (by_email, by_client) = match state.store.failures_since(&recorded_email, &auth.client, since).await {
        Ok(f) => f,
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let unlocked_at = credentials.as_ref().and_then(|c| c.user.unlocked_at);
    let by_email: Vec<Timestamp> = by_email.into_iter().filter(|t| unlocked_at.is_none_or(|u| *t > u)).collect();
    let locked =
        LockoutPolicy::ACCOUNT.locked_until(&by_email, now).or(LockoutPolicy::CLIENT.locked_until(&by_client, now));

    // Always verify a hash, a dummy one when there is no account, so every failure takes as long.
    let stored = credentials.as_ref().and_then(|c| c.password_hash.clone());
    let candidate = password.clone();
    let verified =
        tokio::task::spawn_blocking(move || verify_password(stored.as_deref(), &candidate)).await.unwrap_or(false);

    if let Some(until) = locked {
        let minutes = (until.duration_since(now).as_secs() / 60 + 1).to_string();
        let message = state.i18n.message(ctx.lang, "sign-in-locked", &[("minutes", minutes.into())]);
        return sign_in_page(&state, &ctx, &auth, StatusCode::TOO_MANY_REQUESTS, &typed_email, &next, Some(message))
            .await;
    }
    let user = match credentials {
        Some(c) if verified && c.user.active => c.user,
        _ => {
            let change = AccountChange::SignInFailed { email: recorded_email.clone(), client: auth.client.clone() };
            if let Err(e) = state.store.account("anonymous", change).await {
                return internal_error(&state, &ctx, &auth, e.to_string()).await;
            }
            return sign_in_page(&state, &ctx, &auth, StatusCode::OK, &typed_email, &next, Some(generic)).await;
        }
    };
    // The password is right. Next: the second factor if it is set up; setting it up if the
    // user's roles require it; otherwise the user is signed in.
    let totp = match state.store.totp(user.id).await {
        Ok(t) => t.filter(|t| t.confirmed),
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let (stage, minutes, location) = if totp.is_some() {
        let next_q: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
        (Stage::SecondFactor, 10, format!("/sign-in/second-factor?next={next_q}"))
    } else if user.roles.iter().any(Role::requires_second_factor) {
        (Stage::Enroll, 30, "/account/second-factor".to_owned())
    } else {
        (Stage::Full, SESSION_HOURS * 60, next.clone())
    };
    let ((cookie_secret, cookie_hash), (csrf, _)) = match (new_secret("s_"), new_secret("")) {
        (Ok(c), Ok(t)) => (c, t),
        (Err(e), _) | (_, Err(e)) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let expires_at = now.checked_add(SignedDuration::from_mins(minutes)).unwrap_or(now);
    let change = AccountChange::StartSession {
        user: user.id,
        token_hash: cookie_hash,
        csrf,
        expires_at,
        user_agent: auth.user_agent.clone(),
        stage,
    };
    if let Err(e) = state.store.account(&format!("user:{}", user.id.0), change).await {
        return internal_error(&state, &ctx, &auth, e.to_string()).await;
    }
    let mut response = Redirect::to(&location).into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie(SESSION_COOKIE, &cookie_secret, SESSION_HOURS * 3600));
    ctx.finish(response)
}

pub async fn sign_out(State(state): State<AppState>, ctx: Ctx, auth: Auth, Form(fields): Form<Fields>) -> Response {
    if let Err(r) = crate::auth::authenticating(&state, &ctx, &auth).await {
        return r;
    }
    // Any session can be ended, also one still in the middle of signing in.
    let Some(session) = auth.session() else { return Redirect::to("/").into_response() };
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, field(&fields, "csrf")).await {
        return r;
    }
    let change = AccountChange::EndSession { user: session.user.id, session: session.id };
    if let Err(e) = state.store.account(&auth.ledger_actor(), change).await {
        return internal_error(&state, &ctx, &auth, e.to_string()).await;
    }
    let mut response = Redirect::to("/").into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie(SESSION_COOKIE, "", 0));
    response
}

pub struct RoleChoice {
    pub value: &'static str,
    pub label_key: String,
    pub checked: bool,
}

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
    notice: Option<String>,
    error: Option<String>,
    new_token: Option<String>,
}

async fn account_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    status: StatusCode,
    notice: Option<String>,
    error: Option<String>,
    new_token: Option<String>,
) -> Response {
    let Some(user) = auth.user().cloned() else { return Redirect::to("/sign-in?next=/account").into_response() };
    let (sessions, tokens) = match (state.store.sessions_of(user.id).await, state.store.tokens_of(user.id).await) {
        (Ok(s), Ok(t)) => (s, t),
        (Err(e), _) | (_, Err(e)) => return internal_error(state, ctx, auth, e.to_string()).await,
    };
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
    let tokens = tokens
        .into_iter()
        .map(|t: TokenInfo| TokenRow {
            id: t.id,
            name: t.name,
            scopes: t.scopes.join(" "),
            expires: when(t.expires_at),
            revoked: t.revoked_at.is_some() || t.expires_at <= state.store.now(),
        })
        .collect();
    let roles = user.roles.iter().map(|r| p.t(&format!("role-{}", r.as_str()))).collect();
    let languages = crate::Lang::ALL.into_iter().map(|l| (l.tag(), l.autonym(), l.tag() == user.language)).collect();
    let page = AccountPage { p, user, roles, languages, sessions, tokens, notice, error, new_token };
    render(ctx, status, &page)
}

pub async fn account(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::ReadAccount, Resource::OwnAccount).await {
        return r;
    }
    account_page(&state, &ctx, &auth, StatusCode::OK, None, None, None).await
}

/// Common start of every account form: the policy, then the CSRF token.
async fn account_form(state: &AppState, ctx: &Ctx, auth: &Auth, fields: &Fields) -> Result<User, Response> {
    authorize(state, ctx, auth, Action::ManageAccount, Resource::OwnAccount).await?;
    check_csrf(state, ctx, auth, CsrfSource::Session, field(fields, "csrf")).await?;
    auth.user().cloned().ok_or_else(|| Redirect::to("/sign-in").into_response())
}

async fn done(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    result: Result<iomed_store::Appended, StoreError>,
    notice_key: &str,
) -> Response {
    match result {
        Ok(_) => {
            let notice = state.i18n.message(ctx.lang, notice_key, &[]);
            account_page(state, ctx, auth, StatusCode::OK, Some(notice), None, None).await
        }
        Err(StoreError::AccountRefused(r)) => {
            let error = state.i18n.message(ctx.lang, &format!("refusal-{}", r.code()), &[]);
            account_page(state, ctx, auth, StatusCode::BAD_REQUEST, None, Some(error), None).await
        }
        Err(e) => internal_error(state, ctx, auth, e.to_string()).await,
    }
}

pub async fn preferences(State(state): State<AppState>, ctx: Ctx, auth: Auth, Form(fields): Form<Fields>) -> Response {
    let user = match account_form(&state, &ctx, &auth, &fields).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let Some(lang) = crate::Lang::parse(field(&fields, "language")) else {
        let error = state.i18n.message(ctx.lang, "account-bad-language", &[]);
        return account_page(&state, &ctx, &auth, StatusCode::BAD_REQUEST, None, Some(error), None).await;
    };
    let zone = field(&fields, "time_zone").trim().to_owned();
    if jiff::tz::TimeZone::get(&zone).is_err() {
        let error = state.i18n.message(ctx.lang, "account-bad-time-zone", &[("value", zone.into())]);
        return account_page(&state, &ctx, &auth, StatusCode::BAD_REQUEST, None, Some(error), None).await;
    }
    let change = AccountChange::SetPreferences { user: user.id, language: lang.tag().into(), time_zone: zone };
    let result = state.store.account(&auth.ledger_actor(), change).await;
    // Show the result with the user's updated record.
    let auth = refreshed(&state, auth).await;
    done(&state, &ctx, &auth, result, "account-saved").await
}

/// The same request, with the user read again after a change.
async fn refreshed(state: &AppState, mut auth: Auth) -> Auth {
    if let Credential::Session(session) = &mut auth.credential
        && let Ok(Some(user)) = state.store.user(session.user.id).await
    {
        session.user = user;
    }
    auth
}

pub async fn password(State(state): State<AppState>, ctx: Ctx, auth: Auth, Form(fields): Form<Fields>) -> Response {
    let user = match account_form(&state, &ctx, &auth, &fields).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let Ok(email) = Email::parse(&user.email) else {
        return internal_error(&state, &ctx, &auth, "stored e-mail does not parse".into()).await;
    };
    let current = field(&fields, "current").to_owned();
    let stored = match state.store.credentials(&email).await {
        Ok(Some(c)) => c.password_hash,
        Ok(None) => None,
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let ok = tokio::task::spawn_blocking(move || verify_password(stored.as_deref(), &current)).await.unwrap_or(false);
    if !ok {
        let error = state.i18n.message(ctx.lang, "account-wrong-password", &[]);
        return account_page(&state, &ctx, &auth, StatusCode::BAD_REQUEST, None, Some(error), None).await;
    }
    let new = match NewPassword::parse(field(&fields, "new"), &email) {
        Ok(p) => p,
        Err(rejected) => {
            let error = state.i18n.message(ctx.lang, &format!("refusal-{}", rejected.code()), &[]);
            return account_page(&state, &ctx, &auth, StatusCode::BAD_REQUEST, None, Some(error), None).await;
        }
    };
    let hash = match tokio::task::spawn_blocking(move || hash_password(&new)).await {
        Ok(Ok(h)) => h,
        Ok(Err(e)) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let result = state
        .store
        .account(&auth.ledger_actor(), AccountChange::SetPassword { user: user.id, password_hash: hash })
        .await;
    done(&state, &ctx, &auth, result, "account-password-changed").await
}

pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Form(fields): Form<Fields>,
) -> Response {
    let user = match account_form(&state, &ctx, &auth, &fields).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    match state.store.account(&auth.ledger_actor(), AccountChange::EndAllSessions { user: user.id }).await {
        Ok(_) => {
            let mut response = Redirect::to("/sign-in").into_response();
            response.headers_mut().append(header::SET_COOKIE, cookie(SESSION_COOKIE, "", 0));
            response
        }
        Err(e) => internal_error(&state, &ctx, &auth, e.to_string()).await,
    }
}

pub async fn revoke_session(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> Response {
    let user = match account_form(&state, &ctx, &auth, &fields).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let result =
        state.store.account(&auth.ledger_actor(), AccountChange::EndSession { user: user.id, session: id }).await;
    done(&state, &ctx, &auth, result, "account-session-ended").await
}

/// The scopes a token carries: `read` for GET, `write` for the API's writes (requests and case
/// steps). API writes take a token only, never the session cookie, so no other site can make a
/// signed-in browser write.
pub const TOKEN_SCOPES: [&str; 2] = ["read", "write"];

pub async fn create_token(State(state): State<AppState>, ctx: Ctx, auth: Auth, Form(fields): Form<Fields>) -> Response {
    let user = match account_form(&state, &ctx, &auth, &fields).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let name = field(&fields, "name").trim().to_owned();
    let days: Option<i64> = field(&fields, "days").trim().parse().ok().filter(|d| (1..=365).contains(d));
    let (Some(days), false) = (days, name.is_empty() || name.chars().count() > 80) else {
        let error = state.i18n.message(ctx.lang, "account-bad-token", &[]);
        return account_page(&state, &ctx, &auth, StatusCode::BAD_REQUEST, None, Some(error), None).await;
    };
    let (secret, hash) = match new_secret("iomed_") {
        Ok(s) => s,
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let now = state.store.now();
    let expires_at = now.checked_add(SignedDuration::from_hours(24 * days)).unwrap_or(now);
    let change = AccountChange::CreateToken {
        user: user.id,
        name,
        token_hash: hash,
        scopes: TOKEN_SCOPES.iter().map(|s| s.to_string()).collect(),
        expires_at,
    };
    match state.store.account(&auth.ledger_actor(), change).await {
        Ok(_) => {
            let notice = state.i18n.message(ctx.lang, "account-token-created", &[]);
            account_page(&state, &ctx, &auth, StatusCode::OK, Some(notice), None, Some(secret)).await
        }
        Err(e) => internal_error(&state, &ctx, &auth, e.to_string()).await,
    }
}

pub async fn revoke_token(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> Response {
    let user = match account_form(&state, &ctx, &auth, &fields).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let result =
        state.store.account(&auth.ledger_actor(), AccountChange::RevokeToken { user: user.id, token: id }).await;
    done(&state, &ctx, &auth, result, "account-token-revoked").await
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
    notice: Option<String>,
    error: Option<String>,
    roles: Vec<RoleChoice>,
    languages: Vec<(&'static str, &'static str)>,
}

pub(crate) async fn users_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    notice: Option<String>,
    error: Option<String>,
) -> Response {
    let users = match state.store.users().await {
        Ok(u) => u,
        Err(e) => return internal_error(state, ctx, auth, e.to_string()).await,
    };
    let now = state.store.now();
    let since = now.checked_sub(LockoutPolicy::ACCOUNT.window).unwrap_or(now);
    let p = Page::new(state, ctx, auth, "users").await;
    let mut rows = Vec::with_capacity(users.len());
    for u in users {
        let failures = match state.store.failures_since(&u.email, "", since).await {
            Ok((by_email, _)) => {
                by_email.into_iter().filter(|t| u.unlocked_at.is_none_or(|x| *t > x)).collect::<Vec<_>>()
            }
            Err(e) => return internal_error(state, ctx, auth, e.to_string()).await,
        };
        let locked_minutes = LockoutPolicy::ACCOUNT
            .locked_until(&failures, now)
            .map(|until| (until.duration_since(now).as_secs() / 60 + 1).to_string());
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
    let can_administer = iomed_domain::access::can(&auth.actor(), Action::AdministerUsers, Resource::Users).is_ok();
    let roles = Role::ALL
        .into_iter()
        .map(|r| RoleChoice { value: r.as_str(), label_key: format!("role-{}", r.as_str()), checked: false })
        .collect();
    let languages = crate::Lang::ALL.into_iter().map(|l| (l.tag(), l.autonym())).collect();
    let status = if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    render(ctx, status, &UsersPage { p, users: rows, can_administer, notice, error, roles, languages })
}

pub async fn users(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::ListUsers, Resource::Users).await {
        return r;
    }
    users_page(&state, &ctx, &auth, None, None).await
}

async fn admin_form(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    target: i64,
    fields: &Fields,
) -> Result<UserId, Response> {
    authorize(state, ctx, auth, Action::AdministerUsers, Resource::Account(UserId(target))).await?;
    check_csrf(state, ctx, auth, CsrfSource::Session, field(fields, "csrf")).await?;
    Ok(UserId(target))
}

async fn admin_done(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    result: Result<iomed_store::Appended, StoreError>,
) -> Response {
    match result {
        Ok(_) => users_page(state, ctx, auth, Some(state.i18n.message(ctx.lang, "account-saved", &[])), None).await,
        Err(StoreError::AccountRefused(r)) => {
            let message = state.i18n.message(ctx.lang, &format!("refusal-{}", r.code()), &[]);
            error_page(state, ctx, auth, StatusCode::NOT_FOUND, "error-not-found-title", message).await
        }
        Err(e) => internal_error(state, ctx, auth, e.to_string()).await,
    }
}

pub async fn unlock(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> Response {
    let target = match admin_form(&state, &ctx, &auth, id, &fields).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let result = state.store.account(&auth.ledger_actor(), AccountChange::Unlock { user: target }).await;
    admin_done(&state, &ctx, &auth, result).await
}

pub async fn set_active(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> Response {
    let target = match admin_form(&state, &ctx, &auth, id, &fields).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let active = field(&fields, "active") == "1";
    let result = state.store.account(&auth.ledger_actor(), AccountChange::SetActive { user: target, active }).await;
    admin_done(&state, &ctx, &auth, result).await
}

pub async fn set_roles(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(fields): Form<Fields>,
) -> Response {
    let target = match admin_form(&state, &ctx, &auth, id, &fields).await {
        Ok(t) => t,
        Err(r) => return r,
    };
    let roles: BTreeSet<Role> =
        fields.iter().filter(|(k, _)| k == "role").filter_map(|(_, v)| Role::parse(v)).collect();
    let result = state.store.account(&auth.ledger_actor(), AccountChange::SetRoles { user: target, roles }).await;
    admin_done(&state, &ctx, &auth, result).await
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
#[utoipa::path(
    get,
    path = "/api/v1/me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The acting user", body = MeDto),
        (status = 401, description = "No credentials, or a revoked or expired token", body = crate::problem::Problem, content_type = "application/problem+json")
    )
)]
pub async fn me(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::ReadAccount, Resource::OwnAccount).await {
        return r;
    }
    let (user, by, scopes) = match &auth.credential {
        Credential::Session(s) => (&s.user, "session", Vec::new()),
        Credential::Token { user, scopes } => (user, "token", scopes.clone()),
        _ => return StatusCode::UNAUTHORIZED.into_response(),
    };
    Json(MeDto {
        id: user.id.0,
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        language: user.language.clone(),
        time_zone: user.time_zone.clone(),
        roles: user.roles.iter().map(Role::as_str).collect(),
        authenticated_by: by,
        scopes,
    })
    .into_response()
}
