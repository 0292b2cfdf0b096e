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
    /// The story it belongs to (once clustered).
    pub story_id: Option<StoryId>,
    /// The article it copies, when it is a copy.
    pub duplicate_of: Option<ArticleId>,
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
    /// The story it belongs to (once clustered).
    pub story_id: Option<StoryId>,
    /// A short excerpt with the matches between `[` and `]`.
    pub snippet: String,
    /// Relevance (bm25; lower is better).
    pub rank: f64,
}

/// A story's id: stable; a merged story's id redirects to the story that absorbed it.
pub type StoryId = i64;

/// How to order a list of stories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryOrder {
    /// Newest day first, and within a day the most distinct outlets first.
    Top,
    /// Most recently updated first.
    Latest,
    /// Most distinct outlets first, then most recent.
    Coverage,
    /// Most read first.
    Views,
}

/// One line of a story list.
#[derive(Debug, Clone, Serialize)]
pub struct StorySummary {
    pub id: StoryId,
    pub headline: Option<String>,
    pub short: Option<String>,
    /// Articles in the story, copies included.
    pub articles: i64,
    /// Distinct outlets (sites) among the original reports.
    pub outlets: i64,
    /// Unix seconds of the first and of the latest article.
    pub first_seen: i64,
    pub last_updated: i64,
    pub views: i64,
    /// The outlets' names, first reporter first.
    pub outlet_names: Vec<String>,
}

/// An article as listed under its story.
#[derive(Debug, Clone, Serialize)]
pub struct StoryArticle {
    pub id: ArticleId,
    pub title: Option<String>,
    pub site: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    /// The article this one copies, when it is a copy.
    pub duplicate_of: Option<ArticleId>,
    /// The hash of its lead image in the local image cache, when cached.
    pub image: Option<String>,
}

/// A story with its articles and digest.
#[derive(Debug, Clone, Serialize)]
pub struct StoryDetail {
    pub summary: StorySummary,
    pub long: Option<String>,
    /// The digest as JSON (quotes, sides, timeline, provenance), when computed.
    pub digest: Option<serde_json::Value>,
    /// Articles, oldest first.
    pub articles: Vec<StoryArticle>,
    /// The story this one split off from (it held this event and another), if any.
    pub split_from: Option<StoryId>,
    /// Stories that split off this one (reports of another event moved there).
    pub split_off: Vec<StoryId>,
}

/// A digest to store for a story.
#[derive(Debug, Clone)]
pub struct StoryDigestRecord {
    pub headline: String,
    pub short: String,
    pub long: String,
    pub digest: serde_json::Value,
}

/// What clustering needs of a stored article to rebuild its state.
#[derive(Debug, Clone)]
pub struct ClusterRecord {
    pub id: ArticleId,
    pub title: Option<String>,
    pub text: String,
    pub language: Option<String>,
    pub site: Option<String>,
    /// The outlet's name as the page gives it.
    pub site_name: Option<String>,
    /// Publication time, else ingestion time (Unix seconds).
    pub time: i64,
    pub story: Option<StoryId>,
    pub duplicate_of: Option<ArticleId>,
    /// The article's quotes as found in `text` (JSON), when already found.
    pub quotes: Option<serde_json::Value>,
}

/// An entity mentioned in an article, as the text analysis found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityMention {
    /// Lookup key (lower case, no periods).
    pub key: String,
    /// Display name.
    pub name: String,
    /// "person", "organisation", "place" or "other".
    pub kind: String,
    /// Mentions in the article.
    pub count: u32,
}

/// An entity with how much it figures in a story, or in all stories.
#[derive(Debug, Clone, Serialize)]
pub struct EntitySummary {
    pub key: String,
    pub name: String,
    pub kind: String,
    /// Mentions (in the story, or in all stories).
    pub mentions: i64,
    /// Articles that mention it (in the story), or stories that do (across stories).
    pub count: i64,
}

/// A source (an outlet's site) as seen through what was ingested from it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceSummary {
    /// The site key (host without `www.`, or the outlet's name).
    pub site: String,
    /// The outlet's name as its pages give it.
    pub name: Option<String>,
    /// Articles stored from it.
    pub articles: i64,
    /// When the last article from it was ingested (RFC 3339).
    pub last_ingested: String,
    /// Boilerplate blocks learned for it.
    pub boilerplate_blocks: i64,
}

/// A configured source's id: stable, assigned by the store.
pub type SourceId = i64;

/// What a configured source is, once its first fetch told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// An RSS, Atom or JSON feed: each item becomes an article.
    Feed,
    /// A web page: extracted as one article.
    Page,
}

impl SourceKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Feed => "feed",
            SourceKind::Page => "page",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<SourceKind> {
        match s {
            "feed" => Some(SourceKind::Feed),
            "page" => Some(SourceKind::Page),
            _ => None,
        }
    }
}

/// A source fetched over the network, with its health.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub id: SourceId,
    pub url: String,
    /// Feed or page; unknown until the first successful fetch.
    pub kind: Option<SourceKind>,
    /// The feed's or page's title, once fetched.
    pub title: Option<String>,
    /// Validators of the last successful fetch, for a conditional GET.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// When it was added (RFC 3339).
    pub added: String,
    /// When it was last fetched, and last fetched successfully (RFC 3339).
    pub last_fetch: Option<String>,
    pub last_ok: Option<String>,
    /// The last fetch's error, when it failed.
    pub last_error: Option<String>,
    /// Fetches failed in a row (0 after a success).
    pub consecutive_failures: i64,
    /// When it is next due (Unix seconds).
    pub next_fetch: i64,
    /// Articles stored from it.
    pub articles: i64,
}

/// The result of one fetch of a source, to record.
#[derive(Debug, Clone)]
pub struct SourceFetch {
    /// When it was fetched (RFC 3339).
    pub at: String,
    /// `None` on success (a 304 included), else the error.
    pub error: Option<String>,
    /// What it turned out to be (success only; `None` keeps what is known).
    pub kind: Option<SourceKind>,
    /// Its title (success only; `None` keeps what is known).
    pub title: Option<String>,
    /// New validators (a fresh success only; `None` keeps the stored ones).
    pub etag: Option<Option<String>>,
    pub last_modified: Option<Option<String>>,
    /// When it is next due (Unix seconds).
    pub next_fetch: i64,
}

/// A cached image.
#[derive(Debug, Clone)]
pub struct CachedImage {
    /// SHA-256 of the bytes, hex.
    pub hash: String,
    /// One of the accepted raster types (`image/png`, …), from its bytes.
    pub content_type: String,
    pub bytes: Vec<u8>,
}
