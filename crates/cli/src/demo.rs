//! `tidings demo`: the bundled sample, so a new user sees real articles with no network.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use tidings_engine::{Engine, Report, Settings, extraction};
use tidings_store::Store;

/// 293 Wikinews articles (CC BY 2.5, attribution in `crates/cli/data/ORIGIN.md`).
const WIKINEWS: &[u8] = include_bytes!("../data/wikinews-2019-2020.jsonl.gz");
/// The two seed pages the project started from.
const SEEDS: [(&str, &str); 2] = [
    (
        "seeds/csrjournal-2026-03-05.txt",
        include_str!("../../extract/tests/fixtures/seeds/csrjournal-2026-03-05.txt"),
    ),
    (
        "seeds/unn-2026-03-05.txt",
        include_str!("../../extract/tests/fixtures/seeds/unn-2026-03-05.txt"),
    ),
];

/// Loads the sample into the data directory (idempotent) and prints what is there.
pub fn run(data: &Path, settings: &Settings) -> Result<ExitCode> {
    let report = load(data, settings)?;
    out!(
        "demo sample: ingested {}, skipped {} already known, failed {} — data in {}",
        report.added.len(),
        report.known,
        report.failed.len(),
        data.display()
    );
    out!("Newest articles:");
    crate::commands::articles(data, 10, 0, false)?;
    out!("\nTry: tidings stories · tidings search Netanyahu · tidings article ID · tidings serve");
    out!(
        "Sample: news from Wikinews (https://en.wikinews.org), by Wikinews contributors, CC BY 2.5."
    );
    Ok(ExitCode::SUCCESS)
}

/// Loads the bundled sample into the data directory; what is already there is skipped.
pub fn load(data: &Path, settings: &Settings) -> Result<Report> {
    let engine = crate::commands::engine(data, settings)?;
    let mut jsonl = Vec::new();
    flate2::read::GzDecoder::new(WIKINEWS)
        .read_to_end(&mut jsonl)
        .context("the bundled sample is damaged")?;
    let mut report = Report::default();
    let path = Path::new("bundled/wikinews-2019-2020.jsonl");
    let (articles, errors) = extraction::extract_bytes(
        path,
        tidings_engine::document::DocKind::JsonLines,
        &jsonl,
        None,
    )?;
    report.failed.extend(errors.iter().map(ToString::to_string));
    for article in articles {
        record(
            &engine,
            article,
            "bundled/wikinews-2019-2020.jsonl",
            &mut report,
        )?;
    }
    for (name, text) in SEEDS {
        let article = extraction::finish(tidings_extract::extract_text_capture(text, None)?);
        record(&engine, article, name, &mut report)?;
    }
    Ok(report)
}

fn record<S: Store>(
    engine: &Engine<S>,
    article: tidings_extract::Article,
    source: &str,
    report: &mut Report,
) -> Result<()> {
    match engine.ingest_article(article, source)? {
        (tidings_engine::Outcome::Added(id), _) => report.added.push(id),
        (tidings_engine::Outcome::Known(_), _) => report.known += 1,
    }
    Ok(())
}
