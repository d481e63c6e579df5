//! Secrets: Argon2id password hashes, and random cookies and tokens stored as BLAKE3 hashes.

use std::sync::{Condvar, Mutex};

use argon2::password_hash::phc::PasswordHash;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use iomed_domain::accounts::NewPassword;

use crate::StoreError;

/// How many Argon2 computations run at once: one per core. Each takes 19 MiB, so that many
/// sign-ins at once cannot take the server's memory (64 at once took 1.2 GiB), and more at once
/// would only share the same cores.
struct Gate {
    busy: Mutex<usize>,
    freed: Condvar,
}

static GATE: Gate = Gate { busy: Mutex::new(0), freed: Condvar::new() };

/// A place at the gate, given back when dropped.
struct Place;

impl Place {
    fn take() -> Place {
        let at_once = std::thread::available_parallelism().map_or(2, |n| n.get());
        let mut busy = GATE.busy.lock().unwrap_or_else(|e| e.into_inner());
        while *busy >= at_once {
            busy = GATE.freed.wait(busy).unwrap_or_else(|e| e.into_inner());
        }
        *busy += 1;
        Place
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut busy = GATE.busy.lock().unwrap_or_else(|e| e.into_inner());
        *busy = busy.saturating_sub(1);
        drop(busy);
        GATE.freed.notify_one();
    }
}

/// Hashes a password with Argon2id (OWASP parameters: 19 MiB, 2 passes). Slow on purpose: call it
/// from a blocking task.
pub fn hash_password(password: &NewPassword) -> Result<String, StoreError> {
    let _place = Place::take();
    let hash: PasswordHash = Argon2::default()
        .hash_password(password.expose().as_bytes())
        .map_err(|e| StoreError::corrupt(format!("password hashing failed: {e}")))?;
    Ok(hash.to_string())
}

/// A hash of no one's password, verified against when there is no account, so that an unknown
/// e-mail address takes as long as a wrong password.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$ANivV8XG/pfU3ton6kMwRw$a1iWpHSz/MQ8+fnvioRe4J2ReItr4rKTnxP2gE8bU38";

/// Checks a candidate against a stored hash, or against a dummy one when there is none, taking
/// the same time either way. Call it from a blocking task.
pub fn verify_password(stored: Option<&str>, candidate: &str) -> bool {
    let (hash, real) = match stored {
        Some(h) => (h, true),
        None => (DUMMY_HASH, false),
    };
    let Ok(parsed) = PasswordHash::new(hash) else { return false };
    let _place = Place::take();
    Argon2::default().verify_password(candidate.as_bytes(), &parsed).is_ok() && real
}

/// A new secret for a cookie or a token: 32 random bytes, hex, and the BLAKE3 hash stored for it.
pub fn new_secret(prefix: &str) -> Result<(String, String), StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::corrupt(format!("random: {e}")))?;
    let secret = format!("{prefix}{}", hex::encode(bytes));
    let hash = secret_hash(&secret);
    Ok((secret, hash))
}

/// The stored form of a secret.
pub fn secret_hash(secret: &str) -> String {
    blake3::hash(secret.as_bytes()).to_hex().to_string()
}

#[cfg(test)]
mod gate_tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::Place;

    #[test]
    fn no_more_argon2_computations_run_at_once_than_there_are_cores() {
        static NOW: AtomicUsize = AtomicUsize::new(0);
        static MOST: AtomicUsize = AtomicUsize::new(0);
        let threads: Vec<_> = (0..16)
            .map(|_| {
                std::thread::spawn(|| {
                    let _place = Place::take();
                    let now = NOW.fetch_add(1, Ordering::SeqCst) + 1;
                    MOST.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(5));
                    NOW.fetch_sub(1, Ordering::SeqCst);
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        assert!(MOST.load(Ordering::SeqCst) <= cores, "{} at once on {cores} cores", MOST.load(Ordering::SeqCst));
        assert!(MOST.load(Ordering::SeqCst) >= 1);
    }
}
