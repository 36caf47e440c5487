//! The `jixiao` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

/// mimalloc, not glibc's malloc: whole-ledger passes allocate events on worker threads and
/// free them on another, which glibc serialises; `projects` on 200k events took half the time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // `jixiao log | head` must end quietly like any Unix filter, not panic on a closed pipe.
    // SAFETY: called before any other thread exists; SIG_DFL is a valid disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let (cli, lang) = jixiao::cli::parse();
    jixiao::cli::run(cli, lang)
}
