//! Backend-neutral values that cross the [`crate::Store`] trait.

use serde::Serialize;
use tidings_extract::Article;

/// An article's id: stable, assigned by the store.
pub type ArticleId = i64;

/// An article ready to be stored.
#[derive(Debug, Clone)]
pub struct NewArticle {
    /// Identity key: `url:<canonical>`, `guid:<id>` or `hash:<sha256>`.
    pub identity: String,
    /// Where it came from (a file path, a feed URL, a JSON Lines file and line).
    pub source: String,
    /// The site key its boilerplate is learned under (host without `www.`, else outlet name).
    pub site: Option<String>,
    /// The extracted article; `paragraphs` as extracted, before boilerplate removal.
    pub article: Article,
    /// The body after removing the site's boilerplate.
    pub clean_paragraphs: Vec<String>,
    /// When it was ingested (RFC 3339, UTC).
    pub ingested_at: String,
}

/// A stored article.
#[derive(Debug, Clone, Serialize)]
pub struct StoredArticle {
    pub id: ArticleId,
    pub identity: String,
    pub source: String,
    pub site: Option<String>,
    /// The article; `paragraphs` is the clean body (boilerplate removed).
    pub article: Article,
    pub ingested_at: String,
    pub views: i64,
}

/// One line of an article list.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleSummary {
    pub id: ArticleId,
    pub title: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<String>,
    pub ingested_at: String,
    pub language: Option<String>,
    pub words: i64,
    pub partial: bool,
}

/// A search result.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub id: ArticleId,
    pub title: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<String>,
    /// A short excerpt with the matches between `[` and `]`.
    pub snippet: String,
    /// Relevance (bm25; lower is better).
    pub rank: f64,
}
