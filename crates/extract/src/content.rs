//! Main-content detection for HTML pages.

use scraper::Html;

/// The body paragraphs of a page's main content.
pub fn main_paragraphs(_html: &str, _doc: &Html, _url: Option<&str>) -> Vec<String> {
    Vec::new()
}
