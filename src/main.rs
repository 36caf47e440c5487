//! The `jixiao` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // `jixiao log | head` must end quietly like any Unix filter, not panic on a closed pipe.
    // SAFETY: called before any other thread exists; SIG_DFL is a valid disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = jixiao::cli::Cli::parse();
    jixiao::cli::run(cli)
}
