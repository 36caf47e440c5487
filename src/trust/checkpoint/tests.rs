//! Checkpoints: the note as c2sp.org/tlog-checkpoint writes it, each signature checked by
//! name and key id, a cosignature's message and timestamp, and bodies refused line by line.

use super::*;
use crate::trust::merkle::empty_root;

fn key(name: &str, seed: u8) -> SigningKey {
    SigningKey::from_seed(name, [seed; 32]).unwrap()
}

fn checkpoint(size: u64) -> Checkpoint {
    Checkpoint {
        origin: origin_of("jx-0123456789abcdef"),
        size,
        root: [size as u8; 32],
    }
}

fn why(e: TrustError) -> &'static str {
    match e.msg().args.first() {
        Some((_, crate::i18n::Arg::Msg(m))) => m.key,
        _ => e.msg().key,
    }
}

#[test]
fn a_signed_checkpoint_is_the_three_lines_a_blank_line_and_the_log_signature() {
    let log = key("zj-czj/admin", 1);
    let signed = SignedCheckpoint::sign(checkpoint(65), &log).unwrap();
    let text = String::from_utf8(signed.to_bytes()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        &lines[..4],
        ["jixiao/jx-0123456789abcdef", "65", &b64(&[65; 32]), ""]
    );
    assert!(lines[4].starts_with("— zj-czj/admin "), "{text}");
    assert_eq!(lines.len(), 5);
    let back = SignedCheckpoint::parse(text.as_bytes()).unwrap();
    assert_eq!(back.checkpoint, checkpoint(65));
    back.verify_log(&log.note_key()).unwrap();
    // The signed_note crate's own verifier agrees, given only the published verifier key.
    let v = signed_note::StandardVerifier::new(&log.note_key().encode()).unwrap();
    let note = signed_note::Note::from_bytes(text.as_bytes()).unwrap();
    note.verify(&VerifierList::new(vec![Box::new(v)])).unwrap();
}

#[test]
fn a_changed_line_or_another_key_fails_naming_the_key() {
    let log = key("zj-czj/admin", 1);
    let text = String::from_utf8(
        SignedCheckpoint::sign(checkpoint(65), &log)
            .unwrap()
            .to_bytes(),
    )
    .unwrap();
    let edited = text.replacen("\n65\n", "\n64\n", 1);
    let e = SignedCheckpoint::parse(edited.as_bytes())
        .unwrap()
        .verify_log(&log.note_key())
        .unwrap_err();
    assert!(
        matches!(&e, TrustError::Failed(m) if m.key == "checkpoint-signature-invalid"),
        "{e:?}"
    );
    let stranger = key("zj-czj/admin", 2);
    let e = SignedCheckpoint::parse(text.as_bytes())
        .unwrap()
        .verify_log(&stranger.note_key())
        .unwrap_err();
    assert!(
        matches!(&e, TrustError::Failed(m) if m.key == "checkpoint-no-log-line"),
        "{e:?}"
    );
    // The refusal names the key given and the lines the note has (same name, other ids).
    let text = e.msg().render(crate::i18n::Lang::Zh);
    let given = format!("zj-czj/admin（密钥编号 {:08x}）", stranger.note_key().id);
    let line = format!(
        "zj-czj/admin（日志签名，密钥编号 {:08x}）",
        log.note_key().id
    );
    for named in [given, line] {
        assert!(text.contains(&named), "lacks {named}: {text}");
    }
    assert!(text.contains("签名行中没有 --log-key 给出的密钥"), "{text}");
}

#[test]
fn a_cosignature_signs_the_header_the_time_and_the_body_and_keeps_the_log_line() {
    let log = key("zj-czj/admin", 1);
    let witness = key("zj-sjj/auditor", 3);
    let mut signed = SignedCheckpoint::sign(checkpoint(7), &log).unwrap();
    signed.cosign(&witness, 1_764_126_000).unwrap();
    let text = String::from_utf8(signed.to_bytes()).unwrap();
    let back = SignedCheckpoint::parse(text.as_bytes()).unwrap();
    back.verify_log(&log.note_key()).unwrap();
    assert_eq!(
        back.verify_cosignature(&witness.note_key()).unwrap(),
        1_764_126_000
    );
    assert_eq!(
        back.verify_cosignature(&witness.cosigner_key()).unwrap(),
        1_764_126_000
    );
    // The line is key id (type 0x04) || time || Ed25519 over the cosigned message.
    let line = text.lines().last().unwrap();
    let raw = from_b64(line.rsplit(' ').next().unwrap()).unwrap();
    assert_eq!(raw.len(), 4 + 8 + 64);
    assert_eq!(
        u32::from_be_bytes(raw[..4].try_into().unwrap()),
        witness.cosigner_key().id
    );
    let msg = cosigned_message(1_764_126_000, checkpoint(7).body().as_bytes());
    assert!(String::from_utf8(msg.clone())
        .unwrap()
        .starts_with("cosignature/v1\ntime 1764126000\njixiao/"));
    let sig = ed25519_dalek::Signature::from_bytes(&raw[12..].try_into().unwrap());
    witness
        .cosigner_key()
        .verifying_key()
        .verify_strict(&msg, &sig)
        .unwrap();
    // The log key is not a cosigner of this note.
    assert!(back.verify_cosignature(&log.note_key()).is_err());
}

use crate::trust::from_b64;

#[test]
fn bodies_are_refused_line_by_line() {
    let root = b64(&empty_root());
    for (body, expected) in [
        (format!("o\n0\n{root}\n"), None),
        (format!("o\n1\n{root}"), Some("checkpoint-why-lines")),
        (format!("o\n1\n{root}\next\n"), Some("checkpoint-why-lines")),
        (format!("\n1\n{root}\n"), Some("checkpoint-why-origin")),
        (format!("o\n01\n{root}\n"), Some("checkpoint-why-size")),
        (format!("o\n+1\n{root}\n"), Some("checkpoint-why-size")),
        (format!("o\n\n{root}\n"), Some("checkpoint-why-size")),
        ("o\n1\nAAAA\n".to_string(), Some("checkpoint-why-root")),
    ] {
        match (Checkpoint::parse_body(&body), expected) {
            (Ok(_), None) => {}
            (Err(e), Some(w)) => assert_eq!(why(e), w, "{body:?}"),
            (r, _) => panic!("{body:?}: {r:?}"),
        }
    }
}
