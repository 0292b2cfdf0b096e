//! # tidings-fuzz
//!
//! The code the fuzz targets (`fuzz_targets/`) share with the crates' property tests:
//! [`hostile`] builds hostile documents from fuzzer bytes, [`oracles`] says what must hold
//! for each input, [`harness`] runs a case in a small-stack thread with its heap counted.
//! The property tests include these files with `#[path]`, so CI runs the same generators and
//! checks every time. See README.md for running the targets.

pub mod harness;
pub mod hostile;

/// What must hold for each target's input.
pub mod oracles {
    pub mod dates;
    pub mod engine;
    pub mod extract;
    pub mod store;
    pub mod text;
}

/// The fuzzer input split by its mode: `Some(choices)` when the first byte has its high bit
/// set (the rest drives a [`hostile`] generator), `None` for a raw document (the input as it
/// is, so libFuzzer's byte mutations and the dictionaries apply).
pub fn structured(data: &[u8]) -> Option<&[u8]> {
    match data.split_first() {
        Some((first, rest)) if first & 0x80 != 0 => Some(rest),
        _ => None,
    }
}

/// Ends the fuzz case with a crash when the check failed or the heap went past its bound.
pub fn verdict(
    target: &str,
    ran: harness::Ran<Result<String, String>>,
    input: usize,
    bound: usize,
) {
    if let Err(why) = ran.value {
        panic!("{target}: {why}");
    }
    if ran.peak > bound {
        panic!(
            "{target}: peak heap {} MiB over the bound of {} MiB for {input} bytes",
            ran.peak >> 20,
            bound >> 20
        );
    }
}
