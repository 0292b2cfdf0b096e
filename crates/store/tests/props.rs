//! Property tests (bounded fuzzing in CI): hostile generated search queries — stop words by
//! the hundred, prefixes, phrases, FTS5 operators and column filters, unbalanced quotes, odd
//! characters, giant words — against an in-memory store, each in a 512 KiB-stack thread with
//! its heap counted. What must hold is in `fuzz/src/oracles/store.rs`: the query parser gives
//! quoted terms within the caps or refuses past a cap; the search gives at most `limit` hits
//! or `StoreError::BadQuery`, never another error or a panic.
//!
//! The generator and check are the `search` fuzz target's (`fuzz/`, see its README):
//! `TIDINGS_FUZZ_CASES=N` runs N cases, `TIDINGS_FUZZ_SEED=S` one case.

#[path = "../../../fuzz/src/harness.rs"]
mod harness;
#[path = "../../../fuzz/src/hostile/mod.rs"]
mod hostile;
#[path = "../../../fuzz/src/oracles/store.rs"]
mod oracle;

use hostile::{Gen, Limits};

#[test]
fn hostile_search_queries() {
    let store = match oracle::sample_store() {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    harness::property(
        "search",
        3000,
        2048,
        |b| {
            let q = hostile::query::query(&mut Gen::new(b, Limits::SMALL));
            (q.into_bytes(), ())
        },
        |len| 256 * len + (64 << 20),
        |q, ()| {
            let q = String::from_utf8_lossy(q);
            let parsed = oracle::parse(&q)?;
            let searched = oracle::search(&store, &q)?;
            Ok(format!("{parsed}, {searched}"))
        },
    );
}
