//! Money: an exact amount in a currency's minor units (cents), never a float.
//!
//! Amounts are whole numbers of the currency's smallest unit, so adding and comparing them is
//! exact and there is nothing to round. Showing one in the reader's language is the web's work
//! (CLDR decimal formatting); the domain only knows the amount, the currency and its digits.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The currencies the fee schedule uses. US dollars are the default, as in ICSID's schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Currency {
    #[serde(rename = "USD")]
    Usd,
}

impl Currency {
    /// The ISO 4217 code.
    pub fn code(&self) -> &'static str {
        match self {
            Currency::Usd => "USD",
        }
    }
    /// How many digits the minor unit has (2: cents).
    pub fn minor_digits(&self) -> u8 {
        match self {
            Currency::Usd => 2,
        }
    }
}

/// An amount of money: `minor` units of `currency` (100 000 USD cents are US$1,000.00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    pub const fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }
    /// Whole units (dollars), for a schedule written in them.
    pub const fn units(units: i64, currency: Currency) -> Money {
        // Every currency here has two minor digits.
        Money { minor: units.saturating_mul(100), currency }
    }
    pub fn minor(&self) -> i64 {
        self.minor
    }
    pub fn currency(&self) -> Currency {
        self.currency
    }
}

/// `USD 1000.00`: the plain form for logs of amounts and machine text; pages format it for the
/// reader.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = u32::from(self.currency.minor_digits());
        let scale = 10i64.pow(digits);
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        let scale = scale.unsigned_abs();
        write!(f, "{} {sign}{}.{:0width$}", self.currency.code(), abs / scale, abs % scale, width = digits as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_is_shown_exactly_in_its_minor_digits() {
        assert_eq!(Money::units(1_000, Currency::Usd).to_string(), "USD 1000.00");
        assert_eq!(Money::new(5, Currency::Usd).to_string(), "USD 0.05");
        assert_eq!(Money::new(-12_345, Currency::Usd).to_string(), "USD -123.45");
        assert_eq!(Money::units(1_000, Currency::Usd).minor(), 100_000);
    }
}
