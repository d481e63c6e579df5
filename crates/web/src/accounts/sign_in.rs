//! Signing in (password, then the second factor when it is set up or required) and out.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use iomed_domain::access::{Action, Resource};
use iomed_domain::accounts::{Email, LockoutPolicy, Role, SecurityPolicy};
use iomed_store::accounts::{AccountChange, Stage, new_secret, verify_password};
use jiff::SignedDuration;
use serde::Deserialize;

use crate::kit::auth::{Auth, FormToken, SESSION_COOKIE, authenticating, authorize, cookie};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::forms::{Button, Form, PublicForm, Query};
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;

/// Recorded for a failed sign-in whose address field did not hold an e-mail address.
pub const NOT_AN_ADDRESS: &str = "(not an e-mail address)";

/// Only a path on this site, never another origin.
pub fn safe_next(next: &str) -> String {
    // Browsers drop tabs and line breaks from URLs ("/\t/evil" becomes "//evil"), and a control
    // character is not a valid header value, so any of them sends the user to their account.
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(|c| c.is_control() || c.is_whitespace());
    if local { next.to_owned() } else { "/home".into() }
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

async fn sign_in_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    status: StatusCode,
    email: &str,
    next: &str,
    error: Option<String>,
) -> Result<Response, WebError> {
    let token = FormToken::for_request(auth)?;
    let page = SignInPage {
        p: Page::new(state, ctx, auth, "sign-in").await,
        email: email.to_owned(),
        next: next.to_owned(),
        form_token: token.value.clone(),
        error,
    };
    Ok(token.attach(render(ctx, status, &page)?))
}

#[derive(Debug, Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

impl NextQuery {
    /// Where to go after signing in: as asked, or the person's home.
    pub fn next(&self) -> &str {
        if self.next.is_empty() { "/home" } else { &self.next }
    }
}

/// `GET /home`: to the page of what awaits the signed-in person in their role
/// ([`iomed_domain::accounts::Home`]); where signing in lands unless another page was asked for.
pub async fn home(State(state): State<AppState>, auth: Auth) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::ReadAccount, Resource::OwnAccount).await?;
    let user = auth.require_user()?;
    Ok(Redirect::to(iomed_domain::accounts::Home::of(&user.roles).path()).into_response())
}

pub async fn sign_in_form(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Query(query): Query<NextQuery>,
) -> Result<Response, WebError> {
    authenticating(&state, &auth).await?;
    let next = safe_next(query.next());
    match auth.stage() {
        Some(Stage::Full) => return Ok(Redirect::to(&next).into_response()),
        Some(Stage::SecondFactor) => return Ok(Redirect::to("/sign-in/second-factor").into_response()),
        Some(Stage::Enroll) => return Ok(Redirect::to("/account/second-factor").into_response()),
        None => {}
    }
    sign_in_page(&state, &ctx, &auth, StatusCode::OK, "", &next, None).await
}

#[derive(Debug, Deserialize, Default)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn sign_in(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    PublicForm(form): PublicForm<SignInForm>,
) -> Result<Response, WebError> {
    authenticating(&state, &auth).await?;
    let typed_email: String = form.email.trim().to_lowercase().chars().take(320).collect();
    // What the failure record keeps of the typed address: the address if it is one, otherwise a
    // marker. People sometimes type their password into the address field; it must not reach
    // the ledger.
    let parsed = Email::parse(&typed_email).ok();
    let recorded_email = parsed.as_ref().map_or(NOT_AN_ADDRESS.to_owned(), |e| e.as_str().to_owned());
    let next = safe_next(&form.next);
    let now = state.store.now();
    let credentials = match &parsed {
        Some(email) => state.store.credentials(email).await?,
        None => None,
    };
    // Lockout: recent failures for this address (since the last unlock) and from this client.
    let since = now.checked_sub(LockoutPolicy::ACCOUNT.window).unwrap_or(now);
    let (by_email, by_client) = state.store.failures_since(&recorded_email, &auth.client, since).await?;
    let unlocked_at = credentials.as_ref().and_then(|c| c.user.unlocked_at);
    let locked = LockoutPolicy::ACCOUNT
        .account_locked_until(&by_email, unlocked_at, now)
        .or(LockoutPolicy::CLIENT.locked_until(&by_client, now));

    // Always verify a hash, a dummy one when there is no account, so every failure takes as long.
    let stored = credentials.as_ref().and_then(|c| c.password_hash.clone());
    let candidate: String = form.password.chars().take(1024).collect();
    let verified =
        tokio::task::spawn_blocking(move || verify_password(stored.as_deref(), &candidate)).await.unwrap_or(false);

    if let Some(until) = locked {
        let minutes = LockoutPolicy::minutes_left(until, now).to_string();
        let message = state.i18n.message(ctx.lang, "sign-in-locked", &[("minutes", minutes.into())]);
        return sign_in_page(&state, &ctx, &auth, StatusCode::TOO_MANY_REQUESTS, &typed_email, &next, Some(message))
            .await;
    }
    let user = match credentials {
        Some(c) if verified && c.user.active => c.user,
        _ => {
            let change = AccountChange::SignInFailed { email: recorded_email, client: auth.client.clone() };
            state.store.account("anonymous", change).await?;
            let generic = state.i18n.message(ctx.lang, "sign-in-failed", &[]);
            return sign_in_page(&state, &ctx, &auth, StatusCode::OK, &typed_email, &next, Some(generic)).await;
        }
    };
    // The password is right. Next: the second factor if it is set up; setting it up if the
    // user's roles require it; otherwise the user is signed in.
    let policy = SecurityPolicy::DEFAULT;
    let totp = state.store.totp(user.id).await?.filter(|t| t.confirmed);
    let (stage, lifetime, location) = if totp.is_some() {
        let next_q: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
        (Stage::SecondFactor, policy.second_factor_step, format!("/sign-in/second-factor?next={next_q}"))
    } else if user.roles.iter().any(Role::requires_second_factor) {
        (Stage::Enroll, policy.enrolment, "/account/second-factor".to_owned())
    } else {
        (Stage::Full, policy.session, next.clone())
    };
    let (cookie_secret, cookie_hash) = new_secret("s_")?;
    let (csrf, _) = new_secret("")?;
    let expires_at = now.checked_add(lifetime).unwrap_or(now);
    let change = AccountChange::StartSession {
        user: user.id,
        token_hash: cookie_hash,
        csrf,
        expires_at,
        user_agent: auth.user_agent.clone(),
        stage,
        second_factor: false,
    };
    state.store.account(&format!("user:{}", user.id.0), change).await?;
    let mut response = Redirect::to(&location).into_response();
    // The cookie lives as long as a full session; the store ends an unfinished sign-in sooner.
    let cookie_lifetime = SignedDuration::max(policy.session, lifetime).as_secs();
    response.headers_mut().append(header::SET_COOKIE, cookie(SESSION_COOKIE, &cookie_secret, cookie_lifetime));
    Ok(ctx.finish(response))
}

pub async fn sign_out(
    State(state): State<AppState>,
    auth: Auth,
    form: Option<Form<Button>>,
) -> Result<Response, WebError> {
    authenticating(&state, &auth).await?;
    // Any session can be ended, also one still in the middle of signing in.
    let (Some(session), Some(_)) = (auth.session(), form) else { return Ok(Redirect::to("/").into_response()) };
    let change = AccountChange::EndSession { user: session.user.id, session: session.id };
    state.store.account(&auth.ledger_actor(), change).await?;
    let mut response = Redirect::to("/").into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie(SESSION_COOKIE, "", 0));
    Ok(response)
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
            assert_eq!(safe_next(hostile), "/home", "{hostile:?}");
        }
    }
}
