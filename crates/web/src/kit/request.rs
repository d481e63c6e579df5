//! What happens to every request around its handler: a request id, the credential resolved once,
//! the `WebError`s rendered for the reader, `Cache-Control: no-store` on every answer that
//! depends on who is signed in, and a trace span that names the route (its template, never the
//! path as sent: a path may hold a one-time secret) and never the query string.

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{DefaultOnRequest, DefaultOnResponse, MakeSpan, TraceLayer};
use tracing::{Level, Span};

use crate::kit::answer::render;
use crate::kit::auth::resolve;
use crate::kit::context::{Ctx, RequestId};
use crate::kit::error::Unrendered;
use crate::kit::state::AppState;

/// The paths that take no credential.
const BARE: [&str; 3] = ["/healthz", "/readyz", "/static/site.css"];

/// The middleware around every route (see the module's documentation).
pub async fn handle(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let id = RequestId::new();
    request.extensions_mut().insert(id.clone());
    let (mut parts, body) = request.into_parts();
    // Probes, the stylesheet and the fonts take no credential: they read nothing of anyone's, and a probe
    // must stay as bare as the handler it is measured against.
    if BARE.contains(&parts.uri.path()) || parts.uri.path().starts_with("/static/fonts/") {
        return with_id(next.run(Request::from_parts(parts, body)).await, &id);
    }
    let resolved = resolve(&parts, &state).await;
    let auth = match resolved {
        Ok(auth) => auth,
        Err(error) => {
            let ctx = Ctx::from_parts(&parts);
            let api = parts.uri.path().starts_with("/api/");
            return with_id(render(&state, &ctx, None, api, &error).await, &id);
        }
    };
    parts.extensions.insert(auth.clone());
    let ctx = Ctx::from_parts(&parts);
    let api = parts.uri.path().starts_with("/api/");
    let mut response = next.run(Request::from_parts(parts, body)).await;
    if let Some(Unrendered(error)) = response.extensions_mut().remove::<Unrendered>() {
        response = render(&state, &ctx, Some(&auth), api, &error).await;
    }
    if auth.is_signed_in() {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    with_id(response, &id)
}

fn with_id(mut response: Response, id: &RequestId) -> Response {
    if let Ok(v) = HeaderValue::from_str(&id.0) {
        response.headers_mut().insert("x-request-id", v);
    }
    response
}

/// The span of a request: its id, method and route template.
#[derive(Debug, Clone, Copy)]
pub struct RouteSpan;

impl<B> MakeSpan<B> for RouteSpan {
    fn make_span(&mut self, request: &axum::http::Request<B>) -> Span {
        let id = request.extensions().get::<RequestId>().map(|r| r.0.as_str()).unwrap_or("-");
        let route = request.extensions().get::<MatchedPath>().map(MatchedPath::as_str).unwrap_or("(no route)");
        tracing::info_span!("request", request_id = %id, method = %request.method(), route = %route)
    }
}

/// tower-http's trace layer, with [`RouteSpan`]: each request's start and end at debug level,
/// failures (5xx) at error level, all within the request's span.
pub fn trace_layer() -> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, RouteSpan> {
    TraceLayer::new_for_http()
        .make_span_with(RouteSpan)
        .on_request(DefaultOnRequest::new().level(Level::DEBUG))
        .on_response(DefaultOnResponse::new().level(Level::DEBUG))
}
