//! Speaker mentions next to a speech cue ("the official said", "said a US official"):
//! the words around the cue, read within a bounded reach, and the noun phrase they hold.

use crate::tokens::tokens;

/// Words that end a speaker mention read forwards ("said Trump on Monday").
const NP_STOPS: &[&str] = &[
    "in",
    "on",
    "at",
    "during",
    "to",
    "about",
    "after",
    "before",
    "when",
    "while",
    "who",
    "which",
    "that",
    "told",
    "last",
    "yesterday",
    "today",
    "tonight",
    "this",
    "earlier",
    "later",
    "recently",
    "and",
    "but",
    "as",
    "because",
    "said",
    "says",
    "adding",
    "saying",
    "from",
    "into",
    "via",
    "through",
    "since",
    "if",
    "for",
    "where",
];

/// Words dropped from the end of a speaker mention read backwards ("the official further").
const NP_TRAILERS: &[&str] = &[
    "also",
    "further",
    "then",
    "later",
    "again",
    "has",
    "had",
    "have",
    "was",
    "is",
    "were",
    "are",
    "would",
    "will",
    "had",
    "once",
    "recently",
    "earlier",
    "previously",
    "repeatedly",
    "publicly",
    "privately",
    "reportedly",
    "initially",
    "first",
    "even",
    "still",
    "just",
    "already",
    "did",
    "does",
    "do",
    "not",
    "never",
    "may",
    "might",
    "could",
    "can",
    "been",
    "being",
    "subsequently",
    "later",
];

pub(crate) const PRONOUNS: &[&str] = &[
    "he", "she", "they", "i", "we", "it", "you", "er", "sie", "il", "elle", "ils", "elles",
];

/// A word of the text: byte span.
pub(super) type W = (usize, usize);

/// The words of `text[from..to]`, as byte spans into `text`.
pub(crate) fn words(text: &str, from: usize, to: usize) -> Vec<W> {
    let Some(slice) = text.get(from..to) else {
        return Vec::new();
    };
    tokens(slice)
        .into_iter()
        .map(|t| (from + t.start, from + t.end()))
        .collect()
}

/// How far from its cue a speaker mention is looked for, in bytes. A mention is a few words
/// (the readers stop after 10 back or 14 forward), and reading the whole rest of the
/// sentence for every cue in it made a long sentence of cues quadratic (found by fuzzing).
const NP_REACH: usize = 400;

/// The byte offset `reach` before `at` (not before `lower`), on a character boundary.
pub(super) fn reach_back(text: &str, lower: usize, at: usize, reach: usize) -> usize {
    let mut from = lower.max(at.saturating_sub(reach));
    while from > lower && !text.is_char_boundary(from) {
        from -= 1;
    }
    from
}

/// The byte offset `reach` after `at` (not past `upper`), on a character boundary.
pub(super) fn reach_forward(text: &str, at: usize, upper: usize, reach: usize) -> usize {
    let mut to = upper.min(at.saturating_add(reach));
    while to < upper && !text.is_char_boundary(to) {
        to += 1;
    }
    to
}

/// The words of `text[lower..at]` within [`NP_REACH`] before `at`; a word the window cuts is
/// left out.
fn words_before(text: &str, lower: usize, at: usize) -> Vec<W> {
    let from = reach_back(text, lower, at, NP_REACH);
    let mut ws = words(text, from, at);
    if from > lower && !ws.is_empty() {
        ws.remove(0);
    }
    ws
}

/// The words of `text[at..upper]` within [`NP_REACH`] after `at`; a word the window cuts is
/// left out.
fn words_after(text: &str, at: usize, upper: usize) -> Vec<W> {
    let to = reach_forward(text, at, upper, NP_REACH);
    let mut ws = words(text, at, to);
    if to < upper {
        ws.pop();
    }
    ws
}

pub(super) fn word(text: &str, w: W) -> &str {
    text.get(w.0..w.1).unwrap_or("")
}

pub(super) fn lower_in(text: &str, w: W, list: &[&str]) -> bool {
    let l = word(text, w).to_lowercase();
    list.contains(&l.as_str())
}

/// True when the text between two words has a clause boundary (punctuation or a quote mark).
pub(super) fn boundary_between(text: &str, a: usize, b: usize) -> bool {
    text.get(a..b)
        .is_some_and(|g| g.chars().any(|c| ",.;:!?()[]\"“”«»„\n—–".contains(c)))
}

/// Titles written with a period ("Mr. Brown", "Sen. Graham"): the period ends no mention.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "prof", "rev", "st",
    "pres", "capt", "cmdr", "adm", "maj", "jr",
];

/// True when the only thing between word `w` and `next` is the period of a title.
fn after_title(text: &str, w: W, next: usize) -> bool {
    text.get(..w.1).is_some_and(ends_with_title)
        && text.get(w.1..next).is_some_and(|g| g.trim() == ".")
}

/// True when a text ends with a title word ("… said Mr"), so a period next is the title's.
pub(super) fn ends_with_title(head: &str) -> bool {
    let last = head
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    TITLES.contains(&last.as_str())
}

pub(super) fn is_name_like(text: &str, w: W) -> bool {
    word(text, w)
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// A speaker mention read forwards from `from` (after a cue: "said a US official").
pub(crate) fn np_forward(text: &str, from: usize, to: usize) -> Option<W> {
    let ws = words_after(text, from, to);
    let first = *ws.first()?;
    if boundary_between(text, from, first.0) {
        return None;
    }
    if lower_in(text, first, NP_STOPS) {
        return None;
    }
    let mut end = first;
    for (i, &w) in ws.iter().enumerate().skip(1) {
        let boundary = boundary_between(text, end.1, w.0) && !after_title(text, end, w.0);
        if i >= 14 || boundary || lower_in(text, w, NP_STOPS) {
            break;
        }
        end = w;
    }
    // A lone lower-case word that is not a pronoun is rarely a speaker ("said nothing").
    let l = word(text, first).to_lowercase();
    if first == end && !is_name_like(text, first) && !PRONOUNS.contains(&l.as_str()) {
        return None;
    }
    Some((first.0, end.1))
}

/// A speaker mention read backwards from `verb_start` down to `lower` ("the official said").
pub(crate) fn np_backward(text: &str, lower: usize, verb_start: usize) -> Option<W> {
    let ws = words_before(text, lower, verb_start);
    let mut k = ws.len();
    // Trailing adverbs and auxiliaries.
    while k > 0 {
        let w = ws[k - 1];
        let s = word(text, w).to_lowercase();
        if boundary_between(text, w.1, verb_start) {
            return None;
        }
        if NP_TRAILERS.contains(&s.as_str()) || (s.ends_with("ly") && s.len() > 4) {
            k -= 1;
        } else {
            break;
        }
    }
    if k == 0 {
        return None;
    }
    let last = ws[k - 1];
    if boundary_between(text, last.1, verb_start) {
        return None;
    }
    let lw = word(text, last).to_lowercase();
    if PRONOUNS.contains(&lw.as_str()) {
        return Some(last);
    }
    if matches!(
        lw.as_str(),
        "which"
            | "who"
            | "that"
            | "what"
            | "this"
            | "a"
            | "an"
            | "the"
            | "le"
            | "la"
            | "der"
            | "die"
            | "das"
            | "el"
            | "y"
            | "and"
            | "or"
            | "to"
            | "of"
            | "by"
            | "with"
    ) {
        return None;
    }
    let mut start = last;
    let mut j = k - 1;
    while j > 0 {
        let w = ws[j - 1];
        if boundary_between(text, w.1, start.0) {
            break;
        }
        let s = word(text, w).to_lowercase();
        if matches!(
            s.as_str(),
            "that" | "and" | "but" | "as" | "because" | "while" | "when" | "if" | "since"
        ) || PRONOUNS.contains(&s.as_str())
            || k - j >= 10
        {
            break;
        }
        start = w;
        j -= 1;
        if matches!(s.as_str(), "a" | "an" | "the") {
            break;
        }
    }
    let first_lower = word(text, start).to_lowercase();
    let det = matches!(first_lower.as_str(), "a" | "an" | "the" | "another" | "one");
    if !det && !is_name_like(text, start) && !is_name_like(text, last) {
        // "officials said", "former officials said": a plural description is a speaker too.
        if !(lw.ends_with('s') || lw == "police") || last.1 - start.0 > 48 {
            return None;
        }
    }
    Some((start.0, last.1))
}
