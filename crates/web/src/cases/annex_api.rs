//! A draft's annexes through the API: list, attach one (a `meta` part, then a `file` part, as
//! for documents), take one off, download. Only the draft's owner reaches them.

use axum::Json;
use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use iomed_domain::access::{Action, Resource};
use iomed_domain::documents::annexes::AnnexDraft;
use iomed_domain::documents::clean_file_name;
use iomed_store::StoreError;
use iomed_store::cases::{AnnexRow, CaseChange};
use serde::Serialize;
use utoipa::ToSchema;

use crate::cases::annexes::{discard, store_annex};
use crate::kit::auth::{Auth, authorize, write_token};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::files::{MAX_FIELD, bad_message, file_status, gaps_problem, text_field};
use crate::kit::forms::Path;
use crate::kit::problem::problems;
use crate::kit::refusals::case_message;
use crate::kit::state::AppState;

/// An annex of a draft request.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnnexDto {
    /// Random: it tells nothing of other annexes.
    pub id: i64,
    pub request: i64,
    pub title: String,
    /// `consent_to_mediate`, `proof_of_authority`, `internal_authorization`, `exhibit`,
    /// `statement` or `other`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub language: String,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    /// BLAKE3 of the content, hex.
    pub content_hash: String,
    pub added_at: String,
    /// The document of the case file it became when the request was filed.
    pub document: Option<i64>,
    /// Where to download the content.
    pub content: String,
}

fn dto(a: &AnnexRow) -> AnnexDto {
    AnnexDto {
        id: a.id,
        request: a.request,
        title: a.title.clone(),
        kind: a.kind.as_str(),
        language: a.language.clone(),
        file_name: a.file_name.clone(),
        media_type: a.media_type.clone(),
        size: a.size,
        content_hash: a.content_hash.clone(),
        added_at: a.added_at.to_string(),
        document: a.document,
        content: format!("/api/v1/requests/{}/annexes/{}/content", a.request, a.id),
    }
}

/// A draft's annexes: all of them (a draft holds at most 60), in the order attached.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnnexList {
    pub items: Vec<AnnexDto>,
}

/// The annexes of one of the caller's drafts, in the order attached.
#[utoipa::path(get, path = "/api/v1/requests/{id}/annexes", tag = "cases", operation_id = "list_annexes",
    params(("id" = i64, Path, description = "The draft request's id")),
    responses((status = 200, description = "Every annex of the draft (at most 60)", body = AnnexList),
        (status = 403, response = problems::Forbidden), (status = 404, response = problems::NotFound)),
    security(("bearer" = [])))]
pub async fn api_list(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Json<AnnexList>, WebError> {
    authorize(&state, &auth, Action::DraftRequest, Resource::Cases).await?;
    let owner = auth.require_user()?.id;
    state.store.draft(owner, id).await?.ok_or(WebError::NotFound)?;
    let rows = state.store.annexes_of(owner, id).await?;
    Ok(Json(AnnexList { items: rows.iter().map(dto).collect() }))
}

/// The parts of an annex, in this order: `meta`, then `file`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AnnexForm {
    /// What the annex is, as JSON (`Content-Type: application/json`): `type` and `language`
    /// required, `title` optional (the file's name without its extension).
    meta: AnnexMetaBody,
    /// The content, up to 2 GiB, streamed.
    #[schema(value_type = String, format = Binary)]
    file: String,
}

/// What a drafter says of an annex.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AnnexMetaBody {
    #[schema(max_length = 300)]
    title: Option<String>,
    /// One of the annex types (`consent_to_mediate`, `proof_of_authority`,
    /// `internal_authorization`, `exhibit`, `statement`, `other`).
    #[schema(rename = "type")]
    kind: String,
    /// A BCP 47 tag (`en`, `fr`, `zh-Hant`).
    #[schema(max_length = 35)]
    language: String,
}

/// Attaches an annex to one of the caller's drafts not filed yet: a `meta` part, then a `file`
/// part, streamed and encrypted at rest under the draft's key. Only the caller sees it until the
/// request is filed; filing puts it in the joint case file. A refused attachment leaves nothing.
#[utoipa::path(post, path = "/api/v1/requests/{id}/annexes", tag = "cases", operation_id = "attach_annex",
    params(("id" = i64, Path, description = "The draft request's id")),
    request_body(content(
        (AnnexForm = "multipart/form-data", encoding(("meta" = (content_type = "application/json")))))),
    responses((status = 201, description = "The annex attached", body = AnnexDto),
        (status = 400, response = problems::BadRequest), (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound), (status = 409, response = problems::Conflict),
        (status = 413, response = problems::TooLarge), (status = 422, response = problems::Unprocessable)),
    security(("bearer" = [])))]
pub async fn api_attach(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    write_token(&auth)?;
    authorize(&state, &auth, Action::DraftRequest, Resource::Cases).await?;
    let owner = auth.require_user()?.id;
    let lang = ctx.lang;
    let bad =
        |status: StatusCode, code: &'static str| WebError::Refused { status, code, message: bad_message(code, lang) };
    let row = state.store.draft(owner, id).await?.ok_or(WebError::NotFound)?;
    if row.case.is_some() {
        let refusal = iomed_domain::documents::annexes::AnnexRefusal::AlreadyFiled.into();
        return Err(WebError::conflict("already_filed", case_message(&refusal)));
    }
    let Ok(mut multipart) = multipart else { return Err(bad(StatusCode::BAD_REQUEST, "bad_multipart")) };
    let mut draft: Option<AnnexDraft> = None;
    let mut key = None;
    let annex = loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Err(bad(StatusCode::BAD_REQUEST, "file_missing")),
            Err(_) => return Err(bad(StatusCode::BAD_REQUEST, "bad_multipart")),
        };
        match (field.name().unwrap_or_default(), &draft) {
            ("meta", None) => {
                let value =
                    text_field(field, MAX_FIELD).await.ok_or_else(|| bad(StatusCode::BAD_REQUEST, "bad_field"))?;
                draft = Some(serde_json::from_str(&value).map_err(|_| bad(StatusCode::BAD_REQUEST, "bad_meta"))?);
            }
            ("file", Some(d)) => {
                let file_name = clean_file_name(field.file_name().unwrap_or_default());
                if file_name.is_empty() {
                    return Err(bad(StatusCode::BAD_REQUEST, "file_missing"));
                }
                let meta = d.check(&file_name).map_err(|gaps| gaps_problem(&state.i18n, lang, &gaps))?;
                match store_annex(&state, &mut key, owner, id, meta, file_name, field).await {
                    Ok(annex) => break annex,
                    Err(Ok(code)) => return Err(bad(file_status(code), code)),
                    Err(Err(e)) => return Err(e),
                }
            }
            _ => return Err(bad(StatusCode::BAD_REQUEST, "meta_first")),
        }
    };
    let stored = [annex];
    if !matches!(multipart.next_field().await, Ok(None)) {
        discard(&state, &stored).await;
        return Err(bad(StatusCode::BAD_REQUEST, "file_last"));
    }
    let change = CaseChange::Attach { owner, request: id, annexes: stored.to_vec() };
    let created = match state.store.case_change(&auth.ledger_actor(), change).await {
        Ok(appended) => appended.created.ok_or(WebError::fault("an attachment made no annex"))?,
        Err(e) => {
            discard(&state, &stored).await;
            return Err(match e {
                StoreError::CaseRefused(r) => WebError::conflict(r.code(), case_message(&r)),
                e => e.into(),
            });
        }
    };
    let rows = state.store.annexes_of(owner, id).await?;
    let row = rows.iter().find(|a| a.id == created).ok_or(WebError::fault("an attached annex vanished"))?;
    Ok((StatusCode::CREATED, Json(dto(row))).into_response())
}

/// Takes an annex off one of the caller's drafts not filed yet; its content is deleted.
#[utoipa::path(delete, path = "/api/v1/requests/{id}/annexes/{annex}", tag = "cases", operation_id = "detach_annex",
    params(("id" = i64, Path, description = "The draft request's id"), ("annex" = i64, Path, description = "The annex's id")),
    responses((status = 204, description = "Taken off"), (status = 400, response = problems::BadRequest),
        (status = 403, response = problems::Forbidden), (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)),
    security(("bearer" = [])))]
pub async fn api_detach(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, annex)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    write_token(&auth)?;
    authorize(&state, &auth, Action::DraftRequest, Resource::Cases).await?;
    let owner = auth.require_user()?.id;
    crate::cases::annexes::detach(&state, &auth, owner, id, annex).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// An annex's content, as attached; the download is recorded. Once the request is filed, the
/// annex is a document of the case file: the answer leads there (303).
#[utoipa::path(get, path = "/api/v1/requests/{id}/annexes/{annex}/content", tag = "cases", operation_id = "download_annex",
    params(("id" = i64, Path, description = "The draft request's id"), ("annex" = i64, Path, description = "The annex's id")),
    responses((status = 200, description = "The content as attached, with its media type", content_type = "*/*"),
        (status = 303, description = "The request was filed: the annex is a document of the case file, whose content is at `Location`"),
        (status = 403, response = problems::Forbidden), (status = 404, response = problems::NotFound),
        (status = 500, body = crate::kit::problem::Problem, content_type = "application/problem+json", description = "`blob_corrupt`: the stored bytes failed their integrity check and were not served")),
    security(("bearer" = [])))]
pub async fn api_download(state: State<AppState>, auth: Auth, path: Path<(i64, i64)>) -> Result<Response, WebError> {
    crate::cases::annexes::download(state, auth, path).await
}
