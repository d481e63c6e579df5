//! The case file on the web and in the API: filing documents (streamed, encrypted), listing what
//! the reader may see, metadata, and downloads.
//!
//! Every read asks the access policy with the document's audience; outside it a document does
//! not exist, and the answer is the one for a document never filed. The list is filtered before
//! anything is counted. Every view and download is recorded in the ledger.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Json;
use axum::body::Body;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use fluent_bundle::FluentValue;
use iomed_domain::access::{Action, Resource, Standing, UserId, can};
use iomed_domain::documents::{Audience, DocumentType, MetaDraft, MetaGap, TranslatedBy};
use iomed_store::StoreError;
use iomed_store::accounts::OutgoingMail;
use iomed_store::blobs::BlobError;
use iomed_store::documents::{DocumentChange, DocumentRefusal, DocumentRow};
use iomed_store::search::{CaseIndex, Hit, Indexed, extract_text, extractable};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::cases::{case_access, record_read};
use crate::kit::i18n::Lang;
use crate::kit::problem::Problem;
use crate::legacy::auth::{Auth, CsrfSource, authorize, check_csrf};
use crate::legacy::pages::{Page, internal_error, render};
use crate::{AppState, Ctx};

/// The largest document one may file: 2 GiB.
pub const MAX_UPLOAD: u64 = 2 * 1024 * 1024 * 1024;
/// The largest text field or `meta` part of an upload.
const MAX_FIELD: usize = 64 * 1024;

/// Why a filing did not happen.
enum Failure {
    /// An answer already made (access refused, bad form token).
    Respond(Response),
    /// The metadata has gaps; the draft is kept to show again.
    Gaps(MetaDraft, Vec<MetaGap>),
    /// Bad input with a stable code; the message key is `document-error-<code>`.
    Bad(StatusCode, &'static str, MetaDraft),
    Refused(DocumentRefusal, MetaDraft),
    Internal(String),
}

fn bad(status: StatusCode, code: &'static str) -> impl Fn(MetaDraft) -> Failure {
    move |draft| Failure::Bad(status, code, draft)
}

/// A file name fit to show and to send back: no folders, no control characters, not too long.
pub(crate) fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    base.chars().filter(|c| !c.is_control()).take(200).collect::<String>().trim().to_owned()
}

/// A media type as the browser sent it, if it looks like one; otherwise bytes.
pub(crate) fn clean_media_type(given: Option<&str>) -> String {
    match given {
        Some(t)
            if t.len() <= 127
                && t.split_once('/').is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
                && t.chars().all(|c| c.is_ascii_alphanumeric() || "/.+-_; =".contains(c)) =>
        {
            t.to_owned()
        }
        _ => "application/octet-stream".to_owned(),
    }
}

/// A text part of at most `max` bytes, read chunk by chunk: a longer one is refused without
/// being held whole.
pub(crate) async fn text_field(mut field: axum::extract::multipart::Field<'_>, max: usize) -> Option<String> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.ok()? {
        if bytes.len() + chunk.len() > max {
            return None;
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).ok()
}

/// Reads a filing: the metadata first (the API's `meta` part, or the form's fields), then the
/// `file` part, which is checked, authorized and streamed into the blob store before any byte of
/// it is read into memory whole. Nothing is left behind when it fails.
async fn receive(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    case: i64,
    standing: Option<Standing>,
    mut multipart: Multipart,
) -> Result<i64, Failure> {
    let api = auth.is_api();
    let mut draft = MetaDraft::default();
    let mut csrf = String::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Err(bad(StatusCode::BAD_REQUEST, "file_missing")(draft)),
            Err(_) => return Err(bad(StatusCode::BAD_REQUEST, "bad_multipart")(draft)),
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            if !api {
                check_csrf(state, ctx, auth, CsrfSource::Session, &csrf).await.map_err(Failure::Respond)?;
            }
            let meta = match draft.check() {
                Ok(meta) => meta,
                Err(gaps) => return Err(Failure::Gaps(draft, gaps)),
            };
            authorize(state, ctx, auth, Action::FileDocument(meta.audience), Resource::Case(standing))
                .await
                .map_err(Failure::Respond)?;
            let file_name = clean_file_name(field.file_name().unwrap_or_default());
            if file_name.is_empty() {
                return Err(bad(StatusCode::BAD_REQUEST, "file_missing")(draft));
            }
            let media_type = clean_media_type(field.content_type());
            let key = state.store.data_key(&state.master, case).await.map_err(|e| Failure::Internal(e.to_string()))?;
            let stored = match state.blobs.put(&key, std::pin::pin!(field), MAX_UPLOAD).await {
                Ok(stored) => stored,
                Err(BlobError::Empty) => return Err(bad(StatusCode::UNPROCESSABLE_ENTITY, "empty")(draft)),
                Err(BlobError::TooLarge { .. }) => return Err(bad(StatusCode::PAYLOAD_TOO_LARGE, "too_large")(draft)),
                Err(BlobError::Interrupted(_)) => return Err(bad(StatusCode::BAD_REQUEST, "interrupted")(draft)),
                Err(e) => return Err(Failure::Internal(e.to_string())),
            };
            let filer = auth.user().map(|u| u.id).unwrap_or(UserId(0));
            let mails = notices(state, case, filer, meta.audience).await;
            let change =
                DocumentChange::File { case, filer, meta, file_name, media_type, stored: stored.clone(), mails };
            let filed = state.store.document_change(&auth.ledger_actor(), change).await;
            return match filed {
                Ok(appended) => appended.created.ok_or_else(|| Failure::Internal("no document id".into())),
                Err(e) => {
                    if let Err(e) = state.blobs.delete(&stored.address).await {
                        tracing::error!(error = %e, "could not delete the blob of a refused filing");
                    }
                    match e {
                        StoreError::DocumentRefused(r) => Err(Failure::Refused(r, draft)),
                        e => Err(Failure::Internal(e.to_string())),
                    }
                }
            };
        }
        let Some(value) = text_field(field, MAX_FIELD).await else {
            return Err(bad(StatusCode::BAD_REQUEST, "bad_field")(draft));
        };
        let number = |v: &str| v.trim().parse::<i64>().ok();
        match (api, name.as_str()) {
            (true, "meta") => match serde_json::from_str::<MetaDraft>(&value) {
                Ok(meta) => draft = meta,
                Err(_) => return Err(bad(StatusCode::BAD_REQUEST, "bad_meta")(draft)),
            },
            (true, _) => return Err(bad(StatusCode::BAD_REQUEST, "meta_first")(draft)),
            (false, "csrf") => csrf = value,
            (false, "title") => draft.title = value,
            (false, "type") => draft.kind = value,
            (false, "language") => draft.language = value,
            (false, "audience") => {
                let (kind, side) = value.split_once(':').unwrap_or((&value, ""));
                (draft.audience, draft.party) = (kind.to_owned(), side.to_owned());
            }
            (false, "replaces") => draft.replaces = number(&value),
            (false, "translation_of") => draft.translation_of = number(&value),
            (false, "translated_by") => draft.translated_by = value,
            (false, "translation_authentic") => draft.translation_authentic = !value.is_empty(),
            (false, "translation_reviewed") => draft.translation_reviewed = !value.is_empty(),
            (false, _) => {}
        }
    }
}

/// E-mails to everyone on the case in the audience but the filer: a link, no content.
async fn notices(state: &AppState, case: i64, filer: UserId, audience: Audience) -> Vec<OutgoingMail> {
    audience_mails(state, case, filer, audience, "document", "documents").await
}

/// The documents of a case the reader may see, in filing order. Nothing else is counted.
pub(crate) async fn visible(
    state: &AppState,
    auth: &Auth,
    case: i64,
    standing: Option<Standing>,
) -> Result<Vec<DocumentRow>, StoreError> {
    let actor = auth.actor();
    let all = state.store.documents_of(case).await?;
    Ok(all
        .into_iter()
        .filter(|d| can(&actor, Action::ReadDocument(d.audience), Resource::Case(standing)).is_ok())
        .collect())
}

/// One document, if the reader may see it; `None` alike for one that does not exist.
pub(crate) async fn readable(state: &AppState, auth: &Auth, id: i64) -> Result<Option<DocumentRow>, StoreError> {
    let Some(doc) = state.store.document(id).await? else { return Ok(None) };
    let standing = match auth.user() {
        Some(u) => state.store.standing(doc.case, u.id).await?,
        None => None,
    };
    let allowed = can(&auth.actor(), Action::ReadDocument(doc.audience), Resource::Case(standing)).is_ok()
        && can(&auth.actor(), Action::ReadCase, Resource::Case(standing)).is_ok();
    Ok(allowed.then_some(doc))
}

/// Searches the documents given (those the reader may see, and nothing else) for `query`:
/// their titles and the text of their text files and PDFs. The index is built in memory from
/// exactly these documents, so a result, a snippet or a count can only come from them.
async fn search(state: &AppState, case: i64, docs: &[DocumentRow], query: &str) -> Result<Vec<Hit>, String> {
    let ids: Vec<i64> = docs.iter().map(|d| d.id).collect();
    let index = match state.search.get(&ids) {
        Some(index) => index,
        None => {
            let key = state.store.data_key(&state.master, case).await.map_err(|e| e.to_string())?;
            let mut indexed = Vec::with_capacity(docs.len());
            for d in docs {
                let mut text = String::new();
                if extractable(&d.media_type, &d.file_name, d.size) {
                    match read_whole(state, &key, &d.blob).await {
                        Ok(bytes) => {
                            let (media, name) = (d.media_type.clone(), d.file_name.clone());
                            text = tokio::task::spawn_blocking(move || extract_text(&media, &name, &bytes))
                                .await
                                .unwrap_or_default();
                        }
                        Err(e) => {
                            tracing::error!(document = d.id, error = %e, "a document could not be read for the index")
                        }
                    }
                }
                indexed.push(Indexed { id: d.id, title: d.title.clone(), text });
            }
            let built = tokio::task::spawn_blocking(move || CaseIndex::build(&indexed))
                .await
                .map_err(|e| e.to_string())?
                .map_err(|e| e.to_string())?;
            let built = Arc::new(built);
            state.search.put(ids, built.clone());
            built
        }
    };
    let query = query.to_owned();
    tokio::task::spawn_blocking(move || index.search(&query, 200))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())
}

async fn read_whole(state: &AppState, key: &iomed_store::blobs::DataKey, blob: &str) -> Result<Vec<u8>, BlobError> {
    use futures_util::StreamExt as _;
    let mut stream = state.blobs.read(key, blob).await?;
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        bytes.extend_from_slice(&chunk?);
    }
    Ok(bytes)
}

async fn record(
    state: &AppState,
    auth: &Auth,
    doc: &DocumentRow,
    kind: &'static str,
    via: &str,
) -> Result<(), StoreError> {
    let stream = format!("case/{}/access", doc.case);
    let body = json!({"case": doc.case, "document": doc.id, "via": via});
    state.store.record(&auth.ledger_actor(), &stream, kind, body).await.map(|_| ())
}

// ---------------------------------------------------------------------------------------------
// Web pages.

/// A document as the case file page shows it.
pub struct DocItem {
    pub id: i64,
    pub title: String,
    pub kind_label: String,
    pub language: String,
    pub audience_label: String,
    pub audience_key: String,
    pub filed_by: String,
    pub filed_at: String,
    pub file_name: String,
    pub size: String,
    pub replaces: Option<i64>,
    pub replaced_by: Option<i64>,
    pub translation: Option<String>,
    pub shared_from: Option<i64>,
    /// For a search: the text around the match.
    pub snippet: Option<String>,
    /// What the reader may do about sharing it, and where it stands.
    pub share: ShareState,
}

/// A caucus document's sharing, as the reader sees it.
pub enum ShareState {
    None,
    /// The reader (a mediator) may ask its side's permission.
    MayAsk,
    /// Asked, not answered; `answer` is true when the reader may answer it.
    Pending {
        request: i64,
        by: String,
        answer: bool,
    },
    Granted {
        shared_as: Option<i64>,
    },
    Refused,
}

/// An audience the reader may file to, with who is in it, named.
pub struct AudienceChoice {
    pub key: String,
    pub label: String,
    pub who: String,
    pub checked: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    #[serde(default)]
    pub audience: String,
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub language: String,
    /// `requesting`, `responding`, `mediator` or `secretariat`: who filed.
    #[serde(default)]
    pub filer: String,
    /// `date` (default) or `type`.
    #[serde(default)]
    pub view: String,
    /// A document type to preselect in the filing form (links from the case page).
    #[serde(default)]
    pub file_type: String,
    /// Words to search for in titles and in the text of text files and PDFs.
    #[serde(default)]
    pub q: String,
}

#[derive(Template)]
#[template(path = "documents.html")]
struct DocumentsPage<'a> {
    p: Page<'a>,
    case: i64,
    case_title: String,
    documents: Vec<DocItem>,
    total: usize,
    /// For a search: how many of the documents the reader may see match.
    found: Option<usize>,
    filters: Filters,
    audiences: Vec<(String, String)>,
    types: Vec<(String, String)>,
    languages: Vec<String>,
    choices: Vec<AudienceChoice>,
    draft: MetaDraft,
    max_size: String,
    errors: Vec<String>,
    notice: Option<String>,
}

pub(crate) fn audience_label(p: &Page<'_>, audience: Audience) -> String {
    match audience.side() {
        Some(side) => p.ts(&format!("audience-{}", audience.kind()), "side", &p.t(&format!("side-{}", side.as_str()))),
        None => p.t(&format!("audience-{}", audience.kind())),
    }
}

pub(crate) fn size_text(lang: Lang, size: u64) -> String {
    let (value, unit) = match size {
        s if s >= 1 << 30 => (s as f64 / f64::from(1u32 << 30), "GiB"),
        s if s >= 1 << 20 => (s as f64 / f64::from(1u32 << 20), "MiB"),
        s if s >= 1 << 10 => (s as f64 / 1024.0, "KiB"),
        s => return format!("{s} B"),
    };
    let text = format!("{value:.1} {unit}");
    if lang == Lang::Fr { text.replace('.', ",") } else { text }
}

#[allow(clippy::too_many_arguments)]
async fn documents_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    case: i64,
    standing: Option<Standing>,
    filters: Filters,
    draft: MetaDraft,
    status: StatusCode,
    errors: Vec<String>,
    notice: Option<String>,
) -> Response {
    let p = Page::new(state, ctx, auth, "cases").await;
    let (row, docs, participants) = match (
        state.store.case(case).await,
        visible(state, auth, case, standing).await,
        state.store.participants(case).await,
    ) {
        (Ok(Some((row, _, _))), Ok(docs), Ok(people)) => (row, docs, people),
        (Ok(None), _, _) => return crate::legacy::pages::hidden(state, ctx, auth).await,
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            return internal_error(state, ctx, auth, e.to_string()).await;
        }
    };
    record_read(state, auth, case, "documents").await;
    let standing_of: HashMap<UserId, Standing> = participants.iter().map(|p| (p.user, p.standing)).collect();
    let filer_key = |d: &DocumentRow| match standing_of.get(&d.filed_by) {
        Some(Standing::Party(side)) => side.as_str(),
        Some(Standing::Mediator) => "mediator",
        None => "secretariat",
    };
    let requests = match state.store.share_requests_of(case).await {
        Ok(r) => r,
        Err(e) => return internal_error(state, ctx, auth, e.to_string()).await,
    };
    let total = docs.len();
    let mut languages: Vec<String> = docs.iter().map(|d| d.language.clone()).collect();
    languages.sort();
    languages.dedup();
    let hits = match filters.q.trim() {
        "" => None,
        q => match search(state, case, &docs, q).await {
            Ok(hits) => Some(hits),
            Err(e) => return internal_error(state, ctx, auth, e).await,
        },
    };
    let matched: Vec<&DocumentRow> = match &hits {
        Some(hits) => hits.iter().filter_map(|h| docs.iter().find(|d| d.id == h.document)).collect(),
        None => docs.iter().collect(),
    };
    let snippet_of =
        |id: i64| hits.as_ref().and_then(|h| h.iter().find(|h| h.document == id)).map(|h| h.snippet.clone());
    let mut shown: Vec<&DocumentRow> = matched
        .into_iter()
        .filter(|d| filters.audience.is_empty() || d.audience.key() == filters.audience)
        .filter(|d| filters.kind.is_empty() || d.kind.as_str() == filters.kind)
        .filter(|d| filters.language.is_empty() || d.language == filters.language)
        .filter(|d| filters.filer.is_empty() || filer_key(d) == filters.filer)
        .collect();
    if filters.view == "type" {
        shown.sort_by_key(|d| (d.kind, d.id));
    } else if hits.is_none() {
        shown.reverse();
    }
    let found = hits.as_ref().map(|_| shown.len());
    let zone = auth.user().map(|u| u.time_zone.clone()).unwrap_or_else(|| "Asia/Hong_Kong".into());
    let tz = jiff::tz::TimeZone::get(&zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let actor = auth.actor();
    let share_state = |d: &DocumentRow| {
        let may = |action| can(&actor, action, Resource::Case(standing)).is_ok();
        match requests.iter().find(|r| r.document == d.id) {
            None if may(Action::AskToShare(d.audience)) => ShareState::MayAsk,
            None => ShareState::None,
            Some(r) => match r.answer.as_deref() {
                Some("granted") => ShareState::Granted { shared_as: r.shared_as },
                Some(_) => ShareState::Refused,
                None => ShareState::Pending {
                    request: r.id,
                    by: r.requested_by_name.clone(),
                    answer: may(Action::AnswerShare(d.audience)),
                },
            },
        }
    };
    let documents = shown
        .into_iter()
        .map(|d| DocItem {
            snippet: snippet_of(d.id).filter(|s| !s.is_empty()),
            shared_from: d.shared_from,
            share: share_state(d),
            id: d.id,
            title: d.title.clone(),
            kind_label: p.t(&format!("doctype-{}", d.kind.as_str().replace('_', "-"))),
            language: d.language.clone(),
            audience_label: audience_label(&p, d.audience),
            audience_key: d.audience.kind().to_owned(),
            filed_by: d.filed_by_name.clone(),
            filed_at: d.filed_at.to_zoned(tz.clone()).strftime("%Y-%m-%d %H:%M %Z").to_string(),
            file_name: d.file_name.clone(),
            size: size_text(ctx.lang, d.size),
            replaces: d.replaces,
            replaced_by: d.replaced_by,
            translation: d.translation.map(|t| {
                let key = match (t.by, t.reviewed) {
                    (TranslatedBy::Human, _) => "translation-human",
                    (TranslatedBy::Machine, true) => "translation-machine-reviewed",
                    (TranslatedBy::Machine, false) => "translation-machine",
                };
                let mut text = p.ts(key, "document", &t.of.to_string());
                if t.authentic {
                    text = format!("{text} · {}", p.t("translation-authentic"));
                }
                text
            }),
        })
        .collect();
    let chosen =
        if draft.party.is_empty() { draft.audience.clone() } else { format!("{}:{}", draft.audience, draft.party) };
    let choices = Audience::ALL
        .into_iter()
        .filter(|a| can(&actor, Action::FileDocument(*a), Resource::Case(standing)).is_ok())
        .map(|a| {
            let mut who: Vec<String> =
                participants.iter().filter(|x| a.admits(Some(x.standing), false)).map(|x| x.name.clone()).collect();
            if a.admits(None, true) {
                who.push(p.t("audience-who-secretariat"));
            }
            if who.is_empty() {
                who.push(p.t("audience-who-nobody-yet"));
            }
            AudienceChoice {
                key: a.key(),
                label: audience_label(&p, a),
                who: who.join(", "),
                checked: a.key() == chosen,
            }
        })
        .collect();
    let audiences = Audience::ALL.into_iter().map(|a| (a.key(), audience_label(&p, a))).collect();
    let types = DocumentType::ALL
        .into_iter()
        .map(|t| (t.as_str().to_owned(), p.t(&format!("doctype-{}", t.as_str().replace('_', "-")))))
        .collect();
    let page = DocumentsPage {
        max_size: size_text(ctx.lang, MAX_UPLOAD),
        p,
        case,
        case_title: {
            let title = crate::kit::views::case_title(&state.i18n, ctx.lang, &row.title);
            row.number.clone().map(|n| format!("{n} · {title}")).unwrap_or(title)
        },
        documents,
        total,
        found,
        filters,
        audiences,
        types,
        languages,
        choices,
        draft,
        errors,
        notice,
    };
    render(ctx, status, &page)
}

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Query(filters): Query<Filters>,
) -> Response {
    let standing = match case_access(&state, &ctx, &auth, id, Action::ReadCase).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    // A link for a request's annex preselects its type, in the joint file.
    let draft = match DocumentType::parse(&filters.file_type) {
        Some(kind) => MetaDraft { kind: kind.as_str().into(), audience: "joint".into(), ..MetaDraft::default() },
        None => MetaDraft::default(),
    };
    documents_page(&state, &ctx, &auth, id, standing, filters, draft, StatusCode::OK, vec![], None).await
}

fn gap_text(state: &AppState, lang: Lang, gap: &MetaGap) -> String {
    let field = state.i18n.message(lang, &format!("document-field-{}", gap.field.replace('_', "-")), &[]);
    state.i18n.message(lang, &format!("gap-{}", gap.code), &[("field", FluentValue::from(field))])
}

pub async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let standing = match case_access(&state, &ctx, &auth, id, Action::ReadCase).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let lang = ctx.lang;
    let again = |draft, status, errors: Vec<String>| {
        documents_page(&state, &ctx, &auth, id, standing, Filters::default(), draft, status, errors, None)
    };
    let Ok(multipart) = multipart else {
        let message = state.i18n.message(lang, "document-error-bad-multipart", &[]);
        return again(MetaDraft::default(), StatusCode::BAD_REQUEST, vec![message]).await;
    };
    match receive(&state, &ctx, &auth, id, standing, multipart).await {
        Ok(doc) => {
            let notice = state.i18n.message(lang, "document-filed", &[("document", FluentValue::from(doc))]);
            let filters = Filters::default();
            documents_page(
                &state,
                &ctx,
                &auth,
                id,
                standing,
                filters,
                MetaDraft::default(),
                StatusCode::OK,
                vec![],
                Some(notice),
            )
            .await
        }
        Err(Failure::Respond(r)) => r,
        Err(Failure::Gaps(draft, gaps)) => {
            let mut errors: Vec<String> = gaps.iter().map(|g| gap_text(&state, lang, g)).collect();
            errors.push(state.i18n.message(lang, "document-choose-file-again", &[]));
            again(draft, StatusCode::UNPROCESSABLE_ENTITY, errors).await
        }
        Err(Failure::Bad(status, code, draft)) => {
            let message = state.i18n.message(
                lang,
                &format!("document-error-{}", code.replace('_', "-")),
                &[("limit", FluentValue::from(size_text(lang, MAX_UPLOAD)))],
            );
            again(draft, status, vec![message]).await
        }
        Err(Failure::Refused(r, draft)) => {
            let message = state.i18n.message(lang, &format!("document-refused-{}", r.code().replace('_', "-")), &[]);
            again(draft, StatusCode::CONFLICT, vec![message]).await
        }
        Err(Failure::Internal(e)) => internal_error(&state, &ctx, &auth, e).await,
    }
}

/// Streams a document's content, decrypted, after its integrity check; records the download.
#[utoipa::path(get, path = "/api/v1/documents/{id}/content", tag = "documents",
    responses((status = 200, description = "The content as filed", content_type = "application/octet-stream"),
        (status = 404, body = Problem), (status = 500, body = Problem, description = "`blob_corrupt`: the stored bytes failed their integrity check and were not served")),
    security(("bearer" = [])))]
pub async fn download(State(state): State<AppState>, ctx: Ctx, auth: Auth, Path(id): Path<i64>) -> Response {
    if let Err(r) = signed_in(&state, &ctx, &auth).await {
        return r;
    }
    let doc = match readable(&state, &auth, id).await {
        Ok(Some(doc)) => doc,
        Ok(None) => return crate::legacy::pages::hidden(&state, &ctx, &auth).await,
        Err(e) => return failed(&state, &ctx, &auth, e.to_string()).await,
    };
    let via = if auth.is_api() { "api" } else { "web" };
    let opened = async {
        let key = state.store.data_key(&state.master, doc.case).await.map_err(|e| e.to_string())?;
        Ok::<_, String>(state.blobs.read(&key, &doc.blob).await)
    };
    let stream = match opened.await {
        Ok(Ok(stream)) => stream,
        Ok(Err(BlobError::Corrupt { .. } | BlobError::NotFound(_))) => {
            tracing::error!(document = doc.id, "a document failed its integrity check; not served");
            let _ = record(&state, &auth, &doc, "document.integrity_failed", via).await;
            return corrupt(&state, &ctx, &auth).await;
        }
        Ok(Err(e)) => return failed(&state, &ctx, &auth, e.to_string()).await,
        Err(e) => return failed(&state, &ctx, &auth, e).await,
    };
    if let Err(e) = record(&state, &auth, &doc, "document.downloaded", via).await {
        return failed(&state, &ctx, &auth, e.to_string()).await;
    }
    let mut response = Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    let encoded: String =
        form_urlencoded::byte_serialize(doc.file_name.as_bytes()).collect::<String>().replace('+', "%20");
    let disposition = format!("attachment; filename=\"document-{}\"; filename*=UTF-8''{encoded}", doc.id);
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&doc.media_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(doc.size));
    // Served as stored: not compressed again, and never cached by anyone in between.
    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("identity"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

async fn corrupt(state: &AppState, ctx: &Ctx, auth: &Auth) -> Response {
    let message = state.i18n.message(ctx.lang, "document-corrupt-body", &[]);
    if auth.is_api() {
        let title = state.i18n.message(ctx.lang, "document-corrupt-title", &[]);
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "blob_corrupt", title, message).into_response()
    } else {
        crate::legacy::pages::error_page(
            state,
            ctx,
            auth,
            StatusCode::INTERNAL_SERVER_ERROR,
            "document-corrupt-title",
            message,
        )
        .await
    }
}

pub(crate) async fn failed(state: &AppState, ctx: &Ctx, auth: &Auth, error: String) -> Response {
    if auth.is_api() { crate::cases::api_internal(error) } else { internal_error(state, ctx, auth, error).await }
}

// ---------------------------------------------------------------------------------------------
// The API.

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
    pub id: i64,
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

fn dto(doc: &DocumentRow) -> DocumentDto {
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
        content: format!("/api/v1/documents/{}/content", doc.id),
    }
}

/// The documents of a case the caller may see, oldest first. Documents outside the caller's
/// audiences are not listed, counted or hinted at.
///
/// With `q`, only the documents whose title or text (text files and PDFs) match every word, best
/// first; the search runs over the caller's documents only.
#[utoipa::path(get, path = "/api/v1/cases/{id}/documents", tag = "documents",
    params(("q" = Option<String>, Query, description = "Words to search for")),
    responses((status = 200, body = [DocumentDto]), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn api_list(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Query(filters): Query<Filters>,
) -> Response {
    let standing = match case_access(&state, &ctx, &auth, id, Action::ReadCase).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    record_read(&state, &auth, id, if filters.q.is_empty() { "api-documents" } else { "api-search" }).await;
    let docs = match visible(&state, &auth, id, standing).await {
        Ok(docs) => docs,
        Err(e) => return crate::cases::api_internal(e.to_string()),
    };
    if filters.q.trim().is_empty() {
        return Json(docs.iter().map(dto).collect::<Vec<_>>()).into_response();
    }
    match search(&state, id, &docs, filters.q.trim()).await {
        Ok(hits) => {
            let found: Vec<DocumentDto> =
                hits.iter().filter_map(|h| docs.iter().find(|d| d.id == h.document)).map(dto).collect();
            Json(found).into_response()
        }
        Err(e) => crate::cases::api_internal(e),
    }
}

/// One document's metadata; the view is recorded.
#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "documents",
    responses((status = 200, body = DocumentDto), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn api_show(State(state): State<AppState>, ctx: Ctx, auth: Auth, Path(id): Path<i64>) -> Response {
    if let Err(r) = signed_in(&state, &ctx, &auth).await {
        return r;
    }
    match readable(&state, &auth, id).await {
        Ok(Some(doc)) => match record(&state, &auth, &doc, "document.viewed", "api").await {
            Ok(()) => Json(dto(&doc)).into_response(),
            Err(e) => crate::cases::api_internal(e.to_string()),
        },
        Ok(None) => crate::kit::error::WebError::NotFound.into_response(),
        Err(e) => crate::cases::api_internal(e.to_string()),
    }
}

/// The parts of a filing, in this order.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// JSON: `title`, `type`, `language` (BCP 47), `audience` (`joint`, `caucus`, `mediators`,
    /// `secretariat`, `side`), `party` (`requesting` or `responding`, for `caucus` and `side`),
    /// and optionally `replaces` (the document this is a new version of), `translation_of`,
    /// `translated_by` (`human` or `machine`), `translation_authentic`, `translation_reviewed`.
    #[schema(value_type = Object)]
    meta: String,
    /// The content, up to 2 GiB, streamed.
    #[schema(value_type = String, format = Binary)]
    file: String,
}

/// Files a document: a `meta` part, then a `file` part, streamed and encrypted at rest. The
/// audience must be one the caller is in. A refused or failed filing leaves nothing behind.
#[utoipa::path(post, path = "/api/v1/cases/{id}/documents", tag = "documents",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = DocumentDto), (status = 400, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
pub async fn api_upload(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    multipart: Result<Multipart, MultipartRejection>,
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
        let title = state.i18n.message(lang, "document-error-title", &[]);
        let key = format!("document-error-{}", code.replace('_', "-"));
        let detail = state.i18n.message(lang, &key, &[("limit", FluentValue::from(size_text(lang, MAX_UPLOAD)))]);
        Problem::new(status, code, title, detail).into_response()
    };
    let Ok(multipart) = multipart else { return problem(StatusCode::BAD_REQUEST, "bad_multipart") };
    match receive(&state, &ctx, &auth, id, standing, multipart).await {
        Ok(doc) => match state.store.document(doc).await {
            Ok(Some(row)) => (StatusCode::CREATED, Json(dto(&row))).into_response(),
            Ok(None) => crate::cases::api_internal("a filed document vanished".into()),
            Err(e) => crate::cases::api_internal(e.to_string()),
        },
        Err(Failure::Respond(r)) => r,
        Err(Failure::Gaps(_, gaps)) => {
            let title = state.i18n.message(lang, "document-error-title", &[]);
            let detail = gaps.iter().map(|g| gap_text(&state, lang, g)).collect::<Vec<_>>().join(" ");
            let gaps: Vec<_> = gaps.iter().map(|g| json!({"field": g.field, "code": g.code})).collect();
            let mut body =
                serde_json::to_value(Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "incomplete", title, detail))
                    .unwrap_or_default();
            if let Some(map) = body.as_object_mut() {
                map.insert("gaps".into(), json!(gaps));
            }
            let mut response = (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
            response
        }
        Err(Failure::Bad(status, code, _)) => problem(status, code),
        Err(Failure::Refused(r, _)) => {
            let title = state.i18n.message(lang, "document-error-title", &[]);
            let detail = state.i18n.message(lang, &format!("document-refused-{}", r.code().replace('_', "-")), &[]);
            let status = if r == DocumentRefusal::NoSuchCase { StatusCode::NOT_FOUND } else { StatusCode::CONFLICT };
            Problem::new(status, r.code(), title, detail).into_response()
        }
        Err(Failure::Internal(e)) => crate::cases::api_internal(e),
    }
}

// ---------------------------------------------------------------------------------------------
// Permission to share a caucus document.

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

fn share_dto(r: &iomed_store::documents::ShareRequestRow) -> ShareRequestDto {
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
    pub answer: String,
}

enum ShareFailure {
    Respond(Response),
    Refused(DocumentRefusal),
    Internal(String),
}

/// Mails to the people on the case in `to` but the one acting: the subject and body of
/// `mail-{key}-…`, with a link to the case file and no case content.
pub(crate) async fn audience_mails(
    state: &AppState,
    case: i64,
    actor: UserId,
    to: Audience,
    key: &str,
    page: &str,
) -> Vec<OutgoingMail> {
    let link = match page {
        "" => format!("{}/cases/{case}", state.public_url),
        page => format!("{}/cases/{case}/{page}", state.public_url),
    };
    let participants = state.store.participants(case).await.unwrap_or_default();
    participants
        .iter()
        .filter(|p| p.user != actor && to.admits(Some(p.standing), false))
        .map(|p| {
            let lang = Lang::parse(&p.language).unwrap_or(Lang::En);
            OutgoingMail {
                to: p.email.clone(),
                subject: state.i18n.message(lang, &format!("mail-{key}-subject"), &[]),
                body: state.i18n.message(
                    lang,
                    &format!("mail-{key}-body"),
                    &[("link", FluentValue::from(link.clone()))],
                ),
            }
        })
        .collect()
}

/// Whoever is not signed in is asked to, before anything else is looked at.
pub(crate) async fn signed_in(state: &AppState, ctx: &Ctx, auth: &Auth) -> Result<(), Response> {
    authorize(state, ctx, auth, Action::ReadAccount, Resource::OwnAccount).await
}

async fn ask_to_share(state: &AppState, ctx: &Ctx, auth: &Auth, document: i64) -> Result<(i64, i64), ShareFailure> {
    signed_in(state, ctx, auth).await.map_err(ShareFailure::Respond)?;
    let doc = match readable(state, auth, document).await {
        Ok(Some(doc)) => doc,
        Ok(None) => return Err(ShareFailure::Respond(crate::legacy::pages::hidden(state, ctx, auth).await)),
        Err(e) => return Err(ShareFailure::Internal(e.to_string())),
    };
    let standing = match auth.user() {
        Some(u) => state.store.standing(doc.case, u.id).await.map_err(|e| ShareFailure::Internal(e.to_string()))?,
        None => None,
    };
    authorize(state, ctx, auth, Action::AskToShare(doc.audience), Resource::Case(standing))
        .await
        .map_err(ShareFailure::Respond)?;
    let mediator = auth.user().map(|u| u.id).unwrap_or(UserId(0));
    let Some(side) = doc.audience.side() else { return Err(ShareFailure::Refused(DocumentRefusal::NotShareable)) };
    let mails = audience_mails(state, doc.case, mediator, Audience::Side(side), "share-asked", "documents").await;
    let change = DocumentChange::AskToShare { document, mediator, mails };
    match state.store.document_change(&auth.ledger_actor(), change).await {
        Ok(_) => {}
        Err(StoreError::DocumentRefused(r)) => return Err(ShareFailure::Refused(r)),
        Err(e) => return Err(ShareFailure::Internal(e.to_string())),
    }
    let requests = state.store.share_requests_of(doc.case).await.map_err(|e| ShareFailure::Internal(e.to_string()))?;
    let id = requests.iter().find(|r| r.document == document).map(|r| r.id).unwrap_or_default();
    Ok((doc.case, id))
}

async fn answer_share(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    request: i64,
    grant: bool,
) -> Result<(i64, i64), ShareFailure> {
    signed_in(state, ctx, auth).await.map_err(ShareFailure::Respond)?;
    let found = state.store.share_request(request).await.map_err(|e| ShareFailure::Internal(e.to_string()))?;
    // The request is as visible as its document.
    let visible = match &found {
        Some(r) => {
            readable(state, auth, r.document).await.map_err(|e| ShareFailure::Internal(e.to_string()))?.is_some()
        }
        None => false,
    };
    let Some(found) = found.filter(|_| visible) else {
        return Err(ShareFailure::Respond(crate::legacy::pages::hidden(state, ctx, auth).await));
    };
    let standing = match auth.user() {
        Some(u) => state.store.standing(found.case, u.id).await.map_err(|e| ShareFailure::Internal(e.to_string()))?,
        None => None,
    };
    authorize(state, ctx, auth, Action::AnswerShare(found.audience), Resource::Case(standing))
        .await
        .map_err(ShareFailure::Respond)?;
    let by = auth.user().map(|u| u.id).unwrap_or(UserId(0));
    let (to, key) = if grant { (Audience::Joint, "share-granted") } else { (Audience::Mediators, "share-refused") };
    let mails = audience_mails(state, found.case, by, to, key, "documents").await;
    match state
        .store
        .document_change(&auth.ledger_actor(), DocumentChange::AnswerShare { request, by, grant, mails })
        .await
    {
        Ok(_) => Ok((found.case, request)),
        Err(StoreError::DocumentRefused(r)) => Err(ShareFailure::Refused(r)),
        Err(e) => Err(ShareFailure::Internal(e.to_string())),
    }
}

async fn share_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    result: Result<(i64, i64), ShareFailure>,
    done: &str,
) -> Response {
    let lang = ctx.lang;
    let (case, notice, error) = match result {
        Ok((case, _)) => (case, Some(state.i18n.message(lang, done, &[])), vec![]),
        Err(ShareFailure::Respond(r)) => return r,
        Err(ShareFailure::Internal(e)) => return internal_error(state, ctx, auth, e).await,
        Err(ShareFailure::Refused(r)) => {
            let message = state.i18n.message(lang, &format!("document-refused-{}", r.code().replace('_', "-")), &[]);
            return crate::legacy::pages::error_page(
                state,
                ctx,
                auth,
                StatusCode::CONFLICT,
                "document-error-title",
                message,
            )
            .await;
        }
    };
    let standing = match auth.user() {
        Some(u) => state.store.standing(case, u.id).await.ok().flatten(),
        None => None,
    };
    documents_page(
        state,
        ctx,
        auth,
        case,
        standing,
        Filters::default(),
        MetaDraft::default(),
        StatusCode::OK,
        error,
        notice,
    )
    .await
}

pub async fn ask_form(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    axum::Form(fields): axum::Form<crate::legacy::Fields>,
) -> Response {
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, crate::legacy::field(&fields, "csrf")).await {
        return r;
    }
    let result = ask_to_share(&state, &ctx, &auth, id).await;
    share_page(&state, &ctx, &auth, result, "share-asked-done").await
}

pub async fn answer_form(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    axum::Form(fields): axum::Form<crate::legacy::Fields>,
) -> Response {
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, crate::legacy::field(&fields, "csrf")).await {
        return r;
    }
    let grant = crate::legacy::field(&fields, "answer") == "grant";
    let result = answer_share(&state, &ctx, &auth, id, grant).await;
    share_page(&state, &ctx, &auth, result, if grant { "share-granted-done" } else { "share-refused-done" }).await
}

async fn share_api(
    state: &AppState,
    ctx: &Ctx,
    result: Result<(i64, i64), ShareFailure>,
    status: StatusCode,
) -> Response {
    match result {
        Ok((_, id)) => match state.store.share_request(id).await {
            Ok(Some(r)) => (status, Json(share_dto(&r))).into_response(),
            Ok(None) => crate::cases::api_internal("a request for permission vanished".into()),
            Err(e) => crate::cases::api_internal(e.to_string()),
        },
        Err(ShareFailure::Respond(r)) => r,
        Err(ShareFailure::Internal(e)) => crate::cases::api_internal(e),
        Err(ShareFailure::Refused(r)) => {
            let title = state.i18n.message(ctx.lang, "document-error-title", &[]);
            let detail = state.i18n.message(ctx.lang, &format!("document-refused-{}", r.code().replace('_', "-")), &[]);
            Problem::new(StatusCode::CONFLICT, r.code(), title, detail).into_response()
        }
    }
}

/// A mediator asks the side whose caucus document it is for permission to pass it to everyone.
#[utoipa::path(post, path = "/api/v1/documents/{id}/share-requests", tag = "documents",
    responses((status = 201, body = ShareRequestDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])))]
pub async fn api_ask(State(state): State<AppState>, ctx: Ctx, auth: Auth, Path(id): Path<i64>) -> Response {
    if let Err(problem) = crate::cases::write_token(&auth) {
        return problem.into_response();
    }
    let result = ask_to_share(&state, &ctx, &auth, id).await;
    share_api(&state, &ctx, result, StatusCode::CREATED).await
}

/// The side answers a request for permission; a grant files the same content as a joint
/// document that names the original.
#[utoipa::path(post, path = "/api/v1/share-requests/{id}", tag = "documents", request_body = ShareAnswer,
    responses((status = 200, body = ShareRequestDto), (status = 400, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])))]
pub async fn api_answer(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Response {
    if let Err(problem) = crate::cases::write_token(&auth) {
        return problem.into_response();
    }
    if let Err(r) = signed_in(&state, &ctx, &auth).await {
        return r;
    }
    let grant = match serde_json::from_slice::<ShareAnswer>(&body) {
        Ok(a) if a.answer == "grant" => true,
        Ok(a) if a.answer == "refuse" => false,
        _ => {
            return crate::cases::bad_body("Send {\"answer\": \"grant\"} or {\"answer\": \"refuse\"}.".into());
        }
    };
    let result = answer_share(&state, &ctx, &auth, id, grant).await;
    share_api(&state, &ctx, result, StatusCode::OK).await
}
