//! Reading a docx back, for `verify-report`: its custom property (the integrity record) and
//! its text, one line per paragraph with where it is (paragraph number, or table, row and
//! cell), body first, then the footers. Runs are joined, so a file Word has re-saved (runs
//! split differently, proofing marks added) reads the same.

use std::io::{Cursor, Read as _};

use quick_xml::events::Event;
use quick_xml::Reader;

/// Largest part the reader unpacks.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// One paragraph's text and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// `第 12 段`, or `表 2 第 3 行第 4 格`, or `页脚 第 1 段`.
    pub place: String,
    pub text: String,
}

/// Whether the zip holds a Word document.
pub fn is_docx(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes))
        .is_ok_and(|z| z.file_names().any(|n| n == "word/document.xml"))
}

/// A part of the package as text.
pub fn part(bytes: &[u8], name: &str) -> Result<Option<String>, String> {
    let mut z =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("not a zip package: {e}"))?;
    let Ok(f) = z.by_name(name) else {
        return Ok(None);
    };
    let mut text = String::new();
    f.take(MAX_PART_BYTES)
        .read_to_string(&mut text)
        .map_err(|e| format!("{name}: {e}"))?;
    Ok(Some(text))
}

/// The value of custom property `name` in docProps/custom.xml.
pub fn custom_property(bytes: &[u8], name: &str) -> Result<Option<String>, String> {
    let Some(xml) = part(bytes, "docProps/custom.xml")? else {
        return Ok(None);
    };
    let mut r = Reader::from_str(&xml);
    let mut inside = false;
    let mut value = String::new();
    loop {
        match r
            .read_event()
            .map_err(|e| format!("docProps/custom.xml: {e}"))?
        {
            Event::Start(e) if e.local_name().as_ref() == b"property" => {
                inside = e
                    .attributes()
                    .flatten()
                    .any(|a| a.key.as_ref() == b"name" && a.value.as_ref() == name.as_bytes());
            }
            Event::End(e) if e.local_name().as_ref() == b"property" && inside => {
                return Ok(Some(value))
            }
            Event::Text(t) if inside => {
                value.push_str(&t.xml10_content().map_err(|e| e.to_string())?)
            }
            Event::GeneralRef(g) if inside => value.push_str(&entity(&g)?),
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

fn entity(g: &quick_xml::events::BytesRef) -> Result<String, String> {
    if let Ok(Some(c)) = g.resolve_char_ref() {
        return Ok(c.to_string());
    }
    let name = g.decode().map_err(|e| e.to_string())?;
    quick_xml::escape::resolve_predefined_entity(&name)
        .map(str::to_string)
        .ok_or_else(|| format!("unknown entity &{name};"))
}

/// Every paragraph of the body, then of the footers (in part-name order).
pub fn lines(bytes: &[u8]) -> Result<Vec<Line>, String> {
    let body = part(bytes, "word/document.xml")?.ok_or("the package has no word/document.xml")?;
    let mut out = paragraphs(&body, "")?;
    let z = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut footers: Vec<String> = z
        .file_names()
        .filter(|n| n.starts_with("word/footer") && n.ends_with(".xml"))
        .map(str::to_string)
        .collect();
    footers.sort();
    for name in footers {
        if let Some(xml) = part(bytes, &name)? {
            out.extend(paragraphs(&xml, "页脚 ")?);
        }
    }
    Ok(out)
}

/// Tables being read: (table number, row, cell) per nesting level.
#[derive(Default)]
struct Where {
    paras: usize,
    tables: usize,
    stack: Vec<(usize, usize, usize)>,
}

impl Where {
    fn place(&self, prefix: &str) -> String {
        match self.stack.last() {
            Some((t, r, c)) => format!("{prefix}表 {t} 第 {r} 行第 {c} 格"),
            None => format!("{prefix}第 {} 段", self.paras),
        }
    }
}

fn paragraphs(xml: &str, prefix: &str) -> Result<Vec<Line>, String> {
    let mut r = Reader::from_str(xml);
    let mut at = Where::default();
    let mut out = Vec::new();
    let mut text: Option<String> = None;
    let mut in_t = false;
    loop {
        let ev = r.read_event().map_err(|e| format!("XML: {e}"))?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(ev, Event::Empty(_));
                match e.name().as_ref() {
                    b"w:tbl" if !empty => {
                        at.tables += 1;
                        at.stack.push((at.tables, 0, 0));
                    }
                    b"w:tr" if !empty => bump(&mut at, true),
                    b"w:tc" if !empty => bump(&mut at, false),
                    b"w:p" => {
                        if at.stack.is_empty() {
                            at.paras += 1;
                        }
                        if empty {
                            out.push(Line {
                                place: at.place(prefix),
                                text: String::new(),
                            });
                        } else {
                            text = Some(String::new());
                        }
                    }
                    b"w:t" => in_t = !empty,
                    b"w:tab" if text.is_some() && !in_t => push(&mut text, "\t"),
                    b"w:br" | b"w:cr" if text.is_some() => push(&mut text, "\n"),
                    _ => {}
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"w:tbl" => {
                    at.stack.pop();
                }
                b"w:t" => in_t = false,
                b"w:p" => {
                    if let Some(t) = text.take() {
                        out.push(Line {
                            place: at.place(prefix),
                            text: t,
                        });
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_t => {
                push(&mut text, &t.xml10_content().map_err(|e| e.to_string())?)
            }
            Event::GeneralRef(g) if in_t => push(&mut text, &entity(g)?),
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

fn bump(at: &mut Where, row: bool) {
    if let Some((_, r, c)) = at.stack.last_mut() {
        if row {
            *r += 1;
            *c = 0;
        } else {
            *c += 1;
        }
    }
}

fn push(text: &mut Option<String>, s: &str) {
    if let Some(t) = text {
        t.push_str(s);
    }
}
