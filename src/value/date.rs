//! Deadlines as people write them (`2023年底`, `2023年12月31日前`, `2023-12-31`,
//! `完成时间为2022年12月30日`, `12月底之前完成`, `2022.12`): pure.
//!
//! A month without a day means its last day; a date without a year (`12月底前`) takes the
//! project's year when it is judged ([`WrittenDate::resolve`]).

use std::fmt;

use chrono::NaiveDate;

/// A date as written: the year may be left to the project (`12月底前`), and then the day to
/// the end of the month (`12月底`, which is 28 or 29 February in some years). With a year,
/// the day is always known (`2023年6月` is 2023-06-30).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrittenDate {
    pub year: Option<i32>,
    pub month: u32,
    pub day: Option<u32>,
}

impl WrittenDate {
    /// A whole date.
    #[must_use]
    pub fn on(date: NaiveDate) -> WrittenDate {
        use chrono::Datelike;
        WrittenDate {
            year: Some(date.year()),
            month: date.month(),
            day: Some(date.day()),
        }
    }

    /// The calendar date, with `project_year` when the text names no year. None when no year
    /// is known, or the day is not in that year (`2月29日` of 2023).
    #[must_use]
    pub fn resolve(self, project_year: Option<i32>) -> Option<NaiveDate> {
        let year = self.year.or(project_year)?;
        match self.day {
            Some(day) => NaiveDate::from_ymd_opt(year, self.month, day),
            None => last_of_month(year, self.month),
        }
    }
}

impl fmt::Display for WrittenDate {
    /// As a reader would write it back: `2023年12月31日`, `12月底`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(y) = self.year {
            write!(f, "{y}年")?;
        }
        match self.day {
            Some(d) => write!(f, "{}月{d}日", self.month),
            None => write!(f, "{}月底", self.month),
        }
    }
}

/// A date found in a text, and how it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DateFound {
    pub date: WrittenDate,
    /// Written with 前 / 之前 / 以前: done *by* the date (an actual so written restates a deadline).
    pub before: bool,
    /// The text also reads as a number and a unit (`12月底前` is 12 and `月底前`, `2022.12` a
    /// decimal), as it was read before such dates were known: a caller that states a bound
    /// comparator keeps that reading.
    pub numeric: bool,
}

pub(super) enum DateScan {
    NotDate,
    Date(DateFound),
    /// Date-shaped but not on the calendar (`2023年2月30日`, `2023-13-01`).
    Invalid,
}

/// Words before a date that do not move it, longest first. The `完成时间…` forms were prose
/// before they were read as dates, so a broken date after them stays prose.
const DATE_PREFIXES: [(&str, bool); 14] = [
    ("完成时间为", true),
    ("完成时间：", true),
    ("完成时间:", true),
    ("完成时间", true),
    ("完成时限为", true),
    ("完成时限", true),
    ("截止时间为", true),
    ("截止时间", true),
    ("截止日期为", true),
    ("截止日期", true),
    ("截至", false),
    ("截止", false),
    ("在", false),
    ("于", false),
];
const DATE_SUFFIXES: [&str; 3] = ["之前", "以前", "前"];
/// After `2023年`: all mean the last day of the year.
const YEAR_TAILS: [&str; 6] = ["", "底", "末", "度", "内", "度内"];
/// After `2023年6月`: all mean the last day of the month.
const MONTH_TAILS: [&str; 5] = ["", "底", "末", "内", "份"];
/// Without a year: the end of the project's year.
const YEARLESS_YEAR_END: [&str; 9] = [
    "年底",
    "年末",
    "年内",
    "年度内",
    "本年底",
    "本年末",
    "本年内",
    "本年度内",
    "当年底",
];

/// Reads a date. `dotted_month` also reads `2022.12` as a month (it is a decimal otherwise).
pub(super) fn scan_date(s: &str, dotted_month: bool) -> DateScan {
    let words = strip_date_words(s);
    let core = words.core;
    let found = scan_dashed(core)
        .or_else(|| scan_year_month(core, dotted_month))
        .or_else(|| scan_chinese(core))
        .or_else(|| scan_yearless(core, words.before || words.done));
    match found {
        Some(Scan::Date(date, numeric)) => DateScan::Date(DateFound {
            date,
            before: words.before,
            numeric,
        }),
        Some(Scan::Invalid) if !words.new_prefix => DateScan::Invalid,
        Some(Scan::Invalid) | None => DateScan::NotDate,
    }
}

enum Scan {
    Date(WrittenDate, bool),
    Invalid,
}

struct DateWords<'a> {
    core: &'a str,
    before: bool,
    done: bool,
    new_prefix: bool,
}

fn strip_date_words(s: &str) -> DateWords<'_> {
    let (s, new_prefix) = DATE_PREFIXES
        .iter()
        .find_map(|(p, new)| s.strip_prefix(p).map(|rest| (rest, *new)))
        .unwrap_or((s, false));
    let s = s.trim();
    let (s, done) = match s.strip_suffix("完成") {
        Some(rest) => (rest.trim_end(), true),
        None => (s, false),
    };
    let (s, before) = DATE_SUFFIXES
        .iter()
        .find_map(|p| s.strip_suffix(p))
        .map_or((s, false), |rest| (rest.trim_end(), true));
    DateWords {
        core: s,
        before,
        done,
        new_prefix,
    }
}

/// `2023-12-31`, `2023/12/31`, `2023.12.31`.
fn scan_dashed(s: &str) -> Option<Scan> {
    let separator = s.chars().nth(4).filter(|c| matches!(c, '-' | '/' | '.'))?;
    let mut parts = s.split(separator);
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let shaped = is_digits(year, 4) && is_digits(month, 2) && is_digits(day, 2);
    if !shaped || parts.next().is_some() {
        return None;
    }
    Some(calendar(
        year_value(year),
        digits_value(month),
        Some(digits_value(day)),
    ))
}

/// `2023-12`, `2023/12`, and `2022.12` when asked: the month's last day. A month outside
/// 1–12 is not a date here (`2022.13` stays a number, `2023-13` prose, as before).
fn scan_year_month(s: &str, dotted_month: bool) -> Option<Scan> {
    let separator = s.chars().nth(4).filter(|c| match c {
        '-' | '/' => true,
        '.' => dotted_month,
        _ => false,
    })?;
    let (year, month) = s.split_once(separator)?;
    if year.len() != 4 || !is_digits(year, 4) || !is_digits(month, 2) {
        return None;
    }
    let (year, month) = (year_value(year), digits_value(month));
    if !(1..=12).contains(&month) || !(1900..=2100).contains(&year) {
        return None;
    }
    match calendar(year, month, None) {
        Scan::Date(date, _) => Some(Scan::Date(date, separator == '.')),
        Scan::Invalid => None,
    }
}

/// `2023年`, `2023年底`, `2023年度`, `2023年6月底`, `2023年12月31日`.
fn scan_chinese(s: &str) -> Option<Scan> {
    let (year, rest) = s.split_once('年')?;
    if year.len() != 4 || !is_digits(year, 4) {
        return None;
    }
    let year = year_value(year);
    if YEAR_TAILS.contains(&rest) {
        return Some(calendar(year, 12, None));
    }
    let (month, rest) = rest.split_once('月')?;
    if !is_digits(month, 2) {
        return None;
    }
    let month = digits_value(month);
    if MONTH_TAILS.contains(&rest) {
        return Some(calendar(year, month, None));
    }
    let day = rest.strip_suffix(['日', '号']).unwrap_or(rest);
    is_digits(day, 2).then(|| calendar(year, month, Some(digits_value(day))))
}

/// `年底前`, `12月底`, `12月31日`, and `12月前` / `12月完成` when a word says it is a date
/// (`12月` alone stays a number of months). Not on the calendar → not a date: these texts
/// were numbers or prose before.
fn scan_yearless(s: &str, dated_by_words: bool) -> Option<Scan> {
    if YEARLESS_YEAR_END.contains(&s) {
        let date = WrittenDate {
            year: None,
            month: 12,
            day: None,
        };
        return Some(Scan::Date(date, false));
    }
    let (month, rest) = s.split_once('月')?;
    if !is_digits(month, 2) {
        return None;
    }
    let month = digits_value(month);
    let day = match rest {
        "底" | "末" => None,
        "" | "份" if dated_by_words => None,
        _ => {
            let day = rest.strip_suffix(['日', '号'])?;
            is_digits(day, 2).then(|| digits_value(day))?.into()
        }
    };
    let date = WrittenDate {
        year: None,
        month,
        day,
    };
    // 2000 is a leap year: a year-less 2月29日 is a date some years have.
    date.resolve(Some(2000)).map(|_| Scan::Date(date, true))
}

/// One to `max_len` ASCII digits; callers keep `max_len` at 4 so the values below cannot overflow.
fn is_digits(s: &str, max_len: usize) -> bool {
    (1..=max_len).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn digits_value(s: &str) -> u32 {
    s.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0'))
}

fn year_value(s: &str) -> i32 {
    s.bytes().fold(0, |n, b| n * 10 + i32::from(b - b'0'))
}

fn calendar(year: i32, month: u32, day: Option<u32>) -> Scan {
    let date = WrittenDate {
        year: Some(year),
        month,
        day,
    };
    // With the year known, a month's end is a day: `2023年底` and `2023年12月31日` are one date.
    match date.resolve(None) {
        Some(d) => Scan::Date(WrittenDate::on(d), false),
        None => Scan::Invalid,
    }
}

fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    match month {
        12 => NaiveDate::from_ymd_opt(year, 12, 31),
        // Month 0 would otherwise land on the last day of the year before.
        1..=11 => NaiveDate::from_ymd_opt(year, month + 1, 1).and_then(|d| d.pred_opt()),
        _ => None,
    }
}
