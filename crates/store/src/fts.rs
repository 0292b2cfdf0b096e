//! Running a search on SQLite's FTS5 index, with its work bounded: the hits are ranked
//! first (bm25 only, no snippet), and snippets are made for the page of hits returned, in
//! linear time; a progress handler stops the whole search at its time budget.

use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, params};

use crate::search::{clipped, match_expression};
use crate::snippet;
use crate::types::SearchHit;
use crate::{Result, StoreError};

/// How many SQLite virtual-machine steps run between two looks at the clock (a look costs
/// tens of nanoseconds; a thousand steps take well under a millisecond).
const STEPS_PER_CHECK: std::ffi::c_int = 1_000;

/// The `MATCH` expression of a user's query (`None`: nothing to search for); a query past
/// the caps of [`crate::search`] fails with [`StoreError::BadQuery`].
pub(crate) fn expression(query: &str) -> Result<Option<String>> {
    match_expression(query).map_err(|e| StoreError::BadQuery(clipped(query), e.to_string()))
}

/// Searches title and text for `expr` (the [`expression`] of `query`), best first, at most
/// `limit` hits; see [`crate::Store::search`]. An expression FTS5 cannot read, or a search
/// still running after `budget`, fails with [`StoreError::BadQuery`]. The search reads in
/// one transaction and writes nothing, so stopping it leaves the connection as it was.
pub(crate) fn search(
    conn: &mut Connection,
    query: &str,
    expr: &str,
    limit: usize,
    budget: Duration,
) -> Result<Vec<SearchHit>> {
    // One read transaction, so the snippets come from the state that was ranked.
    conn.execute_batch("BEGIN")?;
    let deadline = Instant::now() + budget;
    let hits = conn
        .progress_handler(STEPS_PER_CHECK, Some(move || Instant::now() >= deadline))
        .and_then(|()| ranked_with_snippets(conn, expr, limit));
    // The handler goes and the transaction ends whatever happened, the handler first (so it
    // cannot stop the ending): the connection serves other reads next.
    conn.progress_handler(0, None::<fn() -> bool>)?;
    conn.execute_batch(if hits.is_ok() { "COMMIT" } else { "ROLLBACK" })?;
    hits.map_err(|e| match e.sqlite_error_code() {
        Some(ErrorCode::OperationInterrupted) => StoreError::BadQuery(
            clipped(query),
            format!(
                "the search took longer than {} ms; use fewer or more specific words",
                budget.as_millis()
            ),
        ),
        // SQLITE_ERROR: what FTS5 says of a query it cannot read.
        Some(ErrorCode::Unknown) => StoreError::BadQuery(clipped(query), e.to_string()),
        _ => StoreError::Db(e),
    })
}

/// Ranks every hit by bm25 (title weighs 5, text 1) and keeps the best `limit`, then makes
/// snippets for those only, in time linear in their texts ([`snippet`]): FTS5's own snippet
/// was the costly part (quadratic in a text's matches), and it used to run for every hit
/// before the limit applied.
fn ranked_with_snippets(
    tx: &Connection,
    expr: &str,
    limit: usize,
) -> rusqlite::Result<Vec<SearchHit>> {
    let ranked: Vec<(i64, f64)> = {
        let mut rank = tx.prepare_cached(
            "SELECT rowid, bm25(articles_fts, 5.0, 1.0) AS r FROM articles_fts
             WHERE articles_fts MATCH ?1 ORDER BY r, rowid LIMIT ?2",
        )?;
        let rows = rank.query_map(
            params![expr, i64::try_from(limit).unwrap_or(i64::MAX)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut hits = Vec::with_capacity(ranked.len());
    {
        let mut detail = tx.prepare_cached(
            "SELECT a.id, a.title, a.site_name, a.published, a.story_id,
                    highlight(articles_fts, 1, ?3, ?4)
             FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
             WHERE articles_fts MATCH ?1 AND articles_fts.rowid = ?2",
        )?;
        let (open, close) = (snippet::OPEN.to_string(), snippet::CLOSE.to_string());
        for (id, rank) in ranked {
            let mut rows = detail.query(params![expr, id, open, close])?;
            if let Some(r) = rows.next()? {
                hits.push(SearchHit {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    site_name: r.get(2)?,
                    published: r.get(3)?,
                    story_id: r.get(4)?,
                    snippet: snippet::snippet(&r.get::<_, String>(5)?),
                    rank,
                });
            }
        }
    }
    Ok(hits)
}
