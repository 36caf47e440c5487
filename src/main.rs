//! The `jixiao` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = jixiao::cli::Cli::parse();
    jixiao::cli::run(cli)
}
