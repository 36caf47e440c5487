//! Deadlines as people write them (`2023年底`, `2023年12月31日前`, `2023-12-31`): pure.

use chrono::NaiveDate;

pub(super) enum DateScan {
    NotDate,
    Date(NaiveDate),
    /// Date-shaped but not on the calendar (`2023年2月30日`, `2023-13-01`).
    Invalid,
}

/// Words around a date that do not move it: `在…前完成`, `截至…`, `…之前`.
const DATE_PREFIXES: [&str; 4] = ["在", "于", "截至", "截止"];
const DATE_SUFFIXES: [&str; 3] = ["之前", "以前", "前"];
/// After `2023年`: all mean the last day of the year.
const YEAR_TAILS: [&str; 6] = ["", "底", "末", "度", "内", "度内"];
/// After `2023年6月`: all mean the last day of the month.
const MONTH_TAILS: [&str; 5] = ["", "底", "末", "内", "份"];

pub(super) fn scan_date(s: &str) -> DateScan {
    let core = strip_date_words(s);
    scan_dashed(core)
        .or_else(|| scan_chinese(core))
        .unwrap_or(DateScan::NotDate)
}

fn strip_date_words(s: &str) -> &str {
    let s = DATE_PREFIXES
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .unwrap_or(s)
        .trim();
    let s = s.strip_suffix("完成").unwrap_or(s).trim_end();
    DATE_SUFFIXES
        .iter()
        .find_map(|p| s.strip_suffix(p))
        .unwrap_or(s)
        .trim_end()
}

/// `2023-12-31`, `2023/12/31`, `2023.12.31`.
fn scan_dashed(s: &str) -> Option<DateScan> {
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
        digits_value(day),
    ))
}

/// `2023年`, `2023年底`, `2023年度`, `2023年6月底`, `2023年12月31日`.
fn scan_chinese(s: &str) -> Option<DateScan> {
    let (year, rest) = s.split_once('年')?;
    if year.len() != 4 || !is_digits(year, 4) {
        return None;
    }
    let year = year_value(year);
    if YEAR_TAILS.contains(&rest) {
        return Some(calendar(year, 12, 31));
    }
    let (month, rest) = rest.split_once('月')?;
    if !is_digits(month, 2) {
        return None;
    }
    let month = digits_value(month);
    if MONTH_TAILS.contains(&rest) {
        return Some(month_end(year, month));
    }
    let day = rest.strip_suffix(['日', '号']).unwrap_or(rest);
    is_digits(day, 2).then(|| calendar(year, month, digits_value(day)))
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

fn calendar(year: i32, month: u32, day: u32) -> DateScan {
    NaiveDate::from_ymd_opt(year, month, day).map_or(DateScan::Invalid, DateScan::Date)
}

fn month_end(year: i32, month: u32) -> DateScan {
    match month {
        12 => calendar(year, 12, 31),
        // Month 0 would otherwise land on the last day of the year before.
        1..=11 => NaiveDate::from_ymd_opt(year, month + 1, 1)
            .and_then(|d| d.pred_opt())
            .map_or(DateScan::Invalid, DateScan::Date),
        _ => DateScan::Invalid,
    }
}
