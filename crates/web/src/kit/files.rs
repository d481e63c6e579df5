//! Receiving a file: the size limit, the media type as sent, bounded text parts, and the
//! stream into the blob store under the case's key. Documents and message attachments are both
//! filed this way.

use axum::extract::multipart::Field;
use axum::http::StatusCode;
use iomed_domain::documents::{MetaGap, TITLE_MAX};
use iomed_store::blobs::{BlobError, DataKey, Stored};

use crate::kit::error::{Msg, WebError};
use crate::kit::i18n::{I18n, Lang};
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
    store_with(state, &key, field).await
}

/// The same under a given key (a draft's, for its annexes).
pub async fn store_with(
    state: &AppState,
    key: &DataKey,
    field: Field<'_>,
) -> Result<Stored, Result<&'static str, WebError>> {
    match state.blobs.put(key, std::pin::pin!(field), MAX_UPLOAD).await {
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

/// A gap of a filing's metadata in the reader's language.
pub fn gap_text(i18n: &I18n, lang: Lang, gap: &MetaGap) -> String {
    let field = i18n.message(lang, &format!("document-field-{}", gap.field.replace('_', "-")), &[]);
    let args: Vec<(&str, fluent_bundle::FluentValue<'_>)> =
        vec![("field", field.into()), ("max", fluent_bundle::FluentValue::from(i18n.count(lang, TITLE_MAX)))];
    i18n.message(lang, &format!("gap-{}", gap.code.replace('_', "-")), &args)
}

/// The API's answer to metadata with gaps: a 422 `incomplete` naming each field and code.
pub fn gaps_problem(i18n: &I18n, lang: Lang, gaps: &[MetaGap]) -> WebError {
    let detail = gaps.iter().map(|g| gap_text(i18n, lang, g)).collect::<Vec<_>>().join(" ");
    let mut extra = serde_json::Map::new();
    extra.insert(
        "gaps".into(),
        serde_json::json!(
            gaps.iter().map(|g| serde_json::json!({"field": g.field, "code": g.code})).collect::<Vec<_>>()
        ),
    );
    WebError::Detailed {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code: "incomplete",
        message: Msg::new("error-detail").text("detail", detail),
        extra,
    }
}

/// A file's content as a download: named as filed (`fallback` for clients that cannot read
/// UTF-8 names), with its media type and length, never compressed again nor cached.
pub fn attachment(
    body: axum::body::Body,
    fallback: &str,
    file_name: &str,
    media_type: &str,
    size: u64,
) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse as _;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    let encoded: String = form_urlencoded::byte_serialize(file_name.as_bytes()).collect::<String>().replace('+', "%20");
    let disposition = format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}");
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(media_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    // Served as stored: not compressed again, and never cached by anyone in between.
    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("identity"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}
