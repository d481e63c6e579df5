//! The blob store: document content, encrypted, content-addressed, in a local directory or in
//! S3-compatible object storage (both through `object_store`).
//!
//! Each case has its own random data key. The data key is stored in the database only wrapped
//! (XChaCha20-Poly1305) by the master key, which lives in a file outside the database. Content is
//! encrypted with the STREAM construction (`aead-stream`, XChaCha20-Poly1305, 64 KiB chunks):
//! every chunk is authenticated on its own and knows whether it is the last, so a blob cannot be
//! cut short, reordered or altered without the decryption noticing. A blob is named by the
//! BLAKE3 hash of its encrypted bytes, and that hash is checked before a byte is served.
//!
//! Uploads stream: receiving, encrypting and hashing, and writing run at once on stages of their
//! own joined by bounded channels (`ingest.rs`), so memory stays bounded whatever the file's size.
//! An upload goes to `staging/` first and is renamed to `blobs/` only once complete; an upload
//! that fails or is refused is deleted.

use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

use aead_stream::DecryptorBE32;
use bytes::{Bytes, BytesMut};
use chacha20poly1305::aead::KeyInit as _;
use chacha20poly1305::aead::array::Array;
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use futures_util::stream::{BoxStream, Stream, StreamExt as _};
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt as _};

use crate::signing::{SigningError, secret_file};

mod ingest;

/// Plaintext bytes per encrypted chunk.
pub const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;
const FRAME: usize = CHUNK + TAG;
const MAGIC: &[u8; 8] = b"IOMEDB01";
const STREAM_NONCE: usize = 19;
const HEADER: usize = MAGIC.len() + STREAM_NONCE;

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("the master key could not be loaded: {0}")]
    MasterKey(#[from] SigningError),
    #[error("the blob store could not be set up: {0}")]
    Setup(String),
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("the upload was interrupted: {0}")]
    Interrupted(String),
    #[error("no blob {0}")]
    NotFound(String),
    /// The stored bytes are not the ones written: a hash or an authentication tag does not match.
    #[error("blob {address} failed its integrity check: {why}")]
    Corrupt { address: String, why: &'static str },
    #[error("a case key could not be unwrapped: it was not made by this master key for this case")]
    WrongKey,
    #[error("the system random number generator failed: {0}")]
    Random(String),
    #[error("blob storage failed: {0}")]
    Storage(#[from] object_store::Error),
    #[error("cannot {action} {}: {source}", path.display())]
    File { action: &'static str, path: PathBuf, source: std::io::Error },
    #[error("the encryption failed ({0})")]
    Encryption(&'static str),
    /// A stage of an upload ended without a result (its task panicked or was cancelled).
    #[error("the {stage} stage of an upload was lost: {why}")]
    Pipeline { stage: &'static str, why: String },
}

fn random<const N: usize>() -> Result<[u8; N], BlobError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| BlobError::Random(e.to_string()))?;
    Ok(bytes)
}

/// What a data key is the key of, which its wrapping is bound to: a case, or a draft request
/// whose annexes were attached before filing. A case filed from such a draft keeps the draft's
/// key, still bound to the draft (the case names its draft: `cases.request_id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOwner {
    Case(i64),
    Draft(i64),
}

/// The key that wraps every case's data key. Its `Debug` shows nothing of it.
pub struct MasterKey(Key);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(…)")
    }
}

/// One case's data key, unwrapped. Its `Debug` shows nothing of it.
#[derive(Clone)]
pub struct DataKey(Key);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl DataKey {
    pub fn generate() -> Result<DataKey, BlobError> {
        Ok(DataKey(Key::from(random::<32>()?)))
    }

    /// Encrypts a short text (a message) under this key, bound to `context`; hex.
    pub fn seal(&self, context: &str, plaintext: &[u8]) -> Result<String, BlobError> {
        use chacha20poly1305::aead::{Aead as _, Payload};
        let nonce = XNonce::from(random::<24>()?);
        let sealed = XChaCha20Poly1305::new(&self.0)
            .encrypt(&nonce, Payload { msg: plaintext, aad: context.as_bytes() })
            .map_err(|_| BlobError::WrongKey)?;
        Ok(format!("{}{}", hex::encode(nonce.as_slice()), hex::encode(sealed)))
    }

    /// Decrypts what [`DataKey::seal`] made with the same context.
    pub fn open(&self, context: &str, sealed: &str) -> Result<Vec<u8>, BlobError> {
        use chacha20poly1305::aead::{Aead as _, Payload};
        let bytes = hex::decode(sealed.trim()).map_err(|_| BlobError::WrongKey)?;
        if bytes.len() < 24 + TAG {
            return Err(BlobError::WrongKey);
        }
        let (nonce, sealed) = bytes.split_at(24);
        let nonce = XNonce::try_from(nonce).map_err(|_| BlobError::WrongKey)?;
        XChaCha20Poly1305::new(&self.0)
            .decrypt(&nonce, Payload { msg: sealed, aad: context.as_bytes() })
            .map_err(|_| BlobError::WrongKey)
    }
}

impl MasterKey {
    /// Reads the master key from `path`, or creates it there (readable by the owner only).
    pub fn load_or_create(path: &FsPath) -> Result<MasterKey, BlobError> {
        Ok(MasterKey(Key::from(secret_file(path)?)))
    }

    pub fn from_secret(secret: [u8; 32]) -> MasterKey {
        MasterKey(Key::from(secret))
    }

    /// A new random master key.
    pub fn generate() -> Result<MasterKey, BlobError> {
        Ok(MasterKey(Key::from(random::<32>()?)))
    }

    /// A name for this key that tells nothing of it (BLAKE3 `derive_key`, 8 bytes in hex): what
    /// the ledger records of a rotation.
    pub fn id(&self) -> String {
        hex::encode(&blake3::derive_key("iomed master key id", self.0.as_slice())[..8])
    }

    /// The key as its file holds it (hex), to write a new key file.
    pub fn to_file_text(&self) -> String {
        format!("{}\n", hex::encode(self.0.as_slice()))
    }

    fn aad(owner: KeyOwner) -> Vec<u8> {
        match owner {
            KeyOwner::Case(case) => format!("iomed case data key {case}").into_bytes(),
            KeyOwner::Draft(draft) => format!("iomed draft data key {draft}").into_bytes(),
        }
    }

    /// A key for another purpose, derived from this one (BLAKE3 `derive_key`): what can be
    /// learnt of the derived key tells nothing of the master key or of any other purpose's.
    pub fn derive(&self, purpose: &'static str) -> DataKey {
        DataKey(Key::from(blake3::derive_key(purpose, self.0.as_slice())))
    }

    /// The data key encrypted under the master key and bound to its case, in hex.
    pub fn wrap(&self, case: i64, key: &DataKey) -> Result<String, BlobError> {
        self.wrap_for(KeyOwner::Case(case), key)
    }

    pub fn unwrap(&self, case: i64, wrapped: &str) -> Result<DataKey, BlobError> {
        self.unwrap_for(KeyOwner::Case(case), wrapped)
    }

    /// The data key encrypted under the master key and bound to what it is the key of, in hex.
    pub fn wrap_for(&self, owner: KeyOwner, key: &DataKey) -> Result<String, BlobError> {
        use chacha20poly1305::aead::{Aead as _, Payload};
        let nonce = XNonce::from(random::<24>()?);
        let aad = MasterKey::aad(owner);
        let sealed = XChaCha20Poly1305::new(&self.0)
            .encrypt(&nonce, Payload { msg: key.0.as_slice(), aad: &aad })
            .map_err(|_| BlobError::WrongKey)?;
        Ok(format!("{}{}", hex::encode(nonce.as_slice()), hex::encode(sealed)))
    }

    pub fn unwrap_for(&self, owner: KeyOwner, wrapped: &str) -> Result<DataKey, BlobError> {
        use chacha20poly1305::aead::{Aead as _, Payload};
        let bytes = hex::decode(wrapped.trim()).map_err(|_| BlobError::WrongKey)?;
        if bytes.len() != 24 + 32 + TAG {
            return Err(BlobError::WrongKey);
        }
        let (nonce, sealed) = bytes.split_at(24);
        let nonce = XNonce::try_from(nonce).map_err(|_| BlobError::WrongKey)?;
        let aad = MasterKey::aad(owner);
        let key = XChaCha20Poly1305::new(&self.0)
            .decrypt(&nonce, Payload { msg: sealed, aad: &aad })
            .map_err(|_| BlobError::WrongKey)?;
        let key: [u8; 32] = key.try_into().map_err(|_| BlobError::WrongKey)?;
        Ok(DataKey(Key::from(key)))
    }
}

/// Where blobs are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlobLocation {
    /// A directory on this machine.
    Local(PathBuf),
    /// A bucket in S3-compatible storage.
    S3(S3Settings),
}

/// How to reach an S3-compatible bucket.
#[derive(Clone, PartialEq, Eq)]
pub struct S3Settings {
    pub bucket: String,
    /// `https://…`, or `http://…` for a server on loopback; empty for AWS itself.
    pub endpoint: String,
    pub region: String,
    pub access_key: String,
    pub secret_key: String,
    /// A folder inside the bucket for iomed's objects; empty for the bucket's root.
    pub prefix: String,
}

impl std::fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "S3Settings(bucket={}, endpoint={}, region={})", self.bucket, self.endpoint, self.region)
    }
}

/// What an upload stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The blob's name: the BLAKE3 hash of its encrypted bytes, in hex.
    pub address: String,
    /// The BLAKE3 hash of the content as filed, in hex.
    pub content_hash: String,
    /// The content's size in bytes.
    pub size: u64,
}

/// The blob store.
#[derive(Clone)]
pub struct Blobs {
    store: Arc<dyn ObjectStore>,
    shown: String,
    /// For a local directory: where it is, to make each blob durable before its filing commits.
    local: Option<PathBuf>,
}

impl std::fmt::Debug for Blobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Blobs({})", self.shown)
    }
}

fn blob_path(address: &str) -> Path {
    Path::from(format!("blobs/{}/{address}", address.get(..2).unwrap_or("00")))
}

impl Blobs {
    pub fn open(location: &BlobLocation) -> Result<Blobs, BlobError> {
        match location {
            BlobLocation::Local(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| BlobError::Setup(format!("cannot create {}: {e}", dir.display())))?;
                let store = object_store::local::LocalFileSystem::new_with_prefix(dir)?;
                Ok(Blobs {
                    store: Arc::new(store),
                    shown: format!("directory {}", dir.display()),
                    local: Some(dir.clone()),
                })
            }
            BlobLocation::S3(s3) => {
                let mut builder = object_store::aws::AmazonS3Builder::new()
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_access_key_id(&s3.access_key)
                    .with_secret_access_key(&s3.secret_key);
                if !s3.endpoint.is_empty() {
                    builder = builder
                        .with_endpoint(&s3.endpoint)
                        .with_allow_http(s3.endpoint.starts_with("http://"))
                        .with_virtual_hosted_style_request(false);
                }
                let shown = format!("S3 bucket {} at {}", s3.bucket, s3.endpoint);
                let store = builder.build()?;
                let store: Arc<dyn ObjectStore> = match s3.prefix.trim_matches('/') {
                    "" => Arc::new(store),
                    prefix => Arc::new(object_store::prefix::PrefixStore::new(store, prefix)),
                };
                Ok(Blobs { store, shown, local: None })
            }
        }
    }

    /// Where the blobs are, for the server's start-up line.
    pub fn describe(&self) -> &str {
        &self.shown
    }

    /// The directory of a local blob store (a blob is at `blobs/<2 hex>/<address>` in it); none
    /// for S3.
    pub fn local_root(&self) -> Option<&FsPath> {
        self.local.as_deref()
    }

    /// Encrypts and stores `body` as it arrives, receiving, sealing and writing at once on
    /// stages of their own ([`ingest`]). Refuses an empty body and one over `limit` bytes; on any
    /// failure nothing stays behind. A local blob is flushed to the disk before this returns, so
    /// that a filing never commits before its content is durable (S3 answers only once an object
    /// is stored).
    pub async fn put<S, E>(&self, key: &DataKey, body: S, limit: u64) -> Result<Stored, BlobError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let target = match &self.local {
            Some(root) => ingest::Target::Local(root.clone()),
            None => ingest::Target::Store(Arc::clone(&self.store)),
        };
        ingest::put(target, key, body, limit).await
    }

    /// Checks the blob against its address, then streams its content decrypted. Nothing is
    /// served from a blob whose bytes are not the ones stored.
    pub async fn read(
        &self,
        key: &DataKey,
        address: &str,
    ) -> Result<BoxStream<'static, Result<Bytes, BlobError>>, BlobError> {
        let path = blob_path(address);
        let missing = |e: object_store::Error| match e {
            object_store::Error::NotFound { .. } => BlobError::NotFound(address.to_owned()),
            other => other.into(),
        };
        let mut hasher = blake3::Hasher::new();
        let mut check = self.store.get(&path).await.map_err(missing)?.into_stream();
        while let Some(bytes) = check.next().await {
            hasher.update(&bytes?);
        }
        if hasher.finalize().to_hex().as_str() != address {
            return Err(BlobError::Corrupt { address: address.to_owned(), why: "hash" });
        }
        let got = self.store.get(&path).await.map_err(missing)?;
        let size = got.meta.size;
        let state = Decrypting {
            input: got.into_stream(),
            buffer: BytesMut::new(),
            remaining: size,
            key: key.clone(),
            decryptor: None,
            address: address.to_owned(),
            done: false,
        };
        Ok(futures_util::stream::unfold(state, Decrypting::next).boxed())
    }

    /// Deletes a blob (after a filing that stored it was refused).
    pub async fn delete(&self, address: &str) -> Result<(), BlobError> {
        self.store.delete(&blob_path(address)).await.map_err(BlobError::from)
    }

    /// Removes staging objects left by uploads a crash cut short, older than `older_than`.
    pub async fn sweep_staging(&self, older_than: jiff::Timestamp) -> Result<usize, BlobError> {
        let mut listed = self.store.list(Some(&Path::from("staging")));
        let mut removed = 0;
        while let Some(meta) = listed.next().await {
            let meta = meta?;
            if meta.last_modified.timestamp() < older_than.as_second() {
                self.store.delete(&meta.location).await?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// Every stored blob (under `blobs/`): its address, when it was written (by the storage's
    /// clock) and its stored size.
    pub async fn stored(&self) -> Result<Vec<(String, jiff::Timestamp, u64)>, BlobError> {
        let mut listed = self.store.list(Some(&Path::from("blobs")));
        let mut found = Vec::new();
        while let Some(meta) = listed.next().await {
            let meta = meta?;
            let Some(address) = meta.location.filename() else { continue };
            let written = jiff::Timestamp::from_second(meta.last_modified.timestamp()).unwrap_or(jiff::Timestamp::MAX);
            found.push((address.to_owned(), written, meta.size));
        }
        Ok(found)
    }

    /// An unfinished upload, as a crash leaves it: for tests of the sweep.
    #[cfg(feature = "testing")]
    pub async fn stage_for_test(&self) -> Result<(), BlobError> {
        let staging = Path::from(format!("staging/{}", hex::encode(random::<16>()?)));
        self.store.put(&staging, b"partial".to_vec().into()).await?;
        Ok(())
    }

    /// Every object's name, sorted: for tests that nothing stays behind.
    #[cfg(feature = "testing")]
    pub async fn list_for_test(&self) -> Result<Vec<String>, BlobError> {
        let mut names = Vec::new();
        let mut listed = self.store.list(None);
        while let Some(meta) = listed.next().await {
            names.push(meta?.location.to_string());
        }
        names.sort();
        Ok(names)
    }

    /// A blob's stored bytes: for tests that what is stored is not the content.
    #[cfg(feature = "testing")]
    pub async fn raw_for_test(&self, address: &str) -> Result<Vec<u8>, BlobError> {
        Ok(self.store.get(&blob_path(address)).await?.bytes().await?.to_vec())
    }

    /// Flips one byte of a stored blob: for tests of the integrity checks.
    #[cfg(feature = "testing")]
    pub async fn corrupt_for_test(&self, address: &str, at: usize) -> Result<(), BlobError> {
        let path = blob_path(address);
        let mut bytes = self.store.get(&path).await?.bytes().await?.to_vec();
        if let Some(b) = bytes.get_mut(at) {
            *b ^= 0x01;
        }
        self.store.put(&path, bytes.into()).await?;
        Ok(())
    }
}

type Decryptor = DecryptorBE32<XChaCha20Poly1305>;

struct Decrypting {
    input: BoxStream<'static, object_store::Result<Bytes>>,
    buffer: BytesMut,
    /// Encrypted bytes not yet taken from `buffer` or `input`.
    remaining: u64,
    key: DataKey,
    decryptor: Option<Decryptor>,
    address: String,
    done: bool,
}

impl Decrypting {
    fn corrupt(mut self, why: &'static str) -> Option<(Result<Bytes, BlobError>, Decrypting)> {
        self.done = true;
        let error = BlobError::Corrupt { address: self.address.clone(), why };
        Some((Err(error), self))
    }

    /// Fills the buffer to `want` bytes, or to the end of the input.
    async fn fill(&mut self, want: usize) -> Result<(), BlobError> {
        while self.buffer.len() < want {
            match self.input.next().await {
                Some(bytes) => self.buffer.extend_from_slice(&bytes?),
                None => break,
            }
        }
        Ok(())
    }

    async fn next(mut self) -> Option<(Result<Bytes, BlobError>, Decrypting)> {
        if self.done {
            return None;
        }
        if self.decryptor.is_none() {
            if let Err(e) = self.fill(HEADER).await {
                self.done = true;
                return Some((Err(e), self));
            }
            if self.buffer.len() < HEADER || &self.buffer[..MAGIC.len()] != MAGIC {
                return self.corrupt("header");
            }
            let header = self.buffer.split_to(HEADER);
            let nonce: [u8; STREAM_NONCE] = match header[MAGIC.len()..].try_into() {
                Ok(n) => n,
                Err(_) => return self.corrupt("header"),
            };
            self.remaining = self.remaining.saturating_sub(HEADER as u64);
            self.decryptor = Some(Decryptor::new(&self.key.0, &Array::from(nonce)));
        }
        let frame = usize::try_from(self.remaining).unwrap_or(usize::MAX).min(FRAME);
        if frame <= TAG {
            return self.corrupt("length");
        }
        if let Err(e) = self.fill(frame).await {
            self.done = true;
            return Some((Err(e), self));
        }
        if self.buffer.len() < frame {
            return self.corrupt("length");
        }
        let mut chunk = self.buffer.split_to(frame).to_vec();
        self.remaining -= frame as u64;
        let last = self.remaining == 0;
        let opened = if last {
            self.done = true;
            match self.decryptor.take() {
                Some(d) => d.decrypt_last_in_place(&[], &mut chunk),
                None => return self.corrupt("state"),
            }
        } else {
            match self.decryptor.as_mut() {
                Some(d) => d.decrypt_next_in_place(&[], &mut chunk),
                None => return self.corrupt("state"),
            }
        };
        match opened {
            Ok(()) => Some((Ok(Bytes::from(chunk)), self)),
            Err(_) => self.corrupt("authentication"),
        }
    }
}
