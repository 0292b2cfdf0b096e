//! Runs `metadata::from_html` over a corpus `cases.jsonl` and prints one JSON line a page:
//! `{"id", "title", "author", "published"}`.
//!
//! `cargo run --release -p tidings-extract --example meta_eval -- CASES > pred.jsonl`
//!
//! With `--evidence`, prints every date candidate by source instead: `{"id", "url", "evidence"}`.

use std::io::{BufRead, Read, Write};
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let evidence = args.iter().any(|a| a == "--evidence");
    let cases = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .expect("usage: meta_eval [--evidence] CASES.jsonl");
    let dir = Path::new(&cases)
        .parent()
        .unwrap_or(Path::new("."))
        .to_owned();
    let file = std::fs::File::open(&cases).expect("open cases");
    let out = std::io::stdout();
    let mut out = out.lock();
    for line in std::io::BufReader::new(file).lines() {
        let line = line.expect("read line");
        if line.trim().is_empty() {
            continue;
        }
        let case: serde_json::Value = serde_json::from_str(&line).expect("json");
        let id = case["id"].clone();
        let url = case["url"].as_str();
        let path = dir.join(case["file"].as_str().expect("file"));
        let mut bytes = Vec::new();
        let f = std::fs::File::open(&path).expect("open page");
        if path.extension().is_some_and(|e| e == "gz") {
            flate2::read::GzDecoder::new(f)
                .read_to_end(&mut bytes)
                .expect("gunzip");
        } else {
            std::io::BufReader::new(f)
                .read_to_end(&mut bytes)
                .expect("read");
        }
        let html = String::from_utf8_lossy(&bytes);
        let doc = scraper::Html::parse_document(&html);
        let m = tidings_extract::metadata::from_html(&doc, url);
        if evidence {
            let ev = tidings_extract::metadata::date_evidence(&doc, url);
            let row = serde_json::json!({"id": id, "url": url, "evidence": ev});
            writeln!(out, "{row}").expect("write");
            continue;
        }
        let row = serde_json::json!({
            "id": id,
            "title": m.title,
            "author": m.authors.join(", "),
            "published": m.published.map(|p| p.to_iso()),
            "modified": m.modified.map(|p| p.to_iso()),
        });
        writeln!(out, "{row}").expect("write");
    }
}
