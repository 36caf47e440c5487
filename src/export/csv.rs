//! CSV as Excel and WPS open it: a UTF-8 byte order mark, CRLF line ends, fields quoted when
//! they hold a comma, quote or line break (RFC 4180), text through `escape::cell` (hidden
//! characters shown, never a formula).

use super::{Cell, Table};
use crate::report::escape;
use crate::scoring::show;

/// The byte order mark Excel needs to read UTF-8.
pub const BOM: &str = "\u{feff}";

/// The table as CSV text, BOM first.
pub fn render(t: &Table) -> String {
    let mut out = String::from(BOM);
    let heads: Vec<String> = t.heads.iter().map(|h| field(h)).collect();
    out.push_str(&heads.join(","));
    out.push_str("\r\n");
    for row in &t.rows {
        let cells: Vec<String> = row.iter().map(|c| field(&text(c))).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A cell as CSV text (before quoting).
pub fn text(c: &Cell) -> String {
    match c {
        Cell::Text(s) => escape::cell(s),
        Cell::Yuan(y) => y.canonical(),
        Cell::Ratio(r) => r.map_or(String::new(), |r| {
            format!(
                "{:.2}%",
                (r * rust_decimal::Decimal::from(100))
                    .round_dp_with_strategy(2, crate::money::ROUND_HALF_UP)
            )
        }),
        Cell::Points(p) => p.map_or(String::new(), show),
        Cell::Int(n) => n.to_string(),
        Cell::Empty => String::new(),
    }
}

fn field(s: &str) -> String {
    match s.contains([',', '"', '\r', '\n']) {
        true => format!("\"{}\"", s.replace('"', "\"\"")),
        false => s.to_string(),
    }
}

/// Parses CSV text (as `render` writes it, BOM optional) back into rows of fields; for tests
/// and tools that read the exports.
pub fn parse(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_escaped_and_read_back() {
        let t = Table {
            name: "t".into(),
            heads: vec!["名称", "金额（元）"],
            rows: vec![
                vec![
                    Cell::text("a,\"b\"\n c"),
                    Cell::Yuan(crate::money::Yuan::parse("1.08万").unwrap()),
                ],
                vec![Cell::text("=HYPERLINK(\"x\")"), Cell::Empty],
            ],
        };
        let text = render(&t);
        assert!(text.starts_with(BOM) && text.ends_with("\r\n"));
        let rows = parse(&text);
        assert_eq!(rows[1], ["a,\"b\"\n c", "10800.00"]);
        assert_eq!(rows[2], ["'=HYPERLINK(\"x\")", ""]);
    }
}
