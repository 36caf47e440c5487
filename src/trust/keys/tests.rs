//! Keys: the signed-note spec's own verifier key, the Go/`signed_note` private key example,
//! names refused by rule, and the key directory's files and permissions.

use std::os::unix::fs::PermissionsExt;

use super::*;

#[test]
fn the_spec_example_verifier_key_reads_and_writes_back() {
    let text = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    let k = VerifierKey::parse(text).unwrap();
    assert_eq!(
        (k.name.as_str(), k.id, k.alg),
        ("example.com/foo", 0x530d903a, ALG_ED25519)
    );
    assert_eq!(k.encode(), text);
    // As a cosigner the same public key has another id (type 0x04).
    let c = k.as_cosigner_key();
    assert_eq!(c.alg, ALG_COSIGNATURE);
    assert_ne!(c.id, k.id);
    assert_eq!(VerifierKey::parse(&c.encode()).unwrap(), c);
}

#[test]
fn the_signed_note_private_key_example_reads_and_writes_back() {
    let text = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    let k = SigningKey::parse_private(text).unwrap();
    assert_eq!(k.name(), "PeterNeumann");
    assert_eq!(k.private_text(), text);
    assert_eq!(k.note_key().id, 0xc74f20a3);
    // The crate that implements the spec reads our form too.
    signed_note::StandardSigner::new(&k.private_text()).unwrap();
    signed_note::StandardVerifier::new(&k.note_key().encode()).unwrap();
}

#[test]
fn bad_names_and_verifier_keys_are_refused_naming_the_rule() {
    for (name, rule) in [
        ("", "why-empty"),
        ("a b", "key-name-char"),
        ("a+b", "key-name-char"),
        ("a\u{3000}b", "key-name-char"),
        ("a\tb", "key-name-char"),
    ] {
        let Err(TrustError::Input(m)) = check_name(name) else {
            panic!("{name:?} accepted")
        };
        assert_eq!(m.key, "key-name-bad", "{name:?}");
        assert!(
            matches!(&m.args[1].1, crate::i18n::Arg::Msg(w) if w.key == rule),
            "{name:?}: {m:?}"
        );
    }
    check_name("zj-czj/budget").unwrap();
    check_name("审计局").unwrap();
    let good = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    for (text, why) in [
        ("example.com/foo+530d903a", "vkey-why-parts"),
        (
            "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
            "vkey-why-id-mismatch",
        ),
        (
            "example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
            "vkey-why-id",
        ),
        (
            "example.com/foo+530d90+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
            "vkey-why-id",
        ),
        ("example.com/foo+530d903a+!!", "vkey-why-base64"),
        (
            "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U0=",
            "vkey-why-length",
        ),
        (
            "example.com/foo+530d903a+AukyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
            "vkey-why-type",
        ),
    ] {
        let Err(TrustError::Input(m)) = VerifierKey::parse(text) else {
            panic!("{text} accepted")
        };
        assert!(
            matches!(&m.args[1].1, crate::i18n::Arg::Msg(w) if w.key == why),
            "{text}: {m:?}"
        );
    }
    assert!(VerifierKey::parse(good).is_ok());
}

#[test]
fn file_names_cannot_leave_the_directory() {
    assert_eq!(file_stem("zj-czj/budget"), "zj-czj%2Fbudget");
    assert_eq!(file_stem(".."), "%2E%2E");
    assert_eq!(file_stem("审"), "%E5%AE%A1");
}

#[test]
fn the_key_directory_creates_private_files_refuses_overwrites_and_loose_modes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = KeyDir::at(&tmp.path().join("keys"));
    let key = SigningKey::from_seed("zj-czj/budget", [7; 32]).unwrap();
    let file = dir.create(&key).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(dir.path()), 0o700);
    let Err(TrustError::Input(m)) = dir.create(&key) else {
        panic!("overwrote")
    };
    assert_eq!(m.key, "key-exists");
    assert_eq!(
        dir.load("zj-czj/budget").unwrap().private_text(),
        key.private_text()
    );
    assert_eq!(dir.list().unwrap(), vec![key.note_key()]);
    let Err(TrustError::Input(m)) = dir.load("nobody") else {
        panic!()
    };
    assert_eq!(m.key, "key-missing");

    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let Err(TrustError::Input(m)) = dir.load("zj-czj/budget") else {
        panic!("loose file")
    };
    assert_eq!(m.key, "key-permissions");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let other = SigningKey::from_seed("other", [8; 32]).unwrap();
    let Err(TrustError::Input(m)) = dir.create(&other) else {
        panic!("loose dir")
    };
    assert_eq!(m.key, "key-permissions");
    assert!(!dir.file_of("other").exists());
}
