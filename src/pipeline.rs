//! Streaming, parallel, order-keeping processing of many records.
//!
//! A reader thread pulls records from the input and hands them over in batches (bounded by
//! count and bytes) through a channel that holds at most two batches; each batch is processed
//! on all cores with rayon; results are written in input order before the next batch is taken.
//! Memory therefore depends on the batch size, not on the input size, and the output lines up
//! with the input record for record.
//!
//! Every input item yields exactly one output item: a result, or the error in its place. A panic
//! while processing one record (a bug) becomes an error for that record, not a lost batch.

use crate::io::{InputError, Item, Record};
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// Counts of one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Items read (records and errors).
    pub items: usize,
    /// Items that were errors.
    pub failed: usize,
    /// Of those, whole inputs that could not be read.
    pub fatal: usize,
    /// Bytes of article text processed.
    pub bytes: u64,
}

/// Batch limits.
#[derive(Debug, Clone, Copy)]
pub struct BatchLimits {
    /// At most this many records per batch.
    pub records: usize,
    /// At most about this many bytes of text per batch.
    pub bytes: usize,
}

impl Default for BatchLimits {
    fn default() -> Self {
        BatchLimits { records: 1024, bytes: 8 << 20 }
    }
}

/// When set, [`process`] works on the calling thread instead of rayon's pool (see
/// [`run_on_calling_thread`]).
static CALLING_THREAD: AtomicBool = AtomicBool::new(false);

/// Make [`process`] do its work on the thread that calls it, one record after the other, rather
/// than on rayon's pool: what `--threads 1` asks for, without starting a pool of one worker and
/// handing every batch over to it. Results, order and error handling are the same.
pub fn run_on_calling_thread(on: bool) {
    CALLING_THREAD.store(on, Ordering::Relaxed);
}

/// Run `work` over every record of `items` in parallel and pass each result (or the input error
/// in its place) to `emit`, in input order. `progress` is called after each batch with the
/// running totals.
pub fn process<T, W, E, P>(
    items: impl Iterator<Item = Item> + Send,
    limits: BatchLimits,
    work: W,
    mut emit: E,
    mut progress: P,
) -> std::io::Result<Stats>
where
    T: Send,
    W: Fn(&Record) -> T + Sync,
    E: FnMut(Result<T, InputError>) -> std::io::Result<()>,
    P: FnMut(&Stats),
{
    let (tx, rx) = mpsc::sync_channel::<Vec<Item>>(2);
    // Processed batches go back to the reader thread, which made their records, to be freed
    // there: a record freed on another thread costs a lock on the reader's allocator arena,
    // taken against the reader's own allocations.
    let (back_tx, back_rx) = mpsc::channel::<Vec<Item>>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut batch = Vec::new();
            let mut bytes = 0usize;
            for item in items {
                bytes += item.as_ref().map_or(0, |r| r.text.len());
                batch.push(item);
                if batch.len() >= limits.records || bytes >= limits.bytes {
                    if tx.send(std::mem::take(&mut batch)).is_err() {
                        return;
                    }
                    bytes = 0;
                    // Free what has come back, and keep one batch's vector for the next.
                    while let Ok(mut done) = back_rx.try_recv() {
                        done.clear();
                        batch = done;
                    }
                }
            }
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
        });
        let mut stats = Stats::default();
        for batch in rx {
            let text_bytes: u64 = batch.iter().map(|i| i.as_ref().map_or(0, |r| r.text.len() as u64)).sum();
            let one = |item: &Item| {
                let rec = item.as_ref().map_err(Clone::clone)?;
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(rec))).map_err(|_| InputError {
                    location: rec.id.clone(),
                    id: rec.id.clone(),
                    message: "internal error while processing this record (please report it)".into(),
                    fatal: false,
                })
            };
            let results: Vec<Result<T, InputError>> = if CALLING_THREAD.load(Ordering::Relaxed) {
                batch.iter().map(one).collect()
            } else {
                batch.par_iter().map(one).collect()
            };
            // (The reader may have finished: then the batch is freed here.)
            let _ = back_tx.send(batch);
            for r in results {
                stats.items += 1;
                if let Err(e) = &r {
                    stats.failed += 1;
                    stats.fatal += usize::from(e.fatal);
                }
                emit(r)?;
            }
            stats.bytes += text_bytes;
            progress(&stats);
        }
        Ok(stats)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_count() {
        let items: Vec<Item> = (0..5000)
            .map(|i| {
                if i % 7 == 0 {
                    Err(InputError { id: i.to_string(), location: i.to_string(), message: "bad".into(), fatal: false })
                } else {
                    Ok(Record { id: i.to_string(), text: "x".repeat(i % 13), ..Default::default() })
                }
            })
            .collect();
        let mut out = Vec::new();
        let stats = process(
            items.into_iter(),
            BatchLimits { records: 100, bytes: 1000 },
            |r| r.id.clone(),
            |r| {
                out.push(r.map_err(|e| e.id).unwrap_or_else(|e| e));
                Ok(())
            },
            |_| {},
        )
        .unwrap();
        assert_eq!(stats.items, 5000);
        assert_eq!(stats.failed, (0..5000).filter(|i| i % 7 == 0).count());
        assert_eq!(stats.bytes, (0..5000u64).filter(|i| i % 7 != 0).map(|i| i % 13).sum::<u64>());
        assert_eq!(out, (0..5000).map(|i| i.to_string()).collect::<Vec<_>>());
    }
}
