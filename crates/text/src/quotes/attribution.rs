//! Attribution: the speaker and cue of a direct quote (before or after it), pull-quotes and
//! reported speech.

use super::Raw;
use super::cues::{BARE_CLAUSE_VERBS, Cues, LISTENER_VERBS, QUESTION_VERBS};
use super::mention::{
    PRONOUNS, W, boundary_between, ends_with_title, is_name_like, lower_in, np_backward,
    np_forward, reach_back, reach_forward, word, words,
};
use crate::sentences::sentence_spans;

/// How far before a quote its attribution is looked for, and how far after it, in bytes
/// (a long paragraph of quotes made every quote read the paragraph from its start).
const QUOTE_REACH: usize = 2_000;

/// Attribution after a quote ending at `from`: `(source, cue)` in `text[from..to]`.
pub(crate) fn after_quote(text: &str, cues: &Cues, from: usize, to: usize) -> Option<(W, W)> {
    let to = reach_forward(text, from, to, QUOTE_REACH);
    // The clause that follows: up to the end of its sentence or the next quote.
    let rest = text.get(from..to)?;
    let mut clause_end = to;
    for (i, c) in rest.char_indices() {
        if i > 0 && ".;!?“\"«„\n".contains(c) {
            // "said Mr. Brown": a title's period ends nothing.
            if c == '.' && rest.get(..i).is_some_and(ends_with_title) {
                continue;
            }
            clause_end = from + i;
            break;
        }
    }
    let ws = words(text, from, clause_end);
    for (i, &w) in ws.iter().enumerate().take(12) {
        if !cues.is_cue(word(text, w)) {
            continue;
        }
        if i == 0 {
            let src = np_forward(text, w.1, clause_end)?;
            return Some((src, w));
        }
        if let Some(src) = np_backward(text, from, w.0) {
            return Some((src, w));
        }
        // "said Sen. Smith" after an adverb ("also said X") or "X, the Y of Z, said".
        if i <= 2
            && let Some(src) = np_forward(text, w.1, clause_end)
        {
            return Some((src, w));
        }
        let chunk = text.get(from..w.0).unwrap_or("");
        let chunk_start = from + chunk.len()
            - chunk
                .trim_start_matches([',', ' ', '”', '"', '’', '»', '“'])
                .len();
        let first = ws.first().copied()?;
        if first.0 >= chunk_start
            && is_name_like(text, first)
            && text.get(first.0..w.0).is_some_and(|c| c.contains(','))
        {
            // "Doug Andres, a spokesman for the Speaker, told the Post."
            let end = ws[..i].last().copied()?;
            return Some(((first.0, end.1), w));
        }
        return None;
    }
    None
}

/// Attribution before a quote starting at `to`: `(source, cue)` in `text[from..to]`.
pub(crate) fn before_quote(text: &str, cues: &Cues, from: usize, to: usize) -> Option<(W, W)> {
    let from = reach_back(text, from, to, QUOTE_REACH);
    // Only the sentence that ends with the quote's start.
    let pre = text.get(from..to)?;
    let tail = pre.trim_end();
    let last = tail.chars().last()?;
    if !matches!(last, ',' | ':' | '—' | '–') && !tail.ends_with(" that") {
        // "He says “…”": a cue right before the mark.
        let ws = words(text, from, to);
        let w = *ws.last()?;
        if !cues.is_cue(word(text, w)) || boundary_between(text, w.1, to) {
            return None;
        }
    }
    let mut sent_start = from;
    for (i, c) in pre.char_indices().rev() {
        if i + c.len_utf8() < tail.len() && ".!?;\n".contains(c) {
            sent_start = from + i + c.len_utf8();
            break;
        }
    }
    let ws = words(text, sent_start, to);
    // Nearest cue first; "according to X, “…”" too.
    for k in (0..ws.len()).rev() {
        let w = ws[k];
        let s = word(text, w).to_lowercase();
        if s == "according" || s == "selon" || s == "según" || s == "laut" {
            let cue_end = ws
                .get(k + 1)
                .filter(|x| word(text, **x) == "to")
                .map_or(w.1, |x| x.1);
            if let Some(src) = np_forward(text, cue_end, to) {
                return Some((src, (w.0, cue_end)));
            }
            continue;
        }
        if !cues.is_cue(&s) {
            continue;
        }
        if let Some(src) = np_backward(text, sent_start, w.0) {
            return Some((src, w));
        }
        if let Some(src) = np_forward(text, w.1, to)
            && !LISTENER_VERBS.contains(&s.as_str())
        {
            return Some((src, w));
        }
    }
    None
}

/// Pull-quotes: a paragraph without marks followed by a "— said X" line.
pub(crate) fn pull_quotes(text: &str, cues: &Cues, direct: &[Raw]) -> Vec<Raw> {
    let paras = paragraphs(text);
    let mut out = Vec::new();
    for pair in paras.windows(2) {
        let (p, d) = (pair[0], pair[1]);
        let Some(line) = text.get(d.0..d.1) else {
            continue;
        };
        let dash = line.trim_start();
        let Some(first) = dash.chars().next() else {
            continue;
        };
        if !matches!(first, '—' | '–' | '-' | '―') {
            continue;
        }
        let body = d.0 + (line.len() - dash.len()) + first.len_utf8();
        let Some(para) = text.get(p.0..p.1) else {
            continue;
        };
        if para.trim_end().ends_with(':')
            || direct
                .iter()
                .any(|r| r.content.0 < p.1 && r.content.1 > p.0)
        {
            continue;
        }
        if let Some((src, cue)) = after_quote(text, cues, body, d.1) {
            out.push(Raw {
                content: p,
                source: Some(src),
                cue: Some(cue),
                direct: true,
                inherit: None,
            });
        }
    }
    out
}

/// Non-empty lines as trimmed byte spans.
pub(crate) fn paragraphs(text: &str) -> Vec<W> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let lead = line.len() - line.trim_start().len();
            out.push((at + lead, at + lead + trimmed.len()));
        }
        at += line.len();
    }
    out
}

/// Reported speech: "X said (that) …", "according to X, …", "…, X said.", "X denied …".
pub(crate) fn reported_speech(text: &str, cues: &Cues, direct: &[Raw]) -> Vec<Raw> {
    let mut out = Vec::new();
    for s in sentence_spans(text) {
        let (ss, se) = (s.start, s.end);
        let mut end = se;
        while end > ss {
            let Some(c) = text.get(..end).and_then(|t| t.chars().last()) else {
                break;
            };
            if ".!?".contains(c) {
                end -= c.len_utf8();
            } else {
                break;
            }
        }
        let ws = words(text, ss, end);
        let overlaps =
            |a: usize, b: usize| direct.iter().any(|r| r.content.0 < b && r.content.1 > a);
        if let Some(r) = reported_in(text, cues, &ws, ss, end)
            && !overlaps(r.content.0, r.content.1)
            && r.content.1 > r.content.0
        {
            out.push(r);
        }
    }
    out
}

fn reported_in(text: &str, cues: &Cues, ws: &[W], ss: usize, end: usize) -> Option<Raw> {
    for (k, &w) in ws.iter().enumerate() {
        let s = word(text, w).to_lowercase();
        if s == "according" && ws.get(k + 1).is_some_and(|x| word(text, *x) == "to") {
            let cue = (w.0, ws[k + 1].1);
            let src = np_forward(text, cue.1, end)?;
            if k == 0 {
                // "According to X, content."
                let comma = text.get(src.1..end)?.find(',')? + src.1 + 1;
                let start = skip_space(text, comma, end);
                return Some(raw(start, end, Some(src), Some(cue)));
            }
            // "Content, according to X."
            let before = text.get(ss..w.0)?.trim_end().trim_end_matches(',');
            return Some(raw(ss, ss + before.len(), Some(src), Some(cue)));
        }
        if !cues.is_cue(&s) {
            continue;
        }
        // "Content, X said." at the end of the sentence (not "…, the FBI said it would").
        let clause_follows = ws.get(k + 1).is_some_and(|x| {
            let n = clause_word(word(text, *x));
            PRONOUNS.contains(&n.as_str()) || matches!(n.as_str(), "that" | "there")
        });
        if k + 4 >= ws.len() && k >= 3 && !clause_follows {
            let before = text.get(ss..w.0)?;
            if let Some(comma) = before.rfind(',') {
                let src_from = ss + comma + 1;
                if let Some(src) = np_backward(text, src_from, w.0)
                    && src.0 >= src_from
                {
                    return Some(raw(ss, ss + comma, Some(src), Some(w)));
                }
            }
            if let Some(src) = np_forward(text, w.1, end)
                && let Some(comma) = before.rfind(',')
                && text
                    .get(ss + comma..w.0)
                    .is_some_and(|g| g.trim().trim_end_matches(['”', '"', '’', '»']) == ",")
            {
                return Some(raw(ss, ss + comma, Some(src), Some(w)));
            }
        }
        // "…, she said, there were no ballots": an attribution set off by commas mid-sentence
        // speaks for the whole sentence.
        if k >= 3 && ws.len() > k + 3 && text.get(w.1..ws[k + 1].0).is_some_and(|g| g.trim() == ",")
        {
            let before = text.get(ss..w.0).unwrap_or("");
            if let Some(comma) = before.rfind(',') {
                let from = ss + comma + 1;
                if let Some(src) = np_backward(text, from, w.0)
                    && src.0 >= from
                    && text.get(from..src.0).is_some_and(|g| g.trim().is_empty())
                    && w.0 - src.1 <= 2
                {
                    return Some(raw(ss, end, Some(src), Some(w)));
                }
            }
        }
        let Some(src) = np_backward(text, ss, w.0).or_else(|| leading_name(text, ws, k)) else {
            continue;
        };
        // After the cue: an optional listener ("told Reuters"), "to X", then "that" or a clause.
        let mut j = k + 1;
        if QUESTION_VERBS.contains(&s.as_str())
            && let Some(&q) = ws.get(j)
            && lower_in(text, q, &["whether", "if"])
            && ws.len() > j + 2
        {
            return Some(raw(q.0, end, Some(src), Some(w)));
        }
        if LISTENER_VERBS.contains(&s.as_str()) || ws.get(j).is_some_and(|x| word(text, *x) == "to")
        {
            let mut n = 0;
            while j < ws.len()
                && n < 10
                && word(text, ws[j]) != "that"
                && !boundary_between(text, ws[j - 1].1, ws[j].0)
            {
                j += 1;
                n += 1;
            }
            if ws.get(j).is_none_or(|x| word(text, *x) != "that") {
                // No "that": the listener is one word, or a determiner and a noun ("told
                // reporters the talks had failed", "told the Post it would").
                let det = ws
                    .get(k + 1)
                    .is_some_and(|x| lower_in(text, *x, &["the", "a", "an", "his", "her"]));
                j = if det { k + 3 } else { k + 2 };
                if ws.get(k + 1).is_some_and(|x| word(text, *x) == "to") {
                    j += 1;
                }
            }
        }
        let next = ws.get(j)?;
        let nl = clause_word(word(text, *next));
        if nl == "that" || nl == "dass" || nl == "que" {
            let start = ws.get(j + 1)?.0;
            return Some(raw(start, end, Some(src), Some(w)));
        }
        if QUESTION_VERBS.contains(&s.as_str()) && (nl == "whether" || nl == "if") {
            return Some(raw(next.0, end, Some(src), Some(w)));
        }
        let gap = text.get(ws[j - 1].1..next.0).unwrap_or("");
        if gap.contains(',') || gap.contains(':') {
            continue;
        }
        if BARE_CLAUSE_VERBS.contains(&s.as_str())
            || matches!(
                s.as_str(),
                "denied" | "confirmed" | "dismissed" | "denies" | "confirms"
            )
        {
            // A finite verb soon after: "said private contractors can be …" is a clause,
            // "said goodbye to …" is not.
            let finite_soon = ws.iter().skip(j + 1).take(5).any(|x| {
                let l = word(text, *x).to_lowercase();
                AUXILIARIES.contains(&l.as_str()) && !boundary_between(text, next.1, x.0)
            });
            let starts_clause = PRONOUNS.contains(&nl.as_str())
                || matches!(
                    nl.as_str(),
                    "the" | "a" | "an" | "it" | "there" | "claims" | "reports" | "any"
                )
                || is_name_like(text, *next)
                || finite_soon;
            if starts_clause && ws.len() > j + 2 {
                return Some(raw(next.0, end, Some(src), Some(w)));
            }
        }
    }
    None
}

/// Auxiliary and modal verbs: a clause's finite verb ("contractors can be", "supporters have
/// been").
const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "should",
    "may", "might", "must", "did", "does", "do", "needs", "need", "remains", "remain",
];

/// A word lower-cased and without a contraction ("He's" → "he"), to tell a clause's start.
fn clause_word(w: &str) -> String {
    let l = w.to_lowercase();
    match l.split_once(['\'', '’']) {
        Some((head, _)) if !head.is_empty() => head.to_string(),
        _ => l,
    }
}

/// The speaker of "Name, apposition, said …": the name that opens the sentence, when the
/// words before the cue `ws[k]` are that name, a comma, an apposition or a relative clause
/// ("Derek Mitchell, who served as ambassador …, said"), and a comma right before the cue.
fn leading_name(text: &str, ws: &[W], k: usize) -> Option<W> {
    let cue = *ws.get(k)?;
    let before = *ws.get(k.checked_sub(1)?)?;
    if !text.get(before.1..cue.0)?.trim().eq(",") {
        return None;
    }
    let first = *ws.first()?;
    if !is_name_like(text, first) {
        return None;
    }
    let mut end = first;
    for &w in ws.iter().take(k).skip(1).take(5) {
        if text.get(end.1..w.0)?.contains(',') {
            break;
        }
        if !is_name_like(text, w) && !word(text, w).ends_with('.') {
            return None;
        }
        end = w;
    }
    // The name must be followed by a comma, and the apposition must not hold another cue.
    let rest = text.get(end.1..before.1)?;
    (rest.trim_start().starts_with(',') && end.1 < before.1).then_some((first.0, end.1))
}

fn skip_space(text: &str, mut at: usize, end: usize) -> usize {
    while at < end {
        match text.get(at..).and_then(|t| t.chars().next()) {
            Some(c) if c.is_whitespace() => at += c.len_utf8(),
            _ => break,
        }
    }
    at
}

fn raw(s: usize, e: usize, source: Option<W>, cue: Option<W>) -> Raw {
    Raw {
        content: (s, e),
        source,
        cue,
        direct: false,
        inherit: None,
    }
}
