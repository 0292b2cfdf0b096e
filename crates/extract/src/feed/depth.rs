//! Documents nested deeper than any feed is, made shallow before feed-rs sees them: feed-rs
//! recurses over nested MediaRSS groups (and so would overflow the stack on a hostile feed),
//! and the XML reader refuses a document past 65,535 levels. Elements deeper than
//! [`MAX_XML_DEPTH`] are unwrapped: their tags dropped, their text kept in its place. And
//! feeds with more than [`MAX_ITEMS`] items keep their first ones, so the memory feed-rs
//! takes stays a small multiple of the input.
//!
//! One pass over the tags with a stack of open elements, no recursion.

use super::scan::{ITEM_NAMES, TagKind, item_spans, tags};

/// Elements open at once that feed-rs is given (real feeds nest fewer than 20; Atom XHTML
/// content a few dozen at most).
pub const MAX_XML_DEPTH: usize = 128;

/// The most items a feed is read with: the first ones are kept (a feed lists its newest
/// first), the rest dropped before feed-rs builds its model of them. Real feeds carry tens
/// to a few thousand.
pub const MAX_ITEMS: usize = 10_000;

/// What a pass over a document's tags tells before it is parsed.
pub(super) struct Shape {
    /// It opens elements deeper than [`MAX_XML_DEPTH`].
    pub too_deep: bool,
    /// It has more than [`MAX_ITEMS`] items.
    pub too_many_items: bool,
}

/// The [`Shape`] of a document.
pub(super) fn shape(text: &str) -> Shape {
    let mut depth = 0usize;
    let mut items = 0usize;
    let mut too_deep = false;
    for tag in tags(text) {
        match tag.kind {
            TagKind::Start => {
                depth += 1;
                too_deep |= depth > MAX_XML_DEPTH;
            }
            TagKind::End => depth = depth.saturating_sub(1),
            TagKind::Empty => {}
        }
        if tag.opens() && ITEM_NAMES.contains(&tag.local_name()) {
            items += 1;
        }
    }
    Shape {
        too_deep,
        too_many_items: items > MAX_ITEMS,
    }
}

/// The text without its items past the first [`MAX_ITEMS`]; `None` when it has no more.
pub(super) fn keep_first_items(text: &str) -> Option<String> {
    let spans = item_spans(text);
    let first_dropped = spans.get(MAX_ITEMS)?.start;
    let last = spans.last()?.end;
    Some([text.get(..first_dropped)?, text.get(last..)?].concat())
}

/// The text with the elements deeper than [`MAX_XML_DEPTH`] unwrapped; `None` when it has
/// none.
pub(super) fn flatten(text: &str) -> Option<String> {
    // Open elements, and whether each one's tags are kept.
    let mut open: Vec<(&str, bool)> = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut changed = false;
    for tag in tags(text) {
        let drop = match tag.kind {
            TagKind::Start => {
                let keep = open.len() < MAX_XML_DEPTH;
                open.push((tag.name, keep));
                !keep
            }
            TagKind::Empty => open.len() >= MAX_XML_DEPTH,
            TagKind::End => match open.iter().rposition(|(name, _)| *name == tag.name) {
                Some(depth) => {
                    let keep = open.get(depth).is_some_and(|(_, keep)| *keep);
                    open.truncate(depth);
                    !keep
                }
                None => false,
            },
        };
        if drop {
            out.push_str(text.get(at..tag.start)?);
            at = tag.end;
            changed = true;
        }
    }
    if !changed {
        return None;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_elements_are_unwrapped_and_their_text_kept() {
        let n = MAX_XML_DEPTH + 50;
        let deep = format!("{}text{}", "<g>".repeat(n), "</g>".repeat(n));
        assert!(shape(&deep).too_deep);
        let flat = flatten(&deep).unwrap_or_else(|| panic!("not flattened"));
        assert_eq!(
            flat,
            format!(
                "{}text{}",
                "<g>".repeat(MAX_XML_DEPTH),
                "</g>".repeat(MAX_XML_DEPTH)
            )
        );
        assert!(!shape(&flat).too_deep);
        assert_eq!(flatten("<a><b>x</b></a>"), None);
    }

    #[test]
    fn only_the_first_items_are_kept() {
        let items: String = (0..MAX_ITEMS + 5)
            .map(|i| format!("<item><title>{i}</title></item>"))
            .collect();
        let feed = format!("<rss><channel><title>T</title>{items}</channel></rss>");
        assert!(shape(&feed).too_many_items);
        let kept = keep_first_items(&feed).unwrap_or_else(|| panic!("nothing dropped"));
        assert_eq!(item_spans(&kept).len(), MAX_ITEMS);
        assert!(kept.ends_with(&format!(
            "<title>{}</title></item></channel></rss>",
            MAX_ITEMS - 1
        )));
        assert_eq!(
            keep_first_items("<rss><channel><item/></channel></rss>"),
            None
        );
    }
}
