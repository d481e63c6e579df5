//! Downloads: a document's content streamed, decrypted, after its integrity check; every
//! download is recorded. A blob whose hash no longer matches is reported, never served.

use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use iomed_domain::access::{Action, Resource};
use iomed_store::blobs::BlobError;
use iomed_store::documents::DocumentRow;
use serde_json::json;

use crate::kit::access::readable_document;
use crate::kit::auth::{Auth, authorize};
use crate::kit::error::{Msg, WebError};
use crate::kit::forms::Path;
use crate::kit::problem::problems;
use crate::kit::state::AppState;

/// Records what the reader did with a document (`document.viewed`, `document.downloaded`, …).
pub async fn record(
    state: &AppState,
    auth: &Auth,
    doc: &DocumentRow,
    kind: &'static str,
    via: &str,
) -> Result<(), WebError> {
    let stream = format!("case/{}/access", doc.case);
    let body = json!({"case": doc.case, "document": doc.id, "via": via});
    state.store.record(&auth.ledger_actor(), &stream, kind, body).await?;
    Ok(())
}

/// Whoever is not signed in is asked to, before anything else is looked at.
pub async fn signed_in(state: &AppState, auth: &Auth) -> Result<(), WebError> {
    authorize(state, auth, Action::ReadAccount, Resource::OwnAccount).await
}

/// The answer for a blob that failed its integrity check.
fn corrupt() -> WebError {
    WebError::Refused {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        code: "blob_corrupt",
        message: Msg::new("document-corrupt-body"),
    }
}

/// Streams a document's content, decrypted, after its integrity check; records the download.
#[utoipa::path(get, path = "/api/v1/documents/{id}/content", tag = "documents", operation_id = "download_document",
    params(("id" = i64, Path, description = "The document's id")),
    responses((status = 200, description = "The content as filed, with the media type it was filed with", content_type = "*/*"),
        (status = 403, response = problems::Forbidden), (status = 404, response = problems::NotFound),
        (status = 500, body = crate::kit::problem::Problem, content_type = "application/problem+json", description = "`blob_corrupt`: the stored bytes failed their integrity check and were not served")),
    security(("bearer" = [])))]
pub async fn download(State(state): State<AppState>, auth: Auth, Path(id): Path<i64>) -> Result<Response, WebError> {
    signed_in(&state, &auth).await?;
    let doc = readable_document(&state, &auth, id).await?.ok_or(WebError::NotFound)?;
    let via = if auth.is_api() { "api" } else { "web" };
    let key = state.store.data_key(&state.master, doc.case).await?;
    let stream = match state.blobs.read(&key, &doc.blob).await {
        Ok(stream) => stream,
        Err(BlobError::Corrupt { .. } | BlobError::NotFound(_)) => {
            tracing::error!(document = doc.id, "a document failed its integrity check; not served");
            record(&state, &auth, &doc, "document.integrity_failed", via).await?;
            return Err(corrupt());
        }
        Err(e) => return Err(e.into()),
    };
    record(&state, &auth, &doc, "document.downloaded", via).await?;
    let fallback = format!("document-{}", doc.id);
    Ok(crate::kit::files::attachment(Body::from_stream(stream), &fallback, &doc.file_name, &doc.media_type, doc.size))
}
