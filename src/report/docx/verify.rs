//! `verify-report` on a docx: read the integrity record from the custom properties, rebuild
//! the report from the ledger at the quoted head and view, render it again, and compare the
//! two documents' text paragraph by paragraph, naming the first that differs and where.

use super::read::{custom_property, lines, Line};
use super::{render, PROPERTY};
use crate::report::check::{rebuild, CheckError, Source, Verified};
use crate::report::paper::{document, Record};

/// Checks docx bytes against the ledger.
pub fn verify(source: &dyn Source, bytes: &[u8]) -> Result<Verified, CheckError> {
    let unreadable =
        |m: String| CheckError::Unreadable(format!("无法读取 docx (cannot read the docx): {m}"));
    let json = custom_property(bytes, PROPERTY)
        .map_err(unreadable)?
        .ok_or_else(|| {
            CheckError::Unreadable(format!(
                "docx 的自定义属性中没有 {PROPERTY}：不是 jixiao 生成的报告 (no integrity record)"
            ))
        })?;
    let record: Record =
        serde_json::from_str(&json).map_err(|e| unreadable(format!("{PROPERTY}: {e}")))?;
    if record.format != "docx" {
        return Err(unreadable(format!(
            "完整性记录的 format 为 {:?}，不是 docx",
            record.format
        )));
    }
    let (report, mut problems) = rebuild(source, &record)?;
    let expected = render(&report, &document(&report));
    let got = lines(bytes).map_err(unreadable)?;
    let want = lines(&expected).map_err(unreadable)?;
    problems.extend(first_difference(&got, &want));
    if problems.is_empty() {
        Ok(Verified {
            digest: report.integrity.digest,
            project: record.project,
            head_seq: record.head_seq,
        })
    } else {
        Err(CheckError::Mismatch(problems))
    }
}

fn first_difference(got: &[Line], want: &[Line]) -> Option<String> {
    let blank = Line {
        place: "（末尾）".into(),
        text: "（无）".into(),
    };
    (0..got.len().max(want.len())).find_map(|n| {
        let (a, b) = (got.get(n).unwrap_or(&blank), want.get(n).unwrap_or(&blank));
        (a != b).then(|| {
            format!(
                "{} (paragraph {}): 文件为「{}」，按账本重算为「{}」",
                b.place,
                n + 1,
                clip(&a.text),
                clip(&b.text)
            )
        })
    })
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(80).collect();
    if s.chars().count() > 80 {
        out.push('…');
    }
    out
}
