//! Inputs the fuzz targets (`fuzz/`) found that broke the extractor, one test each, so that
//! none comes back. Each runs in a thread with a small stack, as the fuzz harness runs them.

mod common;
use common::small_stack;

use tidings_extract::extract_feed;

/// `fuzz run feed` (2026-12-04): a generated feed whose item held tens of thousands of
/// `<category>`s hung past libFuzzer's 60 s timeout: each tag was checked against every
/// tag kept before it. Tags and authors are now capped and checked against a set.
#[test]
fn an_item_with_a_flood_of_categories_and_authors_keeps_a_few() {
    let categories: String = (0..20_000)
        .map(|i| format!("<category>topic {i}</category><dc:creator>Writer {i}</dc:creator>"))
        .collect();
    let feed = format!(
        r#"<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>
        <item><title>Harbour budget</title><link>https://news.example.com/a</link>
        <description>The council met on Thursday.</description>{categories}</item></channel></rss>"#
    );
    let items = small_stack(move || extract_feed(feed.as_bytes(), None))
        .unwrap_or_else(|e| panic!("feed refused: {e}"));
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(item.tags.len(), 50, "tags: {}", item.tags.len());
    assert_eq!(item.tags[0], "topic 0");
    assert_eq!(item.tags[49], "topic 49");
    assert!(
        (1..=20).contains(&item.authors.len()),
        "authors: {}",
        item.authors.len()
    );
}

/// `fuzz run feed` (2026-12-04, after the bounds): a feed of bare `&`s (no `;` after them)
/// took 50 s: repairing each `&` looked for a `;` in the whole rest of the feed (this one:
/// 1.6 s before, 0.05 s after; it checks the repair still keeps every bare `&`).
#[test]
fn a_feed_of_bare_ampersands_is_repaired_in_one_pass() {
    let noise = "AT&T R&D & ".repeat(40_000);
    let feed = format!(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
        <item><title>Harbour & budget</title><link>https://news.example.com/a</link>
        <description>The council met on Thursday. {noise}</description></item></channel></rss>"#
    );
    let items = small_stack(move || extract_feed(feed.as_bytes(), None))
        .unwrap_or_else(|e| panic!("feed refused: {e}"));
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].title.as_deref(), Some("Harbour & budget"));
    let text = items[0].paragraphs.join(" ");
    assert!(
        text.contains("AT&T R&D & AT&T"),
        "{}",
        &text[..text.len().min(200)]
    );
}
