//! Page metadata: JSON-LD, OpenGraph, meta tags, `<time>`, bylines.

use crate::Published;
use scraper::Html;

/// What a page says about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<Published>,
    pub modified: Option<Published>,
    pub site_name: Option<String>,
    pub canonical_url: Option<String>,
    pub language: Option<String>,
    pub image: Option<String>,
    pub section: Option<String>,
    pub tags: Vec<String>,
    pub description: Option<String>,
}

/// Reads the metadata of a parsed page. `url` resolves relative links.
pub fn from_html(_doc: &Html, _url: Option<&str>) -> Metadata {
    Metadata::default()
}
