//! Versioned schema migrations. Each step runs once, in order, in one transaction; the
//! version is kept in `PRAGMA user_version`. Add steps at the end, never edit a shipped one.

pub const MIGRATIONS: &[&str] = &[
    // 1: articles, their full-text index, learned site boilerplate.
    r#"
    CREATE TABLE articles (
        id            INTEGER PRIMARY KEY,
        identity      TEXT NOT NULL UNIQUE,
        source        TEXT NOT NULL,
        site          TEXT,
        url           TEXT,
        canonical_url TEXT,
        guid          TEXT,
        site_name     TEXT,
        title         TEXT,
        authors       TEXT NOT NULL DEFAULT '[]',
        published     TEXT,
        published_ts  INTEGER,
        modified      TEXT,
        ingested_at   TEXT NOT NULL,
        sort_ts       INTEGER NOT NULL,
        language      TEXT,
        image         TEXT,
        section       TEXT,
        tags          TEXT NOT NULL DEFAULT '[]',
        description   TEXT,
        partial       INTEGER NOT NULL DEFAULT 0,
        raw_paragraphs TEXT NOT NULL,
        paragraphs    TEXT NOT NULL,
        text          TEXT NOT NULL,
        words         INTEGER NOT NULL,
        fingerprint   INTEGER,
        duplicate_of  INTEGER REFERENCES articles(id),
        story_id      INTEGER,
        views         INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX articles_sort ON articles(sort_ts DESC, id DESC);
    CREATE INDEX articles_site ON articles(site);
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    END;
    CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TABLE site_boilerplate (
        site      TEXT NOT NULL,
        block     INTEGER NOT NULL,
        sample    TEXT NOT NULL,
        pages     INTEGER NOT NULL,
        learned   INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (site, block)
    ) WITHOUT ROWID;
    "#,
    // 2: stories and the redirects of merged ones.
    r#"
    CREATE TABLE stories (
        id           INTEGER PRIMARY KEY,
        slug         TEXT,
        headline     TEXT,
        short        TEXT,
        long         TEXT,
        digest       TEXT,
        first_seen   INTEGER NOT NULL,
        last_updated INTEGER NOT NULL,
        articles     INTEGER NOT NULL DEFAULT 0,
        outlets      INTEGER NOT NULL DEFAULT 0,
        views        INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX stories_latest ON stories(last_updated DESC);
    CREATE INDEX stories_coverage ON stories(outlets DESC, last_updated DESC);
    CREATE TABLE story_redirects (
        from_id INTEGER PRIMARY KEY,
        to_id   INTEGER NOT NULL
    );
    CREATE TABLE story_ids (id INTEGER NOT NULL);
    INSERT INTO story_ids VALUES (0);
    CREATE INDEX articles_story ON articles(story_id);
    "#,
    // 3: entities (people, organisations, places) by story, for browsing.
    r#"
    CREATE TABLE entities (
        id   INTEGER PRIMARY KEY,
        key  TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL
    );
    CREATE TABLE story_entities (
        story_id  INTEGER NOT NULL,
        entity_id INTEGER NOT NULL REFERENCES entities(id),
        mentions  INTEGER NOT NULL,
        articles  INTEGER NOT NULL,
        PRIMARY KEY (story_id, entity_id)
    ) WITHOUT ROWID;
    CREATE INDEX story_entities_entity ON story_entities(entity_id);
    "#,
    // 4: each article's quotes (JSON; NULL until found, and again when its text changes).
    r#"
    ALTER TABLE articles ADD COLUMN quotes TEXT;
    "#,
    // 5: configured sources (feeds and pages fetched over the network) with their health,
    // and the local image cache (lead images, fetched once, served from here).
    r#"
    CREATE TABLE sources (
        id                   INTEGER PRIMARY KEY,
        url                  TEXT NOT NULL UNIQUE,
        kind                 TEXT,
        title                TEXT,
        etag                 TEXT,
        last_modified        TEXT,
        added                TEXT NOT NULL,
        last_fetch           TEXT,
        last_ok              TEXT,
        last_error           TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        next_fetch           INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX sources_due ON sources(next_fetch);
    CREATE INDEX articles_source ON articles(source);
    CREATE TABLE images (
        hash         TEXT PRIMARY KEY,
        content_type TEXT NOT NULL,
        bytes        BLOB NOT NULL,
        fetched      TEXT NOT NULL
    );
    CREATE TABLE image_urls (
        url  TEXT PRIMARY KEY,
        hash TEXT NOT NULL REFERENCES images(hash)
    ) WITHOUT ROWID;
    "#,
    // 6: the image cache is bounded: each image's size and when it was last served (Unix
    // seconds), for least-recently-used eviction; articles found by their image URL.
    r#"
    ALTER TABLE images ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE images ADD COLUMN used INTEGER NOT NULL DEFAULT 0;
    UPDATE images SET size = length(bytes), used = coalesce(unixepoch(fetched), 0);
    CREATE INDEX images_used ON images(used);
    CREATE INDEX articles_image ON articles(image) WHERE image IS NOT NULL;
    "#,
    // 7: stories split in two (a story found to hold two events): which story each new one
    // split off, so both can say so.
    r#"
    CREATE TABLE story_splits (
        into_id INTEGER PRIMARY KEY,
        from_id INTEGER NOT NULL,
        at      INTEGER NOT NULL
    );
    CREATE INDEX story_splits_from ON story_splits(from_id);
    "#,
];
