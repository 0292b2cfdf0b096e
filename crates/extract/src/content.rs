//! Main-content detection for HTML pages.
//!
//! # How
//!
//! 1. **dom_smoothie** (Readability.js port, keeping classes) picks the main block; its cleaned
//!    HTML is walked into paragraphs: every block element (`p`, `h1`–`h6`, `li`, `blockquote`,
//!    `pre`, `td`, ...) ends a paragraph; white space is collapsed; figures/captions,
//!    link-dense lines, bare date stamps, punctuation-only lines, blocks whose class or id says
//!    share/related/comment/newsletter/byline/author/tags/..., and a leading headline equal to
//!    the page title are dropped.
//! 2. If the page marks its body (`itemprop="articleBody"`, `entry-content`, `article-body`,
//!    ...) and Readability's text shares (almost) nothing with it, the marked body wins
//!    (Readability picked a comment thread, a cookie notice, a promo).
//! 3. If the answer is still short (< 2,000 bytes: ~6 % of wcxb-dev pages, ~25 % of
//!    trafilatura-eval), **trafilatura** (Rust port, its own fallbacks off) also runs, and its
//!    answer wins unless it is less than half as long. On those pages Readability's short
//!    answer is mostly a wrong block.
//!
//! News clutter (app badges, "Latest News", view counts) is left to [`crate::clutter`], which
//! runs on these paragraphs afterwards; title, author and date to [`crate::metadata`].
//!
//! # Why these crates: measured
//!
//! Scratch harness outside the repository (`/work/eval-extract`: one extractor per run, one
//! thread, batch prediction format, time of the extraction call only; body = the crate's text,
//! one paragraph per line). Commands, per extractor `X` and set `S`:
//!
//! ```text
//! target/release/eval-extract X ../shared/corpora/extract/S/cases.jsonl > X.S.jsonl
//! python3 ../shared/tools/score.py extract ../shared/corpora/extract/S/cases.jsonl X.S.jsonl
//! python3 ../shared/tools/peer_trafilatura.py ../shared/corpora/extract/S/cases.jsonl > py.S.jsonl
//! ```
//!
//! Same session, 2 shared cores (load 3–4, so absolute speeds are ~2× pessimistic; ratios hold).
//! wcxb-dev = 711 pages, word P/R/F1 against the full gold text; trafilatura-eval = 990 pages,
//! must-include / must-exclude snippets P/R/F1. Title/date: accuracy on postlight (163) and
//! date accuracy on htmldate-bbaw (800), from each crate's own metadata (dom_smoothie and
//! libreadability give the raw `published_time` string, hence their near-zero postlight date).
//!
//! | extractor | wcxb-dev word P / R / F1 | trafilatura-eval snippet P / R / F1 | postlight title / date | bbaw date | wcxb median ms/page (pages/s) |
//! |---|---|---|---|---|---|
//! | trafilatura 0.6.0 (fallbacks on) | 0.939 / 0.961 / **0.941** | 0.895 / 0.926 / **0.910** | 0.824 / 0.700 | 0.830 | 23.0 (34) |
//! | trafilatura 0.6.0, fallbacks off | 0.939 / 0.923 / 0.913 | 0.903 / 0.911 / 0.907 | – | – | 10.6 (78) |
//! | rs-trafilatura 0.2.2 | 0.932 / 0.965 / 0.936 | 0.850 / 0.927 / 0.887 | 0.547 / 0.369 | 0.610 | 21.9 (39) |
//! | dom_smoothie 0.19.0 (Formatted text) | 0.934 / 0.953 / 0.930 | 0.862 / 0.910 / 0.885 | 0.534 / – | 0.494 | **3.9 (188)** |
//! | libreadability 0.3.0 | 0.934 / 0.961 / 0.936 | 0.861 / 0.913 / 0.887 | 0.534 / – | 0.505 | 5.6 (137) |
//! | Python trafilatura 2.3.1 (peer) | 0.940 / 0.953 / 0.936 | 0.905 / 0.943 / **0.924** | – | – | (14.7–20.2) |
//! | **this module** (harness) | 0.949 / 0.956 / **0.943** | 0.906 / 0.918 / **0.912** | – | – | ~7 (incl. a 2nd parse) |
//!
//! Choice: trafilatura is the most accurate crate but 6× slower than dom_smoothie, which alone
//! would blow the speed budget (≥ 5× Python trafilatura, single thread, metadata and parsing
//! included). dom_smoothie is the fastest and about as accurate as libreadability; its failures
//! are concentrated in pages where it returns little text, so trafilatura runs only there.
//! The walk over dom_smoothie's HTML (classes kept) adds the structural filtering that lifts
//! precision. Steps measured one by one on both sets (F1 wcxb / trafilatura-eval):
//! dom_smoothie + own walk 0.930 / 0.890; + marked-body check 0.931 / 0.891; + figures and
//! date stamps dropped 0.930 / 0.897; + trafilatura below 2,000 bytes 0.943 / 0.905 (below
//! 1,000: 0.939 / 0.905); + its answer kept unless < half as long 0.943 / 0.909; + boilerplate
//! classes dropped inside Readability's block 0.943 / 0.913 (with "caption"/"hidden" too:
//! 0.941 / 0.915).
//!
//! Through the engine (`cargo build --release -p tidings`, then
//! `target/release/tidings extract --batch CASES > pred.jsonl` and `score.py extract`, with
//! metadata and [`crate::clutter`]); Python peer
//! (`/work/venv-traf/bin/python ../shared/tools/peer_trafilatura.py CASES`) run in the same
//! session, interleaved with ours, 2026-11-23, load 1.0–1.8 on 2 shared cores ("before":
//! the binary before this round, interleaved with the same peer in a session just before):
//!
//! | | wcxb-dev word P / R / F1 | wcxb-dev title / author / date F1 | trafilatura-eval snippet P / R / F1 | wcxb-dev pages/s (1 thread, median) |
//! |---|---|---|---|---|
//! | `tidings extract --batch` before this round | 0.950 / 0.954 / 0.942 | 0.827 / 0.778 / 0.931 | 0.910 / 0.925 / 0.917 | 111.2 (109.1, 111.2, 113.9; Python 21.4 then) |
//! | `tidings extract --batch` now | 0.951 / 0.954 / **0.943** | 0.827 / 0.778 / 0.931 | 0.929 / 0.926 / **0.928** | **120.7** (118.7, 122.6, 109.2, 123.5; 8.3 ms/page) |
//! | Python trafilatura 2.3.1 | 0.940 / 0.953 / 0.936 | 0.515 / 0.647 / 0.918 | 0.905 / 0.943 / 0.924 | 20.7 (18.9, 21.4, 20.7) |
//!
//! Speed ratio 5.8× (median to median; 5.1–6.5× run to run; 5.4× counting the batch's reading
//! and gunzip too). This round's own speed gain is small: interleaved in the earlier session,
//! the old binary ran 111.2 pages/s and this code (before its last clutter rules) 114.3.
//! Under heavy load (7 on 2 cores) the ratio drops (earlier runs 3.9–5.0×): measure both in
//! one quiet session. Instruction
//! count (callgrind, 50 wcxb-dev pages): 5.57 G before this round, 4.92 G now (−12 %): the page
//! is stripped of scripts (JSON-LD kept), styles, SVG and comments once, before every parse
//! (about half of a page's bytes); metadata no longer collects the text of whole-page wrappers
//! just to reject it, and the text around the headline is built once, only up to where it is
//! read. What is left is mostly parsing: dom_smoothie's own parse ~18 % and its scoring ~17 %,
//! the `scraper` parse ~18 %, metadata ~14 %, clutter ~6 %, trafilatura fallback ~5 %.
//! The snippet gain (0.917 → 0.928) is [`crate::clutter`]'s: copyright and licence lines,
//! photo credits and captions ending with one, comment counters, "follow us on ..." lines,
//! advertising notes, bare field labels, and more German/Polish related-links headers and
//! print/share labels.

mod strip;
mod walk;

use scraper::{ElementRef, Html};

use crate::{Cancel, ExtractError};
use strip::find_ascii_ci;
pub use strip::strip_raw_blocks;
use walk::{Walker, filter_blocks, norm};

/// The body paragraphs of a page's main content.
///
/// Headings, list items and block quotes come out as paragraphs of their own; white space is
/// normalised; there are no empty paragraphs. A document without recognisable content gives an
/// empty `Vec`.
pub fn main_paragraphs(html: &str, doc: &Html, url: Option<&str>) -> Vec<String> {
    main_paragraphs_with(html, doc, url, Cancel::never()).unwrap_or_default()
}

/// [`main_paragraphs`] that gives up with [`ExtractError::Stopped`] once `cancel` says so
/// (checked between the extractors it runs).
pub fn main_paragraphs_with(
    html: &str,
    doc: &Html,
    url: Option<&str>,
    cancel: Cancel<'_>,
) -> Result<Vec<String>, ExtractError> {
    let titles = page_titles(doc);
    // Already done by `crate::extract_html_str`; then this borrows and copies nothing.
    let stripped = strip_raw_blocks(html);
    let html: &str = &stripped;
    cancel.check()?;
    let readable = readable_html(html, url)
        .map(|content_html| {
            let fragment = Html::parse_fragment(&content_html);
            filter_blocks(Walker::blocks(fragment.root_element(), true), &titles)
        })
        .unwrap_or_default();
    cancel.check()?;
    let readable = match preferred_container(doc) {
        Some(container) => choose(
            readable,
            filter_blocks(Walker::blocks(container, true), &titles),
        ),
        None => readable,
    };
    if text_len(&readable) >= FALLBACK_BELOW {
        return Ok(readable);
    }
    cancel.check()?;
    let Some(fallback_html) = trafilatura_html(html, url) else {
        return Ok(readable);
    };
    cancel.check()?;
    let fragment = Html::parse_fragment(&fallback_html);
    let fallback = filter_blocks(Walker::blocks(fragment.root_element(), false), &titles);
    if fallback
        .iter()
        .map(|p| p.matches("</").count())
        .sum::<usize>()
        >= 3
    {
        // Markup shown as text (the extractor picked a <noscript> or a template): unusable.
        return Ok(readable);
    }
    // Readability's short answer on such pages is mostly a wrong block (cookie notice, login
    // form, teaser); trafilatura's is preferred unless it is much shorter still.
    if 2 * text_len(&fallback) > text_len(&readable) {
        Ok(fallback)
    } else {
        Ok(readable)
    }
}

/// Below this many bytes of text, Readability's answer is checked against trafilatura's.
const FALLBACK_BELOW: usize = 2000;

fn text_len(paragraphs: &[String]) -> usize {
    paragraphs.iter().map(String::len).sum()
}

/// Runs trafilatura (without its own Readability/jusText fallbacks) and returns the HTML of the
/// main content.
fn trafilatura_html(html: &str, url: Option<&str>) -> Option<String> {
    let mut opts = trafilatura::Options::default()
        .with_fallback(false)
        .with_html_date_mode(trafilatura::HtmlDateMode::Disabled);
    if let Some(u) = url.and_then(|u| url::Url::parse(u).ok()) {
        opts = opts.with_url(u);
    }
    let result = trafilatura::extract(html, &opts).ok()?;
    Some(result.content_html)
}

/// Picks between Readability's answer and the text of the page's marked-up article container.
fn choose(readable: Vec<String>, marked: Vec<String>) -> Vec<String> {
    let marked_words: std::collections::HashSet<&str> =
        marked.iter().flat_map(|p| p.split_whitespace()).collect();
    let marked_len = marked
        .iter()
        .map(|p| p.split_whitespace().count())
        .sum::<usize>();
    if marked_len < 20 {
        return readable;
    }
    let (mut total, mut shared) = (0usize, 0usize);
    for w in readable.iter().flat_map(|p| p.split_whitespace()) {
        total += 1;
        if marked_words.contains(w) {
            shared += 1;
        }
    }
    let readable_words: std::collections::HashSet<&str> =
        readable.iter().flat_map(|p| p.split_whitespace()).collect();
    let back = marked
        .iter()
        .flat_map(|p| p.split_whitespace())
        .filter(|w| readable_words.contains(w))
        .count();
    // Readability's block and the marked container have (almost) nothing in common: Readability
    // picked something else (a comment thread, a promo, a cookie notice).
    if total == 0 || (10 * shared < 3 * total && 10 * back < 3 * marked_len) {
        return marked;
    }
    readable
}

/// The element a page marks as its article body (`itemprop="articleBody"`, or a class or id
/// such as `entry-content`, `article-body`, `post-content`), the one with the most text (the
/// first of those with as much).
///
/// One pass over the tree: an element's text is the text met between its opening and its
/// closing, so nested marked elements do not each read their subtree again.
fn preferred_container(doc: &Html) -> Option<ElementRef<'_>> {
    use ego_tree::iter::Edge;
    let mut text_so_far = 0usize;
    // Marked elements in document order, with the text before them; the open ones on a stack.
    let mut marked: Vec<(ElementRef<'_>, usize, usize)> = Vec::new();
    let mut open: Vec<(ego_tree::NodeId, usize)> = Vec::new();
    for edge in doc.root_element().traverse() {
        match edge {
            Edge::Open(node) => {
                if let Some(t) = node.value().as_text() {
                    text_so_far += t.len();
                    continue;
                }
                let Some(el) = ElementRef::wrap(node) else {
                    continue;
                };
                let v = el.value();
                let is_marked = v
                    .attr("itemprop")
                    .is_some_and(|p| p.eq_ignore_ascii_case("articlebody"))
                    || v.attr("class").is_some_and(container_name)
                    || v.attr("id").is_some_and(container_name);
                if is_marked {
                    open.push((node.id(), marked.len()));
                    marked.push((el, text_so_far, 0));
                }
            }
            Edge::Close(node) => {
                if open.last().is_some_and(|(id, _)| *id == node.id())
                    && let Some((_, i)) = open.pop()
                {
                    marked[i].2 = text_so_far - marked[i].1;
                }
            }
        }
    }
    let mut best: Option<(usize, ElementRef<'_>)> = None;
    for (el, _, len) in marked {
        if best.as_ref().is_none_or(|(l, _)| len > *l) {
            best = Some((len, el));
        }
    }
    best.map(|(_, el)| el)
}

fn container_name(name: &str) -> bool {
    // Every name below contains one of these: most class lists are rejected without allocating.
    let bytes = name.as_bytes();
    if ![&b"body"[..], b"content", b"text", b"entry"]
        .iter()
        .any(|k| find_ascii_ci(bytes, k).is_some())
    {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    const NAMES: &[&str] = &[
        "articlebody",
        "article-body",
        "article_body",
        "article__body",
        "article-content",
        "article_content",
        "article__content",
        "article-text",
        "article_text",
        "articletext",
        "article-texte",
        "post-content",
        "post_content",
        "postcontent",
        "post-body",
        "post_body",
        "post-entry",
        "entry-content",
        "entry_content",
        "entrycontent",
        "story-body",
        "story_body",
        "storybody",
        "story-content",
        "content-body",
        "body-text",
        "bodytext",
        "text-content",
        "single-content",
        "blog-content",
        "news-content",
        "news-text",
        "rich-text",
    ];
    NAMES.iter().any(|n| lower.contains(n))
}

/// Runs dom_smoothie (Readability) and returns the cleaned HTML of the main content.
fn readable_html(html: &str, url: Option<&str>) -> Option<String> {
    let cfg = dom_smoothie::Config {
        disable_json_ld: true,
        // Keep classes so the walk can drop sharing, related-links and byline blocks.
        keep_classes: true,
        ..Default::default()
    };
    // dom_smoothie refuses relative or malformed URLs; the URL only resolves links, so drop it.
    let mut r = dom_smoothie::Readability::new(html, url, Some(cfg.clone()))
        .or_else(|_| dom_smoothie::Readability::new(html, None, Some(cfg)))
        .ok()?;
    let article = r.parse().ok()?;
    Some(article.content.to_string())
}

/// Normalised titles of the page (`<title>`, `og:title`, first `<h1>`), to drop a repeated
/// headline from the body.
fn page_titles(doc: &Html) -> Vec<String> {
    let mut titles = Vec::new();
    for sel in [&*TITLE_SEL, &*H1_SEL] {
        if let Some(el) = doc.select(sel).next() {
            let t = norm(&el.text().collect::<String>());
            if !t.is_empty() {
                titles.push(t);
            }
        }
    }
    if let Some(c) = doc
        .select(&OG_TITLE_SEL)
        .next()
        .and_then(|el| el.value().attr("content"))
    {
        let t = norm(c);
        if !t.is_empty() {
            titles.push(t);
        }
    }
    titles
}

static TITLE_SEL: std::sync::LazyLock<scraper::Selector> =
    std::sync::LazyLock::new(|| scraper::Selector::parse("title").expect("valid selector"));
static H1_SEL: std::sync::LazyLock<scraper::Selector> =
    std::sync::LazyLock::new(|| scraper::Selector::parse("h1").expect("valid selector"));
static OG_TITLE_SEL: std::sync::LazyLock<scraper::Selector> = std::sync::LazyLock::new(|| {
    scraper::Selector::parse(r#"meta[property="og:title"]"#).expect("valid selector")
});

#[cfg(test)]
mod tests {
    use super::walk::is_dateline;
    use super::*;

    fn paragraphs(html: &str) -> Vec<String> {
        let doc = Html::parse_document(html);
        main_paragraphs(html, &doc, Some("https://example.org/news/story.html"))
    }

    const LOREM: &str = "The council voted on Tuesday to extend the tram line to the northern \
        districts, a project that residents have demanded for more than a decade and that \
        the mayor called the most important investment of her term.";

    fn page(article: &str) -> String {
        format!(
            r#"<!doctype html><html><head><title>Tram line extended | Example News</title></head>
            <body>
              <nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
                <li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav>
              <div class="layout">
                <main><article>{article}</article></main>
                <aside class="sidebar"><h3>Most read</h3><ul>
                  <li><a href="/a">Storm closes schools across the region</a></li>
                  <li><a href="/b">Local team wins the cup after extra time</a></li></ul></aside>
              </div>
              <footer><p>Copyright 2026 Example News. All rights reserved.</p>
                <p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></p></footer>
            </body></html>"#
        )
    }

    #[test]
    fn keeps_body_in_order_and_drops_navigation_sidebar_footer() {
        let html = page(&format!(
            "<h1>Tram line extended</h1>\
             <p>First paragraph. {LOREM}</p>\
             <p>Second paragraph. {LOREM}</p>\
             <p>Third paragraph. {LOREM}</p>"
        ));
        let ps = paragraphs(&html);
        assert_eq!(ps.len(), 3, "{ps:#?}");
        assert!(ps[0].starts_with("First paragraph."));
        assert!(ps[1].starts_with("Second paragraph."));
        assert!(ps[2].starts_with("Third paragraph."));
        let all = ps.join("\n");
        for clutter in ["Home", "Most read", "Storm closes", "Copyright", "Privacy"] {
            assert!(!all.contains(clutter), "{clutter:?} kept: {all}");
        }
    }

    #[test]
    fn headings_list_items_and_quotes_are_separate_paragraphs() {
        let html = page(&format!(
            "<p>Intro. {LOREM}</p>\
             <h2>What changes</h2>\
             <p>Details. {LOREM}</p>\
             <ul><li>Four new stops in the north</li><li>Trams every six minutes</li></ul>\
             <blockquote>We have waited long enough for this line.</blockquote>\
             <p>Closing. {LOREM}</p>"
        ));
        let ps = paragraphs(&html);
        for expected in [
            "What changes",
            "Four new stops in the north",
            "Trams every six minutes",
            "We have waited long enough for this line.",
        ] {
            assert!(
                ps.iter().any(|p| p == expected),
                "{expected:?} not alone in {ps:#?}"
            );
        }
        let pos = |s: &str| ps.iter().position(|p| p.starts_with(s));
        assert!(pos("Intro.") < pos("What changes"));
        assert!(pos("What changes") < pos("Details."));
        assert!(pos("Details.") < pos("Closing."));
    }

    #[test]
    fn whitespace_is_normalised_and_inline_markup_joined() {
        let html = page(&format!(
            "<p>Inline   <b>bold</b>\n\t<a href=\"/x\">link</a>\u{a0}text. {LOREM}</p><p>Next. {LOREM}</p>"
        ));
        let ps = paragraphs(&html);
        assert!(ps[0].starts_with("Inline bold link text."), "{ps:#?}");
        assert!(
            ps.iter()
                .all(|p| !p.is_empty() && p.trim() == p && !p.contains("  "))
        );
    }

    #[test]
    fn empty_and_garbage_documents_give_nothing() {
        for html in [
            "",
            "   ",
            "<html></html>",
            "<<<>>>&&&;;;<p",
            "\u{0}\u{1}\u{fffd}\u{0}",
            "<html><body><script>var x = '<p>not text</p>';</script><style>p{}</style></body></html>",
        ] {
            let doc = Html::parse_document(html);
            let ps = main_paragraphs(html, &doc, None);
            assert!(ps.is_empty(), "{html:?}: {ps:?}");
        }
        let doc = Html::parse_document("");
        assert!(main_paragraphs("", &doc, None).is_empty());
    }

    #[test]
    fn raw_blocks_are_stripped() {
        let html = "<p>a</p><script>if (a<b) x='</p>';</SCRIPT ><style>p{}</style><!-- c --><svg><g/></svg><scripted>b</scripted><p>c";
        assert_eq!(strip_raw_blocks(html), "<p>a</p><scripted>b</scripted><p>c");
        assert_eq!(
            strip_raw_blocks("<p>x</p><script>unclosed"),
            "<p>x</p><script>unclosed"
        );
        assert_eq!(strip_raw_blocks("<p>é</p>"), "<p>é</p>");
        assert_eq!(strip_raw_blocks("<"), "<");
        let ld = r#"<script type="application/LD+JSON">{"a": 1}</script>"#;
        assert_eq!(strip_raw_blocks(&format!("{ld}<script>x</script>")), ld);
    }

    #[test]
    fn bad_url_is_ignored() {
        let html = page(&format!("<p>One. {LOREM}</p><p>Two. {LOREM}</p>"));
        let doc = Html::parse_document(&html);
        let ps = main_paragraphs(&html, &doc, Some("not a url"));
        assert_eq!(ps.len(), 2, "{ps:#?}");
    }

    #[test]
    fn date_lines_and_figure_captions_are_dropped() {
        assert!(is_dateline("23.10.2018"));
        assert!(is_dateline("3:59 PM"));
        assert!(is_dateline("Aktualisiert: 11.04.2020, 10:27"));
        assert!(!is_dateline("Trams every six minutes"));
        let html = page(&format!(
            "<p>One. {LOREM}</p><figure><img src='a.jpg'><figcaption>Photo: A. Person</figcaption></figure>\
             <p>23.10.2018</p><p>Two. {LOREM}</p>"
        ));
        let ps = paragraphs(&html);
        assert_eq!(ps.len(), 2, "{ps:#?}");
    }
}
