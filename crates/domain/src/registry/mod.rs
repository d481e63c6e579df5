//! The member-State registry: which States exist for IOMed's purposes (every UN member State and
//! the two observer States), and each one's record under the Convention.
//!
//! The record is an aggregate ([`Registry`]) that turns a [`Command`] into an [`Event`] or a typed
//! [`Refusal`], given the date of today and the rules profile; applying events rebuilds it. What
//! a State *is* on a given day (its [`Status`], the day the Convention is in force for it, whether
//! it is a founding member) is derived, never stored.

mod aggregate;
mod facts;
mod names;
mod un;

pub use aggregate::{Command, Event, Founding, Refusal, Registry, StateView, Status};
pub use facts::{
    Consent, Declaration, Denunciation, Evidence, EvidenceError, Instrument, Signature, StateRecord, Subject,
};
pub use names::{NameLanguage, fold, un_name};
pub use un::{StateCode, UnMembership, UnRegionalGroup, UnState, UnknownState, un_states};
