//! BLAKE3 in derive-key mode, one context per artifact: ledger events and reports.

/// Context strings are part of the external contract; changing one breaks every hash.
pub const EVENT_CONTEXT: &str = "jixiao ledger event v1";
pub const REPORT_CONTEXT: &str = "jixiao report v1";

pub type Hash32 = [u8; 32];
pub const ZERO_HASH: Hash32 = [0; 32];

/// The same as `blake3::derive_key(EVENT_CONTEXT, canonical)`, with the context string
/// hashed once per process instead of once per event (the hot path of import and verify).
pub fn event_hash(canonical: &[u8]) -> Hash32 {
    use blake3::hazmat::HasherExt;
    static CONTEXT_KEY: std::sync::OnceLock<blake3::hazmat::ContextKey> =
        std::sync::OnceLock::new();
    let key = CONTEXT_KEY.get_or_init(|| blake3::hazmat::hash_derive_key_context(EVENT_CONTEXT));
    let mut h = blake3::Hasher::new_from_context_key(key);
    h.update(canonical);
    *h.finalize().as_bytes()
}

pub fn report_digest(canonical: &[u8]) -> Hash32 {
    let mut h = blake3::Hasher::new_derive_key(REPORT_CONTEXT);
    h.update(canonical);
    *h.finalize().as_bytes()
}

pub fn to_hex(hash: &Hash32) -> String {
    String::from_utf8(hex_bytes(hash).to_vec()).expect("invariant: hex digits are ASCII")
}

/// Lowercase hex of a hash, without allocating.
pub fn hex_bytes(hash: &Hash32) -> [u8; 64] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 64];
    for (i, b) in hash.iter().enumerate() {
        out[2 * i] = HEX[(b >> 4) as usize];
        out[2 * i + 1] = HEX[(b & 15) as usize];
    }
    out
}

/// Lowercase hex only: the envelope's canonical form has exactly one spelling of a hash.
pub fn from_hex(text: &str) -> Option<Hash32> {
    let bytes: &[u8; 64] = text.as_bytes().try_into().ok()?;
    let mut out = [0u8; 32];
    let mut bad = 0u8;
    for (o, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        let (hi, lo) = (NIBBLE[pair[0] as usize], NIBBLE[pair[1] as usize]);
        bad |= (hi | lo) & 0x10;
        *o = (hi << 4) | (lo & 0x0f);
    }
    (bad == 0).then_some(out)
}

/// The value of a lowercase hex digit, or 0x10 for anything else.
const NIBBLE: [u8; 256] = {
    let mut t = [0x10u8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_key_hash_is_derive_key() {
        for input in [&b""[..], b"{}", &[7u8; 5000][..]] {
            assert_eq!(event_hash(input), blake3::derive_key(EVENT_CONTEXT, input));
        }
        let h = event_hash(b"x");
        assert_eq!(from_hex(&to_hex(&h)), Some(h));
        assert_eq!(from_hex(&"A".repeat(64)), None);
        assert_eq!(from_hex(&"g".repeat(64)), None);
        assert_eq!(from_hex("00"), None);
        assert_eq!(from_hex(&"0".repeat(64)), Some([0; 32]));
    }
}
