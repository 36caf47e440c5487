//! `state` as text, in one language: the money block with its ratios, the official rows by
//! fund source, budget adjustments, spending by category, goals, indicators and the claim.
//! Headers and words come from `cli.ftl` (`state-*`); recorded text is made terminal-safe.

use std::fmt::Write as _;

use super::table::{clip, Align, Table};
use super::term::safe;
use crate::event::Tier;
use crate::fund::Fund;
use crate::i18n::{Lang, Msg};
use crate::money::{show_all, show_pair, Shown};
use crate::projection::state::{percent, GoalStatus, Money, ProjectState};

/// A table whose header is `keys`' messages in `lang`.
fn table(keys: &[Msg], align: &[Align], lang: Lang) -> Table {
    let header: Vec<String> = keys.iter().map(|k| k.render(lang)).collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    Table::new(&header, align)
}

/// The whole's figures with their ratios; amounts shown together (`show_all`), so 万元
/// rounding never makes two different amounts look equal.
fn money_table(m: &Money, lang: Lang) -> Table {
    let mut money = table(
        &[
            Msg::new("state-col-item"),
            Msg::new("state-col-amount"),
            Msg::new("state-col-ratio"),
        ],
        &[Align::Left, Align::Right, Align::Right],
        lang,
    );
    let mut shown = show_all(&[
        m.initial_budget,
        m.budget,
        m.arrived,
        m.spent,
        m.balance.magnitude(),
    ]);
    shown[4] = m.balance.signed(shown[4].clone());
    let rows = [
        (Msg::new("state-initial"), String::new()),
        (Msg::new("state-budget"), String::new()),
        (Msg::new("state-arrived"), percent(m.arrival_ratio)),
        (Msg::new("state-spent"), percent(m.execution_ratio)),
        (Msg::new("state-balance"), String::new()),
    ];
    for (i, ((label, ratio), figure)) in rows.into_iter().zip(&shown).enumerate() {
        if i == 4 {
            money.row(vec![
                Msg::new("state-initial-ratio").render(lang),
                String::new(),
                percent(m.execution_ratio_initial),
            ]);
        }
        money.row(vec![label.render(lang), figure.cell(), ratio]);
    }
    money
}

/// The official money block: 年度资金总额 and one row per fund source (资金来源).
fn fund_table(m: &Money, lang: Lang) -> Table {
    let mut t = table(
        &[
            Msg::new("state-col-fund"),
            Msg::new("state-initial"),
            Msg::new("state-budget"),
            Msg::new("state-col-arrived"),
            Msg::new("state-col-spent"),
            Msg::new("state-col-execution"),
        ],
        &[
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
        lang,
    );
    let funds = [
        None,
        Some(Fund::Current),
        Some(Fund::CarryOver),
        Some(Fund::Other),
    ];
    for ((_, row), fund) in m.by_fund.rows().into_iter().zip(funds) {
        let label = match fund {
            None => Msg::new("state-fund-total"),
            Some(f) => Msg::new("state-fund-of").arg("fund", f.label()),
        };
        let shown = show_all(&[row.initial_budget, row.budget, row.arrived, row.spent]);
        let mut cells = vec![label.render(lang)];
        cells.extend(shown.iter().map(Shown::cell));
        cells.push(percent(row.execution_ratio));
        t.row(cells);
    }
    t
}

/// `state` as text in `lang`.
pub fn render_state(s: &ProjectState, lang: Lang) -> String {
    let mut out = String::new();
    let (m, p) = (&s.money, &s.project);
    let title = Msg::new("state-title")
        .arg("name", safe(&p.name))
        .arg("project", safe(&p.id))
        .arg("department", safe(&p.department))
        .arg("year", p.year);
    let _ = writeln!(out, "{}", title.render(lang));
    if let Some(w) = &p.withdrawn {
        let line = Msg::new("state-withdrawn")
            .arg("seq", w.seq)
            .arg("date", w.effective)
            .arg("reason", safe(&w.reason));
        let _ = writeln!(out, "{}", line.render(lang));
    }
    let _ = writeln!(out, "\n{}", money_table(m, lang).render());
    let _ = writeln!(out, "{}", fund_table(m, lang).render());
    for a in &m.adjustments {
        let (from, to) = show_pair(a.from, a.to);
        let fund = a
            .fund
            .map(|f| format!("{} ", f.label()))
            .unwrap_or_default();
        let authority = a.authority.as_deref().map(|x| format!("{}: ", safe(x)));
        let line = Msg::new("state-adjustment")
            .arg("seq", a.seq)
            .arg("fund", fund)
            .arg("from", from)
            .arg("to", to)
            .arg("date", a.effective)
            .arg("recorded", shown_instant(&a.recorded_at))
            .arg("authority", authority.unwrap_or_default())
            .arg("reason", safe(&a.reason));
        let _ = writeln!(out, "{}", line.render(lang));
    }
    let mut cats = table(
        &[Msg::new("state-col-category"), Msg::new("state-col-amount")],
        &[Align::Left, Align::Right],
        lang,
    );
    m.by_category
        .iter()
        .for_each(|(c, y)| cats.row(vec![c.clone(), y.show_wan().cell()]));
    let _ = writeln!(out, "\n{}", cats.render());
    let _ = writeln!(out, "{}", goal_table(s, lang).render());
    let _ = writeln!(out, "{}", indicator_table(s, lang).render());
    if let Some(c) = &s.claimed {
        let line = Msg::new("state-claimed")
            .arg("score", c.score)
            .arg("grade", c.grade.as_str())
            .arg("seq", c.seq);
        let _ = writeln!(out, "{}", line.render(lang));
    }
    out
}

/// A recording instant as people read clocks here (+08:00), or as stored if unreadable.
fn shown_instant(rfc3339: &str) -> String {
    crate::time::parse_instant(rfc3339)
        .map(crate::time::display_instant)
        .unwrap_or_else(|_| rfc3339.to_string())
}

fn goal_table(s: &ProjectState, lang: Lang) -> Table {
    let mut goals = table(
        &[
            Msg::new("state-col-goal"),
            Msg::new("state-col-status"),
            Msg::new("state-col-goal-text"),
        ],
        &[Align::Left, Align::Left, Align::Left],
        lang,
    );
    for g in &s.goals {
        let status = match g.status {
            GoalStatus::Active => Msg::new("state-goal-active"),
            GoalStatus::Adjusted => Msg::new("state-goal-adjusted"),
            GoalStatus::Withdrawn => Msg::new("state-goal-withdrawn"),
        };
        goals.row(vec![
            g.id.clone(),
            status.render(lang),
            clip(g.reason.as_deref().unwrap_or(&g.text), 60),
        ]);
    }
    goals
}

fn indicator_table(s: &ProjectState, lang: Lang) -> Table {
    let mut t = table(
        &[
            Msg::new("state-col-level1"),
            Msg::new("state-col-level2"),
            Msg::new("state-col-indicator"),
            Msg::new("state-col-target"),
            Msg::new("state-col-actual"),
            Msg::new("state-col-met"),
        ],
        &[Align::Left; 6],
        lang,
    );
    for i in &s.indicators {
        let target = match i.target_history.first() {
            Some(h) => Msg::new("state-target-was")
                .arg("target", &i.target)
                .arg("was", &h.from)
                .render(lang),
            None => i.target.clone(),
        };
        let met = match (i.met, i.tier) {
            (_, Some(Tier::Achieved)) => Msg::new("tier-achieved").render(lang),
            (_, Some(Tier::Partial)) => Msg::new("tier-partial").render(lang),
            (_, Some(Tier::NotAchieved)) => Msg::new("tier-not-achieved").render(lang),
            (Some(true), _) => Msg::new("state-met-yes").render(lang),
            (Some(false), _) => Msg::new("state-met-no").render(lang),
            (None, _) => "—".into(),
        };
        t.row(vec![
            i.level1.clone(),
            i.level2.clone(),
            clip(&i.name, 34),
            target,
            clip(i.actual.as_deref().unwrap_or("—"), 20),
            met,
        ]);
    }
    t
}
