//! Plain-text tables whose columns line up with Chinese text (double-width characters).
//! Every cell is made terminal-safe (`term::safe`) as it is added, so no recorded text can
//! break a row, move the cursor or reorder the table.

use unicode_width::UnicodeWidthStr;

use super::term::safe;

/// Column alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

pub struct Table {
    header: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str], align: &[Align]) -> Table {
        Table {
            header: header.iter().map(|s| safe(s).into_owned()).collect(),
            align: align.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; each cell is escaped by `term::safe`.
    pub fn row(&mut self, cells: Vec<String>) {
        let cells = cells.iter().map(|c| safe(c).into_owned()).collect();
        self.rows.push(cells);
    }

    pub fn render(&self) -> String {
        let widths: Vec<usize> = (0..self.header.len())
            .map(|c| {
                std::iter::once(&self.header)
                    .chain(&self.rows)
                    .map(|r| r.get(c).map_or(0, |s| s.width()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        out.push_str(&self.line(&self.header, &widths));
        out.push_str(
            &widths
                .iter()
                .map(|w| "─".repeat(*w))
                .collect::<Vec<_>>()
                .join("  "),
        );
        out.push('\n');
        for r in &self.rows {
            out.push_str(&self.line(r, &widths));
        }
        out
    }

    fn line(&self, cells: &[String], widths: &[usize]) -> String {
        let padded: Vec<String> = widths
            .iter()
            .enumerate()
            .map(|(c, w)| {
                let cell = cells.get(c).map_or("", |s| s.as_str());
                let pad = " ".repeat(w.saturating_sub(cell.width()));
                match self.align.get(c).copied().unwrap_or(Align::Left) {
                    Align::Left => format!("{cell}{pad}"),
                    Align::Right => format!("{pad}{cell}"),
                }
            })
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    }
}

/// Shortens long text for a table cell, counting display width.
pub fn clip(text: &str, max_width: usize) -> String {
    if text.width() <= max_width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + 3 > max_width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}
