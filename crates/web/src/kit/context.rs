//! The request context every page needs: the negotiated language and the language switch, the
//! request id, and the notice left by the redirect after a form (POST, then redirect, then GET).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::kit::auth::Auth;
use crate::kit::i18n::Lang;

/// The negotiated language, the request id, and what the response must set.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Lang,
    /// The `?lang=` of the request, when valid: the response sets the cookie to it.
    pub chosen: Option<Lang>,
    /// The request path and query without `lang`, to build the language switch.
    pub path: String,
    pub query_without_lang: Vec<(String, String)>,
    pub request_id: String,
    /// The notice the last form left for this page, shown once.
    pub flash: Option<Notice>,
}

pub const COOKIE: &str = "lang";
/// The cookie that carries a notice across the redirect after a form.
pub const FLASH_COOKIE: &str = "iomed_notice";

fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts.headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|cookies| {
        cookies.split(';').find_map(|c| {
            let (k, v) = c.trim().split_once('=')?;
            (k == name).then(|| v.to_owned())
        })
    })
}

/// A notice left for the next page: a message key, and at most one argument (a name and a
/// number or short code), nothing else: no text of a reader's travels in the cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub key: String,
    pub arg: Option<(String, String)>,
}

impl Notice {
    fn parse(value: &str) -> Option<Notice> {
        let word = |w: &str, extra: &[u8]| {
            !w.is_empty()
                && w.len() <= 80
                && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || extra.contains(&b))
        };
        let mut parts = value.split('|');
        let key = parts.next()?;
        if !word(key, b"-") {
            return None;
        }
        let arg = match (parts.next(), parts.next(), parts.next()) {
            (None, _, _) => None,
            (Some(name), Some(v), None) if word(name, b"_") && word(v, b"-/") => Some((name.to_owned(), v.to_owned())),
            _ => return None,
        };
        Some(Notice { key: key.to_owned(), arg })
    }

    fn cookie_value(&self) -> String {
        match &self.arg {
            Some((name, value)) => format!("{}|{name}|{value}", self.key),
            None => self.key.clone(),
        }
    }
}

impl Ctx {
    pub fn from_parts(parts: &Parts) -> Ctx {
        let query: Vec<(String, String)> = parts.uri.query().map(form_urlencoded_pairs).unwrap_or_default();
        let chosen = query.iter().find(|(k, _)| k == "lang").and_then(|(_, v)| Lang::parse(v));
        let from_cookie = || cookie(parts, COOKIE).and_then(|v| Lang::parse(&v));
        let from_header = || {
            parts
                .headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        };
        // A signed-in user's preferred language, once the credential is resolved.
        let from_user = || parts.extensions.get::<Auth>().and_then(|a| a.user()).and_then(|u| Lang::parse(&u.language));
        let lang = chosen.or_else(from_cookie).or_else(from_user).or_else(from_header).unwrap_or(Lang::En);
        Ctx {
            lang,
            chosen,
            path: parts.uri.path().to_owned(),
            query_without_lang: query.into_iter().filter(|(k, _)| k != "lang").collect(),
            request_id: parts.extensions.get::<RequestId>().map(|r| r.0.clone()).unwrap_or_default(),
            flash: cookie(parts, FLASH_COOKIE).and_then(|v| Notice::parse(&v)),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Ctx::from_parts(parts))
    }
}

/// Splits a query string into decoded pairs.
pub fn form_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

impl Ctx {
    /// Adds the language headers to a response: the cookie when `?lang=` chose, the content
    /// language, and what the response varies by; and forgets the notice once shown.
    pub fn finish(&self, response: impl IntoResponse) -> Response {
        let mut response = response.into_response();
        let headers = response.headers_mut();
        if let Some(lang) = self.chosen {
            let cookie = format!("{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly", lang.tag());
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                headers.append(header::SET_COOKIE, value);
            }
        }
        if self.flash.is_some() && !headers.contains_key(header::LOCATION) {
            headers.append(
                header::SET_COOKIE,
                HeaderValue::from_static("iomed_notice=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax"),
            );
        }
        headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(self.lang.tag()));
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Language, Cookie"));
        response
    }

    /// The redirect after a form that worked, leaving `notice` (a message key) for the next page.
    pub fn redirect_with(&self, to: &str, notice: &'static str) -> Response {
        self.redirect_with_notice(to, Notice { key: notice.to_owned(), arg: None })
    }

    /// The same, with one argument for the message (`document` = `9`).
    pub fn redirect_with_arg(
        &self,
        to: &str,
        notice: &'static str,
        name: &'static str,
        value: impl ToString,
    ) -> Response {
        self.redirect_with_notice(
            to,
            Notice { key: notice.to_owned(), arg: Some((name.to_owned(), value.to_string())) },
        )
    }

    fn redirect_with_notice(&self, to: &str, notice: Notice) -> Response {
        let mut response = Redirect::to(to).into_response();
        let value = notice.cookie_value();
        if Notice::parse(&value).is_some()
            && let Ok(value) = HeaderValue::from_str(&format!(
                "{FLASH_COOKIE}={value}; Path=/; Max-Age=120; HttpOnly; Secure; SameSite=Lax"
            ))
        {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
        self.finish(response)
    }
}

/// The id of one request: in every log line about it, and shown to the reader of an internal
/// error so that they can quote it.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

impl RequestId {
    pub(crate) fn new() -> RequestId {
        let mut bytes = [0u8; 8];
        // Without the operating system's randomness the id is still unique enough to find a line.
        let _ = getrandom::fill(&mut bytes);
        RequestId(hex::encode(bytes))
    }
}
