//! TEMPORARY STUB (helper is writing the real one).
use chrono::NaiveDate;
use rust_decimal::Decimal;
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub comparator: Comparator,
    pub value: Option<Decimal>,
    pub unit: Option<String>,
    pub deadline: Option<NaiveDate>,
}
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad target {0:?}")]
pub struct ValueError(String);
pub fn parse_target(text: &str) -> Result<Target, ValueError> {
    Ok(Target {
        comparator: Comparator::Qualitative,
        value: None,
        unit: None,
        deadline: None,
    })
    .map_err(|_: ()| ValueError(text.into()))
}
pub fn parse_target_with(text: &str, c: Comparator) -> Result<Target, ValueError> {
    let _ = text;
    Ok(Target {
        comparator: c,
        value: None,
        unit: None,
        deadline: None,
    })
}
