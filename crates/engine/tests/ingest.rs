//! Ingestion end to end: files in, stored articles out, duplicates skipped, bad input reported
//! without losing anything, site boilerplate learned and removed retroactively.

use std::path::{Path, PathBuf};

use tidings_engine::{Engine, Outcome};
use tidings_extract::Article;
use tidings_store::{SqliteStore, Store};

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../extract/tests/fixtures/seeds")
}

fn engine() -> Engine<SqliteStore> {
    Engine::new(SqliteStore::in_memory().expect("in-memory store")).expect("engine")
}

#[test]
fn seeds_are_ingested_once() {
    let engine = engine();
    let first = engine.ingest_paths(&[seeds_dir()], |_| {});
    assert_eq!(first.added.len(), 2, "failed: {:?}", first.failed);
    assert!(first.failed.is_empty(), "{:?}", first.failed);
    let again = engine.ingest_paths(&[seeds_dir()], |_| {});
    assert_eq!((again.added.len(), again.known), (0, 2));
    let store = engine.store();
    assert_eq!(store.count_articles().unwrap(), 2);
    let titles: Vec<String> = store
        .articles(10, 0)
        .unwrap()
        .into_iter()
        .filter_map(|a| a.title)
        .collect();
    assert!(
        titles.contains(
            &"Iran Rejects Reports of Communication with the US, Prepares for Extended Conflict"
                .to_string()
        )
    );
    assert!(titles.contains(&"US and Iran may have held secret talks behind Israel's back, Netanyahu demands explanation".to_string()));
    let hits = store.search("Netanyahu", 10).unwrap();
    assert_eq!(hits.len(), 2);
    let hits = store.search("Haftko", 10).unwrap();
    assert!(
        hits.is_empty(),
        "the byline is metadata, not searchable body text"
    );
    let unn = store.search("\"secret talks\"", 10).unwrap();
    assert_eq!(unn.len(), 1);
    let stored = store.article(unn[0].id).unwrap().unwrap();
    assert_eq!(stored.article.authors, ["Stepan Haftko"]);
    assert_eq!(
        stored.article.language.as_deref(),
        Some("en"),
        "language filled from the text"
    );
    assert!(!stored.article.text().contains("32 views"));
}

#[test]
fn a_bad_file_does_not_stop_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("empty.html"), b"").unwrap();
    std::fs::write(
        d.join("image.html"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01",
    )
    .unwrap();
    std::fs::write(
        d.join("broken.rss"),
        b"<?xml version=\"1.0\"?><rss><channel><item><title>x</ti",
    )
    .unwrap();
    std::fs::write(d.join("gz.html.gz"), b"this is not gzip").unwrap();
    std::fs::write(
        d.join("lines.jsonl"),
        concat!(
            "{\"url\": \"https://news.example/a\", \"text\": \"Ministers agreed on a new budget on Tuesday after weeks of talks between the coalition partners.\", \"title\": \"Budget agreed\", \"published\": \"2024-06-12\"}\n",
            "{\"text\": \"no url here\"}\n",
            "{\"url\": \"https://news.example/b\"}\n",
            "not json at all\n",
        ),
    )
    .unwrap();
    std::fs::copy(seeds_dir().join("unn-2026-03-05.txt"), d.join("unn.txt")).unwrap();
    let engine = engine();
    let report = engine.ingest_paths(&[d.to_path_buf(), d.join("missing.html")], |_| {});
    assert_eq!(
        report.added.len(),
        2,
        "the good JSON line and the seed: {:?}",
        report.failed
    );
    let failed = report.failed.join("\n");
    for name in [
        "empty.html",
        "image.html",
        "broken.rss",
        "gz.html.gz",
        "lines.jsonl:2",
        "lines.jsonl:3",
        "lines.jsonl:4",
        "missing.html",
    ] {
        assert!(
            failed.contains(name),
            "no error naming {name} in:\n{failed}"
        );
    }
    assert!(failed.contains("missing field \"url\""), "{failed}");
    assert!(failed.contains("needs \"html\" or \"text\""), "{failed}");
    let budget = engine.store().search("budget", 5).unwrap();
    assert_eq!(budget[0].title.as_deref(), Some("Budget agreed"));
    assert_eq!(budget[0].published.as_deref(), Some("2024-06-12"));
}

#[test]
fn failures_lose_nothing_already_stored() {
    let engine = engine();
    engine.ingest_paths(&[seeds_dir()], |_| {});
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.html"), b"\0\0\0\0binary").unwrap();
    let report = engine.ingest_paths(&[dir.path().to_path_buf()], |_| {});
    assert_eq!(report.failed.len(), 1);
    assert_eq!(engine.store().count_articles().unwrap(), 2);
}

fn page(site: &str, n: usize, body: &[&str]) -> Article {
    Article {
        url: Some(format!("https://www.{site}/news/{n}")),
        title: Some(format!("Story number {n}")),
        paragraphs: body.iter().map(|s| s.to_string()).collect(),
        ..Article::default()
    }
}

/// A promo paragraph a site puts on every page.
const PROMO: &str =
    "“Get the Daily Example app: all our reporting, none of the ads,” the editors said.";

/// Four unrelated local reports of one site.
const LOCAL_NEWS: [&str; 4] = [
    "The city council approved the new tram line after a long debate on Monday evening.",
    "Heavy rain flooded several streets in the old town, and the fire brigade pumped out cellars.",
    "The local football club signed a new goalkeeper from a second-division rival this week.",
    "A new library opened in the northern district, with a large children's section and a cafe.",
];

#[test]
fn site_boilerplate_is_learned_and_removed_retroactively() {
    let engine = engine();
    let promo = PROMO;
    let bodies = LOCAL_NEWS;
    let mut ids = Vec::new();
    for (n, body) in bodies.iter().enumerate() {
        let (outcome, _) = engine
            .ingest_article(page("example.org", n, &[body, promo]), "test")
            .unwrap();
        let Outcome::Added(id) = outcome else {
            panic!("new page {n} was not added")
        };
        ids.push(id);
    }
    // Another site's identical paragraph is another site's business.
    let (other, _) = engine
        .ingest_article(page("other.net", 0, &[bodies[0], promo]), "test")
        .unwrap();
    let store = engine.store();
    for (id, body) in ids.iter().zip(bodies) {
        let a = store.article(*id).unwrap().unwrap().article;
        assert_eq!(a.paragraphs, [body], "article {id} still carries the promo");
    }
    let Outcome::Added(other) = other else {
        panic!()
    };
    assert_eq!(
        store
            .article(other)
            .unwrap()
            .unwrap()
            .article
            .paragraphs
            .len(),
        2
    );
    assert!(
        store
            .search("\"Daily Example app\"", 10)
            .unwrap()
            .iter()
            .all(|h| h.id == other),
        "search index updated too"
    );
}

#[test]
fn learning_boilerplate_rewrites_the_digests_that_quoted_it() {
    let engine = engine();
    let promo = PROMO;
    let bodies = &LOCAL_NEWS[..3];
    // The third page teaches the promo; the stories' digests were written before that.
    for (n, body) in bodies.iter().enumerate() {
        engine
            .ingest_article(page("example.org", n, &[body, promo]), "test")
            .unwrap();
    }
    let store = engine.store();
    for s in store
        .stories(tidings_store::StoryOrder::Latest, 10, 0)
        .unwrap()
    {
        let digest = store.story(s.id).unwrap().unwrap().digest.expect("digest");
        assert!(!digest["short"].as_str().unwrap_or_default().is_empty());
        assert!(
            !digest.to_string().contains("Daily Example app"),
            "story {}'s digest quotes the promo: {digest}",
            s.id
        );
    }
}

#[test]
fn a_promo_repeated_before_it_is_learned_does_not_fold_a_site_into_one_story() {
    // Before the promo is learned (three pages), it is the longest thing the first pages
    // share: it must not put unrelated reports in one story, nor make one a copy of another.
    let engine = engine();
    let promo = "Download the Daily Example app today to get breaking news alerts, live \
                 video from our reporters, the morning newsletter and all our local \
                 reporting on your phone, with none of the ads and none of the tracking.";
    let titles = ["Council approves tram line", "Rain floods the old town"];
    let mut stories = Vec::new();
    for (n, body) in LOCAL_NEWS[..2].iter().enumerate() {
        let mut article = page("example.net", n, &[body, promo]);
        article.title = Some(titles[n].to_string());
        let (outcome, _) = engine.ingest_article(article, "test").unwrap();
        let Outcome::Added(id) = outcome else {
            panic!("not added: {outcome:?}");
        };
        let record = engine.store().article(id).unwrap().expect("stored");
        assert_eq!(record.duplicate_of, None, "page {n} marked a copy");
        stories.push(record.story_id);
    }
    assert_ne!(stories[0], stories[1], "two unrelated reports in one story");
}

/// `javascript:`, `data:` and other non-http(s) links are never stored: an article's
/// address, canonical URL and image are dropped, and a document whose address is not a web
/// URL takes its identity from its content (two such documents stay two).
#[test]
fn only_web_links_are_stored() {
    let engine = engine();
    let article = Article {
        url: Some("javascript:alert(document.cookie)".into()),
        canonical_url: Some("data:text/html,<script>alert(1)</script>".into()),
        image: Some(" JaVaScRiPt:alert(1)".into()),
        title: Some("Ferry line to open in spring".into()),
        paragraphs: vec!["The harbour authority said the new ferry line would open.".into()],
        ..Article::default()
    };
    let (Outcome::Added(id), _) = engine.ingest_article(article, "test").unwrap() else {
        panic!("stored")
    };
    let stored = engine.store().article(id).unwrap().unwrap();
    assert_eq!(stored.article.url, None);
    assert_eq!(stored.article.canonical_url, None);
    assert_eq!(stored.article.image, None);
    assert!(stored.identity.starts_with("hash:"), "{}", stored.identity);

    // JSON Lines take their address from the input: the same holds.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("links.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"url": "javascript:alert(1)", "title": "Budget agreed", "text": "Ministers agreed on a new budget on Tuesday after weeks of talks."}"#,
            "\n",
            r#"{"url": "vbscript:msgbox", "title": "Roof repaired", "text": "Workers repaired the roof of the island school on Tuesday."}"#,
            "\n",
            r#"{"url": "https://news.example/c", "title": "Bridge opened", "text": "The new bridge opened to traffic on Wednesday morning."}"#,
            "\n",
        ),
    )
    .unwrap();
    let report = engine.ingest_paths(&[file], |_| {});
    assert_eq!(report.added.len(), 3, "{:?}", report.failed);
    for id in &report.added {
        let a = engine.store().article(*id).unwrap().unwrap().article;
        assert!(
            a.url
                .as_deref()
                .is_none_or(tidings_extract::links::is_web_url),
            "{:?}",
            a.url
        );
    }
    let web = engine.store().article(report.added[2]).unwrap().unwrap();
    assert_eq!(web.article.url.as_deref(), Some("https://news.example/c"));
    assert_eq!(web.identity, "url:news.example/c");
}
