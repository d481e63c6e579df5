//! Search in the case file: titles and the text of text files and PDFs, among exactly the
//! documents the reader may see. The index is built in memory from those documents only (and
//! kept, for a while, keyed by that set), so a result, a snippet or a count can only come from them.

use std::sync::Arc;

use iomed_store::blobs::{BlobError, DataKey};
use iomed_store::documents::DocumentRow;
use iomed_store::search::{CaseIndex, Hit, Indexed, extract_text, extractable};

use crate::kit::error::{Fault, WebError};
use crate::kit::state::AppState;

/// The documents given that match `query`, best first.
pub async fn search(state: &AppState, case: i64, docs: &[DocumentRow], query: &str) -> Result<Vec<Hit>, WebError> {
    let ids: Vec<i64> = docs.iter().map(|d| d.id).collect();
    let index = match state.search.get(&ids) {
        Some(index) => index,
        None => {
            let key = state.store.data_key(&state.master, case).await?;
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
                .map_err(|_| WebError::internal(Fault("the index was not built")))?
                .map_err(WebError::internal)?;
            let built = Arc::new(built);
            state.search.put(ids, built.clone());
            built
        }
    };
    let query = query.to_owned();
    tokio::task::spawn_blocking(move || index.search(&query, 200))
        .await
        .map_err(|_| WebError::internal(Fault("the search did not finish")))?
        .map_err(WebError::internal)
}

async fn read_whole(state: &AppState, key: &DataKey, blob: &str) -> Result<Vec<u8>, BlobError> {
    use futures_util::StreamExt as _;
    let mut stream = state.blobs.read(key, blob).await?;
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        bytes.extend_from_slice(&chunk?);
    }
    Ok(bytes)
}
