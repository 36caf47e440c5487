//! The report's integrity block and digest: BLAKE3 (derive-key `jixiao report v1`) over
//! the JCS bytes of the JSON report without `integrity.digest`.

use serde::Serialize;
use serde_json::Value;

use super::form::Footer;
use super::model::Report;
use crate::event::canonical::to_jcs;
use crate::event::hash::{report_digest, to_hex};
use crate::scoring::Policy;

/// Who a report is for: what the unit submits (the 自评报告 sections 一 to 七 and the 自评表,
/// with the footer line), or an auditor (that, plus the findings, how each score was reached
/// and the integrity section). Sealed with the report, so a submission cannot pass for an
/// audit copy or the other way round. The JSON report holds the whole model for both.
#[derive(
    Debug, Clone, Copy, Serialize, serde::Deserialize, schemars::JsonSchema, PartialEq, Eq,
)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    Submission,
    Audit,
}

impl Audience {
    /// `submission` or `audit` (also `提交` / `审计`); None for anything else.
    pub fn parse(text: &str) -> Option<Audience> {
        match text.trim() {
            "submission" | "提交" | "报送" => Some(Audience::Submission),
            "audit" | "审计" => Some(Audience::Audit),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Submission => "submission",
            Audience::Audit => "audit",
        }
    }
}

/// Where a report comes from and its seal (DESIGN.md "Report and integrity").
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct Integrity {
    pub ledger_id: String,
    pub audience: Audience,
    /// The seq of the ledger's head the report was built at.
    pub head_seq: u64,
    /// The hash (hex) of the event at `head_seq`.
    pub head_hash: String,
    /// The seq of the project's last event the report rests on (up to the head, in the
    /// view): a bundle must end with it (`verify-bundle`), so leaving out the project's last
    /// events is caught.
    pub project_head_seq: u64,
    /// The hash (hex) of the event at `project_head_seq`.
    pub project_head_hash: String,
    pub as_of: Option<String>,
    pub known_at: Option<String>,
    pub policy: String,
    pub policy_params: Policy,
    pub generator: String,
    pub digest: String,
}

pub const GENERATOR: &str = concat!("jixiao ", env!("CARGO_PKG_VERSION"));

impl Integrity {
    /// The block a report is built with: where it comes from (ledger id, head) and its view;
    /// `model::build` fills in the project head and the policy, `seal` the digest.
    #[must_use]
    pub fn unsealed(
        ledger_id: String,
        audience: Audience,
        head: (u64, String),
        view: &crate::projection::View,
    ) -> Integrity {
        Integrity {
            ledger_id,
            audience,
            head_seq: head.0,
            head_hash: head.1,
            project_head_seq: 0,
            project_head_hash: String::new(),
            as_of: view.as_of.map(crate::time::format_date),
            known_at: view.known_at.map(crate::time::KnownAt::render),
            policy: String::new(),
            policy_params: Policy::new(&Default::default()),
            generator: GENERATOR.to_string(),
            digest: String::new(),
        }
    }
}

/// The digest of a report given as JSON (whatever its `integrity.digest` says).
pub fn digest_of(value: &Value) -> Result<String, String> {
    let mut v = value.clone();
    let integrity = v
        .get_mut("integrity")
        .and_then(Value::as_object_mut)
        .ok_or("the report has no integrity block")?;
    integrity.remove("digest");
    let bytes = to_jcs(&v).map_err(|e| e.to_string())?;
    Ok(to_hex(&report_digest(&bytes)))
}

/// Computes and sets the digest.
pub fn seal(mut report: Report) -> Report {
    report.integrity.digest = String::new();
    let value = serde_json::to_value(&report).expect("invariant: report serializes");
    report.integrity.digest = digest_of(&value).expect("invariant: reports have no floats");
    report.form.footer = Footer::of(&report);
    report
}
