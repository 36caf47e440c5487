//! The envelope's bytes written by hand on the hot path: dates, instants and integers as
//! the formatters write them, and the export line (`hash` put in its JCS place).

use chrono::{DateTime, Utc};

use crate::event::hash::{hex_bytes, Hash32};
use crate::time::{format_instant, Day};

/// `YYYY-MM-DD`, as `Day`'s Display writes it, without going through a format string.
pub fn write_day(day: Day, out: &mut Vec<u8>) {
    use chrono::Datelike;
    let d = day.0;
    if !(0..=9999).contains(&d.year()) {
        out.extend_from_slice(day.to_string().as_bytes());
        return;
    }
    write_digits(d.year() as u32, 4, out);
    out.push(b'-');
    write_digits(d.month(), 2, out);
    out.push(b'-');
    write_digits(d.day(), 2, out);
}

/// The envelope's `recorded_at` form (`2026-11-26T03:00:00.000Z`), as `format_instant`
/// writes it; rare instants (leap seconds, years past 9999) take `format_instant` itself.
pub fn write_instant(at: DateTime<Utc>, out: &mut Vec<u8>) {
    use chrono::{Datelike, Timelike};
    let t = at.naive_utc();
    if !(0..=9999).contains(&t.year()) || t.nanosecond() >= 1_000_000_000 {
        out.extend_from_slice(format_instant(at).as_bytes());
        return;
    }
    write_day(Day(t.date()), out);
    out.push(b'T');
    write_digits(t.hour(), 2, out);
    out.push(b':');
    write_digits(t.minute(), 2, out);
    out.push(b':');
    write_digits(t.second(), 2, out);
    out.push(b'.');
    write_digits(t.nanosecond() / 1_000_000, 3, out);
    out.push(b'Z');
}

fn write_digits(mut n: u32, width: usize, out: &mut Vec<u8>) {
    let mut buf = [b'0'; 10];
    for slot in buf[..width].iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
    }
    out.extend_from_slice(&buf[..width]);
}

/// A JSON integer (JCS: plain decimal digits).
pub fn write_u64(mut n: u64, out: &mut Vec<u8>) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[at..]);
}

/// The export line: the canonical envelope with `"hash"` in its JCS place (after
/// `effective`, before `id` when there is one, else before `prev`).
pub fn export_line(canonical: &[u8], hash: &Hash32) -> Vec<u8> {
    let at = hash_position(canonical);
    let mut out = Vec::with_capacity(canonical.len() + 76);
    out.extend_from_slice(&canonical[..at]);
    out.extend_from_slice(b",\"hash\":\"");
    out.extend_from_slice(&hex_bytes(hash));
    out.push(b'"');
    out.extend_from_slice(&canonical[at..]);
    out
}

/// Where `"hash"` goes. The last `,"prev":"` is the envelope's own: `data` comes earlier, and
/// the members after it hold no objects. Just before it stands a string member, `effective`
/// or `id`: its value opens at the last quote no backslash escapes, and `,"id":` precedes
/// that quote only when the member is `id`.
fn hash_position(canonical: &[u8]) -> usize {
    let marker = b",\"prev\":\"";
    let prev = canonical
        .windows(marker.len())
        .rposition(|w| w == marker)
        .expect("invariant: canonical envelope has a prev member");
    let value = &canonical[..prev.saturating_sub(1)];
    let escaped = |at: usize| {
        value[..at]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count()
            % 2
            == 1
    };
    let open = (0..value.len())
        .rev()
        .find(|&i| value[i] == b'"' && !escaped(i));
    let id = b",\"id\":";
    match open {
        Some(at) if value[..at].ends_with(id) => at - id.len(),
        _ => prev,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Envelope, EventData};
    use crate::ids::ProjectId;
    use chrono::TimeZone;

    #[test]
    fn the_hash_goes_before_an_import_key_whatever_the_key_holds() {
        let data = EventData::parse("goal.set", r#"{"id":"g1","text":"t,\"id\":\"x"}"#).unwrap();
        for key in [
            None,
            Some(","),
            Some("\\"),
            Some("a\",\"id\":\"b"),
            Some("id"),
        ] {
            let env = Envelope {
                seq: 1,
                recorded_at: Utc.timestamp_millis_opt(0).unwrap(),
                effective: Day::parse("2024-01-01").unwrap(),
                actor: "a".into(),
                project: ProjectId::new("p").unwrap(),
                data: data.clone(),
                prev: [0; 32],
                id: key.map(String::from),
                project_prev: None,
                signed: None,
            };
            let line = export_line(&env.canonical_bytes(), &[7; 32]);
            let mut value: serde_json::Value = serde_json::from_slice(&line).unwrap();
            let expected = crate::event::canonical::to_jcs(&value).unwrap();
            assert_eq!(
                String::from_utf8(line).unwrap(),
                String::from_utf8(expected).unwrap()
            );
            value.as_object_mut().unwrap().remove("hash");
            let stored = crate::event::canonical::to_jcs(&value).unwrap();
            assert_eq!(stored, env.canonical_bytes(), "{key:?}");
        }
    }

    #[test]
    fn fast_writers_match_the_formatters() {
        let mut ms: i64 = 946_684_800_000; // 2000-01-01
        for _ in 0..20_000 {
            ms += 86_399_937; // walks through days, hours and milliseconds
            let at = Utc.timestamp_millis_opt(ms).single().unwrap();
            let mut out = Vec::new();
            write_instant(at, &mut out);
            assert_eq!(String::from_utf8(out).unwrap(), format_instant(at));
            let day = Day(at.date_naive());
            let mut out = Vec::new();
            write_day(day, &mut out);
            assert_eq!(String::from_utf8(out).unwrap(), day.to_string());
        }
        for n in [0, 1, 9, 10, 99, 12_345, u64::MAX] {
            let mut out = Vec::new();
            write_u64(n, &mut out);
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }
}
