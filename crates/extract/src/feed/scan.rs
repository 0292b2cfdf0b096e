//! A light scanner over XML text: start and end tags with their byte spans, comments, CDATA,
//! processing instructions and the doctype skipped. Not a parser: it checks nothing, so it
//! walks broken documents too; the repairs use it to find an element by the position feed-rs
//! names, an element's end, or a feed's items. Every walk is one pass, without recursion.

use std::ops::Range;

/// Which kind of tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TagKind {
    /// `<name ...>`
    Start,
    /// `</name>`
    End,
    /// `<name .../>`
    Empty,
}

/// One tag, by its byte span in the text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Tag<'a> {
    pub kind: TagKind,
    /// The name as written (with its prefix).
    pub name: &'a str,
    /// Offset of the `<`.
    pub start: usize,
    /// Offset just after the `>`.
    pub end: usize,
}

impl<'a> Tag<'a> {
    /// The name without its prefix (`media:title` → `title`).
    pub fn local_name(&self) -> &'a str {
        self.name.rsplit(':').next().unwrap_or(self.name)
    }

    /// Whether it opens an element (`Start` or `Empty`).
    pub fn opens(&self) -> bool {
        self.kind != TagKind::End
    }
}

/// The tags of an XML text, in document order.
pub(super) struct Tags<'a> {
    text: &'a str,
    pos: usize,
    /// Where the text ends inside a construct (a cut-off document), once met.
    pub truncated: Option<Truncated>,
}

/// A construct the text ends inside of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Truncated {
    /// Offset of its `<`.
    pub start: usize,
    /// What would end it (`-->`, `]]>`, `?>`), or `""` for a tag (which is cut off instead).
    pub closer: &'static str,
}

/// The tags of `text`, in document order.
pub(super) fn tags(text: &str) -> Tags<'_> {
    Tags {
        text,
        pos: 0,
        truncated: None,
    }
}

impl<'a> Tags<'a> {
    /// Moves past the first `end` at or after `from`, or to the end of the text.
    fn skip_past(&mut self, start: usize, from: usize, end: &'static str) {
        self.pos = match self.text.get(from..).and_then(|t| t.find(end)) {
            Some(i) => from + i + end.len(),
            None => {
                self.truncated = Some(Truncated { start, closer: end });
                self.text.len()
            }
        };
    }
}

impl<'a> Iterator for Tags<'a> {
    type Item = Tag<'a>;

    fn next(&mut self) -> Option<Tag<'a>> {
        loop {
            let start = self.pos + self.text.get(self.pos..)?.find('<')?;
            let rest = self.text.get(start..)?;
            if rest.starts_with("<!--") {
                self.skip_past(start, start + 4, "-->");
            } else if rest.starts_with("<![CDATA[") {
                self.skip_past(start, start + 9, "]]>");
            } else if rest.starts_with("<?") {
                self.skip_past(start, start + 2, "?>");
            } else if rest.starts_with("<!") {
                self.pos = start + declaration_len(rest);
            } else {
                let closing = rest.starts_with("</");
                let name_start = start + if closing { 2 } else { 1 };
                let name = self.text.get(name_start..).map_or("", |t| {
                    let len = t
                        .find(|c: char| c.is_whitespace() || matches!(c, '>' | '/' | '<'))
                        .unwrap_or(t.len());
                    t.get(..len).unwrap_or("")
                });
                let starts_like_a_name = name
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':');
                if !starts_like_a_name {
                    // A stray `<` in text: not a tag.
                    self.pos = start + 1;
                    continue;
                }
                let after_name = name_start + name.len();
                let Some(len) = self.text.get(after_name..).and_then(tag_rest_len) else {
                    // An unterminated tag: the text ends inside it.
                    self.pos = self.text.len();
                    self.truncated = Some(Truncated { start, closer: "" });
                    return None;
                };
                let end = after_name + len;
                self.pos = end;
                let kind = if closing {
                    TagKind::End
                } else if self.text.get(..end - 1).is_some_and(|t| t.ends_with('/')) {
                    TagKind::Empty
                } else {
                    TagKind::Start
                };
                return Some(Tag {
                    kind,
                    name,
                    start,
                    end,
                });
            }
        }
    }
}

/// Length of the rest of a tag after its name, through its `>` (quoted `>` skipped).
fn tag_rest_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'>' => return Some(i + 1),
            b'"' | b'\'' => {
                let close = bytes.get(i + 1..)?.iter().position(|&c| c == b)?;
                i += close + 2;
            }
            _ => i += 1,
        }
    }
    None
}

/// Length of a `<!DOCTYPE ...>` (with its internal subset) or other `<!...>` declaration.
pub(super) fn declaration_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'[') => depth += 1,
            (None, b']') => depth = depth.saturating_sub(1),
            (None, b'>') if depth == 0 => return i + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// The name of the first element of an XML text, after the prolog (declaration, processing
/// instructions, comments, doctype); `None` when anything else comes first.
pub(super) fn root_element_name(mut text: &str) -> Option<&str> {
    loop {
        text = text.trim_start();
        if let Some(rest) = text.strip_prefix("<?") {
            text = rest.split_once("?>")?.1;
        } else if let Some(rest) = text.strip_prefix("<!--") {
            text = rest.split_once("-->")?.1;
        } else if text.starts_with("<!") {
            text = text.get(declaration_len(text)..)?;
        } else if let Some(rest) = text.strip_prefix('<') {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(rest.len());
            let name = rest.get(..end)?;
            return (!name.is_empty()).then_some(name);
        } else {
            return None;
        }
    }
}

/// The first element's start tag.
pub(super) fn root_tag(text: &str) -> Option<Tag<'_>> {
    tags(text).find(Tag::opens)
}

/// The start tag that ends at `pos` (where feed-rs says an element starts: just after its
/// start tag), else the last start tag ending before `pos`.
pub(super) fn start_tag_at(text: &str, pos: usize) -> Option<Tag<'_>> {
    let mut found = None;
    for tag in tags(text) {
        if tag.end > pos {
            break;
        }
        if tag.opens() {
            found = Some(tag);
        }
    }
    found
}

/// The span of the element `open` starts, through its end tag; `None` when it never ends.
pub(super) fn element_span(text: &str, open: &Tag<'_>) -> Option<Range<usize>> {
    if open.kind == TagKind::Empty {
        return Some(open.start..open.end);
    }
    let mut depth = 0usize;
    for tag in tags(text.get(open.end..)?) {
        match tag.kind {
            TagKind::Start => depth += 1,
            TagKind::End if depth == 0 => return Some(open.start..open.end + tag.end),
            TagKind::End => depth -= 1,
            TagKind::Empty => {}
        }
    }
    None
}

/// The spans of the child elements of the element `open` starts, in order.
pub(super) fn child_spans(text: &str, open: &Tag<'_>) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    if open.kind == TagKind::Empty {
        return spans;
    }
    let mut depth = 0usize;
    let mut child_start = 0;
    for tag in tags(text.get(open.end..).unwrap_or_default()) {
        let (start, end) = (open.end + tag.start, open.end + tag.end);
        match tag.kind {
            TagKind::Empty if depth == 0 => spans.push(start..end),
            TagKind::Empty => {}
            TagKind::Start => {
                if depth == 0 {
                    child_start = start;
                }
                depth += 1;
            }
            TagKind::End if depth == 0 => break,
            TagKind::End => {
                depth -= 1;
                if depth == 0 {
                    spans.push(child_start..end);
                }
            }
        }
    }
    spans
}

/// Whether the element `open` starts has no text right after its start tag (it is empty, or
/// a child element comes first): feed-rs reads no text from it.
pub(super) fn starts_without_text(text: &str, open: &Tag<'_>) -> bool {
    if open.kind == TagKind::Empty {
        return true;
    }
    let rest = text.get(open.end..).unwrap_or_default();
    rest.is_empty() || (rest.starts_with('<') && !rest.starts_with("<![CDATA["))
}

/// Local names of the elements that are a feed's items.
pub(super) const ITEM_NAMES: [&str; 2] = ["item", "entry"];

/// Local names of the elements that hold a feed's items.
const ITEM_PARENTS: [&str; 4] = ["channel", "feed", "RDF", "rss"];

/// The spans of a feed's items (`<item>`, `<entry>`, any prefix), outermost only. An item
/// whose end tag is missing or misspelt runs to the next item, or to the end of the element
/// holding the items, so the rest of the feed stays apart from it.
pub(super) fn item_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    let mut depth = 0usize;
    for tag in tags(text) {
        let name = tag.local_name();
        if ITEM_NAMES.contains(&name) {
            match tag.kind {
                TagKind::Empty if open.is_none() => spans.push(tag.start..tag.end),
                TagKind::Empty => {}
                TagKind::Start => {
                    if let Some(begin) = open
                        && depth > 0
                        && tag.name == text.get(begin + 1..).map_or("", |t| tag_name_of(t))
                    {
                        // An item opening inside an unclosed one of the same name: the
                        // first lost its end tag.
                        spans.push(begin..tag.start);
                        open = Some(tag.start);
                        depth = 1;
                    } else if open.is_none() {
                        open = Some(tag.start);
                        depth = 1;
                    } else {
                        depth += 1;
                    }
                }
                TagKind::End => {
                    if let Some(begin) = open {
                        depth -= 1;
                        if depth == 0 {
                            spans.push(begin..tag.end);
                            open = None;
                        }
                    }
                }
            }
        } else if tag.kind == TagKind::End
            && ITEM_PARENTS.contains(&name)
            && let Some(begin) = open.take()
        {
            spans.push(begin..tag.start);
            depth = 0;
        }
    }
    if let Some(begin) = open {
        spans.push(begin..text.len());
    }
    spans
}

fn tag_name_of(text: &str) -> &str {
    let len = text
        .find(|c: char| c.is_whitespace() || matches!(c, '>' | '/'))
        .unwrap_or(text.len());
    text.get(..len).unwrap_or("")
}

/// One attribute of a start tag: its name, raw value, and the span to delete to remove it
/// (with the white space before it).
pub(super) struct Attribute<'a> {
    pub name: &'a str,
    pub value: &'a str,
    pub span: Range<usize>,
}

/// The attributes of a start tag, with spans relative to the text `tag` was found in.
pub(super) fn attributes<'a>(text: &'a str, tag: &Tag<'_>) -> Vec<Attribute<'a>> {
    let mut out = Vec::new();
    let Some(inner) = text.get(tag.start..tag.end) else {
        return out;
    };
    let bytes = inner.as_bytes();
    let mut i = 1 + tag.name.len();
    loop {
        let space_start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let name_start = i;
        while bytes
            .get(i)
            .is_some_and(|&b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
        {
            i += 1;
        }
        if i == name_start {
            return out;
        }
        let name_end = i;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let Some(&quote) = bytes.get(i).filter(|&&b| b == b'"' || b == b'\'') else {
            return out;
        };
        let value_start = i + 1;
        let Some(len) = bytes
            .get(value_start..)
            .and_then(|rest| rest.iter().position(|&b| b == quote))
        else {
            return out;
        };
        i = value_start + len + 1;
        if let (Some(name), Some(value)) = (
            inner.get(name_start..name_end),
            inner.get(value_start..value_start + len),
        ) {
            out.push(Attribute {
                name,
                value,
                span: tag.start + space_start..tag.start + i,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_skip_comments_cdata_and_doctype() {
        let text = "<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY a 'x>'>]><rss a='>'>\
                    <!-- <item> --><![CDATA[<item>]]><item/><x:y>t</x:y></rss>";
        let found: Vec<(TagKind, &str)> = tags(text).map(|t| (t.kind, t.name)).collect();
        assert_eq!(
            found,
            [
                (TagKind::Start, "rss"),
                (TagKind::Empty, "item"),
                (TagKind::Start, "x:y"),
                (TagKind::End, "x:y"),
                (TagKind::End, "rss"),
            ]
        );
    }

    #[test]
    fn element_spans_and_positions() {
        let text = "<a><b k='1'><b/></b><c></c></a>";
        let b = start_tag_at(text, 12).unwrap_or_else(|| panic!("no tag"));
        assert_eq!(b.name, "b");
        let span = element_span(text, &b).unwrap_or_else(|| panic!("no span"));
        assert_eq!(text.get(span), Some("<b k='1'><b/></b>"));
        assert!(starts_without_text(text, &b));
        let a = root_tag(text).unwrap_or_else(|| panic!("no root"));
        let children: Vec<&str> = child_spans(text, &a)
            .into_iter()
            .filter_map(|s| text.get(s))
            .collect();
        assert_eq!(children, ["<b k='1'><b/></b>", "<c></c>"]);
        let attrs = attributes(text, &b);
        assert_eq!(attrs.len(), 1);
        assert_eq!((attrs[0].name, attrs[0].value), ("k", "1"));
        assert_eq!(text.get(attrs[0].span.clone()), Some(" k='1'"));
    }

    #[test]
    fn item_spans_survive_lost_end_tags() {
        let text = "<rss><channel><item>a</item><item>b</itm><item>c</item><item>d</channel></rss>";
        let spans: Vec<&str> = item_spans(text)
            .into_iter()
            .filter_map(|s| text.get(s))
            .collect();
        assert_eq!(
            spans,
            [
                "<item>a</item>",
                "<item>b</itm>",
                "<item>c</item>",
                "<item>d"
            ]
        );
    }
}
