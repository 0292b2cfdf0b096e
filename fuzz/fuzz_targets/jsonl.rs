//! The engine ingesting a hostile generated JSON Lines file (first byte >= 0x80) or raw
//! bytes as `case.jsonl`, over an in-memory store renewed every 500 inputs.
#![no_main]

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use tidings_engine::Engine;
use tidings_fuzz::hostile::{Gen, Limits, jsonl};
use tidings_fuzz::oracles::{engine as oracle, extract};
use tidings_fuzz::{harness, structured, verdict};
use tidings_store::SqliteStore;

struct State {
    engine: Engine<SqliteStore>,
    dir: tempfile::TempDir,
    runs: usize,
}

thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
}

fn fresh() -> State {
    let engine = match oracle::engine() {
        Ok(e) => e,
        Err(e) => panic!("jsonl: {e}"),
    };
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("jsonl: temp dir: {e}"),
    };
    State {
        engine,
        dir,
        runs: 0,
    }
}

fuzz_target!(|data: &[u8]| {
    let doc = match structured(data) {
        Some(choices) => jsonl::file(&mut Gen::new(choices, Limits::BIG)),
        None => data.to_vec(),
    };
    STATE.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().is_none_or(|s| s.runs >= 500) {
            *slot = Some(fresh());
        }
        let Some(state) = slot.as_mut() else { return };
        state.runs += 1;
        let (engine, dir) = (&state.engine, state.dir.path());
        let ran = harness::run("jsonl", || {
            oracle::ingest_jsonl(engine, dir, "case.jsonl", &doc)
        });
        verdict("jsonl", ran, doc.len(), extract::heap_bound(doc.len()));
    });
});
