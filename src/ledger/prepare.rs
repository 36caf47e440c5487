//! The checks of an append that need no ledger — a line's project id admitted (NFC, allowed
//! characters), its data normalised (`append::normalise`), the limits on its text
//! (`append::check_texts`) — made where the line is parsed: on the import's parse workers,
//! so that the appending thread, which must take events one after another, spends its time
//! only on what needs the facts and the chain. A `Ready` line can only be made here, so every
//! appended event has passed them.

use super::append::{check_texts, normalise};
use super::signing::Signer;
use super::Input;
use crate::event::{ImportLine, LineError};

/// A line whose project id is admitted and whose data is as stored, with the verdict on
/// its texts, which the judge gives at its place among the rules (after the clock, the
/// import key and who may sign, as it always has).
pub(super) struct Prepared {
    pub(super) item: ImportLine,
    /// `(field, message)` of the first text beyond its limit or empty.
    pub(super) texts: Result<(), (String, String)>,
    /// The canonical bytes of `item.data` (`EventData::write_data`), as they will be stored.
    pub(super) data_bytes: Vec<u8>,
}

impl Prepared {
    /// `item` with its texts' verdict, and its data's canonical bytes written.
    fn new(item: ImportLine, texts: Result<(), (String, String)>) -> Prepared {
        let mut data_bytes = Vec::with_capacity(256);
        item.data.write_data(&mut data_bytes);
        Prepared {
            item,
            texts,
            data_bytes,
        }
    }
}

/// One input ready for `Ledger::append`: its line number, and the prepared line or
/// `(field, message)`, why it cannot be one (the parse's error, an id that cannot be
/// admitted, data that cannot be normalised). Made by `prepare` (or `From<Input>`) only.
pub struct Ready {
    pub(super) line: usize,
    pub(super) prepared: Result<Prepared, (String, String)>,
}

/// Admits, normalises and checks the texts of one input (pure: any thread).
pub fn prepare((line, input): Input) -> Ready {
    let from_line = |e: LineError| (e.field, e.message);
    let prepared = input.map_err(from_line).and_then(|mut item| {
        item.project = item
            .project
            .admitted()
            .map_err(|e| ("project".to_string(), e.to_string()))?;
        item.data = normalise(item.data).map_err(|e| (e.path, e.message))?;
        let texts = check_texts(&item.data);
        Ok(Prepared::new(item, texts))
    });
    Ready { line, prepared }
}

impl From<Input> for Ready {
    fn from(input: Input) -> Ready {
        prepare(input)
    }
}

impl Ready {
    /// The line signed by `signer` (`--key`) unless it arrived signed (`Signer::sign`, which
    /// changes only its actor and signature: the texts' verdict stands; the data's bytes
    /// are written again all the same).
    pub fn signed(self, signer: &Signer) -> Ready {
        let Ready { line, prepared } = self;
        let prepared = prepared.and_then(|Prepared { item, texts, .. }| {
            let item = signer.sign(item).map_err(|e| (e.field, e.message))?;
            Ok(Prepared::new(item, texts))
        });
        Ready { line, prepared }
    }
}
