//! Secrets: Argon2id password hashes, and random cookies and tokens stored as BLAKE3 hashes.

use argon2::password_hash::phc::PasswordHash;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use iomed_domain::accounts::NewPassword;

use crate::StoreError;

/// Hashes a password with Argon2id (OWASP parameters: 19 MiB, 2 passes). Slow on purpose: call it
/// from a blocking task.
pub fn hash_password(password: &NewPassword) -> Result<String, StoreError> {
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
