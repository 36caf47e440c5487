//! A small PDF reader, for `verify-report`: the objects of a file (classic cross-reference
//! sections, incremental updates and object streams), its Keywords (where jixiao keeps the
//! integrity record), its pages and their text, line by line (one line per text object,
//! through each font's ToUnicode map). It reads what PDF writers commonly produce; it is not
//! a general PDF library (no encryption, no inline images in text).

use std::collections::{BTreeMap, HashMap};
use std::io::Read as _;

use super::syntax::{text_string, Lexer, Object};

/// Largest decoded stream the reader accepts (a report's page is a few hundred KiB).
const MAX_STREAM_BYTES: u64 = 64 * 1024 * 1024;
/// Deepest page tree the reader follows.
const MAX_TREE_DEPTH: usize = 16;

/// A PDF that could not be read; the text says what and where.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("无法读取 PDF (cannot read the PDF): {0}")]
pub struct ReadError(pub String);

fn err<T>(m: impl Into<String>) -> Result<T, ReadError> {
    Err(ReadError(m.into()))
}

/// A parsed file: objects by number (the last definition wins) and the trailer.
pub struct PdfFile<'a> {
    data: &'a [u8],
    objects: BTreeMap<u32, (Object, Option<(usize, usize)>)>,
    trailer: BTreeMap<String, Object>,
}

impl<'a> PdfFile<'a> {
    /// Scans the file's objects front to back.
    pub fn parse(data: &'a [u8]) -> Result<PdfFile<'a>, ReadError> {
        if !data.starts_with(b"%PDF-") {
            return err("the file does not start with %PDF-");
        }
        let mut file = PdfFile {
            data,
            objects: BTreeMap::new(),
            trailer: BTreeMap::new(),
        };
        let mut lx = Lexer::new(data, 0);
        while lx.pos < data.len() {
            lx.skip_space();
            let start = lx.pos;
            let word = lx.word();
            if word.is_empty() {
                lx.pos += 1;
                continue;
            }
            match word {
                b"trailer" => {
                    if let Some(Object::Dict(d)) = lx.object(0) {
                        file.trailer.extend(d);
                    }
                }
                w if w.iter().all(u8::is_ascii_digit) && !file.object_at(&mut lx) => {
                    lx.pos = start + word.len();
                }
                _ => {}
            }
        }
        file.unpack_object_streams()?;
        if file.trailer.is_empty() {
            return err("no trailer or cross-reference stream names the document's root");
        }
        Ok(file)
    }

    /// Reads `G obj … endobj` after an object number; false if it is not one.
    fn object_at(&mut self, lx: &mut Lexer) -> bool {
        let num_end = lx.pos;
        let Ok(num) =
            std::str::from_utf8(&lx.data[num_end - digits_back(lx.data, num_end)..num_end])
                .unwrap_or("")
                .parse::<u32>()
        else {
            return false;
        };
        lx.skip_space();
        let gen = lx.word();
        if gen.is_empty() || !gen.iter().all(u8::is_ascii_digit) {
            return false;
        }
        lx.skip_space();
        if lx.word() != b"obj" {
            return false;
        }
        let Some(obj) = lx.object(0) else {
            return false;
        };
        lx.skip_space();
        let mut stream = None;
        if lx.data[lx.pos..].starts_with(b"stream") {
            lx.pos += b"stream".len();
            if lx.data[lx.pos..].starts_with(b"\r\n") {
                lx.pos += 2;
            } else if lx.data[lx.pos..].starts_with(b"\n") {
                lx.pos += 1;
            }
            let len = obj
                .as_dict()
                .and_then(|d| d.get("Length"))
                .and_then(Object::as_f64);
            let end = match len {
                Some(n) if n >= 0.0 && lx.pos + n as usize <= lx.data.len() => lx.pos + n as usize,
                _ => find(lx.data, lx.pos, b"endstream").unwrap_or(lx.data.len()),
            };
            stream = Some((lx.pos, end));
            lx.pos = end;
        }
        if let Some(d) = obj.as_dict().filter(|d| name_is(d.get("Type"), "XRef")) {
            self.trailer.extend(d.clone());
        }
        self.objects.insert(num, (obj, stream));
        true
    }

    fn unpack_object_streams(&mut self) -> Result<(), ReadError> {
        let streams: Vec<u32> = self
            .objects
            .iter()
            .filter(|(_, (o, s))| {
                s.is_some()
                    && o.as_dict()
                        .is_some_and(|d| name_is(d.get("Type"), "ObjStm"))
            })
            .map(|(n, _)| *n)
            .collect();
        for id in streams {
            let (dict, data) = self.stream(id)?;
            let first = dict.get("First").and_then(Object::as_f64).unwrap_or(0.0) as usize;
            let count = dict.get("N").and_then(Object::as_f64).unwrap_or(0.0) as usize;
            let mut head = Lexer::new(&data, 0);
            let mut entries = Vec::new();
            for _ in 0..count {
                match (head.object(0), head.object(0)) {
                    (Some(Object::Int(n)), Some(Object::Int(off))) => entries.push((n, off)),
                    _ => break,
                }
            }
            for (n, off) in entries {
                let mut lx = Lexer::new(&data, first + off.max(0) as usize);
                if let (Some(obj), Ok(n)) = (lx.object(0), u32::try_from(n)) {
                    self.objects.entry(n).or_insert((obj, None));
                }
            }
        }
        Ok(())
    }

    /// The object `r` refers to (or `o` itself when it is not a reference).
    pub fn resolve<'o>(&'o self, o: &'o Object) -> &'o Object {
        let mut cur = o;
        for _ in 0..8 {
            match cur {
                Object::Ref(n) => match self.objects.get(n) {
                    Some((obj, _)) => cur = obj,
                    None => return &Object::Null,
                },
                _ => return cur,
            }
        }
        &Object::Null
    }

    fn dict_of<'o>(&'o self, o: &'o Object) -> Option<&'o BTreeMap<String, Object>> {
        self.resolve(o).as_dict()
    }

    /// A stream's dictionary and decoded bytes (FlateDecode or none).
    pub fn stream(&self, id: u32) -> Result<(BTreeMap<String, Object>, Vec<u8>), ReadError> {
        let Some((Object::Dict(d), Some((s, e)))) = self.objects.get(&id) else {
            return err(format!("object {id} is not a stream"));
        };
        let raw = &self.data[*s..*e];
        let filters: Vec<&str> = match d.get("Filter").map(|f| self.resolve(f)) {
            None | Some(Object::Null) => vec![],
            Some(Object::Name(n)) => vec![n.as_str()],
            Some(Object::Array(a)) => a
                .iter()
                .filter_map(|f| match f {
                    Object::Name(n) => Some(n.as_str()),
                    _ => None,
                })
                .collect(),
            Some(_) => return err(format!("object {id}: unreadable /Filter")),
        };
        let bytes = match filters.as_slice() {
            [] => raw.to_vec(),
            ["FlateDecode"] => inflate(raw).map_err(|m| ReadError(format!("object {id}: {m}")))?,
            other => return err(format!("object {id}: filter {other:?} is not supported")),
        };
        Ok((d.clone(), bytes))
    }

    /// The document information dictionary's Keywords, as text.
    pub fn keywords(&self) -> Option<String> {
        let info = self.dict_of(self.trailer.get("Info")?)?;
        match self.resolve(info.get("Keywords")?) {
            Object::Str(s) => Some(text_string(s)),
            _ => None,
        }
    }

    /// The page objects, in page order.
    pub fn pages(&self) -> Result<Vec<u32>, ReadError> {
        let root = self.trailer.get("Root").and_then(|r| self.dict_of(r));
        let Some(pages) = root.and_then(|r| r.get("Pages")) else {
            return err("the document has no page tree");
        };
        let mut out = Vec::new();
        self.collect_pages(pages, 0, &mut out)?;
        Ok(out)
    }

    fn collect_pages(
        &self,
        node: &Object,
        depth: usize,
        out: &mut Vec<u32>,
    ) -> Result<(), ReadError> {
        if depth > MAX_TREE_DEPTH {
            return err("the page tree is deeper than 16 levels");
        }
        let Some(d) = self.dict_of(node) else {
            return err("a page tree node is not a dictionary");
        };
        match (d.get("Kids").map(|k| self.resolve(k)), node) {
            (Some(Object::Array(kids)), _) => {
                for k in kids {
                    self.collect_pages(k, depth + 1, out)?;
                }
            }
            (_, Object::Ref(id)) => out.push(*id),
            _ => return err("a page is not an indirect object"),
        }
        Ok(())
    }

    fn page_dict(&self, page: u32) -> Result<&BTreeMap<String, Object>, ReadError> {
        match self.objects.get(&page) {
            Some((Object::Dict(d), _)) => Ok(d),
            _ => err(format!("page object {page} is missing")),
        }
    }

    /// A page's content, its streams joined.
    pub fn page_content(&self, page: u32) -> Result<Vec<u8>, ReadError> {
        let d = self.page_dict(page)?;
        let refs: Vec<u32> = match d.get("Contents") {
            Some(Object::Ref(r)) => match self.resolve(&Object::Ref(*r)) {
                Object::Array(a) => a.iter().filter_map(as_ref).collect(),
                _ => vec![*r],
            },
            Some(Object::Array(a)) => a.iter().filter_map(as_ref).collect(),
            _ => vec![],
        };
        let mut out = Vec::new();
        for r in refs {
            out.extend(self.stream(r)?.1);
            out.push(b'\n');
        }
        Ok(out)
    }

    /// A page's fonts: resource name → code to text.
    pub fn page_fonts(
        &self,
        page: u32,
    ) -> Result<HashMap<String, super::extract::ToUnicode>, ReadError> {
        let d = self.page_dict(page)?;
        let fonts = d
            .get("Resources")
            .and_then(|r| self.dict_of(r))
            .and_then(|r| r.get("Font"))
            .and_then(|f| self.dict_of(f));
        let mut out = HashMap::new();
        for (name, font) in fonts.into_iter().flatten() {
            let Some(fd) = self.dict_of(font) else {
                continue;
            };
            let two_bytes = name_is(fd.get("Subtype"), "Type0");
            let map = match fd.get("ToUnicode") {
                Some(Object::Ref(r)) => {
                    super::extract::ToUnicode::parse(&self.stream(*r)?.1, two_bytes)
                }
                _ => super::extract::ToUnicode::empty(two_bytes),
            };
            out.insert(name.clone(), map);
        }
        Ok(out)
    }
}

fn as_ref(o: &Object) -> Option<u32> {
    match o {
        Object::Ref(r) => Some(*r),
        _ => None,
    }
}

fn name_is(o: Option<&Object>, name: &str) -> bool {
    matches!(o, Some(Object::Name(n)) if n == name)
}

/// How many ASCII digits end at `end`.
fn digits_back(data: &[u8], end: usize) -> usize {
    data[..end]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count()
}

fn find(data: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    data.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn inflate(raw: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(raw)
        .take(MAX_STREAM_BYTES)
        .read_to_end(&mut out)
        .map_err(|e| format!("the compressed stream is damaged ({e})"))?;
    Ok(out)
}
