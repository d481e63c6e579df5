//! The export of a case file for one reader: a zip of every document and message they may see,
//! with a manifest of BLAKE3 hashes signed by the organization's Ed25519 key (the one that signs
//! ledger checkpoints), so that a party can prove later what the case file held.
//!
//! The zip is streamed: documents are decrypted chunk by chunk into a zip writer on a blocking
//! thread, whose output goes to the response through a bounded channel. Nothing is written to
//! disk in clear, and memory stays bounded whatever the size.

use std::io::Write;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt as _;
use iomed_domain::access::Action;
use iomed_domain::documents::Audience;
use serde_json::json;
use tokio::sync::mpsc;
use zip::write::SimpleFileOptions;

use crate::kit::access::{case_standing, record_read, visible_documents, visible_messages};
use crate::kit::auth::Auth;
use crate::kit::error::WebError;
use crate::kit::forms::Path;
use crate::kit::problem::problems;
use crate::kit::state::AppState;

/// Sends what the zip writer writes to the response, in pieces of at most 64 KiB.
struct ChannelWriter {
    sender: mpsc::Sender<Result<Bytes, std::io::Error>>,
}

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.sender
            .blocking_send(Ok(Bytes::copy_from_slice(buf)))
            .map_err(|_| std::io::Error::other("the client went away"))?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A name fit for a zip entry: the document's audience and number in it (which say nothing of
/// the documents the reader cannot see), then its file name without folders, control or
/// bidirectional characters: `documents/joint-003-notice.pdf`.
fn entry_name(audience: Audience, number: i64, file_name: &str) -> String {
    let audience = audience.key().replace(':', "-");
    format!("documents/{audience}-{number:03}-{}", iomed_domain::documents::clean_file_name(file_name))
}

/// GET /cases/{id}/export and /api/v1/cases/{id}/export.
#[utoipa::path(get, path = "/api/v1/cases/{id}/export", tag = "documents", operation_id = "export_case",
    params(("id" = i64, Path, description = "The case's id")),
    responses((status = 200, description = "A zip: `documents/…`, `messages.json`, `manifest.json` (BLAKE3 of each entry), `manifest.sig` (Ed25519 over manifest.json, hex) and `public-key.txt`", content_type = "application/zip"),
        (status = 403, response = problems::Forbidden), (status = 404, response = problems::NotFound)),
    security(("bearer" = [])))]
pub async fn export(State(state): State<AppState>, auth: Auth, Path(id): Path<i64>) -> Result<Response, WebError> {
    let standing = case_standing(&state, &auth, id, Action::ReadCase).await?;
    let docs = visible_documents(&state, &auth, id, standing).await?;
    let messages = visible_messages(&state, &auth, id, standing).await?;
    let row = state.store.case_row(id).await?.ok_or(WebError::NotFound)?;
    let key = state.store.data_key(&state.master, id).await?;
    record_read(&state, &auth, id, "export", json!({})).await;
    let listed: Vec<i64> = docs.iter().map(|d| d.id).collect();
    let body = json!({"case": id, "documents": listed, "messages": messages.len()});
    state.store.record(&auth.ledger_actor(), &format!("case/{id}/access"), "case.exported", body).await?;
    let reader = auth.user().map(|u| u.display_name.clone()).unwrap_or_default();
    let generated_at = state.store.now().to_string();
    let messages_json: serde_json::Value = messages
        .iter()
        .map(|(m, text)| {
            json!({"id": m.id, "thread": m.audience.key(), "author": m.author_name, "sent_at": m.sent_at.to_string(),
                "body": text, "attachments": m.attachments})
        })
        .collect();
    let case_json = json!({"id": id, "number": row.number, "title": row.title, "category": row.category,
        "filed_on": row.filed_on.to_string(), "stage": row.stage, "exported_for": reader, "generated_at": generated_at});

    let (sender, mut receiver) = mpsc::channel::<Result<Bytes, std::io::Error>>(16);
    let blobs = state.blobs.clone();
    let signer_state = state.clone();
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let errors = sender.clone();
        let result = (|| -> Result<(), String> {
            let writer = std::io::BufWriter::with_capacity(64 * 1024, ChannelWriter { sender });
            let mut zip = zip::ZipWriter::new_stream(writer);
            let options =
                SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored).large_file(true);
            let mut manifest = Vec::new();
            for d in &docs {
                let name = entry_name(d.audience, d.number, &d.file_name);
                zip.start_file(name.as_str(), options).map_err(|e| e.to_string())?;
                let mut hasher = blake3::Hasher::new();
                let mut size = 0u64;
                let mut stream = runtime.block_on(blobs.read(&key, &d.blob)).map_err(|e| e.to_string())?;
                while let Some(chunk) = runtime.block_on(stream.next()) {
                    let chunk = chunk.map_err(|e| e.to_string())?;
                    hasher.update(&chunk);
                    size += chunk.len() as u64;
                    zip.write_all(&chunk).map_err(|e| e.to_string())?;
                }
                manifest.push(json!({"path": name, "blake3": hasher.finalize().to_hex().as_str(), "size": size,
                    "document": d.id, "title": d.title, "type": d.kind.as_str(), "language": d.language,
                    "audience": d.audience.key(), "filed_by": d.filed_by_name, "filed_at": d.filed_at.to_string()}));
            }
            for (name, value) in [("messages.json", &messages_json), ("case.json", &case_json)] {
                let bytes = serde_json::to_vec_pretty(value).map_err(|e| e.to_string())?;
                zip.start_file(name, options).map_err(|e| e.to_string())?;
                zip.write_all(&bytes).map_err(|e| e.to_string())?;
                manifest
                    .push(json!({"path": name, "blake3": blake3::hash(&bytes).to_hex().as_str(), "size": bytes.len()}));
            }
            let manifest_bytes = serde_json::to_vec_pretty(&json!({"case": id, "generated_at": generated_at,
                "exported_for": reader, "hash": "blake3", "files": manifest}))
            .map_err(|e| e.to_string())?;
            let signature = signer_state.store.signer().sign_bytes(&manifest_bytes);
            let public = hex::encode(signer_state.store.signer().public_key());
            for (name, bytes) in [
                ("manifest.json", manifest_bytes),
                ("manifest.sig", format!("{}\n", hex::encode(signature)).into_bytes()),
                ("public-key.txt", format!("{public}\n").into_bytes()),
            ] {
                zip.start_file(name, options).map_err(|e| e.to_string())?;
                zip.write_all(&bytes).map_err(|e| e.to_string())?;
            }
            let mut inner = zip.finish().map_err(|e| e.to_string())?;
            inner.flush().map_err(|e| e.to_string())?;
            Ok(())
        })();
        if let Err(e) = result {
            tracing::error!(case = id, error = %e, "an export stopped");
            let _ = errors.blocking_send(Err(std::io::Error::other("the export stopped")));
        }
    });
    let stream = futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx));
    let mut response = Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/zip"));
    let file = format!("attachment; filename=\"iomed-case-{id}.zip\"");
    if let Ok(v) = HeaderValue::from_str(&file) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("identity"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}
