//! Faithfulness check of a digest against its articles.

use tidings_text::sentences::sentence_spans;
use tidings_text::tokens::{normalise, tokens};

use crate::{DigestInput, StoryDigest, SummarySentence};

/// One faithfulness problem of a digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: "short 0", "long 3", "quote Donald Trump 1", "disagreement 0".
    pub place: String,
    /// What is wrong.
    pub what: String,
}

/// Checks a digest against the articles it was made from: every summary sentence resolves to
/// its source sentence and its words occur there in order (so no name, number or quotation
/// is added); every quote is the text at its span; every disagreement's evidence is its
/// sentence. Returns the problems (none for a faithful digest).
pub fn check(digest: &StoryDigest, articles: &[DigestInput]) -> Vec<Problem> {
    let mut out = Vec::new();
    let source = |article: i64, sentence: usize| -> Option<&str> {
        let a = articles.iter().find(|a| a.id == article)?;
        let span = sentence_spans(&a.text).into_iter().nth(sentence)?;
        a.text.get(span.start..span.end)
    };
    let mut sentences = |name: &str, list: &[SummarySentence], joined: &str| {
        let mut texts = Vec::new();
        for (k, s) in list.iter().enumerate() {
            let place = format!("{name} {k}");
            texts.push(s.text.as_str());
            match source(s.article, s.sentence) {
                None => out.push(Problem {
                    place,
                    what: format!("no sentence {} in article {}", s.sentence, s.article),
                }),
                Some(src) => {
                    if s.verbatim && s.text != src {
                        out.push(Problem {
                            place: place.clone(),
                            what: "marked verbatim but differs from its source".into(),
                        });
                    }
                    if let Some(w) = unsupported_word(&s.text, src) {
                        out.push(Problem {
                            place,
                            what: format!("word {w:?} not in its source sentence (in order)"),
                        });
                    }
                }
            }
        }
        if texts.join(" ") != joined {
            out.push(Problem {
                place: name.to_string(),
                what: "text is not its sentences joined".into(),
            });
        }
    };
    sentences("short", &digest.short_sentences, &digest.short);
    sentences("long", &digest.long_sentences, &digest.long);
    for g in &digest.quotes {
        for (k, q) in g.quotes.iter().enumerate() {
            let ok = articles
                .iter()
                .find(|a| a.id == q.article)
                .is_some_and(|a| {
                    let text: String = a
                        .text
                        .chars()
                        .skip(q.span.0)
                        .take(q.span.1.saturating_sub(q.span.0))
                        .collect();
                    text == q.text
                });
            if !ok {
                out.push(Problem {
                    place: format!("quote {} {k}", g.speaker),
                    what: "quote is not the text at its span".into(),
                });
            }
        }
    }
    for (k, d) in digest.disagreements.iter().enumerate() {
        for side in &d.sides {
            if source(side.article, side.sentence) != Some(side.evidence.as_str()) {
                out.push(Problem {
                    place: format!("disagreement {k}"),
                    what: format!(
                        "evidence is not sentence {} of article {}",
                        side.sentence, side.article
                    ),
                });
            }
        }
    }
    out
}

/// The first word of `summary` that does not occur, in order, in `source` (case-blind).
pub(crate) fn unsupported_word(summary: &str, source: &str) -> Option<String> {
    let src: Vec<String> = tokens(source).iter().map(|t| normalise(t.text)).collect();
    let mut at = 0;
    for t in tokens(summary) {
        let w = normalise(t.text);
        match src[at..].iter().position(|s| *s == w) {
            Some(k) => at += k + 1,
            None => return Some(t.text.to_string()),
        }
    }
    // Quotation marks must not appear from nowhere either.
    let marks = |s: &str| {
        s.chars()
            .filter(|c| matches!(c, '"' | '“' | '”' | '«' | '»'))
            .count()
    };
    if marks(summary) > marks(source) {
        return Some("\"".to_string());
    }
    None
}
