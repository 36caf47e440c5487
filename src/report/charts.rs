//! Inline SVG charts for the HTML report: budget (initial → adjusted) vs arrived vs spent,
//! and each indicator's completion against its target. Geometry only; figures come from the model.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use unicode_width::UnicodeWidthChar;

use super::html::esc;
use super::model::{Report, ReportIndicator};
use crate::event::Tier;
use crate::money::Yuan;
use crate::projection::indicator::actual_number;
use crate::projection::state::percent;
use crate::value::{parse_actual, parse_target_with, Comparator};

/// Completion bars stop at this multiple of the target; the real percentage is printed.
const CAP_RATIO: i64 = 3;
/// Indicator rows per SVG, so that one chart always fits on one A4 page.
const ROWS_PER_CHART: usize = 16;
/// SVG user units; the charts scale to the text width (`width: 100%`).
const CHART_W: u32 = 680;
/// SVG text never wraps: names are cut to this many display columns (a CJK char is 2).
const NAME_COLS: usize = 104;
/// Tenths of an SVG unit one display column takes at 12px (digits and `%` run a little wide).
const COL_TENTHS: u32 = 65;

/// System font stacks only: the file must render offline, wherever it is opened.
/// Cuts text to `cols` display columns, because SVG text never wraps.
fn clip_cols(s: &str, cols: usize) -> String {
    let mut used = 0;
    let mut out = String::new();
    for c in s.chars() {
        used += c.width().unwrap_or(0);
        if used > cols {
            out.push('…');
            return out;
        }
        out.push(c);
    }
    out
}

/// `part / whole` of `span` user units, one decimal; 0 when `whole` is 0.
fn scale(part: Decimal, whole: Decimal, span: u32) -> Decimal {
    let w = part
        .checked_div(whole)
        .and_then(|f| f.checked_mul(Decimal::from(span)));
    w.map_or(Decimal::ZERO, |w| {
        w.max(Decimal::ZERO).round_dp(1).normalize()
    })
}

fn svg_open(height: u32, label: &str) -> String {
    let label = esc(label);
    format!("<svg class=\"chart\" viewBox=\"0 0 {CHART_W} {height}\" role=\"img\" aria-label=\"{label}\"><title>{label}</title>\n")
}

/// Budget geometry: labels right-aligned left of `BAR_X`, values right of the bar.
const BAR_X: u32 = 132;
const BAR_MAX_W: u32 = 360;
const BUDGET_ROW_H: u32 = 34;

pub(super) fn budget_chart(r: &Report) -> String {
    let m = &r.money.figures;
    let wan = |y: Yuan| format!("{} 万元", y.wan());
    let cut = m.budget != m.initial_budget;
    let (initial, mut adjusted) = (wan(m.initial_budget), wan(m.budget));
    if cut {
        adjusted = format!("{adjusted}（由 {initial} 调整）");
    }
    let arrived = format!("{} · 到位率 {}", wan(m.arrived), percent(m.arrival_ratio));
    let spent = format!("{} · 执行率 {}", wan(m.spent), percent(m.execution_ratio));
    let rows = [
        ("年初预算", m.initial_budget, "bar-initial", initial),
        ("全年预算（调整后）", m.budget, "bar-budget", adjusted),
        ("资金到位", m.arrived, "bar-arrived", arrived),
        ("实际支出", m.spent, "bar-spent", spent),
    ];
    let max = rows.iter().map(|row| row.1.decimal()).max();
    let max = max.unwrap_or_default();
    let mut s = svg_open(BUDGET_ROW_H * 4 + 8, "预算、到位与支出（万元）");
    for (n, (label, value, class, note)) in rows.iter().enumerate() {
        let y = 8 + BUDGET_ROW_H * n as u32;
        let (text_y, label_x, label) = (y + 14, BAR_X - 8, esc(label));
        let w = scale(value.decimal(), max, BAR_MAX_W);
        let mut ghost = String::new();
        let mut end = w;
        if n == 1 && cut {
            // The cut stays visible: the initial budget as a dashed outline behind the bar.
            let g = scale(m.initial_budget.decimal(), max, BAR_MAX_W);
            end = end.max(g);
            ghost = format!(
                "<rect class=\"ghost\" x=\"{BAR_X}\" y=\"{y}\" width=\"{g}\" height=\"18\"/>"
            );
        }
        let (note_x, note) = (Decimal::from(BAR_X + 6) + end, esc(note));
        let _ = writeln!(s, "<text x=\"{label_x}\" y=\"{text_y}\" text-anchor=\"end\">{label}</text>{ghost}<rect class=\"{class}\" x=\"{BAR_X}\" y=\"{y}\" width=\"{w}\" height=\"18\"/><text x=\"{note_x}\" y=\"{text_y}\">{note}</text>");
    }
    s + "</svg>"
}

/// What the completion chart can say about one indicator.
enum Completion {
    /// actual ÷ target; `ceiling` for ≤/< targets, where less is better.
    Ratio {
        ratio: Decimal,
        ceiling: bool,
    },
    Tier(Tier),
    Deadline,
    Missing,
    NotComparable,
}

fn completion(i: &ReportIndicator) -> Completion {
    if i.comparator == Comparator::Qualitative {
        return i.tier.map_or(Completion::Missing, Completion::Tier);
    }
    let Some(actual) = i.actual.as_deref() else {
        return Completion::Missing;
    };
    if i.comparator == Comparator::Deadline {
        return Completion::Deadline;
    }
    let target = parse_target_with(&i.target, i.comparator).ok();
    let want = target.as_ref().and_then(|t| t.value);
    let got = target
        .as_ref()
        .and_then(|t| actual_number(t, &parse_actual(actual)));
    match got.zip(want).and_then(|(g, w)| g.checked_div(w)) {
        Some(ratio) => Completion::Ratio {
            ratio,
            ceiling: matches!(i.comparator, Comparator::Le | Comparator::Lt),
        },
        None => i.tier.map_or(Completion::NotComparable, Completion::Tier),
    }
}

/// Completion geometry: the track spans 0 to `CAP_RATIO` × target.
const TRACK_X: u32 = 8;
const TRACK_W: u32 = 450;
const AXIS_H: u32 = 22;
const IND_ROW_H: u32 = 38;
const PILL_W: u32 = 120;

pub(super) fn indicator_figures(r: &Report, o: &mut String) {
    let parts = r.indicators.len().div_ceil(ROWS_PER_CHART);
    let cap = CAP_RATIO * 100;
    for (n, rows) in r.indicators.chunks(ROWS_PER_CHART).enumerate() {
        let part = if parts > 1 {
            format!("（{}/{parts}）", n + 1)
        } else {
            String::new()
        };
        let chart = indicator_chart(rows);
        let _ = writeln!(o, "<figure>\n{chart}\n<figcaption>图 2{part}　各项指标实现值对预期值的完成程度（虚线为 100%，超过 {cap}% 的部分截断，标注实际百分比；定性、期限指标标注等级）</figcaption>\n</figure>");
    }
}

fn indicator_chart(rows: &[ReportIndicator]) -> String {
    let height = AXIS_H + IND_ROW_H * rows.len() as u32 + 4;
    let mut s = svg_open(height, "指标完成程度");
    for k in 0..=CAP_RATIO as u32 {
        let x = TRACK_X + TRACK_W * k / CAP_RATIO as u32;
        let (label, anchor) = match k {
            0 => ("0".to_string(), "start"),
            1 => ("100%（预期值）".to_string(), "middle"),
            _ => (format!("{}%", k * 100), "middle"),
        };
        let _ = writeln!(
            s,
            "<text class=\"small\" x=\"{x}\" y=\"14\" text-anchor=\"{anchor}\">{label}</text>"
        );
    }
    for (n, i) in rows.iter().enumerate() {
        indicator_row(i, AXIS_H + IND_ROW_H * n as u32, &mut s);
    }
    s + "</svg>"
}

fn indicator_row(i: &ReportIndicator, y: u32, s: &mut String) {
    let class = match i.met {
        Some(true) => "met",
        Some(false) => "unmet",
        None => "unknown",
    };
    let (bar_y, name_y) = (y + 18, y + 13);
    let (full, name) = (esc(&i.name), esc(&clip_cols(&i.name, NAME_COLS)));
    let _ = write!(
        s,
        "<g><title>{full}</title><text x=\"{TRACK_X}\" y=\"{name_y}\">{name}</text>"
    );
    let (target, actual) = (&i.target, i.actual.as_deref().unwrap_or("—"));
    let (x, note) = match completion(i) {
        Completion::Ratio { ratio, ceiling } => {
            ratio_bar(s, bar_y, class, ratio);
            // Under a ceiling less is better and an empty bar is a pass: say so in words.
            let (what, verdict) = match (ceiling, i.met) {
                (false, _) => ("完成", ""),
                (true, Some(true)) => ("占上限", "，达成"),
                (true, Some(false)) => ("占上限", "，超限"),
                (true, None) => ("占上限", ""),
            };
            let shown = percent(Some(ratio));
            (
                TRACK_X + TRACK_W + 8,
                format!("{what} {shown}（{actual} / {target}{verdict}）"),
            )
        }
        Completion::Tier(t) => {
            pill(s, bar_y, class, &format!("定性：{}", t.name()));
            (TRACK_X + PILL_W + 8, format!("预期：{target}"))
        }
        Completion::Deadline => {
            let verdict = match i.met {
                Some(true) => "按期完成",
                Some(false) => "未按期",
                None => "待定",
            };
            pill(s, bar_y, class, &format!("期限：{verdict}"));
            (TRACK_X + PILL_W + 8, format!("{actual} / {target}"))
        }
        Completion::Missing => (TRACK_X, "无实现值".to_string()),
        Completion::NotComparable => (TRACK_X, format!("无法换算比例（{actual} / {target}）")),
    };
    let note = esc(&clip_cols(
        &note,
        ((CHART_W - x) * 10 / COL_TENTHS) as usize,
    ));
    let note_y = bar_y + 11;
    let _ = writeln!(s, "<text x=\"{x}\" y=\"{note_y}\">{note}</text></g>");
}

fn ratio_bar(s: &mut String, y: u32, class: &str, ratio: Decimal) {
    let capped = ratio.min(Decimal::from(CAP_RATIO));
    let w = scale(capped, Decimal::from(CAP_RATIO), TRACK_W);
    let _ = write!(s, "<rect class=\"track\" x=\"{TRACK_X}\" y=\"{y}\" width=\"{TRACK_W}\" height=\"14\"/><rect class=\"{class}\" x=\"{TRACK_X}\" y=\"{y}\" width=\"{w}\" height=\"14\"/>");
    // Grid marks only beside the bar, so they never cross the indicator's name above it.
    let (top, bottom) = (y - 3, y + 17);
    for k in 1..=CAP_RATIO as u32 {
        let x = TRACK_X + TRACK_W * k / CAP_RATIO as u32;
        let class = if k == 1 { "target" } else { "grid" };
        let _ = write!(
            s,
            "<line class=\"{class}\" x1=\"{x}\" y1=\"{top}\" x2=\"{x}\" y2=\"{bottom}\"/>"
        );
    }
    if ratio > capped {
        // Two white slashes mark the bar as cut, so a 900% bar is not read as 300%.
        let (x1, x2, base) = (TRACK_X + TRACK_W - 16, TRACK_X + TRACK_W - 10, y + 14);
        let _ = write!(
            s,
            "<path class=\"cut\" d=\"M{x1} {base} l5 -14 M{x2} {base} l5 -14\"/>"
        );
    }
}

/// A tier badge where a bar would be: qualitative and deadline indicators have no ratio.
fn pill(s: &mut String, y: u32, class: &str, label: &str) {
    let (top, mid, text_y, label) = (y - 2, TRACK_X + PILL_W / 2, y + 11, esc(label));
    let _ = write!(s, "<rect class=\"pill-{class}\" x=\"{TRACK_X}\" y=\"{top}\" width=\"{PILL_W}\" height=\"18\" rx=\"9\"/><text x=\"{mid}\" y=\"{text_y}\" text-anchor=\"middle\">{label}</text>");
}
