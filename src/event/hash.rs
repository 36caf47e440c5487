//! BLAKE3 in derive-key mode, one context per artifact: ledger events and reports.

/// Context strings are part of the external contract; changing one breaks every hash.
pub const EVENT_CONTEXT: &str = "jixiao ledger event v1";
pub const REPORT_CONTEXT: &str = "jixiao report v1";

pub type Hash32 = [u8; 32];
pub const ZERO_HASH: Hash32 = [0; 32];

pub fn event_hash(canonical: &[u8]) -> Hash32 {
    let mut h = blake3::Hasher::new_derive_key(EVENT_CONTEXT);
    h.update(canonical);
    *h.finalize().as_bytes()
}

pub fn report_digest(canonical: &[u8]) -> Hash32 {
    let mut h = blake3::Hasher::new_derive_key(REPORT_CONTEXT);
    h.update(canonical);
    *h.finalize().as_bytes()
}

pub fn to_hex(hash: &Hash32) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(64);
    for b in hash {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// Lowercase hex only: the envelope's canonical form has exactly one spelling of a hash.
pub fn from_hex(text: &str) -> Option<Hash32> {
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    let bytes = text.as_bytes();
    for (i, pair) in bytes.chunks(2).enumerate() {
        out[i] = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(out)
}

fn nibble(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}
