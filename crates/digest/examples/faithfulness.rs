//! Faithfulness over a clustered corpus (measurement, not a test: the corpora are not part of
//! the project). Groups `docs.jsonl` by the story of `gold.jsonl`, digests every story and runs
//! [`tidings_digest::check`] on it, and counts short versions over 60 words:
//!
//! ```text
//! cargo run --release -p tidings-digest --example faithfulness -- \
//!     ../shared/corpora/cluster/ecbplus-dev/docs.jsonl ../shared/corpora/cluster/ecbplus-dev/gold.jsonl
//! ```

use std::collections::BTreeMap;

use serde_json::Value;
use tidings_digest::{DigestInput, check, digest, word_count};

fn read(path: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    text.lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(docs), Some(gold)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: faithfulness DOCS.jsonl GOLD.jsonl");
        std::process::exit(2)
    };
    let story_of: BTreeMap<String, String> = read(gold)
        .iter()
        .filter_map(|g| Some((g["id"].as_str()?.to_owned(), g["story"].to_string())))
        .collect();
    let mut stories: BTreeMap<String, Vec<DigestInput>> = BTreeMap::new();
    for (n, d) in read(docs).iter().enumerate() {
        let Some(id) = d["id"].as_str() else { continue };
        let Some(story) = story_of.get(id) else {
            continue;
        };
        stories.entry(story.clone()).or_default().push(DigestInput {
            id: n as i64,
            outlet: d["source"].as_str().map(str::to_owned),
            title: d["title"].as_str().map(str::to_owned),
            published: None,
            lang: Some("en".into()),
            text: d["text"].as_str().unwrap_or("").to_owned(),
        });
    }
    let (mut sentences, mut problems, mut long_short, mut worst) = (0, 0, 0, 0);
    for (story, articles) in &stories {
        let d = digest(articles);
        sentences += d.short_sentences.len() + d.long_sentences.len();
        let found = check(&d, articles);
        for p in &found {
            println!("story {story}: {}: {}", p.place, p.what);
        }
        problems += found.len();
        let words = word_count(&d.short);
        worst = worst.max(words);
        if words > 60 {
            long_short += 1;
        }
    }
    println!(
        "{} stories, {} summary sentences: {} faithfulness problems; short versions over 60 words: {} (longest {} words)",
        stories.len(),
        sentences,
        problems,
        long_short,
        worst
    );
}
