//! Who is asking: the session cookie or a Bearer token becomes an [`Actor`]; [`authorize`] asks
//! the domain's one policy and turns a refusal into the right response (and a ledger record);
//! CSRF tokens guard every form that changes state.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use iomed_domain::access::{Action, Actor, Denied, Resource, can};
use iomed_domain::accounts::LockoutPolicy;
use iomed_store::accounts::{AccountChange, Session, Stage, User, secret_hash};

use crate::problem::Problem;
use crate::{AppState, Ctx};

pub const SESSION_COOKIE: &str = "iomed_session";
pub const FORM_COOKIE: &str = "iomed_form";
/// How long a session lasts after sign-in.
pub const SESSION_HOURS: i64 = 12;

/// How the request authenticated.
#[derive(Debug, Clone)]
pub enum Credential {
    None,
    Session(Session),
    Token {
        user: User,
        scopes: Vec<String>,
    },
    /// A Bearer token was presented but is unknown, revoked or expired.
    BadToken,
}

/// The acting user, the way they authenticated, and where the request came from.
#[derive(Debug, Clone)]
pub struct Auth {
    pub credential: Credential,
    pub client: String,
    pub method: String,
    pub path: String,
    pub user_agent: String,
    /// The anonymous form token from the cookie, for forms shown before sign-in.
    pub form_cookie: Option<String>,
}

impl Auth {
    /// The acting user. A session still in the middle of sign-in (second factor pending, or to be
    /// set up) acts as nobody, except on the pages that finish the sign-in.
    pub fn actor(&self) -> Actor {
        match &self.credential {
            Credential::Session(s) if s.stage == Stage::Full => Actor::user(s.user.id, s.user.roles.iter().copied()),
            Credential::Session(_) => Actor::Anonymous,
            Credential::Token { user, .. } => Actor::user(user.id, user.roles.iter().copied()),
            Credential::None | Credential::BadToken => Actor::Anonymous,
        }
    }

    /// The signed-in user (fully signed in).
    pub fn user(&self) -> Option<&User> {
        match &self.credential {
            Credential::Session(s) if s.stage == Stage::Full => Some(&s.user),
            Credential::Session(_) => None,
            Credential::Token { user, .. } => Some(user),
            Credential::None | Credential::BadToken => None,
        }
    }

    /// The session, whatever its stage.
    pub fn session(&self) -> Option<&Session> {
        match &self.credential {
            Credential::Session(s) => Some(s),
            _ => None,
        }
    }

    /// The session's stage, if there is a session.
    pub fn stage(&self) -> Option<Stage> {
        self.session().map(|s| s.stage)
    }

    /// The ledger actor: `user:7` or `anonymous`.
    pub fn ledger_actor(&self) -> String {
        match (self.user(), self.session()) {
            (Some(u), _) => format!("user:{}", u.id.0),
            (None, Some(s)) => format!("user:{}", s.user.id.0),
            (None, None) => "anonymous".into(),
        }
    }

    pub(crate) fn is_api(&self) -> bool {
        self.path.starts_with("/api/")
    }
}

pub fn cookie_value(parts: &Parts, name: &str) -> Option<String> {
    parts.headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|cookies| {
        cookies.split(';').find_map(|c| {
            let (k, v) = c.trim().split_once('=')?;
            (k == name).then(|| v.to_owned())
        })
    })
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let client = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "unknown".into());
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let credential = if let Some(token) = bearer {
            // Guessing tokens locks the client address out, as guessing passwords does.
            let now = state.store.now();
            let since = now.checked_sub(LockoutPolicy::CLIENT.window).unwrap_or(now);
            match state.store.failures_since("", &client, since).await {
                Ok((_, by_client)) => {
                    if let Some(until) = LockoutPolicy::CLIENT.locked_until(&by_client, now) {
                        return Err(too_many(until.duration_since(now).as_secs()));
                    }
                }
                Err(e) => return Err(internal(&e)),
            }
            let hash = secret_hash(token);
            match state.store.token_user(&hash).await {
                Ok(Some((user, scopes))) => {
                    if let Err(retry) = state.limits.allow(&hash, now) {
                        return Err(too_many(retry));
                    }
                    Credential::Token { user, scopes }
                }
                Ok(None) => {
                    let failure = AccountChange::SignInFailed { email: "(api token)".into(), client: client.clone() };
                    if let Err(e) = state.store.account("anonymous", failure).await {
                        return Err(internal(&e));
                    }
                    Credential::BadToken
                }
                Err(e) => return Err(internal(&e)),
            }
        } else if let Some(cookie) = cookie_value(parts, SESSION_COOKIE) {
            match state.store.session(&secret_hash(&cookie)).await {
                Ok(Some(session)) => Credential::Session(session),
                Ok(None) => Credential::None,
                Err(e) => return Err(internal(&e)),
            }
        } else {
            Credential::None
        };
        let auth = Auth {
            credential,
            client,
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            user_agent: parts
                .headers
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.chars().take(200).collect())
                .unwrap_or_default(),
            form_cookie: cookie_value(parts, FORM_COOKIE),
        };
        if matches!(auth.credential, Credential::BadToken) {
            return Err(unauthorized("invalid_token", "The token is unknown, revoked or expired."));
        }
        Ok(auth)
    }
}

fn internal(e: &dyn std::fmt::Display) -> Response {
    tracing::error!(error = %e, "authentication lookup failed");
    Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Internal error".into(), "Please try again.".into())
        .into_response()
}

fn too_many(retry_after_seconds: i64) -> Response {
    let mut response = Problem::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        "Too many requests".into(),
        format!("Try again in {retry_after_seconds} seconds."),
    )
    .into_response();
    if let Ok(v) = HeaderValue::from_str(&retry_after_seconds.max(1).to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

/// Requests per minute one API token may make.
pub const TOKEN_REQUESTS_PER_MINUTE: u32 = 600;

/// A fixed-window counter per token, in this process's memory.
#[derive(Debug, Default)]
pub struct RateLimits {
    windows: std::sync::Mutex<std::collections::HashMap<String, (i64, u32)>>,
}

impl RateLimits {
    /// Counts a request; `Err(seconds)` when the token is over its budget for this minute.
    pub fn allow(&self, key: &str, now: jiff::Timestamp) -> Result<(), i64> {
        let minute = now.as_second().div_euclid(60);
        let Ok(mut windows) = self.windows.lock() else { return Ok(()) };
        if windows.len() > 100_000 {
            windows.retain(|_, (m, _)| *m == minute);
        }
        let entry = windows.entry(key.to_owned()).or_insert((minute, 0));
        if entry.0 != minute {
            *entry = (minute, 0);
        }
        entry.1 += 1;
        if entry.1 > TOKEN_REQUESTS_PER_MINUTE { Err(60 - now.as_second().rem_euclid(60)) } else { Ok(()) }
    }
}

fn unauthorized(code: &'static str, detail: &str) -> Response {
    let mut response =
        Problem::new(StatusCode::UNAUTHORIZED, code, "Unauthorized".into(), detail.into()).into_response();
    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

/// Asks the policy. A refusal is recorded in the ledger and answered: the API with 401 or 403
/// problem+json, pages with a redirect to sign in or a 403 page.
pub async fn authorize(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    action: Action,
    resource: Resource,
) -> Result<(), Response> {
    // A user whose role requires a second factor must set it up before anything else they could
    // do as themselves (public pages and signing out stay open).
    if auth.stage() == Some(Stage::Enroll) && !matches!(action, Action::ReadPublic | Action::Authenticate) {
        return Err(if auth.is_api() {
            Problem::new(
                StatusCode::FORBIDDEN,
                "second_factor_required",
                "Second factor required".into(),
                "Set up the second factor on /account/second-factor first.".into(),
            )
            .into_response()
        } else {
            Redirect::to("/account/second-factor").into_response()
        });
    }
    let Err(denied) = can(&auth.actor(), action, resource) else { return Ok(()) };
    let change = AccountChange::AccessRefused {
        user: auth.user().map(|u| u.id),
        method: auth.method.clone(),
        path: auth.path.clone(),
        reason: denied.code(),
    };
    if let Err(e) = state.store.account(&auth.ledger_actor(), change).await {
        tracing::error!(error = %e, "could not record a refused access");
    }
    Err(refusal(state, ctx, auth, &denied).await)
}

async fn refusal(state: &AppState, ctx: &Ctx, auth: &Auth, denied: &Denied) -> Response {
    match (auth.is_api(), denied) {
        (true, Denied::NotSignedIn) => unauthorized("not_signed_in", "Sign in or present a Bearer token."),
        // What the reader may not see answers as what does not exist (W13).
        (_, Denied::Hidden) => crate::pages::hidden(state, ctx, auth).await,
        (true, _) => {
            Problem::new(StatusCode::FORBIDDEN, "forbidden", "Forbidden".into(), denied.to_string()).into_response()
        }
        (false, Denied::NotSignedIn) => {
            let next: String = form_urlencoded::byte_serialize(auth.path.as_bytes()).collect();
            Redirect::to(&format!("/sign-in?next={next}")).into_response()
        }
        (false, _) => {
            let message = state.i18n.message(ctx.lang, "error-forbidden-body", &[]);
            crate::pages::error_page(state, ctx, auth, StatusCode::FORBIDDEN, "error-forbidden-title", message).await
        }
    }
}

/// Compares two secrets in constant time.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Which token a form carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsrfSource {
    /// The session's token: forms of signed-in users.
    Session,
    /// The form cookie's token (double submit): forms shown before sign-in.
    Form,
}

/// Checks the CSRF token of a form. A failure answers 403 and nothing is written.
pub async fn check_csrf(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    source: CsrfSource,
    submitted: &str,
) -> Result<(), Response> {
    let expected = match source {
        CsrfSource::Session => auth.session().map(|s| s.csrf.as_str()),
        CsrfSource::Form => auth.form_cookie.as_deref(),
    };
    match expected {
        Some(expected) if !submitted.is_empty() && same_secret(expected, submitted) => Ok(()),
        _ => {
            let message = state.i18n.message(ctx.lang, "error-csrf-body", &[]);
            Err(crate::pages::error_page(state, ctx, auth, StatusCode::FORBIDDEN, "error-forbidden-title", message)
                .await)
        }
    }
}

/// Cookie attributes: never readable by scripts, sent to this site only.
pub fn cookie(name: &str, value: &str, max_age_seconds: i64) -> HeaderValue {
    let text = format!("{name}={value}; Path=/; Max-Age={max_age_seconds}; HttpOnly; Secure; SameSite=Lax");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("iomed_invalid=1"))
}

/// Puts a signed-in user's preferred language where [`Ctx`] finds it (after `?lang=` and the
/// cookie, before `Accept-Language`).
pub async fn user_language(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let (mut parts, body) = request.into_parts();
    if let Some(cookie) = cookie_value(&parts, SESSION_COOKIE)
        && let Ok(Some(session)) = state.store.session(&secret_hash(&cookie)).await
        && session.stage == Stage::Full
        && let Some(lang) = crate::Lang::parse(&session.user.language)
    {
        parts.extensions.insert(crate::context::UserLanguage(lang));
    }
    request = axum::extract::Request::from_parts(parts, body);
    next.run(request).await
}

/// Public pages and the public API: anyone may read them, but they still ask the policy.
pub async fn public(state: &AppState, ctx: &Ctx, auth: &Auth) -> Result<(), Response> {
    authorize(state, ctx, auth, Action::ReadPublic, Resource::Public).await
}

/// The steps of signing in, out, and setting a password: open to anyone, through the policy.
pub async fn authenticating(state: &AppState, ctx: &Ctx, auth: &Auth) -> Result<(), Response> {
    authorize(state, ctx, auth, Action::Authenticate, Resource::Public).await
}

/// The token of a form shown before sign-in (double submit): the form cookie's token, or a new
/// one that [`FormToken::attach`] sets as the cookie.
pub struct FormToken {
    pub value: String,
    fresh: bool,
}

impl FormToken {
    pub fn for_request(auth: &Auth) -> Result<FormToken, iomed_store::StoreError> {
        match &auth.form_cookie {
            Some(t) if t.len() == 64 => Ok(FormToken { value: t.clone(), fresh: false }),
            _ => iomed_store::accounts::new_secret("").map(|(value, _)| FormToken { value, fresh: true }),
        }
    }

    pub fn attach(&self, mut response: Response) -> Response {
        if self.fresh {
            response.headers_mut().append(header::SET_COOKIE, cookie(FORM_COOKIE, &self.value, 3600 * 4));
        }
        response
    }
}
