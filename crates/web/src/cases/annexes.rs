//! A draft's annexes on the web: attached while drafting, several files at once, each row of the
//! form with its type and language chosen from lists; listed, downloaded and taken off by the
//! draft's owner alone. Filing puts them in the joint case file (the store does it, in the
//! filing's transaction). The API's side is in [`crate::cases::annex_api`].
//!
//! A submission is all or nothing: every file is stored under the draft's key as it streams in,
//! and if anything in it is refused, what was stored is deleted and nothing is attached.

use axum::extract::State;
use axum::extract::multipart::{Field, Multipart, MultipartRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iomed_domain::access::{Action, Resource, UserId};
use iomed_domain::documents::annexes::{ANNEX_TYPES, AnnexDraft, AnnexMeta, MAX_ANNEXES};
use iomed_domain::documents::clean_file_name;
use iomed_store::StoreError;
use iomed_store::blobs::{BlobError, DataKey};
use iomed_store::cases::{AnnexRow, CaseChange, NewAnnex};
use serde_json::json;

use crate::kit::auth::{Auth, CsrfSource, authorize, check_csrf};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::field_errors::FieldErrors;
use crate::kit::files::{MAX_FIELD, attachment, bad_message, clean_media_type, gap_text, store_with, text_field};
use crate::kit::forms::{Button, Form, Path};
use crate::kit::i18n::Lang;
use crate::kit::refusals::case_message;
use crate::kit::state::AppState;

/// The rows of the form: each takes several files of one type and language.
pub const ANNEX_ROWS: usize = 3;

/// The most parts a submission may have: the token, each row's two choices, and a file for each
/// annex the draft could still take. A longer one is not read further.
const MAX_PARTS: usize = 1 + 2 * ANNEX_ROWS + MAX_ANNEXES;

/// An annex as the draft's page lists it.
pub struct AnnexItem {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub language: String,
    pub file_name: String,
    pub size: String,
}

/// One row of the form, as chosen (kept when the form comes back with errors).
#[derive(Debug, Clone, Default)]
pub struct AnnexSlot {
    pub n: usize,
    pub kind: String,
    pub language: String,
}

/// The annexes part of a saved draft's page.
pub struct AnnexSection {
    pub request: i64,
    pub items: Vec<AnnexItem>,
    pub slots: Vec<AnnexSlot>,
    pub types: Vec<(String, String)>,
    pub languages: Vec<(String, String)>,
    /// How many more the draft takes.
    pub remaining: usize,
    pub errors: FieldErrors,
}

fn type_label(state: &AppState, lang: Lang, kind: &str) -> String {
    state.i18n.message(lang, &format!("doctype-{}", kind.replace('_', "-")), &[])
}

/// The section for `owner`'s draft `request`; `slots` as chosen, or (empty) each row in the
/// reader's language.
pub async fn section(
    state: &AppState,
    lang: Lang,
    owner: UserId,
    request: i64,
    slots: Vec<AnnexSlot>,
    errors: FieldErrors,
) -> Result<AnnexSection, WebError> {
    let rows = state.store.annexes_of(owner, request).await?;
    let items = rows
        .iter()
        .map(|a| AnnexItem {
            id: a.id,
            title: a.title.clone(),
            kind: type_label(state, lang, a.kind.as_str()),
            language: crate::kit::views::language_name(&state.i18n, lang, &a.language),
            file_name: a.file_name.clone(),
            size: crate::kit::views::size_text(lang, a.size),
        })
        .collect();
    let slots = if slots.is_empty() {
        (1..=ANNEX_ROWS).map(|n| AnnexSlot { n, kind: String::new(), language: lang.tag().to_owned() }).collect()
    } else {
        slots
    };
    Ok(AnnexSection {
        request,
        items,
        slots,
        types: ANNEX_TYPES.iter().map(|t| (t.as_str().to_owned(), type_label(state, lang, t.as_str()))).collect(),
        languages: crate::kit::views::language_choices(&state.i18n, lang, ""),
        remaining: MAX_ANNEXES.saturating_sub(rows.len()),
        errors,
    })
}

/// One message per field, naming its row: several files of a row share their row's errors.
fn error(state: &AppState, lang: Lang, errors: &mut Vec<(String, String)>, n: usize, field: &str, message: String) {
    let anchor = format!("annex-{field}-{n}");
    if !errors.iter().any(|(a, _)| *a == anchor) {
        let group = state.i18n.message(lang, "annexes-row", &[("number", n.into())]);
        let message =
            state.i18n.message(lang, "annexes-row-error", &[("group", group.into()), ("detail", message.into())]);
        errors.push((anchor, message));
    }
}

/// Deletes what a refused submission stored. What cannot be deleted now, the sweep at start
/// removes (no annex names it).
pub async fn discard(state: &AppState, annexes: &[NewAnnex]) {
    for a in annexes {
        if let Err(e) = state.blobs.delete(&a.stored.address).await {
            tracing::error!(error = %e, "could not delete the blob of a refused annex");
        }
    }
}

/// Streams one file into the blob store under the draft's key (made on first use).
pub async fn store_annex(
    state: &AppState,
    key: &mut Option<DataKey>,
    owner: UserId,
    request: i64,
    meta: AnnexMeta,
    file_name: String,
    field: Field<'_>,
) -> Result<NewAnnex, Result<&'static str, WebError>> {
    let media_type = clean_media_type(field.content_type());
    let key = match key {
        Some(key) => key,
        None => key.insert(state.store.draft_key(&state.master, owner, request).await.map_err(|e| Err(e.into()))?),
    };
    let stored = store_with(state, key, field).await?;
    Ok(NewAnnex { meta, file_name, media_type, stored })
}

/// `POST /requests/{id}/annexes`: the rows' files, attached together or not at all.
pub async fn attach(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::DraftRequest, Resource::Cases).await?;
    let owner = auth.require_user()?.id;
    let row = state.store.draft(owner, id).await?.ok_or(WebError::NotFound)?;
    if let Some(case) = row.case {
        return Ok(Redirect::to(&format!("/cases/{case}/documents")).into_response());
    }
    let lang = ctx.lang;
    let Ok(mut multipart) = multipart else {
        return Err(WebError::Refused {
            status: StatusCode::BAD_REQUEST,
            code: "bad_multipart",
            message: bad_message("bad_multipart", lang),
        });
    };
    let present = state.store.annexes_of(owner, id).await?.len();
    let mut slots: Vec<AnnexSlot> = (1..=ANNEX_ROWS).map(|n| AnnexSlot { n, ..AnnexSlot::default() }).collect();
    let (mut csrf, mut checked) = (String::new(), false);
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut annexes: Vec<NewAnnex> = Vec::new();
    let mut key = None;
    let mut parts = 0;
    // Until the first error: what follows it is not read.
    while errors.is_empty() {
        parts += 1;
        if parts > MAX_PARTS {
            discard(&state, &annexes).await;
            return Err(WebError::Refused {
                status: StatusCode::BAD_REQUEST,
                code: "bad_multipart",
                message: bad_message("bad_multipart", lang),
            });
        }
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                discard(&state, &annexes).await;
                return Err(WebError::Refused {
                    status: StatusCode::BAD_REQUEST,
                    code: "bad_multipart",
                    message: bad_message("bad_multipart", lang),
                });
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        let (part, n) = match name.rsplit_once('_') {
            Some((part, n)) => (part.to_owned(), n.parse::<usize>().unwrap_or(0)),
            None => (name.clone(), 0),
        };
        let Some(slot) = n.checked_sub(1).and_then(|i| slots.get_mut(i)) else {
            match text_field(field, MAX_FIELD).await {
                Some(value) if name == "csrf" => csrf = value,
                _ => {}
            }
            continue;
        };
        if part != "file" {
            let value = text_field(field, MAX_FIELD).await.unwrap_or_default();
            match part.as_str() {
                "type" => slot.kind = value,
                "language" => slot.language = value,
                _ => {}
            }
            continue;
        }
        if !checked {
            check_csrf(&auth, CsrfSource::Session, &csrf)?;
            checked = true;
        }
        let file_name = clean_file_name(field.file_name().unwrap_or_default());
        if file_name.is_empty() {
            continue; // a row left without a file
        }
        let draft = AnnexDraft { title: String::new(), kind: slot.kind.clone(), language: slot.language.clone() };
        let meta = match draft.check(&file_name) {
            Ok(meta) => meta,
            Err(gaps) => {
                for g in gaps {
                    let field = if g.field == "title" { "file" } else { g.field };
                    error(&state, lang, &mut errors, n, field, gap_text(&state.i18n, lang, &g));
                }
                continue;
            }
        };
        if present + annexes.len() >= MAX_ANNEXES {
            let message = case_message(&iomed_domain::documents::annexes::AnnexRefusal::TooMany.into());
            error(&state, lang, &mut errors, n, "file", message.render(&state.i18n, lang));
            continue;
        }
        match store_annex(&state, &mut key, owner, id, meta, file_name, field).await {
            Ok(annex) => annexes.push(annex),
            Err(Ok(code)) => {
                error(&state, lang, &mut errors, n, "file", bad_message(code, lang).render(&state.i18n, lang))
            }
            Err(Err(e)) => {
                discard(&state, &annexes).await;
                return Err(e);
            }
        }
    }
    if !checked {
        check_csrf(&auth, CsrfSource::Session, &csrf)?;
    }
    if annexes.is_empty() && errors.is_empty() {
        error(&state, lang, &mut errors, 1, "file", state.i18n.message(lang, "annexes-error-no-file", &[]));
    }
    if errors.is_empty() {
        let count = annexes.len();
        let change = CaseChange::Attach { owner, request: id, annexes: annexes.clone() };
        match state.store.case_change(&auth.ledger_actor(), change).await {
            Ok(_) => {
                return Ok(ctx.redirect_with_arg(
                    &format!("/requests/{id}#annexes"),
                    "annexes-attached",
                    "count",
                    count,
                ));
            }
            Err(StoreError::CaseRefused(r)) => {
                error(&state, lang, &mut errors, 1, "file", case_message(&r).render(&state.i18n, lang));
            }
            Err(e) => {
                discard(&state, &annexes).await;
                return Err(e.into());
            }
        }
    }
    discard(&state, &annexes).await;
    let errors = FieldErrors(errors);
    let section = section(&state, lang, owner, id, slots, errors).await?;
    crate::cases::requests::request_page_with(&state, &ctx, &auth, Some(id), row.draft, Vec::new(), Some(section)).await
}

/// `POST /requests/{id}/annexes/{annex}/remove`: takes an annex off the draft (it can be attached
/// again: nothing is lost that the drafter does not still have).
pub async fn remove(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path((id, annex)): Path<(i64, i64)>,
    Form(_): Form<Button>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::DraftRequest, Resource::Cases).await?;
    let owner = auth.require_user()?.id;
    detach(&state, &auth, owner, id, annex).await?;
    Ok(ctx.redirect_with(&format!("/requests/{id}#annexes"), "annexes-removed"))
}

/// Takes annex `annex` off `owner`'s draft `request` and deletes its content; gives what it was.
pub async fn detach(
    state: &AppState,
    auth: &Auth,
    owner: UserId,
    request: i64,
    annex: i64,
) -> Result<AnnexRow, WebError> {
    let rows = state.store.annexes_of(owner, request).await?;
    let found = rows.into_iter().find(|a| a.id == annex).ok_or(WebError::NotFound)?;
    let change = CaseChange::Detach { owner, request, annex };
    match state.store.case_change(&auth.ledger_actor(), change).await {
        Ok(_) => {}
        Err(StoreError::CaseRefused(r)) => return Err(WebError::conflict(r.code(), case_message(&r))),
        Err(e) => return Err(e.into()),
    }
    // The same content attached twice is two blobs: this one is named by nothing now.
    if let Err(e) = state.blobs.delete(&found.blob).await {
        tracing::error!(error = %e, "could not delete the blob of a detached annex");
    }
    Ok(found)
}

/// `GET /requests/{id}/annexes/{annex}/content` (and the API's): the owner downloads an annex
/// of their draft, recorded on the draft. Once filed, the annex is a document of the case file,
/// and the link leads to it there.
pub async fn download(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, annex)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::DraftRequest, Resource::Cases).await?;
    let owner = auth.require_user()?.id;
    let annex_of = || async {
        let rows = state.store.annexes_of(owner, id).await?;
        rows.into_iter().find(|a| a.id == annex).ok_or(WebError::NotFound)
    };
    // Filed, it is a document of the case file: read as one, through the case's access policy,
    // and recorded on the case.
    let filed = |document: i64| -> Result<Response, WebError> {
        let prefix = if auth.is_api() { "/api/v1" } else { "" };
        Ok(Redirect::to(&format!("{prefix}/documents/{document}/content")).into_response())
    };
    let found = annex_of().await?;
    if let Some(document) = found.document {
        return filed(document);
    }
    let key = match state.store.draft_key(&state.master, owner, id).await {
        Ok(key) => key,
        // Filed since it was read.
        Err(StoreError::CaseRefused(iomed_store::cases::CaseRefusal::AlreadyFiled)) => {
            return match annex_of().await?.document {
                Some(document) => filed(document),
                None => Err(WebError::NotFound),
            };
        }
        Err(e) => return Err(e.into()),
    };
    let via = if auth.is_api() { "api" } else { "web" };
    let stream = match state.blobs.read(&key, &found.blob).await {
        Ok(stream) => stream,
        Err(BlobError::Corrupt { .. } | BlobError::NotFound(_)) => {
            tracing::error!(annex, "an annex failed its integrity check; not served");
            let body = json!({"request": id, "annex": annex, "via": via});
            state
                .store
                .record(&auth.ledger_actor(), &format!("request/{id}"), "request.annex_integrity_failed", body)
                .await?;
            return Err(WebError::Refused {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                code: "blob_corrupt",
                message: crate::kit::error::Msg::new("document-corrupt-body"),
            });
        }
        Err(e) => return Err(e.into()),
    };
    let body = json!({"request": id, "annex": annex, "via": via});
    state.store.record(&auth.ledger_actor(), &format!("request/{id}"), "request.annex_downloaded", body).await?;
    let fallback = format!("annex-{annex}");
    Ok(attachment(axum::body::Body::from_stream(stream), &fallback, &found.file_name, &found.media_type, found.size))
}
