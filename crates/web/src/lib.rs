//! The iomed web server: public pages in four languages, the JSON API and its OpenAPI document.
//!
//! Architecture Invariant: handlers are thin. They parse the request into typed values, ask the
//! store and the domain, and render; no rule of the organization lives here.

pub mod accounts;
pub mod cases;
pub mod documents;
pub mod kit;
pub mod mail;
pub mod mediators;
pub mod messages;
pub mod notifications;
pub mod openapi;
pub mod public;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{MethodRouter, get, post};
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate as _};

pub use kit::context::Ctx;
pub use kit::i18n::{I18n, Lang};
pub use kit::limits::TOKEN_REQUESTS_PER_MINUTE;
pub use kit::state::AppState;

/// One route: its method and path. [`routes`] lists them all; the authorization-matrix test
/// walks this list, so a route exists only here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteSpec {
    pub method: &'static str,
    pub path: &'static str,
}

fn table() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    let r = |method: &'static str, path: &'static str, handler: MethodRouter<AppState>| {
        (RouteSpec { method, path }, handler)
    };
    vec![
        r("GET", "/", get(public::pages::home)),
        r("GET", "/members", get(public::pages::members)),
        r("GET", "/members/{code}", get(public::pages::member)),
        r("GET", "/api", get(openapi::api_docs)),
        r("GET", "/api/docs", get(openapi::api_docs)),
        r("GET", "/static/site.css", get(public::pages::stylesheet)),
        r("GET", "/static/fonts/{name}", get(kit::fonts::font)),
        r("GET", "/healthz", get(public::health::healthz)),
        r("GET", "/readyz", get(public::health::readyz)),
        r("GET", "/api/openapi.json", get(openapi::openapi_json)),
        r("GET", "/api/v1/states", get(public::registry::list_states)),
        r("GET", "/api/v1/states/{code}", get(public::registry::get_state)),
        r("GET", "/api/v1/ledger/head", get(public::registry::ledger_head)),
        r("GET", "/api/v1/ledger/keys", get(public::registry::ledger_keys)),
        r("GET", "/api/v1/me", get(accounts::account::me)),
        r("GET", "/api/v1/notifications", get(notifications::api_list)),
        r("GET", "/home", get(accounts::sign_in::home)),
        r("GET", "/notifications", get(notifications::inbox)),
        r("POST", "/account/notifications", post(notifications::set_choices)),
        r("POST", "/api/v1/scope/check", post(public::scope::check)),
        r("GET", "/scope", get(public::scope::page)),
        r("GET", "/sign-in", get(accounts::sign_in::sign_in_form)),
        r("POST", "/sign-in", post(accounts::sign_in::sign_in)),
        r("POST", "/sign-out", post(accounts::sign_in::sign_out)),
        r("GET", "/sign-in/second-factor", get(accounts::second_factor::step_form)),
        r("POST", "/sign-in/second-factor", post(accounts::second_factor::step)),
        r("GET", "/account/second-factor", get(accounts::second_factor::enroll_form)),
        r("POST", "/account/second-factor/start", post(accounts::second_factor::enroll_start)),
        r("GET", "/account/second-factor/qr.svg", get(accounts::second_factor::enroll_qr)),
        r("POST", "/account/second-factor/confirm", post(accounts::second_factor::enroll_confirm)),
        r("GET", "/account", get(accounts::account::account)),
        r("POST", "/account/preferences", post(accounts::account::preferences)),
        r("POST", "/account/password", post(accounts::account::password)),
        r("POST", "/account/sessions/revoke-all", post(accounts::account::sign_out_everywhere)),
        r("POST", "/account/sessions/{id}/revoke", post(accounts::account::revoke_session)),
        r("POST", "/account/tokens", post(accounts::account::create_token)),
        r("POST", "/account/tokens/{id}/revoke", post(accounts::account::revoke_token)),
        r("GET", "/admin/users", get(accounts::admin::users)),
        r("POST", "/admin/users/{id}/unlock", post(accounts::admin::unlock)),
        r("POST", "/admin/users/{id}/active", post(accounts::admin::set_active)),
        r("POST", "/admin/users/{id}/roles", post(accounts::admin::set_roles)),
        r("POST", "/admin/users/invite", post(accounts::links::invite)),
        r("GET", "/panels", get(mediators::panels::panels)),
        r("GET", "/neutrality", get(public::neutrality::page)),
        r("GET", "/ledger", get(public::ledger::page)),
        r("GET", "/neutrality.csv", get(public::neutrality::csv)),
        r("GET", "/panels/{id}", get(mediators::panels::member)),
        r("GET", "/api/v1/panels", get(mediators::panels::api_panels)),
        r("POST", "/admin/designations", post(mediators::profiles::designate)),
        r("POST", "/admin/designations/{id}", post(mediators::profiles::change_designation)),
        r("GET", "/admin/mediators", get(mediators::profiles::list)),
        r("POST", "/admin/mediators", post(mediators::profiles::record)),
        r("POST", "/cases/{id}/appointments", post(mediators::case::appoint)),
        r("POST", "/cases/{id}/ranking", post(mediators::case::rank_form)),
        r("POST", "/cases/{id}/appointments/{appointment}/disclosures", post(mediators::case::disclose)),
        r("POST", "/cases/{id}/sg-request", post(mediators::case::request_sg)),
        r("GET", "/api/v1/cases/{id}/challenges", get(mediators::api::api_challenges)),
        r("POST", "/api/v1/cases/{id}/challenges", post(mediators::api::api_challenge)),
        r("POST", "/cases/{id}/appointments/{appointment}/challenges", post(mediators::case::challenge)),
        r("POST", "/cases/{id}/challenges/{challenge}/responses", post(mediators::case::respond)),
        r("POST", "/cases/{id}/challenges/{challenge}/decision", post(mediators::case::decide)),
        r("PUT", "/api/v1/cases/{id}/ranking", axum::routing::put(mediators::api::api_rank)),
        r("GET", "/api/v1/cases/{id}/agreed-candidates", get(mediators::api::api_agreed)),
        r("GET", "/appointments", get(mediators::appointments::mine)),
        r("POST", "/appointments/{id}", post(mediators::appointments::answer)),
        r("POST", "/api/v1/cases/{id}/appointments", post(mediators::api::api_appoint)),
        r("GET", "/api/v1/cases/{id}/appointments", get(mediators::api::api_case_appointments)),
        r("GET", "/api/v1/appointments", get(mediators::api::api_mine)),
        r("POST", "/api/v1/appointments/{id}", post(mediators::api::api_answer)),
        r("GET", "/admin/organizations", get(accounts::organizations::list)),
        r("POST", "/admin/organizations", post(accounts::organizations::create)),
        r("POST", "/admin/organizations/{id}/members", post(accounts::organizations::add_member)),
        r("POST", "/admin/organizations/{id}/members/{user}/remove", post(accounts::organizations::remove_member)),
        r("GET", "/register", get(public::register::register)),
        r("GET", "/api/v1/register", get(public::register::api_register)),
        r("GET", "/cases", get(cases::pages::list)),
        r("GET", "/cases/{id}", get(cases::pages::show)),
        r("POST", "/cases/{id}/steps", post(cases::pages::step)),
        r("GET", "/requests/new", get(cases::requests::new_request)),
        r("POST", "/requests", post(cases::requests::create_request)),
        r("GET", "/requests/{id}", get(cases::requests::edit_request)),
        r("POST", "/requests/{id}", post(cases::requests::update_request)),
        r("POST", "/requests/{id}/file", post(cases::filing::file_saved)),
        r("GET", "/requests/{id}/receipt", get(cases::filing::receipt_of_request)),
        r("POST", "/requests/{id}/annexes", post(cases::annexes::attach).layer(DefaultBodyLimit::disable())),
        r("POST", "/requests/{id}/annexes/{annex}/remove", post(cases::annexes::remove)),
        r("GET", "/requests/{id}/annexes/{annex}/content", get(cases::annexes::download)),
        r("GET", "/api/v1/requests/{id}/annexes", get(cases::annex_api::api_list)),
        r(
            "POST",
            "/api/v1/requests/{id}/annexes",
            post(cases::annex_api::api_attach).layer(DefaultBodyLimit::disable()),
        ),
        r("DELETE", "/api/v1/requests/{id}/annexes/{annex}", axum::routing::delete(cases::annex_api::api_detach)),
        r("GET", "/api/v1/requests/{id}/annexes/{annex}/content", get(cases::annex_api::api_download)),
        r("GET", "/cases/{id}/receipt", get(cases::filing::receipt)),
        r("GET", "/secretariat/deadlines", get(cases::dashboard::dashboard)),
        r("POST", "/api/v1/requests", post(cases::api::api_create)),
        r("GET", "/api/v1/requests/{id}", get(cases::api::api_get)),
        r("PUT", "/api/v1/requests/{id}", axum::routing::put(cases::api::api_update)),
        r("POST", "/api/v1/requests/{id}/file", post(cases::api::api_file)),
        r("GET", "/api/v1/cases", get(cases::api::api_list)),
        r("GET", "/api/v1/cases/{id}", get(cases::api::api_show)),
        r("POST", "/api/v1/cases/{id}/steps", post(cases::api::api_step)),
        r("POST", "/cases/{id}/officer", post(cases::officer::assign)),
        r("PUT", "/api/v1/cases/{id}/officer", axum::routing::put(cases::officer::api_assign)),
        r("GET", "/api/v1/deadlines", get(cases::dashboard::api_deadlines)),
        r("GET", "/cases/{id}/history", get(cases::history::history)),
        r("GET", "/cases/{id}/documents", get(documents::pages::page)),
        r("POST", "/cases/{id}/documents", post(documents::pages::upload).layer(DefaultBodyLimit::disable())),
        r("GET", "/documents/{id}/content", get(documents::download::download)),
        r("GET", "/api/v1/cases/{id}/documents", get(documents::api::api_list)),
        r("POST", "/api/v1/cases/{id}/documents", post(documents::api::api_upload).layer(DefaultBodyLimit::disable())),
        r("GET", "/api/v1/documents/{id}", get(documents::api::api_show)),
        r("GET", "/api/v1/documents/{id}/content", get(documents::download::download)),
        r("GET", "/cases/{id}/export", get(documents::export::export)),
        r("GET", "/api/v1/cases/{id}/export", get(documents::export::export)),
        r("GET", "/cases/{id}/mediators", get(mediators::case::show)),
        r("GET", "/cases/{id}/messages", get(messages::pages::threads)),
        r("GET", "/cases/{id}/messages/{thread}", get(messages::pages::thread)),
        r("POST", "/cases/{id}/messages/{thread}", post(messages::pages::post).layer(DefaultBodyLimit::disable())),
        r("GET", "/api/v1/cases/{id}/messages", get(messages::api::api_list)),
        r("POST", "/api/v1/cases/{id}/messages", post(messages::api::api_send)),
        r("POST", "/documents/{id}/share-requests", post(documents::share::ask_form)),
        r("POST", "/share-requests/{id}", post(documents::share::answer_form)),
        r("POST", "/api/v1/documents/{id}/share-requests", post(documents::share::api_ask)),
        r("POST", "/api/v1/share-requests/{id}", post(documents::share::api_answer)),
        r("GET", "/password-reset", get(accounts::links::reset_form)),
        r("POST", "/password-reset", post(accounts::links::reset_request)),
        r("GET", "/set-password/{token}", get(accounts::links::set_password_form)),
        r("POST", "/set-password/{token}", post(accounts::links::set_password)),
    ]
}

/// Every route of the application.
pub fn routes() -> Vec<RouteSpec> {
    table().into_iter().map(|(spec, _)| spec).collect()
}

/// The application.
pub fn router(state: AppState) -> Router {
    let mut router = Router::new();
    for (spec, handler) in table() {
        router = router.route(spec.path, handler);
    }
    let pages: Vec<&'static str> = routes().into_iter().filter(|r| r.method == "GET").map(|r| r.path).collect();
    router
        .method_not_allowed_fallback(move |method: axum::http::Method, uri: axum::http::Uri| async move {
            kit::prg::answer(&method, &uri, |path| pages.iter().any(|p| kit::prg::matches(p, path)))
        })
        .fallback(public::pages::not_found)
        .layer(kit::request::trace_layer())
        .layer(axum::middleware::from_fn_with_state(state.clone(), kit::request::handle))
        .layer(axum::middleware::from_fn_with_state(state.clone(), kit::security::headers))
        .layer(axum::middleware::from_fn(kit::metrics::track))
        // WOFF2 is compressed already (Brotli inside): gzip would spend a core on megabytes for nothing.
        .layer(
            CompressionLayer::new().compress_when(DefaultPredicate::new().and(NotForContentType::const_new("font/"))),
        )
        .with_state(state)
}
