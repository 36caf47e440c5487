//! Markdown rendering of the report, following the seed's sections 一 to 七, then the
//! 自评表 (`form_md`); a submission ends with the footer line, an audit copy adds how each
//! score was reached, the findings and the integrity block. Every recorded value goes through
//! `escape` (`md_paragraphs` for narrative, `md_item` for a list item, `md_inline` for text
//! after a label or in a table cell, `md_code` for ids and hashes), and the integrity marker through `marker_json`.

use std::fmt::Write as _;

use super::escape::{marker_json, md_code, md_inline, md_item, md_paragraphs};
use super::form_md;
use super::integrity::Audience;
use super::model::{Report, ReportIndicator};
pub use super::money_text::input_sentence;
use super::money_text::{adjustment_line, funds_paragraphs};
use super::signing_text::signing_sentence;
use crate::projection::state::GoalStatus;
use crate::scoring::show;

/// The marker `verify-report` reads back from a Markdown or HTML report: an HTML comment
/// holding the JSON of [`MARKER_KEYS`], written by `marker_json` so that no id or text can
/// end the comment.
pub fn integrity_marker(r: &Report) -> String {
    let i = &r.integrity;
    let v = serde_json::json!({"project": r.project.id, "ledger_id": i.ledger_id, "audience": i.audience, "head_seq": i.head_seq, "head_hash": i.head_hash, "as_of": i.as_of, "known_at": i.known_at, "policy": i.policy, "generator": i.generator, "digest": i.digest});
    format!("{MARKER_START}{} -->", marker_json(&v))
}

/// Where the integrity marker starts.
pub const MARKER_START: &str = "<!-- jixiao-integrity ";

/// The keys of the integrity marker's JSON, each exactly once.
pub const MARKER_KEYS: [&str; 10] = [
    "project",
    "ledger_id",
    "audience",
    "head_seq",
    "head_hash",
    "as_of",
    "known_at",
    "policy",
    "generator",
    "digest",
];

pub fn render(r: &Report) -> String {
    let mut o = String::new();
    let p = &r.project;
    let _ = writeln!(o, "# 项目支出绩效自评报告\n");
    let _ = writeln!(
        o,
        "- 项目名称：{}\n- 评价年度：{}\n- 预算部门：{}\n- 填报日期：{}\n",
        md_inline(&p.name),
        p.year,
        md_inline(&p.department),
        r.filled_on
            .map(|d| d.format("%Y 年 %-m 月 %-d 日").to_string())
            .unwrap_or_else(|| "—".into())
    );
    section_basic(r, &mut o);
    section_work(r, &mut o);
    let result = md_paragraphs(&result_sentence(r));
    let _ = writeln!(o, "## 三、绩效自评结果\n\n{result}\n");
    section_funds(r, &mut o);
    section_lessons(r, &mut o);
    let _ = writeln!(o, "## 六、改进意见\n\n{}\n", para(r, "improvements"));
    let _ = writeln!(
        o,
        "## 七、绩效自评结果拟应用和公开情况\n\n{}\n",
        para(r, "publication")
    );
    let others = other_sections(r);
    if !others.is_empty() {
        let _ = writeln!(o, "## 其他\n");
        for (name, body) in others {
            let (name, body) = (md_inline(name), md_paragraphs(body));
            let _ = writeln!(o, "**{name}**\n\n{body}\n");
        }
    }
    let _ = writeln!(o, "## 附：项目支出绩效自评表\n");
    o.push_str(&form_md::render(&r.form));
    match r.integrity.audience {
        Audience::Submission => footer(r, &mut o),
        Audience::Audit => {
            computation(r, &mut o);
            findings(r, &mut o);
            integrity(r, &mut o);
        }
    }
    o
}

/// Narrative sections the report has no place of its own for (any name that is not a known
/// section, e.g. `sample_note`), by name: shown under 其他, never dropped.
pub fn other_sections(r: &Report) -> Vec<(&str, &str)> {
    r.narrative
        .iter()
        .filter(|(k, _)| crate::sections::title_of(k).is_none())
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// 项目实施情况: the unit's text when it recorded one, then the disbursements as recorded.
pub fn implementation_text(r: &Report) -> String {
    let sentence = implementation_sentence(r);
    match r.narrative.get("implementation") {
        Some(t) => format!("{t}\n\n{sentence}"),
        None => sentence,
    }
}

/// A narrative section's text, or （未记录） when the ledger has none.
pub fn text(r: &Report, key: &str) -> String {
    r.narrative
        .get(key)
        .cloned()
        .unwrap_or_else(|| "（未记录）".into())
}

/// 项目实施依据: the unit's text, else the registration's basis documents, else （未记录）.
pub fn basis_text(r: &Report) -> String {
    match r.narrative.get("basis") {
        Some(t) => t.clone(),
        None if r.project.basis.is_empty() => "（未记录）".into(),
        None => r.project.basis.join("；"),
    }
}

/// 实现值 in the completion table: the actual with its note, else the tier a qualitative row
/// was assessed at (as the 自评表 shows it), else `—`.
pub fn body_actual(i: &ReportIndicator) -> String {
    match (&i.actual, &i.note, i.tier) {
        (Some(a), Some(n), _) => format!("{a}（{n}）"),
        (Some(a), None, _) => a.clone(),
        (None, _, Some(t)) => t.name().to_string(),
        (None, _, None) => "—".into(),
    }
}

/// A narrative section as Markdown paragraphs, escaped.
fn para(r: &Report, key: &str) -> String {
    md_paragraphs(&text(r, key))
}

fn section_basic(r: &Report, o: &mut String) {
    let p = &r.project;
    let _ = writeln!(o, "## 一、基本情况\n\n### （一）项目概况\n");
    let _ = writeln!(o, "**1. 项目背景**\n\n{}\n", para(r, "background"));
    let _ = writeln!(
        o,
        "**2. 项目实施依据**\n\n{}\n",
        md_paragraphs(&basis_text(r))
    );
    let contents = r
        .narrative
        .get("contents")
        .cloned()
        .or(p.contents.clone())
        .unwrap_or_else(|| "（未记录）".into());
    let _ = writeln!(o, "**3. 项目主要内容**\n\n{}\n", md_paragraphs(&contents));
    let implementation = md_paragraphs(&implementation_text(r));
    let _ = writeln!(o, "**4. 项目实施情况**\n\n{implementation}\n");
    let _ = writeln!(
        o,
        "**5. 项目预期投入**\n\n{}\n",
        md_paragraphs(&input_sentence(r))
    );
    let _ = writeln!(o, "### （二）评价年度项目绩效目标设定情况\n");
    if let Some(t) = r.narrative.get("targets") {
        let _ = writeln!(o, "{}\n", md_paragraphs(t));
    }
    let _ = writeln!(o, "年度项目绩效总体目标：\n");
    for (n, g) in r
        .goals
        .iter()
        .filter(|g| g.status != GoalStatus::Withdrawn)
        .enumerate()
    {
        let _ = writeln!(o, "{}. {}；", n + 1, md_item(&g.text));
    }
    o.push('\n');
}

/// "宣传费用 1.08 万元，…" from the disbursements, in the order they were made.
pub fn implementation_sentence(r: &Report) -> String {
    let parts: Vec<String> = r
        .money
        .figures
        .disbursements
        .iter()
        .map(|d| format!("{} {}", d.purpose, d.amount.show_wan().spaced()))
        .collect();
    if parts.is_empty() {
        return "尚无支出记录。".into();
    }
    format!("{}。", parts.join("，"))
}

/// Section 三: the unit's claimed score next to the computed one.
pub fn result_sentence(r: &Report) -> String {
    let computed = format!(
        "按 {} 计算得分 {} 分，等级为{}",
        r.integrity.policy,
        show(r.total_score),
        r.grade
    );
    match &r.claimed {
        Some(c) => format!(
            "本次根据项目资金对照各项绩效指标进行评价，自评得分 {} 分，等级为{}（{}）。",
            c.score, c.grade, computed
        ),
        None => format!("{computed}（单位尚未记录自评得分）。"),
    }
}

fn section_work(r: &Report, o: &mut String) {
    let _ = writeln!(o, "## 二、绩效自评工作开展情况\n");
    let _ = writeln!(o, "### （一）自评对象、范围\n\n{}\n", para(r, "scope"));
    let _ = writeln!(
        o,
        "### （二）评价指标体系和标准、评价方法\n\n{}\n",
        para(r, "method")
    );
    let _ = writeln!(o, "### （三）自评工作组织\n\n{}\n", para(r, "organisation"));
}

fn section_funds(r: &Report, o: &mut String) {
    let m = &r.money.figures;
    let _ = writeln!(o, "## 四、项目资金使用绩效\n\n### （一）资金投入情况\n");
    let (arrived, spent) = funds_paragraphs(m);
    let (arrived, spent) = (md_paragraphs(&arrived), md_paragraphs(&spent));
    let _ = writeln!(o, "**1. 资金到位情况**\n\n{arrived}\n");
    let _ = writeln!(o, "**2. 资金执行情况**\n\n{spent}\n");
    let _ = writeln!(o, "**3. 资金管理情况**\n\n{}\n", para(r, "management"));
    let _ = writeln!(
        o,
        "### （二）绩效目标完成情况\n\n**1. 总体目标完成情况**\n\n{}\n",
        para(r, "goal_completion")
    );
    let _ = writeln!(o, "**2. 产出指标、效益指标和满意度指标完成情况**\n\n| 一级指标 | 二级指标 | 三级指标 | 预期值 | 实现值 |\n|---|---|---|---|---|");
    for (level1, level2, i) in rows_in_form_order(r) {
        let actual = body_actual(i);
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} |",
            cell(level1),
            cell(level2),
            cell(&i.name),
            cell(&i.target),
            cell(&actual)
        );
    }
    o.push('\n');
}

/// The indicators in the 自评表's order, with the 一级 and 二级 names on their group's first
/// row only (empty elsewhere).
pub fn rows_in_form_order(r: &Report) -> Vec<(&str, &str, &ReportIndicator)> {
    let mut out = Vec::new();
    let by_id = r.indicators_by_id();
    for g in &r.form.indicators {
        for (a, l2) in g.level2.iter().enumerate() {
            for (b, row) in l2.rows.iter().enumerate() {
                let level1 = if a == 0 && b == 0 {
                    g.name.as_str()
                } else {
                    ""
                };
                let level2 = if b == 0 { l2.name.as_str() } else { "" };
                if let Some(&i) = by_id.get(row.id.as_str()) {
                    out.push((level1, level2, i));
                }
            }
        }
    }
    out
}

fn section_lessons(r: &Report, o: &mut String) {
    let _ = writeln!(
        o,
        "## 五、主要经验、存在的问题和偏离绩效目标的原因分析\n\n### （一）主要经验\n\n{}\n",
        para(r, "experience")
    );
    let _ = writeln!(
        o,
        "### （二）绩效目标未能按年初预算批复完成原因\n\n{}\n",
        para(r, "deviation")
    );
    let changes = changes_list(r);
    if !changes.is_empty() {
        let _ = writeln!(o, "账本记录的调整：\n");
        for c in changes {
            let _ = writeln!(o, "- {}", md_item(&c));
        }
        o.push('\n');
    }
}

/// Adjustments of budget, targets and goals, as recorded (generated, not narrative).
pub fn changes_list(r: &Report) -> Vec<String> {
    let mut out: Vec<String> = r
        .money
        .figures
        .adjustments
        .iter()
        .map(adjustment_line)
        .collect();
    for i in &r.indicators {
        out.extend(i.target_history.iter().map(|h| {
            format!(
                "{} 指标「{}」预期值由 {} 调整为 {}（seq {}）",
                h.effective, i.name, h.from, h.to, h.seq
            )
        }));
    }
    for g in r.goals.iter().filter(|g| g.status == GoalStatus::Withdrawn) {
        out.push(format!(
            "{} 撤销年度目标「{}」（{}）",
            g.changed_on.map(|d| d.to_string()).unwrap_or_default(),
            g.original_text,
            g.reason.as_deref().unwrap_or("")
        ));
    }
    out
}

/// Audit copies only: how each score was reached, 预算执行率 first, rows in the form's order.
fn computation(r: &Report, o: &mut String) {
    let m = &r.money.figures;
    let _ = writeln!(o, "## 评分过程 How each score was reached\n\n评分规则 policy: {}\n\n| 指标 | 分值 | 得分 | 计算 |\n|---|---:|---:|---|", md_code(&r.integrity.policy));
    let ratio = crate::projection::state::percent(m.execution_ratio);
    let _ = writeln!(
        o,
        "| 预算执行率 | {} | {} | 执行率 {} → min(执行率, 100%) × {} |",
        r.money.execution_weight,
        r.money.execution_score,
        cell(&ratio),
        r.money.execution_weight
    );
    for (_, _, i) in rows_in_form_order(r) {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} |",
            cell(&i.name),
            i.weight,
            i.score,
            cell(&i.why)
        );
    }
    let _ = writeln!(
        o,
        "\n总分 {} = 各行得分之和（四舍五入到两位小数），等级 {}\n",
        r.total_score, r.grade
    );
}

/// Submission copies: the footer line that ties the paper to the ledger, and the marker.
fn footer(r: &Report, o: &mut String) {
    let _ = writeln!(
        o,
        "---\n\n{}\n\n{}",
        md_inline(&r.form.footer.line()),
        integrity_marker(r)
    );
}

fn findings(r: &Report, o: &mut String) {
    let _ = writeln!(
        o,
        "## 审计发现\n\n| 代码 | 级别 | 说明 | 依据 seq |\n|---|---|---|---|"
    );
    for f in &r.findings {
        let seqs: Vec<String> = f.seqs.iter().map(u64::to_string).collect();
        let _ = writeln!(
            o,
            "| {} | {:?} | {} | {} |",
            cell(f.code),
            f.severity,
            cell(&f.message),
            seqs.join(", ")
        );
    }
    o.push('\n');
}

fn integrity(r: &Report, o: &mut String) {
    let i = &r.integrity;
    let _ = writeln!(o, "## 完整性 Integrity\n");
    let view = |v: &Option<String>| md_inline(v.as_deref().unwrap_or("—"));
    let (ledger, hash, policy) = (
        md_code(&i.ledger_id),
        md_code(&i.head_hash),
        md_code(&i.policy),
    );
    let (as_of, known_at, generator) = (view(&i.as_of), view(&i.known_at), md_inline(&i.generator));
    let project_head = format!(
        "seq {} {}",
        i.project_head_seq,
        md_code(&i.project_head_hash)
    );
    let signing = md_inline(&signing_sentence(&r.signatures));
    let _ = writeln!(o, "- 账本 ledger: {ledger}\n- 账本头 head: seq {} {hash}\n- 项目最后事件 project head: {project_head}\n- 签名：{signing}\n- as-of: {as_of}　known-at: {known_at}\n- 评分规则 policy: {policy}\n- 生成 generator: {generator}\n- 摘要 digest (BLAKE3): {}\n", i.head_seq, md_code(&i.digest));
    let _ = writeln!(
        o,
        "核验: `jixiao verify-report <this file>`\n\n{}",
        integrity_marker(r)
    );
}

/// A table cell: escaped as any text in a line (pipes become `\|`, line breaks spaces).
fn cell(s: &str) -> String {
    md_inline(s)
}
