//! The TOTP second factor (RFC 6238): the sign-in step, setting it up, and recovery codes.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use iomed_domain::access::{Action, Resource};
use iomed_domain::accounts::LockoutPolicy;
use iomed_store::accounts::{AccountChange, Session, Stage, secret_hash};
use jiff::Timestamp;
use serde::Deserialize;
use totp_rs::{Builder, Secret, Totp};

use crate::accounts::sign_in::{NextQuery, safe_next};
use crate::kit::auth::{Auth, Credential, authenticating, authorize};
use crate::kit::context::Ctx;
use crate::kit::error::{Fault, WebError};
use crate::kit::forms::{Button, Form, Query};
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;

/// Seconds per TOTP step.
const STEP: u64 = 30;
/// How many recovery codes a user gets.
const RECOVERY_CODES: usize = 10;

/// SHA-1, 6 digits, 30-second steps, one step of skew: what every authenticator app accepts.
fn totp(secret_base32: &str, account: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret_base32).ok()?;
    Builder::new()
        .with_secret(secret)
        .with_step_duration(STEP)
        .with_skew(1)
        .with_account_name(account)
        .with_issuer(Some("IOMed"))
        .build()
        .ok()
}

/// The time step whose code `code` is, within one step of `now`, if any. The caller makes sure a
/// step is accepted once (RFC 6238 §5.2).
fn matching_step(totp: &Totp, code: &str, now: Timestamp) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let seconds = u64::try_from(now.as_second()).ok()?;
    totp.check(&code, seconds).and_then(|step| i64::try_from(step).ok())
}

/// A recovery code as typed, normalized: lower case, without dashes or spaces.
fn normalize_recovery(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

fn new_base32_secret() -> Result<String, WebError> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|_| WebError::fault("no randomness from the operating system"))?;
    Ok(Secret::from(bytes.to_vec()).to_base32())
}

fn new_recovery_codes() -> Result<Vec<String>, WebError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let mut bytes = [0u8; 10];
        getrandom::fill(&mut bytes).map_err(|_| WebError::fault("no randomness from the operating system"))?;
        let chars: String = bytes.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect();
        codes.push(format!("{}-{}", &chars[..5], &chars[5..]));
    }
    Ok(codes)
}

#[derive(Template)]
#[template(path = "second_factor.html")]
struct SecondFactorPage<'a> {
    p: Page<'a>,
    next: String,
    error: Option<String>,
}

pub async fn step_form(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Query(query): Query<NextQuery>,
) -> Result<Response, WebError> {
    authenticating(&state, &auth).await?;
    if auth.stage() != Some(Stage::SecondFactor) {
        return Ok(Redirect::to("/sign-in").into_response());
    }
    let next = safe_next(query.next());
    let page = SecondFactorPage { p: Page::new(&state, &ctx, &auth, "sign-in").await, next, error: None };
    render(&ctx, StatusCode::OK, &page)
}

#[derive(Debug, Deserialize, Default)]
pub struct StepForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    recovery: String,
    #[serde(default)]
    next: String,
}

pub async fn step(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    form: Option<Form<StepForm>>,
) -> Result<Response, WebError> {
    authenticating(&state, &auth).await?;
    let (Some(session), Some(Form(form))) = (auth.session().filter(|s| s.stage == Stage::SecondFactor).cloned(), form)
    else {
        return Ok(Redirect::to("/sign-in").into_response());
    };
    let next = safe_next(&form.next);
    let now = state.store.now();
    let user = &session.user;
    // The same lockout as for passwords: failures of the second step count too.
    let since = now.checked_sub(LockoutPolicy::ACCOUNT.window).unwrap_or(now);
    let (by_email, by_client) = state.store.failures_since(&user.email, &auth.client, since).await?;
    let locked = LockoutPolicy::ACCOUNT
        .account_locked_until(&by_email, user.unlocked_at, now)
        .or(LockoutPolicy::CLIENT.locked_until(&by_client, now));
    let page = |key: &'static str, status: StatusCode, minutes: Option<String>| {
        let (state, ctx, auth, next) = (state.clone(), ctx.clone(), auth.clone(), next.clone());
        async move {
            let args: Vec<(&str, fluent_bundle::FluentValue<'_>)> =
                minutes.map(|m| vec![("minutes", m.into())]).unwrap_or_default();
            let error = state.i18n.message(ctx.lang, key, &args);
            let page =
                SecondFactorPage { p: Page::new(&state, &ctx, &auth, "sign-in").await, next, error: Some(error) };
            render(&ctx, status, &page)
        }
    };
    if let Some(until) = locked {
        let minutes = LockoutPolicy::minutes_left(until, now).to_string();
        return page("sign-in-locked", StatusCode::TOO_MANY_REQUESTS, Some(minutes)).await;
    }
    let code = form.code.trim();
    let recovery = normalize_recovery(&form.recovery);
    let change = if !code.is_empty() {
        let secret = match state.store.totp(user.id).await? {
            Some(t) if t.confirmed => t.secret,
            _ => return Ok(Redirect::to("/sign-in").into_response()),
        };
        let step = totp(&secret, &user.email).and_then(|t| matching_step(&t, code, now));
        step.map(|step| AccountChange::PassSecondFactor {
            user: user.id,
            session: session.id,
            step: Some(step),
            recovery_code_hash: None,
        })
    } else if !recovery.is_empty() {
        Some(AccountChange::PassSecondFactor {
            user: user.id,
            session: session.id,
            step: None,
            recovery_code_hash: Some(secret_hash(&recovery)),
        })
    } else {
        None
    };
    let accepted = match change {
        Some(change) => match state.store.account(&auth.ledger_actor(), change).await {
            Ok(_) => true,
            Err(iomed_store::StoreError::AccountRefused(_)) => false,
            Err(e) => return Err(e.into()),
        },
        None => false,
    };
    if accepted {
        return Ok(ctx.finish(Redirect::to(&next)));
    }
    let failure = AccountChange::SignInFailed { email: user.email.clone(), client: auth.client.clone() };
    state.store.account(&auth.ledger_actor(), failure).await?;
    // The same answer as a wrong password or an unknown address.
    page("sign-in-failed", StatusCode::OK, None).await
}

#[derive(Template)]
#[template(path = "enroll.html")]
struct EnrollPage<'a> {
    p: Page<'a>,
    required: bool,
    enabled: bool,
    codes_left_text: String,
    pending_secret: Option<String>,
    recovery_codes: Vec<String>,
    error: Option<String>,
}

/// A signed-in user, or one whose sign-in waits for setting up the second factor: both may use
/// these pages, through the one policy.
async fn enrolling(state: &AppState, auth: &Auth) -> Result<Session, WebError> {
    let Some(session) = auth.session().filter(|s| matches!(s.stage, Stage::Full | Stage::Enroll)).cloned() else {
        return Err(WebError::NotSignedIn);
    };
    // The policy is asked as the session's user, whose sign-in this finishes.
    let mut as_user = auth.clone();
    if let Credential::Session(s) = &mut as_user.credential {
        s.stage = Stage::Full;
    }
    authorize(state, &as_user, Action::ManageAccount, Resource::OwnAccount).await?;
    Ok(session)
}

async fn enroll_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    session: &Session,
    recovery_codes: Vec<String>,
    error: Option<String>,
) -> Result<Response, WebError> {
    let user = &session.user;
    let totp_row = state.store.totp(user.id).await?;
    let codes_left = state.store.recovery_codes_left(user.id).await?;
    let enabled = totp_row.as_ref().is_some_and(|t| t.confirmed);
    let p = Page::new(state, ctx, auth, "account").await;
    let codes_left_text = p.tn("enroll-codes-left", "count", usize::try_from(codes_left).unwrap_or(0));
    let page = EnrollPage {
        p,
        required: user.roles.iter().any(|r| r.requires_second_factor()),
        enabled,
        codes_left_text,
        pending_secret: totp_row.filter(|t| !t.confirmed).map(|t| t.secret),
        recovery_codes,
        error,
    };
    let status = if page.error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    render(ctx, status, &page)
}

pub async fn enroll_form(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Result<Response, WebError> {
    let session = enrolling(&state, &auth).await?;
    enroll_page(&state, &ctx, &auth, &session, Vec::new(), None).await
}

pub async fn enroll_start(
    State(state): State<AppState>,
    auth: Auth,
    Form(_): Form<Button>,
) -> Result<Response, WebError> {
    let session = enrolling(&state, &auth).await?;
    let secret = new_base32_secret()?;
    state.store.account(&auth.ledger_actor(), AccountChange::BeginTotp { user: session.user.id, secret }).await?;
    Ok(Redirect::to("/account/second-factor").into_response())
}

pub async fn enroll_qr(State(state): State<AppState>, auth: Auth) -> Result<Response, WebError> {
    let session = enrolling(&state, &auth).await?;
    let pending = match state.store.totp(session.user.id).await? {
        Some(t) if !t.confirmed => t.secret,
        _ => return Err(WebError::NotFound),
    };
    let url = totp(&pending, &session.user.email)
        .and_then(|t| t.to_url().ok())
        .ok_or(WebError::fault("a stored TOTP secret does not decode"))?;
    let code = qrcode::QrCode::new(url.as_bytes()).map_err(|_| WebError::internal(Fault("the QR code failed")))?;
    let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(220, 220).quiet_zone(true).build();
    Ok(([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "no-store")], svg).into_response())
}

#[derive(Debug, Deserialize, Default)]
pub struct ConfirmForm {
    #[serde(default)]
    code: String,
}

/// Confirms the secret with a code; the answer shows the recovery codes, once (a secret is shown
/// in the answer to the form that made it, and never stored to be shown again).
pub async fn enroll_confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Form(form): Form<ConfirmForm>,
) -> Result<Response, WebError> {
    let session = enrolling(&state, &auth).await?;
    let user = &session.user;
    let pending = match state.store.totp(user.id).await? {
        Some(t) if !t.confirmed => t.secret,
        _ => return Ok(Redirect::to("/account/second-factor").into_response()),
    };
    let step = totp(&pending, &user.email).and_then(|t| matching_step(&t, &form.code, state.store.now()));
    let failed = || state.i18n.message(ctx.lang, "second-factor-failed", &[]);
    let Some(step) = step else {
        return enroll_page(&state, &ctx, &auth, &session, Vec::new(), Some(failed())).await;
    };
    let codes = new_recovery_codes()?;
    let hashes = codes.iter().map(|c| secret_hash(&normalize_recovery(c))).collect();
    let change = AccountChange::ConfirmTotp { user: user.id, session: session.id, step, recovery_code_hashes: hashes };
    match state.store.account(&auth.ledger_actor(), change).await {
        Ok(_) => {
            // The session is now fully signed in.
            let mut auth = auth;
            if let Credential::Session(s) = &mut auth.credential {
                s.stage = Stage::Full;
                s.second_factor = true;
            }
            enroll_page(&state, &ctx, &auth, &session, codes, None).await
        }
        Err(iomed_store::StoreError::AccountRefused(_)) => {
            enroll_page(&state, &ctx, &auth, &session, Vec::new(), Some(failed())).await
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_their_step_only_near_now() {
        let secret = new_base32_secret().unwrap();
        let t = totp(&secret, "a@example.org").unwrap();
        let now: Timestamp = "2026-11-22T08:00:10Z".parse().unwrap();
        let step = now.as_second() as u64 / STEP;
        let code = t.generate(step * STEP).to_string();
        assert_eq!(matching_step(&t, &code, now), Some(step as i64));
        assert_eq!(matching_step(&t, &format!(" {} {} ", &code[..3], &code[3..]), now), Some(step as i64));
        let old = t.generate((step - 5) * STEP).to_string();
        assert_eq!(matching_step(&t, &old, now), None);
    }

    #[test]
    fn recovery_codes_are_distinct_and_normalize() {
        let codes = new_recovery_codes().unwrap();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), RECOVERY_CODES);
        assert_eq!(normalize_recovery(" ABCDE-fghjk "), "abcdefghjk");
    }
}
