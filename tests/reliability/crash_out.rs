//! Crash safety of output files (issue 12, input 3): `export --out FILE` and
//! `report --out FILE` are killed with SIGKILL at seeded random moments, FILE holding an old
//! version each time. After every kill FILE must be the old file or the whole new one, never
//! a part of either; the ledger still verifies.
//!
//! Default: 40 kill points (20 per command) on a ledger of 12,000 disbursements in one project
//! (the export is ~3 MB and the report lists every disbursement). Larger:
//! `JIXIAO_CRASH_OUT_KILLS=400`.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::{env_u64, jixiao_command, line, seed, Between, Rng, Run, TestLedger};

const PROJECT: &str = "crash-out";
const DISBURSEMENTS: usize = 12_000;

fn ledger_lines() -> String {
    let mut out = vec![
        line(
            "project.registered",
            PROJECT,
            "2023-01-01",
            json!({"name": "输出崩溃测试项目", "department": "测试局", "year": 2023}),
        ),
        line(
            "budget.allocated",
            PROJECT,
            "2023-01-01",
            json!({"amount": "1亿"}),
        ),
        line(
            "funds.arrived",
            PROJECT,
            "2023-01-02",
            json!({"amount": "1亿元"}),
        ),
    ];
    for i in 0..DISBURSEMENTS {
        let data = json!({"amount": "1.00", "purpose": format!("专利资助 第{i}笔")});
        out.push(line("funds.disbursed", PROJECT, "2023-03-02", data));
    }
    out.join("\n") + "\n"
}

/// SIGKILLs the child after `at` unless it ended before; waits for it either way.
fn kill_after(mut child: Child, at: Duration) -> Run {
    let deadline = Instant::now() + at;
    while Instant::now() < deadline && child.try_wait().expect("try_wait").is_none() {
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = child.kill();
    Run::from_output(child.wait_with_output().expect("wait for the command"))
}

/// One command that writes `out`, and what it writes when it finishes.
struct Writer {
    name: &'static str,
    args: Vec<String>,
    out: PathBuf,
    whole: Vec<u8>,
    /// An uninterrupted run's duration (the fastest seen).
    full: Duration,
}

impl Writer {
    fn new(ledger: &TestLedger, name: &'static str, args: &[&str], stdout_args: &[&str]) -> Writer {
        let out = ledger.dir().join(format!("{name}.out"));
        let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        args.extend(["--out".to_string(), out.display().to_string()]);
        let whole = jixiao_command(&ledger.path)
            .args(stdout_args)
            .output()
            .expect("runs")
            .stdout;
        assert!(
            whole.len() > 256 << 10,
            "{name}: a large file ({} bytes)",
            whole.len()
        );
        let started = Instant::now();
        jixiao_command(&ledger.path)
            .args(&args)
            .output()
            .expect("runs");
        let full = started.elapsed();
        assert_eq!(
            std::fs::read(&out).expect("written"),
            whole,
            "{name}: --out equals stdout"
        );
        Writer {
            name,
            args,
            out,
            whole,
            full,
        }
    }

    fn spawn(&self, ledger: &Path) -> Child {
        let mut c = jixiao_command(ledger);
        c.args(&self.args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c.spawn().expect("spawn")
    }
}

/// Removes the temporary files killed writers left in `dir` (allowed); returns how many.
fn remove_temporaries(dir: &Path) -> u64 {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path
            .file_name()
            .is_some_and(|f| f.to_string_lossy().contains(".jixiao-tmp-"))
        {
            std::fs::remove_file(&path).expect("remove temporary");
            n += 1;
        }
    }
    n
}

#[test]
fn a_killed_out_leaves_the_old_file_or_the_whole_new_one() {
    let kills = env_u64("JIXIAO_CRASH_OUT_KILLS", 40);
    let mut rng = Rng::new(seed(0x0C7));
    let ledger = TestLedger::new();
    ledger
        .import_text(&ledger_lines())
        .assert_ok("setup import");
    let mut writers = [
        Writer::new(&ledger, "export", &["export"], &["export"]),
        Writer::new(
            &ledger,
            "report",
            &["report", PROJECT, "--format", "md"],
            &["report", PROJECT, "--format", "md"],
        ),
    ];
    let old = b"an old version of the file, which a killed command must leave whole\n".repeat(1000);
    let (mut olds, mut news, mut temporaries) = (0u64, 0u64, 0u64);
    for k in 0..kills {
        let w = &mut writers[(k % 2) as usize];
        std::fs::write(&w.out, &old).expect("write the old file");
        let scale = w.full.as_secs_f64();
        // Anywhere in the run, or near its end, where the file is written and renamed.
        let at = match rng.below(2) {
            0 => rng.between_f64(0.0, 1.1 * scale),
            _ => rng.between_f64(0.6 * scale, 1.1 * scale),
        };
        let started = Instant::now();
        let run = kill_after(w.spawn(&ledger.path), Duration::from_secs_f64(at));
        if run.code == Some(0) {
            w.full = w.full.min(started.elapsed());
        } else {
            assert!(
                run.code.is_none(),
                "{}: failed without a kill: {}",
                w.name,
                run.stderr
            );
        }
        let file = std::fs::read(&w.out).expect("the file is there");
        match file {
            f if f == old => olds += 1,
            f if f == w.whole => news += 1,
            f => panic!(
                "kill point {k} ({} at {at:.3} s): {} holds {} bytes, neither the old file ({}) nor the whole new one ({})",
                w.name,
                w.out.display(),
                f.len(),
                old.len(),
                w.whole.len()
            ),
        }
        temporaries += remove_temporaries(ledger.dir());
    }
    ledger.ok(["verify"]);
    let full = writers.map(|w| format!("{} {:.2?}", w.name, w.full));
    eprintln!("crash_out: {kills} kills: {olds} old, {news} new, {temporaries} temporary files left; uninterrupted {full:?}");
    assert!(
        temporaries > 0,
        "no kill landed while a file was being written"
    );
    assert_eq!(olds + news, kills);
}
