//! Evaluation commands: `score`, `audit`, `report`, `verify-report`.

use std::path::PathBuf;

use clap::Args;

use super::print;
use super::query::{load_state, ViewArgs};
use super::table::{clip, Align, Table};
use super::{Context, Failure};
use crate::findings::audit;
use crate::money::show_pair;
use crate::projection::{project_events, View};
use crate::report::check::{from_ledger, verify_report, CheckError};
use crate::report::{render, Format, Report};
use crate::scoring::{score as score_project, show};

#[derive(Debug, Args)]
pub struct ProjectArgs {
    pub project: String,
    #[command(flatten)]
    pub view: ViewArgs,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    pub project: String,
    /// md, html, json, pdf or docx (pdf and docx: give --out FILE)
    #[arg(long, default_value = "md")]
    pub format: String,
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub view: ViewArgs,
}

pub fn score(args: ProjectArgs, ctx: &Context) -> Result<(), Failure> {
    let state = load_state(ctx, &args.project, &args.view.resolve()?)?;
    let card = score_project(&state);
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&card).expect("invariant: scorecard serializes")
        );
        return Ok(());
    }
    for line in card.policy.describe() {
        println!("{line}");
    }
    let mut t = Table::new(
        &[
            "指标 indicator",
            "分值",
            "预期值",
            "实现值",
            "得分",
            "说明 why",
        ],
        &[
            Align::Left,
            Align::Right,
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Left,
        ],
    );
    let m = &state.money;
    let (budget, spent) = show_pair(m.budget, m.spent);
    t.row(vec![
        "预算执行率".into(),
        show(card.execution_weight),
        budget.to_string(),
        spent.to_string(),
        show(card.execution_score),
        format!(
            "min({}/{}, 1) × {}",
            spent.cell(),
            budget.cell(),
            card.execution_weight
        ),
    ]);
    for (ind, line) in state.indicators.iter().zip(&card.lines) {
        t.row(vec![
            clip(&ind.name, 30),
            line.weight_shown.to_string(),
            ind.target.clone(),
            clip(ind.actual.as_deref().unwrap_or("—"), 14),
            line.score_shown.to_string(),
            clip(&line.why, 40),
        ]);
    }
    print!("{}", t.render());
    println!(
        "总分 {}（分值合计 {}）　等级 {}",
        show(card.total),
        show(card.weight_total),
        card.grade.as_str()
    );
    for p in &card.weight_problems {
        let label = if p.critical {
            "严重 critical"
        } else {
            "注意 warning"
        };
        println!("{label}: {}", p.message);
    }
    Ok(())
}

pub fn audit_cmd(args: ProjectArgs, ctx: &Context) -> Result<(), Failure> {
    let view = args.view.resolve()?;
    let ledger = ctx.open_for(&view)?;
    let events = project_events(&ledger, &args.project, &view)?;
    let state = crate::projection::fold(&args.project, &events, &view).ok_or_else(|| {
        Failure::input(format!(
            "project {:?} is not registered in this view of the ledger",
            args.project
        ))
    })?;
    let findings = audit(&state, &score_project(&state), &events);
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&findings).expect("invariant: findings serialize")
        );
        return Ok(());
    }
    for f in &findings {
        let seqs: Vec<String> = f.seqs.iter().map(u64::to_string).collect();
        println!(
            "[{:?}] {} {}\n    seqs: {}",
            f.severity,
            f.code,
            f.message,
            seqs.join(", ")
        );
    }
    Ok(())
}

pub fn build_report(ctx: &Context, project: &str, view: &View) -> Result<Report, Failure> {
    let ledger = ctx.open_for(view)?;
    from_ledger(&ledger, project, view, None)
        .map_err(check_failure)?
        .ok_or_else(|| {
            Failure::input(format!(
                "project {project:?} is not registered in this view of the ledger"
            ))
        })
}

pub fn report(args: ReportArgs, ctx: &Context) -> Result<(), Failure> {
    if let Some(binary) = print::Binary::parse(&args.format) {
        let report = build_report(ctx, &args.project, &args.view.resolve()?)?;
        let bytes = print::render(&report, binary)?;
        return print::write(&bytes, args.out.as_deref(), &report);
    }
    let format = Format::parse(&args.format).ok_or_else(|| {
        Failure::input(format!(
            "--format {:?}: expected md, html, json, pdf or docx",
            args.format
        ))
    })?;
    let report = build_report(ctx, &args.project, &args.view.resolve()?)?;
    let text = render(&report, format);
    match &args.out {
        Some(path) => {
            std::fs::write(path, &text)
                .map_err(|e| Failure::input(format!("cannot write {}: {e}", path.display())))?;
            println!(
                "wrote {} (digest {}, head seq {})",
                path.display(),
                report.integrity.digest,
                report.integrity.head_seq
            );
        }
        None => print!("{text}"),
    }
    Ok(())
}

pub fn verify_report_cmd(file: PathBuf, ctx: &Context) -> Result<(), Failure> {
    let bytes = std::fs::read(&file)
        .map_err(|e| Failure::input(format!("cannot read {}: {e}", file.display())))?;
    let ledger = ctx.open()?;
    let v = match print::kind_of(&bytes) {
        Some(kind) => print::verify(&ledger, &bytes, kind),
        None => {
            let text = String::from_utf8(bytes).map_err(|_| {
                Failure::input(format!(
                    "{}: 不是 jixiao 报告 (not a report: neither PDF, docx nor UTF-8 text)",
                    file.display()
                ))
            })?;
            verify_report(&ledger, &text)
        }
    }
    .map_err(check_failure)?;
    println!(
        "ok: {} matches the ledger at head seq {} (digest {})",
        file.display(),
        v.head_seq,
        v.digest
    );
    let later: Vec<String> = ledger
        .store()
        .project_seqs(&v.project)?
        .into_iter()
        .filter(|s| *s > v.head_seq)
        .map(|s| s.to_string())
        .collect();
    if !later.is_empty() {
        println!("note: {} events of {} were recorded after this report (seq {}); it does not reflect them", later.len(), v.project, later.join(", "));
    }
    Ok(())
}

fn check_failure(e: CheckError) -> Failure {
    match e {
        CheckError::Unreadable(m) => Failure::input(m),
        CheckError::Read(r) => r.into(),
        mismatch => Failure::found(mismatch.to_string()),
    }
}
