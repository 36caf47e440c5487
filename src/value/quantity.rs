//! Numbers as written with their scale and unit (`500万`, `80%`, `54.26亿元`, `10家`): reading
//! what follows a number, and the value a quantity stands for. Pure; no float anywhere.
//!
//! A tail is read as an optional scale, then an optional unit, then a description that is
//! ignored (`8家企业`, `95%（含）`, `100%的受益群众`):
//! - scales (DOMAIN.md, "Targets as people write them"): 千 ×10³, 万 ×10⁴, 百万 ×10⁶,
//!   千万 ×10⁷, 亿 ×10⁸; `%`, 百分比 and (个)百分点 are hundredths, `‰` thousandths;
//! - a unit is what is left after the scale: `万元` is 万 × 元, `万人` is 万 × 人, `千米` is
//!   千 × 米, so money written in 元, 万元 or 亿元 compares once both sides are in 元. Units
//!   otherwise compare as written: 家 and 个, 人 and 人次 are different units.

use std::fmt;

use rust_decimal::Decimal;

use super::read::is_unit_like;

/// A multiplier written after a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    One,
    Thousand,
    TenThousand,
    Million,
    TenMillion,
    HundredMillion,
    /// `%`, 百分比, 百分点: hundredths.
    Percent,
    /// `‰`: thousandths.
    PerMille,
}

impl Scale {
    /// What one written unit of this scale is worth: 万 → 10000, `%` → 0.01.
    #[must_use]
    pub fn factor(self) -> Decimal {
        match self {
            Scale::One => Decimal::ONE,
            Scale::Thousand => Decimal::from(1_000),
            Scale::TenThousand => Decimal::from(10_000),
            Scale::Million => Decimal::from(1_000_000),
            Scale::TenMillion => Decimal::from(10_000_000),
            Scale::HundredMillion => Decimal::from(100_000_000),
            Scale::Percent => Decimal::new(1, 2),
            Scale::PerMille => Decimal::new(1, 3),
        }
    }

    /// The scale as people write it (`万`, `%`); empty for [`Scale::One`].
    #[must_use]
    pub fn symbol(self) -> &'static str {
        match self {
            Scale::One => "",
            Scale::Thousand => "千",
            Scale::TenThousand => "万",
            Scale::Million => "百万",
            Scale::TenMillion => "千万",
            Scale::HundredMillion => "亿",
            Scale::Percent => "%",
            Scale::PerMille => "‰",
        }
    }

    /// Hundredths or thousandths: a share of a whole, not a count of anything.
    #[must_use]
    pub fn is_fraction(self) -> bool {
        matches!(self, Scale::Percent | Scale::PerMille)
    }
}

/// Scale words, longest first so that 百万 is not read as an unknown 百 and 千万 not as 千.
const SCALES: [(&str, Scale); 11] = [
    ("个百分点", Scale::Percent),
    ("百分点", Scale::Percent),
    ("百分比", Scale::Percent),
    ("百万", Scale::Million),
    ("千万", Scale::TenMillion),
    ("%", Scale::Percent),
    ("‰", Scale::PerMille),
    ("万", Scale::TenThousand),
    ("亿", Scale::HundredMillion),
    ("千", Scale::Thousand),
    ("％", Scale::Percent),
];

/// Units that real forms write, longest first, so that a description may follow them
/// (`8家企业` is 8 家). Units not listed are still read when the whole tail is unit-like.
const UNITS: &[&str] = &[
    "平方公里",
    "平方千米",
    "平方米",
    "立方米",
    "人次",
    "户次",
    "个月",
    "小时",
    "公里",
    "公顷",
    "厘米",
    "毫米",
    "公斤",
    "批次",
    "元",
    "家",
    "个",
    "次",
    "件",
    "人",
    "天",
    "日",
    "米",
    "亩",
    "篇",
    "场",
    "期",
    "户",
    "项",
    "台",
    "套",
    "辆",
    "吨",
    "所",
    "名",
    "册",
    "本",
    "份",
    "张",
    "间",
    "处",
    "座",
    "条",
    "批",
    "类",
    "种",
    "株",
    "棵",
    "头",
    "只",
    "年",
    "月",
    "周",
    "例",
    "床",
    "部",
    "首",
    "支",
    "宗",
    "笔",
    "倍",
];

/// Where a description starts: brackets, punctuation and spaces end a unit.
fn starts_description(c: char) -> bool {
    "（(【[，,；;。、：: \t".contains(c)
}

/// A number as written with its scale and unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The digits as written, their decimal places kept (`1.20` stays `1.20`).
    pub written: Decimal,
    pub scale: Scale,
    /// What is counted, after the scale (`元`, `个`, `人次`, `元/户`); None when nothing is named.
    pub unit: Option<String>,
    /// The scale and unit came from the indicator's `unit` field, not from this text.
    pub from_context: bool,
}

impl Quantity {
    /// The value in base units (`500万` → 5000000, `80%` → 0.8); None on overflow.
    #[must_use]
    pub fn value(&self) -> Option<Decimal> {
        self.written.checked_mul(self.scale.factor())
    }

    /// One step in the last decimal place written, in base units (`10` → 1, `5%` → 0.01,
    /// `1.5万` → 1000).
    #[must_use]
    pub fn step(&self) -> Decimal {
        Decimal::new(1, self.written.scale()) * self.scale.factor()
    }

    /// Nothing but the number: no scale, no unit.
    #[must_use]
    pub fn is_plain(&self) -> bool {
        self.scale == Scale::One && self.unit.is_none()
    }

    /// Takes the indicator's unit (read as a tail: `亿`, `万元`, `%`, `家`) where this text
    /// names none: its scale too when the text has no scale either.
    #[must_use]
    pub fn with_context(mut self, context: Option<&Quantity>) -> Quantity {
        let Some(ctx) = context else { return self };
        if self.unit.is_some() {
            return self;
        }
        if self.scale == Scale::One && (ctx.scale != Scale::One || ctx.unit.is_some()) {
            self.scale = ctx.scale;
            self.from_context = true;
        }
        if ctx.unit.is_some() && !self.scale.is_fraction() {
            self.unit.clone_from(&ctx.unit);
            self.from_context = true;
        }
        self
    }
}

impl fmt::Display for Quantity {
    /// `5000000 元（500 × 万元）`, `0.8（80%）`, `8 家`, `600000000（6 × 亿，指标单位）`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self
            .value()
            .map_or_else(|| "（数值过大）".to_string(), |v| v.normalize().to_string());
        let unit = self
            .unit
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        let source = if self.from_context {
            "，指标单位"
        } else {
            ""
        };
        let written = self.written.normalize();
        match self.scale {
            Scale::One if self.from_context => write!(f, "{value}{unit}（指标单位）"),
            Scale::One => write!(f, "{value}{unit}"),
            s if s.is_fraction() => write!(f, "{value}（{written}{}{source}）", s.symbol()),
            s => write!(
                f,
                "{value}{unit}（{written} × {}{}{source}）",
                s.symbol(),
                self.unit.as_deref().unwrap_or("")
            ),
        }
    }
}

/// Reads the scale and unit after a number.
///
/// # Errors
/// The part of the tail that is neither a scale, a unit nor a description (it is quoted in
/// the reason a row cannot be scored).
pub fn read_quantity(written: Decimal, tail: &str) -> Result<Quantity, String> {
    let tail = tail.trim_start();
    let (scale, rest) = SCALES
        .iter()
        .find_map(|(word, s)| tail.strip_prefix(word).map(|rest| (*s, rest)))
        .unwrap_or((Scale::One, tail));
    let rest = rest.trim_start();
    let head_end = rest.find(starts_description).unwrap_or(rest.len());
    let head = &rest[..head_end];
    let unit = if head.is_empty() || head.starts_with('的') {
        None
    } else if let Some(known) = UNITS.iter().find(|u| head.starts_with(**u)) {
        Some(per_unit(known, &head[known.len()..]))
    } else if is_unit_like(head) {
        Some(head.to_string())
    } else {
        return Err(head.to_string());
    };
    Ok(Quantity {
        written,
        scale,
        unit,
        from_context: false,
    })
}

/// `元/户`, `人次/年`: a rate keeps what it is per; anything else after a known unit describes it.
fn per_unit(known: &str, after: &str) -> String {
    match after.strip_prefix('/') {
        Some(per) if !per.is_empty() && is_unit_like(per) => format!("{known}/{per}"),
        _ => known.to_string(),
    }
}

/// Reads an indicator's `unit` field (`亿`, `万元`, `%`, `家`) as the tail of the number 1.
#[must_use]
pub fn context_quantity(unit: Option<&str>) -> Option<Quantity> {
    let unit = unit?.trim();
    if unit.is_empty() {
        return None;
    }
    read_quantity(Decimal::ONE, unit).ok()
}
