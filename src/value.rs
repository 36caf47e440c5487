//! Indicator targets and actual values as people write them (`≥8`, `≤10%`, `2023年底`, `进一步提高`): parsing only, pure.
//!
//! Nothing here reads the clock, files or the environment, and no number passes through a
//! float: digits become a `Decimal` exactly or the target is rejected. Scoring decides what a
//! target means; this module only says what was written.
//!
//! A target is read by the first rule that applies:
//! 1. a comparator symbol (`≥ > ≤ < =`, ASCII or full-width) must be followed by a number;
//! 2. a comparator word (`不低于`, `超过`, …) followed by a number is a bound, else prose;
//! 3. a date (`2023年底`, `2023-12-31前`, `在2023年12月31日前完成`) is a deadline, and a
//!    date-shaped text that is not on the calendar (`2023年2月30日`) is an error;
//! 4. a bare number with a short unit (`100%`, `50个`) is `eq`, unless a suffix says
//!    otherwise (`95%以上` is `ge`);
//! 5. anything else (`进一步提高`, `95%以上的群众满意`) is qualitative.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Longest target or actual read, in chars after trimming.
pub const MAX_VALUE_CHARS: usize = 200;
/// Longest tail still read as a unit (`个百分点`, `万平方米`, `人次/年`); longer tails are prose.
pub const MAX_UNIT_CHARS: usize = 4;
/// `Decimal` holds 28 significant digits and 28 decimal places exactly; beyond that it rounds.
pub const MAX_SIGNIFICANT_DIGITS: usize = 28;
/// How much of an over-long input an error quotes, so one bad value cannot flood a log.
const PREVIEW_CHARS: usize = 40;

/// How an actual is judged against a target; serialised as its lowercase name (`ge`, `deadline`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Comparator {
    Ge,
    Gt,
    Le,
    Lt,
    Eq,
    Deadline,
    Qualitative,
}

impl Comparator {
    pub const ALL: [Comparator; 7] = [
        Comparator::Ge,
        Comparator::Gt,
        Comparator::Le,
        Comparator::Lt,
        Comparator::Eq,
        Comparator::Deadline,
        Comparator::Qualitative,
    ];

    /// The name events use; the same spelling serde writes.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::Ge => "ge",
            Comparator::Gt => "gt",
            Comparator::Le => "le",
            Comparator::Lt => "lt",
            Comparator::Eq => "eq",
            Comparator::Deadline => "deadline",
            Comparator::Qualitative => "qualitative",
        }
    }

    /// Only the names (`ge`, `deadline`): symbols such as `≥` belong to the target text.
    #[must_use]
    pub fn parse_name(s: &str) -> Option<Comparator> {
        Comparator::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// +1 for lower bounds, -1 for upper bounds, 0 otherwise: `≥8以上` agrees, `≤8以上` does not.
    fn direction(self) -> i8 {
        match self {
            Comparator::Ge | Comparator::Gt => 1,
            Comparator::Le | Comparator::Lt => -1,
            Comparator::Eq | Comparator::Deadline | Comparator::Qualitative => 0,
        }
    }
}

impl fmt::Display for Comparator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed target: `value` for ge/gt/le/lt/eq, `deadline` for deadline, neither for qualitative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub comparator: Comparator,
    pub value: Option<Decimal>,
    pub unit: Option<String>,
    pub deadline: Option<NaiveDate>,
}

impl Target {
    fn qualitative() -> Target {
        Target {
            comparator: Comparator::Qualitative,
            value: None,
            unit: None,
            deadline: None,
        }
    }

    fn bound(comparator: Comparator, value: Decimal, unit: Option<String>) -> Target {
        Target {
            comparator,
            value: Some(value),
            unit,
            deadline: None,
        }
    }

    fn deadline(date: NaiveDate) -> Target {
        Target {
            comparator: Comparator::Deadline,
            value: None,
            unit: None,
            deadline: Some(date),
        }
    }
}

/// A parsed actual: at most one of `number` and `date`; `text` is the input, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actual {
    pub number: Option<Decimal>,
    pub unit: Option<String>,
    pub date: Option<NaiveDate>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("target {input:?}: empty")]
    Empty { input: String },
    #[error("target {input:?}: longer than {max} characters", max = MAX_VALUE_CHARS)]
    TooLong { input: String },
    #[error("target {input:?}: the comparator is not followed by a number")]
    MissingNumber { input: String },
    #[error("target {input:?}: signed numbers are not accepted as targets")]
    SignedNumber { input: String },
    #[error(
        "target {input:?}: not a number (thousands separators group digits by three: `1,000`)"
    )]
    MalformedNumber { input: String },
    #[error("target {input:?}: more than {max} significant digits or decimal places", max = MAX_SIGNIFICANT_DIGITS)]
    TooManyDigits { input: String },
    #[error("target {input:?}: not a calendar date")]
    InvalidDate { input: String },
    #[error("target {input:?}: a deadline needs a date such as `2023年底` or `2023-12-31`")]
    NotADate { input: String },
    #[error("target {input:?}: the comparator given is {given}, but the text reads as {found}")]
    ComparatorMismatch {
        input: String,
        given: Comparator,
        found: Comparator,
    },
    #[error("target {input:?}: {prefix} before the number contradicts {suffix} after it")]
    ConflictingBounds {
        input: String,
        prefix: Comparator,
        suffix: Comparator,
    },
}

/// Reads a target, inferring its comparator from the text.
///
/// # Errors
/// Empty or over-long text, a comparator symbol without a number, a signed, malformed or
/// over-precise number, a date not on the calendar, or a symbol and a suffix that disagree.
pub fn parse_target(text: &str) -> Result<Target, ValueError> {
    let (input, normal) = prepare(text)?;
    Ok(match read_target(&normal, input)? {
        // A bare number trailed by prose (`3.5（上年）`) is a sentence, not a bound.
        Reading::Bound {
            explicit: false,
            unit_like: false,
            ..
        }
        | Reading::Prose => Target::qualitative(),
        Reading::Bound {
            comparator,
            value,
            unit,
            ..
        } => Target::bound(comparator, value, unit),
        Reading::Deadline(date) => Target::deadline(date),
    })
}

/// With an explicit comparator (from the event's `comparator` field): checks it is consistent
/// with the text (e.g. "ge" with "≥8" or "8"; "qualitative" with any text; "deadline" needs a
/// parsable date) and returns the Target.
///
/// # Errors
/// As [`parse_target`] (only emptiness and length for `qualitative`), plus
/// [`ValueError::NotADate`] for a `deadline` without a date and
/// [`ValueError::ComparatorMismatch`] when the text states another comparator.
pub fn parse_target_with(text: &str, comparator: Comparator) -> Result<Target, ValueError> {
    let (input, normal) = prepare(text)?;
    if comparator == Comparator::Qualitative {
        return Ok(Target::qualitative());
    }
    let reading = read_target(&normal, input)?;
    if comparator == Comparator::Deadline {
        return match reading {
            Reading::Deadline(date) => Ok(Target::deadline(date)),
            _ => Err(ValueError::NotADate {
                input: input.to_string(),
            }),
        };
    }
    let found = match reading {
        // The caller vouches for the comparator, so a wordy unit (`3年内完成`) is kept as written.
        Reading::Bound {
            comparator: found,
            explicit,
            value,
            unit,
            ..
        } if !explicit || found == comparator => {
            return Ok(Target::bound(comparator, value, unit));
        }
        Reading::Bound {
            comparator: found, ..
        } => found,
        Reading::Deadline(_) => Comparator::Deadline,
        Reading::Prose => Comparator::Qualitative,
    };
    Err(ValueError::ComparatorMismatch {
        input: input.to_string(),
        given: comparator,
        found,
    })
}

/// Reads an actual value; never fails: text that is neither a number nor a date keeps only `text`.
#[must_use]
pub fn parse_actual(text: &str) -> Actual {
    let input = text.trim();
    let mut actual = Actual {
        number: None,
        unit: None,
        date: None,
        text: input.to_string(),
    };
    // Same bound as targets: an over-long actual is an explanation, not a figure.
    if input.chars().nth(MAX_VALUE_CHARS).is_some() {
        return actual;
    }
    let normal = normalise(input);
    match scan_date(&normal) {
        DateScan::Date(date) => actual.date = Some(date),
        // `2023年2月30日` is a broken date, not the number 2023.
        DateScan::Invalid => {}
        DateScan::NotDate => {
            if let Some((run, tail)) = split_numeric(&normal) {
                actual.number = to_decimal(run).ok();
                let tail = tail.trim();
                let has_unit = actual.number.is_some() && !tail.is_empty() && is_unit_like(tail);
                actual.unit = has_unit.then(|| tail.to_string());
            }
        }
    }
    actual
}

/// What a target text says, before a caller-given comparator is checked against it.
enum Reading {
    /// `explicit` when a symbol, word or suffix states the comparator (else it is `eq`).
    Bound {
        comparator: Comparator,
        explicit: bool,
        value: Decimal,
        unit: Option<String>,
        unit_like: bool,
    },
    Deadline(NaiveDate),
    Prose,
}

/// Comparator symbols after full-width folding; longer spellings first so `>=` is not `>`.
const SYMBOLS: [(&str, Comparator); 12] = [
    (">=", Comparator::Ge),
    ("≥", Comparator::Ge),
    ("≧", Comparator::Ge),
    ("⩾", Comparator::Ge),
    ("<=", Comparator::Le),
    ("≤", Comparator::Le),
    ("≦", Comparator::Le),
    ("⩽", Comparator::Le),
    ("==", Comparator::Eq),
    ("=", Comparator::Eq),
    (">", Comparator::Gt),
    ("<", Comparator::Lt),
];

/// 民法典 第1259条: 以上/以下/以内 include the number, 超过/不满 do not.
const WORDS: [(&str, Comparator); 14] = [
    ("不低于", Comparator::Ge),
    ("不少于", Comparator::Ge),
    ("不小于", Comparator::Ge),
    ("不高于", Comparator::Le),
    ("不超过", Comparator::Le),
    ("不多于", Comparator::Le),
    ("不大于", Comparator::Le),
    ("大于", Comparator::Gt),
    ("高于", Comparator::Gt),
    ("超过", Comparator::Gt),
    ("多于", Comparator::Gt),
    ("小于", Comparator::Lt),
    ("低于", Comparator::Lt),
    ("少于", Comparator::Lt),
];

const SUFFIXES: [(&str, Comparator); 5] = [
    ("及以上", Comparator::Ge),
    ("以上", Comparator::Ge),
    ("及以下", Comparator::Le),
    ("以下", Comparator::Le),
    ("以内", Comparator::Le),
];

/// Trims and bounds a target; returns the trimmed input (for errors) and its folded form.
fn prepare(text: &str) -> Result<(&str, String), ValueError> {
    let input = text.trim();
    if input.is_empty() {
        return Err(ValueError::Empty {
            input: preview(text),
        });
    }
    if input.chars().nth(MAX_VALUE_CHARS).is_some() {
        return Err(ValueError::TooLong {
            input: preview(input),
        });
    }
    Ok((input, normalise(input)))
}

fn preview(text: &str) -> String {
    let mut quoted: String = text.chars().take(PREVIEW_CHARS).collect();
    if text.chars().nth(PREVIEW_CHARS).is_some() {
        quoted.push('…');
    }
    quoted
}

/// Folds the full-width forms an IME produces in numbers and bounds; other text stays as written.
fn normalise(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' | '．' | '％' | '＜' | '＞' | '＝' | '＋' | '－' => {
                char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
            }
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

fn read_target(s: &str, input: &str) -> Result<Reading, ValueError> {
    if let Some((prefix, rest)) = strip_prefix_in(s, &SYMBOLS) {
        let missing = || ValueError::MissingNumber {
            input: input.to_string(),
        };
        let (run, tail) = split_numeric(rest.trim_start()).ok_or_else(missing)?;
        return bound(Some(prefix), run, tail, input);
    }
    if let Some((prefix, rest)) = strip_prefix_in(s, &WORDS) {
        // `不低于上年` is prose: a word becomes a bound only when a number follows it.
        return match split_numeric(rest.trim_start()) {
            Some((run, tail)) => bound(Some(prefix), run, tail, input),
            None => Ok(Reading::Prose),
        };
    }
    match scan_date(s) {
        DateScan::Date(date) => return Ok(Reading::Deadline(date)),
        DateScan::Invalid => {
            return Err(ValueError::InvalidDate {
                input: input.to_string(),
            })
        }
        DateScan::NotDate => {}
    }
    match split_numeric(s) {
        Some((run, tail)) => bound(None, run, tail, input),
        None => Ok(Reading::Prose),
    }
}

fn strip_prefix_in<'a>(s: &'a str, table: &[(&str, Comparator)]) -> Option<(Comparator, &'a str)> {
    table
        .iter()
        .find_map(|(spelling, c)| s.strip_prefix(spelling).map(|rest| (*c, rest)))
}

fn bound(
    prefix: Option<Comparator>,
    run: &str,
    tail: &str,
    input: &str,
) -> Result<Reading, ValueError> {
    let (suffix, unit) = split_suffix(tail.trim());
    let comparator = match (prefix, suffix) {
        (Some(p), Some(s)) if p.direction() != s.direction() => {
            return Err(ValueError::ConflictingBounds {
                input: input.to_string(),
                prefix: p,
                suffix: s,
            })
        }
        // The symbol is the more precise of two that agree (`>8以上` stays `gt`).
        (p, s) => p.or(s),
    };
    let unit_like = is_unit_like(unit);
    let value = match to_decimal(run) {
        Ok(value) => value,
        // Digits inside a sentence (`1,2,3号线运营正常`) are prose, not a bad number.
        Err(_) if comparator.is_none() && !unit_like => return Ok(Reading::Prose),
        Err(fault) => return Err(fault.at(input)),
    };
    Ok(Reading::Bound {
        comparator: comparator.unwrap_or(Comparator::Eq),
        explicit: comparator.is_some(),
        value,
        unit: (!unit.is_empty()).then(|| unit.to_string()),
        unit_like,
    })
}

fn split_suffix(tail: &str) -> (Option<Comparator>, &str) {
    SUFFIXES
        .iter()
        .find_map(|(word, c)| {
            tail.strip_suffix(word)
                .map(|rest| (Some(*c), rest.trim_end()))
        })
        .unwrap_or((None, tail))
}

/// A unit is a short word (`个`, `万元`, `%`, `人次/年`); brackets, punctuation or digits mean prose.
fn is_unit_like(unit: &str) -> bool {
    unit.chars().nth(MAX_UNIT_CHARS).is_none()
        && unit
            .chars()
            .all(|c| c.is_alphabetic() || "%‰/²³°℃".contains(c))
}

/// Splits a leading number (optional sign, digits, `,` or `.` only between digits) from its tail.
fn split_numeric(s: &str) -> Option<(&str, &str)> {
    let bytes = s.as_bytes();
    let start = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    if !bytes.get(start).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let mut end = start;
    while let Some(&b) = bytes.get(end) {
        let between_digits =
            matches!(b, b'.' | b',') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
        if !(b.is_ascii_digit() || between_digits) {
            break;
        }
        end += 1;
    }
    // Everything before `end` is ASCII, so `end` is a char boundary.
    Some(s.split_at(end))
}

enum NumberFault {
    Signed,
    Malformed,
    TooManyDigits,
}

impl NumberFault {
    fn at(self, input: &str) -> ValueError {
        let input = input.to_string();
        match self {
            NumberFault::Signed => ValueError::SignedNumber { input },
            NumberFault::Malformed => ValueError::MalformedNumber { input },
            NumberFault::TooManyDigits => ValueError::TooManyDigits { input },
        }
    }
}

/// Builds the Decimal from the digits themselves: exact, never rounded, never a float.
fn to_decimal(run: &str) -> Result<Decimal, NumberFault> {
    if run.starts_with(['+', '-']) {
        return Err(NumberFault::Signed);
    }
    let (int, frac) = run.split_once('.').unwrap_or((run, ""));
    if !is_grouped(int) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberFault::Malformed);
    }
    let digits = int.bytes().filter(u8::is_ascii_digit).chain(frac.bytes());
    let significant: Vec<u8> = digits.skip_while(|&b| b == b'0').collect();
    if significant.len() > MAX_SIGNIFICANT_DIGITS || frac.len() > MAX_SIGNIFICANT_DIGITS {
        return Err(NumberFault::TooManyDigits);
    }
    // At most 28 digits: below 10^28, far inside i128 and Decimal's 96-bit mantissa.
    let mantissa = significant
        .iter()
        .fold(0i128, |n, b| n * 10 + i128::from(b - b'0'));
    let scale = u32::try_from(frac.len()).map_err(|_| NumberFault::TooManyDigits)?;
    Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| NumberFault::TooManyDigits)
}

/// `1000` or `1,000`: commas, when present, split the digits into threes.
fn is_grouped(int: &str) -> bool {
    let all_digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    if !int.contains(',') {
        return !int.is_empty() && all_digits(int);
    }
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len())
        && all_digits(first)
        && groups.all(|g| g.len() == 3 && all_digits(g))
}

enum DateScan {
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

fn scan_date(s: &str) -> DateScan {
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;
    use Comparator::*;

    /// Builds the expected error from the quoted input.
    type Rejection = fn(String) -> ValueError;
    /// Text, number, unit, date.
    type ActualCase = (
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        Option<NaiveDate>,
    );

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).expect("invariant: test literal is a decimal")
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("invariant: test literal is a date")
    }

    fn bound(c: Comparator, value: &str, unit: Option<&str>) -> Target {
        Target::bound(c, dec(value), unit.map(str::to_string))
    }

    #[test]
    fn targets_as_people_write_them() {
        let cases: &[(&str, Target)] = &[
            ("≥8", bound(Ge, "8", None)),
            ("≥500", bound(Ge, "500", None)),
            ("≥0.84", bound(Ge, "0.84", None)),
            ("≥50个", bound(Ge, "50", Some("个"))),
            ("≥6亿", bound(Ge, "6", Some("亿"))),
            ("≥ 8 家", bound(Ge, "8", Some("家"))),
            ("≤10%", bound(Le, "10", Some("%"))),
            ("≤90万元", bound(Le, "90", Some("万元"))),
            ("=100%", bound(Eq, "100", Some("%"))),
            ("==100%", bound(Eq, "100", Some("%"))),
            ("＝100%", bound(Eq, "100", Some("%"))),
            ("100%", bound(Eq, "100", Some("%"))),
            ("8", bound(Eq, "8", None)),
            ("4次", bound(Eq, "4", Some("次"))),
            ("12件", bound(Eq, "12", Some("件"))),
            (">=8", bound(Ge, "8", None)),
            ("≧8", bound(Ge, "8", None)),
            ("⩾8", bound(Ge, "8", None)),
            ("＞＝8", bound(Ge, "8", None)),
            (">＝8", bound(Ge, "8", None)),
            (">8", bound(Gt, "8", None)),
            ("＞8", bound(Gt, "8", None)),
            ("<=8", bound(Le, "8", None)),
            ("≦8", bound(Le, "8", None)),
            ("＜＝8", bound(Le, "8", None)),
            ("<5%", bound(Lt, "5", Some("%"))),
            ("＜5%", bound(Lt, "5", Some("%"))),
            ("≥1,000", bound(Ge, "1000", None)),
            ("≥1,234,567.5万元", bound(Ge, "1234567.5", Some("万元"))),
            ("≥95%（含）", bound(Ge, "95", Some("%（含）"))),
            ("95%以上", bound(Ge, "95", Some("%"))),
            ("90%及以上", bound(Ge, "90", Some("%"))),
            ("≥95%以上", bound(Ge, "95", Some("%"))),
            (">8以上", bound(Gt, "8", None)),
            ("5%以下", bound(Le, "5", Some("%"))),
            ("3个月以内", bound(Le, "3", Some("个月"))),
            ("不低于95%", bound(Ge, "95", Some("%"))),
            ("不少于 4 次", bound(Ge, "4", Some("次"))),
            ("不超过90万元", bound(Le, "90", Some("万元"))),
            (
                "超过95%的受益群众满意",
                bound(Gt, "95", Some("%的受益群众满意")),
            ),
            ("低于5%", bound(Lt, "5", Some("%"))),
        ];
        for (text, want) in cases {
            assert_eq!(parse_target(text).as_ref(), Ok(want), "{text}");
        }
    }

    #[test]
    fn full_width_and_spaces_are_folded() {
        let cases: &[(&str, Target)] = &[
            ("≥８", bound(Ge, "8", None)),
            ("＞＝５０个", bound(Ge, "50", Some("个"))),
            ("１００％", bound(Eq, "100", Some("%"))),
            ("≤１０．５％", bound(Le, "10.5", Some("%"))),
            ("\u{3000}≥8\u{3000}", bound(Ge, "8", None)),
            (" \t≥0.84\n", bound(Ge, "0.84", None)),
            ("２０２３年底", Target::deadline(ymd(2023, 12, 31))),
        ];
        for (text, want) in cases {
            assert_eq!(parse_target(text).as_ref(), Ok(want), "{text}");
        }
    }

    #[test]
    fn deadlines() {
        let cases: &[(&str, NaiveDate)] = &[
            ("2023年底", ymd(2023, 12, 31)),
            ("2023年末", ymd(2023, 12, 31)),
            ("2023年度", ymd(2023, 12, 31)),
            ("2023年", ymd(2023, 12, 31)),
            ("2023年内完成", ymd(2023, 12, 31)),
            ("2023年底前", ymd(2023, 12, 31)),
            ("2023年底前完成", ymd(2023, 12, 31)),
            ("2023年12月31日前", ymd(2023, 12, 31)),
            ("2023年12月31日", ymd(2023, 12, 31)),
            ("2023年12月31号", ymd(2023, 12, 31)),
            ("2023年6月底", ymd(2023, 6, 30)),
            ("2024年2月底", ymd(2024, 2, 29)),
            ("2023年2月末", ymd(2023, 2, 28)),
            ("2023年12月", ymd(2023, 12, 31)),
            ("2023年12月份", ymd(2023, 12, 31)),
            ("2023年6月15日之前", ymd(2023, 6, 15)),
            ("2023-12-31", ymd(2023, 12, 31)),
            ("2023-12-31前", ymd(2023, 12, 31)),
            ("2023/6/1", ymd(2023, 6, 1)),
            ("2023.06.30", ymd(2023, 6, 30)),
            ("2024-02-29", ymd(2024, 2, 29)),
            ("在2023年12月31日前完成", ymd(2023, 12, 31)),
            ("于2023年6月底前完成", ymd(2023, 6, 30)),
            ("截至2023年底", ymd(2023, 12, 31)),
            ("在 2023年底 前 完成", ymd(2023, 12, 31)),
        ];
        for (text, date) in cases {
            assert_eq!(parse_target(text), Ok(Target::deadline(*date)), "{text}");
        }
    }

    #[test]
    fn prose_is_qualitative() {
        let cases = [
            "进一步提高",
            "逐步提升",
            "效果明显",
            "符合相关规定",
            "在项目计划完成时间内完成",
            "不低于上年",
            "超过预期",
            "95%以上的受益群众满意",
            "3.5（上年实际）",
            "1,2,3号线运营正常",
            "8,超额完成",
            "2023年底完成全部验收工作",
            "2023-12",
        ];
        for text in cases {
            let got = parse_target(text);
            assert_eq!(got, Ok(Target::qualitative()), "{text}");
        }
    }

    #[test]
    fn bad_targets_are_rejected_and_quote_the_input() {
        let long = "8".repeat(MAX_VALUE_CHARS + 1);
        let cases: &[(&str, Rejection)] = &[
            ("", |input| ValueError::Empty { input }),
            ("≥", |input| ValueError::MissingNumber { input }),
            ("≥abc", |input| ValueError::MissingNumber { input }),
            ("<=上年水平", |input| ValueError::MissingNumber {
                input,
            }),
            ("≥-5", |input| ValueError::SignedNumber { input }),
            ("-5", |input| ValueError::SignedNumber { input }),
            ("+5%", |input| ValueError::SignedNumber { input }),
            ("不低于-5", |input| ValueError::SignedNumber { input }),
            ("≥1,00", |input| ValueError::MalformedNumber { input }),
            ("≥1,0000", |input| ValueError::MalformedNumber { input }),
            ("≥1234,567", |input| ValueError::MalformedNumber { input }),
            ("≥8.5.1", |input| ValueError::MalformedNumber { input }),
            ("1,00个", |input| ValueError::MalformedNumber { input }),
            ("≥12345678901234567890123456789", |input| {
                ValueError::TooManyDigits { input }
            }),
            ("≥0.00000000000000000000000000001", |input| {
                ValueError::TooManyDigits { input }
            }),
            ("2023年2月30日", |input| ValueError::InvalidDate {
                input,
            }),
            ("2023年2月30日前完成", |input| {
                ValueError::InvalidDate { input }
            }),
            ("2023年13月底", |input| ValueError::InvalidDate { input }),
            ("2023年0月", |input| ValueError::InvalidDate { input }),
            ("2023-02-29", |input| ValueError::InvalidDate { input }),
            ("2023-13-01", |input| ValueError::InvalidDate { input }),
        ];
        for (text, want) in cases {
            assert_eq!(parse_target(text), Err(want((*text).to_string())), "{text}");
        }
        assert_eq!(
            parse_target("\u{3000} "),
            Err(ValueError::Empty {
                input: "\u{3000} ".into()
            })
        );
        let too_long = parse_target(&long);
        let preview = format!("{}…", "8".repeat(PREVIEW_CHARS));
        assert_eq!(too_long, Err(ValueError::TooLong { input: preview }));
        let conflict = parse_target("≤95%以上");
        let want = ValueError::ConflictingBounds {
            input: "≤95%以上".into(),
            prefix: Le,
            suffix: Ge,
        };
        assert_eq!(conflict, Err(want));
        let message = parse_target("≥abc").map_err(|e| e.to_string());
        assert_eq!(
            message,
            Err("target \"≥abc\": the comparator is not followed by a number".into())
        );
    }

    #[test]
    fn limits_are_inclusive() {
        let longest = format!("≥{}", "1".repeat(MAX_VALUE_CHARS - 1));
        assert!(matches!(
            parse_target(&longest),
            Err(ValueError::TooManyDigits { .. })
        ));
        let longest_prose = "高".repeat(MAX_VALUE_CHARS);
        assert_eq!(parse_target(&longest_prose), Ok(Target::qualitative()));
        let digits = "9".repeat(MAX_SIGNIFICANT_DIGITS);
        assert_eq!(
            parse_target(&format!("≥{digits}")),
            Ok(bound(Ge, &digits, None))
        );
        let places = format!("0.{}1", "0".repeat(MAX_SIGNIFICANT_DIGITS - 1));
        assert_eq!(
            parse_target(&format!("≥{places}")),
            Ok(bound(Ge, &places, None))
        );
        let padded = format!("≥{}8", "0".repeat(100));
        assert_eq!(parse_target(&padded), Ok(bound(Ge, "8", None)));
        assert_eq!(
            parse_target("8万平方米"),
            Ok(bound(Eq, "8", Some("万平方米")))
        );
        assert_eq!(parse_target("8万平方公里"), Ok(Target::qualitative()));
    }

    #[test]
    fn explicit_comparator_that_agrees_is_accepted() {
        let ok: &[(&str, Comparator, Target)] = &[
            ("≥8", Ge, bound(Ge, "8", None)),
            ("8", Ge, bound(Ge, "8", None)),
            ("10%", Le, bound(Le, "10", Some("%"))),
            ("100%", Eq, bound(Eq, "100", Some("%"))),
            ("=100%", Eq, bound(Eq, "100", Some("%"))),
            ("3年内完成", Le, bound(Le, "3", Some("年内完成"))),
            ("95%以上", Ge, bound(Ge, "95", Some("%"))),
            ("进一步提高", Qualitative, Target::qualitative()),
            ("≥8", Qualitative, Target::qualitative()),
            ("≥abc", Qualitative, Target::qualitative()),
            ("2023年2月30日", Qualitative, Target::qualitative()),
            ("2023年底", Deadline, Target::deadline(ymd(2023, 12, 31))),
            (
                "在2023年12月31日前完成",
                Deadline,
                Target::deadline(ymd(2023, 12, 31)),
            ),
        ];
        for (text, c, want) in ok {
            assert_eq!(
                parse_target_with(text, *c).as_ref(),
                Ok(want),
                "{text} as {c}"
            );
        }
    }

    #[test]
    fn explicit_comparator_that_disagrees_is_rejected() {
        let mismatch = |input: &str, given, found| ValueError::ComparatorMismatch {
            input: input.into(),
            given,
            found,
        };
        let bad: &[(&str, Comparator, ValueError)] = &[
            ("≤8", Ge, mismatch("≤8", Ge, Le)),
            (">8", Ge, mismatch(">8", Ge, Gt)),
            ("=8", Le, mismatch("=8", Le, Eq)),
            ("进一步提高", Ge, mismatch("进一步提高", Ge, Qualitative)),
            ("2023年底", Eq, mismatch("2023年底", Eq, Deadline)),
            (
                "进一步提高",
                Deadline,
                ValueError::NotADate {
                    input: "进一步提高".into(),
                },
            ),
            (
                "≥8",
                Deadline,
                ValueError::NotADate {
                    input: "≥8".into()
                },
            ),
            (
                "2023年2月30日",
                Deadline,
                ValueError::InvalidDate {
                    input: "2023年2月30日".into(),
                },
            ),
            (
                "≥",
                Ge,
                ValueError::MissingNumber {
                    input: "≥".into()
                },
            ),
            ("  ", Qualitative, ValueError::Empty { input: "  ".into() }),
        ];
        for (text, c, want) in bad {
            assert_eq!(
                parse_target_with(text, *c).as_ref(),
                Err(want),
                "{text} as {c}"
            );
        }
    }

    #[test]
    fn actuals() {
        let whole = "1.35（954个高价值专利量/704万人）";
        let cases: &[ActualCase] = &[
            ("796", Some("796"), None, None),
            ("8", Some("8"), None, None),
            ("1.35", Some("1.35"), None, None),
            (whole, Some("1.35"), None, None),
            ("0%", Some("0"), Some("%"), None),
            ("54.26", Some("54.26"), None, None),
            ("54.26亿", Some("54.26"), Some("亿"), None),
            ("10.19 亿元", Some("10.19"), Some("亿元"), None),
            ("1,000", Some("1000"), None, None),
            ("１００％", Some("100"), Some("%"), None),
            ("796件，超额完成", Some("796"), None, None),
            ("2023年底", None, None, Some(ymd(2023, 12, 31))),
            ("2023年12月20日完成", None, None, Some(ymd(2023, 12, 20))),
            ("2023-11-30", None, None, Some(ymd(2023, 11, 30))),
            ("2023年2月30日", None, None, None),
            ("全年没有收到任何投诉", None, None, None),
            ("≥8", None, None, None),
            ("-5", None, None, None),
            ("1,00", None, None, None),
            ("", None, None, None),
        ];
        for (text, number, unit, date) in cases {
            let got = parse_actual(text);
            assert_eq!(got.number, number.map(dec), "{text}");
            assert_eq!(got.unit.as_deref(), *unit, "{text}");
            assert_eq!(got.date, *date, "{text}");
            assert_eq!(got.text, *text, "{text}");
        }
        assert_eq!(parse_actual("\u{3000}796 ").text, "796");
        let long = format!("796{}", "（说明）".repeat(MAX_VALUE_CHARS));
        assert_eq!(parse_actual(&long).number, None);
    }

    #[test]
    fn comparator_names_round_trip() {
        for c in Comparator::ALL {
            assert_eq!(Comparator::parse_name(c.as_str()), Some(c));
            assert_eq!(c.to_string(), c.as_str());
            let json = serde_json::to_string(&c).expect("invariant: enum serialises");
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(serde_json::from_str::<Comparator>(&json).ok(), Some(c));
        }
        let schema = serde_json::to_string(&schemars::schema_for!(Comparator)).unwrap_or_default();
        for c in Comparator::ALL {
            assert!(schema.contains(&format!("\"{c}\"")), "{schema}");
        }
        for not_a_name in ["≥", ">=", "GE", " ge", "", "greater"] {
            assert_eq!(Comparator::parse_name(not_a_name), None, "{not_a_name}");
        }
    }

    #[test]
    fn every_bound_round_trips() {
        let spellings = [
            ("≥", Ge),
            (">=", Ge),
            ("＞＝", Ge),
            (">", Gt),
            ("≤", Le),
            ("<=", Le),
            ("<", Lt),
            ("=", Eq),
            ("", Eq),
        ];
        for n in 0..1000u32 {
            assert_eq!(
                parse_target(&format!("≥{n}")),
                Ok(Target::bound(Ge, n.into(), None))
            );
            for (symbol, c) in spellings {
                for unit in ["", "%", "个", "万元"] {
                    let text = format!("{symbol}{n}.{:02}{unit}", n % 100);
                    let want = Target::bound(
                        c,
                        dec(&format!("{n}.{:02}", n % 100)),
                        (!unit.is_empty()).then(|| unit.into()),
                    );
                    assert_eq!(parse_target(&text), Ok(want), "{text}");
                }
            }
        }
    }

    #[test]
    fn thousands_separators_do_not_change_the_value() {
        for n in (0..10_000_000u64).step_by(7919) {
            let plain = n.to_string();
            let mut grouped = String::new();
            for (i, digit) in plain.chars().enumerate() {
                if i > 0 && (plain.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(digit);
            }
            assert_eq!(
                parse_target(&format!("≥{grouped}")),
                parse_target(&format!("≥{plain}")),
                "{grouped}"
            );
            assert_eq!(
                parse_actual(&grouped).number,
                Some(Decimal::from(n)),
                "{grouped}"
            );
        }
    }

    #[test]
    fn every_day_and_month_end_parses() {
        for year in [1999, 2023, 2024, 2100] {
            for month in 1..=12u32 {
                let first = ymd(year, month, 1);
                let last = first
                    .checked_add_months(chrono::Months::new(1))
                    .and_then(|d| d.pred_opt());
                let want = last.map(Target::deadline);
                assert_eq!(
                    parse_target(&format!("{year}年{month}月底")).ok(),
                    want,
                    "{year}-{month}"
                );
                let mut day = Some(first);
                while let Some(date) = day.filter(|d| Some(*d) <= last) {
                    let (m, d) = (date.format("%m"), date.format("%d"));
                    assert_eq!(
                        parse_target(&format!("{year}年{month}月{}日前", date.format("%-d"))),
                        Ok(Target::deadline(date))
                    );
                    assert_eq!(
                        parse_target(&format!("{year}-{m}-{d}")),
                        Ok(Target::deadline(date))
                    );
                    assert_eq!(parse_actual(&format!("{year}/{m}/{d}")).date, Some(date));
                    day = date.succ_opt();
                }
                let past_end = format!("{year}年{month}月{}日", last.map_or(0, |d| d.day()) + 1);
                assert!(
                    matches!(parse_target(&past_end), Err(ValueError::InvalidDate { .. })),
                    "{past_end}"
                );
            }
        }
    }

    /// Deterministic noise over the characters the parser cares about: nothing panics, and
    /// every result keeps the shape its comparator promises.
    #[test]
    fn noise_never_panics_and_results_keep_their_shape() {
        let alphabet: Vec<char> =
            "0123456789.,≥>=<≤＞＝％．１年月日底前完成在%个亿-+ 　a（）以上不低于"
                .chars()
                .collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let mut text = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            for k in 0..(state % 12) {
                let pick = usize::try_from((state >> (k * 5)) % 64).unwrap_or(0) % alphabet.len();
                text.push(alphabet[pick]);
            }
            check_shape(&text);
        }
    }

    fn check_shape(text: &str) {
        if let Ok(t) = parse_target(text) {
            match t.comparator {
                Qualitative => assert!(
                    t.value.is_none() && t.unit.is_none() && t.deadline.is_none(),
                    "{text}"
                ),
                Deadline => assert!(t.value.is_none() && t.deadline.is_some(), "{text}"),
                _ => assert!(t.value.is_some() && t.deadline.is_none(), "{text}"),
            }
        }
        for c in Comparator::ALL {
            if let Ok(t) = parse_target_with(text, c) {
                assert_eq!(t.comparator, c, "{text}");
            }
        }
        let a = parse_actual(text);
        assert_eq!(a.text, text.trim(), "{text}");
        assert!(a.date.is_none() || a.number.is_none(), "{text}");
        assert!(a.unit.is_none() || a.number.is_some(), "{text}");
    }
}
