//! The rules of the International Organization for Mediation, and nothing else.
//!
//! Architecture Invariant: this crate does no I/O, knows no SQL, HTTP or async, and never reads
//! the clock: every date or instant it needs is a parameter, so that tests set it.
//!
//! - [`registry`]: the member-State registry (UN membership, signature, consent to be bound,
//!   entry into force, declarations, denunciation) as an aggregate that turns commands into
//!   events or typed refusals.
//! - [`accounts`] and [`access`]: who uses iomed, the password and lockout rules, and the one
//!   access policy `can(actor, action, resource)`.
//! - [`documents`]: the case file's audiences and document metadata.
//! - [`rules`]: versioned, effective-dated rules profiles holding every number the Convention
//!   leaves to the organization or that we could not verify.
//! - [`case`], [`request`], [`mediators`]: the case state machine (which steps it offers to
//!   whom, its time limits and their consequences), requests as drafted and filed, panels,
//!   conflict checks, appointment and challenges.
//! - [`money`]: exact amounts in a currency's minor units.
//! - [`statistics`]: what public aggregates may show of people.
//! - [`signing`]: the ledger's signing keys and the period in which each may have signed.

pub mod access;
pub mod accounts;
pub mod calendar;
pub mod case;
pub mod documents;
pub mod mediators;
pub mod money;
pub mod notifications;
pub mod organizations;
pub mod registry;
pub mod request;
pub mod rules;
pub mod scope;
pub mod seat;
pub mod signing;
pub mod statistics;
