//! Per-site boilerplate learning.
//!
//! Sites repeat blocks on every page: the same promo paragraph, the same "about us" footer, the
//! same newsletter line in words no rule foresaw. The engine records, per site, how many pages
//! carry each block ([`page_blocks`] gives a page's distinct block keys) and when a block is on
//! at least [`Policy::min_pages`] pages that make up at least [`Policy::min_share`] of the
//! site's pages, it is learned and dropped ([`remove`]) from that site's articles, the ones
//! stored before included. The share keeps out a background paragraph that a few articles of
//! a running story repeat: boilerplate is on most pages, reporting on a few.
//!
//! This module is the pure half (keys, policy, removal); the counts live in the store.

use std::collections::HashSet;

use crate::Article;

/// When a recurring block counts as the site's boilerplate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Policy {
    /// Distinct pages of the site that must carry the block.
    pub min_pages: u32,
    /// Share of the site's stored pages that must carry it.
    pub min_share: f64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            min_pages: 3,
            min_share: 0.2,
        }
    }
}

impl Policy {
    /// Whether a block seen on `pages` of a site's `site_pages` pages is boilerplate.
    pub fn is_boilerplate(&self, pages: u64, site_pages: u64) -> bool {
        pages >= u64::from(self.min_pages) && pages as f64 >= self.min_share * site_pages as f64
    }
}

/// The key a block is counted under: its words lower-cased, digits folded to `0` (so a date or
/// a counter in a footer does not make each page's copy new), punctuation dropped; FNV-1a.
/// `None` for a block with no words.
pub fn block_key(block: &str) -> Option<u64> {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut any = false;
    let mut pending_space = false;
    for c in block.chars() {
        if c.is_alphanumeric() {
            if pending_space && any {
                hash = fnv(hash, ' ');
            }
            pending_space = false;
            any = true;
            let c = if c.is_numeric() { '0' } else { c };
            for l in c.to_lowercase() {
                hash = fnv(hash, l);
            }
        } else {
            pending_space = true;
        }
    }
    any.then_some(hash)
}

fn fnv(mut hash: u64, c: char) -> u64 {
    let mut buf = [0u8; 4];
    for b in c.encode_utf8(&mut buf).bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A page's distinct blocks: `(key, sample text)`, in page order.
pub fn page_blocks(paragraphs: &[String]) -> Vec<(u64, String)> {
    let mut seen = HashSet::new();
    paragraphs
        .iter()
        .filter_map(|p| block_key(p).map(|k| (k, p)))
        .filter(|(k, _)| seen.insert(*k))
        .map(|(k, p)| (k, p.chars().take(200).collect()))
        .collect()
}

/// Drops learned boilerplate blocks from a body. When that would leave less than a quarter of
/// its words, the page is most likely another copy of an article the site published several
/// times, not boilerplate around one: the body is kept whole.
pub fn remove(paragraphs: &[String], learned: &HashSet<u64>) -> Vec<String> {
    if learned.is_empty() {
        return paragraphs.to_vec();
    }
    let kept: Vec<String> = paragraphs
        .iter()
        .filter(|p| block_key(p).is_none_or(|k| !learned.contains(&k)))
        .cloned()
        .collect();
    let words = |ps: &[String]| {
        ps.iter()
            .map(|p| p.split_whitespace().count())
            .sum::<usize>()
    };
    if kept.len() < paragraphs.len() && words(&kept) * 4 < words(paragraphs) {
        return paragraphs.to_vec();
    }
    kept
}

/// The key a site's boilerplate is learned under: the host of the canonical URL or URL without
/// `www.`, else the outlet's name lower-cased.
pub fn site_key(article: &Article) -> Option<String> {
    let host = [&article.canonical_url, &article.url]
        .into_iter()
        .flatten()
        .filter_map(|u| url::Url::parse(u).ok())
        .find_map(|u| u.host_str().map(str::to_ascii_lowercase));
    match host {
        Some(h) => Some(h.strip_prefix("www.").unwrap_or(&h).to_owned()),
        None => article
            .site_name
            .as_deref()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ps(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn keys_ignore_case_punctuation_and_digits() {
        assert_eq!(
            block_key("© 2025 Example News. All rights reserved."),
            block_key("© 2026 example news — all rights reserved")
        );
        assert_ne!(
            block_key("Iran denies talks"),
            block_key("Iran confirms talks")
        );
        assert_eq!(block_key(" — "), None);
    }

    #[test]
    fn policy_needs_pages_and_share() {
        let p = Policy::default();
        assert!(!p.is_boilerplate(2, 2));
        assert!(p.is_boilerplate(3, 3));
        assert!(p.is_boilerplate(3, 15));
        assert!(
            !p.is_boilerplate(3, 100),
            "a few articles of a running story are not a template"
        );
    }

    #[test]
    fn removal_keeps_copies_whole() {
        let promo = "Get our app for the latest news.".to_string();
        let learned: HashSet<u64> = block_key(&promo).into_iter().collect();
        let body = ps(&[
            "Iran denied sending messages to Washington on Thursday, officials said.",
            &promo,
        ]);
        assert_eq!(remove(&body, &learned), body[..1].to_vec());
        // A page that would lose nearly everything is a copy, not boilerplate around one.
        let all: HashSet<u64> = body.iter().filter_map(|p| block_key(p)).collect();
        assert_eq!(remove(&body, &all), body);
    }

    #[test]
    fn page_blocks_are_distinct() {
        let b = page_blocks(&ps(&["Share this", "Body text here.", "Share this!"]));
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn site_keys() {
        let mut a = Article {
            url: Some("https://www.unn.ua/en/news/x".into()),
            ..Article::default()
        };
        assert_eq!(site_key(&a).as_deref(), Some("unn.ua"));
        a.url = None;
        a.site_name = Some("The CSR Journal Magazine".into());
        assert_eq!(site_key(&a).as_deref(), Some("the csr journal magazine"));
    }
}
