//! Property tests (bounded fuzzing in CI): hostile generated prose through what the digest
//! and the clusterer use of this crate — quotes, sentences, tokens, `analyze`, `entities` —
//! each case in a 512 KiB-stack thread with its heap counted. What must hold is in
//! `fuzz/src/oracles/text.rs`: no panic or stack overflow, spans inside the text with the
//! quote text equal to its span, quotes in text order, sentences trimmed and ordered on
//! character boundaries, output bounded by the text.
//!
//! The generators and checks are the `quotes` fuzz target's (`fuzz/`, see its README):
//! `TIDINGS_FUZZ_CASES=N` runs N cases, `TIDINGS_FUZZ_SEED=S` one case.

#[path = "../../../fuzz/src/harness.rs"]
mod harness;
#[path = "../../../fuzz/src/hostile/mod.rs"]
mod hostile;
#[path = "../../../fuzz/src/oracles/text.rs"]
mod oracle;

use hostile::{Gen, Limits};

fn check(body: &[u8], lang: &Option<&str>) -> Result<String, String> {
    let body = String::from_utf8_lossy(body);
    let found = oracle::quotes(&body, *lang)?;
    oracle::sentences(&body)?;
    oracle::features(body.lines().next(), &body, *lang)?;
    Ok(found)
}

#[test]
fn hostile_quotes_and_prose() {
    harness::property(
        "quotes",
        400,
        8192,
        |b| {
            let mut g = Gen::new(b, Limits::SMALL);
            let lang = hostile::text::lang(&mut g);
            (hostile::text::quotes(&mut g).into_bytes(), lang)
        },
        |len| 256 * len + (64 << 20),
        check,
    );
}

#[test]
fn hostile_captures_as_prose() {
    harness::property(
        "prose",
        300,
        8192,
        |b| {
            let mut g = Gen::new(b, Limits::SMALL);
            let lang = hostile::text::lang(&mut g);
            (hostile::text::capture(&mut g), lang)
        },
        |len| 256 * len + (64 << 20),
        check,
    );
}
