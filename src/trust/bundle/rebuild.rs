//! Recomputing a bundle's report from its events alone, with the same pure builder the
//! ledger's reports use (`report::model::build`, then `seal`). One small function, so that it
//! follows wherever the builder's input (events) comes from.

use serde_json::Value;

use crate::ledger::Stored;
use crate::projection::View;
use crate::report::integrity::{digest_of, seal, Audience, Integrity, GENERATOR};
use crate::report::model::{build, Params};
use crate::time::{format_date, parse_date, KnownAt};

/// Rebuilds the report that `quoted` (a JSON report) says it is — its project, view, head and
/// audience — from `events` (the project's events, seq order) and `actors` (the `_ledger`
/// events up to the head) and compares: Ok(digest) when
/// the recomputed report equals `quoted` in every field; Err(what differs) otherwise, in
/// English with the two digests (the caller wraps it in a message).
pub fn rebuild_report(
    events: &[Stored],
    actors: &[Stored],
    quoted: &Value,
) -> Result<String, String> {
    let i = quoted
        .get("integrity")
        .ok_or("the report has no integrity block")?;
    let s = |k: &str| i.get(k).and_then(Value::as_str).map(str::to_string);
    let project = quoted
        .pointer("/project/id")
        .and_then(Value::as_str)
        .ok_or("the report names no project")?;
    let head_seq = i
        .get("head_seq")
        .and_then(Value::as_u64)
        .ok_or("no integrity.head_seq")?;
    let audience = match s("audience") {
        None => Audience::Audit,
        Some(a) => Audience::parse(&a).ok_or("integrity.audience is not submission or audit")?,
    };
    let view = View {
        as_of: s("as_of")
            .map(|d| parse_date(&d))
            .transpose()
            .map_err(|e| e.to_string())?,
        known_at: s("known_at")
            .map(|k| KnownAt::parse(&k))
            .transpose()
            .map_err(|e| e.to_string())?,
    };
    let integrity = Integrity {
        ledger_id: s("ledger_id").unwrap_or_default(),
        audience,
        head_seq,
        head_hash: s("head_hash").unwrap_or_default(),
        project_head_seq: 0,
        project_head_hash: String::new(),
        as_of: view.as_of.map(format_date),
        known_at: view.known_at.map(KnownAt::render),
        policy: String::new(),
        policy_params: crate::scoring::Policy::new(&Default::default()),
        generator: GENERATOR.to_string(),
        digest: String::new(),
    };
    let params = Params {
        project: project.to_string(),
        view,
        head_seq,
    };
    let report = build(&params, events, actors, integrity)
        .map(seal)
        .ok_or_else(|| format!("project {project} is not registered in the bundled events"))?;
    let value = serde_json::to_value(&report).expect("invariant: report serializes");
    let quoted_digest = digest_of(quoted).unwrap_or_default();
    if &value == quoted && quoted_digest == report.integrity.digest {
        Ok(report.integrity.digest)
    } else {
        Err(format!(
            "recomputed digest {} (content {}), the bundle's report quotes {}",
            report.integrity.digest,
            quoted_digest,
            s("digest").unwrap_or_default()
        ))
    }
}
