//! `tidings digest --batch CLUSTERS.jsonl`: story digests of given document clusters, in the
//! format of `../shared/corpora/README.md`.
//!
//! Each line `{"id", "topic": {"title", "narrative"}?, "docs": [{"id", "title"?, "text",
//! "published"?, "source"?}]}` becomes one `{"id", "headline", "short", "long"}` line on stdout,
//! made by `tidings_digest` — the code the engine runs on a story — with the long version
//! filled to `--words` (the scorer cuts at that length). The topic question biases sentence
//! selection (query-focused, as DUC asks) unless `--no-topic`. Clusters/s and documents/s go
//! to stderr.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Result;
use serde::Deserialize;
use serde_json::json;
use tidings_digest::{DigestInput, Options};
use tidings_extract::Published;

#[derive(Deserialize)]
struct Cluster {
    id: serde_json::Value,
    #[serde(default)]
    topic: Option<Topic>,
    #[serde(default)]
    docs: Vec<Doc>,
}

#[derive(Deserialize)]
struct Topic {
    title: Option<String>,
    narrative: Option<String>,
}

#[derive(Deserialize)]
struct Doc {
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
    published: Option<String>,
    source: Option<String>,
}

/// Runs the batch: `words` is the long version's length, `use_topic` the query focus.
pub fn run(path: &Path, words: usize, use_topic: bool) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut clusters, mut docs) = (0usize, 0usize);
    let mut busy = Duration::ZERO;
    for cluster in crate::batch::jsonl::<Cluster>(path, "cluster")? {
        let cluster = cluster?;
        let t = Instant::now();
        let inputs: Vec<DigestInput> = cluster
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| DigestInput {
                id: i64::try_from(i).unwrap_or(i64::MAX),
                outlet: d.source.clone(),
                title: d.title.clone(),
                published: d.published.as_deref().and_then(time_of),
                lang: None,
                text: d.text.clone().unwrap_or_default(),
            })
            .collect();
        let query = cluster
            .topic
            .as_ref()
            .filter(|_| use_topic)
            .map(|t| {
                format!(
                    "{} {}",
                    t.title.as_deref().unwrap_or(""),
                    t.narrative.as_deref().unwrap_or("")
                )
            })
            .filter(|q| !q.trim().is_empty());
        let options = Options {
            long_target: words,
            long_max: words + words / 5,
            query,
            ..Options::default()
        };
        let d = tidings_digest::digest_with(&inputs, &options);
        busy += t.elapsed();
        clusters += 1;
        docs += inputs.len();
        writeln!(
            out,
            "{}",
            json!({"id": cluster.id, "headline": d.headline, "short": d.short, "long": d.long})
        )
        .map_err(crate::output::closed)?;
    }
    out.flush().map_err(crate::output::closed)?;
    let secs = busy.as_secs_f64().max(1e-9);
    err!(
        "digest: {clusters} clusters, {docs} documents in {:.2} s ({:.1} clusters/s, {:.0} \
         documents/s)",
        busy.as_secs_f64(),
        clusters as f64 / secs,
        docs as f64 / secs
    );
    Ok(())
}

fn time_of(s: &str) -> Option<i64> {
    let p = Published::from_iso(s).or_else(|| tidings_extract::dates::parse(s))?;
    Some(match p {
        Published::Zoned(t) => t.timestamp(),
        Published::Local(t) => t.and_utc().timestamp(),
        Published::Day(d) => d.and_hms_opt(12, 0, 0)?.and_utc().timestamp(),
    })
}
