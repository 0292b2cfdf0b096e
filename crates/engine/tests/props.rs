//! Property tests (bounded fuzzing in CI): the engine ingests hostile generated JSON Lines
//! files — records with hostile pages and captures, wrong types, nulls, huge numbers, deep
//! values, missing fields, non-UTF-8 and giant lines — into an in-memory store, each file in a
//! 512 KiB-stack thread with its heap counted. What must hold is in
//! `fuzz/src/oracles/engine.rs`: every non-blank line stored, known or failed with the file
//! named; every stored article in a story; no stored link that is not an http(s) URL.
//!
//! The generator and check are the `jsonl` fuzz target's (`fuzz/`, see its README):
//! `TIDINGS_FUZZ_CASES=N` runs N cases, `TIDINGS_FUZZ_SEED=S` one case.

#[path = "../../../fuzz/src/harness.rs"]
mod harness;
#[path = "../../../fuzz/src/hostile/mod.rs"]
mod hostile;
#[path = "../../../fuzz/src/oracles/engine.rs"]
mod oracle;

use hostile::{Gen, Limits};

#[test]
fn hostile_json_lines() {
    let engine = match oracle::engine() {
        Ok(e) => e,
        Err(e) => panic!("{e}"),
    };
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("temp dir: {e}"),
    };
    harness::property(
        "jsonl",
        150,
        8192,
        |b| (hostile::jsonl::file(&mut Gen::new(b, Limits::SMALL)), ()),
        |len| 1024 * len + (256 << 20),
        |doc, ()| oracle::ingest_jsonl(&engine, dir.path(), "case.jsonl", doc),
    );
}
