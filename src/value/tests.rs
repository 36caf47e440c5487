//! Table-driven tests of target and actual parsing; every comparator, word and deadline form
//! in `forms`.

mod forms;

use super::read::PREVIEW_CHARS;
use super::*;
use chrono::Datelike;
use chrono::NaiveDate;
use Comparator::*;

/// Builds the expected error from the quoted input.
type Rejection = fn(String) -> ValueError;
/// Text, number, unit, date.
type ActualCase = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<WrittenDate>,
);

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).expect("invariant: test literal is a decimal")
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("invariant: test literal is a date")
}

fn bound(c: Comparator, value: &str, unit: Option<&str>) -> Target {
    Target::bound(c, dec(value), unit.map(str::to_string), false)
}

/// A target with no comparator written: read as `c` (ge unless one is given), marked bare.
fn bare(c: Comparator, value: &str, unit: Option<&str>) -> Target {
    Target::bound(c, dec(value), unit.map(str::to_string), true)
}

fn on(y: i32, m: u32, d: u32) -> WrittenDate {
    WrittenDate::on(ymd(y, m, d))
}

fn due(y: i32, m: u32, d: u32) -> Target {
    Target::deadline(WrittenDate::on(ymd(y, m, d)))
}

#[test]
fn targets_as_people_write_them() {
    let cases: &[(&str, Target)] = &[
        ("≥8", bound(Ge, "8", None)),
        ("≥500", bound(Ge, "500", None)),
        ("≥0.84", bound(Ge, "0.84", None)),
        ("≥50个", bound(Ge, "50", Some("个"))),
        ("≥6亿", bound(Ge, "6", Some("亿"))),
        ("≥ 8 家", bound(Ge, "8", Some("家"))),
        ("≤10%", bound(Le, "10", Some("%"))),
        ("≤90万元", bound(Le, "90", Some("万元"))),
        ("=100%", bound(Eq, "100", Some("%"))),
        ("==100%", bound(Eq, "100", Some("%"))),
        ("＝100%", bound(Eq, "100", Some("%"))),
        ("100%", bare(Ge, "100", Some("%"))),
        ("8", bare(Ge, "8", None)),
        ("4次", bare(Ge, "4", Some("次"))),
        ("12件", bare(Ge, "12", Some("件"))),
        (">=8", bound(Ge, "8", None)),
        ("≧8", bound(Ge, "8", None)),
        ("⩾8", bound(Ge, "8", None)),
        ("＞＝8", bound(Ge, "8", None)),
        (">＝8", bound(Ge, "8", None)),
        (">8", bound(Gt, "8", None)),
        ("＞8", bound(Gt, "8", None)),
        ("<=8", bound(Le, "8", None)),
        ("≦8", bound(Le, "8", None)),
        ("＜＝8", bound(Le, "8", None)),
        ("<5%", bound(Lt, "5", Some("%"))),
        ("＜5%", bound(Lt, "5", Some("%"))),
        ("≥1,000", bound(Ge, "1000", None)),
        ("≥1,234,567.5万元", bound(Ge, "1234567.5", Some("万元"))),
        ("≥95%（含）", bound(Ge, "95", Some("%（含）"))),
        ("95%以上", bound(Ge, "95", Some("%"))),
        ("90%及以上", bound(Ge, "90", Some("%"))),
        ("≥95%以上", bound(Ge, "95", Some("%"))),
        (">8以上", bound(Gt, "8", None)),
        ("5%以下", bound(Le, "5", Some("%"))),
        ("3个月以内", bound(Le, "3", Some("个月"))),
        ("不低于95%", bound(Ge, "95", Some("%"))),
        ("不少于 4 次", bound(Ge, "4", Some("次"))),
        ("不超过90万元", bound(Le, "90", Some("万元"))),
        (
            "超过95%的受益群众满意",
            bound(Gt, "95", Some("%的受益群众满意")),
        ),
        ("低于5%", bound(Lt, "5", Some("%"))),
    ];
    for (text, want) in cases {
        assert_eq!(parse_target(text).as_ref(), Ok(want), "{text}");
    }
}

#[test]
fn full_width_and_spaces_are_folded() {
    let cases: &[(&str, Target)] = &[
        ("≥８", bound(Ge, "8", None)),
        ("＞＝５０个", bound(Ge, "50", Some("个"))),
        ("１００％", bare(Ge, "100", Some("%"))),
        ("≤１０．５％", bound(Le, "10.5", Some("%"))),
        ("\u{3000}≥8\u{3000}", bound(Ge, "8", None)),
        (" \t≥0.84\n", bound(Ge, "0.84", None)),
        ("２０２３年底", due(2023, 12, 31)),
    ];
    for (text, want) in cases {
        assert_eq!(parse_target(text).as_ref(), Ok(want), "{text}");
    }
}

#[test]
fn deadlines() {
    let cases: &[(&str, NaiveDate)] = &[
        ("2023年底", ymd(2023, 12, 31)),
        ("2023年末", ymd(2023, 12, 31)),
        ("2023年度", ymd(2023, 12, 31)),
        ("2023年", ymd(2023, 12, 31)),
        ("2023年内完成", ymd(2023, 12, 31)),
        ("2023年底前", ymd(2023, 12, 31)),
        ("2023年底前完成", ymd(2023, 12, 31)),
        ("2023年12月31日前", ymd(2023, 12, 31)),
        ("2023年12月31日", ymd(2023, 12, 31)),
        ("2023年12月31号", ymd(2023, 12, 31)),
        ("2023年6月底", ymd(2023, 6, 30)),
        ("2024年2月底", ymd(2024, 2, 29)),
        ("2023年2月末", ymd(2023, 2, 28)),
        ("2023年12月", ymd(2023, 12, 31)),
        ("2023年12月份", ymd(2023, 12, 31)),
        ("2023年6月15日之前", ymd(2023, 6, 15)),
        ("2023-12-31", ymd(2023, 12, 31)),
        ("2023-12-31前", ymd(2023, 12, 31)),
        ("2023/6/1", ymd(2023, 6, 1)),
        ("2023.06.30", ymd(2023, 6, 30)),
        ("2024-02-29", ymd(2024, 2, 29)),
        ("在2023年12月31日前完成", ymd(2023, 12, 31)),
        ("于2023年6月底前完成", ymd(2023, 6, 30)),
        ("截至2023年底", ymd(2023, 12, 31)),
        ("在 2023年底 前 完成", ymd(2023, 12, 31)),
    ];
    for (text, date) in cases {
        assert_eq!(
            parse_target(text),
            Ok(Target::deadline(WrittenDate::on(*date))),
            "{text}"
        );
    }
}

#[test]
fn prose_is_qualitative() {
    let cases = [
        "进一步提高",
        "逐步提升",
        "效果明显",
        "符合相关规定",
        "在项目计划完成时间内完成",
        "不低于上年",
        "超过预期",
        "95%以上的受益群众满意",
        "3.5（上年实际）",
        "1,2,3号线运营正常",
        "8,超额完成",
        "2023年底完成全部验收工作",
    ];
    for text in cases {
        let got = parse_target(text);
        assert_eq!(got, Ok(Target::qualitative()), "{text}");
    }
}

#[test]
fn bad_targets_are_rejected_and_quote_the_input() {
    let long = "8".repeat(MAX_VALUE_CHARS + 1);
    let cases: &[(&str, Rejection)] = &[
        ("", |input| ValueError::Empty { input }),
        ("≥", |input| ValueError::MissingNumber { input }),
        ("≥abc", |input| ValueError::MissingNumber { input }),
        ("<=上年水平", |input| ValueError::MissingNumber {
            input,
        }),
        ("≥-5", |input| ValueError::SignedNumber { input }),
        ("-5", |input| ValueError::SignedNumber { input }),
        ("+5%", |input| ValueError::SignedNumber { input }),
        ("不低于-5", |input| ValueError::SignedNumber { input }),
        ("≥1,00", |input| ValueError::MalformedNumber { input }),
        ("≥1,0000", |input| ValueError::MalformedNumber { input }),
        ("≥1234,567", |input| ValueError::MalformedNumber { input }),
        ("≥8.5.1", |input| ValueError::MalformedNumber { input }),
        ("1,00个", |input| ValueError::MalformedNumber { input }),
        ("≥12345678901234567890123456789", |input| {
            ValueError::TooManyDigits { input }
        }),
        ("≥0.00000000000000000000000000001", |input| {
            ValueError::TooManyDigits { input }
        }),
        ("2023年2月30日", |input| ValueError::InvalidDate {
            input,
        }),
        ("2023年2月30日前完成", |input| {
            ValueError::InvalidDate { input }
        }),
        ("2023年13月底", |input| ValueError::InvalidDate { input }),
        ("2023年0月", |input| ValueError::InvalidDate { input }),
        ("2023-02-29", |input| ValueError::InvalidDate { input }),
        ("2023-13-01", |input| ValueError::InvalidDate { input }),
    ];
    for (text, want) in cases {
        assert_eq!(parse_target(text), Err(want((*text).to_string())), "{text}");
    }
    assert_eq!(
        parse_target("\u{3000} "),
        Err(ValueError::Empty {
            input: "\u{3000} ".into()
        })
    );
    let too_long = parse_target(&long);
    let preview = format!("{}…", "8".repeat(PREVIEW_CHARS));
    assert_eq!(too_long, Err(ValueError::TooLong { input: preview }));
    let conflict = parse_target("≤95%以上");
    let want = ValueError::ConflictingBounds {
        input: "≤95%以上".into(),
        prefix: Le,
        suffix: Ge,
    };
    assert_eq!(conflict, Err(want));
    let message = parse_target("≥abc").map_err(|e| e.to_string());
    assert_eq!(
        message,
        Err("target \"≥abc\": the comparator is not followed by a number".into())
    );
}

#[test]
fn limits_are_inclusive() {
    let longest = format!("≥{}", "1".repeat(MAX_VALUE_CHARS - 1));
    assert!(matches!(
        parse_target(&longest),
        Err(ValueError::TooManyDigits { .. })
    ));
    let longest_prose = "高".repeat(MAX_VALUE_CHARS);
    assert_eq!(parse_target(&longest_prose), Ok(Target::qualitative()));
    let digits = "9".repeat(MAX_SIGNIFICANT_DIGITS);
    assert_eq!(
        parse_target(&format!("≥{digits}")),
        Ok(bound(Ge, &digits, None))
    );
    let places = format!("0.{}1", "0".repeat(MAX_SIGNIFICANT_DIGITS - 1));
    assert_eq!(
        parse_target(&format!("≥{places}")),
        Ok(bound(Ge, &places, None))
    );
    let padded = format!("≥{}8", "0".repeat(100));
    assert_eq!(parse_target(&padded), Ok(bound(Ge, "8", None)));
    assert_eq!(
        parse_target("8万平方米"),
        Ok(bare(Ge, "8", Some("万平方米")))
    );
    assert_eq!(parse_target("8万平方公里"), Ok(Target::qualitative()));
}

#[test]
fn explicit_comparator_that_agrees_is_accepted() {
    let ok: &[(&str, Comparator, Target)] = &[
        ("≥8", Ge, bound(Ge, "8", None)),
        ("8", Ge, bare(Ge, "8", None)),
        ("10%", Le, bare(Le, "10", Some("%"))),
        ("100%", Eq, bare(Eq, "100", Some("%"))),
        ("=100%", Eq, bound(Eq, "100", Some("%"))),
        ("3年内完成", Le, bare(Le, "3", Some("年内完成"))),
        ("95%以上", Ge, bound(Ge, "95", Some("%"))),
        ("进一步提高", Qualitative, Target::qualitative()),
        ("≥8", Qualitative, Target::qualitative()),
        ("≥abc", Qualitative, Target::qualitative()),
        ("2023年2月30日", Qualitative, Target::qualitative()),
        ("2023年底", Deadline, due(2023, 12, 31)),
        ("在2023年12月31日前完成", Deadline, due(2023, 12, 31)),
    ];
    for (text, c, want) in ok {
        assert_eq!(
            parse_target_with(text, *c).as_ref(),
            Ok(want),
            "{text} as {c}"
        );
    }
}

#[test]
fn explicit_comparator_that_disagrees_is_rejected() {
    let mismatch = |input: &str, given, found| ValueError::ComparatorMismatch {
        input: input.into(),
        given,
        found,
    };
    let bad: &[(&str, Comparator, ValueError)] = &[
        ("≤8", Ge, mismatch("≤8", Ge, Le)),
        (">8", Ge, mismatch(">8", Ge, Gt)),
        ("=8", Le, mismatch("=8", Le, Eq)),
        ("进一步提高", Ge, mismatch("进一步提高", Ge, Qualitative)),
        ("2023年底", Eq, mismatch("2023年底", Eq, Deadline)),
        (
            "进一步提高",
            Deadline,
            ValueError::NotADate {
                input: "进一步提高".into(),
            },
        ),
        (
            "≥8",
            Deadline,
            ValueError::NotADate {
                input: "≥8".into()
            },
        ),
        (
            "2023年2月30日",
            Deadline,
            ValueError::InvalidDate {
                input: "2023年2月30日".into(),
            },
        ),
        (
            "≥",
            Ge,
            ValueError::MissingNumber {
                input: "≥".into()
            },
        ),
        ("  ", Qualitative, ValueError::Empty { input: "  ".into() }),
    ];
    for (text, c, want) in bad {
        assert_eq!(
            parse_target_with(text, *c).as_ref(),
            Err(want),
            "{text} as {c}"
        );
    }
}

#[test]
fn actuals() {
    let whole = "1.35（954个高价值专利量/704万人）";
    let cases: &[ActualCase] = &[
        ("796", Some("796"), None, None),
        ("8", Some("8"), None, None),
        ("1.35", Some("1.35"), None, None),
        (whole, Some("1.35"), None, None),
        ("0%", Some("0"), Some("%"), None),
        ("54.26", Some("54.26"), None, None),
        ("54.26亿", Some("54.26"), Some("亿"), None),
        ("10.19 亿元", Some("10.19"), Some("亿元"), None),
        ("1,000", Some("1000"), None, None),
        ("１００％", Some("100"), Some("%"), None),
        ("796件，超额完成", Some("796"), Some("件"), None),
        ("1.2千", Some("1.2"), Some("千"), None),
        ("100%（全部完成）", Some("100"), Some("%"), None),
        ("8家企业", Some("8"), Some("家"), None),
        ("3000000元", Some("3000000"), Some("元"), None),
        (
            "12月20日完成",
            None,
            None,
            Some(WrittenDate {
                year: None,
                month: 12,
                day: Some(20),
            }),
        ),
        ("2023年底", None, None, Some(on(2023, 12, 31))),
        ("2023年12月20日完成", None, None, Some(on(2023, 12, 20))),
        ("2023-11-30", None, None, Some(on(2023, 11, 30))),
        ("1e3", None, None, None),
        ("2022.12", Some("2022.12"), None, None),
        ("2023年2月30日", None, None, None),
        ("全年没有收到任何投诉", None, None, None),
        ("≥8", None, None, None),
        ("-5", None, None, None),
        ("1,00", None, None, None),
        ("", None, None, None),
    ];
    for (text, number, unit, date) in cases {
        let got = parse_actual(text);
        assert_eq!(got.number, number.map(dec), "{text}");
        assert_eq!(got.unit.as_deref(), *unit, "{text}");
        assert_eq!(got.date, *date, "{text}");
        assert_eq!(got.text, *text, "{text}");
    }
    assert_eq!(parse_actual("\u{3000}796 ").text, "796");
    let long = format!("796{}", "（说明）".repeat(MAX_VALUE_CHARS));
    assert_eq!(parse_actual(&long).number, None);
}

#[test]
fn comparator_names_round_trip() {
    for c in Comparator::ALL {
        assert_eq!(Comparator::parse_name(c.as_str()), Some(c));
        assert_eq!(c.to_string(), c.as_str());
        let json = serde_json::to_string(&c).expect("invariant: enum serialises");
        assert_eq!(json, format!("\"{}\"", c.as_str()));
        assert_eq!(serde_json::from_str::<Comparator>(&json).ok(), Some(c));
    }
    let schema = serde_json::to_string(&schemars::schema_for!(Comparator)).unwrap_or_default();
    for c in Comparator::ALL {
        assert!(schema.contains(&format!("\"{c}\"")), "{schema}");
    }
    for not_a_name in ["≥", ">=", "GE", " ge", "", "greater"] {
        assert_eq!(Comparator::parse_name(not_a_name), None, "{not_a_name}");
    }
}

#[test]
fn every_bound_round_trips() {
    let spellings = [
        ("≥", Ge),
        (">=", Ge),
        ("＞＝", Ge),
        (">", Gt),
        ("≤", Le),
        ("<=", Le),
        ("<", Lt),
        ("=", Eq),
    ];
    for n in 0..1000u32 {
        assert_eq!(
            parse_target(&format!("≥{n}")),
            Ok(Target::bound(Ge, n.into(), None, false))
        );
        for (symbol, c) in spellings {
            for unit in ["", "%", "个", "万元"] {
                let text = format!("{symbol}{n}.{:02}{unit}", n % 100);
                let want = Target::bound(
                    c,
                    dec(&format!("{n}.{:02}", n % 100)),
                    (!unit.is_empty()).then(|| unit.into()),
                    false,
                );
                assert_eq!(parse_target(&text), Ok(want.clone()), "{text}");
                let written = format!("{n}.{:02}{unit}", n % 100);
                let bare_target = Target {
                    bare: true,
                    comparator: Ge,
                    ..want
                };
                assert_eq!(parse_target(&written), Ok(bare_target), "{written}");
            }
        }
    }
}

#[test]
fn thousands_separators_do_not_change_the_value() {
    for n in (0..10_000_000u64).step_by(7919) {
        let plain = n.to_string();
        let mut grouped = String::new();
        for (i, digit) in plain.chars().enumerate() {
            if i > 0 && (plain.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        assert_eq!(
            parse_target(&format!("≥{grouped}")),
            parse_target(&format!("≥{plain}")),
            "{grouped}"
        );
        assert_eq!(
            parse_actual(&grouped).number,
            Some(Decimal::from(n)),
            "{grouped}"
        );
    }
}

#[test]
fn every_day_and_month_end_parses() {
    for year in [1999, 2023, 2024, 2100] {
        for month in 1..=12u32 {
            let first = ymd(year, month, 1);
            let last = first
                .checked_add_months(chrono::Months::new(1))
                .and_then(|d| d.pred_opt());
            let want = last.map(|d| Target::deadline(WrittenDate::on(d)));
            assert_eq!(
                parse_target(&format!("{year}年{month}月底")).ok(),
                want,
                "{year}-{month}"
            );
            let mut day = Some(first);
            while let Some(date) = day.filter(|d| Some(*d) <= last) {
                let (m, d) = (date.format("%m"), date.format("%d"));
                assert_eq!(
                    parse_target(&format!("{year}年{month}月{}日前", date.format("%-d"))),
                    Ok(Target::deadline(WrittenDate::on(date)))
                );
                assert_eq!(
                    parse_target(&format!("{year}-{m}-{d}")),
                    Ok(Target::deadline(WrittenDate::on(date)))
                );
                let actual = parse_actual(&format!("{year}/{m}/{d}")).date;
                assert_eq!(actual, Some(WrittenDate::on(date)));
                day = date.succ_opt();
            }
            let past_end = format!("{year}年{month}月{}日", last.map_or(0, |d| d.day()) + 1);
            assert!(
                matches!(parse_target(&past_end), Err(ValueError::InvalidDate { .. })),
                "{past_end}"
            );
        }
    }
}

/// Deterministic noise over the characters the parser cares about: nothing panics, and
/// every result keeps the shape its comparator promises.
#[test]
fn noise_never_panics_and_results_keep_their_shape() {
    let alphabet: Vec<char> =
        "0123456789.,≥>=<≤＞＝％．１年月日底前完成在%个亿-+ 　a（）以上不低于"
            .chars()
            .collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..20_000 {
        let mut text = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        for k in 0..(state % 12) {
            let pick = usize::try_from((state >> (k * 5)) % 64).unwrap_or(0) % alphabet.len();
            text.push(alphabet[pick]);
        }
        check_shape(&text);
    }
}

fn check_shape(text: &str) {
    if let Ok(t) = parse_target(text) {
        match t.comparator {
            Qualitative => assert!(
                t.value.is_none() && t.unit.is_none() && t.deadline.is_none(),
                "{text}"
            ),
            Deadline => assert!(t.value.is_none() && t.deadline.is_some(), "{text}"),
            _ => assert!(t.value.is_some() && t.deadline.is_none(), "{text}"),
        }
    }
    for c in Comparator::ALL {
        if let Ok(t) = parse_target_with(text, c) {
            assert_eq!(t.comparator, c, "{text}");
        }
    }
    let a = parse_actual(text);
    assert_eq!(a.text, text.trim(), "{text}");
    let kinds = [a.date.is_some(), a.number.is_some(), a.bound.is_some()];
    assert!(kinds.iter().filter(|k| **k).count() <= 1, "{text}");
    assert!(a.unit.is_none() || a.number.is_some(), "{text}");
}
