//! Document identity: ingesting the same document twice must not store it twice.
//!
//! The key is the canonical URL (normalised), else the feed GUID, else a hash of the content
//! (title and body, case and white space folded), in that order.

use sha2::{Digest, Sha256};
use tidings_extract::Article;

/// Query parameters that only track the reader and never change the document.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "ref", "sref", "smid", "igshid",
];

/// Keeps only http(s) links: an address, canonical URL or image that is a `javascript:`,
/// `data:` or any other URL ([`tidings_extract::links::web_url`]) is dropped before the
/// article is stored; a document without an http(s) address then takes its identity from
/// its GUID or its content.
pub fn keep_web_links(article: &mut Article) {
    for link in [
        &mut article.url,
        &mut article.canonical_url,
        &mut article.image,
    ] {
        *link = link.as_deref().and_then(tidings_extract::links::web_url);
    }
}

/// The identity key of an article: `url:…`, `guid:…` or `hash:…`.
pub fn identity_key(article: &Article) -> String {
    let url = article.canonical_url.as_deref().or(article.url.as_deref());
    if let Some(u) = url.and_then(normalize_url) {
        return format!("url:{u}");
    }
    if let Some(g) = article
        .guid
        .as_deref()
        .map(str::trim)
        .filter(|g| !g.is_empty())
    {
        return format!("guid:{g}");
    }
    format!("hash:{}", content_hash(article))
}

/// A URL in a canonical form: http(s) only, lower-case host without `www.`, no fragment, no
/// tracking parameters (`utm_*` and the like), no trailing slash on the path.
pub fn normalize_url(raw: &str) -> Option<String> {
    let mut url = url::Url::parse(&tidings_extract::links::web_url(raw)?).ok()?;
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !k.starts_with("utm_") && !TRACKING_PARAMS.contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let path = url.path().trim_end_matches('/');
    let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
    Some(format!("{host}{path}{query}"))
}

/// SHA-256 of the title and body with case and white space folded, hex.
pub fn content_hash(article: &Article) -> String {
    let mut hasher = Sha256::new();
    let title = article.title.as_deref().unwrap_or("");
    for word in title
        .split_whitespace()
        .chain(["\u{1}"])
        .chain(article.paragraphs.iter().flat_map(|p| p.split_whitespace()))
    {
        hasher.update(word.to_lowercase().as_bytes());
        hasher.update(b" ");
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_normalise() {
        assert_eq!(
            normalize_url("https://WWW.Example.com/news/a/?utm_source=x&id=3#top").as_deref(),
            Some("example.com/news/a?id=3")
        );
        assert_eq!(
            normalize_url("http://example.com/a/").as_deref(),
            Some("example.com/a")
        );
        assert_eq!(normalize_url("javascript:alert(1)"), None);
        assert_eq!(normalize_url("not a url"), None);
    }

    #[test]
    fn identity_prefers_canonical_then_guid_then_hash() {
        let mut a = Article {
            url: Some("https://example.com/a?utm_medium=rss".into()),
            canonical_url: Some("https://example.com/a".into()),
            guid: Some("tag:example.com,2026:1".into()),
            title: Some("T".into()),
            paragraphs: vec!["Body".into()],
            ..Article::default()
        };
        assert_eq!(identity_key(&a), "url:example.com/a");
        a.url = None;
        a.canonical_url = None;
        assert_eq!(identity_key(&a), "guid:tag:example.com,2026:1");
        a.guid = None;
        let h = identity_key(&a);
        assert!(h.starts_with("hash:"));
        a.paragraphs = vec!["  body ".into()];
        assert_eq!(
            identity_key(&a),
            h,
            "case and spacing do not make a new document"
        );
        a.paragraphs = vec!["Other body".into()];
        assert_ne!(identity_key(&a), h);
    }
}
