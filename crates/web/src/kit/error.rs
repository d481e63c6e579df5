//! The one web error type. A handler returns `Result<_, WebError>` and uses `?`; the error is
//! rendered by the request middleware, which knows the reader: a page in the reader's
//! language (with the site's layout) for a browser, `application/problem+json` with a stable
//! `code` for the API.
//!
//! - What does not exist and what the reader may not see are one variant, [`WebError::NotFound`]:
//!   the two answers are byte for byte the same (W13).
//! - A refusal by a rule carries its stable code and a message (a Fluent key and its arguments),
//!   translated when rendered.
//! - An internal error is logged once, with its source chain and the request id; the reader sees
//!   the request id and nothing else.
//!
//! `WebError::into_response` cannot reach the application's state, so it answers a bare
//! response carrying the error in its extensions; the request middleware (`request::handle`)
//! replaces it with what `answer::render` makes of it.

use std::fmt;
use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use fluent_bundle::FluentValue;
use iomed_domain::access::Denied;
use jiff::civil::Date;

use crate::kit::i18n::{I18n, Lang};

/// An argument of a [`Msg`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Number(i64),
    /// A count grouped as the reader writes it ("20,000", "20 000").
    Count(usize),
    /// Shown in the reader's language ("30 May 2025").
    Date(Date),
}

/// A message for the reader, translated when rendered: a Fluent key and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub key: String,
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    pub fn new(key: impl Into<String>) -> Msg {
        Msg { key: key.into(), args: Vec::new() }
    }

    pub fn text(mut self, name: &'static str, value: impl Into<String>) -> Msg {
        self.args.push((name, Arg::Text(value.into())));
        self
    }

    pub fn number(mut self, name: &'static str, value: i64) -> Msg {
        self.args.push((name, Arg::Number(value)));
        self
    }

    pub fn count(mut self, name: &'static str, value: usize) -> Msg {
        self.args.push((name, Arg::Count(value)));
        self
    }

    pub fn date(mut self, name: &'static str, value: Date) -> Msg {
        self.args.push((name, Arg::Date(value)));
        self
    }

    /// The message in `lang`.
    pub fn render(&self, i18n: &I18n, lang: Lang) -> String {
        let args: Vec<(&str, FluentValue<'_>)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Text(t) => FluentValue::from(t.clone()),
                    Arg::Number(n) => FluentValue::from(*n),
                    Arg::Count(n) => FluentValue::from(i18n.count(lang, *n)),
                    Arg::Date(d) => FluentValue::from(crate::kit::views::date(i18n, lang, *d)),
                };
                (*name, value)
            })
            .collect();
        i18n.message(lang, &self.key, &args)
    }
}

/// Everything a handler can fail with.
#[derive(Debug, Clone)]
pub enum WebError {
    /// Nothing here that the reader may see: absent, or hidden from them (the same answer).
    NotFound,
    /// The reader must sign in (a page redirects to the sign-in form; the API answers 401).
    NotSignedIn,
    /// The session must set up its second factor before anything else.
    SecondFactorRequired,
    /// The policy refused: the reader's roles do not allow this.
    Forbidden(Denied),
    /// The form's CSRF token is missing or wrong; nothing was written.
    Csrf,
    /// An API write without a Bearer token holding the `write` scope.
    TokenRequired { code: &'static str },
    /// A Bearer token that is unknown, revoked or expired.
    BadToken,
    /// Too many requests; try again after this many seconds.
    RateLimited { retry_after: i64 },
    /// The request is malformed (a bad query, body or form): 400.
    BadRequest { code: &'static str, message: Msg },
    /// A JSON body sent as something else than `application/json`: 415.
    UnsupportedMediaType,
    /// A rule refused the request: its stable code, the status (409 or 422) and why.
    Refused { status: StatusCode, code: &'static str, message: Msg },
    /// A refusal with members of its own in problem+json (an incomplete request's every gap).
    Detailed { status: StatusCode, code: &'static str, message: Msg, extra: serde_json::Map<String, serde_json::Value> },
    /// Nothing can be written now (the writer stopped, or is overwhelmed): 503.
    Unavailable,
    /// A fault of ours: logged with its source chain, shown only as the request id.
    Internal(Arc<dyn std::error::Error + Send + Sync>),
}

/// A fault of ours that is not an error value of a library (an impossible state).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Fault(pub &'static str);

impl WebError {
    pub fn internal(error: impl std::error::Error + Send + Sync + 'static) -> WebError {
        WebError::Internal(Arc::new(error))
    }

    /// An impossible state, named.
    pub fn fault(what: &'static str) -> WebError {
        WebError::internal(Fault(what))
    }

    pub fn bad_request(code: &'static str, message: Msg) -> WebError {
        WebError::BadRequest { code, message }
    }

    /// A refusal by a rule: 409 Conflict (the request is fine, the state does not allow it).
    pub fn conflict(code: &'static str, message: Msg) -> WebError {
        WebError::Refused { status: StatusCode::CONFLICT, code, message }
    }

    /// A refusal of what was sent: 422 (the request cannot be taken as it is).
    pub fn unprocessable(code: &'static str, message: Msg) -> WebError {
        WebError::Refused { status: StatusCode::UNPROCESSABLE_ENTITY, code, message }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::NotSignedIn | WebError::BadToken => StatusCode::UNAUTHORIZED,
            WebError::SecondFactorRequired | WebError::Forbidden(_) | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::TokenRequired { .. } => StatusCode::FORBIDDEN,
            WebError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            WebError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            WebError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            WebError::Refused { status, .. } | WebError::Detailed { status, .. } => *status,
            WebError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code of problem+json.
    pub fn code(&self) -> &'static str {
        match self {
            WebError::NotFound => "not_found",
            WebError::NotSignedIn => "not_signed_in",
            WebError::SecondFactorRequired => "second_factor_required",
            WebError::Forbidden(_) => "forbidden",
            WebError::Csrf => "csrf",
            WebError::TokenRequired { code } => code,
            WebError::BadToken => "invalid_token",
            WebError::RateLimited { .. } => "rate_limited",
            WebError::UnsupportedMediaType => "unsupported_media_type",
            WebError::BadRequest { code, .. } | WebError::Refused { code, .. } | WebError::Detailed { code, .. } => {
                code
            }
            WebError::Unavailable => "unavailable",
            WebError::Internal(_) => "internal",
        }
    }

    /// The title and the explanation, as message keys (and arguments).
    pub(crate) fn texts(&self) -> (Msg, Msg) {
        match self {
            WebError::NotFound => (Msg::new("error-not-found-title"), Msg::new("error-not-found-body")),
            WebError::NotSignedIn => (Msg::new("error-unauthorized-title"), Msg::new("error-not-signed-in-body")),
            WebError::SecondFactorRequired => {
                (Msg::new("error-forbidden-title"), Msg::new("error-second-factor-required-body"))
            }
            WebError::Forbidden(_) => (Msg::new("error-forbidden-title"), Msg::new("error-forbidden-body")),
            WebError::Csrf => (Msg::new("error-forbidden-title"), Msg::new("error-csrf-body")),
            WebError::TokenRequired { code: "scope_missing" } => {
                (Msg::new("error-forbidden-title"), Msg::new("error-scope-missing-body"))
            }
            WebError::TokenRequired { .. } => {
                (Msg::new("error-forbidden-title"), Msg::new("error-token-required-body"))
            }
            WebError::BadToken => (Msg::new("error-unauthorized-title"), Msg::new("error-invalid-token-body")),
            WebError::RateLimited { retry_after } => (
                Msg::new("error-rate-limited-title"),
                Msg::new("error-rate-limited-body").number("seconds", (*retry_after).max(1)),
            ),
            WebError::BadRequest { message, .. } => (Msg::new("error-bad-request-title"), message.clone()),
            WebError::UnsupportedMediaType => {
                (Msg::new("error-bad-request-title"), Msg::new("error-unsupported-media-type"))
            }
            WebError::Refused { message, .. } | WebError::Detailed { message, .. } => {
                (Msg::new("error-conflict-title"), message.clone())
            }
            WebError::Unavailable => (Msg::new("error-unavailable-title"), Msg::new("error-unavailable-body")),
            WebError::Internal(_) => (Msg::new("error-internal-title"), Msg::new("error-internal-body")),
        }
    }
}

impl fmt::Display for WebError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebError::Internal(e) => write!(f, "internal: {e}"),
            other => write!(f, "{}", other.code()),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> WebError {
        WebError::internal(e)
    }
}

impl From<iomed_store::blobs::BlobError> for WebError {
    fn from(e: iomed_store::blobs::BlobError) -> WebError {
        WebError::internal(e)
    }
}

/// Carries an error from [`WebError::into_response`] to the request middleware, which renders it.
#[derive(Clone)]
pub(crate) struct Unrendered(pub(crate) WebError);

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(Unrendered(self));
        response
    }
}
