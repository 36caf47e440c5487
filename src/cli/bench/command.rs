//! `jixiao bench`: arguments, progress on stderr, and the table (or one JSON object) on stdout.
//! The measuring itself lives in the parent module (`cli::bench`).

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use unicode_width::UnicodeWidthStr;

use super::generate::Shape;
use super::{group, Config, Figures};
use crate::cli::{Context, Failure};

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Events in the synthetic ledger
    #[arg(long, default_value_t = 1_000_000)]
    events: u64,
    /// Projects the events are spread over
    #[arg(long, default_value_t = 10_000)]
    projects: u64,
    /// Seed of the synthetic ledger (the same seed gives the same events)
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Directory to work in (a fresh subdirectory is made) [default: the temp dir]
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Keep the workspace (generated events.jsonl, ledger and export) instead of removing it
    #[arg(long)]
    keep: bool,
    /// Events of the one long project whose history and report are timed
    #[arg(long, default_value_t = 100_000)]
    long_project_events: u64,
    /// Print one JSON object instead of the table
    #[arg(long)]
    json: bool,
}

pub fn run(args: BenchArgs, _ctx: &Context) -> Result<(), Failure> {
    let config = Config {
        shape: Shape {
            events: args.events,
            projects: args.projects,
            seed: args.seed,
        },
        dir: args.dir,
        keep: args.keep,
        long_events: args.long_project_events,
    };
    let started = Instant::now();
    let mut progress = |stage: &str| {
        eprintln!("[{:>6.1} s] {stage}…", started.elapsed().as_secs_f64());
    };
    let figures = super::run(&config, &mut progress).map_err(|e| match e {
        super::BenchError::Usage(m) => Failure::input(m),
        other => Failure::input(format!("bench: {other}")),
    })?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &figures).expect("invariant: figures serialize");
        writeln!(out)?;
    } else {
        print_table(&mut out, &figures, config.keep)?;
    }
    Ok(())
}

fn print_table(out: &mut impl Write, f: &Figures, kept: bool) -> std::io::Result<()> {
    writeln!(
        out,
        "jixiao bench: {} events over {} projects (seed {}), {} build, {} cores ({})",
        group(f.events),
        group(f.projects),
        f.seed,
        f.build,
        f.cores,
        f.cpu
    )?;
    if f.build != "release" {
        writeln!(
            out,
            "note: a debug build; measure with `cargo run --release -- bench`"
        )?;
    }
    writeln!(
        out,
        "workspace {} ({}); load average {:.2} at the end (other work slows every figure)\n",
        f.workspace,
        if kept { "kept" } else { "removed" },
        f.load_average
    )?;
    let header = ["", "measured", "bound on this machine", "target", ""];
    let rows: Vec<[String; 5]> = f
        .checks()
        .into_iter()
        .map(|c| {
            let status = match c.met {
                Some(true) => "met",
                Some(false) => "MISSED",
                None => "",
            };
            [
                c.name.to_string(),
                c.value,
                c.bound,
                c.target.to_string(),
                status.to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.width());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |cells: &[String; 5]| {
        let mut s = String::new();
        for (cell, w) in cells.iter().zip(widths) {
            s.push_str(cell);
            s.push_str(&" ".repeat(w - cell.width() + 2));
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(&header.map(String::from)))?;
    for row in &rows {
        writeln!(out, "{}", line(row))?;
    }
    writeln!(
        out,
        "\ngenerated {:.0} MB of JSONL in {:.1} s; {} appends; {} time-travel queries; {} reports (mean {} bytes); total {:.1} s",
        f.jsonl_bytes as f64 / 1e6,
        f.generate_s,
        f.appends,
        f.time_travel_queries,
        f.reports,
        group(f.report_bytes_mean),
        f.total_s
    )?;
    writeln!(out, "replay: {}", f.replay_method)?;
    writeln!(out, "report: {}", f.report_method)?;
    Ok(())
}
