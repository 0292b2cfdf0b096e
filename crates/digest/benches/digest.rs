//! Speed of a 50-article story's digest (target ≤ 20 ms): `cargo bench -p tidings-digest`.
//!
//! The story: the 52 Wikinews articles of the test fixture, as one story of 50 (a harder case
//! than a real story: more distinct content), each ~400 words.

use std::io::Read;
use std::time::{Duration, Instant};

use tidings_digest::{DigestInput, digest};

fn articles() -> Vec<DigestInput> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/wikinews-clusters.jsonl.gz"
    );
    let mut text = String::new();
    let Ok(file) = std::fs::File::open(path) else {
        return Vec::new();
    };
    if flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .is_err()
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        for d in v["docs"].as_array().into_iter().flatten() {
            out.push(DigestInput {
                id: out.len() as i64,
                outlet: d["source"]
                    .as_str()
                    .map(|s| format!("{s} {}", out.len() % 7)),
                title: d["title"].as_str().map(str::to_string),
                published: Some(1_560_000_000 + out.len() as i64 * 3600),
                lang: Some("en".into()),
                text: d["text"].as_str().unwrap_or("").to_string(),
            });
        }
    }
    out.truncate(50);
    out
}

fn main() {
    let story = articles();
    let words: usize = story
        .iter()
        .map(|a| tidings_digest::word_count(&a.text))
        .sum();
    let _ = digest(&story);
    let mut times: Vec<Duration> = Vec::new();
    let start = Instant::now();
    while times.len() < 200 && start.elapsed() < Duration::from_secs(10) {
        let t = Instant::now();
        let d = digest(&story);
        times.push(t.elapsed());
        std::hint::black_box(d);
    }
    times.sort();
    let median = times[times.len() / 2];
    let p90 = times[times.len() * 9 / 10];
    println!(
        "digest of a {}-article story ({} words): median {:.2} ms, p90 {:.2} ms over {} runs (target ≤ 20 ms)",
        story.len(),
        words,
        median.as_secs_f64() * 1e3,
        p90.as_secs_f64() * 1e3,
        times.len()
    );
}
