//! Dates in the page's elements: `itemprop=datePublished`, `<time pubdate>`, `<time datetime>`
//! in the article or its head, away from related-article lists.

use scraper::{ElementRef, Selector};

use crate::Published;
use crate::metadata::{Page, element_text_within};

/// `<time>` elements ranked by [`from_elements`]; a real page has a few dozen at most.
const MAX_TIMES: usize = 1_000;

/// `itemprop=datePublished`, `<time pubdate>`, `<time datetime>` in the article or its header.
pub(super) fn from_elements(
    page: &Page<'_>,
    parse: &dyn Fn(&str) -> Option<Published>,
) -> Option<Published> {
    let by_prop = Selector::parse("[itemprop~=datePublished], [itemprop~=dateCreated]").unwrap();
    for e in page.doc.select(&by_prop) {
        let v = e.value();
        // An element with pages of text is no date (nor read to find out).
        let Some(s) = v
            .attr("content")
            .or_else(|| v.attr("datetime"))
            .map(str::to_owned)
            .or_else(|| element_text_within(e, 400))
        else {
            continue;
        };
        if let Some(p) = parse(&s) {
            return Some(p);
        }
    }
    let time_sel = Selector::parse("time[datetime], time[pubdate]").unwrap();
    // The first ones: each is ranked by a walk over its ancestors.
    let mut times: Vec<ElementRef<'_>> = page.doc.select(&time_sel).take(MAX_TIMES).collect();
    // Explicitly marked publication times first, then times in an article / header, then any
    // (the key computed once per element; the order is stable, as `sort_by_key`'s).
    times.sort_by_cached_key(|t| {
        let v = t.value();
        let marked = v.attr("pubdate").is_some()
            || attr_has(
                t,
                &["publish", "posted", "created", "entry-date", "post-date"],
            );
        let mut rank = 3;
        if marked {
            rank = 0;
        } else if in_article_head(*t) {
            rank = 1;
        } else if in_noise(*t) {
            rank = 4;
        }
        if attr_has(t, &["update", "modif"]) {
            rank += 2;
        }
        rank
    });
    for t in times {
        // A `<time>` with pages of text in it is not read as a date.
        let text = element_text_within(t, 400);
        if let Some(s) = t
            .attr("datetime")
            .map(str::to_owned)
            .or_else(|| text.clone())
            && let Some(p) = parse(&s)
        {
            return Some(p);
        }
        if let Some(p) = text.as_deref().and_then(parse) {
            return Some(p);
        }
    }
    None
}

pub(super) fn attr_has(e: &ElementRef<'_>, words: &[&str]) -> bool {
    let v = e.value();
    let s = format!(
        "{} {} {}",
        v.attr("class").unwrap_or(""),
        v.attr("id").unwrap_or(""),
        v.attr("itemprop").unwrap_or("")
    )
    .to_lowercase();
    words.iter().any(|w| s.contains(w))
}

pub(super) fn in_article_head(e: ElementRef<'_>) -> bool {
    e.ancestors().filter_map(ElementRef::wrap).any(|a| {
        let n = a.value().name();
        n == "article"
            || n == "header"
            || n == "main"
            || attr_has(&a, &["article", "post", "entry", "byline", "meta"])
    }) && !in_noise(e)
}

pub(super) fn in_noise(e: ElementRef<'_>) -> bool {
    e.ancestors()
        .filter_map(ElementRef::wrap)
        .take(15)
        .any(|a| {
            let n = a.value().name();
            n == "footer"
                || n == "aside"
                || n == "nav"
                || attr_has(
                    &a,
                    &[
                        "comment",
                        "related",
                        "sidebar",
                        "widget",
                        "footer",
                        "recommend",
                        "popular",
                        "trending",
                    ],
                )
        })
}
