//! The signed statement (DESIGN.md "Trust", external contract): what a signer signs is not
//! the envelope (a signer cannot know `seq` or `prev`) but the bytes
//! `"jixiao statement v1\n"` followed by the JCS of
//! {`actor`, `data`, `effective`, `ledger`, `project`, `signed_at`, `type`} — `ledger` the
//! ledger id, `signed_at` the signer's clock (RFC 3339, UTC, milliseconds), `data` as stored
//! (canonical, normalised). Pure.

use chrono::{DateTime, Utc};

use super::canonical::write_string;
use super::envelope::{write_day, write_instant};
use super::{Envelope, EventData, Hash32};
use crate::time::Day;

/// The first bytes of every statement, before its JCS object.
pub const STATEMENT_PREFIX: &[u8] = b"jixiao statement v1\n";

/// The members of a statement besides the ledger id.
#[derive(Debug, Clone, Copy)]
pub struct Statement<'a> {
    pub actor: &'a str,
    pub data: &'a EventData,
    pub effective: Day,
    pub project: &'a str,
    pub signed_at: DateTime<Utc>,
}

impl<'a> Statement<'a> {
    /// The statement an envelope's signature covers (its `signed_at` given apart).
    #[must_use]
    pub fn of(env: &'a Envelope, signed_at: DateTime<Utc>) -> Statement<'a> {
        Statement {
            actor: &env.actor,
            data: &env.data,
            effective: env.effective,
            project: env.project.as_str(),
            signed_at,
        }
    }

    /// `"jixiao statement v1\n"` + JCS {actor, data, effective, ledger, project, signed_at,
    /// type} (keys in JCS order, written by hand like the envelope).
    #[must_use]
    pub fn bytes(&self, ledger: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(512);
        out.extend_from_slice(STATEMENT_PREFIX);
        out.extend_from_slice(b"{\"actor\":");
        write_string(self.actor, &mut out);
        out.extend_from_slice(b",\"data\":");
        self.data.write_data(&mut out);
        out.extend_from_slice(b",\"effective\":\"");
        write_day(self.effective, &mut out);
        out.extend_from_slice(b"\",\"ledger\":");
        write_string(ledger, &mut out);
        out.extend_from_slice(b",\"project\":");
        write_string(self.project, &mut out);
        out.extend_from_slice(b",\"signed_at\":\"");
        write_instant(self.signed_at, &mut out);
        out.extend_from_slice(b"\",\"type\":\"");
        out.extend_from_slice(self.data.type_name().as_bytes());
        out.extend_from_slice(b"\"}");
        out
    }

    /// What identifies a statement for the once-per-ledger rule: BLAKE3 (derive-key
    /// `jixiao statement digest v1`) of its bytes.
    #[must_use]
    pub fn digest(&self, ledger: &str) -> Hash32 {
        *blake3::Hasher::new_derive_key("jixiao statement digest v1")
            .update(&self.bytes(ledger))
            .finalize()
            .as_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_bytes_are_the_prefix_and_the_generic_jcs() {
        let data = EventData::parse("goal.set", r#"{"id":"g1","text":"提高\"质量\""}"#).unwrap();
        let at = crate::time::parse_instant("2026-11-26T03:00:00.120Z").unwrap();
        let st = Statement {
            actor: "zj/clerk",
            data: &data,
            effective: Day::parse("2023-01-01").unwrap(),
            project: "p1",
            signed_at: at,
        };
        let bytes = st.bytes("L-1");
        let value = serde_json::json!({"actor":"zj/clerk","data":{"id":"g1","text":"提高\"质量\""},
            "effective":"2023-01-01","ledger":"L-1","project":"p1",
            "signed_at":"2026-11-26T03:00:00.120Z","type":"goal.set"});
        let mut expected = STATEMENT_PREFIX.to_vec();
        expected.extend(crate::event::canonical::to_jcs(&value).unwrap());
        assert_eq!(bytes, expected);
    }
}
