//! The `iomed` binary, run as a user runs it.

mod commands;
