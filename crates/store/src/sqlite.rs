//! The SQLite backend: one file, WAL journal, FTS5.

use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params};
use tidings_extract::boilerplate::Policy;
use tidings_extract::{Article, Published};

use crate::migrations::MIGRATIONS;
use crate::pool::{Gate, Pooled, ReadPool};
use crate::types::{
    ArticleId, ArticleSummary, CachedImage, ClusterRecord, EntityMention, EntitySummary,
    NewArticle, SearchHit, Source, SourceFetch, SourceId, SourceKind, SourceSummary, StoredArticle,
    StoryArticle, StoryDetail, StoryDigestRecord, StoryId, StoryOrder, StorySummary,
};
use crate::{Result, Store, StoreError};

/// How long a statement waits for another connection's write lock before failing.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How long one search may run before it is stopped (see [`SqliteStore::set_search_budget`]).
pub const DEFAULT_SEARCH_BUDGET: Duration = Duration::from_millis(500);

/// The SQLite store. Writes go through one connection behind a mutex (SQLite serialises
/// writers anyway); reads of a database file go through a small pool of read-only
/// connections, which WAL lets go on beside the writer and each other, so a page never waits
/// for an ingest's transaction or another reader's search. Searches take at most half the
/// readers (the rest stay free for pages) and stop at a time budget.
pub struct SqliteStore {
    conn: Mutex<Connection>,
    /// None for an in-memory database, which no second connection can open: its reads use
    /// the writer's connection.
    readers: Option<ReadPool>,
    searches: Gate,
    search_budget_us: AtomicU64,
}

/// The most read-only connections a store opens: two per core, from 4 to 16.
fn reader_count() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    (2 * cores).clamp(4, 16)
}

/// A connection to read through: a pooled reader, or the writer's for an in-memory store.
pub(crate) enum Reader<'a> {
    Pooled(Pooled<'a>),
    Writer(MutexGuard<'a, Connection>),
}

impl Deref for Reader<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            Reader::Pooled(c) => c,
            Reader::Writer(c) => c,
        }
    }
}

impl DerefMut for Reader<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        match self {
            Reader::Pooled(c) => c,
            Reader::Writer(c) => c,
        }
    }
}

impl SqliteStore {
    /// Opens (creating if needed) `tidings.db` in a data directory.
    pub fn open_dir(dir: &Path) -> Result<SqliteStore> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Io(dir.to_path_buf(), e))?;
        SqliteStore::open(&dir.join("tidings.db"))
    }

    /// Opens (creating if needed) a database file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let readers = ReadPool::new(path, reader_count());
        let store = SqliteStore::with(conn, Some(readers));
        store.migrate()?;
        Ok(store)
    }

    /// An in-memory store, for tests. It has one connection: reads share the writer's.
    pub fn in_memory() -> Result<SqliteStore> {
        let store = SqliteStore::with(Connection::open_in_memory()?, None);
        store.migrate()?;
        Ok(store)
    }

    fn with(conn: Connection, readers: Option<ReadPool>) -> SqliteStore {
        let searches = readers.as_ref().map_or(1, |r| (r.max() / 2).max(1));
        SqliteStore {
            conn: Mutex::new(conn),
            readers,
            searches: Gate::new(searches),
            search_budget_us: AtomicU64::new(micros(DEFAULT_SEARCH_BUDGET)),
        }
    }

    /// Sets how long one search may run (default [`DEFAULT_SEARCH_BUDGET`]); a search still
    /// running then is stopped and fails with [`StoreError::BadQuery`], changing nothing.
    pub fn set_search_budget(&self, budget: Duration) {
        self.search_budget_us
            .store(micros(budget), Ordering::Relaxed);
    }

    /// How long one search may run.
    pub fn search_budget(&self) -> Duration {
        Duration::from_micros(self.search_budget_us.load(Ordering::Relaxed))
    }

    /// A connection for reading: a pooled read-only one (waiting only while every reader is
    /// lent), or the writer's for an in-memory store.
    fn read(&self) -> Result<Reader<'_>> {
        Ok(match &self.readers {
            Some(pool) => Reader::Pooled(pool.get()?),
            None => Reader::Writer(self.conn()),
        })
    }

    /// The schema version this database is at.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written (transactions roll
        // back), so a poisoned lock is safe to reuse.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Brings the schema up to date, one step per transaction. Each step takes the write
    /// lock first (`BEGIN IMMEDIATE`) and reads the version again under it: two processes
    /// opening an old database at once do not both run a step (the second waits, then finds
    /// it done).
    fn migrate(&self) -> Result<()> {
        let mut conn = self.conn();
        let known = MIGRATIONS.len() as i64;
        loop {
            let tx = write_tx(&mut conn)?;
            let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if version > known {
                return Err(StoreError::TooNew {
                    found: version,
                    known,
                });
            }
            let Some(step) = usize::try_from(version)
                .ok()
                .and_then(|v| MIGRATIONS.get(v))
            else {
                tx.commit()?;
                return Ok(());
            };
            tx.execute_batch(step)?;
            tx.pragma_update(None, "user_version", version + 1)?;
            tx.commit()?;
        }
    }
}

impl SqliteStore {
    /// Puts an article in a story; `new`: the story must not exist yet (its id was reserved
    /// for it), else [`StoreError::StoryExists`] and nothing changes. A story merged away
    /// (by another process) is followed to the story it went into. Returns the story used.
    fn place_in_story(
        &self,
        article: ArticleId,
        story: StoryId,
        duplicate_of: Option<ArticleId>,
        new: bool,
    ) -> Result<StoryId> {
        let mut conn = self.conn();
        let tx = write_tx(&mut conn)?;
        let story = if new {
            story
        } else {
            resolve(&tx, story)?.unwrap_or(story)
        };
        if new {
            claim_new_story_id(&tx, story)?;
        }
        tx.execute(
            "UPDATE articles SET story_id = ?2, duplicate_of = ?3 WHERE id = ?1",
            params![article, story, duplicate_of],
        )?;
        tx.execute(
            "INSERT INTO stories (id, slug, headline, first_seen, last_updated)
             SELECT ?1, NULL, title, sort_ts, sort_ts FROM articles WHERE id = ?2
             ON CONFLICT (id) DO NOTHING",
            params![story, article],
        )?;
        tx.execute("UPDATE story_ids SET id = max(id, ?1)", [story])?;
        refresh_story(&tx, story)?;
        tx.commit()?;
        Ok(story)
    }
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

/// A count or limit as SQLite's integer (a `usize` past `i64::MAX` is "no limit").
fn sql_n(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A write transaction that takes SQLite's write lock at once: a deferred one that reads
/// first fails with "database is locked" (no wait) when another process wrote meanwhile.
fn write_tx(conn: &mut Connection) -> rusqlite::Result<Transaction<'_>> {
    conn.transaction_with_behavior(TransactionBehavior::Immediate)
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

fn from_json<T: serde::de::DeserializeOwned>(what: &'static str, s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(what, e.to_string()))
}

/// Unix seconds of an RFC 3339 time, 0 when unreadable.
fn ts(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339).map_or(0, |t| t.timestamp())
}

const ARTICLE_COLUMNS: &str = "id, identity, source, site, url, canonical_url, guid, site_name, title, authors, \
     published, modified, ingested_at, language, image, section, tags, description, partial, paragraphs, views, \
     story_id, duplicate_of";

fn article_from_row(row: &Row<'_>) -> rusqlite::Result<(StoredArticle, String, String, String)> {
    let published: Option<String> = row.get(10)?;
    let modified: Option<String> = row.get(11)?;
    let article = Article {
        url: row.get(4)?,
        canonical_url: row.get(5)?,
        guid: row.get(6)?,
        site_name: row.get(7)?,
        title: row.get(8)?,
        authors: Vec::new(),
        published: published.as_deref().and_then(Published::from_iso),
        modified: modified.as_deref().and_then(Published::from_iso),
        language: row.get(13)?,
        image: row.get(14)?,
        section: row.get(15)?,
        tags: Vec::new(),
        description: row.get(17)?,
        paragraphs: Vec::new(),
        partial: row.get::<_, i64>(18)? != 0,
    };
    let stored = StoredArticle {
        id: row.get(0)?,
        identity: row.get(1)?,
        source: row.get(2)?,
        site: row.get(3)?,
        article,
        ingested_at: row.get(12)?,
        views: row.get(20)?,
        story_id: row.get(21)?,
        duplicate_of: row.get(22)?,
    };
    Ok((stored, row.get(9)?, row.get(16)?, row.get(19)?))
}

impl Store for SqliteStore {
    fn find_by_identity(&self, identity: &str) -> Result<Option<ArticleId>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id FROM articles WHERE identity = ?1",
                [identity],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn insert_article(&self, new: &NewArticle) -> Result<ArticleId> {
        let a = &new.article;
        let published = a.published.as_ref().map(Published::to_iso);
        let sort_ts = a
            .published
            .as_ref()
            .map_or_else(|| ts(&new.ingested_at), Published::timestamp);
        let text = new.clean_paragraphs.join("\n\n");
        let words = new
            .clean_paragraphs
            .iter()
            .map(|p| p.split_whitespace().count())
            .sum::<usize>();
        let conn = self.conn();
        conn.execute(
            "INSERT INTO articles (identity, source, site, url, canonical_url, guid, site_name, title,
                authors, published, published_ts, modified, ingested_at, sort_ts, language, image,
                section, tags, description, partial, raw_paragraphs, paragraphs, text, words)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
            params![
                new.identity,
                new.source,
                new.site,
                a.url,
                a.canonical_url,
                a.guid,
                a.site_name,
                a.title,
                json(&a.authors),
                published,
                a.published.as_ref().map(Published::timestamp),
                a.modified.as_ref().map(Published::to_iso),
                new.ingested_at,
                sort_ts,
                a.language,
                a.image,
                a.section,
                json(&a.tags),
                a.description,
                a.partial,
                json(&a.paragraphs),
                json(&new.clean_paragraphs),
                text,
                sql_n(words),
            ],
        )?;
        Ok(conn.last_insert_rowid())
    }

    fn article(&self, id: ArticleId) -> Result<Option<StoredArticle>> {
        let conn = self.read()?;
        let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1");
        let row = conn.query_row(&sql, [id], article_from_row).optional()?;
        let Some((mut stored, authors, tags, paragraphs)) = row else {
            return Ok(None);
        };
        stored.article.authors = from_json("articles.authors", &authors)?;
        stored.article.tags = from_json("articles.tags", &tags)?;
        stored.article.paragraphs = from_json("articles.paragraphs", &paragraphs)?;
        Ok(Some(stored))
    }

    fn articles(&self, limit: usize, offset: usize) -> Result<Vec<ArticleSummary>> {
        let conn = self.read()?;
        let mut stmt = conn.prepare_cached(
            "SELECT id, title, site_name, published, ingested_at, language, words, partial
             FROM articles ORDER BY sort_ts DESC, id DESC LIMIT ?1 OFFSET ?2",
        )?;
        let rows = stmt.query_map(params![sql_n(limit), sql_n(offset)], |r| {
            Ok(ArticleSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                site_name: r.get(2)?,
                published: r.get(3)?,
                ingested_at: r.get(4)?,
                language: r.get(5)?,
                words: r.get(6)?,
                partial: r.get::<_, i64>(7)? != 0,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn count_articles(&self) -> Result<u64> {
        let n: i64 = self
            .read()?
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    fn latest_article_time(&self) -> Result<Option<i64>> {
        Ok(self
            .read()?
            .query_row("SELECT max(sort_ts) FROM articles", [], |r| r.get(0))?)
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        // Parsed before waiting for a place: a refused query waits for nothing.
        let Some(expr) = crate::fts::expression(query)? else {
            return Ok(Vec::new());
        };
        if limit == 0 {
            return Ok(Vec::new());
        }
        let _pass = self.searches.enter();
        let mut conn = self.read()?;
        crate::fts::search(&mut conn, query, &expr, limit, self.search_budget())
    }

    fn record_site_blocks(
        &self,
        site: &str,
        blocks: &[(u64, String)],
        policy: &Policy,
    ) -> Result<Vec<u64>> {
        let mut conn = self.conn();
        let tx = write_tx(&mut conn)?;
        let site_pages: i64 = tx.query_row(
            "SELECT count(*) FROM articles WHERE site = ?1",
            [site],
            |r| r.get(0),
        )?;
        let mut learned = Vec::new();
        {
            let mut upsert = tx.prepare_cached(
                "INSERT INTO site_boilerplate (site, block, sample, pages) VALUES (?1, ?2, ?3, 1)
                 ON CONFLICT (site, block) DO UPDATE SET pages = pages + 1
                 RETURNING pages, learned",
            )?;
            let mut mark = tx.prepare_cached(
                "UPDATE site_boilerplate SET learned = 1 WHERE site = ?1 AND block = ?2",
            )?;
            for (key, sample) in blocks {
                let (pages, was_learned): (i64, i64) = upsert
                    .query_row(params![site, *key as i64, sample], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })?;
                if was_learned == 0 && policy.is_boilerplate(pages as u64, site_pages as u64) {
                    mark.execute(params![site, *key as i64])?;
                    learned.push(*key);
                }
            }
        }
        tx.commit()?;
        Ok(learned)
    }

    fn site_blocks(&self, site: &str, blocks: &[u64]) -> Result<Vec<(u64, bool)>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT learned FROM site_boilerplate WHERE site = ?1 AND block = ?2",
        )?;
        let mut seen = Vec::new();
        for &key in blocks {
            let learned: Option<i64> = stmt
                .query_row(params![site, key as i64], |r| r.get(0))
                .optional()?;
            if let Some(learned) = learned {
                seen.push((key, learned != 0));
            }
        }
        Ok(seen)
    }

    fn site_boilerplate(&self, site: &str) -> Result<Vec<u64>> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached("SELECT block FROM site_boilerplate WHERE site = ?1 AND learned = 1")?;
        let rows = stmt.query_map([site], |r| r.get::<_, i64>(0).map(|k| k as u64))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn site_articles(&self, site: &str) -> Result<Vec<(ArticleId, Vec<String>)>> {
        let conn = self.conn();
        let mut stmt =
            conn.prepare_cached("SELECT id, raw_paragraphs FROM articles WHERE site = ?1")?;
        let rows = stmt
            .query_map([site], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, raw)| Ok((id, from_json("articles.raw_paragraphs", &raw)?)))
            .collect()
    }

    fn update_article_body(&self, id: ArticleId, paragraphs: &[String]) -> Result<()> {
        let text = paragraphs.join("\n\n");
        let words = paragraphs
            .iter()
            .map(|p| p.split_whitespace().count())
            .sum::<usize>();
        self.conn().execute(
            "UPDATE articles SET paragraphs = ?2, text = ?3, words = ?4, quotes = NULL WHERE id = ?1",
            params![id, json(&paragraphs), text, sql_n(words)],
        )?;
        Ok(())
    }

    fn assign_story(
        &self,
        article: ArticleId,
        story: StoryId,
        duplicate_of: Option<ArticleId>,
    ) -> Result<StoryId> {
        self.place_in_story(article, story, duplicate_of, false)
    }

    fn open_story(
        &self,
        article: ArticleId,
        story: StoryId,
        duplicate_of: Option<ArticleId>,
    ) -> Result<StoryId> {
        self.place_in_story(article, story, duplicate_of, true)
    }

    fn reserve_story_id(&self) -> Result<StoryId> {
        let mut conn = self.conn();
        let tx = write_tx(&mut conn)?;
        let id: StoryId =
            tx.query_row("UPDATE story_ids SET id = id + 1 RETURNING id", [], |r| {
                r.get(0)
            })?;
        tx.commit()?;
        Ok(id)
    }

    fn merge_stories(&self, keep: StoryId, gone: StoryId) -> Result<()> {
        if keep == gone {
            return Ok(());
        }
        let mut conn = self.conn();
        let tx = write_tx(&mut conn)?;
        tx.execute(
            "UPDATE articles SET story_id = ?1 WHERE story_id = ?2",
            params![keep, gone],
        )?;
        tx.execute(
            "UPDATE stories SET views = views + coalesce((SELECT views FROM stories WHERE id = ?2), 0)
             WHERE id = ?1",
            params![keep, gone],
        )?;
        tx.execute(
            "INSERT INTO story_entities (story_id, entity_id, mentions, articles)
             SELECT ?1, entity_id, mentions, articles FROM story_entities WHERE story_id = ?2 AND true
             ON CONFLICT (story_id, entity_id) DO UPDATE SET
                mentions = mentions + excluded.mentions, articles = articles + excluded.articles",
            params![keep, gone],
        )?;
        tx.execute("DELETE FROM story_entities WHERE story_id = ?1", [gone])?;
        tx.execute("DELETE FROM stories WHERE id = ?1", [gone])?;
        // Redirect chains stay one hop long: whatever pointed at `gone` now points at `keep`.
        tx.execute(
            "UPDATE story_redirects SET to_id = ?1 WHERE to_id = ?2",
            params![keep, gone],
        )?;
        tx.execute(
            "INSERT OR REPLACE INTO story_redirects (from_id, to_id) VALUES (?1, ?2)",
            params![gone, keep],
        )?;
        refresh_story(&tx, keep)?;
        tx.commit()?;
        Ok(())
    }

    fn split_story(
        &self,
        from: StoryId,
        into: StoryId,
        articles: &[ArticleId],
        moved_entities: &[EntityMention],
    ) -> Result<()> {
        let mut conn = self.conn();
        // Every early return drops the transaction: it rolls back, nothing changes.
        let tx = write_tx(&mut conn)?;
        let from = resolve(&tx, from)?.ok_or(StoreError::UnknownStory(from))?;
        claim_new_story_id(&tx, into)?;
        move_listed(&tx, from, into, articles).map_err(|e| match e {
            StoreError::BadMove(from, why) => StoreError::BadSplit(from, why),
            e => e,
        })?;
        // The new row as `open_story` makes one: its oldest report's title as headline.
        tx.execute(
            "INSERT INTO stories (id, slug, headline, first_seen, last_updated)
             SELECT ?1, NULL, title, sort_ts, sort_ts FROM articles WHERE story_id = ?1
             ORDER BY duplicate_of IS NOT NULL, sort_ts, id LIMIT 1",
            [into],
        )?;
        tx.execute("UPDATE story_ids SET id = max(id, ?1)", [into])?;
        tx.execute(
            "INSERT INTO story_splits (into_id, from_id, at) VALUES (?1, ?2, unixepoch())",
            params![into, from],
        )?;
        // The moved reports' mentions leave `from` and make `into`'s: only they are counted
        // (a whole recount could lose what another process added to `from` meanwhile).
        remove_entities(&tx, from, moved_entities)?;
        add_entities(&tx, into, moved_entities)?;
        refresh_story(&tx, from)?;
        refresh_story(&tx, into)?;
        tx.commit()?;
        Ok(())
    }

    fn move_articles(
        &self,
        from: StoryId,
        into: StoryId,
        articles: &[ArticleId],
        moved_entities: &[EntityMention],
    ) -> Result<usize> {
        let mut conn = self.conn();
        // Every early return drops the transaction: it rolls back, nothing changes.
        let tx = write_tx(&mut conn)?;
        let from = resolve(&tx, from)?.ok_or(StoreError::UnknownStory(from))?;
        let into = resolve(&tx, into)?.ok_or(StoreError::UnknownStory(into))?;
        if from == into {
            return Err(StoreError::BadMove(
                from,
                "reports cannot move to the story they are in".to_owned(),
            ));
        }
        let moved = move_listed(&tx, from, into, articles)?;
        remove_entities(&tx, from, moved_entities)?;
        add_entities(&tx, into, moved_entities)?;
        refresh_story(&tx, from)?;
        refresh_story(&tx, into)?;
        tx.commit()?;
        Ok(moved)
    }

    fn resolve_story(&self, id: StoryId) -> Result<Option<StoryId>> {
        let conn = self.read()?;
        resolve(&conn, id)
    }

    fn story(&self, id: StoryId) -> Result<Option<StoryDetail>> {
        let mut reader = self.read()?;
        // One read transaction: a merge or move committed meanwhile is seen whole or not at
        // all (it ends, writing nothing, when dropped).
        let conn = reader.transaction()?;
        let Some(id) = resolve(&conn, id)? else {
            return Ok(None);
        };
        let row = conn
            .query_row(
                &format!("SELECT {STORY_COLUMNS}, s.long, s.digest FROM stories s WHERE s.id = ?1"),
                [id],
                |r| {
                    Ok((
                        story_from_row(r)?,
                        r.get::<_, Option<String>>(9)?,
                        r.get::<_, Option<String>>(10)?,
                    ))
                },
            )
            .optional()?;
        let Some((summary, long, digest)) = row else {
            return Ok(None);
        };
        let digest = match digest {
            Some(d) => Some(from_json("stories.digest", &d)?),
            None => None,
        };
        let mut stmt = conn.prepare_cached(
            "SELECT a.id, a.title, a.site, a.site_name, a.published, coalesce(a.canonical_url, a.url),
                    a.duplicate_of, (SELECT i.hash FROM image_urls i WHERE i.url = a.image)
             FROM articles a WHERE a.story_id = ?1 ORDER BY a.sort_ts, a.id",
        )?;
        let articles = stmt
            .query_map([id], |r| {
                Ok(StoryArticle {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    site: r.get(2)?,
                    site_name: r.get(3)?,
                    published: r.get(4)?,
                    url: r.get(5)?,
                    duplicate_of: r.get(6)?,
                    image: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // Splits as recorded, each side followed to where it is now (merges move stories).
        let split_from = conn
            .query_row(
                "SELECT from_id FROM story_splits WHERE into_id = ?1",
                [id],
                |r| r.get::<_, StoryId>(0),
            )
            .optional()?;
        let split_from = match split_from {
            Some(f) => resolve(&conn, f)?.filter(|&f| f != id),
            None => None,
        };
        let mut split_off = Vec::new();
        let offs: Vec<StoryId> = conn
            .prepare_cached("SELECT into_id FROM story_splits WHERE from_id = ?1 ORDER BY into_id")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for off in offs {
            if let Some(s) = resolve(&conn, off)?
                && s != id
                && !split_off.contains(&s)
            {
                split_off.push(s);
            }
        }
        Ok(Some(StoryDetail {
            summary,
            long,
            digest,
            articles,
            split_from,
            split_off,
        }))
    }

    fn stories(&self, order: StoryOrder, limit: usize, offset: usize) -> Result<Vec<StorySummary>> {
        let order_by = match order {
            StoryOrder::Top => {
                "last_updated / 86400 DESC, outlets DESC, articles DESC, last_updated DESC, id DESC"
            }
            StoryOrder::Latest => "last_updated DESC, id DESC",
            StoryOrder::Coverage => "outlets DESC, last_updated DESC, id DESC",
            StoryOrder::Views => "views DESC, last_updated DESC, id DESC",
        };
        let conn = self.read()?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {STORY_COLUMNS} FROM
                (SELECT * FROM stories ORDER BY {order_by} LIMIT ?1 OFFSET ?2) s
             ORDER BY {order_by}"
        ))?;
        let rows = stmt.query_map(params![sql_n(limit), sql_n(offset)], story_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn count_stories(&self) -> Result<u64> {
        let n: i64 = self
            .read()?
            .query_row("SELECT count(*) FROM stories", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    fn count_stories_after(&self, id: StoryId) -> Result<u64> {
        let n: i64 =
            self.read()?
                .query_row("SELECT count(*) FROM stories WHERE id > ?1", [id], |r| {
                    r.get(0)
                })?;
        Ok(n as u64)
    }

    fn max_story_id(&self) -> Result<StoryId> {
        Ok(self
            .read()?
            .query_row("SELECT id FROM story_ids", [], |r| r.get(0))?)
    }

    fn articles_since(&self, since: i64) -> Result<Vec<ClusterRecord>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {RECORD_COLUMNS} FROM articles WHERE sort_ts >= ?1 ORDER BY sort_ts, id"
        ))?;
        let rows = stmt.query_map([since], record_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn unplaced_articles(&self, limit: usize) -> Result<Vec<ClusterRecord>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {RECORD_COLUMNS} FROM articles WHERE story_id IS NULL
             ORDER BY sort_ts, id LIMIT ?1"
        ))?;
        let rows = stmt.query_map([sql_n(limit)], record_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn story_sizes(&self, ids: &[StoryId]) -> Result<Vec<(StoryId, i64)>> {
        let conn = self.conn();
        let mut size = conn.prepare_cached("SELECT articles FROM stories WHERE id = ?1")?;
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            let Some(current) = resolve(&conn, id)? else {
                continue;
            };
            if let Some(n) = size
                .query_row([current], |r| r.get::<_, i64>(0))
                .optional()?
            {
                out.push((id, n));
            }
        }
        Ok(out)
    }

    fn story_records(&self, story: StoryId) -> Result<Vec<ClusterRecord>> {
        let conn = self.conn();
        let Some(story) = resolve(&conn, story)? else {
            return Ok(Vec::new());
        };
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {RECORD_COLUMNS} FROM articles WHERE story_id = ?1 ORDER BY sort_ts, id"
        ))?;
        let rows = stmt.query_map([story], record_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn set_article_quotes(&self, id: ArticleId, quotes: &serde_json::Value) -> Result<()> {
        self.conn().execute(
            "UPDATE articles SET quotes = ?2 WHERE id = ?1",
            params![id, json(quotes)],
        )?;
        Ok(())
    }

    fn set_story_digest(&self, id: StoryId, d: &StoryDigestRecord) -> Result<()> {
        self.conn().execute(
            "UPDATE stories SET headline = ?2, short = ?3, long = ?4, digest = ?5 WHERE id = ?1",
            params![id, d.headline, d.short, d.long, json(&d.digest)],
        )?;
        Ok(())
    }

    fn record_story_view(&self, id: StoryId) -> Result<()> {
        let conn = self.conn();
        if let Some(id) = resolve(&conn, id)? {
            conn.execute("UPDATE stories SET views = views + 1 WHERE id = ?1", [id])?;
        }
        Ok(())
    }

    fn sources(&self) -> Result<Vec<SourceSummary>> {
        let conn = self.read()?;
        let mut stmt = conn.prepare_cached(
            "SELECT a.site, max(a.site_name), count(*), max(a.ingested_at),
                    (SELECT count(*) FROM site_boilerplate b WHERE b.site = a.site AND b.learned = 1)
             FROM articles a WHERE a.site IS NOT NULL
             GROUP BY a.site ORDER BY count(*) DESC, a.site",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(SourceSummary {
                site: r.get(0)?,
                name: r.get(1)?,
                articles: r.get(2)?,
                last_ingested: r.get(3)?,
                boilerplate_blocks: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn add_source(&self, url: &str, added: &str) -> Result<(Source, bool)> {
        let conn = self.conn();
        let inserted = conn.execute(
            "INSERT INTO sources (url, added, next_fetch) VALUES (?1, ?2, 0)
             ON CONFLICT (url) DO NOTHING",
            params![url, added],
        )? > 0;
        let source = conn.query_row(
            &format!("SELECT {SOURCE_COLUMNS} FROM sources s WHERE s.url = ?1"),
            [url],
            source_from_row,
        )?;
        Ok((source, inserted))
    }

    fn source(&self, id: SourceId) -> Result<Option<Source>> {
        Ok(self
            .read()?
            .query_row(
                &format!("SELECT {SOURCE_COLUMNS} FROM sources s WHERE s.id = ?1"),
                [id],
                source_from_row,
            )
            .optional()?)
    }

    fn list_sources(&self) -> Result<Vec<Source>> {
        let conn = self.read()?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {SOURCE_COLUMNS} FROM sources s ORDER BY s.id"
        ))?;
        let rows = stmt.query_map([], source_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn due_sources(&self, now: i64, limit: usize) -> Result<Vec<Source>> {
        let conn = self.read()?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {SOURCE_COLUMNS} FROM sources s WHERE s.next_fetch <= ?1
             ORDER BY s.next_fetch, s.id LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![now, sql_n(limit)], source_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn record_source_fetch(&self, id: SourceId, f: &SourceFetch) -> Result<()> {
        let ok = f.error.is_none();
        let (set_etag, etag) = match &f.etag {
            Some(v) => (true, v.clone()),
            None => (false, None),
        };
        let (set_lm, lm) = match &f.last_modified {
            Some(v) => (true, v.clone()),
            None => (false, None),
        };
        self.conn().execute(
            "UPDATE sources SET
                last_fetch = ?2,
                last_ok = CASE WHEN ?3 THEN ?2 ELSE last_ok END,
                last_error = ?4,
                consecutive_failures = CASE WHEN ?3 THEN 0 ELSE consecutive_failures + 1 END,
                kind = coalesce(?5, kind),
                title = coalesce(?6, title),
                etag = CASE WHEN ?7 THEN ?8 ELSE etag END,
                last_modified = CASE WHEN ?9 THEN ?10 ELSE last_modified END,
                next_fetch = ?11
             WHERE id = ?1",
            params![
                id,
                f.at,
                ok,
                f.error,
                f.kind.map(SourceKind::as_str),
                f.title,
                set_etag,
                etag,
                set_lm,
                lm,
                f.next_fetch,
            ],
        )?;
        Ok(())
    }

    fn delete_source(&self, id: SourceId) -> Result<bool> {
        Ok(self
            .conn()
            .execute("DELETE FROM sources WHERE id = ?1", [id])?
            > 0)
    }

    fn replace_article(&self, id: ArticleId, a: &Article, clean: &[String]) -> Result<()> {
        let text = clean.join("\n\n");
        let words = clean
            .iter()
            .map(|p| p.split_whitespace().count())
            .sum::<usize>();
        let mut conn = self.conn();
        let tx = write_tx(&mut conn)?;
        // What the new extraction does not say (title, canonical URL, site name, date,
        // image), the stored article keeps; a new date moves it in time.
        tx.execute(
            "UPDATE articles SET url = coalesce(?2, url), canonical_url = coalesce(?3, canonical_url),
                site_name = coalesce(?4, site_name), title = coalesce(?5, title), authors = ?6,
                published = coalesce(?7, published), published_ts = coalesce(?8, published_ts),
                sort_ts = coalesce(?8, sort_ts), modified = ?9,
                language = ?10, image = coalesce(?11, image), section = ?12, tags = ?13,
                description = ?14, partial = ?15, raw_paragraphs = ?16, paragraphs = ?17,
                text = ?18, words = ?19, quotes = NULL
             WHERE id = ?1",
            params![
                id,
                a.url,
                a.canonical_url,
                a.site_name,
                a.title,
                json(&a.authors),
                a.published.as_ref().map(Published::to_iso),
                a.published.as_ref().map(Published::timestamp),
                a.modified.as_ref().map(Published::to_iso),
                a.language,
                a.image,
                a.section,
                json(&a.tags),
                a.description,
                a.partial,
                json(&a.paragraphs),
                json(&clean),
                text,
                sql_n(words),
            ],
        )?;
        let story: Option<StoryId> = tx
            .query_row("SELECT story_id FROM articles WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .flatten();
        if let Some(story) = story {
            refresh_story(&tx, story)?;
        }
        tx.commit()?;
        Ok(())
    }

    fn put_image(&self, url: &str, image: &CachedImage, fetched_at: &str) -> Result<()> {
        let mut conn = self.conn();
        let tx = write_tx(&mut conn)?;
        tx.execute(
            "INSERT INTO images (hash, content_type, bytes, fetched, size, used)
             VALUES (?1, ?2, ?3, ?4, ?5, unixepoch())
             ON CONFLICT (hash) DO UPDATE SET used = unixepoch()",
            params![
                image.hash,
                image.content_type,
                image.bytes,
                fetched_at,
                i64::try_from(image.bytes.len()).unwrap_or(i64::MAX)
            ],
        )?;
        tx.execute(
            "INSERT OR REPLACE INTO image_urls (url, hash) VALUES (?1, ?2)",
            params![url, image.hash],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn image(&self, hash: &str) -> Result<Option<CachedImage>> {
        let image = self
            .read()?
            .query_row(
                "SELECT hash, content_type, bytes, used < unixepoch() - 3600 FROM images
                 WHERE hash = ?1",
                [hash],
                |r| {
                    Ok((
                        CachedImage {
                            hash: r.get(0)?,
                            content_type: r.get(1)?,
                            bytes: r.get(2)?,
                        },
                        r.get::<_, bool>(3)?,
                    ))
                },
            )
            .optional()?;
        let Some((image, stale)) = image else {
            return Ok(None);
        };
        if stale {
            // Served: recently used (noted at most once an hour, for eviction). A failure
            // here only makes it look older, so the note never waits for a writer's lock,
            // this process's or another's: a page's images must not stall behind an ingest.
            let Ok(conn) = self.conn.try_lock() else {
                tracing::debug!("image {hash}: last use not noted: the writer is busy");
                return Ok(Some(image));
            };
            let noted = conn.busy_timeout(std::time::Duration::ZERO).and_then(|()| {
                conn.execute(
                    "UPDATE images SET used = unixepoch() WHERE hash = ?1",
                    [hash],
                )
            });
            if let Err(e) = noted {
                tracing::debug!("image {hash}: last use not noted: {e}");
            }
            conn.busy_timeout(BUSY_TIMEOUT)?;
        }
        Ok(Some(image))
    }

    fn prune_images(&self, max_bytes: u64) -> Result<(u64, u64)> {
        let mut conn = self.conn();
        let tx = write_tx(&mut conn)?;
        // Images no article shows any more.
        tx.execute(
            "DELETE FROM image_urls WHERE url NOT IN
                (SELECT image FROM articles WHERE image IS NOT NULL)",
            [],
        )?;
        let mut removed = u64::try_from(tx.execute(
            "DELETE FROM images WHERE hash NOT IN (SELECT hash FROM image_urls)",
            [],
        )?)
        .unwrap_or(0);
        let total: i64 = tx.query_row("SELECT coalesce(sum(size), 0) FROM images", [], |r| {
            r.get(0)
        })?;
        let mut total = u64::try_from(total).unwrap_or(0);
        if total > max_bytes {
            // Then the least recently used, until the rest fits.
            let victims: Vec<(String, i64)> = {
                let mut stmt =
                    tx.prepare("SELECT hash, size FROM images ORDER BY used, fetched, hash")?;
                let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                let mut victims = Vec::new();
                for row in rows {
                    if total <= max_bytes {
                        break;
                    }
                    let (hash, size): (String, i64) = row?;
                    total = total.saturating_sub(u64::try_from(size).unwrap_or(0));
                    victims.push((hash, size));
                }
                victims
            };
            for (hash, _) in &victims {
                tx.execute("DELETE FROM image_urls WHERE hash = ?1", [hash])?;
                tx.execute("DELETE FROM images WHERE hash = ?1", [hash])?;
            }
            removed += victims.len() as u64;
        }
        tx.commit()?;
        Ok((removed, total))
    }

    fn image_for_url(&self, url: &str) -> Result<Option<String>> {
        Ok(self
            .read()?
            .query_row("SELECT hash FROM image_urls WHERE url = ?1", [url], |r| {
                r.get(0)
            })
            .optional()?)
    }

    fn add_story_entities(&self, story: StoryId, entities: &[EntityMention]) -> Result<()> {
        let mut conn = self.conn();
        let tx = write_tx(&mut conn)?;
        add_entities(&tx, story, entities)?;
        tx.commit()?;
        Ok(())
    }

    fn story_entities(&self, story: StoryId, limit: usize) -> Result<Vec<EntitySummary>> {
        let conn = self.read()?;
        let mut stmt = conn.prepare_cached(
            "SELECT e.key, e.name, e.kind, se.mentions, se.articles
             FROM story_entities se JOIN entities e ON e.id = se.entity_id
             WHERE se.story_id = ?1 ORDER BY se.articles DESC, se.mentions DESC, e.name LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![story, sql_n(limit)], entity_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn top_entities(&self, limit: usize) -> Result<Vec<EntitySummary>> {
        let conn = self.read()?;
        let mut stmt = conn.prepare_cached(
            "SELECT e.key, e.name, e.kind, sum(se.mentions), count(*) AS stories
             FROM story_entities se JOIN entities e ON e.id = se.entity_id
             GROUP BY e.id ORDER BY stories DESC, sum(se.mentions) DESC, e.name LIMIT ?1",
        )?;
        let rows = stmt.query_map([sql_n(limit)], entity_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn entity(&self, key: &str) -> Result<Option<EntitySummary>> {
        let conn = self.read()?;
        Ok(conn
            .query_row(
                "SELECT e.key, e.name, e.kind, coalesce(sum(se.mentions), 0), count(se.story_id)
                 FROM entities e LEFT JOIN story_entities se ON se.entity_id = e.id
                 WHERE e.key = ?1 GROUP BY e.id",
                [key],
                entity_from_row,
            )
            .optional()?)
    }

    fn entity_stories(&self, key: &str, limit: usize, offset: usize) -> Result<Vec<StorySummary>> {
        let conn = self.read()?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {STORY_COLUMNS} FROM stories s
             JOIN story_entities se ON se.story_id = s.id
             JOIN entities e ON e.id = se.entity_id
             WHERE e.key = ?1 ORDER BY s.last_updated DESC, s.id DESC LIMIT ?2 OFFSET ?3"
        ))?;
        let rows = stmt.query_map(params![key, sql_n(limit), sql_n(offset)], story_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn topic_stories(&self, topic: &str, limit: usize) -> Result<Vec<StoryId>> {
        let conn = self.read()?;
        let mut stmt = conn.prepare_cached(
            "SELECT a.story_id FROM articles a JOIN stories s ON s.id = a.story_id
             WHERE lower(trim(a.section)) = ?1
                OR EXISTS (SELECT 1 FROM json_each(a.tags) t
                           WHERE lower(trim(t.value)) = ?1)
             GROUP BY a.story_id ORDER BY max(s.last_updated) DESC, a.story_id DESC LIMIT ?2",
        )?;
        let topic = topic.trim().to_lowercase();
        let rows = stmt.query_map(params![topic, sql_n(limit)], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A configured source's columns, on `sources s`; the last counts its stored articles.
const SOURCE_COLUMNS: &str = "s.id, s.url, s.kind, s.title, s.etag, s.last_modified, s.added, \
    s.last_fetch, s.last_ok, s.last_error, s.consecutive_failures, s.next_fetch, \
    (SELECT count(*) FROM articles a WHERE a.source = s.url)";

fn source_from_row(r: &Row<'_>) -> rusqlite::Result<Source> {
    Ok(Source {
        id: r.get(0)?,
        url: r.get(1)?,
        kind: r
            .get::<_, Option<String>>(2)?
            .as_deref()
            .and_then(SourceKind::parse),
        title: r.get(3)?,
        etag: r.get(4)?,
        last_modified: r.get(5)?,
        added: r.get(6)?,
        last_fetch: r.get(7)?,
        last_ok: r.get(8)?,
        last_error: r.get(9)?,
        consecutive_failures: r.get(10)?,
        next_fetch: r.get(11)?,
        articles: r.get(12)?,
    })
}

/// A story's list columns, on `stories s`; the last is the JSON array of its outlets' names
/// (distinct, original reports only).
const STORY_COLUMNS: &str = "s.id, s.headline, s.short, s.articles, s.outlets, s.first_seen, \
    s.last_updated, s.views, (SELECT json_group_array(name) FROM (SELECT DISTINCT \
    coalesce(a.site_name, a.site) AS name FROM articles a WHERE a.story_id = s.id \
    AND a.duplicate_of IS NULL AND coalesce(a.site_name, a.site) IS NOT NULL ORDER BY a.sort_ts))";

fn story_from_row(r: &Row<'_>) -> rusqlite::Result<StorySummary> {
    Ok(StorySummary {
        id: r.get(0)?,
        headline: r.get(1)?,
        short: r.get(2)?,
        articles: r.get(3)?,
        outlets: r.get(4)?,
        first_seen: r.get(5)?,
        last_updated: r.get(6)?,
        views: r.get(7)?,
        outlet_names: r
            .get::<_, Option<String>>(8)?
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default(),
    })
}

const RECORD_COLUMNS: &str =
    "id, title, text, language, site, site_name, sort_ts, story_id, duplicate_of, quotes";

fn record_from_row(r: &Row<'_>) -> rusqlite::Result<ClusterRecord> {
    Ok(ClusterRecord {
        id: r.get(0)?,
        title: r.get(1)?,
        text: r.get(2)?,
        language: r.get(3)?,
        site: r.get(4)?,
        site_name: r.get(5)?,
        time: r.get(6)?,
        story: r.get(7)?,
        duplicate_of: r.get(8)?,
        quotes: r
            .get::<_, Option<String>>(9)?
            .and_then(|q| serde_json::from_str(&q).ok()),
    })
}

fn entity_from_row(r: &Row<'_>) -> rusqlite::Result<EntitySummary> {
    Ok(EntitySummary {
        key: r.get(0)?,
        name: r.get(1)?,
        kind: r.get(2)?,
        mentions: r.get(3)?,
        count: r.get(4)?,
    })
}

/// Moves the listed articles still in story `from` to story `into`, each with its copies
/// there (only those: a stray copy in `from` of a report that was in `into` already stays). Returns the articles moved. Fails with [`StoreError::BadMove`] when
/// none of the listed articles is in `from`, or when nothing would be left in it; the caller
/// then drops the transaction.
fn move_listed(
    tx: &rusqlite::Transaction<'_>,
    from: StoryId,
    into: StoryId,
    articles: &[ArticleId],
) -> Result<usize> {
    let (mut moved, mut copies) = (0, 0);
    {
        let mut move_one =
            tx.prepare_cached("UPDATE articles SET story_id = ?3 WHERE id = ?1 AND story_id = ?2")?;
        let mut move_copies = tx.prepare_cached(
            "UPDATE articles SET story_id = ?3 WHERE duplicate_of = ?1 AND story_id = ?2",
        )?;
        for &article in articles {
            let n = move_one.execute(params![article, from, into])?;
            if n > 0 {
                moved += n;
                copies += move_copies.execute(params![article, from, into])?;
            }
        }
    }
    if moved == 0 {
        return Err(StoreError::BadMove(
            from,
            format!("none of the articles meant for story {into} is in it"),
        ));
    }
    let left: i64 = tx.query_row(
        "SELECT count(*) FROM articles WHERE story_id = ?1",
        [from],
        |r| r.get(0),
    )?;
    if left == 0 {
        return Err(StoreError::BadMove(
            from,
            format!("all of its articles would move to story {into}"),
        ));
    }
    Ok(moved + copies)
}

/// Adds mentions to a story's entities: each entry is one article's mentions of one entity
/// (its count adds to the story's mentions, the entry to its articles).
/// Checks that a new story's id is free (no story, no redirect from it): two writers sharing
/// one fail loudly with [`StoreError::StoryExists`] rather than join unrelated reports.
fn claim_new_story_id(conn: &Connection, id: StoryId) -> Result<()> {
    let taken: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM stories WHERE id = ?1)
             OR EXISTS (SELECT 1 FROM story_redirects WHERE from_id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if taken {
        return Err(StoreError::StoryExists(id));
    }
    Ok(())
}

/// Takes mentions counted by [`add_entities`] off a story again (rows left with no article
/// go).
fn remove_entities(conn: &Connection, story: StoryId, entities: &[EntityMention]) -> Result<()> {
    let mut take = conn.prepare_cached(
        "UPDATE story_entities SET mentions = max(0, mentions - ?3), articles = articles - 1
         WHERE story_id = ?1 AND entity_id = (SELECT id FROM entities WHERE key = ?2)",
    )?;
    for e in entities {
        take.execute(params![story, e.key, e.count])?;
    }
    conn.execute(
        "DELETE FROM story_entities WHERE story_id = ?1 AND articles <= 0",
        [story],
    )?;
    Ok(())
}

fn add_entities(conn: &Connection, story: StoryId, entities: &[EntityMention]) -> Result<()> {
    let mut upsert_entity = conn.prepare_cached(
        "INSERT INTO entities (key, name, kind) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET key = key RETURNING id",
    )?;
    let mut add = conn.prepare_cached(
        "INSERT INTO story_entities (story_id, entity_id, mentions, articles)
         VALUES (?1, ?2, ?3, 1)
         ON CONFLICT (story_id, entity_id) DO UPDATE SET
            mentions = mentions + excluded.mentions, articles = articles + 1",
    )?;
    for e in entities {
        let id: i64 = upsert_entity.query_row(params![e.key, e.name, e.kind], |r| r.get(0))?;
        add.execute(params![story, id, e.count])?;
    }
    Ok(())
}

/// Recomputes a story's counts and times from its articles. Outlets are distinct sites among
/// the original reports (copies do not count; an article with no site counts as its own).
fn refresh_story(conn: &Connection, story: StoryId) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE stories SET
            articles = (SELECT count(*) FROM articles WHERE story_id = ?1),
            outlets = (SELECT count(DISTINCT coalesce(site, 'article:' || id)) FROM articles
                       WHERE story_id = ?1 AND duplicate_of IS NULL),
            first_seen = coalesce((SELECT min(sort_ts) FROM articles WHERE story_id = ?1), first_seen),
            last_updated = coalesce((SELECT max(sort_ts) FROM articles WHERE story_id = ?1), last_updated)
         WHERE id = ?1",
        [story],
    )?;
    Ok(())
}

fn resolve(conn: &Connection, id: StoryId) -> Result<Option<StoryId>> {
    let exists: Option<i64> = conn
        .query_row("SELECT id FROM stories WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    if exists.is_some() {
        return Ok(exists);
    }
    let to: Option<i64> = conn
        .query_row(
            "SELECT to_id FROM story_redirects WHERE from_id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::{MIGRATIONS, SqliteStore};

    /// Two processes opening a database of an older schema at once: one migrates, the other
    /// waits and finds it done (neither fails on "table already exists").
    #[test]
    fn two_openers_of_an_old_database_migrate_it_once() {
        for _ in 0..5 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("tidings.db");
            {
                let conn = rusqlite::Connection::open(&path).unwrap();
                conn.pragma_update(None, "journal_mode", "WAL").unwrap();
                for (i, step) in MIGRATIONS.iter().enumerate().take(4) {
                    conn.execute_batch(step).unwrap();
                    conn.pragma_update(None, "user_version", (i + 1) as i64)
                        .unwrap();
                }
            }
            let barrier = std::sync::Barrier::new(2);
            let opened: Vec<_> = std::thread::scope(|s| {
                let open = || {
                    barrier.wait();
                    SqliteStore::open(&path).map(|st| st.schema_version())
                };
                let a = s.spawn(open);
                let b = s.spawn(open);
                [a.join().unwrap(), b.join().unwrap()]
                    .into_iter()
                    .map(|r| {
                        r.map_err(|e| e.to_string())
                            .and_then(|v| v.map_err(|e| e.to_string()))
                    })
                    .collect()
            });
            let known = MIGRATIONS.len() as i64;
            assert_eq!(opened, [Ok(known), Ok(known)]);
        }
    }
}
