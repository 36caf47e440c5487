//! A ruled table with merged cells, as printed forms have them: columns with relative widths,
//! rows of cells that may span columns (gridSpan) and rows (vMerge / rowspan), and header rows
//! that are repeated when the table continues on a new page.

/// Horizontal alignment of a cell's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// A cell: its text, where it starts (column) and how far it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    /// The first column it covers (0-based), set when the row is added.
    pub col: usize,
    pub col_span: usize,
    pub row_span: usize,
    pub align: Align,
    /// Heads and labels: set in a heavier weight.
    pub strong: bool,
}

impl Cell {
    /// A one-by-one cell, left-aligned.
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            col: 0,
            col_span: 1,
            row_span: 1,
            align: Align::Left,
            strong: false,
        }
    }
    pub fn center(self) -> Cell {
        Cell {
            align: Align::Center,
            ..self
        }
    }
    pub fn right(self) -> Cell {
        Cell {
            align: Align::Right,
            ..self
        }
    }
    pub fn strong(self) -> Cell {
        Cell {
            strong: true,
            ..self
        }
    }
    /// A centred, strong cell: a column head or a row label.
    pub fn head(text: impl Into<String>) -> Cell {
        Cell::new(text).center().strong()
    }
    pub fn span(self, col_span: usize, row_span: usize) -> Cell {
        assert!(col_span >= 1 && row_span >= 1, "invariant: spans are ≥ 1");
        Cell {
            col_span,
            row_span,
            ..self
        }
    }
}

/// One row: the cells that start in it, left to right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// A header row: repeated at the top of each page the rows after it continue on.
    pub header: bool,
}

/// A table: relative column widths and rows. Every (row, column) is covered by exactly one
/// cell; `Grid::row` places cells in the columns that rows above have left free.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// Relative widths, one per column (any unit: they are scaled to the page).
    pub widths: Vec<u32>,
    pub rows: Vec<Row>,
}

impl Grid {
    pub fn new(widths: &[u32]) -> Grid {
        Grid {
            widths: widths.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Appends a row. Each cell goes to the next column not covered by a cell from above.
    /// Panics (programmer error) when the cells do not fill the row exactly.
    pub fn row(&mut self, header: bool, cells: Vec<Cell>) -> &mut Grid {
        let taken = self.covered_from_above(self.rows.len());
        let mut col = 0;
        let mut placed = Vec::with_capacity(cells.len());
        for mut cell in cells {
            while col < taken.len() && taken[col] {
                col += 1;
            }
            cell.col = col;
            assert!(
                col + cell.col_span <= self.widths.len()
                    && !taken[col..col + cell.col_span].iter().any(|t| *t),
                "invariant: cell {:?} fits row {} of the grid",
                cell.text,
                self.rows.len()
            );
            col += cell.col_span;
            placed.push(cell);
        }
        while col < taken.len() && taken[col] {
            col += 1;
        }
        assert_eq!(
            col,
            self.widths.len(),
            "invariant: row {} is filled",
            self.rows.len()
        );
        self.rows.push(Row {
            cells: placed,
            header,
        });
        self
    }

    /// Which columns of row `r` are covered by cells starting in rows above it.
    pub fn covered_from_above(&self, r: usize) -> Vec<bool> {
        let mut taken = vec![false; self.widths.len()];
        for (i, row) in self.rows.iter().enumerate().take(r) {
            for c in row.cells.iter().filter(|c| i + c.row_span > r) {
                taken[c.col..c.col + c.col_span].fill(true);
            }
        }
        taken
    }

    /// The cell covering (row, col) from above, if a cell of an earlier row spans into it:
    /// (its row, the cell).
    pub fn spanning_into(&self, r: usize, col: usize) -> Option<(usize, &Cell)> {
        self.rows.iter().enumerate().take(r).find_map(|(i, row)| {
            row.cells
                .iter()
                .find(|c| i + c.row_span > r && c.col <= col && col < c.col + c.col_span)
                .map(|c| (i, c))
        })
    }

    /// The row groups that must stay together (rows joined by row spans): `[start, end)`.
    pub fn groups(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        while start < self.rows.len() {
            let mut end = start + 1;
            let mut r = start;
            while r < end {
                for c in &self.rows[r].cells {
                    end = end.max(r + c.row_span);
                }
                r += 1;
            }
            out.push((start, end.min(self.rows.len())));
            start = end;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_go_to_the_columns_rows_above_leave_free_and_groups_follow_spans() {
        let mut g = Grid::new(&[1, 1, 1]);
        g.row(
            true,
            vec![Cell::head("a"), Cell::head("b"), Cell::head("c")],
        );
        g.row(
            false,
            vec![Cell::new("x").span(1, 3), Cell::new("y"), Cell::new("z")],
        );
        g.row(false, vec![Cell::new("y2").span(1, 2), Cell::new("z2")]);
        g.row(false, vec![Cell::new("z3")]);
        g.row(false, vec![Cell::new("w").span(3, 1)]);
        let cols: Vec<Vec<usize>> = g
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.col).collect())
            .collect();
        assert_eq!(
            cols,
            vec![vec![0, 1, 2], vec![0, 1, 2], vec![1, 2], vec![2], vec![0]]
        );
        assert_eq!(g.groups(), vec![(0, 1), (1, 4), (4, 5)]);
        assert_eq!(
            g.spanning_into(3, 1).map(|(r, c)| (r, c.text.as_str())),
            Some((2, "y2"))
        );
        assert_eq!(g.spanning_into(3, 2), None);
    }

    #[test]
    #[should_panic(expected = "is filled")]
    fn a_short_row_is_a_programmer_error() {
        Grid::new(&[1, 1]).row(false, vec![Cell::new("only one")]);
    }
}
