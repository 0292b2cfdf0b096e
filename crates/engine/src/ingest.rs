//! Ingestion: files in, stored clean articles out, each site's boilerplate learned on the way.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use tidings_cluster::Config as ClusterConfig;
use tidings_extract::Article;
use tidings_extract::boilerplate::{self, Policy};
use tidings_store::{ArticleId, ClusterRecord, NewArticle, Store, StoreError, StoryId};

use crate::coordination::{Coordination, Placing};
use crate::digests;
use crate::extraction::Limits;
use crate::stories::Stories;
use crate::{EngineError, Settings, document, extraction, identity};

/// What happened to one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Stored as a new article.
    Added(ArticleId),
    /// Already stored under the same identity: nothing written.
    Known(ArticleId),
}

/// The summary of an ingest run.
#[derive(Debug, Default)]
pub struct Report {
    /// Articles stored.
    pub added: Vec<ArticleId>,
    /// Documents skipped as already known.
    pub known: usize,
    /// Inputs that failed: each `input: reason` (a file, a line `file.jsonl:N`).
    pub failed: Vec<String>,
    /// Articles whose body changed because their site's boilerplate was learned.
    pub recleaned: usize,
    /// Articles an earlier run stored but did not live to place in a story, placed now.
    pub repaired: usize,
}

/// Progress of an ingest run, reported after every file.
#[derive(Debug, Clone)]
pub struct Progress<'a> {
    /// Files done so far.
    pub done: usize,
    /// Files in all.
    pub total: usize,
    /// The file just done.
    pub file: &'a Path,
}

/// The ingestion engine over a store (and, to fetch sources, a fetcher).
pub struct Engine<S: Store> {
    pub(crate) store: S,
    policy: Policy,
    stories: Stories,
    /// None: no network (files only); fetching then says so.
    pub(crate) fetcher: Option<tidings_fetch::BlockingFetcher>,
    pub(crate) schedule: crate::fetching::Schedule,
    /// Held while a source is fetched and ingested: the fetch loop and a "fetch now" take
    /// turns instead of ingesting the same items at once.
    pub(crate) fetching: std::sync::Mutex<()>,
    /// Set when the server shuts down: no further source or image is fetched.
    pub(crate) stopping: std::sync::atomic::AtomicBool,
    /// Limits and coordination with other processes.
    pub(crate) settings: Settings,
    pub(crate) coordination: Coordination,
}

impl<S: Store> Engine<S> {
    /// An engine with the default boilerplate policy and clustering configuration; the
    /// clusterer's state for the recent window is rebuilt from the store.
    pub fn new(store: S) -> Result<Self, StoreError> {
        Engine::with_config(store, ClusterConfig::default())
    }

    /// An engine with the given clustering configuration.
    pub fn with_config(store: S, cluster: ClusterConfig) -> Result<Self, StoreError> {
        Engine::with_settings(store, cluster, Settings::default())
    }

    /// An engine with the given clustering configuration and settings. Articles an earlier
    /// run stored but did not live to place in a story are placed now (under the placing
    /// lock, see [`crate::coordination`]). The only error besides the store's is the placing
    /// lock's file that cannot be opened.
    pub fn with_settings(
        store: S,
        cluster: ClusterConfig,
        settings: Settings,
    ) -> Result<Self, StoreError> {
        let coordination = Coordination::new(settings.state_dir.as_deref()).map_err(|e| {
            let dir = settings.state_dir.clone().unwrap_or_default();
            StoreError::Io(dir.join(crate::coordination::PLACING_LOCK), e)
        })?;
        let stories = {
            let placing = coordination
                .placing()
                .map_err(|e| StoreError::Io(coordination.lock_path(), e))?;
            Stories::rebuild(&store, cluster, &placing)?
        };
        let engine = Engine {
            store,
            policy: Policy::default(),
            stories,
            fetcher: None,
            schedule: crate::fetching::Schedule::default(),
            fetching: std::sync::Mutex::new(()),
            stopping: std::sync::atomic::AtomicBool::new(false),
            settings,
            coordination,
        };
        engine.place_unplaced()?;
        Ok(engine)
    }

    /// Its settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The limits each document's extraction runs under.
    pub(crate) fn limits(&self) -> Limits {
        Limits::from(&self.settings)
    }

    /// Takes the placing lock (see [`crate::coordination`]).
    fn placing(&self) -> Result<Placing<'_>, StoreError> {
        self.coordination
            .placing()
            .map_err(|e| StoreError::Io(self.coordination.lock_path(), e))
    }

    /// Places in a story every stored article that is in none: an earlier run (this
    /// process's or another's) stored it and died, or failed, before placing it. Done on
    /// start, and before each ingestion or fetch round when processes coordinate (with a
    /// state directory; without one another process's article could be caught between its
    /// storing and its placing). Returns how many were placed.
    pub fn place_unplaced(&self) -> Result<usize, StoreError> {
        let placing = self.placing()?;
        let mut placed = std::collections::HashSet::new();
        loop {
            let batch = self.store.unplaced_articles(256)?;
            if batch.is_empty() {
                break;
            }
            for record in &batch {
                if !placed.insert(record.id) {
                    // Placed already, yet in no story: the store does not keep what it is
                    // told. Stop rather than loop.
                    tracing::error!("article {} stays in no story after placing", record.id);
                    return Ok(placed.len());
                }
                let where_to = self.stories.place(&self.store, record, &placing)?;
                for story in where_to.changed() {
                    digests::refresh(&self.store, story)?;
                }
            }
        }
        if !placed.is_empty() {
            tracing::warn!(
                "{} stored articles were in no story (a run ended before placing them): placed now",
                placed.len()
            );
        }
        Ok(placed.len())
    }

    /// The same engine, fetching sources with `fetcher`.
    pub fn with_fetcher(mut self, fetcher: tidings_fetch::BlockingFetcher) -> Self {
        self.fetcher = Some(fetcher);
        self
    }

    /// The same engine, fetching on `schedule`.
    pub fn with_schedule(mut self, schedule: crate::fetching::Schedule) -> Self {
        self.schedule = schedule;
        self
    }

    /// The store it writes to.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Ingests files and directories (recursively). A bad file is reported and skipped; the
    /// rest go on.
    pub fn ingest_paths(
        &self,
        paths: &[PathBuf],
        mut progress: impl FnMut(Progress<'_>),
    ) -> Report {
        let (files, missing) = document::collect_files(paths);
        let mut report = Report::default();
        if self.coordination.across_processes() {
            match self.place_unplaced() {
                Ok(n) => report.repaired = n,
                Err(e) => report
                    .failed
                    .push(format!("placing stored articles in no story: {e}")),
            }
        }
        report.failed.extend(
            missing
                .into_iter()
                .map(|(p, e)| format!("{}: {e}", p.display())),
        );
        for (i, file) in files.iter().enumerate() {
            self.ingest_file(file, &mut report);
            progress(Progress {
                done: i + 1,
                total: files.len(),
                file,
            });
        }
        if !report.added.is_empty()
            && let Err(e) = self.settle()
        {
            report
                .failed
                .push(format!("re-placing reports after ingestion: {e}"));
        }
        report
    }

    /// Re-places the window's reports now that a batch is in (see
    /// [`tidings_cluster::Config::refine_every`]), under the placing lock, and writes the
    /// digests of the stories that changed. Nothing is re-placed when nothing was placed
    /// since the last pass, whichever process ran it. Returns those stories.
    pub fn settle(&self) -> Result<Vec<StoryId>, StoreError> {
        let changed = {
            let placing = self.placing()?;
            self.stories.settle(&self.store, &placing)?
        };
        for &story in &changed {
            digests::refresh(&self.store, story)?;
        }
        Ok(changed)
    }

    /// Ingests one file into the report: each of its documents extracted under the
    /// engine's [`Limits`], each failure named.
    pub fn ingest_file(&self, path: &Path, report: &mut Report) {
        match extraction::extract_file_within(path, None, self.limits()) {
            Ok((articles, line_errors)) => {
                // A file that gives nothing at all (a feed with no items, say) is not
                // quietly skipped.
                if articles.is_empty() && line_errors.is_empty() {
                    report.failed.push(format!(
                        "{}: no article in it (no feed items, no JSON lines)",
                        path.display()
                    ));
                }
                report
                    .failed
                    .extend(line_errors.iter().map(ToString::to_string));
                let source = path.display().to_string();
                for article in articles {
                    match self.ingest_article(article, &source) {
                        Ok((Outcome::Added(id), recleaned)) => {
                            report.added.push(id);
                            report.recleaned += recleaned;
                        }
                        Ok((Outcome::Known(_), _)) => report.known += 1,
                        Err(e) => report.failed.push(format!("{}: {e}", path.display())),
                    }
                }
            }
            Err(e) => report.failed.push(e.to_string()),
        }
    }

    /// Stores one extracted article unless its identity is known; learns its site's
    /// boilerplate and, when new blocks are learned, cleans the site's stored articles again;
    /// puts the article in a story. Returns the outcome and how many stored articles were
    /// cleaned again.
    ///
    /// Only http(s) links are stored ([`identity::keep_web_links`]). The article is looked up,
    /// stored and placed under the placing lock: a document another process (or thread)
    /// stored meanwhile is [`Outcome::Known`], never a failure or a second copy.
    pub fn ingest_article(
        &self,
        mut article: Article,
        source: &str,
    ) -> Result<(Outcome, usize), StoreError> {
        identity::keep_web_links(&mut article);
        let identity = identity::identity_key(&article);
        if let Some(id) = self.store.find_by_identity(&identity)? {
            return Ok((Outcome::Known(id), 0));
        }
        let site = boilerplate::site_key(&article);
        let blocks = boilerplate::page_blocks(&article.paragraphs);
        if self.coordination.across_processes() {
            // What other processes placed meanwhile, done before the lock is taken: under it
            // only what they place meanwhile is left to do.
            self.stories.prefetch(&self.coordination.peek());
        }
        let (id, placed, newly) = {
            let placing = self.placing()?;
            // Another process may have stored it since the look-up above.
            if let Some(known) = self.store.find_by_identity(&identity)? {
                return Ok((Outcome::Known(known), 0));
            }
            // Under the lock, the site's blocks as every page stored before this one left
            // them, whichever process stored it: what the clusterer is given does not depend
            // on how processes sharing the store take turns.
            let (new, record) =
                self.prepare(article, identity, source, site.as_deref(), &blocks)?;
            let id = match self.store.insert_article(&new) {
                Ok(id) => id,
                // A writer that does not take the lock stored it meanwhile (the identity is
                // unique): known, not failed.
                Err(e) => match self.store.find_by_identity(&new.identity)? {
                    Some(known) => return Ok((Outcome::Known(known), 0)),
                    None => return Err(e),
                },
            };
            // Stored and not yet placed: a crash here leaves the article in no story, and
            // the next run places it (`place_unplaced`).
            let placed =
                self.stories
                    .place(&self.store, &ClusterRecord { id, ..record }, &placing)?;
            let newly = match &site {
                Some(site) => self.store.record_site_blocks(site, &blocks, &self.policy)?,
                None => Vec::new(),
            };
            (id, placed, newly)
        };
        // The article's story, both sides of a split it caused, and what a re-placement
        // pass changed.
        for story in placed.changed() {
            digests::refresh(&self.store, story)?;
        }
        let mut recleaned = 0;
        if let Some(site) = site
            && !newly.is_empty()
        {
            recleaned = self.reclean_site(&site)?;
        }
        Ok((Outcome::Added(id), recleaned))
    }

    /// The article to store and the record to cluster, its body cleaned of its site's
    /// learned boilerplate (`blocks`: the page's).
    fn prepare(
        &self,
        article: Article,
        identity: String,
        source: &str,
        site: Option<&str>,
        blocks: &[(u64, String)],
    ) -> Result<(NewArticle, ClusterRecord), StoreError> {
        // What the site's earlier pages carried of this page's blocks, and which of those are
        // learned boilerplate: one lookup.
        let known = match site {
            Some(s) => {
                let keys: Vec<u64> = blocks.iter().map(|(k, _)| *k).collect();
                self.store.site_blocks(s, &keys)?
            }
            None => Vec::new(),
        };
        let learned: HashSet<u64> = known.iter().filter(|(_, l)| *l).map(|(k, _)| *k).collect();
        let seen: HashSet<u64> = known.iter().map(|(k, _)| *k).collect();
        let clean_paragraphs = boilerplate::remove(&article.paragraphs, &learned);
        // The clusterer also leaves out what the site's earlier pages already carried: until
        // a promo is learned (a few pages), it is the longest thing a site's first unrelated
        // pages share, and would fold them into one story or make one a copy of another.
        // (`remove` keeps a body whole when that would leave little of it: a republished
        // article, not boilerplate.)
        let cluster_text = boilerplate::remove(&clean_paragraphs, &seen).join("\n\n");
        let now = chrono::Utc::now();
        let time = article
            .published
            .as_ref()
            .map_or(now.timestamp(), |p| p.timestamp());
        let record = ClusterRecord {
            id: 0,
            title: article.title.clone(),
            text: cluster_text,
            language: article.language.clone(),
            site: site.map(str::to_owned),
            site_name: article.site_name.clone(),
            time,
            story: None,
            duplicate_of: None,
            quotes: None,
        };
        let new = NewArticle {
            identity,
            source: source.to_owned(),
            site: site.map(str::to_owned),
            article,
            clean_paragraphs,
            ingested_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        };
        Ok((new, record))
    }

    /// Removes a site's learned boilerplate from all its stored articles (they keep their
    /// extracted paragraphs, so this can run again whenever more is learned). Returns how many
    /// articles changed.
    pub fn reclean_site(&self, site: &str) -> Result<usize, StoreError> {
        let learned: HashSet<u64> = self.store.site_boilerplate(site)?.into_iter().collect();
        let mut changed = 0;
        let mut stories = Vec::new();
        for (id, raw) in self.store.site_articles(site)? {
            let clean = boilerplate::remove(&raw, &learned);
            if clean.len() != raw.len() {
                self.store.update_article_body(id, &clean)?;
                changed += 1;
                if let Some(story) = self.store.article(id)?.and_then(|a| a.story_id) {
                    stories.push(story);
                }
            }
        }
        // The digests quoted the old texts: write those stories' digests again.
        stories.sort_unstable();
        stories.dedup();
        for story in stories {
            digests::refresh(&self.store, story)?;
        }
        Ok(changed)
    }
}

impl From<StoreError> for EngineError {
    fn from(e: StoreError) -> Self {
        EngineError::Store(e)
    }
}
