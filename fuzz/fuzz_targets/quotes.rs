//! `tidings_text::find_quotes`, sentence spans, tokens, `analyze` and `entities` (what the
//! digest and the clusterer use of the text crate) on hostile generated prose (first byte >=
//! 0x80) or raw text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings_fuzz::hostile::{Gen, Limits, text};
use tidings_fuzz::oracles::text as oracle;
use tidings_fuzz::{harness, structured, verdict};

fuzz_target!(|data: &[u8]| {
    let (body, lang) = match structured(data) {
        Some(choices) => {
            let mut g = Gen::new(choices, Limits::BIG);
            let lang = text::lang(&mut g);
            let body = if g.chance(1, 2) {
                text::quotes(&mut g)
            } else {
                String::from_utf8_lossy(&text::capture(&mut g)).into_owned()
            };
            (body, lang)
        }
        None => (String::from_utf8_lossy(data).into_owned(), Some("en")),
    };
    let ran = harness::run("quotes", || {
        let found = oracle::quotes(&body, lang)?;
        oracle::sentences(&body)?;
        oracle::features(body.lines().next(), &body, lang)?;
        Ok(found)
    });
    verdict("quotes", ran, body.len(), 256 * body.len() + (64 << 20));
});
