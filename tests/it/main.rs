//! Integration tests, one binary with a module per concern. Every test drives the `jixiao`
//! binary with a fixed clock (`JIXIAO_NOW`) and a ledger in a temporary directory, or the
//! library façade (`jixiao::ledger::Ledger`, `jixiao::event`). Nothing reads the real clock.
//!
//! Environment: `JIXIAO_REQUIRE_PY=1` turns a missing Python verifier into a failure (CI);
//! `JIXIAO_UPDATE_SCHEMAS=1` rewrites `schemas/` from the Rust types.

mod amounts;
mod arch;
mod bundle;
mod bundle_signatures;
mod cli;
mod dates;
mod door;
mod duplicates;
mod edges;
mod engines;
mod golden;
mod import;
mod independent;
mod lock;
mod names;
mod outputs;
mod read_only;
mod rules;
mod schemas;
mod signed_reports;
mod signing;
mod support;
mod tamper;
mod trust;
mod trust_golden;
mod withdraw;
