//! The headline: the title most similar to the other titles and bodies, not the loudest.

use std::collections::{HashMap, HashSet};

use tidings_text::tokens::tokens;

use crate::DigestInput;
use crate::prep::Prepared;

const CLICKBAIT: &[&str] = &[
    "you won't believe",
    "you will not believe",
    "shocking",
    "here's why",
    "this is why",
    "what happens next",
    "will blow your mind",
    "must see",
    "must-see",
    "jaw-dropping",
    "unbelievable",
    "watch:",
    "breaking:",
    "exclusive:",
    "omg",
    "bombshell",
];

/// Penalty factor for a sensational title (1.0 for a plain one).
pub(crate) fn sensational(title: &str) -> f64 {
    let mut f = 1.0;
    let lower = title.to_lowercase();
    if title.contains('!') {
        f *= 0.6;
    }
    if title.trim_end().ends_with('?') {
        f *= 0.8;
    }
    if CLICKBAIT.iter().any(|c| lower.contains(c)) {
        f *= 0.5;
    }
    let toks = tokens(title);
    let shouting = |min: usize| {
        toks.iter()
            .filter(|t| {
                t.text.chars().count() >= min
                    && t.text.chars().all(|c| !c.is_lowercase())
                    && !t.is_numeric()
            })
            .count()
    };
    if shouting(6) >= 1 || shouting(3) >= 2 {
        f *= 0.6;
    }
    let n = toks.len();
    if n < 4 {
        f *= 0.7;
    } else if n > 20 {
        f *= 0.8;
    }
    f
}

/// The chosen title and its article id.
pub(crate) fn choose(articles: &[DigestInput], p: &Prepared<'_>) -> Option<(String, i64)> {
    let titles: Vec<(usize, &str)> = articles
        .iter()
        .enumerate()
        .filter_map(|(i, a)| a.title.as_deref().map(str::trim).map(|t| (i, t)))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    if titles.is_empty() {
        return None;
    }
    // Share of the story's articles (title or body) using each title word.
    let mut wanted: Vec<u32> = p.titles.iter().flatten().copied().collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut df: HashMap<u32, f64> = wanted.iter().map(|&w| (w, 0.0)).collect();
    for (d, range) in p.doc_sents.iter().enumerate() {
        let mut seen: HashSet<u32> = p.titles.get(d).into_iter().flatten().copied().collect();
        for s in &p.sents[range.clone()] {
            seen.extend(s.content.iter().copied().filter(|c| df.contains_key(c)));
        }
        for w in seen {
            if let Some(c) = df.get_mut(&w) {
                *c += 1.0;
            }
        }
    }
    let n = articles.len() as f64;
    let mut best: Option<(f64, usize, &str)> = None;
    for &(i, t) in &titles {
        let ws = p.titles.get(i).map(Vec::as_slice).unwrap_or(&[]);
        if ws.is_empty() {
            continue;
        }
        // Mean share of the story's articles that use each of the title's words.
        let central: f64 = ws
            .iter()
            .map(|w| df.get(w).copied().unwrap_or(0.0) / n)
            .sum::<f64>()
            / (ws.len() as f64).sqrt();
        let score = central * sensational(t);
        if best.is_none_or(|(s, _, _)| score > s + 1e-9) {
            best = Some((score, i, t));
        }
    }
    best.map(|(_, i, t)| (t.to_string(), articles[i].id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loud_titles_lose() {
        assert!(sensational("SHOCKING: You won't believe what Iran DID!") < 0.3);
        assert!(
            (sensational("Iran denies sending messages to the United States") - 1.0).abs() < 1e-9
        );
    }
}
