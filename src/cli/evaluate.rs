//! Evaluation commands: `score`, `audit`, `report`, `verify-report`.

use std::io::Write as _;
use std::path::PathBuf;

use clap::Args;

use super::font::{face_provider, find_face};
use super::output::OutPath;
use super::query::{load_state, ProjectArgs, ViewArgs};
use super::table::{clip, Align, Table};
use super::term::safe;
use super::{Context, Failure};
use crate::event::LEDGER_STREAM;
use crate::findings::audit_in_view;
use crate::i18n::Msg;
use crate::money::show_pair;
use crate::projection::View;
use crate::report::check::{from_source_for, verify_report_file_with, CheckError};
use crate::report::escape::json_pretty;
use crate::report::{render_bytes, render_pdf, Audience, Format, Report};
use crate::scoring::{score as score_project, show};

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[arg(value_parser = super::project_arg)]
    pub project: String,
    /// md, html, json, xlsx, pdf or docx (xlsx, pdf and docx need --out FILE)
    #[arg(long, default_value = "md")]
    pub format: String,
    /// submission (what the unit submits) or audit (adds findings, scoring and integrity)
    #[arg(id = "for", long = "for", default_value = "submission")]
    pub audience: String,
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub view: ViewArgs,
    #[command(flatten)]
    pub bundle: super::bundle::BundleArgs,
}

pub fn score(args: ProjectArgs, ctx: &Context) -> Result<(), Failure> {
    let state = load_state(ctx, &args.project, &args.view.resolve()?)?;
    let card = score_project(&state);
    if args.json {
        println!("{}", json_pretty(&card));
        return Ok(());
    }
    for line in super::score_text::policy_lines(&card.policy) {
        println!("{}", ctx.say(&line));
    }
    let columns = super::score_text::columns(ctx.lang);
    let header: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut t = Table::new(
        &header,
        &[
            Align::Left,
            Align::Right,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Left,
        ],
    );
    let m = &state.money;
    let (budget, spent) = show_pair(m.budget, m.spent);
    t.row(vec![
        ctx.say(&Msg::new("score-execution")),
        show(card.execution_weight),
        budget.to_string(),
        spent.to_string(),
        String::new(),
        String::new(),
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
            clip(&line.reading.target_read, 40),
            clip(line.reading.actual_read.as_deref().unwrap_or("—"), 40),
            line.score_shown.to_string(),
            clip(&line.why, 40),
        ]);
    }
    print!("{}", t.render());
    let total = Msg::new("score-total")
        .arg("total", show(card.total))
        .arg("weights", show(card.weight_total))
        .arg("grade", card.grade.as_str());
    println!("{}", ctx.say(&total));
    for p in &card.weight_problems {
        let line = super::score_text::problem(p.critical, &safe(&p.message));
        println!("{}", ctx.say(&line));
    }
    Ok(())
}

pub fn audit_cmd(args: ProjectArgs, ctx: &Context) -> Result<(), Failure> {
    let view = args.view.resolve()?;
    let ledger = ctx.open_for(&view)?;
    let events = ledger.project_events_in(&args.project, &view)?;
    let state = crate::projection::fold(&args.project, &events, &view)
        .ok_or_else(|| Failure::input(super::query::not_in_view(&args.project)))?;
    let actors = ledger.project_events(LEDGER_STREAM)?;
    let findings = audit_in_view(&state, &score_project(&state), &events, &actors, &view);
    if args.json {
        println!("{}", json_pretty(&findings));
        return Ok(());
    }
    for f in &findings {
        print_finding(ctx, f);
    }
    Ok(())
}

/// One finding in the users' language: `[严重] CODE 说明`, then `序号：1, 2` when it rests on
/// seqs (`[Critical] CODE message` / `seqs: 1, 2` in English).
fn print_finding(ctx: &Context, f: &crate::findings::Finding) {
    use crate::i18n::findings as words;
    let line = Msg::new("audit-finding")
        .arg_msg("severity", f.severity.word())
        .arg("code", f.code)
        .arg("message", words::render(f.code, &f.message, ctx.lang));
    println!("{}", ctx.say(&line));
    if !f.seqs.is_empty() {
        let seqs: Vec<String> = f.seqs.iter().map(u64::to_string).collect();
        let seqs = Msg::new("audit-seqs").arg("seqs", seqs.join(", "));
        println!("    {}", ctx.say(&seqs));
    }
}

pub fn build_report(
    ctx: &Context,
    project: &str,
    view: &View,
    audience: Audience,
) -> Result<Report, Failure> {
    let ledger = ctx.open_for(view)?;
    from_source_for(&ledger, project, view, None, audience)
        .map_err(check_failure)?
        .ok_or_else(|| Failure::input(super::query::not_in_view(project)))
}

pub fn report(args: ReportArgs, ctx: &Context) -> Result<(), Failure> {
    let format = Format::parse(&args.format).ok_or_else(|| {
        Failure::input(Msg::new("report-format").arg("value", format!("{:?}", args.format)))
    })?;
    let audience = Audience::parse(&args.audience).ok_or_else(|| {
        Failure::input(format!(
            "--for {:?}：应为 submission（报送）或 audit（审计）— expected submission or audit",
            args.audience
        ))
    })?;
    if args.bundle.bundle.is_some() {
        let view = args.view.resolve()?;
        return super::bundle::write(&args.bundle, &args.project, &view, audience, ctx);
    }
    let out = args.out.as_deref();
    let out = out
        .map(|p| OutPath::check(p, &ctx.ledger_path))
        .transpose()?;
    if out.is_none() && format.is_binary() {
        return Err(Failure::input(format!(
            "--format {}：二进制文件须用 --out FILE 写入文件 — a binary format needs --out FILE",
            format.extension()
        )));
    }
    // The font first: without one nothing is built and nothing is written.
    let face = (format == Format::Pdf).then(find_face).transpose()?;
    let report = build_report(ctx, &args.project, &args.view.resolve()?, audience)?;
    let bytes = match &face {
        Some(face) => render_pdf(&report, face),
        None => render_bytes(&report, format),
    }
    .map_err(|e| Failure::input(e.to_string()))?;
    match &out {
        Some(out) => {
            out.write(|w| Ok(w.write_all(&bytes)?))?;
            let msg = Msg::new("report-wrote")
                .arg("path", out.path().display())
                .arg("digest", &report.integrity.digest)
                .arg("seq", report.integrity.head_seq);
            println!("{}", ctx.say(&msg));
        }
        None => print!("{}", String::from_utf8_lossy(&bytes)),
    }
    Ok(())
}

pub fn verify_report_cmd(file: PathBuf, ctx: &Context) -> Result<(), Failure> {
    let bytes = std::fs::read(&file).map_err(|e| super::cannot("cannot-read", &file, &e))?;
    let ledger = ctx.open()?;
    let v =
        verify_report_file_with(&ledger, &bytes, &mut face_provider()).map_err(check_failure)?;
    let ok = Msg::new("verify-report-ok")
        .arg("path", file.display())
        .arg("seq", v.head_seq)
        .arg("digest", &v.digest);
    println!("{}", ctx.say(&ok));
    let later: Vec<String> = ledger
        .project_seqs(&v.project)?
        .into_iter()
        .filter(|s| *s > v.head_seq)
        .map(|s| s.to_string())
        .collect();
    if !later.is_empty() {
        let note = Msg::new("verify-report-later")
            .arg("count", later.len())
            .arg("project", &v.project)
            .arg("seqs", later.join(", "));
        println!("{}", ctx.say(&note));
    }
    Ok(())
}

fn check_failure(e: CheckError) -> Failure {
    match e {
        CheckError::Unreadable(m) => Failure::input(m),
        CheckError::Source(e) => Failure::found(e.to_string()),
        mismatch => Failure::found(mismatch.to_string()),
    }
}
