//! Extracts every page of a corpus `cases.jsonl` (`../shared/corpora/README.md`) as
//! `tidings extract --batch` does, without the engine: to compare the extractor's output
//! before and after a change, byte for byte, and to score it.
//!
//! `cargo run --release -p tidings-extract --example corpus -- CASES.jsonl PRED.jsonl [FULL.jsonl]`
//!
//! `PRED.jsonl` gets one line a case in the batch format (`{"id", "title", "author",
//! "published", "site", "lang", "body"}`; the engine also guesses a missing language, this
//! does not), for `score.py extract`. `FULL.jsonl` gets the whole [`Article`] of each case
//! (or its error), to diff two runs. Each page is extracted on a thread with the engine's
//! stack (64 MiB). Pages/s and the slowest page go to stderr.

use std::io::{BufRead, Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use tidings_extract::Article;

/// The engine's stack for one extraction (`Settings::extract_stack_bytes`).
const STACK: usize = 64 << 20;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(cases), Some(pred)) = (args.first(), args.get(1)) else {
        eprintln!("usage: corpus CASES.jsonl PRED.jsonl [FULL.jsonl]");
        std::process::exit(2);
    };
    let dir = Path::new(cases)
        .parent()
        .unwrap_or(Path::new("."))
        .to_owned();
    let file = std::fs::File::open(cases).unwrap_or_else(|e| fail(cases, e));
    let mut pred =
        std::io::BufWriter::new(std::fs::File::create(pred).unwrap_or_else(|e| fail(pred, e)));
    let mut full = args
        .get(2)
        .map(|p| std::io::BufWriter::new(std::fs::File::create(p).unwrap_or_else(|e| fail(p, e))));
    let (mut pages, mut failed) = (0usize, 0usize);
    let mut busy = Duration::ZERO;
    let mut slowest = (Duration::ZERO, String::new());
    for line in std::io::BufReader::new(file).lines() {
        let line = line.unwrap_or_else(|e| fail(cases, e));
        if line.trim().is_empty() {
            continue;
        }
        let case: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| fail(cases, e));
        let id = case["id"].clone();
        let url = case["url"].as_str().map(str::to_owned);
        let path = dir.join(case["file"].as_str().unwrap_or_default());
        let Some(bytes) = read(&path) else {
            writeln!(pred, "{}", serde_json::json!({"id": id})).unwrap_or_else(|e| fail("out", e));
            continue;
        };
        let text = path.to_string_lossy().contains(".txt");
        let t0 = Instant::now();
        let result = std::thread::Builder::new()
            .stack_size(STACK)
            .spawn(move || extract(&bytes, url.as_deref(), text))
            .unwrap_or_else(|e| fail("spawn", e))
            .join()
            .unwrap_or_else(|_| Err("panicked".into()));
        let took = t0.elapsed();
        busy += took;
        pages += 1;
        if took > slowest.0 {
            slowest = (took, id.to_string());
        }
        let row = match &result {
            Ok(a) => serde_json::json!({
                "id": id,
                "title": a.title,
                "author": (!a.authors.is_empty()).then(|| a.authors.join(", ")),
                "published": a.published.as_ref().map(|p| p.to_iso()),
                "site": a.site_name,
                "lang": a.language,
                "body": a.text(),
            }),
            Err(_) => {
                failed += 1;
                serde_json::json!({"id": id})
            }
        };
        writeln!(pred, "{row}").unwrap_or_else(|e| fail("out", e));
        if let Some(full) = &mut full {
            let row = match &result {
                Ok(a) => serde_json::json!({"id": id, "article": a}),
                Err(e) => serde_json::json!({"id": id, "error": e}),
            };
            writeln!(full, "{row}").unwrap_or_else(|e| fail("out", e));
        }
    }
    eprintln!(
        "corpus: {pages} pages, {failed} failed; {:.1} pages/s ({:.2} ms/page); slowest {} ({:.0} ms)",
        pages as f64 / busy.as_secs_f64().max(1e-9),
        busy.as_secs_f64() * 1e3 / pages.max(1) as f64,
        slowest.1,
        slowest.0.as_secs_f64() * 1e3
    );
}

/// A page or a plain-text capture, as the engine reads it.
fn extract(bytes: &[u8], url: Option<&str>, text: bool) -> Result<Article, String> {
    if text {
        let t = tidings_extract::decode::decode_text(bytes, None).map_err(|e| e.to_string())?;
        tidings_extract::extract_text_capture(&t, url).map_err(|e| e.to_string())
    } else {
        tidings_extract::extract_html(bytes, url, None).map_err(|e| e.to_string())
    }
}

/// The bytes of a page (gunzipped), `None` (said on stderr) when it cannot be read.
fn read(path: &Path) -> Option<Vec<u8>> {
    let f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            return None;
        }
    };
    let mut bytes = Vec::new();
    let read = if path.extension().is_some_and(|e| e == "gz") {
        flate2::read::MultiGzDecoder::new(f).read_to_end(&mut bytes)
    } else {
        std::io::BufReader::new(f).read_to_end(&mut bytes)
    };
    match read {
        Ok(_) => Some(bytes),
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            None
        }
    }
}

fn fail(what: &str, e: impl std::fmt::Display) -> ! {
    eprintln!("{what}: {e}");
    std::process::exit(1);
}
