//! Temporary: the old handler helpers over the new kit, while the resources move to `WebError`
//! one by one. Deleted once none uses it.
#![allow(dead_code)]

pub(crate) type Fields = Vec<(String, String)>;

pub(crate) fn field<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}

pub mod auth {
    use axum::response::{IntoResponse, Response};
    use iomed_domain::access::{Action, Resource};

    pub use crate::kit::auth::{Auth, CsrfSource};
    use crate::{AppState, Ctx};

    pub const SESSION_HOURS: i64 = 12;

    pub async fn authorize(
        state: &AppState,
        _ctx: &Ctx,
        auth: &Auth,
        action: Action,
        resource: Resource,
    ) -> Result<(), Response> {
        crate::kit::auth::authorize(state, auth, action, resource).await.map_err(IntoResponse::into_response)
    }

    pub async fn check_csrf(
        _state: &AppState,
        _ctx: &Ctx,
        auth: &Auth,
        source: CsrfSource,
        submitted: &str,
    ) -> Result<(), Response> {
        crate::kit::auth::check_csrf(auth, source, submitted).map_err(IntoResponse::into_response)
    }

    pub async fn public(state: &AppState, _ctx: &Ctx, auth: &Auth) -> Result<(), Response> {
        crate::kit::auth::public(state, auth).await.map_err(IntoResponse::into_response)
    }

    pub async fn authenticating(state: &AppState, _ctx: &Ctx, auth: &Auth) -> Result<(), Response> {
        crate::kit::auth::authenticating(state, auth).await.map_err(IntoResponse::into_response)
    }
}

pub mod pages {
    use askama::Template;
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};

    use crate::kit::auth::Auth;
    use crate::kit::error::{Msg, WebError};
    pub use crate::kit::render::Page;
    use crate::{AppState, Ctx};

    pub fn render(ctx: &Ctx, status: StatusCode, template: &impl Template) -> Response {
        crate::kit::render::render(ctx, status, template).unwrap_or_else(IntoResponse::into_response)
    }

    pub async fn error_page(
        state: &AppState,
        ctx: &Ctx,
        auth: &Auth,
        status: StatusCode,
        title_key: &str,
        message: String,
    ) -> Response {
        crate::kit::render::error_page_text(state, ctx, auth, status, &Msg::new(title_key), message, None).await
    }

    pub async fn hidden(_state: &AppState, _ctx: &Ctx, _auth: &Auth) -> Response {
        WebError::NotFound.into_response()
    }

    #[derive(Debug, thiserror::Error)]
    #[error("{0}")]
    struct Text(String);

    pub async fn internal_error(_state: &AppState, _ctx: &Ctx, _auth: &Auth, error: String) -> Response {
        WebError::internal(Text(error)).into_response()
    }
}
