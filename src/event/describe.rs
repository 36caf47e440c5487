//! One-line human descriptions of events (Chinese, with figures in 万元, or 元 where 万元 would
//! print a non-zero amount as 0), for `log`,
//! `history` and the report's timeline.

use super::EventData;
use crate::fund::Fund;

pub fn describe(data: &EventData) -> String {
    use EventData as E;
    match data {
        E::ProjectRegistered(d) => {
            format!("项目登记 {} ({}，{}年度)", d.name, d.department, d.year)
        }
        E::ProjectWithdrawn(d) => format!("已撤销登记 (理由: {})", d.reason),
        E::BudgetAllocated(d) => format!(
            "预算下达 {} ({}{})",
            d.amount.show_wan(),
            d.source.as_deref().unwrap_or("年初预算"),
            fund_note(d.fund, d.source.as_deref())
        ),
        E::BudgetAdjusted(d) => format!(
            "{}全年预算调整为 {} ({}{})",
            d.fund.map(Fund::label).unwrap_or_default(),
            d.amount.show_wan(),
            d.authority
                .as_deref()
                .map(|a| format!("{a}: "))
                .unwrap_or_default(),
            d.reason
        ),
        E::FundsArrived(d) => {
            let note = format!(
                "{}{}",
                d.source.as_deref().unwrap_or_default(),
                fund_note(d.fund, d.source.as_deref())
            );
            let note = note.trim_start_matches('，');
            match note.is_empty() {
                true => format!("资金到位 {}", d.amount.show_wan()),
                false => format!("资金到位 {} ({note})", d.amount.show_wan()),
            }
        }
        E::FundsDisbursed(d) => match d.fund.filter(|f| *f != Fund::Current) {
            Some(f) => format!("支出 {} {} ({f})", d.amount.show_wan(), d.purpose),
            None => format!("支出 {} {}", d.amount.show_wan(), d.purpose),
        },
        E::GoalSet(d) => format!("设定目标 {}: {}", d.id, d.text),
        E::GoalAdjusted(d) => format!("调整目标 {}: {} (理由: {})", d.id, d.text, d.reason),
        E::GoalWithdrawn(d) => format!("撤销目标 {} (理由: {})", d.id, d.reason),
        E::GoalAssessed(d) => format!("目标 {} 实际完成情况: {}", d.id, d.achieved),
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
            format!("指标 {} 评定为 {}", d.id, d.tier.name())
        }
        E::NarrativeRecorded(d) => format!("报告文字 {} ({}字)", d.section, d.text.chars().count()),
        E::ScoringConfigured(d) => {
            format!("评分设置 {}", d.policy.as_deref().unwrap_or("cz-2020-10"))
        }
        E::EvaluationClaimed(d) => format!("自评结果 {}分 {}", d.score, d.grade.as_str()),
        E::EventCorrected(d) => format!(
            "更正 #{} → {}{} (理由: {})",
            d.target_seq,
            crate::i18n::names::type_label(&d.replacement.kind).render(crate::i18n::Lang::Zh),
            d.effective
                .map(|e| format!("，生效日期改为 {e}"))
                .unwrap_or_default(),
            d.reason
        ),
        E::EventReversed(d) => format!("冲销 #{} (理由: {})", d.target_seq, d.reason),
        E::ActorRegistered(d) => format!(
            "登记操作人 {} 角色 {} ({}){}",
            d.id,
            d.role.zh(),
            d.role.as_str(),
            d.department
                .as_deref()
                .map(|x| format!("，{x}"))
                .unwrap_or_default()
        ),
        E::ActorRevoked(d) => format!("注销操作人 {} (理由: {})", d.id, d.reason),
        E::LedgerConfigured(d) => format!("账本设置：必须签名，角色规则 {}", d.roles),
    }
}

/// `，上年结转` when the event names a fund its `source` does not already say.
fn fund_note(fund: Option<Fund>, source: Option<&str>) -> String {
    match fund {
        Some(f) if source != Some(f.as_str()) => format!("，{f}"),
        _ => String::new(),
    }
}
