//! What every resource uses, and nothing that belongs to one resource: the error type, the
//! credential and the policy, typed forms, rendering, the request context, languages and
//! formatting. Architecture Invariant: `kit` imports no resource module.

pub mod access;
pub mod answer;
pub mod auth;
pub mod case_query;
pub mod confirm;
pub mod context;
pub mod error;
pub mod field_errors;
pub mod files;
pub mod fonts;
pub mod forms;
pub mod i18n;
pub mod limits;
pub mod metrics;
pub mod notices;
pub mod paging;
pub mod prg;
pub mod problem;
pub mod refusals;
pub mod render;
pub mod request;
pub mod schemas;
pub mod scope_view;
pub mod security;
pub mod state;
pub mod states;
pub mod summaries;
pub mod views;
