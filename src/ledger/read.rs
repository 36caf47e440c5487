//! Reading the whole ledger fast: one thread reads blocks in seq order, worker threads turn
//! them into values (hash checked, parsed), and the caller receives the values in order.
//! Nothing here decides anything about the events; it only changes who does the work.

use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::store::{Store, StoreError};

/// Worker threads at most (the work per block is CPU-bound and independent).
pub const MAX_READ_WORKERS: usize = 4;
/// Blocks queued per worker ahead of the consumer: bounds memory to well under 1 MiB each.
const BLOCKS_AHEAD_PER_WORKER: usize = 16;
/// Below this many stored events, threads cost more than they save.
const PARALLEL_FROM_EVENTS: u64 = 20_000;

/// What a worker makes of one block, given its first seq and bytes.
pub type BlockFn<T> = Arc<dyn Fn(u64, &[u8]) -> T + Send + Sync>;

type Job = Result<(u64, sled::IVec), StoreError>;

/// Maps every block from `from_seq` on through `f`, in seq order: on this thread for a
/// small ledger, else on a reader thread and worker threads.
pub struct ParBlocks<T: Send + 'static> {
    mode: Mode<T>,
}

enum Mode<T> {
    Inline {
        blocks: Box<dyn Iterator<Item = Job> + Send>,
        f: BlockFn<T>,
    },
    Threads {
        /// Worker k's results, for blocks k, k + n, k + 2n, … in that order.
        results: Vec<Receiver<Result<T, StoreError>>>,
        taken: usize,
        handles: Vec<JoinHandle<()>>,
    },
}

impl<T: Send + 'static> ParBlocks<T> {
    pub fn new(store: &Store, from_seq: u64, f: BlockFn<T>) -> ParBlocks<T> {
        let blocks = Box::new(store.blocks_from(from_seq));
        let stored = store.head().map_or(0, |h| h.seq).saturating_sub(from_seq);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if stored < PARALLEL_FROM_EVENTS || cores < 2 {
            return ParBlocks {
                mode: Mode::Inline { blocks, f },
            };
        }
        let count = cores.min(MAX_READ_WORKERS);
        let mut jobs = Vec::with_capacity(count);
        let mut results = Vec::with_capacity(count);
        let mut handles = Vec::with_capacity(count + 1);
        for _ in 0..count {
            let (job_tx, job_rx) = sync_channel::<Job>(BLOCKS_AHEAD_PER_WORKER);
            let (result_tx, result_rx) = sync_channel(BLOCKS_AHEAD_PER_WORKER);
            let f = f.clone();
            handles.push(std::thread::spawn(move || {
                for job in job_rx {
                    let result = job.map(|(first, bytes)| f(first, &bytes));
                    if result_tx.send(result).is_err() {
                        return;
                    }
                }
            }));
            jobs.push(job_tx);
            results.push(result_rx);
        }
        handles.push(std::thread::spawn(move || {
            // Round robin: block k goes to worker k % n, so results come back in order.
            for (k, job) in blocks.enumerate() {
                let failed = job.is_err();
                if jobs[k % jobs.len()].send(job).is_err() || failed {
                    return;
                }
            }
        }));
        ParBlocks {
            mode: Mode::Threads {
                results,
                taken: 0,
                handles,
            },
        }
    }
}

impl<T: Send + 'static> Iterator for ParBlocks<T> {
    type Item = Result<T, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.mode {
            Mode::Inline { blocks, f } => Some(blocks.next()?.map(|(first, b)| f(first, &b))),
            Mode::Threads { results, taken, .. } => {
                // A closed queue at block k means the reader stopped before block k: the end.
                let next = results[*taken % results.len()].recv().ok()?;
                *taken += 1;
                Some(next)
            }
        }
    }
}

impl<T: Send + 'static> Drop for ParBlocks<T> {
    fn drop(&mut self) {
        if let Mode::Threads {
            results, handles, ..
        } = &mut self.mode
        {
            // Closing the result queues stops the workers, whose closed job queues stop the reader.
            results.clear();
            for h in handles.drain(..) {
                let _ = h.join();
            }
        }
    }
}
