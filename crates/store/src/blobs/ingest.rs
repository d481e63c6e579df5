//! An upload's way into the blob store, in three stages that overlap, joined by bounded channels,
//! so that a large file goes at the pace of the slowest stage rather than of all three in turn:
//!
//! - receiving, on the caller's task: the body as it arrives, counted against the limit, each
//!   piece passed both to the sealing and to the hashing of the content;
//! - hashing the content (BLAKE3), on a blocking thread;
//! - sealing, on a blocking thread: the content cut into 64 KiB chunks, each one encrypted in
//!   place into a batch of frames, the batch hashed (the blob's address);
//! - writing: for a local directory, a blocking thread that writes a file in `staging/`, flushes
//!   it to the disk, renames it into `blobs/` and flushes that directory; for S3, a task feeding
//!   a multipart upload of 8 MiB parts, then renaming the object into `blobs/`.
//!
//! A stage stops when the stage before it goes away without saying that the body is complete
//! (refused, cut short, or the request dropped), or when the stage after it stops taking; the
//! writer then removes what it wrote. What is in flight is bounded: a few received pieces, a few
//! batches of about 1 MiB, and for S3 the parts being uploaded.

use std::io::Write as _;
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

use aws_lc_rs::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, Nonce, Tag, UnboundKey};
use bytes::{Bytes, BytesMut};
use chacha20poly1305::aead::array::Array;
use futures_util::stream::{Stream, StreamExt as _};
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt as _, WriteMultipart};
use tokio::sync::mpsc;

use super::{BlobError, CHUNK, DataKey, FRAME, HEADER, MAGIC, STREAM_NONCE, Stored, blob_path};

/// Received pieces waiting to be sealed (each as the body gave it: hyper's reads, at most a few
/// hundred KiB).
const RECEIVED_IN_FLIGHT: usize = 8;
/// Frames sealed into one batch: one write, one hash update, one message (256 KiB). Larger
/// batches cost more to copy into the page cache (on the project's machine, 1 MiB writes took
/// twice the system time of 256 KiB ones: what was sealed is no longer in the cache).
const FRAMES_PER_BATCH: usize = 4;
const BATCH: usize = HEADER + FRAMES_PER_BATCH * FRAME;
/// Sealed batches waiting to be written.
const BATCHES_IN_FLIGHT: usize = 4;
/// Bytes per part of a multipart upload (S3's minimum part is 5 MiB).
const PART: usize = 8 * 1024 * 1024;
/// Parts uploading at once.
const PARTS_IN_FLIGHT: usize = 2;
/// A local file is flushed to the disk on a thread of its own each time this much more is
/// written, so that the disk writes while the upload goes on, and the last flush has little left.
const FLUSH_EVERY: u64 = 32 * 1024 * 1024;

/// What the receiving stage passes on.
enum Received {
    Bytes(Bytes),
    /// The body is complete (and not empty, and within the limit).
    End,
}

/// What the sealing stage passes on.
enum Sealed {
    Bytes(Bytes),
    /// Every byte is sealed and passed on; the blob is named so.
    End {
        address: String,
    },
}

/// Why a stage stopped short.
#[derive(Debug)]
enum Stop {
    /// The stage before went away without ending the body: its own result says why.
    Upstream,
    /// The stage after stopped taking: its own result says why.
    Downstream,
    Failed(BlobError),
}

impl From<BlobError> for Stop {
    fn from(e: BlobError) -> Stop {
        Stop::Failed(e)
    }
}

impl From<object_store::Error> for Stop {
    fn from(e: object_store::Error) -> Stop {
        Stop::Failed(BlobError::Storage(e))
    }
}

/// Where the writing stage writes.
pub(super) enum Target {
    Local(PathBuf),
    Store(Arc<dyn ObjectStore>),
}

/// Encrypts and stores `body` as it arrives (see the module's documentation).
pub(super) async fn put<S, E>(target: Target, key: &DataKey, body: S, limit: u64) -> Result<Stored, BlobError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let nonce = super::random::<STREAM_NONCE>()?;
    let name = hex::encode(super::random::<16>()?);
    let (received_tx, received_rx) = mpsc::channel(RECEIVED_IN_FLIGHT);
    let (content_tx, content_rx) = mpsc::channel(RECEIVED_IN_FLIGHT);
    let (sealed_tx, sealed_rx) = mpsc::channel(BATCHES_IN_FLIGHT);
    let writing = match target {
        Target::Local(root) => tokio::task::spawn_blocking(move || write_file(&root, &name, sealed_rx)),
        Target::Store(store) => tokio::spawn(write_object(store, Path::from(format!("staging/{name}")), sealed_rx)),
    };
    let key = key.clone();
    let sealing = tokio::task::spawn_blocking(move || seal(&key, nonce, limit, received_rx, sealed_tx));
    let hashing = tokio::task::spawn_blocking(move || digest(content_rx));
    let received = receive(body, limit, received_tx, content_tx).await;
    // Every stage is waited for, so that when a refusal is answered nothing stays behind.
    let sealed = sealing.await.unwrap_or_else(|e| Err(Stop::Failed(stage_lost("sealing", &e))));
    let written = writing.await.unwrap_or_else(|e| Err(Stop::Failed(stage_lost("writing", &e))));
    let content = hashing.await.map_err(|e| Stop::Failed(stage_lost("hashing", &e)));
    match (received, sealed, written, content) {
        (Ok(size), Ok(()), Ok(address), Ok(content)) => {
            Ok(Stored { address, content_hash: content.to_hex().to_string(), size })
        }
        (received, sealed, written, content) => {
            Err(cause([received.err(), sealed.err(), written.err(), content.err()]))
        }
    }
}

fn stage_lost(stage: &'static str, e: &tokio::task::JoinError) -> BlobError {
    BlobError::Pipeline { stage, why: e.to_string() }
}

/// The failure that stopped the others, taken in the order of the stages.
fn cause(stops: [Option<Stop>; 4]) -> BlobError {
    stops
        .into_iter()
        .flatten()
        .find_map(|stop| match stop {
            Stop::Failed(e) => Some(e),
            Stop::Upstream | Stop::Downstream => None,
        })
        .unwrap_or(BlobError::Pipeline { stage: "every", why: "each stage stopped waiting for another".into() })
}

/// The receiving stage: the body, counted against the limit, passed on as it comes to the
/// sealing and to the hashing of the content.
async fn receive<S, E>(
    mut body: S,
    limit: u64,
    output: mpsc::Sender<Received>,
    content: mpsc::Sender<Bytes>,
) -> Result<u64, Stop>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let mut size: u64 = 0;
    while let Some(bytes) = body.next().await {
        let bytes = bytes.map_err(|e| BlobError::Interrupted(e.to_string()))?;
        size += bytes.len() as u64;
        if size > limit {
            return Err(BlobError::TooLarge { limit }.into());
        }
        if !bytes.is_empty() {
            content.send(bytes.clone()).await.map_err(|_| Stop::Downstream)?;
            output.send(Received::Bytes(bytes)).await.map_err(|_| Stop::Downstream)?;
        }
    }
    if size == 0 {
        return Err(BlobError::Empty.into());
    }
    output.send(Received::End).await.map_err(|_| Stop::Downstream)?;
    Ok(size)
}

/// The hashing of the content: every piece received, until the receiving stage stops. (Its
/// hash is used only if every stage succeeded, hence the body complete.)
fn digest(mut input: mpsc::Receiver<Bytes>) -> blake3::Hash {
    let mut content = blake3::Hasher::new();
    while let Some(bytes) = input.blocking_recv() {
        content.update(&bytes);
    }
    content.finalize()
}

/// XChaCha20-Poly1305 as STREAM uses it, made from ChaCha20-Poly1305 in aws-lc (assembly; 1.5 times
/// as fast as RustCrypto's on the project's machine, which the upload waited on): XChaCha20 is
/// ChaCha20 under the subkey HChaCha20(key, first 16 bytes of the 24-byte nonce), with the nonce
/// `0000` and the last 8 bytes (draft-irtf-cfrg-xchacha, 2.3). STREAM's nonce is the blob's 19
/// random bytes, the chunk's number (32 bits, big-endian) and 1 for the last chunk, else 0 (as
/// `aead_stream::StreamBE32` makes it); the first 16 bytes are the blob's, so one subkey serves
/// every chunk. A unit test compares the bytes with `EncryptorBE32`'s.
struct Cipher {
    key: LessSafeKey,
    /// The blob's nonce bytes after the first 16: the start of each chunk's ChaCha20 nonce.
    tail: [u8; STREAM_NONCE - 16],
}

impl Cipher {
    fn new(key: &DataKey, nonce: &[u8; STREAM_NONCE]) -> Result<Cipher, BlobError> {
        let (head, tail) = nonce.split_first_chunk::<16>().ok_or(BlobError::Encryption("nonce"))?;
        let tail: [u8; STREAM_NONCE - 16] = tail.try_into().map_err(|_| BlobError::Encryption("nonce"))?;
        let subkey = chacha20::hchacha::<chacha20::R20>(&key.0, &Array::from(*head));
        let key = UnboundKey::new(&CHACHA20_POLY1305, subkey.as_slice()).map_err(|_| BlobError::Encryption("key"))?;
        Ok(Cipher { key: LessSafeKey::new(key), tail })
    }

    /// Encrypts `chunk` in place as chunk number `position` (the last, or not): its tag.
    fn seal(&self, position: u32, last: bool, chunk: &mut [u8]) -> Result<Tag, BlobError> {
        let mut nonce = [0u8; 12];
        let (counter, flag) = (position.to_be_bytes(), u8::from(last));
        for (to, from) in nonce[4..].iter_mut().zip(self.tail.iter().chain(&counter).chain([&flag])) {
            *to = *from;
        }
        self.key
            .seal_in_place_separate_tag(Nonce::assume_unique_for_key(nonce), Aad::empty(), chunk)
            .map_err(|_| BlobError::Encryption("seal"))
    }
}

/// The sealing stage's state: the cipher, the next chunk's number, the hash of the sealed bytes,
/// and the batch being filled.
struct Sealer {
    cipher: Cipher,
    position: u32,
    hash: blake3::Hasher,
    batch: BytesMut,
    /// Plaintext bytes at the end of the batch not yet sealed (at most a chunk).
    open: usize,
    frames: usize,
    limit: u64,
    output: mpsc::Sender<Sealed>,
}

impl Sealer {
    /// Seals the open chunk in place and appends its tag (the batch's capacity has room for it).
    fn seal(&mut self, last: bool) -> Result<(), Stop> {
        let start = self.batch.len() - self.open;
        let chunk = self.batch.get_mut(start..).unwrap_or_default();
        let tag = self.cipher.seal(self.position, last, chunk)?;
        self.batch.extend_from_slice(tag.as_ref());
        // A chunk past the counter's last value could not be told from an earlier one: refused,
        // as `EncryptorBE32` refuses it (at 256 TiB, far past any limit).
        self.position = self.position.checked_add(1).ok_or(BlobError::TooLarge { limit: self.limit })?;
        self.open = 0;
        self.frames += 1;
        Ok(())
    }

    /// Hashes the batch and passes it on.
    fn flush(&mut self) -> Result<(), Stop> {
        let batch = std::mem::replace(&mut self.batch, BytesMut::with_capacity(BATCH)).freeze();
        self.frames = 0;
        self.hash.update(&batch);
        self.output.blocking_send(Sealed::Bytes(batch)).map_err(|_| Stop::Downstream)
    }
}

/// The sealing stage: the sealed frames in batches, and at the end the address (the hash of
/// every sealed byte, header included).
fn seal(
    key: &DataKey,
    nonce: [u8; STREAM_NONCE],
    limit: u64,
    mut input: mpsc::Receiver<Received>,
    output: mpsc::Sender<Sealed>,
) -> Result<(), Stop> {
    let mut batch = BytesMut::with_capacity(BATCH);
    batch.extend_from_slice(MAGIC);
    batch.extend_from_slice(&nonce);
    let mut sealer = Sealer {
        cipher: Cipher::new(key, &nonce)?,
        position: 0,
        hash: blake3::Hasher::new(),
        batch,
        open: 0,
        frames: 0,
        limit,
        output,
    };
    loop {
        let bytes = match input.blocking_recv() {
            Some(Received::Bytes(bytes)) => bytes,
            Some(Received::End) => break,
            None => return Err(Stop::Upstream),
        };
        let mut rest: &[u8] = &bytes;
        while !rest.is_empty() {
            // A chunk is sealed only once more data follows it: the last one is sealed as last.
            if sealer.open == CHUNK {
                sealer.seal(false)?;
                if sealer.frames == FRAMES_PER_BATCH {
                    sealer.flush()?;
                }
            }
            let (now, later) = rest.split_at((CHUNK - sealer.open).min(rest.len()));
            sealer.batch.extend_from_slice(now);
            sealer.open += now.len();
            rest = later;
        }
    }
    if sealer.open == 0 {
        return Err(BlobError::Empty.into());
    }
    sealer.seal(true)?;
    sealer.flush()?;
    let address = sealer.hash.finalize().to_hex().to_string();
    sealer.output.blocking_send(Sealed::End { address }).map_err(|_| Stop::Downstream)
}

fn file_error(action: &'static str, path: &FsPath) -> impl FnOnce(std::io::Error) -> Stop {
    let path = path.to_owned();
    move |source| Stop::Failed(BlobError::File { action, path, source })
}

/// The writing stage for a local directory: `staging/NAME`, written as batches come and flushed
/// to the disk as it grows (on a thread of its own) and at the end, then renamed to its place in
/// `blobs/`, whose directory is flushed too, so that a filing never commits before its content
/// is durable. On any failure the file is removed.
fn write_file(root: &FsPath, name: &str, input: mpsc::Receiver<Sealed>) -> Result<String, Stop> {
    let staging = root.join("staging").join(name);
    let written = write_staged(root, &staging, input);
    if written.is_err() {
        let _ = std::fs::remove_file(&staging);
    }
    written
}

fn write_staged(root: &FsPath, staging: &FsPath, input: mpsc::Receiver<Sealed>) -> Result<String, Stop> {
    if let Some(dir) = staging.parent() {
        std::fs::create_dir_all(dir).map_err(file_error("create", dir))?;
    }
    let file = std::fs::File::create_new(staging).map_err(file_error("create", staging))?;
    let address = std::thread::scope(|scope| {
        let (flush, flushes) = std::sync::mpsc::sync_channel::<()>(1);
        let flushed = &file;
        let flusher = std::thread::Builder::new()
            .name("iomed-flush".into())
            .spawn_scoped(scope, move || -> std::io::Result<()> {
                while flushes.recv().is_ok() {
                    flushed.sync_data()?;
                }
                Ok(())
            })
            .map_err(file_error("flush", staging))?;
        let written = write_batches(&file, staging, input, &flush);
        drop(flush);
        let flushed = flusher.join();
        let address = written?;
        match flushed {
            Ok(flushed) => flushed.map_err(file_error("flush", staging))?,
            Err(_) => return Err(Stop::Failed(BlobError::Pipeline { stage: "flushing", why: "it panicked".into() })),
        }
        Ok(address)
    })?;
    file.sync_all().map_err(file_error("flush", staging))?;
    drop(file);
    let place = root.join(blob_path(&address).as_ref());
    let dir = place.parent().unwrap_or(root);
    std::fs::create_dir_all(dir).map_err(file_error("create", dir))?;
    std::fs::rename(staging, &place).map_err(file_error("rename", staging))?;
    std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(file_error("flush", dir))?;
    Ok(address)
}

/// Writes the batches as they come, asking the flusher to flush each [`FLUSH_EVERY`] bytes
/// (unless it is still flushing: then at the next batch); the address at the end.
fn write_batches(
    mut file: &std::fs::File,
    staging: &FsPath,
    mut input: mpsc::Receiver<Sealed>,
    flush: &std::sync::mpsc::SyncSender<()>,
) -> Result<String, Stop> {
    let mut unflushed: u64 = 0;
    loop {
        match input.blocking_recv() {
            Some(Sealed::Bytes(bytes)) => {
                file.write_all(&bytes).map_err(file_error("write", staging))?;
                unflushed += bytes.len() as u64;
                if unflushed >= FLUSH_EVERY {
                    match flush.try_send(()) {
                        Ok(()) => unflushed = 0,
                        Err(std::sync::mpsc::TrySendError::Full(())) => {}
                        // The flusher stopped: its error says why.
                        Err(std::sync::mpsc::TrySendError::Disconnected(())) => return Err(Stop::Downstream),
                    }
                }
            }
            Some(Sealed::End { address }) => return Ok(address),
            None => return Err(Stop::Upstream),
        }
    }
}

/// The writing stage for object storage: a multipart upload to `staging/NAME`, at most
/// [`PARTS_IN_FLIGHT`] parts at once, then renamed to its place in `blobs/` (S3 answers only
/// once an object is stored). On any failure the upload is aborted or the object deleted.
async fn write_object(
    store: Arc<dyn ObjectStore>,
    staging: Path,
    mut input: mpsc::Receiver<Sealed>,
) -> Result<String, Stop> {
    let upload = store.put_multipart(&staging).await?;
    let mut writer = WriteMultipart::new_with_chunk_size(upload, PART);
    let address = loop {
        match input.recv().await {
            Some(Sealed::Bytes(bytes)) => {
                if let Err(e) = writer.wait_for_capacity(PARTS_IN_FLIGHT).await {
                    let _ = writer.abort().await;
                    return Err(e.into());
                }
                writer.put(bytes);
            }
            Some(Sealed::End { address }) => break address,
            None => {
                let _ = writer.abort().await;
                return Err(Stop::Upstream);
            }
        }
    };
    // A failed finish aborts the upload itself.
    writer.finish().await?;
    if let Err(e) = store.rename(&staging, &blob_path(&address)).await {
        let _ = store.delete(&staging).await;
        return Err(e.into());
    }
    Ok(address)
}

#[cfg(test)]
mod tests {
    use aead_stream::EncryptorBE32;
    use chacha20poly1305::XChaCha20Poly1305;

    use super::*;

    /// The blob as the writer made it before the stages (the header, then STREAM frames from
    /// `EncryptorBE32`, the last sealed as last): the reference of the format.
    fn reference(key: &DataKey, nonce: [u8; STREAM_NONCE], content: &[u8]) -> Vec<u8> {
        let mut blob = MAGIC.to_vec();
        blob.extend_from_slice(&nonce);
        let mut encryptor = EncryptorBE32::<XChaCha20Poly1305>::new(&key.0, &Array::from(nonce));
        let chunks: Vec<&[u8]> = content.chunks(CHUNK).collect();
        let (last, rest) = chunks.split_last().unwrap();
        for chunk in rest {
            let mut chunk = chunk.to_vec();
            encryptor.encrypt_next_in_place(&[], &mut chunk).unwrap();
            blob.extend_from_slice(&chunk);
        }
        let mut chunk = last.to_vec();
        encryptor.encrypt_last_in_place(&[], &mut chunk).unwrap();
        blob.extend_from_slice(&chunk);
        blob
    }

    /// Runs the sealing stage on threads of its own over `pieces` (then the end, if `end`): its
    /// result, the bytes it passed on, and the address it ended with.
    fn sealed(
        key: &DataKey,
        nonce: [u8; STREAM_NONCE],
        pieces: Vec<Vec<u8>>,
        end: bool,
    ) -> (Result<(), Stop>, Vec<u8>, Option<String>) {
        let (input, received) = mpsc::channel(RECEIVED_IN_FLIGHT);
        let (sealed, mut output) = mpsc::channel(BATCHES_IN_FLIGHT);
        let key = key.clone();
        let sealer = std::thread::spawn(move || seal(&key, nonce, u64::MAX, received, sealed));
        let collector = std::thread::spawn(move || {
            let (mut bytes, mut address) = (Vec::new(), None);
            while let Some(piece) = output.blocking_recv() {
                match piece {
                    Sealed::Bytes(b) => bytes.extend_from_slice(&b),
                    Sealed::End { address: a } => address = Some(a),
                }
            }
            (bytes, address)
        });
        for piece in pieces {
            input.blocking_send(Received::Bytes(piece.into())).unwrap();
        }
        if end {
            input.blocking_send(Received::End).unwrap();
        }
        drop(input);
        let result = sealer.join().unwrap();
        let (bytes, address) = collector.join().unwrap();
        (result, bytes, address)
    }

    #[test]
    fn the_stages_seal_byte_for_byte_as_the_stream_encryptor_did() {
        let key = DataKey::generate().unwrap();
        let nonce = [0x5a; STREAM_NONCE];
        let content: Vec<u8> =
            (0..2 * FRAMES_PER_BATCH * CHUNK + 5).map(|i| (i.wrapping_mul(31) ^ (i >> 9)) as u8).collect();
        let batch = FRAMES_PER_BATCH * CHUNK;
        for len in [1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, batch - 1, batch, batch + 1, 2 * batch + 5] {
            let data = &content[..len];
            let expected = reference(&key, nonce, data);
            for piece in [7_919, CHUNK, len] {
                let pieces = data.chunks(piece).map(<[u8]>::to_vec).collect();
                let (result, bytes, address) = sealed(&key, nonce, pieces, true);
                assert!(result.is_ok(), "{len} in pieces of {piece}: {result:?}");
                assert!(bytes == expected, "{len} in pieces of {piece}: not the reference's bytes");
                assert_eq!(address.as_deref(), Some(blake3::hash(&expected).to_hex().as_str()), "{len}");
            }
        }
    }

    #[test]
    fn a_body_that_does_not_end_is_not_sealed_as_complete() {
        let key = DataKey::generate().unwrap();
        let (result, _, address) = sealed(&key, [1; STREAM_NONCE], vec![vec![7; 3 * CHUNK]], false);
        assert!(matches!(result, Err(Stop::Upstream)), "{result:?}");
        assert_eq!(address, None, "an address was given to a body cut short");
        let (result, _, address) = sealed(&key, [1; STREAM_NONCE], vec![], true);
        assert!(matches!(result, Err(Stop::Failed(BlobError::Empty))), "{result:?}");
        assert_eq!(address, None);
    }
}
