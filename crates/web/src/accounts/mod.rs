//! Accounts: signing in and out (with the TOTP second factor), a user's own account (preferences,
//! password, sessions, API tokens), the Secretariat's administration of users, invitations and
//! password resets by one-time link, and organizations with who may act for them.

pub mod account;
pub mod admin;
pub mod links;
pub mod organizations;
pub mod second_factor;
pub mod sign_in;
