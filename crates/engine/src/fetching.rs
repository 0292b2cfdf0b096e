//! Sources over the network: adding them, fetching them into articles, their health, lead
//! images, and re-extracting an article from its page.
//!
//! A fetch hands the bytes to the same extraction as files ([`extraction::extract_bytes`]):
//! a feed's items each become an article, a page is extracted as one. Only new articles are
//! written, so a bad fetch (an error, a broken feed) changes nothing but the source's health:
//! the error, one more consecutive failure, and a later next fetch (doubling with each
//! failure, up to a day). A 304 counts as a success.
//!
//! Each fetched body is extracted under the engine's time budget: a page past it fails the
//! fetch like any other failure and backs off. Before a body is processed the engine notes
//! the attempt ([`crate::coordination`]); a process that dies on it (a page that crashes it,
//! a kill) leaves the note, and the next fetch round records the attempt as failed
//! ([`UNFINISHED`]) so the source backs off instead of being fetched, and crashing, again
//! on every restart.

use std::path::Path;
use std::time::Duration;

use sha2::{Digest, Sha256};
use tidings_extract::Article;
use tidings_fetch::{BlockingFetcher, Fetched, Request, Validators};
use tidings_store::{
    ArticleId, CachedImage, Source, SourceFetch, SourceId, SourceKind, Store, StoreError,
};

use crate::document::{self, DocKind};
use crate::ingest::{Engine, Outcome};
use crate::{EngineError, extraction};

mod health;

pub use health::{error_category, public_source_url};

/// How often sources are fetched and how failures back off.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// The time between two successful fetches of a source.
    pub interval: Duration,
    /// The longest wait after failures (the wait doubles with each failure in a row).
    pub max_backoff: Duration,
    /// Lead images fetched per source fetch at most (they wait for their host's slot too).
    pub images_per_fetch: usize,
    /// New articles stored per source fetch at most; a feed with more keeps the rest for the
    /// next fetch (its validators are not saved, so that fetch is not a 304).
    pub items_per_fetch: usize,
    /// The image cache's size at most, in bytes: past it, the least recently used images
    /// go (and always those no article shows any more).
    pub image_cache_bytes: u64,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            interval: Duration::from_secs(30 * 60),
            max_backoff: Duration::from_secs(24 * 3600),
            images_per_fetch: 20,
            items_per_fetch: 200,
            image_cache_bytes: 256 * 1024 * 1024,
        }
    }
}

impl Schedule {
    /// Seconds until the next fetch after `failures` failures in a row (0 after a success).
    pub fn delay(&self, failures: i64) -> i64 {
        let base = self.interval.as_secs().max(1);
        let exp = u32::try_from(failures.clamp(0, 20)).unwrap_or(20);
        let secs = base.saturating_mul(1u64 << exp.saturating_sub(1).min(20));
        let secs = if failures <= 0 { base } else { secs };
        i64::try_from(secs.min(self.max_backoff.as_secs().max(base))).unwrap_or(i64::MAX)
    }
}

/// What one fetch of a source did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchStatus {
    /// A new body: articles stored, already known, failed (each named).
    Fetched {
        added: Vec<ArticleId>,
        known: usize,
        failed: Vec<String>,
        images: usize,
    },
    /// 304: nothing changed.
    NotModified,
    /// The fetch or the extraction failed; the source's health says so.
    Failed(String),
}

/// One source's fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchReport {
    pub source: SourceId,
    pub url: String,
    pub status: FetchStatus,
}

/// What re-extracting an article did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reextracted {
    pub article: ArticleId,
    /// The URL fetched again.
    pub url: String,
    /// Words in the clean body before and after.
    pub words_before: usize,
    pub words_after: usize,
}

/// What one fresh body gave.
struct Ingested {
    status: FetchStatus,
    kind: SourceKind,
    title: Option<String>,
    /// Some items were left for the next fetch (a store failure, the cap).
    incomplete: bool,
}

/// The error recorded for a source whose fetched body a process did not live to finish
/// processing.
pub const UNFINISHED: &str = "the process ended while processing what this source gave \
     (it was killed, or crashed on the page): counted as a failure, so it backs off";

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl<S: Store> Engine<S> {
    /// The fetcher, or the error saying there is none.
    fn fetcher(&self) -> Result<&BlockingFetcher, EngineError> {
        self.fetcher.as_ref().ok_or(EngineError::NoFetcher)
    }

    /// Adds a source by URL (http or https; checked, not fetched: whether it is a feed or a
    /// page is told by its first fetch). Returns it and whether it is new.
    pub fn add_source(&self, url: &str) -> Result<(Source, bool), EngineError> {
        let checked = tidings_fetch::guard::check_url(url).map_err(EngineError::Fetch)?;
        Ok(self.store.add_source(checked.as_str(), &now_rfc3339())?)
    }

    /// Fetches every source due at `now` (Unix seconds), at most `limit`, one after another.
    /// One source's failure (even the store's) is logged and reported as that source's
    /// status; the others are still fetched. After [`Engine::request_stop`] no further
    /// source is started.
    pub fn fetch_due(&self, now: i64, limit: usize) -> Result<Vec<FetchReport>, EngineError> {
        // No fetcher is the engine's error, not every source's.
        self.fetcher()?;
        // First what dead processes left: their unfinished attempts back off (so they are
        // not due now), their stored articles are placed.
        self.record_unfinished();
        if self.coordination.across_processes()
            && let Err(e) = self.place_unplaced()
        {
            tracing::error!("stored articles in no story not placed: {e}");
        }
        let due = self.store.due_sources(now, limit)?;
        let mut reports = Vec::with_capacity(due.len());
        for source in due {
            if self.stopping() {
                tracing::info!("stopping: the fetch round ends here");
                break;
            }
            match self.fetch(source.id) {
                Ok(r) => reports.push(r),
                Err(EngineError::NotFound(_)) => {} // removed meanwhile
                Err(e) => {
                    tracing::error!(source = %source.url, "fetch failed: {e}");
                    // Its health says so, and it backs off (when the store can take it).
                    let (_, record) = self.failed(
                        &source,
                        now_rfc3339(),
                        chrono::Utc::now().timestamp(),
                        e.to_string(),
                    );
                    if let Err(e2) = self.store.record_source_fetch(source.id, &record) {
                        tracing::error!(source = %source.url, "health not recorded: {e2}");
                    }
                    reports.push(FetchReport {
                        source: source.id,
                        url: source.url.clone(),
                        status: FetchStatus::Failed(e.to_string()),
                    });
                }
            }
        }
        self.settle_logged(&reports);
        Ok(reports)
    }

    /// Fetches one source now, whether due or not.
    pub fn fetch_source(&self, id: SourceId) -> Result<FetchReport, EngineError> {
        self.record_unfinished();
        let report = self.fetch(id);
        if let Ok(r) = &report {
            self.settle_logged(std::slice::from_ref(r));
        }
        report
    }

    /// Records as failed each source whose fetched body a process that has since ended was
    /// processing ([`UNFINISHED`]; its next fetch backs off as after any failure). Returns
    /// those sources. Best effort: what cannot be read or recorded is logged.
    pub fn record_unfinished(&self) -> Vec<SourceId> {
        let ids = match self.coordination.unfinished() {
            Ok(ids) => ids,
            Err(e) => {
                tracing::warn!("unfinished fetch attempts not read: {e}");
                return Vec::new();
            }
        };
        for &id in &ids {
            let source = match self.store.source(id) {
                Ok(Some(s)) => s,
                Ok(None) => continue, // removed since
                Err(e) => {
                    tracing::error!("source {id}: unfinished attempt not recorded: {e}");
                    continue;
                }
            };
            let now = chrono::Utc::now().timestamp();
            let (_, record) = self.failed(&source, now_rfc3339(), now, UNFINISHED.to_owned());
            match self.store.record_source_fetch(id, &record) {
                Ok(()) => tracing::warn!(source = %source.url, "{UNFINISHED}"),
                Err(e) => {
                    tracing::error!(source = %source.url, "unfinished attempt not recorded: {e}")
                }
            }
        }
        ids
    }

    /// Re-places reports after a fetch round that stored new articles; a store failure
    /// there is logged (the articles are stored and placed already).
    fn settle_logged(&self, reports: &[FetchReport]) {
        let added = reports
            .iter()
            .any(|r| matches!(&r.status, FetchStatus::Fetched { added, .. } if !added.is_empty()));
        if !added {
            return;
        }
        if let Err(e) = self.settle() {
            tracing::error!("re-placing reports after fetching: {e}");
        }
    }

    /// Fetches a source, ingests what it brought, records its health. Only a store failure
    /// is an error; a fetch or extraction failure is the report's status (and the source's
    /// health).
    fn fetch(&self, id: SourceId) -> Result<FetchReport, EngineError> {
        // A poisoned lock guards nothing but the turn-taking: go on.
        let _turn = self.fetching.lock().unwrap_or_else(|p| p.into_inner());
        // Read after taking the turn: the fetch before may have changed its validators
        // and health (or it was removed meanwhile).
        let source = &self
            .store
            .source(id)?
            .ok_or_else(|| EngineError::NotFound(format!("no source {id}")))?;
        let fetcher = self.fetcher()?;
        let at = now_rfc3339();
        let now = chrono::Utc::now().timestamp();
        let request = Request {
            validators: Validators {
                etag: source.etag.clone(),
                last_modified: source.last_modified.clone(),
            },
            ..Request::default()
        };
        let answer = fetcher.get(&source.url, &request);
        let (status, record) = match answer {
            Ok(Fetched::NotModified) => (
                FetchStatus::NotModified,
                SourceFetch {
                    at,
                    error: None,
                    kind: None,
                    title: None,
                    etag: None,
                    last_modified: None,
                    next_fetch: now.saturating_add(self.schedule.delay(0)),
                },
            ),
            Ok(Fetched::Fresh(res)) => {
                // Noted before the body is processed, until its outcome is recorded.
                if let Err(e) = self.coordination.begin(source.id) {
                    tracing::warn!(source = %source.url, "attempt not noted: {e}");
                }
                let validators = res.validators.clone();
                match self.ingest_fetched(source, res) {
                    Ok(done) => {
                        // Items left for later (a store failure, the cap): the old
                        // validators stay, so that the next fetch brings the body again,
                        // not a 304.
                        let keep = done.incomplete;
                        (
                            done.status,
                            SourceFetch {
                                at,
                                error: None,
                                kind: Some(done.kind),
                                title: done.title,
                                etag: (!keep).then_some(validators.etag),
                                last_modified: (!keep).then_some(validators.last_modified),
                                next_fetch: now.saturating_add(self.schedule.delay(0)),
                            },
                        )
                    }
                    Err(e) => self.failed(source, at, now, e.to_string()),
                }
            }
            Err(e) => self.failed(source, at, now, e.to_string()),
        };
        let recorded = self.store.record_source_fetch(source.id, &record);
        if let Err(e) = self.coordination.finish() {
            tracing::warn!(source = %source.url, "attempt note not cleared: {e}");
        }
        recorded?;
        match &status {
            FetchStatus::Failed(e) => tracing::warn!(source = %source.url, "fetch failed: {e}"),
            s => tracing::info!(source = %source.url, "fetched: {s:?}"),
        }
        Ok(FetchReport {
            source: source.id,
            url: source.url.clone(),
            status,
        })
    }

    fn failed(
        &self,
        source: &Source,
        at: String,
        now: i64,
        error: String,
    ) -> (FetchStatus, SourceFetch) {
        let failures = source.consecutive_failures.saturating_add(1);
        (
            FetchStatus::Failed(error.clone()),
            SourceFetch {
                at,
                error: Some(error),
                kind: None,
                title: None,
                etag: None,
                last_modified: None,
                next_fetch: now.saturating_add(self.schedule.delay(failures)),
            },
        )
    }

    /// Extracts and stores what a fetch brought (at most [`Schedule::items_per_fetch`] new
    /// articles). An item the store fails on is named in the status and left for the next
    /// fetch, like the items past the cap; the others are kept.
    fn ingest_fetched(
        &self,
        source: &Source,
        res: tidings_fetch::Response,
    ) -> Result<Ingested, EngineError> {
        // Told again from every new body: a URL that was a page may serve a feed now.
        let kind = detect_kind(res.content_type.as_deref(), &res.body);
        let doc_kind = match kind {
            SourceKind::Feed => DocKind::Feed,
            SourceKind::Page if is_plain_text(res.content_type.as_deref()) => DocKind::Text,
            SourceKind::Page => DocKind::Html,
        };
        let (articles, errors) = extraction::extract_owned_within(
            Path::new(&res.url),
            doc_kind,
            res.body,
            Some(&res.url),
            self.limits(),
        )?;
        let title = match kind {
            SourceKind::Feed => articles.iter().find_map(|a| a.site_name.clone()),
            SourceKind::Page => articles.first().and_then(|a| a.title.clone()),
        };
        let mut added = Vec::new();
        let mut known = 0;
        let mut failed: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let mut images = 0;
        let mut incomplete = false;
        for article in articles {
            if added.len() >= self.schedule.items_per_fetch {
                incomplete = true;
                tracing::info!(
                    source = %source.url,
                    "{} new articles this fetch; the rest wait for the next",
                    added.len()
                );
                break;
            }
            let image = article.image.clone();
            match self.ingest_article(article, &source.url) {
                Ok((Outcome::Added(id), _)) => {
                    added.push(id);
                    if let Some(url) = image
                        && images < self.schedule.images_per_fetch
                        && !self.stopping()
                    {
                        match self.cache_image(&url) {
                            Ok(true) => images += 1,
                            Ok(false) => {}
                            Err(e) => tracing::warn!("image {url} not cached: {e}"),
                        }
                    }
                }
                Ok((Outcome::Known(_), _)) => known += 1,
                Err(e) => {
                    tracing::warn!(source = %source.url, "item not stored: {e}");
                    incomplete = true;
                    failed.push(format!("{}: {e}", res.url));
                }
            }
        }
        if images > 0 {
            self.prune_images();
        }
        Ok(Ingested {
            status: FetchStatus::Fetched {
                added,
                known,
                failed,
                images,
            },
            kind,
            title,
            incomplete,
        })
    }

    /// Fetches an image into the local cache unless its URL is cached already. A refused
    /// image (not a raster image by its bytes, SVG, too large, unreachable) is logged and
    /// skipped: the article shows none. Returns whether it is cached now.
    pub fn cache_image(&self, url: &str) -> Result<bool, EngineError> {
        if self.store.image_for_url(url)?.is_some() {
            return Ok(true);
        }
        let fetcher = self.fetcher()?;
        let request = Request {
            accept: Some("image/avif, image/webp, image/png, image/jpeg, image/gif".into()),
            max_bytes: Some(tidings_fetch::image::MAX_IMAGE_BYTES),
            ..Request::default()
        };
        let res = match fetcher.get(url, &request) {
            Ok(Fetched::Fresh(res)) => res,
            Ok(Fetched::NotModified) => return Ok(false),
            Err(e) => {
                tracing::info!("image not cached: {e}");
                return Ok(false);
            }
        };
        let content_type =
            match tidings_fetch::image::accept(res.content_type.as_deref(), &res.body) {
                Ok(t) => t,
                Err(why) => {
                    tracing::info!("image not cached: {url}: {why}");
                    return Ok(false);
                }
            };
        let hash = hex(&Sha256::digest(&res.body));
        let image = CachedImage {
            hash,
            content_type: content_type.to_owned(),
            bytes: res.body,
        };
        self.store.put_image(url, &image, &now_rfc3339())?;
        Ok(true)
    }

    /// Re-extracts an article from its page. The raw page is not stored (only what was
    /// extracted from it), so this fetches the article's URL again (the URL it was read from;
    /// its canonical URL instead only when that is on the same host), extracts it as a page,
    /// and replaces the stored extraction in place: same id, identity and story; the site's
    /// learned boilerplate is removed again; the story's digest is rewritten. A feed item
    /// that carried only a summary gets its full page this way.
    ///
    /// Nothing stored changes when the fetch or the extraction fails, nor when the new body
    /// has no words or fewer than half the stored one's (a paywall, a consent page, an
    /// error page served with 200): that is [`EngineError::Refused`] unless `force`.
    pub fn reextract(&self, id: ArticleId, force: bool) -> Result<Reextracted, EngineError> {
        let stored = self
            .store
            .article(id)?
            .ok_or_else(|| EngineError::NotFound(format!("no article {id}")))?;
        let url = refetch_url(
            stored.article.url.as_deref(),
            stored.article.canonical_url.as_deref(),
        )
        .ok_or(EngineError::NoUrl(id))?;
        let fetcher = self.fetcher()?;
        let res = match fetcher
            .get(&url, &Request::default())
            .map_err(EngineError::Fetch)?
        {
            Fetched::Fresh(res) => res,
            Fetched::NotModified => {
                return Err(EngineError::Invalid(
                    url.clone().into(),
                    "the server answered 304 to an unconditional GET".into(),
                ));
            }
        };
        let kind = match document::sniff(&res.body) {
            DocKind::Text if !is_plain_text(res.content_type.as_deref()) => DocKind::Html,
            DocKind::Text => DocKind::Text,
            _ => DocKind::Html,
        };
        let (mut articles, _) = extraction::extract_owned_within(
            Path::new(&url),
            kind,
            res.body,
            Some(&res.url),
            self.limits(),
        )?;
        let mut article: Article = articles
            .pop()
            .ok_or_else(|| EngineError::Invalid(url.clone().into(), "no article found".into()))?;
        crate::identity::keep_web_links(&mut article);
        // What the page does not say, the stored article keeps.
        article.guid = article.guid.or(stored.article.guid.clone());
        if article.published.is_none() {
            article.published = stored.article.published;
        }
        let words_before = stored.article.word_count();
        let clean = self.clean_for_site(stored.site.as_deref(), &article.paragraphs)?;
        let words_after: usize = clean.iter().map(|p| p.split_whitespace().count()).sum();
        if !force && (words_after == 0 || words_after.saturating_mul(2) < words_before) {
            return Err(EngineError::Refused(format!(
                "{url}: the page now gives {words_after} words against {words_before} stored; \
                 kept the stored text (force to replace it)"
            )));
        }
        self.store.replace_article(id, &article, &clean)?;
        // The new text is stored: what follows is best effort, never a failed re-extraction.
        if let Some(story) = stored.story_id
            && let Err(e) = crate::digests::refresh(&self.store, story)
        {
            tracing::warn!("article {id} re-extracted; story {story}'s digest not rewritten: {e}");
        }
        if let Some(image) = article.image.as_deref() {
            match self.cache_image(image) {
                Ok(_) => self.prune_images(),
                Err(e) => {
                    tracing::warn!("article {id} re-extracted; image {image} not cached: {e}")
                }
            }
        }
        Ok(Reextracted {
            article: id,
            url,
            words_before,
            words_after,
        })
    }

    /// Asks the engine to stop fetching (the server is shutting down): a fetch round ends
    /// before its next source, a fetch caches no more images. For good: an engine asked to
    /// stop fetches no source again.
    pub fn request_stop(&self) {
        self.stopping
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Whether [`Engine::request_stop`] was called.
    pub fn stopping(&self) -> bool {
        self.stopping.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Keeps the image cache within [`Schedule::image_cache_bytes`] (best effort: a failure
    /// is logged, the next fetch tries again).
    pub fn prune_images(&self) {
        match self.store.prune_images(self.schedule.image_cache_bytes) {
            Ok((0, _)) => {}
            Ok((removed, kept)) => {
                tracing::info!(removed, kept_bytes = kept, "image cache pruned")
            }
            Err(e) => tracing::warn!("image cache not pruned: {e}"),
        }
    }

    /// Removes a site's learned boilerplate from extracted paragraphs.
    fn clean_for_site(
        &self,
        site: Option<&str>,
        paragraphs: &[String],
    ) -> Result<Vec<String>, StoreError> {
        let learned = match site {
            Some(s) => self.store.site_boilerplate(s)?.into_iter().collect(),
            None => std::collections::HashSet::new(),
        };
        Ok(tidings_extract::boilerplate::remove(paragraphs, &learned))
    }
}

/// The URL to fetch an article again from: the one it was read from (http or https), or its
/// canonical URL when that is on the same host (a page's canonical link may name any host:
/// it is not followed elsewhere).
fn refetch_url(url: Option<&str>, canonical: Option<&str>) -> Option<String> {
    let web = |u: &str| tidings_extract::links::web_url(u).and_then(|w| url::Url::parse(&w).ok());
    let read = web(url?)?;
    match canonical.and_then(web) {
        Some(c)
            if c.host_str() == read.host_str()
                && c.port_or_known_default() == read.port_or_known_default() =>
        {
            Some(c.to_string())
        }
        _ => Some(read.to_string()),
    }
}

/// Feed or page, from the content type and the first bytes.
pub fn detect_kind(content_type: Option<&str>, body: &[u8]) -> SourceKind {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    if ct.contains("rss") || ct.contains("atom") || ct.contains("feed+json") {
        return SourceKind::Feed;
    }
    match document::sniff(body) {
        DocKind::Feed => SourceKind::Feed,
        _ => SourceKind::Page,
    }
}

fn is_plain_text(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|c| c.trim().to_ascii_lowercase().starts_with("text/plain"))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_back_off_up_to_a_day() {
        let s = Schedule::default();
        assert_eq!(s.delay(0), 1800);
        assert_eq!(s.delay(1), 1800);
        assert_eq!(s.delay(2), 3600);
        assert_eq!(s.delay(3), 7200);
        assert_eq!(s.delay(10), 86_400);
        assert_eq!(s.delay(1000), 86_400);
    }

    #[test]
    fn refetching_uses_the_canonical_only_on_the_same_host() {
        let same = refetch_url(
            Some("https://news.example/a?utm_source=x"),
            Some("https://news.example/a"),
        );
        assert_eq!(same.as_deref(), Some("https://news.example/a"));
        let other = refetch_url(
            Some("https://news.example/a"),
            Some("http://169.254.169.254/latest/meta-data"),
        );
        assert_eq!(other.as_deref(), Some("https://news.example/a"));
        assert_eq!(refetch_url(None, Some("https://news.example/a")), None);
        assert_eq!(
            refetch_url(Some("/tmp/page.html"), Some("https://news.example/a")),
            None
        );
    }

    #[test]
    fn feeds_and_pages_are_told_apart() {
        assert_eq!(
            detect_kind(Some("application/rss+xml"), b"junk"),
            SourceKind::Feed
        );
        assert_eq!(
            detect_kind(
                Some("text/xml"),
                b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
            ),
            SourceKind::Feed
        );
        assert_eq!(
            detect_kind(Some("text/html"), b"<!doctype html><html><body>"),
            SourceKind::Page
        );
        assert_eq!(detect_kind(None, b"<html>"), SourceKind::Page);
    }
}
