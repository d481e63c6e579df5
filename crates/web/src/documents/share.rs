//! Permission to share a caucus document (W12): a mediator asks the side whose caucus it is; the
//! side grants (the same content is filed as a joint document that names the original) or
//! refuses. The request is as visible as its document. A grant on the web first shows the
//! document and everyone who will see it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use iomed_domain::access::{Action, Resource};
use iomed_domain::documents::Audience;
use iomed_store::documents::{DocumentChange, ShareRequestRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::documents::download::signed_in;
use crate::kit::access::readable_document;
use crate::kit::auth::{Auth, authorize, write_token};
use crate::kit::confirm::{Check, Part, check_page};
use crate::kit::context::Ctx;
use crate::kit::error::{Msg, WebError};
use crate::kit::forms::{Button, Form, Json as Body, Path};
use crate::kit::notices::audience_mails;
use crate::kit::problem::problems;
use crate::kit::state::AppState;
use crate::kit::views::{case_title, document_ref, standing_key};

/// A request for permission to share.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShareRequestDto {
    pub id: i64,
    pub case: i64,
    pub document: i64,
    pub requested_by: String,
    pub requested_at: String,
    /// `granted` or `refused`; null while pending.
    pub answer: Option<String>,
    /// The joint document a grant filed.
    pub shared_as: Option<i64>,
}

fn share_dto(r: &ShareRequestRow) -> ShareRequestDto {
    ShareRequestDto {
        id: r.id,
        case: r.case,
        document: r.document,
        requested_by: r.requested_by_name.clone(),
        requested_at: r.requested_at.to_string(),
        answer: r.answer.clone(),
        shared_as: r.shared_as,
    }
}

/// An answer to a request for permission to share.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareAnswer {
    /// `grant` or `refuse`.
    #[schema(schema_with = crate::kit::schemas::share_answer)]
    pub answer: String,
}

/// Asks; gives the case and the request.
async fn ask_to_share(state: &AppState, auth: &Auth, document: i64) -> Result<(i64, i64), WebError> {
    signed_in(state, auth).await?;
    let doc = readable_document(state, auth, document).await?.ok_or(WebError::NotFound)?;
    let standing = match auth.user() {
        Some(u) => state.store.standing(doc.case, u.id).await?,
        None => None,
    };
    authorize(state, auth, Action::AskToShare(doc.audience), Resource::Case(standing)).await?;
    let mediator = auth.require_user()?.id;
    let side = doc
        .audience
        .side()
        .ok_or_else(|| WebError::conflict("not_shareable", Msg::new("document-refused-not-shareable")))?;
    let mails = audience_mails(
        state,
        doc.case,
        mediator,
        Action::ReadDocument(Audience::Side(side)),
        "share-asked",
        "documents",
    )
    .await?;
    state.store.document_change(&auth.ledger_actor(), DocumentChange::AskToShare { document, mediator, mails }).await?;
    let requests = state.store.share_requests_of(doc.case).await?;
    let id =
        requests.iter().find(|r| r.document == document).map(|r| r.id).ok_or(WebError::fault("a request vanished"))?;
    Ok((doc.case, id))
}

/// Answers; gives the case.
async fn answer_share(state: &AppState, auth: &Auth, request: i64, grant: bool) -> Result<i64, WebError> {
    signed_in(state, auth).await?;
    let found = state.store.share_request(request).await?;
    // The request is as visible as its document.
    let visible = match &found {
        Some(r) => readable_document(state, auth, r.document).await?.is_some(),
        None => false,
    };
    let found = found.filter(|_| visible).ok_or(WebError::NotFound)?;
    let standing = match auth.user() {
        Some(u) => state.store.standing(found.case, u.id).await?,
        None => None,
    };
    authorize(state, auth, Action::AnswerShare(found.audience), Resource::Case(standing)).await?;
    let by = auth.require_user()?.id;
    let (to, key) = if grant { (Audience::Joint, "share-granted") } else { (Audience::Mediators, "share-refused") };
    let mails = audience_mails(state, found.case, by, Action::ReadDocument(to), key, "documents").await?;
    state
        .store
        .document_change(&auth.ledger_actor(), DocumentChange::AnswerShare { request, by, grant, mails })
        .await?;
    if grant {
        // The document is filed again in the joint file.
        state.document_filed(found.case);
    }
    Ok(found.case)
}

pub async fn ask_form(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(_): Form<Button>,
) -> Result<Response, WebError> {
    let (case, _) = ask_to_share(&state, &auth, id).await?;
    Ok(ctx.redirect_with(&format!("/cases/{case}/documents"), "share-asked-done"))
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct AnswerForm {
    answer: String,
    /// `yes` from the page that showed the document and who will see it.
    confirmed: String,
}

pub async fn answer_form(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(form): Form<AnswerForm>,
) -> Result<Response, WebError> {
    let grant = form.answer == "grant";
    if grant && form.confirmed != "yes" {
        return grant_check(&state, &ctx, &auth, id).await;
    }
    let case = answer_share(&state, &auth, id, grant).await?;
    let done = if grant { "share-granted-done" } else { "share-refused-done" };
    Ok(ctx.redirect_with(&format!("/cases/{case}/documents"), done))
}

/// Before a grant: exactly the document that will be passed on, and everyone who will see it.
/// Nothing is written; the request must be one this reader may answer.
async fn grant_check(state: &AppState, ctx: &Ctx, auth: &Auth, request: i64) -> Result<Response, WebError> {
    signed_in(state, auth).await?;
    let found = state.store.share_request(request).await?;
    let doc = match &found {
        Some(r) => readable_document(state, auth, r.document).await?,
        None => None,
    };
    let (Some(found), Some(doc)) = (found, doc) else { return Err(WebError::NotFound) };
    let standing = match auth.user() {
        Some(u) => state.store.standing(found.case, u.id).await?,
        None => None,
    };
    authorize(state, auth, Action::AnswerShare(found.audience), Resource::Case(standing)).await?;
    let (i18n, lang) = (&state.i18n, ctx.lang);
    let t = |key: &str| i18n.message(lang, key, &[]);
    let row = state.store.case_row(found.case).await?.ok_or(WebError::NotFound)?;
    let title = case_title(i18n, lang, &row.title);
    let tz = jiff::tz::TimeZone::get(&auth.time_zone()).unwrap_or(jiff::tz::TimeZone::UTC);
    let details = vec![
        (t("share-check-document"), format!("{} · {}", document_ref(i18n, lang, doc.audience, doc.number), doc.title)),
        (t("document-field-type"), t(&format!("doctype-{}", doc.kind.as_str().replace('_', "-")))),
        (t("document-field-language"), doc.language.clone()),
        (t("share-check-file"), doc.file_name.clone()),
        (
            t("share-check-filed"),
            format!("{} · {}", doc.filed_by_name, doc.filed_at.to_zoned(tz).strftime("%Y-%m-%d %H:%M %Z")),
        ),
        (t("share-check-asked-by"), found.requested_by_name.clone()),
    ];
    // Everyone the joint file admits: the people on the case, and the Secretariat.
    let participants = state.store.participants(found.case).await?;
    let mut readers: Vec<String> = participants
        .iter()
        .filter(|p| Audience::Joint.admits(Some(p.standing), false))
        .map(|p| format!("{} ({})", p.name, t(standing_key(p.standing))))
        .collect();
    readers.push(t("share-check-secretariat"));
    let me = auth.require_user()?.id;
    let told = crate::kit::notices::told_in(&participants, me, Action::ReadDocument(Audience::Joint))
        .map(|p| p.name.clone())
        .collect();
    let check = Check {
        context: (
            format!("/cases/{}/documents", found.case),
            crate::kit::views::numbered(row.number.as_deref(), title),
        ),
        act: t("share-grant"),
        details,
        parts: vec![Part { heading: t("share-check-readers"), lines: readers }],
        told,
        told_how: t("confirm-told-how"),
        told_nobody: t("confirm-told-nobody"),
        blocked: None,
        final_note: t("share-check-final"),
        action: format!("/share-requests/{request}"),
        fields: vec![("answer".into(), "grant".into())],
    };
    check_page(state, ctx, auth, "cases", check).await
}

/// A mediator asks the side whose caucus document it is for permission to pass it to everyone.
#[utoipa::path(post, path = "/api/v1/documents/{id}/share-requests", tag = "documents", operation_id = "ask_to_share",
    params(("id" = i64, Path, description = "The caucus document's id")),
    responses((status = 201, description = "The request", body = ShareRequestDto),
        (status = 403, response = problems::Forbidden), (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict)),
    security(("bearer" = [])))]
pub async fn api_ask(State(state): State<AppState>, auth: Auth, Path(id): Path<i64>) -> Result<Response, WebError> {
    write_token(&auth)?;
    let (_, request) = ask_to_share(&state, &auth, id).await?;
    let row = state.store.share_request(request).await?.ok_or(WebError::fault("a request vanished"))?;
    Ok((StatusCode::CREATED, Json(share_dto(&row))).into_response())
}

/// The side answers a request for permission; a grant files the same content as a joint
/// document that names the original.
#[utoipa::path(post, path = "/api/v1/share-requests/{id}", tag = "documents", operation_id = "answer_share_request",
    params(("id" = i64, Path, description = "The request's id")),
    request_body(content = ShareAnswer, content_type = "application/json"),
    responses((status = 200, description = "The request, answered", body = ShareRequestDto),
        (status = 400, response = problems::BadRequest), (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound), (status = 409, response = problems::Conflict),
        (status = 413, response = problems::TooLarge), (status = 415, response = problems::UnsupportedMediaType)),
    security(("bearer" = [])))]
pub async fn api_answer(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    body: Body<ShareAnswer>,
) -> Result<Json<ShareRequestDto>, WebError> {
    write_token(&auth)?;
    signed_in(&state, &auth).await?;
    let body = body.parse()?;
    let grant = match body.answer.as_str() {
        "grant" => true,
        "refuse" => false,
        _ => {
            return Err(WebError::bad_request(
                "bad_body",
                Msg::new("error-bad-body").text("detail", "answer: grant or refuse"),
            ));
        }
    };
    answer_share(&state, &auth, id, grant).await?;
    let row = state.store.share_request(id).await?.ok_or(WebError::fault("a request vanished"))?;
    Ok(Json(share_dto(&row)))
}
