//! The CJK font a PDF is set in: which face of a file (a `.ttc` collection holds several),
//! its glyphs and advances for line breaking, and its fingerprint, which the PDF's integrity
//! record quotes so that `verify-report` re-renders with the same font. Bytes in, no files.

use std::collections::HashMap;
use std::sync::Arc;

use skrifa::instance::{LocationRef, Size};
use skrifa::raw::FileRef;
use skrifa::string::StringId;
use skrifa::{FontRef, MetadataProvider};

use crate::event::hash::to_hex;

/// Characters every face chosen for a report must map (the 自评表's title and head words).
pub const PROBE: &str = "项目支出绩效自评表年度资金总额得分";

/// A font file's bytes, where they came from (for messages) and the face wanted, if named.
#[derive(Clone)]
pub struct FontFile {
    pub bytes: Arc<Vec<u8>>,
    pub path: String,
    /// The face index in a collection; None chooses the Simplified Chinese face.
    pub index: Option<u32>,
}

/// Why a font file cannot set a report.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FontError {
    #[error("字体文件 {path} 无法读取为 OpenType/TrueType 字体 (not a font file)")]
    NotAFont { path: String },
    #[error("字体文件 {path} 没有第 {index} 个字体 (the collection has {faces} faces, 0 to {last})", last = faces.saturating_sub(1))]
    NoFace {
        path: String,
        index: u32,
        faces: u32,
    },
    #[error("字体 {path} 不含中文字形「{missing}」(the font has no glyph for it): 请选用中文字体，如 Noto Serif CJK SC (Debian: fonts-noto-cjk)")]
    NoCjk { path: String, missing: char },
}

/// The face a report is set in.
#[derive(Clone)]
pub struct Face {
    pub file: FontFile,
    pub index: u32,
    /// The face's PostScript name (or family name), as the integrity record quotes it.
    pub name: String,
    /// BLAKE3 of the file's bytes, first 16 hex digits, then `#index`.
    pub fingerprint: String,
}

impl Face {
    /// Chooses the face: the one asked for, else the first whose names say Simplified
    /// Chinese (`SC`, `GB`) and that maps `PROBE`, else the first that maps `PROBE`.
    pub fn choose(file: FontFile) -> Result<Face, FontError> {
        let faces = match FileRef::new(&file.bytes) {
            Ok(FileRef::Font(_)) => 1,
            Ok(FileRef::Collection(c)) => c.len(),
            Err(_) => return Err(FontError::NotAFont { path: file.path }),
        };
        let index = match file.index {
            Some(i) if i >= faces => {
                return Err(FontError::NoFace {
                    path: file.path,
                    index: i,
                    faces,
                })
            }
            Some(i) => i,
            None => pick(&file.bytes, faces),
        };
        let font = FontRef::from_index(&file.bytes, index).map_err(|_| FontError::NotAFont {
            path: file.path.clone(),
        })?;
        let charmap = font.charmap();
        if let Some(missing) = PROBE.chars().find(|c| charmap.map(*c).is_none()) {
            return Err(FontError::NoCjk {
                path: file.path,
                missing,
            });
        }
        let name = name_of(&font);
        let digest = to_hex(blake3::hash(&file.bytes).as_bytes());
        Ok(Face {
            fingerprint: format!("{}#{index}", &digest[..16]),
            file,
            index,
            name,
        })
    }
}

fn pick(bytes: &[u8], faces: u32) -> u32 {
    let usable: Vec<(u32, String)> = (0..faces)
        .filter_map(|i| FontRef::from_index(bytes, i).ok().map(|f| (i, f)))
        .filter(|(_, f)| PROBE.chars().all(|c| f.charmap().map(c).is_some()))
        .map(|(i, f)| (i, name_of(&f)))
        .collect();
    let simplified = |n: &str| {
        let n = n.to_lowercase();
        (n.contains("cjksc") || n.split([' ', '-']).any(|w| w == "sc" || w.contains("gb")))
            && !n.contains("mono")
    };
    usable
        .iter()
        .find(|(_, n)| simplified(n))
        .or(usable.first())
        .map_or(0, |(i, _)| *i)
}

fn name_of(font: &FontRef) -> String {
    [StringId::POSTSCRIPT_NAME, StringId::FAMILY_NAME]
        .into_iter()
        .find_map(|id| font.localized_strings(id).english_or_first())
        .map(|s| s.to_string())
        .unwrap_or_else(|| "unnamed".into())
}

/// Glyphs and advances of one face, for measuring and drawing text.
pub struct Metrics<'a> {
    font: FontRef<'a>,
    glyphs: skrifa::metrics::GlyphMetrics<'a>,
    charmap: skrifa::charmap::Charmap<'a>,
    upem: f32,
    /// Ascent and descent in em (descent negative).
    pub ascent_em: f32,
    pub descent_em: f32,
    cache: std::cell::RefCell<HashMap<char, (u32, f32)>>,
}

impl<'a> Metrics<'a> {
    pub fn new(face: &'a Face) -> Metrics<'a> {
        let font = FontRef::from_index(&face.file.bytes, face.index)
            .expect("invariant: Face::choose opened this face");
        let m = font.metrics(Size::unscaled(), LocationRef::default());
        let upem = f32::from(m.units_per_em.max(1));
        Metrics {
            glyphs: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            charmap: font.charmap(),
            font,
            upem,
            ascent_em: m.ascent / upem,
            descent_em: m.descent / upem,
            cache: Default::default(),
        }
    }

    /// The glyph id of `c` (0, the .notdef glyph, when the face lacks it) and its advance in em.
    pub fn glyph(&self, c: char) -> (u32, f32) {
        if let Some(g) = self.cache.borrow().get(&c) {
            return *g;
        }
        let gid = self.charmap.map(c).unwrap_or_default();
        let advance = self.glyphs.advance_width(gid).unwrap_or(0.0) / self.upem;
        let g = (gid.to_u32(), advance);
        self.cache.borrow_mut().insert(c, g);
        g
    }

    /// The width of `text` in em.
    pub fn width_em(&self, text: &str) -> f32 {
        text.chars().map(|c| self.glyph(c).1).sum()
    }

    /// Whether the face maps `c`.
    pub fn has(&self, c: char) -> bool {
        let _ = &self.font;
        self.glyph(c).0 != 0
    }
}
