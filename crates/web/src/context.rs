//! The request context every page needs: the negotiated language, and the language switch.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::i18n::Lang;

/// The negotiated language and whether the response must set the language cookie.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Lang,
    /// The `?lang=` of the request, when valid: the response sets the cookie to it.
    pub chosen: Option<Lang>,
    /// The request path and query without `lang`, to build the language switch.
    pub path: String,
    pub query_without_lang: Vec<(String, String)>,
}

pub const COOKIE: &str = "lang";

/// The signed-in user's preferred language, as a request extension set by the language layer.
#[derive(Debug, Clone, Copy)]
pub struct UserLanguage(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query: Vec<(String, String)> = parts.uri.query().map(form_urlencoded_pairs).unwrap_or_default();
        let chosen = query.iter().find(|(k, _)| k == "lang").and_then(|(_, v)| Lang::parse(v));
        let from_cookie = || {
            parts.headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|cookies| {
                cookies.split(';').find_map(|c| {
                    let (name, value) = c.trim().split_once('=')?;
                    (name == COOKIE).then(|| Lang::parse(value)).flatten()
                })
            })
        };
        let from_header = || {
            parts
                .headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        };
        // A signed-in user's preferred language, put there by the `Auth` extractor's lookup.
        let from_user = || parts.extensions.get::<UserLanguage>().map(|u| u.0);
        let lang = chosen.or_else(from_cookie).or_else(from_user).or_else(from_header).unwrap_or(Lang::En);
        Ok(Ctx {
            lang,
            chosen,
            path: parts.uri.path().to_owned(),
            query_without_lang: query.into_iter().filter(|(k, _)| k != "lang").collect(),
        })
    }
}

/// Splits a query string into decoded pairs.
pub fn form_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

impl Ctx {
    /// Adds the language headers to a response: the cookie when `?lang=` chose, the content
    /// language, and what the response varies by.
    pub fn finish(&self, response: impl IntoResponse) -> Response {
        let mut response = response.into_response();
        let headers = response.headers_mut();
        if let Some(lang) = self.chosen {
            let cookie = format!("{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly", lang.tag());
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                headers.append(header::SET_COOKIE, value);
            }
        }
        headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(self.lang.tag()));
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Language, Cookie"));
        response
    }
}
