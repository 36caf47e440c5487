//! `jixiao import`: reads JSONL import lines (file or stdin) with named limits and appends
//! them all or none. Accepted consistently: a UTF-8 BOM at the start of the input, CRLF
//! line ends, and blank lines (skipped). Everything else malformed is an error naming the line.

use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::Path;

use super::{Context, Failure};
use crate::event::{ImportLine, LineError};
use crate::ledger::Input;
use crate::limits::MAX_LINE_BYTES;

/// Progress is shown on a terminal only, every this many lines.
const PROGRESS_EVERY: usize = 100_000;

pub fn run(file: &Path, ctx: &Context) -> Result<(), Failure> {
    let reader: Box<dyn Read> = if file == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(
            std::fs::File::open(file)
                .map_err(|e| Failure::input(format!("cannot read {}: {e}", file.display())))?,
        )
    };
    let mut ledger = ctx.open()?;
    let progress = std::io::stderr().is_terminal();
    let mut lines = LineReader::new(BufReader::with_capacity(1 << 20, reader));
    let mut count = 0usize;
    let inputs = std::iter::from_fn(|| {
        let (n, line) = lines.next_line()?;
        count += 1;
        if progress && count % PROGRESS_EVERY == 0 {
            eprint!("\rimported {count} lines…");
            let _ = std::io::stderr().flush();
        }
        Some((n, line.and_then(|text| ImportLine::parse(&text))))
    });
    let now = ctx.now;
    let appended = ledger.append(inputs, &ctx.actor, &mut |_| now)?;
    if progress && count >= PROGRESS_EVERY {
        eprintln!();
    }
    let (Some(first), Some(last)) = (appended.first(), appended.last()) else {
        return Err(Failure::input(format!(
            "{}: no events (the input is empty or only blank lines)",
            file.display()
        )));
    };
    println!(
        "imported {} events: seq {}..={}  head {}",
        appended.len(),
        first.seq,
        last.seq,
        crate::event::hash::to_hex(&last.hash)
    );
    Ok(())
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
            let mut bytes = self.buf.as_slice();
            if self.line_no == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            // The raw read leaves room for the line end; the content itself must fit.
            if too_long || bytes.len() > MAX_LINE_BYTES {
                return Some((
                    self.line_no,
                    Err(line_error(
                        "line",
                        format!("line is longer than {MAX_LINE_BYTES} bytes (MAX_LINE_BYTES)"),
                    )),
                ));
            }
            if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            return Some((
                self.line_no,
                String::from_utf8(bytes.to_vec()).map_err(|e| {
                    line_error(
                        "line",
                        format!("not valid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
                    )
                }),
            ));
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

/// For callers that hold lines already (tests, the demo): numbered inputs.
pub fn parse_lines(text: &str) -> Vec<Input> {
    let mut reader = LineReader::new(text.as_bytes());
    std::iter::from_fn(|| reader.next_line())
        .map(|(n, l)| (n, l.and_then(|t| ImportLine::parse(&t))))
        .collect()
}
