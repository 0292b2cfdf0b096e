//! A source's health as readers see it: a short URL and a short category of its error,
//! never the addresses, URLs or messages it holds.

/// A source's URL as shown to readers: host (with a port other than the default) and path,
/// without the scheme, the query string (it may carry a key) or user info.
pub fn public_source_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) => {
            let host = u.host_str().unwrap_or("");
            match u.port() {
                Some(p) => format!("{host}:{p}{}", u.path()),
                None => format!("{host}{}", u.path()),
            }
        }
        // Not a URL (sources are checked when added): show nothing of it.
        Err(_) => "(unreadable URL)".to_owned(),
    }
}

/// A short category for a source's recorded error, for readers: "timeout", "blocked
/// address", "HTTP 404", "parse error"… — never the addresses, URLs or messages it holds.
pub fn error_category(error: &str) -> String {
    if let Some(at) = error.find("HTTP ") {
        let code: String = error[at + 5..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if code.len() == 3 {
            return format!("HTTP {code}");
        }
    }
    let has = |s: &str| error.contains(s);
    let category = if has("time budget") {
        "too slow to read"
    } else if has(super::UNFINISHED) {
        "interrupted"
    } else if has("timed out") {
        "timeout"
    } else if has("non-public address") {
        "blocked address"
    } else if has("cannot resolve") {
        "DNS failure"
    } else if has("redirects") {
        "too many redirects"
    } else if has("body larger than") {
        "too large"
    } else if has("not a fetchable URL") || has("refused (only http") {
        "bad URL"
    } else if has("feed could not be parsed")
        || has("no article")
        || has("empty document")
        || has("not a text document")
        || has("the extractor failed")
    {
        "parse error"
    } else if error.starts_with("store:") || has("database") {
        "storage error"
    } else {
        "connection error"
    };
    category.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_see_a_short_url_and_error() {
        assert_eq!(
            public_source_url("https://user:pw@news.example:8443/feed.xml?key=secret#x"),
            "news.example:8443/feed.xml"
        );
        assert_eq!(
            public_source_url("https://news.example/rss?token=1"),
            "news.example/rss"
        );
        for (error, short) in [
            ("https://a.example/f: HTTP 404 Not Found", "HTTP 404"),
            ("https://a.example/f: timed out after 60s", "timeout"),
            (
                "http://10.0.0.1/f: refused: the host resolves to the non-public address 10.0.0.1 (set TIDINGS_FETCH_ALLOW_PRIVATE=1 to allow)",
                "blocked address",
            ),
            (
                "https://a.example/f: feed could not be parsed: bad XML",
                "parse error",
            ),
            (
                "https://a.example/f: error sending request: connection refused",
                "connection error",
            ),
            (
                "https://a.example/f: extraction took longer than its time budget of 15 s; skipped",
                "too slow to read",
            ),
            (super::super::UNFINISHED, "interrupted"),
        ] {
            assert_eq!(error_category(error), short, "{error}");
        }
    }
}
