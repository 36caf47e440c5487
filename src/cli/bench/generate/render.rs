//! Rendering planned events as import lines: Chinese text and every written amount form.

use super::*;

/// Writes one import line (without its newline).
pub(super) fn render(p: &Project, e: &Planned, seqs: &[u64], out: &mut Vec<u8>) {
    let mut rng = Rng::new(mix(p.seed, 0xE7E7_0000_0000 + u64::from(e.id)));
    let actor = match e.kind {
        Kind::Allocated | Kind::Arrived | Kind::BudgetAdjusted => p.finance_actor(),
        _ => p.unit_actor(),
    };
    out.extend_from_slice(b"{\"type\":\"");
    out.extend_from_slice(type_name(e.kind).as_bytes());
    out.extend_from_slice(b"\",\"project\":\"");
    out.extend_from_slice(p.id().as_bytes());
    out.extend_from_slice(b"\",\"effective\":\"");
    out.extend_from_slice(date(u64::from(e.day)).as_bytes());
    out.extend_from_slice(b"\",\"actor\":\"");
    out.extend_from_slice(actor.as_bytes());
    out.extend_from_slice(b"\",\"data\":");
    let mut data = Obj::new(out);
    match e.kind {
        Kind::Registered => registration(p, &mut data, &mut rng),
        Kind::Allocated | Kind::Arrived | Kind::BudgetAdjusted => money(p, e, &mut data, &mut rng),
        Kind::Disbursed => disbursed(e.amount_fen, e.id, &mut data, &mut rng),
        Kind::Scoring => scoring(&mut data, &mut rng),
        Kind::GoalSet | Kind::GoalAdjusted | Kind::GoalWithdrawn | Kind::GoalAssessed => {
            goal(e, &mut data, &mut rng)
        }
        Kind::IndicatorDefined | Kind::TargetAdjusted => indicator_defined(p, e, &mut data),
        Kind::Measured | Kind::Assessed => result(p, e, &mut data, &mut rng),
        Kind::Narrative => narrative(e, &mut data, &mut rng),
        Kind::Claimed => claim(p, e, &mut data, &mut rng),
        Kind::Corrected | Kind::Reversed => correction(e, seqs, &mut data, &mut rng),
        Kind::Withdrawn => data.str("reason", rng.pick(WITHDRAWAL_REASONS)),
    }
    data.close();
    out.push(b'}');
}

/// A JSON object writer for import lines (keys are ours; values are escaped as JCS does).
struct Obj<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> Obj<'a> {
    fn new(out: &'a mut Vec<u8>) -> Obj<'a> {
        out.push(b'{');
        Obj { out, first: true }
    }
    fn key(&mut self, key: &str) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
    }
    fn str(&mut self, key: &str, value: &str) {
        self.key(key);
        crate::event::canonical::write_string(value, self.out);
    }
    fn raw(&mut self, key: &str, json: &str) {
        self.key(key);
        self.out.extend_from_slice(json.as_bytes());
    }
    fn object(&mut self, key: &str) -> Obj<'_> {
        self.key(key);
        Obj::new(self.out)
    }
    fn close(self) {
        self.out.push(b'}');
    }
}

fn date(day: u64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).expect("invariant: valid date");
    (base + chrono::Days::new(day))
        .format("%Y-%m-%d")
        .to_string()
}

fn registration(p: &Project, d: &mut Obj, rng: &mut Rng) {
    let (city, dept) = (CITIES[p.city].1, DEPARTMENTS[p.department].1);
    let name = DEPARTMENTS[p.department].2[p.name];
    let department = format!("{city}{dept}");
    if rng.chance(70) {
        let docs: Vec<&str> = (0..rng.range(1, 4)).map(|_| rng.pick(BASIS_DOCS)).collect();
        d.raw(
            "basis",
            &serde_json::to_string(&docs).expect("invariant: strings serialize"),
        );
    }
    d.str("name", name);
    d.str("department", &department);
    d.str("unit", &department);
    d.str("competent_department", &department);
    d.raw("year", &p.year.to_string());
    d.str("period_start", &format!("{}-01-01", p.year));
    d.str("period_end", &format!("{}-12-31", p.year));
    d.str("fund_nature", rng.pick(FUND_NATURES));
    d.str("contents", &sentences(rng, 2, 5));
}

fn money(p: &Project, e: &Planned, d: &mut Obj, rng: &mut Rng) {
    d.str("amount", &amount_text(e.amount_fen, rng));
    let year = p.year;
    let n = rng.range(1, 150);
    match e.kind {
        Kind::Allocated => {
            d.str(
                "source",
                if e.item == 0 {
                    "年初预算"
                } else {
                    "追加"
                },
            );
            d.str("doc", &format!("{}财预〔{year}〕{n}号", short(p)));
        }
        Kind::Arrived => {
            d.str("source", rng.pick(ARRIVAL_SOURCES));
            d.str("doc", &format!("{}财资〔{year}〕{n}号", short(p)));
        }
        _ => {
            d.str("reason", rng.pick(ADJUST_REASONS));
            d.str("authority", &format!("{}财政局", CITIES[p.city].1));
            d.str("doc", &format!("{}财预〔{year}〕{n}号", short(p)));
        }
    }
}

/// The one-character city prefix of document numbers (湛财预〔2023〕1号).
fn short(p: &Project) -> char {
    CITIES[p.city]
        .1
        .chars()
        .next()
        .expect("invariant: city names are not empty")
}

/// A disbursement; its voucher number comes from the planned event `voucher_of` (its own
/// id, or for a correction its target's), so that vouchers are unique within a project.
fn disbursed(amount_fen: u64, voucher_of: u16, d: &mut Obj, rng: &mut Rng) {
    let (category, purpose) = rng.pick(DISBURSE);
    d.str("amount", &amount_text(amount_fen, rng));
    d.str("purpose", purpose);
    d.str("category", category);
    if rng.chance(60) {
        d.str(
            "payee",
            &format!("{}{}", rng.pick(PAYEE_HEADS), rng.pick(PAYEE_TAILS)),
        );
    }
    d.str(
        "voucher",
        &format!("记-{:02}-{:05}", rng.range(1, 12), voucher_of),
    );
}

fn scoring(d: &mut Obj, rng: &mut Rng) {
    d.str("policy", "cz-2020-10");
    if rng.chance(50) {
        let mut w = d.object("weights");
        w.str("execution", "10");
        w.str("output", "90");
        w.str("benefit", "0");
        w.str("satisfaction", "0");
        w.close();
    }
}

fn goal(e: &Planned, d: &mut Obj, rng: &mut Rng) {
    d.str("id", &format!("g{}", e.item + 1));
    match e.kind {
        Kind::GoalSet => d.str("text", rng.pick(GOALS)),
        Kind::GoalAdjusted => {
            d.str("text", rng.pick(GOALS));
            d.str("reason", GOAL_ADJUST_REASON);
        }
        Kind::GoalAssessed => d.str("achieved", GOAL_ACHIEVED),
        _ => d.str("reason", GOAL_WITHDRAW_REASON),
    }
}

fn indicator_defined(p: &Project, e: &Planned, d: &mut Obj) {
    d.str("id", &format!("ind-{:02}", e.item + 1));
    if e.kind == Kind::TargetAdjusted {
        let Indicator::Count(_, target) = indicator(p.seed, e.item) else {
            unreachable!("invariant: indicator 0 is a count");
        };
        d.str("target", &format!("≥{}", (target * 8 / 10).max(1)));
        d.str("reason", RETARGET_REASON);
        return;
    }
    let (level1, level2, name, target, unit) = match indicator(p.seed, e.item) {
        Indicator::Count(i, n) => {
            let (l1, l2, name, unit) = COUNT_INDICATORS[i];
            (l1, l2, name.to_string(), format!("≥{n}"), Some(unit))
        }
        Indicator::Percent(i, n) => {
            let (l1, l2, name) = PERCENT_INDICATORS[i];
            let t = if n == 100 {
                "=100%".into()
            } else {
                format!("≥{n}%")
            };
            (l1, l2, name.to_string(), t, Some("%"))
        }
        Indicator::Reverse(i, n) => {
            let (l1, l2, name) = REVERSE_INDICATORS[i];
            (l1, l2, name.to_string(), format!("≤{n}%"), Some("%"))
        }
        Indicator::Deadline(i) => (
            "产出指标",
            "时效指标",
            DEADLINE_NAMES[i].to_string(),
            format!("{}年底", p.year),
            None,
        ),
        Indicator::Qualitative(i) => {
            let (l1, l2, name, target) = QUALITATIVE_INDICATORS[i];
            (l1, l2, name.to_string(), target.to_string(), None)
        }
    };
    d.str("level1", level1);
    d.str("level2", level2);
    d.str("name", &name);
    d.str("target", &target);
    if let Some(unit) = unit {
        d.str("unit", unit);
    }
}

fn result(p: &Project, e: &Planned, d: &mut Obj, rng: &mut Rng) {
    if e.kind == Kind::Assessed {
        let qualitative = (0u16..)
            .filter(|&i| matches!(indicator(p.seed, i), Indicator::Qualitative(_)))
            .nth(usize::from(e.item))
            .expect("invariant: counted in the layout");
        d.str("id", &format!("ind-{:02}", qualitative + 1));
        match rng.below(10) {
            0..=6 => d.str("tier", "达成"),
            7..=8 => {
                d.str("tier", "部分达成");
                d.str("score_ratio", "0.7");
            }
            _ => {
                d.str("tier", "未达成");
                d.str("score_ratio", "0.5");
            }
        }
        d.str("deviation", rng.pick(DEVIATIONS));
        return;
    }
    d.str("id", &format!("ind-{:02}", e.item + 1));
    let actual = match indicator(p.seed, e.item) {
        Indicator::Count(_, n) => (n * rng.range(70, 160) / 100).to_string(),
        Indicator::Percent(_, n) => format!("{}%", rng.range(n.saturating_sub(5), 100)),
        Indicator::Reverse(_, n) => format!("{}%", rng.below(n + 3)),
        Indicator::Deadline(_) => format!("{}年底", p.year),
        Indicator::Qualitative(_) => rng.pick(QUALITATIVE_ACTUALS).to_string(),
    };
    d.str("actual", &actual);
    if rng.chance(30) {
        d.str("note", "数据来源：业务统计台账");
    }
}

fn narrative(e: &Planned, d: &mut Obj, rng: &mut Rng) {
    let section = SECTIONS[usize::from(e.item) % SECTIONS.len()];
    d.str("section", section);
    let long = section == "experience" || section == "implementation";
    d.str(
        "text",
        &if long {
            sentences(rng, 8, 30)
        } else {
            sentences(rng, 1, 6)
        },
    );
}

fn claim(p: &Project, e: &Planned, d: &mut Obj, rng: &mut Rng) {
    let budget = budget_at_end(p);
    let score = rng.range(700, 1000);
    let grade = match score {
        900.. => "优",
        800.. => "良",
        600.. => "中",
        _ => "差",
    };
    d.str("score", &format!("{}.{}", score / 10, score % 10));
    d.str("grade", grade);
    d.str("spent", &amount_text(e.amount_fen, rng));
    let ratio = e.amount_fen * 10_000 / budget.max(1);
    d.str(
        "execution_ratio",
        &format!("{}.{:04}", ratio / 10_000, ratio % 10_000),
    );
}

/// 全年预算数 after the project's allocations and adjustment, in 分.
fn budget_at_end(p: &Project) -> u64 {
    p.events.iter().fold(0, |budget, e| match e.kind {
        Kind::Allocated => budget + e.amount_fen,
        Kind::BudgetAdjusted => e.amount_fen,
        _ => budget,
    })
}

fn correction(e: &Planned, seqs: &[u64], d: &mut Obj, rng: &mut Rng) {
    let target_seq = seqs[usize::from(e.item)];
    assert!(
        target_seq > 0,
        "invariant: a target is written before its correction"
    );
    if e.kind == Kind::Reversed {
        d.str("reason", rng.pick(REVERSAL_REASONS));
        d.raw("target_seq", &target_seq.to_string());
        return;
    }
    d.str("reason", CORRECTION_REASONS[rng.below(2) as usize]);
    let mut replacement = d.object("replacement");
    replacement.str("type", "funds.disbursed");
    let mut data = replacement.object("data");
    disbursed(e.amount_fen, e.item, &mut data, rng);
    data.close();
    replacement.close();
    d.raw("target_seq", &target_seq.to_string());
}

fn sentences(rng: &mut Rng, lo: u64, hi: u64) -> String {
    let n = rng.range(lo, hi);
    let mut text = String::new();
    for i in 0..n {
        if i > 0 && i % 6 == 0 {
            text.push_str("\n\n");
        }
        text.push_str(rng.pick(SENTENCES));
    }
    text
}

/// An amount in one of the forms people write: `341万`, `1.08万元`, `131726元`,
/// `3,410,000.00`, `3410000`, `54.26亿`.
pub fn amount_text(fen: u64, rng: &mut Rng) -> String {
    let (yuan, cents) = (fen / 100, fen % 100);
    if cents != 0 {
        return match rng.below(3) {
            0 => format!("{}.{cents:02}", thousands(yuan)),
            1 => format!("{yuan}.{cents:02}元"),
            _ => format!("{yuan}.{cents:02}"),
        };
    }
    match rng.below(10) {
        0..=2 => format!(
            "{}万{}",
            scaled(yuan, 4),
            if rng.chance(50) { "元" } else { "" }
        ),
        3..=4 => format!("{yuan}元"),
        5..=6 => format!("{}.00", thousands(yuan)),
        7 if yuan >= 100_000_000 => format!("{}亿", scaled(yuan, 8)),
        _ => yuan.to_string(),
    }
}

/// `yuan / 10^digits` written exactly, trailing zeros trimmed (`10800, 4` → `1.08`).
fn scaled(yuan: u64, digits: u32) -> String {
    let unit = 10u64.pow(digits);
    let (whole, frac) = (yuan / unit, yuan % unit);
    if frac == 0 {
        return whole.to_string();
    }
    let frac = format!("{frac:0width$}", width = digits as usize);
    format!("{whole}.{}", frac.trim_end_matches('0'))
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
