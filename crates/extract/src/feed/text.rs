//! Feed text to plain text and paragraphs: HTML fragments split at block elements, entities
//! decoded, white space collapsed.

use std::borrow::Cow;

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use super::scan::{TagKind, attributes, tags};

/// The blocks of an HTML fragment as paragraphs, and its first image.
pub(super) struct Blocks {
    pub paragraphs: Vec<String>,
    pub first_img: Option<String>,
}

/// Elements whose text is not article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "head",
    "title", "button", "select", "textarea", "form",
];

/// Elements that start and end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "nav",
    "main",
    "address",
    "details",
    "summary",
    "center",
];

/// Splits an HTML fragment into paragraphs at block elements; scripts and styles dropped,
/// white space collapsed. Iterative, so deep nesting cannot overflow the stack; a fragment
/// the HTML parser would take quadratic time on is flattened first ([`bounded`]).
pub(super) fn html_blocks(html: &str) -> Blocks {
    let html = bounded(html);
    let fragment = Html::parse_fragment(&html);
    let mut blocks = Blocks {
        paragraphs: Vec::new(),
        first_img: None,
    };
    let mut current = String::new();
    let mut skip_depth = 0usize;
    for edge in fragment.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(element) => {
                    let name = element.name();
                    if skip_depth > 0 || SKIPPED.contains(&name) {
                        skip_depth += 1;
                    } else if BLOCKS.contains(&name) {
                        flush(&mut current, &mut blocks.paragraphs);
                    } else if name == "img" && blocks.first_img.is_none() {
                        blocks.first_img = element
                            .attr("src")
                            .map(str::trim)
                            .filter(|s| !s.is_empty() && !s.starts_with("data:"))
                            .map(str::to_owned);
                    }
                }
                Node::Text(text) if skip_depth == 0 => current.push_str(text),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(element) = node.value() {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                    } else if BLOCKS.contains(&element.name()) {
                        flush(&mut current, &mut blocks.paragraphs);
                    }
                }
            }
        }
    }
    flush(&mut current, &mut blocks.paragraphs);
    blocks
}

/// Elements nested deeper than this, or a tag with more attributes, make a fragment hostile.
const MAX_HTML_DEPTH: usize = 256;
const MAX_HTML_ATTRIBUTES: usize = 128;

/// Elements that never have an end tag (they do not nest).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The fragment as the HTML parser is given it: as it is, unless it nests deeper than
/// [`MAX_HTML_DEPTH`] or has a tag with more than [`MAX_HTML_ATTRIBUTES`] attributes (html5ever
/// takes time in the depth of its stack for every tag, and in the attributes of a tag for each
/// of them). Such a fragment is flattened in one pass: its text kept in order, every block tag
/// a `<br>` (so its paragraphs stay apart), `<img>` kept with its `src` only, every other tag
/// and the text of scripts and styles dropped.
fn bounded(html: &str) -> Cow<'_, str> {
    if !html.contains('<') || !hostile(html) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() / 2);
    let mut at = 0;
    let mut skipping: Option<String> = None;
    for tag in tags(html) {
        if skipping.is_none() {
            out.push_str(html.get(at..tag.start).unwrap_or_default());
        }
        at = tag.end;
        let name = tag.local_name().to_ascii_lowercase();
        if let Some(skipped) = &skipping {
            if tag.kind == TagKind::End && *skipped == name {
                skipping = None;
            }
            continue;
        }
        if tag.kind == TagKind::Start && SKIPPED.contains(&name.as_str()) {
            skipping = Some(name);
        } else if name == "img" {
            if let Some(src) = attributes(html, &tag)
                .iter()
                .find(|a| a.name.eq_ignore_ascii_case("src"))
            {
                out.push_str("<img src=\"");
                out.push_str(&src.value.replace('"', "&quot;"));
                out.push_str("\">");
            }
        } else if BLOCKS.contains(&name.as_str()) {
            out.push_str("<br>");
        }
    }
    if skipping.is_none() {
        out.push_str(html.get(at..).unwrap_or_default());
    }
    Cow::Owned(out)
}

/// Whether a fragment nests deeper than [`MAX_HTML_DEPTH`] or has a tag with more than
/// [`MAX_HTML_ATTRIBUTES`] attributes (approximately: end tags close the innermost element of
/// their name, void elements never open one).
fn hostile(html: &str) -> bool {
    let mut open: Vec<String> = Vec::new();
    for tag in tags(html) {
        // An attribute takes at least 4 bytes (` a=""`): a short tag cannot have too many.
        if tag.end - tag.start > 4 * MAX_HTML_ATTRIBUTES
            && attributes(html, &tag).len() > MAX_HTML_ATTRIBUTES
        {
            return true;
        }
        let name = tag.local_name().to_ascii_lowercase();
        match tag.kind {
            TagKind::Start if !VOID.contains(&name.as_str()) => {
                open.push(name);
                if open.len() > MAX_HTML_DEPTH {
                    return true;
                }
            }
            TagKind::End => {
                if let Some(depth) = open.iter().rposition(|n| *n == name) {
                    open.truncate(depth);
                }
            }
            _ => {}
        }
    }
    false
}

fn flush(current: &mut String, paragraphs: &mut Vec<String>) {
    let paragraph = collapse_whitespace(current);
    current.clear();
    if !paragraph.is_empty() {
        paragraphs.push(paragraph);
    }
}

/// Plain text of a feed text construct. Atom says whether it is `text` or `html`; RSS and
/// JSON Feed titles say nothing and often carry entities or tags, so those are sniffed.
pub(super) fn text_of(text: &feed_rs::model::Text, atom: bool) -> String {
    let kind = text.content_type.as_str();
    if kind.contains("html") || kind.contains("xml") {
        html_blocks(&text.content).paragraphs.join(" ")
    } else if atom {
        collapse_whitespace(&text.content)
    } else {
        plain_text(&text.content)
    }
}

/// Plain text of a title / name that may hold markup or entities.
pub(super) fn plain_text(text: &str) -> String {
    if looks_like_markup(text) {
        html_blocks(text).paragraphs.join(" ")
    } else {
        collapse_whitespace(text)
    }
}

fn looks_like_markup(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(2).any(|w| match w {
        [b'<', next] => next.is_ascii_alphabetic() || matches!(next, b'/' | b'!'),
        [b'&', next] => next.is_ascii_alphanumeric() || *next == b'#',
        _ => false,
    })
}

/// Paragraphs of plain text: separated by blank lines.
pub(super) fn text_paragraphs(text: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut current, &mut paragraphs);
        } else {
            current.push(' ');
            current.push_str(line);
        }
    }
    flush(&mut current, &mut paragraphs);
    paragraphs
}

pub(super) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_split_and_scripts_drop() {
        let blocks = html_blocks(
            "<p>One <b>bold</b>\n word.</p><script>var x = 1;</script>Loose<br>Line<div><p>Nested</p></div><img src='/a.png'>",
        );
        assert_eq!(
            blocks.paragraphs,
            ["One bold word.", "Loose", "Line", "Nested"]
        );
        assert_eq!(blocks.first_img.as_deref(), Some("/a.png"));
    }

    #[test]
    fn hostile_fragments_are_flattened_and_keep_their_text() {
        let n = MAX_HTML_DEPTH + 10;
        let deep = format!(
            "<p>Intro</p>{}<p>Deep</p><script>x()</script><img src='/a.png' a=1>{}",
            "<div><span>".repeat(n),
            "</span></div>".repeat(n)
        );
        assert!(matches!(bounded(&deep), Cow::Owned(_)));
        let blocks = html_blocks(&deep);
        assert_eq!(blocks.paragraphs, ["Intro", "Deep"]);
        assert_eq!(blocks.first_img.as_deref(), Some("/a.png"));
        let attrs: String = (0..200).map(|i| format!(" a{i}=\"v\"")).collect();
        assert!(matches!(
            bounded(&format!("<p{attrs}>x</p>")),
            Cow::Owned(_)
        ));
        let normal = "<div><p>One <b>two</b><br>three</p><img src=x></div>";
        assert!(matches!(bounded(normal), Cow::Borrowed(_)));
    }

    #[test]
    fn plain_text_decodes_entities() {
        assert_eq!(
            plain_text("Fish &amp;amp; <i>chips</i>"),
            "Fish &amp; chips"
        );
        assert_eq!(plain_text("AT&T  wins"), "AT&T wins");
        assert_eq!(plain_text("a < b"), "a < b");
    }
}
