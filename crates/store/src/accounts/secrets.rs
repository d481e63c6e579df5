//! Secrets: Argon2id password hashes, and random cookies and tokens stored as BLAKE3 hashes.

use std::sync::{Arc, Mutex, OnceLock};

use argon2::password_hash::phc::PasswordHash;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use iomed_domain::accounts::NewPassword;

use crate::StoreError;

/// Argon2 runs on a few threads of its own, one per core, and nowhere else. Each computation
/// takes 19 MiB, and the allocator keeps what a thread freed for that thread: run on any of the
/// runtime's blocking threads, 64 sign-ins at once left about 500 MiB resident; on these threads
/// it is at most one block per core, and more at once would only share the same cores.
type Task = Box<dyn FnOnce() + Send>;

fn hashers() -> Option<&'static Mutex<std::sync::mpsc::Sender<Task>>> {
    static HASHERS: OnceLock<Option<Mutex<std::sync::mpsc::Sender<Task>>>> = OnceLock::new();
    HASHERS
        .get_or_init(|| {
            let (send, receive) = std::sync::mpsc::channel::<Task>();
            let receive = Arc::new(Mutex::new(receive));
            let at_once = std::thread::available_parallelism().map_or(2, |n| n.get());
            for i in 0..at_once {
                let receive = receive.clone();
                let started = std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || {
                    loop {
                        let task = match receive.lock() {
                            Ok(r) => r.recv(),
                            Err(e) => e.into_inner().recv(),
                        };
                        match task {
                            Ok(task) => task(),
                            Err(_) => break,
                        }
                    }
                });
                if started.is_err() {
                    return None;
                }
            }
            Some(Mutex::new(send))
        })
        .as_ref()
}

/// Runs `f` on one of the Argon2 threads and waits for it (from a blocking task); on the calling
/// thread if they could not be started.
fn on_hasher<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let Some(hashers) = hashers() else { return Some(f()) };
    let (reply, answer) = std::sync::mpsc::channel();
    let task: Task = Box::new(move || {
        let _ = reply.send(f());
    });
    let sent = match hashers.lock() {
        Ok(s) => s.send(task),
        Err(e) => e.into_inner().send(task),
    };
    sent.ok()?;
    answer.recv().ok()
}

/// Hashes a password with Argon2id (OWASP parameters: 19 MiB, 2 passes). Slow on purpose: call it
/// from a blocking task.
pub fn hash_password(password: &NewPassword) -> Result<String, StoreError> {
    let secret = password.expose().as_bytes().to_vec();
    let hashed = on_hasher(move || Argon2::default().hash_password(&secret).map(|h: PasswordHash| h.to_string()))
        .ok_or_else(|| StoreError::corrupt("the password hashing thread stopped"))?;
    hashed.map_err(|e| StoreError::corrupt(format!("password hashing failed: {e}")))
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
    let candidate = candidate.as_bytes().to_vec();
    let ok = on_hasher(move || Argon2::default().verify_password(&candidate, &parsed).is_ok()).unwrap_or(false);
    ok && real
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
mod hasher_tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::on_hasher;

    #[test]
    fn argon2_runs_on_its_own_threads_no_more_at_once_than_there_are_cores() {
        static NOW: AtomicUsize = AtomicUsize::new(0);
        static MOST: AtomicUsize = AtomicUsize::new(0);
        let threads: Vec<_> = (0..16)
            .map(|_| {
                std::thread::spawn(|| {
                    on_hasher(|| {
                        let now = NOW.fetch_add(1, Ordering::SeqCst) + 1;
                        MOST.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(5));
                        NOW.fetch_sub(1, Ordering::SeqCst);
                        std::thread::current().name().map(str::to_owned)
                    })
                })
            })
            .collect();
        for t in threads {
            let name = t.join().unwrap().unwrap().unwrap();
            assert!(name.starts_with("argon2-"), "{name}");
        }
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        assert!(
            (1..=cores).contains(&MOST.load(Ordering::SeqCst)),
            "{} at once on {cores} cores",
            MOST.load(Ordering::SeqCst)
        );
    }
}
