//! Tests of the synthetic ledger generator: deterministic, valid, realistic proportions.

use super::*;
use crate::money::Yuan;

#[test]
fn amount_forms_parse_back_exactly() {
    let mut rng = Rng::new(7);
    for fen in [
        1,
        99,
        100,
        1_080_000,
        341_000_000,
        13_172_600,
        542_600_000_000,
        123_456_789,
    ] {
        for _ in 0..20 {
            let text = amount_text(fen, &mut rng);
            let parsed = Yuan::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(
                parsed.decimal() * rust_decimal::Decimal::from(100),
                fen.into(),
                "{text}"
            );
        }
    }
}

#[test]
fn same_seed_same_bytes() {
    let shape = Shape {
        events: 2_000,
        projects: 20,
        seed: 42,
    };
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let ga = write_jsonl(shape, &mut a).unwrap();
    write_jsonl(shape, &mut b).unwrap();
    assert_eq!(a, b);
    assert_eq!(ga.events, 2_000);
    assert_eq!(a.iter().filter(|&&c| c == b'\n').count(), 2_000);
    let mut c = Vec::new();
    write_jsonl(Shape { seed: 43, ..shape }, &mut c).unwrap();
    assert_ne!(a, c);
}

#[test]
fn every_type_appears() {
    let shape = Shape {
        events: 20_000,
        projects: 200,
        seed: 1,
    };
    let g = write_jsonl(shape, &mut std::io::sink()).unwrap();
    // The ledger-level stream (actors, settings) is not a project's: the bench leaves it out.
    let project_types = crate::event::TYPE_NAMES
        .iter()
        .filter(|t| !t.starts_with("actor.") && !t.starts_with("ledger."));
    for name in project_types {
        assert!(
            g.by_type.contains_key(name),
            "{name} missing: {:?}",
            g.by_type
        );
    }
}
