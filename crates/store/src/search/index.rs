//! One case's index, and the statistics its searches are scored by.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use tantivy::collector::{Count, FilterCollector, TopDocs};
use tantivy::query::{Bm25StatisticsProvider, Query, QueryParser};
use tantivy::schema::{FAST, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{LowerCaser, NgramTokenizer, TextAnalyzer};
use tantivy::{DocSet as _, Index, IndexReader, ReloadPolicy, Searcher, TERMINATED, TantivyDocument, Term, doc};

use super::{Found, Hit, Indexed, SNIPPET_CHARS, SearchError, unspaced_words};

/// The index of one case's documents, in memory.
pub struct CaseIndex {
    index: Index,
    reader: IndexReader,
    parser: QueryParser,
    body: Field,
    /// The fields a query is matched against.
    fields: [Field; 4],
    /// The documents committed to the index and visible to its searcher.
    ids: RwLock<HashSet<i64>>,
    /// Its size, as tantivy counts it, after the last addition.
    bytes: AtomicU64,
    /// Held while documents are added: tantivy allows one writer at a time.
    writing: Mutex<()>,
}

impl std::fmt::Debug for CaseIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CaseIndex(…)")
    }
}

/// The name of the fast field that holds a document's id.
const ID: &str = "id";

impl CaseIndex {
    /// An empty index.
    pub fn new() -> Result<CaseIndex, SearchError> {
        let mut builder = Schema::builder();
        builder.add_i64_field(ID, FAST);
        let words = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("default")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let grams = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("grams")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let title = builder.add_text_field("title", words.clone());
        let body = builder.add_text_field("body", words.set_stored());
        let title_grams = builder.add_text_field("title_grams", grams.clone());
        let body_grams = builder.add_text_field("body_grams", grams);
        let index = Index::create_in_ram(builder.build());
        let ngrams = NgramTokenizer::new(1, 2, false)?;
        index.tokenizers().register("grams", TextAnalyzer::builder(ngrams).filter(LowerCaser).build());
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let fields = [title, body, title_grams, body_grams];
        let mut parser = QueryParser::for_index(&index, fields.to_vec());
        parser.set_conjunction_by_default();
        Ok(CaseIndex {
            index,
            reader,
            parser,
            body,
            fields,
            ids: RwLock::default(),
            bytes: AtomicU64::new(0),
            writing: Mutex::new(()),
        })
    }

    /// An index of these documents.
    pub fn build(documents: &[Indexed]) -> Result<CaseIndex, SearchError> {
        let index = CaseIndex::new()?;
        index.add(documents)?;
        Ok(index)
    }

    /// Adds the documents it does not hold yet, in one commit; once this returns, searches find
    /// them. Blocks: call it off the async runtime.
    pub fn add(&self, documents: &[Indexed]) -> Result<(), SearchError> {
        let _writing = self.writing.lock().map_err(|_| SearchError::Poisoned)?;
        let new: Vec<&Indexed> = {
            let ids = self.ids.read().map_err(|_| SearchError::Poisoned)?;
            let mut seen = HashSet::new();
            documents.iter().filter(|d| !ids.contains(&d.id) && seen.insert(d.id)).collect()
        };
        if new.is_empty() {
            return Ok(());
        }
        let schema = self.index.schema();
        let id = schema.get_field(ID)?;
        let [title, body, title_grams, body_grams] = self.fields;
        let mut writer = self.index.writer_with_num_threads::<TantivyDocument>(1, 50_000_000)?;
        for d in &new {
            writer.add_document(doc!(
                id => d.id,
                title => d.title.as_str(),
                body => d.text.as_str(),
                title_grams => unspaced_words(&d.title),
                body_grams => unspaced_words(&d.text),
            ))?;
        }
        writer.commit()?;
        // The merges the commit started end here, so that the segments stay few.
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        let size = self.reader.searcher().space_usage()?.total().get_bytes();
        self.bytes.store(size, Ordering::Relaxed);
        let mut ids = self.ids.write().map_err(|_| SearchError::Poisoned)?;
        ids.extend(new.iter().map(|d| d.id));
        Ok(())
    }

    /// Whether the index holds every one of these documents.
    pub fn holds_all<'a>(&self, documents: impl IntoIterator<Item = &'a i64>) -> bool {
        match self.ids.read() {
            Ok(ids) => documents.into_iter().all(|d| ids.contains(d)),
            Err(_) => false,
        }
    }

    /// Whether the index holds this document.
    pub fn holds(&self, document: i64) -> bool {
        self.holds_all([&document])
    }

    /// How many documents it holds.
    pub fn len(&self) -> usize {
        self.ids.read().map(|ids| ids.len()).unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Its size in memory as tantivy counts it (postings, positions, stored text, fast fields).
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// The best `limit` of the documents in `visible` that match `query`, best first, and how
    /// many of them match. Every word must match (in a title or a text). Documents outside
    /// `visible` are neither collected nor counted, and take no part in the scores (see the
    /// module's documentation). With `snippets`, each hit has the stretch of its text around the
    /// match. Blocks: call it off the async runtime.
    pub fn search(
        &self,
        query: &str,
        visible: &Arc<HashSet<i64>>,
        limit: usize,
        snippets: bool,
    ) -> Result<Found, SearchError> {
        let searcher = self.reader.searcher();
        let statistics = VisibleStatistics::new(&searcher, visible)?;
        if statistics.docs == 0 || limit == 0 {
            return Ok(Found::default());
        }
        let (query, _errors) = self.parser.parse_query_lenient(query);
        let allowed = visible.clone();
        let collector = FilterCollector::new(
            ID.to_owned(),
            move |id: i64| allowed.contains(&id),
            (TopDocs::with_limit(limit).order_by_score(), Count),
        );
        let (top, count) = searcher.search_with_statistics_provider(&*query, &collector, &statistics)?;
        let generator = if snippets { Some(self.generator(&searcher, &*query, &statistics)?) } else { None };
        let mut hits = Vec::with_capacity(top.len());
        for (_score, address) in top {
            let column = searcher.segment_reader(address.segment_ord).fast_fields().i64(ID)?;
            let Some(document) = column.first(address.doc_id) else { continue };
            let snippet = match &generator {
                Some(generator) => {
                    let found: TantivyDocument = searcher.doc(address)?;
                    generator.snippet_from_doc(&found).fragment().trim().to_owned()
                }
                None => String::new(),
            };
            hits.push(Hit { document, snippet });
        }
        Ok(Found { hits, count })
    }

    /// The snippets of `documents` for `query`, those of them in `visible` only, in their order:
    /// for a list that ranks with [`CaseIndex::search`] and shows a page of the ranking. The
    /// terms are weighted among the visible documents, as the search's own snippets are. Blocks:
    /// call it off the async runtime.
    pub fn snippets(
        &self,
        query: &str,
        visible: &Arc<HashSet<i64>>,
        documents: &[i64],
    ) -> Result<Vec<Hit>, SearchError> {
        let wanted: HashSet<i64> = documents.iter().copied().filter(|d| visible.contains(d)).collect();
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let statistics = VisibleStatistics::new(&searcher, visible)?;
        let (query, _errors) = self.parser.parse_query_lenient(query);
        let generator = self.generator(&searcher, &*query, &statistics)?;
        let mut found = std::collections::HashMap::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let column = segment.fast_fields().i64(ID)?;
            for doc in 0..segment.max_doc() {
                let Some(id) = column.first(doc).filter(|id| wanted.contains(id)) else { continue };
                let address = tantivy::DocAddress::new(ord as u32, doc);
                let stored: TantivyDocument = searcher.doc(address)?;
                found.insert(id, generator.snippet_from_doc(&stored).fragment().trim().to_owned());
            }
        }
        Ok(documents.iter().filter_map(|d| found.remove(d).map(|snippet| Hit { document: *d, snippet })).collect())
    }

    /// A snippet generator whose terms are weighted by their frequency among the visible
    /// documents only (as tantivy's own weights them by the whole index).
    fn generator(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        statistics: &VisibleStatistics,
    ) -> Result<SnippetGenerator, SearchError> {
        let mut terms: BTreeSet<&Term> = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == self.body {
                terms.insert(term);
            }
        });
        let mut weights = BTreeMap::new();
        for term in terms {
            let value = term.value();
            let Some(text) = value.as_str() else { continue };
            let frequency = statistics.doc_freq(term)?;
            if frequency > 0 {
                weights.insert(text.to_owned(), 1.0 / (1.0 + frequency as f32));
            }
        }
        let tokenizer = searcher.index().tokenizer_for_field(self.body)?;
        Ok(SnippetGenerator::new(weights, tokenizer, self.body, SNIPPET_CHARS))
    }
}

/// BM25's statistics over the visible documents only: how many there are, how many hold a term,
/// and how many tokens they have in a field, so that what a reader is shown is exactly what an
/// index of their documents alone would show them.
pub struct VisibleStatistics<'a> {
    searcher: &'a Searcher,
    /// For each segment, which of its documents are visible.
    visible: Vec<Vec<bool>>,
    docs: u64,
}

impl<'a> VisibleStatistics<'a> {
    fn new(searcher: &'a Searcher, ids: &HashSet<i64>) -> Result<VisibleStatistics<'a>, SearchError> {
        let mut visible = Vec::with_capacity(searcher.segment_readers().len());
        let mut docs = 0;
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().i64(ID)?;
            let seen: Vec<bool> = (0..segment.max_doc())
                .map(|doc| !segment.is_deleted(doc) && column.first(doc).is_some_and(|id| ids.contains(&id)))
                .collect();
            docs += seen.iter().filter(|v| **v).count() as u64;
            visible.push(seen);
        }
        Ok(VisibleStatistics { searcher, visible, docs })
    }
}

impl Bm25StatisticsProvider for VisibleStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let mut total = 0;
        for (segment, visible) in self.searcher.segment_readers().iter().zip(&self.visible) {
            let norms = segment.get_fieldnorms_reader(field)?;
            for (doc, _) in visible.iter().enumerate().filter(|(_, v)| **v) {
                total += u64::from(norms.fieldnorm(doc as u32));
            }
        }
        Ok(total)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let mut total = 0;
        for (segment, visible) in self.searcher.segment_readers().iter().zip(&self.visible) {
            let Some(mut postings) =
                segment.inverted_index(term.field())?.read_postings(term, IndexRecordOption::Basic)?
            else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if visible.get(doc as usize).copied().unwrap_or(false) {
                    total += 1;
                }
                doc = postings.advance();
            }
        }
        Ok(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indexed(id: i64, title: &str, text: &str) -> Indexed {
        Indexed { id, title: title.into(), text: text.into() }
    }

    fn everyone(documents: &[Indexed]) -> Arc<HashSet<i64>> {
        Arc::new(documents.iter().map(|d| d.id).collect())
    }

    #[test]
    fn words_in_latin_and_chinese_script_are_found() {
        let documents = [
            indexed(1, "Request for mediation", "Harbourline claims the price of four port cranes."),
            indexed(2, "Acceptance tests", "Two cranes failed the load test at 38 tonnes."),
            indexed(3, "调解申请书", "港口起重机的价款争议。"),
        ];
        let index = CaseIndex::build(&documents).unwrap();
        let all = everyone(&documents);
        let search = |q: &str| index.search(q, &all, 10, true).unwrap();
        let ids = |q: &str| search(q).hits.into_iter().map(|h| h.document).collect::<Vec<_>>();
        assert_eq!(ids("cranes failed"), [2]);
        assert_eq!(ids("MEDIATION"), [1]);
        assert_eq!(ids("起重机"), [3]);
        assert_eq!(ids("调解"), [3]);
        assert!(ids("arbitration").is_empty());
        assert!(search("load").hits[0].snippet.contains("load"));
        // A query that is not well formed is read leniently, never an error.
        assert!(index.search("\"unclosed AND (", &all, 10, true).is_ok());
        // Letter pairs of Latin words are not n-grams: "rane" is no word of any document.
        assert!(ids("rane").is_empty());
    }

    #[test]
    fn only_visible_documents_are_found_counted_and_ranked_by() {
        // Visible: A has more of "alpha", B more of "beta". Among them "beta" is the rarer, so B
        // comes first; the hidden documents make "beta" the commoner in the whole case.
        let visible_documents =
            [indexed(1, "", "alpha alpha beta"), indexed(2, "", "alpha beta beta"), indexed(3, "", "alpha gamma")];
        let hidden = [
            indexed(10, "", "beta delta"),
            indexed(11, "", "beta delta"),
            indexed(12, "", "beta delta"),
            indexed(13, "", "beta delta"),
            indexed(14, "", "beta delta"),
            indexed(15, "Alpha beta", "alpha beta delta"),
        ];
        let alone = CaseIndex::build(&visible_documents).unwrap();
        let visible = everyone(&visible_documents);
        let expected = alone.search("alpha beta", &visible, 10, true).unwrap();
        assert_eq!(expected.hits.iter().map(|h| h.document).collect::<Vec<_>>(), [2, 1]);
        assert_eq!(expected.count, 2);

        // The whole case in one index, the hidden documents added after.
        let case = CaseIndex::build(&visible_documents).unwrap();
        case.add(&hidden).unwrap();
        assert_eq!(case.len(), 9);
        let found = case.search("alpha beta", &visible, 10, true).unwrap();
        assert_eq!(found, expected, "the hidden documents change nothing the reader is shown");
        let delta = case.search("delta", &visible, 10, true).unwrap();
        assert_eq!(delta, Found::default());
        // A limit smaller than the matches still gives the best visible ones, and their count.
        let one = case.search("alpha", &visible, 1, false).unwrap();
        assert_eq!((one.hits.len(), one.count), (1, 3));
        // Everything: the hidden ones too.
        let all: Arc<HashSet<i64>> = Arc::new(visible.iter().copied().chain(hidden.iter().map(|d| d.id)).collect());
        assert_eq!(case.search("alpha beta", &all, 10, false).unwrap().count, 3);
        // Nothing visible, nothing found.
        assert_eq!(case.search("alpha", &Arc::default(), 10, false).unwrap(), Found::default());
    }

    #[test]
    fn documents_added_later_are_found_and_added_once() {
        let index = CaseIndex::build(&[indexed(1, "Exhibit C-1", "invoices")]).unwrap();
        let before = index.bytes();
        assert!(before > 0);
        index.add(&[indexed(2, "Exhibit C-2", "bills of lading"), indexed(1, "Exhibit C-1", "invoices")]).unwrap();
        assert_eq!(index.len(), 2);
        assert!(index.holds_all(&[1, 2]) && !index.holds(3));
        let both: Arc<HashSet<i64>> = Arc::new([1, 2].into());
        assert_eq!(index.search("exhibit", &both, 10, false).unwrap().count, 2);
        assert_eq!(index.search("lading", &both, 10, false).unwrap().hits[0].document, 2);
        // The snippets of chosen documents, the visible ones only, as the search cuts them.
        let with = index.search("lading", &both, 10, true).unwrap().hits;
        assert_eq!(index.snippets("lading", &both, &[2, 3]).unwrap(), with);
        assert_eq!(index.snippets("lading", &both, &[1]).unwrap(), [Hit { document: 1, snippet: String::new() }]);
        let one: Arc<HashSet<i64>> = Arc::new([1].into());
        assert!(index.snippets("lading", &one, &[2]).unwrap().is_empty());
        assert!(index.bytes() > before);
    }
}
/// The count a search gives is the number of documents it would list: for any documents, added
/// in any number of commits (segments), any visible part of them and any query of whole words,
/// parts of words and Chinese.
#[cfg(test)]
mod counted {
    use super::*;
    use proptest::prelude::*;

    const WORDS: [&str; 10] = ["crane", "cranes", "Kestrel", "port", "起重机", "港口", "调解", "a", "SA", "(France)"];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100))]
        #[test]
        fn the_count_is_the_number_of_documents_found(
            docs in proptest::collection::vec((proptest::collection::vec(0..10usize, 0..4), proptest::collection::vec(0..10usize, 0..12), any::<bool>()), 1..8),
            query in proptest::collection::vec(0..10usize, 1..3),
            chunks in 1..3usize,
        ) {
            let make = |w: &[usize]| w.iter().map(|i| WORDS[*i]).collect::<Vec<_>>().join(" ");
            let all: Vec<Indexed> = docs.iter().enumerate().map(|(i, (t, x, _))| Indexed { id: i as i64 + 1, title: make(t), text: make(x) }).collect();
            let index = CaseIndex::new().unwrap();
            for part in all.chunks(chunks) { index.add(part).unwrap(); }
            let visible: Arc<HashSet<i64>> = Arc::new(docs.iter().enumerate().filter(|(_, d)| d.2).map(|(i, _)| i as i64 + 1).collect());
            let q = make(&query);
            let found = index.search(&q, &visible, all.len(), false).unwrap();
            prop_assert_eq!(found.count, found.hits.len(), "{} {:?}", q, all.iter().map(|d| (&d.title, &d.text)).collect::<Vec<_>>());
            prop_assert!(found.hits.iter().all(|h| visible.contains(&h.document)));
            // With a smaller limit, the same count and the best of the same hits.
            let fewer = index.search(&q, &visible, 1, false).unwrap();
            prop_assert_eq!(fewer.count, found.count);
            prop_assert_eq!(&fewer.hits[..], &found.hits[..found.hits.len().min(1)]);
        }
    }
}
