//! `jixiao demo`: records the built-in sample (the seed's project) with a scripted clock,
//! then shows what the ledger makes of it.

use std::io::Write as _;

use chrono::Duration;

use super::table::{clip, Align, Table};
use super::term::safe;
use super::{Context, Failure};
use crate::event::hash::to_hex;
use crate::i18n::Msg;
use crate::ledger::Ledger;
use crate::money::{show_all, Shown};
use crate::projection::state::percent;
use crate::projection::View;
use crate::report::check::from_source_for;
use crate::report::{render_bytes, Audience, Format, Report};
use crate::scoring::show;
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
    let mut ledger = match Ledger::open_as(&path, ctx.access()) {
        Ok(l) => l,
        Err(crate::ledger::LogError::Missing(_)) => {
            Ledger::init(&path, &super::new_ledger_id(ctx))?
        }
        Err(e) => return Err(e.into()),
    };
    super::refuse_read_only(&ledger, &path)?;
    refuse_nonempty(&ledger, &path)?;
    println!(
        "{}",
        ctx.say(&Msg::new("demo-ledger").arg("path", path.display()))
    );
    record_sample(&mut ledger, ctx)?;
    show_sample(&ledger, &path, ctx)
}

/// The sample goes only into a new or empty ledger: appended to another bureau's ledger it
/// would mix an illustrative project into real ones (and its recording dates would lie).
fn refuse_nonempty(ledger: &Ledger, path: &std::path::Path) -> Result<(), Failure> {
    let Some(head) = ledger.head() else {
        return Ok(());
    };
    let msg = match ledger.project_seqs(SAMPLE_PROJECT)?.is_empty() {
        true => Msg::new("demo-ledger-not-empty"),
        false => Msg::new("demo-ledger-has-sample"),
    };
    Err(Failure::input(
        msg.arg("path", path.display())
            .arg("count", head.seq)
            .arg("seq", head.seq)
            .arg("hash", to_hex(&head.hash))
            .arg("project", SAMPLE_PROJECT),
    ))
}

fn fresh_dir(ctx: &Context) -> std::path::PathBuf {
    let stamp = ctx.now.format("%Y%m%d-%H%M%S");
    std::env::temp_dir().join(format!("jixiao-demo-{stamp}-{}", std::process::id()))
}

/// Each event is stamped as if recorded on its effective day (09:00 +08:00 plus a minute
/// per line), so `--known-at` questions about the year have answers.
fn record_sample(ledger: &mut Ledger, ctx: &Context) -> Result<(), Failure> {
    let mut minute = 0i64;
    let mut clock = |line: &crate::event::ImportLine| {
        minute += 1;
        cst_instant(
            line.effective.0,
            Duration::hours(9) + Duration::minutes(minute),
        )
    };
    let appended = super::append::append_reader(
        ledger,
        SAMPLE.as_bytes(),
        "jixiao-demo",
        &mut clock,
        &mut |_| {},
    )?;
    let msg = Msg::new("demo-recorded").arg("count", appended.count);
    println!("{}", ctx.say(&msg));
    Ok(())
}

fn show_sample(ledger: &Ledger, path: &std::path::Path, ctx: &Context) -> Result<(), Failure> {
    let verdict = crate::ledger::verify::verify_ledger(ledger)?;
    super::inspect::report_verdict(&verdict, None, ctx)?;
    let view = View::default();
    let report = from_source_for(ledger, SAMPLE_PROJECT, &view, None, Audience::Submission)
        .map_err(|e| Failure::found(e.to_string()))?
        .ok_or_else(|| Failure::found(Msg::new("demo-missing")))?;
    print_summary(&report);
    let dir = reports_dir(path);
    std::fs::create_dir_all(&dir).map_err(|e| super::cannot("cannot-write", &dir, &e))?;
    let bytes = |format| render_bytes(&report, format).map_err(|e| Failure::found(e.to_string()));
    let msg = Msg::new("demo-reports")
        .arg("digest", &report.integrity.digest)
        .arg("seq", report.integrity.head_seq);
    println!("\n{}", ctx.say(&msg));
    for format in [Format::Markdown, Format::Html, Format::Json, Format::Xlsx] {
        let file = dir.join(format!("{SAMPLE_PROJECT}.{}", format.extension()));
        let out = super::output::OutPath::check(&file, path)?;
        let bytes = bytes(format)?;
        out.write(|w| Ok(w.write_all(&bytes)?))?;
        println!("  {}", file.display());
    }
    let l = path.display();
    let msg = Msg::new("demo-next");
    println!(
        "
{} jixiao --ledger {l} state {SAMPLE_PROJECT} --as-of 2023-12-14
      jixiao --ledger {l} history {SAMPLE_PROJECT}
      jixiao --ledger {l} verify-report {}",
        ctx.say(&msg),
        dir.join(format!("{SAMPLE_PROJECT}.json")).display()
    );
    Ok(())
}

/// Reports go beside the ledger, never inside the ledger's directory.
fn reports_dir(ledger: &std::path::Path) -> std::path::PathBuf {
    let mut name = ledger
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push("-reports");
    ledger.with_file_name(name)
}

/// The 自评表 in brief: money block, each indicator's score, total and grade, findings.
fn print_summary(r: &Report) {
    let m = &r.money.figures;
    println!(
        "
{} {}年度 项目支出绩效自评表",
        safe(&r.project.name),
        r.project.year
    );
    let [initial, budget, arrived, spent] =
        <[Shown; 4]>::try_from(show_all(&[m.initial_budget, m.budget, m.arrived, m.spent]))
            .expect("invariant: four amounts give four figures");
    println!("年初预算数 {initial} → 全年预算数 {budget}；到位 {arrived}；全年执行数 {spent}");
    println!(
        "预算执行率 {}/{} = {}　分值 {}　得分 {}",
        spent.cell(),
        budget.cell(),
        percent(m.execution_ratio),
        show(r.money.execution_weight),
        show(r.money.execution_score)
    );
    let mut t = Table::new(
        &[
            "一级",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
        ],
        &[
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
        ],
    );
    for i in &r.indicators {
        t.row(vec![
            i.level1.clone(),
            clip(&i.name, 30),
            i.target.clone(),
            clip(i.actual.as_deref().unwrap_or("—"), 14),
            i.weight_shown.to_string(),
            i.score_shown.to_string(),
        ]);
    }
    print!("{}", t.render());
    let claimed = r
        .claimed
        .as_ref()
        .map(|c| format!("（自评 {}分 {}）", safe(&c.score), c.grade))
        .unwrap_or_default();
    println!("总分 {}　等级 {}{}", show(r.total_score), r.grade, claimed);
    println!(
        "
审计发现 findings:"
    );
    for f in &r.findings {
        let message = clip(&safe(&f.message), 110);
        println!("  [{:?}] {} {message}", f.severity, f.code);
    }
}
