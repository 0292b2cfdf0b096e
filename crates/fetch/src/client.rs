//! The asynchronous fetcher: one reqwest client, redirects followed by hand (each hop
//! checked by the guard), conditional GET, a body size cap, per-host politeness.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap, HeaderValue};
use url::Url;

use crate::guard::{self, GuardedResolver};
use crate::polite::HostSlots;
use crate::{Config, FetchError};

/// What the previous fetch of a URL said, for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` it answered with.
    pub etag: Option<String>,
    /// The `Last-Modified` it answered with.
    pub last_modified: Option<String>,
}

/// One request's options beyond the URL.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Validators of the previous fetch (sent as `If-None-Match` / `If-Modified-Since`).
    pub validators: Validators,
    /// The `Accept` header; a default for feeds and pages when unset.
    pub accept: Option<String>,
    /// A body cap below the configured one (images use [`crate::image::MAX_IMAGE_BYTES`]).
    pub max_bytes: Option<u64>,
}

/// A successful answer.
#[derive(Debug, Clone)]
pub struct Response {
    /// The URL finally answered (after redirects).
    pub url: String,
    /// The `Content-Type`, as sent.
    pub content_type: Option<String>,
    /// Validators to send next time.
    pub validators: Validators,
    /// The body (decompressed).
    pub body: Vec<u8>,
}

/// What a fetch brought.
#[derive(Debug, Clone)]
pub enum Fetched {
    /// 200: a new body.
    Fresh(Response),
    /// 304: nothing changed since the validators sent.
    NotModified,
}

const DEFAULT_ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, application/json;q=0.7, */*;q=0.5";

/// The fetcher. Cheap to share (`&self` everywhere); keeps its connection pool and the
/// per-host schedule.
#[derive(Debug)]
pub struct Fetcher {
    client: reqwest::Client,
    config: Config,
    slots: HostSlots,
}

impl Fetcher {
    /// A fetcher with a configuration.
    pub fn new(config: Config) -> Result<Fetcher, FetchError> {
        // rustls is built without a default provider (that would be aws-lc, in C); ring is
        // installed for the process. Installing twice is refused harmlessly.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout.min(config.timeout))
            .redirect(reqwest::redirect::Policy::none())
            // Proxies would make the resolved-address check meaningless.
            .no_proxy()
            .dns_resolver(std::sync::Arc::new(GuardedResolver {
                config: config.clone(),
            }))
            .build()
            .map_err(|e| FetchError::Client(e.to_string()))?;
        Ok(Fetcher {
            client,
            config,
            slots: HostSlots::default(),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// GETs a URL: checks it (scheme, resolved addresses), waits for the host's slot, follows
    /// up to [`Config::max_redirects`] redirects (each checked again), and reads the body up
    /// to the cap. A status other than 200 and 304 is an error.
    ///
    /// The whole fetch — every hop, its DNS lookups and its body — has a deadline of twice
    /// [`Config::timeout`] (the waits for a host's slot not counted): a chain of redirects
    /// each just under the per-request timeout cannot hold a fetch round for minutes.
    pub async fn get(&self, url: &str, req: &Request) -> Result<Fetched, FetchError> {
        let mut current = guard::check_url(url)?;
        let max_bytes = req
            .max_bytes
            .map_or(self.config.max_bytes, |m| m.min(self.config.max_bytes));
        let overall = self.config.timeout.saturating_mul(2);
        let mut deadline = tokio::time::Instant::now() + overall;
        let late = |at: &Url| FetchError::Timeout {
            url: at.to_string(),
            after: overall,
        };
        let mut hops = 0;
        loop {
            let host = current.host_str().unwrap_or_default().to_ascii_lowercase();
            tokio::time::timeout_at(
                deadline,
                guard::check_addresses(&current, self.config.reach(&host)),
            )
            .await
            .map_err(|_| late(&current))??;
            let wait = self.slots.book(&host, self.config.host_delay);
            if !wait.is_zero() {
                tracing::debug!(%current, ?wait, "waiting for the host's slot");
                tokio::time::sleep(wait).await;
                deadline += wait;
            }
            let res = tokio::time::timeout_at(
                deadline,
                self.client
                    .get(current.clone())
                    .headers(request_headers(req))
                    .send(),
            )
            .await
            .map_err(|_| late(&current))?
            .map_err(|e| http_error(&current, &e, self.config.timeout))?;
            let status = res.status();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let location = res
                    .headers()
                    .get(header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| FetchError::Status {
                        url: current.to_string(),
                        status: status.as_u16(),
                        reason: "redirect without a Location".into(),
                    })?;
                hops += 1;
                if hops > self.config.max_redirects {
                    return Err(FetchError::TooManyRedirects {
                        url: url.to_owned(),
                        max: self.config.max_redirects,
                    });
                }
                let next = current.join(location).map_err(|e| FetchError::BadUrl {
                    url: location.to_owned(),
                    reason: format!("redirect from {current}: {e}"),
                })?;
                current = guard::check_url(next.as_str())?;
                continue;
            }
            if status == StatusCode::NOT_MODIFIED {
                return Ok(Fetched::NotModified);
            }
            if status != StatusCode::OK {
                return Err(FetchError::Status {
                    url: current.to_string(),
                    status: status.as_u16(),
                    reason: status.canonical_reason().unwrap_or("").to_owned(),
                });
            }
            let at = current.clone();
            return tokio::time::timeout_at(deadline, self.read(current, res, max_bytes))
                .await
                .map_err(|_| late(&at))?
                .map(Fetched::Fresh);
        }
    }

    async fn read(
        &self,
        url: Url,
        mut res: reqwest::Response,
        max_bytes: u64,
    ) -> Result<Response, FetchError> {
        let headers = res.headers().clone();
        let too_large = || FetchError::TooLarge {
            url: url.to_string(),
            max: max_bytes,
        };
        // A declared length over the cap is refused before reading (compressed bodies are
        // checked again as they are read: the length is of the compressed form).
        if res.content_length().is_some_and(|n| n > max_bytes) {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = res
            .chunk()
            .await
            .map_err(|e| http_error(&url, &e, self.config.timeout))?
        {
            if (body.len() + chunk.len()) as u64 > max_bytes {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response {
            url: url.to_string(),
            content_type: header_str(&headers, header::CONTENT_TYPE),
            validators: Validators {
                etag: header_str(&headers, header::ETAG),
                last_modified: header_str(&headers, header::LAST_MODIFIED),
            },
            body,
        })
    }
}

fn request_headers(req: &Request) -> HeaderMap {
    let mut h = HeaderMap::new();
    let accept = req.accept.as_deref().unwrap_or(DEFAULT_ACCEPT);
    if let Ok(v) = HeaderValue::from_str(accept) {
        h.insert(header::ACCEPT, v);
    }
    // Validators come from the server's own headers; one that is not a valid header value
    // is simply not sent.
    if let Some(v) = req
        .validators
        .etag
        .as_deref()
        .and_then(|e| HeaderValue::from_str(e).ok())
    {
        h.insert(header::IF_NONE_MATCH, v);
    }
    if let Some(v) = req
        .validators
        .last_modified
        .as_deref()
        .and_then(|e| HeaderValue::from_str(e).ok())
    {
        h.insert(header::IF_MODIFIED_SINCE, v);
    }
    h
}

fn header_str(h: &HeaderMap, name: header::HeaderName) -> Option<String> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn http_error(url: &Url, e: &reqwest::Error, timeout: Duration) -> FetchError {
    if e.is_timeout() {
        return FetchError::Timeout {
            url: url.to_string(),
            after: timeout,
        };
    }
    // reqwest's Display is terse ("error sending request"); the source chain says why.
    let mut reason = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        reason.push_str(": ");
        reason.push_str(&s.to_string());
        source = s.source();
    }
    FetchError::Http {
        url: url.to_string(),
        reason,
    }
}
