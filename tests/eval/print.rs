//! PDF and docx reports (issue 13): the PDF's text as `pdftotext` extracts it (golden file),
//! every print format verifying untouched and failing on an edited figure (naming the page and
//! line, or the paragraph or cell), the font error when there is none (exit 2, nothing
//! written), page layout (header rows repeated, no blank page, nothing lost), and a project
//! with all three fund sources.
//!
//! These tests need a CJK font and poppler-utils' `pdftotext`; `.ci/run` installs
//! fonts-noto-cjk and poppler-utils. Refresh the golden file after an intended change with
//! `JIXIAO_UPDATE_SNAPSHOTS=1 cargo test --test eval print` and review the diff.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;

use jixiao::cli::font::{find_face, locate_in, none_found};
use jixiao::ledger::Ledger;
use jixiao::projection::View;
use jixiao::report::check::from_source_for;
use jixiao::report::paper::{document, Block, Cell, Doc, Grid};
use jixiao::report::pdf::extract::pages_text;
use jixiao::report::pdf::font::{Face, Metrics};
use jixiao::report::pdf::layout::{lay_out, Op};
use jixiao::report::pdf::read::PdfFile;
use jixiao::report::{render_bytes, render_pdf, Audience, Format, Report};
use serde_json::json;

use crate::{ledger_with, line, register, Run, Sample, DEMO_NOW, SAMPLE};

fn face() -> Face {
    find_face().unwrap_or_else(|f| {
        panic!(
            "these tests need a CJK font (apt-get install fonts-noto-cjk): {}",
            f.msg
        )
    })
}

/// `pdftotext FILE -` (poppler-utils).
fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext runs (apt-get install poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "pdftotext: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8")
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/eval/snapshots")
        .join(name);
    if std::env::var_os("JIXIAO_UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let (want, got) = (body(&expected), body(actual));
    if let Some((n, (want, got))) = want
        .iter()
        .chain(std::iter::repeat(&"<end of file>"))
        .zip(got.iter().chain(std::iter::repeat(&"<end of file>")))
        .take(want.len().max(got.len()))
        .enumerate()
        .find(|(_, (a, b))| a != b)
    {
        panic!(
            "{name} differs at text line {} (blank lines and page footers not counted):\n  \
             golden: {want}\n  actual: {got}\nif intended: \
             JIXIAO_UPDATE_SNAPSHOTS=1 cargo test --test eval print",
            n + 1
        );
    }
}

/// The text without blank lines and page footers (checked on their own, one per page):
/// where pdftotext puts a footer among a page's table cells depends on its width, and so on
/// the glyphs of the ledger id, which differs from run to run.
fn body(text: &str) -> Vec<&str> {
    let footer = |l: &str| {
        l.starts_with("账本 <LEDGER-ID>")
            || l.starts_with("账本头 seq ")
            || l.starts_with("摘要 <DIGEST>")
            || (l.starts_with("第 ") && l.contains(" 页 共 "))
    };
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !footer(l))
        .collect()
}

/// The sample's report as the library builds it (the CLI's `report` builds the same).
fn sample_report(s: &Sample, audience: Audience) -> Report {
    let ledger = Ledger::open(&s.ledger).expect("ledger opens");
    from_source_for(&ledger, SAMPLE, &View::default(), None, audience)
        .expect("ledger reads")
        .expect("project registered")
}

#[test]
fn the_sample_pdf_text_matches_its_golden_file() {
    let s = Sample::demo();
    let pdf = s.file("sample.pdf");
    let out = s
        .run(&[
            "report",
            SAMPLE,
            "--format",
            "pdf",
            "--out",
            pdf.to_str().unwrap(),
        ])
        .ok();
    assert!(out.contains("wrote"), "{out}");
    let report = sample_report(&s, Audience::Submission);
    let text = pdftotext(&pdf);
    let pages = text.matches('\u{c}').count();
    let footers = text
        .matches(&format!("摘要 {}", report.integrity.digest))
        .count();
    assert_eq!(
        footers, pages,
        "one footer line per page, on all {pages} pages"
    );
    let redacted = text
        .replace(&report.integrity.ledger_id, "<LEDGER-ID>")
        .replace(&report.integrity.digest, "<DIGEST>");
    golden("sample.pdf.txt", &redacted);
    for part in [
        "项目支出绩效自评报告",
        "七、绩效自评结果拟应用和公开情况",
        "项目支出绩效自评表（2023年度）",
        "其中：当年财政拨款",
        "总分",
    ] {
        assert!(text.contains(part), "the PDF shows {part}");
    }
    assert!(
        !text.contains("审计发现"),
        "a submission copy has no audit findings"
    );
}

/// An edit a forger might make: the 自评表's 全年执行数 printed one fen of 万元 higher, the
/// integrity record left as it was.
fn forged(mut r: Report) -> Report {
    let spent = &mut r.form.money.rows[0].spent;
    assert_eq!(spent.text, "101.35");
    spent.text = "101.36".into();
    r
}

fn verify(s: &Sample, path: &Path) -> Run {
    s.run(&["verify-report", path.to_str().unwrap()])
}

#[test]
fn pdf_and_docx_verify_untouched_and_fail_naming_where_a_figure_was_edited() {
    let s = Sample::demo();
    let face = face();
    for audience in [Audience::Submission, Audience::Audit] {
        for format in [Format::Pdf, Format::Docx] {
            let what = format!("{} {}", audience.as_str(), format.extension());
            let path = s.file(&format!("{}.{}", audience.as_str(), format.extension()));
            let args = [
                "report",
                SAMPLE,
                "--format",
                format.extension(),
                "--for",
                audience.as_str(),
            ];
            let out = s
                .run(&[&args[..], &["--out", path.to_str().unwrap()]].concat())
                .ok();
            assert!(out.contains("wrote"), "{what}: {out}");
            let ok = verify(&s, &path).ok();
            assert!(ok.starts_with("ok:"), "{what}: {ok}");

            let report = sample_report(&s, audience);
            let bytes = match format {
                Format::Pdf => render_pdf(&forged(report), &face).unwrap(),
                _ => render_bytes(&forged(report), format).unwrap(),
            };
            let edited = s.file(&format!(
                "edited-{}.{}",
                audience.as_str(),
                format.extension()
            ));
            std::fs::write(&edited, bytes).unwrap();
            let err = verify(&s, &edited).fails(1);
            assert!(
                err.contains("101.36") && err.contains("101.35"),
                "{what}: {err}"
            );
            let place = if format == Format::Pdf {
                "页第"
            } else {
                "表 2 第 4 行第 5 格"
            };
            assert!(err.contains(place), "{what} names where: {err}");
        }
    }
}

#[test]
fn a_pdf_is_the_same_bytes_each_time_and_its_record_cannot_be_changed() {
    let s = Sample::demo();
    let face = face();
    let report = sample_report(&s, Audience::Submission);
    let bytes = render_pdf(&report, &face).unwrap();
    assert_eq!(
        render_pdf(&report, &face).unwrap(),
        bytes,
        "no clock, no random ids"
    );

    // The record's digest changed in place (same length, so the file stays well formed).
    let digest = report.integrity.digest.as_bytes();
    let at = bytes
        .windows(digest.len())
        .position(|w| w == digest)
        .expect("the Keywords quote the digest");
    let mut altered = bytes.clone();
    altered[at] = if altered[at] == b'0' { b'1' } else { b'0' };
    let path = s.file("altered.pdf");
    std::fs::write(&path, &altered).unwrap();
    let err = verify(&s, &path).fails(1);
    assert!(err.contains("integrity.digest"), "{err}");

    // A byte of a compressed page changed: the file no longer reads as the report.
    let file = PdfFile::parse(&bytes).unwrap();
    let pages = pages_text(&file).unwrap();
    assert!(pages.iter().all(|p| !p.is_empty()), "every page has text");
    let stream = find(&bytes, b"stream\n").expect("a stream") + 40;
    let mut damaged = bytes.clone();
    damaged[stream] ^= 0xFF;
    std::fs::write(&path, &damaged).unwrap();
    verify(&s, &path).fails(1);
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn a_docx_edited_in_its_xml_fails_naming_the_table_cell() {
    let s = Sample::demo();
    let path = s.file("sample.docx");
    s.run(&[
        "report",
        SAMPLE,
        "--format",
        "docx",
        "--out",
        path.to_str().unwrap(),
    ])
    .ok();
    let edited = s.file("edited.docx");
    rewrite_zip(&path, &edited, "word/document.xml", |xml| {
        xml.replacen(">101.35<", ">101.36<", 1)
    });
    let err = verify(&s, &edited).fails(1);
    assert!(
        err.contains("表 2 第 4 行第 4 格") && err.contains("101.36"),
        "{err}"
    );
    // The integrity record removed: not a jixiao report (exit 2).
    rewrite_zip(&path, &edited, "docProps/custom.xml", |xml| {
        xml.replace("jixiao-integrity", "something-else")
    });
    let err = verify(&s, &edited).fails(2);
    assert!(err.contains("jixiao-integrity"), "{err}");
}

fn rewrite_zip(from: &Path, to: &Path, part: &str, edit: impl Fn(String) -> String) {
    let mut z = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut w = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == part {
            data = edit(String::from_utf8(data).unwrap()).into_bytes();
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&data).unwrap();
    }
    w.finish().unwrap();
}

/// `report --format pdf` with `JIXIAO_FONT` set.
fn with_font(s: &Sample, font: &str, out: &Path) -> Run {
    let o = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .arg("--ledger")
        .arg(&s.ledger)
        .args(["report", SAMPLE, "--format", "pdf", "--out"])
        .arg(out)
        .env("JIXIAO_NOW", DEMO_NOW)
        .env("JIXIAO_FONT", font)
        .output()
        .unwrap();
    Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

#[test]
fn without_a_usable_font_nothing_is_written_and_the_error_says_what_to_install() {
    let s = Sample::demo();
    let out = s.file("nofont.pdf");
    let not_a_font = s.file("not-a-font.ttf");
    std::fs::write(&not_a_font, "plain text").unwrap();
    let cases: &[(&str, &str)] = &[
        ("/nonexistent/font.ttc", "无法读取字体文件"),
        (not_a_font.to_str().unwrap(), "无法读取为 OpenType"),
    ];
    for (font, says) in cases {
        let err = with_font(&s, font, &out).fails(2);
        assert!(
            err.contains(says) && err.contains("JIXIAO_FONT"),
            "{font}: {err}"
        );
        assert!(!out.exists(), "{font}: nothing written");
    }
    let empty = tempfile::tempdir().unwrap();
    let missing: Vec<PathBuf> = vec![empty.path().join("none.ttc")];
    assert_eq!(locate_in(&missing, &[empty.path().to_path_buf()]), None);
    let f = none_found();
    assert_eq!(f.code, 2);
    let message = f.msg.to_string();
    assert!(
        message.starts_with("找不到中文字体") && message.contains("fonts-noto-cjk"),
        "{message}"
    );
}

/// Texts of a page's operations, footer excluded.
fn body_texts(ops: &[Op]) -> Vec<&str> {
    ops.iter()
        .filter_map(|o| match o {
            Op::Text { text, .. } if !text.starts_with("账本 ") => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn tables_repeat_their_header_keep_merged_rows_together_and_leave_no_page_blank() {
    let face = face();
    let m = Metrics::new(&face);
    let mut g = Grid::new(&[20, 30, 50]);
    g.row(
        true,
        vec![
            Cell::head("表头甲"),
            Cell::head("表头乙"),
            Cell::head("表头丙"),
        ],
    );
    for n in 0..150 {
        if n % 10 == 0 {
            g.row(
                false,
                vec![
                    Cell::new(format!("合并{n}")).span(1, 5),
                    Cell::new(format!("行{n}")),
                    Cell::new("内容"),
                ],
            );
        } else if n % 10 < 5 {
            g.row(false, vec![Cell::new(format!("行{n}")), Cell::new("内容")]);
        } else {
            g.row(
                false,
                vec![
                    Cell::new(format!("单{n}")),
                    Cell::new(format!("行{n}")),
                    Cell::new("内容"),
                ],
            );
        }
    }
    g.row(
        false,
        vec![
            Cell::new("长"),
            Cell::new("长行"),
            Cell::new("长".repeat(2000)),
        ],
    );
    let doc = Doc {
        title: "t".into(),
        blocks: vec![
            Block::PageBreak,
            Block::Title("版式".into()),
            Block::PageBreak,
            Block::PageBreak,
            Block::Table(g),
            Block::PageBreak,
        ],
        footer: Default::default(),
    };
    let pages = lay_out(&m, &doc);
    assert!(pages.len() > 3, "the table runs over several pages");
    for (k, p) in pages.iter().enumerate() {
        let texts = body_texts(&p.ops);
        assert!(!texts.is_empty(), "page {} has content", k + 1);
        if k >= 2 {
            assert_eq!(texts[0], "表头甲", "page {} starts with the header", k + 1);
        }
        for n in (0..150).step_by(10) {
            let here: Vec<bool> = (n..n + 5)
                .map(|r| texts.contains(&format!("行{r}").as_str()))
                .collect();
            assert!(
                here.iter().all(|h| *h) || here.iter().all(|h| !*h),
                "rows {n}..{} stay together",
                n + 5
            );
        }
    }
    let long: usize = pages
        .iter()
        .flat_map(|p| body_texts(&p.ops))
        .map(|t| t.matches('长').count())
        .sum();
    assert_eq!(
        long,
        2000 + 1 + 1,
        "every character of the tall row is printed"
    );
}

#[test]
fn a_project_with_all_three_fund_sources_prints_each_row() {
    const P: &str = "three-funds";
    let dir = tempfile::tempdir().unwrap();
    let ev = |kind: &str, data: serde_json::Value| line(P, "2023-03-01", kind, data);
    let ledger = ledger_with(
        dir.path(),
        &[
            register(P, "测试局"),
            ev(
                "budget.allocated",
                json!({"amount": "100万", "source": "年初预算"}),
            ),
            ev(
                "budget.allocated",
                json!({"amount": "50万", "fund": "上年结转"}),
            ),
            ev(
                "budget.allocated",
                json!({"amount": "20万", "fund": "其他资金"}),
            ),
            ev("funds.arrived", json!({"amount": "100万"})),
            ev(
                "funds.arrived",
                json!({"amount": "50万", "fund": "上年结转"}),
            ),
            ev(
                "funds.arrived",
                json!({"amount": "20万", "fund": "其他资金"}),
            ),
            ev("funds.disbursed", json!({"amount": "80万", "purpose": "a"})),
            ev(
                "funds.disbursed",
                json!({"amount": "40万", "purpose": "b", "fund": "上年结转"}),
            ),
            ev(
                "funds.disbursed",
                json!({"amount": "10.5万", "purpose": "c", "fund": "其他资金"}),
            ),
        ],
    );
    let report = from_source_for(&ledger, P, &View::default(), None, Audience::Submission)
        .unwrap()
        .unwrap();
    let bytes = render_pdf(&report, &face()).unwrap();
    let pages = pages_text(&PdfFile::parse(&bytes).unwrap()).unwrap();
    let all: Vec<&String> = pages.iter().flatten().collect();
    let at = |label: &str| {
        all.iter()
            .position(|l| l.as_str() == label)
            .unwrap_or_else(|| panic!("{label} printed"))
    };
    for (label, cells) in [
        ("年度资金总额", ["170.00", "170.00", "130.50"]),
        ("其中：当年财政拨款", ["100.00", "100.00", "80.00"]),
        ("上年结转资金", ["50.00", "50.00", "40.00"]),
        ("其他资金", ["20.00", "20.00", "10.50"]),
    ] {
        let k = at(label);
        assert_eq!(
            all[k + 1..k + 4]
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>(),
            cells,
            "{label}"
        );
    }
    let docx = render_bytes(&report, Format::Docx).unwrap();
    let lines = jixiao::report::docx::read::lines(&docx).unwrap();
    assert!(
        lines.iter().any(|l| l.text == "上年结转资金"),
        "the docx has the row"
    );
    let _ = document(&report);
}
