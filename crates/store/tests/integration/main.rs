//! The store's integration tests. Every test runs on SQLite and, when `IOMED_TEST_POSTGRES_URL`
//! points at a PostgreSQL server (as `scripts/test` arranges), on a fresh PostgreSQL database too.

mod ledger;
mod registry;
mod support;
