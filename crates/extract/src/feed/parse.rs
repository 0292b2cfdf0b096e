//! feed-rs, made to read feeds as they are.
//!
//! feed-rs 3 fails a whole feed over one construct it does not expect: a `type` value on a
//! text element it does not know (`<media:title type="text/html">`, Atom
//! `type="text/plain"`), a MediaRSS or Atom text element with no text, an unusable
//! `xml:base`, a bare `&`, a missing end tag, and it panics on some values (a name beside an
//! e-mail address cut inside a UTF-8 character, UTF-16 input). [`read`] therefore:
//!
//! 1. parses the bytes as they are (after [`repair::upgrade`] for Atom 0.3, RSS 0.90,
//!    namespaced RSS 2.0, UTF-16/UTF-32 input, documents nested too deep and feeds with
//!    too many items);
//! 2. on failure, parses the decoded text after [`repair::repair`], and while feed-rs names
//!    the position of what it refused, removes that construct ([`repair::fix_at`]) and parses
//!    again (at most [`MAX_FIXES`] times);
//! 3. if the feed still fails, reads it item by item ([`super::items`]), so a broken item
//!    costs one of its elements, or the item, and the rest are read.
//!
//! What is left is a clear [`ExtractError::Feed`]: what is wrong, and where when known.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

use feed_rs::model::{Feed, FeedType};
use feed_rs::parser::{ParseErrorKind, ParseFeedError};
use url::Url;

use crate::budget::Cancel;
use crate::{ExtractError, decode};

use super::SNIFF_BYTES;
use super::dates::DateLog;
use super::depth;
use super::repair;
use super::scan;

/// How many constructs one feed may lose before it counts as failed.
pub(super) const MAX_FIXES: usize = 16;

/// The most bytes the parses after fixes of one text may read in all.
const FIX_BUDGET: usize = 256 * 1024 * 1024;

/// A parsed feed and the bytes it was parsed from (the input, or its repaired text).
pub(super) struct Parsed<'a> {
    pub feed: Feed,
    pub source: std::borrow::Cow<'a, [u8]>,
}

/// Why one parse failed.
pub(super) enum Failure {
    /// feed-rs refused the input.
    Feed(ParseFeedError),
    /// feed-rs panicked, with this message.
    Panic(String),
    /// The caller's stop flag is set.
    Stopped,
    /// The bytes allowed for reading the feed item by item are spent.
    OverBudget,
}

impl Failure {
    fn kind(&self) -> Option<&ParseErrorKind> {
        match self {
            Failure::Feed(ParseFeedError::ParseError(kind)) => Some(kind),
            _ => None,
        }
    }
}

/// Parses a feed, repairing what a reader would tolerate (see the module documentation).
pub(super) fn read<'a>(
    bytes: &'a [u8],
    base: Option<&Url>,
    dates: &DateLog,
    cancel: Cancel<'_>,
) -> Result<Parsed<'a>, ExtractError> {
    let parser = Parser {
        base,
        dates,
        cancel,
        budget: Cell::new(None),
    };
    let parsed = parser.read(bytes);
    cancel.check()?;
    Ok(parser.with_rdf_links(parsed?))
}

/// A UTF-32 document (by its byte-order mark, or a `<` as its first character), decoded: the
/// one encoding the decoder does not know, and feeds are met in it.
pub(super) fn utf32_text(bytes: &[u8]) -> Option<String> {
    let (big_endian, body) = match bytes {
        [0, 0, 0xFE, 0xFF, rest @ ..] => (true, rest),
        [0xFF, 0xFE, 0, 0, rest @ ..] => (false, rest),
        [0, 0, 0, b'<', ..] => (true, bytes),
        [b'<', 0, 0, 0, ..] => (false, bytes),
        _ => return None,
    };
    Some(
        body.chunks_exact(4)
            .map(|c| {
                let Ok(quad) = <[u8; 4]>::try_from(c) else {
                    return char::REPLACEMENT_CHARACTER;
                };
                let code = if big_endian {
                    u32::from_be_bytes(quad)
                } else {
                    u32::from_le_bytes(quad)
                };
                char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)
            })
            .collect(),
    )
}

/// Whether the bytes are UTF-16 (by their byte-order mark, or a `<` as their first
/// character): decoded before feed-rs sees them (its XML reader panics on some).
fn is_utf16(head: &[u8]) -> bool {
    matches!(
        head,
        [0xFE, 0xFF, ..] | [0xFF, 0xFE, ..] | [0, b'<', ..] | [b'<', 0, ..]
    )
}

/// Whether an XML document nests too deep or has too many items ([`depth::shape`]).
fn out_of_shape(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    if text.trim_start().starts_with('{') {
        return false;
    }
    let shape = depth::shape(&text);
    shape.too_deep || shape.too_many_items
}

/// A configured feed-rs run.
pub(super) struct Parser<'p> {
    base: Option<&'p Url>,
    dates: &'p DateLog,
    cancel: Cancel<'p>,
    /// Bytes the parses may still read, when limited.
    pub budget: Cell<Option<usize>>,
}

impl Parser<'_> {
    /// See [`read`].
    fn read<'a>(&self, bytes: &'a [u8]) -> Result<Parsed<'a>, ExtractError> {
        let head = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
        let upgraded = if let Some(text) = utf32_text(bytes) {
            Some(repair::upgrade(&text))
        } else if repair::needs_upgrade(head) || is_utf16(head) || out_of_shape(bytes) {
            Some(repair::upgrade(&decode::decode_text(bytes, None)?))
        } else {
            None
        };
        let input = upgraded.as_deref().map_or(bytes, str::as_bytes);
        let first = match self.parse(input) {
            Ok(feed) => {
                return Ok(Parsed {
                    feed,
                    source: match upgraded {
                        Some(text) => text.into_bytes().into(),
                        None => bytes.into(),
                    },
                });
            }
            Err(failure) => failure,
        };
        let text = match &upgraded {
            Some(text) => repair::repair(text),
            None => repair::repair(&decode::decode_text(bytes, None)?),
        };
        let failed = (text.as_bytes() == input).then_some(first);
        match self.parse_fixing(text, MAX_FIXES, failed) {
            Ok((feed, text)) => Ok(Parsed {
                feed,
                source: text.into_bytes().into(),
            }),
            Err((reason, text)) => match self.item_by_item(&text) {
                Some(feed) => Ok(Parsed {
                    feed,
                    source: text.into_bytes().into(),
                }),
                None => Err(ExtractError::Feed(reason)),
            },
        }
    }

    /// An RSS 1.0 / 0.90 feed read again with links given to its items that lack one, when
    /// feed-rs dropped items for it ([`repair::link_rdf_items`]).
    fn with_rdf_links<'a>(&self, parsed: Parsed<'a>) -> Parsed<'a> {
        if parsed.feed.feed_type != FeedType::RSS1 {
            return parsed;
        }
        let text = String::from_utf8_lossy(&parsed.source);
        if scan::item_spans(&text).len() <= parsed.feed.entries.len() {
            return parsed;
        }
        let text = match std::str::from_utf8(&parsed.source) {
            Ok(text) => repair::repair(text),
            Err(_) => match decode::decode_text(&parsed.source, None) {
                Ok(text) => repair::repair(&text),
                Err(_) => return parsed,
            },
        };
        let Some(linked) = repair::link_rdf_items(&text) else {
            return parsed;
        };
        match self.parse_fixing(linked, MAX_FIXES, None) {
            Ok((feed, text)) if feed.entries.len() > parsed.feed.entries.len() => Parsed {
                feed,
                source: text.into_bytes().into(),
            },
            _ => parsed,
        }
    }

    /// One feed-rs parse.
    pub(super) fn parse(&self, bytes: &[u8]) -> Result<Feed, Failure> {
        if self.cancel.is_stopped() {
            return Err(Failure::Stopped);
        }
        if let Some(left) = self.budget.get() {
            if left < bytes.len() {
                return Err(Failure::OverBudget);
            }
            self.budget.set(Some(left - bytes.len()));
        }
        let log = self.dates.clone();
        let parser = feed_rs::parser::Builder::new()
            .base_uri(self.base.map(Url::as_str))
            // Never invent ids (the default makes a random UUID for items without link/title).
            .id_generator(|_, _, _| String::new())
            .timestamp_parser(move |text| log.record(text))
            .build();
        // feed-rs panics on some inputs (see the module documentation): contained here, what
        // caused it is left out by the item-by-item reading.
        match catch_unwind(AssertUnwindSafe(|| parser.parse(bytes))) {
            Ok(Ok(feed)) => Ok(feed),
            Ok(Err(error)) => Err(Failure::Feed(error)),
            Err(payload) => {
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Err(Failure::Panic(message))
            }
        }
    }

    /// Parses `text`, removing what feed-rs places its failure at, up to `fixes` times.
    /// `failed` is the failure of `text` already met. On failure, the reason and the text as
    /// last parsed.
    pub(super) fn parse_fixing(
        &self,
        mut text: String,
        fixes: usize,
        mut failed: Option<Failure>,
    ) -> Result<(Feed, String), (String, String)> {
        let mut round = 0;
        loop {
            let failure = match failed.take() {
                Some(failure) => failure,
                None => match self.parse(text.as_bytes()) {
                    Ok(feed) => return Ok((feed, text)),
                    Err(failure) => failure,
                },
            };
            // Each fix costs a parse of the whole text: a large feed gets fewer of them.
            let affordable = round < fixes && (round + 1).saturating_mul(text.len()) <= FIX_BUDGET;
            let fixed = failure
                .kind()
                .filter(|_| affordable)
                .and_then(|kind| repair::fix_at(&text, kind));
            match fixed {
                Some(fixed) => {
                    text = fixed;
                    round += 1;
                }
                None => return Err((describe(&failure, &text), text)),
            }
        }
    }
}

/// The reason a parse of `text` failed, said for a person: what is wrong, and where.
fn describe(failure: &Failure, text: &str) -> String {
    let error = match failure {
        Failure::Feed(error) => error,
        Failure::Panic(message) => {
            return format!("the feed parser (feed-rs) failed on this input: {message}");
        }
        Failure::Stopped => return "stopped".to_owned(),
        Failure::OverBudget => {
            return "too costly to read item by item after the feed failed as a whole".to_owned();
        }
    };
    match error {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => not_a_feed(text),
        ParseFeedError::ParseError(kind) => {
            let (position, what) = match kind {
                ParseErrorKind::UnknownMimeType { position, mime } => {
                    (*position, format!("unsupported content type {mime:?}"))
                }
                ParseErrorKind::MissingContent {
                    position,
                    reference,
                } => (*position, format!("missing {reference}")),
                ParseErrorKind::UnknownEnumVariant {
                    position,
                    reference,
                } => (*position, format!("unknown value {reference:?}")),
                ParseErrorKind::IllegalState {
                    position,
                    reference,
                } => (*position, format!("unexpected structure ({reference})")),
                ParseErrorKind::NoFeedRoot => (0, String::new()),
            };
            format!("invalid feed: {what}{}", place(text, position))
        }
        ParseFeedError::XmlReader(e) => format!("malformed XML: {e}"),
        ParseFeedError::JsonSerde(e) => format!("malformed JSON Feed: {e}"),
        ParseFeedError::JsonUnsupportedVersion(v) => format!("unsupported JSON Feed version {v:?}"),
        ParseFeedError::IoError(e) => format!("unreadable feed: {e}"),
    }
}

/// " in <name> at line N" for a position feed-rs gave (just after an element's start tag).
fn place(text: &str, position: u64) -> String {
    let Ok(pos) = usize::try_from(position) else {
        return String::new();
    };
    let line = 1 + text
        .get(..pos.min(text.len()))
        .map_or(0, |t| t.bytes().filter(|&b| b == b'\n').count());
    match scan::start_tag_at(text, pos) {
        Some(tag) => format!(" in <{}> at line {line}", tag.name),
        None => format!(" at line {line}"),
    }
}

/// Why a document with no feed root is not a feed: what its root is.
fn not_a_feed(text: &str) -> String {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        return "not a feed: a JSON document, but not a JSON Feed".to_owned();
    }
    match scan::root_element_name(trimmed) {
        Some("rss") => "not a feed: the <rss> element has no <channel>".to_owned(),
        Some(name) => {
            format!("not a feed: the root element is <{name}>, not <rss>, <feed> or <rdf:RDF>")
        }
        None => {
            "not a feed: no <rss>, <feed> or <rdf:RDF> root element and not a JSON Feed".to_owned()
        }
    }
}

/// Default namespaces feed-rs reads feeds in.
const KNOWN_NAMESPACES: [&str; 2] = ["http://www.w3.org/2005/Atom", "http://purl.org/rss/1.0/"];

/// When a feed parsed but gave no entries: why, if the document has items that were lost.
pub(super) fn unread_items(source: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(source);
    let spans = scan::item_spans(&text);
    let first = spans.first()?;
    let name = text
        .get(first.start + 1..)
        .and_then(|t| {
            t.split(|c: char| c.is_whitespace() || matches!(c, '>' | '/'))
                .next()
        })
        .unwrap_or("item");
    let root = scan::root_tag(&text);
    let namespace = root
        .map(|r| scan::attributes(&text, &r))
        .unwrap_or_default()
        .into_iter()
        .find(|a| a.name == "xmlns" && !KNOWN_NAMESPACES.contains(&a.value))
        .map(|a| {
            format!(
                " (its namespace {:?} may be one the parser does not know)",
                a.value
            )
        })
        .unwrap_or_default();
    Some(format!(
        "the feed has {} <{name}> elements but none could be read as items{namespace}",
        spans.len()
    ))
}
