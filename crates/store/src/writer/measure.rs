//! What the writer reports to the process's metrics recorder (a no-op without one): its queue,
//! each batch's size and time, each commit's time, failed batches and the ledger's height.

use std::time::Duration;

pub(super) fn queue(depth: usize) {
    metrics::gauge!("iomed_writer_queue_depth").set(depth as f64);
}

pub(super) fn batch(size: usize, took: Duration, committed: bool) {
    metrics::histogram!("iomed_writer_batch_size").record(size as f64);
    metrics::histogram!("iomed_writer_batch_seconds").record(took.as_secs_f64());
    if !committed {
        metrics::counter!("iomed_writer_batches_failed_total").increment(1);
    }
}

pub(super) fn commit(took: Duration, height: i64) {
    metrics::histogram!("iomed_writer_commit_seconds").record(took.as_secs_f64());
    metrics::gauge!("iomed_ledger_height").set(height as f64);
}
