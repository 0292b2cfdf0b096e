//! `tidings_extract::extract_html` on hostile generated pages (first byte >= 0x80) or raw
//! bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings_fuzz::hostile::{Gen, Limits, html};
use tidings_fuzz::oracles::extract;
use tidings_fuzz::{harness, structured, verdict};

const HINTS: &[Option<&str>] = &[
    None,
    Some("utf-8"),
    Some("text/html; charset=shift_jis"),
    Some("bogus"),
    Some("text/html; charset=\"utf-16\""),
];

fuzz_target!(|data: &[u8]| {
    let (page, url, hint) = match structured(data) {
        Some(choices) => {
            let mut g = Gen::new(choices, Limits::BIG);
            let url = g.pick(extract::PAGE_URLS);
            let hint = g.pick(HINTS);
            let page = if g.chance(1, 2) {
                html::page(&mut g)
            } else {
                html::article_with(&mut g)
            };
            (page, url, hint)
        }
        None => (data.to_vec(), extract::PAGE_URLS[0], None),
    };
    let ran = harness::run("html", || extract::html(&page, url, hint));
    verdict("html", ran, page.len(), extract::heap_bound(page.len()));
});
