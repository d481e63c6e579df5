//! Probes for operators: `/healthz` (the process answers; a bare handler, the baseline of the
//! benchmarks) and `/readyz` (the database answers and a write could be made now).

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::kit::problem::Problem;
use crate::kit::state::AppState;

/// Alive: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "operations", operation_id = "healthz",
    responses((status = 200, description = "Alive", body = String, content_type = "text/plain")))]
pub async fn healthz() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "ok\n")
}

/// Ready: the database answers.
#[utoipa::path(get, path = "/readyz", tag = "operations", operation_id = "readyz",
    responses((status = 200, description = "Ready", body = String, content_type = "text/plain"),
        (status = 503, description = "The database does not answer, or nothing can be written now (`database_unavailable`, `writer_stopped`, `writer_unavailable`)", body = Problem, content_type = "application/problem+json")))]
pub async fn readyz(State(state): State<AppState>) -> Response {
    let unavailable = |code: &'static str, detail: &str| {
        Problem::new(StatusCode::SERVICE_UNAVAILABLE, code, "Not ready".into(), detail.into()).into_response()
    };
    if let Err(e) = state.store.ping().await {
        tracing::warn!(error = %e, "not ready: the database does not answer");
        return unavailable("database_unavailable", "The database does not answer.");
    }
    let status = state.store.writer_status();
    if !status.running {
        return unavailable("writer_stopped", "The ledger writer has stopped: nothing can be written. Restart iomed.");
    }
    if let Err(e) = state.store.probe_writer(std::time::Duration::from_secs(2)).await {
        tracing::warn!(error = %e, "not ready: the ledger writer does not answer");
        return unavailable("writer_unavailable", "The ledger writer does not answer: nothing can be written now.");
    }
    let mut text = String::from("ready\n");
    if let Some((at, _)) = &status.last_panic {
        text.push_str(&format!(
            "the ledger writer recovered from {} panic(s), the last at {at}; see the server's log\n",
            status.panics
        ));
    }
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}
