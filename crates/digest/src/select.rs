//! Sentence selection: greedy coverage of the story's weighted concepts per word, with a
//! redundancy check, and drop-only compression.

use std::collections::{BinaryHeap, HashSet};

use crate::prep::{FxBuild, Prepared, cosine};
use crate::{Disagreement, DisagreementKind, Options, SummarySentence, word_count};

/// The eligible sentences with what selection needs.
pub(crate) struct Ranking {
    candidates: Vec<usize>,
}

/// A score that orders (total order over f64, ties by lower sentence index first).
struct Key(f64, std::cmp::Reverse<usize>);

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0).then(self.1.cmp(&other.1))
    }
}

impl Ranking {
    pub fn new(p: &Prepared<'_>, _options: &Options) -> Ranking {
        let candidates = (0..p.sents.len())
            .filter(|&i| p.sents[i].eligible)
            .collect();
        Ranking { candidates }
    }

    /// The long version, in time order.
    pub fn long(&self, p: &Prepared<'_>, options: &Options) -> Vec<SummarySentence> {
        let picked = self.greedy(p, options, options.long_target, options.long_max, false);
        let mut out: Vec<(usize, SummarySentence)> = picked;
        out.sort_by_key(|(i, _)| {
            let s = &p.sents[*i];
            (time_key(p, s.doc), s.doc, s.index)
        });
        out.into_iter().map(|(_, s)| s).collect()
    }

    /// The short version: both sides of the strongest stance disagreement when they fit,
    /// otherwise the best sentences that fit, most important first.
    pub fn short(
        &self,
        p: &Prepared<'_>,
        options: &Options,
        disagreements: &[Disagreement],
    ) -> Vec<SummarySentence> {
        let limit = options.short_words;
        for d in disagreements.iter().take(2) {
            if d.kind != DisagreementKind::Stance || d.strength < STRONG {
                continue;
            }
            let mut out = Vec::new();
            for side in &d.sides {
                let found = p.sents.iter().position(|s| {
                    s.doc < p.texts.len()
                        && s.index == side.sentence
                        && doc_id(p, s.doc) == side.article
                });
                if let Some(i) = found
                    && p.sents[i].eligible
                    && !p.sents[i].dangling
                {
                    out.push(render(p, i, true));
                }
            }
            if out.len() == 2 {
                let total: usize = out.iter().map(|s| word_count(&s.text)).sum();
                if total <= limit {
                    return out;
                }
            }
        }
        let picked = self.greedy(p, options, limit, limit, true);
        if !picked.is_empty() {
            return picked.into_iter().map(|(_, s)| s).collect();
        }
        // Nothing fits as picked: the shortest fit sentence of the first article that has one.
        let mut best: Option<(usize, SummarySentence)> = None;
        for &i in &self.candidates {
            let s = render(p, i, true);
            let n = word_count(&s.text);
            if n <= limit && best.as_ref().is_none_or(|(m, _)| n < *m) {
                best = Some((n, s));
            }
        }
        best.map(|(_, s)| vec![s]).unwrap_or_default()
    }

    /// Lazy greedy selection by uncovered concept weight per word.
    fn greedy(
        &self,
        p: &Prepared<'_>,
        options: &Options,
        target: usize,
        max: usize,
        short: bool,
    ) -> Vec<(usize, SummarySentence)> {
        let mut heap: BinaryHeap<(Key, usize)> = BinaryHeap::new();
        let mut rendered: Vec<Option<SummarySentence>> = vec![None; p.sents.len()];
        for &i in &self.candidates {
            if short && p.sents[i].dangling {
                continue;
            }
            let g = gain(p, i, &HashSet::default());
            if g > 0.0 {
                heap.push((Key(g * factor(p, i), std::cmp::Reverse(i)), i));
            }
        }
        let mut covered: HashSet<u64, FxBuild> = HashSet::default();
        let mut picked: Vec<(usize, SummarySentence)> = Vec::new();
        let mut total = 0usize;
        while let Some((Key(stale, _), i)) = heap.pop() {
            if total >= target {
                break;
            }
            let fresh = gain(p, i, &covered) * factor(p, i);
            if fresh <= 0.0 {
                continue;
            }
            if let Some((Key(next, _), _)) = heap.peek()
                && fresh < *next
                && fresh < stale
            {
                heap.push((Key(fresh, std::cmp::Reverse(i)), i));
                continue;
            }
            let s = &p.sents[i];
            if max.saturating_sub(total) < options.min_sentence_words {
                break;
            }
            // Compressions only shorten, and not by much: a sentence far too long for what is
            // left is not worth rendering.
            let slack = if short { 25 } else { 3 };
            if total + s.words > max + slack {
                continue;
            }
            let r = rendered[i]
                .get_or_insert_with(|| render(p, i, short))
                .clone();
            let n = word_count(&r.text);
            if total + n > max {
                continue;
            }
            if picked
                .iter()
                .any(|(j, _)| cosine(&s.content, &p.sents[*j].content) > options.redundancy)
            {
                continue;
            }
            total += n;
            covered.extend(s.concepts.iter().copied());
            picked.push((i, r));
        }
        picked
    }
}

/// Strength from which a stance disagreement leads the short version.
pub(crate) const STRONG: f64 = 4.0;

fn doc_id(p: &Prepared<'_>, doc: usize) -> i64 {
    p.ids.get(doc).copied().unwrap_or_default()
}

fn time_key(p: &Prepared<'_>, doc: usize) -> (bool, i64) {
    match p.times.get(doc).copied().flatten() {
        Some(t) => (false, t),
        None => (true, 0),
    }
}

/// Uncovered weight of a sentence's concepts.
fn gain(p: &Prepared<'_>, i: usize, covered: &HashSet<u64, FxBuild>) -> f64 {
    p.sents[i]
        .concepts
        .iter()
        .filter(|c| !covered.contains(c))
        .filter_map(|c| p.weights.get(c))
        .sum()
}

/// Per-word normalisation, position and back-reference penalties.
fn factor(p: &Prepared<'_>, i: usize) -> f64 {
    let s = &p.sents[i];
    let pos = p.position(i) as f64;
    let position = 1.0 + POSITION / (1.0 + pos);
    let dangling = if s.dangling { 0.6 } else { 1.0 };
    position * dangling / (s.words.max(1) as f64).powf(LENGTH_EXP)
}

const POSITION: f64 = 0.5;
const LENGTH_EXP: f64 = 1.0;

/// The sentence as a summary shows it: verbatim, or with a dateline or a leading connective
/// dropped; for the short version also a trailing participial clause.
pub(crate) fn render(p: &Prepared<'_>, i: usize, short: bool) -> SummarySentence {
    let s = &p.sents[i];
    let source = p.text(s);
    let text = compress(source, short);
    let verbatim = text == source;
    SummarySentence {
        article: doc_id(p, s.doc),
        outlet: p.outlets.get(s.doc).cloned().flatten(),
        sentence: s.index,
        source: (!verbatim).then(|| source.to_string()),
        verbatim,
        text,
    }
}

const CONNECTIVES: &[&str] = &[
    "However, ",
    "Additionally, ",
    "Meanwhile, ",
    "Moreover, ",
    "Furthermore, ",
    "In addition, ",
    "On the other hand, ",
    "Also, ",
    "Still, ",
    "Besides, ",
    "Nevertheless, ",
    "Separately, ",
    "Earlier, ",
    "In turn, ",
];

/// Drop-only compression of a sentence.
pub(crate) fn compress(source: &str, short: bool) -> String {
    let mut text = source.trim();
    text = drop_dateline(text);
    let mut capitalise = false;
    for c in CONNECTIVES {
        if let Some(rest) = text.strip_prefix(c)
            && rest.chars().next().is_some_and(char::is_alphanumeric)
        {
            text = rest;
            capitalise = true;
            break;
        }
    }
    let mut out = if capitalise {
        let mut chars = text.chars();
        match chars.next() {
            Some(f) => f.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    } else {
        text.to_string()
    };
    if short && let Some(cut) = trailing_participle(&out) {
        out = cut;
    }
    out
}

/// "WASHINGTON (AP) _ The …", "BEIJING, March 5 (Xinhua) -- The …": the text after the dateline.
fn drop_dateline(text: &str) -> &str {
    let head: String = text.chars().take(90).collect();
    for sep in [" _ ", " -- ", " — ", " – "] {
        if let Some(at) = head.find(sep) {
            let before = &text[..at];
            let first = before.split_whitespace().next().unwrap_or("");
            let first_caps = first.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && first.chars().all(|c| !c.is_lowercase());
            let rest = &text[at + sep.len()..];
            if first_caps
                && before.split_whitespace().count() <= 8
                && rest
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            {
                return rest;
            }
        }
    }
    text
}

/// "X did Y, asserting that Z." → "X did Y." (only for a sentence of more than 20 words).
fn trailing_participle(text: &str) -> Option<String> {
    if word_count(text) <= 20 || !crate::prep::balanced_quotes(text) {
        return None;
    }
    let end_punct = text
        .trim_end()
        .chars()
        .last()
        .filter(|c| matches!(c, '.' | '!'))?;
    let mut search = 0;
    let mut cut = None;
    while let Some(k) = text[search..].find(", ") {
        let at = search + k;
        let next: String = text[at + 2..]
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        if next.len() > 5
            && next.ends_with("ing")
            && next.chars().all(|c| c.is_lowercase())
            && !matches!(
                next.as_str(),
                "according" | "including" | "following" | "during"
            )
            && word_count(&text[..at]) >= 8
        {
            cut = Some(at);
            break;
        }
        search = at + 2;
    }
    let at = cut?;
    let rest = &text[at..];
    if rest.contains(['"', '“', '”', '«', '»']) {
        return None;
    }
    Some(format!("{}{end_punct}", &text[..at]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compression_drops_only() {
        assert_eq!(
            compress("WASHINGTON (AP) _ The Senate voted on Monday.", false),
            "The Senate voted on Monday."
        );
        assert_eq!(
            compress("However, the plan failed.", false),
            "The plan failed."
        );
        let s = "Iran has dismissed claims that it has sent any messages to the United States, \
                 asserting that its military is gearing up for a lengthy war.";
        assert_eq!(
            compress(s, true),
            "Iran has dismissed claims that it has sent any messages to the United States."
        );
        assert_eq!(compress(s, false), s);
        assert_eq!(
            compress("Rain fell, according to reports.", true),
            "Rain fell, according to reports."
        );
    }
}
