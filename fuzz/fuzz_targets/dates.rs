//! `tidings_extract::dates::{parse, parse_with, find}` on hostile generated date texts and
//! long texts (first byte >= 0x80; a well-formed date must also read back exactly) or raw
//! text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings_fuzz::hostile::{Gen, Limits, dates};
use tidings_fuzz::oracles::dates as oracle;
use tidings_fuzz::{harness, structured, verdict};

fuzz_target!(|data: &[u8]| {
    let text = match structured(data) {
        Some(choices) => {
            let mut g = Gen::new(choices, Limits::BIG);
            let exact = dates::exact(&mut g);
            if let Err(why) = oracle::exact(&exact) {
                panic!("dates: {why}");
            }
            if g.chance(1, 2) {
                dates::text(&mut g)
            } else {
                dates::long_text(&mut g)
            }
        }
        None => String::from_utf8_lossy(data).into_owned(),
    };
    let ran = harness::run("dates", || oracle::any(&text));
    verdict("dates", ran, text.len(), 64 * text.len() + (64 << 20));
});
