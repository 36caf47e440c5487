//! Reliability: the ledger is driven through the `jixiao` binary (and, for the parsers, the
//! library) and tried hard to break — SIGKILL at random moments, bad input, limits, two
//! writers, random byte edits of the stored files and of exports, arbitrary bytes into the
//! parsers. Nothing here reads the real clock (`JIXIAO_NOW`) or a real ledger (temp dirs).
//!
//! Larger runs are behind environment variables (see each module): `JIXIAO_CRASH_KILLS`,
//! `JIXIAO_CRASH_LINES`, `JIXIAO_CRASH_OUT_KILLS`, `JIXIAO_TAMPER_CASES`, `JIXIAO_FUZZ_CASES`, `JIXIAO_SEED`.

mod support;

mod bad_input;
mod concurrent;
mod crash;
mod crash_out;
mod foreign_dir;
mod forged_journal;
mod fuzz;
mod journal;
mod kept_head;
mod limits;
mod refused;
mod tamper_prop;
