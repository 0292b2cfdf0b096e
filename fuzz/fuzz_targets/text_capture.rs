//! `tidings_extract::extract_text_capture` (after `decode_text`) on hostile generated
//! captures (first byte >= 0x80) or raw bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings_fuzz::hostile::{Gen, Limits, text};
use tidings_fuzz::oracles::extract;
use tidings_fuzz::{harness, structured, verdict};

fuzz_target!(|data: &[u8]| {
    let (doc, url) = match structured(data) {
        Some(choices) => {
            let mut g = Gen::new(choices, Limits::BIG);
            let url = g.pick(extract::PAGE_URLS);
            (text::capture(&mut g), url)
        }
        None => (data.to_vec(), extract::PAGE_URLS[0]),
    };
    let ran = harness::run("text_capture", || extract::text_capture(&doc, url));
    verdict(
        "text_capture",
        ran,
        doc.len(),
        extract::heap_bound(doc.len()),
    );
});
