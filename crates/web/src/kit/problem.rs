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
