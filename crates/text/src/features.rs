//! The features of one article, as the clusterer and the digest need them.

use std::collections::HashMap;

use crate::entities::{Entity, entities};
use crate::fingerprint::{Fingerprint, fingerprint};
use crate::language::detect_language;
use crate::numbers::{Facts, facts};
use crate::stems::Stemmer;
use crate::stopwords::is_stopword;
use crate::tokens::{normalise, tokens};

/// Everything the later stages need from an article's text.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Features {
    /// ISO 639-1 code (given, or identified from the text).
    pub lang: Option<String>,
    /// Stems of the headline's content words with their counts, sorted by stem.
    pub title_terms: Vec<(String, u32)>,
    /// Stems of the body's content words with their counts, sorted by stem.
    pub body_terms: Vec<(String, u32)>,
    /// People, organisations and places of headline and body, most mentioned first.
    pub entities: Vec<Entity>,
    /// Fingerprint of the body (of headline and body when the body is short).
    pub fingerprint: Fingerprint,
    /// Words in the body.
    pub words: u32,
    /// Counts and dates of the headline and the first three sentences of the body, where a
    /// report states its event (they tell look-alike events apart; later sentences add
    /// background years and figures).
    #[serde(default)]
    pub facts: Facts,
}

/// Analyses an article: headline (if any), body text and language (identified when `None`).
///
/// Without a headline, a short first line of the body that does not end like a sentence
/// serves as one (plain-text captures and wire copies start with their headline).
pub fn analyze(title: Option<&str>, body: &str, lang: Option<&str>) -> Features {
    let title = match title.map(str::trim) {
        Some(t) if !t.is_empty() => t,
        _ => first_line_headline(body).unwrap_or(""),
    };
    let lang: Option<String> = match lang {
        Some(l) if !l.is_empty() => Some(l.to_ascii_lowercase()),
        _ => {
            let sample = if body.len() < 200 {
                format!("{title}\n{body}")
            } else {
                body.to_string()
            };
            detect_language(&sample).map(str::to_string)
        }
    };
    let lang_ref = lang.as_deref();
    let stemmer = Stemmer::new(lang_ref);
    let words = u32::try_from(tokens(body).len()).unwrap_or(u32::MAX);
    let both = format!("{title}\n{body}");
    let fp = if words >= 40 {
        fingerprint(body)
    } else {
        fingerprint(&both)
    };
    Features {
        title_terms: terms(title, lang_ref, &stemmer),
        body_terms: terms(body, lang_ref, &stemmer),
        entities: entities(&both, lang_ref),
        facts: facts(&lead(title, body), lang_ref, &stemmer),
        fingerprint: fp,
        words,
        lang,
    }
}

/// Content-word stems with counts: stopwords, one-letter words and numbers other than years
/// left out.
pub fn terms(text: &str, lang: Option<&str>, stemmer: &Stemmer) -> Vec<(String, u32)> {
    let mut counts: HashMap<String, u32> = HashMap::new();
    for t in tokens(text) {
        let w = normalise(t.text);
        if w.chars().count() < 2 || is_stopword(lang, &w) {
            continue;
        }
        if t.is_numeric() && !is_year(&w) {
            continue;
        }
        *counts.entry(stemmer.stem(&w).into_owned()).or_insert(0) += 1;
    }
    let mut v: Vec<(String, u32)> = counts.into_iter().collect();
    v.sort_unstable();
    v
}

/// Body sentences whose numbers and dates count as the report's ([`Features::facts`]).
const LEAD_SENTENCES: usize = 3;

/// The headline and the first sentences of the body: where a report states its event.
fn lead(title: &str, body: &str) -> String {
    let end = crate::sentences::sentence_spans(body)
        .get(LEAD_SENTENCES - 1)
        .map_or(body.len(), |s| s.end);
    format!("{title}\n{}", body.get(..end).unwrap_or(body))
}

fn first_line_headline(body: &str) -> Option<&str> {
    let line = body.trim_start().lines().next()?.trim();
    let words = line.split_whitespace().count();
    let sentence_end = line.ends_with(['.', '!', '?', '…', ':', ',']);
    ((3..=20).contains(&words) && !sentence_end).then_some(line)
}

fn is_year(w: &str) -> bool {
    w.len() == 4
        && (w.starts_with("19") || w.starts_with("20"))
        && w.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analyze_english() {
        let f = analyze(
            Some("Earthquake hits northern Iran"),
            "A strong earthquake struck northern Iran on Tuesday, killing at least 12 people. \
             The quake hit near Tabriz in 2012, Iranian state television said.",
            None,
        );
        assert_eq!(f.lang.as_deref(), Some("en"));
        assert!(f.title_terms.iter().any(|(t, _)| t == "earthquak"));
        assert!(f.body_terms.iter().any(|(t, _)| t == "2012"));
        assert!(!f.body_terms.iter().any(|(t, _)| t == "12" || t == "the"));
        assert!(f.entities.iter().any(|e| e.key == "iran" && e.count >= 2));
        assert!(f.fingerprint.shingles > 0);
    }

    #[test]
    fn analyze_empty() {
        let f = analyze(None, "", None);
        assert!(f.body_terms.is_empty() && f.entities.is_empty() && f.lang.is_none());
    }
}
