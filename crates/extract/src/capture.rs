//! Plain-text captures of news pages.
//!
//! A capture is a page saved as text: one line per block (a heading, a paragraph, a link, a
//! badge's alt text), blank lines between most blocks, the site's clutter included. The reader:
//! 1. splits the text into blocks (lines) and groups (runs of lines with no blank line between);
//! 2. finds where the article text starts: the first sentence-like paragraph that is not clutter;
//! 3. reads the head before it: the title (the first headline-shaped line; the one matching the
//!    URL slug or repeated later wins), date lines, bylines, a dateline ("Kyiv • UNN") or an
//!    outlet line ("The CSR Journal Magazine"), a name line (byline), a deck; the rest of the
//!    head (badges, tickers, navigation) is dropped;
//! 4. cleans the body with [`clutter::clean_blocks`]: clutter lines, link lists after
//!    "Latest News"-style headers, the repeated headline, and the tail (byline, section, tags).

use std::collections::HashMap;

use crate::clutter::{self, Block, comparable, is_prose, normalize, shape};
use crate::{Article, ExtractError, dates};

/// Finds title, date, outlet, byline and body in a plain-text capture.
pub fn extract(text: &str, url: Option<&str>) -> Result<Article, ExtractError> {
    let blocks = split_blocks(text);
    if blocks.is_empty() {
        return Err(ExtractError::Empty);
    }
    let host = clutter::host_label(url);
    let host = host.as_deref();

    let body_start = blocks
        .iter()
        .position(|b| starts_body(&b.text))
        .unwrap_or(blocks.len());
    let head = &blocks[..body_start];
    let title_at = pick_title(head, &blocks, url, host);
    let title = title_at.map(|i| blocks[i].text.clone());

    let mut article = Article {
        url: url.map(str::to_owned),
        title: title.clone(),
        ..Article::default()
    };
    let mut deck: Vec<Block> = Vec::new();
    for (i, block) in head.iter().enumerate() {
        if Some(i) == title_at {
            continue;
        }
        let after_title = title_at.is_some_and(|t| i > t);
        read_head_line(&block.text, after_title, host, &mut article, || {
            deck.push(block.clone())
        });
    }
    if article.published.is_none() {
        // A date stamp inside a head line that is not a date line (a ticker).
        article.published = head
            .iter()
            .enumerate()
            .filter(|(i, b)| Some(*i) != title_at && shape::word_count(&b.text) <= 10)
            .find_map(|(_, b)| dates::parse(&b.text));
    }

    let body: Vec<Block> = deck
        .into_iter()
        .chain(blocks[body_start..].iter().cloned())
        .collect();
    article.description = standfirst(&body, title.as_deref());
    let cleaned = clutter::clean_blocks(&body, title.as_deref(), host);
    clutter::merge(&mut article, cleaned);
    if article.paragraphs.is_empty() {
        return Err(ExtractError::NoContent);
    }
    Ok(article)
}

/// Lines of the capture as blocks; a blank line starts a new group.
fn split_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut group = 0;
    let mut blank = false;
    for line in text.lines() {
        let line = normalize(line).into_owned();
        if line.is_empty() {
            blank = true;
            continue;
        }
        if blank {
            group += 1;
            blank = false;
        }
        blocks.push(Block { text: line, group });
    }
    blocks
}

/// The first paragraph of the article: a sentence (or a very long line) that is not clutter
/// and not a byline or date line.
fn starts_body(text: &str) -> bool {
    is_prose(text)
        && (shape::ends_sentence(text) || shape::word_count(text) >= 30)
        && !clutter::is_clutter(text)
        && clutter::byline(text).is_none()
        && clutter::date_line(text).is_none()
}

/// True when a head line could be the headline.
fn title_candidate(text: &str, host: Option<&str>) -> bool {
    shape::is_headline_shaped(text)
        && shape::word_count(text) >= 3
        && text.chars().count() >= 15
        && !clutter::is_clutter(text)
        && !clutter::is_block_header(text)
        && clutter::date_line(text).is_none()
        && clutter::byline(text).is_none()
        && clutter::dateline(text, host).is_none()
        && !clutter::looks_like_outlet(text, host)
}

/// Index of the headline among the head lines: the first candidate, unless another one
/// matches the URL slug better or is repeated later in the page.
fn pick_title(
    head: &[Block],
    all: &[Block],
    url: Option<&str>,
    host: Option<&str>,
) -> Option<usize> {
    let slug = slug_words(url);
    // Where each line (as compared) is seen last, to tell a headline repeated further down.
    let mut last_seen: HashMap<String, usize> = HashMap::new();
    for (i, b) in all.iter().enumerate() {
        last_seen.insert(comparable(&b.text), i);
    }
    let mut best: Option<(usize, usize)> = None;
    for (i, block) in head.iter().enumerate() {
        if !title_candidate(&block.text, host) {
            continue;
        }
        let key = comparable(&block.text);
        let repeated = last_seen.get(&key).is_some_and(|&last| last > i);
        let overlap = if slug.is_empty() {
            0
        } else {
            let lower = key.to_lowercase();
            let words: Vec<&str> = lower
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            slug.iter().filter(|s| words.contains(&s.as_str())).count()
        };
        let slug_match = overlap >= 2 && overlap * 2 >= slug.len();
        let score = usize::from(slug_match) * 10 + usize::from(repeated) * 5;
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((i, score));
        }
    }
    best.map(|(i, _)| i)
}

/// Words of the last path segment of the URL ("us-and-iran-may-have-held-secret-talks").
fn slug_words(url: Option<&str>) -> Vec<String> {
    let Some(parsed) = url.and_then(|u| url::Url::parse(u).ok()) else {
        return Vec::new();
    };
    let segment = parsed
        .path_segments()
        .and_then(|mut s| s.rfind(|seg| seg.chars().filter(|c| c.is_alphabetic()).count() >= 8))
        .unwrap_or("");
    let segment =
        segment.rsplit_once('.').map_or(
            segment,
            |(stem, ext)| if ext.len() <= 5 { stem } else { segment },
        );
    segment
        .split(['-', '_', '+'])
        .filter(|w| w.chars().count() >= 2 && w.chars().all(char::is_alphabetic))
        .map(str::to_lowercase)
        .collect()
}

/// Reads one head line (other than the title) into the article's metadata. Lines after the
/// title that look like a deck (five words or more, not clutter) go to the body via `deck`.
fn read_head_line(
    text: &str,
    after_title: bool,
    host: Option<&str>,
    article: &mut Article,
    deck: impl FnOnce(),
) {
    if let Some((date, role)) = clutter::date_line(text) {
        let slot = match role {
            clutter::DateRole::Published => &mut article.published,
            clutter::DateRole::Modified => &mut article.modified,
        };
        slot.get_or_insert(date);
    } else if let Some(names) = clutter::byline(text) {
        for name in names {
            if !article.authors.contains(&name) {
                article.authors.push(name);
            }
        }
    } else if let Some(site) = clutter::dateline(text, host) {
        article.site_name.get_or_insert(site);
    } else if clutter::is_clutter(text) || clutter::is_block_header(text) {
        // Badges, tickers, counters: dropped.
    } else if clutter::looks_like_outlet(text, host) {
        article.site_name.get_or_insert_with(|| text.to_owned());
    } else if after_title && shape::is_name_shaped(text) && article.authors.is_empty() {
        article.authors.push(text.to_owned());
    } else if after_title && shape::word_count(text) >= 5 {
        deck();
    }
    // Anything else in the head (navigation, section labels) is dropped.
}

/// The standfirst: the sentences between the start of the text and the headline's repeat,
/// when the page prints a lead paragraph above a repeated headline.
fn standfirst(body: &[Block], title: Option<&str>) -> Option<String> {
    let key = comparable(title?);
    let repeat = body.iter().position(|b| comparable(&b.text) == key)?;
    let lead: Vec<&str> = body[..repeat]
        .iter()
        .map(|b| b.text.as_str())
        .filter(|t| is_prose(t) && !clutter::is_clutter(t))
        .collect();
    if lead.is_empty() {
        None
    } else {
        Some(lead.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_groups() {
        let b = split_blocks("A\n\nB\nC\n \nD");
        let groups: Vec<usize> = b.iter().map(|b| b.group).collect();
        assert_eq!(groups, vec![0, 1, 1, 2]);
    }

    #[test]
    fn slug() {
        assert_eq!(
            slug_words(Some(
                "https://unn.ua/en/news/us-and-iran-may-have-held-secret-talks"
            )),
            vec![
                "us", "and", "iran", "may", "have", "held", "secret", "talks"
            ]
        );
        assert_eq!(
            slug_words(Some(
                "https://example.com/2026/03/05/iran-rejects-reports.html"
            )),
            vec!["iran", "rejects", "reports"]
        );
        assert!(slug_words(None).is_empty());
    }

    #[test]
    fn slug_picks_the_title_over_a_nav_line() {
        let text = "Home World Politics Business\n\nIran rejects reports of talks\n\nIran said on \
                    Thursday that no message had been sent.";
        let a = extract(
            text,
            Some("https://example.com/iran-rejects-reports-of-talks"),
        );
        assert_eq!(
            a.ok().and_then(|a| a.title).as_deref(),
            Some("Iran rejects reports of talks")
        );
    }

    #[test]
    fn odd_input_never_panics() {
        let long = "word ".repeat(50_000);
        let many = "Short headline line here\n".repeat(5_000);
        let inputs = [
            "\u{2022}",
            " • ",
            "By",
            "By \u{a0}",
            "Kyiv •",
            "• UNN",
            "Tags:",
            "Tags: ,,,",
            "Related:",
            "1.1.1 views",
            "$",
            "2026-13-45 $1",
            "\u{feff}Title of the page here\r\n\r\nA sentence that ends here.\r\n",
            "ǅǅǅ ß ﬁ İ \u{301}\u{301} 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 headline\n\nÉté très chaud cette année, dit-il.",
            long.as_str(),
            many.as_str(),
        ];
        for input in inputs {
            let _ = extract(input, Some("https://example.com/a-b-c-d-e"));
            let _ = extract(input, Some("::not a url::"));
            let mut a = Article {
                paragraphs: input.lines().map(str::to_owned).collect(),
                ..Article::default()
            };
            clutter::clean_article(&mut a);
        }
    }

    #[test]
    fn no_body_is_an_error() {
        assert!(matches!(
            extract("app-store-logo\nplay-store-logo\n", None),
            Err(ExtractError::NoContent)
        ));
        assert!(matches!(extract("\n \n", None), Err(ExtractError::Empty)));
    }
}
