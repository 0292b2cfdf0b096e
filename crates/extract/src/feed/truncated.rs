//! A cut-off document (a partial download, a server that stopped mid-answer) closed where it
//! ends, so its complete items are read: the item it ends inside is dropped whole (its text
//! is cut short), and the elements still open around it are closed. The XML parser refuses
//! the whole feed over a missing end.
//!
//! One pass over the tags with a stack of open elements, no recursion. End tags that match
//! no open element are left as they are: a document that is broken rather than cut off is
//! not guessed at here (its broken items are dropped by the item-by-item reading).

use super::scan::{ITEM_NAMES, TagKind, tags};

/// The cut-off document closed at its end; `None` when it is not cut off.
pub(super) fn close_cut_off(text: &str) -> Option<String> {
    let mut scanner = tags(text);
    let mut open: Vec<(&str, usize)> = Vec::new();
    for tag in scanner.by_ref() {
        match tag.kind {
            TagKind::Start => open.push((tag.name, tag.start)),
            TagKind::Empty => {}
            TagKind::End => {
                if let Some(depth) = open.iter().rposition(|(name, _)| *name == tag.name) {
                    open.truncate(depth);
                }
            }
        }
    }
    let truncated = scanner.truncated;
    if open.is_empty() && truncated.is_none() {
        return None;
    }
    let local = |name: &str| name.rsplit(':').next().unwrap_or(name).to_owned();
    let (end, tail) = match open
        .iter()
        .position(|(name, _)| ITEM_NAMES.contains(&local(name).as_str()))
    {
        Some(item) => {
            let start = open.get(item).map_or(text.len(), |(_, start)| *start);
            open.truncate(item);
            (start, String::new())
        }
        None => match truncated {
            Some(cut) if cut.closer.is_empty() => (cut.start, String::new()),
            Some(cut) => (text.len(), cut.closer.to_owned()),
            None => (text.len(), String::new()),
        },
    };
    let mut out = text.get(..end)?.to_owned();
    out.push_str(&tail);
    for (name, _) in open.iter().rev() {
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_off_documents_keep_their_complete_items() {
        assert_eq!(
            close_cut_off("<rss><channel><item><t>A</t></item><item><t>B</t").as_deref(),
            Some("<rss><channel><item><t>A</t></item></channel></rss>")
        );
        assert_eq!(
            close_cut_off("<feed><entry><t>A</t></entry></feed").as_deref(),
            Some("<feed><entry><t>A</t></entry></feed>")
        );
        assert_eq!(
            close_cut_off("<rss><channel><title><![CDATA[cut").as_deref(),
            Some("<rss><channel><title><![CDATA[cut]]></title></channel></rss>")
        );
        assert_eq!(close_cut_off("<a><b/><c>t</c></a>"), None);
        assert_eq!(
            close_cut_off("<rss><channel><item><t>A</item></channel></rss>"),
            None,
            "broken, not cut off: left to the item-by-item reading"
        );
    }
}
