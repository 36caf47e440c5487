//! Escaping, one mechanism per output format: HTML text and attributes, Markdown text
//! (inline, paragraphs, code), JSON (the report file and the integrity marker embedded in
//! HTML and Markdown), and the characters no output carries raw. Every recorded value a
//! renderer writes goes through one of these; no renderer decides on its own what is safe.
//! Pure: strings in, strings out.

use serde::Serialize;

/// Characters no output carries raw, because a terminal or a renderer would act on them
/// instead of showing them: C0 controls other than tab and line feed (ESC, BEL, NUL, CR, …),
/// DEL, C1 controls, the bidi marks, embeddings, overrides and isolates (U+061C, U+200E,
/// U+200F, U+202A–U+202E, U+2066–U+2069) and the line and paragraph separators (U+2028,
/// U+2029). They could erase, hide or reorder the text around them.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{2028}' | '\u{2029}'
        )
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// How a hidden character is shown instead: its code point, `\u{1b}`.
pub fn shown(c: char) -> String {
    format!("\\u{{{:x}}}", u32::from(c))
}

/// Text for HTML element content and quoted attributes alike: `& < > " '` as entities,
/// hidden characters shown by code point. The result cannot open a tag, a comment or an
/// entity, nor leave an attribute.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_hidden(c) => out.push_str(&shown(c)),
            c => out.push(c),
        }
    }
    out
}

/// Text inside one Markdown line after other text (a table cell, a value after a label):
/// line breaks become spaces; `& < >` become entities (no HTML, no comment can start);
/// `` \ ` * _ [ ] ~ | $ `` are backslash-escaped (no emphasis, code, link, strikethrough,
/// math, and no cell break in a table); hidden characters are shown by code point.
pub fn md_inline(s: &str) -> String {
    md_chars(&s.replace("\r\n", " ").replace('\n', " "))
}

/// Text that starts a block (a list item's text): as [`md_inline`], and a leading block
/// marker is escaped too, so it cannot open a heading, a list or a quote.
pub fn md_item(s: &str) -> String {
    escape_block_start(md_inline(s))
}

/// Paragraph text (a narrative): each line escaped as by [`md_item`], leading and trailing
/// blanks dropped (no indented code block), blank lines kept as paragraph breaks.
pub fn md_paragraphs(s: &str) -> String {
    let lines = s.replace("\r\n", "\n");
    let escaped: Vec<String> = lines
        .split('\n')
        .map(|l| escape_block_start(md_chars(l.trim())))
        .collect();
    escaped.join("\n")
}

/// A short machine value (an id, a hash) as a code span when it is made of characters that
/// are inert in one (ASCII letters, digits and `-_.:+/=`), else as escaped text: a code span
/// does not decode entities, so nothing else may go into one.
pub fn md_code(s: &str) -> String {
    let inert = |c: char| c.is_ascii_alphanumeric() || "-_.:+/=".contains(c);
    match !s.is_empty() && s.chars().all(inert) {
        true => format!("`{s}`"),
        false => md_inline(s),
    }
}

/// Markdown text escaped character by character; `line` holds no line feed.
fn md_chars(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '|' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if is_hidden(c) => {
                out.push('\\');
                out.push_str(&shown(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// A line that would open a heading, list, block quote or setext underline is made plain:
/// `#`, `-`, `+`, `=` at its start get a backslash, and so does the `.` or `)` of a list
/// number (`1. `, `2)`; not `1.35`).
fn escape_block_start(line: String) -> String {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    if trimmed.starts_with(['#', '-', '+', '=']) {
        return format!("{}\\{}", &line[..indent], trimmed);
    }
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    let marker = trimmed[digits..].strip_prefix(['.', ')']);
    if digits > 0 && marker.is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t'])) {
        let at = indent + digits;
        return format!("{}\\{}", &line[..at], &line[at..]);
    }
    line
}

/// Text for a spreadsheet cell (xlsx, CSV): hidden characters shown by code point (XML
/// cannot carry most of them, and a terminal would act on them in CSV), and text that a
/// spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`) prefixed with `'`,
/// so a recorded value can never become a formula. Only for text: numbers are written as
/// numbers. The writer does its own quoting (XML entities, CSV quotes).
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    if s.starts_with(['=', '+', '-', '@']) {
        out.push('\'');
    }
    for c in s.chars() {
        match c {
            c if is_hidden(c) => out.push_str(&shown(c)),
            c => out.push(c),
        }
    }
    out
}

/// Reads back what [`cell`] wrote for a formula-like text: the `'` it added is dropped.
pub fn uncell(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => s,
    }
}

/// The JSON written into an HTML or Markdown comment (the integrity marker): compact, with
/// `<`, `>`, `&` and every `-` followed by another `-` written as `\u003c`, `\u003e`,
/// `\u0026`, `\u002d`, and hidden characters as `\uXXXX`. The text then holds no `--`, `<` or
/// `>`, so no recorded value can end the comment or open another, and it parses back to the
/// same value.
pub fn marker_json(value: &impl Serialize) -> String {
    let text = serde_json::to_string(value).expect("invariant: the marker serializes");
    json_escape(&text, true)
}

/// A JSON document for a file or a terminal (the JSON report): pretty, with hidden characters
/// written as `\uXXXX` escapes, so it is the same JSON and shows every character.
pub fn json_pretty(value: &impl Serialize) -> String {
    let text = serde_json::to_string_pretty(value).expect("invariant: the value serializes");
    json_escape(&text, false)
}

/// Rewrites characters of serde_json's output as `\uXXXX` escapes. Sound because every one of
/// them can only stand inside a string there: JSON's own syntax is `{}[]:,"`, digits, `-` of
/// a negative number (never doubled) and the words true/false/null, and no escape sequence
/// serde_json writes contains `-`, `<`, `>` or `&`.
fn json_escape(text: &str, marker: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let doubled_dash = c == '-' && chars.peek() == Some(&'-');
        let tag = matches!(c, '<' | '>' | '&') || doubled_dash;
        if is_hidden(c) || (marker && tag) {
            // Every hidden character is in the Basic Multilingual Plane.
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_the_documented_ones() {
        for c in [
            '\0', '\u{7}', '\u{1b}', '\r', '\u{7f}', '\u{85}', '\u{9b}', '\u{202e}', '\u{2066}',
            '\u{2069}', '\u{200f}', '\u{2028}',
        ] {
            assert!(is_hidden(c), "{c:?}");
        }
        for c in [
            '\n', '\t', ' ', 'a', '元', '—', '\u{3000}', '\u{202f}', '\u{2065}',
        ] {
            assert!(!is_hidden(c), "{c:?}");
        }
        assert_eq!(shown('\u{1b}'), "\\u{1b}");
    }

    /// (input, HTML, Markdown inline, Markdown paragraphs)
    const CASES: &[(&str, &str, &str, &str)] = &[
        (
            "知识产权 1.08万元",
            "知识产权 1.08万元",
            "知识产权 1.08万元",
            "知识产权 1.08万元",
        ),
        ("a <!-- ", "a &lt;!-- ", "a &lt;!-- ", "a &lt;!--"),
        (
            "--><script>x</script><!--",
            "--&gt;&lt;script&gt;x&lt;/script&gt;&lt;!--",
            "--&gt;&lt;script&gt;x&lt;/script&gt;&lt;!--",
            "\\--&gt;&lt;script&gt;x&lt;/script&gt;&lt;!--",
        ),
        (
            "\"q\" & 'a'",
            "&quot;q&quot; &amp; &#39;a&#39;",
            "\"q\" &amp; 'a'",
            "\"q\" &amp; 'a'",
        ),
        (
            "# 标题\n- 列表\n1. 一\n2) 二\n    代码\n\n> 引用",
            "# 标题\n- 列表\n1. 一\n2) 二\n    代码\n\n&gt; 引用",
            "# 标题 - 列表 1. 一 2) 二     代码  &gt; 引用",
            "\\# 标题\n\\- 列表\n1\\. 一\n2\\) 二\n代码\n\n&gt; 引用",
        ),
        (
            "*a* _b_ `c` [d](e) ~f~ |g| $h$ \\",
            "*a* _b_ `c` [d](e) ~f~ |g| $h$ \\",
            "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\~f\\~ \\|g\\| \\$h\\$ \\\\",
            "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\~f\\~ \\|g\\| \\$h\\$ \\\\",
        ),
        (
            "a\u{1b}[2Kb\u{7}\0c\r\n\u{202e}d",
            "a\\u{1b}[2Kb\\u{7}\\u{0}c\\u{d}\n\\u{202e}d",
            "a\\\\u{1b}\\[2Kb\\\\u{7}\\\\u{0}c \\\\u{202e}d",
            "a\\\\u{1b}\\[2Kb\\\\u{7}\\\\u{0}c\n\\\\u{202e}d",
        ),
        ("===\n+ x", "===\n+ x", "=== + x", "\\===\n\\+ x"),
        ("1.35 米", "1.35 米", "1.35 米", "1.35 米"),
    ];

    #[test]
    fn each_format_escapes_what_its_readers_act_on() {
        for (input, html_out, inline, paragraphs) in CASES {
            assert_eq!(html(input), *html_out, "html {input:?}");
            assert_eq!(md_inline(input), *inline, "md_inline {input:?}");
            assert_eq!(md_paragraphs(input), *paragraphs, "md_paragraphs {input:?}");
        }
    }

    #[test]
    fn a_list_item_cannot_open_a_block() {
        for (input, expected) in [
            ("# x", "\\# x"),
            ("1. x", "1\\. x"),
            ("- x", "\\- x"),
            ("> x", "&gt; x"),
            ("x\n# y", "x # y"),
        ] {
            assert_eq!(md_item(input), expected, "{input:?}");
        }
    }

    #[test]
    fn code_spans_only_hold_inert_values() {
        assert_eq!(md_code("jx-0123abcd"), "`jx-0123abcd`");
        assert_eq!(md_code("cz-2020-10"), "`cz-2020-10`");
        assert_eq!(md_code("a`<!--"), "a\\`&lt;!--");
        assert_eq!(md_code(""), "");
    }

    #[test]
    fn the_marker_json_cannot_end_a_comment_and_parses_back() {
        let hostile = "x--><script>alert(1)</script><!-- & --!> ---\u{1b}\u{202e}";
        let value = serde_json::json!({"project": hostile, "head_seq": 3, "as_of": "2023-12-14"});
        let text = marker_json(&value);
        for bad in ["--", "<", ">", "&", "\u{1b}", "\u{202e}"] {
            assert!(!text.contains(bad), "{bad:?} in {text}");
        }
        assert!(
            text.contains("2023-12-14"),
            "single dashes stay readable: {text}"
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            value
        );
        let pretty = json_pretty(&value);
        assert!(
            pretty.contains("<script>") && !pretty.contains('\u{1b}'),
            "{pretty}"
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&pretty).unwrap(),
            value
        );
    }
}
