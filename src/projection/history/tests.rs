//! The one-pass timeline against its definition (each event described against a fold of
//! everything recorded before it), and proof by counting that it stays linear.

use super::super::fold::fold;
use super::super::fold::steps;
use super::super::{ProjectState, View};
use super::timeline;
use crate::event::describe::describe;
use crate::event::reading::chain;
use crate::event::{typed_replacement, EventData, Stored};
use crate::fund::Fund;
use crate::money::{show_pair, Yuan};
use crate::time::KnownAt;

/// The definition, as `timeline` was first written: the state before each event is a full
/// fold of the events recorded before it (quadratic; kept here as the oracle).
fn by_definition(project: &str, events: &[Stored]) -> Vec<String> {
    events
        .iter()
        .map(|s| {
            let before = View {
                as_of: None,
                known_at: Some(KnownAt::Seq(s.env.seq - 1)),
            };
            let prior = fold(project, events, &before);
            describe_against(s, prior.as_ref(), events)
        })
        .collect()
}

fn describe_against(s: &Stored, prior: Option<&ProjectState>, events: &[Stored]) -> String {
    let find = |seq: u64| events.iter().find(|e| e.env.seq == seq);
    match &s.env.data {
        EventData::BudgetAdjusted(d) => {
            let from = prior.map_or(Yuan::ZERO, |p| match d.fund {
                Some(f) => p.money.by_fund.row(f).budget,
                None => p.money.budget,
            });
            let (from, to) = show_pair(from, d.amount);
            let by = d
                .authority
                .as_deref()
                .map(|a| format!("{a}: "))
                .unwrap_or_default();
            let what = d.fund.map(Fund::label).unwrap_or_default();
            format!("{what}全年预算 {from} → {to} ({by}{})", d.reason)
        }
        EventData::IndicatorTargetAdjusted(d) => {
            let from = prior
                .and_then(|p| p.indicators.iter().find(|i| i.id == d.id.as_str()))
                .map(|i| i.target.clone())
                .unwrap_or_default();
            format!(
                "指标 {} 预期值 {from} → {} (理由: {})",
                d.id, d.target, d.reason
            )
        }
        EventData::EventCorrected(c) => {
            let redated = events
                .iter()
                .take_while(|e| e.env.seq < s.env.seq)
                .filter_map(|e| match &e.env.data {
                    EventData::EventCorrected(x) if x.target_seq == c.target_seq => x.effective,
                    _ => None,
                })
                .last()
                .map(|d| d.0)
                .or(find(c.target_seq).map(|e| e.env.effective.0));
            let redated = c
                .effective
                .map(|d| {
                    format!(
                        "，生效日期 {} → {d}",
                        redated.map(|r| r.to_string()).unwrap_or_default()
                    )
                })
                .unwrap_or_default();
            let now = typed_replacement(c)
                .map(|r| describe(&r))
                .unwrap_or_else(|e| e.to_string());
            let original = find(c.target_seq)
                .map(|e| describe(&e.env.data))
                .unwrap_or_default();
            format!(
                "更正 seq {}{redated}: 「{original}」 → 「{now}」 (理由: {})",
                c.target_seq, c.reason
            )
        }
        EventData::EventReversed(r) => {
            let original = find(r.target_seq)
                .map(|e| describe(&e.env.data))
                .unwrap_or_default();
            format!(
                "撤销 seq {}: 「{original}」 (理由: {})",
                r.target_seq, r.reason
            )
        }
        other => describe(other),
    }
}

fn line(kind: &str, effective: &str, data: &str) -> String {
    format!(r#"{{"type":"{kind}","project":"p","effective":"{effective}","data":{data}}}"#)
}

fn correct(target: u64, kind: &str, data: &str, effective: Option<&str>) -> String {
    let day = effective
        .map(|d| format!(r#","effective":"{d}""#))
        .unwrap_or_default();
    line(
        "event.corrected",
        "2023-11-01",
        &format!(
            r#"{{"target_seq":{target},"replacement":{{"type":"{kind}","data":{data}}},"reason":"笔误"{day}}}"#
        ),
    )
}

fn reverse(target: u64) -> String {
    line(
        "event.reversed",
        "2023-11-02",
        &format!(r#"{{"target_seq":{target},"reason":"重复"}}"#),
    )
}

/// A project whose budget and targets are adjusted, then corrected and reversed behind the
/// adjustments' backs, with `spending` disbursements in the middle. Seqs are fixed by order.
fn amended_project(spending: usize) -> String {
    let mut lines = vec![
        line(
            "project.registered",
            "2023-01-01",
            r#"{"name":"n","department":"d","year":2023}"#,
        ), // 1
        line("budget.allocated", "2023-01-02", r#"{"amount":"100万"}"#), // 2
        line(
            "budget.allocated",
            "2023-01-03",
            r#"{"amount":"20万","fund":"上年结转"}"#,
        ), // 3
        line("funds.arrived", "2023-02-01", r#"{"amount":"120万"}"#),    // 4
        line(
            "indicator.defined",
            "2023-01-04",
            r#"{"id":"i1","level1":"产出指标","level2":"数量指标","name":"企业数","target":"≥8"}"#,
        ), // 5
        line(
            "indicator.defined",
            "2023-01-04",
            r#"{"id":"i2","level1":"效益指标","level2":"社会效益指标","name":"满意","target":"≥90%"}"#,
        ), // 6
        line(
            "budget.adjusted",
            "2023-06-01",
            r#"{"amount":"90万","reason":"压减"}"#,
        ), // 7
        line(
            "indicator.target_adjusted",
            "2023-06-02",
            r#"{"id":"i1","target":"≥6","reason":"调整"}"#,
        ), // 8
        correct(
            2,
            "budget.allocated",
            r#"{"amount":"110万"}"#,
            Some("2023-01-05"),
        ), // 9
        correct(
            5,
            "indicator.defined",
            r#"{"id":"i1","level1":"产出指标","level2":"数量指标","name":"企业数","target":"≥10"}"#,
            None,
        ), // 10
        reverse(7),                                                      // 11
        line(
            "budget.adjusted",
            "2023-07-01",
            r#"{"amount":"100万","fund":"当年财政拨款","reason":"再调"}"#,
        ), // 12
        line(
            "indicator.target_adjusted",
            "2023-07-02",
            r#"{"id":"i1","target":"≥7","reason":"再调"}"#,
        ), // 13
        correct(
            8,
            "indicator.target_adjusted",
            r#"{"id":"i1","target":"≥5","reason":"调整"}"#,
            None,
        ), // 14
        correct(
            2,
            "budget.allocated",
            r#"{"amount":"105万"}"#,
            Some("2023-01-06"),
        ), // 15
        line(
            "indicator.target_adjusted",
            "2023-08-02",
            r#"{"id":"i2","target":"≥85%","reason":"三调"}"#,
        ), // 16
        line(
            "budget.adjusted",
            "2023-08-01",
            r#"{"amount":"95万","reason":"三调"}"#,
        ), // 17
    ];
    for n in 0..spending {
        let amount = 1 + n % 7;
        lines.push(line(
            "funds.disbursed",
            "2023-09-01",
            &format!(r#"{{"amount":"{amount}","purpose":"支出{n}"}}"#),
        ));
    }
    lines.push(reverse(18));
    lines.push(line(
        "budget.adjusted",
        "2023-12-01",
        r#"{"amount":"96万","reason":"末调"}"#,
    ));
    lines.push(reverse(13));
    lines.push(line(
        "indicator.target_adjusted",
        "2023-12-02",
        r#"{"id":"i1","target":"≥4","reason":"末调"}"#,
    ));
    lines.join("\n")
}

#[test]
fn one_pass_describes_each_event_as_a_fold_of_everything_before_it_would() {
    let events = chain(&amended_project(3));
    let got: Vec<String> = timeline("p", &events)
        .into_iter()
        .map(|e| e.description)
        .collect();
    let want = by_definition("p", &events);
    assert_eq!(got, want);
    // The corrections and reversals above did change what the adjustments are measured from.
    // The corrections and reversals did change what later adjustments are measured from.
    for expected in [
        "当年财政拨款全年预算 110万元 → 100万元",
        "全年预算 120万元 → 95万元",
        "生效日期 2023-01-05 → 2023-01-06",
        "指标 i1 预期值 ≥5 → ≥4",
    ] {
        assert!(got.iter().any(|g| g.contains(expected)), "{expected}");
    }
}

#[test]
fn a_twenty_thousand_event_history_takes_fewer_fold_steps_than_events() {
    const SPENDING: usize = 20_000;
    let events = chain(&amended_project(SPENDING));
    let (entries, taken) = steps::of(|| timeline("p", &events));
    assert_eq!(entries.len(), events.len());
    // Re-folding before each event took n²/2 steps (200 million here); one pass takes a step
    // per budget event, and re-folds the budget events alone after their corrections.
    assert!(taken < 64, "{taken} fold steps for {} events", events.len());
    let (_, per_prefix) = steps::of(|| by_definition("p", &events[..1_000]));
    assert!(
        per_prefix > 400_000,
        "the oracle is quadratic: {per_prefix}"
    );
}
