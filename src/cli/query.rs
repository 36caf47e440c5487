//! Projection commands: `state`, `history`, `projects`.

use clap::Args;

use super::dates::day_option;
use super::exports::{emit_table, emit_text, FormatArgs, Listing};
use super::state_text::render_state;
use super::table::{clip, Align, Table};
use super::{Context, Failure};
use crate::export::tables::{
    history_table as export_history, portfolio_table, state_table, Scored,
};
use crate::findings::audit_in_view;
use crate::i18n::Msg;
use crate::ledger::Ledger;
use crate::money::{show_all, Shown};
use crate::projection::history::{timeline, Entry};
use crate::projection::portfolio::portfolio;
use crate::projection::state::{percent, ProjectState};
use crate::projection::View;
use crate::report::escape::json_pretty;
use crate::scoring::score;
use crate::time::{display_instant, format_instant, KnownAt};
use chrono::{DateTime, Utc};

/// The two time axes, as every projection command takes them.
#[derive(Debug, Args, Clone)]
pub struct ViewArgs {
    /// Only events effective on or before this date (YYYY-MM-DD)
    #[arg(long)]
    pub as_of: Option<String>,
    /// Only events recorded by then: RFC 3339 instant, a date (end of day, +08:00) or seq:N
    #[arg(long)]
    pub known_at: Option<String>,
}

impl ViewArgs {
    pub fn resolve(&self) -> Result<View, Failure> {
        let as_of = self
            .as_of
            .as_deref()
            .map(|t| day_option("--as-of", t).map(|d| d.0))
            .transpose()?;
        let known_at = self.known_at.as_deref().map(known_at).transpose()?;
        Ok(View { as_of, known_at })
    }
}

/// One project under a view (`score`, `audit`; `state` adds the output options).
#[derive(Debug, Args)]
pub struct ProjectArgs {
    #[arg(value_parser = super::project_arg)]
    pub project: String,
    #[command(flatten)]
    pub view: ViewArgs,
    #[arg(long)]
    pub json: bool,
}

/// `state`: a project under a view, written as text, JSON or CSV.
#[derive(Debug, Args)]
pub struct StateArgs {
    #[command(flatten)]
    pub of: ProjectArgs,
    #[command(flatten)]
    pub output: FormatArgs,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[arg(value_parser = super::project_arg)]
    pub project: String,
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub output: FormatArgs,
}

#[derive(Debug, Args)]
pub struct ProjectsArgs {
    /// 评价年度: four digits, 2000–2100 (read by `dates::year_option`)
    #[arg(long)]
    pub year: Option<String>,
    #[command(flatten)]
    pub view: ViewArgs,
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub output: FormatArgs,
}

/// A `--known-at` the ledger can answer: a seq it holds, an instant not in the future of
/// the clock `now`. Otherwise the view would be quoted (in a report, say) as if the ledger
/// had been seen at a point it never reached; refused naming the head. An instant between
/// the last recorded event and `now` is answered: nothing was recorded in between.
pub fn check_known_at(view: &View, ledger: &Ledger, now: DateTime<Utc>) -> Result<(), Failure> {
    let Some(known_at) = view.known_at else {
        return Ok(());
    };
    let head = ledger.head().map_or(0, |h| h.seq);
    let head_text = || -> Result<String, Failure> {
        Ok(match ledger.get(head)? {
            Some(s) => format!(
                "账本头 head seq {head}, recorded at {}",
                format_instant(s.env.recorded_at)
            ),
            None => "账本为空 (the ledger is empty, head seq 0)".into(),
        })
    };
    match known_at {
        KnownAt::Seq(n) if n > head => Err(Failure::input(format!(
            "--known-at seq:{n}: 超出账本头 (past the head; {}): the ledger has not reached seq {n}",
            head_text()?
        ))),
        KnownAt::Instant(at) if at > now => Err(Failure::input(format!(
            "--known-at {}: 是未来的时刻 (in the future of the clock, {}; {}): what the ledger will know then is not known yet",
            format_instant(at),
            format_instant(now),
            head_text()?
        ))),
        _ => Ok(()),
    }
}

pub fn load_state(ctx: &Context, project: &str, view: &View) -> Result<ProjectState, Failure> {
    let ledger = ctx.open_for(view)?;
    ledger
        .project_state(project, view)?
        .ok_or_else(|| Failure::input(not_in_view(project)))
}

/// A project the view does not have.
#[must_use]
pub fn not_in_view(project: &str) -> Msg {
    Msg::new("project-not-in-view").arg("project", format!("{project:?}"))
}

/// `--known-at`: `seq:N`, an RFC 3339 instant, or a date as people write it (the end of that
/// day, +08:00).
fn known_at(text: &str) -> Result<KnownAt, Failure> {
    let t = text.trim();
    if !t.starts_with("seq:") && !t.contains(['T', ':']) {
        if let Ok(day) = crate::time::parse_date_written(t) {
            return Ok(KnownAt::Instant(crate::time::end_of_day_cst(day)));
        }
    }
    KnownAt::parse(t).map_err(|e| super::bad_option("--known-at", e.to_string()))
}

pub fn state(args: StateArgs, ctx: &Context) -> Result<(), Failure> {
    let listing = args
        .output
        .listing(args.of.json, &["text", "json", "csv"])?;
    let view = args.of.view.resolve()?;
    let state = load_state(ctx, &args.of.project, &view)?;
    let out = args.output.out.as_deref();
    match listing {
        Listing::Json => emit_text(&(json_pretty(&state) + "\n"), out, ctx),
        Listing::Text => emit_text(&render_state(&state, ctx.lang), out, ctx),
        csv => emit_table(&state_table(&state), csv, out, ctx),
    }
}

pub fn history(args: HistoryArgs, ctx: &Context) -> Result<(), Failure> {
    let listing = args.output.listing(args.json, &["text", "json", "csv"])?;
    let ledger = ctx.open()?;
    let events = ledger.project_events(&args.project)?;
    if events.is_empty() {
        return Err(Failure::input(
            Msg::new("project-no-events").arg("project", format!("{:?}", args.project)),
        ));
    }
    let entries = timeline(&args.project, &events);
    let out = args.output.out.as_deref();
    match listing {
        Listing::Json => emit_text(&(json_pretty(&entries) + "\n"), out, ctx),
        Listing::Text => emit_text(&history_table(entries, ctx.lang), out, ctx),
        csv => emit_table(&export_history(&entries), csv, out, ctx),
    }
}

/// The `history` table; its cells are terminal-safe (`Table::row`).
fn history_table(entries: Vec<Entry>, lang: crate::i18n::Lang) -> String {
    let mut t = Table::new(
        &[
            "生效 effective",
            "记录 recorded (+08:00)",
            "actor",
            "seq",
            "变化 change",
        ],
        &[
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Left,
        ],
    );
    for e in entries {
        let change = clip(&change_text(&e, lang), 100);
        t.row(vec![
            e.effective.to_string(),
            display_instant(e.recorded_at),
            e.actor,
            e.seq.to_string(),
            change,
        ]);
    }
    t.render()
}

/// A change as the table says it: a correction or reversal names what it acts on in the
/// command line's language (`更正第 5 号事件…`, `corrects #5…`) in place of the timeline's
/// `更正 seq 5` / `撤销 seq 5`; any other description as the timeline gives it (JSON and CSV
/// keep the timeline's text, as the report does).
fn change_text(e: &Entry, lang: crate::i18n::Lang) -> String {
    let (Some(seq), Some((prefix, msg))) = (
        e.target_seq,
        match e.kind {
            "event.corrected" => Some(("更正", Msg::new("history-corrects"))),
            "event.reversed" => Some(("撤销", Msg::new("history-reverses"))),
            _ => None,
        },
    ) else {
        return e.description.clone();
    };
    match e.description.strip_prefix(&format!("{prefix} seq {seq}")) {
        Some(rest) => msg.arg("seq", seq).arg("rest", rest).render(lang),
        None => e.description.clone(),
    }
}

pub fn projects(args: ProjectsArgs, ctx: &Context) -> Result<(), Failure> {
    let listing = args
        .output
        .listing(args.json, &["text", "json", "csv", "xlsx"])?;
    let view = args.view.resolve()?;
    let year = args
        .year
        .as_deref()
        .map(|y| super::dates::year_option("--year", y))
        .transpose()?;
    let ledger = ctx.open_for(&view)?;
    let states: Vec<ProjectState> = ledger
        .fold_all(&view)?
        .into_values()
        .filter(|s| year.is_none_or(|y| s.project.year == y))
        .collect();
    // Not freed: the process ends with this command, and freeing every project's movements
    // one by one took 0.5 s of the 5 s `projects` spends on 1M events.
    let states = std::mem::ManuallyDrop::new(states);
    let p = portfolio(&states);
    let out = args.output.out.as_deref();
    match listing {
        Listing::Json => return emit_text(&(json_pretty(&p) + "\n"), out, ctx),
        Listing::Csv | Listing::Xlsx => {
            let table = scored_portfolio(&ledger, &states, &view)?;
            return emit_table(&table, listing, out, ctx);
        }
        Listing::Text => {}
    }
    let mut t = Table::new(
        &[
            "项目 project",
            "预算部门 department",
            "年初预算",
            "全年预算",
            "到位",
            "支出",
            "执行率",
        ],
        &[
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
    );
    for r in p.rows.iter().chain(std::iter::once(&p.totals)) {
        let shown = show_all(&[r.initial_budget, r.budget, r.arrived, r.spent]);
        let mut cells = vec![r.project.clone(), clip(&r.department, 24)];
        cells.extend(shown.iter().map(Shown::cell));
        cells.push(percent(r.execution_ratio));
        t.row(cells);
    }
    println!("金额单位: 万元");
    print!("{}", t.render());
    if !p.withdrawn.is_empty() {
        println!("已撤销登记、未计入合计: {}", p.withdrawn.join("、"));
    }
    Ok(())
}

/// The portfolio with each project's computed score and grade, its claim and its number of
/// critical findings (scored and audited under the same view).
fn scored_portfolio(
    ledger: &Ledger,
    states: &[ProjectState],
    view: &View,
) -> Result<crate::export::Table, Failure> {
    let mut cards = Vec::with_capacity(states.len());
    let actors = ledger.project_events(crate::event::LEDGER_STREAM)?;
    for s in states {
        let events = ledger.project_events_in(&s.project.id, view)?;
        let card = score(s);
        let findings = audit_in_view(s, &card, &events, &actors, view);
        cards.push((card, findings));
    }
    let items: Vec<Scored> = states
        .iter()
        .zip(&cards)
        .map(|(state, (card, findings))| Scored {
            state,
            card,
            findings,
        })
        .collect();
    Ok(portfolio_table(&items))
}

#[cfg(test)]
mod tests {
    use super::{history_table, render_state};
    use crate::cli::term::hostile::{assert_inert, events};
    use crate::projection::history::timeline;
    use crate::projection::{fold, View};

    #[test]
    fn history_and_state_print_recorded_control_characters_as_code_points() {
        let events = events();
        // Header, rule and one line per event.
        assert_inert(
            &history_table(timeline("p1", &events), crate::i18n::Lang::Zh),
            2 + events.len(),
        );
        let state = fold("p1", &events, &View::default()).expect("registered");
        let text = render_state(&state, crate::i18n::Lang::Zh);
        assert_inert(&text, text.matches('\n').count());
        assert!(
            text.lines().next().is_some_and(|l| l.ends_with("2023年度")),
            "{text}"
        );
    }
}

#[cfg(test)]
mod balance_tests {
    use super::*;
    use crate::event::{Envelope, EventData, ZERO_HASH};
    use crate::ids::ProjectId;
    use crate::ledger::Stored;
    use crate::time::Day;

    /// Events as a ledger recorded before spending was held to its own date could hold them:
    /// 35.6万 spent on 2024-05-09, the funds arriving on 2024-06-01.
    fn legacy() -> Vec<Stored> {
        let lines = [
            (
                "project.registered",
                "2024-01-01",
                r#"{"name":"n","department":"d","year":2024}"#,
            ),
            ("budget.allocated", "2024-01-01", r#"{"amount":"100万"}"#),
            (
                "funds.disbursed",
                "2024-05-09",
                r#"{"amount":"35.6万","purpose":"宣传"}"#,
            ),
            ("funds.arrived", "2024-06-01", r#"{"amount":"35.6万"}"#),
        ];
        lines
            .iter()
            .enumerate()
            .map(|(i, (kind, on, data))| Stored {
                env: Envelope {
                    seq: i as u64 + 1,
                    recorded_at: crate::time::parse_instant("2024-07-01T00:00:00Z").unwrap(),
                    effective: Day::parse(on).unwrap(),
                    actor: "a".into(),
                    project: ProjectId::new("p").unwrap(),
                    data: EventData::parse(kind, data).unwrap(),
                    prev: ZERO_HASH,
                    id: None,
                    project_prev: None,
                    signed: None,
                },
                hash: ZERO_HASH,
            })
            .collect()
    }

    #[test]
    fn a_balance_before_the_funds_arrived_is_negative_not_zero() {
        // (as of, balance as stored, as the state prints it)
        let cases = [
            ("2024-05-31", "-356000.00", Some("−35.6")),
            ("2024-06-01", "0.00", None),
            ("2024-04-30", "0.00", None),
        ];
        for (as_of, stored, printed) in cases {
            let view = View {
                as_of: Some(crate::time::parse_date(as_of).unwrap()),
                known_at: None,
            };
            let state = crate::projection::fold("p", &legacy(), &view).unwrap();
            assert_eq!(state.money.balance.canonical(), stored, "{as_of}");
            let json = serde_json::to_value(&state).unwrap();
            assert_eq!(json["money"]["balance"], stored);
            let text = render_state(&state, crate::i18n::Lang::Zh);
            let row = text.lines().find(|l| l.starts_with("结余")).unwrap();
            let figure = row.split_whitespace().last().unwrap();
            match printed {
                Some(want) => assert_eq!(figure, want, "{row}"),
                None => assert!(!figure.starts_with('−'), "{row}"),
            }
        }
    }
}
