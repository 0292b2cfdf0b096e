//! Dates written in the visible text: in elements whose class says date or byline, and right
//! after the headline (unless labelled as an update).

use scraper::{ElementRef, Selector};

use super::elements::{attr_has, in_article_head, in_noise};
use crate::Published;
use crate::dates::{self, DayOrder};
use crate::metadata::{Page, element_text_within};

/// The first date written right after the headline, unless it is labelled as an update.
pub(super) fn date_under_headline(page: &Page<'_>, order: DayOrder) -> Option<chrono::NaiveDate> {
    let (text, _, end) = text_around_headline(page)?;
    let to = floor_char(text, (end + 800).min(text.len()));
    let rest = &text[end..to];
    let (p, start, _) = dates::find(rest, order)?;
    (!labelled_update(&rest[..start])).then(|| p.date())
}

/// True when the text just before a date ("Last updated: ") says the date is an update.
pub(super) fn labelled_update(before: &str) -> bool {
    let before = before.to_lowercase();
    let from = floor_char(&before, before.len().saturating_sub(30));
    let label = &before[from..];
    [
        "updat",
        "modif",
        "revis",
        "aktualisiert",
        "mis à jour",
        "actualiz",
        "reviewed",
    ]
    .iter()
    .any(|w| label.contains(w))
}

/// Dates written in elements whose class says date/time/byline, or in the text after the
/// headline.
pub(super) fn from_visible_text(page: &Page<'_>, order: DayOrder) -> Option<Published> {
    let sel = Selector::parse(
        "[class*=date i], [class*=time i], [class*=publish i], [class*=posted i], [id*=date i], \
         [class*=byline i], [class*=meta i], [itemprop*=date i], time, [class*=dateline i]",
    )
    .unwrap();
    let mut best: Option<(u8, Published)> = None;
    for e in page.doc.select(&sel).take(300) {
        if matches!(
            e.value().name(),
            "meta" | "script" | "style" | "body" | "html"
        ) {
            continue;
        }
        let Some(text) = element_text_within(e, 200) else {
            continue;
        };
        if text.is_empty() || text.chars().count() > 200 {
            continue;
        }
        let Some((p, _, _)) = dates::find(&text, order) else {
            continue;
        };
        let rank = if in_noise(e) {
            3
        } else if attr_has(&e, &["update", "modif"]) {
            2
        } else if in_article_head(e) {
            0
        } else {
            1
        };
        if best.as_ref().is_none_or(|(r, _)| rank < *r) {
            best = Some((rank, p));
        }
        if rank == 0 {
            break;
        }
    }
    if let Some((r, p)) = best
        && r < 3
    {
        return Some(p);
    }
    // The text around the headline: after it first, then just before it.
    if let Some((text, start, end)) = text_around_headline(page) {
        let after_end = floor_char(text, (end + 800).min(text.len()));
        if let Some((p, _, _)) = dates::find(&text[end..after_end], order) {
            return Some(p);
        }
        let before_start = floor_char(text, start.saturating_sub(300));
        if let Some((p, _, _)) = dates::find(&text[before_start..start], order) {
            return Some(p);
        }
    }
    best.map(|(_, p)| p)
}

pub(super) fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The visible text of the page from its start to 800 bytes after the headline (the first
/// `<h1>`, else the first `<h2>`), and the headline's span in it.
pub(super) fn text_around_headline<'p>(page: &'p Page<'_>) -> Option<(&'p str, usize, usize)> {
    page.headline_text
        .get_or_init(|| headline_text(page))
        .as_ref()
        .map(|(t, s, e)| (t.as_str(), *s, *e))
}

pub(super) fn headline_text(page: &Page<'_>) -> Option<(String, usize, usize)> {
    use ego_tree::iter::Children;
    /// An element being read: its children still to read, where its text starts, and
    /// whether it is the first `<h1>` / `<h2>`.
    struct Open<'a> {
        children: Children<'a, scraper::Node>,
        start: usize,
        is_h1: bool,
        is_h2: bool,
    }
    let mut out = String::new();
    let mut h1: Option<(usize, usize)> = None;
    let mut h2: Option<(usize, usize)> = None;
    // Iterative (an explicit stack of open elements), so a deep tree costs heap, not call
    // stack. Once the text reaches 800 bytes past the headline or 400,000 bytes, every open
    // element is closed (its headline span recorded) and the walk ends.
    let mut open = vec![Open {
        children: page.doc.root_element().children(),
        start: 0,
        is_h1: false,
        is_h2: false,
    }];
    let mut done = false;
    while let Some(top) = open.last_mut() {
        // Every reader looks at most 800 bytes past the headline.
        if h1.is_some_and(|(_, end)| out.len() >= end + 800) {
            done = true;
        }
        let next = if done { None } else { top.children.next() };
        let Some(child) = next else {
            let Some(closed) = open.pop() else {
                break;
            };
            if closed.is_h1 && out.len() > closed.start {
                h1 = Some((closed.start, out.len()));
            }
            if closed.is_h2 && out.len() > closed.start {
                h2 = Some((closed.start, out.len()));
            }
            // The root's own frame is not an element read by its parent: no check for it.
            if !open.is_empty() && out.len() > 400_000 {
                done = true;
            }
            continue;
        };
        if let Some(t) = child.value().as_text() {
            if !t.trim().is_empty() {
                out.push_str(t.trim());
                out.push(' ');
            }
        } else if let Some(e) = ElementRef::wrap(child) {
            let name = e.value().name();
            if matches!(
                name,
                "script"
                    | "style"
                    | "noscript"
                    | "template"
                    | "svg"
                    | "nav"
                    | "footer"
                    | "aside"
                    | "head"
                    | "select"
            ) {
                continue;
            }
            open.push(Open {
                children: child.children(),
                start: out.len(),
                is_h1: name == "h1" && h1.is_none(),
                is_h2: name == "h2" && h2.is_none(),
            });
        }
    }
    // Pages without an <h1> often carry the headline in the first <h2>.
    let (s, e) = h1.or(h2)?;
    Some((out, s, e))
}
