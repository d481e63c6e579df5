//! The indexes of the cases searched lately: made, added to and dropped.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::{BATCH_BYTES, CaseIndex, Found, Hit, Indexed, SearchError, extract_text, extractable};
use crate::documents::DocumentRow;

/// Where an index's documents come from: the case's documents, whoever may see them, and their
/// text. [`Stored`] reads them from the store and the blob store.
pub trait Library: Send + Sync {
    /// The documents of the case that `index` does not hold, whatever their audience.
    fn missing(
        &self,
        case: i64,
        index: &CaseIndex,
    ) -> impl Future<Output = Result<Vec<DocumentRow>, SearchError>> + Send;
    /// The documents with their text, extracted (empty where none can be, or it cannot be read).
    fn texts(
        &self,
        case: i64,
        documents: Vec<DocumentRow>,
    ) -> impl Future<Output = Result<Vec<Indexed>, SearchError>> + Send;
}

/// How many indexes are kept, and how large they may be together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub cases: usize,
    /// Bytes, as [`CaseIndex::bytes`] counts them.
    pub bytes: u64,
}

impl Default for Limits {
    /// 32 cases and 512 MiB: a case of 5,000 text documents of 10 KB takes about 70 MiB.
    fn default() -> Limits {
        Limits { cases: 32, bytes: 512 * 1024 * 1024 }
    }
}

/// One case's index and the lock its additions take.
struct Kept {
    case: i64,
    index: Arc<CaseIndex>,
    /// Held while documents are listed, extracted and added: concurrent searches of a case that
    /// find documents missing wait here, and the first adds them for all.
    adding: Arc<tokio::sync::Mutex<()>>,
    /// Set while a warm-up is waiting to list the case's documents: filings meanwhile need no
    /// other, that one will find them.
    warming: Arc<AtomicBool>,
}

/// The indexes of the cases searched lately, most recent first, in memory only.
pub struct SearchIndexes {
    kept: Mutex<VecDeque<Kept>>,
    limits: Limits,
    /// How many documents have been extracted and added, since the start.
    extracted: AtomicU64,
}

impl std::fmt::Debug for SearchIndexes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SearchIndexes(…)")
    }
}

impl Default for SearchIndexes {
    fn default() -> SearchIndexes {
        SearchIndexes::new(Limits::default())
    }
}

impl SearchIndexes {
    pub fn new(limits: Limits) -> SearchIndexes {
        SearchIndexes { kept: Mutex::default(), limits, extracted: AtomicU64::new(0) }
    }

    /// How many documents have been extracted for an index so far (each once per index it is
    /// added to: again only after its case's index was dropped).
    pub fn extracted(&self) -> u64 {
        self.extracted.load(Ordering::Relaxed)
    }

    /// The cases whose index is kept, most recently searched first, with their sizes.
    pub fn kept(&self) -> Vec<(i64, u64)> {
        match self.kept.lock() {
            Ok(kept) => kept.iter().map(|k| (k.case, k.index.bytes())).collect(),
            Err(_) => Vec::new(),
        }
    }

    /// The case's index and its lock, made (empty) if there is none; it becomes the most recent.
    fn entry(&self, case: i64) -> Result<(Arc<CaseIndex>, Arc<tokio::sync::Mutex<()>>), SearchError> {
        let mut kept = self.kept.lock().map_err(|_| SearchError::Poisoned)?;
        let entry = match kept.iter().position(|k| k.case == case) {
            Some(at) => kept.remove(at),
            None => None,
        };
        let entry = match entry {
            Some(entry) => entry,
            None => Kept { case, index: Arc::new(CaseIndex::new()?), adding: Arc::default(), warming: Arc::default() },
        };
        let found = (entry.index.clone(), entry.adding.clone());
        kept.push_front(entry);
        Ok(found)
    }

    /// Drops the least recently searched indexes while there are too many or they are too large
    /// together; the most recent is always kept.
    fn evict(&self) {
        let Ok(mut kept) = self.kept.lock() else { return };
        let mut total: u64 = kept.iter().map(|k| k.index.bytes()).sum();
        while kept.len() > 1 && (kept.len() > self.limits.cases || total > self.limits.bytes) {
            if let Some(dropped) = kept.pop_back() {
                total = total.saturating_sub(dropped.index.bytes());
                metrics::counter!("iomed_search_indexes_dropped_total").increment(1);
            }
        }
        // What the indexes hold in memory, beside their bound: the first thing to read when the
        // server's memory grows.
        metrics::gauge!("iomed_search_indexes").set(kept.len() as f64);
        metrics::gauge!("iomed_search_index_bytes").set(total as f64);
    }

    /// Searches case `case` for `query` among the documents in `visible` (the ones the reader may
    /// see, as the access policy says): the best `limit`, and how many match. If the reader may
    /// see a document the case's index does not hold yet, what it lacks is added first.
    pub async fn search(
        &self,
        library: &impl Library,
        case: i64,
        visible: HashSet<i64>,
        query: &str,
        limit: usize,
        snippets: bool,
    ) -> Result<Found, SearchError> {
        if visible.is_empty() {
            return Ok(Found::default());
        }
        let (index, adding) = self.entry(case)?;
        if !index.holds_all(&visible) {
            self.add_missing(library, case, &index, &adding, None).await?;
        }
        let (query, visible) = (query.to_owned(), Arc::new(visible));
        tokio::task::spawn_blocking(move || index.search(&query, &visible, limit, snippets))
            .await
            .map_err(|_| SearchError::Task)?
    }

    /// Whether a warm-up of the case's index should start now that a document was filed: the
    /// index is kept, and no warm-up started before is still waiting (that one will find the new
    /// document too). Says yes once until that warm-up has begun.
    pub fn should_warm(&self, case: i64) -> bool {
        self.kept.lock().is_ok_and(|kept| {
            kept.iter().find(|k| k.case == case).is_some_and(|k| !k.warming.swap(true, Ordering::AcqRel))
        })
    }

    /// The snippets of `documents` (of those in `visible`) for `query`, in their order, from the
    /// case's index as it is: for the page of a ranking [`SearchIndexes::search`] just gave. None
    /// if the index was dropped meanwhile.
    pub async fn snippets(
        &self,
        case: i64,
        visible: HashSet<i64>,
        query: &str,
        documents: Vec<i64>,
    ) -> Result<Vec<Hit>, SearchError> {
        let index = match self.kept.lock() {
            Ok(kept) => kept.iter().find(|k| k.case == case).map(|k| k.index.clone()),
            Err(_) => return Err(SearchError::Poisoned),
        };
        let Some(index) = index else { return Ok(Vec::new()) };
        let (query, visible) = (query.to_owned(), Arc::new(visible));
        tokio::task::spawn_blocking(move || index.snippets(&query, &visible, &documents))
            .await
            .map_err(|_| SearchError::Task)?
    }

    /// Adds the documents filed since to the case's index, if it is kept; a case not searched
    /// lately is left to be indexed when it is next searched.
    pub async fn warm(&self, library: &impl Library, case: i64) -> Result<(), SearchError> {
        let found = match self.kept.lock() {
            Ok(kept) => {
                kept.iter().find(|k| k.case == case).map(|k| (k.index.clone(), k.adding.clone(), k.warming.clone()))
            }
            Err(_) => return Err(SearchError::Poisoned),
        };
        match found {
            Some((index, adding, warming)) => self.add_missing(library, case, &index, &adding, Some(&warming)).await,
            None => Ok(()),
        }
    }

    /// Whether the case's index is kept.
    pub fn is_kept(&self, case: i64) -> bool {
        self.kept.lock().is_ok_and(|kept| kept.iter().any(|k| k.case == case))
    }

    /// Lists the case's documents and adds those the index lacks, in steps of about
    /// [`BATCH_BYTES`] of files; one caller at a time per case, the others wait and find nothing
    /// left to add. A warm-up clears its `warming` flag once it holds the lock, before listing:
    /// a filing after that starts another.
    async fn add_missing(
        &self,
        library: &impl Library,
        case: i64,
        index: &Arc<CaseIndex>,
        adding: &tokio::sync::Mutex<()>,
        warming: Option<&AtomicBool>,
    ) -> Result<(), SearchError> {
        let _adding = adding.lock().await;
        if let Some(warming) = warming {
            warming.store(false, Ordering::Release);
        }
        let missing = library.missing(case, index).await?;
        let mut batch = Vec::new();
        let mut bytes = 0;
        let mut rest = missing.into_iter().peekable();
        while let Some(document) = rest.next() {
            if extractable(&document.media_type, &document.file_name, document.size) {
                bytes += document.size;
            }
            batch.push(document);
            if bytes >= BATCH_BYTES || rest.peek().is_none() {
                let texts = library.texts(case, std::mem::take(&mut batch)).await?;
                let added = texts.len() as u64;
                let index = index.clone();
                tokio::task::spawn_blocking(move || index.add(&texts)).await.map_err(|_| SearchError::Task)??;
                self.extracted.fetch_add(added, Ordering::Relaxed);
                metrics::counter!("iomed_search_documents_indexed_total").increment(added);
                bytes = 0;
            }
        }
        self.evict();
        Ok(())
    }
}

/// The documents of the store, their text read from the blob store and decrypted with the case's
/// key, never written anywhere.
#[derive(Clone)]
pub struct Stored {
    pub store: crate::Store,
    pub blobs: crate::blobs::Blobs,
    pub master: Arc<crate::blobs::MasterKey>,
}

/// How many documents are read at once while an index is built.
const READ_AT_ONCE: usize = 4;
/// Up to how many missing documents are read by their ids rather than with the whole case.
const CHOSEN_AT_MOST: usize = 100;

impl Library for Stored {
    /// The ids first; then, for a few, those documents alone, and for many the case's documents
    /// whole (read in one pass, cheaper by the document than many chosen ones).
    async fn missing(&self, case: i64, index: &CaseIndex) -> Result<Vec<DocumentRow>, SearchError> {
        let ids: Vec<i64> = self
            .store
            .document_audiences(case)
            .await?
            .into_iter()
            .map(|(id, _)| id)
            .filter(|id| !index.holds(*id))
            .collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        if ids.len() <= CHOSEN_AT_MOST {
            return Ok(self.store.documents_in(case, &ids).await?);
        }
        Ok(self.store.documents_of(case).await?.into_iter().filter(|d| !index.holds(d.id)).collect())
    }

    async fn texts(&self, case: i64, documents: Vec<DocumentRow>) -> Result<Vec<Indexed>, SearchError> {
        use futures_util::StreamExt as _;
        if documents.is_empty() {
            return Ok(Vec::new());
        }
        let key = self.store.data_key(&self.master, case).await?;
        let key = &key;
        let texts = futures_util::stream::iter(documents)
            .map(|d| async move {
                let mut text = String::new();
                if extractable(&d.media_type, &d.file_name, d.size) {
                    match self.read_whole(key, &d.blob).await {
                        Ok(bytes) => {
                            let (media, name) = (d.media_type.clone(), d.file_name.clone());
                            text = tokio::task::spawn_blocking(move || extract_text(&media, &name, &bytes))
                                .await
                                .unwrap_or_default();
                        }
                        // Only the document's id: its content never reaches the log.
                        Err(e) => {
                            tracing::error!(document = d.id, error = %e, "a document could not be read for the index")
                        }
                    }
                }
                Indexed { id: d.id, title: d.title, text }
            })
            .buffered(READ_AT_ONCE)
            .collect()
            .await;
        Ok(texts)
    }
}

impl Stored {
    async fn read_whole(&self, key: &crate::blobs::DataKey, blob: &str) -> Result<Vec<u8>, crate::blobs::BlobError> {
        use futures_util::StreamExt as _;
        let mut stream = self.blobs.read(key, blob).await?;
        let mut bytes = Vec::new();
        while let Some(chunk) = stream.next().await {
            bytes.extend_from_slice(&chunk?);
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A case file in memory, counting what it is asked.
    #[derive(Default)]
    struct Fake {
        cases: Mutex<std::collections::HashMap<i64, Vec<(i64, String)>>>,
        listed: AtomicU64,
    }

    impl Fake {
        fn file(&self, case: i64, id: i64, text: &str) {
            self.cases.lock().unwrap().entry(case).or_default().push((id, text.to_owned()));
        }
    }

    fn row(case: i64, id: i64, size: u64) -> DocumentRow {
        DocumentRow {
            id,
            case,
            title: format!("Document {id}"),
            kind: iomed_domain::documents::DocumentType::Exhibit,
            language: "en".into(),
            audience: iomed_domain::documents::Audience::Joint,
            filed_by: iomed_domain::access::UserId(1),
            filed_by_name: String::new(),
            filed_at: jiff::Timestamp::UNIX_EPOCH,
            file_name: "a.txt".into(),
            media_type: "text/plain".into(),
            size,
            content_hash: String::new(),
            blob: String::new(),
            replaces: None,
            replaced_by: None,
            translation: None,
            shared_from: None,
            number: id,
        }
    }

    impl Library for Fake {
        async fn missing(&self, case: i64, index: &CaseIndex) -> Result<Vec<DocumentRow>, SearchError> {
            self.listed.fetch_add(1, Ordering::Relaxed);
            let cases = self.cases.lock().unwrap();
            Ok(cases
                .get(&case)
                .into_iter()
                .flatten()
                .filter(|(id, _)| !index.holds(*id))
                .map(|(id, text)| row(case, *id, text.len() as u64))
                .collect())
        }

        async fn texts(&self, case: i64, documents: Vec<DocumentRow>) -> Result<Vec<Indexed>, SearchError> {
            tokio::task::yield_now().await;
            let cases = self.cases.lock().unwrap();
            let texts = cases.get(&case).cloned().unwrap_or_default();
            Ok(documents
                .into_iter()
                .map(|d| {
                    let text = texts.iter().find(|(id, _)| *id == d.id).map(|(_, t)| t.clone()).unwrap_or_default();
                    Indexed { id: d.id, title: d.title, text }
                })
                .collect())
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_case_is_indexed_once_for_concurrent_readers_then_only_what_is_new() {
        let library = Arc::new(Fake::default());
        for id in 1..=20 {
            library.file(1, id, &format!("exhibit number {id} about port cranes"));
        }
        let indexes = Arc::new(SearchIndexes::default());
        let mut readers = Vec::new();
        for r in 0..16 {
            let (library, indexes) = (library.clone(), indexes.clone());
            readers.push(tokio::spawn(async move {
                // Half the readers see every document, half only the first ten.
                let visible: HashSet<i64> = if r % 2 == 0 { (1..=20).collect() } else { (1..=10).collect() };
                indexes.search(&*library, 1, visible, "cranes", 50, false).await.unwrap().count
            }));
        }
        let mut counts = Vec::new();
        for reader in readers {
            counts.push(reader.await.unwrap());
        }
        counts.sort_unstable();
        assert_eq!(counts, [[10; 8], [20; 8]].concat());
        assert_eq!(indexes.extracted(), 20, "built once, not once per reader");

        // A new filing: the warmed index extracts it alone, and the next search finds it. One
        // warm-up is asked for however many filings come before it begins.
        library.file(1, 21, "the tonnage certificate of the vessel");
        assert!(indexes.should_warm(1));
        assert!(!indexes.should_warm(1));
        assert!(!indexes.should_warm(2), "a case not kept is not warmed");
        indexes.warm(&*library, 1).await.unwrap();
        assert!(indexes.should_warm(1));
        indexes.warm(&*library, 1).await.unwrap();
        assert_eq!(indexes.extracted(), 21);
        let found = indexes.search(&*library, 1, (1..=21).collect(), "tonnage", 10, false).await.unwrap();
        assert_eq!(found.hits, [Hit { document: 21, snippet: String::new() }]);
        assert_eq!(indexes.extracted(), 21, "found without extracting anything again");

        // Filed and searched without a warm-up: the search adds it first.
        library.file(1, 22, "a second tonnage certificate");
        let found = indexes.search(&*library, 1, (1..=22).collect(), "tonnage", 10, false).await.unwrap();
        assert_eq!(found.count, 2);
        assert_eq!(indexes.extracted(), 22);

        // A reader who may see nothing is answered without the index.
        let listed = library.listed.load(Ordering::Relaxed);
        library.file(1, 23, "tonnage");
        assert_eq!(indexes.search(&*library, 1, HashSet::new(), "tonnage", 10, false).await.unwrap(), Found::default());
        assert_eq!(library.listed.load(Ordering::Relaxed), listed);
    }

    #[tokio::test]
    async fn the_least_recently_searched_cases_are_dropped_and_indexed_again_when_searched() {
        let library = Fake::default();
        for case in 1..=3 {
            library.file(case, case * 100, "a statement of claim");
        }
        let indexes = SearchIndexes::new(Limits { cases: 2, bytes: u64::MAX });
        for case in 1..=3 {
            let found = indexes.search(&library, case, [case * 100].into(), "claim", 10, false).await.unwrap();
            assert_eq!(found.count, 1);
        }
        assert_eq!(indexes.kept().iter().map(|k| k.0).collect::<Vec<_>>(), [3, 2]);
        // Warming a case that is not kept does nothing.
        library.file(1, 101, "a reply");
        indexes.warm(&library, 1).await.unwrap();
        assert!(!indexes.is_kept(1));
        assert_eq!(indexes.extracted(), 3);
        // Searched again, case 1 is indexed again, whole.
        assert_eq!(indexes.search(&library, 1, [100, 101].into(), "reply", 10, false).await.unwrap().count, 1);
        assert_eq!(indexes.extracted(), 5);
        assert_eq!(indexes.kept().iter().map(|k| k.0).collect::<Vec<_>>(), [1, 3]);

        // By size: only the most recent is kept when each is larger than the limit.
        let small = SearchIndexes::new(Limits { cases: 10, bytes: 1 });
        for case in 1..=3 {
            small.search(&library, case, [case * 100].into(), "claim", 10, false).await.unwrap();
        }
        assert_eq!(small.kept().iter().map(|k| k.0).collect::<Vec<_>>(), [3]);
    }
}
