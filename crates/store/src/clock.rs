//! The clock, passed in so that tests set the time.
//!
//! Architecture Invariant: this module is the only place that reads the wall clock (clippy's
//! `disallowed-methods` refuses `Timestamp::now` and its kin everywhere else). Everything that
//! needs the time of day asks a [`Clock`] it was given.

use std::sync::Mutex;

use jiff::{SignedDuration, Timestamp};

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> Timestamp;
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods, reason = "the one reading of the wall clock")]
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// The system clock moved to start at a chosen instant: from there it runs at the wall clock's
/// pace. For demonstrations and browser tests that must not depend on the day they run.
#[derive(Debug, Clone, Copy)]
pub struct ShiftedClock {
    offset: SignedDuration,
}

impl ShiftedClock {
    /// A clock that reads `start` now.
    pub fn starting_at(start: Timestamp) -> ShiftedClock {
        ShiftedClock { offset: start.duration_since(SystemClock.now()) }
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> Timestamp {
        let wall = SystemClock.now();
        wall.checked_add(self.offset).unwrap_or(wall)
    }
}

/// A clock that says what it is told, for tests and reproducible demos.
#[derive(Debug)]
pub struct FixedClock(Mutex<Timestamp>);

impl FixedClock {
    pub fn new(at: Timestamp) -> FixedClock {
        FixedClock(Mutex::new(at))
    }
    pub fn set(&self, at: Timestamp) {
        if let Ok(mut now) = self.0.lock() {
            *now = at;
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0.lock().map(|t| *t).unwrap_or(Timestamp::UNIX_EPOCH)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shifted_clock_starts_where_it_is_told_and_runs_on() {
        let start: Timestamp = "2026-11-16T02:00:00Z".parse().unwrap();
        let clock = ShiftedClock::starting_at(start);
        let first = clock.now();
        assert!(first >= start && first.duration_since(start) < SignedDuration::from_secs(5));
        assert!(clock.now() >= first);
    }
}
