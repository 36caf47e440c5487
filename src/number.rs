//! Non-money decimals written as strings in events: weights (分值), scores, ratios.
//! Never a float: a JSON number here is rejected so that no event depends on float parsing.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Enough for any weight, score or ratio; more decimals would only hide typos.
pub const MAX_NUM_DECIMALS: u32 = 6;
pub const MAX_NUM: i64 = 1_000_000_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("number {0:?} is not a non-negative decimal string (at most {MAX_NUM_DECIMALS} decimals, at most {MAX_NUM})")]
pub struct NumError(pub String);

/// A non-negative decimal, stored normalized (`"5.5"`, `"100"`, `"0.85"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Num(pub Decimal);

impl Num {
    pub fn parse(text: &str) -> Result<Num, NumError> {
        let err = || NumError(text.to_string());
        let t = text.trim();
        let plain = !t.is_empty()
            && t.len() <= 24
            && t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && t.bytes().filter(|&b| b == b'.').count() <= 1
            && !t.starts_with('.')
            && !t.ends_with('.');
        if !plain {
            return Err(err());
        }
        let d = Decimal::from_str(t).map_err(|_| err())?.normalize();
        if d.scale() > MAX_NUM_DECIMALS || d > Decimal::from(MAX_NUM) {
            return Err(err());
        }
        Ok(Num(d))
    }
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.normalize())
    }
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Num::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Num {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DecimalString".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "Non-negative decimal as a string, e.g. \"5.5\", \"100\", \"0.85\"",
            "pattern": "^[0-9]+(\\.[0-9]+)?$"
        })
    }
}
