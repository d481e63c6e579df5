//! Requests for mediation and cases: drafting and filing ([`requests`]), a draft's annexes
//! ([`annexes`], [`annex_api`]), the list and the case
//! page with its steps ([`pages`]), the Secretariat's dashboard ([`dashboard`]), the clock that
//! takes automatic consequences ([`clock`]), and the same through the API ([`api`]).
//!
//! The domain decides which steps a case offers to whom, when a deadline has passed and what it
//! triggers; these modules parse, ask and render.

pub mod annex_api;
pub mod annexes;
pub mod api;
pub mod clock;
pub mod confirm;
pub mod dashboard;
pub mod filing;
pub mod history;
pub mod officer;
pub mod pages;
pub mod queue;
pub mod reminders;
pub mod requests;
pub mod screening;
pub mod views;
