//! The TOTP second factor (RFC 6238): the sign-in step, setting it up, and recovery codes.

use askama::Template;
use axum::Form;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use iomed_domain::access::{Action, Actor, Resource, can};
use iomed_domain::accounts::LockoutPolicy;
use iomed_store::accounts::{AccountChange, Stage, secret_hash};
use jiff::Timestamp;
use totp_rs::{Builder, Secret, Totp};

use crate::account::{Fields, field, safe_next};
use crate::auth::{Auth, CsrfSource, check_csrf};
use crate::pages::{Page, internal_error, render};
use crate::{AppState, Ctx};

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

fn new_base32_secret() -> Result<String, String> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
    Ok(Secret::from(bytes.to_vec()).to_base32())
}

fn new_recovery_codes() -> Result<Vec<String>, String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let mut bytes = [0u8; 10];
        getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
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

pub async fn step_form(State(state): State<AppState>, ctx: Ctx, auth: Auth, RawQuery(q): RawQuery) -> Response {
    if let Err(r) = crate::auth::authenticating(&state, &ctx, &auth).await {
        return r;
    }
    if auth.stage() != Some(Stage::SecondFactor) {
        return Redirect::to("/sign-in").into_response();
    }
    let pairs = q.as_deref().map(crate::context::form_urlencoded_pairs).unwrap_or_default();
    let next = pairs.iter().find(|(k, _)| k == "next").map_or("/account".to_owned(), |(_, v)| safe_next(v));
    let page = SecondFactorPage { p: Page::new(&state, &ctx, &auth, "sign-in").await, next, error: None };
    render(&ctx, StatusCode::OK, &page)
}

pub async fn step(State(state): State<AppState>, ctx: Ctx, auth: Auth, Form(fields): Form<Fields>) -> Response {
    if let Err(r) = crate::auth::authenticating(&state, &ctx, &auth).await {
        return r;
    }
    let Some(session) = auth.session().filter(|s| s.stage == Stage::SecondFactor).cloned() else {
        return Redirect::to("/sign-in").into_response();
    };
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, field(&fields, "csrf")).await {
        return r;
    }
    let next = safe_next(field(&fields, "next"));
    let now = state.store.now();
    let user = &session.user;
    // The same lockout as for passwords: failures of the second step count too.
    let since = now.checked_sub(LockoutPolicy::ACCOUNT.window).unwrap_or(now);
    let (by_email, by_client) = match state.store.failures_since(&user.email, &auth.client, since).await {
        Ok(f) => f,
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let by_email: Vec<Timestamp> = by_email.into_iter().filter(|t| user.unlocked_at.is_none_or(|u| *t > u)).collect();
    let locked =
        LockoutPolicy::ACCOUNT.locked_until(&by_email, now).or(LockoutPolicy::CLIENT.locked_until(&by_client, now));
    let render_error = |key: &'static str, status: StatusCode, minutes: Option<String>| {
        let state = state.clone();
        let ctx = ctx.clone();
        let auth = auth.clone();
        let next = next.clone();
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
        let minutes = (until.duration_since(now).as_secs() / 60 + 1).to_string();
        return render_error("sign-in-locked", StatusCode::TOO_MANY_REQUESTS, Some(minutes)).await;
    }
    let code = field(&fields, "code").trim();
    let recovery = normalize_recovery(field(&fields, "recovery"));
    let change = if !code.is_empty() {
        let secret = match state.store.totp(user.id).await {
            Ok(Some(t)) if t.confirmed => t.secret,
            Ok(_) => return Redirect::to("/sign-in").into_response(),
            Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
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
            Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
        },
        None => false,
    };
    if accepted {
        return ctx.finish(Redirect::to(&next));
    }
    let failure = AccountChange::SignInFailed { email: user.email.clone(), client: auth.client.clone() };
    if let Err(e) = state.store.account(&auth.ledger_actor(), failure).await {
        return internal_error(&state, &ctx, &auth, e.to_string()).await;
    }
    // The same answer as a wrong password or an unknown address.
    render_error("sign-in-failed", StatusCode::OK, None).await
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
async fn enrolling(state: &AppState, ctx: &Ctx, auth: &Auth) -> Result<iomed_store::accounts::Session, Response> {
    let Some(session) = auth.session().filter(|s| matches!(s.stage, Stage::Full | Stage::Enroll)).cloned() else {
        return Err(Redirect::to("/sign-in?next=%2Faccount%2Fsecond-factor").into_response());
    };
    let actor = Actor::user(session.user.id, session.user.roles.iter().copied());
    if let Err(denied) = can(&actor, Action::ManageAccount, Resource::OwnAccount) {
        let message = denied.to_string();
        return Err(crate::pages::error_page(
            state,
            ctx,
            auth,
            StatusCode::FORBIDDEN,
            "error-forbidden-title",
            message,
        )
        .await);
    }
    Ok(session)
}

async fn enroll_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    recovery_codes: Vec<String>,
    error: Option<String>,
) -> Response {
    let Some(session) = auth.session() else { return Redirect::to("/sign-in").into_response() };
    let user = &session.user;
    let (totp_row, codes_left) = match (state.store.totp(user.id).await, state.store.recovery_codes_left(user.id).await)
    {
        (Ok(t), Ok(n)) => (t, n),
        (Err(e), _) | (_, Err(e)) => return internal_error(state, ctx, auth, e.to_string()).await,
    };
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
    let status = if page.error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    render(ctx, status, &page)
}

pub async fn enroll_form(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Response {
    if let Err(r) = enrolling(&state, &ctx, &auth).await {
        return r;
    }
    enroll_page(&state, &ctx, &auth, Vec::new(), None).await
}

pub async fn enroll_start(State(state): State<AppState>, ctx: Ctx, auth: Auth, Form(fields): Form<Fields>) -> Response {
    let session = match enrolling(&state, &ctx, &auth).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, field(&fields, "csrf")).await {
        return r;
    }
    let secret = match new_base32_secret() {
        Ok(s) => s,
        Err(e) => return internal_error(&state, &ctx, &auth, e).await,
    };
    if let Err(e) =
        state.store.account(&auth.ledger_actor(), AccountChange::BeginTotp { user: session.user.id, secret }).await
    {
        return internal_error(&state, &ctx, &auth, e.to_string()).await;
    }
    Redirect::to("/account/second-factor").into_response()
}

pub async fn enroll_qr(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Response {
    let session = match enrolling(&state, &ctx, &auth).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let pending = match state.store.totp(session.user.id).await {
        Ok(Some(t)) if !t.confirmed => t.secret,
        Ok(_) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let Some(url) = totp(&pending, &session.user.email).and_then(|t| t.to_url().ok()) else {
        return internal_error(&state, &ctx, &auth, "stored TOTP secret does not decode".into()).await;
    };
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => {
            let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(220, 220).quiet_zone(true).build();
            ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "no-store")], svg).into_response()
        }
        Err(e) => internal_error(&state, &ctx, &auth, e.to_string()).await,
    }
}

pub async fn enroll_confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Form(fields): Form<Fields>,
) -> Response {
    let session = match enrolling(&state, &ctx, &auth).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, field(&fields, "csrf")).await {
        return r;
    }
    let user = &session.user;
    let pending = match state.store.totp(user.id).await {
        Ok(Some(t)) if !t.confirmed => t.secret,
        Ok(_) => return Redirect::to("/account/second-factor").into_response(),
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let step = totp(&pending, &user.email).and_then(|t| matching_step(&t, field(&fields, "code"), state.store.now()));
    let Some(step) = step else {
        let error = state.i18n.message(ctx.lang, "second-factor-failed", &[]);
        return enroll_page(&state, &ctx, &auth, Vec::new(), Some(error)).await;
    };
    let codes = match new_recovery_codes() {
        Ok(c) => c,
        Err(e) => return internal_error(&state, &ctx, &auth, e).await,
    };
    let hashes = codes.iter().map(|c| secret_hash(&normalize_recovery(c))).collect();
    let change = AccountChange::ConfirmTotp { user: user.id, session: session.id, step, recovery_code_hashes: hashes };
    match state.store.account(&auth.ledger_actor(), change).await {
        Ok(_) => {
            // Read the session again: it is now fully signed in.
            let mut auth = auth;
            if let crate::auth::Credential::Session(s) = &mut auth.credential {
                s.stage = Stage::Full;
            }
            enroll_page(&state, &ctx, &auth, codes, None).await
        }
        Err(iomed_store::StoreError::AccountRefused(_)) => {
            let error = state.i18n.message(ctx.lang, "second-factor-failed", &[]);
            enroll_page(&state, &ctx, &auth, Vec::new(), Some(error)).await
        }
        Err(e) => internal_error(&state, &ctx, &auth, e.to_string()).await,
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
