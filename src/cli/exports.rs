//! `--format csv|xlsx` and `--out` for `projects`, `state`, `history` and `log`: which format
//! was asked for, and writing an export table to stdout or a file.

use std::io::Write as _;
use std::path::Path;

use clap::Args;

use super::output::OutPath;
use super::term::safe;
use super::{Context, Failure};
use crate::export::{csv, xlsx, Table};

/// How a listing is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    Text,
    Json,
    Csv,
    Xlsx,
}

/// `--format` and `--out` of a listing command.
#[derive(Debug, Args, Clone)]
pub struct FormatArgs {
    /// text (default), json, csv (UTF-8 with BOM) or xlsx (needs --out)
    #[arg(long, default_value = "text")]
    pub format: String,
    /// Write to this file (not inside the ledger directory) [default: stdout]
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
}

impl FormatArgs {
    /// The listing asked for; `--json` is `--format json`. `allowed` lists what the command
    /// offers; anything else is refused naming them.
    pub fn listing(&self, json: bool, allowed: &[&str]) -> Result<Listing, Failure> {
        let name = if json { "json" } else { self.format.as_str() };
        let listing = match name {
            "text" => Listing::Text,
            "json" => Listing::Json,
            "csv" => Listing::Csv,
            "xlsx" => Listing::Xlsx,
            _ => Listing::Text,
        };
        if !allowed.contains(&name) {
            return Err(Failure::input(format!(
                "--format {name:?}：此命令可用 {} — this command offers {}",
                allowed.join("、"),
                allowed.join(", ")
            )));
        }
        if listing == Listing::Xlsx && self.out.is_none() {
            return Err(Failure::input(
                "--format xlsx：二进制文件须用 --out FILE 写入文件 — xlsx needs --out FILE"
                    .to_string(),
            ));
        }
        Ok(listing)
    }
}

/// Writes `text` to `--out` (whole or not at all) or to stdout.
pub fn emit_text(text: &str, out: Option<&Path>, ctx: &Context) -> Result<(), Failure> {
    match out {
        Some(path) => write_file(text.as_bytes(), path, ctx),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            Ok(stdout.flush()?)
        }
    }
}

/// Writes a table as CSV or xlsx (`--out` required for xlsx, checked by `listing`).
pub fn emit_table(
    table: &Table,
    listing: Listing,
    out: Option<&Path>,
    ctx: &Context,
) -> Result<(), Failure> {
    match listing {
        Listing::Xlsx => {
            let bytes = xlsx::render(table).map_err(|e| Failure::input(e.to_string()))?;
            let path = out.expect("invariant: listing() requires --out for xlsx");
            write_file(&bytes, path, ctx)
        }
        _ => emit_text(&csv::render(table), out, ctx),
    }
}

fn write_file(bytes: &[u8], path: &Path, ctx: &Context) -> Result<(), Failure> {
    let out = OutPath::check(path, &ctx.ledger_path)?;
    out.write(|w| Ok(w.write_all(bytes)?))?;
    eprintln!("wrote {}", safe(&out.path().display().to_string()));
    Ok(())
}
