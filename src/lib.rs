//! jixiao (绩效): an event-sourced, tamper-evident audit ledger for project expenditure
//! performance self-evaluation. The library holds everything but the command line.

pub mod cli;
pub mod event;
pub mod export;
pub mod findings;
pub mod fund;
pub mod i18n;
pub mod ids;
pub mod import_form;
pub mod ledger;
pub mod levels;
pub mod limits;
pub mod money;
pub mod number;
pub mod projection;
pub mod report;
pub mod rng;
pub mod scoring;
pub mod sections;
pub mod store;
pub mod time;
pub mod trust;
pub mod value;
