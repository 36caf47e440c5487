//! Indicator levels as real forms write them (一级 / 二级 names and their aliases), which 二级
//! belong to which 一级, and the scoring part (`Part`) a row counts toward. Pure.
//!
//! Sources: 财预〔2020〕10号 (产出 / 效益 / 满意度, with 成本 a 二级 of 产出), 财预〔2021〕101号
//! (成本 a 一级 of its own: 经济 / 社会 / 生态环境成本), and older 2016–2019 forms whose 一级
//! `效果指标` holds the 效益 and 满意度 二级 (DOMAIN.md, "Indicator levels"). Names are stored
//! as written; only scoring and the 二级-belongs-to-一级 rule read them normalised.

use std::fmt;

/// A part of the score with its own points in a policy: 预算执行率 and the 一级 indicators.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Execution,
    Output,
    Benefit,
    Satisfaction,
    Cost,
}

impl Part {
    /// Every part, in the order the official form prints them.
    pub const ALL: [Part; 5] = [
        Part::Execution,
        Part::Output,
        Part::Benefit,
        Part::Satisfaction,
        Part::Cost,
    ];
    /// The parts indicators belong to (everything but 预算执行率).
    pub const INDICATOR_PARTS: [Part; 4] =
        [Part::Output, Part::Benefit, Part::Satisfaction, Part::Cost];

    /// The key events and policies use (`execution`, `output`, …).
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Part::Execution => "execution",
            Part::Output => "output",
            Part::Benefit => "benefit",
            Part::Satisfaction => "satisfaction",
            Part::Cost => "cost",
        }
    }

    /// The part's name on the form (`预算执行率`, `产出指标`, …).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Part::Execution => "预算执行率",
            Part::Output => "产出指标",
            Part::Benefit => "效益指标",
            Part::Satisfaction => "满意度指标",
            Part::Cost => "成本指标",
        }
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A 一级 indicator name, normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level1 {
    Output,
    Benefit,
    Satisfaction,
    Cost,
    /// 效果指标 (2016–2019 forms): 效益 and 满意度 二级 under one 一级.
    Effect,
}

/// A 二级 indicator name, normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level2 {
    Quantity,
    Quality,
    Timeliness,
    Cost,
    Economic,
    Social,
    Ecological,
    Sustainable,
    Satisfaction,
    EconomicCost,
    SocialCost,
    EcologicalCost,
}

/// 一级 spellings: the standard name first, then the aliases real forms use.
const LEVEL1_NAMES: [(Level1, &[&str]); 5] = [
    (Level1::Output, &["产出指标", "产出"]),
    (Level1::Benefit, &["效益指标", "效益"]),
    (Level1::Satisfaction, &["满意度指标", "满意度"]),
    (Level1::Cost, &["成本指标", "成本"]),
    (Level1::Effect, &["效果指标", "效果"]),
];

/// 二级 spellings: the standard name first. `环境效益` is 生态效益 (DOMAIN.md).
const LEVEL2_NAMES: [(Level2, &[&str]); 12] = [
    (Level2::Quantity, &["数量指标", "数量"]),
    (Level2::Quality, &["质量指标", "质量"]),
    (Level2::Timeliness, &["时效指标", "时效"]),
    (Level2::Cost, &["成本指标", "成本"]),
    (Level2::Economic, &["经济效益指标", "经济效益"]),
    (Level2::Social, &["社会效益指标", "社会效益"]),
    (
        Level2::Ecological,
        &["生态效益指标", "生态效益", "环境效益指标", "环境效益"],
    ),
    (Level2::Sustainable, &["可持续影响指标", "可持续影响"]),
    (
        Level2::Satisfaction,
        &[
            "服务对象满意度指标",
            "服务对象满意度",
            "满意度指标",
            "满意度",
            "社会公众或服务对象满意度指标",
        ],
    ),
    (Level2::EconomicCost, &["经济成本指标", "经济成本"]),
    (Level2::SocialCost, &["社会成本指标", "社会成本"]),
    (
        Level2::EcologicalCost,
        &["生态环境成本指标", "生态环境成本"],
    ),
];

const BENEFIT_LEVEL2: &[Level2] = &[
    Level2::Economic,
    Level2::Social,
    Level2::Ecological,
    Level2::Sustainable,
];

impl Level1 {
    /// Reads a 一级 as written (surrounding spaces ignored); None if no form uses that name.
    #[must_use]
    pub fn read(written: &str) -> Option<Level1> {
        let s = written.trim();
        LEVEL1_NAMES
            .iter()
            .find(|(_, names)| names.contains(&s))
            .map(|(l, _)| *l)
    }

    /// The standard name (`产出指标`).
    #[must_use]
    pub fn name(self) -> &'static str {
        LEVEL1_NAMES
            .iter()
            .find(|(l, _)| *l == self)
            .map_or("", |(_, names)| names[0])
    }

    /// The 二级 this 一级 may hold.
    #[must_use]
    pub fn allowed(self) -> &'static [Level2] {
        match self {
            Level1::Output => &[
                Level2::Quantity,
                Level2::Quality,
                Level2::Timeliness,
                Level2::Cost,
            ],
            Level1::Benefit => BENEFIT_LEVEL2,
            Level1::Satisfaction => &[Level2::Satisfaction],
            Level1::Cost => &[
                Level2::EconomicCost,
                Level2::SocialCost,
                Level2::EcologicalCost,
                Level2::Cost,
            ],
            Level1::Effect => &[
                Level2::Economic,
                Level2::Social,
                Level2::Ecological,
                Level2::Sustainable,
                Level2::Satisfaction,
            ],
        }
    }

    /// Every accepted 一级 spelling, standard names first, for messages.
    #[must_use]
    pub fn every_name() -> Vec<&'static str> {
        LEVEL1_NAMES
            .iter()
            .flat_map(|(_, n)| n.iter().copied())
            .collect()
    }
}

impl Level2 {
    /// Reads a 二级 as written; None if no form uses that name.
    #[must_use]
    pub fn read(written: &str) -> Option<Level2> {
        let s = written.trim();
        LEVEL2_NAMES
            .iter()
            .find(|(_, names)| names.contains(&s))
            .map(|(l, _)| *l)
    }

    /// Where the form prints this 二级 among its siblings (数量, 质量, 时效, 成本, 经济效益, 社会
    /// 效益, 生态效益, 可持续影响, 满意度, then the 成本 一级's 二级).
    #[must_use]
    pub fn rank(self) -> usize {
        LEVEL2_NAMES
            .iter()
            .position(|(l, _)| *l == self)
            .unwrap_or(usize::MAX)
    }

    /// The standard name (`数量指标`).
    #[must_use]
    pub fn name(self) -> &'static str {
        LEVEL2_NAMES
            .iter()
            .find(|(l, _)| *l == self)
            .map_or("", |(_, names)| names[0])
    }
}

/// Why a pair of level names was refused; `Display` is the Chinese message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LevelError {
    #[error("一级指标「{written}」不是报表使用的名称（可用：{}）", Level1::every_name().join("、"))]
    UnknownLevel1 { written: String },
    #[error("二级指标「{written}」不是报表使用的名称（{level1}下可用：{}）", allowed_names(*.level1))]
    UnknownLevel2 { written: String, level1: Level1Name },
    #[error("二级指标「{written}」不属于一级指标「{level1}」（{level1}下可用：{}）", allowed_names(*.level1))]
    NotUnder { written: String, level1: Level1Name },
}

/// A 一级 as a message names it (the standard name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level1Name(pub Level1);

impl fmt::Display for Level1Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name())
    }
}

fn allowed_names(level1: Level1Name) -> String {
    level1
        .0
        .allowed()
        .iter()
        .map(|l| l.name())
        .collect::<Vec<_>>()
        .join("、")
}

/// Reads a (一级, 二级) pair and checks the 二级 belongs to the 一级.
///
/// # Errors
/// [`LevelError`] naming the written value and the allowed names.
pub fn read_levels(level1: &str, level2: &str) -> Result<(Level1, Level2), LevelError> {
    let l1 = Level1::read(level1).ok_or_else(|| LevelError::UnknownLevel1 {
        written: level1.to_string(),
    })?;
    let l2 = Level2::read(level2).ok_or_else(|| LevelError::UnknownLevel2 {
        written: level2.to_string(),
        level1: Level1Name(l1),
    })?;
    if !l1.allowed().contains(&l2) {
        return Err(LevelError::NotUnder {
            written: level2.to_string(),
            level1: Level1Name(l1),
        });
    }
    Ok((l1, l2))
}

/// The scoring part a row counts toward. Rows under 效果指标 count toward 满意度 when their
/// 二级 is a satisfaction one, else toward 效益. Names no form uses (only in events recorded
/// before the names were checked) count toward 成本, which carries no points by default.
#[must_use]
pub fn part_of(level1: &str, level2: &str) -> Part {
    match (Level1::read(level1), Level2::read(level2)) {
        (Some(Level1::Output), _) => Part::Output,
        (Some(Level1::Benefit), _) => Part::Benefit,
        (Some(Level1::Satisfaction), _) => Part::Satisfaction,
        (Some(Level1::Effect), Some(Level2::Satisfaction)) => Part::Satisfaction,
        (Some(Level1::Effect), _) => Part::Benefit,
        (Some(Level1::Cost), _) | (None, _) => Part::Cost,
    }
}

/// The normalised 二级 name a per-二级 分值 is keyed by (`数量` → `数量指标`); the name as
/// written when no form uses it.
#[must_use]
pub fn level2_key(level2: &str) -> String {
    Level2::read(level2).map_or_else(|| level2.trim().to_string(), |l| l.name().to_string())
}

/// Where a row is printed: the 一级's position in the form's order (产出, 效益, 满意度, 成本).
#[must_use]
pub fn form_order(level1: &str, level2: &str) -> usize {
    match part_of(level1, level2) {
        Part::Output => 0,
        Part::Benefit => 1,
        Part::Satisfaction => 2,
        Part::Cost | Part::Execution => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_real_forms_use_are_read() {
        for (l1, l2, part) in [
            ("效果指标", "经济效益", Part::Benefit),
            ("效果指标", "服务对象满意度", Part::Satisfaction),
            ("效益指标", "环境效益", Part::Benefit),
            ("效益", "社会效益", Part::Benefit),
            ("满意度指标", "服务对象满意度", Part::Satisfaction),
            ("产出", "数量", Part::Output),
            ("产出指标", "成本指标", Part::Output),
            ("成本指标", "经济成本指标", Part::Cost),
        ] {
            assert!(read_levels(l1, l2).is_ok(), "{l1}/{l2}");
            assert_eq!(part_of(l1, l2), part, "{l1}/{l2}");
        }
    }

    #[test]
    fn a_level2_outside_its_level1_names_the_allowed_ones() {
        let e = read_levels("产出指标", "服务对象满意度指标").unwrap_err();
        let m = e.to_string();
        assert!(m.contains("不属于一级指标「产出指标」"), "{m}");
        assert!(m.contains("数量指标、质量指标、时效指标、成本指标"), "{m}");
        let e = read_levels("产出指标", "好指标").unwrap_err().to_string();
        assert!(e.contains("二级指标「好指标」"), "{e}");
        let e = read_levels("结果指标", "数量").unwrap_err().to_string();
        assert!(
            e.contains("一级指标「结果指标」") && e.contains("效果指标"),
            "{e}"
        );
    }
}
