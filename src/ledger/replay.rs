//! What an engine finds past its head on open (its write-ahead journal) is judged as an append is: the
//! engine checks the chain and the hashes, and this judge the rest. An event enters the ledger only
//! through the rules, whether it was appended now or replayed from a journal that a crash
//! (or a hand) left behind.

use super::append::{check_actor_and_texts, check_sealed, check_texts, normalise, Judge};
use super::*;
use crate::time::format_instant;

/// The state of a replay: the facts of the projects it touched, and the last `recorded_at`.
#[derive(Default)]
pub(super) struct Replay {
    facts: FxHashMap<String, Facts>,
    trust: Option<super::signing::TrustState>,
    last_recorded_at: Option<(u64, DateTime<Utc>)>,
}

impl Replay {
    /// Judges one journaled event past the head: stored in its canonical form, within the
    /// limits, without control characters, recorded no earlier than the event before it,
    /// by a valid actor, and passing the business rules of its project. `Err` says why.
    pub(super) fn judge(
        &mut self,
        log: &dyn EventLog,
        record: RecordRef<'_>,
    ) -> Result<(), String> {
        let stored = open_record(record).map_err(|e| e.to_string())?;
        let env = &stored.env;
        if env.canonical_bytes() != record.bytes {
            return Err("the stored bytes are not the canonical (JCS) form of the event".into());
        }
        check_sealed(record.bytes)
            .map_err(|(field, message)| format!("field {field}: {message}"))?;
        if normalise(env.data.clone()).ok().as_ref() != Some(&env.data) {
            return Err("field data.replacement: not in its typed, canonical form".into());
        }
        self.check_order(log, env.seq, env.recorded_at)?;
        match crate::ids::admitted_form("project id", env.project.as_str()) {
            Ok(None) => {}
            Ok(Some(_)) => return Err("field project: 项目编号不是 NFC 规范形式".into()),
            Err(e) => return Err(format!("field project: {e}")),
        }
        // Outside-period notes are for whoever recorded the event, not for an open.
        let mut notices = Notices::default();
        let mut judge = Judge {
            log,
            facts: &mut self.facts,
            notices: &mut notices,
            trust: &mut self.trust,
        };
        let expected_prev = match log.envelope_format().map_err(|e| e.to_string())? {
            1 => None,
            _ => Some(
                judge
                    .trail_for(env.project.as_str())
                    .map_err(|e| e.to_string())?
                    .last_hash
                    .unwrap_or(ZERO_HASH),
            ),
        };
        if env.project_prev != expected_prev {
            return Err(format!(
                "field project_prev: 不是本项目上一个事件的哈希 (rule project-chain: project_prev must be the hash of the project's previous event, {})",
                expected_prev.map_or("absent in a format-1 ledger".into(), |h| crate::event::hash::to_hex(&h))
            ));
        }
        let as_error = |e: AppendError| match e {
            AppendError::Rejected { field, message, .. } => format!("field {field}: {message}"),
            other => other.to_string(),
        };
        judge.check_trust(0, env).map_err(as_error)?;
        check_actor_and_texts(0, &env.actor, check_texts(&env.data)).map_err(as_error)?;
        let at = Stamp {
            seq: env.seq,
            effective: env.effective.0,
        };
        judge
            .check_event(0, at, env.project.as_str(), &env.data, env.id.as_deref())
            .map_err(|e| match e {
                AppendError::Rejected { field, message, .. } => {
                    format!("field {field}: {message}")
                }
                other => other.to_string(),
            })
            .map(|_outside| ())?;
        judge.taken(env, stored.hash).map_err(|e| e.to_string())?;
        self.last_recorded_at = Some((env.seq, env.recorded_at));
        Ok(())
    }

    /// `recorded_at` never goes backwards: the event before is the log's head, then each
    /// replayed event in turn.
    fn check_order(
        &mut self,
        log: &dyn EventLog,
        seq: u64,
        at: DateTime<Utc>,
    ) -> Result<(), String> {
        let last = match self.last_recorded_at {
            Some(last) => Some(last),
            None => match log.head() {
                None => None,
                Some(h) => read_seqs(log, &[h.seq])
                    .map_err(|e| e.to_string())?
                    .pop()
                    .map(|s| (s.env.seq, s.env.recorded_at)),
            },
        };
        match last {
            Some((before, last)) if at < last => Err(format!(
                "field recorded_at: 记录时间倒退 (rule recorded-in-order: recorded_at never goes backwards): seq {seq} says {} but seq {before} was recorded at {}",
                format_instant(at),
                format_instant(last)
            )),
            _ => Ok(()),
        }
    }
}
