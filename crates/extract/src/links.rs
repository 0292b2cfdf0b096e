//! Which URLs Tidings keeps as links: only absolute `http` and `https` ones.
//!
//! Pages, feeds and JSON lines can name `javascript:`, `data:`, `vbscript:` or `file:` URLs as
//! their address, canonical URL or lead image; stored and served back as links they would run
//! or load in a reader's browser. Extraction drops them, the engine refuses them before storing
//! and the web layer never serves one, all through [`web_url`].

use url::Url;

/// The URL, normalised by the URL parser, when it is an absolute `http`/`https` URL with a
/// host; `None` for every other scheme, a relative reference or unparsable text.
pub fn web_url(s: &str) -> Option<String> {
    let u = Url::parse(s.trim()).ok()?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none_or(str::is_empty) {
        return None;
    }
    Some(u.to_string())
}

/// Whether `s` is an absolute `http`/`https` URL (see [`web_url`]).
pub fn is_web_url(s: &str) -> bool {
    web_url(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_are_links() {
        assert_eq!(
            web_url("https://example.com/a b").as_deref(),
            Some("https://example.com/a%20b")
        );
        assert!(is_web_url(" http://example.com/ "));
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "/relative/path",
            "http://",
            "",
        ] {
            assert!(!is_web_url(bad), "{bad:?} kept as a link");
        }
    }
}
