//! `tidings_extract::extract_feed` on hostile generated feeds (first byte >= 0x80) or raw
//! bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings_fuzz::hostile::{Gen, Limits, feed};
use tidings_fuzz::oracles::extract;
use tidings_fuzz::{harness, structured, verdict};

fuzz_target!(|data: &[u8]| {
    let (doc, url) = match structured(data) {
        Some(choices) => {
            let mut g = Gen::new(choices, Limits::BIG);
            let url = g.pick(extract::PAGE_URLS);
            (feed::feed(&mut g), url)
        }
        None => (data.to_vec(), Some("https://feed.example.com/rss")),
    };
    let ran = harness::run("feed", || extract::feed(&doc, url));
    verdict("feed", ran, doc.len(), extract::heap_bound(doc.len()));
});
