//! News clutter: app badges, promos, subscribe prompts, related links, tag lists, view counters.

use crate::Article;

/// Drops clutter paragraphs from an article body.
pub fn clean_article(_article: &mut Article) {}
