//! Assignment throughput and memory at 10k / 50k / 100k documents.
//!
//! `TIDINGS_CLUSTER_DOCS=docs.jsonl cargo bench -p tidings-cluster --bench throughput`
//! (`TIDINGS_CLUSTER_TOTAL` sets the number of documents, default 100,000;
//! `TIDINGS_CLUSTER_SHIFT_DAYS` the date shift between repetitions, default 2).
//!
//! The corpus (batch format: `{"id", "title"?, "text"}` per line) is analysed once, then
//! repeated with shifted dates until the total is reached. Each repetition gets its own
//! vocabulary (terms, entities and shingles tagged with the repetition number), so that a
//! repetition is a new set of events rather than copies of the last one: with the default
//! seven-day window, about 3.5 repetitions share the window at any time. Only
//! `Clusterer::assign` is timed; peak memory is the process's (VmHWM).

use std::time::{Duration, Instant};

use tidings_cluster::{Clusterer, Config};
use tidings_text::{Features, analyze, fingerprint::hash64};

fn main() {
    let Ok(path) = std::env::var("TIDINGS_CLUSTER_DOCS") else {
        eprintln!("throughput: set TIDINGS_CLUSTER_DOCS=docs.jsonl to run this benchmark");
        return;
    };
    let total: usize = env_or("TIDINGS_CLUSTER_TOTAL", 100_000);
    let shift_days: f64 = env_or("TIDINGS_CLUSTER_SHIFT_DAYS", 2.0);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("throughput: {path}: {e}");
            return;
        }
    };
    let t0 = Instant::now();
    let base: Vec<Features> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            let title = v.get("title").and_then(|t| t.as_str());
            let body = v.get("text").and_then(|t| t.as_str()).unwrap_or("");
            analyze(title, body, None)
        })
        .collect();
    if base.is_empty() {
        eprintln!("throughput: no documents in {path}");
        return;
    }
    let analysed = t0.elapsed();
    println!(
        "analyze: {} docs in {:.2} s = {:.0} docs/s",
        base.len(),
        analysed.as_secs_f64(),
        base.len() as f64 / analysed.as_secs_f64()
    );
    let mut c = Clusterer::new(Config::default());
    let mut timed = Duration::ZERO;
    let mut chunk = Duration::ZERO;
    let per_rep = base.len();
    let rep_secs = shift_days * 86_400.0;
    for n in 0..total {
        let rep = n / per_rep;
        let i = n % per_rep;
        let f = tagged(&base[i], rep);
        let time = (rep as f64 * rep_secs + i as f64 * rep_secs / per_rep as f64) as i64;
        let start = Instant::now();
        let a = c.assign(n as u64, &f, time);
        let took = start.elapsed();
        std::hint::black_box(a);
        timed += took;
        chunk += took;
        let done = n + 1;
        if done % 10_000 == 0 {
            let st = c.stats();
            println!(
                "{done:>7} docs: {:>6.0} docs/s overall, {:>6.0} docs/s last 10k, {:.1} µs/doc; \
                 window {} stories / {} docs; {} terms; peak RSS {} MB",
                done as f64 / timed.as_secs_f64(),
                10_000.0 / chunk.as_secs_f64(),
                chunk.as_secs_f64() * 1e6 / 10_000.0,
                st.live_stories,
                st.live_documents,
                st.terms,
                peak_mb()
            );
            chunk = Duration::ZERO;
        }
    }
}

/// The features with every term, entity and shingle tagged with the repetition.
fn tagged(f: &Features, rep: usize) -> Features {
    if rep == 0 {
        return f.clone();
    }
    let tag = |t: &(String, u32)| (format!("{}#{rep}", t.0), t.1);
    let salt = hash64(format!("rep{rep}").as_bytes());
    let mut g = f.clone();
    g.title_terms = f.title_terms.iter().map(tag).collect();
    g.body_terms = f.body_terms.iter().map(tag).collect();
    for e in &mut g.entities {
        e.key = format!("{}#{rep}", e.key);
    }
    g.fingerprint.simhash ^= salt;
    g.fingerprint.sketch = f.fingerprint.sketch.iter().map(|h| h ^ salt).collect();
    g.fingerprint.sketch.sort_unstable();
    g
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn peak_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
