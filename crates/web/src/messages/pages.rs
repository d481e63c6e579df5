//! The threads of a case, a thread (reading it marks its messages read), and writing to it with
//! an optional attachment.

use askama::Template;
use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::StatusCode;
use axum::response::Response;
use iomed_domain::access::{Action, Resource, Standing, can};
use iomed_domain::documents::{Audience, MetaDraft, clean_file_name};
use iomed_store::messages::{MessageRow, NewAttachment, message_context};
use iomed_store::paging::Seek;
use std::collections::HashMap;

use crate::kit::access::{case_standing, record_read};
use crate::kit::auth::{Auth, CsrfSource, authorize, check_csrf};
use crate::kit::context::Ctx;
use crate::kit::error::{Msg, WebError};
use crate::kit::field_errors::FieldErrors;
use crate::kit::files::{MAX_UPLOAD, bad_message, clean_media_type, file_status, store_file, text_field};
use crate::kit::forms::{Path, Query};
use crate::kit::paging::{DEFAULT_LIMIT, PageParams, Pager, link_query};
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;
use crate::kit::views::document_ref;
use crate::messages::{BODY_MAX, check_body, mark_read, send};

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
    /// Each attachment: its id and its reference ("Joint no. 3").
    pub attachments: Vec<(i64, String)>,
    pub read_by: String,
    pub mine: bool,
}

#[derive(Template)]
#[template(path = "messages.html")]
struct MessagesPage<'a> {
    p: Page<'a>,
    id: i64,
    tab: &'static str,
    case_title: String,
    threads: Vec<ThreadItem>,
    /// The reader's side was invited and has not consented: it has no thread yet.
    invited: bool,
    /// The open thread: its key, label and who is in it.
    thread: Option<(String, String, String)>,
    messages: Vec<MessageItem>,
    pager: ThreadPager,
    may_post: bool,
    draft: String,
    max_size: String,
    /// The errors of the form (`body`, `file`) or of the page (a cursor), in a summary at the top.
    errors: FieldErrors,
}

/// Where a page of a thread goes on from: a message's place in the case's messages.
type MessageKey = i64;

/// A thread's pages: the newest first, each shown oldest at the top, with links to the earlier
/// and the later messages.
pub struct ThreadPager {
    pub earlier: Option<String>,
    pub later: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn messages_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    case: i64,
    standing: Option<Standing>,
    open: Option<Audience>,
    page: PageParams,
    draft: String,
    status: StatusCode,
    mut errors: FieldErrors,
) -> Result<Response, WebError> {
    let p = Page::new(state, ctx, auth, "cases").await;
    let row = state.store.case_row(case).await?.ok_or(WebError::NotFound)?;
    let participants = state.store.participants(case).await?;
    record_read(state, auth, case, "messages", serde_json::json!({})).await;
    let actor = auth.actor();
    let me = auth.user().map(|u| u.id);
    // Counted in the database for the audiences the policy lets the reader see: nothing else.
    let counts = match me {
        Some(me) => state.store.thread_counts(case, me).await?,
        None => Vec::new(),
    };
    let threads = Audience::ALL
        .into_iter()
        .filter(|a| can(&actor, Action::ReadMessages(*a), Resource::Case(standing)).is_ok())
        .map(|a| {
            let (count, unread) = counts.iter().find(|(b, _, _)| *b == a).map(|(_, n, u)| (*n, *u)).unwrap_or((0, 0));
            let count = usize::try_from(count).unwrap_or(0);
            let unread = usize::try_from(unread).unwrap_or(0);
            ThreadItem { key: a.key(), label: p.audience(a), count, unread }
        })
        .collect();
    let tz = jiff::tz::TimeZone::get(&auth.time_zone()).unwrap_or(jiff::tz::TimeZone::UTC);
    let mut pager = ThreadPager { earlier: None, later: None };
    let (thread, items, may_post) = match open {
        Some(a) => {
            let list = format!("messages|{case}|{}", a.key());
            let seek = match page.seek::<MessageKey>(&state.cursors, &list) {
                Ok(seek) => seek,
                Err(e) => {
                    errors.0.push((String::new(), e.texts().1.render(&state.i18n, ctx.lang)));
                    Seek::first(DEFAULT_LIMIT)
                }
            };
            let slice = state.store.thread_page(case, a, &seek).await?;
            let path = format!("/cases/{case}/messages/{}", a.key());
            let query = link_query(&[], page.limit.as_deref().filter(|_| errors.is_empty()));
            let links = Pager::of(&state.cursors, &list, &path, &query, &slice)?;
            // Newest first: what comes after in the list is earlier in time.
            pager = ThreadPager { earlier: links.next, later: links.previous };
            let key = state.store.data_key(&state.master, case).await?;
            let context = message_context(case, a);
            let mut shown = Vec::with_capacity(slice.items.len());
            for m in slice.items.into_iter().rev() {
                let body = key.open(&context, &m.sealed)?;
                shown.push((m, String::from_utf8_lossy(&body).into_owned()));
            }
            // Attachments are documents of the thread's audience: the reader may see them all.
            let mut references = HashMap::new();
            for id in shown.iter().flat_map(|(m, _)| m.attachments.iter()) {
                if let Some(doc) = state.store.document(*id).await?.filter(|d| d.case == case && d.audience == a) {
                    references.insert(*id, document_ref(&state.i18n, ctx.lang, doc.audience, doc.number));
                }
            }
            let rows: Vec<&MessageRow> = shown.iter().map(|(m, _)| m).collect();
            mark_read(state, auth, &rows).await?;
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
                    attachments: m
                        .attachments
                        .iter()
                        .filter_map(|id| references.get(id).map(|r| (*id, r.clone())))
                        .collect(),
                    read_by: m.read_by.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join(", "),
                    mine: Some(m.author) == me,
                })
                .collect();
            let may_post = can(&actor, Action::FileDocument(a), Resource::Case(standing)).is_ok();
            (Some((a.key(), p.audience(a), who.join(", "))), items, may_post)
        }
        None => (None, Vec::new(), false),
    };
    let title = crate::kit::views::case_title(&state.i18n, ctx.lang, &row.title);
    let page = MessagesPage {
        max_size: crate::kit::views::size_text(ctx.lang, MAX_UPLOAD),
        p,
        id: case,
        tab: "messages",
        case_title: crate::kit::views::numbered(row.number.as_deref(), title),
        threads,
        invited: standing == Some(Standing::Invited),
        thread,
        messages: items,
        pager,
        may_post,
        draft,
        errors,
    };
    render(ctx, status, &page)
}

pub async fn threads(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let standing = case_standing(&state, &auth, id, Action::ReadCase).await?;
    messages_page(
        &state,
        &ctx,
        &auth,
        id,
        standing,
        None,
        PageParams::default(),
        String::new(),
        StatusCode::OK,
        FieldErrors::default(),
    )
    .await
}

/// The thread named by `key`, if the reader is in its audience; otherwise the not-found answer.
async fn thread_access(
    state: &AppState,
    auth: &Auth,
    id: i64,
    key: &str,
) -> Result<(Option<Standing>, Audience), WebError> {
    let standing = case_standing(state, auth, id, Action::ReadCase).await?;
    let audience = Audience::from_key(key).map_err(|_| WebError::NotFound)?;
    authorize(state, auth, Action::ReadMessages(audience), Resource::Case(standing)).await?;
    Ok((standing, audience))
}

pub async fn thread(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path((id, key)): Path<(i64, String)>,
    Query(page): Query<PageParams>,
) -> Result<Response, WebError> {
    let (standing, audience) = thread_access(&state, &auth, id, &key).await?;
    messages_page(
        &state,
        &ctx,
        &auth,
        id,
        standing,
        Some(audience),
        page,
        String::new(),
        StatusCode::OK,
        FieldErrors::default(),
    )
    .await
}

/// What went wrong with a message written on the web, to show with the form again.
enum Problem {
    Web(WebError),
    Bad(StatusCode, Msg),
}

impl From<WebError> for Problem {
    fn from(e: WebError) -> Problem {
        match e {
            WebError::Refused { status, message, .. } => Problem::Bad(status, message),
            other => Problem::Web(other),
        }
    }
}

/// Posts a message from the thread's form: `csrf`, `body`, then an optional `file` to attach.
/// The file is stored as it streams in, and filed with the message in one write: a message
/// refused files nothing, and its file's blob is removed.
pub async fn post(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path((id, key)): Path<(i64, String)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let (standing, audience) = thread_access(&state, &auth, id, &key).await?;
    let lang = ctx.lang;
    let mut body = String::new();
    let result = async {
        let bad_multipart = || Problem::Bad(StatusCode::BAD_REQUEST, bad_message("bad_multipart", lang));
        let mut multipart = multipart.map_err(|_| bad_multipart())?;
        authorize(&state, &auth, Action::FileDocument(audience), Resource::Case(standing)).await?;
        let mut csrf = String::new();
        let mut files: Vec<NewAttachment> = Vec::new();
        let outcome = async {
            while let Some(field) = multipart.next_field().await.map_err(|_| bad_multipart())? {
                match field.name().unwrap_or_default() {
                    "csrf" => csrf = text_field(field, 256).await.unwrap_or_default(),
                    // A body is at most BODY_MAX characters of up to 4 bytes each.
                    "body" => {
                        body = text_field(field, 4 * BODY_MAX + 4).await.ok_or_else(|| {
                            Problem::Bad(
                                StatusCode::UNPROCESSABLE_ENTITY,
                                Msg::new("message-error-message-too-long").number("count", BODY_MAX as i64),
                            )
                        })?
                    }
                    "file" => {
                        let file_name = clean_file_name(field.file_name().unwrap_or_default());
                        if file_name.is_empty() {
                            continue;
                        }
                        // Nothing is stored for a form that will be refused anyway.
                        check_csrf(&auth, CsrfSource::Session, &csrf)?;
                        check_body(&body)?;
                        let media_type = clean_media_type(field.content_type());
                        let stored = match store_file(&state, id, field).await {
                            Ok(s) => s,
                            Err(Ok(code)) => return Err(Problem::Bad(file_status(code), bad_message(code, lang))),
                            Err(Err(e)) => return Err(e.into()),
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
                        .map_err(|_| Problem::Web(WebError::fault("an attachment's metadata does not check")))?;
                        files.push(NewAttachment { meta, file_name, media_type, stored });
                    }
                    _ => {}
                }
            }
            check_csrf(&auth, CsrfSource::Session, &csrf)?;
            Ok::<String, Problem>(check_body(&body)?.to_owned())
        }
        .await;
        match outcome {
            Ok(text) => Ok(send(&state, &auth, id, audience, &text, Vec::new(), files).await?),
            Err(problem) => {
                // What was stored for a refused message goes.
                for f in &files {
                    if let Err(e) = state.blobs.delete(&f.stored.address).await {
                        tracing::error!(error = %e, "could not delete the blob of a refused attachment");
                    }
                }
                Err(problem)
            }
        }
    }
    .await;
    match result {
        Ok(_) => Ok(ctx.redirect_with(&format!("/cases/{id}/messages/{key}"), "message-sent")),
        Err(Problem::Web(e)) => Err(e),
        Err(Problem::Bad(status, message)) => {
            // A refusal of the text is the text's, one of the file (its size, its type) the file's;
            // any other (a form that is no form, a closed case) the form's.
            let field = match message.key.as_str() {
                key if key.starts_with("message-error-") && key != "message-error-case-closed" => "body",
                "document-error-bad-multipart" => "",
                key if key.starts_with("document-error-") => "file",
                _ => "",
            };
            let errors = FieldErrors::one(field, message.render(&state.i18n, lang));
            messages_page(
                &state,
                &ctx,
                &auth,
                id,
                standing,
                Some(audience),
                PageParams::default(),
                body,
                status,
                errors,
            )
            .await
        }
    }
}
