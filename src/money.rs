//! Money in 元 as an exact `Decimal`: parsing the forms people write (`341万`, `3,410,000.00`),
//! the canonical stored form (`"3410000.00"`) and the 万元 form the official tables print.

use std::fmt;
use std::ops::{Add, Sub};
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// 四舍五入: half away from zero. Named once so no code falls back to banker's rounding.
pub const ROUND_HALF_UP: RoundingStrategy = RoundingStrategy::MidpointAwayFromZero;

/// No single project's amount can sanely exceed 1万亿元; larger inputs are typos.
pub const MAX_AMOUNT_YUAN: i64 = 1_000_000_000_000;

/// Inputs longer than this cannot be an amount; refusing early keeps error messages short.
const MAX_AMOUNT_INPUT_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("amount is empty")]
    Empty,
    #[error(
        "amount {0:?} is not a number of 元 (expected e.g. 3410000, 3,410,000.00, 341万, 1.08万元)"
    )]
    Garbage(String),
    #[error("amount {0:?} is negative; amounts are recorded as positive figures")]
    Negative(String),
    #[error("amount {0:?} has more than two decimals in 元 (分 is the smallest unit)")]
    TooPrecise(String),
    #[error("amount {0:?} is longer than {MAX_AMOUNT_INPUT_CHARS} characters; no amount is written that long")]
    TooLong(String),
    #[error("amount {0:?} exceeds the limit of 1万亿元")]
    TooLarge(String),
    #[error("amount {0:?} must be greater than zero")]
    Zero(String),
}

/// An amount of money in 元, at most two decimals, never negative.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Yuan(Decimal);

impl Yuan {
    pub const ZERO: Yuan = Yuan(Decimal::ZERO);

    /// Parses every written form; zero is allowed here (callers that need > 0 use `parse_positive`).
    pub fn parse(input: &str) -> Result<Yuan, AmountError> {
        match Yuan::parse_stored(input) {
            Some(yuan) => Ok(yuan),
            None => Yuan::parse_written(input),
        }
    }

    /// Every written form, the long way (`parse`).
    fn parse_written(input: &str) -> Result<Yuan, AmountError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(AmountError::Empty);
        }
        if text.chars().count() > MAX_AMOUNT_INPUT_CHARS {
            return Err(AmountError::TooLong(input.to_string()));
        }
        if text.starts_with('-') || text.starts_with('－') {
            return Err(AmountError::Negative(input.to_string()));
        }
        let (digits, scale) = split_unit(text);
        let number = parse_plain(digits).ok_or_else(|| AmountError::Garbage(input.to_string()))?;
        let yuan = number
            .checked_mul(scale)
            .ok_or_else(|| AmountError::TooLarge(input.to_string()))?
            .normalize();
        if yuan.scale() > 2 {
            return Err(AmountError::TooPrecise(input.to_string()));
        }
        if yuan > Decimal::from(MAX_AMOUNT_YUAN) {
            return Err(AmountError::TooLarge(input.to_string()));
        }
        Ok(Yuan(yuan))
    }

    /// The stored form only (`canonical`: digits without a leading zero, a point, two
    /// digits), within `MAX_AMOUNT_YUAN`: read as an integer of 分 without building a string.
    /// Every stored amount takes this path when events are read; None leaves the input to
    /// `parse`'s general reading, which gives the same value for these inputs.
    fn parse_stored(input: &str) -> Option<Yuan> {
        let (int, frac) = input.split_once('.')?;
        let digits_only = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        let plain = digits_only(int) && (int == "0" || !int.starts_with('0'));
        if !plain || int.len() > 13 || frac.len() != 2 || !digits_only(frac) {
            return None;
        }
        // At most 15 digits: no overflow.
        let fen = (int.bytes().chain(frac.bytes())).fold(0i64, |n, b| n * 10 + i64::from(b - b'0'));
        (fen <= MAX_AMOUNT_YUAN * 100).then(|| Yuan(Decimal::new(fen, 2).normalize()))
    }

    pub fn parse_positive(input: &str) -> Result<Yuan, AmountError> {
        let yuan = Yuan::parse(input)?;
        if yuan.is_zero() {
            return Err(AmountError::Zero(input.to_string()));
        }
        Ok(yuan)
    }

    pub fn from_decimal(value: Decimal) -> Option<Yuan> {
        let v = value.normalize();
        (v.scale() <= 2 && v >= Decimal::ZERO).then_some(Yuan(v))
    }

    pub fn decimal(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// The stored form: a decimal string in 元 with exactly two decimals.
    pub fn canonical(self) -> String {
        let mut d = self.0;
        d.rescale(2);
        d.to_string()
    }

    /// The 万元 figure as the official forms print it: up to 4 decimals (四舍五入), trailing
    /// zeros trimmed. A non-zero amount is never printed as 0: below 0.5元 the exact 万元
    /// figure is given (0.01元 → `0.000001`).
    pub fn wan(self) -> String {
        let exact = self.0 / Decimal::from(10_000);
        let wan = exact.round_dp_with_strategy(WAN_DECIMALS, ROUND_HALF_UP);
        match wan.is_zero() && !self.0.is_zero() {
            true => exact.normalize().to_string(),
            false => wan.normalize().to_string(),
        }
    }

    /// Exact 元 with two decimals and thousands separators: `500,000.01`.
    pub fn yuan_grouped(self) -> String {
        let canonical = self.canonical();
        let (int_part, frac) = canonical.split_once('.').unwrap_or((&canonical, "00"));
        let digits = int_part.as_bytes();
        let mut out = String::with_capacity(canonical.len() + digits.len() / 3);
        for (i, d) in digits.iter().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(char::from(*d));
        }
        format!("{out}.{frac}")
    }

    /// One amount on its own, as every message and table prints it: in 万元 (`wan`), except a
    /// non-zero amount that 万元 would round to 0, which is given in 元 (`0.01元`).
    pub fn show_wan(self) -> Shown {
        let rounds_to_zero = !self.0.is_zero()
            && (self.0 / Decimal::from(10_000))
                .round_dp_with_strategy(WAN_DECIMALS, ROUND_HALF_UP)
                .is_zero();
        match rounds_to_zero {
            true => self.show_yuan(),
            false => Shown {
                figure: self.wan(),
                unit: "万元",
            },
        }
    }

    /// In exact 元: `500,000.01元`.
    pub fn show_yuan(self) -> Shown {
        Shown {
            figure: self.yuan_grouped(),
            unit: "元",
        }
    }

    /// The difference, or zero when `other` is larger (for a signed one, see `Balance`).
    pub fn saturating_sub(self, other: Yuan) -> Yuan {
        Yuan((self.0 - other.0).max(Decimal::ZERO))
    }

    pub fn checked_sub(self, other: Yuan) -> Option<Yuan> {
        (self.0 >= other.0).then(|| Yuan(self.0 - other.0))
    }
}

/// A difference of two amounts in 元, which may be negative: 结余 = 到位 − 支出 as of a date
/// before the funds arrived. Amounts themselves (`Yuan`) are never negative; only such
/// differences are. Serialized as a decimal string with two decimals (`"-356000.00"`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Balance(Decimal);

/// The minus sign a negative figure is printed with (U+2212, as the forms print it).
pub const MINUS: char = '\u{2212}';

impl Balance {
    /// `plus − minus`.
    pub fn of(plus: Yuan, minus: Yuan) -> Balance {
        Balance(plus.0 - minus.0)
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// The amount without its sign.
    pub fn magnitude(self) -> Yuan {
        Yuan(self.0.abs())
    }

    pub fn decimal(self) -> Decimal {
        self.0
    }

    /// Two decimals, `-` for a negative figure: `-356000.00`.
    pub fn canonical(self) -> String {
        let mut d = self.0;
        d.rescale(2);
        d.to_string()
    }

    /// The sign put back on the magnitude as shown (by `show_wan`, `show_all`): `−35.6万元`.
    pub fn signed(self, magnitude: Shown) -> Shown {
        match self.is_negative() {
            true => Shown {
                figure: format!("{MINUS}{}", magnitude.figure),
                unit: magnitude.unit,
            },
            false => magnitude,
        }
    }

    /// On its own, in 万元 unless that would hide it (as `Yuan::show_wan`), signed.
    pub fn show_wan(self) -> Shown {
        self.signed(self.magnitude().show_wan())
    }
}

impl Serialize for Balance {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.canonical())
    }
}

impl schemars::JsonSchema for Balance {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SignedAmount".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A difference of amounts in 元, two decimals, negative with a leading -: -356000.00",
            "pattern": "^-?[0-9]+\\.[0-9]{2}$"
        })
    }
}

/// 万元 figures keep this many decimals (1元), as DESIGN.md "Money" fixes.
const WAN_DECIMALS: u32 = 4;

/// An amount as printed: its figure and its unit (`万元`, or `元` when 万元 would hide the
/// amount or a difference). `Display` writes them together: `101.35万元`, `0.01元`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub figure: String,
    pub unit: &'static str,
}

impl Shown {
    /// With a space between figure and unit, as the report's prose writes `101.35 万元`.
    pub fn spaced(&self) -> String {
        format!("{} {}", self.figure, self.unit)
    }

    /// For a column headed 万元: the bare figure in 万元, or the figure with its unit in 元.
    pub fn cell(&self) -> String {
        match self.unit {
            "万元" => self.figure.clone(),
            _ => self.to_string(),
        }
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.figure, self.unit)
    }
}

/// Amounts shown side by side (a claim and the computation, spending and funds, a row of the
/// money block): each in 万元 (`Yuan::show_wan`), unless two that differ would print alike in
/// 万元 — then all of them in exact 元 with two decimals, so the difference is visible
/// (`500,000.00元` beside `500,000.01元`).
pub fn show_all(amounts: &[Yuan]) -> Vec<Shown> {
    let wan: Vec<String> = amounts.iter().map(|a| a.wan()).collect();
    let hidden = amounts.iter().enumerate().any(|(i, a)| {
        amounts[i + 1..]
            .iter()
            .zip(&wan[i + 1..])
            .any(|(b, wb)| a != b && wan[i] == *wb)
    });
    amounts
        .iter()
        .map(|a| match hidden {
            true => a.show_yuan(),
            false => a.show_wan(),
        })
        .collect()
}

/// Two amounts compared in one message, by the rule of `show_all`.
pub fn show_pair(a: Yuan, b: Yuan) -> (Shown, Shown) {
    let mut both = show_all(&[a, b]).into_iter();
    let first = both
        .next()
        .expect("invariant: two amounts give two figures");
    let second = both
        .next()
        .expect("invariant: two amounts give two figures");
    (first, second)
}

/// Splits a trailing 元 / 万 / 亿 (and 万元 / 亿元) off and returns the multiplier into 元.
fn split_unit(text: &str) -> (&str, Decimal) {
    let text = text.strip_suffix('元').unwrap_or(text).trim_end();
    if let Some(rest) = text.strip_suffix('万') {
        return (rest.trim_end(), Decimal::from(10_000));
    }
    if let Some(rest) = text.strip_suffix('亿') {
        return (rest.trim_end(), Decimal::from(100_000_000));
    }
    (text, Decimal::ONE)
}

/// A plain unsigned decimal; commas are accepted only as proper thousands separators.
fn parse_plain(text: &str) -> Option<Decimal> {
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    let int_digits = strip_thousands(int_part)?;
    if int_digits.is_empty() || !int_digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // `0100` is not how a figure is written; like `0,100` it is a misread or a typo.
    if int_digits.len() > 1 && int_digits.starts_with('0') {
        return None;
    }
    if let Some(f) = frac_part {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    if int_digits.len() + frac_part.map_or(0, str::len) > 24 {
        return None;
    }
    let joined = match frac_part {
        Some(f) => format!("{int_digits}.{f}"),
        None => int_digits,
    };
    Decimal::from_str(&joined).ok()
}

/// `3,410,000` → `3410000`. Grouped digits are a figure written for people, so they must be
/// grouped as people write them: a first group of one to three digits that does not start
/// with 0 (`0,100` and `00,100` are not 100), then groups of exactly three.
fn strip_thousands(int_part: &str) -> Option<String> {
    if !int_part.contains(',') {
        return Some(int_part.to_string());
    }
    let groups: Vec<&str> = int_part.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len()) && !groups[0].starts_with('0');
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    (first_ok && rest_ok).then(|| groups.concat())
}

impl fmt::Display for Yuan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

impl Add for Yuan {
    type Output = Yuan;
    fn add(self, rhs: Yuan) -> Yuan {
        Yuan(self.0 + rhs.0)
    }
}

impl Sub for Yuan {
    type Output = Decimal;
    fn sub(self, rhs: Yuan) -> Decimal {
        self.0 - rhs.0
    }
}

impl std::iter::Sum for Yuan {
    fn sum<I: Iterator<Item = Yuan>>(iter: I) -> Yuan {
        iter.fold(Yuan::ZERO, |a, b| a + b)
    }
}

impl Serialize for Yuan {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.canonical())
    }
}

impl<'de> Deserialize<'de> for Yuan {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Yuan, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Yuan::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Yuan {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "Amount in 元 as a string: 3410000, 3,410,000.00, 341万, 341万元, 54.26亿, 1.08万元, 131726元; stored as 元 with two decimals",
            "pattern": "^[0-9][0-9,]*(\\.[0-9]+)?\\s*(万|亿)?元?$",
            "maxLength": MAX_AMOUNT_INPUT_CHARS
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(s: &str) -> String {
        Yuan::parse(s).unwrap().canonical()
    }

    #[test]
    fn the_stored_form_reads_as_the_general_reading_does() {
        // (input, taken by the stored-form path)
        let cases = [
            ("0.00", true),
            ("0.05", true),
            ("100.00", true),
            ("1013500.00", true),
            ("1000000000000.00", true),
            ("1000000000000.01", false),
            ("9999999999999.99", false),
            ("01.00", false),
            ("1.0", false),
            ("1.000", false),
            (".50", false),
            ("1,000.00", false),
            ("100.00万", false),
            (" 100.00", false),
            ("１00.00", false),
        ];
        for (input, stored) in cases {
            let fast = Yuan::parse_stored(input);
            assert_eq!(fast.is_some(), stored, "{input}");
            if let Some(fast) = fast {
                let general = Yuan::parse_written(input).unwrap();
                assert_eq!(
                    (fast, fast.decimal().scale()),
                    (general, general.decimal().scale()),
                    "{input}"
                );
            }
            assert_eq!(
                Yuan::parse(input).ok(),
                Yuan::parse_written(input).ok(),
                "{input}"
            );
        }
    }

    #[test]
    fn a_balance_keeps_its_sign_and_is_never_shown_as_zero() {
        let p = |s: &str| Yuan::parse(s).unwrap();
        // (arrived, spent, stored, shown)
        let cases = [
            ("0", "35.6万", "-356000.00", "\u{2212}35.6万元"),
            ("35.6万", "0", "356000.00", "35.6万元"),
            ("35.6万", "35.6万", "0.00", "0万元"),
            ("1", "1.01", "-0.01", "\u{2212}0.01元"),
        ];
        for (arrived, spent, stored, shown) in cases {
            let b = Balance::of(p(arrived), p(spent));
            assert_eq!(b.canonical(), stored);
            assert_eq!(b.show_wan().to_string(), shown);
            assert_eq!(serde_json::to_value(b).unwrap(), stored);
        }
    }

    #[test]
    fn written_forms() {
        assert_eq!(y("3410000"), "3410000.00");
        assert_eq!(y("3,410,000.00"), "3410000.00");
        assert_eq!(y("341万"), "3410000.00");
        assert_eq!(y("341万元"), "3410000.00");
        assert_eq!(y("54.26亿"), "5426000000.00");
        assert_eq!(y("1.08万元"), "10800.00");
        assert_eq!(y("131726元"), "131726.00");
        assert_eq!(y("13.1726万元"), "131726.00");
        assert_eq!(y("0.01"), "0.01");
        assert_eq!(y("0"), "0.00");
        assert_eq!(y("100,000"), "100000.00");
        assert_eq!(y("0.5万"), "5000.00");
    }

    #[test]
    fn rejections_quote_the_input() {
        for bad in [
            "",
            "abc",
            "-5",
            "1.001",
            "1.0000001万",
            "34,10",
            "1e5",
            "2万亿",
            "1,0000",
            ".",
            "0,100",
            "00,100",
            "1,00",
            ",100",
            "100,",
            "1,,000",
            "01,000",
            "0,100.00万",
            "0100",
            "00.5",
        ] {
            let err = Yuan::parse(bad).unwrap_err().to_string();
            if !bad.is_empty() {
                assert!(err.contains(&format!("{bad:?}")), "{err}");
            }
        }
        assert!(matches!(
            Yuan::parse("10001亿"),
            Err(AmountError::TooLarge(_))
        ));
        assert!(matches!(
            Yuan::parse_positive("0"),
            Err(AmountError::Zero(_))
        ));
    }

    #[test]
    fn wan_display_trims() {
        assert_eq!(Yuan::parse("1013500").unwrap().wan(), "101.35");
        assert_eq!(Yuan::parse("131726").unwrap().wan(), "13.1726");
        assert_eq!(Yuan::parse("300000").unwrap().wan(), "30");
        assert_eq!(Yuan::parse("12345.67").unwrap().wan(), "1.2346");
        assert_eq!(Yuan::parse("0.01").unwrap().wan(), "0.000001");
        assert_eq!(Yuan::parse("0.5").unwrap().wan(), "0.0001");
        assert_eq!(Yuan::ZERO.wan(), "0");
    }

    #[test]
    fn shown_never_hides_an_amount_or_a_difference() {
        let y = |s: &str| Yuan::parse(s).unwrap();
        let cases: &[(&[&str], &[&str])] = &[
            (&["50万", "500000.01"], &["500,000.00元", "500,000.01元"]),
            (&["50万", "50.01万"], &["50万元", "50.01万元"]),
            (&["50万", "50万"], &["50万元", "50万元"]),
            (&["0.01", "0"], &["0.01元", "0万元"]),
            (
                &["1013500", "1013499.99", "3410000"],
                &["1,013,500.00元", "1,013,499.99元", "3,410,000.00元"],
            ),
            (&["1234567.8"], &["123.4568万元"]),
        ];
        for (amounts, want) in cases {
            let amounts: Vec<Yuan> = amounts.iter().map(|a| y(a)).collect();
            let got: Vec<String> = show_all(&amounts).iter().map(Shown::to_string).collect();
            assert_eq!(&got, want);
        }
        let (a, b) = show_pair(y("50万"), y("500000.01"));
        assert_eq!(
            (a.cell(), b.spaced()),
            ("500,000.00元".into(), "500,000.01 元".into())
        );
        assert_eq!(y("101.35万").show_wan().cell(), "101.35");
    }
}
