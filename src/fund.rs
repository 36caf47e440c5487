//! 资金来源 (fund sources): the three rows of the official money block (当年财政拨款 / 上年结转 /
//! 其他资金), the names real forms give them, what an old event without `fund` meant, and the
//! per-fund budget rules (DESIGN.md "Fund sources"). Pure: no storage, no clock, no printing.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use crate::money::Yuan;

/// Longest fund name read; a longer text is not a fund's name but a sentence.
const MAX_FUND_CHARS: usize = 20;

/// A fund source, stored under its normalised name (`当年财政拨款`, `上年结转`, `其他资金`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Fund {
    /// 当年财政拨款 (also written 本年财政拨款, 财政拨款, 市级财政拨款 …).
    #[serde(rename = "当年财政拨款")]
    Current,
    /// 上年结转 (also written 上年结转资金, 结转资金, 年初结转).
    #[serde(rename = "上年结转")]
    CarryOver,
    /// 其他资金 (also written 其他).
    #[serde(rename = "其他资金")]
    Other,
}

/// Names accepted for each fund besides the normalised one, and besides any `…财政拨款`.
const ALIASES: &[(&str, Fund)] = &[
    ("本年财政拨款", Fund::Current),
    ("财政拨款", Fund::Current),
    ("当年财政拨款资金", Fund::Current),
    ("上年结转资金", Fund::CarryOver),
    ("结转资金", Fund::CarryOver),
    ("结转", Fund::CarryOver),
    ("年初结转", Fund::CarryOver),
    ("年初结转资金", Fund::CarryOver),
    ("其他", Fund::Other),
    ("其它", Fund::Other),
    ("其它资金", Fund::Other),
];

/// The `…财政拨款` names of the current year's appropriation (市级财政拨款, 中央财政拨款 …),
/// as long as they do not speak of a carry-over (上年结转财政拨款 is a carry-over).
fn is_appropriation_name(text: &str) -> bool {
    text.ends_with("财政拨款") && !text.contains("结转") && !text.contains("上年")
}

impl Fund {
    /// The rows of the money block, in the form's order.
    pub const ALL: [Fund; 3] = [Fund::Current, Fund::CarryOver, Fund::Other];

    /// The normalised name, as stored.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Fund::Current => "当年财政拨款",
            Fund::CarryOver => "上年结转",
            Fund::Other => "其他资金",
        }
    }

    /// The name prose uses: 当年财政拨款 / 上年结转资金 / 其他资金 (the form's row names).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Fund::Current => "当年财政拨款",
            Fund::CarryOver => "上年结转资金",
            Fund::Other => "其他资金",
        }
    }

    /// The row label of the official money block (其中：当年财政拨款 / 上年结转资金 / 其他资金).
    #[must_use]
    pub fn row_label(self) -> &'static str {
        match self {
            Fund::Current => "其中：当年财政拨款",
            other => other.label(),
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// A fund from its normalised name or an alias (`本年财政拨款`, `市级财政拨款`, `结转资金`,
    /// `其他`); None for anything else. Surrounding spaces are ignored.
    #[must_use]
    pub fn parse(text: &str) -> Option<Fund> {
        let text = text.trim();
        if text.chars().count() > MAX_FUND_CHARS {
            return None;
        }
        if let Some(f) = Fund::ALL.into_iter().find(|f| f.as_str() == text) {
            return Some(f);
        }
        if let Some((_, f)) = ALIASES.iter().find(|(name, _)| *name == text) {
            return Some(*f);
        }
        is_appropriation_name(text).then_some(Fund::Current)
    }

    /// What an event without `fund` meant, read from its free-text `source` (events recorded
    /// before `fund` existed keep their meaning): a fund's name or alias is that fund; any
    /// other source mentioning 结转 is 上年结转; everything else (年初预算, 追加, 省级转移支付,
    /// none) is 当年财政拨款.
    #[must_use]
    pub fn infer(source: Option<&str>) -> Fund {
        let Some(source) = source else {
            return Fund::Current;
        };
        match Fund::parse(source) {
            Some(f) => f,
            None if source.contains("结转") => Fund::CarryOver,
            None => Fund::Current,
        }
    }

    /// The fund an event counts under: its `fund` when given, else inferred from `source`.
    #[must_use]
    pub fn resolve(fund: Option<Fund>, source: Option<&str>) -> Fund {
        fund.unwrap_or_else(|| Fund::infer(source))
    }
}

impl fmt::Display for Fund {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown fund name; the message names the field, the value and every accepted name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("资金来源 fund 的值 {0:?} 不是可用的资金来源；可用：当年财政拨款（也写作 本年财政拨款、财政拨款、市级财政拨款等“…财政拨款”）、上年结转（也写作 上年结转资金、结转资金、结转、年初结转）、其他资金（也写作 其他）")]
pub struct FundError(pub String);

/// How much of an unknown name an error quotes, so one bad value cannot flood a message.
const PREVIEW_CHARS: usize = 40;

fn preview(text: &str) -> String {
    match text.char_indices().nth(PREVIEW_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

impl std::str::FromStr for Fund {
    type Err = FundError;
    fn from_str(text: &str) -> Result<Fund, FundError> {
        Fund::parse(text).ok_or_else(|| FundError(preview(text)))
    }
}

impl<'de> Deserialize<'de> for Fund {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Fund, D::Error> {
        let text = <Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Input (the event schemas) accepts the normalised names, the listed aliases and any
/// `…财政拨款`; output (the state and report schemas) only ever holds the normalised names.
impl schemars::JsonSchema for Fund {
    fn schema_name() -> Cow<'static, str> {
        "Fund".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let normalised: Vec<&str> = Fund::ALL.iter().map(|f| f.as_str()).collect();
        if matches!(
            generator.contract(),
            schemars::generate::Contract::Serialize
        ) {
            return schemars::json_schema!({
                "type": "string",
                "description": "资金来源 fund source: 当年财政拨款 / 上年结转 / 其他资金",
                "enum": normalised
            });
        }
        let mut names = normalised;
        names.extend(ALIASES.iter().map(|(name, _)| *name));
        schemars::json_schema!({
            "type": "string",
            "description": "资金来源 fund source: 当年财政拨款 (default) / 上年结转 / 其他资金; aliases such as 本年财政拨款, 财政拨款, 市级财政拨款 (any …财政拨款 that does not speak of 结转 or 上年), 结转资金, 其他 are accepted and stored normalised",
            "maxLength": MAX_FUND_CHARS,
            "anyOf": [
                {"enum": names},
                {"pattern": "^(?!.*(结转|上年)).*财政拨款$"}
            ]
        })
    }
}

/// Whether an allocation's `source` marks money added during the year (追加, 追加预算, 调增),
/// which 年初预算数 leaves out.
#[must_use]
pub fn is_supplementary(source: Option<&str>) -> bool {
    source.is_some_and(|s| s.contains("追加") || s.contains("调增"))
}

/// One amount per fund, always all three (zero where nothing was recorded).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PerFund {
    amounts: [Yuan; 3],
}

impl PerFund {
    #[must_use]
    pub fn get(&self, fund: Fund) -> Yuan {
        self.amounts[fund.index()]
    }

    pub fn add(&mut self, fund: Fund, amount: Yuan) {
        let at = &mut self.amounts[fund.index()];
        *at = *at + amount;
    }

    /// 年度资金总额: the sum of the three funds.
    #[must_use]
    pub fn total(&self) -> Yuan {
        self.amounts.iter().copied().sum()
    }

    /// A `budget.adjusted` of `amount` (DESIGN.md "Fund sources"):
    /// - with `fund`, `amount` is that fund's new 全年预算数; the other funds keep theirs;
    /// - without `fund`, `amount` is the new whole: 上年结转 and 其他资金 are fixed amounts, so
    ///   the difference from the current total goes to 当年财政拨款. A whole set below the
    ///   fixed funds leaves 当年财政拨款 at zero and keeps as much 上年结转 as fits, then
    ///   其他资金, so the rows always add up to the whole.
    pub fn adjust(&mut self, fund: Option<Fund>, amount: Yuan) {
        match fund {
            Some(f) => self.amounts[f.index()] = amount,
            None => {
                let carry = self.get(Fund::CarryOver).min(amount);
                let rest = amount.saturating_sub(carry);
                let other = self.get(Fund::Other).min(rest);
                let current = rest.saturating_sub(other);
                self.amounts = [current, carry, other];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(s: &str) -> Yuan {
        Yuan::parse(s).unwrap()
    }

    #[test]
    fn names_and_aliases() {
        let cases = [
            ("当年财政拨款", Some(Fund::Current)),
            ("本年财政拨款", Some(Fund::Current)),
            ("财政拨款", Some(Fund::Current)),
            ("市级财政拨款", Some(Fund::Current)),
            (" 中央财政拨款 ", Some(Fund::Current)),
            ("上年结转", Some(Fund::CarryOver)),
            ("上年结转资金", Some(Fund::CarryOver)),
            ("结转资金", Some(Fund::CarryOver)),
            ("其他资金", Some(Fund::Other)),
            ("其他", Some(Fund::Other)),
            ("上年结转财政拨款", None),
            ("自筹", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(Fund::parse(text), want, "{text:?}");
        }
    }

    #[test]
    fn old_events_infer_their_fund_from_source() {
        let cases = [
            (None, Fund::Current),
            (Some("年初预算"), Fund::Current),
            (Some("追加"), Fund::Current),
            (Some("省级转移支付"), Fund::Current),
            (Some("上年结转"), Fund::CarryOver),
            (Some("结转"), Fund::CarryOver),
            (Some("2022年结转结余"), Fund::CarryOver),
            (Some("其他资金"), Fund::Other),
        ];
        for (source, want) in cases {
            assert_eq!(Fund::infer(source), want, "{source:?}");
        }
        assert_eq!(
            Fund::resolve(Some(Fund::Other), Some("上年结转")),
            Fund::Other
        );
    }

    #[test]
    fn unknown_names_are_refused_naming_value_and_choices() {
        let err = "自筹资金".parse::<Fund>().unwrap_err().to_string();
        for part in [
            "fund",
            "\"自筹资金\"",
            "当年财政拨款",
            "上年结转",
            "其他资金",
        ] {
            assert!(err.contains(part), "{err}");
        }
        let long = "资".repeat(1000).parse::<Fund>().unwrap_err().to_string();
        assert!(long.chars().count() < 300, "{long}");
    }

    #[test]
    fn adjustments_by_fund_and_whole() {
        let mut b = PerFund::default();
        b.add(Fund::Current, y("935万"));
        b.add(Fund::CarryOver, y("50万"));
        b.adjust(None, y("1000万"));
        assert_eq!(
            (b.get(Fund::Current), b.get(Fund::CarryOver)),
            (y("950万"), y("50万"))
        );
        b.adjust(Some(Fund::CarryOver), y("30万"));
        assert_eq!(b.total(), y("980万"));
        b.adjust(None, y("20万"));
        assert_eq!(
            (b.get(Fund::Current), b.get(Fund::CarryOver), b.total()),
            (Yuan::ZERO, y("20万"), y("20万"))
        );
    }
}
