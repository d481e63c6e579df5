//! Typed form extraction. A handler takes `Form<T>` (a signed-in user's form: the session's CSRF
//! token is checked) or `PublicForm<T>` (a form shown before sign-in: the form cookie's token),
//! where `T` is a serde struct of the fields as typed (strings, with defaults: parsing a form never
//! fails on what a person typed). The handler asks the policy, then turns `T` into a domain
//! command, listing every problem at once (parse, don't validate).
//!
//! Repeated fields (checkboxes) become `Vec`s (`serde_html_form`). A body that is not a form, or a
//! token that is missing or wrong, is refused before anything is read of the fields.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path as AxumPath, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use iomed_domain::registry::StateCode;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::kit::auth::{Auth, CsrfSource, check_csrf};
use crate::kit::error::{Msg, WebError};
use crate::kit::state::AppState;

#[derive(Deserialize, Default)]
struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

async fn extract<T: DeserializeOwned>(request: Request, state: &AppState, source: CsrfSource) -> Result<T, WebError> {
    let auth = match request.extensions().get::<Auth>() {
        Some(a) => a.clone(),
        None => return Err(WebError::fault("a form was read before the credential was resolved")),
    };
    if source == CsrfSource::Session && auth.session().is_none() {
        return Err(WebError::NotSignedIn);
    }
    let bytes = Bytes::from_request(request, state)
        .await
        .map_err(|_| WebError::bad_request("bad_form", Msg::new("error-bad-form")))?;
    let token: CsrfOnly = serde_html_form::from_bytes(&bytes).unwrap_or_default();
    check_csrf(&auth, source, &token.csrf)?;
    serde_html_form::from_bytes(&bytes).map_err(|_| WebError::bad_request("bad_form", Msg::new("error-bad-form")))
}

/// A signed-in user's form, its CSRF token checked against the session's.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for Form<T> {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        extract(request, state, CsrfSource::Session).await.map(Form)
    }
}

/// A form that someone without a session may post too (signing out, the second step of signing
/// in): `None` when there is no session, so the handler answers as it sees fit; with a session,
/// its CSRF token checked as for [`Form`].
impl<T: DeserializeOwned> axum::extract::OptionalFromRequest<AppState> for Form<T> {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &AppState) -> Result<Option<Self>, Self::Rejection> {
        if request.extensions().get::<Auth>().is_none_or(|a| a.session().is_none()) {
            return Ok(None);
        }
        extract(request, state, CsrfSource::Session).await.map(|t| Some(Form(t)))
    }
}

/// A form shown before sign-in, its CSRF token checked against the form cookie (double submit).
pub struct PublicForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for PublicForm<T> {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        extract(request, state, CsrfSource::Form).await.map(PublicForm)
    }
}

/// A form that carries nothing but its CSRF token (a button).
#[derive(Debug, Deserialize, Default)]
pub struct Button {}

/// A path parameter; one that does not parse (an id that is not a number) is something that does
/// not exist, answered as such.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for Path<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match AxumPath::<T>::from_request_parts(parts, state).await {
            Ok(AxumPath(value)) => Ok(Path(value)),
            Err(_) => Err(WebError::NotFound),
        }
    }
}

/// A JSON body for the API, read whole but parsed when the handler asks, after the policy: a
/// body sent as something else than `application/json` is a 415 `unsupported_media_type`, one
/// larger than the server takes a 413 `too_large`, one that is not JSON or does not match its
/// schema a 400 `bad_body` naming what is wrong; and someone who may not do this at all is told
/// so first, whatever they sent.
pub struct Json<T>(Result<T, WebError>);

impl<T> Json<T> {
    /// The body, or why it does not match the schema.
    pub fn parse(self) -> Result<T, WebError> {
        self.0
    }
}

/// Whether a request says its body is JSON: `application/json` or `application/…+json`.
fn says_json(request: &Request) -> bool {
    let Some(value) = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let media = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"))
}

impl<T: DeserializeOwned> FromRequest<AppState> for Json<T> {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        if !says_json(&request) {
            return Ok(Json(Err(WebError::UnsupportedMediaType)));
        }
        let bad = |key: &str, detail: String| WebError::bad_request("bad_body", Msg::new(key).text("detail", detail));
        let bytes = match Bytes::from_request(request, state).await {
            Ok(bytes) => bytes,
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                let message = Msg::new("error-body-too-large");
                return Ok(Json(Err(WebError::Refused {
                    status: StatusCode::PAYLOAD_TOO_LARGE,
                    code: "too_large",
                    message,
                })));
            }
            Err(_) => return Ok(Json(Err(bad("error-bad-json", "unreadable".into())))),
        };
        // Every body of the API is a JSON object: serde would take a struct from an array too.
        let value = match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(value @ serde_json::Value::Object(_)) => value,
            Ok(_) => return Ok(Json(Err(bad("error-bad-body", "the body must be a JSON object".into())))),
            Err(e) => return Ok(Json(Err(bad("error-bad-json", e.to_string())))),
        };
        Ok(Json(serde_json::from_value(integral(value)).map_err(|e| bad("error-bad-body", e.to_string()))))
    }
}

/// The value with every number that is an integer written as a float (`3.0`, `1e3`) made an
/// integer. JSON Schema's `integer` is a mathematical integer, so the document admits `3.0`
/// wherever it says `integer`, and so does every client whose numbers are floats (JavaScript,
/// and JSON written from a double); serde alone would refuse it. A number with a fraction stays
/// a float and is refused where an integer is asked for, as it should be.
fn integral(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => match n.as_f64() {
            // Below 2^63 in magnitude the float's exact value is an i64, so the cast is exact.
            Some(f) if f.fract() == 0.0 && f.abs() < 9_223_372_036_854_775_808.0 => Value::from(f as i64),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(integral).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, integral(v))).collect()),
        other => other,
    }
}

/// A text as typed, trimmed, refused when longer than `max` characters (every text field has a
/// bound, and the error names it).
pub fn bounded(text: &str, max: usize) -> Result<String, usize> {
    let text = text.trim();
    if text.chars().count() > max { Err(max) } else { Ok(text.to_owned()) }
}

/// A query string; one that does not match what the page or operation takes is a 400
/// `bad_query` (a page shows its list unfiltered with the message instead, where it can).
pub struct Query<T>(pub T);

impl<T: DeserializeOwned> FromRequestParts<AppState> for Query<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &AppState) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        serde_html_form::from_str(query)
            .map(Query)
            .map_err(|e| WebError::bad_request("bad_query", Msg::new("error-bad-query").text("detail", e.to_string())))
    }
}

/// A State's code from an address: one of the UN member or observer States, or a 404 that says
/// the code is none of them.
pub fn state_code(code: &str) -> Result<StateCode, WebError> {
    StateCode::parse(code).map_err(|_| WebError::Refused {
        status: StatusCode::NOT_FOUND,
        code: "unknown_state",
        message: Msg::new("error-unknown-state").text("code", code),
    })
}

/// Reads a JSON object as the variant of a body its `tag` field names: the `discriminator` of
/// the variants' `oneOf` in the document (an enum that derives `ToSchema` with
/// `#[serde(untagged)]` and implements `Deserialize` by this). Unlike serde's untagged enums, an
/// error names the field the chosen variant lacks or does not take, never "no variant matched".
pub fn tagged<'de, D: serde::Deserializer<'de>, T>(
    deserializer: D,
    tag: &'static str,
    variants: &'static [&'static str],
    read: impl FnOnce(&str, serde_json::Value) -> Result<T, serde_json::Error>,
) -> Result<T, D::Error> {
    use serde::de::Error;
    let value = serde_json::Value::deserialize(deserializer)?;
    let name = match value.get(tag) {
        Some(serde_json::Value::String(name)) if variants.contains(&name.as_str()) => name.clone(),
        Some(serde_json::Value::String(name)) => return Err(D::Error::unknown_variant(name, variants)),
        Some(_) => return Err(D::Error::custom(format!("{tag}: one of {}", variants.join(", ")))),
        None => return Err(D::Error::missing_field(tag)),
    };
    read(&name, value).map_err(D::Error::custom)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::kit::forms::integral;

    #[test]
    fn an_integer_written_as_a_float_is_the_integer_and_a_fraction_stays_a_fraction() {
        let read = integral(json!({"n": 3.0, "list": [1415455.0, -2.0, 7], "deep": {"x": 1e3}, "f": 2.5}));
        assert_eq!(read, json!({"n": 3, "list": [1415455, -2, 7], "deep": {"x": 1000}, "f": 2.5}));
        assert_eq!(integral(json!(1e19)), json!(1e19), "beyond i64 it stays a float, refused where an i64 is asked");
    }
}
