//! Batch evaluation modes, as `../shared/corpora/README.md` defines them.

use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use tidings_engine::{document, extraction};

/// The records of a JSON Lines batch input, in order, read as a stream: blank lines are
/// skipped, and a line that does not parse is reported on stderr as `FILE:LINE: bad WHAT: …`
/// and skipped, so one bad line does not stop a measurement.
pub fn jsonl<T: DeserializeOwned>(
    path: &Path,
    what: &'static str,
) -> Result<impl Iterator<Item = Result<T>>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    let path = path.to_path_buf();
    Ok(std::io::BufReader::new(file)
        .lines()
        .enumerate()
        .filter_map(move |(n, line)| match line {
            Err(e) => Some(Err(
                anyhow::Error::new(e).context(format!("{}: read error", path.display()))
            )),
            Ok(line) if line.trim().is_empty() => None,
            Ok(line) => match serde_json::from_str(&line) {
                Ok(record) => Some(Ok(record)),
                Err(e) => {
                    err!("{}:{}: bad {what}: {e}", path.display(), n + 1);
                    None
                }
            },
        }))
}

#[derive(Deserialize)]
struct ExtractCase {
    id: serde_json::Value,
    file: String,
    url: Option<String>,
}

/// `tidings extract --batch CASES.jsonl`: one prediction line per case on stdout, pages/s on
/// stderr. A case that fails still gets a line (empty fields) and its error on stderr.
pub fn extract(cases_path: &Path) -> Result<()> {
    let base = cases_path
        .parent()
        .map_or_else(PathBuf::new, Path::to_path_buf);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut pages, mut failed) = (0usize, 0usize);
    let mut busy = Duration::ZERO;
    let started = Instant::now();
    for case in crate::batch::jsonl::<ExtractCase>(cases_path, "case")? {
        let case = case?;
        let path = base.join(&case.file);
        let bytes = match document::read_file(&path) {
            Ok(b) => b,
            Err(e) => {
                err!("{e}");
                failed += 1;
                writeln!(out, "{}", json!({"id": case.id})).map_err(crate::output::closed)?;
                continue;
            }
        };
        let kind = document::kind_of(&path, &bytes);
        let t0 = Instant::now();
        let result = extraction::extract_bytes(&path, kind, &bytes, case.url.as_deref());
        busy += t0.elapsed();
        pages += 1;
        let row = match result {
            Ok((articles, _)) if !articles.is_empty() => {
                let a = &articles[0];
                json!({
                    "id": case.id,
                    "title": a.title,
                    "author": (!a.authors.is_empty()).then(|| a.authors.join(", ")),
                    "published": a.published.as_ref().map(|p| p.to_iso()),
                    "site": a.site_name,
                    "lang": a.language,
                    "body": a.text(),
                })
            }
            Ok(_) => json!({"id": case.id}),
            Err(e) => {
                err!("{e}");
                failed += 1;
                json!({"id": case.id})
            }
        };
        writeln!(out, "{row}").map_err(crate::output::closed)?;
    }
    out.flush().map_err(crate::output::closed)?;
    let wall = started.elapsed().as_secs_f64();
    err!(
        "extract: {pages} pages, {failed} failed; {:.1} pages/s extraction only ({:.2} ms/page), {:.1} pages/s with reading and gunzip",
        pages as f64 / busy.as_secs_f64().max(1e-9),
        busy.as_secs_f64() * 1000.0 / pages.max(1) as f64,
        pages as f64 / wall.max(1e-9),
    );
    Ok(())
}
