//! Times searches on a data directory, as the search page runs them (50 hits), and the same
//! queries the way the store ran them before issue 11 (`--old`: every term kept, however
//! often repeated; one statement that made a snippet for every hit before the limit), to
//! compare.
//!
//! ```text
//! target/release/tidings --data /tmp/h4demo demo
//! cargo run --release -p tidings-store --example search_time -- /tmp/h4demo 5 QUERY_FILE...
//! cargo run --release -p tidings-store --example search_time -- /tmp/h4demo 1 --old QUERY_FILE...
//! ```
//!
//! Each query file holds one query. Prints, per query, its size, the median / min / max
//! time over the runs and the outcome (hits, or the error); with `SEARCH_TIME_SNIPPETS=1`,
//! every hit's id and snippet. An `--old` search is stopped
//! after `TIDINGS_OLD_LIMIT_S` seconds (default 300) and shown as `> N s`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tidings_store::{SqliteStore, Store};

const HITS: usize = 50;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: search_time DATA_DIR RUNS [--old] QUERY_FILE...";
    let dir = PathBuf::from(args.next().ok_or(usage)?);
    let runs: usize = args.next().ok_or(usage)?.parse()?;
    let mut files: Vec<String> = args.collect();
    let old = files.first().is_some_and(|f| f == "--old");
    if old {
        files.remove(0);
    }
    let limit = Duration::from_secs(
        std::env::var("TIDINGS_OLD_LIMIT_S")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(300),
    );
    let show = std::env::var_os("SEARCH_TIME_SNIPPETS").is_some();
    let store = SqliteStore::open_dir(&dir)?;
    for file in files {
        let query = std::fs::read_to_string(&file)?;
        let query = query.trim_end_matches('\n');
        let mut times = Vec::new();
        let mut outcome = String::new();
        for _ in 0..runs.max(1) {
            let start = Instant::now();
            outcome = if old {
                old_search(&dir, query, limit, show)?
            } else {
                match store.search(query, HITS) {
                    Ok(hits) if show => hits
                        .iter()
                        .map(|h| format!("\n{}\t{}", h.id, h.snippet.replace('\n', " ")))
                        .collect(),
                    Ok(hits) => format!(
                        "{} hits; first: {}",
                        hits.len(),
                        hits.first().map_or("-", |h| h.snippet.as_str())
                    ),
                    Err(e) => format!("{e}"),
                }
            };
            times.push(start.elapsed());
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{file}: {} bytes, {} words; median {:.1} ms (min {:.1}, max {:.1}, {} runs): {}",
            query.len(),
            query.split_whitespace().count(),
            ms(times[times.len() / 2]),
            ms(times[0]),
            ms(times[times.len() - 1]),
            times.len(),
            if show {
                outcome.clone()
            } else {
                outcome.chars().take(240).collect()
            }
        );
    }
    Ok(())
}

/// The search as the store ran it before: stopped (interrupted) after `limit`.
fn old_search(
    dir: &std::path::Path,
    query: &str,
    limit: Duration,
    show: bool,
) -> rusqlite::Result<String> {
    let Some(expr) = old_fts_query(query) else {
        return Ok("0 hits".into());
    };
    let conn = rusqlite::Connection::open(dir.join("tidings.db"))?;
    let handle = conn.get_interrupt_handle();
    let (done, wait) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if wait.recv_timeout(limit).is_err() {
            handle.interrupt();
        }
    });
    let mut stmt = conn.prepare(
        "SELECT a.id, snippet(articles_fts, 1, '[', ']', '…', 24), bm25(articles_fts, 5.0, 1.0)
         FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
         WHERE articles_fts MATCH ?1 ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(rusqlite::params![expr, HITS as i64], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>());
    let _ = done.send(());
    let _ = watchdog.join();
    Ok(match rows {
        Ok(hits) if show => hits
            .iter()
            .map(|(id, s)| format!("\n{id}\t{}", s.replace('\n', " ")))
            .collect(),
        Ok(hits) => format!(
            "{} hits; first: {}",
            hits.len(),
            hits.first().map_or("-", |(_, s)| s.as_str())
        ),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) => {
            format!("stopped: > {} s", limit.as_secs())
        }
        Err(e) => format!("error: {e}"),
    })
}

/// The query parser before issue 11: no caps, every term kept however often it repeats.
fn old_fts_query(query: &str) -> Option<String> {
    let mut terms = Vec::new();
    let mut rest = query;
    while !rest.trim().is_empty() {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix('"') {
            let (phrase, tail) = after.split_once('"').unwrap_or((after, ""));
            old_push_term(&mut terms, phrase, false);
            rest = tail;
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"')
                .unwrap_or(rest.len());
            let word = &rest[..end];
            old_push_term(&mut terms, word.trim_end_matches('*'), word.ends_with('*'));
            rest = &rest[end..];
        }
    }
    (!terms.is_empty()).then(|| terms.join(" "))
}

fn old_push_term(terms: &mut Vec<String>, text: &str, prefix: bool) {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return;
    }
    let phrase = format!("\"{}\"", words.join(" "));
    terms.push(if prefix { format!("{phrase}*") } else { phrase });
}
