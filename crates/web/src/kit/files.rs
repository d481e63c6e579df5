//! Receiving a file: the size limit, the media type as sent, bounded text parts, and the
//! stream into the blob store under the case's key. Documents and message attachments are both
//! filed this way.

use axum::extract::multipart::Field;
use axum::http::StatusCode;
use iomed_store::blobs::{BlobError, Stored};

use crate::kit::error::{Msg, WebError};
use crate::kit::i18n::Lang;
use crate::kit::state::AppState;

/// The largest document one may file: 2 GiB.
pub const MAX_UPLOAD: u64 = 2 * 1024 * 1024 * 1024;
/// The largest text field or `meta` part of an upload.
pub const MAX_FIELD: usize = 64 * 1024;

/// A media type as the browser sent it, if it looks like one; otherwise bytes.
pub fn clean_media_type(given: Option<&str>) -> String {
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
pub async fn text_field(mut field: Field<'_>, max: usize) -> Option<String> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.ok()? {
        if bytes.len() + chunk.len() > max {
            return None;
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).ok()
}

/// The message of a bad filing.
pub fn bad_message(code: &'static str, lang: Lang) -> Msg {
    Msg::new(format!("document-error-{}", code.replace('_', "-")))
        .text("limit", crate::kit::views::size_text(lang, MAX_UPLOAD))
}

/// Streams a file part into the blob store under the case's key: what was stored, or why not.
pub async fn store_file(
    state: &AppState,
    case: i64,
    field: Field<'_>,
) -> Result<Stored, Result<&'static str, WebError>> {
    let key = state.store.data_key(&state.master, case).await.map_err(|e| Err(e.into()))?;
    match state.blobs.put(&key, std::pin::pin!(field), MAX_UPLOAD).await {
        Ok(stored) => Ok(stored),
        Err(BlobError::Empty) => Err(Ok("empty")),
        Err(BlobError::TooLarge { .. }) => Err(Ok("too_large")),
        Err(BlobError::Interrupted(_)) => Err(Ok("interrupted")),
        Err(e) => {
            metrics::counter!("iomed_blob_errors_total", "operation" => "put").increment(1);
            Err(Err(e.into()))
        }
    }
}

/// The status of a bad file part.
pub fn file_status(code: &str) -> StatusCode {
    match code {
        "empty" => StatusCode::UNPROCESSABLE_ENTITY,
        "too_large" => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::BAD_REQUEST,
    }
}
