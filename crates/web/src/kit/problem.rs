//! Errors as `application/problem+json` (RFC 9457) with a stable machine-readable `code`, and as
//! pages for people.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// An API error. `code` is stable; `title` and `detail` are in the negotiated language.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:iomed:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Stable, machine-readable: `not_found`, `unknown_state`, `bad_query`, `unavailable`, `internal`.
    pub code: &'static str,
    /// Members of the problem's own (RFC 9457 §3.2), such as an incomplete request's `gaps`.
    #[serde(flatten)]
    #[schema(ignore)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Problem {
    pub fn new(status: StatusCode, code: &'static str, title: String, detail: String) -> Problem {
        Problem {
            kind: format!("urn:iomed:problem:{code}"),
            title,
            status: status.as_u16(),
            detail,
            code,
            extra: serde_json::Map::new(),
        }
    }

    /// The same, with members of its own.
    pub fn with(mut self, extra: serde_json::Map<String, serde_json::Value>) -> Problem {
        self.extra = extra;
        self
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        response
    }
}

/// The answers of the OpenAPI document that are problems, each `application/problem+json` with
/// its [`Problem`] body, named once in `components/responses` and referred to by every operation
/// that can give them (`responses((status = 404, response = problems::NotFound))`).
pub mod problems {
    use utoipa::ToResponse;

    use crate::kit::problem::Problem;

    /// The request does not match the operation: `bad_body` (the JSON body is not the schema's,
    /// `detail` names the field), `bad_query`, `bad_multipart`, `bad_meta`.
    #[derive(ToResponse)]
    #[response(content_type = "application/problem+json")]
    pub struct BadRequest(#[allow(dead_code)] Problem);

    /// No credential (`not_signed_in`), or a Bearer token that is unknown, revoked or expired
    /// (`invalid_token`).
    #[derive(ToResponse)]
    #[response(content_type = "application/problem+json", headers(("WWW-Authenticate" = String, description = "`Bearer`")))]
    pub struct Unauthorized(#[allow(dead_code)] Problem);

    /// The caller may not do this: `forbidden` (their roles), `token_required` (an API write
    /// takes a Bearer token, never the session cookie), `scope_missing` (the token lacks the
    /// `write` scope), `second_factor_required`.
    #[derive(ToResponse)]
    #[response(content_type = "application/problem+json")]
    pub struct Forbidden(#[allow(dead_code)] Problem);

    /// `not_found`: nothing here that the caller may see. What does not exist and what is hidden
    /// from the caller get the same answer, byte for byte.
    #[derive(ToResponse)]
    #[response(content_type = "application/problem+json")]
    pub struct NotFound(#[allow(dead_code)] Problem);

    /// A rule refused the request as things stand (a step out of turn, after its deadline, a
    /// ranking already final, …): its stable `code`, and nothing was written. A registration
    /// asked before screening is complete (W4) is `screening_incomplete`, with `missing`: every
    /// item still missing (`lodging_fee`, `consent`, `authority_requesting`,
    /// `authority_responding`, `scope`, `council_rule`).
    #[derive(ToResponse)]
    #[response(content_type = "application/problem+json")]
    pub struct Conflict(#[allow(dead_code)] Problem);

    /// The content is larger than the operation takes (`too_large`).
    #[derive(ToResponse)]
    #[response(content_type = "application/problem+json")]
    pub struct TooLarge(#[allow(dead_code)] Problem);

    /// A JSON body was sent with another `Content-Type` (`unsupported_media_type`).
    #[derive(ToResponse)]
    #[response(content_type = "application/problem+json")]
    pub struct UnsupportedMediaType(#[allow(dead_code)] Problem);

    /// The request is well formed but cannot be taken as it is: its stable `code` (`incomplete`
    /// with every `gaps` member, `too_long`, `unknown_audience`, …), and nothing was written.
    #[derive(ToResponse)]
    #[response(content_type = "application/problem+json")]
    pub struct Unprocessable(#[allow(dead_code)] Problem);

    /// `rate_limited`: the token is over its budget of requests for this minute, or wrong tokens
    /// from this address reached the lockout.
    #[derive(ToResponse)]
    #[response(content_type = "application/problem+json", headers(("Retry-After" = i64, description = "Seconds to wait")))]
    pub struct TooManyRequests(#[allow(dead_code)] Problem);

    /// `unavailable`: nothing can be written now (the ledger writer stopped, or is overwhelmed).
    #[derive(ToResponse)]
    #[response(content_type = "application/problem+json")]
    pub struct Unavailable(#[allow(dead_code)] Problem);
}
