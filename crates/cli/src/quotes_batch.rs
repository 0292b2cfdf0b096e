//! `tidings quotes --batch DOCS.jsonl`: quotes and their speakers, in the format of
//! `../shared/corpora/README.md`.
//!
//! Each line `{"id", "text"}` gets one line `{"id", "quotes": [{"content": [s, e], "source":
//! [s, e] | null, "cue": [s, e] | null, "speaker": "..."}]}` on stdout (character offsets, end
//! exclusive); documents/s goes to stderr.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Result;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
struct Doc {
    id: serde_json::Value,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    lang: Option<String>,
}

/// Runs the batch.
pub fn run(docs_path: &Path) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut busy = Duration::ZERO;
    let mut docs = 0usize;
    for doc in crate::batch::jsonl::<Doc>(docs_path, "document")? {
        let doc = doc?;
        let text = doc.text.as_deref().unwrap_or("");
        let t = Instant::now();
        let quotes = tidings_text::find_quotes(text, doc.lang.as_deref());
        busy += t.elapsed();
        docs += 1;
        let quotes: Vec<serde_json::Value> = quotes
            .iter()
            .map(|q| {
                json!({
                    "content": [q.content.0, q.content.1],
                    "source": q.source.map(|s| [s.0, s.1]),
                    "cue": q.cue.map(|s| [s.0, s.1]),
                    "speaker": q.speaker,
                    "direct": q.direct,
                })
            })
            .collect();
        writeln!(out, "{}", json!({"id": doc.id, "quotes": quotes}))
            .map_err(crate::output::closed)?;
    }
    out.flush().map_err(crate::output::closed)?;
    let secs = busy.as_secs_f64().max(1e-9);
    err!(
        "quotes: {docs} documents in {:.3} s ({:.0} docs/s)",
        busy.as_secs_f64(),
        docs as f64 / secs
    );
    Ok(())
}
