//! Recomputing a bundle's report from its events alone, with the same pure builder the
//! ledger's reports use (`report::model::build`, then `seal`), and naming the first field
//! where the bundle's report differs. One small function, so that it follows wherever the
//! builder's input (the project's events and the `_ledger` stream's) comes from.

use serde_json::Value;

use crate::i18n::Msg;
use crate::ledger::Stored;
use crate::projection::View;
use crate::report::diff::differences;
use crate::report::integrity::{seal, Audience, Integrity};
use crate::report::model::{build, Params};
use crate::time::{parse_date, KnownAt};
use crate::trust::TrustError;

/// The pointer of the report's digest, named only when nothing else differs.
const DIGEST: &str = "/integrity/digest";

fn differs(why: impl Into<Msg>) -> TrustError {
    TrustError::Failed(Msg::new("bundle-report-differs").arg_msg("why", why.into()))
}

/// Rebuilds the report that `quoted` (a JSON report) says it is — its project, view, head and
/// audience — from `events` (the project's events, seq order) and `actors` (the `_ledger`
/// events up to the head) and compares: Ok(digest) when the recomputed report equals `quoted`
/// in every field; else `TrustError::Failed` naming the first field that differs (in key
/// order, the digest last) by its JSON pointer, with the quoted and recomputed values
/// (`bundle-report-field`), or what the report lacks to be rebuilt (`bundle-report-differs`).
pub fn rebuild_report(
    events: &[Stored],
    actors: &[Stored],
    quoted: &Value,
) -> Result<String, TrustError> {
    let i = quoted
        .get("integrity")
        .ok_or_else(|| differs("the report has no integrity block"))?;
    let s = |k: &str| i.get(k).and_then(Value::as_str).map(str::to_string);
    let project = quoted
        .pointer("/project/id")
        .and_then(Value::as_str)
        .ok_or_else(|| differs("the report names no project"))?;
    let head_seq = i
        .get("head_seq")
        .and_then(Value::as_u64)
        .ok_or_else(|| differs("integrity.head_seq is missing"))?;
    let audience = match s("audience") {
        None => Audience::Audit,
        Some(a) => Audience::parse(&a).ok_or_else(|| {
            differs(format!(
                "integrity.audience: {a:?} is not submission or audit"
            ))
        })?,
    };
    let view = View {
        as_of: s("as_of")
            .map(|d| parse_date(&d))
            .transpose()
            .map_err(|e| differs(e.to_string()))?,
        known_at: s("known_at")
            .map(|k| KnownAt::parse(&k))
            .transpose()
            .map_err(|e| differs(e.to_string()))?,
    };
    let integrity = Integrity::unsealed(
        s("ledger_id").unwrap_or_default(),
        audience,
        (head_seq, s("head_hash").unwrap_or_default()),
        &view,
    );
    let params = Params {
        project: project.to_string(),
        view,
        head_seq,
    };
    let report = build(&params, events, actors, integrity)
        .map(seal)
        .ok_or_else(|| {
            differs(format!(
                "project {project} is not registered in the bundled events"
            ))
        })?;
    let value = serde_json::to_value(&report).expect("invariant: report serializes");
    // The digest differs whenever anything else does: name what else differs first.
    let found = differences(quoted, &value);
    let first = found.iter().find(|d| d.pointer != DIGEST).or(found.first());
    match first {
        None => Ok(report.integrity.digest),
        Some(d) => Err(TrustError::Failed(
            Msg::new("bundle-report-field").arg_msg("field", d.msg()),
        )),
    }
}
