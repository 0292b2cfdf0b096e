//! Reading a feed item by item, for a feed feed-rs refuses as a whole even after the repairs:
//! the feed without its items is read once, then each item on its own inside it. An item that
//! still fails is read again without one of its elements at a time (the first that lets it
//! parse is lost), else it is lost; the same goes for the feed's own elements. All the parses
//! together read at most [`ITEM_BY_ITEM_BUDGET`] bytes plus twice the feed's length; the items
//! past that are lost.

use std::ops::Range;

use feed_rs::model::Feed;

use super::parse::{MAX_FIXES, Parser};
use super::scan;

/// Where the items were, in the feed without them.
const ITEMS_MARK: &str = "<!--tidings:items-->";

/// How many constructs one item may lose while it is read on its own.
const MAX_ITEM_FIXES: usize = 4;

/// How many of an element's children are tried leaving out, one at a time.
const MAX_RESCUES: usize = 32;

/// The most bytes the parses of reading one feed item by item may read in all, besides twice
/// the feed's own length (the feed without its items is parsed again with each item).
pub(super) const ITEM_BY_ITEM_BUDGET: usize = 16 * 1024 * 1024;

impl Parser<'_> {
    /// The feed read item by item: its items that can be read on their own, with the rest of
    /// the feed; `None` when the rest of the feed cannot be read, or no item can.
    pub(super) fn item_by_item(&self, text: &str) -> Option<Feed> {
        self.budget.set(Some(
            ITEM_BY_ITEM_BUDGET.saturating_add(text.len().saturating_mul(2)),
        ));
        let feed = if text.trim_start().starts_with('{') {
            self.json_item_by_item(text)
        } else {
            self.xml_item_by_item(text)
        };
        self.budget.set(None);
        feed
    }

    fn xml_item_by_item(&self, text: &str) -> Option<Feed> {
        let spans = scan::item_spans(text);
        let first = spans.first()?.start;
        // The feed without its items, a marker where they were (a comment: feed-rs skips it).
        let mut skeleton = String::with_capacity(text.len());
        let mut at = 0;
        for span in &spans {
            skeleton.push_str(text.get(at..span.start)?);
            if span.start == first {
                skeleton.push_str(ITEMS_MARK);
            }
            at = span.end;
        }
        skeleton.push_str(text.get(at..)?);
        scan::root_tag(&skeleton)?;
        let (mut feed, skeleton) = match self.parse_fixing(skeleton.clone(), MAX_FIXES, None) {
            // The fixes made to the rest of the feed are kept for every item.
            Ok((feed, fixed)) if fixed.contains(ITEMS_MARK) => (feed, fixed),
            Ok((feed, _)) => (feed, skeleton),
            Err(_) => (self.rescue_feed(&skeleton)?, skeleton),
        };
        let (head, tail) = skeleton.split_once(ITEMS_MARK)?;
        for span in spans {
            let item = text.get(span)?;
            if !self.can_afford(skeleton.len() + item.len()) {
                break;
            }
            let one = [head, item, tail].concat();
            let parsed = match self.parse_fixing(one.clone(), MAX_ITEM_FIXES, None) {
                Ok((parsed, _)) => Some(parsed),
                Err(_) => self.rescue(&one, head.len(), MAX_ITEM_FIXES),
            };
            if let Some(parsed) = parsed {
                feed.entries.extend(parsed.entries);
            }
        }
        (!feed.entries.is_empty()).then_some(feed)
    }

    /// Whether the budget still covers a parse of `len` bytes.
    fn can_afford(&self, len: usize) -> bool {
        self.budget.get().is_none_or(|left| left >= len)
    }

    /// The feed without its items, read without one of the feed's own elements (a child of
    /// the root or of `<channel>`).
    fn rescue_feed(&self, skeleton: &str) -> Option<Feed> {
        let root = scan::root_tag(skeleton)?;
        let channel = scan::tags(skeleton).find(|t| t.opens() && t.local_name() == "channel");
        [Some(root), channel]
            .into_iter()
            .flatten()
            .find_map(|parent| self.rescue(skeleton, parent.start, MAX_FIXES))
    }

    /// `doc` read without one child of the element starting at `parent`: the first child
    /// whose leaving out lets it parse.
    fn rescue(&self, doc: &str, parent: usize, fixes: usize) -> Option<Feed> {
        let open = scan::tags(doc.get(parent..)?).next()?;
        let open = scan::Tag {
            start: parent + open.start,
            end: parent + open.end,
            ..open
        };
        let children: Vec<Range<usize>> = scan::child_spans(doc, &open);
        children.into_iter().take(MAX_RESCUES).find_map(|child| {
            let without = [doc.get(..child.start)?, doc.get(child.end..)?].concat();
            self.parse_fixing(without, fixes, None)
                .ok()
                .map(|(feed, _)| feed)
        })
    }

    /// [`Parser::item_by_item`] for a JSON Feed.
    fn json_item_by_item(&self, text: &str) -> Option<Feed> {
        let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
        let items = std::mem::take(value.get_mut("items")?.as_array_mut()?);
        let mut feed = self
            .parse(serde_json::to_string(&value).ok()?.as_bytes())
            .ok()?;
        for item in items {
            if let Some(slot) = value.get_mut("items") {
                *slot = serde_json::Value::Array(vec![item]);
            }
            let Ok(one) = serde_json::to_string(&value) else {
                continue;
            };
            if !self.can_afford(one.len()) {
                break;
            }
            if let Ok(parsed) = self.parse(one.as_bytes()) {
                feed.entries.extend(parsed.entries);
            }
        }
        (!feed.entries.is_empty()).then_some(feed)
    }
}
