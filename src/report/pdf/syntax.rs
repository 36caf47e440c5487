//! PDF syntax for the small reader: tokens and objects (numbers, names, strings, arrays,
//! dictionaries, references), enough for the files jixiao writes and for content streams.
//! Bounded: nesting depth and string sizes are limited by the input, never by recursion
//! beyond `MAX_DEPTH`.

use std::collections::BTreeMap;

/// Deepest nesting of arrays and dictionaries the reader follows.
pub const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Name(String),
    Str(Vec<u8>),
    Array(Vec<Object>),
    Dict(BTreeMap<String, Object>),
    Ref(u32),
    /// A bare keyword: in content streams, an operator.
    Op(String),
}

impl Object {
    pub fn as_dict(&self) -> Option<&BTreeMap<String, Object>> {
        match self {
            Object::Dict(d) => Some(d),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Object::Int(i) => Some(*i as f64),
            Object::Real(r) => Some(*r),
            _ => None,
        }
    }
}

/// A cursor over PDF bytes.
pub struct Lexer<'a> {
    pub data: &'a [u8],
    pub pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8], pos: usize) -> Lexer<'a> {
        Lexer { data, pos }
    }

    pub fn skip_space(&mut self) {
        while self.pos < self.data.len() {
            let b = self.data[self.pos];
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.pos < self.data.len() && !matches!(self.data[self.pos], b'\n' | b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// A run of regular characters (a number or keyword).
    pub fn word(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.pos < self.data.len()
            && !is_white(self.data[self.pos])
            && !is_delim(self.data[self.pos])
        {
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    /// The next object; `N G R` becomes a reference. None at the end or on bad syntax.
    pub fn object(&mut self, depth: usize) -> Option<Object> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_space();
        match self.peek()? {
            b'/' => {
                self.pos += 1;
                Some(Object::Name(name_text(self.word())))
            }
            b'(' => self.literal().map(Object::Str),
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => self.dict(depth),
            b'<' => self.hex().map(Object::Str),
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.peek()? == b']' {
                        self.pos += 1;
                        return Some(Object::Array(items));
                    }
                    items.push(self.object(depth + 1)?);
                }
            }
            b']' | b'>' | b')' | b'{' | b'}' => None,
            _ => self.number_or_keyword(),
        }
    }

    fn dict(&mut self, depth: usize) -> Option<Object> {
        self.pos += 2;
        let mut map = BTreeMap::new();
        loop {
            self.skip_space();
            if self.data[self.pos..].starts_with(b">>") {
                self.pos += 2;
                return Some(Object::Dict(map));
            }
            let Object::Name(key) = self.object(depth + 1)? else {
                return None;
            };
            let value = self.object(depth + 1)?;
            map.insert(key, value);
        }
    }

    fn number_or_keyword(&mut self) -> Option<Object> {
        let w = self.word();
        if w.is_empty() {
            self.pos += 1;
            return None;
        }
        let text = std::str::from_utf8(w).ok()?;
        if let Ok(i) = text.parse::<i64>() {
            // `N G R`: look ahead without consuming unless it is a reference.
            let save = self.pos;
            self.skip_space();
            let g = self.word();
            self.skip_space();
            if !g.is_empty() && g.iter().all(u8::is_ascii_digit) && self.peek() == Some(b'R') {
                let after = self.data.get(self.pos + 1).copied();
                if after.is_none_or(|b| is_white(b) || is_delim(b)) {
                    self.pos += 1;
                    return Some(Object::Ref(u32::try_from(i).ok()?));
                }
            }
            self.pos = save;
            return Some(Object::Int(i));
        }
        if let Ok(r) = text.parse::<f64>() {
            return Some(Object::Real(r));
        }
        Some(match text {
            "true" => Object::Bool(true),
            "false" => Object::Bool(false),
            "null" => Object::Null,
            op => Object::Op(op.to_string()),
        })
    }

    fn literal(&mut self) -> Option<Vec<u8>> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 0usize;
        loop {
            let b = self.peek()?;
            self.pos += 1;
            match b {
                b'\\' => {
                    let e = self.peek()?;
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' | b'\n' => {
                            if e == b'\r' && self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        other => out.push(other),
                    }
                }
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' if depth == 0 => return Some(out),
                b')' => {
                    depth -= 1;
                    out.push(b);
                }
                _ => out.push(b),
            }
        }
    }

    fn hex(&mut self) -> Option<Vec<u8>> {
        self.pos += 1;
        let mut digits = Vec::new();
        loop {
            let b = self.peek()?;
            self.pos += 1;
            match b {
                b'>' => break,
                b if b.is_ascii_hexdigit() => digits.push((b as char).to_digit(16)? as u8),
                b if is_white(b) => {}
                _ => return None,
            }
        }
        if digits.len() % 2 == 1 {
            digits.push(0);
        }
        Some(digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect())
    }
}

/// A name's text with `#xx` escapes decoded.
fn name_text(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#' && i + 2 < raw.len() {
            if let Ok(v) = u8::from_str_radix(&String::from_utf8_lossy(&raw[i + 1..i + 3]), 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A PDF text string: UTF-16BE after a byte order mark, else PDFDocEncoding (read as
/// Latin-1, which agrees with it on printable ASCII).
pub fn text_string(bytes: &[u8]) -> String {
    match bytes {
        [0xFE, 0xFF, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => bytes.iter().map(|b| *b as char).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_parse_as_written() {
        let cases: &[(&str, Object)] = &[
            ("12 0 R", Object::Ref(12)),
            ("12 0", Object::Int(12)),
            ("-1.5", Object::Real(-1.5)),
            ("/Font#20Name", Object::Name("Font Name".into())),
            ("(a\\(b\\)\\101)", Object::Str(b"a(b)A".to_vec())),
            ("<FEFF4E2D>", Object::Str(vec![0xFE, 0xFF, 0x4E, 0x2D])),
            (
                "[1 /A (x)]",
                Object::Array(vec![
                    Object::Int(1),
                    Object::Name("A".into()),
                    Object::Str(b"x".to_vec()),
                ]),
            ),
            ("Tj", Object::Op("Tj".into())),
        ];
        for (text, want) in cases {
            assert_eq!(
                Lexer::new(text.as_bytes(), 0).object(0).as_ref(),
                Some(want),
                "{text}"
            );
        }
        let d = Lexer::new(b"<< /Type /Page /Contents 4 0 R >>", 0)
            .object(0)
            .unwrap();
        assert_eq!(d.as_dict().unwrap()["Contents"], Object::Ref(4));
        assert_eq!(text_string(&[0xFE, 0xFF, 0x4E, 0x2D]), "中");
    }
}
