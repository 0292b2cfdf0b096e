//! Feed text to plain text and paragraphs: HTML fragments split at block elements, entities
//! decoded, white space collapsed.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use crate::bound::bound_html;

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
/// white space collapsed. Iterative, so deep nesting cannot overflow the stack; the fragment
/// is given to the HTML parser within the caps of [`crate::bound`] ([`bound_html`]: depth,
/// attributes, tags, size), so that parsing it is linear too.
pub(super) fn html_blocks(html: &str) -> Blocks {
    let html = bound_html(html);
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
    use std::borrow::Cow;

    use super::*;
    use crate::bound::MAX_DEPTH;

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
        let n = MAX_DEPTH + 10;
        let deep = format!(
            "<p>Intro</p>{}<p>Deep</p><script>x()</script><img src='/a.png' a=1>{}",
            "<div><span>".repeat(n),
            "</span></div>".repeat(n)
        );
        assert!(matches!(bound_html(&deep), Cow::Owned(_)));
        let blocks = html_blocks(&deep);
        assert_eq!(blocks.paragraphs, ["Intro", "Deep"]);
        assert_eq!(blocks.first_img.as_deref(), Some("/a.png"));
        let attrs: String = (0..200).map(|i| format!(" a{i}=\"v\"")).collect();
        assert!(matches!(
            bound_html(&format!("<p{attrs}>x</p>")),
            Cow::Owned(_)
        ));
        let normal = "<div><p>One <b>two</b><br>three</p><img src=x></div>";
        assert!(matches!(bound_html(normal), Cow::Borrowed(_)));
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
