//! `jixiao import-form FILE.xlsx --project P [--dry-run]`: reads a filled 自评表 (or 绩效目标表)
//! and prints the import lines it would append (`--dry-run`), or appends them all or nothing
//! through the one append path (`append::append_reader`, the business rules included).

use std::io::{BufReader, Write as _};
use std::path::PathBuf;

use clap::Args;

use super::append::append_reader;
use super::term::safe;
use super::{Context, Failure};
use crate::import_form::{lines::lines, read::read_form};
use crate::report::xlsx_check::{is_zip, read_sheets};

#[derive(Debug, Args)]
pub struct ImportFormArgs {
    /// The filled form (.xlsx)
    pub file: PathBuf,
    /// The project id to record it under (must not be in the ledger yet)
    #[arg(long)]
    pub project: String,
    /// Print the import lines instead of appending them
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(args: ImportFormArgs, ctx: &Context) -> Result<(), Failure> {
    let shown = safe(&args.file.display().to_string()).into_owned();
    let bytes = std::fs::read(&args.file)
        .map_err(|e| Failure::input(format!("无法读取 {shown} — cannot read it: {e}")))?;
    if !is_zip(&bytes) {
        return Err(Failure::input(format!(
            "{shown}：不是 xlsx 文件（.xls 请先另存为 .xlsx）— not an xlsx file (save an .xls as .xlsx first)"
        )));
    }
    let sheets = read_sheets(&bytes).map_err(|e| Failure::input(format!("{shown}: {e}")))?;
    let form = read_form(&sheets).map_err(|e| Failure::input(format!("{shown}: {e}")))?;
    crate::ids::ProjectId::new(&args.project)
        .map_err(|e| Failure::input(format!("--project {:?}: {e}", args.project)))?;
    let lines = lines(&form, &args.project).map_err(|e| Failure::input(format!("{shown}: {e}")))?;
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    if args.dry_run {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        return Ok(out.flush()?);
    }
    let mut ledger = ctx.open_to_write()?;
    if !ledger.project_seqs(&args.project)?.is_empty() {
        return Err(Failure::input(format!(
            "--project {}：账本中已有此项目；import-form 只把表格录为新项目（可换一个项目编号）— the project is already in the ledger; import-form records a form as a new project",
            safe(&args.project)
        )));
    }
    let now = ctx.now;
    let appended = append_reader(
        &mut ledger,
        BufReader::new(text.as_bytes()),
        &ctx.actor,
        &mut |_| now,
        &mut |_| {},
    )?;
    let (first, last) = appended
        .range
        .expect("invariant: a form gives at least its registration");
    println!(
        "imported {} events from {shown}: seq {}..={}  head {}",
        appended.count,
        first.seq,
        last.seq,
        crate::event::hash::to_hex(&last.hash)
    );
    Ok(())
}
