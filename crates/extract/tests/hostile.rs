//! Hostile input: pages built to exhaust the stack, the memory or the time of the extractor.
//! Each runs in a thread with a small stack, so recursion over the document's depth fails
//! the test (a stack overflow aborts the test binary) instead of passing by luck.

mod common;
use common::small_stack;

use std::sync::atomic::{AtomicBool, Ordering};

use tidings_extract::{
    Article, ExtractError, extract_feed_cancellable, extract_html, extract_html_cancellable,
    extract_html_str_cancellable, extract_text_capture, extract_text_capture_cancellable,
};

const PARAGRAPH: &str = "The council met on Thursday to discuss the harbour budget, the new \
    ferry timetable and a proposal to extend the cycle path along the seafront, a step the \
    mayor called long awaited.";

fn normal_page() -> String {
    format!(
        "<html><head><title>Harbour budget | Coast News</title></head><body><article>\
         <h1>Harbour budget</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>"
    )
}

#[test]
fn a_set_stop_flag_stops_every_entry_point() {
    let stop = AtomicBool::new(true);
    let page = normal_page();
    let url = Some("https://coast.example/budget");
    assert!(matches!(
        extract_html_cancellable(page.as_bytes(), url, None, &stop),
        Err(ExtractError::Stopped)
    ));
    assert!(matches!(
        extract_html_str_cancellable(&page, url, &stop),
        Err(ExtractError::Stopped)
    ));
    assert!(matches!(
        extract_text_capture_cancellable(PARAGRAPH, url, &stop),
        Err(ExtractError::Stopped)
    ));
    let feed = br#"<rss version="2.0"><channel><title>C</title><item><title>A</title></item></channel></rss>"#;
    assert!(matches!(
        extract_feed_cancellable(feed, url, &stop),
        Err(ExtractError::Stopped)
    ));
    let message = ExtractError::Stopped.to_string();
    assert!(message.contains("stopped"), "{message}");
}

#[test]
fn an_unset_stop_flag_changes_nothing() {
    small_stack(unset_stop_flag_changes_nothing);
}

fn unset_stop_flag_changes_nothing() {
    let stop = AtomicBool::new(false);
    let page = normal_page();
    let url = Some("https://coast.example/budget");
    let plain = extract_html(page.as_bytes(), url, None).unwrap_or_else(|e| panic!("{e}"));
    let flagged = extract_html_cancellable(page.as_bytes(), url, None, &stop)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plain, flagged);
    assert!(plain.text().contains("ferry timetable"), "{plain:?}");
    let capture = format!("Harbour budget\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n");
    let plain: Article = extract_text_capture(&capture, url).unwrap_or_else(|e| panic!("{e}"));
    let flagged =
        extract_text_capture_cancellable(&capture, url, &stop).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plain, flagged);
    assert!(!stop.load(Ordering::Relaxed));
}
