//! cargo-fuzz target `value`: the property `value` of tests/reliability/fuzz.rs.
#![no_main]

#[allow(dead_code)]
#[path = "../../reliability/fuzz.rs"]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| props::value(data));
