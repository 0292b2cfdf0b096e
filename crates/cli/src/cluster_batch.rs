//! `tidings cluster --batch DOCS.jsonl`: story clustering of a stream of documents, in the
//! format of `../shared/corpora/README.md`.
//!
//! Each line `{"id", "title"?, "text", "url"?, "published"?, "date_text"?, "source"?}` is read
//! in order, analysed (`tidings_text::analyze`) and assigned (`tidings_cluster::Clusterer`),
//! exactly as ingestion does (a story split moves its documents). By default every document has the same ingest time (the dev
//! corpora are not in time order: ECB+ mixes 2004–2013 reports, mostly undated). With
//! `--dates`, a document's time is `published` (ISO 8601), else `date_text` read by the
//! extractor's date parser, else its ingest time: the stream clock (the latest time seen so
//! far, 0 before any). One `{"id", "story", "duplicate_of"}` line per document
//! goes to stdout once the stream ends, with story ids after merges; documents/s to stderr.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Result;
use serde::Deserialize;
use serde_json::json;
use tidings_cluster::{Assignment, BatchStories, Clusterer, Config};
use tidings_extract::Published;

#[derive(Deserialize)]
struct Doc {
    id: serde_json::Value,
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
    published: Option<String>,
    date_text: Option<String>,
}

/// Runs the batch; `config` holds the thresholds (the defaults unless flags say otherwise).
pub fn run(docs_path: &Path, config: Config, use_dates: bool) -> Result<()> {
    let mut clusterer = Clusterer::new(config);
    let mut results: Vec<(serde_json::Value, Assignment)> = Vec::new();
    let mut stories = BatchStories::new();
    let mut ids: Vec<serde_json::Value> = Vec::new();
    let mut clock: i64 = 0;
    let mut busy = Duration::ZERO;
    let started = Instant::now();
    for doc in crate::batch::jsonl::<Doc>(docs_path, "document")? {
        let doc = doc?;
        let t = Instant::now();
        let dated = if use_dates { time_of(&doc) } else { None };
        let time = dated.unwrap_or(clock);
        clock = clock.max(time);
        let features = tidings_text::analyze(
            doc.title.as_deref(),
            doc.text.as_deref().unwrap_or(""),
            None,
        );
        let number = ids.len() as u64;
        let assignment = clusterer.assign(number, &features, time);
        // A split or a re-placement pass may move earlier documents (numbered by line).
        stories.push(&assignment);
        busy += t.elapsed();
        ids.push(doc.id.clone());
        results.push((doc.id, assignment));
    }
    // The end of the input: the last re-placement pass, as ingestion does after each batch.
    let t = Instant::now();
    stories.regroup(&clusterer.refine());
    busy += t.elapsed();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for (n, (id, a)) in results.iter().enumerate() {
        let story = stories.story(n, &clusterer).unwrap_or(a.story);
        let duplicate_of = a
            .duplicate_of
            .and_then(|d| ids.get(usize::try_from(d).ok()?))
            .cloned();
        writeln!(
            out,
            "{}",
            json!({"id": id, "story": format!("s{story}"), "duplicate_of": duplicate_of})
        )
        .map_err(crate::output::closed)?;
    }
    out.flush().map_err(crate::output::closed)?;
    err!(
        "cluster: {} documents in {:.2} s ({:.0} documents/s analysing and assigning; {:.2} s \
         wall), {} stories",
        results.len(),
        busy.as_secs_f64(),
        results.len() as f64 / busy.as_secs_f64().max(1e-9),
        started.elapsed().as_secs_f64(),
        (0..results.len())
            .filter_map(|n| stories.story(n, &clusterer))
            .collect::<std::collections::HashSet<_>>()
            .len()
    );
    Ok(())
}

fn time_of(doc: &Doc) -> Option<i64> {
    let p = doc
        .published
        .as_deref()
        .and_then(|s| Published::from_iso(s).or_else(|| tidings_extract::dates::parse(s)))
        .or_else(|| {
            doc.date_text
                .as_deref()
                .and_then(tidings_extract::dates::parse)
        })?;
    Some(match p {
        Published::Zoned(t) => t.timestamp(),
        Published::Local(t) => t.and_utc().timestamp(),
        Published::Day(d) => d.and_hms_opt(12, 0, 0)?.and_utc().timestamp(),
    })
}
