//! The query parser (`tidings_store::search::match_expression`) and `Store::search` of an
//! in-memory SQLite store on hostile generated queries (first byte >= 0x80) or raw text:
//! quoted terms within the caps; hits within the limit or `StoreError::BadQuery`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tidings_fuzz::hostile::{Gen, Limits, query};
use tidings_fuzz::oracles::store as oracle;
use tidings_fuzz::{harness, structured, verdict};
use tidings_store::SqliteStore;

static STORE: OnceLock<SqliteStore> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let store = STORE.get_or_init(|| match oracle::sample_store() {
        Ok(s) => s,
        Err(e) => panic!("search: {e}"),
    });
    let q = match structured(data) {
        Some(choices) => query::query(&mut Gen::new(choices, Limits::BIG)),
        None => String::from_utf8_lossy(data).into_owned(),
    };
    let ran = harness::run("search", || {
        let parsed = oracle::parse(&q)?;
        let searched = oracle::search(store, &q)?;
        Ok(format!("{parsed}, {searched}"))
    });
    verdict("search", ran, q.len(), 256 * q.len() + (64 << 20));
});
