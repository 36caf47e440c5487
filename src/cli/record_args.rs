//! The recording commands' arguments (clap). Building and appending the event lives in
//! `record.rs`.

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum RecordCommand {
    /// Register a project (project.registered) or withdraw one registered in error
    #[command(subcommand)]
    Project(ProjectCmd),
    /// Allocate or adjust the budget (budget.allocated / budget.adjusted)
    #[command(subcommand)]
    Budget(BudgetCmd),
    /// Record funds that arrived (funds.arrived)
    #[command(subcommand)]
    Funds(FundsCmd),
    /// Record a disbursement (funds.disbursed)
    Spend(SpendArgs),
    /// Set, adjust or withdraw an overall goal (goal.*)
    #[command(subcommand)]
    Goal(GoalCmd),
    /// Define, re-target, measure or assess an indicator (indicator.*)
    #[command(subcommand)]
    Indicator(IndicatorCmd),
    /// Record a narrative section of the report (narrative.recorded)
    Narrative(NarrativeArgs),
    /// Configure scoring for a project (scoring.configured)
    Scoring(ScoringArgs),
    /// Record the unit's own claimed score and grade (evaluation.claimed)
    Claim(ClaimArgs),
    /// Correct an earlier event (event.corrected); history is never edited
    Correct(Box<CorrectArgs>),
    /// Reverse an earlier event (event.reversed)
    Reverse(ReverseArgs),
}

#[derive(Debug, Args)]
pub struct Common {
    /// When the change took effect (2024-05-09, 2024/5/9, 2024年5月9日) [default: today, +08:00]
    #[arg(long)]
    pub(crate) effective: Option<String>,
}

/// `--confirm`: an amount without a unit that looks like a forgotten 万 is recorded as typed.
#[derive(Debug, Args)]
pub struct Confirm {
    /// Record an amount without a unit as 元 even where it looks like a forgotten 万
    #[arg(long)]
    pub(crate) confirm: bool,
}

#[derive(Debug, Subcommand)]
// One value per process, parsed once: the size of the registration's arguments is harmless.
#[allow(clippy::large_enum_variant)]
pub enum ProjectCmd {
    Register {
        project: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        department: String,
        /// 评价年度: four digits, 2000–2100 (read by `dates::year_option`)
        #[arg(long)]
        year: String,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        competent_department: Option<String>,
        #[arg(long)]
        fund_nature: Option<String>,
        #[arg(long)]
        period_start: Option<String>,
        #[arg(long)]
        period_end: Option<String>,
        /// A basis document (repeatable)
        #[arg(long)]
        basis: Vec<String>,
        #[arg(long)]
        contents: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Withdraw a project registered in error (project.withdrawn): its history stays, it
    /// leaves portfolios and totals; reversing the withdrawal reinstates it
    Withdraw {
        project: String,
        /// Why, e.g. 登记有误（重复登记）
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, Subcommand)]
pub enum BudgetCmd {
    Allocate {
        project: String,
        amount: String,
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        doc: Option<String>,
        /// 资金来源：当年财政拨款（默认）、上年结转、其他资金；也接受 本年财政拨款、财政拨款、市级财政拨款等“…财政拨款”、上年结转资金、结转资金、其他，记录为规范名称
        #[arg(long)]
        fund: Option<String>,
        #[command(flatten)]
        confirm: Confirm,
        #[command(flatten)]
        common: Common,
    },
    /// Set the new 全年预算数 (a total, not a delta)
    Adjust {
        project: String,
        amount: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        authority: Option<String>,
        #[arg(long)]
        doc: Option<String>,
        /// 只调整这一资金来源的全年预算数（金额为该来源调整后的总额）；不写则调整全年预算总额，差额计入当年财政拨款（上年结转、其他资金不变）。可用：当年财政拨款、上年结转、其他资金及其别名
        #[arg(long)]
        fund: Option<String>,
        #[command(flatten)]
        confirm: Confirm,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, Subcommand)]
pub enum FundsCmd {
    Arrive {
        project: String,
        amount: String,
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        doc: Option<String>,
        /// 资金来源：当年财政拨款（默认）、上年结转、其他资金；也接受 本年财政拨款、财政拨款、市级财政拨款等“…财政拨款”、上年结转资金、结转资金、其他，记录为规范名称
        #[arg(long)]
        fund: Option<String>,
        #[command(flatten)]
        confirm: Confirm,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, Args)]
pub struct SpendArgs {
    pub(crate) project: String,
    pub(crate) amount: String,
    #[arg(long)]
    pub(crate) purpose: String,
    #[arg(long)]
    pub(crate) category: Option<String>,
    #[arg(long)]
    pub(crate) payee: Option<String>,
    #[arg(long)]
    pub(crate) voucher: Option<String>,
    /// 支出所用的资金来源：当年财政拨款（默认）、上年结转、其他资金；也接受 本年财政拨款、财政拨款、市级财政拨款等“…财政拨款”、上年结转资金、结转资金、其他
    #[arg(long)]
    pub(crate) fund: Option<String>,
    #[command(flatten)]
    pub(crate) confirm: Confirm,
    #[command(flatten)]
    pub(crate) common: Common,
}

#[derive(Debug, Subcommand)]
pub enum GoalCmd {
    Set {
        project: String,
        id: String,
        text: String,
        #[command(flatten)]
        common: Common,
    },
    Adjust {
        project: String,
        id: String,
        text: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        common: Common,
    },
    Withdraw {
        project: String,
        id: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        common: Common,
    },
    /// 实际完成情况 of a goal (goal.assessed)
    Assess {
        project: String,
        id: String,
        #[arg(long)]
        achieved: String,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, Subcommand)]
pub enum IndicatorCmd {
    Define {
        project: String,
        id: String,
        #[arg(long)]
        level1: String,
        #[arg(long)]
        level2: String,
        #[arg(long)]
        name: String,
        /// Target as written: ≥8, ≤10%, =100%, 2023年底, 进一步提高
        #[arg(long, allow_hyphen_values = true)]
        target: String,
        /// ge, gt, le, lt, eq, deadline or qualitative [default: parsed from the target]
        #[arg(long)]
        comparator: Option<String>,
        #[arg(long)]
        unit: Option<String>,
        /// 分值 in points [default: an equal split of its 一级's weight]
        #[arg(long)]
        weight: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    AdjustTarget {
        project: String,
        id: String,
        #[arg(allow_hyphen_values = true)]
        target: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        common: Common,
    },
    Measure {
        project: String,
        id: String,
        #[arg(allow_hyphen_values = true)]
        actual: String,
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    Assess {
        project: String,
        id: String,
        /// 达成, 部分达成 or 未达成
        tier: String,
        #[arg(long)]
        score_ratio: Option<String>,
        #[arg(long)]
        deviation: Option<String>,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, Args)]
pub struct NarrativeArgs {
    pub(crate) project: String,
    /// background, basis, contents, scope, method, organisation, management, experience, deviation, improvements, publication, …
    pub(crate) section: String,
    pub(crate) text: String,
    #[command(flatten)]
    pub(crate) common: Common,
}

#[derive(Debug, Args)]
pub struct ScoringArgs {
    pub(crate) project: String,
    /// 评分规则 (jixiao policy list), e.g. sichuan-10-90; default cz-2020-10
    #[arg(long)]
    pub(crate) policy: Option<String>,
    /// 预算执行率分值 (points); parts not given keep the policy's points
    #[arg(long)]
    pub(crate) execution: Option<String>,
    /// 产出指标分值 (points)
    #[arg(long)]
    pub(crate) output: Option<String>,
    /// 效益指标分值 (points)
    #[arg(long)]
    pub(crate) benefit: Option<String>,
    /// 满意度指标分值 (points)
    #[arg(long)]
    pub(crate) satisfaction: Option<String>,
    /// 成本指标分值 (points)
    #[arg(long)]
    pub(crate) cost: Option<String>,
    /// 二级指标分值, repeatable: --level2 数量指标=20 (shared by that 二级's rows without their own 分值)
    #[arg(long = "level2", value_name = "二级=分值")]
    pub(crate) level2: Vec<String>,
    #[command(flatten)]
    pub(crate) common: Common,
}

#[derive(Debug, Args)]
pub struct ClaimArgs {
    pub(crate) project: String,
    #[arg(long)]
    pub(crate) score: String,
    #[arg(long)]
    pub(crate) grade: String,
    #[arg(long)]
    pub(crate) spent: Option<String>,
    #[arg(long)]
    pub(crate) execution_ratio: Option<String>,
    /// 填报人
    #[arg(long)]
    pub(crate) filled_by: Option<String>,
    /// 联系电话
    #[arg(long)]
    pub(crate) phone: Option<String>,
    /// 单位负责人
    #[arg(long)]
    pub(crate) unit_head: Option<String>,
    /// 填报日期 (2025-01-10, 2025/1/10, 2025年1月10日) [default: the effective date]
    #[arg(long)]
    pub(crate) filled_on: Option<String>,
    #[command(flatten)]
    pub(crate) confirm: Confirm,
    #[command(flatten)]
    pub(crate) common: Common,
}

/// `jixiao correct SEQ`: the corrected event's fields, by the flags of the command that
/// recorded it (each flag sets one field of the replacement; the rest stay as they are), or
/// the whole replacement `data` as JSON (`--data`, for experts).
#[derive(Debug, Args)]
pub struct CorrectArgs {
    /// The seq of the event to correct
    pub(crate) seq: u64,
    /// The replacement `data` as JSON (the type is the corrected event's)
    #[arg(long, conflicts_with_all = FIELD_FLAGS)]
    pub(crate) data: Option<String>,
    #[arg(long)]
    pub(crate) reason: String,
    /// The corrected event's effective date (stored as `effective` in event.corrected)
    #[arg(long)]
    pub(crate) effective: Option<String>,
    #[command(flatten)]
    pub(crate) fields: CorrectFields,
    #[command(flatten)]
    pub(crate) confirm: Confirm,
}

/// The field flags `correct` takes: `--data` cannot be combined with them.
pub const FIELD_FLAGS: [&str; 36] = [
    "amount",
    "purpose",
    "category",
    "payee",
    "voucher",
    "source",
    "doc",
    "fund",
    "authority",
    "text",
    "name",
    "department",
    "year",
    "unit",
    "competent_department",
    "fund_nature",
    "period_start",
    "period_end",
    "basis",
    "contents",
    "level1",
    "level2",
    "target",
    "comparator",
    "weight",
    "actual",
    "note",
    "tier",
    "score_ratio",
    "deviation",
    "section",
    "policy",
    "score",
    "grade",
    "spent",
    "execution_ratio",
];

/// One optional flag per field a recording command sets (`--amount` → `amount`).
#[derive(Debug, Args, Default)]
pub struct CorrectFields {
    #[arg(long)]
    pub(crate) amount: Option<String>,
    #[arg(long)]
    pub(crate) purpose: Option<String>,
    #[arg(long)]
    pub(crate) category: Option<String>,
    #[arg(long)]
    pub(crate) payee: Option<String>,
    #[arg(long)]
    pub(crate) voucher: Option<String>,
    #[arg(long)]
    pub(crate) source: Option<String>,
    #[arg(long)]
    pub(crate) doc: Option<String>,
    #[arg(long)]
    pub(crate) fund: Option<String>,
    #[arg(long)]
    pub(crate) authority: Option<String>,
    #[arg(long)]
    pub(crate) text: Option<String>,
    #[arg(long)]
    pub(crate) name: Option<String>,
    #[arg(long)]
    pub(crate) department: Option<String>,
    #[arg(long)]
    pub(crate) year: Option<String>,
    #[arg(long)]
    pub(crate) unit: Option<String>,
    #[arg(long)]
    pub(crate) competent_department: Option<String>,
    #[arg(long)]
    pub(crate) fund_nature: Option<String>,
    #[arg(long)]
    pub(crate) period_start: Option<String>,
    #[arg(long)]
    pub(crate) period_end: Option<String>,
    #[arg(long)]
    pub(crate) basis: Vec<String>,
    #[arg(long)]
    pub(crate) contents: Option<String>,
    #[arg(long)]
    pub(crate) level1: Option<String>,
    #[arg(long)]
    pub(crate) level2: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub(crate) target: Option<String>,
    #[arg(long)]
    pub(crate) comparator: Option<String>,
    #[arg(long)]
    pub(crate) weight: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub(crate) actual: Option<String>,
    #[arg(long)]
    pub(crate) note: Option<String>,
    #[arg(long)]
    pub(crate) tier: Option<String>,
    #[arg(long)]
    pub(crate) score_ratio: Option<String>,
    #[arg(long)]
    pub(crate) deviation: Option<String>,
    #[arg(long)]
    pub(crate) section: Option<String>,
    #[arg(long)]
    pub(crate) policy: Option<String>,
    #[arg(long)]
    pub(crate) score: Option<String>,
    #[arg(long)]
    pub(crate) grade: Option<String>,
    #[arg(long)]
    pub(crate) spent: Option<String>,
    #[arg(long)]
    pub(crate) execution_ratio: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReverseArgs {
    pub(crate) seq: u64,
    #[arg(long)]
    pub(crate) reason: String,
    #[command(flatten)]
    pub(crate) common: Common,
}
