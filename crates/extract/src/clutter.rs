//! News clutter: app badges, promos, subscribe prompts, related links, tag lists, view counters.
//!
//! Used on HTML article paragraphs ([`clean_article`]) and on plain-text captures
//! ([`crate::capture`], through [`clean_blocks`]). Three layers:
//! - [`rules`]: one line at a time — badges, store links, app promos, subscribe/share/follow
//!   prompts, "Related: …" teasers, related headlines with view counts, tickers, adverts, cookies.
//! - [`meta`]: lines that are metadata rather than body — bylines, datelines, date lines, tags.
//! - [`clean_blocks`]: the sequence — the list after a "Latest News" / "Related" header, and the
//!   tail after the last sentence of the article (byline, section label, tag list).

pub mod meta;
pub mod rules;
pub mod shape;

use std::collections::HashMap;

use crate::{Article, Published};

pub use meta::{DateRole, byline, date_line, dateline, looks_like_outlet, tags_line};
pub use rules::{Clutter, classify, is_block_header, is_clutter};
pub use shape::{comparable, is_prose, normalize};

/// One block of text (a paragraph, a heading, a line of a capture). Blocks with the same
/// `group` were written together, without a blank line between them (a capture's tag list);
/// HTML paragraphs each have their own group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The text, white space collapsed.
    pub text: String,
    /// Blocks in one group were adjacent lines with no blank line between them.
    pub group: usize,
}

/// What [`clean_blocks`] keeps and what it learns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    /// Body paragraphs, in order.
    pub paragraphs: Vec<String>,
    /// Authors from bylines ("By Jane Doe") and from a lone name after the body.
    pub authors: Vec<String>,
    /// The outlet, from a dateline ("Kyiv • UNN").
    pub site_name: Option<String>,
    /// The section label that heads the trailing tag list ("News of the World").
    pub section: Option<String>,
    /// Tags from the trailing tag list or a "Tags: …" line.
    pub tags: Vec<String>,
    /// Publication time from a date-only line.
    pub published: Option<Published>,
    /// Modification time from an "Updated …" line.
    pub modified: Option<Published>,
}

/// How a block was judged.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// Body text (subject to the tail rules).
    Body,
    /// Clutter: dropped.
    Drop,
    /// Header of a link block: dropped with the list that follows.
    Header,
    /// "Tags" header: the short lines that follow are tags.
    TagsHeader,
}

/// Drops clutter from a sequence of blocks and collects the metadata found among them.
///
/// `title` is the article's headline, if known: blocks repeating it are dropped.
/// `host_label` is the site's host name without its suffix (`"unn"` for `unn.ua`), to
/// recognise datelines naming the outlet.
pub fn clean_blocks(blocks: &[Block], title: Option<&str>, host_label: Option<&str>) -> Cleaned {
    let mut out = Cleaned::default();
    let title_key = title.map(comparable).filter(|t| !t.is_empty());
    let title_len = title_key.as_ref().map_or(0, String::len);
    let repeats_title = |text: &str| {
        // Cheap length check first: `comparable` allocates.
        title_key.is_some()
            && text.len() <= title_len * 2 + 16
            && title_key.as_deref() == Some(comparable(text).as_str())
    };
    let mut kinds: Vec<Kind> = Vec::with_capacity(blocks.len());

    for block in blocks {
        let text = block.text.as_str();
        // Metadata lines are short; a long paragraph only needs the clutter rules.
        let short = shape::word_count(text) <= 14;
        let kind = if text.trim().is_empty() || repeats_title(text) {
            Kind::Drop
        } else if !short {
            if is_clutter(text) {
                Kind::Drop
            } else {
                Kind::Body
            }
        } else if let Some(names) = byline(text) {
            push_unique(&mut out.authors, names);
            Kind::Drop
        } else if let Some((date, role)) = date_line(text) {
            match role {
                DateRole::Published => {
                    out.published.get_or_insert(date);
                }
                DateRole::Modified => {
                    out.modified.get_or_insert(date);
                }
            }
            Kind::Drop
        } else if let Some(site) = dateline(text, host_label) {
            out.site_name.get_or_insert(site);
            Kind::Drop
        } else if let Some(tags) = tags_line(text) {
            push_unique(&mut out.tags, tags);
            Kind::Drop
        } else if meta::is_tags_header(text) {
            Kind::TagsHeader
        } else if is_block_header(text) {
            Kind::Header
        } else if is_clutter(text) {
            Kind::Drop
        } else {
            Kind::Body
        };
        kinds.push(kind);
    }

    // The list after a link-block header: headlines (not sentences) until the text resumes.
    let mut in_list = false;
    let mut in_tags = false;
    for (i, block) in blocks.iter().enumerate() {
        let text = block.text.as_str();
        match kinds[i] {
            Kind::Header => {
                in_list = true;
                in_tags = false;
            }
            Kind::TagsHeader => {
                in_tags = true;
                in_list = false;
            }
            Kind::Drop => {}
            Kind::Body if in_tags && shape::is_tag_shaped(text) => {
                push_unique(&mut out.tags, [text.to_owned()]);
                kinds[i] = Kind::Drop;
            }
            Kind::Body if in_list && is_list_item(text) => kinds[i] = Kind::Drop,
            Kind::Body => {
                in_list = false;
                in_tags = false;
            }
        }
    }

    clean_tail(blocks, &mut kinds, &mut out);

    out.paragraphs = blocks
        .iter()
        .zip(&kinds)
        .filter(|(_, k)| **k == Kind::Body)
        .map(|(b, _)| b.text.clone())
        .collect();
    out
}

/// A linked headline in a list after a "Latest News" header: not a sentence, and longer or
/// less label-like than a name or a tag (a name or tag ends the list and is left to the tail
/// rules).
fn is_list_item(text: &str) -> bool {
    !is_prose(text) && (shape::word_count(text) >= 4 || !shape::is_tag_shaped(text))
}

/// The tail after the last sentence of the article: a lone name line is the byline, a run of
/// short capitalised lines is the tag list (its first line is the section when it reads like
/// one).
fn clean_tail(blocks: &[Block], kinds: &mut [Kind], out: &mut Cleaned) {
    let Some(last_prose) = (0..blocks.len())
        .rev()
        .find(|&i| kinds[i] == Kind::Body && is_prose(&blocks[i].text))
    else {
        return;
    };
    let tail: Vec<usize> = (last_prose + 1..blocks.len())
        .filter(|&i| kinds[i] == Kind::Body)
        .collect();
    if tail.is_empty() {
        return;
    }
    let mut group_sizes: HashMap<usize, usize> = HashMap::new();
    for &i in &tail {
        *group_sizes.entry(blocks[i].group).or_default() += 1;
    }
    let group_size = |g: usize| group_sizes.get(&g).copied().unwrap_or(0);

    // Trailing run of tag-shaped lines.
    let mut run_start = tail.len();
    while run_start > 0 && shape::is_tag_shaped(&blocks[tail[run_start - 1]].text) {
        run_start -= 1;
    }
    let mut run: Vec<usize> = tail[run_start..].to_vec();

    // A lone name line (its own group) before the run, or heading a run of separate lines, is
    // the byline.
    let mut byline_at = None;
    if let Some(&first) = run.first() {
        let lone = group_size(blocks[first].group) == 1;
        let before_section = run
            .get(1)
            .is_some_and(|&next| meta::is_section_label(&blocks[next].text));
        if (lone || before_section) && shape::is_name_shaped(&blocks[first].text) {
            byline_at = Some(first);
            run.remove(0);
        }
    }
    if byline_at.is_none() {
        // A name line just before a run that is not tag-shaped as a whole.
        if let Some(&i) = tail[..run_start].last()
            && shape::is_name_shaped(&blocks[i].text)
        {
            byline_at = Some(i);
        }
    }
    if let Some(i) = byline_at {
        push_unique(&mut out.authors, [blocks[i].text.clone()]);
        kinds[i] = Kind::Drop;
    }

    // A tag list: at least three short lines, or two written together as one group.
    let together = run
        .windows(2)
        .all(|w| blocks[w[0]].group == blocks[w[1]].group);
    if run.len() >= 3 || (run.len() == 2 && together) {
        let mut items = run.iter().copied();
        if let Some(&first) = run.first()
            && meta::is_section_label(&blocks[first].text)
        {
            out.section
                .get_or_insert_with(|| blocks[first].text.clone());
            kinds[first] = Kind::Drop;
            items.next();
        }
        for i in items {
            push_unique(&mut out.tags, [blocks[i].text.clone()]);
            kinds[i] = Kind::Drop;
        }
    }
}

fn push_unique(into: &mut Vec<String>, items: impl IntoIterator<Item = String>) {
    for item in items {
        let key = comparable(&item);
        if !key.is_empty() && !into.iter().any(|x| comparable(x) == key) {
            into.push(item);
        }
    }
}

/// The host name of a URL without `www.` and its public suffix: `"unn"` for
/// `https://www.unn.ua/...`, `"thecsrjournal"` for `https://thecsrjournal.in/...`.
pub fn host_label(url: Option<&str>) -> Option<String> {
    let parsed = url::Url::parse(url?).ok()?;
    let host = parsed.host_str()?.to_lowercase();
    let labels: Vec<&str> = host
        .split('.')
        .filter(|l| !l.is_empty() && *l != "www")
        .collect();
    let n = labels.len();
    if n < 2 {
        return labels.first().map(|l| (*l).to_owned());
    }
    // The label before the public suffix; "co.uk", "com.ua" and the like take two labels.
    let mut i = n - 2;
    if n >= 3 && labels[n - 1].len() == 2 && SECOND_LEVEL.contains(&labels[i]) {
        i -= 1;
    }
    labels.get(i).map(|l| (*l).to_owned())
}

/// Second-level labels of country suffixes ("co.uk", "com.ua").
const SECOND_LEVEL: &[&str] = &["co", "com", "net", "org", "gov", "ac", "edu", "or", "ne"];

/// Drops clutter paragraphs from an article body, moving bylines, datelines, date lines and
/// tag lists into the article's metadata where it has none.
pub fn clean_article(article: &mut Article) {
    let blocks: Vec<Block> = article
        .paragraphs
        .iter()
        .enumerate()
        .map(|(group, p)| Block {
            text: normalize(p).into_owned(),
            group,
        })
        .collect();
    let host = host_label(article.url.as_deref().or(article.canonical_url.as_deref()));
    let cleaned = clean_blocks(&blocks, article.title.as_deref(), host.as_deref());
    merge(article, cleaned);
}

/// Fills the article's empty metadata from what the cleaner found and sets its paragraphs.
pub fn merge(article: &mut Article, cleaned: Cleaned) {
    article.paragraphs = cleaned.paragraphs;
    if article.authors.is_empty() {
        article.authors = cleaned.authors;
    }
    if article.site_name.is_none() {
        article.site_name = cleaned.site_name;
    }
    if article.section.is_none() {
        article.section = cleaned.section;
    }
    if article.published.is_none() {
        article.published = cleaned.published;
    }
    if article.modified.is_none() {
        article.modified = cleaned.modified;
    }
    push_unique(&mut article.tags, cleaned.tags);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(lines: &[&str]) -> Vec<Block> {
        lines
            .iter()
            .enumerate()
            .map(|(group, l)| Block {
                text: normalize(l).into_owned(),
                group,
            })
            .collect()
    }

    const P1: &str =
        "Iran has dismissed claims that it has sent any messages to the United States.";
    const P2: &str = "A US official confirmed that dialogue has remained unwavering throughout.";

    #[test]
    fn drops_list_after_latest_news_header() {
        let c = clean_blocks(
            &blocks(&[
                P1,
                "Latest News",
                "Iran denies talks with Washington",
                "Oil prices climb for a third day",
                P2,
            ]),
            None,
            None,
        );
        assert_eq!(c.paragraphs, vec![P1, P2]);
    }

    #[test]
    fn subheadings_stay() {
        let c = clean_blocks(
            &blocks(&[P1, "Concerns from Israel", P2, "Details", P1]),
            None,
            None,
        );
        assert_eq!(c.paragraphs.len(), 5);
    }

    #[test]
    fn pull_quote_and_attribution_stay() {
        let c = clean_blocks(
            &blocks(&[
                P1,
                "We treated these messages as nonsense",
                "— commented an American official on the situation in a conversation with journalists.",
            ]),
            None,
            None,
        );
        assert_eq!(c.paragraphs.len(), 3);
    }

    #[test]
    fn tail_byline_section_and_tags() {
        let mut b = blocks(&[P1, "Stepan Haftko"]);
        for tag in ["News of the World", "Skirmishes", "Israel", "Donald Trump"] {
            b.push(Block {
                text: tag.into(),
                group: 100,
            });
        }
        let c = clean_blocks(&b, None, None);
        assert_eq!(c.paragraphs, vec![P1]);
        assert_eq!(c.authors, vec!["Stepan Haftko"]);
        assert_eq!(c.section.as_deref(), Some("News of the World"));
        assert_eq!(c.tags, vec!["Skirmishes", "Israel", "Donald Trump"]);
    }

    #[test]
    fn html_tag_paragraphs_at_the_end() {
        let c = clean_blocks(&blocks(&[P1, "Iran", "Israel", "White House"]), None, None);
        assert_eq!(c.paragraphs, vec![P1]);
        assert_eq!(c.tags, vec!["Iran", "Israel", "White House"]);
    }

    #[test]
    fn short_last_line_alone_is_not_a_tag_list() {
        let c = clean_blocks(&blocks(&[P1, "Concerns remain"]), None, None);
        assert_eq!(c.paragraphs.len(), 2);
        assert!(c.tags.is_empty());
    }

    #[test]
    fn metadata_lines() {
        let c = clean_blocks(
            &blocks(&[
                "By Jane Doe",
                "Published 12 June 2024",
                "Kyiv • UNN",
                P1,
                "Tags: Iran, Israel",
            ]),
            None,
            None,
        );
        assert_eq!(c.paragraphs, vec![P1]);
        assert_eq!(c.authors, vec!["Jane Doe"]);
        assert_eq!(c.site_name.as_deref(), Some("UNN"));
        assert_eq!(c.tags, vec!["Iran", "Israel"]);
    }

    #[test]
    fn title_repeat_dropped() {
        let c = clean_blocks(
            &blocks(&["US and Iran may have held secret talks", P1]),
            Some("US and Iran may have held secret talks"),
            None,
        );
        assert_eq!(c.paragraphs, vec![P1]);
    }

    #[test]
    fn real_paragraphs_survive() {
        let real = [
            "Apple said it would remove the app from its store in Russia, the company told reporters.",
            "Readers who subscribe to the paper's print edition will not be affected by the change.",
            "Share prices fell 4% after the announcement.",
            "Related talks in Oman were described as constructive by both sides.",
            "The video was viewed 3 million times before it was taken down.",
        ];
        let c = clean_blocks(&blocks(&real), None, None);
        assert_eq!(c.paragraphs, real.to_vec());
    }

    #[test]
    fn clean_article_fills_only_empty_metadata() {
        let mut a = Article {
            authors: vec!["Someone Else".into()],
            paragraphs: vec![
                "By Jane Doe".into(),
                P1.into(),
                "Share this article".into(),
                "Advertisement".into(),
                P2.into(),
                "Sign up for our newsletter".into(),
            ],
            ..Article::default()
        };
        clean_article(&mut a);
        assert_eq!(a.paragraphs, vec![P1, P2]);
        assert_eq!(a.authors, vec!["Someone Else"]);
    }

    #[test]
    fn host_labels() {
        assert_eq!(
            host_label(Some("https://www.unn.ua/en/news/x")).as_deref(),
            Some("unn")
        );
        assert_eq!(
            host_label(Some("https://thecsrjournal.in/iran")).as_deref(),
            Some("thecsrjournal")
        );
        assert_eq!(
            host_label(Some("https://www.bbc.co.uk/news")).as_deref(),
            Some("bbc")
        );
        assert_eq!(
            host_label(Some("https://edition.cnn.com/x")).as_deref(),
            Some("cnn")
        );
        assert_eq!(host_label(None), None);
        assert_eq!(host_label(Some("not a url")), None);
    }
}
