//! The Ed25519 key that signs checkpoints of the ledger head.

use std::io::Write as _;
use std::path::Path;

use ed25519_dalek::{Signer as _, SigningKey};

use crate::ledger::{Head, SignedHead, checkpoint_message};

#[derive(Debug, thiserror::Error)]
pub enum SigningError {
    #[error("the key file {path} could not be read or written: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("the key file {path} does not hold a 32-byte secret key in hex")]
    Malformed { path: String },
    #[error("the system random number generator failed: {0}")]
    Random(String),
}

/// Holds the secret key. Its `Debug` shows only the public key.
pub struct Signer {
    key: SigningKey,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Signer(public_key={})", hex::encode(self.public_key()))
    }
}

impl Signer {
    pub fn from_secret(secret: [u8; 32]) -> Signer {
        Signer { key: SigningKey::from_bytes(&secret) }
    }

    /// A new random key.
    pub fn generate() -> Result<Signer, SigningError> {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).map_err(|e| SigningError::Random(e.to_string()))?;
        Ok(Signer::from_secret(secret))
    }

    /// Reads the key from `path`, or creates it there (readable by the owner only) if the file
    /// does not exist.
    pub fn load_or_create(path: &Path) -> Result<Signer, SigningError> {
        secret_file(path).map(Signer::from_secret)
    }

    /// The key as its file holds it (hex), to write a new key file.
    pub fn to_file_text(&self) -> String {
        format!("{}\n", hex::encode(self.key.to_bytes()))
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }

    /// Signs other bytes with the same key: an export's manifest (a JSON document, which cannot
    /// be taken for a checkpoint's fixed binary layout).
    pub fn sign_bytes(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }

    /// The key of the ledger's commitments to private content (see [`Commitments`]): derived from
    /// the signing key, so it lives where that key lives, outside the database and its backups.
    pub fn commitments(&self) -> Commitments {
        Commitments(blake3::derive_key("iomed 2026-12 ledger commitments to private content", self.key.as_bytes()))
    }

    pub fn sign_head(&self, head: Head) -> SignedHead {
        let signature = self.key.sign(&checkpoint_message(&head));
        SignedHead { head, signature: signature.to_bytes(), public_key: self.public_key() }
    }
}

/// Commitments to private content in the ledger: a ranking, a message body, the reasons of a
/// challenge, a disclosure, a document's title, a request's content. A plain hash of such content
/// could be reversed by trying the few values it may take (a ranking of three candidates, a
/// "yes"); a hash keyed with a secret kept outside the ledger proves the content did not change
/// without telling anyone what it is. Whoever holds the key and the content can check it.
#[derive(Clone)]
pub struct Commitments([u8; 32]);

impl std::fmt::Debug for Commitments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Commitments(…)")
    }
}

impl Commitments {
    /// The commitment to `bytes` as the `what` of a record (its purpose is part of the hash, so a
    /// commitment to one kind of content cannot be passed off as another), in hex.
    pub fn commit(&self, what: &'static str, bytes: &[u8]) -> String {
        let mut hasher = blake3::Hasher::new_keyed(&self.0);
        hasher.update(what.as_bytes());
        hasher.update(&[0]);
        hasher.update(bytes);
        hasher.finalize().to_hex().to_string()
    }
}

/// Reads a 32-byte secret kept in hex in `path`, or creates a random one there (readable by the
/// owner only) if the file does not exist.
pub(crate) fn secret_file(path: &Path) -> Result<[u8; 32], SigningError> {
    let shown = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let mut secret = [0u8; 32];
            hex::decode_to_slice(text.trim(), &mut secret).map_err(|_| SigningError::Malformed { path: shown })?;
            Ok(secret)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut secret = [0u8; 32];
            getrandom::fill(&mut secret).map_err(|e| SigningError::Random(e.to_string()))?;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt as _;
                options.mode(0o600);
            }
            let mut file = options.open(path).map_err(|source| SigningError::Io { path: shown.clone(), source })?;
            writeln!(file, "{}", hex::encode(secret))
                .and_then(|()| file.sync_all())
                .map_err(|source| SigningError::Io { path: shown, source })?;
            Ok(secret)
        }
        Err(source) => Err(SigningError::Io { path: shown, source }),
    }
}
