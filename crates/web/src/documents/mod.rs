//! The case file: filing documents (streamed, encrypted), the case file page with its views,
//! filters and search, metadata and downloads, permission to share a caucus document, and the
//! reader's export.
//!
//! Every read asks the access policy with the document's audience; outside it a document does
//! not exist, and the answer is the one for a document never filed. Lists are filtered before
//! anything is counted. Every view and download is recorded in the ledger.

pub mod api;
pub mod download;
pub mod export;
pub mod meta;
pub mod pages;
pub mod search;
pub mod share;
pub mod upload;
