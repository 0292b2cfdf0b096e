//! Bad and awkward input: each case gets a clear error or a best-effort result, never a panic.

use tidings_extract::decode::{decode_html, decode_text};
use tidings_extract::{ExtractError, extract_feed, extract_html};

/// A small deterministic generator (no I/O, no clock): xorshift.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Extraction must not panic; an error must be one of the documented ones.
fn extract_best_effort(bytes: &[u8]) -> Result<tidings_extract::Article, ExtractError> {
    extract_html(bytes, Some("https://bad.example.com/page"), None)
}

fn png_bytes() -> Vec<u8> {
    let mut png =
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06".to_vec();
    png.extend((0u8..=255).cycle().take(2048));
    png
}

#[test]
fn png_is_binary() {
    match extract_best_effort(&png_bytes()) {
        Err(ExtractError::Binary(kind)) => assert!(kind.contains("PNG"), "{kind}"),
        other => panic!("expected Binary, got {other:?}"),
    }
    assert!(matches!(
        decode_text(&png_bytes(), None),
        Err(ExtractError::Binary(_))
    ));
}

#[test]
fn other_binary_formats_and_nul_ridden_data_are_binary() {
    let cases: [(&[u8], &str); 4] = [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "ZIP"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "gzip"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
    ];
    for (bytes, name) in cases {
        match decode_html(bytes, None) {
            Err(ExtractError::Binary(kind)) => assert!(kind.contains(name), "{kind}"),
            other => panic!("{name}: expected Binary, got {other:?}"),
        }
    }
    let mut noise = Noise(0x9e37_79b9_7f4a_7c15);
    let random: Vec<u8> = (0..4096).map(|_| noise.next() as u8).collect();
    assert!(matches!(
        extract_best_effort(&random),
        Err(ExtractError::Binary(_))
    ));
}

#[test]
fn empty_and_whitespace_only_are_empty() {
    for bytes in [&b""[..], b"   \n\t\r\n  ", "\u{a0}\u{3000}\n".as_bytes()] {
        assert!(
            matches!(extract_best_effort(bytes), Err(ExtractError::Empty)),
            "{bytes:?}"
        );
        assert!(matches!(decode_html(bytes, None), Err(ExtractError::Empty)));
        assert!(matches!(
            extract_feed(bytes, None),
            Err(ExtractError::Empty)
        ));
    }
    // A UTF-8 byte-order mark and nothing else is empty too.
    assert!(matches!(
        decode_html(b"\xef\xbb\xbf \n", None),
        Err(ExtractError::Empty)
    ));
}

#[test]
fn truncated_html_cut_mid_tag_gives_a_result() {
    let page = "<!DOCTYPE html><html><head><title>Harbour strike ends</title></head><body>\
        <article><h1>Harbour strike ends</h1><p>The ferry crews went back to work on Thursday \
        after a two-day strike over rosters and pay, the union said in a statement.</p>\
        <p>Services on the island route will run to the normal timetable from Friday, the \
        operator said, adding that delayed freight would be cleared by the weekend.</p>\
        <p>More at <a hr";
    let decoded = decode_html(page.as_bytes(), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(decoded, page, "decoding does not touch the markup");
    match extract_best_effort(page.as_bytes()) {
        Ok(article) => assert!(
            article.text().contains("ferry crews") || article.title.is_some(),
            "best effort keeps what is there: {article:?}"
        ),
        Err(e) => assert!(matches!(e, ExtractError::NoContent), "{e}"),
    }
}

#[test]
fn garbage_text_that_is_not_html_does_not_panic() {
    let mut noise = Noise(42);
    let alphabet: Vec<char> = "abcdefghij <>&;\"'=/!?-#\u{e9}\u{4e2d}\u{1f600}\n\t{}[]()"
        .chars()
        .collect();
    let garbage: String = (0..50_000)
        .map(|_| alphabet[(noise.next() % alphabet.len() as u64) as usize])
        .collect();
    let decoded = decode_html(garbage.as_bytes(), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(decoded, garbage);
    match extract_best_effort(garbage.as_bytes()) {
        Ok(_) | Err(ExtractError::NoContent) => {}
        Err(e) => panic!("unexpected error: {e}"),
    }
    assert!(matches!(
        extract_feed(garbage.as_bytes(), None),
        Err(ExtractError::Feed(_))
    ));
}

#[test]
fn deeply_nested_unclosed_tags_do_not_panic() {
    let mut page = String::from("<html><body>");
    for i in 0..5_000 {
        page.push_str(["<div>", "<span>", "<b>", "<section>", "<p>"][i % 5]);
    }
    page.push_str("Deep text at the bottom of many unclosed tags, long enough to be a paragraph.");
    match extract_best_effort(page.as_bytes()) {
        Ok(_) | Err(ExtractError::NoContent) => {}
        Err(e) => panic!("unexpected error: {e}"),
    }
}

/// "café – “quoted”" in Windows-1252 bytes.
const CAFE_1252: &[u8] = b"caf\xe9 \x96 \x93quoted\x94";
const CAFE: &str = "café – “quoted”";

#[test]
fn page_declaring_utf8_but_in_windows_1252() {
    let mut page =
        b"<html><head><meta charset=\"utf-8\"><title>Menu</title></head><body><p>".to_vec();
    page.extend_from_slice(CAFE_1252);
    page.extend_from_slice(b"</p></body></html>");
    for hint in [None, Some("utf-8"), Some("text/html; charset=UTF-8")] {
        let text = decode_html(&page, hint).unwrap_or_else(|e| panic!("{e}"));
        assert!(text.contains(CAFE), "{hint:?}: {text}");
        assert!(
            !text.contains('\u{fffd}'),
            "{hint:?}: no replacement characters"
        );
    }
}

#[test]
fn correct_windows_1252_page() {
    let mut declared =
        b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body><p>"
            .to_vec();
    declared.extend_from_slice(CAFE_1252);
    declared.extend_from_slice(b" \x80 5 \x85</p></body></html>");
    let text = decode_html(&declared, None).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains("café – “quoted” € 5 …"), "{text}");

    // Undeclared: the detector recognises Latin text in Windows-1252.
    let mut bare =
        b"<p>Le caf\xe9 de la gare a rouvert ses portes : cr\xe8me br\xfbl\xe9e, th\xe9 et \
        g\xe2teaux. \x93C'est un r\xeave\x94, dit la g\xe9rante, tr\xe8s \xe9mue.</p>"
            .to_vec();
    bare.extend_from_slice(b"<p>");
    bare.extend_from_slice(CAFE_1252);
    bare.extend_from_slice(b"</p>");
    let text = decode_html(&bare, None).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains("crème brûlée, thé et gâteaux"), "{text}");
    assert!(text.contains(CAFE), "{text}");
}

const JAPANESE: &str =
    "東京都は五日、新しい防災計画を発表した。地震や台風に備え、避難所の数を増やすという。";

fn shift_jis_page(declaration: &str) -> Vec<u8> {
    let html = format!(
        "<html><head>{declaration}<title>防災計画</title></head><body><p>{JAPANESE}</p></body></html>"
    );
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&html);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn shift_jis_page_decodes_exactly() {
    let declared = shift_jis_page("<meta charset=\"Shift_JIS\">");
    let text = decode_html(&declared, None).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains(JAPANESE), "{text}");
    assert!(text.contains("<title>防災計画</title>"));

    // From the transport only.
    let bare = shift_jis_page("");
    let text =
        decode_html(&bare, Some("text/html; charset=shift_jis")).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains(JAPANESE), "{text}");

    // Undeclared, and wrongly declared as UTF-8 or Latin-1: the bytes decide.
    for hint in [None, Some("utf-8"), Some("iso-8859-1")] {
        let text = decode_html(&bare, hint).unwrap_or_else(|e| panic!("{e}"));
        assert!(text.contains(JAPANESE), "{hint:?}: {text}");
    }
}

#[test]
fn latin1_declaration_on_utf8_bytes_is_overruled() {
    let page = format!(
        "<html><head><meta charset=\"iso-8859-1\"></head><body><p>{CAFE} — Ελληνικά</p></body></html>"
    );
    for hint in [None, Some("ISO-8859-1")] {
        let text = decode_html(page.as_bytes(), hint).unwrap_or_else(|e| panic!("{e}"));
        assert!(text.contains(CAFE), "{hint:?}: {text}");
    }
}

#[test]
fn byte_order_marks_win() {
    let mut utf8 = b"\xef\xbb\xbf<meta charset=\"windows-1252\"><p>".to_vec();
    utf8.extend_from_slice(CAFE.as_bytes());
    let text = decode_html(&utf8, Some("iso-8859-1")).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        text.ends_with(CAFE) && !text.starts_with('\u{feff}'),
        "{text}"
    );

    let mut utf16: Vec<u8> = vec![0xff, 0xfe];
    utf16.extend(
        format!("<p>{CAFE}</p>")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let text = decode_html(&utf16, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text, format!("<p>{CAFE}</p>"));
}

#[test]
fn fifty_megabyte_page_decodes_and_extracts() {
    let paragraph = "<p>The council met on Thursday to discuss the harbour budget, the new \
        ferry timetable and a proposal to extend the cycle path along the seafront — \
        “a long-awaited step”, said the mayor.</p>\n";
    let mut page = String::with_capacity(50 * 1024 * 1024 + 1024);
    page.push_str("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Council budget</title></head><body><article><h1>Council budget</h1>");
    while page.len() < 50 * 1024 * 1024 {
        page.push_str(paragraph);
    }
    page.push_str("</article></body></html>");

    let decoded = decode_html(page.as_bytes(), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(decoded.len(), page.len());
    match extract_html(page.as_bytes(), Some("https://big.example.com/"), None) {
        Ok(article) => assert!(article.title.is_some() || !article.paragraphs.is_empty()),
        Err(e) => assert!(matches!(e, ExtractError::NoContent), "{e}"),
    }
}

#[test]
fn broken_feed_is_a_clear_error() {
    let cut = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Cut</title>
        <item><title>One</title><link>https://cut.example/1</link></item>
        <item><title>Two</tit"#;
    match extract_feed(cut, None) {
        // A parser may keep the complete items of a cut feed; it must not invent anything.
        Ok(items) => assert!(items.len() <= 2, "{items:?}"),
        Err(ExtractError::Feed(reason)) => assert!(!reason.is_empty()),
        Err(e) => panic!("unexpected error kind: {e}"),
    }
    let mismatched =
        br#"<rss version="2.0"><channel><title>X</title><item><title>A</item></channel></rss>"#;
    match extract_feed(mismatched, None) {
        Err(ExtractError::Feed(reason)) => assert!(reason.contains("XML"), "{reason}"),
        other => panic!("expected a feed error, got {other:?}"),
    }
}

#[test]
fn feed_item_lacking_everything_is_skipped() {
    let feed = br#"<rss version="2.0"><channel><title>Sparse</title>
        <item></item>
        <item><description>   </description></item>
        <item><title>Kept</title></item>
        </channel></rss>"#;
    let items = extract_feed(feed, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].title.as_deref(), Some("Kept"));

    let json = br#"{"version": "https://jsonfeed.org/version/1.1", "title": "J",
        "items": [{"id": "1"}, {"id": "2", "title": "Kept"}]}"#;
    let items = extract_feed(json, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].guid.as_deref(), Some("2"));
}
