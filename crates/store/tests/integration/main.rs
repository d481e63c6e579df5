//! The store's integration tests. Every test runs on SQLite and, when `IOMED_TEST_POSTGRES_URL`
//! points at a PostgreSQL server (as `scripts/test` arranges), on a fresh PostgreSQL database too.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accounts;
mod annexes;
mod cases;
mod documents;
mod ledger;
mod mediators;
mod registry;
mod support;
mod writer;
