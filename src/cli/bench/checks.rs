//! The figures against the issues' targets (issue 14 item 5 where it set them), and the table `jixiao bench` prints.

use super::*;

/// Whether the figures meet the targets; `None` where there is no target.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub value: String,
    pub bound: String,
    pub target: &'static str,
    pub met: Option<bool>,
}

impl Figures {
    pub fn checks(&self) -> Vec<Check> {
        let rate = |v: f64| format!("{}/s", group(v as u64));
        let ms = |p50: f64, p99: f64| format!("p50 {p50:.2} ms, p99 {p99:.2} ms");
        let cores = self.cores.max(1) as f64;
        let cpu = |us: f64| {
            format!(
                "CPU {us:.1} µs/event (≤ {}/s on {} idle cores)",
                group((cores * 1e6 / us.max(1e-3)) as u64),
                self.cores
            )
        };
        let check = |name, value, bound: String, target, met: Option<bool>| Check {
            name,
            value,
            bound,
            target,
            met,
        };
        vec![
            check(
                "import",
                format!(
                    "{} events/s ({:.1} s)",
                    group(self.import_events_per_s as u64),
                    self.import_s
                ),
                cpu(self.import_cpu_us_per_event),
                "≥ 300,000 events/s",
                Some(self.import_events_per_s >= 300_000.0),
            ),
            check(
                "import peak memory",
                format!("{} MiB", self.import_peak_rss_bytes >> 20),
                String::new(),
                "≤ 256 MiB",
                Some(self.import_peak_rss_bytes <= 256 << 20),
            ),
            check(
                "single durable appends",
                format!(
                    "{} ({})",
                    rate(self.append_events_per_s),
                    ms(self.append_p50_ms, self.append_p99_ms)
                ),
                format!(
                    "fsync {} ({})",
                    rate(self.fsync_per_s),
                    ms(self.fsync_p50_ms, self.fsync_p99_ms)
                ),
                "≥ 60% of fsync/s",
                Some(self.append_events_per_s >= 0.6 * self.fsync_per_s),
            ),
            check(
                "verify",
                format!(
                    "{} events/s ({:.1} s)",
                    group(self.verify_events_per_s as u64),
                    self.verify_s
                ),
                format!(
                    "{}; BLAKE3 {} MB/s = {} events/s per core",
                    cpu(self.verify_cpu_us_per_event),
                    group((self.blake3_bytes_per_s / 1e6) as u64),
                    group(self.blake3_events_per_s as u64)
                ),
                "≥ 1,000,000 events/s",
                Some(self.verify_events_per_s >= 1e6),
            ),
            check(
                "replay (every project)",
                format!(
                    "{} events/s ({:.1} s)",
                    group(self.replay_events_per_s as u64),
                    self.replay_s
                ),
                cpu(self.replay_cpu_us_per_event),
                "≥ 1,000,000 events/s",
                Some(self.replay_events_per_s >= 1e6),
            ),
            check(
                "time travel (state)",
                ms(self.time_travel_p50_ms, self.time_travel_p99_ms),
                String::new(),
                "p99 ≤ 5 ms",
                Some(self.time_travel_p99_ms <= 5.0),
            ),
            check(
                "report (JSON)",
                ms(self.report_p50_ms, self.report_p99_ms),
                String::new(),
                "p99 ≤ 50 ms",
                Some(self.report_p99_ms <= 50.0),
            ),
            check(
                "history (one long project)",
                format!(
                    "{:.0} ms ({} events)",
                    self.long_history_s * 1e3,
                    group(self.long_project_events)
                ),
                String::new(),
                "linear: one pass",
                None,
            ),
            check(
                "report (JSON, one long project)",
                format!(
                    "{:.0} ms ({} MB)",
                    self.long_report_s * 1e3,
                    self.long_report_bytes / 1_000_000
                ),
                String::new(),
                "linear: one fold",
                None,
            ),
            check(
                "disk per event",
                format!("{:.0} B", self.disk_bytes_per_event),
                format!("export {:.0} B/event", self.export_bytes_per_event),
                "≤ 2.5 × export",
                Some(self.disk_to_export_ratio <= 2.5),
            ),
        ]
    }
}

/// `1234567` → `1,234,567`.
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
