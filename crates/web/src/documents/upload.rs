//! Receiving a filing: the metadata first (the API's `meta` part, or the form's fields), then the
//! `file` part, which is checked and authorized before any byte of it is read, and streamed into
//! the blob store, encrypted. A filing refused or cut short leaves nothing behind.

use axum::extract::multipart::Multipart;
use axum::http::StatusCode;
use iomed_domain::access::{Action, Resource, Standing};
use iomed_domain::documents::{Audience, MetaDraft, MetaGap, clean_file_name};
use iomed_store::StoreError;
use iomed_store::documents::{DocumentChange, DocumentRefusal};

use crate::documents::meta::UploadMeta;
use crate::kit::auth::{Auth, CsrfSource, authorize, check_csrf};
use crate::kit::error::WebError;
use crate::kit::files::{MAX_FIELD, clean_media_type, file_status, store_file, text_field};
use crate::kit::notices::audience_mails;
use crate::kit::state::AppState;

/// Why a filing did not happen.
pub enum Failure {
    /// Refused before or by the policy (not signed in, a bad form token, hidden).
    Web(WebError),
    /// The metadata has gaps; the draft is kept to show again.
    Gaps(MetaDraft, Vec<MetaGap>),
    /// Bad input with a stable code; the message key is `document-error-<code>`.
    Bad(StatusCode, &'static str, MetaDraft),
    Refused(DocumentRefusal, MetaDraft),
}

impl From<WebError> for Failure {
    fn from(e: WebError) -> Failure {
        Failure::Web(e)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        Failure::Web(e.into())
    }
}

fn bad(status: StatusCode, code: &'static str) -> impl Fn(MetaDraft) -> Failure {
    move |draft| Failure::Bad(status, code, draft)
}

/// Reads and files a document; gives its id.
pub async fn receive(
    state: &AppState,
    auth: &Auth,
    case: i64,
    standing: Option<Standing>,
    mut multipart: Multipart,
) -> Result<i64, Failure> {
    let api = auth.is_api();
    let mut draft = MetaDraft::default();
    let mut csrf = String::new();
    let mut meta_read = false;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Err(bad(StatusCode::BAD_REQUEST, "file_missing")(draft)),
            Err(_) => return Err(bad(StatusCode::BAD_REQUEST, "bad_multipart")(draft)),
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            if api && !meta_read {
                return Err(bad(StatusCode::BAD_REQUEST, "meta_first")(draft));
            }
            if !api {
                check_csrf(auth, CsrfSource::Session, &csrf)?;
            }
            let meta = match draft.check() {
                Ok(meta) => meta,
                Err(gaps) => return Err(Failure::Gaps(draft, gaps)),
            };
            authorize(state, auth, Action::FileDocument(meta.audience), Resource::Case(standing)).await?;
            let file_name = clean_file_name(field.file_name().unwrap_or_default());
            if file_name.is_empty() {
                return Err(bad(StatusCode::BAD_REQUEST, "file_missing")(draft));
            }
            let media_type = clean_media_type(field.content_type());
            let stored = match store_file(state, case, field).await {
                Ok(stored) => stored,
                Err(Ok(code)) => return Err(Failure::Bad(file_status(code), code, draft)),
                Err(Err(e)) => return Err(e.into()),
            };
            // Through the API the file is the last part: nothing the document does not describe
            // is taken after it.
            if api && !matches!(multipart.next_field().await, Ok(None)) {
                if let Err(e) = state.blobs.delete(&stored.address).await {
                    tracing::error!(error = %e, "could not delete the blob of a refused filing");
                }
                return Err(bad(StatusCode::BAD_REQUEST, "file_last")(draft));
            }
            let filer = auth.require_user()?.id;
            let filed = async {
                let mails =
                    audience_mails(state, case, filer, Action::ReadDocument(meta.audience), "document", "documents")
                        .await?;
                let change =
                    DocumentChange::File { case, filer, meta, file_name, media_type, stored: stored.clone(), mails };
                state.store.document_change(&auth.ledger_actor(), change).await
            }
            .await;
            return match filed {
                Ok(appended) => {
                    state.document_filed(case);
                    appended.created.ok_or_else(|| WebError::fault("a filing made no document").into())
                }
                Err(e) => {
                    if let Err(e) = state.blobs.delete(&stored.address).await {
                        tracing::error!(error = %e, "could not delete the blob of a refused filing");
                    }
                    match e {
                        StoreError::DocumentRefused(r) => Err(Failure::Refused(r, draft)),
                        e => Err(e.into()),
                    }
                }
            };
        }
        let Some(value) = text_field(field, MAX_FIELD).await else {
            return Err(bad(StatusCode::BAD_REQUEST, "bad_field")(draft));
        };
        let number = |v: &str| v.trim().parse::<i64>().ok();
        match (api, name.as_str()) {
            (true, "meta") => match serde_json::from_str::<UploadMeta>(&value) {
                Ok(meta) => (draft, meta_read) = (meta.into(), true),
                // Not one of the documented shapes: every gap the domain can name, at once.
                Err(_) => match serde_json::from_str::<MetaDraft>(&value) {
                    Ok(meta) => match meta.check() {
                        Err(gaps) => return Err(Failure::Gaps(meta, gaps)),
                        Ok(_) => return Err(bad(StatusCode::BAD_REQUEST, "bad_meta")(meta)),
                    },
                    Err(_) => return Err(bad(StatusCode::BAD_REQUEST, "bad_meta")(draft)),
                },
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

/// The audiences someone with `standing` may file to, for forms.
pub fn audiences_for(actor: &iomed_domain::access::Actor, standing: Option<Standing>) -> Vec<Audience> {
    Audience::ALL
        .into_iter()
        .filter(|a| iomed_domain::access::can(actor, Action::FileDocument(*a), Resource::Case(standing)).is_ok())
        .collect()
}
