//! The log writes of a large append on a thread of their own, so that judging and hashing
//! the next chunk overlaps with the engine writing the last one. Nothing written ahead is
//! visible before the head moves, so the order of these writes against the judging does not
//! matter.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::{Scope, ScopedJoinHandle};

use super::log::{EventLog, IndexBatch, LogError, Staging};

/// One piece of log work, in the order the batch produced it.
pub enum Work {
    /// Records to write ahead of the head.
    Blocks(Staging),
    /// A window of index entries.
    Index(IndexBatch),
}

/// The writer thread and its queues. Dropping it without `finish` stops it after the work
/// already queued (used when the batch fails: what was written is truncated afterwards).
pub struct Writer<'scope> {
    work: SyncSender<Work>,
    recycled: Receiver<Staging>,
    handle: ScopedJoinHandle<'scope, Result<(), LogError>>,
}

impl<'scope> Writer<'scope> {
    pub fn spawn<'env>(
        scope: &'scope Scope<'scope, 'env>,
        log: &'scope dyn EventLog,
    ) -> Writer<'scope> {
        // One chunk queued while another is written and a third is being filled.
        let (work, queue) = sync_channel::<Work>(1);
        let (recycle, recycled) = sync_channel::<Staging>(2);
        let handle = scope.spawn(move || {
            for item in queue {
                match item {
                    Work::Blocks(staged) => {
                        log.write_ahead(&staged)?;
                        let _ = recycle.try_send(staged);
                    }
                    Work::Index(index) => log.write_ahead_index(&index)?,
                }
            }
            Ok(())
        });
        Writer {
            work,
            recycled,
            handle,
        }
    }

    /// A staging buffer the writer is done with, emptied for records from `first_seq`.
    pub fn staging(&self, first_seq: u64) -> Staging {
        match self.recycled.try_recv() {
            Ok(mut staged) => {
                staged.reset(first_seq);
                staged
            }
            Err(_) => Staging::new(first_seq),
        }
    }

    /// Queues work; if the writer has stopped, returns its error.
    pub fn send(self, work: Work) -> Result<Writer<'scope>, LogError> {
        match self.work.send(work) {
            Ok(()) => Ok(self),
            Err(_) => Err(self.finish().err().unwrap_or_else(|| {
                LogError::Corrupt("the log writer stopped without an error".into())
            })),
        }
    }

    /// Waits until everything queued is written.
    pub fn finish(self) -> Result<(), LogError> {
        drop(self.work);
        self.handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
}
