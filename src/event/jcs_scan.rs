//! A one-pass check that bytes are exactly the JCS encoding of the JSON they spell (in the
//! subset events use), reading off an envelope's top-level members on the way. `verify`
//! uses it instead of typing each event and re-encoding it: the same question (are the
//! stored bytes the canonical form?) answered without allocating, at a fraction of the cost.
//! It is strict: anything it is unsure of (a non-ASCII key, an escaped key, a float) is
//! "not known canonical", and the caller then takes the exact, slower path.

use super::canonical::MAX_SAFE_INTEGER;

/// Deeper nesting than any event has; bounds the recursion.
const MAX_DEPTH: usize = 32;

/// An envelope's members as `verify` needs them: raw string contents without escapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Top<'a> {
    pub seq: u64,
    pub prev: &'a str,
    pub project: &'a str,
    pub effective: &'a str,
    pub kind: &'a str,
    /// `recorded_at`, when present as a plain string (an envelope always has it).
    pub recorded_at: Option<&'a str>,
    /// `project_prev` (format 2), when present as a plain string.
    pub project_prev: Option<&'a str>,
    /// Whether the envelope has a `sig` member (a signed event).
    pub signed: bool,
}

/// Some when `bytes` are canonical JSON of an object with the members of `Top` (each a
/// plain string, `seq` an integer). None means "not shown canonical", not "invalid".
pub fn envelope(bytes: &[u8]) -> Option<Top<'_>> {
    let text = simdutf8::basic::from_utf8(bytes).ok()?;
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
    };
    let mut top = Members::default();
    s.object(0, Some(&mut top))?;
    if s.i != s.b.len() {
        return None;
    }
    let field = |r: Option<(usize, usize)>| r.map(|(a, z)| &text[a..z]);
    Some(Top {
        seq: top.seq?,
        prev: field(top.prev)?,
        project: field(top.project)?,
        effective: field(top.effective)?,
        kind: field(top.kind)?,
        recorded_at: field(top.recorded_at),
        project_prev: field(top.project_prev),
        signed: top.signed,
    })
}

/// True when `bytes` are the JCS encoding of the JSON value they spell.
pub fn is_canonical(bytes: &[u8]) -> bool {
    let Ok(text) = simdutf8::basic::from_utf8(bytes) else {
        return false;
    };
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
    };
    s.value(0).is_some() && s.i == s.b.len()
}

/// Byte ranges of the plain string members, and the seq.
#[derive(Default)]
struct Members {
    seq: Option<u64>,
    prev: Option<(usize, usize)>,
    project: Option<(usize, usize)>,
    effective: Option<(usize, usize)>,
    kind: Option<(usize, usize)>,
    recorded_at: Option<(usize, usize)>,
    project_prev: Option<(usize, usize)>,
    signed: bool,
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn eat(&mut self, c: u8) -> Option<()> {
        (self.b.get(self.i) == Some(&c)).then(|| self.i += 1)
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        self.b[self.i..]
            .starts_with(word)
            .then(|| self.i += word.len())
    }

    fn value(&mut self, depth: usize) -> Option<()> {
        match *self.b.get(self.i)? {
            b'{' => self.object(depth + 1, None),
            b'[' => self.array(depth + 1),
            b'"' => self.string().map(|_| ()),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => self.integer().map(|_| ()),
        }
    }

    /// Members in strictly increasing key order; at the top level, `top` collects the
    /// envelope's members.
    fn object(&mut self, depth: usize, mut top: Option<&mut Members>) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.eat(b'{')?;
        if self.eat(b'}').is_some() {
            return Some(());
        }
        let mut last_key: Option<(usize, usize)> = None;
        loop {
            let (start, end, plain) = self.string()?;
            let key = &self.b[start..end];
            // Byte order is UTF-16 order for ASCII keys; anything else goes the exact way.
            if !plain || !key.is_ascii() {
                return None;
            }
            if last_key.is_some_and(|(a, z)| &self.b[a..z] >= key) {
                return None;
            }
            last_key = Some((start, end));
            self.eat(b':')?;
            match top.as_deref_mut() {
                Some(m) => self.member(key, m, depth)?,
                None => self.value(depth)?,
            }
            if self.eat(b',').is_none() {
                return self.eat(b'}');
            }
        }
    }

    fn member(&mut self, key: &[u8], m: &mut Members, depth: usize) -> Option<()> {
        let slot = match key {
            b"seq" => {
                m.seq = Some(u64::try_from(self.integer()?).ok()?);
                return Some(());
            }
            b"prev" => &mut m.prev,
            b"project" => &mut m.project,
            b"effective" => &mut m.effective,
            b"type" => &mut m.kind,
            b"recorded_at" => &mut m.recorded_at,
            b"project_prev" => &mut m.project_prev,
            b"sig" => {
                m.signed = true;
                return self.value(depth);
            }
            _ => return self.value(depth),
        };
        if self.b.get(self.i) != Some(&b'"') {
            return None;
        }
        let (start, end, plain) = self.string()?;
        *slot = plain.then_some((start, end));
        slot.map(|_| ())
    }

    fn array(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.eat(b'[')?;
        if self.eat(b']').is_some() {
            return Some(());
        }
        loop {
            self.value(depth)?;
            if self.eat(b',').is_none() {
                return self.eat(b']');
            }
        }
    }

    /// A string as JCS writes it: control characters escaped (short forms where they
    /// exist, else lowercase `\u00xx`), `"` and `\` escaped, nothing else. Returns the
    /// content's range and whether it has no escapes.
    fn string(&mut self) -> Option<(usize, usize, bool)> {
        self.eat(b'"')?;
        let start = self.i;
        let mut plain = true;
        loop {
            // Jump to the next quote or backslash; the bytes jumped over must hold no
            // control character (JCS escapes every one).
            let rest = self.b.get(self.i..)?;
            let stop = memchr::memchr2(b'"', b'\\', rest)?;
            if rest[..stop].iter().fold(false, |bad, &c| bad | (c < 0x20)) {
                return None;
            }
            self.i += stop + 1;
            if rest[stop] == b'"' {
                return Some((start, self.i - 1, plain));
            }
            plain = false;
            self.escape()?;
        }
    }

    fn escape(&mut self) -> Option<()> {
        let c = *self.b.get(self.i)?;
        self.i += 1;
        match c {
            b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't' => Some(()),
            b'u' => {
                let hex = self.b.get(self.i..self.i + 4)?;
                self.i += 4;
                let (hi, lo) = (hex_digit(hex[2])?, hex_digit(hex[3])?);
                let code = hi << 4 | lo;
                // Only control characters without a short form are written as \u00xx.
                let short = matches!(code, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d);
                (hex.starts_with(b"00") && code < 0x20 && !short).then_some(())
            }
            _ => None,
        }
    }

    /// An integer as JCS writes it: no leading zeros, no `-0`, within ±(2^53 − 1).
    fn integer(&mut self) -> Option<i64> {
        let negative = self.eat(b'-').is_some();
        let start = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        let digits = &self.b[start..self.i];
        let leading_zero = digits.len() > 1 && digits[0] == b'0';
        if digits.is_empty() || digits.len() > 16 || leading_zero {
            return None;
        }
        if matches!(self.b.get(self.i), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        let n: u64 = std::str::from_utf8(digits).ok()?.parse().ok()?;
        if n > MAX_SAFE_INTEGER || (negative && n == 0) {
            return None;
        }
        let n = n as i64;
        Some(if negative { -n } else { n })
    }
}

/// Lowercase hex only, as JCS writes it.
fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
