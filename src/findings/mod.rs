//! Audit findings: checks an auditor would run on a project's state, its score and its
//! events, each with a code, a severity, a Chinese message with the figures, and the seqs
//! it rests on. Who signed the events is judged in `signing.rs`. Pure.

pub mod signing;

use chrono::Duration;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::event::Stored;
use crate::fund::Fund;
use crate::money::{show_pair, ROUND_HALF_UP};
use crate::projection::state::{percent, GoalStatus, ProjectState};
use crate::scoring::{show, Scorecard};
use crate::value::{parse_actual, parse_target_with, Comparator, Judgement, Verdict};

/// Events recorded this long after they took effect are flagged as backdated.
pub const BACKDATING_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    Warning,
    Info,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub seqs: Vec<u64>,
}

fn finding(code: &'static str, severity: Severity, message: String, seqs: Vec<u64>) -> Finding {
    Finding {
        code,
        severity,
        message,
        seqs,
    }
}

/// Every check, and those of who signed the events (`signing`: unsigned events in a ledger
/// that requires signatures, signers whose role may not record an event), most severe first
/// (stable within a severity). `signatures` is `projection::signatures::signing` of the same
/// events.
pub fn audit_signed(
    state: &ProjectState,
    card: &Scorecard,
    events: &[Stored],
    signatures: &crate::projection::signatures::Signing,
) -> Vec<Finding> {
    let mut out = audit(state, card, events);
    out.extend(signing::signing(signatures));
    out.sort_by_key(|f| f.severity);
    out
}

/// `audit_signed` of the `events` the view knows, their signatures judged against
/// `ledger_events` (the `_ledger` stream's events up to the head): what `jixiao audit` prints
/// and the portfolio counts, as the report would.
pub fn audit_in_view(
    state: &ProjectState,
    card: &Scorecard,
    events: &[Stored],
    ledger_events: &[Stored],
    view: &crate::projection::View,
) -> Vec<Finding> {
    let known: Vec<Stored> = events.iter().filter(|s| view.knows(s)).cloned().collect();
    let signed = crate::projection::signatures::signing(&known, ledger_events, u64::MAX);
    audit_signed(state, card, &known, &signed)
}

/// Every check but those of signatures (`audit_signed`), most severe first (stable within a
/// severity).
pub fn audit(state: &ProjectState, card: &Scorecard, events: &[Stored]) -> Vec<Finding> {
    let mut out = Vec::new();
    standing(state, &mut out);
    claims(state, card, &mut out);
    money(state, &mut out);
    spent_outside_period(state, &mut out);
    adjustments(state, &mut out);
    indicators(state, card, &mut out);
    readings(state, card, &mut out);
    weights(state, card, &mut out);
    timing(state, events, &mut out);
    out.sort_by_key(|f| f.severity);
    out
}

fn claims(state: &ProjectState, card: &Scorecard, out: &mut Vec<Finding>) {
    let Some(c) = &state.claimed else {
        out.push(finding(
            "CLAIM-MISSING",
            Severity::Info,
            "尚未记录单位自评得分和等级 (evaluation.claimed)".into(),
            vec![],
        ));
        return;
    };
    let computed = card.total.round_dp_with_strategy(2, ROUND_HALF_UP);
    let claimed = c.score.0.round_dp_with_strategy(2, ROUND_HALF_UP);
    if claimed == computed && c.grade == card.grade {
        out.push(finding(
            "CLAIM-MATCHES",
            Severity::Info,
            format!(
                "自评得分 {}分/{} 与按 {} 计算的 {}分/{} 一致",
                c.score,
                c.grade.as_str(),
                card.policy.id,
                show(card.total),
                card.grade.as_str()
            ),
            vec![c.seq],
        ));
    } else {
        out.push(finding(
            "CLAIM-SCORE",
            Severity::Critical,
            format!(
                "自评得分 {}分/{} 与按 {} 计算的 {}分/{} 不一致",
                c.score,
                c.grade.as_str(),
                card.policy.id,
                show(card.total),
                card.grade.as_str()
            ),
            vec![c.seq],
        ));
    }
    if let Some(spent) = c.spent.filter(|s| *s != state.money.spent) {
        let (claimed, computed) = show_pair(spent, state.money.spent);
        out.push(finding(
            "CLAIM-SPENT",
            Severity::Critical,
            format!("自评实际支出 {claimed}，而支出记录合计 {computed}"),
            vec![c.seq],
        ));
    }
    let computed_ratio = card
        .execution_ratio
        .map(|r| r.round_dp_with_strategy(4, ROUND_HALF_UP));
    if let Some(r) = c
        .execution_ratio
        .filter(|r| Some(r.0.round_dp_with_strategy(4, ROUND_HALF_UP)) != computed_ratio)
    {
        out.push(finding(
            "CLAIM-EXECUTION",
            Severity::Critical,
            format!(
                "自评预算执行率 {}，而计算结果为 {}",
                percent(Some(r.0)),
                percent(card.execution_ratio)
            ),
            vec![c.seq],
        ));
    }
}

/// A withdrawn project's report says so first.
fn standing(state: &ProjectState, out: &mut Vec<Finding>) {
    if let Some(w) = &state.project.withdrawn {
        out.push(finding(
            "PROJECT-WITHDRAWN",
            Severity::Warning,
            format!(
                "项目已撤销登记（{}生效，理由: {}），不计入项目一览和合计",
                w.effective, w.reason
            ),
            vec![w.seq],
        ));
    }
}

/// Disbursements dated outside the project's period (its registration's, else its year).
fn spent_outside_period(state: &ProjectState, out: &mut Vec<Finding>) {
    let Some(period) = state.project.period() else {
        return;
    };
    let outside: Vec<&crate::projection::state::Disbursement> = state
        .money
        .disbursements
        .iter()
        .filter(|d| !period.contains(d.effective))
        .collect();
    if outside.is_empty() {
        return;
    }
    let total: crate::money::Yuan = outside.iter().map(|d| d.amount).sum();
    let dates: Vec<String> = outside.iter().map(|d| d.effective.to_string()).collect();
    out.push(finding(
        "SPENT-OUTSIDE-PERIOD",
        Severity::Warning,
        format!(
            "{} 笔支出共 {} 的日期（{}）在项目实施周期 {} 至 {} 之外",
            outside.len(),
            total.show_wan(),
            dates.join("、"),
            period.start,
            period.end
        ),
        outside.iter().map(|d| d.seq).collect(),
    ));
}

fn money(state: &ProjectState, out: &mut Vec<Finding>) {
    let m = &state.money;
    let seqs = |v: Vec<u64>| v;
    if m.spent > m.arrived {
        let (spent, arrived) = show_pair(m.spent, m.arrived);
        out.push(finding(
            "SPENT-ABOVE-ARRIVED",
            Severity::Critical,
            format!("支出 {spent} 超过到位资金 {arrived}"),
            seqs(m.disbursements.iter().map(|d| d.seq).collect()),
        ));
    }
    if m.spent > m.budget {
        let (spent, budget) = show_pair(m.spent, m.budget);
        out.push(finding(
            "SPENT-ABOVE-BUDGET",
            Severity::Critical,
            format!("支出 {spent} 超过全年预算数 {budget}"),
            m.disbursements.iter().map(|d| d.seq).collect(),
        ));
    }
    let (arrived, budget) = show_pair(m.arrived, m.budget);
    if m.arrived < m.budget {
        out.push(finding(
            "FUNDS-SHORT",
            Severity::Warning,
            format!(
                "到位资金 {arrived} 低于全年预算数 {budget} (到位率 {})",
                percent(m.arrival_ratio)
            ),
            m.arrivals.iter().map(|a| a.seq).collect(),
        ));
    }
    if m.arrived > m.budget {
        out.push(finding(
            "ARRIVED-ABOVE-BUDGET",
            Severity::Critical,
            format!("到位资金 {arrived} 超过全年预算数 {budget}"),
            m.arrivals.iter().map(|a| a.seq).collect(),
        ));
    }
}

fn adjustments(state: &ProjectState, out: &mut Vec<Finding>) {
    for a in &state.money.adjustments {
        let cut = a.to < a.from;
        let (from, to) = show_pair(a.from, a.to);
        let msg = format!(
            "{}全年预算由 {from} 调整为 {to} ({}，{}生效，理由: {})；按调整前预算计算的执行率为 {}",
            a.fund.map(Fund::label).unwrap_or_default(),
            a.authority.as_deref().unwrap_or("未注明调整机关"),
            a.effective,
            a.reason,
            percent(state.money.execution_ratio_initial)
        );
        out.push(finding(
            if cut { "BUDGET-CUT" } else { "BUDGET-ADJUSTED" },
            Severity::Info,
            msg,
            vec![a.seq],
        ));
    }
    let last_cut = state.money.adjustments.iter().rfind(|a| a.to < a.from);
    for ind in &state.indicators {
        for h in &ind.target_history {
            let lowered = target_lowered(ind.comparator, &h.from, &h.to);
            let after_cut = last_cut
                .filter(|c| c.effective <= h.effective)
                .map(|c| format!("，在预算调减 (seq {}, {}) 之后", c.seq, c.effective))
                .unwrap_or_default();
            let msg = format!(
                "指标「{}」预期值由 {} 调整为 {}{}（{}生效，{}记录，理由: {}）",
                ind.name,
                h.from,
                h.to,
                after_cut,
                h.effective,
                shown_instant(&h.recorded_at),
                h.reason
            );
            let mut seqs = vec![ind.defined_seq, h.seq];
            seqs.extend(
                last_cut
                    .filter(|c| c.effective <= h.effective)
                    .map(|c| c.seq),
            );
            seqs.sort_unstable();
            out.push(finding(
                if lowered {
                    "TARGET-LOWERED"
                } else {
                    "TARGET-ADJUSTED"
                },
                Severity::Warning,
                msg,
                seqs,
            ));
        }
    }
    for g in &state.goals {
        let (code, what) = match g.status {
            GoalStatus::Withdrawn => ("GOAL-WITHDRAWN", "撤销"),
            GoalStatus::Adjusted => ("GOAL-ADJUSTED", "调整"),
            GoalStatus::Active => continue,
        };
        let msg = format!(
            "年度目标「{}」已{}（{}，理由: {}）",
            g.original_text,
            what,
            g.changed_on.map(|d| d.to_string()).unwrap_or_default(),
            g.reason.as_deref().unwrap_or("")
        );
        out.push(finding(code, Severity::Warning, msg, g.seqs.clone()));
    }
}

/// Recording instants are shown in +08:00, as the people who recorded them read clocks.
fn shown_instant(rfc3339: &str) -> String {
    crate::time::parse_instant(rfc3339)
        .map(crate::time::display_instant)
        .unwrap_or_else(|_| rfc3339.to_string())
}

impl Severity {
    /// The severity's word in the users' language (`严重` / `Critical`).
    #[must_use]
    pub fn word(self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            Severity::Critical => Msg::new("severity-critical"),
            Severity::Warning => Msg::new("severity-warning"),
            Severity::Info => Msg::new("severity-info"),
        }
    }

    pub fn chinese(self) -> &'static str {
        match self {
            Severity::Critical => "严重",
            Severity::Warning => "关注",
            Severity::Info => "提示",
        }
    }
}

/// Whether a target change makes it easier to meet (a lower `ge`, a higher `le`).
fn target_lowered(comparator: Comparator, from: &str, to: &str) -> bool {
    let value = |t: &str| {
        let q = parse_target_with(t, comparator).ok()?.quantity()?.ok()?;
        q.value()
    };
    match (value(from), value(to)) {
        (Some(a), Some(b)) => match comparator {
            Comparator::Ge | Comparator::Gt => b < a,
            Comparator::Le | Comparator::Lt => b > a,
            _ => false,
        },
        _ => false,
    }
}

fn indicators(state: &ProjectState, card: &Scorecard, out: &mut Vec<Finding>) {
    for (ind, line) in state.indicators.iter().zip(&card.lines) {
        if ind.actual.is_none() && ind.tier.is_none() {
            out.push(finding(
                "MEASUREMENT-MISSING",
                Severity::Warning,
                format!("指标「{}」没有实现值", ind.name),
                vec![ind.defined_seq],
            ));
            continue;
        }
        if line.reading.verdict == Verdict::NeedsTier && ind.tier.is_none() {
            let what = if ind.comparator == Comparator::Qualitative {
                "定性指标"
            } else {
                "实现值为文字的指标"
            };
            out.push(finding(
                "ASSESSMENT-MISSING",
                Severity::Warning,
                format!("{what}「{}」没有评定等级 (indicator.assessed)", ind.name),
                vec![ind.defined_seq],
            ));
        }
        if let Some(msg) = far_over(ind, &line.reading, card.policy.far_over_ratio) {
            let seqs = [Some(ind.defined_seq), ind.measured_seq]
                .into_iter()
                .flatten()
                .collect();
            out.push(finding("TARGET-FAR-EXCEEDED", Severity::Warning, msg, seqs));
        }
    }
}

/// A `ge` actual at or above `ratio` × target (both in base units: `≥6` 亿 against `54.26`):
/// the target was probably set too low.
fn far_over(
    ind: &crate::projection::state::Indicator,
    reading: &Judgement,
    ratio: Decimal,
) -> Option<String> {
    if !matches!(reading.comparator, Comparator::Ge | Comparator::Gt) {
        return None;
    }
    let (target, actual) = reading.values?;
    if target.is_zero() || actual < target * ratio {
        return None;
    }
    let times = (actual / target)
        .round_dp_with_strategy(2, ROUND_HALF_UP)
        .normalize();
    let written = parse_actual(ind.actual.as_deref()?).number?;
    Some(format!(
        "指标「{}」实现值 {} 为预期值 {} 的 {} 倍：预期值可能设定过低",
        ind.name,
        written.normalize(),
        ind.target,
        times
    ))
}

/// Rows a reviewer must see read: one that cannot be scored (critical: it scores 0, and
/// says why) and an actual that restates its target (info: read as met, but no figure was
/// reported).
fn readings(state: &ProjectState, card: &Scorecard, out: &mut Vec<Finding>) {
    for (ind, line) in state.indicators.iter().zip(&card.lines) {
        let seqs: Vec<u64> = [Some(ind.defined_seq), ind.measured_seq]
            .into_iter()
            .flatten()
            .collect();
        let actual = ind.actual.as_deref().unwrap_or("—");
        match &line.reading.verdict {
            Verdict::Unscorable { reason } => out.push(finding(
                "INDICATOR-UNSCORABLE",
                Severity::Critical,
                format!(
                    "指标「{}」({}) 无法评分，按 0 分计：预期值「{}」，实现值「{actual}」；{reason}",
                    ind.name, ind.id, ind.target
                ),
                seqs,
            )),
            Verdict::Met { restated: true } => out.push(finding(
                "ACTUAL-RESTATES-TARGET",
                Severity::Info,
                format!(
                    "指标「{}」({}) 实现值照抄预期值：实现值「{actual}」，预期值「{}」；按达成计满分，请核实并记录实际完成数",
                    ind.name, ind.id, ind.target
                ),
                seqs,
            )),
            _ => {}
        }
    }
}

/// Weights that do not add up: the whole (critical: the total is not out of 100) or a part.
fn weights(state: &ProjectState, card: &Scorecard, out: &mut Vec<Finding>) {
    for p in &card.weight_problems {
        let (code, severity) = match p.critical {
            true => ("WEIGHTS-NOT-100", Severity::Critical),
            false => ("WEIGHTS-MISMATCH", Severity::Warning),
        };
        let seqs = state.scoring.seq.into_iter().collect();
        out.push(finding(code, severity, p.message.clone(), seqs));
    }
}

fn timing(state: &ProjectState, events: &[Stored], out: &mut Vec<Finding>) {
    let late: Vec<u64> = events
        .iter()
        .filter(|s| state.seqs.binary_search(&s.env.seq).is_ok())
        .filter(|s| {
            s.env.recorded_at.date_naive() - s.env.effective.0 > Duration::days(BACKDATING_DAYS)
        })
        .map(|s| s.env.seq)
        .collect();
    if !late.is_empty() {
        out.push(finding(
            "BACKDATED",
            Severity::Warning,
            format!(
                "{} 个事件在生效日期 {} 天之后才记录（补录）",
                late.len(),
                BACKDATING_DAYS
            ),
            late,
        ));
    }
    if let Some(c) = &state.claimed {
        let after: Vec<u64> = events
            .iter()
            .filter(|s| {
                state.seqs.binary_search(&s.env.seq).is_ok()
                    && s.env.seq > c.seq
                    && !matches!(s.env.data, crate::event::EventData::NarrativeRecorded(_))
            })
            .map(|s| s.env.seq)
            .collect();
        if !after.is_empty() {
            out.push(finding(
                "RECORDED-AFTER-CLAIM",
                Severity::Warning,
                format!(
                    "{} 个事件在自评结果 (seq {}) 之后记录，自评可能未反映这些变化",
                    after.len(),
                    c.seq
                ),
                after,
            ));
        }
    }
}
