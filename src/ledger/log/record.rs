//! The record format every engine stores and hands out: `[u32 LE length][32-byte hash][canonical
//! bytes]`, back to back in a block.
//! The hash is kept beside the bytes so that reading can check them without trusting either.

use crate::event::Hash32;

/// Bytes before a record's canonical bytes: its length and its hash.
pub const RECORD_HEADER_BYTES: usize = 36;

/// One stored event: its seq (from the block key and position), hash and canonical bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub seq: u64,
    pub hash: Hash32,
    pub bytes: Vec<u8>,
}

/// One record read in place from a block, without copying it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordRef<'a> {
    pub seq: u64,
    pub hash: &'a Hash32,
    pub bytes: &'a [u8],
}

impl RecordRef<'_> {
    pub fn to_record(self) -> Record {
        Record {
            seq: self.seq,
            hash: *self.hash,
            bytes: self.bytes.to_vec(),
        }
    }
}

/// Appends one encoded record to a block being built.
pub fn push_record(block: &mut Vec<u8>, hash: &Hash32, bytes: &[u8]) {
    block.reserve(RECORD_HEADER_BYTES + bytes.len());
    block.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    block.extend_from_slice(hash);
    block.extend_from_slice(bytes);
}

pub fn encode_record(hash: &Hash32, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(RECORD_HEADER_BYTES + bytes.len());
    push_record(&mut out, hash, bytes);
    out
}

/// The records of a block in order, in place; a truncated or over-long record is reported
/// (once, then the iteration ends), not guessed.
pub fn records(first_seq: u64, block: &[u8]) -> Records<'_> {
    Records {
        block,
        at: 0,
        seq: first_seq,
        first_seq,
    }
}

pub struct Records<'a> {
    block: &'a [u8],
    at: usize,
    seq: u64,
    first_seq: u64,
}

impl Records<'_> {
    /// Where the next record starts in the block.
    pub fn offset(&self) -> usize {
        self.at
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<RecordRef<'a>, String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.block.len() {
            return None;
        }
        let (seq, at) = (self.seq, self.at);
        // Whatever happens below, this iteration ends here unless a record is returned.
        self.at = self.block.len();
        let Some(header) = self.block.get(at..at + RECORD_HEADER_BYTES) else {
            return Some(Err(format!(
                "block at seq {} is truncated at seq {seq}",
                self.first_seq
            )));
        };
        let len = u32::from_le_bytes(header[..4].try_into().expect("invariant: 4 bytes")) as usize;
        let hash: &Hash32 = header[4..].try_into().expect("invariant: 32 bytes");
        let start = at + RECORD_HEADER_BYTES;
        let Some(bytes) = self.block.get(start..start + len) else {
            return Some(Err(format!(
                "record of seq {seq} overruns its block (length {len})"
            )));
        };
        self.at = start + len;
        self.seq += 1;
        Some(Ok(RecordRef { seq, hash, bytes }))
    }
}

/// Splits a block into owned records; a truncated or over-long record is reported, not guessed.
pub fn decode_block(first_seq: u64, block: &[u8]) -> Result<Vec<Record>, String> {
    records(first_seq, block)
        .map(|r| r.map(RecordRef::to_record))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damage() {
        let mut block = Vec::new();
        push_record(&mut block, &[1; 32], b"{\"a\":1}");
        push_record(&mut block, &[2; 32], b"{}");
        let got = decode_block(7, &block).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[1].seq, got[1].hash, &got[1].bytes[..]),
            (8, [2; 32], &b"{}"[..])
        );
        assert_eq!(encode_record(&[1; 32], b"{\"a\":1}"), block[..43].to_vec());
        let err = decode_block(7, &block[..block.len() - 1]).unwrap_err();
        assert!(err.contains("seq 8 overruns"), "{err}");
        let err = decode_block(7, &block[..50]).unwrap_err();
        assert!(err.contains("truncated at seq 8"), "{err}");
        let mut it = records(7, &block[..50]);
        assert!(it.next().unwrap().is_ok());
        assert!(it.next().unwrap().is_err());
        assert!(it.next().is_none());
    }
}
