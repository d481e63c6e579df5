//! Who is asking: the session cookie or a Bearer token becomes an [`Actor`]; [`authorize`] asks
//! the domain's one policy and turns a refusal into a [`WebError`] (and a ledger record); CSRF
//! tokens guard every form that changes state.
//!
//! The credential is resolved once per request, by the request middleware (`request::handle`),
//! and put in the request's extensions; the [`Auth`] extractor takes it from there.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use iomed_domain::access::{Action, Actor, Denied, Resource, can};
use iomed_domain::accounts::{LockoutPolicy, SecurityPolicy};
use iomed_store::accounts::{AccountChange, Session, Stage, User, secret_hash};

use crate::kit::error::WebError;
use crate::kit::state::AppState;

pub const SESSION_COOKIE: &str = "iomed_session";
pub const FORM_COOKIE: &str = "iomed_form";

/// What the ledger records for a presented API token that matched none: its first characters,
/// so that guesses aimed at one token are counted together (never the token itself).
const TOKEN_PREFIX_CHARS: usize = 12;

/// How the request authenticated.
#[derive(Debug, Clone)]
pub enum Credential {
    None,
    Session(Session),
    Token { user: User, scopes: Vec<String> },
}

/// The acting user, the way they authenticated, and where the request came from.
#[derive(Debug, Clone)]
pub struct Auth {
    pub credential: Credential,
    /// The client's address: the peer, or what a trusted proxy says it saw.
    pub client: String,
    pub method: String,
    pub path: String,
    pub user_agent: String,
    /// The anonymous form token from the cookie, for forms shown before sign-in.
    pub form_cookie: Option<String>,
}

impl Auth {
    /// Nobody, for rendering an answer where no credential was resolved.
    pub fn anonymous(path: &str) -> Auth {
        Auth {
            credential: Credential::None,
            client: "unknown".into(),
            method: "GET".into(),
            path: path.to_owned(),
            user_agent: String::new(),
            form_cookie: None,
        }
    }

    /// The acting user. A session still in the middle of sign-in (second factor pending, or to be
    /// set up) acts as nobody, except on the pages that finish the sign-in.
    pub fn actor(&self) -> Actor {
        match &self.credential {
            Credential::Session(s) if s.stage == Stage::Full => Actor::user(s.user.id, s.user.roles.iter().copied()),
            Credential::Session(_) => Actor::Anonymous,
            Credential::Token { user, .. } => Actor::user(user.id, user.roles.iter().copied()),
            Credential::None => Actor::Anonymous,
        }
    }

    /// The signed-in user (fully signed in).
    pub fn user(&self) -> Option<&User> {
        match &self.credential {
            Credential::Session(s) if s.stage == Stage::Full => Some(&s.user),
            Credential::Session(_) => None,
            Credential::Token { user, .. } => Some(user),
            Credential::None => None,
        }
    }

    /// The signed-in user, or the answer for someone who is not.
    pub fn require_user(&self) -> Result<&User, WebError> {
        self.user().ok_or(WebError::NotSignedIn)
    }

    /// Whether the answer depends on who is asking: any session or token.
    pub fn is_signed_in(&self) -> bool {
        !matches!(self.credential, Credential::None)
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

    /// The reader's time zone (the seat's for someone not signed in).
    pub fn time_zone(&self) -> String {
        self.user().map(|u| u.time_zone.clone()).unwrap_or_else(|| "Asia/Hong_Kong".into())
    }

    pub fn is_api(&self) -> bool {
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

/// The client's address: the TCP peer, unless the peer is a trusted proxy, in which case the
/// address that proxy appended last to `X-Forwarded-For`.
fn client_address(parts: &Parts, state: &AppState) -> String {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let Some(peer) = peer else { return "unknown".into() };
    if state.trusted_proxies.contains(&peer)
        && let Some(forwarded) = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok())
        && let Some(last) = forwarded.rsplit(',').next().map(str::trim)
        && let Ok(ip) = last.parse::<IpAddr>()
    {
        return ip.to_string();
    }
    peer.to_string()
}

/// Resolves the request's credential. A Bearer token that matches a live token is accepted
/// whatever failed before from the same address; a wrong one is recorded, and answered 429 once
/// wrong tokens from this address, or aimed at this token's prefix, reach the lockout.
pub async fn resolve(parts: &Parts, state: &AppState) -> Result<Auth, WebError> {
    let client = client_address(parts, state);
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let credential = if let Some(token) = bearer {
        let now = state.store.now();
        let hash = secret_hash(token);
        match state.store.token_user(&hash).await? {
            Some((user, scopes)) => {
                if let Err(retry) = state.limits.allow(&hash, now) {
                    return Err(WebError::RateLimited { retry_after: retry });
                }
                Credential::Token { user, scopes }
            }
            None => {
                let prefix: String =
                    format!("(api token {})", token.chars().take(TOKEN_PREFIX_CHARS).collect::<String>());
                let since = now.checked_sub(LockoutPolicy::CLIENT.window).unwrap_or(now);
                let (by_prefix, by_client) = state.store.failures_since(&prefix, &client, since).await?;
                let locked = LockoutPolicy::CLIENT
                    .locked_until(&by_client, now)
                    .or(LockoutPolicy::CLIENT.locked_until(&by_prefix, now));
                if let Some(until) = locked {
                    return Err(WebError::RateLimited { retry_after: until.duration_since(now).as_secs() });
                }
                let failure = AccountChange::SignInFailed { email: prefix, client: client.clone() };
                state.store.account("anonymous", failure).await?;
                return Err(WebError::BadToken);
            }
        }
    } else if let Some(cookie) = cookie_value(parts, SESSION_COOKIE) {
        match state.store.session(&secret_hash(&cookie)).await? {
            Some(session) => Credential::Session(session),
            None => Credential::None,
        }
    } else {
        Credential::None
    };
    Ok(Auth {
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
    })
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Auth>() {
            Some(auth) => Ok(auth.clone()),
            None => resolve(parts, state).await,
        }
    }
}

/// Asks the policy. A refusal is recorded in the ledger and answered: the API with 401 or 403
/// problem+json, pages with a redirect to sign in or a 403 page; what the reader may not see,
/// as what does not exist.
pub async fn authorize(state: &AppState, auth: &Auth, action: Action, resource: Resource) -> Result<(), WebError> {
    // A user whose role requires a second factor must set it up before anything else they could
    // do as themselves (public pages and signing out stay open).
    if auth.stage() == Some(Stage::Enroll) && !matches!(action, Action::ReadPublic | Action::Authenticate) {
        return Err(WebError::SecondFactorRequired);
    }
    let Err(denied) = can(&auth.actor(), action, resource) else { return Ok(()) };
    Err(refuse(state, auth, denied).await)
}

/// Records a refusal in the ledger and gives its answer. For what does not exist, the same
/// record as for what is hidden, so that the two cannot be told apart by any trace they leave.
pub async fn refuse(state: &AppState, auth: &Auth, denied: Denied) -> WebError {
    let change = AccountChange::AccessRefused {
        user: auth.user().map(|u| u.id),
        method: auth.method.clone(),
        path: auth.path.clone(),
        reason: denied.code(),
    };
    if let Err(e) = state.store.account(&auth.ledger_actor(), change).await {
        tracing::error!(error = %e, "could not record a refused access");
    }
    match denied {
        Denied::NotSignedIn => WebError::NotSignedIn,
        Denied::Hidden => WebError::NotFound,
        other => WebError::Forbidden(other),
    }
}

/// Public pages and the public API: anyone may read them, but they still ask the policy.
pub async fn public(state: &AppState, auth: &Auth) -> Result<(), WebError> {
    authorize(state, auth, Action::ReadPublic, Resource::Public).await
}

/// The steps of signing in, out, and setting a password: open to anyone, through the policy.
pub async fn authenticating(state: &AppState, auth: &Auth) -> Result<(), WebError> {
    authorize(state, auth, Action::Authenticate, Resource::Public).await
}

/// API writes take a Bearer token with the `write` scope, never the session cookie: a browser
/// sends its cookie to any site's request, a token only when told to (no CSRF through the API).
pub fn write_token(auth: &Auth) -> Result<(), WebError> {
    match &auth.credential {
        Credential::Token { scopes, .. } if scopes.iter().any(|s| s == "write") => Ok(()),
        Credential::Token { .. } => Err(WebError::TokenRequired { code: "scope_missing" }),
        Credential::Session(_) => Err(WebError::TokenRequired { code: "token_required" }),
        Credential::None => Err(WebError::NotSignedIn),
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
pub fn check_csrf(auth: &Auth, source: CsrfSource, submitted: &str) -> Result<(), WebError> {
    let expected = match source {
        CsrfSource::Session => auth.session().map(|s| s.csrf.as_str()),
        CsrfSource::Form => auth.form_cookie.as_deref(),
    };
    match expected {
        Some(expected) if !submitted.is_empty() && same_secret(expected, submitted) => Ok(()),
        _ => Err(WebError::Csrf),
    }
}

/// Cookie attributes: never readable by scripts, sent to this site only.
pub fn cookie(name: &str, value: &str, max_age_seconds: i64) -> HeaderValue {
    let text = format!("{name}={value}; Path=/; Max-Age={max_age_seconds}; HttpOnly; Secure; SameSite=Lax");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("iomed_invalid=1"))
}

/// The token of a form shown before sign-in (double submit): the form cookie's token, or a new
/// one that [`FormToken::attach`] sets as the cookie.
pub struct FormToken {
    pub value: String,
    fresh: bool,
}

impl FormToken {
    pub fn for_request(auth: &Auth) -> Result<FormToken, WebError> {
        match &auth.form_cookie {
            Some(t) if t.len() == 64 => Ok(FormToken { value: t.clone(), fresh: false }),
            _ => Ok(iomed_store::accounts::new_secret("").map(|(value, _)| FormToken { value, fresh: true })?),
        }
    }

    pub fn attach(&self, mut response: Response) -> Response {
        if self.fresh {
            let lifetime = SecurityPolicy::DEFAULT.anonymous_form.as_secs();
            response.headers_mut().append(header::SET_COOKIE, cookie(FORM_COOKIE, &self.value, lifetime));
        }
        response
    }
}
