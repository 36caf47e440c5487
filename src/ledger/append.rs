//! Judging and staging an append: the rules against each project's facts, the chain of
//! seq, prev and recorded_at, and the canonical bytes and hashes of a batch, staged for the
//! log. Nothing here writes.

use super::prepare::Prepared;
use super::signing::{self, Trail, TrustState};
use super::*;
use crate::event::LEDGER_STREAM;
use crate::i18n::Msg;
use crate::ids::check_key;
use crate::sections::Section;

/// Decides appends: the log to read a project's history from, and the facts kept per project.
pub(super) struct Judge<'a> {
    pub(super) log: &'a dyn EventLog,
    pub(super) facts: &'a mut FxHashMap<String, Facts>,
    pub(super) notices: &'a mut Notices,
    /// The actors and settings as of the next seq, loaded from `_ledger` on first use.
    pub(super) trust: &'a mut Option<TrustState>,
}

impl Judge<'_> {
    /// Checks one prepared input (`prepare`: id admitted, data normalised) against the
    /// clock, limits and rules, and builds its envelope; None when the line's import key is
    /// already in its project with the same content (skipped, and noted).
    pub(super) fn admit(
        &mut self,
        line: usize,
        prepared: Prepared,
        actor: &str,
        chain: &mut Chain,
        clock: &mut dyn FnMut(&ImportLine) -> DateTime<Utc>,
    ) -> Result<Option<(Envelope, Vec<u8>)>, AppendError> {
        let Prepared {
            item,
            texts,
            data_bytes,
        } = prepared;
        let recorded_at = chain.recording_instant(line, truncate_ms(clock(&item)))?;
        let ImportLine {
            actor: own_actor,
            data,
            effective,
            project,
            id,
            signed,
        } = item;
        let actor = own_actor.unwrap_or_else(|| actor.to_string());
        let at = Stamp {
            seq: chain.next_seq,
            effective: effective.0,
        };
        if let Some(key) = &id {
            check_key(key).map_err(|e| reject(line, "id", e.to_string()))?;
            let facts = self.facts_for(project.as_str())?;
            if let Some(seq) = known_key(facts, line, key, line_digest(&data, effective))? {
                let key = key.clone();
                self.notices.skip(Skipped { line, key, seq });
                return Ok(None);
            }
        }
        let project_prev = match self.log.envelope_format()? {
            1 => None,
            _ => Some(
                self.trail_for(project.as_str())?
                    .last_hash
                    .unwrap_or(ZERO_HASH),
            ),
        };
        let env = Envelope {
            seq: chain.next_seq,
            recorded_at,
            effective,
            actor,
            project,
            data,
            prev: chain.prev,
            id,
            project_prev,
            signed,
        };
        self.check_trust(line, &env)?;
        check_actor_and_texts(line, &env.actor, texts)?;
        let outside =
            self.check_event(line, at, env.project.as_str(), &env.data, env.id.as_deref())?;
        if let Some(period) = outside {
            self.notices.outside(OutsidePeriod {
                line,
                seq: at.seq,
                project: env.project.to_string(),
                effective: at.effective,
                period,
            });
        }
        Ok(Some((env, data_bytes)))
    }

    /// Who may record this event (`signing`): the `_ledger` stream's rules, the signature,
    /// its signer's standing and role, and the once-per-ledger rule; the ledger-level state
    /// takes an accepted `_ledger` event in.
    pub(super) fn check_trust(&mut self, line: usize, env: &Envelope) -> Result<(), AppendError> {
        let refuse = |r: signing::Refusal| reject(line, r.field, r.text());
        let format = self.log.envelope_format()?;
        let configures = matches!(env.data, EventData::LedgerConfigured(_));
        if format < 2 && (env.signed.is_some() || configures) {
            let msg = Msg::new("rule-signatures-need-format-2");
            return Err(reject(
                line,
                "sig",
                format!("rule signatures-need-format-2: {}", msg.english()),
            ));
        }
        let trust = self.trust_state()?;
        let plain = trust.required_since.is_none()
            && env.signed.is_none()
            && !env.data.is_ledger_level()
            && env.project.as_str() != LEDGER_STREAM;
        if plain {
            return Ok(());
        }
        let ledger = self.log.ledger_id().to_string();
        let target_kind = match env.data.target_seq() {
            Some(t) => self.facts_for(env.project.as_str())?.type_at(t),
            None => None,
        };
        let trail = self.trail_for(env.project.as_str())?;
        trail.check_once(env, &ledger).map_err(refuse)?;
        let trust = self.trust.as_mut().expect("invariant: loaded above");
        trust.check(env, &ledger, target_kind).map_err(refuse)?;
        trust.take(env);
        Ok(())
    }

    /// Takes an event that was staged (or replayed) into its project's trail.
    pub(super) fn taken(&mut self, env: &Envelope, hash: Hash32) -> Result<(), AppendError> {
        let ledger = self.log.ledger_id().to_string();
        self.trail_for(env.project.as_str())?
            .take(env, hash, &ledger);
        Ok(())
    }

    /// The ledger-level state, folded from the `_ledger` events on first use.
    fn trust_state(&mut self) -> Result<&TrustState, AppendError> {
        if self.trust.is_none() {
            let seqs = self.log.project_seqs(LEDGER_STREAM)?;
            let mut state = TrustState::default();
            for stored in read_seqs(self.log, &seqs)? {
                state.take(&stored.env);
            }
            *self.trust = Some(state);
        }
        Ok(self.trust.as_ref().expect("invariant: loaded above"))
    }

    /// The project's trail (last hash, signed statements), kept with its facts: one lookup.
    pub(super) fn trail_for(&mut self, project: &str) -> Result<&mut Trail, AppendError> {
        Ok(&mut self.facts_for(project)?.trail)
    }

    /// The checks every event passes, appended or replayed from the journal, after its actor
    /// and texts (`check_actor_and_texts`): its import key and the business rules against its
    /// project's facts, which take it (and its key) in if it passes. (`data` and the project
    /// id are already as stored; a key its project holds was dealt with by the caller.)
    /// Returns the project's period when the event is dated outside it.
    pub(super) fn check_event(
        &mut self,
        line: usize,
        at: Stamp,
        project: &str,
        data: &EventData,
        key: Option<&str>,
    ) -> Result<Option<Period>, AppendError> {
        if project == LEDGER_STREAM || data.is_ledger_level() {
            // Judged by `check_trust`; no project facts.
            return Ok(None);
        }
        let facts = self.facts_for(project)?;
        if let Some(key) = key {
            check_key(key).map_err(|e| reject(line, "id", e.to_string()))?;
            if let Some((seq, _)) = facts.key(key) {
                let message = Msg::new("rule-import-key-reused")
                    .arg("key", key)
                    .arg("seq", seq);
                return Err(reject(
                    line,
                    "id",
                    format!(
                        "rule {}: {}",
                        rule_ids::IMPORT_KEY_UNIQUE,
                        message.english()
                    ),
                ));
            }
        }
        facts
            .apply(project, at, data)
            .map_err(|v| reject(line, v.field, v.to_string()))?;
        if let Some(key) = key {
            let effective = crate::time::Day(at.effective);
            facts.take_key(key, at.seq, line_digest(data, effective));
        }
        Ok(outside_period(facts, at.effective, data))
    }

    pub(super) fn facts_for(&mut self, project: &str) -> Result<&mut Facts, AppendError> {
        if !self.facts.contains_key(project) {
            let mut facts = Facts::default();
            let mut trail = Trail::default();
            let ledger = self.log.ledger_id();
            let seqs = self.log.project_seqs(project)?;
            for stored in read_seqs(self.log, &seqs)? {
                let env = &stored.env;
                trail.take(env, stored.hash, ledger);
                let at = Stamp {
                    seq: env.seq,
                    effective: env.effective.0,
                };
                facts.replay(at, &env.data);
                if let Some(key) = &env.id {
                    facts.take_key(key, env.seq, line_digest(&env.data, env.effective));
                }
            }
            facts.trail = trail;
            self.facts.insert(project.to_string(), facts);
        }
        Ok(self
            .facts
            .get_mut(project)
            .expect("invariant: inserted above"))
    }
}

/// What an append has built so far: staged records, index entries, count and last event.
pub(super) struct Batch {
    pub(super) staged: Staging,
    pub(super) index: IndexBatch,
    pub(super) count: usize,
    pub(super) last: Option<Appended>,
    pub(super) day: Vec<u8>,
}

impl Batch {
    pub(super) fn new(first_seq: u64) -> Batch {
        Batch {
            staged: Staging::new(first_seq),
            index: IndexBatch::new(first_seq),
            count: 0,
            last: None,
            day: Vec::with_capacity(10),
        }
    }

    /// Stages an admitted envelope's canonical bytes and hash, and its index entries;
    /// `data_bytes` are its data's canonical bytes (`prepare`).
    pub(super) fn add(
        &mut self,
        line: usize,
        env: &Envelope,
        data_bytes: &[u8],
    ) -> Result<Appended, AppendError> {
        debug_assert_eq!(
            data_bytes,
            &data_bytes_of(&env.data)[..],
            "data bytes as typed"
        );
        let hash = self.staged.stage(
            env.seq,
            |out| env.write_canonical_with(out, Some(data_bytes)),
            |bytes| seal(line, bytes),
        )?;
        self.day.clear();
        crate::event::envelope::write_day(env.effective, &mut self.day);
        let day = std::str::from_utf8(&self.day).expect("invariant: a date is ASCII");
        self.index.add(env.seq, env.project.as_str(), day);
        let appended = Appended { seq: env.seq, hash };
        (self.count, self.last) = (self.count + 1, Some(appended));
        Ok(appended)
    }
}

/// The canonical bytes of `data` (tests' check that prepared bytes match the data).
fn data_bytes_of(data: &EventData) -> Vec<u8> {
    let mut out = Vec::new();
    data.write_data(&mut out);
    out
}

/// Where the chain stands while a batch is built.
pub(super) struct Chain {
    pub(super) next_seq: u64,
    pub(super) prev: Hash32,
    pub(super) last_recorded_at: DateTime<Utc>,
}

impl Chain {
    pub(super) fn from_head(head: Option<Head>, last_recorded_at: DateTime<Utc>) -> Chain {
        match head {
            None => Chain {
                next_seq: 1,
                prev: ZERO_HASH,
                last_recorded_at,
            },
            Some(h) => Chain {
                next_seq: h.seq + 1,
                prev: h.hash,
                last_recorded_at,
            },
        }
    }
    pub(super) fn advance(&mut self, seq: u64, hash: Hash32, recorded_at: DateTime<Utc>) {
        assert_eq!(seq, self.next_seq, "invariant: seqs are contiguous");
        self.next_seq += 1;
        self.prev = hash;
        self.last_recorded_at = recorded_at;
    }

    /// The `recorded_at` of the next event for the clock's reading `now`: `recorded_at`
    /// never goes backwards, so a reading a little behind the last event's (clocks of two
    /// machines, within `MAX_CLOCK_SKEW`) takes that event's instant. A reading further
    /// behind is refused rather than frozen at the last instant: either this clock is wrong
    /// or the last event's reading was (a far-future reading stored by a wrong clock; `verify`
    /// names its seq), and stamping every later event with it would make `--known-at` lie.
    pub(super) fn recording_instant(
        &self,
        line: usize,
        now: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, AppendError> {
        if now + MAX_CLOCK_SKEW >= self.last_recorded_at {
            return Ok(now.max(self.last_recorded_at));
        }
        Err(reject(
            line,
            "recorded_at",
            format!(
                "时钟读数 {} 比上一个事件 (seq {}) 的记录时间 {} 早一天以上，记录时间不能倒退 (rule recorded-in-order: the clock reads more than {} hours before the last recorded event; either this clock or that event's reading is wrong — `jixiao verify` names an event recorded in the future)",
                format_instant(now),
                self.next_seq - 1,
                format_instant(self.last_recorded_at),
                MAX_CLOCK_SKEW.num_hours()
            ),
        ))
    }
}

/// The hash of an admitted envelope's canonical bytes, with the checks made on those bytes.
pub(super) fn seal(line: usize, bytes: &[u8]) -> Result<Hash32, AppendError> {
    check_sealed(bytes).map_err(|(field, message)| reject(line, &field, message))?;
    Ok(event_hash(bytes))
}

/// The checks made on an event's canonical bytes, appended or replayed: the size limit, and
/// no control characters in any of its strings (`text`).
pub(super) fn check_sealed(bytes: &[u8]) -> Result<(), (String, String)> {
    if bytes.len() > MAX_EVENT_BYTES {
        return Err((
            "data".into(),
            format!(
                "event is {} bytes, above the limit of {MAX_EVENT_BYTES} (MAX_EVENT_BYTES)",
                bytes.len()
            ),
        ));
    }
    super::text::check_canonical(bytes)
}

/// The seq an import key was recorded as when the line is the same (skip it); an error
/// when the key stands for other content; None when the project does not hold the key.
fn known_key(
    facts: &Facts,
    line: usize,
    key: &str,
    digest: Hash32,
) -> Result<Option<u64>, AppendError> {
    match facts.key(key) {
        None => Ok(None),
        Some((seq, known)) if known == digest => Ok(Some(seq)),
        Some((seq, _)) => {
            let message = Msg::new("rule-import-key-reused")
                .arg("key", key)
                .arg("seq", seq);
            Err(reject(
                line,
                "id",
                format!(
                    "rule {}: {}",
                    rule_ids::IMPORT_KEY_UNIQUE,
                    message.english()
                ),
            ))
        }
    }
}

/// What makes two import lines "the same line": type, effective date and the normalised
/// data (not the actor, which a re-run by someone else may change). BLAKE3, own context.
pub(super) fn line_digest(data: &EventData, effective: crate::time::Day) -> Hash32 {
    let mut bytes = Vec::with_capacity(256);
    bytes.extend_from_slice(data.type_name().as_bytes());
    bytes.push(b'\n');
    crate::event::envelope::write_day(effective, &mut bytes);
    bytes.push(b'\n');
    data.write_data(&mut bytes);
    *blake3::Hasher::new_derive_key("jixiao import line v1")
        .update(&bytes)
        .finalize()
        .as_bytes()
}

/// Stores data as it is meant: ids NFC-normalised and held to `admit_id`, narrative
/// sections under their keys (a near miss of a known section refused), and corrections
/// with their replacement typed, normalised the same way and canonical.
pub(super) fn normalise(data: EventData) -> Result<EventData, crate::event::DataError> {
    let EventData::EventCorrected(mut c) = data else {
        return admit_names(data, "data");
    };
    if matches!(
        c.replacement.kind.as_str(),
        "event.corrected" | "event.reversed"
    ) {
        return Err(crate::event::DataError {
            path: "data.replacement.type".into(),
            message: format!(
                "a correction cannot replace with a correction or reversal ({:?}); correct the original event",
                c.replacement.kind
            ),
        });
    }
    let replacement = admit_names(typed_replacement(&c)?, "data.replacement.data")?;
    let mut bytes = Vec::new();
    replacement.write_data(&mut bytes);
    c.replacement.data = serde_json::from_slice(&bytes).expect("invariant: canonical data parses");
    Ok(EventData::EventCorrected(c))
}

/// Ids and narrative sections of one event's data, as stored; `at` prefixes field paths.
fn admit_names(mut data: EventData, at: &str) -> Result<EventData, crate::event::DataError> {
    use crate::event::DataError;
    use EventData as E;
    let id = match &mut data {
        E::GoalSet(d) => Some(&mut d.id),
        E::GoalAdjusted(d) => Some(&mut d.id),
        E::GoalWithdrawn(d) => Some(&mut d.id),
        E::IndicatorDefined(d) => Some(&mut d.id),
        E::IndicatorTargetAdjusted(d) => Some(&mut d.id),
        E::IndicatorMeasured(d) => Some(&mut d.id),
        E::IndicatorAssessed(d) => Some(&mut d.id),
        _ => None,
    };
    if let Some(id) = id {
        *id = id.admitted().map_err(|e| DataError {
            path: format!("{at}.id"),
            message: e.to_string(),
        })?;
    }
    if let E::NarrativeRecorded(d) = &mut data {
        d.section = match crate::sections::read(&d.section) {
            Section::Known(key) => key.to_string(),
            Section::Free(name) => name,
            Section::NearMiss {
                written,
                key,
                title,
            } => {
                let message = Msg::new("rule-narrative-section")
                    .arg("written", written)
                    .arg("key", key)
                    .arg("title", title);
                return Err(DataError {
                    path: format!("{at}.section"),
                    message: format!(
                        "rule {}: {}",
                        rule_ids::NARRATIVE_SECTION,
                        message.english()
                    ),
                });
            }
        };
    }
    Ok(data)
}

/// The event's actor id, then the verdict on its texts (`check_texts`): the first checks
/// of `check_event`'s, in this order.
pub(super) fn check_actor_and_texts(
    line: usize,
    actor: &str,
    texts: Result<(), (String, String)>,
) -> Result<(), AppendError> {
    check_id("actor", actor, MAX_ACTOR_CHARS).map_err(|e| reject(line, "actor", e.to_string()))?;
    texts.map_err(|(field, message)| reject(line, &field, message))
}

/// The limits on free text, for the event and for a correction's replacement (whose fields
/// are named `data.replacement.data.*`).
pub(super) fn check_texts(data: &EventData) -> Result<(), (String, String)> {
    check_texts_of(data).map_err(|(f, m)| (f.to_string(), m))?;
    if let EventData::EventCorrected(c) = data {
        let replacement = typed_replacement(c).map_err(|e| (e.path, e.message))?;
        check_texts_of(&replacement)
            .map_err(|(f, m)| (f.replacen("data", "data.replacement.data", 1), m))?;
    }
    Ok(())
}

pub(super) fn check_texts_of(data: &EventData) -> Result<(), (&'static str, String)> {
    for (field, text) in data.texts() {
        let long_text = field == "data.text" || field == "data.contents";
        if long_text && text.len() > MAX_TEXT_BYTES {
            return Err((
                field,
                format!(
                    "text is {} bytes, above the limit of {MAX_TEXT_BYTES} (MAX_TEXT_BYTES)",
                    text.len()
                ),
            ));
        }
        // A text of at most MAX_FIELD_CHARS bytes cannot have more characters: skip counting.
        if !long_text && text.len() > MAX_FIELD_CHARS && text.chars().count() > MAX_FIELD_CHARS {
            return Err((
                field,
                format!(
                    "text is {} characters, above the limit of {MAX_FIELD_CHARS} (MAX_FIELD_CHARS)",
                    text.chars().count()
                ),
            ));
        }
        if blank(text) && field != "data.deviation" && field != "data.note" {
            return Err((field, "must not be empty".into()));
        }
    }
    Ok(())
}

/// Nothing but whitespace (or nothing): what `trim` would leave empty, known at the first
/// character for almost every text.
fn blank(text: &str) -> bool {
    text.chars().next().is_none_or(char::is_whitespace) && text.trim().is_empty()
}

pub(super) fn reject(line: usize, field: &str, message: String) -> AppendError {
    AppendError::Rejected {
        line,
        field: field.to_string(),
        message,
    }
}
