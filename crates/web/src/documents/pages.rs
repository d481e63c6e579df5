//! The case file page: what the reader may see, by date or by type, filtered and searched; the
//! form to file a document, with the people each audience reaches named; and filing from it.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::StatusCode;
use axum::response::Response;
use iomed_domain::access::{Action, Resource, Standing, UserId, can};
use iomed_domain::documents::{Audience, DocumentType, MetaDraft, TranslatedBy};
use iomed_store::documents::DocumentRow;
use iomed_store::paging::{Seek, Slice};
use serde::Deserialize;

use crate::documents::search::{search, snippets};
use crate::documents::upload::{Failure, audiences_for, receive};
use crate::kit::access::{case_standing, record_read, visible_documents};
use crate::kit::auth::Auth;
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::files::gap_text;
use crate::kit::files::{MAX_UPLOAD, bad_message};
use crate::kit::forms::{Path, Query};
use crate::kit::paging::{DEFAULT_LIMIT, PageParams, Pager, bad_parameter, link_query};
use crate::kit::refusals::document_message;
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;
use crate::kit::views::{document_ref, size_text};

/// A document as the case file page shows it.
pub struct DocItem {
    pub id: i64,
    /// How people refer to it: "Joint no. 3".
    pub reference: String,
    pub title: String,
    pub kind_label: String,
    pub language: String,
    pub audience_label: String,
    pub audience_key: String,
    pub filed_by: String,
    pub filed_at: String,
    pub file_name: String,
    pub size: String,
    /// The reference of the version it replaces, and of the one that replaced it.
    pub replaces: Option<String>,
    pub replaced_by: Option<String>,
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
    /// Granted: the reference of the joint copy.
    Granted {
        shared_as: Option<String>,
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
#[serde(default)]
pub struct Filters {
    pub audience: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub language: String,
    /// `requesting`, `responding`, `mediator` or `secretariat`: who filed.
    pub filer: String,
    /// `date` (default) or `type`.
    pub view: String,
    /// A document type to preselect in the filing form (links from the case page).
    pub file_type: String,
    /// Words to search for in titles and in the text of text files and PDFs.
    pub q: String,
}

#[derive(Template)]
#[template(path = "documents.html")]
struct DocumentsPage<'a> {
    p: Page<'a>,
    id: i64,
    tab: &'static str,
    case_title: String,
    documents: Vec<DocItem>,
    total: usize,
    pager: Pager,
    /// For a search: how many of the documents the reader may see match.
    found: Option<usize>,
    filters: Filters,
    audiences: Vec<(String, String)>,
    types: Vec<(String, String)>,
    languages: Vec<String>,
    /// The languages a document may be filed in, as (tag, name in the reader's language).
    language_choices: Vec<(String, String)>,
    choices: Vec<AudienceChoice>,
    draft: MetaDraft,
    max_size: String,
    /// Each error, with the id of the field it is about ("" if none): the summary links to it.
    errors: Vec<(String, String)>,
    /// The same, by field, for the messages beside the fields.
    field_errors: crate::kit::field_errors::FieldErrors,
}

#[allow(clippy::too_many_arguments)]
async fn documents_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    case: i64,
    standing: Option<Standing>,
    filters: Filters,
    page: PageParams,
    draft: MetaDraft,
    status: StatusCode,
    mut errors: Vec<(String, String)>,
) -> Result<Response, WebError> {
    let p = Page::new(state, ctx, auth, "cases").await;
    // A filter that is not one of the list's, or a cursor that is not this list's: the case file
    // unfiltered, from its first page, with the message.
    let (filters, list, seek) = match checked(state, case, filters, &page) {
        Ok(ok) => ok,
        Err((filters, e)) => {
            errors.push((String::new(), e.texts().1.render(&state.i18n, ctx.lang)));
            let list = list_of(case, &filters);
            (filters, list, Seek::first(DEFAULT_LIMIT))
        }
    };
    let row = state.store.case_row(case).await?.ok_or(WebError::NotFound)?;
    let docs = visible_documents(state, auth, case, standing).await?;
    let participants = state.store.participants(case).await?;
    let what = if filters.q.trim().is_empty() { "documents" } else { "search" };
    record_read(state, auth, case, what, serde_json::json!({})).await;
    let standing_of: HashMap<UserId, Standing> = participants.iter().map(|p| (p.user, p.standing)).collect();
    let filer_key = |d: &DocumentRow| match standing_of.get(&d.filed_by) {
        Some(Standing::Party(side)) => side.as_str(),
        Some(Standing::Invited) => iomed_domain::request::Side::Responding.as_str(),
        Some(Standing::Mediator) => "mediator",
        None => "secretariat",
    };
    let requests = state.store.share_requests_of(case).await?;
    let total = docs.len();
    let mut languages: Vec<String> = docs.iter().map(|d| d.language.clone()).collect();
    languages.sort();
    languages.dedup();
    let language_choices = crate::kit::views::language_choices(&state.i18n, ctx.lang, &draft.language);
    // A document with its place in filing order, when the filters keep it.
    let filtered: Vec<(usize, &DocumentRow)> = docs
        .iter()
        .enumerate()
        .filter(|(_, d)| filters.audience.is_empty() || d.audience.key() == filters.audience)
        .filter(|(_, d)| filters.kind.is_empty() || d.kind.as_str() == filters.kind)
        .filter(|(_, d)| filters.language.is_empty() || d.language == filters.language)
        .filter(|(_, d)| filters.filer.is_empty() || filer_key(d) == filters.filer)
        .collect();
    let among: Vec<i64> = filtered.iter().map(|(_, d)| d.id).collect();
    // A search ranks the filtered documents, so that its count is of them; each then has its
    // place in the ranking.
    let q = filters.q.trim();
    let found = match q {
        "" => None,
        q => Some(search(state, case, among.iter().copied(), q, among.len(), false).await?),
    };
    let shown: Vec<(usize, &DocumentRow)> = match &found {
        Some(found) => {
            let by_id: HashMap<i64, &DocumentRow> = filtered.iter().map(|(_, d)| (d.id, *d)).collect();
            found.hits.iter().filter_map(|h| by_id.get(&h.document).copied()).enumerate().collect()
        }
        None => filtered,
    };
    // Each document's key in the list's order: by type then filing, newest first, or the rank.
    let place = |i: usize| i64::try_from(i).unwrap_or(i64::MAX);
    let mut keyed: Vec<(DocKey, &DocumentRow)> = shown
        .into_iter()
        .map(|(i, d)| {
            let key = if filters.view == "type" {
                (type_place(d.kind), place(i))
            } else if found.is_some() {
                (0, place(i))
            } else {
                (0, -place(i))
            };
            (key, d)
        })
        .collect();
    keyed.sort_by_key(|(k, _)| *k);
    let slice = Slice::of_sorted(keyed, &seek);
    let pager = Pager::of(
        &state.cursors,
        &list,
        &format!("/cases/{case}/documents"),
        &query_of(&filters, page.limit.as_deref().filter(|_| errors.is_empty())),
        &slice,
    )?;
    // The snippets of this page's documents only.
    let snippets: HashMap<i64, String> = match &found {
        Some(_) => snippets(state, case, among.iter().copied(), q, slice.items.iter().map(|d| d.id).collect())
            .await?
            .into_iter()
            .map(|h| (h.document, h.snippet))
            .collect(),
        None => HashMap::new(),
    };
    let snippet_of = |id: i64| snippets.get(&id).cloned();
    let found = found.as_ref().map(|f| f.count);
    let tz = jiff::tz::TimeZone::get(&auth.time_zone()).unwrap_or(jiff::tz::TimeZone::UTC);
    let actor = auth.actor();
    // Another document this reader may see, by its reference (a version, a translation, a copy).
    let reference_of =
        |id: i64| docs.iter().find(|o| o.id == id).map(|o| document_ref(&state.i18n, ctx.lang, o.audience, o.number));
    let share_state = |d: &DocumentRow| {
        let may = |action| can(&actor, action, Resource::Case(standing)).is_ok();
        match requests.iter().find(|r| r.document == d.id) {
            None if may(Action::AskToShare(d.audience)) => ShareState::MayAsk,
            None => ShareState::None,
            Some(r) => match r.answer.as_deref() {
                Some("granted") => ShareState::Granted { shared_as: r.shared_as.and_then(reference_of) },
                Some(_) => ShareState::Refused,
                None => ShareState::Pending {
                    request: r.id,
                    by: r.requested_by_name.clone(),
                    answer: may(Action::AnswerShare(d.audience)),
                },
            },
        }
    };
    let documents = slice
        .items
        .into_iter()
        .map(|d| DocItem {
            snippet: snippet_of(d.id).filter(|s| !s.is_empty()),
            shared_from: d.shared_from,
            share: share_state(d),
            id: d.id,
            title: d.title.clone(),
            kind_label: p.t(&format!("doctype-{}", d.kind.as_str().replace('_', "-"))),
            language: d.language.clone(),
            audience_label: p.audience(d.audience),
            audience_key: d.audience.kind().to_owned(),
            filed_by: d.filed_by_name.clone(),
            filed_at: d.filed_at.to_zoned(tz.clone()).strftime("%Y-%m-%d %H:%M %Z").to_string(),
            file_name: d.file_name.clone(),
            size: size_text(ctx.lang, d.size),
            reference: document_ref(&state.i18n, ctx.lang, d.audience, d.number),
            replaces: d.replaces.and_then(reference_of),
            replaced_by: d.replaced_by.and_then(reference_of),
            translation: d.translation.map(|t| {
                let key = match (t.by, t.reviewed) {
                    (TranslatedBy::Human, _) => "translation-human",
                    (TranslatedBy::Machine, true) => "translation-machine-reviewed",
                    (TranslatedBy::Machine, false) => "translation-machine",
                };
                let of = reference_of(t.of).unwrap_or_default();
                let mut text = p.ts(key, "document", &of);
                if t.authentic {
                    text = format!("{text} · {}", p.t("translation-authentic"));
                }
                text
            }),
        })
        .collect();
    let chosen =
        if draft.party.is_empty() { draft.audience.clone() } else { format!("{}:{}", draft.audience, draft.party) };
    let choices = audiences_for(&actor, standing)
        .into_iter()
        .map(|a| {
            let mut who: Vec<String> =
                participants.iter().filter(|x| a.admits(Some(x.standing), false)).map(|x| x.name.clone()).collect();
            if a.admits(None, true) {
                who.push(p.t("audience-who-secretariat"));
            }
            if who.is_empty() {
                who.push(p.t("audience-who-nobody-yet"));
            }
            AudienceChoice { key: a.key(), label: p.audience(a), who: who.join(", "), checked: a.key() == chosen }
        })
        .collect();
    let audiences = Audience::ALL.into_iter().map(|a| (a.key(), p.audience(a))).collect();
    let types = DocumentType::ALL
        .into_iter()
        .map(|t| (t.as_str().to_owned(), p.t(&format!("doctype-{}", t.as_str().replace('_', "-")))))
        .collect();
    let title = crate::kit::views::case_title(&state.i18n, ctx.lang, &row.title);
    let page = DocumentsPage {
        max_size: size_text(ctx.lang, MAX_UPLOAD),
        p,
        id: case,
        tab: "documents",
        case_title: crate::kit::views::numbered(row.number.as_deref(), title),
        documents,
        total,
        pager,
        found,
        filters,
        audiences,
        types,
        languages,
        language_choices,
        choices,
        draft,
        field_errors: crate::kit::field_errors::FieldErrors(
            errors.iter().filter(|(f, _)| !f.is_empty()).cloned().collect(),
        ),
        errors,
    };
    render(ctx, status, &page)
}

/// Where a page of the case file goes on from: a type's place (in the view by type, else 0),
/// then the document's place in the reader's filing order (negated, newest first, in the view by
/// date) or, for a search, its rank.
type DocKey = (i64, i64);

fn type_place(kind: DocumentType) -> i64 {
    DocumentType::ALL.iter().position(|t| *t == kind).and_then(|i| i64::try_from(i).ok()).unwrap_or(i64::MAX)
}

/// The languages the filing form lists: the Organization's working languages first, then those
/// of the States it serves most. Any BCP 47 tag is accepted through the API.
/// The list a cursor of the case file is bound to: the case and its filters.
fn list_of(case: i64, f: &Filters) -> String {
    format!("documents|{case}|{}|{}|{}|{}|{}|{}", f.q.trim(), f.audience, f.kind, f.language, f.filer, f.view)
}

/// The filters as a query string, for the links of the pages.
fn query_of(f: &Filters, limit: Option<&str>) -> String {
    let filters = [
        ("q", f.q.trim()),
        ("audience", f.audience.as_str()),
        ("type", f.kind.as_str()),
        ("language", f.language.as_str()),
        ("filer", f.filer.as_str()),
        ("view", f.view.as_str()),
    ];
    link_query(&filters, limit)
}

/// The filters and the page, parsed: a value that is not one of a filter's is refused naming
/// it (the list is then shown unfiltered).
#[allow(clippy::result_large_err)]
fn checked(
    state: &AppState,
    case: i64,
    filters: Filters,
    page: &PageParams,
) -> Result<(Filters, String, Seek<DocKey>), (Filters, WebError)> {
    let bad = |name: &'static str| {
        let keep = Filters { file_type: filters.file_type.clone(), ..Filters::default() };
        Err((keep, bad_parameter(name)))
    };
    if !filters.audience.is_empty() && Audience::from_key(&filters.audience).is_err() {
        return bad("audience");
    }
    if !filters.kind.is_empty() && DocumentType::parse(&filters.kind).is_none() {
        return bad("type");
    }
    if !["", "requesting", "responding", "mediator", "secretariat"].contains(&filters.filer.as_str()) {
        return bad("filer");
    }
    if !["", "date", "type"].contains(&filters.view.as_str()) {
        return bad("view");
    }
    if filters.q.chars().count() > QUERY_MAX || filters.language.chars().count() > 35 {
        return bad(if filters.language.chars().count() > 35 { "language" } else { "q" });
    }
    let list = list_of(case, &filters);
    match page.seek::<DocKey>(&state.cursors, &list) {
        Ok(seek) => Ok((filters, list, seek)),
        Err(e) => {
            let keep = Filters { file_type: filters.file_type.clone(), ..Filters::default() };
            Err((keep, e))
        }
    }
}

/// The longest search the case file takes, in characters.
const QUERY_MAX: usize = 200;

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Query(filters): Query<Filters>,
    Query(page): Query<PageParams>,
) -> Result<Response, WebError> {
    let standing = case_standing(&state, &auth, id, Action::ReadCase).await?;
    // A link for a request's annex preselects its type, in the joint file.
    let draft = match DocumentType::parse(&filters.file_type) {
        Some(kind) => MetaDraft { kind: kind.as_str().into(), audience: "joint".into(), ..MetaDraft::default() },
        None => MetaDraft::default(),
    };
    documents_page(&state, &ctx, &auth, id, standing, filters, page, draft, StatusCode::OK, vec![]).await
}

pub async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let standing = case_standing(&state, &auth, id, Action::ReadCase).await?;
    let lang = ctx.lang;
    let again = |draft, status, errors: Vec<(String, String)>| {
        documents_page(
            &state,
            &ctx,
            &auth,
            id,
            standing,
            Filters::default(),
            PageParams::default(),
            draft,
            status,
            errors,
        )
    };
    let Ok(multipart) = multipart else {
        let message = state.i18n.message(lang, "document-error-bad-multipart", &[]);
        return again(MetaDraft::default(), StatusCode::BAD_REQUEST, vec![("file".into(), message)]).await;
    };
    match receive(&state, &auth, id, standing, multipart).await {
        Ok(_) => Ok(ctx.redirect_with(&format!("/cases/{id}/documents"), "document-filed")),
        Err(Failure::Web(e)) => Err(e),
        Err(Failure::Gaps(draft, gaps)) => {
            let mut errors: Vec<(String, String)> =
                gaps.iter().map(|g| (field_id(g.field), gap_text(&state.i18n, lang, g))).collect();
            errors.push(("file".into(), state.i18n.message(lang, "document-choose-file-again", &[])));
            again(draft, StatusCode::UNPROCESSABLE_ENTITY, errors).await
        }
        Err(Failure::Bad(status, code, draft)) => {
            again(draft, status, vec![("file".into(), bad_message(code, lang).render(&state.i18n, lang))]).await
        }
        Err(Failure::Refused(r, draft)) => {
            again(draft, StatusCode::CONFLICT, vec![(String::new(), document_message(&r).render(&state.i18n, lang))])
                .await
        }
    }
}

/// The id of the upload form's field a gap of the metadata is about.
fn field_id(field: &str) -> String {
    match field {
        "audience" | "party" => "audience-legend".into(),
        other => other.into(),
    }
}
