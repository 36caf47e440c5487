//! `jixiao bench`: measures the ledger at scale on a synthetic ledger, beside the machine's
//! own limits (BLAKE3 throughput, fsync rate) measured in the same run and directory.
//! Works only inside its own workspace directory; prints nothing (progress goes to a callback;
//! `command.rs` prints). Part of the command line, not of the library: it reads the clock and
//! the temp dir, and writes and reads the ledger only through `Ledger` and the one append path.

mod checks;
pub mod command;
pub mod corpus;
pub mod generate;
mod long;
mod machine;
mod project;

pub use checks::group;

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use crate::cli::append::{append_inputs, append_reader};
use crate::event::envelope::export_line;
use crate::event::hash::event_hash;
use crate::event::ImportLine;
use crate::ledger::Ledger;
use generate::{ProjectSummary, Rng, Shape};
use machine::{
    cpu_model, cpu_time, dir_size, load_average, peak_rss_bytes, percentile_ms, percentiles,
    reset_peak_rss, secs,
};

/// Single durable appends measured (each one `Ledger::append` of one event, then flushed).
pub const APPENDS: u64 = 2_000;
/// Writes of the fsync probe, and the bytes of each (about one event).
pub const FSYNC_PROBES: u64 = 2_000;
pub const FSYNC_PROBE_BYTES: usize = 300;
/// Each latency probe stops early after this long, so a slow disk cannot stall the run.
pub const PROBE_TIME_LIMIT: Duration = Duration::from_secs(20);
/// Time-travel queries and reports measured.
pub const TIME_TRAVEL_QUERIES: u64 = 2_000;
pub const REPORTS: u64 = 500;

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("{0}")]
    Usage(String),
    #[error("I/O error in {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("the synthetic ledger was rejected (a bug in the generator or the rules): {0}")]
    Append(#[from] crate::ledger::AppendError),
    #[error(transparent)]
    Read(#[from] crate::ledger::ReadError),
    #[error("report: {0}")]
    Report(String),
    #[error("verification of the synthetic ledger failed at seq {seq}: {what}")]
    Verify { seq: u64, what: String },
}

fn io_at(path: &Path) -> impl FnOnce(std::io::Error) -> BenchError + '_ {
    move |source| BenchError::Io {
        path: path.to_path_buf(),
        source,
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub shape: Shape,
    /// Where the workspace directory is created (a fresh subdirectory); temp dir if None.
    pub dir: Option<PathBuf>,
    /// Keep the workspace (ledger, JSONL, export) instead of removing it at the end.
    pub keep: bool,
    /// Events of the long project (`long.rs`), whose history and report are timed.
    pub long_events: u64,
}

/// Every figure of one run. Rates are per second, latencies in milliseconds, sizes in bytes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
    pub events: u64,
    pub projects: u64,
    pub seed: u64,
    pub cores: u64,
    pub cpu: String,
    pub build: &'static str,
    pub workspace: String,
    pub jsonl_bytes: u64,
    pub generate_s: f64,
    pub import_s: f64,
    pub import_events_per_s: f64,
    /// Process CPU time (all threads) per event: what bounds a rate on a busy machine.
    pub import_cpu_us_per_event: f64,
    pub import_peak_rss_bytes: u64,
    pub appends: u64,
    pub append_events_per_s: f64,
    pub append_p50_ms: f64,
    pub append_p99_ms: f64,
    pub fsync_per_s: f64,
    pub fsync_p50_ms: f64,
    pub fsync_p99_ms: f64,
    pub verify_s: f64,
    pub verify_events_per_s: f64,
    pub verify_cpu_us_per_event: f64,
    pub blake3_bytes_per_s: f64,
    pub blake3_events_per_s: f64,
    pub replay_s: f64,
    pub replay_events_per_s: f64,
    pub replay_cpu_us_per_event: f64,
    pub replay_method: &'static str,
    pub time_travel_queries: u64,
    pub time_travel_p50_ms: f64,
    pub time_travel_p99_ms: f64,
    pub reports: u64,
    pub report_p50_ms: f64,
    pub report_p99_ms: f64,
    pub report_method: &'static str,
    pub report_bytes_mean: u64,
    /// The long project (one project of `long_events` events, its own ledger): `history`
    /// and `report --format json` on it, each timed once, in seconds.
    pub long_project_events: u64,
    pub long_history_s: f64,
    pub long_report_s: f64,
    pub long_report_bytes: u64,
    pub disk_bytes: u64,
    pub disk_bytes_per_event: f64,
    pub export_bytes: u64,
    pub export_bytes_per_event: f64,
    pub disk_to_export_ratio: f64,
    pub total_s: f64,
    /// The load average when the run ended: other work on the machine slows every figure.
    pub load_average: f64,
}

/// The workspace: a fresh directory, removed at the end unless kept.
struct Workspace {
    root: PathBuf,
    keep: bool,
}

impl Workspace {
    fn create(config: &Config) -> Result<Workspace, BenchError> {
        let parent = config.dir.clone().unwrap_or_else(std::env::temp_dir);
        let stamp = Utc::now().format("%Y%m%d-%H%M%S");
        let root = parent.join(format!("jixiao-bench-{stamp}-{}", std::process::id()));
        std::fs::create_dir_all(&root).map_err(io_at(&root))?;
        Ok(Workspace {
            root,
            keep: config.keep,
        })
    }
    fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

/// Runs every measurement in order; `progress` hears what is being measured.
pub fn run(config: &Config, progress: &mut dyn FnMut(&str)) -> Result<Figures, BenchError> {
    config.shape.check().map_err(BenchError::Usage)?;
    if config.long_events > long::MAX_LONG_EVENTS {
        return Err(BenchError::Usage(format!(
            "--long-project-events {}: at most {} (MAX_LONG_EVENTS)",
            config.long_events,
            long::MAX_LONG_EVENTS
        )));
    }
    let started = Instant::now();
    let ws = Workspace::create(config)?;
    let mut f = Figures {
        events: config.shape.events,
        projects: config.shape.projects,
        seed: config.shape.seed,
        cores: std::thread::available_parallelism().map_or(1, |n| n.get() as u64),
        cpu: cpu_model(),
        build: if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        workspace: ws.root.display().to_string(),
        ..Figures::default()
    };
    progress(&format!(
        "generating {} events over {} projects",
        f.events, f.projects
    ));
    let jsonl = ws.path("events.jsonl");
    let t = Instant::now();
    let generated = generate_file(config.shape, &jsonl)?;
    f.generate_s = secs(t.elapsed());
    f.jsonl_bytes = generated.bytes;
    progress("importing");
    let ledger_path = ws.path("ledger");
    let mut ledger = measure_import(&jsonl, &ledger_path, &mut f)?;
    if !config.keep {
        std::fs::remove_file(&jsonl).map_err(io_at(&jsonl))?;
    }
    progress("fsync probe and single durable appends");
    measure_fsync(&ws.path("fsync.probe"), &mut f)?;
    measure_appends(&mut ledger, &generated.projects, config.shape.seed, &mut f)?;
    progress("verify and BLAKE3");
    drop(ledger);
    measure_verify(&ledger_path, &mut f)?;
    let ledger = Ledger::open(&ledger_path)?;
    measure_blake3(&ledger, &mut f)?;
    progress("replay, time travel, reports");
    measure_replay(&ledger, &mut f)?;
    measure_time_travel(&ledger, &generated.projects, config.shape.seed, &mut f)?;
    measure_reports(&ledger, &generated.projects, config.shape.seed, &mut f)?;
    progress(&format!(
        "history and report of one project of {} events",
        config.long_events
    ));
    long::measure(
        &ws.path("long-ledger"),
        config.long_events,
        config.shape.seed,
        &mut f,
    )?;
    progress("export and sizes");
    let export = ws.path("export.jsonl");
    f.export_bytes = write_export(&ledger, &export)?;
    let total_events = ledger.head().map_or(0, |h| h.seq);
    drop(ledger);
    f.disk_bytes = dir_size(&ledger_path).map_err(io_at(&ledger_path))?;
    f.disk_bytes_per_event = f.disk_bytes as f64 / total_events.max(1) as f64;
    f.export_bytes_per_event = f.export_bytes as f64 / total_events.max(1) as f64;
    f.disk_to_export_ratio = f.disk_bytes as f64 / f.export_bytes.max(1) as f64;
    f.total_s = secs(started.elapsed());
    f.load_average = load_average();
    Ok(f)
}

fn generate_file(shape: Shape, path: &Path) -> Result<generate::Generated, BenchError> {
    let file = File::create(path).map_err(io_at(path))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let generated = generate::write_jsonl(shape, &mut out).map_err(io_at(path))?;
    out.flush().map_err(io_at(path))?;
    Ok(generated)
}

/// `jixiao import` of the generated file into a new ledger, durable at the end.
fn measure_import(jsonl: &Path, ledger_path: &Path, f: &mut Figures) -> Result<Ledger, BenchError> {
    let file = File::open(jsonl).map_err(io_at(jsonl))?;
    reset_peak_rss();
    let cpu = cpu_time();
    let t = Instant::now();
    let mut ledger = Ledger::init(ledger_path, &format!("jx-bench-{}", f.seed))?;
    let mut clock = scripted_clock();
    let appended = append_reader(
        &mut ledger,
        BufReader::with_capacity(1 << 20, file),
        "jixiao-bench",
        &mut clock,
        &mut |_| {},
    )?;
    f.import_s = secs(t.elapsed());
    f.import_peak_rss_bytes = peak_rss_bytes();
    f.import_events_per_s = appended.count as f64 / f.import_s;
    f.import_cpu_us_per_event = (cpu_time() - cpu) * 1e6 / appended.count.max(1) as f64;
    Ok(ledger)
}

/// Each event stamped on its effective day (09:00 +08:00), a millisecond apart, so that
/// `--known-at` instants select a real prefix of the history.
fn scripted_clock() -> impl FnMut(&ImportLine) -> DateTime<Utc> {
    let mut n = 0i64;
    move |line: &ImportLine| {
        n += 1;
        crate::time::cst_instant(
            line.effective.0,
            chrono::Duration::hours(9) + chrono::Duration::milliseconds(n % 3_600_000),
        )
    }
}

/// The disk's own limit for durable appends: small appended writes, each followed by fdatasync.
fn measure_fsync(path: &Path, f: &mut Figures) -> Result<(), BenchError> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(io_at(path))?;
    let record = [b'x'; FSYNC_PROBE_BYTES];
    let mut latencies = Vec::with_capacity(FSYNC_PROBES as usize);
    let t = Instant::now();
    while (latencies.len() as u64) < FSYNC_PROBES && t.elapsed() < PROBE_TIME_LIMIT {
        let one = Instant::now();
        file.write_all(&record).map_err(io_at(path))?;
        file.sync_data().map_err(io_at(path))?;
        latencies.push(one.elapsed());
    }
    f.fsync_per_s = latencies.len() as f64 / secs(t.elapsed());
    (f.fsync_p50_ms, f.fsync_p99_ms) = percentiles(&mut latencies);
    drop(file);
    std::fs::remove_file(path).map_err(io_at(path))
}

/// A clerk's one-at-a-time recording: each append is one event, durable before it returns.
fn measure_appends(
    ledger: &mut Ledger,
    projects: &[ProjectSummary],
    seed: u64,
    f: &mut Figures,
) -> Result<(), BenchError> {
    let mut rng = Rng::new(seed ^ 0xA99E_17D5);
    // A withdrawn project takes no further events: the clerks record on the others.
    let projects: Vec<ProjectSummary> = projects.iter().filter(|p| !p.withdrawn).cloned().collect();
    let projects = projects.as_slice();
    let mut headroom: Vec<u64> = projects.iter().map(|p| p.headroom_fen).collect();
    let mut at = Utc
        .with_ymd_and_hms(2026, 1, 1, 1, 0, 0)
        .single()
        .expect("invariant: valid instant");
    let mut latencies = Vec::with_capacity(APPENDS as usize);
    let t = Instant::now();
    while (latencies.len() as u64) < APPENDS && t.elapsed() < PROBE_TIME_LIMIT {
        let p = rng.below(projects.len() as u64) as usize;
        let text = clerk_line(&projects[p], &mut headroom[p], &mut rng);
        let input = (1, ImportLine::parse(&text));
        at += chrono::Duration::seconds(1);
        let one = Instant::now();
        append_inputs(ledger, [input], &projects[p].actor, &mut |_| at)?;
        latencies.push(one.elapsed());
    }
    f.appends = latencies.len() as u64;
    f.append_events_per_s = f.appends as f64 / secs(t.elapsed());
    (_, f.append_p99_ms) = percentiles(&mut latencies);
    f.append_p50_ms = percentile_ms(&latencies, 50);
    Ok(())
}

/// One recording command's line: a small disbursement where funds remain, else a
/// measurement or a narrative.
fn clerk_line(p: &ProjectSummary, headroom_fen: &mut u64, rng: &mut Rng) -> String {
    let effective = format!("{}-08-15", p.year + 1);
    let head = format!(
        r#"{{"type":"{{TYPE}}","project":"{}","effective":"{effective}","data":"#,
        p.id
    );
    let amount = (*headroom_fen / 20).min(500_000) / 100 * 100;
    if amount > 0 && rng.chance(60) {
        *headroom_fen -= amount;
        let text = generate::amount_text(amount, rng);
        return head.replace("{TYPE}", "funds.disbursed")
            + &format!(
                r#"{{"amount":"{text}","purpose":"结余资金支付尾款","category":"工程款"}}}}"#
            );
    }
    if p.indicators > 0 && rng.chance(50) {
        let id = rng.range(1, u64::from(p.indicators));
        return head.replace("{TYPE}", "indicator.measured")
            + &format!(
                r#"{{"id":"ind-{id:02}","actual":"{}","note":"复核后更新"}}}}"#,
                rng.range(1, 900)
            );
    }
    head.replace("{TYPE}", "narrative.recorded")
        + r#"{"section":"improvements","text":"下一步将加快预算执行进度，提高资金使用效益。"}}"#
}

/// `jixiao verify` as a user runs it on a closed ledger: the scan of the files for damaged
/// copies, the open, the chain, the head and the indexes.
fn measure_verify(ledger_path: &Path, f: &mut Figures) -> Result<(), BenchError> {
    let cpu = cpu_time();
    let t = Instant::now();
    let verdict = crate::ledger::verify::verify_at(ledger_path)?;
    f.verify_s = secs(t.elapsed());
    f.verify_cpu_us_per_event = (cpu_time() - cpu) * 1e6 / verdict.events.max(1) as f64;
    if let Some(p) = verdict.problem {
        return Err(BenchError::Verify {
            seq: p.seq,
            what: p.what,
        });
    }
    f.verify_events_per_s = verdict.events as f64 / f.verify_s;
    Ok(())
}

/// Events hashed per timed batch: the timer's own cost stays far below the hashing's.
const HASH_BATCH_EVENTS: usize = 4_096;

/// BLAKE3 (derive-key mode, one event at a time as verify does) over the events' canonical
/// bytes (the stored bytes: `Ledger::events` checked each against its hash), timing only the
/// hashing: the bound of any verification on this machine.
fn measure_blake3(ledger: &Ledger, f: &mut Figures) -> Result<(), BenchError> {
    let (mut hashing, mut bytes, mut events) = (Duration::ZERO, 0u64, 0u64);
    let mut sink = 0u8;
    let mut batch: Vec<Vec<u8>> = Vec::with_capacity(HASH_BATCH_EVENTS);
    let mut hash_batch = |batch: &mut Vec<Vec<u8>>| {
        let t = Instant::now();
        for canonical in batch.iter() {
            sink ^= event_hash(canonical)[0];
            bytes += canonical.len() as u64;
        }
        hashing += t.elapsed();
        events += batch.len() as u64;
        batch.clear();
    };
    for s in ledger.events() {
        batch.push(s?.env.canonical_bytes());
        if batch.len() == HASH_BATCH_EVENTS {
            hash_batch(&mut batch);
        }
    }
    hash_batch(&mut batch);
    std::hint::black_box(sink);
    f.blake3_bytes_per_s = bytes as f64 / secs(hashing);
    f.blake3_events_per_s = events as f64 / secs(hashing);
    Ok(())
}

/// A full projection of every project (what `projects` and any ledger-wide question need).
fn measure_replay(ledger: &Ledger, f: &mut Figures) -> Result<(), BenchError> {
    let cpu = cpu_time();
    let t = Instant::now();
    let (events, states) = project::replay_all(ledger)?;
    f.replay_s = secs(t.elapsed());
    f.replay_cpu_us_per_event = (cpu_time() - cpu) * 1e6 / events.max(1) as f64;
    drop(states);
    f.replay_events_per_s = events as f64 / f.replay_s;
    f.replay_method = project::METHOD;
    Ok(())
}

/// `state --as-of DATE --known-at ...` of random projects at random points.
fn measure_time_travel(
    ledger: &Ledger,
    projects: &[ProjectSummary],
    seed: u64,
    f: &mut Figures,
) -> Result<(), BenchError> {
    let mut rng = Rng::new(seed ^ 0x7177_E7A7);
    let head = ledger.head().map_or(0, |h| h.seq);
    let mut latencies = Vec::with_capacity(TIME_TRAVEL_QUERIES as usize);
    for _ in 0..TIME_TRAVEL_QUERIES {
        let p = &projects[rng.below(projects.len() as u64) as usize];
        let as_of = random_day(p.year, &mut rng);
        let known_at = if rng.chance(50) {
            crate::time::KnownAt::Seq(rng.range(1, head))
        } else {
            crate::time::KnownAt::Instant(crate::time::end_of_day_cst(random_day(p.year, &mut rng)))
        };
        let t = Instant::now();
        project::state_at(ledger, &p.id, as_of, known_at)?;
        latencies.push(t.elapsed());
    }
    f.time_travel_queries = latencies.len() as u64;
    (f.time_travel_p50_ms, f.time_travel_p99_ms) = percentiles(&mut latencies);
    Ok(())
}

fn random_day(year: i32, rng: &mut Rng) -> chrono::NaiveDate {
    let start = chrono::NaiveDate::from_ymd_opt(year, 1, 1).expect("invariant: valid year");
    start + chrono::Days::new(rng.below(600))
}

fn measure_reports(
    ledger: &Ledger,
    projects: &[ProjectSummary],
    seed: u64,
    f: &mut Figures,
) -> Result<(), BenchError> {
    let mut rng = Rng::new(seed ^ 0x2E90_2700);
    let mut latencies = Vec::with_capacity(REPORTS as usize);
    let mut bytes = 0u64;
    for _ in 0..REPORTS {
        let p = &projects[rng.below(projects.len() as u64) as usize];
        let t = Instant::now();
        bytes += project::report_json(ledger, &p.id)?.len() as u64;
        latencies.push(t.elapsed());
    }
    f.reports = latencies.len() as u64;
    f.report_bytes_mean = bytes / f.reports.max(1);
    f.report_method = project::REPORT_METHOD;
    (f.report_p50_ms, f.report_p99_ms) = percentiles(&mut latencies);
    Ok(())
}

/// What `jixiao export --out` writes; returns its size.
fn write_export(ledger: &Ledger, path: &Path) -> Result<u64, BenchError> {
    let file = File::create(path).map_err(io_at(path))?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    let mut bytes = 0u64;
    for s in ledger.events() {
        let s = s?;
        let line = export_line(&s.env.canonical_bytes(), &s.hash);
        w.write_all(&line).map_err(io_at(path))?;
        w.write_all(b"\n").map_err(io_at(path))?;
        bytes += line.len() as u64 + 1;
    }
    w.flush().map_err(io_at(path))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_run_imports_verifies_and_measures() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config {
            shape: Shape {
                events: 6_000,
                projects: 40,
                seed: 3,
            },
            dir: Some(dir.path().to_path_buf()),
            keep: false,
            long_events: 1_000,
        };
        let f = run(&config, &mut |_| {}).unwrap();
        assert_eq!(f.events, 6_000);
        assert!(f.import_events_per_s > 0.0 && f.verify_events_per_s > 0.0);
        assert!(f.appends > 0 && f.export_bytes > 0 && f.disk_bytes > 0);
        assert_eq!(f.long_project_events, 1_000);
        assert!(f.long_history_s > 0.0 && f.long_report_bytes > 0);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "workspace removed"
        );
    }
}
