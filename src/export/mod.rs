//! Exports for finance staff: the portfolio (one row per project), a project's state, its
//! history and the event log as tables, written as CSV (UTF-8 with a BOM, so Excel and WPS
//! read Chinese correctly) or as an xlsx workbook. Pure: tables in, bytes out. Amounts are
//! exact 元 with two decimals (never a rounded 万元 figure), ratios percentages.

pub mod csv;
pub mod tables;
pub mod xlsx;

use rust_decimal::Decimal;

use crate::money::Yuan;

/// One cell of an export table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// An amount in 元 (two decimals).
    Yuan(Yuan),
    /// A fraction printed as a percentage with two decimals (`100.00%`); None prints empty.
    Ratio(Option<Decimal>),
    /// Points (分值 / 得分), two decimals (四舍五入), trailing zeros trimmed; None prints empty.
    Points(Option<Decimal>),
    /// A count or a seq.
    Int(u64),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn opt(s: Option<&str>) -> Cell {
        s.map_or(Cell::Empty, Cell::text)
    }
}

/// A table: a sheet name, column heads and rows of cells (as many as heads).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The sheet's name in an xlsx (≤ 31 characters).
    pub name: String,
    pub heads: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}
