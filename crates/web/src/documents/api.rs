//! The case file through the API: list (and search), one document's metadata, and filing.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use iomed_domain::access::Action;
use iomed_domain::documents::TranslatedBy;
use iomed_store::documents::DocumentRow;
use iomed_store::paging::{Seek, Toward};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use crate::documents::download::{record, signed_in};
use crate::documents::meta::UploadMeta;
use crate::documents::search::search;
use crate::documents::upload::{Failure, receive};
use crate::kit::access::{case_standing, readable_document, record_read, visible_document_ids, visible_documents_page};
use crate::kit::auth::{Auth, write_token};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::files::{bad_message, gaps_problem};
use crate::kit::forms::{Path, Query};
use crate::kit::paging::{PageParams, Paged, bad_parameter};
use crate::kit::problem::problems;
use crate::kit::refusals::document_message;
use crate::kit::state::AppState;

/// A translation's particulars.
#[derive(Debug, Serialize, ToSchema)]
pub struct TranslationDto {
    /// The document translated.
    pub of: i64,
    pub authentic: bool,
    /// `human` or `machine`.
    pub translated_by: &'static str,
    pub reviewed: bool,
}

/// A filed document (immutable).
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentDto {
    /// Random: it tells nothing of other documents.
    pub id: i64,
    /// Its place among the documents of its audience (1, 2, 3 …), as people refer to it.
    pub number: i64,
    pub case: i64,
    pub title: String,
    /// `request`, `consent_to_mediate`, `proof_of_authority`, `statement`, `exhibit`,
    /// `correspondence`, `draft_settlement`, `settlement_agreement`, `note`, `other`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub language: String,
    /// `joint`, `caucus:requesting`, `caucus:responding`, `mediators`, `secretariat`,
    /// `side:requesting`, `side:responding`.
    pub audience: String,
    pub filed_by: String,
    pub filed_at: String,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    /// BLAKE3 of the content, hex.
    pub content_hash: String,
    pub replaces: Option<i64>,
    pub replaced_by: Option<i64>,
    pub translation: Option<TranslationDto>,
    /// The caucus document this joint one passes on, with its side's permission.
    pub shared_from: Option<i64>,
    /// Where to download the content.
    pub content: String,
}

pub fn dto(doc: &DocumentRow) -> DocumentDto {
    DocumentDto {
        id: doc.id,
        case: doc.case,
        title: doc.title.clone(),
        kind: doc.kind.as_str(),
        language: doc.language.clone(),
        audience: doc.audience.key(),
        filed_by: doc.filed_by_name.clone(),
        filed_at: doc.filed_at.to_string(),
        file_name: doc.file_name.clone(),
        media_type: doc.media_type.clone(),
        size: doc.size,
        content_hash: doc.content_hash.clone(),
        replaces: doc.replaces,
        replaced_by: doc.replaced_by,
        translation: doc.translation.map(|t| TranslationDto {
            of: t.of,
            authentic: t.authentic,
            translated_by: match t.by {
                TranslatedBy::Human => "human",
                TranslatedBy::Machine => "machine",
            },
            reviewed: t.reviewed,
        }),
        shared_from: doc.shared_from,
        number: doc.number,
        content: format!("/api/v1/documents/{}/content", doc.id),
    }
}

/// The query of the list of a case's documents.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentsQuery {
    /// Words to search for (at most 200 characters): the documents whose title or text match
    /// every word, best first.
    #[param(value_type = Option<String>, max_length = 200)]
    pub q: Option<String>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    #[param(value_type = Option<String>, max_length = 2048)]
    pub cursor: Option<String>,
}

/// The documents of a case the caller may see, oldest first, a page at a time. Documents outside
/// the caller's audiences are not listed, counted or hinted at.
///
/// With `q`, only the documents whose title or text (text files and PDFs) match every word, best
/// first; the search runs over the caller's documents only.
#[utoipa::path(get, path = "/api/v1/cases/{id}/documents", tag = "documents", operation_id = "list_documents",
    params(("id" = i64, Path, description = "The case's id"), DocumentsQuery),
    responses((status = 200, description = "A page of the documents", body = Paged<DocumentDto>), (status = 400, response = problems::BadRequest),
        (status = 403, response = problems::Forbidden), (status = 404, response = problems::NotFound)),
    security(("bearer" = [])))]
pub async fn api_list(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(query): Query<DocumentsQuery>,
) -> Result<Json<Paged<DocumentDto>>, WebError> {
    let standing = case_standing(&state, &auth, id, Action::ReadCase).await?;
    let words = query.q.as_deref().map(str::trim).unwrap_or_default();
    if words.chars().count() > crate::kit::case_query::MAX_SEARCH {
        return Err(bad_parameter("q"));
    }
    let page = PageParams { limit: query.limit.clone(), cursor: query.cursor.clone() };
    let what = if words.is_empty() { "api-documents" } else { "api-search" };
    if words.is_empty() {
        let list = format!("api/cases/{id}/documents");
        let seek = page.seek(&state.cursors, &list)?;
        record_read(&state, &auth, id, what, json!({})).await;
        let slice = visible_documents_page(&state, &auth, id, standing, &seek).await?;
        return Ok(Json(Paged::of(&state.cursors, &list, slice, |d| dto(&d))?));
    }
    // Search answers best first: a page goes on from its place in the ranking.
    let list = format!("api/cases/{id}/search/{words}");
    let seek: Seek<usize> = page.seek(&state.cursors, &list)?;
    let from = match seek.from {
        None => 0,
        Some((Toward::After, k)) => k,
        Some((Toward::Before, _)) => return Err(bad_parameter("cursor")),
    };
    record_read(&state, &auth, id, what, json!({})).await;
    let visible = visible_document_ids(&state, &auth, id, standing).await?;
    let limit = usize::try_from(seek.limit).unwrap_or(usize::MAX);
    let end = from.saturating_add(limit);
    let found = search(&state, id, visible, words, end, false).await?;
    // Only this page's documents are read, all of them among the visible ones.
    let page: Vec<i64> = found.hits.iter().skip(from).map(|h| h.document).collect();
    let rows = state.store.documents_in(id, &page).await?;
    let by_id: HashMap<i64, &DocumentRow> = rows.iter().map(|d| (d.id, d)).collect();
    let items = page.iter().filter_map(|d| by_id.get(d)).map(|d| dto(d)).collect();
    let next = if end < found.count { Some(state.cursors.seal(&list, Toward::After, &end)?) } else { None };
    Ok(Json(Paged { items, next }))
}

/// One document's metadata; the view is recorded.
#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "documents", operation_id = "get_document",
    params(("id" = i64, Path, description = "The document's id")),
    responses((status = 200, description = "The document's metadata", body = DocumentDto), (status = 403, response = problems::Forbidden), (status = 404, response = problems::NotFound)),
    security(("bearer" = [])))]
pub async fn api_show(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Json<DocumentDto>, WebError> {
    signed_in(&state, &auth).await?;
    let doc = readable_document(&state, &auth, id).await?.ok_or(WebError::NotFound)?;
    record(&state, &auth, &doc, "document.viewed", "api").await?;
    Ok(Json(dto(&doc)))
}

/// The parts of a filing, in this order and no other: `meta` first, then `file` (a `file` part
/// before `meta` is a 400 `meta_first`, since the metadata is checked and authorized before the
/// content is read; a part after `file` a 400 `file_last`).
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct UploadForm {
    /// What the filing says of its document, as JSON (`Content-Type: application/json`).
    meta: UploadMeta,
    /// The content, up to 2 GiB, streamed.
    #[schema(value_type = String, format = Binary)]
    file: String,
}

/// Files a document: a `meta` part, then a `file` part, streamed and encrypted at rest. The
/// audience must be one the caller is in. A refused or failed filing leaves nothing behind.
/// The parts must come in that order, and no other: a `file` part before `meta` is a 400
/// `meta_first`, a part after `file` a 400 `file_last`.
#[utoipa::path(post, path = "/api/v1/cases/{id}/documents", tag = "documents", operation_id = "file_document",
    params(("id" = i64, Path, description = "The case's id")),
    request_body(content(
        (UploadForm = "multipart/form-data", encoding(("meta" = (content_type = "application/json")))))),
    responses((status = 201, description = "The document filed", body = DocumentDto),
        (status = 400, response = problems::BadRequest), (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound), (status = 409, response = problems::Conflict),
        (status = 413, response = problems::TooLarge), (status = 422, response = problems::Unprocessable)),
    security(("bearer" = [])))]
pub async fn api_upload(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    write_token(&auth)?;
    let standing = case_standing(&state, &auth, id, Action::ReadCase).await?;
    let lang = ctx.lang;
    let bad =
        |status: StatusCode, code: &'static str| WebError::Refused { status, code, message: bad_message(code, lang) };
    let Ok(multipart) = multipart else { return Err(bad(StatusCode::BAD_REQUEST, "bad_multipart")) };
    match receive(&state, &auth, id, standing, multipart).await {
        Ok(doc) => {
            let row = state.store.document(doc).await?.ok_or(WebError::fault("a filed document vanished"))?;
            Ok((StatusCode::CREATED, Json(dto(&row))).into_response())
        }
        Err(Failure::Web(e)) => Err(e),
        Err(Failure::Gaps(_, gaps)) => Err(gaps_problem(&state.i18n, lang, &gaps)),
        Err(Failure::Bad(status, code, _)) => Err(bad(status, code)),
        Err(Failure::Refused(r, _)) => Err(WebError::conflict(r.code(), document_message(&r))),
    }
}
