//! The narrative sections of the 自评报告: their stored keys (`background` …), the Chinese
//! names people write (项目背景 …), and how a section name as written is read — a known
//! section under its key, a near miss of one (`backgroud`) refused, anything else kept as
//! written and shown in the report under 其他. Pure.

/// Every known section: stored key, its title in the report, and the other names accepted
/// for it (Chinese names first, then English spellings). Sections a report has a place for.
pub const SECTIONS: &[(&str, &str, &[&str])] = &[
    ("background", "项目背景", &["背景"]),
    ("basis", "立项依据", &["项目实施依据", "实施依据"]),
    ("contents", "主要内容", &["项目主要内容", "content"]),
    (
        "implementation",
        "实施情况",
        &["组织实施", "项目实施情况", "implementations"],
    ),
    ("targets", "绩效目标", &["绩效目标设定情况", "target"]),
    ("scope", "评价范围", &["自评对象、范围", "自评范围"]),
    (
        "method",
        "评价方法",
        &["评价指标体系和标准、评价方法", "methods"],
    ),
    (
        "organisation",
        "组织管理",
        &["自评工作组织", "organization"],
    ),
    ("management", "管理情况", &["资金管理情况"]),
    (
        "goal_completion",
        "目标完成情况",
        &["总体目标完成情况", "goal-completion"],
    ),
    ("experience", "经验做法", &["主要经验", "experiences"]),
    ("deviation", "偏差原因", &["原因分析", "deviations"]),
    ("improvements", "改进措施", &["改进意见", "improvement"]),
    (
        "publication",
        "公开情况",
        &["结果应用和公开情况", "publications"],
    ),
];

/// A section name as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Section {
    /// A known section: its stored key.
    Known(&'static str),
    /// Any other name, kept as written (trimmed): shown under 其他.
    Free(String),
    /// A name one or two letters away from a known section: most likely a typo.
    NearMiss {
        written: String,
        key: &'static str,
        title: &'static str,
    },
}

/// Reads a section name: exact key, title or alias (ASCII case and `-`/space ignored) →
/// `Known`; within `near_distance` of a key or title → `NearMiss`; otherwise `Free`.
pub fn read(written: &str) -> Section {
    let trimmed = written.trim();
    // Most names are written as the stored key: no folding needed.
    if let Some((key, _, _)) = SECTIONS.iter().find(|s| s.0 == trimmed) {
        return Section::Known(key);
    }
    let folded = fold(trimmed);
    for (key, title, aliases) in SECTIONS {
        if folded == *key || trimmed == *title || aliases.iter().any(|a| fold(a) == folded) {
            return Section::Known(key);
        }
    }
    for (key, title, _) in SECTIONS {
        let near = |name: &str| {
            let d = distance(&folded, name);
            d > 0 && d <= near_distance(name)
        };
        if near(key) || near(title) {
            return Section::NearMiss {
                written: trimmed.to_string(),
                key,
                title,
            };
        }
    }
    Section::Free(trimmed.to_string())
}

/// The key a stored section is shown under: a known section's key (old events may carry
/// a Chinese name), else the name as written.
pub fn key_of(written: &str) -> String {
    match read(written) {
        Section::Known(key) => key.to_string(),
        Section::Free(s) | Section::NearMiss { written: s, .. } => s,
    }
}

/// The report title of a known key, or None for a free section.
pub fn title_of(key: &str) -> Option<&'static str> {
    SECTIONS.iter().find(|s| s.0 == key).map(|s| s.1)
}

/// ASCII lower case, `-` and spaces as `_`: `Goal Completion` → `goal_completion`.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '-' | ' ' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// How many edits still read as a typo of `name`: two for names of eight characters or
/// more, one from four, none below (short names are too easily near each other).
fn near_distance(name: &str) -> usize {
    match name.chars().count() {
        n if n >= 8 => 2,
        n if n >= 4 => 1,
        _ => 0,
    }
}

/// Optimal string alignment distance (Levenshtein with adjacent transpositions), by chars.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 2 {
        return 3;
    }
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_written_are_read_as_known_free_or_near_misses() {
        let near = |w: &str, key: &'static str| Section::NearMiss {
            written: w.into(),
            key,
            title: title_of(key).unwrap(),
        };
        let cases = [
            ("项目背景", Section::Known("background")),
            (" background ", Section::Known("background")),
            ("Background", Section::Known("background")),
            ("立项依据", Section::Known("basis")),
            ("组织实施", Section::Known("implementation")),
            ("实施情况", Section::Known("implementation")),
            ("绩效目标", Section::Known("targets")),
            ("评价范围", Section::Known("scope")),
            ("组织管理", Section::Known("organisation")),
            ("organization", Section::Known("organisation")),
            ("管理情况", Section::Known("management")),
            ("经验做法", Section::Known("experience")),
            ("偏差原因", Section::Known("deviation")),
            ("改进措施", Section::Known("improvements")),
            ("公开情况", Section::Known("publication")),
            ("goal-completion", Section::Known("goal_completion")),
            ("backgroud", near("backgroud", "background")),
            ("backgorund", near("backgorund", "background")),
            ("mehtod", near("mehtod", "method")),
            ("项目背影", near("项目背影", "background")),
            ("sample_note", Section::Free("sample_note".into())),
            ("风险防控", Section::Free("风险防控".into())),
            ("x", Section::Free("x".into())),
        ];
        for (written, want) in cases {
            assert_eq!(read(written), want, "{written}");
        }
    }
}
