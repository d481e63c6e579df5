//! Full-text search over a case file: one tantivy index per case, of every document of the case
//! whatever its audience (titles, and the text of text files and PDFs, decrypted on demand),
//! searched for one reader among exactly the documents that reader may see.
//!
//! **In memory only.** The index holds the clear text of confidential documents (the stored text
//! the snippets are cut from, and the terms themselves), while every document is kept encrypted
//! at rest: an index on disk would write that text to disk in clear. So an index lives in a
//! tantivy RAM directory and nowhere else, and a case whose index is dropped is indexed again
//! from the encrypted blobs when next searched.
//!
//! **Incremental.** Documents are immutable (a new version is a new document), so an index only
//! ever grows: [`SearchIndexes`] keeps which documents each index holds, and when new ones were
//! filed it extracts and adds only those. A search whose reader may see a document the index does
//! not hold yet adds what is missing first, so a filing is always found by the next search; the
//! web layer also warms an index that is already loaded as soon as a document is filed.
//!
//! **Built once, bounded.** Concurrent first searches of a case wait on that case's lock and the
//! first builds the index for all of them. At most [`Limits::cases`] indexes are kept, and no more
//! than [`Limits::bytes`] of them in total (as tantivy counts their size), the least recently
//! searched dropped first; the index just searched is always kept, however large.
//!
//! **Audiences at query time.** The caller passes the ids of the documents the reader may see
//! (as the access policy decided them); the top documents and the count are collected among those
//! only (an `i64` fast field holds each document's id, filtered by tantivy's `FilterCollector`),
//! never by searching everything and cutting the result, so a reader always gets as many results
//! as match among their documents, and nothing of the others.
//!
//! Ranking is BM25, whose inverse document frequency and average length are statistics over a
//! corpus. Computed over the whole case, they would let the order of a reader's own results say
//! something of the documents hidden from them: two visible documents, one with more of "alpha",
//! the other with more of "beta", rank one way or the other depending on whether "beta" is more
//! common than "alpha" in the documents the reader cannot see. So the statistics are computed over
//! the reader's visible documents only ([`VisibleStatistics`]): scores, order, counts and the
//! choice of a snippet's fragment are exactly what an index of those documents alone would give,
//! and a hidden document changes none of them.
//!
//! Latin-script words are matched by the default tokenizer (lower-cased). Chinese, Japanese, Thai
//! and other text written without spaces is matched through overlapping one- and two-character
//! n-grams, which are taken of the words in those scripts only: n-grams of every Latin word would
//! match any word whose letter pairs occur anywhere in a long document, and more than double the
//! index.

mod index;
mod indexes;

pub use index::{CaseIndex, VisibleStatistics};
pub use indexes::{Library, Limits, SearchIndexes, Stored};

/// Text taken from one document is cut at this many bytes.
pub const TEXT_MAX: usize = 2 * 1024 * 1024;
/// Files larger than this are indexed by title only.
pub const FILE_MAX: u64 = 32 * 1024 * 1024;
/// The text extracted before it is added to an index and committed: an index of many documents
/// is built in steps of about this many bytes, so that the text waiting to be indexed stays small.
pub(crate) const BATCH_BYTES: u64 = 32 * 1024 * 1024;
/// The longest snippet, in characters.
pub(crate) const SNIPPET_CHARS: usize = 150;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("the search index failed: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("the search index could not measure itself: {0}")]
    Size(#[from] std::io::Error),
    #[error("the documents could not be read for the index: {0}")]
    Store(#[from] crate::StoreError),
    #[error("the search index is unusable after a failure in another search")]
    Poisoned,
    #[error("a search task did not finish")]
    Task,
}

/// A document to index: its id, title and extracted text (empty if none).
#[derive(Debug, Clone)]
pub struct Indexed {
    pub id: i64,
    pub title: String,
    pub text: String,
}

/// A result: the document and a stretch of its text around the match (empty for a title match,
/// or when snippets were not asked for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub document: i64,
    pub snippet: String,
}

/// What a search found among the reader's documents: the best `limit`, best first, and how many
/// match in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    pub hits: Vec<Hit>,
    pub count: usize,
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

/// Whether `c` belongs to a script written without spaces between words (Han, kana, Hangul —
/// whose words take their particles without a space —, Thai, Lao, Khmer, Myanmar).
fn unspaced(c: char) -> bool {
    matches!(c as u32,
        0x1000..=0x109F // Myanmar
        | 0x0E00..=0x0EFF // Thai, Lao
        | 0x1100..=0x11FF // Hangul Jamo
        | 0x1780..=0x17FF // Khmer
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x3130..=0x318F // Hangul compatibility Jamo
        | 0x31F0..=0x31FF // Katakana phonetic extensions
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0xFF66..=0xFF9F // half-width Katakana
        | 0x20000..=0x3FFFF // CJK extensions B and later
    )
}

/// The words of `text` (as separated by white space) that hold a character of a script written
/// without spaces, for the n-gram fields.
pub(crate) fn unspaced_words(text: &str) -> String {
    let mut out = String::new();
    for word in text.split_whitespace().filter(|w| w.chars().any(unspaced)) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn only_words_of_unspaced_scripts_go_to_the_n_grams() {
        assert_eq!(unspaced_words("Harbourline 港口起重机 cranes ABC公司"), "港口起重机 ABC公司");
        assert_eq!(unspaced_words("no such words"), "");
    }
}
