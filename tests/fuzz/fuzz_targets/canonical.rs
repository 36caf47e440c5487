//! cargo-fuzz target `canonical`: the property `canonical` of tests/reliability/fuzz.rs.
#![no_main]

#[allow(dead_code)]
#[path = "../../reliability/fuzz.rs"]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| props::canonical(data));
