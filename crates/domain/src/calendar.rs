//! The procedural calendar (W11): a time limit of N days runs from the day after its trigger, and
//! a deadline that falls on a Saturday, a Sunday or a configured holiday moves to the next
//! business day. Dates are the seat's (Hong Kong) dates.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

/// Whether `date` is a business day at the seat.
pub fn is_business_day(date: Date, holidays: &[Date]) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) && !holidays.contains(&date)
}

/// The deadline of a time limit of `days` days triggered on `trigger`. `None` only when the date
/// would be out of range.
pub fn deadline(trigger: Date, days: i32, holidays: &[Date]) -> Option<Date> {
    let mut due = trigger.checked_add(days.days()).ok()?;
    // A year of consecutive non-business days cannot happen; the bound only guards the loop.
    for _ in 0..366 {
        if is_business_day(due, holidays) {
            return Some(due);
        }
        due = due.checked_add(1.day()).ok()?;
    }
    None
}

/// The business day `n` business days before `due` (`n` = 1: the last business day before it).
/// `None` only when the date would be out of range.
pub fn business_days_before(due: Date, n: u32, holidays: &[Date]) -> Option<Date> {
    let mut day = due;
    let mut left = n;
    // A year of consecutive non-business days cannot happen; the bound only guards the loop.
    for _ in 0..(366 + n * 7) {
        if left == 0 {
            return Some(day);
        }
        day = day.checked_sub(1.day()).ok()?;
        if is_business_day(day, holidays) {
            left -= 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[test]
    fn deadlines_roll_past_weekends_and_holidays() {
        // Registered Friday 6 Nov 2026: +30 days is Sunday 6 Dec, so Monday 7 Dec.
        assert_eq!(deadline(date(2026, 11, 6), 30, &[]), Some(date(2026, 12, 7)));
        // Counted from the day after: a 1-day limit from a Monday ends on the Tuesday.
        assert_eq!(deadline(date(2026, 11, 23), 1, &[]), Some(date(2026, 11, 24)));
        // A holiday on the Monday moves it to the Tuesday.
        assert_eq!(deadline(date(2026, 11, 6), 30, &[date(2026, 12, 7)]), Some(date(2026, 12, 8)));
    }

    #[test]
    fn business_days_before_skip_weekends_and_holidays() {
        // Monday 7 Dec 2026: one business day before is Friday 4 Dec, seven is Thursday 26 Nov.
        assert_eq!(business_days_before(date(2026, 12, 7), 1, &[]), Some(date(2026, 12, 4)));
        assert_eq!(business_days_before(date(2026, 12, 7), 7, &[]), Some(date(2026, 11, 26)));
        assert_eq!(business_days_before(date(2026, 12, 7), 1, &[date(2026, 12, 4)]), Some(date(2026, 12, 3)));
        assert_eq!(business_days_before(date(2026, 12, 7), 0, &[]), Some(date(2026, 12, 7)));
    }

    proptest! {
        #[test]
        fn n_business_days_before_is_a_business_day_with_n_business_days_after_it_to_the_due_date(
            start in 0i32..3000, n in 1u32..20, holiday_offsets in prop::collection::vec(0i32..40, 0..6)
        ) {
            let due = date(2025, 1, 1).checked_add(start.days()).unwrap();
            let holidays: Vec<Date> = holiday_offsets.iter().map(|o| due.checked_sub(o.days()).unwrap()).collect();
            let before = business_days_before(due, n, &holidays).unwrap();
            prop_assert!(is_business_day(before, &holidays));
            // The business days from it (included) to the due date (excluded) are n.
            let mut count = 0;
            let mut d = before;
            while d < due { if is_business_day(d, &holidays) { count += 1; } d = d.checked_add(1.day()).unwrap(); }
            prop_assert_eq!(count, n);
        }

        #[test]
        fn a_deadline_is_a_business_day_never_early_and_at_most_a_few_days_late(
            start in 0i32..3000, days in 1i32..200, holiday_offsets in prop::collection::vec(0i32..220, 0..6)
        ) {
            let trigger = date(2025, 1, 1).checked_add(start.days()).unwrap();
            let holidays: Vec<Date> = holiday_offsets.iter().map(|o| trigger.checked_add(o.days()).unwrap()).collect();
            let due = deadline(trigger, days, &holidays).unwrap();
            let earliest = trigger.checked_add(days.days()).unwrap();
            prop_assert!(is_business_day(due, &holidays));
            prop_assert!(due >= earliest);
            // Never later than the first business day on or after the earliest date.
            let mut d = earliest;
            while !is_business_day(d, &holidays) { d = d.checked_add(1.day()).unwrap(); }
            prop_assert_eq!(due, d);
        }
    }
}
