//! The `jixiao` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

/// mimalloc, not glibc's malloc: whole-ledger passes allocate events on worker threads and
/// free them on another, which glibc serialises; `projects` on 200k events took half the time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (v2 and v3 `mimalloc.h`; the sys
/// crate names options only up to 21).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Keep freed memory for reuse instead of returning it to the OS 10 ms later: a
    // whole-ledger pass frees on one thread what workers allocate on others, and with purging
    // every worker kept faulting in (and the kernel zeroing) fresh pages. On the 1M-event
    // bench, replay went from 192k to 252k events/s and its system time from 1.4-2.1 s to
    // 0.5 s; a process runs one command, so nothing is held longer than it.
    // SAFETY: sets a plain integer option; valid at any time, and no other thread exists yet.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
    }
    // `jixiao log | head` must end quietly like any Unix filter, not panic on a closed pipe.
    // SAFETY: called before any other thread exists; SIG_DFL is a valid disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let (cli, lang) = jixiao::cli::parse();
    jixiao::cli::run(cli, lang)
}
