//! The text of a PDF page, line by line: each text object (BT … ET) is one line, its glyph
//! codes read through the font's ToUnicode map, `/ActualText` spans taken as written. This is
//! how jixiao writes text (one text object per line of a paragraph or a table cell), so the
//! lines of two renderings of a report line up and the first difference can be named.

use std::collections::HashMap;

use super::read::{PdfFile, ReadError};
use super::syntax::{text_string, Lexer, Object};

/// A font's map from glyph codes to text.
#[derive(Debug, Clone, Default)]
pub struct ToUnicode {
    two_bytes: bool,
    map: HashMap<u32, String>,
}

impl ToUnicode {
    pub fn empty(two_bytes: bool) -> ToUnicode {
        ToUnicode {
            two_bytes,
            map: HashMap::new(),
        }
    }

    /// Reads the `bfchar` and `bfrange` sections of a ToUnicode CMap.
    pub fn parse(cmap: &[u8], two_bytes: bool) -> ToUnicode {
        let mut out = ToUnicode::empty(two_bytes);
        let mut lx = Lexer::new(cmap, 0);
        let mut args: Vec<Object> = Vec::new();
        let mut section = "";
        while let Some(o) = lx.object(0) {
            match o {
                Object::Op(op) if op == "beginbfchar" || op == "beginbfrange" => {
                    section = if op == "beginbfchar" { "char" } else { "range" };
                    args.clear();
                }
                Object::Op(op) if op.starts_with("end") => section = "",
                Object::Op(_) => args.clear(),
                o if !section.is_empty() => {
                    args.push(o);
                    out.take(section, &mut args);
                }
                _ => {}
            }
        }
        out
    }

    fn take(&mut self, section: &str, args: &mut Vec<Object>) {
        match (section, args.as_slice()) {
            ("char", [Object::Str(src), Object::Str(dst)]) => {
                self.map.insert(code(src), utf16(dst));
                args.clear();
            }
            ("range", [Object::Str(lo), Object::Str(hi), dst]) => {
                let (lo, hi) = (code(lo), code(hi));
                for (k, c) in (lo..=hi.min(lo.saturating_add(0xFFFF))).enumerate() {
                    let text = match dst {
                        Object::Str(d) => {
                            let mut units: Vec<u16> = d
                                .chunks(2)
                                .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)]))
                                .collect();
                            if let Some(last) = units.last_mut() {
                                *last = last.wrapping_add(k as u16);
                            }
                            String::from_utf16_lossy(&units)
                        }
                        Object::Array(a) => match a.get(k) {
                            Some(Object::Str(d)) => utf16(d),
                            _ => continue,
                        },
                        _ => continue,
                    };
                    self.map.insert(c, text);
                }
                args.clear();
            }
            (_, a) if a.len() >= 3 => args.clear(),
            _ => {}
        }
    }

    /// The text of a shown string's codes (U+FFFD for a code the map lacks).
    pub fn decode(&self, bytes: &[u8]) -> String {
        let step = if self.two_bytes { 2 } else { 1 };
        bytes
            .chunks(step)
            .map(|c| self.map.get(&code(c)).map_or("\u{FFFD}", String::as_str))
            .collect()
    }
}

fn code(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0, |acc, b| acc << 8 | u32::from(*b))
}

fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)]))
        .collect();
    String::from_utf16_lossy(&units)
}

/// The text lines of every page, in page order.
pub fn pages_text(file: &PdfFile) -> Result<Vec<Vec<String>>, ReadError> {
    file.pages()?
        .into_iter()
        .map(|p| Ok(lines(&file.page_content(p)?, &file.page_fonts(p)?)))
        .collect()
}

/// The lines of one page's content: one per text object.
pub fn lines(content: &[u8], fonts: &HashMap<String, ToUnicode>) -> Vec<String> {
    let mut out = Vec::new();
    let mut lx = Lexer::new(content, 0);
    let mut args: Vec<Object> = Vec::new();
    let mut line = String::new();
    let mut font: Option<&ToUnicode> = None;
    // Marked-content nesting; Some(text) where an /ActualText span replaces the glyphs.
    let mut spans: Vec<Option<String>> = Vec::new();
    while lx.pos < content.len() {
        let Some(o) = lx.object(0) else {
            lx.pos += 1;
            args.clear();
            continue;
        };
        let Object::Op(op) = o else {
            args.push(o);
            continue;
        };
        let replaced = spans.iter().any(Option::is_some);
        match op.as_str() {
            "BT" => line.clear(),
            "ET" if !line.is_empty() => out.push(std::mem::take(&mut line)),
            "Tf" => {
                if let Some(Object::Name(n)) = args.first() {
                    font = fonts.get(n);
                }
            }
            "Tj" | "'" | "\"" | "TJ" if !replaced => {
                let shown: Vec<&Object> = match args.last() {
                    Some(Object::Array(a)) => a.iter().collect(),
                    Some(s) => vec![s],
                    None => vec![],
                };
                for s in shown {
                    if let (Object::Str(b), Some(f)) = (s, font) {
                        line.push_str(&f.decode(b));
                    }
                }
            }
            "BDC" | "BMC" => spans.push(actual_text(&args)),
            "EMC" => {
                if let Some(Some(text)) = spans.pop() {
                    line.push_str(&text);
                }
            }
            "BI" => skip_inline_image(&mut lx),
            _ => {}
        }
        args.clear();
    }
    out
}

fn actual_text(args: &[Object]) -> Option<String> {
    match args {
        [Object::Name(tag), Object::Dict(d)] if tag == "Span" => match d.get("ActualText") {
            Some(Object::Str(s)) => Some(text_string(s)),
            _ => None,
        },
        _ => None,
    }
}

fn skip_inline_image(lx: &mut Lexer) {
    let rest = &lx.data[lx.pos..];
    lx.pos += rest
        .windows(2)
        .position(|w| w == b"EI")
        .map_or(rest.len(), |p| p + 2);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_objects_become_lines_through_the_cmap() {
        let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n2 beginbfchar\n<0001> <4E2D>\n<0002> <6587>\nendbfchar\n1 beginbfrange\n<0010> <0012> <0030>\nendbfrange";
        let map = ToUnicode::parse(cmap, true);
        let fonts = HashMap::from([("f0".to_string(), map)]);
        let content = b"BT /f0 9 Tf 1 0 0 -1 10 20 Tm [<00010002> -20 <0011>] TJ ET\nBT /f0 9 Tf <0012> Tj /Span <</ActualText <FEFF0041>>> BDC <0001> Tj EMC ET";
        assert_eq!(lines(content, &fonts), vec!["中文1", "2A"]);
    }
}
