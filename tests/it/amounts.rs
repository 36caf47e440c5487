//! Amount parsing properties: the canonical form round-trips, 万 and 亿 scale exactly, more
//! than two decimals in 元 is refused (never rounded), and overflow and garbage are refused
//! with the input quoted.

use jixiao::money::{AmountError, Yuan, MAX_AMOUNT_YUAN};
use proptest::prelude::*;
use rust_decimal::Decimal;

const MAX_CENTS: u64 = MAX_AMOUNT_YUAN as u64 * 100;

fn canonical_of_cents(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// `n` scaled down by `10^scale`, written plainly (trailing zeros kept as given).
fn decimal_text(n: u64, scale: u32) -> String {
    Decimal::new(n as i64, scale).to_string()
}

/// Thousands separators as people write them: 3,410,000.00.
fn with_commas(plain: &str) -> String {
    let (int, frac) = plain
        .split_once('.')
        .map_or((plain, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{out}.{f}"),
        None => out,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn canonical_round_trips(cents in 0..=MAX_CENTS) {
        let text = canonical_of_cents(cents);
        let y = Yuan::parse(&text).unwrap();
        prop_assert_eq!(y.canonical(), text.clone());
        prop_assert_eq!(Yuan::parse(&y.canonical()).unwrap(), y);
        // Every written form of the same amount gives the same canonical form.
        prop_assert_eq!(Yuan::parse(&with_commas(&text)).unwrap(), y);
        prop_assert_eq!(Yuan::parse(&format!("{text}元")).unwrap(), y);
        // Serde goes through the same parser and writes the canonical form.
        let json = serde_json::to_string(&y).unwrap();
        prop_assert_eq!(&json, &format!("\"{text}\""));
        prop_assert_eq!(serde_json::from_str::<Yuan>(&json).unwrap(), y);
    }

    #[test]
    fn wan_scales_by_ten_thousand(cents in 0..=MAX_CENTS) {
        // cents 分 = cents / 10^6 万: at most six decimals in 万 are exact 分.
        let wan = decimal_text(cents, 6);
        let expected = Yuan::parse(&canonical_of_cents(cents)).unwrap();
        for written in [format!("{wan}万"), format!("{wan}万元"), format!("{wan} 万元")] {
            prop_assert_eq!(Yuan::parse(&written).unwrap(), expected, "{}", written);
        }
        // And x万 == x × 10000 元 computed independently.
        let x: Decimal = wan.parse().unwrap();
        prop_assert_eq!(Yuan::parse(&format!("{wan}万")).unwrap().decimal(), x * Decimal::from(10_000));
    }

    #[test]
    fn yi_scales_by_a_hundred_million(cents in 0..=MAX_CENTS) {
        let yi = decimal_text(cents, 10);
        let expected = Yuan::parse(&canonical_of_cents(cents)).unwrap();
        prop_assert_eq!(Yuan::parse(&format!("{yi}亿")).unwrap(), expected);
        prop_assert_eq!(Yuan::parse(&format!("{yi}亿元")).unwrap(), expected);
    }

    #[test]
    fn more_than_two_decimals_in_yuan_is_refused(int in 0u64..1_000_000_000, frac in 1u64..1000, extra in 1u32..4) {
        // A fraction with 2 + extra digits whose last digit is not zero.
        let digits = 2 + extra as usize;
        let frac = frac * 10 + 1;
        let frac = format!("{frac:0>digits$}");
        let frac = &frac[frac.len() - digits..];
        let text = format!("{int}.{frac}");
        prop_assume!(!frac.ends_with('0'));
        let err = Yuan::parse(&text).unwrap_err();
        prop_assert_eq!(&err, &AmountError::TooPrecise(text.clone()));
        let quoted = format!("{text:?}");
        prop_assert!(err.to_string().contains(&quoted), "{}", err);
        // Seven decimals of 万 are a fraction of a 分, too.
        let wan = format!("{int}.{:07}万", frac.parse::<u64>().unwrap() % 10_000_000 * 10 + 1);
        prop_assert_eq!(Yuan::parse(&wan).unwrap_err(), AmountError::TooPrecise(wan.clone()));
    }

    #[test]
    fn above_the_limit_is_refused(cents in (MAX_CENTS + 1)..u64::MAX / 2) {
        let text = canonical_of_cents(cents);
        let err = Yuan::parse(&text).unwrap_err();
        prop_assert_eq!(&err, &AmountError::TooLarge(text.clone()));
        let quoted = format!("{text:?}");
        prop_assert!(err.to_string().contains(&quoted), "{}", err);
    }

    #[test]
    fn garbage_is_refused_with_the_input_quoted(cents in 0..=MAX_CENTS, junk in "[a-zA-Z#$%&*()+=_;:'\"<>?/|~`!@^-]{1,3}", at in 0usize..20) {
        let text = canonical_of_cents(cents);
        let at = at.min(text.len());
        let bad = format!("{}{junk}{}", &text[..at], &text[at..]);
        prop_assume!(!bad.trim().is_empty());
        match Yuan::parse(&bad) {
            Ok(y) => prop_assert!(false, "{:?} parsed as {}", bad, y),
            Err(AmountError::Empty) => prop_assert!(false, "{:?} reported empty", bad),
            Err(e) => {
                let quoted = format!("{bad:?}");
                prop_assert!(e.to_string().contains(&quoted), "{}", e)
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics_and_errors_quote_it(text in "\\PC{0,50}") {
        match Yuan::parse(&text) {
            Ok(y) => {
                // Whatever parsed is canonical-stable.
                prop_assert_eq!(Yuan::parse(&y.canonical()).unwrap(), y);
            }
            Err(AmountError::Empty) => prop_assert!(text.trim().is_empty()),
            Err(e) => {
                let quoted = format!("{text:?}");
                prop_assert!(e.to_string().contains(&quoted), "{}", e)
            }
        }
    }
}

#[test]
fn the_forms_of_the_design() {
    for (written, canonical) in [
        ("3410000", "3410000.00"),
        ("3,410,000.00", "3410000.00"),
        ("341万", "3410000.00"),
        ("341万元", "3410000.00"),
        ("54.26亿", "5426000000.00"),
        ("1.08万元", "10800.00"),
        ("131726元", "131726.00"),
        ("13.1726万元", "131726.00"),
        ("101.35万", "1013500.00"),
        ("8.3974万元", "83974.00"),
        ("0.35万元", "3500.00"),
        ("1000000000000", "1000000000000.00"),
    ] {
        assert_eq!(
            Yuan::parse(written).map(Yuan::canonical),
            Ok(canonical.to_string()),
            "{written}"
        );
    }
    for bad in [
        "-1",
        "－1",
        "1e5",
        "0x10",
        "1,00",
        "1,0000",
        ",100",
        "1.",
        ".5",
        "1..2",
        "1 2",
        "万",
        "元",
        "1万万",
        "1亿万",
        "NaN",
        "inf",
        "１２３",
        "1万亿",
    ] {
        let err = Yuan::parse(bad).unwrap_err();
        assert!(
            err.to_string().contains(&format!("{bad:?}")),
            "{bad}: {err}"
        );
    }
    assert!(matches!(
        Yuan::parse("1000000000000.01"),
        Err(AmountError::TooLarge(_))
    ));
    assert!(matches!(
        Yuan::parse(&"9".repeat(30)),
        Err(AmountError::Garbage(_) | AmountError::TooLarge(_))
    ));
}
