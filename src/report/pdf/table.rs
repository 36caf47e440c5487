//! Ruled tables on pages: cell text wrapped to its column, row heights from the tallest cell
//! (a merged cell's extra height goes to its last row), rows joined by merged cells kept on
//! one page when they fit on one, the current header rows repeated at the top of each page a
//! table continues on, and a row taller than a page continued line by line.

use super::layout::{Flow, Op, BODY_W, BOTTOM, MARGIN_X, TOP};
use super::text::wrap;
use crate::report::paper::{Align, Cell, Grid};

const SIZE: f32 = 9.0;
const LINE_H: f32 = 12.6;
const PAD_X: f32 = 3.0;
const PAD_Y: f32 = 3.5;
const AFTER: f32 = 8.0;

/// A row placed on the current page: its top, height, and for a row continued across pages
/// the range of its cells' lines shown here.
#[derive(Debug, Clone)]
struct Placed {
    row: usize,
    top: f32,
    height: f32,
    lines: Option<(usize, usize)>,
}

/// Cell text wrapped to its columns, and row heights.
struct Laid<'g> {
    grid: &'g Grid,
    x: Vec<f32>,
    lines: Vec<Vec<Vec<String>>>,
    heights: Vec<f32>,
}

impl<'g> Laid<'g> {
    fn new(f: &Flow, grid: &'g Grid) -> Laid<'g> {
        let total: u32 = grid.widths.iter().sum();
        let mut x = vec![MARGIN_X];
        for w in &grid.widths {
            x.push(x.last().copied().unwrap_or(MARGIN_X) + BODY_W * *w as f32 / total as f32);
        }
        let lines: Vec<Vec<Vec<String>>> = grid
            .rows
            .iter()
            .map(|row| {
                let width = |c: &Cell| x[c.col + c.col_span] - x[c.col] - 2.0 * PAD_X;
                row.cells
                    .iter()
                    .map(|c| wrap(f.m, &c.text, SIZE, width(c), 0.0))
                    .collect()
            })
            .collect();
        let need = |n: usize| n as f32 * LINE_H + 2.0 * PAD_Y;
        let mut heights: Vec<f32> = (0..grid.rows.len())
            .map(|r| {
                grid.rows[r]
                    .cells
                    .iter()
                    .zip(&lines[r])
                    .filter(|(c, _)| c.row_span == 1)
                    .map(|(_, l)| need(l.len()))
                    .fold(need(1), f32::max)
            })
            .collect();
        for (r, row) in grid.rows.iter().enumerate() {
            for (c, l) in row
                .cells
                .iter()
                .zip(&lines[r])
                .filter(|(c, _)| c.row_span > 1)
            {
                let end = (r + c.row_span).min(heights.len());
                let have: f32 = heights[r..end].iter().sum();
                if need(l.len()) > have {
                    heights[end - 1] += need(l.len()) - have;
                }
            }
        }
        Laid {
            grid,
            x,
            lines,
            heights,
        }
    }

    fn height(&self, (s, e): (usize, usize)) -> f32 {
        self.heights[s..e].iter().sum()
    }

    fn is_header(&self, (s, e): (usize, usize)) -> bool {
        (s..e).all(|r| self.grid.rows[r].header)
    }

    /// The groups inside `[s, e)` when the cells spanning all of it are set aside.
    fn subgroups(&self, (s, e): (usize, usize)) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = s;
        while start < e {
            let mut end = start + 1;
            let mut r = start;
            while r < end {
                for c in &self.grid.rows[r].cells {
                    let whole = r == s && r + c.row_span >= e;
                    if !whole {
                        end = end.max((r + c.row_span).min(e));
                    }
                }
                r += 1;
            }
            out.push((start, end));
            start = end;
        }
        out
    }
}

/// The height of a table's head: its header rows and the first row after them (what a heading
/// before the table keeps company with).
pub fn lead_height(f: &Flow, grid: &Grid) -> f32 {
    let laid = Laid::new(f, grid);
    let n = grid.rows.iter().take_while(|r| r.header).count();
    laid.heights[..(n + 1).min(laid.heights.len())].iter().sum()
}

/// The state of a table being placed: rows on the current page and the header in force.
struct Placing<'l, 'g> {
    laid: &'l Laid<'g>,
    here: Vec<Placed>,
    header: Vec<usize>,
}

/// Places `grid` at the flow's position, continuing on new pages as needed.
pub fn place_table(f: &mut Flow, grid: &Grid) {
    let laid = Laid::new(f, grid);
    let mut p = Placing {
        laid: &laid,
        here: Vec::new(),
        header: Vec::new(),
    };
    let mut todo: Vec<(usize, usize)> = grid.groups().into_iter().rev().collect();
    let mut continued: Option<(usize, usize)> = None;
    while let Some(unit) = todo.pop() {
        if let Some((row, from)) = continued.take().filter(|(r, _)| unit == (*r, r + 1)) {
            p.slice(f, row, from, &mut continued);
            if continued.is_some() {
                todo.push(unit);
            }
            continue;
        }
        let h = laid.height(unit);
        // A header goes with what follows it: all of the next group when that fits on a page.
        let company = match todo.last().filter(|_| laid.is_header(unit)) {
            Some(next) if laid.height(*next) + h <= BOTTOM - TOP => laid.height(*next),
            Some(next) => laid.heights[next.0],
            None => 0.0,
        };
        if h + company <= f.room() {
            p.place(f, unit);
            continue;
        }
        let header_h: f32 = p.header.iter().map(|r| laid.heights[*r]).sum();
        let fresh_room = BOTTOM - TOP - if laid.is_header(unit) { 0.0 } else { header_h };
        if h + company <= fresh_room && !(p.here.is_empty() && f.fresh()) {
            p.break_page(f, !laid.is_header(unit));
            todo.push(unit);
        } else if unit.1 - unit.0 > 1 {
            let mut parts = laid.subgroups(unit);
            if parts == [unit] {
                parts = (unit.0..unit.1).map(|r| (r, r + 1)).collect();
            }
            todo.extend(parts.into_iter().rev());
        } else {
            continued = Some((unit.0, 0));
            todo.push(unit);
        }
    }
    p.draw(f);
    f.y += AFTER;
}

impl Placing<'_, '_> {
    fn place(&mut self, f: &mut Flow, (s, e): (usize, usize)) {
        let rows = &self.laid.grid.rows;
        if rows[s].header {
            self.header = (s..e).take_while(|r| rows[*r].header).collect();
        }
        for r in s..e {
            self.put(f, r, None, self.laid.heights[r]);
        }
    }

    fn put(&mut self, f: &mut Flow, row: usize, lines: Option<(usize, usize)>, height: f32) {
        self.here.push(Placed {
            row,
            top: f.y,
            height,
            lines,
        });
        f.y += height;
    }

    /// Shows as many lines of row `row` from line `from` as fit; sets `continued` to the
    /// rest, if any.
    fn slice(
        &mut self,
        f: &mut Flow,
        row: usize,
        from: usize,
        continued: &mut Option<(usize, usize)>,
    ) {
        let most = self.laid.lines[row].iter().map(Vec::len).max().unwrap_or(1);
        let mut fit = ((f.room() - 2.0 * PAD_Y) / LINE_H).floor().max(0.0) as usize;
        let only_header = self.here.len() <= self.header.len() && f.fresh();
        if fit == 0 && only_header {
            fit = 1;
        }
        if fit == 0 {
            self.break_page(f, true);
            *continued = Some((row, from));
            return;
        }
        let to = (from + fit).min(most);
        self.put(
            f,
            row,
            Some((from, to)),
            (to - from) as f32 * LINE_H + 2.0 * PAD_Y,
        );
        if to < most {
            self.break_page(f, true);
            *continued = Some((row, to));
        }
    }

    fn break_page(&mut self, f: &mut Flow, repeat_header: bool) {
        self.draw(f);
        f.new_page();
        if repeat_header {
            for r in self.header.clone() {
                self.put(f, r, None, self.laid.heights[r]);
            }
        }
    }

    /// Draws every cell that covers a row placed on this page, over the rows it covers here.
    fn draw(&mut self, f: &mut Flow) {
        let placed = std::mem::take(&mut self.here);
        let grid = self.laid.grid;
        for (r0, row) in grid.rows.iter().enumerate() {
            for (k, cell) in row.cells.iter().enumerate() {
                let covered: Vec<&Placed> = placed
                    .iter()
                    .filter(|p| (r0..r0 + cell.row_span).contains(&p.row))
                    .collect();
                let (Some(first), Some(last)) = (covered.first(), covered.last()) else {
                    continue;
                };
                let top = first.top;
                let bottom = last.top + last.height;
                let lines = &self.laid.lines[r0][k];
                let shown = match (cell.row_span, first.lines) {
                    (1, Some((a, b))) => &lines[a.min(lines.len())..b.min(lines.len())],
                    _ => &lines[..],
                };
                self.cell(f, cell, top, bottom - top, shown, first.lines.is_some());
            }
        }
    }

    fn cell(
        &self,
        f: &mut Flow,
        cell: &Cell,
        top: f32,
        h: f32,
        lines: &[String],
        top_aligned: bool,
    ) {
        let (x0, x1) = (self.laid.x[cell.col], self.laid.x[cell.col + cell.col_span]);
        f.push(Op::Rect {
            x: x0,
            y: top,
            w: x1 - x0,
            h,
        });
        let room = ((h - 2.0 * PAD_Y) / LINE_H).floor().max(1.0) as usize;
        let lines = &lines[..lines.len().min(room)];
        let block = lines.len() as f32 * LINE_H;
        let mut y = if top_aligned {
            top + PAD_Y
        } else {
            top + (h - block) / 2.0
        };
        for line in lines {
            let w = f.m.width_em(line) * SIZE;
            let x = match cell.align {
                Align::Left => x0 + PAD_X,
                Align::Center => x0 + (x1 - x0 - w) / 2.0,
                Align::Right => x1 - PAD_X - w,
            };
            let baseline = f.baseline(y, LINE_H, SIZE);
            if !line.is_empty() {
                f.push(Op::Text {
                    x,
                    y: baseline,
                    size: SIZE,
                    text: line.clone(),
                    strong: cell.strong,
                });
            }
            y += LINE_H;
        }
    }
}
