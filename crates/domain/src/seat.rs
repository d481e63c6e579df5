//! The seat's calendar. IOMed sits in Hong Kong, whose civil time is UTC+8 all year (no daylight
//! saving since 1979), so the seat's date of an instant needs no time-zone database.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};

/// Hong Kong Time, UTC+08:00.
pub fn seat_time_zone() -> TimeZone {
    TimeZone::fixed(Offset::constant(8))
}

/// The date at the seat at the instant `at`.
pub fn seat_date(at: Timestamp) -> Date {
    at.to_zoned(seat_time_zone()).date()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seat_date_turns_at_16_00_utc() {
        let before: Timestamp = "2026-11-22T15:59:59Z".parse().unwrap();
        let after: Timestamp = "2026-11-22T16:00:00Z".parse().unwrap();
        assert_eq!(seat_date(before), jiff::civil::date(2026, 11, 22));
        assert_eq!(seat_date(after), jiff::civil::date(2026, 11, 23));
    }
}
