//! The event catalogue (version 1): one struct per event type's `data`, with exactly the
//! field names of DESIGN.md. Fields are declared in JCS key order (ASCII ascending) so that
//! serde's compact output of a struct *is* its canonical form; a test proves it per type.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::fund::Fund;
use crate::ids::ItemId;
use crate::money::Yuan;
use crate::number::Num;
use crate::time::Day;
use crate::value::Comparator;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// 项目登记: the project and its basis documents.
pub struct ProjectRegistered {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competent_department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contents: Option<String>,
    pub department: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fund_nature: Option<String>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_end: Option<Day>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_start: Option<Day>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub year: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// 撤销登记: a project registered in error. Its history stays; it leaves portfolios and
/// totals, and takes no further events but corrections and reversals of its own events (a
/// reversal of the withdrawal reinstates it). Refused while funds have arrived or been spent.
pub struct ProjectWithdrawn {
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// 预算下达: money added to the budget (年初预算 / 追加 / 上年结转 / 其他资金).
pub struct BudgetAllocated {
    pub amount: Yuan,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// 资金来源; absent: inferred from `source` (see `Fund::infer`), else 当年财政拨款.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fund: Option<Fund>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// 预算调整: the new 全年预算数 (a total, not a delta) of one fund, or of the whole.
pub struct BudgetAdjusted {
    pub amount: Yuan,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// With a fund, `amount` is that fund's new total; without, the whole's (the difference
    /// goes to 当年财政拨款: see `PerFund::adjust`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fund: Option<Fund>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// 资金到位: funds that actually arrived.
pub struct FundsArrived {
    pub amount: Yuan,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// 资金来源; absent: inferred from `source` (see `Fund::infer`), else 当年财政拨款.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fund: Option<Fund>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// 支出: one disbursement.
pub struct FundsDisbursed {
    pub amount: Yuan,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// 资金来源 the money was spent from; absent: 当年财政拨款.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fund: Option<Fund>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payee: Option<String>,
    pub purpose: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voucher: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// 年度总体目标: a goal set.
pub struct GoalSet {
    pub id: ItemId,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalAdjusted {
    pub id: ItemId,
    pub reason: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalWithdrawn {
    pub id: ItemId,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// 实际完成情况 of a goal, as the unit states it after the year (the 自评表's second goal
/// column; the latest statement per goal wins).
pub struct GoalAssessed {
    pub achieved: String,
    pub id: ItemId,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// 绩效指标: one 三级 indicator with its target as written.
pub struct IndicatorDefined {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparator: Option<Comparator>,
    pub id: ItemId,
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub target: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Num>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorTargetAdjusted {
    pub id: ItemId,
    pub reason: String,
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// 实现值: the actual value as written.
pub struct IndicatorMeasured {
    pub actual: String,
    pub id: ItemId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Qualitative tiers and their bands (fractions of the indicator's weight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Tier {
    #[serde(rename = "达成")]
    Achieved,
    #[serde(rename = "部分达成")]
    Partial,
    #[serde(rename = "未达成")]
    NotAchieved,
}

impl Tier {
    /// The tier as forms write it (`达成`, `部分达成`, `未达成`).
    pub fn name(self) -> &'static str {
        match self {
            Tier::Achieved => "达成",
            Tier::Partial => "部分达成",
            Tier::NotAchieved => "未达成",
        }
    }

    /// The share of an indicator's weight the tier may take, `(low, high)` inclusive
    /// (DESIGN.md, Scoring): 达成 0.8–1, 部分达成 0.6–0.8, 未达成 0–0.6.
    pub fn band(self) -> (rust_decimal::Decimal, rust_decimal::Decimal) {
        use rust_decimal::Decimal;
        match self {
            Tier::Achieved => (Decimal::new(80, 2), Decimal::ONE),
            Tier::Partial => (Decimal::new(60, 2), Decimal::new(80, 2)),
            Tier::NotAchieved => (Decimal::ZERO, Decimal::new(60, 2)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// A qualitative indicator's tier, with a score ratio inside the tier's band.
pub struct IndicatorAssessed {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deviation: Option<String>,
    pub id: ItemId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_ratio: Option<Num>,
    pub tier: Tier,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// A narrative section of the 自评报告 (latest text per section wins).
pub struct NarrativeRecorded {
    pub section: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// Points per 一级, overriding the policy's defaults for one project.
pub struct Weights {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benefit: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<Num>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// A project's scoring policy and the points it overrides. Parts `weights` leaves unnamed keep
/// the policy's points; `level2_weights` gives 分值 per 二级 (keyed by a 二级 name such as
/// `数量指标`), shared equally by that 二级's rows that carry no `weight` of their own.
pub struct ScoringConfigured {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level2_weights: Option<std::collections::BTreeMap<String, Num>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<Weights>,
}

/// 等级.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Grade {
    #[serde(rename = "优")]
    Excellent,
    #[serde(rename = "良")]
    Good,
    #[serde(rename = "中")]
    Fair,
    #[serde(rename = "差")]
    Poor,
}

impl Grade {
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Excellent => "优",
            Grade::Good => "良",
            Grade::Fair => "中",
            Grade::Poor => "差",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// 自评得分 and 等级 as the unit claims them, to be checked against the computation.
pub struct EvaluationClaimed {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_ratio: Option<Num>,
    /// 填报人 (the person who filled in the 自评表).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filled_by: Option<String>,
    /// 填报日期 as the form states it; absent: the claim's effective date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filled_on: Option<Day>,
    pub grade: Grade,
    /// 联系电话 of the 填报人.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    pub score: Num,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spent: Option<Yuan>,
    /// 单位负责人.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_head: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// A correction: the target event is read as `replacement` (same type) from now on, and, when
/// `effective` is given, as taking effect on that date (the as-of axis; the target's envelope
/// is never changed). Without `effective` the target keeps the date it had.
pub struct EventCorrected {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<Day>,
    pub reason: String,
    pub replacement: Replacement,
    pub target_seq: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventReversed {
    pub reason: String,
    pub target_seq: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// 登记操作人 (ledger-level stream `_ledger`): who may sign, in which role, with which key.
/// `key` is a c2sp.org/signed-note verifier key (`name+8hex+base64(0x01||key)`).
pub struct ActorRegistered {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    pub id: String,
    pub key: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// 注销操作人 (`_ledger`): the actor's signatures are refused from the next seq on.
pub struct ActorRevoked {
    pub id: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
/// 账本设置 (`_ledger`): from this event on every append must be signed by a registered,
/// unrevoked actor whose role the policy `roles` allows to record the event's type.
pub struct LedgerConfigured {
    pub roles: String,
    pub signatures: Signatures,
}

/// Whether a ledger requires signatures. Only `required`: a signed ledger stays signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Signatures {
    #[serde(rename = "required")]
    Required,
}

/// 角色: who records what (see the role policy, `roles-2026`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum Role {
    /// 经办
    #[serde(rename = "clerk")]
    Clerk,
    /// 单位负责人
    #[serde(rename = "head")]
    Head,
    /// 财政
    #[serde(rename = "finance")]
    Finance,
    /// 审计
    #[serde(rename = "auditor")]
    Auditor,
    /// 管理员
    #[serde(rename = "admin")]
    Admin,
}

impl Role {
    /// Every role, in the order they are listed.
    pub const ALL: [Role; 5] = [
        Role::Clerk,
        Role::Head,
        Role::Finance,
        Role::Auditor,
        Role::Admin,
    ];

    /// The stored name (`clerk`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Head => "head",
            Role::Finance => "finance",
            Role::Auditor => "auditor",
            Role::Admin => "admin",
        }
    }

    /// The Chinese name (经办).
    pub fn zh(self) -> &'static str {
        match self {
            Role::Clerk => "经办",
            Role::Head => "单位负责人",
            Role::Finance => "财政",
            Role::Auditor => "审计",
            Role::Admin => "管理员",
        }
    }

    /// Reads a stored name.
    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// `{type, data}` of the corrected event's type. Kept as raw JSON here and typed by the
/// ledger, because a replacement of a replacement is not allowed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Replacement {
    pub data: serde_json::Value,
    #[serde(rename = "type")]
    pub kind: String,
}
