//! Finding the CJK font a PDF report is set in: `JIXIAO_FONT` (a path, optionally `#N` for
//! a face of a collection), else the usual places fonts-noto-cjk, Source Han, WenQuanYi,
//! AR PL, Droid and the macOS and Windows system fonts install to. Nothing found is an input
//! error (exit 2) naming the packages to install; nothing is written.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Failure;
use crate::report::pdf::font::{Face, FontFile};

/// The variable naming the font file (`/path/font.ttc` or `/path/font.ttc#2`).
pub const FONT_VAR: &str = "JIXIAO_FONT";

/// Known files, most wanted first: a Song/Ming (serif) face as official forms use, then sans.
const CANDIDATES: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-serif-cjk-fonts/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/source-han-serif/SourceHanSerif-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/Supplemental/Songti.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/Library/Fonts/Songti.ttc",
    "C:\\Windows\\Fonts\\simsun.ttc",
    "C:\\Windows\\Fonts\\msyh.ttc",
    "C:\\Windows\\Fonts\\simhei.ttf",
];

/// Directories searched (a few levels deep) when no known file exists.
const DIRS: &[&str] = &[
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "C:\\Windows\\Fonts",
];

/// File name parts of CJK fonts, lower case, most wanted first.
const NAME_HINTS: &[&str] = &[
    "notoserifcjk",
    "sourcehanserif",
    "notosanscjk",
    "sourcehansans",
    "simsun",
    "songti",
    "wqy",
    "uming",
    "ukai",
    "msyh",
    "simhei",
    "pingfang",
    "droidsansfallback",
];

/// Most directory entries the scan looks at.
const MAX_SCANNED: usize = 20_000;

/// Finds, reads and opens the font (exit 2 with what to install when there is none).
pub fn find_face() -> Result<Face, Failure> {
    match std::env::var(FONT_VAR) {
        Ok(spec) if !spec.trim().is_empty() => Face::choose(read_spec(spec.trim())?)
            .map_err(|e| Failure::input(format!("{FONT_VAR}={}: {e}", spec.trim()))),
        _ => {
            let path = locate().ok_or_else(none_found)?;
            Face::choose(read(&path, None)?).map_err(|e| Failure::input(e.to_string()))
        }
    }
}

fn read_spec(spec: &str) -> Result<FontFile, Failure> {
    let (path, index) = match spec.rsplit_once('#') {
        Some((p, n)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => (
            p,
            Some(n.parse::<u32>().map_err(|_| {
                Failure::input(format!(
                    "{FONT_VAR}={spec}: 字体序号 {n} 过大 (face index too large)"
                ))
            })?),
        ),
        _ => (spec, None),
    };
    read(Path::new(path), index)
        .map_err(|f| Failure::input(format!("{FONT_VAR}={spec}: {}", f.msg)))
}

fn read(path: &Path, index: Option<u32>) -> Result<FontFile, Failure> {
    let bytes = std::fs::read(path).map_err(|e| {
        Failure::input(format!(
            "无法读取字体文件 {} (cannot read the font file): {e}",
            path.display()
        ))
    })?;
    Ok(FontFile {
        bytes: Arc::new(bytes),
        path: path.display().to_string(),
        index,
    })
}

fn locate() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = DIRS.iter().map(PathBuf::from).collect();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".local/share/fonts"));
        dirs.push(Path::new(&home).join(".fonts"));
    }
    let candidates: Vec<PathBuf> = CANDIDATES.iter().map(PathBuf::from).collect();
    locate_in(&candidates, &dirs)
}

/// The first existing candidate, else the best-named CJK font file under `dirs`.
pub fn locate_in(candidates: &[PathBuf], dirs: &[PathBuf]) -> Option<PathBuf> {
    if let Some(p) = candidates.iter().find(|p| p.is_file()) {
        return Some(p.clone());
    }
    let mut found = Vec::new();
    let mut budget = MAX_SCANNED;
    for d in dirs {
        scan(d, 4, &mut budget, &mut found);
    }
    found.sort_by_key(|(rank, path)| (*rank, !is_regular(path), path.clone()));
    found.into_iter().next().map(|(_, p)| p)
}

fn is_regular(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.contains("regular") || !name.contains('-')
}

fn scan(dir: &Path, depth: usize, budget: &mut usize, found: &mut Vec<(usize, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        let path = e.path();
        if path.is_dir() {
            if depth > 0 {
                scan(&path, depth - 1, budget, found);
            }
            continue;
        }
        let name = e.file_name().to_string_lossy().to_lowercase();
        let font_ext = [".ttf", ".otf", ".ttc", ".otc"]
            .iter()
            .any(|x| name.ends_with(x));
        if let Some(rank) = NAME_HINTS
            .iter()
            .position(|h| name.contains(h))
            .filter(|_| font_ext)
        {
            found.push((rank, path));
        }
    }
}

/// The error when no font is found: what was searched and what to install.
pub fn none_found() -> Failure {
    Failure::input(format!(
        "找不到中文字体，无法生成 PDF，未写入任何文件 (no CJK font found; nothing written)。\
         已查找 {FONT_VAR}（未设置）、{} 等 {} 个文件及 {} 等目录。\
         请安装 fonts-noto-cjk（Debian/Ubuntu: apt-get install fonts-noto-cjk；\
         Fedora: dnf install google-noto-serif-cjk-fonts；Arch: pacman -S noto-fonts-cjk），\
         或设置 {FONT_VAR}=/path/to/font.ttc（集合中的第 N 个字体：#N）",
        CANDIDATES[0],
        CANDIDATES.len(),
        DIRS[0]
    ))
}

/// What `verify-report` asks for a font with: found only when a PDF needs one.
pub fn face_provider() -> impl FnMut() -> Result<Face, String> {
    || find_face().map_err(|f| f.msg.to_string())
}
