//! Every comparator symbol and word, every deadline phrasing (DOMAIN.md, "Targets as people
//! write them"), exponent notation, re-targeting and actuals written as bounds.

use super::*;

#[test]
fn every_symbol_and_word_form() {
    let cases: &[(&str, Comparator)] = &[
        ("≥90%", Ge),
        (">=90%", Ge),
        ("≧90%", Ge),
        ("⩾90%", Ge),
        ("＞＝90%", Ge),
        ("≥ 90 %", Ge),
        (">90%", Gt),
        ("＞90%", Gt),
        ("﹥90%", Gt),
        ("≤90%", Le),
        ("<=90%", Le),
        ("≦90%", Le),
        ("⩽90%", Le),
        ("＜＝90%", Le),
        ("<90%", Lt),
        ("＜90%", Lt),
        ("﹤90%", Lt),
        ("=90%", Eq),
        ("==90%", Eq),
        ("＝90%", Eq),
        ("﹦90%", Eq),
        ("不低于90%", Ge),
        ("不少于90%", Ge),
        ("不小于90%", Ge),
        ("大于等于90%", Ge),
        ("大于或等于90%", Ge),
        ("90%以上", Ge),
        ("90%及以上", Ge),
        ("高于90%", Gt),
        ("超过90%", Gt),
        ("大于90%", Gt),
        ("多于90%", Gt),
        ("不高于90%", Le),
        ("不超过90%", Le),
        ("不大于90%", Le),
        ("不多于90%", Le),
        ("小于等于90%", Le),
        ("控制在90%以内", Le),
        ("控制在90%", Le),
        ("90%以内", Le),
        ("90%及以内", Le),
        ("90%以下", Le),
        ("90%及以下", Le),
        ("低于90%", Lt),
        ("小于90%", Lt),
        ("少于90%", Lt),
        ("等于90%", Eq),
    ];
    for (text, c) in cases {
        assert_eq!(parse_target(text), Ok(bound(*c, "90", Some("%"))), "{text}");
    }
    assert_eq!(parse_target("90%"), Ok(bare(Ge, "90", Some("%"))));
}

#[test]
fn deadline_forms_with_and_without_a_year() {
    let yearless = |month, day| WrittenDate {
        year: None,
        month,
        day,
    };
    let cases: &[(&str, WrittenDate)] = &[
        ("完成时间为2022年12月30日", on(2022, 12, 30)),
        ("完成时间2022年12月", on(2022, 12, 31)),
        ("完成时间：2022年6月", on(2022, 6, 30)),
        ("完成时限为2022年底", on(2022, 12, 31)),
        ("2022.12", on(2022, 12, 31)),
        ("2022.2", on(2022, 2, 28)),
        ("2023-12", on(2023, 12, 31)),
        ("2023/06", on(2023, 6, 30)),
        ("12月底之前完成", yearless(12, None)),
        ("12月底前", yearless(12, None)),
        ("12月底", yearless(12, None)),
        ("6月末", yearless(6, None)),
        ("2月底前", yearless(2, None)),
        ("12月前", yearless(12, None)),
        ("10月份完成", yearless(10, None)),
        ("12月31日前完成", yearless(12, Some(31))),
        ("2月29日前", yearless(2, Some(29))),
        ("年底前完成", yearless(12, None)),
        ("本年度内完成", yearless(12, None)),
    ];
    for (text, date) in cases {
        assert_eq!(parse_target(text), Ok(Target::deadline(*date)), "{text}");
        assert_eq!(
            parse_target_with(text, Deadline),
            Ok(Target::deadline(*date)),
            "{text}"
        );
    }
    let feb = yearless(2, None);
    assert_eq!(feb.resolve(Some(2024)), Some(ymd(2024, 2, 29)));
    assert_eq!(feb.resolve(Some(2023)), Some(ymd(2023, 2, 28)));
    assert_eq!(feb.resolve(None), None);
    assert_eq!(yearless(2, Some(29)).resolve(Some(2023)), None);
}

/// Texts that were numbers or prose before year-less dates were read keep what they were:
/// nothing accepted before is refused now (exponent notation aside).
#[test]
fn older_readings_are_kept() {
    assert_eq!(parse_target("12月"), Ok(bare(Ge, "12", Some("月"))));
    assert_eq!(parse_target("13月底"), Ok(bare(Ge, "13", Some("月底"))));
    assert_eq!(parse_target("3月内"), Ok(bare(Ge, "3", Some("月内"))));
    assert_eq!(parse_target("2022.13"), Ok(bare(Ge, "2022.13", None)));
    assert_eq!(parse_target("2月30日前完成"), Ok(Target::qualitative()));
    assert_eq!(
        parse_target("完成时间为2023年2月30日"),
        Ok(Target::qualitative())
    );
    assert_eq!(
        parse_target_with("12月底前", Ge),
        Ok(bare(Ge, "12", Some("月底前")))
    );
    assert_eq!(
        parse_target_with("2022.12", Ge),
        Ok(bare(Ge, "2022.12", None))
    );
    assert_eq!(parse_actual("2022.12").number, Some(dec("2022.12")));
}

#[test]
fn exponent_notation_is_refused_in_targets_and_unread_in_actuals() {
    for text in ["1e3", "≥1e3", "≥1.5E-2", "不低于2e+5", "1e3个"] {
        assert_eq!(
            parse_target(text),
            Err(ValueError::ExponentNotation {
                input: text.to_string()
            }),
            "{text}"
        );
    }
    let message = parse_target("≥1e3").map_err(|e| e.to_string());
    assert!(
        message.as_ref().is_err_and(|m| m.contains("exponent")),
        "{message:?}"
    );
    for text in ["1e3", "1E3", "2.5e-2"] {
        let a = parse_actual(text);
        assert!(a.exponent && a.number.is_none(), "{text}: {a:?}");
    }
    assert_eq!(parse_target("3email"), Ok(Target::qualitative()));
}

#[test]
fn a_bare_definition_may_be_retargeted_as_a_floor_or_exact() {
    assert_eq!(parse_retarget("=95%", None), Ok(bound(Eq, "95", Some("%"))));
    assert_eq!(parse_retarget("≥90%", None), Ok(bound(Ge, "90", Some("%"))));
    assert_eq!(parse_retarget("90%", None), Ok(bare(Eq, "90", Some("%"))));
    assert!(parse_retarget("≤5%", None).is_err());
    assert!(parse_retarget("2023年底", None).is_err());
    assert_eq!(parse_retarget("8", Some(Ge)), Ok(bare(Ge, "8", None)));
    assert!(parse_retarget("=8", Some(Ge)).is_err());
}

#[test]
fn actuals_written_as_bounds() {
    for (text, c) in [("≥266米", Ge), ("95%以上", Ge), ("不超过5%", Le)] {
        let a = parse_actual(text);
        assert_eq!(a.bound.map(|b| b.comparator), Some(c), "{text}");
        assert_eq!(a.number, None, "{text}");
    }
    let by = parse_actual("2023年底前");
    assert_eq!(by.bound.and_then(|b| b.deadline), Some(on(2023, 12, 31)));
    assert_eq!(parse_actual("2023年底").date, Some(on(2023, 12, 31)));
}
