//! Reading a target's text: comparator symbols and words, the number and what follows it.
//! The rules are listed in the module above (`value`).

use rust_decimal::Decimal;

use super::date::{scan_date, DateFound, DateScan};
use super::{Comparator, ValueError, MAX_SIGNIFICANT_DIGITS, MAX_UNIT_CHARS, MAX_VALUE_CHARS};

/// How much of an over-long input an error quotes, so one bad value cannot flood a log.
pub(super) const PREVIEW_CHARS: usize = 40;

/// What a target text says, before a caller-given comparator is checked against it.
pub(super) enum Reading {
    /// `explicit` when a symbol, word or suffix states the comparator (else it is `ge`).
    Bound {
        comparator: Comparator,
        explicit: bool,
        value: Decimal,
        unit: Option<String>,
        unit_like: bool,
    },
    Deadline(DateFound),
    Prose,
}

/// Comparator symbols after folding (full-width `＞＝` and small `﹥ ﹤ ﹦` fold to ASCII);
/// longer spellings first so `>=` is not `>`.
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

/// 民法典 第1259条: 以上/以下/以内 include the number, 超过/不满 do not. Longer words first
/// (`大于等于` before `大于`).
const WORDS: [(&str, Comparator); 20] = [
    ("大于或等于", Comparator::Ge),
    ("大于等于", Comparator::Ge),
    ("小于或等于", Comparator::Le),
    ("小于等于", Comparator::Le),
    ("不低于", Comparator::Ge),
    ("不少于", Comparator::Ge),
    ("不小于", Comparator::Ge),
    ("不高于", Comparator::Le),
    ("不超过", Comparator::Le),
    ("不多于", Comparator::Le),
    ("不大于", Comparator::Le),
    ("控制在", Comparator::Le),
    ("大于", Comparator::Gt),
    ("高于", Comparator::Gt),
    ("超过", Comparator::Gt),
    ("多于", Comparator::Gt),
    ("小于", Comparator::Lt),
    ("低于", Comparator::Lt),
    ("少于", Comparator::Lt),
    ("等于", Comparator::Eq),
];

const SUFFIXES: [(&str, Comparator); 6] = [
    ("及以上", Comparator::Ge),
    ("以上", Comparator::Ge),
    ("及以下", Comparator::Le),
    ("以下", Comparator::Le),
    ("及以内", Comparator::Le),
    ("以内", Comparator::Le),
];

/// Trims and bounds a target; returns the trimmed input (for errors) and its folded form.
pub(super) fn prepare(text: &str) -> Result<(&str, String), ValueError> {
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

pub(super) fn preview(text: &str) -> String {
    let mut quoted: String = text.chars().take(PREVIEW_CHARS).collect();
    if text.chars().nth(PREVIEW_CHARS).is_some() {
        quoted.push('…');
    }
    quoted
}

/// Folds the full-width and small forms an IME produces in numbers and bounds (`＞＝`, `﹦`,
/// `１００％`); other text stays as written.
pub(super) fn normalise(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' | '．' | '％' | '＜' | '＞' | '＝' | '＋' | '－' => {
                char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
            }
            '﹤' => '<',
            '﹥' => '>',
            '﹦' => '=',
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

pub(super) fn read_target(s: &str, input: &str) -> Result<Reading, ValueError> {
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
    match scan_date(s, true) {
        DateScan::Date(found) => return Ok(Reading::Deadline(found)),
        DateScan::Invalid => {
            return Err(ValueError::InvalidDate {
                input: input.to_string(),
            })
        }
        DateScan::NotDate => {}
    }
    read_number(s, input)
}

/// A number with no comparator before it (the last rule, and how `12月底前` read before it
/// was a date).
pub(super) fn read_number(s: &str, input: &str) -> Result<Reading, ValueError> {
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
    if is_exponent(tail) {
        return Err(ValueError::ExponentNotation {
            input: input.to_string(),
        });
    }
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
        comparator: comparator.unwrap_or(Comparator::Ge),
        explicit: comparator.is_some(),
        value,
        unit: (!unit.is_empty()).then(|| unit.to_string()),
        unit_like,
    })
}

/// `1e3`, `2.5E-2`, `1e+6`: exponent notation right after the digits.
pub(super) fn is_exponent(tail: &str) -> bool {
    let Some(rest) = tail.strip_prefix(['e', 'E']) else {
        return false;
    };
    let rest = rest.strip_prefix(['+', '-']).unwrap_or(rest);
    rest.starts_with(|c: char| c.is_ascii_digit())
}

pub(super) fn split_suffix(tail: &str) -> (Option<Comparator>, &str) {
    SUFFIXES
        .iter()
        .find_map(|(word, c)| {
            tail.strip_suffix(word)
                .map(|rest| (Some(*c), rest.trim_end()))
        })
        .unwrap_or((None, tail))
}

/// A unit is a short word (`个`, `万元`, `%`, `人次/年`); brackets, punctuation or digits mean prose.
pub(super) fn is_unit_like(unit: &str) -> bool {
    unit.chars().nth(MAX_UNIT_CHARS).is_none()
        && unit
            .chars()
            .all(|c| c.is_alphabetic() || "%‰/²³°℃".contains(c))
}

/// Splits a leading number (optional sign, digits, `,` or `.` only between digits) from its tail.
pub(super) fn split_numeric(s: &str) -> Option<(&str, &str)> {
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

pub(super) enum NumberFault {
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

/// Builds the Decimal from the digits themselves: exact, never rounded, never a float. The
/// decimal places written are kept as the Decimal's scale (`1.20` has two).
pub(super) fn to_decimal(run: &str) -> Result<Decimal, NumberFault> {
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
