//! Search in the case file: titles and the text of text files and PDFs, among exactly the
//! documents the reader may see. The case's one index (of every audience, in memory only, see
//! `iomed_store::search`) is searched with the ids the access policy let through: a result, a
//! snippet, a count or a score can only come from those documents.

use std::collections::HashSet;

use iomed_store::search::{Found, Hit};

use crate::kit::error::WebError;
use crate::kit::state::AppState;

/// The best `limit` of the documents `visible` (ids of documents of case `case` the reader may
/// see, as the access policy said) that match `query`, best first, and how many of them match;
/// with `snippets`, each with the text around the match.
pub async fn search(
    state: &AppState,
    case: i64,
    visible: impl IntoIterator<Item = i64>,
    query: &str,
    limit: usize,
    snippets: bool,
) -> Result<Found, WebError> {
    let visible: HashSet<i64> = visible.into_iter().collect();
    state.search.search(&state.library(), case, visible, query, limit, snippets).await.map_err(WebError::internal)
}

/// The snippets of `documents` (a page of a ranking [`search`] gave, among `visible`) for
/// `query`, in their order.
pub async fn snippets(
    state: &AppState,
    case: i64,
    visible: impl IntoIterator<Item = i64>,
    query: &str,
    documents: Vec<i64>,
) -> Result<Vec<Hit>, WebError> {
    let visible: HashSet<i64> = visible.into_iter().collect();
    state.search.snippets(case, visible, query, documents).await.map_err(WebError::internal)
}
