//! The ledger's signing keys and their periods: which key may have signed at a given moment.
//!
//! A key signs from the rotation that put it in use (its predecessor's last checkpoint, the one
//! covering the rotation; the first key since the ledger began) until its own last checkpoint,
//! unless it is the key in use. Something signed by a key outside its period is not trusted, even
//! when its signature is valid: a retired key that leaked cannot sign the past anew.

use serde::{Deserialize, Serialize};

/// A key that signs (or signed) the ledger's checkpoints, with when it was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SigningKeyUse {
    /// Ed25519 public key, hex.
    pub public_key: String,
    /// The first and the last checkpoint it signed (none yet for a key just put in use).
    #[serde(default)]
    pub first_signed: Option<String>,
    #[serde(default)]
    pub last_signed: Option<String>,
    /// Whether this server signs with it now.
    pub current: bool,
    /// The period in which it signed: from the rotation that put it in use (none for the first
    /// key: since the ledger began) to its own last checkpoint, the one that covers the rotation
    /// ending it (none for the key in use).
    #[serde(default)]
    pub valid_from: Option<String>,
    #[serde(default)]
    pub valid_until: Option<String>,
}

impl SigningKeyUse {
    /// Whether something this key signed at `at` was signed within its period. A bound that is
    /// not an instant makes the key valid at no time.
    pub fn valid_at(&self, at: jiff::Timestamp) -> bool {
        let bound = |t: &Option<String>| t.as_deref().map(str::parse::<jiff::Timestamp>).transpose();
        match (bound(&self.valid_from), bound(&self.valid_until)) {
            (Ok(from), Ok(until)) => from.is_none_or(|f| f <= at) && until.is_none_or(|u| at <= u),
            _ => false,
        }
    }
}

/// The periods of keys listed in the order they were put in use: each from its predecessor's
/// last checkpoint (the one covering the rotation), until its own last one unless it is current.
pub fn with_periods(mut keys: Vec<SigningKeyUse>) -> Vec<SigningKeyUse> {
    let mut previous_end: Option<String> = None;
    for key in &mut keys {
        key.valid_from = previous_end.clone();
        key.valid_until = if key.current { None } else { key.last_signed.clone() };
        previous_end = key.last_signed.clone();
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(current: bool, last: Option<jiff::Timestamp>) -> SigningKeyUse {
        SigningKeyUse {
            public_key: String::new(),
            first_signed: None,
            last_signed: last.map(|t| t.to_string()),
            current,
            valid_from: None,
            valid_until: None,
        }
    }

    proptest! {
        /// For any rotations (retired keys' last checkpoints in order, then the key in use), every
        /// instant has exactly one key valid at it, except the rotations' own instants, which both
        /// the old key (its last checkpoint) and the new one (its first moment) cover; and the
        /// key valid at an instant is the one in use then.
        #[test]
        fn every_moment_has_the_key_of_its_time(
            mut ends in proptest::collection::btree_set(0i64..1_000_000, 0..6),
            probe in -10i64..1_100_000,
        ) {
            let base = jiff::Timestamp::from_second(1_700_000_000).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
            let at = |s: i64| base.checked_add(jiff::SignedDuration::from_secs(s)).unwrap_or(base);
            let ends: Vec<i64> = std::mem::take(&mut ends).into_iter().collect();
            let mut keys: Vec<SigningKeyUse> = ends.iter().map(|&e| key(false, Some(at(e)))).collect();
            keys.push(key(true, None));
            let keys = with_periods(keys);
            let valid: Vec<usize> = (0..keys.len()).filter(|&i| keys[i].valid_at(at(probe))).collect();
            // The key in use then: the first whose end is not before the probe.
            let expected = ends.iter().position(|&e| probe <= e).unwrap_or(ends.len());
            prop_assert!(valid.contains(&expected), "{valid:?} lacks {expected}");
            if ends.contains(&probe) {
                prop_assert_eq!(valid, vec![expected, expected + 1]);
            } else {
                prop_assert_eq!(valid, vec![expected]);
            }
        }
    }

    #[test]
    fn a_bound_that_is_not_an_instant_makes_the_key_valid_never() {
        let mut k = key(false, None);
        k.valid_until = Some("last Tuesday".into());
        assert!(!k.valid_at(jiff::Timestamp::UNIX_EPOCH));
    }
}
