//! The web crate's integration tests: the router in-process, on a fresh database on each engine.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accounts;
mod annexes;
mod api;
mod architecture;
mod cases;
mod documents;
mod ids;
mod lists;
mod mediators;
mod messages;
mod metrics;
mod notifications;
mod openapi;
mod pages;
mod redteam;
mod scope;
mod support;
