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

fn time(label: &str, story: &[DigestInput], f: &dyn Fn() -> tidings_digest::StoryDigest) {
    let words: usize = story
        .iter()
        .map(|a| tidings_digest::word_count(&a.text))
        .sum();
    let _ = f();
    let mut times: Vec<Duration> = Vec::new();
    let start = Instant::now();
    while times.len() < 100 && start.elapsed() < Duration::from_secs(8) {
        let t = Instant::now();
        std::hint::black_box(f());
        times.push(t.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    let fastest = times[0];
    println!(
        "digest of a {}-article story ({} words), {label}: median {:.2} ms, fastest {:.2} ms \
         over {} runs (target ≤ 20 ms)",
        story.len(),
        words,
        median.as_secs_f64() * 1e3,
        fastest.as_secs_f64() * 1e3,
        times.len()
    );
}

fn main() {
    let story = articles();
    if story.is_empty() {
        return;
    }
    let options = tidings_digest::Options::default();
    time("quotes found here", &story, &|| digest(&story));
    let quotes: Vec<Vec<tidings_text::Quote>> = story
        .iter()
        .map(|a| tidings_text::find_quotes(&a.text, a.lang.as_deref()))
        .collect();
    time("quotes given (found at ingest)", &story, &|| {
        tidings_digest::digest_with_quotes(&story, &quotes, &options)
    });
}
