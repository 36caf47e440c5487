//! The leaves of the Merkle tree (the events' BLAKE3 hashes, in seq order) as read from a
//! ledger, an export or a leaf file, and the check that a history extends a checkpoint.
//!
//! A checkpoint holds one root, which says *whether* the first N events are the ones it was
//! taken over, not *which* of them changed: no summary much smaller than the N hashes can
//! name the first divergent seq of an arbitrary rewrite. So the hashes are kept beside the
//! checkpoint when naming matters: the **leaf file** (`jixiao checkpoint --leaves FILE`), one
//! event hash per line in 64 lowercase hex, in seq order, 65 bytes per event; or any export
//! taken at the time (its `hash` members are the same leaves). Before it is believed, a leaf
//! file must reproduce the checkpoint's root, so a forged one cannot point elsewhere. Because
//! every event's hash covers the one before it (`prev`), the histories agree up to the first
//! differing leaf and differ from there on: the first difference is the first divergent seq.

use std::io::{BufRead, Write};

use super::checkpoint::Checkpoint;
use super::merkle::{root, Hash};
use super::{b64, TrustError};
use crate::event::hash::{from_hex, hex_bytes, to_hex, Hash32};
use crate::i18n::Msg;
use crate::ledger::{Ledger, ReadError};

/// The first `size` leaves of a ledger (its events' hashes, seq 1 to `size`), read through
/// `Ledger::events` (each hash checked against the stored bytes).
pub fn ledger_leaves(ledger: &Ledger, size: u64) -> Result<Vec<Hash32>, ReadError> {
    let mut out = Vec::with_capacity(size.min(1 << 24) as usize);
    if size == 0 {
        return Ok(out);
    }
    for stored in ledger.events() {
        let stored = stored?;
        if stored.env.seq != out.len() as u64 + 1 {
            return Err(ReadError::Damaged {
                seq: out.len() as u64 + 1,
                what: format!("read seq {} in its place", stored.env.seq),
            });
        }
        out.push(stored.hash);
        if out.len() as u64 == size {
            break;
        }
    }
    Ok(out)
}

/// Writes a leaf file: one hash per line, 64 lowercase hex digits and `\n`.
pub fn write_leaf_file(leaves: &[Hash32], w: &mut impl Write) -> std::io::Result<()> {
    for leaf in leaves {
        w.write_all(&hex_bytes(leaf))?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// Reads a leaf file, or an export (lines starting `{`: each line's `hash`, its `seq` in
/// order from 1). Bad input names the line.
pub fn read_leaves(reader: impl BufRead) -> Result<Vec<Hash32>, TrustError> {
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let n = i + 1;
        let bad = |why: Msg| {
            TrustError::Input(
                Msg::new("leaves-line-bad")
                    .arg("line", n)
                    .arg_msg("why", why),
            )
        };
        let line = line.map_err(|e| bad(Msg::raw(e)))?;
        let leaf = if line.starts_with('{') {
            export_leaf(&line, n as u64).map_err(bad)?
        } else {
            from_hex(&line).ok_or_else(|| bad(Msg::new("leaves-why-hex")))?
        };
        out.push(leaf);
    }
    Ok(out)
}

/// The `hash` of an export line whose `seq` is `seq`.
fn export_leaf(line: &str, seq: u64) -> Result<Hash32, Msg> {
    let v: serde_json::Value = serde_json::from_str(line).map_err(Msg::raw)?;
    if v.get("seq").and_then(serde_json::Value::as_u64) != Some(seq) {
        return Err(Msg::new("leaves-why-seq").arg("seq", seq));
    }
    v.get("hash")
        .and_then(serde_json::Value::as_str)
        .and_then(from_hex)
        .ok_or_else(|| Msg::new("leaves-why-hex"))
}

/// Checks that `now` (a ledger's or an export's leaves, all of them) extends `checkpoint`:
/// at least as many leaves, and the root over the first `size` equals the checkpoint's.
/// When it does not and `kept` (a leaf file or an old export) is given and reproduces the
/// checkpoint's root, the failure names the first seq where the two differ and both hashes.
pub fn check_extends(
    checkpoint: &Checkpoint,
    now: &[Hash32],
    kept: Option<&[Hash32]>,
) -> Result<(), TrustError> {
    let size = checkpoint.size;
    let kept = kept.map(|k| check_kept(checkpoint, k)).transpose()?;
    let have = now.len() as u64;
    if have < size {
        return Err(TrustError::Failed(
            Msg::new("checkpoint-truncated")
                .arg("have", have)
                .arg("size", size)
                .arg("root", b64(&checkpoint.root))
                .arg("first", have + 1),
        ));
    }
    let now = &now[..size as usize];
    let got = root(now);
    if got == checkpoint.root {
        return Ok(());
    }
    match kept.and_then(|k| first_difference(k, now)) {
        Some(i) => Err(TrustError::Failed(
            Msg::new("checkpoint-diverges-at")
                .arg("seq", i + 1)
                .arg("size", size)
                .arg("root", b64(&checkpoint.root))
                .arg("kept", to_hex(&kept.expect("invariant: compared")[i]))
                .arg("now", to_hex(&now[i])),
        )),
        None => Err(TrustError::Failed(
            Msg::new("checkpoint-diverges")
                .arg("size", size)
                .arg("got", b64(&got))
                .arg("root", b64(&checkpoint.root)),
        )),
    }
}

/// The first `size` kept leaves, once they are shown to be the checkpoint's.
fn check_kept<'a>(checkpoint: &Checkpoint, kept: &'a [Hash32]) -> Result<&'a [Hash32], TrustError> {
    let size = checkpoint.size;
    if (kept.len() as u64) < size {
        return Err(TrustError::Input(
            Msg::new("leaves-too-few")
                .arg("count", kept.len())
                .arg("size", size),
        ));
    }
    let kept = &kept[..size as usize];
    let got: Hash = root(kept);
    if got != checkpoint.root {
        return Err(TrustError::Input(
            Msg::new("leaves-not-checkpoint")
                .arg("size", size)
                .arg("got", b64(&got))
                .arg("root", b64(&checkpoint.root)),
        ));
    }
    Ok(kept)
}

/// The index of the first leaf where `a` and `b` differ (over their common length).
#[must_use]
pub fn first_difference(a: &[Hash32], b: &[Hash32]) -> Option<usize> {
    a.iter().zip(b).position(|(x, y)| x != y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::checkpoint::origin_of;

    fn leaves(n: u8) -> Vec<Hash32> {
        (1..=n).map(|i| [i; 32]).collect()
    }

    fn cp(leaves: &[Hash32]) -> Checkpoint {
        Checkpoint {
            origin: origin_of("x"),
            size: leaves.len() as u64,
            root: root(leaves),
        }
    }

    fn key(r: Result<(), TrustError>) -> &'static str {
        r.map_or_else(|e| e.msg().key, |()| "ok")
    }

    #[test]
    fn extension_truncation_and_divergence_are_told_apart() {
        let old = leaves(10);
        let c = cp(&old);
        let mut longer = old.clone();
        longer.extend(leaves(3));
        // A rewrite from seq 4 on: every later hash changes, as a re-chained ledger's does.
        let mut rewritten = old.clone();
        for (i, leaf) in rewritten.iter_mut().enumerate().skip(3) {
            leaf[1] = 0xee ^ i as u8;
        }
        let mut forged_kept = old.clone();
        forged_kept[0][0] ^= 1;
        type Case<'a> = (&'a [Hash32], Option<&'a [Hash32]>, &'a str);
        let cases: [Case; 7] = [
            (&old, None, "ok"),
            (&longer, Some(&old), "ok"),
            (&old[..7], None, "checkpoint-truncated"),
            (&rewritten, None, "checkpoint-diverges"),
            (&rewritten, Some(&longer), "checkpoint-diverges-at"),
            (&rewritten, Some(&forged_kept), "leaves-not-checkpoint"),
            (&rewritten, Some(&old[..9]), "leaves-too-few"),
        ];
        for (i, (now, kept, expected)) in cases.into_iter().enumerate() {
            assert_eq!(key(check_extends(&c, now, kept)), expected, "case {i}");
        }
        let e = check_extends(&c, &rewritten, Some(&old)).unwrap_err();
        assert_eq!(e.msg().text_arg("seq"), Some("4"));
        assert_eq!(e.msg().text_arg("kept"), Some(to_hex(&old[3]).as_str()));
    }

    #[test]
    fn leaf_files_and_exports_read_as_the_same_leaves() {
        let l = leaves(3);
        let mut file = Vec::new();
        write_leaf_file(&l, &mut file).unwrap();
        assert_eq!(file.len(), 3 * 65);
        assert_eq!(read_leaves(&file[..]).unwrap(), l);
        let export: String = l
            .iter()
            .enumerate()
            .map(|(i, h)| format!("{{\"hash\":\"{}\",\"seq\":{}}}\n", to_hex(h), i + 1))
            .collect();
        assert_eq!(read_leaves(export.as_bytes()).unwrap(), l);
        let skipped = export.replacen("\"seq\":2", "\"seq\":3", 1);
        let e = read_leaves(skipped.as_bytes()).unwrap_err();
        assert_eq!(
            (e.msg().key, e.msg().text_arg("line")),
            ("leaves-line-bad", Some("2"))
        );
        let e = read_leaves(&b"ABCD\n"[..]).unwrap_err();
        assert_eq!(e.msg().text_arg("line"), Some("1"));
    }
}
