//! `iomed bench multipart`: the baselines of `scripts/bench-upload`, a bare axum server that takes
//! the same multipart uploads as `POST /api/v1/cases/{id}/documents` and does no more with them
//! than each baseline says:
//!
//! - `POST /drain` reads every part and drops it: what receiving costs (loopback, hyper, axum's
//!   `Multipart`, which is multer);
//! - `POST /write` also writes the `file` part, as it comes, in 256 KiB writes on a blocking
//!   thread, to a file in `--dir` flushed to the disk every 32 MiB on a thread of its own and at
//!   the end (as a local blob is written), then removes it: what receiving and writing cost,
//!   without encrypting or hashing.
//!
//! Each answers the bytes of the `file` part.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use axum::routing::post;
use bytes::{Bytes, BytesMut};
use clap::Args;
use tokio::sync::mpsc;

#[derive(Args)]
pub struct MultipartBenchArgs {
    /// Where to listen.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: String,
    /// The directory `/write` writes into: on the disk of the data directory measured.
    #[arg(long)]
    dir: PathBuf,
}

const WRITE: usize = 256 * 1024;
const FLUSH_EVERY: u64 = 32 * 1024 * 1024;

pub async fn multipart(args: MultipartBenchArgs) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(&args.dir)?;
    let listener = tokio::net::TcpListener::bind(&args.listen).await?;
    println!("iomed bench multipart is listening on http://{}", listener.local_addr()?);
    let app = Router::new()
        .route("/drain", post(drain))
        .route("/write", post(write))
        .layer(DefaultBodyLimit::disable())
        .with_state(Arc::new(args.dir));
    axum::serve(listener, app).await?;
    Ok(ExitCode::SUCCESS)
}

type Answer = Result<String, (StatusCode, String)>;

fn bad(e: impl std::fmt::Display) -> (StatusCode, String) {
    (StatusCode::BAD_REQUEST, e.to_string())
}

fn failed(e: impl std::fmt::Display) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
}

async fn drain(mut multipart: Multipart) -> Answer {
    let mut size = 0;
    while let Some(mut field) = multipart.next_field().await.map_err(bad)? {
        let file = field.name() == Some("file");
        while let Some(bytes) = field.chunk().await.map_err(bad)? {
            if file {
                size += bytes.len();
            }
        }
    }
    Ok(format!("{size}\n"))
}

async fn write(State(dir): State<Arc<PathBuf>>, mut multipart: Multipart) -> Answer {
    let mut size = 0;
    while let Some(mut field) = multipart.next_field().await.map_err(bad)? {
        if field.name() != Some("file") {
            while field.chunk().await.map_err(bad)?.is_some() {}
            continue;
        }
        let path = dir.join(format!("bench-multipart-{}.bin", std::process::id()));
        let (sender, receiver) = mpsc::channel::<Bytes>(8);
        let to = path.clone();
        let writer = tokio::task::spawn_blocking(move || write_file(&to, receiver));
        let mut pending = BytesMut::with_capacity(WRITE);
        let mut received = Ok(());
        while let Some(bytes) = field.chunk().await.map_err(bad)? {
            size += bytes.len();
            pending.extend_from_slice(&bytes);
            if pending.len() >= WRITE {
                let full = std::mem::replace(&mut pending, BytesMut::with_capacity(WRITE)).freeze();
                if sender.send(full).await.is_err() {
                    received = Err(failed("the writer stopped"));
                    break;
                }
            }
        }
        if received.is_ok() && sender.send(pending.freeze()).await.is_err() {
            received = Err(failed("the writer stopped"));
        }
        drop(sender);
        let written = writer.await.map_err(failed)?;
        let removed = std::fs::remove_file(&path);
        written.map_err(failed)?;
        received?;
        removed.map_err(failed)?;
    }
    Ok(format!("{size}\n"))
}

/// Writes what comes to `path`, flushed every [`FLUSH_EVERY`] bytes by a thread of its own, and
/// at the end.
fn write_file(path: &Path, mut receiver: mpsc::Receiver<Bytes>) -> std::io::Result<()> {
    let file = std::fs::File::create(path)?;
    std::thread::scope(|scope| {
        let (flush, flushes) = std::sync::mpsc::sync_channel::<()>(1);
        let flushed = &file;
        let flusher = std::thread::Builder::new().spawn_scoped(scope, move || -> std::io::Result<()> {
            while flushes.recv().is_ok() {
                flushed.sync_data()?;
            }
            Ok(())
        })?;
        let mut written = Ok(());
        let mut unflushed = 0;
        while let Some(bytes) = receiver.blocking_recv() {
            if let Err(e) = (&file).write_all(&bytes) {
                written = Err(e);
                break;
            }
            unflushed += bytes.len() as u64;
            if unflushed >= FLUSH_EVERY && flush.try_send(()).is_ok() {
                unflushed = 0;
            }
        }
        drop(flush);
        let flushed = flusher.join().map_err(|_| std::io::Error::other("the flushing thread panicked"))?;
        written.and(flushed)
    })?;
    file.sync_all()
}
