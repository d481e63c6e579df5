//! The iomed web server: public pages in four languages, the JSON API and its OpenAPI document.
//!
//! Architecture Invariant: handlers are thin. They parse the request into typed values, ask the
//! store and the domain, and render; no rule of the organization lives here.

pub mod api;
mod context;
pub mod i18n;
mod pages;
mod problem;
mod security;
mod views;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use iomed_store::Store;
use tower_http::compression::CompressionLayer;

pub use context::Ctx;
pub use i18n::{I18n, Lang};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub i18n: Arc<I18n>,
}

impl AppState {
    pub fn new(store: Store) -> Result<AppState, i18n::I18nError> {
        Ok(AppState { store, i18n: Arc::new(I18n::load()?) })
    }
}

/// Every route of the application. The authorization matrix of later issues is built from this
/// list, so a route exists only here.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/members", get(pages::members))
        .route("/members/{code}", get(pages::member))
        .route("/api", get(pages::api_docs))
        .route("/api/docs", get(pages::api_docs))
        .route("/static/site.css", get(pages::stylesheet))
        .route("/healthz", get(api::healthz))
        .route("/readyz", get(api::readyz))
        .route("/api/openapi.json", get(api::openapi_json))
        .route("/api/v1/states", get(api::list_states))
        .route("/api/v1/states/{code}", get(api::get_state))
        .route("/api/v1/ledger/head", get(api::ledger_head))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn(security::headers))
        .layer(CompressionLayer::new())
        .with_state(state)
}
