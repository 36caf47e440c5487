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

mod date;
use date::{scan_date, DateScan};

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

#[cfg(test)]
mod tests;
