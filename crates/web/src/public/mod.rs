//! The public site: what anyone may read without an account — the home page, the member-State
//! registry (pages and API), the scope check, the register of cases, the neutrality dashboard,
//! and the probes for operators.

pub mod health;
pub mod ledger;
pub mod neutrality;
pub mod pages;
pub mod register;
pub mod registry;
pub mod scope;
