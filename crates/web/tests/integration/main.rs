//! The web crate's integration tests: the router in-process, on a fresh database on each engine.

mod api;
mod pages;
mod support;
