//! The one append path: import lines from a reader (`import`, `import-form`, the bench's
//! import, the demo's sample) or built by a command (recording commands, the bench's clerk)
//! go through `append_inputs` to `Ledger::append_summary`, all or none, and come back with
//! what the ledger had to say (`Notices`). Input is read with named limits: a UTF-8 BOM at the
//! start, CRLF line ends and blank lines are accepted; anything else malformed is an error
//! naming the line.

use std::io::BufRead;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use chrono::{DateTime, Utc};

use crate::event::{ImportLine, LineError};
use crate::ledger::signing::Signer;
use crate::ledger::{prepare, AppendError, Appended, Ledger, Notices, Ready};
use crate::limits::MAX_LINE_BYTES;

/// What an append did: how many events, the first and last of them, and what the ledger
/// accepted but had to say (`Notices`: dates outside the period, import lines skipped).
#[derive(Debug, Clone)]
pub struct Outcome {
    pub count: u64,
    pub range: Option<(Appended, Appended)>,
    pub notices: Notices,
}

/// Appends `inputs` all or none (durable before Ok) and takes the ledger's notices: the one
/// call every writer ends in. Inputs are `ledger::Input`s or lines already `Ready`.
pub fn append_inputs<R: Into<Ready>>(
    ledger: &mut Ledger,
    inputs: impl IntoIterator<Item = R>,
    actor: &str,
    clock: &mut dyn FnMut(&ImportLine) -> DateTime<Utc>,
) -> Result<Outcome, AppendError> {
    let appended = ledger.append_summary(inputs, actor, clock)?;
    Ok(Outcome {
        count: appended.count,
        range: appended.first.zip(appended.last),
        notices: ledger.take_notices(),
    })
}

/// The whole of `jixiao import` but the terminal: reads import lines from `reader` (a file,
/// stdin, text in memory), parses them on worker threads and appends them all or none
/// through `append_inputs`. `on_line` hears the line count.
pub fn append_reader<R: BufRead>(
    ledger: &mut Ledger,
    reader: R,
    actor: &str,
    clock: &mut dyn FnMut(&ImportLine) -> DateTime<Utc>,
    on_line: &mut dyn FnMut(usize),
) -> Result<Outcome, AppendError> {
    append_reader_signed(ledger, reader, actor, None, clock, on_line)
}

/// `append_reader`, signing each line that did not arrive signed with `signer` (`--key`).
pub fn append_reader_signed<R: BufRead>(
    ledger: &mut Ledger,
    reader: R,
    actor: &str,
    signer: Option<&Signer>,
    clock: &mut dyn FnMut(&ImportLine) -> DateTime<Utc>,
    on_line: &mut dyn FnMut(usize),
) -> Result<Outcome, AppendError> {
    let sign = |ready: Ready| match signer {
        Some(s) => ready.signed(s),
        None => ready,
    };
    let lines = LineReader::new(reader);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let appended = if workers < 2 {
        let mut count = 0usize;
        let mut lines = lines;
        let inputs = std::iter::from_fn(|| {
            let (n, line) = lines.next_line()?;
            count += 1;
            on_line(count);
            Some(sign(prepare((
                n,
                line.and_then(|text| ImportLine::parse(&text)),
            ))))
        });
        append_inputs(ledger, inputs, actor, clock)?
    } else {
        std::thread::scope(|scope| {
            let mut inputs = ParseAhead::start(scope, lines, workers.min(MAX_PARSE_WORKERS));
            let mut count = 0usize;
            let inputs = std::iter::from_fn(|| {
                let input = inputs.next()?;
                count += 1;
                on_line(count);
                Some(sign(input))
            });
            append_inputs(ledger, inputs, actor, clock)
        })?
    };
    Ok(appended)
}

/// Parse threads at most; the appending thread needs a core too.
const MAX_PARSE_WORKERS: usize = 4;
/// Lines per parse job, and jobs queued per worker: about 1 MiB of input in flight each.
const PARSE_BATCH_LINES: usize = 512;
const PARSE_BATCHES_AHEAD: usize = 4;

/// Lines split on this thread, parsed and prepared (`ledger::prepare`) on worker threads,
/// handed back in input order.
struct ParseAhead<'scope, R> {
    lines: LineReader<R>,
    workers: Vec<(SyncSender<LineBatch>, Receiver<Parsed>)>,
    /// Batches the workers are done with, emptied: their buffers are reused, not reallocated.
    spare: Vec<LineBatch>,
    sent: usize,
    taken: usize,
    current: std::vec::IntoIter<Ready>,
    exhausted: bool,
    _scope: std::marker::PhantomData<&'scope ()>,
}

/// A batch's parsed lines, and the batch itself emptied for reuse.
type Parsed = (Vec<Ready>, LineBatch);

/// Raw lines back to back, each with its number (or why it could not be read).
#[derive(Default)]
struct LineBatch {
    text: Vec<u8>,
    lines: Vec<(usize, Result<std::ops::Range<usize>, LineError>)>,
}

impl<'scope, R: BufRead> ParseAhead<'scope, R> {
    fn start<'env>(
        scope: &'scope std::thread::Scope<'scope, 'env>,
        lines: LineReader<R>,
        count: usize,
    ) -> ParseAhead<'scope, R> {
        let workers = (0..count)
            .map(|_| {
                let (jobs, job_rx) = sync_channel::<LineBatch>(PARSE_BATCHES_AHEAD);
                let (result_tx, results) = sync_channel(PARSE_BATCHES_AHEAD);
                scope.spawn(move || {
                    yield_to_appending_thread();
                    for mut batch in job_rx {
                        let parsed = parse_batch(&batch);
                        batch.text.clear();
                        batch.lines.clear();
                        if result_tx.send((parsed, batch)).is_err() {
                            return;
                        }
                    }
                });
                (jobs, results)
            })
            .collect();
        ParseAhead {
            lines,
            workers,
            spare: Vec::new(),
            sent: 0,
            taken: 0,
            current: Vec::new().into_iter(),
            exhausted: false,
            _scope: std::marker::PhantomData,
        }
    }

    fn fill(&mut self) {
        let depth = self.workers.len() * PARSE_BATCHES_AHEAD;
        while !self.exhausted && self.sent - self.taken < depth {
            let mut batch = self.spare.pop().unwrap_or_default();
            while batch.lines.len() < PARSE_BATCH_LINES {
                let Some((n, raw)) = self.lines.next_raw() else {
                    self.exhausted = true;
                    break;
                };
                let range = raw.map(|bytes| {
                    let start = batch.text.len();
                    batch.text.extend_from_slice(bytes);
                    start..batch.text.len()
                });
                batch.lines.push((n, range));
            }
            if batch.lines.is_empty() {
                return;
            }
            let (jobs, _) = &self.workers[self.sent % self.workers.len()];
            jobs.send(batch)
                .expect("invariant: parse workers run until their queue closes");
            self.sent += 1;
        }
    }
}

impl<R: BufRead> Iterator for ParseAhead<'_, R> {
    type Item = Ready;

    fn next(&mut self) -> Option<Ready> {
        loop {
            if let Some(input) = self.current.next() {
                return Some(input);
            }
            self.fill();
            if self.taken == self.sent {
                return None;
            }
            let (_, results) = &self.workers[self.taken % self.workers.len()];
            let (parsed, spare) = results
                .recv()
                .expect("invariant: a parse worker answers every batch");
            self.taken += 1;
            self.current = parsed.into_iter();
            self.spare.push(spare);
        }
    }
}

/// Lowers this thread's priority (nice +10, Linux's per-thread nice): the appending thread
/// takes events one after another and bounds the import, so on a busy machine the parse
/// workers, which keep ahead of it, give way to it. Best effort: a refusal changes nothing.
fn yield_to_appending_thread() {
    // SAFETY: setpriority on the calling thread (who = 0) with a plain integer.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

fn parse_batch(batch: &LineBatch) -> Vec<Ready> {
    batch
        .lines
        .iter()
        .map(|(n, range)| {
            let parsed = range
                .clone()
                .and_then(|r| utf8_line(&batch.text[r]).and_then(ImportLine::parse));
            prepare((*n, parsed))
        })
        .collect()
}

fn utf8_line(bytes: &[u8]) -> Result<&str, LineError> {
    // simdutf8 first (several times std's speed on Chinese text); std names the byte,
    // counted from 1 as people count (`第 100 字节`).
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(text);
    }
    std::str::from_utf8(bytes).map_err(|e| {
        line_error(
            "line",
            format!("not valid UTF-8 at byte {}", e.valid_up_to() + 1),
        )
    })
}

/// Splits input into lines without ever holding more than `MAX_LINE_BYTES` of one line.
pub struct LineReader<R> {
    inner: R,
    line_no: usize,
    buf: Vec<u8>,
}

impl<R: BufRead> LineReader<R> {
    pub fn new(inner: R) -> LineReader<R> {
        LineReader {
            inner,
            line_no: 0,
            buf: Vec::with_capacity(4096),
        }
    }

    /// The next non-blank line with its 1-based number, or None at the end.
    pub fn next_line(&mut self) -> Option<(usize, Result<String, LineError>)> {
        let (n, raw) = self.next_raw()?;
        Some((
            n,
            raw.and_then(|bytes| utf8_line(bytes).map(str::to_string)),
        ))
    }

    /// The next non-blank line's bytes (BOM and line end removed), not yet checked as UTF-8.
    pub fn next_raw(&mut self) -> Option<(usize, Result<&[u8], LineError>)> {
        loop {
            self.line_no += 1;
            let (read, too_long) = match self.read_raw() {
                Ok(r) => r,
                Err(e) => {
                    return Some((
                        self.line_no,
                        Err(line_error("line", format!("cannot read: {e}"))),
                    ))
                }
            };
            if read == 0 {
                return None;
            }
            let mut start = 0;
            let mut end = self.buf.len();
            if self.line_no == 1 && self.buf.starts_with(b"\xEF\xBB\xBF") {
                start = 3;
            }
            for ending in [b'\n', b'\r'] {
                if end > start && self.buf[end - 1] == ending {
                    end -= 1;
                }
            }
            // The raw read leaves room for the line end; the content itself must fit.
            if too_long || end - start > MAX_LINE_BYTES {
                return Some((
                    self.line_no,
                    Err(line_error(
                        "line",
                        format!("line is longer than {MAX_LINE_BYTES} bytes (MAX_LINE_BYTES)"),
                    )),
                ));
            }
            if !self.buf[start..end].iter().all(|b| b.is_ascii_whitespace()) {
                return Some((self.line_no, Ok(&self.buf[start..end])));
            }
        }
    }

    /// Reads one raw line into `buf`; past the limit the rest of the line is skipped.
    fn read_raw(&mut self) -> std::io::Result<(usize, bool)> {
        self.buf.clear();
        let mut total = 0;
        let mut too_long = false;
        loop {
            let chunk = self.inner.fill_buf()?;
            if chunk.is_empty() {
                return Ok((total, too_long));
            }
            let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            // Room for a BOM (3 bytes) and CRLF (2) around the content limited by next_line.
            if !too_long && self.buf.len() + take <= MAX_LINE_BYTES + 5 {
                self.buf.extend_from_slice(&chunk[..take]);
            } else {
                too_long = true;
                self.buf.clear();
            }
            total += take;
            self.inner.consume(take);
            if done {
                return Ok((total, too_long));
            }
        }
    }
}

fn line_error(field: &str, message: String) -> LineError {
    LineError {
        field: field.to_string(),
        message,
    }
}
