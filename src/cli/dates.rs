//! Dates and years given to options: read as people write them (`time::parse_date_written`),
//! and refused naming the option, the value and the forms accepted.

use super::Failure;
use crate::i18n::Msg;
use crate::time::{parse_date_written, Day, TimeError, MAX_YEAR, MIN_YEAR};

/// `--effective 2024/5/9` → 2024-05-09; a bad date names `option`, the value and the forms.
///
/// # Errors
/// Exit 2: not a date in any accepted form, not on the calendar, or outside 2000–2100.
pub fn day_option(option: &str, text: &str) -> Result<Day, Failure> {
    parse_date_written(text).map(Day).map_err(|e| {
        let msg = match e {
            TimeError::OutOfRange(_) => Msg::new("date-option-range"),
            _ => Msg::new("date-option-bad"),
        };
        Failure::input(msg.arg("option", option).arg("value", text))
    })
}

/// An optional date option, normalised to `YYYY-MM-DD`.
///
/// # Errors
/// As `day_option`.
pub fn day_text(option: &str, text: Option<&str>) -> Result<Option<String>, Failure> {
    text.map(|t| day_option(option, t).map(|d| d.to_string()))
        .transpose()
}

/// `--year`: four digits, 2000–2100. `24` is refused with a hint (`是否应为 2024？`).
///
/// # Errors
/// Exit 2 naming the option and the value.
pub fn year_option(option: &str, text: &str) -> Result<u32, Failure> {
    let t = text.trim();
    let digits = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let year = t.parse::<u32>().ok().filter(|_| digits);
    let range = u32::try_from(MIN_YEAR).unwrap_or(2000)..=u32::try_from(MAX_YEAR).unwrap_or(2100);
    match year {
        Some(y) if t.len() == 4 && range.contains(&y) => Ok(y),
        Some(y) if t.len() <= 2 => Err(Failure::input(
            Msg::new("year-short")
                .arg("option", option)
                .arg("value", text)
                .arg("suggestion", 2000 + y),
        )),
        _ => Err(Failure::input(
            Msg::new("year-bad")
                .arg("option", option)
                .arg("value", text),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// Table: a `--year` as typed → the year, or the words of the refusal.
    #[test]
    fn years() {
        let cases: &[(&str, Result<u32, &[&str]>)] = &[
            ("2024", Ok(2024)),
            ("24", Err(&["--year", "24", "是否应为 2024？"])),
            ("9", Err(&["是否应为 2009？"])),
            ("1999", Err(&["1999", "2000 至 2100"])),
            ("20244", Err(&["20244"])),
            ("二〇二四", Err(&["二〇二四", "四位数"])),
            ("", Err(&["--year"])),
        ];
        for (text, want) in cases {
            match (year_option("--year", text), want) {
                (Ok(y), Ok(w)) => assert_eq!(y, *w),
                (Err(f), Err(needles)) => {
                    let m = f.msg.render(Lang::Zh);
                    assert!(needles.iter().all(|n| m.contains(n)), "{text}: {m}");
                    assert!(f.msg.render(Lang::English).contains("--year"));
                }
                (got, _) => panic!("{text}: {got:?}"),
            }
        }
    }

    #[test]
    fn a_bad_date_names_the_option_the_value_and_the_forms() {
        let f = day_option("--effective", "2024-13-01").unwrap_err();
        let zh = f.msg.render(Lang::Zh);
        for n in ["--effective", "2024-13-01", "2024/5/9", "2024年5月9日"] {
            assert!(zh.contains(n), "{zh}");
        }
        let f = day_option("--as-of", "1999-01-01").unwrap_err();
        assert!(f.msg.render(Lang::Zh).contains("2000"), "{:?}", f.msg);
        assert_eq!(
            day_text("--period-start", Some("2024年1月1日"))
                .ok()
                .flatten()
                .as_deref(),
            Some("2024-01-01")
        );
    }
}
