//! HTML rendering of the report: one self-contained A4-printable file (inline CSS, hand-written
//! SVG charts, no scripts, fonts or images from anywhere), in the Markdown's order. It formats
//! the model's figures; it must not compute figures of its own beyond chart geometry. Every
//! recorded value goes through `esc`; the integrity marker is `markdown::integrity_marker`.

use std::fmt::Write as _;

use super::charts::{budget_chart, indicator_figures};
use super::form_html::{self, FORM_STYLE};
use super::integrity::Audience;
use super::markdown::{
    basis_text, body_actual, changes_list, implementation_text, input_sentence, integrity_marker,
    other_sections, result_sentence, rows_in_form_order, text,
};
use super::model::Report;
use super::money_text::funds_paragraphs;
use super::signing_text::signing_sentence;
use crate::findings::Severity;
use crate::projection::state::GoalStatus;

const STYLE: &str = r#"@page { size: A4; margin: 18mm; }
:root { --sans: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif;
  --serif: "Songti SC", STSong, SimSun, "Noto Serif CJK SC", "Source Han Serif SC", serif; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #fff; color: #1a1a1a; font: 11pt/1.75 var(--serif); }
main { max-width: 174mm; margin: 0 auto; padding: 10mm 0 14mm; }
h1, h2, h3, h4, th, .meta, figcaption, .total, .sev { font-family: var(--sans); }
h1 { text-align: center; font-size: 20pt; letter-spacing: .15em; margin: 0 0 .6em; }
h2 { font-size: 14pt; margin: 1.4em 0 .5em; padding-bottom: .15em; border-bottom: 1px solid #8a93a0; }
h3 { font-size: 12pt; margin: 1em 0 .4em; } h4 { font-size: 11pt; margin: .8em 0 .3em; }
h2, h3, h4, .lead { break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 .5em; text-indent: 2em; text-align: justify; orphans: 3; widows: 3; }
ol, ul { margin: .3em 0 .8em; padding-left: 2.4em; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1em 1em; margin: 0 auto 1.2em; width: max-content; max-width: 100%; }
.meta dt { font-weight: 600; } .meta dd { margin: 0; }
table { width: 100%; border-collapse: collapse; margin: .5em 0 1em; font: 9pt/1.45 var(--sans); }
th, td { border: 1px solid #8a93a0; padding: 3px 4px; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eef1f5; font-weight: 600; text-align: center; vertical-align: middle; }
thead { display: table-header-group; } tr { break-inside: avoid; page-break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.unit { text-indent: 0; text-align: right; font-size: 9pt; margin: 0; }
.total { text-indent: 0; font-weight: 700; font-size: 12pt; }
.withdrawn .goal { text-decoration: line-through; color: #5b6472; }
.appendix { break-before: page; page-break-before: always; }
figure { margin: .6em 0 1.2em; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 9pt; color: #5b6472; text-align: center; }
svg.chart { display: block; width: 100%; height: auto; }
svg.chart text { font-family: var(--sans); font-size: 12px; fill: #1a1a1a; }
svg.chart text.small { font-size: 10.5px; fill: #5b6472; }
.bar-initial { fill: #c3cad5; } .bar-budget { fill: #3b6fb6; } .bar-arrived { fill: #4aa3a2; } .bar-spent { fill: #2f855a; }
.ghost { fill: none; stroke: #5b6472; stroke-dasharray: 4 3; }
.track { fill: #f1f3f6; } .grid { stroke: #d5d9e0; } .target { stroke: #1a1a1a; stroke-dasharray: 3 2; }
.met { fill: #2f855a; } .unmet { fill: #d97706; } .unknown { fill: #9aa3af; } .cut { stroke: #fff; stroke-width: 2; }
.pill-met { fill: #dcefe3; stroke: #2f855a; } .pill-unmet { fill: #fdecd3; stroke: #d97706; } .pill-unknown { fill: #eef1f5; stroke: #9aa3af; }
.sev { display: inline-block; padding: 0 .4em; border: 1px solid; border-radius: 3px; white-space: nowrap; font-size: 8.5pt; }
.sev-critical { color: #9b1c1c; background: #fde8e8; } .sev-warning { color: #8a4b08; background: #fef3c7; } .sev-info { color: #1e429f; background: #e8f0fe; }
tr.row-critical td:first-child { border-left: 3px solid #9b1c1c; }
.integrity dt { font-weight: 600; font-family: var(--sans); } .integrity dd { margin: 0 0 .3em 2em; }
code.finding { font-size: 8pt; white-space: nowrap; } code { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: 9pt; word-break: break-all; }
footer.jixiao-footer { margin-top: 2em; font: 8pt/1.4 var(--sans); color: #5b6472; overflow-wrap: anywhere; }
@media print { main { max-width: none; padding: 0; } footer.jixiao-footer { position: fixed; bottom: 0; left: 0; right: 0; margin: 0; } }
"#;

pub fn render(r: &Report) -> String {
    let mut o = String::with_capacity(96 * 1024);
    head(r, &mut o);
    section_basic(r, &mut o);
    section_work(r, &mut o);
    section(&mut o, "三、绩效自评结果", &paras(&result_sentence(r)));
    section_funds(r, &mut o);
    section_lessons(r, &mut o);
    section(&mut o, "六、改进意见", &paras(&text(r, "improvements")));
    let publication = paras(&text(r, "publication"));
    section(&mut o, "七、绩效自评结果拟应用和公开情况", &publication);
    let others = other_sections(r);
    if !others.is_empty() {
        let body: String = others
            .iter()
            .map(|(name, text)| format!("<h3>{}</h3>\n{}", esc(name), paras(text)))
            .collect();
        section(&mut o, "其他", &body);
    }
    self_evaluation_table(r, &mut o);
    match r.integrity.audience {
        Audience::Submission => footer(r, &mut o),
        Audience::Audit => {
            computation(r, &mut o);
            findings(r, &mut o);
            integrity(r, &mut o);
        }
    }
    o.push_str("</main>\n</body>\n</html>\n");
    o
}

/// Escapes text for element content and quoted attributes alike (the one HTML escaper,
/// `escape::html`; charts use it too).
pub(super) use super::escape::html as esc;

/// Narrative text: one paragraph per non-blank line.
fn paras(s: &str) -> String {
    let lines = s.lines().map(str::trim).filter(|l| !l.is_empty());
    lines.map(|l| format!("<p>{}</p>\n", esc(l))).collect()
}

fn section(o: &mut String, title: &str, body: &str) {
    let _ = writeln!(o, "<section>\n<h2>{title}</h2>\n{body}</section>");
}

/// Opens a table from `header:width%|…`, widths as a percent of the text width.
fn table_open(o: &mut String, spec: &str) {
    let (mut widths, mut heads) = (String::new(), String::new());
    for (head, width) in spec.split('|').filter_map(|c| c.split_once(':')) {
        let _ = write!(widths, "<col style=\"width:{width}%\">");
        let _ = write!(heads, "<th>{head}</th>");
    }
    let _ = writeln!(
        o,
        "<table>\n<colgroup>{widths}</colgroup>\n<thead><tr>{heads}</tr></thead>\n<tbody>"
    );
}

fn td(s: &str) -> String {
    format!("<td>{}</td>", esc(s))
}

/// A figure: right-aligned, digits in columns.
fn num(s: &str) -> String {
    format!("<td class=\"num\">{}</td>", esc(s))
}

fn head(r: &Report, o: &mut String) {
    let (p, generator) = (&r.project, esc(&r.integrity.generator));
    let (name, department, year) = (esc(&p.name), esc(&p.department), p.year);
    let filled = r
        .filled_on
        .map(|d| d.format("%Y 年 %-m 月 %-d 日").to_string());
    let filled = filled.as_deref().unwrap_or("—");
    let _ = writeln!(o, "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"{generator}\">\n<title>项目支出绩效自评报告 · {name} · {year}</title>\n<style>\n{STYLE}{FORM_STYLE}</style>\n</head>\n<body>\n<main>");
    let _ = writeln!(o, "<h1>项目支出绩效自评报告</h1>\n<dl class=\"meta\">\n<dt>项目名称</dt><dd>{name}</dd>\n<dt>评价年度</dt><dd>{year}</dd>\n<dt>预算部门</dt><dd>{department}</dd>\n<dt>填报日期</dt><dd>{filled}</dd>\n</dl>");
}

fn section_basic(r: &Report, o: &mut String) {
    let p = &r.project;
    let basis = basis_text(r);
    let contents = r.narrative.get("contents").or(p.contents.as_ref());
    let contents = contents.map_or("（未记录）", String::as_str);
    let _ = writeln!(
        o,
        "<section>\n<h2>一、基本情况</h2>\n<h3>（一）项目概况</h3>"
    );
    for (title, body) in [
        ("1. 项目背景", text(r, "background")),
        ("2. 项目实施依据", basis),
        ("3. 项目主要内容", contents.to_string()),
        ("4. 项目实施情况", implementation_text(r)),
        ("5. 项目预期投入", input_sentence(r)),
    ] {
        let _ = writeln!(o, "<h4>{title}</h4>\n{}", paras(&body));
    }
    let targets = r
        .narrative
        .get("targets")
        .map(|t| paras(t))
        .unwrap_or_default();
    let _ = writeln!(o, "<h3>（二）评价年度项目绩效目标设定情况</h3>\n{targets}<p class=\"lead\">年度项目绩效总体目标：</p>\n<ol>");
    for g in r.goals.iter().filter(|g| g.status != GoalStatus::Withdrawn) {
        let _ = writeln!(o, "<li>{}；</li>", esc(&g.text));
    }
    let _ = writeln!(o, "</ol>\n</section>");
}

fn section_work(r: &Report, o: &mut String) {
    let _ = writeln!(o, "<section>\n<h2>二、绩效自评工作开展情况</h2>");
    for (title, key) in [
        ("（一）自评对象、范围", "scope"),
        ("（二）评价指标体系和标准、评价方法", "method"),
        ("（三）自评工作组织", "organisation"),
    ] {
        let _ = writeln!(o, "<h3>{title}</h3>\n{}", paras(&text(r, key)));
    }
    let _ = writeln!(o, "</section>");
}

fn section_funds(r: &Report, o: &mut String) {
    let (arrived, spent) = funds_paragraphs(&r.money.figures);
    let (arrived, spent) = (paras(&arrived), paras(&spent));
    let chart = budget_chart(r);
    let _ = writeln!(o, "<section>\n<h2>四、项目资金使用绩效</h2>\n<h3>（一）资金投入情况</h3>\n<h4>1. 资金到位情况</h4>\n{arrived}<h4>2. 资金执行情况</h4>\n{spent}<figure>\n{chart}\n<figcaption>图 1　年初预算、调整后全年预算、资金到位与实际支出（万元）</figcaption>\n</figure>");
    let (management, completion) = (
        paras(&text(r, "management")),
        paras(&text(r, "goal_completion")),
    );
    let _ = writeln!(o, "<h4>3. 资金管理情况</h4>\n{management}<h3>（二）绩效目标完成情况</h3>\n<h4>1. 总体目标完成情况</h4>\n{completion}<h4>2. 产出指标、效益指标和满意度指标完成情况</h4>");
    table_open(o, "一级指标:12|二级指标:15|三级指标:33|预期值:13|实现值:27");
    for (level1, level2, i) in rows_in_form_order(r) {
        let actual = body_actual(i);
        let cells = [level1, level2, &i.name, &i.target, &actual].map(td);
        let _ = writeln!(o, "<tr>{}</tr>", cells.concat());
    }
    let _ = writeln!(o, "</tbody>\n</table>");
    indicator_figures(r, o);
    let _ = writeln!(o, "</section>");
}

fn section_lessons(r: &Report, o: &mut String) {
    let (experience, deviation) = (paras(&text(r, "experience")), paras(&text(r, "deviation")));
    let _ = writeln!(o, "<section>\n<h2>五、主要经验、存在的问题和偏离绩效目标的原因分析</h2>\n<h3>（一）主要经验</h3>\n{experience}<h3>（二）绩效目标未能按年初预算批复完成原因</h3>\n{deviation}");
    let changes = changes_list(r);
    if !changes.is_empty() {
        let _ = writeln!(o, "<p class=\"lead\">账本记录的调整：</p>\n<ul>");
        for c in changes {
            let _ = writeln!(o, "<li>{}</li>", esc(&c));
        }
        let _ = writeln!(o, "</ul>");
    }
    let _ = writeln!(o, "</section>");
}

fn self_evaluation_table(r: &Report, o: &mut String) {
    let _ = writeln!(
        o,
        "<section class=\"appendix\">\n<h2>附：项目支出绩效自评表</h2>\n<p class=\"unit\">金额单位：万元</p>\n{}</section>",
        form_html::render(&r.form)
    );
}

/// Audit copies only: how each score was reached, 预算执行率 first, rows in the form's order.
fn computation(r: &Report, o: &mut String) {
    let m = &r.money.figures;
    let policy = esc(&r.integrity.policy);
    let _ = writeln!(o, "<section>\n<h2>评分过程 How each score was reached</h2>\n<p class=\"unit\">评分规则 policy: <code>{policy}</code></p>");
    table_open(o, "指标:30|分值:12|得分:12|计算:46");
    let ratio = crate::projection::state::percent(m.execution_ratio);
    let how = format!(
        "执行率 {ratio} → min(执行率, 100%) × {}",
        r.money.execution_weight
    );
    let (weight, score) = (
        r.money.execution_weight.to_string(),
        r.money.execution_score.to_string(),
    );
    let _ = writeln!(
        o,
        "<tr>{}{}{}{}</tr>",
        td("预算执行率"),
        num(&weight),
        num(&score),
        td(&how)
    );
    for (_, _, i) in rows_in_form_order(r) {
        let (weight, score) = (i.weight.to_string(), i.score.to_string());
        let _ = writeln!(
            o,
            "<tr>{}{}{}{}</tr>",
            td(&i.name),
            num(&weight),
            num(&score),
            td(&i.why)
        );
    }
    let (total, grade) = (r.total_score, r.grade);
    let _ = writeln!(o, "</tbody>\n</table>\n<p>总分 {total} = 各行得分之和（四舍五入到两位小数），等级 {grade}</p>\n</section>");
}

/// Submission copies: the footer line (repeated at the foot of every printed page) and the
/// marker.
fn footer(r: &Report, o: &mut String) {
    let line = esc(&r.form.footer.line());
    let _ = writeln!(
        o,
        "<footer class=\"jixiao-footer\">{line}</footer>\n{}",
        integrity_marker(r)
    );
}

fn findings(r: &Report, o: &mut String) {
    let _ = writeln!(o, "<section>\n<h2>审计发现</h2>");
    table_open(o, "代码:22|级别:12|说明:55|依据 seq:11");
    for f in &r.findings {
        let (class, label) = match f.severity {
            Severity::Critical => ("critical", "严重 Critical"),
            Severity::Warning => ("warning", "警告 Warning"),
            Severity::Info => ("info", "提示 Info"),
        };
        let (code, message) = (esc(f.code), td(&f.message));
        let seqs: Vec<String> = f.seqs.iter().map(u64::to_string).collect();
        let seqs = td(&seqs.join(", "));
        let _ = writeln!(o, "<tr class=\"row-{class}\"><td><code class=\"finding\">{code}</code></td><td><span class=\"sev sev-{class}\">{label}</span></td>{message}{seqs}</tr>");
    }
    let _ = writeln!(o, "</tbody>\n</table>\n</section>");
}

fn integrity(r: &Report, o: &mut String) {
    let i = &r.integrity;
    let opt = |v: &Option<String>| esc(v.as_deref().unwrap_or("—"));
    let (ledger, seq, hash) = (esc(&i.ledger_id), i.head_seq, esc(&i.head_hash));
    let (as_of, known_at) = (opt(&i.as_of), opt(&i.known_at));
    let (policy, generator, digest) = (esc(&i.policy), esc(&i.generator), esc(&i.digest));
    let (project_seq, project_hash) = (i.project_head_seq, esc(&i.project_head_hash));
    let signing = esc(&signing_sentence(&r.signatures));
    let _ = writeln!(o, "<section class=\"integrity\">\n<h2>完整性 Integrity</h2>\n<dl>\n<dt>账本 ledger</dt><dd><code>{ledger}</code></dd>\n<dt>账本头 head</dt><dd>seq {seq} <code>{hash}</code></dd>\n<dt>项目最后事件 project head</dt><dd>seq {project_seq} <code>{project_hash}</code></dd>\n<dt>签名</dt><dd>{signing}</dd>\n<dt>视图 view</dt><dd>as-of: {as_of}　known-at: {known_at}</dd>\n<dt>评分规则 policy</dt><dd><code>{policy}</code></dd>\n<dt>生成 generator</dt><dd>{generator}</dd>\n<dt>摘要 digest (BLAKE3)</dt><dd><code>{digest}</code></dd>\n</dl>");
    // The marker is written verbatim, exactly once: verify-report reads the first one it finds.
    let marker = integrity_marker(r);
    let _ = writeln!(
        o,
        "<p>核验：<code>jixiao verify-report &lt;this file&gt;</code></p>\n{marker}\n</section>"
    );
}

#[cfg(test)]
mod tests {
    use super::render;
    use crate::report::markdown::integrity_marker;
    use crate::report::test_sample::sample_report;

    #[test]
    fn sample_report_is_self_contained_with_charts_digest_and_one_marker() {
        let report = sample_report();
        let html = render(&report);
        assert!(html.starts_with("<!doctype html"));
        assert!(!html.contains("http://") && !html.contains("https://"));
        assert!(!html.contains("<script") && !html.contains("@import") && !html.contains("url("));
        assert!(html.contains("<svg"));
        assert!(html.contains(&report.integrity.digest));
        assert_eq!(html.matches(&integrity_marker(&report)).count(), 1);
        assert_eq!(html.matches("<!-- jixiao-integrity ").count(), 1);
        assert_eq!(html, render(&report), "rendering is deterministic");
    }

    #[test]
    fn narrative_markup_comes_out_as_text() {
        let mut report = sample_report();
        let hostile = "<script>alert('x')</script> & \"q\" <!-- jixiao-integrity {} -->";
        report
            .narrative
            .insert("improvements".into(), hostile.into());
        let html = render(&report);
        let escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;";
        assert!(html.contains(escaped));
        assert!(!html.contains("<script"));
        assert_eq!(html.matches("<!-- jixiao-integrity ").count(), 1);
    }
}
