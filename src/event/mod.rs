//! Events: the catalogue, the envelope, canonical (JCS) bytes and the BLAKE3 hash chain.
//! Pure: nothing here touches storage, the clock or the terminal.

pub mod actors;
pub mod canonical;
pub mod catalogue;
pub mod describe;
pub mod ed25519;
pub mod envelope;
pub mod hash;
pub mod jcs_scan;
mod keys;
mod onepass;
pub mod reading;
pub mod roles;
pub mod statement;
pub mod strict_json;

pub use catalogue::*;
pub use envelope::{Envelope, ImportLine, LineError, Signed};
pub use hash::{Hash32, ZERO_HASH};
pub use reading::{indicator_comparator, stated_comparator, typed_replacement, Period, Stored};

use serde::de::DeserializeOwned;

/// Declares the catalogue once: variant, data struct and stable type name.
macro_rules! catalogue {
    ($( $variant:ident($ty:ident) = $name:literal, )*) => {
        /// One event's typed `data`, tagged by its type name.
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[serde(tag = "type", content = "data", deny_unknown_fields)]
        pub enum EventData {
            $( #[serde(rename = $name)] $variant($ty), )*
        }

        /// Every type name, in catalogue order.
        pub const TYPE_NAMES: &[&str] = &[$($name),*];

        impl EventData {
            pub fn type_name(&self) -> &'static str {
                match self { $( EventData::$variant(_) => $name, )* }
            }

            /// Types `data` by the type name; errors carry the field path (`data.amount`).
            pub fn parse(type_name: &str, data: &str) -> Result<EventData, DataError> {
                match type_name {
                    $( $name => parse_data::<$ty>(data).map(EventData::$variant), )*
                    other => Err(DataError { path: "type".into(), message: format!("unknown event type {other:?} (known: {})", TYPE_NAMES.join(", ")) }),
                }
            }

            /// `data` of the named type, straight from a deserializer (one pass).
            pub(crate) fn deserialize_typed<'de, D: serde::Deserializer<'de>>(
                type_name: &str,
                d: D,
            ) -> Result<EventData, D::Error> {
                match type_name {
                    $( $name => <$ty as serde::Deserialize>::deserialize(d).map(EventData::$variant), )*
                    other => Err(serde::de::Error::custom(format!("unknown event type {other:?}"))),
                }
            }

            /// Appends the canonical JSON of `data` (fields are declared in JCS order).
            pub fn write_data(&self, out: &mut Vec<u8>) {
                let written = match self { $( EventData::$variant(d) => serde_json::to_writer(&mut *out, d), )* };
                written.expect("invariant: event data always serializes");
            }

            /// JSON Schema of each type's `data`, keyed by type name.
            pub fn data_schemas() -> Vec<(&'static str, schemars::Schema)> {
                let settings = schemars::generate::SchemaSettings::draft2020_12();
                vec![$( ($name, settings.clone().into_generator().into_root_schema_for::<$ty>()), )*]
            }
        }
    };
}

catalogue! {
    ProjectRegistered(ProjectRegistered) = "project.registered",
    ProjectWithdrawn(ProjectWithdrawn) = "project.withdrawn",
    BudgetAllocated(BudgetAllocated) = "budget.allocated",
    BudgetAdjusted(BudgetAdjusted) = "budget.adjusted",
    FundsArrived(FundsArrived) = "funds.arrived",
    FundsDisbursed(FundsDisbursed) = "funds.disbursed",
    GoalSet(GoalSet) = "goal.set",
    GoalAdjusted(GoalAdjusted) = "goal.adjusted",
    GoalWithdrawn(GoalWithdrawn) = "goal.withdrawn",
    GoalAssessed(GoalAssessed) = "goal.assessed",
    IndicatorDefined(IndicatorDefined) = "indicator.defined",
    IndicatorTargetAdjusted(IndicatorTargetAdjusted) = "indicator.target_adjusted",
    IndicatorMeasured(IndicatorMeasured) = "indicator.measured",
    IndicatorAssessed(IndicatorAssessed) = "indicator.assessed",
    NarrativeRecorded(NarrativeRecorded) = "narrative.recorded",
    ScoringConfigured(ScoringConfigured) = "scoring.configured",
    EvaluationClaimed(EvaluationClaimed) = "evaluation.claimed",
    EventCorrected(EventCorrected) = "event.corrected",
    EventReversed(EventReversed) = "event.reversed",
    ActorRegistered(ActorRegistered) = "actor.registered",
    ActorRevoked(ActorRevoked) = "actor.revoked",
    LedgerConfigured(LedgerConfigured) = "ledger.configured",
}

/// The reserved project id of the ledger-level stream: actors, roles and settings.
pub const LEDGER_STREAM: &str = "_ledger";

impl EventData {
    /// True for the types of the ledger-level stream (`actor.*`, `ledger.*`).
    pub fn is_ledger_level(&self) -> bool {
        matches!(
            self,
            EventData::ActorRegistered(_)
                | EventData::ActorRevoked(_)
                | EventData::LedgerConfigured(_)
        )
    }
}

/// A `data` object that does not fit its type, with the path of the offending field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("field {path}: {message}")]
pub struct DataError {
    pub path: String,
    pub message: String,
}

/// Parses without path tracking first; only data that fails is parsed again, with
/// `serde_path_to_error`, to name the offending field.
fn parse_data<T: DeserializeOwned>(data: &str) -> Result<T, DataError> {
    if let Ok(value) = serde_json::from_str(data) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_str(data);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let inner = e.path().to_string();
        let path = if inner == "." {
            "data".to_string()
        } else {
            format!("data.{inner}")
        };
        DataError {
            path,
            message: strip_position(&e.into_inner().to_string()),
        }
    })
}

/// serde_json appends "at line 1 column 37" (of the data object); the caller knows the real line.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

impl EventData {
    /// The corrected or reversed seq, for `event.corrected` / `event.reversed`.
    pub fn target_seq(&self) -> Option<u64> {
        match self {
            EventData::EventCorrected(c) => Some(c.target_seq),
            EventData::EventReversed(r) => Some(r.target_seq),
            _ => None,
        }
    }

    /// Every free-text field, for the length limits checked at append.
    pub fn texts(&self) -> Vec<(&'static str, &str)> {
        envelope::texts_of(self)
    }
}
