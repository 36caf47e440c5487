//! `jixiao demo`: records the built-in sample (the seed's project) with a scripted clock,
//! then shows what the ledger makes of it.

use chrono::Duration;

use super::{Context, Failure};
use crate::ledger::Ledger;
use crate::time::cst_instant;

/// The seed report's project as import lines; dates the seed does not give are illustrative.
pub const SAMPLE: &str = include_str!("../demo/sample.jsonl");
pub const SAMPLE_PROJECT: &str = "zj-scjg-2023-ip";

pub fn run(ctx: &Context) -> Result<(), Failure> {
    let path = if ctx.ledger_given {
        ctx.ledger_path.clone()
    } else {
        fresh_dir(ctx)
    };
    let mut ledger = match Ledger::open(&path) {
        Ok(l) => l,
        Err(crate::store::StoreError::Missing(_)) => {
            Ledger::init(&path, &super::new_ledger_id(ctx))?
        }
        Err(e) => return Err(e.into()),
    };
    println!("ledger: {}", path.display());
    if ledger.store().project_seqs(SAMPLE_PROJECT)?.is_empty() {
        record_sample(&mut ledger)?;
    } else {
        println!(
            "the sample project {SAMPLE_PROJECT} is already in this ledger; showing it as recorded"
        );
    }
    show(&ledger, &path)
}

fn fresh_dir(ctx: &Context) -> std::path::PathBuf {
    let stamp = ctx.now.format("%Y%m%d-%H%M%S");
    std::env::temp_dir().join(format!("jixiao-demo-{stamp}-{}", std::process::id()))
}

/// Each event is stamped as if recorded on its effective day (09:00 +08:00 plus a minute
/// per line), so `--known-at` questions about the year have answers.
fn record_sample(ledger: &mut Ledger) -> Result<(), Failure> {
    let inputs = super::import::parse_lines(SAMPLE);
    let mut minute = 0i64;
    let mut clock = |line: &crate::event::ImportLine| {
        minute += 1;
        cst_instant(
            line.effective.0,
            Duration::hours(9) + Duration::minutes(minute),
        )
    };
    let appended = ledger.append(inputs, "jixiao-demo", &mut clock)?;
    println!(
        "recorded {} events of the sample (simulated clock: each stamped on its effective day)",
        appended.len()
    );
    Ok(())
}

fn show(ledger: &Ledger, path: &std::path::Path) -> Result<(), Failure> {
    for stored in ledger.project_events(SAMPLE_PROJECT)? {
        let e = &stored.env;
        println!(
            "{:>4}  {}  {:<26}  {}",
            e.seq,
            e.effective,
            e.type_name(),
            crate::event::describe::describe(&e.data)
        );
    }
    let verdict = crate::ledger::verify::verify_ledger(ledger)?;
    super::inspect::report_verdict(&verdict)?;
    println!(
        "\nnext: jixiao --ledger {} verify | export | log",
        path.display()
    );
    Ok(())
}
