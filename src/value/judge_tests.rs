//! Table-driven tests of quantities and of `judge`, and a property: writing both sides of a
//! comparison on another scale (万, 亿, 千, % or a fraction) never changes the verdict.

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).expect("invariant: test literal is a decimal")
}

fn ctx(year: Option<i32>, unit: Option<&str>, bare: BareTarget) -> ReadContext {
    ReadContext {
        year,
        unit: unit.map(str::to_string),
        bare,
    }
}

#[test]
fn scales_and_units_as_written() {
    let cases: &[(&str, &str, &str, Option<&str>)] = &[
        // number, tail, value in base units, unit
        ("1.2", "千", "1200", None),
        ("500", "万", "5000000", None),
        ("3", "百万", "3000000", None),
        ("2", "千万", "20000000", None),
        ("6", "亿", "600000000", None),
        ("80", "%", "0.8", None),
        ("5", "‰", "0.005", None),
        ("95", "百分比", "0.95", None),
        ("3", "个百分点", "0.03", None),
        ("10", "万人", "100000", Some("人")),
        ("90", "万元", "900000", Some("元")),
        ("1.5", "亿元", "150000000", Some("元")),
        ("5300", "元/户", "5300", Some("元/户")),
        ("2", "万人次/年", "20000", Some("人次/年")),
        ("8", "家企业", "8", Some("家")),
        ("95", "%（含）", "0.95", None),
        ("95", "%的受益群众满意", "0.95", None),
        ("266", "米", "266", Some("米")),
        ("3", "千米", "3000", Some("米")),
        ("12", "辆", "12", Some("辆")),
        ("7", "", "7", None),
    ];
    for (number, tail, value, unit) in cases {
        let q = read_quantity(dec(number), tail).expect("readable");
        assert_eq!(q.value(), Some(dec(value)), "{number}{tail}");
        assert_eq!(q.unit.as_deref(), *unit, "{number}{tail}");
    }
    // After a known unit, the rest describes what was counted.
    let q = read_quantity(dec("8"), "项已完成验收").expect("readable");
    assert_eq!(q.unit.as_deref(), Some("项"));
    assert_eq!(
        read_quantity(dec("8"), "超额完成全年任务"),
        Err("超额完成全年任务".to_string())
    );
}

/// target, comparator given, actual, (year, indicator unit, bare meaning), expected verdict.
type Case = (
    &'static str,
    Option<Comparator>,
    Option<&'static str>,
    (Option<i32>, Option<&'static str>, BareTarget),
    Verdict,
);

fn met() -> Verdict {
    Verdict::Met { restated: false }
}

fn restated() -> Verdict {
    Verdict::Met { restated: true }
}

fn unmet(share: &str) -> Verdict {
    Verdict::Unmet { share: dec(share) }
}

fn unmet_ratio(a: &str, b: &str) -> Verdict {
    Verdict::Unmet {
        share: dec(a) / dec(b),
    }
}

const PLAIN: (Option<i32>, Option<&str>, BareTarget) = (Some(2023), None, BareTarget::Floor);

#[test]
fn judgements_as_the_rules_say() {
    use BareTarget::{Exact, Floor};
    let cases: Vec<Case> = vec![
        // 1. Scales are applied before comparing.
        ("≥500万", None, Some("3000000"), PLAIN, unmet("0.6")),
        ("≥0.9", None, Some("80%"), PLAIN, unmet_ratio("0.8", "0.9")),
        ("≥90%", None, Some("0.8"), PLAIN, unmet_ratio("0.8", "0.9")),
        (
            "≥6",
            None,
            Some("54.26"),
            (Some(2023), Some("亿"), Floor),
            met(),
        ),
        (
            "≥6",
            None,
            Some("5.4亿"),
            (Some(2023), Some("亿"), Floor),
            unmet("0.9"),
        ),
        ("≥1000", None, Some("1.2千"), PLAIN, met()),
        ("≥500万元", None, Some("520万"), PLAIN, met()),
        ("≤90万元", None, Some("1000000元"), PLAIN, unmet("0.9")),
        ("≥1亿元", None, Some("5000万元"), PLAIN, unmet("0.5")),
        ("≥10万人", None, Some("120000人"), PLAIN, met()),
        (
            "≥1.35",
            None,
            Some("1.35（954个高价值专利量/704万人）"),
            PLAIN,
            met(),
        ),
        ("=100%", None, Some("100%（全部完成）"), PLAIN, met()),
        // 2. Strict bounds, unmet, never earn full points.
        (">10", None, Some("10"), PLAIN, unmet_ratio("10", "11")),
        (">10", None, Some("8"), PLAIN, unmet_ratio("8", "11")),
        (">10", None, Some("10.5"), PLAIN, met()),
        ("<5%", None, Some("5%"), PLAIN, unmet("0.8")),
        ("<5%", None, Some("0.05"), PLAIN, unmet("0.8")),
        ("<5%", None, Some("4.9%"), PLAIN, met()),
        ("超过95%", None, Some("95%"), PLAIN, unmet_ratio("95", "96")),
        ("低于1", None, Some("1"), PLAIN, unmet("0")),
        // 3. An actual that restates its target.
        ("≥266米", None, Some("≥266米"), PLAIN, restated()),
        ("≥266米", None, Some("≥300米"), PLAIN, restated()),
        ("≥90%", None, Some("95%以上"), PLAIN, restated()),
        ("2023年底", None, Some("2023年底前"), PLAIN, restated()),
        // 4. Small and full-width forms.
        ("﹦100%", None, Some("100%"), PLAIN, met()),
        ("﹦100%", None, Some("90%"), PLAIN, unmet("0.9")),
        ("﹥5", None, Some("6"), PLAIN, met()),
        ("﹤5", None, Some("5"), PLAIN, unmet("0.8")),
        ("＞＝8", None, Some("8"), PLAIN, met()),
        ("≦10%", None, Some("20%"), PLAIN, unmet("0.5")),
        ("控制在10%以内", None, Some("8%"), PLAIN, met()),
        ("等于4", None, Some("5"), PLAIN, unmet("0.8")),
        // 5. Deadlines.
        (
            "完成时间为2022年12月30日",
            None,
            Some("2022年12月20日"),
            (Some(2022), None, Floor),
            met(),
        ),
        (
            "完成时间为2022年12月30日",
            None,
            Some("2022年12月31日"),
            (Some(2022), None, Floor),
            unmet("0"),
        ),
        (
            "完成时间2022年12月",
            None,
            Some("2022-12-31"),
            (Some(2022), None, Floor),
            met(),
        ),
        (
            "12月底之前完成",
            None,
            Some("12月20日"),
            (Some(2022), None, Floor),
            met(),
        ),
        (
            "12月底前",
            None,
            Some("2023年1月3日"),
            (Some(2022), None, Floor),
            unmet("0"),
        ),
        (
            "2022.12",
            None,
            Some("2022.12"),
            (Some(2022), None, Floor),
            met(),
        ),
        (
            "2023年底",
            None,
            Some("已按期完成"),
            PLAIN,
            Verdict::NeedsTier,
        ),
        ("2023年底", None, None, PLAIN, Verdict::Pending),
        // 6. Bare targets: a floor by default, exact when the policy says so.
        ("95%", None, Some("100%"), PLAIN, met()),
        ("95%", None, Some("90%"), PLAIN, unmet_ratio("0.9", "0.95")),
        (
            "95%",
            None,
            Some("100%"),
            (Some(2023), None, Exact),
            unmet("0.95"),
        ),
        (
            "95%",
            Some(Comparator::Ge),
            Some("100%"),
            (Some(2023), None, Exact),
            met(),
        ),
        ("8家", None, Some("10家"), PLAIN, met()),
        ("100", None, Some("100"), (Some(2023), None, Exact), met()),
        // Qualitative and pending.
        (
            "进一步提高",
            None,
            Some("明显提高"),
            PLAIN,
            Verdict::NeedsTier,
        ),
        ("≥8", None, None, PLAIN, Verdict::Pending),
    ];
    for (target, given, actual, (year, unit, bare), want) in cases {
        let j = judge(target, given, actual, &ctx(year, unit, bare));
        assert_eq!(j.verdict, want, "{target} / {actual:?}: {j:?}");
    }
}

/// target, actual, indicator unit, project year, words the reason must contain.
type WhyCase = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<i32>,
    &'static [&'static str],
);

#[test]
fn unscorable_rows_say_why() {
    use BareTarget::Floor;
    let cases: &[WhyCase] = &[
        ("≥1000", "1e3", None, Some(2023), &["1e3", "科学计数法"]),
        (
            "≥50家",
            "52个",
            None,
            Some(2023),
            &["≥50家", "52个", "单位不一致", "家", "个"],
        ),
        (
            "≥5000元",
            "3人",
            None,
            Some(2023),
            &["单位不一致", "元", "人"],
        ),
        ("≥10", "10家", Some("个"), Some(2023), &["单位不一致"]),
        ("≥90%", "95", None, Some(2023), &["量纲不明", "95"]),
        ("≥90%", "8家", None, Some(2023), &["量纲不一致", "家"]),
        (
            "≥8",
            "全部完成",
            None,
            Some(2023),
            &["全部完成", "不是数值"],
        ),
        ("≥266米", "≥200米", None, Some(2023), &["≥200米", "范围"]),
        (
            "12月底前",
            "12月20日",
            None,
            None,
            &["12月底前", "未写年份"],
        ),
        ("≥1e3", "1000", None, Some(2023), &["≥1e3", "exponent"]),
    ];
    for (target, actual, unit, year, words) in cases {
        let j = judge(target, None, Some(actual), &ctx(*year, *unit, Floor));
        let Verdict::Unscorable { reason } = &j.verdict else {
            panic!("{target} / {actual}: {j:?}");
        };
        for w in *words {
            assert!(
                reason.contains(w),
                "{target} / {actual}: {reason:?} lacks {w}"
            );
        }
    }
}

#[test]
fn readings_show_scale_unit_and_comparator() {
    let plain = ctx(Some(2023), None, BareTarget::Floor);
    let cases: &[(&str, &str, ReadContext, &str, &str)] = &[
        (
            "≥500万",
            "3000000",
            plain.clone(),
            "≥ 5000000（500 × 万）",
            "3000000",
        ),
        ("≥0.9", "80%", plain.clone(), "≥ 0.9", "0.8（80%）"),
        (
            "≤90万元",
            "1000000元",
            plain.clone(),
            "≤ 900000 元（90 × 万元）",
            "1000000 元",
        ),
        (
            "≥6",
            "54.26",
            ctx(Some(2023), Some("亿"), BareTarget::Floor),
            "≥ 600000000（6 × 亿，指标单位）",
            "5426000000（54.26 × 亿，指标单位）",
        ),
        (
            "95%",
            "100%",
            plain.clone(),
            "≥ 0.95（95%）；未写比较符，按下限",
            "1（100%）",
        ),
        (
            "2023年底",
            "2023年11月30日",
            plain.clone(),
            "截止 2023-12-31",
            "2023-11-30",
        ),
        (
            "12月底前",
            "12月20日",
            plain.clone(),
            "截止 2023-12-31（年份取自项目）",
            "2023-12-20",
        ),
        (
            "≥266米",
            "≥266米",
            plain,
            "≥ 266 米",
            "≥ 266 米（照抄预期值的写法）",
        ),
    ];
    for (target, actual, c, target_read, actual_read) in cases {
        let j = judge(target, None, Some(actual), c);
        assert_eq!(j.target_read, *target_read, "{target}");
        assert_eq!(j.actual_read.as_deref(), Some(*actual_read), "{actual}");
    }
}

/// Comparators a proptest case draws from.
const BOUNDS: [Comparator; 5] = [
    Comparator::Ge,
    Comparator::Gt,
    Comparator::Le,
    Comparator::Lt,
    Comparator::Eq,
];

/// Scales as (power of ten, written suffix).
const SCALES: [(u32, &str); 6] = [
    (0, ""),
    (3, "千"),
    (4, "万"),
    (6, "百万"),
    (7, "千万"),
    (8, "亿"),
];

/// `mantissa × 10^-dp` written on a scale of 10^power with the same precision
/// (`10` on 万 is `0.0010万`), so the last written place stands for the same amount.
fn written(mantissa: i64, dp: u32, power: u32, suffix: &str) -> String {
    format!("{}{suffix}", Decimal::new(mantissa, dp + power))
}

proptest! {
    #[test]
    fn scaling_both_sides_never_changes_the_verdict(
        t in 1i64..2_000_000, a in 0i64..2_000_000, dp in 0u32..3,
        c in 0usize..5, ts in 0usize..6, as_ in 0usize..6, money in any::<bool>(),
    ) {
        let comparator = BOUNDS[c];
        let unit = if money { "元" } else { "" };
        let plain_ctx = ctx(Some(2023), None, BareTarget::Floor);
        let symbol = comparator.symbol();
        let base = judge(
            &format!("{symbol}{}", written(t, dp, 0, unit)),
            None,
            Some(&written(a, dp, 0, unit)),
            &plain_ctx,
        );
        let (tp, tsuf) = SCALES[ts];
        let (ap, asuf) = SCALES[as_];
        let scaled = judge(
            &format!("{symbol}{}", written(t, dp, tp, &format!("{tsuf}{unit}"))),
            None,
            Some(&written(a, dp, ap, &format!("{asuf}{unit}"))),
            &plain_ctx,
        );
        prop_assert_eq!(&scaled.verdict, &base.verdict, "{:?} / {:?}", scaled, base);
    }

    #[test]
    fn percent_or_fraction_never_changes_the_verdict(
        t in 1i64..=100, a in 0i64..=100, dp in 0u32..3, c in 0usize..5,
        t_percent in any::<bool>(), a_percent in any::<bool>(),
    ) {
        let comparator = BOUNDS[c];
        let plain_ctx = ctx(Some(2023), None, BareTarget::Floor);
        let write = |n: i64, percent: bool| {
            let n = n * 10i64.pow(dp);
            if percent {
                format!("{}%", Decimal::new(n, dp))
            } else {
                Decimal::new(n, dp + 2).to_string()
            }
        };
        let symbol = comparator.symbol();
        let base = judge(&format!("{symbol}{}", write(t, true)), None, Some(&write(a, true)), &plain_ctx);
        let mixed = judge(
            &format!("{symbol}{}", write(t, t_percent)),
            None,
            Some(&write(a, a_percent)),
            &plain_ctx,
        );
        prop_assert!(!matches!(base.verdict, Verdict::Unscorable { .. }), "{:?}", base);
        prop_assert_eq!(&mixed.verdict, &base.verdict, "{:?} / {:?}", mixed, base);
    }
}
