//! Messages on the web and in the API: one thread per audience of a case (joint, each side's
//! caucus, the mediators, the Secretariat, each side alone), bodies sealed under the case key,
//! attachments filed as documents of the thread's audience, read receipts, e-mail notices
//! without content. A thread outside the reader's audience does not exist for them.

use askama::Template;
use axum::Json;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use iomed_domain::access::{Action, Resource, Standing, UserId, can};
use iomed_domain::documents::{Audience, MetaDraft};
use iomed_store::StoreError;
use iomed_store::blobs::BlobError;
use iomed_store::documents::DocumentChange;
use iomed_store::messages::{MessageChange, MessageRow, message_context};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::cases::{case_access, record_read};
use crate::documents::{MAX_UPLOAD, audience_label, audience_mails, clean_file_name, clean_media_type, text_field};
use crate::kit::problem::Problem;
use crate::legacy::auth::{Auth, CsrfSource, authorize, check_csrf};
use crate::legacy::pages::{Page, internal_error, render};
use crate::{AppState, Ctx};

/// The longest message, in characters.
pub const BODY_MAX: usize = 20_000;

/// The messages of a case the reader may see, with their bodies opened.
pub(crate) async fn readable_messages(
    state: &AppState,
    auth: &Auth,
    case: i64,
    standing: Option<Standing>,
) -> Result<Vec<(MessageRow, String)>, String> {
    let actor = auth.actor();
    let all = state.store.messages_of(case).await.map_err(|e| e.to_string())?;
    let mine: Vec<MessageRow> = all
        .into_iter()
        .filter(|m| can(&actor, Action::ReadDocument(m.audience), Resource::Case(standing)).is_ok())
        .collect();
    if mine.is_empty() {
        return Ok(Vec::new());
    }
    let key = state.store.data_key(&state.master, case).await.map_err(|e| e.to_string())?;
    mine.into_iter()
        .map(|m| {
            let body = key.open(&message_context(case, m.audience), &m.sealed).map_err(|e| e.to_string())?;
            Ok((m, String::from_utf8_lossy(&body).into_owned()))
        })
        .collect()
}

/// Marks what the reader has now been shown as read by them (not their own messages).
async fn mark_read(state: &AppState, auth: &Auth, shown: &[&MessageRow]) -> Result<(), StoreError> {
    let Some(user) = auth.user().map(|u| u.id) else { return Ok(()) };
    let unread: Vec<i64> =
        shown.iter().filter(|m| m.author != user && !m.read_by.iter().any(|(u, _)| *u == user)).map(|m| m.id).collect();
    if unread.is_empty() {
        return Ok(());
    }
    state.store.message_change(&auth.ledger_actor(), MessageChange::Read { user, messages: unread }).await.map(|_| ())
}

/// Why a message was not sent.
enum Failure {
    Respond(Box<Response>),
    Bad(StatusCode, &'static str),
    Internal(String),
}

/// Sends a message after the checks; `attachments` are already filed in its audience.
async fn send(
    state: &AppState,
    auth: &Auth,
    case: i64,
    audience: Audience,
    body: &str,
    attachments: Vec<i64>,
) -> Result<i64, Failure> {
    let author = auth.user().map(|u| u.id).unwrap_or(UserId(0));
    let key = state.store.data_key(&state.master, case).await.map_err(|e| Failure::Internal(e.to_string()))?;
    let sealed =
        key.seal(&message_context(case, audience), body.as_bytes()).map_err(|e| Failure::Internal(e.to_string()))?;
    let mails = audience_mails(state, case, author, audience, "message", "messages").await;
    let change = MessageChange::Send {
        case,
        author,
        audience,
        sealed,
        body_hash: blake3::hash(body.as_bytes()).to_hex().to_string(),
        attachments,
        mails,
    };
    match state.store.message_change(&auth.ledger_actor(), change).await {
        Ok(appended) => appended.created.ok_or_else(|| Failure::Internal("no message id".into())),
        Err(StoreError::MessageRefused(r)) => Err(Failure::Bad(StatusCode::CONFLICT, r.code())),
        Err(e) => Err(Failure::Internal(e.to_string())),
    }
}

fn check_body(body: &str) -> Result<&str, Failure> {
    let body = body.trim();
    match body.chars().count() {
        0 => Err(Failure::Bad(StatusCode::UNPROCESSABLE_ENTITY, "empty_message")),
        n if n > BODY_MAX => Err(Failure::Bad(StatusCode::UNPROCESSABLE_ENTITY, "message_too_long")),
        _ => Ok(body),
    }
}

// ---------------------------------------------------------------------------------------------
// Web pages.

pub struct ThreadItem {
    pub key: String,
    pub label: String,
    pub count: usize,
    pub unread: usize,
}

pub struct MessageItem {
    pub id: i64,
    pub author: String,
    pub sent_at: String,
    pub body: String,
    pub attachments: Vec<i64>,
    pub read_by: String,
    pub mine: bool,
}

#[derive(Template)]
#[template(path = "messages.html")]
struct MessagesPage<'a> {
    p: Page<'a>,
    case: i64,
    threads: Vec<ThreadItem>,
    /// The open thread: its key, label and who is in it.
    thread: Option<(String, String, String)>,
    messages: Vec<MessageItem>,
    may_post: bool,
    draft: String,
    max_size: String,
    error: Option<String>,
    notice: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn messages_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    case: i64,
    standing: Option<Standing>,
    open: Option<Audience>,
    draft: String,
    status: StatusCode,
    error: Option<String>,
    notice: Option<String>,
) -> Response {
    let p = Page::new(state, ctx, auth, "cases").await;
    let (messages, participants) =
        match (readable_messages(state, auth, case, standing).await, state.store.participants(case).await) {
            (Ok(m), Ok(people)) => (m, people),
            (Err(e), _) => return internal_error(state, ctx, auth, e).await,
            (_, Err(e)) => return internal_error(state, ctx, auth, e.to_string()).await,
        };
    record_read(state, auth, case, "messages").await;
    let actor = auth.actor();
    let me = auth.user().map(|u| u.id);
    let threads = Audience::ALL
        .into_iter()
        .filter(|a| can(&actor, Action::ReadDocument(*a), Resource::Case(standing)).is_ok())
        .map(|a| {
            let in_thread: Vec<&MessageRow> = messages.iter().map(|(m, _)| m).filter(|m| m.audience == a).collect();
            let unread = in_thread
                .iter()
                .filter(|m| Some(m.author) != me && !m.read_by.iter().any(|(u, _)| Some(*u) == me))
                .count();
            ThreadItem { key: a.key(), label: audience_label(&p, a), count: in_thread.len(), unread }
        })
        .collect();
    let zone = auth.user().map(|u| u.time_zone.clone()).unwrap_or_else(|| "Asia/Hong_Kong".into());
    let tz = jiff::tz::TimeZone::get(&zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let (thread, items, may_post) = match open {
        Some(a) => {
            let shown: Vec<&(MessageRow, String)> = messages.iter().filter(|(m, _)| m.audience == a).collect();
            let rows: Vec<&MessageRow> = shown.iter().map(|(m, _)| m).collect();
            if let Err(e) = mark_read(state, auth, &rows).await {
                return internal_error(state, ctx, auth, e.to_string()).await;
            }
            let mut who: Vec<String> =
                participants.iter().filter(|x| a.admits(Some(x.standing), false)).map(|x| x.name.clone()).collect();
            if a.admits(None, true) {
                who.push(p.t("audience-who-secretariat"));
            }
            let items = shown
                .iter()
                .map(|(m, body)| MessageItem {
                    id: m.id,
                    author: m.author_name.clone(),
                    sent_at: m.sent_at.to_zoned(tz.clone()).strftime("%Y-%m-%d %H:%M %Z").to_string(),
                    body: body.clone(),
                    attachments: m.attachments.clone(),
                    read_by: m.read_by.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join(", "),
                    mine: Some(m.author) == me,
                })
                .collect();
            let may_post = can(&actor, Action::FileDocument(a), Resource::Case(standing)).is_ok();
            (Some((a.key(), audience_label(&p, a), who.join(", "))), items, may_post)
        }
        None => (None, Vec::new(), false),
    };
    let page = MessagesPage {
        max_size: crate::documents::size_text(ctx.lang, MAX_UPLOAD),
        p,
        case,
        threads,
        thread,
        messages: items,
        may_post,
        draft,
        error,
        notice,
    };
    render(ctx, status, &page)
}

pub async fn threads(State(state): State<AppState>, ctx: Ctx, auth: Auth, Path(id): Path<i64>) -> Response {
    let standing = match case_access(&state, &ctx, &auth, id, Action::ReadCase).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    messages_page(&state, &ctx, &auth, id, standing, None, String::new(), StatusCode::OK, None, None).await
}

/// The thread named by `key`, if the reader is in its audience; otherwise the not-found answer.
async fn thread_access(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    id: i64,
    key: &str,
) -> Result<(Option<Standing>, Audience), Response> {
    let standing = case_access(state, ctx, auth, id, Action::ReadCase).await?;
    let Ok(audience) = Audience::from_key(key) else {
        return Err(crate::legacy::pages::hidden(state, ctx, auth).await);
    };
    authorize(state, ctx, auth, Action::ReadDocument(audience), Resource::Case(standing)).await?;
    Ok((standing, audience))
}

pub async fn thread(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path((id, key)): Path<(i64, String)>,
) -> Response {
    let (standing, audience) = match thread_access(&state, &ctx, &auth, id, &key).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    messages_page(&state, &ctx, &auth, id, standing, Some(audience), String::new(), StatusCode::OK, None, None).await
}

/// Posts a message from the thread's form: `csrf`, `body`, then an optional `file` to attach.
pub async fn post(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path((id, key)): Path<(i64, String)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let (standing, audience) = match thread_access(&state, &ctx, &auth, id, &key).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let lang = ctx.lang;
    let mut body = String::new();
    let result = async {
        let mut multipart = multipart.map_err(|_| Failure::Bad(StatusCode::BAD_REQUEST, "bad_multipart"))?;
        authorize(&state, &ctx, &auth, Action::FileDocument(audience), Resource::Case(standing))
            .await
            .map_err(|r| Failure::Respond(Box::new(r)))?;
        let mut csrf = String::new();
        let mut attachments = Vec::new();
        while let Some(field) =
            multipart.next_field().await.map_err(|_| Failure::Bad(StatusCode::BAD_REQUEST, "bad_multipart"))?
        {
            match field.name().unwrap_or_default() {
                "csrf" => csrf = text_field(field, 256).await.unwrap_or_default(),
                // A body is at most BODY_MAX characters of up to 4 bytes each.
                "body" => {
                    body = text_field(field, 4 * BODY_MAX + 4)
                        .await
                        .ok_or(Failure::Bad(StatusCode::UNPROCESSABLE_ENTITY, "message_too_long"))?
                }
                "file" => {
                    let file_name = clean_file_name(field.file_name().unwrap_or_default());
                    if file_name.is_empty() {
                        continue;
                    }
                    // Checked before the attachment is filed: a refused message files nothing.
                    check_csrf(&state, &ctx, &auth, CsrfSource::Session, &csrf)
                        .await
                        .map_err(|r| Failure::Respond(Box::new(r)))?;
                    check_body(&body)?;
                    let media_type = clean_media_type(field.content_type());
                    let key =
                        state.store.data_key(&state.master, id).await.map_err(|e| Failure::Internal(e.to_string()))?;
                    let stored = match state.blobs.put(&key, std::pin::pin!(field), MAX_UPLOAD).await {
                        Ok(s) => s,
                        Err(BlobError::Empty) => return Err(Failure::Bad(StatusCode::UNPROCESSABLE_ENTITY, "empty")),
                        Err(BlobError::TooLarge { .. }) => {
                            return Err(Failure::Bad(StatusCode::PAYLOAD_TOO_LARGE, "too_large"));
                        }
                        Err(BlobError::Interrupted(_)) => {
                            return Err(Failure::Bad(StatusCode::BAD_REQUEST, "interrupted"));
                        }
                        Err(e) => return Err(Failure::Internal(e.to_string())),
                    };
                    let meta = MetaDraft {
                        title: file_name.clone(),
                        kind: "correspondence".into(),
                        language: "und".into(),
                        audience: audience.kind().into(),
                        party: audience.side().map(|s| s.as_str().to_owned()).unwrap_or_default(),
                        ..MetaDraft::default()
                    }
                    .check()
                    .map_err(|_| Failure::Internal("attachment metadata".into()))?;
                    let filer = auth.user().map(|u| u.id).unwrap_or(UserId(0));
                    let change = DocumentChange::File {
                        case: id,
                        filer,
                        meta,
                        file_name,
                        media_type,
                        stored: stored.clone(),
                        mails: vec![],
                    };
                    match state.store.document_change(&auth.ledger_actor(), change).await {
                        Ok(a) => attachments.extend(a.created),
                        Err(e) => {
                            let _ = state.blobs.delete(&stored.address).await;
                            return Err(Failure::Internal(e.to_string()));
                        }
                    }
                }
                _ => {}
            }
        }
        check_csrf(&state, &ctx, &auth, CsrfSource::Session, &csrf).await.map_err(|r| Failure::Respond(Box::new(r)))?;
        let text = check_body(&body)?.to_owned();
        send(&state, &auth, id, audience, &text, attachments).await
    }
    .await;
    match result {
        Ok(_) => {
            let notice = state.i18n.message(lang, "message-sent", &[]);
            messages_page(
                &state,
                &ctx,
                &auth,
                id,
                standing,
                Some(audience),
                String::new(),
                StatusCode::OK,
                None,
                Some(notice),
            )
            .await
        }
        Err(Failure::Respond(r)) => *r,
        Err(Failure::Internal(e)) => internal_error(&state, &ctx, &auth, e).await,
        Err(Failure::Bad(status, code)) => {
            let message = error_message(&state, lang, code);
            messages_page(&state, &ctx, &auth, id, standing, Some(audience), body, status, Some(message), None).await
        }
    }
}

fn error_message(state: &AppState, lang: crate::kit::i18n::Lang, code: &str) -> String {
    let key = match code {
        "empty_message" | "message_too_long" | "unknown_attachment" | "unknown_audience" | "case_closed" => {
            format!("message-error-{}", code.replace('_', "-"))
        }
        other => format!("document-error-{}", other.replace('_', "-")),
    };
    let limit = crate::documents::size_text(lang, MAX_UPLOAD);
    state.i18n.message(
        lang,
        &key,
        &[("limit", fluent_bundle::FluentValue::from(limit)), ("count", fluent_bundle::FluentValue::from(BODY_MAX))],
    )
}

// ---------------------------------------------------------------------------------------------
// The API.

/// A message, with who has read it.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageDto {
    pub id: i64,
    pub case: i64,
    /// The thread: `joint`, `caucus:requesting`, `caucus:responding`, `mediators`, `secretariat`,
    /// `side:requesting`, `side:responding`.
    pub audience: String,
    pub author: String,
    pub sent_at: String,
    pub body: String,
    /// Documents filed with it, in the same audience.
    pub attachments: Vec<i64>,
    /// The names of those who have read it.
    pub read_by: Vec<String>,
}

/// A message to send.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMessage {
    /// `joint`, `caucus`, `mediators`, `secretariat` or `side`.
    pub audience: String,
    /// For `caucus` and `side`: `requesting` or `responding`.
    #[serde(default)]
    pub party: String,
    pub body: String,
    /// Documents already filed in this case with the same audience.
    #[serde(default)]
    pub attachments: Vec<i64>,
}

fn dto((m, body): &(MessageRow, String)) -> MessageDto {
    MessageDto {
        id: m.id,
        case: m.case,
        audience: m.audience.key(),
        author: m.author_name.clone(),
        sent_at: m.sent_at.to_string(),
        body: body.clone(),
        attachments: m.attachments.clone(),
        read_by: m.read_by.iter().map(|(_, n)| n.clone()).collect(),
    }
}

/// Every message of the case the caller may see, oldest first; they are marked read by the
/// caller. Threads outside the caller's audiences are not listed or counted.
#[utoipa::path(get, path = "/api/v1/cases/{id}/messages", tag = "messages",
    responses((status = 200, body = [MessageDto]), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn api_list(State(state): State<AppState>, ctx: Ctx, auth: Auth, Path(id): Path<i64>) -> Response {
    let standing = match case_access(&state, &ctx, &auth, id, Action::ReadCase).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    record_read(&state, &auth, id, "api-messages").await;
    let messages = match readable_messages(&state, &auth, id, standing).await {
        Ok(m) => m,
        Err(e) => return crate::cases::api_internal(e),
    };
    let rows: Vec<&MessageRow> = messages.iter().map(|(m, _)| m).collect();
    if let Err(e) = mark_read(&state, &auth, &rows).await {
        return crate::cases::api_internal(e.to_string());
    }
    Json(messages.iter().map(dto).collect::<Vec<_>>()).into_response()
}

/// Sends a message to one audience of the case; everyone else in it gets an e-mail notice
/// without its content.
#[utoipa::path(post, path = "/api/v1/cases/{id}/messages", tag = "messages", request_body = NewMessage,
    responses((status = 201, body = MessageDto), (status = 400, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
pub async fn api_send(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Response {
    if let Err(problem) = crate::cases::write_token(&auth) {
        return problem.into_response();
    }
    let standing = match case_access(&state, &ctx, &auth, id, Action::ReadCase).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let lang = ctx.lang;
    let problem = |status: StatusCode, code: &'static str| {
        let title = state.i18n.message(lang, "message-error-title", &[]);
        Problem::new(status, code, title, error_message(&state, lang, code)).into_response()
    };
    let Ok(request) = serde_json::from_slice::<NewMessage>(&body) else {
        return crate::cases::bad_body("Send a JSON object with audience, party, body and attachments.".into());
    };
    let Ok(audience) = Audience::parse(&request.audience, &request.party) else {
        return problem(StatusCode::UNPROCESSABLE_ENTITY, "unknown_audience");
    };
    if let Err(r) = authorize(&state, &ctx, &auth, Action::FileDocument(audience), Resource::Case(standing)).await {
        return r;
    }
    let text = match check_body(&request.body) {
        Ok(t) => t.to_owned(),
        Err(Failure::Bad(status, code)) => return problem(status, code),
        Err(_) => return crate::cases::api_internal("body check".into()),
    };
    match send(&state, &auth, id, audience, &text, request.attachments).await {
        Ok(message) => match readable_messages(&state, &auth, id, standing).await {
            Ok(all) => match all.iter().find(|(m, _)| m.id == message) {
                Some(found) => (StatusCode::CREATED, Json(dto(found))).into_response(),
                None => crate::cases::api_internal("a sent message vanished".into()),
            },
            Err(e) => crate::cases::api_internal(e),
        },
        Err(Failure::Bad(status, code)) => problem(status, code),
        Err(Failure::Respond(r)) => *r,
        Err(Failure::Internal(e)) => crate::cases::api_internal(e),
    }
}
