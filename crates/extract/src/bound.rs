//! Caps on what one page may cost, applied before any parser sees the page.
//!
//! Every stage of [`crate::extract_html`] parses or walks the page: html5ever (through
//! `scraper`), dom_smoothie (its own parse, then selectors matched against ancestors),
//! trafilatura (its own parse), and this crate's walkers. Several are recursive over the
//! depth of the tree or quadratic in it, and html5ever itself takes time in the depth of the
//! stack of open elements for each tag (scope checks) and in the number of attributes for
//! each attribute (duplicate check). So the page is first bounded, in one linear pass over
//! its text ([`bound_html`]), by:
//!
//! - [`MAX_HTML_BYTES`]: bytes kept (the rest is cut; the parsers close what is open);
//! - [`MAX_TAGS`]: tags, comments and doctypes kept (the rest is cut);
//! - [`MAX_DEPTH_SUM`]: the depths the tags are read at, summed (the rest is cut): many
//!   tags deep in the tree cost every walk over ancestors;
//! - [`MAX_ATTRIBUTES`]: attributes kept on one tag (the rest of them is dropped);
//! - [`MAX_DEPTH`]: elements open at once. Tags that would open an element deeper are
//!   dropped with their end tags, so the deep part's text is kept, in its order, without its
//!   wrappers (a dropped block element leaves a `<br>`: its text stays a paragraph of its
//!   own; one whose content is raw text, a `<title>`, `<textarea>`, `<noscript>`, ..., goes
//!   with that content, which the parser would have hidden);
//! - [`MAX_FORMATTING`]: formatting elements (`b`, `font`, `a`, ...) left open, which the
//!   parser reopens inside every later block: past it, more formatting start tags go.
//!
//! The pass models the tree builder's stack ([`model`]) closely enough for real pages: on
//! every page of the shared corpora (2,794 pages, deepest tree 55, most attributes on one tag
//! 70, largest page after [`crate::content::strip_raw_blocks`] 1.8 MB, most tags 22,482) it
//! changes nothing, so their extraction is unchanged byte for byte.
//!
//! The parse of the bounded page is then checked ([`parse`]): a tree deeper than
//! [`MAX_DEPTH`] + [`MAX_FORMATTING`] + a few (a construct the model does not follow) is
//! written out again with its elements past [`MAX_DEPTH`] unwrapped ([`flatten`]) and parsed
//! again, so every later stage walks a tree of bounded depth, or the page is refused with
//! [`ExtractError::TooDeep`].

mod flatten;
mod model;
mod tags;

use std::borrow::Cow;

use scraper::Html;

use crate::ExtractError;
use model::{Model, Verdict};
use tags::{BLOCK, PLAINTEXT, RAW, Tag, classify, name_hash};

/// Bytes of a page (after scripts, styles, SVG and comments are stripped) that are read.
pub const MAX_HTML_BYTES: usize = 8 << 20;

/// Tags (start and end), comments and doctypes of a page that are read.
pub const MAX_TAGS: usize = 250_000;

/// The depths the tags the parsers are given are read at (elements open, plus one), summed:
/// what the parsers' scope checks and the selectors' walks over ancestors cost, page-wide,
/// and trafilatura's memory (about 110 bytes a unit on inline elements). Past it the rest
/// of the page is cut. The most on the shared corpora is 503,064 (a Reddit page of 22,482
/// tags); 250,000 paragraphs 250 levels deep would be 63 million (12 s).
pub const MAX_DEPTH_SUM: usize = 2_000_000;

/// Attributes kept on one tag.
pub const MAX_ATTRIBUTES: usize = 128;

/// Elements open at once (the depth of the tree) that the parsers are given.
pub const MAX_DEPTH: usize = 256;

/// Formatting elements left open (and reopened by the parser in every later block).
pub const MAX_FORMATTING: usize = 32;

/// Depth a parsed tree may reach before it is flattened: [`MAX_DEPTH`] plus the formatting
/// elements the parser reopens on its own, plus the elements it adds (`html`, `body`,
/// `tbody`, ...).
pub const MAX_TREE_DEPTH: usize = MAX_DEPTH + MAX_FORMATTING + 16;

/// A page bounded by the caps of this module and its parse.
pub struct Parsed<'a> {
    /// The page as every parser is given it.
    pub html: Cow<'a, str>,
    /// Its parse, no deeper than [`MAX_TREE_DEPTH`].
    pub doc: Html,
}

/// Bounds `html` ([`bound_html`]), parses it, and checks the depth of the tree (flattening it
/// when needed: see the module documentation).
pub fn parse(html: &str) -> Result<Parsed<'_>, ExtractError> {
    let html = bound_html(html);
    let doc = Html::parse_document(&html);
    let depth = flatten::depth(&doc);
    if depth <= MAX_TREE_DEPTH {
        return Ok(Parsed { html, doc });
    }
    let mut depth = depth;
    let mut doc = doc;
    // Written out again and parsed, a tree can take another shape: twice is plenty (the
    // second pass starts from a tree already within the limit where it matters).
    for _ in 0..2 {
        let flat = flatten::flatten(&doc, MAX_DEPTH);
        doc = Html::parse_document(&flat);
        depth = flatten::depth(&doc);
        if depth <= MAX_TREE_DEPTH {
            return Ok(Parsed {
                html: Cow::Owned(flat),
                doc,
            });
        }
    }
    Err(ExtractError::TooDeep {
        depth,
        limit: MAX_TREE_DEPTH,
    })
}

/// `html` within the caps of this module: borrowed unchanged when it is within them already
/// (every real page measured), else a copy with the excess cut or dropped.
pub fn bound_html(html: &str) -> Cow<'_, str> {
    let mut end = html.len().min(MAX_HTML_BYTES);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let mut edit = Edit::new(&html[..end], end < html.len());
    scan(&html[..end], &mut edit);
    edit.finish()
}

/// The changes made to a page, copied lazily: nothing is allocated for a page that needs
/// none.
struct Edit<'a> {
    src: &'a str,
    out: Option<String>,
    /// Bytes of `src` before this are in `out` (or skipped).
    copied: usize,
    /// `src` ends here.
    end: usize,
    cut: bool,
}

impl<'a> Edit<'a> {
    fn new(src: &'a str, cut: bool) -> Edit<'a> {
        Edit {
            src,
            out: None,
            copied: 0,
            end: src.len(),
            cut,
        }
    }

    /// `src[from..to]` becomes `with`.
    fn replace(&mut self, from: usize, to: usize, with: &str) {
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(self.src.len()));
        out.push_str(&self.src[self.copied..from]);
        out.push_str(with);
        self.copied = to;
    }

    /// The page ends at `at`.
    fn cut_at(&mut self, at: usize) {
        self.end = at;
        self.cut = true;
    }

    fn finish(self) -> Cow<'a, str> {
        match self.out {
            Some(mut out) => {
                out.push_str(&self.src[self.copied..self.end]);
                Cow::Owned(out)
            }
            None if self.cut => Cow::Borrowed(&self.src[..self.end]),
            None => Cow::Borrowed(self.src),
        }
    }
}

/// One tag as written: where it ends and what the model needs of it.
struct Scanned {
    tag: Tag,
    /// Just after its `>`.
    end: usize,
    /// Attributes written.
    attributes: usize,
    /// Just after its [`MAX_ATTRIBUTES`]-th attribute.
    attributes_cut: usize,
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Reads the tag whose name starts at `at` (after `<` or `</`), as html5ever's tokenizer
/// does: the name up to white space, `/` or `>`, then attributes (names, `=`, quoted or bare
/// values) up to the `>` outside quotes. `None` when the page ends inside it.
fn scan_tag(b: &[u8], at: usize) -> Option<Scanned> {
    let mut i = at;
    while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let name = &b[at..i];
    let (kind, flags) = classify(name);
    let mut key: u64 = 0xcbf2_9ce4_8422_2325;
    let mut attributes = 0;
    let mut attributes_cut = i;
    let mut font_breakout = false;
    let mut slash_before_gt = false;
    loop {
        // Before an attribute name.
        while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
            slash_before_gt = b[i] == b'/';
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        if b[i] == b'>' {
            i += 1;
            break;
        }
        slash_before_gt = false;
        let name_start = i;
        // A name may start with `=`; it runs to white space, `/`, `>` or `=`.
        i += 1;
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let attr_name = &b[name_start..i];
        if attr_name.eq_ignore_ascii_case(b"color")
            || attr_name.eq_ignore_ascii_case(b"face")
            || attr_name.eq_ignore_ascii_case(b"size")
        {
            font_breakout = true;
        }
        let mut j = i;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            if j >= b.len() {
                return None;
            }
            match b[j] {
                q @ (b'"' | b'\'') => {
                    let close = memchr(q, &b[j + 1..])?;
                    j += close + 2;
                }
                b'>' => {}
                _ => {
                    while j < b.len() && !is_space(b[j]) && b[j] != b'>' {
                        j += 1;
                    }
                }
            }
            i = j;
        }
        attributes += 1;
        if attributes <= MAX_ATTRIBUTES {
            attributes_cut = i;
            for &c in &b[name_start..i] {
                key ^= u64::from(c);
                key = key.wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    Some(Scanned {
        tag: Tag {
            hash: name_hash(name),
            kind,
            flags,
            self_closing: slash_before_gt,
            attrs_key: key,
            font_breakout,
        },
        end: i,
        attributes,
        attributes_cut,
    })
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

/// Position of `needle` in `hay` (both ASCII bytes, any case), from `from`.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let mut i = from;
    while i + needle.len() <= hay.len() {
        let at = i + memchr(b'<', &hay[i..])?;
        if hay
            .get(at..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// The end of the raw text of the element named `name` that starts at `from`: the `<` of
/// its end tag (`</name` then white space, `/` or `>`), or `None` when it runs to the end.
fn raw_text_end(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut close = Vec::with_capacity(name.len() + 2);
    close.extend_from_slice(b"</");
    close.extend_from_slice(name);
    let mut i = from;
    loop {
        let at = find_ci(b, i, &close)?;
        let after = at + close.len();
        if after >= b.len() || is_space(b[after]) || matches!(b[after], b'/' | b'>') {
            return Some(at);
        }
        i = at + 1;
    }
}

/// Where a comment that starts at `at` (`<!--`) ends: after `-->`, `--!>`, or the abrupt
/// `<!-->` / `<!--->`; `None` when it runs to the end.
fn comment_end(b: &[u8], at: usize) -> Option<usize> {
    let body = at + 4;
    if b.get(body) == Some(&b'>') {
        return Some(body + 1);
    }
    if b.get(body..body + 2) == Some(b"->") {
        return Some(body + 2);
    }
    let mut i = body;
    loop {
        let dash = i + memchr(b'-', &b[i..])?;
        if b.get(dash..dash + 3) == Some(b"-->") {
            return Some(dash + 3);
        }
        if b.get(dash..dash + 4) == Some(b"--!>") {
            return Some(dash + 4);
        }
        i = dash + 1;
    }
}

/// The one pass over the page: see the module documentation.
fn scan(src: &str, edit: &mut Edit<'_>) {
    let b = src.as_bytes();
    let mut model = Model::default();
    let mut breaks = Breaks::default();
    let mut tags = 0usize;
    // The depth each tag given to the parsers is read at, summed: see MAX_DEPTH_SUM.
    let mut depths = 0usize;
    let mut i = 0;
    loop {
        let Some(off) = memchr(b'<', &b[i..]) else {
            if i < b.len() {
                model.text();
            }
            return;
        };
        let lt = i + off;
        if lt > i {
            model.text();
        }
        let Some(&next) = b.get(lt + 1) else {
            return;
        };
        let is_tag = next.is_ascii_alphabetic()
            || matches!(next, b'!' | b'?')
            || (next == b'/'
                && b.get(lt + 2)
                    .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'>'));
        if !is_tag {
            // A `<` that starts no tag is text (`</` then not a letter: a bogus comment).
            if next == b'/' {
                let Some(gt) = memchr(b'>', &b[lt..]) else {
                    return;
                };
                i = lt + gt + 1;
            } else {
                model.text();
                i = lt + 1;
            }
            continue;
        }
        tags += 1;
        if tags > MAX_TAGS {
            edit.cut_at(lt);
            return;
        }
        // What the parsers pay for a tag they are given (a dropped one costs them nothing).
        let cost = model.depth() + 1;
        let is_element_tag = next.is_ascii_alphabetic() || (next == b'/' && b[lt + 2] != b'>');
        if !is_element_tag && spend(&mut depths, cost) {
            edit.cut_at(lt);
            return;
        }
        match next {
            b'!' if b.get(lt..lt + 4) == Some(b"<!--") => {
                let Some(end) = comment_end(b, lt) else {
                    return;
                };
                i = end;
            }
            b'!' if model.in_foreign() && b.get(lt..lt + 9) == Some(b"<![CDATA[") => {
                let Some(close) = find_bytes(b, lt + 9, b"]]>") else {
                    return;
                };
                i = close + 3;
            }
            b'!' | b'?' => {
                let Some(gt) = memchr(b'>', &b[lt..]) else {
                    return;
                };
                i = lt + gt + 1;
            }
            b'/' if b[lt + 2] == b'>' => i = lt + 3,
            b'/' => {
                let Some(s) = scan_tag(b, lt + 2) else {
                    return;
                };
                match model.end(&s.tag) {
                    Verdict::Drop => breaks.drop_tag(b, lt, s.end, s.tag.flags, edit),
                    Verdict::Keep if spend(&mut depths, cost) => {
                        edit.cut_at(lt);
                        return;
                    }
                    Verdict::Keep => {}
                }
                i = s.end;
            }
            _ => {
                let Some(s) = scan_tag(b, lt + 1) else {
                    return;
                };
                // Raw text (a title, a textarea, a style, ...) is only raw in HTML content.
                let raw = s.tag.flags & RAW != 0 && !model.in_foreign();
                let verdict = model.start(&s.tag);
                if verdict == Verdict::Drop && raw {
                    // Unwrapped, its raw text would be read as markup and shown: it goes with
                    // its tags, as the parser would have hidden it.
                    model.forget_drop(&s.tag);
                    let name_end = lt + 1 + tag_name_len(&b[lt + 1..]);
                    let Some(close) = raw_text_end(b, s.end, &b[lt + 1..name_end]) else {
                        edit.cut_at(lt);
                        return;
                    };
                    let Some(end_tag) = scan_tag(b, close + 2) else {
                        edit.cut_at(lt);
                        return;
                    };
                    edit.replace(lt, end_tag.end, "");
                    i = end_tag.end;
                    continue;
                }
                if verdict == Verdict::Keep && spend(&mut depths, cost) {
                    edit.cut_at(lt);
                    return;
                }
                if verdict == Verdict::Drop {
                    breaks.drop_tag(b, lt, s.end, s.tag.flags, edit);
                } else if s.attributes > MAX_ATTRIBUTES {
                    let close = if s.tag.self_closing { "/>" } else { ">" };
                    edit.replace(lt, s.end, &format!("{}{close}", &src[lt..s.attributes_cut]));
                }
                i = s.end;
                // Raw text runs to the element's end tag, when the element was opened (as
                // HTML, not inside SVG or MathML).
                let opened = verdict == Verdict::Keep && model.opened_html();
                if opened && s.tag.flags & PLAINTEXT != 0 {
                    return;
                }
                if opened && s.tag.flags & RAW != 0 {
                    let name_end = lt + 1 + tag_name_len(&b[lt + 1..]);
                    let Some(close) = raw_text_end(b, i, &b[lt + 1..name_end]) else {
                        return;
                    };
                    i = close;
                }
            }
        }
    }
}

/// Adds `cost` to the sum of depths: `true` once it is past [`MAX_DEPTH_SUM`].
fn spend(depths: &mut usize, cost: usize) -> bool {
    *depths += cost;
    *depths > MAX_DEPTH_SUM
}

/// The `<br>`s that stand for dropped block elements: one for a run of them with no text
/// between (a hundred thousand dropped `<div>`s leave one `<br>`, not a hundred thousand).
#[derive(Default)]
struct Breaks {
    /// Where the last dropped tag ended.
    last_end: usize,
    /// A `<br>` stands at `last_end` already.
    open: bool,
}

impl Breaks {
    /// Drops the tag `b[from..to]` (with `flags`).
    fn drop_tag(&mut self, b: &[u8], from: usize, to: usize, flags: u16, edit: &mut Edit<'_>) {
        // Only white space since the last `<br>`: that one still separates the text.
        let joined = self.open
            && self.last_end <= from
            && b[self.last_end..from].iter().all(|&c| is_space(c));
        let br = flags & BLOCK != 0 && !joined;
        edit.replace(from, to, if br { "<br>" } else { "" });
        self.open = br || joined;
        self.last_end = to;
    }
}

fn tag_name_len(b: &[u8]) -> usize {
    b.iter()
        .position(|&c| is_space(c) || c == b'/' || c == b'>')
        .unwrap_or(b.len())
}

fn find_bytes(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let mut i = from;
    while i + needle.len() <= hay.len() {
        let at = i + memchr(needle[0], &hay[i..])?;
        if hay.get(at..at + needle.len()) == Some(needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

#[cfg(test)]
mod tests;
