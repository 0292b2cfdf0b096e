//! Feeds to articles: RSS 0.91, RSS 1.0, RSS 2.0, Atom and JSON Feed fixtures (written for
//! these tests, see `fixtures/feeds/ORIGIN.md`), plus an ignored measurement against the
//! shared conformance corpora.

mod common;
use common::small_stack;

use chrono::{DateTime, NaiveDate};
use tidings_extract::feed::looks_like_feed;
use tidings_extract::{Article, ExtractError, Published, extract_feed};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/feeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn articles(name: &str, url: Option<&str>) -> Vec<Article> {
    extract_feed(&fixture(name), url).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn zoned(text: &str) -> Option<Published> {
    Some(Published::Zoned(
        DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text}: {e}")),
    ))
}

#[test]
fn rss_091_latin1_summary_items_are_partial() {
    let items = articles("rss091.xml", None);
    assert_eq!(items.len(), 2);
    let first = &items[0];
    assert_eq!(first.title.as_deref(), Some("Marché & fête ce week-end"));
    assert_eq!(
        first.url.as_deref(),
        Some("http://gazette.example.org/2026/03/marche.html")
    );
    assert_eq!(first.site_name.as_deref(), Some("Gazette du Café"));
    assert_eq!(first.language.as_deref(), Some("fr"));
    assert!(first.partial, "a description-only item is partial");
    assert_eq!(
        first.paragraphs,
        ["Le marché de printemps ouvre samedi place de l'Église."]
    );
    assert_eq!(
        first.description.as_deref(),
        Some(first.paragraphs[0].as_str())
    );
    // A raw ISO-8859-1 byte, decoded by the XML declaration.
    assert_eq!(items[1].title.as_deref(), Some("Travaux à la rue Haute"));
}

#[test]
fn rss_10_rdf_keeps_dates_and_creators() {
    let items = articles("rss10.rdf", None);
    assert_eq!(items.len(), 2);
    let strike = &items[0];
    assert_eq!(strike.title.as_deref(), Some("Ferry crews walk out"));
    assert_eq!(
        strike.url.as_deref(),
        Some("https://harbour.example.net/ferry-strike")
    );
    assert_eq!(strike.published, zoned("2026-03-05T06:45:00+02:00"));
    assert_eq!(
        strike.published.map(|p| p.to_iso()).as_deref(),
        Some("2026-03-05T06:45:00+02:00"),
        "the offset written in the feed is kept"
    );
    assert_eq!(strike.authors, ["Ann Lowe"]);
    assert_eq!(strike.site_name.as_deref(), Some("Harbour Times"));
    assert!(strike.partial);
    assert_eq!(
        items[1].published.map(|p| p.date()),
        NaiveDate::from_ymd_opt(2026, 3, 4)
    );
}

#[test]
fn rss_20_content_encoded_becomes_paragraphs() {
    let items = articles(
        "rss20_content.xml",
        Some("https://news.example.com/feeds/world.xml"),
    );
    let talks = &items[0];
    assert_eq!(talks.title.as_deref(), Some("Talks resume in Muscat"));
    assert!(!talks.partial, "content:encoded is the full body");
    assert_eq!(
        talks.paragraphs,
        [
            "Negotiators met again on Thursday in Muscat.",
            "The venue.",
            "What was said",
            "No message was sent, one side said.",
            "Officials disagreed.",
            "Talks continue on Friday.",
        ]
    );
    assert!(
        !talks.text().contains("trackPageView") && !talks.text().contains("color"),
        "scripts and styles are dropped"
    );
    assert_eq!(
        talks.description.as_deref(),
        Some("Negotiators met again on Thursday.")
    );
    assert_eq!(talks.authors, ["Jane Doe"]);
    assert_eq!(talks.language.as_deref(), Some("en"));
    assert_eq!(talks.site_name.as_deref(), Some("The Daily Example"));
}

#[test]
fn rss_20_guids_dates_and_tags() {
    let items = articles(
        "rss20_content.xml",
        Some("https://news.example.com/feeds/world.xml"),
    );
    assert_eq!(
        items[0].guid.as_deref(),
        Some("tag:news.example.com,2026:4711")
    );
    assert_eq!(items[0].published, zoned("2026-03-05T14:30:00+03:30"));
    assert_eq!(items[0].tags, ["World", "Diplomacy"]);
    assert_eq!(
        items[1].guid.as_deref(),
        Some("https://news.example.com/business/markets-steady")
    );
    assert_eq!(items[1].published, zoned("2026-03-05T09:00:00+00:00"));
    assert_eq!(items[1].tags, ["Business"]);
}

#[test]
fn relative_links_resolve_against_the_feed_url() {
    let items = articles(
        "rss20_content.xml",
        Some("https://news.example.com/feeds/world.xml"),
    );
    assert_eq!(
        items[0].url.as_deref(),
        Some("https://news.example.com/world/2026/03/05/talks-resume")
    );
    assert_eq!(
        items[0].image.as_deref(),
        Some("https://news.example.com/img/muscat.jpg"),
        "the content's first image, resolved"
    );
    // Without a feed URL, a relative link cannot be made absolute: no link rather than one a
    // reader's browser would resolve against the wrong site.
    let bare = articles("rss20_content.xml", None);
    assert_eq!(bare[0].url, None);
    assert_eq!(bare[0].title.as_deref(), Some("Talks resume in Muscat"));
}

#[test]
fn summary_only_item_is_partial_and_images_come_from_media() {
    let items = articles("rss20_content.xml", None);
    let markets = &items[1];
    assert!(markets.partial);
    assert_eq!(markets.paragraphs, ["Stocks were flat in early trading."]);
    assert_eq!(
        markets.image.as_deref(),
        Some("https://cdn.example.com/thumbs/markets.jpg")
    );
}

#[test]
fn empty_items_are_skipped_and_title_only_items_kept() {
    let items = articles("rss20_content.xml", None);
    assert_eq!(items.len(), 3, "the item with only a GUID is skipped");
    assert!(items.iter().all(|a| a.guid.as_deref() != Some("empty-1")));
    let photo = &items[2];
    assert_eq!(photo.title.as_deref(), Some("Photo of the day"));
    assert_eq!(
        photo.url.as_deref(),
        Some("https://news.example.com/photos/day"),
        "a permalink GUID stands in for a missing link"
    );
    assert_eq!(
        photo.image.as_deref(),
        Some("https://cdn.example.com/photos/day.jpg")
    );
    assert!(photo.paragraphs.is_empty());
}

#[test]
fn atom_html_content_alternate_link_and_xml_base() {
    let items = articles("atom_html.xml", Some("https://elsewhere.example/feed"));
    assert_eq!(items.len(), 2);
    let bridge = &items[0];
    assert_eq!(bridge.title.as_deref(), Some("Neue Brücke eröffnet"));
    assert_eq!(
        bridge.url.as_deref(),
        Some("https://blog.example.de/2026/03/bruecke"),
        "rel=alternate wins over replies/enclosure, resolved against xml:base"
    );
    assert_eq!(
        bridge.guid.as_deref(),
        Some("tag:blog.example.de,2026:bruecke")
    );
    assert_eq!(
        bridge.paragraphs,
        [
            "Die neue Brücke wurde am Donnerstag eröffnet.",
            "Der Bürgermeister sprach von einem „großen Tag“.",
        ]
    );
    assert!(!bridge.partial);
    assert_eq!(bridge.description.as_deref(), Some("Die Brücke ist offen."));
    assert_eq!(bridge.published, zoned("2026-03-05T09:15:00+01:00"));
    assert_eq!(bridge.modified, zoned("2026-03-05T17:40:00+01:00"));
    assert_eq!(bridge.authors, ["Max Muster"]);
    assert_eq!(bridge.tags, ["Verkehr", "stadt"]);
    assert_eq!(
        bridge.image.as_deref(),
        Some("https://blog.example.de/media/bruecke.png")
    );
    assert_eq!(bridge.site_name.as_deref(), Some("Notizen & Berichte"));
    assert_eq!(bridge.language.as_deref(), Some("de"));

    let short = &items[1];
    assert!(short.partial);
    assert_eq!(short.paragraphs, ["Kurz & knapp."]);
    assert_eq!(
        short.published,
        zoned("2026-03-04T08:00:00+00:00"),
        "updated stands in for a missing published"
    );
    assert_eq!(
        short.authors,
        ["Redaktion"],
        "entries inherit the feed author"
    );
    assert_eq!(
        short.url.as_deref(),
        Some("https://blog.example.de/2026/03/kurz")
    );
}

#[test]
fn json_feed_11() {
    let items = articles("jsonfeed11.json", None);
    assert_eq!(items.len(), 2);
    let storm = &items[0];
    assert_eq!(storm.title.as_deref(), Some("Tormenta en la costa"));
    assert_eq!(storm.guid.as_deref(), Some("2026-03-05-tormenta"));
    assert_eq!(
        storm.url.as_deref(),
        Some("https://night.example.org/2026/03/05/tormenta")
    );
    assert_eq!(
        storm.paragraphs,
        [
            "La tormenta llegó a las tres de la madrugada.",
            "No hubo heridos."
        ]
    );
    assert!(!storm.partial);
    assert_eq!(
        storm.description.as_deref(),
        Some("Una tormenta sin heridos.")
    );
    assert_eq!(
        storm.image.as_deref(),
        Some("https://night.example.org/img/tormenta.jpg")
    );
    assert_eq!(storm.published, zoned("2026-03-05T03:20:00-03:00"));
    assert_eq!(storm.modified, zoned("2026-03-05T07:00:00-03:00"));
    assert_eq!(storm.tags, ["clima", "costa"]);
    assert_eq!(storm.authors, ["Lucía Pérez"]);
    assert_eq!(storm.language.as_deref(), Some("es"));
    assert_eq!(storm.site_name.as_deref(), Some("Night Desk"));

    let brief = &items[1];
    assert!(brief.partial);
    assert_eq!(brief.paragraphs, ["Solo un resumen."]);
    assert_eq!(brief.authors, ["Night Desk Staff"]);
}

#[test]
fn broken_xml_is_a_clear_feed_error() {
    match extract_feed(&fixture("broken.xml"), None) {
        Err(ExtractError::Feed(reason)) => {
            assert!(reason.contains("XML"), "reason names the problem: {reason}");
        }
        other => panic!("expected a feed error, got {other:?}"),
    }
}

#[test]
fn not_a_feed_is_a_clear_feed_error() {
    match extract_feed(
        b"<!DOCTYPE html><html><body><p>Hello</p></body></html>",
        None,
    ) {
        Err(ExtractError::Feed(reason)) => assert!(reason.contains("not a feed"), "{reason}"),
        other => panic!("expected a feed error, got {other:?}"),
    }
    match extract_feed(
        br#"{"version": "https://jsonfeed.org/version/1.1", "items": [}"#,
        None,
    ) {
        Err(ExtractError::Feed(reason)) => assert!(reason.contains("JSON"), "{reason}"),
        other => panic!("expected a feed error, got {other:?}"),
    }
    assert!(matches!(
        extract_feed(b"  \n ", None),
        Err(ExtractError::Empty)
    ));
    assert!(matches!(
        extract_feed(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None),
        Err(ExtractError::Binary(_))
    ));
}

#[test]
fn feed_declaring_utf8_but_in_windows_1252_still_parses() {
    let mut bytes = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>T</title><item><title>Caf".to_vec();
    bytes.extend_from_slice(
        b"\xe9 \x96 \x93quoted\x94</title><link>https://x.example/1</link></item></channel></rss>",
    );
    let items = extract_feed(&bytes, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].title.as_deref(), Some("Café – “quoted”"));
}

#[test]
fn sniffing_routes_feeds_and_not_pages() {
    for name in [
        "rss091.xml",
        "rss10.rdf",
        "rss20_content.xml",
        "atom_html.xml",
        "jsonfeed11.json",
    ] {
        assert!(looks_like_feed(&fixture(name)), "{name}");
    }
    assert!(!looks_like_feed(
        b"<!DOCTYPE html><html><head><title>rss feed</title>"
    ));
    assert!(!looks_like_feed(br#"{"version": 2, "items": []}"#));
    assert!(!looks_like_feed(b"\x89PNG\r\n\x1a\n"));
}

#[test]
fn items_without_dates_or_ids_get_none_not_inventions() {
    let xml = br#"<rss version="2.0"><channel><title>T</title>
        <item><title>Undated</title><pubDate>sometime soon</pubDate></item>
    </channel></rss>"#;
    let items = extract_feed(xml, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].guid, None, "no random id is made up");
    assert_eq!(items[0].published, None);
    assert_eq!(items[0].url, None);
}

#[test]
fn lenient_feeds_rss_without_version_and_bare_json_feed_version() {
    let rss = br#"<rss><channel><title>No version</title>
        <item><title>Still read</title><link>https://lenient.example/1</link></item>
    </channel></rss>"#;
    let items = extract_feed(rss, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].title.as_deref(), Some("Still read"));

    let json = br#"{"version": "1.1", "items": [{"id": "a", "url": "https://lenient.example/a",
        "content_text": "First line.\n\nSecond paragraph."}]}"#;
    let items = extract_feed(json, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].paragraphs, ["First line.", "Second paragraph."]);
    assert_eq!(
        items[0].site_name, None,
        "a missing feed title stays missing"
    );
}

#[test]
fn atom_03_is_read_as_atom_10() {
    let atom03 = br#"<?xml version="1.0"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#">
  <title>Old blog</title>
  <entry>
    <title type="text/html" mode="escaped">Old &lt;i&gt;times&lt;/i&gt;</title>
    <link rel="alternate" type="text/html" href="http://old.example/1"/>
    <id>tag:old.example,2004:1</id>
    <issued>2004-01-01T19:48:21+01:00</issued>
    <modified>2004-01-02T08:00:00Z</modified>
  </entry>
</feed>"#;
    let items = extract_feed(atom03, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].title.as_deref(), Some("Old times"));
    assert_eq!(items[0].url.as_deref(), Some("http://old.example/1"));
    assert_eq!(items[0].published, zoned("2004-01-01T19:48:21+01:00"));
    assert_eq!(items[0].modified, zoned("2004-01-02T08:00:00+00:00"));
    assert_eq!(items[0].site_name.as_deref(), Some("Old blog"));
}

#[test]
fn link_only_items_are_kept_for_fetching() {
    let rss = br#"<rss version="2.0"><channel><title>Links</title>
        <item><link>https://links.example/only-a-link</link></item>
    </channel></rss>"#;
    let items = extract_feed(rss, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].url.as_deref(),
        Some("https://links.example/only-a-link")
    );
    assert!(items[0].title.is_none() && items[0].paragraphs.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Feeds as they are: what feed-rs refuses costs the construct, not the feed.

fn titles(items: &[Article]) -> Vec<&str> {
    items.iter().filter_map(|a| a.title.as_deref()).collect()
}

fn feed_error(bytes: &[u8]) -> String {
    match extract_feed(bytes, None) {
        Err(ExtractError::Feed(reason)) => reason,
        other => panic!("expected a feed error, got {other:?}"),
    }
}

#[test]
fn an_odd_media_attribute_costs_that_element_not_the_feed() {
    // feed-rs 3 refused the whole feed over `<media:title type="text/html">` (it knows only
    // "plain" and "html"), and over an empty `<media:title/>`.
    let items = articles("media_odd_types.xml", None);
    assert_eq!(
        titles(&items),
        [
            "Ferry trials begin",
            "Night market opens",
            "Storm warning lifted"
        ]
    );
    assert_eq!(
        items[2].url.as_deref(),
        Some("https://video.example.org/clips/storm")
    );
    assert_eq!(items[0].site_name.as_deref(), Some("Harbour Video"));
}

#[test]
fn atom_text_types_feed_rs_refuses_cost_only_the_type() {
    let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Types</title>
      <entry><id>1</id><title type="text/plain">Plain &amp; simple</title>
        <link href="https://types.example/1"/></entry>
      <entry><id>2</id><title>Second</title><summary type="">No type at all</summary>
        <link href="https://types.example/2"/></entry>
      <entry><id>3</id><title>Third</title><content type="application/octet-stream"/>
        <link href="https://types.example/3"/></entry>
    </feed>"#;
    let items = extract_feed(atom, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(titles(&items), ["Plain & simple", "Second", "Third"]);
    assert_eq!(items[1].description.as_deref(), Some("No type at all"));
    assert_eq!(items[2].url.as_deref(), Some("https://types.example/3"));
}

#[test]
fn rss_090_items_are_read() {
    // The Netscape RDF namespace is one feed-rs does not know: it read no item, silently.
    let items = articles("rss090.rdf", None);
    assert_eq!(
        titles(&items),
        [
            "Bridge reopens after repairs",
            "School choir wins regional prize",
            "Letters to the editor"
        ]
    );
    assert_eq!(
        items[0].url.as_deref(),
        Some("http://gazette.example.net/1999/03/bridge.html")
    );
    assert_eq!(items[2].url, None, "an item without a link keeps its title");
    assert_eq!(items[0].site_name.as_deref(), Some("Valley Gazette"));
}

#[test]
fn rss_10_items_without_a_link_and_namespaced_rss_20_are_read() {
    let rdf = br#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://rdf.example/"><title>R</title></channel>
      <item rdf:about="https://rdf.example/1"><title>About only</title></item></rdf:RDF>"#;
    let items = extract_feed(rdf, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(titles(&items), ["About only"]);
    assert_eq!(items[0].url.as_deref(), Some("https://rdf.example/1"));

    let userland = br#"<r:rss version="2.0" xmlns:r="http://backend.userland.com/rss2">
      <r:channel><r:title>UserLand</r:title>
        <r:item><r:title>Prefixed</r:title><r:link>https://ul.example/1</r:link></r:item>
      </r:channel></r:rss>"#;
    let items = extract_feed(userland, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(titles(&items), ["Prefixed"]);
    assert_eq!(items[0].site_name.as_deref(), Some("UserLand"));
}

#[test]
fn a_broken_item_costs_its_broken_element_and_the_rest_are_read() {
    let rss = br#"<rss version="2.0"><channel><title>Broken one</title>
      <item><title>A</title><link>https://b.example/a</link></item>
      <item><title>B</titel><link>https://b.example/b</link></item>
      <item><title>C</title><link>https://b.example/c</link></item>
    </channel></rss>"#;
    let items = extract_feed(rss, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(items.len(), 3);
    assert_eq!(titles(&items), ["A", "C"]);
    assert_eq!(items[1].url.as_deref(), Some("https://b.example/b"));
}

#[test]
fn a_value_feed_rs_panics_on_costs_that_element() {
    // feed-rs slices the name beside an e-mail address at a byte offset, inside `»`.
    let rss = "<rss version=\"2.0\"><channel><title>P</title>\
      <item><title>One</title><link>https://p.example/1</link></item>\
      <item><title>Two</title><link>https://p.example/2</link>\
        <author>«desk@news.example»</author></item>\
    </channel></rss>";
    let items = extract_feed(rss.as_bytes(), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(titles(&items), ["One", "Two"]);
    assert!(items[1].authors.is_empty());
}

#[test]
fn a_cut_off_feed_keeps_its_complete_items() {
    let cut = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Cut</title>
      <item><title>One</title><link>https://cut.example/1</link></item>
      <item><title>Two</title><link>https://cut.example/2</link></item>
      <item><title>Thr"#;
    let items = extract_feed(cut, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(titles(&items), ["One", "Two"]);
}

#[test]
fn bare_ampersands_and_unusable_bases_cost_nothing() {
    let rss = br#"<rss version="2.0"><channel><title>Amps</title>
      <item><title>AT&T & Sons &#xZZ; up</title><link>https://amp.example/1?a=1&b=2</link></item>
    </channel></rss>"#;
    let items = extract_feed(rss, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(titles(&items), ["AT&T & Sons &#xZZ; up"]);
    assert_eq!(
        items[0].url.as_deref(),
        Some("https://amp.example/1?a=1&b=2")
    );

    let atom =
        br#"<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://[oops/"><title>B</title>
      <entry><id>1</id><title>Based</title><link href="https://base.example/1"/></entry></feed>"#;
    let items = extract_feed(atom, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(titles(&items), ["Based"]);
}

#[test]
fn a_json_feed_item_of_the_wrong_shape_costs_that_item() {
    let json = br#"{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
        {"id": "1", "title": "Good", "url": "https://j.example/1"},
        {"id": "2", "title": ["not", "a", "string"]},
        {"id": "3", "title": "Also good", "url": "https://j.example/3"}]}"#;
    let items = extract_feed(json, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(titles(&items), ["Good", "Also good"]);
}

#[test]
fn utf32_feeds_are_read() {
    let text = "<?xml version=\"1.0\" encoding=\"utf-32\"?><rss version=\"2.0\"><channel>\
        <title>Wide</title><item><title>Größe</title><link>https://w.example/1</link></item>\
        </channel></rss>";
    let mut le = vec![0xFF, 0xFE, 0, 0];
    let mut be = Vec::new();
    for c in text.chars() {
        le.extend_from_slice(&u32::from(c).to_le_bytes());
        be.extend_from_slice(&u32::from(c).to_be_bytes());
    }
    for bytes in [le, be] {
        let items = extract_feed(&bytes, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(titles(&items), ["Größe"]);
    }
}

#[test]
fn failures_name_the_reason() {
    let page = feed_error(b"<!DOCTYPE html><html><body><p>Hello</p></body></html>");
    assert!(page.contains("root element is <html>"), "{page}");

    let unknown_namespace = feed_error(
        br#"<rss version="2.0" xmlns="https://elsewhere.example/rss"><channel><title>N</title>
        <item><title>A</title></item><item><title>B</title></item></channel></rss>"#,
    );
    assert!(
        unknown_namespace.contains("2 <item> elements")
            && unknown_namespace.contains("https://elsewhere.example/rss"),
        "{unknown_namespace}"
    );

    let all_broken = feed_error(
        br#"<rss version="2.0"><channel><title>X</title><item><title>A</item></channel></rss>"#,
    );
    assert!(all_broken.contains("malformed XML"), "{all_broken}");

    let mut huge = vec![b'x'; tidings_extract::feed::MAX_FEED_BYTES + 1];
    huge[0] = b'<';
    assert!(feed_error(&huge).contains("too large"));
}

#[test]
fn only_web_urls_are_links() {
    let rss = br#"<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"
        xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>L</title>
      <item><title>Script link</title><link>javascript:alert(1)</link>
        <guid isPermaLink="true">https://safe.example/1</guid>
        <media:thumbnail url="javascript:alert(2)"/>
        <enclosure url="https://safe.example/1.jpg" type="image/jpeg" length="1"/></item>
      <item><title>Data link</title><link>data:text/html,&lt;script&gt;alert(3)&lt;/script&gt;</link>
        <content:encoded>&lt;p&gt;Body&lt;img src="vbscript:msgbox"&gt;&lt;/p&gt;</content:encoded></item>
    </channel></rss>"#;
    let items =
        extract_feed(rss, Some("https://safe.example/feed.xml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(items[0].url.as_deref(), Some("https://safe.example/1"));
    assert_eq!(
        items[0].image.as_deref(),
        Some("https://safe.example/1.jpg")
    );
    assert_eq!(items[1].url, None);
    assert_eq!(items[1].image, None);

    let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
      <entry><id>1</id><title>File</title><link href="file:///etc/passwd"/></entry></feed>"#;
    let items = extract_feed(atom, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(items[0].url, None);

    let json = br#"{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
        {"id": "javascript:alert(4)", "title": "J", "url": "javascript:alert(5)",
         "image": "data:image/png;base64,AAAA"}]}"#;
    let items = extract_feed(json, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (items[0].url.as_deref(), items[0].image.as_deref()),
        (None, None)
    );
}

// ---------------------------------------------------------------------------------------------
// Hostile feeds: each ends with items or a clear error, on a small stack.

const HOSTILE_HEAD: &str =
    r#"<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>H</title>"#;

fn hostile_feed(first_item_extra: &str) -> Vec<u8> {
    format!(
        "{HOSTILE_HEAD}<item><title>First</title><link>https://h.example/1</link>{first_item_extra}</item>\
         <item><title>Second</title><link>https://h.example/2</link></item></channel></rss>"
    )
    .into_bytes()
}

#[test]
fn deep_nesting_is_unwrapped_not_a_stack_overflow() {
    let n = 100_000;
    let groups = hostile_feed(&format!(
        "{}<media:content url=\"https://h.example/a.jpg\" type=\"image/jpeg\"/>{}",
        "<media:group>".repeat(n),
        "</media:group>".repeat(n)
    ));
    let items = small_stack(move || extract_feed(&groups, None)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(titles(&items), ["First", "Second"]);

    let unknown = hostile_feed(&format!("{}deep{}", "<x>".repeat(n), "</x>".repeat(n)));
    let items = small_stack(move || extract_feed(&unknown, None)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(titles(&items), ["First", "Second"]);

    let mut unclosed = hostile_feed("");
    unclosed.truncate(unclosed.len() - "</channel></rss>".len());
    unclosed.extend("<x>".repeat(n).bytes());
    let items =
        small_stack(move || extract_feed(&unclosed, None)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(titles(&items), ["First", "Second"]);
}

#[test]
fn deep_html_inside_an_item_is_flattened_not_quadratic() {
    // 100,000 nested <div>s escaped in content:encoded took html5ever 40 s.
    let n = 100_000;
    let feed = format!(
        "{HOSTILE_HEAD}<item><title>Deep</title><link>https://h.example/1</link>\
         <description>{}Body text.{}</description></item></channel></rss>",
        "&lt;div&gt;".repeat(n),
        "&lt;/div&gt;".repeat(n)
    )
    .into_bytes();
    let items = small_stack(move || extract_feed(&feed, None)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].paragraphs, ["Body text."]);
}

#[test]
fn huge_and_countless_attributes_are_read() {
    let huge = hostile_feed(&format!(
        "<media:thumbnail url=\"https://h.example/{}.jpg\"/>",
        "a".repeat(4 << 20)
    ));
    let items = small_stack(move || extract_feed(&huge, None)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(titles(&items), ["First", "Second"]);

    let attributes: String = (0..50_000).map(|i| format!(" a{i}=\"v\"")).collect();
    let many = hostile_feed(&format!("<x{attributes}/>"));
    let items = small_stack(move || extract_feed(&many, None)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(titles(&items), ["First", "Second"]);
}

#[test]
fn enormous_item_counts_keep_the_first_items() {
    let max = tidings_extract::feed::MAX_ITEMS;
    let items: String = (0..max + 500)
        .map(|i| format!("<item><title>{i}</title><link>https://h.example/{i}</link></item>"))
        .collect();
    let feed = format!("{HOSTILE_HEAD}{items}</channel></rss>").into_bytes();
    let items = small_stack(move || extract_feed(&feed, None)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(items.len(), max);
    assert_eq!(items[0].title.as_deref(), Some("0"));
}

#[test]
fn entities_declared_in_a_doctype_are_never_expanded() {
    let mut entities = String::from("<!ENTITY lol \"lol\">");
    for i in 1..10 {
        let previous = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        entities.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">",
            format!("&{previous};").repeat(10)
        ));
    }
    let feed = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE rss [{entities}]><rss version=\"2.0\"><channel>\
         <title>&lol9;</title><item><title>&lol9;</title><description>&lol9;</description>\
         <link>https://h.example/1</link></item></channel></rss>"
    )
    .into_bytes();
    let items = small_stack(move || extract_feed(&feed, None)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(items.len(), 1);
    let title = items[0].title.as_deref().unwrap_or_default();
    assert!(title.len() < 100, "expanded: {} bytes", title.len());
}
