//! Line breaking for Chinese text with Latin words and figures mixed in: a line may break
//! between any two Chinese characters, Latin words and numbers stay whole unless one alone is
//! wider than the line, and closing punctuation never starts a line nor opening punctuation
//! ends one (避头尾). Widths come from the face's advances.

use super::font::Metrics;

/// Characters that must not start a line.
const NO_START: &str = "，。、；：？！）》〉」』】〕〗］｝”’%％…·~～,.;:?!)]}";
/// Characters that must not end a line.
const NO_END: &str = "（《〈「『【〔〖［｛“‘([{";

/// Breaks `text` into lines no wider than `width_pt` at `size_pt`; the first line is
/// `indent_pt` narrower. Explicit line breaks are kept. Never returns an empty vector.
pub fn wrap(m: &Metrics, text: &str, size_pt: f32, width_pt: f32, indent_pt: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let first = lines.is_empty();
        wrap_para(
            m,
            para,
            size_pt,
            width_pt,
            if first { indent_pt } else { 0.0 },
            &mut lines,
        );
    }
    lines
}

fn wrap_para(m: &Metrics, text: &str, size: f32, width: f32, indent: f32, out: &mut Vec<String>) {
    let mut line = String::new();
    let mut line_w = 0.0;
    let mut avail = width - indent;
    for atom in atoms(text) {
        let w = m.width_em(&atom) * size;
        if line_w + w <= avail || line.is_empty() && w <= avail {
            line.push_str(&atom);
            line_w += w;
            continue;
        }
        if !line.is_empty() {
            out.push(line.trim_end().to_string());
            line = String::new();
            line_w = 0.0;
            avail = width;
        }
        let atom = atom.trim_start();
        if m.width_em(atom) * size <= avail {
            line.push_str(atom);
            line_w = m.width_em(atom) * size;
            continue;
        }
        // A word wider than the line: break it between characters.
        for c in atom.chars() {
            let cw = m.glyph(c).1 * size;
            if line_w + cw > avail && !line.is_empty() {
                out.push(std::mem::take(&mut line));
                line_w = 0.0;
                avail = width;
            }
            line.push(c);
            line_w += cw;
        }
    }
    out.push(line.trim_end().to_string());
}

/// Unbreakable pieces: one Chinese character (with the punctuation that clings to it), or one
/// run of Latin letters and digits, or one space.
fn atoms(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut pending_open = String::new();
    let mut word = String::new();
    let flush_word = |word: &mut String, out: &mut Vec<String>, open: &mut String| {
        if !word.is_empty() {
            out.push(std::mem::take(open) + word);
            word.clear();
        }
    };
    for c in text.chars() {
        if c.is_ascii_punctuation() && !word.is_empty() && !NO_END.contains(c) {
            // `5.5556`, `1,000`, `100%`, `a-b`: ASCII punctuation inside a word stays in it.
            word.push(c);
        } else if NO_START.contains(c) {
            flush_word(&mut word, &mut out, &mut pending_open);
            match out.last_mut() {
                Some(last) if pending_open.is_empty() => last.push(c),
                _ => out.push(std::mem::take(&mut pending_open) + &c.to_string()),
            }
        } else if NO_END.contains(c) {
            flush_word(&mut word, &mut out, &mut pending_open);
            pending_open.push(c);
        } else if c.is_whitespace() {
            flush_word(&mut word, &mut out, &mut pending_open);
            out.push(std::mem::take(&mut pending_open) + " ");
        } else if is_wide(c) {
            flush_word(&mut word, &mut out, &mut pending_open);
            out.push(std::mem::take(&mut pending_open) + &c.to_string());
        } else {
            word.push(c);
        }
    }
    flush_word(&mut word, &mut out, &mut pending_open);
    if !pending_open.is_empty() {
        out.push(pending_open);
    }
    out
}

/// Characters a line may break around on either side (CJK ideographs, kana, full-width forms).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF)
}

#[cfg(test)]
mod tests {
    use super::atoms;

    #[test]
    fn punctuation_clings_and_latin_words_stay_whole() {
        let cases: &[(&str, &[&str])] = &[
            ("预算（调整）。", &["预", "算", "（调", "整）。"]),
            (
                "执行率 100% 优",
                &["执", "行", "率", " ", "100%", " ", "优"],
            ),
            ("seq 34，完成", &["seq", " ", "34，", "完", "成"]),
            ("5.5555555556 分", &["5.5555555556", " ", "分"]),
            ("“贯标”企业", &["“贯", "标”", "企", "业"]),
        ];
        for (text, want) in cases {
            assert_eq!(atoms(text), want.to_vec(), "{text}");
        }
    }
}
