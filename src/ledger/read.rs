//! Reading the whole ledger fast: the blocks are split into chunks of consecutive seqs,
//! worker threads each read their chunks from the log and turn every block into a value
//! (hash checked, parsed), and the caller receives the values in seq order. Reading from the
//! engine is itself a large part of the work, so each worker reads its own chunks.
//! Nothing here decides anything about the events; it only changes who does the work.

use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Arc;
use std::thread::JoinHandle;

use super::log::{Block, Blocks, EventLog, LogError};

/// Worker threads at most (the work per block is CPU-bound and independent).
pub const MAX_READ_WORKERS: usize = 4;
/// Seqs per chunk: enough blocks to amortise an engine's range read, few enough to keep
/// workers even.
const CHUNK_SEQS: u64 = 4096;
/// Chunks a worker runs ahead of the consumer (bounds the memory held in results).
const CHUNKS_AHEAD_PER_WORKER: usize = 2;
/// Below this many stored events, threads cost more than they save.
const PARALLEL_FROM_EVENTS: u64 = 20_000;

/// What a worker makes of one block, given its first seq and bytes.
pub type BlockFn<T> = Arc<dyn Fn(u64, &[u8]) -> T + Send + Sync>;

/// Maps every block from `from_seq` on through `f`, in seq order: on this thread for a
/// small ledger, else on a reader thread and worker threads.
pub struct ParBlocks<T: Send + 'static> {
    mode: Mode<T>,
}

enum Mode<T> {
    Inline {
        blocks: Blocks,
        f: BlockFn<T>,
    },
    Threads {
        /// Worker k's results, for chunks k, k + n, k + 2n, … in that order.
        results: Vec<Receiver<Vec<Result<T, LogError>>>>,
        /// The chunk being handed out, in order.
        current: std::vec::IntoIter<Result<T, LogError>>,
        taken: usize,
        handles: Vec<JoinHandle<()>>,
    },
}

impl<T: Send + 'static> ParBlocks<T> {
    pub fn new(log: &dyn EventLog, from_seq: u64, f: BlockFn<T>) -> ParBlocks<T> {
        let first_key = match log.block_start(from_seq) {
            Ok(key) => key,
            Err(e) => {
                let failed: Blocks = Box::new(std::iter::once(Err(e)));
                return ParBlocks {
                    mode: Mode::Inline { blocks: failed, f },
                };
            }
        };
        let head = log.head().map_or(0, |h| h.seq);
        let stored = head.saturating_sub(from_seq);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if stored < PARALLEL_FROM_EVENTS || cores < 2 {
            let blocks = log.blocks(first_key..u64::MAX);
            return ParBlocks {
                mode: Mode::Inline { blocks, f },
            };
        }
        let count = cores.min(MAX_READ_WORKERS);
        let mut chunks: Vec<Vec<Chunk>> = (0..count).map(|_| Vec::new()).collect();
        let starts = (first_key..=head).step_by(CHUNK_SEQS as usize);
        for (k, lo) in starts.enumerate() {
            chunks[k % count].push(log.blocks(lo..lo.saturating_add(CHUNK_SEQS)));
        }
        let mut results = Vec::with_capacity(count);
        let mut handles = Vec::with_capacity(count);
        for mine in chunks {
            let (tx, rx) = sync_channel(CHUNKS_AHEAD_PER_WORKER);
            let f = f.clone();
            handles.push(std::thread::spawn(move || {
                for chunk in mine {
                    let mut out = Vec::new();
                    for job in chunk {
                        let failed = job.is_err();
                        out.push(job.map(|b: Block| f(b.first_seq, &b.bytes)));
                        if failed {
                            break;
                        }
                    }
                    if tx.send(out).is_err() {
                        return;
                    }
                }
            }));
            results.push(rx);
        }
        ParBlocks {
            mode: Mode::Threads {
                results,
                current: Vec::new().into_iter(),
                taken: 0,
                handles,
            },
        }
    }
}

/// One chunk's blocks, read by the worker that owns it.
type Chunk = Blocks;

impl<T: Send + 'static> Iterator for ParBlocks<T> {
    type Item = Result<T, LogError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.mode {
            Mode::Inline { blocks, f } => Some(blocks.next()?.map(|b| f(b.first_seq, &b.bytes))),
            Mode::Threads {
                results,
                current,
                taken,
                ..
            } => loop {
                if let Some(next) = current.next() {
                    return Some(next);
                }
                // A closed queue at chunk k means its worker stopped before it: the end.
                let chunk = results[*taken % results.len()].recv().ok()?;
                *taken += 1;
                let failed = chunk.last().is_some_and(|r| r.is_err());
                *current = chunk.into_iter();
                if failed {
                    // Nothing after a read error is handed out: stop every worker.
                    results.clear();
                    results.push(sync_channel(0).1);
                }
            },
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
