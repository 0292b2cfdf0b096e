//! What must hold for any search query: the query parser
//! ([`tidings_store::search::match_expression`]) gives an expression of quoted terms within
//! the caps, or refuses the query past a cap; the store answers with at most `limit` hits or
//! refuses the query as [`StoreError::BadQuery`] naming it — never another error (an FTS5
//! syntax error escaping as a database failure), never a panic.
//!
//! Shared: the fuzz target and the store crate's property tests (by `#[path]`).

#![allow(dead_code)]

use tidings_extract::Article;
use tidings_store::search::{self, QueryError};
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

/// Parses one query and checks the expression: quoted terms (`"a b"` or `"a"*`) of
/// alphanumeric words only, at most [`search::MAX_TERMS`] of them and
/// [`search::MAX_PREFIX_TERMS`] prefixes; a refusal only past a cap.
pub fn parse(query: &str) -> Result<String, String> {
    let trimmed = query.trim().len();
    match search::match_expression(query) {
        Ok(None) => Ok("nothing to search".into()),
        Ok(Some(expr)) => {
            if trimmed > search::MAX_QUERY_BYTES {
                return Err(format!("a {trimmed} byte query was read, past the cap"));
            }
            let mut terms = 0;
            let mut prefixes = 0;
            let mut rest = expr.as_str();
            while !rest.is_empty() {
                let Some(body) = rest.strip_prefix('"') else {
                    return Err(format!(
                        "expression {expr:?}: a term does not open with a quote"
                    ));
                };
                let Some((words, tail)) = body.split_once('"') else {
                    return Err(format!("expression {expr:?}: an unclosed quote"));
                };
                if words.is_empty()
                    || !words
                        .split(' ')
                        .all(|w| !w.is_empty() && w.chars().all(char::is_alphanumeric))
                {
                    return Err(format!(
                        "expression {expr:?}: term {words:?} is not plain words"
                    ));
                }
                terms += 1;
                let tail = match tail.strip_prefix('*') {
                    Some(t) => {
                        prefixes += 1;
                        t
                    }
                    None => tail,
                };
                rest = match tail.strip_prefix(' ') {
                    Some(t) if !t.is_empty() => t,
                    None if tail.is_empty() => tail,
                    _ => return Err(format!("expression {expr:?}: terms not one space apart")),
                };
            }
            if terms > search::MAX_TERMS || prefixes > search::MAX_PREFIX_TERMS {
                return Err(format!(
                    "expression {expr:?}: {terms} terms, {prefixes} prefixes, past the caps"
                ));
            }
            Ok("expression".into())
        }
        Err(QueryError::TooLong { bytes, max }) if bytes == trimmed && bytes > max => {
            Ok("TooLong".into())
        }
        Err(QueryError::TooLong { bytes, max }) => Err(format!(
            "TooLong {{ bytes: {bytes}, max: {max} }} for a {trimmed} byte query"
        )),
        Err(e) => Ok(format!("{e:?}")
            .split([' ', '{'])
            .next()
            .unwrap_or("refused")
            .to_owned()),
    }
}

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
