//! One-line human descriptions of events (Chinese, with figures in 万元), for `log`,
//! `history` and the report's timeline.

use super::EventData;

pub fn describe(data: &EventData) -> String {
    use EventData as E;
    match data {
        E::ProjectRegistered(d) => {
            format!("项目登记 {} ({}，{}年度)", d.name, d.department, d.year)
        }
        E::BudgetAllocated(d) => format!(
            "预算下达 {}万元 ({})",
            d.amount.wan(),
            d.source.as_deref().unwrap_or("年初预算")
        ),
        E::BudgetAdjusted(d) => format!(
            "全年预算调整为 {}万元 ({}{})",
            d.amount.wan(),
            d.authority
                .as_deref()
                .map(|a| format!("{a}: "))
                .unwrap_or_default(),
            d.reason
        ),
        E::FundsArrived(d) => format!(
            "资金到位 {}万元{}",
            d.amount.wan(),
            d.source
                .as_deref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default()
        ),
        E::FundsDisbursed(d) => format!("支出 {}万元 {}", d.amount.wan(), d.purpose),
        E::GoalSet(d) => format!("设定目标 {}: {}", d.id, d.text),
        E::GoalAdjusted(d) => format!("调整目标 {}: {} (理由: {})", d.id, d.text, d.reason),
        E::GoalWithdrawn(d) => format!("撤销目标 {} (理由: {})", d.id, d.reason),
        E::IndicatorDefined(d) => format!(
            "设定指标 {} {}/{}/{} 预期值 {}",
            d.id, d.level1, d.level2, d.name, d.target
        ),
        E::IndicatorTargetAdjusted(d) => format!(
            "调整指标 {} 预期值为 {} (理由: {})",
            d.id, d.target, d.reason
        ),
        E::IndicatorMeasured(d) => format!("指标 {} 实现值 {}", d.id, d.actual),
        E::IndicatorAssessed(d) => {
            format!("指标 {} 评定为 {}", d.id, crate::ledger::tier_name(d.tier))
        }
        E::NarrativeRecorded(d) => format!("报告文字 {} ({}字)", d.section, d.text.chars().count()),
        E::ScoringConfigured(d) => {
            format!("评分设置 {}", d.policy.as_deref().unwrap_or("cz-2020-10"))
        }
        E::EvaluationClaimed(d) => format!("自评结果 {}分 {}", d.score, d.grade.as_str()),
        E::EventCorrected(d) => format!(
            "更正 seq {} → {} (理由: {})",
            d.target_seq, d.replacement.kind, d.reason
        ),
        E::EventReversed(d) => format!("撤销 seq {} (理由: {})", d.target_seq, d.reason),
    }
}
