//! The block format: records `[u32 LE length][32-byte hash][canonical bytes]`, back to back.
//! The hash is kept beside the bytes so that reading can check them without trusting either.

use crate::event::Hash32;

/// One stored event: its seq (from the block key and position), hash and canonical bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub seq: u64,
    pub hash: Hash32,
    pub bytes: Vec<u8>,
}

pub fn encode_record(hash: &Hash32, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(36 + bytes.len());
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(hash);
    out.extend_from_slice(bytes);
    out
}

/// Splits a block into records; a truncated or over-long record is reported, not guessed.
pub fn decode_block(first_seq: u64, block: &[u8]) -> Result<Vec<Record>, String> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while at < block.len() {
        let seq = first_seq + out.len() as u64;
        let Some(header) = block.get(at..at + 36) else {
            return Err(format!(
                "block at seq {first_seq} is truncated at seq {seq}"
            ));
        };
        let len = u32::from_le_bytes(header[..4].try_into().expect("invariant: 4 bytes")) as usize;
        let hash: Hash32 = header[4..36].try_into().expect("invariant: 32 bytes");
        let Some(bytes) = block.get(at + 36..at + 36 + len) else {
            return Err(format!(
                "record of seq {seq} overruns its block (length {len})"
            ));
        };
        out.push(Record {
            seq,
            hash,
            bytes: bytes.to_vec(),
        });
        at += 36 + len;
    }
    Ok(out)
}
