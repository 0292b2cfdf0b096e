//! What must hold for any search query: the store answers with at most `limit` hits or
//! refuses the query as [`StoreError::BadQuery`] naming it — never another error (an FTS5
//! syntax error escaping as a database failure), never a panic.
//!
//! Shared: the fuzz target and the store crate's property tests (by `#[path]`).

#![allow(dead_code)]

use tidings_extract::Article;
use tidings_store::{NewArticle, SqliteStore, Store, StoreError};

/// An in-memory store holding a few articles whose words the queries use (stop words
/// among them, so that "the the …" matches everywhere).
pub fn sample_store() -> Result<SqliteStore, String> {
    let store = SqliteStore::in_memory().map_err(|e| format!("in-memory store: {e}"))?;
    let bodies = [
        "The minister said on Tuesday that the government would act. The police in Paris reported a fire at the factory.",
        "Officials told reporters the storm hit Kyiv. The the the a a a über 東京 Zürich.",
        "The club won the match after the court ruled; the bank said rates rise 3.5 percent.",
        "NEAR AND OR NOT title text rowid rank: the words of the query language, as words.",
    ];
    for (i, body) in bodies.iter().enumerate() {
        let article = Article {
            url: Some(format!("https://search.example.com/{i}")),
            title: Some(format!("The story number {i} of the minister")),
            paragraphs: vec![(*body).to_owned(); 3],
            ..Article::default()
        };
        let new = NewArticle {
            identity: format!("url:https://search.example.com/{i}"),
            source: "props".into(),
            site: Some("search.example.com".into()),
            clean_paragraphs: article.paragraphs.clone(),
            article,
            ingested_at: "2026-03-05T10:00:00Z".into(),
        };
        store
            .insert_article(&new)
            .map_err(|e| format!("storing sample article {i}: {e}"))?;
    }
    Ok(store)
}

/// How many hits a query asks for.
pub const LIMIT: usize = 10;

/// Runs one search and checks its outcome.
pub fn search(store: &SqliteStore, query: &str) -> Result<String, String> {
    match store.search(query, LIMIT) {
        Ok(hits) if hits.is_empty() => Ok("no hits".into()),
        Ok(hits) if hits.len() <= LIMIT => Ok("hits".into()),
        Ok(hits) => Err(format!("{} hits for a limit of {LIMIT}", hits.len())),
        Err(StoreError::BadQuery(q, why)) => {
            if why.trim().is_empty() {
                Err(format!("BadQuery({q:?}) without a reason"))
            } else {
                Ok("BadQuery".into())
            }
        }
        Err(e) => Err(format!(
            "query {query:?} failed with a non-query error: {e}"
        )),
    }
}
