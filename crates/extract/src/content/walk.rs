//! The walk over the main content's HTML into blocks of text, and the filters on them.

use scraper::{ElementRef, Node};

/// One block of text of the main content.
#[derive(Debug)]
pub(super) struct Block {
    text: String,
    /// Characters of `text` inside links.
    link_chars: usize,
    /// The block is a heading.
    heading: bool,
}

#[derive(Default)]
pub(super) struct Walker {
    /// Skip navigation, sharing, related-links and comment blocks (when walking a raw page).
    skip_boilerplate: bool,
    buf: String,
    link_chars: usize,
    heading: bool,
}

fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "figure"
            | "figcaption"
            | "form"
            | "fieldset"
            | "address"
            | "details"
            | "summary"
            | "hr"
            | "br"
    )
}

fn is_boilerplate(tag: &str, e: &scraper::node::Element) -> bool {
    if matches!(
        tag,
        "nav" | "aside" | "footer" | "form" | "header" | "figure" | "input"
    ) {
        return true;
    }
    let hit = |name: &str| {
        let lower = name.to_ascii_lowercase();
        const BAD: &[&str] = &[
            "share",
            "social",
            "related",
            "comment",
            "newsletter",
            "subscribe",
            "cookie",
            "breadcrumb",
            "advert",
            "promo",
            "sidebar",
            "sponsor",
            "recommend",
            "popular",
            "byline",
            "author",
            "meta",
            "tags",
        ];
        BAD.iter().any(|b| lower.contains(b))
    };
    e.attr("class").is_some_and(hit) || e.attr("id").is_some_and(hit)
}

impl Walker {
    /// The blocks of `el`'s content; with `skip_boilerplate`, without navigation, sharing,
    /// related-links and comment blocks.
    pub(super) fn blocks(el: ElementRef<'_>, skip_boilerplate: bool) -> Vec<Block> {
        let mut walker = Walker {
            skip_boilerplate,
            ..Default::default()
        };
        let mut blocks = Vec::new();
        walker.walk(el, false, &mut blocks);
        walker.flush(&mut blocks);
        blocks
    }

    fn push_text(&mut self, s: &str, in_link: bool) {
        self.buf.push_str(s);
        if in_link {
            self.link_chars += s.chars().filter(|c| !c.is_whitespace()).count();
        }
    }

    fn flush(&mut self, out: &mut Vec<Block>) {
        let text = squash(&self.buf);
        if !text.is_empty() {
            out.push(Block {
                text,
                link_chars: self.link_chars,
                heading: self.heading,
            });
        }
        self.buf.clear();
        self.link_chars = 0;
        self.heading = false;
    }

    /// Reads the blocks of `el`'s content into `out`. Iterative (a stack of the open
    /// elements' children), so a deep tree costs heap, not call stack.
    fn walk(&mut self, el: ElementRef<'_>, in_link: bool, out: &mut Vec<Block>) {
        // Per open element: its children still to read, whether they are inside a link, and
        // whether it is a block (its end ends a paragraph).
        let mut open = vec![(el.children(), in_link, false)];
        while let Some((children, in_link, _)) = open.last_mut() {
            let in_link = *in_link;
            let Some(child) = children.next() else {
                if let Some((_, _, true)) = open.pop() {
                    self.flush(out);
                }
                continue;
            };
            match child.value() {
                Node::Text(t) => self.push_text(t, in_link),
                Node::Element(e) => {
                    let tag = e.name();
                    match tag {
                        "script" | "style" | "noscript" | "template" | "svg" | "button"
                        | "select" | "textarea" | "iframe" | "object" | "head" => continue,
                        _ => {}
                    }
                    // Figures: captions and photo credits, never body text.
                    if matches!(tag, "figure" | "figcaption") {
                        continue;
                    }
                    if self.skip_boilerplate && is_boilerplate(tag, e) {
                        continue;
                    }
                    if is_block(tag) {
                        self.flush(out);
                        if matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                            self.heading = true;
                        }
                        open.push((child.children(), in_link, true));
                    } else {
                        open.push((child.children(), in_link || tag == "a", false));
                    }
                }
                _ => {}
            }
        }
    }
}

/// Collapses runs of white space to one space and trims.
fn squash(buf: &str) -> String {
    let mut out = String::with_capacity(buf.len());
    for word in buf.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

pub(super) fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

pub(super) fn filter_blocks(blocks: Vec<Block>, titles: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(blocks.len());
    for (i, b) in blocks.into_iter().enumerate() {
        let chars = b.text.chars().filter(|c| !c.is_whitespace()).count();
        // Separators and stray punctuation ("|", "•", "»").
        if !b.text.chars().any(char::is_alphanumeric) {
            continue;
        }
        // Link lists (menus, related articles, tags) inside the content.
        if chars > 0 && b.link_chars * 10 > chars * 8 && chars < 200 {
            continue;
        }
        // A bare date or time stamp.
        if chars <= 40 && is_dateline(&b.text) {
            continue;
        }
        // The headline repeated at the top of the body.
        if i < 3 && b.heading || i == 0 {
            let t = norm(&b.text);
            if titles
                .iter()
                .any(|x| *x == t || (t.len() > 15 && x.starts_with(&t)))
            {
                continue;
            }
        }
        out.push(b.text);
    }
    out
}

/// A short line that is only a date or time stamp ("23.10.2018", "3:59 PM", "7. Oktober 2020",
/// "Aktualisiert: 11.04.2020, 10:27").
pub(super) fn is_dateline(text: &str) -> bool {
    // At most one word besides the numbers ("Aktualisiert:", "PM", a month name): a line such
    // as "Termin: 29.02.2020, 19 Uhr" or "Veröffentlicht am 16.08.2019" says more than a date.
    let words = text
        .split_whitespace()
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    if words > 1 || text.split_whitespace().count() > 5 {
        return false;
    }
    static DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b")
            .expect("valid regex")
    });
    DATE.is_match(text)
}
