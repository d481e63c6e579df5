//! Full-text search over a case file: a tantivy index held in memory only, built from the
//! documents one reader may see (their titles, and the text of text files and PDFs, decrypted on
//! demand), so that no confidential text is ever written to disk in clear and a result can only
//! be a document the reader may see.
//!
//! Latin-script words are matched by the default tokenizer (lower-cased); Chinese and other
//! text without spaces through overlapping one- and two-character n-grams.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value as _};
use tantivy::tokenizer::{LowerCaser, NgramTokenizer, TextAnalyzer};
use tantivy::{Index, IndexReader, TantivyDocument, doc};

/// Text taken from one document is cut at this many bytes.
pub const TEXT_MAX: usize = 2 * 1024 * 1024;
/// Files larger than this are indexed by title only.
pub const FILE_MAX: u64 = 32 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("the search index failed: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("the query could not be read: {0}")]
    Query(#[from] tantivy::query::QueryParserError),
}

/// A document to index: its id, title and extracted text (empty if none).
#[derive(Debug, Clone)]
pub struct Indexed {
    pub id: i64,
    pub title: String,
    pub text: String,
}

/// A result: the document and a stretch of its text around the match (empty for a title match).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub document: i64,
    pub snippet: String,
}

/// Whether a file's text can be extracted for the index.
pub fn extractable(media_type: &str, file_name: &str, size: u64) -> bool {
    let lower = file_name.to_ascii_lowercase();
    size <= FILE_MAX
        && (media_type.starts_with("text/")
            || media_type.starts_with("application/pdf")
            || lower.ends_with(".txt")
            || lower.ends_with(".pdf"))
}

/// The text of a file, if it is a text file or a PDF whose text can be read. A PDF the
/// extractor cannot read (or that makes it panic) gives no text, never an error.
pub fn extract_text(media_type: &str, file_name: &str, bytes: &[u8]) -> String {
    let pdf = media_type.starts_with("application/pdf")
        || file_name.to_ascii_lowercase().ends_with(".pdf")
        || bytes.starts_with(b"%PDF");
    let mut text = if pdf {
        std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes))
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default()
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    };
    if text.len() > TEXT_MAX {
        let mut cut = TEXT_MAX;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text
}

/// An index of some documents of one case, in memory.
pub struct CaseIndex {
    index: Index,
    reader: IndexReader,
    id: Field,
    fields: [Field; 4],
    body: Field,
}

impl std::fmt::Debug for CaseIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CaseIndex(…)")
    }
}

impl CaseIndex {
    pub fn build(documents: &[Indexed]) -> Result<CaseIndex, SearchError> {
        let mut builder = Schema::builder();
        let id = builder.add_i64_field("id", STORED);
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
        let mut writer = index.writer_with_num_threads(1, 50_000_000)?;
        for d in documents {
            writer.add_document(doc!(
                id => d.id,
                title => d.title.as_str(),
                body => d.text.as_str(),
                title_grams => d.title.as_str(),
                body_grams => d.text.as_str(),
            ))?;
        }
        writer.commit()?;
        let reader = index.reader()?;
        Ok(CaseIndex { index, reader, id, fields: [title, body, title_grams, body_grams], body })
    }

    /// The documents matching `query`, best first. Every word must match (in a title or a text).
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let mut parser = QueryParser::for_index(&self.index, self.fields.to_vec());
        parser.set_conjunction_by_default();
        let (query, _errors) = parser.parse_query_lenient(query);
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        let snippets = tantivy::snippet::SnippetGenerator::create(&searcher, &*query, self.body)?;
        let mut hits = Vec::with_capacity(top.len());
        for (_score, address) in top {
            let found: TantivyDocument = searcher.doc(address)?;
            let Some(document) = found.get_first(self.id).and_then(|v| v.as_i64()) else { continue };
            let snippet = snippets.snippet_from_doc(&found).fragment().trim().to_owned();
            hits.push(Hit { document, snippet });
        }
        Ok(hits)
    }
}

/// Indexes recently built, keyed by the exact set of documents in them: documents are
/// immutable, so the same set always gives the same index. Held in memory only.
#[derive(Default)]
pub struct SearchCache {
    entries: Mutex<VecDeque<(Vec<i64>, Arc<CaseIndex>)>>,
}

impl std::fmt::Debug for SearchCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SearchCache(…)")
    }
}

/// How many indexes the cache keeps.
const CACHED: usize = 16;

impl SearchCache {
    pub fn get(&self, documents: &[i64]) -> Option<Arc<CaseIndex>> {
        let entries = self.entries.lock().ok()?;
        entries.iter().find(|(key, _)| key == documents).map(|(_, index)| index.clone())
    }

    pub fn put(&self, documents: Vec<i64>, index: Arc<CaseIndex>) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|(key, _)| *key != documents);
            entries.push_front((documents, index));
            entries.truncate(CACHED);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indexed(id: i64, title: &str, text: &str) -> Indexed {
        Indexed { id, title: title.into(), text: text.into() }
    }

    #[test]
    fn words_in_latin_and_chinese_script_are_found() {
        let index = CaseIndex::build(&[
            indexed(1, "Request for mediation", "Harbourline claims the price of four port cranes."),
            indexed(2, "Acceptance tests", "Two cranes failed the load test at 38 tonnes."),
            indexed(3, "调解申请书", "港口起重机的价款争议。"),
        ])
        .unwrap();
        let ids = |q: &str| index.search(q, 10).unwrap().into_iter().map(|h| h.document).collect::<Vec<_>>();
        assert_eq!(ids("cranes failed"), [2]);
        assert_eq!(ids("MEDIATION"), [1]);
        assert_eq!(ids("起重机"), [3]);
        assert_eq!(ids("调解"), [3]);
        assert!(ids("arbitration").is_empty());
        assert!(index.search("load", 10).unwrap()[0].snippet.contains("load"));
        // A query that is not well formed is read leniently, never an error.
        assert!(index.search("\"unclosed AND (", 10).is_ok());
    }

    /// A one-page PDF showing `text` in Helvetica, with a correct cross-reference table.
    fn pdf_with(text: &str) -> Vec<u8> {
        let stream = format!("BT /F1 18 Tf 30 70 Td ({text}) Tj ET");
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
                .to_owned(),
            format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        ];
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
        }
        let xref = pdf.len();
        pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for offset in offsets {
            pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        pdf.extend_from_slice(
            format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
        );
        pdf
    }

    #[test]
    fn the_text_of_a_pdf_is_extracted() {
        let text = extract_text("application/pdf", "memo.pdf", &pdf_with("Kestrel valuation memo"));
        assert!(text.contains("Kestrel valuation memo"), "{text:?}");
    }

    #[test]
    fn text_is_taken_from_text_files_and_cut_at_the_limit() {
        assert_eq!(extract_text("text/plain", "a.txt", b"caucus note"), "caucus note");
        assert_eq!(extract_text("application/pdf", "a.pdf", b"%PDF-1.7 not really a pdf"), "");
        let long = "é".repeat(TEXT_MAX);
        assert!(extract_text("text/plain", "a.txt", long.as_bytes()).len() <= TEXT_MAX);
        assert!(extractable("text/plain; charset=utf-8", "x", 10));
        assert!(!extractable("image/png", "x.png", 10));
        assert!(!extractable("text/plain", "x.txt", FILE_MAX + 1));
    }
}
