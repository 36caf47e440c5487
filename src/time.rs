//! Calendar dates (`effective`), recording instants (`recorded_at`) and the `--known-at`
//! forms. Pure: the clock is always passed in, never read here.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, SecondsFormat, TimeZone, Utc};

/// Sane range for `effective`: anything outside is a typo (99999, 1900) rather than history.
pub const MIN_YEAR: i32 = 2000;
pub const MAX_YEAR: i32 = 2100;

/// How far two clock readings may disagree before one of them is called wrong: a clock
/// reading more than this ahead of the wall clock is refused, and so is an append whose
/// reading is more than this behind the last recorded event (`recorded_at` never goes
/// backwards, and a reading that far off is not skew between machines).
pub const MAX_CLOCK_SKEW: Duration = Duration::days(1);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error("date {0:?} is not a calendar date in the form YYYY-MM-DD")]
    BadDate(String),
    #[error("date {0:?} is outside {MIN_YEAR}..={MAX_YEAR}")]
    OutOfRange(String),
    #[error("instant {0:?} is not RFC 3339 (e.g. 2024-01-15T10:00:00+08:00), a date, or seq:N")]
    BadInstant(String),
    #[error("时钟读数 {now} 比系统时钟 {wall} 超前一天以上 (the clock reading is more than 24 hours ahead of the wall clock; a reading from the future would be stored as recorded_at and freeze every later one)")]
    AheadOfWallClock { now: String, wall: String },
}

/// Refuses a clock reading (`JIXIAO_NOW`, or any clock handed in) more than
/// `MAX_CLOCK_SKEW` ahead of the wall clock `wall`; both are named.
pub fn check_clock(now: DateTime<Utc>, wall: DateTime<Utc>) -> Result<(), TimeError> {
    if now <= wall + MAX_CLOCK_SKEW {
        return Ok(());
    }
    Err(TimeError::AheadOfWallClock {
        now: format_instant(now),
        wall: format_instant(wall),
    })
}

/// China Standard Time, in which dates are displayed and plain dates are interpreted.
pub fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("invariant: +08:00 is a valid offset")
}

/// Strict `YYYY-MM-DD`: zero-padded, a real calendar day, within the sane range.
pub fn parse_date(text: &str) -> Result<NaiveDate, TimeError> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return Err(TimeError::BadDate(text.to_string()));
    }
    // The shape is checked above, so the fields are plain digits: no format string needed.
    let field = |range: std::ops::Range<usize>| {
        bytes[range]
            .iter()
            .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
    };
    let date = NaiveDate::from_ymd_opt(field(0..4) as i32, field(5..7), field(8..10))
        .ok_or_else(|| TimeError::BadDate(text.to_string()))?;
    check_range(date, text)
}

/// A date as people write it on forms and in messages: `2024-05-09`, `2024/05/09`,
/// `2024-5-9`, `2024/5/9`, `2024.05.09`, `2024年5月9日` (full-width digits and separators
/// too), read as the calendar day it names; within the sane range. Import lines and events
/// keep the strict `YYYY-MM-DD` (`parse_date`): this is for what people type.
pub fn parse_date_written(text: &str) -> Result<NaiveDate, TimeError> {
    let bad = || TimeError::BadDate(text.to_string());
    let normal: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - 0xFF10 + u32::from('0')).unwrap_or(c),
            '－' | '／' | '．' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect();
    let (body, chinese) = match normal
        .strip_suffix('日')
        .or_else(|| normal.strip_suffix('号'))
    {
        Some(b) if b.contains('年') && b.contains('月') && !b.contains(['-', '/', '.']) => {
            (b.replacen('年', "-", 1).replacen('月', "-", 1), true)
        }
        Some(_) => return Err(bad()),
        None => (normal.clone(), false),
    };
    let sep = ['-', '/', '.']
        .into_iter()
        .find(|s| body.contains(*s))
        .ok_or_else(bad)?;
    let parts: Vec<&str> = body.split(sep).collect();
    let shaped = parts.len() == 3
        && (!chinese || sep == '-')
        && parts[0].len() == 4
        && parts[1..].iter().all(|p| (1..=2).contains(&p.len()))
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !shaped {
        return Err(bad());
    }
    let n = |p: &str| p.parse::<u32>().map_err(|_| bad());
    let date =
        NaiveDate::from_ymd_opt(n(parts[0])? as i32, n(parts[1])?, n(parts[2])?).ok_or_else(bad)?;
    check_range(date, text)
}

fn check_range(date: NaiveDate, text: &str) -> Result<NaiveDate, TimeError> {
    use chrono::Datelike;
    if (MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(TimeError::OutOfRange(text.to_string()))
    }
}

pub fn format_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A recording instant, truncated to whole milliseconds as the envelope stores it.
pub fn truncate_ms(at: DateTime<Utc>) -> DateTime<Utc> {
    let ms = at.timestamp_millis();
    Utc.timestamp_millis_opt(ms)
        .single()
        .expect("invariant: millis from a valid instant")
}

/// The envelope's `recorded_at` form: `2026-11-26T03:00:00.000Z`.
pub fn format_instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, TimeError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| TimeError::BadInstant(text.to_string()))
}

/// Displayed as people in the budget unit read it: `2024-01-15 10:00 +08:00`.
pub fn display_instant(at: DateTime<Utc>) -> String {
    at.with_timezone(&cst())
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// Today's date in +08:00 for the clock's instant (the default `--effective`).
pub fn today_cst(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&cst()).date_naive()
}

/// The last instant of a +08:00 calendar day: a date given to `--known-at` means "by the end of it".
pub fn end_of_day_cst(date: NaiveDate) -> DateTime<Utc> {
    let last = date
        .and_time(NaiveTime::from_hms_milli_opt(23, 59, 59, 999).expect("invariant: valid time"));
    let local = cst()
        .from_local_datetime(&last)
        .single()
        .expect("invariant: fixed offset is unambiguous");
    local.with_timezone(&Utc)
}

/// The start of a +08:00 day plus an offset; used by the demo's scripted clock.
pub fn cst_instant(date: NaiveDate, after_midnight: Duration) -> DateTime<Utc> {
    end_of_day_cst(date) - Duration::days(1) + Duration::milliseconds(1) + after_midnight
}

/// What `--known-at` selects: everything recorded up to an instant, or up to a seq.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KnownAt {
    Instant(DateTime<Utc>),
    Seq(u64),
}

impl KnownAt {
    /// Accepts `seq:N`, an RFC 3339 instant, or a date (end of that day, +08:00).
    pub fn parse(text: &str) -> Result<KnownAt, TimeError> {
        let text = text.trim();
        if let Some(n) = text.strip_prefix("seq:") {
            return n
                .parse()
                .map(KnownAt::Seq)
                .map_err(|_| TimeError::BadInstant(text.to_string()));
        }
        if text.len() == 10 {
            return parse_date(text).map(|d| KnownAt::Instant(end_of_day_cst(d)));
        }
        parse_instant(text).map(KnownAt::Instant)
    }

    /// The stable textual form quoted in reports (`seq:12` or an RFC 3339 UTC instant).
    pub fn render(self) -> String {
        match self {
            KnownAt::Seq(n) => format!("seq:{n}"),
            KnownAt::Instant(at) => format_instant(at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_dates() {
        assert!(parse_date("2023-02-28").is_ok());
        for bad in [
            "2023-02-30",
            "2023-2-28",
            "99999-01-01",
            "2023/02/28",
            "",
            "1999-12-31",
            "2101-01-01",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    /// Table: a date as written → the stored `YYYY-MM-DD`, or refused.
    #[test]
    fn dates_as_people_write_them() {
        let cases: &[(&str, Option<&str>)] = &[
            ("2024-05-09", Some("2024-05-09")),
            ("2024/05/09", Some("2024-05-09")),
            ("2024-5-9", Some("2024-05-09")),
            ("2024/5/9", Some("2024-05-09")),
            ("2024.05.09", Some("2024-05-09")),
            ("2024年5月9日", Some("2024-05-09")),
            ("2024年05月09日", Some("2024-05-09")),
            (" ２０２４年５月９日 ", Some("2024-05-09")),
            ("2024-02-29", Some("2024-02-29")),
            ("2023-02-29", None),
            ("2024/5-9", None),
            ("24-5-9", None),
            ("2024-005-09", None),
            ("2024年5月", None),
            ("2024年5-9日", None),
            ("1999-12-31", None),
            ("9 May 2024", None),
            ("", None),
        ];
        for (text, want) in cases {
            let got = parse_date_written(text).ok().map(format_date);
            assert_eq!(got.as_deref(), *want, "{text:?}");
        }
    }

    #[test]
    fn known_at_forms() {
        assert_eq!(KnownAt::parse("seq:7").unwrap(), KnownAt::Seq(7));
        let KnownAt::Instant(at) = KnownAt::parse("2024-01-15").unwrap() else {
            panic!()
        };
        assert_eq!(format_instant(at), "2024-01-15T15:59:59.999Z");
        assert!(KnownAt::parse("yesterday").is_err());
    }
}

/// A calendar date as the envelope and event data carry it (`"2023-12-31"`), parsed strictly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub NaiveDate);

impl Day {
    pub fn parse(text: &str) -> Result<Day, TimeError> {
        parse_date(text).map(Day)
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl serde::Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Day::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Day {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "Calendar date YYYY-MM-DD, years 2000..=2100",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}
