//! # tidings-fetch
//!
//! HTTP for Tidings: feeds, pages and images from the network, fetched politely and safely.
//!
//! - [`Fetcher`] (async) and [`BlockingFetcher`] (the same on its own thread, for the
//!   synchronous engine and the command line) GET one URL with a polite `User-Agent`,
//!   conditional GET ([`Validators`]: `ETag` / `Last-Modified` → [`Fetched::NotModified`]),
//!   limits (body size, whole-request timeout and twice it for the whole fetch with its redirects and DNS lookups, redirect count) and a minimum delay between two
//!   requests to one host ([`polite`]).
//! - The SSRF guard ([`guard`]): only `http`/`https`, and only hosts whose resolved addresses
//!   are all public, checked before every hop of a redirect chain and again by the client's
//!   own resolver at connect time. [`Config::allow_private`] (`TIDINGS_FETCH_ALLOW_PRIVATE=1`)
//!   lifts the address check for local use and tests, except for the cloud metadata
//!   addresses ([`guard::is_metadata`]); only a host named in [`Config::allow_hosts`] may
//!   reach those.
//! - [`image`]: which images are kept (PNG, JPEG, GIF, WebP, AVIF by their magic bytes; never
//!   SVG).
//!
//! Crates: reqwest (hyper underneath) with rustls and the `ring` provider — no OpenSSL, and
//! not reqwest's default rustls provider, aws-lc, which is C and slower to build; tokio for
//! the runtime; `url` for parsing and joining redirect targets. Errors name the URL and say
//! what went wrong.

mod blocking;
mod client;
pub mod guard;
pub mod image;
pub mod polite;

pub use blocking::BlockingFetcher;
pub use client::{Fetched, Fetcher, Request, Response, Validators};

use std::net::IpAddr;
use std::time::Duration;

use thiserror::Error;

/// What went wrong with one fetch; every variant names the URL.
#[derive(Debug, Clone, Error)]
pub enum FetchError {
    /// Not a URL, or one that cannot be fetched.
    #[error("{url}: not a fetchable URL: {reason}")]
    BadUrl { url: String, reason: String },
    /// A scheme other than http and https.
    #[error("{url}: scheme {scheme:?} refused (only http and https)")]
    Scheme { url: String, scheme: String },
    /// The host is, or resolves to, a non-public address.
    #[error(
        "{url}: refused: the host resolves to the non-public address {ip} (TIDINGS_FETCH_ALLOW_PRIVATE=1 allows private addresses but never the cloud metadata ones; TIDINGS_FETCH_ALLOW_HOSTS=host allows one host on purpose)"
    )]
    Blocked { url: String, ip: IpAddr },
    /// The host name did not resolve.
    #[error("{url}: cannot resolve the host: {reason}")]
    Resolve { url: String, reason: String },
    /// More redirects than allowed.
    #[error("{url}: more than {max} redirects")]
    TooManyRedirects { url: String, max: usize },
    /// No complete answer in time.
    #[error("{url}: timed out after {after:?}")]
    Timeout { url: String, after: Duration },
    /// The body is larger than the cap.
    #[error("{url}: body larger than {max} bytes")]
    TooLarge { url: String, max: u64 },
    /// An answer other than 200 or 304.
    #[error("{url}: HTTP {status} {reason}")]
    Status {
        url: String,
        status: u16,
        reason: String,
    },
    /// The connection or the protocol failed.
    #[error("{url}: {reason}")]
    Http { url: String, reason: String },
    /// The client could not be set up.
    #[error("HTTP client: {0}")]
    Client(String),
}

/// How the fetcher behaves; [`Config::default`] is polite and safe.
#[derive(Debug, Clone)]
pub struct Config {
    /// The `User-Agent` sent.
    pub user_agent: String,
    /// The whole request, body included.
    pub timeout: Duration,
    /// Connecting alone.
    pub connect_timeout: Duration,
    /// Bodies larger than this are refused.
    pub max_bytes: u64,
    /// Redirects followed at most.
    pub max_redirects: usize,
    /// Minimum delay between two requests to one host.
    pub host_delay: Duration,
    /// Allow loopback, private and other non-public addresses (local use, tests), but never the
    /// cloud metadata services' ([`guard::is_metadata`]).
    pub allow_private: bool,
    /// Hosts, as written in URLs (`127.0.0.1`, `feeds.lan`), that may resolve to non-public
    /// addresses even when `allow_private` is off: one local server, not the whole network.
    pub allow_hosts: Vec<String>,
}

/// Bodies larger than this are refused by default (a big feed or page is a few MB).
pub const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;

impl Default for Config {
    fn default() -> Self {
        Config {
            user_agent: format!(
                "Tidings/{} (self-hosted news reader)",
                env!("CARGO_PKG_VERSION")
            ),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_bytes: DEFAULT_MAX_BYTES,
            max_redirects: 5,
            host_delay: Duration::from_secs(2),
            allow_private: false,
            allow_hosts: Vec::new(),
        }
    }
}

impl Config {
    /// The default, with `TIDINGS_FETCH_ALLOW_PRIVATE=1` (or `true`) allowing non-public
    /// addresses and `TIDINGS_FETCH_ALLOW_HOSTS=a,b` allowing them for those hosts only.
    pub fn from_env() -> Config {
        let allow = std::env::var("TIDINGS_FETCH_ALLOW_PRIVATE")
            .is_ok_and(|v| matches!(v.trim(), "1" | "true" | "yes"));
        let hosts = std::env::var("TIDINGS_FETCH_ALLOW_HOSTS")
            .map(|v| {
                v.split(',')
                    .map(|h| h.trim().to_ascii_lowercase())
                    .filter(|h| !h.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        Config {
            allow_private: allow,
            allow_hosts: hosts,
            ..Config::default()
        }
    }

    /// How far a fetch to `host` (as written in a URL) may reach: anything for a host named
    /// in `allow_hosts`; anything but the metadata services with `allow_private`; else public
    /// addresses only.
    pub fn reach(&self, host: &str) -> guard::Reach {
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        if self
            .allow_hosts
            .iter()
            .any(|h| h.eq_ignore_ascii_case(bare))
        {
            guard::Reach::Named
        } else if self.allow_private {
            guard::Reach::Private
        } else {
            guard::Reach::Public
        }
    }
}
