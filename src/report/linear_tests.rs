//! A large project's reads stay linear: state, score, audit and the report fold the events
//! once (counted in fold steps) and look indicators up by id, so a 20,000-event project with
//! a thousand indicators builds and renders in moments (it took minutes when quadratic).

use crate::findings::audit;
use crate::limits::{MAX_GOALS_PER_PROJECT, MAX_INDICATORS_PER_PROJECT, MAX_SECTIONS_PER_PROJECT};
use crate::projection::fold::steps;
use crate::projection::{fold, View};
use crate::report::check::from_source;
use crate::report::test_sample::Memory;
use crate::report::{render, Format};
use crate::scoring::score;

/// A project at every per-project limit, with measurements, target changes, corrections
/// and disbursements up to `events` lines.
fn large_project(events: usize) -> String {
    let line = |kind: &str, day: &str, data: String| {
        format!(r#"{{"type":"{kind}","project":"big","effective":"2023-{day}","data":{data}}}"#)
    };
    let mut lines = vec![
        line(
            "project.registered",
            "01-01",
            r#"{"name":"大项目","department":"d","year":2023}"#.into(),
        ),
        line(
            "budget.allocated",
            "01-01",
            r#"{"amount":"10000万"}"#.into(),
        ),
        line("funds.arrived", "01-02", r#"{"amount":"10000万"}"#.into()),
    ];
    for n in 0..MAX_INDICATORS_PER_PROJECT {
        lines.push(line("indicator.defined", "01-03", format!(r#"{{"id":"i{n}","level1":"产出指标","level2":"数量指标","name":"指标{n}","target":"≥{}","weight":"0.04"}}"#, n % 50 + 1)));
    }
    for n in 0..MAX_GOALS_PER_PROJECT {
        lines.push(line(
            "goal.set",
            "01-03",
            format!(r#"{{"id":"g{n}","text":"目标{n}"}}"#),
        ));
    }
    for n in 0..MAX_SECTIONS_PER_PROJECT {
        lines.push(line(
            "narrative.recorded",
            "12-31",
            format!(r#"{{"section":"附记{n}","text":"说明"}}"#),
        ));
    }
    let mut n = 0;
    while lines.len() < events {
        let id = n % MAX_INDICATORS_PER_PROJECT;
        lines.push(match n % 4 {
            0 => line(
                "indicator.measured",
                "12-01",
                format!(r#"{{"id":"i{id}","actual":"{}"}}"#, n % 60),
            ),
            1 if n % 40 == 1 => line(
                "indicator.target_adjusted",
                "06-01",
                format!(
                    r#"{{"id":"i{id}","target":"≥{}","reason":"调整"}}"#,
                    n % 30 + 1
                ),
            ),
            2 if n % 100 == 2 => {
                let target = lines.len(); // the line before, seq = its index
                line(
                    "event.reversed",
                    "11-01",
                    format!(r#"{{"target_seq":{target},"reason":"重复"}}"#),
                )
            }
            _ => line(
                "funds.disbursed",
                "09-01",
                format!(r#"{{"amount":"{}","purpose":"支出{n}"}}"#, 1 + n % 9),
            ),
        });
        n += 1;
    }
    lines.join("\n")
}

#[test]
fn state_score_audit_and_report_of_twenty_thousand_events_fold_once() {
    let memory = Memory::of(&large_project(20_000));
    let events = &memory.events;
    let view = View::default();
    let (state, folded) = steps::of(|| fold("big", events, &view).expect("registered"));
    assert_eq!(state.indicators.len(), MAX_INDICATORS_PER_PROJECT);
    assert!(
        folded <= events.len() as u64,
        "{folded} steps for {} events",
        events.len()
    );
    let ((card, findings), more) = steps::of(|| {
        let card = score(&state);
        let findings = audit(&state, &card, events);
        (card, findings)
    });
    assert_eq!((card.lines.len(), more), (MAX_INDICATORS_PER_PROJECT, 0));
    assert!(!findings.is_empty());
    let (report, steps) = steps::of(|| {
        from_source(&memory, "big", &view, None)
            .expect("builds")
            .expect("registered")
    });
    assert_eq!(steps, folded, "the report folds the events once");
    for format in [Format::Json, Format::Markdown, Format::Html] {
        assert!(render(&report, format).contains("大项目"));
    }
}
