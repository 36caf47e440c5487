//! Indicator targets and actual values as people write them (`≥8`, `≤10%`, `≥500万`, `2023年底`,
//! `进一步提高`): reading them, and judging an actual against its target ([`judge`]). Pure.
//!
//! Nothing here reads the clock, files or the environment, and no number passes through a
//! float: digits become a `Decimal` exactly or the target is rejected. The grammar is
//! DOMAIN.md, "Targets as people write them".
//!
//! A target is read by the first rule that applies:
//! 1. a comparator symbol (`≥ > ≤ < =`, ASCII, full-width `＞＝`, small `﹥ ﹤ ﹦`) must be
//!    followed by a number;
//! 2. a comparator word (`不低于`, `超过`, `控制在`, `等于`, …) followed by a number is a bound,
//!    else prose;
//! 3. a date (`2023年底`, `2023-12-31前`, `完成时间为2022年12月30日`, `12月底之前完成`, `2022.12`)
//!    is a deadline, and a date-shaped text that is not on the calendar (`2023年2月30日`) is an
//!    error;
//! 4. a number with a short unit (`100%`, `50个`) is a *bare* target (`ge`, [`Target::bare`]),
//!    unless a suffix states the comparator (`95%以上` is `ge`, `10天以内` is `le`);
//!    exponent notation (`1e3`) is an error: people do not write it, and it is not read as 1;
//! 5. anything else (`进一步提高`, `95%以上的群众满意`) is qualitative.

use std::fmt;

use rust_decimal::Decimal;

mod compare;
mod date;
mod judge;
mod quantity;
mod read;

pub use compare::check_comparable;
pub use date::WrittenDate;
pub use judge::{judge, BareTarget, Judgement, ReadContext, Verdict};
pub use quantity::{context_quantity, read_quantity, Quantity, Scale};

use date::{scan_date, DateScan};
use read::{normalise, prepare, read_number, read_target, split_numeric, to_decimal, Reading};

/// Longest target or actual read, in chars after trimming.
pub const MAX_VALUE_CHARS: usize = 200;
/// Longest tail still read as a unit (`个百分点`, `万平方米`, `人次/年`); longer tails are prose.
pub const MAX_UNIT_CHARS: usize = 4;
/// `Decimal` holds 28 significant digits and 28 decimal places exactly; beyond that it rounds.
pub const MAX_SIGNIFICANT_DIGITS: usize = 28;

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

    /// The symbol a reading is shown with (`≥`, `<`); empty for deadlines and prose.
    #[must_use]
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Ge => "≥",
            Comparator::Gt => ">",
            Comparator::Le => "≤",
            Comparator::Lt => "<",
            Comparator::Eq => "=",
            Comparator::Deadline | Comparator::Qualitative => "",
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
    /// No comparator is written in the text (`95%`, `8家`, `100`): `comparator` is `ge` (or
    /// the one the caller gave), and what such a target means is the caller's to decide
    /// ([`ReadContext::bare`]: a floor by default, exact under policies that say so).
    pub bare: bool,
    /// The number as written (`500` in `≥500万`); [`Target::quantity`] applies the scale.
    pub value: Option<Decimal>,
    /// What follows the number, as written, less a comparator suffix (`万`, `%`, `个`, `%（含）`).
    pub unit: Option<String>,
    pub deadline: Option<WrittenDate>,
}

impl Target {
    fn qualitative() -> Target {
        Target {
            comparator: Comparator::Qualitative,
            bare: false,
            value: None,
            unit: None,
            deadline: None,
        }
    }

    fn bound(comparator: Comparator, value: Decimal, unit: Option<String>, bare: bool) -> Target {
        Target {
            comparator,
            bare,
            value: Some(value),
            unit,
            deadline: None,
        }
    }

    fn deadline(date: WrittenDate) -> Target {
        Target {
            comparator: Comparator::Deadline,
            bare: false,
            value: None,
            unit: None,
            deadline: Some(date),
        }
    }

    /// The number with its scale and unit read (`≥500万` → 500 × 万); None for deadlines and
    /// prose.
    ///
    /// # Errors
    /// Inside the Some: the part after the number that is neither a scale, a unit nor a
    /// description.
    #[must_use]
    pub fn quantity(&self) -> Option<Result<Quantity, String>> {
        let value = self.value?;
        Some(read_quantity(value, self.unit.as_deref().unwrap_or("")))
    }
}

/// A parsed actual. At most one of `number`, `date` and `bound`; `text` is the input, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actual {
    /// The leading number as written, before its scale (`1.2` in `1.2千`); None for exponent
    /// notation and text that does not start with a number.
    pub number: Option<Decimal>,
    /// The scale and unit after the number (`千`, `%`, `万元`, `家`); evidence after it
    /// (`（954个…）`, `，超额完成`) is not part of it.
    pub unit: Option<String>,
    pub date: Option<WrittenDate>,
    /// Written as a target (`≥266米`, `95%以上`, `2023年底前`): a bound, not a figure.
    pub bound: Option<Target>,
    /// Written in exponent notation (`1e3`): not read as any number.
    pub exponent: bool,
    pub text: String,
}

impl Actual {
    /// The number with its scale and unit; None when there is no number.
    #[must_use]
    pub fn quantity(&self) -> Option<Quantity> {
        let number = self.number?;
        read_quantity(number, self.unit.as_deref().unwrap_or("")).ok()
    }
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
    #[error("target {input:?}: exponent notation (`1e3`) is not how targets are written; write the digits (`1000`) or a scale (`1千`, `10万`)")]
    ExponentNotation { input: String },
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
/// Empty or over-long text, a comparator symbol without a number, a signed, malformed,
/// over-precise or exponent-notation number, a date not on the calendar, or a symbol and a
/// suffix that disagree.
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
            explicit,
            value,
            unit,
            ..
        } => Target::bound(comparator, value, unit, !explicit),
        Reading::Deadline(found) => Target::deadline(found.date),
    })
}

/// With an explicit comparator (from the event's `comparator` field): checks it is consistent
/// with the text (e.g. "ge" with "≥8" or "8"; "qualitative" with any text; "deadline" needs a
/// parsable date) and returns the Target. A bound comparator given with a text that reads as
/// a date only since dates without a year were read (`12月底前`, `2022.12`) keeps the number
/// it was read as before.
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
    let mut reading = read_target(&normal, input)?;
    if comparator == Comparator::Deadline {
        return match reading {
            Reading::Deadline(found) => Ok(Target::deadline(found.date)),
            _ => Err(ValueError::NotADate {
                input: input.to_string(),
            }),
        };
    }
    if matches!(&reading, Reading::Deadline(found) if found.numeric) {
        reading = read_number(&normal, input)?;
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
            return Ok(Target::bound(comparator, value, unit, !explicit));
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

/// A new target for an indicator whose definition states `stated` (None: its target was bare,
/// `95%`). The comparator is kept; a bare definition may be re-targeted as a floor or as an
/// exact value (`≥90%`, `=90%`, `90%`).
///
/// # Errors
/// As [`parse_target_with`]; for a bare definition, the error of reading the text as `ge`.
pub fn parse_retarget(text: &str, stated: Option<Comparator>) -> Result<Target, ValueError> {
    match stated {
        Some(c) => parse_target_with(text, c),
        None => parse_target_with(text, Comparator::Eq)
            .or_else(|_| parse_target_with(text, Comparator::Ge)),
    }
}

/// Reads an actual value; never fails: text that is neither a number, a date nor a bound
/// keeps only `text`. Evidence after the number (`1.35（954个…）`, `100%（全部完成）`) is
/// ignored; `1e3` is not read (`exponent`); `2022.12` is a number here (a deadline's actual
/// is read as a date by [`judge`]).
#[must_use]
pub fn parse_actual(text: &str) -> Actual {
    let input = text.trim();
    let mut actual = Actual {
        number: None,
        unit: None,
        date: None,
        bound: None,
        exponent: false,
        text: input.to_string(),
    };
    // Same bound as targets: an over-long actual is an explanation, not a figure.
    if input.is_empty() || input.chars().nth(MAX_VALUE_CHARS).is_some() {
        return actual;
    }
    let normal = normalise(input);
    actual.bound = actual_bound(&normal, input);
    if actual.bound.is_some() {
        return actual;
    }
    match scan_date(&normal, false) {
        DateScan::Date(found) => actual.date = Some(found.date),
        // `2023年2月30日` is a broken date, not the number 2023.
        DateScan::Invalid => {}
        DateScan::NotDate => read_actual_number(&normal, &mut actual),
    }
    actual
}

/// An actual written as its target would be: a comparator, a suffix, or a date with 前.
fn actual_bound(normal: &str, input: &str) -> Option<Target> {
    match read_target(normal, input).ok()? {
        Reading::Bound {
            comparator,
            explicit: true,
            value,
            unit,
            ..
        } => Some(Target::bound(comparator, value, unit, false)),
        Reading::Deadline(found) if found.before => Some(Target::deadline(found.date)),
        _ => None,
    }
}

fn read_actual_number(normal: &str, actual: &mut Actual) {
    let Some((run, tail)) = split_numeric(normal) else {
        return;
    };
    if read::is_exponent(tail) {
        actual.exponent = true;
        return;
    }
    actual.number = to_decimal(run).ok();
    let Some(number) = actual.number else { return };
    // A tail that is not a unit is evidence: the number stands alone.
    if let Ok(q) = read_quantity(number, tail) {
        let unit = format!("{}{}", q.scale.symbol(), q.unit.as_deref().unwrap_or(""));
        actual.unit = (!unit.is_empty()).then_some(unit);
    }
}

#[cfg(test)]
mod judge_tests;
#[cfg(test)]
mod tests;
