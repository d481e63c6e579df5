//! An error as the reader gets it: a page in their language with the site's layout, or
//! problem+json with a stable code for the API; a redirect to sign in; the headers a 401 or a
//! 429 needs. An internal error is logged here, once, with its source chain and the request id.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::kit::auth::Auth;
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::problem::Problem;
use crate::kit::state::AppState;

/// The headers of a 401 in the API.
pub fn unauthorized_headers(response: &mut Response) {
    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
}

/// The error chain of an internal error, for the log.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

pub(crate) async fn render(state: &AppState, ctx: &Ctx, auth: Option<&Auth>, api: bool, error: &WebError) -> Response {
    if let WebError::Internal(e) = error {
        tracing::error!(request_id = %ctx.request_id, error = %chain(e.as_ref()), "request failed");
    }
    let status = error.status();
    let (title, detail) = error.texts();
    let mut response = if api {
        let mut detail = detail.render(&state.i18n, ctx.lang);
        if matches!(error, WebError::Internal(_)) {
            detail = format!("{detail} (request {})", ctx.request_id);
        }
        let problem = Problem::new(status, error.code(), title.render(&state.i18n, ctx.lang), detail);
        match error {
            WebError::Detailed { extra, .. } => problem.with(extra.clone()).into_response(),
            _ => problem.into_response(),
        }
    } else {
        match error {
            WebError::NotSignedIn => {
                let path = auth.map(|a| a.path.as_str()).unwrap_or(ctx.path.as_str());
                let next: String = form_urlencoded::byte_serialize(path.as_bytes()).collect();
                return Redirect::to(&format!("/sign-in?next={next}")).into_response();
            }
            WebError::SecondFactorRequired => return Redirect::to("/account/second-factor").into_response(),
            _ => {}
        }
        let anonymous;
        let auth = match auth {
            Some(a) => a,
            None => {
                anonymous = Auth::anonymous(&ctx.path);
                &anonymous
            }
        };
        let reference = matches!(error, WebError::Internal(_)).then(|| ctx.request_id.clone());
        crate::kit::render::error_page(state, ctx, auth, status, &title, &detail, reference).await
    };
    match error {
        WebError::RateLimited { retry_after } => {
            if let Ok(v) = HeaderValue::from_str(&(*retry_after).max(1).to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        WebError::NotSignedIn | WebError::BadToken if api => unauthorized_headers(&mut response),
        _ => {}
    }
    response
}
