//! # tidings-store
//!
//! Persistence for Tidings behind one [`Store`] trait, so that callers never see the backend.
//! The default backend is SQLite ([`SqliteStore`]: one file, WAL, versioned migrations, FTS5
//! full-text search over title and text). A PostgreSQL backend can implement the same trait
//! later (`tsvector` + GIN behind [`Store::search`]); the trait uses only owned, backend-neutral
//! types and takes `&self`, so a pooled connection fits as well as SQLite's single one.

mod fts;
mod migrations;
mod pool;
pub mod search;
mod snippet;
mod sqlite;
mod types;

pub use sqlite::{DEFAULT_SEARCH_BUDGET, SqliteStore};
pub use types::{
    ArticleId, ArticleSummary, CachedImage, ClusterRecord, EntityMention, EntitySummary,
    NewArticle, SearchHit, Source, SourceFetch, SourceId, SourceKind, SourceSummary, StoredArticle,
    StoryArticle, StoryDetail, StoryDigestRecord, StoryId, StoryOrder, StorySummary,
};

use thiserror::Error;
use tidings_extract::Article;
use tidings_extract::boilerplate::Policy;

/// A storage failure.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The database refused an operation.
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    /// A stored value could not be decoded.
    #[error("corrupt stored value in {0}: {1}")]
    Corrupt(&'static str, String),
    /// The data directory could not be created or opened.
    #[error("{0}: {1}")]
    Io(std::path::PathBuf, std::io::Error),
    /// The database was written by a newer Tidings.
    #[error("database schema version {found} is newer than this build knows ({known})")]
    TooNew { found: i64, known: i64 },
    /// A story id meant for a new story is taken already (two writers handed out one id).
    #[error("story {0} exists already: its id was meant for a new story")]
    StoryExists(i64),
    /// No story has this id, nor does it redirect to one.
    #[error("no story {0}")]
    UnknownStory(i64),
    /// A split of this story that would leave the store inconsistent (nothing changed).
    #[error("story {0} cannot be split: {1}")]
    BadSplit(i64, String),
    /// A move of reports out of this story that would leave the store inconsistent
    /// (nothing changed).
    #[error("reports cannot move out of story {0}: {1}")]
    BadMove(i64, String),
    /// A search query refused: past a cap, one the full-text engine cannot read, or one that
    /// took too long. The query is shown clipped (60 characters).
    #[error("bad search query {0:?}: {1}")]
    BadQuery(String, String),
}

/// Result of storage operations.
pub type Result<T> = std::result::Result<T, StoreError>;

/// What Tidings keeps: articles, their full-text index and each site's learned boilerplate.
pub trait Store: Send + Sync {
    /// The article stored under an identity key (canonical URL, feed GUID or content hash).
    fn find_by_identity(&self, identity: &str) -> Result<Option<ArticleId>>;
    /// Stores a new article and indexes it for search; returns its id.
    fn insert_article(&self, article: &NewArticle) -> Result<ArticleId>;
    /// One article with everything known about it.
    fn article(&self, id: ArticleId) -> Result<Option<StoredArticle>>;
    /// Articles, newest first (publication time, else ingestion time).
    fn articles(&self, limit: usize, offset: usize) -> Result<Vec<ArticleSummary>>;
    /// Number of stored articles.
    fn count_articles(&self) -> Result<u64>;
    /// The sort time (publication, else ingestion; Unix seconds) of the newest article.
    fn latest_article_time(&self) -> Result<Option<i64>>;
    /// Full-text search over title and text, best first. `query` is plain words; quoted
    /// phrases and a trailing `*` prefix are honoured, a repeated term counts once (see
    /// [`search::match_expression`]). Fails with [`StoreError::BadQuery`] for a query past
    /// the caps of [`search`] (length, terms, prefixes) or one that runs past the backend's
    /// time budget, so that no query holds the store for long.
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>>;

    /// Counts one more page of `site` carrying each block (keys are distinct per page) and
    /// returns the keys that the policy now makes boilerplate for the first time (the site's
    /// page count is its stored articles).
    fn record_site_blocks(
        &self,
        site: &str,
        blocks: &[(u64, String)],
        policy: &Policy,
    ) -> Result<Vec<u64>>;
    /// The learned boilerplate block keys of a site.
    fn site_boilerplate(&self, site: &str) -> Result<Vec<u64>>;
    /// Which of these block keys the site's earlier pages already carried, each with whether
    /// it is learned boilerplate.
    fn site_blocks(&self, site: &str, blocks: &[u64]) -> Result<Vec<(u64, bool)>>;
    /// Ids and extracted paragraphs (before boilerplate removal) of a site's articles.
    fn site_articles(&self, site: &str) -> Result<Vec<(ArticleId, Vec<String>)>>;
    /// Replaces an article's clean body (after boilerplate removal) and re-indexes it; its
    /// stored quotes are dropped (their offsets point into the old text).
    fn update_article_body(&self, id: ArticleId, paragraphs: &[String]) -> Result<()>;

    /// Puts an article in a story (creating the story row if it is new) and, for a copy, notes
    /// the article it copies; the story's counts of articles and distinct outlets (copies not
    /// counted) and its first-seen / last-updated times follow. A story merged into another
    /// (perhaps by another process) is followed there; returns the story the article is in.
    fn assign_story(
        &self,
        article: ArticleId,
        story: StoryId,
        duplicate_of: Option<ArticleId>,
    ) -> Result<StoryId>;
    /// Opens a new story with an article, like [`Store::assign_story`], but fails with
    /// [`StoreError::StoryExists`] (changing nothing) when the story (or a redirect from its
    /// id) exists already: a new story never silently joins another.
    fn open_story(
        &self,
        article: ArticleId,
        story: StoryId,
        duplicate_of: Option<ArticleId>,
    ) -> Result<StoryId>;
    /// Hands out a story id no one has had, atomically (two processes on one database never
    /// get the same one). The engine reserves one only for a story it opens, so ids count
    /// stories.
    fn reserve_story_id(&self) -> Result<StoryId>;
    /// Folds story `gone` into story `keep`: its articles move, its id redirects to `keep`.
    fn merge_stories(&self, keep: StoryId, gone: StoryId) -> Result<()>;
    /// Splits story `from` in two, in one transaction: the listed `articles` that belong to
    /// it, and every copy of one of them in it, move to the new story `into` (created like
    /// [`Store::open_story`] creates one: its headline the oldest moved report's title, no
    /// views, no digest yet). `from` is followed if it was merged away; it keeps its id, its
    /// views and its digest (stale until written again) and the rest of its articles.
    /// `moved_entities` are the moved reports' mentions (one entry per article and entity,
    /// as [`Store::add_story_entities`] takes them): they are taken off `from` and become
    /// `into`'s. Counts of articles and outlets and times follow for both.
    ///
    /// Changes nothing and fails with [`StoreError::StoryExists`] when `into` (or a
    /// redirect from that id) exists already, [`StoreError::UnknownStory`] when `from` is
    /// not a story, and [`StoreError::BadSplit`] when none of the listed articles is in
    /// `from` or all of its articles would move.
    fn split_story(
        &self,
        from: StoryId,
        into: StoryId,
        articles: &[ArticleId],
        moved_entities: &[EntityMention],
    ) -> Result<()>;
    /// Moves reports to another existing story, which fits them better (the clusterer's
    /// re-placement): the listed articles still in `from`, and every copy of one of them in
    /// it, move to `into`. Both are followed if they were merged away and keep their ids,
    /// views and digests (stale until written again). `moved_entities` are the moved
    /// reports' mentions (as for [`Store::split_story`]): they leave `from` and join `into`.
    /// Counts of articles and outlets and times follow for both. Returns the articles moved.
    ///
    /// Changes nothing and fails with [`StoreError::UnknownStory`] when either story is
    /// not one, and [`StoreError::BadMove`] when both are the same story, none of the
    /// listed articles is in `from`, or all of its articles would move (a story is never
    /// left empty: the clusterer folds such a story as a merge).
    fn move_articles(
        &self,
        from: StoryId,
        into: StoryId,
        articles: &[ArticleId],
        moved_entities: &[EntityMention],
    ) -> Result<usize>;
    /// The id a story is now found under (itself, or the story it was merged into).
    fn resolve_story(&self, id: StoryId) -> Result<Option<StoryId>>;
    /// One story with its articles (oldest first), following redirects.
    fn story(&self, id: StoryId) -> Result<Option<StoryDetail>>;
    /// Stories, in the given order.
    fn stories(&self, order: StoryOrder, limit: usize, offset: usize) -> Result<Vec<StorySummary>>;
    /// Number of stories.
    fn count_stories(&self) -> Result<u64>;
    /// Number of stories opened after the story `id` (ids grow with time), for "N new stories".
    fn count_stories_after(&self, id: StoryId) -> Result<u64>;
    /// The highest story id ever given (merged ones included), so new ids never reuse one.
    fn max_story_id(&self) -> Result<StoryId>;
    /// Articles whose sort time is at or after `since` (Unix seconds), oldest first, with what
    /// clustering needs to rebuild its state for the recent window.
    fn articles_since(&self, since: i64) -> Result<Vec<ClusterRecord>>;
    /// Up to `limit` articles that are in no story (stored, but the process that stored them
    /// ended before placing them), oldest first, with what clustering needs to place them.
    fn unplaced_articles(&self, limit: usize) -> Result<Vec<ClusterRecord>>;
    /// A story's articles (copies included, oldest first) with their texts, for its digest.
    fn story_records(&self, story: StoryId) -> Result<Vec<ClusterRecord>>;
    /// How many articles (copies included) each of these stories holds, following
    /// redirects; an id that is no story is left out.
    fn story_sizes(&self, ids: &[StoryId]) -> Result<Vec<(StoryId, i64)>>;
    /// Stores an article's quotes (JSON), found in its current text.
    fn set_article_quotes(&self, id: ArticleId, quotes: &serde_json::Value) -> Result<()>;
    /// Stores a story's digest: headline, short and long versions, and the rest as JSON.
    fn set_story_digest(&self, id: StoryId, digest: &StoryDigestRecord) -> Result<()>;
    /// Counts one more read of a story (no reader data is kept: a counter only).
    fn record_story_view(&self, id: StoryId) -> Result<()>;

    /// The outlets (sites) articles came from, most articles first, whatever brought them
    /// (files or fetching). The configured, fetched sources and their health are
    /// [`Store::list_sources`].
    fn sources(&self) -> Result<Vec<SourceSummary>>;

    /// Adds a source to fetch, unless its URL is already one; returns it and whether it is new.
    /// A new source is due at once.
    fn add_source(&self, url: &str, added: &str) -> Result<(Source, bool)>;
    /// One configured source.
    fn source(&self, id: SourceId) -> Result<Option<Source>>;
    /// The configured sources, in the order they were added.
    fn list_sources(&self) -> Result<Vec<Source>>;
    /// Sources due at `now` (Unix seconds), the longest overdue first.
    fn due_sources(&self, now: i64, limit: usize) -> Result<Vec<Source>>;
    /// Records one fetch of a source: its health (a success resets the failure count, an
    /// error adds one), what it turned out to be, its validators and when it is next due.
    fn record_source_fetch(&self, id: SourceId, fetch: &SourceFetch) -> Result<()>;
    /// Removes a configured source (its articles stay); whether it existed.
    fn delete_source(&self, id: SourceId) -> Result<bool>;
    /// Replaces an article's extraction in place (same id, identity, source and story):
    /// metadata, extracted paragraphs and clean body; re-indexes it and drops its quotes.
    /// Title, URLs, site name, date and image the new extraction lacks stay as they were; a
    /// new date moves the article (its sort time, its story's times).
    fn replace_article(&self, id: ArticleId, article: &Article, clean: &[String]) -> Result<()>;

    /// Keeps an image (under its hash) and notes that `url` gave it.
    fn put_image(&self, url: &str, image: &CachedImage, fetched_at: &str) -> Result<()>;
    /// A cached image by hash (noting that it was used, for eviction).
    fn image(&self, hash: &str) -> Result<Option<CachedImage>>;
    /// Bounds the image cache: removes the images no article shows, then the least recently
    /// used until the rest holds at most `max_bytes`. Returns images removed and bytes kept.
    fn prune_images(&self, max_bytes: u64) -> Result<(u64, u64)>;
    /// The hash of the cached image an URL gave, if any.
    fn image_for_url(&self, url: &str) -> Result<Option<String>>;

    /// Adds one article's entities to its story.
    fn add_story_entities(&self, story: StoryId, entities: &[EntityMention]) -> Result<()>;
    /// A story's entities, most mentioned first.
    fn story_entities(&self, story: StoryId, limit: usize) -> Result<Vec<EntitySummary>>;
    /// Entities across stories, in the most stories first (`count` = stories).
    fn top_entities(&self, limit: usize) -> Result<Vec<EntitySummary>>;
    /// One entity across stories (`count` = stories), by key.
    fn entity(&self, key: &str) -> Result<Option<EntitySummary>>;
    /// The stories that mention an entity, newest first.
    fn entity_stories(&self, key: &str, limit: usize, offset: usize) -> Result<Vec<StorySummary>>;
    /// The stories with an article whose section or one of whose tags is `topic` (compared
    /// case-insensitively), newest first; at most `limit` ids.
    fn topic_stories(&self, topic: &str, limit: usize) -> Result<Vec<StoryId>>;
}
