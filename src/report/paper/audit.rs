//! What an audit copy adds after the 自评表: how each score was reached (policy, weight, score
//! and the rule applied, row by row in the form's order), the findings with their seqs, and
//! the integrity section. The words and figures are the model's.

use super::grid::{Cell, Grid};
use super::Block;
use crate::findings::Severity;
use crate::report::model::Report;
use crate::report::signing_text::signing_sentence;

/// The three audit sections.
pub fn blocks(r: &Report) -> Vec<Block> {
    let mut o = computation(r);
    o.extend(findings(r));
    o.extend(integrity(r));
    o
}

fn computation(r: &Report) -> Vec<Block> {
    let m = &r.money.figures;
    let mut g = Grid::new(&[24, 14, 14, 48]);
    g.row(
        true,
        ["指标", "分值", "得分", "计算"]
            .iter()
            .map(|h| Cell::head(*h))
            .collect(),
    );
    let ratio = crate::projection::state::percent(m.execution_ratio);
    g.row(
        false,
        vec![
            Cell::new("预算执行率"),
            Cell::new(r.money.execution_weight.to_string()).right(),
            Cell::new(r.money.execution_score.to_string()).right(),
            Cell::new(format!(
                "执行率 {ratio} → min(执行率, 100%) × {}",
                r.money.execution_weight
            )),
        ],
    );
    let by_id = r.indicators_by_id();
    for row in r.form.rows() {
        if let Some(i) = by_id.get(row.id.as_str()) {
            g.row(
                false,
                vec![
                    Cell::new(&i.name),
                    Cell::new(i.weight.to_string()).right(),
                    Cell::new(i.score.to_string()).right(),
                    Cell::new(&i.why),
                ],
            );
        }
    }
    vec![
        Block::Heading(1, "评分过程 How each score was reached".into()),
        Block::Plain(format!("评分规则 policy: {}", r.integrity.policy)),
        Block::Table(g),
        Block::Plain(format!(
            "总分 {} = 各行得分之和（四舍五入到两位小数），等级 {}",
            r.total_score, r.grade
        )),
    ]
}

fn findings(r: &Report) -> Vec<Block> {
    let mut g = Grid::new(&[22, 12, 54, 12]);
    g.row(
        true,
        ["代码", "级别", "说明", "依据 seq"]
            .iter()
            .map(|h| Cell::head(*h))
            .collect(),
    );
    for f in &r.findings {
        let level = match f.severity {
            Severity::Critical => "严重 Critical",
            Severity::Warning => "警告 Warning",
            Severity::Info => "提示 Info",
        };
        let seqs: Vec<String> = f.seqs.iter().map(u64::to_string).collect();
        g.row(
            false,
            vec![
                Cell::new(f.code),
                Cell::new(level).center(),
                Cell::new(&f.message),
                Cell::new(seqs.join(", ")),
            ],
        );
    }
    vec![Block::Heading(1, "审计发现".into()), Block::Table(g)]
}

fn integrity(r: &Report) -> Vec<Block> {
    let i = &r.integrity;
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    let lines = [
        format!("账本 ledger: {}", i.ledger_id),
        format!("账本头 head: seq {} {}", i.head_seq, i.head_hash),
        format!(
            "项目最后事件 project head: seq {} {}",
            i.project_head_seq, i.project_head_hash
        ),
        format!("签名：{}", signing_sentence(&r.signatures)),
        format!(
            "视图 view: as-of {}　known-at {}",
            opt(&i.as_of),
            opt(&i.known_at)
        ),
        format!("评分规则 policy: {}", i.policy),
        format!("生成 generator: {}", i.generator),
        format!("摘要 digest (BLAKE3): {}", i.digest),
        "核验：jixiao verify-report <本文件>".to_string(),
    ];
    let mut o = vec![Block::Heading(1, "完整性 Integrity".into())];
    o.extend(lines.into_iter().map(Block::Plain));
    o
}
