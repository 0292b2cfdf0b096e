//! # tidings-engine
//!
//! Wires the stages of Tidings together: raw documents ([`document`]) are extracted
//! ([`extraction`], the same code for ingestion and the batch modes), given an identity
//! ([`identity`]), cleaned of their site's learned boilerplate and stored ([`ingest`]), then
//! put in a story ([`stories`]: near-copies and same-event reports fold into one; the store
//! follows the clusterer's merges, splits and re-placements, and after each ingestion or
//! fetch round [`Engine::settle`] re-places reports that a story of their own event has
//! outgrown), whose digest is then written again ([`digests`]: only the stories that
//! changed).
//!
//! Sources over the network ([`fetching`]): added by URL, fetched with `tidings-fetch` when
//! due (or at once), their bytes handed to the same extraction as files, their health
//! recorded; lead images cached locally; an article re-extracted from its page. An engine
//! without a fetcher ([`Engine::new`]) never touches the network.
//!
//! Nothing one document or one crash does breaks a run ([`Settings`]): each document is
//! extracted on a thread of its own under a time budget, and fails, named, when it runs
//! out; processes sharing a store store and place each article under one lock, so a
//! document is stored once and an article stored by a run that was killed before placing
//! it is placed by the next ([`coordination`]), and their clusterers stay one through a
//! journal of what each decided, so two ingests at once give the stories one would
//! ([`stories`]); a source whose processing never finished
//! (the process died on its page) counts as failed and backs off instead of crashing every
//! restart.

pub mod coordination;
pub mod digests;
pub mod document;
pub mod extraction;
pub mod fetching;
pub mod identity;
pub mod ingest;
pub mod stories;

pub use fetching::{FetchReport, FetchStatus, Reextracted, Schedule};
pub use ingest::{Engine, Outcome, Progress, Report};

use std::path::PathBuf;
use std::time::Duration;

use thiserror::Error;
use tidings_store::{ArticleId, Source, SourceId, Store};

/// How an engine runs: its limits, and where processes sharing its store coordinate. The
/// caller (the command line) fills it from its own settings; the engine reads no environment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The longest one document's extraction may take (a page, a feed, one JSON line);
    /// past it the document fails, named, and the run goes on.
    pub extract_budget: Duration,
    /// The stack size of the threads documents are extracted on.
    pub extract_stack_bytes: usize,
    /// A directory (the data directory) for the files through which processes sharing the
    /// store coordinate: the lock under which an article is stored and placed, and each
    /// fetching process's note of the source it is processing ([`coordination`]). `None`:
    /// the engine assumes no other process writes the store (stored-but-unplaced articles
    /// are placed on start only, and a source whose processing was cut short is not noticed).
    pub state_dir: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            extract_budget: Duration::from_secs(15),
            extract_stack_bytes: 64 * 1024 * 1024,
            state_dir: None,
        }
    }
}

/// What went wrong with one input, naming it.
#[derive(Debug, Error)]
pub enum EngineError {
    /// The file could not be read.
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    /// The input is not what it claims to be (bad gzip, too large, a malformed JSON line).
    #[error("{0}: {1}")]
    Invalid(PathBuf, String),
    /// The extractor found no article in it.
    #[error("{0}: {1}")]
    Extract(PathBuf, tidings_extract::ExtractError),
    /// The store failed.
    #[error("store: {0}")]
    Store(tidings_store::StoreError),
    /// A fetch failed or a URL was refused (the error names the URL).
    #[error("{0}")]
    Fetch(tidings_fetch::FetchError),
    /// No such source or article.
    #[error("{0}")]
    NotFound(String),
    /// The engine has no fetcher (it was set up for files only).
    #[error("this engine does not fetch (no fetcher configured)")]
    NoFetcher,
    /// A write refused to protect what is stored (a re-extraction that would shrink the
    /// article's body to less than half, or to nothing, without `force`).
    #[error("{0}")]
    Refused(String),
    /// The article has no http(s) URL to fetch again.
    #[error("article {0} has no http(s) URL to fetch again")]
    NoUrl(ArticleId),
}

/// The engine's writes behind one object-safe trait, for callers that hold an engine
/// without naming its store type (the web server's admin routes and fetch loop).
pub trait Writes: Send + Sync {
    /// See [`Engine::add_source`].
    fn add_source(&self, url: &str) -> Result<(Source, bool), EngineError>;
    /// Removes a configured source; its articles stay. Whether it existed.
    fn delete_source(&self, id: SourceId) -> Result<bool, EngineError>;
    /// See [`Engine::fetch_source`].
    fn fetch_source(&self, id: SourceId) -> Result<FetchReport, EngineError>;
    /// See [`Engine::fetch_due`].
    fn fetch_due(&self, now: i64, limit: usize) -> Result<Vec<FetchReport>, EngineError>;
    /// See [`Engine::reextract`].
    fn reextract(&self, id: ArticleId, force: bool) -> Result<Reextracted, EngineError>;
    /// See [`Engine::request_stop`].
    fn request_stop(&self);
    /// See [`Engine::stopping`].
    fn stopping(&self) -> bool;
}

impl<S: Store> Writes for Engine<S> {
    fn add_source(&self, url: &str) -> Result<(Source, bool), EngineError> {
        Engine::add_source(self, url)
    }
    fn delete_source(&self, id: SourceId) -> Result<bool, EngineError> {
        Ok(self.store.delete_source(id)?)
    }
    fn fetch_source(&self, id: SourceId) -> Result<FetchReport, EngineError> {
        Engine::fetch_source(self, id)
    }
    fn fetch_due(&self, now: i64, limit: usize) -> Result<Vec<FetchReport>, EngineError> {
        Engine::fetch_due(self, now, limit)
    }
    fn reextract(&self, id: ArticleId, force: bool) -> Result<Reextracted, EngineError> {
        Engine::reextract(self, id, force)
    }
    fn request_stop(&self) {
        Engine::request_stop(self)
    }
    fn stopping(&self) -> bool {
        Engine::stopping(self)
    }
}
